"""A distributed backend on Dask (``pip install "yindi[scale]"``): for data beyond one machine.

Two jobs go to a ``dask.distributed`` cluster, and both give the numbers the local path gives:

- **aggregation** (:func:`aggregate`): each task sums one slice of the firm records (a few
  Parquet/CSV files, or one partition of a Dask DataFrame) with the same DuckDB query as
  :func:`yindi.aggregate`, checks included; the client adds the slices' sums cell by cell.
  Sums of whole numbers (employment, firm counts) are exact; sums of fractions can differ from
  the local run in the last digit (addition in another order), never more.
- **the per-year kernels of a diagnosis**: ``yindi.diagnose(panel, executor=client)`` sends
  each year to a worker as a task and assembles the result as the local run does.

Point :func:`connect` at a running scheduler (``dask scheduler`` on one machine,
``dask worker tcp://host:8786`` on the others) or let it start a local cluster; see
``docs/scale.md``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from yindi._options import check
from yindi.data._aggregate_engines import (
    Source,
    Spec,
    duckdb_relation,
    examples_duckdb,
    run_duckdb,
)
from yindi.data.aggregate import check_schema, panel_from_groups, raise_problems, resolve_source
from yindi.data.panel import Panel
from yindi.errors import InputError

__all__ = ["aggregate", "connect"]

_EXTRA = 'pip install "yindi[scale]"'


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"yindi.scale needs {module.split('.')[0]}: {_EXTRA}") from exc


def connect(
    address: str | None = None,
    *,
    n_workers: int | None = None,
    threads_per_worker: int = 1,
    memory_limit: str | None = "auto",
    **cluster_options: Any,
) -> Any:
    """A ``dask.distributed.Client``: to the scheduler at ``address``, or on a local cluster.

    Parameters
    ----------
    address : str, optional
        A running scheduler, e.g. ``"tcp://10.0.0.5:8786"`` (``dask scheduler`` prints it).
        None starts a :class:`~dask.distributed.LocalCluster` on this machine.
    n_workers, threads_per_worker, memory_limit, **cluster_options
        For the local cluster only (worker processes, threads each, memory cap each).
    """
    distributed = _import("distributed")
    if address is not None:
        return distributed.Client(address)
    cluster = distributed.LocalCluster(
        n_workers=n_workers,
        threads_per_worker=threads_per_worker,
        memory_limit=memory_limit,
        **cluster_options,
    )
    return distributed.Client(cluster)


def _client(client: Any) -> Any:
    if client is not None:
        return client
    distributed = _import("distributed")
    try:
        return distributed.get_client()
    except ValueError as exc:
        raise InputError(
            "yindi.scale.aggregate needs a Dask cluster: pass client=yindi.scale.connect() "
            "(a local cluster) or connect('tcp://host:8786') to a running scheduler"
        ) from exc


def _groups_of_files(kind: str, files: list[str], spec: Spec, text: bool, sep: str | None) -> Any:
    """One task: the DuckDB group table (sums and check counts) of a few files."""
    duckdb = _import("duckdb")
    con = duckdb.connect()
    try:
        con.execute("SET threads = 1")  # the worker's thread; Dask runs one task per thread
        rel = duckdb_relation(con, Source(kind, tuple(Path(f) for f in files), sep=sep))
        return run_duckdb(con, rel, spec, text)
    finally:
        con.close()


def _groups_of_frame(part: Any, spec: Spec, text: bool) -> Any:
    """One task: the group table of one pandas partition of a Dask DataFrame (as pandas)."""
    import pyarrow as pa

    duckdb = _import("duckdb")
    con = duckdb.connect()
    try:
        con.execute("SET threads = 1")
        rel = con.from_arrow(pa.Table.from_pandas(part, preserve_index=False))
        return run_duckdb(con, rel, spec, text).to_pandas()
    finally:
        con.close()


_COMBINE = (
    "SELECT region, activity, year, SUM(value) AS value, SUM(missing) AS missing, "
    "SUM(text) AS text, SUM(negative) AS negative, SUM(nonfinite) AS nonfinite, "
    "SUM(rows) AS rows FROM pieces GROUP BY ALL ORDER BY year, region, activity"
)


def aggregate(
    data: Any,
    *,
    client: Any = None,
    region: str = "region",
    activity: str = "activity",
    year: str = "year",
    value: str | None = "value",
    negatives: str | None = "error",
    sep: str | None = None,
    files_per_task: int | None = None,
) -> Panel:
    """:func:`yindi.aggregate` on a Dask cluster: the same Panel, the work spread over workers.

    Parameters
    ----------
    data : Parquet/CSV paths (a file, a list, a folder or a glob) or a ``dask.dataframe``
        The files are read by the workers (they must see the same paths, e.g. a shared disk
        or object store); a Dask DataFrame is summed partition by partition where it lives.
    client : dask.distributed.Client, optional
        Default: the current client (:func:`connect` makes one).
    files_per_task : int, optional
        Files each task reads. Default: the files spread over two tasks per worker thread.
        Each task returns the sums of every cell its files touch, and the client adds those
        tables, so fewer, larger tasks mean less to add (one file a task suits files of very
        different sizes).
    region, activity, year, value, negatives, sep
        As :func:`yindi.aggregate`.
    """
    check(negatives=negatives)
    spec = Spec(region, activity, year, value, negatives or "error")
    duckdb = _import("duckdb")
    pa = _import("pyarrow")
    dask_client = _client(client)
    con = duckdb.connect()
    try:
        if type(data).__module__.startswith("dask"):
            source = Source("table", table=None)
            columns = {c: str(t) for c, t in data.dtypes.items()}
            columns = {
                c: (
                    "VARCHAR"
                    if t in ("object", "string", "str") or t.startswith("string")
                    else "DOUBLE"
                    if t.startswith(("float", "int", "uint", "Int", "UInt", "Float"))
                    else t.upper()
                )
                for c, t in columns.items()
            }
            text = check_schema(columns, spec, source)
            import pandas as pd

            empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in data.dtypes.items()})
            meta = _groups_of_frame(empty, spec, text)
            pieces = pa.Table.from_pandas(
                data.map_partitions(_groups_of_frame, spec, text, meta=meta).compute(),
                preserve_index=False,
            )
            examples = None
        else:
            source = resolve_source(data, sep)
            if source.kind == "table":
                raise InputError(
                    "yindi.scale.aggregate takes files or a Dask DataFrame; for a table in "
                    "memory use yindi.aggregate (or dask.dataframe.from_pandas first)"
                )
            rel = duckdb_relation(con, source)
            text = check_schema(
                dict(zip(rel.columns, map(str, rel.types), strict=True)), spec, source
            )
            files = [str(f) for f in source.files]
            if files_per_task is None:
                threads = max(1, sum(dask_client.nthreads().values()))
                files_per_task = max(1, -(-len(files) // (2 * threads)))
            step = int(files_per_task)
            chunks = [files[i : i + step] for i in range(0, len(files), step)]
            futures = [
                dask_client.submit(_groups_of_files, source.kind, c, spec, text, sep, pure=False)
                for c in chunks
            ]
            pieces = pa.concat_tables(dask_client.gather(futures))
            examples = rel
        con.register("pieces", pieces)
        groups = con.sql(_COMBINE).arrow()
        groups = groups.read_all() if hasattr(groups, "read_all") else groups

        def quote(condition: str) -> list[dict[str, Any]]:
            if examples is None:
                return []
            examples.create_view("yindi_records", replace=True)
            return examples_duckdb(con, condition, spec, text)

        raise_problems(groups, spec, source, quote)
        return panel_from_groups(groups, spec, source, "dask + duckdb")
    finally:
        con.close()
