r"""Coordinated allocation of strategic industries to regions: a 0-1 programme and its diagnosis.

Binary :math:`x_{ri} = 1` when region :math:`r` is given industry :math:`i` (eligible pairs
:math:`E` only); the allocation maximises the total local value

.. math::

    \max_x \sum_{(r,i) \in E} v_{ri} x_{ri}

subject to the constraint families (each one can be switched off, :data:`FAMILIES`):

- ``hub_max``: :math:`\sum_r x_{ri} \le H_i` (row ``hub_max[i]``);
- ``budgets``: :math:`\sum_i a_{ris} x_{ri} \le B_{rs}` (row ``budget[r|s]``);
- ``participation``: :math:`m_r \le \sum_i x_{ri} \le M_r` (rows ``participation_min[r]``,
  ``participation_max[r]``);
- ``redundancy``: with macro-regions :math:`g` and auxiliary binaries :math:`y_{gi}`,
  :math:`y_{gi} \le \sum_{r \in g} x_{ri}` (row ``link[g|i]``) and
  :math:`\sum_g y_{gi} \ge k_i` (row ``redundancy[i]``): industry :math:`i` is present in at
  least :math:`k_i` distinct macro-regions;
- ``national``: :math:`\sum_{(r,i) \in E} a_{ris} x_{ri} \le N_s` (row ``national[s]``).

Columns are named ``x[r|i]`` and ``y[g|i]``. HiGHS (``highspy``) solves it; without highspy,
or with ``solver="scipy"``, :func:`scipy.optimize.milp` (HiGHS inside scipy) does. A knapsack
with side constraints (Martello & Toth 1990, ch. 1; Williams 2013, *Model Building in
Mathematical Programming*, 5th ed., ch. 9 for the logical "present in a group" rows).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy import sparse

from yindi._options import choose
from yindi.errors import InputError, OptionError

__all__ = [
    "FAMILIES",
    "SOLVERS",
    "AllocationProblem",
    "AllocationSolution",
    "build_highs",
    "explain_infeasibility",
    "solve_allocation",
]

FAMILIES = ("hub_max", "budgets", "participation", "redundancy", "national")
SOLVERS = ("highs", "scipy")
#: a row is binding when its slack is within this of 0 (relative to max(1, |limit|)).
BINDING_TOL = 1e-6
#: the deletion filter (exact IIS of the 0-1 programme) runs on at most this many rows.
MAX_FILTER_ROWS = 400
#: ``Highs.feasibilityRelaxation`` exists from highspy 1.8, but up to 1.15.1 it returns the
#: all-zero point for a 0-1 programme (checked on 1.8.0, 1.9.0, 1.10.0, 1.11.0, 1.12.0, 1.15.1);
#: 1.16.0 returns the minimiser. Older versions use the elastic programme built here.
RELAXATION_MIN_HIGHS = (1, 16, 0)
#: at most this many disjoint IISs are listed by :func:`explain_infeasibility`.
MAX_IIS = 10

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


# --- solving ------------------------------------------------------------------------------------

_STATUS_NAMES = {
    "kOptimal": "optimal",
    "kTimeLimit": "time_limit",
    "kInfeasible": "infeasible",
    "kUnbounded": "unbounded",
    "kUnboundedOrInfeasible": "infeasible_or_unbounded",
    "kIterationLimit": "iteration_limit",
    "kSolutionLimit": "solution_limit",
    "kInterrupt": "interrupted",
    "kHighsInterrupt": "interrupted",
    "kMemoryLimit": "memory_limit",
    "kObjectiveBound": "objective_bound",
    "kObjectiveTarget": "objective_target",
    "kModelEmpty": "optimal",
}


_BANNER_SILENCED: list[bool] = []


def _highspy() -> Any | None:
    try:
        import highspy
    except ImportError:
        return None
    if not _BANNER_SILENCED:
        # HiGHS writes its banner to the process's stdout when the first Highs() is made,
        # before any option can silence it; make that first one with stdout pointed at
        # /dev/null, so the CLI's output and a notebook's stay clean.
        _BANNER_SILENCED.append(True)
        import os
        import sys

        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    return highspy


def build_highs(problem: AllocationProblem, *, integer: bool = True) -> Any:
    """A silent ``highspy.Highs`` holding the (unsolved) model with named columns and rows.

    Raises :class:`ImportError` with the install hint when highspy is missing.
    """
    highspy = _highspy()
    if highspy is None:
        raise ImportError("build_highs needs highspy: pip install 'highspy>=1.7'")
    return _highs(_compile(problem), highspy, integer=integer)


def _highs(model: _Model, highspy: Any, *, integer: bool) -> Any:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    n_rows, n_cols = model.a.shape
    lp.num_col_, lp.num_row_ = n_cols, n_rows
    lp.col_cost_ = model.cost
    lp.col_lower_, lp.col_upper_ = np.zeros(n_cols), np.ones(n_cols)
    lp.row_lower_, lp.row_upper_ = model.lower, model.upper
    csc = model.a.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(float)
    lp.sense_ = highspy.ObjSense.kMaximize
    if integer and n_cols:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
    lp.col_names_ = model.col_names
    lp.row_names_ = list(model.rows["name"])
    h.passModel(lp)
    return h


@dataclass(frozen=True)
class AllocationSolution:
    """Outcome of :func:`solve_allocation`.

    Attributes
    ----------
    status : str
        From the solver's model status: ``"optimal"`` (gap within ``mip_rel_gap``),
        ``"time_limit"`` (best solution so far, if any), ``"infeasible"``, ``"unbounded"``,
        ``"infeasible_or_unbounded"``, ``"iteration_limit"``, ``"error"`` ...
    objective : float
        Value of the allocation found (NaN when there is none).
    bound : float
        Best dual bound: no allocation is worth more (NaN when unknown).
    gap : float
        Relative gap as the solver reports it (HiGHS: (bound - objective) / |objective|).
    seconds : float
        Wall time of the solve.
    solver : str
    selected : DataFrame ``region, industry, value`` (property; a fresh copy)
    constraints : DataFrame (property; a fresh copy)
        ``name, family, region, industry, resource, group, sense, limit, activity, slack,
        binding, shadow_price`` per row. ``shadow_price`` is d(objective)/d(limit) of the LP
        relaxation restricted to the rows binding at the 0-1 solution (the others get 0):
        approximate, since a 0-1 programme has no exact duals, and not unique when that LP is
        degenerate (HiGHS and scipy may then report different values).
    """

    status: str
    objective: float
    bound: float
    gap: float
    seconds: float
    solver: str
    _selected: pd.DataFrame = field(repr=False)
    _constraints: pd.DataFrame = field(repr=False)

    @property
    def selected(self) -> pd.DataFrame:
        return self._selected.copy()

    @property
    def constraints(self) -> pd.DataFrame:
        return self._constraints.copy()

    @property
    def has_solution(self) -> bool:
        return not math.isnan(self.objective)

    def summary(self) -> str:
        """One paragraph: status, value, bound, gap, time, items and binding rows."""
        binding = int(self._constraints["binding"].sum()) if len(self._constraints) else 0
        return (
            f"allocation ({self.solver}): {self.status}; objective {self.objective:.6g}, "
            f"bound {self.bound:.6g}, gap {self.gap:.3g}, {self.seconds:.2f} s; "
            f"{len(self._selected)} items; {binding} binding constraints"
        )


def solve_allocation(
    problem: AllocationProblem,
    *,
    time_limit: float = 60.0,
    mip_rel_gap: float = 1e-4,
    solver: str = "highs",
) -> AllocationSolution:
    """Solve the allocation 0-1 programme (see the module docstring for the model).

    Parameters
    ----------
    problem : AllocationProblem
    time_limit : float
        Seconds; on reaching it the status is ``"time_limit"``, never ``"optimal"``.
    mip_rel_gap : float
        Stop when (bound - objective) / |objective| is at most this.
    solver : {"highs", "scipy"}
        ``"highs"`` uses highspy (named rows and columns) and falls back to scipy when highspy
        is not installed; ``"scipy"`` uses :func:`scipy.optimize.milp`.

    Returns
    -------
    AllocationSolution

    Raises
    ------
    OptionError
        Unknown solver, non-positive time limit, gap outside [0, 1).
    """
    choose("solver", solver, SOLVERS)
    if not (isinstance(time_limit, int | float) and time_limit > 0):
        raise OptionError(f"time_limit={time_limit!r} is not valid; use a number of seconds > 0")
    if not (isinstance(mip_rel_gap, int | float) and 0 <= mip_rel_gap < 1):
        raise OptionError(f"mip_rel_gap={mip_rel_gap!r} is not valid; use a number in [0, 1)")
    model = _compile(problem)
    highspy = _highspy() if solver == "highs" else None
    start = time.perf_counter()
    if highspy is not None:
        status, x, objective, bound, gap = _solve_highs(model, highspy, time_limit, mip_rel_gap)
    else:
        status, x, objective, bound, gap = _solve_scipy(model, time_limit, mip_rel_gap)
    seconds = time.perf_counter() - start
    name = "highs" if highspy is not None else "scipy"
    n_x = len(model.pairs)
    if x is None:
        selected = model.pairs.iloc[:0].reset_index(drop=True)
        constraints = _constraint_table(model, None, None)
    else:
        selected = model.pairs[x[:n_x] > 0.5].reset_index(drop=True)
        constraints = _constraint_table(model, x, _shadow_prices(model, x, highspy))
    return AllocationSolution(status, objective, bound, gap, seconds, name, selected, constraints)


_Solved = tuple[str, np.ndarray | None, float, float, float]


def _solve_highs(model: _Model, highspy: Any, time_limit: float, gap: float) -> _Solved:
    h = _highs(model, highspy, integer=True)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    h.setOptionValue("random_seed", 0)
    h.run()
    ms = h.getModelStatus()
    status = _STATUS_NAMES.get(ms.name, "error")
    info = h.getInfo()
    if info.primal_solution_status != 2 or status in ("infeasible", "unbounded"):
        return status, None, math.nan, math.nan, math.nan
    x = np.round(np.asarray(h.getSolution().col_value, dtype=float))
    objective = float(model.cost @ x)
    if not model.a.shape[1]:
        return status, x, objective, objective, 0.0
    return status, x, objective, float(info.mip_dual_bound), float(info.mip_gap)


def _solve_scipy(model: _Model, time_limit: float, gap: float) -> _Solved:
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = model.a.shape[1]
    if n == 0:
        feasible = bool(np.all(model.lower <= 0) and np.all(model.upper >= 0))
        return ("optimal", np.zeros(0), 0.0, 0.0, 0.0) if feasible else _no_solution("infeasible")
    constraints = [LinearConstraint(model.a, model.lower, model.upper)] if model.a.shape[0] else []
    res = milp(
        -model.cost,
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": float(time_limit), "mip_rel_gap": float(gap), "disp": False},
    )
    if res.status == 0:
        status = "optimal"
    elif res.status == 1:
        status = "time_limit" if "time" in str(res.message).lower() else "iteration_limit"
    else:
        status = {2: "infeasible", 3: "unbounded"}.get(res.status, "error")
    if res.x is None:
        return _no_solution(status)
    x = np.round(np.asarray(res.x, dtype=float))
    bound = -float(getattr(res, "mip_dual_bound", math.nan))
    return status, x, float(model.cost @ x), bound, float(getattr(res, "mip_gap", math.nan))


def _no_solution(status: str) -> _Solved:
    return status, None, math.nan, math.nan, math.nan


def _constraint_table(
    model: _Model, x: np.ndarray | None, prices: np.ndarray | None
) -> pd.DataFrame:
    rows = model.rows.drop(columns=["kind", "size"]).copy()
    if x is None:
        rows = rows.iloc[:0]
        x = np.zeros(model.a.shape[1])
    activity = model.a[: len(rows)] @ x
    limit = rows["limit"].to_numpy(dtype=float)
    slack = np.where(rows["sense"] == "<=", limit - activity, activity - limit)
    rows["activity"], rows["slack"] = activity, slack
    rows["binding"] = slack <= BINDING_TOL * np.maximum(1.0, np.abs(limit))
    rows["shadow_price"] = prices if prices is not None else np.nan
    return rows.reset_index(drop=True)


def _shadow_prices(model: _Model, x: np.ndarray, highspy: Any | None) -> np.ndarray:
    """d(objective)/d(limit) of the LP relaxation keeping only the rows binding at ``x``."""
    n_rows = model.a.shape[0]
    if n_rows == 0:
        return np.zeros(0)
    activity = model.a @ x
    limit = model.rows["limit"].to_numpy(dtype=float)
    le = (model.rows["sense"] == "<=").to_numpy()
    slack = np.where(le, limit - activity, activity - limit)
    binding = slack <= BINDING_TOL * np.maximum(1.0, np.abs(limit))
    prices = np.zeros(n_rows)
    if not binding.any():
        return prices
    if highspy is not None:
        freed = replace(
            model,
            lower=np.where(binding, model.lower, -_INF),
            upper=np.where(binding, model.upper, _INF),
        )
        h = _highs(freed, highspy, integer=False)
        h.run()
        if h.getModelStatus().name != "kOptimal":
            return np.full(n_rows, np.nan)
        # HiGHS' row dual of a maximisation is d(objective)/d(bound) of the active side.
        prices[binding] = np.asarray(h.getSolution().row_dual, dtype=float)[binding]
        return prices
    from scipy.optimize import linprog

    sub = model.a[binding]
    sign = np.where(le[binding], 1.0, -1.0)
    res = linprog(
        -model.cost,
        A_ub=sparse.diags(sign) @ sub,
        b_ub=sign * limit[binding],
        bounds=(0, 1),
        method="highs",
    )
    if res.status != 0:
        return np.full(n_rows, np.nan)
    # linprog's marginal is d(min -objective)/d(b_ub); b_ub = limit for <=, -limit for >=.
    prices[binding] = -np.asarray(res.ineqlin.marginals) * sign
    return prices


# --- explaining infeasibility -------------------------------------------------------------------


def explain_infeasibility(
    problem: AllocationProblem,
    *,
    penalties: Mapping[str, float] | None = None,
    time_limit: float = 60.0,
    solver: str = "highs",
) -> pd.DataFrame:
    """The conflicting rows of an infeasible allocation and how far each must give way.

    Two tools, both on the 0-1 programme's rows (the 0/1 bounds of the columns never relax):

    1. Penalised feasibility relaxation: minimise :math:`\\sum_k s_k` over non-negative
       violations :math:`s_k` of each row :math:`k` (penalty 1 per unit, in the row's own
       units, unless ``penalties`` maps a family to another weight; ``inf`` = never relax).
       HiGHS' ``Highs.feasibilityRelaxation`` with highspy >= 1.16 (see
       :data:`RELAXATION_MIN_HIGHS`), else the elastic
       programme built here and solved by :func:`scipy.optimize.milp`. ``needed`` is
       :math:`s_k`: the amount by which the limit must move (a budget up, a minimum down).
    2. An irreducible infeasible subsystem (IIS): HiGHS' ``Highs.getIis`` on the LP relaxation
       (``iis_strategy`` = from-LP + irreducible). An LP IIS is infeasible for the 0-1
       programme too. When the LP relaxation is feasible (the conflict is integral), or highspy
       lacks ``getIis``, a deletion filter (Chinneck 2008, ch. 6) on the 0-1 programme finds
       one, for models of at most :data:`MAX_FILTER_ROWS` rows.

    Parameters
    ----------
    problem : AllocationProblem
    penalties : mapping family -> float > 0, optional
        Cost per unit of relaxing a row of that family (default 1 for all). Budgets in large
        units relax cheaply per unit; raise the others to make the budgets give way.
    time_limit : float
        Seconds per solve.
    solver : {"highs", "scipy"}

    Returns
    -------
    DataFrame
        One row per conflicting constraint: ``name, family, region, industry, resource,
        group, sense, limit, needed, in_iis, sentence`` (IIS rows first, then by ``needed``).
        Empty when the problem is feasible. ``attrs`` records ``method`` and
        ``total_relaxation``.

    References
    ----------
    Chinneck, J. W. (2008). *Feasibility and Infeasibility in Optimization*. Springer.
    """
    choose("solver", solver, SOLVERS)
    model = _compile(problem)
    highspy = _highspy() if solver == "highs" else None
    status = solve_allocation(problem, time_limit=time_limit, solver=solver).status
    columns = ["name", "family", *_LABELS, "sense", "limit", "needed", "in_iis", "sentence"]
    if status not in ("infeasible", "infeasible_or_unbounded"):
        out = pd.DataFrame(columns=columns)
        out.attrs.update(method="feasible", total_relaxation=0.0)
        return out
    weight = np.ones(model.a.shape[0])
    for family, penalty in (penalties or {}).items():
        choose("penalties", family, FAMILIES)
        if not (isinstance(penalty, int | float) and penalty > 0):
            raise OptionError(f"penalties[{family!r}]={penalty!r} is not valid; use a number > 0")
        weight[(model.rows["family"] == family).to_numpy()] = penalty
    needed, relax_method = _relaxation(model, weight, highspy, time_limit)
    in_iis, iis_method = _iis(model, highspy, time_limit)
    rows = model.rows.copy()
    rows["needed"], rows["in_iis"] = needed, in_iis
    keep = rows["in_iis"] | (rows["needed"] > BINDING_TOL)
    rows = rows[keep].copy()
    rows["sentence"] = [_sentence(r) for r in rows.itertuples(index=False)]
    _pair_sentences(rows)
    rows = rows.sort_values(["in_iis", "needed", "name"], ascending=[False, False, True])
    out = rows[columns].reset_index(drop=True)
    out.attrs.update(method=f"{relax_method}; {iis_method}", total_relaxation=float(needed.sum()))
    return out


def _violation(model: _Model, row_value: np.ndarray) -> np.ndarray:
    over = np.maximum(row_value - model.upper, 0.0)
    under = np.maximum(model.lower - row_value, 0.0)
    return np.where(np.isfinite(over), over, 0.0) + np.where(np.isfinite(under), under, 0.0)


def _relaxation(
    model: _Model, weight: np.ndarray, highspy: Any | None, time_limit: float
) -> tuple[np.ndarray, str]:
    if highspy is not None and _highs_version(highspy) >= RELAXATION_MIN_HIGHS:
        h = _highs(model, highspy, integer=True)
        h.setOptionValue("time_limit", float(time_limit))
        # A negative penalty forbids relaxing: column bounds stay 0/1 (and rows weighted inf).
        local = np.where(np.isfinite(weight), weight, -1.0)
        status = h.feasibilityRelaxation(-1.0, -1.0, 1.0, None, None, local)
        solution = h.getSolution()
        row_value = np.asarray(solution.row_value, dtype=float)
        # The model status still describes the original model: check the relaxed point itself.
        if status.name == "kOk" and len(row_value) == model.a.shape[0]:
            violation = _violation(model, row_value)
            if np.isfinite(violation).all() and (violation[~np.isfinite(weight)] <= 1e-7).all():
                return violation, "Highs.feasibilityRelaxation"
    return _elastic_scipy(model, weight, time_limit), "elastic programme (scipy.optimize.milp)"


def _highs_version(highspy: Any) -> tuple[int, ...]:
    try:
        h = highspy.Highs()
        return (int(h.versionMajor()), int(h.versionMinor()), int(h.versionPatch()))
    except (AttributeError, TypeError, ValueError):
        return (0,)


def _elastic_scipy(model: _Model, weight: np.ndarray, time_limit: float) -> np.ndarray:
    """min w'(s+ + s-) s.t. lower <= A x + s- - s+ <= upper, x binary, s >= 0."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    m, n = model.a.shape
    eye = sparse.identity(m, format="csr")
    a = sparse.hstack([model.a, eye, -eye], format="csr")
    fixed = ~np.isfinite(weight)
    c = np.r_[np.zeros(n), np.where(fixed, 0.0, weight), np.where(fixed, 0.0, weight)]
    slack_max = np.where(fixed, 0.0, np.inf)
    res = milp(
        c,
        constraints=[LinearConstraint(a, model.lower, model.upper)],
        integrality=np.r_[np.ones(n), np.zeros(2 * m)],
        bounds=Bounds(0, np.r_[np.ones(n), slack_max, slack_max]),
        options={"time_limit": float(time_limit), "disp": False},
    )
    if res.x is None:
        return np.full(m, np.nan)
    return _violation(model, model.a @ np.round(res.x[:n]))


