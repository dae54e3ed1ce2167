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
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import StrOptions, check, register
from yindi.data._cells import apply_negatives, check_sums, parse_values, parse_years
from yindi.data._shape_diagnose import describe_mismatch
from yindi.data.config import quote
from yindi.data.regions import looks_like_provinces, total_rows, unify_regions
from yindi.errors import InputError

__all__ = [
    "to_pandas",
    "validate_long",
    "check_columns",
    "map_columns",
    "format_rows",
    "NEGATIVE_RULES",
    "AGGREGATE_RULES",
]

_SHOW = 5  # offending rows quoted in a message

#: Choices of ``negatives=`` and ``aggregates=``.
NEGATIVE_RULES = ("error", "positive_part")
AGGREGATE_RULES = ("drop", "keep")
register("negatives", StrOptions(NEGATIVE_RULES, optional=True))  # None: the data say
register("aggregates", StrOptions(AGGREGATE_RULES))


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


def _shown(value: Any) -> str:
    """A context cell as written when it is plain text, else its repr (blanks stay visible)."""
    value = plain(value)
    if isinstance(value, str) and value and value == value.strip():
        return value
    return _cell(value)


def _cell(value: Any) -> str:
    """An offending cell: text quoted, floats to 12 significant digits (no binary noise)."""
    value = plain(value)
    if isinstance(value, float):
        return f"{value:.12g}"
    return repr(value)


