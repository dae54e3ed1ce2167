"""The policy design: an outcome panel and a treatment table, checked and joined.

:func:`policy_design` turns ``panel`` (``region, year, <outcome>``) and ``treatment``
(``region, start[, intensity]``) into one balanced frame per outcome, with each region's first
treated year ``g`` (0: not treated within the panel). Everything the estimators need to hold
is checked here, once, with messages that name the table, the column and the fix:

- unknown regions in the treatment table, duplicate rows, starts that are not years or dates;
- a start at or before the panel's first year (no year before treatment to compare with);
- a start after the panel's last year (``after_panel='error'``, the default) or, with
  ``after_panel='control'``, the region counted as not yet treated throughout;
- no region left untreated throughout the panel (no comparison group);
- regions with gaps in the outcome are dropped (the estimators need a balanced panel), with a
  :class:`~yindi.errors.DroppedWarning` naming them.
"""

from __future__ import annotations

import difflib
import re
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import StrOptions, register
from yindi.data.validate import check_columns, to_pandas
from yindi.errors import DroppedWarning, InputError

__all__ = ["Design", "policy_design", "start_years"]

register("date_rule", StrOptions(("midyear", "calendar_year")))
register("after_panel", StrOptions(("error", "control")))

_DATE = re.compile(r"^\s*(?P<year>\d{4})(?:[-/.](?P<month>\d{1,2})(?:[-/.]\d{1,2})?)?\s*$")


@dataclass(frozen=True)
class Design:
    """One outcome's balanced panel with treatment timing.

    ``frame``: region, year, y, g (first treated year, 0 if untreated in the window),
    intensity (0 for untreated regions), treated (year >= g > 0), event (year - g, NaN for
    untreated regions). ``cohorts``: one row per region of the treatment table with its
    start year and status. ``notes``: what was changed and why.
    """

    outcome: str
    frame: pd.DataFrame
    cohorts: pd.DataFrame
    years: tuple[int, ...]
    notes: tuple[str, ...]

    @property
    def treated_regions(self) -> list[str]:
        return sorted(set(self.frame.loc[self.frame["g"] > 0, "region"]))

    @property
    def control_regions(self) -> list[str]:
        return sorted(set(self.frame.loc[self.frame["g"] == 0, "region"]))


def start_years(values: pd.Series, *, rule: str, column: str, what: str) -> np.ndarray:
    """Years of first treatment from years (``2016``) or dates (``2016-10-08``, ``2016-02``).

    ``rule='midyear'`` counts a date after 30 June from the next year (a zone approved in
    October 2016 is first treated in 2017, as many annual policy evaluations code it);
    ``'calendar_year'`` keeps the date's year. A plain year is kept as it is.
    """
    out = np.empty(len(values), dtype=np.int64)
    bad: list[str] = []
    for pos, cell in enumerate(values.tolist()):
        if isinstance(cell, (int, np.integer)) and not isinstance(cell, bool):
            out[pos] = int(cell)
            continue
        if isinstance(cell, float) and np.isfinite(cell) and cell == int(cell):
            out[pos] = int(cell)
            continue
        match = _DATE.match(str(cell)) if isinstance(cell, str) else None
        if match is None:
            bad.append(f"row {pos}: {cell!r}")
            continue
        year, month = int(match["year"]), match["month"]
        late = month is not None and int(month) > 6 and rule == "midyear"
        out[pos] = year + int(late)
    if bad:
        raise InputError(
            f"{what}: column {column!r} must hold a year (2016) or a date (2016-10-08, 2016-10); "
            f"cannot read {', '.join(bad[:5])}"
        )
    return out


