"""The user's own input-output table (``yindi stress --io FILE``): CSV, Parquet or Excel.

Layout (one row per sector, as IO tables are printed)::

    sector, S1, S2, S3, households, investment, exports, output
    S1,     10, 20,  5,         40,         15,      10,    100
    S2,     ...
    value_added, 50, 60, 70                                  (optional row)
    imports:S2,   3,  4,  1                                  (optional rows, one per good)

- ``sector`` names each row; the intermediate block has one column per row, named as the
  rows (sellers in rows, buyers in columns);
- ``output`` is gross output (required, >= 0; sectors with 0 are dropped with a note);
- ``exports`` (optional) is what an export shock hits; every other numeric column is a
  domestic final-demand category;
- a row ``value_added`` gives value added per column (else value-added losses are NaN);
  rows ``imports:<good>`` give imported intermediate inputs of a good per buying column (the
  ``import_cut`` shock needs them; ``imports`` alone is all imported goods together).

A multi-regional table adds a ``region`` column before ``sector``; its intermediate columns
are then named ``<region>:<sector>`` (``Beijing:S01``); the special rows leave ``region``
empty. A single-region table is labelled with the file's name as its region.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from yindi.data import read_table
from yindi.errors import DroppedWarning, InputError
from yindi.measures.io import drop_zero_output
from yindi.stages.stress._economy import Economy

__all__ = ["IO_LAYOUT", "read_io_table"]

IO_LAYOUT = (
    "one row per sector with a 'sector' column (and a 'region' column for a multi-regional "
    "table), one column per sector for the intermediate block named as the rows "
    "('<region>:<sector>' when there is a region column), an 'output' column, optional "
    "'exports' and final-demand columns, optional rows 'value_added' and 'imports:<good>' "
    "(docs/stress.md, 'Your own table')"
)


def _where(path: Path, frame: pd.DataFrame, row: int, column: str) -> str:
    lines = frame.attrs.get("lines") or []
    word = frame.attrs.get("line_word", "line")
    at = f"{word} {lines[row]}" if row < len(lines) else f"data row {row + 1}"
    return f"--io {path}, {at}, column {column!r}"


def _numbers(path: Path, frame: pd.DataFrame, rows: np.ndarray, columns: list[str]) -> np.ndarray:
    """The cells as floats; a text or empty cell is an error naming its line and column."""
    out = np.empty((len(rows), len(columns)))
    for j, column in enumerate(columns):
        raw = frame[column].iloc[rows]
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(values)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            cell = raw.iloc[k]
            problem = (
                "is empty (or a missing-value mark such as n/a)"
                if cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell == ""
                else f"is {cell!r}, not a number"
            )
            raise InputError(
                f"{_where(path, frame, int(rows[k]), column)}: the cell {problem}. Write the "
                "number (0 where there is no flow: an empty cell is not read as 0)"
            )
        out[:, j] = values
    return out


def read_io_table(
    path: str | os.PathLike[str],
    *,
    sheet: str | int | None = None,
    sep: str | None = None,
    encoding: str | None = None,
) -> Economy:
    """Read a user's IO table in the layout of the module docstring into an :class:`Economy`."""
    p = Path(path)
    frame = read_table(
        p, sheet=sheet, sep=sep, encoding=encoding, text_columns=("region", "sector")
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    if "sector" not in frame.columns:
        raise InputError(
            f"--io {p}: no 'sector' column (columns found: {list(frame.columns)[:8]}); the table "
            f"needs {IO_LAYOUT}"
        )
    if "output" not in frame.columns:
        raise InputError(
            f"--io {p}: no 'output' column (gross output of each sector); the table needs "
            f"{IO_LAYOUT}"
        )
    multi = "region" in frame.columns
    sector = frame["sector"].astype("string").str.strip()
    special = sector.eq("value_added") | sector.str.startswith("imports").fillna(False)
    data = np.flatnonzero(~special.to_numpy(dtype=bool))
    if not len(data):
        raise InputError(f"--io {p}: no sector rows; the table needs {IO_LAYOUT}")
    if sector.iloc[data].isna().any():
        k = int(data[np.flatnonzero(sector.iloc[data].isna().to_numpy())[0]])
        raise InputError(f"{_where(p, frame, k, 'sector')}: the sector label is empty")
    if multi:
        region = frame["region"].astype("string").str.strip()
        if region.iloc[data].isna().any():
            k = int(data[np.flatnonzero(region.iloc[data].isna().to_numpy())[0]])
            raise InputError(f"{_where(p, frame, k, 'region')}: the region label is empty")
        keys = list(zip(region.iloc[data], sector.iloc[data], strict=True))
        columns = [f"{r}:{s}" for r, s in keys]
    else:
        keys = [(p.stem, s) for s in sector.iloc[data]]
        columns = [str(s) for s in sector.iloc[data]]
    seen: dict[tuple[str, str], int] = {}
    for position, key in zip(data.tolist(), keys, strict=True):
        if key in seen:
            raise InputError(
                f"{_where(p, frame, position, 'sector')}: {key[1]!r}"
                + (f" of {key[0]!r}" if multi else "")
                + f" appears twice (first at {_where(p, frame, seen[key], 'sector')}); give "
                "each sector one row"
            )
        seen[key] = position
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"--io {p}: the intermediate block lacks the column(s) {missing[:5]}: it needs one "
            "column per row, named as the rows"
            + (" ('<region>:<sector>')" if multi else "")
            + "; rename the columns or add the missing ones"
        )
    labels = pd.MultiIndex.from_tuples(keys, names=["region", "sector"])
    z = _numbers(p, frame, data, columns)
    x = _numbers(p, frame, data, ["output"])[:, 0]
    if (z < 0).any():
        r, c = np.argwhere(z < 0)[0]
        raise InputError(
            f"{_where(p, frame, int(data[r]), columns[c])}: {z[r, c]:g} is negative; "
            "intermediate flows must be >= 0 (move subsidies or negative entries out of Z)"
        )
    if (x < 0).any():
        r = int(np.flatnonzero(x < 0)[0])
        raise InputError(
            f"{_where(p, frame, int(data[r]), 'output')}: {x[r]:g} is negative; gross output "
            "cannot be negative: check the sign and the units"
        )
    used = {"region", "sector", "output", "exports", *columns}
    categories = [c for c in frame.columns if c not in used]
    y = _numbers(p, frame, data, categories) if categories else np.zeros((len(data), 0))
    exports = None
    if "exports" in frame.columns:
        exports = pd.Series(_numbers(p, frame, data, ["exports"])[:, 0], index=labels)
    notes: list[str] = []

    def row_of(name: str) -> np.ndarray | None:
        hits = np.flatnonzero(sector.eq(name).fillna(False).to_numpy(dtype=bool))
        if len(hits) > 1:
            raise InputError(
                f"{_where(p, frame, int(hits[1]), 'sector')}: the row {name!r} appears twice"
            )
        return None if not len(hits) else _numbers(p, frame, hits, columns)[0]

    va = row_of("value_added")
    goods = sorted(
        {str(s) for s in sector[special.to_numpy(dtype=bool)] if str(s).startswith("imports")}
    )
    imports = None
    if goods:
        rows = {g.split(":", 1)[1] if ":" in g else "all": row_of(g) for g in goods}
        imports = pd.DataFrame(
            np.vstack([v for v in rows.values() if v is not None]),
            index=pd.Index(list(rows), name="good"),
            columns=labels,
        )
    Z = pd.DataFrame(z, index=labels, columns=labels)
    Y = pd.DataFrame(y, index=labels, columns=categories)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DroppedWarning)
        Z, xs, Y_kept = drop_zero_output(Z, pd.Series(x, index=labels), Y)
    notes += [str(w.message) for w in caught if issubclass(w.category, DroppedWarning)]
    keep = xs.index
    coefficient = None
    if va is None:
        notes.append(
            "the table has no 'value_added' row: value-added losses are NaN (add the row to "
            "get them)"
        )
    else:
        coefficient = pd.Series(va, index=labels).reindex(keep) / xs
    balance = z.sum(axis=1) + y.sum(axis=1) + (0 if exports is None else exports.to_numpy())
    gap = np.abs(balance - x) > 1e-3 * np.maximum(x, 1e-12)
    if gap.any():
        notes.append(
            f"{int(gap.sum())} row(s) where intermediate use + final demand + exports differ "
            f"from output by more than 0.1 % (e.g. {keys[int(np.flatnonzero(gap)[0])]}): "
            "output is used as given, the difference read as a statistical discrepancy"
        )
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    kind = "multi-regional" if multi else "single-region"
    return Economy(
        name=p.name,
        Z=Z,
        Y=Y_kept if Y_kept is not None else pd.DataFrame(index=keep),
        exports=None if exports is None else exports.reindex(keep),
        x=xs,
        va_coefficient=coefficient,
        imports=None if imports is None else imports.reindex(columns=keep),
        multiregional=multi and len(set(labels.get_level_values(0))) > 1,
        unit="units of the file",
        assumptions=(
            f"The user's {kind} input-output table {p.name} (sha256 {digest[:12]}...), "
            "used as given: technical coefficients A = Z / output.",
        ),
        notes=tuple(notes),
        inputs={"io": {"file": str(p), "sha256": digest, "sheet": sheet, "sep": sep}},
    )
