"""Entropy and CRITIC weights, equal weights within groups, winsorising and log pre-transforms,
TOPSIS, weighted sum and obstacle degree: by hand, against pymcdm and scipy, invariances.

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
    critic_weights,
    entropy_weights,
    equal_weights_within,
    log_transform,
    minmax_normalise,
    obstacle_degree,
    topsis,
    weighted_sum,
    winsorise,
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
# cost direction, entropy 0 for a column with a zero): on raw values they differ. Fed the
# min-max scaled matrix plus the shift (computed here with plain numpy), their sum
# normalisation is our p_ij, so the weights must agree (test_entropy_weights_match_pymcdm...).
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


# --- CRITIC, equal weights within groups, pre-transforms -----------------------------------------
# CRITIC by hand on a 3 x 3 textbook-style example (Diakoulaki, Mavrotas and Papayannakis 1995:
# C_j = sigma_j sum_k (1 - r_jk) on the min-max scaled matrix, 1 = best):
#   c1 benefit (10, 20, 30) -> z1 = (0, 1/2, 1)
#   c2 benefit (5, 5, 8)    -> z2 = (0, 0, 1)
#   c3 cost    (2, 4, 6)    -> z3 = (1, 1/2, 0)   (raw c3 rises with c1; scaled it falls)
# deviations from the column means (1/2, 1/3, 1/2):
#   d1 = (-1/2, 0, 1/2), d2 = (-1/3, -1/3, 2/3), d3 = (1/2, 0, -1/2)
#   sum d1^2 = sum d3^2 = 1/2, sum d2^2 = 1/9 + 1/9 + 4/9 = 2/3
# sigma (ddof 1): sigma1 = sigma3 = sqrt(1/4) = 1/2, sigma2 = sqrt(1/3) = 1/sqrt(3)
# r12 = (1/6 + 0 + 1/3) / sqrt(1/2 * 2/3) = (1/2) / (1/sqrt 3) = sqrt(3)/2
# r13 = -1 (z3 = 1 - z1),  r23 = -sqrt(3)/2
# C1 = 1/2 ((1 - sqrt3/2) + (1 + 1))             = (3 - sqrt3/2) / 2
# C2 = 1/sqrt3 ((1 - sqrt3/2) + (1 + sqrt3/2))   = 2 / sqrt3
# C3 = 1/2 ((1 + 1) + (1 + sqrt3/2))             = (3 + sqrt3/2) / 2
# sum C = 3 + 2/sqrt3
X3 = np.array([
    [10.0, 5.0, 2.0],
    [20.0, 5.0, 4.0],
    [30.0, 8.0, 6.0],
])
BENEFIT3 = np.array([True, True, False])
R3 = np.sqrt(3.0)
C_CRITIC = np.array([(3 - R3 / 2) / 2, 2 / R3, (3 + R3 / 2) / 2])
W_CRITIC = C_CRITIC / (3 + 2 / R3)


def test_critic_weights_by_hand(tol):
    assert C_CRITIC.sum() == pytest.approx(3 + 2 / R3, abs=tol.hand)  # the sum above
    w = critic_weights(X3, BENEFIT3)
    np.testing.assert_allclose(w, W_CRITIC, rtol=0, atol=tol.hand)
    # c3 conflicts most with the others (r = -1 with c1): most weight, despite sigma1 = sigma3
    assert np.argmax(w) == 2


def test_critic_weights_turn_cost_criteria_round(tol):
    # Read as a benefit, c3 copies c1 (r13 = +1) and its weight drops: C3 = 1/2 (0 + 1 - sqrt3/2)
    c = np.array([(1 - R3 / 2 + 0) / 2, (2 - R3) / R3, (1 - R3 / 2) / 2])
    # C1 = 1/2 ((1 - sqrt3/2) + 0), C2 = 1/sqrt3 ((1 - sqrt3/2) * 2), C3 = 1/2 (0 + (1 - sqrt3/2))
    np.testing.assert_allclose(critic_weights(X3, np.array([True, True, True])), c / c.sum(),
                               rtol=0, atol=tol.hand)


def _minmax_by_hand(x: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Plain min-max scaling, 1 = best (independent of minmax_normalise)."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    return np.where(benefit, (x - lo) / (hi - lo), (hi - x) / (hi - lo))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_critic_weights_match_pymcdm(seed, tol):
    weights = require_module("pymcdm.weights")
    rng = np.random.default_rng(seed)
    x = rng.lognormal(mean=2.0, sigma=1.0, size=(60, 7))
    x[:, 3] = x[:, 1] * 0.5 + rng.normal(size=60)  # a correlated pair
    benefit = rng.random(7) < 0.7
    # pymcdm scales every column as a benefit: negating the cost columns gives our scaling
    np.testing.assert_allclose(critic_weights(x, benefit),
                               weights.critic_weights(np.where(benefit, x, -x)), rtol=0,
                               atol=tol.peer)
    np.testing.assert_allclose(critic_weights(x, np.ones(7, dtype=bool)),
                               weights.critic_weights(x), rtol=0, atol=tol.peer)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_entropy_weights_match_pymcdm_on_the_shifted_scaled_matrix(seed, tol):
    weights = require_module("pymcdm.weights")
    rng = np.random.default_rng(seed)
    x = rng.lognormal(mean=2.0, sigma=1.0, size=(60, 7))
    benefit = rng.random(7) < 0.7
    shifted = _minmax_by_hand(x, benefit) + 1e-4
    np.testing.assert_allclose(entropy_weights(x, benefit), weights.entropy_weights(shifted),
                               rtol=0, atol=tol.peer)
    # entropy on pre-transformed values: the peer chain is scipy winsorize / numpy log1p, then
    # plain min-max scaling, then pymcdm
    stats = require_module("scipy.stats.mstats")
    wins = np.asarray(stats.winsorize(x, limits=(0.05, 0.05), axis=0))
    np.testing.assert_allclose(entropy_weights(winsorise(x), benefit),
                               weights.entropy_weights(_minmax_by_hand(wins, benefit) + 1e-4),
                               rtol=0, atol=tol.peer)
    logged = _minmax_by_hand(np.log1p(x), benefit) + 1e-4
    np.testing.assert_allclose(entropy_weights(log_transform(x), benefit),
                               weights.entropy_weights(logged), rtol=0, atol=tol.peer)


def test_equal_weights_within_by_hand(tol):
    # 3 groups -> 1/3 each; a: 1 member (1/3), b: 2 members (1/6), c: 3 members (1/9)
    np.testing.assert_allclose(equal_weights_within(["a", "b", "b", "c", "c", "c"]),
                               [1 / 3, 1 / 6, 1 / 6, 1 / 9, 1 / 9, 1 / 9], rtol=0, atol=tol.hand)
    # the order of the criteria does not matter, nor the type of the labels
    np.testing.assert_allclose(equal_weights_within([2, 1, 2, 2]), [1 / 6, 1 / 2, 1 / 6, 1 / 6],
                               rtol=0, atol=tol.hand)
    # one group: plain equal weights
    np.testing.assert_allclose(equal_weights_within(["x"] * 4), [1 / 4] * 4, rtol=0,
                               atol=tol.hand)


def test_winsorise_by_hand_scipy_docstring_example():
    # scipy's winsorize docstring: 10 values, limits (0.1, 0.2): the lowest 1 -> next (2),
    # the 2 highest (9, 10) -> next (8)
    a = np.array([10, 4, 9, 8, 5, 3, 7, 2, 1, 6], dtype=float)[:, None]
    np.testing.assert_array_equal(winsorise(a, limits=(0.1, 0.2))[:, 0],
                                  [8, 4, 8, 8, 5, 3, 7, 2, 2, 6])


@pytest.mark.parametrize(("seed", "n", "limits"), [
    (0, 57, (0.05, 0.05)), (1, 279, (0.05, 0.05)), (2, 30, (0.1, 0.2)), (3, 12, (0.0, 0.25)),
    (4, 10, (0.05, 0.05)),  # floor(0.5) = 0: nothing changes
])
def test_winsorise_matches_scipy(seed, n, limits):
    stats = require_module("scipy.stats.mstats")
    rng = np.random.default_rng(seed)
    x = rng.lognormal(size=(n, 4))
    x[:, 2] = np.round(x[:, 2])  # ties
    expected = np.asarray(stats.winsorize(x, limits=limits, axis=0))
    np.testing.assert_array_equal(winsorise(x, limits=limits), expected)


def test_log_transform_by_hand(tol):
    e = np.e
    x = np.array([[0.0, e - 1], [e**2 - 1, e**3 - 1]])
    np.testing.assert_allclose(log_transform(x), [[0.0, 1.0], [2.0, 3.0]], rtol=0, atol=tol.hand)


def test_log_transform_refuses_negatives_naming_the_column():
    x = X.copy()
    x[2, 1] = -3.0
    with pytest.raises(InputError, match=r"column\(s\) 1 \(min -3\) of x have negative values"):
        log_transform(x)


def test_new_kernels_refuse_nan_like_the_others():
    x = X.copy()
    x[0, 1] = np.nan
    for call in (lambda: critic_weights(x, BENEFIT), lambda: winsorise(x),
                 lambda: log_transform(x)):
        with pytest.raises(InputError, match=r"NaN or infinite value\(s\) at \(row 0, column 1\)"):
            call()


def test_critic_refuses_perfectly_correlated_criteria():
    x = np.column_stack([X[:, 0], 2 * X[:, 0] + 1])
    with pytest.raises(InputError, match="perfectly positively correlated"):
        critic_weights(x, np.array([True, True]))
    with pytest.raises(InputError, match="perfectly positively correlated"):
        critic_weights(X[:, :1], np.array([True]))
    with pytest.raises(InputError, match=r"column\(s\) 1 of x are constant"):
        critic_weights(np.column_stack([X[:, 0], np.ones(4)]), np.array([True, True]))


@pytest.mark.parametrize("limits", [(-0.1, 0.1), (0.5, 0.5), (np.nan, 0.1), (0.1,), "5%"])
def test_winsorise_refuses_bad_limits(limits):
    with pytest.raises(InputError, match="limits must be"):
        winsorise(X, limits=limits)


def test_equal_weights_within_refuses_missing_labels():
    with pytest.raises(InputError, match=r"no label at position\(s\) \[1, 2\]"):
        equal_weights_within(["a", None, np.nan])
    with pytest.raises(InputError, match="1-D, non-empty"):
        equal_weights_within([])


@PROPERTY
@given(problem=problems(), data=st.data())
def test_critic_weights_invariances(problem, data, tol):
    x, benefit = problem
    w = critic_weights(x, benefit) if _has_conflict(x, benefit) else None
    assume(w is not None)
    order = np.array(data.draw(st.permutations(range(x.shape[0])), label="order"))
    np.testing.assert_allclose(critic_weights(x[order], benefit), w, rtol=0, atol=tol.peer)
    # a benefit column read upside down as a cost column is the same criterion
    j = data.draw(st.integers(0, x.shape[1] - 1), label="column")
    flipped, turned = x.copy(), benefit.copy()
    flipped[:, j] = -flipped[:, j]
    turned[j] = not turned[j]
    np.testing.assert_allclose(critic_weights(flipped, turned), w, rtol=0, atol=tol.peer)
    assert (w >= 0).all() and abs(w.sum() - 1) <= tol.hand


def _has_conflict(x: np.ndarray, benefit: np.ndarray) -> bool:
    z = _minmax_by_hand(x, benefit)
    return bool((np.corrcoef(z, rowvar=False) < 1 - 1e-9).any())
