"""yindi.aggregate: firm records summed into a panel by DuckDB and Polars.

The reference is pandas' own ``groupby(...).sum()`` on the same records, validated as a panel
(``Panel.from_frame``): every engine must give exactly that panel (the values are whole
numbers, so the sums are exact in any order), and diagnosing it must give the same numbers.
Bad input must fail with an InputError naming the column or file and the fix.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import yindi
from yindi.data import Panel
from yindi.errors import ComputationWarning, InputError, OptionError

pytest.importorskip("pyarrow")


def _engines() -> list[str]:
    found = []
    for name in ("duckdb", "polars"):
        try:
            __import__(name)
            found.append(name)
        except ImportError:
            pass
    return found


ENGINES = _engines()
pytestmark = pytest.mark.skipif(not ENGINES, reason="needs duckdb or polars (yindi[scale])")


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 20_000
    return pd.DataFrame(
        {
            "firm_id": np.arange(n),
            "province": rng.choice([f"P{i:02d}" for i in range(12)], n),
            "sector": rng.choice([f"S{i:02d}" for i in range(25)], n),
            "yr": rng.choice([2018, 2019, 2020], n),
            "employees": rng.integers(0, 500, n).astype(float),
        }
    )


def _reference(firms: pd.DataFrame, value: str | None = "employees") -> Panel:
    keys = ["province", "sector", "yr"]
    summed = (
        firms.groupby(keys, as_index=False)[value].sum()
        if value
        else firms.groupby(keys, as_index=False).size().rename(columns={"size": "n"})
    )
    frame = Panel.from_frame(
        summed, region="province", activity="sector", year="yr", value=value or "n", aliases=False
    ).frame
    return Panel(frame.sort_values(["year", "region", "activity"], ignore_index=True))


@pytest.fixture(scope="module")
def files(firms: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    folder = tmp_path_factory.mktemp("firms")
    parquet, csv = [], []
    for i, part in enumerate(np.array_split(np.arange(len(firms)), 3)):
        chunk = firms.iloc[part]
        parquet.append(folder / f"part{i}.parquet")
        chunk.to_parquet(parquet[-1], index=False)
        csv.append(folder / f"part{i}.csv")
        chunk.to_csv(csv[-1], index=False)
    return {"parquet": parquet, "csv": csv, "folder": [folder]}


MAP = {"region": "province", "activity": "sector", "year": "yr", "value": "employees"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", ["parquet", "csv", "glob", "frame", "polars"])
def test_sums_equal_pandas_groupby(engine, kind, firms, files):
    source = {
        "parquet": files["parquet"],
        "csv": files["csv"],
        "glob": str(files["parquet"][0].parent / "*.parquet"),
        "frame": firms,
    }.get(kind)
    if kind == "polars":
        pl = pytest.importorskip("polars")
        source = pl.from_pandas(firms)
    panel = yindi.aggregate(source, engine=engine, **MAP)
    pd.testing.assert_frame_equal(panel.frame, _reference(firms).frame, check_exact=True)
    assert f"aggregated {len(firms):,} records" in panel.notes[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_counting_records_and_positive_part(engine, firms):
    counts = yindi.aggregate(firms, engine=engine, **(MAP | {"value": None}))
    pd.testing.assert_frame_equal(counts.frame, _reference(firms, None).frame, check_exact=True)
    losses = firms.assign(employees=firms["employees"] - 100)
    clipped = yindi.aggregate(losses, engine=engine, negatives="positive_part", **MAP)
    expected = _reference(losses.assign(employees=losses["employees"].clip(lower=0)))
    pd.testing.assert_frame_equal(clipped.frame, expected.frame, check_exact=True)


def test_diagnosis_of_the_aggregate_equals_the_pandas_path(firms):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ComputationWarning)
        ours = yindi.diagnose(yindi.aggregate(firms, engine=ENGINES[0], **MAP))
        ref = yindi.diagnose(
            firms.groupby(["province", "sector", "yr"], as_index=False)["employees"].sum(),
            region="province",
            activity="sector",
            year="yr",
            value="employees",
        )
    for name in ("region_activity", "region", "activity"):
        pd.testing.assert_frame_equal(getattr(ours, name), getattr(ref, name), check_exact=True)


def _bad(tmp_path, firms):
    text = firms.head(50).astype({"employees": object})
    text.loc[7, "employees"] = "12万"
    text.to_csv(tmp_path / "text.csv", index=False)
    negative = firms.head(50).copy()
    negative.loc[3, "employees"] = -4.0
    negative.to_parquet(tmp_path / "negative.parquet", index=False)
    (tmp_path / "junk.parquet").write_bytes(b"not a parquet file at all")
    (tmp_path / "empty.csv").write_bytes(b"")
    missing = firms.head(50).copy()
    missing.loc[5, "employees"] = np.nan
    blank = firms.head(50).copy()
    blank.loc[2, "province"] = "  "
    return {
        "missing column": (
            firms.drop(columns="employees"),
            ["'employees'", "(the value)", "value="],
        ),
        "non-numeric": (
            tmp_path / "text.csv",
            ["text.csv", "'employees'", "'12万'", "not numbers"],
        ),
        "negative": (tmp_path / "negative.parquet", ["negative.parquet", "-4.0", "positive_part"]),
        "unreadable": (tmp_path / "junk.parquet", ["junk.parquet", "not a Parquet file"]),
        "empty file": (tmp_path / "empty.csv", ["empty.csv", "empty"]),
        "no such file": (tmp_path / "nope.parquet", ["nope.parquet", "not found"]),
        "missing value": (missing, ["missing value", "'employees'", "never treats a gap as 0"]),
        "blank key": (blank, ["blank keys", "'  '"]),
        "boolean value": (firms.assign(employees=True), ["boolean", "value=None"]),
    }


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "case",
    [
        "missing column",
        "non-numeric",
        "negative",
        "unreadable",
        "empty file",
        "no such file",
        "missing value",
        "blank key",
        "boolean value",
    ],
)
def test_bad_input_names_the_problem_and_the_fix(engine, case, tmp_path, firms):
    source, words = _bad(tmp_path, firms)[case]
    with pytest.raises(InputError) as info:
        yindi.aggregate(source, engine=engine, **MAP)
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def test_bad_options():
    with pytest.raises(OptionError, match="engine='spark'"):
        yindi.aggregate(pd.DataFrame(), engine="spark")
    with pytest.raises(OptionError, match="negatives='drop'"):
        yindi.aggregate(pd.DataFrame(), negatives="drop")
