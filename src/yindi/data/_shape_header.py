"""Where the table is inside a yearbook export: title rows, one or two header rows, footnotes.

Rules (documented for users in ``docs/input.md``):

* **Title rows** — with ``skip_rows`` unset, the non-blank rows above the first row that has at
  least two filled cells are titles or notes ("表1 分地区分行业产值（万元）", "单位：万元") and are
  skipped. With ``skip_rows=N`` the header is the first non-blank row after line/row ``N``.
* **Two-row header** — the row under the header is a second header row when it holds only text,
  some of it above numeric data, and its first cell is empty (the key cell merged over two rows). Names are joined ``"top|bottom"`` after carrying a merged top cell to the right:
  ``地区 | 2017 | (empty)`` over ``(empty) | 农业 | 工业`` gives ``地区, 2017|农业, 2017|工业``.
* **Footnotes** — trailing rows from the first one that starts with 注, 说明, 备注, 数据来源,
  资料来源, 来源, Source, Note, ``*`` or ``※`` (followed by a colon, a number or the cell end), or
  that is a single sentence-like cell (a colon or full stop, or 12+ characters); the rows below it
  must be single cells or such notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from yindi.data._read_text import Record
from yindi.errors import InputError

__all__ = ["Layout", "locate", "is_number", "is_empty"]

_NOTE = re.compile(
    r"^\s*(?:(?:注|附注|说明|备注|数据来源|资料来源|来源|sources?|notes?|remarks?)"
    r"\s*(?:[：:]|\d|[（(、.．]|$)|[*※])",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[。；;：:]")
_SAMPLE = 200  # rows looked at to judge the table's width (the body is not scanned per cell)
_NUMBER = re.compile(r"^\s*[-+－＋]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?\s*$")


def is_empty(value: Any) -> bool:
    """An empty cell: None, NaN or blank text."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return isinstance(value, str) and not value.strip()


def is_number(value: Any) -> bool:
    """A cell that holds a number, or text that reads as one (incl. "1,234" and full width)."""
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return not is_empty(value)
    return isinstance(value, str) and bool(_NUMBER.match(value))


def _filled(record: Record) -> list[int]:
    return [j for j, v in enumerate(record.cells) if not is_empty(v)]


def _blank(record: Record) -> bool:
    try:  # text records: one C-level join instead of a check per cell
        return not "".join(record.cells).strip()
    except TypeError:
        return not _filled(record)


def _text(record: Record) -> str:
    return " ".join(str(record.cells[j]).strip() for j in _filled(record))


@dataclass
class Layout:
    """The parts of a sheet or text file, by line/row number (1-based)."""

    header_lines: tuple[int, ...]
    columns: list[str | None]
    data: list[Record]
    title: list[tuple[int, str]] = field(default_factory=list)
    footnotes: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _numeric_columns(rows: list[Record]) -> set[int]:
    """Columns whose filled cells in ``rows`` are mostly numbers."""
    seen: dict[int, list[bool]] = {}
    for record in rows:
        for j in _filled(record):
            seen.setdefault(j, []).append(is_number(record.cells[j]))
    return {j for j, flags in seen.items() if sum(flags) * 2 > len(flags)}


def _second_header(top: Record, below: Record, rest: list[Record]) -> bool:
    filled = _filled(below)
    if not filled or not rest or any(is_number(below.cells[j]) for j in filled):
        return False
    numeric = _numeric_columns(rest[:30])
    if not numeric.intersection(filled):
        return False
    # A merged key cell (A1:A2) leaves the first cell of the second row empty; a row that fills
    # it is more likely the real header under a notes row, which skip_rows= resolves.
    return 0 not in filled


def _join_header(top: Record, below: Record) -> list[str | None]:
    width = max(len(top.cells), len(below.cells))
    names: list[str | None] = []
    carried: str | None = None
    for j in range(width):
        upper = top.cells[j] if j < len(top.cells) else None
        lower = below.cells[j] if j < len(below.cells) else None
        if not is_empty(upper):
            carried = str(upper).strip() if j > 0 else None
            upper_text: str | None = str(upper).strip()
        else:
            upper_text = carried
        lower_text = None if is_empty(lower) else str(lower).strip()
        if upper_text and lower_text and upper_text != lower_text:
            names.append(f"{upper_text}|{lower_text}")
        else:
            names.append(upper_text or lower_text)
    return names


