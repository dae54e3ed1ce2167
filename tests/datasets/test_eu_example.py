"""Tests of the EU NUTS-2 example bundle (``examples/eu_nuts2/``) and the NACE catalogue.

References are independent of the build script: the shared Eurostat files read directly with
pandas and filtered here (skipped on a bare checkout, failed under CI), figures stated in the
shared README, and source lines quoted below and checked by hand.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import skip_or_fail

from yindi.data.catalogue import load_catalogue
from yindi.data.endowments import QUALITIES

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
EU = SHARED / "data" / "eu"
BUNDLE = REPO / "examples" / "eu_nuts2"
CATALOGUE = REPO / "src" / "yindi" / "datasets" / "catalogues" / "strategic_industries_nace.yaml"
BUILT_FILES = ("activities.csv", "panel.csv", "regions.csv")
SBS = "sbs_nuts2_persons_employed_nace_r2_divisions_2008_2015_long.csv"
GROUPS = {
    "mining",
    "light manufacturing",
    "resource processing",
    "heavy/equipment manufacturing",
    "utilities",
    "construction",
    "producer services",
    "consumer services",
}


def _text(path: Path) -> pd.DataFrame:
    """A bundle or source CSV with every column as text (empty cells stay '')."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def eu() -> Path:
    if not EU.is_dir():
        skip_or_fail("../shared/data/eu is not available")
    return EU


@pytest.fixture(scope="module")
def source_panel(eu: Path) -> pd.DataFrame:
    """The SBS rows the bundle should hold, filtered here as the shared README prescribes."""
    raw = _text(eu / SBS)
    keep = (
        (raw["nuts_level"] == "2")
        & raw["nuts_version"].isin(["2013", "2010+2013"])
        & (raw["sector_level"] == "division")
        & raw["year"].isin(["2013", "2014"])
    )
    return raw[keep]


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return pd.read_csv(BUNDLE / "panel.csv", dtype={"region": str, "activity": str})


@pytest.fixture(scope="module")
def regions() -> pd.DataFrame:
    return _text(BUNDLE / "regions.csv")


@pytest.fixture(scope="module")
def activities() -> pd.DataFrame:
    return _text(BUNDLE / "activities.csv")