def format_rows(
    frame: pd.DataFrame,
    mask: np.ndarray | pd.Series,
    cols: Sequence[str],
    *,
    context: Sequence[str] = (),
    lines: Sequence[int] | np.ndarray | None = None,
    positions: Sequence[int] | np.ndarray | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """Quote the first offending rows of ``frame`` for an error message.

    Each row reads ``line 12 (region 北京, activity S18, year 2017): value -3.0`` when the
    1-based file ``lines`` of the rows are known (``lines=`` or ``frame.attrs["lines"]``, set by
    the readers), else ``row 5 (...)`` with the 0-based row position (``positions=`` or the
    position in ``frame``). ``context`` columns (those present and not in ``cols``) go in
    parentheses; the offending ``cols`` follow as reprs. ``names`` maps a column to the name
    shown (the validator shows roles: ``region``, ``value``, whatever the user's headers).
    Cells are never quoted as ``name=value``: that spelling is reserved for advice on keywords
    (``negatives='positive_part'``), which the CLI rewrites as its options.
    """
    idx = np.flatnonzero(np.asarray(mask))
    if lines is None and positions is None:
        attr = frame.attrs.get("lines")
        lines = attr if attr is not None and len(attr) == len(frame) else None
    unit, where = ("line", np.asarray(lines)) if lines is not None else ("row", positions)
    where = np.arange(len(frame)) if where is None else np.asarray(where)
    ctx = [c for c in context if c in frame.columns and c not in cols]
    display = dict(names or {})
    shown = []
    for i in idx[:_SHOW]:
        head = f"{unit} {int(where[i])}"
        if ctx:
            head += (
                " ("
                + ", ".join(f"{display.get(c, c)} {_shown(frame[c].iloc[i])}" for c in ctx)
                + ")"
            )
        body = ", ".join(f"{display.get(c, c)} {_cell(frame[c].iloc[i])}" for c in cols)
        shown.append(f"{head}: {body}" if body else head)
    more = f" (and {idx.size - _SHOW} more)" if idx.size > _SHOW else ""
    return "; ".join(shown) + more


@dataclass(frozen=True)
class _Place:
    """Where the rows of the working frame came from: file lines or 0-based input positions."""

    frame: pd.DataFrame
    lines: np.ndarray | None
    positions: np.ndarray | None  # None: row i of the frame is input row i
    context: tuple[str, ...]
    names: Mapping[str, str]

    def quote(self, mask: np.ndarray, cols: Sequence[str] = ()) -> str:
        return format_rows(
            self.frame,
            mask,
            cols,
            context=self.context,
            lines=self.lines,
            positions=None if self.lines is not None else self.positions,
            names=self.names,
        )

    def subset(self, keep: np.ndarray) -> _Place:
        return _Place(
            self.frame[keep].reset_index(drop=True),
            None if self.lines is None else self.lines[keep],
            np.flatnonzero(keep) if self.positions is None else self.positions[keep],
            self.context,
            self.names,
        )


def check_columns(
    frame: pd.DataFrame, mapping: Mapping[str, str], *, what: str, fix: str | None = None
) -> None:
    """Raise if a mapped column is absent, suggesting close names and how to fix it.

    ``fix`` replaces the default advice (pass ``<role>='<column name>'``) where the role is not
    a keyword the caller can pass (such tables are not region x activity tables, so a wide
    layout is not suggested). When the table's shape explains the miss (a wrong delimiter,
    title rows, another sheet, a wide table: :func:`yindi.data.readers.describe_mismatch`),
    that cause and its fix are given instead.
    """
    for role, col in mapping.items():
        if col in frame.columns:
            continue
        names = [str(c) for c in frame.columns]
        shown = quote(names, 300)
        from_file = bool(frame.attrs.get("format"))  # set by read_table
        cause = describe_mismatch(frame, mapping, long=fix is None) if from_file else None
        if cause is not None:  # the table's shape is the problem, not the column mapping
            raise InputError(
                f"{what}: column {col!r} (the {role}) not found: {cause} (columns read: {shown})"
            )
        close = difflib.get_close_matches(str(col), names, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        advice = fix or f"Pass {role}='<column name>' to map it."
        raise InputError(
            f"{what}: column {col!r} (the {role}) not found; the table has columns "
            f"{shown}.{hint} {advice}"
        )


def map_columns(
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    *,
    what: str,
    fix: str | None = None,
    others: bool = False,
) -> pd.DataFrame:
    """The table with each role's column (``mapping``: role -> column) renamed to the role.

    The one place a caller's column names become yindi's: missing columns raise as in
    :func:`check_columns`. ``others=False`` keeps only the mapped columns (in ``mapping``
    order); ``True`` keeps the rest too, after them. Returns a new frame; ``attrs`` (the
    readers' line numbers) are kept.
    """
    check_columns(frame, mapping, what=what, fix=fix)
    rest = [c for c in frame.columns if c not in set(mapping.values())] if others else []
    out = frame[[*mapping.values(), *rest]].copy()
    out.columns = [*mapping, *rest]
    out.attrs = frame.attrs
    return out


def _keys(place: _Place, col: str, what: str) -> pd.Categorical:
    """Keys as a Categorical of stripped strings with sorted categories.

    Factorising first and converting only the distinct values to text keeps this fast on
    millions of rows.
    """
    column = place.frame[col]
    if isinstance(column.dtype, pd.CategoricalDtype):
        # Already factorised: its codes, and only the categories in use.
        codes = column.cat.codes.to_numpy()
        present = codes[codes >= 0] if (codes < 0).any() else codes
        used = np.bincount(present, minlength=len(column.cat.categories)) > 0
        uniques = np.asarray(column.cat.categories, dtype=object)
    else:
        codes, uniques = pd.factorize(column, sort=False)
        used = None
    missing = codes < 0
    if missing.any():
        raise InputError(
            f"{what}: column {col!r} has empty keys at {place.quote(missing, [col])}; "
            "fill or drop those rows"
        )
    text = np.array([str(u).strip() for u in uniques], dtype=object)
    empty = text == ""
    if used is not None:
        empty &= used
    if empty.any():
        blank = empty[codes]
        raise InputError(
            f"{what}: column {col!r} has blank keys at {place.quote(blank, [col])}; "
            "fill or drop those rows"
        )
    categories, inverse = np.unique(text if used is None else text[used], return_inverse=True)
    if used is not None:  # codes of unused categories never occur: any value will do
        full = np.zeros(text.size, dtype=inverse.dtype)
        full[used] = inverse
        inverse = full
    small = inverse.astype(_code_dtype(categories.size))
    return _categorical(small[codes], categories)


def _code_dtype(n: int) -> type[np.signedinteger]:
    """The integer type pandas keeps Categorical codes of ``n`` categories in."""
    for dtype in (np.int8, np.int16, np.int32):
        if n < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _categorical(codes: np.ndarray, categories: np.ndarray) -> pd.Categorical:
    # The codes come from np.unique's inverse: in range by construction.
    return pd.Categorical.from_codes(
        codes, categories=pd.Index(categories, dtype=object), validate=False
    )


def _duplicate_keys(out: pd.DataFrame) -> np.ndarray:
    """Mask of rows whose (region, activity, year) occurs more than once.

    Keys are packed into one integer; when the key space is small (as for any dense panel) a
    bincount finds repeats in linear time, otherwise pandas hashes them.
    """
    year = out["year"].to_numpy()
    first = int(year.min())
    n_year = int(year.max()) - first + 1  # years are whole numbers: offsets are exact codes
    n_reg, n_act = len(out["region"].cat.categories), len(out["activity"].cat.categories)
    # One int64 key buffer, built in place (tens of millions of rows stay affordable).
    key = year.astype(np.int64)
    key -= first
    key *= n_reg
    key += out["region"].cat.codes.to_numpy()
    key *= n_act
    key += out["activity"].cat.codes.to_numpy()
    space = n_year * n_reg * n_act
    if space <= max(8 * key.size, 100_000_000):
        # Distinct keys mark distinct cells of a bitmap: as many cells as rows, no repeats.
        seen = np.zeros(space, dtype=bool)
        seen[key] = True
        if int(np.count_nonzero(seen)) == key.size:
            return np.zeros(key.size, dtype=bool)
        del seen
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
    negatives: str | None = None,
    aliases: str | Mapping[str, str] | bool | None = None,
    aggregates: str = "drop",
) -> pd.DataFrame:
    """Validate a long table and return it with canonical columns.

    Parameters
    ----------
    data : pandas.DataFrame or polars.DataFrame
        One row per region, activity and year. ``attrs["lines"]`` (set by the readers), if
        present, gives each row's 1-based line in the file; messages then quote ``line N``
        instead of the 0-based ``row N``.
    region, activity, year, value : str
        Names of the columns holding each role.
    what : str
        Name of the input used in messages (a file path, say).
    negatives : {'error', 'positive_part'} or None
        ``'error'`` rejects values below 0. ``'positive_part'`` keeps the rows and uses
        :math:`x^+ = \\max(x, 0)`: a negative amount (value added of a loss-making sector)
        means no revealed capacity, so it counts as 0 for presence and RCA; the
        negatives are listed in a :class:`~yindi.errors.NegativeValueWarning`. ``None``
        (default): ``data.attrs["negatives"]`` if an embedded dataset set it, else ``'error'``.
    aliases : None, False, 'china_provinces' or mapping
        How spellings of the same region are unified. ``None`` (default) applies the China
        table when more than half of the distinct region labels are in it and at least two of
        them are province names in Chinese or English (or one province is spelled two ways);
        ``'china_provinces'`` always applies it (also to codes
        such as ``BJ``, ``CN-BJ``, ``110000``); ``False`` keeps labels as written; a mapping
        ``{spelling: label}`` is the caller's own table. Canonical labels are those of the
        embedded dataset (``'Beijing'``); every change is reported in an
        :class:`~yindi.errors.AliasWarning`. Two spellings holding the same (activity, year)
        are an error.
    aggregates : {'drop', 'keep'}
        ``'drop'`` (default) removes total rows (regions ``全国``, ``合计``, ``Total``,
        ``National``, ``All regions``...; ``中国``/``China`` when the other labels are
        provinces; activities ``合计``, ``总计``, ``Total``...) with a
        :class:`~yindi.errors.DroppedWarning` naming them, since a total next to its parts
        double-counts them.

    Returns
    -------
    pandas.DataFrame
        Columns ``region`` and ``activity`` (Categorical of str, sorted categories), ``year``
        (int32), ``value`` (float64, >= 0), in input order (total rows removed), with a fresh
        RangeIndex. ``attrs["notes"]`` lists what was changed (aliases, totals, negatives, year
        suffixes) as text.

    Raises
    ------
    InputError
        On empty input, missing columns, empty keys; dates, text or implausible years (outside
        1800..2200); True/False, missing-value marks, units, percent strings or other text in
        the values; non-finite or (by default) negative values; per-year sums of 1e300 or more;
        duplicate keys, also between two spellings of one region; fewer than two regions or
        activities.
    OptionError
        On an unknown ``negatives``, ``aliases`` or ``aggregates`` value.

    Notes
    -----
    Every check works on the distinct labels and years (factorised first), so validation stays
    linear in the number of rows.
    """
    frame = to_pandas(data, what=what)
    if negatives is None:
        negatives = frame.attrs.get("negatives", "error")
    check(negatives=negatives, aggregates=aggregates)
    rule = negatives
    if frame.shape[0] == 0:
        raise InputError(f"{what}: the table is empty; it needs one row per region, activity, year")
    mapping = {"region": region, "activity": activity, "year": year, "value": value}
    check_columns(frame, mapping, what=what)
    lines = frame.attrs.get("lines")
    lines = np.asarray(lines) if lines is not None and len(lines) == len(frame) else None
    # The mapped columns under a fresh RangeIndex, without copying their data (the checks
    # below only read them; what they return is built anew).
    frame = pd.DataFrame({c: frame[c] for c in dict.fromkeys(mapping.values())}, copy=False)
    frame.index = pd.RangeIndex(len(frame))
    frame.attrs = {}  # a list of millions of lines would be deep-copied by every pandas step
    roles = {col: role for role, col in mapping.items()}
    place = _Place(frame, lines, None, (region, activity, year), roles)
    keys = {"region": _keys(place, region, what), "activity": _keys(place, activity, what)}
    province_labels = np.asarray(keys["region"].categories, dtype=object)
    provinces = aliases == "china_provinces" or (
        aliases is not False and looks_like_provinces(province_labels)
    )
    notes: list[str] = []
    if aggregates == "drop":
        keep, note = total_rows(keys, mapping, provinces=provinces, what=what)
        if keep is not None:
            place = place.subset(keep)
            keys = {role: cat[keep].remove_unused_categories() for role, cat in keys.items()}
        notes.append(note)
    raw_region = keys["region"]
    keys["region"], note = unify_regions(raw_region, aliases, region, what)
    notes.append(note)
    years, note = parse_years(place.frame[year], year, what, lambda m: place.quote(m, [year]))
    notes.append(note)
    values = parse_values(place.frame[value], value, what, lambda m: place.quote(m, [value]))
    nonfinite = ~np.isfinite(values)
    if nonfinite.any():
        raise InputError(
            f"{what}: column {value!r} has NaN or infinite values at "
            f"{place.quote(nonfinite, [value])}; yindi never treats a gap as 0 — "
            "fill them with real values or drop those rows"
        )
    notes.append(apply_negatives(values, rule, lambda m: place.quote(m, [value]), value, what))
    out = pd.DataFrame(
        {"region": keys["region"], "activity": keys["activity"], "year": years, "value": values},
        copy=False,  # every column was built here: no one else holds them
    )
    check_sums(out, value, what)
    dup = _duplicate_keys(out)
    if dup.any():
        _raise_duplicates(out, raw_region, dup, place, region, what)
    for role, col in (("region", region), ("activity", activity)):
        n = len(out[role].cat.categories)
        plural = {"region": "regions", "activity": "activities"}[role]
        if n < 2:
            raise InputError(
                f"{what}: only {n} distinct {role} in column {col!r}; complexity and "
                f"relatedness compare at least two {plural} — check the column mapping or filter"
            )
    out.attrs["notes"] = tuple(n for n in notes if n)
    return out


def _raise_duplicates(
    out: pd.DataFrame,
    raw_region: pd.Categorical,
    dup: np.ndarray,
    place: _Place,
    col: str,
    what: str,
) -> None:
    """Raise for repeated keys, naming the spellings when only alias unification made them."""
    as_written = _duplicate_keys(out.assign(region=raw_region))
    merged = dup & ~as_written
    if merged.any():
        spellings = sorted(set(np.asarray(raw_region)[merged].tolist()))
        labels = sorted(set(np.asarray(out["region"])[merged].tolist()))
        raise InputError(
            f"{what}: column {col!r}: {' and '.join(map(repr, spellings))} name the same region "
            f"({', '.join(map(repr, labels))}) and both hold the same (activity, year) at "
            f"{place.quote(merged)}; keep the rows of one spelling, or pass aliases=False to "
            "keep them apart"
        )
    raise InputError(
        f"{what}: duplicate (region, activity, year) keys at {place.quote(dup)}; "
        "aggregate them first (e.g. groupby(...).sum()) or fix the keys"
    )
