"""yindi (因地): locally tailored development strategy from regional data."""

from importlib.metadata import PackageNotFoundError, version
from typing import Any

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

#: Names loaded on first use (``yindi.stress``, ``yindi.policy_effects`` ...): the later
#: stages and the datasets. ``import yindi`` stays fast, and the estimation packages of the
#: ``evaluate`` extra (pyfixest, diff-diff, pysyncon) and pymrio are imported only when an
#: estimator or a stress test runs, so ``import yindi`` works without them.
_LAZY = {
    "datasets": ("yindi.datasets", None),
    "stress": ("yindi.stages.stress", "stress"),
    "StressResult": ("yindi.stages.stress", "StressResult"),
    "policy_effects": ("yindi.stages.evaluate.policy", "policy_effects"),
    "pilot_case": ("yindi.stages.evaluate.policy", "pilot_case"),
    "PolicyResult": ("yindi.stages.evaluate.policy", "PolicyResult"),
    "bubble_check": ("yindi.stages.evaluate.plans", "bubble_check"),
    "BubbleCheckResult": ("yindi.stages.evaluate.plans", "BubbleCheckResult"),
    "find_partners": ("yindi.stages.evaluate.partners", "find_partners"),
    "PartnerResult": ("yindi.stages.evaluate.partners", "PartnerResult"),
}

__all__ = [
    "ActivityTable",
    "BubbleCheckResult",
    "CoordinateResult",
    "DiagnoseResult",
    "Panel",
    "PartnerResult",
    "PlanResult",
    "PolicyResult",
    "ProductivityResult",
    "RegionTable",
    "StressResult",
    "__version__",
    "aggregate",
    "bubble_check",
    "bundle",
    "coordinate",
    "data",
    "datasets",
    "diagnose",
    "errors",
    "find_partners",
    "measures",
    "pilot_case",
    "plan",
    "policy_effects",
    "productivity",
    "read_table",
    "stress",
]


def __getattr__(name: str) -> Any:
    """The names of :data:`_LAZY`, imported on first use and then kept in the module."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = importlib.import_module(module)
        if attr is not None:
            value = getattr(value, attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'yindi' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
