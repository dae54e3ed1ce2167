r"""How a portfolio of hubs changes the economy, and how concentrated each industry is.

**From a portfolio to an economy.** A portfolio is a set of hubs, (region, strategic industry)
pairs: the coordinated national allocation (``selected``) or each region's own top picks
(``uncoordinated``), from :func:`yindi.coordinate`. Both add the same national amount of new
final sales, :math:`T = \tau \times` the table's total value added (``increment`` :math:`\tau`,
default 1.4 %; see :data:`INCREMENT_SOURCE`), so only *which* industries grow *where* differs:

- every hub gets :math:`T / N` (N hubs in the portfolio), split over the industry's base
  sectors by the catalogue's weights (renormalised over the base sectors the region has; a
  hub whose region has none of them is left out, with a note);
- the new sales of region r's sector k go where that sector's final sales already go (its
  domestic final-demand categories by consuming region, and exports; positive parts, so an
  inventory draw-down receives nothing), or, if it has none, where the sector's final sales
  go nationally;
- output follows from the unchanged technology: :math:`x' = x + L\,\Delta f`; imported
  inputs grow with output (fixed import coefficients).

So a portfolio that puts hubs in export-heavy, import-dependent or quake-prone places is more
exposed to the matching shock. ``table`` is the economy as the table has it (no portfolio).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from yindi.errors import InputError
from yindi.measures.io import hypothetical_extraction
from yindi.measures.portfolio import capacity_concentration, industry_capacity
from yindi.stages.stress._economy import Economy
from yindi.stages.stress._shocks import State

__all__ = [
    "INCREMENT",
    "INCREMENT_SOURCE",
    "PORTFOLIOS",
    "hub_table",
    "portfolio_metrics",
    "portfolio_states",
]

PORTFOLIOS = ("table", "uncoordinated", "coordinated")
INCREMENT = 0.014
INCREMENT_SOURCE = (
    "1.4 % of GDP a year: the pace of China's national target for strategic emerging "
    "industries, from about 8 % of GDP in 2015 (State Council, 国发〔2010〕32号) to 15 % in 2020 "
    "(\u201c十三五\u201d国家战略性新兴产业发展规划, 国发〔2016〕67号): 7 percentage points in five years."
)


def hub_table(coordination: Any) -> pd.DataFrame:
    """``portfolio, region, industry`` of the coordinated and the uncoordinated portfolio."""
    a = coordination.allocation
    parts = [
        a.loc[a[column], ["region", "industry"]].assign(portfolio=name)
        for name, column in (("uncoordinated", "uncoordinated"), ("coordinated", "selected"))
    ]
    out = pd.concat(parts, ignore_index=True)[["portfolio", "region", "industry"]]
    return out.astype(str).sort_values(["portfolio", "region", "industry"], kind="mergesort")


def _destination_mix(economy: Economy) -> tuple[np.ndarray, np.ndarray]:
    """Shares of each region-sector's final sales going to each Y column and to exports."""
    y = np.clip(economy.Y.to_numpy(), 0.0, None)
    ex = (
        np.zeros(len(economy.x))
        if economy.exports is None
        else np.clip(economy.exports.to_numpy(), 0.0, None)
    )
    total = y.sum(axis=1) + ex
    sectors = economy.labels.get_level_values(1)
    empty = total <= 0
    if empty.any():
        # Sectors without final sales in a region sell like the sector does nationally.
        frame = pd.DataFrame(np.column_stack([y, ex]), index=sectors)
        national = frame.groupby(level=0, sort=False).sum()
        fill = national.reindex(sectors[empty]).to_numpy()
        y[empty] = fill[:, :-1]
        ex[empty] = fill[:, -1]
        total = y.sum(axis=1) + ex
    if (total <= 0).any():
        bad = list(economy.labels[total <= 0])[:3]
        raise InputError(
            f"sectors {bad} have no final sales anywhere in the table, so a hub's new sales "
            "have nowhere to go; check the table's final-demand columns"
        )
    return y / total[:, None], ex / total


