"""The plan stage: endowment fit and opportunities (``opportunities``), transform / cultivate /
prepare paths (``paths``), the national duplication check, and the plan result."""

from yindi.stages.plan._model import PlanResult, duplication_table, plan
from yindi.stages.plan.paths import PathOptions, candidates

__all__ = ["PathOptions", "PlanResult", "candidates", "duplication_table", "plan"]
