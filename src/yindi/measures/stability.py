r"""How far to trust a complexity ranking: stability and face validity.

A complexity ranking can be an artefact of a small or unstructured region x activity network.
Four diagnostics say how much of it is signal:

- **year-to-year rank correlation** (:func:`year_rank_correlation`): structure changes slowly,
  so the ranking of the same regions in consecutive years should agree;
- **resampling interval of each region's rank** (:func:`bootstrap_rank_interval`): resampling
  the activities with replacement and recomputing complexity shows how much each rank rests on
  the particular list of activities;
- **eigengap** :math:`\lambda_3 / \lambda_2` (:class:`~yindi.measures.RawComplexity`): near 1
  the second eigenvector, which *is* the ECI, is barely separated from the third and any small
  change of the data can rotate it;
- **face validity** (:func:`face_validity`): Hidalgo & Hausmann (2009) validate ECI by its
  positive association with income per head; a ranking that falls as income rises measures
  something else (often specialisation in resources or a large, undiversified sector).

:class:`Reliability` gathers the four numbers, judges them against :class:`Thresholds` and
words a warning for each failure. All functions are pure: no I/O, no printing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import rankdata

from yindi._options import Interval, choose
from yindi.errors import InputError, OptionError
from yindi.measures.complexity import (
    eigenvector_complexity,
    fitness_complexity,
    reflections_complexity,
)

__all__ = [
    "MIN_YEAR_SPEARMAN",
    "MAX_RANK_WIDTH",
    "MAX_EIGENGAP",
    "MIN_INCOME_SPEARMAN",
    "RANK_WINDOW",
    "MIN_PAIRS",
    "TIE_DIGITS",
    "Thresholds",
    "Reliability",
    "year_rank_correlation",
    "bootstrap_rank_interval",
    "face_validity",
    "assess_reliability",
]

#: lowest acceptable Spearman correlation of region complexity between consecutive years.
MIN_YEAR_SPEARMAN = 0.70
#: highest acceptable median width of the resampling rank interval, as a share of the regions.
MAX_RANK_WIDTH = 0.25
#: highest acceptable eigengap lambda3/lambda2 (near 1 the ECI eigenvector is fragile).
MAX_EIGENGAP = 0.90
#: the Spearman correlation with income per head must exceed this (complexity rises with income).
MIN_INCOME_SPEARMAN = 0.0
#: a replicate's rank counts as "close" when within this share of the regions of the full rank.
RANK_WINDOW = 0.10
#: fewer paired values than this leave a rank correlation undefined (NaN).
MIN_PAIRS = 3
#: complexities equal to this many significant digits share a rank.
TIE_DIGITS = 10

_REPLICATES = Interval(1, None, integer=True, example=200)
_SEED = Interval(0, None, integer=True, example=0)
_LEVEL = Interval(0, 1, closed="neither", example=0.9)
_WINDOW = Interval(0, 1, closed="right", example=RANK_WINDOW)

_KERNELS: dict[str, Callable[[np.ndarray, int, float], np.ndarray]] = {
    "eigenvector": lambda m, it, ex: eigenvector_complexity(m).kc,
    "reflections": lambda m, it, ex: reflections_complexity(m, it).kc,
    "fitness": lambda m, it, ex: fitness_complexity(m, it, ex).kc,
}


def _check(name: str, value: Any, constraint: Interval) -> None:
    if not constraint.valid(value):
        raise OptionError(f"{name}={value!r} is not valid; use {constraint.describe()}")


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation of average ranks; NaN below MIN_PAIRS or when one side is constant."""
    if x.size < MIN_PAIRS:
        return float("nan")
    rx, ry = rankdata(x), rankdata(y)
    if np.ptp(rx) == 0 or np.ptp(ry) == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def _finite_or_nan(values: pd.Series, what: str) -> np.ndarray:
    try:
        out = pd.to_numeric(values, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what} must be numbers (NaN for missing); {exc}") from None
    if np.isinf(out).any():
        raise InputError(f"{what} holds an infinite value; use NaN for a missing value")
    return out


