"""The evaluate report: one self-contained, offline HTML page for a result of ``yindi evaluate``.

``render_evaluate_html`` renders a policy evaluation (``PolicyResult``), a bubble check of
declared priorities (``BubbleCheckResult``) or a partner ranking (``PartnerResult``) with the
planning report's machinery: its CSS and script, plotly.js inline once, every figure as an
inline JSON block drawn when the page has loaded, every word through ``_i18n.t`` and every
sentence of the stage through the clause translator. It computes nothing: the result's tables
are formatted as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from yindi import __version__
from yindi.report import _declared, _i18n, _maps, _partners, _policy
from yindi.report._i18n import t
from yindi.report._page import CONFIG, _e, _table, asset, plotly_js

__all__ = ["KINDS", "render_evaluate_html", "write_evaluate_html"]

#: the result's ``_stage`` -> (kind, page title)
KINDS = {
    "evaluate policy": ("policy", "yindi — did the policy work?"),
    "evaluate plans": ("plans", "yindi — declared priorities: where plans pile up"),
    "evaluate partners": ("partners", "yindi — where can a partner fit?"),
}


def _region_names(result: Any, plan: Any, regions: pd.DataFrame | None) -> dict[str, str]:
    """Region (and, from a plan, sector and industry) id -> Chinese name, where known."""
    names: dict[str, str] = {}
    tables = [regions, getattr(plan, "regions", None)]
    own = getattr(result, "regions", None)  # the partner result names its regions
    if isinstance(own, pd.DataFrame):
        tables.append(own)
    for table in tables:
        if isinstance(table, pd.DataFrame) and {"region", "name_zh"} <= set(table.columns):
            for r, z in zip(table["region"].astype(str), table["name_zh"], strict=True):
                if isinstance(z, str) and z.strip():
                    names.setdefault(r, z.strip())
    for table, key in ((getattr(result, "industries", None), "industry"),):
        if isinstance(table, pd.DataFrame) and {key, "name_zh"} <= set(table.columns):
            for column in (key, "name_en"):
                for k, z in zip(table[column].astype(str), table["name_zh"], strict=True):
                    if isinstance(z, str) and z.strip():
                        names.setdefault(k, z.strip())
    return names


def _namer(names: Mapping[str, str], english: Mapping[str, str]) -> Callable[[str], str]:
    """A region's label as the planning report writes it: Chinese name, id, and the English
    name where it is not the id ("北京 Beijing", "DE11 Stuttgart")."""

    def name(region: str) -> str:
        parts = [region]
        zh, en = names.get(region), english.get(region)
        if zh and zh != region:
            parts.insert(0, zh)
        if en and en != region:
            parts.append(en)
        return " ".join(parts)

    return name


def _english(plan: Any, regions: pd.DataFrame | None) -> dict[str, str]:
    """Region id -> English name, from the regions table given or the plan's."""
    out: dict[str, str] = {}
    for table in (regions, getattr(plan, "regions", None)):
        if isinstance(table, pd.DataFrame) and {"region", "name_en"} <= set(table.columns):
            for r, n in zip(table["region"].astype(str), table["name_en"], strict=True):
                if isinstance(n, str) and n.strip():
                    out.setdefault(r, n.strip())
    return out


def _plans_body(result: Any, name: Callable[[str], str], plan: Any) -> str:
    regions = (
        len(plan.types) if plan is not None else int(result.coverage.get("regions_planned", 0))
    )
    unmatched = result.unmatched
    shown = unmatched.assign(region_name=[name(str(r)) for r in unmatched["region"]])
    source = str(result.inputs.get("declared", {}).get("source", ""))
    note = _declared.NOTE if source.startswith("yindi example") else _declared.NOTE_ANY
    return _declared.declared_section(result, name, regions, note=note) + "".join(
        [
            f"<section id='unmatched'><h2>{_e(t('Terms that match no industry'))}</h2>",
            f"<p class='note'>{_e(t(UNMATCHED_NOTE))}</p>",
            _table(
                shown,
                [
                    ("line", "line", "{:d}"),
                    ("region_name", "region", ""),
                    ("term", "declared as", ""),
                    ("candidates", "closest candidates", ""),
                ],
                "wide",
                empty="none: every term matched",
                name="declared-unmatched",
            ),
            "</section>",
        ]
    )


