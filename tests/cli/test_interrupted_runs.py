"""A run killed at any point leaves the previous complete result, and no debris after the next.

``yindi diagnose`` and ``yindi plan`` run in subprocesses and are killed (SIGKILL: no cleanup
code runs) at several points spread over a run's measured duration, from loading to writing.
After each kill the output folder must be byte-for-byte the previous complete result or the new
complete result, never a mix; after the next successful run no staging folder is left beside it.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from yindi._output import run_folder

YINDI = [sys.executable, "-m", "yindi.cli"]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def _panel(path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    regions, activities, years = 40, 120, (2015, 2016, 2017)
    r, a, y = np.meshgrid(np.arange(regions), np.arange(activities), years, indexing="ij")
    frame = pd.DataFrame(
        {
            "region": [f"R{i:03d}" for i in r.ravel()],
            "activity": [f"A{i:03d}" for i in a.ravel()],
            "year": y.ravel(),
            "value": rng.lognormal(3, 1.5, r.size),
        }
    )
    frame.to_parquet(path, index=False)
    return path


def _run(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([*YINDI, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - start


def _kill_after(args: list[str], cwd: Path, delay: float) -> None:
    proc = subprocess.Popen(
        [*YINDI, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


def _check_kills(
    args_old: list[str], args_new: list[str], out: Path, tmp: Path, fractions: tuple[float, ...]
) -> None:
    _run([*args_old, "--out", str(out)], tmp)
    old = _digest(out)
    fresh = tmp / "fresh"
    duration = _run([*args_new, "--out", str(fresh)], tmp)
    new = _digest(fresh)
    assert old != new
    outcomes = []
    for fraction in fractions:
        _kill_after([*args_new, "--out", str(out)], tmp, duration * fraction)
        state = _digest(out)
        assert state in (old, new), f"killed at {fraction:.0%}: a mixed or partial folder"
        outcomes.append("new" if state == new else "old")
        if state == new:  # the run finished before the kill: back to the old result
            _run([*args_old, "--out", str(out)], tmp)
    assert "old" in outcomes  # at least one kill landed before the swap
    _run([*args_old, "--out", str(out)], tmp)
    assert _digest(out) == old
    assert _siblings(out) == [], f"debris after the next run: {_siblings(out)}"


def test_killed_diagnose_keeps_a_complete_folder(tmp_path: Path) -> None:
    first, second = _panel(tmp_path / "a.parquet", 1), _panel(tmp_path / "b.parquet", 2)
    _check_kills(
        ["diagnose", "--panel", str(first), "--excel"],
        ["diagnose", "--panel", str(second), "--excel"],
        tmp_path / "out",
        tmp_path,
        (0.1, 0.3, 0.5, 0.7, 0.85, 0.95),
    )


def test_killed_plan_keeps_a_complete_folder(tmp_path: Path) -> None:
    _check_kills(
        ["plan", "--measure", "labour_compensation"],
        ["plan", "--measure", "gross_output"],
        tmp_path / "plan-out",
        tmp_path,
        (0.3, 0.9),
    )


def test_a_kill_between_the_two_renames_is_repaired(tmp_path: Path) -> None:
    # The old result renamed aside by a run that died before moving the new one in.
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    out = tmp_path / "out"
    aside = tmp_path / f".out.old-{pid}-abc123"
    aside.mkdir()
    (aside / "provenance.json").write_text("{}")
    staging = tmp_path / f".out.partial-{pid}-def456"
    staging.mkdir()
    (staging / "half.csv").write_text("a\n")
    with run_folder(out) as target:
        assert (out / "provenance.json").read_text() == "{}"  # put back before the run starts
        (target / "provenance.json").write_text('{"new": 1}')
    assert (out / "provenance.json").read_text() == '{"new": 1}'
    assert _siblings(out) == []


def test_a_live_run_staging_folder_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    live = tmp_path / f".out.partial-{os.getppid()}-xyz789"  # our parent is alive
    live.mkdir()
    with run_folder(out) as target:
        (target / "provenance.json").write_text("{}")
    assert live.is_dir()


@pytest.mark.parametrize("content", ["notes.txt", "thesis.docx"])
def test_a_folder_with_the_users_files_is_never_replaced(tmp_path: Path, content: str) -> None:
    from yindi.errors import InputError

    out = tmp_path / "mine"
    out.mkdir()
    (out / content).write_text("precious")
    with pytest.raises(InputError, match="did not write"):
        with run_folder(out):
            pass
    assert (out / content).read_text() == "precious"


def test_a_failed_run_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with run_folder(out) as target:
        (target / "provenance.json").write_text("old")
    with pytest.raises(RuntimeError):
        with run_folder(out) as target:
            (target / "provenance.json").write_text("new")
            raise RuntimeError("stage failed")
    assert (out / "provenance.json").read_text() == "old"
    assert _siblings(out) == []
