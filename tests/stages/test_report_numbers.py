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
