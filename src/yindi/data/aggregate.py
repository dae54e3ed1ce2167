"""Firm- or establishment-level records summed into a region x activity x year :class:`Panel`.

Microdata (a business register, a firm census, customs records) come as tens of millions of
rows, one per firm or plant and year: too many to load into pandas and group there. This
module hands the grouping to an engine that reads the files out of core, in parallel, and
returns only the region x activity x year sums:

- ``engine="duckdb"`` (default when installed) runs one SQL ``GROUP BY`` over the files;
- ``engine="polars"`` runs one streaming ``group_by``;
- :func:`yindi.scale.aggregate` runs the same on a Dask cluster, for data beyond one machine.

The checks are computed in the same pass (per group: records, missing values, text that is no
number, negative and non-finite values), so the data are read once; when one fails, a second
small query quotes up to five offending records with the file they came from. Every failure is
an :class:`~yindi.errors.InputError` naming the column or file and the fix. DuckDB and Polars
are optional: ``pip install "yindi[scale]"``.
"""

from __future__ import annotations

import difflib
import glob
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import check, choose
from yindi.data._aggregate_engines import (
    COUNTS,
    Source,
    Spec,
    duckdb_relation,
    examples_duckdb,
    examples_polars,
    polars_frame,
    run_duckdb,
    run_polars,
)
from yindi.data._cells import check_sums, parse_years
from yindi.data.panel import Panel
from yindi.errors import InputError

__all__ = [
    "ENGINES",
    "aggregate",
    "check_schema",
    "panel_from_groups",
    "raise_problems",
    "resolve_source",
]

ENGINES = ("auto", "duckdb", "polars")

_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz")
_NUMERIC = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
)


def _needs(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"yindi.aggregate(engine={module!r}) needs the {module} package: "
            'pip install "yindi[scale]"'
        ) from exc


def _files(path: str | Path) -> list[Path]:
    """One path, a folder (its Parquet/CSV files) or a glob, as a list of existing files."""
    text = str(path)
    if any(ch in text for ch in "*?["):
        found = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        if not found:
            raise InputError(f"no file matches {text!r}; check the pattern and the folder")
        return found
    p = Path(path)
    if p.is_dir():
        found = sorted(f for f in p.rglob("*") if f.is_file() and _kind(f) is not None)
        if not found:
            raise InputError(f"folder {p} holds no .parquet or .csv file; point at the files")
        return found
    if not p.exists():
        raise InputError(f"file {p} not found; check the path (it is read as {p.absolute()})")
    return [p]


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(_PARQUET):
        return "parquet"
    if name.endswith(_CSV):
        return "csv"
    return None


