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

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # the report renders results, it never runs a stage
    from yindi.stages.plan import PlanResult

from yindi import __version__
from yindi.report import (
    _cases,
    _coordinate,
    _declared,
    _figures,
    _i18n,
    _maps,
    _productivity,
    _region,
    _stress,
)
from yindi.report._context import ReportContext
from yindi.report._figures import fmt
from yindi.report._i18n import current, sentence, t
from yindi.report._page import (
    CASES,
    CONFIG,
    HEAD_SCRIPT,
    INDICATORS,
    TOP_STRENGTHS,
    TRACKS,
    Case,
    _badge,
    _e,
    _figure,
    _slug,
    _table,
    asset,
    plotly_js,
    shared_blocks,
)

__all__ = ["CASES", "Case", "render_plan_html", "write_plan_html"]


# -- the report ---------------------------------------------------------------------------------
class _Report(ReportContext):
    coordination: Any = None  # the coordinate result shown beside the plan, if any
    declared: Any = None  # the bubble check of the regions' declared priorities, if any

    def __init__(self, result: PlanResult) -> None:
        super().__init__(result)
        self.shared: dict[str, str] = {}  # traces every province's figure repeats

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
            r: f"<b>{_e(self.name(r))}</b><br>{t('type')}: {_e(t(ty))}<br>"
            f"{t('approach')}: {_e(t(a))}"
            for r, ty, a in zip(
                self.types.index, self.types["type"], self.types["approach"], strict=True
            )
        }
        figures = f"<p class='note'>{_e(t(NO_MAPS))}</p>"
        if self.r.boundaries is not None:
            shapes = _maps.region_shapes(self.r.boundaries)
            figures = "".join(
                _figure(
                    _maps.category_map(
                        shapes,
                        {r: t(v) for r, v in self.types[col].items()},
                        {t(k): c for k, c in colours.items()},
                        hover,
                        title=title,
                        legend_title=t(col),
                    ),
                    div_id,
                )
                for col, colours, title, div_id in (
                    (
                        "type",
                        self.type_colours,
                        t("Region types ({year})", year=self.r.year),
                        "fig-map-types",
                    ),
                    (
                        "approach",
                        self.approach_colours,
                        t("Strategic approach"),
                        "fig-map-approach",
                    ),
                )
            )
        table = self.types.reset_index()
        table = table.assign(
            name=[self.name(r) for r in table["region"]],
            type_html=[_badge(t(ty), self.type_colours[ty]) for ty in table["type"]],
            approach_text=[t(a) for a in table["approach"]],
            order=table["type"].map({k: i for i, k in enumerate(self.type_colours)}),
        ).sort_values(["order", "eci", "region"], ascending=[True, False, True], kind="mergesort")
        return "".join(
            [
                f"<section id='overview'><h2>{t('National overview')}</h2><div class='grid2'>",
                figures,
                "</div>",
                self.map_note(),
                f"<h3>{t('Region types and the indicators that decided them')}</h3>",
                _table(
                    table,
                    [
                        ("name", self.unit, ""),
                        ("type_html", "type", "html"),
                        ("approach_text", "approach", ""),
                        ("eci", "ECI", "{:.2f}"),
                        ("coi", "COI", "{:.2f}"),
                        *([("cluster", "k-means", "{:.0f}")] if "cluster" in table else []),
                        ("reasons", "why", "s"),
                    ],
                    "wide",
                    name="types",
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
            return f"<p class='note'>{_e(t('Hover a region for its type and approach; click it to open its page.'))}</p>"
        return f"<p class='note'>{_e(t(CHINA_MAP_NOTE))}</p>"

    def complexity_note(self) -> str:
        """Which complexity the plan read, why, and how each source fared on its checks."""
        rel = self.r.reliability
        if rel.empty:
            return ""
        source = str(self.r.options.get("complexity_source", "network"))
        why = str(self.r.options.get("complexity_why", ""))
        rows = rel.assign(
            year=rel["year"].astype(str),
            source_text=[t(str(x)) for x in rel["source"]],
            check=[
                t("passes") if s and v else t("fails")
                for s, v in zip(rel["stable"], rel["valid"], strict=True)
            ],
        )
        return (
            f"<h3>{_e(t('How reliable is the complexity ({year})?', year=self.r.year))}</h3>"
            f"<p class='note'>{_e(t('ECI, COI and the sectors’ complexity above are from this source:'))} "
            f"<b>{_e(t(source))}</b>: {_e(sentence(why))}.</p>"
            + _table(
                rows,
                [
                    ("source_text", "source", ""),
                    ("year", "year", ""),
                    ("eci_spearman", "rank correlation with the year before", "{:.2f}"),
                    ("rank_width", "resampling rank range (share of regions)", "{:.0%}"),
                    ("income_spearman", "rank correlation with income per head", "{:.2f}"),
                    ("coverage", "share of output covered", "{:.0%}"),
                    ("check", "checks", ""),
                    ("warnings", "what fails", "s"),
                ],
                "wide",
                name="reliability",
            )
        )

    def cluster_note(self) -> str:
        ari = self.r.options.get("cluster_ari")
        if ari is None:
            return ""
        return f"<p class='note'>{_e(t(CLUSTER_NOTE, ari=f'{ari:.2f}'))}</p>"

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
                "industry": [f"{first.at[i, 'name_zh']} {first.at[i, 'name_en']}" for i in ids],
                "stage": [t(str(self.cat["stage"].get(i, "sector"))) for i in ids],
                "n": [int(cult["regions"].get(i, 0)) for i in ids],
                "flag": [
                    "⚠ " + t("duplication risk") if bool(cult["flag"].get(i, False)) else ""
                    for i in ids
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
            t(
                "{k} or more of the {n} regions ({share})",
                k=int(dup["threshold"].iloc[0]),
                n=n,
                share=f"{share:.0%}",
            )
            if len(dup)
            else t("{share} or more of the {n} regions (and at least 2)", n=n, share=f"{share:.0%}")
        )
        return "".join(
            [
                f"<h3>{_e(t('Who cultivates what: national duplication check'))}</h3>",
                f"<p class='note'>{_e(t(DUPLICATION_NOTE, rule=rule))}</p>",
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
                    name="duplication",
                ),
            ]
        )

    # -- one province
    def profile(self, region: str) -> str:
        meta = self.regions.loc[region]
        out = [
            "<p class='meta'>"
            + " · ".join(
                _e(x)
                for x in (
                    meta.get("name_zh_full", ""),
                    t(str(meta.get("macro_region", ""))) if "macro_region" in meta else "",
                    (t("coastal") if bool(meta.get("coastal")) else t("inland"))
                    if "coastal" in meta
                    else "",
                )
                if x and str(x) != "nan"
            )
            + "</p>"
        ]
        if region not in self.types.index:
            return out[0] + f"<p class='note'>{_e(t('not classified'))}</p>"
        out.append(
            f"<p>{self.badges(region)}</p><p><b>{_e(t('Why'))}:</b> "
            f"{_e(sentence(self.types.at[region, 'reasons']))}</p>"
        )
        rows = []
        for col, (label, spec) in INDICATORS.items():
            if (region, col) in self.standing.index:  # value and rank from the plan stage
                row = self.standing.loc[(region, col)]
                ranked = not pd.isna(row["rank"])
                rank = f"{int(row['rank'])} / {int(row['regions'])}" if ranked else "–"
                if ranked and row.get("without", ""):
                    rank += f" ({t('no data')}: {sentence(row['without'])})"
                value = None if pd.isna(row["value"]) else float(row["value"])
                rows.append(
                    {
                        "label": t(label),
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
            name=f"profile-{_slug(region)[2:]}",
        )

    def strengths(self, region: str) -> str:
        """Sectors with RCA >= 1 by RCA, the top ``TOP_STRENGTHS``; public services are left
        out and named (their share follows public budgets, not competitiveness)."""
        part = self.ra[self.ra["region"] == region]
        total = float(part["value"].sum())
        strong = part[part["rca"] >= 1.0]
        group = self.acts["group"] if "group" in self.acts.columns else None
        public = (
            strong["activity"].map(group).eq("public services")
            if group is not None
            else pd.Series(False, index=strong.index)
        )
        left_out, strong = strong[public], strong[~public]
        top = strong.sort_values(
            ["rca", "activity"], ascending=[False, True], kind="mergesort"
        ).head(TOP_STRENGTHS)
        names = self.acts["name_zh" if current().zh else "name_en"]
        top = top.assign(
            name=[
                f"{a} {self.acts['name_zh'].get(a, '')} {self.acts['name_en'].get(a, '')}"
                for a in top["activity"]
            ],
            share=top["value"] / total if total > 0 else float("nan"),
        )
        notes = []
        if len(strong) > len(top):
            notes.append(
                t("The {k} highest of {n} sectors with RCA ≥ 1.", k=len(top), n=len(strong))
            )
        if len(left_out):
            notes.append(
                t(
                    "Public services left out (their share follows public budgets, not "
                    "competitiveness): {names}.",
                    names=", ".join(str(names.get(a, a)) for a in sorted(left_out["activity"])),
                )
            )
        shown = "".join(f"<p class='note'>{_e(n)}</p>" for n in notes)
        return shown + _table(
            top,
            [
                ("name", "sector", ""),
                ("rca", "RCA", "{:.2f}"),
                ("pci", "complexity", "{:.2f}"),
                ("share", "share of output", "{:.1%}"),
            ],
            name=f"strengths-{_slug(region)[2:]}",
        )

    def tracks(self, region: str) -> str:
        part = self.paths[self.paths["region"] == region]
        cols = []
        for key, label, help_text in TRACKS:
            rows = self.named(
                part[part["track"] == key].sort_values(["rank", "industry"], kind="mergesort")
            )
            cols.append(
                f"<div class='track {key}'><h4>{_e(t(label))}</h4>"
                f"<p class='note'>{_e(t(help_text))}</p>"
                + _table(
                    rows,
                    [
                        ("rank", "#", "{:d}"),
                        ("name", "industry", ""),
                        ("score", "score", "{:.2f}"),
                        ("evidence", "evidence", "ev"),
                    ],
                    empty=EMPTY_TRACK[key],
                    name=f"{key}-{_slug(region)[2:]}",
                )
                + "</div>"
            )
        return "<div class='grid3'>" + "".join(cols) + "</div>"

    def province(self, region: str, layout: _figures.NetworkLayout) -> str:
        slug = _slug(region)
        reasons = {i: x for (r, i), x in self.reasons.items() if r == region}
        mine = self.paths[self.paths["region"] == region]
        picks = {
            i: f"{t(tr)} #{k}"
            for i, tr, k in zip(mine["industry"], mine["track"], mine["rank"], strict=True)
        }
        here = self.ra[self.ra["region"] == region]
        scatter = _figures.region_scatter(self.opp[self.opp["region"] == region], reasons, picks)
        network = _figures.region_network(here, self.acts, layout)
        treemap = _figures.region_treemap(here, self.acts)
        source = t(str(self.r.options.get("complexity_source", "network")))
        return "".join(
            [
                f"<section class='province' id='{slug}'><h2>{_e(self.name(region))}</h2>",
                "<div class='grid2'><div>",
                self.profile(region),
                "</div><div>",
                f"<h3>{_e(t('Strengths ({year})', year=self.r.year))}</h3><p class='note'>",
                _e(t(STRENGTHS_NOTE, source=source)),
                "</p>",
                self.strengths(region),
                "</div></div>",
                f"<h3>{_e(t('Paths'))}</h3>",
                self.tracks(region),
                _region.opportunity_table(self, region),
                "<div class='grid2'>",
                _figure(scatter, f"fig-scatter-{slug[2:]}"),
                _figure(network, f"fig-network-{slug[2:]}", self.shared, "network-edges"),
                _figure(treemap, f"fig-treemap-{slug[2:]}"),
                "<div>",
                _region.peers_block(self, region),
                _region.history_block(self, region),
                "</div></div>",
                ""
                if self.r.productivity is None
                else _productivity.province_nqpf(self.r.productivity, region),
                _coordinate.province_coordination(self.coordination, region),
                _declared.province_declared(self.declared, region),
                "</section>",
            ]
        )

    def shown_regions(self) -> list[str]:
        known = set(self.types.index) | set(self.ra["region"])
        return [r for r in self.regions.index if r in known]

    def provinces(self) -> str:
        layout = _figures.network_layout(self.r.diagnosis.proximity(self.r.year))
        regions = self.shown_regions()
        options = "".join(
            f"<option value='{_slug(r)}'>{_e(self.name(r))}</option>" for r in regions
        )
        table = self.regions.loc[regions].assign(_all=t("All regions"))
        groups = [
            f"<p><b>{_e(t(str(macro)))}</b>: "
            + " ".join(f"<a href='#{_slug(r)}'>{_e(self.name(r))}</a>" for r in part.index)
            + "</p>"
            for macro, part in table.groupby(self.group_by, sort=True)
        ]
        return "".join(
            [
                f"<section id='provinces'><h2>{_e(t(self.units))}</h2><p class='pick'><label "
                f"for='province-select'>{_e(t('Show'))}: </label><select id='province-select'>"
                f"{options}</select></p><div class='index'>",
                *groups,
                "</div>",
                *(self.province(r, layout) for r in regions),
                shared_blocks(self.shared),
                "</section>",
            ]
        )

    @property
    def china(self) -> bool:
        return "adcode" in self.regions.columns and self.regions["adcode"].notna().any()

    @property
    def unit(self) -> str:
        return "province" if self.china else "region"

    @property
    def units(self) -> str:
        return "Provinces" if self.china else "Regions"

    def name_keys(self) -> dict[str, str]:
        """Every name a reader may type, lower case -> region id: the id, the Chinese name,
        the full Chinese name, the English name and the report's own label."""
        out: dict[str, str] = {}
        for r in self.shown_regions():
            meta = self.regions.loc[r]
            keys = (r, *(meta.get(c, "") for c in ("name_zh", "name_zh_full", "name_en")))
            for key in (*keys, self.name(r)):
                if isinstance(key, str) and key.strip() and key != "nan":
                    out.setdefault(key.strip().lower(), r)
        return out

    def search_index(self) -> dict[str, str]:
        """:meth:`name_keys` -> the region's page anchor, for the page's search box."""
        return {k: _slug(r) for k, r in self.name_keys().items()}


#: what an empty list means, by the paths stage's rules (yindi.stages.plan.paths)
EMPTY_TRACK = {
    "transform": "none: no traditional sector with RCA ≥ 1 and a large enough share of output",
    "cultivate": "none: no emerging industry passes the feasibility floor and raises the "
    "region's complexity",
    "prepare": "none: innovation capacity is below the plan's threshold for future industries",
}
NO_MAPS = (
    "No boundaries in this result: maps left out. Pass a GeoJSON file of the regions "
    "(yindi plan --boundaries FILE --boundary-key PROPERTY) to draw them."
)
CHINA_MAP_NOTE = (
    "Hover a province for its type and approach; click it to open its page. Taiwan, Hong Kong "
    "and Macao are drawn hatched: the sources of the embedded data have no figures for them. "
    "The South China Sea islands and the maritime boundary line are in the inset."
)
CLUSTER_NOTE = (
    "Data-driven check: k-means on the standardised indicators (as many clusters as types) "
    "agrees with the rules at an adjusted Rand index of {ari} (1 = the same partition, "
    "0 = chance). The column k-means gives each region's cluster."
)
DUPLICATION_NOTE = (
    "Regions whose cultivate list names each industry; flagged when {rule} pick the same one, "
    "more hubs than the country is likely to need."
)
STRENGTHS_NOTE = (
    "Sectors with RCA ≥ 1, by RCA; complexity of the sector from the source the plan read "
    "({source}; – where it has none)."
)
TITLE = "yindi — locally tailored development paths"


def _page_head(title: str, lang: str, extra_css: str = "", *, script: bool = True) -> str:
    """Everything of <head> but plotly.js: the report's CSS (+ ``extra_css``) and, unless
    ``script`` is false, the line that hides all provinces but one."""
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(title)}</title><style>{asset('report.css')}{extra_css}</style>"
        + (f"<script>{HEAD_SCRIPT}</script>" if script else "")
    )


def render_plan_html(
    result: PlanResult,
    *,
    title: str | None = None,
    credits: str | None = None,
    coordination: Any = None,
    stress: Any = None,
    declared: Any = None,
    lang: str = "en",
) -> str:
    """Render a plan result as one self-contained offline HTML page (plotly.js inline).

    Parameters
    ----------
    result : PlanResult
        The result of ``yindi.plan``.
    title : str, optional
        Page title (default: the report's title in ``lang``).
    credits : str, optional
        Data credits (Markdown-like text). Default: the embedded dataset's provenance when the
        diagnosis ran on it, else none.
    coordination : CoordinateResult, optional
        The coordinated national portfolio to show beside the plan.
    stress : StressResult, optional
        The stress tests of both portfolios (``yindi.stages.stress.stress``).
    declared : BubbleCheckResult, optional
        The regions' declared priorities checked (``yindi.stages.evaluate.bubble_check``).
    lang : {"en", "zh"}
        Language of every text of the page; names stay bilingual.

    Returns
    -------
    str
        The page: plotly.js (4.8 MB) once, every figure as inline JSON drawn when its section
        is first shown. Byte-identical for the same ``result`` (no timestamps, fixed figure
        ids, deterministic layouts).
    """
    with _i18n.language(lang, result):
        return _render(result, title, credits, coordination, lang, stress, declared)


def _render(
    result: PlanResult,
    title: str | None,
    credits: str | None,
    coordination: Any,
    lang: str,
    stress: Any = None,
    declared: Any = None,
) -> str:
    rep = _Report(result)
    rep.coordination = coordination
    rep.declared = declared
    title = title or t(TITLE)
    cases = _cases.cases_section(rep)
    nav = (
        f"<nav><a href='#overview'>{t('Overview')}</a> · "
        + (
            f"<a href='#coordinate'>{t('National portfolio')}</a> · "
            if coordination is not None
            else ""
        )
        + (f"<a href='#stress'>{t('Stress tests')}</a> · " if stress is not None else "")
        + (f"<a href='#declared'>{t('Declared priorities')}</a> · " if declared is not None else "")
        + (f"<a href='#cases'>{t('Well-known cases')}</a> · " if cases else "")
        + (
            f"<a href='#nqpf'>{t('New quality productive forces')}</a> · "
            if result.productivity is not None
            else ""
        )
        + f"<a href='#provinces'>{t(rep.units)}</a> · "
        f"<a href='#credits'>{t('Credits and options')}</a></nav>"
    )
    names = sorted({k for k in rep.search_index()})
    find = (
        f"<p class='find'><label for='region-search'>{_e(t('Find'))}: </label>"
        f"<input id='region-search' type='search' list='region-names' autocomplete='off' "
        f"placeholder='{_e(t('name in Chinese or English'))}'><datalist id='region-names'>"
        + "".join(f"<option value='{_e(n)}'>" for n in names)
        + "</datalist></p>"
    )
    page_data = {
        "config": CONFIG,
        "words": {
            "csv": "CSV",
            "csv_title": t("Download this table as CSV (UTF-8, opens in Excel)"),
            "filter": t("filter"),
        },
        "regions": rep.search_index(),
    }
    data = json.dumps(page_data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return "\n".join(
        [
            _page_head(title, lang),
            "</head><body>",
            f"<header><h1>{_e(title)}</h1><p class='note'>因地制宜 · "
            + _e(
                t(
                    "diagnosis year {year} · {n} regions · yindi {version}",
                    year=result.year,
                    n=len(rep.types),
                    version=__version__,
                )
            )
            + f"</p>{nav}{find}</header>",
            rep.overview(),
            _coordinate.coordination_section(
                coordination,
                rep.regions,
                rep.group_by,
                None if result.boundaries is None else _maps.region_shapes(result.boundaries),
                rep.name,
            ),
            ""
            if stress is None
            else _stress.stress_section(
                stress,
                None if result.boundaries is None else _maps.region_shapes(result.boundaries),
                rep.name,
            ),
            _declared.declared_section(declared, rep.name, len(rep.types)),
            cases,
            rep.nqpf(),
            rep.provinces(),
            _cases.credits_section(rep, credits),
            f"<script type='text/plain' id='plotly-js'>{plotly_js()}</script>",
            f"<script>window.YINDI={data};</script>",
            f"<script>{asset('report.js')}</script></body></html>",
        ]
    )


def write_plan_html(result: PlanResult, path: str | Path, **options: Any) -> Path:
    """Render the report and write it atomically (``yindi._output.write_atomic``)."""
    from yindi._output import write_atomic

    target = Path(path)
    page = render_plan_html(result, **options)
    write_atomic(target, lambda p: p.write_text(page, encoding="utf-8"))
    return target