UNMATCHED_NOTE = (
    "Quoted as the file writes them, with the closest entries of the term dictionary and their "
    "similarity (0-1). Add a synonym to the dictionary (--terms FILE) to map one."
)


def render_evaluate_html(
    result: Any,
    *,
    lang: str = "en",
    plan: Any = None,
    regions: pd.DataFrame | None = None,
    boundaries: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> str:
    """Render a result of ``yindi evaluate`` as one self-contained offline HTML page.

    Parameters
    ----------
    result : PolicyResult, BubbleCheckResult or PartnerResult
        From :func:`yindi.policy_effects` (or ``pilot_case``), :func:`yindi.bubble_check` or
        :func:`yindi.find_partners`.
    lang : {"en", "zh"}
        Language of every text of the page; names stay as the data write them.
    plan : PlanResult, optional
        The plan the check or ranking read: its region, sector and industry names translate
        the page's sentences, and its boundaries draw the partner map.
    regions : DataFrame, optional
        ``region, name_en, name_zh``: names of the regions (e.g. the embedded dataset's for a
        policy evaluation, which carries none).
    boundaries : GeoJSON mapping, optional
        Region polygons for the partner map (default: the plan's).
    title : str, optional
        Page title (default: the kind's title in ``lang``).

    Returns
    -------
    str
        The page; byte-identical for the same inputs (fixed figure ids, no timestamps).
    """
    stage = getattr(result, "_stage", None)
    if stage not in KINDS:
        raise TypeError(
            f"render_evaluate_html renders the results of yindi evaluate (policy, plans, "
            f"partners); got {type(result).__name__}"
        )
    names = _region_names(result, plan, regions)
    texts: dict[str, str] = {}
    if plan is not None:
        from yindi.report._zh import lookups

        extra_names, texts = lookups(plan)
        names = extra_names | names
    with _i18n.language(lang, names=names, texts=texts):
        return _render(result, KINDS[stage], lang, plan, regions, boundaries, title, names)


def _render(
    result: Any,
    kind: tuple[str, str],
    lang: str,
    plan: Any,
    regions: pd.DataFrame | None,
    boundaries: Mapping[str, Any] | None,
    title: str | None,
    names: Mapping[str, str],
) -> str:
    from yindi.report.plan_report import _page_head

    what, default_title = kind
    title = title or t(default_title)
    name = _namer(names, _english(plan, regions))
    if boundaries is None and plan is not None:
        boundaries = plan.boundaries
    if what == "policy":
        body = _policy.policy_section(result, name)
    elif what == "partners":
        shapes = None if boundaries is None else _maps.region_shapes(boundaries)
        body = _partners.partners_section(result, shapes, name)
    else:
        body = _plans_body(result, name, plan)
    page_data = {
        "config": CONFIG,
        "words": {
            "csv": "CSV",
            "csv_title": t("Download this table as CSV (UTF-8, opens in Excel)"),
            "filter": t("filter"),
        },
        "regions": {},
    }
    data = json.dumps(page_data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return "\n".join(
        [
            _page_head(title, lang, script=False),
            "</head><body>",
            f"<header><h1>{_e(title)}</h1><p class='note'>因地制宜 · yindi {_e(__version__)} · "
            f"{_e(t(_STAGE_WORDS[what]))}</p></header>",
            body,
            f"<script type='text/plain' id='plotly-js'>{plotly_js()}</script>",
            f"<script>window.YINDI={data};</script>",
            f"<script>{asset('report.js')}</script></body></html>",
        ]
    )


_STAGE_WORDS = {
    "policy": "yindi evaluate policy",
    "plans": "yindi evaluate plans",
    "partners": "yindi evaluate partners",
}


def write_evaluate_html(result: Any, path: str | Path, **options: Any) -> Path:
    """Render the page (:func:`render_evaluate_html`) and write it atomically."""
    from yindi._output import write_atomic

    target = Path(path)
    page = render_evaluate_html(result, **options)
    write_atomic(target, lambda p: p.write_text(page, encoding="utf-8"))
    return target
