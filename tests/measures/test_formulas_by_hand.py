"""Every formula of the default (Stata ``ecomplexity``) convention, against hand calculations.

Matrices are 3x3 to 4x5 so each expected number can be worked out on paper: the working is in
the comments, the expected values are the fractions it gives. Whole matrices are checked against
direct loops over the definition (``p' != p`` etc.), independent of the vectorised kernels.
Laid out by hand (``fmt: off``) so that the fraction tables keep one matrix row per line.
"""
# fmt: off

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import yindi
from yindi import measures as ms
from yindi.measures.conventions import Standardised

LN2 = np.log(2.0)

# --- RCA and presence --------------------------------------------------------------------------
# Row totals are all 8, column totals 16, 8, 4, 4, grand total 32 (powers of two: exact floats).
# RCA_rp = (x_rp / 8) / (col_p / 32) = 4 x_rp / col_p, i.e. a: x/4, b: x/2, c: x, d: x.
X_RCA = np.array([[4, 4, 0, 0], [7, 1, 0, 0], [3, 0, 2, 3], [2, 3, 2, 1]], dtype=float)
RCA_HAND = np.array([
    [4 / 4, 4 / 2, 0, 0],  # r1: a is exactly 1.0
    [7 / 4, 1 / 2, 0, 0],
    [3 / 4, 0 / 2, 2, 3],
    [2 / 4, 3 / 2, 2, 1],  # r4: d is exactly 1.0
])
M_STRICT = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1], [0, 1, 1, 0]])  # RCA > 1 (Stata)
M_WEAK = np.array([[1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1], [0, 1, 1, 1]])  # RCA >= 1


def _long(x: np.ndarray, year: int = 2020) -> pd.DataFrame:
    """A region x activity matrix as the long table diagnose takes (labels r1.., a..)."""
    regions = [f"r{i + 1}" for i in range(x.shape[0])]
    activities = [chr(ord("a") + j) for j in range(x.shape[1])]
    return pd.DataFrame({
        "region": np.repeat(regions, x.shape[1]), "activity": np.tile(activities, x.shape[0]),
        "year": year, "value": x.ravel(),
    })


def _wide(result: yindi.DiagnoseResult, column: str) -> np.ndarray:
    ra = result.region_activity.astype({"region": str, "activity": str})
    return ra.pivot(index="region", columns="activity", values=column).to_numpy(float)


def test_rca(tol) -> None:
    np.testing.assert_allclose(ms.revealed_comparative_advantage(X_RCA), RCA_HAND, atol=tol.hand)


def test_rpop(tol) -> None:
    # RPOP_rp = (x_rp / pop_r) / (col_p / sum pop); pop = (1, 1, 2, 4), sum 8: 8 x_rp/(pop_r col_p)
    pop = np.array([1.0, 1.0, 2.0, 4.0])
    expected = np.array([
        [8 * 4 / 16, 8 * 4 / 8, 0, 0],
        [8 * 7 / 16, 8 * 1 / 8, 0, 0],
        [4 * 3 / 16, 0, 4 * 2 / 4, 4 * 3 / 4],
        [2 * 2 / 16, 2 * 3 / 8, 2 * 2 / 4, 2 * 1 / 4],
    ])
    rpop = ms.revealed_per_capita_advantage(X_RCA, pop)
    np.testing.assert_allclose(rpop, expected, atol=tol.hand)


def test_presence_threshold_at_exactly_one() -> None:
    np.testing.assert_array_equal(ms.presence(RCA_HAND), M_STRICT)  # default strict: 1.0 -> 0
    np.testing.assert_array_equal(ms.presence(RCA_HAND, strict=False), M_WEAK)
    # diversity = row sums, ubiquity = column sums of M
    np.testing.assert_array_equal(ms.diversity(M_WEAK), [2, 1, 2, 3])
    np.testing.assert_array_equal(ms.ubiquity(M_WEAK), [2, 2, 2, 2])


@pytest.mark.filterwarnings("ignore::yindi.errors.ComputationWarning")  # strict M: r2-a apart
def test_presence_by_convention_in_diagnose(tol) -> None:
    stata = yindi.diagnose(_long(X_RCA))
    pyec = yindi.diagnose(_long(X_RCA), convention="py-ecomplexity")
    np.testing.assert_allclose(_wide(stata, "rca"), RCA_HAND, atol=tol.hand)
    np.testing.assert_array_equal(_wide(stata, "mcp"), M_STRICT)
    np.testing.assert_array_equal(_wide(pyec, "mcp"), M_WEAK)
    np.testing.assert_array_equal(stata.region["diversity"], [1, 1, 2, 2])
    np.testing.assert_array_equal(pyec.region["diversity"], [2, 1, 2, 3])
    np.testing.assert_array_equal(stata.activity["ubiquity"], [1, 2, 2, 1])


