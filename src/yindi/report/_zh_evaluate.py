"""Chinese for the evaluate report: its own words (``UI``) and the evaluate stage's sentences
(``TEMPLATES``, clause templates in the format of ``_zh.TEMPLATES``, the source function
named beside each). ``_zh_ui`` and ``_zh`` add them to their tables. Presentation only.
"""

from __future__ import annotations

__all__ = ["TEMPLATES", "TERMS", "UI"]

# fmt: off
UI: dict[str, str] = {
    # page
    "yindi evaluate policy": "yindi 政策评估",
    "yindi evaluate plans": "yindi 规划评估",
    "yindi evaluate partners": "yindi 合作伙伴匹配",
    "yindi — did the policy work?": "yindi —— 政策是否见效？",
    "yindi — declared priorities: where plans pile up": "yindi —— 各地提出的重点产业：规划扎堆在哪里",
    "yindi — where can a partner fit?": "yindi —— 合作伙伴适合落在哪里？",
    # policy (report/_policy.py)
    "Did the policy work?": "政策是否见效？",
    "Policy": "政策",
    "Outcome": "结果变量",
    (
        "Effects of the policy on each outcome. Callaway-Sant'Anna and did2s are robust to "
        "staggered starts and effects that change over time; they should agree. Two-way fixed "
        "effects is shown for reference only (biased when effects differ across cohorts). The "
        "event study shows the effect by year relative to the start: before the start it should "
        "be near 0 (parallel trends). Synthetic control compares one treated region with a "
        "weighted mix of untreated ones; the grey lines are the same fit for each untreated "
        "region (placebos)."
    ): (
        "政策对各结果变量的效应。Callaway-Sant'Anna与did2s两种估计量适用于分批实施、效应随时间变化"
        "的情形，二者应当一致。双向固定效应仅作参照（各批次效应不同时有偏）。事件研究给出相对实施"
        "年份的逐年效应：实施前应接近0（平行趋势）。合成控制法以未受政策地区的加权组合对照一个受"
        "政策地区；灰线是对每个未受政策地区做同样拟合的结果（安慰剂）。"
    ),
    "Callaway-Sant'Anna": "Callaway-Sant'Anna",
    "did2s (two-stage)": "did2s（两阶段）",
    "event study (two-stage)": "事件研究（两阶段）",
    "two-way fixed effects (reference only)": "双向固定效应（仅作参照）",
    "synthetic control": "合成控制",
    "estimator": "估计量",
    "estimate": "估计值",
    "standard error": "标准误",
    "interval from": "区间下限",
    "interval to": "区间上限",
    "p-value": "p值",
    "treated regions": "受政策地区数",
    "regions": "地区数",
    "years": "年份",
    "estimand": "估计对象",
    "inference": "推断方法",
    "package": "软件包",
    "Do the robust estimators agree?": "两种稳健估计量是否一致？",
    "{outcome}: effect by year relative to the start ({level} intervals)": (
        "{outcome}：相对实施年份的逐年效应（{level}置信区间）"
    ),
    "years since the start": "距实施年数",
    "effect": "效应",
    "placebos (untreated regions)": "安慰剂（未受政策地区）",
    "{outcome}, {region}: gap to its synthetic control (start {year})": (
        "{outcome}，{region}：与其合成控制的差距（{year}年实施）"
    ),
    "year": "年份",
    "actual - synthetic": "实际值 − 合成值",
    "Synthetic control (in-space placebos)": "合成控制（空间安慰剂检验）",
    (
        "Gap = actual minus synthetic. p-value: the treated region's rank among all placebos "
        "by the ratio of post- to pre-treatment fit error (smallest possible: 1 / (placebos + 1))."
    ): (
        "差距 = 实际值减合成值。p值：按实施后与实施前拟合误差之比，受政策地区在全部安慰剂中的"
        "排位（最小可能值：1 /（安慰剂数 + 1））。"
    ),
    "region": "地区",
    "start": "实施年份",
    "mean gap after the start": "实施后平均差距",
    "fit error before": "实施前拟合误差",
    "error ratio after / before": "实施后/实施前误差比",
    "placebo p-value": "安慰剂p值",
    "placebos": "安慰剂数",
    "synthetic control: donors and weights": "合成控制：对照地区及权重",
    "Pre-trends: joint test that every effect before the start is 0": "事前趋势：实施前各期效应均为0的联合检验",
    "years before the start tested": "检验的实施前年数",
    "clusters - 1": "聚类数 − 1",
    "parallel trends": "平行趋势",
    "Sensitivity to violations of parallel trends": "对平行趋势偏离的敏感性",
    (
        "HonestDiD (relative magnitudes): intervals that stay valid if parallel trends fails after "
        "the start by up to M times the largest violation before it. Breakdown M: the smallest M "
        "whose interval covers 0."
    ): (
        "HonestDiD（相对幅度法）：若实施后对平行趋势的偏离不超过实施前最大偏离的M倍，这些区间"
        "仍然有效。临界M：区间开始覆盖0的最小M。"
    ),
    "Breakdown M: {m}.": "临界M：{m}。",
    "Breakdown M: none of the M tried (the interval excludes 0 for all).": (
        "临界M：所试的M均未达到（各区间都不含0）。"
    ),
    "robust interval from": "稳健区间下限",
    "robust interval to": "稳健区间上限",
    "excludes 0": "不含0",
    "Caveats": "注意事项",
    "Messages of the estimation packages (as written)": "估计软件包的提示（原文）",
    # partners (report/_partners.py)
    "Where can a partner fit?": "合作伙伴适合落在哪里？",
    (
        "Regions whose cultivate and prepare lists relate to the profile. Score of a list item = "
        "{weights}, over the parts that are known; a region's score is its best item's. Coastal "
        "and inland regions are ranked side by side, so the inland centres are not hidden behind "
        "the coastal hubs."
    ): (
        "培育清单和前瞻清单与该合作方产业结构相关的地区。清单项得分 = {weights}，只计已知部分；"
        "地区得分取其最佳一项。沿海与内陆地区并列排序，内陆中心不会被沿海枢纽挡在后面。"
    ),
    "relatedness": "关联度",
    "capability": "能力基础",
    "fit": "禀赋匹配度",
    "allocation": "统筹布局",
    "The best of each group side by side": "各组最佳地区并列",
    "score": "得分",
    "best item": "最佳一项",
    "Partner score of each region (its best cultivate or prepare item)": "各地区的合作匹配得分（其最佳培育或前瞻项）",
    "partner score": "匹配得分",
    "rank": "排名",
    "0.8 or more": "0.8及以上",
    "0.7-0.8": "0.7–0.8",
    "0.6-0.7": "0.6–0.7",
    "0.5-0.6": "0.5–0.6",
    "under 0.5": "低于0.5",
    "No boundaries given: the map is left out.": "未提供边界：略去地图。",
    "Regions ranked, with the reasons": "地区排序及理由",
    "group": "分组",
    "rank in group": "组内排名",
    "type": "类型",
    "list": "清单",
    "endowment fit": "禀赋匹配度",
    "placed by coordination": "全国统筹布局于此",
    "why": "理由",
    "Catalogue industries closest to the profile": "与该产业结构最接近的目录产业",
    "industry": "产业",
    "stage": "阶段",
    "direct overlap": "直接重合度",
    "How the profile was read": "产业结构的识别方式",
    "line": "行",
    "input": "输入",
    "read as": "识别为",
    "sector": "行业",
    "share": "占比",
    "all": "全部",
    # plans (report/evaluate_report.py)
    "Terms that match no industry": "未能对应到任何产业的表述",
    (
        "Quoted as the file writes them, with the closest entries of the term dictionary and their "
        "similarity (0-1). Add a synonym to the dictionary (--terms FILE) to map one."
    ): (
        "按文件原文列出，附术语词典中最接近的条目及其相似度（0–1）。在词典中加入同义词"
        "（--terms FILE）即可对应。"
    ),
    "closest candidates": "最接近的候选",
    (
        "Industries the regions' own plans name (as the declared-priorities file gives them, "
        "mapped to the catalogue), against the hubs the national coordination supports. Risk = "
        "0.4 x the region's national standing by feasibility (0 best placed, 1 last) + 0.3 x "
        "(1 - endowment fit) + 0.3 x crowding (the share of declarers beyond the hub limit, for a "
        "region placed beyond it), over the parts that are known; a declaration the catalogue "
        "rules out comes first. {covered} of {regions} regions are in the file, so the counts "
        "understate the pile-up."
    ): (
        "各地自身规划提出的产业（按所提供的重点产业文件，已对应到产业目录），与全国统筹所支持的"
        "枢纽数对照。风险 = 0.4 × 该地区可行性全国排位（0为条件最好，1为最差）+ 0.3 ×（1 − 禀赋"
        "匹配度）+ 0.3 × 拥挤度（对排位超出枢纽上限的地区，为超出上限的提出地区占比），只计已知"
        "部分；产业目录排除的提出项排在最前。文件覆盖{regions}个地区中的{covered}个，因此扎堆"
        "程度被低估。"
    ),
    "none: every term matched": "无：所有表述均已对应",
}

