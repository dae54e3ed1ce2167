"""The run store: round trip, re-solving a stored plan, checks, refusals, concurrent writers,
and writers killed in the middle of a save (no partial run, ever)."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import _session_plan
import pandas as pd
import pytest

import yindi
from yindi._output import _plain
from yindi.store import PAUSE_ENV, Store, StoreError
from yindi.store._registry import Registry

# The session's plan (tests/_session_plan.py), as a fixture of this module.
planned = _session_plan.planned

WRITER = """
import sys
from yindi.store import Store
source, target, run_id, label = sys.argv[1:]
run = Store(source).load(run_id)
info = Store(target).save(run.plan, coordination=run.coordination, label=label)
print(info.run_id, info.checksum, flush=True)
"""


@pytest.fixture(scope="module")
def seeded(planned, tmp_path_factory) -> tuple[Store, str]:
    """A store holding the plan once (the writers' source)."""
    plan, coordination = planned
    store = Store(tmp_path_factory.mktemp("seed") / "store")
    info = store.save(plan, coordination=coordination, files={"note.txt": "hello"}, label="seed")
    return store, info.run_id


def test_round_trip_and_solving_again(planned, seeded) -> None:
    plan, coordination = planned
    store, run_id = seeded
    run = store.load(run_id)
    assert run.info.label == "seed" and run.files == ("note.txt",)
    assert run.file("note.txt") == b"hello"
    for name, frame in plan.tables().items():  # as `yindi plan --out` writes them
        pd.testing.assert_frame_equal(
            run.plan.tables()[name], _plain(frame).reset_index(drop=True), check_dtype=False
        )
    assert run.plan.year == plan.year
    assert run.coordination.solve == dict(coordination.solve)
    pd.testing.assert_frame_equal(run.coordination.allocation, coordination.allocation)
    # The stored plan is what the coordinate stage reads: solving it again gives the live
    # allocation, and a scenario runs on it.
    again = yindi.coordinate(run.plan)
    pd.testing.assert_frame_equal(again.allocation, coordination.allocation, check_dtype=False)
    assert again.solve["objective"] == pytest.approx(coordination.solve["objective"])
    assert len(yindi.coordinate(run.plan, scenarios=["gansu_water"]).scenarios)
    # Its provenance is the one `yindi plan --out` writes, coordination options included.
    record = json.loads((run.path / "provenance.json").read_text(encoding="utf-8"))
    assert record["command"] == "plan" and "coordinate" in record["stages"]
    assert record["input"]["dataset"] == "china_provinces"
    # A run of a stored plan saves again (the dashboard's "save as a new run"), here with a
    # later stage's tables beside it (as `yindi plan` saves its stress tests).
    child = store.save(run.plan, coordination=again, also={"later_": again}, parent=run_id)
    reread = store.load(child.run_id)
    assert reread.info.parent == run_id
    assert set(reread.tables()) == set(run.tables()) | {f"later_{k}" for k in again.tables()}
    assert set(reread.plan.tables()) == set(plan.tables())
    store.delete(child.run_id)
    assert [r.run_id for r in store.runs()] == [run_id]


def test_damage_is_named(seeded, tmp_path) -> None:
    store, run_id = seeded
    copy = Store(tmp_path / "copy")
    info = copy.save(store.load(run_id).plan, label="to damage")
    table = copy.runs_dir / info.run_id / "tables" / "paths.parquet"
    table.write_bytes(table.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(StoreError, match=r"damaged: tables/paths\.parquet changed"):
        copy.load(info.run_id)
    manifest = copy.runs_dir / info.run_id / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("to damage", "edited"))
    with pytest.raises(StoreError, match="manifest changed since it was saved"):
        copy.verify(info.run_id)


def test_refusals(seeded, tmp_path) -> None:
    store, _ = seeded
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("precious")
    with pytest.raises(StoreError, match="holds files yindi did not write"):
        Store(tmp_path / "mine")
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        Store(tmp_path / "file")
    for bad in ("../../etc", "20261205T093000Z-zzzzzzzz", ""):
        with pytest.raises(StoreError, match="not a run id"):
            store.load(bad)
    with pytest.raises(StoreError, match="no run 20000101T000000Z-00000000"):
        store.load("20000101T000000Z-00000000")
    with pytest.raises(StoreError, match="not a plain file name"):
        store.save(store.load(store.runs()[0].run_id).plan, files={"../x.html": "x"})


def _writer(source: Path, target: Path, run_id: str, label: str, **env: str):
    """A process that saves the seed run into ``target`` (``env``: the pause hook)."""
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(source), str(target), run_id, label],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | env,
    )


def _save_at_once(source: str, target: str, run_id: str, label: str, barrier, out) -> None:
    """One writer process: read the seed run, wait for the others, save (forkserver child)."""
    try:
        run = Store(source).load(run_id)
        barrier.wait(timeout=60)
        info = Store(target).save(run.plan, coordination=run.coordination, label=label)
    except Exception as exc:  # the parent shows it instead of waiting for a message
        out.put((label, repr(exc), os.getpid()))
        raise
    out.put((info.run_id, info.checksum, os.getpid()))


