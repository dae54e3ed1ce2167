"""Plan scores by hand on tiny inputs: quality percentiles, endowment fit and exclusions,
capability/feasibility/attractiveness, the type rules and the path ranking."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import yindi
from yindi.data.catalogue import Catalogue
from yindi.data.endowments import QUALITIES, RAW_INDICATORS
from yindi.stages.classify import ClassifyRules, classify
from yindi.stages.plan.opportunities import endowment_fit, opportunity_table, quality_scores


def _endowments(**columns: list[float]) -> pd.DataFrame:
    regions = ["A", "B", "C", "D", "E"]
    frame = pd.DataFrame({"region": regions})
    for name in RAW_INDICATORS:
        frame[name] = columns.get(name, [np.nan] * len(regions))
    return frame


def _catalogue(requirements, exclusions=(), base=(("i1", "p", 0.5), ("i1", "q", 0.5))):
    return Catalogue(
        industries=pd.DataFrame({"id": ["i1"], "name_en": ["Industry one"], "name_zh": ["一"],
                                 "stage": ["emerging"], "national_value": [0.8]}),
        base_weights=pd.DataFrame(base, columns=["industry", "activity", "weight"]),
        requirements=pd.DataFrame(requirements, columns=["industry", "quality", "weight"]),
        exclusions=pd.DataFrame(list(exclusions),
                                columns=["industry", "indicator", "op", "threshold", "reason"]),
        upgrades=pd.DataFrame(columns=["activity", "direction_en", "direction_zh", "source"]),
        source="test",
    )


def test_quality_percentiles_with_ties_direction_and_gaps(tol) -> None:
    # rd_intensity_pct 1, 2, 2, NaN, 4 -> average ranks 1, 2.5, 2.5, -, 4 among n = 4:
    # (rank - 1) / 3 = 0, 0.5, 0.5, NaN, 1. cooling degree-days are read "lower is better":
    # 100, 300, 200, 400, 500 -> ranks 1, 3, 2, 4, 5 -> 0, .5, .25, .75, 1 -> reversed.
    e = _endowments(rd_intensity_pct=[1, 2, 2, np.nan, 4],
                    cooling_degree_days=[100, 300, 200, 400, 500])
    z = quality_scores(e)
    np.testing.assert_allclose(z["rd_capacity"], [0, 0.5, 0.5, np.nan, 1], atol=tol.hand)
    np.testing.assert_allclose(z["cool_climate"], [1, 0.5, 0.75, 0.25, 0], atol=tol.hand)
    assert set(z.columns) == set(QUALITIES)


def test_fit_renormalises_over_known_requirements_and_reports_confidence(tol) -> None:
    # talent (weight .6): 10, 20, 30, 40, 50 -> z = 0, .25, .5, .75, 1
    # water_abundance (weight .4): 5, NaN, 1, 3, 2 -> ranks 4, -, 1, 3, 2 -> z = 1, -, 0, 2/3, 1/3
    # fit = (.6 z_t + .4 z_w) / (weight known): A = .4/1 = .4, B = .6*.25/.6 = .25 (conf .6),
    # C = .3, D = (.45 + .4*2/3)/1, E = (.6 + .4/3)/1
    e = _endowments(rd_personnel_per_10k=[10, 20, 30, 40, 50],
                    water_per_capita_m3=[5, np.nan, 1, 3, 2])
    cat = _catalogue([("i1", "talent", 0.6), ("i1", "water_abundance", 0.4)],
                     exclusions=[("i1", "water_per_capita_m3", "below", 2.5, "too dry")])
    fit = endowment_fit(cat, e).set_index("region")
    np.testing.assert_allclose(fit["fit"], [0.4, 0.25, 0.3, 0.45 + 0.4 * 2 / 3, 0.6 + 0.4 / 3],
                               atol=tol.hand)
    np.testing.assert_allclose(fit["confidence"], [1, 0.6, 1, 1, 1], atol=tol.hand)
    # water below 2.5 excludes C (1) and E (2); B's water is unknown: not checked, not excluded.
    assert fit["excluded"].tolist() == [False, False, True, False, True]
    assert "too dry" in fit.at["C", "reason"] and "below 2.5" in fit.at["C", "reason"]
    assert "unknown" in fit.at["B", "reason"]


def test_feasibility_and_attractiveness_decompose(tol) -> None:
    # Four regions in a ring of overlapping strengths (a connected network); the diagnosis
    # gives M, density, PCI and COG (tested against the references elsewhere); here we check
    # the plan formulas built on them.
    values = {"A": [5, 4, 1, 1], "B": [1, 4, 4, 1], "C": [1, 1, 4, 4], "D": [4, 1, 1, 5]}
    panel = pd.DataFrame([(r, a, 2017, float(v)) for r, row in values.items()
                          for a, v in zip("pqrs", row, strict=True)],
                         columns=["region", "activity", "year", "value"])
    d = yindi.diagnose(panel)
    e = _endowments(rd_personnel_per_10k=[10, 20, 30, np.nan, np.nan])
    e = e[e["region"].isin(["A", "B", "C", "D"])]
    cat = _catalogue([("i1", "talent", 1.0)])
    fit = endowment_fit(cat, e)
    out = opportunity_table(cat, d, fit, 2017, endowment_weight=0.35).set_index("region")
    ra = d.region_activity.astype({"region": str, "activity": str}).set_index(
        ["region", "activity"])
    # By hand. Row sums 11, column sums p 11, q 10, r 10, s 11, total 44, so RCA_Ap =
    # (5/11)/(11/44) = 1.82, RCA_Aq = (4/11)/(10/44) = 1.6, the 1s give 0.36-0.4: M is
    # A{p,q}, B{q,r}, C{r,s}, D{p,s}, every ubiquity 2. Proximity min(P(a|b), P(b|a)) is
    # 1/2 for the ring neighbours p-q, q-r, r-s, s-p and 0 for p-r, q-s. Density without the
    # diagonal: d_rp = (sum of the neighbours' M_r * 1/2) / (1/2 + 1/2 + 0), so 1/2 for every
    # activity a region lacks (exactly one of its two neighbours is present). Industry i1 has
    # base sectors p, q (weights 1/2): relatedness = sum w (M + (1 - M) d):
    #   A: p, q present -> 1;  B: q present, p 1/2 -> 3/4;  C: both 1/2 -> 1/2;  D: 3/4.
    # Feasibility = 0.65 relatedness + 0.35 talent fit (talent 10, 20, 30 -> 0, 1/2, 1).
    hand = {"A": (1.0, 0.65), "B": (0.75, 0.65 * 0.75 + 0.35 * 0.5), "C": (0.5, 0.325 + 0.35)}
    for r, (relatedness, feasibility) in hand.items():
        assert out.at[r, "relatedness"] == pytest.approx(relatedness, abs=tol.hand)
        assert out.at[r, "feasibility"] == pytest.approx(feasibility, abs=tol.hand)
    np.testing.assert_array_equal(
        ra["mcp"].unstack().loc[list("ABCD"), list("pqrs")].to_numpy(),
        [[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1], [1, 0, 0, 1]],
    )
    assert out.at["D", "relatedness"] == pytest.approx(0.75, abs=tol.hand)
    for r in "ABC":
        # The ring is symmetric, so PCI is not decidable by hand: the weighted mean of the
        # diagnosis' own PCI is what base_pci and upgrade are defined from.
        base_pci = 0.5 * ra.at[(r, "p"), "pci"] + 0.5 * ra.at[(r, "q"), "pci"]
        assert out.at[r, "base_pci"] == pytest.approx(base_pci, abs=tol.hand)
        present = ra.xs(r, level="region")
        current = present.loc[present["mcp"] == 1, "pci"].mean()
        assert out.at[r, "upgrade"] == pytest.approx(base_pci - current, abs=tol.hand)
    # D has no talent figure: confidence 0, feasibility = relatedness alone.
    assert out.at["D", "confidence"] == 0
    assert out.at["D", "feasibility"] == pytest.approx(out.at["D", "relatedness"], abs=tol.hand)
    # One industry: its weighted PCI is the same everywhere, so min-max scaling gives the
    # neutral 0.5; the gain percentile ranks the four regions' weighted COG.
    assert out["complexity"].tolist() == [0.5] * 4
    w_cog = out["base_cog"].rank(method="average")
    np.testing.assert_allclose(out["gain"], (w_cog - 1) / 3, atol=tol.hand)
    np.testing.assert_allclose(
        out["attractiveness"], 0.4 * 0.5 + 0.3 * out["gain"] + 0.3 * 0.8, atol=tol.hand)


def _indicators(**overrides: list[float]) -> pd.DataFrame:
    # Five regions; medians: rd 2, patents 2, resource .02, heavy .3, growth 6, manufacturing .4,
    # agriculture .05, land 10, income 50.
    base = {
        "region": list("VWXYZ"),
        "rd_intensity_pct": [4.0, 2.0, 1.0, 2.0, 1.5],
        "invention_grants_per_10k": [10.0, 2.0, 1.0, 3.0, 1.0],
        "resource_share": [0.0, 0.02, 0.2, 0.01, 0.03],
        "heavy_share": [0.1, 0.4, 0.2, 0.3, 0.3],
        "gdp_growth_pct_pa": [6.0, 5.0, 7.0, 6.0, 8.0],
        "manufacturing_share": [0.2, 0.5, 0.3, 0.6, 0.4],
        "agriculture_share": [0.0, 0.05, 0.05, 0.04, 0.2],
        "land_per_capita_km2": [1.0, 10.0, 50.0, 5.0, 40.0],
        "gdp_per_capita_cny": [100.0, 50.0, 40.0, 80.0, 30.0],
        "eci": [0.0, 0.2, -1.0, 1.5, -0.5],
        "coi": [1.0, -0.5, 0.5, -1.0, 0.2],
        "services_share": [0.8, 0.45, 0.65, 0.36, 0.4],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_type_rules_and_approaches() -> None:
    t = classify(_indicators(), ClassifyRules(frontier_share=0.2)).set_index("region")
    # V: rd 4 >= 1.4*2, patents 10 >= 2.5*2, not manufacturing-led -> innovation hub.
    # W: heavy .4 >= 1.1*.3, growth 5 < .9*6, ECI .2 < .5 -> old industrial base.
    # X: mining .2 >= 2*.02 and >= .05 -> resource-based.
    # Y: manufacturing .6 >= .4 and ECI 1.5 >= .5 -> advanced manufacturing.
    # Z: agriculture .2 >= 1.5*.05 -> ecological/agricultural.
    assert t["type"].to_dict() == {
        "V": "innovation hub", "W": "old industrial base in transition",
        "X": "resource-based economy", "Y": "advanced-manufacturing base",
        "Z": "ecological/agricultural zone"}
    # Frontier: top 20% of 5 regions by ECI = 1 region (Y). Others by the signs of COI and ECI.
    assert t["approach"].to_dict() == {
        "V": "light touch", "W": "strategic bets", "X": "parsimonious", "Y": "frontier",
        "Z": "parsimonious"}
    assert "R&D 4.00% of GDP" in t.at["V", "reasons"]


def test_rules_are_ordered_and_default_to_diversified() -> None:
    # Y also meets the hub thresholds but is manufacturing-led: advanced manufacturing wins.
    t = classify(_indicators(rd_intensity_pct=[4.0, 2.0, 1.0, 5.0, 1.5],
                             invention_grants_per_10k=[10.0, 2.0, 1.0, 9.0, 1.0],
                             agriculture_share=[0.0, 0.05, 0.05, 0.04, 0.06],
                             land_per_capita_km2=[1.0, 10.0, 50.0, 5.0, 12.0]))
    t = t.set_index("region")
    assert t.at["Y", "type"] == "advanced-manufacturing base"
    assert t.at["Z", "type"] == "diversified economy"


def test_clustering_check_agrees_with_a_clear_partition() -> None:
    # Two well-separated groups of regions on every indicator: k-means with k = 2 must find
    # exactly the rule partition (adjusted Rand index 1), whatever the labels are called.
    from yindi.stages.classify import CLUSTER_FEATURES, cluster_regions

    rows = []
    for i in range(8):
        high = i < 4
        row = {f: (10.0 if high else 1.0) + 0.01 * i for f in CLUSTER_FEATURES}
        rows.append({"region": f"R{i}", "type": "a" if high else "b", **row})
    labels, ari = cluster_regions(pd.DataFrame(rows))
    assert ari == pytest.approx(1.0)
    assert labels.nunique() == 2
