"""The one place the default dataset is chosen, and what a stage says about a dataset it can't use."""

from __future__ import annotations

import pytest

import yindi
from yindi.datasets import china_provinces, resolve
from yindi.errors import InputError


def test_none_is_the_embedded_china_provinces():
    assert resolve() is china_provinces()
    mine = object()
    assert resolve(mine) is mine


def test_a_dataset_without_what_the_stage_reads_is_refused():
    class OnlyTables:
        def table(self, name):  # pragma: no cover - never reached
            raise AssertionError

    with pytest.raises(InputError, match="plan needs a dataset with regions, activities, table, "
                       "panel .*OnlyTables has no regions, activities, panel"):
        yindi.plan(OnlyTables())
