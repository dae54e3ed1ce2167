"""Command line: ``yindi diagnose``, ``yindi plan``, ``yindi data validate``.

The commands only load inputs, call the stages and render their results; every number comes from
the same functions the Python API exposes.
"""

from __future__ import annotations

import hashlib
import json
import platform
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from yindi.errors import YindiError

app = typer.Typer(
    help="yindi (因地): locally tailored development strategy from regional data.",
    no_args_is_help=True,
    add_completion=False,
)
data_app = typer.Typer(help="Check input tables.", no_args_is_help=True)
app.add_typer(data_app, name="data")
console = Console(stderr=True)

PanelOpt = Annotated[
    Path | None,
    typer.Option(
        "--panel", help="Long table (CSV/Parquet/Excel); default: embedded China provinces."
    ),
]
RegionOpt = Annotated[str, typer.Option(help="Column with region ids.")]
ActivityOpt = Annotated[str, typer.Option(help="Column with activity ids.")]
YearOpt = Annotated[str, typer.Option("--year", help="Column with years.")]
ValueOpt = Annotated[str, typer.Option(help="Column with values (>= 0).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Output folder (created if needed).")]


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("yindi", "numpy", "scipy", "pandas", "pyarrow"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _load(
    panel: Path | None, region: str, activity: str, year: str, value: str, measure: str
) -> tuple[Any, dict[str, Any]]:
    """The panel to diagnose plus the input half of the provenance record."""
    from yindi.data import Panel

    if panel is None:
        from yindi.datasets import china_provinces

        ds = china_provinces()
        source = {"dataset": ds.name, "measure": measure}
        return Panel.from_frame(ds.panel(measure), source=f"{ds.name}:{measure}"), source
    loaded = Panel.from_file(panel, region=region, activity=activity, year=year, value=value)
    for note in loaded.notes:
        console.print(f"[dim]{note}[/dim]")
    digest = hashlib.sha256(panel.read_bytes()).hexdigest()
    return loaded, {"file": str(panel), "sha256": digest}


def _progress(command: str) -> Progress:
    """The terminal progress bar every command shows (on stderr)."""
    return Progress(
        TextColumn(f"[bold]{command}[/bold] {{task.description}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def _run_diagnose(panel_obj: Any, options: dict[str, Any]) -> Any:
    import yindi

    with _progress("diagnose") as bar:
        task = bar.add_task("years", total=len(panel_obj.years))

        def tick(year: int, done: int, total: int) -> None:
            bar.update(task, completed=done, description=f"year {year}")

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = yindi.diagnose(panel_obj, progress=tick, **options)
    for w in caught:
        console.print(f"[yellow]warning:[/yellow] {w.message}")
    return result


def _provenance(out: Path, command: str, source: dict[str, Any], options: dict[str, Any]) -> None:
    from yindi.report.tables import write_atomic

    record = {"command": command, "input": source, "options": options, "versions": _versions()}
    text = json.dumps(record, indent=2, sort_keys=True, default=str) + "\n"
    write_atomic(out / "provenance.json", lambda p: p.write_text(text, encoding="utf-8"))


def _fail(exc: Exception) -> None:
    console.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(code=2) from exc


@app.command()
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
    excel: Annotated[bool, typer.Option(help="Also write tables.xlsx.")] = False,
) -> None:
    """RCA, relatedness, complexity and structure per region and activity; writes CSV + Parquet."""
    from yindi.report.tables import write_tables

    try:
        panel_obj, source = _load(panel, region, activity, year, value, measure)
        options = {
            "method": method,
            "convention": convention,
            "rca_threshold": rca_threshold,
            "proximity_method": proximity,
            "years": years,
        }
        result = _run_diagnose(panel_obj, options)
        tables = {
            "region_activity": result.region_activity,
            "region": result.region,
            "activity": result.activity,
            "diagnostics": result.diagnostics,
        }
        formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
        paths = write_tables(tables, out, formats)
        _provenance(out, "diagnose", source, dict(result.options))
    except YindiError as exc:
        _fail(exc)
    console.print(f"wrote {len(paths) + 1} files to [bold]{out}[/bold]")
    typer.echo(str(result.summary()))


@app.command()
def plan(
    out: OutOpt = Path("yindi-out"),
    catalogue: Annotated[
        Path | None, typer.Option(help="Strategic-industry catalogue (YAML); default: shipped.")
    ] = None,
    measure: Annotated[str, typer.Option(help="Measure of the embedded data.")] = "gross_output",
    excel: Annotated[bool, typer.Option(help="Also write tables.xlsx.")] = True,
    cluster: Annotated[
        bool, typer.Option(help="Check the rule types against k-means (needs scikit-learn).")
    ] = False,
) -> None:
    """Main job: classified guidance and transform / cultivate / prepare paths for China's
    provinces, written as an offline HTML report plus tables."""
    import yindi
    from yindi.report import write_tables
    from yindi.report.plan_report import render_plan_html
    from yindi.report.tables import write_atomic

    steps = (
        "diagnose",
        "endowments",
        "opportunities",
        "productivity",
        "classify",
        "paths",
        "report",
    )
    try:
        with _progress("plan") as bar:
            task = bar.add_task("loading", total=len(steps))

            def tick(name: str) -> None:
                bar.update(task, completed=steps.index(name), description=name)

            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = yindi.plan(
                    catalogue=catalogue, measure=measure, cluster=cluster, progress=tick
                )
            tick("report")
            page = render_plan_html(result)
            bar.update(task, completed=len(steps), description="done")
        for w in caught:
            console.print(f"[yellow]warning:[/yellow] {w.message}")
        tables = dict(result.tables())
        tables |= {
            "region_activity": result.diagnosis.region_activity,
            "region": result.diagnosis.region,
        }
        formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
        write_tables(tables, out, formats)
        write_atomic(out / "report.html", lambda p: p.write_text(page, encoding="utf-8"))
        source = {
            "dataset": "china_provinces",
            "measure": measure,
            "catalogue": str(result.catalogue.source),
        }
        _provenance(out, "plan", source, dict(result.options))
    except YindiError as exc:
        _fail(exc)
    console.print(f"report: [bold]{out / 'report.html'}[/bold]")
    typer.echo(str(result.summary()))


@app.command("productivity")
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
    from yindi.report import write_tables

    try:
        with _progress("productivity") as bar:
            task = bar.add_task("computing", total=1)
            table = None if growth is None else read_table(growth, text_columns=("region",))
            result = yindi.productivity(indicators=indicators, growth=table)
            bar.update(task, completed=1, description="done")
        write_tables(result.tables(), out, ("csv", "parquet"))
        source: dict[str, Any] = {
            "dataset": "china_provinces",
            "indicators": str(indicators or "default"),
        }
        if growth is not None:
            source["growth"] = {
                "file": str(growth),
                "sha256": hashlib.sha256(growth.read_bytes()).hexdigest(),
            }
        _provenance(out, "productivity", source, dict(result.options))
    except YindiError as exc:
        _fail(exc)
    for note in result.notes:
        console.print(f"[dim]note: {note}[/dim]")
    typer.echo(str(result.summary()))


@data_app.command("validate")
def validate(
    file: Annotated[Path, typer.Argument(help="Long table to check.")],
    region: RegionOpt = "region",
    activity: ActivityOpt = "activity",
    year: YearOpt = "year",
    value: ValueOpt = "value",
) -> None:
    """Check a long region x activity x year table and say what is wrong with it, if anything."""
    from yindi.data import Panel

    try:
        panel = Panel.from_file(file, region=region, activity=activity, year=year, value=value)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for y in panel.years:
                panel.matrix(y)
    except YindiError as exc:
        _fail(exc)
    for note in panel.notes:
        console.print(f"[dim]{note}[/dim]")
    for w in caught:
        console.print(f"[yellow]warning:[/yellow] {w.message}")
    typer.echo(
        f"ok: {len(panel.frame):,} rows, {len(panel.regions)} regions, "
        f"{len(panel.activities)} activities, years {list(panel.years)}"
    )


if __name__ == "__main__":  # pragma: no cover
    app()
