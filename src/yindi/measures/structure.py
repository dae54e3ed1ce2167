"""Structure of a region's economy: concentration, diversity, specialisation, variety.

All functions take the value matrix ``x`` (regions x activities, non-negative, no all-zero
region) and return one number per region.
"""

from __future__ import annotations

import numpy as np

from yindi.measures._scratch import scratch

__all__ = [
    "structure_indices",
    "shares",
    "herfindahl",
    "shannon_entropy",
    "krugman_specialisation",
    "relative_theil",
    "related_unrelated_variety",
    "structural_overlap",
]


def shares(x: np.ndarray) -> np.ndarray:
    """s_rp = x_rp / sum_p x_rp."""
    x = np.asarray(x, dtype=float)
    return x / x.sum(axis=1, keepdims=True)


def _plogp(s: np.ndarray) -> np.ndarray:
    # 0 ln 0 = 0 by continuity.
    out = np.zeros_like(s)
    np.log(s, out=out, where=s > 0)
    return s * out


def herfindahl(x: np.ndarray) -> np.ndarray:
    r"""Herfindahl–Hirschman index :math:`HHI_r = \sum_p s_{rp}^2` (1 = one activity)."""
    return structure_indices(x)["hhi"]


def shannon_entropy(x: np.ndarray) -> np.ndarray:
    r"""Shannon entropy :math:`H_r = -\sum_p s_{rp} \ln s_{rp}` (natural log)."""
    return structure_indices(x)["entropy"]


def krugman_specialisation(x: np.ndarray) -> np.ndarray:
    r"""Krugman (1991) specialisation index against the rest of the country.

    .. math:: K_r = \sum_p \left| s_{rp} - \frac{\sum_{r' \ne r} x_{r'p}}{\sum_{r' \ne r} x_{r'}}\right|

    0 = same structure as the other regions, 2 = nothing in common.
    """
    return structure_indices(x)["krugman"]


def relative_theil(x: np.ndarray) -> np.ndarray:
    r"""Relative Theil (entropy) index of specialisation against the national structure.

    .. math:: T_r = \sum_p s_{rp} \ln \frac{s_{rp}}{s_p}, \quad s_p = \frac{\sum_r x_{rp}}{\sum_{rp} x_{rp}}

    the Kullback–Leibler divergence of the region's shares from the country's (0 = same).
    """
    return structure_indices(x)["theil"]


def structural_overlap(x: np.ndarray) -> np.ndarray:
    r"""Share of output two regions have in common, :math:`O_{rq} = \sum_p \min(s_{rp}, s_{qp})`.

    Regions x regions, symmetric, 1 on the diagonal: 1 = the same structure, 0 = no activity
    in common. It equals :math:`1 - D_{rq}/2` with :math:`D_{rq} = \sum_p |s_{rp} - s_{qp}|`
    Krugman's dissimilarity of the two regions.
    """
    s = shares(x)
    return np.minimum(s[:, None, :], s[None, :, :]).sum(axis=2)


def related_unrelated_variety(x: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Related and unrelated variety (Frenken, Van Oort & Verburg 2007).

    With group shares :math:`P_g = \sum_{p \in g} s_{rp}`:
    :math:`UV_r = \sum_g P_g \ln(1/P_g)` (entropy between groups) and
    :math:`RV_r = \sum_g P_g H_g`, :math:`H_g = \sum_{p\in g} \frac{s_{rp}}{P_g}\ln\frac{P_g}{s_{rp}}`
    (weighted entropy within groups); :math:`UV + RV = H` (the total entropy).

    Parameters
    ----------
    x : ndarray (regions x activities)
    groups : array of length activities with each activity's group label.

    Returns
    -------
    (related_variety, unrelated_variety)
    """
    s = shares(x)
    labels, codes = np.unique(np.asarray(groups).astype(str), return_inverse=True)
    onehot = np.zeros((s.shape[1], labels.size))
    onehot[np.arange(s.shape[1]), codes] = 1.0
    big_p = s @ onehot
    unrelated = -_plogp(big_p).sum(axis=1)
    # sum_g P_g H_g = sum_p s_rp ln(P_g(p) / s_rp): the within-group entropies, weighted.
    parent = big_p[:, codes]
    ratio = np.divide(parent, s, out=np.ones_like(s), where=s > 0)
    related = (s * np.log(ratio)).sum(axis=1)
    return related, unrelated


def structure_indices(x: np.ndarray) -> dict[str, np.ndarray]:
    """HHI, entropy, Krugman and relative Theil of every region in one pass.

    The four functions above return one entry each; shares and logarithms are computed once.
    """
    x = np.asarray(x, dtype=float)
    columns = x.sum(axis=0)
    national = columns / x.sum()
    # Two regions x activities buffers: the shares, and s ln s (0 where s = 0) then Krugman's
    # terms.
    with scratch(x.shape) as s, scratch(x.shape) as work:
        np.divide(x, x.sum(axis=1, keepdims=True), out=s)
        work.fill(0.0)
        np.log(s, out=work, where=s > 0)
        work *= s
        s_log_s = work.sum(axis=1)
        # sum_p s (ln s - ln s_p) = sum_p s ln s - sum_p s ln s_p (a product, not a second pass)
        theil = s_log_s - s @ np.log(national)
        hhi = np.einsum("ij,ij->i", s, s)
        np.subtract(columns[None, :], x, out=work)  # the rest of the country, activity by activity
        work /= work.sum(axis=1, keepdims=True)
        np.subtract(s, work, out=work)
        np.abs(work, out=work)
        krugman = work.sum(axis=1)
    return {"hhi": hhi, "entropy": -s_log_s, "krugman": krugman, "theil": theil}
