"""The immutable result of :func:`yindi.diagnose`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from yindi import measures as ms
from yindi._results import FrozenFrame, Result
from yindi.errors import InputError
from yindi.stages._summary import Summary

__all__ = ["DiagnoseResult", "YearResult"]


@dataclass(frozen=True)
class YearResult:
    """What one year needs to rebuild its proximity matrix on demand (kept small)."""

    regions: np.ndarray
    activities: np.ndarray
    presence: np.ndarray  # bool, regions x activities
    levels: np.ndarray | None  # RCA or RPOP, only for the continuous proximity


class _RegionActivity(FrozenFrame):
    """``region_activity``: a stored frame handed out fresh, or a compact store materialised.

    A compact store (``diagnose(..., compact=True)``) builds the full table on every read, so
    the result never holds it; each read is a new frame the caller owns.
    """

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            raise AttributeError(self.name)
        value = obj.__dict__[self.private]
        if not isinstance(value, pd.DataFrame):
            return value.frame()
        return super().__get__(obj, objtype)


@dataclass(frozen=True)
class DiagnoseResult(Result):
    """Result of :func:`diagnose` (the shared contract: :class:`yindi._results.Result`).

    Attributes
    ----------
    region_activity : DataFrame
        region, activity, year, value, rca, mcp, density, distance, pci, cog. ``rca`` is
        empty when M is given (``presence_test="manual"``); with the continuous proximity the
        density averages the RCA (RPOP) levels, so it can exceed 1 (``docs/conventions.md``).
        A compact result (:attr:`compact`) builds it on each read; read it a year at a time
        with :meth:`region_activity_by_year` or write it with :meth:`write_region_activity`.
    region : DataFrame
        region, year, eci, coi, diversity, hhi, entropy, krugman, theil,
        related_variety, unrelated_variety (the last two need activity groups).
    activity : DataFrame
        activity, year, ubiquity, pci.
    diagnostics : DataFrame
        Per year: regions, activities, lambda2, lambda3, eigengap, dropped lines.
    reliability : DataFrame
        Per year: how far the complexity ranking can be trusted (rank correlation with the
        previous year, resampling rank interval, eigengap, correlation with income per
        head), ``stable``, ``valid`` and the ``warnings`` in words.
    options : Mapping
        The options used, for the provenance record.
    inputs : Mapping
        The panel's source, content hash (SHA-256) and shape, for the provenance record.
    """

    _stage = "diagnose"
    _tables = ("region_activity", "region", "activity", "diagnostics", "reliability")

    region_activity: pd.DataFrame = _RegionActivity()
    region: pd.DataFrame = FrozenFrame()
    activity: pd.DataFrame = FrozenFrame()
    diagnostics: pd.DataFrame = FrozenFrame()
    reliability: pd.DataFrame = FrozenFrame()
    options: Mapping[str, Any] = field(default_factory=dict)
    years: Mapping[int, YearResult] = field(default_factory=dict, repr=False)
    inputs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def compact(self) -> bool:
        """Whether ``region_activity`` is kept compact and built on request (``docs/scale.md``)."""
        return not isinstance(self.__dict__["_frozen_region_activity"], pd.DataFrame)

    def region_activity_by_year(self) -> Iterator[tuple[int, pd.DataFrame]]:
        """``(year, region_activity rows of that year)`` in year order, one year in memory."""
        store = self.__dict__["_frozen_region_activity"]
        if not isinstance(store, pd.DataFrame):
            yield from store.frames()
            return
        years = store["year"].to_numpy()
        for y in sorted(self.years):
            yield y, store[years == y].reset_index(drop=True)

    def write_region_activity(self, folder: str | Path) -> Path:
        """Write ``region_activity`` as Parquet, one file per year (``region_activity-YYYY``).

        The files read back as one table with pandas, pyarrow, Polars or DuckDB
        (``read_parquet('folder/*.parquet')``); only one year is in memory at a time, so it
        suits compact results. Returns the folder.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for year, frame in self.region_activity_by_year():
            table = pa.Table.from_pandas(frame, preserve_index=False)
            pq.write_table(table, out / f"region_activity-{year}.parquet", compression="zstd")
        return out

    def proximity(self, year: int | None = None) -> pd.DataFrame:
        """The activity x activity proximity matrix of ``year`` (default: the latest).

        Row p holds the proximities from p (only ``proximity_method="asymmetric"`` tells rows
        from columns: there the row is p's, ``C_pq / u_p``). With ``knn`` the matrix is the
        full proximity; the density used only each row's nearest neighbours.
        """
        y = max(self.years) if year is None else int(year)
        if y not in self.years:
            raise InputError(f"no diagnosis for year {y}; years are {sorted(self.years)}")
        res = self.years[y]
        phi = ms.proximity(
            res.presence.astype(float),
            method=self.options["proximity_method"],
            levels=res.levels,
            diagonal=ms.get_convention(self.options["convention"]).diagonal,
        )
        labels = pd.Index(res.activities, name="activity")
        return pd.DataFrame(phi, index=labels, columns=labels.rename("activity_2"))

    def summary(self, top: int = 5) -> Summary:
        """Text/HTML summary: per year the most and least complex regions and diagnostics."""
        y = max(self.years)
        reg = self.region[self.region["year"] == y].sort_values("eci", ascending=False)
        act = self.activity[self.activity["year"] == y].sort_values("pci", ascending=False)
        diag = self.diagnostics[self.diagnostics["year"] == y].iloc[0]
        head = {
            "years": ", ".join(str(k) for k in sorted(self.years)),
            "method / convention": f"{self.options['method']} / {self.options['convention']}",
            f"regions x activities ({y})": f"{diag['regions']} x {diag['activities']}",
            "eigengap lambda3/lambda2": f"{diag['eigengap']:.3f}",
        }
        rel = self.reliability
        if len(rel):
            last = rel[rel["year"] == y].iloc[0]
            head["complexity ranking"] = (
                "reliable"
                if last["stable"] and last["valid"]
                else f"UNRELIABLE: {last['warnings']}"
            )
        cols = ["region", "eci", "coi", "diversity"]
        low = min(top, max(len(reg) - top, 0))  # never repeat a region of the top table
        tables = {
            f"Highest ECI ({y})": reg.head(top)[cols],
            f"Lowest ECI ({y})": reg.iloc[::-1].head(low)[cols],
            f"Most complex activities ({y})": act.head(top)[["activity", "pci", "ubiquity"]],
        }
        return Summary("yindi diagnose", head, tables)
