"""The files a run writes: tables (CSV, Parquet, Excel), whole output folders, provenance.

Tables
------
Write result tables to CSV, Parquet and Excel, atomically and reproducibly.

Each file is written to a temporary name in the target folder and moved into place only when
complete, so an interrupted run never leaves a half-written table over a good one (the CLI
also swaps the whole run folder, see :mod:`yindi._output`). The same tables give
byte-identical files: the workbook's zip entries and document properties carry a fixed date.

Text cells that a spreadsheet would run as a formula are made inert in CSV and Excel (OWASP's
CSV-injection rule): a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return that is not a number gets a leading apostrophe, so ``=HYPERLINK(...)`` is shown as text.
Parquet keeps the text as it is (no spreadsheet evaluates it).

Output folders
--------------
A run's output folder, replaced as a whole or not at all.

Every command writes its files into a staging folder beside the target
(``.<name>.partial-<pid>-<random>``) and, when everything is written, swaps it into place: the
old folder is renamed aside (``.<name>.old-<pid>-<random>``), the staging folder takes its
name, the old one is deleted. So a run killed at any point leaves

- the previous complete result where it was (killed while writing), or
- the previous result renamed aside and the new one complete beside it (killed between the two
  renames, a window of microseconds): the next run puts the old one back before it starts;

and the next run removes the debris of dead runs (their staging and aside folders). A folder
never mixes files of two runs.

The target must be new, empty, or a folder yindi wrote before (it holds ``provenance.json``):
yindi never replaces a folder holding anything else, so nothing a user stored there is lost.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pandas as pd

from yindi.errors import InputError

__all__ = [
    "FORMATS",
    "MARKER",
    "inert_text",
    "reproducible_zip",
    "run_folder",
    "write_atomic",
    "write_tables",
]

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
        # UTF-8 with a byte-order mark: Excel in a Chinese (or any non-UTF-8) locale reads
        # the names right only then; pandas, R and Python's csv skip the mark.
        "csv": lambda f, p: _inert(f).to_csv(
            p, index=False, lineterminator="\n", encoding="utf-8-sig"
        ),
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


#: a folder holding this file was written by yindi and may be replaced by a new run.
MARKER = "provenance.json"
_DEBRIS = re.compile(r"^\.(?P<name>.+)\.(?P<kind>partial|old)-(?P<pid>\d+)-[A-Za-z0-9_]+$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _debris(out: Path) -> list[tuple[str, Path]]:
    """(kind, path) of staging and aside folders of dead runs for this target."""
    found = []
    for entry in sorted(out.parent.iterdir()):
        match = _DEBRIS.match(entry.name)
        if match and match["name"] == out.name and not _alive(int(match["pid"])):
            found.append((match["kind"], entry))
    return found


def _recover(out: Path) -> None:
    """Put back a result a killed run had renamed aside, then remove dead runs' folders."""
    debris = _debris(out)
    if not out.exists():
        aside = [path for kind, path in debris if kind == "old"]
        if aside:
            os.replace(aside[-1], out)
    for _, path in debris:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)


def _check_target(out: Path, option: str) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"{option} {out} exists and is not a folder; choose another path")
    if out.is_dir():
        names = sorted(p.name for p in out.iterdir())
        if names and MARKER not in names:
            shown = ", ".join(names[:5]) + (" ..." if len(names) > 5 else "")
            raise InputError(
                f"{option} {out} already holds files yindi did not write ({shown}); a run "
                f"replaces its whole output folder, so choose a new or empty folder"
            )


@contextmanager
def run_folder(out: str | os.PathLike[str], *, option: str = "--out") -> Iterator[Path]:
    """Yield a staging folder; on success it replaces ``out`` as a whole.

    Parameters
    ----------
    out : path
        The output folder the user asked for.
    option : str
        How the user named it, for messages (the CLI option).

    Raises
    ------
    InputError
        If ``out`` is a file, or a folder holding files yindi did not write.
    """
    target = Path(out).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    _check_target(target, option)
    pid = os.getpid()
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.partial-{pid}-"))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes 0700; give the user's usual mode
    try:
        yield staging
        if target.exists():
            aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-{pid}-"))
            os.replace(target, aside)
            os.replace(staging, target)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
