"""The ``plan`` stage: classified guidance and a differentiated path for every region.

``plan(dataset)`` runs the chain diagnose -> endowments -> fit -> opportunities -> classify ->
paths on one dataset and returns an immutable :class:`PlanResult`. Each step is a documented
module of its own (:mod:`~yindi.stages.plan.opportunities`, :mod:`~yindi.stages.classify`,
:mod:`~yindi.stages.plan.paths`); this module only wires them together.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from yindi._options import Interval, check, check_weights, register
from yindi._results import FrozenFrame, Result
from yindi.data.carbon import sector_carbon_intensity
from yindi.data.catalogue import Catalogue, load_catalogue
from yindi.data.endowments import endowment_table, quality_columns
from yindi.datasets import resolve
from yindi.errors import ComputationWarning, InputError
from yindi.stages._summary import Summary
from yindi.stages.classify import ClassifyRules, classify, cluster_regions, region_indicators
from yindi.stages.diagnose import DiagnoseResult, diagnose, income_frame
from yindi.stages.plan.opportunities import (
    ATTRACTIVENESS_WEIGHTS,
    endowment_fit,
    opportunity_table,
    quality_scores,
)
from yindi.stages.plan.paths import PathOptions, region_paths
from yindi.stages.plan.peers import diversification_table, peers_table
from yindi.stages.plan.signal import choose_signal
from yindi.stages.plan.standing import standing_table
from yindi.stages.productivity import ProductivityResult, latest_closeness, productivity

__all__ = ["PlanResult", "duplication_table", "plan"]

register("endowment_weight", Interval(0, 1, example=0.35))
register("seed", Interval(0, None, integer=True, example=0))
register("duplication_share", Interval(0, 1, example=0.25))

#: Resampling replicates behind the network complexity's rank intervals in a plan.
PLAN_REPLICATES = 100

#: Tracks whose industries the duplication check counts (transform items are each region's own
#: traditional sectors, not a national choice).
DUPLICATION_TRACKS = ("cultivate", "prepare")


@dataclass(frozen=True)
class PlanResult(Result):
    """Result of :func:`plan`: tidy tables plus what the report needs to draw them.

    Attributes
    ----------
    types : DataFrame
        region, type, approach, reasons, and the indicators the rules read.
    paths : DataFrame
        region, track (transform / cultivate / prepare), industry, name_en, name_zh, rank,
        score, evidence.
    endowment_fit : DataFrame
        region, industry, fit, confidence, excluded, reason, part_<quality>...
    opportunities : DataFrame
        region x strategic industry: feasibility, attractiveness and their parts.
    endowments : DataFrame
        region x raw endowment indicator (the inputs of the fit).
    duplication : DataFrame
        industry x track (cultivate / prepare): how many regions put the industry on that
        track, their share of all regions, which, and the duplication flag
        (:func:`duplication_table`).
    standing : DataFrame
        region x indicator of ``types`` and ``endowments``: value, rank among the regions
        (1 = highest), regions ranked and the national median
        (:func:`yindi.stages.plan.standing.standing_table`).
    activity_complexity : DataFrame
        The activity complexity the plan used: activity, complexity, source, year
        (:mod:`yindi.stages.plan.signal`).
    reliability : DataFrame
        How far each complexity source can be trusted, per source and year: rank
        correlation with the previous year, resampling interval, eigengap, correlation with
        income per head, coverage, ``stable``, ``valid`` and the warnings in words.
    peers : DataFrame
        region, rank, peer, overlap, shared: the regions with the most output in common
        (:func:`yindi.stages.plan.peers.peers_table`).
    diversification : DataFrame
        region, activity, change (gained / lost), from_year, to_year, rca_from, rca_to,
        share_to: sectors gained and lost since the first year
        (:func:`yindi.stages.plan.peers.diversification_table`).
    """

    _stage = "plan"
    _tables = (
        "types",
        "paths",
        "endowment_fit",
        "opportunities",
        "endowments",
        "duplication",
        "standing",
        "activity_complexity",
        "reliability",
        "peers",
        "diversification",
    )

    year: int
    diagnosis: DiagnoseResult = field(repr=False)
    catalogue: Catalogue = field(repr=False)
    types: pd.DataFrame = FrozenFrame()
    paths: pd.DataFrame = FrozenFrame()
    endowment_fit: pd.DataFrame = FrozenFrame()
    opportunities: pd.DataFrame = FrozenFrame()
    regions: pd.DataFrame = FrozenFrame()
    activities: pd.DataFrame = FrozenFrame()
    endowments: pd.DataFrame = FrozenFrame()
    duplication: pd.DataFrame = FrozenFrame()
    standing: pd.DataFrame = FrozenFrame()
    activity_complexity: pd.DataFrame = FrozenFrame()
    reliability: pd.DataFrame = FrozenFrame()
    peers: pd.DataFrame = FrozenFrame()
    diversification: pd.DataFrame = FrozenFrame()
    boundaries: Mapping[str, Any] | None = field(default=None, repr=False)
    options: Mapping[str, Any] = field(default_factory=dict)
    productivity: ProductivityResult | None = field(default=None, repr=False)
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The plan's tables, the diagnosis behind them and the productivity tables."""
        out = super().tables()
        diagnosis = self.diagnosis.tables()
        out |= {"region_activity": diagnosis["region_activity"], "region": diagnosis["region"]}
        if self.productivity is not None:
            out |= self.productivity.tables()
        return out

    def summary(self, top: int = 3) -> Summary:
        """Per type, the regions; per region its first cultivate items."""
        counts = self.types.groupby("type").size().rename("regions").reset_index()
        first = self.paths[(self.paths["track"] == "cultivate") & (self.paths["rank"] <= top)]
        picks = first.groupby("region")["name_en"].apply(", ".join).rename("cultivate")
        overview = (
            self.types[["region", "type", "approach"]]
            .merge(picks, left_on="region", right_index=True, how="left")
            .fillna({"cultivate": "-"})
        )
        dup = first.groupby("name_en").size().sort_values(ascending=False).rename("regions")
        head = {
            "year": str(self.year),
            "regions": str(len(self.types)),
            "strategic industries": str(len(self.catalogue.industries)),
            "catalogue": str(self.catalogue.source),
            "complexity": str(self.options.get("complexity_source", "network")),
            "complexity because": str(self.options.get("complexity_why", "")),
        }
        return Summary(
            "yindi plan",
            head,
            {
                "Region types": counts,
                "Regions, approach and first picks to cultivate": overview,
                f"Industries most often in a top-{top} cultivate list": dup.head(8).reset_index(),
            },
        )


