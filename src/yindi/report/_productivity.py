"""Report blocks for new quality productive forces: national map and ranking, gaps, efficiency,
and per province the trend of its index and its weak points. Presentation only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from yindi.report import _maps
from yindi.report._i18n import current, sentence, t
from yindi.report._page import _e, _figure, _table

if TYPE_CHECKING:
    from yindi.stages.productivity import ProductivityResult

__all__ = ["nqpf_section", "province_nqpf"]

#: Quintile classes of the latest NQPF closeness, high to low (ColorBrewer Blues, 5 of 7
#: classes, colour-blind safe).
CLASSES = {
    "top fifth": "#08519c",
    "second fifth": "#3182bd",
    "middle fifth": "#6baed6",
    "fourth fifth": "#9ecae1",
    "bottom fifth": "#c6dbef",  # still clearly blue: near-white read as "no data"
}


def _classes(latest: pd.DataFrame) -> dict[str, str]:
    """Quintile class name of each region (quintiles from the productivity stage)."""
    names = list(CLASSES)
    return {r: names[int(q) - 1] for r, q in latest["quintile"].dropna().items()}


DEA_NOTE = (
    "Inputs {inputs}; output {outputs}; undesirable output (SBM) {undesirable}. Scores: "
    "arithmetic means over regions; Malmquist and its parts: geometric means (they are "
    "ratios), so Malmquist = efficiency change x technical change also for the means (> 1: "
    "productivity grew)."
)


def _named(weights: pd.DataFrame) -> pd.DataFrame:
    """Indicator names in the report's language (Chinese names where the table has them)."""
    zh = current().zh and "name_zh" in weights.columns
    return weights.assign(
        name=weights["name_zh" if zh else "name_en"],
        dimension_text=[t(str(d)) for d in weights["dimension"]],
        direction_text=[t(str(d)) for d in weights["direction"]],
    )


def nqpf_section(
    prod: ProductivityResult,
    shapes: Sequence[_maps.RegionShape] | None,
    name: Callable[[str], str],
) -> str:
    """National block: quintile map, ranking with dimensions and change, gaps, efficiency."""
    idx = prod.index
    first, last = int(idx["year"].min()), int(idx["year"].max())
    latest = idx[idx["year"] == last].set_index("region")
    start = idx[idx["year"] == first].set_index("region")["rank"]
    parts = [
        f"<section id='nqpf'><h2>{_e(t('New quality productive forces (新质生产力)'))}</h2>",
        "<p class='note'>"
        + _e(
            t(
                "Entropy-weighted TOPSIS closeness of {n} indicators in three dimensions, "
                "pooled over {first}–{last}; higher is better.",
                n=len(prod.weights),
                first=first,
                last=last,
            )
        )
        + " "
        + " ".join(_e(sentence(n)) for n in prod.notes)
        + "</p>",
    ]
    if shapes is not None:
        klass = _classes(latest)
        hover = {
            r: f"{name(r)}<br>NQPF {v:.3f} ({t('rank')} {int(latest.at[r, 'rank'])})"
            for r, v in latest["closeness"].items()
        }
        fig = _maps.category_map(
            shapes,
            {r: t(k) for r, k in klass.items()},
            {t(k): c for k, c in CLASSES.items()},
            hover,
            title=t("NQPF index ({year})", year=last),
            legend_title="NQPF",
        )
        parts.append("<div class='grid2'>" + _figure(fig, "fig-map-nqpf") + "<div>")
    table = (
        latest.reset_index()
        .assign(
            province=lambda d: d["region"].map(name),
            change=lambda d: d["region"].map(start) - d["rank"],
        )
        .sort_values("rank", kind="mergesort")
    )
    dims = [c for c in table.columns if c.startswith("new")]
    parts.append(
        _table(
            table,
            [
                ("province", "region", ""),
                ("closeness", "NQPF", "{:.3f}"),
                ("rank", "rank", "{:d}"),
                ("change", t("places gained since {year}", year=first), "{:+d}"),
                *[(d, d, "{:.3f}") for d in dims],
            ],
            "wide",
            name="nqpf",
        )
    )
    if shapes is not None:
        parts.append("</div></div>")
    weights = _named(prod.weights.sort_values("weight", ascending=False))
    parts += [
        f"<h3>{_e(t('Entropy weights'))}</h3>",
        _table(
            weights,
            [
                ("name", "indicator", ""),
                ("dimension_text", "dimension", ""),
                ("direction_text", "direction", ""),
                ("weight", "weight", "{:.3f}"),
            ],
            "",
            name="nqpf-weights",
        ),
    ]
    if len(prod.gaps):
        parts += [
            f"<h3>{_e(t('Regional gap (macro-regions)'))}</h3><p class='note'>"
            f"{_e(t('Dagum Gini = within + net between + transvariation; Theil = within + between.'))}"
            "</p>",
            _table(
                prod.gaps,
                [
                    (c, c.replace("_", " "), "{:.4f}" if c != "year" else "{}")
                    for c in prod.gaps.columns
                ],
                "",
                name="nqpf-gaps",
            ),
        ]
    if len(prod.efficiency):
        shown = ["year", "ccr", "bcc", "sbm_undesirable"]
        shown += ["malmquist", "efficiency_change", "technical_change"]
        summary = prod.efficiency_summary[shown]
        tech = prod.options
        parts += [
            f"<h3>{_e(t('Efficiency (DEA) and its change'))}</h3><p class='note'>"
            + _e(
                t(
                    DEA_NOTE,
                    inputs=", ".join(tech.get("inputs", [])),
                    outputs=", ".join(tech.get("outputs", [])),
                    undesirable=", ".join(tech.get("undesirable", [])),
                )
            )
            + "</p>",
            _table(
                summary,
                [
                    (c, c.replace("_", " "), "{:.3f}" if c != "year" else "{}")
                    for c in summary.columns
                ],
                "",
                name="efficiency",
            ),
        ]
    parts.append("</section>")
    return "".join(parts)


