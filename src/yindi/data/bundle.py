"""A user's own regions as a dataset: panel + region table + activity table (+ optional extras).

The stages read a dataset (:class:`yindi.datasets.Dataset`): tables, and the knowledge of how to
read them. :func:`bundle` builds one from a user's files or frames, so that ``yindi.plan`` runs on
EU NUTS-2 regions, US states or countries as it does on the embedded China data:

- ``panel``: long ``region, activity, year, value`` (validated as :class:`~yindi.data.Panel`);
- ``regions`` (optional): one row per region, or per region and year, with ``name_en``,
  ``name_zh`` and any indicators (``population``, ``gdp``, ``gdp_per_capita``, or the raw
  indicators of :data:`~yindi.data.endowments.RAW_INDICATORS`); missing indicators are missing,
  never imputed, and lower the confidence of what needs them;
- ``activities`` (optional): ``activity, name_en, [name_zh], group``; ``group`` uses the
  vocabulary of :data:`GROUPS` (mining, light manufacturing, ...) and drives the structural
  shares of the region types and the transform track;
- ``boundaries`` (optional): a GeoJSON FeatureCollection whose features carry a ``region``
  property (or the property named by ``boundary_key``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from yindi.data.endowments import COVERAGE, QUALITIES
from yindi.data.panel import ActivityTable, Panel, RegionTable
from yindi.datasets import Dataset
from yindi.errors import InputError

__all__ = ["GROUPS", "GENERIC_QUALITIES", "NACE_CATALOGUE", "NACE_DIVISIONS", "bundle"]

#: The activity-group vocabulary of the ``group`` column, with the structural shares each group
#: counts in and whether its sectors are traditional (the transform track upgrades them). The
#: embedded China activities use the same groups.
GROUPS: dict[str, tuple[tuple[str, ...], bool]] = {
    "primary": (("agriculture",), True),
    "mining": (("resource",), True),
    "light manufacturing": (("manufacturing",), True),
    "resource processing": (("heavy", "manufacturing"), True),
    "heavy/equipment manufacturing": (("heavy", "manufacturing"), True),
    "utilities": ((), True),
    "construction": ((), False),
    "producer services": (("services",), False),
    "consumer services": (("services",), False),
    "public services": (("services",), False),
}

#: Quality -> generic region-table column, used when the table lacks the quality's default
#: indicator column (:data:`~yindi.data.endowments.QUALITIES`).
GENERIC_QUALITIES: dict[str, str] = {"income": "gdp_per_capita", "market_size": "gdp"}

_NAME_COLUMNS = ("name_en", "name_zh", "name", "country", "macro_region")

#: NACE Rev. 2 divisions (names and groups) and the strategic-industry catalogue keyed to them,
#: used when every activity id of a panel is a NACE division (EU NUTS-2 or ISIC-coded data).
NACE_DIVISIONS = files("yindi.datasets") / "catalogues" / "nace_r2_divisions.csv"
NACE_CATALOGUE = files("yindi.datasets") / "catalogues" / "strategic_industries_nace.yaml"


def _china_activities() -> set[str]:
    """The ids of the embedded China activities (S01..S41), keys of the default catalogue."""
    from yindi.datasets import china_provinces

    return set(china_provinces().activities["activity"].astype(str))


def _nace(activity_ids: list[str]) -> pd.DataFrame | None:
    """The shipped NACE division table when every id is one of its divisions, else None."""
    with NACE_DIVISIONS.open("rb") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    return table if set(activity_ids) <= set(table["activity"]) else None


def _group_knowledge() -> dict[str, Any]:
    shares = ("resource", "heavy", "manufacturing", "agriculture", "services")
    return {
        "structure_groups": {
            share: tuple(g for g, (counts, _) in GROUPS.items() if share in counts)
            for share in shares
        },
        "transform_groups": tuple(g for g, (_, traditional) in GROUPS.items() if traditional),
    }


def _read(data: Any, what: str) -> Any:
    """A path is read with :func:`yindi.data.read_table`; frames pass through."""
    if isinstance(data, (str, os.PathLike)):
        from yindi.data.readers import read_table

        return read_table(Path(data))
    return data


def _regions(data: Any, panel_regions: list[str]) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The one-row-per-region table and, when the table has years, the long indicators."""
    if data is None:
        return pd.DataFrame({"region": panel_regions}), None
    table = RegionTable.from_frame(_read(data, "regions"), what="region table (--regions)")
    frame = table.frame
    long = None
    if table.has_year:
        long = frame.sort_values(["region", "year"], kind="mergesort").reset_index(drop=True)
        # One row per region: the latest year's values, each indicator from the latest year
        # that has it (a region's newest GDP and its newest population may differ in year).
        frame = long.groupby("region", sort=True).last().reset_index().drop(columns="year")
    unknown = sorted(set(panel_regions) - set(frame["region"]))
    if unknown:
        raise InputError(
            f"region table (--regions): no row for panel region(s) {unknown[:10]}; the panel "
            "and the region table must use the same region ids"
        )
    return frame[frame["region"].isin(panel_regions)].reset_index(drop=True), long


