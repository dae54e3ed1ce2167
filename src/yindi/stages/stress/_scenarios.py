"""Stress scenarios as YAML data: shock type, target, size, duration and the source of the size.

A scenario file::

    name: 20 % fall in export demand
    name_zh: 出口需求下降20%
    source: >-                     # required: where the size comes from (or "what-if: ...")
      GAC: exports fell 16.0 % in 2009 ...
    type: final_demand             # final_demand | import_cut | output_disruption | extraction
    target:                        # all optional; default: every region and sector
      regions: [Sichuan]           # producing (or, for import_cut, using) regions
      sectors: [S02]               # producing (using) sectors
      categories: [exports]        # final_demand: exports | domestic | a final-demand column
      goods: [S20]                 # import_cut: the imported goods cut (required)
    size: 0.2                      # share in (0, 1]
    duration: 1                    # years the shock lasts (losses are summed over it)
    recovery_months: 12            # output_disruption: months to recover to 1 % (default
                                   # duration x 12)

The shipped scenarios (``yindi stress --scenario export_fall``) are in
``yindi/datasets/catalogues/stress/``. Every problem names the file, the line and the field,
and says how to fix it (:class:`~yindi.errors.InputError`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from yindi.data.config import load_yaml, quote
from yindi.errors import InputError

__all__ = [
    "BUILTIN",
    "CATEGORY_WORDS",
    "SHIPPED_STRESS",
    "SHOCKS",
    "StressScenario",
    "builtin_scenarios",
    "check_labels",
    "load_scenario",
]

#: The shipped scenarios, in the order they run by default.
SHIPPED_STRESS = files("yindi.datasets") / "catalogues" / "stress"
BUILTIN = ("chip_imports", "sichuan_earthquake", "export_fall", "shanxi_coal")
SHOCKS = ("final_demand", "import_cut", "output_disruption", "extraction")
#: Words for groups of final-demand categories (besides the table's own column names).
CATEGORY_WORDS = ("exports", "domestic", "all")
_KEYS = (
    "name",
    "name_zh",
    "source",
    "type",
    "target",
    "size",
    "duration",
    "recovery_months",
)
_TARGETS = ("regions", "sectors", "categories", "goods")


@dataclass(frozen=True)
class StressScenario:
    """One shock (see the module docstring for the fields).

    ``lines`` maps each field (``"size"``, ``"target.regions"``) to its line in the file, so a
    problem found later (a region the table lacks) can still name the line; ``file`` is where
    the scenario was read from.
    """

    name: str
    type: str
    size: float
    source: str
    name_zh: str = ""
    regions: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    goods: tuple[str, ...] = ()
    duration: float = 1.0
    recovery_months: float | None = None
    file: str = ""
    lines: Mapping[str, int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """``scenario FILE, line N (key)`` for messages."""
        line = self.lines.get(key)
        at = f", line {line}" if line else ""
        return f"scenario {self.file or self.name}{at} ({key})"

    def record(self) -> dict[str, Any]:
        """The scenario as plain data (provenance and the ``scenarios`` table)."""
        return {
            "name": self.name,
            "name_zh": self.name_zh,
            "type": self.type,
            "regions": list(self.regions),
            "sectors": list(self.sectors),
            "categories": list(self.categories),
            "goods": list(self.goods),
            "size": self.size,
            "duration": self.duration,
            "recovery_months": self.recovery_months,
            "source": self.source,
            "file": self.file,
        }


def _key_lines(text: str) -> dict[str, int]:
    """Line (1-based) of each mapping key, as dotted paths (``target.regions``)."""
    out: dict[str, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # load_yaml has already reported the problem
        return out

    def walk(n: Any, prefix: str) -> None:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                name = f"{prefix}{k.value}"
                out[name] = k.start_mark.line + 1
                walk(v, name + ".")

    walk(node, "")
    return out


def _resolve(path: str | os.PathLike[str]) -> tuple[Path | Traversable, str]:
    """The file and how to name it in messages (shipped scenarios by their name)."""
    target = Path(path)
    if target.exists():
        return target, str(path)
    shipped = SHIPPED_STRESS.joinpath(f"{path}.yaml")
    if shipped.is_file():
        return shipped, f"{path} (shipped)"
    names = ", ".join(BUILTIN)
    raise InputError(
        f"scenario {path}: no such file, and not a shipped scenario; give the path of a YAML "
        f"file or one of: {names}"
    )


def _words(value: Any, key: str, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str | int) and not isinstance(value, bool) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str | int) for v in items):
        raise InputError(
            f"{where}: {key} must be a label or a list of labels, e.g. [Sichuan] or [S02]; got "
            f"{quote(value)}"
        )
    return tuple(str(v) for v in items)


def _share(value: Any, key: str, where: str, *, upper: float | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InputError(f"{where}: {key} must be a number; got {quote(value)}")
    x = float(value)
    if x <= 0 or (upper is not None and x > upper):
        span = f"in (0, {upper:g}]" if upper is not None else "above 0"
        hint = " (a share: 0.2 means 20 %)" if upper == 1 else ""
        raise InputError(f"{where}: {key} = {x:g} must be {span}{hint}")
    return x


def load_scenario(path: str | os.PathLike[str]) -> StressScenario:
    """Read and check one scenario file, or a shipped one by name (``export_fall``)."""
    found, label = _resolve(path)
    doc, encoding = load_yaml(found, what=f"scenario {label}")
    lines = _key_lines(found.read_bytes().decode(encoding))

    def at(key: str) -> str:
        line = lines.get(key)
        return f"scenario {label}" + (f", line {line}" if line else "") + f" ({key})"

    if not isinstance(doc, dict):
        raise InputError(
            f"scenario {label}: expected a mapping with name, source, type, size; got "
            f"{type(doc).__name__}"
        )
    unknown = sorted(set(map(str, doc)) - set(_KEYS))
    if unknown:
        raise InputError(
            f"{at(unknown[0])}: unknown key {unknown[0]!r}; the keys are {', '.join(_KEYS)}"
        )
    for key in ("name", "source", "type", "size"):
        if key not in doc:
            fix = {
                "name": "give the scenario a name",
                "source": "say where the size comes from (a publication, a statistic), or write "
                "'what-if: ...' when it is an assumption",
                "type": f"use one of {', '.join(SHOCKS)}",
                "size": "give the share of the target hit, e.g. size: 0.2",
            }[key]
            raise InputError(f"scenario {label}: missing key {key!r}: {fix}")
    for key in ("name", "name_zh", "source"):
        if key in doc and (not isinstance(doc[key], str) or not doc[key].strip()):
            raise InputError(f"{at(key)}: {key} must be non-empty text")
    shock = doc["type"]
    if shock not in SHOCKS:
        raise InputError(
            f"{at('type')}: unknown shock type {quote(shock)}; use {', '.join(SHOCKS)}"
        )
    raw_target = doc.get("target") or {}
    if not isinstance(raw_target, dict):
        raise InputError(f"{at('target')}: target must be a mapping of {', '.join(_TARGETS)}")
    bad = sorted(set(map(str, raw_target)) - set(_TARGETS))
    if bad:
        raise InputError(
            f"{at('target.' + bad[0])}: unknown target {bad[0]!r}; use {', '.join(_TARGETS)}"
        )
    target = {k: _words(v, k, at(f"target.{k}")) for k, v in raw_target.items()}
    allowed = {
        "final_demand": {"regions", "sectors", "categories"},
        "import_cut": {"regions", "sectors", "goods"},
        "output_disruption": {"regions", "sectors"},
        "extraction": {"regions", "sectors"},
    }[shock]
    for key in target:
        if key not in allowed:
            raise InputError(
                f"{at('target.' + key)}: a {shock} shock has no target {key!r}; it takes "
                f"{', '.join(sorted(allowed))}"
            )
    if shock == "import_cut" and "goods" not in target:
        raise InputError(
            f"{at('target')}: an import_cut needs target.goods, the imported goods that are cut "
            "(e.g. goods: [S20])"
        )
    size = _share(doc["size"], "size", at("size"), upper=1.0)
    duration = _share(doc.get("duration", 1), "duration", at("duration"), upper=None)
    recovery = doc.get("recovery_months")
    if recovery is not None:
        if shock != "output_disruption":
            raise InputError(
                f"{at('recovery_months')}: recovery_months applies to output_disruption only"
            )
        recovery = _share(recovery, "recovery_months", at("recovery_months"), upper=None)
    return StressScenario(
        name=doc["name"].strip(),
        name_zh=str(doc.get("name_zh", "")).strip(),
        source=" ".join(doc["source"].split()),
        type=shock,
        size=size,
        regions=target.get("regions", ()),
        sectors=target.get("sectors", ()),
        categories=target.get("categories", ()),
        goods=target.get("goods", ()),
        duration=duration,
        recovery_months=recovery,
        file=label,
        lines=lines,
    )


def builtin_scenarios() -> list[StressScenario]:
    """The four shipped scenarios, in :data:`BUILTIN` order."""
    return [load_scenario(name) for name in BUILTIN]


def check_labels(
    scenario: StressScenario,
    key: str,
    wanted: Sequence[str],
    known: Sequence[str],
    what: str,
) -> None:
    """Every label of ``scenario.<key>`` must be one of ``known``; else name the line."""
    missing = [w for w in wanted if w not in set(known)]
    if missing:
        shown = ", ".join(list(map(str, known))[:12]) + (" ..." if len(known) > 12 else "")
        raise InputError(
            f"{scenario.where('target.' + key)}: {what} {missing[0]!r} is not in the table; "
            f"use its labels: {shown}"
        )
