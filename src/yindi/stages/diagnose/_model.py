"""The ``diagnose`` stage: where is each region strong, and what lies near it?

It wraps the kernels of :mod:`yindi.measures` over every year of a panel and returns an
immutable :class:`DiagnoseResult` of tidy tables.
"""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from yindi import measures as ms
from yindi._options import Interval, StrOptions, check, register
from yindi._results import frame_digest
from yindi.data import ActivityTable, Panel, RegionTable, YearMatrix
from yindi.errors import ComputationWarning, DroppedWarning, InputError, OptionError
from yindi.measures import stability
from yindi.stages.diagnose._long_table import LongTable, YearMeasures
from yindi.stages.diagnose._presence import PRESENCE_TESTS, presence_for_year
from yindi.stages.diagnose._reliability import income_frame, reliability_table
from yindi.stages.diagnose._result import DiagnoseResult, YearResult

__all__ = [
    "diagnose",
    "DiagnoseResult",
    "METHODS",
    "PRESENCE_TESTS",
    "COG_VARIANTS",
    "ZERO_DEGREE",
]

METHODS = ("eigenvector", "reflections", "fitness")
COG_VARIANTS = ("stata", "atlas")
ZERO_DEGREE = ("exclude", "empty_year")

register("method", StrOptions(METHODS))
register("convention", StrOptions(tuple(ms.CONVENTIONS)))
register("proximity_method", StrOptions(ms.PROXIMITY_METHODS))
register("cog_variant", StrOptions(COG_VARIANTS))
register("presence_test", StrOptions(PRESENCE_TESTS))
register("rca_threshold", Interval(0, None, example=1.0))
register("rpop_threshold", Interval(0, None, example=1.0, optional=True))
register("knn", Interval(1, None, integer=True, example=25, optional=True))
register("zero_degree", StrOptions(ZERO_DEGREE))
register("iterations", Interval(2, None, integer=True, example=20))
register("extremality", Interval(0, None, closed="neither", example=1.0))
register("replicates", Interval(0, None, integer=True, example=200))
register("min_total", Interval(0, None, example=1e6, optional=True))
register("min_population", Interval(0, None, example=1e6, optional=True))
register("seed", Interval(0, None, integer=True, example=0))


def _as_panel(data: Any, columns: dict[str, str], measure: str) -> Panel:
    if isinstance(data, Panel):
        return data
    if hasattr(data, "panel") and callable(data.panel):  # an embedded Dataset
        return Panel.from_frame(data.panel(measure), source=getattr(data, "name", "dataset"))
    return Panel.from_frame(data, **columns)


