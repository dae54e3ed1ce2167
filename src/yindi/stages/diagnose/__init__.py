"""The diagnose stage: comparative advantage, relatedness, complexity and structure.

``_model`` runs the kernels year by year (``_year_kernels``, on the dense years ``_years``
splits from the panel, here or as tasks of an executor); ``_long_table`` assembles the long
output, or ``_compact`` keeps it compact for large panels; ``_settings`` validates the options;
``_result`` is the result (:class:`DiagnoseResult`, the shared result contract).
"""

from yindi.stages.diagnose._model import (
    COG_VARIANTS,
    METHODS,
    PRESENCE_TESTS,
    ZERO_DEGREE,
    diagnose,
)
from yindi.stages.diagnose._reliability import income_for, income_frame
from yindi.stages.diagnose._result import DiagnoseResult, YearResult

__all__ = [
    "income_for",
    "income_frame",
    "COG_VARIANTS",
    "DiagnoseResult",
    "METHODS",
    "PRESENCE_TESTS",
    "YearResult",
    "ZERO_DEGREE",
    "diagnose",
]
