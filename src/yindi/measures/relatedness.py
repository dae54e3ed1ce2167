"""Relatedness: proximity between activities, density around them in a region, distance.

Proximity is computed from co-occurrence of the presence matrix ``M`` (or, for the continuous
variant, from the RCA or RPOP levels). The diagonal (an activity's proximity to itself) is a
convention: Stata ``ecomplexity`` and economic-complexity set it to 0, py-ecomplexity 0.5.3
keeps it at 1, which puts the activity itself into its own density. ``diagonal`` chooses.

Orientation: row ``p`` of a proximity matrix holds the proximities *from* ``p``; density and
outlook gain read rows, as Stata's ``calculate_density`` and ``coicog`` do. Only the
asymmetric proximity tells rows from columns.
"""

from __future__ import annotations

import numpy as np

from yindi._options import choose
from yindi.errors import InputError
from yindi.measures._scratch import scratch

__all__ = [
    "PROXIMITY_METHODS",
    "nearest_neighbours",
    "proximity",
    "relatedness_density",
    "relatedness_distance",
]

PROXIMITY_METHODS = (
    "min_conditional",
    "cosine",
    "jaccard",
    "association",
    "asymmetric",
    "continuous",
)


def _safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    # Pairs with zero denominators never co-occur: unrelated (0), not unknown.
    positive = den > 0
    if positive.all():
        return num / den
    return np.divide(num, np.where(positive, den, 1.0)) * positive


def _divide_by_max(co: np.ndarray, u: np.ndarray, rows: int = 256) -> np.ndarray:
    """co / max(u_p, u_q) by row blocks, written straight into one float64 array.

    ``co`` may hold the float32 counts: the division reads them as float64 (exact for
    integers), so no float64 copy of the counts is made first.
    """
    out = np.empty(co.shape)
    every = bool((u > 0).all())  # no zero denominator anywhere: no masks
    for lo in range(0, co.shape[0], rows):
        block = slice(lo, lo + rows)
        den = np.maximum(u[block, None], u[None, :])
        if every:
            np.divide(co[block], den, out=out[block])
        else:
            out[block] = _safe_divide(co[block], den)
    return out


def _ratio(method: str, co: np.ndarray, u: np.ndarray, regions: int) -> np.ndarray:
    """The co-occurrence proximities other than min_conditional, from the counts ``co``."""
    if method == "cosine":
        return _safe_divide(co, np.sqrt(np.outer(u, u)))
    if method == "jaccard":
        return _safe_divide(co, u[:, None] + u[None, :] - co)
    if method == "asymmetric":
        return _safe_divide(co, u[:, None])
    return _safe_divide(co * regions, np.outer(u, u))  # association


def proximity(
    m: np.ndarray,
    *,
    method: str = "min_conditional",
    levels: np.ndarray | None = None,
    diagonal: str = "zero",
) -> np.ndarray:
    r"""Proximity between activities.

    With co-occurrences :math:`C = M^\top M` and ubiquities :math:`u_p = C_{pp}`:

    - ``min_conditional`` (Hidalgo et al. 2007): :math:`\phi = C_{pq} / \max(u_p, u_q)`,
      the smaller of the two conditional probabilities;
    - ``cosine``: :math:`C_{pq}/\sqrt{u_p u_q}` (economic-complexity ``procedure="sqrt"``);
    - ``jaccard``: :math:`C_{pq}/(u_p + u_q - C_{pq})`;
    - ``association`` (van Eck & Waltman 2009): :math:`N C_{pq} / (u_p u_q)`, observed over
      expected co-occurrence among N regions (not bounded by 1);
    - ``asymmetric`` (Stata ``asym``): :math:`\phi_{pq} = C_{pq} / u_p`, the probability of
      having q given p (row p normalised by p's ubiquity; Stata's ``P1 - I``);
    - ``continuous`` (Stata/py-ecomplexity ``cont``): :math:`(1 + \mathrm{corr}(L_p, L_q))/2`
      over regions, from ``levels`` L (the RCA matrix, or RPOP under ``rpop``).

    Parameters
    ----------
    m : ndarray (regions x activities), binary presence.
    method : str
    levels : ndarray, optional
        RCA (or RPOP) levels, needed for ``continuous``.
    diagonal : {"zero", "keep"}
        ``"zero"`` leaves each activity out of its own neighbourhood (Stata convention);
        ``"keep"`` keeps the natural value (1 for min_conditional, as py-ecomplexity).

    Returns
    -------
    ndarray (activities x activities), symmetric except for ``asymmetric``.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L., & Hausmann, R. (2007). The product space
    conditions the development of nations. Science 317, 482–487.
    Bustos, S., & Yildirim, M. A. Stata ``ecomplexity`` (``proxdiscrete.ado``,
    ``proxcontinous.ado``), Growth Lab, Harvard CID.
    """
    choose("method", method, PROXIMITY_METHODS)
    choose("diagonal", diagonal, ("zero", "keep"))
    if method == "continuous":
        if levels is None:
            raise ValueError(
                "proximity(method='continuous') needs levels= (the RCA or RPOP matrix)"
            )
        phi = (1.0 + np.corrcoef(np.asarray(levels, dtype=float).T)) / 2.0
    else:
        # Co-occurrence counts are integers below 2**24, exact in float32 at half the cost.
        m = np.asarray(m)
        n = m.shape[1]
        with scratch(m.shape, np.float32) as m32, scratch((n, n), np.float32) as counts:
            np.copyto(m32, m, casting="unsafe")
            np.matmul(m32.T, m32, out=counts)
            u = np.diag(counts).astype(float)
            if method == "min_conditional":
                phi = _divide_by_max(counts, u)
            else:
                phi = _ratio(method, counts.astype(float), u, m.shape[0])
    if diagonal == "zero":
        np.fill_diagonal(phi, 0.0)
    return phi


