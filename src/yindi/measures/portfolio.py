r"""Portfolio kernels: how concentrated a strategic industry is, and how regions weathered shocks.

Pure functions on labelled frames (regions in rows), in the manner of the other kernels: no
I/O, no printing. They back the ``stress`` stage.

Capacity and concentration
--------------------------
The capacity of region r in strategic industry i is the output of the industry's base sectors,
weighted as the catalogue weighs them (:func:`industry_capacity`):
:math:`C_{ri} = \sum_k w_{ik} x_{rk}`. Per industry, :func:`capacity_concentration` gives

- ``capable_regions``: regions whose location quotient
  :math:`LQ_{ri} = (C_{ri}/X_r) / (\sum_r C_{ri} / \sum_r X_r)` is at least ``threshold``
  (1: the industry's base sectors weigh more in the region than in the country, the RCA
  convention of the rest of yindi), with :math:`X_r` the region's total output;
- ``hhi``: the Herfindahl-Hirschman index of capacity shares across regions,
  :math:`H_i = \sum_r s_{ri}^2`, :math:`s_{ri} = C_{ri} / \sum_r C_{ri}` (1 = one region holds
  it all; :math:`1/n` = spread evenly), and ``effective_regions`` :math:`1/H_i`;
- ``top_region`` and ``top_share`` :math:`\max_r s_{ri}`: the share of national capacity lost
  at once if the top region is cut off (ties: the region first in label order);
- ``groups_capable``: the groups (macro-regions) with at least one capable region.

Resilience to past shocks (Martin 2012; Martin, Sunley, Gardiner & Tyler 2016)
------------------------------------------------------------------------------
:func:`resilience_index` compares a region's change over a phase with the change its industry
mix would have given it had each industry moved as it did nationally (shift-share):

.. math::

    \Delta_r = \frac{E_{r,1} - E_{r,0}}{E_{r,0}}, \quad
    \Delta^e_r = \frac{\sum_i E_{ri,0}\, g_i}{E_{r,0}}, \quad
    g_i = \frac{\sum_r E_{ri,1}}{\sum_r E_{ri,0}} - 1, \quad
    \text{index}_r = \frac{\Delta_r - \Delta^e_r}{|\Delta^e_r|}.

Over the downturn this is resistance, over the upturn recoverability (Martin et al. 2016,
*Regional Studies* 50(4), 561-585); > 0 means better than the mix predicts. With one industry
the expected change is the national change. Martin's (2012, *J. Economic Geography* 12(1),
1-32) sensitivity index :math:`\beta_r = \Delta_r / \Delta_N` is returned as ``sensitivity``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yindi.errors import InputError

__all__ = ["capacity_concentration", "industry_capacity", "resilience_index"]


def _numeric(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise InputError(f"{name} must be a non-empty DataFrame (regions in rows)")
    if not frame.index.is_unique:
        raise InputError(f"{name} has duplicate region labels: aggregate them first")
    try:
        return frame.astype(float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric; got {exc}") from None


def industry_capacity(output: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    r"""Capacity :math:`C_{ri} = \sum_k w_{ik} x_{rk}` of each region in each industry.

    Parameters
    ----------
    output : DataFrame (regions x sectors)
        Gross output (or any size measure), non-negative; NaN stays NaN in every industry
        that uses the sector.
    weights : DataFrame (industries x sectors)
        Base-sector weights of each industry (the catalogue's ``base_sectors``); sectors missing
        from ``output`` are an error, sectors of ``output`` missing here weigh 0.
    """
    x = _numeric(output, "output")
    w = _numeric(weights, "weights")
    missing = [c for c in w.columns if c not in x.columns]
    if missing:
        raise InputError(
            f"weights name sectors that output lacks: {missing[:5]}; use the sector labels of "
            "the output table"
        )
    if (x < 0).any().any():
        raise InputError("output must be non-negative to measure capacity")
    # NaN output in a used sector must make the capacity NaN (0 * NaN would too, but the
    # matrix product of pandas skips nothing, so use numpy explicitly).
    values = x[w.columns].to_numpy() @ w.to_numpy().T
    return pd.DataFrame(values, index=x.index, columns=w.index)


def capacity_concentration(
    capacity: pd.DataFrame,
    totals: pd.Series,
    groups: pd.Series | None = None,
    *,
    threshold: float = 1.0,
) -> pd.DataFrame:
    """Concentration and redundancy of each industry across regions (module docstring).

    Parameters
    ----------
    capacity : DataFrame (regions x industries)
        Non-negative capacity (:func:`industry_capacity`).
    totals : Series
        Each region's total output :math:`X_r` (positive), for the location quotient.
    groups : Series, optional
        Region -> group (macro-region) for ``groups_capable``.
    threshold : float
        Location quotient from which a region counts as capable.

    Returns
    -------
    DataFrame indexed by industry: ``regions_with_capacity``, ``capable_regions``, ``hhi``,
    ``effective_regions``, ``top_region``, ``top_share``, ``groups_capable`` (NaN without
    ``groups``). An industry with no capacity anywhere has NaN shares and no top region.
    """
    c = _numeric(capacity, "capacity")
    if (c < 0).any().any() or c.isna().any().any():
        raise InputError("capacity must be finite and non-negative in every region and industry")
    sizes = pd.Series(totals, dtype=float).reindex(c.index)
    if sizes.isna().any() or (sizes <= 0).any():
        bad = list(sizes.index[sizes.isna() | (sizes <= 0)])[:5]
        raise InputError(f"totals must be positive for every region of capacity; not for {bad}")
    national = c.sum(axis=0)
    shares = c / national.where(national > 0)
    lq = c.div(sizes, axis=0) / (national / sizes.sum()).where(national > 0)
    capable = lq >= threshold
    order = sorted(range(len(c.index)), key=lambda k: str(c.index[k]))
    rows = []
    for industry in c.columns:
        s = shares[industry].to_numpy()
        if not np.isfinite(s).all():
            top, top_share, hhi = None, np.nan, np.nan
        else:
            # Ties: the region first in label order (stable, documented).
            best = max(order, key=lambda k: (s[k], -order.index(k)))
            top, top_share, hhi = c.index[best], float(s[best]), float((s**2).sum())
        members = capable[industry]
        spread = (
            float(groups.reindex(c.index)[members.to_numpy()].nunique())
            if groups is not None
            else np.nan
        )
        rows.append(
            {
                "industry": industry,
                "regions_with_capacity": int((c[industry] > 0).sum()),
                "capable_regions": int(members.sum()),
                "hhi": hhi,
                "effective_regions": 1.0 / hhi if hhi and np.isfinite(hhi) else np.nan,
                "top_region": top,
                "top_share": top_share,
                "groups_capable": spread,
            }
        )
    return pd.DataFrame(rows).set_index("industry")


def resilience_index(start: pd.DataFrame, end: pd.DataFrame) -> pd.DataFrame:
    r"""Martin-type resilience over one phase, against the shift-share expected change.

    Parameters
    ----------
    start, end : DataFrame (regions x industries)
        The series (output, value added, employment) at the start and the end of the phase,
        same labels. One column gives the national-growth benchmark. A region with a missing
        value in either year gets NaN; the national growth rates use the regions complete in
        both years (``regions_used``).

    Returns
    -------
    DataFrame indexed by region: ``change`` :math:`\Delta_r`, ``expected_change``
    :math:`\Delta^e_r`, ``index`` (resistance or recoverability, depending on the phase),
    ``national_change`` :math:`\Delta_N`, ``sensitivity`` :math:`\Delta_r/\Delta_N` and
    ``regions_used``.
    """
    e0 = _numeric(start, "start")
    e1 = _numeric(end, "end")
    if not (e0.index.equals(e1.index) and e0.columns.equals(e1.columns)):
        raise InputError("start and end must have the same regions and industries, in order")
    if ((e0 < 0) | (e1 < 0)).any().any():
        raise InputError("the series must be non-negative (sizes such as output or employment)")
    complete = e0.notna().all(axis=1) & e1.notna().all(axis=1)
    used = int(complete.sum())
    if used == 0:
        raise InputError("no region has values in both years: the phase is not covered")
    n0, n1 = e0[complete].sum(axis=0), e1[complete].sum(axis=0)
    growth = n1 / n0.where(n0 > 0) - 1.0
    total0 = e0.sum(axis=1, skipna=False)
    change = e1.sum(axis=1, skipna=False) / total0.where(total0 > 0) - 1.0
    # An industry absent nationally at the start has no growth rate; a region with none of it
    # expects nothing from it (0 x undefined = 0 here by definition, not a filled gap).
    contribution = e0.mul(growth, axis=1).where(e0 > 0, 0.0)
    expected = contribution.sum(axis=1, skipna=False) / total0.where(total0 > 0)
    expected = expected.where(complete)
    national = float(n1.sum() / n0.sum() - 1.0)
    return pd.DataFrame(
        {
            "change": change,
            "expected_change": expected,
            "index": (change - expected) / expected.abs().where(expected != 0),
            "national_change": national,
            "sensitivity": change / national if national != 0 else np.nan,
            "regions_used": used,
        }
    )
