"""Command line: ``yindi diagnose``, ``yindi plan``, ``yindi productivity``, ``yindi data validate``.

The commands only load inputs, call the stages and render their results; every number comes from
the same functions the Python API exposes. What they share (option types, messages in CLI terms,
the error guard) is in :mod:`yindi._cli_support`. Every command writes its whole
output folder at once (:mod:`yindi._output`).
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from yindi._cli_support import (
    STATE,
    ActivityOpt,
    AggregatesOpt,
    AliasesOpt,
    EncodingOpt,
    NegativesOpt,
    OutOpt,
    PanelOpt,
    RegionOpt,
    SepOpt,
    SheetOpt,
    SkipRowsOpt,
    ValueOpt,
    WideOpt,
    WideYearOpt,
    YearOpt,
    console,
    file_record,
    guard,
    print_notes,
    print_warnings,
    progress,
    version_callback,
)
from yindi.errors import InputError

app = typer.Typer(
    help="yindi (因地): locally tailored development strategy from regional data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Check input tables.", no_args_is_help=True)
app.add_typer(data_app, name="data")
from yindi._cli_evaluate import evaluate_app  # noqa: E402

app.add_typer(evaluate_app, name="evaluate")


def _reader_options(
    sep: str | None,
    encoding: str | None,
    sheet: str | None,
    skip_rows: int | None,
    wide: bool,
    wide_year: str | None,
) -> dict[str, Any]:
    """The reader keywords the user set (unset ones keep the reader's defaults)."""
    sheet_value: str | int | None = int(sheet) if sheet is not None and sheet.isdigit() else sheet
    year_value: str | int | None = (
        int(wide_year) if wide_year is not None and wide_year.isdigit() else wide_year
    )
    given = {
        "sep": sep,
        "encoding": encoding,
        "sheet": sheet_value,
        "skip_rows": skip_rows,
        "wide": wide or None,
        "wide_year": year_value,
    }
    return {k: v for k, v in given.items() if v is not None}


def _validation_options(negatives: str, aliases: bool | None, aggregates: str) -> dict[str, Any]:
    """The validator's keywords (``--aliases`` forces the province table, ``--no-aliases``
    keeps labels as written, neither detects)."""
    unify = {None: None, True: "china_provinces", False: False}[aliases]
    return {"negatives": negatives, "aliases": unify, "aggregates": aggregates}


def _load(
    panel: Path | None,
    columns: dict[str, Any],
    measure: str,
    checks: dict[str, Any],
    reader: dict[str, Any],
) -> tuple[Any, dict[str, Any]]:
    """The panel to diagnose plus the input half of the provenance record."""
    from yindi.data import Panel

    if panel is None:
        from yindi.datasets import resolve

        ds = resolve()
        embedded = {"dataset": ds.name, "measure": measure}
        return Panel.from_frame(ds.panel(measure), source=f"{ds.name}:{measure}"), embedded
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = Panel.from_file(panel, **columns, **checks, **reader)
    print_notes(loaded.notes, caught, diagnose)
    digest = hashlib.sha256(panel.read_bytes()).hexdigest()
    source: dict[str, Any] = {
        "file": str(panel),
        "sha256": digest,
        "reader": reader,
        "checks": checks,
    }
    return loaded, source


def _run_diagnose(panel_obj: Any, options: dict[str, Any]) -> Any:
    import yindi

    with progress("diagnose") as bar:
        task = bar.add_task("years", total=len(panel_obj.years))

        def tick(year: int, done: int, total: int) -> None:
            bar.update(task, completed=done, description=f"year {year}")

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = yindi.diagnose(panel_obj, progress=tick, **options)
    print_warnings(caught, diagnose)
    return result


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Print the full traceback of an unexpected error.")
    ] = False,
) -> None:
    """yindi (因地): locally tailored development strategy from regional data."""
    STATE["debug"] = debug


