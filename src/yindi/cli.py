"""Command line: ``yindi diagnose``, ``yindi plan``, ``yindi productivity``, ``yindi data validate``.

The commands only load inputs, call the stages and render their results; every number comes from
the same functions the Python API exposes.

Errors: a problem with the user's input or options (:class:`~yindi.errors.YindiError`) prints one
message in CLI terms (``--year``, not ``year=``) and exits with status 2; anything unexpected
prints one line naming a log file with the full traceback (``yindi --debug ...`` prints it) and
exits with status 1. Every command writes its whole output folder at once
(:mod:`yindi.report.run_folder`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import inspect
import json
import os
import platform
import re
import tempfile
import traceback
import warnings
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from yindi.errors import YindiError

app = typer.Typer(
    help="yindi (因地): locally tailored development strategy from regional data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
OutOpt = Annotated[
    Path,
    typer.Option(
        "--out",
        help="Output folder: new, empty, or one yindi wrote before (replaced as a whole).",
    ),
]
SepOpt = Annotated[
    str | None, typer.Option("--sep", help="CSV delimiter; default: sniffed among , ; tab |.")
]
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", help="Text encoding; default: UTF-8, then GBK.")
]
SheetOpt = Annotated[
    str | None, typer.Option("--sheet", help="Excel sheet name or 0-based position.")
]
SkipRowsOpt = Annotated[
    int | None, typer.Option("--skip-rows", help="Title rows above the header to skip.")
]
WideOpt = Annotated[
    bool,
    typer.Option("--wide", help="The table is wide: one row per region, one column per activity."),
]
WideYearOpt = Annotated[
    str | None,
    typer.Option(
        "--wide-year", help="With --wide: the table's year (2017) or the column holding years."
    ),
]
NegativesOpt = Annotated[
    str,
    typer.Option(
        "--negatives",
        help="error (default) | positive_part: count negative values (e.g. subsidised value "
        "added) as 0 for presence and RCA, naming them in a warning.",
    ),
]

AliasesOpt = Annotated[
    bool | None,
    typer.Option(
        "--aliases/--no-aliases",
        help="Unify spellings of China's provinces (北京/北京市/Beijing/BJ/110000); default: "
        "when the labels look like provinces.",
    ),
]
AggregatesOpt = Annotated[
    str,
    typer.Option(
        "--aggregates", help="drop (default) | keep: total rows such as 全国, 合计, Total."
    ),
]

_STATE = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("yindi", "numpy", "scipy", "pandas", "pyarrow"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


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
        from yindi.datasets import china_provinces

        ds = china_provinces()
        embedded = {"dataset": ds.name, "measure": measure}
        return Panel.from_frame(ds.panel(measure), source=f"{ds.name}:{measure}"), embedded
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = Panel.from_file(panel, **columns, **checks, **reader)
    _print_notes(loaded.notes, caught, diagnose)
    digest = hashlib.sha256(panel.read_bytes()).hexdigest()
    source: dict[str, Any] = {
        "file": str(panel),
        "sha256": digest,
        "reader": reader,
        "checks": checks,
    }
    return loaded, source


def _progress(command: str) -> Progress:
    """The terminal progress bar every command shows (on stderr)."""
    return Progress(
        TextColumn(f"[bold]{command}[/bold] {{task.description}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def _print_warnings(
    caught: list[warnings.WarningMessage], command: Callable[..., Any] | None = None
) -> None:
    for w in caught:
        message = _cli_terms(str(w.message), command)
        console.print(Text.assemble(("warning: ", "yellow"), message), soft_wrap=True)


def _print_notes(
    notes: tuple[str, ...], caught: list[warnings.WarningMessage], command: Callable[..., Any]
) -> None:
    """What the reader and validator detected (dim), then the warnings (each once)."""
    warned = {str(w.message) for w in caught}
    for note in notes:
        if note not in warned:
            console.print(Text(_cli_terms(note, command), style="dim"), soft_wrap=True)
    _print_warnings(caught, command)


def _run_diagnose(panel_obj: Any, options: dict[str, Any]) -> Any:
    import yindi

    with _progress("diagnose") as bar:
        task = bar.add_task("years", total=len(panel_obj.years))

        def tick(year: int, done: int, total: int) -> None:
            bar.update(task, completed=done, description=f"year {year}")

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = yindi.diagnose(panel_obj, progress=tick, **options)
    _print_warnings(caught)
    return result


def _provenance(out: Path, command: str, source: dict[str, Any], options: dict[str, Any]) -> None:
    record = {"command": command, "input": source, "options": options, "versions": _versions()}
    text = json.dumps(record, indent=2, sort_keys=True, default=str) + "\n"
    (out / "provenance.json").write_text(text, encoding="utf-8")


# --- errors ------------------------------------------------------------------------------------
def _cli_terms(message: str, command: Callable[..., Any] | None = None) -> str:
    """Rewrite the API's keyword advice (``skip_rows=2``, ``wide=True``) as CLI options.

    Only keywords that the command has as options are rewritten (every option is named after
    its parameter: ``skip_rows`` is ``--skip-rows``); quotes of the user's cells are written
    ``column: value`` by the validator, so they never look like advice.
    """
    if command is None:
        return message
    names = set(inspect.signature(command).parameters)

    def option(match: re.Match[str]) -> str:
        if match["name"] not in names:
            return match[0]
        flag = "--" + match["name"].replace("_", "-")
        if match["flag"]:
            return flag if match["flag"] == "True" else "--no-" + flag[2:]
        return f"{flag} {match['word']}" if match["word"] is not None else f"{flag} "

    # name=True -> --name; name=False -> --no-name; name='word' -> --name word;
    # name=<anything else> -> --name <it>
    pattern = r"(?<![\w.-])(?P<name>[a-z_]+)=(?:(?P<flag>True|False)\b|'(?P<word>[\w.|;,-]+)')?"
    return re.sub(pattern, option, message)


def _log_path(command: str) -> Path:
    folder = Path(tempfile.gettempdir()) / "yindi-logs"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"{stamp}-{command}-{os.getpid()}.log"


def _guard(func: F) -> F:
    """Turn a command's exceptions into one readable line and an exit status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except YindiError as exc:
            message = _cli_terms(str(exc), func)
            console.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)
            raise typer.Exit(code=2) from None
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            log = _log_path(func.__name__)
            log.write_text(
                f"yindi {func.__name__} {_versions()}\n{traceback.format_exc()}", encoding="utf-8"
            )
            if _STATE["debug"]:
                console.print(Text(traceback.format_exc()))
            first = str(exc).splitlines()[0][:200] if str(exc) else ""
            console.print(
                Text.assemble(
                    ("unexpected error: ", "bold red"),
                    f"{type(exc).__name__}: {first} — this is a bug in yindi, not in your "
                    f"input; the full traceback is in {log} (rerun with yindi --debug to "
                    "print it) — please report it with that file",
                ),
                soft_wrap=True,
            )
            raise typer.Exit(code=1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"yindi {_versions()['yindi']}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Print the full traceback of an unexpected error.")
    ] = False,
) -> None:
    """yindi (因地): locally tailored development strategy from regional data."""
    _STATE["debug"] = debug


