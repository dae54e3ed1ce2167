"""The long region x activity x year table of a diagnosis, allocated once for all years."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from yindi import measures as ms
from yindi.data import YearMatrix

__all__ = ["LongTable", "YearMeasures"]


@dataclass(frozen=True)
class YearMeasures:
    """What the kernels computed for one year (the long table's columns come from it)."""

    x: np.ndarray
    rca: np.ndarray
    m: np.ndarray
    raw: ms.RawComplexity
    density: np.ndarray
    std: ms.Standardised
    cog: np.ndarray
    levels: np.ndarray | None


class LongTable:
    """The region x activity x year table, allocated once for all years.

    The float columns share one 2-D block, so the DataFrame wraps it without a copy and no
    per-year pieces are concatenated: peak memory stays close to the output's own size.
    """

    FLOATS = ("value", "rca", "density", "distance", "pci", "cog")

    def __init__(self, sizes: list[int], regions: np.ndarray, activities: np.ndarray) -> None:
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        n = int(self.offsets[-1])
        self.regions, self.activities = regions, activities
        # Column-major (one row per column) is pandas' own block layout: writes are contiguous
        # and wrapping the transpose copies nothing.
        self.block = np.empty((len(self.FLOATS), n))
        self.mcp = np.empty(n, dtype=np.int8)
        self.region_codes = np.empty(n, dtype=_code_dtype(regions.size))
        self.activity_codes = np.empty(n, dtype=_code_dtype(activities.size))
        self.year = np.empty(n, dtype=np.int32)

    def fill(self, i: int, mat: YearMatrix, ym: YearMeasures) -> tuple[np.ndarray, np.ndarray]:
        """Write year ``i``; returns that year's region and activity codes."""
        lo, hi = self.offsets[i], self.offsets[i + 1]
        nr, na = ym.m.shape
        r_codes = np.searchsorted(self.regions, mat.regions)
        a_codes = np.searchsorted(self.activities, mat.activities)
        self.region_codes[lo:hi] = np.repeat(r_codes, na)
        self.activity_codes[lo:hi] = np.tile(a_codes, nr)
        self.year[lo:hi] = mat.year
        self.mcp[lo:hi] = ym.m.ravel()
        columns = {
            "value": ym.x.ravel(),
            "rca": ym.rca.ravel(),
            "density": ym.density.ravel(),
            "distance": ms.relatedness_distance(ym.density).ravel(),
            "pci": np.tile(ym.std.pci, nr),
            "cog": ym.cog.ravel(),
        }
        for j, name in enumerate(self.FLOATS):
            self.block[j, lo:hi] = columns[name]
        return r_codes, a_codes

    def frame(self) -> pd.DataFrame:
        out = pd.DataFrame(self.block.T, columns=list(self.FLOATS), copy=False)
        out.insert(0, "region", pd.Categorical.from_codes(self.region_codes, self.regions))
        out.insert(1, "activity", pd.Categorical.from_codes(self.activity_codes, self.activities))
        out.insert(2, "year", self.year)
        out.insert(5, "mcp", self.mcp)
        return out


def _code_dtype(n: int) -> type[np.signedinteger]:
    """The integer type pandas keeps Categorical codes in, so wrapping them copies nothing."""
    for dtype in (np.int8, np.int16, np.int32):
        if n < np.iinfo(dtype).max:
            return dtype
    return np.int64
