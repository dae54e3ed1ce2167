"""Staggered difference-in-differences on one outcome: four estimators and their checks.

- ``callaway_santanna`` (diff-diff): group-time effects ATT(g, t) against not-yet-treated (or
  never-treated) regions, aggregated to the overall ATT (weights: treated region-years) and
  to event time; inference by the cluster multiplier bootstrap with Webb's six-point weights
  (Webb 2023; the recommended weights when clusters are few). Callaway & Sant'Anna (2021).
- ``did2s`` (pyfixest): Gardner's (2021) two-stage estimator: region and year effects fitted on
  untreated region-years, then the imputed residuals of treated region-years averaged. Its
  standard error is pyfixest's GMM cluster-robust one; the confidence interval and p-value come
  from the multiplier (wild cluster) bootstrap of the same estimator in diff-diff's
  ``TwoStageDiD`` (the two packages' point estimates are checked to agree).
- ``event_study`` (pyfixest): the two-stage estimator with one effect per year relative to
  treatment; the leads give a pre-trend test.
- ``twfe`` (pyfixest): the static two-way fixed-effects regression
  :math:`y_{it} = \\alpha_i + \\lambda_t + \\beta D_{it} + \\varepsilon_{it}`, with a wild
  cluster bootstrap p-value (wildboottest, WCR, Webb weights; Cameron, Gelbach & Miller 2008).
  A reference only: with staggered timing and effects that change over time or differ by
  cohort, beta is a weighted mean with possibly negative weights (Goodman-Bacon 2021; de
  Chaisemartin & D'Haultfoeuille 2020).

Pre-trends: a joint Wald test that every pre-period effect is 0,
:math:`F = \\hat b' V^{-1} \\hat b / q` against :math:`F(q, G - 1)` with G clusters.
Sensitivity: HonestDiD relative magnitudes (Rambachan & Roth 2023) on the Callaway-Sant'Anna
event study: post-period violations of parallel trends up to M times the largest pre-period
one; the breakdown M is where the robust interval first covers 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from yindi.stages.evaluate.policy._backends import quiet, require
from yindi.stages.evaluate.policy._inputs import Design

__all__ = [
    "DidSettings",
    "callaway_santanna",
    "did2s",
    "event_study",
    "honest_sensitivity",
    "twfe",
    "wald_test",
]

#: HonestDiD relative-magnitude bounds M evaluated for every outcome.
M_GRID = (0.0, 0.5, 1.0, 1.5, 2.0)


@dataclass(frozen=True)
class DidSettings:
    control_group: str = "not_yet_treated"
    anticipation: int = 0
    draws: int = 999
    seed: int = 0
    confidence: float = 0.95
    notes: list[str] = field(default_factory=list)


def _coded(design: Design, anticipation: int) -> pd.DataFrame:
    """The design frame with integer region codes (``unit``).

    Integer codes because wildboottest's numba kernels cannot type the object arrays that
    pandas 3 string columns turn into (numba TypingError "non-precise type array(pyobject)").
    """
    frame = design.frame.copy()
    frame["unit"] = pd.factorize(frame["region"], sort=True)[0].astype(np.int64)
    if anticipation:
        # Years in the anticipation window are neither untreated nor treated: left out.
        window = (frame["g"] > 0) & (frame["year"] >= frame["g"] - anticipation)
        frame = frame[~window | frame["treated"]]
    return frame.reset_index(drop=True)


def wald_test(estimates: np.ndarray, vcov: np.ndarray, clusters: int) -> tuple[float, int, float]:
    """Joint test that every estimate is 0: (F statistic, q, p-value against F(q, G - 1))."""
    b = np.asarray(estimates, dtype=float)
    q = len(b)
    if q == 0 or clusters < 2:
        return float("nan"), q, float("nan")
    stat = float(b @ np.linalg.pinv(np.asarray(vcov, dtype=float)) @ b) / q
    return stat, q, float(stats.f.sf(stat, q, clusters - 1))


def _row(design: Design, estimator: str, package: str, estimand: str, **values: Any) -> dict:
    frame = design.frame
    return {
        "outcome": design.outcome,
        "estimator": estimator,
        "package": package,
        "estimand": estimand,
        **values,
        "n_regions": int(frame["region"].nunique()),
        "n_treated": int(frame.loc[frame["g"] > 0, "region"].nunique()),
        "years": f"{design.years[0]}-{design.years[-1]}",
    }


@dataclass(frozen=True)
class CallawaySantAnnaFit:
    effect: dict
    event: pd.DataFrame
    group_time: pd.DataFrame
    pretrend: dict
    event_container: Any


def callaway_santanna(design: Design, s: DidSettings) -> CallawaySantAnnaFit:
    """Callaway & Sant'Anna (2021) through diff-diff (module docstring)."""
    dd = require("diff_diff", "estimator 'callaway_santanna'")
    data = _coded(design, 0)
    est = dd.CallawaySantAnna(
        control_group=s.control_group,
        anticipation=s.anticipation,
        n_bootstrap=s.draws,
        bootstrap_weights="webb",
        seed=s.seed,
        cluster="unit",
        base_period="universal",
        alpha=1 - s.confidence,
    )
    with quiet(s.notes, "diff-diff CallawaySantAnna"):
        res = est.fit(data, outcome="y", unit="unit", time="year", first_treat="g")
        container = res.aggregate("event_study")
    low, high = res.overall_conf_int
    clusters = int(data["unit"].nunique())
    effect = _row(
        design,
        "callaway_santanna",
        f"diff-diff {_version('diff-diff')}",
        "ATT over treated region-years",
        estimate=float(res.overall_att),
        se=float(res.overall_se),
        ci_low=float(low),
        ci_high=float(high),
        p_value=float(res.overall_p_value),
        inference=f"cluster multiplier bootstrap, Webb weights, {s.draws} draws, "
        f"{clusters} clusters; controls: {s.control_group.replace('_', '-')}",
    )
    table = container.to_dataframe()
    table = table[~table["is_reference"].astype(bool)]
    event = pd.DataFrame(
        {
            "outcome": design.outcome,
            "estimator": "callaway_santanna",
            "event_time": table["event_time"].astype(np.int64).to_numpy(),
            "estimate": table["att"].to_numpy(dtype=float),
            "se": table["se"].to_numpy(dtype=float),
            "ci_low": table["conf_int_lower"].to_numpy(dtype=float),
            "ci_high": table["conf_int_upper"].to_numpy(dtype=float),
            "cohorts": table["n"].to_numpy(dtype=float),
        }
    )
    gt = [
        {
            "outcome": design.outcome,
            "cohort": int(g),
            "year": int(t),
            "estimate": float(v["effect"]),
            "se": float(v["se"]),
            "n_treated": int(v.get("n_treated", 0)),
            "n_control": int(v.get("n_control", 0)),
        }
        for (g, t), v in sorted(res.group_time_effects.items())
    ]
    index = [int(e) for e in np.asarray(container.vcov_index)]
    pre = [e for e in event["event_time"] if e < -1 - s.anticipation and e in index]
    est_pre = event.set_index("event_time").loc[pre, "estimate"].to_numpy()
    keep = [index.index(e) for e in pre]
    vcov = np.asarray(container.vcov, dtype=float)[np.ix_(keep, keep)]
    finite = np.isfinite(est_pre) & np.isfinite(np.diag(vcov)) if pre else np.array([], bool)
    stat, q, p = wald_test(est_pre[finite], vcov[np.ix_(finite, finite)], clusters)
    pretrend = _pretrend(design, "callaway_santanna", stat, q, clusters, p, "ATT(e), e < -1")
    return CallawaySantAnnaFit(effect, event, pd.DataFrame(gt), pretrend, container)


