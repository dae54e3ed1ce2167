"""Entropy weights, TOPSIS, weighted sum and obstacle degree: by hand, against pymcdm, invariances.

The hand example is 4 alternatives x 3 criteria (two benefit, one cost) chosen so that the
min-max scaled matrix is made of simple fractions; every intermediate step is written out.
Laid out by hand (``fmt: off``) so that the fraction tables keep one matrix row per line.
"""
# fmt: off

from __future__ import annotations

import numpy as np
import pytest
from conftest import require_module
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from yindi.errors import InputError
from yindi.measures.mcda import (
    entropy_weights,
    minmax_normalise,
    obstacle_degree,
    topsis,
    weighted_sum,
)

# --- the hand example ---------------------------------------------------------------------------
# c1 benefit: min 2, max 8, span 6  -> (x - 2)/6
# c2 benefit: min 10, max 50, span 40 -> (x - 10)/40
# c3 cost:    min 3, max 9, span 6  -> (9 - x)/6
X = np.array([
    [2.0, 30.0, 5.0],
    [4.0, 10.0, 3.0],
    [8.0, 20.0, 9.0],
    [6.0, 50.0, 8.0],
])
BENEFIT = np.array([True, True, False])
Z = np.array([
    [0 / 6, 20 / 40, 4 / 6],
    [2 / 6,  0 / 40, 6 / 6],
    [6 / 6, 10 / 40, 0 / 6],
    [4 / 6, 40 / 40, 1 / 6],
])

# Entropy weights with the default shift s = 1e-4: z' = z + s; the column sums of z are
# 0 + 1/3 + 1 + 2/3 = 2, 1/2 + 0 + 1/4 + 1 = 7/4 and 2/3 + 1 + 0 + 1/6 = 11/6, so
# p_ij = (z_ij + s) / (column sum + 4 s).
S = 1e-4
P = np.array([
    [(0 + S) / (2 + 4 * S), (1 / 2 + S) / (7 / 4 + 4 * S), (2 / 3 + S) / (11 / 6 + 4 * S)],
    [(1 / 3 + S) / (2 + 4 * S), (0 + S) / (7 / 4 + 4 * S), (1 + S) / (11 / 6 + 4 * S)],
    [(1 + S) / (2 + 4 * S), (1 / 4 + S) / (7 / 4 + 4 * S), (0 + S) / (11 / 6 + 4 * S)],
    [(2 / 3 + S) / (2 + 4 * S), (1 + S) / (7 / 4 + 4 * S), (1 / 6 + S) / (11 / 6 + 4 * S)],
])
# e_j = -(1 / ln 4) sum_i p_ij ln p_ij  (n = 4 alternatives), d_j = 1 - e_j, w_j = d_j / sum d.
E = np.array([-sum(P[i, j] * np.log(P[i, j]) for i in range(4)) / np.log(4) for j in range(3)])
D = 1 - E
W_ENTROPY = D / D.sum()

# With shift 0 the zeros stay zeros and 0 ln 0 = 0: p = z / (2, 7/4, 11/6).
E0 = np.array([
    -(1 / 6 * np.log(1 / 6) + 1 / 2 * np.log(1 / 2) + 1 / 3 * np.log(1 / 3)) / np.log(4),
    -(2 / 7 * np.log(2 / 7) + 1 / 7 * np.log(1 / 7) + 4 / 7 * np.log(4 / 7)) / np.log(4),
    -(4 / 11 * np.log(4 / 11) + 6 / 11 * np.log(6 / 11) + 1 / 11 * np.log(1 / 11)) / np.log(4),
])
W_ENTROPY0 = (1 - E0) / (1 - E0).sum()

# TOPSIS with simple weights w = (1/2, 1/4, 1/4): v = w z.
W = np.array([1 / 2, 1 / 4, 1 / 4])
V = np.array([
    [0,     1 / 8,  1 / 6],
    [1 / 6, 0,      1 / 4],
    [1 / 2, 1 / 16, 0],
    [1 / 3, 1 / 4,  1 / 24],
])
V_BEST = np.array([1 / 2, 1 / 4, 1 / 4])  # column max = w (each z column reaches 1)
V_WORST = np.array([0.0, 0.0, 0.0])       # column min = 0 (each z column reaches 0)
D_PLUS = np.sqrt([
    (1 / 2) ** 2 + (1 / 8) ** 2 + (1 / 12) ** 2,
    (1 / 3) ** 2 + (1 / 4) ** 2 + 0,
    0 + (3 / 16) ** 2 + (1 / 4) ** 2,
    (1 / 6) ** 2 + 0 + (5 / 24) ** 2,
])
D_MINUS = np.sqrt([
    0 + (1 / 8) ** 2 + (1 / 6) ** 2,
    (1 / 6) ** 2 + 0 + (1 / 4) ** 2,
    (1 / 2) ** 2 + (1 / 16) ** 2 + 0,
    (1 / 3) ** 2 + (1 / 4) ** 2 + (1 / 24) ** 2,
])
CLOSENESS = D_MINUS / (D_PLUS + D_MINUS)
# weighted sum z @ w: 0 + 1/8 + 1/6, 1/6 + 0 + 1/4, 1/2 + 1/16 + 0, 1/3 + 1/4 + 1/24
SCORE = np.array([7 / 24, 5 / 12, 9 / 16, 5 / 8])
# obstacle degree: w (1 - z) per row, divided by its row sum
#   A1: (1/2, 1/8, 1/12),  sum 17/24   A2: (1/3, 1/4, 0),     sum 7/12
#   A3: (0, 3/16, 1/4),    sum 7/16    A4: (1/6, 0, 5/24),    sum 9/24
OBSTACLE = np.array([
    [12 / 17, 3 / 17, 2 / 17],
    [4 / 7,   3 / 7,  0],
    [0,       3 / 7,  4 / 7],
    [4 / 9,   0,      5 / 9],
])


