"""Issue 9 item 4, "NaN is never 0 by accident": each case by hand or from the source table.

1. an unknown density makes capability/feasibility unknown, and paths rank such pairs last;
2. base PCI/COG are weighted means over the base sectors that have them, NaN where none has
   (COI: ``tests/measures/test_formulas_by_hand.py::test_coi_missing_values``);
3. the clean-power share says which power sources are missing and lowers the fit confidence;
4. a year with too few DEA units is named in the notes;
5. only a dataset without boundaries gives ``boundaries=None``; other AttributeErrors propagate;
6. GDP growth since the diagnosis year is NaN with a warning when no later year is complete.
"""

from __future__ import annotations

import warnings
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

import yindi
from yindi.data.catalogue import Catalogue
from yindi.data.endowments import RAW_INDICATORS, endowment_table
from yindi.errors import ComputationWarning
from yindi.stages.classify import region_indicators
from yindi.stages.plan.opportunities import endowment_fit, opportunity_table
from yindi.stages.plan.paths import PathOptions, region_paths

NAN = np.nan


# --- 1 and 2: opportunity table ---------------------------------------------------------------
# Regions A, B; activities p, q, r in 2017.
#   p: PCI 1, density A .5 (has it), B .6 (lacks it); COG A 0, B .3
#   q: PCI 2, related to no other activity: density NaN everywhere; A lacks it, B has it;
#      COG A .5, B 0
#   r: zero ubiquity: PCI, density and (Atlas) COG all NaN; both lack it.
# Industries: i1 = .5 p + .5 q, i2 = .5 p + .5 r, i3 = 1.0 r; no endowment requirement.
RA = pd.DataFrame(
    [
        ("A", "p", 1, 0.5, 1.0, 0.0), ("A", "q", 0, NAN, 2.0, 0.5), ("A", "r", 0, NAN, NAN, NAN),
        ("B", "p", 0, 0.6, 1.0, 0.3), ("B", "q", 1, NAN, 2.0, 0.0), ("B", "r", 0, NAN, NAN, NAN),
    ],
    columns=["region", "activity", "mcp", "density", "pci", "cog"],
).assign(year=2017, value=1.0, rca=1.0)


def _catalogue() -> Catalogue:
    return Catalogue(
        industries=pd.DataFrame({
            "id": ["i1", "i2", "i3"], "name_en": ["One", "Two", "Three"],
            "name_zh": ["一", "二", "三"], "stage": ["emerging", "emerging", "future"],
            "national_value": [0.8, 0.6, 1.0]}),
        base_weights=pd.DataFrame(
            [("i1", "p", 0.5), ("i1", "q", 0.5), ("i2", "p", 0.5), ("i2", "r", 0.5),
             ("i3", "r", 1.0)], columns=["industry", "activity", "weight"]),
        requirements=pd.DataFrame(columns=["industry", "quality", "weight"]),
        exclusions=pd.DataFrame(columns=["industry", "indicator", "op", "threshold", "reason"]),
        upgrades=pd.DataFrame(columns=["activity", "direction_en", "direction_zh", "source"]),
        source="test",
    )


def _no_fit() -> pd.DataFrame:
    pairs = [(r, i) for r in "AB" for i in ("i1", "i2", "i3")]
    return pd.DataFrame(pairs, columns=["region", "industry"]).assign(
        fit=NAN, confidence=0.0, excluded=False, reason="", weakest="", weakest_score=NAN,
        strongest="", strongest_score=NAN, checked=0)


@pytest.fixture(scope="module")
def opportunities() -> pd.DataFrame:
    diagnosis = SimpleNamespace(region_activity=RA)
    out = opportunity_table(_catalogue(), diagnosis, _no_fit(), 2017)
    return out.set_index(["region", "industry"])


