"""The report in a real browser: maps, language, navigation, tables, the opportunity table.

Drives Debian's ``/usr/bin/chromium`` through playwright (never a downloaded browser); without
it the tests skip locally and fail under CI. Screenshots are kept as artefacts in
``$YINDI_ARTIFACTS`` (default ``/tmp/yindi-artifacts/report``) for people to look at; no
assertion reads them except that they are not blank. Load times are printed, never asserted.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pandas as pd
import pytest

LOCAL = ("file:", "data:", "blob:", "about:")
ARTIFACTS = Path(os.environ.get("YINDI_ARTIFACTS", "/tmp/yindi-artifacts")) / "report"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def results():
    import warnings

    import yindi

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = yindi.plan()
        return plan, yindi.coordinate(plan)


@pytest.fixture(scope="module")
def pages(results, tmp_path_factory) -> dict[str, Path]:
    from yindi.report.plan_report import render_plan_html

    plan, coordination = results
    root = tmp_path_factory.mktemp("report")
    out = {}
    for lang in ("en", "zh"):
        out[lang] = root / f"report-{lang}.html"
        out[lang].write_text(
            render_plan_html(plan, coordination=coordination, lang=lang), encoding="utf-8"
        )
    return out


class _Watch:
    """Every request and every console or page error of a page."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def check(self) -> None:
        foreign = [u for u in self.requests if not u.startswith(LOCAL)]
        assert not foreign, f"the page fetched from the network: {foreign[:5]}"
        assert not self.errors, f"console errors: {self.errors[:5]}"


def _open(browser, path: Path, fragment: str = "", **context):
    ctx = browser.new_context(accept_downloads=True, **context)
    page = ctx.new_page()
    watch = _Watch(page)
    started = time.monotonic()
    page.goto(path.as_uri() + fragment, wait_until="load", timeout=60_000)
    page.wait_for_function(
        "document.querySelectorAll('#fig-map-types path.js-fill').length >= 34", timeout=60_000
    )
    print(f"{path.name}{fragment}: maps drawn {time.monotonic() - started:.2f} s after goto")
    return ctx, page, watch


def _shot(page, name: str, selector: str | None = None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    if selector:
        page.locator(selector).screenshot(path=str(target))
    else:
        page.screenshot(path=str(target))
    assert target.stat().st_size > 20_000, f"{target} looks blank"


def _visible(page) -> list[str]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('section.province'))"
        ".filter(s => s.offsetParent !== null).map(s => s.id)"
    )


def test_maps_and_navigation(browser, pages) -> None:
    ctx, page, watch = _open(
        browser, pages["en"], "#p-guizhou", viewport={"width": 1400, "height": 900}
    )
    try:
        traces = page.evaluate(
            "document.getElementById('fig-map-types').data"
            ".map(d => [d.name, d.meta || '', d.fillpattern ? d.fillpattern.shape || '' : ''])"
        )
        hatched = {meta for _, meta, shape in traces if shape}
        assert {"Taiwan", "Hong Kong", "Macao"} <= hatched
        assert any(name == "maritime boundary" for name, _, _ in traces)
        assert _visible(page) == ["p-guizhou"]
        # Province pages are drawn when opened: Guizhou's figures exist, Gansu's do not yet.
        assert page.locator("#p-guizhou .js-plotly-plot").count() >= 3
        assert page.locator("#p-gansu .js-plotly-plot").count() == 0
        _shot(page, "overview-en")
        # A click on a province of the map opens its page (the handler reads the trace meta).
        page.evaluate(
            "document.getElementById('fig-map-types').emit('plotly_click',"
            " {points: [{data: {meta: 'Gansu'}}]})"
        )
        page.wait_for_function("location.hash === '#p-gansu'", timeout=10_000)
        page.wait_for_function(
            "document.getElementById('p-gansu').offsetParent !== null", timeout=10_000
        )
        page.wait_for_function(
            "document.querySelectorAll('#p-gansu .js-plotly-plot').length >= 3", timeout=30_000
        )
        assert _visible(page) == ["p-gansu"]
        _shot(page, "gansu-en", "#p-gansu")
        # The search box takes a Chinese name.
        page.fill("#region-search", "北京")
        page.press("#region-search", "Enter")
        page.wait_for_function("location.hash === '#p-beijing'", timeout=10_000)
        # The page switches on the hashchange event, which follows the hash by a task.
        page.wait_for_function(
            "document.getElementById('p-beijing').offsetParent !== null", timeout=10_000
        )
        assert _visible(page) == ["p-beijing"]
        _shot(page, "beijing-en", "#p-beijing")
        watch.check()
    finally:
        ctx.close()


