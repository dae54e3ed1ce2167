"""Input-output kernels (``yindi.measures.io``, ``.iim``, ``.mrio``) against a textbook, pymrio,
brute force and hand calculations.

Sources
-------
- Miller & Blair (2009), *Input-Output Analysis: Foundations and Extensions*, 2nd ed. ("M&B").
  The book could not be opened from here: only its table of contents was reachable, which puts
  §2.3.1 ("Numerical Example: Hypothetical Figures - Approach I", "Impacts on Industry
  Outputs") on p. 21. The two-sector table of that example (Table 2.3: Z = [[150, 500],
  [200, 100]], f = [350, 1700], x = [1000, 2000]) and its printed A, L (to 3 decimals) and new
  outputs [1247.52, 1841.58] for f_new = [600, 1500] are as remembered, and every one of them is
  also worked out by hand below as exact fractions of det(I - A) = 0.85 * 0.95 - 0.25 * 0.20 =
  0.7575. The other figures use the same table with the definitions of ch. 6 (output and
  value-added multipliers), §12.1 (Ghosh B and G) and §12.2 (linkages; hypothetical extraction,
  whose subsection we could not pin down): the book's own worked figures for those could not
  be checked, so the expected values here are **hand calculations, not transcriptions**, and
  the section numbers (and any page beyond p. 21) are as remembered.
- pymrio 0.7 (``IOSystem(Z, Y, x).calc_system(include_ghosh=True)``; its G inverts I - B) on a
  random table, a real provincial table (Beijing 2017, the embedded dataset) and the 31-province
  MRIO built from the embedded tables.
- Brute force: every hypothetical extraction re-solved from scratch; the static IIM from an
  explicit inverse; RAS margins.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from conftest import require_module

import yindi.datasets
from yindi.errors import ComputationWarning, DroppedWarning, InputError, OptionError, YindiError
from yindi.measures.iim import (
    dynamic_inoperability,
    inoperability,
    inoperability_coefficients,
    recovery_rates,
)
from yindi.measures.io import (
    GHOSH_CAVEAT,
    allocation_coefficients,
    demand_shock,
    drop_zero_output,
    ghosh_inverse,
    ghosh_supply_cut,
    hypothetical_extraction,
    io_system,
    leontief_inverse,
    linkages,
    output_multipliers,
    technical_coefficients,
    value_added_multipliers,
)
from yindi.measures.mrio import multiregional_table, ras

#: M&B print L to 3 decimals: a printed figure is within half a unit of its last digit.
PRINTED_3DP = 5e-4
#: ... and outputs to 2 decimals.
PRINTED_2DP = 5e-3

# --- M&B (2009) §2.3.1, Table 2.3: the two-sector example --------------------------------------
S = ["s1", "s2"]
MB_Z = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=S, columns=S)
MB_X = pd.Series([1000.0, 2000.0], index=S)
MB_F = pd.Series([350.0, 1700.0], index=S)
MB_VA = pd.Series([650.0, 1400.0], index=S)  # column totals: 1000 - 350, 2000 - 600
DET = 0.85 * 0.95 - 0.25 * 0.20  # det(I - A) = 0.7575
# A = Z / x_j = [[.15, .25], [.20, .05]]; L = adj(I - A) / det
MB_A = np.array([[0.15, 0.25], [0.20, 0.05]])
MB_L = np.array([[0.95, 0.25], [0.20, 0.85]]) / DET
MB_L_PRINTED = np.array([[1.254, 0.330], [0.264, 1.122]])  # M&B p. 21-22, as remembered
# B = Z / x_i = [[.15, .50], [.10, .05]]; G = adj(I - B) / det (same determinant)
MB_B = np.array([[0.15, 0.50], [0.10, 0.05]])
MB_G = np.array([[0.95, 0.50], [0.10, 0.85]]) / DET


@pytest.fixture(scope="module")
def pymrio():  # noqa: ANN201 - the module
    return require_module("pymrio")


def random_table(n: int, seed: int) -> tuple[pd.DataFrame, pd.Series]:
    """A productive table: A with column sums in [0.3, 0.7], x positive."""
    rng = np.random.default_rng(seed)
    a = rng.random((n, n)) * (rng.random((n, n)) < 0.6)
    a *= rng.uniform(0.3, 0.7, n) / a.sum(axis=0)
    x = rng.uniform(50, 500, n)
    labels = [f"p{i:02d}" for i in range(n)]
    return pd.DataFrame(a * x, index=labels, columns=labels), pd.Series(x, index=labels)


def small_mrio(regions: int = 3, sectors: int = 4, seed: int = 1) -> tuple[pd.DataFrame, pd.Series]:
    z, x = random_table(regions * sectors, seed)
    idx = pd.MultiIndex.from_product(
        [[f"R{r}" for r in range(regions)], [f"s{s}" for s in range(sectors)]],
        names=["region", "sector"],
    )
    return z.set_axis(idx, axis=0).set_axis(idx, axis=1), x.set_axis(idx)


@pytest.fixture(scope="module")
def china_2017() -> dict[str, pd.DataFrame]:
    ds = yindi.datasets.china_provinces()
    z = ds.table("io_z")
    z = z[z["year"] == 2017].pivot_table(
        index=["region", "row_code"], columns="col_code", values="value_10k_cny", aggfunc="sum"
    )
    fu = ds.table("io_final_use")
    fu = fu[fu["year"] == 2017].pivot_table(
        index=["region", "sector_code"], columns="column_code", values="value_10k_cny"
    )
    z.index.names = fu.index.names = ["region", "sector"]
    z.columns.name = "sector"
    return {"Z": z, "fu": fu}


# --- the core system -----------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["lapack", "pymrio"])
def test_mb_two_sector_a_l_b_g(tol, engine, pymrio) -> None:
    core = io_system(MB_Z, x=MB_X, engine=engine)
    np.testing.assert_allclose(core.A.to_numpy(), MB_A, atol=tol.hand)
    np.testing.assert_allclose(core.L.to_numpy(), MB_L, atol=tol.hand)
    np.testing.assert_allclose(core.L.to_numpy(), MB_L_PRINTED, atol=PRINTED_3DP)
    np.testing.assert_allclose(core.B.to_numpy(), MB_B, atol=tol.hand)
    np.testing.assert_allclose(core.G.to_numpy(), MB_G, atol=tol.hand)
    assert list(core.L.index) == S and list(core.L.columns) == S
    # The same from the single kernels, and x from Y (x = Z1 + f).
    np.testing.assert_allclose(technical_coefficients(MB_Z, MB_X).to_numpy(), MB_A, atol=tol.hand)
    np.testing.assert_allclose(allocation_coefficients(MB_Z, MB_X).to_numpy(), MB_B, atol=tol.hand)
    np.testing.assert_allclose(leontief_inverse(core.A).to_numpy(), MB_L, atol=tol.hand)
    np.testing.assert_allclose(ghosh_inverse(core.L, MB_X).to_numpy(), MB_G, atol=tol.hand)
    from_y = io_system(MB_Z, MB_F.to_frame("f"), engine="lapack")
    np.testing.assert_allclose(from_y.x.to_numpy(), MB_X.to_numpy(), atol=tol.hand)


def test_mb_two_sector_new_outputs(tol) -> None:
    # M&B p. 21-22: f_new = [600, 1500] gives x_new = [1247.52, 1841.58].
    # By hand: L f_new = [0.95*600 + 0.25*1500, 0.20*600 + 0.85*1500] / det = [945, 1395] / det.
    core = io_system(MB_Z, x=MB_X, engine="lapack")
    dx = demand_shock(core.L, pd.Series([250.0, -200.0], index=S))
    x_new = MB_X + dx
    np.testing.assert_allclose(x_new.to_numpy(), [945 / DET, 1395 / DET], atol=tol.hand)
    np.testing.assert_allclose(x_new.to_numpy(), [1247.52, 1841.58], atol=PRINTED_2DP)
    scenarios = demand_shock(core.L, pd.DataFrame({"a": [250.0, -200.0], "b": [1.0, 0.0]}, index=S))
    np.testing.assert_allclose(scenarios["b"].to_numpy(), MB_L[:, 0], atol=tol.hand)


def test_mb_multipliers_and_linkages(tol) -> None:
    core = io_system(MB_Z, x=MB_X, engine="lapack")
    # Output multipliers (ch. 6) = column sums of L: [1.15, 1.10] / det = [1.5182, 1.4521].
    np.testing.assert_allclose(
        output_multipliers(core.L).to_numpy(), [1.15 / DET, 1.10 / DET], atol=tol.hand
    )
    # Value-added multipliers (ch. 6) v'L with v = VA / x = [0.65, 0.70]:
    # [0.65*0.95 + 0.70*0.20, 0.65*0.25 + 0.70*0.85] / det = [0.7575, 0.7575] / det = [1, 1]
    # (no imports in this table, so a unit of final demand returns exactly a unit of value added).
    np.testing.assert_allclose(
        value_added_multipliers(core.L, MB_VA, MB_X).to_numpy(), [1.0, 1.0], atol=tol.hand
    )
    link = linkages(core.L, core.G, A=core.A, B=core.B)
    # Backward: column sums of L [1.15, 1.10]/det, mean 1.125/det -> normalised [1.15, 1.10]/1.125.
    # Forward (Ghosh): row sums of G [1.45, 0.95]/det, mean 1.2/det -> [1.45, 0.95]/1.2.
    # Direct: column sums of A [0.35, 0.30] -> /0.325; row sums of B [0.65, 0.15] -> /0.4.
    expected = {
        "backward": [1.15 / DET, 1.10 / DET],
        "forward": [1.45 / DET, 0.95 / DET],
        "backward_normalised": [1.15 / 1.125, 1.10 / 1.125],
        "forward_normalised": [1.45 / 1.2, 0.95 / 1.2],
        "direct_backward": [0.35, 0.30],
        "direct_backward_normalised": [0.35 / 0.325, 0.30 / 0.325],
        "direct_forward": [0.65, 0.15],
        "direct_forward_normalised": [0.65 / 0.4, 0.15 / 0.4],
    }
    for column, values in expected.items():
        np.testing.assert_allclose(link[column].to_numpy(), values, atol=tol.hand, err_msg=column)
    assert link["key_sector"].tolist() == [True, False]
    # Rasmussen's original forward linkage: row sums of L, [1.20, 1.05] / det.
    rasmussen = linkages(core.L, forward="leontief")
    np.testing.assert_allclose(
        rasmussen["forward"].to_numpy(), [1.2 / DET, 1.05 / DET], atol=tol.hand
    )


def test_value_added_multipliers_below_one_with_imports(tol) -> None:
    z, x = random_table(12, seed=3)
    va = x - z.sum(axis=0)  # column balance without imports: v'L = 1'
    core = io_system(z, x=x, engine="lapack")
    np.testing.assert_allclose(value_added_multipliers(core.L, va, x).to_numpy(), 1.0, atol=1e-12)
    with_imports = va - 0.1 * x  # part of the inputs is imported
    assert (value_added_multipliers(core.L, with_imports, x) < 1).all()


def test_l_and_g_equal_pymrio_on_a_random_table(pymrio, tol) -> None:
    z, x = random_table(30, seed=7)
    y = pd.DataFrame({"fd": x - z.sum(axis=1)})
    ref = pymrio.IOSystem(Z=z, Y=y, x=x.to_frame("indout"))
    ref.calc_system(include_ghosh=True)  # G by inverting I - B
    for engine in ("pymrio", "lapack"):
        core = io_system(z, y, x, engine=engine)
        for name in ("A", "L", "B", "G"):
            pd.testing.assert_frame_equal(
                getattr(core, name),
                getattr(ref, name),
                check_exact=False,
                atol=tol.peer,
                rtol=0,
                check_names=False,
                obj=f"{engine} {name}",
            )
    pd.testing.assert_frame_equal(
        leontief_inverse(ref.A), pymrio.calc_L(ref.A), check_exact=False, atol=tol.peer, rtol=0
    )


def test_l_and_g_equal_pymrio_on_a_real_table(pymrio, tol, china_2017) -> None:
    # Beijing 2017, 42 sectors, all with positive output (10,000 CNY).
    z = china_2017["Z"].loc["Beijing"]
    x = china_2017["fu"].loc["Beijing", "GO"]
    assert (x > 0).all() and z.shape == (42, 42)
    ref = pymrio.IOSystem(Z=z, Y=pd.DataFrame({"fd": x - z.sum(axis=1)}), x=x.to_frame("indout"))
    ref.calc_system(include_ghosh=True)
    core = io_system(z, x=x, engine="lapack")
    for name in ("L", "G"):
        expected = getattr(ref, name)
        got = getattr(core, name).reindex(index=expected.index, columns=expected.columns)
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), atol=tol.peer, err_msg=name)


# --- shocks ------------------------------------------------------------------------------------
def test_ghosh_supply_cut_carries_the_caveat(tol) -> None:
    core = io_system(MB_Z, x=MB_X, engine="lapack")
    # Value added of sector 1 down by 100: dx' = dv' G = -100 * [0.95, 0.50] / det.
    cut = ghosh_supply_cut(core.G, pd.Series([-100.0, 0.0], index=S))
    np.testing.assert_allclose(cut.delta_output.to_numpy(), [-95 / DET, -50 / DET], atol=tol.hand)
    assert cut.caveat == GHOSH_CAVEAT
    assert "Oosterhaven (1988" in cut.caveat and "not as a" in cut.caveat
    assert "Oosterhaven" in (ghosh_supply_cut.__doc__ or "")
    with pytest.raises(AttributeError):
        cut.caveat = "no caveat"  # type: ignore[misc]


# --- hypothetical extraction -------------------------------------------------------------------
def resolve_extraction(z: pd.DataFrame, x: pd.Series, extracted: list[int]) -> np.ndarray:
    """Brute force: delete the rows/columns of S and S's final demand, re-solve the rest."""
    a = z.to_numpy() / x.to_numpy()[None, :]
    y = x.to_numpy() - a @ x.to_numpy()
    keep = np.setdiff1d(np.arange(len(x)), extracted)
    x_bar = np.zeros(len(x))
    x_bar[keep] = np.linalg.solve(np.eye(len(keep)) - a[np.ix_(keep, keep)], y[keep])
    return x.to_numpy() - x_bar


