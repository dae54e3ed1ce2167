"""Atlas-style size filters: tiny regions (territories exporting five goods) are left out."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from scipy.stats import spearmanr

import yindi
from yindi.errors import DroppedWarning

# Totals by hand: A 1 + 2 + 3 = 6, B 10 + 20 + 30 + 40 = 100, C 100 + 200 + 300 + 400 = 1000,
# D 50 + 50 + 50 + 50 = 200.
SMALL = pd.DataFrame(
    [("A", a, 2020, v) for a, v in zip("pqr", [1, 2, 3], strict=True)]
    + [("B", a, 2020, v) for a, v in zip("pqrs", [10, 20, 30, 40], strict=True)]
    + [("C", a, 2020, v) for a, v in zip("pqrs", [100, 200, 300, 400], strict=True)]
    + [("D", a, 2020, v) for a, v in zip("pqrs", [50, 50, 50, 50], strict=True)],
    columns=["region", "activity", "year", "value"],
)


def test_min_total_leaves_out_small_regions_and_names_them() -> None:
    with pytest.warns(DroppedWarning, match=r"left out 1 region\(s\) below the size filter.*: A"):
        d = yindi.diagnose(SMALL, min_total=50)
    assert sorted(d.region["region"].astype(str)) == ["B", "C", "D"]
    assert d.options["min_total"] == 50


def test_min_population_needs_and_uses_population() -> None:
    pop = pd.DataFrame({"region": list("ABCD"), "population": [5e6, 0.5e6, 2e6, None]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = yindi.diagnose(SMALL, population=pop, min_population=1e6)
    # B has fewer than 1 million people; D's population is unknown: both left out.
    assert sorted(d.region["region"].astype(str)) == ["A", "C"]
    with pytest.raises(yindi.errors.InputError, match="min_population needs population="):
        yindi.diagnose(SMALL, min_population=1e6)


def test_world_trade_with_the_atlas_filter_ranks_rich_diversified_countries_first(
    shared_data,
) -> None:
    data = shared_data
    t = pd.read_csv(data / "trade" / "world_trade_avg_1998_to_2000_sitc2_4digit.csv",
                    dtype={"product": str})
    t = t.rename(columns={"country": "region", "product": "activity"}).assign(year=2000)
    gdp = pd.read_csv(data / "trade" / "world_gdp_pc_avg_1998_to_2000.csv").set_index(
        "country")["value"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = yindi.diagnose(t, income=gdp)
        # The table's totals are in odd units (data README), so the cut is relative: 0.1 % of
        # world exports, which keeps 126 of 226 countries (the Atlas keeps about 128).
        kept = yindi.diagnose(t, income=gdp, min_total=0.001 * t["value"].sum())
    top = raw.region.sort_values("eci", ascending=False)["region"].astype(str).head(3).tolist()
    assert "sgs" in top  # South Georgia among the top 3 without a filter (the issue)
    eci = kept.region.set_index("region")["eci"]
    assert len(eci) == 126 and "sgs" not in eci.index and "hmd" not in eci.index
    assert set(eci.sort_values(ascending=False).index[:5]) >= {"jpn", "deu"}
    rho = spearmanr(eci, gdp.reindex(eci.index), nan_policy="omit")[0]
    assert kept.reliability["income_spearman"].iloc[0] == pytest.approx(rho)
    assert rho > 0.4
