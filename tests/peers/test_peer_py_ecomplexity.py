"""yindi under ``convention="py-ecomplexity"`` against py-ecomplexity 0.5.3 on the same input.

The peer is run as ``ecomplexity.ecomplexity(frame, cols, check_logsupermodularity=False,
verbose=False)`` and ``ecomplexity.proximity(frame, cols)`` on two real tables: world trade
(226 countries x 785 SITC-2 products, 1998-2000 average) and China's 31 provinces x 42 IO
sectors (gross output, 2012 and 2017). Every number must agree to ``PEER_ATOL``: RCA, Mcp
(``RCA >= 1``), ECI, PCI (z-scored with ECI's mean and numpy ddof-0 sd over regions), density
(proximity diagonal kept at 1), COI, COG and diversity, and the proximity matrix itself.

py-ecomplexity 0.5.3 has known bugs that we keep out of the comparison *by input choice*, not
by patching the peer:

- NaN values are coerced to 0 with a warning (yindi refuses NaN): both inputs have no NaN
  (world trade is a sparse table whose absent pairs are zeros; the China file has no gaps).
- all-zero regions/activities give NaN ECI/PCI/density in the peer (yindi drops them with a
  warning): we drop all-zero lines per year from the input to *both* sides before running
  (a no-op on these files: only single cells are 0, e.g. several Tibet sectors).
- ``knn=`` density ignores the proximity weights (it sums ``rca_knn_p`` instead of ``num_p``):
  we leave ``knn=None`` (the whole proximity matrix).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from conftest import require_module

import yindi
from yindi.data import Panel

ecomplexity_pkg = require_module("ecomplexity")

#: (fixture, region column, activity column) of each real table.
DATASETS = {
    "world_trade": ("country", "product"),
    "china_panel": ("region", "activity"),
}
REGION_ACTIVITY_COLUMNS = ("rca", "mcp", "density", "pci", "cog")
REGION_COLUMNS = ("eci", "coi", "diversity")


def _drop_all_zero_lines(frame: pd.DataFrame, region: str, activity: str) -> pd.DataFrame:
    """Leave out, year by year, regions and activities whose total value is 0."""
    keep = np.ones(len(frame), dtype=bool)
    for key in (region, activity):
        totals = frame.groupby(["year", key])["value"].transform("sum")
        keep &= (totals > 0).to_numpy()
    return frame[keep].reset_index(drop=True)


@dataclass(frozen=True)
class Run:
    """One input run through yindi and the peer."""

    name: str
    region: str
    activity: str
    frame: pd.DataFrame
    ours: yindi.DiagnoseResult
    peer: pd.DataFrame

    @property
    def cols(self) -> dict[str, str]:
        return {"time": "year", "loc": self.region, "prod": self.activity, "val": "value"}

    def region_activity(self) -> pd.DataFrame:
        """Our long table joined to the peer's on region, activity, year (suffix ``_peer``)."""
        ours = self.ours.region_activity.astype({"region": str, "activity": str}).rename(
            columns={"region": self.region, "activity": self.activity}
        )
        peer = self.peer[[self.region, self.activity, "year", *REGION_ACTIVITY_COLUMNS]]
        return ours.merge(
            peer,
            on=[self.region, self.activity, "year"],
            suffixes=("", "_peer"),
            how="inner",
            validate="one_to_one",
        )

    def region_table(self) -> pd.DataFrame:
        """Our region table joined to the peer's (which repeats region values per activity)."""
        ours = self.ours.region.astype({"region": str}).rename(columns={"region": self.region})
        keys = [self.region, "year"]
        peer = self.peer.groupby(keys, as_index=False)[list(REGION_COLUMNS)].first()
        return ours.merge(
            peer,
            on=[self.region, "year"],
            suffixes=("", "_peer"),
            how="inner",
            validate="one_to_one",
        )