def _complexity(m: np.ndarray, opts: _Options, year: int) -> tuple[ms.RawComplexity, bool]:
    """Raw complexity on the lines with non-zero degree; NaN for the others (with a warning).

    Returns the complexity and whether the year was left empty as Stata leaves it
    (``zero_degree="empty_year"`` and a region or activity with zero degree).
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
            warnings.warn(
                f"{lines}; zero_degree='empty_year' leaves the whole year's eci, pci, coi and "
                "cog empty, as Stata ecomplexity does (zero_degree='exclude' computes them "
                "for the other lines)",
                ComputationWarning,
                stacklevel=4,  # user -> diagnose -> _measure_year -> here
            )
            return empty, True
        warnings.warn(
            f"{lines} get NaN complexity",
            ComputationWarning,
            stacklevel=4,  # user -> diagnose -> _measure_year -> here
        )
    sub = m[rows][:, cols]
    if min(sub.shape) < 2:  # e.g. every region's shares equal the national ones: no structure
        warnings.warn(
            f"year {year}: fewer than two regions or activities have any presence (M has "
            f"{int(m.sum())} ones), so complexity is undefined and left empty",
            ComputationWarning,
            stacklevel=4,
        )
        return empty, False
    kernels: dict[str, Callable[[], ms.RawComplexity]] = {
        "eigenvector": lambda: ms.eigenvector_complexity(sub),
        "reflections": lambda: ms.reflections_complexity(sub, opts.iterations),
        "fitness": lambda: ms.fitness_complexity(sub, opts.iterations, opts.extremality),
    }
    raw = kernels[opts.method]()
    if opts.method == "eigenvector" and raw.eigenvalues[0] > 1 - 1e-9:
        warnings.warn(
            f"year {year}: the second eigenvalue is 1, so the region-activity network is "
            "disconnected; ECI separates components instead of ranking complexity",
            ComputationWarning,
            stacklevel=4,  # user -> diagnose -> _measure_year -> here
        )
    kc[rows], kp[cols] = raw.kc, raw.kp
    return ms.RawComplexity(kc, kp, raw.eigenvalues), False


def _as_table(obj: Any, cls: type[Any]) -> Any:
    """None, an instance of ``cls``, or a frame turned into one."""
    return obj if obj is None or isinstance(obj, cls) else cls.from_frame(obj)


@dataclass(frozen=True)
class _Options:
    """Validated options of one diagnosis."""

    method: str
    conv: ms.Convention
    proximity_method: str
    cog_variant: str
    presence_test: str
    threshold: float
    rpop_threshold: float
    knn: int | None
    zero_degree: str
    iterations: int
    extremality: float
    population: RegionTable | None

    @classmethod
    def check(
        cls,
        *,
        method: str,
        convention: str,
        proximity_method: str,
        cog_variant: str,
        presence_test: str,
        rca_threshold: Any,
        rpop_threshold: Any,
        knn: Any,
        zero_degree: str,
        iterations: Any,
        extremality: float,
        population: Any,
    ) -> _Options:
        check(
            method=method,
            convention=convention,
            proximity_method=proximity_method,
            cog_variant=cog_variant,
            presence_test=presence_test,
            rca_threshold=rca_threshold,
            rpop_threshold=rpop_threshold,
            knn=knn,
            zero_degree=zero_degree,
            iterations=iterations,
            extremality=extremality,
        )
        if proximity_method == "continuous" and presence_test in ("both", "manual"):
            # Stata: "When using continous option, please only use just one of RCA or RPOP";
            # with a given M there are no levels to correlate at all.
            raise OptionError(
                f"proximity_method='continuous' with presence_test={presence_test!r}: the continuous "
                "proximity correlates one set of levels (RCA or RPOP), so use "
                "presence_test='rca' or 'rpop' with it, or a co-occurrence proximity "
                "(e.g. 'min_conditional') with this presence test"
            )
        if rpop_threshold is not None and presence_test not in ("rpop", "both"):
            raise OptionError(
                f"rpop_threshold={rpop_threshold!r} applies to presence_test='rpop' or 'both' "
                f"only; with presence_test={presence_test!r} leave it out"
            )
        pop = _as_table(population, RegionTable)
        if presence_test in ("rpop", "both") and pop is None:
            raise InputError(
                f"presence_test={presence_test!r} needs population= (region, [year], population) for RPOP"
            )
        threshold = float(rca_threshold)
        return cls(
            method,
            ms.get_convention(convention),
            proximity_method,
            cog_variant,
            presence_test,
            threshold,
            threshold if rpop_threshold is None else float(rpop_threshold),
            knn,
            zero_degree,
            iterations,
            extremality,
            pop,
        )

    def record(self) -> dict[str, Any]:
        out = {
            "method": self.method,
            "convention": self.conv.name,
            "rca_threshold": self.threshold,
            "proximity_method": self.proximity_method,
            "cog_variant": self.cog_variant,
            "presence_test": self.presence_test,
            "iterations": self.iterations,
            "extremality": self.extremality,
            "zero_degree": self.zero_degree,
        }
        if self.presence_test in ("rpop", "both"):
            out["rpop_threshold"] = self.rpop_threshold
        if self.knn is not None:
            out["knn"] = self.knn
        return out


def _measure_year(mat: YearMatrix, opts: _Options) -> YearMeasures:
    """Every kernel, in order, on one year's matrix."""
    x = mat.values.toarray()
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
    raw, empty_year = _complexity(m, opts, mat.year)
    # Stata's cont: the proximity correlates the levels behind M (RCA, or RPOP under rpop)
    # and the density averages those levels, not M (calculate_density, levels(RCA|RPOP)).
    levels = level if opts.proximity_method == "continuous" else None
    phi = ms.proximity(m, method=opts.proximity_method, levels=levels, diagonal=opts.conv.diagonal)
    dens = ms.relatedness_density(m if levels is None else levels, phi, knn=opts.knn)
    if empty_year:
        # Stata divides by the zero degree (0/0 = missing) and the missing value spreads over
        # the whole year; a zero-ubiquity activity also spreads it through the co-occurrence
        # proximity into every density.
        if levels is None and (m.sum(axis=0) == 0).any():
            dens = np.full(m.shape, np.nan)
        nan_r, nan_a = np.full(m.shape[0], np.nan), np.full(m.shape[1], np.nan)
        std = ms.Standardised(nan_r, nan_a, nan_r.copy(), np.full(m.shape, np.nan))
        return YearMeasures(x, rca, m, raw, dens, std, std.cog, levels)
    std = ms.standardise(
        opts.conv,
        raw.kc,
        raw.kp,
        ms.complexity_outlook_index(m, dens, raw.kp),
        ms.complexity_outlook_gain(m, phi, raw.kp),
        pci_scale="own" if opts.method == "reflections" else None,
        zscore_indices=opts.method != "fitness",
    )
    cog = std.cog
    if opts.cog_variant == "atlas":
        cog = ms.complexity_outlook_gain(m, phi, std.pci, variant="atlas", density=dens)
    return YearMeasures(x, rca, m, raw, dens, std, cog, levels)


