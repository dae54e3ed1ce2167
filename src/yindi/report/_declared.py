"""Declared priorities in the report: which industries the regions' own plans pile into, the
riskiest declarations, and on each region's page its own. Only formats the bubble check
(``yindi.stages.evaluate.bubble_check``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from yindi.report._i18n import current, t
from yindi.report._page import _e, _slug, _table

__all__ = ["declared_section", "province_declared"]

TOP = 15
NOTE = (
    "Industries the regions' 14th Five-Year Plans name (one public source per declaration, "
    "mapped to the catalogue), against the hubs the national coordination supports. Risk = "
    "0.4 x the region's national standing by feasibility (0 best placed, 1 last) + 0.3 x "
    "(1 - endowment fit) + 0.3 x crowding (the share of declarers beyond the hub limit, for a "
    "region placed beyond it), over the parts that are known; a declaration the catalogue rules "
    "out comes first. {covered} of {regions} regions are in the file, so the counts "
    "understate the pile-up."
)


def _names(frame: pd.DataFrame) -> pd.Series:
    first, second = ("name_zh", "name_en") if current().zh else ("name_en", "name_zh")
    return frame[first].astype(str) + " " + frame[second].astype(str)


#: The same for a user's declared-priorities file (any plans, e.g. EU S3 strategies).
NOTE_ANY = NOTE.replace(
    "the regions' 14th Five-Year Plans name (one public source per declaration, mapped to the "
    "catalogue)",
    "the regions' own plans name (as the declared-priorities file gives them, mapped to the "
    "catalogue)",
)


def declared_section(
    bubble: Any, name: Callable[[str], str], regions: int, *, note: str = NOTE
) -> str:
    """National block: declared industries against hubs, the riskiest declarations.

    ``note``: the explanation above the tables (:data:`NOTE`, about the shipped 14th-FYP
    example, or :data:`NOTE_ANY` for a user's file)."""
    if bubble is None:
        return ""
    tables = bubble.tables()
    industries, decl = tables["industries"], tables["declarations"]
    covered = decl["region"].nunique() if len(decl) else 0
    industries = industries.assign(
        industry_name=_names(industries),
        stage=[t(str(s)) for s in industries["stage"]],
        beyond=[
            ", ".join(name(r) for r in str(x).split(", ") if r) if isinstance(x, str) else ""
            for x in industries["beyond_hubs"]
        ],
    )
    risky = decl.head(TOP).assign(
        region_name=[name(str(r)) for r in decl["region"].head(TOP)],
        industry_name=_names(decl.head(TOP)),
        level=[t(str(x)) for x in decl["risk_level"].head(TOP)],
    )
    return "".join(
        [
            f"<section id='declared'><h2>{_e(t('Declared priorities: where plans pile up'))}</h2>",
            f"<p class='note'>{_e(t(note, covered=covered, regions=regions))}</p>",
            "<div class='grid2'><div>",
            f"<h3>{_e(t('Declared industries against the hubs coordination supports'))}</h3>",
            _table(
                industries,
                [
                    ("industry_name", "industry", ""),
                    ("stage", "stage", ""),
                    ("declared_by", "regions declaring", "{:d}"),
                    ("hub_limit", "hub limit", "{:.0f}"),
                    ("regions_coordinated", "coordinated", "{:.0f}"),
                    ("beyond", "declaring beyond the limit", ""),
                ],
                "wide",
                name="declared-industries",
            ),
            "</div><div>",
            f"<h3>{_e(t('The {k} riskiest declarations', k=len(risky)))}</h3>",
            _table(
                risky,
                [
                    ("risk_rank", "#", "{:d}"),
                    ("region_name", "region", ""),
                    ("industry_name", "industry", ""),
                    ("risk", "risk", "{:.2f}"),
                    ("level", "level", ""),
                    ("reasons", "why", "ev"),
                ],
                "wide",
                name="declared-riskiest",
            ),
            "</div></div></section>",
        ]
    )


def province_declared(bubble: Any, region: str) -> str:
    """One region's declared industries, riskiest first, with the reasons."""
    if bubble is None:
        return ""
    decl = bubble.tables()["declarations"]
    mine = decl[decl["region"].astype(str) == region]
    if mine.empty:
        return ""
    mine = mine.assign(industry_name=_names(mine), level=[t(str(x)) for x in mine["risk_level"]])
    # The documents the terms come from (an outline, a sector plan, a work report ...), as the
    # declared file names them, so a reader sees what kind of declaration each region made.
    terms = bubble.tables()["terms"]
    plans: list[str] = []
    if "plan" in terms.columns:
        own = terms.loc[terms["region"].astype(str) == region, "plan"].astype(str)
        plans = [p for p in dict.fromkeys(own) if p.strip() and p != "nan"]
    source = (
        f"<p class='note'>{_e(t('Declared in: {plans}', plans='; '.join(plans)))}</p>"
        if plans
        else ""
    )
    heading = t("Its declared priorities (14th Five-Year Plan period)")
    return (
        f"<h3>{_e(heading)}</h3>"
        + source
        + _table(
            mine,
            [
                ("industry_name", "industry", ""),
                ("risk", "risk", "{:.2f}"),
                ("level", "level", ""),
                ("terms", "declared as", ""),
                ("reasons", "why", "ev"),
            ],
            name=f"declared-{_slug(region)[2:]}",
        )
    )
