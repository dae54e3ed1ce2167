"""One plan of the embedded data per test session, shared by the store's and the dashboard's
tests as the fixtures ``planned`` and ``china_store`` (imported by their test modules: a
conftest.py in a sub-folder would shadow ``tests/conftest.py`` for ``from conftest import``)."""

from __future__ import annotations

import functools
import warnings
from pathlib import Path
from typing import Any

import pytest


@functools.cache
def _planned() -> tuple[Any, Any]:
    import yindi

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = yindi.plan(with_productivity=False)
        return plan, yindi.coordinate(plan)


@pytest.fixture(scope="session")
def planned() -> tuple[Any, Any]:
    """``yindi.plan`` (without the NQPF stage, which neither the store nor the dashboard
    shows) and ``yindi.coordinate`` on it, computed once per session."""
    return _planned()


@pytest.fixture(scope="session")
def china_store(planned, tmp_path_factory) -> Path:
    """A store with the China plan and its coordination (label "China provinces")."""
    from yindi.store import Store

    plan, coordination = planned
    root = tmp_path_factory.mktemp("app") / "store"
    Store(root).save(plan, coordination=coordination, label="China provinces")
    return root


def save_two_runs(planned: tuple[Any, Any], root: Path) -> tuple[Any, str, str]:
    """A store at ``root`` of two runs: A, the China plan and its coordination ("base"); B,
    the same plan coordinated again with at most two items per region and saved with its
    stress tests, as ``yindi plan --store`` saves them ("two per region")."""
    import yindi
    from yindi.stages.coordinate import CoordinateConfig
    from yindi.stages.stress import stress
    from yindi.store import Store

    plan, coordination = planned
    store = Store(root)
    a = store.save(plan, coordination=coordination, label="base")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = yindi.coordinate(plan, config=CoordinateConfig(participation_max=2))
        stressed = stress(coordination=again)
    b = store.save(plan, coordination=again, also={"stress_": stressed}, label="two per region")
    return store, a.run_id, b.run_id
