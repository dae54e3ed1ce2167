"""Page: the stress tests of a run, uncoordinated against coordinated portfolio.

A run saved by ``yindi plan --store`` keeps the stress stage's tables (``stress_regional``,
``stress_sectoral``, ``stress_difference``, ...): they are shown as saved. Otherwise, for a
run on the embedded data with a coordination, a button runs the shipped scenarios
(:func:`yindi.stages.stress.stress`, as ``yindi plan`` does). Shown: each scenario's loss with
each region's own picks and with the coordinated portfolio, a map of the share of each region's
output one scenario takes (the report's classes, drawn from the run's boundaries) and the most
exposed regions and sectors. Presentation only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.util import find_spec

import pandas as pd
import streamlit as st

from yindi.app._cache import shapes, stressed
from yindi.app._text import NameBook, hover, md, t
from yindi.app._widgets import View, figure, run_line, table
from yindi.errors import YindiError
from yindi.report._i18n import current, sentence
from yindi.report._maps import category_map
from yindi.report._stress import LOSS_CLASSES

__all__ = ["StressTables", "render"]

RAN = "_yindi_stress_ran"
PORTFOLIOS = ("uncoordinated", "coordinated")
NO_PYMRIO = (
    "The stress tests need the stress extra (pymrio): pip install 'yindi[stress]', then "
    "restart yindi serve."
)
NOT_HERE = (
    "This run has no stress tests, and they can be run here only on the embedded China data "
    "with a coordination: run yindi stress on your own input-output table (yindi stress --io "
    "FILE)."
)
SAVED = "The stress tests saved with this run (yindi plan --store)."
FRESH = "The shipped scenarios run on this run's coordination (not saved with the run)."
_BOUNDS = (0.005, 0.01, 0.02, 0.05, 0.10)


@dataclass(frozen=True)
class StressTables:
    """The stress stage's tables the page shows, from a saved run or a fresh stress run."""

    regional: pd.DataFrame
    sectoral: pd.DataFrame
    difference: pd.DataFrame
    scenarios: pd.DataFrame
    notes: tuple[str, ...] = ()

    @classmethod
    def saved(cls, later: Mapping[str, pd.DataFrame]) -> StressTables | None:
        names = ("regional", "sectoral", "difference", "scenarios")
        if not all(f"stress_{n}" in later for n in names):
            return None
        return cls(*(later[f"stress_{n}"] for n in names))


def has_pymrio() -> bool:
    """Whether the stress extra is installed (a function, so tests can pretend it is not)."""
    return find_spec("pymrio") is not None


def _loss_class(share: float) -> str | None:
    if share != share:  # NaN: no class
        return None
    names = list(LOSS_CLASSES)
    return next((n for b, n in zip(_BOUNDS, names, strict=False) if share < b), names[-1])


def _tables(view: View) -> StressTables | None:
    assert view.run is not None
    saved = StressTables.saved(view.run.later)
    if saved is not None:
        st.caption(t(SAVED))
        return saved
    run = view.run
    if run.coordination is None or run.plan.inputs.get("dataset") != "china_provinces":
        st.info(t(NOT_HERE))
        return None
    if not has_pymrio():
        st.warning(t(NO_PYMRIO))
        return None
    key = run.info.run_id
    if key not in st.session_state.get(RAN, ()):
        if not st.button(t("Run the shipped stress scenarios"), key="stress-run", type="primary"):
            return None
        st.session_state[RAN] = (*st.session_state.get(RAN, ()), key)
    try:
        with st.spinner(t("Running the stress scenarios...")):
            result, notes = stressed(view.root, key, run.info.checksum)
    except YindiError as exc:
        st.error(md(exc))
        return None
    st.caption(t(FRESH))
    return StressTables(
        result.regional, result.sectoral, result.difference, result.scenarios, notes
    )


def _labels(scenarios: pd.DataFrame) -> dict[str, str]:
    """Scenario name -> its name in the chosen language (the Chinese name where given)."""
    zh = current().zh and "name_zh" in scenarios.columns
    chinese = scenarios["name_zh"] if zh else scenarios["scenario"]
    return {
        str(n): str(z) if isinstance(z, str) and z else str(n)
        for n, z in zip(scenarios["scenario"], chinese, strict=True)
    }


def _pivot(frame: pd.DataFrame, index: list[str], value: str) -> pd.DataFrame:
    wide = frame.pivot_table(index=index, columns="portfolio", values=value, aggfunc="sum")
    wide = wide.reindex(columns=list(PORTFOLIOS)).reset_index()
    wide["difference"] = wide["coordinated"] - wide["uncoordinated"]
    return wide


