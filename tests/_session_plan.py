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
