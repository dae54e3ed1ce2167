"""The engines behind :func:`yindi.data.aggregate`: DuckDB and Polars, both out of core.

Each engine reads the records lazily, groups them by (region, activity, year) and returns one
Arrow table of the groups with the sum and the counts the checks need (rows, missing values,
text that is no number, negative and non-finite values), so the data are read once. Only when
a check fails is a second, small query run to quote the offending records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "Spec",
    "Source",
    "COUNTS",
    "run_duckdb",
    "run_polars",
    "examples_duckdb",
    "examples_polars",
]

#: The per-group counts every engine returns besides region, activity, year (as text) and value.
COUNTS = ("rows", "missing", "text", "negative", "nonfinite")


@dataclass(frozen=True)
class Spec:
    """Which columns hold the keys and the value, and what to do with negative values."""

    region: str
    activity: str
    year: str
    value: str | None  # None: count the records
    negatives: str


@dataclass(frozen=True)
class Source:
    """Files of one kind (``parquet`` or ``csv``), or an in-memory table (``kind="table"``)."""

    kind: str
    files: tuple[Path, ...] = ()
    table: Any = None  # a pyarrow Table when kind == "table"
    sep: str | None = None

    def describe(self) -> str:
        if self.kind == "table":
            return "the table given"
        shown = ", ".join(str(f) for f in self.files[:3])
        more = f" and {len(self.files) - 3} more" if len(self.files) > 3 else ""
        return f"{shown}{more}"


# --- DuckDB -----------------------------------------------------------------------------------


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def duckdb_relation(con: Any, source: Source) -> Any:
    """The records as a DuckDB relation (lazy; nothing is read yet)."""
    if source.kind == "table":
        return con.from_arrow(source.table)
    files = [str(f) for f in source.files]
    if source.kind == "parquet":
        return con.read_parquet(files, filename=True)
    # Every CSV cell as text: a bad cell far down the file is then a counted, quoted problem,
    # not a sniffer's guess that fails halfway through.
    options: dict[str, Any] = {"all_varchar": True, "filename": True, "header": True}
    if source.sep is not None:
        options["sep"] = source.sep
    return con.read_csv(files, **options)


def _arrow(relation: Any) -> Any:
    """A relation's result as a pyarrow Table (DuckDB 2 hands out a batch reader)."""
    out = relation.arrow()
    return out.read_all() if hasattr(out, "read_all") else out


def _duckdb_number(col: str, text: bool) -> str:
    return f"TRY_CAST(TRIM({_q(col)}) AS DOUBLE)" if text else f"CAST({_q(col)} AS DOUBLE)"


def run_duckdb(con: Any, rel: Any, spec: Spec, value_is_text: bool) -> Any:
    """One pass: the groups with their sums and check counts, as an Arrow table."""
    key = (
        f"TRIM(CAST({_q(spec.region)} AS VARCHAR)) AS region, "
        f"TRIM(CAST({_q(spec.activity)} AS VARCHAR)) AS activity, "
        f"TRIM(CAST({_q(spec.year)} AS VARCHAR)) AS year"
    )
    if spec.value is None:
        sums = "CAST(COUNT(*) AS DOUBLE) AS value, 0 AS missing, 0 AS text, 0 AS negative, 0 AS nonfinite"
    else:
        raw, num = _q(spec.value), _duckdb_number(spec.value, value_is_text)
        summed = f"GREATEST({num}, 0)" if spec.negatives == "positive_part" else num
        sums = (
            f"SUM({summed}) AS value, COUNT(*) - COUNT({raw}) AS missing, "
            f"COUNT_IF({raw} IS NOT NULL AND {num} IS NULL) AS text, "
            f"COUNT_IF({num} < 0) AS negative, COUNT_IF(NOT isfinite({num})) AS nonfinite"
        )
    rel.create_view("yindi_records", replace=True)
    sql = (
        f"SELECT {key}, {sums}, COUNT(*) AS rows FROM yindi_records "
        "GROUP BY ALL ORDER BY year, region, activity"
    )
    return _arrow(con.sql(sql))


