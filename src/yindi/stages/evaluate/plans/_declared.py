"""The declared-priorities table: reading, checking, and the shipped example.

A declared-priorities file has one row per industry term a region's plan names:

- ``region``: the plan's region id (for China's provinces also a Chinese or English name,
  e.g. 北京 / 北京市 / Beijing);
- at least one of ``term``, ``term_zh``, ``term_en``: the term as the plan writes it (each
  row needs one non-empty);
- any other columns (plan title, source, address ...) are kept as they are and written next to
  each row's match, so every declaration keeps its source.

CSV, Excel or Parquet (:func:`yindi.data.read_table`); every problem names the file, the line
and the fix.
"""

from __future__ import annotations

import hashlib
import io
import os
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from yindi.data import read_table
from yindi.data.regions import label_key, province_aliases
from yindi.errors import InputError

__all__ = [
    "DECLARED_EXAMPLE",
    "TERM_COLUMNS",
    "check_declared",
    "declared_example",
    "read_declared",
    "region_lookup",
]

DECLARED_EXAMPLE = files("yindi.datasets") / "policy" / "declared_priorities_14th_fyp.csv"
TERM_COLUMNS = ("term", "term_zh", "term_en")
_SHOWN = 6  # regions quoted in a message


def declared_example() -> pd.DataFrame:
    """The shipped example: 303 industry terms of 26 provinces from their 14th-Five-Year-Plan
    documents and statements (245 from the project's policy source tables, 58 for six more
    provinces; the shipped file is built by ``scripts/build_declared_priorities.py``), one
    public source per row (``source_title``, ``source_address``)."""
    raw = DECLARED_EXAMPLE.read_bytes()
    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    frame.attrs.update(
        source="yindi example declared_priorities_14th_fyp.csv",
        line_word="line",
        lines=list(range(2, len(frame) + 2)),
        sha256=hashlib.sha256(raw).hexdigest(),
    )
    return frame


def read_declared(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a declared-priorities file (CSV, Excel, Parquet) with every cell as text."""
    p = Path(path)
    probe = read_table(p)
    frame = read_table(p, text_columns=[str(c) for c in probe.columns])
    frame.attrs["sha256"] = hashlib.sha256(p.read_bytes()).hexdigest()
    return frame


def place(frame: pd.DataFrame, i: int, what: str) -> str:
    """``file line N`` (or ``what row N`` for a frame without a file) of data row ``i``."""
    lines = frame.attrs.get("lines")
    source = frame.attrs.get("source")
    if source and lines is not None and i < len(lines):
        return f"{source} {frame.attrs.get('line_word', 'line')} {lines[i]}"
    return f"{what} row {i + 1}"


def region_lookup(regions: pd.DataFrame) -> dict[str, str]:
    """Normalised spelling -> the plan's region id: ids, ``name_zh``, ``name_zh_full``,
    ``name_en`` and, when the regions are China's provinces, every spelling of the alias table."""
    ids = [str(r) for r in regions["region"]]
    lookup: dict[str, str] = {}
    for column in ("name_zh", "name_zh_full", "name_en"):
        if column in regions.columns:
            for rid, name in zip(ids, regions[column], strict=True):
                if isinstance(name, str) and name.strip():
                    lookup.setdefault(label_key(name), rid)
    aliases = province_aliases()
    canonical = set(aliases.values())
    if sum(r in canonical for r in ids) * 2 > len(ids):  # China's provinces
        for key, rid in aliases.items():
            if rid in ids:
                lookup.setdefault(key, rid)
    for rid in ids:  # the id itself always wins
        lookup[label_key(rid)] = rid
    return lookup


def check_declared(data: Any, regions: pd.DataFrame, *, what: str = "declared") -> pd.DataFrame:
    """The declared table with ``region`` resolved to the plan's ids and a ``line`` column.

    Raises
    ------
    InputError
        No rows, no ``region`` column, no term column, a row without a term, or a region the
        plan does not have (each naming the file, the line and the fix).
    """
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{what}: expected a table (pandas DataFrame or a file); got {type(data)}")
    frame = data.copy()
    frame.attrs = dict(data.attrs)
    source = frame.attrs.get("source", what)
    frame.columns = [str(c).strip() for c in frame.columns]
    terms = [c for c in TERM_COLUMNS if c in frame.columns]
    if "region" not in frame.columns or not terms:
        need = [] if "region" in frame.columns else ["region"]
        need += [] if terms else ["term (or term_zh / term_en)"]
        raise InputError(
            f"{source}: missing column(s) {', '.join(need)}; a declared-priorities table needs "
            f"region and at least one of {', '.join(TERM_COLUMNS)}; found {list(frame.columns)}"
        )
    if frame.empty:
        raise InputError(
            f"{source}: no data rows; give one row per declared term (columns region, term)"
        )
    lookup = region_lookup(regions)
    ids = sorted({str(r) for r in regions["region"]})
    resolved = []
    for i, value in enumerate(frame["region"]):
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
        rid = lookup.get(label_key(text))
        if rid is None:
            shown = ", ".join(ids[:_SHOWN]) + (", ..." if len(ids) > _SHOWN else "")
            raise InputError(
                f"{place(frame, i, what)}: region {str(text)!r} is not one of the plan's "
                f"{len(ids)} regions ({shown}); write the plan's region id"
                + (" or the province's Chinese or English name" if len(lookup) > len(ids) else "")
            )
        resolved.append(rid)
        cells = [frame[c].iloc[i] for c in terms]
        if not any(isinstance(c, str) and c.strip() for c in cells):
            raise InputError(
                f"{place(frame, i, what)}: no term in {', '.join(terms)}; write the industry "
                "the plan names, or delete the row"
            )
    frame["region"] = resolved
    lines = frame.attrs.get("lines")
    frame.insert(
        0,
        "line",
        list(lines) if lines is not None and len(lines) == len(frame) else range(1, len(frame) + 1),
    )
    frame["line"] = frame["line"].astype("int64")
    return frame.reset_index(drop=True)