def portfolio_states(
    economy: Economy,
    L: pd.DataFrame,
    hubs: pd.DataFrame | None,
    weights: pd.DataFrame,
    increment: float,
) -> tuple[list[State], pd.DataFrame, list[str]]:
    """The ``table`` state and one per portfolio; the increments placed; notes."""
    states = [
        State(
            "table",
            economy.x,
            economy.Y,
            economy.exports,
            economy.imports,
            economy.va_coefficient,
        )
    ]
    placed: list[dict[str, Any]] = []
    notes: list[str] = []
    if hubs is None or hubs.empty:
        return states, pd.DataFrame(placed), notes
    labels = economy.labels
    missing = sorted(set(hubs["region"]) - set(economy.regions))
    if missing:
        raise InputError(
            f"the portfolio has hubs in regions the table lacks: {missing[:5]}; give a table "
            "with those regions (the embedded one has China's 31 provinces) or run without "
            "the portfolios (coordination=None; yindi stress --no-coordinate)"
        )
    national_va = (
        float((economy.va_coefficient * economy.x).sum())
        if economy.va_coefficient is not None
        else float("nan")
    )
    if not np.isfinite(national_va) or national_va <= 0:
        raise InputError(
            "the portfolio increment is a share of the table's value added, which this table "
            "lacks; add a 'value_added' row"
        )
    total = increment * national_va
    mix_y, mix_ex = _destination_mix(economy)
    position = {key: k for k, key in enumerate(labels)}
    w = weights.groupby("industry")
    for name in ("uncoordinated", "coordinated"):
        chosen = hubs[hubs["portfolio"] == name]
        delta = np.zeros(len(labels))
        per_hub = total / len(chosen) if len(chosen) else 0.0
        for region, industry in zip(chosen["region"], chosen["industry"], strict=True):
            base = w.get_group(industry) if industry in w.groups else None
            if base is None:
                raise InputError(f"industry {industry!r} of the portfolio is not in the catalogue")
            rows = [
                (position.get((region, str(a))), float(v))
                for a, v in zip(base["activity"], base["weight"], strict=True)
            ]
            present = [(k, v) for k, v in rows if k is not None]
            if not present:
                notes.append(
                    f"{name}: the hub {industry} in {region} is left out: the region has no "
                    "output in any of the industry's base sectors"
                )
                continue
            scale = sum(v for _, v in present)
            for k, v in present:
                delta[k] += per_hub * v / scale
                placed.append(
                    {
                        "portfolio": name,
                        "region": region,
                        "industry": industry,
                        "sector": labels[k][1],
                        "final_sales_added": per_hub * v / scale,
                    }
                )
        x_new = economy.x + L.to_numpy() @ delta
        y_new = economy.Y + pd.DataFrame(
            delta[:, None] * mix_y, index=labels, columns=economy.Y.columns
        )
        ex_new = None if economy.exports is None else economy.exports + delta * mix_ex
        imports = None
        if economy.imports is not None:
            imports = economy.imports * (x_new / economy.x).to_numpy()[None, :]
        states.append(State(name, x_new, y_new, ex_new, imports, economy.va_coefficient))
    notes.append(
        f"portfolio increment: {increment:.1%} of the table's value added ({total:,.0f} "
        f"{economy.unit}) of new final sales per portfolio, equal per hub"
    )
    return states, pd.DataFrame(placed), notes


def portfolio_metrics(
    states: list[State],
    L: pd.DataFrame,
    weights: pd.DataFrame,
    hubs: pd.DataFrame | None,
    groups: pd.Series | None,
    industries: pd.DataFrame,
) -> pd.DataFrame:
    """Per strategic industry and portfolio: hubs, capacity concentration and the share of
    national capacity lost when the top region's base sectors are cut (direct and through the
    table's linkages)."""
    w = weights.pivot_table(index="industry", columns="activity", values="weight", fill_value=0.0)
    rows = []
    for state in states:
        output = state.x.unstack(level=1)
        sectors = [s for s in w.columns if s in output.columns]
        out = output.reindex(columns=sorted(set(output.columns) | set(w.columns)))
        # A sector a region does not produce has no output there (0), a true zero of the
        # table (sectors with zero output were dropped from the system, not lost data).
        out = out.fillna(0.0)
        cap = industry_capacity(out, w.reindex(columns=out.columns, fill_value=0.0))
        conc = capacity_concentration(cap, state.x.groupby(level=0).sum(), groups)
        n_hubs = (
            hubs[hubs["portfolio"] == state.portfolio].groupby("industry")
            if hubs is not None and state.portfolio != "table"
            else None
        )
        cut_groups = {}
        for industry in w.index:
            top = conc.at[industry, "top_region"]
            if top is None:
                continue
            members = [
                (top, s) for s in sectors if (top, s) in state.x.index and w.at[industry, s] > 0
            ]
            if members:
                cut_groups[industry] = members
        lost = hypothetical_extraction(L, state.x, by=cut_groups) if cut_groups else None
        for industry in w.index:
            row = {"portfolio": state.portfolio, "industry": industry}
            if n_hubs is not None:
                chosen = n_hubs.get_group(industry) if industry in n_hubs.groups else None
                row["hubs"] = 0 if chosen is None else len(chosen)
                row["hub_groups"] = (
                    0
                    if chosen is None or groups is None
                    else int(groups.reindex(chosen["region"]).nunique())
                )
            else:
                row["hubs"] = pd.NA
                row["hub_groups"] = pd.NA
            row.update(conc.loc[industry].to_dict())
            row["capacity"] = float(cap[industry].sum())
            if lost is not None and industry in lost.columns:
                loss = lost[industry].unstack(level=1).reindex(columns=out.columns).fillna(0.0)
                cut = industry_capacity(
                    loss, w.loc[[industry]].reindex(columns=out.columns, fill_value=0.0)
                )
                row["top_cut_capacity_loss"] = float(cut[industry].sum()) / row["capacity"]
            else:
                row["top_cut_capacity_loss"] = np.nan
            rows.append(row)
    names = industries.set_index(industries["id"].astype(str))
    out_frame = pd.DataFrame(rows)
    out_frame.insert(2, "name_en", out_frame["industry"].map(names["name_en"]))
    out_frame.insert(3, "name_zh", out_frame["industry"].map(names["name_zh"]))
    for column in ("hubs", "hub_groups"):
        out_frame[column] = out_frame[column].astype("Int64")
    return out_frame
