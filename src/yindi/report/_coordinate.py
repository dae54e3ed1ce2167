"""The coordinated national portfolio in the report: only formats the coordinate result.

A national section (how the allocation was solved, duplication before and after, a Sankey of
macro-region -> industry, the binding budgets) and, on each province page, its coordinated
list beside its own top picks.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from yindi.report._i18n import current, t
from yindi.report._maps import category_map
from yindi.report._page import _e, _figure, _table

__all__ = ["coordination_section", "province_coordination"]


def _sankey(allocation: pd.DataFrame, regions: pd.DataFrame, group_by: str) -> go.Figure:
    chosen = allocation[allocation["selected"]].copy()
    group = regions[group_by] if group_by in regions.columns else None
    chosen["group"] = (
        chosen["region"].map(group).fillna("all") if group is not None else "all regions"
    )
    chosen["label"] = chosen["name_zh"] if current().zh else chosen["name_en"]
    chosen["group"] = [t(str(g)) for g in chosen["group"]]
    flows = chosen.groupby(["group", "label"]).size().reset_index(name="hubs")
    groups = sorted(flows["group"].unique())
    industries = sorted(flows["label"].unique())
    labels = groups + industries
    index = {name: k for k, name in enumerate(labels)}
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "pad": 8, "thickness": 12},
            link={
                "source": [index[g] for g in flows["group"]],
                "target": [index[i] for i in flows["label"]],
                "value": flows["hubs"].tolist(),
            },
        )
    )
    fig.update_layout(
        height=max(360, 18 * len(industries)),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        title={"text": t("Coordinated hubs: macro-region → industry"), "font": {"size": 13}},
    )
    return fig


#: Colours of the allocation map: how many national-portfolio items a region hosts.
ITEM_COLOURS = {"1 item": "#c6dbef", "2 items": "#6baed6", "3 items": "#08519c"}


def _allocation_map(coordination: Any, shapes: Any, name: Any) -> go.Figure:
    chosen = coordination.allocation[coordination.allocation["selected"]]
    names = "name_zh" if current().zh else "name_en"
    items = chosen.groupby("region")[names].apply(list)
    category = {r: t(f"{len(v)} item{'s' if len(v) > 1 else ''}") for r, v in items.items()}
    hover = {r: f"<b>{_e(name(r))}</b><br>" + "<br>".join(map(_e, v)) for r, v in items.items()}
    return category_map(
        shapes,
        category,
        {t(k): c for k, c in ITEM_COLOURS.items()},
        hover,
        title=t("National portfolio: items per region (hover for the industries)"),
        legend_title=t("items"),
    )


SOLVE_NOTE = (
    "Solved with HiGHS: {status}, objective {objective} against {own} for each region's own "
    "top picks (gap {gap}). Limits: hubs per industry from its national value, water, energy "
    "and carbon budgets per region, 1-3 items per region, strategic industries in at least two "
    "macro-regions (docs/coordinate.md)."
)
SHADOW_NOTE = (
    "Shadow price: how much the objective would gain per unit of the limit, from the linear "
    "relaxation (approximate for a choice between whole hubs)."
)
NO_CANDIDATE = (
    "No candidate of this region passes the plan's rules, so the national allocation gives it none."
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
        "<p class='note'>"
        + _e(
            t(
                SOLVE_NOTE,
                status=t(status),
                objective=f"{solve.get('objective', float('nan')):.2f}",
                own=f"{solve.get('uncoordinated', float('nan')):.2f}",
                gap=f"{solve.get('gap', float('nan')):.2%}",
            )
        )
        + "</p>"
    )
    parts = [
        f"<section id='coordinate'><h2>{_e(t('Coordinated national portfolio'))}</h2>",
        head,
    ]
    if len(coordination.explanation):
        parts.append(
            f"<h3>{_e(t('No allocation meets every limit'))}</h3>"
            + _table(
                coordination.explanation,
                [("sentence", "what conflicts", "s")],
                "wide",
                name="coordinate-explanation",
            )
        )
    else:
        dup = coordination.duplication.assign(
            industry_name=lambda d: d["name_zh"] + " " + d["name_en"]
        )
        if shapes is not None:
            parts.append(_figure(_allocation_map(coordination, shapes, name), "fig-map-portfolio"))
        parts += [
            f"<div class='grid2'><div><h3>{_e(t('Duplication before and after'))}</h3>",
            _table(
                dup,
                [
                    ("industry_name", "industry", ""),
                    ("regions_uncoordinated", "provinces' own picks", "{:.0f}"),
                    ("regions_coordinated", "coordinated", "{:.0f}"),
                    ("hub_limit", "hub limit", "{:.0f}"),
                ],
                name="coordinate-duplication",
            ),
            "</div><div>",
            _figure(_sankey(coordination.allocation, regions, group_by), "fig-sankey"),
            "</div></div>",
        ]
        binding = coordination.constraints
        binding = binding[binding["binding"] & binding["family"].isin(["budgets", "hub_max"])]
        if len(binding):
            parts += [
                f"<h3>{_e(t('Limits that bind'))}</h3><p class='note'>{_e(t(SHADOW_NOTE))}</p>",
                _table(
                    binding.head(20).assign(family=lambda d: [t(str(f)) for f in d["family"]]),
                    [
                        ("name", "limit", ""),
                        ("family", "family", ""),
                        ("shadow_price", "shadow price", "{:.3f}"),
                    ],
                    name="coordinate-binding",
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
        return f"<h3>{_e(t('Coordinated portfolio'))}</h3><p class='note'>{_e(t(NO_CANDIDATE))}</p>"
    shown = shown.assign(
        industry_name=shown["name_zh"] + " " + shown["name_en"],
        coordinated=[t("yes") if s else "-" for s in shown["selected"]],
        own=[t("yes") if s else "-" for s in shown["uncoordinated"]],
    )
    return f"<h3>{_e(t('Coordinated portfolio'))}</h3>" + _table(
        shown,
        [
            ("industry_name", "industry", ""),
            ("own", "own top pick", ""),
            ("coordinated", "national portfolio", ""),
            ("value", "score", "{:.2f}"),
            ("reason", "why", "s"),
        ],
        name=f"coordinated-{region}",
    )
