"""Stress tests in the report: only formats the stress result.

One national section: the scenarios and their sources, the loss with the uncoordinated and
the coordinated portfolio, a map of each scenario's losses (share of each province's output),
the most exposed provinces and sectors, and the portfolio's concentration per strategic
industry. Every English text goes through ``_i18n.t`` (Chinese in ``_zh_ui``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from yindi.report._i18n import current, t
from yindi.report._maps import RegionShape, category_map
from yindi.report._page import _e, _figure, _table

__all__ = ["LOSS_CLASSES", "stress_section"]

#: Classes of the loss map: share of a province's annual output lost (ColorBrewer Reds, 6).
LOSS_CLASSES = {
    "under 0.5 %": "#fee5d9",
    "0.5-1 %": "#fcbba1",
    "1-2 %": "#fc9272",
    "2-5 %": "#fb6a4a",
    "5-10 %": "#de2d26",
    "10 % or more": "#a50f15",
}
_BOUNDS = (0.005, 0.01, 0.02, 0.05, 0.10)

INTRO = (
    "Each scenario is a shock to the {table}. Losses are output lost over the scenario's "
    "duration, in 10,000 CNY, from the multi-regional model (a shock spreads through "
    "interprovincial trade) unless the table says single-region (every province on its own). "
    "The provinces are linked by an estimated multi-regional table: Chenery-Moses trade "
    "shares with a gravity prior, balanced to the provinces' outflow and inflow totals "
    "(assumptions.txt lists every assumption)."
)
PORTFOLIO_NOTE = (
    "Both portfolios add the same new final sales ({increment} of value added), equal per "
    "hub, to the base sectors of each hub's industry; only which industries grow where "
    "differs. Added-loss share: the loss the portfolio adds, per unit of the output it adds."
)
GHOSH_NOTE = (
    "Supply cuts of imported inputs are propagated forward with the Ghosh model, which holds "
    "sales shares fixed: read them as exposure, not as a forecast (Oosterhaven 1988)."
)
NO_PORTFOLIO = "No coordination was given: only the table was shocked."


def _loss_class(share: float) -> str | None:
    if share != share:  # NaN: no class, the map shows "no data"
        return None
    names = list(LOSS_CLASSES)
    for bound, label in zip(_BOUNDS, names, strict=False):
        if share < bound:
            return label
    return names[-1]


def _labels(result: Any) -> dict[str, str]:
    """Scenario name -> its name in the report's language."""
    sc = result.scenarios
    if not current().zh or "name_zh" not in sc.columns:
        return {str(n): str(n) for n in sc["scenario"]}
    return {str(n): str(z) or str(n) for n, z in zip(sc["scenario"], sc["name_zh"], strict=True)}


def _view(result: Any) -> tuple[str, str]:
    """The portfolio and model the maps and rankings show."""
    totals = result.totals
    portfolio = "coordinated" if (totals["portfolio"] == "coordinated").any() else "table"
    model = "multiregional" if (totals["model"] == "multiregional").any() else "single_region"
    return portfolio, model


def _loss_map(
    regional: pd.DataFrame,
    scenario: str,
    shapes: Sequence[RegionShape],
    name: Callable[[str], str],
    labels: dict[str, str],
) -> go.Figure:
    """Provinces coloured by the share of their output ``scenario`` takes; the hover lists
    every scenario's share, so one map answers for all of them."""
    part = regional[regional["scenario"] == scenario]
    category = {}
    for region, share in zip(part["region"], part["inoperability"], strict=True):
        label = _loss_class(float(share))
        if label is not None:
            category[str(region)] = t(label)
    hover = {}
    for region, rows in regional.groupby("region", sort=True):
        lines = [
            _e(f"{labels.get(str(s), str(s))}: {float(v):.2%}")
            for s, v in zip(rows["scenario"], rows["inoperability"], strict=True)
        ]
        hover[str(region)] = f"<b>{_e(name(str(region)))}</b><br>" + "<br>".join(lines)
    return category_map(
        shapes,
        category,
        {t(k): c for k, c in LOSS_CLASSES.items()},
        hover,
        title=t(
            "{scenario}: share of each province's output lost (hover: every scenario)",
            scenario=labels.get(scenario, scenario),
        ),
        legend_title=t("output lost"),
        height=480,
    )


