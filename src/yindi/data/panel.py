"""Validated tables: ``Panel`` (region, activity, year, value), ``RegionTable``, ``ActivityTable``."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from yindi.data._cells import year_slices
from yindi.data.readers import read_table
from yindi.data.validate import (
    check_columns,
    format_rows,
    map_columns,
    plain,
    to_pandas,
    validate_long,
)
from yindi.errors import DroppedWarning, InputError

__all__ = ["Panel", "YearMatrix", "RegionTable", "ActivityTable"]


@dataclass(frozen=True)
class YearMatrix:
    """One year of a panel as a CSR matrix with stable, sorted labels.

    ``dropped_regions`` and ``dropped_activities`` list the all-zero lines left out.
    """

    year: int
    values: sp.csr_matrix
    regions: np.ndarray
    activities: np.ndarray
    dropped_regions: tuple[str, ...] = ()
    dropped_activities: tuple[str, ...] = ()

    def warn_dropped(self, source: str, stacklevel: int = 2) -> None:
        """Warn (DroppedWarning) naming the all-zero lines left out, if there are any."""
        if self.dropped_regions or self.dropped_activities:
            warnings.warn(
                f"{source}, year {self.year}: dropped all-zero regions "
                f"{list(self.dropped_regions)} and activities {list(self.dropped_activities)} "
                "from the computation",
                DroppedWarning,
                stacklevel=stacklevel + 1,
            )


@dataclass(frozen=True)
class Panel:
    """A long table ``region, activity, year, value`` with value >= 0, validated once.

    Build it with :meth:`from_frame` or :meth:`from_file`; all-zero regions and activities are
    kept in the table and left out per year by :meth:`matrix` (with a warning listing them).
    """

    frame: pd.DataFrame
    source: str = "frame"
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def from_frame(
        cls,
        data: Any,
        *,
        region: str = "region",
        activity: str = "activity",
        year: str = "year",
        value: str = "value",
        source: str = "frame",
        negatives: str | None = None,
        aliases: str | Mapping[str, str] | bool | None = None,
        aggregates: str = "drop",
    ) -> Panel:
        """Validate a pandas/polars long table (see :func:`yindi.data.validate_long`).

        ``negatives`` (``'error'`` | ``'positive_part'``), ``aliases`` (``None`` | ``False`` |
        ``'china_provinces'`` | mapping) and ``aggregates`` (``'drop'`` | ``'keep'``) are passed
        to the validator; what it changed (unified spellings, dropped totals, negatives set to
        0) is kept in :attr:`notes`.
        """
        if isinstance(data, Panel):
            return data
        frame = validate_long(
            data,
            region=region,
            activity=activity,
            year=year,
            value=value,
            what=source,
            negatives=negatives,
            aliases=aliases,
            aggregates=aggregates,
        )
        return cls(frame=frame, source=source, notes=tuple(frame.attrs.get("notes", ())))

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        *,
        region: str = "region",
        activity: str = "activity",
        year: str = "year",
        value: str = "value",
        sheet: str | int | None = None,
        encoding: str | None = None,
        sep: str | None = None,
        skip_rows: int | None = None,
        wide: bool = False,
        wide_year: int | str | None = None,
        negatives: str | None = None,
        aliases: str | Mapping[str, str] | bool | None = None,
        aggregates: str = "drop",
    ) -> Panel:
        """Read CSV/Parquet/Excel (:func:`yindi.data.read_table`) and validate.

        The reader keywords (``sheet``, ``encoding``, ``sep``, ``skip_rows``, ``wide``,
        ``wide_year``) are documented in ``docs/input.md``; with ``wide=True`` the ``region``
        keyword names the wide table's region column (default: its first column) and the melted
        table has the canonical columns. What the reader and the validator detected or changed
        (encoding, delimiter, skipped title rows, dropped footnotes and totals, unified
        spellings) is kept in :attr:`notes`.
        """
        raw = read_table(
            path,
            sheet=sheet,
            encoding=encoding,
            text_columns=(region, activity),
            sep=sep,
            skip_rows=skip_rows,
            wide=wide,
            wide_region=(None if region == "region" else region) if wide else None,
            wide_year=wide_year,
        )
        if wide:
            region, activity, year, value = "region", "activity", "year", "value"
        panel = cls.from_frame(
            raw,
            region=region,
            activity=activity,
            year=year,
            value=value,
            source=str(path),
            negatives=negatives,
            aliases=aliases,
            aggregates=aggregates,
        )
        used = raw.attrs.get("encoding")
        read = ((f"read {path} as {used}",) if used else ()) + tuple(raw.attrs.get("notes", ()))
        return cls(frame=panel.frame, source=str(path), notes=read + panel.notes)

    @property
    def years(self) -> tuple[int, ...]:
        in_order = year_slices(self.frame["year"])  # no hashing when the rows are sorted
        labels = pd.unique(self.frame["year"]) if in_order is None else in_order[0]
        return tuple(sorted(int(y) for y in labels))

    def _present(self, role: str) -> np.ndarray:
        column = self.frame[role]
        used = np.bincount(column.cat.codes, minlength=len(column.cat.categories)) > 0
        return np.asarray(column.cat.categories, dtype=object)[used]

    @property
    def regions(self) -> tuple[str, ...]:
        """Sorted ids of the regions with at least one row."""
        return tuple(self._present("region").tolist())

    @property
    def activities(self) -> tuple[str, ...]:
        """Sorted ids of the activities with at least one row."""
        return tuple(self._present("activity").tolist())

    def select_years(self, years: int | list[int] | tuple[int, ...] | None) -> Panel:
        """The panel restricted to ``years`` (None keeps all); unknown years raise."""
        if years is None:
            return self
        items = [years] if isinstance(years, int | np.integer | float | str) else list(years)
        wanted = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, int | np.integer):
                raise InputError(
                    f"{self.source}: year selection {years!r} must be whole years "
                    f"(an int or a list of ints); the panel has {list(self.years)}"
                )
            wanted.append(int(item))
        if not wanted:
            raise InputError(
                f"{self.source}: the year selection is empty; pick from {list(self.years)}"
            )
        unknown = sorted(set(wanted) - set(self.years))
        if unknown:
            raise InputError(
                f"{self.source}: year(s) {unknown} not in the panel; it has {list(self.years)}"
            )
        keep = self.frame["year"].isin(wanted).to_numpy()
        return Panel(self.frame[keep].reset_index(drop=True), self.source, self.notes)

    def size_filter(
        self,
        *,
        min_total: float | None = None,
        min_population: float | None = None,
        population: RegionTable | None = None,
    ) -> tuple[Panel, dict[int, tuple[str, ...]]]:
        """The panel without the regions too small to compare, per year (Atlas practice).

        The Atlas of Economic Complexity leaves out countries with fewer than 1 million
        people or less than 1 billion USD of exports, whose few products make their
        diversity and ubiquity noise (a territory exporting five goods ranks near the top).
        A region is dropped in a year when its total value in that year is below
        ``min_total`` (the panel's unit), or its population (``population``, a region table
        with a ``population`` column, by year if it has years) is below ``min_population`` or
        unknown. Returns the filtered panel and, per year, the regions dropped.
        """
        if min_total is None and min_population is None:
            return self, {}
        frame = self.frame
        totals = frame.groupby(["year", "region"], observed=True)["value"].sum()
        small = pd.Series(False, index=totals.index)
        if min_total is not None:
            small |= totals < min_total
        if min_population is not None:
            if population is None:
                raise InputError(
                    "min_population needs population= (a table region, [year], population)"
                )
            pop = population.frame
            keys = ["year", "region"] if population.has_year else ["region"]
            lookup = pop.set_index(keys)["population"]
            idx = totals.index if population.has_year else totals.index.get_level_values("region")
            people = pd.to_numeric(lookup.reindex(idx), errors="coerce").to_numpy(dtype=float)
            small |= ~(people >= min_population)
        dropped: dict[int, tuple[str, ...]] = {}
        for (year, region), is_small in small.items():
            if is_small:
                dropped.setdefault(int(year), ())
                dropped[int(year)] += (str(region),)
        drop = pd.MultiIndex.from_tuples(
            [(y, r) for y, rs in dropped.items() for r in rs], names=["year", "region"]
        )
        keys_of = pd.MultiIndex.from_arrays(
            [frame["year"].astype(int), frame["region"].astype(str)], names=["year", "region"]
        )
        keep = ~keys_of.isin(drop)
        kept = frame[keep].reset_index(drop=True)
        return Panel(kept, self.source, self.notes), dropped

    def matrix(self, year: int, *, warn: bool = True) -> YearMatrix:
        """The region x activity CSR matrix of one year, all-zero lines dropped with a warning."""
        part = self.frame[self.frame["year"].to_numpy() == year]
        if part.empty:
            raise InputError(f"{self.source}: no rows for year {year}; it has {list(self.years)}")
        r_codes = part["region"].cat.codes.to_numpy()
        a_codes = part["activity"].cat.codes.to_numpy()
        regions = np.asarray(part["region"].cat.categories, dtype=object)
        activities = np.asarray(part["activity"].cat.categories, dtype=object)
        values = part["value"].to_numpy()
        mat = sp.csr_matrix((values, (r_codes, a_codes)), shape=(regions.size, activities.size))
        # A line with rows in this year but nothing above zero is dropped and named; a line with
        # no rows in this year is simply absent from it.
        has_rows_r = np.bincount(r_codes, minlength=regions.size) > 0
        has_rows_a = np.bincount(a_codes, minlength=activities.size) > 0
        row_keep = np.asarray(mat.sum(axis=1)).ravel() > 0
        col_keep = np.asarray(mat.sum(axis=0)).ravel() > 0
        dropped_r = tuple(regions[has_rows_r & ~row_keep].tolist())
        dropped_a = tuple(activities[has_rows_a & ~col_keep].tolist())
        mat = mat[row_keep][:, col_keep]
        kept_r, kept_a = regions[row_keep], activities[col_keep]
        if kept_r.size < 2 or kept_a.size < 2:
            raise InputError(
                f"{self.source}, year {year}: after dropping all-zero lines only {kept_r.size} "
                f"region(s) and {kept_a.size} activit(y/ies) remain; at least two of each are needed"
            )
        result = YearMatrix(year, mat.tocsr(), kept_r, kept_a, dropped_r, dropped_a)
        if warn:
            result.warn_dropped(self.source, stacklevel=3)
        return result


def _attribute_table(
    data: Any, key: str, key_col: str, what: str, year: str | None
) -> pd.DataFrame:
    frame = to_pandas(data, what=what)
    if frame.shape[0] == 0:
        raise InputError(f"{what}: the table is empty")
    mapping = {key: key_col} | ({"year": year} if year else {})
    out = map_columns(frame, mapping, what=what, others=True)
    out[key] = out[key].astype(str).str.strip()
    keys = [key] + (["year"] if year else [])
    dup = out.duplicated(keys, keep=False).to_numpy()
    if dup.any():
        raise InputError(f"{what}: duplicate keys {keys} at {format_rows(out, dup, keys)}")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class RegionTable:
    """Attributes by region (and optionally year): ``region, [year], <indicator>...``."""

    frame: pd.DataFrame
    has_year: bool

    @classmethod
    def from_frame(
        cls, data: Any, *, region: str = "region", year: str | None = "year", what: str = "regions"
    ) -> RegionTable:
        frame = to_pandas(data, what=what)
        use_year = year if year is not None and year in frame.columns else None
        return cls(_attribute_table(frame, "region", region, what, use_year), use_year is not None)

    def values_for(self, column: str, regions: np.ndarray, year: int | None = None) -> np.ndarray:
        """Column ``column`` aligned to ``regions``; unknown regions or gaps raise InputError."""
        check_columns(
            self.frame,
            {"indicator": column},
            what="region table",
            fix=f"Add a {column!r} column (or rename yours to it).",
        )
        part = self.frame
        if self.has_year and year is not None:
            part = part[part["year"] == year]
        lookup = part.set_index("region")[column]
        unknown = [str(plain(r)) for r in regions if r not in lookup.index]
        if unknown:
            raise InputError(
                f"region table: no {column!r} for region(s) {unknown[:10]}"
                + (f" in year {year}" if year is not None else "")
                + "; the panel and the region table must use the same region ids"
            )
        vals = pd.to_numeric(lookup.loc[list(regions)], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(vals) | (vals <= 0)
        if bad.any():
            raise InputError(
                f"region table: {column!r} must be a positive number; "
                f"bad for {[str(r) for r in np.asarray(regions)[bad][:10]]}"
            )
        return vals


@dataclass(frozen=True)
class ActivityTable:
    """Activity metadata: ``activity, name, [stage, group, intensities...]``."""

    frame: pd.DataFrame

    @classmethod
    def from_frame(
        cls, data: Any, *, activity: str = "activity", what: str = "activities"
    ) -> ActivityTable:
        return cls(_attribute_table(data, "activity", activity, what, None))

    def column_for(self, column: str, activities: np.ndarray) -> np.ndarray:
        """Column ``column`` aligned to ``activities``; unknown activities raise InputError."""
        check_columns(
            self.frame,
            {"attribute": column},
            what="activity table",
            fix=f"Add a {column!r} column (or rename yours to it).",
        )
        lookup = self.frame.set_index("activity")[column]
        unknown = [str(plain(a)) for a in activities if a not in lookup.index]
        if unknown:
            raise InputError(
                f"activity table: no {column!r} for activit(y/ies) {unknown[:10]}; "
                "the panel and the activity table must use the same activity ids"
            )
        return lookup.loc[list(activities)].to_numpy()
