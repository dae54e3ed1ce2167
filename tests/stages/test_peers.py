"""Regions like me (structural overlap) and sectors gained and lost, on hand-worked examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from yindi.measures.structure import structural_overlap
from yindi.stages.plan.peers import diversification_table, peers_table

# Output of three regions in three sectors; shares by hand:
#   A = [6, 3, 1] / 10 = [.6, .3, .1];  B = [2, 6, 2] / 10 = [.2, .6, .2];  C = [5, 4, 1] / 10
X = np.array([[6.0, 3.0, 1.0], [2.0, 6.0, 2.0], [5.0, 4.0, 1.0]])


def test_overlap_by_hand() -> None:
    # A-B: min(.6,.2) + min(.3,.6) + min(.1,.2) = .2 + .3 + .1 = .6
    # A-C: .5 + .3 + .1 = .9;  B-C: .2 + .4 + .1 = .7;  1 on the diagonal
    want = np.array([[1.0, 0.6, 0.9], [0.6, 1.0, 0.7], [0.9, 0.7, 1.0]])
    np.testing.assert_allclose(structural_overlap(X), want, atol=1e-12)
    # and 1 - Krugman's dissimilarity / 2: A-B |.4| + |.3| + |.1| = .8 -> 1 - .4 = .6
    assert structural_overlap(X)[0, 1] == pytest.approx(1 - 0.8 / 2)


def _long(x: np.ndarray, year: int) -> pd.DataFrame:
    regions, acts = ["A", "B", "C"], ["s1", "s2", "s3"]
    # RCA by its definition: (x_rp / x_r) / (x_p / x)
    rca = (x / x.sum(axis=1, keepdims=True)) / (x.sum(axis=0) / x.sum())
    rows = [
        (r, a, year, x[i, j], rca[i, j], int(rca[i, j] >= 1))
        for i, r in enumerate(regions)
        for j, a in enumerate(acts)
    ]
    return pd.DataFrame(rows, columns=["region", "activity", "year", "value", "rca", "mcp"])


def test_peers_ranked_with_shared_specialisations() -> None:
    peers = peers_table(_long(X, 2017), 2017, top=2)
    a = peers[peers["region"] == "A"]
    assert a["peer"].tolist() == ["C", "B"]
    np.testing.assert_allclose(a["overlap"], [0.9, 0.6])
    # RCA by hand: sector totals [13, 13, 4] of 30. A s1: .6 / (13/30) = 1.385; C s1: .5 /
    # .4333 = 1.154 -> both specialised in s1. B's RCA >= 1 only in s2 (1.385) and s3 (1.5),
    # where A has .692 and .75: nothing shared.
    assert a["shared"].tolist() == ["s1", ""]
    assert peers.groupby("region").size().tolist() == [2, 2, 2]


def test_gained_and_lost_between_the_years() -> None:
    # By 2017 B grows in s1 (2 -> 9) and A moves from s1 to s2.
    later = np.array([[2.0, 7.0, 1.0], [9.0, 6.0, 2.0], [5.0, 4.0, 1.0]])
    ra = pd.concat([_long(X, 2012), _long(later, 2017)])
    got = diversification_table(ra, 2017)
    # 2017 RCA by hand: sector totals [16, 17, 4] of 37.
    #   A s1: (2/10) / (16/37) = .4625 (was 1.385: lost); A s2: (7/10)/(17/37) = 1.524
    #   (was .692: gained). B s1: (9/17)/(16/37) = 1.224 (was .46: gained); B s2: (6/17)/
    #   (17/37) = .768 (was 1.385: lost). C s1: .5/(16/37) = 1.156 (stays); C s2: .4/.4595
    #   = .871 (stays below).
    pairs = set(zip(got["region"], got["activity"], got["change"], strict=True))
    assert pairs == {
        ("A", "s1", "lost"),
        ("A", "s2", "gained"),
        ("B", "s1", "gained"),
        ("B", "s2", "lost"),
    }
    a_s2 = got[(got["region"] == "A") & (got["activity"] == "s2")].iloc[0]
    assert a_s2["rca_to"] == pytest.approx(0.7 / (17 / 37))
    assert a_s2["share_to"] == pytest.approx(0.7)
    assert (got["from_year"] == 2012).all() and (got["to_year"] == 2017).all()


def test_one_year_has_no_history() -> None:
    assert diversification_table(_long(X, 2017), 2017).empty
