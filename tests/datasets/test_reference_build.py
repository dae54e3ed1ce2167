"""Checks of the shipped reference complexity (``yindi/datasets/reference/``).

The numbers are held against references that do not come from the build:

- **published rankings** (qualitative): Hidalgo, Klinger, Barabasi & Hausmann (2007, Science) and
  the Atlas of Economic Complexity (Hausmann et al. 2011) place machinery, chemicals and
  electronics among the most complex products and garments, raw materials and fuels among the
  least; Felipe, Kumar, Abdon & Bacate (2012, Structural Change and Economic Dynamics 23(1)) find
  the most complex products in machinery (SITC 7) and chemicals (SITC 5);
- **a peer output on the same trade data**: R ``economiccomplexity``'s fitness-complexity of the
  785 products (``../shared/data/trade/economiccomplexity_R_fitness_product_1998_2000.csv``),
  carried through the shipped concordance with the same weights;
- **the activity codes of the data the reference serves**: China's 41 IO activities of the
  embedded dataset and Eurostat's NACE Rev.2 division codes in the SBS file.

Fitness and eigenvector PCI are different estimators (Tacchella et al. 2012; Mariani et al. 2015),
so only a moderate rank agreement is expected: the bounds below sit under the values observed at
build time (product 0.51, NACE divisions 0.69, China sectors 0.44).
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import skip_or_fail
from scipy import stats

import yindi.datasets
from yindi.measures.reference import SHARE_TOLERANCE, concord_complexity

REFERENCE = files("yindi.datasets") / "reference"
CLASSIFICATIONS = {"nace_r2_division", "china_io_41"}
#: written precision of the tables: complexity with 6 decimals, product export shares with 9;
#: recomputing from the written numbers can move an activity's mean by a few 1e-7.
WRITTEN_ATOL = 1e-5
#: Spearman bounds against R fitness-complexity (observed 0.507 / 0.693 / 0.437 at build time).
SPEARMAN_PRODUCTS = 0.45
SPEARMAN_NACE = 0.60
SPEARMAN_CHINA = 0.35


def _read(name: str) -> pd.DataFrame:
    with (REFERENCE / name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(
            handle,
            dtype={"product": str, "activity": str, "isic4": str, "isic3": str, "hs_prefix": str},
            keep_default_na=False,
            na_values=[""],
        )


@pytest.fixture(scope="module")
def activity() -> pd.DataFrame:
    return _read("activity_complexity.csv")


@pytest.fixture(scope="module")
def products() -> pd.DataFrame:
    return _read("product_complexity.csv").set_index("product")


@pytest.fixture(scope="module")
def links() -> pd.DataFrame:
    return _read("product_activity.csv")


def _values(activity: pd.DataFrame, classification: str) -> pd.Series:
    part = activity[activity["classification"] == classification]
    return part.set_index("activity")["complexity"]


# --- form -------------------------------------------------------------------------------------


def test_activity_table_form(activity: pd.DataFrame) -> None:
    assert list(activity.columns) == [
        "classification", "activity", "complexity", "products", "export_share", "source", "year",
    ]  # fmt: skip
    assert set(activity["classification"]) == CLASSIFICATIONS
    keys = activity[["classification", "activity"]]
    assert not keys.duplicated().any()
    assert keys.equals(keys.sort_values(["classification", "activity"], ignore_index=True))
    assert np.isfinite(activity["complexity"]).all()
    assert (activity["products"] >= 1).all()
    assert activity["export_share"].between(0, 1, inclusive="right").all()
    assert set(activity["year"]) == {"1998-2000"}
    raw = (REFERENCE / "activity_complexity.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert all(re.fullmatch(r"-?\d+\.\d{6}", line.split(",")[2]) for line in raw)


def test_activity_codes_are_the_ones_of_the_served_data(activity: pd.DataFrame) -> None:
    china = set(yindi.datasets.china_provinces().activities["activity"])
    assert set(_values(activity, "china_io_41").index) <= china
    nace = _values(activity, "nace_r2_division").index
    assert all(re.fullmatch(r"[A-U]\d{2}", code) for code in nace)


def test_sbs_uses_the_same_nace_codes(activity: pd.DataFrame, shared_data: Path) -> None:
    """Every non-agricultural NACE code of the reference is a division code of the EU SBS file."""
    path = shared_data / "eu" / "sbs_nuts2_persons_employed_nace_r2_divisions_2008_2015_long.csv"
    if not path.is_file():
        skip_or_fail(f"shared data file {path} not found")
    sbs = pd.read_csv(path, usecols=["sector_code", "sector_level"], dtype=str)
    divisions = set(sbs.loc[sbs["sector_level"] == "division", "sector_code"])
    ours = {c for c in _values(activity, "nace_r2_division").index if not c.startswith("A")}
    assert ours <= divisions, sorted(ours - divisions)
    assert {"C26", "C10", "B06"} <= ours


def test_services_have_no_reference_value(activity: pd.DataFrame) -> None:
    """Only goods are traded: sections F-U and China's sectors S27-S41 (and repair, S23) are absent."""
    nace = _values(activity, "nace_r2_division").index
    assert {code[0] for code in nace} <= set("ABCDE")
    china = set(_values(activity, "china_io_41").index)
    assert not china & {f"S{i:02d}" for i in (23, *range(27, 42))}


def test_concordance_shares_sum_to_one(links: pd.DataFrame) -> None:
    totals = links.groupby(["classification", "product"])["share"].sum()
    assert ((totals - 1).abs() <= SHARE_TOLERANCE).all()


