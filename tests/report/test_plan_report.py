"""The planning report: offline, complete, deterministic, and drawn by a real browser.

The browser test drives Debian's ``/usr/bin/chromium`` through playwright (never a browser that
``playwright install`` downloads). Without chromium it is skipped locally and fails on CI
(``CI`` set), where ``scripts/install_browser.sh`` must have run.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import require_module, skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
#: a copy of the screenshot for people to look at (not used by any assertion).
SCREENSHOT_COPY = Path("/tmp/yindi_report.png")


@pytest.fixture(scope="module")
def plan_result():
    import yindi

    return yindi.plan()


@pytest.fixture(scope="module")
def page_html(plan_result) -> str:
    from yindi.report.plan_report import render_plan_html

    return render_plan_html(plan_result)


class _Links(HTMLParser):
    """Collects every src/href attribute, <style> text and style attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.css: list[str] = []
        self.section_ids: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "poster", "data") and value:
                self.urls.append((tag, name, value))
            if name == "style" and value:
                self.css.append(value)
            if tag == "section" and name == "id" and value:
                self.section_ids.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def _parsed(page: str) -> _Links:
    parser = _Links()
    parser.feed(page)
    parser.close()
    return parser


# -- the HTML itself ----------------------------------------------------------------------------
def test_no_external_resources(page_html: str) -> None:
    assert "<script src=" not in page_html.lower()
    links = _parsed(page_html)
    remote = [u for u in links.urls if re.match(r"\s*(https?:)?//", u[2], re.I)]
    assert not remote, f"attributes pointing off the page: {remote[:5]}"
    for css in links.css:
        assert not re.search(r"@import", css, re.I), css[:200]
        assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", css, re.I), css[:200]


def test_every_province_has_a_section(page_html: str, plan_result) -> None:
    from yindi.report.plan_report import _slug

    ids = set(_parsed(page_html).section_ids)
    regions = plan_result.regions["region"].astype(str)
    assert len(regions) == 31
    missing = [r for r in regions if _slug(r) not in ids]
    assert not missing, f"provinces without a section: {missing}"
    for name_zh in plan_result.regions["name_zh"]:
        assert name_zh in page_html
    for anchor in ("overview", "cases", "provinces", "credits"):
        assert anchor in ids


def test_render_is_deterministic(page_html: str, plan_result) -> None:
    from yindi.report.plan_report import render_plan_html

    again = render_plan_html(plan_result)
    assert again == page_html
    assert "<meta charset='utf-8'>" in page_html
    assert "Noto Sans CJK SC" in page_html


# -- a real browser -----------------------------------------------------------------------------
def _require_chromium() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    skip_or_fail(f"{CHROMIUM} not found: run scripts/install_browser.sh")


