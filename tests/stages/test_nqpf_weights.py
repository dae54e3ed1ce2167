"""NQPF weighting schemes, their agreement, and weak points judged against peer groups.

Every expected number comes from a hand calculation written out in the comments or from a peer
(pymcdm) run on the same input, never from the code under test.
"""
# fmt: off

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import require_module

import yindi
from yindi._options import REGISTRY, StrOptions
from yindi.errors import InputError, OptionError
from yindi.stages.productivity.nqpf import (
    WEIGHTINGS,
    NQPFConfig,
    income_bands,
    load_nqpf_config,
    nqpf_index,
    peer_weak_points,
    weighting_agreement,
    weights_by_scheme,
)

LABOUR, MEANS, OBJECTS = "new-type labourers", "new means of labour", "new objects of labour"


def _config(*rows: tuple[str, str, str], year: int = 2019) -> NQPFConfig:
    """Indicators (id, dimension, direction), each read straight from the column named id."""
    frame = pd.DataFrame([
        {"id": i, "dimension": d, "name_en": i, "name_zh": "", "numerator": i,
         "denominator": None, "scale": 1.0, "direction": direction}
        for i, d, direction in rows
    ])
    return NQPFConfig(frame, (year, year), "test")


def _table(year: int = 2019, **columns: list[float]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"region": [f"R{i + 1}" for i in range(n)], "year": year, **columns})


def test_weighting_is_a_registered_option():
    assert REGISTRY["weighting"] == StrOptions(WEIGHTINGS)
    assert WEIGHTINGS == ("entropy", "critic", "equal", "entropy_winsorised", "entropy_log")


def test_unknown_weighting_fails_naming_the_choices():
    cfg = _config(("a", LABOUR, "benefit"), ("b", MEANS, "benefit"))
    with pytest.raises(OptionError, match=r"weighting='pca' is not valid; use one of: 'entropy'"):
        nqpf_index(cfg, _table(a=[1.0, 2.0], b=[2.0, 1.0]), weighting="pca")


# --- perfect agreement: regions ordered by dominance -------------------------------------------
# R1 < R2 < R3 < R4 on every indicator (c is a cost: less is better). With z the min-max
# scaled matrix, a region that dominates another is nearer the ideal and further from the
# anti-ideal under any positive weights (every D+ term smaller, every D- term larger), so every
# scheme ranks R4, R3, R2, R1 and every Spearman is 1, although the weights differ.
#   a (labourers, benefit): 1, 2, 4, 9     -> z = 0, 1/8, 3/8, 1
#   b (means, benefit):     10, 11, 12, 30 -> z = 0, 1/20, 2/20, 1
#   c (objects, cost):      5, 4, 3.5, 1   -> z = 0, 1/4, 3/8, 1
DOMINANCE = {"a": [1.0, 2.0, 4.0, 9.0], "b": [10.0, 11.0, 12.0, 30.0], "c": [5.0, 4.0, 3.5, 1.0]}
DOMINANCE_CONFIG = (("a", LABOUR, "benefit"), ("b", MEANS, "benefit"), ("c", OBJECTS, "cost"))


def test_schemes_agree_perfectly_when_regions_are_ordered_by_dominance():
    agreement = weighting_agreement(_config(*DOMINANCE_CONFIG), _table(**DOMINANCE))
    assert len(agreement) == 10  # 5 schemes, every unordered pair once
    assert list(agreement[["scheme_a", "scheme_b"]].itertuples(index=False, name=None))[:4] == [
        ("entropy", "critic"), ("entropy", "equal"), ("entropy", "entropy_winsorised"),
        ("entropy", "entropy_log")]
    assert (agreement["spearman"] == 1.0).all()
    assert (agreement["regions"] == 4).all() and (agreement["year"] == 2019).all()


