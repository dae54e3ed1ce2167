"""Classified guidance: what kind of region is this, and which strategic approach fits it?

Region types come from transparent rules over indicators, applied in order (the first rule that
holds decides), with thresholds *relative to the cross-region median* so the same rules work for
China's provinces, EU NUTS-2 regions or US states:

1. innovation hub: R&D intensity >= ``hub_rd`` x median and invention patents per person
   >= ``hub_patents`` x median, in an economy that is not manufacturing-led (rule 4 does not
   hold): R&D-led service economies. R&D-intensive manufacturing leaders are classed by rule 4
   and their reasons show their R&D figures too;
2. resource-based economy: mining (resource) share of output >= ``resource`` x median and
   >= ``resource_floor``;
3. old industrial base in transition: heavy-industry share >= ``heavy`` x median, nominal GDP
   growth since the diagnosis year < ``slow_growth`` x median, and ECI < ``eci_manufacturing``
   (heavy, slow and not complex);
4. advanced-manufacturing base: manufacturing share >= median and ECI >= ``eci_manufacturing``;
5. ecological/agricultural zone: agriculture share >= ``agriculture`` x median, or land per
   person >= ``land`` x median with GDP per person below the median;
6. otherwise a diversified economy.

The Growth Lab strategic approach (Hausmann et al., Atlas of Economic Complexity) follows
from ECI and COI: the top ``frontier_share`` of regions by ECI are at the technological
frontier; otherwise COI >= 0 and ECI >= 0 is "light touch", COI >= 0 and ECI < 0
"parsimonious" (many nearby opportunities, address their bottlenecks), COI < 0 "strategic
bets" (few nearby options: coordinated longer jumps).

Indicators come from the diagnosis (ECI, COI, output shares by activity group) and the
endowment table; each region's ``reasons`` names the values that decided its type.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import Interval, check, register
from yindi.errors import ComputationWarning

__all__ = ["ClassifyRules", "ROLE_COLUMNS", "classify", "region_indicators"]

#: The endowment figures the rules read, by quality, and their columns in the default dataset
#: (a dataset's own: :func:`yindi.data.endowments.quality_columns`).
ROLE_COLUMNS: dict[str, str] = {
    "income": "gdp_per_capita_cny",
    "rd_capacity": "rd_intensity_pct",
    "innovation_output": "invention_grants_per_10k",
    "land_availability": "land_per_capita_km2",
}


def _roles(columns: Mapping[str, str] | None) -> dict[str, str]:
    return {role: (columns or {}).get(role, default) for role, default in ROLE_COLUMNS.items()}


@dataclass(frozen=True)
class ClassifyRules:
    """Thresholds of the type rules (multiples of the cross-region median unless noted)."""

    hub_rd: float = 1.4
    hub_patents: float = 2.5
    resource: float = 2.0
    resource_floor: float = 0.05  # absolute share of gross output
    heavy: float = 1.1
    slow_growth: float = 0.9
    eci_manufacturing: float = 0.5  # absolute ECI (z-score)
    agriculture: float = 1.5
    land: float = 3.0
    frontier_share: float = 0.1

    def __post_init__(self) -> None:
        check(**asdict(self))


# Multiples of the median are positive; the ECI threshold is a z-score; shares lie in [0, 1].
for _name in ("hub_rd", "hub_patents", "resource", "heavy", "slow_growth", "agriculture", "land"):
    register(_name, Interval(0, None, closed="neither", example=1.5))
register("resource_floor", Interval(0, 1, example=0.05))
register("eci_manufacturing", Interval(None, None, example=0.5))
register("frontier_share", Interval(0, 1, closed="right", example=0.1))


def region_indicators(
    diagnosis: Any,
    activities: pd.DataFrame,
    endowments: pd.DataFrame,
    regions: pd.DataFrame,
    indicators: pd.DataFrame | None,
    year: int,
    *,
    structure_groups: Mapping[str, Sequence[str]],
    columns: Mapping[str, str] | None = None,
    gdp: str = "gdp_100m_cny",
) -> pd.DataFrame:
    """The per-region indicators the rules read (one row per region of the diagnosis year).

    ``structure_groups`` maps each structural share (``resource``, ``heavy``,
    ``manufacturing``, ``agriculture``, ``services``) to the activity groups it sums (the
    ``group`` column of ``activities``); it belongs to the dataset's classification
    (``Dataset.knowledge["structure_groups"]``), not to the method.

    ``columns`` maps the qualities the rules read (:data:`ROLE_COLUMNS`) to the dataset's
    endowment columns; a column the endowments lack is NaN and the rules reading it cannot
    hold. ``indicators`` is the long ``region, year, <gdp>`` table (``None`` where the dataset
    has no GDP by year).

    ``gdp_growth_pct_pa`` is the nominal GDP growth a year from ``year`` to the latest year
    with GDP for every region, ``((GDP_last / GDP_year) ** (1 / (last - year)) - 1) * 100``.
    Where no such year follows ``year`` (the diagnosis year is the last complete GDP year, or
    no year is complete), growth since the diagnosis year is undefined: the column is NaN, a
    :class:`~yindi.errors.ComputationWarning` says why, and the rule that reads it (old
    industrial base) cannot hold. Growth over an earlier window would be a different
    indicator, so none is substituted.
    """
    ra = diagnosis.region_activity
    ra = ra[ra["year"] == year].astype({"region": str, "activity": str})
    group_of = activities.set_index("activity")["group"]
    ra = ra.assign(group=ra["activity"].map(group_of))
    total = ra.groupby("region")["value"].sum()
    out = pd.DataFrame(index=total.index)
    for name, groups in structure_groups.items():
        out[f"{name}_share"] = ra[ra["group"].isin(groups)].groupby("region")["value"].sum() / total
    out = out.fillna(0.0)
    reg = diagnosis.region
    reg = reg[reg["year"] == year].astype({"region": str}).set_index("region")
    out["eci"], out["coi"] = reg["eci"], reg["coi"]
    end = endowments.set_index("region")
    for col in _roles(columns).values():
        out[col] = end[col] if col in end.columns else np.nan
    if indicators is None or gdp not in indicators.columns:
        indicators = pd.DataFrame({"region": [], "year": [], gdp: []})
    gdp_by_year = indicators.pivot_table(index="region", columns="year", values=gdp)
    gdp_by_year = gdp_by_year.reindex(index=out.index)
    complete = [c for c in gdp_by_year.columns if gdp_by_year[c].notna().all()]
    if complete and max(complete) > year and year in gdp_by_year.columns:
        last = max(complete)
        growth = (gdp_by_year[last] / gdp_by_year[year]) ** (1 / (last - year)) - 1
        out["gdp_growth_pct_pa"] = growth * 100
        out.attrs["years"] = {"gdp_growth_pct_pa": f"{year}-{last}"}
    else:
        if year not in gdp_by_year.columns:
            why = f"there is no GDP for {year}"
        elif complete:
            why = f"the latest complete year is {max(complete)}"
        else:
            why = "no year has GDP for every region"
        warnings.warn(
            f"gdp_growth_pct_pa is NaN: growth since the diagnosis year {year} needs GDP in "
            f"that year and in a later year with GDP for every region, and {why}; the 'old "
            "industrial base in transition' rule, which reads it, cannot hold",
            ComputationWarning,
            stacklevel=2,
        )
        out["gdp_growth_pct_pa"] = np.nan
    meta = regions.set_index("region")
    for col in ("macro_region", "coastal"):
        out[col] = meta[col] if col in meta.columns else np.nan
    years = out.attrs.get("years", {})
    out = out.rename_axis("region").reset_index()
    out.attrs["years"] = years
    return out


def _fmt(value: float) -> str:
    return "unknown" if pd.isna(value) else f"{value:.2f}"


def _approach(eci: pd.Series, coi: pd.Series, share: float) -> pd.Series:
    n_frontier = max(1, int(round(share * eci.notna().sum())))
    frontier = eci.rank(ascending=False, method="first") <= n_frontier
    approach = np.where(
        coi >= 0, np.where(eci >= 0, "light touch", "parsimonious"), "strategic bets"
    )
    approach = np.where(frontier, "frontier", approach)
    # Without ECI or COI (no activity the complexity covers) the approach is unknown.
    approach = np.where(eci.isna() | coi.isna(), "unknown", approach)
    return pd.Series(approach, index=eci.index)


def classify(
    ind: pd.DataFrame,
    rules: ClassifyRules | None = None,
    *,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Type and approach per region, with the reasons (see the module docstring).

    ``columns``: quality -> column of ``ind`` for the figures the rules read
    (:data:`ROLE_COLUMNS`, the default dataset's names).

    Returns
    -------
    DataFrame ``region, type, approach, reasons`` plus the indicator columns of ``ind``.
    """
    r = rules or ClassifyRules()
    c = _roles(columns)
    rd, patents, land, income = (
        c["rd_capacity"],
        c["innovation_output"],
        c["land_availability"],
        c["income"],
    )
    x = ind.set_index("region")
    x = x.reindex(columns=list(dict.fromkeys([*x.columns, *c.values()])))
    med = x.median(numeric_only=True)

    def v(col: str) -> pd.Series:
        return x[col]

    manufacturing_led = (v("manufacturing_share") >= med["manufacturing_share"]) & (
        v("eci") >= r.eci_manufacturing
    )
    tests: list[tuple[str, pd.Series, Any]] = [
        (
            "innovation hub",
            (v(rd) >= r.hub_rd * med[rd])
            & (v(patents) >= r.hub_patents * med[patents])
            & ~manufacturing_led,
            lambda g: (
                f"R&D {x.at[g, rd]:.2f}% of GDP (>= {r.hub_rd} x median "
                f"{med[rd]:.2f}); {x.at[g, patents]:.1f} "
                f"invention patents per 10k people (>= {r.hub_patents} x median "
                f"{med[patents]:.1f})"
            ),
        ),
        (
            "resource-based economy",
            (v("resource_share") >= r.resource * med["resource_share"])
            & (v("resource_share") >= r.resource_floor),
            lambda g: (
                f"mining {x.at[g, 'resource_share']:.1%} of gross output (>= {r.resource} x "
                f"median {med['resource_share']:.1%})"
            ),
        ),
        (
            "old industrial base in transition",
            (v("heavy_share") >= r.heavy * med["heavy_share"])
            & (v("gdp_growth_pct_pa") < r.slow_growth * med["gdp_growth_pct_pa"])
            & (v("eci") < r.eci_manufacturing),
            lambda g: (
                f"heavy industry {x.at[g, 'heavy_share']:.1%} of output (>= {r.heavy} x "
                f"median {med['heavy_share']:.1%}), nominal GDP growth "
                f"{x.at[g, 'gdp_growth_pct_pa']:.1f}% a year (< {r.slow_growth} x median "
                f"{med['gdp_growth_pct_pa']:.1f}%), ECI {x.at[g, 'eci']:.2f}"
            ),
        ),
        (
            "advanced-manufacturing base",
            manufacturing_led,
            lambda g: (
                f"manufacturing {x.at[g, 'manufacturing_share']:.1%} of output (>= median "
                f"{med['manufacturing_share']:.1%}) and ECI {x.at[g, 'eci']:.2f} "
                f"(>= {r.eci_manufacturing}); R&D "
                + (f"{x.at[g, rd]:.2f}% of GDP" if pd.notna(x.at[g, rd]) else "intensity unknown")
            ),
        ),
        (
            "ecological/agricultural zone",
            # A share of 0 is never "high", also where the median is 0 (a dataset without
            # farming, such as the EU's business statistics).
            (
                (v("agriculture_share") >= r.agriculture * med["agriculture_share"])
                & (v("agriculture_share") > 0)
            )
            | ((v(land) >= r.land * med[land]) & (v(income) < med[income])),
            lambda g: (
                f"agriculture {x.at[g, 'agriculture_share']:.1%} of output (median "
                f"{med['agriculture_share']:.1%}); {x.at[g, land]:.0f} km2 "
                f"per 10k people (median {med[land]:.0f})"
            ),
        ),
    ]
    types = pd.Series("diversified economy", index=x.index)
    reasons = pd.Series("no specialised rule holds", index=x.index)
    decided = pd.Series(False, index=x.index)
    for name, holds, why in tests:
        new = holds.fillna(False) & ~decided
        for g in x.index[new]:
            types[g], reasons[g] = name, why(g)
        decided |= new
    approach = _approach(v("eci"), v("coi"), r.frontier_share)
    approach_reason = [f"ECI {_fmt(x.at[g, 'eci'])}, COI {_fmt(x.at[g, 'coi'])}" for g in x.index]
    out = pd.DataFrame(
        {
            "region": x.index,
            "type": types.to_numpy(),
            "approach": approach.to_numpy(),
            "reasons": [
                f"{a}; approach from {b}" for a, b in zip(reasons, approach_reason, strict=True)
            ],
        }
    )
    out = out.merge(ind, on="region", how="left")
    out.attrs["rules"] = asdict(r)
    return out.sort_values("region", kind="mergesort").reset_index(drop=True)