def test_mb_extraction_by_hand(tol) -> None:
    core = io_system(MB_Z, x=MB_X, engine="lapack")
    loss = hypothetical_extraction(core.L, MB_X)
    # Extract s1: s2 alone, x2 = f2 / (1 - a22) = 1700 / 0.95; loss [1000, 2000 - 1700/0.95].
    # Extract s2: x1 = 350 / 0.85; loss [1000 - 350/0.85, 2000].
    np.testing.assert_allclose(loss["s1"].to_numpy(), [1000, 2000 - 1700 / 0.95], atol=tol.hand)
    np.testing.assert_allclose(loss["s2"].to_numpy(), [1000 - 350 / 0.85, 2000], atol=tol.hand)


def test_every_single_extraction_equals_a_full_resolve() -> None:
    z, x = random_table(40, seed=11)
    core = io_system(z, x=x, engine="lapack")
    loss = hypothetical_extraction(core.L, x)
    assert loss.shape == (40, 40) and list(loss.columns) == list(z.index)
    brute = np.column_stack([resolve_extraction(z, x, [j]) for j in range(40)])
    np.testing.assert_allclose(loss.to_numpy(), brute, rtol=1e-10, atol=1e-9)


def test_region_and_sector_extractions_on_a_small_mrio() -> None:
    z, x = small_mrio(regions=3, sectors=4, seed=5)
    core = io_system(z, x=x, engine="lapack")
    singles = hypothetical_extraction(core.L, x, by="region_sector")
    brute = np.column_stack([resolve_extraction(z, x, [j]) for j in range(12)])
    np.testing.assert_allclose(singles.to_numpy(), brute, rtol=1e-10, atol=1e-9)
    by_region = hypothetical_extraction(core.L, x, by="region")
    assert list(by_region.columns) == ["R0", "R1", "R2"]
    for r in range(3):
        expected = resolve_extraction(z, x, list(range(4 * r, 4 * r + 4)))
        np.testing.assert_allclose(by_region[f"R{r}"].to_numpy(), expected, rtol=1e-10, atol=1e-9)
    by_sector = hypothetical_extraction(core.L, x, by="sector")
    for s in range(4):
        expected = resolve_extraction(z, x, [s, 4 + s, 8 + s])
        np.testing.assert_allclose(by_sector[f"s{s}"].to_numpy(), expected, rtol=1e-10, atol=1e-9)
    custom = hypothetical_extraction(core.L, x, by={"pair": [("R0", "s1"), ("R2", "s3")]})
    np.testing.assert_allclose(
        custom["pair"].to_numpy(), resolve_extraction(z, x, [1, 11]), rtol=1e-10, atol=1e-9
    )


