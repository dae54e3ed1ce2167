"""Blocks of a region's page beyond its lists: the opportunity table whose weights the reader
sets, regions like it, and the sectors it gained and lost. Presentation only: the numbers come
from the plan result (``opportunities``, ``peers``, ``diversification``); the page's script
only re-weighs the plan's own parts (``report.js``, ``oppScores``)."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from yindi.report._context import ReportContext
from yindi.report._figures import fmt
from yindi.report._i18n import current, sentence, t
from yindi.report._page import _e, _slug, _table

__all__ = ["history_block", "opportunity_table", "peers_block"]

#: the weights the reader moves, in slider order (the plan's names)
WEIGHTS = ("feasibility", "complexity", "gain", "national_value")


def _num(value: Any) -> float | None:
    """A JSON number rounded to 6 places, None (null) where unknown: never a 0."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else round(x, 6)


def presets(rep: ReportContext) -> dict[str, dict[str, float]]:
    """Weights of the plan's cultivate score for each strategic approach (plan options)."""
    opts = rep.r.options
    attr = dict(opts.get("attractiveness_weights", {}))
    approach = dict(opts.get("paths", {}).get("approach_weights", {}))
    return {
        name: {"feasibility": float(wf), **{k: float(v) for k, v in attr.items()}}
        for name, (wf, _) in approach.items()
    }


def opportunity_table(rep: ReportContext, region: str) -> str:
    """Every strategic industry of the region, scored in the page from weights the reader sets;
    the presets give the plan's weights per approach, the region's own approach selected."""
    rows = rep.opp[rep.opp["region"] == region].sort_values("industry", kind="mergesort")
    if rows.empty or region not in rep.types.index:
        return ""
    approach = str(rep.types.at[region, "approach"])
    preset = presets(rep)
    spec_rows = []
    for rec in rows.to_dict("records"):
        rank, ranked = rec.get("feasibility_rank"), rec.get("regions_ranked")
        known = rank is not None and not pd.isna(rank)
        excluded = bool(rec.get("excluded", False))
        note = sentence(rep.reasons.get((region, str(rec["industry"])), "")) if excluded else ""
        name = f"{rec['name_zh']} {rec['name_en']}"
        spec_rows.append(
            {
                "id": str(rec["industry"]),
                "name": name,
                "stage": str(rec["stage"]),
                "stage_label": t(str(rec["stage"])),
                "feasibility": _num(rec["feasibility"]),
                "national": f"{int(rank)} / {int(ranked)}" if known else "–",
                "national_rank": _num(rank),
                "fit": _num(rec["fit"]),
                "complexity": _num(rec["complexity"]),
                "gain": _num(rec["gain"]),
                "national_value": _num(rec["national_value"]),
                "excluded": excluded,
                "note": (t("excluded") + ": " + note) if excluded else "",
                "search": f"{name} {rec['stage']} {t(str(rec['stage']))}".lower(),
            }
        )
    labels = {
        "feasibility": t("feasibility"),
        "complexity": t("complexity"),
        "gain": t("opportunity gain"),
        "national_value": t("national value"),
    }
    spec = {
        "approach": approach if approach in preset else next(iter(preset)),
        "presets": preset,
        "labels": labels,
        "rows": spec_rows,
    }
    data = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    buttons = "".join(
        f"<button type='button' class='preset' data-preset='{_e(name)}'>{_e(t(name))}</button>"
        for name in preset
    )
    sliders = "".join(
        f"<label>{_e(labels[k])} <input type='range' min='0' max='1' step='0.05' "
        f"data-w='{k}' aria-label='{_e(labels[k])}'></label>"
        for k in WEIGHTS
    )
    stages = "".join(
        f"<option value='{_e(s)}'>{_e(t(s))}</option>" for s in sorted(set(rows["stage"]))
    )
    head = "".join(
        f"<th>{_e(t(h))}</th>"
        for h in (
            "#",
            "industry",
            "stage",
            "your score",
            "feasibility",
            "national rank",
            "endowment fit",
            "complexity",
            "opportunity gain",
            "national value",
            "note",
        )
    )
    return (
        f"<div class='opp' id='opp-{_slug(region)[2:]}'><h3>{_e(t('Opportunities: weigh them yourself'))}"
        f"</h3><p class='note'>{_e(t(OPP_NOTE))}</p><div class='controls'>"
        f"<span>{_e(t('presets'))}:</span>{buttons}{sliders}"
        f"<select class='stage' aria-label='{_e(t('stage'))}'><option value=''>"
        f"{_e(t('all stages'))}</option>{stages}</select>"
        f"<input type='search' class='filter' placeholder='{_e(t('filter'))}'></div>"
        "<p class='note weights-now'></p><div class='scroll'>"
        f"<table class='opp wide' data-name='opportunities-{_e(_slug(region)[2:])}'><thead><tr>"
        f"{head}</tr></thead><tbody></tbody></table></div>"
        f"<script type='application/json'>{data}</script></div>"
    )