@pytest.fixture(scope="module", params=sorted(DATASETS))
def run(request: pytest.FixtureRequest) -> Run:
    region, activity = DATASETS[request.param]
    frame = _drop_all_zero_lines(request.getfixturevalue(request.param).copy(), region, activity)
    # The peer keeps labels as written, so yindi must not unify province spellings here.
    panel = Panel.from_frame(frame, region=region, activity=activity, aliases=False)
    ours = yindi.diagnose(panel, convention="py-ecomplexity")
    cols = {"time": "year", "loc": region, "prod": activity, "val": "value"}
    peer = ecomplexity_pkg.ecomplexity(
        frame, cols, check_logsupermodularity=False, verbose=False, knn=None
    )
    return Run(request.param, region, activity, frame, ours, peer)


def _close(ours: pd.Series, peer: pd.Series, atol: float, what: str) -> None:
    np.testing.assert_allclose(
        ours.to_numpy(dtype=float), peer.to_numpy(dtype=float), rtol=0, atol=atol, err_msg=what
    )


def test_inputs_avoid_the_peer_bugs(run: Run) -> None:
    # No NaN (the peer would turn it into 0) and no all-zero line (the peer would give NaN).
    assert run.frame["value"].notna().all()
    for key in (run.region, run.activity):
        assert (run.frame.groupby(["year", key])["value"].sum() > 0).all()


def test_every_region_activity_pair_is_matched(run: Run) -> None:
    joined = run.region_activity()
    # The peer rectangularises each year; so does yindi: one row per region x activity x year.
    assert len(joined) == len(run.ours.region_activity) == len(run.peer)
    assert joined[[f"{c}_peer" for c in REGION_ACTIVITY_COLUMNS]].notna().all().all()


@pytest.mark.parametrize("column", REGION_ACTIVITY_COLUMNS)
def test_region_activity_measure_matches_peer(run: Run, column: str, tol) -> None:
    joined = run.region_activity()
    _close(joined[column], joined[f"{column}_peer"], tol.peer, f"{run.name}: {column}")


@pytest.mark.parametrize("column", REGION_COLUMNS)
def test_region_measure_matches_peer(run: Run, column: str, tol) -> None:
    joined = run.region_table()
    assert len(joined) == len(run.ours.region)
    _close(joined[column], joined[f"{column}_peer"], tol.peer, f"{run.name}: {column}")


def test_threshold_is_rca_at_least_one(run: Run) -> None:
    # py-ecomplexity: Mcp = RCA >= 1 (yindi's default, Stata, uses RCA > 1).
    ra = run.ours.region_activity
    expected = (ra["rca"] >= 1.0).astype(np.int8)
    assert (ra["mcp"] == expected).all()


def test_ubiquity_matches_peer(run: Run) -> None:
    ours = run.ours.activity.astype({"activity": str}).set_index(["activity", "year"])["ubiquity"]
    peer = run.peer.groupby([run.activity, "year"])["ubiquity"].first()
    peer.index = peer.index.set_names(["activity", "year"])
    assert (ours.sort_index() == peer.reindex(ours.index).sort_index()).all()


def test_proximity_matches_peer(run: Run, tol) -> None:
    peer = ecomplexity_pkg.proximity(run.frame, run.cols)
    first, second = f"{run.activity}_1", f"{run.activity}_2"
    years = sorted(run.frame["year"].unique())
    assert years == sorted(run.ours.years)
    for year in years:
        ours = run.ours.proximity(year)
        wide = peer[peer["year"] == year].pivot(index=first, columns=second, values="proximity")
        wide = wide.loc[ours.index.astype(str), ours.columns.astype(str)]
        assert wide.shape == ours.shape
        # py-ecomplexity keeps phi_pp = 1 on the diagonal; so must we under its convention.
        np.testing.assert_array_equal(np.diag(ours.to_numpy()), 1.0)
        np.testing.assert_allclose(
            ours.to_numpy(),
            wide.to_numpy(),
            rtol=0,
            atol=tol.peer,
            err_msg=f"{run.name} {year}: proximity",
        )