def _iis(model: _Model, highspy: Any | None, time_limit: float) -> tuple[np.ndarray, str]:
    """Rows of up to :data:`MAX_IIS` disjoint IISs: after each, its rows are freed and the
    search repeats, so independent conflicts (two regions, two industries) all show."""
    m = model.a.shape[0]
    flags, active, methods = np.zeros(m, dtype=bool), np.ones(m, dtype=bool), []
    for _ in range(MAX_IIS):
        found, method = _one_iis(model, active, highspy, time_limit)
        if found is None or not found.any():
            break
        flags |= found
        active &= ~found
        methods.append(method)
    else:
        methods.append(f"stopped after {MAX_IIS} IISs")
    return flags, ", ".join(dict.fromkeys(methods)) or "no IIS found"


def _one_iis(
    model: _Model, active: np.ndarray, highspy: Any | None, time_limit: float
) -> tuple[np.ndarray | None, str]:
    sub = _restrict(model, active)
    if highspy is not None and hasattr(highspy.Highs, "getIis"):
        strategy = _iis_strategy(highspy)
        h = _highs(sub, highspy, integer=False)
        if strategy is not None:
            h.setOptionValue("iis_strategy", strategy)
        h.run()
        rows = _iis_rows(h, highspy) if h.getModelStatus().name == "kInfeasible" else []
        if len(rows):
            flags = np.zeros(len(active), dtype=bool)
            flags[np.asarray(rows, dtype=int)] = True
            return flags & active, "Highs.getIis (LP relaxation)"
    if _feasible(sub, highspy, time_limit) is not False:
        return None, ""
    if active.sum() > MAX_FILTER_ROWS:
        return None, f"no IIS (more than {MAX_FILTER_ROWS} rows for the deletion filter)"
    return _deletion_filter(model, active, highspy, time_limit), "deletion filter (0-1 programme)"


