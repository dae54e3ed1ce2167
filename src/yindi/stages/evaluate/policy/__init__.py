"""Policy effects: staggered DiD, event study and synthetic control for regional policies.

``_inputs`` checks and joins the outcome panel and the treatment table, ``_did`` and ``_synth``
wrap the estimation packages of the ``evaluate`` extra (imported lazily by ``_backends``),
``_pilot`` reads the shipped pilot policies and the embedded outcomes, and ``_model`` runs the
estimators and returns :class:`PolicyResult`.
"""

from yindi.stages.evaluate.policy._backends import MissingExtraError
from yindi.stages.evaluate.policy._model import (
    ESTIMATORS,
    PolicyResult,
    pilot_case,
    policy_effects,
)
from yindi.stages.evaluate.policy._pilot import (
    EMBEDDED_OUTCOMES,
    POLICIES,
    embedded_outcomes,
    pilot_policies,
    pilot_treatment,
)

__all__ = [
    "EMBEDDED_OUTCOMES",
    "ESTIMATORS",
    "MissingExtraError",
    "POLICIES",
    "PolicyResult",
    "embedded_outcomes",
    "pilot_case",
    "pilot_policies",
    "pilot_treatment",
    "policy_effects",
]