def nearest_neighbours(phi: np.ndarray, knn: int) -> np.ndarray:
    """``phi`` with each row cut to its ``knn`` largest entries (Stata ``knn(#)``), others 0.

    Row p keeps every entry at least as large as the row's ``knn``-th largest value, so ties at
    that value are all kept (Stata compares with ``:>=``). The row is taken as it is, diagonal
    included: with the zero diagonal of the Stata convention the activity itself only ties in
    when its ``knn``-th neighbour has proximity 0, and then adds nothing.
    """
    n = phi.shape[1]
    if not 1 <= knn <= n:
        raise InputError(
            f"knn={knn}: the proximity matrix has {n} activities, so knn must be between 1 and "
            f"{n}; pass a smaller knn (or knn=None for the density over all activities)"
        )
    kth = np.partition(phi, n - knn, axis=1)[:, n - knn]
    return np.where(phi >= kth[:, None], phi, 0.0)


def relatedness_density(
    levels: np.ndarray, phi: np.ndarray, *, knn: int | None = None, symmetric: bool = False
) -> np.ndarray:
    r"""Density (relatedness) of each activity in each region.

    .. math:: d_{rp} = \frac{\sum_{p'} L_{rp'}\,\phi_{pp'}}{\sum_{p'} \phi_{pp'}}

    with ``L = M`` (the default) or the RCA/RPOP levels (Stata ``cont``: its density is the
    proximity-weighted mean of the levels, so it is not bounded by 1). Row p of ``phi`` holds
    the proximities from p (Stata's ``calculate_density``: ``density = M * (phi' :/ rowsums)``);
    for a symmetric ``phi`` rows and columns are the same. With a zero-diagonal ``phi`` the
    activity itself is left out of both sums (Stata ``ecomplexity``); with ``diagonal="keep"``
    it is included (py-ecomplexity). An activity related to nothing (row sum 0) has an
    undefined density: NaN, never 0.

    Parameters
    ----------
    levels : ndarray (regions x activities)
        ``M``, or the RCA (RPOP) levels for the continuous variant.
    phi : ndarray (activities x activities)
    knn : int, optional
        Stata ``knn(#)``: each activity's density over its ``knn`` nearest neighbours only
        (:func:`nearest_neighbours`), still weighted by proximity. Stata sets the density of an
        activity whose neighbours all have proximity 0 to 0 (``editmissing``); it is NaN here.
    symmetric : bool
        The caller knows ``phi`` is exactly symmetric (every co-occurrence proximity but
        ``asymmetric``), so the product can read it without transposing; same numbers.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L., & Hausmann, R. (2007). The product space
    conditions the development of nations. Science 317, 482–487.
    """
    if knn is not None:
        phi = nearest_neighbours(phi, knn)
    den = phi.sum(axis=1)
    # A symmetric phi is its own transpose: the product then reads it in memory order.
    num = levels @ (phi if symmetric and knn is None else phi.T)
    if (den > 0).all():
        num /= den[None, :]
        return num
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den[None, :] > 0, num / np.where(den > 0, den, 1.0)[None, :], np.nan)


def relatedness_distance(density: np.ndarray) -> np.ndarray:
    """Distance = 1 - density (Hausmann et al. 2011, Atlas of Economic Complexity)."""
    return 1.0 - density
