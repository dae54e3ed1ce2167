"""The interface contract of ``yindi.diagnose`` and ``DiagnoseResult``.

Fixture: four regions x five activities, small enough to check by hand.

    value   p  q  r  s  t | row     RCA = (x_rp / row_r) / (col_p / 32)
    A       5  1  0  2  1 |  9
    B       0  4  1  1  2 |  8      M (RCA > 1):  A:{p, s}  B:{q, t}  C:{r, s}  D:{q, r, t}
    C       1  0  3  2  0 |  6      ubiquity      p=1, q=2, r=2, s=2, t=2
    D       2  2  2  0  3 |  9      diversity     A=2, B=2, C=2, D=3
    col     8  7  6  5  6 | 32

Min-conditional proximity phi_pq = C_pq / max(u_p, u_q) with co-occurrences C = M'M:
p-s co-occur in A (1/2), q-t in B and D (2/2), q-r in D (1/2), r-s in C (1/2), r-t in D (1/2).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import polars as pl
import pytest
from pandas.testing import assert_frame_equal

import yindi
from yindi.errors import ComputationWarning
from yindi.measures import CONVENTIONS

X2017 = np.array([[5, 1, 0, 2, 1], [0, 4, 1, 1, 2], [1, 0, 3, 2, 0], [2, 2, 2, 0, 3]], dtype=float)
X2016 = X2017[:, [1, 2, 3, 4, 0]]  # same network, activities relabelled: still connected
REGIONS = ["A", "B", "C", "D"]
ACTIVITIES = ["p", "q", "r", "s", "t"]

HAND_PHI = np.array(
    [
        [0.0, 0.0, 0.0, 0.5, 0.0],
        [0.0, 0.0, 0.5, 0.0, 1.0],
        [0.0, 0.5, 0.0, 0.5, 0.5],
        [0.5, 0.0, 0.5, 0.0, 0.0],
        [0.0, 1.0, 0.5, 0.0, 0.0],
    ]
)

RA_COLUMNS = [
    "region",
    "activity",
    "year",
    "value",
    "rca",
    "mcp",
    "density",
    "distance",
    "pci",
    "cog",
]
REGION_COLUMNS = [
    "region",
    "year",
    "eci",
    "coi",
    "diversity",
    "hhi",
    "entropy",
    "krugman",
    "theil",
    "related_variety",
    "unrelated_variety",
]


def long_table(x: np.ndarray, year: int) -> pd.DataFrame:
    r, a = np.meshgrid(REGIONS, ACTIVITIES, indexing="ij")
    return pd.DataFrame(
        {"region": r.ravel(), "activity": a.ravel(), "year": year, "value": x.ravel()}
    )


def two_years() -> pd.DataFrame:
    return pd.concat([long_table(X2016, 2016), long_table(X2017, 2017)], ignore_index=True)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical keys as text, rows sorted by key, fresh index: comparable across runs."""
    out = frame.copy()
    keys = [c for c in ("year", "region", "activity") if c in out.columns]
    for c in ("region", "activity"):
        if c in out.columns:
            out[c] = out[c].astype(str)
    return out.sort_values(keys, kind="mergesort").reset_index(drop=True)


@pytest.fixture(scope="module")
def result():
    return yindi.diagnose(two_years())


# --- tables and columns --------------------------------------------------------------------


def test_region_activity_columns(result):
    assert list(result.region_activity.columns) == RA_COLUMNS


def test_region_columns(result):
    assert list(result.region.columns) == REGION_COLUMNS


def test_activity_columns(result):
    assert list(result.activity.columns) == ["activity", "year", "ubiquity", "pci"]


def test_diagnostics_has_one_row_per_year(result):
    diag = result.diagnostics
    assert diag["year"].tolist() == [2016, 2017]
    assert diag[["regions", "activities"]].to_numpy().tolist() == [[4, 5], [4, 5]]
    assert {"lambda2", "lambda3", "eigengap", "dropped_regions", "dropped_activities"} <= set(diag)