def _pretrend(
    design: Design, estimator: str, stat: float, q: int, clusters: int, p: float, what: str
) -> dict:
    return {
        "outcome": design.outcome,
        "estimator": estimator,
        "tested": what,
        "pre_periods": q,
        "f_statistic": stat,
        "df_num": q,
        "df_den": clusters - 1,
        "p_value": p,
    }


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:  # pragma: no cover - imported means installed
        return "?"


def did2s(design: Design, s: DidSettings) -> tuple[dict, dict]:
    """Gardner's two-stage DiD: pyfixest estimate, diff-diff bootstrap (module docstring).

    Returns the effect row and a cross-check row (the two packages' point estimates).
    """
    pf = require("pyfixest", "estimator 'did2s'")
    dd = require("diff_diff", "the did2s bootstrap")
    data = _coded(design, s.anticipation)
    with quiet(s.notes, "pyfixest did2s"):
        fit = pf.did2s(
            data,
            yname="y",
            first_stage="~ 0 | unit + year",
            second_stage="~ 0 + treated",
            treatment="treated",
            cluster="unit",
        )
        tidy = fit.tidy(alpha=1 - s.confidence)
    estimate = float(tidy["Estimate"].iloc[0])
    boot = dd.TwoStageDiD(
        cluster="unit",
        n_bootstrap=s.draws,
        bootstrap_weights="webb",
        seed=s.seed,
        alpha=1 - s.confidence,
    )
    other = data.assign(g=np.where(data["g"] > 0, data["g"], 0))
    with quiet(s.notes, "diff-diff TwoStageDiD"):
        res = boot.fit(other, outcome="y", unit="unit", time="year", first_treat="g")
    low, high = res.overall_conf_int
    clusters = int(data["unit"].nunique())
    effect = _row(
        design,
        "did2s",
        f"pyfixest {_version('pyfixest')} (bootstrap: diff-diff {_version('diff-diff')})",
        "ATT over treated region-years",
        estimate=estimate,
        se=float(tidy["Std. Error"].iloc[0]),
        ci_low=float(low),
        ci_high=float(high),
        p_value=float(res.overall_p_value),
        inference=f"se: GMM cluster-robust; ci, p: cluster multiplier bootstrap, Webb "
        f"weights, {s.draws} draws, {clusters} clusters",
    )
    check = {
        "outcome": design.outcome,
        "quantity": "did2s ATT",
        "package_a": f"pyfixest {_version('pyfixest')}",
        "value_a": estimate,
        "package_b": f"diff-diff {_version('diff-diff')} TwoStageDiD",
        "value_b": float(res.overall_att),
        "abs_difference": abs(estimate - float(res.overall_att)),
    }
    return effect, check


