"""Technology scenarios: what changes when a technology frees a resource or cheapens another.

A scenario is a YAML file::

    name: Gansu river-basin digital twin
    name_zh: 甘肃流域数字孪生
    source: "..."                       # where the claim comes from
    resources:                          # add to a region's resource, in the resource's unit
      Gansu: {water: 2.775e9}           # m3
    scale:                              # multiply the resource of every region of a group
      West: {energy: 1.3}               # macro-region (or country) -> resource -> factor
    config: {...}                       # optional sections of the coordinate config

:func:`apply_scenario` returns the changed resource quantities and config; the stage solves
again and lists the allocations gained and lost.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from yindi.data.config import load_yaml
from yindi.errors import InputError
from yindi.stages.coordinate._config import RESOURCES, CoordinateConfig, changed

__all__ = ["SHIPPED_SCENARIOS", "Scenario", "apply_scenario"]

#: The scenarios shipped with the package (``yindi coordinate --scenario gansu_water``).
SHIPPED_SCENARIOS = files("yindi.datasets") / "catalogues" / "scenarios"


@dataclass(frozen=True)
class Scenario:
    name: str
    name_zh: str = ""
    source: str = ""
    resources: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    scale: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    config: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Scenario:
        """Read a scenario file, or a shipped one by name (``gansu_water``, ``clean_power``)."""
        target: Any = Path(path)
        if not target.exists() and SHIPPED_SCENARIOS.joinpath(f"{path}.yaml").is_file():
            target = SHIPPED_SCENARIOS.joinpath(f"{path}.yaml")
        what = f"scenario {path}"
        doc, _ = load_yaml(target, what=what)
        if not isinstance(doc, dict) or not isinstance(doc.get("name"), str):
            raise InputError(f"{what}: expected a mapping with a 'name'")
        unknown = sorted(set(doc) - {"name", "name_zh", "source", "resources", "scale", "config"})
        if unknown:
            raise InputError(f"{what}: unknown keys {unknown}")
        for key in ("resources", "scale"):
            for place, change in (doc.get(key) or {}).items():
                if not isinstance(change, dict):
                    raise InputError(f"{what}: {key}.{place} must map resources to numbers")
                for resource, amount in change.items():
                    if resource not in RESOURCES:
                        raise InputError(
                            f"{what}: {key}.{place}: unknown resource {resource!r}; use "
                            f"{', '.join(RESOURCES)}"
                        )
                    if isinstance(amount, bool) or not isinstance(amount, int | float):
                        raise InputError(f"{what}: {key}.{place}.{resource} is not a number")
        return cls(
            name=doc["name"],
            name_zh=str(doc.get("name_zh", "")),
            source=str(doc.get("source", "")),
            resources=doc.get("resources") or {},
            scale=doc.get("scale") or {},
            config=doc.get("config") or {},
        )

    def why_unchanged(self, constraints: pd.DataFrame, members: set[str]) -> str:
        """Why the allocation did not move, read from the base solution's constraints."""
        resources = {
            k for change in (*self.resources.values(), *self.scale.values()) for k in change
        }
        rows = constraints[
            (constraints["family"] == "budgets")
            & constraints["region"].astype(str).isin(members)
            & constraints["resource"].astype(str).isin(resources)
        ]
        binding = rows[rows["binding"]]
        if binding.empty:
            return (
                f"the {', '.join(sorted(resources))} budgets of {', '.join(sorted(members))} had "
                "room left in the base allocation, so more of it attracts no further hub; other "
                "limits (hubs per industry, items per region, better-placed regions) decide"
            )
        return (
            f"{', '.join(binding['name'].astype(str))} bound, but the extra room does not make "
            "a better allocation possible under the other limits"
        )


def apply_scenario(
    scenario: Scenario,
    quantities: pd.DataFrame,
    config: CoordinateConfig,
    regions: pd.DataFrame,
) -> tuple[pd.DataFrame, CoordinateConfig]:
    """The resource quantities and config of the scenario."""
    q = quantities.copy()
    for region, change in scenario.resources.items():
        if region not in q.index:
            raise InputError(
                f"scenario {scenario.name!r}: region {region!r} is not in the plan; regions: "
                f"{', '.join(map(str, q.index[:10]))}, ..."
            )
        for resource, amount in change.items():
            q.loc[region, resource] = q.loc[region, resource] + float(amount)
    meta = regions.astype({"region": str}).set_index("region")
    group = meta["macro_region"] if "macro_region" in meta else meta.get("country")
    for place, change in scenario.scale.items():
        members = [] if group is None else group[group == place].index
        if not len(members):
            raise InputError(f"scenario {scenario.name!r}: no region in group {place!r}")
        for resource, factor in change.items():
            q.loc[q.index.isin(members), resource] *= float(factor)
    cfg = config
    if scenario.config:
        cfg = changed(
            config, dict(scenario.config), what=f"scenario {scenario.name!r}", source=scenario.name
        )
    return q, cfg
