"""What the dashboard keeps between reruns and sessions (Streamlit caches).

A stored run is read and checked once per server (keyed by its checksum, so a changed run is
read again); a coordination solved again is kept per settings; the embedded plan (the ~10 s
main job) once per measure. Every cached object is an immutable result, so sessions can share
it. Presentation only: each function calls a stage or the store, never computes itself.
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from typing import Any

import streamlit as st

from yindi.app._export import excel_bytes
from yindi.store import Store, StoredRun

__all__ = [
    "comparison",
    "embedded_plan",
    "embedded_productivity",
    "load_run",
    "open_store",
    "resolve",
    "shapes",
    "stressed",
    "workbook",
]


@st.cache_resource(show_spinner=False)
def open_store(root: str) -> Store:
    return Store(root)


@st.cache_resource(show_spinner=False, max_entries=8)
def load_run(root: str, run_id: str, checksum: str) -> StoredRun:
    """A run read back and checked against its checksum (``checksum`` keys the cache)."""
    return open_store(root).load(run_id)


@st.cache_resource(show_spinner=False, max_entries=32)
def resolve(
    root: str, run_id: str, checksum: str, settings: str, scenarios: tuple[str, ...]
) -> tuple[Any, tuple[str, ...]]:
    """The run's plan coordinated again with ``settings`` (JSON of every config field) and the
    shipped ``scenarios``; returns the result and the warnings it raised."""
    import yindi
    from yindi.stages.coordinate import CoordinateConfig

    run = load_run(root, run_id, checksum)
    known = {f.name for f in dataclasses.fields(CoordinateConfig)}
    config = CoordinateConfig(**{k: v for k, v in json.loads(settings).items() if k in known})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = yindi.coordinate(run.plan, config=config, scenarios=scenarios)
    return result, tuple(dict.fromkeys(str(w.message) for w in caught))


@st.cache_resource(show_spinner=False, max_entries=3)
def embedded_plan(measure: str) -> tuple[Any, tuple[str, ...]]:
    """The main job on the embedded China data (computed once per measure and server)."""
    import yindi

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = yindi.plan(measure=measure)
    return result, tuple(dict.fromkeys(str(w.message) for w in caught))


@st.cache_resource(show_spinner=False, max_entries=8)
def shapes(root: str, run_id: str, checksum: str) -> list[Any] | None:
    """The run's region outlines for the maps (None without boundaries)."""
    from yindi.report._maps import region_shapes

    boundaries = load_run(root, run_id, checksum).plan.boundaries
    return None if boundaries is None else region_shapes(boundaries)


@st.cache_data(show_spinner=False, max_entries=8)
def workbook(root: str, run_id: str, checksum: str) -> bytes:
    """Every table of a run in one Excel workbook (formulas neutralised)."""
    return excel_bytes(load_run(root, run_id, checksum).tables())


@st.cache_resource(show_spinner=False, max_entries=8)
def comparison(root: str, a: str, checksum_a: str, b: str, checksum_b: str) -> Any:
    """Runs ``a`` and ``b`` compared (:func:`yindi.store.compare_runs`; B minus A)."""
    from yindi.store import compare_runs

    return compare_runs(load_run(root, a, checksum_a), load_run(root, b, checksum_b))


@st.cache_resource(show_spinner=False, max_entries=4)
def stressed(root: str, run_id: str, checksum: str) -> tuple[Any, tuple[str, ...]]:
    """The shipped stress scenarios on the run's coordination (the stress stage, embedded
    table); returns the result and the warnings it raised."""
    from yindi.stages.stress import stress

    run = load_run(root, run_id, checksum)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = stress(coordination=run.coordination)
    return result, tuple(dict.fromkeys(str(w.message) for w in caught))


@st.cache_resource(show_spinner=False, max_entries=1)
def embedded_productivity() -> Any:
    """The productivity stage on the embedded data (NQPF index, DEA, gaps), once per server."""
    import yindi

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its notes carry what the warnings say
        return yindi.productivity()