def test_weights_by_scheme_against_pymcdm_and_by_hand(tol):
    pymcdm = require_module("pymcdm.weights")
    table = weights_by_scheme(_config(*DOMINANCE_CONFIG), _table(**DOMINANCE))
    w = table.pivot(index="id", columns="scheme", values="weight").loc[["a", "b", "c"]]
    # the scaled matrix from the comment above, plus the entropy shift
    z = np.array([[0, 0, 0], [1 / 8, 1 / 20, 1 / 4], [3 / 8, 2 / 20, 3 / 8], [1, 1, 1]])
    np.testing.assert_allclose(w["entropy"], pymcdm.entropy_weights(z + 1e-4), rtol=0,
                               atol=tol.peer)
    # pymcdm scales every column as a benefit: give it the cost column negated
    x = np.column_stack([DOMINANCE["a"], DOMINANCE["b"], -np.array(DOMINANCE["c"])])
    np.testing.assert_allclose(w["critic"], pymcdm.critic_weights(x), rtol=0, atol=tol.peer)
    np.testing.assert_allclose(w["equal"], [1 / 3, 1 / 3, 1 / 3], rtol=0, atol=tol.hand)
    # 4 region-years: floor(0.05 * 4) = 0 values pulled in at either end, so no change
    np.testing.assert_allclose(w["entropy_winsorised"], w["entropy"], rtol=0, atol=tol.hand)
    logged = np.log1p(np.column_stack([DOMINANCE["a"], DOMINANCE["b"], DOMINANCE["c"]]))
    lo, hi = logged.min(axis=0), logged.max(axis=0)
    zl = np.column_stack([(logged[:, :2] - lo[:2]) / (hi[:2] - lo[:2]),
                          (hi[2] - logged[:, 2]) / (hi[2] - lo[2])])
    np.testing.assert_allclose(w["entropy_log"], pymcdm.entropy_weights(zl + 1e-4), rtol=0,
                               atol=tol.peer)
    assert list(table.columns) == ["scheme", "id", "dimension", "direction", "weight"]


# --- disagreement: one indicator against two ---------------------------------------------------
# a (labourers) z_a = (0, 0.05, 0.1, 1): R4 far ahead; b (means) and c (objects) both
# z = 1 - z_a: R1 best. TOPSIS with z_b = z_c = 1 - z_a is TOPSIS on two criteria with weights
# w_a and u = sqrt(w_b^2 + w_c^2): D+^2 = w_a^2 (1 - z)^2 + u^2 z^2,
# D-^2 = w_a^2 z^2 + u^2 (1 - z)^2; with t = z / (1 - z),
# (D-/D+)^2 = (w_a^2 t^2 + u^2) / (w_a^2 + u^2 t^2), whose derivative in t has the sign of
# w_a^4 - u^4. So closeness rises with z_a (order R4, R3, R2, R1) when w_a > u and falls with it
# (R1, R2, R3, R4) when w_a < u: the two orders are reversed, Spearman -1.
#   equal: w = (1/3, 1/3, 1/3), u = sqrt(2)/3 = 0.471 > 1/3             -> order by b
#   entropy (shift 1e-4): e_a = 0.340, e_b = e_c = 0.792 (p of z + 1e-4 by hand), so
#     d = (0.660, 0.208, 0.208), w_a = 0.613, u = 0.273                  -> order by a
#   critic: sigma_a = sigma_b = sigma_c; r_ab = r_ac = -1, r_bc = 1, so
#     C = sigma (4, 2, 2), w = (1/2, 1/4, 1/4), u = sqrt(2)/4 = 0.354     -> order by a
#   entropy_winsorised: floor(0.05 * 4) = 0, nothing pulled in: as entropy -> order by a
#   entropy_log: log1p(z_a) scaled = (0, 0.070, 0.138, 1), log1p(z_b) scaled = (1, 0.963,
#     0.926, 0): d = (0.588, 0.208, 0.208), w_a = 0.586, u = 0.293        -> order by a
Z_A = [0.0, 0.05, 0.1, 1.0]
TRADE_OFF = {"a": Z_A, "b": [1 - v for v in Z_A], "c": [1 - v for v in Z_A]}
TRADE_OFF_CONFIG = (("a", LABOUR, "benefit"), ("b", MEANS, "benefit"), ("c", OBJECTS, "benefit"))


def test_equal_weights_reverse_the_ranking_of_the_other_schemes():
    agreement = weighting_agreement(_config(*TRADE_OFF_CONFIG), _table(**TRADE_OFF))
    rho = {(a, b): r for a, b, r in agreement[["scheme_a", "scheme_b", "spearman"]].itertuples(
        index=False, name=None)}
    for (a, b), r in rho.items():
        assert r == pytest.approx(-1.0 if "equal" in (a, b) else 1.0, abs=1e-12), (a, b)


