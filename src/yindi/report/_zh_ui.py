"""Chinese for the report's own words (headings, table headers, notes, axis titles, legends).

Keys are the English texts passed to ``_i18n.t``, ``{fields}`` included; values keep the same
fields. Presentation only.
"""

from __future__ import annotations

__all__ = ["UI"]

UI: dict[str, str] = {
    " and {n} more": "，另有{n}项",
    "1 item": "1项",
    "2 items": "2项",
    "3 items": "3项",
    "A large electronics cluster (Chengdu, Mianyang) with abundant hydropower.": (
        "电子信息产业集群规模大（成都、绵阳），水电资源丰富。"
    ),
    (
        "A sector is gained when its RCA rose to 1 or more, lost when it fell below 1. Small "
        "sectors cross the line easily: read the share of output beside each."
    ): (
        "行业RCA升至1及以上为“新增”，降至1以下为“失去”。小行业容易跨越这一界线："
        "请结合旁列的产出占比判读。"
    ),
    "Against its {n} {group} peers (gap to their median on the 0-1 scale):": (
        "与同属{group}的{n}个地区相比（与其中位数之差，0-1标度）："
    ),
    "Agriculture, share of output": "农业产出占比",
    "All regions": "全部地区",
    "Annual mean temperature, °C (capital)": "年平均气温（℃，省会城市）",
    "At or above its income peers’ median on every indicator.": (
        "各项指标均不低于同收入组地区的中位数。"
    ),
    (
        "Brief from yindi, diagnosis year {year}. Complexity from the {source} source. Lists: "
        "Transform = upgrade traditional strengths; Cultivate = emerging industries near and "
        "valuable, led by those this region is better placed for than most; Prepare = future "
        "industries within reach of its research capacity."
    ): (
        "yindi地区简报，诊断年份{year}。复杂度采用{source}口径。清单：改造提升 = "
        "传统优势产业改造升级；培育壮大 = 关联紧密、价值较高的新兴产业，"
        "本地区条件优于多数地区者优先；前瞻布局 = 研发能力可及的未来产业。"
    ),
    (
        "By output structure: the share of output two regions have in common (the sum over "
        "sectors of the smaller of their two shares), highest first."
    ): "按产出结构：两地区产出结构的重合份额（各行业两地区占比中较小者之和），由高到低排列。",
    "CO₂ per 10,000 CNY of GDP (t)": "每万元GDP二氧化碳排放（吨）",
    (
        "Cases planners know, to hold the method against experience. This list is presentation "
        "only; it changes nothing in the results."
    ): "规划工作者熟悉的案例，用以对照实践经验检验方法。本清单仅用于展示，不改变任何结果。",
    "Central": "中部",
    "Clean power, share of generation": "清洁能源发电占比",
    "Complexity ({source}) passes its stability and income checks.": (
        "复杂度（{source}）通过稳定性与收入相关性检验。"
    ),
    "Complexity ({source}): ": "复杂度（{source}）：",
    "Complexity outlook (COI)": "复杂度前景指数（COI）",
    "Cool, stable, power-exporting: the 'east data, west computing' (东数西算) hub.": (
        "气候凉爽、地质稳定、电力外送：“东数西算”枢纽节点。"
    ),
    "Cooling degree-days above 18 °C (capital)": "制冷度日数（基准18℃，省会城市）",
    "Coordinated hubs: macro-region → industry": "统筹布局枢纽：大区 → 产业",
    "Coordinated national portfolio": "全国统筹产业布局",
    "Coordinated portfolio": "统筹布局",
    "Credits and options": "数据来源与参数",
    "Cultivate": "培育壮大",
    "Dagum Gini = within + net between + transvariation; Theil = within + between.": (
        "Dagum基尼系数 = 区域内差异 + 区域间净差异 + 超变密度；泰尔指数 = 区域内差异 + 区域间差异。"
    ),
    "Data credits and options": "数据来源与参数设置",
    (
        "Data-driven check: k-means on the standardised indicators (as many clusters as types) "
        "agrees with the rules at an adjusted Rand index of {ari} (1 = the same partition, 0 = "
        "chance). The column k-means gives each region's cluster."
    ): (
        "数据驱动检验：对标准化指标做k-means聚类（聚类数与类型数相同），"
        "其结果与规则分类的调整兰德指数为{ari}（1 = 划分完全一致，0 = 随机水平）。"
        "“k-means聚类”一栏给出各地区所属的类。"
    ),
    "Download this table as CSV (UTF-8, opens in Excel)": (
        "下载本表CSV文件（UTF-8编码，可用Excel打开）"
    ),
    "Duplication before and after": "统筹前后的重复布局",
    "ECI, COI and the sectors’ complexity above are from this source:": (
        "上文的ECI、COI及行业复杂度均采用以下口径："
    ),
    "Earthquakes Mw ≥ 5.5 per 10,000 km² (1964–2012)": (
        "每万平方公里Mw ≥ 5.5地震次数（1964–2012年）"
    ),
    "East": "东部",
    "Economic complexity (ECI)": "经济复杂度指数（ECI）",
    "Efficiency (DEA) and its change": "效率（DEA）及其变动",
    "Entropy weights": "熵权法指标权重",
    (
        "Entropy-weighted TOPSIS closeness of {n} indicators in three dimensions, pooled over "
        "{first}–{last}; higher is better."
    ): "三个维度{n}项指标的熵权TOPSIS贴近度，{first}–{last}年数据合并测算；数值越高越好。",
    "Farming where water, not land, is the binding constraint.": "农业发展的硬约束在水而不在地。",
    "Find": "查找",
    "GDP (100 million CNY)": "GDP（亿元）",
    "GDP per capita (CNY)": "人均GDP（元）",
    "Gansu: water-limited agriculture": "甘肃：水资源约束下的农业",
    "Guizhou and data centres": "贵州与数据中心",
    "Heavy industry, share of output": "重工业产出占比",
    "Heavy industry, state firms, population loss: revitalisation (东北振兴).": (
        "重工业集中、国有企业占比高、人口流失：推进东北振兴。"
    ),
    (
        "Hover a province for its type and approach; click it to open its page. Taiwan, Hong "
        "Kong and Macao are drawn hatched: the sources of the embedded data have no figures for "
        "them. The South China Sea islands and the maritime boundary line are in the inset."
    ): (
        "鼠标悬停于省份可查看其类型与发展策略；点击可打开该省份页面。台湾省、"
        "香港特别行政区和澳门特别行政区以斜线填充：内置数据的来源未包含其数据。"
        "南海诸岛及海上界线见附图。"
    ),
    "Hover a region for its type and approach; click it to open its page.": (
        "鼠标悬停于地区可查看其类型与发展策略；点击可打开该地区页面。"
    ),
    "How reliable is the complexity ({year})?": "复杂度测算的可靠性如何（{year}年）？",
    (
        "Inputs {inputs}; output {outputs}; undesirable output (SBM) {undesirable}. Scores: "
        "arithmetic means over regions; Malmquist and its parts: geometric means (they are "
        "ratios), so Malmquist = efficiency change x technical change also for the means (> 1: "
        "productivity grew)."
    ): (
        "投入：{inputs}；产出：{outputs}；非期望产出（SBM）：{undesirable}。"
        "效率得分为各地区算术平均值；Malmquist指数及其分解项为几何平均值（均为比率），"
        "因此均值同样满足Malmquist = 技术效率变化 × 技术进步（> 1表示生产率提高）。"
    ),
    "Invention patents granted per 10,000 people": "每万人发明专利授权量",
    "Land per 10,000 people (km²)": "每万人土地面积（平方公里）",
    "Limits that bind": "起作用的约束",
    "Manufacturing, share of output": "制造业产出占比",
    "Mining and resource processing, share of output": "采矿与资源加工业产出占比",
    "NQPF index": "新质生产力指数",
    "NQPF index ({year})": "新质生产力指数（{year}年）",
    "National overview": "全国概览",
    "National portfolio": "全国统筹布局",
    "National portfolio: items per region (hover for the industries)": (
        "全国统筹布局：各地区项目数（悬停查看产业）"
    ),
    "New quality productive forces": "新质生产力",
    "New quality productive forces (新质生产力)": "新质生产力",
    "No allocation meets every limit": "没有满足全部约束的布局方案",
    (
        "No boundaries in this result: maps left out. Pass a GeoJSON file of the regions (yindi "
        "plan --boundaries FILE --boundary-key PROPERTY) to draw them."
    ): (
        "本结果不含边界数据，未绘制地图。如需绘制，请提供各地区的GeoJSON文件（yindi plan "
        "--boundaries FILE --boundary-key PROPERTY）。"
    ),
    (
        "No candidate of this region passes the plan's rules, so the national allocation gives "
        "it none."
    ): "本地区没有候选产业通过规划规则，全国统筹布局因此未向其安排项目。",
    "No index: lacks {what}.": "无指数：缺少{what}。",
    "Nominal GDP growth (% a year)": "名义GDP年均增速（%）",
    "Northeast": "东北",
    "Northeast old industrial bases": "东北老工业基地",
    "Opportunities: weigh them yourself": "发展机会：自行设定权重",
    "Options used": "所用参数",
    "Output structure (size = share of output)": "产出结构（面积 = 产出占比）",
    "Overview": "概览",
    "Paths": "发展路径",
    "Power generation / consumption": "发电量 / 用电量",
    "Prepare": "前瞻布局",
    "Provinces": "省份",
    "Public services left out (their share follows public budgets, not competitiveness): {names}.": (
        "未列入公共服务业（其占比取决于财政支出，而非竞争力）：{names}。"
    ),
    "R&D intensity (% of GDP)": "R&D经费投入强度（占GDP%）",
    "R&D personnel per 10,000 people": "每万人R&D人员",
    "RCA ≥ 1 (specialised)": "RCA ≥ 1（具有比较优势）",
    "Region types ({year})": "地区类型（{year}年）",
    "Region types and the indicators that decided them": "地区类型及其判定指标",
    "Regional gap (macro-regions)": "区域差距（按大区分解）",
    "Regions": "地区",
    "Regions like it ({year})": "相似地区（{year}年）",
    (
        "Regions whose cultivate list names each industry; flagged when {rule} pick the same one,"
        " more hubs than the country is likely to need."
    ): (
        "列出将各产业纳入“培育壮大”清单的地区；当{rule}选择同一产业时予以标注，"
        "即布局数量可能超过全国所需。"
    ),
    (
        "Score = feasibility weight x feasibility + (1 - feasibility weight) x the weighted mean "
        "of complexity, opportunity gain and national value: the plan's cultivate score. A "
        "preset sets the plan's weights for that approach; this region's approach is selected "
        "first, so its emerging industries score as in its Cultivate list (which also needs "
        "feasibility above the national floor and an upgrade). Future industries enter the "
        "Prepare list only where innovation capacity suffices. National rank: 1 = the "
        "best-placed region."
    ): (
        "得分 = 可行性权重 × 可行性 + (1 - 可行性权重) × 复杂度、"
        "机会收益与国家战略价值的加权平均，即规划“培育壮大”清单所用的得分。"
        "预设权重即规划为各发展策略设定的权重；默认选中本地区的发展策略，"
        "此时新兴产业得分与其“培育壮大”清单一致（进入该清单还须可行性高于全国下限，"
        "并能提升复杂度）。未来产业仅在创新能力达标时进入“前瞻布局”清单。全国排名：1 = "
        "条件最优的地区。"
    ),
    "Sector space: its specialisations among related sectors (size = output share)": (
        "产业空间：本地区在关联行业中的专业化分布（大小 = 产出占比）"
    ),
    "Sectors gained and lost, {first}–{last}": "{first}–{last}年新增与失去的优势行业",
    (
        "Sectors with RCA ≥ 1, by RCA; complexity of the sector from the source the plan read "
        "({source}; – where it has none)."
    ): "RCA ≥ 1的行业，按RCA排序；行业复杂度取自规划所用口径（{source}；无数据处记为“–”）。",
    "Services, share of output": "服务业产出占比",
    (
        "Shadow price: how much the objective would gain per unit of the limit, from the linear "
        "relaxation (approximate for a choice between whole hubs)."
    ): (
        "影子价格：约束每放宽一个单位时目标函数的增量，"
        "由线性松弛求得（整数枢纽选址问题下为近似值）。"
    ),
    "Show": "显示",
    "Sichuan: electronics and AI / computing": "四川：电子信息与人工智能/算力",
    (
        "Solved with HiGHS: {status}, objective {objective} against {own} for each region's own "
        "top picks (gap {gap}). Limits: hubs per industry from its national value, water, energy "
        "and carbon budgets per region, 1-3 items per region, strategic industries in at least "
        "two macro-regions (docs/coordinate.md)."
    ): (
        "采用HiGHS求解：{status}；目标函数值{objective}，"
        "各地区仅按自选前列布局时为{own}（最优性间隙{gap}）。约束："
        "各产业枢纽数上限由其国家战略价值确定；各地区水资源、能源和碳排放预算；每个地区1-3项；"
        "战略性产业至少布局于两个大区（docs/coordinate.md）。"
    ),
    "Strategic approach": "发展策略",
    "Strategic industries: feasibility vs attractiveness (ringed: in the lists)": (
        "战略性产业：可行性与吸引力（带圈：已列入清单）"
    ),
    "Strengths ({year})": "优势行业（{year}年）",
    "Strongest earthquake, Mw (1900–2012)": "最强地震震级，Mw（1900–2012年）",
    "The data credits are given as their sources word them.": "数据来源说明按各来源原文列出。",
    "The {k} highest of {n} sectors with RCA ≥ 1.": "{n}个RCA ≥ 1的行业中RCA最高的{k}个。",
    "Transform": "改造提升",
    "Water resources per person (m³)": "人均水资源量（立方米）",
    "Well-known cases": "典型案例",
    "West": "西部",
    "Who cultivates what: national duplication check": "谁在培育什么：全国重复布局检查",
    "Why": "分类依据",
    "advanced-manufacturing base": "先进制造业基地",
    "all": "全部",
    "all regions": "全部地区",
    "all sectors": "全部行业",
    "all stages": "全部类别",
    "approach": "发展策略",
    "attractiveness": "吸引力",
    "auto": "自动选择",
    "bcc": "BCC",
    "benefit": "正向",
    "both specialised in": "共同优势行业",
    "bottom fifth": "后20%",
    "budgets": "资源预算",
    "ccr": "CCR",
    "change": "变化",
    "checks": "检验",
    "closeness (0-1)": "贴近度（0-1）",
    "coastal": "沿海",
    "complexity": "复杂度",
    "construction": "建筑业",
    "consumer services": "生活性服务业",
    "coordinated": "统筹后",
    "cost": "逆向",
    "cultivate": "培育壮大",
    "density": "关联密度",
    "diagnosis year {year} · {n} regions · yindi {version}": (
        "诊断年份{year} · {n}个地区 · yindi {version}"
    ),
    "dimension": "维度",
    "direction": "指标方向",
    "diversified economy": "多元化经济地区",
    "duplication risk": "重复布局风险",
    "ecological/agricultural zone": "生态/农业功能区",
    "efficiency change": "技术效率变化",
    "emerging": "战略性新兴产业",
    "emerging industries that are near and valuable": "与现有能力关联紧密、价值较高的新兴产业",
    "endowment": "禀赋",
    "endowment fit": "禀赋匹配度",
    "error": "求解出错",
    "evidence": "测算依据",
    "excluded": "已排除",
    "excluded (endowment)": "已排除（禀赋不符）",
    "fails": "未通过",
    "family": "约束类别",
    "feasibility": "可行性",
    "feasibility (relatedness and fit)": "可行性（关联度与禀赋匹配）",
    "filter": "筛选",
    "fit": "禀赋匹配",
    "fourth fifth": "60%–80%",
    "frontier": "前沿引领",
    "future": "未来产业",
    "future industries reachable through institutions and R&D": (
        "可依托科研机构和研发投入前瞻布局的未来产业"
    ),
    "gained": "新增",
    "gap": "差距",
    "gini": "基尼系数",
    "gini between": "基尼系数（区域间净差异）",
    "gini transvariation": "基尼系数（超变密度）",
    "gini within": "基尼系数（区域内）",
    "heavy/equipment manufacturing": "重型/装备制造业",
    "high income": "高收入组",
    "hub limit": "枢纽上限",
    "hub_max": "枢纽上限",
    "in the plan": "已列入规划",
    "indicator": "指标",
    "industry": "产业",
    "infeasible": "不可行",
    "infeasible_or_unbounded": "不可行或无界",
    "inland": "内陆",
    "innovation hub": "创新高地",
    "interrupted": "已中断",
    "items": "项目数",
    "iteration_limit": "达到迭代上限",
    "k-means": "k-means聚类",
    "light manufacturing": "轻工制造业",
    "light touch": "轻度引导",
    "limit": "约束",
    "lost": "失去",
    "low income": "低收入组",
    "malmquist": "Malmquist指数",
    "memory_limit": "达到内存上限",
    "middle fifth": "40%–60%",
    "middle income": "中等收入组",
    "mining": "采矿业",
    "name in Chinese or English": "输入中文或英文名称",
    "national": "全国预算",
    "national median": "全国中位数",
    "national portfolio": "全国统筹布局",
    "national rank": "全国排名",
    "national value": "国家战略价值",
    "network": "本地网络测算",
    "new means of labour": "新型劳动资料",
    "new objects of labour": "新型劳动对象",
    "new-type labourers": "新型劳动者",
    "no": "否",
    "no data": "无数据",
    "no data in the sources (hatched)": "数据来源未覆盖（斜线）",
    "no path item for these industries": "这些产业没有进入路径清单",
    "no sector crossed RCA 1": "没有行业的RCA跨越1",
    "none": "无",
    "none: innovation capacity is below the plan's threshold for future industries": (
        "无：创新能力低于规划设定的未来产业门槛"
    ),
    "none: no emerging industry passes the feasibility floor and raises the region's complexity": (
        "无：没有既达到可行性下限、又能提升本地区复杂度的新兴产业"
    ),
    "none: no traditional sector with RCA ≥ 1 and a large enough share of output": (
        "无：没有RCA ≥ 1且产出占比足够大的传统行业"
    ),
    "not classified": "未分类",
    "not in this result": "不在本结果中",
    "note": "备注",
    "objective_bound": "达到目标界",
    "objective_target": "达到目标值",
    "obstacle": "障碍度",
    "old industrial base in transition": "转型中的老工业基地",
    "opportunity gain": "机会收益",
    "optimal": "最优",
    "option": "参数",
    "other": "其他",
    "own top pick": "本地自选前列",
    "parsimonious": "就近拓展",
    "participation": "项目数",
    "passes": "通过",
    "path item": "路径项目",
    "places gained since 2011": "2011年以来上升位次",
    "places gained since {year}": "{year}年以来上升位次",
    "prepare": "前瞻布局",
    "presets": "预设权重",
    "primary": "农林牧渔业",
    "producer services": "生产性服务业",
    "province": "省份",
    "provinces' own picks": "各省自选",
    "public services": "公共服务业",
    "rank": "排名",
    "rank (1 = highest)": "排名（1 = 最高）",
    "rank correlation with income per head": "与人均收入的秩相关",
    "rank correlation with the year before": "与上一年的秩相关",
    "reason": "原因",
    "redundancy": "多大区布局",
    "reference": "外部参照",
    "region": "地区",
    "regions cultivating": "培育地区数",
    "regions preparing": "前瞻布局地区数",
    "resampling rank range (share of regions)": "重抽样排名区间（占地区数比例）",
    "resource processing": "资源加工业",
    "resource-based economy": "资源型地区",
    "sbm undesirable": "SBM（含非期望产出）",
    "score": "得分",
    "second fifth": "20%–40%",
    "sector": "行业",
    "shadow price": "影子价格",
    "share": "占比",
    "share of output": "产出占比",
    "share of output covered": "产出覆盖率",
    "solution_limit": "达到解数上限",
    "source": "口径",
    "stage": "类别",
    (
        "stage {stage}<br>feasibility {f} · attractiveness {a}<br>relatedness {r} · endowment "
        "fit {fit} (confidence {c})"
    ): "类别：{stage}<br>可行性 {f} · 吸引力 {a}<br>关联度 {r} · 禀赋匹配度 {fit}（置信度 {c}）",
    "strategic bets": "战略跃升",
    "strategic industry": "战略性产业",
    "technical change": "技术进步",
    "theil": "泰尔指数",
    "theil between": "泰尔指数（区域间）",
    "theil within": "泰尔指数（区域内）",
    "this region": "本地区",
    "time_limit": "达到时间上限",
    "top fifth": "前20%",
    "track": "路径",
    "traditional": "传统产业",
    "transform": "改造提升",
    "type": "类型",
    "unbounded": "无界",
    "unknown": "未知",
    "upgrade traditional strengths": "传统优势产业改造升级",
    "utilities": "公用事业",
    "value": "数值",
    "weight": "权重",
    "what conflicts": "冲突所在",
    "what fails": "未通过项",
    "which": "具体地区",
    "why": "依据",
    "year": "年份",
    "yes": "是",
    "yindi {version}; diagnosis year {year}": "yindi {version}；诊断年份{year}",
    "yindi — locally tailored development paths": "yindi——因地制宜的发展路径",
    "your score": "自定义得分",
    "{k} or more of the {n} regions ({share})": "{n}个地区中的{k}个及以上（{share}）",
    "{name}: development paths": "{name}：发展路径",
    "{share} of output in common": "产出结构重合度{share}",
    "{share} or more of the {n} regions (and at least 2)": (
        "{n}个地区中的{share}及以上（且至少2个）"
    ),
    "{year}: closeness {value}, rank {rank}. Weak points against the frontier (obstacle degree):": (
        "{year}年：贴近度{value}，排名第{rank}位。相对前沿的薄弱环节（障碍度）："
    ),
    # -- the dashboard (yindi serve)
    "Access token": "访问令牌",
    "Activity table, optional (--activities)": "行业表，可选（--activities）",
    "All {n} runs match their checksums.": "全部{n}次运行与其校验和一致。",
    "Also coordinate nationally": "同时进行全国统筹",
    "Boundaries, GeoJSON, optional (--boundaries)": "边界，GeoJSON格式，可选（--boundaries）",
    "Changes against the saved allocation: {n}": "与已保存布局相比的变化：{n}项",
    "Check every run against its checksum": "逐一核对每次运行的校验和",
    "China's provinces (embedded)": "中国各省（内置数据）",
    "China's provinces, {measure}": "中国各省，{measure}",
    "Choose a panel file first.": "请先选择面板数据文件。",
    "Data": "数据",
    "Download every table of this run (Excel)": "下载本次运行的全部表格（Excel）",
    "Download the offline report of this run (HTML)": "下载本次运行的离线报告（HTML）",
    "Enter": "进入",
    "Families of limits": "约束类别",
    "Label": "名称",
    "Label of the new run": "新运行的名称",
    "MB": "MB",
    "Measure": "指标",
    "My own tables (upload)": "我自己的数据表（上传）",
    "New run": "新建运行",
    "Panel: region, activity, year, value (--panel)": "面板数据：地区、行业、年份、数值（--panel）",
    "Region table, optional (--regions)": "地区表，可选（--regions）",
    "Run": "运行",
    "Run the plan and save it": "运行规划并保存",
    "Run {id} · {label} · saved {created} · data {dataset} · yindi {version} · checksum {checksum} verified": (
        "运行 {id} · {label} · 保存于 {created} · 数据 {dataset} · yindi {version} · "
        "校验和 {checksum} 已核验"
    ),
    "Running the plan...": "正在运行规划……",
    "Runs": "运行记录",
    "Save as a new run": "另存为新运行",
    "Solve again": "重新求解",
    "Solve again with other limits": "以其他约束重新求解",
    "Solved again": "重新求解结果",
    "Solved with HiGHS: {status}, objective {objective} against {own} for each region's own top picks (gap {gap}).": (
        "HiGHS求解：{status}，目标值{objective}，各地区自选方案为{own}（间隙{gap}）。"
    ),
    "Solving...": "正在求解……",
    (
        "Tables as CSV, TSV, TXT, Excel (.xlsx) or Parquet, at most {mb} MB each; read by "
        "yindi's own readers, as yindi plan --panel reads them."
    ): (
        "数据表可为CSV、TSV、TXT、Excel（.xlsx）或Parquet格式，每个文件不超过{mb} MB；"
        "由yindi自身的读取器读取，与yindi plan --panel相同。"
    ),
    "Technology scenarios": "技术情景",
    "The store has no run yet: start one below, or save one with yindi plan --store DIR.": (
        "运行库中尚无运行：可在下方新建，或用yindi plan --store DIR保存。"
    ),
    "This dashboard needs an access token. Open the address yindi serve printed, or enter the token.": (
        "本看板需要访问令牌。请打开yindi serve显示的地址，或输入令牌。"
    ),
    "This run has no coordination: solve it below.": "本次运行没有全国统筹结果：可在下方求解。",
    "This token is not valid.": "令牌无效。",
    "at most H_i regions host each industry": "每个产业至多由H_i个地区承载",
    "budget units of the median region": "中位地区的预算单位数",
    "checksum": "校验和",
    "data": "数据",
    "every region with a candidate gets 1..max items": "每个有候选项的地区获得1至上限项",
    "future industries only where innovation capacity is high enough": "未来产业仅布局于创新能力足够的地区",
    "future industries per region, at most": "每个地区未来产业至多",
    "gross_output": "总产出",
    "hub share (emerging)": "枢纽比例（新兴产业）",
    "hub share (future)": "枢纽比例（未来产业）",
    "innovation capacity for future industries": "布局未来产业所需的创新能力",
    "items per region, at least": "每个地区至少项目数",
    "items per region, at most": "每个地区至多项目数",
    "label": "名称",
    "labour_compensation": "劳动者报酬",
    "macro-regions per industry, at least": "每个产业至少覆盖的大区数",
    "national budgets per resource": "各资源的全国预算",
    "run": "运行",
    "saved (UTC)": "保存时间（UTC）",
    "scenario": "情景",
    "solved again": "重新求解",
    "solved again from": "重新求解自",
    "strategic industries in several macro-regions": "战略性产业布局于多个大区",
    "value_added": "增加值",
    "water, energy and carbon budgets per region": "各地区的水、能源和碳预算",
    "yindi version": "yindi版本",
    "{n} items": "{n}项",
    # the stress-test section
    "0.5-1 %": "0.5%-1%",
    "1-2 %": "1%-2%",
    "10 % or more": "10%及以上",
    "2-5 %": "2%-5%",
    "5-10 %": "5%-10%",
    "Both portfolios add the same new final sales ({increment} of value added), equal per hub, to the base sectors of each hub's industry; only which industries grow where differs. Added-loss share: the loss the portfolio adds, per unit of the output it adds.": "两种布局新增相同的最终销售（增加值的{increment}），每个枢纽相等，分配到该产业的基础部门；只有哪些产业在何处增长不同。新增损失率：布局带来的损失除以其新增的产出。",
    "Concentration of each strategic industry": "各战略性产业的集中度",
    "Each scenario is a shock to the {table}. Losses are output lost over the scenario's duration, in 10,000 CNY, from the multi-regional model (a shock spreads through interprovincial trade) unless the table says single-region (every province on its own). The provinces are linked by an estimated multi-regional table: Chenery-Moses trade shares with a gravity prior, balanced to the provinces' outflow and inflow totals (assumptions.txt lists every assumption).": "每个情景是对{table}的一次冲击。损失为情景持续期内损失的产出（万元），除表中注明“单区域”（各省单独计算）外，均来自多区域模型（冲击经省际贸易传导）。各省由估计的多区域投入产出表相连：Chenery-Moses 贸易系数、重力先验，按各省调出、调入总量平衡（全部假设见 assumptions.txt）。",
    "HHI of capacity": "产能HHI",
    "Loss with each region’s own picks and with the coordinated portfolio": "各地自选布局与全国统筹布局下的损失",
    "Most exposed provinces and sectors": "受冲击最大的省份和部门",
    "No coordination was given: only the table was shocked.": "未提供统筹布局结果：仅对投入产出表本身施加冲击。",
    "Scenarios and their sources": "情景及其来源",
    "Stress tests": "压力测试",
    "Supply cuts of imported inputs are propagated forward with the Ghosh model, which holds sales shares fixed: read them as exposure, not as a forecast (Oosterhaven 1988).": "进口投入的供给中断用 Ghosh 模型向下游传导，该模型固定销售份额：应理解为暴露程度，而非预测（Oosterhaven 1988）。",
    "Where the losses fall ({portfolio}, {model})": "损失分布（{portfolio}，{model}）",
    "added-loss share, coordinated": "新增损失率（统筹）",
    "added-loss share, own picks": "新增损失率（自选）",
    "difference": "差异",
    "extraction": "产业退出",
    "final_demand": "最终需求",
    "hubs, coordinated": "枢纽数（统筹）",
    "hubs, own picks": "枢纽数（自选）",
    "import_cut": "进口中断",
    "lost if it is cut (with linkages)": "首位省份中断的损失（含关联）",
    "macro-regions, coordinated": "覆盖大区（统筹）",
    "macro-regions, own picks": "覆盖大区（自选）",
    "model": "模型",
    "multiregional": "多区域",
    "output lost": "产出损失",
    "output lost (10,000 CNY)": "产出损失（万元）",
    "output_disruption": "生产中断",
    "plausibility": "可能性",
    "share of output lost": "产出损失占比",
    "shock": "冲击类型",
    "single_region": "单区域",
    "size": "规模",
    "table": "原表",
    "table as published": "原表",
    "top province": "首位省份",
    "top province's share": "首位省份占比",
    "uncoordinated": "各省自选",
    "under 0.5 %": "低于0.5%",
    "years": "年数",
    "{scenario}: share of each province's output lost (hover: every scenario)": "{scenario}：各省产出损失占比（悬停查看各情景）",
    "--skip-rows {value}: use a whole number of title rows (0, 1, 2, ...)": (
        "--skip-rows {value}：请填写标题行数的整数（0、1、2……）"
    ),
    "Start the dashboard with yindi serve --store DIR.": "请用yindi serve --store DIR启动看板。",
    # the declared-priorities section
    "Declared industries against the hubs coordination supports": "各地提出的产业与全国统筹支持的枢纽数",
    "Declared priorities": "各地提出的重点产业",
    "Declared priorities: where plans pile up": "各地提出的重点产业：规划扎堆在哪里",
    "Industries the regions' 14th Five-Year Plans name (one public source per declaration, mapped to the catalogue), against the hubs the national coordination supports. Risk = 0.4 x the region's national standing by feasibility (0 best placed, 1 last) + 0.3 x (1 - endowment fit) + 0.3 x crowding (the share of declarers beyond the hub limit, for a region placed beyond it), over the parts that are known; a declaration the catalogue rules out comes first. {covered} of {regions} regions are in the file, so the counts understate the pile-up.": "各地“十四五”规划提出的产业（每条均有公开来源，已对应到产业目录），与全国统筹所支持的枢纽数对照。风险 = 0.4 × 该地区可行性全国排位（0为条件最好，1为最差）+ 0.3 ×（1 − 禀赋匹配度）+ 0.3 × 拥挤度（对排位超出枢纽上限的地区，为超出上限的提出地区占比），只计已知部分；产业目录排除的提出项排在最前。文件覆盖{regions}个地区中的{covered}个，因此扎堆程度被低估。",
    "Its declared priorities (14th Five-Year Plan period)": "本地区提出的重点产业（“十四五”时期）",
    "Declared in: {plans}": "出处：{plans}",
    "The {k} riskiest declarations": "风险最高的{k}项提出",
    "declared as": "原文表述",
    "declaring beyond the limit": "超出上限的提出地区",
    "high": "高",
    "level": "等级",
    "low": "低",
    "medium": "中",
    "regions declaring": "提出地区数",
    "risk": "风险",
}

# The evaluate report's words (kept beside it); an entry above wins over one there.
from yindi.report._zh_evaluate import UI as _EVALUATE_UI  # noqa: E402

for _key, _value in _EVALUATE_UI.items():
    UI.setdefault(_key, _value)
