"""The ``diagnose`` stage: where is each region strong, and what lies near it?

It wraps the kernels of :mod:`yindi.measures` over every year of a panel and returns an
immutable :class:`DiagnoseResult` of tidy tables.
"""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from yindi import measures as ms
from yindi._options import choose
from yindi.data import ActivityTable, Panel, RegionTable, YearMatrix
from yindi.errors import ComputationWarning, DroppedWarning, InputError
from yindi.stages._summary import Summary

__all__ = ["diagnose", "DiagnoseResult", "METHODS", "PRESENCE_TESTS", "COG_VARIANTS"]

METHODS = ("eigenvector", "reflections", "fitness")
PRESENCE_TESTS = ("rca", "rpop")
COG_VARIANTS = ("stata", "atlas")


@dataclass(frozen=True)
class YearResult:
    """What one year needs to rebuild its proximity matrix on demand (kept small)."""

    regions: np.ndarray
    activities: np.ndarray
    presence: np.ndarray  # bool, regions x activities
    rca: np.ndarray | None  # only for the continuous proximity


@dataclass(frozen=True)
class DiagnoseResult:
    """Result of :func:`diagnose`.

    Attributes
    ----------
    region_activity : DataFrame
        region, activity, year, value, rca, mcp, density, distance, pci, cog.
    region : DataFrame
        region, year, eci, coi, diversity, hhi, entropy, krugman, theil,
        related_variety, unrelated_variety (the last two need activity groups).
    activity : DataFrame
        activity, year, ubiquity, pci.
    diagnostics : DataFrame
        Per year: regions, activities, lambda2, lambda3, eigengap, dropped lines.
    options : Mapping
        The options used, for the provenance record.
    """

    region_activity: pd.DataFrame
    region: pd.DataFrame
    activity: pd.DataFrame
    diagnostics: pd.DataFrame
    options: Mapping[str, Any]
    years: Mapping[int, YearResult] = field(repr=False)

    def proximity(self, year: int | None = None) -> pd.DataFrame:
        """The activity x activity proximity matrix of ``year`` (default: the latest)."""
        y = max(self.years) if year is None else int(year)
        if y not in self.years:
            raise InputError(f"no diagnosis for year {y}; years are {sorted(self.years)}")
        res = self.years[y]
        phi = ms.proximity(
            res.presence.astype(float),
            method=self.options["proximity_method"],
            levels=res.rca,
            diagonal=ms.get_convention(self.options["convention"]).diagonal,
        )
        labels = pd.Index(res.activities, name="activity")
        return pd.DataFrame(phi, index=labels, columns=labels.rename("activity_2"))

    def summary(self, top: int = 5) -> Summary:
        """Text/HTML summary: per year the most and least complex regions and diagnostics."""
        y = max(self.years)
        reg = self.region[self.region["year"] == y].sort_values("eci", ascending=False)
        act = self.activity[self.activity["year"] == y].sort_values("pci", ascending=False)
        diag = self.diagnostics[self.diagnostics["year"] == y].iloc[0]
        head = {
            "years": ", ".join(str(k) for k in sorted(self.years)),
            "method / convention": f"{self.options['method']} / {self.options['convention']}",
            f"regions x activities ({y})": f"{diag['regions']} x {diag['activities']}",
            "eigengap lambda3/lambda2": f"{diag['eigengap']:.3f}",
        }
        cols = ["region", "eci", "coi", "diversity"]
        low = min(top, max(len(reg) - top, 0))  # never repeat a region of the top table
        tables = {
            f"Highest ECI ({y})": reg.head(top)[cols],
            f"Lowest ECI ({y})": reg.iloc[::-1].head(low)[cols],
            f"Most complex activities ({y})": act.head(top)[["activity", "pci", "ubiquity"]],
        }
        return Summary("yindi diagnose", head, tables)


