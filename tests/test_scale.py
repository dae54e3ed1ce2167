"""The Dask backend (yindi.scale) on a LocalCluster: the same numbers as the local path.

- aggregation: ``yindi.scale.aggregate`` over Parquet files and over a Dask DataFrame gives the
  panel ``yindi.aggregate`` gives (whole-number values: exactly; fractions: to round-off);
- per-year kernels: ``diagnose(..., executor=client)`` gives the local result, warnings
  included, and so does a plain ``concurrent.futures`` executor.
"""

from __future__ import annotations

import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

import yindi
from yindi.errors import ComputationWarning, InputError

pytest.importorskip("duckdb")
distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")
scale = pytest.importorskip("yindi.scale")


@pytest.fixture(scope="module")
def client():
    # Two worker processes, as on a real cluster (the tasks are pickled to them).
    with scale.connect(n_workers=2, threads_per_worker=1, dashboard_address=None) as c:
        yield c
        c.cluster.close()


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 30_000
    employees = rng.integers(1, 300, n)
    return pd.DataFrame(
        {
            "region": rng.choice([f"R{i}" for i in range(15)], n),
            "activity": rng.choice([f"A{i:02d}" for i in range(30)], n),
            "year": rng.choice([2019, 2020], n),
            "employees": employees.astype(float),
            "output": employees * rng.lognormal(2.0, 1.0, n),
        }
    )


@pytest.fixture(scope="module")
def parquet(firms, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("dask-firms")
    for i, rows in enumerate(np.array_split(np.arange(len(firms)), 4)):
        firms.iloc[rows].to_parquet(folder / f"part{i}.parquet", index=False)
    return str(folder / "*.parquet")


def test_files_on_dask_equal_the_local_aggregate(client, parquet):
    local = yindi.aggregate(parquet, value="employees", engine="duckdb")
    for per_task in (1, 3):
        spread = scale.aggregate(parquet, client=client, value="employees", files_per_task=per_task)
        pd.testing.assert_frame_equal(spread.frame, local.frame, check_exact=True)
    fractions = scale.aggregate(parquet, client=client, value="output")
    reference = yindi.aggregate(parquet, value="output", engine="duckdb")
    pd.testing.assert_frame_equal(fractions.frame, reference.frame, rtol=1e-12)


def test_a_dask_dataframe_equals_the_pandas_sums(client, firms):
    spread = scale.aggregate(dd.from_pandas(firms, npartitions=3), client=client, value="employees")
    summed = firms.groupby(["year", "region", "activity"], as_index=False)["employees"].sum()
    assert len(spread.frame) == len(summed)
    np.testing.assert_array_equal(spread.frame["value"].to_numpy(), summed["employees"].to_numpy())
    np.testing.assert_array_equal(spread.frame["region"].astype(str), summed["region"])


def test_bad_records_on_dask_are_named_with_their_file(client, firms, tmp_path):
    bad = firms.head(100).copy()
    bad.loc[9, "employees"] = -1.0
    bad.to_parquet(tmp_path / "bad.parquet", index=False)
    with pytest.raises(InputError, match=r"bad\.parquet.*negative value"):
        scale.aggregate(str(tmp_path / "bad.parquet"), client=client, value="employees")
    with pytest.raises(InputError, match="'staff' .*not found"):
        scale.aggregate(str(tmp_path / "bad.parquet"), client=client, value="staff")


@pytest.mark.parametrize("kind", ["dask", "threads"])
def test_per_year_kernels_as_tasks_equal_the_local_run(client, kind):
    panel = yindi.datasets.china_provinces()
    with warnings.catch_warnings(record=True) as local_warnings:
        warnings.simplefilter("always")
        local = yindi.diagnose(panel, rca_threshold=2.0)
    executor = client if kind == "dask" else ThreadPoolExecutor(2)
    with warnings.catch_warnings(record=True) as task_warnings:
        warnings.simplefilter("always")
        spread = yindi.diagnose(panel, rca_threshold=2.0, executor=executor)
    for name in ("region_activity", "region", "activity", "diagnostics"):
        pd.testing.assert_frame_equal(getattr(spread, name), getattr(local, name), check_exact=True)
    computed = [str(w.message) for w in local_warnings if w.category is ComputationWarning]
    assert computed, "the test needs a year with a warning (zero degree at rca_threshold=2)"
    assert [str(w.message) for w in task_warnings if w.category is ComputationWarning] == computed
