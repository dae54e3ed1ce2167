"""The result tables of the stress stage, assembled from the tidy losses (presentation-free).

``regional`` and ``sectoral`` sum the losses by province and by sector, ``totals`` per
scenario, model and portfolio, ``difference`` compares the two portfolios; ``linkages`` and
``scenario_rows`` describe the table and what was run.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from yindi.measures.io import ghosh_inverse, linkages, value_added_multipliers
from yindi.stages.stress._economy import Economy
from yindi.stages.stress._scenarios import StressScenario
from yindi.stages.stress._shocks import State, System

__all__ = [
    "difference_table",
    "linkage_table",
    "regional_table",
    "scenario_rows",
    "sectoral_table",
    "totals_table",
]


def linkage_table(economy: Economy, systems: list[System]) -> pd.DataFrame:
    frames = []
    for system in systems:
        g = ghosh_inverse(system.L, economy.x)
        out = linkages(system.L, g)
        out["value_added_multiplier"] = (
            value_added_multipliers(system.L, economy.va_coefficient * economy.x, economy.x)
            if economy.va_coefficient is not None and economy.va_coefficient.notna().all()
            else np.nan
        )
        out.insert(0, "sector", out.index.get_level_values(1).astype(str))
        out.insert(0, "region", out.index.get_level_values(0).astype(str))
        out.insert(0, "model", system.model)
        frames.append(out.reset_index(drop=True))
    return pd.concat(frames, ignore_index=True)


def _plausibility(scenario: StressScenario, dataset: Any) -> str:
    """For a disruption of whole regions: their earthquake record in the embedded catalogue."""
    if scenario.type != "output_disruption" or dataset is None:
        return ""
    if "seismic" not in getattr(dataset, "tables", ()):
        return ""
    seismic = dataset.table("seismic").set_index("region")
    parts = []
    for region in scenario.regions:
        if region not in seismic.index:
            continue
        s = seismic.loc[region]
        n6 = int(s["n_mw6plus_1964_2012"])
        every = f", about one every {49 / n6:.1f} years" if n6 else ""
        parts.append(
            f"{region}: {int(s['n_mw7plus_1900_2012'])} earthquakes of Mw >= 7 in 1900-2012, "
            f"largest Mw {s['max_mw_1900_2012']:.2f}; {n6} of Mw >= 6 in 1964-2012{every} "
            "(ISC-GEM v3, embedded seismic table)"
        )
    return "; ".join(parts)


def scenario_rows(
    scenarios: list[StressScenario], status: dict[str, str], dataset: Any
) -> pd.DataFrame:
    rows = []
    for s in scenarios:
        rec = s.record()
        rows.append(
            {
                "scenario": s.name,
                "name_zh": s.name_zh,
                "type": s.type,
                "regions": ", ".join(s.regions) or "all",
                "sectors": ", ".join(s.sectors) or "all",
                "categories": ", ".join(s.categories),
                "goods": ", ".join(s.goods),
                "size": s.size,
                "duration_years": s.duration,
                "recovery_months": np.nan
                if rec["recovery_months"] is None
                else rec["recovery_months"],
                "source": s.source,
                "plausibility": _plausibility(s, dataset),
                "file": s.file,
                "status": status.get(s.name, "run"),
            }
        )
    return pd.DataFrame(rows)


def regional_table(
    losses: pd.DataFrame, states: dict[str, State], durations: dict[str, float]
) -> pd.DataFrame:
    keys = ["scenario", "portfolio", "model", "region"]
    out = losses.groupby(keys, sort=False)[["output_loss", "value_added_loss"]].sum(min_count=1)
    # A region with any unknown value added has an unknown total (never read as 0).
    unknown = losses["value_added_loss"].isna().groupby([losses[k] for k in keys], sort=False).any()
    out.loc[unknown[unknown].index, "value_added_loss"] = np.nan
    out = out.reset_index()
    size = {p: s.x.groupby(level=0).sum() for p, s in states.items()}
    out["output"] = [
        float(size[p][r]) for p, r in zip(out["portfolio"], out["region"], strict=True)
    ]
    out["inoperability"] = out["output_loss"] / (out["output"] * out["scenario"].map(durations))
    out["rank"] = (
        out.groupby(["scenario", "portfolio", "model"], sort=False)["inoperability"]
        .rank(ascending=False, method="first")
        .astype("Int64")
    )
    return out


def sectoral_table(
    losses: pd.DataFrame,
    states: dict[str, State],
    durations: dict[str, float],
    activities: pd.DataFrame | None,
) -> pd.DataFrame:
    """National losses per sector (summed over regions), with the sector's names."""
    keys = ["scenario", "portfolio", "model", "sector"]
    out = losses.groupby(keys, sort=False)[["output_loss", "value_added_loss"]].sum(min_count=1)
    unknown = losses["value_added_loss"].isna().groupby([losses[k] for k in keys], sort=False).any()
    out.loc[unknown[unknown].index, "value_added_loss"] = np.nan
    out = out.reset_index()
    size = {p: s.x.groupby(level=1).sum() for p, s in states.items()}
    out["output"] = [
        float(size[p][k]) for p, k in zip(out["portfolio"], out["sector"], strict=True)
    ]
    out["inoperability"] = out["output_loss"] / (out["output"] * out["scenario"].map(durations))
    names = (
        activities.set_index(activities["activity"].astype(str))
        if activities is not None
        else pd.DataFrame(columns=["name_en", "name_zh"])
    )
    out.insert(4, "name_en", out["sector"].map(names.get("name_en", pd.Series(dtype=object))))
    out.insert(5, "name_zh", out["sector"].map(names.get("name_zh", pd.Series(dtype=object))))
    return out