def _open_registry(path: str, barrier, out) -> None:
    barrier.wait(timeout=60)
    try:
        Registry(Path(path)).ids()
    except Exception as exc:
        out.put(repr(exc))
        return
    out.put("ok")


def test_eight_processes_creating_one_registry_at_once(tmp_path) -> None:
    # Switching a new file to WAL fails at once ("database is locked", no busy handler) when
    # another process is creating it at that moment; unguarded, about one open in 35 failed
    # here (9 of 240 in a trial run). Thirty fresh registries, eight openers each.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["yindi.store"])
    answers = []
    for trial in range(30):
        barrier, out = ctx.Barrier(8), ctx.Queue()
        path = str(tmp_path / f"r{trial}.sqlite")
        procs = [ctx.Process(target=_open_registry, args=(path, barrier, out)) for _ in range(8)]
        for p in procs:
            p.start()
        answers += [out.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
    assert answers == ["ok"] * 240, sorted(set(answers))


def test_eight_writers_at_once(seeded, tmp_path) -> None:
    source, run_id = seeded
    target = tmp_path / "shared"  # made by the writers themselves, all at once
    # Eight processes (forked from a server that imported yindi once, so the test does not
    # pay eight imports) save into one store at the same moment.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["yindi.store"])
    barrier, out = ctx.Barrier(8), ctx.Queue()
    writers = [
        ctx.Process(
            target=_save_at_once,
            args=(str(source.root), str(target), run_id, f"w{k}", barrier, out),
        )
        for k in range(8)
    ]
    for w in writers:
        w.start()
    printed = [out.get(timeout=120) for _ in writers]
    for w in writers:
        w.join(timeout=60)
    assert [w.exitcode for w in writers] == [0] * 8, printed
    assert len({pid for _, _, pid in printed}) == 8  # eight processes, not one
    checksums = {rid: checksum for rid, checksum, _ in printed}
    store = Store(target)
    runs = store.runs()
    assert len(runs) == 8 == len(checksums)
    assert {r.label for r in runs} == {f"w{k}" for k in range(8)}
    for info in runs:
        assert store.verify(info.run_id).checksum == checksums[info.run_id] == info.checksum
    assert not any((target / ".staging").iterdir())
    with closing(sqlite3.connect(target / "registry.sqlite")) as db:  # a write-ahead log
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("point", ["writing", "committed"])
def test_killed_writer_leaves_no_partial_run(seeded, tmp_path, point) -> None:
    source, run_id = seeded
    target = tmp_path / "store"
    before = Store(target).save(source.load(run_id).plan, label="before")
    writer = _writer(source.root, target, run_id, "killed", **{PAUSE_ENV: f"{point}:60"})
    try:
        line = writer.stderr.readline()  # the writer says where it paused
        assert f"paused at {point}" in line, line + writer.stderr.read()
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    # What the kill left: the writer's staging folder, or a committed run not yet registered.
    staged = list((target / ".staging").iterdir())
    listed = Registry(target / "registry.sqlite").ids()
    assert (len(staged), listed) == (
        (1, {before.run_id}) if point == "writing" else (0, {before.run_id})
    )
    store = Store(target)  # opening reconciles the registry and clears dead writers' debris
    runs = {r.label: r for r in store.runs()}
    folders = sorted(p.name for p in store.runs_dir.iterdir())
    if point == "writing":  # killed before the commit: no run at all
        assert list(runs) == ["before"] and folders == [before.run_id]
    else:  # killed after the commit: the complete run, registered on the next open
        assert set(runs) == {"before", "killed"} and len(folders) == 2
    for info in runs.values():
        store.verify(info.run_id)
    assert not any((target / ".staging").iterdir())


def test_plan_command_saves_into_a_store(tmp_path) -> None:
    from typer.testing import CliRunner

    from yindi.cli import app

    ds = yindi.datasets.china_provinces()
    panel = ds.panel("gross_output")
    small = tmp_path / "eight.csv"
    panel[panel["region"].isin(sorted(panel["region"].unique())[:8])].to_csv(small, index=False)
    result = CliRunner().invoke(
        app,
        [
            "plan",
            "--panel",
            str(small),
            "--no-excel",
            "--out",
            str(tmp_path / "out"),
            "--store",
            str(tmp_path / "store"),
        ],
    )
    assert result.exit_code == 0, result.output
    store = Store(tmp_path / "store")
    [info] = store.runs()
    run = store.load(info.run_id)
    assert info.label == "eight" and "report.html" in run.files
    written = pd.read_parquet(tmp_path / "out" / "paths.parquet")
    pd.testing.assert_frame_equal(run.plan.paths, written, check_dtype=False)
    assert run.plan.provenance["input"]["file"] == str(small)
    # A folder that is not a store stops the run before anything is computed.
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x.txt").write_text("x")
    refused = CliRunner().invoke(app, ["plan", "--store", str(tmp_path / "busy")])
    assert refused.exit_code == 2 and "holds files yindi did not write" in refused.output
