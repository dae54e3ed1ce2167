"""Regenerate the values corpus: every case file, ``README.md`` and ``cases.yaml``.

Run ``python tests/data/bad/values/make_cases.py`` from the repository root (needs openpyxl and
pyyaml). Output is byte-identical between runs: text is written as bytes, workbooks are re-zipped
with fixed entry times and fixed ``docProps/core.xml`` dates.

The data are the reader corpus's three provinces x three sectors, 2017 (10k yuan):

=====  ====  ====  ======
2017   农业  工业  服务业
=====  ====  ====  ======
北京   1.5   20    100
天津   2     30    60
河北   10    40    35
=====  ====  ====  ======

Sum 121.5 + 92 + 85 = 298.5. In a CSV the header is line 1 and the rows follow in this order:
北京 lines 2-4, 天津 lines 5-7, 河北 lines 8-10 (农业, 工业, 服务业 each).
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import yaml

from yindi._output import reproducible_zip

HERE = Path(__file__).resolve().parent
REGIONS = ["北京", "天津", "河北"]
SECTORS = ["农业", "工业", "服务业"]
BASE = {"北京": [1.5, 20, 100], "天津": [2, 30, 60], "河北": [10, 40, 35]}
HEADER = ["地区", "行业", "年份", "产值"]
MAP = {"region": "地区", "activity": "行业", "year": "年份", "value": "产值"}
FIXED = (2020, 1, 1, 0, 0, 0)
SUM = "1.5+20+100 + 2+30+60 + 10+40+35 = 298.5"
OK = {"rows": 9, "activities": 3, "years": [2017], "value_sum": 298.5}
ENGLISH = ["Beijing", "Hebei", "Tianjin"]


def num(v: Any) -> str:
    if isinstance(v, str):
        return v
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def rows(
    cells: dict[tuple[int, int], Any] | None = None,
    *,
    year: Any = 2017,
    names: list[str] | None = None,
) -> list[list[Any]]:
    """The 9 data rows; ``cells[(i, j)]`` replaces region i's sector j value."""
    out = []
    for i, region in enumerate(names or REGIONS):
        for j, sector in enumerate(SECTORS):
            v = (cells or {}).get((i, j), BASE[REGIONS[i]][j])
            out.append([region, sector, year, v])
    return out


def csv_bytes(body: list[list[Any]], header: list[str] = HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(_quote(num(c)) for c in row) for row in body]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _quote(cell: str) -> str:
    return f'"{cell}"' if "," in cell else cell


# The package's own writer: the corpus workbooks are as reproducible as yindi's output.
deterministic_zip = reproducible_zip


def xlsx_bytes(body: list[list[Any]], header: list[str] = HEADER) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in [header, *body]:
        sheet.append(row)
    stamp = datetime.datetime(2020, 1, 1)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "yindi make_cases.py"
    buffer = io.BytesIO()
    book.save(buffer)
    return deterministic_zip(buffer.getvalue())


def error(*words: str, error: str = "InputError") -> dict[str, Any]:
    return {"expect": "error", "error": error, "words": list(words)}


def ok(check: dict[str, Any], warns: str | None = None, *words: str) -> dict[str, Any]:
    out: dict[str, Any] = {"expect": "ok"}
    if warns:
        out["warns"] = warns
        out["warn_words"] = list(words)
    out["check"] = check
    return out


# Each case: file name, bytes, why (README line), outcome, YAML comment, extra kwargs.
CASES: list[tuple[str, bytes, str, dict[str, Any], str, dict[str, Any]]] = []


def case(
    name: str,
    data: bytes,
    why: str,
    outcome: dict[str, Any],
    comment: str = "",
    kwargs: dict[str, Any] | None = None,
) -> None:
    CASES.append((name, data, why, outcome, comment, kwargs or {}))


