"""Numbers the report shows, computed in the stages and checked here (the report only formats).

- ``PlanResult.duplication`` (:func:`yindi.stages.plan.duplication_table`): counts on a tiny
  paths table worked out by hand, and on the embedded data against a crosstab of the paths;
- ``ProductivityResult.efficiency_summary``: a two-region case by hand, and on the embedded data
  ``geo(MI) = geo(EC) x geo(TC)`` to ``tol.hand`` plus scipy's ``gmean`` per year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import gmean

import yindi
from yindi.stages.plan import duplication_table
from yindi.stages.productivity import efficiency_summary


@pytest.fixture(scope="module")
def planned() -> yindi.PlanResult:
    return yindi.plan()


# --- duplication ---------------------------------------------------------------------------
def _paths(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"region": r, "track": t, "industry": i, "name_en": i.upper(), "name_zh": "zh"}
            for r, t, i in rows
        ]
    )


TINY = _paths(
    [
        ("R1", "cultivate", "x"),
        ("R1", "cultivate", "x"),  # a region names an industry twice: counted once
        ("R2", "cultivate", "x"),
        ("R3", "cultivate", "x"),
        ("R2", "cultivate", "y"),
        ("R4", "prepare", "x"),
        ("R3", "prepare", "z"),
        ("R1", "prepare", "z"),
        *[(r, "transform", "s1") for r in ("R1", "R2", "R3", "R4")],  # not counted
    ]
)


def test_duplication_by_hand() -> None:
    # 4 regions, share 0.5: threshold max(2, ceil(2.0)) = 2 regions.
    got = duplication_table(TINY, 4, 0.5)
    expected = pd.DataFrame(
        {
            "industry": ["x", "y", "z", "x"],
            "name_en": ["X", "Y", "Z", "X"],
            "name_zh": "zh",
            "track": ["cultivate", "cultivate", "prepare", "prepare"],
            "regions": [3, 1, 2, 1],
            "share": [0.75, 0.25, 0.5, 0.25],
            "threshold": 2,
            "flag": [True, False, True, False],
            "region_names": ["R1, R2, R3", "R2", "R1, R3", "R4"],
        }
    )
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("share", "threshold"),
    [(0.0, 2), (0.25, 2), (0.5, 2), (0.51, 3), (0.75, 3), (0.76, 4), (1.0, 4)],
)
def test_duplication_threshold_never_below_two(share: float, threshold: int) -> None:
    # ceil(share x 4) by hand: 0 -> 0, 1 -> 1, 2 -> 2, 2.04 -> 3, 3 -> 3, 3.04 -> 4, 4 -> 4.
    got = duplication_table(TINY, 4, share)
    assert set(got["threshold"]) == {threshold}
    assert got["flag"].tolist() == [r >= threshold for r in got["regions"]]


def test_duplication_on_the_embedded_data(planned) -> None:
    paths = planned.paths
    n = len(planned.types)
    picks = paths[paths["track"].isin(["cultivate", "prepare"])].drop_duplicates(
        ["region", "track", "industry"]
    )
    counts = pd.crosstab(picks["industry"], picks["track"]).stack()
    counts = counts[counts > 0]
    dup = planned.duplication.set_index(["industry", "track"])
    assert sorted(dup.index) == sorted(counts.index)
    assert dup.loc[counts.index, "regions"].tolist() == counts.tolist()
    np.testing.assert_allclose(dup.loc[counts.index, "share"], counts.to_numpy() / n)
    # the smallest count >= 2 reaching a quarter of the regions (8 of 31)
    limit = next(k for k in range(2, n + 1) if k >= 0.25 * n)
    assert planned.options["duplication_share"] == 0.25
    assert (dup["threshold"] == limit).all()
    assert (dup["flag"] == (dup["regions"] >= limit)).all()
    for (industry, track), row in dup.iterrows():
        regions = picks.loc[(picks["industry"] == industry) & (picks["track"] == track), "region"]
        assert row["region_names"].split(", ") == sorted(regions)
    assert "duplication" in planned.tables()


# --- efficiency summary --------------------------------------------------------------------
def test_efficiency_summary_two_regions_by_hand(tol) -> None:
    eff = pd.DataFrame(
        {
            "region": ["A", "B", "A", "B"],
            "year": [2000, 2000, 2001, 2001],
            "ccr": [1.0, 0.5, 1.0, 0.25],
            "bcc": [1.0, 0.8, 1.0, 0.5],
            "sbm_undesirable": [1.0, 0.4, 0.9, 0.2],
        }
    )
    # A: EC 2, TC 1, MI 2; B: EC 1/2, TC 1/2, MI 1/4. Geometric means: MI sqrt(2 / 4) =
    # sqrt(1/2), EC sqrt(2 / 2) = 1, TC sqrt(1/2): MI = EC x TC. The arithmetic means
    # (MI 1.125, EC 1.25, TC 0.75) break it (1.25 x 0.75 = 0.9375) and report 12.5% growth
    # where the regions' productivity fell on (geometric) average.
    mq = pd.DataFrame(
        {
            "region": ["A", "B"],
            "period": "2000-2001",
            "year": 2001,
            "malmquist": [2.0, 0.25],
            "efficiency_change": [2.0, 0.5],
            "technical_change": [1.0, 0.5],
        }
    )
    got = efficiency_summary(eff, mq).set_index("year")
    assert got["regions"].tolist() == [2, 2]
    assert got["malmquist_regions"].tolist() == [0, 2]
    np.testing.assert_allclose(got["ccr"], [0.75, 0.625], atol=tol.hand)
    np.testing.assert_allclose(got["bcc"], [0.9, 0.75], atol=tol.hand)
    np.testing.assert_allclose(got["sbm_undesirable"], [0.7, 0.55], atol=tol.hand)
    assert got.loc[2000, ["malmquist", "efficiency_change", "technical_change"]].isna().all()
    half = np.sqrt(0.5)
    assert got.at[2001, "malmquist"] == pytest.approx(half, abs=tol.hand)
    assert got.at[2001, "efficiency_change"] == pytest.approx(1.0, abs=tol.hand)
    assert got.at[2001, "technical_change"] == pytest.approx(half, abs=tol.hand)


def test_efficiency_summary_on_the_embedded_data(planned, tol) -> None:
    prod = planned.productivity
    assert prod is not None
    summary = prod.efficiency_summary.set_index("year")
    # the aggregate keeps the decomposition
    has = summary["malmquist_regions"] > 0
    np.testing.assert_allclose(
        summary.loc[has, "malmquist"],
        summary.loc[has, "efficiency_change"] * summary.loc[has, "technical_change"],
        rtol=tol.hand,
        atol=0,
    )
    mq = prod.malmquist
    for year, part in mq.groupby("year"):
        for col in ("malmquist", "efficiency_change", "technical_change"):
            ref = gmean(part[col].to_numpy())
            assert summary.at[year, col] == pytest.approx(ref, rel=tol.hand), (year, col)
        assert summary.at[year, "malmquist_regions"] == len(part)
    scores = prod.efficiency.pivot_table(
        index="year", values=["ccr", "bcc", "sbm_undesirable"], aggfunc="mean"
    )
    np.testing.assert_allclose(summary[scores.columns], scores, rtol=tol.hand)
    assert summary["regions"].tolist() == prod.efficiency.groupby("year").size().tolist()
    assert "efficiency_summary" in prod.tables()


# --- standing: rank and national median of every indicator (the province profile) ----------


def test_standing_by_hand():
    from yindi.stages.plan.standing import standing_table

    types = pd.DataFrame({"region": ["A", "B", "C", "D"], "type": ["x"] * 4,
                          "eci": [0.5, -1.0, 0.5, np.nan], "coastal": [True, False, True, False]})
    endow = pd.DataFrame({"region": ["A", "B", "C", "D"], "eci": [9.0, 9.0, 9.0, 9.0],
                          "water": [10.0, 30.0, 20.0, 40.0]})
    out = standing_table([types, endow]).set_index(["region", "indicator"])
    # eci from types (the first frame wins): A and C tie at 0.5 -> both rank 1, B rank 3,
    # D has none (not ranked); three regions ranked, median of (0.5, -1, 0.5) = 0.5.
    assert out.loc[("A", "eci"), "rank"] == 1 and out.loc[("C", "eci"), "rank"] == 1
    assert out.loc[("B", "eci"), "rank"] == 3 and np.isnan(out.loc[("D", "eci"), "rank"])
    assert out.loc[("A", "eci"), "regions"] == 3 and out.loc[("A", "eci"), "median"] == 0.5
    # water: 40 > 30 > 20 > 10 -> D 1, B 2, C 3, A 4; median (20 + 30) / 2 = 25.
    assert out.xs("water", level="indicator")["rank"].to_dict() == {"A": 4, "B": 2, "C": 3,
                                                                      "D": 1}
    assert out.loc[("A", "water"), "median"] == 25.0
    # The rank of eci is "of 3": D has no value, and the table says so.
    assert out.loc[("A", "eci"), "without"] == "D" and out.loc[("A", "water"), "without"] == ""
    years = standing_table([types, endow], years={"water": "2008"}).set_index(
        ["region", "indicator"])["year"]
    assert years.loc[("A", "water")] == "2008" and years.loc[("A", "eci")] == ""
    # Text and booleans are not indicators.
    assert set(out.index.get_level_values("indicator")) == {"eci", "water"}


def test_standing_on_the_embedded_plan_matches_a_pandas_rank():
    result = yindi.plan(with_productivity=False)
    standing = result.standing.set_index(["region", "indicator"])
    endow = result.endowments.set_index("region")
    column = endow["water_per_capita_m3"]
    expected = column.rank(ascending=False, method="min")  # competition rank, 1 = highest
    got = standing.xs("water_per_capita_m3", level="indicator")["rank"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)
    assert standing.xs("water_per_capita_m3", level="indicator")["median"].iloc[0] == pytest.approx(
        float(column.median()))


# --- NQPF quintiles and the national median ----------------------------------------------------


def test_quintiles_by_hand():
    from yindi.stages.productivity import with_quintiles

    # Seven regions: k-th of 7 in fifth min(floor(5 (k - 1) / 7), 4) + 1 ->
    # k = 1, 2 -> 1; 3 -> 2 (10 // 7 = 1); 4 -> 3 (15 // 7 = 2); 5 -> 3 (20 // 7 = 2);
    # 6 -> 4 (25 // 7 = 3); 7 -> 5 (30 // 7 = 4). G has no closeness: no quintile.
    index = pd.DataFrame({"region": list("ABCDEFGH"), "year": 2020,
                          "closeness": [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, np.nan, 0.3]})
    out = with_quintiles(index).set_index("region")["quintile"]
    assert out.drop("G").astype(int).to_dict() == {"A": 1, "B": 1, "C": 2, "D": 3, "E": 3,
                                                   "F": 4, "H": 5}
    assert pd.isna(out["G"])


def test_national_median_per_year():
    from yindi.stages.productivity import nqpf_summary

    index = pd.DataFrame({"region": list("ABCABC"), "year": [1, 1, 1, 2, 2, 2],
                          "closeness": [0.1, 0.4, 0.2, 0.5, np.nan, 0.3]})
    out = nqpf_summary(index).set_index("year")
    assert out.loc[1, "median"] == 0.2 and out.loc[1, "regions"] == 3
    assert out.loc[2, "median"] == pytest.approx(0.4) and out.loc[2, "regions"] == 2
    assert out.loc[1, "mean"] == pytest.approx(0.7 / 3)