def year_rank_correlation(
    values: pd.DataFrame, *, key: str = "region", year: str = "year", value: str = "value"
) -> pd.DataFrame:
    r"""Spearman rank correlation of a value between consecutive years, entity by entity.

    For each pair of consecutive years present in ``values`` the entities with a (non-NaN)
    value in both years are ranked in each year and

    .. math:: \rho = \frac{\operatorname{cov}(R_{t}, R_{t+1})}{\sigma_{R_t}\,\sigma_{R_{t+1}}},

    which without ties equals :math:`1 - 6\sum_i d_i^2 / (n(n^2-1))`, :math:`d_i` the rank
    difference. Ties get their average rank.

    Parameters
    ----------
    values : DataFrame
        Long table with one row per entity and year: columns ``key``, ``year``, ``value``
        (e.g. region, year, eci). NaN values mean "no value that year".
    key, year, value : str
        Column names.

    Returns
    -------
    DataFrame
        One row per consecutive pair of years (sorted): ``year_from``, ``year_to``,
        ``spearman`` (NaN when ``n`` < 3 or one year's values are all equal) and ``n``, the
        number of entities with a value in both years.

    References
    ----------
    Spearman, C. (1904). The proof and measurement of association between two things.
    American Journal of Psychology, 15(1), 72-101.
    """
    missing = [c for c in (key, year, value) if c not in values.columns]
    if missing:
        raise InputError(
            f"the rank correlation between years needs columns {key!r}, {year!r}, {value!r}; "
            f"missing {missing} (columns are {list(values.columns)})"
        )
    frame = pd.DataFrame(
        {
            "key": values[key].astype(object).to_numpy(),
            "year": values[year].to_numpy(),
            "value": _finite_or_nan(values[value], f"column {value!r}"),
        }
    )
    twice = frame.duplicated(["key", "year"])
    if twice.any():
        row = frame[twice].iloc[0]
        raise InputError(
            f"{key}={row['key']!r} appears more than once in {year} {row['year']!r}; give one "
            f"{value!r} per {key} and year"
        )
    years = np.sort(frame["year"].unique())
    wide = frame.pivot(index="key", columns="year", values="value")
    rows = []
    for y0, y1 in zip(years[:-1], years[1:], strict=True):
        pair = wide[[y0, y1]].dropna()
        a, b = pair[y0].to_numpy(), pair[y1].to_numpy()
        rows.append({"year_from": y0, "year_to": y1, "spearman": _spearman(a, b), "n": len(pair)})
    out = pd.DataFrame(rows, columns=["year_from", "year_to", "spearman", "n"])
    return out.astype({"spearman": float, "n": int})


def _region_complexity(
    m: np.ndarray, kernel: Callable[[np.ndarray, int, float], np.ndarray], it: int, ex: float
) -> np.ndarray:
    """Complexity on the lines with non-zero degree; NaN for regions left with none."""
    rows, cols = m.sum(axis=1) > 0, m.sum(axis=0) > 0
    kc = np.full(m.shape[0], np.nan)
    if rows.sum() < 2 or cols.sum() < 2:  # no ranking exists on one region or activity
        return kc
    kc[rows] = kernel(m[rows][:, cols], it, ex)
    return kc


def _descending_ranks(kc: np.ndarray) -> np.ndarray:
    """1 = most complex among the finite values; ties share their average rank; NaN stays.

    Values equal to TIE_DIGITS digits (relative to the largest) tie: identical regions get
    complexities that differ only by round-off, whose size depends on the BLAS.
    """
    out = np.full(kc.shape, np.nan)
    ok = np.isfinite(kc)
    vals = kc[ok]
    scale = float(np.max(np.abs(vals))) if vals.size else 0.0
    if scale > 0:
        vals = np.round(vals / scale, TIE_DIGITS)
    out[ok] = rankdata(-vals, method="average")
    return out


def _as_presence(m: Any) -> np.ndarray:
    dense = np.asarray(m.toarray() if sp.issparse(m) else m, dtype=float)
    if dense.ndim != 2:
        raise InputError(
            f"the presence matrix must be 2-D (regions x activities), got {dense.ndim}-D"
        )
    if not np.isin(dense, (0.0, 1.0)).all():
        raise InputError(
            "the presence matrix must hold only 0 and 1; build it with presence(rca, threshold)"
        )
    return dense


