"""The options of Stata ``ecomplexity`` (Growth Lab), each against a hand calculation.

``ecomplexity varlist, i() p() [t() rca(#) rpop(#) pop() cont asym knn(#)]`` (the ``.ado``
files and ``ecomplexity.sthlp`` of ``cid-harvard/ecomplexity``). Every option is worked out on a
4 x 4 or 4 x 5 panel in the comments; the expected values are the fractions that working gives.
Whole matrices are also checked against loops written from the Stata definitions, and the
eigenvector comes from the general (non-symmetric) eigensolver on ``M~`` written out, a route
independent of the kernel's symmetric one.
"""
# fmt: off

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import yindi
from yindi import measures as ms
from yindi.errors import ComputationWarning, DroppedWarning, InputError, OptionError


def _long(x: np.ndarray, year: int = 2020) -> pd.DataFrame:
    """A region x activity matrix as the long table diagnose takes (labels r1.., a..)."""
    regions = [f"r{i + 1}" for i in range(x.shape[0])]
    activities = [chr(ord("a") + j) for j in range(x.shape[1])]
    return pd.DataFrame({
        "region": np.repeat(regions, x.shape[1]), "activity": np.tile(activities, x.shape[0]),
        "year": year, "value": np.asarray(x, dtype=float).ravel(),
    })


def _wide(result: yindi.DiagnoseResult, column: str) -> np.ndarray:
    ra = result.region_activity.astype({"region": str, "activity": str})
    return ra.pivot(index="region", columns="activity", values=column).to_numpy(float)


def _population(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"region": [f"r{i + 1}" for i in range(len(values))],
                         "population": values})


def _eigen_kp(m: np.ndarray) -> np.ndarray:
    """Stata ``ecipci``: 2nd eigenvector of M~ = ((M / k_p0) / k_c0)' M, unit norm, signed so
    that kc = (M / k_c0) kp correlates positively with diversity (general eigensolver)."""
    kc0, kp0 = m.sum(axis=1), m.sum(axis=0)
    n_reg, n_act = m.shape
    mpp = np.array([[sum(m[r, p] * m[r, q] / (kc0[r] * kp0[p]) for r in range(n_reg))
                     for q in range(n_act)] for p in range(n_act)])
    vals, vecs = np.linalg.eig(mpp)
    kp = vecs[:, np.argsort(vals.real)[::-1][1]].real
    kp = kp / np.linalg.norm(kp)
    return kp if np.corrcoef(kc0, m @ kp / kc0)[0, 1] > 0 else -kp


def _long_sd(v: np.ndarray, repeat: int) -> float:
    """Stata ``sum x`` on the long table: every value ``repeat`` times, n - 1."""
    rows = np.repeat(v, repeat)
    return float(np.sqrt(((rows - rows.mean()) ** 2).sum() / (rows.size - 1)))