def test_minmax_by_hand(tol):
    np.testing.assert_allclose(minmax_normalise(X, BENEFIT), Z, rtol=0, atol=tol.hand)


def test_entropy_weights_by_hand(tol):
    w = entropy_weights(X, BENEFIT)
    np.testing.assert_allclose(w, W_ENTROPY, rtol=0, atol=tol.hand)
    assert w.sum() == pytest.approx(1.0, abs=tol.hand)
    # c3's scaled values (2/3, 1, 0, 1/6) are the most uneven (lowest entropy): most weight
    assert np.argmin(E) == 2 and np.argmax(w) == 2


def test_entropy_weights_without_shift_take_0_ln_0_as_0(tol):
    np.testing.assert_allclose(entropy_weights(X, BENEFIT, shift=0.0), W_ENTROPY0, rtol=0,
                               atol=tol.hand)


def test_topsis_by_hand(tol):
    np.testing.assert_allclose(W * Z, V, rtol=0, atol=tol.hand)  # the table above is w z
    np.testing.assert_allclose(V.max(axis=0), V_BEST, rtol=0, atol=tol.hand)
    np.testing.assert_allclose(V.min(axis=0), V_WORST, rtol=0, atol=tol.hand)
    np.testing.assert_allclose(topsis(X, W, BENEFIT), CLOSENESS, rtol=0, atol=tol.hand)


def test_topsis_does_not_depend_on_the_scale_of_the_weights(tol):
    np.testing.assert_allclose(topsis(X, 8 * W, BENEFIT), CLOSENESS, rtol=0, atol=tol.hand)


def test_weighted_sum_by_hand(tol):
    np.testing.assert_allclose(weighted_sum(X, W, BENEFIT), SCORE, rtol=0, atol=tol.hand)


def test_obstacle_degree_by_hand(tol):
    o = obstacle_degree(X, W, BENEFIT)
    np.testing.assert_allclose(o, OBSTACLE, rtol=0, atol=tol.hand)
    np.testing.assert_allclose(o.sum(axis=1), 1.0, rtol=0, atol=tol.hand)


def test_obstacle_degree_of_an_ideal_row_is_zero(tol):
    # A5 is best on every criterion (c1 = 8, c2 = 50, cost c3 = 3): nothing holds it back.
    x = np.vstack([X, [8.0, 50.0, 3.0]])
    o = obstacle_degree(x, W, BENEFIT)
    np.testing.assert_array_equal(o[4], 0.0)
    np.testing.assert_allclose(o[:4].sum(axis=1), 1.0, rtol=0, atol=tol.hand)


# --- pymcdm ------------------------------------------------------------------------------------
# pymcdm's own entropy_weights use another convention (sum-normalised raw values, no benefit /
# cost direction, entropy 0 for a column with a zero), so only TOPSIS is cross-checked; the
# entropy weights are checked by hand above.
@pytest.mark.filterwarnings("ignore:Alternatives with indices:UserWarning")  # dominance notes
def test_pymcdm_type_convention_is_1_profit_minus_1_cost():
    methods = require_module("pymcdm.methods")
    normalizations = require_module("pymcdm.normalizations")
    body = methods.TOPSIS(normalization_function=normalizations.minmax_normalization)
    # row 0 has the most of c1 and the least of c2: ideal when c2 is a cost (-1)
    x = np.array([[3.0, 1.0], [2.0, 2.0], [1.0, 3.0]])
    pref = body(x, np.array([0.5, 0.5]), np.array([1, -1]))
    assert pref[0] == 1.0 and pref[2] == 0.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_topsis_matches_pymcdm(seed, tol):
    methods = require_module("pymcdm.methods")
    normalizations = require_module("pymcdm.normalizations")
    rng = np.random.default_rng(seed)
    x = rng.lognormal(mean=2.0, sigma=1.0, size=(60, 7))
    benefit = rng.random(7) < 0.7
    types = np.where(benefit, 1, -1)
    body = methods.TOPSIS(normalization_function=normalizations.minmax_normalization)
    for w in (rng.dirichlet(np.ones(7)), entropy_weights(x, benefit)):
        np.testing.assert_allclose(topsis(x, w, benefit), body(x, w, types), rtol=0,
                                   atol=tol.peer)


