"""Each region's water, energy and carbon budget, in hub units, from the plan's endowments.

A hub of industry i uses ``units[level]`` of each resource, the level being the catalogue's
``water_intensity``, ``energy_intensity`` and ``carbon_intensity`` (low, medium, high). A
region's budget in a resource is ``base x clip(index, floor, cap)``, the index comparing the
region's resource with the national median:

- water: renewable water resources (per person x people, m3; China: 2008);
- energy: power generation over consumption (a power-exporting grid has room; plan year);
- carbon: the median carbon intensity of GDP over the region's (a cleaner economy has more
  room under a national carbon path; plan year).

So the median region can host ``base / units["medium"]`` medium-intensity hubs of a resource
(3 by default). A region without the figure has no budget in that resource, and the
``budgets`` table says so: a missing figure is never replaced by a guess.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from yindi.stages.coordinate._config import RESOURCES, CoordinateConfig

__all__ = ["RESOURCE_COLUMNS", "budget_table", "resource_quantities", "usage_table"]

#: Resource -> how its quantity is read from the plan's endowment table.
RESOURCE_COLUMNS = {
    "water": "renewable water resources (m3)",
    "energy": "power generation / consumption",
    "carbon": "1 / CO2 per unit of GDP",
}


def resource_quantities(endowments: pd.DataFrame) -> pd.DataFrame:
    """Region x resource quantity (NaN where the data lack it), in the units above."""
    e = endowments.set_index("region")
    out = pd.DataFrame(index=e.index)
    people = np.nan
    if {"gdp_100m_cny", "gdp_per_capita_cny"} <= set(e.columns):
        people = e["gdp_100m_cny"] * 1e8 / e["gdp_per_capita_cny"]
    out["water"] = e["water_per_capita_m3"] * people if "water_per_capita_m3" in e else np.nan
    generation = "power_generation_to_consumption"
    out["energy"] = e[generation] if generation in e else np.nan
    intensity = "carbon_intensity_t_per_10k_cny"
    out["carbon"] = 1.0 / e[intensity].where(e[intensity] > 0) if intensity in e else np.nan
    return out.astype(float)


def budget_table(
    quantities: pd.DataFrame,
    config: CoordinateConfig,
    years: Mapping[str, str] | None = None,
    medians: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """``region, resource, quantity, index, budget, year, note`` (budget NaN = no limit).

    ``medians`` fixes the national yardstick (a scenario that raises some regions' resources
    must not lower everyone else's budget by moving the median); default: the medians of
    ``quantities``.
    """
    rows = []
    year_of = {
        "water": (years or {}).get("water_per_capita_m3", ""),
        "energy": (years or {}).get("power_generation_to_consumption", ""),
        "carbon": (years or {}).get("carbon_intensity_t_per_10k_cny", ""),
    }
    for resource in RESOURCES:
        values = quantities[resource]
        median = float(values.median()) if values.notna().any() else np.nan
        if medians is not None and resource in medians:
            median = float(medians[resource])
        index = (values / median).clip(config.budget_floor, config.budget_cap)
        for region, quantity in values.items():
            known = pd.notna(quantity) and pd.notna(median) and median > 0
            rows.append(
                {
                    "region": str(region),
                    "resource": resource,
                    "quantity": float(quantity),
                    "index": float(index[region]) if known else np.nan,
                    "budget": float(config.budget_base * index[region]) if known else np.nan,
                    "year": year_of[resource],
                    "note": "" if known else "no data: not limited",
                }
            )
    return pd.DataFrame(rows)


def usage_table(industries: pd.DataFrame, config: CoordinateConfig) -> pd.DataFrame:
    """``industry, resource, amount``: the hub units of each industry by intensity level."""
    rows = [
        {
            "industry": str(row["id"]),
            "resource": resource,
            "amount": float(config.budget_units[str(row[f"{resource}_intensity"])]),
        }
        for _, row in industries.iterrows()
        for resource in RESOURCES
    ]
    return pd.DataFrame(rows)
