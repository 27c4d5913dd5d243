"""NumPy/LAPACK reference timings for EigenBenchmark and QrBenchmark (same sizes, random normal matrices).

Run single-threaded and leave OPENBLAS_CORETYPE as the environment sets it:
    OPENBLAS_NUM_THREADS=1 python3 bench/scripts/numpy_linalg.py
Prints two columns per operation: wall time (timeit, best of 5) and CPU time of the process
(time.process_time, best of 5) in microseconds per call. On a shared machine the CPU time is the stable
one; compare it with `./teach bench --only linalg`'s. Python's call overhead is in every number (see the "noop" row).
"""
import time
import timeit

import numpy as np


def best(f, clock, target=0.3):
    n = 1
    while True:
        t0 = clock()
        for _ in range(n):
            f()
        dt = clock() - t0
        if dt > 0.03:
            break
        n *= 2
    n = max(1, int(n * target / dt))
    result = float("inf")
    for _ in range(5):
        t0 = clock()
        for _ in range(n):
            f()
        result = min(result, (clock() - t0) / n)
    return result * 1e6


def main():
    rng = np.random.default_rng(20261129)
    print("numpy", np.__version__)
    print(f"{'n':>4} {'operation':>8} {'wall us':>12} {'cpu us':>12}")
    for n in (5, 16, 64, 256):
        a = rng.standard_normal((n, n))
        ops = {
            "eigvals": lambda: np.linalg.eigvals(a),
            "eig": lambda: np.linalg.eig(a),
            "qr": lambda: np.linalg.qr(a),
            "qr_r": lambda: np.linalg.qr(a, mode="r"),
            "noop": lambda: np.linalg.norm(a[:1, :1]),
        }
        for name, f in ops.items():
            print(f"{n:>4} {name:>8} {best(f, timeit.default_timer):>12.2f} {best(f, time.process_time):>12.2f}",
                  flush=True)


if __name__ == "__main__":
    main()
