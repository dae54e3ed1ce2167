"""What every command shares: option types, messages in CLI terms, the error guard, provenance.

Errors: a problem with the user's input or options (:class:`~yindi.errors.YindiError`) prints one
message in CLI terms (``--year``, not ``year=``) and exits with status 2; anything unexpected
prints one line naming a log file with the full traceback (``yindi --debug ...`` prints it) and
exits with status 1.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import inspect
import os
import re
import tempfile
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from yindi._results import versions
from yindi.errors import YindiError

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

STATE = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


def progress(command: str) -> Progress:
    """The terminal progress bar every command shows (on stderr)."""
    return Progress(
        TextColumn(f"[bold]{command}[/bold] {{task.description}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def print_warnings(
    caught: list[warnings.WarningMessage], command: Callable[..., Any] | None = None
) -> None:
    for w in caught:
        message = cli_terms(str(w.message), command)
        console.print(Text.assemble(("warning: ", "yellow"), message), soft_wrap=True)


def print_notes(
    notes: tuple[str, ...], caught: list[warnings.WarningMessage], command: Callable[..., Any]
) -> None:
    """What the reader and validator detected (dim), then the warnings (each once)."""
    warned = {str(w.message) for w in caught}
    for note in notes:
        if note not in warned:
            console.print(Text(cli_terms(note, command), style="dim"), soft_wrap=True)
    print_warnings(caught, command)


def cli_terms(message: str, command: Callable[..., Any] | None = None) -> str:
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


def log_path(command: str) -> Path:
    folder = Path(tempfile.gettempdir()) / "yindi-logs"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"{stamp}-{command}-{os.getpid()}.log"


def guard(func: F) -> F:
    """Turn a command's exceptions into one readable line and an exit status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except YindiError as exc:
            message = cli_terms(str(exc), func)
            console.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)
            raise typer.Exit(code=2) from None
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            log = log_path(func.__name__)
            log.write_text(
                f"yindi {func.__name__} {versions()}\n{traceback.format_exc()}", encoding="utf-8"
            )
            if STATE["debug"]:
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


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"yindi {versions()['yindi']}")
        raise typer.Exit()


def file_record(path: Path) -> dict[str, str]:
    """An input file for the provenance: its name as given and its SHA-256."""
    return {"file": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
