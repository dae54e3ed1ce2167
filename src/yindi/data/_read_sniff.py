"""What a file really is, from its first bytes, before any decoding.

Users rename files: a workbook saved as ``.csv``, a zip of CSVs called ``.xlsx``, a screenshot
called ``data.csv``, a half-downloaded Parquet file. Reading them with the reader their name
suggests gives a decoding or zip traceback that names neither the file nor the fix, so the
content is sniffed first (magic numbers, as ``file(1)`` does) and compared with the suffix.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from yindi.errors import InputError

__all__ = ["CSV_SUFFIXES", "EXCEL_SUFFIXES", "PARQUET_SUFFIXES", "sniff_kind"]

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# Formats that are certainly not tables, by their magic number.
_NOT_TABLES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)


def _zip_kind(path: Path) -> str:
    """``"xlsx"`` for an Office Open XML workbook, else a description of the zip's content."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "a damaged zip archive"
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "a Word document (.docx)"
    if "mimetype" in names and any(n.endswith("content.xml") for n in names):
        return "an OpenDocument file (.ods/.odt)"
    shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    return f"a zip archive holding {shown or 'nothing'}"


def _content(path: Path, head: bytes) -> str:
    """Classify the bytes: xlsx, xls, parquet, text, or a description of a non-table."""
    if head.startswith(_ZIP):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    for magic, what in _NOT_TABLES:
        if head.startswith(magic):
            return what
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<table")):
        return "an HTML page"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte order mark (Excel's "Unicode text")
    if b"\x00" in head:
        return "binary data"
    return "text"


def _mismatch(path: Path, suffix: str, content: str) -> InputError:
    """The error for a file whose content does not fit the reader its suffix selects."""
    if content == "xlsx":
        return InputError(
            f"{path}: is a zip archive (an Excel .xlsx workbook), not a {suffix} file; "
            "rename it to .xlsx"
        )
    if content == "xls":
        return InputError(
            f"{path}: is a legacy Excel .xls workbook (OLE2), not a {suffix} file; "
            "rename it to .xls"
        )
    if content == "parquet":
        return InputError(f"{path}: is a Parquet file, not a {suffix} file; rename it to .parquet")
    if content.startswith(("a zip", "a damaged zip")) and suffix in CSV_SUFFIXES:
        return InputError(
            f"{path}: is {content} (a zip archive), not a CSV; if it is an Excel workbook "
            "rename it .xlsx, otherwise unzip it and pass the table inside"
        )
    return InputError(f"{path}: is {content}, not a table; export the data as CSV (UTF-8) or .xlsx")


def sniff_kind(path: Path) -> str:
    """Check ``path`` is a readable table file and say which reader it needs.

    Parameters
    ----------
    path : Path
        The file named by the user.

    Returns
    -------
    str
        ``"text"``, ``"xlsx"``, ``"xls"`` or ``"parquet"``. An Excel suffix whose content is the
        other Excel format (``.xls`` that is really ``.xlsx``) returns the real format.

    Raises
    ------
    InputError
        Missing path, a directory, an empty file, an unknown suffix, or content that is not the
        table its suffix promises (zip, image, PDF, HTML, garbage named ``.parquet``, ...).
    """
    if path.is_dir():
        tables = sorted(
            p.name for p in path.iterdir() if p.suffix.lower() in CSV_SUFFIXES | EXCEL_SUFFIXES
        )
        inside = f" (tables inside: {', '.join(tables[:5])})" if tables else ""
        raise InputError(f"{path}: is a directory, not a file; pass the path of one table{inside}")
    if not path.is_file():
        raise InputError(f"{path}: no such file; check the path")
    suffix = path.suffix.lower()
    known = CSV_SUFFIXES | EXCEL_SUFFIXES | PARQUET_SUFFIXES
    if suffix not in known:
        raise InputError(
            f"{path}: unknown file type {suffix!r}; use one of {', '.join(sorted(known))}"
        )
    with path.open("rb") as handle:
        head = handle.read(512)
    if not head:
        raise InputError(
            f"{path}: the file is empty (0 bytes); it needs a header row and data rows"
        )
    content = _content(path, head)
    if suffix in PARQUET_SUFFIXES:
        if content != "parquet":
            described = "" if content in ("text", "binary data") else f"; it is {content}"
            raise InputError(f"{path}: not a Parquet file (no PAR1 magic at the start){described}")
        with path.open("rb") as handle:
            handle.seek(-4, 2)
            if handle.read(4) != b"PAR1":
                raise InputError(
                    f"{path}: truncated Parquet file (no PAR1 magic at the end); copy or "
                    "download it again"
                )
        return "parquet"
    if suffix in EXCEL_SUFFIXES:
        if content in ("xlsx", "xls"):
            return content
        if content == "an HTML page":
            raise InputError(
                f"{path}: is an HTML page saved with an Excel name (many statistics sites export "
                "'xls' this way); open it in Excel and save it as .xlsx, or save it as CSV"
            )
        if content.startswith("a zip"):
            raise InputError(
                f"{path}: is a zip archive but not an Excel workbook ({content}); unzip it "
                "and pass the table inside"
            )
        if content == "text":
            raise InputError(
                f"{path}: is a text file, not an Excel workbook; if it is a CSV rename it .csv"
            )
        raise _mismatch(path, suffix, content)
    if content != "text":
        raise _mismatch(path, suffix, content)
    return "text"
