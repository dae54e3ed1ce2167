"""yindi (因地): locally tailored development strategy from regional data."""

from importlib.metadata import PackageNotFoundError, version

from yindi import data, errors, measures
from yindi.data import ActivityTable, Panel, RegionTable, aggregate, bundle, read_table
from yindi.stages import (
    CoordinateResult,
    DiagnoseResult,
    PlanResult,
    ProductivityResult,
    coordinate,
    diagnose,
    plan,
    productivity,
)

try:
    __version__ = version("yindi")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "ActivityTable",
    "CoordinateResult",
    "coordinate",
    "DiagnoseResult",
    "PlanResult",
    "ProductivityResult",
    "Panel",
    "RegionTable",
    "__version__",
    "aggregate",
    "bundle",
    "data",
    "datasets",
    "diagnose",
    "errors",
    "measures",
    "plan",
    "productivity",
    "read_table",
]


def __getattr__(name: str):  # datasets load lazily: importing yindi stays fast
    if name == "datasets":
        import importlib

        return importlib.import_module("yindi.datasets")
    raise AttributeError(f"module 'yindi' has no attribute {name!r}")
