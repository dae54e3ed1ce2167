"""The compare, stress and productivity pages without a browser (Streamlit's AppTest): in both
languages with nothing left untranslated, the address keeping the compared runs, the numbers
shown against references computed here from the runs' own tables (pandas) or the stages, the
stress extra named when it is missing, and hostile names shown as text."""

from __future__ import annotations

import csv
import io
import re
import warnings

import _session_plan
import pandas as pd
import pytest
from test_app import CJK, _run, _texts

from yindi.store import Store

planned = _session_plan.planned
china_store = _session_plan.china_store


@pytest.fixture(scope="module")
def two_runs(planned, tmp_path_factory) -> tuple[Store, str, str]:
    """Runs A and B of ``_session_plan.save_two_runs`` in a store of this module's own."""
    return _session_plan.save_two_runs(planned, tmp_path_factory.mktemp("pages") / "store")


def _selected(store: Store, run_id: str) -> set[tuple[str, str]]:
    alloc = store.load(run_id).coordination.allocation
    chosen = alloc[alloc["selected"]]
    return set(zip(chosen["region"], chosen["industry"], strict=True))


def _metrics(at) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compare_page(two_runs, monkeypatch, lang) -> None:
    store, a, b = two_runs
    at = _run(store.root, monkeypatch, page="compare", a=a, b=b, lang=lang)
    assert at.session_state["_yindi_untranslated"] == []
    assert at.selectbox(key="compare-a").value == a and at.selectbox(key="compare-b").value == b
    for key, value in (("page", "compare"), ("a", a), ("b", b)):
        assert at.query_params[key] in (value, [value])
    # The counts against sets of the two allocations (B allows two items per region).
    sel_a, sel_b = _selected(store, a), _selected(store, b)
    assert sel_a - sel_b and sel_b - sel_a  # re-solved under a tighter cap: both ways
    labels = ("only in run A", "only in run B", "in both runs")
    if lang == "zh":
        assert CJK.search(at.header[0].value)
        labels = ("仅在运行A中", "仅在运行B中", "两次运行均有")
    assert _metrics(at) == {
        labels[0]: str(len(sel_a - sel_b)),
        labels[1]: str(len(sel_b - sel_a)),
        labels[2]: str(len(sel_a & sel_b)),
    }
    # The settings table: the cap 3 -> 2, and only coordination options (the plan is one).
    settings = at.dataframe[-1].value
    rows = {k: [x, y] for k, x, y in settings.itertuples(index=False)}
    assert rows["coordination.options.participation_max"] == ["3", "2"]
    assert all(k.startswith("coordination.options.") for k in rows), rows
    # Per region: the regions whose count changed, largest change first.
    per_region = at.dataframe[0].value
    count_a = pd.Series([r for r, _ in sel_a]).value_counts()
    count_b = pd.Series([r for r, _ in sel_b]).value_counts()
    regions = count_a.index.union(count_b.index)
    change = count_b.reindex(regions, fill_value=0) - count_a.reindex(regions, fill_value=0)
    assert len(per_region) == len(regions)
    assert sorted(per_region.iloc[:, 3]) == sorted(change)
    assert abs(per_region.iloc[0, 3]) == change.abs().max()


def test_compare_page_picks_and_guards(two_runs, monkeypatch, tmp_path) -> None:
    store, a, b = two_runs
    # Without a and b in the address: A the older run, B the newest.
    at = _run(store.root, monkeypatch, page="compare")
    assert (at.selectbox(key="compare-a").value, at.selectbox(key="compare-b").value) == (a, b)
    at.selectbox(key="compare-b").set_value(a).run()
    assert [e.value for e in at.info] == ["Choose two different runs."]
    lone = Store(tmp_path / "lone")
    lone.save(store.load(a).plan, label="only one")
    at = _run(lone.root, monkeypatch, page="compare")
    assert "Comparing needs two runs" in at.info[0].value


def test_stress_page_saved_and_run_here(two_runs, monkeypatch) -> None:
    store, a, b = two_runs
    saved = _run(store.root, monkeypatch, page="stress", run=b)
    assert "saved with this run" in _texts(saved)
    assert len(saved.get("plotly_chart")) == 1 and not saved.button
    # The regions table against the stored regional table: coordinated share, largest first.
    regional = store.load(b).later["stress_regional"]
    scenario = saved.selectbox(key="stress-scenario").value
    part = regional[
        (regional["scenario"] == scenario)
        & (regional["model"] == "multiregional")
        & (regional["portfolio"] == "coordinated")
    ]
    top = part.sort_values("inoperability", ascending=False).iloc[0]
    shown = saved.dataframe[1].value
    assert shown.iloc[0, 2] == pytest.approx(top["inoperability"])
    assert len(shown) == part["region"].nunique()
    # Run A has no stress tables: a button runs the shipped scenarios.
    fresh = _run(store.root, monkeypatch, page="stress", run=a)
    assert not fresh.get("plotly_chart")
    fresh.button(key="stress-run").click().run()
    assert not fresh.exception, fresh.exception
    assert "not saved with the run" in _texts(fresh) and len(fresh.get("plotly_chart")) == 1
    assert fresh.session_state["_yindi_untranslated"] == []