def test_unknown_density_makes_capability_and_feasibility_unknown(opportunities, tol) -> None:
    o = opportunities
    # capability = sum_s w_s [M_rs + (1 - M_rs) d_rs]:
    #   B,i1 = .5 (1 - 0) .6 + .5 * 1 = .8 (q is present: its missing density does not matter)
    #   A,i1 = .5 * 1 + .5 * d_Aq, d_Aq unknown -> unknown (the old code counted it as 0: .5)
    #   A,i2 / B,i2 / i3 lack r, whose density is unknown -> unknown
    expected = {("B", "i1"): 0.8, ("A", "i1"): NAN, ("A", "i2"): NAN, ("B", "i2"): NAN,
                ("A", "i3"): NAN, ("B", "i3"): NAN}
    for key, value in expected.items():
        # no requirement could be checked, so feasibility = capability
        np.testing.assert_allclose(o.loc[key, ["relatedness", "feasibility"]].astype(float),
                                   [value, value], atol=tol.hand, err_msg=str(key))
    assert np.isnan(o.loc[("A", "i1"), "nearby_density"])
    assert "no relatedness density for absent base sector(s) q" in o.loc[("A", "i1"), "reason"]
    assert o.loc[("B", "i1"), "reason"] == ""


def test_base_pci_and_cog_skip_no_gap_as_zero(opportunities, tol) -> None:
    o = opportunities
    # base_pci: i1 = .5 * 1 + .5 * 2 = 1.5; i2: only p (weight .5) has a PCI -> .5 * 1 / .5 = 1
    # (the old sum gave .5, r counted as PCI 0); i3: no base sector has one -> NaN (old: 0).
    np.testing.assert_allclose(o["base_pci"].to_numpy(float), [1.5, 1.0, NAN, 1.5, 1.0, NAN],
                               atol=tol.hand)  # rows A i1 i2 i3, B i1 i2 i3
    # base_cog: A,i1 .5*0 + .5*.5 = .25; A,i2 .5*0/.5 = 0; B,i1 .5*.3 + .5*0 = .15;
    # B,i2 .5*.3/.5 = .3 (old .15); i3 NaN (old 0).
    np.testing.assert_allclose(o["base_cog"].to_numpy(float), [0.25, 0, NAN, 0.15, 0.3, NAN],
                               atol=tol.hand)
    # complexity: min-max of base_pci over known pairs (1 .. 1.5): i1 1, i2 0, i3 NaN.
    # gain: percentile of base_cog among the 4 known, (rank - 1)/3: A,i1 .25 -> 2/3, A,i2 0 -> 0,
    # B,i1 .15 -> 1/3, B,i2 .3 -> 1.
    np.testing.assert_allclose(o["complexity"].to_numpy(float), [1, 0, NAN, 1, 0, NAN],
                               atol=tol.hand)
    np.testing.assert_allclose(o["gain"].to_numpy(float), [2 / 3, 0, NAN, 1 / 3, 1, NAN],
                               atol=tol.hand)
    # attractiveness = .4 complexity + .3 gain + .3 national value (.8, .6, 1):
    # A,i1 .4 + .2 + .24; A,i2 0 + 0 + .18; B,i1 .4 + .1 + .24; B,i2 0 + .3 + .18; i3 NaN.
    np.testing.assert_allclose(o["attractiveness"].to_numpy(float),
                               [0.84, 0.18, NAN, 0.74, 0.48, NAN], atol=tol.hand)
    # upgrade = base_pci - mean PCI of present sectors (A: p = 1, B: q = 2).
    np.testing.assert_allclose(o["upgrade"].to_numpy(float), [0.5, 0, NAN, -0.5, -1, NAN],
                               atol=tol.hand)
    assert "PCI unknown for base sector(s) r: PCI of the others (50% of the weight) used" in (
        o.loc[("B", "i2"), "reason"])
    assert "no base sector has a PCI" in o.loc[("A", "i3"), "reason"]


# --- 1: paths rank unknown scores last --------------------------------------------------------
PANEL = pd.DataFrame(
    [(r, a, 2017, float(v)) for r, row in
     {"A": [5, 4, 1, 1], "B": [1, 4, 4, 1], "C": [1, 1, 4, 4], "D": [4, 1, 1, 5]}.items()
     for a, v in zip("pqrs", row, strict=True)],
    columns=["region", "activity", "year", "value"])
ACTIVITIES = pd.DataFrame({
    "activity": list("pqrs"), "name_en": ["P", "Q", "R", "S"], "name_zh": list("甲乙丙丁"),
    "group": ["mining", "light manufacturing", "producer services", "utilities"]})
#: Groups whose sectors the transform track upgrades (China's list, minus those not used here).
TRADITIONAL = ("mining", "light manufacturing", "utilities")


