"""Write result tables to CSV, Parquet and Excel, atomically and reproducibly.

Each file is written to a temporary name in the target folder and moved into place only when
complete, so an interrupted run never leaves a half-written table over a good one. The same
tables give byte-identical files (no timestamps in the files).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

import pandas as pd

from yindi.errors import InputError

__all__ = ["FORMATS", "write_tables", "write_atomic"]

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
        "csv": lambda f, p: f.to_csv(p, index=False, lineterminator="\n"),
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
                    frame.to_excel(xl, sheet_name=name[:31], index=False)
                if skipped:
                    note = pd.DataFrame({"table too large for Excel; see CSV/Parquet": skipped})
                    note.to_excel(xl, sheet_name="README", index=False)

        write_atomic(path, excel)
        written.append(path)
    return written