def _difference_table(result: Any) -> str:
    diff = result.difference
    if diff is None or diff.empty:
        return f"<p class='note'>{_e(t(NO_PORTFOLIO))}</p>"
    labels = _labels(result)
    shown = diff.assign(
        model_text=[t(str(m)) for m in diff["model"]],
        label=[labels.get(str(n), str(n)) for n in diff["scenario"]],
    )
    return _table(
        shown,
        [
            ("label", "scenario", ""),
            ("model_text", "model", ""),
            ("output_loss_table", "table as published", "{:,.0f}"),
            ("output_loss_uncoordinated", "provinces' own picks", "{:,.0f}"),
            ("output_loss_coordinated", "coordinated", "{:,.0f}"),
            ("difference_pct", "difference", "{:+.3%}"),
            ("added_loss_share_uncoordinated", "added-loss share, own picks", "{:.2%}"),
            ("added_loss_share_coordinated", "added-loss share, coordinated", "{:.2%}"),
        ],
        "wide",
        name="stress-difference",
    )


def _exposed(result: Any, portfolio: str, model: str, name: Callable[[str], str]) -> str:
    regional = result.regional
    sectoral = result.sectoral
    keep_r = regional[(regional["portfolio"] == portfolio) & (regional["model"] == model)]
    keep_s = sectoral[(sectoral["portfolio"] == portfolio) & (sectoral["model"] == model)]
    zh = current().zh
    parts: list[str] = []
    for scenario in dict.fromkeys(keep_r["scenario"]):
        regions = (
            keep_r[keep_r["scenario"] == scenario]
            .sort_values(["inoperability", "region"], ascending=[False, True], kind="mergesort")
            .head(8)
            .assign(region_name=lambda d: [name(str(r)) for r in d["region"]])
        )
        sectors = (
            keep_s[keep_s["scenario"] == scenario]
            .sort_values(["output_loss", "sector"], ascending=[False, True], kind="mergesort")
            .head(8)
        )
        label = sectors["name_zh"] if zh else sectors["name_en"]
        sectors = sectors.assign(sector_name=label.fillna(sectors["sector"]))
        parts += [
            f"<h4>{_e(_labels(result).get(str(scenario), str(scenario)))}</h4>"
            "<div class='grid2'><div>",
            _table(
                regions,
                [
                    ("region_name", "province", ""),
                    ("inoperability", "share of output lost", "{:.2%}"),
                    ("output_loss", "output lost (10,000 CNY)", "{:,.0f}"),
                ],
                name=f"stress-regions-{len(parts)}",
            ),
            "</div><div>",
            _table(
                sectors,
                [
                    ("sector_name", "sector", ""),
                    ("output_loss", "output lost (10,000 CNY)", "{:,.0f}"),
                    ("inoperability", "share of output lost", "{:.2%}"),
                ],
                name=f"stress-sectors-{len(parts)}",
            ),
            "</div></div>",
        ]
    return "".join(parts)


def _portfolio_table(result: Any) -> str:
    p = result.portfolio
    if p is None or p.empty:
        return ""
    zh = current().zh
    wide = p.pivot_table(
        index="industry",
        columns="portfolio",
        values=["hubs", "hub_groups", "hhi", "top_share", "top_cut_capacity_loss"],
        aggfunc="first",
        sort=False,
    )
    wide.columns = [f"{a}_{b}" for a, b in wide.columns]
    names = p.drop_duplicates("industry").set_index("industry")
    wide["industry_name"] = names["name_zh" if zh else "name_en"].reindex(wide.index)
    wide["top_region"] = names["top_region"].reindex(wide.index)
    columns = [("industry_name", "industry", ""), ("top_region", "top province", "")]
    for portfolio, label in (("uncoordinated", "own picks"), ("coordinated", "coordinated")):
        if f"hubs_{portfolio}" in wide:
            columns += [
                (f"hubs_{portfolio}", f"hubs, {label}", "{:.0f}"),
                (f"hub_groups_{portfolio}", f"macro-regions, {label}", "{:.0f}"),
            ]
    columns += [
        ("hhi_table", "HHI of capacity", "{:.3f}"),
        ("top_share_table", "top province's share", "{:.1%}"),
        ("top_cut_capacity_loss_table", "lost if it is cut (with linkages)", "{:.1%}"),
    ]
    return _table(wide.reset_index(), columns, "wide", name="stress-portfolio")


