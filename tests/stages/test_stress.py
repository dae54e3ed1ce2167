"""The stress stage on the embedded provincial tables: every built-in scenario, checked against
full re-solves with numpy on the same multi-regional table, pymrio for L and G, the portfolio
economies, the difference coordination makes, past resilience, byte-identical outputs."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import require_module

import yindi
import yindi.datasets
from yindi.measures.io import hypothetical_extraction, io_system
from yindi.stages.stress import BUILTIN, builtin_scenarios, embedded_economy, stress

#: Agreement between two float64 routes to the same linear solve on a 1,251-sector table
#: (relative to the largest value compared).
SOLVE_RTOL = 1e-9


@pytest.fixture(scope="module")
def coordination():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return yindi.coordinate(yindi.plan(with_productivity=False))


@pytest.fixture(scope="module")
def result(coordination):
    return stress(coordination=coordination)


@pytest.fixture(scope="module")
def economy():
    return embedded_economy(yindi.datasets.china_provinces())


@pytest.fixture(scope="module")
def leontief(economy):
    a = economy.Z.to_numpy() / economy.x.to_numpy()[None, :]
    return a, np.linalg.inv(np.eye(len(a)) - a)


def _loss(result, scenario: str, portfolio: str = "table", model: str = "multiregional"):
    name = {s.file.split(" ")[0]: s.name for s in builtin_scenarios()}[scenario]
    part = result.losses
    part = part[
        (part["scenario"] == name) & (part["portfolio"] == portfolio) & (part["model"] == model)
    ]
    return part.set_index(["region", "sector"])["output_loss"]


def _close(actual: pd.Series, expected: np.ndarray) -> None:
    scale = float(np.abs(expected).max())
    np.testing.assert_allclose(actual.to_numpy(), expected, rtol=0, atol=SOLVE_RTOL * scale)


def test_every_builtin_scenario_runs_on_both_portfolios_and_models(result) -> None:
    assert len(result.scenarios) == len(BUILTIN) == 4
    assert set(result.scenarios["status"]) == {"run"}
    runs = result.totals.groupby(["scenario", "model", "portfolio"]).size()
    assert len(runs) == 4 * 2 * 3
    assert (result.totals["output_loss"] > 0).all()
    # Every source line is there, and the Sichuan scenario carries its seismic record.
    assert result.scenarios["source"].str.len().min() > 100
    sichuan = result.scenarios.set_index("type").loc["output_disruption", "plausibility"]
    assert "6 earthquakes of Mw >= 7" in sichuan and "ISC-GEM" in sichuan
    # The multi-regional table's assumption is stated with the results and written out.
    assert result.totals["assumption"].str.contains("Chenery-Moses").all()
    assert "gravity prior distance^-1" in result.assumptions_text()
    assert "Oosterhaven" in " ".join(result.notes)  # the Ghosh caveat of the chip cut
    inop = result.losses["inoperability"]
    assert inop.notna().all() and inop.between(0, 1 + 1e-12).all()


def test_linked_table_keeps_every_provinces_published_output(economy) -> None:
    # trade_totals="smaller" moves the surplus of outflows or inflows to foreign trade, so each
    # province-sector keeps its output: GO - ERR (the statistical discrepancy), exactly.
    fu = yindi.datasets.china_provinces().table("io_final_use")
    fu = fu[fu["year"] == 2017].pivot_table(
        index=["region", "activity"], columns="column_code", values="value_10k_cny", aggfunc="sum"
    )
    published = (fu["GO"] - fu["ERR"]).reindex(economy.labels)
    # Within the tables' own row-balance residuals (at most 0.45 万元, data README).
    np.testing.assert_allclose(economy.x, published, rtol=0, atol=0.45)
    # ... and no province-sector needs more than one unit of domestic inputs per unit of output.
    assert (economy.Z.sum(axis=0).to_numpy() / economy.x.to_numpy() < 1).all()


def test_export_fall_equals_a_full_resolve(result, economy, leontief) -> None:
    _, L = leontief
    expected = L @ (0.2 * economy.exports.to_numpy())
    _close(_loss(result, "export_fall"), expected)
    # Single-region model: each province's own Leontief inverse, nothing spills over.
    region = np.asarray(economy.labels.get_level_values(0))
    a = economy.Z.to_numpy() / economy.x.to_numpy()[None, :]
    single = np.zeros(len(a))
    for r in economy.regions:
        k = np.flatnonzero(region == r)
        block = np.linalg.inv(np.eye(len(k)) - a[np.ix_(k, k)])
        single[k] = block @ (0.2 * economy.exports.to_numpy()[k])
    _close(_loss(result, "export_fall", model="single_region"), single)


def test_shanxi_coal_phase_out_equals_a_full_resolve(result, economy, leontief) -> None:
    a, _ = leontief
    x = economy.x.to_numpy()
    y = x - a @ x
    out = economy.labels.get_loc(("Shanxi", "S02"))
    keep = np.arange(len(x)) != out
    rest = np.linalg.solve(np.eye(keep.sum()) - a[np.ix_(keep, keep)], y[keep])
    expected = np.empty_like(x)
    expected[keep] = x[keep] - rest
    expected[out] = x[out]
    _close(_loss(result, "shanxi_coal"), expected)


def test_chip_cut_equals_the_ghosh_model_solved_directly(result, economy) -> None:
    z, x = economy.Z.to_numpy(), economy.x.to_numpy()
    g = np.linalg.inv(np.eye(len(x)) - z / x[:, None])
    dv = -0.5 * economy.imports.loc["S20"].to_numpy()
    _close(_loss(result, "chip_imports"), -(dv @ g))


def test_sichuan_earthquake_equals_a_weekly_inoperability_loop(result, economy, leontief) -> None:
    a, _ = leontief
    x = economy.x.to_numpy()
    a_star = a * x[None, :] / x[:, None]
    k = np.log(100) / (52 * (1 - np.diag(a)))  # recover to 1 % in 12 months = 52 weeks
    q = np.where(economy.labels.get_level_values(0) == "Sichuan", 0.483, 0.0)
    total = np.zeros_like(x)
    for _ in range(52):
        total += q * x / 52
        q = q + k * (a_star @ q - q)
    _close(_loss(result, "sichuan_earthquake"), total)


def test_portfolios_add_the_same_sales_and_output_follows_leontief(
    result, economy, leontief
) -> None:
    _, L = leontief
    va = float((economy.va_coefficient * economy.x).sum())
    added = result.increments.groupby("portfolio")["final_sales_added"].sum()
    np.testing.assert_allclose(added[["uncoordinated", "coordinated"]], 0.014 * va, rtol=1e-12)
    for portfolio in ("uncoordinated", "coordinated"):
        df = (
            result.increments[result.increments["portfolio"] == portfolio]
            .groupby(["region", "sector"])["final_sales_added"]
            .sum()
            .reindex(economy.labels, fill_value=0.0)  # no hub there: nothing added
        )
        x_new = economy.x.to_numpy() + L @ df.to_numpy()
        # The phase-out loss depends on output only: a full re-solve on the new economy.
        a, _ = leontief
        y = x_new - a @ x_new
        out = economy.labels.get_loc(("Shanxi", "S02"))
        keep = np.arange(len(x_new)) != out
        rest = np.linalg.solve(np.eye(keep.sum()) - a[np.ix_(keep, keep)], y[keep])
        expected = np.empty_like(x_new)
        expected[keep], expected[out] = x_new[keep] - rest, x_new[out]
        _close(_loss(result, "shanxi_coal", portfolio), expected)


def test_the_difference_is_coordinated_minus_uncoordinated(result) -> None:
    d = result.difference
    assert len(d) == 4 * 2
    t = result.totals.set_index(["scenario", "model", "portfolio"])["output_loss"]
    for row in d.itertuples():
        unc = t[(row.scenario, row.model, "uncoordinated")]
        coo = t[(row.scenario, row.model, "coordinated")]
        sums = result.losses.groupby(["scenario", "model", "portfolio"])["output_loss"].sum()
        assert coo == pytest.approx(sums[(row.scenario, row.model, "coordinated")], rel=1e-12)
        assert row.difference == pytest.approx(coo - unc, rel=1e-12)
        assert row.difference_pct == pytest.approx((coo - unc) / unc, rel=1e-12)
    # Regional and sectoral tables add up to the national totals.
    reg = result.regional.groupby(["scenario", "model", "portfolio"])["output_loss"].sum()
    sec = result.sectoral.groupby(["scenario", "model", "portfolio"])["output_loss"].sum()
    np.testing.assert_allclose(reg.sort_index(), t.sort_index(), rtol=1e-12)
    np.testing.assert_allclose(sec.sort_index(), t.sort_index(), rtol=1e-12)


def test_portfolio_metrics_count_hubs_and_concentration(result, coordination) -> None:
    p = result.portfolio.set_index(["portfolio", "industry"])
    alloc = coordination.allocation
    own = alloc[alloc["uncoordinated"]].groupby("industry").size()
    chosen = alloc[alloc["selected"]].groupby("industry").size()
    assert p.loc["uncoordinated", "hubs"].reindex(own.index).tolist() == own.tolist()
    assert p.loc["coordinated", "hubs"].reindex(chosen.index).tolist() == chosen.tolist()
    assert p.loc["table", "hubs"].isna().all()  # the table has no hubs: missing, not 0
    share = p.loc["table", "top_share"]
    assert share.between(0, 1).all()
    # Cutting the top region loses at least its own share (plus what its linkages take).
    assert (p["top_cut_capacity_loss"] >= p["top_share"] - 1e-12).all()


def test_leontief_and_ghosh_equal_pymrio_and_extractions_equal_resolves(economy) -> None:
    pymrio = require_module("pymrio")
    core = io_system(economy.Z, x=economy.x, engine="lapack", ghosh=True)
    x_frame = economy.x.to_frame("indout")
    a = pymrio.calc_A(economy.Z, x_frame)
    L = pymrio.calc_L(a)
    np.testing.assert_allclose(core.L.to_numpy(), L.to_numpy(), atol=1e-8)
    b = pymrio.calc_B(economy.Z, x_frame)
    g = pymrio.calc_G(b, L=L, x=x_frame)
    np.testing.assert_allclose(core.G.to_numpy(), g.to_numpy(), atol=1e-8)
    # Rank-one extractions of a few sectors against full re-solves.
    picks = [("Guangdong", "S20"), ("Sichuan", "S24"), ("Tibet (Xizang)", "S27")]
    lost = hypothetical_extraction(core.L, economy.x)[picks]
    x = economy.x.to_numpy()
    y = x - core.A.to_numpy() @ x
    for pick in picks:
        j = economy.labels.get_loc(pick)
        keep = np.arange(len(x)) != j
        rest = np.linalg.solve(np.eye(keep.sum()) - core.A.to_numpy()[np.ix_(keep, keep)], y[keep])
        np.testing.assert_allclose(
            lost[pick].to_numpy()[keep], x[keep] - rest, atol=SOLVE_RTOL * x.max()
        )


def test_past_resilience_by_hand_and_windows_not_covered(result) -> None:
    r = result.resilience
    gdp = yindi.datasets.china_provinces().table("indicators").set_index(["region", "year"])
    g = gdp["gdp_100m_cny"]
    hubei = r[
        (r["series"] == "gdp")
        & (r["window"] == "2020 COVID-19")
        & (r["measure"] == "resistance")
        & (r["region"] == "Hubei")
    ].iloc[0]
    change = g[("Hubei", 2020)] / g[("Hubei", 2019)] - 1
    national = g.xs(2020, level="year").sum() / g.xs(2019, level="year").sum() - 1
    assert hubei["index"] == pytest.approx((change - national) / abs(national), rel=1e-12)
    assert hubei["index"] < 0  # Hubei's 2020 fell behind the national change
    gap = r[(r["series"] == "value_added_9") & (r["window"].str.startswith("2008"))]
    assert len(gap) == 2 and gap["note"].str.startswith("not covered").all()
    assert gap["index"].isna().all()


def test_same_input_gives_byte_identical_files(result, coordination, tmp_path) -> None:
    again = stress(coordination=coordination)
    paths = []
    for k, res in enumerate((result, again)):
        out = tmp_path / f"run{k}"
        res.to_dir(out, files={"assumptions.txt": res.assumptions_text()})
        paths.append(out)
    names = sorted(p.name for p in paths[0].iterdir())
    assert {"losses.csv", "portfolio.csv", "linkages.csv", "assumptions.txt"} <= set(names)
    for name in names:
        assert (paths[0] / name).read_bytes() == (paths[1] / name).read_bytes(), name