def test_extraction_is_permutation_equivariant() -> None:
    z, x = random_table(15, seed=2)
    order = np.random.default_rng(0).permutation(15)
    perm = z.index[order]
    l1 = io_system(z, x=x, engine="lapack").L
    l2 = io_system(z.loc[perm, perm], x=x[perm], engine="lapack").L
    e1 = hypothetical_extraction(l1, x)
    e2 = hypothetical_extraction(l2, x[perm])
    pd.testing.assert_frame_equal(e1.loc[perm, perm], e2, check_exact=False, rtol=1e-12)


# --- inoperability -----------------------------------------------------------------------------
def test_iim_static_by_hand_and_closed_form(tol) -> None:
    # c* = [0.1, 0]: dc = c* x = [100, 0]; dx = L dc = 100 * [0.95, 0.20] / det; q = dx / x.
    a = technical_coefficients(MB_Z, MB_X)
    q = inoperability(a, MB_X, pd.Series([0.1, 0.0], index=S))
    np.testing.assert_allclose(q.to_numpy(), [95 / DET / 1000, 20 / DET / 2000], atol=tol.hand)
    z, x = random_table(25, seed=4)
    a = technical_coefficients(z, x)
    c = pd.DataFrame(np.random.default_rng(1).uniform(0, 0.05, (25, 3)), index=z.index)
    q = inoperability(a, x, c)
    a_star = inoperability_coefficients(a, x).to_numpy()
    explicit = np.linalg.inv(np.eye(25) - a_star) @ c.to_numpy()
    xs = x.to_numpy()
    closed = (leontief_inverse(a).to_numpy() @ (c.to_numpy() * xs[:, None])) / xs[:, None]
    np.testing.assert_allclose(q.to_numpy(), explicit, atol=1e-12)
    np.testing.assert_allclose(q.to_numpy(), closed, atol=1e-12)
    # A* is Ghosh's B numerically, so q = G c*.
    np.testing.assert_allclose(a_star, allocation_coefficients(z, x).to_numpy(), atol=1e-15)


