"""Embedded datasets shipped inside the package (read-only, built by ``scripts/``).

``china_provinces()`` is the default: China's 31 mainland provinces with 41 harmonised
input-output activities (2012, 2017), provincial indicators, CO2, water, climate, seismicity and
simplified boundaries. See ``Dataset.provenance`` for sources and licences.
"""

from __future__ import annotations

from typing import Any

from yindi.datasets._china import CHINA_KNOWLEDGE, CHINA_PANEL_MEASURES, china_provinces
from yindi.datasets._dataset import Dataset
from yindi.errors import InputError

__all__ = ["CHINA_KNOWLEDGE", "CHINA_PANEL_MEASURES", "Dataset", "china_provinces", "resolve"]


def resolve(dataset: Any = None, *, needs: tuple[str, ...] = (), stage: str = "yindi") -> Any:
    """The dataset a stage works on: ``dataset``, or the default :func:`china_provinces`.

    The one place the default is chosen. ``needs`` are the attributes the stage reads; a
    dataset lacking one is refused naming what is missing.
    """
    chosen = china_provinces() if dataset is None else dataset
    missing = [name for name in needs if not hasattr(chosen, name)]
    if missing:
        raise InputError(
            f"{stage} needs a dataset with {', '.join(needs)} (like "
            f"yindi.datasets.china_provinces()); {type(chosen).__name__} has no "
            f"{', '.join(missing)}"
        )
    return chosen