def duplication_table(paths: pd.DataFrame, regions: int, share: float = 0.25) -> pd.DataFrame:
    """How many regions put the same strategic industry on the same track: the national check.

    Parameters
    ----------
    paths : DataFrame
        ``region, track, industry, name_en, name_zh`` (the plan's ``paths``); only the
        :data:`DUPLICATION_TRACKS` count, each region once per industry and track.
    regions : int
        Number of regions planned (the denominator of ``share``).
    share : float
        Flag when at least ``threshold = max(2, ceil(share * regions))`` regions pick the same
        industry on the same track: more hubs than a country is likely to need. One region
        alone is never a duplicate.

    Returns
    -------
    DataFrame
        One row per industry and track with at least one region: ``industry, name_en, name_zh,
        track, regions`` (count), ``share`` (``regions`` over all regions), ``threshold``,
        ``flag`` and ``region_names`` (the regions, sorted, joined by ``", "``); sorted by
        track (cultivate first), count descending, then industry.
    """
    threshold = max(2, math.ceil(share * regions))
    part = paths[paths["track"].isin(DUPLICATION_TRACKS)]
    rows = []
    for (industry, track), group in part.groupby(["industry", "track"], sort=True):
        names = sorted({str(r) for r in group["region"]})
        rows.append(
            {
                "industry": industry,
                "name_en": group["name_en"].iloc[0],
                "name_zh": group["name_zh"].iloc[0],
                "track": track,
                "regions": len(names),
                "share": len(names) / regions if regions else float("nan"),
                "region_names": ", ".join(names),
                "threshold": threshold,
                "flag": len(names) >= threshold,
            }
        )
    columns = ["industry", "name_en", "name_zh", "track", "regions", "share", "threshold", "flag"]
    frame = pd.DataFrame(rows, columns=[*columns, "region_names"])
    order = frame["track"].map({t: k for k, t in enumerate(DUPLICATION_TRACKS)})
    return (
        frame.assign(_order=order)
        .sort_values(
            ["_order", "regions", "industry"], ascending=[True, False, True], kind="mergesort"
        )
        .drop(columns="_order")
        .reset_index(drop=True)
        .astype({"regions": "int64", "threshold": "int64", "flag": "bool"})
    )


