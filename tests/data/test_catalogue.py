"""The strategic-industry catalogue: the shipped default and every rejection of a bad file.

The default is checked against the YAML itself (weights summed here, not by the loader). Each
bad-input case writes a small YAML catalogue to ``tmp_path`` and asserts the error class and that
the message names the industry, the field and the problem.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

import yindi
from yindi.data.catalogue import (
    DEFAULT_CATALOGUE,
    INTENSITY_LEVELS,
    STAGES,
    WEIGHT_TOLERANCE,
    Catalogue,
    load_catalogue,
)
from yindi.data.endowments import QUALITIES, RAW_INDICATORS
from yindi.errors import InputError

SOURCE_LINES = ("stage", "base_sectors", "requirements", "intensity")


@pytest.fixture(scope="module")
def default_yaml() -> dict[str, Any]:
    """The shipped catalogue read straight from the YAML, independently of the loader."""
    return yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def activity_ids() -> list[str]:
    return list(yindi.datasets.china_provinces().activities["activity"])


# ------------------------------------------------------------------------ the shipped default
def test_default_catalogue_loads(default_yaml: dict[str, Any]) -> None:
    cat = load_catalogue()
    assert isinstance(cat, Catalogue)
    assert cat.source == "yindi default"
    assert len(cat.industries) >= 15
    assert set(cat.industries["stage"]) == set(STAGES)
    assert cat.ids == [ind["id"] for ind in default_yaml["industries"]]  # file order
    assert cat.industries["id"].is_unique
    assert cat.industries["national_value"].between(0, 1).all()
    for kind in ("water", "energy", "carbon"):
        assert cat.industries[f"{kind}_intensity"].isin(list(INTENSITY_LEVELS)).all()
    assert not cat.upgrades.empty


def test_default_weights_sum_to_one_in_the_yaml(default_yaml: dict[str, Any]) -> None:
    for ind in default_yaml["industries"]:
        for field in ("base_sectors", "requirements"):
            weights = ind[field]
            assert all(w >= 0 for w in weights.values()), (ind["id"], field)
            assert abs(math.fsum(weights.values()) - 1.0) <= WEIGHT_TOLERANCE, (ind["id"], field)


def test_default_keys_are_known(default_yaml: dict[str, Any], activity_ids: list[str]) -> None:
    for ind in default_yaml["industries"]:
        assert set(ind["base_sectors"]) <= set(activity_ids), ind["id"]
        assert set(ind["requirements"]) <= set(QUALITIES), ind["id"]
        for exc in ind.get("exclusions", []):
            assert exc["indicator"] in RAW_INDICATORS and exc["reason"].strip()
    assert set(default_yaml["traditional_upgrades"]) <= set(activity_ids)


def test_default_has_all_four_source_lines(default_yaml: dict[str, Any]) -> None:
    for ind in default_yaml["industries"]:
        for line in SOURCE_LINES:
            text = ind["sources"].get(line)
            assert isinstance(text, str) and text.strip(), (ind["id"], line)


def test_default_tables_match_the_yaml(default_yaml: dict[str, Any]) -> None:
    cat = load_catalogue()
    for ind in default_yaml["industries"]:
        got = cat.base_weights[cat.base_weights["industry"] == ind["id"]]
        assert list(got["activity"]) == sorted(ind["base_sectors"])
        assert dict(zip(got["activity"], got["weight"], strict=True)) == ind["base_sectors"]
        got = cat.requirements[cat.requirements["industry"] == ind["id"]]
        assert dict(zip(got["quality"], got["weight"], strict=True)) == ind["requirements"]
    assert list(cat.upgrades["activity"]) == sorted(default_yaml["traditional_upgrades"])
    assert set(cat.exclusions["op"]) <= {"below", "above"}


def test_default_loads_from_an_explicit_path(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(DEFAULT_CATALOGUE.read_text(encoding="utf-8"), encoding="utf-8")
    cat = load_catalogue(path)
    assert cat.source == str(path)
    assert cat.ids == load_catalogue().ids


# ------------------------------------------------------------------------ small bad catalogues
def _industry(iid: str = "tiny") -> dict[str, Any]:
    return {
        "id": iid,
        "name_en": "Tiny industry",
        "name_zh": "小产业",
        "stage": "emerging",
        "national_value": 0.5,
        "base_sectors": {"S20": 0.6, "S31": 0.4},
        "requirements": {"talent": 0.5, "rd_capacity": 0.5},
        "exclusions": [{"indicator": "water_per_capita_m3", "below": 100, "reason": "test"}],
        "intensity": {"water": "low", "energy": "medium", "carbon": "high"},
        "sources": {line: f"a public document for {line}" for line in SOURCE_LINES},
    }


def _doc(*industries: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": 1,
        "description": "test catalogue",
        "industries": list(industries) or [_industry()],
        "traditional_upgrades": {
            "S14": {
                "direction_en": "electric-arc furnaces",
                "direction_zh": "电炉短流程",
                "source": "MIIT 2022",
            },
        },
    }


def _write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _reject(tmp_path: Path, doc: Any, *needles: str) -> str:
    with pytest.raises(InputError) as info:
        load_catalogue(_write(tmp_path, doc))
    message = str(info.value)
    for needle in needles:
        assert needle in message, (needle, message)
    return message


def _with(field: str, value: Any) -> dict[str, Any]:
    ind = _industry()
    ind[field] = value
    return _doc(ind)


def test_small_valid_catalogue_loads(tmp_path: Path) -> None:
    cat = load_catalogue(_write(tmp_path, _doc()))
    assert cat.ids == ["tiny"]
    assert list(cat.exclusions.columns) == [
        "industry",
        "indicator",
        "op",
        "threshold",
        "reason",
        "reason_zh",
    ]
    assert cat.exclusions.iloc[0].tolist() == [
        "tiny",
        "water_per_capita_m3",
        "below",
        100.0,
        "test",
        "",
    ]
    assert cat.upgrades["activity"].tolist() == ["S14"]


def test_rejects_unparseable_yaml_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "version: 1\nindustries:\n  - id: tiny\n    stage: [emerging\ntraditional_upgrades: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"not valid YAML at line \d+"):
        load_catalogue(path)


def test_rejects_a_repeated_key(tmp_path: Path) -> None:
    text = yaml.safe_dump(_doc(), allow_unicode=True, sort_keys=False)
    text = text.replace("    S20: 0.6\n", "    S20: 0.6\n    S20: 0.3\n")
    path = tmp_path / "repeat.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="found the key 'S20' twice"):
        load_catalogue(path)


def test_rejects_missing_file_folder_and_binary(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_catalogue(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match="is a folder"):
        load_catalogue(tmp_path)
    path = tmp_path / "binary.yaml"
    path.write_bytes(bytes([0xFF, 0xFE, 0x81, 0x20, 0xFF]) * 10)  # neither UTF-8 nor GBK
    with pytest.raises(InputError, match="neither UTF-8 nor GBK"):
        load_catalogue(path)


def test_gbk_catalogue_is_read_as_gbk(tmp_path: Path) -> None:
    # Chinese Windows editors save GBK; the Chinese name must arrive intact.
    path = tmp_path / "gbk.yaml"
    text = yaml.safe_dump(_doc(), allow_unicode=True, sort_keys=False)
    path.write_bytes(text.encode("gbk"))
    assert load_catalogue(path).industries["name_zh"].tolist() == ["小产业"]


def test_nested_aliases_are_refused_quickly(tmp_path: Path) -> None:
    # "Billion laughs": nine levels of nine aliases expand to 9**9 = 387,420,489 strings.
    lines = ['a0: &a0 ["' + "x" * 40 + '"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < 1000
    message = str(pytest.raises(InputError, load_catalogue, path).value)
    assert "aliases" in message and len(message) < 400
@pytest.mark.parametrize("key", ["version", "industries", "traditional_upgrades"])
def test_rejects_missing_top_level_key(tmp_path: Path, key: str) -> None:
    doc = _doc()
    del doc[key]
    _reject(tmp_path, doc, "missing top-level key", key)


def test_rejects_unknown_version_and_empty_industries(tmp_path: Path) -> None:
    doc = _doc()
    doc["version"] = 2
    _reject(tmp_path, doc, "unsupported version 2")
    doc = _doc()
    doc["industries"] = []
    _reject(tmp_path, doc, "'industries' must be a non-empty list")


def test_rejects_duplicate_ids(tmp_path: Path) -> None:
    _reject(
        tmp_path,
        _doc(_industry("tiny"), _industry("tiny")),
        "industry 'tiny' (#2)",
        "field 'id'",
        "duplicate id 'tiny'",
        "industry #1",
    )


@pytest.mark.parametrize("field", ["name_zh", "stage", "base_sectors", "sources"])
def test_rejects_missing_field(tmp_path: Path, field: str) -> None:
    ind = _industry()
    del ind[field]
    _reject(tmp_path, _doc(ind), "industry 'tiny'", f"field '{field}'", "missing field(s)")


def test_rejects_unknown_field(tmp_path: Path) -> None:
    ind = _industry()
    ind["exclusion"] = ind.pop("exclusions")
    _reject(tmp_path, _doc(ind), "industry 'tiny'", "field 'exclusion'", "unknown field(s)")


def test_rejects_bad_id(tmp_path: Path) -> None:
    _reject(tmp_path, _with("id", "Integrated Circuits"), "field 'id'", "not a snake_case id")


def test_rejects_unknown_stage(tmp_path: Path) -> None:
    _reject(
        tmp_path,
        _with("stage", "mature"),
        "industry 'tiny'",
        "field 'stage'",
        "unknown stage 'mature'",
        "emerging, future",
    )


@pytest.mark.parametrize("value", [1.5, -0.1, "high", True])
def test_rejects_national_value_outside_unit_interval(tmp_path: Path, value: Any) -> None:
    _reject(
        tmp_path,
        _with("national_value", value),
        "industry 'tiny'",
        "field 'national_value'",
        "not a number in [0, 1]",
    )


def test_rejects_unknown_base_sector_with_close_match(tmp_path: Path) -> None:
    msg = _reject(
        tmp_path,
        _with("base_sectors", {"S20": 0.6, "S311": 0.4}),
        "industry 'tiny'",
        "field 'base_sectors'",
        "unknown key 'S311'",
        "closest: S31",
    )
    assert "S01, S02" in msg  # the valid ids are listed


def test_custom_activity_list_is_used(tmp_path: Path) -> None:
    path = _write(tmp_path, _doc())
    with pytest.raises(InputError, match="unknown key 'S20'"):
        load_catalogue(path, activities=["S14", "S31"])
    assert load_catalogue(path, activities=["S14", "S20", "S31"]).ids == ["tiny"]
    with pytest.raises(InputError, match="activities must be a non-empty list"):
        load_catalogue(path, activities=[])


@pytest.mark.parametrize("field", ["base_sectors", "requirements"])
def test_rejects_weights_not_summing_to_one(tmp_path: Path, field: str) -> None:
    weights = (
        {"S20": 0.6, "S31": 0.3} if field == "base_sectors" else {"talent": 0.6, "rd_capacity": 0.3}
    )
    _reject(
        tmp_path,
        _with(field, weights),
        "industry 'tiny'",
        f"field '{field}'",
        "weights sum to 0.9, not 1",
    )


def test_accepts_round_off_within_tolerance(tmp_path: Path) -> None:
    cat = load_catalogue(
        _write(tmp_path, _with("base_sectors", {"S20": 0.1, "S31": 0.2, "S35": 0.7}))
    )
    assert len(cat.base_weights) == 3


@pytest.mark.parametrize("field", ["base_sectors", "requirements"])
def test_rejects_negative_weight(tmp_path: Path, field: str) -> None:
    weights = (
        {"S20": 1.2, "S31": -0.2}
        if field == "base_sectors"
        else {"talent": 1.2, "rd_capacity": -0.2}
    )
    _reject(
        tmp_path,
        _with(field, weights),
        "industry 'tiny'",
        f"field '{field}'",
        "negative weight -0.2",
    )


def test_rejects_unknown_requirement_and_lists_qualities(tmp_path: Path) -> None:
    msg = _reject(
        tmp_path,
        _with("requirements", {"talent": 0.5, "cool_climat": 0.5}),
        "industry 'tiny'",
        "field 'requirements'",
        "unknown key 'cool_climat'",
        "closest: cool_climate",
    )
    assert all(q in msg for q in QUALITIES)


def test_rejects_unknown_exclusion_indicator(tmp_path: Path) -> None:
    bad = [{"indicator": "water_m3", "below": 100, "reason": "x"}]
    msg = _reject(
        tmp_path,
        _with("exclusions", bad),
        "industry 'tiny'",
        "field 'exclusions'",
        "unknown indicator 'water_m3'",
    )
    assert "water_per_capita_m3" in msg


@pytest.mark.parametrize(
    "item",
    [
        {"indicator": "coastal", "under": 0.5, "reason": "x"},
        {"indicator": "coastal", "reason": "x"},
        {"indicator": "coastal", "below": 0.5, "above": 2, "reason": "x"},
    ],
)
def test_rejects_unknown_exclusion_op(tmp_path: Path, item: dict[str, Any]) -> None:
    _reject(
        tmp_path,
        _with("exclusions", [item]),
        "industry 'tiny'",
        "field 'exclusions'",
        "exclusion on coastal",
        "exactly one of 'below' or 'above'",
    )


def test_rejects_exclusion_without_reason(tmp_path: Path) -> None:
    _reject(
        tmp_path,
        _with("exclusions", [{"indicator": "coastal", "below": 0.5}]),
        "industry 'tiny'",
        "field 'exclusions'",
        "has no reason",
    )


def test_rejects_unknown_intensity_level(tmp_path: Path) -> None:
    _reject(
        tmp_path,
        _with("intensity", {"water": "low", "energy": "extreme", "carbon": "low"}),
        "industry 'tiny'",
        "field 'intensity'",
        "unknown level 'extreme' for energy",
        "low, medium, high",
    )


def test_rejects_missing_intensity_key(tmp_path: Path) -> None:
    _reject(
        tmp_path,
        _with("intensity", {"water": "low", "energy": "low"}),
        "industry 'tiny'",
        "field 'intensity'",
        "missing key 'carbon'",
    )


@pytest.mark.parametrize("line", SOURCE_LINES)
def test_rejects_missing_source_line(tmp_path: Path, line: str) -> None:
    ind = _industry()
    del ind["sources"][line]
    _reject(tmp_path, _doc(ind), "industry 'tiny'", "field 'sources'", f"missing line(s) {line}")


def test_extra_source_lines_become_columns(tmp_path: Path) -> None:
    first, second = _industry("first"), _industry("second")
    first["sources"]["national_value"] = "14th FYP"
    cat = load_catalogue(_write(tmp_path, _doc(first, second)))
    column = cat.industries["source_national_value"]
    assert column.iloc[0] == "14th FYP"
    assert column.isna().tolist() == [False, True]  # a missing line is missing, not ""


def test_rejects_unknown_activity_in_traditional_upgrades(tmp_path: Path) -> None:
    doc = _doc()
    doc["traditional_upgrades"]["S4"] = copy.deepcopy(doc["traditional_upgrades"]["S14"])
    _reject(tmp_path, doc, "traditional_upgrades", "activity 'S4'", "unknown activity", "closest:")


def test_rejects_incomplete_upgrade(tmp_path: Path) -> None:
    doc = _doc()
    del doc["traditional_upgrades"]["S14"]["source"]
    _reject(tmp_path, doc, "traditional_upgrades", "activity 'S14'", "source missing or empty")


def test_rejects_an_industry_that_is_not_a_mapping(tmp_path: Path) -> None:
    doc = _doc()
    doc["industries"] = [_industry(), "integrated_circuits"]
    _reject(tmp_path, doc, "industry #2", "field '(entry)'", "expected a mapping of fields")