# --- bad input ---------------------------------------------------------------------------------
def test_constant_column_raises_naming_it():
    x = X.copy()
    x[:, 1] = 7.0
    for call in (lambda: minmax_normalise(x, BENEFIT), lambda: entropy_weights(x, BENEFIT),
                 lambda: topsis(x, W, BENEFIT), lambda: obstacle_degree(x, W, BENEFIT),
                 lambda: weighted_sum(x, W, BENEFIT)):
        with pytest.raises(InputError, match=r"column\(s\) 1 of x are constant"):
            call()


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_or_inf_raises_naming_the_cell(bad):
    x = X.copy()
    x[1, 2] = bad
    with pytest.raises(InputError, match=r"NaN or infinite value\(s\) at \(row 1, column 2\)"):
        entropy_weights(x, BENEFIT)
    with pytest.raises(InputError, match="missing data"):
        topsis(x, W, BENEFIT)


def test_integer_criterion_codes_are_refused():
    # pymcdm-style 1 / -1 codes would all become True if cast to bool
    with pytest.raises(InputError, match="benefit must be booleans"):
        entropy_weights(X, [1, 1, -1])


@pytest.mark.parametrize(
    ("weights", "message"),
    [([0.5, 0.5], "one entry per criterion"), ([0.5, -0.1, 0.6], "non-negative"),
     ([0.0, 0.0, 0.0], "not all zero"), ([0.5, np.nan, 0.5], "finite")],
)
def test_bad_weights_raise(weights, message):
    with pytest.raises(InputError, match=message):
        topsis(X, weights, BENEFIT)


def test_bad_shape_and_shift_raise():
    with pytest.raises(InputError, match="one entry per criterion"):
        minmax_normalise(X, [True, False])
    with pytest.raises(InputError, match="2-D matrix"):
        minmax_normalise(X[0], BENEFIT)
    with pytest.raises(InputError, match="shift must be finite and >= 0"):
        entropy_weights(X, BENEFIT, shift=-1.0)


# --- invariances --------------------------------------------------------------------------------
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """A decision matrix of integers 0..1000 (well-conditioned spans) without constant columns."""
    n = draw(st.integers(3, 12))
    m = draw(st.integers(2, 5))
    x = draw(arrays(np.float64, (n, m), elements=st.integers(0, 1000).map(float)))
    assume(bool((np.ptp(x, axis=0) > 0).all()))
    benefit = np.array(draw(st.lists(st.booleans(), min_size=m, max_size=m)))
    return x, benefit


def _all_results(x: np.ndarray, benefit: np.ndarray) -> tuple[np.ndarray, ...]:
    w = entropy_weights(x, benefit)
    return w, topsis(x, w, benefit), obstacle_degree(x, w, benefit), weighted_sum(x, w, benefit)


@PROPERTY
@given(problem=problems(), data=st.data())
def test_scaling_a_benefit_column_changes_nothing(problem, data, tol):
    x, benefit = problem
    j = data.draw(st.integers(0, x.shape[1] - 1), label="column")
    c = data.draw(st.floats(0.01, 100.0), label="factor")
    benefit = benefit.copy()
    benefit[j] = True
    scaled = x.copy()
    scaled[:, j] *= c
    for before, after in zip(_all_results(x, benefit), _all_results(scaled, benefit), strict=True):
        np.testing.assert_allclose(after, before, rtol=0, atol=tol.peer)


@PROPERTY
@given(problem=problems(), data=st.data())
def test_permuting_alternatives_permutes_results(problem, data, tol):
    x, benefit = problem
    order = np.array(data.draw(st.permutations(range(x.shape[0])), label="order"))
    w, closeness, obstacle, score = _all_results(x, benefit)
    w_p, closeness_p, obstacle_p, score_p = _all_results(x[order], benefit)
    np.testing.assert_allclose(w_p, w, rtol=0, atol=tol.peer)
    np.testing.assert_allclose(closeness_p, closeness[order], rtol=0, atol=tol.peer)
    np.testing.assert_allclose(obstacle_p, obstacle[order], rtol=0, atol=tol.peer)
    np.testing.assert_allclose(score_p, score[order], rtol=0, atol=tol.peer)


@PROPERTY
@given(problem=problems())
def test_ranges(problem, tol):
    x, benefit = problem
    w, closeness, obstacle, _ = _all_results(x, benefit)
    assert (w >= 0).all() and abs(w.sum() - 1) <= tol.hand
    assert ((closeness >= 0) & (closeness <= 1)).all()
    row_sums = obstacle.sum(axis=1)
    assert np.all((np.abs(row_sums - 1) <= tol.hand) | (row_sums == 0))
