"""Portfolio and resilience kernels (``yindi.measures.portfolio``) on toy tables worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from yindi.errors import InputError
from yindi.measures.portfolio import capacity_concentration, industry_capacity, resilience_index

REGIONS = ["A", "B", "C"]


def test_capacity_is_the_weighted_output_of_the_base_sectors(tol) -> None:
    output = pd.DataFrame({"s1": [10.0, 0.0, 4.0], "s2": [10.0, 6.0, 0.0]}, index=REGIONS)
    weights = pd.DataFrame({"s1": [0.5, 1.0], "s2": [0.5, 0.0]}, index=["i1", "i2"])
    cap = industry_capacity(output, weights)
    # A: .5*10 + .5*10 = 10; B: .5*0 + .5*6 = 3; C: .5*4 = 2. i2 is s1 alone.
    np.testing.assert_allclose(cap["i1"], [10.0, 3.0, 2.0], atol=tol.hand)
    np.testing.assert_allclose(cap["i2"], [10.0, 0.0, 4.0], atol=tol.hand)
    with pytest.raises(InputError, match=r"weights name sectors that output lacks: \['s9'\]"):
        industry_capacity(output, weights.assign(s9=0.0))
    nan_out = output.astype(float)
    nan_out.loc["B", "s2"] = np.nan
    assert np.isnan(industry_capacity(nan_out, weights).loc["B", "i1"])  # never read as 0


def test_hhi_top_share_capable_regions_by_hand(tol) -> None:
    capacity = pd.DataFrame(
        {"i1": [6.0, 3.0, 1.0], "i2": [1.0, 1.0, 2.0], "i3": [1.0, 1.0, 0.0]}, index=REGIONS
    )
    totals = pd.Series([20.0, 10.0, 10.0], index=REGIONS)
    groups = pd.Series(["East", "East", "West"], index=REGIONS)
    c = capacity_concentration(capacity, totals, groups)
    # i1: shares .6 .3 .1 -> HHI .36 + .09 + .01 = .46; top A with .6 (lost if A is cut).
    assert c.at["i1", "hhi"] == pytest.approx(0.46, abs=tol.hand)
    assert c.at["i1", "effective_regions"] == pytest.approx(1 / 0.46, abs=tol.hand)
    assert (c.at["i1", "top_region"], c.at["i1", "top_share"]) == ("A", pytest.approx(0.6))
    # LQ = (C_ri / X_r) / (C_i / X): A .3/.25 = 1.2, B .3/.25 = 1.2, C .1/.25 = .4.
    assert c.at["i1", "capable_regions"] == 2 and c.at["i1", "groups_capable"] == 1
    # i2: shares .25 .25 .5 -> HHI .375, top C; LQ A .5, B 1.0 (counts: >= 1), C 2.0.
    assert c.at["i2", "hhi"] == pytest.approx(0.375, abs=tol.hand)
    assert (c.at["i2", "top_region"], c.at["i2", "top_share"]) == ("C", pytest.approx(0.5))
    assert c.at["i2", "capable_regions"] == 2 and c.at["i2", "groups_capable"] == 2
    # i3: A and B tie at .5: the first in label order is the top region.
    assert c.at["i3", "top_region"] == "A" and c.at["i3", "regions_with_capacity"] == 2
    reordered = capacity_concentration(capacity.iloc[::-1], totals, groups)
    assert reordered.at["i3", "top_region"] == "A"  # ties do not depend on row order
    with pytest.raises(InputError, match="totals must be positive"):
        capacity_concentration(capacity, totals.drop("C"))


def test_martin_resistance_against_national_change_by_hand(tol) -> None:
    start = pd.DataFrame({"gdp": [100.0, 50.0, 50.0]}, index=REGIONS)
    end = pd.DataFrame({"gdp": [90.0, 50.0, 40.0]}, index=REGIONS)
    r = resilience_index(start, end)
    # National change (180 - 200) / 200 = -0.1 is every region's expected change.
    np.testing.assert_allclose(r["national_change"], -0.1, atol=tol.hand)
    np.testing.assert_allclose(r["change"], [-0.1, 0.0, -0.2], atol=tol.hand)
    # index = (change - expected) / |expected|: A 0, B (0 + .1)/.1 = 1, C (-.2 + .1)/.1 = -1.
    np.testing.assert_allclose(r["index"], [0.0, 1.0, -1.0], atol=tol.hand)
    np.testing.assert_allclose(r["sensitivity"], [1.0, 0.0, 2.0], atol=tol.hand)


def test_martin_resistance_with_the_shift_share_expectation_by_hand(tol) -> None:
    start = pd.DataFrame({"m": [80.0, 20.0, 0.0], "s": [20.0, 30.0, 50.0]}, index=REGIONS)
    end = pd.DataFrame({"m": [60.0, 18.0, 0.0], "s": [22.0, 33.0, 52.0]}, index=REGIONS)
    r = resilience_index(start, end)
    # g_m = 78/100 - 1 = -.22, g_s = 107/100 - 1 = .07.
    # A: expected (80 * -.22 + 20 * .07) / 100 = -.162, change -.18 -> (-.18 + .162)/.162.
    # B: expected (20 * -.22 + 30 * .07) / 50 = -.046, change .02 -> (.02 + .046)/.046.
    # C: no m at the start: expected .07, change .04 -> (.04 - .07)/.07.
    np.testing.assert_allclose(r["expected_change"], [-0.162, -0.046, 0.07], atol=tol.hand)
    np.testing.assert_allclose(
        r["index"],
        [(-0.18 + 0.162) / 0.162, (0.02 + 0.046) / 0.046, (0.04 - 0.07) / 0.07],
        atol=tol.hand,
    )


def test_martin_leaves_a_region_without_data_missing() -> None:
    start = pd.DataFrame({"gdp": [100.0, 50.0, 50.0, np.nan]}, index=[*REGIONS, "D"])
    end = pd.DataFrame({"gdp": [90.0, 50.0, 40.0, 30.0]}, index=[*REGIONS, "D"])
    r = resilience_index(start, end)
    assert np.isnan(r.loc["D", "index"]) and np.isnan(r.loc["D", "expected_change"])
    assert r.loc["A", "index"] == pytest.approx(0.0)  # the national change leaves D out
    assert (r["regions_used"] == 3).all()
    with pytest.raises(InputError, match="same regions and industries"):
        resilience_index(start, end.iloc[:3])
