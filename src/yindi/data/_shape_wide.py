"""Wide region x activity tables melted into the long ``region, activity, year, value`` form.

Yearbooks print one row per region and one column per sector. ``melt_wide`` turns every
(row, sector column) cell into one long row, keeping the row's line number so that a later error
can still say "line 7". Column names ``"2017|农业"`` (a two-row header joined by the reader) give
the year 2017 and the activity 农业.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from yindi.errors import InputError

__all__ = ["melt_wide", "year_like"]

_YEAR = re.compile(r"^\s*((?:18|19|20|21)\d\d)\s*(?:年|\.0)?\s*$")


def year_like(name: Any) -> int | None:
    """The year a column name stands for ("2017", 2017, "2017年"), else None."""
    if isinstance(name, bool):
        return None
    match = _YEAR.match(str(name))
    return int(match.group(1)) if match else None


def _split_year(name: str) -> tuple[int | None, str]:
    top, sep, bottom = name.partition("|")
    year = year_like(top) if sep else None
    return (year, bottom) if year is not None else (None, name)


def melt_wide(
    frame: pd.DataFrame,
    *,
    region: str | None = None,
    year: str | None = None,
    year_value: int | None = None,
) -> pd.DataFrame:
    """Melt a region x activity table into long rows ``region, activity, year, value``.

    Every column other than the region (and year) column is an activity; each cell becomes one
    row with the column name as ``activity`` and the cell as ``value``. Empty cells stay as
    missing values (they are not zero; the validator reports them with their line).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per region (per year), one column per activity. ``attrs["lines"]``, when set,
        gives each row's line in the file; the melted rows carry the line of their source row.
    region : str, optional
        The column with region names; default the first column.
    year : str, optional
        A column with the year of each row (a panel of several years stacked).
    year_value : int, optional
        The year of the whole table when there is no year column (e.g. ``2017``). Columns named
        ``"2017|农业"`` (a joined two-row header) carry their own year and need neither.

    Returns
    -------
    pandas.DataFrame
        Columns ``region, activity, year, value`` in row-major order (region rows in file
        order, activities in column order), with ``attrs`` copied and ``attrs["lines"]`` per
        long row, and ``attrs["wide"]`` recording the region, year and activity columns.

    Raises
    ------
    InputError
        Unknown region/year column, no activity column, or no year at all. Columns that are all
        years (the NBS layout: one activity, years across) are recognised and refused, since the
        activity name is not in the table.
    """
    where = str(frame.attrs.get("source", "table"))
    columns = [str(c) for c in frame.columns]
    frame = frame.set_axis(columns, axis=1)
    region = columns[0] if region is None else region
    for role, name in (("region", region), ("year", year)):
        if name is not None and name not in columns:
            raise InputError(
                f"{where}: wide table has no column {name!r} for the {role}; it has {columns}; "
                f"pass wide_{role}='<column name>'"
            )
    if year is not None and year_value is not None:
        raise InputError(f"{where}: give either a year column or a year value, not both")
    activities = [c for c in columns if c not in (region, year)]
    if not activities:
        raise InputError(f"{where}: wide table has no activity columns besides {region!r}")
    split = [_split_year(c) for c in activities]
    if all(year_like(c) is not None for c in activities):
        raise InputError(
            f"{where}: the columns {activities[:4]} are years: one activity over years (the NBS "
            "layout), not a region x activity table; yindi does not melt it because the "
            "activity is not in the table: reshape it to region, activity, year, value "
            "(e.g. pandas.melt) and add the activity name"
        )
    own_years = all(y is not None for y, _ in split)
    if year is None and year_value is None and not own_years:
        raise InputError(
            f"{where}: wide table without a year: pass wide_year=2017 (the year of the table) "
            "or wide_year='<column name>' (a column holding each row's year)"
        )
    n, k = len(frame), len(activities)
    cells = pd.Series(frame[activities].to_numpy(dtype=object).ravel(), dtype=object)
    numbers = pd.to_numeric(cells, errors="coerce")
    # Text in a value cell ("—", "1,5") is kept as text so the validator names it and its line.
    values = cells if (cells.notna() & numbers.isna()).any() else numbers
    out = pd.DataFrame(
        {
            "region": np.repeat(frame[region].to_numpy(dtype=object), k),
            "activity": np.tile(np.array([a for _, a in split], dtype=object), n),
            "value": values.to_numpy(),
        }
    )
    if own_years and year is None and year_value is None:
        years: Any = np.tile(np.array([y for y, _ in split], dtype=np.int64), n)
    elif year is not None:
        years = np.repeat(frame[year].to_numpy(dtype=object), k)
    else:
        years = np.full(n * k, year_value, dtype=np.int64)
    out.insert(2, "year", years)
    out.attrs = dict(frame.attrs)
    lines = frame.attrs.get("lines")
    if lines is not None and len(lines) == n:
        out.attrs["lines"] = [int(v) for v in np.repeat(np.asarray(lines, dtype=np.int64), k)]
    out.attrs["wide"] = {"region": region, "year": year, "activities": activities}
    return out
