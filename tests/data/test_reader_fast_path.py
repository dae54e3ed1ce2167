"""The one-pass route for clean text files gives what the record-by-record route gives.

``read_table`` types a clean CSV (header on line 1, one record per line, no footnotes) with
pandas' C parser in one pass; everything else goes record by record. The route must never show:
for every text file of the bad-input corpus and for random clean tables, the frame, its line
numbers and its notes are the same with the fast route switched off.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import yindi.data.readers as readers
from yindi.data import read_table
from yindi.errors import InputError

BAD = Path(__file__).parent / "bad"
TEXT_FILES = sorted(
    p for p in BAD.glob("*/*") if p.is_file() and p.suffix in (".csv", ".txt", ".tsv")
)


def _read(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(readers, "_fast_text_frame", lambda *args: None)
        try:
            frame = read_table(path, text_columns=("region", "activity", "地区", "行业"))
        except InputError as exc:
            return ("error", str(exc))
    keys = ("lines", "header_line", "notes", "sep", "encoding", "dropped_footnotes")
    return ("ok", frame.to_csv(index=False), *(repr(frame.attrs.get(k)) for k in keys))


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_reads_the_same_either_way(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _read(path, True, monkeypatch) == _read(path, False, monkeypatch)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.integers(1, 400),
    sep=st.sampled_from([",", ";", "\t", "|"]),
    blank_every=st.sampled_from([0, 7, 50]),
    quoted=st.booleans(),
    seed=st.integers(0, 2**31),
)
def test_random_clean_tables_read_the_same_either_way(
    tmp_path_factory, monkeypatch, rows, sep, blank_every, quoted, seed
):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "region": [f"R{i}" for i in rng.integers(0, 50, rows)],
            "activity": [f"{i:04d}" for i in rng.integers(0, 99, rows)],  # codes keep leading zeros
            "year": rng.integers(2000, 2024, rows),
            "value": np.round(rng.lognormal(2, 2, rows), 3),
        }
    )
    text = frame.to_csv(index=False, sep=sep, quoting=1 if quoted else 0, lineterminator="\n")
    lines = text.split("\n")
    if blank_every:
        lines = [
            x
            for i, line in enumerate(lines)
            for x in ([line, ""] if i % blank_every == 1 else [line])
        ]
    path = tmp_path_factory.mktemp("fast") / "table.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    fast, slow = _read(path, True, monkeypatch), _read(path, False, monkeypatch)
    assert fast == slow
    assert fast[0] == "ok"
