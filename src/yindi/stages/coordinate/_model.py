"""The ``coordinate`` stage: one national portfolio instead of the same picks everywhere.

``coordinate(plan)`` allocates the strategic industries among the regions: binary
``x[r, i]`` over the plan's candidates (the pairs that pass the cultivate and prepare rules),
maximising the sum of their scores, under the switchable constraint families of
:class:`~yindi.stages.coordinate._config.CoordinateConfig`:

- hubs: at most ``H_i = max(1, ceil(share x regions x national_value))`` regions per industry
  (``future_share`` for future industries, whose R&D concentrates in fewer places);
- budgets: per region and resource, ``sum_i units(i, k) x[r, i] <= budget(r, k)``
  (:mod:`~yindi.stages.coordinate._budgets`);
- participation: every region with a candidate gets between ``min`` and ``max`` items;
- redundancy: each industry of national value >= ``value_floor`` in at least ``min_groups``
  macro-regions (supply security);
- tiers: future industries only where innovation capacity >= ``innovation_threshold``;
- national: optional national budget per resource.

HiGHS solves it (:mod:`yindi.measures.allocation`). The result compares the portfolio with the
uncoordinated plan (each region its own top picks), reports the binding constraints with
their LP shadow prices, and, when no allocation satisfies every constraint, explains which
constraints conflict and by how much.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from yindi._results import FrozenFrame, Result
from yindi.measures.allocation import (
    AllocationProblem,
    explain_infeasibility,
    solve_allocation,
)
from yindi.stages._summary import Summary
from yindi.stages.coordinate._budgets import budget_table, resource_quantities, usage_table
from yindi.stages.coordinate._config import CoordinateConfig, load_coordinate_config
from yindi.stages.coordinate._scenarios import Scenario, apply_scenario
from yindi.stages.plan import PathOptions, candidates
from yindi.stages.plan.opportunities import quality_scores

__all__ = ["CoordinateResult", "FUTURE_ITEMS", "coordinate"]

#: The pseudo-resource that caps the future industries of a region (participation family).
FUTURE_ITEMS = "future items"


@dataclass(frozen=True)
class CoordinateResult(Result):
    """Result of :func:`coordinate`.

    Attributes
    ----------
    allocation : DataFrame
        region, industry, name_en, name_zh, track, selected, value, uncoordinated, reason.
    duplication : DataFrame
        industry, name_en, name_zh, regions_uncoordinated, regions_coordinated, hub_limit.
    constraints : DataFrame
        name, family, binding, slack, shadow_price (LP relaxation; approximate for a MILP).
    budgets : DataFrame
        region, resource, quantity, index, budget, year, note, used (national portfolio),
        used_uncoordinated (each region's own picks, which ignore the budgets).
    explanation : DataFrame
        Empty when a solution exists; else the conflicting constraints and what would fix them.
    scenarios : DataFrame
        One row per scenario and changed pair: scenario, region, industry, change, value.
    solve : Mapping
        status, objective, bound, gap, seconds; the own picks' objective, how many budgets
        they exceed, and the regions the portfolio leaves without an item.
    """

    _stage = "coordinate"
    _tables = ("allocation", "duplication", "constraints", "budgets", "explanation", "scenarios")

    allocation: pd.DataFrame = FrozenFrame()
    duplication: pd.DataFrame = FrozenFrame()
    constraints: pd.DataFrame = FrozenFrame()
    budgets: pd.DataFrame = FrozenFrame()
    explanation: pd.DataFrame = FrozenFrame()
    scenarios: pd.DataFrame = FrozenFrame()
    solve: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return (
            str(self.solve.get("status")) in ("optimal", "time_limit") and len(self.allocation) > 0
        )

    def summary(self) -> Summary:
        s = self.solve
        head = {
            "status": str(s.get("status")),
            "objective (coordinated)": f"{s.get('objective', float('nan')):.3f}",
            "objective (each region's own picks)": f"{s.get('uncoordinated', float('nan')):.3f}",
            "gap": f"{s.get('gap', float('nan')):.2%}",
            "seconds": f"{s.get('seconds', float('nan')):.2f}",
            "hubs allocated": str(int(self.allocation["selected"].sum()))
            if len(self.allocation)
            else "0",
        }
        tables = {"Duplication before and after": self.duplication}
        if len(self.explanation):
            tables["Why no allocation fits"] = self.explanation
        binding = self.constraints[self.constraints["binding"]] if len(self.constraints) else None
        if binding is not None and len(binding):
            tables["Binding constraints"] = binding.head(12)
        return Summary("yindi coordinate", head, tables)


def _hub_limits(industries: pd.DataFrame, regions: int, config: CoordinateConfig) -> pd.Series:
    limit = {
        str(i): max(
            1,
            math.ceil(
                (config.future_share if stage == "future" else config.hub_share)
                * regions
                * float(v)
            ),
        )
        for i, v, stage in zip(
            industries["id"], industries["national_value"], industries["stage"], strict=True
        )
    }
    limit |= {str(k): int(v) for k, v in config.hub_overrides.items()}
    return pd.Series(limit, name="hub_limit", dtype="int64")


def _min_groups(industries: pd.DataFrame, config: CoordinateConfig) -> pd.Series:
    need = {
        str(i): config.min_groups if float(v) >= config.value_floor else 0
        for i, v in zip(industries["id"], industries["national_value"], strict=True)
    }
    need |= {str(k): int(v) for k, v in config.redundancy_overrides.items()}
    return pd.Series(need, dtype="int64")


def _pairs(plan: Any, config: CoordinateConfig) -> pd.DataFrame:
    """The plan's candidates (cultivate and prepare), scored as the plan scores them."""
    threshold = config.innovation_threshold if config.on("tiers") else 0.0
    opts = PathOptions(**{**plan.options["paths"], "innovation_threshold": threshold})
    scores = quality_scores(plan.endowments, plan.options.get("quality_columns"))
    capacity = scores[["rd_capacity", "talent"]].mean(axis=1)
    scored = candidates(plan.opportunities, plan.types, capacity, opts)
    scored = scored[scored["score"].notna() & scored["feasibility_rank"].notna()]
    # The local value: the plan's score times where the region stands nationally for the
    # industry (1 for the best placed, 1/n for the last), so a hub goes where the region is
    # better placed than others, not where a high national value lifts every region's score.
    n = scored["regions_ranked"].astype(float)
    scored = scored.assign(
        standing=1.0 - (scored["feasibility_rank"].astype(float) - 1.0) / n,
    )
    scored["value"] = scored["score"] * scored["standing"]
    cols = ["region", "industry", "name_en", "name_zh", "track", "score", "standing", "value"]
    return (
        scored[[*cols, "evidence"]].astype({"region": str, "industry": str}).reset_index(drop=True)
    )


def _uncoordinated(plan: Any, pairs: pd.DataFrame, config: CoordinateConfig) -> pd.DataFrame:
    """Each region's own top picks: its cultivate and prepare lists in rank order."""
    paths = plan.paths[plan.paths["track"].isin(["cultivate", "prepare"])]
    paths = paths.astype({"region": str, "industry": str}).sort_values(
        ["region", "track", "rank"], kind="mergesort"
    )
    own = paths.groupby("region").head(config.participation_max)
    keys = set(zip(pairs["region"], pairs["industry"], strict=True))
    return own[[(r, i) in keys for r, i in zip(own["region"], own["industry"], strict=True)]]


#: Added to the value of the base allocation's pairs when a scenario is solved, so that among
#: equally good allocations the one closest to the base is found: the changes listed are then
#: the scenario's, not a different choice between ties. Far below any score difference (the
#: scores have 1e-3 resolution in practice) and subtracted from the reported objective.
PREFER = 1e-6


def _problem(
    pairs: pd.DataFrame,
    plan: Any,
    config: CoordinateConfig,
    budgets: pd.DataFrame,
    usage: pd.DataFrame,
    prefer: set[tuple[str, str]] | None = None,
) -> AllocationProblem:
    industries = plan.catalogue.industries
    regions = plan.regions.astype({"region": str}).set_index("region")
    groups = regions["macro_region"] if "macro_region" in regions else regions.get("country")
    with_candidates = sorted(set(pairs["region"]))
    use = pairs[["region", "industry"]].merge(usage, on="industry")
    # At most `future_max` future industries per region: a budget of "future items", one
    # unit per future industry (prepare means R&D and pilots, a few per region).
    future = pairs.loc[pairs["track"] == "prepare", ["region", "industry"]]
    use = pd.concat([use, future.assign(resource=FUTURE_ITEMS, amount=1.0)], ignore_index=True)
    limits = budgets.dropna(subset=["budget"])[["region", "resource", "budget"]]
    if config.on("participation"):
        limits = pd.concat(
            [
                limits,
                pd.DataFrame(
                    {
                        "region": with_candidates,
                        "resource": FUTURE_ITEMS,
                        "budget": float(config.future_max),
                    }
                ),
            ],
            ignore_index=True,
        )
    bonus = [
        PREFER if (r, i) in (prefer or set()) else 0.0
        for r, i in zip(pairs["region"], pairs["industry"], strict=True)
    ]
    return AllocationProblem(
        pairs=pairs[["region", "industry"]].assign(value=pairs["value"].astype(float) + bonus),
        usage=use[["region", "industry", "resource", "amount"]],
        budgets=limits,
        hub_max=_hub_limits(industries, len(plan.types), config),
        participation=pd.DataFrame(
            {
                "region": with_candidates,
                "min": config.participation_min,
                "max": config.participation_max,
            }
        ),
        groups=None if groups is None else groups.astype(str),
        min_groups=_min_groups(industries, config),
        national=pd.Series(dict(config.national_budgets), dtype=float),
        families=frozenset(
            f
            for f, on in (
                ("hub_max", config.on("hubs")),
                ("budgets", config.on("budgets")),
                ("participation", config.on("participation")),
                ("redundancy", config.on("redundancy") and groups is not None),
                ("national", config.on("national") and bool(config.national_budgets)),
            )
            if on
        ),
    )


def _solve(
    plan: Any,
    config: CoordinateConfig,
    quantities: pd.DataFrame,
    prefer: set[tuple[str, str]] | None = None,
    medians: Mapping[str, float] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, Any, pd.DataFrame, pd.DataFrame]:
    pairs = _pairs(plan, config)
    years = {}
    standing = plan.standing
    if "year" in standing.columns:
        years = dict(zip(standing["indicator"], standing["year"], strict=True))
    budgets = budget_table(quantities, config, years, medians)
    usage = usage_table(plan.catalogue.industries, config)
    problem = _problem(pairs, plan, config, budgets, usage, prefer)
    solution = solve_allocation(
        problem, time_limit=config.time_limit, mip_rel_gap=config.mip_rel_gap
    )
    explanation = pd.DataFrame()
    if solution.status not in ("optimal", "time_limit"):
        explanation = _future_rows(explain_infeasibility(problem))
        future = explanation["name"].str.startswith("future_max[")
        explanation.loc[future, "sentence"] = [
            f"{r} may take at most {limit:g} future industries"
            for r, limit in zip(
                explanation.loc[future, "region"], explanation.loc[future, "limit"], strict=True
            )
        ]
        explanation["sentence_zh"] = _chinese(explanation, plan).to_numpy()
    return pairs, budgets, solution, explanation, usage


def _future_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The future-industry cap is solved as a budget row; name it as what it is."""
    if table.empty or "resource" not in table.columns:
        return table
    out = table.copy()
    cap = out["resource"].astype(str).eq(FUTURE_ITEMS)
    out.loc[cap, "family"] = "participation"
    out.loc[cap, "name"] = [f"future_max[{r}]" for r in out.loc[cap, "region"]]
    return out


def _allocation(pairs: pd.DataFrame, solution: Any, own: pd.DataFrame) -> pd.DataFrame:
    chosen = set(zip(solution.selected["region"], solution.selected["industry"], strict=True))
    mine = set(zip(own["region"], own["industry"], strict=True))
    out = pairs.copy()
    out["selected"] = [
        (r, i) in chosen for r, i in zip(out["region"], out["industry"], strict=True)
    ]
    out["uncoordinated"] = [
        (r, i) in mine for r, i in zip(out["region"], out["industry"], strict=True)
    ]
    out["reason"] = np.select(
        [out["selected"] & out["uncoordinated"], out["selected"], out["uncoordinated"]],
        [
            "kept: in the region's own top picks and in the national portfolio",
            "added: the national portfolio places it here",
            "moved: left to regions better placed, or beyond a limit (hubs, budget)",
        ],
        default="not selected",
    )
    cols = ["region", "industry", "name_en", "name_zh", "track", "selected", "value"]
    return (
        out[[*cols, "uncoordinated", "reason", "evidence"]]
        .sort_values(
            ["region", "selected", "value"], ascending=[True, False, False], kind="mergesort"
        )
        .reset_index(drop=True)
    )


def _duplication(
    allocation: pd.DataFrame, hubs: pd.Series, industries: pd.DataFrame
) -> pd.DataFrame:
    names = industries.set_index(industries["id"].astype(str))
    before = allocation[allocation["uncoordinated"]].groupby("industry").size()
    after = allocation[allocation["selected"]].groupby("industry").size()
    ids = [str(i) for i in industries["id"]]
    return pd.DataFrame(
        {
            "industry": ids,
            "name_en": [names.at[i, "name_en"] for i in ids],
            "name_zh": [names.at[i, "name_zh"] for i in ids],
            "regions_uncoordinated": [int(before.get(i, 0)) for i in ids],
            "regions_coordinated": [int(after.get(i, 0)) for i in ids],
            "hub_limit": [int(hubs.get(i, 0)) for i in ids],
        }
    )


_RESOURCE_ZH = {
    "water": "水资源",
    "energy": "能源",
    "carbon": "碳排放",
    FUTURE_ITEMS: "未来产业名额",
}


def _chinese(explanation: pd.DataFrame, plan: Any) -> pd.Series:
    """The explanation's sentences in Chinese, from the same fields as the English ones."""
    region_zh = plan.regions.astype({"region": str}).set_index("region")["name_zh"].to_dict()
    industries = plan.catalogue.industries
    industry_zh = dict(zip(industries["id"].astype(str), industries["name_zh"], strict=True))

    def one(row: Any) -> str:
        region = region_zh.get(str(row.region), str(row.region))
        industry = industry_zh.get(str(row.industry), str(row.industry))
        resource = _RESOURCE_ZH.get(str(row.resource), str(row.resource))
        limit, needed = float(row.limit), float(row.needed)
        fix = f"，还差 {needed:g}" if needed > 0 else "，是冲突的一部分"
        texts = {
            "budgets": f"{region}的{resource}预算（{limit:g}）{fix}",
            "hub_max": f"{industry}最多 {limit:g} 个枢纽{fix}",
            "redundancy": f"{industry}须布局于至少 {limit:g} 个大区{fix}",
            "national": f"全国{resource}预算（{limit:g}）{fix}",
        }
        if str(row.name).startswith("future_max["):
            return f"{region}至多获得 {limit:g} 项未来产业{fix}"
        if row.family == "participation":
            bound = "至少" if str(row.sense) == ">=" else "至多"
            return f"{region}{bound}获得 {limit:g} 项{fix}"
        return texts.get(str(row.family), f"{row.name}{fix}")

    return pd.Series([one(r) for r in explanation.itertuples(index=False)], dtype=object)


def _members(scenario: Scenario, plan: Any) -> set[str]:
    """The regions a scenario changes: named ones and the members of scaled groups."""
    meta = plan.regions.astype({"region": str}).set_index("region")
    group = meta["macro_region"] if "macro_region" in meta else meta.get("country")
    scaled = set() if group is None else set(group[group.isin(list(scenario.scale))].index)
    return set(map(str, scenario.resources)) | scaled


def coordinate(
    plan: Any,
    config: CoordinateConfig | str | os.PathLike[str] | None = None,
    *,
    scenarios: Iterable[Scenario | str | os.PathLike[str]] = (),
) -> CoordinateResult:
    """Allocate the strategic industries among the plan's regions (module docstring).

    Parameters
    ----------
    plan : PlanResult
        The result of :func:`yindi.plan`; its candidates, scores, endowments and catalogue.
    config : CoordinateConfig, path or None
        Settings (default: the shipped ``coordinate.yaml``).
    scenarios : iterable of Scenario or path
        Technology scenarios (YAML) that change resources, budgets or settings; each is
        solved again and compared with the base allocation (table ``scenarios``).
    """
    cfg = config if isinstance(config, CoordinateConfig) else load_coordinate_config(config)
    quantities = resource_quantities(plan.endowments)
    medians = {k: float(quantities[k].median()) for k in quantities.columns}
    pairs, budgets, solution, explanation, usage = _solve(plan, cfg, quantities)
    own = _uncoordinated(plan, pairs, cfg)
    allocation = _allocation(pairs, solution, own)

    def use_of(mask: pd.Series) -> list[float]:
        spent = (
            allocation[mask][["region", "industry"]]
            .merge(usage, on="industry")
            .groupby(["region", "resource"])["amount"]
            .sum()
        )
        keys = zip(budgets["region"], budgets["resource"], strict=True)
        return [float(spent.get(k, 0.0)) for k in keys]

    # Budget use of the national portfolio and of each region's own picks (which ignore it).
    budgets = budgets.assign(
        used=use_of(allocation["selected"]),
        used_uncoordinated=use_of(allocation["uncoordinated"]),
    )
    hubs = _hub_limits(plan.catalogue.industries, len(plan.types), cfg)
    rows = []
    for item in scenarios:
        scenario = item if isinstance(item, Scenario) else Scenario.load(item)
        q2, c2 = apply_scenario(scenario, quantities, cfg, plan.regions)
        before = set(zip(solution.selected["region"], solution.selected["industry"], strict=True))
        _, _, other, _, _ = _solve(plan, c2, q2, prefer=before, medians=medians)
        after = set(zip(other.selected["region"], other.selected["industry"], strict=True))
        value = pairs.set_index(["region", "industry"])["value"]
        objective = float(sum(value[k] for k in after)) if after else float("nan")
        for change, keys in (("gained", after - before), ("lost", before - after)):
            for region, industry in sorted(keys):
                rows.append(
                    {
                        "scenario": scenario.name,
                        "region": region,
                        "industry": industry,
                        "change": change,
                        "objective": objective,
                        "status": str(other.status),
                    }
                )
        if not (after - before or before - after):
            rows.append(
                {
                    "scenario": scenario.name,
                    "region": "",
                    "industry": "",
                    "change": "no change: "
                    + scenario.why_unchanged(solution.constraints, _members(scenario, plan)),
                    "objective": objective,
                    "status": str(other.status),
                }
            )
    solve = {
        "status": str(solution.status),
        "objective": float(solution.objective),
        "bound": float(solution.bound),
        "gap": float(solution.gap),
        "seconds": float(solution.seconds),
        "uncoordinated": float(allocation.loc[allocation["uncoordinated"], "value"].sum()),
        "budgets_exceeded_uncoordinated": int(
            (budgets["used_uncoordinated"] > budgets["budget"] + 1e-9).sum()
        ),
        "regions_without_item": sorted(
            set(map(str, plan.types["region"]))
            - set(allocation.loc[allocation["selected"], "region"])
        ),
    }
    return CoordinateResult(
        allocation=allocation,
        duplication=_duplication(allocation, hubs, plan.catalogue.industries),
        constraints=_future_rows(solution.constraints),
        budgets=budgets,
        explanation=explanation,
        scenarios=pd.DataFrame(
            rows, columns=["scenario", "region", "industry", "change", "objective", "status"]
        ),
        solve=solve,
        options=cfg.record(),
        inputs={"plan": dict(plan.inputs), "plan_year": plan.year},
    )