def _close(name: str, known: list[str]) -> str:
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _panel(
    panel: Any, outcome: str, region: str, year: str, what: str
) -> tuple[pd.DataFrame, list[str]]:
    frame = to_pandas(panel, what=what)
    check_columns(
        frame,
        {"region": region, "year": year, "outcome": outcome},
        what=what,
        fix=f"name the columns with region=, year= and outcomes= (the panel has {list(frame.columns)[:12]})",
    )
    out = pd.DataFrame(
        {
            "region": frame[region].astype(str).str.strip().to_numpy(),
            "year": pd.to_numeric(frame[year], errors="coerce").to_numpy(),
            "y": pd.to_numeric(frame[outcome], errors="coerce").to_numpy(dtype=float),
        }
    )
    bad_year = ~np.isfinite(out["year"].to_numpy(dtype=float)) | (out["year"] % 1 != 0)
    if bad_year.any():
        rows = np.flatnonzero(bad_year)[:5].tolist()
        raise InputError(f"{what}: column {year!r} must hold whole years; bad at rows {rows}")
    out["year"] = out["year"].astype(np.int64)
    text = frame[outcome].notna().to_numpy() & out["y"].isna().to_numpy()
    if text.any():
        rows = np.flatnonzero(text)[:5].tolist()
        raise InputError(
            f"{what}: column {outcome!r} must be numeric; cannot read rows {rows} "
            f"({frame[outcome].iloc[rows[0]]!r})"
        )
    if not np.isfinite(out["y"].dropna().to_numpy()).all():
        raise InputError(f"{what}: column {outcome!r} holds infinite values; fix or remove them")
    dup = out.duplicated(["region", "year"], keep=False).to_numpy()
    if dup.any():
        first = out[dup].iloc[0]
        raise InputError(
            f"{what}: {int(dup.sum())} rows repeat a (region, year) pair, e.g. "
            f"{first['region']} {first['year']}; keep one row per region and year"
        )
    out = out.dropna(subset=["y"])
    if out.empty:
        raise InputError(f"{what}: column {outcome!r} has no values")
    years = sorted(set(out["year"]))
    counts = out.groupby("region")["year"].nunique()
    gaps = sorted(counts.index[counts < len(years)])
    if gaps:
        warnings.warn(
            f"{what}: {outcome!r} is not observed in every year {years[0]}-{years[-1]} for "
            f"{len(gaps)} region(s), dropped from this outcome's estimates: {gaps[:10]}",
            DroppedWarning,
            stacklevel=3,
        )
        out = out[~out["region"].isin(gaps)]
    return out.sort_values(["region", "year"], kind="mergesort").reset_index(drop=True), gaps


