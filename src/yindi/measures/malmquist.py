r"""Malmquist productivity index from DEA distance functions (Färe, Grosskopf, Norris & Zhang 1994).

Convention used here (and why M > 1 means growth)
-------------------------------------------------
:math:`D^t(x, y)` is the *input-oriented Farrell* distance: the smallest :math:`\theta` such
that :math:`(\theta x, y)` is producible with period-:math:`t` technology. It is 1 on the
frontier, below 1 inside it, and may exceed 1 for a point that period :math:`t` cannot produce
(e.g. next year's input–output mix measured against last year's frontier). Farrell's
:math:`\theta` is the reciprocal of Shephard's input distance function, which is why the
formulas below have "later period over earlier period" where textbooks written with
Shephard's input distance have the reverse:

.. math::

    EC = \frac{D^1(x^1, y^1)}{D^0(x^0, y^0)}, \qquad
    TC = \left[\frac{D^0(x^1, y^1)}{D^1(x^1, y^1)}\,
               \frac{D^0(x^0, y^0)}{D^1(x^0, y^0)}\right]^{1/2}, \qquad
    M = EC \times TC = \left[\frac{D^0(x^1, y^1)\, D^1(x^1, y^1)}
                              {D^0(x^0, y^0)\, D^1(x^0, y^0)}\right]^{1/2}.

With this convention **M > 1 is productivity growth**, EC > 1 is catching up with the frontier
and TC > 1 is the frontier moving out (the same inputs can produce more, or the same outputs
need less). Example: every DMU cuts its inputs by 10% and keeps its outputs, so
:math:`D^0(x^1, y^1) = D^0(x^0, y^0)/0.9` and :math:`D^1(x^0, y^0) = 0.9\,D^0(x^0, y^0)`:
EC = 1, TC = M = 1/0.9. Swapping the periods inverts M, EC and TC. Under constant returns the
input- and output-oriented indices coincide.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from yindi._options import choose
from yindi.errors import InputError
from yindi.measures.dea import RETURNS, as_dea_matrix, column_scale, solve_lp, validate_dmus

__all__ = ["MalmquistResult", "distance", "malmquist"]


@dataclass(frozen=True)
class MalmquistResult:
    """Malmquist index and its decomposition, one value per DMU (rows as the input rows).

    Attributes
    ----------
    malmquist : ndarray (n,)
        :math:`M = EC \\times TC`; > 1 is productivity growth from period 0 to period 1.
    efficiency_change : ndarray (n,)
        EC, catching up (> 1) or falling behind (< 1) the frontier.
    technical_change : ndarray (n,)
        TC, the shift of the frontier around the DMU (> 1 = progress).
    """

    malmquist: np.ndarray
    efficiency_change: np.ndarray
    technical_change: np.ndarray


def distance(
    x_eval: np.ndarray,
    y_eval: np.ndarray,
    x_ref: np.ndarray,
    y_ref: np.ndarray,
    *,
    returns: str = "crs",
) -> np.ndarray:
    r"""Input-oriented Farrell distance of each evaluated DMU to a reference technology.

    For each evaluated DMU :math:`o`:

    .. math::

        D(x_o, y_o) = \min_{\theta, \lambda} \theta \quad \text{s.t.} \quad
        \sum_j \lambda_j x^{ref}_{ij} \le \theta x_{io}, \quad
        \sum_j \lambda_j y^{ref}_{rj} \ge y_{ro}, \quad \lambda \ge 0

    plus :math:`\sum_j \lambda_j = 1` under ``returns="vrs"``. The evaluated DMU is *not*
    added to the reference set, so the distance exceeds 1 when the reference technology
    cannot produce :math:`y_o` from :math:`x_o` (cross-period comparisons). When the evaluated
    and reference data are the same, this is the input-oriented CCR/BCC score.

    Parameters
    ----------
    x_eval, y_eval : array_like (n, m), (n, s)
        DMUs to evaluate.
    x_ref, y_ref : array_like (k, m), (k, s)
        DMUs spanning the reference technology.
    returns : {"crs", "vrs"}
        Under ``"vrs"`` an evaluated output beyond the reference set's convex hull has no
        feasible :math:`\theta`; that LP raises :class:`~yindi.errors.YindiError`.

    Returns
    -------
    ndarray (n,)

    References
    ----------
    Farrell, M. J. (1957). The measurement of productive efficiency. *Journal of the Royal
    Statistical Society A* 120(3), 253-290.
    Färe, R., Grosskopf, S., Norris, M. & Zhang, Z. (1994). Productivity growth, technical
    progress, and efficiency change in industrialized countries. *American Economic Review*
    84(1), 66-83.
    """
    choose("returns", returns, RETURNS)
    xr, yr = validate_dmus(x_ref, y_ref, warn=False)
    xe = as_dea_matrix(x_eval, "x_eval")
    ye = as_dea_matrix(y_eval, "y_eval", xe.shape[0])
    for name, ev, ref in (("x_eval", xe, xr), ("y_eval", ye, yr)):
        if ev.shape[1] != ref.shape[1]:
            raise InputError(
                f"{name} has {ev.shape[1]} columns but the reference has {ref.shape[1]}: "
                "evaluated and reference DMUs need the same variables in the same order"
            )
    return _farrell(xe, ye, xr, yr, vrs=returns == "vrs", what=f"distance(returns={returns!r})")


def _farrell(
    xe: np.ndarray, ye: np.ndarray, xr: np.ndarray, yr: np.ndarray, *, vrs: bool, what: str
) -> np.ndarray:
    """The distance LPs on validated arrays (see :func:`distance`)."""
    # Units do not change theta; one scale per variable, taken from the reference.
    cx, cy = column_scale(xr), column_scale(yr)
    xe, ye, xr, yr = xe / cx, ye / cy, xr / cx, yr / cy
    k, m = xr.shape
    s = yr.shape[1]
    a_ub = np.zeros((m + s, 1 + k))
    a_ub[:m, 1:] = xr.T
    a_ub[m:, 1:] = -yr.T
    c = np.zeros(1 + k)
    c[0] = 1.0
    a_eq = np.concatenate([[0.0], np.ones(k)])[None, :] if vrs else None
    out = np.empty(xe.shape[0])
    for o in range(xe.shape[0]):
        a_ub[:m, 0] = -xe[o]
        b_ub = np.concatenate([np.zeros(m), -ye[o]])
        z = solve_lp(
            c,
            a_ub=a_ub,
            b_ub=b_ub,
            a_eq=a_eq,
            b_eq=np.ones(1) if vrs else None,
            what=what,
            dmu=o,
        )
        out[o] = z[0]
    return out


def malmquist(
    inputs_0: np.ndarray,
    outputs_0: np.ndarray,
    inputs_1: np.ndarray,
    outputs_1: np.ndarray,
    *,
    returns: str = "crs",
) -> MalmquistResult:
    r"""Malmquist productivity index between period 0 and period 1, with EC x TC decomposition.

    Four distance sets per DMU (:func:`distance`, input-oriented Farrell): own-period
    :math:`D^0(x^0,y^0)`, :math:`D^1(x^1,y^1)` and cross-period :math:`D^0(x^1,y^1)`,
    :math:`D^1(x^0,y^0)`; then (see the module docstring for the convention)

    .. math::

        EC = \frac{D^1(x^1,y^1)}{D^0(x^0,y^0)}, \quad
        TC = \sqrt{\frac{D^0(x^1,y^1)}{D^1(x^1,y^1)} \cdot \frac{D^0(x^0,y^0)}{D^1(x^0,y^0)}},
        \quad M = EC \cdot TC,

    so that M > 1 is productivity growth. The row order is the DMU identity: row ``i`` of the
    period-0 arrays and row ``i`` of the period-1 arrays are the same DMU (a balanced panel).

    Parameters
    ----------
    inputs_0, outputs_0 : array_like (n, m), (n, s)
        Period 0.
    inputs_1, outputs_1 : array_like (n, m), (n, s)
        Period 1, same DMUs in the same order.
    returns : {"crs", "vrs"}
        Constant returns (default) is the Färe et al. (1994) index; under variable returns the
        cross-period LPs can be infeasible, which raises.

    Returns
    -------
    MalmquistResult

    References
    ----------
    Färe, R., Grosskopf, S., Norris, M. & Zhang, Z. (1994). Productivity growth, technical
    progress, and efficiency change in industrialized countries. *American Economic Review*
    84(1), 66-83.
    Cooper, W. W., Seiford, L. M. & Tone, K. (2007), chapter 11 (Malmquist index).
    """
    choose("returns", returns, RETURNS)
    x0, y0 = validate_dmus(inputs_0, outputs_0)
    x1, y1 = validate_dmus(inputs_1, outputs_1, warn=False)
    if x1.shape != x0.shape or y1.shape != y0.shape:
        raise InputError(
            f"period 1 has shapes {x1.shape} (inputs) and {y1.shape} (outputs) but period 0 has "
            f"{x0.shape} and {y0.shape}: give the same DMUs and variables in both periods "
            "(drop DMUs missing in either period first)"
        )
    vrs = returns == "vrs"
    what = f"malmquist(returns={returns!r})"
    d00 = _farrell(x0, y0, x0, y0, vrs=vrs, what=f"{what}, D0(x0, y0)")
    d11 = _farrell(x1, y1, x1, y1, vrs=vrs, what=f"{what}, D1(x1, y1)")
    d01 = _farrell(x1, y1, x0, y0, vrs=vrs, what=f"{what}, D0(x1, y1)")
    d10 = _farrell(x0, y0, x1, y1, vrs=vrs, what=f"{what}, D1(x0, y0)")
    ec = d11 / d00
    tc = np.sqrt((d01 / d11) * (d00 / d10))
    return MalmquistResult(malmquist=ec * tc, efficiency_change=ec, technical_change=tc)
