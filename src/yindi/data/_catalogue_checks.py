"""Schema of one ``industries`` entry of a strategic-industry catalogue, and its validator.

Private helper of :mod:`yindi.data.catalogue`: the stages, intensity levels and weight tolerance
a catalogue may use (re-exported there as :data:`~yindi.data.catalogue.STAGES`,
:data:`~yindi.data.catalogue.INTENSITY_LEVELS` and :data:`~yindi.data.catalogue.WEIGHT_TOLERANCE`),
the fields an industry must and may have, and :class:`_Industry`, which checks one entry so that
every rejection names the industry, the field, the offending value and the fix.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from typing import Any, NoReturn

from yindi.data.config import quote
from yindi.data.endowments import RAW_INDICATORS
from yindi.errors import InputError

#: Numeric reading of the intensity levels, used by later stages (low < medium < high, high = 1).
INTENSITY_LEVELS: dict[str, float] = {"low": 1 / 3, "medium": 2 / 3, "high": 1.0}
#: Industry stages a catalogue may use: strategic emerging (战略性新兴) and future (未来) industries.
STAGES: tuple[str, ...] = ("emerging", "future")
#: Largest accepted ``|sum(weights) - 1|`` for ``base_sectors`` and ``requirements``.
WEIGHT_TOLERANCE = 1e-9

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
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


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
                f"expected a mapping of fields, got {quote(raw)}",
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
                f"{quote(iid)} is not a snake_case id",
                "use lower-case letters, digits and '_', starting with a letter",
            )
        return iid

    def _text(self, field: str) -> str:
        value = self.raw[field]
        if not isinstance(value, str) or not value.strip():
            self.fail(field, f"expected non-empty text, got {quote(value)}", "write the name")
        return value

    def scalars(self) -> dict[str, Any]:
        stage, value = self.raw["stage"], self.raw["national_value"]
        if stage not in STAGES:
            self.fail("stage", f"unknown stage {quote(stage)}", f"use one of {', '.join(STAGES)}")
        if not _is_number(value) or not 0 <= value <= 1:
            self.fail(
                "national_value",
                f"{quote(value)} is not a number in [0, 1]",
                "give a share between 0 and 1 and document its basis in sources",
            )
        # Optional: how much the industry's location depends on endowments rather than on
        # related capabilities (share of endowment fit in feasibility); NaN = the plan default.
        share = self.raw.get("endowment_weight", float("nan"))
        if "endowment_weight" in self.raw and (not _is_number(share) or not 0 <= share <= 1):
            self.fail(
                "endowment_weight",
                f"{quote(share)} is not a number in [0, 1]",
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
                f"expected a non-empty mapping key: weight, got {quote(raw)}",
                "write e.g. {" + f"{valid[0]}: 0.6, {valid[-1]}: 0.4" + "}",
            )
        for key, weight in raw.items():
            if key not in valid:
                self.fail(
                    field,
                    f"unknown key {quote(key)}{_close(str(key), valid)}",
                    f"use one of the valid {kind}: {', '.join(valid)}",
                )
            if not _is_number(weight):
                self.fail(
                    field,
                    f"weight of {key} is {quote(weight)}, not a finite number",
                    "give a number between 0 and 1",
                )
            if weight < 0:
                self.fail(
                    field,
                    f"negative weight {quote(weight)} for {key}",
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

    def exclusions(self) -> list[tuple[str, str, float, str, str]]:
        raw = self.raw.get("exclusions")
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.fail(
                "exclusions",
                f"expected a list, got {quote(raw)}",
                "write '- {indicator: ..., below: ..., reason: ...}' items",
            )
        out = []
        for item in raw:
            if not isinstance(item, dict):
                self.fail(
                    "exclusions",
                    f"expected a mapping, got {quote(item)}",
                    "write {indicator: ..., below: ..., reason: ...}",
                )
            indicator = item.get("indicator")
            if indicator not in RAW_INDICATORS:
                self.fail(
                    "exclusions",
                    f"unknown indicator {quote(indicator)}"
                    f"{_close(str(indicator), list(RAW_INDICATORS))}",
                    f"use one of {', '.join(RAW_INDICATORS)}",
                )
            unknown = [
                str(k)
                for k in item
                if k not in ("indicator", "reason", "reason_zh", *_EXCLUSION_OPS)
            ]
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
                    f"threshold {quote(threshold)} for {indicator} is not a finite number",
                    f"give a number in {RAW_INDICATORS[indicator]}",
                )
            reason = item.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                self.fail(
                    "exclusions",
                    f"the exclusion on {indicator} has no reason",
                    "add reason: naming the public source of the hard limit",
                )
            # Optional: the reason in Chinese, for the report's Chinese sentences ("" = none).
            reason_zh = item.get("reason_zh", "")
            if not isinstance(reason_zh, str) or ("reason_zh" in item and not reason_zh.strip()):
                self.fail(
                    "exclusions",
                    f"reason_zh of the exclusion on {indicator} is {quote(reason_zh)}",
                    "write the reason in Chinese as text, or leave reason_zh out",
                )
            out.append((indicator, ops[0], float(threshold), reason, reason_zh))
        return out

    def intensity(self) -> dict[str, str]:
        raw = self.raw["intensity"]
        if not isinstance(raw, dict):
            self.fail(
                "intensity",
                f"expected a mapping, got {quote(raw)}",
                "write {water: low, energy: medium, carbon: high}",
            )
        for key in [*_INTENSITY_KEYS, *raw]:
            if key not in _INTENSITY_KEYS:
                self.fail(
                    "intensity", f"unknown key {quote(key)}", f"use exactly {', '.join(_INTENSITY_KEYS)}"
                )
            if key not in raw:
                self.fail(
                    "intensity", f"missing key {quote(key)}", f"give all of {', '.join(_INTENSITY_KEYS)}"
                )
            if raw[key] not in INTENSITY_LEVELS:
                self.fail(
                    "intensity",
                    f"unknown level {quote(raw[key])} for {key}",
                    f"use one of {', '.join(INTENSITY_LEVELS)}",
                )
        return {f"{k}_intensity": raw[k] for k in _INTENSITY_KEYS}

    def sources(self) -> dict[str, str]:
        raw = self.raw["sources"]
        if not isinstance(raw, dict):
            self.fail(
                "sources",
                f"expected a mapping of lines, got {quote(raw)}",
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
                    f"line {quote(key)} is {quote(line)}, not non-empty text",
                    "write the source as text",
                )
        return {f"source_{k}": v for k, v in raw.items()}
