"""Readers for tables on disk: CSV/TSV/TXT, Parquet, Excel (.xlsx, legacy .xls).

Real yearbook exports are not clean tables. Before pandas types a single cell, the reader

1. sniffs the first bytes, so a workbook or image with a ``.csv`` name, a zip called ``.xlsx`` or
   garbage called ``.parquet`` is named as such (no decoding error, no zip traceback);
2. decodes text as UTF-16 (BOM), UTF-8-SIG, UTF-8 or GBK (``attrs["encoding"]``) and detects the
   delimiter among ``,`` ``;`` tab ``|`` (``attrs["sep"]``; ``sep=`` overrides);
3. finds the header under title rows (or after ``skip_rows=N``), joins a two-row (merged) header
   as ``"top|bottom"``, drops footnote rows at the bottom (``attrs["dropped_footnotes"]``);
4. types the cells with pandas, turns "1,234" and full-width digits into numbers, and records the
   line (text) or row (Excel) of every data row in ``attrs["lines"]``.

Every failure is a :class:`yindi.errors.InputError` naming the file, the place and the fix as a
keyword (``sep=';'``, ``skip_rows=2``, ``sheet='Sheet2'``, ``wide=True``, ``encoding='gbk'``).
:func:`describe_mismatch` explains a frame whose columns the validator cannot find.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pandas.io.parsers import TextParser

from yindi.data._read_excel import open_workbook
from yindi.data._read_sniff import sniff_kind
from yindi.data._read_text import ENCODINGS, SEPARATORS, decode, records, sniff_sep
from yindi.data._shape_diagnose import describe_mismatch
from yindi.data._shape_header import Layout, is_empty, locate, locate_footnotes
from yindi.data._shape_wide import melt_wide, year_like
from yindi.errors import InputError

__all__ = ["read_table", "melt_wide", "describe_mismatch", "ENCODINGS", "SEPARATORS"]

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_GROUPED = re.compile(r"^\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$")


def _numbers_from_text(frame: pd.DataFrame, keep: Sequence[str]) -> list[str]:
    """Columns of text numbers with thousands separators or full-width digits, made numeric.

    pandas leaves ``"1,234"`` (quoted in a CSV) and ``"１２３"`` as text. A column is converted
    only when every filled cell reads as a number once full-width forms are mapped to ASCII and
    commas sit in groups of three, so ``"12,5"`` (a decimal comma) is left for the validator.
    """
    notes = []
    for name in frame.columns:
        column = frame[name]
        if name in keep or pd.api.types.is_numeric_dtype(column):
            continue
        filled = column.dropna().astype(str)
        if filled.empty:
            continue
        mapped = filled.str.translate(_FULL_WIDTH)
        kinds = []
        if not mapped.equals(filled):
            kinds.append("full-width digits")
        if mapped.str.contains(",", regex=False).any():
            kinds.append("thousands separators")
        if not kinds or not mapped.str.match(_GROUPED).all():
            continue
        frame[name] = pd.to_numeric(mapped.str.replace(",", "", regex=False)).reindex(column.index)
        notes.append(f"read column {name!r} as numbers ({' and '.join(kinds)})")
    return notes


def _text_frame(layout: Layout, sep: str, text_columns: Sequence[str], where: str) -> pd.DataFrame:
    """Type the data records with pandas' CSV parser (the cells were split by ``csv`` already).

    The cleaned records are written back as plain comma-separated text, so pandas' fast parser
    types exactly the rows kept (whatever the original delimiter) and row i is ``layout.data[i]``.
    """
    width = len(layout.columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["" if c is None else c for c in layout.columns])
    for record in layout.data:
        cells = record.cells
        if len(cells) <= width:
            writer.writerow(cells)
            continue
        cells = list(cells)
        while len(cells) > width and is_empty(cells[-1]):
            cells.pop()
        if len(cells) > width:
            raise InputError(
                f"{where}: line {record.line} has {len(cells)} fields but the header (line "
                f"{layout.header_lines[0]}) has {width}; a {sep!r} inside an unquoted value? "
                f"quote that value, or pass the file's delimiter, e.g. sep=';'"
            )
        writer.writerow(cells)
    buffer.seek(0)
    return pd.read_csv(buffer, dtype=dict.fromkeys(text_columns, str), skip_blank_lines=False)


_EDGE = 200  # lines at each end a clean file's layout is checked on


def _fast_text_frame(
    text: str, sep: str, text_columns: Sequence[str], where: str
) -> tuple[pd.DataFrame, list[int]] | None:
    """A clean file typed in one pass by pandas' C parser, or None for the general route.

    Clean: the header is the first line, one header row, no footnotes in the last lines, and
    every line is one record (no blank lines, no quoted line breaks), so the data row ``i`` is
    on line ``i + 2``. Anything else (or any parser complaint) goes the record-by-record route
    of :func:`_text_frame`, which gives the same frame (``tests/data/test_reader_fast_path.py``).
    """
    head = text.split("\n", _EDGE)[:_EDGE]
    layout = locate(records("\n".join(head), sep, where), skip_rows=None, where=where, word="line")
    if layout.header_lines != (1,) or layout.title:
        return None
    tail = text.rsplit("\n", _EDGE)[1:] if text.count("\n") >= _EDGE else []
    if tail and locate_footnotes(records("\n".join(tail), sep, where), len(layout.columns)):
        return None
    if layout.footnotes and len(head) < _EDGE:  # a short file: the head was the whole file
        return None
    n_lines = len(text.splitlines())
    try:
        with warnings.catch_warnings():
            # more fields than the header: pandas would drop them (index_col=False) or make
            # the first column an index; the general route names the line instead.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text),
                sep=sep,
                dtype=dict.fromkeys(text_columns, str),
                index_col=False,
            )
    except (ValueError, csv.Error, pd.errors.ParserWarning):  # ragged rows, bad quotes
        return None
    if len(frame) != n_lines - 1:  # blank lines, or a quoted field spans lines
        return None
    frame.columns = [
        "" if str(c).startswith("Unnamed: ") else str(c).strip() for c in frame.columns
    ]
    frame.columns = [c or f"Unnamed: {j}" for j, c in enumerate(frame.columns)]
    return frame, list(range(2, len(frame) + 2))


def _excel_frame(layout: Layout, text_columns: Sequence[str]) -> pd.DataFrame:
    """Type the rows as ``pandas.read_excel`` does (its own TextParser on the cell values)."""
    width = max([len(layout.columns)] + [len(r.cells) for r in layout.data])
    names = layout.columns + [None] * (width - len(layout.columns))
    header = [f"Unnamed: {j}" if name is None else name for j, name in enumerate(names)]
    rows = [list(r.cells) + [None] * (width - len(r.cells)) for r in layout.data]
    parser = TextParser([header, *rows], header=0, dtype=dict.fromkeys(text_columns, str))
    with parser:
        frame = parser.read()
    # TextParser turns TRUE/FALSE cells among numbers into 1.0/0.0; keep them as the booleans
    # they are so the validator can name them (a checkbox column is not an amount).
    for j, name in enumerate(frame.columns[:width]):
        cells = [row[j] for row in rows]
        kinds = {isinstance(c, bool) for c in cells if c is not None and c == c}
        if kinds == {True, False}:
            frame[name] = pd.Series(cells, index=frame.index, dtype=object)
    return frame


def _read_excel(
    path: Path, kind: str, sheet: str | int | None, skip_rows: int | None
) -> tuple[Layout, dict[str, Any], str]:
    book = open_workbook(path, kind)
    try:
        name = book.resolve(sheet)
        sheets: dict[str, dict[str, Any]] = {}
        for other in book.names:
            try:
                found = locate(book.rows(other, limit=60), skip_rows=None, where="", word="row")
                sheets[other] = {"header_row": found.header_lines[-1], "columns": found.columns}
            except InputError:
                sheets[other] = {"header_row": None, "columns": []}
        where = f"{path}, sheet {name!r}"
        try:
            layout = locate(book.rows(name), skip_rows=skip_rows, where=where, word="row")
        except InputError:
            full = [n for n, info in sheets.items() if info["header_row"] is not None]
            if sheet is None and full and not sheets[name]["columns"]:
                raise InputError(
                    f"{where} is empty; the table is on another sheet: pass sheet='{full[0]}' "
                    f"(sheets: {', '.join(book.names)})"
                ) from None
            raise
    finally:
        book.close()
    return layout, {"sheet": name, "sheets": sheets}, where


def _wide(frame: pd.DataFrame, region: str | None, year: int | str | None) -> pd.DataFrame:
    if isinstance(year, str) and year not in frame.columns and year_like(year) is not None:
        year = year_like(year)
    if isinstance(year, str) or year is None:
        return melt_wide(frame, region=region, year=year)
    return melt_wide(frame, region=region, year_value=int(year))


def read_table(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    text_columns: Sequence[str] = (),
    sep: str | None = None,
    skip_rows: int | None = None,
    wide: bool = False,
    wide_region: str | None = None,
    wide_year: int | str | None = None,
) -> pd.DataFrame:
    """Read a CSV, Parquet or Excel file into a pandas DataFrame, reporting what it did.

    Parameters
    ----------
    path : str or Path
        File to read; the suffix selects the reader, the first bytes must agree with it.
    sheet : str or int, optional
        Excel sheet name or 0-based position; default the first sheet.
    encoding : str, optional
        Text encoding of a CSV. By default UTF-16 (with a byte order mark), UTF-8-SIG, UTF-8
        and GBK are tried in turn.
    text_columns : sequence of str
        Columns kept as text (codes such as ``"0011"`` must not become the number 11).
    sep : str, optional
        CSV delimiter; by default detected among ``,`` ``;`` tab ``|``.
    skip_rows : int, optional
        Lines (CSV) or rows (Excel) above the header; by default title rows are detected.
    wide : bool, default False
        The table is region x activity (one column per sector): melt it with
        :func:`melt_wide` into ``region, activity, year, value``.
    wide_region : str, optional
        With ``wide``: the region column (default the first column).
    wide_year : int or str, optional
        With ``wide``: the year of the table (``2017``) or the column holding each row's year.

    Returns
    -------
    pandas.DataFrame
        With ``attrs``: ``source`` (path), ``format`` (csv/excel/parquet), ``lines`` (1-based
        line/row of every data row), ``line_word`` ("line" or "row"), ``header_line``,
        ``header_lines``, ``title_rows`` and ``dropped_footnotes`` (lists of (line, text)),
        ``notes`` (what was detected, as sentences); for text ``encoding`` and ``sep``; for Excel
        ``sheet`` and ``sheets`` ({name: {"header_row", "columns"}} of every sheet).

    Raises
    ------
    InputError
        The path is not a readable table, or its content cannot be split into one.
    """
    p = Path(path)
    kind = sniff_kind(p)
    attrs: dict[str, Any] = {"source": str(p)}
    keep = tuple(text_columns)
    if kind == "parquet":
        try:
            frame = pd.read_parquet(p)
        except (OSError, ValueError) as exc:
            raise InputError(f"{p}: cannot read this Parquet file ({exc}); write it again") from exc
        attrs.update(format="parquet", line_word="row", lines=list(range(1, len(frame) + 1)))
        attrs.update(header_line=None, header_lines=(), title_rows=[], dropped_footnotes=[])
        attrs["notes"] = []
    else:
        if kind == "text":
            text, used = decode(p.read_bytes(), str(p), encoding)
            if not text.strip():
                raise InputError(f"{p}: the file is empty; it needs a header row and data rows")
            if sep is not None and (not isinstance(sep, str) or len(sep) != 1):
                raise InputError(f"{p}: sep={sep!r} must be one character, e.g. sep=';'")
            chosen = sep if sep is not None else sniff_sep(text, suffix=p.suffix.lower())
            where = str(p)
            fast = None if skip_rows is not None else _fast_text_frame(text, chosen, keep, where)
            if fast is not None:
                frame, lines = fast
                layout = Layout(header_lines=(1,), columns=list(frame.columns), data=[])
            else:
                layout = locate(
                    records(text, chosen, where), skip_rows=skip_rows, where=where, word="line"
                )
                frame = _text_frame(layout, chosen, keep, where)
                lines = [r.line for r in layout.data]
            attrs.update(format="csv", line_word="line", encoding=used, sep=chosen)
            if sep is None and chosen != ",":
                layout.notes.insert(0, f"detected the delimiter {chosen!r}")
        else:
            layout, extra, where = _read_excel(p, kind, sheet, skip_rows)
            frame = _excel_frame(layout, keep)
            lines = [r.line for r in layout.data]
            attrs.update(format="excel", line_word="row", **extra)
        attrs.update(
            lines=lines,
            header_line=layout.header_lines[0],
            header_lines=layout.header_lines,
            title_rows=layout.title,
            dropped_footnotes=layout.footnotes,
            notes=layout.notes + _numbers_from_text(frame, keep),
        )
    frame.attrs = attrs
    if wide:
        frame = _wide(frame, wide_region, wide_year)
        frame.attrs["notes"] = [*frame.attrs["notes"], "melted the wide table to long rows"]
    return frame
