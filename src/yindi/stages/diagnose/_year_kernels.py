"""The kernels of one year, in order: presence, complexity, proximity, density, outlook.

:func:`measure_year` runs them on one year's dense matrix (:mod:`._years`) and returns what
the long table and the region and activity tables are built from.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from yindi import measures as ms
from yindi.data import ActivityTable
from yindi.errors import ComputationWarning, InputError
from yindi.stages.diagnose._long_table import YearMeasures
from yindi.stages.diagnose._presence import presence_for_year
from yindi.stages.diagnose._settings import Options
from yindi.stages.diagnose._years import YearData

__all__ = ["Note", "complexity", "measure_year", "region_columns"]


#: A warning a kernel wants raised: its class and message (raised by the caller, in year order).
Note = tuple[type[Warning], str]


def complexity(
    m: np.ndarray, opts: Options, year: int, notes: list[Note]
) -> tuple[ms.RawComplexity, bool]:
    """Raw complexity on the lines with non-zero degree; NaN for the others (with a warning).

    Returns the complexity and whether the year was left empty as Stata leaves it
    (``zero_degree="empty_year"`` and a region or activity with zero degree). Warnings are
    added to ``notes``: years may be computed in other threads or processes, and the caller
    raises them in year order where the user called.
    """
    rows, cols = m.sum(axis=1) > 0, m.sum(axis=0) > 0
    kc, kp = np.full(m.shape[0], np.nan), np.full(m.shape[1], np.nan)
    empty = ms.RawComplexity(kc, kp, (float("nan"), float("nan")))
    if not (rows.all() and cols.all()):
        lines = (
            f"year {year}: {int((~rows).sum())} region(s) with zero diversity and "
            f"{int((~cols).sum())} activit(y/ies) with zero ubiquity"
        )
        if opts.zero_degree == "empty_year":
            notes.append(
                (
                    ComputationWarning,
                    f"{lines}; zero_degree='empty_year' leaves the whole year's eci, pci, coi and "
                    "cog empty, as Stata ecomplexity does (zero_degree='exclude' computes them "
                    "for the other lines)",
                )
            )
            return empty, True
        notes.append(
            (
                ComputationWarning,
                f"{lines} get NaN complexity",
            )
        )
    # The eigenvector needs no copy of a full year. The iterated methods get a fresh copy even
    # then: the BLAS's last bits depend on where a buffer lies (1e-13 in raw k_r here) and 20
    # reflections amplify them (2e-8 in ECI on world trade); the copy gives the peers' sums
    # bit for bit, as tests/peers checks at 1e-8.
    full = rows.all() and cols.all()
    sub = m if full and opts.method == "eigenvector" else m[rows][:, cols]
    if min(sub.shape) < 2:  # e.g. every region's shares equal the national ones: no structure
        notes.append(
            (
                ComputationWarning,
                f"year {year}: fewer than two regions or activities have any presence (M has "
                f"{int(m.sum())} ones), so complexity is undefined and left empty",
            )
        )
        return empty, False
    kernels: dict[str, Callable[[], ms.RawComplexity]] = {
        "eigenvector": lambda: ms.eigenvector_complexity(sub),
        "reflections": lambda: ms.reflections_complexity(sub, opts.iterations),
        "fitness": lambda: ms.fitness_complexity(sub, opts.iterations, opts.extremality),
    }
    raw = kernels[opts.method]()
    if opts.method == "eigenvector" and raw.eigenvalues[0] > 1 - 1e-9:
        notes.append(
            (
                ComputationWarning,
                f"year {year}: the second eigenvalue is 1, so the region-activity network is "
                "disconnected; ECI separates components instead of ranking complexity",
            )
        )
    kc[rows], kp[cols] = raw.kc, raw.kp
    return ms.RawComplexity(kc, kp, raw.eigenvalues), False


def measure_year(mat: YearData, opts: Options) -> YearMeasures:
    """Every kernel, in order, on one year's matrix."""
    x = mat.x
    if opts.knn is not None and opts.knn > x.shape[1]:
        raise InputError(
            f"knn={opts.knn}: year {mat.year} has only {x.shape[1]} activities, so the "
            f"nearest-neighbour density can use at most knn={x.shape[1]}; pass a smaller knn"
        )
    rca, m, level = presence_for_year(
        x,
        mat,
        test=opts.presence_test,
        rca_threshold=opts.threshold,
        rpop_threshold=opts.rpop_threshold,
        strict=opts.conv.strict_threshold,
        population=opts.population,
    )
    notes: list[Note] = []
    raw, empty_year = complexity(m, opts, mat.year, notes)
    # Stata's cont: the proximity correlates the levels behind M (RCA, or RPOP under rpop)
    # and the density averages those levels, not M (calculate_density, levels(RCA|RPOP)).
    levels = level if opts.proximity_method == "continuous" else None
    phi = ms.proximity(m, method=opts.proximity_method, levels=levels, diagonal=opts.conv.diagonal)
    # Co-occurrence proximities are exactly symmetric (integer counts over symmetric terms).
    symmetric = opts.proximity_method not in ("asymmetric", "continuous")
    dens = ms.relatedness_density(
        m if levels is None else levels, phi, knn=opts.knn, symmetric=symmetric
    )
    if empty_year:
        # Stata divides by the zero degree (0/0 = missing) and the missing value spreads over
        # the whole year; a zero-ubiquity activity also spreads it through the co-occurrence
        # proximity into every density.
        if levels is None and (m.sum(axis=0) == 0).any():
            dens = np.full(m.shape, np.nan)
        nan_r, nan_a = np.full(m.shape[0], np.nan), np.full(m.shape[1], np.nan)
        std = ms.Standardised(nan_r, nan_a, nan_r.copy(), np.full(m.shape, np.nan))
        return YearMeasures(x, rca, m, raw, dens, std, std.cog, levels, tuple(notes))
    # The Stata COG is scaled by the convention; the Atlas COG is built from standardised
    # PCI afterwards, so only one of the two is computed.
    stata = opts.cog_variant == "stata"
    gain = ms.complexity_outlook_gain(m, phi, raw.kp) if stata else np.empty(0)
    std = ms.standardise(
        opts.conv,
        raw.kc,
        raw.kp,
        ms.complexity_outlook_index(m, dens, raw.kp),
        gain,
        pci_scale="own" if opts.method == "reflections" else None,
        zscore_indices=opts.method != "fitness",
        overwrite_cog=True,
    )
    del gain
    if stata:
        return YearMeasures(x, rca, m, raw, dens, std, std.cog, levels, tuple(notes))
    cog = ms.complexity_outlook_gain(m, phi, std.pci, variant="atlas", density=dens)
    return YearMeasures(x, rca, m, raw, dens, std, cog, levels, tuple(notes))


def region_columns(
    ym: YearMeasures, mat: YearData, groups: ActivityTable | None
) -> dict[str, np.ndarray]:
    """The region table's columns of one year (without region and year)."""
    codes = mat.region_codes
    related = unrelated = np.full(codes.size, np.nan)
    if groups is not None:
        related, unrelated = ms.related_unrelated_variety(
            ym.x, groups.column_for("group", mat.activities)
        )
    return {
        "eci": ym.std.eci,
        "coi": ym.std.coi,
        "diversity": ms.diversity(ym.m),
        **ms.structure_indices(ym.x),
        "related_variety": related,
        "unrelated_variety": unrelated,
    }
