"""How a diagnosis builds the presence matrix M: Stata ``ecomplexity``'s ``rca(#)``,
``pop() rpop(#)``, both together, or a given 0/1 matrix (``docs/conventions.md``)."""

from __future__ import annotations

import numpy as np

from yindi import measures as ms
from yindi.data import RegionTable
from yindi.errors import InputError
from yindi.stages.diagnose._years import YearData

__all__ = ["PRESENCE_TESTS", "presence_for_year"]

PRESENCE_TESTS = ("rca", "rpop", "both", "manual")


def _population(population: RegionTable, mat: YearData, test: str) -> np.ndarray:
    """The population of the year's regions; a region without one is an error (see docs)."""
    try:
        return population.values_for("population", mat.regions, mat.year)
    except InputError as exc:
        raise InputError(
            f"{exc}. presence_test={test!r} needs a positive population for every region. "
            "Stata's ecomplexity drops regions whose population is missing or <= 0; to do the "
            "same here pass min_population= a positive number below your smallest real "
            "population, which leaves such regions out with a DroppedWarning naming them"
        ) from exc


def _given_presence(x: np.ndarray, mat: YearData) -> np.ndarray:
    """The value matrix itself as M (``presence_test="manual"``), after checking it is 0/1."""
    bad = (x != 0) & (x != 1)
    if bad.any():
        r, a = np.argwhere(bad)[0]
        raise InputError(
            f"presence_test='manual' takes the value column as the presence matrix M, so every "
            f"value must be 0 or 1; year {mat.year} has {int(bad.sum())} other value(s), e.g. "
            f"{x[r, a]:g} for region {mat.regions[r]!r}, activity {mat.activities[a]!r}. "
            "Recode the column to 0/1, or use presence_test='rca' to compute M from the values"
        )
    return x.copy()


def presence_for_year(
    x: np.ndarray,
    mat: YearData,
    *,
    test: str,
    rca_threshold: float,
    rpop_threshold: float,
    strict: bool,
    population: RegionTable | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """RCA (NaN for a given M), the presence matrix M, and the levels behind M.

    The levels are what the continuous proximity correlates and its density averages: RCA
    for ``rca``, RPOP for ``rpop``; None for ``both`` and ``manual`` (Stata refuses ``cont``
    with both thresholds, and a given M has no levels).
    """
    if test == "manual":
        return np.full(x.shape, np.nan), _given_presence(x, mat), None
    rca = ms.revealed_comparative_advantage(x)
    if test == "rca":
        return rca, ms.presence(rca, rca_threshold, strict=strict), rca
    if population is None:  # _Options.check asks for it first; this guards direct callers
        raise InputError(f"presence_test={test!r} needs population= for RPOP")
    rpop = ms.revealed_per_capita_advantage(x, _population(population, mat, test))
    if test == "rpop":
        return rca, ms.presence(rpop, rpop_threshold, strict=strict), rpop
    both = ms.combined_presence(rca, rpop, rca_threshold, rpop_threshold, strict=strict)
    return rca, both, None