def _check_parquet(path: Path) -> None:
    """A Parquet file starts and ends with ``PAR1``; anything else is named here, not deep in
    an engine's traceback."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(4)
        f.seek(max(size - 4, 0))
        tail = f.read(4)
    if size < 12 or head != b"PAR1" or tail != b"PAR1":
        what = "empty" if size == 0 else "truncated" if head == b"PAR1" else "not a Parquet file"
        raise InputError(
            f"file {path} cannot be read: {what} (no PAR1 marker at "
            f"{'its end' if head == b'PAR1' else 'its start'}); re-export or re-copy it"
        )


def resolve_source(data: Any, sep: str | None = None) -> Source:
    """Paths (one, a list, a folder, a glob) or a pandas/polars/pyarrow table, as a Source."""
    if isinstance(data, str | Path) or (
        isinstance(data, list | tuple) and data and all(isinstance(d, str | Path) for d in data)
    ):
        paths = [data] if isinstance(data, str | Path) else list(data)
        files = [f for p in paths for f in _files(p)]
        kinds = {_kind(f) for f in files}
        if None in kinds:
            odd = next(f for f in files if _kind(f) is None)
            raise InputError(
                f"file {odd}: aggregate reads .parquet and .csv (.tsv, .txt, .gz) files; "
                "convert it or read it into a table first"
            )
        if len(kinds) > 1:
            raise InputError(
                "aggregate reads Parquet or CSV files in one call, not both; split them"
            )
        kind = kinds.pop()
        for f in files:
            if kind == "parquet":
                _check_parquet(f)
            elif f.stat().st_size == 0:
                raise InputError(f"file {f} is empty; re-export it")
        return Source(str(kind), tuple(files), sep=sep)
    import pyarrow as pa

    if isinstance(data, pd.DataFrame):
        return Source("table", table=pa.Table.from_pandas(data, preserve_index=False))
    if type(data).__module__.startswith("polars"):
        frame = data.collect() if type(data).__name__ == "LazyFrame" else data
        return Source("table", table=frame.to_arrow())
    if isinstance(data, pa.Table):
        return Source("table", table=data)
    raise InputError(
        f"aggregate takes Parquet/CSV paths (a file, a list, a folder or a glob) or a pandas, "
        f"polars or pyarrow table; got {type(data).__name__}"
    )


def check_schema(columns: dict[str, str], spec: Spec, source: Source) -> bool:
    """Raise for a missing or non-numeric column; return whether the value column is text."""
    for role, col in (
        ("region", spec.region),
        ("activity", spec.activity),
        ("year", spec.year),
        ("value", spec.value),
    ):
        if col is None or col in columns:
            continue
        names = [c for c in columns if c != "filename"]
        close = difflib.get_close_matches(col, names, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise InputError(
            f"{source.describe()}: column {col!r} (the {role}) not found; the records have "
            f"columns {names}.{hint} Pass {role}='<column name>' to map it."
        )
    if spec.value is None:
        return False
    kind = columns[spec.value].upper()
    if kind.startswith(("VARCHAR", "STRING", "UTF8", "LARGE_STRING")):
        return True
    if not kind.startswith(_NUMERIC):
        raise InputError(
            f"{source.describe()}: column {spec.value!r} (the value) holds {kind.lower()}, not "
            "numbers; pass value='<column>' for the amounts to sum (output, employment), or "
            "value=None to count the records"
        )
    return False


_PROBLEMS = {
    "key": "has records without a region, activity or year (empty or blank keys), e.g. {rows}; "
    "fill or drop them before aggregating",
    "missing": "has {n:,} missing value(s) in column {col!r}, e.g. {rows}; yindi never treats "
    "a gap as 0 — fill them or drop those records",
    "text": "has {n:,} value(s) in column {col!r} that are not numbers, e.g. {rows}; remove "
    "units, thousands separators or notes from those cells",
    "nonfinite": "has {n:,} infinite or NaN value(s) in column {col!r}, e.g. {rows}; fix or "
    "drop them",
    "negative": "has {n:,} negative value(s) in column {col!r}, e.g. {rows}; amounts (output, "
    "employment) must be >= 0. If they are real (value added of loss-making firms), pass "
    "negatives='positive_part' to count each record's negative amount as 0",
}


def aggregate(
    data: Any,
    *,
    region: str = "region",
    activity: str = "activity",
    year: str = "year",
    value: str | None = "value",
    engine: str = "auto",
    negatives: str | None = "error",
    sep: str | None = None,
    memory_limit: str | None = None,
    threads: int | None = None,
) -> Panel:
    """Sum firm-level records into a region x activity x year :class:`Panel`.

    .. math:: x_{rpt} = \\sum_{f:\\, r(f)=r,\\ p(f)=p,\\ t(f)=t} v_f

    Parameters
    ----------
    data : path, list of paths, folder, glob, or a pandas/polars/pyarrow table
        Parquet (``.parquet``, ``.pq``) or CSV (``.csv``, ``.tsv``, ``.txt``, ``.gz``) files,
        one record per firm (establishment, plant) and year.
    region, activity, year : str
        Columns holding each record's region, activity (sector, product) and year.
    value : str or None
        Column to sum (output, employment, exports). None counts the records (firm counts).
    engine : {"auto", "duckdb", "polars"}
        ``auto`` is DuckDB if installed, else Polars (``pip install "yindi[scale]"``).
    negatives : {"error", "positive_part"}
        A negative record is an error, or counts as 0 (``max(v, 0)`` per record, before
        summing).
    sep : str, optional
        CSV delimiter (default ``,``).
    memory_limit, threads : optional
        DuckDB's memory cap (e.g. ``"4GB"``; it spills to disk beyond it) and thread count.

    Returns
    -------
    Panel
        Sorted by year, region, activity; keys as written (stripped), years as whole numbers;
        ``notes`` say how many records were summed into how many cells.

    Raises
    ------
    InputError
        A missing file or column, an unreadable file, keys left empty, years that are not
        whole years, missing, non-numeric, infinite or (by default) negative values — each
        naming the column or file, quoting records, and saying what to do.
    """
    choose("engine", engine, ENGINES)
    check(negatives=negatives)
    spec = Spec(region, activity, year, value, negatives or "error")
    source = resolve_source(data, sep)
    use = engine
    if engine == "auto":
        try:
            import duckdb  # noqa: F401

            use = "duckdb"
        except ImportError:
            use = "polars"
    if use == "duckdb":
        groups = _with_duckdb(source, spec, memory_limit, threads)
    else:
        groups = _with_polars(source, spec)
    return panel_from_groups(groups, spec, source, use)


def _with_duckdb(source: Source, spec: Spec, memory_limit: str | None, threads: int | None) -> Any:
    duckdb = _needs("duckdb")
    con = duckdb.connect()
    try:
        if memory_limit is not None:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        try:
            rel = duckdb_relation(con, source)
            columns = dict(zip(rel.columns, map(str, rel.types), strict=True))
        except duckdb.Error as exc:
            raise InputError(f"{source.describe()} cannot be read: {exc}") from exc
        text = check_schema(columns, spec, source)
        try:
            groups = run_duckdb(con, rel, spec, text)
        except duckdb.Error as exc:
            raise InputError(f"{source.describe()}: reading the records failed: {exc}") from exc
        raise_problems(groups, spec, source, lambda c: examples_duckdb(con, c, spec, text))
        return groups
    finally:
        con.close()


def _with_polars(source: Source, spec: Spec) -> Any:
    pl = _needs("polars")
    frame = polars_frame(source)
    try:
        schema = frame.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"{source.describe()} cannot be read: {exc}") from exc
    columns = {name: str(dtype) for name, dtype in schema.items()}
    columns = {k: ("VARCHAR" if v in ("String", "Utf8") else v.upper()) for k, v in columns.items()}
    columns = {
        k: ("DOUBLE" if v.startswith(("FLOAT", "INT", "UINT", "DECIMAL")) else v)
        for k, v in columns.items()
    }
    text = check_schema(columns, spec, source)
    try:
        groups = run_polars(frame, spec, text)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"{source.describe()}: reading the records failed: {exc}") from exc
    raise_problems(groups, spec, source, lambda c: examples_polars(frame, c, spec, text))
    return groups


def _quote(records: list[dict[str, Any]], spec: Spec) -> str:
    cols = [c for c in (spec.region, spec.activity, spec.year, spec.value) if c]
    shown = []
    for rec in records:
        cells = ", ".join(f"{c} {rec.get(c)!r}" for c in cols)
        where = f" in {rec['filename']}" if rec.get("filename") else ""
        shown.append(f"({cells}){where}")
    return "; ".join(shown) or "(no example found)"


def raise_problems(groups: Any, spec: Spec, source: Source, examples: Any) -> None:
    """Raise the first failed check (keys, missing, text, non-finite, negative) with examples."""
    import pyarrow.compute as pc

    blank = pc.or_(
        pc.or_(pc.is_null(groups["region"]), pc.equal(groups["region"], "")),
        pc.or_(
            pc.or_(pc.is_null(groups["activity"]), pc.equal(groups["activity"], "")),
            pc.or_(pc.is_null(groups["year"]), pc.equal(groups["year"], "")),
        ),
    )
    counts = {"key": int(pc.sum(pc.cast(pc.fill_null(blank, True), "int64")).as_py() or 0)}
    for name in COUNTS[1:]:
        counts[name] = int(pc.sum(groups[name]).as_py() or 0)
    for name in ("key", "missing", "text", "nonfinite", "negative"):
        if counts[name] and not (name == "negative" and spec.negatives == "positive_part"):
            rows = _quote(examples(name), spec)
            message = _PROBLEMS[name].format(col=spec.value, rows=rows, n=counts[name])
            raise InputError(f"{source.describe()} {message}")


def panel_from_groups(groups: Any, spec: Spec, source: Source, engine: str) -> Panel:
    """The Panel of the summed groups (an Arrow table: region, activity, year, value, counts)."""
    years_text = groups["year"].to_pandas()

    def quote(mask: np.ndarray) -> str:
        return ", ".join(repr(v) for v in sorted(set(years_text[mask]))[:5])

    years, _ = parse_years(years_text, spec.year, source.describe(), quote)
    frame = pd.DataFrame(
        {
            "region": _categorical(groups["region"]),
            "activity": _categorical(groups["activity"]),
            "year": years,
            "value": groups["value"].to_numpy().astype(float, copy=False),
        }
    )
    if not (np.diff(years) >= 0).all():  # text order is year order for four-digit years only
        frame = frame.sort_values(["year", "region", "activity"], kind="stable", ignore_index=True)
    for role in ("region", "activity"):
        n = len(frame[role].cat.categories)
        if n < 2:
            raise InputError(
                f"{source.describe()}: only {n} distinct {role} in column "
                f"{getattr(spec, role)!r}; complexity compares at least two — check the mapping"
            )
    check_sums(frame, spec.value or "records", source.describe())
    records = int(np.asarray(groups["rows"]).sum())
    what = f"sums of {spec.value!r}" if spec.value else "record counts"
    note = (
        f"aggregated {records:,} records from {source.describe()} into {len(frame):,} region x "
        f"activity x year cells ({what}, {engine})"
    )
    return Panel(frame=frame, source=source.describe(), notes=(note,))


def _categorical(column: Any) -> pd.Categorical:
    """Arrow strings as a Categorical with sorted categories (the Panel's key convention)."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column).combine_chunks()
    labels = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
    order = np.argsort(labels, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    codes = rank[np.asarray(encoded.indices)]
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels[order], dtype=object))
