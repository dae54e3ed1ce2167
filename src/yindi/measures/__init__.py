"""Pure kernels on arrays: no I/O, no pandas-level stages, no printing.

Each function takes numpy / scipy.sparse matrices (regions x activities) and returns arrays.
"""

from yindi.measures.allocation import (
    AllocationProblem,
    AllocationSolution,
    build_highs,
    explain_infeasibility,
    solve_allocation,
)
from yindi.measures.complexity import (
    RawComplexity,
    diversity,
    eigenvector_complexity,
    fitness_complexity,
    reflections_complexity,
    ubiquity,
)
from yindi.measures.conventions import (
    CONVENTIONS,
    Convention,
    Standardised,
    get_convention,
    standardise,
)
from yindi.measures.dea import DEAResult, dea, sbm
from yindi.measures.inequality import DagumGini, TheilDecomposition, dagum_gini, theil_decomposition
from yindi.measures.malmquist import MalmquistResult, malmquist
from yindi.measures.mcda import (
    critic_weights,
    entropy_weights,
    equal_weights_within,
    log_transform,
    minmax_normalise,
    obstacle_degree,
    topsis,
    weighted_sum,
    winsorise,
)
from yindi.measures.network import Backbone, proximity_backbone
from yindi.measures.outlook import complexity_outlook_gain, complexity_outlook_index
from yindi.measures.rca import (
    combined_presence,
    presence,
    revealed_comparative_advantage,
    revealed_per_capita_advantage,
)
from yindi.measures.reference import concord_complexity, region_reference_complexity
from yindi.measures.relatedness import (
    PROXIMITY_METHODS,
    nearest_neighbours,
    proximity,
    relatedness_density,
    relatedness_distance,
)
from yindi.measures.structure import (
    herfindahl,
    krugman_specialisation,
    related_unrelated_variety,
    relative_theil,
    shannon_entropy,
    shares,
    structure_indices,
)

__all__ = [
    "AllocationProblem",
    "AllocationSolution",
    "build_highs",
    "explain_infeasibility",
    "solve_allocation",
    "Backbone",
    "concord_complexity",
    "critic_weights",
    "equal_weights_within",
    "log_transform",
    "region_reference_complexity",
    "winsorise",
    "DEAResult",
    "DagumGini",
    "MalmquistResult",
    "TheilDecomposition",
    "dagum_gini",
    "dea",
    "entropy_weights",
    "malmquist",
    "minmax_normalise",
    "obstacle_degree",
    "sbm",
    "theil_decomposition",
    "topsis",
    "weighted_sum",
    "CONVENTIONS",
    "Convention",
    "PROXIMITY_METHODS",
    "RawComplexity",
    "combined_presence",
    "complexity_outlook_gain",
    "complexity_outlook_index",
    "diversity",
    "eigenvector_complexity",
    "fitness_complexity",
    "get_convention",
    "herfindahl",
    "krugman_specialisation",
    "nearest_neighbours",
    "presence",
    "proximity",
    "proximity_backbone",
    "related_unrelated_variety",
    "relatedness_density",
    "relatedness_distance",
    "relative_theil",
    "revealed_comparative_advantage",
    "revealed_per_capita_advantage",
    "shannon_entropy",
    "reflections_complexity",
    "shares",
    "Standardised",
    "standardise",
    "structure_indices",
    "ubiquity",
]
