"""The new-quality-productive-forces (NQPF, 新质生产力) index of every region and year.

Indicators in three dimensions (new-type labourers, new means of labour, new objects of labour)
come from a YAML config (shipped default: ``datasets/catalogues/nqpf_indicators.yaml``). The
index follows the convention of the Chinese literature: min-max normalisation by benefit/cost,
entropy weights (+1e-4 shift) pooled over all region-years, TOPSIS closeness as the index and
the weighted sum alongside; the obstacle degree names each region's weakest indicators.

Entropy weights reward a few extreme regions: on the shipped set they put over half the weight
on patents and papers (Beijing, Shanghai) and under 1 % each on CO2 and electricity, so the
obstacle degree names the same innovation indicators as weak points nearly everywhere. Hence:

- ``weighting=`` (:data:`WEIGHTINGS`) chooses the weights, pooled over all complete
  region-years; the index, obstacle degrees and scaling always use the untransformed values:

  ``"entropy"`` (default)
      :func:`~yindi.measures.mcda.entropy_weights`, the literature's convention;
  ``"critic"``
      :func:`~yindi.measures.mcda.critic_weights` (Diakoulaki et al. 1995): contrast times
      conflict, so correlated innovation indicators share their weight;
  ``"equal"``
      :func:`~yindi.measures.mcda.equal_weights_within` the three dimensions;
  ``"entropy_winsorised"``
      entropy weights on the values winsorised at 5 % in each tail
      (:func:`~yindi.measures.mcda.winsorise`);
  ``"entropy_log"``
      entropy weights on ln(1 + x) (:func:`~yindi.measures.mcda.log_transform`).

- :func:`weighting_agreement` and :func:`weights_by_scheme` show how far the regional ranking and
  the weights depend on the scheme;
- :func:`peer_weak_points` judges weak points against comparable regions (the median of a peer
  group, e.g. an income band from :func:`income_bands`) instead of the frontier.

Missing data are handled explicitly: a region-year lacking any indicator gets no index and is
listed in ``missing`` with the indicators it lacks; weights are estimated on the complete
region-years only. Nothing is imputed.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import StrOptions, check, register
from yindi.data.config import load_yaml, quote
from yindi.errors import InputError, OptionError
from yindi.measures import mcda

__all__ = [
    "NQPFConfig",
    "load_nqpf_config",
    "nqpf_index",
    "DEFAULT_NQPF_CONFIG",
    "WEIGHTINGS",
    "weighting_agreement",
    "weights_by_scheme",
    "peer_weak_points",
    "income_bands",
]

DEFAULT_NQPF_CONFIG = files("yindi.datasets") / "catalogues" / "nqpf_indicators.yaml"
DIMENSIONS = ("new-type labourers", "new means of labour", "new objects of labour")
_FIELDS = {
    "id",
    "dimension",
    "name_en",
    "name_zh",
    "numerator",
    "denominator",
    "scale",
    "direction",
}

_Weighting = Callable[[np.ndarray, np.ndarray, Sequence[str]], np.ndarray]
#: weighting scheme -> f(x, benefit, dimensions) giving the weights (see the module docstring).
_WEIGHTING: dict[str, _Weighting] = {
    "entropy": lambda x, benefit, dims: mcda.entropy_weights(x, benefit),
    "critic": lambda x, benefit, dims: mcda.critic_weights(x, benefit),
    "equal": lambda x, benefit, dims: mcda.equal_weights_within(dims),
    "entropy_winsorised": lambda x, benefit, dims: mcda.entropy_weights(mcda.winsorise(x), benefit),
    "entropy_log": lambda x, benefit, dims: mcda.entropy_weights(mcda.log_transform(x), benefit),
}
#: The weighting schemes of :func:`nqpf_index`, the default first.
WEIGHTINGS = tuple(_WEIGHTING)
register("weighting", StrOptions(WEIGHTINGS))


@dataclass(frozen=True)
class NQPFConfig:
    """Validated indicator set: one row per indicator, plus the year window."""

    indicators: (
        pd.DataFrame
    )  # id, dimension, name_en, name_zh, numerator, denominator, scale, direction
    years: tuple[int, int]
    source: str


def load_nqpf_config(
    path: str | Path | None = None, *, columns: list[str] | None = None
) -> NQPFConfig:
    """Read and validate an NQPF indicator config (YAML).

    ``columns`` are the columns of the dataset's ``indicators`` table that numerators and
    denominators may name; unknown ones raise :class:`InputError` with close matches.
    """
    source = "yindi default" if path is None else str(path)
    doc, _ = load_yaml(DEFAULT_NQPF_CONFIG if path is None else path, what=f"indicators {source}")
    if not isinstance(doc, dict) or not isinstance(doc.get("indicators"), list):
        raise InputError(f"{source}: expected a mapping with an 'indicators' list")
    years = doc.get("years")
    if not (
        isinstance(years, list)
        and len(years) == 2
        and all(isinstance(y, int) for y in years)
        and years[0] <= years[1]
    ):
        raise InputError(f"{source}: 'years' must be [first, last], e.g. [2011, 2019]")
    rows, seen = [], set()
    for pos, item in enumerate(doc["indicators"]):
        where = f"{source}: indicator #{pos + 1} ({item.get('id', '?') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected a mapping")
        unknown = set(item) - _FIELDS
        missing = {"id", "dimension", "numerator", "direction"} - set(item)
        if unknown or missing:
            raise InputError(
                f"{where}: unknown fields {sorted(unknown)} / missing {sorted(missing)}"
                f"; allowed: {sorted(_FIELDS)}"
            )
        if item["id"] in seen:
            raise InputError(f"{where}: duplicate id {quote(item['id'])}")
        seen.add(item["id"])
        if item["dimension"] not in DIMENSIONS:
            raise InputError(
                f"{where}: dimension {quote(item['dimension'])}; use one of {DIMENSIONS}"
            )
        if item["direction"] not in ("benefit", "cost"):
            raise InputError(f"{where}: direction {quote(item['direction'])}; use benefit or cost")
        for key in ("numerator", "denominator"):
            col = item.get(key)
            if col is not None and columns is not None and col not in columns:
                close = difflib.get_close_matches(str(col), columns, n=3)
                raise InputError(
                    f"{where}: {key} {quote(col)} is not an indicator column"
                    + (f"; did you mean {close}?" if close else "")
                )
        rows.append(
            {
                "id": item["id"],
                "dimension": item["dimension"],
                "name_en": item.get("name_en", item["id"]),
                "name_zh": item.get("name_zh", ""),
                "numerator": item["numerator"],
                "denominator": item.get("denominator"),
                "scale": float(item.get("scale", 1.0)),
                "direction": item["direction"],
            }
        )
    if len(rows) < 2:
        raise InputError(f"{source}: an index needs at least two indicators")
    return NQPFConfig(pd.DataFrame(rows), (years[0], years[1]), source)


def indicator_values(config: NQPFConfig, indicators: pd.DataFrame) -> pd.DataFrame:
    """Region x year table of the configured indicators (NaN where a source value is missing)."""
    lo, hi = config.years
    part = indicators[(indicators["year"] >= lo) & (indicators["year"] <= hi)]
    out = part[["region", "year"]].copy()
    for row in config.indicators.itertuples(index=False):
        value = part[row.numerator].astype(float) * row.scale
        if isinstance(row.denominator, str):  # missing is None (pandas 2) or NaN (pandas 3)
            value = value / part[row.denominator].astype(float)
        out[row.id] = value.replace([np.inf, -np.inf], np.nan)
    return out.sort_values(["region", "year"], kind="mergesort").reset_index(drop=True)


def nqpf_index(
    config: NQPFConfig, indicators: pd.DataFrame, *, weighting: str = "entropy"
) -> dict[str, Any]:
    """Weighted TOPSIS index, weights and obstacle degrees (see the module docstring).

    ``weighting`` is one of :data:`WEIGHTINGS` (default ``"entropy"``); it changes the weights
    only, never the values the index and obstacle degrees are computed on.

    Returns a dict of DataFrames: ``values`` (region, year, indicators), ``index`` (region,
    year, closeness, weighted_sum, rank within year, one weighted sum per dimension),
    ``weights`` (id, dimension, direction, weight), ``obstacles`` (region, year, indicator,
    obstacle) and ``missing`` (region, year, missing indicators).
    """
    check(weighting=weighting)
    values = indicator_values(config, indicators)
    ids = config.indicators["id"].tolist()
    complete = values[ids].notna().all(axis=1)
    missing = values.loc[~complete, ["region", "year"]].assign(
        missing=[
            ", ".join(c for c in ids if pd.isna(v[c])) for _, v in values[~complete].iterrows()
        ]
    )
    data = values[complete].reset_index(drop=True)
    if len(data) < 2:
        raise InputError("fewer than two complete region-years: no NQPF index can be estimated")
    x = data[ids].to_numpy(dtype=float)
    benefit = (config.indicators["direction"] == "benefit").to_numpy()
    w = _WEIGHTING[weighting](x, benefit, config.indicators["dimension"].tolist())
    z = mcda.minmax_normalise(x, benefit)
    index = data[["region", "year"]].copy()
    index["closeness"] = mcda.topsis(x, w, benefit)
    index["weighted_sum"] = mcda.weighted_sum(x, w, benefit)
    for dim in DIMENSIONS:
        cols = (config.indicators["dimension"] == dim).to_numpy()
        index[dim] = z[:, cols] @ w[cols]
    index["rank"] = index.groupby("year")["closeness"].rank(ascending=False, method="min")
    index["rank"] = index["rank"].astype(int)
    obstacle = mcda.obstacle_degree(x, w, benefit)
    obstacles = (
        pd.DataFrame(obstacle, columns=ids)
        .assign(region=data["region"], year=data["year"])
        .melt(id_vars=["region", "year"], var_name="indicator", value_name="obstacle")
    )
    weights = config.indicators[["id", "dimension", "direction", "name_en", "name_zh"]].assign(
        weight=w
    )
    return {
        "values": values,
        "index": index,
        "weights": weights,
        "obstacles": obstacles.sort_values(
            ["region", "year", "obstacle"], ascending=[True, True, False], kind="mergesort"
        ),
        "missing": missing.reset_index(drop=True),
    }


def _pick_year(years: pd.Series, year: int | None, what: str) -> int:
    known = sorted(int(y) for y in years.unique())
    if not known:
        raise InputError(f"{what}: no complete region-year to judge")
    if year is None:
        return known[-1]
    if year not in known:
        raise InputError(f"{what}: year {year!r} has no complete region-year; years: {known}")
    return int(year)


def weights_by_scheme(
    config: NQPFConfig, indicators: pd.DataFrame, *, schemes: Sequence[str] = WEIGHTINGS
) -> pd.DataFrame:
    """The weight of every indicator under every weighting scheme (tidy).

    Returns one row per scheme and indicator: ``scheme, id, dimension, direction, weight``, in
    the order of ``schemes`` and of the config; each scheme's weights sum to 1.
    """
    for scheme in schemes:
        check(weighting=scheme)
    frames = [
        nqpf_index(config, indicators, weighting=scheme)["weights"][
            ["id", "dimension", "direction", "weight"]
        ].assign(scheme=scheme)
        for scheme in schemes
    ]
    out = pd.concat(frames, ignore_index=True)
    return out[["scheme", "id", "dimension", "direction", "weight"]]


def weighting_agreement(
    config: NQPFConfig,
    indicators: pd.DataFrame,
    year: int | None = None,
    *,
    schemes: Sequence[str] = WEIGHTINGS,
) -> pd.DataFrame:
    r"""Spearman rank correlation of the regional index between every pair of weighting schemes.

    For each scheme the index (TOPSIS closeness) is computed by :func:`nqpf_index`; for each
    unordered pair the regions' closeness in ``year`` is correlated by rank,

    .. math::

        \rho = \operatorname{corr}\bigl(\operatorname{rank}(C^a), \operatorname{rank}(C^b)\bigr),

    with tied regions given their average rank (Spearman 1904). :math:`\rho = 1`: the schemes
    order the regions the same way; the weights may still differ (:func:`weights_by_scheme`). A
    scheme under which every region ties has no ranking and gets NaN.

    Parameters
    ----------
    config : NQPFConfig
        The indicator set.
    indicators : DataFrame
        The dataset's ``indicators`` table (as for :func:`nqpf_index`).
    year : int, optional
        The year whose regional ranking is compared; default the latest with an index.
    schemes : sequence of str, default :data:`WEIGHTINGS`
        The schemes to compare, at least two.

    Returns
    -------
    DataFrame
        One row per pair, in the order of ``schemes``: ``scheme_a, scheme_b, year, regions,
        spearman``.

    References
    ----------
    Spearman, C. (1904). The proof and measurement of association between two things.
    *American Journal of Psychology* 15(1), 72-101.
    """
    for scheme in schemes:
        check(weighting=scheme)
    if len(set(schemes)) < 2:
        raise OptionError(f"schemes={list(schemes)!r} is not valid; give at least two schemes")
    index = {s: nqpf_index(config, indicators, weighting=s)["index"] for s in schemes}
    first = index[schemes[0]]
    y = _pick_year(first["year"], year, "weighting_agreement")
    # Every scheme scores the same complete region-years, so the regions line up.
    closeness = pd.DataFrame(
        {
            s: frame[frame["year"] == y].set_index("region")["closeness"]
            for s, frame in index.items()
        }
    )
    ranks = closeness.rank(method="average")
    rows = [
        {
            "scheme_a": a,
            "scheme_b": b,
            "year": y,
            "regions": len(ranks),
            "spearman": float(np.corrcoef(ranks[a], ranks[b])[0, 1])
            if ranks[a].nunique() > 1 and ranks[b].nunique() > 1
            else np.nan,
        }
        for a, b in itertools.combinations(dict.fromkeys(schemes), 2)
    ]
    return pd.DataFrame(rows)


def peer_weak_points(
    values: pd.DataFrame,
    directions: pd.DataFrame,
    groups: pd.Series,
    *,
    year: int | None = None,
    top: int | None = 3,
) -> pd.DataFrame:
    r"""Weak points judged against comparable regions: the indicators furthest below the peers.

    With :math:`z` the min-max scaled indicators (1 = best, cost indicators turned round),
    scaled over all complete region-years as for the index, region :math:`i` of peer group
    :math:`g` and :math:`P_i` the other regions of :math:`g` with complete data in ``year``:

    .. math:: \text{gap}_{ij} = \operatorname{median}_{k \in P_i} z_{kj} - z_{ij}.

    A positive gap is how far (as a share of the indicator's range) the region falls short of
    the typical comparable region; its weak points are its largest positive gaps. The obstacle
    degree (:func:`~yindi.measures.mcda.obstacle_degree`) measures the shortfall from the
    frontier, :math:`1 - z_{ij}`, times the weight, and so names the same heavily weighted
    indicators for nearly every region; the gap to peers is unweighted, so it does not depend on
    the weighting scheme, and compares a region with regions that can reasonably be matched.

    Parameters
    ----------
    values : DataFrame
        ``region, year`` and one column per indicator (``nqpf_index(...)["values"]``); rows
        with a missing indicator are left out.
    directions : DataFrame
        ``id`` and ``direction`` (benefit or cost) of each indicator: ``config.indicators`` or
        the ``weights`` table.
    groups : Series
        Peer group of every region, indexed by region (e.g. :func:`income_bands`, a region
        type). Every region judged must have a group and at least one peer.
    year : int, optional
        The year judged; default the latest with complete data.
    top : int or None, default 3
        At most this many weak points per region; None keeps every positive gap.

    Returns
    -------
    DataFrame
        ``region, year, indicator, gap_to_peers, peer_group, peers`` (number of other regions
        in the group), regions in order, each region's gaps largest first (ties by indicator
        id). Only positive gaps: a region at or above its peers' median on every indicator
        has no row.

    Raises
    ------
    InputError
        A judged region without a group, or alone in its group; an unknown year; indicator
        columns missing from ``values``.
    """
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise OptionError(f"top={top!r} is not valid; use a whole number >= 1 or None")
    ids = directions["id"].tolist()
    absent = [c for c in ["region", "year", *ids] if c not in values.columns]
    if absent:
        raise InputError(f"peer_weak_points: values lack column(s) {absent}")
    data = values[values[ids].notna().all(axis=1)].reset_index(drop=True)
    y = _pick_year(data["year"], year, "peer_weak_points")
    benefit = (directions["direction"] == "benefit").to_numpy()
    z = mcda.minmax_normalise(data[ids].to_numpy(dtype=float), benefit)
    here = (data["year"] == y).to_numpy()
    regions = data.loc[here, "region"].to_numpy()
    z = z[here]
    groups = pd.Series(groups)
    twice = groups.index[groups.index.duplicated()].unique().tolist()
    if twice:
        raise InputError(f"peer_weak_points: groups names region(s) {twice} more than once")
    group = groups.reindex(regions).to_numpy()
    ungrouped = [str(r) for r, g in zip(regions, group, strict=True) if pd.isna(g)]
    if ungrouped:
        raise InputError(f"peer_weak_points: no peer group for region(s) {ungrouped}")
    alone = [f"{r} ({g})" for r, g in zip(regions, group, strict=True) if (group == g).sum() < 2]
    if alone:
        raise InputError(
            f"peer_weak_points: region(s) {alone} have no peer with complete data in {y}; "
            "merge their group with another"
        )
    rows = []
    for i, region in enumerate(regions):
        peers = (group == group[i]) & (np.arange(len(regions)) != i)
        gap = np.median(z[peers], axis=0) - z[i]
        rows += [
            (region, y, ind, float(g), group[i], int(peers.sum()))
            for ind, g in zip(ids, gap, strict=True)
            if g > 0
        ]
    out = pd.DataFrame(
        rows, columns=["region", "year", "indicator", "gap_to_peers", "peer_group", "peers"]
    )
    out = out.sort_values(["indicator"], kind="mergesort").sort_values(
        ["region", "gap_to_peers"], ascending=[True, False], kind="mergesort"
    )
    if top is not None:
        out = out.groupby("region", sort=False).head(top)
    return out.reset_index(drop=True)


def income_bands(
    indicators: pd.DataFrame,
    year: int,
    *,
    bands: int = 3,
    gdp: str = "gdp_100m_cny",
    population: str = "population_10k",
) -> pd.Series:
    """Income band of every region in ``year`` by GDP per person: peer groups for weak points.

    Regions with both values are ordered by ``gdp / population`` (ties by region name); the
    k-th of n (from 0) falls in band ``floor(bands * k / n)``, so the bands are as equal in size
    as possible (30 regions: 10, 10, 10). Labels: ``"low"``, ``"middle"``, ``"high"`` for three
    bands, else ``"band 1"`` (lowest) ... ``"band <bands>"``.

    Returns
    -------
    Series
        Band label indexed by region, named ``income_band``; regions lacking GDP or population
        in ``year`` are not in it.
    """
    if isinstance(bands, bool) or not isinstance(bands, int) or bands < 2:
        raise OptionError(f"bands={bands!r} is not valid; use a whole number >= 2")
    absent = [c for c in ("region", "year", gdp, population) if c not in indicators.columns]
    if absent:
        raise InputError(f"income_bands: indicators lack column(s) {absent}")
    part = indicators[indicators["year"] == year]
    per_person = (part[gdp].astype(float) / part[population].astype(float)).to_numpy()
    frame = pd.DataFrame({"region": part["region"].to_numpy(), "gdp_pc": per_person})
    frame = frame[np.isfinite(frame["gdp_pc"])]
    if len(frame) < bands:
        raise InputError(
            f"income_bands: {len(frame)} region(s) with GDP and population in {year}, "
            f"fewer than bands={bands}"
        )
    frame = frame.sort_values("region", kind="mergesort").sort_values("gdp_pc", kind="mergesort")
    k = np.arange(len(frame))
    names = ["low", "middle", "high"] if bands == 3 else [f"band {b + 1}" for b in range(bands)]
    labels = [names[b] for b in (bands * k) // len(frame)]
    return pd.Series(labels, index=frame["region"].to_numpy(), name="income_band").sort_index()
