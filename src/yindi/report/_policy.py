"""Policy effects in the report: only formats a ``PolicyResult`` (``yindi evaluate policy``).

Per outcome: the event-study path (effect by year relative to the start, with its confidence
interval; Callaway-Sant'Anna and the two-stage event study overlaid where both ran), the
synthetic-control gap of each treated region with its in-space placebos in grey, the overall
estimates of every estimator and whether the two robust ones agree, the pre-trend tests and
the HonestDiD bounds. Then the caveats the stage wrote. Every English text goes through
``_i18n.t`` (page words) or ``_i18n.sentence`` (the stage's sentences).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from yindi.report._i18n import sentence, t
from yindi.report._page import _e, _figure, _table

__all__ = ["ESTIMATOR_LABELS", "SC_FIGURES", "event_figure", "gap_figure", "policy_section"]

#: estimator id -> label on the page (translated by ``t``)
ESTIMATOR_LABELS = {
    "callaway_santanna": "Callaway-Sant'Anna",
    "did2s": "did2s (two-stage)",
    "event_study": "event study (two-stage)",
    "twfe": "two-way fixed effects (reference only)",
    "synthetic_control": "synthetic control",
}
#: colours of the event-study estimators (Okabe-Ito)
EVENT_COLOURS = {"callaway_santanna": "#0072B2", "event_study": "#D55E00"}
#: treated regions per outcome drawn as a gap figure (all are in the table below them)
SC_FIGURES = 4
#: a package's own message in the notes starts with its name (``_backends.quiet``)
PACKAGES = ("diff-diff", "pyfixest", "pysyncon", "wildboottest")

INTRO = (
    "Effects of the policy on each outcome. Callaway-Sant'Anna and did2s are robust to "
    "staggered starts and effects that change over time; they should agree. Two-way fixed "
    "effects is shown for reference only (biased when effects differ across cohorts). The "
    "event study shows the effect by year relative to the start: before the start it should "
    "be near 0 (parallel trends). Synthetic control compares one treated region with a "
    "weighted mix of untreated ones; the grey lines are the same fit for each untreated "
    "region (placebos)."
)
SC_NOTE = (
    "Gap = actual minus synthetic. p-value: the treated region's rank among all placebos "
    "by the ratio of post- to pre-treatment fit error (smallest possible: 1 / (placebos + 1))."
)
HONEST_NOTE = (
    "HonestDiD (relative magnitudes): intervals that stay valid if parallel trends fails after "
    "the start by up to M times the largest violation before it. Breakdown M: the smallest M "
    "whose interval covers 0."
)


def _label(estimator: object) -> str:
    return t(ESTIMATOR_LABELS.get(str(estimator), str(estimator)))


def event_figure(event: pd.DataFrame, outcome: str, confidence: float) -> go.Figure:
    """Effects by event time with their confidence intervals, one trace per estimator."""
    traces = []
    estimators = [e for e in ESTIMATOR_LABELS if e in set(event["estimator"])]
    for estimator in estimators:
        part = event[event["estimator"] == estimator].sort_values("event_time", kind="mergesort")
        est = part["estimate"].to_numpy(dtype=float)
        traces.append(
            go.Scatter(
                x=part["event_time"].astype(int).tolist(),
                y=est.tolist(),
                mode="lines+markers",
                name=_label(estimator),
                line={"color": EVENT_COLOURS.get(estimator, "#555"), "width": 1.5},
                marker={"size": 7},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (part["ci_high"].to_numpy(dtype=float) - est).tolist(),
                    "arrayminus": (est - part["ci_low"].to_numpy(dtype=float)).tolist(),
                    "thickness": 1.2,
                    "width": 3,
                },
                meta=estimator,
                hovertemplate="%{x}: %{y:.3f}<extra>" + _e(_label(estimator)) + "</extra>",
            )
        )
    fig = go.Figure(traces)
    fig.add_hline(y=0, line={"color": "#888", "width": 1})
    fig.add_vline(x=-0.5, line={"color": "#888", "width": 1, "dash": "dot"})
    fig.update_layout(
        title={
            "text": t(
                "{outcome}: effect by year relative to the start ({level} intervals)",
                outcome=_e(outcome),
                level=f"{confidence:.0%}",
            ),
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": 14},
        },
        height=420,
        margin={"l": 55, "r": 15, "t": 40, "b": 75},
        xaxis={
            "title": {"text": t("years since the start")},
            "gridcolor": "#eee",
            "dtick": 1,
            "zeroline": False,
        },
        yaxis={"title": {"text": t("effect")}, "gridcolor": "#eee", "zeroline": False},
        legend={"orientation": "h", "x": 0.0, "y": -0.22, "yanchor": "top"},
        plot_bgcolor="white",
        hovermode="closest",
    )
    return fig


def gap_figure(
    paths: pd.DataFrame, region: str, start: int, outcome: str, name: Callable[[str], str]
) -> go.Figure:
    """The treated region's gap (actual - synthetic) over the years, its placebos in grey."""
    mine = paths[paths["region"] == region]
    traces = []
    first = True
    for unit, part in mine[mine["role"] == "placebo"].groupby("unit", sort=True):
        part = part.sort_values("year", kind="mergesort")
        traces.append(
            go.Scatter(
                x=part["year"].astype(int).tolist(),
                y=part["gap"].astype(float).tolist(),
                mode="lines",
                name=t("placebos (untreated regions)"),
                legendgroup="placebo",
                showlegend=first,
                line={"color": "#bdbdbd", "width": 1},
                meta=str(unit),
                hovertemplate=_e(name(str(unit))) + " %{x}: %{y:.3f}<extra></extra>",
            )
        )
        first = False
    own = mine[mine["role"] == "treated"].sort_values("year", kind="mergesort")
    traces.append(
        go.Scatter(
            x=own["year"].astype(int).tolist(),
            y=own["gap"].astype(float).tolist(),
            mode="lines+markers",
            name=_e(name(region)),  # plotly draws names as markup: escaped
            line={"color": "#D55E00", "width": 2.5},
            marker={"size": 5},
            meta=region,
            hovertemplate=_e(name(region)) + " %{x}: %{y:.3f}<extra></extra>",
        )
    )
    fig = go.Figure(traces)
    fig.add_hline(y=0, line={"color": "#888", "width": 1})
    fig.add_vline(x=start - 0.5, line={"color": "#888", "width": 1, "dash": "dot"})
    fig.update_layout(
        title={
            "text": t(
                "{outcome}, {region}: gap to its synthetic control (start {year})",
                outcome=_e(outcome),
                region=_e(name(region)),
                year=start,
            ),
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": 14},
        },
        height=400,
        margin={"l": 55, "r": 15, "t": 40, "b": 75},
        xaxis={"title": {"text": t("year")}, "gridcolor": "#eee"},
        yaxis={"title": {"text": t("actual - synthetic")}, "gridcolor": "#eee", "zeroline": False},
        legend={"orientation": "h", "x": 0.0, "y": -0.22, "yanchor": "top"},
        plot_bgcolor="white",
        hovermode="closest",
    )
    return fig