def _iis_rows(h: Any, highspy: Any) -> list[int]:
    """IIS row indices: highspy >= 1.12 returns ``(status, iis)`` with ``row_index_``;
    1.8-1.11 fill a ``HighsIis`` argument whose field is ``row_index``."""
    try:
        status, iis = h.getIis()
    except TypeError:
        iis = highspy.HighsIis()
        status = h.getIis(iis)
    if status.name != "kOk":
        return []
    return list(getattr(iis, "row_index_", getattr(iis, "row_index", [])))


def _iis_strategy(highspy: Any) -> int | None:
    """From-LP + irreducible (HiGHS >= 1.12 names); older: from-LP, row priority."""
    enum = getattr(highspy, "IisStrategy", None)
    members = getattr(enum, "__members__", {})
    if "kIisStrategyFromLp" in members and "kIisStrategyIrreducible" in members:
        return int(members["kIisStrategyFromLp"]) | int(members["kIisStrategyIrreducible"])
    if "kIisStrategyFromLpRowPriority" in members:
        return int(members["kIisStrategyFromLpRowPriority"])
    return None


def _deletion_filter(
    model: _Model, active: np.ndarray, highspy: Any | None, time_limit: float
) -> np.ndarray:
    """Drop each row in turn; keep it dropped if the rest is still infeasible (Chinneck 2008)."""
    keep = active.copy()
    for k in np.flatnonzero(active):
        keep[k] = False
        if _feasible(_restrict(model, keep), highspy, time_limit) is not False:
            keep[k] = True  # needed for the conflict (or unknown: keep it, conservatively)
    return keep


