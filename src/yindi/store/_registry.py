"""The registry of a run store: one SQLite table listing the committed runs.

SQLite (Python's own ``sqlite3``) because many processes write one store: every ``yindi plan
--store`` and every dashboard session may save a run at the same moment, and SQLite serialises
their transactions itself (a writer waits up to :data:`TIMEOUT` seconds for another to finish),
where DuckDB lets one process at a time open a database for writing. Each operation opens a
connection, runs one transaction and closes it, so no process holds the registry between
operations. The database runs in WAL mode (``registry.sqlite-wal`` and ``-shm`` beside it).
A row is derived from the run's manifest alone, so adding it twice (a save and a
concurrent recovery) is harmless: ``INSERT OR IGNORE``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import fields
from pathlib import Path

from yindi.store._files import RunInfo

__all__ = ["Registry", "TIMEOUT"]

#: Seconds a writer waits for another's transaction before giving up.
TIMEOUT = 60.0
_COLUMNS = [f.name for f in fields(RunInfo)]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id   TEXT PRIMARY KEY,
    created  TEXT NOT NULL,
    label    TEXT NOT NULL,
    command  TEXT NOT NULL,
    dataset  TEXT NOT NULL,
    yindi    TEXT NOT NULL,
    checksum TEXT NOT NULL,
    bytes    INTEGER NOT NULL,
    parent   TEXT NOT NULL
)
"""


class Registry:
    """The ``runs`` table of ``registry.sqlite``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._use_wal()
        with self._transaction() as db:
            db.execute(_SCHEMA)

    def _use_wal(self) -> None:
        """Switch the file to a write-ahead log: readers (the dashboard listing runs) never wait
        for a writer, and a commit is one append. The mode is kept in the file.

        Switching needs an exclusive lock, and SQLite answers "database is locked" at once,
        without its busy handler, when another process is switching or creating the same new
        file at that moment (eight writers opening a fresh store). So wait and retry, up to
        :data:`TIMEOUT` seconds, as the busy handler would.
        """
        deadline = time.monotonic() + TIMEOUT
        pause = 0.01
        while True:
            try:
                with closing(
                    sqlite3.connect(self.path, timeout=TIMEOUT, isolation_level=None)
                ) as db:
                    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                        db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(2 * pause, 0.5)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=TIMEOUT, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlock
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with closing(sqlite3.connect(self.path, timeout=TIMEOUT)) as db:
            return list(db.execute(sql, args))

    def add(self, info: RunInfo) -> None:
        marks = ", ".join("?" for _ in _COLUMNS)
        with self._transaction() as db:
            db.execute(
                f"INSERT OR IGNORE INTO runs ({', '.join(_COLUMNS)}) VALUES ({marks})",
                tuple(getattr(info, c) for c in _COLUMNS),
            )

    def remove(self, run_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM runs WHERE run_id = ?", (run_id,))

    def ids(self) -> set[str]:
        return {str(row[0]) for row in self._query("SELECT run_id FROM runs")}

    def runs(self) -> list[RunInfo]:
        """Every run, newest first (ties by id)."""
        rows = self._query(
            f"SELECT {', '.join(_COLUMNS)} FROM runs ORDER BY created DESC, run_id DESC"
        )
        return [RunInfo(*row) for row in rows]  # type: ignore[arg-type]

    def get(self, run_id: str) -> RunInfo | None:
        rows = self._query(f"SELECT {', '.join(_COLUMNS)} FROM runs WHERE run_id = ?", (run_id,))
        return RunInfo(*rows[0]) if rows else None  # type: ignore[arg-type]
