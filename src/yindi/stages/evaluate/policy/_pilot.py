"""The shipped case: China's staggered national pilot policies on the embedded outcomes.

:func:`pilot_policies` reads ``yindi/datasets/policy/pilot_policies.csv`` (built by
``scripts/build_policy_tables.py``; every row with its source line, see the folder's
``PROVENANCE.md``). :func:`pilot_treatment` gives one policy's treatment table and
:func:`embedded_outcomes` the outcomes of the embedded provinces dataset, each over the years
its source covers:

=========================  ==========  ==============================================
outcome                    years       definition
=========================  ==========  ==============================================
nqpf_index                 2011-2019   NQPF index (TOPSIS closeness, entropy weights;
                                       :mod:`yindi.stages.productivity.nqpf`), 30
                                       provinces (no Tibet: no CO2 inventory)
rd_intensity_pct           2011-2023   R&D expenditure / GDP, per cent
log_patent_applications    2010-2023   ln of domestic patent applications accepted
log_gdp_per_capita         2005-2024   ln of GDP (current prices) per resident, yuan
=========================  ==========  ==============================================
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import choose
from yindi.datasets import resolve

__all__ = [
    "EMBEDDED_OUTCOMES",
    "POLICIES",
    "embedded_outcomes",
    "pilot_policies",
    "pilot_treatment",
]

#: policy id -> its name (English, Chinese)
POLICIES = {
    "national_big_data_comprehensive_pilot_zone": (
        "national big-data comprehensive pilot zones",
        "国家大数据综合试验区",
    ),
    "pilot_free_trade_zone": ("pilot free trade zones", "自由贸易试验区"),
}

#: embedded outcome -> what it is
EMBEDDED_OUTCOMES = {
    "nqpf_index": "NQPF index (TOPSIS closeness, 2011-2019)",
    "rd_intensity_pct": "R&D expenditure / GDP, % (2011-2023)",
    "log_patent_applications": "ln domestic patent applications (2010-2023)",
    "log_gdp_per_capita": "ln GDP per resident, current yuan (2005-2024)",
}


def pilot_policies() -> pd.DataFrame:
    """Every row of the shipped pilot-policy table (34 rows, with source lines)."""
    path = files("yindi.datasets").joinpath("policy", "pilot_policies.csv")
    with path.open("rb") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    table["batch"] = pd.to_numeric(table["batch"], errors="coerce").astype("Int64")
    return table


def pilot_treatment(policy: str = "national_big_data_comprehensive_pilot_zone") -> pd.DataFrame:
    """One policy's treatment table: region, start (date), coverage, batch and sources.

    Area expansions of existing zones are not first treatment and are left out.
    """
    choose("policy", policy, POLICIES)
    table = pilot_policies()
    table = table[table["policy"] == policy]
    cols = [
        "region",
        "start_date",
        "batch",
        "coverage",
        "date_type",
        "note",
        "source_title",
        "source_address",
    ]
    return table[cols].rename(columns={"start_date": "start"}).reset_index(drop=True)


def embedded_outcomes(dataset: Any = None) -> pd.DataFrame:
    """The embedded outcomes (module docstring), one row per region and year, NaN where absent."""
    from yindi.stages.productivity.nqpf import load_nqpf_config, nqpf_index

    data = resolve(dataset, needs=("table",), stage="evaluate policy")
    ind = data.table("indicators")
    config = load_nqpf_config(None, columns=[c for c in ind.columns if c not in ("region", "year")])
    index = nqpf_index(config, ind)["index"][["region", "year", "closeness"]]
    out = ind[["region", "year"]].copy()
    out["rd_intensity_pct"] = ind["rd_intensity_pct"].astype(float)
    patents = ind["patent_applications"].astype(float)
    out["log_patent_applications"] = np.log(patents.where(patents > 0))
    person = ind["gdp_100m_cny"].astype(float) * 1e8 / (ind["population_10k"].astype(float) * 1e4)
    out["log_gdp_per_capita"] = np.log(person.where(person > 0))
    out = out.merge(
        index.rename(columns={"closeness": "nqpf_index"}), on=["region", "year"], how="left"
    )
    out["region"] = out["region"].astype(str)
    cols = ["region", "year", *EMBEDDED_OUTCOMES]
    return out[cols].sort_values(["region", "year"], kind="mergesort").reset_index(drop=True)