def event_study(design: Design, s: DidSettings) -> tuple[pd.DataFrame, dict]:
    """Two-stage event study (pyfixest): effects by event time and the pre-trend test."""
    pf = require("pyfixest", "estimator 'event_study'")
    data = _coded(design, s.anticipation)
    reference = -1 - s.anticipation
    data["rel"] = np.where(data["g"] > 0, data["year"] - data["g"], reference).astype(float)
    with quiet(s.notes, "pyfixest did2s event study"):
        fit = pf.did2s(
            data,
            yname="y",
            first_stage="~ 0 | unit + year",
            second_stage=f"~ 0 + i(rel, ref={float(reference)})",
            treatment="treated",
            cluster="unit",
        )
        tidy = fit.tidy(alpha=1 - s.confidence)
    names = [str(n) for n in fit._coefnames]
    times = np.array([int(float(n.split("::")[1])) for n in names])
    event = pd.DataFrame(
        {
            "outcome": design.outcome,
            "estimator": "event_study",
            "event_time": times,
            "estimate": tidy["Estimate"].to_numpy(dtype=float),
            "se": tidy["Std. Error"].to_numpy(dtype=float),
            "ci_low": tidy.iloc[:, 4].to_numpy(dtype=float),
            "ci_high": tidy.iloc[:, 5].to_numpy(dtype=float),
            "cohorts": [_cohorts_at(design, int(e)) for e in times],
        }
    )
    lead = times < reference
    clusters = int(data["unit"].nunique())
    vcov = np.asarray(fit._vcov, dtype=float)[np.ix_(lead, lead)]
    stat, q, p = wald_test(event.loc[lead, "estimate"].to_numpy(), vcov, clusters)
    return event, _pretrend(design, "event_study", stat, q, clusters, p, f"leads e < {reference}")


