"""Benchmark: yindi against py-ecomplexity and economic-complexity, at three sizes, in one run.

Each size is a fixed synthetic panel (``_panels.py``: lognormal values, about 40 % zeros, seed
20261123) given to every library as the same long table: 31 x 41 x 2 (China's provinces), 250 x
1,200 x 10 and 3,000 x 5,000 x 5 (45 million rows). Each library runs its full pipeline from that
table (pivoting included) to the measures it offers:

- py-ecomplexity 0.5.3 ``ecomplexity()`` (RCA, M, ECI, PCI, density, COI, COG) against
  ``yindi.diagnose(convention="py-ecomplexity")``;
- economic-complexity 0.3.0 (``rca``, ``complexity`` by reflections, ``proximity``,
  ``relatedness`` per year) against ``yindi.diagnose(method="reflections",
  convention="economic-complexity")``, which computes those and more.

Time is the best of ``--repeat`` runs (perf_counter); peak memory is tracemalloc's peak during a
separate run (numpy and pandas buffers are traced). Results are checked equal before any figure
is printed. The floor (``_panels.py``) is one read of the panel plus the three float64 matrix
products of the method at the same shape; yindi's time is also given as a multiple of it.

The large size runs each library in a child process (fresh memory, the process's peak RSS
reported too) with ``--peer-timeout`` seconds for the peers; py-ecomplexity is not started there
when its medium-size time already shows it cannot finish. Then ``firms.py``: a 50-million-row
firm table summed into a panel locally (DuckDB, Polars) and on Dask with 1 and 2 workers.

Usage: ``python benchmarks/run.py [--sizes small,medium,large --repeat 3 --firms 50000000
--out bench-out]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import yindi
from yindi.errors import ComputationWarning

sys.path.insert(0, str(Path(__file__).parent))
from _panels import SIZES, Size, floor_seconds, synthetic_panel  # noqa: E402


def run_py_ecomplexity(df: pd.DataFrame) -> pd.DataFrame:
    from ecomplexity import ecomplexity

    cols = {"time": "year", "loc": "region", "prod": "activity", "val": "value"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(df, cols, check_logsupermodularity=False, verbose=False)


def run_economic_complexity(df: pd.DataFrame) -> dict[int, dict[str, Any]]:
    import economic_complexity as ec

    out: dict[int, dict[str, Any]] = {}
    for year, part in df.groupby("year"):
        wide = part.pivot_table(index="region", columns="activity", values="value", fill_value=0)
        rca = ec.rca(wide)
        eci, pci = ec.complexity(rca)
        prox = ec.proximity(rca)
        dens = ec.relatedness(rca, proximities=prox)
        out[int(year)] = {"rca": rca, "eci": eci, "pci": pci, "proximity": prox, "density": dens}
    return out


def run_yindi_pyec(df: pd.DataFrame) -> yindi.DiagnoseResult:
    # The synthetic panel has no structure, so the reliability warnings fire every year; the
    # benchmark measures time, not advice, and silences them as it does the peers'.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ComputationWarning)
        return yindi.diagnose(df, convention="py-ecomplexity")


def run_yindi_ec(df: pd.DataFrame) -> yindi.DiagnoseResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ComputationWarning)
        return yindi.diagnose(df, method="reflections", convention="economic-complexity")


def best_time(fn: Callable[[pd.DataFrame], Any], df: pd.DataFrame, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn(df)
        times.append(time.perf_counter() - t0)
    return min(times)


def peak_memory(fn: Callable[[pd.DataFrame], Any], df: pd.DataFrame) -> tuple[int, Any]:
    gc.collect()
    tracemalloc.start()
    result = fn(df)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, result


def max_diff_py_ecomplexity(ours: yindi.DiagnoseResult, ref: pd.DataFrame) -> float:
    ra = ours.region_activity.astype({"region": str, "activity": str})
    ref = ref.rename(columns={c: f"{c}_ref" for c in ("rca", "mcp", "density", "pci", "cog")})
    merged = ra.merge(ref, on=["region", "activity", "year"], how="inner", validate="1:1")
    if len(merged) != len(ra):
        raise AssertionError("py-ecomplexity and yindi cover different rows")
    worst = max(
        float(np.nanmax(np.abs(merged[c].astype(float) - merged[f"{c}_ref"].astype(float))))
        for c in ("rca", "mcp", "density", "pci", "cog")
    )
    reg = ours.region.astype({"region": str}).merge(
        ref.drop_duplicates(["region", "year"])[["region", "year", "eci", "coi"]],
        on=["region", "year"],
        suffixes=("", "_ref"),
    )
    for c in ("eci", "coi"):
        worst = max(worst, float(np.nanmax(np.abs(reg[c] - reg[f"{c}_ref"]))))
    return worst


def max_diff_economic_complexity(ours: yindi.DiagnoseResult, ref: dict[int, Any]) -> float:
    worst = 0.0
    reg = ours.region.astype({"region": str}).set_index(["year", "region"])["eci"]
    act = ours.activity.astype({"activity": str}).set_index(["year", "activity"])["pci"]
    ra = ours.region_activity.astype({"region": str, "activity": str})
    ra = ra.set_index(["year", "region", "activity"])
    for year, res in ref.items():
        worst = max(worst, float(np.max(np.abs(reg.loc[year].loc[res["eci"].index] - res["eci"]))))
        worst = max(worst, float(np.max(np.abs(act.loc[year].loc[res["pci"].index] - res["pci"]))))
        for col in ("rca", "density"):
            wide = ra.loc[year][col].unstack().loc[res[col].index, res[col].columns]
            worst = max(worst, float(np.nanmax(np.abs(wide.to_numpy() - res[col].to_numpy()))))
        prox = ours.proximity(year).loc[res["proximity"].index, res["proximity"].columns]
        worst = max(worst, float(np.max(np.abs(prox.to_numpy() - res["proximity"].to_numpy()))))
    return worst


PAIRS: list[tuple[str, Callable[..., Any], Callable[..., Any], Callable[..., float]]] = [
    ("py-ecomplexity 0.5.3", run_py_ecomplexity, run_yindi_pyec, max_diff_py_ecomplexity),
    (
        "economic-complexity 0.3.0",
        run_economic_complexity,
        run_yindi_ec,
        max_diff_economic_complexity,
    ),
]
WORKERS = {
    "py-ecomplexity": run_py_ecomplexity,
    "economic-complexity": run_economic_complexity,
    "yindi-pyec": run_yindi_pyec,
    "yindi-ec": run_yindi_ec,
}


def in_process(size: Size, repeat: int) -> list[dict[str, Any]]:
    """Small and medium: every library in this process, results compared first."""
    df = synthetic_panel(size)
    floor = floor_seconds(df, repeat)
    rows = []
    for peer_name, peer, ours, check in PAIRS:
        peer_mem, peer_result = peak_memory(peer, df)
        our_mem, our_result = peak_memory(ours, df)
        diff = check(our_result, peer_result)
        del peer_result, our_result
        peer_t = best_time(peer, df, 1 if peer is run_py_ecomplexity else repeat)
        our_t = best_time(ours, df, repeat)
        rows.append(
            _row(size, peer_name, peer_t, our_t, peer_mem / 2**20, our_mem / 2**20, floor, diff)
        )
    return rows


def _row(
    size: Size,
    peer: str,
    peer_t: float | None,
    our_t: float,
    peer_mb: float | None,
    our_mb: float,
    floor: float,
    diff: float | None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "size": size.label,
        "peer": peer,
        "peer_seconds": peer_t,
        "yindi_seconds": our_t,
        "speedup": None if peer_t is None else peer_t / our_t,
        "peer_peak_mb": peer_mb,
        "yindi_peak_mb": our_mb,
        "floor_seconds": floor,
        "yindi_over_floor": our_t / floor,
        "max_abs_difference": diff,
    } | extra


def child(
    worker: str, size: str, timeout: float | None = None, memory_gb: float | None = None
) -> dict[str, Any]:
    """Run one library (or the floor) at one size in a fresh process; its JSON line or why not."""
    cmd = [sys.executable, __file__, "--worker", worker, "--sizes", size]

    def limit() -> None:  # a peer that needs more memory fails with MemoryError, not the machine
        if memory_gb:
            cap = int(memory_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, preexec_fn=limit
        )
    except subprocess.TimeoutExpired:
        return {"failed": f"did not finish in {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"failed": f"failed: {last[:120]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_worker(worker: str, size: Size) -> None:
    df = synthetic_panel(size)
    if worker == "floor":
        print(json.dumps({"seconds": floor_seconds(df, 1)}))
        return
    fn = WORKERS[worker]
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    result = fn(df)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out = {"seconds": seconds, "peak_mb": peak / 2**20, "rss_mb": rss / 2**20}
    if isinstance(result, yindi.DiagnoseResult):
        out["compact"] = result.compact
    print(json.dumps(out))


def in_children(
    size: Size, timeout: float, memory_gb: float, medium: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The large size: each library in its own process (time and memory of one run each)."""
    floor = child("floor", size.name)["seconds"]
    rows = []
    for (peer_name, _, _, _), peer_key, our_key in zip(
        PAIRS, ("py-ecomplexity", "economic-complexity"), ("yindi-pyec", "yindi-ec"), strict=True
    ):
        ours = child(our_key, size.name)
        if "failed" in ours:
            raise SystemExit(f"yindi at {size.label}: {ours['failed']}")
        before = [
            r["peer_seconds"]
            for r in medium
            if r["peer"] == peer_name and r["size"] == SIZES["medium"].label
        ]
        work = size.cells / SIZES["medium"].cells
        if before and before[0] * work > 5 * timeout:  # at least linear in the cells: hopeless
            peer = {
                "failed": f"not started: {before[0]:.0f} s at the medium size, >= {work:.0f}x the work here"
            }
        else:
            peer = child(peer_key, size.name, timeout=timeout, memory_gb=memory_gb)
        ok = "failed" not in peer
        rows.append(
            _row(
                size,
                peer_name,
                peer["seconds"] if ok else None,
                ours["seconds"],
                peer["peak_mb"] if ok else None,
                ours["peak_mb"],
                floor,
                None,
                yindi_rss_mb=ours["rss_mb"],
                compact=ours.get("compact"),
                peer_note="" if ok else peer["failed"],
            )
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="small,medium,large")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--peer-timeout", type=float, default=300.0)
    ap.add_argument("--peer-memory-gb", type=float, default=12.0)
    ap.add_argument("--firms", type=int, default=50_000_000, help="0 skips the firm table")
    ap.add_argument("--out", default="bench-out")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sizes = [SIZES[s] for s in args.sizes.split(",")]
    if args.worker:
        run_worker(args.worker, sizes[0])
        return

    rows: list[dict[str, Any]] = []
    for size in sizes:
        print(f"panel {size.label} ...", flush=True)
        if size.name == "large":
            rows += in_children(size, args.peer_timeout, args.peer_memory_gb, rows)
        else:
            rows += in_process(size, args.repeat)
    table = pd.DataFrame(rows)
    shown = [
        c
        for c in (
            "size",
            "peer",
            "peer_seconds",
            "yindi_seconds",
            "speedup",
            "floor_seconds",
            "yindi_over_floor",
            "peer_peak_mb",
            "yindi_peak_mb",
            "max_abs_difference",
        )
    ]
    with pd.option_context("display.width", 250, "display.float_format", "{:.3g}".format):
        print(table[shown].to_string(index=False))
    for r in rows:
        peer = (
            f"{r['speedup']:.1f}x faster than {r['peer']}"
            if r["speedup"]
            else f"{r['peer']} {r.get('peer_note', '')}"
        )
        diff = (
            "" if r["max_abs_difference"] is None else f", equal to {r['max_abs_difference']:.1e}"
        )
        rss = f", process peak RSS {r['yindi_rss_mb']:,.0f} MB" if r.get("yindi_rss_mb") else ""
        print(
            f"{r['size']}: yindi {r['yindi_seconds']:.2f} s = {r['yindi_over_floor']:.2f}x the floor "
            f"({r['floor_seconds']:.2f} s); {peer}; peak {r['yindi_peak_mb']:,.0f} MB{rss}{diff}"
        )
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    firms: list[dict[str, Any]] = []
    if args.firms:
        from firms import run as run_firms

        firms = run_firms(args.firms, out)
        for f in firms:
            print(f"firms ({args.firms:,} rows): {f['engine']}: {f['seconds']:.1f} s")
    record = {"args": vars(args), "results": rows, "firms": firms}
    (out / "benchmark.json").write_text(json.dumps(record, indent=2, default=str))


if __name__ == "__main__":
    main()
