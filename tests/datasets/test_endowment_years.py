"""China's endowments follow the plan year, and say which year each figure is from."""

from __future__ import annotations

import pytest

import yindi
from yindi.data.endowments import endowment_table


@pytest.fixture(scope="module")
def china():
    return yindi.datasets.china_provinces()


@pytest.mark.parametrize("year", [2012, 2017])
def test_time_varying_indicators_are_read_in_the_plan_year(china, year) -> None:
    e = endowment_table(china, year).set_index("region")
    ind = china.table("indicators").set_index(["region", "year"])
    row = ind.loc[("Gansu", year)]
    # Straight from the yearbook row of that year (GDP in 100m CNY, population in 10,000).
    assert e.loc["Gansu", "gdp_100m_cny"] == pytest.approx(row["gdp_100m_cny"])
    assert e.loc["Gansu", "rd_intensity_pct"] == pytest.approx(row["rd_intensity_pct"])
    assert e.loc["Gansu", "gdp_per_capita_cny"] == pytest.approx(
        row["gdp_100m_cny"] * 1e8 / (row["population_10k"] * 1e4)
    )
    assert e.loc["Gansu", "carbon_intensity_t_per_10k_cny"] == pytest.approx(
        row["co2_total_mt"] * 1e6 / (row["gdp_100m_cny"] * 1e4)
    )
    years = e.attrs["years"]
    assert years["gdp_100m_cny"] == years["rd_intensity_pct"] == str(year)
    assert years["water_per_capita_m3"] == "2008"  # fixed: the only complete water year


def test_without_a_year_the_latest_data_are_read(china) -> None:
    years = endowment_table(china).attrs["years"]
    ind = china.table("indicators")
    assert years["gdp_100m_cny"] == str(int(ind.dropna(subset=["gdp_100m_cny"])["year"].max()))


def test_the_plan_labels_every_figure_with_its_year() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = yindi.plan(with_productivity=False)
    s = p.standing.set_index(["region", "indicator"])
    assert s.loc[("Gansu", "gdp_per_capita_cny"), "year"] == "2017"
    assert s.loc[("Gansu", "eci"), "year"] == "2017"
    assert s.loc[("Gansu", "water_per_capita_m3"), "year"] == "2008"
    assert s.loc[("Gansu", "gdp_growth_pct_pa"), "year"].startswith("2017-")
