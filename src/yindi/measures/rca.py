"""Revealed advantage and presence: RCA (Balassa 1965), RPOP, and the binary matrix M_rp."""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
import scipy.sparse as sp

from yindi.errors import InputError

__all__ = [
    "combined_presence",
    "presence",
    "revealed_comparative_advantage",
    "revealed_per_capita_advantage",
]

Matrix: TypeAlias = Any  # numpy.ndarray or a scipy.sparse matrix/array


def _totals(values: Matrix) -> tuple[np.ndarray, np.ndarray, float]:
    rows = np.asarray(values.sum(axis=1), dtype=float).ravel()
    cols = np.asarray(values.sum(axis=0), dtype=float).ravel()
    if (rows <= 0).any() or (cols <= 0).any():
        raise InputError(
            "RCA needs every region and activity to have a positive total; drop all-zero lines "
            "first (Panel.matrix does this and lists them)"
        )
    return rows, cols, float(rows.sum())


def _scale(values: Matrix, row_factor: np.ndarray, col_factor: np.ndarray) -> Matrix:
    if sp.issparse(values):
        out = sp.diags(row_factor) @ sp.csr_matrix(values, dtype=float) @ sp.diags(col_factor)
        return sp.csr_matrix(out)
    return np.asarray(values, dtype=float) * row_factor[:, None] * col_factor[None, :]


def revealed_comparative_advantage(values: Matrix) -> Matrix:
    r"""Balassa's revealed comparative advantage.

    .. math:: RCA_{rp} = \frac{x_{rp} / \sum_{p'} x_{rp'}}{\sum_{r'} x_{r'p} / \sum_{r'p'} x_{r'p'}}

    Parameters
    ----------
    values : ndarray or scipy.sparse matrix, shape (regions, activities)
        Non-negative values (exports, output, employment) with no all-zero line.

    Returns
    -------
    Same kind as ``values`` (sparse CSR stays sparse), float64.

    References
    ----------
    Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage.
    """
    rows, cols, total = _totals(values)
    return _scale(values, 1.0 / rows, total / cols)


def revealed_per_capita_advantage(values: Matrix, population: np.ndarray) -> Matrix:
    r"""Revealed per-capita advantage (Bahar et al. 2014; Stata ``ecomplexity`` ``rpop``).

    .. math:: RPOP_{rp} = \frac{x_{rp} / pop_r}{\sum_{r'} x_{r'p} / \sum_{r'} pop_{r'}}
    """
    pop = np.asarray(population, dtype=float).ravel()
    if pop.shape[0] != values.shape[0] or not np.all(np.isfinite(pop)) or (pop <= 0).any():
        raise InputError(
            "RPOP needs one positive, finite population per region in the same order as the rows"
        )
    _, cols, _ = _totals(values)
    return _scale(values, 1.0 / pop, pop.sum() / cols)


def presence(advantage: Matrix, threshold: float = 1.0, *, strict: bool = True) -> np.ndarray:
    """Binary presence matrix M_rp from RCA (or RPOP) and a threshold.

    Parameters
    ----------
    advantage : ndarray or sparse matrix
        RCA or RPOP values.
    threshold : float, default 1.0
    strict : bool, default True
        ``True`` gives ``M = RCA > threshold`` (Stata ``ecomplexity``: ``M = (RCA :> rca)``);
        ``False`` gives ``M = RCA >= threshold`` (py-ecomplexity, economic-complexity).

    Returns
    -------
    ndarray of float64 (0.0 / 1.0), dense: every network measure downstream is dense.
    """
    dense = advantage.toarray() if sp.issparse(advantage) else np.asarray(advantage, dtype=float)
    hit = dense > threshold if strict else dense >= threshold
    return hit.astype(float)


def combined_presence(
    rca: Matrix,
    rpop: Matrix,
    rca_threshold: float = 1.0,
    rpop_threshold: float = 1.0,
    *,
    strict: bool = True,
) -> np.ndarray:
    r"""Presence where either RCA or RPOP passes its own threshold (Stata ``rca(#) rpop(#)``).

    .. math:: M_{rp} = [RCA_{rp} > t_{rca}] \lor [RPOP_{rp} > t_{rpop}]

    Stata ``ecomplexity`` given both ``rca(#)`` and ``rpop(#)`` builds ``M1 = RCA :> rca``,
    ``M2 = RPOP :> rpop`` and ``M = (M1 + M2) :> 0``. ``strict`` as in :func:`presence`.

    References
    ----------
    Bahar, D., Hausmann, R., & Hidalgo, C. A. (2014). Neighbors and the evolution of the
    comparative advantage of nations. Journal of International Economics 92, 111–123.
    """
    by_rca = presence(rca, rca_threshold, strict=strict)
    by_rpop = presence(rpop, rpop_threshold, strict=strict)
    return np.maximum(by_rca, by_rpop)