# Density d_rp = sum_p' M_rp' phi_p'p / sum_p' phi_p'p (Hidalgo et al. 2007, zero diagonal),
# worked out by hand from M and HAND_PHI (module docstring). Column sums of phi: p 1/2, q 3/2,
# r 3/2, s 1, t 3/2. Region A = {p, s}: p (1/2)/(1/2) = 1, q 0, r (1/2)/(3/2) = 1/3,
# s (1/2)/1 = 1/2, t 0. B = {q, t}: q 1/(3/2), r (1/2 + 1/2)/(3/2), t 1/(3/2). C = {r, s}:
# p (1/2)/(1/2), q, r, t (1/2)/(3/2), s (1/2)/1. D = {q, r, t}: q (1/2 + 1)/(3/2) = 1,
# r (1/2 + 1/2)/(3/2), s (1/2)/1, t (1 + 1/2)/(3/2) = 1.
HAND_DENSITY_2017 = np.array(
    [
        [1, 0, 1 / 3, 1 / 2, 0],
        [0, 2 / 3, 2 / 3, 0, 2 / 3],
        [1, 1 / 3, 1 / 3, 1 / 2, 1 / 3],
        [0, 1, 2 / 3, 1 / 2, 1],
    ]
)
# Distance (Hausmann et al. 2011): the share of the activity's relatedness the region lacks,
# sum_p' (1 - M_rp') phi_p'p / sum_p' phi_p'p, counted separately from the absent activities.
# A: p (0)/(1/2) = 0, q (1/2 + 1)/(3/2) = 1, r (1/2 + 1/2)/(3/2) = 2/3, s (1/2)/1, t (1 + 1/2)/(3/2).
HAND_DISTANCE_2017 = np.array(
    [
        [0, 1, 2 / 3, 1 / 2, 1],
        [1, 1 / 3, 1 / 3, 1, 1 / 3],
        [0, 2 / 3, 2 / 3, 1 / 2, 2 / 3],
        [1, 0, 1 / 3, 1 / 2, 0],
    ]
)


def test_density_and_distance_by_hand(result, tol):
    ra = result.region_activity
    part = ra[ra["year"] == 2017].set_index(["region", "activity"])
    for col, hand in (("density", HAND_DENSITY_2017), ("distance", HAND_DISTANCE_2017)):
        got = part[col].unstack("activity").loc[REGIONS, ACTIVITIES].to_numpy(dtype=float)
        np.testing.assert_allclose(got, hand, atol=tol.hand, err_msg=col)


def test_result_is_immutable(result):
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.region = result.activity  # type: ignore[misc]
    # Writing into a table handed out changes the caller's copy, never the result.
    before = result.region.loc[0, "eci"]
    handed = result.region
    handed.loc[0, "eci"] = 99.0
    handed["eci"] = 0.0
    assert result.region.loc[0, "eci"] == before != 99.0


def test_options_are_recorded(result):
    assert result.options["method"] == "eigenvector"
    assert result.options["convention"] == "stata"
    assert result.options["years"] == [2016, 2017]


# --- hand calculation (header of this file) ------------------------------------------------


def test_rca_mcp_and_degrees_match_the_hand_calculation(result, tol):
    ra = plain(result.region_activity[result.region_activity["year"] == 2017])
    row = X2017.sum(axis=1, keepdims=True)  # 9, 8, 6, 9
    col = X2017.sum(axis=0, keepdims=True)  # 8, 7, 6, 5, 6
    assert row.ravel().tolist() == [9, 8, 6, 9] and col.ravel().tolist() == [8, 7, 6, 5, 6]
    hand_rca = (X2017 / row) / (col / 32.0)
    assert hand_rca[0, 0] == pytest.approx(20 / 9, abs=tol.hand)  # (5/9) / (8/32)
    np.testing.assert_allclose(ra["rca"].to_numpy().reshape(4, 5), hand_rca, rtol=0, atol=tol.hand)
    hand_m = [[1, 0, 0, 1, 0], [0, 1, 0, 0, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 1]]
    assert ra["mcp"].to_numpy().reshape(4, 5).tolist() == hand_m
    reg = plain(result.region[result.region["year"] == 2017])
    assert reg["diversity"].tolist() == [2, 2, 2, 3]
    act = plain(result.activity[result.activity["year"] == 2017])
    assert act["ubiquity"].tolist() == [1, 2, 2, 2, 2]


