"""Building blocks of the dashboard's pages: tables with a CSV button, figures, the run line.

Presentation only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from yindi.app._export import csv_bytes, file_stem
from yindi.app._serve import AppSettings
from yindi.app._text import NameBook, md, t
from yindi.report._page import APPROACH_COLOURS, SPARE_COLOURS, TYPE_COLOURS
from yindi.store import RunInfo, Store, StoredRun

__all__ = ["OPEN_RUN", "View", "colours", "figure", "open_run", "run_line", "table"]

#: Session key of a run to open on the next rerun (set before the run selector is drawn).
OPEN_RUN = "_yindi_open_run"

#: Plotly's mode bar without the logo link (nothing of the page points off the machine).
PLOT_CONFIG = {"displaylogo": False, "scrollZoom": False, "responsive": True}


@dataclass
class View:
    """What every page gets: the settings, the store, its runs and the open run."""

    settings: AppSettings
    store: Store
    runs: list[RunInfo]
    run: StoredRun | None
    names: NameBook | None
    lang: str

    @property
    def root(self) -> str:
        return str(self.settings.store)


def colours(values: Sequence[str], kind: str) -> dict[str, str]:
    """The report's colours for types or approaches (spare ones for unknown values)."""
    known = TYPE_COLOURS if kind == "type" else APPROACH_COLOURS
    present = set(values)
    out = {k: c for k, c in known.items() if k in present}
    spare = [k for k in sorted(present) if k not in known]
    out.update(zip(spare, SPARE_COLOURS * 4, strict=False))
    return out


def table(
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str]],
    *,
    name: str,
    key: str,
    formats: Mapping[str, str] | None = None,
    height: int | None = None,
) -> None:
    """``frame``'s ``columns`` (column, English header) shown with translated headers, and a
    button that downloads what is shown as CSV (formulas neutralised)."""
    shown = pd.DataFrame(
        {t(label): frame[col].to_numpy() for col, label in columns if col in frame.columns}
    )
    labels = dict(columns)
    config = {
        t(labels[col]): st.column_config.NumberColumn(format=fmt)
        for col, fmt in (formats or {}).items()
        if col in labels and col in frame.columns
    }
    kwargs: dict[str, Any] = {"hide_index": True, "column_config": config}
    if height is not None:
        kwargs["height"] = height
    st.dataframe(shown, **kwargs)
    st.download_button(
        t("Download this table as CSV (UTF-8, opens in Excel)"),
        data=csv_bytes(shown, name),
        file_name=f"{file_stem(name)}.csv",
        mime="text/csv",
        key=f"csv-{key}",
    )


def figure(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, config=PLOT_CONFIG, key=key)


def run_line(view: View) -> None:
    """One line naming the open run: label, time, data, checksum."""
    if view.run is None:
        return
    info = view.run.info
    st.caption(
        md(
            t(
                "Run {id} · {label} · saved {created} · data {dataset} · yindi {version} · "
                "checksum {checksum} verified",
                id=info.run_id,
                label=info.label or "-",
                created=info.created,
                dataset=info.dataset or "-",
                version=info.yindi,
                checksum=info.checksum[:12],
            ),
            limit=600,
        )
    )


def open_run(run_id: str) -> None:
    """Open ``run_id`` (a run just saved): on the next rerun the selector shows it."""
    st.session_state[OPEN_RUN] = run_id
    st.query_params["run"] = run_id
    st.rerun()
