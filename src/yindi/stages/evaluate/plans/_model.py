r"""Bubble check: are the regions' declared priorities realistic, and do they add up?

``bubble_check(plan, declared)`` maps every declared term to the catalogue
(:mod:`~yindi.stages.evaluate.plans.terms`), then, for every region x catalogue industry a
region declares (a *declaration*), reads the plan's evidence and the national coordination:

Risk of a declaration (0 = well founded, 1 = a likely bubble)
    .. math::

        \text{risk}_{ri} = \frac{\sum_k w_k c_{k,ri}}{\sum_{k:\,c_{k,ri}\text{ known}} w_k}

    over three components :math:`c_k \in [0, 1]`, default weights :data:`RISK_WEIGHTS`:

    - ``standing``: :math:`(\text{feasibility rank} - 1) / (\text{regions ranked} - 1)`, the
      region's place among all regions by feasibility for the industry (0 = best placed,
      1 = last; :mod:`yindi.stages.plan.opportunities`);
    - ``fit_gap``: :math:`1 - \text{endowment fit}` (fit is a percentile score of the
      industry's endowment requirements; unknown where no requirement has data);
    - ``crowding``: with :math:`D_i` regions declaring industry :math:`i` and :math:`H_i` hubs
      the coordination supports (its hub limit, :mod:`yindi.stages.coordinate`), the
      declarers are ordered by feasibility rank (unknown last, ties by region id);
      crowding is :math:`1 - H_i / D_i` for a declarer placed beyond the first
      :math:`H_i`, else 0 (no more declarers than hubs: 0 for all).

    A component that cannot be computed is left out of both sums (never counted as 0);
    ``risk_confidence`` is the weight share that was known, and ``risk`` is NaN when none
    was. ``risk_level``: ``excluded`` where a catalogue exclusion rules the region out (e.g.
    the marine economy without a coastline), else ``high`` (risk >= 0.6), ``medium``
    (>= 0.4), ``low`` or ``unknown``. Declarations are ranked excluded first, then by risk
    (highest first; unknown last), then region and industry.

Counting (table ``industries``)
    Per catalogue industry: the regions declaring it (``declared_by``), against the hubs the
    coordination supports (``hub_limit``), the regions it selects (``regions_coordinated``)
    and those whose own plan lists carry it (``regions_uncoordinated``). With
    ``umbrellas=True`` a broad term (新能源, 新一代信息技术) counts as declaring each of its
    member industries; by default it is reported but declares none.

Terms naming a plain sector (steel, food, electronics) are reported in ``sectors`` with the
region's RCA in each of the sector's activities, outside the risk ranking.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import check, check_weights
from yindi._results import FrozenFrame, Result
from yindi.data.endowments import plain_name
from yindi.stages._summary import Summary
from yindi.stages.coordinate import CoordinateResult, coordinate
from yindi.stages.evaluate.plans._declared import (
    TERM_COLUMNS,
    check_declared,
    declared_example,
    read_declared,
)
from yindi.stages.evaluate.plans.terms import TermDictionary, load_terms, match_table

__all__ = ["RISK_LEVELS", "RISK_WEIGHTS", "BubbleCheckResult", "bubble_check"]

RISK_WEIGHTS = {"standing": 0.4, "fit_gap": 0.3, "crowding": 0.3}
#: Lower bounds of the levels (expert judgement: a declaration in the bottom half of the
#: country on most counts is at least "medium").
RISK_LEVELS = {"high": 0.6, "medium": 0.4}
_TRACKS = ("cultivate", "prepare")


@dataclass(frozen=True)
class BubbleCheckResult(Result):
    """Result of :func:`bubble_check`.

    Attributes
    ----------
    declarations : DataFrame
        One row per region x declared catalogue industry, riskiest first: the terms and
        lines behind it, feasibility, rank, fit, the three risk components, ``risk``,
        ``risk_confidence``, ``risk_level``, ``risk_rank``, the national counts, the plan's
        and the coordination's view, and ``reasons`` in words.
    industries : DataFrame
        One row per catalogue industry: ``declared_by`` vs ``hub_limit``,
        ``regions_coordinated``, ``regions_uncoordinated``, ``oversubscription``
        (declared / hubs), ``excess``, the declarers within and beyond the hubs.
    terms : DataFrame
        Every input row with its match (how, score, kind, targets, synonyms, candidates)
        and the input's own columns (sources).
    sectors : DataFrame
        Declarations of plain sectors: region, sector, activity, terms, RCA, present.
    unmatched : DataFrame
        The terms that matched nothing, with the closest candidates.
    """

    _stage = "evaluate plans"
    _tables = ("declarations", "industries", "terms", "sectors", "unmatched")

    declarations: pd.DataFrame = FrozenFrame()
    industries: pd.DataFrame = FrozenFrame()
    terms: pd.DataFrame = FrozenFrame()
    sectors: pd.DataFrame = FrozenFrame()
    unmatched: pd.DataFrame = FrozenFrame()
    coverage: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def summary(self, top: int = 10) -> Summary:
        c = self.coverage
        head = {
            "declared terms": str(c.get("terms", 0)),
            "matched": (
                f"{c.get('matched', 0)} ({c.get('industry', 0)} to catalogue industries, "
                f"{c.get('umbrella', 0)} to broad categories only, {c.get('sector', 0)} to "
                f"plain sectors); {c.get('unmatched', 0)} unmatched"
            ),
            "how": f"{c.get('exact', 0)} exact, {c.get('contains', 0)} contains, "
            f"{c.get('fuzzy', 0)} fuzzy",
            "regions in the file": f"{c.get('regions', 0)} of {c.get('regions_planned', 0)}",
            "declarations scored": str(len(self.declarations)),
        }
        counts = self.industries[self.industries["declared_by"] > 0]
        cols = ["name_en", "declared_by", "hub_limit", "regions_coordinated", "excess"]
        risky = self.declarations.head(top)[["region", "name_en", "risk", "risk_level", "reasons"]]
        tables = {
            "Most declared industries vs the hubs coordination supports": counts[cols].head(top),
            f"Riskiest {top} declarations": risky,
        }
        if len(self.unmatched):
            tables["Unmatched terms"] = self.unmatched[
                ["line", "region", "term", "candidates"]
            ].head(top)
        return Summary("yindi evaluate plans (bubble check)", head, tables)


def _plan_tables(plan: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    opp = plan.opportunities.astype({"region": str, "industry": str})
    paths = plan.paths.astype({"region": str, "industry": str})
    paths = paths[paths["track"].isin(_TRACKS)][["region", "industry", "track", "rank"]]
    return opp, paths


def _declarations(terms: pd.DataFrame, dictionary: TermDictionary, umbrellas: bool) -> pd.DataFrame:
    """(region, industry) pairs with the terms, lines and way (term / umbrella) behind them."""
    rows = []
    for row in terms.itertuples(index=False):
        for target in [t for t in str(row.targets).split("; ") if t]:
            kind = dictionary.targets[target].kind
            if kind == "industry":
                rows.append((row.region, target, row.term, int(row.line), "term"))
            elif kind == "umbrella" and umbrellas:
                for member in dictionary.targets[target].members:
                    rows.append((row.region, member, row.term, int(row.line), "umbrella"))
    pairs = pd.DataFrame(rows, columns=["region", "industry", "term", "line", "via"])
    if pairs.empty:
        return pairs.assign(terms="", lines="").drop(columns=["term", "line"])
    pairs["via_order"] = pairs["via"].map({"term": 0, "umbrella": 1})
    grouped = pairs.sort_values(["region", "industry", "via_order", "line"], kind="mergesort")
    return (
        grouped.groupby(["region", "industry"], sort=True)
        .agg(
            terms=("term", lambda s: "; ".join(dict.fromkeys(s))),
            lines=("line", lambda s: ", ".join(str(v) for v in dict.fromkeys(s))),
            via=("via", "first"),
        )
        .reset_index()
    )


def _crowding(decl: pd.DataFrame, hubs: pd.Series) -> pd.DataFrame:
    """Declarers per industry, each one's place among them, and the crowding component."""
    decl = decl.copy()
    decl["declared_by"] = decl.groupby("industry")["region"].transform("size").astype("int64")
    decl["hub_limit"] = decl["industry"].map(hubs).astype(float)
    order = decl.sort_values(
        ["industry", "feasibility_rank", "region"], na_position="last", kind="mergesort"
    )
    decl.loc[order.index, "place_among_declarers"] = (
        order.groupby("industry").cumcount().to_numpy() + 1
    )
    decl["place_among_declarers"] = decl["place_among_declarers"].astype("int64")
    over = decl["declared_by"] > decl["hub_limit"]
    beyond = decl["place_among_declarers"] > decl["hub_limit"]
    decl["crowding"] = np.where(
        decl["hub_limit"].isna(),
        np.nan,
        np.where(over & beyond, 1.0 - decl["hub_limit"] / decl["declared_by"], 0.0),
    )
    return decl