def test_density_matches_the_hand_calculation(result, tol):
    # d_rp = sum_p' M_rp' phi_p'p / sum_p' phi_p'p; e.g. d_A,r = (phi_pr + phi_sr) / (phi_qr +
    # phi_sr + phi_tr) = 0.5 / 1.5 and d_A,p = phi_sp / phi_sp = 1.
    ra = plain(result.region_activity[result.region_activity["year"] == 2017])
    dens = ra["density"].to_numpy().reshape(4, 5)
    assert dens[0, 2] == pytest.approx(1 / 3, abs=tol.hand)
    assert dens[0, 0] == pytest.approx(1.0, abs=tol.hand)
    m = ra["mcp"].to_numpy().reshape(4, 5)
    hand = (m @ HAND_PHI) / HAND_PHI.sum(axis=0)
    np.testing.assert_allclose(dens, hand, rtol=0, atol=tol.hand)


# --- years ---------------------------------------------------------------------------------


def test_one_block_per_year(result):
    ra = result.region_activity
    for y in (2016, 2017):
        block = ra[ra["year"] == y]
        pairs = set(zip(block["region"].astype(str), block["activity"].astype(str), strict=True))
        assert len(block) == 20 and len(pairs) == 20
        assert len(result.region[result.region["year"] == y]) == 4
        assert len(result.activity[result.activity["year"] == y]) == 5
    assert sorted(ra["year"].unique().tolist()) == [2016, 2017]


@pytest.mark.parametrize("year", [2016, 2017])
def test_year_selects_and_each_block_is_computed_on_its_own(result, year):
    alone = yindi.diagnose(two_years(), year=year)
    assert alone.region_activity["year"].unique().tolist() == [year]
    assert sorted(alone.years) == [year]
    for name in ("region_activity", "region", "activity"):
        full = getattr(result, name)
        assert_frame_equal(plain(getattr(alone, name)), plain(full[full["year"] == year]))


def test_year_list_selects(result):
    both = yindi.diagnose(two_years(), year=[2017, 2016])
    assert_frame_equal(plain(both.region_activity), plain(result.region_activity))


def test_string_year_names_the_year_column():
    renamed = two_years().rename(columns={"year": "yr"})
    by_name = yindi.diagnose(renamed, year="yr", years=2017)
    by_year = yindi.diagnose(two_years(), year=2017)
    assert_frame_equal(plain(by_name.region), plain(by_year.region))


def test_year_2017_equals_a_single_year_table():
    single = yindi.diagnose(long_table(X2017, 2017))
    selected = yindi.diagnose(two_years(), year=2017)
    assert_frame_equal(plain(single.region_activity), plain(selected.region_activity))


# --- summary -------------------------------------------------------------------------------


def test_summary_renders_as_text(result):
    text = str(result.summary())
    latest = plain(result.region[result.region["year"] == 2017])
    top = latest.loc[latest["eci"].idxmax(), "region"]
    assert text.startswith("yindi diagnose")
    for fragment in ("2016, 2017", "eigenvector / stata", "4 x 5", "Highest ECI (2017)", top):
        assert fragment in text
    assert repr(result.summary()) == text


def test_summary_renders_as_html(result):
    html = result.summary()._repr_html_()
    assert isinstance(html, str)
    assert "<h3>yindi diagnose</h3>" in html and html.count("<table") >= 4
    assert "Highest ECI (2017)" in html


def test_summary_top_limits_rows(result):
    text = str(result.summary(top=1))
    block = text.split("Highest ECI (2017)")[1].split("Lowest ECI")[0]
    assert len([ln for ln in block.strip().splitlines() if ln.strip()]) == 3  # rule, head, 1 row


# --- proximity -----------------------------------------------------------------------------