#: The evaluate stage's fixed words (estimator notes, groups), English -> Chinese.
TERMS: dict[str, str] = {
    "all": "全部",
    "not-yet-treated": "尚未受政策地区",
    "never-treated": "从未受政策地区",
    "ATT over treated region-years": "受政策地区-年份的平均处理效应（ATT）",
    "relative magnitudes (average post-period effect)": "相对幅度法（实施后平均效应）",
}

TEMPLATES: tuple[tuple[str, str, str], ...] = (
    # evaluate/policy/_model.py: _agreement (agreement.verdict)
    ("_agreement", "agree: both positive and their {n:c}% intervals exclude 0", "一致：二者均为正，且{c}%置信区间均不含0"),
    ("_agreement", "agree: both negative and their {n:c}% intervals exclude 0", "一致：二者均为负，且{c}%置信区间均不含0"),
    ("_agreement", "agree: neither interval excludes 0 (no detectable effect)", "一致：两个区间都含0（未检测到效应）"),
    ("_agreement", "agree in size", "大小一致"),
    ("_agreement", "only one interval excludes 0", "仅一个区间不含0"),
    ("_agreement", "disagree: effects of opposite sign, both intervals exclude 0", "不一致：效应符号相反，且两个区间均不含0"),
    ("_agreement", "disagree in size: one estimate lies outside the other's interval (neither "
     "excludes 0)", "大小不一致：一个估计值落在另一个的区间之外（两个区间都含0）"),
    ("_agreement", "disagree in size: one estimate lies outside the other's interval",
     "大小不一致：一个估计值落在另一个的区间之外"),
    # evaluate/policy/_did.py: _row (effects.estimand, effects.inference)
    ("twfe", "TWFE coefficient (biased under staggered heterogeneous effects)",
     "双向固定效应系数（分批实施且效应异质时有偏）"),
    ("twfe", "TWFE coefficient per unit of intensity (biased under staggered heterogeneous "
     "effects)", "每单位政策强度的双向固定效应系数（分批实施且效应异质时有偏）"),
    ("callaway_santanna", "cluster multiplier bootstrap, Webb weights, {n:d} draws, {n:c} clusters",
     "聚类乘数自助法，Webb权重，{d}次抽样，{c}个聚类"),
    ("callaway_santanna", "controls: {v:g}", "对照组：{g}"),
    ("did2s", "se: GMM cluster-robust", "标准误：GMM聚类稳健"),
    ("did2s", "ci, p: cluster multiplier bootstrap, Webb weights, {n:d} draws, {n:c} clusters",
     "区间与p值：聚类乘数自助法，Webb权重，{d}次抽样，{c}个聚类"),
    ("twfe", "se, ci: CRV1, t({n:d})", "标准误与区间：CRV1，t({d})"),
    ("twfe", "p: wild cluster bootstrap (WCR), Webb weights, {n:d} draws",
     "p值：野聚类自助法（WCR），Webb权重，{d}次抽样"),
    # evaluate/policy/_model.py: pilot_case (notes: the caveats of the shipped case)
    ("pilot_case", "{n:n} treated provinces and about 30 clusters: inference relies on the cluster "
     "bootstraps", "受政策省份{n}个，聚类约30个：推断依赖聚类自助法"),
    ("pilot_case", "few treated clusters make any interval fragile", "受政策聚类少，任何区间都较脆弱"),
    ("pilot_case", "partial treatment: the zone covers part of the province in {l:r}",
     "部分覆盖：在{r}，试验区只覆盖省内部分地区"),
    ("pilot_case", "a province dummy is a coarse proxy", "以省为单位的政策虚拟变量只是粗略代理"),
    ("pilot_case", "anticipation: dates depend on the definition (decision, approval, "
     "inauguration)", "预期效应：实施日期取决于口径（决定、批复、揭牌）"),
    ("pilot_case", "rerun with anticipation=1 or date_rule='calendar_year' to see how much that "
     "matters", "可用anticipation=1或date_rule='calendar_year'重新运行，看其影响多大"),
    ("pilot_case", "years differ by outcome: NQPF index 2011-2019, R&D intensity 2011-2023, patents "
     "2010-2023, GDP per person 2005-2024",
     "各结果变量年份不同：新质生产力指数2011–2019年，R&D经费投入强度2011–2023年，专利2010–2023年，"
     "人均GDP 2005–2024年"),
    # evaluate/policy/_inputs.py: policy_design; _did.py: honest_sensitivity; _synth.py (notes)
    ("policy_design", "{r:o}: regions with gaps left out: {l:r}", "{o}：剔除有缺失年份的地区：{r}"),
    ("policy_design", "{r:o}: treated after {n:y}, counted as not yet treated: {k:r}",
     "{o}：{y}年之后才受政策，计为尚未受政策：{r}"),
    ("policy_design", "{r:r} ({n:y})", "{r}（{y}年）"),  # one item of the list above
    ("honest_sensitivity", "{r:o}: HonestDiD needs at least two pre-treatment periods in the event "
     "study", "{o}：HonestDiD要求事件研究中至少有两个实施前时期"),
    ("honest_sensitivity", "no sensitivity analysis", "未做敏感性分析"),
    ("honest_sensitivity", "{r:o}: HonestDiD could not run ({t:why})", "{o}：HonestDiD无法运行（{why}）"),
    ("synthetic_control", "{r:o}: no synthetic control for {r:r} ({n:p} pre-treatment years, {n:d} "
     "donors; it needs {n:m} years and 2 donors)",
     "{o}：{r}无合成控制（实施前{p}年，对照地区{d}个；至少需要{m}年和2个对照地区）"),
    # evaluate/partners/_model.py: _reasons (regions.reasons)
    ("_reasons", "relatedness {n:r} to its {v:t} item {r:i} (rank {n:k}; 1 = the catalogue industry "
     "closest to the profile)", "与其“{t}”清单第{k}项{i}的关联度{r}（1 = 与该产业结构最接近的目录产业）"),
    ("_reasons", "capability in the profile's sectors {n:c} ({c:have})", "在相关行业的能力基础{c}（{have}）"),
    ("_reasons", "present: {k:items}", "已具备：{items}"),
    ("_reasons", "near: {k:items}", "相近：{items}"),
    ("_reasons", "none of them present", "均不具备"),
    ("_reasons", "{r:a} (RCA {n:v})", "{a}（RCA {v}）"),
    ("_reasons", "{r:a} (density {n:d})", "{a}（关联密度{d}）"),
    ("_reasons", "endowment fit {n:f} for {r:i}", "{i}的禀赋匹配度{f}"),
    ("_reasons", "the national portfolio places {r:i} here", "全国统筹将{i}布局于此"),
    ("_reasons", "the national portfolio does not place {r:i} here", "全国统筹未将{i}布局于此"),
    ("_reasons", "{v:t} ({v:a})", "{t}（{a}）"),
    ("_reasons", "{v:g}, {v:m}", "{g}，{m}"),
    # the track is written out: a name may hold brackets of its own ("Low-altitude economy
    # (drones, eVTOL, general aviation)"), which a field for the track would swallow
    ("_reasons", "related items: {r:i} (cultivate {n:k}, {n:r})", "相关清单项：{i}（培育壮大第{k}项，{r}）"),
    ("_reasons", "related items: {r:i} (prepare {n:k}, {n:r})", "相关清单项：{i}（前瞻布局第{k}项，{r}）"),
    ("_reasons", "{r:i} (cultivate {n:k}, {n:r})", "{i}（培育壮大第{k}项，{r}）"),
    ("_reasons", "{r:i} (prepare {n:k}, {n:r})", "{i}（前瞻布局第{k}项，{r}）"),
)
# fmt: on