def test_equal_weighting_on_the_trade_off_ranks_by_b():
    index = nqpf_index(_config(*TRADE_OFF_CONFIG), _table(**TRADE_OFF), weighting="equal")
    assert index["index"].sort_values("rank")["region"].tolist() == ["R1", "R2", "R3", "R4"]
    index = nqpf_index(_config(*TRADE_OFF_CONFIG), _table(**TRADE_OFF), weighting="critic")
    assert index["index"].sort_values("rank")["region"].tolist() == ["R4", "R3", "R2", "R1"]


def test_weighting_agreement_options():
    cfg, table = _config(*DOMINANCE_CONFIG), _table(**DOMINANCE)
    with pytest.raises(OptionError, match="at least two schemes"):
        weighting_agreement(cfg, table, schemes=["entropy", "entropy"])
    with pytest.raises(OptionError, match="weighting='ahp'"):
        weighting_agreement(cfg, table, schemes=["entropy", "ahp"])
    with pytest.raises(InputError, match=r"year 2018 has no complete region-year; years: \[2019\]"):
        weighting_agreement(cfg, table, year=2018)


def test_equal_weights_on_the_shipped_indicator_set(tol):
    ind = yindi.datasets.china_provinces().table("indicators")
    cfg = load_nqpf_config(None, columns=[c for c in ind.columns if c not in ("region", "year")])
    w = nqpf_index(cfg, ind, weighting="equal")["weights"].set_index("id")["weight"]
    # 3 dimensions, 1/3 each: labourers 3 indicators (1/9), means 3 (1/9), objects 4 (1/12)
    by_dimension = {LABOUR: 1 / 9, MEANS: 1 / 9, OBJECTS: 1 / 12}
    expected = cfg.indicators.set_index("id")["dimension"].map(by_dimension)
    np.testing.assert_allclose(w.loc[expected.index], expected, rtol=0, atol=tol.hand)


# --- weak points against peers ------------------------------------------------------------------
# 4 regions, one year; p and e benefit, c cost. Scaled (1 = best):
#        p (0..100)   e (2..5)   c (cost, 1..5: (5 - c)/4)
#   A    100 -> 1      4 -> 2/3   1 -> 1
#   B     10 -> 1/10   3 -> 1/3   2 -> 3/4
#   C      0 -> 0      5 -> 1     3 -> 1/2
#   D     20 -> 1/5    2 -> 0     5 -> 0
PEER_VALUES = pd.DataFrame({"region": list("ABCD"), "year": 2019,
                            "p": [100.0, 10.0, 0.0, 20.0], "e": [4.0, 3.0, 5.0, 2.0],
                            "c": [1.0, 2.0, 3.0, 5.0]})
PEER_DIRECTIONS = pd.DataFrame({"id": ["p", "e", "c"], "direction": ["benefit", "benefit", "cost"]})
COLUMNS = ["region", "year", "indicator", "gap_to_peers", "peer_group", "peers"]


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [(r, i, g, pg, n) for r, _, i, g, pg, n in frame.itertuples(index=False, name=None)]


def test_peer_weak_points_in_pairs(tol):
    # groups {A, B} rich, {C, D} poor: each region's one peer is the other of its pair.
    #   A vs B: p 1/10 - 1 < 0, e 1/3 - 2/3 < 0, c 3/4 - 1 < 0  -> no weak point
    #   B vs A: p 1 - 1/10 = 9/10, e 2/3 - 1/3 = 1/3, c 1 - 3/4 = 1/4
    #   C vs D: p 1/5 - 0 = 1/5, e 0 - 1 < 0, c 0 - 1/2 < 0
    #   D vs C: p 0 - 1/5 < 0, e 1 - 0 = 1, c 1/2 - 0 = 1/2
    groups = pd.Series({"A": "rich", "B": "rich", "C": "poor", "D": "poor"})
    out = peer_weak_points(PEER_VALUES, PEER_DIRECTIONS, groups)
    assert list(out.columns) == COLUMNS and (out["year"] == 2019).all()
    expected = [("B", "p", 9 / 10, "rich", 1), ("B", "e", 1 / 3, "rich", 1),
                ("B", "c", 1 / 4, "rich", 1), ("C", "p", 1 / 5, "poor", 1),
                ("D", "e", 1.0, "poor", 1), ("D", "c", 1 / 2, "poor", 1)]
    got = _rows(out)
    labels = [(r, i, pg, n) for r, i, _, pg, n in expected]
    assert [(r, i, pg, n) for r, i, _, pg, n in got] == labels
    np.testing.assert_allclose([g for *_, g, _, _ in got], [g for *_, g, _, _ in expected],
                               rtol=0, atol=tol.hand)
    top1 = peer_weak_points(PEER_VALUES, PEER_DIRECTIONS, groups, top=1)
    assert [(r, i) for r, i, *_ in _rows(top1)] == [("B", "p"), ("C", "p"), ("D", "e")]


