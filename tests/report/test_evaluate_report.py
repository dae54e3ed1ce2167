"""The evaluate report (``yindi.report.render_evaluate_html``): the figures carry the result's
numbers, the tables the same, nothing is left in English in Chinese, names are inert text.

Figures are read back from the page's JSON blocks (what the browser draws) and compared with
the result's tables; the map classes are recomputed here from the class bounds written in the
test (0.8 / 0.7 / 0.6 / 0.5), not from the module's function.
"""

from __future__ import annotations

import json
import re
import warnings
from contextlib import contextmanager
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from yindi.report import _i18n, render_evaluate_html

#: names that must stay text: a script tag, quotes and an ampersand
EVIL = "<script>alert(1)</script>"


class _Blocks(HTMLParser):
    """The page's script elements: their type and data-plot id, and their text."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def figures(page: str) -> dict[str, dict]:
    """Every figure of the page by its div id, parsed from its JSON block."""
    parser = _Blocks()
    parser.feed(page)
    return {
        str(attrs["data-plot"]): json.loads(text)
        for attrs, text in parser.scripts
        if attrs.get("type") == "application/json" and attrs.get("data-plot")
    }


def table_values(page: str, name: str) -> list[list[str]]:
    """The data-v values of a table's rows (numbers as the page stores them)."""
    block = re.search(rf"<table[^>]*data-name='{re.escape(name)}'>(.*?)</table>", page, re.S)
    assert block is not None, name
    body = block.group(1).split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [re.findall(r"data-v='([^']*)'", r) for r in rows]


@contextmanager
def chinese_misses(monkeypatch):
    """Collects what the Chinese rendering could not translate (``_i18n.language``'s misses)."""
    misses: set[str] = set()
    original = _i18n.language

    @contextmanager
    def spy(*args, **kwargs):
        with original(*args, **kwargs) as lang:
            yield lang
            misses.update(lang.misses)

    monkeypatch.setattr(_i18n, "language", spy)
    yield misses


# -- policy -------------------------------------------------------------------------------------
def _staggered(first: str = "R00") -> tuple[pd.DataFrame, pd.DataFrame]:
    """20 regions x 2006-2017: region effects, a common trend, an effect of 1 from the start
    (cohorts 2011 and 2014; the first region of the 2011 cohort is named ``first``)."""
    rng = np.random.default_rng(7)
    years = np.arange(2006, 2018)
    starts = [2011] * 5 + [2014] * 5 + [0] * 10
    rows, treated = [], []
    for i, g in enumerate(starts):
        region = first if i == 0 else f"R{i:02d}"
        level = rng.normal(0, 1)
        for t in years:
            rows.append((region, int(t), level + 0.1 * (t - 2006) + (1.0 if g and t >= g else 0)))
            rows[-1] = (*rows[-1][:2], rows[-1][2] + rng.normal(0, 0.1))
        if g:
            treated.append((region, g))
    panel = pd.DataFrame(rows, columns=["region", "year", "y"])
    return panel, pd.DataFrame(treated, columns=["region", "start"])