#: Indicators the optional clustering standardises (the same ones the rules read).
CLUSTER_FEATURES = (
    "rd_intensity_pct",
    "invention_grants_per_10k",
    "resource_share",
    "heavy_share",
    "manufacturing_share",
    "agriculture_share",
    "services_share",
    "eci",
    "coi",
    "gdp_per_capita_cny",
    "land_per_capita_km2",
    "gdp_growth_pct_pa",
    "nqpf",  # when the plan computed the NQPF index
)


def cluster_regions(
    types: pd.DataFrame,
    *,
    k: int | None = None,
    seed: int = 0,
    columns: Mapping[str, str] | None = None,
) -> tuple[pd.Series, float]:
    """Data-driven check of the rules: k-means on the standardised indicators.

    ``k`` defaults to the number of types the rules found; ``columns`` as in :func:`classify`. Returns the cluster label per region
    and the adjusted Rand index between clusters and rule types (1 = the same partition, about
    0 = no more agreement than chance). Needs scikit-learn (``pip install yindi[cluster]``).
    Land per person is log-scaled first (it spans three orders of magnitude).
    """
    try:
        from sklearn.cluster import KMeans
        from sklearn.metrics import adjusted_rand_score
        from sklearn.preprocessing import StandardScaler
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("clustering needs scikit-learn: pip install 'yindi[cluster]'") from exc
    rename = {default: _roles(columns)[role] for role, default in ROLE_COLUMNS.items()}
    named = [rename.get(f, f) for f in CLUSTER_FEATURES]
    # A feature no region has (a dataset without R&D figures) cannot separate regions.
    features = [f for f in named if f in types.columns and types[f].notna().any()]
    x = types.set_index("region")[features].astype(float)
    land = rename["land_per_capita_km2"]
    if land in x.columns:
        x[land] = np.log(x[land])
    x = x.fillna(x.median())  # only for the check: a gap must not drop a region from the map
    k = k or types["type"].nunique()
    z = StandardScaler().fit_transform(x.to_numpy())
    labels = KMeans(n_clusters=k, n_init=20, random_state=seed).fit_predict(z)
    ari = float(adjusted_rand_score(types.set_index("region").loc[x.index, "type"], labels))
    return pd.Series(labels, index=x.index, name="cluster"), ari