@app.command()
@guard
def diagnose(
    panel: PanelOpt = None,
    region: RegionOpt = "region",
    activity: ActivityOpt = "activity",
    year: YearOpt = "year",
    value: ValueOpt = "value",
    out: OutOpt = Path("yindi-out"),
    measure: Annotated[str, typer.Option(help="Measure of the embedded data.")] = "gross_output",
    method: Annotated[
        str, typer.Option(help="eigenvector | reflections | fitness")
    ] = "eigenvector",
    convention: Annotated[
        str, typer.Option(help="stata | py-ecomplexity | economic-complexity")
    ] = "stata",
    rca_threshold: Annotated[float, typer.Option(help="Presence threshold on RCA.")] = 1.0,
    proximity: Annotated[
        str, typer.Option(help="min_conditional | cosine | jaccard | association | continuous")
    ] = "min_conditional",
    years: Annotated[
        list[int] | None, typer.Option("--years", help="Years to compute (repeatable).")
    ] = None,
    min_total: Annotated[
        float | None,
        typer.Option(
            help="Leave out regions whose total value in a year is below this (Atlas-style "
            "size filter for country sets, in the panel's unit)."
        ),
    ] = None,
    replicates: Annotated[
        int,
        typer.Option(help="Resampling replicates for each region's complexity rank interval."),
    ] = 0,
    excel: Annotated[bool, typer.Option(help="Also write tables.xlsx.")] = False,
    sep: SepOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    skip_rows: SkipRowsOpt = None,
    wide: WideOpt = False,
    wide_year: WideYearOpt = None,
    negatives: NegativesOpt = "error",
    aliases: AliasesOpt = None,
    aggregates: AggregatesOpt = "drop",
) -> None:
    """RCA, relatedness, complexity and structure per region and activity; writes CSV + Parquet."""

    columns: dict[str, Any] = {"region": region, "activity": activity, "year": year, "value": value}
    reader = _reader_options(sep, encoding, sheet, skip_rows, wide, wide_year)
    checks = _validation_options(negatives, aliases, aggregates)
    panel_obj, source = _load(panel, columns, measure, checks, reader)
    options = {
        "method": method,
        "convention": convention,
        "rca_threshold": rca_threshold,
        "proximity_method": proximity,
        "years": years,
        "min_total": min_total,
        "replicates": replicates,
    }
    result = _run_diagnose(panel_obj, options)
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    result.to_dir(out, formats=formats, inputs=source)
    written = sum(1 for p in out.iterdir() if p.is_file())
    console.print(f"wrote {written} files to [bold]{out}[/bold]")
    typer.echo(str(result.summary()))


def _sha256(path: Path | None) -> dict[str, str] | None:
    return None if path is None else file_record(path)