#: Carbon by region and sector where a dataset has none: no "high carbon" flags.
_NO_CARBON = pd.DataFrame(
    {
        "region": pd.Series(dtype=str),
        "activity": pd.Series(dtype=str),
        "co2_mt": pd.Series(dtype=float),
        "gross_output_10k_cny": pd.Series(dtype=float),
        "carbon_intensity": pd.Series(dtype=float),
    }
)


def _know(ds: Any, key: str, what: str) -> Any:
    """A dataset's knowledge (``Dataset.know``), also for datasets built by users."""
    know = getattr(ds, "know", None)
    if know is None:
        raise InputError(f"plan needs the dataset's {key!r} ({what}): give the dataset a know()")
    return know(key, what)


def plan(
    dataset: Any = None,
    *,
    catalogue: str | Path | Catalogue | None = None,
    year: int | None = None,
    measure: str | None = None,
    convention: str = "stata",
    endowment_weight: float = 0.35,
    attractiveness_weights: Mapping[str, float] | None = None,
    rules: ClassifyRules | None = None,
    paths: PathOptions | None = None,
    cluster: bool = False,
    seed: int = 0,
    with_productivity: bool | None = None,
    duplication_share: float = 0.25,
    complexity: str = "auto",
    progress: Callable[[str], None] | None = None,
) -> PlanResult:
    """Classify every region and plan its transform / cultivate / prepare path.

    Parameters
    ----------
    dataset : Dataset, optional
        Default: :func:`yindi.datasets.china_provinces`; a user's own regions:
        :func:`yindi.bundle`.
    catalogue : path, Catalogue or None
        Strategic-industry catalogue (YAML); default: the dataset's (a bundle's
        ``catalogue=``), else the shipped China one.
    year : int, optional
        Year of the panel to plan from (default: the latest).
    measure, convention :
        Passed to :func:`yindi.diagnose`; ``measure`` defaults to the dataset's
        (``gross_output`` for China, ``value`` for a bundle).
    endowment_weight : float
        Share of endowment fit in feasibility (the rest is related capabilities).
    attractiveness_weights : mapping, optional
        Weights of complexity, gain and national value in attractiveness (default
        ``yindi.stages.plan.opportunities.ATTRACTIVENESS_WEIGHTS``).
    rules, paths :
        Thresholds of the type rules and of the path tracks (documented dataclasses).
    with_productivity : bool or None
        Also compute the NQPF index, efficiency and gaps (:func:`yindi.productivity`) and
        add the NQPF closeness to each region's indicators and reasons. ``None``: when the
        dataset has the indicators it needs (the embedded China data; a bundle has not).
    cluster : bool
        Also cluster the regions with k-means (scikit-learn, ``yindi[cluster]``) and report how
        far the clusters agree with the rule types (column ``cluster`` of ``types`` and
        ``options["cluster_ari"]``). ``seed`` fixes k-means' initialisation.
    complexity : {"auto", "network", "reference"}
        Which complexity the plan reads (:mod:`yindi.stages.plan.signal`): ``auto`` keeps the
        network's own where it passes its stability and income checks, else the external
        reference from world trade where the activities have one.
    duplication_share : float
        National duplication check: an industry is flagged when at least
        ``max(2, ceil(duplication_share * regions))`` regions put it on the same track (table
        ``duplication``; :func:`duplication_table`).
    progress : callable, optional
        Called with the name of each step as it starts (the CLI's progress display).

    Returns
    -------
    PlanResult
    """
    step = progress or (lambda _name: None)
    check(
        endowment_weight=endowment_weight,
        seed=seed,
        duplication_share=duplication_share,
        complexity=complexity,
    )
    if attractiveness_weights is not None:  # checked before any work, not halfway through
        check_weights("attractiveness_weights", attractiveness_weights, ATTRACTIVENESS_WEIGHTS)
    ds = resolve(dataset, needs=("regions", "activities", "table", "panel"), stage="plan")
    knowledge = getattr(ds, "knowledge", {})
    measure = measure or knowledge.get("default_measure", "gross_output")
    activities = ds.activities
    if catalogue is None and "catalogue" in knowledge and knowledge["catalogue"] is None:
        shown = ", ".join(map(str, knowledge.get("activity_examples", [])))
        raise InputError(
            f"your activities ({shown}, ...) are neither NACE Rev. 2 divisions nor China's 41 "
            "IO sectors, so no shipped strategic-industry catalogue fits them: give one keyed "
            "to your activity ids with catalogue= (--catalogue FILE; format: "
            "docs/plan.md, 'Strategic-industry catalogue')"
        )
    cat = (
        catalogue
        if isinstance(catalogue, Catalogue)
        else load_catalogue(
            catalogue or knowledge.get("catalogue"),
            activities=knowledge.get("catalogue_activities", activities["activity"].tolist()),
        )
    )
    if with_productivity is None:
        with_productivity = "technology" in knowledge
    columns = quality_columns(ds)
    step("diagnose")
    # The diagnosis's reliability warnings are held back until the plan has chosen its
    # complexity: they matter only if the plan reads the network's own complexity.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        diagnosis = diagnose(
            ds, measure=measure, convention=convention, replicates=PLAN_REPLICATES, seed=seed
        )
    reliability_notes = [w for w in caught if "table reliability" in str(w.message)]
    for w in caught:
        if w not in reliability_notes:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    years = sorted(diagnosis.years)
    y = years[-1] if year is None else int(year)
    if y not in years:
        raise InputError(f"year={year!r}: the panel has years {years}")
    income = knowledge.get("income")
    signal = choose_signal(
        diagnosis,
        y,
        classification=knowledge.get("reference_classification"),
        income=income_frame(income(ds)) if callable(income) else None,
        complexity=complexity,
    )
    diagnosis = signal.diagnosis
    if signal.source == "network":
        for w in reliability_notes:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    elif reliability_notes:
        warnings.warn(
            f"the network's own complexity failed its checks, so the plan reads the "
            f"{signal.why} (table reliability)",
            ComputationWarning,
            stacklevel=2,
        )
    step("endowments")
    endowments = endowment_table(ds, y)
    # The year each figure is from, shown next to it (standing table, report).
    figure_years = {str(k): str(v) for k, v in endowments.attrs.get("years", {}).items()}
    fit = endowment_fit(cat, endowments, columns)
    step("opportunities")
    opportunities = opportunity_table(
        cat,
        diagnosis,
        fit,
        y,
        endowment_weight=endowment_weight,
        attractiveness_weights=attractiveness_weights,
    )
    prod = None
    if with_productivity:
        step("productivity")
        prod = productivity(ds)
    step("classify")
    gdp_table, gdp_column = knowledge.get("gdp", (None, ""))
    indicators = region_indicators(
        diagnosis,
        activities,
        endowments,
        ds.regions,
        ds.table(gdp_table) if gdp_table else None,
        y,
        structure_groups=_know(ds, "structure_groups", "activity groups of each structural share"),
        columns=columns,
        gdp=gdp_column,
    )
    figure_years = (
        {c: str(y) for c in indicators.columns if c != "region"}
        | figure_years
        | {k: str(v) for k, v in indicators.attrs.get("years", {}).items()}
    )
    nqpf_year = None
    if prod is not None:
        # The NQPF index informs classified guidance: it is one of the indicators each
        # region's type is shown with, and one of the features of the k-means check.
        closeness = latest_closeness(prod, y)
        nqpf_year = int(closeness.attrs.get("year", y))
        indicators["nqpf"] = indicators["region"].map(closeness)
        figure_years["nqpf"] = str(nqpf_year)
    types = classify(indicators, rules, columns=columns)
    if "nqpf" in types:
        rank = types["nqpf"].rank(ascending=False, method="min")
        ranked = int(rank.notna().sum())
        lacking = sorted(str(r) for r in types.loc[types["nqpf"].isna(), "region"])
        why = f": {', '.join(lacking)} without an index" if lacking else ""
        types["reasons"] = [
            f"{text}; NQPF {nqpf_year} {v:.3f} (rank {int(k)} of {ranked}{why})"
            if pd.notna(v)
            else f"{text}; NQPF {nqpf_year}: no index (data missing)"
            for text, v, k in zip(types["reasons"], types["nqpf"], rank, strict=True)
        ]
    rule_record = types.attrs.get("rules", {})
    cluster_ari = None
    if cluster:
        labels, cluster_ari = cluster_regions(types, seed=seed, columns=columns)
        types = types.assign(cluster=types["region"].map(labels))
    step("paths")
    scores = quality_scores(endowments, columns)
    capacity = scores[["rd_capacity", "talent"]].mean(axis=1)
    path_options = paths or PathOptions()
    if path_options.transform_groups is None:  # the dataset says which sectors are traditional
        groups = _know(ds, "transform_groups", "activity groups the transform track upgrades")
        path_options = replace(path_options, transform_groups=tuple(groups))
    region_path = region_paths(
        opportunities,
        types,
        diagnosis,
        y,
        activities,
        sector_carbon_intensity(ds, y) if "co2_by_sector" in ds.tables else _NO_CARBON,
        cat.upgrades,
        capacity,
        path_options,
    )
    options = {
        "year": y,
        "measure": measure,
        "convention": convention,
        "endowment_weight": endowment_weight,
        "attractiveness_weights": dict(attractiveness_weights or ATTRACTIVENESS_WEIGHTS),
        "catalogue": str(cat.source),
        "rules": rule_record,
        "paths": path_options.__dict__,
        "duplication_share": duplication_share,
        "complexity": complexity,
        "complexity_source": signal.source,
        "complexity_why": signal.why,
        "replicates": PLAN_REPLICATES,
        "quality_columns": columns,
    }
    if cluster_ari is not None:
        options |= {"cluster_ari": cluster_ari, "cluster_seed": seed}
    # Polygons are optional: a dataset without a boundaries() method, or one whose method
    # reports that it ships none (InputError, documented), gives None. Any other error,
    # AttributeError included, is a bug and propagates.
    boundaries = None
    if callable(getattr(ds, "boundaries", None)):
        try:
            boundaries = ds.boundaries()
        except InputError:
            boundaries = None
    return PlanResult(
        year=y,
        types=types,
        paths=region_path,
        endowment_fit=fit,
        opportunities=opportunities,
        diagnosis=diagnosis,
        regions=ds.regions,
        activities=activities,
        endowments=endowments,
        duplication=duplication_table(region_path, len(types), duplication_share),
        standing=standing_table([types, endowments], years=figure_years),
        activity_complexity=signal.activity_complexity,
        reliability=signal.reliability,
        peers=peers_table(diagnosis.region_activity, y),
        diversification=diversification_table(diagnosis.region_activity, y),
        catalogue=cat,
        boundaries=boundaries,
        options=options,
        productivity=prod,
        inputs={
            "dataset": getattr(ds, "name", "dataset"),
            "measure": measure,
            "catalogue": str(cat.source),
        },
    )
