"""Allocation kernel on three synthetic, seeded instances: status, objective, bound, gap, time.

Run: ``python benchmarks/coordinate.py [--big]`` (the 3000 x 200 instance only with ``--big``;
it may take the full 120 s). Instances: regions x industries x 3 resources, about 40% of pairs
eligible, per-region budgets, hub limits, participation (1, 5), macro-regions and national
budgets, so every constraint family is present.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from yindi.measures.allocation import AllocationProblem, solve_allocation

RESOURCES = ("water", "energy", "land")


def instance(n_regions: int, n_industries: int, seed: int) -> AllocationProblem:
    rng = np.random.default_rng(seed)
    regions = np.array([f"r{r:04d}" for r in range(n_regions)])
    industries = np.array([f"i{i:03d}" for i in range(n_industries)])
    eligible = rng.random((n_regions, n_industries)) < 0.4
    eligible[np.arange(n_regions), rng.integers(0, n_industries, n_regions)] = True
    r_idx, i_idx = np.nonzero(eligible)
    pairs = pd.DataFrame(
        {
            "region": regions[r_idx],
            "industry": industries[i_idx],
            "value": rng.gamma(2.0, 1.0, len(r_idx)),
        }
    )
    usage = pd.concat(
        [
            pairs[["region", "industry"]].assign(
                resource=s, amount=rng.uniform(0.0, 1.0, len(pairs))
            )
            for s in RESOURCES
        ],
        ignore_index=True,
    )
    budgets = pd.DataFrame(
        [(r, s) for r in regions for s in RESOURCES], columns=["region", "resource"]
    )
    budgets["budget"] = rng.uniform(1.0, 3.0, len(budgets))
    hub_max = pd.Series(
        np.maximum(2, (0.15 * n_regions * rng.uniform(0.5, 1.5, n_industries)).astype(int)),
        index=industries,
    )
    n_groups = max(2, n_regions // 40)
    groups = pd.Series([f"g{j % n_groups}" for j in range(n_regions)], index=regions)
    min_groups = pd.Series(rng.integers(0, 3, n_industries), index=industries)
    national = pd.Series({s: 0.25 * n_regions for s in RESOURCES})
    return AllocationProblem(
        pairs,
        usage=usage,
        budgets=budgets,
        hub_max=hub_max,
        participation=(1, 5),
        groups=groups,
        min_groups=min_groups,
        national=national,
    )


def main(big: bool) -> None:
    runs: list[tuple[str, tuple[int, int, int], dict[str, float]]] = [
        ("31 x 22 x 3", (31, 22, 1), {}),
        ("370 x 60 x 3", (370, 60, 2), {"mip_rel_gap": 0.005, "time_limit": 30.0}),
    ]
    if big:
        runs.append(("3000 x 200 x 3", (3000, 200, 3), {"time_limit": 120.0}))
    print(
        f"{'instance':<16}{'pairs':>8}  {'status':<11}{'objective':>12}{'bound':>12}"
        f"{'gap':>10}{'seconds':>9}"
    )
    for label, (n_r, n_i, seed), options in runs:
        problem = instance(n_r, n_i, seed)
        sol = solve_allocation(
            problem,
            time_limit=options.get("time_limit", 60.0),
            mip_rel_gap=options.get("mip_rel_gap", 1e-4),
        )
        print(
            f"{label:<16}{len(problem.pairs):>8}  {sol.status:<11}{sol.objective:>12.4f}"
            f"{sol.bound:>12.4f}{sol.gap:>10.2e}{sol.seconds:>9.2f}"
        )


if __name__ == "__main__":
    main(big="--big" in sys.argv)
