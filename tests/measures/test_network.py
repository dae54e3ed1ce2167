"""Proximity backbone (maximum spanning tree + strongest extra links) against brute force.

References written here, independent of the kernel (which runs scipy's minimum_spanning_tree
on the edges' rank order):

- every spanning tree of the complete graph on n <= 6 nodes enumerated (all (n - 1)-edge
  subsets that connect the nodes), the heaviest kept: with distinct random weights the maximum
  spanning tree is unique, so the kernel's tree must be exactly it;
- a plain Kruskal written below (sort by weight descending, ties by (i, j), union-find as a
  label array) for matrices with many ties and zeros;
- a 4-node case solved by hand.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from yindi.errors import InputError
from yindi.measures import proximity_backbone


def _random_symmetric(seed: int, n: int, *, levels: int | None = None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.random((n, n)) if levels is None else rng.integers(0, levels, (n, n)) / (levels - 1)
    a = np.triu(a, 1)
    return a + a.T


def _connects(n: int, edges: tuple[tuple[int, int], ...]) -> bool:
    reached, frontier = {0}, [0]
    while frontier:
        v = frontier.pop()
        for i, j in edges:
            for a, b in ((i, j), (j, i)):
                if a == v and b not in reached:
                    reached.add(b)
                    frontier.append(b)
    return len(reached) == n


def _brute_force_max_tree(w: np.ndarray) -> set[tuple[int, int]]:
    n = w.shape[0]
    pairs = list(combinations(range(n), 2))
    trees = [t for t in combinations(pairs, n - 1) if _connects(n, t)]
    assert len(trees) == n ** (n - 2)  # Cayley: the enumeration found every spanning tree
    best = max(trees, key=lambda t: sum(w[i, j] for i, j in t))
    return set(best)


def _kruskal_max(w: np.ndarray) -> set[tuple[int, int]]:
    n = w.shape[0]
    pairs = sorted(combinations(range(n), 2), key=lambda p: (-w[p], p[0], p[1]))
    label = list(range(n))
    tree = set()
    for i, j in pairs:
        if label[i] != label[j]:
            old, new = label[j], label[i]
            label = [new if x == old else x for x in label]
            tree.add((i, j))
    return tree


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_tree_is_the_brute_force_maximum_spanning_tree(seed: int, n: int) -> None:
    w = _random_symmetric(seed, n)
    b = proximity_backbone(w, extra_edges=0)
    got = set(zip(b.source.tolist(), b.target.tolist(), strict=True))
    assert got == _brute_force_max_tree(w)
    assert b.tree.all() and len(got) == n - 1
    np.testing.assert_array_equal(b.weight, w[b.source, b.target])


@pytest.mark.parametrize("seed", range(20))
def test_ties_and_extra_edges_follow_kruskal_with_ij_order(seed: int) -> None:
    # Values in {0, 1/3, 2/3, 1}: many ties, zeros (still spanned) and ones (still edges).
    n, extra = 9, 7
    w = _random_symmetric(seed, n, levels=4)
    b = proximity_backbone(w, extra_edges=extra)
    tree = _kruskal_max(w)
    rest = sorted(
        (p for p in combinations(range(n), 2) if p not in tree),
        key=lambda p: (-w[p], p[0], p[1]),
    )
    expected = sorted(tree | set(rest[:extra]))
    assert list(zip(b.source.tolist(), b.target.tolist(), strict=True)) == expected
    assert {p for p, t in zip(expected, b.tree, strict=True) if t} == tree


def test_four_nodes_by_hand() -> None:
    #        a     b     c     d
    # a      -   0.9   0.2   0.4
    # b    0.9     -   0.7   0.4
    # c    0.2   0.7     -   0.4
    # d    0.4   0.4   0.4     -
    # Kruskal by hand: a-b 0.9 (take), b-c 0.7 (take), then the three 0.4 ties in (i, j)
    # order: a-d (take: d joins), b-d and c-d (would close cycles). Extra link: the strongest
    # left is b-d 0.4 (before c-d by order), then c-d 0.4, then a-c 0.2.
    phi = np.array(
        [
            [0.0, 0.9, 0.2, 0.4],
            [0.9, 0.0, 0.7, 0.4],
            [0.2, 0.7, 0.0, 0.4],
            [0.4, 0.4, 0.4, 0.0],
        ]
    )
    b = proximity_backbone(phi, ["a", "b", "c", "d"], extra_edges=1)
    assert b.labels == ("a", "b", "c", "d")
    assert b.edges() == ((0, 1, 0.9), (0, 3, 0.4), (1, 2, 0.7), (1, 3, 0.4))
    assert b.tree.tolist() == [True, True, True, False]
    # More extra links than the graph has: every pair, once.
    assert len(proximity_backbone(phi, extra_edges=100).edges()) == 6


def test_asymmetric_input_is_symmetrised_and_clipped() -> None:
    # (phi + phi') / 2: a-b (0.2 + 1.0) / 2 = 0.6, a-c (0.5 + 0.5) / 2 = 0.5, b-c 1.6 -> 1.
    phi = np.array([[0.0, 0.2, 0.5], [1.0, 0.0, 1.6], [0.5, 1.6, 0.0]])
    b = proximity_backbone(phi, extra_edges=0)
    assert b.edges() == ((0, 1, 0.6), (1, 2, 1.0))


def test_missing_and_bad_input_are_refused() -> None:
    phi = np.array([[0.0, np.nan], [np.nan, 0.0]])
    with pytest.raises(InputError, match="missing proximity between 'x' and 'y'"):
        proximity_backbone(phi, ["x", "y"])
    with pytest.raises(InputError, match="square"):
        proximity_backbone(np.zeros((2, 3)))
    with pytest.raises(InputError, match="labels"):
        proximity_backbone(np.zeros((2, 2)), ["x"])
    with pytest.raises(InputError, match="extra_edges"):
        proximity_backbone(np.zeros((2, 2)), extra_edges=-1)
    one = proximity_backbone(np.zeros((1, 1)))
    assert one.edges() == () and one.labels == ("0",)