def test_dynamic_iim_converges_to_the_static_one() -> None:
    z, x = random_table(20, seed=9)
    a = technical_coefficients(z, x)
    rng = np.random.default_rng(3)
    c = pd.Series(rng.uniform(0, 0.05, 20), index=z.index)
    k = pd.Series(rng.uniform(0.2, 0.9, 20), index=z.index)
    path = dynamic_inoperability(a, x, c, k, periods=400)
    static = inoperability(a, x, c)
    np.testing.assert_allclose(
        path.inoperability.iloc[-1].to_numpy(), static.to_numpy(), atol=1e-10
    )
    # One step from q(0) = 0 by hand: q(1) = K c*.
    np.testing.assert_allclose(
        path.inoperability.iloc[1].to_numpy(), (k * c).to_numpy(), atol=1e-15
    )
    np.testing.assert_allclose(path.loss.to_numpy(), x * path.inoperability.sum(axis=0), rtol=1e-12)
    assert path.total_loss == pytest.approx(path.loss.sum())
    # Recovery from an initial outage with no further perturbation decays to 0.
    recovery = dynamic_inoperability(a, x, c * 0, k, periods=400, initial=static)
    assert recovery.inoperability.iloc[-1].abs().max() < 1e-10
    # A time-varying perturbation given as rows, one per period.
    rows = pd.DataFrame([c.to_numpy()] * 5 + [np.zeros(20)] * 5, columns=z.index)
    varying = dynamic_inoperability(a, x, rows, k)
    assert len(varying.inoperability) == 11


