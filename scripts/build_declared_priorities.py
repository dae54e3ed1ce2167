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