def _donors(text: object, name: Callable[[str], str]) -> str:
    """``"R03 0.502; R05 0.386"`` (the stage's donor list) with the regions' names."""
    items = []
    for item in str(text or "").split("; "):
        region, _, weight = item.rpartition(" ")
        items.append(f"{name(region)} {weight}" if region else item)
    return ", ".join(x for x in items if x)


def _outcome(result: Any, outcome: str, k: int, name: Callable[[str], str]) -> str:
    confidence = float(result.options.get("confidence", 0.95))
    parts = [f"<h3>{_e(t('Outcome'))}: <code>{_e(outcome)}</code></h3>"]
    effects = result.effects
    mine = effects[effects["outcome"] == outcome] if len(effects) else effects
    if len(mine):
        shown = mine.assign(
            label=[_label(e) for e in mine["estimator"]],
            package_html=[f"<small>{_e(p)}</small>" for p in mine["package"]],
        )
        parts.append(
            _table(
                shown,
                [
                    ("label", "estimator", ""),
                    ("estimate", "estimate", "{:.4f}"),
                    ("se", "standard error", "{:.4f}"),
                    ("ci_low", "interval from", "{:.4f}"),
                    ("ci_high", "interval to", "{:.4f}"),
                    ("p_value", "p-value", "{:.3f}"),
                    ("n_treated", "treated regions", "{:d}"),
                    ("n_regions", "regions", "{:d}"),
                    ("years", "years", ""),
                    ("estimand", "estimand", "ev"),
                    ("inference", "inference", "ev"),
                    ("package_html", "package", "html"),
                ],
                "wide",
                name=f"policy-effects-{k}",
            )
        )
    agreement = result.agreement
    if len(agreement) and outcome in set(agreement["outcome"]):
        row = agreement[agreement["outcome"] == outcome].iloc[0]
        mark = "✓" if bool(row["agree"]) else "⚠"
        parts.append(
            f"<p class='agree'><b>{_e(t('Do the robust estimators agree?'))}</b> {mark} "
            f"{_e(sentence(row['verdict']))}</p>"
        )
    event = result.event_study
    event = event[event["outcome"] == outcome] if len(event) else event
    figures = []
    if len(event):
        figures.append(_figure(event_figure(event, outcome, confidence), f"fig-event-{k}"))
    sc = result.synthetic_control
    sc = sc[sc["outcome"] == outcome] if len(sc) else sc
    paths = result.synthetic_paths
    paths = paths[paths["outcome"] == outcome] if len(paths) else paths
    for j, row in enumerate(sc.head(SC_FIGURES).itertuples(index=False)):
        figure = gap_figure(paths, str(row.region), int(row.start_year), outcome, name)
        figures.append(_figure(figure, f"fig-gap-{k}-{j}"))
    if figures:
        parts.append("<div class='grid2'>" + "".join(figures) + "</div>")
    parts.append(_pretrends(result, outcome, k))
    if len(sc):
        parts += [
            f"<h4>{_e(t('Synthetic control (in-space placebos)'))}</h4>",
            f"<p class='note'>{_e(t(SC_NOTE))}</p>",
            _table(
                sc.assign(
                    region_name=[name(str(r)) for r in sc["region"]],
                    donors_text=[_donors(d, name) for d in sc["donors"]],
                ),
                [
                    ("region_name", "region", ""),
                    ("start_year", "start", "{:d}"),
                    ("effect", "mean gap after the start", "{:.4f}"),
                    ("pre_rmspe", "fit error before", "{:.3g}"),
                    ("rmspe_ratio", "error ratio after / before", "{:.3g}"),
                    ("p_value", "placebo p-value", "{:.3f}"),
                    ("placebos", "placebos", "{:d}"),
                    ("donors_text", "synthetic control: donors and weights", ""),
                ],
                "wide",
                name=f"policy-synthetic-{k}",
            ),
        ]
    return "".join(parts)