def totals_table(
    losses: pd.DataFrame, regional: pd.DataFrame, durations: dict[str, float], assumption: str
) -> pd.DataFrame:
    rows = []
    for (scenario, model, portfolio), part in losses.groupby(
        ["scenario", "model", "portfolio"], sort=False
    ):
        reg = regional[
            (regional["scenario"] == scenario)
            & (regional["model"] == model)
            & (regional["portfolio"] == portfolio)
        ]
        top = reg.sort_values(
            ["inoperability", "region"], ascending=[False, True], kind="mergesort"
        ).iloc[0]
        biggest = reg.sort_values(
            ["output_loss", "region"], ascending=[False, True], kind="mergesort"
        ).iloc[0]
        sec = part.sort_values(
            ["inoperability", "region", "sector"], ascending=[False, True, True], kind="mergesort"
        ).iloc[0]
        va = part["value_added_loss"]
        rows.append(
            {
                "scenario": scenario,
                "model": model,
                "portfolio": portfolio,
                "output_loss": float(part["output_loss"].sum()),
                "value_added_loss": float(va.sum()) if va.notna().all() else np.nan,
                "output": float(reg["output"].sum()),
                "duration": durations[scenario],
                "loss_share": float(part["output_loss"].sum())
                / (float(reg["output"].sum()) * durations[scenario]),
                "most_exposed_region": top["region"],
                "most_exposed_region_share": float(top["inoperability"]),
                "largest_loss_region": biggest["region"],
                "largest_loss": float(biggest["output_loss"]),
                "most_exposed_sector": f"{sec['region']} {sec['sector']}",
                "most_exposed_sector_share": float(sec["inoperability"]),
                "assumption": assumption,
            }
        )
    return pd.DataFrame(rows)


def _added(by_portfolio: pd.DataFrame, name: str) -> float:
    """(loss with the portfolio - loss of the table) / (output it adds x duration)."""
    row, table = by_portfolio.loc[name], by_portfolio.loc["table"]
    added = float(row["output"] - table["output"])
    if added <= 0:
        return float("nan")
    return float(row["output_loss"] - table["output_loss"]) / (added * float(row["duration"]))


def difference_table(totals: pd.DataFrame) -> pd.DataFrame:
    columns = [
        "scenario",
        "model",
        "output_loss_table",
        "output_loss_uncoordinated",
        "output_loss_coordinated",
        "difference",
        "difference_pct",
        "value_added_difference",
        "loss_share_uncoordinated",
        "loss_share_coordinated",
        "added_loss_share_uncoordinated",
        "added_loss_share_coordinated",
        "assumption",
    ]
    if not set(totals["portfolio"]) >= {"uncoordinated", "coordinated"}:
        return pd.DataFrame(columns=columns)
    rows = []
    for (scenario, model), part in totals.groupby(["scenario", "model"], sort=False):
        p = part.set_index("portfolio")
        unc, coo = p.loc["uncoordinated"], p.loc["coordinated"]
        diff = float(coo["output_loss"] - unc["output_loss"])
        rows.append(
            {
                "scenario": scenario,
                "model": model,
                "output_loss_table": float(p.loc["table", "output_loss"]),
                "output_loss_uncoordinated": float(unc["output_loss"]),
                "output_loss_coordinated": float(coo["output_loss"]),
                "difference": diff,
                "difference_pct": diff / float(unc["output_loss"])
                if unc["output_loss"]
                else np.nan,
                "value_added_difference": float(coo["value_added_loss"] - unc["value_added_loss"]),
                "loss_share_uncoordinated": float(unc["loss_share"]),
                "loss_share_coordinated": float(coo["loss_share"]),
                # What the portfolio itself adds to the loss, per unit of the output it adds.
                "added_loss_share_uncoordinated": _added(p, "uncoordinated"),
                "added_loss_share_coordinated": _added(p, "coordinated"),
                "assumption": unc["assumption"],
            }
        )
    return pd.DataFrame(rows, columns=columns)
