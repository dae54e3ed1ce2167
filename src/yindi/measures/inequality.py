r"""Regional gaps: the Dagum (1997) Gini decomposition and the Theil T decomposition by groups.

Both kernels take one value per unit (e.g. a province's NQPF index, GDP per capita) and a group
label per unit (e.g. the NBS macro-region) and split total inequality into a within-group and a
between-group part. Labels are reported in sorted order (``numpy.unique``).

Values must be finite and non-negative, and every group must have a positive mean: the Gini and
Theil ratios divide by group means. Zeros are allowed (Theil takes :math:`0 \ln 0 = 0`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from yindi.errors import InputError

__all__ = ["DagumGini", "dagum_gini", "TheilDecomposition", "theil_decomposition"]

FloatArray = npt.NDArray[np.float64]


def _frozen(a: npt.ArrayLike) -> FloatArray:
    out = np.array(a, dtype=float)
    out.flags.writeable = False
    return out


def _plain(label: object) -> object:
    # numpy scalars -> Python scalars, so labels print and compare as the caller wrote them.
    return label.item() if isinstance(label, np.generic) else label


def _share(part: float, total: float) -> float:
    return part / total if total > 0 else float("nan")


@dataclass(frozen=True)
class DagumGini:
    """Dagum (1997) decomposition of the Gini ratio, G = within + net_between + transvariation.

    Arrays are indexed by ``labels`` (sorted group labels); arrays are read-only.

    Attributes
    ----------
    labels : tuple
        Group labels, sorted.
    total : float
        Gini ratio G of all units pooled.
    within : float
        :math:`G_w = \\sum_j G_{jj} p_j s_j`.
    net_between : float
        :math:`G_{nb} = \\sum_{j>h} G_{jh} (p_j s_h + p_h s_j) D_{jh}`.
    transvariation : float
        :math:`G_t = \\sum_{j>h} G_{jh} (p_j s_h + p_h s_j) (1 - D_{jh})` (overlap).
    within_gini : ndarray (k,)
        :math:`G_{jj}`, the Gini ratio inside each group.
    between_gini : ndarray (k, k)
        :math:`G_{jh}`, symmetric; its diagonal equals ``within_gini``.
    relative_affluence : ndarray (k, k)
        :math:`D_{jh} \\in [0, 1]` of the richer group of the pair over the poorer one;
        symmetric, diagonal 0. Pairs whose values are all equal (no difference at all) get 0.
    group_means : ndarray (k,)
    population_shares : ndarray (k,)
        :math:`p_j = n_j / n`.
    value_shares : ndarray (k,)
        :math:`s_j = n_j \\bar y_j / (n \\bar y)`.
    """

    labels: tuple[object, ...]
    total: float
    within: float
    net_between: float
    transvariation: float
    within_gini: FloatArray = field(repr=False)
    between_gini: FloatArray = field(repr=False)
    relative_affluence: FloatArray = field(repr=False)
    group_means: FloatArray = field(repr=False)
    population_shares: FloatArray = field(repr=False)
    value_shares: FloatArray = field(repr=False)

    @property
    def within_share(self) -> float:
        """Contribution of within-group inequality, G_w / G (NaN when G = 0)."""
        return _share(self.within, self.total)

    @property
    def net_between_share(self) -> float:
        """Contribution of the net between-group gap, G_nb / G (NaN when G = 0)."""
        return _share(self.net_between, self.total)

    @property
    def transvariation_share(self) -> float:
        """Contribution of transvariation (overlap), G_t / G (NaN when G = 0)."""
        return _share(self.transvariation, self.total)


@dataclass(frozen=True)
class TheilDecomposition:
    """Theil T index split into within- and between-group parts, total = within + between.

    Attributes
    ----------
    labels : tuple
        Group labels, sorted.
    total, within, between : float
    group_theil : ndarray (k,)
        :math:`T_g`, the Theil T inside each group (0 for a single-unit group).
    value_shares : ndarray (k,)
        :math:`Y_g / Y`, the group's share of the (weighted) total value.
    population_shares : ndarray (k,)
        :math:`P_g / P`, the group's share of the weights (of the units when unweighted).
    """

    labels: tuple[object, ...]
    total: float
    within: float
    between: float
    group_theil: FloatArray = field(repr=False)
    value_shares: FloatArray = field(repr=False)
    population_shares: FloatArray = field(repr=False)

    @property
    def within_share(self) -> float:
        """Within / total (NaN when total = 0)."""
        return _share(self.within, self.total)

    @property
    def between_share(self) -> float:
        """Between / total (NaN when total = 0)."""
        return _share(self.between, self.total)


def _values_and_groups(
    y: npt.ArrayLike, groups: npt.ArrayLike
) -> tuple[FloatArray, tuple[object, ...], npt.NDArray[np.intp]]:
    try:
        vals = np.array(y, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"y must be numeric: {exc}") from exc
    if vals.ndim != 1 or vals.size == 0:
        raise InputError(f"y must be a non-empty 1-D array of values; got shape {vals.shape}")
    bad = np.flatnonzero(~np.isfinite(vals) | (vals < 0))
    if bad.size:
        raise InputError(
            f"y must be finite and >= 0; positions {bad[:5].tolist()} hold "
            f"{vals[bad[:5]].tolist()}; handle missing or negative values before decomposing"
        )
    g = np.asarray(groups)
    if g.shape != vals.shape:
        raise InputError(f"groups must have one label per value ({vals.size}); got shape {g.shape}")
    if g.dtype.kind == "f" and np.isnan(g).any():
        raise InputError("groups contains NaN labels; give every unit a group")
    try:
        labels, codes = np.unique(g, return_inverse=True)
    except TypeError as exc:
        raise InputError(f"groups labels cannot be sorted (mixed types?): {exc}") from exc
    totals = np.bincount(codes, weights=vals, minlength=labels.size)
    empty = [_plain(labels[i]) for i in np.flatnonzero(totals <= 0)]
    if empty:
        raise InputError(
            f"group(s) {empty} have a zero mean: their relative inequality is undefined; drop "
            "them or merge them into another group"
        )
    return vals, tuple(_plain(lab) for lab in labels), codes.ravel()


def _pair_sums(a: FloatArray, b: FloatArray) -> tuple[float, float]:
    """(sum_{i,r} max(a_i - b_r, 0), sum_{i,r} max(b_r - a_i, 0)) over all pairs.

    Sorting and prefix sums give O((n_a + n_b) log n_b) time and O(n) memory, instead of the
    n_a x n_b matrix of differences (too large for county-level data).
    """
    bs = np.sort(b)
    prefix = np.concatenate(([0.0], np.cumsum(bs)))
    below = np.searchsorted(bs, a, side="left")  # how many b_r < a_i (ties add 0 either way)
    above_part = (a * below - prefix[below]).sum()
    below_part = ((prefix[-1] - prefix[below]) - a * (bs.size - below)).sum()
    return float(above_part), float(below_part)


def dagum_gini(y: npt.ArrayLike, groups: npt.ArrayLike) -> DagumGini:
    r"""Gini ratio and its Dagum (1997) decomposition by groups.

    For k groups with :math:`n_j` units, means :math:`\bar y_j`, and :math:`n, \bar y` overall:

    .. math::

        G = \frac{\sum_j \sum_h \sum_i \sum_r |y_{ji} - y_{hr}|}{2 n^2 \bar y}, \quad
        G_{jj} = \frac{\sum_i \sum_r |y_{ji} - y_{jr}|}{2 n_j^2 \bar y_j}, \quad
        G_{jh} = \frac{\sum_i \sum_r |y_{ji} - y_{hr}|}{n_j n_h (\bar y_j + \bar y_h)},

        p_j = n_j / n, \quad s_j = n_j \bar y_j / (n \bar y), \quad
        G_w = \sum_j G_{jj} p_j s_j.

    For a pair with :math:`\bar y_j \ge \bar y_h`, the gross economic affluence
    :math:`d_{jh}` = mean over pairs of :math:`\max(y_{ji} - y_{hr}, 0)`, the first-order moment
    of transvariation :math:`p_{jh}` = mean over pairs of :math:`\max(y_{hr} - y_{ji}, 0)`, and
    :math:`D_{jh} = (d_{jh} - p_{jh}) / (d_{jh} + p_{jh})`; then

    .. math::

        G_{nb} = \sum_{j>h} G_{jh} (p_j s_h + p_h s_j) D_{jh}, \quad
        G_t = \sum_{j>h} G_{jh} (p_j s_h + p_h s_j) (1 - D_{jh}),

    and :math:`G = G_w + G_{nb} + G_t` exactly (up to round-off). Since
    :math:`d_{jh} - p_{jh} = \bar y_j - \bar y_h` and :math:`d_{jh} + p_{jh}` is the mean absolute
    difference between the groups, :math:`D_{jh}` is the net gap as a share of the gross gap.
    A pair in which every value is equal has no gap: :math:`G_{jh} = 0` and we set
    :math:`D_{jh} = 0` (the formula is 0/0).

    Parameters
    ----------
    y : array_like, shape (n,)
        Values, finite and >= 0 (e.g. NQPF index of each province).
    groups : array_like, shape (n,)
        Group label of each value (e.g. East / Central / West / Northeast).

    Returns
    -------
    DagumGini

    Raises
    ------
    InputError
        NaN, infinite or negative values, mismatched lengths, a group with zero mean.

    References
    ----------
    Dagum, C. (1997). A new approach to the decomposition of the Gini income inequality ratio.
    *Empirical Economics* 22(4), 515-531. doi:10.1007/BF01205777.
    """
    vals, labels, codes = _values_and_groups(y, groups)
    k, n = len(labels), vals.size
    members = [vals[codes == j] for j in range(k)]
    sizes = np.array([m.size for m in members], dtype=float)
    means = np.array([m.mean() for m in members])
    ybar = vals.mean()
    p_share = sizes / n
    s_share = sizes * means / (n * ybar)

    pooled_up, pooled_down = _pair_sums(vals, vals)
    total = (pooled_up + pooled_down) / (2.0 * n**2 * ybar)

    gini = np.zeros((k, k))
    affluence = np.zeros((k, k))
    net_between = transvariation = 0.0
    for j in range(k):
        up, down = _pair_sums(members[j], members[j])
        gini[j, j] = (up + down) / (2.0 * sizes[j] ** 2 * means[j])
        for h in range(j):
            rich, poor = (j, h) if means[j] >= means[h] else (h, j)
            d_sum, p_sum = _pair_sums(members[rich], members[poor])  # sums, not means:
            # D is a ratio of the two means over the same n_j n_h pairs, so the counts cancel.
            gini[j, h] = gini[h, j] = (d_sum + p_sum) / (
                sizes[j] * sizes[h] * (means[j] + means[h])
            )
            d_rel = (d_sum - p_sum) / (d_sum + p_sum) if d_sum + p_sum > 0 else 0.0
            affluence[j, h] = affluence[h, j] = d_rel
            between = gini[j, h] * (p_share[j] * s_share[h] + p_share[h] * s_share[j])
            net_between += between * d_rel
            transvariation += between * (1.0 - d_rel)
    within_gini = np.diag(gini).copy()
    within = float((within_gini * p_share * s_share).sum())
    return DagumGini(
        labels=labels,
        total=float(total),
        within=within,
        net_between=float(net_between),
        transvariation=float(transvariation),
        within_gini=_frozen(within_gini),
        between_gini=_frozen(gini),
        relative_affluence=_frozen(affluence),
        group_means=_frozen(means),
        population_shares=_frozen(p_share),
        value_shares=_frozen(s_share),
    )


def _theil_terms(value_share: FloatArray, pop_share: FloatArray) -> float:
    # sum_i v_i ln(v_i / q_i) with 0 ln 0 = 0 (a unit with value 0 adds nothing).
    ratio = np.divide(value_share, pop_share, out=np.ones_like(value_share), where=value_share > 0)
    return float((value_share * np.log(ratio)).sum())


def theil_decomposition(
    y: npt.ArrayLike, groups: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> TheilDecomposition:
    r"""Theil T index with optional population weights, decomposed by groups.

    With weights :math:`w_i` (population; all 1 when omitted), unit totals
    :math:`Y_i = w_i y_i`, :math:`Y = \sum_i Y_i`, :math:`P = \sum_i w_i`, and group sums
    :math:`Y_g, P_g`:

    .. math::

        T = \sum_i \frac{Y_i}{Y} \ln\frac{Y_i / Y}{w_i / P}
          = \underbrace{\sum_g \frac{Y_g}{Y} T_g}_{\text{within}}
          + \underbrace{\sum_g \frac{Y_g}{Y} \ln\frac{Y_g / Y}{P_g / P}}_{\text{between}},
        \qquad
        T_g = \sum_{i \in g} \frac{Y_i}{Y_g} \ln\frac{Y_i / Y_g}{w_i / P_g}.

    Unweighted, :math:`T = \frac1n \sum_i \frac{y_i}{\bar y} \ln\frac{y_i}{\bar y}`. The total
    is computed directly from the units, not as the sum of the parts, so ``total = within +
    between`` is a check of the decomposition (it holds to round-off).

    Parameters
    ----------
    y : array_like, shape (n,)
        Values per unit (per capita when weighted by population), finite and >= 0.
    groups : array_like, shape (n,)
        Group label of each unit.
    weights : array_like, shape (n,), optional
        Positive weights (population); None = every unit counts once.

    Returns
    -------
    TheilDecomposition

    Raises
    ------
    InputError
        NaN, infinite or negative values, non-positive weights, mismatched lengths, a group
        with zero mean.

    References
    ----------
    Theil, H. (1967). *Economics and Information Theory*. North-Holland. Shorrocks, A. F. (1980).
    The class of additively decomposable inequality measures. *Econometrica* 48(3), 613-625.
    """
    vals, labels, codes = _values_and_groups(y, groups)
    if weights is None:
        w = np.ones_like(vals)
    else:
        w = np.array(weights, dtype=float)
        if w.shape != vals.shape:
            raise InputError(f"weights must have one entry per value ({vals.size}); got {w.shape}")
        bad = np.flatnonzero(~np.isfinite(w) | (w <= 0))
        if bad.size:
            raise InputError(
                f"weights must be finite and > 0; positions {bad[:5].tolist()} hold "
                f"{w[bad[:5]].tolist()}"
            )
    k = len(labels)
    unit_value = w * vals
    value_total, pop_total = unit_value.sum(), w.sum()
    total = _theil_terms(unit_value / value_total, w / pop_total)

    group_value = np.bincount(codes, weights=unit_value, minlength=k)
    group_pop = np.bincount(codes, weights=w, minlength=k)
    group_theil = np.array(
        [
            _theil_terms(unit_value[codes == g] / group_value[g], w[codes == g] / group_pop[g])
            for g in range(k)
        ]
    )
    value_shares = group_value / value_total
    pop_shares = group_pop / pop_total
    return TheilDecomposition(
        labels=labels,
        total=total,
        within=float((value_shares * group_theil).sum()),
        between=_theil_terms(value_shares, pop_shares),
        group_theil=_frozen(group_theil),
        value_shares=_frozen(value_shares),
        population_shares=_frozen(pop_shares),
    )
