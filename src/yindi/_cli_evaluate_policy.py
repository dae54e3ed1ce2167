"""``yindi evaluate policy``: effects of a staggered regional policy (DiD, event study, SCM).

Default: the shipped national big-data pilot zones on the embedded outcomes (NQPF index, R&D
intensity, patents, GDP per person). ``--panel`` and ``--treatment`` take a user's outcome
panel and treatment table; the command only reads them, calls
:func:`yindi.stages.evaluate.policy_effects` and writes the result, its tables and its page
``report.html`` (``--lang en|zh``).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from yindi._cli_evaluate import evaluate_app
from yindi._cli_support import (
    OutOpt,
    RegionOpt,
    YearOpt,
    console,
    file_record,
    guard,
    print_warnings,
    progress,
)

_ESTIMATOR_HELP = (
    "Estimator; repeatable: callaway_santanna, did2s, event_study, twfe, synthetic_control "
    "(default: all)."
)


@evaluate_app.command("policy")
@guard
def policy_cmd(
    out: OutOpt = Path("yindi-out"),
    panel: Annotated[
        Path | None,
        typer.Option(
            "--panel",
            help="Outcome panel (CSV/Parquet/Excel): region, year and outcome columns; "
            "default: the embedded outcomes.",
        ),
    ] = None,
    treatment: Annotated[
        Path | None,
        typer.Option(
            help="Treatment table: region, start (year or date) and optionally intensity; "
            "default: the shipped pilot policy (--policy)."
        ),
    ] = None,
    policy: Annotated[
        str,
        typer.Option(
            help="Shipped pilot policy, used without --treatment: "
            "national_big_data_comprehensive_pilot_zone | pilot_free_trade_zone."
        ),
    ] = "national_big_data_comprehensive_pilot_zone",
    outcomes: Annotated[
        list[str] | None,
        typer.Option(
            "--outcome",
            help="Outcome column; repeatable (default: every numeric column; embedded: "
            "nqpf_index, rd_intensity_pct, log_patent_applications, log_gdp_per_capita).",
        ),
    ] = None,
    estimators: Annotated[
        list[str] | None, typer.Option("--estimator", help=_ESTIMATOR_HELP)
    ] = None,
    region: RegionOpt = "region",
    year: YearOpt = "year",
    start: Annotated[
        str, typer.Option(help="Column of the treatment table with the start year or date.")
    ] = "start",
    intensity: Annotated[
        str | None,
        typer.Option(help="Column of the treatment table with the treated share in (0, 1]."),
    ] = None,
    control_group: Annotated[
        str, typer.Option(help="not_yet_treated | never_treated (Callaway-Sant'Anna).")
    ] = "not_yet_treated",
    anticipation: Annotated[
        int, typer.Option(help="Years before the start in which the policy may already act.")
    ] = 0,
    date_rule: Annotated[
        str,
        typer.Option(help="midyear (a date after 30 June starts the next year) | calendar_year."),
    ] = "midyear",
    after_panel: Annotated[
        str | None,
        typer.Option(
            help="A start after the panel's last year: error | control (not yet treated); "
            "default: control for the shipped policy, error for --treatment."
        ),
    ] = None,
    draws: Annotated[int, typer.Option(help="Bootstrap draws.")] = 999,
    seed: Annotated[int, typer.Option(help="Seed of the bootstraps.")] = 0,
    confidence: Annotated[float, typer.Option(help="Level of the intervals.")] = 0.95,
    sc_regions: Annotated[
        list[str] | None,
        typer.Option(
            "--sc-region",
            help="Treated region for a synthetic control; repeatable, or 'all' (default: the "
            "earliest cohort).",
        ),
    ] = None,
    sensitivity: Annotated[
        bool, typer.Option(help="HonestDiD sensitivity to violations of parallel trends.")
    ] = True,
    excel: Annotated[bool, typer.Option(help="Also write tables.xlsx.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of report.html: en | zh.")] = "en",
    regions: Annotated[
        Path | None,
        typer.Option(
            "--regions",
            help="Region table (region, name_en, name_zh) naming the regions in report.html; "
            "default: the embedded provinces' names.",
        ),
    ] = None,
) -> None:
    """Policy effects: staggered DiD (Callaway-Sant'Anna, did2s), event study, two-way fixed
    effects for reference and synthetic control with placebo inference; whether the estimators
    agree, pre-trend tests and HonestDiD sensitivity."""
    from yindi._cli_evaluate_plans import check_lang
    from yindi.data import read_table
    from yindi.report import render_evaluate_html
    from yindi.stages.evaluate.policy import ESTIMATORS, pilot_case, policy_effects

    check_lang(lang)
    sources: dict[str, Any] = {}
    names = None
    if regions is not None:
        names = read_table(regions, text_columns=("region",))
        sources["regions"] = file_record(regions)

    options: dict[str, Any] = {
        "outcomes": outcomes or None,
        "region": region,
        "year": year,
        "intensity": intensity,
        "estimators": estimators or ESTIMATORS,
        "control_group": control_group,
        "anticipation": anticipation,
        "date_rule": date_rule,
        "draws": draws,
        "seed": seed,
        "confidence": confidence,
        "sc_regions": "all" if sc_regions == ["all"] else (sc_regions or None),
        "sensitivity": sensitivity,
    }
    with progress("evaluate policy") as bar:
        task = bar.add_task("read", total=2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = None
            if panel is not None:
                frame = read_table(panel, text_columns=(region,))
                sources["panel"] = file_record(panel)
                options["panel_name"] = str(panel)
            bar.update(task, completed=1, description="estimate")
            if treatment is None:
                result = pilot_case(
                    policy,
                    panel=frame,
                    inputs=sources,
                    after_panel=after_panel or "control",
                    **options,
                )
            else:
                if frame is None:
                    from yindi.stages.evaluate.policy import embedded_outcomes

                    frame = embedded_outcomes()
                    sources["panel"] = {"embedded": "china_provinces outcomes"}
                table = read_table(treatment, text_columns=("region",))
                sources["treatment"] = file_record(treatment)
                result = policy_effects(
                    frame,
                    table,
                    start=start,
                    after_panel=after_panel or "error",
                    inputs=sources,
                    treatment_name=str(treatment),
                    **options,
                )
        bar.update(task, completed=2, description="done")
    print_warnings(caught, policy_cmd)
    if names is None:
        from yindi.datasets import resolve

        names = resolve().regions  # the embedded provinces; other ids keep their own name
    files = {"notes.txt": "\n".join(result.notes) + "\n"} if result.notes else {}
    files["report.html"] = render_evaluate_html(result, lang=lang, regions=names)
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    result.to_dir(out, formats=formats, files=files)
    for note in result.notes:
        console.print(Text(f"note: {note}", style="dim"), soft_wrap=True)
    console.print(f"report: [bold]{out / 'report.html'}[/bold]")
    console.print(f"wrote the policy evaluation to [bold]{out}[/bold]")
    typer.echo(str(result.summary()))
