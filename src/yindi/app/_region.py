"""Page: one region of a run (its type, the three lists with their evidence, its coordinated
items beside its own picks). Presentation only."""

from __future__ import annotations

import streamlit as st

from yindi.app._text import md
from yindi.app._widgets import View, run_line, table
from yindi.report._i18n import sentence, t
from yindi.report._page import TRACKS

__all__ = ["render"]


def _region_ids(view: View) -> list[str]:
    """Regions in the order of the report: administrative code where there is one, else id."""
    assert view.run is not None
    regions = view.run.plan.regions.astype({"region": str})
    types = set(view.run.plan.types["region"].astype(str))
    if "adcode" in regions.columns:
        regions = regions.assign(_code=regions["adcode"].astype(str))
        regions = regions.sort_values(["_code", "region"], kind="mergesort")
    else:
        regions = regions.sort_values("region", kind="mergesort")
    return [r for r in regions["region"] if r in types]


def render(view: View) -> None:
    assert view.run is not None and view.names is not None
    plan = view.run.plan
    names = view.names
    ids = _region_ids(view)
    if not ids:
        st.info(t("not in this result"))
        return
    wanted = st.query_params.get("region", ids[0])
    region = st.selectbox(
        t("Regions"),
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func={r: names.region(r) for r in ids}.__getitem__,
        key="region-select",
    )
    st.query_params["region"] = region
    st.header(md(t("{name}: development paths", name=names.region(region))))
    run_line(view)
    types = plan.types.astype({"region": str}).set_index("region")
    if region in types.index:
        row = types.loc[region]
        left, right = st.columns(2)
        left.metric(t("type"), t(str(row["type"])))
        right.metric(t("approach"), t(str(row["approach"])))
        st.caption(md(t("Why") + ": " + sentence(row.get("reasons", ""))))
    paths = plan.paths.astype({"region": str})
    mine = paths[paths["region"] == region]
    tabs = st.tabs([t(title) for _, title, _ in TRACKS])
    for tab, (track, _, blurb) in zip(tabs, TRACKS, strict=True):
        with tab:
            st.caption(md(t(blurb)))
            items = mine[mine["track"] == track].sort_values("rank", kind="mergesort")
            items = items.assign(
                item=[
                    names.industry(i, e, z)
                    for i, e, z in zip(
                        items["industry"], items["name_en"], items["name_zh"], strict=True
                    )
                ],
                evidence_text=[sentence(v) for v in items["evidence"]],
            )
            table(
                items,
                [
                    ("rank", "rank"),
                    ("item", "industry"),
                    ("score", "score"),
                    ("evidence_text", "evidence"),
                ],
                name=f"{track}-{region}",
                key=f"{track}-{region}",
                formats={"score": "%.3f"},
            )
    coordination = view.run.coordination
    if coordination is not None and len(coordination.allocation):
        st.subheader(t("Coordinated portfolio"))
        allocation = coordination.allocation.astype({"region": str})
        shown = allocation[
            (allocation["region"] == region)
            & (allocation["selected"] | allocation["uncoordinated"])
        ]
        if shown.empty:
            st.caption(
                t(
                    "No candidate of this region passes the plan's rules, so the national "
                    "allocation gives it none."
                )
            )
            return
        shown = shown.assign(
            item=[
                names.industry(i, e, z)
                for i, e, z in zip(
                    shown["industry"], shown["name_en"], shown["name_zh"], strict=True
                )
            ],
            own=[t("yes") if v else "" for v in shown["uncoordinated"]],
            coordinated=[t("yes") if v else "" for v in shown["selected"]],
            reason_text=[sentence(v) for v in shown["reason"]],
        )
        table(
            shown,
            [
                ("item", "industry"),
                ("own", "own top pick"),
                ("coordinated", "national portfolio"),
                ("value", "score"),
                ("reason_text", "why"),
            ],
            name=f"coordinated-{region}",
            key=f"coordinated-{region}",
            formats={"value": "%.2f"},
        )
