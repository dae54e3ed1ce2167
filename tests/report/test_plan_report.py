"""The planning report: offline, complete, deterministic, and drawn by a real browser.

The browser test drives Debian's ``/usr/bin/chromium`` through playwright (never a browser that
``playwright install`` downloads). Without chromium it is skipped locally and fails on CI
(``CI`` set), where ``scripts/install_browser.sh`` must have run.
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import skip_or_fail

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


# -- language and brief -------------------------------------------------------------------------
def test_chinese_report_leaves_nothing_untranslated(plan_result) -> None:
    """Every word the page writes and every sentence the stages wrote has its Chinese."""
    import yindi
    from yindi.report import _i18n
    from yindi.report.plan_report import _render
    from yindi.stages.evaluate import bubble_check
    from yindi.stages.stress import stress

    coordination = yindi.coordinate(plan_result)
    stressed = stress(coordination=coordination)
    declared = bubble_check(plan_result, coordination=coordination)
    with _i18n.language("zh", plan_result) as lang:
        page = _render(plan_result, None, None, coordination, "zh", stressed, declared)
    assert not lang.misses, sorted(lang.misses)[:10]
    assert "<html lang='zh'>" in page
    assert "id='stress'" in page and "id='declared'" in page


def test_chinese_words_keep_their_fields() -> None:
    """A translation fills the same {fields} as its English (str.format would fail else)."""
    import string

    from yindi.report._zh_ui import UI

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    bad = {k: v for k, v in UI.items() if fields(k) != fields(v)}
    assert not bad
    tags = re.compile(r"<[^>]+>")
    assert not {k for k, v in UI.items() if tags.findall(k) != tags.findall(v)}


@pytest.mark.parametrize("name", ["Gansu", "gansu", "甘肃", "甘肃省", "甘肃 Gansu"])
def test_brief_finds_a_region_by_any_name(plan_result, name: str) -> None:
    from yindi.report.brief import find_region

    assert find_region(plan_result, name) == "Gansu"


def test_brief_names_the_closest_regions(plan_result) -> None:
    from yindi.errors import InputError
    from yindi.report.brief import find_region

    with pytest.raises(InputError, match=r"--brief 'Gansuu'.*did you mean 'Gansu'"):
        find_region(plan_result, "Gansuu")


def test_brief_holds_one_region_and_prints_on_a4(plan_result) -> None:
    from yindi.report.brief import render_brief_html

    page = render_brief_html(plan_result, "Beijing")
    paths = plan_result.paths[plan_result.paths["region"] == "Beijing"]
    for name in paths["name_en"]:
        assert html.escape(name) in page  # every item of its three lists
    others = plan_result.paths[plan_result.paths["region"] == "Gansu"]["evidence"].iloc[0]
    assert html.escape(others) not in page
    assert "@page{size:A4" in page
    assert "<script" not in page  # nothing to run: prints as it is
    assert page == render_brief_html(plan_result, "北京")  # same region, same bytes
    zh = render_brief_html(plan_result, "Beijing", lang="zh")
    assert "<html lang='zh'>" in zh and "北京" in zh and "Why" not in zh


def test_strengths_leave_out_public_services_and_say_so(page_html: str, plan_result) -> None:
    """Gansu's public-service sectors have RCA >= 1 (transfers, not competitiveness): they are
    named under the table, not ranked in it."""
    ra = plan_result.diagnosis.region_activity
    acts = plan_result.activities.set_index("activity")
    here = ra[(ra["region"] == "Gansu") & (ra["year"] == plan_result.year) & (ra["rca"] >= 1)]
    public = sorted(a for a in here["activity"] if acts.at[a, "group"] == "public services")
    assert public  # the case this test is about
    section = page_html.split("id='p-gansu'", 1)[1].split("<section", 1)[0]
    table = section.split("data-name='strengths-gansu'", 1)[1].split("</table>", 1)[0]
    note = section.split("Public services left out", 1)[1].split("</p>", 1)[0]
    for code in public:
        assert f">{code} " not in table
        assert html.escape(acts.at[code, "name_en"]) in note