# --- proximity ---------------------------------------------------------------------------------
# Activities a..e; ubiquities u = (2, 3, 3, 2, 2). Co-occurrences C = M'M off the diagonal:
# ab 2 (r1,r2), ac 1 (r2), ad 0, ae 1 (r1), bc 2 (r2,r3), bd 1 (r3), be 1 (r1), cd 2 (r3,r4),
# ce 1 (r4), de 1 (r4).
M_PS = np.array([[1, 1, 0, 0, 1], [1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1]], float)
S6 = np.sqrt(6.0)
PROXIMITY_HAND = {
    # C / max(u_p, u_q): ab 2/3, ac 1/3, ae 1/2, bc 2/3, bd 1/3, be 1/3, cd 2/3, ce 1/3, de 1/2
    "min_conditional": [[0, 2 / 3, 1 / 3, 0, 1 / 2], [2 / 3, 0, 2 / 3, 1 / 3, 1 / 3],
                        [1 / 3, 2 / 3, 0, 2 / 3, 1 / 3], [0, 1 / 3, 2 / 3, 0, 1 / 2],
                        [1 / 2, 1 / 3, 1 / 3, 1 / 2, 0]],
    # C / sqrt(u_p u_q): sqrt(2*3) = sqrt 6, sqrt(3*3) = 3, sqrt(2*2) = 2
    "cosine": [[0, 2 / S6, 1 / S6, 0, 1 / 2], [2 / S6, 0, 2 / 3, 1 / S6, 1 / S6],
               [1 / S6, 2 / 3, 0, 2 / S6, 1 / S6], [0, 1 / S6, 2 / S6, 0, 1 / 2],
               [1 / 2, 1 / S6, 1 / S6, 1 / 2, 0]],
    # C / (u_p + u_q - C): ab 2/3, ac 1/4, ae 1/3, bc 2/4, bd 1/4, be 1/4, cd 2/3, ce 1/4, de 1/3
    "jaccard": [[0, 2 / 3, 1 / 4, 0, 1 / 3], [2 / 3, 0, 1 / 2, 1 / 4, 1 / 4],
                [1 / 4, 1 / 2, 0, 2 / 3, 1 / 4], [0, 1 / 4, 2 / 3, 0, 1 / 3],
                [1 / 3, 1 / 4, 1 / 4, 1 / 3, 0]],
    # N C / (u_p u_q), N = 4 regions: ab 8/6, ac 4/6, ae 4/4, bc 8/9, bd 4/6, be 4/6, cd 8/6 ...
    "association": [[0, 8 / 6, 4 / 6, 0, 1], [8 / 6, 0, 8 / 9, 4 / 6, 4 / 6],
                    [4 / 6, 8 / 9, 0, 8 / 6, 4 / 6], [0, 4 / 6, 8 / 6, 0, 1],
                    [1, 4 / 6, 4 / 6, 1, 0]],
}
# Kept diagonal: C_pp / u_p = 1 for the first three; association N u_p / u_p^2 = N / u_p.
DIAGONAL_KEPT = {"min_conditional": [1] * 5, "cosine": [1] * 5, "jaccard": [1] * 5,
                 "association": [4 / 2, 4 / 3, 4 / 3, 4 / 2, 4 / 2]}


@pytest.mark.parametrize("method", sorted(PROXIMITY_HAND))
def test_proximity_methods(method: str, tol) -> None:
    expected = np.array(PROXIMITY_HAND[method])
    np.testing.assert_allclose(ms.proximity(M_PS, method=method), expected, atol=tol.hand)
    kept = ms.proximity(M_PS, method=method, diagonal="keep")
    np.testing.assert_allclose(kept, expected + np.diag(DIAGONAL_KEPT[method]), atol=tol.hand)


