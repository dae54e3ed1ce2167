"""The coordinated national portfolio in the report: only formats the coordinate result.

A national section (how the allocation was solved, duplication before and after, a Sankey of
macro-region -> industry, the binding budgets) and, on each province page, its coordinated
list beside its own top picks.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from yindi.report._maps import category_map
from yindi.report._page import _e, _figure, _table

__all__ = ["coordination_section", "province_coordination"]


def _sankey(allocation: pd.DataFrame, regions: pd.DataFrame, group_by: str) -> go.Figure:
    chosen = allocation[allocation["selected"]].copy()
    group = regions[group_by] if group_by in regions.columns else None
    chosen["group"] = (
        chosen["region"].map(group).fillna("all") if group is not None else "all regions"
    )
    flows = chosen.groupby(["group", "name_en"]).size().reset_index(name="hubs")
    groups = sorted(flows["group"].unique())
    industries = sorted(flows["name_en"].unique())
    labels = groups + industries
    index = {name: k for k, name in enumerate(labels)}
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "pad": 8, "thickness": 12},
            link={
                "source": [index[g] for g in flows["group"]],
                "target": [index[i] for i in flows["name_en"]],
                "value": flows["hubs"].tolist(),
            },
        )
    )
    fig.update_layout(
        height=max(360, 18 * len(industries)),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        title={"text": "Coordinated hubs: macro-region -> industry", "font": {"size": 13}},
    )
    return fig


#: Colours of the allocation map: how many national-portfolio items a region hosts.
ITEM_COLOURS = {"1 item": "#c6dbef", "2 items": "#6baed6", "3 items": "#08519c"}


def _allocation_map(coordination: Any, shapes: Any, name: Any) -> go.Figure:
    chosen = coordination.allocation[coordination.allocation["selected"]]
    items = chosen.groupby("region")["name_en"].apply(list)
    category = {r: f"{len(v)} item{'s' if len(v) > 1 else ''}" for r, v in items.items()}
    hover = {r: f"<b>{_e(name(r))}</b><br>" + "<br>".join(map(_e, v)) for r, v in items.items()}
    return category_map(
        shapes,
        category,
        ITEM_COLOURS,
        hover,
        title="National portfolio: items per province (hover for the industries)",
        legend_title="items",
    )


def coordination_section(
    coordination: Any,
    regions: pd.DataFrame,
    group_by: str,
    shapes: Any = None,
    name: Any = str,
) -> str:
    """The national portfolio: solve status, map, duplication before/after, Sankey, budgets."""
    if coordination is None:
        return ""
    solve = coordination.solve
    status = str(solve.get("status"))
    head = (
        f"<p class='note'>Solved with HiGHS: <b>{_e(status)}</b>, objective "
        f"{solve.get('objective', float('nan')):.2f} against "
        f"{solve.get('uncoordinated', float('nan')):.2f} for each province's own top picks "
        f"(gap {solve.get('gap', float('nan')):.2%}). "
        "Limits: hubs per industry from its national value, water, energy and carbon budgets "
        "per province, 1-3 items per province, strategic industries in at least two "
        "macro-regions (docs/coordinate.md).</p>"
    )
    parts = ["<section id='coordinate'><h2>Coordinated national portfolio</h2>", head]
    if len(coordination.explanation):
        parts.append(
            "<h3>No allocation meets every limit</h3>"
            + _table(coordination.explanation, [("sentence", "what conflicts", "")], "wide")
        )
    else:
        dup = coordination.duplication.assign(
            industry_name=lambda d: d["name_en"] + " " + d["name_zh"]
        )
        if shapes is not None:
            parts.append(_figure(_allocation_map(coordination, shapes, name), "fig-map-portfolio"))
        parts += [
            "<div class='grid2'><div><h3>Duplication before and after</h3>",
            _table(
                dup,
                [
                    ("industry_name", "industry", ""),
                    ("regions_uncoordinated", "provinces' own picks", "{:.0f}"),
                    ("regions_coordinated", "coordinated", "{:.0f}"),
                    ("hub_limit", "hub limit", "{:.0f}"),
                ],
            ),
            "</div><div>",
            _figure(_sankey(coordination.allocation, regions, group_by), "fig-sankey"),
            "</div></div>",
        ]
        binding = coordination.constraints
        binding = binding[binding["binding"] & binding["family"].isin(["budgets", "hub_max"])]
        if len(binding):
            parts += [
                "<h3>Limits that bind</h3><p class='note'>Shadow price: how much the objective "
                "would gain per unit of the limit, from the linear relaxation (approximate for a "
                "choice between whole hubs).</p>",
                _table(
                    binding.head(20),
                    [
                        ("name", "limit", ""),
                        ("family", "family", ""),
                        ("shadow_price", "shadow price", "{:.3f}"),
                    ],
                ),
            ]
    parts.append("</section>")
    return "".join(parts)


def province_coordination(coordination: Any, region: str) -> str:
    """One province's coordinated items beside its own top picks."""
    if coordination is None or not len(coordination.allocation):
        return ""
    mine = coordination.allocation[coordination.allocation["region"] == region]
    shown = mine[mine["selected"] | mine["uncoordinated"]]
    if shown.empty:
        return (
            "<h3>Coordinated portfolio</h3><p class='note'>No candidate of this province passes "
            "the plan's rules, so the national allocation gives it none.</p>"
        )
    shown = shown.assign(
        industry_name=shown["name_en"] + " " + shown["name_zh"],
        coordinated=["yes" if s else "-" for s in shown["selected"]],
        own=["yes" if s else "-" for s in shown["uncoordinated"]],
    )
    return "<h3>Coordinated portfolio</h3>" + _table(
        shown,
        [
            ("industry_name", "industry", ""),
            ("own", "own top pick", ""),
            ("coordinated", "national portfolio", ""),
            ("value", "score", "{:.2f}"),
            ("reason", "why", ""),
        ],
    )
