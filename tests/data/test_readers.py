"""Readers: files written in every supported format come back as the same validated panel.

Chinese statistical tables arrive in GBK or as UTF-8 with a BOM (Excel on Windows); product and
industry codes such as "0011" must stay text. Each round trip writes a temp file, reads it with
``read_table`` / ``Panel.from_file`` and compares with ``Panel.from_frame`` on the original.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest
from pandas.testing import assert_frame_equal

from yindi.data import Panel, read_table

PROVINCES = ["北京", "天津", "河北", "山西"]
CODES = ["0011", "0012", "0120", "1310"]  # leading zeros: numbers would lose them


def chinese_panel() -> pd.DataFrame:
    """Four provinces x four product codes x two years, values k/4 (exact in binary and text)."""
    r, a, y = np.meshgrid(PROVINCES, CODES, [2016, 2017], indexing="ij")
    n = r.size
    return pd.DataFrame(
        {
            "region": r.ravel(),
            "activity": a.ravel(),
            "year": y.ravel().astype(np.int64),
            "value": np.arange(1, n + 1) / 4.0,
        }
    )


def canonical(panel: Panel) -> pd.DataFrame:
    """The panel's rows with text keys, sorted by key (row order is not part of the contract)."""
    frame = panel.frame.astype({"region": object, "activity": object}).astype(
        {"region": str, "activity": str}
    )
    frame = frame.sort_values(["year", "region", "activity"], kind="mergesort")
    return frame.reset_index(drop=True)


def expected() -> pd.DataFrame:
    return canonical(Panel.from_frame(chinese_panel()))


# --- CSV encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gbk")],
)
def test_csv_round_trip_per_encoding(tmp_path, written, reported):
    path = tmp_path / "panel.csv"
    chinese_panel().to_csv(path, index=False, encoding=written)
    raw = read_table(path, text_columns=("region", "activity"))
    assert raw.attrs["encoding"] == reported
    assert raw.attrs["source"] == str(path)
    assert list(raw.columns) == ["region", "activity", "year", "value"]  # no BOM in 'region'
    assert sorted(set(raw["region"])) == sorted(PROVINCES)
    panel = Panel.from_file(path)
    assert_frame_equal(canonical(panel), expected())
    assert panel.notes[0] == f"read {path} as {reported}"  # then the renamed spellings
    assert panel.source == str(path)


