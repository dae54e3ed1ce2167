"""A stored run read back: the plan's tables and options, and the coordination.

:class:`StoredPlan` is not a :class:`~yindi.stages.plan.PlanResult` (the diagnosis object
and the catalogue file are not stored): it holds the plan's tables, the frames the
coordinate stage and the dashboard read (regions, activities, the catalogue's industries,
upgrades and exclusions) and the plan's year, options and inputs. That is what
:func:`yindi.coordinate` reads, so a stored plan is coordinated again without running the plan
(``tests/store`` checks that the allocation is the one the live plan gives). Tables are handed
out as fresh frames, as every result's are.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from yindi.stages.coordinate import CoordinateResult
from yindi.store._files import RunInfo

__all__ = ["STATE_FRAMES", "StoredCatalogue", "StoredPlan", "StoredRun", "coordination_from"]

#: state/<name>.parquet -> (attribute of the plan, attribute of that) it is read from.
STATE_FRAMES: dict[str, tuple[str, str | None]] = {
    "regions": ("regions", None),
    "activities": ("activities", None),
    "catalogue_industries": ("catalogue", "industries"),
    "catalogue_upgrades": ("catalogue", "upgrades"),
    "catalogue_exclusions": ("catalogue", "exclusions"),
}


def _fresh(frames: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    frame = frames.get(name)
    return pd.DataFrame() if frame is None else frame.copy()


@dataclass(frozen=True)
class StoredCatalogue:
    """The catalogue tables a stored plan keeps."""

    frames: Mapping[str, pd.DataFrame] = field(repr=False)
    source: str = ""

    @property
    def industries(self) -> pd.DataFrame:
        return _fresh(self.frames, "industries")

    @property
    def upgrades(self) -> pd.DataFrame:
        return _fresh(self.frames, "upgrades")

    @property
    def exclusions(self) -> pd.DataFrame:
        return _fresh(self.frames, "exclusions")


@dataclass(frozen=True)
class StoredPlan:
    """A plan as stored: its tables, year, options and inputs (see the module docstring)."""

    year: int
    options: Mapping[str, Any]
    inputs: Mapping[str, Any]
    record: Mapping[str, Any] = field(repr=False)
    frames: Mapping[str, pd.DataFrame] = field(repr=False)
    state: Mapping[str, pd.DataFrame] = field(repr=False)
    catalogue: StoredCatalogue = field(repr=False)
    boundaries: Mapping[str, Any] | None = field(default=None, repr=False)
    #: not stored: the dashboard shows no NQPF section; the translator does without it.
    productivity: None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every stored table of the plan, name -> fresh DataFrame."""
        return {name: frame.copy() for name, frame in self.frames.items()}

    @property
    def provenance(self) -> dict[str, Any]:
        """The provenance record the plan was saved with."""
        return json.loads(json.dumps(self.record))

    def __getattr__(self, name: str) -> pd.DataFrame:
        # types, paths, opportunities, endowments, standing, duplication, ...: the tables.
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name].copy()
        state = self.__dict__.get("state", {})
        if name in state:
            return state[name].copy()
        raise AttributeError(f"stored plan has no table {name!r}")


def coordination_from(
    tables: Mapping[str, pd.DataFrame], record: Mapping[str, Any] | None
) -> CoordinateResult | None:
    """The coordination saved with a run (tables ``coordinate_<name>``), or None."""
    if record is None:
        return None
    names = CoordinateResult._tables
    return CoordinateResult(
        **{name: _fresh(tables, f"coordinate_{name}") for name in names},
        solve=dict(record.get("solve", {})),
        options=dict(record.get("options", {})),
        inputs=dict(record.get("inputs", {})),
    )


@dataclass(frozen=True)
class StoredRun:
    """One run read back from a store (:meth:`yindi.store.Store.load`)."""

    info: RunInfo
    path: Path
    plan: StoredPlan
    coordination: CoordinateResult | None
    files: tuple[str, ...] = ()
    #: tables of later stages saved with ``also`` (``stress_losses``, ...), as written.
    later: Mapping[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table as ``yindi plan --out`` writes it: the plan's, the coordination's
        (``coordinate_<name>``) and the later stages' (``<prefix><name>``)."""
        out = self.plan.tables()
        if self.coordination is not None:
            out |= {f"coordinate_{k}": v for k, v in self.coordination.tables().items()}
        out |= {k: v.copy() for k, v in self.later.items()}
        return out

    def file(self, name: str) -> bytes:
        """An extra file saved with the run (``report.html``, a brief)."""
        if name not in self.files:
            raise KeyError(f"run {self.info.run_id} has no file {name!r}; it has {self.files}")
        return (self.path / "files" / name).read_bytes()
