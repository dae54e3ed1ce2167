"""The result contract every stage shares (``yindi._results``): fresh tables, provenance, to_dir."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import yindi
from yindi._results import frame_digest
from yindi.errors import InputError


@pytest.fixture(scope="module")
def plan_result():
    return yindi.plan()


def _results(plan_result):
    return {
        "plan": plan_result,
        "diagnose": plan_result.diagnosis,
        "productivity": plan_result.productivity,
    }


@pytest.mark.parametrize("stage", ["plan", "diagnose", "productivity"])
def test_no_table_can_be_changed_from_outside(plan_result, stage):
    result = _results(plan_result)[stage]
    for name, table in result.tables().items():
        before = table.copy()
        column = table.columns[-1]
        table.loc[table.index[0], column] = None  # write into the frame handed out
        table.drop(columns=column, inplace=True)
        pd.testing.assert_frame_equal(result.tables()[name], before, obj=f"{stage}.{name}")


@pytest.mark.parametrize("stage", ["plan", "diagnose", "productivity"])
def test_provenance_from_the_api(plan_result, stage):
    record = _results(plan_result)[stage].provenance
    assert record["command"] == stage
    assert set(record) == {"command", "input", "options", "versions"}
    assert record["versions"]["pandas"] == pd.__version__
    json.dumps(record, default=str)  # serialisable as written to provenance.json


def test_diagnose_records_the_content_hash_of_its_input():
    frame = pd.DataFrame({"region": ["A", "A", "B", "B", "C", "C"], "activity": ["x", "y"] * 3,
                          "year": 2017, "value": [1.0, 2.0, 3.0, 0.5, 1.0, 5.0]})
    first = yindi.diagnose(frame).provenance["input"]
    again = yindi.diagnose(frame.copy()).provenance["input"]
    changed = yindi.diagnose(frame.assign(value=frame["value"] * 2)).provenance["input"]
    assert first["content_sha256"] == again["content_sha256"] != changed["content_sha256"]
    assert first["rows"] == 6


def test_frame_digest_sees_values_order_and_names():
    frame = pd.DataFrame({"a": ["x", "y"], "b": [1.0, 2.0]})
    digest = frame_digest(frame)
    assert frame_digest(frame.copy()) == digest
    assert frame_digest(frame.iloc[::-1]) != digest
    assert frame_digest(frame.rename(columns={"b": "c"})) != digest
    assert frame_digest(frame.assign(b=[1.0, 2.5])) != digest
    assert frame_digest(frame.astype({"a": "category"})) != digest  # dtype is part of it


def test_to_dir_writes_every_table_and_the_provenance(plan_result, tmp_path: Path):
    result = plan_result.productivity
    out = result.to_dir(tmp_path / "prod", inputs={"note": "from a test"})
    written = sorted(p.name for p in out.iterdir())
    expected = sorted([f"{n}.{f}" for n in result.tables() for f in ("csv", "parquet")]
                      + ["provenance.json"])
    assert written == expected
    record = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert record["input"]["note"] == "from a test"
    assert record["input"]["indicators"] == "yindi default"
    # A folder holding the user's own files is never replaced.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    with pytest.raises(InputError, match="did not write"):
        result.to_dir(mine)
