"""Partner finder (``yindi evaluate partners``).

``_profile`` reads a firm's or foreign region's profile (ISIC / NACE / HS codes or terms, with
weights) into weights over the dataset's activities; ``_model`` scores every region's cultivate
and prepare items against it and ranks coastal and inland regions side by side.
"""

from yindi.stages.evaluate.partners._model import (
    PARTNER_WEIGHTS,
    PartnerResult,
    find_partners,
    read_profile,
)
from yindi.stages.evaluate.partners._profile import SCHEMES, profile_vector

__all__ = [
    "PARTNER_WEIGHTS",
    "SCHEMES",
    "PartnerResult",
    "find_partners",
    "profile_vector",
    "read_profile",
]