def bootstrap_rank_interval(
    m: Any,
    *,
    method: str = "eigenvector",
    replicates: int = 200,
    seed: int = 0,
    level: float = 0.9,
    window: float = RANK_WINDOW,
    regions: Sequence[Any] | None = None,
    iterations: int = 20,
    extremality: float = 1.0,
) -> pd.DataFrame:
    r"""Resampling (bootstrap) interval of each region's complexity rank.

    Each replicate draws the activities (columns of the binary presence matrix ``M``) with
    replacement, ``a`` draws of ``a`` columns, and recomputes region complexity with the chosen
    kernel. Regions left with no activity in a replicate (and activities present nowhere) are
    dropped from it and the region's rank is NaN there; the others are ranked among themselves.
    The eigenvector's sign is arbitrary, so each eigenvector replicate is turned to correlate
    positively with the full-sample vector (reflections and fitness have a fixed direction, so
    flipping them would hide a real reversal). Rank 1 is the most complex; ties (equal to
    ``TIE_DIGITS`` digits) share their average rank. The interval is the percentile interval
    (Efron & Tibshirani 1993, ch. 13): the :math:`(1-\text{level})/2` and
    :math:`(1+\text{level})/2` quantiles of the replicate ranks (numpy's linear interpolation).

    We resample ``M`` rather than the RCA matrix: presence is what every complexity kernel
    reads, and the threshold convention (``>`` or ``>=``) was already applied when building it.

    Parameters
    ----------
    m : ndarray or sparse matrix, shape (regions, activities)
        Binary presence matrix (0/1), e.g. :func:`~yindi.measures.presence`. Regions with no
        activity get NaN in every column.
    method : {"eigenvector", "reflections", "fitness"}
    replicates : int, default 200
    seed : int, default 0
        Seed of ``numpy.random.default_rng``; the same seed gives the same frame.
    level : float, default 0.9
        Coverage of the percentile interval.
    window : float, default RANK_WINDOW (0.10)
        ``share_within`` counts replicate ranks within ``window * n`` of the full rank.
    regions : sequence, optional
        Row labels for the index (default 0..regions-1).
    iterations, extremality
        Passed to the reflections and fitness kernels.

    Returns
    -------
    DataFrame, one row per region in row order
        ``rank`` (full sample), ``rank_low``, ``rank_high`` (the percentile interval),
        ``rank_width`` (= high - low, in ranks), ``share_within`` (share of the replicates that
        rank the region whose rank is within ``window * n`` of ``rank``, n the regions ranked
        in the full sample) and ``replicates_ranked`` (in how many replicates it was ranked).

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.
    Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic complexity. PNAS.
    """
    kernel = _KERNELS[choose("method", method, _KERNELS)]
    _check("replicates", replicates, _REPLICATES)
    _check("seed", seed, _SEED)
    _check("level", level, _LEVEL)
    _check("window", window, _WINDOW)
    x = _as_presence(m)
    n_reg, n_act = x.shape
    if regions is not None and len(regions) != n_reg:
        raise InputError(f"regions has {len(regions)} labels for a matrix with {n_reg} rows")

    full = _region_complexity(x, kernel, iterations, extremality)
    full_rank = _descending_ranks(full)
    ranked = np.isfinite(full)
    n = int(ranked.sum())
    draws = np.random.default_rng(seed).integers(0, n_act, size=(replicates, n_act))
    ranks = np.full((replicates, n_reg), np.nan)
    for b, cols in enumerate(draws):
        kc = _region_complexity(x[:, cols], kernel, iterations, extremality)
        both = np.isfinite(kc) & ranked
        if method == "eigenvector" and both.sum() >= 2:
            a, f = kc[both], full[both]
            if np.ptp(a) > 0 and np.ptp(f) > 0 and np.corrcoef(a, f)[0, 1] < 0:
                kc = -kc
        ranks[b] = _descending_ranks(kc)

    valid = np.isfinite(ranks) & ranked[None, :]
    counts = valid.sum(axis=0)
    low, high = np.full(n_reg, np.nan), np.full(n_reg, np.nan)
    some = counts > 0
    if some.any():
        q = [50.0 * (1.0 - level), 50.0 * (1.0 + level)]
        low[some], high[some] = np.nanpercentile(np.where(valid, ranks, np.nan)[:, some], q, axis=0)
    close = valid & (np.abs(ranks - full_rank[None, :]) <= window * n)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(some, close.sum(axis=0) / counts, np.nan)
    index = pd.RangeIndex(n_reg) if regions is None else pd.Index(list(regions))
    return pd.DataFrame(
        {
            "rank": full_rank,
            "rank_low": low,
            "rank_high": high,
            "rank_width": high - low,
            "share_within": share,
            "replicates_ranked": counts.astype(int),
        },
        index=index.rename("region"),
    )