@pytest.fixture(scope="module")
def policy():
    pytest.importorskip("pyfixest")
    pytest.importorskip("diff_diff")
    pytest.importorskip("pysyncon")
    pytest.importorskip("wildboottest")
    from yindi.stages.evaluate.policy import policy_effects

    panel, treatment = _staggered(first=EVIL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return policy_effects(panel, treatment, draws=49, sc_regions=[EVIL, "R01"])


def test_event_study_figure_carries_the_event_study_table(policy) -> None:
    figure = figures(render_evaluate_html(policy))["fig-event-0"]
    drawn = {trace["meta"]: trace for trace in figure["data"]}
    table = policy.event_study
    assert set(drawn) == set(table["estimator"]) == {"callaway_santanna", "event_study"}
    for estimator, part in table.groupby("estimator"):
        part = part.sort_values("event_time")
        trace = drawn[estimator]
        assert trace["x"] == part["event_time"].tolist()
        assert trace["y"] == part["estimate"].tolist()
        # the bars reach the interval's ends: estimate + array = ci_high, - arrayminus = ci_low
        y = np.array(trace["y"])
        assert np.allclose(y + np.array(trace["error_y"]["array"]), part["ci_high"], atol=1e-12)
        assert np.allclose(y - np.array(trace["error_y"]["arrayminus"]), part["ci_low"], atol=1e-12)


def test_gap_figure_shows_the_treated_path_and_every_placebo(policy) -> None:
    drawn = figures(render_evaluate_html(policy))
    sc = policy.synthetic_control.set_index("region")
    paths = policy.synthetic_paths
    for j, region in enumerate(policy.synthetic_control["region"]):
        figure = drawn[f"fig-gap-0-{j}"]
        mine = paths[paths["region"] == region]
        treated = [tr for tr in figure["data"] if tr["meta"] == region]
        placebos = [tr for tr in figure["data"] if tr["meta"] != region]
        own = mine[mine["role"] == "treated"].sort_values("year")
        assert treated[0]["x"] == own["year"].tolist() and treated[0]["y"] == own["gap"].tolist()
        assert len(placebos) == sc.at[region, "placebos"] == 10  # the never-treated regions
        assert {tr["line"]["color"] for tr in placebos} == {"#bdbdbd"}  # grey
        for tr in placebos:
            part = mine[mine["unit"] == tr["meta"]].sort_values("year")
            assert tr["y"] == part["gap"].tolist()


def test_estimates_agreement_pretrends_and_notes_are_on_the_page(policy) -> None:
    page = render_evaluate_html(policy)
    rows = table_values(page, "policy-effects-0")
    assert [float(r[0]) for r in rows] == policy.effects["estimate"].tolist()
    assert [float(r[4]) for r in rows] == policy.effects["p_value"].tolist()
    verdict = policy.agreement["verdict"].iloc[0]
    assert verdict.startswith("agree") and verdict in page
    pre = table_values(page, "policy-pretrends-0")
    assert [float(r[3]) for r in pre] == policy.pretrends["p_value"].tolist()
    assert "id='policy'" in page and "Pre-trends" in page
    # the packages' own messages are quoted as written, inside the details block
    assert "Messages of the estimation packages" in page and "n_bootstrap=49 is low" in page


def test_policy_page_in_chinese_leaves_nothing_untranslated(policy, monkeypatch) -> None:
    with chinese_misses(monkeypatch) as misses:
        page = render_evaluate_html(policy, lang="zh")
    assert not misses, sorted(misses)[:10]
    assert "<html lang='zh'>" in page and "政策是否见效" in page
    assert "一致：二者均为正" in page  # the verdict, translated


def assert_inert(page: str) -> None:
    """``EVIL`` is escaped text wherever the page shows it: in the HTML, and in every text a
    figure draws (plotly renders names, titles and hover texts as markup); a JSON block keeps
    the raw id only as ``meta`` (never drawn), and no block can close early (``</`` escaped)."""
    parser = _Blocks()
    parser.feed(page)
    outside = page
    for attrs, text in parser.scripts:
        if attrs.get("type") == "application/json":
            assert "</" not in text
            outside = outside.replace(text, "")
    assert "<script>alert(1)" not in outside and "&lt;script&gt;alert(1)" in page
    for figure in figures(page).values():
        for trace in figure["data"]:
            drawn = {k: v for k, v in trace.items() if k != "meta"}
            assert "<script" not in json.dumps(drawn)
        assert "<script" not in json.dumps(figure["layout"])
    kinds = [a.get("type") for a, _ in parser.scripts]
    # only the page's own scripts: plotly.js (text), the data, report.js and the figures
    assert kinds.count(None) == 2 and kinds.count("text/plain") == 1
    assert len(kinds) == 3 + len(figures(page))


def test_a_region_named_like_a_script_is_inert_text(policy) -> None:
    assert EVIL in set(policy.synthetic_control["region"])
    assert_inert(render_evaluate_html(policy))


def test_render_is_deterministic(policy) -> None:
    assert render_evaluate_html(policy) == render_evaluate_html(policy)


# -- partners -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def planned():
    import yindi

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = yindi.plan(with_productivity=False)
        return plan, yindi.coordinate(plan)


@pytest.fixture(scope="module")
def partners(planned):
    from yindi.stages.evaluate import find_partners

    plan, coordination = planned
    profile = pd.DataFrame({"code": ["C26", "C27", "J62"], "weight": [5, 3, 2], "scheme": "nace2"})
    return find_partners(plan, profile, coordination=coordination)


def _class(score: float) -> str:
    """The map's classes, written out: 0.8 or more, 0.7-0.8, 0.6-0.7, 0.5-0.6, under 0.5."""
    for bound, label in (
        (0.8, "0.8 or more"),
        (0.7, "0.7-0.8"),
        (0.6, "0.6-0.7"),
        (0.5, "0.5-0.6"),
    ):
        if score >= bound:
            return label
    return "under 0.5"


def test_partner_map_colours_every_region_by_its_score(partners, planned) -> None:
    plan, _ = planned
    page = render_evaluate_html(partners, plan=plan)
    figure = figures(page)["fig-map-partners"]
    by_region = {tr["meta"]: tr for tr in figure["data"] if tr.get("meta")}
    for row in partners.regions.itertuples(index=False):
        trace = by_region[row.region]
        assert trace["name"] == _class(row.score)
        assert f"{row.score:.2f}" in trace["text"]
    # the units without data keep their hatched class
    assert by_region["Taiwan"]["name"].startswith("no data in the sources")


def test_partner_tables_carry_the_ranking_and_put_inland_beside_coastal(partners, planned) -> None:
    plan, _ = planned
    page = render_evaluate_html(partners, plan=plan)
    rows = table_values(page, "partners-regions")
    assert [int(r[0]) for r in rows] == partners.regions["rank"].tolist()
    assert [float(r[2]) for r in rows] == partners.regions["score"].tolist()
    short = re.search(r"data-name='partners-shortlist'>(.*?)</table>", page, re.S).group(1)
    head = re.findall(r"<th>(.*?)</th>", short)
    assert "coastal" in head and "inland" in head  # side by side in one table
    best_inland = partners.regions.query("group == 'inland'").iloc[0]["region"]
    assert best_inland in short


def test_partner_page_in_chinese_leaves_nothing_untranslated(
    partners, planned, monkeypatch
) -> None:
    plan, _ = planned
    with chinese_misses(monkeypatch) as misses:
        page = render_evaluate_html(partners, plan=plan, lang="zh")
    assert not misses, sorted(misses)[:10]
    assert "合作伙伴适合落在哪里" in page and "沿海" in page and "内陆" in page


def test_partner_names_are_inert_text(partners) -> None:
    from yindi.stages.evaluate import PartnerResult

    def evil(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.replace({"Guizhou": EVIL, "贵州": EVIL})

    changed = PartnerResult(
        **{name: evil(getattr(partners, name)) for name in PartnerResult._tables},
        options=partners.options,
        inputs=partners.inputs,
    )
    assert_inert(render_evaluate_html(changed))


# -- declared priorities ------------------------------------------------------------------------
def test_bubble_check_page_reuses_the_declared_section(planned, monkeypatch) -> None:
    from yindi.stages.evaluate import bubble_check

    plan, coordination = planned
    result = bubble_check(plan, coordination=coordination)
    page = render_evaluate_html(result, plan=plan)
    assert "id='declared'" in page and "id='unmatched'" in page
    risky = table_values(page, "declared-riskiest")
    top = result.declarations.head(len(risky))
    assert [float(r[1]) for r in risky] == top["risk"].tolist()
    with chinese_misses(monkeypatch) as misses:
        render_evaluate_html(result, plan=plan, lang="zh")
    assert not misses, sorted(misses)[:10]


def test_a_province_page_names_the_documents_its_declarations_come_from(planned) -> None:
    import html
    from importlib.resources import files

    from yindi.report import render_plan_html
    from yindi.stages.evaluate import bubble_check

    plan, coordination = planned
    result = bubble_check(plan, coordination=coordination)
    page = render_plan_html(plan, coordination=coordination, declared=result)
    shipped = pd.read_csv(
        files("yindi.datasets") / "policy" / "declared_priorities_14th_fyp.csv", dtype=str
    )
    documents = list(dict.fromkeys(shipped.loc[shipped["region"] == "Gansu", "plan"]))
    assert len(documents) == 2  # its strong-industry action plan and its 2022 work report
    block = page.split("data-name='declared-gansu'")[0].rsplit("<h3>", 1)[1]
    assert block.startswith("Its declared priorities (14th Five-Year Plan period)")
    assert "Declared in: " in block
    assert all(html.escape(d) in block for d in documents)


def test_other_results_are_refused() -> None:
    with pytest.raises(TypeError, match="results of yindi evaluate"):
        render_evaluate_html(pd.DataFrame())


# -- the evaluate stage's sentences in Chinese: one hand-written example per template ----------
# fmt: off
SENTENCES = {
    "agree: both negative and their 90% intervals exclude 0": "一致：二者均为负，且90%置信区间均不含0",
    "agree: neither interval excludes 0 (no detectable effect)": "一致：两个区间都含0（未检测到效应）",
    "agree in size; only one interval excludes 0": "大小一致；仅一个区间不含0",
    "disagree: effects of opposite sign, both intervals exclude 0": "不一致：效应符号相反，且两个区间均不含0",
    "disagree in size: one estimate lies outside the other's interval (neither excludes 0)":
        "大小不一致：一个估计值落在另一个的区间之外（两个区间都含0）",
    "disagree in size: one estimate lies outside the other's interval":
        "大小不一致：一个估计值落在另一个的区间之外",
    "TWFE coefficient per unit of intensity (biased under staggered heterogeneous effects)":
        "每单位政策强度的双向固定效应系数（分批实施且效应异质时有偏）",
    "cluster multiplier bootstrap, Webb weights, 999 draws, 31 clusters; controls: never-treated":
        "聚类乘数自助法，Webb权重，999次抽样，31个聚类；对照组：从未受政策地区",
    "17 treated provinces and about 30 clusters: inference relies on the cluster bootstraps; "
    "few treated clusters make any interval fragile":
        "受政策省份17个，聚类约30个：推断依赖聚类自助法；受政策聚类少，任何区间都较脆弱",
    "partial treatment: the zone covers part of the province in Guizhou, Inner Mongolia; a "
    "province dummy is a coarse proxy":
        "部分覆盖：在贵州、内蒙古，试验区只覆盖省内部分地区；以省为单位的政策虚拟变量只是粗略代理",
    "anticipation: dates depend on the definition (decision, approval, inauguration); rerun with "
    "anticipation=1 or date_rule='calendar_year' to see how much that matters":
        "预期效应：实施日期取决于口径（决定、批复、揭牌）；可用anticipation=1或"
        "date_rule='calendar_year'重新运行，看其影响多大",
    "nqpf_index: regions with gaps left out: Tibet (Xizang)": "nqpf_index：剔除有缺失年份的地区：西藏",
    "rd_intensity_pct: treated after 2023, counted as not yet treated: Guizhou (2024), "
    "Inner Mongolia (2025)":
        "rd_intensity_pct：2023年之后才受政策，计为尚未受政策：贵州（2024年）、内蒙古（2025年）",
    "y: HonestDiD needs at least two pre-treatment periods in the event study; no sensitivity "
    "analysis": "y：HonestDiD要求事件研究中至少有两个实施前时期；未做敏感性分析",
    "y: no synthetic control for Guizhou (3 pre-treatment years, 12 donors; it needs 4 years and "
    "2 donors)": "y：贵州无合成控制（实施前3年，对照地区12个；至少需要4年和2个对照地区）",
    "inland": "内陆",
    "all": "全部",
}
# fmt: on


@pytest.mark.parametrize("english", list(SENTENCES))
def test_evaluate_sentences_translate_by_template(english: str) -> None:
    from yindi.report._zh import Translator

    tr = Translator({"Guizhou": "贵州", "Inner Mongolia": "内蒙古", "Tibet (Xizang)": "西藏"}, {})
    assert tr.sentence(english) == SENTENCES[english]
    assert tr.misses == []