def test_paths_rank_unknown_feasibility_last_with_evidence(tol) -> None:
    why = "related capability unknown: no relatedness density for absent base sector(s) s"
    rows = [  # region, industry, stage, feasibility, attractiveness, reason
        ("A", "x", "emerging", 0.6, 0.5, ""), ("A", "y", "emerging", NAN, 0.9, why),
        ("A", "z", "emerging", 0.2, 0.2, ""),
        ("B", "x", "emerging", 0.8, 0.5, ""), ("B", "y", "emerging", NAN, 0.9, why),
        ("B", "z", "emerging", 0.4, 0.4, ""),
        ("A", "f", "future", NAN, 0.5, why), ("A", "g", "future", 0.5, 0.5, ""),
    ]
    opp = pd.DataFrame(rows, columns=["region", "industry", "stage", "feasibility",
                                      "attractiveness", "reason"]).assign(
        name_en=lambda f: f["industry"], name_zh=lambda f: f["industry"], relatedness=0.5,
        fit=0.5, confidence=1.0, complexity=0.5, gain=0.5, national_value=1.0, excluded=False,
        upgrade=1.0)
    opp["relatedness"] = opp["feasibility"]
    # National standing by hand: x .6 (A) < .8 (B); z .2 (A) < .4 (B); y unknown in both;
    # g known only in A; f unknown.
    opp["feasibility_rank"] = [2, NAN, 2, 1, NAN, 1, NAN, 1]
    opp["regions_ranked"] = [2, 0, 2, 2, 0, 2, 0, 1]
    types = pd.DataFrame({"region": ["A", "B", "C", "D"], "approach": [
        "parsimonious", "light touch", "light touch", "light touch"]})
    capacity = pd.Series({"A": 0.9, "B": 0.2, "C": 0.2, "D": 0.2})
    carbon = pd.DataFrame(columns=["region", "activity", "co2_mt", "gross_output_10k_cny",
                                   "carbon_intensity"])
    upgrades = pd.DataFrame(columns=["activity", "direction_en", "direction_zh", "source"])
    paths = region_paths(opp, types, yindi.diagnose(PANEL), 2017, ACTIVITIES, carbon, upgrades,
                         capacity, PathOptions(transform_groups=TRADITIONAL))
    cult = paths[paths["track"] == "cultivate"].set_index(["region", "industry"])
    # Floor = 40th percentile of the known emerging feasibilities .2 .4 .6 .8 (numpy linear):
    # position .4 x 3 = 1.2 -> .4 + .2 x .2 = .44; A's z (.2) and B's z (.4) fall below it.
    # Scores: A,x .65 x .6 + .35 x .5 = .565 (parsimonious); B,x .5 x .8 + .5 x .5 = .65.
    # y (feasibility unknown) is kept, scored NaN and ranked after them (the old code dropped
    # it: NaN >= floor is False).
    assert list(cult.index) == [("A", "x"), ("A", "y"), ("B", "x"), ("B", "y")]
    np.testing.assert_allclose(cult["score"].to_numpy(float), [0.565, NAN, 0.65, NAN],
                               atol=tol.hand)
    assert cult["rank"].tolist() == [1, 2, 1, 2]
    assert cult.loc[("A", "y"), "evidence"].startswith(f"ranked last: feasibility unknown ({why})")
    assert "feasibility unknown (related capabilities unknown" in cult.loc[("A", "y"), "evidence"]
    # prepare (A only: capacity .9 >= .5): g = .4 x .9 + .3 x .5 + .3 x .5 = .66, f unknown.
    prep = paths[paths["track"] == "prepare"]
    assert prep["industry"].tolist() == ["g", "f"]
    np.testing.assert_allclose(prep["score"].to_numpy(float), [0.66, NAN], atol=tol.hand)
    assert "ranked last: feasibility unknown" in prep["evidence"].iloc[1]


# --- 3: clean power share ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def china() -> Any:
    return yindi.datasets.china_provinces()


