"""Data layer: validated tables and readers."""

from yindi.data.aggregate import aggregate
from yindi.data.bundle import bundle
from yindi.data.panel import ActivityTable, Panel, RegionTable, YearMatrix
from yindi.data.readers import read_table
from yindi.data.validate import validate_long

__all__ = [
    "ActivityTable",
    "Panel",
    "RegionTable",
    "YearMatrix",
    "aggregate",
    "bundle",
    "read_table",
    "validate_long",
]