def _pixel_variety(png: Path) -> int:
    """Distinct colours in a downsampled copy (PIL), or the file size as a fallback."""
    try:
        from PIL import Image
    except ImportError:
        return png.stat().st_size // 1000
    with Image.open(png) as image:
        small = image.convert("RGB").resize((200, max(1, 200 * image.height // image.width)))
        return len(small.getcolors(maxcolors=small.width * small.height) or ())


def test_maps_draw_all_34_units_and_the_maritime_line(plan_result) -> None:
    from yindi.report import _maps

    shapes = _maps.region_shapes(plan_result.boundaries)
    fig = _maps.category_map(shapes, {}, {"x": "#000"}, {}, title="t", legend_title="l")
    names = {t.name for t in fig.data}
    hatched = {t.text for t in fig.data if t.fillpattern is not None and t.fillpattern.shape}
    assert {"Taiwan", "Hong Kong", "Macao"} <= hatched
    assert "maritime boundary" in names
    line = next(t for t in fig.data if t.name == "maritime boundary")
    # The line sits in the South China Sea inset box, which the frame trace outlines.
    lon0, lon1, lat0, lat1 = _maps.INSET_WINDOW
    x0, y0 = _maps.INSET_ORIGIN
    xs = [x for x in line.x if x is not None]
    ys = [y for y in line.y if y is not None]
    assert x0 <= min(xs) and max(xs) <= x0 + (lon1 - lon0) * _maps.INSET_SCALE
    assert y0 <= min(ys) and max(ys) <= y0 + (lat1 - lat0) * _maps.INSET_SCALE


def test_report_renders_offline_in_chromium(page_html: str, tmp_path: Path) -> None:
    _require_chromium()
    sync_api = require_module("playwright.sync_api")
    report = tmp_path / "report.html"
    report.write_text(page_html, encoding="utf-8")
    requests: list[str] = []
    errors: list[str] = []
    started = time.monotonic()
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900},
        )
        try:
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(report.as_uri() + "#p-guizhou", wait_until="load", timeout=30_000)
            page.wait_for_function(
                "document.querySelectorAll('.js-plotly-plot').length > 0"
                " && document.querySelectorAll('#fig-map-types path.js-fill').length >= 34"
                " && document.querySelectorAll('#p-guizhou .js-plotly-plot .scatterlayer .point')"
                ".length > 0",
                timeout=30_000,
            )
            plots = page.evaluate("document.querySelectorAll('.js-plotly-plot').length")
            visible = page.evaluate(
                "Array.from(document.querySelectorAll('section.province'))"
                ".filter(s => s.offsetParent !== null).map(s => s.id)")
            map_width = page.evaluate(
                "document.getElementById('fig-map-types').getBoundingClientRect().width")
            # A click on a province of a map opens its page (the handler reads the trace's meta).
            page.evaluate(
                "document.getElementById('fig-map-types').emit('plotly_click',"
                " {points: [{data: {meta: 'Gansu'}}]})")
            page.wait_for_function("location.hash === '#p-gansu'", timeout=10_000)
            clicked = page.evaluate(
                "Array.from(document.querySelectorAll('section.province'))"
                ".filter(s => s.offsetParent !== null).map(s => s.id)")
            page.goto(report.as_uri() + "#p-guizhou", wait_until="load", timeout=30_000)
            page.wait_for_function(
                "document.querySelectorAll('#p-guizhou .js-plotly-plot .scatterlayer .point')"
                ".length > 0", timeout=30_000)
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            context.close()
    elapsed = time.monotonic() - started
    shutil.copyfile(shot, SCREENSHOT_COPY)

    foreign = [url for url in requests if not url.startswith(LOCAL_SCHEMES)]
    assert not foreign, f"the page fetched from the network: {foreign[:5]}"
    assert not errors, f"console errors: {errors[:5]}"
    # Drawn: the national figures and the open province's three; the others wait for their page.
    assert 2 + 3 <= plots < 2 + 3 * 31, plots
    assert page_html.count("class='plot'") >= 2 + 3 * 31
    assert visible == ["p-guizhou"], visible  # the fragment picks the province shown
    assert clicked == ["p-gansu"], clicked  # a map click opened Gansu's page
    assert 300 < map_width < 1000, map_width  # the map sits in its half of the grid
    assert shot.stat().st_size > 50_000
    assert _pixel_variety(shot) > 200, "the screenshot looks blank"
    assert elapsed < 60, f"browser test took {elapsed:.0f} s"


def test_report_renders_the_stage_numbers(page_html: str, plan_result) -> None:
    """The duplication check and the efficiency means come from the stage tables, unchanged."""
    import dataclasses

    from yindi.report.plan_report import render_plan_html

    def text(page: str) -> str:
        return re.sub(r"<script>.*?</script>", "", page, flags=re.S)

    dup = plan_result.duplication
    first = dup.index[(dup["track"] == "cultivate") & dup["flag"]][0]
    dup.loc[first, ["regions", "flag"]] = [97, False]
    prod = plan_result.productivity
    summary = prod.efficiency_summary
    summary.loc[summary.index[-1], "malmquist"] = 9.876
    changed = dataclasses.replace(
        plan_result,
        duplication=dup,
        productivity=dataclasses.replace(prod, efficiency_summary=summary),
    )
    before, after = text(page_html), text(render_plan_html(changed))
    assert ">97</td>" in after and ">97</td>" not in before
    assert after.count("duplication risk") == before.count("duplication risk") - 1
    assert ">9.876</td>" in after and ">9.876</td>" not in before


def test_other_region_sets_get_no_china_inset_and_their_own_frame() -> None:
    from yindi.report import _maps

    def square(region: str, lon: float, lat: float) -> dict:
        ring = [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]
        return {"type": "Feature", "properties": {"region": region},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}

    # Two regions in central Europe and one far overseas (a French region near 15 N).
    gj = {"type": "FeatureCollection",
          "features": [square("A", 8.0, 48.0), square("B", 10.0, 50.0),
                       square("C", -61.0, 15.0)]}
    shapes = _maps.region_shapes(gj)
    fig = _maps.category_map(shapes, {"A": "x"}, {"x": "#000"}, {}, title="t", legend_title="l")
    assert not fig.layout.annotations  # no South China Sea label
    lo, hi = fig.layout.xaxis.range
    assert lo <= 8.0 and hi >= 11.0  # the bulk of the regions is in the frame
    c = next(s for s in shapes if s.region == "C")
    assert min(x for x in c.x if x is not None) == -61.0  # drawn where it is, not moved