def test_proximity_continuous(tol) -> None:
    # (1 + corr(RCA_p, RCA_q)) / 2 over regions. Columns: p1 = (1,2,3); p2 = 2 p1 (corr 1);
    # p3 = (3,2,1) (corr -1); p4 = (1,3,2): deviations (-1,0,1).(-1,1,0) = 1, norms 2 -> 1/2.
    levels = np.array([[1, 2, 3, 1], [2, 4, 2, 3], [3, 6, 1, 2]], dtype=float)
    # p2-p3 corr -1, p2-p4 1/2, p3-p4: (1,0,-1).(-1,1,0) = -1 over 2 -> -1/2.
    corr = np.array([[1, 1, -1, 1 / 2], [1, 1, -1, 1 / 2], [-1, -1, 1, -1 / 2],
                     [1 / 2, 1 / 2, -1 / 2, 1]])
    phi = ms.proximity(np.zeros_like(levels), method="continuous", levels=levels, diagonal="keep")
    np.testing.assert_allclose(phi, (1 + corr) / 2, atol=tol.hand)
    phi0 = ms.proximity(np.zeros_like(levels), method="continuous", levels=levels)
    np.testing.assert_allclose(phi0, (1 + corr) / 2 - np.eye(4), atol=tol.hand)


# --- density and distance ----------------------------------------------------------------------
def _density_by_definition(m: np.ndarray, phi: np.ndarray, *, own: bool) -> np.ndarray:
    """d_rp = sum_{p'} M_rp' phi_p'p / sum_{p'} phi_p'p over p' != p (or all p' if ``own``)."""
    out = np.zeros(m.shape)
    for r in range(m.shape[0]):
        for p in range(m.shape[1]):
            others = [q for q in range(m.shape[1]) if own or q != p]
            out[r, p] = sum(m[r, q] * phi[q, p] for q in others) / sum(phi[q, p] for q in others)
    return out


def test_density_leaves_the_activity_out(tol) -> None:
    phi_full = np.array(PROXIMITY_HAND["min_conditional"]) + np.eye(5)  # phi_pp = 1
    density = ms.relatedness_density(M_PS, ms.proximity(M_PS))
    # r1 has a, b, e. Activity c: column c without c: a 1/3, b 2/3, d 2/3, e 1/3 (sum 2);
    # present a + b + e = 4/3, so d = (4/3) / 2 = 2/3.
    assert density[0, 2] == pytest.approx(2 / 3, abs=tol.hand)
    # Activity a (present): b 2/3, c 1/3, d 0, e 1/2 (sum 3/2); present b + e = 7/6 -> 7/9.
    assert density[0, 0] == pytest.approx(7 / 9, abs=tol.hand)
    np.testing.assert_allclose(density, _density_by_definition(M_PS, phi_full, own=False),
                               atol=tol.hand)
    # distance = 1 - density: r1, c -> 1/3
    assert ms.relatedness_distance(density)[0, 2] == pytest.approx(1 / 3, abs=tol.hand)


def test_density_keeping_the_diagonal_as_py_ecomplexity(tol) -> None:
    phi_keep = ms.proximity(M_PS, diagonal="keep")
    density = ms.relatedness_density(M_PS, phi_keep)
    # r1, a: (1 + 7/6) / (1 + 3/2) = 13/15; r1, c (absent): (4/3) / (1 + 2) = 4/9.
    assert density[0, 0] == pytest.approx(13 / 15, abs=tol.hand)
    assert density[0, 2] == pytest.approx(4 / 9, abs=tol.hand)
    np.testing.assert_allclose(density, _density_by_definition(M_PS, phi_keep, own=True),
                               atol=tol.hand)


# --- eigenvector ECI/PCI on a nested matrix, closed form ---------------------------------------
# M = [[1,1,1],[1,1,0],[1,0,0]]: diversity k_r0 = (3,2,1), ubiquity k_p0 = (3,2,1).
# M~_pp' = sum_r M_rp M_rp' / (k_r0 k_p0):
#   row p1 (k=3): (1/3)(1/3+1/2+1), (1/3)(1/3+1/2), (1/3)(1/3) = 11/18, 5/18, 2/18
#   row p2 (k=2): (1/2)(1/3+1/2), (1/2)(1/3+1/2), (1/2)(1/3) = 5/12, 5/12, 2/12
#   row p3 (k=1): 1/3, 1/3, 1/3
# Row-stochastic, so lambda1 = 1. trace = 49/36 -> lambda2 + lambda3 = 13/36;
# det = det[[11,5,2],[5,5,2],[1,1,1]] / (18*12*3) = 18/648 = 1/36 -> lambda2 lambda3 = 1/36;
# 36 l^2 - 13 l + 1 = 0 -> l = (13 +- 5)/72: lambda2 = 1/4, lambda3 = 1/9.
# (M~ - I/4) v = 0: row p3 gives 4 v1 + 4 v2 + v3 = 0, row p2 5 v1 + 2 v2 + 2 v3 = 0
#   -> v = (-2, 1, 4); kp = v / sqrt(21); kc = M kp / k_r0 = (3/3, -1/2, -2/1) / sqrt(21),
#   which rises with diversity, so the sign stays.
M_NEST = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0]], dtype=float)
MPP_NEST = np.array([[11 / 18, 5 / 18, 2 / 18], [5 / 12, 5 / 12, 2 / 12], [1 / 3, 1 / 3, 1 / 3]])
R21 = np.sqrt(21.0)
KP_NEST = np.array([-2.0, 1.0, 4.0]) / R21
KC_NEST = np.array([1.0, -0.5, -2.0]) / R21


