"""The one validator every entry point uses for long region x activity x year tables.

It accepts pandas or polars frames, maps the user's column names onto the canonical ones and
checks, in this order: empty input, missing columns, key values, years, numeric values,
non-finite values, negative values, duplicate keys, and the number of regions and activities.
Every failure is an :class:`~yindi.errors.InputError` that names the column, the first offending
rows and the fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from yindi.errors import InputError

__all__ = ["to_pandas", "validate_long", "check_columns", "format_rows"]

_SHOW = 5  # offending rows quoted in a message


def to_pandas(data: Any, *, what: str = "input") -> pd.DataFrame:
    """Return a pandas DataFrame from a pandas or polars frame (no copy for pandas)."""
    if isinstance(data, pd.DataFrame):
        return data
    kind = type(data).__name__
    if type(data).__module__.startswith("polars") and kind in ("DataFrame", "LazyFrame"):
        return (data.collect() if kind == "LazyFrame" else data).to_pandas()
    raise InputError(
        f"{what}: expected a pandas or polars DataFrame, got {type(data).__name__}; "
        "read files with yindi.data.read_table or pass a DataFrame"
    )


def plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds, so messages read ``-1.0``, not np.float64."""
    return value.item() if isinstance(value, np.generic) else value


def format_rows(frame: pd.DataFrame, mask: np.ndarray | pd.Series, cols: Sequence[str]) -> str:
    """Quote the first offending rows (0-based positions) of ``frame`` for an error message."""
    idx = np.flatnonzero(np.asarray(mask))
    shown = [
        f"row {i}: " + ", ".join(f"{c}={plain(frame[c].iloc[i])!r}" for c in cols)
        for i in idx[:_SHOW]
    ]
    more = f" (and {idx.size - _SHOW} more)" if idx.size > _SHOW else ""
    return "; ".join(shown) + more


