"""The three tracks by hand on a four-region ring: filters, approach weights, ties, capacity."""

from __future__ import annotations

import pandas as pd
import pytest

import yindi
from yindi.stages.plan.paths import APPROACH_WEIGHTS, PathOptions, region_paths

VALUES = {"A": [5, 4, 1, 1], "B": [1, 4, 4, 1], "C": [1, 1, 4, 4], "D": [4, 1, 1, 5]}
ACTIVITIES = pd.DataFrame({
    "activity": list("pqrs"), "name_en": ["P", "Q", "R", "S"], "name_zh": list("甲乙丙丁"),
    "group": ["mining", "light manufacturing", "producer services", "utilities"]})
#: Groups whose sectors the transform track upgrades (China's list, minus those not used here).
TRADITIONAL = ("mining", "light manufacturing", "utilities")


@pytest.fixture(scope="module")
def diagnosis() -> yindi.DiagnoseResult:
    panel = pd.DataFrame([(r, a, 2017, float(v)) for r, row in VALUES.items()
                          for a, v in zip("pqrs", row, strict=True)],
                         columns=["region", "activity", "year", "value"])
    return yindi.diagnose(panel)


def _opp(rows):
    cols = ["region", "industry", "name_en", "name_zh", "stage", "feasibility", "attractiveness",
            "relatedness", "fit", "confidence", "complexity", "gain", "national_value",
            "excluded", "upgrade"]
    return pd.DataFrame([r + (0.5, 0.5, 1.0, 0.5, 0.5, 1.0) for r in rows],
                        columns=cols[:7] + ["relatedness", "fit", "confidence", "complexity",
                                            "gain", "national_value"]).assign(
        excluded=[r[0] == "C" and r[1] == "x" for r in rows],
        upgrade=[-1.0 if (r[0], r[1]) == ("B", "y") else 1.0 for r in rows]).assign(
        # National standing (only quoted in the evidence here: lead_share=0 below).
        feasibility_rank=lambda f: f.groupby("industry")["feasibility"].rank(
            ascending=False, method="min"),
        regions_ranked=lambda f: f.groupby("industry")["feasibility"].transform("count"))