def test_hand_tables_give_a_basis_for_every_line() -> None:
    for name in ("isic3_goods_to_isic4.csv", "isic4_to_china_io41.csv"):
        table = _read(name)
        assert table["basis"].notna().all() and (table["basis"].str.len() > 10).all(), name
    china = _read("isic4_to_china_io41.csv")
    assert set(china["activity"]) == {f"S{i:02d}" for i in range(1, 42)}


def test_product_complexity_is_standardised(products: pd.DataFrame) -> None:
    z = products["complexity"]
    assert abs(z.mean()) < WRITTEN_ATOL and abs(z.std(ddof=1) - 1) < WRITTEN_ATOL
    assert len(products) == 785


def test_tables_agree_with_each_other(
    activity: pd.DataFrame, products: pd.DataFrame, links: pd.DataFrame
) -> None:
    """activity_complexity = concord_complexity(product table, shipped concordance)."""
    for classification in CLASSIFICATIONS:
        conc = links[links["classification"] == classification]
        again = concord_complexity(
            products["complexity"], products["export_share"], conc[["product", "activity", "share"]]
        )
        shipped = activity[activity["classification"] == classification].set_index("activity")
        assert list(again.index) == list(shipped.index)
        np.testing.assert_allclose(again["complexity"], shipped["complexity"], atol=WRITTEN_ATOL)
        assert again["products"].tolist() == shipped["products"].tolist()


# --- published rankings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("higher", "lower"),
    [
        ("C26", "C14"),  # electronics above wearing apparel
        ("C26", "C31"),  # electronics above furniture
        ("C26", "C16"),  # electronics above wood
        ("C28", "C14"), ("C28", "C15"), ("C28", "C16"),  # machinery above apparel, leather, wood
        ("C20", "C14"), ("C20", "C15"), ("C20", "C16"),  # chemicals
        ("C21", "C14"), ("C21", "C15"), ("C21", "C16"),  # pharmaceuticals
        ("C27", "C13"), ("C29", "C14"),  # electrical equipment, motor vehicles
        ("C10", "B06"),  # food products above crude oil and gas (oil: the least complex, Atlas)
    ],
)  # fmt: skip
def test_nace_ranking(activity: pd.DataFrame, higher: str, lower: str) -> None:
    values = _values(activity, "nace_r2_division")
    assert values[higher] > values[lower]


@pytest.mark.parametrize(
    ("higher", "lower"),
    [
        ("S20", "S08"),  # electronics above clothing, footwear, leather
        ("S20", "S09"),  # electronics above wood and furniture
        ("S16", "S08"), ("S17", "S08"), ("S19", "S08"), ("S21", "S08"),  # equipment
        ("S12", "S08"), ("S12", "S09"),  # chemicals
        ("S06", "S03"),  # food above crude oil and gas
    ],
)  # fmt: skip
def test_china_ranking(activity: pd.DataFrame, higher: str, lower: str) -> None:
    values = _values(activity, "china_io_41")
    assert values[higher] > values[lower]


def test_equipment_is_the_most_complex_group_and_resources_the_least(
    activity: pd.DataFrame,
) -> None:
    values = _values(activity, "china_io_41")
    equipment = values[["S16", "S17", "S18", "S19", "S20", "S21"]]
    resources = values[["S02", "S03", "S04", "S05", "S11"]]
    assert equipment.min() > resources.max()
    assert set(values.nlargest(5).index) <= {"S15", "S16", "S17", "S18", "S19", "S20", "S21"}


def test_sitc_sections_rank_as_published(products: pd.DataFrame) -> None:
    """Machinery (SITC 7) and chemicals (5) above food (0), crude materials (2), fuels (3), apparel (84)."""
    z = products["complexity"]
    section = z.groupby(z.index.str[0]).mean()
    apparel = z[z.index.str.startswith("84")].mean()
    for low in (section["0"], section["2"], section["3"], apparel):
        assert section["7"] > low and section["5"] > low


# --- peer output on the same data ---------------------------------------------------------------


@pytest.fixture(scope="module")
def r_fitness(shared_data: Path) -> pd.Series:
    path = shared_data / "trade" / "economiccomplexity_R_fitness_product_1998_2000.csv"
    if not path.is_file():
        skip_or_fail(f"reference file {path} not found")
    frame = pd.read_csv(path, dtype={"product": str})
    return frame.set_index("product")["complexity_index_product"]


def test_products_agree_with_r_fitness(products: pd.DataFrame, r_fitness: pd.Series) -> None:
    assert set(r_fitness.index) == set(products.index)
    rho = stats.spearmanr(products["complexity"], r_fitness.reindex(products.index)).statistic
    assert rho > SPEARMAN_PRODUCTS, rho


@pytest.mark.parametrize(
    ("classification", "bound"),
    [("nace_r2_division", SPEARMAN_NACE), ("china_io_41", SPEARMAN_CHINA)],
)
def test_activities_agree_with_r_fitness_through_the_same_concordance(
    activity: pd.DataFrame,
    products: pd.DataFrame,
    links: pd.DataFrame,
    r_fitness: pd.Series,
    classification: str,
    bound: float,
) -> None:
    conc = links[links["classification"] == classification][["product", "activity", "share"]]
    # log fitness: Q is heavy-tailed (a few products hold most of it), its log is PCI-like
    peer = concord_complexity(np.log(r_fitness), products["export_share"], conc)["complexity"]
    ours = _values(activity, classification)
    rho = stats.spearmanr(ours, peer.reindex(ours.index)).statistic
    assert rho > bound, rho
