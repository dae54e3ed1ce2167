"""The ``diagnose`` stage: where is each region strong, and what lies near it?

It wraps the kernels of :mod:`yindi.measures` over every year of a panel and returns an
immutable :class:`DiagnoseResult` of tidy tables.
"""

from __future__ import annotations

import os
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from yindi import measures as ms
from yindi._options import check
from yindi._results import frame_digest
from yindi.data import ActivityTable, Panel
from yindi.errors import ComputationWarning, DroppedWarning, InputError, OptionError
from yindi.measures import stability
from yindi.measures._scratch import reusing
from yindi.measures.complexity import blas_threads_controllable, one_blas_thread
from yindi.stages.diagnose._compact import CompactRegionActivity
from yindi.stages.diagnose._long_table import LongTable, YearMeasures
from yindi.stages.diagnose._reliability import income_frame, reliability_table
from yindi.stages.diagnose._result import DiagnoseResult, YearResult
from yindi.stages.diagnose._settings import (
    COG_VARIANTS,
    METHODS,
    PRESENCE_TESTS,
    ZERO_DEGREE,
    Options,
    as_table,
)
from yindi.stages.diagnose._year_kernels import Note, measure_year, region_columns
from yindi.stages.diagnose._years import YearData, YearSplit

__all__ = [
    "diagnose",
    "DiagnoseResult",
    "METHODS",
    "PRESENCE_TESTS",
    "COG_VARIANTS",
    "ZERO_DEGREE",
]


def _as_panel(data: Any, columns: dict[str, str], measure: str) -> Panel:
    if isinstance(data, Panel):
        return data
    if hasattr(data, "panel") and callable(data.panel):  # an embedded Dataset
        return Panel.from_frame(data.panel(measure), source=getattr(data, "name", "dataset"))
    return Panel.from_frame(data, **columns)


#: Above this many region x activity x year rows ``compact=None`` keeps region_activity compact.
COMPACT_ROWS = 25_000_000


#: One year's input, what the kernels made of it, and what ``keep`` returned for it.
Measured = tuple[YearData, YearMeasures, Any]
#: Stores a year's long rows and returns what the caller needs of it; runs where the year ran.
Keep = Callable[[int, YearData, YearMeasures], Any]


def _compact_choice(compact: Any, rows: int) -> bool:
    if compact is not None and not isinstance(compact, bool):
        raise OptionError(
            f"compact={compact!r} is not valid; use True, False or None (compact above "
            f"{COMPACT_ROWS:,} region x activity x year rows)"
        )
    return rows > COMPACT_ROWS if compact is None else compact


#: Years run side by side, one BLAS thread each, when a year has at most this many cells.
THREADED_CELLS = 4_000_000


def _measured_years(
    split: YearSplit, opts: Options, executor: Any, keep: Keep
) -> Iterator[Measured]:
    """Each year's input and kernels' output, in year order, computed here or as tasks.

    ``executor`` is anything with ``submit(fn, *args)`` returning a future with ``result()``:
    a :class:`concurrent.futures.Executor` or a ``dask.distributed.Client``. Without one, the
    years of a small or medium panel run side by side on this machine's cores with one BLAS
    thread each (when threadpoolctl can set that): a multi-threaded BLAS synchronises its
    threads inside every product, which on a machine shared with other work costs more than
    it gains at these sizes; each thread also stores its year's rows (``keep``: disjoint
    slices of the long table). Large years run one after another, each product on every
    core. The warnings of the kernels are raised here, in year order, wherever the year ran.
    """
    n_years = len(split.years)
    cores = os.cpu_count() or 1
    small = max(r * a for r, a in (split.shape(i) for i in range(n_years))) <= THREADED_CELLS
    if executor is None and n_years > 1 and cores > 1 and small and blas_threads_controllable():
        workers = min(cores, n_years)

        def local(i: int, mat: YearData) -> tuple[YearMeasures, list[Note], Any]:
            ym = measure_year(mat, opts)
            return ym, [], keep(i, mat, ym)

        with one_blas_thread(), ThreadPoolExecutor(workers) as pool:
            yield from _in_order(split, lambda i, m: pool.submit(local, i, m), workers + 1)
        return
    if executor is None:
        # One year after another: the kernels' temporaries serve every year (reusing).
        with reusing():
            for i in range(n_years):
                mat = split.year(i)
                ym = measure_year(mat, opts)
                _raise_notes(ym.notes, stacklevel=4)
                yield mat, ym, keep(i, mat, ym)
        return
    task = _plain_task if isinstance(executor, ThreadPoolExecutor) else measure_year_task

    def submit(i: int, mat: YearData) -> Any:
        # A Dask client moves each year to a worker once instead of inlining it in the graph.
        arg = executor.scatter(mat) if hasattr(executor, "scatter") else mat
        return executor.submit(task, arg, opts)

    for i, (mat, ym, _) in enumerate(_in_order(split, submit, n_years)):
        yield mat, ym, keep(i, mat, ym)


