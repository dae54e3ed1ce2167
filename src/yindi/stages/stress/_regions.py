"""Per region: how diversified its economy is, and how it weathered past shocks.

Diversification (Frenken, Van Oort & Verburg 2007): Shannon entropy of the region's output over
the table's sectors, split into unrelated variety (between the dataset's sector groups) and
related variety (within them), and the Herfindahl index; for the table and for each portfolio.

Past shocks (Martin 2012; Martin et al. 2016; :func:`yindi.measures.portfolio.resilience_index`)
in the windows of :data:`WINDOWS`, from the yearly series the dataset has:

- ``gdp``: provincial GDP (indicators, 2005-2024, post-revision, current prices): the
  expected change is the national change (no industry mix);
- ``value_added_9``: value added in nine branches (2019-2023, pre-revision, current prices):
  the expected change is shift-share over the branches.

Neither China's nominal GDP nor its value added fell nationally in these windows: the
downturn is the slowdown year, the upturn the year after, and the index compares each region
with what national (branch) growth would have given it. A window a series does not cover
gets a row saying so, never a number.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from yindi.measures.portfolio import resilience_index
from yindi.measures.structure import related_unrelated_variety, structure_indices
from yindi.stages.stress._shocks import State

__all__ = ["WINDOWS", "diversification", "resilience"]

#: Shock windows: (name, downturn (from, to), upturn (from, to)).
WINDOWS: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    ("2008-09 global financial crisis", (2008, 2009), (2009, 2010)),
    ("2020 COVID-19", (2019, 2020), (2020, 2021)),
)


def diversification(states: list[State], groups: pd.Series | None) -> pd.DataFrame:
    """``portfolio, region, entropy, related_variety, unrelated_variety, hhi``."""
    rows = []
    for state in states:
        x = state.x.unstack(level=1)
        # A sector a region does not produce contributes 0 (0 ln 0 = 0): a true zero of the
        # table (sectors with zero output were dropped from the system).
        values = x.fillna(0.0).clip(lower=0.0)
        # Krugman and Theil compare a region with the others; with one region they are
        # undefined (0/0) and not used here, so numpy's warning about them is silenced.
        with np.errstate(invalid="ignore", divide="ignore"):
            idx = structure_indices(values.to_numpy())
        if groups is not None and set(values.columns) <= set(groups.index):
            related, unrelated = related_unrelated_variety(
                values.to_numpy(), groups.reindex(values.columns).to_numpy()
            )
        else:
            related = unrelated = np.full(len(values), np.nan)
        rows.append(
            pd.DataFrame(
                {
                    "portfolio": state.portfolio,
                    "region": values.index.astype(str),
                    "entropy": idx["entropy"],
                    "related_variety": related,
                    "unrelated_variety": unrelated,
                    "hhi": idx["hhi"],
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _series(dataset: Any) -> dict[str, tuple[pd.DataFrame, str]]:
    """name -> (long table region, industry, year, value; description)."""
    out: dict[str, tuple[pd.DataFrame, str]] = {}
    tables = set(getattr(dataset, "tables", ()))
    if "indicators" in tables:
        ind = dataset.table("indicators")
        if "gdp_100m_cny" in ind.columns:
            gdp = ind[["region", "year", "gdp_100m_cny"]].rename(columns={"gdp_100m_cny": "value"})
            out["gdp"] = (
                gdp.assign(industry="GDP"),
                "GDP, 100 million CNY, current prices (post-revision series); expected change = "
                "national change",
            )
    if "value_added_9" in tables:
        va = dataset.table("value_added_9").rename(
            columns={"activity": "industry", "value_100m_cny": "value"}
        )
        out["value_added_9"] = (
            va[["region", "industry", "year", "value"]],
            "value added in 9 branches, 100 million CNY, current prices (pre-revision); "
            "expected change = shift-share over the branches",
        )
    return out


def resilience(dataset: Any) -> pd.DataFrame:
    """Resistance and recoverability per region, window and series (module docstring)."""
    rows = []
    for series, (long, text) in _series(dataset).items():
        wide = long.pivot_table(
            index=["region", "industry"],
            columns="year",
            values="value",
            aggfunc="sum",
            dropna=False,
        )
        # pivot_table sums a cell with no value to 0: put the gaps back as NaN.
        counts = long.pivot_table(
            index=["region", "industry"],
            columns="year",
            values="value",
            aggfunc="count",
            dropna=False,
        )
        wide = wide.where(counts.reindex_like(wide) > 0)
        years = sorted(int(y) for y in long["year"].dropna().unique())
        for window, down, up in WINDOWS:
            for measure, (y0, y1) in (("resistance", down), ("recoverability", up)):
                base = {
                    "window": window,
                    "measure": measure,
                    "series": series,
                    "from_year": y0,
                    "to_year": y1,
                }
                if y0 not in years or y1 not in years:
                    rows.append(
                        {
                            **base,
                            "region": "",
                            "note": f"not covered: {series} has the years {years[0]}-{years[-1]}"
                            if years
                            else f"not covered: {series} is empty",
                        }
                    )
                    continue
                start = wide[y0].unstack(level=1)
                end = wide[y1].unstack(level=1).reindex_like(start)
                res = resilience_index(start, end)
                for region, r in res.iterrows():
                    rows.append(
                        {
                            **base,
                            "region": str(region),
                            "change": r["change"],
                            "expected_change": r["expected_change"],
                            "index": r["index"],
                            "national_change": r["national_change"],
                            "sensitivity": r["sensitivity"],
                            "note": text
                            if np.isfinite(r["index"])
                            else text + "; the region lacks a value in one of the years",
                        }
                    )
    columns = [
        "window",
        "measure",
        "series",
        "from_year",
        "to_year",
        "region",
        "change",
        "expected_change",
        "index",
        "national_change",
        "sensitivity",
        "note",
    ]
    return pd.DataFrame(rows).reindex(columns=columns)