def _region_frame(
    ym: YearMeasures,
    mat: YearMatrix,
    groups: ActivityTable | None,
    categories: np.ndarray,
    codes: np.ndarray,
) -> pd.DataFrame:
    related = unrelated = np.full(codes.size, np.nan)
    if groups is not None:
        related, unrelated = ms.related_unrelated_variety(
            ym.x, groups.column_for("group", mat.activities)
        )
    return pd.DataFrame(
        {
            "region": pd.Categorical.from_codes(codes, categories),
            "year": np.full(codes.size, mat.year, dtype=np.int32),
            "eci": ym.std.eci,
            "coi": ym.std.coi,
            "diversity": ms.diversity(ym.m),
            **ms.structure_indices(ym.x),
            "related_variety": related,
            "unrelated_variety": unrelated,
        }
    )


def diagnose(
    data: Any,
    *,
    year: int | list[int] | str | None = None,
    years: int | list[int] | None = None,
    method: str = "eigenvector",
    rca_threshold: float = 1.0,
    convention: str = "stata",
    proximity_method: str = "min_conditional",
    cog_variant: str = "stata",
    presence_test: str = "rca",
    population: Any = None,
    rpop_threshold: float | None = None,
    knn: int | None = None,
    zero_degree: str = "exclude",
    activity_groups: Any = None,
    iterations: int = 20,
    extremality: float = 1.0,
    measure: str = "gross_output",
    region: str = "region",
    activity: str = "activity",
    value: str = "value",
    income: Any = None,
    min_total: float | None = None,
    min_population: float | None = None,
    replicates: int = 0,
    seed: int = 0,
    progress: Callable[[int, int, int], None] | None = None,
) -> DiagnoseResult:
    """Diagnose every region's strengths and nearby opportunities, year by year.

    Parameters
    ----------
    data : Panel, pandas/polars long table, or an embedded Dataset
    year : int, list of int, str or None
        Years to compute (None = all). A string is taken as the year *column name*
        (default ``"year"``), in which case ``years=`` selects years.
    method : {"eigenvector", "reflections", "fitness"}
        ECI/PCI method. ``fitness`` leaves ECI (fitness) and PCI (complexity) un-standardised,
        each with mean 1, as Tacchella et al. (2012).
    rca_threshold : float
        Presence threshold on RCA (Stata ``rca(#)``), and on RPOP too unless
        ``rpop_threshold`` is given. Not used with ``presence_test="manual"``.
    convention : {"stata", "py-ecomplexity", "economic-complexity"}
        Which reference's conventions to follow (see ``docs/conventions.md``).
    proximity_method : see :data:`yindi.measures.PROXIMITY_METHODS`
        ``"asymmetric"`` is Stata ``asym``; ``"continuous"`` is Stata ``cont`` (proximity
        and density from the RCA levels, or the RPOP levels under ``presence_test="rpop"``).
    cog_variant : {"stata", "atlas"}
        COG as Stata ``ecomplexity`` / py-ecomplexity, or the Atlas form with
        ``- d PCI`` (density times PCI, computed from standardised PCI).
    presence_test : {"rca", "rpop", "both", "manual"}
        How M is built: ``RCA > t`` (Stata ``rca(#)``), ``RPOP > t`` (``pop() rpop(#)``),
        either of the two (``both``: Stata given both ``rca(#)`` and ``rpop(#)``), or the
        value column itself, which must be 0/1 (``manual``: Stata's binary input). RPOP needs
        ``population`` (RegionTable or frame with region, [year], population); a region
        without a positive population is an error (``docs/conventions.md``).
    rpop_threshold : float, optional
        Presence threshold on RPOP for ``presence_test="rpop"`` or ``"both"`` (Stata
        ``rpop(#)``); None uses ``rca_threshold``.
    knn : int, optional
        Stata ``knn(#)``: each activity's density over its ``knn`` nearest neighbours (the
        largest proximities in its row, ties kept), weighted by proximity. None (default)
        uses every activity.
    zero_degree : {"exclude", "empty_year"}
        A year in which a region has zero diversity or an activity zero ubiquity after the
        threshold: ``"exclude"`` (default) leaves those lines out of the eigenproblem and
        computes the others; ``"empty_year"`` leaves the whole year's ECI, PCI, COI and COG
        empty, as Stata ``ecomplexity`` does (and density too when an activity has zero
        ubiquity and the proximity is by co-occurrence).
    activity_groups : ActivityTable or frame with activity, group; optional
        Groups for related/unrelated variety. An embedded Dataset supplies its own
        (``activities.group``) when this is not given.
    measure : str
        Which measure of an embedded Dataset to use.
    region, activity, value : str
        Column names of a long table.
    min_total, min_population : float, optional
        Atlas-style size filters for country sets: leave out, per year, the regions whose
        total value is below ``min_total`` (the panel's unit) or whose population
        (``population=``) is below ``min_population`` (the Atlas uses 1 billion USD of
        exports and 1 million people). Dropped regions are named in a DroppedWarning.
    income : Series or DataFrame, optional
        Income per head by region (Series) or ``region, [year], income``: the face-validity
        check of region complexity (its rank correlation with income, Hidalgo & Hausmann
        2009). An embedded Dataset supplies its own (``knowledge["income"]``).
    replicates : int
        Resampling replicates of the activities for each region's rank interval (0, the
        default, skips it: it recomputes complexity ``replicates`` times per year).
    seed : int
        Seed of the resampling.
    progress : callable, optional
        Called as ``progress(year, done, total)`` after each year (the CLI's progress bar).

    Returns
    -------
    DiagnoseResult
        With the ``reliability`` table (:mod:`yindi.stages.diagnose._reliability`): per year
        the rank correlation with the previous year, the resampling rank interval, the
        eigengap and the correlation with income per head, each judged, and a
        :class:`~yindi.errors.ComputationWarning` for every year that fails a check.
    """
    check(replicates=replicates, seed=seed, min_total=min_total, min_population=min_population)
    opts = _Options.check(
        method=method,
        convention=convention,
        proximity_method=proximity_method,
        cog_variant=cog_variant,
        presence_test=presence_test,
        rca_threshold=rca_threshold,
        rpop_threshold=rpop_threshold,
        knn=knn,
        zero_degree=zero_degree,
        iterations=iterations,
        extremality=extremality,
        population=population,
    )
    if (
        isinstance(year, str)
        and year.strip().isdigit()
        and year not in getattr(data, "columns", ())
    ):
        raise InputError(
            f"year={year!r} is read as the name of the year column, and there is no such "
            f"column; to compute only that year pass year={int(year)} (a number)"
        )
    year_col = year if isinstance(year, str) else "year"
    selection = years if isinstance(year, str) or year is None else year
    columns = {"region": region, "activity": activity, "year": year_col, "value": value}
    panel = _as_panel(data, columns, measure).select_years(selection)
    panel, small = panel.size_filter(
        min_total=min_total, min_population=min_population, population=opts.population
    )
    for y, names in sorted(small.items()):
        shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        warnings.warn(
            f"{panel.source}, year {y}: left out {len(names)} region(s) below the size filter "
            f"(min_total={min_total}, min_population={min_population}): {shown}",
            DroppedWarning,
            stacklevel=2,
        )
    if activity_groups is None and "group" in getattr(
        getattr(data, "activities", None), "columns", ()
    ):
        activity_groups = data.activities  # an embedded Dataset brings its own groups
    groups = _as_table(activity_groups, ActivityTable)
    know = getattr(data, "knowledge", {})
    if income is None and callable(know.get("income")):
        income = know["income"](data)  # an embedded Dataset's income per head
    incomes = income_frame(income)

    matrices = []
    for y in panel.years:
        mat = panel.matrix(y, warn=False)
        mat.warn_dropped(panel.source, stacklevel=2)
        matrices.append(mat)
    long = LongTable(
        [m.values.shape[0] * m.values.shape[1] for m in matrices],
        np.asarray(panel.frame["region"].cat.categories, dtype=object),
        np.asarray(panel.frame["activity"].cat.categories, dtype=object),
    )
    reg_parts, act_parts, diag_rows = [], [], []
    widths: dict[int, float] = {}
    kept: dict[int, YearResult] = {}
    pending, n_years = deque(matrices), len(matrices)
    del matrices  # each year's input is released once used
    for i in range(n_years):
        mat = pending.popleft()
        ym = _measure_year(mat, opts)
        r_codes, a_codes = long.fill(i, mat, ym)
        reg_parts.append(_region_frame(ym, mat, groups, long.regions, r_codes))
        act_parts.append(
            pd.DataFrame(
                {
                    "activity": pd.Categorical.from_codes(a_codes, long.activities),
                    "year": np.full(a_codes.size, mat.year, dtype=np.int32),
                    "ubiquity": ms.ubiquity(ym.m),
                    "pci": ym.std.pci,
                }
            )
        )
        diag_rows.append(
            {
                "year": mat.year,
                "regions": ym.m.shape[0],
                "activities": ym.m.shape[1],
                "lambda2": ym.raw.eigenvalues[0],
                "lambda3": ym.raw.eigenvalues[1],
                "eigengap": ym.raw.eigengap,
                "dropped_regions": "; ".join(mat.dropped_regions),
                "dropped_activities": "; ".join(mat.dropped_activities),
            }
        )
        kept[mat.year] = YearResult(mat.regions, mat.activities, ym.m.astype(bool), ym.levels)
        if replicates:
            ranks = stability.bootstrap_rank_interval(
                ym.m, method=opts.method, replicates=replicates, seed=seed
            )
            ranked = ranks.dropna(subset=["rank"])
            widths[mat.year] = float(np.nanmedian(ranked["rank_width"])) / max(len(ranked), 1)
        if progress is not None:
            progress(mat.year, i + 1, n_years)

    options = opts.record() | {"source": panel.source, "years": list(panel.years)}
    if min_total is not None or min_population is not None:
        options |= {"min_total": min_total, "min_population": min_population}
    if replicates:
        options |= {"replicates": replicates, "seed": seed}
    regions = pd.concat(reg_parts, ignore_index=True)
    diagnostics = pd.DataFrame(diag_rows)
    reliability = reliability_table(
        regions,
        dict(zip(diagnostics["year"], diagnostics["eigengap"], strict=True)),
        widths,
        incomes,
    )
    for row in reliability.itertuples(index=False):
        if row.warnings:
            warnings.warn(
                f"{panel.source}, {row.year}: {row.warnings}; read the complexity ranking "
                "of this year with care (table reliability)",
                ComputationWarning,
                stacklevel=2,
            )
    return DiagnoseResult(
        region_activity=long.frame(),
        region=regions,
        activity=pd.concat(act_parts, ignore_index=True),
        diagnostics=diagnostics,
        reliability=reliability,
        options=options,
        years=kept,
        inputs={
            "source": panel.source,
            "content_sha256": frame_digest(panel.frame),
            "rows": len(panel.frame),
        },
    )
