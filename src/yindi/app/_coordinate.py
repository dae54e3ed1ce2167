"""Page: the coordinated national portfolio of a run, and the same plan solved again with
other limits or technology scenarios (on demand, cached), which can be saved as a new run.

The solving is the coordinate stage's (``yindi.coordinate`` on the stored plan); this page only
collects the settings and shows the results. Presentation only.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

import pandas as pd
import streamlit as st

from yindi.app._cache import resolve, shapes
from yindi.app._text import hover, md, plain
from yindi.app._widgets import View, figure, open_run, run_line, table
from yindi.report._i18n import sentence, t
from yindi.report._maps import category_map

__all__ = ["render"]

#: Blues for 1, 2, 3, ... items (the report's first three, then darker).
ITEM_BLUES = ("#c6dbef", "#6baed6", "#08519c", "#08306b", "#041f4a", "#020f25")
FAMILY_LABELS = {
    "hubs": "at most H_i regions host each industry",
    "budgets": "water, energy and carbon budgets per region",
    "participation": "every region with a candidate gets 1..max items",
    "redundancy": "strategic industries in several macro-regions",
    "tiers": "future industries only where innovation capacity is high enough",
    "national": "national budgets per resource",
}
SOLVE_NOTE = (
    "Solved with HiGHS: {status}, objective {objective} against {own} for each region's own "
    "top picks (gap {gap})."
)


def _items_label(n: int) -> str:
    return t(f"{n} item{'s' if n > 1 else ''}") if n <= 3 else t("{n} items", n=n)


def _portfolio_map(view: View, coordination: Any, key: str) -> None:
    assert view.run is not None and view.names is not None
    region_shapes = shapes(view.root, view.run.info.run_id, view.run.info.checksum)
    if region_shapes is None:
        return
    chosen = coordination.allocation
    chosen = chosen[chosen["selected"]].astype({"region": str})
    names = view.names
    per_region: dict[str, list[str]] = {}
    for r, i, e, z in zip(
        chosen["region"], chosen["industry"], chosen["name_en"], chosen["name_zh"], strict=True
    ):
        per_region.setdefault(r, []).append(names.industry(i, e, z))
    counts = sorted({len(v) for v in per_region.values()})
    palette = {_items_label(n): ITEM_BLUES[min(n, len(ITEM_BLUES)) - 1] for n in counts}
    fig = category_map(
        region_shapes,
        {r: _items_label(len(v)) for r, v in per_region.items()},
        palette,
        {
            r: f"<b>{hover(names.region(r))}</b><br>" + "<br>".join(hover(x) for x in v)
            for r, v in per_region.items()
        },
        title=hover(t("National portfolio: items per region (hover for the industries)")),
        legend_title=hover(t("items")),
    )
    figure(fig, key)


def _show(view: View, coordination: Any, key: str) -> None:
    """Status, map, duplication before and after, binding limits or the conflict."""
    assert view.names is not None
    solve = coordination.solve
    st.caption(
        md(
            t(
                SOLVE_NOTE,
                status=t(str(solve.get("status"))),
                objective=f"{float(solve.get('objective', float('nan'))):.2f}",
                own=f"{float(solve.get('uncoordinated', float('nan'))):.2f}",
                gap=f"{float(solve.get('gap', float('nan'))):.2%}",
            )
        )
    )
    if len(coordination.explanation):
        st.subheader(t("No allocation meets every limit"))
        explanation = coordination.explanation
        column = "sentence_zh" if view.lang == "zh" and "sentence_zh" in explanation else "sentence"
        table(explanation, [(column, "what conflicts")], name="explanation", key=f"{key}-why")
        return
    _portfolio_map(view, coordination, f"{key}-map")
    names = view.names
    dup = coordination.duplication
    dup = dup.assign(
        item=[
            names.industry(i, e, z)
            for i, e, z in zip(dup["industry"], dup["name_en"], dup["name_zh"], strict=True)
        ]
    )
    st.subheader(t("Duplication before and after"))
    table(
        dup,
        [
            ("item", "industry"),
            ("regions_uncoordinated", "provinces' own picks"),
            ("regions_coordinated", "coordinated"),
            ("hub_limit", "hub limit"),
        ],
        name="coordinate-duplication",
        key=f"{key}-dup",
    )
    binding = coordination.constraints
    if len(binding):
        binding = binding[binding["binding"].astype(bool)]
        if len(binding):
            st.subheader(t("Limits that bind"))
            table(
                binding.assign(family_text=[t(str(f)) for f in binding["family"]]).head(40),
                [("name", "limit"), ("family_text", "family"), ("shadow_price", "shadow price")],
                name="coordinate-binding",
                key=f"{key}-binding",
                formats={"shadow_price": "%.3f"},
            )


def _scenario_name(name: str) -> str:
    """A shipped scenario by its title in the current language."""
    from yindi.report._i18n import current
    from yindi.stages.coordinate import Scenario

    scenario = Scenario.load(name)
    return plain(scenario.name_zh if current().zh and scenario.name_zh else scenario.name, 120)


def _settings_form(view: View) -> tuple[str, tuple[str, ...]] | None:
    """The limits and scenarios to solve with (JSON of the config fields), once submitted."""
    from yindi.stages.coordinate import CoordinateConfig, load_coordinate_config
    from yindi.stages.coordinate._scenarios import SHIPPED_SCENARIOS

    assert view.run is not None
    known = {f.name for f in fields(CoordinateConfig)}
    stored = view.run.coordination.options if view.run.coordination is not None else {}
    base = {k: v for k, v in stored.items() if k in known} or load_coordinate_config().record()
    scenarios = sorted(
        p.name.removesuffix(".yaml")
        for p in SHIPPED_SCENARIOS.iterdir()
        if p.name.endswith(".yaml")
    )
    with st.form("solve-again"):
        st.markdown(t("Families of limits"))
        families = {
            family: st.checkbox(
                t(label), value=bool(base["families"].get(family, True)), key=f"family-{family}"
            )
            for family, label in FAMILY_LABELS.items()
        }
        left, middle, right = st.columns(3)
        hub_share = left.number_input(
            t("hub share (emerging)"), 0.01, 1.0, float(base["hub_share"]), 0.05
        )
        future_share = left.number_input(
            t("hub share (future)"), 0.01, 1.0, float(base["future_share"]), 0.05
        )
        low = middle.number_input(
            t("items per region, at least"), 0, 10, int(base["participation_min"]), 1
        )
        high = middle.number_input(
            t("items per region, at most"), 1, 10, int(base["participation_max"]), 1
        )
        future_max = middle.number_input(
            t("future industries per region, at most"), 0, 5, int(base["future_max"]), 1
        )
        groups = right.number_input(
            t("macro-regions per industry, at least"), 0, 8, int(base["min_groups"]), 1
        )
        threshold = right.number_input(
            t("innovation capacity for future industries"),
            0.0,
            1.0,
            float(base["innovation_threshold"]),
            0.05,
        )
        budget = right.number_input(
            t("budget units of the median region"), 0.5, 64.0, float(base["budget_base"]), 0.5
        )
        chosen = st.multiselect(
            t("Technology scenarios"),
            scenarios,
            default=[],
            format_func={s: _scenario_name(s) for s in scenarios}.__getitem__,
        )
        sent = st.form_submit_button(t("Solve again"), type="primary")
    if not sent:
        return None
    settings = dict(base) | {
        "families": families,
        "hub_share": float(hub_share),
        "future_share": float(future_share),
        "participation_min": int(low),
        "participation_max": int(high),
        "future_max": int(future_max),
        "min_groups": int(groups),
        "innovation_threshold": float(threshold),
        "budget_base": float(budget),
        "source": "dashboard settings",
    }
    return json.dumps(settings, sort_keys=True), tuple(chosen)


def _changes(view: View, before: Any, after: Any) -> pd.DataFrame:
    assert view.names is not None

    def picked(result: Any) -> set[tuple[str, str]]:
        a = result.allocation
        a = a[a["selected"]]
        return set(zip(a["region"].astype(str), a["industry"].astype(str), strict=True))

    old, new = picked(before), picked(after)
    rows = [(r, i, "gained") for r, i in sorted(new - old)]
    rows += [(r, i, "lost") for r, i in sorted(old - new)]
    frame = pd.DataFrame(rows, columns=["region", "industry", "change"])
    return frame.assign(
        name=[view.names.region(r) for r in frame["region"]],
        item=[view.names.industry(i) for i in frame["industry"]],
        change_text=[t(c) for c in frame["change"]],
    )


def render(view: View) -> None:
    assert view.run is not None
    st.header(t("Coordinated national portfolio"))
    run_line(view)
    stored = view.run.coordination
    if stored is None:
        st.info(t("This run has no coordination: solve it below."))
    else:
        _show(view, stored, "stored")
    st.subheader(t("Solve again with other limits"))
    submitted = _settings_form(view)
    if submitted is not None:
        st.session_state["solve-settings"] = (view.run.info.run_id, *submitted)
    wanted = st.session_state.get("solve-settings")
    if not wanted or wanted[0] != view.run.info.run_id:
        return
    _, settings, scenarios = wanted
    from yindi.errors import YindiError

    try:
        with st.spinner(t("Solving...")):
            result, notes = resolve(
                view.root, view.run.info.run_id, view.run.info.checksum, settings, scenarios
            )
    except YindiError as exc:
        st.error(md(exc))
        return
    for note in notes:
        st.warning(md(sentence(note)))
    st.subheader(t("Solved again"))
    _show(view, result, "again")
    if stored is not None and len(result.allocation):
        changes = _changes(view, stored, result)
        st.markdown(t("Changes against the saved allocation: {n}", n=len(changes)))
        if len(changes):
            table(
                changes,
                [("name", "region"), ("item", "industry"), ("change_text", "change")],
                name="coordinate-changes",
                key="changes",
            )
    if len(result.scenarios):
        st.subheader(t("Technology scenarios"))
        table(
            result.scenarios.assign(change_text=[sentence(c) for c in result.scenarios["change"]]),
            [
                ("scenario", "scenario"),
                ("region", "region"),
                ("industry", "industry"),
                ("change_text", "change"),
            ],
            name="coordinate-scenarios",
            key="scenarios",
        )
    label = st.text_input(
        t("Label of the new run"),
        value=plain(f"{view.run.info.label} · {t('solved again')}", 80),
        max_chars=80,
    )
    if st.button(t("Save as a new run"), key="save-again"):
        info = view.store.save(
            view.run.plan,
            coordination=result,
            label=plain(label, 80),
            parent=view.run.info.run_id,
        )
        st.session_state.pop("solve-settings", None)
        open_run(info.run_id)