def _in_order(
    split: YearSplit, submit: Callable[[int, YearData], Any], window: int
) -> Iterator[Measured]:
    """Submit years ahead (at most ``window`` in flight) and hand them out in year order."""
    pending: deque[tuple[YearData, Any]] = deque()
    following = 0
    n_years = len(split.years)
    while pending or following < n_years:
        while following < n_years and len(pending) < window:
            mat = split.year(following)
            pending.append((mat, submit(following, mat)))
            following += 1
        mat, future = pending.popleft()
        ym, caught, *kept = future.result()
        _raise_notes(ym.notes + tuple(caught), stacklevel=5)
        yield mat, ym, kept[0] if kept else None


def _raise_notes(notes: tuple[Note, ...], stacklevel: int) -> None:
    """Raise the kernels' warnings where the user called diagnose: ``stacklevel`` counts
    this function, the generators between it and diagnose, diagnose and the caller."""
    for category, message in notes:
        warnings.warn(message, category, stacklevel=stacklevel)


def _plain_task(mat: YearData, opts: Options) -> tuple[YearMeasures, list[Note]]:
    return measure_year(mat, opts), []


def measure_year_task(mat: YearData, opts: Options) -> tuple[YearMeasures, list[Note]]:
    """:func:`measure_year` as a task in another process: its result and the warnings raised.

    The kernels' own warnings travel in the result; ``catch_warnings`` collects those of the
    numerical kernels below them (a process of its own, so no other thread is affected).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ym = measure_year(mat, opts)
    return ym, [(w.category, str(w.message)) for w in caught]


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
    compact: bool | None = None,
    spill_dir: str | Path | None = None,
    executor: Any = None,
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
    compact : bool or None
        Keep ``region_activity`` compact (``docs/scale.md``): per year the values as a sparse
        matrix, M as bytes and density and COG in a spill folder on disk, materialised as the
        full DataFrame when ``result.region_activity`` is read (each read builds it anew), or
        a year at a time by ``result.region_activity_by_year()``. None (default) is compact
        above 25 million region x activity x year rows; the numbers are the same either way.
    spill_dir : path, optional
        Where a compact result keeps its density and COG files (default: a temporary folder
        removed with the result; a folder given here is kept).
    executor : optional
        Runs each year's kernels as a task: a ``dask.distributed.Client``
        (:func:`yindi.scale.connect`) or a :class:`concurrent.futures.Executor`. The numbers
        are the same as the local run's. None (default) runs them here: the years of a small
        or medium panel side by side on the machine's cores (one BLAS thread each), those of
        a large one in turn.

    Returns
    -------
    DiagnoseResult
        With the ``reliability`` table (:mod:`yindi.stages.diagnose._reliability`): per year
        the rank correlation with the previous year, the resampling rank interval, the
        eigengap and the correlation with income per head, each judged, and a
        :class:`~yindi.errors.ComputationWarning` for every year that fails a check.
    """
    check(replicates=replicates, seed=seed, min_total=min_total, min_population=min_population)
    opts = Options.check(
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
    groups = as_table(activity_groups, ActivityTable)
    know = getattr(data, "knowledge", {})
    if income is None and callable(know.get("income")):
        income = know["income"](data)  # an embedded Dataset's income per head
    incomes = income_frame(income)

    split = YearSplit(panel)
    split.warn_dropped(stacklevel=2)
    shapes = [split.shape(i) for i in range(len(split.years))]
    rows = sum(r * a for r, a in shapes)
    sink: LongTable | CompactRegionActivity = (
        CompactRegionActivity(split.region_labels, split.activity_labels, spill_dir)
        if _compact_choice(compact, rows)
        else LongTable(shapes, split.region_labels, split.activity_labels)
    )
    # The input's SHA-256 (provenance) is taken while the years are measured: hashlib lets go
    # of the GIL, so the hash overlaps the kernels instead of adding to them.
    hasher = ThreadPoolExecutor(1)
    digest = hasher.submit(frame_digest, panel.frame)
    hasher.shutdown(wait=False)
    inputs = {"source": panel.source, "content_sha256": "", "rows": len(panel.frame)}
    source, panel_years = panel.source, list(panel.years)
    del panel  # the split holds what the kernels need; a large validated table can go
    reg_parts: list[dict[str, Any]] = []
    act_parts: list[dict[str, Any]] = []
    diag_rows = []
    widths: dict[int, float] = {}
    kept: dict[int, YearResult] = {}
    n_years = len(split.years)

    def keep(i: int, mat: YearData, ym: YearMeasures) -> tuple[np.ndarray, dict[str, Any]]:
        presence = ym.m.astype(bool)
        if isinstance(sink, LongTable):
            sink.fill(i, mat.year, mat.region_codes, mat.activity_codes, ym)
        else:
            sink.add(
                mat.year,
                mat.region_codes,
                mat.activity_codes,
                mat.cells if mat.cells is not None else _cells_of(ym.x),
                presence,
                ym.std.pci,
                ym.density,
                ym.cog,
                rca_from_values=opts.presence_test != "manual",
            )
        return presence, region_columns(ym, mat, groups)

    for i, (mat, ym, (presence, columns)) in enumerate(
        _measured_years(split, opts, executor, keep)
    ):
        reg_parts.append({"codes": mat.region_codes, "year": mat.year} | columns)
        act_parts.append(
            {
                "codes": mat.activity_codes,
                "year": mat.year,
                "ubiquity": ms.ubiquity(ym.m),
                "pci": ym.std.pci,
            }
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
        kept[mat.year] = YearResult(mat.regions, mat.activities, presence, ym.levels)
        if replicates:
            ranks = stability.bootstrap_rank_interval(
                ym.m, method=opts.method, replicates=replicates, seed=seed
            )
            ranked = ranks.dropna(subset=["rank"])
            widths[mat.year] = float(np.nanmedian(ranked["rank_width"])) / max(len(ranked), 1)
        del mat, ym
        if progress is not None:
            progress(split.years[i], i + 1, n_years)

    options = opts.record() | {"source": source, "years": panel_years}
    if min_total is not None or min_population is not None:
        options |= {"min_total": min_total, "min_population": min_population}
    if replicates:
        options |= {"replicates": replicates, "seed": seed}
    regions = _by_year_frame(reg_parts, "region", split.region_labels)
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
                f"{source}, {row.year}: {row.warnings}; read the complexity ranking "
                "of this year with care (table reliability)",
                ComputationWarning,
                stacklevel=2,
            )
    return DiagnoseResult(
        region_activity=sink.frame() if isinstance(sink, LongTable) else sink,
        region=regions,
        activity=_by_year_frame(act_parts, "activity", split.activity_labels),
        diagnostics=diagnostics,
        reliability=reliability,
        options=options,
        years=kept,
        inputs=inputs | {"content_sha256": digest.result()},
    )


def _cells_of(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows, cols = np.nonzero(x)
    return rows.astype(np.int32), cols.astype(np.int32), x[rows, cols]


def _by_year_frame(parts: list[dict[str, Any]], key: str, labels: np.ndarray) -> pd.DataFrame:
    """One table from per-year columns: ``key`` (Categorical over ``labels``), year, the rest."""
    codes = np.concatenate([p["codes"] for p in parts])
    year = np.concatenate([np.full(p["codes"].size, p["year"], dtype=np.int32) for p in parts])
    columns = [c for c in parts[0] if c not in ("codes", "year")]
    return pd.DataFrame(
        {key: pd.Categorical.from_codes(codes, labels), "year": year}
        | {c: np.concatenate([np.asarray(p[c]) for p in parts]) for c in columns}
    )
