"""``policy_effects``: did a staggered policy change the outcomes? Several estimators, one answer.

For each outcome, :func:`policy_effects` runs the estimators asked for (default: all five of
:data:`ESTIMATORS`), says whether the two heterogeneity-robust ones (Callaway-Sant'Anna and
did2s) agree, tests pre-trends (and warns when they fail), bounds the effect under violations
of parallel trends (HonestDiD) and fits synthetic controls with placebo p-values for chosen
treated regions. :func:`pilot_case` runs it on the shipped pilot policies and the embedded
outcomes. The maths and references are in :mod:`._did` and :mod:`._synth`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import Interval, StrOptions, check, choose, register
from yindi._results import FrozenFrame, Result, frame_digest
from yindi.data.validate import to_pandas
from yindi.errors import ComputationWarning, InputError
from yindi.stages._summary import Summary
from yindi.stages.evaluate.policy import _did
from yindi.stages.evaluate.policy._inputs import Design, policy_design
from yindi.stages.evaluate.policy._pilot import POLICIES, embedded_outcomes, pilot_treatment
from yindi.stages.evaluate.policy._synth import synthetic_control

__all__ = ["ESTIMATORS", "PolicyResult", "pilot_case", "policy_effects"]

#: every estimator, in output order; the default runs all of them.
ESTIMATORS = ("callaway_santanna", "did2s", "event_study", "twfe", "synthetic_control")
#: the two heterogeneity-robust estimators whose agreement is reported.
ROBUST = ("callaway_santanna", "did2s")

register("control_group", StrOptions(("not_yet_treated", "never_treated")))
register("anticipation", Interval(0, None, integer=True, example=0))
register("draws", Interval(49, None, integer=True, example=999))
register("seed", Interval(0, None, integer=True, example=0))
register("confidence", Interval(0.5, 1, closed="neither", example=0.95))
register("min_pre_periods", Interval(2, None, integer=True, example=4))


@dataclass(frozen=True)
class PolicyResult(Result):
    """Result of :func:`policy_effects` (every table has an ``outcome`` column).

    Attributes
    ----------
    effects : DataFrame
        One row per outcome and DiD estimator: estimate, se, ci_low, ci_high, p_value, the
        inference used, regions, treated regions, years.
    agreement : DataFrame
        Callaway-Sant'Anna against did2s per outcome: both estimates, whether each lies in
        the other's interval, the verdict.
    pretrends : DataFrame
        Joint Wald tests of the pre-period effects (F against F(q, G - 1)) and ``passed``.
    event_study : DataFrame
        Effects by event time (year - start) from Callaway-Sant'Anna and the two-stage event
        study.
    sensitivity : DataFrame
        HonestDiD relative-magnitude bounds and robust intervals per M, the breakdown M.
    synthetic_control : DataFrame
        Per treated region: mean post-treatment gap, RMSPEs, placebo p-value and rank, donors.
    synthetic_paths : DataFrame
        Actual, synthetic and gap by year for each treated region and its placebos.
    group_time : DataFrame
        Callaway-Sant'Anna ATT(g, t).
    cohorts : DataFrame
        The treatment table as used per outcome: start year, pre- and post-treatment years.
    cross_checks : DataFrame
        The same estimate from two packages (pyfixest and diff-diff did2s).
    notes : tuple of str
        Caveats, what was left out and why, messages of the packages.
    """

    _stage = "evaluate policy"
    _tables = (
        "effects",
        "agreement",
        "pretrends",
        "event_study",
        "sensitivity",
        "synthetic_control",
        "synthetic_paths",
        "group_time",
        "cohorts",
        "cross_checks",
    )

    effects: pd.DataFrame = FrozenFrame()
    agreement: pd.DataFrame = FrozenFrame()
    pretrends: pd.DataFrame = FrozenFrame()
    event_study: pd.DataFrame = FrozenFrame()
    sensitivity: pd.DataFrame = FrozenFrame()
    synthetic_control: pd.DataFrame = FrozenFrame()
    synthetic_paths: pd.DataFrame = FrozenFrame()
    group_time: pd.DataFrame = FrozenFrame()
    cohorts: pd.DataFrame = FrozenFrame()
    cross_checks: pd.DataFrame = FrozenFrame()
    notes: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def summary(self) -> Summary:
        effects = self.effects
        head = {
            "outcomes": ", ".join(dict.fromkeys(effects["outcome"])) if len(effects) else "-",
            "estimators": ", ".join(self.options.get("estimators", ())),
            "confidence": f"{self.options.get('confidence', 0.95):.0%}",
        }
        if "policy" in self.inputs:
            head["policy"] = str(self.inputs["policy"])
        cols = ["outcome", "estimator", "estimate", "ci_low", "ci_high", "p_value"]
        tables: dict[str, pd.DataFrame] = {}
        if len(effects):
            tables["Effects"] = effects[cols]
        if len(self.agreement):
            tables["Do the robust estimators agree?"] = self.agreement[
                ["outcome", "callaway_santanna", "did2s", "agree", "verdict"]
            ]
        if len(self.pretrends):
            tables["Pre-trends (joint test of pre-period effects)"] = self.pretrends[
                ["outcome", "estimator", "pre_periods", "f_statistic", "p_value", "passed"]
            ]
        if len(self.sensitivity):
            tables["HonestDiD: smallest M whose robust interval covers 0"] = (
                self.sensitivity.groupby("outcome", sort=False)["breakdown_m"].first().reset_index()
            )
        if len(self.synthetic_control):
            tables["Synthetic control (in-space placebos)"] = self.synthetic_control[
                ["outcome", "region", "start_year", "effect", "rmspe_ratio", "p_value", "placebos"]
            ]
        return Summary("yindi evaluate policy", head, tables)


def _agreement(effects: pd.DataFrame, confidence: float) -> pd.DataFrame:
    rows = []
    for outcome, part in effects.groupby("outcome", sort=False):
        by = part.set_index("estimator")
        if not set(ROBUST) <= set(by.index):
            continue
        a, b = by.loc["callaway_santanna"], by.loc["did2s"]
        a_in_b = bool(b["ci_low"] <= a["estimate"] <= b["ci_high"])
        b_in_a = bool(a["ci_low"] <= b["estimate"] <= a["ci_high"])
        same_sign = bool(np.sign(a["estimate"]) == np.sign(b["estimate"]))
        sig = [bool(x["ci_low"] > 0 or x["ci_high"] < 0) for x in (a, b)]
        agree = a_in_b and b_in_a
        sign = "positive" if a["estimate"] > 0 else "negative"
        if agree and all(sig) and same_sign:
            verdict = f"agree: both {sign} and their {confidence:.0%} intervals exclude 0"
        elif agree and not any(sig):
            verdict = "agree: neither interval excludes 0 (no detectable effect)"
        elif agree:
            verdict = "agree in size; only one interval excludes 0"
        elif all(sig) and not same_sign:
            verdict = "disagree: effects of opposite sign, both intervals exclude 0"
        else:
            verdict = "disagree in size: one estimate lies outside the other's interval" + (
                "" if any(sig) else " (neither excludes 0)"
            )
        rows.append(
            {
                "outcome": outcome,
                "callaway_santanna": float(a["estimate"]),
                "did2s": float(b["estimate"]),
                "difference": float(a["estimate"] - b["estimate"]),
                "same_sign": same_sign,
                "each_in_other_interval": a_in_b and b_in_a,
                "agree": agree,
                "verdict": verdict,
            }
        )
    return pd.DataFrame(rows)


def _numeric_outcomes(frame: pd.DataFrame, keys: Iterable[str]) -> list[str]:
    skip = set(keys)
    return [c for c in frame.columns if c not in skip and pd.api.types.is_numeric_dtype(frame[c])]


def _sc_regions(design: Design, sc_regions: str | Sequence[str] | None) -> list[str]:
    treated = design.treated_regions
    if sc_regions is None:  # the earliest cohort: the longest pre- and post-treatment spans
        first = design.cohorts["start_year"].min()
        return sorted(design.cohorts.loc[design.cohorts["start_year"] == first, "region"])
    if isinstance(sc_regions, str) and sc_regions == "all":
        return treated
    asked = [sc_regions] if isinstance(sc_regions, str) else list(sc_regions)
    wrong = [r for r in asked if r not in treated]
    if wrong:
        raise InputError(
            f"sc_regions: {wrong[:5]} are not treated regions of {design.outcome!r} within "
            f"{design.years[0]}-{design.years[-1]}; choose among {treated[:12]} or 'all'"
        )
    return asked


def policy_effects(
    panel: Any,
    treatment: Any,
    *,
    outcomes: str | Sequence[str] | None = None,
    region: str = "region",
    year: str = "year",
    treatment_region: str = "region",
    start: str = "start",
    intensity: str | None = None,
    estimators: Sequence[str] = ESTIMATORS,
    control_group: str = "not_yet_treated",
    anticipation: int = 0,
    date_rule: str = "midyear",
    after_panel: str = "error",
    draws: int = 999,
    seed: int = 0,
    confidence: float = 0.95,
    sc_regions: str | Sequence[str] | None = None,
    min_pre_periods: int = 4,
    sensitivity: bool = True,
    inputs: Mapping[str, Any] | None = None,
    panel_name: str = "panel",
    treatment_name: str = "treatment",
) -> PolicyResult:
    """Effects of a staggered policy on each outcome (module docstring).

    Parameters
    ----------
    panel : DataFrame (pandas or polars)
        ``region, year`` and one column per outcome.
    treatment : DataFrame
        ``region, start`` (a year, or a date read by ``date_rule``) and optionally
        ``intensity`` in (0, 1] (used by ``twfe`` as a dose). Regions not listed are untreated.
    outcomes : str or list, optional
        Outcome columns; default every numeric column of ``panel`` but region and year.
    estimators : list of str
        Any of :data:`ESTIMATORS`.
    control_group : {'not_yet_treated', 'never_treated'}
        Comparison regions of Callaway-Sant'Anna.
    anticipation : int
        Years before the start in which the policy may already act: left out of the
        comparison (and the start of the synthetic-control fit moved back).
    date_rule : {'midyear', 'calendar_year'}
        How a date becomes a first treated year: ``midyear`` counts a date after 30 June
        from the next year.
    after_panel : {'error', 'control'}
        A region whose start is after the panel's last year is an error, or counts as not
        yet treated.
    draws, seed : int
        Bootstrap draws (multiplier and wild cluster bootstraps) and their seed.
    confidence : float
        Level of every interval.
    sc_regions : None, 'all' or list of str
        Treated regions to fit a synthetic control for; default: the earliest cohort.
    min_pre_periods : int
        Pre-treatment years a synthetic control needs (fewer: skipped, with a note).
    sensitivity : bool
        Run the HonestDiD sensitivity analysis.
    inputs : mapping, optional
        Provenance to record (sources of the tables).
    panel_name, treatment_name : str
        How messages name the two tables (the CLI passes the file names).

    Raises
    ------
    InputError
        Unknown regions, unreadable starts, starts outside the panel, no untreated regions,
        too few pre-treatment years for the event study.
    OptionError
        An option outside its registered values.
    """
    check(
        control_group=control_group,
        anticipation=anticipation,
        date_rule=date_rule,
        after_panel=after_panel,
        draws=draws,
        seed=seed,
        confidence=confidence,
        min_pre_periods=min_pre_periods,
    )
    if isinstance(estimators, str):
        estimators = [estimators]
    chosen = [choose("estimators", e, ESTIMATORS) for e in estimators]
    if not chosen:
        raise InputError(f"estimators: choose at least one of {list(ESTIMATORS)}")
    chosen = [e for e in ESTIMATORS if e in chosen]
    frame = to_pandas(panel, what=panel_name)
    names = (
        _numeric_outcomes(frame, (region, year))
        if outcomes is None
        else ([outcomes] if isinstance(outcomes, str) else list(outcomes))
    )
    if not names:
        raise InputError(
            f"{panel_name}: no numeric outcome column besides {region!r} and {year!r}; "
            "name them with outcomes="
        )
    settings = _did.DidSettings(control_group, anticipation, draws, seed, confidence, [])
    notes: list[str] = []
    parts: dict[str, list[Any]] = {k: [] for k in PolicyResult._tables}
    for outcome in names:
        design = policy_design(
            frame,
            treatment,
            outcome,
            region=region,
            year=year,
            treatment_region=treatment_region,
            start=start,
            intensity=intensity,
            date_rule=date_rule,
            after_panel=after_panel,
            anticipation=anticipation,
            what_panel=panel_name,
            what_treatment=treatment_name,
        )
        notes.extend(design.notes)
        parts["cohorts"].append(design.cohorts.assign(outcome=outcome))
        _run_outcome(design, chosen, settings, parts, sc_regions, min_pre_periods, sensitivity)
    tables = {k: _concat(v) for k, v in parts.items()}
    tables["agreement"] = (
        _agreement(tables["effects"], confidence) if len(tables["effects"]) else pd.DataFrame()
    )
    if len(tables["pretrends"]):
        tables["pretrends"]["passed"] = tables["pretrends"]["p_value"] >= 1 - confidence
        for row in tables["pretrends"].itertuples(index=False):
            if row.p_value < 1 - confidence:
                warnings.warn(
                    f"pre-trends fail for {row.outcome} ({row.estimator}): the joint test of "
                    f"{row.pre_periods} pre-period effects rejects 0 (p = {row.p_value:.3f}); "
                    "parallel trends is doubtful, read the estimates with the sensitivity "
                    "table (HonestDiD)",
                    ComputationWarning,
                    stacklevel=2,
                )
    record = {"panel": {"sha256": frame_digest(frame), "rows": len(frame)}}
    record["treatment"] = {"sha256": frame_digest(to_pandas(treatment, what="treatment"))}
    record |= dict(inputs or {})
    options = {
        "outcomes": names,
        "estimators": chosen,
        "control_group": control_group,
        "anticipation": anticipation,
        "date_rule": date_rule,
        "after_panel": after_panel,
        "draws": draws,
        "seed": seed,
        "confidence": confidence,
        "sc_regions": sc_regions
        if sc_regions is None or isinstance(sc_regions, str)
        else list(sc_regions),
        "min_pre_periods": min_pre_periods,
        "sensitivity": sensitivity,
        "intensity": intensity,
    }
    return PolicyResult(
        **tables,
        notes=tuple(dict.fromkeys(notes + settings.notes)),
        options=options,
        inputs=record,
    )


def _concat(frames: list[Any]) -> pd.DataFrame:
    items = [pd.DataFrame([f]) if isinstance(f, dict) else f for f in frames]
    items = [f for f in items if len(f)]
    return pd.concat(items, ignore_index=True) if items else pd.DataFrame()


def _run_outcome(
    design: Design,
    chosen: list[str],
    s: _did.DidSettings,
    parts: dict[str, list[Any]],
    sc_regions: str | Sequence[str] | None,
    min_pre: int,
    sensitivity: bool,
) -> None:
    if "event_study" in chosen and int(design.cohorts["pre_periods"].max()) < 2:
        first = design.cohorts.sort_values("start_year").iloc[0]
        raise InputError(
            f"too few pre-periods for the event study of {design.outcome!r}: its years start "
            f"in {design.years[0]} and the earliest cohort ({first['region']}, "
            f"{first['start_year']}) has {first['pre_periods']} year(s) before treatment; the "
            "pre-trend test needs 2. Use a panel that starts earlier, or leave 'event_study' "
            "out of estimators"
        )
    if "callaway_santanna" in chosen:
        fit = _did.callaway_santanna(design, s)
        parts["effects"].append(fit.effect)
        parts["event_study"].append(fit.event)
        parts["group_time"].append(fit.group_time)
        parts["pretrends"].append(fit.pretrend)
        if sensitivity:
            parts["sensitivity"].append(_did.honest_sensitivity(fit, design, s))
    if "did2s" in chosen:
        effect, check = _did.did2s(design, s)
        parts["effects"].append(effect)
        parts["cross_checks"].append(check)
    if "event_study" in chosen:
        event, pretrend = _did.event_study(design, s)
        parts["event_study"].append(event)
        parts["pretrends"].append(pretrend)
    if "twfe" in chosen:
        dose = bool((design.frame.loc[design.frame["g"] > 0, "intensity"] < 1).any())
        parts["effects"].append(_did.twfe(design, s, dose=dose))
    if "synthetic_control" in chosen:
        rows, paths = synthetic_control(
            design,
            _sc_regions(design, sc_regions),
            anticipation=s.anticipation,
            min_pre=min_pre,
            notes=s.notes,
        )
        parts["synthetic_control"].extend(rows)
        parts["synthetic_paths"].append(paths)


def pilot_case(
    policy: str = "national_big_data_comprehensive_pilot_zone",
    *,
    panel: Any = None,
    outcomes: str | Sequence[str] | None = None,
    dataset: Any = None,
    inputs: Mapping[str, Any] | None = None,
    **options: Any,
) -> PolicyResult:
    """:func:`policy_effects` of a shipped pilot policy, by default on the embedded outcomes.

    ``policy``: one of :data:`~yindi.stages.evaluate.policy._pilot.POLICIES`. ``panel``: an
    outcome panel of the caller's (``region, year, <outcomes>``, regions spelled as the
    embedded dataset); default :func:`embedded_outcomes` of ``dataset``. Starts after an
    outcome's last year count as not yet treated (``after_panel='control'``); the other
    options are :func:`policy_effects`'s. The caveats of the case are added to the notes.
    """
    choose("policy", policy, POLICIES)
    table = pilot_treatment(policy)
    options.setdefault("after_panel", "control")
    options.setdefault("treatment_name", f"shipped pilot policy {policy}")
    record = {
        "policy": policy,
        "treatment_source": "yindi/datasets/policy/pilot_policies.csv",
        "outcomes_source": "embedded china_provinces (indicators, NQPF index)",
    }
    result = policy_effects(
        embedded_outcomes(dataset) if panel is None else panel,
        table,
        outcomes=outcomes,
        inputs=record | dict(inputs or {}),
        **options,
    )
    partial = sorted(table.loc[table["coverage"] == "partial", "region"])
    caveats = (
        f"{len(set(result.cohorts['region']))} treated provinces and about 30 clusters: "
        "inference relies on the cluster bootstraps; few treated clusters make any interval "
        "fragile",
        "partial treatment: the zone covers part of the province in "
        + (", ".join(partial) if partial else "none")
        + "; a province dummy is a coarse proxy",
        "anticipation: dates depend on the definition (decision, approval, inauguration); "
        "rerun with anticipation=1 or date_rule='calendar_year' to see how much that matters",
        "years differ by outcome: NQPF index 2011-2019, R&D intensity 2011-2023, patents "
        "2010-2023, GDP per person 2005-2024",
    )
    return PolicyResult(
        **{name: getattr(result, name) for name in PolicyResult._tables},
        notes=caveats + result.notes,
        options=dict(result.options) | {"policy": policy},
        inputs=result.inputs,
    )
