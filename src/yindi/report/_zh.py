"""Chinese for the sentences the stages generate (reasons, evidence, warnings, notes).

The stages write English sentences from a fixed set of clause templates joined by ``"; "``.
:class:`Translator` splits a sentence at those separators (outside parentheses), matches each
clause against an ordered table of templates (one per template in the stage code, the source
function named beside it) and fills the Chinese template: numbers are carried through as
written (``nan`` and ``unknown`` become 未知), names are looked up (region, industry, sector
and indicator names: ``names``), catalogue descriptions come from ``texts``, and the fixed
vocabulary (region types, approaches, tracks ...) from :data:`TERMS`. A clause no template
matches stays English and is recorded in ``misses``; nothing raises. Presentation only.

The report calls ``Translator(*lookups(result))`` (through ``_i18n.language``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from importlib.resources import files
from typing import Any

from yindi.data.endowments import INDICATOR_NAMES, QUALITIES, RAW_INDICATORS, plain_name
from yindi.report import _zh_evaluate as _evaluate

__all__ = ["TEMPLATES", "TERMS", "Translator", "lookups"]

#: The fixed vocabulary of the tables and sentences, English -> Chinese.
TERMS: dict[str, str] = {
    # region types (classify/_rules.py: classify)
    "innovation hub": "创新高地",
    "resource-based economy": "资源型地区",
    "old industrial base in transition": "转型中的老工业基地",
    "advanced-manufacturing base": "先进制造业基地",
    "ecological/agricultural zone": "生态/农业功能区",
    "diversified economy": "多元化经济地区",
    # Growth Lab strategic approaches (classify/_rules.py: _approach)
    "frontier": "前沿引领",
    "light touch": "轻度引导",
    "parsimonious": "就近拓展",
    "strategic bets": "战略跃升",
    "unknown": "未知",
    # tracks and stages (plan/paths.py; data/_catalogue_checks.py: STAGES)
    "transform": "改造提升",
    "cultivate": "培育壮大",
    "prepare": "前瞻布局",
    "emerging": "战略性新兴产业",
    "future": "未来产业",
    "sector": "行业",
    # macro-regions and location of the China dataset (datasets/china_provinces)
    "East": "东部",
    "Central": "中部",
    "West": "西部",
    "Northeast": "东北",
    "coastal": "沿海",
    "inland": "内陆",
    # complexity sources (plan/signal.py)
    "network": "本地网络测算",
    "reference": "外部参照",
    # resources, constraint families, solver status (coordinate)
    "water": "水资源",
    "energy": "能源",
    "carbon": "碳排放",
    "future items": "未来产业名额",
    "hub_max": "枢纽上限",
    "hubs": "枢纽数",
    "budgets": "资源预算",
    "participation": "项目数",
    "redundancy": "多大区布局",
    "tiers": "梯度门槛",
    "national": "全国预算",
    "gained": "新增",
    "lost": "失去",
    "optimal": "最优",
    "infeasible": "不可行",
    "time_limit": "达到时间上限",
    "low": "低",
    "medium": "中",
    "high": "高",
    # NQPF (productivity/nqpf.py)
    "new-type labourers": "新型劳动者",
    "new means of labour": "新型劳动资料",
    "new objects of labour": "新型劳动对象",
    "benefit": "正向",
    "cost": "逆向",
    "entropy": "熵权法",
    "critic": "CRITIC法",
    "equal": "维度内等权",
    "entropy_winsorised": "缩尾熵权法",
    "entropy_log": "对数熵权法",
    # what a ranked-last item lacks (plan/paths.py: _fmt_opportunity)
    "feasibility": "可行性",
    "attractiveness": "吸引力",
    "upgrade": "复杂度提升",
    # the pieces of a complexity source (plan/signal.py; stages' activity_complexity table)
    "PCI": "PCI",
    "COG": "COG",
}

#: Endowment qualities and raw indicators (data/endowments.py) by id, in Chinese.
_ENDOWMENT_ZH: dict[str, str] = {
    "cool_climate": "凉爽气候",
    "warm_climate": "温暖气候",
    "clean_power": "清洁电力",
    "power_surplus": "电力富余度",
    "seismic_stability": "地质稳定性",
    "water_abundance": "水资源禀赋",
    "land_availability": "土地资源",
    "rd_capacity": "研发投入",
    "talent": "研发人才",
    "innovation_output": "创新产出",
    "low_carbon": "低碳水平",
    "coastal_access": "沿海区位",
    "market_size": "市场规模",
    "income": "收入水平",
    "annual_mean_temp_c": "年平均气温（℃）",
    "cooling_degree_days": "制冷度日数",
    "clean_power_share": "清洁能源发电占比",
    "power_generation_to_consumption": "发电量与用电量之比",
    "mw55_events_per_10k_km2": "每万平方公里强震次数",
    "max_mw": "最强地震震级（Mw）",
    "water_per_capita_m3": "人均水资源量（立方米）",
    "land_per_capita_km2": "每万人土地面积（平方公里）",
    "rd_intensity_pct": "R&D经费投入强度（占GDP%）",
    "rd_personnel_per_10k": "每万人R&D人员",
    "invention_grants_per_10k": "每万人发明专利授权量",
    "carbon_intensity_t_per_10k_cny": "每万元GDP二氧化碳排放（吨）",
    "coastal": "沿海区位",
    "gdp_100m_cny": "GDP（亿元）",
    "gdp_per_capita_cny": "人均GDP（元）",
    "gdp_per_capita": "人均GDP",
    "gdp": "GDP",
    "population": "人口",
    "population_10k": "人口（万人）",
}
_ENDOWMENT_IDS = {*QUALITIES, *RAW_INDICATORS, *INDICATOR_NAMES}
#: The same by the words the sentences use (``plain_name``) and by id.
_PLAIN_ZH = {plain_name(k): v for k, v in _ENDOWMENT_ZH.items()} | _ENDOWMENT_ZH

_NUM = r"(?:[-+]?(?:\d[\d,]*(?:\.\d+)?|nan|inf)|unknown)"
#: What each kind of field matches; the text between fields is literal.
_FIELD = {"n": _NUM, "t": r".+", "c": r".+"}
_TOKEN = re.compile(r"\{(\w):(\w+)\}")

#: (source function, English template, Chinese template). Fields ``{kind:name}``: n number,
#: r name (region, industry, sector, group), l list of names, q quality or indicator, v term,
#: w list of terms, t catalogue text, c clause(s), k list of clauses, d region-year items.
# fmt: off
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    # classify/_rules.py: classify (types.reasons)
    ("classify", "R&D {n:a}% of GDP (>= {n:k} x median {n:m})", "R&D经费投入强度{a}%（≥中位数{m}%的{k}倍）"),
    ("classify", "{n:a} invention patents per 10k people (>= {n:k} x median {n:m})",
     "每万人发明专利授权{a}件（≥中位数{m}件的{k}倍）"),
    ("classify", "mining {n:a}% of gross output (>= {n:k} x median {n:m}%)",
     "采矿业占总产出{a}%（≥中位数{m}%的{k}倍）"),
    ("classify", "heavy industry {n:a}% of output (>= {n:k} x median {n:m}%), nominal GDP growth "
     "{n:g}% a year (< {n:s} x median {n:mg}%), ECI {n:e}",
     "重工业占产出{a}%（≥中位数{m}%的{k}倍），名义GDP年均增长{g}%（<中位数{mg}%的{s}倍），ECI {e}"),
    ("classify", "manufacturing {n:a}% of output (>= median {n:m}%) and ECI {n:e} (>= {n:t})",
     "制造业占产出{a}%（≥中位数{m}%），ECI {e}（≥{t}）"),
    ("classify", "R&D {n:a}% of GDP", "R&D经费投入强度{a}%"),
    ("classify", "R&D intensity unknown", "R&D经费投入强度未知"),
    ("classify", "agriculture {n:a}% of output (median {n:m}%)", "农业占产出{a}%（中位数{m}%）"),
    ("classify", "{n:a} km2 per 10k people (median {n:m})", "每万人土地面积{a}平方公里（中位数{m}）"),
    ("classify", "no specialised rule holds", "不符合任何专门类型规则"),
    ("classify", "approach from ECI {n:e}, COI {n:c}", "发展策略依据ECI {e}、COI {c}"),
    # plan/_model.py: plan (types.reasons, NQPF)
    ("plan", "NQPF {n:y} {n:v} (rank {n:k} of {n:n}: {l:names} without an index)",
     "{y}年新质生产力指数{v}（{n}个地区中居第{k}位；{names}无指数）"),
    ("plan", "NQPF {n:y} {n:v} (rank {n:k} of {n:n})", "{y}年新质生产力指数{v}（{n}个地区中居第{k}位）"),
    ("plan", "NQPF {n:y}: no index (data missing)", "{y}年新质生产力指数：无（数据缺失）"),
    # plan/paths.py: _transform (paths.evidence, transform)
    ("_transform", "RCA {n:a}", "RCA {a}"),
    ("_transform", "{n:a}% of the region's output", "占本地区产出{a}%"),
    ("_transform", "complexity {n:c}", "复杂度{c}"),
    ("_transform", "low complexity (below the median sector's {n:m})", "复杂度偏低（低于行业中位数{m}）"),
    ("_transform", "high carbon ({n:o} t CO2 per 10k CNY of output here, {n:n} for the sector "
     "nationally)", "高碳（本地区每万元产出排放CO₂ {o}吨，该行业全国为{n}吨）"),
    ("_transform", "high-carbon sector nationally ({n:n} t CO2 per 10k CNY of output; no figure for "
     "this region)", "全国层面属高碳行业（每万元产出排放CO₂ {n}吨；本地区无数据）"),
    ("_transform", "upgrade: {t:text}", "升级方向：{text}"),
    # plan/paths.py: _fmt_opportunity, _standing, candidates (paths.evidence, cultivate/prepare)
    ("_fmt_opportunity", "ranked last: {w:what} unknown ({c:why})", "排序置后：{what}未知（{why}）"),
    ("_fmt_opportunity", "ranked last: {w:what} unknown", "排序置后：{what}未知"),
    ("_standing", "rank {n:k} of {n:n} regions by feasibility", "可行性在{n}个地区中居第{k}位"),
    ("_standing", "national rank by feasibility unknown", "可行性全国排名未知"),
    # evaluate/plans/_model.py: _reason (bubble check of declared priorities)
    ("_reason", "rank {n:k} of {n:n} regions by feasibility ({n:f})", "可行性在{n}个地区中居第{k}位（{f}）"),
    ("_reason", "endowment fit {n:f}", "禀赋匹配度{f}"),
    ("_reason", "weakest requirement {q:q} {n:s}", "最弱条件{q}（{s}）"),
    ("_reason", "endowment fit unknown (no requirement has data)", "禀赋匹配度未知（各项条件均无数据）"),
    ("_reason", "declared by {n:d} of {n:n} regions", "{n}个地区中有{d}个提出"),
    ("_reason", "hub limit unknown", "枢纽上限未知"),
    ("_reason", "declared by {n:d} of {n:n} regions against {n:h} hubs the coordination supports",
     "{n}个地区中有{d}个提出，而全国统筹仅支持{h}个枢纽"),
    ("_reason", "within them", "位列其内"),
    ("_reason", "{n:k}st best placed of the declarers, beyond them", "在提出地区中条件居第{k}位，超出枢纽数"),
    ("_reason", "{n:k}nd best placed of the declarers, beyond them", "在提出地区中条件居第{k}位，超出枢纽数"),
    ("_reason", "{n:k}rd best placed of the declarers, beyond them", "在提出地区中条件居第{k}位，超出枢纽数"),
    ("_reason", "{n:k}th best placed of the declarers, beyond them", "在提出地区中条件居第{k}位，超出枢纽数"),
    ("_reason", "in the plan's {v:t} list (rank {n:k})", "列入本规划“{t}”清单（第{k}位）"),
    ("_reason", "not in the plan's cultivate or prepare lists", "未列入本规划的培育或前瞻清单"),
    ("_reason", "the national portfolio places it here", "全国统筹布局于此"),
    ("_reason", "the national portfolio places it elsewhere", "全国统筹布局于他处"),
    ("_reason", "not a candidate of the national portfolio (fails the plan's track rules)",
     "不是全国统筹的候选（不符合本规划的清单规则）"),
    ("_reason", "declared only through a broad term", "仅以宽泛表述提出"),
    ("_fmt_opportunity", "feasibility {n:f} (related capabilities {n:r}, endowment fit {n:e} at "
     "confidence {n:c}%)", "可行性{f}（关联能力{r}，禀赋匹配度{e}，置信度{c}%）"),
    ("_fmt_opportunity", "attractiveness {n:a} (complexity {n:c}, gain {n:g}, national value {n:v})",
     "吸引力{a}（复杂度{c}，复杂度增益{g}，国家战略价值{v}）"),
    ("_fmt_opportunity", "complexity vs current {n:u}", "复杂度较现有结构变化{u}"),
    ("_fmt_opportunity", "the only endowment with data: {q:q} ({n:s})", "唯一有数据的禀赋：{q}（{s}）"),
    ("_fmt_opportunity", "every endowment checked scores {n:s}", "所检验的禀赋得分均为{s}"),
    ("_fmt_opportunity", "best endowment {q:q} ({n:s}), weakest {q:p} ({n:w})",
     "最强禀赋{q}（{s}），最弱禀赋{p}（{w}）"),
    ("candidates", "approach unknown weights feasibility {n:w}", "发展策略未知，可行性权重{w}"),
    ("candidates", "approach {v:a} weights feasibility {n:w}", "“{a}”策略下可行性权重{w}"),
    ("candidates", "innovation capacity {n:c} (>= {n:t})", "创新能力{c}（≥{t}）"),
    # plan/opportunities.py: _exclusions, _gap_notes (opportunities.reason, endowment_fit.reason)
    ("_exclusions", "{q:q} unknown: exclusion rule not checked", "{q}未知：未检验排除规则"),
    ("_exclusions", "excluded: {q:q} = {n:v} is below {n:t} ({t:why})", "已排除：{q}为{v}，低于{t}（{why}）"),
    ("_exclusions", "excluded: {q:q} = {n:v} is above {n:t} ({t:why})", "已排除：{q}为{v}，高于{t}（{why}）"),
    ("_gap_notes", "related capability unknown: no relatedness density for absent base sector(s) "
     "{l:s} (related to no other activity)", "关联能力未知：缺失的基础部门{s}无关联密度（与其他活动均无关联）"),
    ("_gap_notes", "{v:w} unknown for base sector(s) {l:s}: {v:x} of the others ({n:p}% of the "
     "weight) used", "基础部门{s}的{w}未知：采用其余部门的{x}（占权重{p}%）"),
    ("_gap_notes", "{v:w} unknown for base sector(s) {l:s}: no base sector has a {v:x}",
     "基础部门{s}的{w}未知：所有基础部门均无{x}"),
    # measures/stability.py: Reliability._stability_failures, _validity_failures (warnings)
    ("_stability_failures", "region complexity ranks change between {n:a} and {n:b} (rank "
     "correlation {n:r}, needs >= {n:t})", "地区复杂度排名在{a}年至{b}年间变动较大（秩相关系数{r}，要求≥{t}）"),
    ("_stability_failures", "region complexity ranks change from one year to the next (rank "
     "correlation {n:r}, needs >= {n:t})", "地区复杂度排名逐年变动较大（秩相关系数{r}，要求≥{t}）"),
    ("_stability_failures", "region complexity ranks are uncertain: resampling the activities, a "
     "typical region's rank range spans {n:p}% of the {n:n} regions (needs <= {n:q}%)",
     "地区复杂度排名不确定：对产业活动重抽样后，典型地区的排名区间覆盖{n}个地区中的{p}%（要求≤{q}%）"),
    ("_stability_failures", "the complexity ranking rests on a weak signal: the third eigenvalue is "
     "{n:x} times the second (needs <= {n:t})", "复杂度排名所依据的信号较弱：第三特征值为第二特征值的{x}倍（要求≤{t}）"),
    ("_validity_failures", "complexity falls as income per head rises (rank correlation {n:r} over "
     "{n:n} regions, needs > {n:t})", "复杂度随人均收入上升而下降（{n}个地区的秩相关系数{r}，要求>{t}）"),
    ("_validity_failures", "complexity barely rises with income per head (rank correlation {n:r} "
     "over {n:n} regions, needs > {n:t})", "复杂度几乎不随人均收入上升（{n}个地区的秩相关系数{r}，要求>{t}）"),
    # plan/signal.py: choose_signal (options["complexity_why"]) and the activity_complexity source
    ("choose_signal", "external reference (world-trade product complexity mapped to the "
     "activities), because the network's own {c:why}",
     "外部参照复杂度（将世界贸易产品复杂度映射到各产业活动），原因是本地网络测算中{why}"),
    ("choose_signal", "external reference (world-trade product complexity mapped to the activities)",
     "外部参照复杂度（将世界贸易产品复杂度映射到各产业活动）"),
    ("choose_signal", "the network's own (eigenvector, Stata convention)", "本地网络测算的复杂度（特征向量法，Stata口径）"),
    ("choose_signal", "UNRELIABLE: {c:why}", "不可靠：{why}"),
    ("choose_signal", "no reference complexity for these activities", "这些产业活动没有外部参照复杂度"),
    ("choose_signal", "the reference failed its checks too", "外部参照同样未通过检验"),
    ("choose_signal", "network (eigenvector PCI)", "本地网络测算（特征向量法PCI）"),
    ("reference_table", "yindi PCI (eigenvector, Stata convention) on world trade {r:code}",
     "基于世界贸易{code}数据的yindi PCI（特征向量法，Stata口径）"),
    ("reference_table", "WITS/UNSD concordances", "WITS/UNSD对照表"),
    # plan/standing.py: standing_table (standing.without); a list of names is matched last
    ("standing_table", "{n:n} regions", "{n}个地区"),
    # coordinate/_model.py: _allocation (allocation.reason); _budgets.py: budget_table (note)
    ("_allocation", "kept: in the region's own top picks and in the national portfolio",
     "保留：既在本地区自选前列，也在全国布局之中"),
    ("_allocation", "added: the national portfolio places it here", "新增：全国统筹布局安排于此"),
    ("_allocation", "moved: left to regions better placed, or beyond a limit (hubs, budget)",
     "调出：让位于条件更优的地区，或超出限额（枢纽数、资源预算）"),
    ("_allocation", "not selected", "未入选"),
    ("budget_table", "no data: not limited", "无数据：不设限"),
    # measures/allocation/_explain.py: _sentence, _pair_sentences; coordinate/_model.py: _solve
    ("_sentence", "the national {v:res} budget ({n:lim}) is {n:need} short", "全国{res}预算（{lim}）缺口{need}"),
    ("_sentence", "the national {v:res} budget ({n:lim}) is part of the conflict",
     "全国{res}预算（{lim}）是冲突的一部分"),
    ("_sentence", "the {v:res} budget of {r:r} ({n:lim}) is {n:need} short", "{r}{res}预算（{lim}）缺口{need}"),
    ("_sentence", "the {v:res} budget of {r:r} ({n:lim}) is part of the conflict",
     "{r}{res}预算（{lim}）是冲突的一部分"),
    ("_sentence", "at most {n:lim} regions may host {r:i}", "{i}至多布局于{lim}个地区"),
    ("_sentence", "{n:need} more would be needed", "尚需再增加{need}个"),
    ("_sentence", "{r:r} has no eligible industry but must receive at least {n:lim}",
     "{r}没有符合条件的产业，但须至少获得{lim}项"),
    ("_sentence", "{r:r} must receive at least {n:lim} industries", "{r}须至少获得{lim}项产业"),
    ("_sentence", "only {n:x} can be given", "仅能安排{x}项"),
    ("_sentence", "{r:r} may receive at most {n:lim} industries", "{r}至多获得{lim}项产业"),
    ("_sentence", "{r:i} must be present in at least {n:lim} macro-regions", "{i}须布局于至少{lim}个大区"),
    ("_sentence", "only {n:x} can be reached", "仅能覆盖{x}个"),
    ("_sentence", "{r:i} counts as present in {r:g} only if a region of it hosts it",
     "仅当{g}有地区承接时，{i}才算在该大区布局"),
    ("_pair_sentences", "at most {n:h} hubs for {r:i} but at least {n:m} macro-regions required",
     "{i}至多设{h}个枢纽，但须覆盖至少{m}个大区"),
    ("_solve", "{r:r} may take at most {n:lim} future industries", "{r}至多布局{lim}项未来产业"),
    # measures/allocation/_problem.py: _block, coordinate/_model.py: _future_rows (constraint names)
    ("_block", "hub_max[{r:i}]", "{i}枢纽上限"),
    ("_block", "budget[{r:r}|{v:res}]", "{r}{res}预算"),
    ("_block", "participation_min[{r:r}]", "{r}项目数下限"),
    ("_block", "participation_max[{r:r}]", "{r}项目数上限"),
    ("_block", "link[{r:g}|{r:i}]", "{i}在{g}的布局判定"),
    ("_block", "redundancy[{r:i}]", "{i}多大区布局要求"),
    ("_block", "national[{v:res}]", "全国{res}预算"),
    ("_future_rows", "future_max[{r:r}]", "{r}未来产业上限"),
    # coordinate/_model.py: coordinate; _scenarios.py: Scenario.why_unchanged (scenarios.change)
    ("coordinate", "no change: {c:why}", "无变化：{why}"),
    ("why_unchanged", "the {w:res} budgets of {l:r} had room left in the base allocation, so more "
     "of it attracts no further hub", "{r}的{res}预算在基准方案中尚有余量，增加该资源不会吸引更多枢纽"),
    ("why_unchanged", "other limits (hubs per industry, items per region, better-placed regions) "
     "decide", "起决定作用的是其他限制（各产业枢纽数、各地区项目数、条件更优的地区）"),
    ("why_unchanged", "{k:names} bound, but the extra room does not make a better allocation "
     "possible under the other limits", "{names}已达上限，但在其他限制下，新增余量无法带来更优方案"),
    # productivity/_model.py: productivity, _efficiency (ProductivityResult.notes)
    ("productivity", "no NQPF index for {n:n} region-years lacking data ({l:r})",
     "{n}个地区-年份因数据缺失而无新质生产力指数（{r}）"),
    ("productivity", "the table nqpf_missing lists what each lacks", "各地区-年份缺少的指标见表nqpf_missing"),
    ("productivity", "DEA leaves out {n:n} region-years with a missing or non-positive input or "
     "output ({d:items})", "DEA剔除了{n}个投入或产出缺失或非正的地区-年份（{items}）"),
    ("_efficiency", "no DEA scores for {n:y}: {n:n} region(s) with complete, positive data, {n:m} "
     "needed ({n:k} inputs and outputs + 1)", "{y}年无DEA得分：数据完整且为正的地区仅{n}个，需要{m}个（{k}项投入产出指标+1）"),
    ("productivity", "TFP growth accounting needs real output, investment and employment by region "
     "and year, which the embedded data lack", "TFP增长核算需要分地区、分年份的实际产出、投资和就业数据，内置数据中没有"),
    ("productivity", "give them as a growth table (yindi productivity --growth FILE)",
     "可作为增长表提供（yindi productivity --growth FILE）"),
    # productivity/_model.py: productivity, nqpf.py: income_bands (peer_weak_points.peer_group)
    ("income_bands", "low income", "低收入组"),
    ("income_bands", "middle income", "中等收入组"),
    ("income_bands", "high income", "高收入组"),
    ("income_bands", "band {n:k} income", "第{k}收入组"),
)
# fmt: on
# The evaluate stage's sentences and words (report/_zh_evaluate.py), after the others.
TEMPLATES += _evaluate.TEMPLATES
for _term, _zh_term in _evaluate.TERMS.items():
    TERMS.setdefault(_term, _zh_term)


def _compile(english: str) -> re.Pattern[str]:
    parts, at = [], 0
    for token in _TOKEN.finditer(english):
        parts.append(re.escape(english[at : token.start()]))
        kind, name = token.groups()
        parts.append(f"(?P<{name}>{_FIELD.get(kind, r'.+?')})")
        at = token.end()
    parts.append(re.escape(english[at:]))
    return re.compile("".join(parts))


#: (compiled English, kind of each field, Chinese), in the order of :data:`TEMPLATES`.
_COMPILED = [(_compile(en), {n: k for k, n in _TOKEN.findall(en)}, zh) for _, en, zh in TEMPLATES]
_LATIN = re.compile(r"[A-Za-z]")
_MARK = re.compile("\ue000(\\d+)\ue001")  # a protected catalogue text


def _split(text: str, sep: str = "; ") -> list[str]:
    """``text`` cut at ``sep`` outside parentheses and brackets."""
    out, depth, start, k = [], 0, 0, 0
    while k < len(text):
        if text[k] in "([":
            depth += 1
        elif text[k] in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(sep, k):
            out.append(text[start:k])
            start = k = k + len(sep)
            continue
        k += 1
    return [*out, text[start:]]


def _number(value: str) -> str:
    return "未知" if value in ("nan", "unknown", "-nan", "+nan") else value


class Translator:
    """Translate the stages' English sentences into Chinese, clause by clause.

    Parameters
    ----------
    names : mapping
        English (or id) -> Chinese for the names inside sentences: regions, industries (id and
        English name), sectors, NQPF indicators. A name without Chinese may map to itself.
    texts : mapping
        English -> Chinese for the catalogue texts inside sentences (upgrade directions,
        exclusion reasons, scenario names).

    Attributes
    ----------
    misses : list of str
        Every clause (or catalogue text) left in English since the list was last cleared.
    """

    def __init__(self, names: Mapping[str, str], texts: Mapping[str, str]) -> None:
        self.names = {str(k): str(v) for k, v in names.items() if str(v)}
        self.texts = {str(k): str(v) for k, v in texts.items() if str(v)}
        # Texts that contain the separator are protected before a sentence is cut; longest
        # first, so a text inside a longer one is not taken apart.
        self._protected = sorted((t for t in self.texts if "; " in t), key=len, reverse=True)
        self.misses: list[str] = []
        self._fields: dict[str, Callable[[str], str | None]] = {
            "n": _number,
            "r": self._name,
            "l": lambda s: self._name_list(s, strict=False),
            "q": lambda s: _PLAIN_ZH.get(s),
            "v": lambda s: TERMS.get(s),
            "w": self._term_list,
            "t": self._text,
            "c": self._sentence,
            "k": lambda s: "、".join(self._clause(x) for x in _split(s, ", ")),
            "d": self._region_years,
        }

    def sentence(self, text: str) -> str:
        """``text`` in Chinese; a clause without a template stays English (``misses``)."""
        raw = str(text).strip()
        if not raw:
            return ""
        for table in (TERMS, _PLAIN_ZH, self.names, self.texts):
            if raw in table:
                return table[raw]
        for k, protected in enumerate(self._protected):
            raw = raw.replace(protected, f"\ue000{k}\ue001")
        return self._restore(self._sentence(raw), zh=True)

    def _sentence(self, text: str) -> str:
        return "；".join(self._clause(c) for c in _split(text))

    def _clause(self, clause: str) -> str:
        clause = clause.strip()
        whole = self._restore(clause, zh=False)
        if not clause or not _LATIN.search(whole):
            return clause  # empty, a number, or already Chinese
        for table in (TERMS, self.names, self.texts):
            if whole in table:
                return table[whole]
        if _MARK.fullmatch(clause):
            return clause
        for pattern, kinds, zh in _COMPILED:
            match = pattern.fullmatch(clause)
            if match is None:
                continue
            values = {k: self._fields[kinds[k]](v) for k, v in match.groupdict().items()}
            if all(v is not None for v in values.values()):
                return zh.format(**values).replace("未知%", "未知")
        listed = self._name_list(clause, strict=True)  # standing.without, duplication
        if listed is not None:
            return listed
        self.misses.append(whole)
        return clause

    def _restore(self, text: str, *, zh: bool) -> str:
        def one(match: re.Match[str]) -> str:
            english = self._protected[int(match.group(1))]
            return self.texts[english] if zh else english

        return _MARK.sub(one, text)

    def _name(self, name: str) -> str:
        return self.names.get(name, TERMS.get(name, name))

    def _name_list(self, text: str, *, strict: bool) -> str | None:
        """Names joined by 、; ``strict``: None unless every item is a known name."""
        items = [self.names.get(x, None if strict else TERMS.get(x, x)) for x in text.split(", ")]
        if any(x is None for x in items):
            return None
        # A name that holds the list mark itself (交通运输、仓储和邮政) is quoted.
        return "、".join(f"“{x}”" if "、" in str(x) and len(items) > 1 else str(x) for x in items)

    def _term_list(self, text: str) -> str | None:
        items = [TERMS.get(x) for x in re.split(r", | and ", text)]
        return None if any(x is None for x in items) else "、".join(map(str, items))

    def _text(self, text: str) -> str | None:
        whole = self._restore(text, zh=False)
        if _MARK.fullmatch(text):
            return text  # restored to Chinese at the end
        zh = self.texts.get(whole)
        if zh is None:
            self.misses.append(whole)
        return zh

    def _region_years(self, text: str) -> str:
        items = _split(text, ", ")
        more = items[-1] == "..."
        parts = []
        for item in items[:-1] if more else items:
            region, _, year = item.rpartition(" ")
            parts.append(f"{self._name(region)}{year}年" if year.isdigit() else self._name(item))
        return "、".join(parts) + ("等" if more else "")


def _pairs(frame: Any, key: str, value: str) -> dict[str, str]:
    """``key -> value`` of a table, the key itself where the value is missing or empty."""
    if frame is None or key not in getattr(frame, "columns", ()):
        return {}
    values = frame[value] if value in frame.columns else frame[key]
    out = {}
    for k, v in zip(frame[key].astype(str), values, strict=True):
        text = "" if v is None or v != v else str(v).strip()  # v != v: NaN
        out[k] = text or k
    return out


def lookups(result: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The ``names`` and ``texts`` a :class:`Translator` needs, read from a plan result.

    Names: regions (``regions.name_zh``; a region without Chinese keeps its id), sectors by id
    and English name (``activities.name_zh``), industries by id and English name
    (``catalogue.industries.name_zh``), NQPF indicators (``productivity.weights.name_zh``).
    Texts: the catalogue's upgrade directions (``direction_zh``), exclusion reasons
    (``reason_zh``) and the shipped scenarios' names (``name_zh``).
    """
    names = _pairs(result.regions, "region", "name_zh")
    for frame, key in ((result.activities, "activity"), (result.catalogue.industries, "id")):
        names |= _pairs(frame, key, "name_zh") | _pairs(frame, "name_en", "name_zh")
    prod = getattr(result, "productivity", None)
    if prod is not None:
        names |= _pairs(prod.weights, "id", "name_zh")
    cat = result.catalogue
    texts = _pairs(cat.upgrades, "direction_en", "direction_zh")
    texts |= _pairs(cat.exclusions, "reason", "reason_zh")
    texts = {k: v for k, v in texts.items() if v != k}  # no Chinese: not a translation
    from yindi.stages.coordinate import Scenario  # the shipped what-ifs, by their names

    for path in (files("yindi.datasets") / "catalogues" / "scenarios").iterdir():
        if path.name.endswith(".yaml"):
            scenario = Scenario.load(str(path))
            if scenario.name_zh:
                texts[scenario.name] = scenario.name_zh
    return names, texts
