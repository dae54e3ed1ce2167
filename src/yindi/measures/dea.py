"""Data envelopment analysis: radial CCR/BCC envelopment models and the slacks-based measure.

One linear programme per DMU (region, firm, year), solved with HiGHS
(``scipy.optimize.linprog(method="highs")``). Data are strictly positive, one DMU per row:
``inputs`` ``(n, m)``, ``outputs`` ``(n, s)``; a 1-D array is one column. Scores read "1 = on
the frontier" in both orientations (output orientation reports :math:`1/\\phi^*`). A radial
score of 1 is not enough: a DMU is efficient only when every slack is zero too (Cooper, Seiford
& Tone 2007, ch. 3), and both are reported. An LP that HiGHS does not solve to optimality raises
:class:`~yindi.errors.YindiError` naming the DMU and the status, never a silent NaN.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from yindi._options import choose
from yindi.errors import ComputationWarning, InputError, YindiError

__all__ = ["DEA_MODELS", "ORIENTATIONS", "RETURNS", "DEAResult", "dea", "sbm"]

DEA_MODELS = ("ccr", "bcc")
ORIENTATIONS = ("input", "output")
RETURNS = ("crs", "vrs")

#: HiGHS' default primal/dual feasibility tolerance: a score within it of 1, or a slack within
#: it of 0 (relative to the DMU's own data), is on the frontier.
FRONTIER_TOL = 1e-7

_HIGHS_STATUS = {1: "iteration or time limit", 2: "infeasible", 3: "unbounded", 4: "numerical"}


@dataclass(frozen=True)
class DEAResult:
    """Scores, peers and slacks of one DEA run (rows follow the input rows).

    Attributes
    ----------
    efficiency : ndarray (n,)
        CCR/BCC: :math:`\\theta^*` (input orientation) or :math:`1/\\phi^*` (output orientation),
        in (0, 1]. SBM: :math:`\\rho^*` in (0, 1].
    lambdas : ndarray (n, n)
        Intensity weights, row = evaluated DMU, column = peer (phase-two weights if slacks).
    input_slacks, output_slacks : ndarray (n, m), (n, s)
        Input excesses :math:`s^-`, (desirable) output shortfalls :math:`s^+`; data units.
    undesirable_slacks : ndarray (n, s2)
        Excesses of the undesirable outputs (SBM only; ``(n, 0)`` otherwise).
    status : ndarray (n,) of int
        HiGHS status of each DMU's last LP, 0 = optimal (anything else has raised).
    efficient : ndarray (n,) of bool
        Score 1 and all slacks 0 within :data:`FRONTIER_TOL` (slacks relative to the DMU's own
        data). With ``dea(..., slacks=False)`` this is radial (weak) efficiency only.
    """

    efficiency: np.ndarray
    lambdas: np.ndarray
    input_slacks: np.ndarray
    output_slacks: np.ndarray
    undesirable_slacks: np.ndarray
    status: np.ndarray
    efficient: np.ndarray


# --- validation ---------------------------------------------------------------------------------


def as_dea_matrix(values: object, name: str, n_rows: int | None = None) -> np.ndarray:
    """``values`` as a float ``(n, k)`` matrix of strictly positive, finite numbers.

    Raises :class:`InputError` naming ``name``, the offending row (DMU) and column, and the fix.
    """
    try:
        arr = np.array(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric (one row per DMU); got {exc}") from None
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise InputError(
            f"{name} must be a 1-D or 2-D array (DMUs x variables); got shape {arr.shape}"
        )
    if arr.shape[1] == 0:
        raise InputError(f"{name} has no columns: give at least one variable per DMU")
    if n_rows is not None and arr.shape[0] != n_rows:
        raise InputError(
            f"{name} has {arr.shape[0]} rows but inputs has {n_rows}: every argument needs one "
            "row per DMU, in the same order"
        )
    for bad, problem in ((~np.isfinite(arr), "finite"), (~(arr > 0), "positive")):
        if bad.any():
            row, col = np.argwhere(bad)[0]
            raise InputError(
                f"{name}[{row}, {col}] = {float(arr[row, col])!r} is not {problem} "
                f"({int(bad.sum())} such cells): DEA needs strictly positive, finite data; drop "
                f"DMU (row) {row} or replace the value (and document it) before the analysis"
            )
    return arr


def validate_dmus(
    inputs: object, outputs: object, *more: tuple[object, str], warn: bool = True
) -> list[np.ndarray]:
    """Validate ``inputs``, ``outputs`` and any extra ``(array, name)`` pairs on the same DMUs.

    At least 2 DMUs are required. Fewer than :math:`\\max(m s, 3(m + s))` DMUs (the rule of
    thumb quoted by Cooper, Seiford & Tone 2007) gives a :class:`ComputationWarning` when
    ``warn``: with few DMUs per variable most of them come out efficient.
    """
    x = as_dea_matrix(inputs, "inputs")
    n = x.shape[0]
    if n < 2:
        raise InputError(f"inputs has {n} row(s): DEA compares DMUs, give at least 2 DMUs")
    arrays = [x, as_dea_matrix(outputs, "outputs", n)]
    arrays += [as_dea_matrix(values, name, n) for values, name in more]
    n_vars = sum(a.shape[1] for a in arrays[1:])
    rule = max(x.shape[1] * n_vars, 3 * (x.shape[1] + n_vars))
    if warn and n < rule:
        warnings.warn(
            f"{n} DMUs for {x.shape[1]} inputs and {n_vars} outputs is below the rule of thumb "
            f"n >= max(m*s, 3(m+s)) = {rule}: expect many DMUs on the frontier",
            ComputationWarning,
            stacklevel=3,
        )
    return arrays


# --- LP plumbing --------------------------------------------------------------------------------


def solve_lp(
    c: np.ndarray,
    *,
    what: str,
    dmu: int,
    a_ub: np.ndarray | None = None,
    b_ub: np.ndarray | None = None,
    a_eq: np.ndarray | None = None,
    b_eq: np.ndarray | None = None,
) -> np.ndarray:
    """Minimise ``c @ z`` over ``z >= 0`` with HiGHS; return ``z`` or raise :class:`YindiError`."""
    from scipy.optimize import linprog  # imported here: scipy.optimize costs 0.25 s at import

    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if res.status != 0:
        reason = _HIGHS_STATUS.get(res.status, "unknown status")
        raise YindiError(
            f"{what}: the linear programme of DMU (row) {dmu} was not solved to optimality "
            f"(HiGHS status {res.status}: {reason}; {res.message}). Check that DMU's data "
            "(scale, outliers) or the choice of reference technology"
        )
    # A variable at its zero bound can come back as -1e-15: the bound, not a negative slack.
    return np.maximum(np.asarray(res.x, dtype=float), 0.0)


def _efficient(score: np.ndarray, slacks: list[np.ndarray], data: list[np.ndarray]) -> np.ndarray:
    on_frontier = score >= 1.0 - FRONTIER_TOL
    for s, d in zip(slacks, data, strict=True):
        on_frontier &= (s <= FRONTIER_TOL * d).all(axis=1)
    return on_frontier


def column_scale(a: np.ndarray) -> np.ndarray:
    """Column means. Scores and lambdas do not depend on units, but HiGHS' tolerances are
    absolute: data in the millions leave the phase-one score too loose for phase two to be
    feasible. The LPs run on data divided by these; slacks are scaled back."""
    return a.mean(axis=0)


# --- CCR / BCC ----------------------------------------------------------------------------------


def dea(
    inputs: np.ndarray,
    outputs: np.ndarray,
    *,
    model: str = "ccr",
    orientation: str = "input",
    slacks: bool = True,
) -> DEAResult:
    r"""Radial DEA efficiency: CCR (constant returns) or BCC (variable returns) envelopment model.

    Phase one, input orientation, for each DMU :math:`o`:

    .. math::

        \theta^* = \min_{\theta, \lambda} \theta \quad \text{s.t.} \quad
        \sum_j \lambda_j x_{ij} \le \theta x_{io} \;(i = 1..m), \quad
        \sum_j \lambda_j y_{rj} \ge y_{ro} \;(r = 1..s), \quad \lambda \ge 0

    Output orientation: :math:`\phi^* = \max \phi` s.t.
    :math:`\sum_j \lambda_j x_{ij} \le x_{io}`, :math:`\sum_j \lambda_j y_{rj} \ge \phi y_{ro}`,
    reported as :math:`1/\phi^*`. BCC adds :math:`\sum_j \lambda_j = 1` (Banker, Charnes &
    Cooper 1984); CCR (Charnes, Cooper & Rhodes 1978) does not, and its two orientations agree.

    Phase two (``slacks=True``) fixes the phase-one score and maximises the total slack:

    .. math::

        \max \sum_i s_i^- + \sum_r s_r^+ \quad \text{s.t.} \quad
        \sum_j \lambda_j x_{ij} + s_i^- = \theta^* x_{io}, \quad
        \sum_j \lambda_j y_{rj} - s_r^+ = y_{ro}, \quad \lambda, s^-, s^+ \ge 0

    (output orientation: :math:`x_{io}` and :math:`\phi^* y_{ro}`), in the data's units as in
    DEA-Solver and pyfrontier. Efficient = score 1 and all slacks 0 (CST 2007, ch. 3).

    Parameters
    ----------
    inputs, outputs : array_like (n, m), (n, s)
        Strictly positive, one row per DMU.
    model : {"ccr", "bcc"}
    orientation : {"input", "output"}
    slacks : bool
        Run phase two (default); without it slacks are zeros, ``efficient`` radial only.

    Returns
    -------
    DEAResult

    Raises
    ------
    InputError
        Non-positive or non-finite data, mismatched rows, fewer than 2 DMUs.
    YindiError
        A linear programme not solved to optimality (names the DMU and the HiGHS status).

    References
    ----------
    Charnes, A., Cooper, W. W. & Rhodes, E. (1978). Measuring the efficiency of decision making
    units. *European Journal of Operational Research* 2(6), 429-444.
    Banker, R. D., Charnes, A. & Cooper, W. W. (1984). Some models for estimating technical and
    scale inefficiencies in data envelopment analysis. *Management Science* 30(9), 1078-1092.
    Cooper, W. W., Seiford, L. M. & Tone, K. (2007). *Data Envelopment Analysis: A Comprehensive
    Text with Models, Applications, References and DEA-Solver Software*, 2nd ed., ch. 3-4.
    """
    choose("model", model, DEA_MODELS)
    choose("orientation", orientation, ORIENTATIONS)
    x_raw, y_raw = validate_dmus(inputs, outputs)
    cx, cy = column_scale(x_raw), column_scale(y_raw)
    x, y = x_raw / cx, y_raw / cy
    (n, m), s = x.shape, y.shape[1]
    what = f"dea(model={model!r}, orientation={orientation!r})"
    vrs, inp = model == "bcc", orientation == "input"
    convexity = np.concatenate([[0.0], np.ones(n)])[None, :] if vrs else None

    # Phase one: z = (score, lambda_1..lambda_n); the score's column changes per DMU.
    a_ub = np.zeros((m + s, 1 + n))
    a_ub[:m, 1:] = x.T
    a_ub[m:, 1:] = -y.T
    c1 = np.zeros(1 + n)
    c1[0] = 1.0 if inp else -1.0
    # Phase two: z = (lambda, s-, s+); maximise the slack sum.
    a_eq2 = np.hstack([np.vstack([x.T, y.T]), np.diag(np.r_[np.ones(m), -np.ones(s)])])
    a_eq2 = np.vstack([a_eq2, np.r_[np.ones(n), np.zeros(m + s)]]) if vrs else a_eq2
    # The slack sum is maximised in the data's own units (scaled slack x column scale).
    c2 = np.concatenate([np.zeros(n), -cx, -cy]) / max(cx.max(), cy.max())

    score, lambdas = np.empty(n), np.zeros((n, n))
    s_in, s_out = np.zeros((n, m)), np.zeros((n, s))
    for o in range(n):
        a_ub[:, 0] = np.concatenate([-x[o], np.zeros(s)] if inp else [np.zeros(m), y[o]])
        b_ub = np.concatenate([np.zeros(m), -y[o]] if inp else [x[o], np.zeros(s)])
        b_eq = np.ones(1) if vrs else None
        z = solve_lp(c1, a_ub=a_ub, b_ub=b_ub, a_eq=convexity, b_eq=b_eq, what=what, dmu=o)
        # The DMU itself (lambda_o = 1) scores exactly 1, so a value past 1 is round-off
        # (HiGHS stops within ~1e-9 of the optimum); clipping also keeps phase two feasible.
        score[o] = min(z[0], 1.0) if inp else max(z[0], 1.0)
        lambdas[o] = z[1:]
        if not slacks:
            continue
        rhs = np.concatenate([score[o] * x[o], y[o]] if inp else [x[o], score[o] * y[o]])
        rhs = np.append(rhs, 1.0) if vrs else rhs
        z2 = solve_lp(c2, a_eq=a_eq2, b_eq=rhs, what=f"{what}, slack phase", dmu=o)
        lambdas[o] = z2[:n]
        s_in[o] = z2[n : n + m] * cx
        s_out[o] = z2[n + m :] * cy

    efficiency = score if inp else 1.0 / score
    return DEAResult(  # no undesirable outputs here; every LP that reached here was optimal
        efficiency=efficiency,
        lambdas=lambdas,
        input_slacks=s_in,
        output_slacks=s_out,
        undesirable_slacks=np.zeros((n, 0)),
        status=np.zeros(n, dtype=int),
        efficient=_efficient(efficiency, [s_in, s_out], [x_raw, y_raw]),
    )


# --- SBM ----------------------------------------------------------------------------------------


def sbm(
    inputs: np.ndarray,
    outputs: np.ndarray,
    undesirable: np.ndarray | None = None,
    *,
    returns: str = "crs",
) -> DEAResult:
    r"""Slacks-based measure (Tone 2001), non-oriented, optionally with undesirable outputs.

    With desirable outputs :math:`y^g` (:math:`s_1` of them) and undesirable outputs
    :math:`y^b` (:math:`s_2`, e.g. CO2), for each DMU :math:`o` (Tone 2004; Cooper, Seiford &
    Tone 2007, ch. 13):

    .. math::

        \rho^* = \min_{\lambda, s}
        \frac{1 - \frac{1}{m}\sum_i s_i^- / x_{io}}
             {1 + \frac{1}{s_1 + s_2}\left(\sum_r s_r^g / y^g_{ro} + \sum_r s_r^b / y^b_{ro}\right)}

    subject to :math:`x_o = X\lambda + s^-`, :math:`y^g_o = Y^g\lambda - s^g`,
    :math:`y^b_o = Y^b\lambda + s^b`, :math:`\lambda, s^-, s^g, s^b \ge 0`, and
    :math:`\sum_j \lambda_j = 1` under ``returns="vrs"``. Without undesirable outputs this is
    Tone's (2001) SBM. The Charnes–Cooper transformation (:math:`t` = the reciprocal of the
    denominator, :math:`\Lambda = t\lambda`, :math:`S = t s`) turns it into the LP

    .. math::

        \min\; t - \frac{1}{m}\sum_i S_i^- / x_{io} \quad \text{s.t.} \quad
        t + \frac{1}{s_1 + s_2}\Big(\sum_r S_r^g / y^g_{ro} + \sum_r S_r^b / y^b_{ro}\Big) = 1,

    :math:`x_o t = X\Lambda + S^-`, :math:`y^g_o t = Y^g\Lambda - S^g`,
    :math:`y^b_o t = Y^b\Lambda + S^b` (and :math:`\sum_j \Lambda_j = t` under VRS), all
    variables :math:`\ge 0`; :math:`t > 0` holds at every feasible point. Then
    :math:`\rho^*` is the LP optimum, :math:`\lambda = \Lambda/t`, :math:`s = S/t`.

    :math:`\rho^* = 1` exactly when every slack is zero, and :math:`\rho^*` never exceeds the
    CCR score of the same DMU (Tone 2001; without undesirable outputs).

    Parameters
    ----------
    inputs, outputs : array_like (n, m), (n, s1)
        Inputs and desirable outputs, strictly positive, one row per DMU.
    undesirable : array_like (n, s2), optional
        Undesirable outputs (more is worse), strongly disposable as in Tone (2004).
    returns : {"crs", "vrs"}

    Returns
    -------
    DEAResult
        ``efficiency`` is :math:`\rho^*`; ``undesirable_slacks`` holds :math:`s^b`.

    Raises :class:`InputError` and :class:`YindiError` as :func:`dea`.

    References
    ----------
    Tone, K. (2001). A slacks-based measure of efficiency in data envelopment analysis.
    *European Journal of Operational Research* 130(3), 498-509.
    Tone, K. (2004). Dealing with undesirable outputs in DEA: a slacks-based measure (SBM)
    approach. North American Productivity Workshop III, Toronto (GRIPS Research Report
    I-2003-0005, 2003).
    Cooper, W. W., Seiford, L. M. & Tone, K. (2007), chapters 4 and 13.
    """
    choose("returns", returns, RETURNS)
    extra = [] if undesirable is None else [(undesirable, "undesirable")]
    arrays = validate_dmus(inputs, outputs, *extra)
    if undesirable is None:
        arrays.append(np.zeros((arrays[0].shape[0], 0)))
    # The ratios s/x_o and the weights lambda do not depend on units (see column_scale).
    scales = [column_scale(a) if a.shape[1] else np.ones(0) for a in arrays]
    x, yg, yb = (a / c for a, c in zip(arrays, scales, strict=True))
    (n, m), s1, s2 = x.shape, yg.shape[1], yb.shape[1]
    what = f"sbm(returns={returns!r})"

    # z = (t, Lambda_1..n, S-_1..m, Sg_1..s1, Sb_1..s2); rows: the denominator = 1, the input,
    # good and bad output balances (their t column is set per DMU), and sum(Lambda) = t (VRS).
    signs = np.concatenate([np.ones(m), -np.ones(s1), np.ones(s2)])
    body = np.hstack([np.vstack([x.T, yg.T, yb.T]), np.diag(signs)])
    a_eq = np.zeros((1 + body.shape[0], 1 + body.shape[1]))
    a_eq[0, 0] = 1.0
    a_eq[1:, 1:] = body
    if returns == "vrs":
        a_eq = np.vstack([a_eq, np.concatenate([[-1.0], np.ones(n), np.zeros(m + s1 + s2)])])
    b_eq = np.zeros(a_eq.shape[0])
    b_eq[0] = 1.0
    unscale = np.concatenate(scales)

    rho, lambdas, slack = np.empty(n), np.zeros((n, n)), np.zeros((n, m + s1 + s2))
    for o in range(n):
        c = np.concatenate([[1.0], np.zeros(n), -1.0 / (m * x[o]), np.zeros(s1 + s2)])
        a_eq[0, 1 + n + m :] = np.concatenate([1.0 / yg[o], 1.0 / yb[o]]) / (s1 + s2)
        a_eq[1 : 1 + body.shape[0], 0] = -np.concatenate([x[o], yg[o], yb[o]])
        z = solve_lp(c, a_eq=a_eq, b_eq=b_eq, what=what, dmu=o)
        rho[o] = min(c @ z, 1.0)  # zero slacks (lambda_o = 1) give 1: above it is round-off
        lambdas[o] = z[1 : 1 + n] / z[0]
        slack[o] = z[1 + n :] / z[0] * unscale
    s_in, s_good, s_bad = np.split(slack, [m, m + s1], axis=1)

    return DEAResult(
        efficiency=rho,
        lambdas=lambdas,
        input_slacks=s_in,
        output_slacks=s_good,
        undesirable_slacks=s_bad,
        status=np.zeros(n, dtype=int),
        efficient=_efficient(rho, [s_in, s_good, s_bad], arrays),
    )
