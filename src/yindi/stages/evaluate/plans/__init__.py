"""Bubble check of declared priorities (``yindi evaluate plans``).

``terms`` maps free text (Chinese or English) to the strategic-industry catalogue,
``_declared`` reads and checks the declared-priorities table and ships the 14th-FYP example,
``_model`` scores every declaration and counts declarers against the coordinated hubs.
"""

from yindi.stages.evaluate.plans._declared import (
    check_declared,
    declared_example,
    read_declared,
)
from yindi.stages.evaluate.plans._model import (
    RISK_LEVELS,
    RISK_WEIGHTS,
    BubbleCheckResult,
    bubble_check,
)
from yindi.stages.evaluate.plans.terms import (
    TermDictionary,
    TermMatch,
    load_terms,
    normalise_term,
)

__all__ = [
    "RISK_LEVELS",
    "RISK_WEIGHTS",
    "BubbleCheckResult",
    "TermDictionary",
    "TermMatch",
    "bubble_check",
    "check_declared",
    "declared_example",
    "load_terms",
    "normalise_term",
    "read_declared",
]