def build() -> None:
    dates = [[r, s, datetime.datetime(2017, 1, 1), v] for r, s, _, v in rows()]
    case(
        "year_excel_dates.xlsx",
        xlsx_bytes(dates),
        "Excel year column formatted as a date (2017-01-01 cells)",
        error("年份", "dates, not years", "e.g. 2017"),
    )
    case(
        "year_iso_text.csv",
        csv_bytes(rows(year="2017-01-01")),
        'year written as a date string "2017-01-01" (database export)',
        error("dates, not years", "'2017-01-01'", "line 2"),
    )
    case(
        "year_slash_text.csv",
        csv_bytes(rows(year="2017/12/31")),
        'year written as an end-of-year date "2017/12/31" (Excel, Chinese locale)',
        error("dates, not years", "'2017/12/31'"),
    )
    case(
        "year_excel_serial.csv",
        csv_bytes(rows(year=42736)),
        "Excel date cells saved as serial day numbers (42736 = 2017-01-01)",
        error("dates, not years", "42736 is 2017-01-01", "keep only the year"),
    )
    case(
        "year_nian.csv",
        csv_bytes(rows(year="2017年")),
        'years written "2017年" (Chinese export): read as 2017',
        ok({**OK, "regions": ENGLISH}),
        SUM,
    )
    typo = rows()
    typo[4][2] = 217
    case(
        "year_typo.csv",
        csv_bytes(typo),
        "one year typed 217 instead of 2017 (line 6)",
        error("implausible years", "line 6", "year 217", "1800..2200"),
    )
    case(
        "value_true_false.csv",
        csv_bytes(rows({(1, 0): "TRUE", (1, 1): "FALSE"})),
        "TRUE/FALSE flags among the amounts (Excel boolean cells saved as text)",
        error("True/False", "1/0", "line 5", "'TRUE'"),
    )
    case(
        "value_shi_fou.csv",
        csv_bytes(rows({(2, 2): "是", (2, 0): "否"})),
        "是/否 (yes/no) answers pasted into the value column",
        error("True/False", "是/否", "line 8", "'否'"),
    )
    case(
        "value_bool_cells.xlsx",
        xlsx_bytes(rows({(0, 0): True, (0, 1): False})),
        "Excel boolean cells among numeric cells (would count as 1/0)",
        error("True/False", "1/0"),
    )
    case(
        "overflow_1e308.csv",
        csv_bytes(rows({(i, j): 1e308 for i in range(3) for j in range(3)})),
        "values of 1e308: each finite, but the yearly total overflows float64",
        error("divide the column by 1e6", "scale-free", "year 2017"),
    )
    big = {(i, j): BASE[REGIONS[i]][j] * 1e290 for i in range(3) for j in range(3)}
    case(
        "near_overflow.csv",
        csv_bytes(rows(big)),
        "huge but safe values (base x 1e290, yearly total 2.985e292 < 1e300)",
        ok({**OK, "value_sum": 2.985e292}),
        f"({SUM}) x 1e290 = 2.985e292",
    )
    merged = rows(names=REGIONS)
    merged[1][0], merged[2][0] = "北京市", "Beijing"
    case(
        "alias_merge.csv",
        csv_bytes(merged),
        "北京 / 北京市 / Beijing for the same province in one file (merged, reported)",
        ok(
            {**OK, "regions": ENGLISH},
            "AliasWarning",
            "北京市 -> Beijing (1 row)",
            "北京 -> Beijing (1 row)",
        ),
        SUM,
    )
    collide = rows() + [["北京市", "工业", 2017, 20]]
    case(
        "alias_collision.csv",
        csv_bytes(collide),
        "北京 and 北京市 both hold 工业 2017 (two sheets pasted together)",
        error("'北京'", "'北京市'", "'Beijing'", "line 3", "line 11", "aliases=False"),
    )
    codes = rows(names=["BJ", "TJ", "130000"])
    codes[1][0], codes[2][0] = "CN-BJ", "110000"
    case(
        "province_codes.csv",
        csv_bytes(codes),
        "province codes BJ / CN-BJ / 110000 mixed (one province spelled three ways)",
        ok({**OK, "regions": ENGLISH}, "AliasWarning", "CN-BJ -> Beijing", "110000 -> Beijing"),
        SUM,
    )
    case(
        "adcodes_only.csv",
        csv_bytes(rows(names=["110000", "120000", "130000"])),
        "a table keyed by adcodes only: consistent ids, kept as written",
        ok({**OK, "regions": ["110000", "120000", "130000"]}),
        SUM,
    )
    national = rows() + [
        ["全国", s, 2017, t] for s, t in zip(SECTORS, [13.5, 90, 195], strict=True)
    ]
    case(
        "national_row.csv",
        csv_bytes(national),
        "a 全国 (national total) row per sector after the provinces",
        ok({**OK, "regions": ENGLISH}, "DroppedWarning", "'全国' (3 rows)"),
        SUM,
    )
    heji = [["合计", s, 2017, t] for s, t in zip(SECTORS, [13.5, 90, 195], strict=True)] + rows()
    case(
        "heji_region_row.csv",
        csv_bytes(heji),
        "合计 (total) rows first, as in yearbook tables",
        ok({**OK, "regions": ENGLISH}, "DroppedWarning", "'合计' (3 rows)"),
        SUM,
    )
    sector_total = rows() + [
        [r, "合计", 2017, t] for r, t in zip(REGIONS, [121.5, 92, 85], strict=True)
    ]
    case(
        "total_activity.csv",
        csv_bytes(sector_total),
        "a 合计 sector row per province (would double-count every sector)",
        ok({**OK, "regions": ENGLISH}, "DroppedWarning", "activity", "'合计' (3 rows)"),
        SUM,
    )
    english = [
        [e, s, y, v]
        for (_, s, y, v), e in zip(
            rows(), [x for x in ["Beijing", "Tianjin", "Hebei"] for _ in range(3)], strict=True
        )
    ]
    english = [
        [r, {"农业": "Agriculture", "工业": "Industry", "服务业": "Services"}[s], y, v]
        for r, s, y, v in english
    ]
    english += [["China", "Agriculture", 2017, 13.5], ["Beijing", "Total", 2017, 121.5]]
    case(
        "english_totals.csv",
        csv_bytes(english, ["region", "industry", "year", "output"]),
        "English export with a China row and a Total industry row",
        ok({**OK, "regions": ENGLISH}, "DroppedWarning", "'China' (1 row)", "'Total' (1 row)"),
        SUM,
        {"region": "region", "activity": "industry", "year": "year", "value": "output"},
    )
    negative = rows({(2, 2): -3})
    case(
        "negative_rejected.csv",
        csv_bytes(negative),
        "a negative amount (-3) by default",
        error("must be >= 0", "line 10", "region 河北", "value -3", "negatives='positive_part'"),
    )
    case(
        "negative_positive_part.csv",
        csv_bytes(negative),
        "the same negative with negatives='positive_part': counted as 0, listed in a warning",
        ok(
            {**OK, "value_sum": 263.5},
            "NegativeValueWarning",
            "line 10",
            "region 河北",
            "value -3",
        ),
        "298.5 - 35 (河北 服务业 becomes max(-3, 0) = 0) = 263.5",
        {"negatives": "positive_part"},
    )
    case(
        "nan_gaps.csv",
        csv_bytes(rows({(1, 1): ""})),
        "an empty cell where the yearbook has no figure",
        error("NaN or infinite", "line 6", "never treats a gap as 0"),
    )
    case(
        "dash_marks.csv",
        csv_bytes(rows({(0, 0): "-", (1, 1): "—", (2, 2): "…"})),
        'yearbook placeholders "-", "—", "…" for missing figures',
        error("missing-value marks", "'-'", "'—'", "'…'", "never treats a gap as 0"),
    )
    case(
        "units_wanyuan.csv",
        csv_bytes(rows({(0, 1): "20万元", (1, 1): "30万元"})),
        'amounts typed with their unit "20万元"',
        error("units", "'20万元'", "column name"),
    )
    case(
        "percent.csv",
        csv_bytes(rows({(0, 0): "1.5%", (0, 1): "20%"})),
        'shares typed as "20%" strings',
        error("percent", "'20%'"),
    )
    case(
        "thousands_text.csv",
        csv_bytes(rows({(0, 2): "1,000", (1, 2): "1,060"})),
        'quoted "1,000" thousands separators (the reader reads them as numbers)',
        ok({**OK, "value_sum": 2198.5}),
        "298.5 - 100 - 60 + 1000 + 1060 = 2198.5",
    )
    sci = {(0, 0): "1.5E+00", (0, 1): "2E+01", (0, 2): "1e2", (2, 0): "1.0e1"}
    case(
        "scientific.csv",
        csv_bytes(rows(sci)),
        'numbers in scientific notation "1.5E+00", "1e2" (Excel CSV export): fine',
        ok(OK),
        SUM,
    )
    case(
        "duplicate_row.csv",
        csv_bytes(rows() + [["天津", "工业", 2017, 30]]),
        "the same 天津 工业 2017 row twice (copy-paste)",
        error("duplicate (region, activity, year)", "line 6", "line 11", "aggregate"),
    )
    spaced = rows(names=["\u3000北京\u3000", " 天津", "河北 "])
    spaced[1][1] = " 工业 "
    case(
        "fullwidth_spaces.csv",
        csv_bytes(spaced),
        "full-width (U+3000) and ASCII spaces around names: stripped",
        ok({**OK, "regions": ENGLISH}),
        SUM,
    )
    mongol = [
        [r, s, 2017, v]
        for r, (s, v) in zip(
            [
                "InnerMongolia",
                "Innermongolia",
                "Inner Mongolia",
                "Tibet",
                "Xizang",
                "Tibet (Xizang)",
                "Beijing",
                "Beijing",
                "Beijing",
            ],
            [(s, v) for r in REGIONS for s, v in zip(SECTORS, BASE[r], strict=True)],
            strict=True,
        )
    ]
    case(
        "pinyin_variants.csv",
        csv_bytes(mongol),
        "InnerMongolia / Innermongolia / Inner Mongolia and Tibet / Xizang in one file",
        ok(
            {**OK, "regions": ["Beijing", "Inner Mongolia", "Tibet (Xizang)"]},
            "AliasWarning",
            "Innermongolia -> Inner Mongolia",
            "Xizang -> Tibet (Xizang)",
        ),
        SUM,
    )
    case(
        "hk_macao_taiwan.csv",
        csv_bytes(rows(names=["香港", "澳门", "台湾省"])),
        "Hong Kong, Macao, Taiwan: each its own label (not in the embedded panel)",
        ok({**OK, "regions": ["Hong Kong", "Macao", "Taiwan"]}),
        SUM,
    )


def write() -> None:
    build()
    for name, data, *_ in CASES:
        (HERE / name).write_bytes(data)
    readme = [
        "# Values corpus",
        "",
        "Awkward year and value cells, region spellings and total rows, shaped like yearbook",
        "exports; regenerate with `python tests/data/bad/values/make_cases.py`. Expected",
        "outcomes are in `cases.yaml` (format: `../FORMAT.md`). Data: 北京/天津/河北 x",
        "农业/工业/服务业, 2017 (sum 298.5).",
        "",
    ]
    readme += [f"- `{name}`: {why}" for name, _, why, *_ in CASES]
    (HERE / "README.md").write_bytes(("\n".join(readme) + "\n").encode("utf-8"))
    parts = ["# Generated by make_cases.py; sums are counted by hand from the files.\n"]
    for name, _, why, outcome, comment, kwargs in CASES:
        entry = {"file": name, "why": why, "call": "panel", "kwargs": {**MAP, **kwargs}}
        entry.update(outcome)
        text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
        parts.append((f"# {comment}\n" if comment else "") + text)
    (HERE / "cases.yaml").write_bytes("".join(parts).encode("utf-8"))


if __name__ == "__main__":
    write()
