"""The run store: runs saved whole or not at all, listed in a registry, checked on load.

Layout of a store folder::

    yindi-store.json     marks the folder as a store (format version)
    registry.sqlite      the committed runs (:mod:`yindi.store._registry`)
    runs/<run id>/       one folder per committed run, complete (:mod:`yindi.store._files`)
    .staging/            saves in progress: <run id>.<pid>.<random>/
    .trash/              runs being deleted

A save writes every file of the run into a staging folder, flushes it to disk, writes the
manifest (each file's SHA-256) and then renames the staging folder into ``runs/``: the rename
is the commit, atomic on one file system. The registry row is added after it. So a process
killed at any moment of a save leaves either

- no run (killed before the rename): its staging folder, removed by the next process that opens
  the store once the writer's pid is gone; or
- the complete run (killed after the rename, before the registry row): the next process that
  opens the store registers it from its manifest.

Never a partial run. Every open reconciles the registry with ``runs/`` the same way, and
:meth:`Store.load` checks every file against the manifest and the manifest against the
registry's checksum before it hands the run out. Many processes may save into one store at once
(the registry serialises its rows; each run has its own folder). The store must be on a local
file system: network file systems may not honour SQLite's locks or an atomic rename.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from yindi._output import _alive, write_atomic, write_tables
from yindi._results import versions
from yindi.store._files import (
    FORMAT,
    MANIFEST,
    RUN_ID,
    RunInfo,
    StoreError,
    fsync_dir,
    fsync_tree,
    hash_files,
    info_from,
    manifest_bytes,
    read_manifest,
    safe_name,
)
from yindi.store._registry import Registry
from yindi.store._stored import (
    STATE_FRAMES,
    StoredCatalogue,
    StoredPlan,
    StoredRun,
    coordination_from,
)

__all__ = ["MARKER", "PAUSE_ENV", "Store"]

MARKER = "yindi-store.json"
#: Test hook: ``<point>:<seconds>`` makes a save sleep at ``point`` ("writing": half the files
#: written; "committed": renamed into runs/, not yet registered) and say so on stderr, so a test
#: can kill the writer there.
PAUSE_ENV = "YINDI_STORE_TEST_PAUSE"
_DEBRIS = re.compile(r"^(?P<run>[^.]+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+$")


def _pause(point: str) -> None:
    spec = os.environ.get(PAUSE_ENV, "")
    name, _, seconds = spec.partition(":")
    if name == point:
        print(f"yindi store: paused at {point} (pid {os.getpid()})", file=sys.stderr, flush=True)
        time.sleep(float(seconds or 60))


#: What a store holds besides runs: another process may be creating them right now.
_LAYOUT = {MARKER, "runs", ".staging", ".trash"} | {
    f"registry.sqlite{end}" for end in ("", "-journal", "-wal", "-shm")
}


def _ours(name: str) -> bool:
    """A name a store (maybe being made by another process at this moment) may hold."""
    return name in _LAYOUT or (name.startswith(f".{MARKER}.") and name.endswith(".tmp"))


def _user_mode(path: Path) -> None:
    """mkdtemp makes 0700: give a saved run the user's usual mode."""
    umask = os.umask(0)
    os.umask(umask)
    for item in [path, *path.rglob("*")]:
        os.chmod(item, (0o777 if item.is_dir() else 0o666) & ~umask)


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