def test_eigenvector_closed_form(tol) -> None:
    np.testing.assert_allclose(MPP_NEST @ KP_NEST, KP_NEST / 4, atol=tol.hand)  # the hand pair
    raw = ms.eigenvector_complexity(M_NEST)
    np.testing.assert_allclose(raw.kp, KP_NEST, atol=tol.hand)
    np.testing.assert_allclose(raw.kc, KC_NEST, atol=tol.hand)
    np.testing.assert_allclose(raw.eigenvalues, (1 / 4, 1 / 9), atol=tol.hand)
    assert raw.eigengap == pytest.approx((1 / 9) / (1 / 4), abs=tol.hand)  # 4/9


CONVENTION_NAMES = ("stata", "py-ecomplexity", "economic-complexity")


def _standardise_nested(name: str) -> Standardised:
    # COI/COG are not looked at here; any non-constant COI keeps its sd away from 0.
    return ms.standardise(ms.get_convention(name), KC_NEST, KP_NEST, np.arange(3.0),
                          np.zeros((3, 3)))


def test_long_row_standardisation(tol) -> None:
    # In units of 1/sqrt(21): kc = (1, -1/2, -2), mean -1/2, deviations (3/2, 0, -3/2).
    # Stata sums the long table: each region value 3 times (one per activity), n = 3*3 = 9:
    # sum of squares 3 * (9/4 + 0 + 9/4) = 27/2; sd^2 = (27/2) / (9 - 1) = 27/16; sd = 3 sqrt3/4.
    # ECI = (3/2) / (3 sqrt3/4) = 2/sqrt3; PCI = (kp - mean)/sd = (-3/2, 3/2, 9/2)/(3 sqrt3/4).
    s3 = np.sqrt(3.0)
    stata, pyec, dw = (_standardise_nested(name) for name in CONVENTION_NAMES)
    np.testing.assert_allclose(stata.eci, [2 / s3, 0, -2 / s3], atol=tol.hand)
    np.testing.assert_allclose(stata.pci, [-2 / s3, 2 / s3, 6 / s3], atol=tol.hand)
    # py-ecomplexity: numpy sd, ddof 0, over the 3 regions: sd^2 = (9/2)/3 = 3/2.
    np.testing.assert_allclose(pyec.eci, [np.sqrt(1.5), 0, -np.sqrt(1.5)], atol=tol.hand)
    # economic-complexity: ddof 1 (sd^2 = (9/2)/2, sd 3/2); PCI on its own: (-2,1,4) has mean 1,
    # sd^2 = (9 + 0 + 9)/2 = 9, so PCI = (-3, 0, 3)/3.
    np.testing.assert_allclose(dw.eci, [1, 0, -1], atol=tol.hand)
    np.testing.assert_allclose(dw.pci, [-1, 0, 1], atol=tol.hand)


# --- COI and COG on the nested matrix ----------------------------------------------------------
# phi (zero diagonal): C12 = 2, C13 = 1, C23 = 1 over max ubiquity: phi12 2/3, phi13 1/3,
# phi23 1/2. Column (= row) sums: p1 1, p2 7/6, p3 5/6.
# density: r1 (all present) 1,1,1; r2 (p1,p2): p1 (2/3)/1, p2 (2/3)/(7/6) = 4/7, p3 (1/3+1/2)/(5/6)
# = 1; r3 (p1): p1 0, p2 (2/3)/(7/6) = 4/7, p3 (1/3)/(5/6) = 2/5.
PHI_NEST = np.array([[0, 2 / 3, 1 / 3], [2 / 3, 0, 1 / 2], [1 / 3, 1 / 2, 0]])
DENSITY_NEST = np.array([[1, 1, 1], [2 / 3, 4 / 7, 1], [0, 4 / 7, 2 / 5]])


