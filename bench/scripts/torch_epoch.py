#!/usr/bin/env python3
"""CPU time of one PyTorch training epoch of the docs/DESIGN.md recurrence, for side-by-side speed ratios.

One epoch = forward over the whole batch, full BPTT by autograd, one torch.optim.Adam step: what `teach run`
calls an epoch. Random data and PyTorch-default initialisation (the numbers do not matter, only the time).

    /usr/bin/python3 bench/scripts/torch_epoch.py --hidden 256 --batch 64 --length 200 --activation tanh \
        --dtype float32 --threads 1 --epochs 20

Prints one JSON line: the case, torch version, threads, and per-epoch CPU and wall milliseconds (best and median
over the timed epochs, after --warmup untimed ones). Two implementations: `loop` (addmm per step, as
torch_reference.py) and `nn` (torch.nn.RNN, tanh/relu only; its fused C++ loop is what most users run).
"""
import argparse
import json
import statistics
import time

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hidden", type=int, default=5)
    p.add_argument("--inputs", type=int, default=1)
    p.add_argument("--outputs", type=int, default=1)
    p.add_argument("--batch", type=int, default=80)
    p.add_argument("--length", type=int, default=150)
    p.add_argument("--washout", type=int, default=50)
    p.add_argument("--activation", choices=("linear", "tanh", "relu"), default="linear")
    p.add_argument("--dtype", choices=("float32", "float64"), default="float64")
    p.add_argument("--impl", choices=("loop", "nn"), default="loop")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    dtype = torch.float32 if a.dtype == "float32" else torch.float64
    torch.manual_seed(1)
    x = torch.randn(a.batch, a.length, a.inputs, dtype=dtype)
    y = torch.randn(a.batch, a.length, a.outputs, dtype=dtype)
    if a.impl == "nn":
        if a.activation == "linear":
            raise SystemExit("torch_epoch: nn.RNN has no linear activation; use --impl loop")
        rnn = torch.nn.RNN(a.inputs, a.hidden, nonlinearity=a.activation, bias=False, batch_first=True).to(dtype)
        head = torch.nn.Linear(a.hidden, a.outputs, bias=False).to(dtype)
        params = list(rnn.parameters()) + list(head.parameters())

        def forward():
            hs, _ = rnn(x)
            return head(hs)
    else:
        rnn = torch.nn.RNN(a.inputs, a.hidden, bias=False, batch_first=True).to(dtype)  # for its init only
        w_ih = rnn.weight_ih_l0.detach().clone().requires_grad_(True)
        w_hh = rnn.weight_hh_l0.detach().clone().requires_grad_(True)
        w_ho = torch.nn.Linear(a.hidden, a.outputs, bias=False).to(dtype).weight.detach().clone().requires_grad_(True)
        params = [w_ih, w_hh, w_ho]
        f = {"linear": lambda z: z, "tanh": torch.tanh, "relu": torch.relu}[a.activation]

        def forward():
            drive = (x @ w_ih.T).transpose(0, 1)
            h = torch.zeros(a.batch, a.hidden, dtype=dtype)
            w_hh_t = w_hh.T
            hs = []
            for t in range(a.length):
                h = f(torch.addmm(drive[t], h, w_hh_t))
                hs.append(h)
            return torch.stack(hs, dim=1) @ w_ho.T
    opt = torch.optim.Adam(params, lr=1e-3)
    cpu, wall = [], []
    for e in range(a.warmup + a.epochs):
        c0, w0 = time.thread_time(), time.perf_counter()
        opt.zero_grad()
        out = forward()
        loss = ((out[:, a.washout:] - y[:, a.washout:]) ** 2).mean()
        loss.backward()
        opt.step()
        c1, w1 = time.thread_time(), time.perf_counter()
        if e >= a.warmup:
            cpu.append((c1 - c0) * 1e3)
            wall.append((w1 - w0) * 1e3)
    print(json.dumps({"hidden": a.hidden, "batch": a.batch, "length": a.length, "activation": a.activation,
                      "dtype": a.dtype, "impl": a.impl, "torch": torch.__version__,
                      "threads": torch.get_num_threads(), "epochs": a.epochs,
                      "cpu_ms_best": min(cpu), "cpu_ms_median": statistics.median(cpu),
                      "wall_ms_best": min(wall), "wall_ms_median": statistics.median(wall)}))


if __name__ == "__main__":
    main()
