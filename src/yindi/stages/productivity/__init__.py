"""The productivity stage: the NQPF index (``nqpf``), DEA efficiency and Malmquist change,
regional gaps, and TFP growth accounting (``growth``)."""

from yindi.stages.productivity._model import (
    ProductivityResult,
    efficiency_summary,
    latest_closeness,
    nqpf_summary,
    productivity,
    with_quintiles,
)

__all__ = [
    "ProductivityResult",
    "efficiency_summary",
    "latest_closeness",
    "nqpf_summary",
    "productivity",
    "with_quintiles",
]
