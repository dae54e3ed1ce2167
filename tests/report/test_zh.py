"""Chinese for the stages' sentences (``yindi.report._zh``): complete on real results, exact
on hand-written examples (one per template), English and listed where no template fits, stable.

The reference is the hand translation below: each English clause is written as the stage's
f-string writes it, each Chinese one as a planner would, with the numbers carried through.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

import yindi
from yindi.data.catalogue import DEFAULT_CATALOGUE, load_catalogue
from yindi.data.endowments import INDICATOR_NAMES, QUALITIES, RAW_INDICATORS
from yindi.errors import InputError
from yindi.report import _zh
from yindi.report._zh import TEMPLATES, TERMS, Translator, lookups

EU = Path(__file__).parents[2] / "examples" / "eu_nuts2"

#: A run of three or more Latin-letter words: English left in a Chinese sentence.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][A-Za-z'&-]*(?: [A-Za-z][A-Za-z'&-]*){2,}")

#: The generated free-text columns of a plan and a coordinate result (table, column).
SENTENCE_COLUMNS = [
    ("types", "reasons"),
    ("types", "type"),
    ("types", "approach"),
    ("types", "macro_region"),
    ("paths", "evidence"),
    ("paths", "track"),
    ("opportunities", "reason"),
    ("opportunities", "weakest"),
    ("opportunities", "strongest"),
    ("opportunities", "stage"),
    ("endowment_fit", "reason"),
    ("reliability", "warnings"),
    ("reliability", "source"),
    ("standing", "without"),
    ("duplication", "region_names"),
    ("duplication", "track"),
    ("activity_complexity", "source"),
    ("peers", "shared"),
    ("diversification", "change"),
    ("nqpf_missing", "missing"),
    ("nqpf_peer_weak_points", "peer_group"),
    ("nqpf_weights", "dimension"),
    ("nqpf_weights", "direction"),
    ("nqpf_scheme_weights", "scheme"),
    ("coordinate_allocation", "reason"),
    ("coordinate_allocation", "evidence"),
    ("coordinate_allocation", "track"),
    ("coordinate_explanation", "sentence"),
    ("coordinate_constraints", "name"),
    ("coordinate_constraints", "family"),
    ("coordinate_budgets", "note"),
    ("coordinate_budgets", "resource"),
    ("coordinate_scenarios", "scenario"),
    ("coordinate_scenarios", "change"),
]


def _sentences(plan, coordination) -> list[str]:
    tables = plan.tables() | {f"coordinate_{k}": v for k, v in coordination.tables().items()}
    out = [str(plan.options["complexity_why"])]
    if plan.productivity is not None:
        out += list(plan.productivity.notes)
    for table, column in SENTENCE_COLUMNS:
        if table in tables and column in tables[table].columns:
            out += [str(x) for x in tables[table][column].dropna().unique()]
    return list(dict.fromkeys(x for x in out if x))


@pytest.fixture(scope="module")
def china():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = yindi.plan(cluster=True)
        return plan, yindi.coordinate(plan, scenarios=["gansu_water", "clean_power"])


@pytest.fixture(scope="module")
def eu():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = yindi.bundle(EU / "panel.csv", regions=EU / "regions.csv", name="eu_nuts2")
        plan = yindi.plan(ds)
        return plan, yindi.coordinate(plan)


# -- (a) every generated sentence of real results --------------------------------------------
@pytest.mark.parametrize("which", ["china", "eu"])
def test_real_results_translate_without_misses(which: str, request) -> None:
    plan, coordination = request.getfixturevalue(which)
    tr = Translator(*lookups(plan))
    sentences = _sentences(plan, coordination)
    assert len(sentences) > 100
    out = {s: tr.sentence(s) for s in sentences}
    assert tr.misses == []
    english = {s: z for s, z in out.items() if ENGLISH_RUN.search(z)}
    assert english == {}
    # The evidence of every track and the reasons of every region type made it through.
    assert any(z.startswith("RCA ") and "升级方向：" in z for z in out.values())
    assert any("可行性在" in z for z in out.values())


def test_china_names_and_catalogue_texts_are_chinese(china) -> None:
    plan, _ = china
    names, texts = lookups(plan)
    assert names["Inner Mongolia"] == "内蒙古" and names["Tibet (Xizang)"] == "西藏"
    assert names["ai_computing"] == "人工智能与算力" and names["S14"] == "金属冶炼和压延加工品"
    assert all(
        re.search(r"[\u4e00-\u9fff]", texts[t]) for t in plan.catalogue.upgrades["direction_en"]
    )
    assert texts["Gansu river-basin digital twin halves agricultural water"].startswith("甘肃")


# -- (b) one hand-written example per template -------------------------------------------------
# fmt: off
NAMES = {
    "Gansu": "甘肃", "Tibet (Xizang)": "西藏", "ai_computing": "人工智能与算力",
    "S35": "科学研究和技术服务", "S29": "交通运输、仓储和邮政", "M72": "M72",
}
TEXTS = {
    "Green mines, tailings reuse": "绿色矿山、尾矿综合利用",
    "Steel: electric-arc furnaces; aluminium: recycled aluminium": "钢铁：电炉短流程；铝：再生铝",
    "Inland provinces have no sea area.": "内陆省份没有管辖海域。",
    "Too risky; see the source.": "风险过高；见来源。",
}
EXAMPLES = [
    # classify/_rules.py: classify
    ("R&D 5.64% of GDP (>= 1.4 x median 1.33)", "R&D经费投入强度5.64%（≥中位数1.33%的1.4倍）"),
    ("21.0 invention patents per 10k people (>= 2.5 x median 1.2)",
     "每万人发明专利授权21.0件（≥中位数1.2件的2.5倍）"),
    ("mining 5.9% of gross output (>= 2.0 x median 2.1%)", "采矿业占总产出5.9%（≥中位数2.1%的2.0倍）"),
    ("heavy industry 44.3% of output (>= 1.1 x median 29.1%), nominal GDP growth 6.6% a year "
     "(< 0.9 x median 7.5%), ECI 0.47",
     "重工业占产出44.3%（≥中位数29.1%的1.1倍），名义GDP年均增长6.6%（<中位数7.5%的0.9倍），ECI 0.47"),
    ("manufacturing 54.9% of output (>= median 40.8%) and ECI 0.80 (>= 0.5)",
     "制造业占产出54.9%（≥中位数40.8%），ECI 0.80（≥0.5）"),
    ("R&D 2.09% of GDP", "R&D经费投入强度2.09%"),
    ("R&D intensity unknown", "R&D经费投入强度未知"),
    ("agriculture 10.0% of output (median 5.6%)", "农业占产出10.0%（中位数5.6%）"),
    ("82 km2 per 10k people (median 37)", "每万人土地面积82平方公里（中位数37）"),
    ("no specialised rule holds", "不符合任何专门类型规则"),
    ("approach from ECI 1.17, COI -1.54", "发展策略依据ECI 1.17、COI -1.54"),
    # plan/_model.py: plan (NQPF)
    ("NQPF 2017 0.137 (rank 7 of 30: Tibet (Xizang) without an index)",
     "2017年新质生产力指数0.137（30个地区中居第7位；西藏无指数）"),
    ("NQPF 2017 0.763 (rank 1 of 31)", "2017年新质生产力指数0.763（31个地区中居第1位）"),
    ("NQPF 2017: no index (data missing)", "2017年新质生产力指数：无（数据缺失）"),
    # plan/paths.py: _transform
    ("RCA 1.03", "RCA 1.03"),
    ("7.2% of the region's output", "占本地区产出7.2%"),
    ("complexity 0.35", "复杂度0.35"),
    ("low complexity (below the median sector's -0.25)", "复杂度偏低（低于行业中位数-0.25）"),
    ("high carbon (4.68 t CO2 per 10k CNY of output here, 7.91 for the sector nationally)",
     "高碳（本地区每万元产出排放CO₂ 4.68吨，该行业全国为7.91吨）"),
    ("high-carbon sector nationally (2.31 t CO2 per 10k CNY of output; no figure for this "
     "region)", "全国层面属高碳行业（每万元产出排放CO₂ 2.31吨；本地区无数据）"),
    ("upgrade: Green mines, tailings reuse", "升级方向：绿色矿山、尾矿综合利用"),
    # plan/paths.py: _fmt_opportunity, _standing, candidates
    ("ranked last: feasibility and attractiveness unknown (related capability unknown: no "
     "relatedness density for absent base sector(s) S35 (related to no other activity))",
     "排序置后：可行性、吸引力未知（关联能力未知：缺失的基础部门科学研究和技术服务无关联密度（与其他活动均无关联））"),
    ("ranked last: upgrade unknown", "排序置后：复杂度提升未知"),
    ("rank 4 of 31 regions by feasibility", "可行性在31个地区中居第4位"),
    ("national rank by feasibility unknown", "可行性全国排名未知"),
    # bubble check (evaluate/plans/_model.py: _reason), translated by hand
    ("rank 28 of 31 regions by feasibility (0.35)", "可行性在31个地区中居第28位（0.35）"),
    ("endowment fit 0.30", "禀赋匹配度0.30"),
    ("weakest requirement income 0.20", "最弱条件收入水平（0.20）"),
    ("endowment fit unknown (no requirement has data)", "禀赋匹配度未知（各项条件均无数据）"),
    ("declared by 3 of 21 regions", "21个地区中有3个提出"),
    ("hub limit unknown", "枢纽上限未知"),
    (
        "declared by 13 of 21 regions against 8 hubs the coordination supports",
        "21个地区中有13个提出，而全国统筹仅支持8个枢纽",
    ),
    ("within them", "位列其内"),
    ("21st best placed of the declarers, beyond them", "在提出地区中条件居第21位，超出枢纽数"),
    ("12th best placed of the declarers, beyond them", "在提出地区中条件居第12位，超出枢纽数"),
    ("22nd best placed of the declarers, beyond them", "在提出地区中条件居第22位，超出枢纽数"),
    ("23rd best placed of the declarers, beyond them", "在提出地区中条件居第23位，超出枢纽数"),
    ("in the plan's cultivate list (rank 4)", "列入本规划“培育壮大”清单（第4位）"),
    ("not in the plan's cultivate or prepare lists", "未列入本规划的培育或前瞻清单"),
    ("the national portfolio places it here", "全国统筹布局于此"),
    ("the national portfolio places it elsewhere", "全国统筹布局于他处"),
    (
        "not a candidate of the national portfolio (fails the plan's track rules)",
        "不是全国统筹的候选（不符合本规划的清单规则）",
    ),
    ("declared only through a broad term", "仅以宽泛表述提出"),
    ("feasibility 0.74 (related capabilities 0.74, endowment fit nan at confidence 0%)",
     "可行性0.74（关联能力0.74，禀赋匹配度未知，置信度0%）"),
    ("attractiveness 0.63 (complexity 0.92, gain 0.09, national value 0.80)",
     "吸引力0.63（复杂度0.92，复杂度增益0.09，国家战略价值0.80）"),
    ("complexity vs current +0.93", "复杂度较现有结构变化+0.93"),
    ("the only endowment with data: market size (0.59)", "唯一有数据的禀赋：市场规模（0.59）"),
    ("every endowment checked scores 0.97", "所检验的禀赋得分均为0.97"),
    ("best endowment clean power (0.73), weakest rd capacity (0.05)",
     "最强禀赋清洁电力（0.73），最弱禀赋研发投入（0.05）"),
    ("approach unknown weights feasibility 0.50", "发展策略未知，可行性权重0.50"),
    ("approach strategic bets weights feasibility 0.45", "“战略跃升”策略下可行性权重0.45"),
    ("innovation capacity 0.85 (>= 0.5)", "创新能力0.85（≥0.5）"),
    # plan/opportunities.py: _exclusions, _gap_notes
    ("water resources per person (m3) unknown: exclusion rule not checked",
     "人均水资源量（立方米）未知：未检验排除规则"),
    ("excluded: coastal location = 0 is below 0.5 (Inland provinces have no sea area.)",
     "已排除：沿海区位为0，低于0.5（内陆省份没有管辖海域。）"),
    ("excluded: strongest earthquake (Mw) = 7.9 is above 7 (Too risky; see the source.)",
     "已排除：最强地震震级（Mw）为7.9，高于7（风险过高；见来源。）"),
    ("related capability unknown: no relatedness density for absent base sector(s) S29, S35 "
     "(related to no other activity)",
     "关联能力未知：缺失的基础部门“交通运输、仓储和邮政”、科学研究和技术服务无关联密度（与其他活动均无关联）"),
    ("PCI unknown for base sector(s) S35: PCI of the others (75% of the weight) used",
     "基础部门科学研究和技术服务的PCI未知：采用其余部门的PCI（占权重75%）"),
    ("COG unknown for base sector(s) M72: no base sector has a COG",
     "基础部门M72的COG未知：所有基础部门均无COG"),
    # measures/stability.py: Reliability._stability_failures, _validity_failures
    ("region complexity ranks change between 2012 and 2017 (rank correlation -0.76, needs "
     ">= 0.70)", "地区复杂度排名在2012年至2017年间变动较大（秩相关系数-0.76，要求≥0.70）"),
    ("region complexity ranks change from one year to the next (rank correlation 0.41, needs "
     ">= 0.70)", "地区复杂度排名逐年变动较大（秩相关系数0.41，要求≥0.70）"),
    ("region complexity ranks are uncertain: resampling the activities, a typical region's "
     "rank range spans 42% of the 31 regions (needs <= 25%)",
     "地区复杂度排名不确定：对产业活动重抽样后，典型地区的排名区间覆盖31个地区中的42%（要求≤25%）"),
    ("the complexity ranking rests on a weak signal: the third eigenvalue is 0.95 times the "
     "second (needs <= 0.90)", "复杂度排名所依据的信号较弱：第三特征值为第二特征值的0.95倍（要求≤0.90）"),
    ("complexity falls as income per head rises (rank correlation -0.55 over 31 regions, needs "
     "> 0.00)", "复杂度随人均收入上升而下降（31个地区的秩相关系数-0.55，要求>0.00）"),
    ("complexity barely rises with income per head (rank correlation 0.00 over 31 regions, "
     "needs > 0.00)", "复杂度几乎不随人均收入上升（31个地区的秩相关系数0.00，要求>0.00）"),
    # plan/signal.py: choose_signal, reference_table
    ("external reference (world-trade product complexity mapped to the activities), because "
     "the network's own complexity falls as income per head rises (rank correlation -0.49 over "
     "275 regions, needs > 0.00)",
     "外部参照复杂度（将世界贸易产品复杂度映射到各产业活动），原因是本地网络测算中复杂度随人均收入上升而下降"
     "（275个地区的秩相关系数-0.49，要求>0.00）"),
    ("external reference (world-trade product complexity mapped to the activities)",
     "外部参照复杂度（将世界贸易产品复杂度映射到各产业活动）"),
    ("the network's own (eigenvector, Stata convention)", "本地网络测算的复杂度（特征向量法，Stata口径）"),
    ("UNRELIABLE: the complexity ranking rests on a weak signal: the third eigenvalue is 0.95 "
     "times the second (needs <= 0.90)",
     "不可靠：复杂度排名所依据的信号较弱：第三特征值为第二特征值的0.95倍（要求≤0.90）"),
    ("no reference complexity for these activities", "这些产业活动没有外部参照复杂度"),
    ("the reference failed its checks too", "外部参照同样未通过检验"),
    ("network (eigenvector PCI)", "本地网络测算（特征向量法PCI）"),
    ("yindi PCI (eigenvector, Stata convention) on world trade SITC2",
     "基于世界贸易SITC2数据的yindi PCI（特征向量法，Stata口径）"),
    ("WITS/UNSD concordances", "WITS/UNSD对照表"),
    # plan/standing.py: standing_table (a list of names is matched after every template)
    ("13 regions", "13个地区"),
    ("Gansu, Tibet (Xizang)", "甘肃、西藏"),
    # coordinate/_model.py: _allocation; _budgets.py: budget_table
    ("kept: in the region's own top picks and in the national portfolio",
     "保留：既在本地区自选前列，也在全国布局之中"),
    ("added: the national portfolio places it here", "新增：全国统筹布局安排于此"),
    ("moved: left to regions better placed, or beyond a limit (hubs, budget)",
     "调出：让位于条件更优的地区，或超出限额（枢纽数、资源预算）"),
    ("not selected", "未入选"),
    ("no data: not limited", "无数据：不设限"),
    # measures/allocation/_explain.py: _sentence, _pair_sentences; coordinate/_model.py: _solve
    ("the national water budget (60) is 3.5 short", "全国水资源预算（60）缺口3.5"),
    ("the national carbon budget (40) is part of the conflict", "全国碳排放预算（40）是冲突的一部分"),
    ("the energy budget of Gansu (8) is 2 short", "甘肃能源预算（8）缺口2"),
    ("the water budget of Gansu (4) is part of the conflict", "甘肃水资源预算（4）是冲突的一部分"),
    ("at most 8 regions may host ai_computing", "人工智能与算力至多布局于8个地区"),
    ("2 more would be needed", "尚需再增加2个"),
    ("Gansu has no eligible industry but must receive at least 1", "甘肃没有符合条件的产业，但须至少获得1项"),
    ("Gansu must receive at least 1 industries", "甘肃须至少获得1项产业"),
    ("only 0 can be given", "仅能安排0项"),
    ("Gansu may receive at most 3 industries", "甘肃至多获得3项产业"),
    ("ai_computing must be present in at least 2 macro-regions", "人工智能与算力须布局于至少2个大区"),
    ("only 1 can be reached", "仅能覆盖1个"),
    ("ai_computing counts as present in West only if a region of it hosts it",
     "仅当西部有地区承接时，人工智能与算力才算在该大区布局"),
    ("at most 1 hubs for ai_computing but at least 2 macro-regions required",
     "人工智能与算力至多设1个枢纽，但须覆盖至少2个大区"),
    ("Gansu may take at most 1 future industries", "甘肃至多布局1项未来产业"),
    # measures/allocation/_problem.py: _block; coordinate/_model.py: _future_rows (constraint names)
    ("hub_max[ai_computing]", "人工智能与算力枢纽上限"),
    ("budget[Gansu|water]", "甘肃水资源预算"),
    ("participation_min[Gansu]", "甘肃项目数下限"),
    ("participation_max[Gansu]", "甘肃项目数上限"),
    ("link[West|ai_computing]", "人工智能与算力在西部的布局判定"),
    ("redundancy[ai_computing]", "人工智能与算力多大区布局要求"),
    ("national[energy]", "全国能源预算"),
    ("future_max[Tibet (Xizang)]", "西藏未来产业上限"),
    # coordinate/_model.py: coordinate; _scenarios.py: Scenario.why_unchanged
    ("the water budgets of Gansu had room left in the base allocation, so more of it attracts "
     "no further hub", "甘肃的水资源预算在基准方案中尚有余量，增加该资源不会吸引更多枢纽"),
    ("no change: the energy, water budgets of Gansu, Tibet (Xizang) had room left in the base "
     "allocation, so more of it attracts no further hub",
     "无变化：甘肃、西藏的能源、水资源预算在基准方案中尚有余量，增加该资源不会吸引更多枢纽"),
    ("other limits (hubs per industry, items per region, better-placed regions) decide",
     "起决定作用的是其他限制（各产业枢纽数、各地区项目数、条件更优的地区）"),
    ("no change: budget[Gansu|water], budget[Tibet (Xizang)|energy] bound, but the extra room "
     "does not make a better allocation possible under the other limits",
     "无变化：甘肃水资源预算、西藏能源预算已达上限，但在其他限制下，新增余量无法带来更优方案"),
    # productivity/_model.py: productivity, _efficiency; nqpf.py: income_bands
    ("no NQPF index for 9 region-years lacking data (Tibet (Xizang))",
     "9个地区-年份因数据缺失而无新质生产力指数（西藏）"),
    ("the table nqpf_missing lists what each lacks", "各地区-年份缺少的指标见表nqpf_missing"),
    ("DEA leaves out 4 region-years with a missing or non-positive input or output (Tibet "
     "(Xizang) 2011, Tibet (Xizang) 2012, Gansu 2013, ...)",
     "DEA剔除了4个投入或产出缺失或非正的地区-年份（西藏2011年、西藏2012年、甘肃2013年等）"),
    ("no DEA scores for 2011: 3 region(s) with complete, positive data, 6 needed (5 inputs and "
     "outputs + 1)", "2011年无DEA得分：数据完整且为正的地区仅3个，需要6个（5项投入产出指标+1）"),
    ("TFP growth accounting needs real output, investment and employment by region and year, "
     "which the embedded data lack", "TFP增长核算需要分地区、分年份的实际产出、投资和就业数据，内置数据中没有"),
    ("give them as a growth table (yindi productivity --growth FILE)",
     "可作为增长表提供（yindi productivity --growth FILE）"),
    ("low income", "低收入组"),
    ("middle income", "中等收入组"),
    ("high income", "高收入组"),
    ("band 4 income", "第4收入组"),
]
#: Whole sentences: clauses joined by "; ", a catalogue text that holds "; " itself.
SENTENCES = [
    ("RCA 2.63; 12.2% of the region's output; complexity unknown; upgrade: Steel: electric-arc "
     "furnaces; aluminium: recycled aluminium",
     "RCA 2.63；占本地区产出12.2%；复杂度未知；升级方向：钢铁：电炉短流程；铝：再生铝"),
    ("R&D intensity unknown; approach from ECI unknown, COI 0.30",
     "R&D经费投入强度未知；发展策略依据ECI 未知、COI 0.30"),
    ("the network's own (eigenvector, Stata convention); UNRELIABLE: region complexity ranks "
     "change from one year to the next (rank correlation 0.41, needs >= 0.70); the reference "
     "failed its checks too",
     "本地网络测算的复杂度（特征向量法，Stata口径）；不可靠：地区复杂度排名逐年变动较大（秩相关系数0.41，要求≥0.70）；"
     "外部参照同样未通过检验"),
    ("strategic bets", "战略跃升"),
    ("rd_capacity", "研发投入"),
    ("", ""),
    ("已是中文，还差 2", "已是中文，还差 2"),
]
# The evaluate stage's clauses (report/_zh_evaluate.py; whole pages: tests/report/
# test_evaluate_report.py).
EXAMPLES += [
    # evaluate/policy/_model.py: _agreement, pilot_case
    ("agree: both positive and their 95% intervals exclude 0", "一致：二者均为正，且95%置信区间均不含0"),
    ("agree: both negative and their 90% intervals exclude 0", "一致：二者均为负，且90%置信区间均不含0"),
    ("agree: neither interval excludes 0 (no detectable effect)", "一致：两个区间都含0（未检测到效应）"),
    ("agree in size", "大小一致"),
    ("only one interval excludes 0", "仅一个区间不含0"),
    ("disagree: effects of opposite sign, both intervals exclude 0", "不一致：效应符号相反，且两个区间均不含0"),
    ("disagree in size: one estimate lies outside the other's interval (neither excludes 0)",
     "大小不一致：一个估计值落在另一个的区间之外（两个区间都含0）"),
    ("disagree in size: one estimate lies outside the other's interval", "大小不一致：一个估计值落在另一个的区间之外"),
    ("10 treated provinces and about 30 clusters: inference relies on the cluster bootstraps",
     "受政策省份10个，聚类约30个：推断依赖聚类自助法"),
    ("few treated clusters make any interval fragile", "受政策聚类少，任何区间都较脆弱"),
    ("partial treatment: the zone covers part of the province in Gansu, Tibet (Xizang)",
     "部分覆盖：在甘肃、西藏，试验区只覆盖省内部分地区"),
    ("a province dummy is a coarse proxy", "以省为单位的政策虚拟变量只是粗略代理"),
    ("anticipation: dates depend on the definition (decision, approval, inauguration)",
     "预期效应：实施日期取决于口径（决定、批复、揭牌）"),
    ("rerun with anticipation=1 or date_rule='calendar_year' to see how much that matters",
     "可用anticipation=1或date_rule='calendar_year'重新运行，看其影响多大"),
    ("years differ by outcome: NQPF index 2011-2019, R&D intensity 2011-2023, patents 2010-2023, "
     "GDP per person 2005-2024", "各结果变量年份不同：新质生产力指数2011–2019年，R&D经费投入强度2011–2023年，"
     "专利2010–2023年，人均GDP 2005–2024年"),
    # evaluate/policy/_did.py: _row (estimand, inference), honest_sensitivity; _inputs.py; _synth.py
    ("TWFE coefficient (biased under staggered heterogeneous effects)", "双向固定效应系数（分批实施且效应异质时有偏）"),
    ("TWFE coefficient per unit of intensity (biased under staggered heterogeneous effects)",
     "每单位政策强度的双向固定效应系数（分批实施且效应异质时有偏）"),
    ("cluster multiplier bootstrap, Webb weights, 999 draws, 31 clusters", "聚类乘数自助法，Webb权重，999次抽样，31个聚类"),
    ("controls: not-yet-treated", "对照组：尚未受政策地区"),
    ("se: GMM cluster-robust", "标准误：GMM聚类稳健"),
    ("ci, p: cluster multiplier bootstrap, Webb weights, 999 draws, 31 clusters",
     "区间与p值：聚类乘数自助法，Webb权重，999次抽样，31个聚类"),
    ("se, ci: CRV1, t(30)", "标准误与区间：CRV1，t(30)"),
    ("p: wild cluster bootstrap (WCR), Webb weights, 999 draws", "p值：野聚类自助法（WCR），Webb权重，999次抽样"),
    ("y: regions with gaps left out: Gansu, Tibet (Xizang)", "y：剔除有缺失年份的地区：甘肃、西藏"),
    ("y: treated after 2023, counted as not yet treated: Gansu (2024), Tibet (Xizang) (2025)",
     "y：2023年之后才受政策，计为尚未受政策：甘肃（2024年）、西藏（2025年）"),
    ("Gansu (2024)", "甘肃（2024年）"),
    ("y: HonestDiD needs at least two pre-treatment periods in the event study",
     "y：HonestDiD要求事件研究中至少有两个实施前时期"),
    ("no sensitivity analysis", "未做敏感性分析"),
    ("y: HonestDiD could not run (Inland provinces have no sea area.)", "y：HonestDiD无法运行（内陆省份没有管辖海域。）"),
    ("y: no synthetic control for Gansu (3 pre-treatment years, 12 donors; it needs 4 years and 2 "
     "donors)", "y：甘肃无合成控制（实施前3年，对照地区12个；至少需要4年和2个对照地区）"),
    # evaluate/partners/_model.py: _reasons
    ("relatedness 0.88 to its cultivate item ai_computing (rank 1; 1 = the catalogue industry "
     "closest to the profile)", "与其“培育壮大”清单第1项人工智能与算力的关联度0.88（1 = 与该产业结构最接近的目录产业）"),
    ("capability in the profile's sectors 0.77 (present: S35 (RCA 1.20); near: M72 (density 0.36))",
     "在相关行业的能力基础0.77（已具备：科学研究和技术服务（RCA 1.20）；相近：M72（关联密度0.36））"),
    ("present: S35 (RCA 1.20), M72 (RCA 1.01)", "已具备：科学研究和技术服务（RCA 1.20）、M72（RCA 1.01）"),
    ("near: S35 (density 0.30)", "相近：科学研究和技术服务（关联密度0.30）"),
    ("none of them present", "均不具备"),
    ("S35 (RCA 1.20)", "科学研究和技术服务（RCA 1.20）"),
    ("S35 (density 0.30)", "科学研究和技术服务（关联密度0.30）"),
    ("endowment fit 0.65 for ai_computing", "人工智能与算力的禀赋匹配度0.65"),
    ("the national portfolio places ai_computing here", "全国统筹将人工智能与算力布局于此"),
    ("the national portfolio does not place ai_computing here", "全国统筹未将人工智能与算力布局于此"),
    ("innovation hub (frontier)", "创新高地（前沿引领）"),
    ("inland, West", "内陆，西部"),
    ("related items: ai_computing (cultivate 1, 0.88)", "相关清单项：人工智能与算力（培育壮大第1项，0.88）"),
    ("related items: ai_computing (prepare 2, 0.70)", "相关清单项：人工智能与算力（前瞻布局第2项，0.70）"),
    ("ai_computing (cultivate 3, 0.92)", "人工智能与算力（培育壮大第3项，0.92）"),
    ("ai_computing (prepare 1, 1.00)", "人工智能与算力（前瞻布局第1项，1.00）"),
]
# fmt: on


@pytest.mark.parametrize(("english", "chinese"), EXAMPLES + SENTENCES)
def test_hand_examples(english: str, chinese: str) -> None:
    tr = Translator(NAMES, TEXTS)
    assert tr.sentence(english) == chinese
    assert tr.misses == []


def test_every_template_has_a_hand_example() -> None:
    for (source, english, _), (pattern, _, _) in zip(TEMPLATES, _zh._COMPILED, strict=True):
        assert any(pattern.fullmatch(e) for e, _ in EXAMPLES), (source, english)


# -- every branch the stages write, generated by the stage code itself ---------------------------
def test_stage_generated_branches_have_templates() -> None:
    from yindi.measures import stability
    from yindi.measures.allocation._explain import _sentence
    from yindi.stages.coordinate import Scenario
    from yindi.stages.plan.opportunities import _exclusions
    from yindi.stages.plan.paths import _fmt_opportunity

    texts: list[str] = []
    for rel in (
        stability.Reliability(
            year_spearman=0.4,
            median_rank_width=0.5,
            eigengap=0.95,
            income_spearman=0.0,
            n=31,
            income_n=31,
        ),
        stability.Reliability(
            year_spearman=-0.2, years=(2012, 2017), income_spearman=-0.3, n=31, income_n=30
        ),
    ):
        texts += rel.warnings()
    row = dict(
        feasibility=np.nan,
        attractiveness=0.5,
        upgrade=np.nan,
        reason="x; y",
        feasibility_rank=np.nan,
        regions_ranked=0,
        relatedness=np.nan,
        fit=np.nan,
        confidence=0.0,
        complexity=0.5,
        gain=np.nan,
        national_value=1.0,
        weakest="talent",
        weakest_score=0.2,
        strongest="income",
        strongest_score=0.9,
        checked=2,
    )
    for change in ({}, {"checked": 1}, {"weakest_score": 0.9}, {"weakest": ""}):
        texts.append(_fmt_opportunity(SimpleNamespace(**(row | change))))
    rule = ("i1", "max_mw", "above", 7.0, "Too risky; see the source.", "风险过高；见来源。")
    catalogue = SimpleNamespace(
        exclusions=pd.DataFrame(
            [rule], columns=["industry", "indicator", "op", "threshold", "reason", "reason_zh"]
        )
    )
    endowments = pd.DataFrame({"region": ["Gansu", "Tibet (Xizang)"], "max_mw": [7.9, np.nan]})
    texts += list(_exclusions(catalogue, endowments)["reason"])
    for kind, extra in (
        ("budget", {}),
        ("national", {}),
        ("hub_max", {}),
        ("participation_min", {"size": 0}),
        ("participation_min", {}),
        ("participation_max", {}),
        ("redundancy", {}),
        ("link", {}),
    ):
        for needed in (0.0, 2.0):
            fields = (
                dict(
                    kind=kind,
                    needed=needed,
                    limit=3.0,
                    resource="water",
                    region="Gansu",
                    industry="ai_computing",
                    group="West",
                    size=4,
                )
                | extra
            )
            texts.append(_sentence(SimpleNamespace(**fields)))
    constraints = pd.DataFrame(
        {
            "family": ["budgets"],
            "region": ["Gansu"],
            "resource": ["water"],
            "binding": [True],
            "name": ["budget[Gansu|water]"],
        }
    )
    scenario = Scenario(name="test", resources={"Gansu": {"water": 1.0}})
    texts.append(scenario.why_unchanged(constraints, {"Gansu"}))
    texts.append(scenario.why_unchanged(constraints.assign(binding=False), {"Gansu"}))
    tr = Translator(NAMES | {"x": "甲", "y": "乙"}, TEXTS)
    out = [tr.sentence(t) for t in texts]
    assert tr.misses == [] and not [z for z in out if ENGLISH_RUN.search(z)], out


def test_transform_and_gap_branches_from_tiny_inputs() -> None:
    """The high-carbon and unknown-density branches on tiny tables (as in tests/stages)."""
    from yindi.stages.plan.opportunities import opportunity_table
    from yindi.stages.plan.paths import PathOptions, region_paths

    values = {"A": [5, 4, 1, 1], "B": [1, 4, 4, 1], "C": [1, 1, 4, 4], "D": [4, 1, 1, 5]}
    panel = pd.DataFrame(
        [
            (r, a, 2017, float(v))
            for r, row in values.items()
            for a, v in zip("pqrs", row, strict=True)
        ],
        columns=["region", "activity", "year", "value"],
    )
    activities = pd.DataFrame(
        {
            "activity": list("pqrs"),
            "name_en": list("PQRS"),
            "name_zh": list("甲乙丙丁"),
            "group": ["mining"] * 4,
        }
    )
    carbon = pd.DataFrame(
        [
            ("A", "p", 1e-4, 1000.0),
            ("B", "p", 1e-3, 100.0),
            ("A", "q", 2e-4, 100.0),
            ("B", "q", 1e-4, 1000.0),
        ],
        columns=["region", "activity", "co2_mt", "gross_output_10k_cny"],
    )
    carbon["carbon_intensity"] = carbon["co2_mt"] * 1e6 / carbon["gross_output_10k_cny"]
    opp = pd.DataFrame(
        columns=[
            "region",
            "industry",
            "name_en",
            "name_zh",
            "stage",
            "feasibility",
            "attractiveness",
            "relatedness",
            "fit",
            "confidence",
            "complexity",
            "gain",
            "national_value",
            "excluded",
            "upgrade",
            "feasibility_rank",
            "regions_ranked",
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # four regions: a weak complexity signal, said elsewhere
        diagnosis = yindi.diagnose(panel)
    paths = region_paths(
        opp,
        pd.DataFrame({"region": list("ABCD"), "approach": "frontier"}),
        diagnosis,
        2017,
        activities,
        carbon,
        pd.DataFrame(columns=["activity", "direction_en", "direction_zh"]),
        pd.Series(0.0, index=list("ABCD")),
        PathOptions(transform_groups=("mining",)),
    )
    evidence = list(paths["evidence"])
    assert any("high-carbon sector nationally" in e for e in evidence)
    assert any("high carbon (" in e for e in evidence)
    # Unknown density and PCI (tests/stages/test_nan_handling.py, by hand).
    ra = pd.DataFrame(
        [
            ("A", "p", 1, 0.5, 1.0, 0.0),
            ("A", "q", 0, np.nan, 2.0, 0.5),
            ("A", "r", 0, np.nan, np.nan, np.nan),
        ],
        columns=["region", "activity", "mcp", "density", "pci", "cog"],
    ).assign(year=2017, value=1.0, rca=1.0)
    catalogue = SimpleNamespace(
        industries=pd.DataFrame(
            {
                "id": ["i1", "i3"],
                "name_en": ["One", "Three"],
                "name_zh": ["一", "三"],
                "stage": ["emerging", "future"],
                "national_value": [0.8, 1.0],
            }
        ),
        base_weights=pd.DataFrame(
            [("i1", "p", 0.5), ("i1", "q", 0.5), ("i3", "r", 1.0)],
            columns=["industry", "activity", "weight"],
        ),
    )
    fit = pd.DataFrame({"region": ["A", "A"], "industry": ["i1", "i3"]}).assign(
        fit=np.nan,
        confidence=0.0,
        excluded=False,
        reason="",
        weakest="",
        weakest_score=np.nan,
        strongest="",
        strongest_score=np.nan,
        checked=0,
    )
    reasons = list(
        opportunity_table(catalogue, SimpleNamespace(region_activity=ra), fit, 2017)["reason"]
    )
    assert any("no base sector has a PCI" in r for r in reasons)
    tr = Translator({"p": "甲", "q": "乙", "r": "丙"}, {})
    out = [tr.sentence(t) for t in evidence + reasons]
    assert tr.misses == [] and not [z for z in out if ENGLISH_RUN.search(z)], out


# -- (c) an unknown clause stays English and is listed -------------------------------------------
def test_unknown_clause_stays_english_and_is_listed() -> None:
    tr = Translator(NAMES, TEXTS)
    out = tr.sentence("RCA 1.03; a clause no stage writes; upgrade: An unknown direction")
    assert out == "RCA 1.03；a clause no stage writes；upgrade: An unknown direction"
    assert tr.misses == [
        "a clause no stage writes",
        "An unknown direction",
        "upgrade: An unknown direction",
    ]
    assert Translator({}, {}).sentence("Gansu, Nowhere") == "Gansu, Nowhere"


# -- (d) the same input gives the same output -----------------------------------------------------
def test_deterministic(china) -> None:
    plan, coordination = china
    sentences = _sentences(plan, coordination)[:400]
    first = [Translator(*lookups(plan)).sentence(s) for s in sentences]
    tr = Translator(*lookups(plan))
    assert [tr.sentence(s) for s in sentences] == first
    assert [tr.sentence(s) for s in sentences] == first


# -- vocabulary and catalogue ---------------------------------------------------------------------
def test_vocabulary_is_complete() -> None:
    from yindi.report._page import APPROACH_COLOURS, TRACKS, TYPE_COLOURS
    from yindi.stages.coordinate._config import FAMILIES, RESOURCES
    from yindi.stages.productivity.nqpf import DIMENSIONS, WEIGHTINGS

    words = [
        *TYPE_COLOURS,
        *APPROACH_COLOURS,
        *(t[0] for t in TRACKS),
        "emerging",
        "future",
        "sector",
        "East",
        "Central",
        "West",
        "Northeast",
        "coastal",
        "inland",
        "network",
        "reference",
        *RESOURCES,
        *FAMILIES,
        *DIMENSIONS,
        *WEIGHTINGS,
        "benefit",
        "cost",
    ]
    assert [w for w in words if w not in TERMS] == []
    assert set(QUALITIES) | set(RAW_INDICATORS) | set(INDICATOR_NAMES) <= set(_zh._ENDOWMENT_ZH)


def test_shipped_exclusions_carry_chinese_reasons() -> None:
    for path in (DEFAULT_CATALOGUE,):
        cat = load_catalogue(path)
        assert len(cat.exclusions) and cat.exclusions["reason_zh"].str.strip().all()


def _tiny(tmp_path: Path, exclusion: dict) -> Path:
    doc = yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    doc["industries"] = [dict(doc["industries"][0], exclusions=[exclusion])]
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_reason_zh_is_optional_and_must_be_text(tmp_path: Path) -> None:
    rule = {"indicator": "coastal", "below": 0.5, "reason": "on the coast"}
    assert load_catalogue(_tiny(tmp_path, rule)).exclusions["reason_zh"].tolist() == [""]
    got = load_catalogue(_tiny(tmp_path, rule | {"reason_zh": "沿海"})).exclusions
    assert got["reason_zh"].tolist() == ["沿海"]
    for bad in ("  ", 3):
        with pytest.raises(InputError, match="reason_zh"):
            load_catalogue(_tiny(tmp_path, rule | {"reason_zh": bad}))
