"""PyTorch reference for teaching-rnns: gradients, training from given initial conditions, and the notebook's
seed study, all in float64 on the CPU.

Needs torch, numpy and scipy. On Debian/Ubuntu:
    apt-get install -y python3-torch python3-numpy python3-scipy      # torch 1.13.1 on Debian 12
and run it with /usr/bin/python3 (a pyenv python3 on PATH does not see the Debian packages). Debian's torch
calls the system OpenBLAS, whose own threads only cost time on these 5x5 products: time it with
OPENBLAS_NUM_THREADS=1 (torch.get_num_threads() is 1 here anyway; `--threads N` sets torch's intra-op threads).
Timings are reported as wall and process-CPU milliseconds per epoch; on a shared machine the CPU figure is the
one to quote.

The model follows docs/DESIGN.md (the model exchange format):
    h_t = f(W_ih x_t + W_hh h_{t-1} + b_h),  h_{-1} = 0,  y_t = W_ho h_t + b_o,
    loss = MSE over sequences, steps t >= washout (0-based) and outputs (MSELoss(reduction='mean')).
The recurrence is an explicit loop (nn.RNN has no linear activation); `grad --impl nn` computes the same
with torch.nn.RNN (tanh/relu: b_h goes into bias_ih, bias_hh is a constant zero) as a check of the loop.

Subcommands
  grad MODEL.json [--impl loop|nn]
        prints {"loss": x, "grad": {"W_ih": .., "W_hh": .., "W_ho": .., "b_h": .., "b_o": ..}} as `teach grad`.
  compare-grad MODEL.json ... [--teach CMD] [--tol 1e-10] [--impl loop|nn|both] [--json]
        runs `CMD grad --input MODEL.json` (default: the repository's ./teach) and torch's grad, prints the
        relative error of the loss and of each parameter (max |java - torch| / max |torch| over its entries,
        a norm-wise error that near-zero entries cannot inflate); status 1 when one exceeds --tol.
  train IC.json [--every N] [--epochs N] [--out FILE]
        trains the student of IC.json (DIR/initial.json of `teach run --export-init DIR`, or the Java test main
        org.teachingrnns.rnn.experiment.ExportInitialConditions) with torch.optim.Adam from exactly those
        weights on exactly that data; reports the train loss every N epochs, the final train/test MSE, W_hh's
        eigenvalues and the aligned poles; when IC.json holds Java's run ("java"), compares the two
        trajectories at epochs 1, 10, 100, 1000, 3000.
  seeds [--first 1] [--last 20] [--out FILE.jsonl] [--threads N]
        the notebook pipeline with torch's own draws: NumPy (np.random.seed(seed)) draws the teacher and the
        N(0, 1) inputs, scipy.signal.zpk2tf/lfilter makes the targets, torch.manual_seed(seed) then
        nn.RNN(1, 5, bias=False) and nn.Linear(5, 1, bias=False) give the default initialisation; Adam lr 0.01,
        3000 full-batch epochs, 80/20 split, washout 50. Prints per-seed test MSE, aligned poles (greedy,
        distance <= 0.05), ms/epoch, and the median/min/max.
  export-seeds --dir DIR [--first 1] [--last 20]
        writes the draws `seeds` trains on (teacher poles, data, torch's default initial student) as DIR/ownN.json,
        the input format of `train` and of the Java test main
        org.teachingrnns.rnn.experiment.TrainFromInitialConditions (Java on torch's own draws).
  report --ic IC.jsonl [--control C1.json ...]
        a Markdown table per seed: relative train-loss difference Java vs torch at epochs 1..3000, the epoch
        until which they agree to 1e-6, the same for Java against Java from weights times (1 + 1e-15)
        (ExportInitialConditions --control), and the final test MSEs.
  pair A.jsonl B.jsonl [--label-a torch] [--label-b java]
        per seed, the test MSE of two runs over the same draws (seeds --out and TrainFromInitialConditions).
  schedule CASES.json
        the learning rates torch.optim.lr_scheduler produces, per case, for the Java schedules' cross-check
        (org.teachingrnns.rnn.train.LrSchedule): {"cases": [{"kind": "constant"|"step"|"exponential"|"cosine"|
        "plateau", "lr": .., "epochs": N, "losses": [..], "warmup": W, "start_factor": s, ...}]} with the
        kind's own keys (step_size, gamma; T_max, eta_min; factor, patience, threshold, threshold_mode,
        cooldown, min_lr, eps). A warm-up W > 0 is SequentialLR([LinearLR(s, 1.0, W), main], milestones=[W]);
        for plateau, which torch cannot put in a SequentialLR, LinearLR then, at epoch W, the lr reset to the
        base and ReduceLROnPlateau fed the losses from there. Prints {"lrs": [[lr of epoch 1..N], ...]}: the lr
        each optimizer step used, the scheduler stepped after it (with the epoch's loss for plateau).
  lbfgs PROBLEM.json
        torch.optim.LBFGS on {"problem": "rosenbrock"|"quadratic"|"rnn", "x0": [..] (rosenbrock, quadratic),
        "A": [[..]], "b": [..] (quadratic: 0.5 x'Ax - b'x), a model-exchange model (rnn: the student and its
        data, the loss as in `grad`), "steps": K, "lbfgs": {"lr", "max_iter", "max_eval", "tolerance_grad",
        "tolerance_change", "history_size", "line_search_fn"}}. Prints {"evaluations": [loss of every closure
        call, in order], "step_losses": [..], "x": [final flat parameters], "n_iter": .., "func_evals": ..};
        the rnn's flat vector is W_ih, W_hh, W_ho row-major, then b_h, b_o (RnnModel.parameterArray).
  train IC.json ... [--lbfgs] [--schedule KIND ...]
        (see train above) --lbfgs trains with torch.optim.LBFGS (one step(closure) per epoch, --max-iter,
        --history-size, --line-search strong_wolfe|none), --schedule cosine|step|exponential|plateau with
        --step-size, --gamma, --t-max, --eta-min, --factor, --patience and --warmup N puts a scheduler on Adam.
  summarize FILE ... [--median-of 20 13 --threshold 1e-5 2e-6]
        the distribution over per-seed lines written by `seeds`, `train --out`, TrainFromInitialConditions, or
        the table of the Java test main SeedStudy; with --median-of, the chance (binomial, from this sample) that
        a median over N draws is at or below each threshold.
"""
import argparse
import json
import math
import os
import shlex
import subprocess
import sys
import time

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = ("W_ih", "W_hh", "W_ho", "b_h", "b_o")
CHECK_EPOCHS = (1, 10, 100, 1000, 3000)


