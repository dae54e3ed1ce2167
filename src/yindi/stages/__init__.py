"""Pipeline stages; each reads only the layers below it (data, measures)."""

from yindi.stages.diagnose import DiagnoseResult, diagnose
from yindi.stages.plan import PlanResult, plan

__all__ = ["DiagnoseResult", "PlanResult", "diagnose", "plan"]
