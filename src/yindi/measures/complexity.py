"""Complexity of regions and activities: eigenvector, method of reflections, fitness.

All kernels take the binary presence matrix ``M`` (regions x activities, dense float, no
all-zero line) and return raw, un-standardised vectors; :mod:`yindi.measures.conventions`
standardises them the way a chosen reference does.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np

from yindi.errors import InputError
from yindi.measures._scratch import scratch

__all__ = [
    "RawComplexity",
    "diversity",
    "ubiquity",
    "eigenvector_complexity",
    "reflections_complexity",
    "fitness_complexity",
    "one_blas_thread",
    "blas_threads_controllable",
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
    small_side = m.shape[0] <= m.shape[1]
    n = min(m.shape)
    with scratch(m.shape) as b, scratch((n, n)) as gram:
        np.divide(m, np.sqrt(kc0)[:, None], out=b)
        b /= np.sqrt(kp0)[None, :]
        if small_side:
            np.matmul(b, b.T, out=gram)
        else:
            np.matmul(b.T, b, out=gram)
        vals, vec = _second_eigenpair(gram)
        # D_p^{-1/2} B^T u is an eigenvector of M~pp' when u is one of B B^T.
        kp = (b.T @ vec) / np.sqrt(kp0) if small_side else vec / np.sqrt(kp0)
    kp = kp / np.linalg.norm(kp)
    kc = (m @ kp) / kc0
    sign = _complexity_sign(kc0, kc, kp0, kp)
    l3 = float(vals[-3]) if vals.size >= 3 else float("nan")
    return RawComplexity(sign * kc, sign * kp, (float(vals[-2]), l3))


#: threadpoolctl's view of the loaded BLAS libraries (None: not looked up yet; False: absent).
_CONTROLLER: Any = None

#: Above this order the eigenproblem is solved for the top three pairs only (ARPACK's Lanczos).
_SUBSET_EIGH_FROM = 1000


def _second_eigenpair(gram: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The largest eigenvalues (ascending, at least the top three) and the unit eigenvector of
    the second largest, of a symmetric positive semi-definite matrix.

    A full ``eigh`` computes every eigenvector though only one is used: for hundreds of lines it
    spent most of the year's time there. Small matrices get every eigenvalue (``eigvalsh``) and
    the vector by inverse iteration at the second one, in numpy's own LAPACK (SciPy bundles a
    second OpenBLAS whose threads contend with numpy's on small problems); large ones get the top
    three pairs by Lanczos (:func:`_top_three`), which never forms the other eigenvectors. Both
    are accurate to round-off, as the full decomposition is (the sign is fixed later by the
    caller).
    """
    n = gram.shape[0]
    vec: np.ndarray | None = None
    if n < 3:
        vals = np.linalg.eigvalsh(gram)
    elif n >= _SUBSET_EIGH_FROM:
        vals, vec = _top_three(gram)
    else:
        with one_blas_thread():
            vals = np.linalg.eigvalsh(gram)
            vec = _inverse_iteration(gram, float(vals[-2]))
    # Where the second eigenvalue (nearly) repeats, its eigenvector is not unique and each
    # solver picks its own: keep the full decomposition's pick, as before.
    gap = min(np.diff(vals[-3:])) if vals.size >= 3 else 0.0
    if vec is None or not gap > 1e-6 * max(float(vals[-1]), np.finfo(float).tiny):
        vals, vecs = np.linalg.eigh(gram)
        return vals, vecs[:, -2]
    return vals, vec


def _top_three(gram: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The three largest eigenvalues (ascending) and the second one's eigenvector, by Lanczos.

    ARPACK (``eigsh``) at full precision (``tol=0``) needs a few dozen products of ``gram`` with
    a vector (numpy's threaded BLAS) where LAPACK's ``dsyevr`` first reduces the whole matrix to
    tridiagonal form: at 3,000 regions 0.6 s against 1.7 s. The start vector is fixed, so the
    same input gives the same numbers. Should ARPACK not converge, ``dsyevr`` answers.
    """
    from scipy.sparse.linalg import ArpackNoConvergence, eigsh

    n = gram.shape[0]
    start = np.random.default_rng(0).random(n)
    try:
        vals, vecs = eigsh(gram, k=3, which="LA", tol=0, v0=start)
    except ArpackNoConvergence:
        import scipy.linalg as sl

        with one_blas_thread():
            vals, vecs = sl.eigh(gram, subset_by_index=[n - 3, n - 1], driver="evr")
    order = np.argsort(vals)
    return vals[order], vecs[:, order[-2]]


def one_blas_thread() -> AbstractContextManager[object]:
    """numpy's and SciPy's BLAS/LAPACK on one thread, when threadpoolctl is there to say so.

    The tridiagonal reduction is memory-bound and synchronises its threads at every column:
    one thread is as fast as two on an idle machine, and on a busy one (or right after numpy's
    own BLAS threads, which SciPy's second OpenBLAS competes with) it is several times faster.
    """
    global _CONTROLLER
    if _CONTROLLER is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
            _CONTROLLER = False
        else:
            _CONTROLLER = ThreadpoolController()  # finds the BLAS libraries once
    if _CONTROLLER is False:
        return nullcontext()
    return _CONTROLLER.limit(limits=1, user_api="blas")


def blas_threads_controllable() -> bool:
    """Whether :func:`one_blas_thread` can limit the BLAS threads (threadpoolctl installed)."""
    one_blas_thread()  # looks the libraries up once
    return _CONTROLLER is not False


def _inverse_iteration(gram: np.ndarray, value: float, steps: int = 2) -> np.ndarray | None:
    """Unit eigenvector of ``gram`` for the (accurately known) eigenvalue ``value``, or None.

    Solving (G - value I) y = v amplifies the wanted direction by 1/|error of value| against
    1/gap for the others, so two solves reach round-off (the residual is checked). None when the residual stays
    above round-off (a repeated eigenvalue: the direction is not unique).
    """
    n = gram.shape[0]
    shifted = gram - value * np.eye(n)
    y = np.full(n, 1.0 / np.sqrt(n))
    y[::2] *= -1.0  # not orthogonal to the wanted vector for any real network
    scale = max(float(np.abs(gram).max()), np.finfo(float).tiny)
    with np.errstate(all="ignore"):
        for _ in range(steps):
            try:
                y = np.linalg.solve(shifted, y)
            except np.linalg.LinAlgError:  # exactly singular: the shift is exact
                return None
            norm = float(np.linalg.norm(y))
            if not np.isfinite(norm) or norm == 0.0:
                return None
            y /= norm
    residual = float(np.abs(gram @ y - value * y).max())
    return y if residual <= 1e3 * n * np.finfo(float).eps * scale else None


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
