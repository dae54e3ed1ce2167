"""Backbone of a proximity network: maximum spanning tree plus the strongest extra links.

Hidalgo, Klinger, Barabási and Hausmann (2007, *Science* 317: 482-487) draw the product space
as the maximum spanning tree of the proximity matrix (every product connected through its
strongest possible links, ``n - 1`` edges) plus the strongest remaining links above a
threshold. :func:`proximity_backbone` does the same with a fixed number of extra links
instead of a threshold, so a small network (41 sectors) and a large one get a readable
drawing alike.

Determinism: edges are put in one strict total order — proximity descending, then ``i``, then
``j`` (the row and column of the upper triangle, ``i < j``) — and both the tree and the extra
links follow it. The tree is :func:`scipy.sparse.csgraph.minimum_spanning_tree` of the edges'
*positions* in that order (1 = strongest). Positions are distinct and positive, so the
minimum spanning tree is unique and equals Kruskal's algorithm on ``1 - phi`` with ties
broken by ``(i, j)``; using positions instead of ``1 - phi`` itself also keeps links with
``phi = 1`` (``1 - phi = 0`` would read as "no edge" to scipy) and with ``phi = 0`` (the tree
always spans all nodes, as in Kruskal over the complete graph).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from yindi.errors import InputError

__all__ = ["Backbone", "proximity_backbone"]


@dataclass(frozen=True)
class Backbone:
    """Edge list of a proximity backbone, sorted by ``(source, target)`` with ``source < target``.

    Attributes
    ----------
    labels : tuple of str
        Node labels, in the order of the matrix rows (``source``/``target`` index them).
    source, target : ndarray of int
        The two ends of each edge.
    weight : ndarray of float
        The edge's proximity (after symmetrising and clipping, see :func:`proximity_backbone`).
    tree : ndarray of bool
        True for the ``n - 1`` edges of the maximum spanning tree, False for the extra links.
    """

    labels: tuple[str, ...]
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    tree: np.ndarray

    def edges(self) -> tuple[tuple[int, int, float], ...]:
        """The edges as ``(source, target, weight)`` tuples, in the stored order."""
        return tuple(
            (int(i), int(j), float(w))
            for i, j, w in zip(self.source, self.target, self.weight, strict=True)
        )


def proximity_backbone(
    phi: np.ndarray,
    labels: Sequence[str] | None = None,
    *,
    extra_edges: int = 20,
) -> Backbone:
    """Maximum spanning tree of a proximity matrix plus its ``extra_edges`` strongest other links.

    Parameters
    ----------
    phi : (n, n) array
        Proximity between nodes (activities). It is symmetrised as ``(phi + phi.T) / 2``,
        clipped to [0, 1] and its diagonal ignored. Missing values (NaN) are refused: a
        missing proximity is not a weak one, so the caller decides what it means.
    labels : sequence of str, optional
        Node names (default ``"0" ... "n-1"``).
    extra_edges : int
        Links kept beyond the tree: the strongest ones not in it (fewer when the complete
        graph has fewer).

    Returns
    -------
    Backbone
        ``n - 1 + min(extra_edges, n (n - 1) / 2 - (n - 1))`` edges for ``n >= 1`` nodes.

    Notes
    -----
    Ties are broken by ``(i, j)`` in both the tree and the extra links (module docstring),
    so the same matrix always gives the same backbone.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import minimum_spanning_tree

    a = np.asarray(phi, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise InputError(f"phi: need a square matrix, got shape {a.shape}")
    n = a.shape[0]
    names = tuple(str(k) for k in range(n)) if labels is None else tuple(str(x) for x in labels)
    if len(names) != n:
        raise InputError(f"labels: {len(names)} labels for a {n} x {n} matrix")
    if np.isnan(a).any():
        i, j = np.argwhere(np.isnan(a))[0]
        raise InputError(
            f"phi: missing proximity between {names[i]!r} and {names[j]!r}; fill it "
            "explicitly (0 = unrelated) before building the backbone"
        )
    if int(extra_edges) != extra_edges or extra_edges < 0:
        raise InputError(f"extra_edges={extra_edges!r}: need a whole number >= 0")
    w = np.clip((a + a.T) / 2.0, 0.0, 1.0)
    iu, ju = np.triu_indices(n, k=1)
    order = np.lexsort((ju, iu, -w[iu, ju]))  # strongest first, ties by (i, j)
    position = np.empty(order.size, dtype=float)
    position[order] = np.arange(1, order.size + 1, dtype=float)
    tree_pairs: set[tuple[int, int]] = set()
    if n > 1:
        mst = minimum_spanning_tree(coo_matrix((position, (iu, ju)), shape=(n, n)).tocsr())
        r, c = mst.nonzero()
        tree_pairs = {(int(min(x, y)), int(max(x, y))) for x, y in zip(r, c, strict=True)}
    chosen = set(tree_pairs)
    for k in order:
        if len(chosen) >= len(tree_pairs) + extra_edges:
            break
        chosen.add((int(iu[k]), int(ju[k])))
    pairs = sorted(chosen)
    src = np.array([p[0] for p in pairs], dtype=int)
    dst = np.array([p[1] for p in pairs], dtype=int)
    return Backbone(
        labels=names,
        source=src,
        target=dst,
        weight=w[src, dst] if pairs else np.zeros(0),
        tree=np.array([p in tree_pairs for p in pairs], dtype=bool),
    )
