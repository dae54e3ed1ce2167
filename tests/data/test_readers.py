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
    assert panel.notes == (f"read {path} as {reported}",)
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
    assert panel.notes == (f"read {path} as gb18030",)


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
    panel = Panel.from_file(
        path, region="省份", activity="产品代码", year="年份", value="增加值"
    )
    assert_frame_equal(canonical(panel), expected())
    assert panel.notes == (f"read {path} as gbk",)


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
    assert panel.notes == ()  # no text encoding to report for a binary format


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
    frame = pl.from_pandas(chinese_panel()).rename({"year": "年份"}).with_columns(
        pl.col("年份").cast(pl.Int32)
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
    panel = Panel.from_file(path)
    assert list(panel.frame.columns) == ["region", "activity", "year", "value"]
    assert pd.api.types.is_integer_dtype(panel.frame["year"])
    assert panel.frame["value"].dtype == np.float64
    assert panel.regions == tuple(sorted(PROVINCES))  # sorted ids whatever the row order
    assert panel.years == (2016, 2017)
    assert_frame_equal(canonical(panel), expected())


def test_whitespace_around_keys_is_stripped(tmp_path):
    path = tmp_path / "panel.csv"
    frame = chinese_panel()
    frame["region"] = " " + frame["region"] + " "
    frame.to_csv(path, index=False)
    assert Panel.from_file(path).regions == tuple(sorted(PROVINCES))
