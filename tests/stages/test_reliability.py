"""The diagnosis says how far each year's complexity ranking can be trusted."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

import yindi
from yindi.errors import ComputationWarning

# The same six-region network in both years, so the ranking cannot change between them.
NESTED = pd.DataFrame(
    [
        (f"r{k}", f"a{p}", year, 1.0 + p)
        for year in (2015, 2016)
        for k in range(6)
        for p in range(8)
        if p <= k + 2
    ],
    columns=["region", "activity", "year", "value"],
)


def _quiet(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return yindi.diagnose(*args, **kw)


def _income(direction: int) -> pd.Series:
    """Income per head in the order of the regions' complexity (or the reverse)."""
    eci = _quiet(NESTED, year=2015).region.set_index("region")["eci"]
    return (direction * eci).rank().astype(float) * 1000.0


def test_a_stable_ranking_rising_with_income_passes() -> None:
    income = _income(+1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ComputationWarning)
        d = yindi.diagnose(NESTED, income=income, replicates=50)
    rel = d.reliability.set_index("year")
    eci = d.region.pivot(index="region", columns="year", values="eci")
    # Independent references: scipy's Spearman on the two years, and on ECI vs income.
    assert rel.loc[2016, "eci_spearman"] == pytest.approx(spearmanr(eci[2015], eci[2016])[0])
    assert rel.loc[2016, "eci_spearman"] == pytest.approx(1.0)
    assert rel.loc[2016, "income_spearman"] == pytest.approx(
        spearmanr(eci[2016], income.loc[eci.index])[0]
    )
    assert rel["stable"].all() and rel["valid"].all() and (rel["warnings"] == "").all()
    assert pd.isna(rel.loc[2015, "eci_spearman"]) and rel.loc[2016, "compared_with"] == 2015


def test_a_ranking_falling_with_income_is_flagged_in_words() -> None:
    income = _income(-1)
    with pytest.warns(ComputationWarning, match="complexity falls as income per head rises"):
        d = yindi.diagnose(NESTED, income=income)
    rel = d.reliability
    assert not rel["valid"].any() and rel["stable"].all()
    np.testing.assert_allclose(rel["income_spearman"], -1.0)
    assert "UNRELIABLE" in str(d.summary())


def test_china_complexity_is_flagged_unstable_with_the_measured_numbers() -> None:
    d = _quiet(yindi.datasets.china_provinces())
    eci = d.region.pivot(index="region", columns="year", values="eci")
    rel = d.reliability.set_index("year")
    rho = spearmanr(eci[2012], eci[2017])[0]
    assert rel.loc[2017, "eci_spearman"] == pytest.approx(rho) and rho < 0
    assert not rel.loc[2017, "stable"]
    assert "ranks change between 2012 and 2017" in rel.loc[2017, "warnings"]
    # Income per head from the embedded indicators (GDP / population), 2012.
    ind = yindi.datasets.china_provinces().table("indicators")
    ind = ind[ind["year"] == 2012].set_index("region")
    income = ind["gdp_100m_cny"] / ind["population_10k"]
    assert rel.loc[2012, "income_spearman"] == pytest.approx(
        spearmanr(eci[2012], income.loc[eci.index])[0]
    )


def test_resampling_is_reproducible_and_optional() -> None:
    a = _quiet(NESTED, replicates=30, seed=3).reliability
    b = _quiet(NESTED, replicates=30, seed=3).reliability
    pd.testing.assert_frame_equal(a, b)
    assert np.isnan(_quiet(NESTED).reliability["rank_width"]).all()
