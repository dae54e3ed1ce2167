r"""Inoperability input-output model (IIM), static and dynamic.

Inoperability :math:`q_i \in [0, 1]` is the share of sector ``i``'s as-planned output that it
cannot deliver (Haimes & Jiang 2001). With the interdependency matrix
:math:`A^* = \hat{x}^{-1} A \hat{x}` (:math:`a^*_{ij} = a_{ij} x_j / x_i`) and the demand
perturbation :math:`c^* = \hat{x}^{-1} \Delta c` (the fall in final demand as a share of
as-planned output), Santos & Haimes (2004) give

.. math:: q = A^* q + c^* \;\Rightarrow\; q = (I - A^*)^{-1} c^* = \hat{x}^{-1} L \hat{x}\, c^*,

i.e. the Leontief demand model in shares of output. Numerically :math:`A^*` equals Ghosh's
allocation matrix B and :math:`(I - A^*)^{-1}` the Ghosh inverse G; only the reading differs.
The dynamic model (DIIM; Haimes et al. 2005, Lian & Haimes 2006) lets each sector recover at
its own rate:

.. math:: q(t+1) = q(t) + K \left[A^* q(t) + c^*(t) - q(t)\right], \quad K = \mathrm{diag}(k),

and the economic loss over the horizon is :math:`\sum_t \hat{x}\, q(t)` (output units times
periods). With a constant :math:`c^*` and :math:`0 < k_i \le 1` the path converges to the static
:math:`q` whenever the table is productive.

References: Haimes, Y.Y. & Jiang, P. (2001) Leontief-based model of risk in complex
interconnected infrastructures, *J. Infrastructure Systems* 7(1), 1-12. Santos, J.R. & Haimes,
Y.Y. (2004) Modeling the demand reduction input-output (I-O) inoperability due to terrorism of
interconnected infrastructures, *Risk Analysis* 24(6), 1437-1451. Haimes, Y.Y. et al. (2005)
Inoperability input-output model for interdependent infrastructure sectors I, *J.
Infrastructure Systems* 11(2), 67-79. Lian, C. & Haimes, Y.Y. (2006) Managing the risk of
terrorism to interdependent infrastructure systems through the dynamic inoperability
input-output model, *Systems Engineering* 9(3), 241-258.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from yindi.errors import ComputationWarning, InputError
from yindi.measures.io import _as_square, _as_vector, _frame, _names

__all__ = [
    "InoperabilityPath",
    "dynamic_inoperability",
    "inoperability",
    "inoperability_coefficients",
    "recovery_rates",
]


def inoperability_coefficients(A: pd.DataFrame, x: pd.Series) -> pd.DataFrame:
    r"""Interdependency matrix :math:`A^* = \hat{x}^{-1} A \hat{x}`, :math:`a^*_{ij} = a_{ij} x_j / x_i`.

    :math:`a^*_{ij}` is the inoperability of ``i`` caused by a full outage of ``j`` (Santos &
    Haimes 2004). Its diagonal is the diagonal of A.
    """
    labels, a = _as_square(A, "A")
    xs = _as_vector(x, labels, "x (as-planned output)", sign="positive")
    return _frame(a * (xs[None, :] / xs[:, None]), labels)


def _check_q(q: np.ndarray, labels: pd.Index) -> None:
    over = (q > 1 + 1e-12).any(axis=tuple(range(1, q.ndim))) if q.ndim > 1 else q > 1 + 1e-12
    if over.any():
        warnings.warn(
            f"inoperability exceeds 1 (more than the whole output lost) in [{_names(labels[over])}]:"
            " the linear model is outside its range; reduce the perturbation",
            ComputationWarning,
            stacklevel=3,
        )


def inoperability(
    A: pd.DataFrame, x: pd.Series, perturbation: pd.Series | pd.DataFrame
) -> pd.Series | pd.DataFrame:
    r"""Static inoperability :math:`q = (I - A^*)^{-1} c^*` (Santos & Haimes 2004).

    Parameters
    ----------
    A : DataFrame (n, n)
        Technical coefficients.
    x : Series
        As-planned gross output (positive).
    perturbation : Series or DataFrame
        :math:`c^*`, the demand reduction as a share of as-planned output
        (:math:`\Delta c_i / x_i`), per sector; a DataFrame holds one scenario per column.

    Returns
    -------
    Series or DataFrame
        :math:`q` in the shape of ``perturbation``; the loss in output units is ``q * x``.
        Values above 1 give a :class:`~yindi.errors.ComputationWarning`.
    """
    labels, a = _as_square(A, "A")
    xs = _as_vector(x, labels, "x (as-planned output)", sign="positive")
    m = -(a * (xs[None, :] / xs[:, None]))
    m.flat[:: len(labels) + 1] += 1.0
    if isinstance(perturbation, pd.DataFrame):
        cols = [_as_vector(perturbation[c], labels, f"perturbation[{c!r}]") for c in perturbation]
        c_star: np.ndarray = np.column_stack(cols)
    else:
        c_star = _as_vector(perturbation, labels, "perturbation (c*)")
    try:
        q = np.linalg.solve(m, c_star)
    except np.linalg.LinAlgError:
        raise InputError(
            "I - A* is singular: the table is not productive (a sector or closed group of "
            "sectors uses at least as much input as it produces); check A and x"
        ) from None
    _check_q(q, labels)
    if isinstance(perturbation, pd.DataFrame):
        return pd.DataFrame(q, index=labels, columns=perturbation.columns)
    return pd.Series(q, index=labels, name="inoperability")


def recovery_rates(
    A: pd.DataFrame, recovery_time: pd.Series | float, *, residual: float = 0.01
) -> pd.Series:
    r"""Sector recovery rates :math:`k_i = \ln(q_i(0)/q_i(T_i)) / (T_i (1 - a^*_{ii}))`.

    Lian & Haimes (2006): sector ``i`` takes :math:`T_i` periods to bring its
    inoperability down to ``residual`` times its initial level (default 1 %) when left alone.
    :math:`a^*_{ii} = a_{ii}`, so only the diagonal of A is needed. A rate above 1 would
    overshoot within one period: shorten the period (e.g. months instead of years).
    """
    labels, a = _as_square(A, "A")
    if not (isinstance(residual, float | int) and 0 < residual < 1):
        raise InputError(f"residual={residual!r} must be a share strictly between 0 and 1")
    if isinstance(recovery_time, pd.Series):
        t = _as_vector(recovery_time, labels, "recovery_time", sign="positive")
    else:
        t = _as_vector(
            np.full(len(labels), recovery_time, dtype=float),
            labels,
            "recovery_time",
            sign="positive",
        )
    diag = np.diagonal(a)
    if (diag >= 1).any():
        raise InputError(f"a_ii >= 1 for [{_names(labels[diag >= 1])}]: no recovery rate exists")
    k = np.log(1 / residual) / (t * (1 - diag))
    return pd.Series(k, index=labels, name="recovery_rate")


@dataclass(frozen=True)
class InoperabilityPath:
    """Result of :func:`dynamic_inoperability`.

    Attributes
    ----------
    inoperability : DataFrame (periods + 1, n)
        :math:`q(t)` for :math:`t = 0, \\dots, T` (rows) and each sector (columns).
    loss : Series
        Economic loss per sector, :math:`x_i \\sum_{t=0}^{T} q_i(t)` (output units x periods).
    total_loss : float
        Sum of ``loss``.
    """

    inoperability: pd.DataFrame
    loss: pd.Series
    total_loss: float


def dynamic_inoperability(
    A: pd.DataFrame,
    x: pd.Series,
    perturbation: pd.Series | pd.DataFrame,
    recovery: pd.Series | float,
    *,
    periods: int | None = None,
    initial: pd.Series | None = None,
) -> InoperabilityPath:
    r"""Dynamic IIM path :math:`q(t+1) = q(t) + K[A^* q(t) + c^*(t) - q(t)]` (Lian & Haimes 2006).

    Parameters
    ----------
    A, x : DataFrame, Series
        Technical coefficients and as-planned output (positive).
    perturbation : Series or DataFrame
        :math:`c^*(t)`: a Series is a constant perturbation; a DataFrame has one row per
        period ``t = 0..T-1`` (in order) and one column per sector.
    recovery : Series or float
        Recovery rates :math:`k_i \in [0, 1]` (:func:`recovery_rates`); 0 freezes a sector.
    periods : int, optional
        Number of steps T (required with a constant perturbation; defaults to the rows of a
        DataFrame perturbation).
    initial : Series, optional
        :math:`q(0)`, default 0 (e.g. the inoperability right after a disaster, with
        :math:`c^* = 0` afterwards, gives the recovery path).
    """
    if periods is not None and (
        not isinstance(periods, int) or isinstance(periods, bool) or periods < 0
    ):
        raise InputError(f"periods={periods!r} must be a whole number >= 0")
    labels, a = _as_square(A, "A")
    xs = _as_vector(x, labels, "x (as-planned output)", sign="positive")
    a_star = a * (xs[None, :] / xs[:, None])
    if isinstance(recovery, pd.Series):
        k = _as_vector(recovery, labels, "recovery (k)")
    else:
        k = _as_vector(np.full(len(labels), recovery, dtype=float), labels, "recovery (k)")
    if ((k < 0) | (k > 1)).any():
        bad = labels[(k < 0) | (k > 1)]
        raise InputError(
            f"recovery rates must lie in [0, 1] per period; [{_names(bad)}] do not: use a "
            "shorter period or recovery_rates() with a longer recovery time"
        )
    if isinstance(perturbation, pd.DataFrame):
        steps = len(perturbation) if periods is None else periods
        if len(perturbation) < steps:
            raise InputError(
                f"perturbation has {len(perturbation)} rows but periods={steps}: give one row "
                "per period t = 0..T-1"
            )
        frame = perturbation.T
        path_c = (
            np.column_stack(
                [
                    _as_vector(frame.iloc[:, t], labels, f"perturbation row {t}")
                    for t in range(steps)
                ]
            )
            if steps
            else np.zeros((len(labels), 0))
        )
    else:
        if periods is None:
            raise InputError("periods is required with a constant (Series) perturbation")
        steps = periods
        c_const = _as_vector(perturbation, labels, "perturbation (c*)")
        path_c = np.repeat(c_const[:, None], steps, axis=1)
    q = np.zeros((steps + 1, len(labels)))
    if initial is not None:
        q[0] = _as_vector(initial, labels, "initial (q(0))")
    for t in range(steps):
        q[t + 1] = q[t] + k * (a_star @ q[t] + path_c[:, t] - q[t])
    _check_q(q.T, labels)
    loss = xs * q.sum(axis=0)
    return InoperabilityPath(
        inoperability=pd.DataFrame(
            q, index=pd.RangeIndex(steps + 1, name="period"), columns=labels
        ),
        loss=pd.Series(loss, index=labels, name="loss"),
        total_loss=float(loss.sum()),
    )
