"""Reading the year and value cells of a long table: what a yearbook export puts there.

Both parsers factorise the column first and classify only the distinct cells, so a column of
millions of rows costs one hash pass plus a Python loop over its few distinct values (years) or
over the distinct *text* cells (values; numeric columns never enter the loop).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from yindi.errors import InputError, NegativeValueWarning

__all__ = [
    "parse_years",
    "parse_values",
    "apply_negatives",
    "check_sums",
    "YEAR_RANGE",
    "SUM_LIMIT",
    "Quote",
]

#: Plausible years; anything outside is a date serial, a code or a typo.
YEAR_RANGE = (1800, 2200)

#: Per-year totals, and totals over a region or activity sum, must stay below this.
SUM_LIMIT = 1e300

#: ``quote(mask)`` renders the rows selected by a boolean mask for a message.
Quote = Callable[[np.ndarray], str]

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_PLAIN = re.compile(rf"{_NUMBER}|[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_PERCENT = re.compile(rf"{_NUMBER}\s*[%％‰]")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_UNIT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*[^\d\s.,+-].*")
_YEAR = re.compile(r"\d{4}")
_YEAR_SUFFIX = re.compile(r"(\d{4})\s*年(?:度)?")
_DATE_TEXT = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?(?:[ T].*)?月?")
_FLAGS = frozenset({"true", "false", "yes", "no", "y", "n", "是", "否", "有", "无", "√", "×", "✓"})
_MISSING = frozenset({"", "-", "--", "---", "—", "——", "–", "−", "…", "……", "...", "..", "/"})
_DATES = (dt.date, dt.datetime, pd.Timestamp, np.datetime64)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # Excel's day 0 (with its 1900 leap-year quirk)


def bool_cells(series: pd.Series) -> np.ndarray:
    """Rows holding True/False in an object column (all False for any other dtype).

    Needed because factorising merges ``True`` with ``1`` and ``1.0`` (they hash equal). The
    per-cell scan runs only when pandas infers a mix or booleans, never for numbers or text.
    """
    if series.dtype != object:
        return np.zeros(len(series), dtype=bool)
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind not in ("boolean", "mixed", "mixed-integer"):
        return np.zeros(len(series), dtype=bool)
    cells = series.to_numpy()
    return np.fromiter((isinstance(c, bool | np.bool_) for c in cells), bool, count=len(cells))


def _text(value: str) -> str:
    """NFKC (full-width digits and signs to ASCII) and stripped."""
    return unicodedata.normalize("NFKC", value).strip()


def _dates_error(col: str, what: str, rows: str, kind: str) -> InputError:
    return InputError(
        f"{what}: column {col!r} holds dates, not years ({kind}) at {rows}; keep only the year, "
        f"e.g. 2017 (pandas: df[{col!r}] = pd.to_datetime(df[{col!r}]).dt.year), or pass "
        "year='<column>' for a column of years"
    )


def _classify_year(cell: object) -> tuple[float, str]:
    """(year or NaN, kind) of one distinct cell; kind is '', 'suffix', 'date' or 'text'."""
    if isinstance(cell, _DATES):
        return np.nan, "date"
    if isinstance(cell, str):
        text = _text(cell)
        if _YEAR.fullmatch(text):
            return float(text), ""
        if match := _YEAR_SUFFIX.fullmatch(text):
            return float(match.group(1)), "suffix"
        if _DATE_TEXT.fullmatch(text):
            return np.nan, "date"
        try:
            return float(text), ""
        except ValueError:
            return np.nan, "text"
    try:
        return float(cell), ""  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.nan, "text"


def parse_years(series: pd.Series, col: str, what: str, quote: Quote) -> tuple[np.ndarray, str]:
    """Whole years (int32) of a year column, and a note ('' if none) about how they were read.

    Raises :class:`~yindi.errors.InputError` for dates (datetime values, ``"2017-01-01"``
    strings, Excel serial day numbers such as 42736, ``20170101``), True/False, mixed text and
    number years, non-whole or missing years, and years outside :data:`YEAR_RANGE`. Text years
    with the ``年`` suffix (``"2017年"``) are read as 2017 and noted.
    """
    everywhere = np.ones(len(series), dtype=bool)
    if pd.api.types.is_datetime64_any_dtype(series) or isinstance(series.dtype, pd.PeriodDtype):
        raise _dates_error(col, what, quote(everywhere), f"dtype {series.dtype}")
    if pd.api.types.is_bool_dtype(series):
        raise InputError(
            f"{what}: column {col!r} holds True/False, not years; pass year='<column>' for the "
            "column that holds the years (e.g. 2017)"
        )
    flags = bool_cells(series)
    if flags.any():
        raise InputError(
            f"{what}: column {col!r} holds True/False, not years, at {quote(flags)}; write the "
            "year (e.g. 2017) or drop those rows"
        )
    if series.dtype.kind in "iu" and len(series):
        # Whole numbers already: only the range is left to check (the usual case, and the one
        # with millions of rows), without hashing every row.
        whole = series.to_numpy()
        low, high = YEAR_RANGE
        if low <= int(whole.min()) and int(whole.max()) <= high:
            return whole.astype(np.int32), ""
    codes, uniques = pd.factorize(series, sort=False)
    cells = np.asarray(uniques, dtype=object)
    parsed = [_classify_year(cell) for cell in cells]
    years = np.array([p[0] for p in parsed], dtype=float)
    kinds = np.array([p[1] for p in parsed], dtype=object)

    def rows_where(bad_unique: np.ndarray) -> str:
        return quote(bad_unique[codes] & (codes >= 0))

    if (kinds == "date").any():
        raise _dates_error(col, what, rows_where(kinds == "date"), "date values or date text")
    types = {type(c).__name__ for c in cells}
    if series.dtype == object and "str" in types and types - {"str"}:
        raise InputError(
            f"{what}: column {col!r} mixes year types ({', '.join(sorted(types))}); "
            "store every year as the same integer type, e.g. 2017"
        )
    bad = np.isnan(years) | (years != np.round(np.nan_to_num(years)))
    if bad.any() or (codes < 0).any():
        shown = quote(bad[codes] | (codes < 0)) if len(bad) else quote(codes < 0)
        raise InputError(f"{what}: column {col!r} must hold whole years; bad values at {shown}")
    low, high = YEAR_RANGE
    implausible = (years < low) | (years > high)
    if implausible.any():
        serial = implausible & (years >= 10_000) & (years <= 110_000)
        ymd = implausible & (years >= low * 10_000 + 101) & (years <= high * 10_000 + 1231)
        if serial.any():
            example = years[serial][0]
            day = (_EXCEL_EPOCH + pd.Timedelta(days=float(example))).date()
            raise _dates_error(
                col, what, rows_where(serial), f"Excel serial day numbers: {example:.0f} is {day}"
            )
        if ymd.any():
            raise _dates_error(col, what, rows_where(ymd), "yyyymmdd numbers")
        raise InputError(
            f"{what}: column {col!r} has implausible years (outside {low}..{high}) at "
            f"{rows_where(implausible)}; write four-digit years such as 2017, or pass "
            "year='<column>' if another column holds the years"
        )
    note = ""
    if (kinds == "suffix").any():
        examples = ", ".join(repr(c) for c in cells[kinds == "suffix"][:3])
        note = f"{what}: column {col!r}: read years written with 年 ({examples}) as whole years"
    return years[codes].astype(np.int32), note


def _classify_value(cell: object) -> tuple[float, str]:
    """(number or NaN, kind) of one distinct non-numeric-dtype cell."""
    if isinstance(cell, bool | np.bool_):
        return np.nan, "flag"
    if isinstance(cell, str):
        text = _text(cell)
        if _PLAIN.fullmatch(text):
            return float(text), ""
        folded = text.casefold()
        for kind, test in (
            ("flag", folded in _FLAGS),
            ("missing", folded in _MISSING),
            ("percent", _PERCENT.fullmatch(text) is not None),
            ("thousands", _THOUSANDS.fullmatch(text) is not None),
            ("unit", _UNIT.fullmatch(text) is not None),
        ):
            if test:
                return np.nan, kind
        return np.nan, "text"
    if isinstance(cell, _DATES):
        return np.nan, "text"
    try:
        return float(cell), ""  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.nan, "text"


def _value_problems(col: str) -> dict[str, str]:
    return {
        "flag": (
            "mixes True/False (or TRUE/FALSE, 是/否, yes/no) with numbers at {rows}; they would "
            "silently count as 1/0. yindi computes presence itself from amounts (output, "
            "employment, exports): put the amounts in the column, or drop those rows"
        ),
        "missing": (
            "has missing-value marks ('-', '—', '…', blank) at {rows}; they mean 'no data' and "
            "yindi never treats a gap as 0 — fill them with real values or drop those rows"
        ),
        "percent": (
            "has percent strings at {rows}; write the number without '%' (12.5% -> 12.5), or "
            "better the amounts the shares come from"
        ),
        "thousands": (
            "has thousands separators at {rows}; write the numbers without them "
            "('1,234.5' -> 1234.5) and re-save the file"
        ),
        "unit": (
            "has numbers with units at {rows} (e.g. '123万元'); remove the unit from the cells "
            f"and put it in the column name ({col}_万元), converting mixed units (亿元, 万元) to "
            "one first"
        ),
        "text": (
            "must be numeric; non-numeric values at {rows}; remove units, thousands separators "
            "or notes from those cells, or drop the rows"
        ),
    }


def parse_values(series: pd.Series, col: str, what: str, quote: Quote) -> np.ndarray:
    """Float64 values of a value column; NaN where the cell is empty (checked by the caller).

    Raises :class:`~yindi.errors.InputError` for a True/False column or True/False among
    numbers (``TRUE``/``FALSE``, ``是``/``否``), missing-value marks (``-``, ``—``, ``…``),
    percent strings, thousands separators, numbers with units and other text, each with its fix.
    Numbers written as text (``"12.5"``, ``"1.2e5"``, full-width digits) are read as numbers.
    """
    if pd.api.types.is_bool_dtype(series):
        raise InputError(
            f"{what}: column {col!r} holds True/False, not amounts; yindi computes presence "
            "itself from values (output, employment, exports) — pass those"
        )
    if pd.api.types.is_numeric_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan, copy=True)
    problems = _value_problems(col)
    flags = bool_cells(series)
    if flags.any():
        raise InputError(f"{what}: column {col!r} " + problems["flag"].format(rows=quote(flags)))
    codes, uniques = pd.factorize(series, sort=False)
    cells = np.asarray(uniques, dtype=object)
    # Plain numbers (most cells) convert in C; only the rest is classified one by one.
    fast = pd.to_numeric(pd.Series(cells, dtype=object), errors="coerce").to_numpy(float)
    numbers = np.append(fast, np.nan)  # code -1 (an empty cell) -> NaN
    kinds = np.full(cells.size + 1, "", dtype=object)
    for i in np.flatnonzero(np.isnan(fast)):
        numbers[i], kinds[i] = _classify_value(cells[i])
    for kind in problems:
        hit = kinds == kind
        if hit.any():
            rows = quote(hit[codes])
            raise InputError(f"{what}: column {col!r} " + problems[kind].format(rows=rows))
    return numbers[codes]


def apply_negatives(values: np.ndarray, rule: str, quote: Quote, col: str, what: str) -> str:
    """Apply the negative-value rule to ``values`` in place; return the note ('' if none).

    ``rule='error'`` raises :class:`~yindi.errors.InputError` naming the rows and the fix;
    ``rule='positive_part'`` sets :math:`x^+ = \\max(x, 0)` and warns
    (:class:`~yindi.errors.NegativeValueWarning`) with the rows' region, activity, year, value.
    """
    negative = values < 0
    if not negative.any():
        return ""
    rows = quote(negative)
    if rule == "error":
        raise InputError(
            f"{what}: column {col!r} must be >= 0 (output, employment, exports, counts); "
            f"negative values at {rows}. If they are real (value added, net exports), pass "
            "negatives='positive_part' to count them as 0 for presence and RCA"
        )
    values[negative] = 0.0
    message = (
        f"{what}: column {col!r}: {int(negative.sum())} negative value(s) set to 0 for presence "
        f"and RCA (negatives='positive_part'): {rows}"
    )
    warnings.warn(message, NegativeValueWarning, stacklevel=4)
    return message


def _ascending(values: np.ndarray, block: int = 1 << 22) -> bool:
    """Whether ``values`` never decrease, checked in blocks (no row-long temporary)."""
    for lo in range(0, values.size - 1, block):
        part = values[lo : lo + block + 1]
        if not (part[1:] >= part[:-1]).all():
            return False
    return True


def year_slices(year: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """The years of a column sorted by year and the bounds of their rows (one more entry), or
    None when the rows are not in year order or the years span more than 10,000.

    A sorted table needs no row-long key buffer: the order is checked a block of rows at a
    time and a binary search finds where each year starts.
    """
    values = year.to_numpy()
    if values.size == 0 or values.dtype.kind not in "iu" or not _ascending(values):
        return None
    first, last = int(values[0]), int(values[-1])
    if last - first > 10_000:
        return None
    starts = np.searchsorted(values, np.arange(first, last + 2))
    present = starts[1:] > starts[:-1]
    return np.arange(first, last + 1)[present], np.append(starts[:-1][present], values.size)


def _year_key_sums(
    year: np.ndarray, values: np.ndarray, roles: list[tuple[np.ndarray, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each year's label, total and smallest positive region or activity sum, for rows in
    any order: (year, line) keys formed in one buffer and undone after each role."""
    # Whole years: offsets from the first are codes (no hashing of millions of rows).
    first = int(year.min())
    year_codes = year.astype(np.intp)
    year_codes -= first
    present = np.bincount(year_codes) > 0
    n_year = present.size
    totals = np.bincount(year_codes, weights=values, minlength=n_year)
    smallest = np.full(n_year, np.inf)
    for codes, n in roles:
        year_codes *= n
        year_codes += codes
        sums = np.bincount(year_codes, weights=values, minlength=n_year * n).reshape(n_year, n)
        year_codes -= codes
        year_codes //= n
        smallest = np.minimum(smallest, np.where(sums > 0, sums, np.inf).min(axis=1))
    return np.flatnonzero(present) + first, totals[present], smallest[present]


