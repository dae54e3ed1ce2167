"""Strategic-industry catalogue: the industries that plans name, tied to IO activities and endowments.

Statistical data come in coarse input-output activities (``S01``..``S41``); plans name industries
(integrated circuits, hydrogen, the low-altitude economy ...). The catalogue is the bridge: per
industry it gives the activities whose capabilities it draws on (``base_sectors``), the regional
endowment qualities it needs (``requirements``, names from :data:`yindi.data.endowments.QUALITIES`),
optional hard exclusions on raw indicators (:data:`yindi.data.endowments.RAW_INDICATORS`), its
water/energy/carbon intensity and a public source for every claim. ``traditional_upgrades`` gives
an upgrade direction per traditional activity for the "transform" track.

The shipped default (:data:`DEFAULT_CATALOGUE`) is a YAML file a user may replace; every file is
validated here (the checks of each industry entry live in ``_catalogue_checks``), and each
rejection names the industry, the field, the offending value and the fix.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pandas as pd

from yindi.data._catalogue_checks import (
    _SOURCES_REQUIRED,
    INTENSITY_LEVELS,
    STAGES,
    WEIGHT_TOLERANCE,
    _close,
    _Industry,
)
from yindi.data.config import load_yaml, quote
from yindi.data.endowments import QUALITIES
from yindi.errors import InputError

__all__ = [
    "Catalogue",
    "DEFAULT_CATALOGUE",
    "INTENSITY_LEVELS",
    "STAGES",
    "WEIGHT_TOLERANCE",
    "load_catalogue",
]

#: The shipped default catalogue (a resource inside the installed package).
DEFAULT_CATALOGUE: Traversable = (
    files("yindi.datasets") / "catalogues" / "strategic_industries.yaml"
)
# INTENSITY_LEVELS, STAGES and WEIGHT_TOLERANCE are defined with the per-industry checks
# (yindi.data._catalogue_checks) and re-exported here.

SUPPORTED_VERSIONS = (1,)
_TOP_REQUIRED = ("version", "industries", "traditional_upgrades")
_TOP_ALLOWED = (*_TOP_REQUIRED, "description")
_UPGRADE_FIELDS = ("direction_en", "direction_zh", "source")


@dataclass(frozen=True, eq=False)
class Catalogue:
    """A validated strategic-industry catalogue as tidy tables.

    Attributes
    ----------
    industries : DataFrame
        One row per industry in file order: ``id, name_en, name_zh, stage, national_value,
        water_intensity, energy_intensity, carbon_intensity`` (levels ``low``/``medium``/``high``;
        see :data:`INTENSITY_LEVELS`) and one ``source_<key>`` column per ``sources`` line
        (``source_stage``, ``source_base_sectors``, ``source_requirements``, ``source_intensity``
        first, further keys alphabetically; ``None`` where an industry has no such line).
    base_weights : DataFrame
        ``industry, activity, weight``; weights of an industry sum to 1.
    requirements : DataFrame
        ``industry, quality, weight``; weights of an industry sum to 1.
    exclusions : DataFrame
        ``industry, indicator, op, threshold, reason, reason_zh`` with ``op`` ``"below"`` or
        ``"above"``: a region whose raw indicator is below (above) the threshold is excluded;
        ``reason_zh`` is the optional Chinese reason ("" where the file gives none).
    upgrades : DataFrame
        ``activity, direction_en, direction_zh, source``: upgrade directions of traditional
        activities, sorted by activity id.
    source : str
        The file the catalogue was read from, or ``"yindi default"``.

    Notes
    -----
    Industry rows keep file order; rows of the other tables follow the industry order and,
    within an industry, sort by key (activity, quality, indicator then op).
    """

    industries: pd.DataFrame
    base_weights: pd.DataFrame
    requirements: pd.DataFrame
    exclusions: pd.DataFrame
    upgrades: pd.DataFrame
    source: str

    @property
    def ids(self) -> list[str]:
        """Industry ids in file order."""
        return list(self.industries["id"])

    def __repr__(self) -> str:
        counts = self.industries["stage"].value_counts()
        stages = ", ".join(f"{s}={int(counts.get(s, 0))}" for s in STAGES)
        return (
            f"Catalogue(source={self.source!r}, industries={len(self.industries)} ({stages}), "
            f"upgrades={len(self.upgrades)})"
        )


def load_catalogue(
    path: str | os.PathLike[str] | Traversable | None = None,
    *,
    activities: Iterable[str] | None = None,
) -> Catalogue:
    """Read and validate a strategic-industry catalogue (YAML).

    Parameters
    ----------
    path : str, path-like, Traversable or None
        The YAML file (UTF-8). ``None`` reads the shipped default :data:`DEFAULT_CATALOGUE`.
    activities : iterable of str, optional
        Valid activity ids for ``base_sectors`` and ``traditional_upgrades``. ``None`` uses the
        41 ids of the embedded ``china_provinces`` activity table (``S01``..``S41``).

    Returns
    -------
    Catalogue
        Tidy tables of industries, base-sector weights, requirements, exclusions and upgrades.

    Raises
    ------
    InputError
        The file is missing, not UTF-8 or not YAML (with the line), or breaks the schema: missing
        top-level keys or fields, duplicate ids, unknown stage, ``national_value`` outside
        [0, 1], unknown activity/quality/indicator/op/intensity level, negative weights, weights
        not summing to 1 (within :data:`WEIGHT_TOLERANCE`), missing ``sources`` lines. The
        message names the industry, the field, the offending value and the fix.

    Notes
    -----
    Weights are shares: :math:`w_{i,a} \\ge 0` and :math:`\\sum_a w_{i,a} = 1` for each industry
    :math:`i`, both for base sectors and for requirements. Parsing uses a ``yaml.SafeLoader``
    (no arbitrary objects) that also rejects repeated keys.

    Examples
    --------
    >>> from yindi.data.catalogue import load_catalogue
    >>> cat = load_catalogue()
    >>> sorted(set(cat.industries["stage"]))
    ['emerging', 'future']
    """
    if path is None:
        target: Path | Traversable = DEFAULT_CATALOGUE
        source = "yindi default"
    else:
        target = Path(path) if isinstance(path, str | os.PathLike) else path
        source = str(target)
    valid = _valid_activities(activities)
    doc, _ = load_yaml(target, what=f"catalogue {source}")
    doc = _check_top(doc, source)
    rows: list[dict[str, Any]] = []
    base: list[tuple[str, str, float]] = []
    reqs: list[tuple[str, str, float]] = []
    excl: list[tuple[str, str, str, float, str, str]] = []
    first_seen: dict[str, int] = {}
    for pos, raw in enumerate(doc["industries"], start=1):
        ind = _Industry(raw, pos, source)
        iid = ind.check_id()
        if iid in first_seen:
            ind.fail(
                "id",
                f"duplicate id '{iid}' (already used by industry #{first_seen[iid]})",
                "give every industry a unique id",
            )
        first_seen[iid] = pos
        rows.append({**ind.scalars(), **ind.intensity(), **ind.sources()})
        weights = ind.weights("base_sectors", valid, "activity ids")
        base += [(iid, key, weights[key]) for key in sorted(weights)]
        weights = ind.weights("requirements", list(QUALITIES), "qualities")
        reqs += [(iid, key, weights[key]) for key in sorted(weights)]
        excl += [(iid, *e) for e in sorted(ind.exclusions(), key=lambda e: (e[0], e[1]))]
    # Extra sources lines (e.g. national_value) become columns; None where an industry has none.
    extra = sorted({c for r in rows for c in r} - set(_INDUSTRY_COLUMNS))
    columns = [*_INDUSTRY_COLUMNS, *extra]
    industries = pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=columns)
    industries = industries.astype({"national_value": float, "endowment_weight": float})
    return Catalogue(
        industries=industries,
        base_weights=pd.DataFrame(base, columns=["industry", "activity", "weight"]),
        requirements=pd.DataFrame(reqs, columns=["industry", "quality", "weight"]),
        exclusions=pd.DataFrame(
            excl, columns=["industry", "indicator", "op", "threshold", "reason", "reason_zh"]
        ).astype({"threshold": float}),
        upgrades=_upgrades(doc["traditional_upgrades"], valid, source),
        source=source,
    )


_INDUSTRY_COLUMNS = (
    "id",
    "name_en",
    "name_zh",
    "stage",
    "national_value",
    "endowment_weight",
    "water_intensity",
    "energy_intensity",
    "carbon_intensity",
    *(f"source_{k}" for k in _SOURCES_REQUIRED),
)


def _valid_activities(activities: Iterable[str] | None) -> list[str]:
    """The activity ids a catalogue may name (default: the embedded china_provinces table)."""
    if activities is None:
        from yindi.datasets import resolve  # lazy: datasets is a sibling package

        return [str(a) for a in resolve().activities["activity"]]
    ids = list(activities)
    bad = [a for a in ids if not isinstance(a, str) or not a]
    if not ids or bad:
        raise InputError(
            f"activities must be a non-empty list of non-empty strings; got {quote(ids)}."
            " Fix: pass the activity ids of your panel, e.g. ['S01', 'S02', ...]."
        )
    return ids


def _check_top(doc: Any, source: str) -> dict[str, Any]:
    """Top-level keys, version and the type of ``industries``."""
    if not isinstance(doc, dict):
        raise InputError(
            f"catalogue {source}: the top level must be a mapping with keys "
            f"{', '.join(_TOP_REQUIRED)}; got {type(doc).__name__}. Fix: start from "
            "the shipped default (yindi.data.catalogue.DEFAULT_CATALOGUE)."
        )
    missing = [k for k in _TOP_REQUIRED if k not in doc]
    if missing:
        raise InputError(
            f"catalogue {source}: missing top-level key(s) {', '.join(missing)}. "
            "Fix: add them (traditional_upgrades may be an empty mapping {})."
        )
    unknown = [str(k) for k in doc if k not in _TOP_ALLOWED]
    if unknown:
        raise InputError(
            f"catalogue {source}: unknown top-level key(s) {', '.join(unknown)}. "
            f"Fix: use only {', '.join(_TOP_ALLOWED)}."
        )
    version = doc["version"]
    if isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
        raise InputError(
            f"catalogue {source}: unsupported version {quote(version)}. Fix: set "
            f"version: {SUPPORTED_VERSIONS[-1]}."
        )
    if not isinstance(doc["industries"], list) or not doc["industries"]:
        raise InputError(
            f"catalogue {source}: 'industries' must be a non-empty list of "
            f"mappings; got {quote(doc['industries'])}. Fix: list at least one industry."
        )
    if doc["traditional_upgrades"] is None:
        doc["traditional_upgrades"] = {}
    return doc


def _upgrades(raw: Any, valid: Sequence[str], source: str) -> pd.DataFrame:
    """The ``traditional_upgrades`` mapping as a table sorted by activity id."""
    if not isinstance(raw, dict):
        raise InputError(
            f"catalogue {source}: 'traditional_upgrades' must be a mapping "
            f"activity: {{direction_en, direction_zh, source}}; got {quote(raw)}. "
            "Fix: write e.g. S14: {direction_en: ..., direction_zh: ..., source: ...}."
        )
    rows = []
    for key in sorted(raw, key=str):
        entry = raw[key]
        where = f"catalogue {source}: traditional_upgrades, activity {quote(key)}"
        if key not in valid:
            raise InputError(
                f"{where}: unknown activity{_close(str(key), valid)}. Fix: use one "
                f"of the activity ids {', '.join(valid)}."
            )
        if not isinstance(entry, dict):
            raise InputError(
                f"{where}: expected a mapping, got {quote(entry)}. Fix: give "
                f"{', '.join(_UPGRADE_FIELDS)}."
            )
        bad = [
            f for f in _UPGRADE_FIELDS if not isinstance(entry.get(f), str) or not entry[f].strip()
        ]
        unknown = [str(f) for f in entry if f not in _UPGRADE_FIELDS]
        if bad or unknown:
            problem = (
                f"field(s) {', '.join(bad)} missing or empty"
                if bad
                else f"unknown field(s) {', '.join(unknown)}"
            )
            raise InputError(
                f"{where}: {problem}. Fix: give exactly {', '.join(_UPGRADE_FIELDS)} as text."
            )
        rows.append((key, entry["direction_en"], entry["direction_zh"], entry["source"]))
    return pd.DataFrame(rows, columns=["activity", *_UPGRADE_FIELDS])