def test_recovery_rates_by_hand() -> None:
    # k = ln(q0 / qT) / (T (1 - a_ii)) = ln(100) / (10 * (1 - 0.15)) for s1.
    a = technical_coefficients(MB_Z, MB_X)
    k = recovery_rates(a, pd.Series([10.0, 20.0], index=S))
    np.testing.assert_allclose(k.to_numpy(), [np.log(100) / 8.5, np.log(100) / 19.0], rtol=1e-14)


# --- RAS and the multi-regional construction ---------------------------------------------------
def test_ras_by_hand_and_margins(tol) -> None:
    # A uniform prior gives the independence table r_i c_j / total: [[1.2, 1.8], [2.8, 4.2]].
    prior = pd.DataFrame(np.ones((2, 2)), index=["a", "b"], columns=["u", "v"])
    out = ras(
        prior, pd.Series([3.0, 7.0], index=["a", "b"]), pd.Series([4.0, 6.0], index=["u", "v"])
    )
    np.testing.assert_allclose(out.table.to_numpy(), [[1.2, 1.8], [2.8, 4.2]], atol=1e-10)
    rng = np.random.default_rng(0)
    p = rng.random((6, 5)) * (rng.random((6, 5)) < 0.7) + np.eye(6, 5)
    target = rng.random((6, 5)) * (p > 0) * 10
    res = ras(pd.DataFrame(p), pd.Series(target.sum(axis=1)), pd.Series(target.sum(axis=0)))
    t = res.table.to_numpy()
    np.testing.assert_allclose(t.sum(axis=1), target.sum(axis=1), rtol=1e-9)
    np.testing.assert_allclose(t.sum(axis=0), target.sum(axis=0), rtol=1e-12)
    assert ((t > 0) == (p > 0)).all()  # zeros of the prior stay zero
    ratio = t / np.where(p > 0, p, 1)  # biproportional: t = r_i p_ij s_j
    i, j = np.nonzero(p)
    logs = np.log(ratio[i, j])
    design = np.zeros((len(i), 11))
    design[np.arange(len(i)), i] = 1
    design[np.arange(len(i)), 6 + j] = 1
    fitted = design @ np.linalg.lstsq(design, logs, rcond=None)[0]
    np.testing.assert_allclose(fitted, logs, atol=1e-8)


def test_ras_errors() -> None:
    prior = pd.DataFrame([[1.0, 1.0], [1.0, 0.0]])
    with pytest.raises(InputError, match="row totals sum to 2 but column totals to 3"):
        ras(prior, pd.Series([1.0, 1.0]), pd.Series([2.0, 1.0]))
    with pytest.raises(InputError, match="row 1 has total 1 but no positive prior cell"):
        ras(pd.DataFrame([[1.0, 1.0], [0.0, 0.0]]), pd.Series([1.0, 1.0]), pd.Series([1.0, 1.0]))
    # Feasible only in the limit (t_11 -> 0): RAS creeps and is stopped, with a clear error.
    with pytest.raises(YindiError, match="did not converge in 50 sweeps"):
        ras(prior, pd.Series([1.0, 1.0]), pd.Series([1.0, 1.0]), max_iter=50)