def _risk(decl: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    parts = decl[list(weights)].astype(float)
    w = pd.Series(weights, dtype=float)
    known = parts.notna()
    weight_known = known.mul(w, axis=1).sum(axis=1)
    decl = decl.copy()
    decl["risk"] = parts.mul(w, axis=1).sum(axis=1, min_count=1) / weight_known.where(
        weight_known > 0
    )
    decl["risk_confidence"] = weight_known
    level = np.select(
        [
            decl["excluded"].astype(bool),
            decl["risk"] >= RISK_LEVELS["high"],
            decl["risk"] >= RISK_LEVELS["medium"],
            decl["risk"].notna(),
        ],
        ["excluded", "high", "medium", "low"],
        default="unknown",
    )
    decl["risk_level"] = level
    return decl


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _reason(row: Any, n_file: int) -> str:
    parts = []
    if bool(row.excluded):
        parts.append(str(row.exclusion))
    if pd.notna(row.feasibility_rank):
        parts.append(
            f"rank {int(row.feasibility_rank)} of {int(row.regions_ranked)} regions by "
            f"feasibility ({row.feasibility:.2f})"
        )
    else:
        parts.append("national rank by feasibility unknown")
    if pd.notna(row.fit_gap):
        weak = (
            f"; weakest requirement {plain_name(row.weakest)} {row.weakest_score:.2f}"
            if isinstance(row.weakest, str) and row.weakest
            else ""
        )
        parts.append(f"endowment fit {row.fit:.2f}{weak}")
    else:
        parts.append("endowment fit unknown (no requirement has data)")
    if pd.isna(row.hub_limit):
        parts.append(f"declared by {row.declared_by} of {n_file} regions; hub limit unknown")
    else:
        hubs = int(row.hub_limit)
        where = (
            "within them"
            if row.place_among_declarers <= hubs
            else f"{_ordinal(int(row.place_among_declarers))} best placed of the declarers, "
            "beyond them"
        )
        parts.append(
            f"declared by {row.declared_by} of {n_file} regions against {hubs} hubs the "
            f"coordination supports" + (f"; {where}" if row.declared_by > hubs else "")
        )
    parts.append(
        f"in the plan's {row.plan_track} list (rank {int(row.plan_rank)})"
        if isinstance(row.plan_track, str) and row.plan_track
        else "not in the plan's cultivate or prepare lists"
    )
    if row.candidate:
        parts.append(
            "the national portfolio places it here"
            if row.selected
            else "the national portfolio places it elsewhere"
        )
    else:
        parts.append("not a candidate of the national portfolio (fails the plan's track rules)")
    if row.via == "umbrella":
        parts.append("declared only through a broad term")
    return "; ".join(parts)


def _industries(
    decl: pd.DataFrame, catalogue: Any, coordination: CoordinateResult, umbrella_only: pd.Series
) -> pd.DataFrame:
    dup = coordination.duplication.astype({"industry": str}).set_index("industry")
    info = catalogue.industries.astype({"id": str})
    rows = []
    for ident, name_en, name_zh, stage in zip(
        info["id"], info["name_en"], info["name_zh"], info["stage"], strict=True
    ):
        mine = decl[decl["industry"] == ident].sort_values("place_among_declarers")
        hubs = int(dup.at[ident, "hub_limit"]) if ident in dup.index else None
        declared = len(mine)
        within = mine if hubs is None else mine[mine["place_among_declarers"] <= hubs]
        rows.append(
            {
                "industry": ident,
                "name_en": name_en,
                "name_zh": name_zh,
                "stage": stage,
                "declared_by": declared,
                "declared_through_umbrella_only": int(umbrella_only.get(ident, 0)),
                "hub_limit": np.nan if hubs is None else hubs,
                "regions_coordinated": (
                    int(dup.at[ident, "regions_coordinated"]) if ident in dup.index else np.nan
                ),
                "regions_uncoordinated": (
                    int(dup.at[ident, "regions_uncoordinated"]) if ident in dup.index else np.nan
                ),
                "oversubscription": declared / hubs if hubs else np.nan,
                "excess": max(0, declared - hubs) if hubs is not None else np.nan,
                "within_hubs": ", ".join(within["region"]),
                "beyond_hubs": ", ".join(mine.loc[~mine.index.isin(within.index), "region"]),
                "mean_risk": float(mine["risk"].mean()) if declared else np.nan,
            }
        )
    out = pd.DataFrame(rows).astype(
        {
            c: "Int64"
            for c in ("hub_limit", "regions_coordinated", "regions_uncoordinated", "excess")
        }
    )
    return out.sort_values(
        ["declared_by", "excess", "industry"], ascending=[False, False, True], kind="mergesort"
    ).reset_index(drop=True)


def _sectors(terms: pd.DataFrame, dictionary: TermDictionary, plan: Any) -> pd.DataFrame:
    ra = plan.diagnosis.region_activity
    ra = ra[ra["year"] == plan.year].astype({"region": str, "activity": str})
    ra = ra.set_index(["region", "activity"])
    names = plan.activities.astype({"activity": str}).set_index("activity")
    transform = plan.paths[plan.paths["track"] == "transform"].astype(
        {"region": str, "industry": str}
    )
    in_transform = {
        (r, a): int(k)
        for r, a, k in zip(
            transform["region"], transform["industry"], transform["rank"], strict=True
        )
    }
    rows = []
    for row in terms.itertuples(index=False):
        for target in [t for t in str(row.targets).split("; ") if t]:
            if dictionary.targets[target].kind != "sector":
                continue
            for activity in dictionary.targets[target].members:
                key = (row.region, activity)
                rca = float(ra.at[key, "rca"]) if key in ra.index else np.nan
                mcp = ra.at[key, "mcp"] if key in ra.index else np.nan
                rows.append(
                    {
                        "region": row.region,
                        "sector": target,
                        "activity": activity,
                        "name_en": names.at[activity, "name_en"] if activity in names.index else "",
                        "terms": row.term,
                        "line": int(row.line),
                        "rca": rca,
                        "present": bool(mcp == 1) if pd.notna(mcp) else pd.NA,
                        "transform_rank": in_transform.get(key, pd.NA),
                    }
                )
    cols = ["region", "sector", "activity", "name_en", "terms", "line", "rca", "present"]
    out = pd.DataFrame(rows, columns=[*cols, "transform_rank"])
    if out.empty:
        return out
    out = (
        out.groupby(["region", "sector", "activity"], sort=True)
        .agg(
            name_en=("name_en", "first"),
            terms=("terms", lambda s: "; ".join(dict.fromkeys(s))),
            lines=("line", lambda s: ", ".join(str(v) for v in dict.fromkeys(s))),
            rca=("rca", "first"),
            present=("present", "first"),
            transform_rank=("transform_rank", "first"),
        )
        .reset_index()
    )
    out["transform_rank"] = out["transform_rank"].astype("Int64")
    out["present"] = out["present"].astype("boolean")
    return out


def bubble_check(
    plan: Any,
    declared: pd.DataFrame | str | os.PathLike[str] | None = None,
    *,
    coordination: CoordinateResult | None = None,
    terms: str | os.PathLike[str] | None = None,
    umbrellas: bool = False,
    fuzzy_cutoff: float = 0.8,
    risk_weights: Mapping[str, float] | None = None,
) -> BubbleCheckResult:
    """Score declared priority industries against feasibility, fit and the national hubs.

    Parameters
    ----------
    plan : PlanResult
        The plan of the regions (:func:`yindi.plan`).
    declared : DataFrame, path or None
        Declared priorities (columns ``region`` and ``term`` / ``term_zh`` / ``term_en``;
        :mod:`~yindi.stages.evaluate.plans._declared`); ``None``: the shipped example of 21
        provinces' 14th-FYP priorities (:func:`declared_example`).
    coordination : CoordinateResult, optional
        The national allocation whose hub limits and selections the declarations are held
        against; default :func:`yindi.coordinate` of ``plan`` with the shipped settings.
    terms : path, optional
        Term dictionary (YAML); default the shipped ``industry_terms.yaml``.
    umbrellas : bool
        Count a broad term (新能源, 新一代信息技术) as declaring each of its member industries.
    fuzzy_cutoff : float
        Lowest :mod:`difflib` similarity accepted as a fuzzy match (0-1].
    risk_weights : mapping, optional
        Weights of ``standing``, ``fit_gap`` and ``crowding`` (>= 0, summing to 1); default
        :data:`RISK_WEIGHTS`.

    Returns
    -------
    BubbleCheckResult
    """
    check(fuzzy_cutoff=fuzzy_cutoff)
    weights = dict(RISK_WEIGHTS if risk_weights is None else risk_weights)
    check_weights("risk_weights", weights, RISK_WEIGHTS)
    if declared is None:
        frame = declared_example()
    elif isinstance(declared, pd.DataFrame):
        frame = declared
    else:
        frame = read_declared(declared)
    table = check_declared(frame, plan.regions)
    dictionary = load_terms(terms, catalogue=plan.catalogue, activities=plan.activities)
    coord = coordination if coordination is not None else coordinate(plan)
    term_cols = [c for c in TERM_COLUMNS if c in table.columns]
    spellings = [
        [v for v in row if isinstance(v, str) and v.strip()]
        for row in table[term_cols].itertuples(index=False)
    ]
    matched = match_table(dictionary, spellings, fuzzy_cutoff=fuzzy_cutoff)
    terms_table = pd.concat(
        [
            table[["line", "region"]],
            pd.Series([" / ".join(s) for s in spellings], name="term"),
            matched,
            # the input's own columns (sources ...); its ``term`` is the ``term`` built above
            table.drop(columns=[c for c in ("line", "region", "term") if c in table.columns]),
        ],
        axis=1,
    )
    decl = _declarations(terms_table, dictionary, umbrellas)
    opp, paths = _plan_tables(plan)
    keep = [
        "region",
        "industry",
        "name_en",
        "name_zh",
        "stage",
        "feasibility",
        "feasibility_rank",
        "regions_ranked",
        "fit",
        "confidence",
        "excluded",
        "reason",
        "weakest",
        "weakest_score",
    ]
    decl = decl.merge(opp[keep], on=["region", "industry"], how="left")
    decl = decl.rename(columns={"reason": "exclusion"})
    decl["excluded"] = decl["excluded"].eq(True)
    n = decl["regions_ranked"].astype(float)
    decl["standing"] = ((decl["feasibility_rank"] - 1) / (n - 1)).where(n > 1)
    decl["fit_gap"] = (1.0 - decl["fit"]).where(decl["confidence"] > 0)
    hubs = coord.duplication.astype({"industry": str}).set_index("industry")["hub_limit"]
    decl = _crowding(decl, hubs)
    decl = _risk(decl, weights)
    decl = decl.merge(
        paths.rename(columns={"track": "plan_track", "rank": "plan_rank"}),
        on=["region", "industry"],
        how="left",
    )
    alloc = coord.allocation.astype({"region": str, "industry": str})
    chosen = alloc.set_index(["region", "industry"])["selected"]
    keys = list(zip(decl["region"], decl["industry"], strict=True))
    decl["candidate"] = [k in chosen.index for k in keys]
    decl["selected"] = [bool(chosen.get(k, False)) for k in keys]
    n_file = int(table["region"].nunique())
    decl["plan_track"] = decl["plan_track"].fillna("")
    decl["plan_rank"] = decl["plan_rank"].astype("Int64")
    decl["reasons"] = [_reason(r, n_file) for r in decl.itertuples(index=False)]
    decl = decl.assign(_x=~decl["excluded"]).sort_values(
        ["_x", "risk", "region", "industry"],
        ascending=[True, False, True, True],
        na_position="last",
        kind="mergesort",
    )
    decl = decl.drop(columns="_x").reset_index(drop=True)
    decl.insert(0, "risk_rank", np.arange(1, len(decl) + 1, dtype=np.int64))
    cols = [
        "risk_rank",
        "region",
        "industry",
        "name_en",
        "name_zh",
        "stage",
        "risk",
        "risk_level",
        "risk_confidence",
        "standing",
        "fit_gap",
        "crowding",
        "feasibility",
        "feasibility_rank",
        "regions_ranked",
        "fit",
        "declared_by",
        "hub_limit",
        "place_among_declarers",
        "plan_track",
        "plan_rank",
        "candidate",
        "selected",
        "excluded",
        "via",
        "terms",
        "lines",
        "reasons",
    ]
    decl = decl[cols].astype({"hub_limit": "Int64"})
    umbrella_only = pd.Series(dtype="int64")
    if not umbrellas:
        broad = _declarations(terms_table, dictionary, True)
        own = set(zip(decl["region"], decl["industry"], strict=True))
        extra = broad[
            [(r, i) not in own for r, i in zip(broad["region"], broad["industry"], strict=True)]
        ]
        umbrella_only = extra.groupby("industry").size()
    industries = _industries(decl, plan.catalogue, coord, umbrella_only)
    unmatched = terms_table[terms_table["how"] == "none"][
        ["line", "region", "term", "candidates"]
    ].reset_index(drop=True)
    kinds = terms_table["kind"]
    coverage = {
        "terms": len(terms_table),
        "matched": int((terms_table["how"] != "none").sum()),
        "unmatched": int((terms_table["how"] == "none").sum()),
        "exact": int((terms_table["how"] == "exact").sum()),
        "contains": int((terms_table["how"] == "contains").sum()),
        "fuzzy": int((terms_table["how"] == "fuzzy").sum()),
        "industry": int(kinds.str.contains("industry").sum()),
        "umbrella": int((kinds == "umbrella").sum()),
        "sector": int((kinds == "sector").sum()),
        "regions": n_file,
        "regions_planned": len(plan.types),
    }
    source = table.attrs.get("source", "DataFrame")
    return BubbleCheckResult(
        declarations=decl,
        industries=industries,
        terms=terms_table,
        sectors=_sectors(terms_table, dictionary, plan),
        unmatched=unmatched,
        coverage=coverage,
        options={
            "umbrellas": umbrellas,
            "fuzzy_cutoff": fuzzy_cutoff,
            "risk_weights": weights,
            "risk_levels": dict(RISK_LEVELS),
            "terms": dictionary.source,
            "terms_skipped": dictionary.skipped,
            "coordinate": dict(coord.options),
        },
        inputs={
            "plan": dict(plan.inputs),
            "plan_year": plan.year,
            "declared": {"source": str(source), "sha256": table.attrs.get("sha256", "")},
        },
    )
