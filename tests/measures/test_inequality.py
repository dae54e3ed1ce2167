"""Dagum (1997) Gini decomposition and Theil decomposition: by hand, identities, edge cases.

Hand examples use two groups of two units so every pair sum fits in a comment; the expected
values are the fractions (or logarithms) they give. Independent checks use brute-force pair
loops over the definitions, not the kernels' sorted prefix sums.
"""
# fmt: off

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from yindi.errors import InputError
from yindi.measures.inequality import dagum_gini, theil_decomposition

# --- Dagum by hand ------------------------------------------------------------------------------
# A = (1, 3), mean 2; B = (2, 6), mean 4; n = 4, overall mean 3. B is the richer group (j = B).
Y = np.array([1.0, 3.0, 2.0, 6.0])
G = np.array(["A", "A", "B", "B"])
# unordered pairs |diff|: |1-3| = 2, |1-2| = 1, |1-6| = 5, |3-2| = 1, |3-6| = 3, |2-6| = 4 -> 16;
# over ordered pairs 32, so G = 32 / (2 * 4^2 * 3) = 1/3.
G_TOTAL = 32 / (2 * 4**2 * 3)
# G_AA = (2 * |1-3|) / (2 * 2^2 * 2) = 4/16;  G_BB = (2 * |2-6|) / (2 * 2^2 * 4) = 8/32
G_AA, G_BB = 4 / 16, 8 / 32
# between pairs |a - b|: |1-2| = 1, |1-6| = 5, |3-2| = 1, |3-6| = 3 -> 10;
# G_AB = 10 / (2 * 2 * (2 + 4)) = 10/24
G_AB = 10 / (2 * 2 * (2 + 4))
P_A, P_B = 2 / 4, 2 / 4                     # p_j = n_j / n
S_A, S_B = 2 * 2 / (4 * 3), 2 * 4 / (4 * 3)  # s_j = n_j mean_j / (n mean) = 1/3, 2/3
G_W = G_AA * P_A * S_A + G_BB * P_B * S_B    # 1/24 + 2/24 = 1/8
# d_BA = mean of max(b - a, 0): (2-1) + 0 + (6-1) + (6-3) = 9 over 4 pairs -> 9/4
# p_BA = mean of max(a - b, 0): (3-2) = 1 over 4 pairs -> 1/4
D_BA = (9 / 4 - 1 / 4) / (9 / 4 + 1 / 4)      # 4/5
G_NB = G_AB * (P_B * S_A + P_A * S_B) * D_BA          # 5/24 * 1/2 * ... = 5/24 * 4/5 = 1/6
G_T = G_AB * (P_B * S_A + P_A * S_B) * (1 - D_BA)     # 5/24 * 1/5 = 1/24


def _gini_brute(y: np.ndarray) -> float:
    """Mean absolute difference over all ordered pairs / (2 mean), by a double loop."""
    n = y.size
    mad = sum(abs(a - b) for a in y for b in y) / n**2
    return float(mad / (2 * y.mean()))


def test_dagum_by_hand(tol):
    r = dagum_gini(Y, G)
    assert r.labels == ("A", "B")
    assert abs(r.total - G_TOTAL) <= tol.hand and abs(G_TOTAL - 1 / 3) <= tol.hand
    assert abs(r.within - G_W) <= tol.hand and abs(G_W - 1 / 8) <= tol.hand
    assert abs(r.net_between - G_NB) <= tol.hand and abs(G_NB - 1 / 6) <= tol.hand
    assert abs(r.transvariation - G_T) <= tol.hand and abs(G_T - 1 / 24) <= tol.hand
    np.testing.assert_allclose(r.within_gini, [G_AA, G_BB], rtol=0, atol=tol.hand)
    np.testing.assert_allclose(r.between_gini, [[G_AA, G_AB], [G_AB, G_BB]], rtol=0, atol=tol.hand)
    np.testing.assert_allclose(r.relative_affluence, [[0, D_BA], [D_BA, 0]], rtol=0, atol=tol.hand)
    np.testing.assert_allclose(r.population_shares, [P_A, P_B], rtol=0, atol=tol.hand)
    np.testing.assert_allclose(r.value_shares, [S_A, S_B], rtol=0, atol=tol.hand)
    np.testing.assert_allclose(r.group_means, [2, 4], rtol=0, atol=tol.hand)
    # contribution shares: 3/8, 1/2, 1/8
    assert abs(r.within_share - 3 / 8) <= tol.hand
    assert abs(r.net_between_share - 1 / 2) <= tol.hand
    assert abs(r.transvariation_share - 1 / 8) <= tol.hand


