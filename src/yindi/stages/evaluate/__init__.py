"""The evaluate stage: is policy working, are plans realistic, where can a partner fit in?

Each part is a subpackage: ``policy`` (effects of a staggered regional policy: DiD, event
study, synthetic control), ``plans`` (declared priorities against feasibility) and
``partners`` (regions that fit a partner's profile).
"""

from yindi.stages.evaluate.partners import (
    PartnerResult,
    find_partners,
    profile_vector,
    read_profile,
)
from yindi.stages.evaluate.plans import (
    BubbleCheckResult,
    bubble_check,
    check_declared,
    declared_example,
    load_terms,
    read_declared,
)
from yindi.stages.evaluate.policy import (
    PolicyResult,
    pilot_case,
    policy_effects,
)

__all__ = [
    "BubbleCheckResult",
    "PartnerResult",
    "PolicyResult",
    "bubble_check",
    "check_declared",
    "declared_example",
    "find_partners",
    "load_terms",
    "pilot_case",
    "policy_effects",
    "profile_vector",
    "read_declared",
    "read_profile",
]
