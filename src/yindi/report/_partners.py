"""Partner finder in the report: only formats a ``PartnerResult`` (``yindi evaluate partners``).

The best regions of each group (coastal, inland) side by side, so the inland centres are seen
next to the coastal hubs rather than below them; a map of every region's partner score (the
report's map helper on the shipped boundaries); the ranked regions with their reasons; the
catalogue industries closest to the profile and how each profile line was read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from yindi.report._figures import fmt
from yindi.report._i18n import current, t
from yindi.report._maps import RegionShape, category_map
from yindi.report._page import _e, _figure, _table

__all__ = ["SCORE_CLASSES", "partners_section", "score_class", "score_map"]

#: Classes of the partner-score map (ColorBrewer Greens, 5), highest first.
SCORE_CLASSES = {
    "0.8 or more": "#006d2c",
    "0.7-0.8": "#31a354",
    "0.6-0.7": "#74c476",
    "0.5-0.6": "#bae4b3",
    "under 0.5": "#edf8e9",
}
_BOUNDS = (0.8, 0.7, 0.6, 0.5)
GROUPS = ("coastal", "inland", "all", "unknown")

INTRO = (
    "Regions whose cultivate and prepare lists relate to the profile. Score of a list item = "
    "{weights}, over the parts that are known; a region's score is its best item's. Coastal "
    "and inland regions are ranked side by side, so the inland centres are not hidden behind "
    "the coastal hubs."
)


def score_class(score: float) -> str | None:
    """The map class of a partner score (None when the score is unknown)."""
    if score != score:
        return None
    for bound, label in zip(_BOUNDS, SCORE_CLASSES, strict=False):
        if score >= bound:
            return label
    return list(SCORE_CLASSES)[-1]


def _industry_names(result: Any) -> dict[str, str]:
    """Catalogue industry (English name) -> its name in the page's language."""
    ind = result.industries
    if not current().zh or "name_zh" not in ind.columns:
        return {str(n): str(n) for n in ind["name_en"]}
    return {str(e): str(z) or str(e) for e, z in zip(ind["name_en"], ind["name_zh"], strict=True)}


def score_map(
    regions: pd.DataFrame, shapes: Sequence[RegionShape], name: Callable[[str], str]
) -> go.Figure:
    """Every region coloured by its partner score class; hover: score, ranks, best item."""
    items = {}
    if "best_name_en" in regions.columns:
        items = {str(k): v for k, v in zip(regions["region"], regions["best_name_en"], strict=True)}
    category, hover = {}, {}
    for row in regions.itertuples(index=False):
        region = str(row.region)
        label = score_class(float(row.score))
        if label is not None:
            category[region] = t(label)
        hover[region] = (
            f"<b>{_e(name(region))}</b><br>{t('partner score')} {fmt(float(row.score))} · "
            f"{t('rank')} {int(row.rank)} · {_e(t(str(row.group)))} #{int(row.rank_in_group)}"
            f"<br>{t('best item')}: {_e(items.get(region, ''))}"
        )
    return category_map(
        shapes,
        category,
        {t(k): c for k, c in SCORE_CLASSES.items()},
        hover,
        title=t("Partner score of each region (its best cultivate or prepare item)"),
        legend_title=t("partner score"),
        height=500,
    )


def _shortlist(result: Any, name: Callable[[str], str], industry: dict[str, str]) -> str:
    short = result.shortlist
    groups = [g for g in GROUPS if g in short.columns]
    if short.empty or not groups:
        return ""
    frame = short.assign(
        **{f"{g}_name": [name(str(r)) if r else "" for r in short[g]] for g in groups},
        **{
            f"{g}_item_text": [industry.get(str(i), str(i)) for i in short[f"{g}_item"]]
            for g in groups
        },
    )
    columns: list[tuple[str, str, str]] = [("rank", "#", "{:d}")]
    for g in groups:
        columns += [
            (f"{g}_name", g, ""),
            (f"{g}_score", "score", "{:.3f}"),
            (f"{g}_item_text", "best item", ""),
        ]
    return f"<h3>{_e(t('The best of each group side by side'))}</h3>" + _table(
        frame, columns, "wide", name="partners-shortlist"
    )


def partners_section(
    result: Any,
    shapes: Sequence[RegionShape] | None,
    name: Callable[[str], str] = str,
) -> str:
    """The partner finder: shortlist by group, score map, ranked regions, closest industries."""
    weights = result.options.get("weights", {})
    described = " + ".join(f"{float(v):g} x {t(str(k))}" for k, v in weights.items())
    industry = _industry_names(result)
    regions = result.regions
    ranked = regions.assign(
        region_name=[name(str(r)) for r in regions["region"]],
        group_text=[t(str(g)) for g in regions["group"]],
        type_text=[t(str(x)) if isinstance(x, str) and x else "" for x in regions["type"]],
        item=[industry.get(str(i), str(i)) for i in regions["best_name_en"]],
        track_text=[t(str(x)) for x in regions["best_track"]],
    )
    parts = [
        f"<section id='partners'><h2>{_e(t('Where can a partner fit?'))}</h2>",
        f"<p class='note'>{_e(t(INTRO, weights=described))}</p>",
        _shortlist(result, name, industry),
    ]
    if shapes is not None and len(regions):
        parts.append(_figure(score_map(regions, shapes, name), "fig-map-partners"))
    else:
        parts.append(f"<p class='note'>{_e(t('No boundaries given: the map is left out.'))}</p>")
    parts += [
        f"<h3>{_e(t('Regions ranked, with the reasons'))}</h3>",
        _table(
            ranked,
            [
                ("rank", "#", "{:d}"),
                ("region_name", "region", ""),
                ("group_text", "group", ""),
                ("rank_in_group", "rank in group", "{:d}"),
                ("type_text", "type", ""),
                ("score", "score", "{:.3f}"),
                ("item", "best item", ""),
                ("track_text", "list", ""),
                ("relatedness", "relatedness", "{:.2f}"),
                ("capability", "capability", "{:.2f}"),
                ("fit", "endowment fit", "{:.2f}"),
                ("allocation", "placed by coordination", "{:.0f}"),
                ("reasons", "why", "ev"),
            ],
            "wide",
            name="partners-regions",
        ),
    ]
    ind = result.industries
    zh = current().zh and "name_zh" in ind.columns
    closest = ind.head(10).assign(
        industry_name=ind["name_zh" if zh else "name_en"].head(10),
        stage_text=[t(str(s)) for s in ind["stage"].head(10)],
    )
    profile = result.profile.assign(
        sector=[
            name(str(a)) if current().zh and name(str(a)) != str(a) else f"{a} {n}"
            for a, n in zip(result.profile["activity"], result.profile["name_en"], strict=True)
        ],
    )
    parts += [
        "<div class='grid2'><div>",
        f"<h3>{_e(t('Catalogue industries closest to the profile'))}</h3>",
        _table(
            closest,
            [
                ("industry_name", "industry", ""),
                ("stage_text", "stage", ""),
                ("relatedness", "relatedness", "{:.2f}"),
                ("overlap", "direct overlap", "{:.2f}"),
            ],
            name="partners-industries",
        ),
        "</div><div>",
        f"<h3>{_e(t('How the profile was read'))}</h3>",
        _table(
            profile,
            [
                ("line", "line", "{:d}"),
                ("input", "input", ""),
                ("how", "read as", ""),
                ("sector", "sector", ""),
                ("share", "share", "{:.1%}"),
            ],
            name="partners-profile",
        ),
        "</div></div></section>",
    ]
    return "".join(parts)
