"""Complexity of regions and activities: eigenvector, method of reflections, fitness.

All kernels take the binary presence matrix ``M`` (regions x activities, dense float, no
all-zero line) and return raw, un-standardised vectors; :mod:`yindi.measures.conventions`
standardises them the way a chosen reference does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from yindi.errors import InputError

__all__ = [
    "RawComplexity",
    "diversity",
    "ubiquity",
    "eigenvector_complexity",
    "reflections_complexity",
    "fitness_complexity",
]


@dataclass(frozen=True)
class RawComplexity:
    """Raw region (``kc``) and activity (``kp``) complexity vectors of one method.

    ``eigenvalues`` holds (lambda2, lambda3) for the eigenvector method (NaN otherwise) and
    ``eigengap`` their ratio lambda3/lambda2: near 1 the ranking is fragile.
    """

    kc: np.ndarray
    kp: np.ndarray
    eigenvalues: tuple[float, float] = (np.nan, np.nan)

    @property
    def eigengap(self) -> float:
        l2, l3 = self.eigenvalues
        return float(l3 / l2) if l2 else float("nan")


def diversity(m: np.ndarray) -> np.ndarray:
    """k_{r,0} = sum_p M_rp, the number of activities a region is present in."""
    return np.asarray(m.sum(axis=1), dtype=float).ravel()


def ubiquity(m: np.ndarray) -> np.ndarray:
    """k_{p,0} = sum_r M_rp, the number of regions an activity is present in."""
    return np.asarray(m.sum(axis=0), dtype=float).ravel()


def _degrees(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    kc0, kp0 = diversity(m), ubiquity(m)
    if (kc0 == 0).any() or (kp0 == 0).any():
        raise InputError(
            "complexity needs every region present in >= 1 activity and every activity in >= 1 "
            "region; drop lines with zero diversity or ubiquity first"
        )
    return kc0, kp0


def _complexity_sign(kc0: np.ndarray, kc: np.ndarray, kp0: np.ndarray, kp: np.ndarray) -> float:
    """+1 or -1 so that ECI rises with diversity (Stata: ``2*(corr(kc0, kc) > 0) - 1``).

    When every region is equally diverse the correlation is undefined and Stata keeps whatever
    sign the eigensolver returned, which depends on the row order. We then orient PCI to fall
    with ubiquity instead, and keep the solver's sign only if that is undefined too.
    """
    if np.ptp(kc0) > 0 and np.ptp(kc) > 0:
        return 1.0 if np.corrcoef(kc0, kc)[0, 1] > 0 else -1.0
    if np.ptp(kp0) > 0 and np.ptp(kp) > 0:
        return 1.0 if np.corrcoef(kp0, kp)[0, 1] < 0 else -1.0
    return 1.0


def eigenvector_complexity(m: np.ndarray) -> RawComplexity:
    r"""ECI/PCI as the second eigenvector (Hidalgo & Hausmann 2009; Stata ``ecipci``).

    ``kp`` is the eigenvector of :math:`\tilde M_{pp'} = \sum_r M_{rp}M_{rp'}/(k_{r,0}k_{p,0})`
    for the second largest eigenvalue, with unit norm, and ``kc = (M / k_{r,0}) kp``; the sign
    makes ``kc`` correlate positively with diversity.

    The matrix is similar to the symmetric :math:`B^\top B` (or :math:`BB^\top`) with
    :math:`B = D_r^{-1/2} M D_p^{-1/2}`, so we solve the smaller symmetric problem with
    ``numpy.linalg.eigh`` instead of a general eigensolver on activities x activities.
    (numpy's LAPACK shares the BLAS threads of the matrix products around it; SciPy's bundles
    a second OpenBLAS whose threads contend with numpy's and made this step 5x slower.)

    References
    ----------
    Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic complexity. PNAS.
    Mealy, P., Farmer, J. D., & Teytelboym, A. (2019). Interpreting economic complexity.
    """
    kc0, kp0 = _degrees(m)
    b = m / np.sqrt(kc0)[:, None] / np.sqrt(kp0)[None, :]
    small_side = m.shape[0] <= m.shape[1]
    gram = b @ b.T if small_side else b.T @ b
    vals, vecs = np.linalg.eigh(gram)
    # D_p^{-1/2} B^T u is an eigenvector of M~pp' when u is one of B B^T.
    kp = (b.T @ vecs[:, -2]) / np.sqrt(kp0) if small_side else vecs[:, -2] / np.sqrt(kp0)
    kp = kp / np.linalg.norm(kp)
    kc = (m @ kp) / kc0
    sign = _complexity_sign(kc0, kc, kp0, kp)
    l3 = float(vals[-3]) if vals.size >= 3 else float("nan")
    return RawComplexity(sign * kc, sign * kp, (float(vals[-2]), l3))


def reflections_complexity(m: np.ndarray, iterations: int = 20) -> RawComplexity:
    r"""Method of reflections (Hidalgo & Hausmann 2009).

    :math:`k_{r,N} = \frac{1}{k_{r,0}}\sum_p M_{rp} k_{p,N-1}`,
    :math:`k_{p,N} = \frac{1}{k_{p,0}}\sum_r M_{rp} k_{r,N-1}`.
    With ``iterations = n`` the result pairs :math:`k_{r,n-2}` with :math:`k_{p,n-1}`, the
    orders returned by economic-complexity (Python) and economiccomplexity (R) for n = 20.
    """
    if iterations < 2:
        raise InputError(f"iterations={iterations}: the method of reflections needs >= 2")
    kc0, kp0 = _degrees(m)
    kc, kp = kc0.copy(), kp0.copy()
    history_kc = [kc]
    for _ in range(1, iterations):
        kc, kp = (m @ kp) / kc0, (m.T @ kc) / kp0
        history_kc.append(kc)
    return RawComplexity(history_kc[-2], kp)


def fitness_complexity(
    m: np.ndarray, iterations: int = 20, extremality: float = 1.0
) -> RawComplexity:
    r"""Fitness and complexity (Tacchella et al. 2012), as R ``economiccomplexity``.

    :math:`F_r^{(n)} = \sum_p M_{rp} Q_p^{(n-1)}`,
    :math:`Q_p^{(n)} = 1 / \left(\sum_r M_{rp} (1/F_r^{(n-1)})^{\gamma}\right)^{1/\gamma}`,
    each normalised to mean 1, from :math:`F^{(0)} = Q^{(0)} = 1`; ``iterations = n`` returns
    :math:`F^{(n-1)}, Q^{(n-1)}` (``extremality`` is gamma, 1 by default).

    References
    ----------
    Tacchella, A., Cristelli, M., Caldarelli, G., Gabrielli, A., & Pietronero, L. (2012).
    A new metrics for countries' fitness and products' complexity. Scientific Reports.
    """
    if iterations < 2:
        raise InputError(f"iterations={iterations}: fitness needs >= 2")
    _degrees(m)
    fit = np.ones(m.shape[0])
    comp = np.ones(m.shape[1])
    for _ in range(1, iterations):
        new_fit = m @ comp
        new_comp = 1.0 / (m.T @ (1.0 / fit) ** extremality) ** (1.0 / extremality)
        fit, comp = new_fit / new_fit.mean(), new_comp / new_comp.mean()
    return RawComplexity(fit, comp)
