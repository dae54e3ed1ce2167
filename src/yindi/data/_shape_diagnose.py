"""Why the columns a user mapped are not in the table the reader returned.

Pure: works from the frame and the ``attrs`` set by :func:`yindi.data.readers.read_table`, so the
validator can call it when a column is missing and append the explanation to its error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from yindi.data._shape_header import is_empty, is_number
from yindi.data._shape_wide import year_like

__all__ = ["describe_mismatch"]

_DELIMITERS = (";", "\t", "|", ",", "，")
_YEAR_NAMES = {"year", "年份", "年", "年度", "time", "时间"}


def _wanted(wanted_columns: Mapping[str, Any] | Iterable[Any]) -> list[str]:
    items = wanted_columns.values() if isinstance(wanted_columns, Mapping) else wanted_columns
    return [str(w) for w in items]


def _delimiter(columns: list[str], missing: list[str], attrs: Mapping[str, Any]) -> str | None:
    used = attrs.get("sep")
    joined = len(attrs.get("header_lines") or ()) == 2  # '|' joins a two-row header
    for cand in _DELIMITERS:
        if cand == used or (joined and cand == "|"):
            continue
        for name in columns:
            parts = [p.strip() for p in name.split(cand)]
            if len(parts) < 2 or not (set(missing) & set(parts) or len(parts) >= 3):
                continue
            head = f"the header {name!r} holds {cand!r}: the lines are split by {cand!r}"
            if attrs.get("format") == "excel":
                return (
                    f"{head}, all in one cell (a CSV pasted into one column); save the sheet as "
                    f"CSV and read that with sep={cand!r}, or split it with Excel's Text to Columns"
                )
            was = f", not {used!r}" if used else ""
            return f"{head}{was}; pass sep={cand!r}"
    return None


def _other_sheet(missing: list[str], attrs: Mapping[str, Any]) -> str | None:
    current = attrs.get("sheet")
    best: tuple[int, str] | None = None
    for name, info in (attrs.get("sheets") or {}).items():
        found = len(set(missing) & {str(c) for c in info.get("columns", [])})
        if name != current and found and (best is None or found > best[0]):
            best = (found, name)
    if best is None:
        return None
    return (
        f"the column(s) {missing} are on sheet {best[1]!r}, not on sheet {current!r}; "
        f"pass sheet='{best[1]}'"
    )


def _header_lower(
    frame: pd.DataFrame, wanted: list[str], missing: list[str], attrs: Mapping[str, Any]
) -> str | None:
    lines = attrs.get("lines") or list(range(2, len(frame) + 2))
    word = attrs.get("line_word", "line")
    for i in range(min(len(frame), 30)):
        cells = [str(v).strip() for v in frame.iloc[i].tolist() if not is_empty(v)]
        if set(missing) <= set(cells) or len(set(wanted) & set(cells)) * 2 > len(wanted):
            line = int(lines[i])
            return (
                f"the header is lower, at {word} {line} ({cells}); the {word}s above it "
                f"are titles or notes: pass skip_rows={line - 1}"
            )
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed:")]
    if unnamed and len(unnamed) * 2 >= len(frame.columns):
        header = attrs.get("header_line") or 1
        return (
            f"most header cells at {word} {header} are empty ({unnamed[:3]}...); if the header is "
            f"lower, pass skip_rows=N with N the {word}s above it"
        )
    return None


def _numeric(column: pd.Series) -> bool:
    filled = [v for v in column.tolist() if not is_empty(v)]
    return bool(filled) and sum(is_number(v) for v in filled) * 2 > len(filled)


def _joined_header(columns: list[str], missing: list[str], attrs: Mapping[str, Any]) -> str | None:
    joined = [c for c in columns if "|" in c]
    if not joined:
        return None
    lines: tuple[int, ...] = tuple(attrs.get("header_lines") or ())
    word = attrs.get("line_word", "line")
    span = "-".join(str(n) for n in lines)
    years = all(year_like(c.partition("|")[0]) is not None for c in joined)
    lower = {c.partition("|")[2] or c for c in columns}
    if not years and len(lines) == 2 and set(missing) <= lower:
        return (
            f"the {word}s {span} were joined as a two-row header, but the names you gave are all "
            f"in {word} {lines[1]}: the {word}s above it are notes; pass skip_rows={lines[1] - 1}"
        )
    tail = (
        "the top row holds years, so it is a WIDE table: pass wide=True and each cell becomes a "
        "row with year and activity from its column name ('2017|农业' -> 2017, 农业)"
        if years
        else f"map a joined name, e.g. value='{joined[0]}'"
    )
    return (
        f"the header has two rows ({word}s {span}), joined as 'top|bottom' ({joined[:3]}); {tail}"
    )


def _wide(frame: pd.DataFrame, columns: list[str], wanted: list[str]) -> str | None:
    if len(columns) < 3 or _numeric(frame.iloc[:, 0]):
        return None
    numeric = [c for j, c in enumerate(columns[1:], 1) if _numeric(frame.iloc[:, j])]
    measures = [c for c in numeric if c not in wanted and c.lower() not in _YEAR_NAMES]
    if len(measures) < 2:
        return None
    year_cols = [c for c in columns if c.lower() in _YEAR_NAMES]
    if all(year_like(c) is not None for c in measures):
        return (
            f"the columns {measures[:4]} are years: one activity over years (the NBS layout); "
            "yindi melts region x activity tables only: reshape it to region, activity, year, "
            "value (e.g. pandas.melt) and add the activity name"
        )
    year_fix = f"wide_year='{year_cols[0]}'" if year_cols else "wide_year=2017 (the table's year)"
    return (
        f"this looks like a WIDE table: one row per region ({columns[0]!r}) and one column per "
        f"activity ({measures[:4]}{', ...' if len(measures) > 4 else ''}); pass wide=True and "
        f"{year_fix}: each cell becomes a row with region = the {columns[0]!r} cell, activity = "
        "the column name, value = the cell"
    )


def _second_header_row(frame: pd.DataFrame, attrs: Mapping[str, Any]) -> str | None:
    if len(frame) < 2:
        return None
    first = [v for v in frame.iloc[0].tolist() if not is_empty(v)]
    if not first or any(is_number(v) for v in first):
        return None
    if not any(_numeric(frame.iloc[1:, j]) for j in range(frame.shape[1])):
        return None
    line = (attrs.get("lines") or [2])[0]
    word = attrs.get("line_word", "line")
    return (
        f"{word} {line} ({first[:4]}) looks like a second header row; merge the two header rows "
        f"into one in the file, or empty its first cell so the reader joins them as 'top|bottom'"
    )


def describe_mismatch(
    frame: pd.DataFrame, wanted_columns: Mapping[str, Any] | Iterable[Any], *, long: bool = True
) -> str | None:
    """Explain why some of ``wanted_columns`` are not columns of ``frame``, with the fix.

    Parameters
    ----------
    frame : pandas.DataFrame
        As returned by :func:`read_table` (its ``attrs`` are used when present).
    wanted_columns : mapping of role -> column name, or iterable of column names
        The columns the caller looked for.
    long : bool, default True
        The caller wants a long region x activity table, so a wide one is worth naming; False
        for other tables (a growth-accounting table has one column per variable by design).

    Returns
    -------
    str or None
        One sentence naming the cause and the keyword fix, first match of: a delimiter in a
        header name (``sep=';'``); the names on another sheet (``sheet='X'``); the header found
        in a data row (``skip_rows=N``); a joined two-row header; a wide region x activity table
        (``wide=True``, or the NBS years-across layout, which is refused); a second header row
        that was not joined. None when every wanted column is present or no cause is recognised.
    """
    columns = [str(c) for c in frame.columns]
    wanted = _wanted(wanted_columns)
    missing = [w for w in wanted if w not in columns]
    if not missing:
        return None
    attrs = frame.attrs
    return (
        _delimiter(columns, missing, attrs)
        or _other_sheet(missing, attrs)
        or _header_lower(frame, wanted, missing, attrs)
        or _joined_header(columns, missing, attrs)
        or (_wide(frame, columns, wanted) if long else None)
        or _second_header_row(frame, attrs)
    )
