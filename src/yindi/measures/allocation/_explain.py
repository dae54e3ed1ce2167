"""Why an allocation is infeasible: a penalised relaxation and irreducible subsystems."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from yindi._options import choose
from yindi.errors import OptionError
from yindi.measures.allocation._problem import (
    _INF,
    _LABELS,
    BINDING_TOL,
    FAMILIES,
    SOLVERS,
    AllocationProblem,
    _compile,
    _Model,
)
from yindi.measures.allocation._solve import (
    _highs,
    _highspy,
    _solve_highs,
    _solve_scipy,
    solve_allocation,
)

#: the deletion filter (exact IIS of the 0-1 programme) runs on at most this many rows.
MAX_FILTER_ROWS = 400
#: ``Highs.feasibilityRelaxation`` exists from highspy 1.8, but up to 1.15.1 it returns the
#: all-zero point for a 0-1 programme (checked on 1.8.0, 1.9.0, 1.10.0, 1.11.0, 1.12.0, 1.15.1);
#: 1.16.0 returns the minimiser. Older versions use the elastic programme built here.
RELAXATION_MIN_HIGHS = (1, 16, 0)
#: at most this many disjoint IISs are listed by :func:`explain_infeasibility`.
MAX_IIS = 10


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