def _activities(data: Any, panel_activities: list[str]) -> pd.DataFrame:
    if data is None:
        return pd.DataFrame(
            {"activity": panel_activities, "name_en": panel_activities, "group": pd.NA}
        )
    frame = ActivityTable.from_frame(
        _read(data, "activities"), what="activity table (--activities)"
    ).frame
    unknown = sorted(set(panel_activities) - set(frame["activity"]))
    if unknown:
        raise InputError(
            f"activity table (--activities): no row for panel activit(y/ies) {unknown[:10]}; "
            "the panel and the activity table must use the same activity ids"
        )
    if "group" in frame.columns:
        bad = sorted({str(g) for g in frame["group"].dropna()} - set(GROUPS))
        if bad:
            raise InputError(
                f"activity table (--activities): unknown group(s) {bad[:5]} in column 'group'; "
                f"use one of: {', '.join(GROUPS)} (or leave the cell empty)"
            )
    else:
        frame = frame.assign(group=pd.NA)
    return frame


def _qualities(regions: pd.DataFrame, given: Mapping[str, str] | None) -> dict[str, str]:
    """Quality -> region-table column: the user's choice, the default indicator, or generic."""
    out: dict[str, str] = {}
    for name, quality in QUALITIES.items():
        for column in (
            (given or {}).get(name),
            quality.indicator,
            GENERIC_QUALITIES.get(name),
        ):
            if column is not None and column in regions.columns:
                out[name] = column
                break
    unknown = sorted(set(given or {}) - set(QUALITIES))
    if unknown:
        raise InputError(f"qualities: unknown quality {unknown}; use one of {', '.join(QUALITIES)}")
    missing = {q: c for q, c in (given or {}).items() if c not in regions.columns}
    if missing:
        raise InputError(
            f"qualities: column(s) {sorted(missing.values())} not in the region table "
            f"(columns: {', '.join(map(str, regions.columns))})"
        )
    return out