@app.command()
@guard
def plan(
    out: OutOpt = Path("yindi-out"),
    panel: PanelOpt = None,
    region: RegionOpt = "region",
    activity: ActivityOpt = "activity",
    year: YearOpt = "year",
    value: ValueOpt = "value",
    regions: Annotated[
        Path | None,
        typer.Option(
            help="With --panel: region table (column region, optional year, name_en, name_zh, "
            "population, gdp, gdp_per_capita and any endowment indicator)."
        ),
    ] = None,
    activities: Annotated[
        Path | None,
        typer.Option(
            help="With --panel: activity table (columns activity, name_en, name_zh, group)."
        ),
    ] = None,
    boundaries: Annotated[
        Path | None, typer.Option(help="With --panel: GeoJSON region polygons for the maps.")
    ] = None,
    boundary_key: Annotated[
        str, typer.Option(help="Property of each GeoJSON feature holding the region id.")
    ] = "region",
    catalogue: Annotated[
        Path | None,
        typer.Option(
            help="Strategic-industry catalogue (YAML) keyed to the activities; default: the "
            "shipped China one, or the NACE one for --panel with NACE divisions."
        ),
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option(
            help="Measure of the embedded data: gross_output (default) | value_added "
            "(negative value added counts as 0, named in a warning) | labour_compensation."
        ),
    ] = None,
    complexity: Annotated[
        str,
        typer.Option(
            help="Complexity the plan reads: auto (the network's own where it passes its "
            "stability and income checks, else the world-trade reference) | network | "
            "reference."
        ),
    ] = "auto",
    year_of_plan: Annotated[
        int | None,
        typer.Option("--plan-year", help="Year of the panel to plan from (default: latest)."),
    ] = None,
    sep: SepOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    skip_rows: SkipRowsOpt = None,
    negatives: NegativesOpt = "error",
    aliases: AliasesOpt = None,
    aggregates: AggregatesOpt = "drop",
    excel: Annotated[bool, typer.Option(help="Also write tables.xlsx.")] = True,
    cluster: Annotated[
        bool, typer.Option(help="Check the rule types against k-means (needs scikit-learn).")
    ] = False,
    coordinate_portfolio: Annotated[
        bool,
        typer.Option(
            "--coordinate/--no-coordinate",
            help="Also allocate the strategic industries nationally (yindi coordinate).",
        ),
    ] = True,
    coordinate_config: Annotated[
        Path | None, typer.Option("--coordinate-config", help="Allocation settings (YAML).")
    ] = None,
    stress_tests: Annotated[
        bool,
        typer.Option(
            "--stress/--no-stress",
            help="Also run the shipped stress scenarios on both portfolios (yindi stress; the "
            "embedded data with --coordinate only).",
        ),
    ] = True,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the report and briefs: en | zh.")
    ] = "en",
    brief: Annotated[
        list[str] | None,
        typer.Option(
            "--brief",
            help="Also write a printable A4 brief for this region (id, Chinese or English "
            "name) as brief-<region>.html; repeat for more regions.",
        ),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store", help="Also save the run into this run store (yindi serve shows it)."
        ),
    ] = None,
) -> None:
    """Main job: classified guidance and transform / cultivate / prepare paths for every
    region (China's provinces, or your own with --panel), as an offline HTML report plus
    tables."""
    import yindi
    from yindi.report.brief import brief_filename, find_region, render_brief_html
    from yindi.report.plan_report import render_plan_html

    if lang not in ("en", "zh"):
        raise InputError(f"--lang {lang!r}: use en (English) or zh (Chinese)")
    from yindi.store import Store

    run_store = None if store is None else Store(store)  # a bad --store stops the run first
    dataset: Any = None
    inputs: dict[str, Any] = {}
    if panel is not None:
        columns = {"region": region, "activity": activity, "year": year, "value": value}
        reader = _reader_options(sep, encoding, sheet, skip_rows, False, None)
        checks = _validation_options(negatives, aliases, aggregates)
        loaded, inputs = _load(panel, columns, "value", checks, reader)
        extra: dict[str, Any] = {
            "regions": regions,
            "activities": activities,
            "boundaries": boundaries,
        }
        inputs |= {k: v for k, v in ((k, _sha256(p)) for k, p in extra.items()) if v}
        dataset = yindi.bundle(
            loaded,
            **extra,
            boundary_key=boundary_key,
            name=panel.stem,
            provenance=f"User data: {panel}",
        )
    elif any(p is not None for p in (regions, activities, boundaries)):
        raise InputError(
            "--regions, --activities and --boundaries describe your own panel: give it with "
            "--panel FILE (without --panel, plan runs on the embedded China data)"
        )

    steps = (
        "diagnose",
        "endowments",
        "opportunities",
        "productivity",
        "classify",
        "paths",
        "coordinate",
        "stress",
        "report",
    )
    with progress("plan") as bar:
        task = bar.add_task("loading", total=len(steps))

        def tick(name: str) -> None:
            bar.update(task, completed=steps.index(name), description=name)

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = yindi.plan(
                dataset,
                catalogue=catalogue,
                measure=measure,
                year=year_of_plan,
                complexity=complexity,
                cluster=cluster,
                progress=tick,
            )
        coordination = None
        if coordinate_portfolio:
            tick("coordinate")
            with warnings.catch_warnings(record=True) as more:
                warnings.simplefilter("always")
                coordination = yindi.coordinate(result, config=coordinate_config)
            caught += more
        stressed = None
        if stress_tests and coordination is not None and panel is None:
            from yindi.stages.stress import stress

            tick("stress")
            with warnings.catch_warnings(record=True) as more:
                warnings.simplefilter("always")
                stressed = stress(coordination=coordination)
            caught += more
        declared = None
        if coordination is not None and panel is None:  # the shipped 14th-FYP declarations
            from yindi.stages.evaluate import bubble_check

            declared = bubble_check(result, coordination=coordination)
        briefs = {find_region(result, name): name for name in brief or ()}  # all known first
        tick("report")
        page = render_plan_html(
            result, coordination=coordination, stress=stressed, declared=declared, lang=lang
        )
        files = {"report.html": page}
        for region in briefs:
            files[brief_filename(region)] = render_brief_html(
                result, region, lang=lang, coordination=coordination
            )
        bar.update(task, completed=len(steps), description="done")
    print_warnings(caught, plan)
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    if coordination is not None:
        files["coordinate_solve.json"] = _solve_json(coordination)
    later = {"coordinate_": coordination, "stress_": stressed, "declared_": declared}
    if stressed is not None:
        files["stress_assumptions.txt"] = stressed.assumptions_text()
    result.to_dir(
        out,
        formats=formats,
        files=files,
        inputs=inputs,
        also={k: v for k, v in later.items() if v is not None},
    )
    if run_store is not None:
        label = panel.stem if panel is not None else f"China provinces, {measure or 'gross_output'}"
        saved = run_store.save(
            result,
            coordination=coordination,
            also={} if stressed is None else {"stress_": stressed},
            files=files,
            inputs=inputs,
            label=label,
        )
        console.print(f"saved run [bold]{saved.run_id}[/bold] into the store {store}")
    console.print(f"report: [bold]{out / 'report.html'}[/bold]")
    for name in files:
        if name.startswith("brief-"):
            console.print(f"brief: [bold]{out / name}[/bold]")
    typer.echo(str(result.summary()))
    for later_result in (coordination, stressed):
        if later_result is not None:
            typer.echo(str(later_result.summary()))


