"""Synthetic control for single treated regions, with in-space placebo inference.

For a treated region r first treated in year g, the synthetic region is the convex combination
of the donor regions (never treated within the panel) that best reproduces r's outcome in the
years before treatment: :math:`\\min_w \\sum_{t < g} (y_{rt} - \\sum_j w_j y_{jt})^2` with
:math:`w_j \\ge 0, \\sum_j w_j = 1` (Abadie, Diamond & Hainmueller 2010), solved by pysyncon's
``Synth`` with every pre-treatment year as a predictor of equal weight (``custom_V``): with
all lagged outcomes as predictors, covariates add nothing (Kaul et al. 2022) and the nested
V optimisation is skipped, so the fit is fast and deterministic.

The effect is the mean gap :math:`y_{rt} - \\hat y_{rt}` over the treated years. Inference is
in space (Abadie et al. 2010, 2015): every donor is taken as if treated in g and fitted from
the other donors; the p-value is the rank of r's ratio of post- to pre-treatment RMSPE among
all of them, :math:`p = (1 + \\#\\{j: R_j \\ge R_r\\}) / (1 + J)`, so with J donors the smallest
attainable p is 1/(J + 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yindi.stages.evaluate.policy._backends import quiet, require
from yindi.stages.evaluate.policy._inputs import Design

__all__ = ["synthetic_control"]


def _fit(wide: pd.DataFrame, unit: str, donors: list[str], pre: list[int]) -> pd.Series:
    """Weights of ``donors`` that reproduce ``unit`` over the years ``pre``."""
    synth_cls = require("pysyncon", "estimator 'synthetic_control'").Synth
    z0, z1 = wide.loc[pre, donors], wide.loc[pre, unit]
    model = synth_cls()
    model.fit(X0=z0, X1=z1, Z0=z0, Z1=z1, custom_V=np.ones(len(pre)))
    weights = np.clip(np.asarray(model.W, dtype=float), 0.0, None)
    return pd.Series(weights / weights.sum(), index=donors)


def _rmspe(gap: pd.Series) -> float:
    return float(np.sqrt(np.mean(np.square(gap.to_numpy(dtype=float)))))


def synthetic_control(
    design: Design,
    regions: list[str],
    *,
    anticipation: int,
    min_pre: int,
    notes: list[str],
) -> tuple[list[dict], pd.DataFrame]:
    """One row per treated region in ``regions`` and the paths of it and its placebos."""
    wide = design.frame.pivot(index="year", columns="region", values="y").sort_index()
    donors = design.control_regions
    starts = dict(zip(design.cohorts["region"], design.cohorts["start_year"], strict=True))
    rows: list[dict] = []
    paths: list[pd.DataFrame] = []
    for region in regions:
        g = int(starts[region])
        pre = [y for y in design.years if y < g - anticipation]
        post = [y for y in design.years if y >= g]
        if len(pre) < min_pre or len(donors) < 2:
            notes.append(
                f"{design.outcome}: no synthetic control for {region} ({len(pre)} pre-treatment "
                f"years, {len(donors)} donors; it needs {min_pre} years and 2 donors)"
            )
            continue
        gaps: dict[str, pd.Series] = {}
        fitted: dict[str, pd.Series] = {}
        weights = pd.Series(dtype=float)
        with quiet(notes, "pysyncon"):
            for unit in [region, *donors]:
                pool = [d for d in donors if d != unit]
                w = _fit(wide, unit, pool, pre)
                fitted[unit] = wide[pool] @ w
                gaps[unit] = wide[unit] - fitted[unit]
                if unit == region:
                    weights = w
        ratio = {
            u: _rmspe(gp.loc[post]) / max(_rmspe(gp.loc[pre]), 1e-12) for u, gp in gaps.items()
        }
        placebo = [ratio[d] for d in donors]
        exceed = sum(r >= ratio[region] for r in placebo)
        top = weights[weights > 0.005].sort_values(ascending=False, kind="mergesort")
        rows.append(
            {
                "outcome": design.outcome,
                "region": region,
                "start_year": g,
                "pre_years": f"{pre[0]}-{pre[-1]}",
                "post_years": f"{post[0]}-{post[-1]}",
                "effect": float(gaps[region].loc[post].mean()),
                "pre_rmspe": _rmspe(gaps[region].loc[pre]),
                "post_rmspe": _rmspe(gaps[region].loc[post]),
                "rmspe_ratio": ratio[region],
                "p_value": (1 + exceed) / (1 + len(placebo)),
                "placebos": len(placebo),
                "rank": 1 + exceed,
                "placebos_fitting_better": float(
                    np.mean(
                        [_rmspe(gaps[d].loc[pre]) < _rmspe(gaps[region].loc[pre]) for d in donors]
                    )
                ),
                "donors": "; ".join(f"{k} {v:.3f}" for k, v in top.items()),
            }
        )
        for unit, gp in gaps.items():
            paths.append(
                pd.DataFrame(
                    {
                        "outcome": design.outcome,
                        "region": region,
                        "unit": unit,
                        "role": "treated" if unit == region else "placebo",
                        "year": wide.index.to_numpy(dtype=np.int64),
                        "actual": wide[unit].to_numpy(dtype=float),
                        "synthetic": fitted[unit].to_numpy(dtype=float),
                        "gap": gp.to_numpy(dtype=float),
                    }
                )
            )
    table = pd.concat(paths, ignore_index=True) if paths else pd.DataFrame()
    return rows, table