class Store:
    """A folder of saved runs (see the module docstring for its layout and guarantees).

    Parameters
    ----------
    root : path
        The store's folder: new, empty, or a store yindi made before.

    Raises
    ------
    StoreError
        If ``root`` is a file, a folder holding other files, or a store of a later format.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        if root is None or not str(root).strip():  # str(None) would make a folder "None"
            raise StoreError("no store folder given: name one, e.g. --store runs/")
        self.root = Path(root).absolute()
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"store {self.root} is a file, not a folder; choose another path")
        self.root.mkdir(parents=True, exist_ok=True)
        marker = self.root / MARKER
        if not marker.is_file():
            others = sorted(p.name for p in self.root.iterdir() if not _ours(p.name))
            if others:
                shown = ", ".join(others[:5]) + (" ..." if len(others) > 5 else "")
                raise StoreError(
                    f"store {self.root} holds files yindi did not write ({shown}); choose a new "
                    "or empty folder for the store"
                )
            write_atomic(marker, lambda p: p.write_text(_json({"yindi_store": FORMAT})))
        try:
            found = json.loads(marker.read_text(encoding="utf-8")).get("yindi_store")
        except (OSError, ValueError, AttributeError) as exc:
            raise StoreError(f"store {self.root}: {MARKER} is damaged ({exc})") from exc
        if found != FORMAT:
            raise StoreError(
                f"store {self.root} has format {found!r}; this yindi reads format {FORMAT}"
            )
        for sub in ("runs", ".staging", ".trash"):
            (self.root / sub).mkdir(exist_ok=True)
        self.registry = Registry(self.root / "registry.sqlite")
        self.recover()

    # -- listing --------------------------------------------------------------------------
    @property
    def runs_dir(self) -> Path:
        return self.root / "runs"

    def runs(self) -> list[RunInfo]:
        """The committed runs, newest first."""
        return self.registry.runs()

    def info(self, run_id: str) -> RunInfo:
        """The registry row of one run (StoreError naming the known runs if unknown)."""
        if not RUN_ID.match(str(run_id)):
            raise StoreError(f"{run_id!r} is not a run id (like 20261205T093000Z-1a2b3c4d)")
        found = self.registry.get(run_id)
        if found is None:
            known = [r.run_id for r in self.runs()[:5]]
            raise StoreError(f"no run {run_id} in store {self.root}; the latest are {known}")
        return found

    # -- recovery ---------------------------------------------------------------------------
    def recover(self) -> None:
        """Reconcile the registry with ``runs/`` and remove dead processes' debris."""
        on_disk = {p.name for p in self.runs_dir.iterdir() if p.is_dir() and RUN_ID.match(p.name)}
        listed = self.registry.ids()
        for run_id in sorted(on_disk - listed):  # committed, killed before its registry row
            try:
                record, raw = read_manifest(self.runs_dir / run_id)
            except StoreError as exc:
                warnings.warn(f"store {self.root}: {exc}; left out", stacklevel=2)
                continue
            self.registry.add(info_from(record, raw))
        for run_id in sorted(listed - on_disk):  # deleted (renamed to .trash) before its row
            if not (self.runs_dir / run_id).exists():
                self.registry.remove(run_id)
        for sub in (".staging", ".trash"):
            for entry in (self.root / sub).iterdir():
                match = _DEBRIS.match(entry.name)
                if match and not _alive(int(match["pid"])):
                    shutil.rmtree(entry, ignore_errors=True)

    # -- saving -----------------------------------------------------------------------------
    def save(
        self,
        plan: Any,
        *,
        coordination: Any = None,
        also: Mapping[str, Any] | None = None,
        files: Mapping[str, str | bytes] | None = None,
        inputs: Mapping[str, Any] | None = None,
        label: str = "",
        parent: str = "",
    ) -> RunInfo:
        """Save a plan (a PlanResult or a StoredPlan) and its coordination as one new run.

        Parameters
        ----------
        plan : PlanResult or StoredPlan
        coordination : CoordinateResult, optional
            Saved as tables ``coordinate_<name>`` and read back as a CoordinateResult.
        also : mapping, optional
            Prefix -> a later stage's result (``{"stress_": stressed}``): its tables are saved
            as ``<prefix><name>``, as ``yindi plan --out`` writes them, and read back as tables.
        files : mapping, optional
            Extra files (name -> text or bytes): the report, briefs.
        inputs : mapping, optional
            Added to the provenance's input record (the CLI adds the file's hash).
        label : str
            A name for people ("China 2017, value added").
        parent : str
            The run this one was derived from (a coordination solved again).

        Returns
        -------
        RunInfo
            The registry row, with the run's checksum.
        """
        for name in files or {}:
            safe_name(name, "file name")
        created = _dt.datetime.now(_dt.UTC)
        run_id = f"{created:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
        staging = Path(
            tempfile.mkdtemp(dir=self.root / ".staging", prefix=f"{run_id}.{os.getpid()}.")
        )
        try:
            record = self._write(
                staging, plan, coordination, dict(also or {}), files or {}, inputs or {}
            )
            record |= {
                "format": FORMAT,
                "run_id": run_id,
                "created": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
                "label": str(label),
                "parent": str(parent),
            }
            record["files"] = hash_files(staging)
            raw = manifest_bytes(record)
            (staging / MANIFEST).write_bytes(raw)
            _user_mode(staging)
            fsync_tree(staging)
            target = self.runs_dir / run_id
            os.rename(staging, target)  # the commit: the run appears whole
            fsync_dir(self.runs_dir)
            _pause("committed")
            info = info_from(record, raw)
            self.registry.add(info)
            return info
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def _write(
        self,
        folder: Path,
        plan: Any,
        coordination: Any,
        also: Mapping[str, Any],
        files: Mapping[str, str | bytes],
        inputs: Mapping[str, Any],
    ) -> dict[str, Any]:
        provenance = dict(plan.provenance)
        provenance["input"] = dict(provenance.get("input", {})) | dict(inputs)
        tables = dict(plan.tables())
        later = ({"coordinate_": coordination} if coordination is not None else {}) | dict(also)
        if "coordinate_" in also or any(not p or not p.endswith("_") for p in also):
            raise StoreError(f"also: prefixes end with '_' and are not coordinate_: {list(also)}")
        for prefix, result in later.items():
            tables |= {f"{prefix}{k}": v for k, v in result.tables().items()}
            extra = result.provenance
            provenance.setdefault("stages", {})[extra["command"]] = {
                "options": extra.get("options", {})
            }
        write_tables(tables, folder / "tables", ("parquet",))
        _pause("writing")
        state = {}
        for name, (attr, sub) in STATE_FRAMES.items():
            value = getattr(plan, attr)
            state[name] = getattr(value, sub) if sub else value
        write_tables(state, folder / "state", ("parquet",))
        if plan.boundaries is not None:
            (folder / "boundaries.geojson").write_text(
                json.dumps(plan.boundaries, ensure_ascii=False), encoding="utf-8"
            )
        run = {
            "year": int(plan.year),
            "plan": {
                "options": plan.options,
                "inputs": dict(plan.inputs),
                "catalogue_source": str(getattr(plan.catalogue, "source", "")),
            },
            "coordination": None
            if coordination is None
            else {
                "solve": dict(coordination.solve),
                "options": dict(coordination.options),
                "inputs": dict(coordination.inputs),
            },
            "also": {prefix: result.provenance["command"] for prefix, result in also.items()},
        }
        (folder / "run.json").write_text(_json(run), encoding="utf-8")
        (folder / "provenance.json").write_text(_json(provenance), encoding="utf-8")
        for name, content in files.items():
            target = folder / "files" / name
            target.parent.mkdir(exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        dataset = provenance.get("input", {})
        return {
            "command": str(provenance.get("command", "plan")),
            "dataset": str(dataset.get("dataset") or dataset.get("file") or ""),
            "yindi": versions().get("yindi", ""),
        }

    # -- reading ----------------------------------------------------------------------------
    def verify(self, run_id: str) -> RunInfo:
        """Check every file of a run against its manifest and the manifest against the
        registry's checksum; StoreError naming what differs."""
        info = self.info(run_id)
        folder = self.runs_dir / run_id
        record, raw = read_manifest(folder)
        found = info_from(record, raw)
        if found.checksum != info.checksum:
            raise StoreError(
                f"run {run_id} is damaged: its manifest changed since it was saved "
                f"(checksum {found.checksum[:12]}, registry {info.checksum[:12]})"
            )
        actual = hash_files(folder)
        expected = record["files"]
        changed = sorted(
            name
            for name in set(actual) | set(expected)
            if actual.get(name, {}).get("sha256") != expected.get(name, {}).get("sha256")
        )
        if changed:
            raise StoreError(
                f"run {run_id} is damaged: {', '.join(changed[:5])} changed, appeared or "
                "disappeared since it was saved"
            )
        return info

    def load(self, run_id: str, *, verify: bool = True) -> StoredRun:
        """Read a run back (checked first unless ``verify=False``)."""
        info = self.verify(run_id) if verify else self.info(run_id)
        folder = self.runs_dir / run_id

        def frames(sub: str) -> dict[str, pd.DataFrame]:
            paths = sorted((folder / sub).glob("*.parquet"))
            return {p.stem: pd.read_parquet(p) for p in paths}

        run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
        tables = frames("tables")
        state = frames("state")
        boundaries = None
        if (folder / "boundaries.geojson").is_file():
            boundaries = json.loads((folder / "boundaries.geojson").read_text(encoding="utf-8"))
        catalogue = StoredCatalogue(
            {
                k.removeprefix("catalogue_"): v
                for k, v in state.items()
                if k.startswith("catalogue_")
            },
            source=str(run["plan"].get("catalogue_source", "")),
        )
        plan_record = {k: v for k, v in provenance.items() if k != "stages"}
        prefixes = ("coordinate_", *run.get("also", {}))
        plan = StoredPlan(
            year=int(run["year"]),
            options=run["plan"]["options"],
            inputs=run["plan"]["inputs"],
            record=plan_record,
            frames={k: v for k, v in tables.items() if not k.startswith(prefixes)},
            state={k: v for k, v in state.items() if not k.startswith("catalogue_")},
            catalogue=catalogue,
            boundaries=boundaries,
        )
        extra = folder / "files"
        names = tuple(sorted(p.name for p in extra.iterdir())) if extra.is_dir() else ()
        return StoredRun(
            info=info,
            path=folder,
            plan=plan,
            coordination=coordination_from(tables, run.get("coordination")),
            files=names,
            later={k: v for k, v in tables.items() if k.startswith(tuple(run.get("also", {})))}
            if run.get("also")
            else {},
        )

    def query(self, sql: str, *, runs: list[str] | None = None) -> pd.DataFrame:
        """SQL (DuckDB) over every committed run's tables, each with a ``run_id`` column, and
        the registry as ``runs`` (:func:`yindi.store._query.query`; needs ``yindi[scale]``)."""
        from yindi.store._query import query

        return query(self, sql, runs=runs)

    def delete(self, run_id: str) -> None:
        """Remove a run: out of ``runs/`` at once (renamed aside), then out of the registry."""
        self.info(run_id)
        aside = Path(tempfile.mkdtemp(dir=self.root / ".trash", prefix=f"{run_id}.{os.getpid()}."))
        os.replace(self.runs_dir / run_id, aside / run_id)
        self.registry.remove(run_id)
        shutil.rmtree(aside, ignore_errors=True)
