"""Settings of the national allocation: a validated YAML file with documented defaults.

The shipped defaults are ``yindi/datasets/catalogues/coordinate.yaml``; ``--config FILE`` (or
``load_coordinate_config(path)``) replaces any part of them. Every number is an option of the
registry (``yindi._options``), checked when the config is built.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from importlib.resources import files
from typing import Any

from yindi._options import Interval, check, register
from yindi.data.config import load_yaml
from yindi.errors import InputError

__all__ = ["DEFAULT_CONFIG", "FAMILIES", "CoordinateConfig", "changed", "load_coordinate_config"]

DEFAULT_CONFIG = files("yindi.datasets") / "catalogues" / "coordinate.yaml"

#: The constraint families, each switchable.
FAMILIES = ("hubs", "budgets", "participation", "redundancy", "tiers", "national")
RESOURCES = ("water", "energy", "carbon")
LEVELS = ("low", "medium", "high")

register("hub_share", Interval(0, 1, closed="right", example=0.25))
register("future_share", Interval(0, 1, closed="right", example=0.1))
register("participation_min", Interval(0, None, integer=True, example=1))
register("participation_max", Interval(1, None, integer=True, example=3))
register("future_max", Interval(0, None, integer=True, example=1))
register("min_groups", Interval(0, None, integer=True, example=2))
register("value_floor", Interval(0, 1, example=1.0))
register("budget_base", Interval(0, None, closed="neither", example=6))
register("budget_floor", Interval(0, None, example=0.25))
register("budget_cap", Interval(0, None, closed="neither", example=4.0))
register("time_limit", Interval(0, None, closed="neither", example=60))
register("mip_rel_gap", Interval(0, 1, example=1e-4))


@dataclass(frozen=True)
class CoordinateConfig:
    """The allocation's settings (YAML sections in brackets; see ``docs/coordinate.md``)."""

    families: Mapping[str, bool] = field(default_factory=lambda: dict.fromkeys(FAMILIES, True))
    hub_share: float = 0.25  # [hubs] share
    future_share: float = 0.1  # [hubs] future_share: future industries concentrate their R&D
    hub_overrides: Mapping[str, int] = field(default_factory=dict)
    participation_min: int = 1
    participation_max: int = 3
    future_max: int = 1  # [participation] future_max
    min_groups: int = 2  # [redundancy]
    value_floor: float = 1.0
    redundancy_overrides: Mapping[str, int] = field(default_factory=dict)
    innovation_threshold: float = 0.5  # [tiers]
    budget_units: Mapping[str, float] = field(
        default_factory=lambda: {"low": 1.0, "medium": 2.0, "high": 4.0}
    )
    budget_base: float = 8.0
    budget_floor: float = 0.5
    budget_cap: float = 4.0
    national_budgets: Mapping[str, float] = field(default_factory=dict)
    time_limit: float = 60.0  # [solver]
    mip_rel_gap: float = 0.0
    source: str = "yindi default"

    def __post_init__(self) -> None:
        check(
            hub_share=self.hub_share,
            future_share=self.future_share,
            participation_min=self.participation_min,
            participation_max=self.participation_max,
            future_max=self.future_max,
            min_groups=self.min_groups,
            value_floor=self.value_floor,
            innovation_threshold=self.innovation_threshold,
            budget_base=self.budget_base,
            budget_floor=self.budget_floor,
            budget_cap=self.budget_cap,
            time_limit=self.time_limit,
            mip_rel_gap=self.mip_rel_gap,
        )
        unknown = sorted(set(self.families) - set(FAMILIES))
        if unknown:
            raise InputError(f"families: unknown {unknown}; the families are {', '.join(FAMILIES)}")
        if self.participation_min > self.participation_max:
            raise InputError(
                f"participation: min {self.participation_min} is above max "
                f"{self.participation_max}; lower min or raise max"
            )
        if self.budget_floor > self.budget_cap:
            raise InputError(f"budgets: floor {self.budget_floor} is above cap {self.budget_cap}")
        for name, table, keys in (
            ("budgets.units", self.budget_units, LEVELS),
            ("national", self.national_budgets, RESOURCES),
        ):
            for key, value in table.items():
                if key not in keys:
                    raise InputError(f"{name}: unknown key {key!r}; use {', '.join(keys)}")
                if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                    raise InputError(f"{name}.{key}: {value!r} is not a number >= 0")
        for name, table in (
            ("hubs.overrides", self.hub_overrides),
            ("redundancy.overrides", self.redundancy_overrides),
        ):
            for key, value in table.items():
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise InputError(f"{name}.{key}: {value!r} is not a whole number >= 0")

    def on(self, family: str) -> bool:
        return bool(self.families.get(family, True))

    def record(self) -> dict[str, Any]:
        """The settings for the provenance record."""
        out = asdict(self)
        out["families"] = dict(self.families)
        return out


