"""The planning report: one self-contained, offline HTML page rendered from a ``PlanResult``.

Everything the page needs is inside it: plotly.js inline, figures as inline JSON, CSS and a few
lines of script that show one province at a time. Nothing is fetched (no CDN, no web fonts, no
map tiles); maps are filled polygons from the shipped boundaries (see ``_maps``). The report
renders and computes nothing a stage should; layouts are presentation and deterministic, so the
same result gives byte-identical HTML.

The pieces live next to it: ``_page`` (CSS, scripts, the cases shown, HTML helpers),
``_context`` (the result's tables keyed for display), ``_cases`` (well-known cases and
credits), ``_productivity`` (new quality productive forces), ``_figures``/``_network`` and
``_maps`` (figures).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # the report renders results, it never runs a stage
    from yindi.stages.plan import PlanResult

from yindi import __version__
from yindi.report import _cases, _coordinate, _figures, _maps, _productivity
from yindi.report._context import ReportContext
from yindi.report._figures import fmt
from yindi.report._page import (
    CASES,
    CSS,
    HEAD_SCRIPT,
    INDICATORS,
    TAIL_SCRIPT,
    TOP_STRENGTHS,
    TRACKS,
    Case,
    _badge,
    _e,
    _figure,
    _slug,
    _table,
    plotly_js,
)

__all__ = ["CASES", "Case", "render_plan_html", "write_plan_html"]


# -- the report ---------------------------------------------------------------------------------
class _Report(ReportContext):
    coordination: Any = None  # the coordinate result shown beside the plan, if any

    @property
    def group_by(self) -> str:
        """The region index groups by macro-region (China), else by country, else one group."""
        for column in ("macro_region", "country"):
            if column in self.regions.columns and self.regions[column].notna().any():
                return column
        return "_all"

    # -- national overview
    def overview(self) -> str:
        hover = {
            r: f"<b>{_e(self.name(r))}</b><br>type: {_e(t)}<br>approach: {_e(a)}"
            for r, t, a in zip(
                self.types.index, self.types["type"], self.types["approach"], strict=True
            )
        }
        figures = "<p class='note'>No boundaries in this result: maps left out.</p>"
        if self.r.boundaries is not None:
            shapes = _maps.region_shapes(self.r.boundaries)
            figures = "".join(
                _figure(
                    _maps.category_map(
                        shapes,
                        self.types[col].to_dict(),
                        colours,
                        hover,
                        title=title,
                        legend_title=col,
                    ),
                    div_id,
                )
                for col, colours, title, div_id in (
                    ("type", self.type_colours, f"Region types ({self.r.year})", "fig-map-types"),
                    ("approach", self.approach_colours, "Strategic approach", "fig-map-approach"),
                )
            )
        table = self.types.reset_index()
        table = table.assign(
            name=[self.name(r) for r in table["region"]],
            type_html=[_badge(t, self.type_colours[t]) for t in table["type"]],
            order=table["type"].map({k: i for i, k in enumerate(self.type_colours)}),
        ).sort_values(["order", "eci", "region"], ascending=[True, False, True], kind="mergesort")
        return "".join(
            [
                "<section id='overview'><h2>National overview</h2><div class='grid2'>",
                figures,
                "</div>",
                self.map_note(),
                "<h3>Region types and the indicators that decided them</h3>",
                _table(
                    table,
                    [
                        ("name", "province", ""),
                        ("type_html", "type", "html"),
                        ("approach", "approach", ""),
                        ("eci", "ECI", "{:.2f}"),
                        ("coi", "COI", "{:.2f}"),
                        *([("cluster", "k-means", "{:.0f}")] if "cluster" in table else []),
                        ("reasons", "why", ""),
                    ],
                    "wide",
                ),
                self.cluster_note(),
                self.complexity_note(),
                self.duplication(),
                "</section>",
            ]
        )

    def nqpf(self) -> str:
        if self.r.productivity is None:
            return ""
        shapes = None if self.r.boundaries is None else _maps.region_shapes(self.r.boundaries)
        return _productivity.nqpf_section(self.r.productivity, shapes, self.name)

    def map_note(self) -> str:
        china = self.r.boundaries is not None and any(
            f["properties"].get("kind") == "maritime" for f in self.r.boundaries["features"]
        )
        if not china:
            return "<p class='note'>Hover a region for its type and approach.</p>"
        return (
            "<p class='note'>Hover a province for its type and approach. Taiwan, Hong Kong "
            "and Macao are drawn hatched: the sources of the embedded data have no figures "
            "for them. The South China Sea islands and the maritime boundary line are in the "
            "inset.</p>"
        )

    def complexity_note(self) -> str:
        """Which complexity the plan read, why, and how each source fared on its checks."""
        rel = self.r.reliability
        if rel.empty:
            return ""
        source = str(self.r.options.get("complexity_source", "network"))
        why = str(self.r.options.get("complexity_why", ""))
        rows = rel.assign(
            year=rel["year"].astype(str),
            check=[
                "passes" if s and v else "fails"
                for s, v in zip(rel["stable"], rel["valid"], strict=True)
            ],
        )
        return (
            f"<h3>How reliable is the complexity ({self.r.year})?</h3><p class='note'>ECI, COI "
            f"and the sectors' complexity above are from the <b>{_e(source)}</b> source: "
            f"{_e(why)}.</p>"
            + _table(
                rows,
                [
                    ("source", "source", ""),
                    ("year", "year", ""),
                    ("eci_spearman", "rank correlation with the year before", "{:.2f}"),
                    ("rank_width", "resampling rank range (share of regions)", "{:.0%}"),
                    ("income_spearman", "rank correlation with income per head", "{:.2f}"),
                    ("coverage", "share of output covered", "{:.0%}"),
                    ("check", "checks", ""),
                    ("warnings", "what fails", ""),
                ],
                "wide",
            )
        )

    def cluster_note(self) -> str:
        ari = self.r.options.get("cluster_ari")
        if ari is None:
            return ""
        return (
            "<p class='note'>Data-driven check: k-means on the standardised indicators (as many "
            f"clusters as types) agrees with the rules at an adjusted Rand index of {ari:.2f} "
            "(1 = the same partition, 0 = chance). The column k-means gives each province's "
            "cluster.</p>"
        )

    def duplication(self) -> str:
        dup = self.r.duplication.assign(industry=lambda d: d["industry"].astype(str))
        n = len(self.types)
        share = float(self.r.options.get("duplication_share", float("nan")))
        cult = dup[dup["track"] == "cultivate"].set_index("industry")
        prep = dup[dup["track"] == "prepare"].set_index("industry")
        ids = sorted(set(cult.index) | set(prep.index))
        first = pd.concat([cult, prep])
        first = first[~first.index.duplicated()]
        frame = pd.DataFrame(
            {
                "industry": [f"{first.at[i, 'name_en']} {first.at[i, 'name_zh']}" for i in ids],
                "stage": [self.cat["stage"].get(i, "sector") for i in ids],
                "n": [int(cult["regions"].get(i, 0)) for i in ids],
                "flag": [
                    "⚠ duplication risk" if bool(cult["flag"].get(i, False)) else "" for i in ids
                ],
                "regions": [
                    ", ".join(
                        self.name(r) for r in str(cult["region_names"].get(i, "")).split(", ")
                    )
                    if i in cult.index
                    else ""
                    for i in ids
                ],
                "n_prep": [int(prep["regions"].get(i, 0)) for i in ids],
            }
        )
        if not frame.empty:
            frame = frame.sort_values(
                ["n", "n_prep", "industry"], ascending=[False, False, True], kind="mergesort"
            )
        rule = (
            f"{int(dup['threshold'].iloc[0])} or more of the {n} regions ({share:.0%})"
            if len(dup)
            else f"{share:.0%} or more of the {n} regions (and at least 2)"
        )
        return "".join(
            [
                "<h3>Who cultivates what: national duplication check</h3>",
                f"<p class='note'>Regions whose <i>cultivate</i> list names each industry; flagged "
                f"when {rule} pick the same "
                "one, more hubs than the country is likely to need.</p>",
                _table(
                    frame,
                    [
                        ("industry", "industry", ""),
                        ("stage", "stage", ""),
                        ("n", "regions cultivating", "{:d}"),
                        ("flag", "", ""),
                        ("regions", "which", ""),
                        ("n_prep", "regions preparing", "{:d}"),
                    ],
                    "wide dup",
                ),
            ]
        )

    # -- one province
    def profile(self, region: str) -> str:
        meta = self.regions.loc[region]
        out = [
            f"<p class='meta'>{_e(meta.get('name_zh_full', ''))} · "
            f"{_e(meta.get('macro_region', ''))} · "
            f"{'coastal' if bool(meta.get('coastal', False)) else 'inland'}</p>"
        ]
        if region not in self.types.index:
            return out[0] + "<p class='note'>not classified</p>"
        out.append(
            f"<p>{self.badges(region)}</p><p><b>Why:</b> {_e(self.types.at[region, 'reasons'])}</p>"
        )
        rows = []
        for col, (label, spec) in INDICATORS.items():
            if (region, col) in self.standing.index:  # value and rank from the plan stage
                row = self.standing.loc[(region, col)]
                ranked = not pd.isna(row["rank"])
                rank = f"{int(row['rank'])} / {int(row['regions'])}" if ranked else "–"
                if ranked and row.get("without", ""):
                    rank += f" (no data: {row['without']})"
                value = None if pd.isna(row["value"]) else float(row["value"])
                rows.append(
                    {
                        "label": label,
                        "year": row.get("year", ""),
                        "value": fmt(value, spec),
                        "rank": rank,
                    }
                )
        return "".join(out) + _table(
            pd.DataFrame(rows),
            [
                ("label", "indicator", ""),
                ("year", "year", ""),
                ("value", "value", ""),
                ("rank", "rank (1 = highest)", ""),
            ],
        )

    def strengths(self, region: str) -> str:
        part = self.ra[self.ra["region"] == region]
        total = float(part["value"].sum())
        strong = part[part["rca"] >= 1.0]
        top = strong.sort_values(
            ["rca", "activity"], ascending=[False, True], kind="mergesort"
        ).head(TOP_STRENGTHS)
        top = top.assign(
            name=[
                f"{a} {self.acts['name_en'].get(a, '')} {self.acts['name_zh'].get(a, '')}"
                for a in top["activity"]
            ],
            share=top["value"] / total if total > 0 else float("nan"),
        )
        shown = (
            f"<p class='note'>The {len(top)} highest of {len(strong)} sectors with RCA ≥ 1.</p>"
            if len(strong) > len(top)
            else ""
        )
        return shown + _table(
            top,
            [
                ("name", "sector", ""),
                ("rca", "RCA", "{:.2f}"),
                ("pci", "complexity", "{:.2f}"),
                ("share", "share of output", "{:.1%}"),
            ],
        )

    def tracks(self, region: str) -> str:
        part = self.paths[self.paths["region"] == region]
        cols = []
        for key, label, help_text in TRACKS:
            rows = self.named(
                part[part["track"] == key].sort_values(["rank", "industry"], kind="mergesort")
            )
            cols.append(
                f"<div class='track {key}'><h4>{label}</h4><p class='note'>{help_text}</p>"
                + _table(
                    rows,
                    [
                        ("rank", "#", "{:d}"),
                        ("name", "industry", ""),
                        ("score", "score", "{:.2f}"),
                        ("evidence", "evidence", "ev"),
                    ],
                )
                + "</div>"
            )
        return "<div class='grid3'>" + "".join(cols) + "</div>"

    def province(self, region: str, layout: _figures.NetworkLayout) -> str:
        slug = _slug(region)
        reasons = {i: x for (r, i), x in self.reasons.items() if r == region}
        mine = self.paths[self.paths["region"] == region]
        picks = {
            i: f"{t} #{k}"
            for i, t, k in zip(mine["industry"], mine["track"], mine["rank"], strict=True)
        }
        scatter = _figures.region_scatter(self.opp[self.opp["region"] == region], reasons, picks)
        network = _figures.region_network(self.ra[self.ra["region"] == region], self.acts, layout)
        return "".join(
            [
                f"<section class='province' id='{slug}'><h2>{_e(self.name(region))}</h2>",
                "<div class='grid2'><div>",
                self.profile(region),
                "</div><div>",
                f"<h3>Strengths ({self.r.year})</h3><p class='note'>Sectors with RCA ≥ 1, by RCA; "
                "complexity of the sector from the source the plan read ("
                f"{_e(self.r.options.get('complexity_source', 'network'))}; – where it has "
                "none).</p>",
                self.strengths(region),
                "</div></div>",
                "<h3>Paths</h3>",
                self.tracks(region),
                "<div class='grid2'>",
                _figure(scatter, f"fig-scatter-{slug[2:]}"),
                _figure(network, f"fig-network-{slug[2:]}"),
                "</div>",
                ""
                if self.r.productivity is None
                else _productivity.province_nqpf(self.r.productivity, region),
                _coordinate.province_coordination(self.coordination, region),
                "</section>",
            ]
        )

    def provinces(self) -> str:
        layout = _figures.network_layout(self.r.diagnosis.proximity(self.r.year))
        known = set(self.types.index) | set(self.ra["region"])
        regions = [r for r in self.regions.index if r in known]
        options = "".join(
            f"<option value='{_slug(r)}'>{_e(self.name(r))}</option>" for r in regions
        )
        table = self.regions.loc[regions].assign(_all="All regions")
        groups = [
            f"<p><b>{_e(macro)}</b>: "
            + " ".join(f"<a href='#{_slug(r)}'>{_e(self.name(r))}</a>" for r in part.index)
            + "</p>"
            for macro, part in table.groupby(self.group_by, sort=True)
        ]
        return "".join(
            [
                "<section id='provinces'><h2>Provinces</h2><p class='pick'><label "
                f"for='province-select'>Show province: </label><select id='province-select'>{options}"
                "</select></p><div class='index'>",
                *groups,
                "</div>",
                *(self.province(r, layout) for r in regions),
                "</section>",
            ]
        )


def render_plan_html(
    result: PlanResult,
    *,
    title: str = "yindi — locally tailored development paths",
    credits: str | None = None,
    coordination: Any = None,
) -> str:
    """Render a plan result as one self-contained offline HTML page (plotly.js inline).

    Parameters
    ----------
    result : PlanResult
        The result of ``yindi.plan``.
    title : str
        Page title.
    credits : str, optional
        Data credits (Markdown-like text). Default: the embedded dataset's provenance when the
        diagnosis ran on it, else none.

    Returns
    -------
    str
        The page: about 5 MB of which 4.8 MB are plotly.js. Byte-identical for the same
        ``result`` (no timestamps, fixed figure ids, deterministic layouts).
    """
    rep = _Report(result)
    rep.coordination = coordination
    nav = (
        "<nav><a href='#overview'>Overview</a> · "
        + ("<a href='#coordinate'>National portfolio</a> · " if coordination is not None else "")
        + "<a href='#cases'>Well-known cases</a> · "
        "<a href='#nqpf'>New quality productive forces</a> · "
        "<a href='#provinces'>Provinces</a> · <a href='#credits'>Credits and options</a></nav>"
    )
    return "\n".join(
        [
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<title>{_e(title)}</title><style>{CSS}</style><script>{HEAD_SCRIPT}</script>",
            f"<script>{plotly_js()}</script></head><body>",
            f"<header><h1>{_e(title)}</h1><p class='note'>因地制宜 · diagnosis year {result.year} · "
            f"{len(rep.types)} regions · yindi {_e(__version__)}</p>{nav}</header>",
            rep.overview(),
            _coordinate.coordination_section(
                coordination,
                rep.regions,
                rep.group_by,
                None if result.boundaries is None else _maps.region_shapes(result.boundaries),
                rep.name,
            ),
            _cases.cases_section(rep),
            rep.nqpf(),
            rep.provinces(),
            _cases.credits_section(rep, credits),
            f"<script>{TAIL_SCRIPT}</script></body></html>",
        ]
    )


def write_plan_html(result: PlanResult, path: str | Path, **options: Any) -> Path:
    """Render the report and write it atomically (``yindi._output.write_atomic``)."""
    from yindi._output import write_atomic

    target = Path(path)
    page = render_plan_html(result, **options)
    write_atomic(target, lambda p: p.write_text(page, encoding="utf-8"))
    return target