def _as_panel(data: Any, columns: dict[str, str], measure: str) -> Panel:
    if isinstance(data, Panel):
        return data
    if hasattr(data, "panel") and callable(data.panel):  # an embedded Dataset
        return Panel.from_frame(data.panel(measure), source=getattr(data, "name", "dataset"))
    return Panel.from_frame(data, **columns)


def _presence(
    mat: YearMatrix,
    x: np.ndarray,
    presence_test: str,
    population: RegionTable | None,
    conv: ms.Convention,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray]:
    rca = ms.revealed_comparative_advantage(x)
    if presence_test == "rpop":
        if population is None:
            raise InputError("presence_test='rpop' needs population= (region, [year], population)")
        pop = population.values_for("population", mat.regions, mat.year)
        level = ms.revealed_per_capita_advantage(x, pop)
    else:
        level = rca
    m = ms.presence(level, threshold, strict=conv.strict_threshold)
    return rca, m


def _complexity(
    m: np.ndarray, method: str, iterations: int, extremality: float, year: int
) -> ms.RawComplexity:
    """Raw complexity on the lines with non-zero degree; NaN for the others (with a warning)."""
    rows, cols = m.sum(axis=1) > 0, m.sum(axis=0) > 0
    if not (rows.all() and cols.all()):
        warnings.warn(
            f"year {year}: {int((~rows).sum())} region(s) with zero diversity and "
            f"{int((~cols).sum())} activit(y/ies) with zero ubiquity get NaN complexity",
            ComputationWarning,
            stacklevel=3,
        )
    sub = m[rows][:, cols]
    kernels: dict[str, Callable[[], ms.RawComplexity]] = {
        "eigenvector": lambda: ms.eigenvector_complexity(sub),
        "reflections": lambda: ms.reflections_complexity(sub, iterations),
        "fitness": lambda: ms.fitness_complexity(sub, iterations, extremality),
    }
    raw = kernels[method]()
    if method == "eigenvector" and raw.eigenvalues[0] > 1 - 1e-9:
        warnings.warn(
            f"year {year}: the second eigenvalue is 1, so the region-activity network is "
            "disconnected; ECI separates components instead of ranking complexity",
            ComputationWarning,
            stacklevel=3,
        )
    kc, kp = np.full(m.shape[0], np.nan), np.full(m.shape[1], np.nan)
    kc[rows], kp[cols] = raw.kc, raw.kp
    return ms.RawComplexity(kc, kp, raw.eigenvalues)