def test_coi_and_cog_stata(tol) -> None:
    np.testing.assert_allclose(ms.proximity(M_NEST), PHI_NEST, atol=tol.hand)
    np.testing.assert_allclose(ms.relatedness_density(M_NEST, PHI_NEST), DENSITY_NEST,
                               atol=tol.hand)
    # COI_r = sum_p d_rp (1 - M_rp) kp_p (x sqrt21): r1 0; r2 1 * 4; r3 (4/7)(1) + (2/5)(4) = 76/35
    coi = ms.complexity_outlook_index(M_NEST, DENSITY_NEST, KP_NEST)
    np.testing.assert_allclose(coi * R21, [0, 4, 76 / 35], atol=tol.hand)
    # COG_rp = (1-M_rp) sum_p' (1-M_rp') phi_p'p kp_p' / rowsum_p'; kp/rowsum = (-2, 6/7, 24/5).
    # r2 misses p3 only, phi_33 = 0 -> 0. r3 misses p2, p3: p2 <- p3: (1/2)(24/5) = 12/5;
    # p3 <- p2: (1/2)(6/7) = 3/7.
    cog = ms.complexity_outlook_gain(M_NEST, PHI_NEST, KP_NEST)
    np.testing.assert_allclose(cog * R21, [[0, 0, 0], [0, 0, 0], [0, 12 / 5, 3 / 7]],
                               atol=tol.hand)
    # Stata scaling. COI (x sqrt21) has mean 72/35, deviations (-72, 68, 4)/35; long sum of
    # squares 3 (72^2 + 68^2 + 4^2)/35^2 = 3 * 9824/1225, over 9 - 1: sd^2 = 3684/1225.
    # COG / sd_ECI with sd_ECI = 3 sqrt3/4 (x 1/sqrt21): 12/5 * 4/(3 sqrt3) = 16/(5 sqrt3).
    std = ms.standardise(ms.get_convention("stata"), KC_NEST, KP_NEST, coi, cog)
    np.testing.assert_allclose(std.coi, np.array([-72, 68, 4]) / np.sqrt(3684), atol=tol.hand)
    s3 = np.sqrt(3.0)
    np.testing.assert_allclose(std.cog, [[0, 0, 0], [0, 0, 0], [0, 16 / (5 * s3), 4 / (7 * s3)]],
                               atol=tol.hand)


def test_cog_atlas(tol) -> None:
    # Atlas (Hausmann et al. 2011, box 5.4): (1 - M_rp) [gain_rp - d_rp kp_p], d the density
    # (the Atlas writes (1 - distance) PCI_p). The bracket, before the mask (x sqrt21), with
    # kp/rowsum = (-2, 6/7, 24/5):
    # r1: gain 0 (has everything). r2 lacks p3: gain = phi_3p (24/5) = (8/5, 12/5, 0);
    #   minus d_2p kp_p = (2/3)(-2), (4/7)(1), (1)(4) -> (44/15, 64/35, -4).
    # r3 lacks p2, p3: gain (2/3)(6/7) + (1/3)(24/5) = 76/35, (1/2)(24/5) = 12/5,
    #   (1/2)(6/7) = 3/7; minus 0, (4/7)(1), (2/5)(4) -> (76/35, 64/35, -41/35).
    # The mask keeps only activities not present: r2 p3; r3 p2, p3.
    cog = ms.complexity_outlook_gain(M_NEST, PHI_NEST, KP_NEST, variant="atlas",
                                     density=DENSITY_NEST)
    expected = np.array([[0, 0, 0], [0, 0, -4], [0, 64 / 35, -41 / 35]])
    np.testing.assert_allclose(cog * R21, expected, atol=tol.hand)
    # The Atlas defines the gain as the change in the outlook (COI) when r moves into p.
    # COI (x sqrt21) is (0, 4, 76/35) above. r2 + p3 has everything: COI 0, change -4.
    # r3 + p2 = {p1, p2} = r2's basket: COI 4, change 4 - 76/35 = 64/35. r3 + p3 = {p1, p3}:
    # density of p2 = (2/3 + 1/2)/(7/6) = 1, COI = 1 * 1, change 1 - 76/35 = -41/35.
    coi = ms.complexity_outlook_index(M_NEST, DENSITY_NEST, KP_NEST) * R21
    for r, p in [(1, 2), (2, 1), (2, 2)]:
        moved = M_NEST.copy()
        moved[r, p] = 1.0
        after = ms.complexity_outlook_index(moved, ms.relatedness_density(moved, PHI_NEST),
                                            KP_NEST) * R21
        assert after[r] - coi[r] == pytest.approx(expected[r, p], abs=tol.hand)