def _boundaries(data: Any, key: str) -> dict[str, Any] | None:
    if data is None:
        return None
    if isinstance(data, (str, os.PathLike)):
        try:
            data = json.loads(Path(data).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"boundaries (--boundaries): cannot read {data}: {exc}") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("features"), list):
        raise InputError("boundaries (--boundaries): expected a GeoJSON FeatureCollection")
    features = []
    for feature in data["features"]:
        props = dict(feature.get("properties") or {})
        if key not in props:
            raise InputError(
                f"boundaries (--boundaries): a feature has no {key!r} property; name the "
                "property that holds the region id with boundary_key= (--boundary-key)"
            )
        props["region"] = str(props[key])
        features.append({**feature, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _years_of(long: pd.DataFrame, column: str) -> str:
    used = long.dropna(subset=[column]).groupby("region")["year"].max()
    if used.empty:
        return ""
    lo, hi = int(used.min()), int(used.max())
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _income_reader(column: str) -> Any:
    """The bundle's income per head (``region, income``) for the face-validity check."""

    def income(dataset: Any) -> pd.DataFrame:
        table = dataset.table("endowments")[["region", column]]
        return table.rename(columns={column: "income"})

    return income


def bundle(
    panel: Any,
    *,
    regions: Any = None,
    activities: Any = None,
    boundaries: Any = None,
    boundary_key: str = "region",
    qualities: Mapping[str, str] | None = None,
    catalogue: str | os.PathLike[str] | None = None,
    name: str = "user_data",
    unit: str = "",
    provenance: str = "",
) -> Dataset:
    """A :class:`~yindi.datasets.Dataset` from a user's own tables (see the module docstring).

    Parameters
    ----------
    panel : Panel, DataFrame or path
        Region x activity values, long (``region, activity, year, value``); a frame or file is
        validated by :meth:`yindi.data.Panel.from_frame` / :meth:`~yindi.data.Panel.from_file`.
    regions, activities : DataFrame or path, optional
        The region and activity tables; every panel id must have a row.
    boundaries : mapping or path, optional
        GeoJSON polygons for the report's maps; ``boundary_key`` names the id property.
    qualities : mapping, optional
        Quality -> region-table column, where a column does not carry the default name
        (:data:`~yindi.data.endowments.QUALITIES`); ``gdp_per_capita`` and ``gdp`` are found
        for ``income`` and ``market_size`` without it.
    catalogue : path, optional
        The strategic-industry catalogue keyed to these activities, used by ``plan`` when it
        is given none. Where every activity id is a NACE Rev. 2 division (``C26``, ``J62``),
        the shipped NACE catalogue (:data:`NACE_CATALOGUE`) and, without ``activities``, the
        shipped division names and groups (:data:`NACE_DIVISIONS`) are used.
    name, unit, provenance : str
        Label of the dataset, unit of the panel values, and where the data come from (written
        into every run's provenance).

    Returns
    -------
    Dataset
        Tables ``panel``, ``regions``, ``activities``, ``endowments`` (``region`` and the
        quality columns) and, when the region table has years, ``indicators``.
    """
    if not isinstance(panel, Panel):
        panel = (
            Panel.from_file(Path(panel), aliases=False)
            if isinstance(panel, (str, os.PathLike))
            else Panel.from_frame(panel, aliases=False)
        )
    frame = panel.frame.astype({"region": str, "activity": str})
    region_ids = sorted(frame["region"].unique())
    activity_ids = sorted(frame["activity"].unique())
    region_table, long = _regions(regions, region_ids)
    for column in ("name_en", "name_zh"):
        if column not in region_table.columns:
            fallback = region_table["name"] if "name" in region_table else region_table["region"]
            region_table[column] = fallback if column == "name_en" else ""
    nace = _nace(activity_ids)
    if activities is None and nace is not None:
        activities = nace[nace["activity"].isin(activity_ids)]
    activity_table = _activities(activities, activity_ids)
    for column in ("name_en", "name_zh"):
        if column not in activity_table.columns:
            fallback = (
                activity_table["name"] if "name" in activity_table else activity_table["activity"]
            )
            activity_table[column] = fallback if column == "name_en" else ""
    columns = _qualities(region_table, qualities)
    # The quality columns, and the coverage of a partial one where the table gives it.
    partial = [COVERAGE[c] for c in columns.values() if COVERAGE.get(c) in region_table]
    numeric = [c for c in dict.fromkeys([*columns.values(), *partial]) if c not in _NAME_COLUMNS]
    endowments = region_table[["region", *numeric]].copy()
    if long is not None:  # the year each indicator was read from (the latest per region)
        endowments.attrs["years"] = {c: _years_of(long, c) for c in numeric if c in long.columns}
    for column in numeric:
        endowments[column] = pd.to_numeric(endowments[column], errors="coerce").astype(float)
    tables = {
        "panel": frame[["region", "activity", "year", "value"]],
        "regions": region_table,
        "activities": activity_table,
        "endowments": endowments,
    }
    knowledge: dict[str, Any] = {
        **_group_knowledge(),
        "qualities": columns,
        "indicator_units": {c: "as given in the region table" for c in columns.values()},
        "default_measure": "value",
        "provenance": provenance or f"User data: {panel.source}",
    }
    if "income" in columns:
        knowledge["income"] = _income_reader(columns["income"])
    gdp = columns.get("market_size")
    if long is not None and gdp is not None:
        tables["indicators"] = long
        knowledge["gdp"] = ("indicators", gdp)
    if nace is not None:
        knowledge["catalogue"] = NACE_CATALOGUE
        # The catalogue may name any division; one the panel lacks is an absent capability.
        knowledge["catalogue_activities"] = nace["activity"].tolist()
    elif not set(activity_ids) <= _china_activities():
        # No shipped catalogue is keyed to these activities: plan must be given one.
        knowledge["catalogue"] = None
        knowledge["activity_examples"] = activity_ids[:3]
    if catalogue is not None:
        knowledge["catalogue"] = str(catalogue)
    if nace is not None:
        knowledge["reference_classification"] = "nace_r2_division"
    shapes = _boundaries(boundaries, boundary_key)
    if shapes is not None:
        knowledge["boundaries"] = shapes
    return Dataset(
        name=name,
        resources=None,
        panel_source="panel",
        panel_measures={"value": "value"},
        panel_unit=unit,
        knowledge=knowledge,
        frames=tables,
    )
