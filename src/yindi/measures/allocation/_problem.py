"""The allocation problem: its tables checked, and compiled to sparse arrays."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy import sparse

from yindi._options import choose
from yindi.errors import InputError

FAMILIES = ("hub_max", "budgets", "participation", "redundancy", "national")
SOLVERS = ("highs", "scipy")
#: a row is binding when its slack is within this of 0 (relative to max(1, |limit|)).
BINDING_TOL = 1e-6

_ROW_FAMILY = {
    "hub_max": "hub_max",
    "budget": "budgets",
    "participation_min": "participation",
    "participation_max": "participation",
    "link": "redundancy",
    "redundancy": "redundancy",
    "national": "national",
}
_LABELS = ("region", "industry", "resource", "group")
_INF = math.inf


# --- problem and validation ---------------------------------------------------------------------


def _frame(data: object, name: str, keys: Sequence[str], number: str | None) -> pd.DataFrame:
    """``data`` as a DataFrame with ``keys`` (no NaN, no duplicates) and a numeric column >= 0."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{name} must be a pandas DataFrame; got {type(data).__name__}")
    columns = [*keys, number] if number else list(keys)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise InputError(
            f"{name} lacks column(s) {missing}; expected {columns}, got {list(data.columns)}"
        )
    out = data[columns].reset_index(drop=True)
    for key in keys:
        if out[key].isna().any():
            row = int(np.flatnonzero(out[key].isna())[0])
            raise InputError(f"{name}.{key} is missing in row {row}: every row needs a label")
    duplicated = out.duplicated(list(keys))
    if duplicated.any():
        first = out.loc[duplicated, list(keys)].iloc[0].tolist()
        raise InputError(f"{name} repeats the key {first} ({list(keys)}): give one row per key")
    if number:
        out[number] = _numbers(out[number], f"{name}.{number}", out[list(keys)])
    return out