#: YAML section -> {key: field}.
_SECTIONS: dict[str, dict[str, str]] = {
    "hubs": {"share": "hub_share", "future_share": "future_share", "overrides": "hub_overrides"},
    "participation": {
        "min": "participation_min",
        "max": "participation_max",
        "future_max": "future_max",
    },
    "redundancy": {
        "min_groups": "min_groups",
        "value_floor": "value_floor",
        "overrides": "redundancy_overrides",
    },
    "tiers": {"innovation_threshold": "innovation_threshold"},
    "budgets": {
        "units": "budget_units",
        "base": "budget_base",
        "floor": "budget_floor",
        "cap": "budget_cap",
    },
    "solver": {"time_limit": "time_limit", "mip_rel_gap": "mip_rel_gap"},
}


def _settings(doc: Any, what: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise InputError(f"{what}: expected a mapping of sections ({', '.join(_SECTIONS)})")
    out: dict[str, Any] = {}
    allowed = {"version", "families", "national", *_SECTIONS}
    for key, value in doc.items():
        if key not in allowed:
            raise InputError(f"{what}: unknown section {key!r}; use {', '.join(sorted(allowed))}")
        if key == "version":
            if value != 1:
                raise InputError(f"{what}: version {value!r} is not supported; use version: 1")
        elif key == "families":
            if not isinstance(value, dict) or not all(isinstance(v, bool) for v in value.values()):
                raise InputError(f"{what}: families maps each family to true or false")
            out["families"] = value
        elif key == "national":
            out["national_budgets"] = dict(value or {})
        else:
            if not isinstance(value, dict):
                raise InputError(f"{what}: section {key!r} must be a mapping")
            for sub, item in value.items():
                if sub not in _SECTIONS[key]:
                    raise InputError(
                        f"{what}: unknown key {key}.{sub}; use {', '.join(_SECTIONS[key])}"
                    )
                out[_SECTIONS[key][sub]] = dict(item) if isinstance(item, dict) else item
    return out


def load_coordinate_config(
    path: str | os.PathLike[str] | None = None, *, base: CoordinateConfig | None = None
) -> CoordinateConfig:
    """The shipped defaults, with the sections of ``path`` (YAML) laid over them.

    ``base`` (default: the shipped file) is what the file changes; a scenario uses the plan's
    config as its base.
    """
    if base is None:
        doc, _ = load_yaml(DEFAULT_CONFIG, what="coordinate config (yindi default)")
        base = CoordinateConfig(**_settings(doc, "coordinate config (yindi default)"))
    if path is None:
        return base
    what = f"coordinate config {path}"
    doc, _ = load_yaml(path, what=what)
    return changed(base, doc, what=what, source=str(path))


def changed(base: CoordinateConfig, doc: Any, *, what: str, source: str) -> CoordinateConfig:
    """``base`` with the sections of a parsed YAML document laid over it (checked again)."""
    settings = _settings(doc, what)
    if "families" in settings:
        settings["families"] = {**base.families, **settings["families"]}
    known = {f.name for f in fields(CoordinateConfig)}
    return replace(base, **{k: v for k, v in settings.items() if k in known}, source=source)
