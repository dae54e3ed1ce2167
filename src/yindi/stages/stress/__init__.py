"""The stress stage: is the national portfolio resilient to shocks and supply cuts?

``_economy`` and ``_io_file`` build the input-output table (the embedded provinces linked into
a multi-regional table, or the user's own), ``_scenarios`` reads the shocks (YAML),
``_portfolio`` turns the uncoordinated and the coordinated portfolio into economies,
``_shocks`` propagates each shock, ``_regions`` measures diversification and past resilience,
``_model`` runs it all and returns :class:`StressResult` (docs/stress.md).
"""

from yindi.stages.stress._economy import Economy, embedded_economy
from yindi.stages.stress._io_file import read_io_table
from yindi.stages.stress._model import stress
from yindi.stages.stress._result import StressResult
from yindi.stages.stress._scenarios import (
    BUILTIN,
    SHOCKS,
    StressScenario,
    builtin_scenarios,
    load_scenario,
)

__all__ = [
    "BUILTIN",
    "SHOCKS",
    "Economy",
    "StressResult",
    "StressScenario",
    "builtin_scenarios",
    "embedded_economy",
    "load_scenario",
    "read_io_table",
    "stress",
]
