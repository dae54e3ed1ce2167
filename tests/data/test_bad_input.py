"""Bad input: each case fails with a domain error whose message names the problem and the fix.

All-zero lines are the one case that is not an error: they are dropped with a DroppedWarning
listing them, and everything else stays finite.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest

import yindi
from yindi.data import Panel, RegionTable, read_table, validate_long
from yindi.errors import DroppedWarning, InputError, OptionError
from yindi.measures import CONVENTIONS, PROXIMITY_METHODS
from yindi.stages.diagnose import COG_VARIANTS, METHODS, PRESENCE_TESTS

# A connected 4 x 5 table (checked in tests/stages/test_diagnose_result.py by hand):
# M = A:{p,s}, B:{q,t}, C:{r,s}, D:{q,r,t}.
CORE = np.array([[5, 1, 0, 2, 1], [0, 4, 1, 1, 2], [1, 0, 3, 2, 0], [2, 2, 2, 0, 3]], float)
REGIONS = ["A", "B", "C", "D"]
ACTIVITIES = ["p", "q", "r", "s", "t"]


def long_table(x: np.ndarray, regions: list[str], activities: list[str], year: int = 2017):
    r, a = np.meshgrid(regions, activities, indexing="ij")
    return pd.DataFrame(
        {"region": r.ravel(), "activity": a.ravel(), "year": year, "value": x.ravel()}
    )


def small() -> pd.DataFrame:
    """Six rows, row positions 0..5: A-x, A-y, B-x, B-y, C-x, C-y."""
    return pd.DataFrame({"region": ["A", "A", "B", "B", "C", "C"], "activity": ["x", "y"] * 3,
                         "year": [2017] * 6, "value": [1.0, 2.0, 3.0, 0.5, 1.0, 5.0]})


def message_of(exc_class: type[Exception], func, *args, **kwargs) -> str:
    with pytest.raises(exc_class) as info:
        func(*args, **kwargs)
    return str(info.value)


def assert_names(message: str, *fragments: str) -> None:
    missing = [f for f in fragments if f not in message]
    assert not missing, f"message lacks {missing}: {message}"


# --- columns -------------------------------------------------------------------------------


def test_missing_column_lists_columns_and_keyword():
    msg = message_of(InputError, validate_long, small().drop(columns="value"))
    assert_names(msg, "'value'", "not found", "['region', 'activity', 'year']", "value=")


@pytest.mark.parametrize(
    ("role", "wrong"),
    [("region", "regoin"), ("region", "Region"), ("activity", "activty"), ("value", "valeu")],
)
def test_misnamed_column_suggests_close_match_and_keyword(role, wrong):
    frame = small().rename(columns={role: wrong})
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, f"column {role!r}", f"Did you mean {wrong!r}?", f"Pass {role}=")
    # Following the advice works.
    assert validate_long(frame, **{role: wrong}).shape == (6, 4)


def test_mapped_column_absent_names_the_mapping():
    msg = message_of(InputError, validate_long, small(), region="province")
    assert_names(msg, "'province'", "(the region)", "region=")


# --- values --------------------------------------------------------------------------------


def test_non_numeric_value_names_row_and_value():
    frame = small().astype({"value": object})
    frame.loc[2, "value"] = "n/a"
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "'value'", "must be numeric", "row 2", "'n/a'")


def test_negative_value_names_row_and_value():
    frame = small()
    frame.loc[3, "value"] = -1.5
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "'value'", ">= 0", "row 3", "-1.5")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, None])
def test_non_finite_value_is_not_treated_as_zero(bad):
    frame = small().astype({"value": object})
    frame.loc[4, "value"] = bad
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "'value'", "NaN or infinite", "row 4", "never treats a gap as 0", "fill")


def test_five_offending_rows_are_quoted_then_counted():
    frame = pd.concat([small()] * 2, ignore_index=True)
    frame["year"] = np.repeat([2016, 2017], 6)
    frame["value"] = -1.0
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "row 0", "row 4", "(and 7 more)")
    assert "row 5:" not in msg


# --- keys ----------------------------------------------------------------------------------


def test_duplicate_keys_name_both_rows_and_the_fix():
    frame = small()
    frame.loc[3, "activity"] = "x"  # B-x now appears at rows 2 and 3
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "duplicate (region, activity, year)", "row 2 (region B, activity x",
                 "row 3 (region B, activity x", "aggregate")


@pytest.mark.parametrize("column", ["region", "activity"])
def test_missing_key_names_row(column):
    frame = small().astype({column: object})
    frame.loc[1, column] = None
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, f"column {column!r}", "empty keys", "row 1", "fill or drop")


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_string_key_is_rejected(blank):
    frame = small()
    frame.loc[1, "region"] = blank
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "'region'", "blank keys", "row 1", repr(blank), "fill or drop")


def test_empty_table():
    msg = message_of(InputError, validate_long, small().iloc[:0])
    assert_names(msg, "empty", "one row per region, activity, year")


def test_single_region():
    frame = small().assign(region="A", activity=["u", "v", "w", "x", "y", "z"])
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "only 1 distinct region", "'region'", "at least two", "column mapping")


def test_single_activity():
    frame = small().assign(activity="x", region=list("ABCDEF"))
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "only 1 distinct activity", "'activity'", "at least two")


# --- years ---------------------------------------------------------------------------------


def test_mixed_year_types():
    frame = small().astype({"year": object})
    frame.loc[1, "year"] = "2017"
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "'year'", "mixes year types", "int, str", "same integer type")


def test_years_all_as_text_are_fine():
    frame = small().astype({"year": str})
    assert validate_long(frame)["year"].tolist() == [2017] * 6


@pytest.mark.parametrize("bad", [2017.5, np.nan])
def test_non_integer_year(bad):
    frame = small().astype({"year": float})
    frame.loc[5, "year"] = bad
    msg = message_of(InputError, validate_long, frame)
    assert_names(msg, "'year'", "whole years", "row 5", str(bad))


@pytest.mark.parametrize("year", [2020, [2017, 2020]])
def test_unknown_year_selection_lists_available_years(year):
    msg = message_of(InputError, yindi.diagnose, long_table(CORE, REGIONS, ACTIVITIES), year=year)
    assert_names(msg, "[2020]", "not in the panel", "[2017]")


@pytest.mark.parametrize(
    ("option", "bad", "fragments"),
    [("year", 2017.5, ["2017.5", "whole years", "[2017]"]),
     ("years", 2017.9, ["2017.9", "whole years", "[2017]"])],
)
def test_malformed_selection(option, bad, fragments):
    msg = message_of(InputError, yindi.diagnose, long_table(CORE, REGIONS, ACTIVITIES),
                     **{option: bad})
    assert_names(msg, *fragments)


@pytest.mark.parametrize(
    ("bad", "fragments"),
    [(float("nan"), ["rca_threshold=nan", "[0, inf)", "e.g. 1.0"]),
     (-1.0, ["rca_threshold=-1.0", "[0, inf)", "e.g. 1.0"]),
     (True, ["rca_threshold=True"])],
)
def test_malformed_threshold(bad, fragments):
    msg = message_of(OptionError, yindi.diagnose, long_table(CORE, REGIONS, ACTIVITIES),
                     rca_threshold=bad)
    assert_names(msg, *fragments)


def test_empty_year_selection():
    msg = message_of(InputError, yindi.diagnose, long_table(CORE, REGIONS, ACTIVITIES), year=[])
    assert_names(msg, "[2017]")


def test_unknown_year_in_proximity():
    result = yindi.diagnose(long_table(CORE, REGIONS, ACTIVITIES))
    msg = message_of(InputError, result.proximity, 1999)
    assert_names(msg, "1999", "[2017]")


# --- joins with region tables --------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "population", "regions", "fragments"),
    [
        ("population", [1.0, 2.0], ["A", "B", "Z"], ["'population'", "'Z'", "same region ids"]),
        ("populaton", [1.0, 2.0], ["A", "B"], ["'populaton'", "Did you mean 'population'?"]),
        ("population", [1.0, 0.0], ["A", "B"], ["'population'", "positive", "B"]),
    ],
    ids=["unknown-region", "misnamed-column", "zero-population"],
)
def test_region_table_join(column, population, regions, fragments):
    table = RegionTable.from_frame(pd.DataFrame({"region": ["A", "B"], "population": population}))
    msg = message_of(InputError, table.values_for, column, np.array(regions, dtype=object))
    assert_names(msg, *fragments)


def test_rpop_with_region_missing_from_population():
    population = pd.DataFrame({"region": ["A", "B", "D"], "population": [1.0, 2.0, 3.0]})
    msg = message_of(
        InputError, yindi.diagnose, long_table(CORE, REGIONS, ACTIVITIES),
        presence_test="rpop", population=population,
    )
    assert_names(msg, "'population'", "['C']", "year 2017", "same region ids")


def test_rpop_without_population_says_what_to_pass():
    msg = message_of(
        InputError, yindi.diagnose, long_table(CORE, REGIONS, ACTIVITIES), presence_test="rpop"
    )
    assert_names(msg, "rpop", "population=")


# --- options -------------------------------------------------------------------------------


OPTIONS = {"method": METHODS, "convention": tuple(CONVENTIONS),
           "proximity_method": PROXIMITY_METHODS, "cog_variant": COG_VARIANTS,
           "presence_test": PRESENCE_TESTS}


@pytest.mark.parametrize(("option", "valid"), list(OPTIONS.items()), ids=list(OPTIONS))
@pytest.mark.parametrize("bad", ["bogus", None, "Eigenvector "])
def test_unknown_option_lists_valid_choices(option, valid, bad):
    msg = message_of(
        OptionError, yindi.diagnose, long_table(CORE, REGIONS, ACTIVITIES), **{option: bad}
    )
    assert_names(msg, f"{option}={bad!r}", *(repr(v) for v in valid))


def test_option_error_comes_before_reading_the_data():
    # An unknown option fails at once, even when the data are bad too.
    msg = message_of(OptionError, yindi.diagnose, {"not": "a frame"}, method="bogus")
    assert "method='bogus'" in msg


# --- not a table ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", [validate_long, yindi.diagnose, Panel.from_frame])
@pytest.mark.parametrize(
    "data",
    [{"region": ["A"]}, [[1, 2], [3, 4]], np.zeros((3, 4)), pd.Series([1.0, 2.0]), "table.csv",
     pl.Series("value", [1.0])],
    ids=["dict", "list", "ndarray", "Series", "str", "polars-Series"],
)
def test_non_dataframe_input(entry, data):
    msg = message_of(InputError, entry, data)
    assert_names(msg, "expected a pandas or polars DataFrame", type(data).__name__, "read_table")


# --- files ---------------------------------------------------------------------------------


def test_unknown_suffix_lists_known_ones(tmp_path):
    path = tmp_path / "panel.json"
    path.write_text("{}")
    msg = message_of(InputError, Panel.from_file, path)
    assert_names(msg, str(path), "'.json'", ".csv", ".parquet", ".xlsx")


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.csv"
    msg = message_of(InputError, read_table, path)
    assert_names(msg, str(path), "no such file", "check the path")


def test_undecodable_file_says_what_was_tried(tmp_path):
    bad = b"\xff\xfe\xfa\xfb"
    # Premise: 0xFF is neither a UTF-8 start byte nor a GBK lead byte.
    for codec in ("utf-8", "gbk"):
        with pytest.raises(UnicodeDecodeError):
            bad.decode(codec)
    path = tmp_path / "panel.csv"
    path.write_bytes(b"region,activity,year,value\n" + bad + b",x,2017,1\n")
    msg = message_of(InputError, read_table, path)
    assert_names(msg, str(path), "utf-8, gbk", "re-save the file as UTF-8", "encoding=")


def test_wrong_explicit_encoding(tmp_path):
    path = tmp_path / "panel.csv"
    path.write_bytes("region,activity,year,value\n北京,x,2017,1\n".encode("gbk"))
    msg = message_of(InputError, read_table, path, encoding="utf-8")
    assert_names(msg, str(path), "cannot decode as 'utf-8'", "leave encoding unset")


@pytest.mark.parametrize("content", [b"", b"  \n\n"], ids=["zero-bytes", "blank-lines"])
def test_empty_csv(tmp_path, content):
    path = tmp_path / "panel.csv"
    path.write_bytes(content)
    msg = message_of(InputError, Panel.from_file, path)
    assert_names(msg, str(path), "empty", "header row")


def test_header_only_csv(tmp_path):
    path = tmp_path / "panel.csv"
    path.write_text("region,activity,year,value\n")
    msg = message_of(InputError, Panel.from_file, path)
    assert_names(msg, str(path), "the table is empty")


def test_unknown_excel_sheet(tmp_path):
    path = tmp_path / "panel.xlsx"
    small().to_excel(path, index=False, sheet_name="data")
    msg = message_of(InputError, read_table, path, sheet="dat")
    assert_names(msg, str(path), "sheet 'dat'")


# --- all-zero lines: dropped, listed, the rest finite --------------------------------------


def with_zero_lines() -> pd.DataFrame:
    """CORE plus an all-zero region 'Bz' and an all-zero activity 'qz' (sorted mid-table)."""
    x = np.zeros((5, 6))
    x[np.ix_([0, 1, 3, 4], [0, 1, 3, 4, 5])] = CORE
    return long_table(x, ["A", "B", "Bz", "C", "D"], ["p", "q", "qz", "r", "s", "t"])


def test_all_zero_lines_are_dropped_with_their_names():
    with pytest.warns(DroppedWarning) as record:
        result = yindi.diagnose(with_zero_lines())
    msg = " ".join(str(w.message) for w in record if w.category is DroppedWarning)
    assert_names(msg, "year 2017", "['Bz']", "['qz']")
    assert result.diagnostics.loc[0, "dropped_regions"] == "Bz"
    assert result.diagnostics.loc[0, "dropped_activities"] == "qz"
    assert "Bz" not in set(result.region["region"].astype(str))
    assert "qz" not in set(result.activity["activity"].astype(str))


def test_after_dropping_zero_lines_every_number_is_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing else may be raised (no NaN RuntimeWarnings)
        warnings.simplefilter("ignore", DroppedWarning)
        result = yindi.diagnose(with_zero_lines())
    ra = result.region_activity
    assert len(ra) == 4 * 5
    for col in ["value", "rca", "mcp", "density", "distance", "pci", "cog"]:
        assert np.isfinite(ra[col].to_numpy(dtype=float)).all(), col
    for col in ["eci", "coi", "diversity", "hhi", "entropy", "krugman", "theil"]:
        assert np.isfinite(result.region[col].to_numpy(dtype=float)).all(), col


def test_zero_line_in_one_year_only_is_dropped_in_that_year():
    y2016 = with_zero_lines().assign(year=2016)
    x2017 = np.zeros((5, 6))
    x2017[np.ix_([0, 1, 3, 4], [0, 1, 3, 4, 5])] = CORE
    x2017[2] = [1, 0, 4, 0, 2, 1]  # Bz, now active, shares qz and s with others
    x2017[1, 2] = 3  # B in qz
    y2017 = long_table(x2017, ["A", "B", "Bz", "C", "D"], ["p", "q", "qz", "r", "s", "t"])
    with pytest.warns(DroppedWarning, match="year 2016") as record:
        result = yindi.diagnose(pd.concat([y2016, y2017], ignore_index=True))
    assert not any("year 2017" in str(w.message) for w in record)
    regions = result.region.groupby("year")["region"].apply(lambda s: sorted(s.astype(str)))
    assert regions[2016] == ["A", "B", "C", "D"]
    assert regions[2017] == ["A", "B", "Bz", "C", "D"]


def test_dropping_down_to_one_region_is_an_input_error():
    x = np.zeros((3, 3))
    x[0] = [1.0, 2.0, 3.0]
    panel = Panel.from_frame(long_table(x, list("ABC"), list("xyz")))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedWarning)
        msg = message_of(InputError, panel.matrix, 2017)
    assert_names(msg, "year 2017", "only 1 region(s)", "at least two")