def render(view: View) -> None:
    assert view.run is not None and view.names is not None
    st.header(t("Stress tests"))
    run_line(view)
    found = _tables(view)
    if found is None:
        return
    for note in found.notes:
        st.caption(md(sentence(note)))
    labels = _labels(found.scenarios)
    st.subheader(t("Loss with each region’s own picks and with the coordinated portfolio"))
    diff = found.difference.assign(
        label=[labels.get(str(s), str(s)) for s in found.difference["scenario"]],
        model_text=[t(str(m)) for m in found.difference["model"]],
    )
    table(
        diff,
        [
            ("label", "scenario"),
            ("model_text", "model"),
            ("output_loss_uncoordinated", "output lost, provinces' own picks (10,000 CNY)"),
            ("output_loss_coordinated", "output lost, coordinated (10,000 CNY)"),
            ("difference_pct", "difference"),
        ],
        name="stress-difference",
        key="stress-difference",
        formats={
            "output_loss_uncoordinated": "localized",
            "output_loss_coordinated": "localized",
            "difference_pct": "percent",
        },
    )
    regional = found.regional
    models = list(dict.fromkeys(regional["model"].astype(str)))
    model = "multiregional" if "multiregional" in models else models[0]
    scenario = st.selectbox(
        t("scenario"),
        list(labels),
        format_func=labels.__getitem__,
        key="stress-scenario",
    )
    part = regional[(regional["scenario"] == scenario) & (regional["model"] == model)]
    _map(view, part, labels[scenario], view.names)
    _exposed(part, found.sectoral, scenario, model, view.names)


def _map(view: View, part: pd.DataFrame, label: str, names: NameBook) -> None:
    assert view.run is not None
    region_shapes = shapes(view.root, view.run.info.run_id, view.run.info.checksum)
    if region_shapes is None:
        return
    wide = _pivot(part, ["region"], "inoperability")
    category, tips = {}, {}
    own_label, coord_label = hover(t("provinces' own picks")), hover(t("coordinated"))
    for region, own, coord in zip(
        wide["region"], wide["uncoordinated"], wide["coordinated"], strict=True
    ):
        cls = _loss_class(float(coord))
        if cls is not None:
            category[str(region)] = t(cls)
        tips[str(region)] = (
            f"<b>{hover(names.region(region))}</b><br>"
            f"{own_label}: {float(own):.2%}<br>{coord_label}: {float(coord):.2%}"
        )
    fig = category_map(
        region_shapes,
        category,
        {t(k): c for k, c in LOSS_CLASSES.items()},
        tips,
        title=hover(
            t("{scenario}: share of each region's output lost, coordinated", scenario=label)
        ),
        legend_title=hover(t("output lost")),
        height=480,
    )
    figure(fig, "map-stress")


def _exposed(
    part: pd.DataFrame, sectoral: pd.DataFrame, scenario: str, model: str, names: NameBook
) -> None:
    st.subheader(t("Most exposed provinces and sectors"))
    wide = _pivot(part, ["region"], "inoperability").sort_values(
        ["coordinated", "region"], ascending=[False, True], kind="mergesort"
    )
    wide["name"] = [names.region(r) for r in wide["region"]]
    columns = [
        ("uncoordinated", "provinces' own picks"),
        ("coordinated", "coordinated"),
        ("difference", "difference"),
    ]
    table(
        wide,
        [("name", "region"), *columns],
        name="stress-regions",
        key="stress-regions",
        formats={"uncoordinated": "percent", "coordinated": "percent", "difference": "percent"},
    )
    sec = sectoral[(sectoral["scenario"] == scenario) & (sectoral["model"] == model)]
    wide = _pivot(sec, ["sector"], "inoperability").sort_values(
        ["coordinated", "sector"], ascending=[False, True], kind="mergesort"
    )
    first = sec.drop_duplicates("sector").set_index("sector")
    wide["sector_name"] = [
        names.industry(s, first["name_en"].get(s), first["name_zh"].get(s))
        if "name_en" in first.columns
        else str(s)
        for s in wide["sector"]
    ]
    table(
        wide.head(15),
        [("sector_name", "sector"), *columns],
        name="stress-sectors",
        key="stress-sectors",
        formats={"uncoordinated": "percent", "coordinated": "percent", "difference": "percent"},
    )