def test_tracks(diagnosis) -> None:
    # Emerging x, y, z and future f, g for four regions. C's x is excluded by an endowment rule
    # and leaves first; the 40th percentile (numpy's linear rule) of the other 11 emerging
    # feasibilities (.1 .2 .3 .4 .4 .5 .6 .6 .8 .8 .9) sits at position .4 x 10 = 4: 0.4.
    rows = [
        ("A", "x", "X", "x", "emerging", 0.8, 0.2), ("A", "y", "Y", "y", "emerging", 0.6, 0.6),
        ("A", "z", "Z", "z", "emerging", 0.4, 1.0),
        ("B", "x", "X", "x", "emerging", 0.9, 0.1), ("B", "y", "Y", "y", "emerging", 0.8, 0.9),
        ("B", "z", "Z", "z", "emerging", 0.1, 0.9),
        ("C", "x", "X", "x", "emerging", 0.7, 0.9), ("C", "y", "Y", "y", "emerging", 0.5, 0.5),
        ("C", "z", "Z", "z", "emerging", 0.6, 0.5),
        ("D", "x", "X", "x", "emerging", 0.4, 0.4), ("D", "y", "Y", "y", "emerging", 0.3, 0.3),
        ("D", "z", "Z", "z", "emerging", 0.2, 0.2),
        ("A", "f", "F", "f", "future", 0.5, 0.5), ("B", "f", "F", "f", "future", 0.5, 0.5),
        ("A", "g", "G", "g", "future", 0.5, 0.5),
    ]
    types = pd.DataFrame({"region": list("ABCD"), "approach": [
        "parsimonious", "frontier", "light touch", "strategic bets"]})
    capacity = pd.Series({"A": 0.9, "B": 0.6, "C": 0.2, "D": 0.5})
    carbon = pd.DataFrame(columns=["region", "activity", "co2_mt", "gross_output_10k_cny",
                                   "carbon_intensity"])
    upgrades = pd.DataFrame(columns=["activity", "direction_en", "direction_zh", "source"])
    paths = region_paths(_opp(rows), types, diagnosis, 2017, ACTIVITIES, carbon, upgrades,
                         capacity, PathOptions(top_cultivate=2, top_prepare=1, transform_groups=TRADITIONAL,
                                     lead_share=0))

    def track(region, name):
        part = paths[(paths["region"] == region) & (paths["track"] == name)]
        return list(zip(part["industry"], part["score"].round(6), strict=True))

    wf = {k: v[0] for k, v in APPROACH_WEIGHTS.items()}
    # A (parsimonious, .65/.35): x .65*.8+.35*.2 = .59, y .6, z .4*.65+.35 = .61 -> z, y.
    assert track("A", "cultivate") == [("z", round(0.65 * 0.4 + 0.35, 6)),
                                       ("y", round(wf["parsimonious"] * 0.6 + 0.35 * 0.6, 6))]
    # B (frontier): z below the feasibility floor; y does not raise complexity, but the
    # frontier is exempt -> x .4*.9+.6*.1 = .42, y .4*.8+.6*.9 = .86 -> y, x.
    assert track("B", "cultivate") == [("y", 0.86), ("x", 0.42)]
    # C: x is excluded by an endowment rule; y .5*.5+.5*.5 = .5 and z .55 -> z, y.
    assert track("C", "cultivate") == [("z", 0.55), ("y", 0.5)]
    # D: only x reaches the floor .4: .45*.4 + .55*.4 = .4.
    assert track("D", "cultivate") == [("x", 0.4)]
    # Prepare needs capacity >= .5 (A, B, D; D has no future row). A: f and g tie at
    # .4*.9 + .3*.5 + .3*.5 = .66 and the id breaks the tie -> f. B: .4*.6 + .3 = .54.
    assert track("A", "prepare") == [("f", 0.66)]
    assert track("B", "prepare") == [("f", round(0.4 * 0.6 + 0.3, 6))]
    assert track("C", "prepare") == [] and track("D", "prepare") == []
    # Transform lists present goods-producing activities only (never services such as r).
    transform = paths[paths["track"] == "transform"]
    assert "r" not in set(transform["industry"])
    ra = diagnosis.region_activity.astype({"region": str, "activity": str})
    present = ra[(ra["mcp"] == 1) & (ra["activity"] != "r")]
    assert set(zip(transform["region"], transform["industry"], strict=True)) == set(
        zip(present["region"], present["activity"], strict=True))


def test_transform_groups_must_be_named():
    from yindi.errors import InputError

    types = pd.DataFrame({"region": ["A"], "approach": ["frontier"]})
    with pytest.raises(InputError, match="transform_groups is not set"):
        region_paths(_opp([]), types, None, 2017, ACTIVITIES, pd.DataFrame(), pd.DataFrame(),
                     pd.Series(dtype=float), PathOptions())


def test_local_lead_beats_region_independent_value(diagnosis) -> None:
    # Four regions, two emerging industries. "hot" has national value 1 and a high complexity,
    # so its attractiveness (.9) beats "niche" (.3) in every region. Without the local lead each
    # region's list would open with "hot". Feasibility (rank among the four by hand):
    #   hot:   A .9 (1), B .8 (2), C .6 (3), D .5 (4)
    #   niche: A .4 (4), B .5 (3), C .7 (2), D .8 (1)
    # lead_share 1/3 of 4 regions: ceil(4/3) = 2, so the top 2 of each industry lead:
    # hot leads in A and B, niche in C and D. Scores (light touch, .5/.5):
    #   hot   A .5*.9+.5*.9 = .9, B .85, C .75, D .7;  niche A .35, B .4, C .5, D .55.
    rows = [
        ("A", "hot", .9, .9), ("B", "hot", .8, .9), ("C", "hot", .6, .9), ("D", "hot", .5, .9),
        ("A", "niche", .4, .3), ("B", "niche", .5, .3), ("C", "niche", .7, .3),
        ("D", "niche", .8, .3),
    ]
    opp = _opp([(r, i, i.upper(), i, "emerging", f, a) for r, i, f, a in rows]).assign(
        excluded=False, upgrade=1.0)
    types = pd.DataFrame({"region": list("ABCD"), "approach": ["light touch"] * 4})
    carbon = pd.DataFrame(columns=["region", "activity", "co2_mt", "gross_output_10k_cny",
                                   "carbon_intensity"])
    upgrades = pd.DataFrame(columns=["activity", "direction_en", "direction_zh", "source"])

    def first(opts):
        paths = region_paths(opp, types, diagnosis, 2017, ACTIVITIES, carbon, upgrades,
                             pd.Series(0.0, index=list("ABCD")), opts)
        cult = paths[(paths["track"] == "cultivate") & (paths["rank"] == 1)]
        return dict(zip(cult["region"], cult["industry"], strict=True)), paths

    # Floor: 40th percentile of .4 .5 .5 .6 .7 .8 .8 .9 = position 2.8 -> .5 + .8 x .1 = .58,
    # so A's niche (.4) and B's niche (.5) and D's hot (.5) fall below it.
    local, paths = first(PathOptions(transform_groups=TRADITIONAL))
    assert local == {"A": "hot", "B": "hot", "C": "niche", "D": "niche"}
    by_score, _ = first(PathOptions(transform_groups=TRADITIONAL, lead_share=0))
    assert by_score == {"A": "hot", "B": "hot", "C": "hot", "D": "niche"}
    evidence = paths.set_index(["region", "industry"]).loc[("C", "niche"), "evidence"]
    assert evidence.startswith("rank 2 of 4 regions by feasibility")


