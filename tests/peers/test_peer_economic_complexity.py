"""yindi against Datawheel's economic-complexity 0.3.0 where the two conventions coincide.

economic-complexity uses ``M = RCA >= 1``, proximity with a zero diagonal (it calls
``np.fill_diagonal(phi, 0)`` for both ``procedure="max"`` and ``procedure="sqrt"``), density
``M phi / 1 phi`` with that zero-diagonal phi, and the method of reflections (20 iterations)
z-scored with pandas' ddof-1 sd, PCI with its own mean/sd. yindi's
``convention="economic-complexity"`` is meant to reproduce exactly that, so every number must
agree to ``PEER_ATOL`` on world trade (1998-2000) and on China's 31 provinces x 42 sectors (2017).

Two peer bugs found while writing this (both documented by strict expected failures below):

- under pandas >= 3 (copy-on-write always on) the pandas entry point
  ``economic_complexity.proximity`` crashes at ``np.fill_diagonal(phi.values, 0)`` with
  "ValueError: underlying array is read-only" (so does ``relatedness`` when it has to build the
  proximities itself). On pandas 2.x it works, and it is the route we compare against.
- its polars twin ``economic_complexity.polars.proximity(..., procedure="sqrt")`` always fails:
  ``kp0_trans.dot(kp0)`` multiplies an (n, 1) by an (n,) array ("shapes not aligned"); the
  pandas version reshapes ``kp0`` to (1, n) first. ``procedure="max"`` of the twin works.

So on pandas >= 3 the min-conditional comparison falls back to the polars twin (same arithmetic
on numpy) and the cosine comparison is skipped: the peer has no working route there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from conftest import require_module

import yindi
from yindi import measures as ms
from yindi.data import Panel

ec = require_module("economic_complexity")
ec_polars = require_module("economic_complexity.polars")
pl = require_module("polars")

PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3
CHINA_YEAR = 2017
ITERATIONS = 20
#: yindi proximity method -> economic-complexity ``procedure``
PROCEDURES = {"min_conditional": "max", "cosine": "sqrt"}


@dataclass(frozen=True)
class Case:
    name: str
    wide: pd.DataFrame  # region x activity values, sorted labels, absent pairs = 0
    rca: pd.DataFrame  # the peer's RCA of ``wide``
    ours: yindi.DiagnoseResult  # convention="economic-complexity", method="reflections"

    def ours_wide(self, column: str) -> pd.DataFrame:
        ra = self.ours.region_activity.astype({"region": str, "activity": str})
        out = ra.pivot(index="region", columns="activity", values=column)
        return out.loc[self.wide.index, self.wide.columns]

    @property
    def presence(self) -> np.ndarray:
        """M = RCA >= 1 (both sides' convention), from our kernel."""
        return ms.presence(self.rca.to_numpy(), strict=False)


def _long(frame: pd.DataFrame, region: str, activity: str) -> pd.DataFrame:
    return frame.rename(columns={region: "region", activity: "activity"})[
        ["year", "region", "activity", "value"]
    ]


@pytest.fixture(scope="module", params=["world_trade", "china_2017"])
def case(request: pytest.FixtureRequest) -> Case:
    if request.param == "world_trade":
        frame = _long(request.getfixturevalue("world_trade"), "country", "product")
    else:
        china = request.getfixturevalue("china_panel")
        frame = china[china["year"] == CHINA_YEAR]
    wide = (
        frame.pivot(index="region", columns="activity", values="value")
        .fillna(0.0)
        .sort_index()
        .sort_index(axis=1)
    )
    # The peer keeps labels as written, so yindi must not unify province spellings here.
    ours = yindi.diagnose(
        Panel.from_frame(frame, aliases=False),
        convention="economic-complexity",
        method="reflections",
        iterations=ITERATIONS,
    )
    return Case(request.param, wide, ec.rca(wide), ours)


def _polars_twin(case: Case, procedure: str) -> np.ndarray:
    """The peer's proximity through its polars twin (which takes the binary matrix)."""
    binary = pl.DataFrame(case.presence, schema=[str(c) for c in case.wide.columns])
    return np.asarray(ec_polars.proximity(binary, procedure=procedure), dtype=float)


def _peer_proximity(case: Case, procedure: str) -> np.ndarray:
    """The peer's proximity by its documented pandas API, or the working fallback."""
    if not PANDAS_3:
        return ec.proximity(case.rca, procedure=procedure).to_numpy(dtype=float)
    if procedure == "sqrt":
        pytest.skip("economic-complexity 0.3.0 has no working procedure='sqrt' on pandas >= 3")
    return _polars_twin(case, procedure)


def test_rca_matches_peer(case: Case, tol) -> None:
    np.testing.assert_allclose(
        case.ours_wide("rca").to_numpy(), case.rca.to_numpy(), rtol=0, atol=tol.peer
    )
    kernel = ms.revealed_comparative_advantage(case.wide.to_numpy())
    np.testing.assert_allclose(kernel, case.rca.to_numpy(), rtol=0, atol=tol.peer)


def test_presence_threshold_matches_peer(case: Case) -> None:
    ours = case.ours_wide("mcp").to_numpy()
    np.testing.assert_array_equal(ours, case.rca.ge(1).astype(int).to_numpy())


def test_reflections_eci_pci_match_peer(case: Case, tol) -> None:
    eci, pci = ec.complexity(case.rca, iterations=ITERATIONS)
    region = case.ours.region.astype({"region": str}).set_index("region")["eci"]
    activity = case.ours.activity.astype({"activity": str}).set_index("activity")["pci"]
    assert set(region.index) == set(eci.index) and set(activity.index) == set(pci.index)
    np.testing.assert_allclose(
        region.to_numpy(), eci.loc[region.index].to_numpy(), rtol=0, atol=tol.peer, err_msg="ECI"
    )
    np.testing.assert_allclose(
        activity.to_numpy(),
        pci.loc[activity.index].to_numpy(),
        rtol=0,
        atol=tol.peer,
        err_msg="PCI",
    )
    # Both are z-scores with pandas' ddof = 1: mean 0, sd 1 over regions / activities.
    assert abs(region.mean()) < tol.peer and abs(region.std(ddof=1) - 1.0) < tol.peer
    assert abs(activity.mean()) < tol.peer and abs(activity.std(ddof=1) - 1.0) < tol.peer


@pytest.mark.parametrize("method", sorted(PROCEDURES))
def test_proximity_matches_peer(case: Case, method: str, tol) -> None:
    peer = _peer_proximity(case, PROCEDURES[method])
    # The peer zeroes the diagonal for both procedures ...
    np.testing.assert_array_equal(np.diag(peer), 0.0)
    ours = ms.proximity(case.presence, method=method, diagonal="zero")
    np.testing.assert_allclose(ours, peer, rtol=0, atol=tol.peer)
    # ... so with diagonal="keep" we differ from it on the diagonal only (where we keep 1).
    kept = ms.proximity(case.presence, method=method, diagonal="keep")
    np.testing.assert_allclose(np.diag(kept), 1.0, rtol=0, atol=tol.hand)
    off = ~np.eye(peer.shape[0], dtype=bool)
    np.testing.assert_allclose(kept[off], peer[off], rtol=0, atol=tol.peer)


@pytest.mark.xfail(
    PANDAS_3,
    raises=ValueError,
    strict=True,
    reason="economic-complexity 0.3.0 writes into DataFrame.values, read-only under pandas >= 3",
)
def test_peer_pandas_and_polars_routes_agree(case: Case, tol) -> None:
    pandas_route = ec.proximity(case.rca, procedure="max").to_numpy(dtype=float)
    np.testing.assert_allclose(pandas_route, _polars_twin(case, "max"), rtol=0, atol=tol.peer)


@pytest.mark.xfail(
    raises=ValueError,
    strict=True,
    reason="economic-complexity 0.3.0 polars twin: (n,1).dot((n,)) for 'sqrt'",
)
def test_peer_polars_cosine_is_broken(case: Case) -> None:
    _polars_twin(case, "sqrt")


def test_density_matches_peer(case: Case, tol) -> None:
    labels = case.wide.columns
    phi = pd.DataFrame(_peer_proximity(case, "max"), index=labels, columns=labels)
    peer = ec.relatedness(case.rca, proximities=phi)
    ours = case.ours_wide("density")
    np.testing.assert_allclose(ours.to_numpy(), peer.to_numpy(), rtol=0, atol=tol.peer)
    # Same numbers from the kernels directly, on our own proximity.
    phi_ours = ms.proximity(case.presence, method="min_conditional", diagonal="zero")
    kernel = ms.relatedness_density(case.presence, phi_ours)
    np.testing.assert_allclose(kernel, peer.to_numpy(), rtol=0, atol=tol.peer)
    np.testing.assert_allclose(
        case.ours_wide("distance").to_numpy(), 1.0 - peer.to_numpy(), rtol=0, atol=tol.peer
    )