def test_dagum_labels_do_not_depend_on_which_group_is_richer(tol):
    # same data, the richer group now sorts first: D is still the richer-over-poorer affluence
    r = dagum_gini(Y, np.array(["b", "b", "a", "a"]))
    assert r.labels == ("a", "b")
    np.testing.assert_allclose(r.group_means, [4, 2], rtol=0, atol=tol.hand)
    assert abs(r.relative_affluence[0, 1] - D_BA) <= tol.hand
    assert abs(r.net_between - G_NB) <= tol.hand and abs(r.transvariation - G_T) <= tol.hand


def test_dagum_without_overlap_has_no_transvariation(tol):
    # every B value exceeds every A value: p_BA = 0, D = 1, the whole between part is net
    r = dagum_gini([1.0, 2.0, 5.0, 7.0], [0, 0, 1, 1])
    assert abs(r.relative_affluence[0, 1] - 1) <= tol.hand
    assert abs(r.transvariation) <= tol.hand


def test_dagum_equal_means_is_all_transvariation(tol):
    r = dagum_gini([1.0, 3.0, 0.0, 4.0], ["x", "x", "y", "y"])
    assert abs(r.net_between) <= tol.hand
    assert abs(r.within + r.transvariation - r.total) <= tol.hand


def test_dagum_equal_values_is_zero():
    r = dagum_gini([2.0, 2.0, 2.0, 2.0], ["x", "y", "x", "y"])
    assert r.total == 0 and r.within == 0 and r.net_between == 0 and r.transvariation == 0
    np.testing.assert_array_equal(r.relative_affluence, 0.0)  # 0/0 pairs: no gap, D = 0
    assert np.isnan(r.within_share)


def test_dagum_result_is_read_only():
    r = dagum_gini(Y, G)
    with pytest.raises(ValueError, match="read-only"):
        r.between_gini[0, 0] = 1.0


PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@st.composite
def grouped_values(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 25))
    y = np.array(draw(st.lists(st.floats(0.0, 1000.0, allow_subnormal=False), min_size=n, max_size=n)))
    groups = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    assume(all(y[groups == g].sum() > 0 for g in np.unique(groups)))
    return y, groups


@PROPERTY
@given(data=grouped_values())
def test_dagum_components_add_up_to_the_ordinary_gini(data, tol):
    y, groups = data
    r = dagum_gini(y, groups)
    assert abs(r.within + r.net_between + r.transvariation - r.total) <= tol.peer
    assert abs(r.total - _gini_brute(y)) <= tol.peer
    for j, g in enumerate(r.labels):
        assert abs(r.within_gini[j] - _gini_brute(y[groups == g])) <= tol.peer
    assert (r.relative_affluence >= -tol.peer).all() and (r.relative_affluence <= 1 + tol.peer).all()
    assert min(r.within, r.net_between, r.transvariation) >= -tol.peer


@PROPERTY
@given(data=grouped_values())
def test_dagum_pair_terms_match_a_double_loop(data, tol):
    y, groups = data
    r = dagum_gini(y, groups)
    for j, gj in enumerate(r.labels):
        for h, gh in enumerate(r.labels):
            a, b = y[groups == gj], y[groups == gh]
            pair_abs = sum(abs(u - v) for u in a for v in b)
            # on the diagonal this is G_jj = sum / (2 n_j^2 mean_j): mean_j + mean_j = 2 mean_j
            expected = pair_abs / (a.size * b.size * (a.mean() + b.mean()))
            assert abs(r.between_gini[j, h] - expected) <= tol.peer


def test_dagum_bad_input():
    with pytest.raises(InputError, match="finite and >= 0"):
        dagum_gini([1.0, np.nan, 2.0], [0, 0, 1])
    with pytest.raises(InputError, match="finite and >= 0"):
        dagum_gini([1.0, -1.0, 2.0], [0, 0, 1])
    with pytest.raises(InputError, match="one label per value"):
        dagum_gini([1.0, 2.0, 3.0], [0, 1])
    with pytest.raises(InputError, match=r"group\(s\) \['z'\] have a zero mean"):
        dagum_gini([1.0, 2.0, 0.0], ["a", "a", "z"])


# --- Theil by hand --------------------------------------------------------------------------------
# Unweighted, same A = (1, 3), B = (2, 6); mean 3, T = (1/n) sum (y/mean) ln(y/mean).
T_TOTAL = (1 / 3 * np.log(1 / 3) + 1 * np.log(1) + 2 / 3 * np.log(2 / 3) + 2 * np.log(2)) / 4
# value shares Y_A/Y = 4/12, Y_B/Y = 8/12; unit shares 1/2 each.
# T_A = 1/2 [(1/2) ln(1/2) + (3/2) ln(3/2)]; B = 2 A so T_B = T_A.
T_A = (1 / 2 * np.log(1 / 2) + 3 / 2 * np.log(3 / 2)) / 2
T_WITHIN = 1 / 3 * T_A + 2 / 3 * T_A
T_BETWEEN = 1 / 3 * np.log((1 / 3) / (1 / 2)) + 2 / 3 * np.log((2 / 3) / (1 / 2))

