"""Pipeline stages; each reads only the layers below it (data, measures)."""

from yindi.stages.diagnose import DiagnoseResult, diagnose
from yindi.stages.plan import PlanResult, plan
from yindi.stages.productivity import ProductivityResult, productivity

__all__ = ["DiagnoseResult", "PlanResult", "ProductivityResult", "diagnose", "plan", "productivity"]
