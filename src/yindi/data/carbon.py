"""Carbon intensity of each region's IO activities, from the CEADs sectoral inventory.

CEADs reports scope-1 CO2 for 45 production sectors of the national industrial classification;
the provincial IO tables use 42 product sectors (41 harmonised activities). The crosswalk below
maps every CEADs production sector to the IO activity that contains it (several CEADs sectors
sum into one activity). CEADs "Others" (unallocated services) and the household rows have no
IO activity and are left out, so service activities carry only what CEADs attributes to them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from yindi.errors import InputError

__all__ = ["CEADS_TO_ACTIVITY", "sector_carbon_intensity"]

#: CEADs sector_index -> harmonised IO activity (see the module docstring).
CEADS_TO_ACTIVITY: dict[int, str] = {
    1: "S01",
    8: "S01",  # farming etc.; logging of wood and bamboo
    2: "S02",
    3: "S03",
    4: "S04",
    5: "S04",  # coal; oil and gas; ferrous and nonferrous ores
    6: "S05",
    7: "S05",  # nonmetal and other minerals
    9: "S06",
    10: "S06",
    11: "S06",
    12: "S06",  # food processing/production, beverages, tobacco
    13: "S07",
    14: "S08",
    15: "S08",
    16: "S09",
    17: "S09",
    18: "S10",
    19: "S10",
    20: "S10",
    21: "S11",
    22: "S12",
    23: "S12",
    24: "S12",
    25: "S12",
    26: "S12",  # chemicals, pharma, fibres, rubber, plastics
    27: "S13",
    28: "S14",
    29: "S14",
    30: "S15",
    31: "S16",
    32: "S17",
    33: "S18",
    34: "S19",
    35: "S20",
    36: "S21",
    37: "S22",
    38: "S22",
    39: "S24",
    40: "S25",
    41: "S26",
    42: "S27",
    43: "S29",  # transport, storage, post (and telecoms)
    44: "S28",  # wholesale, retail and catering: booked to trade
}


def sector_carbon_intensity(dataset: Any, year: int = 2017) -> pd.DataFrame:
    """CO2 per unit of gross output for every region x activity CEADs covers, in ``year``.

    Returns
    -------
    DataFrame ``region, activity, co2_mt, gross_output_10k_cny, carbon_intensity`` with the
    intensity in tonnes of CO2 per 10,000 CNY of gross output. Regions CEADs does not cover
    (Tibet) have no rows.
    """
    try:
        co2 = dataset.table("co2_by_sector")
        output = dataset.table("sector_output")
    except (AttributeError, InputError) as exc:
        raise InputError(
            f"carbon intensity needs the tables co2_by_sector and sector_output; {exc}"
        ) from exc
    part = co2[(co2["year"] == year) & co2["sector_index"].isin(list(CEADS_TO_ACTIVITY))]
    if part.empty:
        raise InputError(f"no CEADs rows for year {year}; years: {sorted(co2['year'].unique())}")
    part = part.assign(activity=part["sector_index"].map(CEADS_TO_ACTIVITY))
    by_activity = part.groupby(["region", "activity"], as_index=False)["co2_mt"].sum()
    out = output[output["year"] == year][["region", "activity", "gross_output_10k_cny"]]
    merged = by_activity.merge(out, on=["region", "activity"], how="inner")
    gross = merged["gross_output_10k_cny"].where(merged["gross_output_10k_cny"] > 0)
    merged["carbon_intensity"] = merged["co2_mt"] * 1e6 / gross
    return merged.sort_values(["region", "activity"], kind="mergesort").reset_index(drop=True)
