"""The coordinate stage: a national portfolio of strategic industries across regions.

``_config`` reads the settings, ``_budgets`` turns endowments into resource budgets,
``_scenarios`` applies technology scenarios, ``_model`` builds and solves the allocation
(:mod:`yindi.measures.allocation`) and returns :class:`CoordinateResult`.
"""

from yindi.stages.coordinate._config import CoordinateConfig, load_coordinate_config
from yindi.stages.coordinate._model import CoordinateResult, coordinate
from yindi.stages.coordinate._scenarios import Scenario

__all__ = [
    "CoordinateConfig",
    "CoordinateResult",
    "Scenario",
    "coordinate",
    "load_coordinate_config",
]
