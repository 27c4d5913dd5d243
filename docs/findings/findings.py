#!/usr/bin/env python3
"""Tables behind docs/FINDINGS.md, from `teach sweep` JSON lines (standard library only).

    python3 docs/findings/findings.py docs/findings/data/linear-default.jsonl.gz [more.jsonl[.gz] ...]

Per grid cell (every setting but the seed): runs, converged (test NMSE <= 1e-8), test NMSE median [q1, q3],
aligned fraction (optimal matching) mean with a 95% interval over runs; then, over all matched (pole, eigenvalue)
pairs, the modulus change |lambda| - |p| by pole-modulus bin (is memory shortened?), for all runs and converged
runs; then, for students larger than the teacher, where the spare eigenvalues are and how much they reach the
output (residue as a fraction of the largest); for tanh/relu runs, the largest Lyapunov exponent of student and
teacher and the distance of their Jacobian spectra along the same drive. Quantiles are numpy's default (linear
interpolation); intervals are 95% normal intervals over runs; sign tests are exact two-sided binomial tests.
"""
import gzip
import json
import math
import sys
from collections import defaultdict


# A modulus change smaller than this is rounding or an unfinished optimiser, not a bias: the sign test counts
# only the changes beyond it (the matching's alignment threshold is 0.05).
TOL = 1e-6


def quantile(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    pos = (len(xs) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def mean_ci(xs):
    n = len(xs)
    if n == 0:
        return float("nan"), float("nan")
    m = sum(xs) / n
    if n < 2:
        return m, float("nan")
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1))
    return m, 1.96 * sd / math.sqrt(n)


