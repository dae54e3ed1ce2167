"""Page: the national overview of a run (maps of types and approaches, the types table, the
duplication check). Presentation only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from yindi.app._cache import shapes
from yindi.app._text import hover, md
from yindi.app._widgets import View, colours, figure, run_line, table
from yindi.report._i18n import sentence, t
from yindi.report._maps import category_map

__all__ = ["render"]

NO_MAPS = (
    "No boundaries in this result: maps left out. Pass a GeoJSON file of the regions (yindi "
    "plan --boundaries FILE --boundary-key PROPERTY) to draw them."
)


def render(view: View) -> None:
    assert view.run is not None and view.names is not None  # the shell opens a run first
    plan = view.run.plan
    names = view.names
    st.header(t("National overview"))
    run_line(view)
    types = plan.types.astype({"region": str, "type": str, "approach": str})
    region_shapes = shapes(view.root, view.run.info.run_id, view.run.info.checksum)
    if region_shapes is None:
        st.info(t(NO_MAPS))
    else:
        tips = {
            r: f"<b>{hover(names.region(r))}</b><br>{hover(t('type'))}: {hover(t(ty))}<br>"
            f"{hover(t('approach'))}: {hover(t(a))}"
            for r, ty, a in zip(types["region"], types["type"], types["approach"], strict=True)
        }
        left, right = st.columns(2)
        for column, where, title, key in (
            ("type", left, t("Region types ({year})", year=plan.year), "map-types"),
            ("approach", right, t("Strategic approach"), "map-approach"),
        ):
            palette = colours(list(types[column]), column)
            fig = category_map(
                region_shapes,
                {r: t(v) for r, v in zip(types["region"], types[column], strict=True)},
                {t(k): c for k, c in palette.items()},
                tips,
                title=hover(title),
                legend_title=hover(t(column)),
            )
            with where:
                figure(fig, key)
    st.subheader(t("Region types and the indicators that decided them"))
    shown = types.assign(
        name=[names.region(r) for r in types["region"]],
        type_text=[t(v) for v in types["type"]],
        approach_text=[t(v) for v in types["approach"]],
        reasons_text=[sentence(v) for v in types.get("reasons", pd.Series("", index=types.index))],
    )
    table(
        shown,
        [
            ("name", "region"),
            ("type_text", "type"),
            ("approach_text", "approach"),
            ("eci", "Economic complexity (ECI)"),
            ("coi", "Complexity outlook (COI)"),
            ("reasons_text", "why"),
        ],
        name="types",
        key="types",
        formats={"eci": "%.2f", "coi": "%.2f"},
    )
    duplication = plan.duplication
    if len(duplication):
        st.subheader(t("Who cultivates what: national duplication check"))
        dup = duplication.assign(
            industry_name=[
                names.industry(i, e, z)
                for i, e, z in zip(
                    duplication["industry"],
                    duplication.get("name_en", duplication["industry"]),
                    duplication.get("name_zh", duplication["industry"]),
                    strict=True,
                )
            ],
            track_text=[t(str(v)) for v in duplication["track"]],
            flag_text=[t("yes") if bool(v) else "" for v in duplication["flag"]],
        )
        table(
            dup,
            [
                ("industry_name", "industry"),
                ("track_text", "track"),
                ("regions", "regions cultivating"),
                ("share", "share"),
                ("flag_text", "duplication risk"),
            ],
            name="duplication",
            key="duplication",
            formats={"share": "%.2f"},
        )
    source = plan.options.get("complexity_source", "")
    why = plan.options.get("complexity_why", "")
    if source:
        st.caption(md(t("Complexity ({source}): ", source=t(str(source))) + sentence(why)))
