"""Regions like me, and what each region gained and lost: two views planners ask for.

Peers
    The regions whose output structure is closest: structural overlap
    :func:`yindi.measures.structure.structural_overlap` (the share of output two regions have
    in common) in the plan year, the ``top`` highest for each region (ties by region id), with
    the sectors both are specialised in (RCA >= 1), by the smaller of the two RCAs.
Diversification history
    Between the first year of the diagnosis and the plan year, the sectors a region gained
    (``M = 0 -> 1``) and lost (``M = 1 -> 0``), with both RCAs and the sector's share of the
    region's output in the plan year. Empty when the diagnosis has a single year.
"""

from __future__ import annotations

import pandas as pd

from yindi.measures.structure import structural_overlap

__all__ = ["diversification_table", "peers_table"]

PEER_COLUMNS = ["region", "rank", "peer", "overlap", "shared"]
HISTORY_COLUMNS = [
    "region",
    "activity",
    "change",
    "from_year",
    "to_year",
    "rca_from",
    "rca_to",
    "share_to",
]


def _wide(ra: pd.DataFrame, year: int, column: str) -> pd.DataFrame:
    part = ra[ra["year"] == year]
    return part.pivot_table(index="region", columns="activity", values=column, aggfunc="sum")


def peers_table(ra: pd.DataFrame, year: int, top: int = 5) -> pd.DataFrame:
    """The ``top`` regions with the most output in common with each region (module docstring).

    ``ra`` is the diagnosis' long ``region_activity`` table (region, activity, year, value,
    rca, mcp).
    """
    value = _wide(ra, year, "value").fillna(0.0)
    value = value[value.sum(axis=1) > 0]
    if len(value) < 2:
        return pd.DataFrame(columns=PEER_COLUMNS)
    rca = _wide(ra, year, "rca").reindex(index=value.index, columns=value.columns)
    overlap = pd.DataFrame(
        structural_overlap(value.to_numpy()), index=value.index, columns=value.index
    )
    rows = []
    for region in value.index:
        others = overlap.loc[region].drop(region).rename("overlap").reset_index()
        others.columns = ["peer", "overlap"]
        others = others.sort_values(
            ["overlap", "peer"], ascending=[False, True], kind="mergesort"
        ).head(top)
        for rank, (peer, share) in enumerate(
            zip(others["peer"], others["overlap"], strict=True), start=1
        ):
            both = pd.concat([rca.loc[region], rca.loc[peer]], axis=1).min(axis=1)
            both = both[both >= 1.0].sort_values(ascending=False, kind="mergesort")
            rows.append((region, rank, peer, float(share), ", ".join(map(str, both.index))))
    return pd.DataFrame(rows, columns=PEER_COLUMNS)


def diversification_table(ra: pd.DataFrame, year: int) -> pd.DataFrame:
    """Sectors gained and lost between the diagnosis' first year and ``year``."""
    first = int(ra["year"].min())
    if first >= year:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    m0, m1 = _wide(ra, first, "mcp"), _wide(ra, year, "mcp")
    r0, r1 = _wide(ra, first, "rca"), _wide(ra, year, "rca")
    v1 = _wide(ra, year, "value")
    share = v1.div(v1.sum(axis=1), axis=0)
    regions = m0.index.intersection(m1.index)
    acts = m0.columns.intersection(m1.columns)
    m0, m1 = m0.loc[regions, acts], m1.loc[regions, acts]
    rows = []
    for change, mask in (("gained", (m0 == 0) & (m1 == 1)), ("lost", (m0 == 1) & (m1 == 0))):
        hit = mask.stack()
        for region, activity in hit[hit].index:
            rows.append(
                (
                    region,
                    activity,
                    change,
                    first,
                    year,
                    float(r0.at[region, activity]),
                    float(r1.at[region, activity]),
                    float(share.at[region, activity]),
                )
            )
    out = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    return out.sort_values(
        ["region", "change", "share_to", "activity"],
        ascending=[True, True, False, True],
        kind="mergesort",
    ).reset_index(drop=True)