def face_validity(complexity: pd.Series, income: pd.Series) -> tuple[float, int]:
    """Spearman correlation of complexity with income per head, and how many regions it uses.

    The two series are matched on their index; regions missing from either, or NaN in either,
    are left out. Hidalgo & Hausmann (2009) validate ECI by its positive association with
    income per head, so a correlation at or below 0 says the ranking measures something else.

    Parameters
    ----------
    complexity, income : Series
        Indexed by region (unique labels).

    Returns
    -------
    (float, int)
        Spearman's rho (NaN when fewer than 3 regions match or one side is constant) and the
        number of regions used.

    References
    ----------
    Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic complexity. PNAS.
    Spearman, C. (1904). The proof and measurement of association between two things.
    """
    for name, s in (("complexity", complexity), ("income", income)):
        if s.index.has_duplicates:
            label = s.index[s.index.duplicated()][0]
            raise InputError(f"{name} has region {label!r} more than once; give one value each")
    c = pd.Series(_finite_or_nan(complexity, "complexity"), index=complexity.index)
    i = pd.Series(_finite_or_nan(income, "income per head"), index=income.index)
    both = pd.concat([c.rename("c"), i.rename("i")], axis=1, join="inner").dropna()
    return _spearman(both["c"].to_numpy(), both["i"].to_numpy()), len(both)


@dataclass(frozen=True)
class Thresholds:
    """Limits a reliable complexity ranking meets; defaults are the module constants.

    A ranking passes when year rank correlation >= ``min_year_spearman`` (0.70), median
    resampling rank width / n <= ``max_rank_width`` (0.25), lambda3/lambda2 <=
    ``max_eigengap`` (0.90) and rank correlation with income per head > ``min_income_spearman``
    (0). The first two are rules of thumb for "the same regions lead from year to year and
    whichever activities are listed"; the eigengap limit flags near-degenerate spectra.
    """

    min_year_spearman: float = MIN_YEAR_SPEARMAN
    max_rank_width: float = MAX_RANK_WIDTH
    max_eigengap: float = MAX_EIGENGAP
    min_income_spearman: float = MIN_INCOME_SPEARMAN