def _solve_json(result: Any) -> str:
    """status, objective, bound, gap and the comparison; the solve time is printed, not written,
    so that the same input gives byte-identical files."""
    import json

    record = {k: v for k, v in result.solve.items() if k != "seconds"}
    return json.dumps(record, indent=2, sort_keys=True) + "\n"


@app.command("coordinate")
@guard
def coordinate_cmd(
    out: OutOpt = Path("yindi-out"),
    config: Annotated[
        Path | None,
        typer.Option(help="Allocation settings (YAML); default: the shipped coordinate.yaml."),
    ] = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario",
            help="Technology scenario (YAML file, or a shipped one: gansu_water, clean_power); "
            "repeatable.",
        ),
    ] = None,
    excel: Annotated[bool, typer.Option(help="Also write tables.xlsx.")] = False,
) -> None:
    """National coordination: allocate strategic industries across China's provinces without
    duplication, within water, energy and carbon budgets; compare with each province's own
    picks and with technology scenarios."""
    import yindi

    with progress("coordinate") as bar:
        task = bar.add_task("plan", total=2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            planned = yindi.plan(with_productivity=False)
            bar.update(task, completed=1, description="allocate")
            result = yindi.coordinate(planned, config=config, scenarios=scenario or ())
        bar.update(task, completed=2, description="done")
    print_warnings(caught, coordinate_cmd)
    files = {"solve.json": _solve_json(result)}
    if len(result.explanation):
        lines = [
            f"{en}\n{zh}"
            for en, zh in zip(
                result.explanation["sentence"], result.explanation["sentence_zh"], strict=True
            )
        ]
        files["explanation.txt"] = "\n".join(lines) + "\n"
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    result.to_dir(out, formats=formats, files=files)
    console.print(f"wrote the allocation to [bold]{out}[/bold]")
    typer.echo(str(result.summary()))


@app.command("stress")
@guard
def stress_cmd(
    out: OutOpt = Path("yindi-out"),
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario",
            help="Stress scenario (YAML file, or a shipped one: chip_imports, "
            "sichuan_earthquake, export_fall, shanxi_coal); repeatable; default: the four "
            "shipped ones.",
        ),
    ] = None,
    io: Annotated[
        Path | None,
        typer.Option(
            "--io",
            help="Your own input-output table (CSV/Parquet/Excel: a 'sector' column, the "
            "intermediate block, final-demand columns, 'output'; docs/stress.md); default: the "
            "embedded provincial tables linked into a multi-regional table.",
        ),
    ] = None,
    sheet: SheetOpt = None,
    sep: SepOpt = None,
    encoding: EncodingOpt = None,
    table_year: Annotated[
        int, typer.Option("--table-year", help="Year of the embedded tables: 2012 | 2017.")
    ] = 2017,
    coordinate_portfolio: Annotated[
        bool | None,
        typer.Option(
            "--coordinate/--no-coordinate",
            help="Also shock the uncoordinated and the coordinated portfolio (runs yindi "
            "coordinate on the embedded data); default: yes, unless --io is given.",
        ),
    ] = None,
    increment: Annotated[
        float,
        typer.Option(
            help="New final sales of each portfolio, as a share of the table's value added "
            "(default 0.014: the pace of the national strategic-emerging-industry target)."
        ),
    ] = 0.014,
    distance_decay: Annotated[
        float, typer.Option(help="Gravity exponent of the interprovincial trade prior.")
    ] = 1.0,
    excel: Annotated[bool, typer.Option(help="Also write tables.xlsx.")] = False,
) -> None:
    """Stress tests: how shocks and supply cuts spread through the provinces and the national
    portfolio of strategic industries; writes losses, portfolio and linkages tables."""
    import yindi
    from yindi.stages.stress import read_io_table, stress

    economy = None if io is None else read_io_table(io, sheet=sheet, sep=sep, encoding=encoding)
    with_portfolio = (io is None) if coordinate_portfolio is None else coordinate_portfolio
    with progress("stress") as bar:
        task = bar.add_task("plan" if with_portfolio else "stress", total=3)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            coordination = None
            if with_portfolio:
                planned = yindi.plan(with_productivity=False)
                bar.update(task, completed=1, description="coordinate")
                coordination = yindi.coordinate(planned)
            bar.update(task, completed=2, description="stress")
            result = stress(
                coordination=coordination,
                scenarios=scenario or None,
                io=economy,
                year=table_year,
                increment=increment,
                distance_decay=distance_decay,
            )
        bar.update(task, completed=3, description="done")
    print_warnings(caught, stress_cmd)
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    result.to_dir(out, formats=formats, files={"assumptions.txt": result.assumptions_text()})
    for note in result.notes:
        console.print(Text(f"note: {note}", style="dim"), soft_wrap=True)
    console.print(f"wrote the stress tests to [bold]{out}[/bold]")
    typer.echo(str(result.summary()))