def _pretrends(result: Any, outcome: str, k: int) -> str:
    out = []
    pre = result.pretrends
    pre = pre[pre["outcome"] == outcome] if len(pre) else pre
    if len(pre):
        out += [
            f"<h4>{_e(t('Pre-trends: joint test that every effect before the start is 0'))}</h4>",
            _table(
                pre.assign(
                    label=[_label(e) for e in pre["estimator"]],
                    verdict=[t("passes") if bool(p) else "⚠ " + t("fails") for p in pre["passed"]],
                ),
                [
                    ("label", "estimator", ""),
                    ("pre_periods", "years before the start tested", "{:d}"),
                    ("f_statistic", "F", "{:.3f}"),
                    ("df_den", "clusters - 1", "{:d}"),
                    ("p_value", "p-value", "{:.3f}"),
                    ("verdict", "parallel trends", ""),
                ],
                name=f"policy-pretrends-{k}",
            ),
        ]
    honest = result.sensitivity
    honest = honest[honest["outcome"] == outcome] if len(honest) else honest
    if len(honest):
        breakdown = float(honest["breakdown_m"].iloc[0])
        out += [
            f"<h4>{_e(t('Sensitivity to violations of parallel trends'))}</h4>",
            f"<p class='note'>{_e(t(HONEST_NOTE))} "
            + _e(
                t("Breakdown M: {m}.", m=f"{breakdown:.2f}")
                if breakdown == breakdown
                else t("Breakdown M: none of the M tried (the interval excludes 0 for all).")
            )
            + "</p>",
            _table(
                honest,
                [
                    ("m", "M", "{:.1f}"),
                    ("ci_low", "robust interval from", "{:.4f}"),
                    ("ci_high", "robust interval to", "{:.4f}"),
                    ("excludes_zero", "excludes 0", ""),
                ],
                name=f"policy-honestdid-{k}",
            ),
        ]
    return "".join(out)


def _notes(notes: tuple[str, ...]) -> str:
    """The stage's caveats (translated) and the packages' own messages (quoted as written)."""
    own = [n for n in notes if not n.startswith(PACKAGES)]
    quoted = [n for n in notes if n.startswith(PACKAGES)]
    out = []
    if own:
        out.append(
            f"<h3>{_e(t('Caveats'))}</h3><ul class='caveats'>"
            + "".join(f"<li>{_e(sentence(n))}</li>" for n in own)
            + "</ul>"
        )
    if quoted:
        out.append(
            f"<details><summary>{_e(t('Messages of the estimation packages (as written)'))}"
            "</summary><ul>"
            + "".join(f"<li><small>{_e(n)}</small></li>" for n in quoted)
            + "</ul></details>"
        )
    return "".join(out)


def policy_section(result: Any, name: Callable[[str], str] = str) -> str:
    """The whole policy evaluation: one block per outcome, then the caveats."""
    effects = result.effects
    outcomes = list(result.options.get("outcomes", ())) or list(
        dict.fromkeys(effects["outcome"]) if len(effects) else ()
    )
    policy = result.options.get("policy")
    head = f"<p class='note'>{_e(t(INTRO))}</p>"
    if policy:
        head = f"<p class='meta'>{_e(t('Policy'))}: <code>{_e(policy)}</code></p>" + head
    return "".join(
        [
            f"<section id='policy'><h2>{_e(t('Did the policy work?'))}</h2>",
            head,
            *(_outcome(result, str(o), k, name) for k, o in enumerate(outcomes)),
            _notes(tuple(result.notes)),
            "</section>",
        ]
    )
