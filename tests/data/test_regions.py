"""Region spellings, total rows, negative values and row references in validation messages."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import yindi
from yindi.data import Panel, validate_long
from yindi.data.regions import label_key, looks_like_provinces, province_aliases, resolve_aliases
from yindi.data.validate import format_rows
from yindi.errors import (
    AliasWarning,
    DroppedWarning,
    InputError,
    NegativeValueWarning,
    OptionError,
)


def table(regions: list[str], values: list[float] | None = None) -> pd.DataFrame:
    """Two activities per region label, 2017."""
    n = len(regions)
    return pd.DataFrame(
        {
            "region": np.repeat(regions, 2),
            "activity": ["x", "y"] * n,
            "year": 2017,
            "value": values if values is not None else np.arange(1.0, 2 * n + 1),
        }
    )


def quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


# --- the alias table ----------------------------------------------------------------------


def test_canonical_labels_are_the_embedded_region_ids():
    embedded = set(yindi.datasets.china_provinces().panel("gross_output")["region"])
    canonical = set(province_aliases().values())
    assert embedded <= canonical
    assert canonical - embedded == {"Hong Kong", "Macao", "Taiwan"}


@pytest.mark.parametrize(
    ("spelling", "label"),
    [
        ("北京", "Beijing"),
        ("北京市", "Beijing"),
        ("Beijing", "Beijing"),
        ("BJ", "Beijing"),
        ("CN-BJ", "Beijing"),
        ("110000", "Beijing"),
        ("InnerMongolia", "Inner Mongolia"),
        ("Innermongolia", "Inner Mongolia"),
        ("内蒙古自治区", "Inner Mongolia"),
        ("Tibet", "Tibet (Xizang)"),
        ("Xizang", "Tibet (Xizang)"),
        ("香港", "Hong Kong"),
        ("Macau", "Macao"),
        ("台湾省", "Taiwan"),
        ("陕西", "Shaanxi"),
        ("山西", "Shanxi"),
    ],
)
def test_spellings_resolve(spelling, label):
    assert province_aliases()[label_key(spelling)] == label


def test_detection_needs_names_or_a_province_spelled_twice():
    assert looks_like_provinces(["北京", "天津", "Shenzhen"])
    assert not looks_like_provinces(["110000", "120000", "130000"])  # codes alone: consistent
    assert looks_like_provinces(["BJ", "CN-BJ", "TJ"])  # Beijing spelled twice
    assert not looks_like_provinces(["A", "B", "北京"])
    assert not looks_like_provinces(["China", "Japan", "Korea"])


def test_unknown_aliases_option_lists_choices():
    with pytest.raises(OptionError, match="china_provinces"):
        resolve_aliases(np.array(["北京"], dtype=object), "china")


# --- unification in validate_long ---------------------------------------------------------


def test_spellings_merge_with_a_report():
    frame = table(["北京", "天津", "河北"])
    frame.loc[1, "region"] = "北京市"
    with pytest.warns(AliasWarning, match=r"北京市 -> Beijing \(1 row\)"):
        out = validate_long(frame)
    assert list(out["region"].cat.categories) == ["Beijing", "Hebei", "Tianjin"]
    assert any("北京市 -> Beijing" in note for note in out.attrs["notes"])


def test_collision_between_spellings_names_both():
    frame = table(["北京", "天津", "北京市"])
    with pytest.raises(InputError) as info:
        quiet(validate_long, frame)
    msg = str(info.value)
    for part in ("'北京'", "'北京市'", "'Beijing'", "row 0", "row 4", "aliases=False"):
        assert part in msg, msg
    # Following the advice keeps the spellings apart.
    out = quiet(validate_long, frame, aliases=False)
    assert list(out["region"].cat.categories) == ["北京", "北京市", "天津"]


def test_user_mapping_and_forced_table():
    frame = table(["BJ", "TJ", "HE"])
    assert list(validate_long(frame)["region"].cat.categories) == ["BJ", "HE", "TJ"]
    forced = quiet(validate_long, frame, aliases="china_provinces")
    assert list(forced["region"].cat.categories) == ["Beijing", "Hebei", "Tianjin"]
    mapped = quiet(validate_long, frame, aliases={"BJ": "Peking"})
    assert list(mapped["region"].cat.categories) == ["HE", "Peking", "TJ"]


# --- totals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "total", ["全国", "合计", "总计", "Total", "National", "All regions", "小计"]
)
def test_region_total_rows_are_dropped_and_named(total):
    frame = table(["A", "B", total])
    with pytest.warns(DroppedWarning, match=f"'{total}' \\(2 rows\\)"):
        out = validate_long(frame)
    assert list(out["region"].cat.categories) == ["A", "B"]
    kept = quiet(validate_long, frame, aggregates="keep")
    assert len(kept["region"].cat.categories) == 3


def test_country_name_is_a_total_only_among_provinces():
    assert "China" in quiet(validate_long, table(["China", "Japan"]))["region"].cat.categories
    with pytest.warns(DroppedWarning, match="'中国'"):
        out = validate_long(table(["北京", "天津", "中国"]))
    assert list(out["region"].cat.categories) == ["Beijing", "Tianjin"]


def test_activity_total_row_is_dropped():
    frame = pd.concat([table(["A", "B"]), table(["A", "B"]).assign(activity="合计")])
    frame = frame.drop_duplicates(["region", "activity"])
    with pytest.warns(DroppedWarning, match="activity .*'合计'"):
        out = validate_long(frame)
    assert list(out["activity"].cat.categories) == ["x", "y"]


# --- negatives ----------------------------------------------------------------------------


def test_negative_rule_positive_part():
    frame = table(["A", "B"], [1.0, -2.5, 3.0, 4.0])
    with pytest.raises(InputError, match="negatives='positive_part'"):
        validate_long(frame)
    with pytest.warns(NegativeValueWarning, match=r"row 1 \(region A, activity y, year 2017\)"):
        out = validate_long(frame, negatives="positive_part")
    assert out["value"].tolist() == [1.0, 0.0, 3.0, 4.0]
    assert issubclass(NegativeValueWarning, DroppedWarning)
    with pytest.raises(OptionError, match="positive_part"):
        validate_long(frame, negatives="clip")


def test_embedded_value_added_becomes_a_panel():
    frame = yindi.datasets.china_provinces().panel("value_added")
    with pytest.warns(NegativeValueWarning, match="region Hainan, activity S18, year 2017"):
        panel = Panel.from_frame(frame)
    assert (panel.frame["value"] >= 0).all()
    assert len(panel.frame) == len(frame)


# --- row references -----------------------------------------------------------------------


def test_format_rows_uses_file_lines_when_known():
    frame = table(["北京", "天津"])
    mask = np.array([False, False, True, False])
    context = ["region", "activity", "year"]
    assert format_rows(frame, mask, ["value"], context=context) == (
        "row 2 (region 天津, activity x, year 2017): value 3"
    )
    frame.attrs["lines"] = [5, 6, 12, 13]
    assert format_rows(frame, mask, ["value"], context=context).startswith("line 12 (region 天津")


def test_row_positions_survive_dropped_totals():
    frame = table(["全国", "A", "B"], [1.0, 1.0, 1.0, -1.0, 1.0, 1.0])
    with pytest.raises(InputError, match=r"row 3 \(region A, activity y"):
        quiet(validate_long, frame)
    frame.attrs["lines"] = list(range(2, 8))
    with pytest.raises(InputError, match=r"line 5 \(region A, activity y"):
        quiet(validate_long, frame)
