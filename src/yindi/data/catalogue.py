"""Strategic-industry catalogue: the industries that plans name, tied to IO activities and endowments.

Statistical data come in coarse input-output activities (``S01``..``S41``); plans name industries
(integrated circuits, hydrogen, the low-altitude economy ...). The catalogue is the bridge: per
industry it gives the activities whose capabilities it draws on (``base_sectors``), the regional
endowment qualities it needs (``requirements``, names from :data:`yindi.data.endowments.QUALITIES`),
optional hard exclusions on raw indicators (:data:`yindi.data.endowments.RAW_INDICATORS`), its
water/energy/carbon intensity and a public source for every claim. ``traditional_upgrades`` gives
an upgrade direction per traditional activity for the "transform" track.

The shipped default (:data:`DEFAULT_CATALOGUE`) is a YAML file a user may replace; every file is
validated here, and each rejection names the industry, the field, the offending value and the fix.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd
import yaml

from yindi.data.endowments import QUALITIES, RAW_INDICATORS
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
#: Numeric reading of the intensity levels, used by later stages (low < medium < high, high = 1).
INTENSITY_LEVELS: dict[str, float] = {"low": 1 / 3, "medium": 2 / 3, "high": 1.0}
#: Industry stages a catalogue may use: strategic emerging (战略性新兴) and future (未来) industries.
STAGES: tuple[str, ...] = ("emerging", "future")
#: Largest accepted ``|sum(weights) - 1|`` for ``base_sectors`` and ``requirements``.
WEIGHT_TOLERANCE = 1e-9

SUPPORTED_VERSIONS = (1,)
_TOP_REQUIRED = ("version", "industries", "traditional_upgrades")
_TOP_ALLOWED = (*_TOP_REQUIRED, "description")
_FIELDS_REQUIRED = (
    "id",
    "name_en",
    "name_zh",
    "stage",
    "national_value",
    "base_sectors",
    "requirements",
    "intensity",
    "sources",
)
_FIELDS_ALLOWED = (*_FIELDS_REQUIRED, "exclusions", "endowment_weight")
_INTENSITY_KEYS = ("water", "energy", "carbon")
_SOURCES_REQUIRED = ("stage", "base_sectors", "requirements", "intensity")
_EXCLUSION_OPS = ("below", "above")
_UPGRADE_FIELDS = ("direction_en", "direction_zh", "source")
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


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
        ``industry, indicator, op, threshold, reason`` with ``op`` ``"below"`` or ``"above"``: a
        region whose raw indicator is below (above) the threshold is excluded.
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


class _UniqueKeySafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that rejects a key repeated in one mapping (safe_load keeps the last)."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # '<<' merges may be overridden on purpose
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:  # unhashable key: the base constructor reports it
            break
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"found the key {key!r} twice (the second would silently win)",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_UniqueKeySafeLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
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
    text, source = _read_text(path)
    valid = _valid_activities(activities)
    try:
        doc = yaml.load(text, Loader=_UniqueKeySafeLoader)  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"catalogue {source}: not valid YAML{where}: {problem}. Fix the YAML "
            "there (indentation, a missing ':' or an unquoted ':' or '#' inside "
            "a value)."
        ) from exc
    doc = _check_top(doc, source)
    rows: list[dict[str, Any]] = []
    base: list[tuple[str, str, float]] = []
    reqs: list[tuple[str, str, float]] = []
    excl: list[tuple[str, str, str, float, str]] = []
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
            excl, columns=["industry", "indicator", "op", "threshold", "reason"]
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


def _read_text(path: str | os.PathLike[str] | Traversable | None) -> tuple[str, str]:
    """The catalogue text and a label for messages."""
    if path is None:
        return DEFAULT_CATALOGUE.read_text(encoding="utf-8"), "yindi default"
    target: Path | Traversable = Path(path) if isinstance(path, str | os.PathLike) else path
    if not target.is_file():
        raise InputError(
            f"catalogue {target}: no such file. Fix: pass the path of a YAML "
            "catalogue, or None for the shipped default."
        )
    try:
        return target.read_text(encoding="utf-8"), str(target)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"catalogue {target}: not UTF-8 ({exc.reason} at byte {exc.start}). "
            "Fix: save the file as UTF-8."
        ) from exc


def _valid_activities(activities: Iterable[str] | None) -> list[str]:
    """The activity ids a catalogue may name (default: the embedded china_provinces table)."""
    if activities is None:
        from yindi.datasets import china_provinces  # lazy: datasets is a sibling package

        return [str(a) for a in china_provinces().activities["activity"]]
    ids = list(activities)
    bad = [a for a in ids if not isinstance(a, str) or not a]
    if not ids or bad:
        raise InputError(
            f"activities must be a non-empty list of non-empty strings; got {ids!r}."
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
            f"catalogue {source}: unsupported version {version!r}. Fix: set "
            f"version: {SUPPORTED_VERSIONS[-1]}."
        )
    if not isinstance(doc["industries"], list) or not doc["industries"]:
        raise InputError(
            f"catalogue {source}: 'industries' must be a non-empty list of "
            f"mappings; got {doc['industries']!r}. Fix: list at least one industry."
        )
    if doc["traditional_upgrades"] is None:
        doc["traditional_upgrades"] = {}
    return doc


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _close(key: str, valid: Sequence[str]) -> str:
    near = difflib.get_close_matches(key, list(valid), n=3, cutoff=0.6)
    return f" (closest: {', '.join(near)})" if near else ""


class _Industry:
    """Validation of one ``industries`` entry; every failure names the industry and the field."""

    def __init__(self, raw: Any, pos: int, source: str) -> None:
        self.pos, self.source = pos, source
        self.label = f"industry #{pos}"
        if not isinstance(raw, dict):
            self.fail(
                "(entry)",
                f"expected a mapping of fields, got {raw!r}",
                "write the industry as 'key: value' lines under '- id: ...'",
            )
        self.raw: dict[str, Any] = raw
        if isinstance(raw.get("id"), str) and raw["id"]:
            self.label = f"industry '{raw['id']}' (#{pos})"

    def fail(self, field: str, problem: str, fix: str) -> NoReturn:
        raise InputError(
            f"catalogue {self.source}: {self.label}, field '{field}': {problem}. Fix: {fix}."
        )

    def check_id(self) -> str:
        missing = [f for f in _FIELDS_REQUIRED if f not in self.raw]
        if missing:
            self.fail(
                missing[0],
                f"missing field(s) {', '.join(missing)}",
                f"every industry needs {', '.join(_FIELDS_REQUIRED)}",
            )
        unknown = [str(f) for f in self.raw if f not in _FIELDS_ALLOWED]
        if unknown:
            self.fail(
                unknown[0],
                f"unknown field(s) {', '.join(unknown)}",
                f"use only {', '.join(_FIELDS_ALLOWED)}",
            )
        iid = self.raw["id"]
        if not isinstance(iid, str) or not _ID_PATTERN.match(iid):
            self.fail(
                "id",
                f"{iid!r} is not a snake_case id",
                "use lower-case letters, digits and '_', starting with a letter",
            )
        return iid

    def _text(self, field: str) -> str:
        value = self.raw[field]
        if not isinstance(value, str) or not value.strip():
            self.fail(field, f"expected non-empty text, got {value!r}", "write the name")
        return value

    def scalars(self) -> dict[str, Any]:
        stage, value = self.raw["stage"], self.raw["national_value"]
        if stage not in STAGES:
            self.fail("stage", f"unknown stage {stage!r}", f"use one of {', '.join(STAGES)}")
        if not _is_number(value) or not 0 <= value <= 1:
            self.fail(
                "national_value",
                f"{value!r} is not a number in [0, 1]",
                "give a share between 0 and 1 and document its basis in sources",
            )
        # Optional: how much the industry's location depends on endowments rather than on
        # related capabilities (share of endowment fit in feasibility); NaN = the plan default.
        share = self.raw.get("endowment_weight", float("nan"))
        if "endowment_weight" in self.raw and (not _is_number(share) or not 0 <= share <= 1):
            self.fail(
                "endowment_weight",
                f"{share!r} is not a number in [0, 1]",
                "give the share of endowment fit in feasibility, or leave it out",
            )
        return {
            "id": self.raw["id"],
            "name_en": self._text("name_en"),
            "name_zh": self._text("name_zh"),
            "stage": stage,
            "national_value": float(value),
            "endowment_weight": float(share),
        }

    def weights(self, field: str, valid: Sequence[str], kind: str) -> dict[str, float]:
        raw = self.raw[field]
        if not isinstance(raw, dict) or not raw:
            self.fail(
                field,
                f"expected a non-empty mapping key: weight, got {raw!r}",
                "write e.g. {" + f"{valid[0]}: 0.6, {valid[-1]}: 0.4" + "}",
            )
        for key, weight in raw.items():
            if key not in valid:
                self.fail(
                    field,
                    f"unknown key {key!r}{_close(str(key), valid)}",
                    f"use one of the valid {kind}: {', '.join(valid)}",
                )
            if not _is_number(weight):
                self.fail(
                    field,
                    f"weight of {key} is {weight!r}, not a finite number",
                    "give a number between 0 and 1",
                )
            if weight < 0:
                self.fail(
                    field,
                    f"negative weight {weight!r} for {key}",
                    "weights are shares: use values >= 0 that sum to 1",
                )
        total = math.fsum(raw.values())
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            self.fail(
                field,
                f"weights sum to {total:.12g}, not 1",
                f"rescale them so they sum to 1 (within {WEIGHT_TOLERANCE:g})",
            )
        return {str(k): float(w) for k, w in raw.items()}

    def exclusions(self) -> list[tuple[str, str, float, str]]:
        raw = self.raw.get("exclusions")
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.fail(
                "exclusions",
                f"expected a list, got {raw!r}",
                "write '- {indicator: ..., below: ..., reason: ...}' items",
            )
        out = []
        for item in raw:
            if not isinstance(item, dict):
                self.fail(
                    "exclusions",
                    f"expected a mapping, got {item!r}",
                    "write {indicator: ..., below: ..., reason: ...}",
                )
            indicator = item.get("indicator")
            if indicator not in RAW_INDICATORS:
                self.fail(
                    "exclusions",
                    f"unknown indicator {indicator!r}"
                    f"{_close(str(indicator), list(RAW_INDICATORS))}",
                    f"use one of {', '.join(RAW_INDICATORS)}",
                )
            unknown = [str(k) for k in item if k not in ("indicator", "reason", *_EXCLUSION_OPS)]
            ops = [k for k in _EXCLUSION_OPS if k in item]
            if unknown or len(ops) != 1:
                what = (
                    f"unknown op {', '.join(map(repr, unknown))}" if unknown else f"{len(ops)} ops"
                )
                self.fail(
                    "exclusions",
                    f"{what} in the exclusion on {indicator}",
                    "give exactly one of 'below' or 'above' with a threshold",
                )
            threshold = item[ops[0]]
            if not _is_number(threshold):
                self.fail(
                    "exclusions",
                    f"threshold {threshold!r} for {indicator} is not a finite number",
                    f"give a number in {RAW_INDICATORS[indicator]}",
                )
            reason = item.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                self.fail(
                    "exclusions",
                    f"the exclusion on {indicator} has no reason",
                    "add reason: naming the public source of the hard limit",
                )
            out.append((indicator, ops[0], float(threshold), reason))
        return out

    def intensity(self) -> dict[str, str]:
        raw = self.raw["intensity"]
        if not isinstance(raw, dict):
            self.fail(
                "intensity",
                f"expected a mapping, got {raw!r}",
                "write {water: low, energy: medium, carbon: high}",
            )
        for key in [*_INTENSITY_KEYS, *raw]:
            if key not in _INTENSITY_KEYS:
                self.fail(
                    "intensity", f"unknown key {key!r}", f"use exactly {', '.join(_INTENSITY_KEYS)}"
                )
            if key not in raw:
                self.fail(
                    "intensity", f"missing key {key!r}", f"give all of {', '.join(_INTENSITY_KEYS)}"
                )
            if raw[key] not in INTENSITY_LEVELS:
                self.fail(
                    "intensity",
                    f"unknown level {raw[key]!r} for {key}",
                    f"use one of {', '.join(INTENSITY_LEVELS)}",
                )
        return {f"{k}_intensity": raw[k] for k in _INTENSITY_KEYS}

    def sources(self) -> dict[str, str]:
        raw = self.raw["sources"]
        if not isinstance(raw, dict):
            self.fail(
                "sources",
                f"expected a mapping of lines, got {raw!r}",
                f"give one line each for {', '.join(_SOURCES_REQUIRED)}",
            )
        missing = [k for k in _SOURCES_REQUIRED if k not in raw]
        if missing:
            self.fail(
                "sources",
                f"missing line(s) {', '.join(missing)}",
                "name the public document behind each claim (or say 'expert judgement, "
                "based on ...')",
            )
        for key, line in raw.items():
            if not isinstance(key, str) or not isinstance(line, str) or not line.strip():
                self.fail(
                    "sources",
                    f"line {key!r} is {line!r}, not non-empty text",
                    "write the source as text",
                )
        return {f"source_{k}": v for k, v in raw.items()}


def _upgrades(raw: Any, valid: Sequence[str], source: str) -> pd.DataFrame:
    """The ``traditional_upgrades`` mapping as a table sorted by activity id."""
    if not isinstance(raw, dict):
        raise InputError(
            f"catalogue {source}: 'traditional_upgrades' must be a mapping "
            f"activity: {{direction_en, direction_zh, source}}; got {raw!r}. "
            "Fix: write e.g. S14: {direction_en: ..., direction_zh: ..., source: ...}."
        )
    rows = []
    for key in sorted(raw, key=str):
        entry = raw[key]
        where = f"catalogue {source}: traditional_upgrades, activity {key!r}"
        if key not in valid:
            raise InputError(
                f"{where}: unknown activity{_close(str(key), valid)}. Fix: use one "
                f"of the activity ids {', '.join(valid)}."
            )
        if not isinstance(entry, dict):
            raise InputError(
                f"{where}: expected a mapping, got {entry!r}. Fix: give "
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