def test_clean_power_share_is_partial_with_coverage(china, tol) -> None:
    # Source table `indicators`, 2017, 100 GWh (thermal, hydro, wind, solar, nuclear):
    #   Anhui      2305.7, 41.6, 40.9075, 34.1794, NaN  -> 4 of 5 reported
    #   Tianjin    603.4, NaN, 5.9260, NaN, NaN         -> 2 of 5
    #   Guangdong  3327.3, 328.9, 61.6258, 7.2513, 799.9 -> 5 of 5
    # share = reported clean / reported total (the value does not change), coverage = k / 5.
    e = endowment_table(china, 2017).set_index("region")
    anhui = (41.6 + 40.9075 + 34.1794) / (2305.7 + 41.6 + 40.9075 + 34.1794)
    tianjin = 5.9260 / (603.4 + 5.9260)
    guangdong = (328.9 + 61.6258 + 7.2513 + 799.9) / (3327.3 + 328.9 + 61.6258 + 7.2513 + 799.9)
    np.testing.assert_allclose(
        e.loc[["Anhui", "Tianjin", "Guangdong"], "clean_power_share"],
        [anhui, tianjin, guangdong], atol=tol.hand)
    np.testing.assert_allclose(e.loc[["Anhui", "Tianjin", "Guangdong"], "power_coverage"],
                               [0.8, 0.4, 1.0], atol=tol.hand)
    # 25 of 31 provinces miss at least one source in 2017 (24 nuclear, 4 solar, 2 hydro, 1 wind)
    assert int((e["power_coverage"] < 1).sum()) == 25


class _Edited:
    """The embedded dataset with some 2017 power figures blanked (delegates the rest)."""

    def __init__(self, ds: Any, blank: dict[str, list[str]]) -> None:
        self._ds, self._blank = ds, blank

    def table(self, name: str) -> pd.DataFrame:
        t = self._ds.table(name)
        if name == "indicators":
            t = t.copy()
            for region, columns in self._blank.items():
                t.loc[(t["region"] == region) & (t["year"] == 2017), columns] = NAN
        return t

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ds, name)


def test_clean_power_share_unknown_without_thermal_or_any_clean_source(china) -> None:
    clean = ["power_hydro_100gwh", "power_wind_100gwh", "power_solar_100gwh",
             "power_nuclear_100gwh"]
    e = endowment_table(_Edited(china, {"Beijing": ["power_thermal_100gwh"], "Hebei": clean}), 2017)
    e = e.set_index("region")
    # Without thermal the share of the rest would read as ~100 % clean; without any clean source
    # the old code wrote 0 (fillna(0)): both are unknown now.
    assert np.isnan(e.loc["Beijing", "clean_power_share"])
    assert np.isnan(e.loc["Hebei", "clean_power_share"])
    assert e.loc["Hebei", "power_coverage"] == pytest.approx(0.2)


def test_partial_indicator_lowers_fit_confidence_not_fit(tol) -> None:
    # Requirements clean_power .2 + talent .8. clean_power_share 0.1, 0.2, 0.3 (z = 0, .5, 1),
    # coverage 1, .8, .4; talent 10, 20, 30 (z = 0, .5, 1). fit = .2 z_c + .8 z_t (both known):
    # 0, .5, 1, unchanged. confidence = .8 + .2 x coverage: 1, .96, .88 (old: 1, 1, 1).
    frame = pd.DataFrame({"region": ["A", "B", "C"]})
    for name in RAW_INDICATORS:
        frame[name] = NAN
    frame["clean_power_share"] = [0.1, 0.2, 0.3]
    frame["rd_personnel_per_10k"] = [10.0, 20.0, 30.0]
    frame["power_coverage"] = [1.0, 0.8, 0.4]
    cat = _catalogue()
    cat = Catalogue(industries=cat.industries.iloc[:1], base_weights=cat.base_weights.iloc[:2],
                    requirements=pd.DataFrame([("i1", "clean_power", 0.2), ("i1", "talent", 0.8)],
                                              columns=["industry", "quality", "weight"]),
                    exclusions=cat.exclusions, upgrades=cat.upgrades, source="test")
    fit = endowment_fit(cat, frame).set_index("region")
    np.testing.assert_allclose(fit["fit"], [0, 0.5, 1], atol=tol.hand)
    np.testing.assert_allclose(fit["confidence"], [1, 0.96, 0.88], atol=tol.hand)