def test_peer_weak_points_in_one_group_of_four(tol):
    # one group: each region against the median of the other three
    # (median of the others -> gap; "<" when the region is at or above the median)
    #   A: p med(1/10, 0, 1/5) = 1/10 < 1;   e med(1/3, 1, 0) = 1/3 < 2/3;
    #      c med(3/4, 1/2, 0) = 1/2 < 1
    #   B: p med(1, 0, 1/5) = 1/5 -> 1/10;   e med(2/3, 1, 0) = 2/3 -> 1/3;
    #      c med(1, 1/2, 0) = 1/2 < 3/4
    #   C: p med(1, 1/10, 1/5) = 1/5 -> 1/5; e med(2/3, 1/3, 0) = 1/3 < 1;
    #      c med(1, 3/4, 0) = 3/4 -> 1/4
    #   D: p med(1, 1/10, 0) = 1/10 < 1/5;   e med(2/3, 1/3, 1) = 2/3 -> 2/3;
    #      c med(1, 3/4, 1/2) = 3/4 -> 3/4
    groups = pd.Series("all", index=list("ABCD"))
    got = _rows(peer_weak_points(PEER_VALUES, PEER_DIRECTIONS, groups, top=None))
    expected = [("B", "e", 1 / 3), ("B", "p", 1 / 10), ("C", "c", 1 / 4), ("C", "p", 1 / 5),
                ("D", "c", 3 / 4), ("D", "e", 2 / 3)]
    assert [(r, i) for r, i, *_ in got] == [(r, i) for r, i, _ in expected]
    np.testing.assert_allclose([g for _, _, g, _, _ in got], [g for *_, g in expected], rtol=0,
                               atol=tol.hand)
    assert {(pg, n) for *_, pg, n in got} == {("all", 3)}


def test_peer_weak_points_refuses_regions_without_peers():
    with pytest.raises(InputError, match=r"no peer group for region\(s\) \['D'\]"):
        peer_weak_points(PEER_VALUES, PEER_DIRECTIONS, pd.Series({"A": 1, "B": 1, "C": 1}))
    alone = pd.Series({"A": "x", "B": "x", "C": "x", "D": "y"})
    with pytest.raises(InputError, match=r"region\(s\) \['D \(y\)'\] have no peer"):
        peer_weak_points(PEER_VALUES, PEER_DIRECTIONS, alone)
    twice = pd.Series(["x", "x", "x", "x", "y"], index=list("ABCDA"))
    with pytest.raises(InputError, match=r"region\(s\) \['A'\] more than once"):
        peer_weak_points(PEER_VALUES, PEER_DIRECTIONS, twice)
    with pytest.raises(OptionError, match="top=0"):
        peer_weak_points(PEER_VALUES, PEER_DIRECTIONS, alone, top=0)
    with pytest.raises(InputError, match=r"year 2020 has no complete region-year"):
        peer_weak_points(PEER_VALUES, PEER_DIRECTIONS, alone, year=2020)


def test_income_bands_by_hand():
    # GDP per person: R1 4, R2 1, R3 3, R4 2, R5 3 (tie with R3: broken by name, R3 first).
    # Order R2, R4, R3, R5, R1; k = 0..4 -> floor(3k / 5) = 0, 0, 1, 1, 2.
    table = pd.DataFrame({"region": ["R1", "R2", "R3", "R4", "R5"], "year": 2019,
                          "gdp_100m_cny": [8.0, 3.0, 9.0, 2.0, 6.0],
                          "population_10k": [2.0, 3.0, 3.0, 1.0, 2.0]})
    bands = income_bands(table, 2019)
    assert bands.to_dict() == {"R1": "high", "R2": "low", "R3": "middle", "R4": "low",
                               "R5": "middle"}
    assert income_bands(table, 2019, bands=5).to_dict()["R2"] == "band 1"
    with pytest.raises(OptionError, match="bands=1"):
        income_bands(table, 2019, bands=1)