def sign_test_p(k, n):
    """Two-sided exact binomial p-value of k successes in n at p = 1/2."""
    if n == 0:
        return float("nan")
    k = min(k, n - k)
    tail = sum(math.comb(n, i) for i in range(0, k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def load(paths):
    runs = []
    for p in paths:
        with (gzip.open(p, "rt") if p.endswith(".gz") else open(p)) as f:
            for line in f:
                line = line.strip()
                if line:
                    runs.append(json.loads(line))
    return runs


def cell_key(r):
    c = r["config"]
    return (c["teacher_activation"], c["activation"], c["order"], c["hidden"], c["init_gain"], c["optimizer"],
            c["epochs"])


def converged(r):
    if "converged" in r:
        return bool(r["converged"])
    v = r.get("test_nmse")
    return v is not None and v <= 1e-8


def pairs(r):
    poles = r["poles"]
    eig = r["eigenvalues"]
    for p in r["matching"]["optimal"]["pairs"]:
        pr, pi = poles[p["pole"]]
        er, ei = eig[p["eigenvalue"]]
        yield math.hypot(pr, pi), math.hypot(er, ei), p["distance"]


def fmt(x):
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3g}"


def main(paths):
    runs = load(paths)
    cells = defaultdict(list)
    for r in runs:
        cells[cell_key(r)].append(r)
    print(f"{len(runs)} runs from {', '.join(paths)}\n")
    print("| teacher/student | order | hidden | init gain | runs | converged | test NMSE median [q1, q3] | aligned fraction (95% CI) | diverged |")
    print("|---|---:|---:|---:|---:|---:|---|---|---:|")
    for k in sorted(cells):
        rs = cells[k]
        nm = [r["test_nmse"] for r in rs if r.get("test_nmse") is not None]
        al = [r["matching"]["optimal"]["aligned"] / r["config"]["order"] for r in rs]
        m, ci = mean_ci(al)
        div = sum(1 for r in rs if r["divergence"]["epoch"] > 0)
        print(f"| {k[0]}/{k[1]} | {k[2]} | {k[3]} | {k[4]} | {len(rs)} | {sum(map(converged, rs))} | "
              f"{fmt(quantile(nm, .5))} [{fmt(quantile(nm, .25))}, {fmt(quantile(nm, .75))}] | {m:.2f} ± {ci:.2f} | {div} |")

    bins = [(0, .5), (.5, .8), (.8, .9), (.9, .95), (.95, 1.0001)]
    acts = sorted({(r["config"]["teacher_activation"], r["config"]["activation"]) for r in runs})
    for label, keep in (("all runs", lambda r: True), ("converged runs", converged)):
        print(f"\nModulus change |lambda| - |p| of matched pairs (eigenvalues of W_hh against the poles), {label}, by |p|")
        print(f"| teacher/student | hidden/order | |p| bin | pairs | median change [q1, q3] | shorter / longer by > {TOL:g} | sign-test p |")
        print("|---|---:|---|---:|---|---|---:|")
        for ta, sa in acts:
            for factor in sorted({r["config"]["hidden"] // r["config"]["order"] for r in runs}):
                for lo, hi in bins:
                    d = [le - lp for r in runs if keep(r) and r["config"]["activation"] == sa
                         and r["config"]["teacher_activation"] == ta and r["config"]["init_gain"] == 1.0
                         and r["config"]["hidden"] // r["config"]["order"] == factor
                         for lp, le, _ in pairs(r) if lo <= lp < hi]
                    if not d:
                        continue
                    shorter = sum(1 for x in d if x < -TOL)
                    longer = sum(1 for x in d if x > TOL)
                    print(f"| {ta}/{sa} | {factor} | [{lo}, {min(hi, 1):g}) | {len(d)} | {fmt(quantile(d, .5))} "
                          f"[{fmt(quantile(d, .25))}, {fmt(quantile(d, .75))}] | {shorter} / {longer} | "
                          f"{fmt(sign_test_p(shorter, shorter + longer))} |")

    # Paired by seed: the same teacher and data at hidden = order and hidden = 2 x order.
    print("\nOver-parameterisation, paired by seed (same teacher and data): hidden = 2 x order against hidden = order")
    print("| teacher/student | order | pairs | NMSE lower at 2x | converged 1x -> 2x | aligned fraction 1x -> 2x |")
    print("|---|---:|---:|---:|---|---|")
    by = defaultdict(dict)
    for r in runs:
        c = r["config"]
        by[(c["teacher_activation"], c["activation"], c["order"], c["init_gain"], c["seed"])][c["hidden"] // c["order"]] = r
    groups = defaultdict(list)
    for (ta, sa, order, gain, seed), v in by.items():
        if 1 in v and 2 in v and gain == 1.0:
            groups[(ta, sa, order)].append(v)
    for k in sorted(groups):
        vs = groups[k]
        lower = sum(1 for v in vs if (v[2]["test_nmse"] or 0) < (v[1]["test_nmse"] or 0))
        c1 = sum(converged(v[1]) for v in vs)
        c2 = sum(converged(v[2]) for v in vs)
        a1 = sum(v[1]["matching"]["optimal"]["aligned"] for v in vs) / (len(vs) * k[2])
        a2 = sum(v[2]["matching"]["optimal"]["aligned"] for v in vs) / (len(vs) * k[2])
        print(f"| {k[0]}/{k[1]} | {k[2]} | {len(vs)} | {lower}/{len(vs)} (sign-test p {fmt(sign_test_p(lower, len(vs)))}) | "
              f"{c1} -> {c2} | {a1:.2f} -> {a2:.2f} |")

    print("\nSpare eigenvalues of students larger than the teacher (unmatched by the optimal matching)")
    print("| teacher/student | init gain | runs | spare | median |lambda| [q1, q3] | residue < 1% of largest | converged runs: median |lambda| |")
    print("|---|---:|---:|---:|---|---:|---|")
    spare = defaultdict(lambda: ([], [], [], 0))
    for r in runs:
        c = r["config"]
        if c["hidden"] <= c["order"] or "residues" not in r:
            continue
        matched = {p["eigenvalue"] for p in r["matching"]["optimal"]["pairs"]}
        res = r["residues"]
        top = max(res) if res else 0
        mods, small, conv, n = spare[(c["teacher_activation"], c["activation"], c["init_gain"])]
        for i, (er, ei) in enumerate(r["eigenvalues"]):
            if i not in matched:
                mods.append(math.hypot(er, ei))
                small.append(top > 0 and res[i] < 0.01 * top)
                if converged(r):
                    conv.append(math.hypot(er, ei))
        spare[(c["teacher_activation"], c["activation"], c["init_gain"])] = (mods, small, conv, n + 1)
    for k in sorted(spare):
        mods, small, conv, n = spare[k]
        print(f"| {k[0]}/{k[1]} | {k[2]} | {n} | {len(mods)} | {fmt(quantile(mods, .5))} [{fmt(quantile(mods, .25))}, "
              f"{fmt(quantile(mods, .75))}] | {sum(small)} | {fmt(quantile(conv, .5))} ({len(conv)}) |")


def init_gain(runs):
    """Small initialisation: the learned change of W_hh and the spare eigenvalues, by init gain (students > teacher)."""
    rows = defaultdict(list)
    for r in runs:
        c = r["config"]
        sv = r.get("learned_change_singular_values")
        if c["hidden"] > c["order"] and sv:
            rows[(c["teacher_activation"], c["activation"], c["order"], c["hidden"], c["init_gain"])].append(r)
    # Only the cells measured at more than one gain.
    cells = defaultdict(set)
    for k in rows:
        cells[k[:4]].add(k[4])
    rows = {k: v for k, v in rows.items() if len(cells[k[:4]]) > 1}
    if not rows:
        return
    print("\nInitialisation gain: effective rank of W_hh(final) - W_hh(initial) (singular values holding 99% of its "
          "squared norm) and the spare eigenvalues")
    print("| teacher/student | order | hidden | init gain | runs | effective rank, mean (95% CI) | spare |lambda| median [q1, q3] "
          "| spare with |lambda| < 0.1 | test NMSE median | aligned fraction |")
    print("|---|---:|---:|---:|---:|---|---|---:|---:|---:|")
    for k in sorted(rows):
        rs = rows[k]
        ranks, spare = [], []
        for r in rs:
            sv = sorted(r["learned_change_singular_values"], reverse=True)
            total = sum(x * x for x in sv)
            acc, n = 0.0, 0
            for x in sv:
                acc += x * x
                n += 1
                if acc >= 0.99 * total:
                    break
            ranks.append(n)
            matched = {p["eigenvalue"] for p in r["matching"]["optimal"]["pairs"]}
            spare += [math.hypot(*e) for i, e in enumerate(r["eigenvalues"]) if i not in matched]
        m, ci = mean_ci(ranks)
        nm = [r["test_nmse"] for r in rs if r.get("test_nmse") is not None]
        al = sum(r["matching"]["optimal"]["aligned"] for r in rs) / (len(rs) * k[2])
        print(f"| {k[0]}/{k[1]} | {k[2]} | {k[3]} | {k[4]} | {len(rs)} | {m:.2f} ± {ci:.2f} | {fmt(quantile(spare, .5))} "
              f"[{fmt(quantile(spare, .25))}, {fmt(quantile(spare, .75))}] | {sum(1 for x in spare if x < 0.1)}/{len(spare)} | "
              f"{fmt(quantile(nm, .5))} | {al:.2f} |")


def nonlinear(runs):
    """Lyapunov spectra and Jacobian-spectrum distances of runs with a tanh (or relu) network."""
    rows = defaultdict(list)
    for r in runs:
        ly = r.get("lyapunov")
        if not ly or not ly.get("teacher") or not ly.get("student"):
            continue
        c = r["config"]
        rows[(c["teacher_activation"], c["activation"], c["order"], c["hidden"])].append(r)
    if not rows:
        return
    print("\nNonlinear runs: largest Lyapunov exponent of the student against the teacher's, and the Jacobian spectra")
    print("| teacher/student | order | hidden | runs | converged | median lambda1 teacher | median lambda1 student - teacher [q1, q3] "
          "| student's lambda1 shorter / longer (beyond 2 stderr) | median Jacobian distance (median over runs) |")
    print("|---|---:|---:|---:|---:|---:|---|---|---:|")
    for k in sorted(rows):
        rs = rows[k]
        t1 = [r["lyapunov"]["teacher"]["spectrum"][0] for r in rs if r["lyapunov"]["teacher"]["spectrum"][0] is not None]
        diffs, shorter, longer = [], 0, 0
        for r in rs:
            t, s = r["lyapunov"]["teacher"], r["lyapunov"]["student"]
            if t["spectrum"][0] is None or s["spectrum"][0] is None:
                continue
            d = s["spectrum"][0] - t["spectrum"][0]
            diffs.append(d)
            err = 2 * math.hypot(t["stderr"][0] or 0, s["stderr"][0] or 0)
            shorter += d < -err
            longer += d > err
        jac = [r["jacobian_spectrum"]["summary"]["median"] for r in rs
               if r.get("jacobian_spectrum") and r["jacobian_spectrum"]["summary"].get("median") is not None]
        print(f"| {k[0]}/{k[1]} | {k[2]} | {k[3]} | {len(rs)} | {sum(map(converged, rs))} | {fmt(quantile(t1, .5))} | "
              f"{fmt(quantile(diffs, .5))} [{fmt(quantile(diffs, .25))}, {fmt(quantile(diffs, .75))}] | {shorter} / {longer} "
              f"(sign-test p {fmt(sign_test_p(shorter, shorter + longer))}) | {fmt(quantile(jac, .5))} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
    init_gain(load(sys.argv[1:]))
    nonlinear(load(sys.argv[1:]))
