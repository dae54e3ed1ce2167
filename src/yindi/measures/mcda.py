"""Multi-criteria scoring of regions: scaling, objective weights, TOPSIS, obstacle degree.

The kernels take the decision matrix ``x`` (alternatives x criteria, e.g. region-years x NQPF
indicators) and a boolean vector ``benefit`` (True: more is better; False: a cost criterion,
less is better). They follow the convention of the Chinese regional-economics literature on new
quality productive forces (entropy-weight TOPSIS with obstacle-degree diagnosis): min-max
scaling, a small shift before the logarithms, closeness on the min-max scaled matrix.

Besides entropy weights, which follow the spread of each criterion alone and so favour criteria
with a few extreme alternatives, the module gives CRITIC weights (contrast and conflict between
criteria), equal weights within groups of criteria, and two pre-transforms
(:func:`winsorise`, :func:`log_transform`) that tame extreme values before entropy weighting.

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
    "critic_weights",
    "equal_weights_within",
    "winsorise",
    "log_transform",
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


def critic_weights(x: npt.ArrayLike, benefit: npt.ArrayLike) -> FloatArray:
    r"""Objective criterion weights by CRITIC (importance through intercriteria correlation).

    With :math:`z` the min-max scaled matrix (:func:`minmax_normalise`, 1 = best, so a cost
    criterion is turned round before the correlations), :math:`\sigma_j` the standard deviation
    of column :math:`j` and :math:`r_{jk}` the Pearson correlation of columns :math:`j, k`:

    .. math::

        C_j = \sigma_j \sum_k (1 - r_{jk}), \qquad w_j = \frac{C_j}{\sum_k C_k}.

    A criterion gets weight for its contrast (spread) and for its conflict with the other
    criteria: a criterion that tells the same story as others (:math:`r` near 1) shares its
    weight with them, so a block of correlated indicators (e.g. three innovation counts) does not
    take the whole index. The weights do not depend on the ``ddof`` of :math:`\sigma` (a common
    factor), and like entropy weights they are pooled over all rows.

    Parameters
    ----------
    x : array_like, shape (n, m)
        Decision matrix, n >= 2 alternatives (region-years) in rows, criteria in columns.
    benefit : array_like of bool, shape (m,)
        True for a benefit criterion, False for a cost criterion.

    Returns
    -------
    ndarray, shape (m,)
        Weights, non-negative, summing to 1.

    Raises
    ------
    InputError
        As :func:`minmax_normalise`; also when every pair of criteria is perfectly positively
        correlated (one criterion, or all columns the same after scaling): there is no conflict
        to weigh, every :math:`C_j` is 0.

    Notes
    -----
    pymcdm's ``critic_weights`` scales every column as a benefit; it equals this function on
    ``x`` with the cost columns negated.

    References
    ----------
    Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995). Determining objective weights in
    multiple criteria problems: the CRITIC method. *Computers & Operations Research* 22(7),
    763-770.
    """
    z = _scaled(x, benefit)
    sigma = z.std(axis=0, ddof=1)
    # Round-off can put a correlation a hair outside [-1, 1]; clipping keeps every C_j >= 0.
    r = np.clip(np.atleast_2d(np.corrcoef(z, rowvar=False)), -1.0, 1.0)
    if (r >= 1.0 - 1e-12).all():
        raise InputError(
            f"all {z.shape[1]} criteria are perfectly positively correlated after scaling (or "
            "there is only one): CRITIC has no conflict to weigh; use equal weights instead"
        )
    c = sigma * (1.0 - r).sum(axis=0)
    return c / c.sum()


def equal_weights_within(groups: npt.ArrayLike) -> FloatArray:
    r"""Equal weights per group of criteria, split equally among the criteria of each group.

    With :math:`G` groups and :math:`n_g` criteria in group :math:`g`, criterion :math:`j` of
    group :math:`g(j)` gets

    .. math:: w_j = \frac{1}{G \, n_{g(j)}}.

    This is the usual "equal weights by dimension" of composite indicators: a dimension with
    more indicators does not get more weight.

    Parameters
    ----------
    groups : array_like, shape (m,)
        The group (e.g. NQPF dimension) of each criterion; any hashable labels, none missing.

    Returns
    -------
    ndarray, shape (m,)
        Weights, positive, summing to 1; every group's weights sum to :math:`1/G`.

    References
    ----------
    OECD and JRC (2008). *Handbook on Constructing Composite Indicators: Methodology and User
    Guide*, section 6.1 (equal weighting). OECD Publishing.
    """
    labels = np.asarray(groups, dtype=object)
    if labels.ndim != 1 or labels.size == 0:
        raise InputError(
            f"groups must be one label per criterion (1-D, non-empty); got shape {labels.shape}"
        )
    blank = [i for i, g in enumerate(labels) if g is None or (isinstance(g, float) and np.isnan(g))]
    if blank:
        raise InputError(
            f"groups has no label at position(s) {blank}; give every criterion a group"
        )
    size: dict[object, int] = {}
    for g in labels:
        size[g] = size.get(g, 0) + 1
    return np.array([1.0 / (len(size) * size[g]) for g in labels])


def winsorise(x: npt.ArrayLike, limits: tuple[float, float] = (0.05, 0.05)) -> FloatArray:
    r"""Winsorise every column: pull its lowest and highest values in to an inner order statistic.

    With :math:`n` rows, :math:`k_l = \lfloor l_0 n \rfloor` and :math:`k_u = \lfloor l_1 n
    \rfloor`, and :math:`x_{(1)} \le \dots \le x_{(n)}` the sorted column,

    .. math:: x'_{ij} = \min\bigl(\max(x_{ij}, x_{(k_l + 1)j}), \, x_{(n - k_u)j}\bigr),

    i.e. the :math:`k_l` smallest values become the next smallest and the :math:`k_u` largest the
    next largest; the same as ``scipy.stats.mstats.winsorize(x, limits, axis=0)`` (its default
    ``inclusive=(True, True)``). Use it before :func:`entropy_weights` so that one or two extreme
    alternatives (a capital city's patent count) do not make a criterion look informative.

    Parameters
    ----------
    x : array_like, shape (n, m)
        Decision matrix; finite values only (as every kernel here).
    limits : (float, float), default (0.05, 0.05)
        Share of rows to pull in at the bottom and at the top of each column; each >= 0, their
        sum < 1. With ``floor(share * n) == 0`` nothing changes at that end.

    Returns
    -------
    ndarray, shape (n, m)
        The winsorised matrix; the order of values within each column is kept (ties created at
        the ends).

    References
    ----------
    Dixon, W. J. (1960). Simplified estimation from censored normal samples. *Annals of
    Mathematical Statistics* 31(2), 385-391.
    """
    arr = _decision_matrix(x)
    try:
        low, high = (float(v) for v in limits)
    except (TypeError, ValueError) as exc:
        raise InputError(f"limits must be two numbers (bottom, top share); got {limits!r}") from exc
    if not (np.isfinite([low, high]).all() and low >= 0 and high >= 0 and low + high < 1):
        raise InputError(
            f"limits must be two shares >= 0 whose sum is < 1, e.g. (0.05, 0.05); got {limits!r}"
        )
    n = arr.shape[0]
    # int() truncates, as scipy's winsorize does with inclusive=(True, True).
    k_low, k_high = int(low * n), int(high * n)
    ordered = np.sort(arr, axis=0)
    return np.clip(arr, ordered[k_low], ordered[n - 1 - k_high])


def log_transform(x: npt.ArrayLike) -> FloatArray:
    r"""Compress the upper tail of non-negative criteria: :math:`x'_{ij} = \ln(1 + x_{ij})`.

    A monotone transform, so benefit and cost directions and every alternative's order on each
    criterion are kept; use it before :func:`entropy_weights` for skewed counts and ratios.

    Unlike min-max scaling, the result depends on the units: :math:`\ln(1 + c x)` is not an
    affine function of :math:`\ln(1 + x)`. For values well above 1 it is close to :math:`\ln x`,
    whose min-max scaling does not depend on units; for values below 1 it is close to :math:`x`
    and compresses little. Express indicators in units where typical values are >= 1 (per
    10,000 people rather than per person) for the transform to bite.

    Parameters
    ----------
    x : array_like, shape (n, m)
        Decision matrix; finite values >= 0.

    Returns
    -------
    ndarray, shape (n, m)
        :math:`\ln(1 + x)`, >= 0.

    Raises
    ------
    InputError
        NaN or infinite values; negative values (the columns are named). A column with negative
        values has no natural zero for the logarithm: shift it yourself (``x - x.min()``, which
        puts its worst alternative at 0) or use :func:`winsorise`, if that is what you mean.

    References
    ----------
    OECD and JRC (2008). *Handbook on Constructing Composite Indicators*, section 5.1
    (treatment of skewed indicators by log transformation). OECD Publishing.
    """
    arr = _decision_matrix(x)
    negative = np.flatnonzero((arr < 0).any(axis=0))
    if negative.size:
        listed = ", ".join(f"{int(j)} (min {arr[:, j].min():g})" for j in negative[:_SHOW])
        more = ", ..." if negative.size > _SHOW else ""
        raise InputError(
            f"log_transform needs values >= 0; column(s) {listed}{more} of x have negative "
            "values: shift the column (x - min) or winsorise it instead"
        )
    return np.log1p(arr)


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
