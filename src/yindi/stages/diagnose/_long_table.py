"""The long region x activity x year table of a diagnosis, allocated once for all years."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from yindi import measures as ms

__all__ = ["FLOATS", "LongTable", "YearMeasures", "as_cells", "code_dtype", "long_frame"]

#: The float columns of ``region_activity``, in order (``mcp`` sits between rca and density).
FLOATS = ("value", "rca", "density", "distance", "pci", "cog")


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
    #: Warnings the kernels want raised, as (class, message), in the order they arose.
    notes: tuple[tuple[type[Warning], str], ...] = ()


def code_dtype(n: int) -> type[np.signedinteger]:
    """The integer type pandas keeps Categorical codes in, so wrapping them copies nothing."""
    for dtype in (np.int8, np.int16, np.int32):
        if n < np.iinfo(dtype).max:
            return dtype
    return np.int64


def as_cells(column: np.ndarray, nr: int, na: int) -> np.ndarray:
    """A year's slice of a long column (or of the float block) as regions x activities.

    A view, never a copy: every write through it lands in the long table.
    """
    cells = column.reshape(column.shape[:-1] + (nr, na))
    if not np.shares_memory(cells, column):  # pragma: no cover - numpy splits the last axis
        raise RuntimeError("a year's slice of the long table could not be viewed in place")
    return cells


def long_frame(
    block: np.ndarray,
    region_codes: np.ndarray,
    activity_codes: np.ndarray,
    year: np.ndarray,
    mcp: np.ndarray,
    regions: np.ndarray,
    activities: np.ndarray,
) -> pd.DataFrame:
    """``region_activity`` from its parts; ``block`` holds the :data:`FLOATS` one per row."""
    out = pd.DataFrame(block.T, columns=list(FLOATS), copy=False)
    out.insert(0, "region", pd.Categorical.from_codes(region_codes, regions))
    out.insert(1, "activity", pd.Categorical.from_codes(activity_codes, activities))
    out.insert(2, "year", year)
    out.insert(5, "mcp", mcp)
    return out


class LongTable:
    """The region x activity x year table, allocated once for all years.

    The float columns share one 2-D block, so the DataFrame wraps it without a copy and no
    per-year pieces are concatenated: peak memory stays close to the output's own size.
    """

    def __init__(
        self, shapes: list[tuple[int, int]], regions: np.ndarray, activities: np.ndarray
    ) -> None:
        self.offsets = np.concatenate([[0], np.cumsum([r * a for r, a in shapes])]).astype(np.int64)
        n = int(self.offsets[-1])
        self.regions, self.activities = regions, activities
        # Column-major (one row per column) is pandas' own block layout: writes are contiguous
        # and wrapping the transpose copies nothing.
        self.block = np.empty((len(FLOATS), n))
        self.mcp = np.empty(n, dtype=np.int8)
        self.region_codes = np.empty(n, dtype=code_dtype(regions.size))
        self.activity_codes = np.empty(n, dtype=code_dtype(activities.size))
        self.year = np.empty(n, dtype=np.int32)

    def fill(
        self,
        i: int,
        year: int,
        r_codes: np.ndarray,
        a_codes: np.ndarray,
        ym: YearMeasures,
    ) -> None:
        """Write year ``i`` (its kept lines' codes into the panel's labels)."""
        lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
        nr, na = ym.m.shape
        as_cells(self.region_codes[lo:hi], nr, na)[:] = r_codes[:, None]
        as_cells(self.activity_codes[lo:hi], nr, na)[:] = a_codes[None, :]
        self.year[lo:hi] = year
        as_cells(self.mcp[lo:hi], nr, na)[:] = ym.m
        block = as_cells(self.block[:, lo:hi], nr, na)
        block[0] = ym.x
        block[1] = ym.rca
        block[2] = ym.density
        np.subtract(1.0, ym.density, out=block[3])  # relatedness_distance, written in place
        block[4] = ym.std.pci[None, :]
        block[5] = ym.cog

    def frame(self) -> pd.DataFrame:
        return long_frame(
            self.block,
            self.region_codes,
            self.activity_codes,
            self.year,
            self.mcp,
            self.regions,
            self.activities,
        )
