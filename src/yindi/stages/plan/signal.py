"""Which complexity the plan uses: the network's own, or the external reference.

The diagnosis computes complexity on the region x activity network itself (Growth Lab's
eigenvector ECI/PCI, Stata-canonical). On a small or coarse network (31 provinces x 41 sectors)
that ranking can flip between years or fall as income rises (``DiagnoseResult.reliability``).
The external reference (:mod:`yindi.measures.reference`) takes activity complexity from world
trade (785 products x 126 countries) and makes a region's complexity the value-weighted mean of
its activities', over the activities the reference covers.

``complexity="auto"`` (default) keeps the network's complexity where its plan year passes every
check (stable from year to year, narrow resampling intervals, rising with income per head) and
otherwise takes the reference when the dataset's classification has one and the reference
passes its own checks; when neither passes it keeps the network's and says so. ``"network"`` and
``"reference"`` force a source.

With the reference, the plan's diagnosis is rebuilt on it: ``pci`` (reference activity
complexity, NaN where the reference has none), ``eci`` (the region mean, z-scored across regions
like ECI), and ``coi`` and ``cog`` recomputed from the same density and proximity with the
reference complexity (Stata's ``coicog`` formulas, :mod:`yindi.measures.outlook`; activities
without a reference add nothing). The network's own values stay in ``eci_network``,
``coi_network``, ``pci_network`` and ``cog_network``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib.resources import files
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import StrOptions, register
from yindi.errors import InputError
from yindi.measures import (
    complexity_outlook_gain,
    complexity_outlook_index,
    region_reference_complexity,
    stability,
)
from yindi.stages.diagnose import income_for

__all__ = ["COMPLEXITY_SOURCES", "REFERENCE_TABLE", "Signal", "choose_signal", "reference_table"]

COMPLEXITY_SOURCES = ("auto", "network", "reference")
register("complexity", StrOptions(COMPLEXITY_SOURCES))

#: The shipped reference activity complexity (``scripts/build_reference_complexity.py``).
REFERENCE_TABLE = files("yindi.datasets") / "reference" / "activity_complexity.csv"


@dataclass(frozen=True)
class Signal:
    """The complexity the plan used: ``source`` ("network" or "reference"), ``why`` (words),
    the rebuilt ``diagnosis``, the ``activity_complexity`` table (activity, complexity,
    source, year) and the ``reliability`` of both sources (one row per source and year)."""

    source: str
    why: str
    diagnosis: Any
    activity_complexity: pd.DataFrame
    reliability: pd.DataFrame


def reference_table(classification: str | None) -> pd.DataFrame | None:
    """The reference rows of one classification (``china_io_41``, ``nace_r2_division``)."""
    if classification is None:
        return None
    with REFERENCE_TABLE.open("rb") as handle:
        table = pd.read_csv(handle, dtype={"activity": str, "year": str})
    part = table[table["classification"] == classification]
    return part.reset_index(drop=True) if len(part) else None


def _zscore(values: pd.Series) -> pd.Series:
    sd = values.std(ddof=1)
    return (values - values.mean()) / sd if sd > 0 else values * np.nan


def _reference_region(diagnosis: Any, complexity: pd.Series) -> pd.DataFrame:
    """Region reference complexity and coverage for every year of the diagnosis."""
    ra = diagnosis.region_activity.astype({"region": str, "activity": str})
    shares = ra[["region", "year", "activity"]].assign(value=ra["value"].clip(lower=0))
    out = region_reference_complexity(shares, complexity).reset_index()
    out["eci"] = out.groupby("year")["complexity"].transform(_zscore)
    return out


def _reference_reliability(region: pd.DataFrame, income: pd.DataFrame | None) -> pd.DataFrame:
    pairs = stability.year_rank_correlation(region, key="region", year="year", value="eci")
    previous = pairs.set_index("year_to")
    rows = []
    for year, part in region.groupby("year"):
        this = part.set_index("region")["eci"]
        pair = previous.loc[year] if year in previous.index else None
        inc = income_for(income, int(year))
        rho = stability.face_validity(this, inc) if inc is not None else (np.nan, 0)
        rel = stability.Reliability(
            year_spearman=np.nan if pair is None else float(pair["spearman"]),
            income_spearman=float(rho[0]),
            income_n=int(rho[1]),
            n=int(this.notna().sum()),
            years=None if pair is None else (int(pair["year_from"]), int(year)),
        )
        rows.append(
            {
                "source": "reference",
                "year": int(year),
                "compared_with": None if pair is None else int(pair["year_from"]),
                "eci_spearman": rel.year_spearman,
                "rank_width": np.nan,
                "eigengap": np.nan,
                "income_spearman": rel.income_spearman,
                "income_regions": rel.income_n,
                "coverage": float(part["coverage"].median()),
                "stable": rel.stable,
                "valid": rel.valid,
                "warnings": "; ".join(rel.warnings()),
            }
        )
    return pd.DataFrame(rows).astype({"compared_with": "Int64"})


def _rebuilt(diagnosis: Any, year: int, complexity: pd.Series, region: pd.DataFrame) -> Any:
    """The diagnosis with pci, eci, coi and cog of ``year`` taken from the reference."""
    ra = diagnosis.region_activity
    ra = ra.assign(pci_network=ra["pci"], cog_network=ra["cog"])
    part = ra[ra["year"] == year].astype({"region": str, "activity": str})
    m = part.pivot(index="region", columns="activity", values="mcp").astype(float)
    density = part.pivot(index="region", columns="activity", values="density")
    phi = diagnosis.proximity(year)
    phi.index, phi.columns = phi.index.astype(str), phi.columns.astype(str)
    acts = [a for a in m.columns if a in phi.index]
    m, density, phi = m[acts], density[acts], phi.loc[acts, acts]
    kp = complexity.reindex(acts).to_numpy(dtype=float)
    coi = pd.Series(complexity_outlook_index(m.to_numpy(), density.to_numpy(), kp), m.index)
    # Activities without a reference value add no gain (as in the outlook index).
    cog = complexity_outlook_gain(m.to_numpy(), phi.to_numpy(), np.nan_to_num(kp))
    cog_long = pd.DataFrame(cog, index=m.index, columns=acts).stack().rename("cog_ref")
    in_year = ra["year"] == year
    keys = pd.MultiIndex.from_arrays([ra["region"].astype(str), ra["activity"].astype(str)])
    ra["pci"] = ra["pci"].where(
        ~in_year, ra["activity"].astype(str).map(complexity).to_numpy(dtype=float)
    )
    ra["cog"] = ra["cog"].where(~in_year, cog_long.reindex(keys).to_numpy())
    reg = diagnosis.region
    reg = reg.assign(eci_network=reg["eci"], coi_network=reg["coi"])
    in_year = reg["year"] == year
    ref = region[region["year"] == year].set_index("region")["eci"]
    names = reg["region"].astype(str)
    reg["eci"] = reg["eci"].where(~in_year, names.map(ref).to_numpy(dtype=float))
    reg["coi"] = reg["coi"].where(~in_year, names.map(_zscore(coi)).to_numpy(dtype=float))
    return replace(diagnosis, region_activity=ra, region=reg)


def choose_signal(
    diagnosis: Any,
    year: int,
    *,
    classification: str | None,
    income: pd.DataFrame | None,
    complexity: str = "auto",
) -> Signal:
    """The complexity the plan reads (see the module docstring)."""
    network = diagnosis.reliability.assign(source="network", coverage=1.0)
    network = network[["source", *[c for c in network.columns if c != "source"]]]
    row = network[network["year"] == year]
    network_ok = bool(len(row)) and bool(row["stable"].iloc[0]) and bool(row["valid"].iloc[0])
    table = reference_table(classification)
    reliability = [network]
    ref_region, ref_ok, ref_row = None, False, None
    if table is not None:
        values = table.set_index("activity")["complexity"].astype(float)
        ref_region = _reference_region(diagnosis, values)
        ref_rel = _reference_reliability(ref_region, income)
        reliability.append(ref_rel)
        ref_row = ref_rel[ref_rel["year"] == year]
        ref_ok = bool(len(ref_row)) and bool(ref_row["stable"].iloc[0] and ref_row["valid"].iloc[0])
    use_reference = complexity == "reference" or (
        complexity == "auto" and not network_ok and ref_ok
    )
    failing = "; ".join(row["warnings"]) if len(row) else ""
    if complexity == "reference" and table is None:
        raise InputError(
            "complexity='reference' (--complexity reference): no reference complexity for this "
            "dataset's activities; reference tables exist for China's 41 IO sectors and NACE "
            "Rev. 2 divisions"
        )
    if use_reference and table is not None and ref_region is not None:
        why = "external reference (world-trade product complexity mapped to the activities)" + (
            "" if complexity == "reference" else f", because the network's own {failing}"
        )
        rebuilt = _rebuilt(diagnosis, year, values, ref_region)
        act = table[["activity", "complexity", "source", "year"]].copy()
        act["year"] = act["year"].astype(str)
        return Signal("reference", why, rebuilt, act, pd.concat(reliability, ignore_index=True))
    why = "the network's own (eigenvector, Stata convention)"
    if not network_ok:
        why += f"; UNRELIABLE: {failing}" + (
            "; no reference complexity for these activities"
            if table is None
            else "; the reference failed its checks too"
        )
    act = diagnosis.activity[diagnosis.activity["year"] == year][["activity", "pci"]]
    act = act.rename(columns={"pci": "complexity"}).assign(
        source="network (eigenvector PCI)", year=str(year)
    )
    return Signal("network", why, diagnosis, act, pd.concat(reliability, ignore_index=True))