def test_tables_sort_filter_and_download(browser, pages, results) -> None:
    plan, _ = results
    ctx, page, watch = _open(browser, pages["en"], viewport={"width": 1400, "height": 900})
    try:
        table = "table[data-name='types']"
        eci_col = page.evaluate(
            f'Array.from(document.querySelectorAll("{table} thead th"))'
            ".findIndex(th => th.textContent === 'ECI')"
        )
        assert eci_col > 0

        def column() -> list[float]:
            return page.evaluate(
                f'Array.from(document.querySelectorAll("{table} tbody tr"))'
                f".map(tr => parseFloat(tr.cells[{eci_col}].getAttribute('data-v')))"
            )

        header = page.locator(f"{table} thead th").nth(eci_col)
        header.click()
        ascending = column()
        header.click()
        descending = column()
        expected = sorted(plan.types["eci"].astype(float))
        assert ascending == pytest.approx(expected)
        assert descending == pytest.approx(expected[::-1])
        # The filter box above the table keeps the rows that contain the text.
        box = page.locator(f"div.tools:has(+ {table}) input.filter")
        box.fill("Gansu")
        shown = page.evaluate(
            f'Array.from(document.querySelectorAll("{table} tbody tr"))'
            ".filter(tr => tr.style.display !== 'none').length"
        )
        assert shown == 1
        box.fill("")
        # CSV: UTF-8 with a byte-order mark, a header and one line per region.
        with page.expect_download() as info:
            page.locator(f"div.tools:has(+ {table}) button.csv").click()
        data = Path(info.value.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        lines = data.decode("utf-8-sig").strip().splitlines()
        assert lines[0].split(",")[:3] == ["province", "type", "approach"]
        assert len(lines) == 1 + len(plan.types)
        assert info.value.suggested_filename == "types.csv"
        watch.check()
    finally:
        ctx.close()


def _opp_rows(page, region_id: str) -> pd.DataFrame:
    rows = page.evaluate(
        f"Array.from(document.querySelectorAll('#opp-{region_id} tbody tr')).map(tr => ["
        " tr.cells[1].textContent, tr.cells[2].textContent,"
        " parseFloat(tr.cells[3].getAttribute('data-v'))])"
    )
    return pd.DataFrame(rows, columns=["name", "stage", "score"])


def test_opportunity_table_weights(browser, pages, results) -> None:
    plan, _ = results
    opp = plan.opportunities[plan.opportunities["region"] == "Gansu"].copy()
    opp["name"] = opp["name_zh"] + " " + opp["name_en"]
    approach = plan.types.set_index("region").at["Gansu", "approach"]
    weights = plan.options["paths"]["approach_weights"]
    attr = plan.options["attractiveness_weights"]

    def score(wf: float) -> pd.Series:
        # The plan's cultivate score written out: wf feasibility + (1 - wf) attractiveness,
        # attractiveness = a_c complexity + a_g gain + a_n national value (weights sum to 1).
        a = (
            attr["complexity"] * opp["complexity"]
            + attr["gain"] * opp["gain"]
            + attr["national_value"] * opp["national_value"]
        )
        return pd.Series((wf * opp["feasibility"] + (1 - wf) * a).to_numpy(), index=opp["name"])

    ctx, page, watch = _open(
        browser, pages["en"], "#p-gansu", viewport={"width": 1400, "height": 900}
    )
    try:
        page.wait_for_selector("#opp-gansu tbody tr")
        own = _opp_rows(page, "gansu").set_index("name")["score"]
        want = score(weights[approach][0]).reindex(own.index)
        assert own.to_numpy() == pytest.approx(want.to_numpy(), abs=1e-5)
        # The region's cultivate list carries the same scores (the plan's own numbers).
        cult = plan.paths[(plan.paths["region"] == "Gansu") & (plan.paths["track"] == "cultivate")]
        for name, value in zip(cult["name_zh"] + " " + cult["name_en"], cult["score"], strict=True):
            assert own[name] == pytest.approx(value, abs=1e-5)
        # Rows are ordered by score, best first.
        assert list(own.dropna()) == sorted(own.dropna(), reverse=True)
        # Another preset re-weighs: the frontier weights (feasibility 0.40).
        other = next(a for a in weights if a != approach)
        page.click(f"#opp-gansu button.preset[data-preset='{other}']")
        moved = _opp_rows(page, "gansu").set_index("name")["score"]
        assert moved.to_numpy() == pytest.approx(
            score(weights[other][0]).reindex(moved.index).to_numpy(), abs=1e-5
        )
        assert list(moved.index) != list(own.index) or not moved.equals(own)
        # A slider at 1 for feasibility: the score is the feasibility itself.
        page.eval_on_selector(
            "#opp-gansu input[data-w='feasibility']",
            "el => { el.value = 1; el.dispatchEvent(new Event('input')); }",
        )
        only = _opp_rows(page, "gansu").set_index("name")["score"]
        feas = opp.set_index("name")["feasibility"].reindex(only.index)
        assert only.to_numpy() == pytest.approx(feas.to_numpy(), abs=1e-5)
        # Its headers sort too: by national rank, best placed first, unknown last.
        page.locator("#opp-gansu thead th").nth(5).click()
        ranks = page.evaluate(
            "Array.from(document.querySelectorAll('#opp-gansu tbody tr'))"
            ".map(tr => parseFloat(tr.cells[5].getAttribute('data-v')))"
        )
        known = [r for r in ranks if r == r]
        assert known == sorted(known) and ranks[: len(known)] == known
        # The stage filter keeps future industries only.
        page.select_option("#opp-gansu select.stage", "future")
        stages = set(_opp_rows(page, "gansu")["stage"])
        assert stages == {"future"}
        _shot(page, "gansu-opportunities-en", "#opp-gansu")
        watch.check()
    finally:
        ctx.close()


def test_chinese_report(browser, pages) -> None:
    ctx, page, watch = _open(
        browser, pages["zh"], "#p-gansu", viewport={"width": 1400, "height": 900}
    )
    try:
        assert page.evaluate("document.documentElement.lang") == "zh"
        heading = page.locator("#overview h2").inner_text()
        assert CJK.search(heading) and "National" not in heading
        text = page.locator("#p-gansu").inner_text()
        cjk = len(CJK.findall(text))
        latin_words = re.findall(r"\b[a-z]{4,}\b", text)  # lower-case English words
        assert cjk > 2000, cjk
        assert len(latin_words) < 0.05 * cjk, latin_words[:30]
        axis = page.evaluate("document.getElementById('fig-scatter-gansu').layout.xaxis.title.text")
        assert CJK.search(axis), axis
        _shot(page, "gansu-zh", "#p-gansu")
        watch.check()
    finally:
        ctx.close()


def test_mobile_layout(browser, pages) -> None:
    ctx, page, watch = _open(
        browser, pages["en"], "#p-gansu", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    try:
        width = page.evaluate("document.getElementById('fig-map-types').getBoundingClientRect()")
        assert width["width"] <= 390 and width["x"] >= 0
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 400, overflow  # nothing wider than the phone (tables scroll inside)
        _shot(page, "overview-mobile")
        watch.check()
    finally:
        ctx.close()