@dataclass(frozen=True)
class Reliability:
    """Stability and face-validity diagnostics of one complexity ranking.

    A diagnostic that could not be computed is NaN and neither passes nor fails: ``stable`` and
    ``valid`` are False only when an available diagnostic breaks its threshold.

    Attributes
    ----------
    year_spearman : float
        Lowest rank correlation over consecutive pairs of years; ``years`` is that pair.
    median_rank_width : float
        Median width of the resampling rank intervals, as a share of the ``n`` regions.
    eigengap : float
        lambda3/lambda2 of the eigenvector method.
    income_spearman : float
        Rank correlation with income per head over ``income_n`` regions.
    n : int
        Regions ranked in the full sample (resampling).
    years : (int, int) or None
    income_n : int
    thresholds : Thresholds
    """

    year_spearman: float = float("nan")
    median_rank_width: float = float("nan")
    eigengap: float = float("nan")
    income_spearman: float = float("nan")
    n: int = 0
    years: tuple[int, int] | None = None
    income_n: int = 0
    thresholds: Thresholds = field(default_factory=Thresholds)

    def _stability_failures(self, t: Thresholds) -> list[str]:
        out = []
        if self.year_spearman < t.min_year_spearman:  # False for NaN: not available
            when = (
                f"between {self.years[0]} and {self.years[1]}"
                if self.years is not None
                else "from one year to the next"
            )
            out.append(
                f"region complexity ranks change {when} (rank correlation "
                f"{self.year_spearman:.2f}, needs >= {t.min_year_spearman:.2f})"
            )
        if self.median_rank_width > t.max_rank_width:
            out.append(
                "region complexity ranks are uncertain: resampling the activities, a typical "
                f"region's rank range spans {self.median_rank_width:.0%} of the {self.n} "
                f"regions (needs <= {t.max_rank_width:.0%})"
            )
        if self.eigengap > t.max_eigengap:
            out.append(
                "the complexity ranking rests on a weak signal: the third eigenvalue is "
                f"{self.eigengap:.2f} times the second (needs <= {t.max_eigengap:.2f})"
            )
        return out

    def _validity_failures(self, t: Thresholds) -> list[str]:
        if not self.income_spearman <= t.min_income_spearman:  # NaN: no income data
            return []
        trend = (
            "falls as income per head rises"
            if self.income_spearman < 0
            else "barely rises with income per head"
        )
        return [
            f"complexity {trend} (rank correlation "
            f"{self.income_spearman:.2f} over {self.income_n} regions, needs > "
            f"{t.min_income_spearman:.2f})"
        ]

    def warnings(self, thresholds: Thresholds | None = None) -> list[str]:
        """Plain-language warning for each failed diagnostic (empty when all pass).

        ``thresholds`` overrides the ones stored in the result.
        """
        t = self.thresholds if thresholds is None else thresholds
        return self._stability_failures(t) + self._validity_failures(t)

    @property
    def stable(self) -> bool:
        """No available stability diagnostic (years, resampling, eigengap) fails."""
        return not self._stability_failures(self.thresholds)

    @property
    def valid(self) -> bool:
        """The correlation with income per head, when available, passes."""
        return not self._validity_failures(self.thresholds)


def assess_reliability(
    *,
    year_correlations: pd.DataFrame | None = None,
    rank_intervals: pd.DataFrame | None = None,
    eigengap: float = float("nan"),
    income: tuple[float, int] | None = None,
    thresholds: Thresholds | None = None,
) -> Reliability:
    """Gather the diagnostics of one complexity ranking into a :class:`Reliability`.

    Parameters
    ----------
    year_correlations : DataFrame, optional
        :func:`year_rank_correlation`'s output; the lowest non-NaN ``spearman`` is kept with
        its pair of years (the earliest pair on a tie).
    rank_intervals : DataFrame, optional
        :func:`bootstrap_rank_interval`'s output; the median ``rank_width`` over the ranked
        regions is divided by their number ``n``.
    eigengap : float, optional
        lambda3/lambda2 (:attr:`RawComplexity.eigengap`, the ``diagnostics`` table of diagnose).
    income : (float, int), optional
        :func:`face_validity`'s output.
    thresholds : Thresholds, optional
        Defaults to the module constants.
    """
    year_rho, years = float("nan"), None
    if year_correlations is not None:
        ok = year_correlations.dropna(subset=["spearman"])
        if len(ok):
            worst = ok.iloc[int(np.argmin(ok["spearman"].to_numpy()))]
            year_rho = float(worst["spearman"])
            years = (int(worst["year_from"]), int(worst["year_to"]))
    width, n = float("nan"), 0
    if rank_intervals is not None:
        ranked = rank_intervals.dropna(subset=["rank"])
        n = len(ranked)
        widths = ranked["rank_width"].to_numpy(dtype=float)
        if np.isfinite(widths).any():
            width = float(np.nanmedian(widths)) / n
    income_rho, income_n = (float("nan"), 0) if income is None else income
    return Reliability(
        year_spearman=year_rho,
        median_rank_width=width,
        eigengap=float(eigengap),
        income_spearman=float(income_rho),
        n=n,
        years=years,
        income_n=int(income_n),
        thresholds=Thresholds() if thresholds is None else thresholds,
    )