# --- reproducibility -------------------------------------------------------------------------
def test_rebuild_is_byte_identical(eu: Path, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_eu_nuts2", REPO / "scripts" / "build_eu_nuts2.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    counts = module.build(SHARED, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == list(BUILT_FILES)
    assert counts == {"panel.csv": 33_554, "regions.csv": 282, "activities.csv": 68}
    for name in BUILT_FILES:
        assert (tmp_path / name).read_bytes() == (BUNDLE / name).read_bytes(), name


def test_files_are_utf8_lf_sorted_and_small(panel: pd.DataFrame) -> None:
    for name in BUILT_FILES:
        data = (BUNDLE / name).read_bytes()
        data.decode("utf-8")
        assert b"\r" not in data and data.endswith(b"\n"), name
    assert (BUNDLE / "panel.csv").stat().st_size < 2_000_000
    keys = list(zip(panel["region"], panel["activity"], panel["year"], strict=True))
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


# --- against the shared sources ----------------------------------------------------------------
def test_region_counts_match_shared_readme(
    eu: Path, source_panel: pd.DataFrame, panel: pd.DataFrame
) -> None:
    # Shared README, eu/ table: "NUTS-2 regions with data (NUTS 2013 codes): 278 in 2013, 282 in
    # 2014". Our filter (division rows only) keeps every one of them.
    readme = (eu.parent / "README.md").read_text(encoding="utf-8")
    assert "278 in 2013, 282 in 2014" in readme
    expected = {2013: 278, 2014: 282}
    assert source_panel.groupby("year")["region_code"].nunique().to_dict() == {
        str(y): n for y, n in expected.items()
    }
    assert panel.groupby("year")["region"].nunique().to_dict() == expected
    # The 4 regions of 2014 only: Croatia has no SBS data before 2014, Ireland none for 2013.
    by_year = panel.groupby("year")["region"].agg(set)
    assert sorted(by_year[2014] - by_year[2013]) == ["HR03", "HR04", "IE01", "IE02"]
    assert not by_year[2013] - by_year[2014]


def test_panel_equals_filtered_source(source_panel: pd.DataFrame, panel: pd.DataFrame) -> None:
    src = source_panel.rename(columns={"region_code": "region", "sector_code": "activity"}).astype(
        {"year": int, "value": int}
    )[["region", "activity", "year", "value"]]
    src = src.sort_values(["region", "activity", "year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(panel, src, check_dtype=False)
    assert panel.groupby("year").size().to_dict() == {2013: 16_652, 2014: 16_902}
    assert panel["value"].notna().all() and (panel["value"] >= 0).all()


def test_hand_checked_rows(panel: pd.DataFrame, regions: pd.DataFrame) -> None:
    # Shared SBS file, line 23319 (sample line of the shared README, checked there against the
    # raw Eurostat cell `C29,V16110,DE11`):
    # DE11,Stuttgart,2,2010+2013,C29,"Manufacture of motor vehicles, trailers and
    # semi-trailers",division,2014,158012,persons,
    row = panel[
        (panel["region"] == "DE11") & (panel["activity"] == "C29") & (panel["year"] == 2014)
    ]
    assert row["value"].tolist() == [158_012]
    # nuts_population_annual_average_2000_2014.csv:
    #   DE11,Stuttgart,2,2010+2013,2014,3991,thousand persons (annual average),
    # nuts_gdp_current_prices_2000_2014.csv:
    #   DE11,Stuttgart,2,2010+2013,2014,MIO_PPS,177205,"million PPS, current prices",
    #   DE11,Stuttgart,2,2010+2013,2014,PPS_HAB,44400,PPS per inhabitant,
    stuttgart = regions[regions["region"] == "DE11"].to_dict("records")
    assert stuttgart == [
        {
            "region": "DE11",
            "name_en": "Stuttgart",
            "country": "DE",
            "population": "3991000",
            "gdp": "177205",
            "gdp_per_capita": "44400",
            "year": "2014",
        }
    ]


def test_regions_against_sources(eu: Path, regions: pd.DataFrame, panel: pd.DataFrame) -> None:
    assert sorted(regions["region"]) == sorted(panel["region"].unique())
    pop = _text(eu / "nuts_population_annual_average_2000_2014.csv")
    pop = pop[pop["year"] == "2014"].set_index("region_code")["value"]
    gdp = _text(eu / "nuts_gdp_current_prices_2000_2014.csv")
    gdp = gdp[gdp["year"] == "2014"].pivot(index="region_code", columns="unit_code", values="value")
    names = _text(eu / "nuts_region_codes_names_2010_2013.csv").set_index("region_code")
    for r in regions.itertuples():
        assert r.name_en == names.at[r.region, "region_name"]
        assert r.country == r.region[:2] and r.year == "2014"
        if r.region in pop.index:
            assert int(r.population) == int(pop[r.region]) * 1000
            assert r.gdp == gdp.at[r.region, "MIO_PPS"]
            assert r.gdp_per_capita == gdp.at[r.region, "PPS_HAB"]
        else:  # no 2014 value in the source: the cell stays empty, never 0 or another year
            assert (r.population, r.gdp, r.gdp_per_capita) == ("", "", ""), r.region
    empty = regions.loc[regions["population"] == "", "region"]
    assert list(empty) == [f"NO0{i}" for i in range(1, 8)]


# --- activities and the NACE catalogue ---------------------------------------------------------
def test_activities(activities: pd.DataFrame, panel: pd.DataFrame) -> None:
    assert len(activities) == 68
    assert list(activities["activity"]) == sorted(panel["activity"].unique())
    assert set(activities["group"]) == GROUPS
    assert (activities["section"] == activities["activity"].str[0]).all()
    group = activities.set_index("activity")["group"]
    # The documented choices inside C19-C24 (README "Activity groups").
    assert group["C21"] == "light manufacturing"
    assert {group[c] for c in ("C19", "C20", "C22", "C23", "C24")} == {"resource processing"}
    assert group["C33"] == "heavy/equipment manufacturing" and group["S95"] == "consumer services"
    assert group["G46"] == "producer services" and group["G47"] == "consumer services"
    assert group["C29"] == "heavy/equipment manufacturing"
    assert group["C10"] == "light manufacturing" and group["M72"] == "producer services"
    for name in activities["name_en"]:
        assert name[0].isupper() and not name.isupper(), name


def test_nace_catalogue_loads(activities: pd.DataFrame) -> None:
    codes = list(activities["activity"])
    cat = load_catalogue(CATALOGUE, activities=codes)
    assert 15 <= len(cat.industries) <= 20
    assert set(cat.industries["stage"]) == {"emerging", "future"}
    assert cat.industries["source_national_value"].notna().all()
    assert set(cat.base_weights["activity"]) <= set(codes)
    assert set(cat.requirements["quality"]) <= set(QUALITIES)
    # Traditional activities (mining, manufacturing, utilities) all have an upgrade direction.
    traditional = activities.loc[
        ~activities["group"].isin(["construction", "producer services", "consumer services"]),
        "activity",
    ]
    assert set(traditional) <= set(cat.upgrades["activity"])


def test_every_catalogue_code_is_in_activities_csv(activities: pd.DataFrame) -> None:
    # Read the YAML independently of the validator: every activity key anywhere in the file.
    doc = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    used = {a for ind in doc["industries"] for a in ind["base_sectors"]}
    used |= set(doc["traditional_upgrades"])
    with (BUNDLE / "activities.csv").open(encoding="utf-8", newline="") as handle:
        listed = {row["activity"] for row in csv.DictReader(handle)}
    assert used and used <= listed, sorted(used - listed)


def test_readme_states_provenance_and_counts() -> None:
    text = (BUNDLE / "README.md").read_text(encoding="utf-8")
    for needle in (
        "0639ea85b99bc0791810ab47db9eb0b2ee66070f",
        "6eb4e826f2f8942627803762d5b9638544290cdd",
        "d525b90b8fc24ff554d39b9b148f037cbcddc1bf",
        "4fa101860b596baef7edf6b9fd0f3993354807a0",
        "Source: Eurostat",
        "2011/833/EU",
        "| 278 | 282 |",
        "| 16,652 | 16,902 |",
        "33,554",
        "NO01-NO07",
    ):
        assert needle in text, needle


def test_readme_sizes_and_source_hashes(eu: Path) -> None:
    # The README's file table and its sha256 column must describe these very files.
    text = (BUNDLE / "README.md").read_text(encoding="utf-8")
    for name in BUILT_FILES:
        assert f"| `{name}` |" in text and f"| {(BUNDLE / name).stat().st_size:,} |" in text, name
    for name in (
        SBS,
        "nuts_population_annual_average_2000_2014.csv",
        "nuts_gdp_current_prices_2000_2014.csv",
        "nuts_region_codes_names_2010_2013.csv",
    ):
        digest = hashlib.sha256((eu / name).read_bytes()).hexdigest()
        assert f"`{name}` (`{digest}`)" in text, name
