"""``yindi evaluate plans`` (bubble check of declared priorities) and ``yindi evaluate partners``
(regions whose development paths relate to a firm's or foreign region's profile).

Both run on the embedded China provinces: the plan, then the national coordination with the
shipped (or ``--coordinate-config``) settings, then the check. The input file is read and
checked against the regions and the catalogue before the plan is computed, so a bad file
fails at once, naming its line. The commands only load inputs, call
:func:`yindi.stages.evaluate.bubble_check` / :func:`~yindi.stages.evaluate.find_partners` and
write the result (:meth:`yindi._results.Result.to_dir`).
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from yindi._cli_evaluate import evaluate_app
from yindi._cli_support import OutOpt, console, guard, print_warnings, progress

TermsOpt = Annotated[
    Path | None,
    typer.Option(
        "--terms", help="Term dictionary (YAML); default: the shipped industry_terms.yaml."
    ),
]
CoordinateConfigOpt = Annotated[
    Path | None,
    typer.Option("--coordinate-config", help="Allocation settings (YAML) of the coordination."),
]
FuzzyOpt = Annotated[
    float,
    typer.Option(
        "--fuzzy-cutoff", help="Lowest difflib similarity accepted as a fuzzy term match (0-1]."
    ),
]
ExcelOpt = Annotated[bool, typer.Option(help="Also write tables.xlsx.")]


def _file_record(path: Path) -> dict[str, Any]:
    return {"file": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def _run(command: str, config: Path | None, last: str, check: Callable[[Any, Any], Any]) -> Any:
    """The plan and the coordination of the embedded data, then ``check(plan,
    coordination)``, with a progress bar; warnings are printed after it."""
    import yindi

    with progress(command) as bar:
        task = bar.add_task("plan", total=3)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            planned = yindi.plan(with_productivity=False)
            bar.update(task, completed=1, description="coordinate")
            coordination = yindi.coordinate(planned, config=config)
            bar.update(task, completed=2, description=last)
            result = check(planned, coordination)
        bar.update(task, completed=3, description="done")
    return result, caught


@evaluate_app.command("plans")
@guard
def plans_cmd(
    out: OutOpt = Path("yindi-out"),
    declared: Annotated[
        Path | None,
        typer.Option(
            "--declared",
            help="Declared priorities (CSV/Excel/Parquet): region and term (or term_zh / "
            "term_en) per row; default: the shipped 14th-FYP priorities of 21 provinces.",
        ),
    ] = None,
    terms: TermsOpt = None,
    coordinate_config: CoordinateConfigOpt = None,
    umbrellas: Annotated[
        bool,
        typer.Option(
            "--umbrellas/--no-umbrellas",
            help="Count a broad term (新能源, 新一代信息技术) as declaring each of its member "
            "industries.",
        ),
    ] = False,
    fuzzy_cutoff: FuzzyOpt = 0.8,
    excel: ExcelOpt = False,
) -> None:
    """Bubble check: declared priority industries per region against feasibility, endowment
    fit and the hubs the national coordination supports; the riskiest declarations with
    reasons, and the terms that match no industry."""
    from yindi.datasets import resolve
    from yindi.stages.evaluate import bubble_check, check_declared, read_declared

    frame = None
    if declared is not None:
        frame = read_declared(declared)
        check_declared(frame, resolve().regions)  # a bad file fails before the plan runs
    result, caught = _run(
        "evaluate plans",
        coordinate_config,
        "bubble check",
        lambda planned, coordination: bubble_check(
            planned,
            frame,
            coordination=coordination,
            terms=terms,
            umbrellas=umbrellas,
            fuzzy_cutoff=fuzzy_cutoff,
        ),
    )
    print_warnings(caught, plans_cmd)
    inputs: dict[str, Any] = {}
    if declared is not None:
        inputs["declared"] = _file_record(declared)
    if terms is not None:
        inputs["terms"] = _file_record(terms)
    if coordinate_config is not None:
        inputs["coordinate_config"] = _file_record(coordinate_config)
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    result.to_dir(out, formats=formats, inputs=inputs)
    console.print(f"wrote the bubble check to [bold]{out}[/bold]")
    typer.echo(str(result.summary()))


@evaluate_app.command("partners")
@guard
def partners_cmd(
    profile: Annotated[
        Path,
        typer.Option(
            "--profile",
            help="Profile (CSV/Excel/Parquet): code (ISIC Rev.4, NACE Rev.2 or HS) or term, "
            "and weight per row; optional scheme per row.",
        ),
    ],
    out: OutOpt = Path("yindi-out"),
    scheme: Annotated[
        str,
        typer.Option(
            "--scheme",
            help="How codes without a scheme cell are read: auto | isic4 | nace2 | hs.",
        ),
    ] = "auto",
    terms: TermsOpt = None,
    coordinate_config: CoordinateConfigOpt = None,
    shortlist: Annotated[
        int, typer.Option("--shortlist", help="Regions per group (coastal, inland) side by side.")
    ] = 5,
    fuzzy_cutoff: FuzzyOpt = 0.8,
    excel: ExcelOpt = False,
) -> None:
    """Partner finder: the regions whose cultivate and prepare lists relate to a firm's or
    foreign region's profile, ranked with reasons, the inland regions beside the coastal hubs."""
    from yindi.data.catalogue import load_catalogue
    from yindi.datasets import resolve
    from yindi.stages.evaluate import find_partners, load_terms, profile_vector, read_profile

    frame = read_profile(profile)
    activities = resolve().activities
    catalogue = load_catalogue()
    profile_vector(  # a bad file fails before the plan runs
        frame,
        activities=activities,
        catalogue=catalogue,
        dictionary=load_terms(terms, catalogue=catalogue, activities=activities),
        scheme=scheme,
        fuzzy_cutoff=fuzzy_cutoff,
    )
    result, caught = _run(
        "evaluate partners",
        coordinate_config,
        "partners",
        lambda planned, coordination: find_partners(
            planned,
            frame,
            coordination=coordination,
            scheme=scheme,
            terms=terms,
            fuzzy_cutoff=fuzzy_cutoff,
            shortlist=shortlist,
        ),
    )
    print_warnings(caught, partners_cmd)
    inputs: dict[str, Any] = {"profile": _file_record(profile)}
    if terms is not None:
        inputs["terms"] = _file_record(terms)
    if coordinate_config is not None:
        inputs["coordinate_config"] = _file_record(coordinate_config)
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    result.to_dir(out, formats=formats, inputs=inputs)
    console.print(f"wrote the partner ranking to [bold]{out}[/bold]")
    typer.echo(str(result.summary()))
