"""Two hand-built runs with known differences, saved into a real store: ``compare_runs``
against the differences written out by hand, ``Store.query`` (DuckDB) against pandas on the
runs read back, and a store path that is None refused instead of becoming a folder "None"."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import require_module

from yindi.stages.coordinate import CoordinateResult
from yindi.store import (
    MissingDuckDBError,
    Store,
    StoredCatalogue,
    StoredPlan,
    StoreError,
    compare_runs,
    query,
)

RECORD = {"command": "plan", "input": {"dataset": "hand-built"}, "options": {}, "versions": {}}


def _plan(paths: list[tuple[str, str, str, float, int]], *, weight: float) -> StoredPlan:
    frame = pd.DataFrame(paths, columns=["region", "track", "industry", "score", "rank"])
    frame.insert(3, "name_en", frame["industry"].str.upper())
    frame.insert(4, "name_zh", "中" + frame["industry"])
    regions = pd.DataFrame({"region": ["R1", "R2"], "name_en": ["R1", "R2"]})
    industries = pd.DataFrame({"id": ["w", "x", "y", "z", "q"], "name_en": list("WXYZQ")})
    return StoredPlan(
        year=2017,
        options={"endowment_weight": weight, "measure": "gross_output"},
        inputs={"dataset": "hand-built"},
        record=RECORD,
        frames={"paths": frame, "types": pd.DataFrame({"region": ["R1", "R2"]})},
        state={"regions": regions, "activities": pd.DataFrame({"activity": ["s"]})},
        catalogue=StoredCatalogue({"industries": industries}),
    )


def _coordination(rows: list[tuple[str, str, bool]], **options: object) -> CoordinateResult:
    allocation = pd.DataFrame(rows, columns=["region", "industry", "selected"])
    allocation.insert(2, "name_en", allocation["industry"].str.upper())
    allocation.insert(3, "name_zh", "中" + allocation["industry"])
    allocation.insert(4, "track", "cultivate")
    empty = {n: pd.DataFrame() for n in CoordinateResult._tables if n != "allocation"}
    return CoordinateResult(
        allocation=allocation, **empty, solve={"status": "optimal"}, options=options
    )


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Store, str, str]:
    """Run A and run B (module docstring); B differs from A exactly as the tests spell out."""
    store = Store(tmp_path_factory.mktemp("compare") / "store")
    plan_a = _plan(
        [
            ("R1", "cultivate", "x", 0.90, 1),
            ("R1", "cultivate", "y", 0.80, 2),
            ("R1", "cultivate", "z", 0.50, 3),
            ("R2", "transform", "s", 0.70, 1),
        ],
        weight=0.35,
    )
    plan_b = _plan(
        [
            ("R1", "cultivate", "y", 0.95, 1),  # +0.15, up from 2 to 1
            ("R1", "cultivate", "x", 0.90, 2),  # same score, down from 1 to 2
            ("R1", "cultivate", "w", 0.60, 3),  # only in B
            ("R2", "transform", "s", 0.40, 1),  # -0.30                (z: only in A)
        ],
        weight=0.5,
    )
    coord_a = _coordination(
        [("R1", "x", True), ("R1", "y", True), ("R2", "s", True), ("R2", "q", False)],
        participation_max=3,
        families={"budgets": True, "hubs": True},
    )
    coord_b = _coordination(
        [("R1", "x", True), ("R1", "y", False), ("R2", "s", True), ("R2", "q", True)],
        participation_max=2.0,
        families={"budgets": False, "hubs": True},
    )
    a = store.save(plan_a, coordination=coord_a, label="A")
    b = store.save(plan_b, coordination=coord_b, label="B")
    return store, a.run_id, b.run_id


def test_compare_two_hand_built_runs(pair) -> None:
    store, a, b = pair
    diff = compare_runs(store.load(a), store.load(b), top=2)
    # Allocation, by hand: A selects R1 x, R1 y, R2 s; B selects R1 x, R2 s, R2 q.
    alloc = diff.allocation.set_index(["region", "industry"])["status"].to_dict()
    assert alloc == {
        ("R1", "y"): "only A",
        ("R2", "q"): "only B",
        ("R1", "x"): "both",
        ("R2", "s"): "both",
    }
    assert list(diff.allocation["status"]) == ["only A", "only B", "both", "both"]
    assert diff.allocation.set_index("industry").loc["q", "name_en"] == "Q"
    # Per region: R1 2 -> 1 (lost y), R2 1 -> 2 (gained q).
    expected = pd.DataFrame(
        {
            "region": ["R1", "R2"],
            "items_a": [2, 1],
            "items_b": [1, 2],
            "change": [-1, 1],
            "gained": [0, 1],
            "lost": [1, 0],
        }
    )
    pd.testing.assert_frame_equal(diff.by_region, expected, check_dtype=False)
    # Scores, B - A, largest absolute change first, items in one run only last.
    s = diff.scores
    assert list(zip(s["region"], s["industry"], strict=True)) == [
        ("R2", "s"),
        ("R1", "y"),
        ("R1", "x"),
        ("R1", "w"),
        ("R1", "z"),
    ]
    assert s["difference"].iloc[:3].round(10).tolist() == [-0.30, 0.15, 0.0]
    assert math.isnan(s["difference"].iloc[3]) and math.isnan(s["score_a"].iloc[3])
    assert s["score_b"].iloc[3] == 0.60 and s["score_a"].iloc[4] == 0.50
    # Top-2 picks in either run: x 1 -> 2 (+1, fell), y 2 -> 1 (-1), s 1 -> 1.
    r = diff.ranks.set_index("industry")
    assert sorted(r.index) == ["s", "x", "y"]
    assert (r.loc["x", "rank_a"], r.loc["x", "rank_b"], r.loc["x", "rank_change"]) == (1, 2, 1)
    assert r.loc["y", "rank_change"] == -1 and r.loc["s", "rank_change"] == 0
    # Settings: the plan's weight, the hub cap (3 vs 2.0 is a real change, 2 vs 2.0 is not),
    # the budgets switch; nothing else.
    settings = diff.settings.set_index("setting")
    assert settings.to_dict("index") == {
        "coordination.options.families.budgets": {"run_a": "true", "run_b": "false"},
        "coordination.options.participation_max": {"run_a": "3", "run_b": "2"},
        "plan.options.endowment_weight": {"run_a": "0.35", "run_b": "0.5"},
    }
    assert diff.notes == ()


def test_compare_a_run_with_itself_and_without_coordination(pair, tmp_path) -> None:
    store, a, _ = pair
    same = compare_runs(store.load(a), store.load(a))
    assert set(same.allocation["status"]) == {"both"} and same.settings.empty
    assert (same.scores["difference"] == 0).all() and (same.by_region["change"] == 0).all()
    bare = Store(tmp_path / "bare")
    lone = bare.save(store.load(a).plan, label="no coordination")
    diff = compare_runs(bare.load(lone.run_id), store.load(a))
    assert diff.notes == ("run A has no coordination: its allocation counts as empty",)
    assert set(diff.allocation["status"]) == {"only B"} and len(diff.allocation) == 3


def _pandas_counts(store: Store, table: str) -> pd.DataFrame:
    """The same count, computed by pandas from the runs as ``Store.load`` reads them."""
    frames = [store.load(r.run_id).tables()[table].assign(run_id=r.run_id) for r in store.runs()]
    both = pd.concat(frames, ignore_index=True)
    return both.groupby("run_id").size().rename("n").reset_index()


def test_query_across_runs_matches_pandas(pair) -> None:
    store, a, b = pair
    found = store.query("select run_id, count(*) as n from paths group by run_id order by run_id")
    pd.testing.assert_frame_equal(found, _pandas_counts(store, "paths"), check_dtype=False)
    assert found["n"].tolist() == [4, 4]
    # Join with the registry; a table of the coordination; one run only.
    labels = store.query(
        "select r.label, sum(score) as total from paths p join runs r using (run_id) "
        "group by r.label order by r.label"
    )
    assert labels["label"].tolist() == ["A", "B"]
    assert labels["total"].round(10).tolist() == [round(0.9 + 0.8 + 0.5 + 0.7, 10), 2.85]
    chosen = query(
        store,
        "select region, industry from coordinate_allocation where selected order by 1, 2",
        runs=[b],
    )
    assert list(zip(chosen["region"], chosen["industry"], strict=True)) == [
        ("R1", "x"),
        ("R2", "q"),
        ("R2", "s"),
    ]
    with pytest.raises(StoreError, match="no run 20990101T000000Z-00000000"):
        store.query("select 1", runs=["20990101T000000Z-00000000"])
    with pytest.raises(StoreError, match=r"the store's tables are: .*paths"):
        store.query("select * from no_such_table")


def test_query_sees_committed_runs_only(pair, tmp_path) -> None:
    source, a, _ = pair
    root = tmp_path / "store"
    shutil.copytree(source.root, root)
    store = Store(root)
    # A save in progress (a live writer: this process) and a run being deleted hold tables
    # too; neither is in the registry, so neither is queried.
    live = root / ".staging" / f"20990101T000000Z-0000000a.{os.getpid()}.x"
    shutil.copytree(root / "runs" / a, live)
    shutil.copytree(root / "runs" / a, root / ".trash" / "20990101T000000Z-0000000b")
    found = store.query("select run_id, count(*) as n from paths group by run_id")
    assert sorted(found["run_id"]) == sorted(r.run_id for r in store.runs())
    assert found["n"].sum() == 8


def test_query_without_duckdb_names_the_extra(pair, monkeypatch) -> None:
    store, _, _ = pair
    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb now raises ImportError
    with pytest.raises(MissingDuckDBError, match=r"pip install 'yindi\[scale\]'"):
        store.query("select 1")


def test_no_store_folder_named_none(tmp_path, monkeypatch) -> None:
    require_module("streamlit")
    monkeypatch.chdir(tmp_path)
    for missing in (None, "", "  "):
        with pytest.raises(StoreError, match="no store folder given"):
            Store(missing)  # type: ignore[arg-type]
    # The dashboard's script imported outside Streamlit (a tool importing every module, a
    # REPL) used to reach Store(str(None)): st.stop() returns when there is no script run.
    env = {k: v for k, v in os.environ.items() if not k.startswith("YINDI_APP")}
    done = subprocess.run(
        [sys.executable, "-c", "import yindi.app._main; from yindi.app._shell import main; main()"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert not any(Path(tmp_path).iterdir()), list(Path(tmp_path).iterdir())
