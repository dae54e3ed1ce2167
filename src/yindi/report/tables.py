"""Write result tables to CSV, Parquet and Excel, atomically and reproducibly.

Each file is written to a temporary name in the target folder and moved into place only when
complete, so an interrupted run never leaves a half-written table over a good one (the CLI
also swaps the whole run folder, see :mod:`yindi.report.run_folder`). The same tables give
byte-identical files: the workbook's zip entries and document properties carry a fixed date.

Text cells that a spreadsheet would run as a formula are made inert in CSV and Excel (OWASP's
CSV-injection rule): a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return that is not a number gets a leading apostrophe, so ``=HYPERLINK(...)`` is shown as text.
Parquet keeps the text as it is (no spreadsheet evaluates it).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

import pandas as pd

from yindi.errors import InputError

__all__ = ["FORMATS", "write_tables", "write_atomic", "inert_text", "reproducible_zip"]

FORMATS = ("csv", "parquet", "xlsx")
EXCEL_MAX_ROWS = 1_048_575  # one row for the header


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` and move ``tmp`` onto ``path`` only if it succeeded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the user's usual mode
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    # Categoricals become plain strings so files read back the same in any tool.
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: str for c in cats}) if cats else frame


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_text(values: pd.Series) -> pd.Series:
    """Text cells a spreadsheet would evaluate, prefixed with ``'`` (numbers are left alone)."""
    if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
        return values
    text = values.where(values.map(lambda v: isinstance(v, str), na_action="ignore") == True)  # noqa: E712
    risky = text.str.startswith(_FORMULA_START, na=False)
    if risky.any():
        risky &= pd.to_numeric(text.where(risky), errors="coerce").isna()
    if not risky.any():
        return values
    out = values.astype(object).copy()
    out[risky] = "'" + text[risky]
    return out


def _inert(frame: pd.DataFrame) -> pd.DataFrame:
    columns = {c: inert_text(frame[c]) for c in frame.columns}
    changed = {c: v for c, v in columns.items() if v is not frame[c]}
    return frame.assign(**changed) if changed else frame


#: the date every workbook carries (zip entries and docProps): the same tables, the same bytes.
_FIXED_DATE = (2000, 1, 1, 0, 0, 0)
_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible_zip(data: bytes) -> bytes:
    """A workbook (zip) rewritten with fixed entry dates and document-property timestamps."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, body in entries:
            if info.filename == "docProps/core.xml":
                body = _W3CDTF.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)
    return buffer.getvalue()


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out: str | Path,
    formats: tuple[str, ...] = ("csv", "parquet"),
) -> list[Path]:
    """Write each table as ``<out>/<name>.<format>``; returns the paths written.

    Excel gets one workbook ``tables.xlsx`` with a sheet per table that fits Excel's row limit
    (larger tables are listed on a ``README`` sheet with the CSV/Parquet to use instead).
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(f"unknown output format(s) {unknown}; use any of {list(FORMATS)}")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out {folder} exists and is not a folder; choose another path")
    written: list[Path] = []
    plain = {name: _plain(frame) for name, frame in tables.items()}
    writers: dict[str, Callable[[pd.DataFrame, Path], object]] = {
        "csv": lambda f, p: _inert(f).to_csv(p, index=False, lineterminator="\n"),
        "parquet": lambda f, p: f.to_parquet(p, index=False, compression="zstd"),
    }
    for name, frame in plain.items():
        for fmt in ("csv", "parquet"):
            if fmt in formats:
                path = folder / f"{name}.{fmt}"
                write_atomic(path, partial(writers[fmt], frame))
                written.append(path)
    if "xlsx" in formats:
        path = folder / "tables.xlsx"

        def excel(p: Path) -> None:
            skipped = []
            with pd.ExcelWriter(p, engine="openpyxl") as xl:
                for name, frame in plain.items():
                    if len(frame) > EXCEL_MAX_ROWS:
                        skipped.append(name)
                        continue
                    _inert(frame).to_excel(xl, sheet_name=name[:31], index=False)
                if skipped:
                    note = pd.DataFrame({"table too large for Excel; see CSV/Parquet": skipped})
                    note.to_excel(xl, sheet_name="README", index=False)
            p.write_bytes(reproducible_zip(p.read_bytes()))

        write_atomic(path, excel)
        written.append(path)
    return written