def _numbers(values: pd.Series, name: str, labels: pd.DataFrame | pd.Index) -> pd.Series:
    """Float values >= 0 (``inf`` allowed: no limit); NaN and negatives raise InputError."""
    try:
        x = pd.to_numeric(values).astype(float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric; got {exc}") from None
    for bad, what in ((x.isna(), "missing (NaN)"), (x < 0, "negative")):
        if bad.any():
            at = int(np.flatnonzero(bad.to_numpy())[0])
            where = labels.iloc[at].tolist() if isinstance(labels, pd.DataFrame) else labels[at]
            raise InputError(
                f"{name} is {what} at {where} (value {values.iloc[at]!r}, {int(bad.sum())} such): "
                "give a number >= 0; use inf for no limit, leave the row out for 'none'"
            )
    return x


def _series(data: object, name: str) -> pd.Series:
    if not isinstance(data, pd.Series):
        raise InputError(f"{name} must be a pandas Series (label -> number)")
    if data.index.has_duplicates:
        raise InputError(f"{name} repeats the label {data.index[data.index.duplicated()][0]!r}")
    return pd.Series(_numbers(data, name, data.index).to_numpy(), index=data.index)


@dataclass(frozen=True)
class AllocationProblem:
    """Eligible region-industry pairs, their values, and the constraint families.

    Parameters
    ----------
    pairs : DataFrame ``region, industry, value``
        Eligible pairs only, one row each; ``value >= 0``.
    usage : DataFrame ``region, industry, resource, amount``, optional
        Resource use of a pair (>= 0); a missing row is 0. Rows of non-eligible pairs are ignored.
    budgets : DataFrame ``region, resource, budget``, optional
        A missing row (or ``inf``) is no limit.
    hub_max : Series industry -> :math:`H_i`, optional
        Most regions that may host the industry; a missing industry has no limit.
    participation : DataFrame ``region, min, max`` or ``(min, max)``, optional
        Items per region; scalars apply to every region of :attr:`region_universe`. ``max`` may
        be ``inf``. A region with no eligible pair and ``min >= 1`` makes the problem infeasible.
    groups : Series region -> macro-region, optional
        Regions left out belong to no macro-region.
    min_groups : Series industry -> :math:`k_i`, optional
        Whole numbers; industry :math:`i` must be present in at least :math:`k_i` macro-regions.
    national : Series resource -> national budget, optional
    regions : sequence of labels, optional
        Every region of the country (default: the regions named in any table).
    families : frozenset of str
        Families in force (default all of :data:`FAMILIES`); see :meth:`without`.

    Raises
    ------
    InputError
        Missing columns, NaN, negative numbers, duplicated keys, a fractional :math:`k_i`,
        ``min > max``, or ``redundancy`` without ``groups``.
    """

    pairs: pd.DataFrame
    usage: pd.DataFrame | None = None
    budgets: pd.DataFrame | None = None
    hub_max: pd.Series | None = None
    participation: pd.DataFrame | tuple[float, float] | None = None
    groups: pd.Series | None = None
    min_groups: pd.Series | None = None
    national: pd.Series | None = None
    regions: Sequence[Any] | None = None
    families: frozenset[str] = field(default_factory=lambda: frozenset(FAMILIES))

    def __post_init__(self) -> None:
        families = frozenset(self.families)
        for family in families:
            choose("families", family, FAMILIES)
        set_ = object.__setattr__  # frozen: store the validated, normalised tables
        set_(self, "families", families)
        set_(self, "pairs", _frame(self.pairs, "pairs", ("region", "industry"), "value"))
        if self.usage is not None:
            keys = ("region", "industry", "resource")
            set_(self, "usage", _frame(self.usage, "usage", keys, "amount"))
        if self.budgets is not None:
            set_(self, "budgets", _frame(self.budgets, "budgets", ("region", "resource"), "budget"))
        for name in ("hub_max", "min_groups", "national"):
            if getattr(self, name) is not None:
                set_(self, name, _series(getattr(self, name), name))
        if self.min_groups is not None:
            k = self.min_groups
            if (k != np.floor(k)).any() or np.isinf(k).any():
                raise InputError(f"min_groups must hold whole numbers; got {k[k != np.floor(k)]}")
            if self.groups is None and "redundancy" in families:
                raise InputError(
                    "min_groups needs groups (region -> macro-region), or switch the "
                    "'redundancy' family off"
                )
        if self.groups is not None:
            if not isinstance(self.groups, pd.Series) or self.groups.isna().any():
                raise InputError("groups must be a Series region -> macro-region without NaN")
            if self.groups.index.has_duplicates:
                raise InputError("groups repeats a region: give each region one macro-region")
        set_(self, "participation", self._participation())

    def _participation(self) -> pd.DataFrame | None:
        given = self.participation
        if given is None:
            return None
        if isinstance(given, pd.DataFrame):
            table = _frame(given, "participation", ("region",), None)
            table["min"] = _numbers(given["min"].reset_index(drop=True), "participation.min", table)
            table["max"] = _numbers(given["max"].reset_index(drop=True), "participation.max", table)
        else:
            low, high = given
            regions = self.region_universe
            table = pd.DataFrame({"region": regions, "min": float(low), "max": float(high)})
            _numbers(table["min"], "participation min", table[["region"]])
            _numbers(table["max"], "participation max", table[["region"]])
        bad = table["min"] > table["max"]
        if bad.any():
            raise InputError(f"participation min > max for region {table.region[bad].iloc[0]!r}")
        return table

    @property
    def region_universe(self) -> list[Any]:
        """``regions`` if given, else every region named in pairs, budgets, groups, usage."""
        if self.regions is not None:
            return list(dict.fromkeys(self.regions))
        found: list[Any] = list(self.pairs["region"])
        for table in (self.usage, self.budgets):
            if table is not None:
                found += list(table["region"])
        if self.groups is not None:
            found += list(self.groups.index)
        return sorted(set(found), key=str)

    def without(self, *families: str) -> AllocationProblem:
        """The same problem with ``families`` switched off."""
        for family in families:
            choose("families", family, FAMILIES)
        return replace(self, families=self.families - set(families))


# --- the model as arrays ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    pairs: pd.DataFrame  # column j < n_x is x[pair j]
    col_names: list[str]
    cost: np.ndarray
    a: sparse.csr_matrix  # rows x columns
    lower: np.ndarray
    upper: np.ndarray
    rows: pd.DataFrame  # name, family, region, industry, resource, group, sense, limit, size


def _block(
    kind: str, labels: pd.DataFrame, sense: str, limit: np.ndarray, entries: tuple
) -> tuple[pd.DataFrame, tuple]:
    """One family's rows: ``labels`` (one per row), ``entries`` = (row, column, coefficient)."""
    rows = labels.reset_index(drop=True).copy()
    keys = list(rows.columns)  # the name follows the labels' order: link[group|industry]
    for label in _LABELS:
        if label not in rows:
            rows[label] = None
    rows["name"] = [f"{kind}[{'|'.join(str(v) for v in t)}]" for t in rows[keys].itertuples(False)]
    rows["kind"], rows["family"] = kind, _ROW_FAMILY[kind]
    rows["sense"], rows["limit"] = sense, np.asarray(limit, dtype=float)
    return rows, entries


def _factorize_keys(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes of the rows' key tuples and the distinct keys, sorted; empty frames included
    (pandas < 2.2 cannot factorize an empty MultiIndex)."""
    tuples = list(zip(*(frame[k].tolist() for k in keys), strict=True)) if len(frame) else []
    distinct = sorted(set(tuples))
    position = {key: n for n, key in enumerate(distinct)}
    codes = np.fromiter((position[t] for t in tuples), dtype=np.int64, count=len(tuples))
    return codes, pd.DataFrame(distinct, columns=keys)


def _compile(problem: AllocationProblem) -> _Model:
    pairs = problem.pairs.sort_values(["region", "industry"], kind="stable", key=_str_key)
    pairs = pairs.reset_index(drop=True)
    n_x, on = len(pairs), problem.families
    col = pd.Series(np.arange(n_x), index=pd.MultiIndex.from_frame(pairs[["region", "industry"]]))
    blocks: list[tuple[pd.DataFrame, tuple]] = []

    def group_rows(kind: str, frame: pd.DataFrame, keys: list[str], lim: str, sense: str) -> None:
        # frame: one entry per (row key, column) with coef; one row per distinct key
        codes, labels = _factorize_keys(frame, keys)
        limit = frame.groupby(codes)[lim].first().to_numpy()
        entries = (codes, frame["col"].to_numpy(), frame["coef"].to_numpy())
        blocks.append(_block(kind, labels, sense, limit, entries))

    with_col = pairs.assign(col=np.arange(n_x), coef=1.0)
    if "hub_max" in on and problem.hub_max is not None:
        h = problem.hub_max[np.isfinite(problem.hub_max)].rename("limit")
        group_rows(
            "hub_max", with_col.join(h, on="industry", how="inner"), ["industry"], "limit", "<="
        )
    use = None
    if problem.usage is not None:
        use = problem.usage[problem.usage["amount"] > 0]
        use = use.join(col.rename("col"), on=["region", "industry"], how="inner")
        use = use.rename(columns={"amount": "coef"})
    if "budgets" in on and problem.budgets is not None and use is not None:
        b = problem.budgets[np.isfinite(problem.budgets["budget"])]
        frame = use.merge(b, on=["region", "resource"], how="inner")
        group_rows("budget", frame, ["region", "resource"], "budget", "<=")
    if "participation" in on and problem.participation is not None:
        part = cast(pd.DataFrame, problem.participation)  # normalised in __post_init__
        for kind, lim, sense, keep in (
            ("participation_min", "min", ">=", part["min"] > 0),
            ("participation_max", "max", "<=", np.isfinite(part["max"])),
        ):
            t = part[keep].sort_values("region", key=_str_key).reset_index(drop=True)
            codes = pd.Series(np.arange(len(t)), index=t["region"])
            hit = with_col[with_col["region"].isin(t["region"])]
            entries = (
                codes[hit["region"]].to_numpy(),
                hit["col"].to_numpy(),
                hit["coef"].to_numpy(),
            )
            blocks.append(_block(kind, t[["region"]], sense, t[lim].to_numpy(), entries))
    y_names: list[str] = []
    if "redundancy" in on and problem.min_groups is not None and problem.groups is not None:
        k = problem.min_groups[problem.min_groups > 0].sort_index(key=_str_key)
        hit = with_col[with_col["industry"].isin(k.index)]
        hit = hit.join(problem.groups.rename("group"), on="region", how="inner")
        y_codes, y_labels = _factorize_keys(hit, ["group", "industry"])
        y_col = n_x + np.arange(len(y_labels))
        y_names = [f"y[{g}|{i}]" for g, i in y_labels.itertuples(index=False)]
        rows = np.r_[np.arange(len(y_labels)), y_codes]
        cols = np.r_[y_col, hit["col"].to_numpy()]
        coefs = np.r_[np.ones(len(y_labels)), -np.ones(len(hit))]
        blocks.append(_block("link", y_labels, "<=", np.zeros(len(y_labels)), (rows, cols, coefs)))
        k_codes = pd.Series(np.arange(len(k)), index=k.index)
        entries = (k_codes[y_labels["industry"]].to_numpy(), y_col, np.ones(len(y_col)))
        labels = pd.DataFrame({"industry": k.index})
        blocks.append(_block("redundancy", labels, ">=", k.to_numpy(), entries))
    if "national" in on and problem.national is not None and use is not None:
        nat = problem.national[np.isfinite(problem.national)].rename("limit")
        frame = use.join(nat, on="resource", how="inner")
        group_rows("national", frame, ["resource"], "limit", "<=")

    n_cols = n_x + len(y_names)
    row_tables, r_idx, c_idx, vals, offset = [], [], [], [], 0
    for rows_, (r, c, v) in blocks:
        row_tables.append(rows_)
        r_idx.append(np.asarray(r, dtype=np.int64) + offset)
        c_idx.append(np.asarray(c, dtype=np.int64))
        vals.append(np.asarray(v, dtype=float))
        offset += len(rows_)
    a = sparse.csr_matrix(
        (
            np.concatenate(vals or [np.zeros(0)]),
            (
                np.concatenate(r_idx or [np.zeros(0, int)]),
                np.concatenate(c_idx or [np.zeros(0, int)]),
            ),
        ),
        shape=(offset, n_cols),
    )
    columns = ["name", "kind", "family", *_LABELS, "sense", "limit"]
    rows = (
        pd.concat(row_tables, ignore_index=True)[columns]
        if row_tables
        else pd.DataFrame(columns=columns)
    )
    rows["size"] = np.diff(a.indptr)
    le = (rows["sense"] == "<=").to_numpy()
    limit = rows["limit"].to_numpy(dtype=float)
    names = [f"x[{r}|{i}]" for r, i in pairs[["region", "industry"]].itertuples(index=False)]
    names += y_names
    for kind, labels in (("column", names), ("row", list(rows["name"]))):
        if len(set(labels)) != len(labels):
            raise InputError(
                f"two {kind}s get the same name (a label contains '|' ?): {_first_dup(labels)!r}; "
                "rename the regions/industries/resources so that '|' does not occur in them"
            )
    return _Model(
        pairs=pairs[["region", "industry", "value"]],
        col_names=names,
        cost=np.r_[pairs["value"].to_numpy(dtype=float), np.zeros(len(y_names))],
        a=a,
        lower=np.where(le, -_INF, limit),
        upper=np.where(le, limit, _INF),
        rows=rows,
    )


def _str_key(s: pd.Series) -> pd.Series:
    return s.astype(str)


def _first_dup(labels: list[str]) -> str:
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            return label
        seen.add(label)
    return ""
