"""China's endowment indicators: how the embedded tables become one value per province.

The year choices (power 2017, water 2008, climate 2009 with 2008 as fallback, CO2 2019, the
latest year for the rest) and the units are facts of this dataset's sources, so they live here,
with the dataset, and reach the stages through ``Dataset.knowledge``: ``endowments`` (this
builder), ``indicator_units`` (:data:`CHINA_INDICATOR_UNITS`) and ``coverage``
(:data:`CHINA_COVERAGE`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from yindi.errors import InputError

__all__ = [
    "CHINA_COVERAGE",
    "CHINA_INDICATOR_UNITS",
    "POWER_SOURCES",
    "china_endowments",
    "china_income",
]

#: Raw indicator -> (unit, source table and year rule). Catalogue exclusions name these.
CHINA_INDICATOR_UNITS: dict[str, str] = {
    "annual_mean_temp_c": "deg C; provincial capital, 2009 (2008 where 2009 is missing)",
    "cooling_degree_days": "degree-days above 18 C from monthly means (a lower bound); as above",
    "clean_power_share": "share 0-1; plan year, among the sources the province reports",
    "power_generation_to_consumption": "ratio; plan year, generation of the reported sources",
    "mw55_events_per_10k_km2": "events per 10,000 km2; ISC-GEM Mw >= 5.5, 1964-2012",
    "max_mw": "Mw; strongest event 1900-2012 (ISC-GEM)",
    "water_per_capita_m3": "m3 per person; 2008",
    "land_per_capita_km2": "km2 per 10,000 people; population of the plan year",
    "rd_intensity_pct": "% of GDP; plan year (nearest year with data)",
    "rd_personnel_per_10k": "FTE per 10,000 people; plan year (nearest year with data)",
    "invention_grants_per_10k": "grants per 10,000 people; plan year (nearest year with data)",
    "carbon_intensity_t_per_10k_cny": "t CO2 per 10,000 CNY of GDP; plan year (CEADs, to 2019)",
    "coastal": "1 = coastal province, 0 = inland",
    "gdp_100m_cny": "100 million CNY; plan year",
    "gdp_per_capita_cny": "CNY per person; plan year",
}

#: The five generation sources of ``indicators`` (100 GWh); thermal first.
POWER_SOURCES = (
    "power_thermal_100gwh",
    "power_hydro_100gwh",
    "power_wind_100gwh",
    "power_solar_100gwh",
    "power_nuclear_100gwh",
)

#: Raw indicator -> the column giving the share (0-1) of its inputs the data report. A fit
#: counts the quality's weight in its confidence only by that share: a partial figure lowers
#: confidence and is never completed with zeros.
CHINA_COVERAGE: dict[str, str] = {
    "clean_power_share": "power_coverage",
    "power_generation_to_consumption": "power_coverage",
}


def _nearest(frame: pd.DataFrame, column: str, year: int | None) -> tuple[pd.Series, pd.Series]:
    """Per region, the value of ``column`` in the year nearest to ``year`` that has one (the
    earlier of two equally near; the latest year where ``year`` is None), and that year."""
    part = frame[["region", "year", column]].dropna(subset=[column])
    target = int(part["year"].max()) if year is None else year
    part = part.assign(_d=(part["year"] - target).abs())
    part = part.sort_values(["region", "_d", "year"], kind="mergesort")
    first = part.groupby("region").first()
    return first[column], first["year"].astype(int)


def _span(*years: pd.Series) -> str:
    """The year, or the range of years, a derived indicator was read from."""
    used = sorted({int(y) for series in years for y in series.dropna()})
    if not used:
        return ""
    return str(used[0]) if used[0] == used[-1] else f"{used[0]}-{used[-1]}"


def china_endowments(dataset: Any, year: int | None = None) -> pd.DataFrame:
    """Raw endowment indicators per province from the ``china_provinces`` tables.

    Time-varying indicators (power, population, R&D, patents, GDP, CO2) are read in the year
    nearest to ``year`` (the plan year) that has data, per province; ``None`` takes the latest
    year. Climate (capital city, 2009), water (2008), seismicity and area are fixed. The year
    (or range) each column was read from is in ``attrs["years"]``.

    Needs the tables ``regions``, ``indicators``, ``water``, ``climate`` and ``seismic``. Gaps
    stay NaN (a quality without data lowers the confidence of a fit, it is never imputed).

    Power (2017). The source stores every 0 of a power column as NaN, "not reported": a true
    zero cannot be told from a gap (PROVENANCE, zero rule), so an unreported source is neither
    0 nor imputed. ``clean_power_share`` = (hydro + wind + solar + nuclear) / (all five) over
    the sources the province reports, NaN where thermal (most of the denominator) or every
    clean source is unreported; ``power_generation_to_consumption`` = reported generation /
    consumption. Both are partial where a source is missing, and ``power_coverage`` says how
    partial: the share of the five sources reported (0.8 = one missing), NaN where the share
    is NaN. In 2017, 25 of 31 provinces miss at least one source (24 nuclear, 4 solar, 2
    hydro, 1 wind). A fit counts these qualities' weight in its confidence times the coverage
    (:data:`CHINA_COVERAGE`).

    Returns
    -------
    DataFrame with ``region``, every key of :data:`CHINA_INDICATOR_UNITS` (one row per region)
    and the coverage columns of :data:`CHINA_COVERAGE`.
    """
    try:
        regions = dataset.regions
        ind = dataset.table("indicators")
        water, climate, seismic = (dataset.table(t) for t in ("water", "climate", "seismic"))
    except (AttributeError, InputError) as exc:
        raise InputError(
            "endowments need a dataset with tables regions, indicators, water, climate and "
            f"seismic (as china_provinces); {exc}"
        ) from exc
    out = regions[["region"]].set_index("region")
    for column, source in (
        ("annual_mean_temp_c", "annual_mean_temp_c"),
        ("cooling_degree_days", "cdd18_monthly_lower_bound"),
    ):
        by_year = climate.pivot_table(index="region", columns="year", values=source)
        # The newest single year observed for the capital; 2008 only where 2009 is missing.
        out[column] = by_year.get(2009, np.nan)
        if 2008 in by_year.columns:
            out[column] = out[column].fillna(by_year[2008])
    power_year = int(year if year is not None else ind["year"].max())
    power_year = min(power_year, int(ind.dropna(subset=[POWER_SOURCES[0]])["year"].max()))
    power = ind[ind["year"] == power_year].set_index("region")
    sources = list(POWER_SOURCES)
    reported = power[sources].sum(axis=1, min_count=1)  # the sources reported, none as 0
    clean = power[sources[1:]].sum(axis=1, min_count=1)
    share_known = power[sources[0]].notna() & clean.notna()
    out["clean_power_share"] = (clean / reported).where(share_known)
    out["power_generation_to_consumption"] = reported / power["electricity_consumption_100gwh"]
    out["power_coverage"] = (power[sources].notna().sum(axis=1) / len(sources)).where(
        reported.notna()
    )
    area = regions.set_index("region")["area_km2"]
    quakes = seismic.set_index("region")
    out["mw55_events_per_10k_km2"] = quakes["n_mw55plus_1964_2012"] / area * 1e4
    out["max_mw"] = quakes["max_mw_1900_2012"]
    out["water_per_capita_m3"] = water[water["year"] == 2008].set_index("region")[
        "per_capita_water_resources_m3"
    ]
    pop, pop_year = _nearest(ind, "population_10k", year)
    rd, rd_year = _nearest(ind, "rd_intensity_pct", year)
    staff, staff_year = _nearest(ind, "rd_personnel_fte", year)
    grants, grants_year = _nearest(ind, "invention_patent_grants", year)
    gdp, gdp_year = _nearest(ind, "gdp_100m_cny", year)
    # CO2 per GDP of one year: the nearest year with CO2, and that year's GDP.
    _, co2_year = _nearest(ind, "co2_total_mt", year)
    co2 = ind.set_index(["region", "year"])
    co2 = co2.loc[list(zip(co2_year.index, co2_year, strict=True))].droplevel("year")
    out["land_per_capita_km2"] = area / pop
    out["rd_intensity_pct"] = rd
    out["rd_personnel_per_10k"] = staff / pop
    out["invention_grants_per_10k"] = grants / pop
    out["carbon_intensity_t_per_10k_cny"] = co2["co2_total_mt"] * 1e6 / (co2["gdp_100m_cny"] * 1e4)
    out["coastal"] = regions.set_index("region")["coastal"].astype(float)
    out["gdp_100m_cny"] = gdp
    out["gdp_per_capita_cny"] = out["gdp_100m_cny"] * 1e8 / (pop * 1e4)
    coverage = list(dict.fromkeys(CHINA_COVERAGE.values()))
    table = out[list(CHINA_INDICATOR_UNITS) + coverage].reset_index()
    table.attrs["years"] = {
        "annual_mean_temp_c": "2009",
        "cooling_degree_days": "2009",
        "clean_power_share": str(power_year),
        "power_generation_to_consumption": str(power_year),
        "mw55_events_per_10k_km2": "1964-2012",
        "max_mw": "1900-2012",
        "water_per_capita_m3": "2008",
        "coastal": "",
        "land_per_capita_km2": _span(pop_year),
        "rd_intensity_pct": _span(rd_year),
        "rd_personnel_per_10k": _span(staff_year, pop_year),
        "invention_grants_per_10k": _span(grants_year, pop_year),
        "carbon_intensity_t_per_10k_cny": _span(co2_year),
        "gdp_100m_cny": _span(gdp_year),
        "gdp_per_capita_cny": _span(gdp_year, pop_year),
    }
    return table


def china_income(dataset: Any) -> pd.DataFrame:
    """GDP per person (CNY) by province and year: ``region, year, income``.

    ``gdp_100m_cny * 1e8 / (population_10k * 1e4)`` from the ``indicators`` table, for the
    years with both; the face-validity check of complexity reads it.
    """
    ind = dataset.table("indicators")[["region", "year", "gdp_100m_cny", "population_10k"]]
    ind = ind.dropna()
    income = ind["gdp_100m_cny"] * 1e8 / (ind["population_10k"] * 1e4)
    return pd.DataFrame({"region": ind["region"], "year": ind["year"], "income": income})