def test_bom_is_detected_from_the_bytes(tmp_path):
    path = tmp_path / "panel.csv"
    chinese_panel().to_csv(path, index=False, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # premise: pandas wrote a BOM
    first = read_table(path).columns[0]
    assert first == "region" and not first.startswith("\ufeff")


def test_gbk_file_is_really_not_utf8(tmp_path):
    # Premise of the GBK case: the bytes are not valid UTF-8, so detection must fall through.
    path = tmp_path / "panel.csv"
    chinese_panel().to_csv(path, index=False, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert "北京" in set(read_table(path)["region"])


def test_explicit_encoding_is_used_and_reported(tmp_path):
    path = tmp_path / "panel.csv"
    chinese_panel().to_csv(path, index=False, encoding="gb18030")
    panel = Panel.from_file(path, encoding="gb18030")
    assert_frame_equal(canonical(panel), expected())
    assert panel.notes[0] == f"read {path} as gb18030"


def test_tsv_uses_tabs(tmp_path):
    path = tmp_path / "panel.tsv"
    chinese_panel().to_csv(path, index=False, sep="\t")
    assert_frame_equal(canonical(Panel.from_file(path)), expected())


# --- codes stay text -----------------------------------------------------------------------


def test_codes_with_leading_zeros_stay_text_through_from_file(tmp_path):
    path = tmp_path / "panel.csv"
    chinese_panel().to_csv(path, index=False)
    assert "\n北京,0011,2016," in path.read_text(encoding="utf-8")  # written without quotes
    panel = Panel.from_file(path)
    assert panel.activities == tuple(CODES)


def test_without_text_columns_codes_become_numbers(tmp_path):
    # Why text_columns exists: pandas' default reading turns "0011" into 11.
    path = tmp_path / "panel.csv"
    chinese_panel().to_csv(path, index=False)
    assert sorted(set(read_table(path)["activity"])) == [11, 12, 120, 1310]
    assert sorted(set(read_table(path, text_columns=("activity",))["activity"])) == CODES


def test_codes_stay_text_under_a_mapped_column_name(tmp_path):
    path = tmp_path / "panel.csv"
    frame = chinese_panel().rename(columns={"activity": "hs4"})
    frame.to_csv(path, index=False)
    assert Panel.from_file(path, activity="hs4").activities == tuple(CODES)


def test_numeric_region_codes_stay_text(tmp_path):
    # Administrative division codes (e.g. 110000 Beijing) are keys, not numbers.
    path = tmp_path / "panel.csv"
    frame = chinese_panel().replace(
        {"region": dict(zip(PROVINCES, ["110000", "120000", "130000", "140000"], strict=True))}
    )
    frame.to_csv(path, index=False)
    assert Panel.from_file(path).regions == ("110000", "120000", "130000", "140000")


# --- column mapping ------------------------------------------------------------------------


def test_explicit_column_mapping_from_chinese_headers(tmp_path):
    path = tmp_path / "panel.csv"
    names = {"region": "省份", "activity": "产品代码", "year": "年份", "value": "增加值"}
    chinese_panel().rename(columns=names).to_csv(path, index=False, encoding="gbk")
    panel = Panel.from_file(path, region="省份", activity="产品代码", year="年份", value="增加值")
    assert_frame_equal(canonical(panel), expected())
    assert panel.notes[0] == f"read {path} as gbk"


def test_explicit_column_mapping_from_a_frame():
    names = {"region": "prov", "activity": "ind", "year": "yr", "value": "va"}
    frame = chinese_panel().rename(columns=names)
    frame["extra"] = "ignored"
    panel = Panel.from_frame(frame, region="prov", activity="ind", year="yr", value="va")
    assert_frame_equal(canonical(panel), expected())


# --- Parquet and Excel ---------------------------------------------------------------------


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "panel.parquet"
    chinese_panel().to_parquet(path, index=False)
    panel = Panel.from_file(path)
    assert_frame_equal(canonical(panel), expected())
    assert panel.activities == tuple(CODES)
    assert not any("read" in note for note in panel.notes)  # no encoding for a binary format


def test_excel_round_trip(tmp_path):
    path = tmp_path / "panel.xlsx"
    chinese_panel().to_excel(path, index=False, engine="openpyxl")
    panel = Panel.from_file(path)
    assert_frame_equal(canonical(panel), expected())
    assert panel.activities == tuple(CODES)


def test_excel_sheet_by_name(tmp_path):
    path = tmp_path / "panel.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        notes = pd.DataFrame({"说明": ["来源: 国家统计局"]})
        notes.to_excel(writer, sheet_name="notes", index=False)
        chinese_panel().to_excel(writer, sheet_name="data", index=False)
    assert_frame_equal(canonical(Panel.from_file(path, sheet="data")), expected())
    assert_frame_equal(canonical(Panel.from_file(path, sheet=1)), expected())


# --- polars --------------------------------------------------------------------------------


def test_polars_frame_gives_the_same_panel():
    panel = Panel.from_frame(pl.from_pandas(chinese_panel()))
    assert_frame_equal(canonical(panel), expected())


def test_polars_lazyframe_is_collected():
    lazy = pl.from_pandas(chinese_panel()).lazy()
    assert_frame_equal(canonical(Panel.from_frame(lazy)), expected())


def test_polars_frame_with_mapping_and_int32_years():
    frame = (
        pl.from_pandas(chinese_panel())
        .rename({"year": "年份"})
        .with_columns(pl.col("年份").cast(pl.Int32))
    )
    assert_frame_equal(canonical(Panel.from_frame(frame, year="年份")), expected())


def test_polars_read_of_the_same_csv_matches(tmp_path):
    path = tmp_path / "panel.csv"
    chinese_panel().to_csv(path, index=False)
    frame = pl.read_csv(path, schema_overrides={"activity": pl.String})
    assert_frame_equal(canonical(Panel.from_frame(frame)), canonical(Panel.from_file(path)))


# --- validated output shape ----------------------------------------------------------------


def test_panel_frame_has_canonical_columns_whatever_the_row_order(tmp_path):
    path = tmp_path / "panel.csv"
    chinese_panel().sample(frac=1.0, random_state=0).to_csv(path, index=False)
    panel = Panel.from_file(path, aliases=False)
    assert list(panel.frame.columns) == ["region", "activity", "year", "value"]
    assert pd.api.types.is_integer_dtype(panel.frame["year"])
    assert panel.frame["value"].dtype == np.float64
    assert panel.regions == tuple(sorted(PROVINCES))  # sorted ids whatever the row order
    assert panel.years == (2016, 2017)
    assert_frame_equal(canonical(panel), canonical(Panel.from_frame(chinese_panel(), aliases=False)))


def test_whitespace_around_keys_is_stripped(tmp_path):
    path = tmp_path / "panel.csv"
    frame = chinese_panel()
    frame["region"] = " " + frame["region"] + " "
    frame.to_csv(path, index=False)
    assert Panel.from_file(path, aliases=False).regions == tuple(sorted(PROVINCES))


# --- real-world exports (files in tests/data/bad/readers, see make_cases.py) ---------------

import csv  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from yindi.data.readers import describe_mismatch, melt_wide  # noqa: E402
from yindi.errors import InputError  # noqa: E402

CORPUS = Path(__file__).parent / "bad" / "readers"
HEADER_ZH = {"region": "地区", "activity": "行业", "year": "年份", "value": "产值"}


def test_semicolon_is_detected_and_reported():
    frame = read_table(CORPUS / "semicolon.csv")
    assert frame.attrs["sep"] == ";"
    assert list(frame.columns) == ["地区", "行业", "年份", "产值"]
    assert frame.shape == (9, 4)
    assert frame["产值"].sum() == 298.5  # 1.5+20+100 + 2+30+60 + 10+40+35


@pytest.mark.parametrize(
    ("name", "sep"),
    [("tab.csv", "\t"), ("pipe.csv", "|"), ("fullwidth_comma.csv", "，"), ("crlf.csv", ",")],
)
def test_delimiters_are_detected(name, sep):
    frame = read_table(CORPUS / name)
    assert frame.attrs["sep"] == sep
    assert frame.shape == (9, 4)


def test_explicit_sep_is_used_even_when_wrong():
    frame = read_table(CORPUS / "semicolon.csv", sep=",")
    assert frame.attrs["sep"] == ","
    assert list(frame.columns) == ["地区;行业;年份;产值"]
    assert describe_mismatch(frame, HEADER_ZH).endswith("pass sep=';'")


def test_csv_sniffer_alone_fails_on_a_yearbook_sample():
    # Why the reader does not trust csv.Sniffer: a title and a footnote defeat it.
    sample = (CORPUS / "yearbook_gbk.csv").read_bytes().decode("gbk").replace(",", ";")
    with pytest.raises(csv.Error):
        csv.Sniffer().sniff(sample, delimiters=",;\t|")
    assert read_table(CORPUS / "yearbook_gbk.csv").attrs["sep"] == ","


def test_codes_stay_text_in_a_semicolon_file(tmp_path):
    path = tmp_path / "codes.csv"
    chinese_panel().to_csv(path, index=False, sep=";")
    frame = read_table(path, text_columns=("activity",))
    assert sorted(set(frame["activity"])) == CODES


def test_yearbook_export_lines_title_and_footnotes():
    # GBK, CRLF: title (line 1), unit (2), blank (3), header (4), 2017 on 5-13, blank (14),
    # 2018 on 15-23, footnotes on 24-25.
    frame = read_table(CORPUS / "yearbook_gbk.csv")
    attrs = frame.attrs
    assert attrs["encoding"] == "gbk"
    assert attrs["header_line"] == 4
    assert attrs["lines"] == list(range(5, 14)) + list(range(15, 24))
    assert [n for n, _ in attrs["title_rows"]] == [1, 2]
    assert attrs["dropped_footnotes"] == [
        (24, "注：数据来源于国家统计局，不含港澳台地区。"),
        (25, "数据来源：《中国统计年鉴2018》"),
    ]
    assert frame["产值"].sum() == 606.0
    assert any("skipped 2 line(s)" in note for note in attrs["notes"])


def test_blank_lines_keep_line_numbers_right():
    frame = read_table(CORPUS / "blank_lines_middle.csv")
    assert frame.attrs["lines"] == [2, 3, 4, 6, 7, 8, 11, 12, 13]
    assert frame["地区"].tolist() == ["北京"] * 3 + ["天津"] * 3 + ["河北"] * 3


def test_skip_rows_puts_the_header_after_the_skipped_lines():
    frame = read_table(CORPUS / "title_rows_skip.csv", skip_rows=3)
    assert frame.attrs["header_line"] == 4
    assert frame.attrs["lines"] == list(range(5, 14))
    with pytest.raises(InputError, match="skip_rows=99"):
        read_table(CORPUS / "title_rows_skip.csv", skip_rows=99)


def test_excel_title_rows_and_row_numbers():
    frame = read_table(CORPUS / "title_rows.xlsx")
    assert frame.attrs["header_line"] == 4  # title row 1, unit row 2, blank row 3
    assert frame.attrs["lines"] == list(range(5, 14))
    assert frame.attrs["sheet"] == "Sheet1"
    assert frame["产值"].sum() == 298.5


def test_excel_footnotes_are_dropped():
    frame = read_table(CORPUS / "footnotes.xlsx")
    assert len(frame) == 9
    assert [n for n, _ in frame.attrs["dropped_footnotes"]] == [12, 13]


def test_two_row_header_is_joined_and_melts_with_its_years():
    frame = read_table(CORPUS / "two_row_header.xlsx")
    assert list(frame.columns) == ["地区"] + [
        f"{y}|{s}" for y in (2017, 2018) for s in ("农业", "工业", "服务业")
    ]
    assert frame.attrs["header_lines"] == (1, 2)
    long = read_table(CORPUS / "two_row_header.xlsx", wide=True)
    assert list(long.columns) == ["region", "activity", "year", "value"]
    assert len(long) == 18 and long["value"].sum() == 606.0
    assert long.attrs["lines"] == [3] * 6 + [4] * 6 + [5] * 6
    tianjin = long[(long["region"] == "天津") & (long["year"] == 2018)]
    assert tianjin.set_index("activity")["value"].to_dict() == {"农业": 3, "工业": 31, "服务业": 61}


def test_melt_wide_with_a_year_value_and_a_year_column():
    wide = read_table(CORPUS / "wide.csv")
    long = melt_wide(wide, year_value=2017)
    assert long.shape == (9, 4) and long["value"].sum() == 298.5
    assert long.attrs["lines"] == [2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert long.iloc[5].tolist() == ["天津", "服务业", 2017, 60]
    stacked = melt_wide(read_table(CORPUS / "wide_year_column.csv"), year="年份")
    assert sorted(set(stacked["year"])) == [2017, 2018] and stacked["value"].sum() == 606.0
    with pytest.raises(InputError, match="wide_year=2017"):
        melt_wide(wide)


def test_nbs_years_across_layout_is_refused():
    with pytest.raises(InputError, match="NBS layout"):
        read_table(CORPUS / "wide_years_across.csv", wide=True)


def test_wide_table_is_diagnosed():
    message = describe_mismatch(read_table(CORPUS / "wide.xlsx"), {"activity": "activity"})
    assert "WIDE" in message and "wide=True" in message and "wide_year=2017" in message


def test_data_on_another_sheet_is_diagnosed():
    frame = read_table(CORPUS / "second_sheet.xlsx")
    assert frame.attrs["sheet"] == "说明"
    assert frame.attrs["sheets"]["数据"]["columns"] == ["地区", "行业", "年份", "产值"]
    assert describe_mismatch(frame, HEADER_ZH).endswith("pass sheet='数据'")
    with pytest.raises(InputError, match="sheet='数据'"):
        read_table(CORPUS / "empty_first_sheet.xlsx")


def test_header_lower_than_guessed_is_diagnosed():
    frame = read_table(CORPUS / "header_notes_two_cells.xlsx")
    assert "skip_rows=2" in describe_mismatch(frame, HEADER_ZH)
    assert describe_mismatch(read_table(CORPUS / "semicolon.csv"), HEADER_ZH) is None


def test_thousands_and_full_width_digits_become_numbers():
    frame = read_table(CORPUS / "thousands.csv")
    assert frame["产值"].sum() == 13748.0  # 298.5 - 100 + 1234 - 30 + 12345.5
    assert read_table(CORPUS / "fullwidth_digits.csv")["产值"].tolist()[:3] == [1.5, 20, 100]
    # a decimal comma is not a thousands separator: left as text for the validator
    assert "1,5" in read_table(CORPUS / "decimal_comma.csv")["产值"].tolist()


def test_utf16_unicode_text_is_read():
    frame = read_table(CORPUS / "utf16_unicode_text.txt")
    assert (frame.attrs["encoding"], frame.attrs["sep"]) == ("utf-16", "\t")
    assert frame.shape == (9, 4)


def test_legacy_xls_is_read_through_xlrd():
    pytest.importorskip("xlrd")
    frame = read_table(CORPUS / "legacy.xls")
    assert frame.attrs["lines"] == list(range(3, 12)) and frame["产值"].sum() == 298.5


def test_legacy_xls_without_xlrd_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "xlrd", None)
    with pytest.raises(InputError, match=r"pip install 'yindi\[xls\]'"):
        read_table(CORPUS / "legacy.xls")


def test_ragged_line_is_named():
    with pytest.raises(InputError, match="line 2 has 5 fields but the header"):
        read_table(CORPUS / "ragged.csv")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("xlsx_renamed.csv", "zip archive"),
        ("xls_renamed.csv", "legacy Excel .xls"),
        ("png_as.csv", "PNG image"),
        ("pdf_as.csv", "PDF document"),
        ("zip_renamed.xlsx", "zip archive but not an Excel workbook"),
        ("html_as.xls", "HTML page"),
        ("garbage.parquet", "no PAR1 magic"),
        ("truncated.parquet", "truncated Parquet"),
        ("empty.csv", "0 bytes"),
        ("blank_only.csv", "empty"),
        ("directory.csv", "is a directory"),
        ("missing.csv", "no such file"),
    ],
)
def test_files_that_are_not_tables_are_named(name, words):
    with pytest.raises(InputError, match=re.escape(words)) as info:
        read_table(CORPUS / name)
    assert str(CORPUS / name) in str(info.value)