# --- the default pipeline end to end, against an independent route ----------------------------
# Row totals 16, 19, 21, 15; column totals 12, 15, 17, 20, 7; grand total 71.
X_PIPE = np.array([[2, 5, 5, 4, 0], [4, 1, 5, 6, 3], [6, 5, 2, 6, 2], [0, 4, 5, 4, 2]], float)
# RCA = x * 71 / (row * col), e.g. r1 b 5*71/(16*15) = 1.48 > 1, r1 d 4*71/(16*20) = 0.89 < 1.
M_PIPE = np.array([[0, 1, 1, 0, 0], [1, 0, 1, 1, 1], [1, 1, 0, 1, 0], [0, 1, 1, 0, 1]], float)


def test_default_pipeline_matches_an_independent_route(tol) -> None:
    result = yindi.diagnose(_long(X_PIPE))
    rca = X_PIPE * 71 / np.outer([16, 19, 21, 15], [12, 15, 17, 20, 7])
    np.testing.assert_allclose(_wide(result, "rca"), rca, atol=tol.hand)
    np.testing.assert_array_equal(_wide(result, "mcp"), M_PIPE)
    n_reg, n_act = M_PIPE.shape
    kc0, kp0 = M_PIPE.sum(axis=1), M_PIPE.sum(axis=0)  # (2, 4, 3, 3), (2, 3, 3, 2, 2)
    # The non-symmetric M~pp' written out, solved with the general eigensolver.
    mpp = np.array([[sum(M_PIPE[r, p] * M_PIPE[r, q] / (kc0[r] * kp0[p]) for r in range(n_reg))
                     for q in range(n_act)] for p in range(n_act)])
    vals, vecs = np.linalg.eig(mpp)
    order = np.argsort(vals.real)[::-1]
    kp = vecs[:, order[1]].real
    kp /= np.linalg.norm(kp)
    kc = M_PIPE @ kp / kc0
    if np.corrcoef(kc0, kc)[0, 1] < 0:
        kp, kc = -kp, -kc
    # Stata: mean and n-1 sd of ECI over the 4 * 5 = 20 long rows (each kc repeated 5 times).
    eci_long = np.repeat(kc, n_act)
    mean = eci_long.sum() / 20
    sd = np.sqrt(((eci_long - mean) ** 2).sum() / (20 - 1))
    np.testing.assert_allclose(result.region["eci"], (kc - mean) / sd, atol=tol.hand)
    np.testing.assert_allclose(result.activity["pci"], (kp - mean) / sd, atol=tol.hand)
    diag = result.diagnostics.iloc[0]
    lam2, lam3 = vals.real[order[1]], vals.real[order[2]]
    assert diag["eigengap"] == pytest.approx(lam3 / lam2, abs=tol.hand)
    # Proximity: min of the two conditional probabilities, 0 on the diagonal.
    phi = np.array([[0.0 if p == q else min(
        (M_PIPE[:, p] * M_PIPE[:, q]).sum() / kp0[p], (M_PIPE[:, p] * M_PIPE[:, q]).sum() / kp0[q])
        for q in range(n_act)] for p in range(n_act)])
    np.testing.assert_allclose(result.proximity().to_numpy(), phi, atol=tol.hand)
    density = _density_by_definition(M_PIPE, phi + np.eye(n_act), own=False)
    np.testing.assert_allclose(_wide(result, "density"), density, atol=tol.hand)
    np.testing.assert_allclose(_wide(result, "distance"), 1 - density, atol=tol.hand)
    coi = np.array([sum(density[r, p] * (1 - M_PIPE[r, p]) * kp[p] for p in range(n_act))
                    for r in range(n_reg)])
    coi_long = np.repeat(coi, n_act)
    coi_sd = np.sqrt(((coi_long - coi_long.mean()) ** 2).sum() / (20 - 1))
    np.testing.assert_allclose(result.region["coi"], (coi - coi.mean()) / coi_sd, atol=tol.hand)
    cog = np.array([[(1 - M_PIPE[r, p]) * sum(
        (1 - M_PIPE[r, q]) * phi[q, p] * kp[q] / phi[q].sum() for q in range(n_act))
        for p in range(n_act)] for r in range(n_reg)])
    np.testing.assert_allclose(_wide(result, "cog"), cog / sd, atol=tol.hand)


