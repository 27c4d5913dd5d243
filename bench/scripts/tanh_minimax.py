#!/usr/bin/env python3
"""Minimax coefficients of rnn.model.Tanh's polynomial, by the Remez exchange algorithm in mpmath (60 digits).

Tanh reduces a = |x| as a = -k ln2/2 + s, |s| <= ln2/4, and needs H(s) = (1 - e^{-2s}) / 2 = -expm1(-2s) / 2,
evaluated as H(s) = s + s^2 q(s) with q of degree DEGREE - 2 (the leading term s exact, so H keeps full
relative accuracy at tiny s). This finds q minimising the largest relative error of H on |s| <= BOUND:

    max |(s + s^2 q(s)) / H(s) - 1|,

i.e. the weighted minimax problem for the basis s^(j+2) / H(s), j = 0..DEGREE-2, and the target 1 - s / H(s).
It prints the coefficients rounded to double (Java hex literals) and the relative error with those rounded
coefficients on a dense grid (exact arithmetic otherwise). Usage:

    /usr/bin/python3 bench/scripts/tanh_minimax.py [DEGREE]      # default 11, the degree Tanh uses
"""
import sys

import mpmath as mp

mp.mp.dps = 60
DEGREE = int(sys.argv[1]) if len(sys.argv) > 1 else 11
M = DEGREE - 1                      # number of coefficients of q
# ln2/4, widened by a relative 1e-6: k is rounded in double, so |s| can pass ln2/4 by a few ulps.
BOUND = mp.log(2) / 4 * (1 + mp.mpf("1e-6"))


def H(s):
    return -mp.expm1(-2 * s) / 2


def err(c, s):
    """Relative error of s + s^2 q(s), q with coefficients c (c[0] for s^0)."""
    if s == 0:
        return mp.mpf(0)
    q = mp.mpf(0)
    for cj in reversed(c):
        q = q * s + cj
    return (s + s * s * q) / H(s) - 1


def remez():
    n = M + 1                       # alternation points: M coefficients + the level E
    # Chebyshev extrema of the interval as the first reference.
    pts = [BOUND * mp.cos(mp.pi * (n - 1 - i) / (n - 1)) for i in range(n)]
    pts = [p if p != 0 else BOUND * mp.mpf("1e-3") for p in pts]
    c = None
    for it in range(30):
        # sum_j c_j s^(j+2)/H(s) - (1 - s/H(s)) = (-1)^i E at each point
        A = mp.matrix(n, n)
        b = mp.matrix(n, 1)
        for i, s in enumerate(pts):
            h = H(s)
            for j in range(M):
                A[i, j] = s ** (j + 2) / h
            A[i, M] = (-1) ** i
            b[i] = 1 - s / h
        sol = mp.lu_solve(A, b)
        c = [sol[j] for j in range(M)]
        level = abs(sol[M])
        # New reference: the extrema of the error between its sign changes, found on a grid and refined.
        grid = [BOUND * (2 * mp.mpf(i) / 4000 - 1) for i in range(4001)]
        vals = [err(c, s) for s in grid]
        ext = []
        i = 0
        while i < len(grid):
            j = i
            while j + 1 < len(grid) and mp.sign(vals[j + 1]) == mp.sign(vals[i]) or (j + 1 < len(grid) and vals[j + 1] == 0):
                j += 1
            k = max(range(i, j + 1), key=lambda t: abs(vals[t]))
            ext.append(grid[k])
            i = j + 1
        # Keep n alternating extrema: drop the smallest at the ends while too many.
        while len(ext) > n:
            if abs(err(c, ext[0])) < abs(err(c, ext[-1])):
                ext.pop(0)
            else:
                ext.pop()
        if len(ext) < n:
            break
        top = max(abs(err(c, s)) for s in ext)
        pts = ext
        print(f"# iteration {it}: level {mp.nstr(level, 4)}, largest {mp.nstr(top, 4)}, {len(ext)} extrema", file=sys.stderr)
        if top - level < level * mp.mpf("1e-6"):
            break
    return c, level


def main():
    c, level = remez()
    rounded = [float(v) for v in c]
    print(f"// degree {DEGREE}: H(s) = s + s^2 (c2 + c3 s + ... ), |s| <= ln2/4; minimax relative error {mp.nstr(level, 3)}")
    for j, v in enumerate(rounded):
        print(f"static final double H{j + 2} = {v.hex()};  // {v!r}")
    worst = max(abs(err([mp.mpf(v) for v in rounded], BOUND * (2 * mp.mpf(i) / 20000 - 1))) for i in range(20001))
    print(f"// relative error with the coefficients rounded to double: {mp.nstr(worst, 3)} (2^-53 = 1.11e-16)")


if __name__ == "__main__":
    main()