def synthetic_regions(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """Single-region tables cut from a known Chenery-Moses MRIO (3 regions x 2 goods).

    Interregional flows of each good are t_rs = a_r b_s off the diagonal (what RAS returns from a
    uniform prior), so the construction must give back the MRIO exactly.
    """
    rng = np.random.default_rng(seed)
    reg, sec, cat = ["N", "C", "S"], ["g1", "g2"], ["cons", "inv"]
    z = rng.uniform(10, 50, (3, 2, 2))  # z[s, i, j]: region s's use of good i by industry j
    y = rng.uniform(20, 80, (3, 2, 2))
    m = rng.uniform(0.05, 0.2, (3, 2))  # import shares
    use = z.sum(axis=2) + y.sum(axis=2)
    dom = (1 - m) * use
    a_r, b_s = rng.uniform(0.5, 1.5, (2, 3)), rng.uniform(0.5, 1.5, (2, 3))
    flows = a_r[:, :, None] * b_s[:, None, :] * (1 - np.eye(3))[None]  # flows[i, r, s]
    flows *= 0.4 * dom.T.min() / flows.sum(axis=1).max()  # inflows well below use
    inflow, outflow = flows.sum(axis=1).T, flows.sum(axis=2).T  # (R, n)
    local = dom - inflow
    exports = rng.uniform(5, 30, (3, 2))
    output = local + outflow + exports
    rows = pd.MultiIndex.from_product([reg, sec], names=["region", "sector"])
    Z = pd.DataFrame(z.reshape(6, 2), index=rows, columns=pd.Index(sec, name="sector"))
    Y = pd.DataFrame(y.reshape(6, 2), index=rows, columns=cat)
    totals = pd.DataFrame(
        {
            "output": output.reshape(-1),
            "exports": exports.reshape(-1),
            "imports": (m * use).reshape(-1),
            "outflows": outflow.reshape(-1),
            "inflows": inflow.reshape(-1),
        },
        index=rows,
    )
    coef = flows.transpose(1, 2, 0) / dom[None]
    coef[np.arange(3), np.arange(3)] = local / dom
    truth = np.einsum("rsi,sij->risj", coef, (1 - m)[:, :, None] * z).reshape(6, 6)
    return Z, Y, totals, {"Z": truth, "flows": flows}


def test_multiregional_table_recovers_a_known_mrio() -> None:
    Z, Y, totals, truth = synthetic_regions()
    mrio = multiregional_table(Z, Y, totals, tol=1e-13)
    np.testing.assert_allclose(mrio.Z.to_numpy(), truth["Z"], rtol=1e-9)
    np.testing.assert_allclose(mrio.output.to_numpy(), totals["output"].to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(mrio.output_adjustment.to_numpy(), 0, atol=1e-9)
    assert (mrio.re_exports == 0).all()
    # Row balance, published inputs kept in every column, trade margins met, no self-trade.
    np.testing.assert_allclose(
        (mrio.Z.sum(axis=1) + mrio.Y.sum(axis=1) + mrio.exports).to_numpy(),
        mrio.output.to_numpy(),
        rtol=1e-12,
    )
    inputs = mrio.Z.sum(axis=0).to_numpy() + mrio.imports.sum(axis=0).to_numpy()
    published = np.concatenate([Z.loc[r].sum(axis=0).to_numpy() for r in ["N", "C", "S"]])
    np.testing.assert_allclose(inputs, published, rtol=1e-12)
    trade = mrio.trade.unstack("destination")
    for good in ["g1", "g2"]:
        block = trade.loc[good].reindex(index=["N", "C", "S"], columns=["N", "C", "S"]).to_numpy()
        np.testing.assert_allclose(
            np.nansum(block, axis=1),
            totals.xs(good, level="sector")["outflows"].to_numpy(),
            rtol=1e-9,
        )
        np.testing.assert_allclose(
            np.nansum(block, axis=0),
            totals.xs(good, level="sector")["inflows"].to_numpy(),
            rtol=1e-9,
        )
    assert not any(o == d for _, o, d in mrio.trade.index)
    assert any("Chenery-Moses" in a for a in mrio.assumptions)


def test_multiregional_table_nets_re_exports_and_scales_trade_totals() -> None:
    Z, Y, totals, _ = synthetic_regions(seed=4)
    hub = totals.copy()
    # C buys g1 from the others beyond its own use and ships 30 of it on: its inflows rise by
    # its local supply + 30 (imports + inflows = use + 30), its outflows by as much.
    use = Z.loc[("C", "g1")].sum() + Y.loc[("C", "g1")].sum()
    local = use - totals.loc[("C", "g1"), "imports"] - totals.loc[("C", "g1"), "inflows"]
    hub.loc[("C", "g1"), ["inflows", "outflows"]] += local + 30
    # ... and the others sell and buy that much more (half each), so national trade balances.
    for other in ("N", "S"):
        hub.loc[(other, "g1"), ["inflows", "outflows"]] += (local + 30) / 2
    mrio = multiregional_table(Z, Y, hub)
    assert mrio.re_exports[("C", "g1")] == pytest.approx(30, rel=1e-12)
    assert (mrio.re_exports.drop(("C", "g1")) == 0).all()
    assert any("1 region-sectors, 30 in total" in a for a in mrio.assumptions)
    rows = mrio.Z.sum(axis=1) + mrio.Y.sum(axis=1) + mrio.exports
    np.testing.assert_allclose(rows.to_numpy(), mrio.output.to_numpy(), rtol=1e-12)
    with pytest.raises(InputError, match="re-exports"):
        big = totals.copy()
        big.loc[("C", "g1"), ["inflows", "outflows"]] += 10 * use
        multiregional_table(Z, Y, big, re_exports="error")
    # Mismatched national totals: outflows scaled to the inflows, output adjusted and reported.
    skew = totals.copy()
    skew["outflows"] *= 1.5
    m2 = multiregional_table(Z, Y, skew)
    flows = m2.trade.groupby(level=["sector", "origin"]).sum()
    np.testing.assert_allclose(
        flows.groupby(level="sector").sum().to_numpy(),
        totals["inflows"].groupby(level="sector").sum().to_numpy(),
        rtol=1e-9,
    )
    np.testing.assert_allclose(m2.output_adjustment.to_numpy(), 0, atol=1e-8)
    assert any("inflow total of each good was kept" in a for a in m2.assumptions)


def test_multiregional_table_on_the_china_2017_tables(china_2017, pymrio) -> None:
    fu = china_2017["fu"]
    totals = fu[["GO", "EX", "IM", "OF", "IF"]].set_axis(
        ["output", "exports", "imports", "outflows", "inflows"], axis=1
    )
    Y = fu[["FU101", "FU102", "FU103", "FU201", "FU202"]]
    mrio = multiregional_table(china_2017["Z"], Y, totals)
    assert mrio.Z.shape == (31 * 42, 31 * 42)
    rows = mrio.Z.sum(axis=1) + mrio.Y.sum(axis=1) + mrio.exports
    np.testing.assert_allclose(rows.to_numpy(), mrio.output.to_numpy(), rtol=1e-9, atol=1e-3)
    trade = mrio.trade.groupby(level=["sector", "destination"]).sum()
    inflow = totals["inflows"].clip(lower=0)
    # Inflows are kept (after netting the re-exports out of them).
    assert (mrio.re_exports > 0).sum() > 0
    kept = inflow.swaplevel().sort_index()
    kept.index.names = ["sector", "destination"]
    untouched = (mrio.re_exports == 0).swaplevel().reindex(kept.index)
    np.testing.assert_allclose(
        trade.reindex(kept.index)[untouched.to_numpy()].to_numpy(),
        kept[untouched.to_numpy()].to_numpy(),
        rtol=1e-8,
        atol=1e-2,
    )
    # The MRIO's Leontief inverse equals pymrio's (zero-output region-sectors dropped first).
    with pytest.warns(DroppedWarning, match="zero gross output"):
        z, x, _ = drop_zero_output(mrio.Z, mrio.output)
    core = io_system(z, x=x, engine="lapack", ghosh=False)
    assert core.G is None
    np.testing.assert_allclose(
        core.L.to_numpy(),
        pymrio.calc_L(pymrio.calc_A(z, x.to_frame("indout"))).to_numpy(),
        atol=1e-8,
    )
    with pytest.raises(InputError, match="scaled inflows exceed the domestically produced use"):
        multiregional_table(china_2017["Z"], Y, totals, trade_totals="outflows")


# --- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["pymrio", "lapack"])
def test_bad_inputs_name_the_problem_and_the_fix(engine, pymrio) -> None:
    with pytest.raises(InputError, match=r"square .* got 2 rows x 3 columns"):
        io_system(pd.DataFrame(np.ones((2, 3))), x=pd.Series([1.0, 1.0]), engine=engine)
    with pytest.raises(InputError, match=r"negative for 1 sector\(s\) \['s2'\]"):
        io_system(MB_Z, x=pd.Series([1000.0, -5.0], index=S), engine=engine)
    with pytest.raises(InputError, match=r"zero for 1 sector\(s\) \['s1'\].*drop_zero_output"):
        io_system(MB_Z, x=pd.Series([0.0, 2000.0], index=S), engine=engine)
    with pytest.raises(InputError, match=r"I - A is singular .*\['s1', 's2'\]"):
        io_system(
            pd.DataFrame(np.eye(2), index=S, columns=S),
            x=pd.Series([1.0, 1.0], index=S),
            engine=engine,
        )
    nan = MB_Z.copy()
    nan.loc["s2", "s1"] = np.nan
    with pytest.raises(InputError, match=r"Z\['s2', 's1'\] = nan is not finite"):
        io_system(nan, x=MB_X, engine=engine)
    with pytest.raises(InputError, match=r"lacks \['s2'\] and has unexpected \['t2'\]"):
        io_system(MB_Z, x=pd.Series([1000.0, 2000.0], index=["s1", "t2"]), engine=engine)
    with pytest.raises(InputError, match="same labels on rows and columns"):
        io_system(MB_Z.set_axis(["s1", "x"], axis=1), x=MB_X, engine=engine)


def test_bad_options_and_missing_pymrio(monkeypatch) -> None:
    with pytest.raises(OptionError, match="engine='numpy'"):
        io_system(MB_Z, x=MB_X, engine="numpy")
    core = io_system(MB_Z, x=MB_X, engine="lapack")
    with pytest.raises(OptionError, match="by='industry'"):
        hypothetical_extraction(core.L, MB_X, by="industry")
    with pytest.raises(InputError, match="needs a \\(region, sector\\) MultiIndex"):
        hypothetical_extraction(core.L, MB_X, by="region")
    with pytest.raises(InputError, match=r"unknown sectors \['nope'\]"):
        hypothetical_extraction(core.L, MB_X, by={"g": ["s1", "nope"]})
    with pytest.raises(InputError, match="needs the Ghosh inverse G"):
        linkages(core.L)
    monkeypatch.setitem(sys.modules, "pymrio", None)
    with pytest.raises(ImportError, match=r"pip install 'yindi\[stress\]'"):
        io_system(MB_Z, x=MB_X)


def test_not_productive_and_iim_bad_inputs() -> None:
    # Column sums 1.4: invertible, but L has negative entries (spectral radius 1.4).
    a = pd.DataFrame([[0.5, 0.9], [0.9, 0.5]], index=S, columns=S)
    with pytest.warns(ComputationWarning, match="not productive"):
        leontief_inverse(a)
    good = technical_coefficients(MB_Z, MB_X)
    with pytest.raises(InputError, match=r"recovery rates must lie in \[0, 1\]"):
        dynamic_inoperability(good, MB_X, pd.Series([0.1, 0.0], index=S), 1.5, periods=3)
    with pytest.raises(InputError, match="periods is required"):
        dynamic_inoperability(good, MB_X, pd.Series([0.1, 0.0], index=S), 0.5)
    with pytest.warns(ComputationWarning, match="exceeds 1"):
        inoperability(good, MB_X, pd.Series([0.9, 0.9], index=S))
    with pytest.raises(OptionError, match="trade_totals='both'"):
        Z, Y, totals, _ = synthetic_regions()
        multiregional_table(Z, Y, totals, trade_totals="both")
    with pytest.raises(InputError, match="totals needs columns"):
        multiregional_table(Z, Y, totals.drop(columns="inflows"))


@pytest.mark.parametrize("trade_totals", ["inflows", "outflows", "mean"])
def test_consistent_trade_totals_need_no_choice(trade_totals) -> None:
    Z, Y, totals, truth = synthetic_regions(seed=2)
    mrio = multiregional_table(Z, Y, totals, trade_totals=trade_totals, tol=1e-13)
    np.testing.assert_allclose(mrio.Z.to_numpy(), truth["Z"], rtol=1e-9)


def test_infeasible_trade_totals_name_the_cell() -> None:
    Z, Y, totals, _ = synthetic_regions()
    bad = totals.copy()
    # C both ships and receives most of the g2 traded; N and S trade 1 each way. Totals agree
    # nationally, but C's outflows exceed what N and S take in (2): no flows can meet both.
    use = Z.loc[("C", "g2")].sum() + Y.loc[("C", "g2")].sum()
    big = 0.5 * (use - totals.loc[("C", "g2"), "imports"])
    bad.loc[("C", "g2"), ["inflows", "outflows"]] = big
    for other in ("N", "S"):
        bad.loc[(other, "g2"), ["inflows", "outflows"]] = 1.0
    with pytest.raises(InputError, match=r"outflows of 'g2' from 'C' .* exceed the inflows of all"):
        multiregional_table(Z, Y, bad)