# --- method of reflections and fitness ---------------------------------------------------------
# M = [[1,1,1,1],[1,1,0,0],[1,0,1,0]]: k_r0 = (4, 2, 2), k_p0 = (3, 2, 2, 1).
M_RF = np.array([[1, 1, 1, 1], [1, 1, 0, 0], [1, 0, 1, 0]], dtype=float)


def test_reflections_by_hand(tol) -> None:
    # k_r1 = M k_p0 / k_r0: r1 (3+2+2+1)/4 = 2, r2 (3+2)/2 = 5/2, r3 (3+2)/2 = 5/2
    # k_p1 = M' k_r0 / k_p0: p1 (4+2+2)/3 = 8/3, p2 (4+2)/2 = 3, p3 3, p4 4/1 = 4
    # k_p2 = M' k_r1 / k_p0: p1 (2+5/2+5/2)/3 = 7/3, p2 (2+5/2)/2 = 9/4, p3 9/4, p4 2
    # k_r2 = M k_p1 / k_r0: r1 (8/3+3+3+4)/4 = 19/6, r2 (8/3+3)/2 = 17/6, r3 17/6
    # iterations = n returns (k_r,n-2, k_p,n-1), as economic-complexity's loop does.
    two = ms.reflections_complexity(M_RF, iterations=2)
    np.testing.assert_allclose(two.kc, [4, 2, 2], atol=tol.hand)
    np.testing.assert_allclose(two.kp, [8 / 3, 3, 3, 4], atol=tol.hand)
    three = ms.reflections_complexity(M_RF, iterations=3)
    np.testing.assert_allclose(three.kc, [2, 5 / 2, 5 / 2], atol=tol.hand)
    np.testing.assert_allclose(three.kp, [7 / 3, 9 / 4, 9 / 4, 2], atol=tol.hand)
    four = ms.reflections_complexity(M_RF, iterations=4)
    np.testing.assert_allclose(four.kc, [19 / 6, 17 / 6, 17 / 6], atol=tol.hand)


def test_fitness_two_iterations_by_hand(tol) -> None:
    # Step 1 from F = Q = 1: F~ = M Q = (4, 2, 2), mean 8/3 -> F1 = (3/2, 3/4, 3/4);
    #   Q~ = 1 / (M' (1/F)) = 1/ubiquity = (1/3, 1/2, 1/2, 1), mean 7/12 -> Q1 = (4,6,6,12)/7.
    one = ms.fitness_complexity(M_RF, iterations=2)
    np.testing.assert_allclose(one.kc, [3 / 2, 3 / 4, 3 / 4], atol=tol.hand)
    np.testing.assert_allclose(one.kp, np.array([4, 6, 6, 12]) / 7, atol=tol.hand)
    # Step 2: F~ = M Q1 = (28/7, 10/7, 10/7), mean 16/7 -> F2 = (7/4, 5/8, 5/8);
    #   1/F1 = (2/3, 4/3, 4/3): M'(1/F1) = (10/3, 2, 2, 2/3) -> Q~ = (3/10, 1/2, 1/2, 3/2),
    #   mean 7/10 -> Q2 = (3/7, 5/7, 5/7, 15/7).
    two = ms.fitness_complexity(M_RF, iterations=3)
    np.testing.assert_allclose(two.kc, [7 / 4, 5 / 8, 5 / 8], atol=tol.hand)
    np.testing.assert_allclose(two.kp, np.array([3, 5, 5, 15]) / 7, atol=tol.hand)