def stress_section(
    result: Any,
    shapes: Sequence[RegionShape] | None,
    name: Callable[[str], str] = str,
    *,
    maps: str = "largest",
) -> str:
    """The stress tests: scenarios, before/after coordination, maps, exposure, portfolio.

    ``maps``: ``"largest"`` draws one map, of the scenario with the largest national loss
    share (each map carries the outlines, about 0.35 MB); ``"all"`` one per scenario.
    """
    if result is None:
        return ""
    portfolio, model = _view(result)
    table = str(result.inputs.get("table", ""))
    increment = float(result.options.get("increment", float("nan")))
    labels = _labels(result)
    scenarios = result.scenarios.assign(
        label=[labels[str(n)] for n in result.scenarios["scenario"]],
        type_text=[t(str(x)) for x in result.scenarios["type"]],
        size_text=[f"{float(s):.1%}" for s in result.scenarios["size"]],
        # Sources are quoted as written (data, not the report's words): small, untranslated.
        source_html=[f"<small>{_e(x)}</small>" for x in result.scenarios["source"]],
        plausibility_html=[f"<small>{_e(x)}</small>" for x in result.scenarios["plausibility"]],
    )
    parts = [
        f"<section id='stress'><h2>{_e(t('Stress tests'))}</h2>",
        f"<p class='note'>{_e(t(INTRO, table=table))}</p>",
        f"<h3>{_e(t('Scenarios and their sources'))}</h3>",
        _table(
            scenarios,
            [
                ("label", "scenario", ""),
                ("type_text", "shock", ""),
                ("size_text", "size", ""),
                ("duration_years", "years", "{:g}"),
                ("source_html", "source", "html"),
                ("plausibility_html", "plausibility", "html"),
            ],
            "wide",
            name="stress-scenarios",
        ),
        f"<p class='note'>{_e(t(GHOSH_NOTE))}</p>",
        f"<h3>{_e(t('Loss with each region’s own picks and with the coordinated portfolio'))}</h3>",
        f"<p class='note'>{_e(t(PORTFOLIO_NOTE, increment=f'{increment:.1%}'))}</p>",
        _difference_table(result),
    ]
    regional = result.regional
    shown = regional[(regional["portfolio"] == portfolio) & (regional["model"] == model)]
    if shapes is not None and len(shown):
        parts.append(
            f"<h3>{_e(t('Where the losses fall ({portfolio}, {model})', portfolio=t(portfolio), model=t(model)))}</h3>"
        )
        chosen = list(dict.fromkeys(shown["scenario"]))
        if maps != "all":
            totals = result.totals
            totals = totals[(totals["portfolio"] == portfolio) & (totals["model"] == model)]
            chosen = [str(totals.sort_values("loss_share", kind="mergesort").iloc[-1]["scenario"])]
        for k, scenario in enumerate(chosen):
            figure = _loss_map(shown, scenario, shapes, name, labels)
            parts.append(_figure(figure, f"fig-stress-map-{k}"))
    parts += [
        f"<h3>{_e(t('Most exposed provinces and sectors'))}</h3>",
        _exposed(result, portfolio, model, name),
        f"<h3>{_e(t('Concentration of each strategic industry'))}</h3>",
        _portfolio_table(result),
        "</section>",
    ]
    return "".join(parts)