def test_proximity_matches_the_hand_calculation(result, tol):
    phi = result.proximity(2017)
    assert list(phi.index) == ACTIVITIES and list(phi.columns) == ACTIVITIES
    np.testing.assert_allclose(phi.to_numpy(), HAND_PHI, rtol=0, atol=tol.hand)


def test_proximity_defaults_to_the_latest_year(result):
    assert_frame_equal(result.proximity(), result.proximity(2017))


@pytest.mark.parametrize("convention", sorted(CONVENTIONS))
@pytest.mark.parametrize("year", [2016, 2017])
def test_proximity_is_square_symmetric_with_convention_diagonal(convention, year):
    phi = yindi.diagnose(two_years(), convention=convention).proximity(year)
    values = phi.to_numpy()
    assert values.shape == (5, 5)
    assert list(phi.index) == list(phi.columns)
    np.testing.assert_array_equal(values, values.T)
    diagonal = 1.0 if convention == "py-ecomplexity" else 0.0
    np.testing.assert_array_equal(np.diag(values), np.full(5, diagonal))


def test_py_ecomplexity_proximity_is_the_hand_matrix_with_ones_on_the_diagonal(tol):
    # No RCA equals 1 exactly in the fixture, so RCA >= 1 gives the same M as RCA > 1.
    phi = yindi.diagnose(two_years(), convention="py-ecomplexity").proximity(2017)
    np.testing.assert_allclose(phi.to_numpy(), HAND_PHI + np.eye(5), rtol=0, atol=tol.hand)


# --- standardisation invariants ------------------------------------------------------------


@pytest.mark.parametrize("convention", sorted(CONVENTIONS))
def test_eci_is_zscored_with_the_convention_moments(convention, tol):
    region = yindi.diagnose(two_years(), convention=convention).region
    for _, block in region.groupby("year"):
        eci = block["eci"].to_numpy()
        assert eci.mean() == pytest.approx(0.0, abs=tol.hand)
        if convention == "stata":  # sd over the long table: each value repeated 5 times
            sd = np.sqrt(5 * np.sum(eci**2) / (4 * 5 - 1))
        else:
            sd = eci.std(ddof=0 if convention == "py-ecomplexity" else 1)
        assert sd == pytest.approx(1.0, abs=tol.hand)


def test_pci_column_repeats_the_activity_table(result):
    ra = result.region_activity
    merged = ra.merge(result.activity, on=["activity", "year"], suffixes=("", "_act"))
    np.testing.assert_array_equal(merged["pci"].to_numpy(), merged["pci_act"].to_numpy())


def test_cog_is_zero_where_the_region_is_present(result):
    ra = result.region_activity
    assert (ra.loc[ra["mcp"] == 1, "cog"] == 0).all()


# --- polars --------------------------------------------------------------------------------


def test_polars_input_gives_the_same_result(result):
    from_polars = yindi.diagnose(pl.from_pandas(two_years()))
    for name in ("region_activity", "region", "activity", "diagnostics"):
        assert_frame_equal(plain(getattr(from_polars, name)), plain(getattr(result, name)))
    assert_frame_equal(from_polars.proximity(2016), result.proximity(2016))


def test_panel_input_gives_the_same_result(result):
    panel = yindi.Panel.from_frame(two_years())
    assert_frame_equal(plain(yindi.diagnose(panel).region), plain(result.region))


def test_a_table_without_structure_gives_empty_complexity_not_a_crash():
    # Every region has the national shares: RCA = 1 up to rounding (1/3 / (3/9) in floats),
    # so presence has no structure to rank. Found by tests/data/test_input_properties.py.
    frame = pd.DataFrame(
        {
            "region": np.repeat(["A", "B", "C"], 3),
            "activity": ["x", "y", "z"] * 3,
            "year": 2017,
            "value": 1.0,
        }
    )
    with pytest.warns(ComputationWarning, match="complexity is undefined"):
        result = yindi.diagnose(frame)
    assert result.region["eci"].isna().all() and result.activity["pci"].isna().all()
    np.testing.assert_allclose(result.region_activity["rca"], 1.0, rtol=1e-12)
