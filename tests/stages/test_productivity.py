"""The productivity stage on the embedded data: indicators from their sources, index
invariants, gaps against an independent Gini, DEA orderings, Malmquist against an independent
LP re-solve (scipy linprog), config errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

import yindi
from yindi.datasets import CHINA_KNOWLEDGE
from yindi.errors import InputError
from yindi.stages.productivity.nqpf import load_nqpf_config


@pytest.fixture(scope="module")
def result() -> yindi.ProductivityResult:
    return yindi.productivity()


def test_indicators_come_from_the_dataset(result, tol) -> None:
    ind = yindi.datasets.china_provinces().table("indicators").set_index(["region", "year"])
    row = result.values.set_index(["region", "year"]).loc[("Beijing", 2019)]
    src = ind.loc[("Beijing", 2019)]
    assert row["rd_personnel_per_10k"] == pytest.approx(
        src["rd_personnel_fte"] / src["population_10k"], rel=tol.hand
    )
    # CO2 (Mt) per GDP (100 million CNY) x 100 = t per 10,000 CNY.
    assert row["carbon_intensity"] == pytest.approx(
        src["co2_total_mt"] * 100 / src["gdp_100m_cny"], rel=tol.hand
    )


def test_index_invariants_and_missing(result) -> None:
    idx = result.index
    assert idx["closeness"].between(0, 1).all()
    assert result.weights["weight"].sum() == pytest.approx(1.0)
    for _, part in idx.groupby("year"):
        assert part.loc[part["rank"] == 1, "closeness"].iloc[0] == part["closeness"].max()
    # CEADs has no Tibet: every Tibet year lacks carbon intensity, is listed and has no index.
    tibet = result.missing[result.missing["region"] == "Tibet (Xizang)"]
    assert len(tibet) == 9 and tibet["missing"].str.contains("carbon_intensity").all()
    assert "Tibet (Xizang)" not in set(idx["region"])
    weak = result.weak_points(top=3)
    assert (weak.groupby("region").size() == 3).all()


def test_gaps_against_an_independent_gini(result, tol) -> None:
    idx = result.index
    for y, part in idx.groupby("year"):
        v = part["closeness"].to_numpy()
        gini = np.abs(v[:, None] - v[None, :]).sum() / (2 * v.size**2 * v.mean())
        g = result.gaps.set_index("year").loc[y]
        assert g["gini"] == pytest.approx(gini, abs=tol.hand)
        assert g["gini_within"] + g["gini_between"] + g["gini_transvariation"] == pytest.approx(
            g["gini"], abs=tol.hand
        )
        assert g["theil_within"] + g["theil_between"] == pytest.approx(g["theil"], abs=tol.hand)


def test_efficiency_orderings_and_malmquist_identity(result, tol) -> None:
    eff = result.efficiency
    assert (eff["ccr"] <= eff["bcc"] + tol.peer).all() and (eff["bcc"] <= 1 + tol.peer).all()
    # SBM also sees CO2 (an undesirable output CCR ignores), so it is a different technology:
    # SBM <= CCR holds only on the same data (tested in tests/measures); here only its range.
    assert eff["sbm_undesirable"].between(0, 1 + tol.peer).all()
    assert set(result.malmquist["period"]) == {f"{y}-{y + 1}" for y in range(2011, 2019)}
    assert any("growth accounting" in n for n in result.notes)


def _farrell_input_distance(x_o, y_o, x_ref, y_ref) -> float:
    """min theta s.t. X_ref' lam <= theta x_o, Y_ref' lam >= y_o, lam >= 0 (CRS), by linprog."""
    n = x_ref.shape[0]
    cost = np.r_[1.0, np.zeros(n)]  # variables: theta, lambda_1..n
    a_in = np.c_[-x_o[:, None], x_ref.T]  # sum_j lam_j x_ij - theta x_io <= 0
    a_out = np.c_[np.zeros((y_ref.shape[1], 1)), -y_ref.T]  # -sum_j lam_j y_rj <= -y_ro
    res = linprog(
        cost,
        A_ub=np.r_[a_in, a_out],
        b_ub=np.r_[np.zeros(x_ref.shape[1]), -y_o],
        bounds=[(None, None)] + [(0, None)] * n,
        method="highs",
    )
    assert res.status == 0, res.message
    return float(res.x[0])


def test_malmquist_against_an_independent_lp_re_solve(result, tol) -> None:
    # Färe et al. (1994) with input-oriented Farrell distances D_t (1 on the frontier):
    # EC = D1(x1, y1) / D0(x0, y0), MI = [D0(x1, y1) D1(x1, y1) / (D0(x0, y0) D1(x0, y0))]^1/2,
    # every distance re-solved here with scipy's linprog on the raw (unscaled) data.
    ins, outs, _ = CHINA_KNOWLEDGE["technology"]
    ind = yindi.datasets.china_provinces().table("indicators")
    cols = [*ins, *outs, "co2_total_mt"]  # a region-year is usable with all of them positive
    y0, y1 = 2018, 2019
    panels = {}
    for y in (y0, y1):
        part = ind[ind["year"] == y].set_index("region")
        panels[y] = part[(part[cols].notna() & (part[cols] > 0)).all(axis=1)]
    common = sorted(set(panels[y0].index) & set(panels[y1].index))
    x = {y: panels[y].loc[common, list(ins)].to_numpy(float) for y in (y0, y1)}
    q = {y: panels[y].loc[common, list(outs)].to_numpy(float) for y in (y0, y1)}

    def dist(k: int, at: int, ref: int) -> float:
        return _farrell_input_distance(x[at][k], q[at][k], x[ref], q[ref])

    mq = result.malmquist
    got = mq[mq["period"] == f"{y0}-{y1}"].set_index("region").loc[common]
    for k, region in enumerate(common):
        d00, d11 = dist(k, y0, y0), dist(k, y1, y1)
        d01, d10 = dist(k, y1, y0), dist(k, y0, y1)  # period-1 point on period-0 frontier ...
        ec = d11 / d00
        mi = np.sqrt(d01 * d11 / (d00 * d10))
        assert got.at[region, "efficiency_change"] == pytest.approx(ec, abs=tol.peer), region
        assert got.at[region, "malmquist"] == pytest.approx(mi, abs=tol.peer), region
        assert got.at[region, "technical_change"] == pytest.approx(mi / ec, abs=tol.peer), region


def test_config_errors_name_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    base = (
        "version: 1\nyears: [2011, 2019]\nindicators:\n"
        "  - {id: a, dimension: new-type labourers, numerator: gdp_100m_cny, direction: benefit}\n"
    )
    cases = {
        "  - {id: b, dimension: new-type labourers, numerator: gdp_100m_cmy, direction: cost}\n": "did you mean",
        "  - {id: b, dimension: old labour, numerator: gdp_100m_cny, direction: cost}\n": "dimension",
        "  - {id: b, dimension: new-type labourers, numerator: gdp_100m_cny, direction: up}\n": "direction",
        "  - {id: a, dimension: new-type labourers, numerator: gdp_100m_cny, direction: cost}\n": "duplicate id",
    }
    for line, fragment in cases.items():
        bad.write_text(base + line, encoding="utf-8")
        with pytest.raises(InputError, match=fragment):
            load_nqpf_config(bad, columns=["gdp_100m_cny", "population_10k"])


def test_plan_carries_the_index_into_classified_guidance() -> None:
    p = yindi.plan()
    assert p.productivity is not None
    assert p.types["reasons"].str.contains("NQPF").all()
    top = p.types.sort_values("nqpf", ascending=False)["region"].iloc[0]
    latest = p.productivity.index
    assert top == latest[latest["year"] == p.year].sort_values("rank")["region"].iloc[0]
    assert "nqpf_index" in p.tables()