# --- structure ---------------------------------------------------------------------------------
# Shares: r1 (1/4,1/4,1/4,1/4), r2 (1/2,0,1/4,1/4), r3 (3/4,1/4,0,0); national (1/2,1/6,1/6,1/6).
X_ST = np.array([[1, 1, 1, 1], [2, 0, 1, 1], [3, 1, 0, 0]], dtype=float)
GROUPS = np.array(["g1", "g2", "g2", "g2"])  # a alone; b, c, d together
H_R3 = 3 / 4 * np.log(4 / 3) + 1 / 4 * np.log(4)  # entropy of (3/4, 1/4)
STRUCTURE_HAND = {
    "hhi": [4 / 16, 1 / 4 + 2 / 16, 9 / 16 + 1 / 16],
    "entropy": [np.log(4), 1 / 2 * LN2 + 2 * (1 / 4) * np.log(4), H_R3],
    # vs the rest: r1 vs (5,1,1,1)/8: 3/8 + 3 * 1/8; r2 vs (4,2,1,1)/8: 0 + 1/4 + 1/8 + 1/8;
    # r3 vs (3,1,2,2)/8: 3/8 + 1/8 + 2/8 + 2/8
    "krugman": [3 / 4, 1 / 2, 1.0],
    # sum_p s_rp ln(s_rp / s_p): r1 1/4 (ln 1/2 + 3 ln 3/2); r2 1/2 ln 1 + 2 (1/4) ln(3/2);
    # r3 3/4 ln(3/2) + 1/4 ln(3/2)
    "theil": [(np.log(1 / 2) + 3 * np.log(3 / 2)) / 4, 1 / 2 * np.log(3 / 2), np.log(3 / 2)],
    # UV over group shares P: r1 (1/4, 3/4); r2 (1/2, 1/2); r3 (3/4, 1/4)
    "unrelated_variety": [1 / 4 * np.log(4) + 3 / 4 * np.log(4 / 3), LN2, H_R3],
    # RV = sum_g P_g H_g: r1 3/4 * ln 3 (three equal shares in g2); r2 1/2 * ln 2 (c, d equal);
    # r3 1/4 * 0 (only b in g2)
    "related_variety": [3 / 4 * np.log(3), 1 / 2 * LN2, 0.0],
}
KERNELS = {"hhi": ms.herfindahl, "entropy": ms.shannon_entropy,
           "krugman": ms.krugman_specialisation, "theil": ms.relative_theil}


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_structure_index(name: str, tol) -> None:
    np.testing.assert_allclose(KERNELS[name](X_ST), STRUCTURE_HAND[name], atol=tol.hand)


def test_related_unrelated_variety(tol) -> None:
    related, unrelated = ms.related_unrelated_variety(X_ST, GROUPS)
    np.testing.assert_allclose(related, STRUCTURE_HAND["related_variety"], atol=tol.hand)
    np.testing.assert_allclose(unrelated, STRUCTURE_HAND["unrelated_variety"], atol=tol.hand)
    # UV + RV = H: r1 1/4 ln4 + 3/4 ln(4/3) + 3/4 ln3 = ln 4
    np.testing.assert_allclose(related + unrelated, ms.shannon_entropy(X_ST), atol=tol.hand)


def test_structure_in_diagnose(tol) -> None:
    groups = pd.DataFrame({"activity": list("abcd"), "group": GROUPS})
    region = yindi.diagnose(_long(X_ST), activity_groups=groups).region
    for name, expected in STRUCTURE_HAND.items():
        np.testing.assert_allclose(region[name], expected, atol=tol.hand, err_msg=name)


def test_coi_missing_values(tol) -> None:
    # Issue 9 item 4: a NaN is never a 0 by accident. On the nested matrix above (COI x sqrt21 =
    # 0, 4, 76/35), add p4 with no complexity and no density (a zero-ubiquity line the diagnosis
    # leaves out): Stata drops that line before coicog, so COI is unchanged.
    m4 = np.column_stack([M_NEST, np.zeros(3)])
    d4 = np.column_stack([DENSITY_NEST, np.full(3, np.nan)])
    kp4 = np.append(KP_NEST, np.nan)
    coi = ms.complexity_outlook_index(m4, d4, kp4)
    np.testing.assert_allclose(coi * R21, [0, 4, 76 / 35], atol=tol.hand)
    # Now p3's density unknown (kp3 = 4/sqrt21 known): r2 and r3 lack p3, so their COI is
    # unknown (before the fix r3 got (4/7)(1) = 4/7 and r2 0, the gap counted as 0); r1 has p3,
    # its term is (1 - 1) = 0 whatever the density: COI 0.
    d = DENSITY_NEST.copy()
    d[:, 2] = np.nan
    coi = ms.complexity_outlook_index(M_NEST, d, KP_NEST)
    np.testing.assert_allclose(coi * R21, [0, np.nan, np.nan], atol=tol.hand)