def _treatment(
    treatment: Any, region: str, start: str, intensity: str | None, rule: str, what: str
) -> pd.DataFrame:
    frame = to_pandas(treatment, what=what)
    if frame.shape[0] == 0:
        raise InputError(f"{what}: the treatment table is empty; give one row per treated region")
    roles = {"region": region, "start": start} | ({"intensity": intensity} if intensity else {})
    check_columns(
        frame,
        roles,
        what=what,
        fix="name the columns with treatment_region=, start= and intensity=",
    )
    out = pd.DataFrame({"region": frame[region].astype(str).str.strip().to_numpy()})
    out["start_year"] = start_years(frame[start], rule=rule, column=start, what=what)
    out["start"] = frame[start].astype(str).to_numpy()
    if intensity:
        dose = pd.to_numeric(frame[intensity], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(dose) | (dose <= 0) | (dose > 1)
        if bad.any():
            rows = np.flatnonzero(bad)[:5].tolist()
            raise InputError(
                f"{what}: column {intensity!r} must be a share in (0, 1] (1 = the whole "
                f"region treated); bad at rows {rows}"
            )
        out["intensity"] = dose
    else:
        out["intensity"] = 1.0
    dup = out["region"].duplicated(keep=False).to_numpy()
    if dup.any():
        raise InputError(
            f"{what}: region {out.loc[dup, 'region'].iloc[0]!r} appears {int(dup.sum())} "
            "times; give each region one row with its first treatment (later extensions are "
            "not new treatments)"
        )
    return out


def policy_design(
    panel: Any,
    treatment: Any,
    outcome: str,
    *,
    region: str = "region",
    year: str = "year",
    treatment_region: str = "region",
    start: str = "start",
    intensity: str | None = None,
    date_rule: str = "midyear",
    after_panel: str = "error",
    anticipation: int = 0,
    what_panel: str = "panel",
    what_treatment: str = "treatment",
) -> Design:
    """Join one outcome of ``panel`` with ``treatment`` (see the module docstring)."""
    data, dropped = _panel(panel, outcome, region, year, what_panel)
    table = _treatment(treatment, treatment_region, start, intensity, date_rule, what_treatment)
    regions = sorted(set(data["region"]))
    known = regions + dropped
    unknown = [r for r in table["region"] if r not in known]
    if unknown:
        hint = _close(unknown[0], known)
        raise InputError(
            f"{what_treatment}: region {unknown[0]!r}{hint} in column {treatment_region!r} is "
            f"not in the panel {what_panel} ({len(unknown)} unknown: {unknown[:8]}); spell "
            "regions as the panel does, or remove the rows"
        )
    table = table[table["region"].isin(regions)].reset_index(drop=True)
    years = sorted(set(data["year"]))
    first, last = years[0], years[-1]
    notes: list[str] = []
    if dropped:
        notes.append(f"{outcome}: regions with gaps left out: {', '.join(dropped)}")
    early = table[table["start_year"] - anticipation <= first]
    if len(early):
        row = early.iloc[0]
        raise InputError(
            f"{what_treatment}: {row['region']} starts in {row['start_year']} (column "
            f"{start!r}: {row['start']!r}), but {outcome!r} in {what_panel} begins in {first}"
            + (f" and anticipation={anticipation}" if anticipation else "")
            + ": there is no year before treatment to compare with; use a panel that starts "
            f"before {row['start_year'] - anticipation}, or drop the row "
            f"({len(early)} such region(s): {list(early['region'])[:8]})"
        )
    late = table[table["start_year"] > last]
    if len(late):
        if after_panel == "error":
            row = late.iloc[0]
            raise InputError(
                f"{what_treatment}: {row['region']} starts in {row['start_year']} (column "
                f"{start!r}: {row['start']!r}), after the last year {last} of {outcome!r}: "
                "it is never treated within the panel; drop the row, extend the panel, or "
                "pass after_panel='control' to count it as not yet treated "
                f"({len(late)} such region(s): {list(late['region'])[:8]})"
            )
        notes.append(
            f"{outcome}: treated after {last}, counted as not yet treated: "
            + ", ".join(
                f"{r} ({y})" for r, y in zip(late["region"], late["start_year"], strict=True)
            )
        )
        table = table[table["start_year"] <= last]
    if table.empty:
        raise InputError(
            f"{what_treatment}: no region is treated within {first}-{last} for {outcome!r}; "
            "check the start years against the panel's years"
        )
    g = dict(zip(table["region"], table["start_year"], strict=True))
    dose = dict(zip(table["region"], table["intensity"], strict=True))
    never = [r for r in regions if r not in g]
    if not never:
        raise InputError(
            f"{what_treatment}: every region of {what_panel} is treated by {last}, so no region "
            f"is untreated throughout {first}-{last} to compare with; add untreated regions to "
            f"the panel, or end the panel before {max(g.values())} (the last cohort's start)"
        )
    frame = data.assign(
        g=data["region"].map(g).fillna(0).astype(np.int64),
        intensity=data["region"].map(dose).fillna(0.0).astype(float),
    )
    frame["treated"] = (frame["g"] > 0) & (frame["year"] >= frame["g"])
    frame["event"] = np.where(frame["g"] > 0, frame["year"] - frame["g"], np.nan)
    cohorts = table.assign(
        pre_periods=[sum(y < s - anticipation for y in years) for s in table["start_year"]],
        post_periods=[sum(y >= s for y in years) for s in table["start_year"]],
    )
    return Design(
        outcome=outcome,
        frame=frame.reset_index(drop=True),
        cohorts=cohorts.sort_values(["start_year", "region"], kind="mergesort").reset_index(
            drop=True
        ),
        years=tuple(int(y) for y in years),
        notes=tuple(notes),
    )