@app.command("productivity")
@guard
def productivity_cmd(
    out: OutOpt = Path("yindi-out"),
    indicators: Annotated[
        Path | None, typer.Option(help="NQPF indicator config (YAML); default: shipped.")
    ] = None,
    growth: Annotated[
        Path | None,
        typer.Option(
            help="Table region, year, output, investment, labour (constant prices) "
            "for TFP growth accounting."
        ),
    ] = None,
) -> None:
    """New-quality-productive-forces index, DEA efficiency and Malmquist change, regional gaps
    (Dagum Gini, Theil) and, with --growth, TFP growth accounting."""
    import yindi
    from yindi.data import read_table

    with progress("productivity") as bar:
        task = bar.add_task("computing", total=1)
        table = None if growth is None else read_table(growth, text_columns=("region",))
        result = yindi.productivity(indicators=indicators, growth=table)
        bar.update(task, completed=1, description="done")
    source: dict[str, Any] = {}
    if growth is not None:
        source["growth"] = file_record(growth)
    result.to_dir(out, inputs=source)
    for note in result.notes:
        console.print(Text(f"note: {note}", style="dim"))
    typer.echo(str(result.summary()))


@data_app.command("validate")
@guard
def validate(
    file: Annotated[Path, typer.Argument(help="Long table to check.")],
    region: RegionOpt = "region",
    activity: ActivityOpt = "activity",
    year: YearOpt = "year",
    value: ValueOpt = "value",
    sep: SepOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    skip_rows: SkipRowsOpt = None,
    wide: WideOpt = False,
    wide_year: WideYearOpt = None,
    negatives: NegativesOpt = "error",
    aliases: AliasesOpt = None,
    aggregates: AggregatesOpt = "drop",
) -> None:
    """Check a long region x activity x year table and say what is wrong with it, if anything."""
    from yindi.data import Panel

    reader = _reader_options(sep, encoding, sheet, skip_rows, wide, wide_year)
    checks = _validation_options(negatives, aliases, aggregates)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        panel = Panel.from_file(
            file, region=region, activity=activity, year=year, value=value, **checks, **reader
        )
        for y in panel.years:
            panel.matrix(y)
    print_notes(panel.notes, caught, validate)
    typer.echo(
        f"ok: {len(panel.frame):,} rows, {len(panel.regions)} regions, "
        f"{len(panel.activities)} activities, years {list(panel.years)}"
    )


@app.command("serve")
@guard
def serve(
    store: Annotated[
        Path, typer.Option(help="Run store the dashboard shows and saves to (created if new).")
    ] = Path("yindi-store"),
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; any but 127.0.0.1 / localhost needs --token."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="YINDI_TOKEN",
            show_default=False,
            help="Access token (16+ characters) every browser session must present "
            "(?token=... or the token box); also read from YINDI_TOKEN.",
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language it opens in: en | zh.")] = "en",
    max_upload_mb: Annotated[int, typer.Option(help="Largest upload, in MB.")] = 20,
) -> None:
    """Dashboard: the runs of a store as maps, lists and tables in English or Chinese, the
    national coordination solved again on demand, new runs on the embedded data or uploaded
    tables (needs yindi[app])."""
    import os
    import subprocess

    from yindi.app._serve import require_streamlit, server_command

    if lang not in ("en", "zh"):
        raise InputError(f"--lang {lang!r}: use en (English) or zh (Chinese)")
    argv, env = server_command(
        store=store, host=host, port=port, token=token, lang=lang, max_upload_mb=max_upload_mb
    )
    require_streamlit()
    from yindi.store import Store

    Store(store)  # a folder that is not a store is refused before the server starts
    where = f"[{host}]" if ":" in host else host
    console.print(
        f"dashboard: [bold]http://{where}:{port}/{'?token=<your token>' if token else ''}"
        f"[/bold] (store {store}; Ctrl+C stops it)"
    )
    if os.name == "posix":
        os.execvpe(argv[0], argv, env)  # the server takes this process's place
    raise typer.Exit(subprocess.call(argv, env=env))


def main() -> None:  # pragma: no cover - the console script
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
