"""Page: new quality productive forces (NQPF) and productivity of a run's regions.

The tables come from the run when it kept them (``yindi plan`` with the productivity stage
stores ``nqpf_index``, ``nqpf_weights``, ``malmquist``, ...); for a run on the embedded data
without them, from :func:`yindi.productivity` on the embedded data (computed once per server).
Shown: the NQPF index by region (map in the report's quintile classes, table), TFP growth
where the data allow it and Malmquist productivity change, and the stage's reliability notes
(region-years left out, agreement of the index across weighting schemes). Presentation only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from yindi.app._cache import embedded_productivity, shapes
from yindi.app._text import hover, md, t
from yindi.app._widgets import View, figure, run_line, table
from yindi.errors import YindiError
from yindi.report._i18n import sentence
from yindi.report._maps import category_map
from yindi.report._productivity import CLASSES

__all__ = ["Productivity", "render"]

NONE_HERE = (
    "This run has no productivity tables and was not made on the embedded data: compute them "
    "with yindi productivity on your own indicators."
)
FROM_RUN = "The productivity tables saved with this run."
FROM_EMBEDDED = "Computed from the embedded data (the productivity stage; not saved with the run)."
NO_TFP = (
    "TFP growth accounting needs real output, investment and employment by region and year, "
    "which this run lacks; give them as a growth table (yindi productivity --growth FILE). "
    "Below: productivity change by the Malmquist index (DEA)."
)


@dataclass(frozen=True)
class Productivity:
    """The productivity tables the page shows and the notes on how far to trust them."""

    tables: Mapping[str, pd.DataFrame]
    notes: tuple[str, ...]
    source: str

    def get(self, name: str) -> pd.DataFrame:
        frame = self.tables.get(name)
        return pd.DataFrame() if frame is None else frame


def _found(view: View) -> Productivity | None:
    assert view.run is not None
    frames = view.run.plan.tables()
    if "nqpf_index" in frames and len(frames["nqpf_index"]):
        return Productivity(frames, (), FROM_RUN)
    if view.run.plan.inputs.get("dataset") != "china_provinces":
        return None
    with st.spinner(t("Computing the NQPF index...")):
        result = embedded_productivity()
    return Productivity(result.tables(), tuple(result.notes), FROM_EMBEDDED)


def render(view: View) -> None:
    assert view.run is not None and view.names is not None
    names = view.names
    st.header(t("New quality productive forces (新质生产力)"))
    run_line(view)
    try:
        found = _found(view)
    except YindiError as exc:
        st.error(md(exc))
        return
    if found is None:
        st.info(t(NONE_HERE))
        return
    st.caption(t(found.source))
    index = found.get("nqpf_index").astype({"region": str})
    years = sorted({int(y) for y in index["year"]}, reverse=True)
    year = st.selectbox(t("year"), years, key="nqpf-year")
    latest = index[index["year"] == year].sort_values("rank", kind="mergesort")
    region_shapes = shapes(view.root, view.run.info.run_id, view.run.info.checksum)
    if region_shapes is not None and "quintile" in latest.columns:
        classes = list(CLASSES)
        category = {
            r: t(classes[int(q) - 1])
            for r, q in zip(latest["region"], latest["quintile"], strict=True)
            if q == q
        }
        tips = {
            r: f"<b>{hover(names.region(r))}</b><br>NQPF {float(v):.3f} "
            f"({hover(t('rank'))} {int(k)})"
            for r, v, k in zip(latest["region"], latest["closeness"], latest["rank"], strict=True)
        }
        fig = category_map(
            region_shapes,
            category,
            {t(k): c for k, c in CLASSES.items()},
            tips,
            title=hover(t("NQPF index ({year})", year=year)),
            legend_title="NQPF",
        )
        figure(fig, "map-nqpf")
    dims = [c for c in latest.columns if str(c).startswith("new")]
    shown = latest.assign(name=[names.region(r) for r in latest["region"]])
    table(
        shown,
        [("name", "region"), ("closeness", "NQPF"), ("rank", "rank")]
        + [(d, d) for d in dims],  # the three dimensions' names, in the report's dictionary
        name=f"nqpf-{year}",
        key="nqpf-index",
        formats={"closeness": "%.3f", **{d: "%.3f" for d in dims}},
    )
    _productivity_change(found, year, view)
    _reliability(found)


def _productivity_change(found: Productivity, year: int, view: View) -> None:
    assert view.names is not None
    st.subheader(t("Total factor productivity"))
    growth = found.get("tfp_growth")
    if len(growth):
        table(growth, [(c, c) for c in growth.columns], name="tfp-growth", key="tfp-growth")
        return
    st.caption(t(NO_TFP))
    malmquist = found.get("malmquist")
    if malmquist.empty:
        return
    part = malmquist[malmquist["year"] == year]
    if part.empty:
        part = malmquist[malmquist["year"] == malmquist["year"].max()]
    part = part.sort_values("malmquist", ascending=False, kind="mergesort")
    shown = part.assign(name=[view.names.region(r) for r in part["region"]])
    table(
        shown,
        [
            ("name", "region"),
            ("period", "period"),
            ("malmquist", "Malmquist productivity change"),
            ("efficiency_change", "efficiency change"),
            ("technical_change", "technical change"),
        ],
        name="malmquist",
        key="malmquist",
        formats={c: "%.3f" for c in ("malmquist", "efficiency_change", "technical_change")},
    )


def _reliability(found: Productivity) -> None:
    st.subheader(t("How far to trust it"))
    for note in found.notes:
        st.caption(md(sentence(note)))
    missing = found.get("nqpf_missing")
    if len(missing):
        st.caption(
            t(
                "{n} region-years have no NQPF index: their indicators are missing.",
                n=len(missing),
            )
        )
    agreement = found.get("nqpf_weighting_agreement")
    if len(agreement):
        st.caption(t("Rank agreement of the index across weighting schemes (Spearman)"))
        table(
            agreement,
            [
                ("scheme_a", "weighting A"),
                ("scheme_b", "weighting B"),
                ("year", "year"),
                ("regions", "regions"),
                ("spearman", "Spearman"),
            ],
            name="nqpf-weighting-agreement",
            key="nqpf-agreement",
            formats={"spearman": "%.3f"},
        )
