"""Regional endowments: the raw indicators and the named qualities a catalogue may require.

A *quality* (``cool_climate``, ``clean_power``, ``talent`` ...) is one raw indicator read in the
direction that favours an industry; :func:`yindi.stages.plan.opportunities.quality_scores` turns it
into a 0–1 percentile score across regions. Catalogues name qualities in ``requirements`` and raw
indicators (with their units) in ``exclusions``.

The qualities are general; which column of a dataset carries each one, the indicators' units and
years, and how the indicators are built from the dataset's tables belong to the dataset
(``Dataset.knowledge``: ``qualities``, ``indicator_units``, ``endowments``). The
defaults are those of the embedded ``china_provinces``; :func:`yindi.data.bundle` builds the
knowledge for a user's own regions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from yindi.datasets._china_endowments import CHINA_COVERAGE, CHINA_INDICATOR_UNITS, POWER_SOURCES
from yindi.errors import InputError

__all__ = [
    "Quality",
    "QUALITIES",
    "RAW_INDICATORS",
    "COVERAGE",
    "POWER_SOURCES",
    "endowment_table",
    "indicator_units",
    "plain_name",
    "quality_columns",
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

#: Raw indicator -> unit text of the default dataset (``china_provinces``); a dataset's own
#: vocabulary is :func:`indicator_units`.
RAW_INDICATORS: dict[str, str] = CHINA_INDICATOR_UNITS

#: Partial indicator -> the column giving the share (0-1) of its inputs the data report.
COVERAGE: dict[str, str] = CHINA_COVERAGE


#: Short names of indicators for text a reader sees (ids stay in the tables).
INDICATOR_NAMES: dict[str, str] = {
    "annual_mean_temp_c": "annual mean temperature (deg C)",
    "cooling_degree_days": "cooling degree-days",
    "clean_power_share": "clean share of power generation",
    "power_generation_to_consumption": "power generation / consumption",
    "mw55_events_per_10k_km2": "strong earthquakes per 10,000 km2",
    "max_mw": "strongest earthquake (Mw)",
    "water_per_capita_m3": "water resources per person (m3)",
    "land_per_capita_km2": "land per 10,000 people (km2)",
    "rd_intensity_pct": "R&D intensity (% of GDP)",
    "rd_personnel_per_10k": "R&D personnel per 10,000 people",
    "invention_grants_per_10k": "invention patents per 10,000 people",
    "carbon_intensity_t_per_10k_cny": "CO2 per 10,000 CNY of GDP (t)",
    "coastal": "coastal location",
    "gdp_100m_cny": "GDP (100 million CNY)",
    "gdp_per_capita_cny": "GDP per person (CNY)",
    "gdp_per_capita": "GDP per person",
    "gdp": "GDP",
    "population": "population",
    "population_10k": "population (10,000)",
}


def plain_name(name: str) -> str:
    """A quality or indicator id as words: ``power_surplus`` -> ``power surplus``."""
    return INDICATOR_NAMES.get(name, name.replace("_", " "))


def _knowledge(dataset: Any) -> Mapping[str, Any]:
    knowledge = getattr(dataset, "knowledge", None)
    return knowledge if isinstance(knowledge, Mapping) else {}


def quality_columns(dataset: Any = None) -> dict[str, str]:
    """Quality -> the column of the dataset's endowment table that measures it.

    The dataset's ``knowledge["qualities"]`` overrides the default indicator of a quality
    (:data:`QUALITIES`); ``None`` gives the defaults.
    """
    override = _knowledge(dataset).get("qualities", {})
    return {name: str(override.get(name, q.indicator)) for name, q in QUALITIES.items()}


def indicator_units(dataset: Any = None) -> dict[str, str]:
    """Raw indicator -> unit and year text of the dataset (default: :data:`RAW_INDICATORS`)."""
    return dict(_knowledge(dataset).get("indicator_units", RAW_INDICATORS))


def endowment_table(dataset: Any, year: int | None = None) -> pd.DataFrame:
    """Raw endowment indicators, one row per region, as the dataset defines them.

    The dataset's ``knowledge["endowments"]`` builder when it has one (``china_provinces``:
    :func:`yindi.datasets._china_endowments.china_endowments`, reading time-varying indicators
    in the year nearest to ``year``, the latest for None), else its ``endowments`` table (a
    bundle's: ``region`` plus whatever indicators the user gave). ``attrs["years"]`` says
    which year each indicator is from, where known. Gaps stay NaN: a quality without data
    lowers the confidence of a fit, it is never imputed.
    """
    build = _knowledge(dataset).get("endowments")
    if callable(build):
        table: pd.DataFrame = build(dataset, year)
        return table
    tables = getattr(dataset, "tables", ())
    if "endowments" in tables:
        return dataset.table("endowments")
    raise InputError(
        f"dataset {getattr(dataset, 'name', type(dataset).__name__)!r} has neither an "
        "endowments table nor an endowments builder in its knowledge; build the dataset with "
        "yindi.data.bundle(...), which makes one from the region table"
    )