def _transform(diagnosis, carbon, **options):
    types = pd.DataFrame({"region": list("ABCD"), "approach": ["light touch"] * 4})
    upgrades = pd.DataFrame(columns=["activity", "direction_en", "direction_zh", "source"])
    paths = region_paths(_opp([]), types, diagnosis, 2017, ACTIVITIES, carbon, upgrades,
                         pd.Series(0.0, index=list("ABCD")),
                         PathOptions(transform_groups=TRADITIONAL, **options))
    part = paths[paths["track"] == "transform"]
    return part.set_index(["region", "industry"])["evidence"]


def test_high_carbon_is_judged_on_the_region_own_figure(diagnosis) -> None:
    # Intensity = co2_mt * 1e6 / gross output (10k CNY), by hand:
    #   p: A 1e-4 * 1e6 / 1000 = 0.1; B 1e-3 * 1e6 / 100 = 10; national (1100 / 1100) = 1.0
    #   q: A 2e-4 * 1e6 / 100 = 2.0; B 1e-4 * 1e6 / 1000 = 0.1; national 300 / 1100 = 0.2727
    # High level = 75th percentile of the national figures (1.0, 0.2727), numpy linear:
    #   0.2727 + 0.75 x 0.7273 = 0.8182.
    carbon = pd.DataFrame(
        [("A", "p", 1e-4, 1000.0), ("B", "p", 1e-3, 100.0),
         ("A", "q", 2e-4, 100.0), ("B", "q", 1e-4, 1000.0)],
        columns=["region", "activity", "co2_mt", "gross_output_10k_cny"])
    carbon["carbon_intensity"] = carbon["co2_mt"] * 1e6 / carbon["gross_output_10k_cny"]
    ev = _transform(diagnosis, carbon)
    # A's p: 0.1 here, below 1.25 x 1.0 and below 0.8182: not flagged, though the sector is
    # high-carbon nationally (the old rule flagged it on the national figure).
    assert "carbon" not in ev.loc[("A", "p")]
    # A's q: 2.0 >= 1.25 x 0.2727: flagged with both figures.
    assert "high carbon (2.00 t CO2 per 10k CNY of output here, 0.27 for the sector " \
        "nationally)" in ev.loc[("A", "q")]
    # D's p: no figure for D; the sector is at the high level nationally: said as national.
    assert "high-carbon sector nationally (1.00 t CO2 per 10k CNY of output; no figure for " \
        "this region)" in ev.loc[("D", "p")]


def test_tiny_traditional_sectors_are_not_listed(diagnosis) -> None:
    carbon = pd.DataFrame(columns=["region", "activity", "co2_mt", "gross_output_10k_cny",
                                   "carbon_intensity"])
    # A's shares: p 5/11 = 0.4545, q 4/11 = 0.3636 (both present: RCA 1.82 and 1.45).
    assert {"p", "q"} <= set(_transform(diagnosis, carbon).loc["A"].index)
    kept = _transform(diagnosis, carbon, transform_min_share=0.4).loc["A"].index
    assert list(kept) == ["p"]
