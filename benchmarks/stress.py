"""Benchmark of the stress stage: the figures the stress issue sets.

1. ``stress()`` with the four shipped scenarios on the embedded 31-province multi-regional table,
   on the table as published and on both portfolios (the coordinate result computed first,
   not timed);
2. all single-sector hypothetical extractions of that table (rank-one updates of L), against
   re-solving ``(I - A)`` with numpy for a sample of sectors (the ratio is per extraction);
3. the Leontief inverse of a synthetic 300-region x 42-sector table (12,600 sectors): time and
   peak resident memory, each in its own process, yindi's LAPACK route and pymrio's ``calc_L``,
   and their ratio (``--big``, which ``make bench`` passes; about three minutes and 4 GB on a
   2-core machine).

Usage: ``python benchmarks/stress.py [--big]``. Times are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="also the 12,600-sector inverse")
    parser.add_argument("--inverse", choices=INVERSES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inverse:
        inverse_in_this_process(args.inverse)
        return

    import yindi
    from yindi.measures.io import hypothetical_extraction, io_system
    from yindi.stages.stress import embedded_economy, stress

    warnings.simplefilter("ignore")
    plan = yindi.plan(with_productivity=False)
    coordination = yindi.coordinate(plan)
    seconds, result = best(lambda: stress(coordination=coordination), args.repeat)
    print(f"stress(): 4 scenarios x 3 economies x 2 models, 31 provinces: {seconds:.2f} s")

    economy = embedded_economy(yindi.datasets.china_provinces())
    z, x = economy.Z, economy.x  # sectors without output already dropped
    core = io_system(z, x=x, engine="lapack", ghosh=False)
    n = len(x)
    seconds, losses = best(lambda: hypothetical_extraction(core.L, x), args.repeat)
    a = core.A.to_numpy()
    y = (np.eye(n) - a) @ x.to_numpy()  # final demand consistent with x
    sample = list(range(0, n, max(1, n // 20)))

    def resolve(j: int) -> np.ndarray:
        rest = np.ones(n, bool)
        rest[j] = False
        kept = np.linalg.solve(np.eye(rest.sum()) - a[np.ix_(rest, rest)], y[rest])
        out = x.to_numpy().copy()
        out[rest] -= kept
        return out

    start = time.perf_counter()
    for j in sample:
        np.testing.assert_allclose(losses.iloc[:, j].to_numpy(), resolve(j), rtol=1e-8, atol=1e-3)
    per_solve = (time.perf_counter() - start) / len(sample)
    print(
        f"all {n} single extractions by rank-one updates: {seconds:.3f} s; a full re-solve "
        f"takes {per_solve:.3f} s each, {per_solve * n:.1f} s for all ({per_solve * n / seconds:.0f}x)"
    )

    if not args.big:
        print("(--big: the 12,600-sector inverse)")
        return
    seconds = {}
    for name in INVERSES:
        # Each in a fresh process: time without tracemalloc (whose hooks slowed the threaded
        # LAPACK call by half here) and the process's peak resident memory, the 1.3 GB input
        # included.
        out = subprocess.run(
            [sys.executable, __file__, "--inverse", name], capture_output=True, text=True
        )
        if out.returncode:
            print(f"{name}: failed\n{out.stderr[-2000:]}")
            return
        seconds[name], gib = json.loads(out.stdout.splitlines()[-1])
        print(f"{name}, {BIG} sectors: {seconds[name]:.0f} s, peak RSS {gib:.1f} GiB")
    ours, theirs = seconds.values()
    print(f"pymrio / yindi: {theirs / ours:.2f}x")


#: the synthetic 300-region x 42-sector table of ``--big``
BIG = 300 * 42
INVERSES = ("yindi leontief_inverse (LAPACK getrf + getri)", "pymrio calc_L")


def inverse_in_this_process(name: str) -> None:
    """Time one Leontief inverse of the synthetic table; print [seconds, peak RSS in GiB]."""
    rng = np.random.default_rng(20261205)
    big = pd.DataFrame(rng.random((BIG, BIG)) * (0.6 / BIG))
    if name == INVERSES[0]:
        from yindi.measures.io import leontief_inverse as inverse
    else:
        from pymrio import calc_L as inverse
    start = time.perf_counter()
    inverse(big)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux
    print(json.dumps([seconds, rss]))


if __name__ == "__main__":
    main()
