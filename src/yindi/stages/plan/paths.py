"""Differentiated paths: what each region should transform, cultivate and prepare.

transform
    The region's current strengths (``M_rs = 1``) among the traditional goods-producing
    activities (``transform_groups``: farming, mining, manufacturing, utilities; construction
    and services are not "industries to transform" in the plans' sense), ranked by their share
    of the region's output; a sector below ``transform_min_share`` of the region's output
    (0.5 %) is too small to be a path and is left out. Each carries flags: *high carbon* when
    the region's own carbon intensity in the sector is >= 1.25 x the sector's national
    figure or itself at the level of the top quarter of sectors nationally; where the region
    has no figure, when the sector is in the national top quarter, said as a national figure;
    *low complexity* when its complexity is below the median sector's. The upgrade direction
    comes from the catalogue's ``traditional_upgrades``.
cultivate
    Emerging industries that are near and valuable: not excluded by an endowment rule,
    feasibility >= the ``feasibility_quantile`` of all region x emerging pairs, and raising the
    region's complexity (``upgrade > 0``; frontier regions, which have nothing above them to
    copy, are exempt). Score = ``w_f feasibility + w_a attractiveness`` with weights set by the
    region's strategic approach (:data:`APPROACH_WEIGHTS`).

Local lead (cultivate and prepare)
    A list leads with the industries for which the region is among the best placed in the
    country: those whose ``feasibility_rank`` is within the top ``lead_share`` of the regions
    ranked (default a third, at least one region) come first, by score; the others follow by
    national standing (rank over regions ranked), then score (``lead_share=0`` orders by
    score alone). Region-independent terms (complexity, national value) thus order a region's own
    strengths but cannot put an industry where twenty regions are better placed at the top
    of every list. Each item's evidence starts with its national rank.
prepare
    Future industries, only where innovation capacity (mean of the ``rd_capacity`` and
    ``talent`` quality scores) >= ``innovation_threshold``: far but reachable through R&D and
    institutions. Score = ``0.4 capacity + 0.3 feasibility + 0.3 attractiveness``.

Ties are broken by industry id, so the same input always gives the same ranking.

Unknown scores
    A pair whose feasibility or attractiveness is unknown (NaN: see
    :mod:`yindi.stages.plan.opportunities`, "Missing values") cannot be compared with the
    feasibility floor or the others. It is neither dropped nor guessed: its score is NaN, it is
    ranked after every pair with a known score, and its evidence starts with
    ``"ranked last: ... unknown"`` and the opportunity table's reason. The same holds for an
    unknown ``upgrade`` in the cultivate filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import Interval, check, check_weights, register
from yindi.data.endowments import plain_name
from yindi.errors import InputError

__all__ = ["APPROACH_WEIGHTS", "PathOptions", "candidates", "region_paths"]

#: (feasibility, attractiveness) weights of the cultivate score per Growth Lab approach:
#: near opportunities weigh more where a region should move parsimoniously, value weighs more
#: at the frontier and for strategic bets (longer, coordinated jumps). Expert judgement.
APPROACH_WEIGHTS: dict[str, tuple[float, float]] = {
    "frontier": (0.40, 0.60),
    "light touch": (0.50, 0.50),
    "parsimonious": (0.65, 0.35),
    "strategic bets": (0.45, 0.55),
}
PREPARE_WEIGHTS = {"capacity": 0.4, "feasibility": 0.3, "attractiveness": 0.3}

for _name in ("top_transform", "top_cultivate", "top_prepare"):
    register(_name, Interval(1, None, integer=True, example=5))
register("feasibility_quantile", Interval(0, 1, example=0.4))
register("lead_share", Interval(0, 1, example=0.34))
register("innovation_threshold", Interval(0, 1, example=0.5))
register("carbon_high_quantile", Interval(0, 1, example=0.75))
register("carbon_regional_ratio", Interval(0, None, closed="neither", example=1.25))
register("transform_min_share", Interval(0, 1, example=0.005))


@dataclass(frozen=True)
class PathOptions:
    """Sizes, thresholds and weights of the three tracks (checked on creation, recorded in
    the plan's provenance).

    ``approach_weights`` maps each Growth Lab approach to its (feasibility, attractiveness)
    weights of the cultivate score, each pair summing to 1; ``prepare_weights`` weighs
    capacity, feasibility and attractiveness of the prepare score, summing to 1.
    """

    top_transform: int = 6
    top_cultivate: int = 5
    top_prepare: int = 3
    feasibility_quantile: float = 0.4
    lead_share: float = 1 / 3
    innovation_threshold: float = 0.5
    carbon_high_quantile: float = 0.75
    carbon_regional_ratio: float = 1.25
    transform_min_share: float = 0.005
    transform_groups: tuple[str, ...] | None = None  # None: the dataset's knowledge
    approach_weights: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: dict(APPROACH_WEIGHTS)
    )
    prepare_weights: Mapping[str, float] = field(default_factory=lambda: dict(PREPARE_WEIGHTS))

    def __post_init__(self) -> None:
        check(
            top_transform=self.top_transform,
            top_cultivate=self.top_cultivate,
            top_prepare=self.top_prepare,
            feasibility_quantile=self.feasibility_quantile,
            lead_share=self.lead_share,
            innovation_threshold=self.innovation_threshold,
            carbon_high_quantile=self.carbon_high_quantile,
            carbon_regional_ratio=self.carbon_regional_ratio,
            transform_min_share=self.transform_min_share,
        )
        check_weights("approach_weights", self.approach_weights, APPROACH_WEIGHTS, pairs=True)
        check_weights("prepare_weights", self.prepare_weights, PREPARE_WEIGHTS)


def _transform_groups(opts: PathOptions) -> tuple[str, ...]:
    if opts.transform_groups is None:
        raise InputError(
            "PathOptions.transform_groups is not set: name the activity groups whose sectors "
            "the transform track upgrades (plan() takes them from the dataset's knowledge)"
        )
    return tuple(opts.transform_groups)


def _rank(frame: pd.DataFrame, top: int, lead_share: float | None = None) -> pd.DataFrame:
    """The first ``top`` rows of each region by score (ties by industry id); with
    ``lead_share``, the industries where the region is nationally among the best placed
    first (see "Local lead")."""
    frame = frame.assign(_lead=0, _stand=0.0)
    if lead_share:  # 0 or None: no local lead, the score alone orders the list
        cut = np.maximum(1, np.ceil(lead_share * frame["regions_ranked"]))
        frame["_lead"] = (frame["feasibility_rank"] <= cut).astype(int)
        # After the lead, the industries where the region stands best come first.
        frame["_stand"] = (frame["feasibility_rank"] / frame["regions_ranked"]).where(
            frame["_lead"] == 0, 0.0
        )
    ordered = frame.sort_values(
        ["region", "_lead", "_stand", "score", "industry"],
        ascending=[True, False, True, False, True],
        na_position="last",
        kind="mergesort",
    )
    ordered["rank"] = ordered.groupby("region").cumcount() + 1
    return ordered[ordered["rank"] <= top].drop(columns=["_lead", "_stand"])


def _standing(row: Any) -> str:
    """Why here rather than elsewhere: the region's national rank for the industry."""
    if pd.isna(row.feasibility_rank):
        return "national rank by feasibility unknown"
    return f"rank {int(row.feasibility_rank)} of {int(row.regions_ranked)} regions by feasibility"


def _transform(
    ra: pd.DataFrame,
    activities: pd.DataFrame,
    carbon: pd.DataFrame,
    upgrades: pd.DataFrame,
    opts: PathOptions,
) -> pd.DataFrame:
    share = ra["value"] / ra.groupby("region")["value"].transform("sum")
    traditional = (
        ra["activity"].map(activities.set_index("activity")["group"]).isin(_transform_groups(opts))
    )
    strong = ra.assign(score=share)[
        (ra["mcp"] == 1) & traditional & (share >= opts.transform_min_share)
    ]
    nat = carbon.groupby("activity")[["co2_mt", "gross_output_10k_cny"]].sum()
    nat_int = nat["co2_mt"] * 1e6 / nat["gross_output_10k_cny"]
    high_level = nat_int.quantile(opts.carbon_high_quantile)
    strong = strong.merge(
        carbon[["region", "activity", "carbon_intensity"]], on=["region", "activity"], how="left"
    )
    strong["national_carbon"] = strong["activity"].map(nat_int)
    median_pci = ra.drop_duplicates("activity")["pci"].median()
    names = activities.set_index("activity")
    up = upgrades.set_index("activity") if len(upgrades) else pd.DataFrame()
    evidence = []
    for row in strong.itertuples(index=False):
        parts = [
            f"RCA {row.rca:.2f}",
            f"{row.score:.1%} of the region's output",
            f"complexity {_num(row.pci, '.2f')}",
        ]
        if row.pci < median_pci:
            parts.append(f"low complexity (below the median sector's {median_pci:.2f})")
        own, national = row.carbon_intensity, row.national_carbon
        if pd.notna(own) and pd.notna(national):
            # The region's own figure decides; the national one is the comparison.
            if own >= opts.carbon_regional_ratio * national or own >= high_level:
                parts.append(
                    f"high carbon ({own:.2f} t CO2 per 10k CNY of output here, "
                    f"{national:.2f} for the sector nationally)"
                )
        elif pd.notna(national) and national >= high_level:
            parts.append(
                f"high-carbon sector nationally ({national:.2f} t CO2 per 10k CNY of output; "
                "no figure for this region)"
            )
        if row.activity in up.index:
            parts.append(f"upgrade: {up.at[row.activity, 'direction_en']}")
        evidence.append("; ".join(parts))
    strong["evidence"] = evidence
    strong = strong.rename(columns={"activity": "industry"})
    strong["name_en"] = strong["industry"].map(names["name_en"])
    strong["name_zh"] = strong["industry"].map(names["name_zh"])
    strong["track"] = "transform"
    return _rank(strong, opts.top_transform)


def _num(value: float, spec: str) -> str:
    """``value`` formatted with ``spec``, or "unknown" for NaN."""
    return "unknown" if pd.isna(value) else format(value, spec)


def _fmt_opportunity(row: Any) -> str:
    unknown = [
        name for name in ("feasibility", "attractiveness", "upgrade") if pd.isna(getattr(row, name))
    ]
    text = ""
    if unknown:
        why = str(getattr(row, "reason", "") or "").strip()
        text = f"ranked last: {' and '.join(unknown)} unknown" + (f" ({why})" if why else "")
        text += "; "
    text += (
        f"{_standing(row)}; feasibility {_num(row.feasibility, '.2f')} (related capabilities "
        f"{_num(row.relatedness, '.2f')}, endowment fit {row.fit:.2f} at confidence "
        f"{row.confidence:.0%}); attractiveness {_num(row.attractiveness, '.2f')} (complexity "
        f"{_num(row.complexity, '.2f')}, gain {_num(row.gain, '.2f')}, national value "
        f"{row.national_value:.2f}); complexity vs current {_num(row.upgrade, '+.2f')}"
    )
    if getattr(row, "weakest", ""):
        if int(getattr(row, "checked", 2)) == 1:  # one requirement known: it is both
            text += (
                f"; the only endowment with data: {plain_name(row.strongest)} "
                f"({row.strongest_score:.2f})"
            )
        elif row.weakest_score == row.strongest_score:
            text += f"; every endowment checked scores {row.strongest_score:.2f}"
        else:
            text += (
                f"; best endowment {plain_name(row.strongest)} ({row.strongest_score:.2f}), "
                f"weakest {plain_name(row.weakest)} ({row.weakest_score:.2f})"
            )
    return text


def candidates(
    opportunities: pd.DataFrame,
    types: pd.DataFrame,
    capacity: pd.Series,
    opts: PathOptions | None = None,
) -> pd.DataFrame:
    """Every scored cultivate and prepare candidate, before the lists are cut to size.

    The pairs that pass each track's rules (module docstring) with ``track``, ``score`` and
    ``evidence`` and the opportunity columns; the national coordination stage allocates
    among exactly these.
    """
    opts = opts or PathOptions()
    opp = opportunities.merge(types[["region", "approach"]], on="region", how="left")
    opp = opp[~opp["excluded"].astype(bool)]
    # Numbers even when no row is left (an empty table can come with text columns).
    opp = opp.astype({c: float for c in ("feasibility", "attractiveness", "upgrade")})
    emerging = opp[opp["stage"] == "emerging"].copy()
    floor = emerging["feasibility"].quantile(opts.feasibility_quantile)
    # An unknown feasibility or upgrade cannot be checked: kept, scored NaN, ranked last.
    keep = ((emerging["feasibility"] >= floor) | emerging["feasibility"].isna()) & (
        (emerging["upgrade"] > 0)
        | emerging["upgrade"].isna()
        | (emerging["approach"] == "frontier")
    )
    emerging = emerging[keep]
    # A region whose complexity is unknown has no approach: feasibility and value weigh alike.
    wf = emerging["approach"].map(lambda a: opts.approach_weights.get(a, (0.5, 0.5))[0])
    wf = wf.astype(float)
    emerging["score"] = wf * emerging["feasibility"] + (1 - wf) * emerging["attractiveness"]
    emerging.loc[emerging["upgrade"].isna(), "score"] = np.nan
    emerging["evidence"] = [
        f"{_fmt_opportunity(r)}; approach {r.approach} weights feasibility {w:.2f}"
        for r, w in zip(emerging.itertuples(index=False), wf, strict=True)
    ]
    emerging["track"] = "cultivate"

    future = opp[opp["stage"] == "future"].copy()
    # float even when no future row is left (an empty map would give text dtype).
    future["capacity"] = future["region"].map(capacity).astype(float)
    future = future[future["capacity"] >= opts.innovation_threshold]
    w = opts.prepare_weights
    future["score"] = (
        w["capacity"] * future["capacity"]
        + w["feasibility"] * future["feasibility"]
        + w["attractiveness"] * future["attractiveness"]
    )
    future["evidence"] = [
        f"innovation capacity {r.capacity:.2f} (>= {opts.innovation_threshold}); "
        + _fmt_opportunity(r)
        for r in future.itertuples(index=False)
    ]
    future["track"] = "prepare"
    return pd.concat([emerging, future], ignore_index=True)


def region_paths(
    opportunities: pd.DataFrame,
    types: pd.DataFrame,
    diagnosis: Any,
    year: int,
    activities: pd.DataFrame,
    carbon: pd.DataFrame,
    upgrades: pd.DataFrame,
    capacity: pd.Series,
    opts: PathOptions | None = None,
) -> pd.DataFrame:
    """The three tracks for every region: ``region, track, industry, name_en, name_zh, rank,
    score, evidence`` (see the module docstring for the rules)."""
    opts = opts or PathOptions()
    _transform_groups(opts)  # fail before any work when the traditional groups are not named
    ra = diagnosis.region_activity
    ra = ra[ra["year"] == year].astype({"region": str, "activity": str})
    tracks = [_transform(ra, activities, carbon, upgrades, opts)]
    scored = candidates(opportunities, types, capacity, opts)
    tracks.append(
        _rank(scored[scored["track"] == "cultivate"], opts.top_cultivate, opts.lead_share)
    )
    tracks.append(_rank(scored[scored["track"] == "prepare"], opts.top_prepare, opts.lead_share))

    cols = ["region", "track", "industry", "name_en", "name_zh", "rank", "score", "evidence"]
    out = pd.concat([t[cols] for t in tracks], ignore_index=True)
    order = {"transform": 0, "cultivate": 1, "prepare": 2}
    out = (
        out.assign(_t=out["track"].map(order))
        .sort_values(["region", "_t", "rank"], kind="mergesort")
        .drop(columns="_t")
    )
    out["score"] = out["score"].astype(float)
    out["rank"] = out["rank"].astype(np.int64)
    return out.reset_index(drop=True)