# ---------------------------------------------------------------- model

def activation(name):
    if name == "linear":
        return lambda z: z
    if name == "tanh":
        return torch.tanh
    if name == "relu":
        return torch.relu
    raise SystemExit(f"torch_reference: unknown activation {name!r}")


def forward(params, act, x):
    """Outputs [batch][time][output] of the docs/DESIGN.md recurrence, an explicit loop over time."""
    f = activation(act)
    batch, steps, _ = x.shape
    w_hh = params["W_hh"]
    # The input term of every step at once, time-major so drive[t] is contiguous: [time][batch][hidden].
    drive = (x @ params["W_ih"].T).transpose(0, 1)
    if "b_h" in params:
        drive = drive + params["b_h"]
    w_hh_t = w_hh.T
    h = torch.zeros(batch, w_hh.shape[0], dtype=x.dtype)
    hs = []
    for t in range(steps):
        h = f(torch.addmm(drive[t], h, w_hh_t))  # drive[t] + h W_hh^T in one call (a third faster here)
        hs.append(h)
    y = torch.stack(hs, dim=1) @ params["W_ho"].T
    if "b_o" in params:
        y = y + params["b_o"]
    return y


def forward_nn(params, act, x):
    """The same with torch.nn.RNN (tanh or relu only): b_h in bias_ih, bias_hh a constant zero."""
    if act == "linear":
        raise SystemExit("torch_reference: nn.RNN has no linear activation; use --impl loop")
    hidden, inputs = params["W_ih"].shape
    has_bias = "b_h" in params
    rnn = torch.nn.RNN(inputs, hidden, nonlinearity=act, bias=has_bias, batch_first=True)
    # Replace the module's parameters by ours so autograd reaches them.
    del rnn.weight_ih_l0, rnn.weight_hh_l0
    rnn.weight_ih_l0 = params["W_ih"]
    rnn.weight_hh_l0 = params["W_hh"]
    if has_bias:
        del rnn.bias_ih_l0, rnn.bias_hh_l0
        rnn.bias_ih_l0 = params["b_h"]
        rnn.bias_hh_l0 = torch.zeros(hidden)
    rnn._flat_weights = [getattr(rnn, n) for n in rnn._flat_weights_names]
    hs, _ = rnn(x)
    y = hs @ params["W_ho"].T
    if "b_o" in params:
        y = y + params["b_o"]
    return y


def mse(y, targets, washout):
    return ((y[:, washout:] - targets[:, washout:]) ** 2).mean()


def tensor(a):
    return torch.tensor(a, dtype=torch.float64)


def load_params(model, requires_grad=True):
    return {k: tensor(model[k]).requires_grad_(requires_grad) for k in KEYS if k in model and model[k] is not None}


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit(f"torch_reference: cannot read {path}: {e}")


# ---------------------------------------------------------------- grad

def torch_grad(model, impl="loop"):
    params = load_params(model)
    x = tensor(model["inputs"])
    targets = tensor(model["targets"])
    fwd = forward if impl == "loop" else forward_nn
    loss = mse(fwd(params, model["activation"], x), targets, int(model.get("washout", 0)))
    loss.backward()
    return {"loss": loss.item(), "grad": {k: p.grad.tolist() for k, p in params.items()}}