def examples_duckdb(
    con: Any, condition: str, spec: Spec, value_is_text: bool
) -> list[dict[str, Any]]:
    """Up to five records meeting ``condition`` (a check's name), with their file if known."""
    num = _duckdb_number(spec.value, value_is_text) if spec.value else "NULL"
    raw = _q(spec.value) if spec.value else "NULL"
    where = {
        "missing": f"{raw} IS NULL",
        "text": f"{raw} IS NOT NULL AND {num} IS NULL",
        "negative": f"{num} < 0",
        "nonfinite": f"NOT isfinite({num})",
        "key": " OR ".join(
            f"{_q(c)} IS NULL OR TRIM(CAST({_q(c)} AS VARCHAR)) = ''"
            for c in (spec.region, spec.activity, spec.year)
        ),
    }[condition]
    return _arrow(con.sql(f"SELECT * FROM yindi_records WHERE {where} LIMIT 5")).to_pylist()


# --- Polars -----------------------------------------------------------------------------------


def polars_frame(source: Source) -> Any:
    """The records as a Polars LazyFrame (nothing is read yet)."""
    import polars as pl

    if source.kind == "table":
        return pl.DataFrame(source.table).lazy()
    files = [str(f) for f in source.files]
    if source.kind == "parquet":
        return pl.scan_parquet(files, include_file_paths="filename")
    return pl.scan_csv(
        files,
        infer_schema=False,  # every cell as text, as the DuckDB engine reads CSV
        separator=source.sep or ",",
        include_file_paths="filename",
    )


def _polars_number(col: str, text: bool) -> Any:
    import polars as pl

    if text:
        return pl.col(col).str.strip_chars().cast(pl.Float64, strict=False)
    return pl.col(col).cast(pl.Float64)


def run_polars(frame: Any, spec: Spec, value_is_text: bool) -> Any:
    """One streaming pass: the groups with their sums and check counts, as an Arrow table."""
    import polars as pl

    keys = [
        pl.col(c).cast(pl.String).str.strip_chars().alias(role)
        for role, c in (("region", spec.region), ("activity", spec.activity), ("year", spec.year))
    ]
    if spec.value is None:
        aggs = [pl.len().cast(pl.Float64).alias("value")] + [
            pl.lit(0, pl.UInt32).alias(c) for c in COUNTS[1:]
        ]
    else:
        raw, num = pl.col(spec.value), _polars_number(spec.value, value_is_text)
        summed = num.clip(lower_bound=0.0) if spec.negatives == "positive_part" else num
        aggs = [
            summed.sum().alias("value"),
            raw.null_count().alias("missing"),
            (raw.is_not_null() & num.is_null()).sum().alias("text"),
            (num < 0).sum().alias("negative"),
            (~num.is_finite()).sum().alias("nonfinite"),
        ]
    query = frame.group_by(keys).agg([*aggs, pl.len().alias("rows")])
    query = query.sort(["year", "region", "activity"])
    try:
        out = query.collect(engine="streaming")
    except (TypeError, ValueError):  # Polars before 1.25 names it differently
        out = query.collect(streaming=True)
    return out.to_arrow()


def examples_polars(
    frame: Any, condition: str, spec: Spec, value_is_text: bool
) -> list[dict[str, Any]]:
    """Up to five records meeting ``condition`` (a check's name), with their file if known."""
    import polars as pl

    raw = pl.col(spec.value) if spec.value else pl.lit(None)
    num = _polars_number(spec.value, value_is_text) if spec.value else pl.lit(None)
    blank = [
        pl.col(c).is_null() | (pl.col(c).cast(pl.String).str.strip_chars() == "")
        for c in (spec.region, spec.activity, spec.year)
    ]
    where = {
        "missing": raw.is_null(),
        "text": raw.is_not_null() & num.is_null(),
        "negative": num < 0,
        "nonfinite": ~num.is_finite(),
        "key": blank[0] | blank[1] | blank[2],
    }[condition]
    return frame.filter(where).head(5).collect().to_dicts()
