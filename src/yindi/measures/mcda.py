"""Multi-criteria scoring of regions: min-max scaling, entropy weights, TOPSIS, obstacle degree.

The kernels take the decision matrix ``x`` (alternatives x criteria, e.g. region-years x NQPF
indicators) and a boolean vector ``benefit`` (True: more is better; False: a cost criterion,
less is better). They follow the convention of the Chinese regional-economics literature on new
quality productive forces (entropy-weight TOPSIS with obstacle-degree diagnosis): min-max
scaling, a small shift before the logarithms, closeness on the min-max scaled matrix.

Missing data is the caller's decision (drop, impute, interpolate): NaN or infinite values raise
:class:`~yindi.errors.InputError`, as does a constant column, which carries no information and
would divide by zero in the scaling.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from yindi.errors import InputError

__all__ = [
    "minmax_normalise",
    "entropy_weights",
    "topsis",
    "weighted_sum",
    "obstacle_degree",
]

FloatArray = npt.NDArray[np.float64]

#: How many offending cells an error message lists before it says "...".
_SHOW = 5


def _decision_matrix(x: npt.ArrayLike) -> FloatArray:
    try:
        arr = np.array(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"x must be a numeric matrix (alternatives x criteria): {exc}") from exc
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InputError(
            "x must be a non-empty 2-D matrix (alternatives in rows, criteria in columns); "
            f"got shape {arr.shape}"
        )
    bad = ~np.isfinite(arr)
    if bad.any():
        cells = [(int(r), int(c)) for r, c in zip(*np.nonzero(bad), strict=True)]
        more = ", ..." if len(cells) > _SHOW else ""
        listed = ", ".join(f"(row {r}, column {c})" for r, c in cells[:_SHOW])
        raise InputError(
            f"x has {len(cells)} NaN or infinite value(s) at {listed}{more}; decide how to "
            "handle missing data (drop the alternative, impute, interpolate) before scoring"
        )
    return arr


def _benefit_mask(benefit: npt.ArrayLike, m: int) -> npt.NDArray[np.bool_]:
    arr = np.asarray(benefit)
    # Refuse 1/-1 codes (pymcdm's convention): bool(-1) is True, so a silent cast would turn
    # every cost criterion into a benefit criterion.
    if arr.dtype != np.bool_:
        raise InputError(
            "benefit must be booleans (True = benefit criterion, more is better; False = cost "
            f"criterion, less is better); got dtype {arr.dtype}"
        )
    if arr.shape != (m,):
        raise InputError(f"benefit must have one entry per criterion ({m}); got shape {arr.shape}")
    return arr


def _weight_vector(weights: npt.ArrayLike, m: int) -> FloatArray:
    w = np.asarray(weights, dtype=float)
    if w.shape != (m,):
        raise InputError(f"weights must have one entry per criterion ({m}); got shape {w.shape}")
    if not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise InputError(f"weights must be finite, non-negative and not all zero; got {w.tolist()}")
    return w


def _scaled(x: npt.ArrayLike, benefit: npt.ArrayLike) -> FloatArray:
    arr = _decision_matrix(x)
    mask = _benefit_mask(benefit, arr.shape[1])
    lo, hi = arr.min(axis=0), arr.max(axis=0)
    span = hi - lo
    constant = np.flatnonzero(span == 0)
    if constant.size:
        cols = ", ".join(str(int(c)) for c in constant)
        raise InputError(
            f"column(s) {cols} of x are constant (every alternative has the same value): a "
            "constant criterion carries no information for ranking; drop it before scoring"
        )
    return np.where(mask, (arr - lo) / span, (hi - arr) / span)


def minmax_normalise(x: npt.ArrayLike, benefit: npt.ArrayLike) -> FloatArray:
    r"""Min-max scale every criterion to [0, 1], with 1 the best alternative.

    .. math::

        z_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \ \text{(benefit)},
        \qquad
        z_{ij} = \frac{\max_i x_{ij} - x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \ \text{(cost)}.

    Parameters
    ----------
    x : array_like, shape (n, m)
        Decision matrix, alternatives in rows, criteria in columns; finite values only.
    benefit : array_like of bool, shape (m,)
        True for a benefit criterion (more is better), False for a cost criterion.

    Returns
    -------
    ndarray, shape (n, m)
        Scaled matrix; every column has a 0 (worst alternative) and a 1 (best).

    Raises
    ------
    InputError
        NaN or infinite values, a constant column (named by index), ``benefit`` not boolean
        or of the wrong length.

    References
    ----------
    Hwang, C.-L. and Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer.
    """
    return _scaled(x, benefit)


def entropy_weights(x: npt.ArrayLike, benefit: npt.ArrayLike, *, shift: float = 1e-4) -> FloatArray:
    r"""Objective criterion weights by the entropy method (Chinese convention).

    With :math:`z` the min-max scaled matrix (:func:`minmax_normalise`) and :math:`n` rows:

    .. math::

        z'_{ij} = z_{ij} + \text{shift}, \quad
        p_{ij} = \frac{z'_{ij}}{\sum_i z'_{ij}}, \quad
        e_j = -\frac{1}{\ln n} \sum_i p_{ij} \ln p_{ij}, \quad
        d_j = 1 - e_j, \quad
        w_j = \frac{d_j}{\sum_k d_k}.

    The shift keeps the worst alternative (:math:`z = 0`) inside the logarithm; with
    ``shift=0`` the term :math:`0 \ln 0` is taken as 0 (its limit). A criterion on which the
    alternatives differ more (lower entropy) gets more weight.

    For a panel, pass all region-years stacked as rows (pooled weights): weights computed year by
    year would change the yardstick from one year to the next and make scores incomparable.

    Parameters
    ----------
    x : array_like, shape (n, m)
        Decision matrix, n >= 2 alternatives (region-years) in rows, criteria in columns.
    benefit : array_like of bool, shape (m,)
        True for a benefit criterion, False for a cost criterion.
    shift : float, default 1e-4
        Added to every scaled value before the shares; finite and >= 0.

    Returns
    -------
    ndarray, shape (m,)
        Weights, non-negative, summing to 1.

    Notes
    -----
    pymcdm's ``entropy_weights`` uses another convention (sum-normalises the raw values, no
    benefit/cost direction, a column with a zero gets entropy 0), so its weights differ.

    References
    ----------
    Shannon, C. E. (1948). A mathematical theory of communication. *Bell System Technical
    Journal* 27, 379-423. Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill.
    """
    if not np.isfinite(shift) or shift < 0:
        raise InputError(f"shift must be finite and >= 0; got {shift!r}")
    z = _scaled(x, benefit)
    n = z.shape[0]
    zs = z + shift
    p = zs / zs.sum(axis=0, keepdims=True)
    plogp = np.zeros_like(p)
    np.log(p, out=plogp, where=p > 0)
    plogp *= p
    e = -plogp.sum(axis=0) / np.log(n)
    d = 1.0 - e
    # No constant column passed _scaled, so every e_j < 1 and sum(d) > 0.
    return d / d.sum()


def topsis(x: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike) -> FloatArray:
    r"""TOPSIS relative closeness to the ideal alternative, on the min-max scaled matrix.

    .. math::

        v_{ij} = w_j z_{ij}, \quad v^+_j = \max_i v_{ij}, \quad v^-_j = \min_i v_{ij},

        D^+_i = \sqrt{\sum_j (v_{ij} - v^+_j)^2}, \quad
        D^-_i = \sqrt{\sum_j (v_{ij} - v^-_j)^2}, \quad
        C_i = \frac{D^-_i}{D^+_i + D^-_i}.

    Equal to pymcdm's ``TOPSIS(normalization_function=minmax_normalization)`` with criterion
    types 1 (benefit) / -1 (cost). The weights are used as given (not re-normalised); C does not
    change when all weights are multiplied by the same positive number.

    Parameters
    ----------
    x : array_like, shape (n, m)
        Decision matrix, alternatives in rows.
    weights : array_like, shape (m,)
        Non-negative criterion weights, not all zero (e.g. :func:`entropy_weights`).
    benefit : array_like of bool, shape (m,)
        True for a benefit criterion, False for a cost criterion.

    Returns
    -------
    ndarray, shape (n,)
        Closeness in [0, 1]; 1 = the ideal alternative on every criterion.

    References
    ----------
    Hwang, C.-L. and Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer.
    """
    z = _scaled(x, benefit)
    w = _weight_vector(weights, z.shape[1])
    v = z * w
    best, worst = v.max(axis=0), v.min(axis=0)
    d_plus = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - worst) ** 2).sum(axis=1))
    # best - worst = w on every column (each scaled column spans [0, 1]) and some w_j > 0,
    # so d_plus + d_minus > 0 for every alternative.
    return d_minus / (d_plus + d_minus)


def weighted_sum(x: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike) -> FloatArray:
    r"""Weighted sum of the min-max scaled criteria, :math:`S_i = \sum_j w_j z_{ij}`.

    Parameters
    ----------
    x : array_like, shape (n, m)
        Decision matrix, alternatives in rows.
    weights : array_like, shape (m,)
        Non-negative criterion weights, not all zero; used as given (with weights summing to 1
        the score lies in [0, 1]).
    benefit : array_like of bool, shape (m,)
        True for a benefit criterion, False for a cost criterion.

    Returns
    -------
    ndarray, shape (n,)
        Composite score :math:`z w`.

    References
    ----------
    Fishburn, P. C. (1967). Additive utilities with incomplete product sets. *Operations
    Research* 15, 537-542.
    """
    z = _scaled(x, benefit)
    return z @ _weight_vector(weights, z.shape[1])


def obstacle_degree(x: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike) -> FloatArray:
    r"""Obstacle degree: how much each criterion holds each alternative back from the ideal.

    With factor contribution :math:`w_j` and deviation :math:`1 - z_{ij}` from the best value:

    .. math:: O_{ij} = \frac{w_j (1 - z_{ij})}{\sum_k w_k (1 - z_{ik})}

    Each row sums to 1; its largest entries name the alternative's weak points. A row that is at
    the ideal on every weighted criterion (denominator 0) has nothing holding it back and gets a
    row of zeros (documented exception to "rows sum to 1").

    Parameters
    ----------
    x : array_like, shape (n, m)
        Decision matrix, alternatives in rows.
    weights : array_like, shape (m,)
        Non-negative criterion weights, not all zero (e.g. :func:`entropy_weights`).
    benefit : array_like of bool, shape (m,)
        True for a benefit criterion, False for a cost criterion.

    Returns
    -------
    ndarray, shape (n, m)
        Obstacle degrees in [0, 1].

    References
    ----------
    The obstacle-degree model (障碍度模型) of the Chinese regional-development literature, used
    after entropy-weight TOPSIS to diagnose what holds back high-quality / NQPF development.
    There is no single canonical source; this is its common "factor contribution x indicator
    deviation" form, with the deviation taken on the min-max scaled matrix (no shift).
    """
    z = _scaled(x, benefit)
    w = _weight_vector(weights, z.shape[1])
    gap = w * (1.0 - z)
    total = gap.sum(axis=1, keepdims=True)
    return np.divide(gap, total, out=np.zeros_like(gap), where=total > 0)
