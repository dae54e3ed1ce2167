"""Readers for tables on disk: CSV (with encoding detection), Parquet, Excel.

Chinese statistical tables often arrive in GBK; Excel on Windows writes UTF-8 with a BOM. The
reader tries UTF-8-SIG (BOM present), UTF-8 and GBK in that order and records which one worked in
``frame.attrs["encoding"]`` so the caller can say it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from yindi.errors import InputError

__all__ = ["read_table", "ENCODINGS"]

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "gbk")
_CSV = {".csv", ".txt", ".tsv"}
_EXCEL = {".xlsx", ".xlsm", ".xls"}
_PARQUET = {".parquet", ".pq"}


def _decode(raw: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    if encoding is not None:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(
                f"{path}: cannot decode as {encoding!r} ({exc}); "
                f"leave encoding unset to try {', '.join(ENCODINGS)}"
            ) from exc
    tried = ENCODINGS if raw.startswith(b"\xef\xbb\xbf") else ENCODINGS[1:]
    for name in tried:
        try:
            return raw.decode(name), name
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{path}: not readable as {', '.join(tried)}; re-save the file as UTF-8 "
        "or pass encoding='...' with the file's real encoding"
    )


def read_table(
    path: str | Path,
    *,
    sheet: str | int = 0,
    encoding: str | None = None,
    text_columns: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Read a CSV, Parquet or Excel file into a pandas DataFrame.

    Parameters
    ----------
    path : str or Path
        File to read; the format is taken from the suffix.
    sheet : str or int, default 0
        Excel sheet name or position.
    encoding : str, optional
        Text encoding of a CSV. By default UTF-8-SIG, UTF-8 and GBK are tried in turn.
    text_columns : tuple of str
        Columns kept as text (codes such as ``"0011"`` must not become the number 11).

    Returns
    -------
    pandas.DataFrame
        With ``attrs["source"]`` (the path) and, for text files, ``attrs["encoding"]``.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file; check the path")
    suffix = p.suffix.lower()
    if suffix in _CSV:
        text, used = _decode(p.read_bytes(), p, encoding)
        if not text.strip():
            raise InputError(f"{p}: the file is empty; it needs a header row and data rows")
        sep = "\t" if suffix == ".tsv" else ","
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=dict.fromkeys(text_columns, str))
        frame.attrs["encoding"] = used
    elif suffix in _PARQUET:
        frame = pd.read_parquet(p)
    elif suffix in _EXCEL:
        try:
            frame = pd.read_excel(p, sheet_name=sheet, dtype=dict.fromkeys(text_columns, str))
        except ValueError as exc:
            raise InputError(f"{p}: cannot read sheet {sheet!r} ({exc})") from exc
    else:
        raise InputError(
            f"{p}: unknown file type {suffix!r}; use one of "
            + ", ".join(sorted(_CSV | _PARQUET | _EXCEL))
        )
    frame.attrs["source"] = str(p)
    return frame
