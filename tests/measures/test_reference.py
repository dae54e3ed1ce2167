"""Reference-complexity kernels against hand calculations on a four-product concordance.

Products P1..P4, activities A, B, C. P2 is split half-half between A and B; P4 has no
complexity (NaN), so C, which only P4 reaches, must be absent from the result.

    product  complexity c  weight w  concordance (activity: share)
    P1        2.0          10        A: 1
    P2       -1.0          30        A: 1/2, B: 1/2
    P3        0.5          20        B: 1
    P4        NaN           5        C: 1

    A: mapped weight 10*1 + 30*1/2 = 25; sum w s c = 10*2 + 15*(-1) = 5   -> C_A = 5/25  = 1/5
    B: mapped weight 30*1/2 + 20*1 = 35; sum w s c = 15*(-1) + 20*0.5 = -5 -> C_B = -5/35 = -1/7

Regions (value = output), reference C_A = 1/5, C_B = -1/7, D uncovered (not in the reference),
E present in the reference but NaN (so uncovered as well):

    R1: A 3, B 1, D 4  covered 4 of 8 -> coverage 1/2, C = (3/5 - 1/7) / 4 = (16/35) / 4 = 4/35
    R2: B 2, E 2       covered 2 of 4 -> coverage 1/2, C = -1/7
    R3: D 5            covered 0 of 5 -> coverage 0,   C = NaN
    R4: A 0, B 0       total 0        -> coverage NaN, C = NaN
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yindi.errors import InputError
from yindi.measures.reference import concord_complexity, region_reference_complexity

COMPLEXITY = pd.Series({"P1": 2.0, "P2": -1.0, "P3": 0.5, "P4": np.nan})
WEIGHT = pd.Series({"P1": 10.0, "P2": 30.0, "P3": 20.0, "P4": 5.0})
CONCORDANCE = pd.DataFrame(
    {
        "product": ["P1", "P2", "P2", "P3", "P4"],
        "activity": ["A", "A", "B", "B", "C"],
        "share": [1.0, 0.5, 0.5, 1.0, 1.0],
    }
)
REFERENCE = pd.Series({"A": 1 / 5, "B": -1 / 7, "E": np.nan})
SHARES = pd.DataFrame(
    {
        "region": ["R1", "R1", "R1", "R2", "R2", "R3", "R4", "R4"],
        "activity": ["A", "B", "D", "B", "E", "D", "A", "B"],
        "value": [3.0, 1.0, 4.0, 2.0, 2.0, 5.0, 0.0, 0.0],
    }
)


# --- concord_complexity --------------------------------------------------------------------------


def test_activity_complexity_by_hand(tol) -> None:
    out = concord_complexity(COMPLEXITY, WEIGHT, CONCORDANCE)
    assert list(out.index) == ["A", "B"] and out.index.name == "activity"
    assert list(out.columns) == ["complexity", "products", "weight"]
    np.testing.assert_allclose(out["complexity"], [1 / 5, -1 / 7], rtol=0, atol=tol.hand)
    np.testing.assert_allclose(out["weight"], [25.0, 35.0], rtol=0, atol=tol.hand)
    assert out["products"].tolist() == [2, 2]


def test_activity_reached_only_by_nan_products_is_absent_not_zero() -> None:
    out = concord_complexity(COMPLEXITY, WEIGHT, CONCORDANCE)
    assert "C" not in out.index


def test_product_missing_from_complexity_counts_as_no_value(tol) -> None:
    # dropping P4 from the complexity Series is the same as giving it NaN
    out = concord_complexity(COMPLEXITY.drop("P4"), WEIGHT, CONCORDANCE)
    np.testing.assert_allclose(out["complexity"], [1 / 5, -1 / 7], rtol=0, atol=tol.hand)
    assert "C" not in out.index


def test_zero_weight_product_does_not_count(tol) -> None:
    # P3 with weight 0: B keeps only P2's half, so C_B = -1 and one product
    out = concord_complexity(COMPLEXITY, WEIGHT.where(WEIGHT.index != "P3", 0.0), CONCORDANCE)
    assert out.loc["B", "products"] == 1
    np.testing.assert_allclose(out.loc["B", "complexity"], -1.0, rtol=0, atol=tol.hand)


def test_weights_scale_and_row_order_do_not_matter(tol) -> None:
    base = concord_complexity(COMPLEXITY, WEIGHT, CONCORDANCE)
    scaled = concord_complexity(COMPLEXITY, 7.0 * WEIGHT, CONCORDANCE.iloc[::-1])
    np.testing.assert_allclose(scaled["complexity"], base["complexity"], rtol=0, atol=tol.hand)


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda c: c.assign(share=[1.0, 0.5, 0.4, 1.0, 1.0]), "sum to 1"),
        (lambda c: c.assign(share=[1.0, 0.5, 0.5, 0.0, 1.0]), "(0, 1]"),
        (lambda c: c.assign(share=[1.0, 0.5, 0.5, np.nan, 1.0]), "(0, 1]"),
        (lambda c: pd.concat([c, c.iloc[[0]]]), "repeats"),
        (lambda c: c.drop(columns="share"), "share"),
    ],
)
def test_bad_concordance_is_refused_naming_the_problem(change, needle) -> None:
    with pytest.raises(InputError, match=needle.replace("(", r"\(").replace("]", r"\]")):
        concord_complexity(COMPLEXITY, WEIGHT, change(CONCORDANCE))


@pytest.mark.parametrize(
    ("weight", "needle"),
    [
        (WEIGHT.drop("P2"), "no value for 1 product"),
        (WEIGHT.replace({30.0: -1.0}), "non-negative"),
        (WEIGHT.replace({30.0: np.nan}), "non-negative"),
    ],
)
def test_bad_weight_is_refused_naming_the_product(weight, needle) -> None:
    with pytest.raises(InputError, match=needle) as info:
        concord_complexity(COMPLEXITY, weight, CONCORDANCE)
    assert "P2" in str(info.value)


def test_duplicate_product_labels_are_refused() -> None:
    doubled = pd.concat([COMPLEXITY, COMPLEXITY.iloc[[0]]])
    with pytest.raises(InputError, match="duplicate labels"):
        concord_complexity(doubled, WEIGHT, CONCORDANCE)


# --- region_reference_complexity -----------------------------------------------------------------


def test_region_complexity_and_coverage_by_hand(tol) -> None:
    out = region_reference_complexity(SHARES, REFERENCE)
    assert list(out.index) == ["R1", "R2", "R3", "R4"]
    np.testing.assert_allclose(
        out["complexity"], [4 / 35, -1 / 7, np.nan, np.nan], rtol=0, atol=tol.hand
    )
    np.testing.assert_allclose(out["coverage"], [0.5, 0.5, 0.0, np.nan], rtol=0, atol=tol.hand)


def test_year_column_gives_one_row_per_region_and_year(tol) -> None:
    two_years = pd.concat(
        [SHARES.assign(year=2012), SHARES.assign(year=2017, value=SHARES["value"] * 2)]
    )
    out = region_reference_complexity(two_years, REFERENCE)
    assert out.index.names == ["region", "year"]
    # doubling every value changes neither the mean nor the coverage
    np.testing.assert_allclose(
        out.xs(2012, level="year")["complexity"], out.xs(2017, level="year")["complexity"],
        rtol=0, atol=tol.hand,
    )  # fmt: skip


def test_kernels_chain(tol) -> None:
    activity = concord_complexity(COMPLEXITY, WEIGHT, CONCORDANCE)["complexity"]
    out = region_reference_complexity(SHARES, activity)
    np.testing.assert_allclose(out.loc["R1", "complexity"], 4 / 35, rtol=0, atol=tol.hand)
    # C is absent from `activity`, so nothing changes when a region produces C
    extra = pd.concat([SHARES, pd.DataFrame({"region": ["R1"], "activity": ["C"], "value": [8.0]})])
    out2 = region_reference_complexity(extra, activity)
    assert out2.loc["R1", "complexity"] == pytest.approx(4 / 35, abs=tol.hand)
    assert out2.loc["R1", "coverage"] == pytest.approx(4 / 16, abs=tol.hand)


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda s: s.assign(value=[3.0, np.nan, 4.0, 2.0, 2.0, 5.0, 0.0, 0.0]), "NaN"),
        (lambda s: s.assign(value=[3.0, -1.0, 4.0, 2.0, 2.0, 5.0, 0.0, 0.0]), ">= 0"),
        (lambda s: pd.concat([s, s.iloc[[0]]]), "repeats"),
        (lambda s: s.drop(columns="region"), "region"),
    ],
)
def test_bad_shares_are_refused_naming_the_problem(change, needle) -> None:
    with pytest.raises(InputError, match=needle):
        region_reference_complexity(change(SHARES), REFERENCE)


# --- properties ---------------------------------------------------------------------------------

# zero or a normal float: subnormal weights (5e-324) lose the ratio to underflow, not to the kernel
positive = st.one_of(st.just(0.0), st.floats(1e-6, 100.0))
values = st.lists(positive, min_size=4, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c=st.lists(st.floats(-3, 3), min_size=4, max_size=4), w=values, x=values)
def test_means_stay_between_their_parts(c, w, x) -> None:
    """A weighted mean lies within the range of what it averages (activity and region level)."""
    comp = pd.Series(c, index=["P1", "P2", "P3", "P4"])
    act = concord_complexity(comp, pd.Series(w, index=comp.index), CONCORDANCE)
    for a, products in {"A": ["P1", "P2"], "B": ["P2", "P3"], "C": ["P4"]}.items():
        if a in act.index:
            lo, hi = comp[products].min(), comp[products].max()
            assert lo - 1e-9 <= act.loc[a, "complexity"] <= hi + 1e-9
    shares = pd.DataFrame({"region": "R", "activity": ["A", "B", "C", "D"], "value": x})
    reg = region_reference_complexity(shares, act["complexity"])
    if not act.empty and np.isfinite(reg.loc["R", "complexity"]):
        assert act["complexity"].min() - 1e-9 <= reg.loc["R", "complexity"]
        assert reg.loc["R", "complexity"] <= act["complexity"].max() + 1e-9