def _footnote_start(rows: list[Record], wide: bool) -> int:
    """Index in ``rows`` of the first footnote row (len(rows) when there is none)."""
    start = len(rows)
    i = len(rows) - 1
    while i >= 0:
        record = rows[i]
        filled = _filled(record)
        first = str(record.cells[filled[0]]) if filled else ""
        if _NOTE.match(first):
            start = i
        elif not (wide and len(filled) == 1):
            break
        elif _SENTENCE.search(first) or len(first.strip()) >= 12:
            start = i
        i -= 1
    return start


def locate_footnotes(records: list[Record], n_columns: int) -> bool:
    """Whether the last ``records`` of a table end in footnote rows (as :func:`locate` drops)."""
    rows = [r for r in records if not _blank(r)]
    if not rows:
        return False
    widest = max(len(_filled(r)) for r in rows)
    return _footnote_start(rows, widest >= 2 or n_columns >= 2) < len(rows)


def locate(records: list[Record], *, skip_rows: int | None, where: str, word: str) -> Layout:
    """Find title rows, the header (one or two rows), data rows and footnotes.

    Parameters
    ----------
    records : list of Record
        Every line (text) or row (Excel) with its 1-based number; blank ones are skipped here.
    skip_rows : int, optional
        Lines/rows above the header given by the user; None detects title rows.
    where : str
        The file (and sheet) for messages.
    word : str
        ``"line"`` or ``"row"``, for messages.
    """
    rows = [r for r in records if not _blank(r)]
    if not rows:
        raise InputError(f"{where}: has no table (only blank {word}s); it needs a header and data")
    if skip_rows is not None:
        if isinstance(skip_rows, bool) or not isinstance(skip_rows, int) or skip_rows < 0:
            raise InputError(f"{where}: skip_rows={skip_rows!r} must be a whole number >= 0")
        title = [r for r in rows if r.line <= skip_rows]
        rows = [r for r in rows if r.line > skip_rows]
        if not rows:
            raise InputError(
                f"{where}: skip_rows={skip_rows} skips every {word}; the last non-blank {word} "
                f"is {title[-1].line}, so use a smaller skip_rows"
            )
    else:
        widest = max(len(_filled(r)) for r in rows[:_SAMPLE])
        n_title = 0
        if widest >= 2:
            while len(_filled(rows[n_title])) < 2:
                n_title += 1
        title, rows = rows[:n_title], rows[n_title:]
    header, body = rows[0], rows[1:]
    layout = Layout(header_lines=(header.line,), columns=[], data=[])
    layout.title = [(r.line, _text(r)) for r in title]
    if title:
        layout.notes.append(
            f"skipped {len(title)} {word}(s) above the header ({word} {header.line}): "
            + "; ".join(f"{n}: {t!r}" for n, t in layout.title)
        )
    if len(body) >= 2 and _second_header(header, body[0], body[1:]):
        layout.columns = _join_header(header, body[0])
        layout.header_lines = (header.line, body[0].line)
        body = body[1:]
        layout.notes.append(
            f"joined the two header {word}s {header.line}-{layout.header_lines[1]} "
            "as 'top|bottom' (a merged top cell carried to the right)"
        )
    else:
        layout.columns = [None if is_empty(v) else str(v).strip() for v in header.cells]
    sample = body[:_SAMPLE] + body[-_SAMPLE:]
    widest_body = max((len(_filled(r)) for r in sample), default=0)
    cut = _footnote_start(body, widest_body >= 2 or len(layout.columns) >= 2)
    layout.footnotes = [(r.line, _text(r)) for r in body[cut:]]
    layout.data = body[:cut]
    if layout.footnotes:
        layout.notes.append(
            f"dropped {len(layout.footnotes)} footnote {word}(s): "
            + "; ".join(f"{n}: {t!r}" for n, t in layout.footnotes)
        )
    return layout
