"""A run's output folder, replaced as a whole or not at all.

Every command writes its files into a staging folder beside the target
(``.<name>.partial-<pid>-<random>``) and, when everything is written, swaps it into place: the
old folder is renamed aside (``.<name>.old-<pid>-<random>``), the staging folder takes its
name, the old one is deleted. So a run killed at any point leaves

- the previous complete result where it was (killed while writing), or
- the previous result renamed aside and the new one complete beside it (killed between the two
  renames, a window of microseconds): the next run puts the old one back before it starts;

and the next run removes the debris of dead runs (their staging and aside folders). A folder
never mixes files of two runs.

The target must be new, empty, or a folder yindi wrote before (it holds ``provenance.json``):
yindi never replaces a folder holding anything else, so nothing a user stored there is lost.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from yindi.errors import InputError

__all__ = ["run_folder", "MARKER"]

#: a folder holding this file was written by yindi and may be replaced by a new run.
MARKER = "provenance.json"
_DEBRIS = re.compile(r"^\.(?P<name>.+)\.(?P<kind>partial|old)-(?P<pid>\d+)-[A-Za-z0-9_]+$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _debris(out: Path) -> list[tuple[str, Path]]:
    """(kind, path) of staging and aside folders of dead runs for this target."""
    found = []
    for entry in sorted(out.parent.iterdir()):
        match = _DEBRIS.match(entry.name)
        if match and match["name"] == out.name and not _alive(int(match["pid"])):
            found.append((match["kind"], entry))
    return found


def _recover(out: Path) -> None:
    """Put back a result a killed run had renamed aside, then remove dead runs' folders."""
    debris = _debris(out)
    if not out.exists():
        aside = [path for kind, path in debris if kind == "old"]
        if aside:
            os.replace(aside[-1], out)
    for _, path in debris:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)


def _check_target(out: Path, option: str) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"{option} {out} exists and is not a folder; choose another path")
    if out.is_dir():
        names = sorted(p.name for p in out.iterdir())
        if names and MARKER not in names:
            shown = ", ".join(names[:5]) + (" ..." if len(names) > 5 else "")
            raise InputError(
                f"{option} {out} already holds files yindi did not write ({shown}); a run "
                f"replaces its whole output folder, so choose a new or empty folder"
            )


@contextmanager
def run_folder(out: str | os.PathLike[str], *, option: str = "--out") -> Iterator[Path]:
    """Yield a staging folder; on success it replaces ``out`` as a whole.

    Parameters
    ----------
    out : path
        The output folder the user asked for.
    option : str
        How the user named it, for messages (the CLI option).

    Raises
    ------
    InputError
        If ``out`` is a file, or a folder holding files yindi did not write.
    """
    target = Path(out).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    _check_target(target, option)
    pid = os.getpid()
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.partial-{pid}-"))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes 0700; give the user's usual mode
    try:
        yield staging
        if target.exists():
            aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-{pid}-"))
            os.replace(target, aside)
            os.replace(staging, target)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