# --- 4: DEA years with too few units ----------------------------------------------------------
def test_dea_year_with_too_few_units_is_named(china) -> None:
    # One input, one output: DEA needs 1 + 1 + 1 = 3 units. 2013 has 2 usable (R3-R6 blank).
    years = range(2011, 2020)
    rows = [(f"R{i}", y, float(i + 1), float(2 * i + 1)) for y in years for i in range(1, 7)]
    table = pd.DataFrame(rows, columns=["region", "year", "x", "y"])
    table.loc[(table["year"] == 2013) & ~table["region"].isin(["R1", "R2"]), "x"] = NAN
    result = yindi.productivity(china, efficiency=(table, (["x"], ["y"], [])))
    assert 2013 not in set(result.efficiency["year"])
    assert ("no DEA scores for 2013: 2 region(s) with complete, positive data, 3 needed "
            "(2 inputs and outputs + 1)") in result.notes


# --- 5: boundaries ----------------------------------------------------------------------------
class _Proxy:
    """The embedded dataset seen through a wrapper, minus or with a broken ``boundaries``."""

    def __init__(self, ds: Any, boundaries: Any) -> None:
        self._ds, self._boundaries = ds, boundaries

    def __getattr__(self, name: str) -> Any:
        if name == "boundaries":
            if self._boundaries is None:
                raise AttributeError(name)
            return self._boundaries
        return getattr(self._ds, name)


def test_plan_without_boundaries_gives_none_but_a_bug_propagates(china) -> None:
    assert yindi.plan(_Proxy(china, None)).boundaries is None

    def broken() -> dict[str, Any]:
        raise AttributeError("'NoneType' object has no attribute 'read_text'")

    with pytest.raises(AttributeError, match="read_text"):
        yindi.plan(_Proxy(china, broken))


# --- 6: GDP growth since the diagnosis year ---------------------------------------------------
def _indicator_inputs(gdp: dict[int, list[float]]) -> dict[str, Any]:
    regions = ["A", "B"]
    ra = pd.DataFrame({"region": ["A", "A", "B", "B"], "activity": ["p", "q"] * 2,
                       "year": 2017, "value": [3.0, 1.0, 1.0, 1.0]})
    reg = pd.DataFrame({"region": regions, "year": 2017, "eci": [1.0, -1.0], "coi": [0.5, 0.2]})
    ind = pd.DataFrame([(r, y, v[i]) for y, v in gdp.items() for i, r in enumerate(regions)],
                       columns=["region", "year", "gdp_100m_cny"])
    endowments = pd.DataFrame({"region": regions, "gdp_per_capita_cny": [1.0, 2.0],
                               "rd_intensity_pct": [1.0, 2.0],
                               "invention_grants_per_10k": [1.0, 2.0],
                               "land_per_capita_km2": [1.0, 2.0]})
    return {
        "diagnosis": SimpleNamespace(region_activity=ra, region=reg),
        "activities": pd.DataFrame({"activity": ["p", "q"], "group": ["mining", "primary"]}),
        "endowments": endowments,
        "regions": pd.DataFrame({"region": regions, "macro_region": ["East", "West"],
                                 "coastal": [1, 0]}),
        "indicators": ind,
        "year": 2017,
        "structure_groups": {"resource": ("mining",), "agriculture": ("primary",)},
    }


def test_gdp_growth_over_the_years_after_the_diagnosis_year(tol) -> None:
    # A: 100 -> 121 over 2 years: (1.21 ** (1/2) - 1) x 100 = 10 % a year; B: 100 -> 100: 0.
    # 2020 is incomplete (B missing), so 2019 is the latest complete year.
    inputs = _indicator_inputs({2017: [100.0, 100.0], 2019: [121.0, 100.0],
                                2020: [130.0, NAN]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", ComputationWarning)
        out = region_indicators(**inputs).set_index("region")
    np.testing.assert_allclose(out["gdp_growth_pct_pa"], [10.0, 0.0], atol=1e-9)


@pytest.mark.parametrize(
    ("gdp", "why"),
    [
        # the diagnosis year is the last complete GDP year: the old code divided by 0
        ({2015: [90.0, 95.0], 2017: [100.0, 100.0], 2018: [110.0, NAN]},
         "the latest complete year is 2017"),
        # no year has GDP for every region: the old code took max() of nothing
        ({2017: [100.0, NAN], 2018: [NAN, 100.0]}, "no year has GDP for every region"),
    ],
)
def test_gdp_growth_unknown_without_a_later_complete_year(gdp, why) -> None:
    with pytest.warns(ComputationWarning, match=why):
        out = region_indicators(**_indicator_inputs(gdp))
    assert out["gdp_growth_pct_pa"].isna().all()
    assert out["eci"].tolist() == [1.0, -1.0]
