"""Build the shipped example of declared priorities for the bubble check.

Run from the repository root::

    .venv/bin/python scripts/build_declared_priorities.py [--shared PATH] [--out PATH]

Input: ``../shared/data/china/policy/declared_priorities_14th_fyp.csv`` (245 industry terms of
20 provinces, each from a named 14th-Five-Year-Plan document, with its source; compiled for the
project, see ``../shared/data/README.md``), plus :data:`ADDED_ROWS` below: provinces found
later, each row with its own public source. Nothing is filled in from memory; a province
without a source line stays out.

Output: ``src/yindi/datasets/policy/declared_priorities_14th_fyp.csv`` (UTF-8, LF, sorted by
input order: a rebuild is byte-identical) with the columns

``region`` (the embedded dataset's region id), ``region_zh``, ``term_zh``, ``term_en``,
``plan``, ``plan_type``, ``term_group_zh``, ``term_group_en``, ``source_title``,
``source_address``, ``note``, ``origin`` (``shared`` or ``added``).

The package reads this file at run time (``yindi.stages.evaluate.plans.declared_example``);
it never reads ``../shared``.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from yindi.data.regions import label_key, province_aliases

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
SOURCE = Path("data") / "china" / "policy" / "declared_priorities_14th_fyp.csv"
DEFAULT_OUT = REPO / "src" / "yindi" / "datasets" / "policy" / "declared_priorities_14th_fyp.csv"
COLUMNS = [
    "region",
    "region_zh",
    "term_zh",
    "term_en",
    "plan",
    "plan_type",
    "term_group_zh",
    "term_group_en",
    "source_title",
    "source_address",
    "note",
    "origin",
]

_HLJ_PLAN = (
    "黑龙江省产业振兴行动计划（2022－2026年） (Heilongjiang industrial revitalisation action "
    "plan 2022-2026; '4567' modern industrial system)"
)
_HLJ_TITLE = (
    "宏观市场 | 黑龙江:黑土大粮仓塑品牌,老工业基地寻新生 (兴业研究, via 新浪财经, 2024-12-03)"
)
_HLJ_ADDRESS = "https://finance.sina.cn/2024-12-03/detail-incycptw4871952.d.html"
_HLJ_NOTE = (
    "A 14th-FYP-period action plan (issued 2022), not a named FYP; the source is a bank's "
    "research note that lists the '4567' system (4 engines, 5 strategic emerging industries; "
    "the 6 traditional and 7 service industries are not listed there)."
)


def _hlj(term_zh: str, term_en: str, group_zh: str, group_en: str) -> dict[str, str]:
    return {
        "province_zh": "黑龙江",
        "province_en": "Heilongjiang",
        "plan": _HLJ_PLAN,
        "industry_term_zh": term_zh,
        "industry_term_en": term_en,
        "source_title": _HLJ_TITLE,
        "source_address": _HLJ_ADDRESS,
        "plan_type": "other_14th_fyp_period",
        "term_group_zh": group_zh,
        "term_group_en": group_en,
        "note": _HLJ_NOTE,
    }


_ENGINES = ("4个经济发展新引擎", "4 new engines of economic development")
_SEI = ("5个战略性新兴产业", "5 strategic emerging industries")


def _source(
    province_zh: str,
    province_en: str,
    plan: str,
    plan_type: str,
    title: str,
    address: str,
    note: str,
) -> Callable[[str, str, str, str], dict[str, str]]:
    """A row maker for one source: ``make(term_zh, term_en, group_zh, group_en)``."""

    def make(term_zh: str, term_en: str, group_zh: str, group_en: str) -> dict[str, str]:
        return {
            "province_zh": province_zh,
            "province_en": province_en,
            "plan": plan,
            "industry_term_zh": term_zh,
            "industry_term_en": term_en,
            "source_title": title,
            "source_address": address,
            "plan_type": plan_type,
            "term_group_zh": group_zh,
            "term_group_en": group_en,
            "note": note,
        }

    return make


# Gansu (two 14th-FYP-period statements; a named provincial FYP list could not be read).
_gs_industry = _source(
    "甘肃",
    "Gansu",
    "甘肃省强工业行动实施方案(2022-2025年) (Gansu 'strong industry' action plan 2022-2025)",
    "other_14th_fyp_period",
    "【坚定信心 稳住经济】实施强工业行动 助力高质量发展——《甘肃省强工业行动实施方案"
    "(2022-2025年)》解读 (甘肃日报, via 每日甘肃网, 2022-06-15)",
    "http://gansu.gansudaily.com.cn/system/2022/06/15/030574393.shtml",
    "A 14th-FYP-period action plan (2022-2025), not a named FYP, as the provincial party daily "
    "reports it. The stored page could be read only up to '打造石油化工、有色冶金、电子信息、"
    "生物医药', where the excerpt ends mid-sentence; any further terms of the list are missing "
    "here, not absent from the plan.",
)
_GS_BUILD = (
    "到2025年打造的产业（所读摘录中列表未完）",
    "industries to build up by 2025 (list cut off in the excerpt read)",
)
_gs_report = _source(
    "甘肃",
    "Gansu",
    "2022年甘肃省政府工作报告 (Gansu government work report 2022, delivered 2022-01-17)",
    "other_14th_fyp_period",
    "2022年甘肃省将聚焦振兴实体经济 持续培育壮大千亿产业集群和百亿园区 (repost on "
    "blockchainlive.net of a report on the 2022 government work report; traditional-script "
    "mirror)",
    "http://blockchainlive.net/shendu/2022/0119/011971288.html",
    "An annual government work report of the 14th-FYP period, not an FYP. Terms are given in "
    "simplified form; the emerging-industry list ends with 等 ('etc.').",
)
_GS_OLD = (
    "传统产业（延链补链强链）",
    "traditional industries (extend and strengthen their chains)",
)
_GS_NEW = (
    "新兴产业（发展壮大，列表以“等”结尾）",
    "emerging industries (to grow; list ends with 'etc.')",
)

# Guizhou: the 'six industrial bases'.
_gz = _source(
    "贵州",
    "Guizhou",
    "贵州“六大产业基地” (Guizhou's 'six industrial bases', as the governor listed them at the "
    "State Council Information Office press conference of 2024-06-14)",
    "other_14th_fyp_period",
    "贵州省省长:全国每三辆电动汽车就有一辆电池用了贵州“磷元素” (红星新闻, reposted, "
    "2024-06-17; traditional-script mirror)",
    "http://anbamore.com/pingdaoxinwen/show.php?itemid=23749",
    "A 14th-FYP-period policy statement, not a named FYP; terms are given in simplified form. "
    "A Xinhua Guizhou report of 2025-07-23 (http://big5.news.cn/gate/big5/gz.news.cn/20250723/"
    "86f0fd10e6b344d89ca595f9f186b377/c.html) lists the sixth base as 全国重要的产业备份基地 "
    "instead of the advanced-equipment base.",
)
_GZ_BASES = ("六大产业基地", "6 industrial bases")

# Ningxia: '六新六特六优' of the 13th regional party congress (2022).
_nx = _source(
    "宁夏",
    "Ningxia",
    "宁夏回族自治区第十三次党代会（2022年）“六新”“六特”“六优”产业 (Ningxia 13th party "
    "congress 2022: the 6 new, 6 distinctive and 6 premium industries)",
    "other_14th_fyp_period",
    "[no headline on page] 人民政协报 e-paper, 2023-01-04: article by 范文杰 on the regional "
    "CPPCC's work on the 六新六特六优 industries",
    "http://dzb.rmzxb.com.cn/rmzxbPaper/pc/con/202301/04/content_36278.html",
    "A party-congress statement of the 14th-FYP period, not an FYP. 经济日报 of 2024-05-21 "
    "(http://district.ce.cn/zg/202405/21/t20240521_39010210.shtml) describes the same system as "
    "'六新六特六优+N' (new-type industry, distinctive agriculture, modern services, plus "
    "high-tech industries such as advanced computing and hydrogen).",
)
_NX_NEW = ("“六新”产业（新型工业）", "6 'new' industries (new-type industry)")
_NX_SPECIAL = ("“六特”产业（特色农业）", "6 'distinctive' industries (specialty agriculture)")
_NX_PREMIUM = ("“六优”产业（现代服务业）", "6 'premium' industries (modern services)")

# Xinjiang: the 'eight industrial clusters' of the 2023 government work report.
_xj = _source(
    "新疆",
    "Xinjiang",
    "新疆“八大产业集群”（2023年新疆维吾尔自治区政府工作报告） (Xinjiang's 8 industrial "
    "clusters, 2023 government work report)",
    "other_14th_fyp_period",
    "[no headline on page] Xinhua audio-video item on xj.news.cn, 2023-02-20, on the 八大产业"
    "集群 of the 2023 government work report (traditional-script gateway)",
    "http://big5.news.cn/gate/big5/xj.news.cn/2023-02/20/c_1129381004.htm",
    "A government-work-report statement of the 14th-FYP period, not an FYP; terms are given in "
    "simplified form. Later widened to ten clusters (新型电力系统 and 现代物流 added; "
    "http://www.huali188.com/news/cygh/2025/0611/24329.html); only the eight are listed here.",
)
_XJ_CLUSTERS = ("八大产业集群", "8 industrial clusters")

# Hainan: the '3+1' modern industrial system of the 14th-FYP outline.
_hn = _source(
    "海南",
    "Hainan",
    "海南省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要 (Hainan 14th FYP "
    "outline, 2021; '3+1' modern industrial system)",
    "outline",
    "[no headline on page] journal article by 荣凤云, 倪德虹, 黄俊程, 刘云, 李欣, 崔立新 "
    "(海南大学; 中国热带农业科学院) on the Hainan free trade port's modern industrial system "
    "(traditional-script mirror, 2023)",
    "http://www.handmsg.com/page/2023/0516/22471052.shtml",
    "The article attributes the '3+1' list to the outline together with 《海南省“十四五”时期"
    "产业结构调整指导意见》. The outline's own text is at https://plan.hainan.gov.cn/sfgw/"
    "gmjjshfzjh/202103/2165690f08d447729cd136a677f36226.shtml, of which only the opening was "
    "read. Terms are given in simplified form.",
)
_HN_SYSTEM = ("“3+1”现代产业体系", "'3+1' modern industrial system")

#: Rows found after the shared file was compiled, in the shared file's columns, each with its
#: public source (title and address). English translations are ours.
ADDED_ROWS: list[dict[str, str]] = [
    _hlj("数字经济", "digital economy", *_ENGINES),
    _hlj("生物经济", "bioeconomy", *_ENGINES),
    _hlj("冰雪经济", "ice-and-snow economy", *_ENGINES),
    _hlj("创意设计", "creative design", *_ENGINES),
    _hlj("航空航天", "aerospace", *_SEI),
    _hlj("电子信息", "electronic information", *_SEI),
    _hlj("新材料", "new materials", *_SEI),
    _hlj("高端装备", "high-end equipment", *_SEI),
    _hlj("农机装备", "agricultural machinery", *_SEI),
    _gs_industry("石油化工", "petrochemicals", *_GS_BUILD),
    _gs_industry("有色冶金", "non-ferrous metallurgy", *_GS_BUILD),
    _gs_industry("电子信息", "electronic information", *_GS_BUILD),
    _gs_industry("生物医药", "biomedicine", *_GS_BUILD),
    _gs_report("石化", "petrochemicals", *_GS_OLD),
    _gs_report("有色", "non-ferrous metals", *_GS_OLD),
    _gs_report("钢铁", "iron and steel", *_GS_OLD),
    _gs_report("煤化工", "coal chemicals", *_GS_OLD),
    _gs_report("精细化工", "fine chemicals", *_GS_OLD),
    _gs_report("新能源", "new energy", *_GS_NEW),
    _gs_report("新材料", "new materials", *_GS_NEW),
    _gs_report("生物医药", "biomedicine", *_GS_NEW),
    _gs_report("电子信息", "electronic information", *_GS_NEW),
    _gz("资源精深加工基地", "resource deep-processing base", *_GZ_BASES),
    _gz(
        "新能源动力电池及材料研发生产基地",
        "new-energy power battery and materials R&D and production base",
        *_GZ_BASES,
    ),
    _gz("面向全国的算力保障基地", "computing-power base serving the whole country", *_GZ_BASES),
    _gz("白酒生产基地", "baijiu (liquor) production base", *_GZ_BASES),
    _gz("新型综合能源基地", "new-type integrated energy base", *_GZ_BASES),
    _gz("先进装备制造基地", "advanced equipment manufacturing base", *_GZ_BASES),
    _nx("新型材料", "new materials", *_NX_NEW),
    _nx("清洁能源", "clean energy", *_NX_NEW),
    _nx("装备制造", "equipment manufacturing", *_NX_NEW),
    _nx("数字信息", "digital information", *_NX_NEW),
    _nx("现代化工", "modern chemicals", *_NX_NEW),
    _nx("轻工纺织", "light industry and textiles", *_NX_NEW),
    _nx("葡萄酒", "wine", *_NX_SPECIAL),
    _nx("枸杞", "goji (wolfberry)", *_NX_SPECIAL),
    _nx("牛奶", "milk", *_NX_SPECIAL),
    _nx("肉牛", "beef cattle", *_NX_SPECIAL),
    _nx("滩羊", "Tan sheep", *_NX_SPECIAL),
    _nx("冷凉蔬菜", "cool-climate vegetables", *_NX_SPECIAL),
    _nx("文化旅游", "culture and tourism", *_NX_PREMIUM),
    _nx("现代物流", "modern logistics", *_NX_PREMIUM),
    _nx("现代金融", "modern finance", *_NX_PREMIUM),
    _nx("健康养老", "health and elderly care", *_NX_PREMIUM),
    _nx("电子商务", "e-commerce", *_NX_PREMIUM),
    _nx("会展博览", "conventions and exhibitions", *_NX_PREMIUM),
    _xj("油气生产加工产业集群", "oil and gas production and processing cluster", *_XJ_CLUSTERS),
    _xj("煤炭煤电煤化工产业集群", "coal, coal power and coal chemicals cluster", *_XJ_CLUSTERS),
    _xj("绿色矿业产业集群", "green mining cluster", *_XJ_CLUSTERS),
    _xj("粮油产业集群", "grain and edible oil cluster", *_XJ_CLUSTERS),
    _xj("棉花和纺织服装产业集群", "cotton, textiles and garments cluster", *_XJ_CLUSTERS),
    _xj("绿色有机果蔬产业集群", "green organic fruit and vegetables cluster", *_XJ_CLUSTERS),
    _xj("优质畜产品产业集群", "quality livestock products cluster", *_XJ_CLUSTERS),
    _xj(
        "新能源新材料等战略性新兴产业集群",
        "new energy, new materials and other strategic emerging industries cluster",
        *_XJ_CLUSTERS,
    ),
    _hn("旅游业", "tourism", *_HN_SYSTEM),
    _hn("高新技术产业", "high-tech industries", *_HN_SYSTEM),
    _hn("现代服务业", "modern services", *_HN_SYSTEM),
    _hn("热带特色高效农业", "tropical high-efficiency specialty agriculture", *_HN_SYSTEM),
]


def build(shared: Path, out: Path) -> pd.DataFrame:
    raw = pd.read_csv(shared / SOURCE, dtype=str, keep_default_na=False)
    raw["origin"] = "shared"
    added = pd.DataFrame(ADDED_ROWS, columns=[c for c in raw.columns if c != "origin"])
    added["origin"] = "added"
    frame = pd.concat([raw, added], ignore_index=True)
    lookup = province_aliases()
    regions = [lookup.get(label_key(p)) for p in frame["province_en"]]
    unknown = sorted({p for p, r in zip(frame["province_en"], regions, strict=True) if r is None})
    if unknown:
        raise SystemExit(f"provinces not in the alias table: {unknown}")
    missing = frame["source_address"].str.strip().eq("") | frame["source_title"].str.strip().eq("")
    if missing.any():
        raise SystemExit(f"rows without a source: {frame.index[missing].tolist()}")
    table = pd.DataFrame(
        {
            "region": regions,
            "region_zh": frame["province_zh"],
            "term_zh": frame["industry_term_zh"],
            "term_en": frame["industry_term_en"],
            "plan": frame["plan"],
            "plan_type": frame["plan_type"],
            "term_group_zh": frame["term_group_zh"],
            "term_group_en": frame["term_group_en"],
            "source_title": frame["source_title"],
            "source_address": frame["source_address"],
            "note": frame["note"],
            "origin": frame["origin"],
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(table[COLUMNS].itertuples(index=False))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the declared-priorities example.")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="../shared folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    table = build(args.shared, args.out)
    counts = table.groupby("origin")["region"].agg(["size", "nunique"])
    print(f"{args.out}: {len(table)} rows, {table['region'].nunique()} regions\n{counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
