"""Reliability diagnostics of complexity rankings, against references independent of the code.

- Spearman's rho worked by hand on 5-element examples (the d^2 sums are written out) and
  checked a second time against ``scipy.stats.spearmanr``;
- a perfectly nested presence matrix, whose order is known by construction (region i holds the
  first 3(i + 1) activities): every resample of it is nested again, so the ranking can only move
  by ties and the resampling intervals must be narrow;
- two networks without a complexity order, whose intervals must be wide: a ring (circulant)
  matrix, where every region is a rotation of every other, so by symmetry no region is more
  complex than another and the ECI eigenvalue is exactly doubled (lambda2 = lambda3, computed
  here from the discrete Fourier transform), and a seeded Erdos-Renyi matrix with no structure.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from yindi.errors import InputError, OptionError
from yindi.measures import eigenvector_complexity
from yindi.measures.stability import (
    MAX_EIGENGAP,
    MAX_RANK_WIDTH,
    MIN_INCOME_SPEARMAN,
    MIN_YEAR_SPEARMAN,
    Reliability,
    Thresholds,
    assess_reliability,
    bootstrap_rank_interval,
    face_validity,
    year_rank_correlation,
)

METHODS = ("eigenvector", "reflections", "fitness")


def _nested(regions: int = 8, step: int = 3) -> np.ndarray:
    """Region i is present in activities 0 .. step*(i+1)-1: a perfect staircase."""
    m = np.zeros((regions, regions * step))
    for i in range(regions):
        m[i, : step * (i + 1)] = 1.0
    return m


def _ring(regions: int = 30, span: int = 10) -> np.ndarray:
    """Region i is present in activities i, i+1, ..., i+span-1 (mod regions)."""
    m = np.zeros((regions, regions))
    for i in range(regions):
        m[i, [(i + j) % regions for j in range(span)]] = 1.0
    return m


def _erdos_renyi(seed: int = 1, shape: tuple[int, int] = (30, 40), p: float = 0.5) -> np.ndarray:
    return (np.random.default_rng(seed).random(shape) < p).astype(float)


def _long(years: dict[int, dict[str, float]]) -> pd.DataFrame:
    rows = [(r, y, v) for y, vals in years.items() for r, v in vals.items()]
    return pd.DataFrame(rows, columns=["region", "year", "value"])


# --- year_rank_correlation ----------------------------------------------------------------------
HAND_YEARS = _long(
    {
        2000: {"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "e": 5.0, "f": 0.5},
        # ranks a..e: 2 1 4 3 5; f has no value this year
        2001: {"a": 20.0, "b": 10.0, "c": 40.0, "d": 30.0, "e": 50.0, "f": math.nan},
        # 2001 reversed: ranks a..e 4 5 2 3 1
        2002: {"a": -20.0, "b": -10.0, "c": -40.0, "d": -30.0, "e": -50.0, "f": 7.0},
        # a monotone transform of 2002 (x -> x^3 + 100 keeps the order), f included
        2003: {"a": -7900.0, "b": -900.0, "c": -63900.0, "d": -26900.0, "e": -124900.0, "f": 443.0},
    }
)


def test_year_rank_correlation_by_hand(tol):
    out = year_rank_correlation(HAND_YEARS)
    assert out[["year_from", "year_to"]].values.tolist() == [
        [2000, 2001],
        [2001, 2002],
        [2002, 2003],
    ]
    # 2000 -> 2001 over a..e (f is NaN in 2001): ranks 1 2 3 4 5 vs 2 1 4 3 5,
    # d = -1 1 -1 1 0, sum d^2 = 4, rho = 1 - 6*4 / (5*(25-1)) = 1 - 24/120 = 0.8
    # 2001 -> 2002: ranks 2 1 4 3 5 vs 4 5 2 3 1, d = -2 -4 2 0 4, sum d^2 = 40,
    # rho = 1 - 6*40/120 = -1 (the order is reversed)
    # 2002 -> 2003: the same order over a..f, d = 0, rho = 1
    assert out["spearman"].tolist() == pytest.approx([0.8, -1.0, 1.0], abs=tol.hand)
    assert out["n"].tolist() == [5, 5, 6]


def test_year_rank_correlation_with_ties_by_hand(tol):
    # x ranks 1 2.5 2.5 4 (two tied), y ranks 1 3 2 4; deviations from the mean rank 2.5:
    # dx = -1.5 0 0 1.5, dy = -1.5 0.5 -0.5 1.5; sum dx*dy = 4.5, sum dx^2 = 4.5, sum dy^2 = 5
    # rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9)
    data = _long({1: {"a": 1, "b": 2, "c": 2, "d": 3}, 2: {"a": 1, "b": 3, "c": 2, "d": 4}})
    assert year_rank_correlation(data)["spearman"].item() == pytest.approx(
        math.sqrt(0.9), abs=tol.hand
    )


def test_year_rank_correlation_against_scipy(tol):
    rng = np.random.default_rng(7)
    frames = []
    for y in (2010, 2011, 2012):
        v = np.round(rng.normal(size=40), 1)  # rounding makes ties
        v[rng.random(40) < 0.15] = np.nan
        frames.append(pd.DataFrame({"id": range(40), "t": y, "eci": v}))
    data = pd.concat(frames, ignore_index=True)
    out = year_rank_correlation(data, key="id", year="t", value="eci")
    wide = data.pivot(index="id", columns="t", values="eci")
    for row in out.itertuples():
        pair = wide[[row.year_from, row.year_to]].dropna()
        ref = spearmanr(pair[row.year_from], pair[row.year_to]).statistic
        assert row.n == len(pair)
        assert row.spearman == pytest.approx(ref, abs=tol.peer)


def test_year_rank_correlation_undefined_cases():
    two = _long({1: {"a": 1.0, "b": 2.0}, 2: {"a": 2.0, "b": 1.0}})
    assert math.isnan(year_rank_correlation(two)["spearman"].item())  # n = 2 < 3
    flat = _long({1: {"a": 1.0, "b": 1.0, "c": 1.0}, 2: {"a": 1.0, "b": 2.0, "c": 3.0}})
    assert math.isnan(year_rank_correlation(flat)["spearman"].item())  # constant year
    one = year_rank_correlation(_long({1: {"a": 1.0, "b": 2.0, "c": 3.0}}))
    assert one.empty and list(one.columns) == ["year_from", "year_to", "spearman", "n"]


def test_year_rank_correlation_bad_input():
    with pytest.raises(InputError, match="'eci'"):
        year_rank_correlation(HAND_YEARS, value="eci")
    twice = pd.concat([HAND_YEARS, HAND_YEARS.iloc[[0]]], ignore_index=True)
    with pytest.raises(InputError, match="region='a'.*2000"):
        year_rank_correlation(twice)
    inf = HAND_YEARS.assign(value=HAND_YEARS["value"].replace(5.0, np.inf))
    with pytest.raises(InputError, match="infinite"):
        year_rank_correlation(inf)


# --- bootstrap_rank_interval --------------------------------------------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_nested_matrix_has_its_known_order_and_narrow_intervals(method):
    m = _nested()
    n = m.shape[0]
    out = bootstrap_rank_interval(m, method=method, replicates=200, seed=0)
    # diversity 3, 6, ..., 24 rises with the row index, so rank (1 = most complex) = n - i
    assert out["rank"].tolist() == [float(n - i) for i in range(n)]
    # a resample of a nested matrix is nested: ranks move only when a region ties with its
    # neighbour (all 3 activities that separate them missed, p ~ 0.05); a tie moves a rank by
    # 1/2, two ties in a row by 1
    assert (out["rank_width"] <= 1.0).all()
    assert out["rank_width"].median() / n <= MAX_RANK_WIDTH
    assert (out["share_within"] >= 0.9).all()
    # the most diverse region holds every drawn activity, so no replicate drops it; the least
    # diverse one is dropped when none of its 3 activities is drawn
    assert out["replicates_ranked"].iloc[-1] == 200
    assert out["replicates_ranked"].iloc[0] < 200


def test_ring_has_no_order_and_wide_intervals(tol):
    m = _ring()
    n, k = m.shape[0], 10
    # M M^T / k^2 is circulant; its Fourier eigenvalues |sum_j w^(f j)|^2 / k^2 =
    # sin^2(pi f k / n) / (k^2 sin^2(pi f / n)) are equal for f and n - f, so the second
    # largest (f = 1 and f = n - 1) is doubled: lambda2 = lambda3, eigengap exactly 1
    lam = math.sin(math.pi * k / n) ** 2 / (k**2 * math.sin(math.pi / n) ** 2)
    raw = eigenvector_complexity(m)
    assert raw.eigenvalues == pytest.approx((lam, lam), abs=tol.peer)
    assert raw.eigengap > MAX_EIGENGAP
    # every region is a rotation of every other: the ECI direction is an arbitrary angle in a
    # two-dimensional eigenspace, and each resample turns it, so ranks wander round the ring
    out = bootstrap_rank_interval(m, replicates=200, seed=0)
    assert out["rank_width"].median() / n > MAX_RANK_WIDTH
    # most replicates put a typical region more than 10% of n away from its full-sample rank
    assert out["share_within"].median() < 0.5


def test_unstructured_network_has_wide_intervals():
    # no nestedness: lambda2 sits at the edge of the random bulk of the spectrum, next to
    # lambda3, and the ranking follows noise that resampling the activities redraws
    m = _erdos_renyi()
    out = bootstrap_rank_interval(m, replicates=200, seed=0)
    assert out["rank_width"].median() / m.shape[0] > MAX_RANK_WIDTH
    assert out["share_within"].median() < 0.5


@pytest.mark.parametrize("method", METHODS)
def test_identical_regions_share_a_rank(method):
    # rows 3 and its copy cannot be told apart, so they share positions 5 and 6: rank 5.5
    m = _nested()
    m = np.vstack([m[:4], m[3:]])
    out = bootstrap_rank_interval(m, method=method, replicates=50, seed=0)
    assert out["rank"].tolist() == [9.0, 8.0, 7.0, 5.5, 5.5, 4.0, 3.0, 2.0, 1.0]
    assert out.iloc[3].equals(out.iloc[4].rename(3))


def test_region_without_activity_is_nan_and_others_keep_their_order():
    m = np.vstack([_nested(), np.zeros(24)])
    out = bootstrap_rank_interval(m, replicates=50, seed=0, regions=list("abcdefghz"))
    assert out.loc["z"].drop("replicates_ranked").isna().all()
    assert out.loc["z", "replicates_ranked"] == 0
    assert out["rank"].iloc[:-1].tolist() == [8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    assert out.index.name == "region"


def test_same_seed_same_frame_and_other_seed_differs():
    m = _erdos_renyi()
    a = bootstrap_rank_interval(m, replicates=60, seed=3)
    b = bootstrap_rank_interval(m, replicates=60, seed=3)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    c = bootstrap_rank_interval(m, replicates=60, seed=4)
    assert not a.equals(c)


def test_permuting_regions_permutes_the_result():
    m = _erdos_renyi(seed=5)
    order = np.random.default_rng(0).permutation(m.shape[0])
    a = bootstrap_rank_interval(m, replicates=40, seed=1)
    b = bootstrap_rank_interval(m[order], replicates=40, seed=1)
    pd.testing.assert_frame_equal(a.iloc[order].reset_index(drop=True), b.reset_index(drop=True))


def test_a_wider_level_gives_a_wider_interval():
    m = _erdos_renyi()
    narrow = bootstrap_rank_interval(m, replicates=80, seed=0, level=0.5)
    wide = bootstrap_rank_interval(m, replicates=80, seed=0, level=0.9)
    assert (wide["rank_low"] <= narrow["rank_low"]).all()
    assert (wide["rank_high"] >= narrow["rank_high"]).all()


@pytest.mark.parametrize(
    ("option", "bad"),
    [("method", "nope"), ("replicates", 0), ("seed", -1), ("level", 1.0), ("window", 0.0)],
)
def test_bootstrap_rejects_bad_options(option, bad):
    with pytest.raises(OptionError, match=f"{option}={bad!r}"):
        bootstrap_rank_interval(_nested(), **{option: bad})


def test_bootstrap_rejects_a_non_binary_matrix():
    with pytest.raises(InputError, match="only 0 and 1"):
        bootstrap_rank_interval(_nested() * 1.5)


# --- face_validity ------------------------------------------------------------------------------
def test_face_validity_by_hand(tol):
    complexity = pd.Series({"a": 1.0, "b": 2.0, "c": math.nan, "d": 4.0, "e": 5.0, "f": 3.0})
    income = pd.Series({"a": 10.0, "b": 30.0, "c": 5.0, "d": 20.0, "e": math.nan, "f": 40.0})
    income["g"] = 100.0  # no complexity for g
    # common and non-NaN: a, b, d, f. complexity ranks 1 2 4 3, income ranks 1 3 2 4,
    # d = 0 -1 2 -1, sum d^2 = 6, rho = 1 - 6*6 / (4*(16-1)) = 1 - 36/60 = 0.4
    rho, n = face_validity(complexity, income)
    assert n == 4
    assert rho == pytest.approx(0.4, abs=tol.hand)
    assert face_validity(income, complexity)[0] == pytest.approx(0.4, abs=tol.hand)
    common = ["a", "b", "d", "f"]
    assert rho == pytest.approx(
        spearmanr(complexity[common], income[common]).statistic, abs=tol.peer
    )


def test_face_validity_too_few_and_bad_input():
    rho, n = face_validity(pd.Series({"a": 1.0, "b": 2.0}), pd.Series({"a": 3.0, "b": 1.0}))
    assert math.isnan(rho) and n == 2
    twice = pd.Series([1.0, 2.0], index=["a", "a"])
    with pytest.raises(InputError, match="'a'"):
        face_validity(twice, pd.Series({"a": 1.0}))


# --- Reliability --------------------------------------------------------------------------------
def test_default_thresholds():
    t = Thresholds()
    assert (t.min_year_spearman, t.max_rank_width, t.max_eigengap, t.min_income_spearman) == (
        MIN_YEAR_SPEARMAN,
        MAX_RANK_WIDTH,
        MAX_EIGENGAP,
        MIN_INCOME_SPEARMAN,
    )
    assert (MIN_YEAR_SPEARMAN, MAX_RANK_WIDTH, MAX_EIGENGAP, MIN_INCOME_SPEARMAN) == (
        0.7,
        0.25,
        0.9,
        0.0,
    )


def test_warnings_carry_the_numbers_in_plain_words():
    bad = Reliability(
        year_spearman=-0.7629,
        median_rank_width=0.40,
        eigengap=0.95,
        income_spearman=-0.49,
        n=31,
        years=(2012, 2017),
        income_n=282,
    )
    texts = bad.warnings()
    assert len(texts) == 4
    year, width, gap, income = texts
    for needle in ("2012", "2017", "-0.76", "0.70"):
        assert needle in year
    for needle in ("40%", "31", "25%"):
        assert needle in width
    for needle in ("0.95", "0.90"):
        assert needle in gap
    assert "complexity falls as income per head rises" in income
    for needle in ("-0.49", "282"):
        assert needle in income
    assert not any("_" in t for t in texts)
    assert not bad.stable and not bad.valid


def test_passing_and_missing_diagnostics_give_no_warning():
    good = Reliability(
        year_spearman=0.97, median_rank_width=0.1, eigengap=0.5, income_spearman=0.6, n=31
    )
    assert good.warnings() == [] and good.stable and good.valid
    unknown = Reliability()  # nothing computed: nothing fails
    assert unknown.warnings() == [] and unknown.stable and unknown.valid
    stable_but_invalid = Reliability(year_spearman=0.97, income_spearman=-0.49, income_n=282)
    assert stable_but_invalid.stable and not stable_but_invalid.valid
    strict = Thresholds(min_year_spearman=0.99)
    assert len(good.warnings(strict)) == 1
    assert Reliability(year_spearman=0.97, thresholds=strict).stable is False


def test_assess_reliability_from_the_pieces():
    years = pd.DataFrame(
        {
            "year_from": [2010, 2011, 2012],
            "year_to": [2011, 2012, 2013],
            "spearman": [0.9, 0.5, math.nan],
            "n": [31, 31, 2],
        }
    )
    intervals = pd.DataFrame(
        {"rank": [1.0, 2.0, 3.0, math.nan], "rank_width": [2.0, 4.0, 6.0, math.nan]}
    )
    rel = assess_reliability(
        year_correlations=years, rank_intervals=intervals, eigengap=0.8, income=(0.3, 25)
    )
    assert rel.year_spearman == 0.5 and rel.years == (2011, 2012)
    assert rel.n == 3
    assert rel.median_rank_width == pytest.approx(4.0 / 3.0)  # median of 2, 4, 6 over 3 regions
    assert (rel.eigengap, rel.income_spearman, rel.income_n) == (0.8, 0.3, 25)
    assert rel.valid and not rel.stable  # 0.5 < 0.70 and 4/3 > 0.25


def test_assess_reliability_on_the_nested_matrix_passes():
    m = _nested()
    raw = eigenvector_complexity(m)
    rel = assess_reliability(
        rank_intervals=bootstrap_rank_interval(m, seed=0), eigengap=raw.eigengap
    )
    assert rel.stable, rel.warnings()
