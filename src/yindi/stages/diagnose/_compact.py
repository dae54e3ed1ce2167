"""A compact ``region_activity`` for large panels: per-year pieces, materialised on request.

The long table has one row per region x activity x year: 75 million rows for 3,000 regions x
5,000 activities x 5 years, about 4.5 GB as a DataFrame. A compact diagnosis keeps instead, per
year, only what cannot be recomputed cheaply and exactly:

- in memory: the panel's rows of the year (row, column, value), the presence matrix M (1 byte a
  cell, shared with the result's proximity record), the PCI vector and the line codes;
- on disk, in a spill folder: the density and the COG matrices (float64, written once with
  ``numpy.save`` and read back memory-mapped).

RCA is recomputed from the values with the same kernel and distance as ``1 - density``, so a
materialised table is identical to the one a non-compact run builds. The spill folder is a
temporary folder removed with the result, or a new folder inside the one the caller names
(``spill_dir=``), kept. A compact result is not meant to be pickled: its files stay where they are.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from yindi import measures as ms
from yindi.stages.diagnose._long_table import FLOATS, as_cells, code_dtype, long_frame

__all__ = ["CompactRegionActivity"]


@dataclass(frozen=True)
class _Year:
    year: int
    region_codes: np.ndarray
    activity_codes: np.ndarray
    cells: tuple[np.ndarray, np.ndarray, np.ndarray]  # the year's rows: row, column, value
    presence: np.ndarray  # bool
    pci: np.ndarray
    rca_from_values: bool  # False when M was given (presence_test="manual"): rca is NaN

    @property
    def shape(self) -> tuple[int, int]:
        return self.presence.shape


class CompactRegionActivity:
    """``region_activity`` kept per year; :meth:`frame` materialises it (see module docs)."""

    def __init__(
        self, regions: np.ndarray, activities: np.ndarray, spill_dir: str | Path | None = None
    ) -> None:
        self.regions, self.activities = regions, activities
        if spill_dir is None:
            self.folder = Path(tempfile.mkdtemp(prefix="yindi-region-activity-"))
            self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, True)
        else:  # a folder of its own inside the one named, kept: two results never share files
            Path(spill_dir).mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix="yindi-region-activity-", dir=spill_dir))
        self._years: dict[int, _Year] = {}

    # writing ---------------------------------------------------------------------------------
    def add(
        self,
        year: int,
        region_codes: np.ndarray,
        activity_codes: np.ndarray,
        cells: tuple[np.ndarray, np.ndarray, np.ndarray],
        presence: np.ndarray,
        pci: np.ndarray,
        density: np.ndarray,
        cog: np.ndarray,
        *,
        rca_from_values: bool,
    ) -> None:
        """Keep one year: ``presence`` is the bool matrix M; density and cog go to disk."""
        np.save(self._path(year, "density"), density, allow_pickle=False)
        np.save(self._path(year, "cog"), cog, allow_pickle=False)
        self._years[year] = _Year(
            year,
            region_codes,
            activity_codes,
            cells,
            presence,
            pci,
            rca_from_values,
        )

    def _path(self, year: int, name: str) -> Path:
        return self.folder / f"{name}-{year}.npy"

    # reading ---------------------------------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def __len__(self) -> int:
        return sum(int(np.prod(y.shape)) for y in self._years.values())

    def _fill(self, block: np.ndarray, y: _Year) -> None:
        """Write year ``y``'s float columns into ``block`` (columns x rows, rows of the year)."""
        cells = as_cells(block, *y.shape)
        x = np.zeros(y.shape)
        rows, cols, values = y.cells
        x[rows, cols] = values
        cells[0] = x
        cells[1] = ms.revealed_comparative_advantage(x) if y.rca_from_values else np.nan
        del x
        density = np.load(self._path(y.year, "density"), mmap_mode="r")
        cells[2] = density
        np.subtract(1.0, density, out=cells[3])
        del density
        cells[4] = y.pci[None, :]
        cells[5] = np.load(self._path(y.year, "cog"), mmap_mode="r")

    def frame(self, years: tuple[int, ...] | None = None) -> pd.DataFrame:
        """The long table of ``years`` (default: all), exactly as a non-compact run gives it."""
        chosen = [self._years[y] for y in (self.years if years is None else years)]
        sizes = [int(np.prod(y.shape)) for y in chosen]
        n = int(sum(sizes))
        block = np.empty((len(FLOATS), n))
        region_codes = np.empty(n, dtype=code_dtype(self.regions.size))
        activity_codes = np.empty(n, dtype=code_dtype(self.activities.size))
        year = np.empty(n, dtype=np.int32)
        mcp = np.empty(n, dtype=np.int8)
        lo = 0
        for y, size in zip(chosen, sizes, strict=True):
            hi = lo + size
            nr, na = y.shape
            self._fill(block[:, lo:hi], y)
            as_cells(region_codes[lo:hi], nr, na)[:] = y.region_codes[:, None]
            as_cells(activity_codes[lo:hi], nr, na)[:] = y.activity_codes[None, :]
            year[lo:hi] = y.year
            as_cells(mcp[lo:hi], nr, na)[:] = y.presence
            lo = hi
        return long_frame(
            block, region_codes, activity_codes, year, mcp, self.regions, self.activities
        )

    def frames(self) -> Iterator[tuple[int, pd.DataFrame]]:
        """Each year's long table in turn (only one year is in memory at a time)."""
        for y in self.years:
            yield y, self.frame((y,))
