"""The allocation 0-1 programme against brute force, hand optima and hand-built conflicts.

References
----------
- Brute force: every 0/1 vector over the eligible pairs (``itertools.product``, n <= 14 here,
  one instance at 18) is checked against the constraints read straight from the problem's
  tables (not from the compiled model), and the best feasible value is the optimum.
- Hand optima: the five-pair example below, each family switched on alone, solved in the
  comments.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from conftest import PEER_ATOL

from yindi.errors import InputError, OptionError
from yindi.measures.allocation import (
    AllocationProblem,
    build_highs,
    explain_infeasibility,
    solve_allocation,
)

INF = math.inf


# --- brute force --------------------------------------------------------------------------------


def brute_force(p: AllocationProblem) -> float | None:
    """Best value over all 0/1 vectors, or None when none is feasible."""
    pairs = p.pairs.reset_index(drop=True)
    n = len(pairs)
    x = np.array(list(itertools.product((0, 1), repeat=n)), dtype=float).reshape(-1, n)
    ok = np.ones(len(x), dtype=bool)
    region, industry = pairs["region"].to_numpy(), pairs["industry"].to_numpy()
    on = p.families

    def use_of(keep: np.ndarray, resource: object) -> np.ndarray:
        u = np.zeros(n)
        if p.usage is not None:
            for row in p.usage.itertuples(index=False):
                hit = (region == row.region) & (industry == row.industry)
                if row.resource == resource:
                    u[hit] = row.amount
        return x @ (u * keep)

    if "hub_max" in on and p.hub_max is not None:
        for i, h in p.hub_max.items():
            ok &= x[:, industry == i].sum(axis=1) <= h
    if "budgets" in on and p.budgets is not None:
        for row in p.budgets.itertuples(index=False):
            ok &= use_of(region == row.region, row.resource) <= row.budget + 1e-9
    if "national" in on and p.national is not None:
        for s, b in p.national.items():
            ok &= use_of(np.ones(n, dtype=bool), s) <= b + 1e-9
    if "participation" in on and isinstance(p.participation, pd.DataFrame):
        for row in p.participation.itertuples(index=False):
            count = x[:, region == row.region].sum(axis=1)
            ok &= (count >= row.min) & (count <= row.max)
    if "redundancy" in on and p.min_groups is not None and p.groups is not None:
        group = np.asarray([p.groups.get(r, None) for r in region])
        for i, k in p.min_groups.items():
            present = np.zeros(len(x))
            for g in set(p.groups):
                present += x[:, (industry == i) & (group == g)].any(axis=1)
            ok &= present >= k
    if not ok.any():
        return None
    return float((x[ok] @ pairs["value"].to_numpy()).max())


def random_problem(seed: int, max_pairs: int = 14) -> AllocationProblem:
    """A small instance with every family present (about one in four is infeasible)."""
    rng = np.random.default_rng(seed)
    n_r, n_i = int(rng.integers(3, 6)), int(rng.integers(2, 5))
    regions = [f"r{j}" for j in range(n_r)]
    industries = [f"i{j}" for j in range(n_i)]
    grid = [(r, i) for r in regions for i in industries if rng.random() < 0.7]
    grid = [grid[j] for j in sorted(rng.permutation(len(grid))[:max_pairs])]
    pairs = pd.DataFrame(grid, columns=["region", "industry"])
    pairs["value"] = rng.uniform(0, 10, len(pairs)).round(3)
    usage = pd.DataFrame(
        [(r, i, s, round(float(rng.uniform(0, 5)), 2)) for r, i in grid for s in ("water", "land")],
        columns=["region", "industry", "resource", "amount"],
    )
    budgets = pd.DataFrame(
        [(r, s, round(float(rng.uniform(2, 9)), 2)) for r in regions for s in ("water", "land")],
        columns=["region", "resource", "budget"],
    )
    hub_max = pd.Series(rng.integers(1, n_r + 1, n_i), index=industries)
    low = rng.integers(0, 2, n_r)
    participation = pd.DataFrame(
        {"region": regions, "min": low, "max": low + rng.integers(0, 3, n_r)}
    )
    groups = pd.Series(rng.integers(0, 2, n_r), index=regions).map({0: "north", 1: "south"})
    min_groups = pd.Series(rng.integers(0, 3, n_i), index=industries)
    national = pd.Series({"water": round(float(rng.uniform(5, 25)), 2)})
    return AllocationProblem(
        pairs,
        usage=usage,
        budgets=budgets,
        hub_max=hub_max,
        participation=participation,
        groups=groups,
        min_groups=min_groups,
        national=national,
    )


def check_against_brute_force(problem: AllocationProblem, solver: str) -> str:
    best = brute_force(problem)
    sol = solve_allocation(problem, mip_rel_gap=0.0, solver=solver)
    if best is None:
        assert sol.status == "infeasible"
        assert sol.selected.empty
        return "infeasible"
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(best, abs=1e-6)
    assert sol.selected["value"].sum() == pytest.approx(best, abs=1e-6)
    # the returned allocation itself is feasible for the brute-force checker
    chosen = problem.pairs.merge(sol.selected[["region", "industry"]])
    assert brute_force(AllocationProblem(chosen, **_rest(problem))) is not None
    return "optimal"


def _rest(p: AllocationProblem) -> dict:
    names = ("usage", "budgets", "hub_max", "participation", "groups", "min_groups", "national")
    return {k: getattr(p, k) for k in names} | {"families": p.families}


@pytest.mark.parametrize("seed", range(200))
def test_highs_matches_brute_force(seed):
    check_against_brute_force(random_problem(seed), "highs")


@pytest.mark.parametrize("seed", range(0, 200, 5))
def test_scipy_fallback_matches_brute_force(seed):
    check_against_brute_force(random_problem(seed), "scipy")


def test_random_instances_cover_both_verdicts():
    verdicts = {brute_force(random_problem(seed)) is None for seed in range(200)}
    assert verdicts == {True, False}


def test_eighteen_pairs():
    problem = random_problem(7, max_pairs=18)
    problem = AllocationProblem(
        pd.concat([problem.pairs, _extra_pairs(problem, 18 - len(problem.pairs))]),
        **_rest(problem),
    )
    assert len(problem.pairs) == 18
    check_against_brute_force(problem, "highs")


def _extra_pairs(p: AllocationProblem, k: int) -> pd.DataFrame:
    have = set(zip(p.pairs["region"], p.pairs["industry"], strict=True))
    new = [(f"z{j}", "i0", 1.0 + j) for j in range(k) if (f"z{j}", "i0") not in have]
    return pd.DataFrame(new, columns=["region", "industry", "value"])


# --- one family at a time, by hand --------------------------------------------------------------
# Pairs: dc in A 7, B 6.5, C 6; ev in A 3, B 2 (total 24.5). A, B are "north", C "south".
# Water use: dc in A 3, dc in C 4, ev in A 3.

PAIRS = pd.DataFrame(
    {
        "region": ["A", "A", "B", "B", "C"],
        "industry": ["dc", "ev", "dc", "ev", "dc"],
        "value": [7.0, 3.0, 6.5, 2.0, 6.0],
    }
)
USAGE = pd.DataFrame(
    {
        "region": ["A", "C", "A"],
        "industry": ["dc", "dc", "ev"],
        "resource": "water",
        "amount": [3.0, 4.0, 3.0],
    }
)
GROUPS = pd.Series({"A": "north", "B": "north", "C": "south"})


def best(**kwargs) -> tuple[float, set]:
    sol = solve_allocation(AllocationProblem(PAIRS, usage=USAGE, **kwargs), mip_rel_gap=0.0)
    assert sol.status == "optimal"
    return sol.objective, set(zip(sol.selected["region"], sol.selected["industry"], strict=True))


def test_no_constraint_takes_everything():
    assert best()[0] == pytest.approx(24.5, abs=PEER_ATOL)


def test_hub_max_binds():
    # one dc hub: the best is A (7); both ev stay: 7 + 3 + 2 = 12
    value, chosen = best(hub_max=pd.Series({"dc": 1}))
    assert value == pytest.approx(12.0, abs=PEER_ATOL)
    assert ("A", "dc") in chosen and ("B", "dc") not in chosen


def test_budget_binds():
    # A's water 5 < 3 + 3: A keeps dc (7), drops ev (3): 24.5 - 3 = 21.5
    budgets = pd.DataFrame({"region": ["A"], "resource": ["water"], "budget": [5.0]})
    value, chosen = best(budgets=budgets)
    assert value == pytest.approx(21.5, abs=PEER_ATOL)
    assert ("A", "ev") not in chosen


def test_participation_max_binds():
    # one item per region: A dc 7, B dc 6.5, C dc 6 = 19.5
    assert best(participation=(0, 1))[0] == pytest.approx(19.5, abs=PEER_ATOL)


def test_participation_min_binds():
    # one dc hub and every region at least one item: C can only take dc, so dc goes to C:
    # 6 + 3 + 2 = 11 (12 without the minimum, test_hub_max_binds)
    value, chosen = best(hub_max=pd.Series({"dc": 1}), participation=(1, INF))
    assert value == pytest.approx(11.0, abs=PEER_ATOL)
    assert ("C", "dc") in chosen


def test_redundancy_binds():
    # two dc hubs: alone, A + B (13.5, both north) + ev 5 = 18.5; dc in both macro-regions
    # forces A + C: 13 + 5 = 18
    hubs = pd.Series({"dc": 2})
    assert best(hub_max=hubs)[0] == pytest.approx(18.5, abs=PEER_ATOL)
    value, chosen = best(hub_max=hubs, groups=GROUPS, min_groups=pd.Series({"dc": 2}))
    assert value == pytest.approx(18.0, abs=PEER_ATOL)
    assert {("A", "dc"), ("C", "dc")} <= chosen


def test_national_binds():
    # national water 6 over A dc (7, 3), A ev (3, 3), C dc (6, 4): best {A dc, A ev} = 10;
    # with B's 6.5 + 2: 18.5
    value, chosen = best(national=pd.Series({"water": 6.0}))
    assert value == pytest.approx(18.5, abs=PEER_ATOL)
    assert ("C", "dc") not in chosen


def test_families_switch_off():
    problem = AllocationProblem(PAIRS, usage=USAGE, hub_max=pd.Series({"dc": 1}))
    on = solve_allocation(problem).objective
    off = solve_allocation(problem.without("hub_max")).objective
    assert (on, off) == pytest.approx((12.0, 24.5), abs=PEER_ATOL)


def test_constraint_table_and_prices():
    sol = solve_allocation(
        AllocationProblem(PAIRS, usage=USAGE, hub_max=pd.Series({"dc": 1, "ev": 5}))
    )
    table = sol.constraints.set_index("name")
    assert table.loc["hub_max[dc]", "binding"] and not table.loc["hub_max[ev]", "binding"]
    assert table.loc["hub_max[ev]", "slack"] == pytest.approx(3.0)
    assert table.loc["hub_max[ev]", "shadow_price"] == 0.0
    # one more dc hub is worth between the next dc (6.5) and the LP's best (7)
    assert 6.5 - 1e-9 <= table.loc["hub_max[dc]", "shadow_price"] <= 7.0 + 1e-9


# --- infeasible problems ------------------------------------------------------------------------


def test_hub_max_below_redundancy():
    problem = AllocationProblem(
        PAIRS, hub_max=pd.Series({"dc": 1}), groups=GROUPS, min_groups=pd.Series({"dc": 2})
    )
    assert solve_allocation(problem).status == "infeasible"
    for solver in ("highs", "scipy"):
        why = explain_infeasibility(problem, solver=solver)
        rows = why.set_index("name")
        assert rows.loc[["hub_max[dc]", "redundancy[dc]"], "in_iis"].all()
        # one more hub or one macro-region fewer: a relaxation of 1 in total
        assert why["needed"].sum() == pytest.approx(1.0)
        assert why.attrs["total_relaxation"] == pytest.approx(1.0)
        assert "at most 1 hubs for dc but at least 2 macro-regions required" in set(why["sentence"])


def test_region_without_pair_under_participation():
    problem = AllocationProblem(PAIRS, participation=(1, INF), regions=["A", "B", "C", "D"])
    why = explain_infeasibility(problem)
    assert list(why["name"]) == ["participation_min[D]"]
    assert why["needed"].iloc[0] == pytest.approx(1.0)
    assert why["sentence"].iloc[0] == "D has no eligible industry but must receive at least 1"


def test_budget_too_small():
    # C's only pair (dc) uses 4 water; its budget is 1.5 and C must receive one item:
    # the budget is 4 - 1.5 = 2.5 short
    budgets = pd.DataFrame({"region": ["C"], "resource": ["water"], "budget": [1.5]})
    problem = AllocationProblem(PAIRS, usage=USAGE, budgets=budgets, participation=(1, INF))
    for solver in ("highs", "scipy"):
        why = explain_infeasibility(problem, penalties={"participation": INF}, solver=solver)
        rows = why.set_index("name")
        assert rows.loc["budget[C|water]", "needed"] == pytest.approx(2.5)
        assert set(why.loc[why["in_iis"], "name"]) == {"budget[C|water]", "participation_min[C]"}
        assert "the water budget of C (1.5) is 2.5 short" in set(why["sentence"])
        # with the default penalty 1 per unit, dropping C's minimum (1) is cheaper than 2.5 water
        why = explain_infeasibility(problem, solver=solver)
        assert why.set_index("name").loc["participation_min[C]", "needed"] == pytest.approx(1.0)


def test_integral_conflict_uses_deletion_filter():
    # A must take p or q; each alone uses 2 of a resource capped at 1.5 nationally. The LP
    # relaxation (p = q = 0.5) is feasible, so the IIS comes from the deletion filter.
    pairs = pd.DataFrame({"region": "A", "industry": ["p", "q"], "value": [1.0, 1.0]})
    usage = pd.DataFrame(
        {"region": "A", "industry": ["p", "q"], "resource": ["s", "t"], "amount": 2.0}
    )
    problem = AllocationProblem(
        pairs, usage=usage, national=pd.Series({"s": 1.5, "t": 1.5}), participation=(1, 2)
    )
    why = explain_infeasibility(problem)
    assert set(why.loc[why["in_iis"], "name"]) == {
        "participation_min[A]",
        "national[s]",
        "national[t]",
    }
    assert "deletion filter" in why.attrs["method"]
    assert why.attrs["total_relaxation"] == pytest.approx(0.5)  # one resource + 0.5


def test_feasible_problem_has_no_conflict():
    assert explain_infeasibility(AllocationProblem(PAIRS)).empty


# --- status, names, options ---------------------------------------------------------------------


def large_problem(seed: int = 3, n_r: int = 150, n_i: int = 30) -> AllocationProblem:
    rng = np.random.default_rng(seed)
    grid = [(f"r{r}", f"i{i}") for r in range(n_r) for i in range(n_i) if rng.random() < 0.5]
    pairs = pd.DataFrame(grid, columns=["region", "industry"])
    pairs["value"] = rng.uniform(0, 1, len(pairs))
    usage = pairs[["region", "industry"]].assign(
        resource="water", amount=rng.uniform(0, 1, len(pairs))
    )
    budgets = pd.DataFrame({"region": [f"r{r}" for r in range(n_r)], "resource": "water"})
    budgets["budget"] = rng.uniform(0.5, 3, n_r)
    return AllocationProblem(
        pairs,
        usage=usage,
        budgets=budgets,
        hub_max=pd.Series(rng.integers(3, 20, n_i), index=[f"i{i}" for i in range(n_i)]),
        participation=(1, 4),
    )


def test_time_limit_status_is_honest():
    sol = solve_allocation(large_problem(), time_limit=0.05, mip_rel_gap=0.0)
    assert sol.status in ("optimal", "time_limit")
    if sol.status == "optimal":
        assert sol.gap <= 1e-9 or sol.bound - sol.objective <= 1e-6
    if sol.has_solution:
        assert sol.bound >= sol.objective - 1e-6
        assert sol.gap >= 0


def test_optimal_means_gap_within_tolerance():
    sol = solve_allocation(large_problem(seed=4, n_r=60, n_i=20), mip_rel_gap=0.01)
    assert sol.status == "optimal"
    assert sol.gap <= 0.01 + 1e-12
    assert sol.objective <= sol.bound + 1e-6


def test_highs_model_has_names():
    problem = AllocationProblem(
        PAIRS,
        usage=USAGE,
        budgets=pd.DataFrame({"region": ["A"], "resource": ["water"], "budget": [5.0]}),
        hub_max=pd.Series({"dc": 2}),
        participation=(1, 2),
        groups=GROUPS,
        min_groups=pd.Series({"dc": 2}),
        national=pd.Series({"water": 9.0}),
    )
    lp = build_highs(problem).getLp()
    assert list(lp.col_names_) == [
        "x[A|dc]",
        "x[A|ev]",
        "x[B|dc]",
        "x[B|ev]",
        "x[C|dc]",
        "y[north|dc]",
        "y[south|dc]",
    ]
    assert set(lp.row_names_) == {
        "hub_max[dc]",
        "budget[A|water]",
        *(f"participation_{m}[{r}]" for m in ("min", "max") for r in "ABC"),
        "link[north|dc]",
        "link[south|dc]",
        "redundancy[dc]",
        "national[water]",
    }
    h = build_highs(problem)
    status, index = h.getRowByName("budget[A|water]")
    assert status.name == "kOk" and h.getRowName(index)[1] == "budget[A|water]"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pairs": PAIRS.assign(value=-1.0)}, "pairs.value is negative"),
        ({"pairs": PAIRS.drop(columns="value")}, "lacks column(s) ['value']"),
        ({"pairs": pd.concat([PAIRS, PAIRS.iloc[:1]])}, "repeats the key ['A', 'dc']"),
        (
            {"budgets": pd.DataFrame({"region": ["A"], "resource": ["w"], "budget": [np.nan]})},
            "budgets.budget is missing (NaN)",
        ),
        ({"min_groups": pd.Series({"dc": 1.5}), "groups": GROUPS}, "whole numbers"),
        ({"min_groups": pd.Series({"dc": 1})}, "min_groups needs groups"),
        ({"participation": (2, 1)}, "min > max"),
    ],
)
def test_bad_input(kwargs, message):
    with pytest.raises(InputError, match=None) as err:
        AllocationProblem(**({"pairs": PAIRS} | kwargs))
    assert message in str(err.value)


def test_bad_options():
    with pytest.raises(OptionError, match="solver"):
        solve_allocation(AllocationProblem(PAIRS), solver="cplex")
    with pytest.raises(OptionError, match="families"):
        AllocationProblem(PAIRS, families=frozenset({"hubs"}))
    with pytest.raises(OptionError, match="time_limit"):
        solve_allocation(AllocationProblem(PAIRS), time_limit=0)


def test_falls_back_to_scipy_without_highspy(monkeypatch):
    import yindi.measures.allocation._solve as allocation

    monkeypatch.setattr(allocation, "_highspy", lambda: None)
    sol = solve_allocation(AllocationProblem(PAIRS, hub_max=pd.Series({"dc": 1})))
    assert sol.solver == "scipy"
    assert (sol.status, sol.objective) == ("optimal", pytest.approx(12.0, abs=PEER_ATOL))