@app.command()
@_guard
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
    from yindi.report.run_folder import run_folder
    from yindi.report.tables import write_tables

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
    }
    result = _run_diagnose(panel_obj, options)
    tables = {
        "region_activity": result.region_activity,
        "region": result.region,
        "activity": result.activity,
        "diagnostics": result.diagnostics,
    }
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    with run_folder(out) as staging:
        paths = write_tables(tables, staging, formats)
        _provenance(staging, "diagnose", source, dict(result.options))
    console.print(f"wrote {len(paths) + 1} files to [bold]{out}[/bold]")
    typer.echo(str(result.summary()))


@app.command()
@_guard
def plan(
    out: OutOpt = Path("yindi-out"),
    catalogue: Annotated[
        Path | None, typer.Option(help="Strategic-industry catalogue (YAML); default: shipped.")
    ] = None,
    measure: Annotated[
        str,
        typer.Option(
            help="Measure of the embedded data: gross_output | value_added (negative value "
            "added counts as 0, named in a warning) | labour_compensation."
        ),
    ] = "gross_output",
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
    from yindi.report.run_folder import run_folder

    steps = (
        "diagnose",
        "endowments",
        "opportunities",
        "productivity",
        "classify",
        "paths",
        "report",
    )
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
    _print_warnings(caught, plan)
    tables = dict(result.tables())
    tables |= {
        "region_activity": result.diagnosis.region_activity,
        "region": result.diagnosis.region,
    }
    formats = ("csv", "parquet", "xlsx") if excel else ("csv", "parquet")
    source = {
        "dataset": "china_provinces",
        "measure": measure,
        "catalogue": str(result.catalogue.source),
    }
    with run_folder(out) as staging:
        write_tables(tables, staging, formats)
        (staging / "report.html").write_text(page, encoding="utf-8")
        _provenance(staging, "plan", source, dict(result.options))
    console.print(f"report: [bold]{out / 'report.html'}[/bold]")
    typer.echo(str(result.summary()))


@app.command("productivity")
@_guard
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
    from yindi.report.run_folder import run_folder

    with _progress("productivity") as bar:
        task = bar.add_task("computing", total=1)
        table = None if growth is None else read_table(growth, text_columns=("region",))
        result = yindi.productivity(indicators=indicators, growth=table)
        bar.update(task, completed=1, description="done")
    source: dict[str, Any] = {
        "dataset": "china_provinces",
        "indicators": str(indicators or "default"),
    }
    if growth is not None:
        source["growth"] = {
            "file": str(growth),
            "sha256": hashlib.sha256(growth.read_bytes()).hexdigest(),
        }
    with run_folder(out) as staging:
        write_tables(result.tables(), staging, ("csv", "parquet"))
        _provenance(staging, "productivity", source, dict(result.options))
    for note in result.notes:
        console.print(Text(f"note: {note}", style="dim"))
    typer.echo(str(result.summary()))


@data_app.command("validate")
@_guard
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
    _print_notes(panel.notes, caught, validate)
    typer.echo(
        f"ok: {len(panel.frame):,} rows, {len(panel.regions)} regions, "
        f"{len(panel.activities)} activities, years {list(panel.years)}"
    )


def main() -> None:  # pragma: no cover - the console script
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