def _code_dtype(n: int) -> type[np.signedinteger]:
    """The integer type pandas keeps Categorical codes in, so wrapping them copies nothing."""
    for dtype in (np.int8, np.int16, np.int32):
        if n < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _codes(labels: np.ndarray, categories: np.ndarray) -> np.ndarray:
    return np.searchsorted(categories, labels)


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
    activity_groups: Any = None,
    iterations: int = 20,
    extremality: float = 1.0,
    measure: str = "gross_output",
    region: str = "region",
    activity: str = "activity",
    value: str = "value",
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
        Presence threshold on RCA (or RPOP).
    convention : {"stata", "py-ecomplexity", "economic-complexity"}
        Which reference's conventions to follow (see ``docs/conventions.md``).
    proximity_method : see :data:`yindi.measures.PROXIMITY_METHODS`
    cog_variant : {"stata", "atlas"}
        COG as Stata ``ecomplexity`` / py-ecomplexity, or the Atlas form with
        ``- (1 - d) PCI`` (computed from standardised PCI).
    presence_test : {"rca", "rpop"}
        RPOP needs ``population`` (RegionTable or frame with region, [year], population).
    activity_groups : ActivityTable or frame with activity, group; optional
        Groups for related/unrelated variety. An embedded Dataset supplies its own
        (``activities.group``) when this is not given.
    measure : str
        Which measure of an embedded Dataset to use.
    region, activity, value : str
        Column names of a long table.
    progress : callable, optional
        Called as ``progress(year, done, total)`` after each year (the CLI's progress bar).

    Returns
    -------
    DiagnoseResult
    """
    choose("method", method, METHODS)
    conv = ms.get_convention(convention)
    choose("proximity_method", proximity_method, ms.PROXIMITY_METHODS)
    choose("cog_variant", cog_variant, COG_VARIANTS)
    choose("presence_test", presence_test, PRESENCE_TESTS)
    if isinstance(rca_threshold, bool) or not (
        isinstance(rca_threshold, int | float) and np.isfinite(rca_threshold) and rca_threshold >= 0
    ):
        raise InputError(f"rca_threshold={rca_threshold!r}: use a finite number >= 0, e.g. 1.0")
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 2:
        raise InputError(f"iterations={iterations!r}: use a whole number >= 2, e.g. 20")
    if isinstance(year, str) and year.strip().isdigit():
        columns_of = getattr(data, "columns", ())
        if year not in columns_of:
            raise InputError(
                f"year={year!r} is read as the name of the year column, and there is no such "
                f"column; to compute only that year pass year={int(year)} (a number)"
            )
    year_col = year if isinstance(year, str) else "year"
    selection = years if isinstance(year, str) or year is None else year
    columns = {"region": region, "activity": activity, "year": year_col, "value": value}
    panel = _as_panel(data, columns, measure).select_years(selection)
    pop = (
        None
        if population is None
        else (
            population
            if isinstance(population, RegionTable)
            else RegionTable.from_frame(population)
        )
    )
    if activity_groups is None and hasattr(data, "activities"):
        table = data.activities
        activity_groups = table if "group" in getattr(table, "columns", ()) else None
    groups = (
        None
        if activity_groups is None
        else (
            activity_groups
            if isinstance(activity_groups, ActivityTable)
            else ActivityTable.from_frame(activity_groups)
        )
    )
    all_regions = np.asarray(panel.frame["region"].cat.categories, dtype=object)
    all_activities = np.asarray(panel.frame["activity"].cat.categories, dtype=object)
    pending: deque[YearMatrix] = deque()
    for y in panel.years:
        mat = panel.matrix(y, warn=False)
        if mat.dropped_regions or mat.dropped_activities:
            warnings.warn(
                f"{panel.source}, year {y}: dropped all-zero regions {list(mat.dropped_regions)} "
                f"and activities {list(mat.dropped_activities)} from the computation",
                DroppedWarning,
                stacklevel=2,
            )
        pending.append(mat)
    n_years = len(pending)
    sizes = [m.values.shape[0] * m.values.shape[1] for m in pending]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    # One allocation per column for all years: no concatenation copies of the long table.
    # The float columns share one 2-D block so the DataFrame wraps it without a copy.
    float_cols = ("value", "rca", "density", "distance", "pci", "cog")
    block = np.empty((offsets[-1], len(float_cols)))
    ra = {c: block[:, i] for i, c in enumerate(float_cols)}
    mcp_col = np.empty(offsets[-1], dtype=np.int8)
    ra_codes = {
        "region": np.empty(offsets[-1], dtype=_code_dtype(all_regions.size)),
        "activity": np.empty(offsets[-1], dtype=_code_dtype(all_activities.size)),
        "year": np.empty(offsets[-1], dtype=np.int32),
    }

    reg_parts, act_parts, diag_rows = [], [], []
    kept: dict[int, YearResult] = {}
    for i, (lo, hi) in enumerate(zip(offsets[:-1], offsets[1:], strict=True)):
        mat = pending.popleft()  # each year's input is released once used
        y = mat.year
        x = mat.values.toarray()
        rca, m = _presence(mat, x, presence_test, pop, conv, rca_threshold)
        raw = _complexity(m, method, iterations, extremality, y)
        levels = rca if proximity_method == "continuous" else None
        phi = ms.proximity(m, method=proximity_method, levels=levels, diagonal=conv.diagonal)
        dens = ms.relatedness_density(m, phi)
        coi = ms.complexity_outlook_index(m, dens, raw.kp)
        cog_raw = ms.complexity_outlook_gain(m, phi, raw.kp)
        std = ms.standardise(
            conv,
            raw.kc,
            raw.kp,
            coi,
            cog_raw,
            pci_scale="own" if method == "reflections" else None,
            zscore_indices=method != "fitness",
        )
        cog = (
            std.cog
            if cog_variant == "stata"
            else ms.complexity_outlook_gain(m, phi, std.pci, variant="atlas", density=dens)
        )
        nr, na = m.shape
        r_codes, a_codes = _codes(mat.regions, all_regions), _codes(mat.activities, all_activities)
        ra_codes["region"][lo:hi] = np.repeat(r_codes, na)
        ra_codes["activity"][lo:hi] = np.tile(a_codes, nr)
        ra_codes["year"][lo:hi] = y
        ra["value"][lo:hi] = x.ravel()
        ra["rca"][lo:hi] = rca.ravel()
        mcp_col[lo:hi] = m.ravel()
        ra["density"][lo:hi] = dens.ravel()
        ra["distance"][lo:hi] = ms.relatedness_distance(dens).ravel()
        ra["pci"][lo:hi] = np.tile(std.pci, nr)
        ra["cog"][lo:hi] = cog.ravel()
        related = unrelated = np.full(nr, np.nan)
        if groups is not None:
            related, unrelated = ms.related_unrelated_variety(
                x, groups.column_for("group", mat.activities)
            )
        reg_parts.append(
            pd.DataFrame(
                {
                    "region": pd.Categorical.from_codes(r_codes, all_regions),
                    "year": np.full(nr, y, dtype=np.int32),
                    "eci": std.eci,
                    "coi": std.coi,
                    "diversity": ms.diversity(m),
                    "hhi": ms.herfindahl(x),
                    "entropy": ms.shannon_entropy(x),
                    "krugman": ms.krugman_specialisation(x),
                    "theil": ms.relative_theil(x),
                    "related_variety": related,
                    "unrelated_variety": unrelated,
                }
            )
        )
        act_parts.append(
            pd.DataFrame(
                {
                    "activity": pd.Categorical.from_codes(a_codes, all_activities),
                    "year": np.full(na, y, dtype=np.int32),
                    "ubiquity": ms.ubiquity(m),
                    "pci": std.pci,
                }
            )
        )
        diag_rows.append(
            {
                "year": y,
                "regions": nr,
                "activities": na,
                "lambda2": raw.eigenvalues[0],
                "lambda3": raw.eigenvalues[1],
                "eigengap": raw.eigengap,
                "dropped_regions": "; ".join(mat.dropped_regions),
                "dropped_activities": "; ".join(mat.dropped_activities),
            }
        )
        kept[y] = YearResult(mat.regions, mat.activities, m.astype(bool), levels)
        if progress is not None:
            progress(y, i + 1, n_years)

    region_activity = pd.DataFrame(block, columns=list(float_cols), copy=False)
    region_activity.insert(0, "region", pd.Categorical.from_codes(ra_codes["region"], all_regions))
    region_activity.insert(
        1, "activity", pd.Categorical.from_codes(ra_codes["activity"], all_activities)
    )
    region_activity.insert(2, "year", ra_codes["year"])
    region_activity.insert(5, "mcp", mcp_col)

    options = {
        "method": method,
        "convention": convention,
        "rca_threshold": rca_threshold,
        "proximity_method": proximity_method,
        "cog_variant": cog_variant,
        "presence_test": presence_test,
        "iterations": iterations,
        "extremality": extremality,
        "source": panel.source,
        "years": list(panel.years),
    }
    return DiagnoseResult(
        region_activity=region_activity,
        region=pd.concat(reg_parts, ignore_index=True),
        activity=pd.concat(act_parts, ignore_index=True),
        diagnostics=pd.DataFrame(diag_rows),
        options=options,
        years=kept,
    )
