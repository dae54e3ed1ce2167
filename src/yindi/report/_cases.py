"""Well-known cases and credits of the plan report, rendered from the keyed result tables.

The cases (``CASES`` in ``_page``) hold the method against experience; they are presentation
only and change nothing in the results. The credits section names the data sources and lists
the options of the diagnosis and the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from yindi import __version__
from yindi.report._context import ReportContext
from yindi.report._figures import fmt
from yindi.report._i18n import current, t
from yindi.report._page import CASES, INDICATORS, TRACKS, Case, _e, _markdown_lite, _slug, _table

__all__ = ["cases_section", "credits_section"]


CASES_NOTE = (
    "Cases planners know, to hold the method against experience. This list is presentation "
    "only; it changes nothing in the results."
)


def cases_section(rep: ReportContext) -> str:
    """The well-known cases: each case's regions with their paths, industries and endowments."""
    names = rep.cat["name_en"].astype(str).str.lower()
    cards = []
    if not any(r in rep.types.index for case in CASES for r in case.regions):
        return ""  # the cases are China's provinces; another region set has none of them
    for case in CASES:
        ids = set(case.industries) | {
            i for i, n in names.items() if any(k in n for k in case.keywords)
        }
        body = []
        for region in case.regions:
            if region not in rep.types.index:
                body.append(f"<p class='note'>{_e(region)}: {_e(t('not in this result'))}</p>")
                continue
            body.append(
                f"<div><h4><a href='#{_slug(region)}'>{_e(rep.name(region))}</a> "
                f"{rep.badges(region)}</h4>{_case_region(rep, case, region, ids)}</div>"
            )
        wide = len(case.regions) > 1
        cards.append(
            f"<div class='case{' wide' if wide else ''}'><h3>{_e(t(case.title))}</h3>"
            f"<p class='note'>{_e(t(case.note))}</p><div class='{'grid3' if wide else ''}'>"
            + "".join(body)
            + "</div></div>"
        )
    return (
        f"<section id='cases'><h2>{_e(t('Well-known cases'))}</h2><p class='note'>"
        f"{_e(t(CASES_NOTE))}</p><div class='grid2'>" + "".join(cards) + "</div></section>"
    )


def _case_region(rep: ReportContext, case: Case, region: str, ids: set[str]) -> str:
    """One region of a case: its path items, opportunities, sectors and endowments shown."""
    paths = rep.paths[rep.paths["region"] == region]
    shown = paths[
        paths["industry"].isin(ids) | (paths["track"].isin(case.tracks) & (paths["rank"] <= 3))
    ]
    order = {key: k for k, (key, _, _) in enumerate(TRACKS)}
    shown = rep.named(
        shown.assign(_t=shown["track"].map(order)).sort_values(
            ["_t", "rank", "industry"], kind="mergesort"
        )
    )
    shown = shown.assign(track=[t(str(x)) for x in shown["track"]])
    out = [
        _table(
            shown,
            [
                ("track", "track", ""),
                ("rank", "#", "{:d}"),
                ("name", "path item", ""),
                ("score", "score", "{:.2f}"),
                ("evidence", "evidence", "ev"),
            ],
            empty="no path item for these industries",
            name=f"case-paths-{region}",
        )
    ]
    opp = rep.opp[(rep.opp["region"] == region) & rep.opp["industry"].isin(ids)]
    opp = rep.named(opp.sort_values("industry", kind="mergesort"))
    opp = opp.assign(reason=[rep.reasons.get((region, i), "") for i in opp["industry"]])
    opp = opp.assign(excluded=[t("yes") if x else t("no") for x in opp["excluded"]])
    if not opp.empty:
        out.append(
            _table(
                opp,
                [
                    ("name", "strategic industry", ""),
                    ("feasibility", "feasibility", "{:.2f}"),
                    ("attractiveness", "attractiveness", "{:.2f}"),
                    ("fit", "fit", "{:.2f}"),
                    ("excluded", "excluded", ""),
                    ("reason", "reason", "s"),
                ],
                name=f"case-industries-{region}",
            )
        )
    sectors = rep.ra[(rep.ra["region"] == region) & rep.ra["activity"].isin(ids)]
    if not sectors.empty:
        sectors = sectors.assign(
            name=[
                f"{a} {rep.acts['name_zh'].get(a, '')} {rep.acts['name_en'].get(a, '')}"
                for a in sectors["activity"]
            ]
        )
        out.append(
            _table(
                sectors,
                [
                    ("name", "sector", ""),
                    ("rca", "RCA", "{:.2f}"),
                    ("density", "density", "{:.2f}"),
                    ("pci", "complexity", "{:.2f}"),
                ],
                name=f"case-sectors-{region}",
            )
        )
    rows = [
        {
            "indicator": t(INDICATORS.get(c, (c, "auto"))[0]),
            "value": fmt(rep.endow.at[region, c], INDICATORS.get(c, (c, "auto"))[1]),
            "median": fmt(
                float(rep.standing.at[(region, c), "median"]), INDICATORS.get(c, (c, "auto"))[1]
            ),
        }
        for c in case.endowments
        if c in rep.endow.columns and (region, c) in rep.standing.index
    ]
    out.append(
        _table(
            pd.DataFrame(rows),
            [
                ("indicator", "endowment", ""),
                ("value", "value", ""),
                ("median", "national median", ""),
            ],
            empty="",
            name=f"case-endowments-{region}",
        )
    )
    return "".join(out)


def credits_section(rep: ReportContext, credits: str | None) -> str:
    """Data credits (``credits`` or the embedded dataset's) and the options of both stages."""
    diag = dict(rep.r.diagnosis.options)
    rows = pd.DataFrame(
        [
            {"stage": stage, "option": k, "value": v}
            for stage, opts in (
                ("diagnose", diag),
                ("plan", dict(getattr(rep.r, "options", None) or {})),
            )
            for k, v in _flat(opts)
        ]
    )
    text = credits if credits is not None else _default_credits(diag)
    return "".join(
        [
            f"<section id='credits'><h2>{_e(t('Data credits and options'))}</h2>",
            f"<p class='note'>{_e(t('The data credits are given as their sources word them.'))}</p>"
            if text and current().zh
            else "",
            f"<div class='credits'>{_markdown_lite(text)}</div>" if text else "",
            f"<h3>{_e(t('Options used'))}</h3><p class='note'>"
            + _e(t("yindi {version}; diagnosis year {year}", version=__version__, year=rep.r.year))
            + "</p>",
            _table(
                rows,
                [("stage", "stage", ""), ("option", "option", ""), ("value", "value", "")],
                name="options",
            ),
            "</section>",
        ]
    )


def _flat(options: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Nested options as ("rules.hub_rd", "1.4") pairs, in their given order."""
    out: list[tuple[str, str]] = []
    for key, value in options.items():
        if isinstance(value, Mapping):
            out += _flat(value, f"{prefix}{key}.")
        else:
            out.append((f"{prefix}{key}", str(value)))
    return out


def _default_credits(options: Mapping[str, Any]) -> str:
    """The credits part of the embedded dataset's PROVENANCE (before its table listing)."""
    if options.get("source") != "china_provinces":
        return ""
    from yindi.datasets import china_provinces

    return china_provinces().provenance.split("\n## Tables", 1)[0].strip()
