"""SQL across the runs of a store: DuckDB views over every committed run's Parquet tables.

:func:`query` opens an in-memory DuckDB database, and for every table name found in the
committed runs (those the registry lists: never a save in progress in ``.staging`` or a run
being deleted in ``.trash``) creates a view of that name holding every run's rows with a
``run_id`` column first, plus a view ``runs`` of the registry itself. So::

    store.query("select run_id, count(*) as n from paths group by run_id")
    store.query("select p.run_id, r.label, avg(score) from paths p join runs r using (run_id) "
                "group by all")

Runs whose tables differ in columns are combined by name (a column one run lacks is NULL in its
rows). DuckDB (the ``scale`` extra) is imported only here. The database lives for one call
and holds views, not copies: the Parquet files are read by DuckDB as the query needs them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import pyarrow.parquet as pq

from yindi.store._files import RUN_ID, RunInfo, StoreError

__all__ = ["MissingDuckDBError", "query", "table_files"]

_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class MissingDuckDBError(StoreError, ImportError):
    """DuckDB, which :func:`query` needs, is not installed."""


class Store(Protocol):
    """What :func:`query` reads of a :class:`yindi.store.Store` (this module sits below it)."""

    root: Path

    @property
    def runs_dir(self) -> Path: ...

    def runs(self) -> list[RunInfo]: ...


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError as exc:
        raise MissingDuckDBError(
            "querying a store across runs needs DuckDB: pip install 'yindi[scale]' (or pip "
            "install duckdb)"
        ) from exc
    return duckdb


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def table_files(store: Store, runs: list[str] | None = None) -> dict[str, list[tuple[str, Path]]]:
    """Table name -> [(run id, Parquet file)] over the committed runs (or ``runs`` of them)."""
    listed = [r.run_id for r in store.runs()]
    chosen = listed if runs is None else [r for r in listed if r in set(runs)]
    if runs is not None and len(chosen) != len(set(runs)):
        unknown = sorted(set(runs) - set(listed))
        raise StoreError(f"no run {', '.join(unknown)} in store {store.root}; see store.runs()")
    found: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for run_id in chosen:
        if not RUN_ID.match(run_id):  # the registry only holds run ids; never a path
            continue
        for path in sorted((store.runs_dir / run_id / "tables").glob("*.parquet")):
            # A table without columns (an empty explanation) has nothing to query.
            if _TABLE.match(path.stem) and len(pq.read_schema(path)):
                found[path.stem].append((run_id, path))
    return dict(found)


def query(store: Store, sql: str, *, runs: list[str] | None = None) -> pd.DataFrame:
    """Run ``sql`` (DuckDB's dialect) over the tables of the store's committed runs.

    Parameters
    ----------
    store : Store
    sql : str
        A query naming tables as ``yindi plan --out`` names their files (``paths``,
        ``opportunities``, ``coordinate_allocation``, ``stress_regional``, ...), each with a
        ``run_id`` column, and ``runs`` (the registry: run_id, created, label, ...).
    runs : list of str, optional
        Only these runs (default: every committed run).

    Returns
    -------
    DataFrame
        The query's result.

    Raises
    ------
    MissingDuckDBError
        If DuckDB is not installed (``pip install 'yindi[scale]'``).
    StoreError
        If ``runs`` names a run the store does not hold, or DuckDB refuses the query (the
        message lists the tables there are).
    """
    duckdb = _duckdb()
    files = table_files(store, runs)
    registry = pd.DataFrame([r.record() for r in store.runs()])
    if runs is not None and len(registry):
        registry = registry[registry["run_id"].isin(runs)]
    with duckdb.connect(":memory:") as db:
        for name, parts in sorted(files.items()):
            selects = [
                f"SELECT {_literal(run_id)} AS run_id, * FROM read_parquet({_literal(str(path))})"
                for run_id, path in parts
            ]
            db.execute(f'CREATE VIEW "{name}" AS ' + " UNION ALL BY NAME ".join(selects))
        if "runs" not in files:
            db.register("_registry", registry)
            db.execute("CREATE VIEW runs AS SELECT * FROM _registry")
        try:
            return db.execute(sql).df()
        except duckdb.Error as exc:
            known = ", ".join(sorted({*files, "runs"})) or "none"
            raise StoreError(f"the query failed: {exc}; the store's tables are: {known}") from exc