# Weighted: per-capita y = (2, 4, 1), population w = (1, 1, 2), groups (a, a, b).
# Totals Y_i = (2, 4, 2), Y = 8, P = 4: T = sum (Y_i/Y) ln((Y_i/Y)/(w_i/P))
#   = 1/4 ln 1 + 1/2 ln 2 + 1/4 ln(1/2) = (1/4) ln 2.
TW_TOTAL = np.log(2) / 4
# group a: Y_a/Y = 6/8, P_a/P = 2/4; group b: 2/8, 2/4.
TW_BETWEEN = 3 / 4 * np.log((3 / 4) / (1 / 2)) + 1 / 4 * np.log((1 / 4) / (1 / 2))
# T_a = (2/6) ln((2/6)/(1/2)) + (4/6) ln((4/6)/(1/2)); T_b = 0 (one unit)
TW_A = 1 / 3 * np.log(2 / 3) + 2 / 3 * np.log(4 / 3)
TW_WITHIN = 3 / 4 * TW_A


def test_theil_by_hand(tol):
    r = theil_decomposition(Y, G)
    assert r.labels == ("A", "B")
    assert abs(r.total - T_TOTAL) <= tol.hand
    assert abs(r.within - T_WITHIN) <= tol.hand
    assert abs(r.between - T_BETWEEN) <= tol.hand
    assert abs(T_WITHIN + T_BETWEEN - T_TOTAL) <= tol.hand  # the hand numbers add up too
    np.testing.assert_allclose(r.group_theil, [T_A, T_A], rtol=0, atol=tol.hand)
    np.testing.assert_allclose(r.value_shares, [1 / 3, 2 / 3], rtol=0, atol=tol.hand)
    np.testing.assert_allclose(r.population_shares, [1 / 2, 1 / 2], rtol=0, atol=tol.hand)


def test_weighted_theil_by_hand(tol):
    r = theil_decomposition([2.0, 4.0, 1.0], ["a", "a", "b"], weights=[1.0, 1.0, 2.0])
    assert abs(r.total - TW_TOTAL) <= tol.hand
    assert abs(r.between - TW_BETWEEN) <= tol.hand
    assert abs(r.within - TW_WITHIN) <= tol.hand
    np.testing.assert_allclose(r.group_theil, [TW_A, 0.0], rtol=0, atol=tol.hand)
    np.testing.assert_allclose(r.population_shares, [1 / 2, 1 / 2], rtol=0, atol=tol.hand)


def test_theil_equal_values_is_zero():
    r = theil_decomposition([5.0, 5.0, 5.0, 5.0], [0, 1, 0, 2], weights=[1.0, 3.0, 2.0, 7.0])
    assert r.total == 0 and r.within == 0 and r.between == 0


def test_theil_one_group_has_no_between(tol):
    y = np.array([1.0, 3.0, 2.0, 6.0])
    r = theil_decomposition(y, ["all"] * 4)
    assert abs(r.between) <= tol.hand
    assert abs(r.within - r.total) <= tol.hand and abs(r.total - T_TOTAL) <= tol.hand


def test_theil_zero_value_counts_as_0_ln_0(tol):
    # y = (0, 2): mean 1, T = 1/2 [0 + 2 ln 2] = ln 2
    r = theil_decomposition([0.0, 2.0], ["a", "a"])
    assert abs(r.total - np.log(2)) <= tol.hand


@PROPERTY
@given(data=grouped_values(), raw_w=st.lists(st.integers(1, 5), min_size=25, max_size=25))
def test_theil_within_plus_between_is_total(data, raw_w, tol):
    y, groups = data
    for w in (None, np.array(raw_w[: y.size], dtype=float)):
        r = theil_decomposition(y, groups, weights=w)
        assert abs(r.within + r.between - r.total) <= tol.peer
        assert min(r.within, r.between) >= -tol.peer


@PROPERTY
@given(data=grouped_values(), raw_w=st.lists(st.integers(1, 4), min_size=25, max_size=25))
def test_integer_weights_equal_repeating_units(data, raw_w, tol):
    y, groups = data
    w = np.array(raw_w[: y.size])
    weighted = theil_decomposition(y, groups, weights=w.astype(float))
    repeated = theil_decomposition(np.repeat(y, w), np.repeat(groups, w))
    assert abs(weighted.total - repeated.total) <= tol.peer
    assert abs(weighted.within - repeated.within) <= tol.peer
    assert abs(weighted.between - repeated.between) <= tol.peer


def test_theil_bad_input():
    with pytest.raises(InputError, match="weights must be finite and > 0"):
        theil_decomposition([1.0, 2.0], [0, 1], weights=[1.0, 0.0])
    with pytest.raises(InputError, match="one entry per value"):
        theil_decomposition([1.0, 2.0], [0, 1], weights=[1.0])
    with pytest.raises(InputError, match="finite and >= 0"):
        theil_decomposition([1.0, np.inf], [0, 1])
