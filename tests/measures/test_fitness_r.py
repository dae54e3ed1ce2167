"""Fitness-complexity against R ``economiccomplexity`` (Vargas, pachadotdev) on world trade.

Reference files (``../shared/data/trade/economiccomplexity_R_fitness_{country,product}_1998_2000
.csv``) hold R's ``complexity_measures(balassa_index(world_trade_avg_1998_to_2000))`` with the
defaults: the fitness method, 20 iterations (the package's ``economiccomplexity_output`` data).

Threshold. R's ``balassa_index`` (R/balassa_index.R) discretises with
``data[data < cutoff] <- 0; data[data >= cutoff] <- 1`` and ``cutoff = 1``: M = RCA >= 1.
The shared README's check (31,951 ones in M) does not tell the two thresholds apart on this
table: no RCA is exactly 1, so ``RCA > 1`` gives the same 31,951 ones (asserted below). We use
R's ``>=`` (``presence(strict=False)``; ``convention="economic-complexity"`` in ``diagnose``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import skip_or_fail
from scipy import stats

import yindi
from yindi import measures as ms

ITERATIONS = 20
#: ones in R's binary M (shared data README: "the same binary M (31,951 ones)").
R_PRESENCE_ONES = 31_951


def _read_reference(path: Path, key: str) -> pd.Series:
    if not path.is_file():
        skip_or_fail(f"reference file {path} not found")
    frame = pd.read_csv(path, dtype={key: str})
    assert frame.shape[1] == 2 and frame[key].is_unique
    return frame.set_index(key).iloc[:, 0]


@pytest.fixture(scope="module")
def r_fitness(shared_data: Path) -> tuple[pd.Series, pd.Series]:
    """(country fitness, product complexity) from R, indexed by country / SITC code (text)."""
    trade = shared_data / "trade"
    country = _read_reference(
        trade / "economiccomplexity_R_fitness_country_1998_2000.csv", "country"
    )
    product = _read_reference(
        trade / "economiccomplexity_R_fitness_product_1998_2000.csv", "product"
    )
    return country, product


@pytest.fixture(scope="module")
def wide(world_trade: pd.DataFrame) -> pd.DataFrame:
    return (
        world_trade.pivot(index="country", columns="product", values="value")
        .fillna(0.0)
        .sort_index()
        .sort_index(axis=1)
    )


@pytest.fixture(scope="module")
def rca(wide: pd.DataFrame) -> np.ndarray:
    return ms.revealed_comparative_advantage(wide.to_numpy())


def _agree(ours: pd.Series, reference: pd.Series, tol, what: str) -> None:
    assert set(ours.index) == set(reference.index), f"{what}: label sets differ"
    a, b = ours.loc[reference.index].to_numpy(float), reference.to_numpy(float)
    assert np.isfinite(a).all()
    pearson = stats.pearsonr(a, b).statistic
    spearman = stats.spearmanr(a, b).statistic
    assert pearson > tol.pearson, f"{what}: Pearson {pearson}"
    assert spearman > tol.spearman, f"{what}: Spearman {spearman}"


def test_presence_threshold_reproduces_r_count(rca: np.ndarray) -> None:
    ones_at_least = ms.presence(rca, strict=False).sum()  # R: data >= cutoff -> 1
    ones_above = ms.presence(rca, strict=True).sum()
    assert ones_at_least == R_PRESENCE_ONES
    # The count cannot discriminate here: no RCA sits on the threshold ...
    assert not np.any(rca == 1.0)
    # ... so the strict (Stata) threshold gives the same matrix on this table.
    assert ones_above == R_PRESENCE_ONES


def test_reference_covers_every_country_and_product(wide: pd.DataFrame, r_fitness) -> None:
    country, product = r_fitness
    assert sorted(country.index) == list(wide.index)  # 226 countries
    assert sorted(product.index) == list(wide.columns)  # 785 products, codes like "0011"
    # R normalises both vectors to mean 1 at every step, as we do.
    assert country.mean() == pytest.approx(1.0) and product.mean() == pytest.approx(1.0)


def test_kernel_fitness_matches_r(wide: pd.DataFrame, rca: np.ndarray, r_fitness, tol) -> None:
    country, product = r_fitness
    raw = ms.fitness_complexity(ms.presence(rca, strict=False), iterations=ITERATIONS)
    _agree(pd.Series(raw.kc, index=wide.index), country, tol, "country fitness")
    _agree(pd.Series(raw.kp, index=wide.columns), product, tol, "product complexity")


def test_kernel_fitness_values_match_r(wide: pd.DataFrame, rca: np.ndarray, r_fitness, tol) -> None:
    # Stronger than the correlations: the same iteration count gives the same numbers.
    country, product = r_fitness
    raw = ms.fitness_complexity(ms.presence(rca, strict=False), iterations=ITERATIONS)
    np.testing.assert_allclose(
        pd.Series(raw.kc, index=wide.index).loc[country.index], country, rtol=0, atol=tol.peer
    )
    np.testing.assert_allclose(
        pd.Series(raw.kp, index=wide.columns).loc[product.index], product, rtol=0, atol=tol.peer
    )


def test_diagnose_fitness_matches_r(world_trade: pd.DataFrame, r_fitness, tol) -> None:
    country, product = r_fitness
    result = yindi.diagnose(
        world_trade,
        region="country",
        activity="product",
        year="year",
        value="value",
        method="fitness",
        convention="economic-complexity",
        iterations=ITERATIONS,
    )
    # method="fitness" leaves ECI (= fitness) and PCI (= complexity) un-standardised, mean 1.
    eci = result.region.astype({"region": str}).set_index("region")["eci"]
    pci = result.activity.astype({"activity": str}).set_index("activity")["pci"]
    _agree(eci, country, tol, "diagnose: country fitness")
    _agree(pci, product, tol, "diagnose: product complexity")
    np.testing.assert_allclose(eci.loc[country.index], country, rtol=0, atol=tol.peer)
    np.testing.assert_allclose(pci.loc[product.index], product, rtol=0, atol=tol.peer)
    # The PCI in the long table is the same vector, repeated per region.
    ra = result.region_activity.astype({"activity": str})
    per_activity = ra.groupby("activity")["pci"].agg(["min", "max"])
    np.testing.assert_array_equal(per_activity["min"], per_activity["max"])