def cmd_grad(a):
    print(json.dumps(torch_grad(read_json(a.model), a.impl)))


def relative_error(java, ref):
    j = np.asarray(java, dtype=np.float64)
    r = np.asarray(ref, dtype=np.float64)
    if j.shape != r.shape:
        return math.inf
    scale = np.max(np.abs(r)) if r.size else 0.0
    diff = np.max(np.abs(j - r)) if r.size else 0.0
    return float(diff / scale) if scale > 0 else float(diff)


def compare_one(path, teach, impl):
    """Relative errors of `teach grad` against torch for one model file."""
    model = read_json(path)
    p = subprocess.run(teach + ["grad", "--input", path], capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit(f"torch_reference: {' '.join(teach)} grad failed with status {p.returncode}")
    java = json.loads(p.stdout)
    errors = {}
    impls = [impl] if impl != "both" else ["loop"] + (["nn"] if model["activation"] != "linear" else [])
    for i in impls:
        ref = torch_grad(model, i)
        prefix = "" if i == "loop" else "nn:"
        errors[prefix + "loss"] = relative_error(java["loss"], ref["loss"])
        for k in ref["grad"]:
            errors[prefix + k] = relative_error(java["grad"].get(k, []), ref["grad"][k])
        for k in sorted(set(java["grad"]) - set(ref["grad"])):
            errors[prefix + k] = math.inf  # a gradient torch does not have: a bias the model lacks
    return errors


def cmd_compare_grad(a):
    teach = shlex.split(a.teach) if a.teach else [os.path.join(ROOT, "teach")]
    results = []
    for path in a.models:
        errors = compare_one(path, teach, a.impl)
        results.append({"model": path, "errors": errors, "max": max(errors.values())})
        if not a.json:
            print(path + ":")
            for k, e in errors.items():
                print(f"  {k:5s} {e:.3e}")
            print(f"  max   {results[-1]['max']:.3e} (tolerance {a.tol:g})")
    worst = max(r["max"] for r in results)
    if a.json:
        print(json.dumps({"models": results, "max": worst, "tol": a.tol, "impl": a.impl, "torch": torch.__version__}))
    if not worst <= a.tol:
        sys.exit(1)


# ---------------------------------------------------------------- training

def eigenvalues(w_hh):
    return np.linalg.eigvals(np.asarray(w_hh, dtype=np.float64))


def greedy_aligned(poles, eig, threshold):
    """Greedy matching as PoleMatching.greedy: closest remaining (pole, eigenvalue) pair first."""
    d = [(abs(p - e), i, j) for i, p in enumerate(poles) for j, e in enumerate(eig)]
    d.sort()
    used_p, used_e, aligned = set(), set(), 0
    for dist, i, j in d:
        if i not in used_p and j not in used_e:
            used_p.add(i)
            used_e.add(j)
            aligned += dist <= threshold
    return int(aligned)


def train(params, act, x_tr, y_tr, x_te, y_te, washout, lr, betas, eps, epochs, every=0, log=None,
          schedule=None, lbfgs=None):
    """Full-batch training on params in place: torch.optim.Adam (default single-tensor path), with a scheduler
    stepped after each epoch when schedule is a spec (see `schedule`), or torch.optim.LBFGS (one
    step(closure) per epoch) when lbfgs is a dict of its options. losses[e] is the loss at the start of epoch e+1."""
    if lbfgs is not None:
        opt = torch.optim.LBFGS(list(params.values()), **lbfgs_options(lbfgs))
    else:
        opt = torch.optim.Adam(list(params.values()), lr=lr, betas=betas, eps=eps)
    sched = make_scheduler(opt, schedule) if schedule else None
    losses = []
    t0 = time.perf_counter()
    c0 = time.process_time()
    for epoch in range(1, epochs + 1):
        if lbfgs is not None:
            def closure():
                opt.zero_grad()
                loss = mse(forward(params, act, x_tr), y_tr, washout)
                loss.backward()
                return loss
            value = float(opt.step(closure))
            losses.append(value)
            if not math.isfinite(value):
                break
        else:
            opt.zero_grad()
            loss = mse(forward(params, act, x_tr), y_tr, washout)
            loss.backward()
            value = loss.item()
            losses.append(value)
            if not math.isfinite(value):
                break
            opt.step()
        if sched:
            sched(value)
        if log and every and (epoch % every == 0 or epoch == 1):
            log(f"epoch {epoch:5d} train loss {value:.6e} lr {opt.param_groups[0]['lr']:.6e}")
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    with torch.no_grad():
        train_mse = mse(forward(params, act, x_tr), y_tr, washout).item()
        test_mse = mse(forward(params, act, x_te), y_te, washout).item()
    n = max(1, len(losses))
    return losses, train_mse, test_mse, 1000.0 * seconds / n, 1000.0 * cpu / n


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def schedule_spec(a, lr):
    """The --schedule flags of `train` as a spec for make_scheduler, or None."""
    if not a.schedule or a.schedule == "constant":
        return None
    return {"kind": a.schedule, "lr": lr, "step_size": a.step_size, "gamma": a.gamma, "T_max": a.t_max,
            "eta_min": a.eta_min, "factor": a.factor, "patience": a.patience, "warmup": a.warmup,
            "start_factor": a.start_factor}


def lbfgs_spec(a):
    if not a.lbfgs:
        return None
    return {"lr": a.lbfgs_lr, "max_iter": a.max_iter, "history_size": a.history_size,
            "line_search_fn": a.line_search, "tolerance_grad": a.tolerance_grad,
            "tolerance_change": a.tolerance_change}


def cmd_train(a):
    ic = read_json(a.ic)
    if a.threads:
        torch.set_num_threads(a.threads)
    student = ic["student"]
    params = load_params(student)
    epochs = a.epochs or int(ic["epochs"])
    log = (lambda s: print(s, file=sys.stderr)) if a.every else None
    losses, train_mse, test_mse, ms, cpu_ms = train(
        params, student["activation"], tensor(ic["train"]["inputs"]), tensor(ic["train"]["targets"]),
        tensor(ic["test"]["inputs"]), tensor(ic["test"]["targets"]), int(ic["washout"]), float(ic["lr"]),
        tuple(ic["betas"]), float(ic["eps"]), epochs, a.every, log, schedule_spec(a, float(ic["lr"])),
        lbfgs_spec(a))
    poles = [complex(re, im) for re, im in ic["poles"]]
    eig = eigenvalues(params["W_hh"].detach().numpy())
    thr = float(ic.get("match_threshold", 0.05))
    row = {"seed": ic.get("seed"), "source": "torch-from-java-ic", "torch": torch.__version__,
           "optimizer": "lbfgs" if a.lbfgs else "adam", "schedule": schedule_spec(a, float(ic["lr"])),
           "threads": torch.get_num_threads(), "epochs": len(losses),
           "train_loss": {str(e): losses[e - 1] for e in CHECK_EPOCHS if e <= len(losses)},
           "final_train_mse": train_mse, "test_mse": test_mse,
           "aligned": greedy_aligned(poles, eig, thr), "ms_per_epoch": ms, "cpu_ms_per_epoch": cpu_ms,
           "eigenvalues": [[z.real, z.imag] for z in eig]}
    java = ic.get("java")
    if java:
        jl = java["train_loss"]
        row["java"] = {"train_loss": {str(e): jl[e - 1] for e in CHECK_EPOCHS if e <= len(jl)},
                       "final_train_mse": java["final_train_mse"], "test_mse": java["final_test_mse"],
                       "aligned": java["aligned_greedy"], "backend": java["backend"]}
        n = min(len(jl), len(losses))
        r = [rel(jl[i], losses[i]) for i in range(n)]
        row["rel_diff"] = {str(e): r[e - 1] for e in CHECK_EPOCHS if e <= n}
        # First epoch whose train losses differ by more than 1e-6 relative (trajectories no longer the same).
        row["first_epoch_rel_diff_above_1e-6"] = next((i + 1 for i, v in enumerate(r) if v > 1e-6), None)
        row["first_epoch_rel_diff_above_1e-2"] = next((i + 1 for i, v in enumerate(r) if v > 1e-2), None)
    print(f"seed {row['seed']}: torch final train {train_mse:.3e} test {test_mse:.3e} aligned {row['aligned']} "
          f"({ms:.2f} ms/epoch wall, {cpu_ms:.2f} CPU, {row['threads']} thread(s))")
    if java:
        print(f"         java  final train {java['final_train_mse']:.3e} test {java['final_test_mse']:.3e} "
              f"aligned {java['aligned_greedy']}")
        print("   epoch   java loss      torch loss     rel diff")
        for e in CHECK_EPOCHS:
            if str(e) in row["rel_diff"]:
                print(f"   {e:5d}   {jl[e - 1]:.6e}   {losses[e - 1]:.6e}   {row['rel_diff'][str(e)]:.2e}")
        print(f"   first epoch with rel diff > 1e-6: {row['first_epoch_rel_diff_above_1e-6']}, "
              f"> 1e-2: {row['first_epoch_rel_diff_above_1e-2']}")
    if a.out:
        with open(a.out, "a") as f:
            f.write(json.dumps(row) + "\n")


# ---------------------------------------------------------------- schedules and L-BFGS (issue 10)

def make_scheduler(opt, spec):
    """A function step(loss) that advances torch's scheduler for spec (see `schedule` in the module doc)."""
    import warnings
    warnings.filterwarnings("ignore", category=UserWarning, module="torch.optim.lr_scheduler")
    from torch.optim import lr_scheduler as ls
    kind = spec.get("kind", "constant")
    warmup = int(spec.get("warmup", 0))
    base = opt.param_groups[0]["lr"]
    if kind == "constant":
        if warmup:
            raise SystemExit("torch_reference: a warm-up needs a schedule after it")
        return lambda loss: None
    if kind == "plateau":
        plateau = ls.ReduceLROnPlateau(opt, mode="min", factor=spec.get("factor", 0.1),
                                       patience=int(spec.get("patience", 10)), threshold=spec.get("threshold", 1e-4),
                                       threshold_mode=spec.get("threshold_mode", "rel"),
                                       cooldown=int(spec.get("cooldown", 0)), min_lr=spec.get("min_lr", 0.0),
                                       eps=spec.get("eps", 1e-8))
        if not warmup:
            return lambda loss: plateau.step(loss)
        warm = ls.LinearLR(opt, start_factor=spec["start_factor"], end_factor=1.0, total_iters=warmup)
        count = [0]

        def step(loss):
            count[0] += 1
            if count[0] < warmup:
                warm.step()
            elif count[0] == warmup:  # the milestone: back to the base lr, plateau from scratch
                for g in opt.param_groups:
                    g["lr"] = base
                plateau._reset()
            else:
                plateau.step(loss)
        return step
    warm = ls.LinearLR(opt, start_factor=spec["start_factor"], end_factor=1.0, total_iters=warmup) if warmup else None
    if kind == "step":
        main = ls.StepLR(opt, step_size=int(spec["step_size"]), gamma=spec["gamma"])
    elif kind == "exponential":
        main = ls.ExponentialLR(opt, gamma=spec["gamma"])
    elif kind == "cosine":
        main = ls.CosineAnnealingLR(opt, T_max=int(spec["T_max"]), eta_min=spec.get("eta_min", 0.0))
    else:
        raise SystemExit(f"torch_reference: unknown schedule {kind!r}")
    sched = ls.SequentialLR(opt, [warm, main], milestones=[warmup]) if warm else main
    return lambda loss: sched.step()


def cmd_schedule(a):
    cases = read_json(a.cases)["cases"]
    out = []
    for spec in cases:
        w = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([w], lr=spec["lr"])
        step = make_scheduler(opt, spec)
        lrs = []
        losses = spec.get("losses") or [0.0] * int(spec["epochs"])
        for epoch in range(int(spec["epochs"])):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            step(losses[epoch])
        out.append([float(v) for v in lrs])
    print(json.dumps({"lrs": out, "torch": torch.__version__}))


def lbfgs_options(o):
    ls = o.get("line_search_fn")
    return dict(lr=o.get("lr", 1.0), max_iter=int(o.get("max_iter", 20)),
                max_eval=None if o.get("max_eval") is None else int(o["max_eval"]),
                tolerance_grad=o.get("tolerance_grad", 1e-7), tolerance_change=o.get("tolerance_change", 1e-9),
                history_size=int(o.get("history_size", 100)), line_search_fn=None if ls in (None, "none") else ls)


def cmd_lbfgs(a):
    prob = read_json(a.problem)
    kind = prob["problem"]
    if kind == "rnn":
        params = load_params(prob)
        plist = list(params.values())
        x = tensor(prob["inputs"])
        targets = tensor(prob["targets"])
        washout = int(prob.get("washout", 0))

        def value():
            return mse(forward(params, prob["activation"], x), targets, washout)
    else:
        v = tensor(prob["x0"]).requires_grad_(True)
        plist = [v]
        if kind == "rosenbrock":
            def value():
                return (100.0 * (v[1:] - v[:-1] ** 2) ** 2 + (1.0 - v[:-1]) ** 2).sum()
        elif kind == "quadratic":
            A, b = tensor(prob["A"]), tensor(prob["b"])

            def value():
                return 0.5 * v @ (A @ v) - b @ v
        else:
            raise SystemExit(f"torch_reference: unknown problem {kind!r}")
    opt = torch.optim.LBFGS(plist, **lbfgs_options(prob.get("lbfgs", {})))
    evaluations = []

    def closure():
        opt.zero_grad()
        loss = value()
        loss.backward()
        evaluations.append(loss.item())
        return loss

    step_losses = [float(opt.step(closure)) for _ in range(int(prob.get("steps", 1)))]
    state = opt.state[plist[0]]
    flat = torch.cat([p.detach().reshape(-1) for p in plist]).tolist()
    print(json.dumps({"evaluations": evaluations, "step_losses": step_losses, "x": flat,
                      "n_iter": state.get("n_iter", 0), "func_evals": state.get("func_evals", 0),
                      "torch": torch.__version__}))


# ---------------------------------------------------------------- the notebook's seed study

def notebook_draw(seed, order=5, sequences=100, length=150):
    """Teacher poles and data as the notebook draws them, with NumPy's global RNG seeded by seed."""
    from scipy import signal
    np.random.seed(seed)
    poles = []
    for _ in range(order // 2):
        r = math.sqrt(np.random.uniform())
        theta = 2 * math.pi * np.random.uniform()
        p = r * complex(math.cos(theta), math.sin(theta))
        poles += [p, p.conjugate()]
    if order % 2:
        poles.append(complex(np.random.uniform(), 0.0))
    b, a = signal.zpk2tf(np.zeros(order), np.array(poles), 1.0)
    b, a = np.real(b), np.real(a)
    x = np.random.randn(sequences, length)
    y = signal.lfilter(b, a, x, axis=1)
    return poles, x[:, :, None], y[:, :, None]


def default_student(seed, inputs=1, hidden=5, outputs=1):
    """PyTorch's default initialisation: nn.RNN's U(-1/sqrt(H), 1/sqrt(H)) and nn.Linear's kaiming_uniform."""
    torch.manual_seed(seed)
    rnn = torch.nn.RNN(inputs, hidden, bias=False, batch_first=True)
    readout = torch.nn.Linear(hidden, outputs, bias=False)
    return {"W_ih": rnn.weight_ih_l0.detach().clone().requires_grad_(True),
            "W_hh": rnn.weight_hh_l0.detach().clone().requires_grad_(True),
            "W_ho": readout.weight.detach().clone().requires_grad_(True)}


def cmd_seeds(a):
    if a.threads:
        torch.set_num_threads(a.threads)
    rows = []
    for seed in range(a.first, a.last + 1):
        poles, x, y = notebook_draw(seed)
        n_train = round(0.8 * x.shape[0])
        params = default_student(seed)
        losses, train_mse, test_mse, ms, cpu_ms = train(
            params, "linear", tensor(x[:n_train]), tensor(y[:n_train]), tensor(x[n_train:]), tensor(y[n_train:]),
            50, 0.01, (0.9, 0.999), 1e-8, a.epochs)
        eig = eigenvalues(params["W_hh"].detach().numpy())
        row = {"seed": seed, "source": "torch-own-draws", "torch": torch.__version__,
               "threads": torch.get_num_threads(), "epochs": len(losses), "final_train_mse": train_mse,
               "test_mse": test_mse, "aligned": greedy_aligned(poles, eig, 0.05), "ms_per_epoch": ms,
               "cpu_ms_per_epoch": cpu_ms,
               "max_pole_modulus": max(abs(p) for p in poles)}
        rows.append(row)
        print(f"seed {seed:3d}  train {train_mse:.3e}  test {test_mse:.3e}  aligned {row['aligned']}  "
              f"max|pole| {row['max_pole_modulus']:.4f}  {ms:.2f} ms/epoch ({cpu_ms:.2f} CPU)", flush=True)
        if a.out:
            with open(a.out, "a") as f:
                f.write(json.dumps(row) + "\n")
    summarize(rows)


def cmd_export_seeds(a):
    """The notebook draws (and torch's default initial student) as initial-condition files for other trainers."""
    os.makedirs(a.dir, exist_ok=True)
    for seed in range(a.first, a.last + 1):
        poles, x, y = notebook_draw(seed)
        n_train = round(0.8 * x.shape[0])
        student = {k: v.detach().tolist() for k, v in default_student(seed).items()}
        student["activation"] = "linear"
        ic = {"seed": seed, "source": "torch-own-draws", "washout": 50, "lr": 0.01, "betas": [0.9, 0.999],
              "eps": 1e-8, "epochs": a.epochs, "match_threshold": 0.05,
              "poles": [[p.real, p.imag] for p in poles], "student": student,
              "train": {"inputs": x[:n_train].tolist(), "targets": y[:n_train].tolist()},
              "test": {"inputs": x[n_train:].tolist(), "targets": y[n_train:].tolist()}}
        path = os.path.join(a.dir, f"own{seed}.json")
        with open(path, "w") as f:
            json.dump(ic, f)
        print(path)


def summarize(rows, key="test_mse"):
    if not rows:
        return
    v = np.array([r[key] for r in rows])
    al = np.array([r["aligned"] for r in rows])
    ms = np.array([r["ms_per_epoch"] for r in rows])
    cpu = np.array([r.get("cpu_ms_per_epoch", math.nan) for r in rows])
    print(f"{len(rows)} runs: {key} median {np.median(v):.3e}, min {v.min():.3e}, max {v.max():.3e}, "
          f"geometric mean {math.exp(np.mean(np.log(np.maximum(v, 1e-300)))):.3e}; "
          f"runs with {key} <= 1e-5: {int(np.sum(v <= 1e-5))}")
    print(f"aligned poles (greedy, <= 0.05): median {np.median(al):g}, mean {al.mean():.2f}, counts {al.tolist()}")
    cpu_text = f"; CPU ms/epoch: median {np.nanmedian(cpu):.2f}" if np.isfinite(cpu).any() else ""
    print(f"ms/epoch (wall): median {np.median(ms):.2f}, min {ms.min():.2f}, max {ms.max():.2f}{cpu_text}")


def read_rows(path):
    """JSON lines (seeds/train --out, TrainFromInitialConditions), or the table SeedStudy prints."""
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
            elif line[:1].isdigit():  # SeedStudy: seed train test teacher max|pole| var greedy optimal ms diverged
                c = line.split()
                rows.append({"seed": int(c[0]), "test_mse": float(c[2]), "aligned": int(c[6]),
                             "ms_per_epoch": float(c[8])})
    return rows


def cmd_summarize(a):
    rows = []
    for path in a.files:
        rows += read_rows(path)
    summarize(rows)
    if a.median_of:
        # How likely is a median over n draws at or below the threshold, given this sample of the distribution?
        # The median of n (n even: the mean of the middle two; odd: the middle one) is <= x when more than n/2
        # (odd) or at least n/2 + 1 (even, conservatively) of the n runs are <= x: a binomial tail.
        from scipy.stats import binom
        v = np.array([r["test_mse"] for r in rows])
        for n in a.median_of:
            for x in a.threshold:
                p = float(np.mean(v <= x))
                need = n // 2 + 1
                print(f"P(median of {n} draws <= {x:g}) ~ {binom.sf(need - 1, n, p):.3f} "
                      f"(fraction of runs <= {x:g}: {p:.3f}; needs {need} of {n})")


def first_above(a, b, level):
    return next((i + 1 for i, (x, y) in enumerate(zip(a, b)) if rel(x, y) > level), None)


def cmd_report(a):
    """A Markdown table per seed: Java vs torch from identical initial conditions, and the chaos control."""
    rows = {}
    for path in a.ic:
        with open(path) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    rows[r["seed"]] = r
    control = {}
    for path in a.control or []:
        d = read_json(path)
        if "java_perturbed" in d:
            control[d["seed"]] = d
    fmt = lambda v: "-" if v is None else str(v)
    print("| seed | rel diff e1 | e10 | e100 | e1000 | e3000 | first epoch > 1e-6 J/T | same, J/J(1+1e-15) "
          "| Java test MSE | torch test MSE | perturbed-Java test MSE | aligned J/T |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    jt, tt = [], []
    for seed in sorted(rows):
        r = rows[seed]
        d = r.get("rel_diff", {})
        c = control.get(seed)
        until = r.get("first_epoch_rel_diff_above_1e-6")
        cu, ct = "-", "-"
        if c:
            cu = fmt(first_above(c["java"]["train_loss"], c["java_perturbed"]["train_loss"], 1e-6))
            ct = f"{c['java_perturbed']['final_test_mse']:.2e}"
        jt.append(r["java"]["test_mse"])
        tt.append(r["test_mse"])
        print(f"| {seed} | " + " | ".join(f"{d[str(e)]:.1e}" if str(e) in d else "-" for e in CHECK_EPOCHS)
              + f" | {'all 3000' if until is None else until} | {'all 3000' if cu == '-' and c else cu} "
              + f"| {r['java']['test_mse']:.2e} | {r['test_mse']:.2e} | {ct} "
              + f"| {r['java']['aligned']}/{r['aligned']} |")
    if jt:
        print(f"\nmedian test MSE over {len(jt)} seeds: Java {np.median(jt):.2e}, torch {np.median(tt):.2e} "
              f"(from identical initial conditions); seeds with test MSE <= 1e-5: Java "
              f"{sum(v <= 1e-5 for v in jt)}, torch {sum(v <= 1e-5 for v in tt)}")


def cmd_pair(a):
    """Per seed, the test MSE and aligned poles of two runs over the same draws (e.g. torch and Java)."""
    def load(path):
        with open(path) as f:
            return {r["seed"]: r for r in (json.loads(line) for line in f if line.strip())}
    x, y = load(a.a), load(a.b)
    print(f"| seed | {a.label_a} test MSE | {a.label_b} test MSE | ratio | aligned {a.label_a}/{a.label_b} |")
    print("|---:|---:|---:|---:|---:|")
    for seed in sorted(set(x) & set(y)):
        u, v = x[seed]["test_mse"], y[seed]["test_mse"]
        print(f"| {seed} | {u:.2e} | {v:.2e} | {u / v:.3g} | {x[seed]['aligned']}/{y[seed]['aligned']} |")
    for label, rows in ((a.label_a, x), (a.label_b, y)):
        print(f"{label}: ", end="")
        summarize([rows[s] for s in sorted(set(x) & set(y))])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("grad", help="loss and gradients of a model-exchange-format file, as `teach grad`")
    g.add_argument("model")
    g.add_argument("--impl", choices=("loop", "nn"), default="loop")
    g.set_defaults(run=cmd_grad)
    c = sub.add_parser("compare-grad", help="max relative error of `teach grad` against torch, per parameter")
    c.add_argument("models", nargs="+", metavar="MODEL.json")
    c.add_argument("--teach", help="command that runs teach (default: the repository's ./teach)")
    c.add_argument("--tol", type=float, default=1e-10)
    c.add_argument("--impl", choices=("loop", "nn", "both"), default="loop",
                   help="torch side: the explicit loop, nn.RNN, or both (nn.RNN for tanh/relu models; keys nn:...)")
    c.add_argument("--json", action="store_true", help="print the errors as JSON")
    c.set_defaults(run=cmd_compare_grad)
    t = sub.add_parser("train", help="train from the initial conditions Java exported")
    t.add_argument("ic")
    t.add_argument("--every", type=int, default=0, help="print the train loss every N epochs on stderr")
    t.add_argument("--epochs", type=int, default=0, help="override the epochs of IC.json")
    t.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (default: torch's default)")
    t.add_argument("--out", help="append the result as one JSON line")
    t.add_argument("--schedule", choices=("constant", "step", "exponential", "cosine", "plateau"),
                   help="an lr scheduler on Adam (or on LBFGS), stepped after every epoch")
    t.add_argument("--step-size", type=int, default=1000, help="StepLR step_size")
    t.add_argument("--gamma", type=float, default=0.1, help="StepLR/ExponentialLR gamma")
    t.add_argument("--t-max", type=int, default=3000, help="CosineAnnealingLR T_max")
    t.add_argument("--eta-min", type=float, default=0.0, help="CosineAnnealingLR eta_min")
    t.add_argument("--factor", type=float, default=0.1, help="ReduceLROnPlateau factor")
    t.add_argument("--patience", type=int, default=10, help="ReduceLROnPlateau patience")
    t.add_argument("--warmup", type=int, default=0, help="linear warm-up epochs (SequentialLR with LinearLR)")
    t.add_argument("--start-factor", type=float, default=0.1, help="LinearLR start_factor of the warm-up")
    t.add_argument("--lbfgs", action="store_true", help="torch.optim.LBFGS instead of Adam, one step per epoch")
    t.add_argument("--lbfgs-lr", type=float, default=1.0)
    t.add_argument("--max-iter", type=int, default=20)
    t.add_argument("--history-size", type=int, default=100)
    t.add_argument("--line-search", choices=("strong_wolfe", "none"), default="strong_wolfe")
    t.add_argument("--tolerance-grad", type=float, default=1e-7)
    t.add_argument("--tolerance-change", type=float, default=1e-9)
    t.set_defaults(run=cmd_train)
    sc = sub.add_parser("schedule", help="the lrs torch's schedulers give for the cases of a JSON file")
    sc.add_argument("cases")
    sc.set_defaults(run=cmd_schedule)
    lb = sub.add_parser("lbfgs", help="torch.optim.LBFGS on a test problem or an RNN, every evaluation recorded")
    lb.add_argument("problem")
    lb.set_defaults(run=cmd_lbfgs)
    s = sub.add_parser("seeds", help="the notebook pipeline with torch's own draws for seeds first..last")
    s.add_argument("--first", type=int, default=1)
    s.add_argument("--last", type=int, default=20)
    s.add_argument("--epochs", type=int, default=3000)
    s.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (default: torch's default)")
    s.add_argument("--out", help="append one JSON line per seed")
    s.set_defaults(run=cmd_seeds)
    x = sub.add_parser("export-seeds", help="write the notebook draws of seeds first..last as initial conditions")
    x.add_argument("--first", type=int, default=1)
    x.add_argument("--last", type=int, default=20)
    x.add_argument("--epochs", type=int, default=3000)
    x.add_argument("--dir", required=True)
    x.set_defaults(run=cmd_export_seeds)
    r = sub.add_parser("report", help="Markdown table: Java vs torch per seed, with the chaos control")
    r.add_argument("--ic", nargs="+", required=True, help="JSON lines written by train --out")
    r.add_argument("--control", nargs="*", help="files written by ExportInitialConditions --control")
    r.set_defaults(run=cmd_report)
    q = sub.add_parser("pair", help="per-seed test MSE of two runs over the same draws (JSON lines)")
    q.add_argument("a")
    q.add_argument("b")
    q.add_argument("--label-a", default="torch")
    q.add_argument("--label-b", default="java")
    q.set_defaults(run=cmd_pair)
    m = sub.add_parser("summarize", help="distribution over JSON lines from seeds/train --out")
    m.add_argument("files", nargs="+")
    m.add_argument("--median-of", type=int, nargs="*", help="also: chance that a median over N draws <= threshold")
    m.add_argument("--threshold", type=float, nargs="*", default=[1e-5])
    m.set_defaults(run=cmd_summarize)
    a = ap.parse_args(argv)
    a.run(a)


if __name__ == "__main__":
    main()
