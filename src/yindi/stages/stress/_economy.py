"""The economy a stress test shocks: one input-output table with labelled region-sectors.

:class:`Economy` holds domestic intermediate flows ``Z`` and final demand on ``(region,
sector)`` labels, exports, imported intermediate inputs by good, gross output and value-added
coefficients, with the assumptions it was built on. Two sources:

- :func:`embedded_economy`: the 31 provincial tables of the embedded dataset (41 harmonised
  sectors), linked into a multi-regional table by :func:`yindi.measures.mrio.multiregional_table`
  (Chenery-Moses trade coefficients, gravity prior from the distances between the provinces'
  centroids, RAS to the outflow and inflow totals);
- :func:`yindi.stages.stress._io_file.read_io_table`: the user's own table (``--io FILE``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from yindi.errors import DroppedWarning, InputError
from yindi.measures.io import drop_zero_output
from yindi.measures.mrio import BALANCE_SLACK, multiregional_table
from yindi.stages.stress._geo import region_distances

__all__ = ["FINAL_DEMAND_CODES", "Economy", "block_diagonal", "embedded_economy"]

#: The provincial tables' domestic final-demand columns (rural and urban households,
#: government, fixed capital formation, inventories); exports (EX) are kept apart.
FINAL_DEMAND_CODES = ("FU101", "FU102", "FU103", "FU201", "FU202")


@dataclass(frozen=True)
class Economy:
    """One input-output table on ``(region, sector)`` labels.

    Attributes
    ----------
    name : str
        Where it comes from (``china_provinces 2017``, a file name).
    Z : DataFrame (n, n)
        Domestic intermediate flows, sellers in rows, buyers in columns.
    Y : DataFrame (n, k)
        Domestic final demand by category (for a multi-regional table, the columns are
        ``(consuming region, category)``); exports are not in it.
    exports : Series (n) or None
        Exports abroad (None: the table does not separate them).
    x : Series (n)
        Gross output (positive: sectors without output are dropped, listed in ``notes``).
    va_coefficient : Series (n) or None
        Value added per unit of output; None when the table has no value added (value-added
        losses are then NaN).
    imports : DataFrame (goods, n) or None
        Imported intermediate inputs: good (rows) bought by each region-sector (columns).
    multiregional : bool
        Several regions linked by interregional trade (else one region).
    unit : str
    assumptions : tuple of str
        How the table was built; stated with every output.
    notes : tuple of str
        What was dropped or could not be used.
    inputs : dict
        The provenance record of the table.
    """

    name: str
    Z: pd.DataFrame
    Y: pd.DataFrame
    exports: pd.Series | None
    x: pd.Series
    va_coefficient: pd.Series | None
    imports: pd.DataFrame | None
    multiregional: bool
    unit: str = ""
    assumptions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> pd.MultiIndex:
        # Every constructor builds a (region, sector) MultiIndex.
        return cast(pd.MultiIndex, self.Z.index)

    @property
    def regions(self) -> list[str]:
        return list(dict.fromkeys(self.labels.get_level_values(0)))

    @property
    def sectors(self) -> list[str]:
        return list(dict.fromkeys(self.labels.get_level_values(1)))

    @property
    def value_added(self) -> pd.Series | None:
        return None if self.va_coefficient is None else self.va_coefficient * self.x


def _pivot(frame: pd.DataFrame, rows: list[str], column: str) -> pd.DataFrame:
    out = frame.pivot_table(
        index=rows, columns=column, values="value_10k_cny", aggfunc="sum", sort=True
    )
    out.index.names = ["region", "sector"]
    return out


def embedded_economy(
    dataset: Any,
    year: int = 2017,
    *,
    distance_decay: float = 1.0,
    trade_totals: str = "smaller",
) -> Economy:
    """The provinces of ``dataset`` linked into a multi-regional table (module docstring).

    The provincial tables are aggregated to the dataset's harmonised activities (``S01`` ..
    ``S41``: 2017's codes 35 and 36 become one sector, as 2012's 22 and 23 do), so that the
    catalogue's base sectors name the table's sectors. ``distance_decay`` is the gravity
    exponent (0: a uniform prior). ``trade_totals`` reconciles the provinces' outflow and
    inflow totals, which disagree nationally (inflows of real estate services are 19 times
    the outflows in 2017, of culture and sports 0.2 times): ``"smaller"`` (default) keeps the
    smaller total and reads the surplus as foreign trade, so each province keeps its published
    output and use (:func:`~yindi.measures.mrio.multiregional_table`).
    """
    for name in ("io_z", "io_final_use", "io_value_added"):
        if name not in dataset.tables:
            raise InputError(
                f"dataset {dataset.name!r} has no table {name!r}: the stress test on embedded "
                "data needs the provincial input-output tables; pass your own with io=FILE"
            )
    z_long = dataset.table("io_z")
    years = sorted(int(y) for y in z_long["year"].unique())
    if year not in years:
        raise InputError(
            f"year {year} has no input-output tables in {dataset.name!r}; use one of {years}"
        )
    z = _pivot(z_long[z_long["year"] == year], ["region", "row_activity"], "col_activity")
    z.columns.name = "sector"
    fu = dataset.table("io_final_use")
    fu = _pivot(fu[fu["year"] == year], ["region", "activity"], "column_code")
    va = dataset.table("io_value_added")
    va = va[(va["year"] == year) & (va["va_code"] == "TVA")]
    va = va.groupby(["region", "activity"], sort=True)["value_10k_cny"].sum()
    totals = fu[["GO", "EX", "IM", "OF", "IF"]].set_axis(
        ["output", "exports", "imports", "outflows", "inflows"], axis=1
    )
    regions = list(z.index.get_level_values(0).unique())
    distance = None
    if distance_decay > 0:
        distance = region_distances(dataset.boundaries(), regions)
    mrio = multiregional_table(
        z,
        fu[list(FINAL_DEMAND_CODES)],
        totals,
        distance=distance,
        distance_decay=float(distance_decay),
        trade_totals=trade_totals,
    )
    # Where the published output is 0 the MRIO's row total is round-off of differences
    # (local supply = use - imports - inflows) or a balancing residual of the table (at most
    # BALANCE_SLACK of total output): those sectors produce nothing, so they are dropped like
    # the exact zeros.
    output = mrio.output.copy()
    published = totals["output"].reindex(output.index)
    roundoff = BALANCE_SLACK * float(output.abs().sum())
    output[(published == 0) & (output.abs() <= roundoff)] = 0.0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DroppedWarning)
        z_kept, x, y_kept = drop_zero_output(mrio.Z, output, mrio.Y)
    notes = [str(w.message) for w in caught if issubclass(w.category, DroppedWarning)]
    keep = x.index
    # Value added per unit of output from the published table (value added over published
    # gross output), applied to the MRIO's output; negative where a sector made a loss.
    go = totals["output"].reindex(keep)
    coefficient = va.reindex(keep) / go.where(go > 0)
    if coefficient.isna().any():
        notes.append(
            f"value added is missing for {int(coefficient.isna().sum())} region-sectors; their "
            "value-added losses are NaN"
        )
    assumptions = (
        f"Multi-regional table of the {len(regions)} provinces' {year} input-output tables "
        f"({len(z.columns)} harmonised sectors), 10,000 CNY at current producer prices.",
        *mrio.assumptions,
        "Distances for the gravity prior: great-circle km between the centroids of each "
        "province's largest polygon (the shipped boundaries); exponent "
        f"{distance_decay:g} (a distance elasticity near 1 is the typical gravity estimate: "
        "Disdier & Head 2008, Review of Economics and Statistics 90(1))."
        if distance_decay > 0
        else "Gravity prior: uniform (distance_decay=0).",
        "Value added per unit of output is the published ratio (value added / gross output) of "
        "each province-sector, held fixed.",
    )
    y_frame = y_kept if y_kept is not None else pd.DataFrame(index=keep)
    return Economy(
        name=f"{dataset.name} {year}",
        Z=z_kept,
        Y=y_frame,
        exports=mrio.exports.reindex(keep),
        x=x,
        va_coefficient=coefficient.rename("va_coefficient"),
        imports=mrio.imports.reindex(columns=keep),
        multiregional=True,
        unit="10,000 CNY",
        assumptions=assumptions,
        notes=tuple(notes),
        inputs={
            "dataset": dataset.name,
            "year": year,
            "distance_decay": distance_decay,
            "trade_totals": trade_totals,
        },
    )


def block_diagonal(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every flow between different regions set to 0 (single-region model)."""
    labels = frame.index
    region = np.asarray(labels.get_level_values(0))
    same = region[:, None] == region[None, :]
    return pd.DataFrame(np.where(same, frame.to_numpy(), 0.0), index=labels, columns=labels)