def province_nqpf(prod: ProductivityResult, region: str) -> str:
    """Per-province block: index trend against the national median, and the weak points
    against the frontier (obstacle degree) and against the province's income peers."""
    idx = prod.index
    mine = idx[idx["region"] == region].sort_values("year")
    if mine.empty:
        missing = prod.missing[prod.missing["region"] == region]
        lacks = ", ".join(sorted(set(", ".join(missing["missing"]).split(", ")))) or "data"
        return (
            f"<h3>{_e(t('New quality productive forces'))}</h3><p class='note'>"
            f"{_e(t('No index: lacks {what}.', what=sentence(lacks)))}</p>"
        )
    median = prod.national.set_index("year")["median"]
    fig = go.Figure(
        [
            go.Scatter(
                x=median.index,
                y=median.to_numpy(),
                name=t("national median"),
                line={"color": "#999", "dash": "dot"},
            ),
            go.Scatter(
                x=mine["year"],
                y=mine["closeness"],
                name=t("this region"),
                line={"color": "#08519c", "width": 3},
                mode="lines+markers",
            ),
        ]
    )
    fig.update_layout(
        height=260,
        margin={"l": 40, "r": 10, "t": 30, "b": 30},
        title={"text": t("NQPF index"), "font": {"size": 13}},
        yaxis={"title": {"text": t("closeness (0-1)"), "font": {"size": 11}}},
        legend={"orientation": "h", "y": -0.25},
        template="plotly_white",
    )
    named = _named(prod.weights)[["id", "name", "dimension_text"]]
    weak = (
        prod.weak_points()
        .query("region == @region")
        .merge(named, left_on="indicator", right_on="id")
    )
    peers = prod.peer_weak_points.query("region == @region").merge(
        named, left_on="indicator", right_on="id"
    )
    peer_note = (
        "<p class='note'>"
        + _e(
            t(
                "Against its {n} {group} peers (gap to their median on the 0-1 scale):",
                n=int(peers["peers"].iloc[0]),
                group=t(str(peers["peer_group"].iloc[0])),
            )
        )
        + "</p>"
        if len(peers)
        else f"<p class='note'>{_e(t('At or above its income peers’ median on every indicator.'))}</p>"
    )
    last = mine.iloc[-1]
    slug = "".join(ch if ch.isalnum() else "-" for ch in region.lower())
    return "".join(
        [
            f"<h3>{_e(t('New quality productive forces'))}</h3><p class='note'>"
            + _e(
                t(
                    "{year}: closeness {value}, rank {rank}. Weak points against the frontier "
                    "(obstacle degree):",
                    year=int(last["year"]),
                    value=f"{last['closeness']:.3f}",
                    rank=int(last["rank"]),
                )
            )
            + "</p>",
            "<div class='grid2'>",
            _figure(fig, f"fig-nqpf-{slug}"),
            "<div>",
            _table(
                weak,
                [
                    ("name", "indicator", ""),
                    ("dimension_text", "dimension", ""),
                    ("obstacle", "obstacle", "{:.1%}"),
                ],
                "",
                name=f"nqpf-obstacles-{slug}",
            ),
            peer_note,
            _table(
                peers,
                [
                    ("name", "indicator", ""),
                    ("dimension_text", "dimension", ""),
                    ("gap_to_peers", "gap", "{:.2f}"),
                ],
                "",
                name=f"nqpf-peer-gaps-{slug}",
            )
            if len(peers)
            else "",
            "</div></div>",
        ]
    )
