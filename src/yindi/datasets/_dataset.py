"""A generic embedded dataset: Parquet tables shipped inside the package, loaded lazily.

A :class:`Dataset` knows only a resource folder (``importlib.resources``), which of its tables is
the region x activity panel source and which columns of that table are measures. Everything
specific to a country lives in the factory that builds it (e.g. :func:`china_provinces`), so an
EU NUTS-2 or US-state dataset can reuse this class unchanged.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from numbers import Integral
from typing import Any

import pandas as pd

from yindi.errors import InputError

__all__ = ["Dataset"]

_PANEL_KEYS = ("region", "activity", "year")


@dataclass(frozen=True)
class Dataset:
    """Tables of one embedded dataset, read on first use and cached.

    Parameters
    ----------
    name : str
        Short identifier, e.g. ``"china_provinces"``.
    resources : importlib.resources.abc.Traversable or None
        Folder holding ``<table>.parquet`` files, ``PROVENANCE.md`` and optionally
        ``boundaries.geojson``. Nothing outside this folder is ever read. ``None`` for a
        dataset held in memory (:func:`yindi.data.bundle`), whose tables are ``frames``.
    panel_source : str
        Table with the long ``region, activity, year`` rows behind :meth:`panel`.
    panel_measures : Mapping[str, str]
        Measure name -> column of ``panel_source`` (e.g. ``"gross_output" ->
        "gross_output_10k_cny"``).
    panel_unit : str
        Unit of the panel measures, attached to the result as ``DataFrame.attrs["unit"]``.
    panel_signed : tuple of str
        Measures that can be negative (value added of a loss-making sector). :meth:`panel`
        marks them with ``attrs["negatives"] = "positive_part"``, so that
        :meth:`yindi.data.Panel.from_frame` counts negatives as 0 for presence and RCA and
        lists them in a warning instead of rejecting the table.
    knowledge : Mapping
        What the stages need to know about this dataset's classifications, kept with the data
        instead of in general code: ``structure_groups`` (structural share -> activity
        groups), ``transform_groups`` (activity groups whose sectors the transform track
        upgrades), ``technology`` (DEA inputs, outputs and undesirable outputs among the
        indicators), ``endowments`` (a builder of the endowment indicators),
        ``indicator_units``, ``qualities`` (quality -> indicator column), ``gdp`` (table and
        column of GDP by region and year), ``default_measure``, ``provenance`` and
        ``boundaries`` (in-memory datasets). Read with :meth:`know`.
    frames : Mapping[str, DataFrame]
        Tables held in memory (a user's bundle); they take precedence over ``resources``.

    Notes
    -----
    Tables are returned as copies, so changing a returned frame never changes what the next
    call returns. The cache is per instance and guarded by a lock (reads are idempotent, the lock
    only avoids parsing the same file twice from two threads).
    """

    name: str
    resources: Traversable | None = field(repr=False)
    panel_source: str
    panel_measures: Mapping[str, str] = field(hash=False)
    panel_unit: str = ""
    panel_signed: tuple[str, ...] = ()
    knowledge: Mapping[str, Any] = field(default_factory=dict, hash=False, repr=False)
    frames: Mapping[str, pd.DataFrame] = field(default_factory=dict, hash=False, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def know(self, key: str, what: str) -> Any:
        """The dataset's ``knowledge[key]``, or an error saying what is missing and why."""
        if key not in self.knowledge:
            raise InputError(
                f"dataset {self.name!r} has no {key!r} in its knowledge ({what}); add it to "
                f"the dataset's knowledge, as yindi.datasets.china_provinces() has"
            )
        return self.knowledge[key]

    # -- tables ---------------------------------------------------------------------------------
    @property
    def tables(self) -> tuple[str, ...]:
        """Names of the available tables, sorted."""
        if "__tables__" not in self._cache:
            stored = () if self.resources is None else self.resources.iterdir()
            names = sorted(
                {
                    *(
                        e.name.removesuffix(".parquet")
                        for e in stored
                        if e.name.endswith(".parquet")
                    ),
                    *self.frames,
                }
            )
            self._cache["__tables__"] = tuple(names)
        tables: tuple[str, ...] = self._cache["__tables__"]
        return tables

    def table(self, name: str) -> pd.DataFrame:
        """Return one table as a pandas DataFrame.

        Parameters
        ----------
        name : str
            One of :attr:`tables`.

        Returns
        -------
        pandas.DataFrame
            A fresh copy of the table, rows in the stored (sorted) order.

        Raises
        ------
        yindi.errors.InputError
            If ``name`` is not a table of this dataset; the message lists the valid names.
        """
        if not isinstance(name, str) or name not in self.tables:
            raise InputError(
                f"dataset {self.name!r} has no table {name!r}; valid tables: "
                f"{', '.join(self.tables)}"
            )
        if name in self.frames:
            return self.frames[name].copy()
        with self._lock:
            if name not in self._cache:
                self._cache[name] = self._read_parquet(f"{name}.parquet")
            frame: pd.DataFrame = self._cache[name]
        return frame.copy()

    @property
    def regions(self) -> pd.DataFrame:
        """The ``regions`` table: one row per region with codes, names and attributes."""
        return self.table("regions")

    @property
    def activities(self) -> pd.DataFrame:
        """The ``activities`` table: one row per activity with names and groups."""
        return self.table("activities")

    # -- panel ----------------------------------------------------------------------------------
    def panel(
        self, measure: str = "gross_output", year: int | Iterable[int] | None = None
    ) -> pd.DataFrame:
        """Long ``region, activity, year, value`` table of one measure.

        Parameters
        ----------
        measure : str
            One of the keys of ``panel_measures`` (for China: ``"gross_output"``,
            ``"value_added"``, ``"labour_compensation"``).
        year : int, iterable of int, or None
            Year(s) to keep; ``None`` keeps every year of the panel source.

        Returns
        -------
        pandas.DataFrame
            Columns ``region, activity, year, value`` (value float64), sorted by region,
            activity, year. Missing source cells stay NaN; nothing is filled.
            ``attrs`` holds ``measure``, ``column``, ``unit`` and ``dataset``, and
            ``negatives="positive_part"`` for a measure in ``panel_signed``.

        Raises
        ------
        yindi.errors.InputError
            If the measure or a year is not available; the message names the valid ones.
        """
        if not isinstance(measure, str) or measure not in self.panel_measures:
            raise InputError(
                f"unknown measure {measure!r} for dataset {self.name!r}; valid measures: "
                f"{', '.join(self.panel_measures)}"
            )
        column = self.panel_measures[measure]
        source = self.table(self.panel_source)
        available = tuple(sorted(int(y) for y in source["year"].unique()))
        years = self._resolve_years(year, available)
        rows = source.loc[source["year"].isin(years), [*_PANEL_KEYS, column]]
        out = rows.rename(columns={column: "value"}).astype({"year": "int64", "value": "float64"})
        out = out.sort_values(list(_PANEL_KEYS), kind="mergesort").reset_index(drop=True)
        out.attrs.update(
            {"dataset": self.name, "measure": measure, "column": column, "unit": self.panel_unit}
        )
        if measure in self.panel_signed:
            out.attrs["negatives"] = "positive_part"
        return out

    def _resolve_years(
        self, year: int | Iterable[int] | None, available: tuple[int, ...]
    ) -> tuple[int, ...]:
        if year is None:
            return available
        # A single year may be any integer (numpy too); a string or float is never a year.
        items: list[object] = (
            list(year) if isinstance(year, Iterable) and not isinstance(year, str) else [year]
        )
        # bool is an Integral too, but True/False as a year is always a mistake.
        years = [
            int(y)
            for y in items
            if isinstance(y, Integral) and not isinstance(y, bool) and int(y) in available
        ]
        if not items or len(years) != len(items):
            raise InputError(
                f"year {year!r} is not available in dataset {self.name!r} "
                f"(table {self.panel_source!r}); valid years: "
                f"{', '.join(str(y) for y in available)}"
            )
        return tuple(sorted(set(years)))

    # -- files ----------------------------------------------------------------------------------
    def boundaries(self) -> dict[str, Any]:
        """The region polygons as a parsed GeoJSON ``FeatureCollection`` (a fresh dict).

        Raises
        ------
        yindi.errors.InputError
            If the dataset ships no ``boundaries.geojson``.
        """
        if "boundaries" in self.knowledge:  # an in-memory dataset's polygons
            return json.loads(json.dumps(self.knowledge["boundaries"]))
        entry = None if self.resources is None else self.resources.joinpath("boundaries.geojson")
        if entry is None or not entry.is_file():
            raise InputError(f"dataset {self.name!r} ships no boundaries.geojson")
        with self._lock:
            if "__boundaries__" not in self._cache:
                self._cache["__boundaries__"] = entry.read_text(encoding="utf-8")
            text: str = self._cache["__boundaries__"]
        # Parsing per call (about 10 ms) hands out an independent dict without a deep copy.
        parsed: dict[str, Any] = json.loads(text)
        return parsed

    @property
    def provenance(self) -> str:
        """The text of ``PROVENANCE.md``: sources, licences, units, transformations, gaps."""
        if self.resources is None:
            return str(self.knowledge.get("provenance", ""))
        return self.resources.joinpath("PROVENANCE.md").read_text(encoding="utf-8")

    def _read_parquet(self, filename: str) -> pd.DataFrame:
        assert self.resources is not None  # only reached for tables not held in frames
        # Imported here so that `import yindi` does not pay for pyarrow.parquet.
        import pyarrow.parquet as pq

        with self.resources.joinpath(filename).open("rb") as handle:
            return pq.read_table(handle).to_pandas()
