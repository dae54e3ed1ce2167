"""Where each region stands among the others on every indicator the plan reads.

The report shows, for each province, an indicator's value, its rank and the national median;
these numbers are computed here, once, and tested, so the report only formats them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["standing_table"]


def standing_table(
    frames: Sequence[pd.DataFrame], years: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Rank (1 = highest) and national median of every numeric indicator, per region.

    Parameters
    ----------
    frames : sequence of DataFrame
        Tables with a ``region`` column and one row per region (the plan's ``types`` and
        ``endowments``); every numeric, non-boolean column is an indicator. A column found in
        an earlier frame is taken from there.
    years : mapping, optional
        Indicator -> the year (or range) its values are from, written to ``year`` ("" where
        not given).

    Returns
    -------
    DataFrame
        ``region, indicator, year, value, rank, regions, median``: ``rank`` is the competition rank
        among the regions with a value (``1 +`` the number of regions with a strictly higher
        value, so ties share the better rank), ``regions`` how many have a value, ``median``
        their median, ``without`` the regions lacking a value (names joined by ", " when
        three or fewer, else their number) so that a rank "14 of 30" explains itself. A
        region without a value has value, rank NaN (it is not ranked).
        Rows in region order, then the indicators in column order.
    """
    parts = []
    seen: set[str] = set()
    for frame in frames:
        table = frame.set_index("region")
        for column in table.columns:
            series = table[column]
            numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(
                series
            )
            if column in seen or not numeric:
                continue
            seen.add(column)
            values = series.astype(float)
            known = values.dropna().to_numpy()
            lacking = sorted(str(r) for r in values.index[values.isna()])
            without = ", ".join(lacking) if len(lacking) <= 3 else f"{len(lacking)} regions"
            higher = (known[None, :] > values.to_numpy()[:, None]).sum(axis=1)
            parts.append(
                pd.DataFrame(
                    {
                        "region": values.index.astype(str),
                        "indicator": column,
                        "year": (years or {}).get(str(column), ""),
                        "value": values.to_numpy(),
                        "rank": np.where(values.notna(), higher + 1, np.nan),
                        "regions": known.size,
                        "median": np.median(known) if known.size else np.nan,
                        "without": without,
                    }
                )
            )
    columns = ["region", "indicator", "year", "value", "rank", "regions", "median", "without"]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    order = {r: k for k, r in enumerate(dict.fromkeys(out["region"]))}
    out = out.assign(_r=out["region"].map(order)).sort_values(["_r"], kind="mergesort")
    return out.drop(columns="_r").reset_index(drop=True)[columns]
