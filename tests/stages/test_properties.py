"""Property tests of ``yindi.diagnose``: invariants that hold for every well-posed table.

Tables are small random region x activity matrices (4-9 x 5-12) of lognormal-ish values with
about a quarter zeros. A table is *well posed* when every line has a positive total, no RCA lies
within 1e-9 of the threshold (a tie there flips M under rounding, so its presence is undefined),
every line of M has a non-zero degree and diversity is not constant (otherwise the ECI sign rule
is undefined). The eigenvector is unique only when lambda2 is simple and below 1 (connected
network), so tests that compare eigenvectors also assume that from ``result.diagnostics``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import yindi
from yindi import measures as ms
from yindi.errors import ComputationWarning, DroppedWarning
from yindi.measures import CONVENTIONS

TOL = {"rtol": 1e-9, "atol": 1e-9}
PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


def well_posed(x: np.ndarray) -> bool:
    if (x.sum(axis=1) <= 0).any() or (x.sum(axis=0) <= 0).any():
        return False
    rca = ms.revealed_comparative_advantage(x)
    if (np.abs(rca - 1.0) < 1e-9).any():
        return False
    m = ms.presence(rca, 1.0)
    div, ubi = m.sum(axis=1), m.sum(axis=0)
    return bool((div > 0).all() and (ubi > 0).all() and np.ptp(div) > 0)


@st.composite
def value_matrices(draw) -> np.ndarray:
    nr = draw(st.integers(4, 9))
    na = draw(st.integers(5, 12))
    cell = st.tuples(st.integers(0, 3), st.floats(-3.0, 3.0)).map(
        lambda t: 0.0 if t[0] == 0 else math.exp(t[1])
    )
    x = np.array(draw(st.lists(cell, min_size=nr * na, max_size=nr * na))).reshape(nr, na)
    assume(well_posed(x))
    return x


def names(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i:02d}" for i in range(n)]


def long_table(x: np.ndarray, regions=None, activities=None) -> pd.DataFrame:
    regions = names("r", x.shape[0]) if regions is None else regions
    activities = names("a", x.shape[1]) if activities is None else activities
    r, a = np.meshgrid(regions, activities, indexing="ij")
    return pd.DataFrame({"region": r.ravel(), "activity": a.ravel(), "year": 2017,
                         "value": x.ravel()})


def run(frame: pd.DataFrame, **options) -> yindi.DiagnoseResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ComputationWarning)  # rejected below by assumptions
        return yindi.diagnose(frame, **options)


def assume_unique_eigenvector(result: yindi.DiagnoseResult) -> None:
    diag = result.diagnostics.iloc[0]
    assume(diag["lambda2"] < 1.0 - 1e-6)
    assume(diag["eigengap"] < 0.999)
    reg = result.region
    # The sign rule flips on corr(ECI, diversity); keep away from 0 so rounding cannot flip it.
    assume(abs(np.corrcoef(reg["eci"], reg["diversity"])[0, 1]) > 1e-6)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    keys = [c for c in ("year", "region", "activity") if c in out.columns]
    for c in ("region", "activity"):
        if c in out.columns:
            out[c] = out[c].astype(str)
    return out.sort_values(keys, kind="mergesort").reset_index(drop=True)


TABLES = ("region_activity", "region", "activity")


# --- (a) permutation -----------------------------------------------------------------------


@PROPERTY
@given(x=value_matrices(), data=st.data())
def test_permuting_regions_and_activities_permutes_every_output(x, data):
    nr, na = x.shape
    pr = np.array(data.draw(st.permutations(range(nr)), label="region order"))
    pa = np.array(data.draw(st.permutations(range(na)), label="activity order"))
    base = run(long_table(x))
    assume_unique_eigenvector(base)
    # Row k of the permuted matrix is original region pr[k]; label it so, but under a name that
    # sorts at position k, so the kernels really see a permuted matrix.
    permuted_frame = long_table(x[pr][:, pa], [f"r{k:02d}" for k in range(nr)],
                                [f"a{k:02d}" for k in range(na)])
    seed = data.draw(st.integers(0, 2**32 - 1), label="row shuffle")
    permuted = run(permuted_frame.sample(frac=1.0, random_state=seed))
    back_r = {f"r{k:02d}": f"r{pr[k]:02d}" for k in range(nr)}
    back_a = {f"a{k:02d}": f"a{pa[k]:02d}" for k in range(na)}
    for name in TABLES:
        got = getattr(permuted, name).copy()
        if "region" in got:
            got["region"] = got["region"].astype(str).map(back_r)
        if "activity" in got:
            got["activity"] = got["activity"].astype(str).map(back_a)
        assert_frame_equal(plain(got), plain(getattr(base, name)), check_exact=False, **TOL)
    np.testing.assert_allclose(
        permuted.proximity().to_numpy()[np.ix_(np.argsort(pa), np.argsort(pa))],
        base.proximity().to_numpy(), **TOL,
    )


# --- (b) scaling ---------------------------------------------------------------------------


@PROPERTY
@given(x=value_matrices(), scale=st.floats(1e-3, 1e3))
def test_scaling_all_values_changes_nothing_but_the_values(x, scale):
    assume(well_posed(x * scale))
    base = run(long_table(x))
    scaled = run(long_table(x * scale))
    b, s = plain(base.region_activity), plain(scaled.region_activity)
    np.testing.assert_allclose(s["value"], b["value"] * scale, rtol=1e-15)
    np.testing.assert_allclose(s["rca"], b["rca"], **TOL)
    # M is identical (no RCA near 1), so everything computed from M is identical too.
    cols = ["mcp", "density", "distance", "pci", "cog"]
    assert_frame_equal(s[cols], b[cols], check_exact=True)
    cols = ["eci", "coi", "diversity"]
    assert_frame_equal(plain(scaled.region)[cols], plain(base.region)[cols], check_exact=True)
    # Shares do not depend on the unit either.
    cols = ["hhi", "entropy", "krugman", "theil"]
    assert_frame_equal(plain(scaled.region)[cols], plain(base.region)[cols],
                       check_exact=False, **TOL)
    assert_frame_equal(plain(scaled.activity), plain(base.activity), check_exact=True)


# --- (c) all-zero lines --------------------------------------------------------------------


@PROPERTY
@given(x=value_matrices(), data=st.data())
def test_all_zero_region_and_activity_are_dropped_and_change_nothing(x, data):
    nr, na = x.shape
    at_r = data.draw(st.integers(0, nr), label="zero region position")
    at_a = data.draw(st.integers(0, na), label="zero activity position")
    regions, activities = names("r", nr), names("a", na)
    # "r03_empty" sorts right after r03: the zero lines land inside the matrix, not at the end.
    zero_r = f"r{at_r:02d}_empty" if at_r < nr else "zz_empty"
    zero_a = f"a{at_a:02d}_empty" if at_a < na else "zz_empty"
    padded = np.insert(np.insert(x, min(at_r + 1, nr), 0.0, axis=0), min(at_a + 1, na), 0.0,
                       axis=1)
    regions_p = sorted([*regions, zero_r])
    activities_p = sorted([*activities, zero_a])
    assert padded[regions_p.index(zero_r)].sum() == 0
    assert padded[:, activities_p.index(zero_a)].sum() == 0

    base = run(long_table(x))
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        padded_result = yindi.diagnose(long_table(padded, regions_p, activities_p))
    dropped = [str(w.message) for w in record if w.category is DroppedWarning]
    assert len(dropped) == 1 and f"['{zero_r}']" in dropped[0] and f"['{zero_a}']" in dropped[0]
    other = [w for w in record if w.category is not DroppedWarning]
    base_warnings = _warnings_of(long_table(x))
    assert [str(w.message) for w in other] == base_warnings
    for name in TABLES:
        assert_frame_equal(plain(getattr(padded_result, name)), plain(getattr(base, name)),
                           check_exact=True)
    diag = padded_result.diagnostics.iloc[0]
    assert (diag["dropped_regions"], diag["dropped_activities"]) == (zero_r, zero_a)
    assert_frame_equal(padded_result.proximity(), base.proximity(), check_exact=True)


def _warnings_of(frame: pd.DataFrame) -> list[str]:
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        yindi.diagnose(frame)
    return [str(w.message) for w in record]


# --- (d) determinism -----------------------------------------------------------------------


@PROPERTY
@given(x=value_matrices(), seed=st.integers(0, 2**32 - 1))
def test_same_input_gives_byte_identical_csv(x, seed):
    frame = long_table(x)
    first, second = run(frame), run(frame.copy())
    shuffled = run(frame.sample(frac=1.0, random_state=seed))
    for name in (*TABLES, "diagnostics"):
        text = getattr(first, name).to_csv(index=False)
        assert getattr(second, name).to_csv(index=False) == text
        # Input row order is not an input: the output does not depend on it either.
        assert getattr(shuffled, name).to_csv(index=False) == text
    assert first.proximity().to_csv() == shuffled.proximity().to_csv()


# --- (e) ECI and diversity -----------------------------------------------------------------


@PROPERTY
@given(x=value_matrices())
def test_eigenvector_eci_never_anticorrelates_with_diversity(x):
    # The sign rule of eigenvector_complexity picks the sign with corr(kc, diversity) > 0, and
    # every convention standardises with a positive sd, so corr(ECI, diversity) >= 0 always.
    for convention in CONVENTIONS:
        region = run(long_table(x), convention=convention, method="eigenvector").region
        corr = np.corrcoef(region["eci"], region["diversity"])[0, 1]
        assert corr >= -1e-9, (convention, corr)


@PROPERTY
@given(x=value_matrices())
def test_reflections_eci_covaries_with_diversity_under_diversity_weights(x):
    # kc_2k = W^k kc_0 with W = D_r^-1 M D_p^-1 M' (row-stochastic). W is self-adjoint and
    # positive semi-definite in the inner product weighted by pi ~ diversity, whose mean it
    # keeps, so cov_pi(kc_0, kc_2k) = <f, W^k f>_pi >= 0 with f = kc_0 - mean_pi(kc_0).
    # iterations=20 returns kc_18 (even), and ECI is a positive affine map of it. The plain
    # (unweighted) correlation carries no such guarantee, so it is not asserted.
    for convention in CONVENTIONS:
        region = run(long_table(x), convention=convention, method="reflections").region
        div, eci = region["diversity"].to_numpy(), region["eci"].to_numpy()
        w = div / div.sum()
        cov = np.sum(w * (div - w @ div) * (eci - w @ eci))
        assert cov >= -1e-9 * div.std(), (convention, cov)


@PROPERTY
@given(x=value_matrices())
def test_reflections_with_two_iterations_is_standardised_diversity(x):
    # iterations=2 returns kc_0 = diversity itself: correlation exactly 1.
    for convention in CONVENTIONS:
        region = run(long_table(x), convention=convention, method="reflections",
                     iterations=2).region
        corr = np.corrcoef(region["eci"], region["diversity"])[0, 1]
        assert corr == np.float64(1.0) or abs(corr - 1.0) < 1e-12


# --- ties ----------------------------------------------------------------------------------


@PROPERTY
@given(x=value_matrices(), data=st.data())
def test_identical_regions_get_identical_results(x, data):
    nr = x.shape[0]
    copy_of = data.draw(st.integers(0, nr - 1), label="copied region")
    twin = np.vstack([x, x[copy_of]])
    assume(well_posed(twin))
    region = plain(run(long_table(twin)).region).set_index("region")
    cols = ["eci", "coi", "diversity", "hhi", "entropy"]
    a, b = region.loc[f"r{copy_of:02d}", cols], region.loc[f"r{nr:02d}", cols]
    np.testing.assert_allclose(a.to_numpy(dtype=float), b.to_numpy(dtype=float), **TOL)


def test_eci_sign_does_not_depend_on_region_names_when_diversity_is_constant():
    # Every region is present in exactly two activities, so corr(ECI, diversity) is undefined
    # and cannot orient the eigenvector. The network is connected (lambda2 = 0.83, eigengap
    # 0.42), so the eigenvector is unique up to sign and only the sign rule is at stake:
    # renaming the regions in reverse order must not change any region's ECI, and PCI falls
    # with ubiquity (the documented fallback).
    m = np.array([[1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 1, 1, 0], [0, 0, 0, 1, 1],
                  [1, 0, 1, 0, 0]], dtype=float)
    x = 3.0 * m + 0.1
    forward, backward = ["A", "B", "C", "D", "E"], ["E", "D", "C", "B", "A"]
    first = run(long_table(x, forward, list("pqrst")))
    a = plain(first.region).set_index("region")
    b = plain(run(long_table(x, backward, list("pqrst"))).region).set_index("region")
    assert a["diversity"].nunique() == 1
    # Row k is the same region in both runs, named forward[k] and backward[k].
    for k in range(5):
        assert a.loc[forward[k], "eci"] == pytest.approx(b.loc[backward[k], "eci"], abs=1e-9)
    act = first.activity
    assert np.corrcoef(act["pci"], act["ubiquity"])[0, 1] < 0
