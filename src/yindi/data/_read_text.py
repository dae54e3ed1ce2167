"""Text tables: decoding, delimiter detection and records with their line numbers.

``csv.Sniffer`` gives up on a typical yearbook export (a Chinese title row above the header and a
footnote with full-width punctuation below the data: "Could not determine delimiter"), so it is
asked only about the rows that look tabular, and its answer is checked by parsing: the delimiter
kept is the one under which most records split into the same number of fields (>= 2); ties go to
the earlier of ``,`` ``;`` tab ``|`` ``，`` (a full-width comma, typed by hand in Chinese
input methods).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from yindi.errors import InputError

__all__ = ["ENCODINGS", "SEPARATORS", "Record", "decode", "records", "sniff_sep"]

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "gbk")
SEPARATORS: tuple[str, ...] = (",", ";", "\t", "|", "，")
_SAMPLE_LINES = 200


class Record(NamedTuple):
    """One parsed record: the 1-based line it starts on and its fields (stripped of nothing)."""

    line: int
    cells: Sequence[Any]


def decode(raw: bytes, where: str, encoding: str | None) -> tuple[str, str]:
    """Decode ``raw`` with ``encoding`` or the first of UTF-16 (BOM), UTF-8-SIG, UTF-8, GBK.

    Returns
    -------
    (str, str)
        The text and the name of the encoding used.
    """
    if encoding is not None:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(
                f"{where}: cannot decode as {encoding!r} ({exc}); "
                f"leave encoding unset to try {', '.join(ENCODINGS)}"
            ) from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{where}: starts with a UTF-16 mark but is not UTF-16 ({exc})"
            ) from exc
    tried = ENCODINGS if raw.startswith(b"\xef\xbb\xbf") else ENCODINGS[1:]
    for name in tried:
        try:
            return raw.decode(name), name
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{where}: not readable as {', '.join(tried)}; re-save the file as UTF-8 "
        "or pass encoding='gbk' (or the file's real encoding, e.g. encoding='gb18030')"
    )


def _field_counts(lines: list[str], sep: str) -> Counter[int]:
    """How many records split into n fields under ``sep`` (blank records ignored)."""
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=sep)
    return Counter(len(row) for row in reader if any(cell.strip() for cell in row))


def sniff_sep(text: str, *, suffix: str = ".csv") -> str:
    """The delimiter of ``text``: the candidate that splits most records alike.

    Parameters
    ----------
    text : str
        The decoded file.
    suffix : str
        ``.tsv`` prefers a tab when nothing else is clearly better.

    Returns
    -------
    str
        One of ``,`` ``;`` tab ``|`` ``，``; ``,`` when no candidate splits any record (a one-column
        table).

    Notes
    -----
    Score of a candidate: the number of records that share the most common field count, when that
    count is >= 2. The highest score wins, then the higher field count (a ``;`` file whose values
    use decimal commas splits into 2 fields by ``,`` but 4 by ``;``), then ``csv.Sniffer``'s guess
    on the tabular lines, then the order above.
    """
    lines = [line for line in text.splitlines()[:_SAMPLE_LINES] if line.strip()]
    scores: dict[str, tuple[int, int]] = {}
    for sep in SEPARATORS:
        counts = _field_counts(lines, sep)
        width, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=(1, 0))
        scores[sep] = (n, width) if width >= 2 else (0, 1)
    best = max(scores.values())
    if best[0] == 0:
        return "\t" if suffix == ".tsv" else ","
    tied = [sep for sep in SEPARATORS if scores[sep] == best]
    if len(tied) > 1:
        try:
            guess = csv.Sniffer().sniff("\n".join(lines[:50]), delimiters="".join(tied)).delimiter
        except csv.Error:
            guess = "\t" if suffix == ".tsv" and "\t" in tied else tied[0]
        return guess if guess in tied else tied[0]
    return tied[0]


def records(text: str, sep: str, where: str) -> list[Record]:
    """Every record of ``text`` with the line it starts on (blank lines give empty records).

    Quoted fields may span lines, so the line of a record is read from the csv reader's counter
    rather than assumed to be its position.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    out: list[Record] = []
    append, make = out.append, tuple.__new__  # NamedTuple's own __new__ is Python-level, slow
    line = 1
    try:
        for row in reader:
            append(make(Record, (line, row)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            f"{where}: line {line}: cannot split the line ({exc}); check its quotes"
        ) from exc
    return out
