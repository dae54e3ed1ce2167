"""Solving the allocation with HiGHS (highspy, or scipy's milp): status, items, binding rows."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from yindi._options import choose
from yindi.errors import OptionError
from yindi.measures.allocation._problem import (
    _INF,
    BINDING_TOL,
    SOLVERS,
    AllocationProblem,
    _compile,
    _Model,
)

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