def _cohorts_at(design: Design, e: int) -> float:
    """How many cohorts are observed at event time ``e``."""
    starts = design.frame.loc[design.frame["g"] > 0, "g"].unique()
    return float(sum(int(g) + e in design.years for g in starts))


def twfe(design: Design, s: DidSettings, *, dose: bool) -> dict:
    """Static two-way fixed effects (pyfixest) with a wild cluster bootstrap p (wildboottest)."""
    pf = require("pyfixest", "estimator 'twfe'")
    require("wildboottest", "the wild cluster bootstrap of 'twfe'")
    data = _coded(design, s.anticipation)
    data["d"] = data["treated"].astype(float) * (data["intensity"] if dose else 1.0)
    with quiet(s.notes, "pyfixest feols"):
        fit = pf.feols("y ~ d | unit + year", data=data, vcov={"CRV1": "unit"})
        tidy = fit.tidy(alpha=1 - s.confidence)
        boot = fit.wildboottest(param="d", reps=s.draws, seed=s.seed, weights_type="webb")
    clusters = int(data["unit"].nunique())
    return _row(
        design,
        "twfe",
        f"pyfixest {_version('pyfixest')} (wild bootstrap: wildboottest "
        f"{_version('wildboottest')})",
        "TWFE coefficient"
        + (" per unit of intensity" if dose else "")
        + " (biased under staggered heterogeneous effects)",
        estimate=float(tidy["Estimate"].iloc[0]),
        se=float(tidy["Std. Error"].iloc[0]),
        ci_low=float(tidy.iloc[0, 4]),
        ci_high=float(tidy.iloc[0, 5]),
        p_value=float(boot["Pr(>|t|)"]),
        inference=f"se, ci: CRV1, t({clusters - 1}); p: wild cluster bootstrap (WCR), Webb "
        f"weights, {s.draws} draws",
    )


def honest_sensitivity(fit: CallawaySantAnnaFit, design: Design, s: DidSettings) -> pd.DataFrame:
    """HonestDiD relative magnitudes on the Callaway-Sant'Anna event study (module docstring).

    Empty when the event study has fewer than two pre-periods (nothing to bound violations by).
    """
    dd = require("diff_diff", "the HonestDiD sensitivity analysis")
    if fit.pretrend["pre_periods"] < 1:
        s.notes.append(
            f"{design.outcome}: HonestDiD needs at least two pre-treatment periods in the event "
            "study; no sensitivity analysis"
        )
        return pd.DataFrame()
    honest = dd.HonestDiD(method="relative_magnitude", alpha=1 - s.confidence)
    with quiet(s.notes, "diff-diff HonestDiD"):
        try:
            result = honest.sensitivity_analysis(fit.event_container, M_grid=list(M_GRID))
        except (ValueError, np.linalg.LinAlgError) as exc:
            s.notes.append(f"{design.outcome}: HonestDiD could not run ({exc})")
            return pd.DataFrame()
    table = result.to_dataframe()
    breakdown = result.breakdown_M
    return pd.DataFrame(
        {
            "outcome": design.outcome,
            "method": "relative magnitudes (average post-period effect)",
            "m": table["M"].to_numpy(dtype=float),
            "bound_low": table["lb"].to_numpy(dtype=float),
            "bound_high": table["ub"].to_numpy(dtype=float),
            "ci_low": table["ci_lb"].to_numpy(dtype=float),
            "ci_high": table["ci_ub"].to_numpy(dtype=float),
            "excludes_zero": table["is_significant"].to_numpy(dtype=bool),
            "breakdown_m": float("nan") if breakdown is None else float(breakdown),
        }
    )
