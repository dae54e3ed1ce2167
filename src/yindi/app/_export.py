"""Downloads: tables as CSV and Excel, written by the same code as ``yindi plan --out``.

:func:`yindi._output.write_tables` writes them, so a download is the file the command line
writes: CSV as UTF-8 with a byte-order mark, and in CSV and Excel a text cell that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading
apostrophe. Presentation only.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from yindi._output import write_tables

__all__ = ["csv_bytes", "excel_bytes", "file_stem"]


def file_stem(name: str) -> str:
    """A table name made safe as a download file name."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")
    return stem or "table"


def csv_bytes(frame: pd.DataFrame, name: str) -> bytes:
    """One table as the CSV ``yindi plan`` writes (formulas neutralised)."""
    stem = file_stem(name)
    with tempfile.TemporaryDirectory(prefix="yindi-csv-") as folder:
        write_tables({stem: frame}, folder, ("csv",))
        return (Path(folder) / f"{stem}.csv").read_bytes()


def excel_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """Every table in one workbook, a sheet each (formulas neutralised)."""
    with tempfile.TemporaryDirectory(prefix="yindi-xlsx-") as folder:
        write_tables({file_stem(k): v for k, v in tables.items()}, folder, ("xlsx",))
        return (Path(folder) / "tables.xlsx").read_bytes()