def check_columns(
    frame: pd.DataFrame, mapping: Mapping[str, str], *, what: str, fix: str | None = None
) -> None:
    """Raise if a mapped column is absent, suggesting close names and how to fix it.

    ``fix`` replaces the default advice (pass ``<role>='<column name>'``) where the role is not
    a keyword the caller can pass.
    """
    for role, col in mapping.items():
        if col in frame.columns:
            continue
        names = [str(c) for c in frame.columns]
        close = difflib.get_close_matches(str(col), names, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        advice = fix or f"Pass {role}='<column name>' to map it."
        raise InputError(
            f"{what}: column {col!r} (the {role}) not found; the table has columns "
            f"{names}.{hint} {advice}"
        )


def _keys(frame: pd.DataFrame, col: str, what: str) -> pd.Categorical:
    """Keys as a Categorical of stripped strings with sorted categories.

    Factorising first and converting only the distinct values to text keeps this fast on
    millions of rows.
    """
    codes, uniques = pd.factorize(frame[col], sort=False)
    missing = codes < 0
    if missing.any():
        raise InputError(
            f"{what}: column {col!r} has empty keys at {format_rows(frame, missing, [col])}; "
            "fill or drop those rows"
        )
    text = np.array([str(u).strip() for u in uniques], dtype=object)
    blank = (text == "")[codes]
    if blank.any():
        raise InputError(
            f"{what}: column {col!r} has blank keys at {format_rows(frame, blank, [col])}; "
            "fill or drop those rows"
        )
    categories, inverse = np.unique(text, return_inverse=True)
    return pd.Categorical.from_codes(inverse[codes], categories=pd.Index(categories, dtype=object))


def _years(frame: pd.DataFrame, col: str, what: str) -> pd.Series:
    series = frame[col]
    # Only an object column can mix types (e.g. "2017" strings next to 2017 integers).
    kinds = {type(v).__name__ for v in series.tolist()} if series.dtype == object else set()
    if len(kinds & {"str"}) and len(kinds - {"str"}):
        raise InputError(
            f"{what}: column {col!r} mixes year types ({', '.join(sorted(kinds))}); "
            "store every year as the same integer type, e.g. 2017"
        )
    years = pd.to_numeric(series, errors="coerce")
    bad = years.isna().to_numpy() | ~np.isfinite(years.to_numpy(dtype=float, na_value=np.nan))
    if not bad.any():
        bad = years.to_numpy(dtype=float) != np.round(years.to_numpy(dtype=float))
    if bad.any():
        raise InputError(
            f"{what}: column {col!r} must hold whole years; bad values at "
            f"{format_rows(frame, bad, [col])}"
        )
    return years.astype(np.int32)


def _values(frame: pd.DataFrame, col: str, what: str) -> pd.Series:
    raw = frame[col]
    if pd.api.types.is_bool_dtype(raw):
        raise InputError(
            f"{what}: column {col!r} holds True/False, not amounts; yindi computes presence "
            "itself from values (output, employment, exports) — pass those"
        )
    numbers = pd.to_numeric(raw, errors="coerce")
    not_numeric = numbers.isna().to_numpy() & raw.notna().to_numpy()
    if not_numeric.any():
        raise InputError(
            f"{what}: column {col!r} must be numeric; non-numeric values at "
            f"{format_rows(frame, not_numeric, [col])}; remove units, thousands separators or "
            "notes from those cells, or drop the rows"
        )
    arr = numbers.to_numpy(dtype=float, na_value=np.nan)
    nonfinite = ~np.isfinite(arr)
    if nonfinite.any():
        raise InputError(
            f"{what}: column {col!r} has NaN or infinite values at "
            f"{format_rows(frame, nonfinite, [col])}; yindi never treats a gap as 0 — "
            "fill them with real values or drop those rows"
        )
    negative = arr < 0
    if negative.any():
        raise InputError(
            f"{what}: column {col!r} must be >= 0 (output, employment, exports, counts); "
            f"negative values at {format_rows(frame, negative, [col])}"
        )
    return pd.Series(arr, index=frame.index, name=col)


def _duplicate_keys(out: pd.DataFrame) -> np.ndarray:
    """Mask of rows whose (region, activity, year) occurs more than once.

    Keys are packed into one integer; when the key space is small (as for any dense panel) a
    bincount finds repeats in linear time, otherwise pandas hashes them.
    """
    year = out["year"].to_numpy()
    first = int(year.min())
    n_year = int(year.max()) - first + 1  # years are whole numbers: offsets are exact codes
    n_reg, n_act = len(out["region"].cat.categories), len(out["activity"].cat.categories)
    key = (year.astype(np.int64) - first) * n_reg + out["region"].cat.codes.to_numpy()
    key = key * n_act + out["activity"].cat.codes.to_numpy()
    space = n_year * n_reg * n_act
    if space <= max(8 * key.size, 10_000_000):
        return np.bincount(key, minlength=space)[key] > 1
    return pd.Series(key).duplicated(keep=False).to_numpy()


def validate_long(
    data: Any,
    *,
    region: str = "region",
    activity: str = "activity",
    year: str = "year",
    value: str = "value",
    what: str = "panel",
) -> pd.DataFrame:
    """Validate a long table and return it with canonical columns.

    Parameters
    ----------
    data : pandas.DataFrame or polars.DataFrame
        One row per region, activity and year.
    region, activity, year, value : str
        Names of the columns holding each role.
    what : str
        Name of the input used in messages (a file path, say).

    Returns
    -------
    pandas.DataFrame
        Columns ``region`` and ``activity`` (Categorical of str, sorted categories), ``year``
        (int32), ``value`` (float64), in input order, with a fresh RangeIndex.

    Raises
    ------
    InputError
        On empty input, missing columns, empty keys, non-integer or mixed-type years,
        non-numeric, non-finite or negative values, duplicate keys, or fewer than two regions
        or activities.
    """
    frame = to_pandas(data, what=what)
    if frame.shape[0] == 0:
        raise InputError(f"{what}: the table is empty; it needs one row per region, activity, year")
    mapping = {"region": region, "activity": activity, "year": year, "value": value}
    check_columns(frame, mapping, what=what)
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame(
        {
            "region": _keys(frame, region, what),
            "activity": _keys(frame, activity, what),
            "year": _years(frame, year, what),
            "value": _values(frame, value, what),
        }
    )
    dup = _duplicate_keys(out)
    if dup.any():
        raise InputError(
            f"{what}: duplicate (region, activity, year) keys at "
            f"{format_rows(out, dup, ['region', 'activity', 'year'])}; "
            "aggregate them first (e.g. groupby(...).sum()) or fix the keys"
        )
    for role, col in (("region", region), ("activity", activity)):
        n = len(out[role].cat.categories)
        plural = {"region": "regions", "activity": "activities"}[role]
        if n < 2:
            raise InputError(
                f"{what}: only {n} distinct {role} in column {col!r}; complexity and "
                f"relatedness compare at least two {plural} — check the column mapping or filter"
            )
    return out
