"""Embedded datasets shipped inside the package (read-only, built by ``scripts/``).

``china_provinces()`` is the default: China's 31 mainland provinces with 41 harmonised
input-output activities (2012, 2017), provincial indicators, CO2, water, climate, seismicity and
simplified boundaries. See ``Dataset.provenance`` for sources and licences.
"""

from __future__ import annotations

from yindi.datasets._china import CHINA_PANEL_MEASURES, china_provinces
from yindi.datasets._dataset import Dataset

__all__ = ["Dataset", "china_provinces", "CHINA_PANEL_MEASURES"]
