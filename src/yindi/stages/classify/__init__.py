"""The classify stage: region types by transparent rules (classified guidance), the Growth Lab
strategic approach, and an optional k-means check of the rules."""

from yindi.stages.classify._rules import (
    CLUSTER_FEATURES,
    ClassifyRules,
    classify,
    cluster_regions,
    region_indicators,
)

__all__ = [
    "CLUSTER_FEATURES",
    "ClassifyRules",
    "classify",
    "cluster_regions",
    "region_indicators",
]
