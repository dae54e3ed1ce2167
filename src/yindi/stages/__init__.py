"""Pipeline stages; each reads only the layers below it (data, measures)."""

from yindi.stages.coordinate import CoordinateResult, coordinate
from yindi.stages.diagnose import DiagnoseResult, diagnose
from yindi.stages.plan import PlanResult, plan
from yindi.stages.productivity import ProductivityResult, productivity

__all__ = [
    "CoordinateResult",
    "DiagnoseResult",
    "PlanResult",
    "ProductivityResult",
    "coordinate",
    "diagnose",
    "plan",
    "productivity",
]
