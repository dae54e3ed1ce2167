"""The plan stage: endowment fit and opportunities (``opportunities``), transform / cultivate /
prepare paths (``paths``), the national duplication check, and the plan result."""

from yindi.stages.plan._model import PlanResult, duplication_table, plan

__all__ = ["PlanResult", "duplication_table", "plan"]