OPP_NOTE = (
    "Score = feasibility weight x feasibility + (1 - feasibility weight) x the weighted mean of "
    "complexity, opportunity gain and national value: the plan's cultivate score. A preset "
    "sets the plan's weights for that approach; this region's approach is selected first, so "
    "its emerging industries score as in its Cultivate list (which also needs feasibility "
    "above the national floor and an upgrade). Future industries enter the Prepare list only "
    "where innovation capacity suffices. National rank: 1 = the best-placed region."
)


def peers_block(rep: ReportContext, region: str) -> str:
    """The regions with the most output in common, with the specialisations they share."""
    part = rep.r.peers[rep.r.peers["region"].astype(str) == region]
    if part.empty:
        return ""
    names = rep.acts["name_zh" if current().zh else "name_en"]
    items = []
    for rec in part.to_dict("records"):
        peer = str(rec["peer"])
        shared = [s for s in str(rec["shared"]).split(", ") if s]
        shown = ", ".join(str(names.get(s, s)) for s in shared[:5])
        more = t(" and {n} more", n=len(shared) - 5) if len(shared) > 5 else ""
        items.append(
            f"<li><a href='#{_slug(peer)}'>{_e(rep.name(peer))}</a> · "
            + _e(t("{share} of output in common", share=fmt(rec["overlap"], "{:.0%}")))
            + (f" · {_e(t('both specialised in'))} {_e(shown)}{_e(more)}" if shared else "")
            + "</li>"
        )
    return (
        f"<h3>{_e(t('Regions like it ({year})', year=rep.r.year))}</h3><p class='note'>"
        f"{_e(t(PEERS_NOTE))}</p><ol class='peers'>{''.join(items)}</ol>"
    )


PEERS_NOTE = (
    "By output structure: the share of output two regions have in common (the sum over "
    "sectors of the smaller of their two shares), highest first."
)


def history_block(rep: ReportContext, region: str) -> str:
    """Sectors the region gained and lost (RCA crossing 1) since the first year."""
    hist = rep.r.diversification
    if hist.empty:
        return ""
    part = hist[hist["region"].astype(str) == region]
    first, last = int(hist["from_year"].iloc[0]), int(hist["to_year"].iloc[0])
    rows = part.assign(
        sector=[
            f"{a} {rep.acts['name_zh'].get(str(a), '')} {rep.acts['name_en'].get(str(a), '')}"
            for a in part["activity"]
        ],
        change=[t(str(c)) for c in part["change"]],
    )
    return (
        f"<h3>{_e(t('Sectors gained and lost, {first}–{last}', first=first, last=last))}</h3>"
        f"<p class='note'>{_e(t(HISTORY_NOTE))}</p>"
        + _table(
            rows,
            [
                ("change", "change", ""),
                ("sector", "sector", ""),
                ("rca_from", f"RCA {first}", "{:.2f}"),
                ("rca_to", f"RCA {last}", "{:.2f}"),
                ("share_to", "share of output", "{:.1%}"),
            ],
            empty="no sector crossed RCA 1",
            name=f"gained-lost-{_slug(region)[2:]}",
        )
    )


HISTORY_NOTE = (
    "A sector is gained when its RCA rose to 1 or more, lost when it fell below 1. Small "
    "sectors cross the line easily: read the share of output beside each."
)
