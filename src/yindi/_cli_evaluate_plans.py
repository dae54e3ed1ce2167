"""``yindi evaluate plans`` (bubble check of declared priorities) and ``yindi evaluate partners``
(regions whose development paths relate to a firm's or foreign region's profile).

Both run on the embedded China provinces, or on a user's regions given with ``--panel`` (and
``--regions``, ``--activities``, ``--boundaries``, as for ``yindi plan``; a panel of NACE Rev. 2
divisions such as the EU NUTS-2 example gets the NACE catalogue and the NACE term list): the
plan, then the national coordination with the shipped (or ``--coordinate-config``) settings,
then the check. The input file is read and checked against the regions (and, on the embedded
data, the catalogue) before the plan is computed, so a bad file fails at once, naming its line.
The commands only load inputs, call :func:`yindi.stages.evaluate.bubble_check` /
:func:`~yindi.stages.evaluate.find_partners`, write the result
(:meth:`yindi._results.Result.to_dir`) and its page ``report.html`` (``--lang en|zh``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from yindi._cli_evaluate import evaluate_app
from yindi._cli_support import OutOpt, console, file_record, guard, print_warnings, progress

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
LangOpt = Annotated[str, typer.Option("--lang", help="Language of report.html: en | zh.")]
DataPanelOpt = Annotated[
    Path | None,
    typer.Option(
        "--panel",
        help="Your own regions: long table region, activity, year, value (default: the "
        "embedded China provinces).",
    ),
]
DataRegionsOpt = Annotated[
    Path | None, typer.Option("--regions", help="With --panel: region table (as yindi plan).")
]
DataActivitiesOpt = Annotated[
    Path | None,
    typer.Option("--activities", help="With --panel: activity table (as yindi plan)."),
]
DataBoundariesOpt = Annotated[
    Path | None,
    typer.Option("--boundaries", help="With --panel: GeoJSON region polygons for the map."),
]


def _records(**paths: Path | None) -> dict[str, Any]:
    """The provenance records of the input files given (options left out are skipped)."""
    return {name: file_record(path) for name, path in paths.items() if path is not None}


def check_lang(lang: str) -> None:
    """``--lang`` is en or zh (the report's languages)."""
    from yindi.errors import InputError

    if lang not in ("en", "zh"):
        raise InputError(f"--lang {lang!r}: use en (English) or zh (Chinese)")


def _dataset(
    panel: Path | None,
    regions: Path | None,
    activities: Path | None,
    boundaries: Path | None,
) -> tuple[Any, dict[str, Any]]:
    """The user's regions as a bundle (None: the embedded China provinces) and their records."""
    if panel is None:
        if any(p is not None for p in (regions, activities, boundaries)):
            from yindi.errors import InputError

            raise InputError(
                "--regions, --activities and --boundaries describe your own panel: give it "
                "with --panel FILE (without --panel the embedded China data are used)"
            )
        return None, {}
    import yindi

    paths = {"panel": panel, "regions": regions, "activities": activities}
    records = _records(**paths, boundaries=boundaries)
    dataset = yindi.bundle(
        panel,
        regions=regions,
        activities=activities,
        boundaries=boundaries,
        name=panel.stem,
        provenance=f"User data: {panel}",
    )
    return dataset, records


def _run(
    command: str,
    config: Path | None,
    last: str,
    check: Callable[[Any, Any], Any],
    dataset: Any = None,
) -> tuple[Any, Any, Any]:
    """The plan and the coordination of the data, then ``check(plan, coordination)``, with a
    progress bar; returns the plan, the check's result and the warnings caught."""
    import yindi

    with progress(command) as bar:
        task = bar.add_task("plan", total=3)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            planned = yindi.plan(dataset, with_productivity=False)
            bar.update(task, completed=1, description="coordinate")
            coordination = yindi.coordinate(planned, config=config)
            bar.update(task, completed=2, description=last)
            result = check(planned, coordination)
        bar.update(task, completed=3, description="done")
    return planned, result, caught


def _write(result: Any, planned: Any, out: Path, excel: bool, inputs: dict, lang: str) -> None:
    """Tables, provenance and ``report.html`` into ``out``."""
    from yindi.report import render_evaluate_html

    page = render_evaluate_html(result, lang=lang, plan=planned)
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    result.to_dir(out, formats=formats, inputs=inputs, files={"report.html": page})
    console.print(f"report: [bold]{out / 'report.html'}[/bold]")


@evaluate_app.command("plans")
@guard
def plans_cmd(
    out: OutOpt = Path("yindi-out"),
    declared: Annotated[
        Path | None,
        typer.Option(
            "--declared",
            help="Declared priorities (CSV/Excel/Parquet): region and term (or term_zh / "
            "term_en) per row; default: the shipped 14th-FYP priorities of 26 provinces.",
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
    lang: LangOpt = "en",
    panel: DataPanelOpt = None,
    regions: DataRegionsOpt = None,
    activities: DataActivitiesOpt = None,
    boundaries: DataBoundariesOpt = None,
) -> None:
    """Bubble check: declared priority industries per region against feasibility, endowment
    fit and the hubs the national coordination supports; the riskiest declarations with
    reasons, and the terms that match no industry."""
    from yindi.datasets import resolve
    from yindi.stages.evaluate import bubble_check, check_declared, read_declared

    check_lang(lang)
    dataset, records = _dataset(panel, regions, activities, boundaries)
    frame = None
    if declared is not None:
        frame = read_declared(declared)
        known = resolve().regions if dataset is None else dataset.regions
        check_declared(frame, known)  # a bad file fails before the plan runs
    elif dataset is not None:
        from yindi.errors import InputError

        raise InputError(
            "--panel: give the regions' declared priorities with --declared FILE (the shipped "
            "example is for the embedded China provinces)"
        )
    planned, result, caught = _run(
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
        dataset,
    )
    print_warnings(caught, plans_cmd)
    inputs = records | _records(declared=declared, terms=terms, coordinate_config=coordinate_config)
    _write(result, planned, out, excel, inputs, lang)
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
    lang: LangOpt = "en",
    panel: DataPanelOpt = None,
    regions: DataRegionsOpt = None,
    activities: DataActivitiesOpt = None,
    boundaries: DataBoundariesOpt = None,
) -> None:
    """Partner finder: the regions whose cultivate and prepare lists relate to a firm's or
    foreign region's profile, ranked with reasons, the inland regions beside the coastal hubs."""
    from yindi.data.catalogue import load_catalogue
    from yindi.datasets import resolve
    from yindi.stages.evaluate import find_partners, load_terms, profile_vector, read_profile

    check_lang(lang)
    dataset, records = _dataset(panel, regions, activities, boundaries)
    frame = read_profile(profile)
    if dataset is None:  # the embedded data: a bad file fails before the plan runs
        acts = resolve().activities
        catalogue = load_catalogue()
        profile_vector(
            frame,
            activities=acts,
            catalogue=catalogue,
            dictionary=load_terms(terms, catalogue=catalogue, activities=acts),
            scheme=scheme,
            fuzzy_cutoff=fuzzy_cutoff,
        )
    planned, result, caught = _run(
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
        dataset,
    )
    print_warnings(caught, partners_cmd)
    inputs = _records(profile=profile) | records
    inputs |= _records(terms=terms, coordinate_config=coordinate_config)
    _write(result, planned, out, excel, inputs, lang)
    console.print(f"wrote the partner ranking to [bold]{out}[/bold]")
    typer.echo(str(result.summary()))
