"""How far each year's complexity ranking can be trusted: the ``reliability`` table.

Per year (:mod:`yindi.measures.stability`): the rank correlation of region complexity with the
previous year, the median resampling interval of the region ranks (when ``replicates`` > 0),
the eigengap, and the rank correlation with income per head (when income is known). Each year
is judged ``stable`` and ``valid`` against :class:`~yindi.measures.stability.Thresholds`, and
``warnings`` words every failure in plain language.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from yindi.errors import InputError
from yindi.measures import stability

__all__ = ["income_for", "income_frame", "reliability_table"]

COLUMNS = (
    "year",
    "compared_with",
    "eci_spearman",
    "rank_width",
    "eigengap",
    "income_spearman",
    "income_regions",
    "stable",
    "valid",
    "warnings",
)


def income_frame(income: Any) -> pd.DataFrame | None:
    """``region, year, income`` from a Series by region (every year) or a frame with
    ``region``, optional ``year`` and ``income`` columns; None stays None."""
    if income is None:
        return None
    if isinstance(income, pd.Series):
        frame = income.rename("income").rename_axis("region").reset_index()
    elif isinstance(income, pd.DataFrame) and {"region", "income"} <= set(income.columns):
        frame = income.copy()
    else:
        raise InputError(
            "income= must be a Series of income per head by region, or a table with columns "
            "region, [year], income"
        )
    if "year" not in frame.columns:
        frame["year"] = pd.NA
    frame = frame[["region", "year", "income"]].astype({"region": str})
    frame["income"] = pd.to_numeric(frame["income"], errors="coerce").astype(float)
    return frame


def income_for(income: pd.DataFrame | None, year: int) -> pd.Series | None:
    """Income per head by region in ``year``, or in the nearest year with income data."""
    if income is None:
        return None
    timed = income[income["year"].notna()]
    if len(timed):
        # The nearest year with income data: the diagnosis year itself when it has one.
        years = np.asarray(sorted(set(timed["year"].astype(int))))
        nearest = int(years[np.argmin(np.abs(years - year))])
        part = timed[timed["year"].astype(int) == nearest]
    else:
        part = income
    return part.groupby("region")["income"].last()


def reliability_table(
    region: pd.DataFrame,
    eigengaps: dict[int, float],
    rank_widths: dict[int, float],
    income: pd.DataFrame | None,
) -> pd.DataFrame:
    """One row per year (see the module docstring); ``region`` holds region, year, eci."""
    eci = region.astype({"region": str})[["region", "year", "eci"]]
    pairs = stability.year_rank_correlation(eci, key="region", year="year", value="eci")
    previous = pairs.set_index("year_to")
    rows = []
    for year in sorted(eigengaps):
        pair = previous.loc[year] if year in previous.index else None
        this = eci[eci["year"] == year].set_index("region")["eci"]
        inc = income_for(income, year)
        income_rho = stability.face_validity(this, inc) if inc is not None else None
        width = rank_widths.get(year, float("nan"))
        rel = stability.Reliability(
            year_spearman=float("nan") if pair is None else float(pair["spearman"]),
            median_rank_width=width,
            eigengap=eigengaps[year],
            income_spearman=float("nan") if income_rho is None else income_rho[0],
            n=int(this.notna().sum()),
            years=None if pair is None else (int(pair["year_from"]), year),
            income_n=0 if income_rho is None else income_rho[1],
        )
        rows.append(
            (
                year,
                None if pair is None else int(pair["year_from"]),
                rel.year_spearman,
                width,
                rel.eigengap,
                rel.income_spearman,
                rel.income_n,
                rel.stable,
                rel.valid,
                "; ".join(rel.warnings()),
            )
        )
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    return out.astype({"compared_with": "Int64", "income_regions": "int64"})