def _restrict(model: _Model, active: np.ndarray) -> _Model:
    """The same model with the inactive rows freed (bounds -inf, inf) and a zero objective."""
    return replace(
        model,
        cost=np.zeros_like(model.cost),
        lower=np.where(active, model.lower, -_INF),
        upper=np.where(active, model.upper, _INF),
    )


def _feasible(model: _Model, highspy: Any | None, time_limit: float) -> bool | None:
    if highspy is not None:
        status = _solve_highs(model, highspy, time_limit, 0.0)[0]
    else:
        status = _solve_scipy(model, time_limit, 0.0)[0]
    return {"optimal": True, "infeasible": False}.get(status)


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _sentence(row: Any) -> str:
    need, lim = float(row.needed), float(row.limit)
    short = need > BINDING_TOL
    if row.kind == "budget":
        head = f"the {row.resource} budget of {row.region} ({_fmt(lim)})"
        return f"{head} is {_fmt(need)} short" if short else f"{head} is part of the conflict"
    if row.kind == "national":
        head = f"the national {row.resource} budget ({_fmt(lim)})"
        return f"{head} is {_fmt(need)} short" if short else f"{head} is part of the conflict"
    if row.kind == "hub_max":
        head = f"at most {_fmt(lim)} regions may host {row.industry}"
        return f"{head}; {_fmt(need)} more would be needed" if short else head
    if row.kind == "participation_min":
        if row.size == 0:
            return f"{row.region} has no eligible industry but must receive at least {_fmt(lim)}"
        head = f"{row.region} must receive at least {_fmt(lim)} industries"
        return f"{head}; only {_fmt(lim - need)} can be given" if short else head
    if row.kind == "participation_max":
        head = f"{row.region} may receive at most {_fmt(lim)} industries"
        return f"{head}; {_fmt(need)} more would be needed" if short else head
    if row.kind == "redundancy":
        head = f"{row.industry} must be present in at least {_fmt(lim)} macro-regions"
        return f"{head}; only {_fmt(lim - need)} can be reached" if short else head
    return f"{row.industry} counts as present in {row.group} only if a region of it hosts it"


def _pair_sentences(rows: pd.DataFrame) -> None:
    """Hub limit against redundancy for one industry: say both numbers in one sentence."""
    hubs = rows[rows["kind"] == "hub_max"].set_index("industry")["limit"]
    need = rows[rows["kind"] == "redundancy"].set_index("industry")["limit"]
    for industry in hubs.index.intersection(need.index):
        if hubs[industry] < need[industry]:
            at = (rows["kind"] == "hub_max") & (rows["industry"] == industry)
            rows.loc[at, "sentence"] = (
                f"at most {_fmt(hubs[industry])} hubs for {industry} but at least "
                f"{_fmt(need[industry])} macro-regions required"
            )