def check_sums(out: pd.DataFrame, value: str, what: str) -> None:
    """Reject years whose total, or ratio of total to a region/activity sum, reaches 1e300.

    RCA divides by these sums (x / row sum) / (column sum / total); below the limit every ratio
    and every later sum over a few years stays finite in float64 (max 1.8e308).
    """
    values = out["value"].to_numpy()
    roles = [
        (out[role].cat.codes.to_numpy(), len(out[role].cat.categories))
        for role in ("region", "activity")
    ]
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        sorted_years = year_slices(out["year"])
        if sorted_years is not None:
            # Rows in year order (the usual case): each year is a slice, summed in place.
            year_labels, bounds = sorted_years
            parts = [slice(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
            totals = np.array([values[part].sum() for part in parts])
            smallest = np.full(len(parts), np.inf)
            for codes, n in roles:
                for k, part in enumerate(parts):
                    sums = np.bincount(codes[part], weights=values[part], minlength=n)
                    smallest[k] = min(smallest[k], np.where(sums > 0, sums, np.inf).min())
        else:
            year_labels, totals, smallest = _year_key_sums(out["year"].to_numpy(), values, roles)
        ratio = totals / smallest
    too_big = ~(totals < SUM_LIMIT)
    if too_big.any():
        shown = ", ".join(
            f"year {y}: {t:.3g}" for y, t in zip(year_labels[too_big], totals[too_big], strict=True)
        )
        raise InputError(
            f"{what}: column {value!r} sums to more than float64 can carry through RCA "
            f"({shown}; the limit is {SUM_LIMIT:.0e}); divide the column by 1e6 (RCA is "
            "scale-free), e.g. a unit of million instead of one"
        )
    spread = ratio >= SUM_LIMIT
    if spread.any():
        years = [int(y) for y in year_labels[spread]]
        raise InputError(
            f"{what}: column {value!r} spans too many orders of magnitude in year(s) {years}: "
            "some region or activity sums are below 1e-300 of the year's total; check the "
            "units of those rows or set such tiny values to 0"
        )
