"""Page: the runs of the store (list, checks, downloads) and a new run, on the embedded data or
on uploaded tables. The plan and the coordination are the stages'; the store saves the run
whole or not at all. Presentation only."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd
import streamlit as st

from yindi.app._cache import embedded_plan, workbook
from yindi.app._text import md, plain
from yindi.app._upload import BOUNDARY_TYPES, TABLE_TYPES, Upload, read_uploads
from yindi.app._widgets import View, open_run, run_line, table
from yindi.errors import YindiError
from yindi.report._i18n import sentence, t

__all__ = ["render"]

NOTES = "_yindi_run_notes"
MEASURES = ("gross_output", "value_added", "labour_compensation")


def _upload(file: Any) -> Upload | None:
    return None if file is None else Upload(str(file.name), bytes(file.getvalue()))


def _list(view: View) -> None:
    st.header(t("Runs"))
    run_line(view)
    for note in st.session_state.pop(NOTES, ()):
        st.warning(md(sentence(note)))
    if not view.runs:
        st.info(
            t("The store has no run yet: start one below, or save one with yindi plan --store DIR.")
        )
        return
    runs = pd.DataFrame([r.record() for r in view.runs])
    runs = runs.assign(checksum_short=runs["checksum"].str[:12], mb=runs["bytes"] / 1e6)
    table(
        runs,
        [
            ("run_id", "run"),
            ("created", "saved (UTC)"),
            ("label", "label"),
            ("dataset", "data"),
            ("yindi", "yindi version"),
            ("checksum_short", "checksum"),
            ("mb", "MB"),
            ("parent", "solved again from"),
        ],
        name="runs",
        key="runs",
        formats={"mb": "%.1f"},
    )
    if st.button(t("Check every run against its checksum"), key="verify-all"):
        bad = []
        for info in view.runs:
            try:
                view.store.verify(info.run_id)
            except YindiError as exc:
                bad.append(str(exc))
        if bad:
            for message in bad:
                st.error(md(message))
        else:
            st.success(t("All {n} runs match their checksums.", n=len(view.runs)))
    if view.run is not None:
        info = view.run.info
        st.download_button(
            t("Download every table of this run (Excel)"),
            data=workbook(view.root, info.run_id, info.checksum),
            file_name=f"yindi-{info.run_id}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="xlsx",
        )
        if "report.html" in view.run.files:
            st.download_button(
                t("Download the offline report of this run (HTML)"),
                data=view.run.file("report.html"),
                file_name=f"yindi-report-{info.run_id}.html",
                mime="text/html",
                key="report",
            )


def _new_run(view: View) -> None:
    st.subheader(t("New run"))
    source = st.radio(
        t("Data"),
        ["embedded", "upload"],
        format_func=lambda s: (
            t("China's provinces (embedded)") if s == "embedded" else t("My own tables (upload)")
        ),
        horizontal=True,
        key="new-source",
    )
    limit = view.settings.max_upload_mb
    with st.form("new-run"):
        label = st.text_input(t("Label"), max_chars=80, key="new-label")
        files: dict[str, Any] = {}
        options: dict[str, Any] = {}
        if source == "embedded":
            measure = st.selectbox(t("Measure"), MEASURES, format_func=t, key="new-measure")
        else:
            st.caption(
                t(
                    "Tables as CSV, TSV, TXT, Excel (.xlsx) or Parquet, at most {mb} MB each; "
                    "read by yindi's own readers, as yindi plan --panel reads them.",
                    mb=limit,
                )
            )
            files["panel"] = st.file_uploader(
                t("Panel: region, activity, year, value (--panel)"), type=list(TABLE_TYPES)
            )
            files["regions"] = st.file_uploader(
                t("Region table, optional (--regions)"), type=list(TABLE_TYPES)
            )
            files["activities"] = st.file_uploader(
                t("Activity table, optional (--activities)"), type=list(TABLE_TYPES)
            )
            files["boundaries"] = st.file_uploader(
                t("Boundaries, GeoJSON, optional (--boundaries)"), type=list(BOUNDARY_TYPES)
            )
            a, b, c, d = st.columns(4)
            options["columns"] = {
                "region": a.text_input("--region", "region"),
                "activity": b.text_input("--activity", "activity"),
                "year": c.text_input("--year", "year"),
                "value": d.text_input("--value", "value"),
            }
            a, b, c, d = st.columns(4)
            reader: dict[str, str] = {
                "sep": a.text_input("--sep", ""),
                "encoding": b.text_input("--encoding", ""),
                "sheet": c.text_input("--sheet", ""),
                "skip_rows": d.text_input("--skip-rows", ""),
            }
            options["reader"] = {
                k: (int(v) if k in ("sheet", "skip_rows") and v.strip().isdigit() else v)
                for k, v in reader.items()
                if v.strip()
            }
            a, b, c = st.columns(3)
            options["checks"] = {
                "negatives": a.selectbox("--negatives", ["error", "positive_part"]),
                "aggregates": b.selectbox("--aggregates", ["drop", "keep"]),
            }
            options["boundary_key"] = c.text_input("--boundary-key", "region")
        coordinate = st.checkbox(t("Also coordinate nationally"), value=True, key="new-coord")
        sent = st.form_submit_button(t("Run the plan and save it"), type="primary")
    if not sent:
        return
    skip = options.get("reader", {}).get("skip_rows")
    if isinstance(skip, str):
        st.error(
            md(
                t(
                    "--skip-rows {value}: use a whole number of title rows (0, 1, 2, ...)",
                    value=skip,
                )
            )
        )
        return
    try:
        with st.spinner(t("Running the plan...")):
            if source == "embedded":
                plan, notes = embedded_plan(measure)
                inputs: dict[str, Any] = {}
                name = plain(label, 80) or t("China's provinces, {measure}", measure=t(measure))
            else:
                panel = _upload(files["panel"])
                if panel is None:
                    st.error(t("Choose a panel file first."))
                    return
                uploaded = read_uploads(
                    panel,
                    regions=_upload(files["regions"]),
                    activities=_upload(files["activities"]),
                    boundaries=_upload(files["boundaries"]),
                    limit_mb=limit,
                    **options,
                )
                import yindi

                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    plan = yindi.plan(uploaded.dataset)
                notes = (*uploaded.notes, *(str(w.message) for w in caught))
                inputs = dict(uploaded.inputs)
                name = plain(label, 80) or uploaded.label
            coordination = None
            if coordinate:
                import yindi

                with warnings.catch_warnings(record=True) as more:
                    warnings.simplefilter("always")
                    coordination = yindi.coordinate(plan)
                notes = (*notes, *(str(w.message) for w in more))
            info = view.store.save(plan, coordination=coordination, inputs=inputs, label=name)
    except YindiError as exc:
        st.error(md(exc))
        return
    st.session_state[NOTES] = tuple(dict.fromkeys(notes))
    open_run(info.run_id)


def render(view: View) -> None:
    _list(view)
    _new_run(view)
