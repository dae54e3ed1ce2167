"""Regional endowments: the raw indicators and the named qualities a catalogue may require.

A *quality* (``cool_climate``, ``clean_power``, ``talent`` ...) is one raw indicator read in the
direction that favours an industry; :func:`yindi.stages.plan.opportunities.quality_scores` turns it into
a 0–1 percentile score across regions. Catalogues name qualities in ``requirements`` and raw
indicators (with their units) in ``exclusions``; both vocabularies live here so the catalogue
validator and the scoring agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from yindi.errors import InputError

__all__ = [
    "Quality",
    "QUALITIES",
    "RAW_INDICATORS",
    "COVERAGE",
    "POWER_SOURCES",
    "endowment_table",
]


@dataclass(frozen=True)
class Quality:
    """A requirement an industry can have of a region: ``indicator`` read ``higher`` or ``lower``."""

    name: str
    indicator: str
    prefer: str  # "higher" or "lower"
    description: str


QUALITIES: dict[str, Quality] = {
    q.name: q
    for q in (
        Quality(
            "cool_climate",
            "cooling_degree_days",
            "lower",
            "little cooling load (data centres): capital-city cooling degree-days above 18 C",
        ),
        Quality(
            "warm_climate",
            "annual_mean_temp_c",
            "higher",
            "long growing season and mild winters; capital-city annual mean temperature",
        ),
        Quality(
            "clean_power",
            "clean_power_share",
            "higher",
            "share of hydro, wind, solar and nuclear in reported generation",
        ),
        Quality(
            "power_surplus",
            "power_generation_to_consumption",
            "higher",
            "generation over consumption: a power-exporting grid, a proxy for cheap power",
        ),
        Quality(
            "seismic_stability",
            "mw55_events_per_10k_km2",
            "lower",
            "few Mw >= 5.5 earthquakes 1964-2012 per area (ISC-GEM)",
        ),
        Quality(
            "water_abundance",
            "water_per_capita_m3",
            "higher",
            "renewable water resources per person (2008)",
        ),
        Quality(
            "land_availability",
            "land_per_capita_km2",
            "higher",
            "land area per person (computed area, not the official figure)",
        ),
        Quality("rd_capacity", "rd_intensity_pct", "higher", "R&D expenditure as % of GDP"),
        Quality(
            "talent",
            "rd_personnel_per_10k",
            "higher",
            "R&D personnel (full-time equivalent) per 10,000 people",
        ),
        Quality(
            "innovation_output",
            "invention_grants_per_10k",
            "higher",
            "invention patents granted per 10,000 people",
        ),
        Quality(
            "low_carbon",
            "carbon_intensity_t_per_10k_cny",
            "lower",
            "CO2 (scope 1, CEADs) per unit of GDP",
        ),
        Quality("coastal_access", "coastal", "higher", "on the coast (ports, marine economy)"),
        Quality("market_size", "gdp_100m_cny", "higher", "size of the regional economy"),
        Quality("income", "gdp_per_capita_cny", "higher", "GDP per person"),
    )
}

#: Raw indicator -> (unit, source table and year rule). Exclusions in a catalogue use these.
RAW_INDICATORS: dict[str, str] = {
    "annual_mean_temp_c": "deg C; provincial capital, 2009 (2008 where 2009 is missing)",
    "cooling_degree_days": "degree-days above 18 C from monthly means (a lower bound); as above",
    "clean_power_share": "share 0-1; 2017, among the sources the province reports",
    "power_generation_to_consumption": "ratio; 2017, generation of the reported sources",
    "mw55_events_per_10k_km2": "events per 10,000 km2; ISC-GEM Mw >= 5.5, 1964-2012",
    "max_mw": "Mw; strongest event 1900-2012 (ISC-GEM)",
    "water_per_capita_m3": "m3 per person; 2008",
    "land_per_capita_km2": "km2 per 10,000 people; latest population",
    "rd_intensity_pct": "% of GDP; latest year",
    "rd_personnel_per_10k": "FTE per 10,000 people; latest year",
    "invention_grants_per_10k": "grants per 10,000 people; latest year",
    "carbon_intensity_t_per_10k_cny": "t CO2 per 10,000 CNY of GDP; 2019 (latest CEADs year)",
    "coastal": "1 = coastal province, 0 = inland",
    "gdp_100m_cny": "100 million CNY; latest year",
    "gdp_per_capita_cny": "CNY per person; latest year",
}


#: The five generation sources of ``indicators`` (100 GWh); thermal first.
POWER_SOURCES = (
    "power_thermal_100gwh",
    "power_hydro_100gwh",
    "power_wind_100gwh",
    "power_solar_100gwh",
    "power_nuclear_100gwh",
)

#: Raw indicator -> the column of :func:`endowment_table` giving the share (0-1) of its inputs
#: the data report. A fit counts the quality's weight in its confidence only by that share
#: (:func:`yindi.stages.plan.opportunities.endowment_fit`): a partial figure lowers confidence and
#: is never completed with zeros.
COVERAGE: dict[str, str] = {
    "clean_power_share": "power_coverage",
    "power_generation_to_consumption": "power_coverage",
}


def _latest(frame: pd.DataFrame, column: str, upto: int | None = None) -> pd.Series:
    """Per region, the value of ``column`` in the latest year that has one (<= ``upto``)."""
    part = frame[["region", "year", column]].dropna(subset=[column])
    if upto is not None:
        part = part[part["year"] <= upto]
    part = part.sort_values(["region", "year"], kind="mergesort")
    return part.groupby("region")[column].last()


def endowment_table(dataset: Any) -> pd.DataFrame:
    """Raw endowment indicators per region from a dataset shaped like ``china_provinces``.

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
    (:data:`COVERAGE`).

    Returns
    -------
    DataFrame with ``region``, every key of :data:`RAW_INDICATORS` (one row per region) and the
    coverage columns of :data:`COVERAGE`.
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
    power = ind[ind["year"] == 2017].set_index("region")
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
    pop = _latest(ind, "population_10k")
    out["land_per_capita_km2"] = area / pop
    out["rd_intensity_pct"] = _latest(ind, "rd_intensity_pct")
    out["rd_personnel_per_10k"] = _latest(ind, "rd_personnel_fte") / pop
    out["invention_grants_per_10k"] = _latest(ind, "invention_patent_grants") / pop
    co2 = ind[ind["year"] == 2019].set_index("region")
    out["carbon_intensity_t_per_10k_cny"] = co2["co2_total_mt"] * 1e6 / (co2["gdp_100m_cny"] * 1e4)
    out["coastal"] = regions.set_index("region")["coastal"].astype(float)
    out["gdp_100m_cny"] = _latest(ind, "gdp_100m_cny")
    out["gdp_per_capita_cny"] = out["gdp_100m_cny"] * 1e8 / (pop * 1e4)
    coverage = list(dict.fromkeys(COVERAGE.values()))
    return out[list(RAW_INDICATORS) + coverage].reset_index()