def _density_by_rows(levels: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Stata ``calculate_density``: d_rp = sum_q L_rq phi_pq / sum_q phi_pq (row p of phi)."""
    n_reg, n_act = levels.shape
    return np.array([[sum(levels[r, q] * phi[p, q] for q in range(n_act))
                      / sum(phi[p, q] for q in range(n_act)) for p in range(n_act)]
                     for r in range(n_reg)])


def _cog_by_rows(m: np.ndarray, phi: np.ndarray, kp: np.ndarray) -> np.ndarray:
    """Stata ``coicog``: (1 - M_rp) sum_q (1 - M_rq) phi_qp kp_q / sum_p' phi_qp'."""
    n_reg, n_act = m.shape
    return np.array([[(1 - m[r, p]) * sum((1 - m[r, q]) * phi[q, p] * kp[q] / phi[q].sum()
                                          for q in range(n_act)) for p in range(n_act)]
                     for r in range(n_reg)])


def _pearson(u: np.ndarray, v: np.ndarray) -> float:
    du, dv = u - u.sum() / u.size, v - v.sum() / v.size
    return float((du * dv).sum() / np.sqrt((du * du).sum() * (dv * dv).sum()))


# --- cont: continuous proximity, density from the RCA levels ----------------------------------
# Every row totals 16, columns 16, 12, 20, 16, grand total 64: RCA = (x/16)/(col/64) = x/mean_p
# with column means 4, 3, 5, 4.
X_C = np.array([[4, 1, 3, 8], [6, 6, 3, 1], [4, 4, 8, 0], [2, 1, 6, 7]], dtype=float)
RCA_C = np.array([[1, 1 / 3, 3 / 5, 2], [3 / 2, 2, 3 / 5, 1 / 4],
                  [1, 4 / 3, 8 / 5, 0], [1 / 2, 1 / 3, 6 / 5, 7 / 4]])
M_C = np.array([[0, 0, 0, 1], [1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]], dtype=float)  # RCA > 1
# corr(RCA_p, RCA_q) = corr(x_p, x_q) (each column is x scaled). Deviations from the column
# means: a (0,2,0,-2), b (-2,3,1,-2), c (-2,-2,3,1), d (4,-3,-4,3); squared norms 8, 18, 18, 50,
# norms 2r2, 3r2, 3r2, 5r2 (r2 = sqrt 2). Dot products: ab 10, ac -6, ad -12, bc -1, bd -27,
# cd -11 -> corr ab 10/12, ac -6/12, ad -12/20, bc -1/18, bd -27/30, cd -11/30.
# phi = (1 + corr)/2 - I (proxcontinous.ado): ab 11/12, ac 1/4, ad 1/5, bc 17/36, bd 1/20,
# cd 19/60. Row sums: a 41/30, b 259/180, c 187/180, d 17/30.
PHI_C = np.array([[0, 11 / 12, 1 / 4, 1 / 5], [11 / 12, 0, 17 / 36, 1 / 20],
                  [1 / 4, 17 / 36, 0, 19 / 60], [1 / 5, 1 / 20, 19 / 60, 0]])
# density = RCA phi' / row sums (calculate_density with cont, levels(RCA)). r1, a:
# (1/3 * 11/12 + 3/5 * 1/4 + 2 * 1/5) / (41/30) = (55 + 27 + 72)/180 * 30/41 = 77/123.
# r3, d: (1 * 1/5 + 4/3 * 1/20 + 8/5 * 19/60) / (17/30) = (58/75)(30/17) = 116/85.
# From M instead (yindi before the fix): r1, a = (1/5)/(41/30) = 6/41.
DENSITY_C = np.array([
    [77 / 123, 234 / 259, 562 / 561, 61 / 85],
    [61 / 41, 1203 / 1036, 1007 / 748, 177 / 170],
    [146 / 123, 43 / 37, 475 / 561, 116 / 85],
    [86 / 123, 801 / 1036, 1807 / 2244, 149 / 170],
])


def test_continuous_proximity_and_density_from_rca_levels(tol) -> None:
    result = yindi.diagnose(_long(X_C), proximity_method="continuous")
    np.testing.assert_allclose(_wide(result, "rca"), RCA_C, atol=tol.hand)
    np.testing.assert_array_equal(_wide(result, "mcp"), M_C)
    np.testing.assert_allclose(result.proximity().to_numpy(), PHI_C, atol=tol.hand)
    density = _wide(result, "density")
    assert density[0, 0] == pytest.approx(77 / 123, abs=tol.hand)  # not 6/41 (from M)
    assert density[2, 3] == pytest.approx(116 / 85, abs=tol.hand)
    np.testing.assert_allclose(density, DENSITY_C, atol=tol.hand)
    np.testing.assert_allclose(density, _density_by_rows(RCA_C, PHI_C), atol=tol.hand)
    # COI and COG follow coicog with this density and proximity and Stata's eigenvector:
    # COI_r = sum_p d_rp (1 - M_rp) kp_p, z-scored over the 16 long rows; COG / sd(ECI).
    kp = _eigen_kp(M_C)
    kc = M_C @ kp / M_C.sum(axis=1)
    coi = ((DENSITY_C * (1 - M_C)) @ kp)
    expected_coi = (coi - coi.mean()) / _long_sd(coi, 4)
    np.testing.assert_allclose(result.region["coi"], expected_coi, atol=tol.hand)
    cog = _cog_by_rows(M_C, PHI_C, kp) / _long_sd(kc, 4)
    np.testing.assert_allclose(_wide(result, "cog"), cog, atol=tol.hand)


# --- rpop + cont: RPOP levels for the correlation and the density ------------------------------
# pop = (1, 2, 2, 3), total 8: RPOP = (x/pop_r) / (col_p/8) = 8 x / (pop_r col_p).
# r1: 8x/col = (32/16, 8/12, 24/20, 64/16) = (2, 2/3, 6/5, 4)
# r2, r3 (pop 2): 4x/col, the same as RCA (pop share 2/8 = value share 16/64)
# r4 (pop 3): 8x/(3 col) = (16/48, 8/36, 48/60, 56/48) = (1/3, 2/9, 4/5, 7/6)
POP_C = [1.0, 2.0, 2.0, 3.0]
RPOP_C = np.array([[2, 2 / 3, 6 / 5, 4], [3 / 2, 2, 3 / 5, 1 / 4],
                   [1, 4 / 3, 8 / 5, 0], [1 / 3, 2 / 9, 4 / 5, 7 / 6]])
M_RPOP = np.array([[1, 0, 1, 1], [1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1]], dtype=float)


@pytest.mark.filterwarnings("ignore::yindi.errors.ComputationWarning")
def test_continuous_under_rpop_correlates_and_averages_rpop(tol) -> None:
    result = yindi.diagnose(_long(X_C), proximity_method="continuous", presence_test="rpop",
                            population=_population(POP_C))
    np.testing.assert_array_equal(_wide(result, "mcp"), M_RPOP)  # RPOP > 1
    phi = np.array([[0.0 if p == q else (1 + _pearson(RPOP_C[:, p], RPOP_C[:, q])) / 2
                     for q in range(4)] for p in range(4)])
    np.testing.assert_allclose(result.proximity().to_numpy(), phi, atol=tol.hand)
    assert abs(phi[0, 1] - PHI_C[0, 1]) > 0.1  # the RCA-based proximity would be 11/12
    np.testing.assert_allclose(_wide(result, "density"), _density_by_rows(RPOP_C, phi),
                               atol=tol.hand)
    # r2 sits where RPOP = RCA, but the weights are RPOP's: its density differs from RCA's.
    assert abs(_wide(result, "density")[1, 0] - DENSITY_C[1, 0]) > 1e-3


# --- rca(#) and rpop(#) together: either criterion ---------------------------------------------
# RCA (above) and RPOP (above) of X_C with pop (1, 2, 2, 3); M = RCA > t_rca OR RPOP > t_rpop.
# t_rca = 1, t_rpop = 1.5: RCA > 1 gives r1 d; r2 a, b; r3 b, c; r4 c, d. RPOP > 1.5 adds r1 a
# (RPOP 2, RCA 1) and nothing else (r1 c: RPOP 6/5; r2 a: 3/2 is not > 3/2).
M_BOTH_1_15 = np.array([[1, 0, 0, 1], [1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]], dtype=float)
# rpop_threshold left out: RPOP > 1 too, which adds r1 c (6/5) as well.
M_BOTH_1_1 = np.array([[1, 0, 1, 1], [1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]], dtype=float)
# Both at 1.5. RCA > 1.5: r1 d (2), r2 b (2), r3 c (8/5), r4 d (7/4); RPOP > 1.5: r1 a (2), d (4),
# r2 b (2), r3 c (8/5). r4 d is in by RCA only (RPOP 7/6), r1 a by RPOP only (RCA 1).
M_BOTH_15 = np.array([[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=float)
# py-ecomplexity's >=: r2 a has RCA = RPOP = 3/2 exactly, so it joins.
M_BOTH_15_WEAK = np.array([[1, 0, 0, 1], [1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=float)


@pytest.mark.filterwarnings("ignore::yindi.errors.ComputationWarning")  # sparse M, cut network
@pytest.mark.parametrize(
    ("options", "expected"),
    [({"rpop_threshold": 1.5}, M_BOTH_1_15),
     ({}, M_BOTH_1_1),
     ({"rca_threshold": 1.5, "rpop_threshold": 1.5}, M_BOTH_15),
     ({"rca_threshold": 1.5, "rpop_threshold": 1.5, "convention": "py-ecomplexity"},
      M_BOTH_15_WEAK)],
    ids=["rca1-rpop1.5", "rpop-threshold-from-rca", "both-1.5", "both-1.5-weak"],
)
def test_both_presence_is_either_criterion(options, expected) -> None:
    result = yindi.diagnose(_long(X_C), presence_test="both", population=_population(POP_C),
                            **options)
    np.testing.assert_array_equal(_wide(result, "mcp"), expected)
    np.testing.assert_allclose(_wide(result, "rca"), RCA_C)  # the RCA column stays RCA
    assert result.options["rpop_threshold"] == options.get("rpop_threshold", 1.0)


def test_combined_presence_kernel() -> None:
    np.testing.assert_array_equal(ms.combined_presence(RCA_C, RPOP_C, 1.0, 1.5), M_BOTH_1_15)


# --- binary input: the value column taken as M -------------------------------------------------
# M = [[1,1,1],[1,1,0],[1,0,0]] (nested): in tests/measures/test_formulas_by_hand.py the working
# gives kp = (-2, 1, 4)/sqrt21, kc = (1, -1/2, -2)/sqrt21 and, over the 9 long rows,
# ECI = (2, 0, -2)/sqrt3 and PCI = (-2, 2, 6)/sqrt3.
M_NEST = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0]], dtype=float)
S3 = np.sqrt(3.0)


@pytest.mark.filterwarnings("ignore::yindi.errors.ComputationWarning")  # the RCA route below
def test_manual_presence_takes_the_values_as_m(tol) -> None:
    result = yindi.diagnose(_long(M_NEST), presence_test="manual")
    np.testing.assert_array_equal(_wide(result, "mcp"), M_NEST)
    assert np.isnan(_wide(result, "rca")).all()  # no RCA is computed from a given M
    np.testing.assert_allclose(result.region["eci"], [2 / S3, 0, -2 / S3], atol=tol.hand)
    np.testing.assert_allclose(result.activity["pci"], [-2 / S3, 2 / S3, 6 / S3], atol=tol.hand)
    # The same values read as exports give another M (RCA of a 0/1 table): r1 has RCA
    # (1/3)/(3/6) = 2/3 in p1, so it is absent there.
    as_values = yindi.diagnose(_long(M_NEST))
    assert _wide(as_values, "mcp")[0, 0] == 0


def test_manual_presence_rejects_other_values() -> None:
    x = M_NEST.copy()
    x[1, 2] = 2.0
    with pytest.raises(InputError) as info:
        yindi.diagnose(_long(x), presence_test="manual")
    msg = str(info.value)
    for words in ("presence_test='manual'", "0 or 1", "2", "'r2'", "'c'", "year 2020",
                  "presence_test='rca'"):
        assert words in msg, (words, msg)


def test_atlas_cog_in_diagnose_is_the_change_in_the_outlook(tol) -> None:
    # The Atlas COG (cog_variant="atlas") is the change in COI, computed with PCI, when r moves
    # into p (Stata help: "the increase in the Complexity Outlook Index ... from developing a
    # given industry"). Density (test_formulas_by_hand): r2 (2/3, 4/7, 1), r3 (0, 4/7, 2/5).
    # With PCI = (-2, 2, 6)/sqrt3, COI(PCI): r2 = 1 * 6 = 6; r3 = (4/7) 2 + (2/5) 6 = 124/35
    # (all / sqrt3).
    # r2 + p3 = everything: COI 0, gain -6. r3 + p2 = r2's basket: 6 - 124/35 = 86/35.
    # r3 + p3 = {p1, p3}: density of p2 = (2/3 + 1/2)/(7/6) = 1, COI 2: 2 - 124/35 = -54/35.
    # Where the region already has p the gain is 0.
    result = yindi.diagnose(_long(M_NEST), presence_test="manual", cog_variant="atlas")
    expected = np.array([[0, 0, 0], [0, 0, -6], [0, 86 / 35, -54 / 35]]) / S3
    np.testing.assert_allclose(_wide(result, "cog"), expected, atol=tol.hand)


# --- asym: asymmetric proximity ----------------------------------------------------------------
# Given M (presence_test="manual"); activities a..e, ubiquity u = (2, 3, 3, 2, 1), diversity
# (4, 2, 3, 2). Co-occurrence C = M'M: rows a (2,2,1,0,1), b (2,3,2,1,1), c (1,2,3,2,1),
# d (0,1,2,2,0), e (1,1,1,0,1).
M_Q = np.array([[1, 1, 1, 0, 1], [1, 1, 0, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 0]], dtype=float)
# proxdiscrete, asym: phi = P1 - I with P1_pq = C_pq / u_p (row p over p's ubiquity).
PHI_ASYM = np.array([
    [0, 2 / 2, 1 / 2, 0, 1 / 2],        # a: u 2
    [2 / 3, 0, 2 / 3, 1 / 3, 1 / 3],    # b: u 3
    [1 / 3, 2 / 3, 0, 2 / 3, 1 / 3],    # c: u 3
    [0, 1 / 2, 2 / 2, 0, 0],            # d: u 2
    [1, 1, 1, 0, 0],                    # e: u 1
])
# Density reads row p: sum_q M_rq C_pq / sum_{q != p} C_pq (u_p cancels). Off-diagonal row sums
# of C: a 4, b 6, c 6, d 3, e 3.
# r2 (a, b): a 2/4, b 2/6, c (1+2)/6, d (0+1)/3, e (1+1)/3 = (1/2, 1/3, 1/2, 1/3, 2/3).
# r4 (c, d): a (1+0)/4, b (2+1)/6, c 2/6, d 2/3, e (1+0)/3 = (1/4, 1/2, 1/3, 2/3, 1/3).
# Reading columns instead would give r2, e = (1/2 + 1/3)/(1/2 + 1/3 + 1/3) = 5/7.
DENSITY_ASYM_R2 = [1 / 2, 1 / 3, 1 / 2, 1 / 3, 2 / 3]
DENSITY_ASYM_R4 = [1 / 4, 1 / 2, 1 / 3, 2 / 3, 1 / 3]


def test_asymmetric_proximity_by_hand(tol) -> None:
    np.testing.assert_allclose(ms.proximity(M_Q, method="asymmetric"), PHI_ASYM, atol=tol.hand)
    kept = ms.proximity(M_Q, method="asymmetric", diagonal="keep")  # C_pp / u_p = 1
    np.testing.assert_allclose(kept, PHI_ASYM + np.eye(5), atol=tol.hand)


@pytest.mark.filterwarnings("ignore::yindi.errors.ComputationWarning")  # 4 regions: unstable
def test_asymmetric_density_and_gain_in_diagnose(tol) -> None:
    result = yindi.diagnose(_long(M_Q), presence_test="manual", proximity_method="asymmetric")
    np.testing.assert_allclose(result.proximity().to_numpy(), PHI_ASYM, atol=tol.hand)
    density = _wide(result, "density")
    np.testing.assert_allclose(density[1], DENSITY_ASYM_R2, atol=tol.hand)
    np.testing.assert_allclose(density[3], DENSITY_ASYM_R4, atol=tol.hand)
    np.testing.assert_allclose(density, _density_by_rows(M_Q, PHI_ASYM), atol=tol.hand)
    # coicog with the asymmetric proximity: r2 lacks c, d, e; phi_qp / rowsum_q is C_qp over
    # q's off-diagonal C row: c <- d 2/3, e 1/3; d <- c 2/6; e <- c 1/6 (C_ed = C_de = 0).
    kp = _eigen_kp(M_Q)
    kc = M_Q @ kp / M_Q.sum(axis=1)
    sd = _long_sd(kc, 5)
    cog = _wide(result, "cog")
    r2 = np.array([0, 0, 2 / 3 * kp[3] + 1 / 3 * kp[4], 2 / 6 * kp[2], 1 / 6 * kp[2]]) / sd
    np.testing.assert_allclose(cog[1], r2, atol=tol.hand)
    np.testing.assert_allclose(cog, _cog_by_rows(M_Q, PHI_ASYM, kp) / sd, atol=tol.hand)


# --- knn(#): density over the k nearest neighbours ---------------------------------------------
# Symmetric proximity of M_Q, C / max(u_p, u_q):
PHI_Q = np.array([
    [0, 2 / 3, 1 / 3, 0, 1 / 2],
    [2 / 3, 0, 2 / 3, 1 / 3, 1 / 3],
    [1 / 3, 2 / 3, 0, 2 / 3, 1 / 3],
    [0, 1 / 3, 2 / 3, 0, 0],
    [1 / 2, 1 / 3, 1 / 3, 0, 0],
])
# knn = 2: row p keeps phi_pq >= its 2nd largest value (calculate_density: temp[knn], :>=).
# a: 2/3 (b), 1/2 (e). b: 2/3, 2/3 (a, c). c: 2/3, 2/3 (b, d). d: 2/3 (c), 1/3 (b).
# e: 1/2 (a), then 1/3 twice: the tie keeps both b and c (three neighbours).
PHI_Q_KNN2 = np.array([
    [0, 2 / 3, 0, 0, 1 / 2],
    [2 / 3, 0, 2 / 3, 0, 0],
    [0, 2 / 3, 0, 2 / 3, 0],
    [0, 1 / 3, 2 / 3, 0, 0],
    [1 / 2, 1 / 3, 1 / 3, 0, 0],
])
# Density (weighted by proximity, as Stata's density = M * weight):
# r2 (a, b): a (2/3)/(2/3 + 1/2) = 4/7; b 1/2; c 1/2; d (1/3)/1 = 1/3; e (1/2 + 1/3)/(7/6) = 5/7.
# r4 (c, d): a 0; b (2/3)/(4/3) = 1/2; c 1/2; d (2/3)/1 = 2/3; e (1/3)/(7/6) = 2/7.
# Over all neighbours r2, a would be (2/3)/(3/2) = 4/9; py-ecomplexity's unweighted knn share
# (1 of a's 2 neighbours present) would be 1/2.
DENSITY_KNN2_R2 = [4 / 7, 1 / 2, 1 / 2, 1 / 3, 5 / 7]
DENSITY_KNN2_R4 = [0, 1 / 2, 1 / 2, 2 / 3, 2 / 7]


def _knn_by_sorting(phi: np.ndarray, k: int) -> np.ndarray:
    """Stata: temp = sort(row, descending); keep row :>= temp[k]."""
    out = np.zeros_like(phi)
    for p in range(phi.shape[0]):
        cut = sorted(phi[p], reverse=True)[k - 1]
        out[p] = [v if v >= cut else 0.0 for v in phi[p]]
    return out


def test_nearest_neighbours_keep_ties(tol) -> None:
    np.testing.assert_allclose(ms.proximity(M_Q), PHI_Q, atol=tol.hand)
    np.testing.assert_allclose(ms.nearest_neighbours(PHI_Q, 2), PHI_Q_KNN2, atol=tol.hand)
    np.testing.assert_allclose(ms.nearest_neighbours(PHI_Q, 2), _knn_by_sorting(PHI_Q, 2),
                               atol=tol.hand)
    density = ms.relatedness_density(M_Q, PHI_Q, knn=2)
    np.testing.assert_allclose(density[1], DENSITY_KNN2_R2, atol=tol.hand)
    np.testing.assert_allclose(density[3], DENSITY_KNN2_R4, atol=tol.hand)
    # knn = the number of activities keeps every neighbour: the plain density.
    np.testing.assert_allclose(ms.relatedness_density(M_Q, PHI_Q, knn=5),
                               ms.relatedness_density(M_Q, PHI_Q), atol=tol.hand)
    assert ms.relatedness_density(M_Q, PHI_Q)[1, 0] == pytest.approx(4 / 9, abs=tol.hand)


@pytest.mark.filterwarnings("ignore::yindi.errors.ComputationWarning")
def test_knn_density_and_outlook_in_diagnose(tol) -> None:
    result = yindi.diagnose(_long(M_Q), presence_test="manual", knn=2)
    assert result.options["knn"] == 2
    density = _wide(result, "density")
    np.testing.assert_allclose(density[1], DENSITY_KNN2_R2, atol=tol.hand)
    np.testing.assert_allclose(density[3], DENSITY_KNN2_R4, atol=tol.hand)
    np.testing.assert_allclose(density, _density_by_rows(M_Q, _knn_by_sorting(PHI_Q, 2)),
                               atol=tol.hand)
    # The proximity itself is the full one; COI uses the knn density, COG the full proximity
    # (coicog reads `density` and `proximity`).
    np.testing.assert_allclose(result.proximity().to_numpy(), PHI_Q, atol=tol.hand)
    kp = _eigen_kp(M_Q)
    kc = M_Q @ kp / M_Q.sum(axis=1)
    coi = (density * (1 - M_Q)) @ kp
    np.testing.assert_allclose(result.region["coi"], (coi - coi.mean()) / _long_sd(coi, 5),
                               atol=tol.hand)
    np.testing.assert_allclose(_wide(result, "cog"),
                               _cog_by_rows(M_Q, PHI_Q, kp) / _long_sd(kc, 5), atol=tol.hand)


def test_knn_beyond_the_activities_names_the_year() -> None:
    with pytest.raises(InputError) as info:
        yindi.diagnose(_long(M_Q), presence_test="manual", knn=6)
    msg = str(info.value)
    for words in ("knn=6", "year 2020", "5 activities", "smaller knn"):
        assert words in msg, (words, msg)


# --- zero degree after the threshold: Stata empties the year ----------------------------------
# X_C plus activity e = (4, 4, 4, 4): rows 20, columns 16, 12, 20, 16, 16, total 80. RCA of
# a..d is 80 x / (20 col) = 4 x / col as before (so M_C); e: (4/20)/(16/80) = 1 everywhere,
# not > 1: e has zero ubiquity. In Stata, M / k_p0 divides by 0, the missing value spreads
# through M~ and proximity (C / S), and eci, pci, coi, cog and density are all empty.
X_E = np.column_stack([X_C, np.full(4, 4.0)])


def test_zero_ubiquity_activity_exclude_versus_empty_year(tol) -> None:
    with pytest.warns(ComputationWarning, match="get NaN complexity"):
        kept = yindi.diagnose(_long(X_E))
    # exclude (default): complexity of the other lines, as if e were not there, with Stata's
    # long z-score over the year's 4 x 5 rows.
    kp = _eigen_kp(M_C)
    kc = M_C @ kp / M_C.sum(axis=1)
    sd = _long_sd(kc, 5)
    np.testing.assert_allclose(kept.region["eci"], (kc - kc.mean()) / sd, atol=tol.hand)
    np.testing.assert_allclose(kept.activity["pci"][:4], (kp - kc.mean()) / sd, atol=tol.hand)
    assert np.isnan(kept.activity["pci"].iloc[4])
    density = _wide(kept, "density")
    assert np.isnan(density[:, 4]).all() and np.isfinite(density[:, :4]).all()

    with pytest.warns(ComputationWarning, match="zero_degree='empty_year'"):
        empty = yindi.diagnose(_long(X_E), zero_degree="empty_year")
    assert empty.region[["eci", "coi"]].isna().all().all()
    assert empty.activity["pci"].isna().all()
    assert np.isnan(_wide(empty, "cog")).all() and np.isnan(_wide(empty, "density")).all()
    np.testing.assert_array_equal(_wide(empty, "mcp"), _wide(kept, "mcp"))  # M is still there
    assert empty.options["zero_degree"] == "empty_year"


def test_empty_year_only_when_a_line_has_zero_degree() -> None:
    # py-ecomplexity's >= puts e (RCA exactly 1) in every region: no zero line, nothing empty.
    a = yindi.diagnose(_long(X_E), convention="py-ecomplexity")
    b = yindi.diagnose(_long(X_E), convention="py-ecomplexity", zero_degree="empty_year")
    pd.testing.assert_frame_equal(a.region, b.region)
    pd.testing.assert_frame_equal(a.region_activity, b.region_activity)


def test_zero_diversity_region_keeps_its_density() -> None:
    # r5 = (4, 3, 5, 4) holds the national shares: RCA 1 everywhere, zero diversity. The other
    # RCA are unchanged (columns 20, 15, 25, 20, rows 16: RCA = 5 x / col). Stata's proximity
    # needs only the activities, so density is computed; eci... are empty.
    x = np.vstack([X_C, [4, 3, 5, 4]])
    with pytest.warns(ComputationWarning, match="empty_year"):
        empty = yindi.diagnose(_long(x), zero_degree="empty_year")
    np.testing.assert_array_equal(_wide(empty, "mcp")[:4], M_C)
    assert empty.region["eci"].isna().all()
    density = _wide(empty, "density")
    assert np.isfinite(density).all()
    assert (density[4] == 0).all()  # r5 has nothing, so nothing is near it


# --- rpop: a region without population --------------------------------------------------------
def test_rpop_region_without_population_is_an_error_that_names_the_stata_way() -> None:
    population = _population(POP_C[:3])  # r4 missing
    with pytest.raises(InputError) as info:
        yindi.diagnose(_long(X_C), presence_test="rpop", population=population)
    msg = str(info.value)
    for words in ("['r4']", "year 2020", "presence_test='rpop'", "Stata", "min_population="):
        assert words in msg, (words, msg)
    # The way the message names: the size filter drops r4 with a warning naming it.
    with pytest.warns(DroppedWarning, match="r4"):
        result = yindi.diagnose(_long(X_C), presence_test="rpop", population=population,
                                min_population=0.5)
    assert sorted(result.region["region"].astype(str)) == ["r1", "r2", "r3"]


# --- options that do not combine, and bad values -----------------------------------------------
@pytest.mark.parametrize(
    ("options", "error", "words"),
    [({"knn": 0}, OptionError, ["knn=0", "whole number"]),
     ({"knn": 2.5}, OptionError, ["knn=2.5"]),
     ({"zero_degree": "stata"}, OptionError, ["zero_degree='stata'", "'empty_year'"]),
     ({"rpop_threshold": -1.0, "presence_test": "rpop"}, OptionError, ["rpop_threshold=-1.0"]),
     ({"proximity_method": "continuous", "presence_test": "both", "population": POP_C},
      OptionError, ["proximity_method='continuous'", "presence_test='both'", "'rca' or 'rpop'"]),
     ({"proximity_method": "continuous", "presence_test": "manual"},
      OptionError, ["presence_test='manual'", "'min_conditional'"]),
     ({"rpop_threshold": 2.0}, OptionError, ["rpop_threshold=2.0", "'rpop' or 'both'"]),
     ({"presence_test": "both"}, InputError, ["presence_test='both'", "population="])],
    ids=["knn-0", "knn-float", "zero-degree", "rpop-threshold", "cont-both", "cont-manual",
         "rpop-threshold-with-rca", "both-without-population"],
)
def test_bad_options_name_the_option_and_the_fix(options, error, words) -> None:
    if "population" in options:
        options = options | {"population": _population(options["population"])}
    with pytest.raises(error) as info:
        yindi.diagnose(_long(X_C), **options)
    for word in words:
        assert word in str(info.value), (word, str(info.value))
