"""A panel's years as dense region x activity matrices, split from the long table in one pass.

:meth:`yindi.data.Panel.matrix` filters the whole table once per year and goes through a CSR
matrix; a diagnosis needs every year as a dense array, so it sorts the rows by year once (not
at all when they already are), totals every line with one ``bincount`` per role and scatters
each year's rows straight into its dense matrix when the kernels ask for it. The lines kept
and dropped are the same as ``Panel.matrix``'s: a region or activity with rows in the year but
nothing above zero is dropped and named, one without rows in the year is absent from it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from yindi.data import Panel
from yindi.data._cells import year_slices
from yindi.errors import DroppedWarning, InputError

__all__ = ["YearData", "YearSplit"]


@dataclass(frozen=True)
class YearData:
    """One year: the dense values of the kept lines and their labels and panel codes."""

    year: int
    x: np.ndarray
    regions: np.ndarray
    activities: np.ndarray
    region_codes: np.ndarray
    activity_codes: np.ndarray
    dropped_regions: tuple[str, ...] = ()
    dropped_activities: tuple[str, ...] = ()
    #: The year's rows as (row, column, value) positions in ``x``: x rebuilt without a scan.
    cells: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


@dataclass(frozen=True)
class _Lines:
    """The kept lines of one year (codes into the panel's categories) and the dropped names."""

    regions: np.ndarray
    activities: np.ndarray
    dropped_regions: tuple[str, ...]
    dropped_activities: tuple[str, ...]


class YearSplit:
    """Every year of a panel, ready to be handed out as dense matrices one at a time."""

    def __init__(self, panel: Panel) -> None:
        frame = panel.frame
        self.source = panel.source
        self.region_labels = np.asarray(frame["region"].cat.categories, dtype=object)
        self.activity_labels = np.asarray(frame["activity"].cat.categories, dtype=object)
        self.years = panel.years
        n_year = len(self.years)
        n_reg, n_act = self.region_labels.size, self.activity_labels.size
        year = frame["year"].to_numpy()
        self._r = frame["region"].cat.codes.to_numpy()
        self._a = frame["activity"].cat.codes.to_numpy()
        self._v = frame["value"].to_numpy(dtype=float)
        known = np.asarray(self.years, dtype=np.int64)
        # Rows grouped by year: slices of the table itself when it is already in year order.
        sorted_years = year_slices(frame["year"])
        if sorted_years is not None:
            self._order: np.ndarray | None = None
            self._bounds = sorted_years[1]
        else:
            if known[-1] - known[0] + 1 == known.size:  # consecutive years: offsets are codes
                year_codes = year.astype(np.intp)
                year_codes -= known[0]
            else:
                year_codes = np.searchsorted(known, year).astype(np.intp)
            self._order = np.argsort(year_codes, kind="stable")
            counts = np.bincount(year_codes, minlength=n_year)
            self._bounds = np.concatenate([[0], np.cumsum(counts)])
            del year_codes
        # Every year's line totals, a year's rows at a time; the row counts, which only name
        # the dropped lines, only when a line sums to zero.
        totals = {}
        for role, codes, n in (("region", self._r, n_reg), ("activity", self._a, n_act)):
            sums, rows = np.zeros((n_year, n)), None
            for i in range(n_year):
                part = self._rows(i)
                sums[i] = np.bincount(codes[part], weights=self._v[part], minlength=n)
            if not (sums > 0).all():
                rows = np.stack(
                    [np.bincount(codes[self._rows(i)], minlength=n) for i in range(n_year)]
                )
            totals[role] = (sums, rows)
        self.lines = [self._lines(i, totals) for i in range(n_year)]

    def _rows(self, i: int) -> slice | np.ndarray:
        """The rows of year ``i``: a slice, or their positions when the table is not sorted."""
        lo, hi = int(self._bounds[i]), int(self._bounds[i + 1])
        return slice(lo, hi) if self._order is None else self._order[lo:hi]

    @staticmethod
    def _positions(codes: np.ndarray, kept: np.ndarray, n: int) -> np.ndarray:
        """Each row's position among the ``kept`` lines (-1 for a dropped line)."""
        if kept.size == n:  # every line kept: kept is 0..n-1, the codes are the positions
            return codes
        pos = np.full(n, -1, dtype=np.intp)
        pos[kept] = np.arange(kept.size)
        return pos[codes]

    def _lines(self, i: int, totals: dict[str, tuple[np.ndarray, np.ndarray | None]]) -> _Lines:
        (sums_r, all_r), (sums_a, all_a) = (totals[role] for role in ("region", "activity"))
        sums_r, sums_a = sums_r[i], sums_a[i]
        rows_r = sums_r if all_r is None else all_r[i]  # all sums > 0: every line has rows
        rows_a = sums_a if all_a is None else all_a[i]
        keep_r, keep_a = sums_r > 0, sums_a > 0
        if keep_r.sum() < 2 or keep_a.sum() < 2:
            raise InputError(
                f"{self.source}, year {self.years[i]}: after dropping all-zero lines only "
                f"{int(keep_r.sum())} region(s) and {int(keep_a.sum())} activit(y/ies) remain; "
                "at least two of each are needed"
            )
        return _Lines(
            np.flatnonzero(keep_r),
            np.flatnonzero(keep_a),
            tuple(self.region_labels[(rows_r > 0) & ~keep_r].tolist()),
            tuple(self.activity_labels[(rows_a > 0) & ~keep_a].tolist()),
        )

    def warn_dropped(self, stacklevel: int = 2) -> None:
        """A DroppedWarning per year naming its all-zero lines (as ``YearMatrix.warn_dropped``)."""
        for year, lines in zip(self.years, self.lines, strict=True):
            if lines.dropped_regions or lines.dropped_activities:
                warnings.warn(
                    f"{self.source}, year {year}: dropped all-zero regions "
                    f"{list(lines.dropped_regions)} and activities "
                    f"{list(lines.dropped_activities)} from the computation",
                    DroppedWarning,
                    stacklevel=stacklevel + 1,
                )

    def shape(self, i: int) -> tuple[int, int]:
        return self.lines[i].regions.size, self.lines[i].activities.size

    def year(self, i: int) -> YearData:
        """Year ``i`` (in year order) as a dense matrix of its kept lines."""
        lines = self.lines[i]
        rows = self._rows(i)
        r, a, v = self._r[rows], self._a[rows], self._v[rows]
        # Panel codes -> positions among the kept lines; rows of dropped lines hold only zeros.
        # When every line of the panel is kept the codes are the positions already.
        rr = self._positions(r, lines.regions, self.region_labels.size)
        aa = self._positions(a, lines.activities, self.activity_labels.size)
        if rr is not r or aa is not a:  # a line was dropped: leave its rows out
            ok = (rr >= 0) & (aa >= 0)
            if not ok.all():
                rr, aa, v = rr[ok], aa[ok], v[ok]
        x = np.zeros((lines.regions.size, lines.activities.size))
        x[rr, aa] = v
        return YearData(
            self.years[i],
            x,
            self.region_labels[lines.regions],
            self.activity_labels[lines.activities],
            lines.regions,
            lines.activities,
            lines.dropped_regions,
            lines.dropped_activities,
            (rr.astype(np.int32), aa.astype(np.int32), v),
        )