def test_stress_page_names_the_missing_extra(two_runs, monkeypatch) -> None:
    import yindi.app._stress as page

    store, a, b = two_runs
    monkeypatch.setattr(page, "has_pymrio", lambda: False)
    at = _run(store.root, monkeypatch, page="stress", run=a)
    assert [w.value for w in at.warning] == [
        "The stress tests need the stress extra (pymrio): pip install 'yindi[stress]', then "
        "restart yindi serve."
    ]
    assert not at.button  # nothing to run
    # The saved tests need no pymrio: still shown.
    assert "saved with this run" in _texts(_run(store.root, monkeypatch, page="stress", run=b))


def test_productivity_page(two_runs, monkeypatch) -> None:
    import yindi

    store, a, _ = two_runs
    assert "nqpf_index" not in store.load(a).tables()  # the session plan has none
    at = _run(store.root, monkeypatch, page="productivity", run=a)
    assert "Computed from the embedded data" in _texts(at)
    assert len(at.get("plotly_chart")) == 1
    year = at.selectbox(key="nqpf-year").value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        index = yindi.productivity().index
    latest = index[index["year"] == year].sort_values("rank")
    shown = at.dataframe[0].value
    assert len(shown) == len(latest) and shown.iloc[0, 0].startswith(latest["region"].iloc[0])
    assert shown.iloc[:, 1].tolist() == pytest.approx(latest["closeness"].tolist())
    # The stage's notes on how far to trust it (Tibet lacks data in the embedded tables).
    assert "Tibet" in _texts(at) and "TFP growth accounting" in _texts(at)


@pytest.mark.parametrize("page", ["stress", "productivity", "compare"])
def test_new_pages_in_chinese(two_runs, monkeypatch, page) -> None:
    store, a, b = two_runs
    at = _run(store.root, monkeypatch, page=page, run=b, lang="zh")
    assert at.session_state["_yindi_untranslated"] == [], page
    assert CJK.search(at.header[0].value), at.header[0].value


def test_hostile_names_on_the_new_pages(monkeypatch, tmp_path) -> None:
    """A sector named <script>alert(1)</script> and a region named =HYPERLINK(...): shown as
    the text they are on the compare page, never markup."""
    import yindi
    from yindi.stages.coordinate import CoordinateConfig

    hostile_region = '=HYPERLINK("http://203.0.113.9","y")'
    hostile_sector = "<script>alert(1)</script>"
    ds = yindi.datasets.china_provinces()
    panel = ds.panel("gross_output")
    panel = panel[panel["region"].isin(sorted(panel["region"].unique())[:8])]
    panel = panel.assign(region=panel["region"].replace({"Anhui": hostile_region}))
    activities = ds.activities.copy()  # every sector's name: a script
    activities["name_en"] = hostile_sector
    activities["name_zh"] = hostile_sector
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = yindi.plan(yindi.bundle(panel, activities=activities))
        one = yindi.coordinate(plan)
        two = yindi.coordinate(plan, config=CoordinateConfig(participation_max=1))
    store = Store(tmp_path / "store")
    older = store.save(plan, coordination=one, label="one")
    newest = store.save(plan, coordination=two, label=hostile_sector)
    for page in ("stress", "productivity", "compare"):
        at = _run(store.root, monkeypatch, page=page, run=newest.run_id)
        text = _texts(at)
        # Markdown sees every "<" of a name escaped ("\<script\>"): no tag, no link.
        assert not re.search(r"(?<!\\)<script", text) and "](http" not in text, page
        if page != "compare":  # the run's label, in the run line, as text
            assert "\\<script\\>" in text, page
    # The compare page's tables hold the names as the text they are (st.dataframe shows text;
    # the CSV buttons write them through the exporter that neutralises formulas).
    cells = "\n".join(str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    assert hostile_region in cells and hostile_sector in cells
    options = at.selectbox(key="compare-b").options
    assert any(o.endswith(hostile_sector) for o in options)  # the run's label, as text
    # Exported inert: the CSV button's bytes (the exporter of `yindi plan --out`) start the
    # region's cell with an apostrophe, so a spreadsheet shows the formula as text.
    from yindi.app._export import csv_bytes
    from yindi.store import compare_runs

    diff = compare_runs(store.load(older.run_id), store.load(newest.run_id))
    text = csv_bytes(diff.by_region, "compare-regions").decode("utf-8-sig")
    regions = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert "'" + hostile_region in regions
    assert not any(r.startswith("=") for r in regions)


def test_stress_run_here_in_chinese(two_runs, monkeypatch) -> None:
    store, a, _ = two_runs
    at = _run(store.root, monkeypatch, page="stress", run=a, lang="zh")
    at.button(key="stress-run").click().run()
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == 1
    assert at.session_state["_yindi_untranslated"] == []
