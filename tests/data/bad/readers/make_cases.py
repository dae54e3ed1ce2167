"""Regenerate the reader corpus: every case file, ``README.md`` and ``cases.yaml``.

Run ``python tests/data/bad/readers/make_cases.py`` from the repository root. Needs openpyxl,
pyarrow, pyyaml and (for ``legacy.xls`` and ``xls_renamed.csv``) xlwt. Output is byte-identical
between runs: text is written as bytes, workbooks are re-zipped with fixed timestamps and fixed
``docProps/core.xml`` dates, and xlwt/pyarrow write no clock time (pyarrow records its version).

The data are three provinces x three sectors (values in 10k yuan, chosen so sums are exact):

=====  ====  ====  ======
2017   农业  工业  服务业
=====  ====  ====  ======
北京   1.5   20    100
天津   2     30    60
河北   10    40    35
=====  ====  ====  ======

2017 sums to 298.5; 2018 is every 2017 value + 1 (sum 307.5); both years sum to 606.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ inside the corpus

from case_writers import (  # noqa: E402
    HEADER,
    MAP,
    NOTE1,
    NOTE2,
    OK_2017,
    OK_BOTH,
    TITLE,
    bad,
    decimal_comma,
    fullwidth_digits,
    long_rows,
    long_text,
    num_or_str,
    ok,
    parquet,
    pdf,
    png,
    text,
    thousands,
    two_row_header,
    utf8,
    wide_rows,
    xls,
    xlsx,
    yearbook_gbk,
    zip_of_csv,
)

# --- cases -----------------------------------------------------------------------------------

Case = tuple[str, Callable[[], bytes] | None, str, list[dict[str, Any]]]


WIDE_2017 = {"wide": True, "wide_year": 2017}
CASES: list[Case] = [
    (
        "semicolon.csv",
        lambda: utf8(long_text(";")),
        "semicolon-delimited export (Excel in a German/French locale)",
        [ok(check=OK_2017, **MAP), bad(["sep=';'"], sep=",", **MAP)],
    ),
    (
        "tab.csv",
        lambda: utf8(long_text("\t")),
        "tab-delimited text saved with a .csv name",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "pipe.csv",
        lambda: utf8(long_text("|")),
        "pipe-delimited database dump",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "sep_override.txt",
        lambda: utf8(long_text("|")),
        "pipe-delimited .txt read with sep='|'",
        [ok(check=OK_2017, sep="|", **MAP)],
    ),
    (
        "fullwidth_comma.csv",
        lambda: utf8(long_text("，")),
        "typed by hand with a Chinese input method: full-width comma '，' as delimiter (detected)",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "gbk.csv",
        lambda: long_text().encode("gbk"),
        "GBK text (Chinese Windows Excel 'CSV')",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "utf8_bom.csv",
        lambda: long_text().encode("utf-8-sig"),
        "UTF-8 with BOM (Excel 'CSV UTF-8')",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "utf16_unicode_text.txt",
        lambda: long_text("\t", eol="\r\n").encode("utf-16"),
        "Excel 'Unicode Text': UTF-16LE with BOM, tabs, CRLF (decoded as utf-16, tab detected)",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "crlf.csv",
        lambda: utf8(long_text(eol="\r\n")),
        "Windows CRLF line endings",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "trailing_blank_lines.csv",
        lambda: utf8(long_text() + "\n\n,,,\n\n"),
        "blank and empty-cell lines after the data",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "blank_lines_middle.csv",
        lambda: utf8(
            text([HEADER, *long_rows()[:3]])
            + "\n"
            + text(long_rows()[3:6])
            + "\n\n"
            + text(long_rows()[6:])
        ),
        "blank lines between provinces (data rows on lines 2-4, 6-8, 11-13)",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "title_row.csv",
        lambda: utf8(TITLE + ",,,\n" + long_text()),
        "yearbook title above the header (skipped automatically, header on line 2)",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "title_rows_skip.csv",
        lambda: utf8(TITLE + "\n单位：万元\n\n" + long_text()),
        "title, unit line and a blank line above the header, read with skip_rows=3",
        [ok(check=OK_2017, skip_rows=3, **MAP)],
    ),
    (
        "footnotes.csv",
        lambda: utf8(long_text() + NOTE1 + ",,,\n" + NOTE2 + "\n"),
        "footnotes under the data (注：..., 数据来源：...), dropped",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "source_note_en.csv",
        lambda: utf8(
            long_text() + '"Source: National Bureau of Statistics, 2018"\nNote: 10k yuan\n'
        ),
        "English 'Source:' / 'Note:' footnotes, dropped",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "yearbook_gbk.csv",
        yearbook_gbk,
        "GBK, CRLF, title + unit rows, blank line between years, two footnotes: all handled",
        [ok(check=OK_BOTH, **MAP)],
    ),
    (
        "thousands.csv",
        thousands,
        'quoted numbers with thousands separators "1,234" (read as 1234)',
        [ok(check={**OK_2017, "value_sum": 13748.0}, **MAP)],
    ),
    (
        "fullwidth_digits.csv",
        fullwidth_digits,
        "full-width digits １．５ typed with a Chinese input method (read as numbers)",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "decimal_comma.csv",
        decimal_comma,
        "semicolon file with a decimal comma '1,5': not guessed, left to the validator",
        [bad(["1,5"], **MAP)],
    ),
    (
        "ragged.csv",
        lambda: utf8(long_text().replace("北京,农业,2017,1.5", "北京,农业,2017,1,234")),
        "unquoted thousands separator splits a line into 5 fields",
        [bad(["line 2", "5 fields", "header"], call="read_table")],
    ),
    (
        "header_only.csv",
        lambda: utf8(",".join(HEADER) + "\n"),
        "header and no data rows",
        [bad(["empty"], **MAP)],
    ),
    (
        "empty.csv",
        lambda: b"",
        "zero-byte file (failed export)",
        [bad(["empty", "0 bytes"], call="read_table")],
    ),
    (
        "blank_only.csv",
        lambda: b"\r\n\r\n  \r\n",
        "only blank lines",
        [bad(["empty"], call="read_table")],
    ),
    (
        "wide.csv",
        lambda: utf8(text(wide_rows())),
        "region x sector table (one year)",
        [ok(check=OK_2017, **WIDE_2017), bad(["wide=True", "wide_year="])],
    ),
    (
        "wide_year_column.csv",
        lambda: utf8(text(wide_rows(True, (2017, 2018)))),
        "region x sector table with a year column (two years stacked)",
        [ok(check=OK_BOTH, wide=True, wide_year="年份")],
    ),
    (
        "wide_years_across.csv",
        lambda: utf8("地区,2015,2016,2017\n北京,1,2,3\n天津,4,5,6\n河北,7,8,9\n"),
        "NBS layout: years across, one indicator (recognised, not melted)",
        [bad(["years", "NBS"], wide=True), bad(["NBS"])],
    ),
    (
        "xlsx_renamed.csv",
        lambda: xlsx({"Sheet1": [HEADER, *long_rows()]}),
        "an .xlsx workbook saved with a .csv name",
        [bad(["zip archive", ".xlsx"], call="read_table")],
    ),
    (
        "xls_renamed.csv",
        lambda: xls([HEADER, *long_rows()]),
        "a legacy .xls workbook saved with a .csv name",
        [bad(["legacy", ".xls"], call="read_table")],
    ),
    ("png_as.csv", png, "a screenshot of a table saved as .csv", [bad(["PNG"], call="read_table")]),
    ("pdf_as.csv", pdf, "a PDF yearbook page saved as .csv", [bad(["PDF"], call="read_table")]),
    (
        "zip_renamed.xlsx",
        zip_of_csv,
        "a zip of CSVs renamed .xlsx",
        [bad(["zip archive but not an Excel workbook"], call="read_table")],
    ),
    (
        "html_as.xls",
        lambda: utf8("<html><body><table><tr><td>地区</td></tr></table></body></html>"),
        "an HTML table exported with an .xls name (statistics websites do this)",
        [bad(["HTML", ".xlsx"], call="read_table")],
    ),
    (
        "garbage.parquet",
        lambda: bytes(range(256)) * 4,
        "random bytes named .parquet",
        [bad(["not a Parquet file", "PAR1"], call="read_table")],
    ),
    (
        "truncated.parquet",
        lambda: parquet()[: len(parquet()) // 2],
        "half-downloaded Parquet file",
        [bad(["truncated", "PAR1"], call="read_table")],
    ),
    (
        "good.parquet",
        parquet,
        "a valid Parquet long table (control case)",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "directory.csv",
        None,
        "a directory whose name ends in .csv (holds keep.csv)",
        [bad(["directory", "keep.csv"], call="read_table")],
    ),
    (
        "missing.csv",
        None,
        "deliberately absent: a path that does not exist",
        [bad(["no such file"], call="read_table")],
    ),
    (
        "title_rows.xlsx",
        lambda: xlsx(
            {"Sheet1": [[TITLE], [None, None, None, "单位：万元"], [], HEADER, *long_rows()]}
        ),
        "workbook with a title row, a unit row and a blank row above the header (row 4)",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "footnotes.xlsx",
        lambda: xlsx({"Sheet1": [HEADER, *long_rows(), [], [NOTE1], [NOTE2]]}),
        "workbook with footnote rows under the data",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "two_row_header.xlsx",
        lambda: xlsx({"Sheet1": two_row_header()}, {"Sheet1": ["A1:A2", "B1:D1", "E1:G1"]}),
        "merged two-row header: years on top, sectors below (joined as 2017|农业)",
        [ok(check=OK_BOTH, wide=True), bad(["two rows", "wide=True"])],
    ),
    (
        "second_sheet.xlsx",
        lambda: xlsx(
            {"说明": [["说明"], ["本表数据来源于国家统计局"]], "数据": [HEADER, *long_rows()]}
        ),
        "notes on the first sheet, data on the sheet '数据'",
        [bad(["sheet='数据'"], **MAP), ok(check=OK_2017, sheet="数据", **MAP)],
    ),
    (
        "empty_first_sheet.xlsx",
        lambda: xlsx({"Sheet1": [], "数据": [HEADER, *long_rows()]}),
        "an empty first sheet, data on the second",
        [bad(["sheet='数据'"], call="read_table")],
    ),
    (
        "wide.xlsx",
        lambda: xlsx({"2017": wide_rows()}),
        "region x sector workbook (one year)",
        [ok(check=OK_2017, **WIDE_2017), bad(["wide=True"])],
    ),
    (
        "header_notes_two_cells.xlsx",
        lambda: xlsx(
            {"Sheet1": [[TITLE], ["单位：万元", None, None, "2017年"], HEADER, *long_rows()]}
        ),
        "a unit row with two filled cells above the header: not guessed, skip_rows=2 suggested",
        [bad(["skip_rows=2"], **MAP), ok(check=OK_2017, skip_rows=2, **MAP)],
    ),
    (
        "csv_in_one_column.xlsx",
        lambda: xlsx(
            {"Sheet1": [[";".join(HEADER)], *[[";".join(map(num_or_str, r))] for r in long_rows()]]}
        ),
        "a CSV pasted into column A of a workbook",
        [bad(["sep=';'"], **MAP)],
    ),
    (
        "legacy.xls",
        lambda: xls([[TITLE], HEADER, *long_rows()]),
        "legacy BIFF .xls (written by xlwt) with a title row; needs xlrd",
        [ok(check=OK_2017, **MAP)],
    ),
    (
        "xls_is_xlsx.xls",
        lambda: xlsx({"Sheet1": [HEADER, *long_rows()]}),
        "an .xlsx workbook with an .xls name (read as .xlsx)",
        [ok(check=OK_2017, **MAP)],
    ),
]


def main() -> None:
    readme = [
        "# Reader corpus",
        "",
        "Files shaped like real yearbook and Excel exports; regenerate them with",
        "`python tests/data/bad/readers/make_cases.py`. Expected outcomes are in `cases.yaml`",
        "(format: `../FORMAT.md`). Data: 北京/天津/河北 x 农业/工业/服务业, 2017 (and 2018).",
        "",
    ]
    entries: list[dict[str, Any]] = []
    for name, build, why, expectations in CASES:
        path = HERE / name
        if name == "directory.csv":
            if path.is_file():
                path.unlink()
            path.mkdir(exist_ok=True)
            (path / "keep.csv").write_bytes(utf8(long_text()))
        elif build is not None:
            if path.is_dir():
                shutil.rmtree(path)
            path.write_bytes(build())
        readme.append(f"- `{name}` — {why}")
        for expectation in expectations:
            entries.append({"file": name, "why": why, **expectation})
    (HERE / "README.md").write_bytes(utf8("\n".join(readme) + "\n"))
    dumped = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
    (HERE / "cases.yaml").write_bytes(utf8(dumped))


if __name__ == "__main__":
    main()
