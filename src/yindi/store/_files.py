"""The files of one stored run: what is written, its manifest and its checksum.

A run folder holds

- ``tables/<name>.parquet``: every table of the plan and, prefixed ``coordinate_``, of the
  coordination (what ``yindi plan --out`` writes as CSV/Parquet);
- ``state/<name>.parquet``: the frames that rebuild the plan for the dashboard (regions,
  activities, the catalogue's industries, upgrades and exclusions);
- ``run.json``: the plan year, options and inputs, the coordination's solve record and settings;
- ``provenance.json``: the record ``Result.to_dir`` writes (inputs, options, versions);
- ``boundaries.geojson`` (when the plan has maps) and ``files/<name>`` (the report, briefs);
- ``manifest.json``: every other file with its SHA-256 and size, plus the run's metadata. The
  run's checksum is the SHA-256 of the manifest's bytes, kept in the registry too.

Only data are stored (Parquet, JSON, text), never pickles: opening a run executes nothing from
it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from yindi.errors import YindiError

__all__ = [
    "FORMAT",
    "MANIFEST",
    "RUN_ID",
    "RunInfo",
    "StoreError",
    "checksum",
    "fsync_dir",
    "fsync_tree",
    "hash_files",
    "read_manifest",
    "safe_name",
]

#: Version of the run layout; a store written by a later layout is refused, not misread.
FORMAT = 1
MANIFEST = "manifest.json"
#: A run id: UTC time of the save and 8 random hex digits (``20261205T093000Z-1a2b3c4d``).
RUN_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


class StoreError(YindiError):
    """The run store cannot do what was asked (not a store, unknown or damaged run)."""


@dataclass(frozen=True)
class RunInfo:
    """One run as the registry lists it."""

    run_id: str
    created: str
    label: str
    command: str
    dataset: str
    yindi: str
    checksum: str
    bytes: int
    parent: str = ""

    def record(self) -> dict[str, Any]:
        return asdict(self)


def safe_name(name: str, what: str) -> str:
    """``name`` if it is a plain file name (letters, digits, ``. _ -``), else StoreError."""
    if not _NAME.match(name) or ".." in name:
        raise StoreError(
            f"{what} {name!r} is not a plain file name: use letters, digits, '.', '_' and '-'"
        )
    return name


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hash_files(folder: Path) -> dict[str, dict[str, Any]]:
    """Relative path -> {sha256, bytes} of every file under ``folder`` but the manifest."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel != MANIFEST:
            out[rel] = {"sha256": _sha256(path), "bytes": path.stat().st_size}
    return out


def checksum(manifest: bytes) -> str:
    """The run's checksum: SHA-256 of its manifest (which holds every file's SHA-256)."""
    return hashlib.sha256(manifest).hexdigest()


def manifest_bytes(record: Mapping[str, Any]) -> bytes:
    return (json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def read_manifest(folder: Path) -> tuple[dict[str, Any], bytes]:
    """The parsed manifest of a run folder and its bytes (StoreError if unreadable)."""
    try:
        raw = (folder / MANIFEST).read_bytes()
        record = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise StoreError(f"run {folder.name}: no readable {MANIFEST} ({exc})") from exc
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise StoreError(
            f"run {folder.name}: {MANIFEST} is not a yindi run of format {FORMAT}; it was "
            "written by another version of yindi"
        )
    return record, raw


def info_from(record: Mapping[str, Any], raw: bytes) -> RunInfo:
    """The registry row of a run: its manifest's metadata and checksum."""
    return RunInfo(
        run_id=str(record["run_id"]),
        created=str(record["created"]),
        label=str(record.get("label", "")),
        command=str(record.get("command", "")),
        dataset=str(record.get("dataset", "")),
        yindi=str(record.get("yindi", "")),
        checksum=checksum(raw),
        bytes=int(sum(int(f["bytes"]) for f in record["files"].values())),
        parent=str(record.get("parent") or ""),
    )


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under ``folder`` to disk (a saved run survives power loss)."""
    for path in sorted(folder.rglob("*"), reverse=True):
        _fsync(path)
    _fsync(folder)


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename into it survives power loss)."""
    _fsync(path)


def _fsync(path: Path) -> None:
    if os.name == "nt" and path.is_dir():  # Windows cannot open a folder to flush it
        return
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if path.is_dir() else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
