"""The stress stage's result on the shared result contract (:class:`yindi._results.Result`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from yindi._results import FrozenFrame, Result
from yindi.stages._summary import Summary

__all__ = ["StressResult"]


@dataclass(frozen=True)
class StressResult(Result):
    """Result of :func:`yindi.stages.stress.stress`.

    Attributes
    ----------
    losses : DataFrame
        scenario, portfolio, model, region, sector, output_loss, value_added_loss,
        inoperability (one row per region-sector of the table).
    regional : DataFrame
        The same summed by region: output_loss, value_added_loss, output, inoperability (loss
        over the region's output and the duration), rank (1 = largest share lost).
    sectoral : DataFrame
        The same summed by sector over the regions, with the sector's names.
    totals : DataFrame
        Per scenario, model and portfolio: national losses, loss_share, the most exposed region
        and sector (by share of their output lost), the table's assumption.
    difference : DataFrame
        Per scenario and model: uncoordinated vs coordinated portfolio and the difference
        (coordinated minus uncoordinated; negative = coordination loses less).
    portfolio : DataFrame
        Per strategic industry and portfolio (table, uncoordinated, coordinated): hubs and
        their macro-regions, capacity, capable regions, HHI, top region and its share, the
        share of national capacity lost when the top region is cut.
    increments : DataFrame
        Where each portfolio's new final sales were placed (portfolio, region, industry,
        sector, final_sales_added).
    diversification : DataFrame
        portfolio, region, entropy, related_variety, unrelated_variety, hhi.
    resilience : DataFrame
        Martin resistance and recoverability per window, series and region.
    linkages : DataFrame
        model, region, sector: backward and forward linkages (raw, normalised), key_sector,
        value-added multiplier, of the table.
    scenarios : DataFrame
        What was run: name, type, target, size, duration, source, plausibility, status.
    assumptions : tuple of str
        How the table was built and how portfolios and shocks enter it.
    notes : tuple of str
        What was dropped, skipped or cannot be computed.
    """

    _stage = "stress"
    _tables = (
        "losses",
        "regional",
        "sectoral",
        "totals",
        "difference",
        "portfolio",
        "increments",
        "diversification",
        "resilience",
        "linkages",
        "scenarios",
    )

    losses: pd.DataFrame = FrozenFrame()
    regional: pd.DataFrame = FrozenFrame()
    sectoral: pd.DataFrame = FrozenFrame()
    totals: pd.DataFrame = FrozenFrame()
    difference: pd.DataFrame = FrozenFrame()
    portfolio: pd.DataFrame = FrozenFrame()
    increments: pd.DataFrame = FrozenFrame()
    diversification: pd.DataFrame = FrozenFrame()
    resilience: pd.DataFrame = FrozenFrame()
    linkages: pd.DataFrame = FrozenFrame()
    scenarios: pd.DataFrame = FrozenFrame()
    assumptions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def assumptions_text(self) -> str:
        """``assumptions.txt``: the table's construction, the portfolio method, the notes."""
        lines = ["Assumptions", "===========", *(f"- {a}" for a in self.assumptions)]
        if self.notes:
            lines += ["", "Notes", "=====", *(f"- {n}" for n in self.notes)]
        return "\n".join(lines) + "\n"

    def summary(self) -> Summary:
        t = self.totals
        head = {
            "table": str(self.inputs.get("table", "")),
            "scenarios": str(len(self.scenarios)),
            "models": ", ".join(dict.fromkeys(t["model"])) if len(t) else "",
            "portfolios": ", ".join(dict.fromkeys(t["portfolio"])) if len(t) else "",
            "assumptions": "see assumptions.txt (" + str(len(self.assumptions)) + " statements)",
        }
        tables: dict[str, pd.DataFrame] = {}
        if len(self.difference):
            d = self.difference
            tables["Loss with the uncoordinated vs the coordinated portfolio"] = pd.DataFrame(
                {
                    "scenario": d["scenario"],
                    "model": d["model"],
                    "loss, own picks": d["output_loss_uncoordinated"],
                    "loss, coordinated": d["output_loss_coordinated"],
                    "difference (%)": 100 * d["difference_pct"],
                    "added-loss share, own picks (%)": 100 * d["added_loss_share_uncoordinated"],
                    "added-loss share, coordinated (%)": 100 * d["added_loss_share_coordinated"],
                }
            )
        if len(t):
            first = t[t["model"] == t["model"].iloc[0]]
            tables[f"Losses and the most exposed region ({first['model'].iloc[0]} model)"] = first[
                [
                    "scenario",
                    "model",
                    "portfolio",
                    "output_loss",
                    "loss_share",
                    "most_exposed_region",
                    "most_exposed_sector",
                ]
            ]
        if self.notes:
            head["notes"] = f"{len(self.notes)} (see assumptions.txt)"
        return Summary("yindi stress", head, tables)
