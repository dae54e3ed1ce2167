r"""Partner finder: which regions' development paths relate to a firm's or region's profile?

``find_partners(plan, profile)`` reads the profile as weights :math:`p_s` over the dataset's
activities (:mod:`~yindi.stages.evaluate.partners._profile`) and scores every item of every
region's cultivate and prepare lists (the plan's ``paths``):

Relatedness of the profile to catalogue industry :math:`i`
    .. math::

        \rho_i = \sum_{s, s'} p_s\, \Phi^*_{ss'}\, b_{is'}, \qquad
        \text{relatedness}_i = \frac{\rho_i - \min_j \rho_j}{\max_j \rho_j - \min_j \rho_j}

    with :math:`b_{is}` the industry's base-sector weights (catalogue) and :math:`\Phi^*` the
    plan's activity proximity (Hidalgo et al. 2007) with 1 on the diagonal: a profile sector
    counts fully towards an industry that uses it and by its proximity towards one that uses
    a related sector. Scaled over the catalogue, 1 is the industry closest to the profile and
    0 the farthest. ``overlap`` :math:`=\sum_s \min(p_s, b_{is})` is the share the two have in
    common directly.

Capability of region :math:`r` in the profile's sectors
    :math:`\sum_s p_s [M_{rs} + (1 - M_{rs}) d_{rs}]`: present sectors (RCA >= 1) count
    fully, absent ones by their relatedness density (as the plan's feasibility does for an
    industry's base sectors); unknown when a needed density is.

Score of a list item (region :math:`r`, industry :math:`i`)
    The weighted mean of relatedness, capability, the region's endowment fit for :math:`i`
    (unknown where no requirement has data) and allocation (1 if the national coordination
    places :math:`i` in :math:`r`, else 0), default weights :data:`PARTNER_WEIGHTS`, over
    the parts that are known (an unknown part is left out, never counted as 0;
    ``score_confidence`` is the weight share known). A region's score is its best item's
    (ties: the earlier list, the better rank, then the industry id).

Regions are ranked overall and within their group (``coastal`` / ``inland`` from the
dataset's coastal flag), and the ``shortlist`` puts the best of each group side by side, so
that the inland centres are seen next to the coastal hubs rather than below them.

References
----------
Hidalgo, C. A., Klinger, B., Barabási, A.-L. and Hausmann, R. (2007). The product space
conditions the development of nations. Science 317(5837).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import Interval, check, check_weights, register
from yindi._results import FrozenFrame, Result
from yindi.data.readers import read_table
from yindi.stages._summary import Summary
from yindi.stages.coordinate import CoordinateResult, coordinate
from yindi.stages.evaluate.partners._profile import profile_vector
from yindi.stages.evaluate.plans.terms import load_terms

__all__ = ["PARTNER_WEIGHTS", "PartnerResult", "find_partners", "read_profile"]

#: Relatedness leads (the partner's own activity); capability, fit and the national allocation
#: say how well the region can carry the item. Expert judgement.
PARTNER_WEIGHTS = {"relatedness": 0.5, "capability": 0.2, "fit": 0.15, "allocation": 0.15}
#: Items at least this related to the profile are listed with each region.
RELATED_ITEM = 0.5
_TRACK_ORDER = {"cultivate": 0, "prepare": 1}

register("shortlist", Interval(1, None, integer=True, example=5))


@dataclass(frozen=True)
class PartnerResult(Result):
    """Result of :func:`find_partners`.

    Attributes
    ----------
    regions : DataFrame
        One row per region with a cultivate or prepare list: rank, region, group, rank in
        group, type, approach, score, the best item and its parts, related items, reasons.
    shortlist : DataFrame
        The best ``shortlist`` regions of each group side by side (rank, then per group:
        region, score, item).
    matches : DataFrame
        Every region x list item with its four parts and score.
    industries : DataFrame
        The catalogue industries by relatedness to the profile (raw, scaled, overlap).
    profile : DataFrame
        How each profile line was read: input, scheme, how, activity, share.
    """

    _stage = "evaluate partners"
    _tables = ("regions", "shortlist", "matches", "industries", "profile")

    regions: pd.DataFrame = FrozenFrame()
    shortlist: pd.DataFrame = FrozenFrame()
    matches: pd.DataFrame = FrozenFrame()
    industries: pd.DataFrame = FrozenFrame()
    profile: pd.DataFrame = FrozenFrame()
    options: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def summary(self, top: int = 5) -> Summary:
        sectors = self.profile.groupby(["activity", "name_en"], sort=False)["share"].sum()
        sectors = sectors.sort_values(ascending=False, kind="mergesort")
        groups = self.regions["group"].value_counts().sort_index()
        head = {
            "profile lines": str(self.profile["line"].nunique()),
            "profile sectors": "; ".join(
                f"{a} {n} {s:.0%}" for (a, n), s in sectors.head(4).items()
            ),
            "regions scored": f"{len(self.regions)} ("
            + ", ".join(f"{int(v)} {k}" for k, v in groups.items())
            + ")",
            "weights": ", ".join(f"{k} {v:g}" for k, v in self.options["weights"].items()),
        }
        cols = ["name_en", "relatedness", "overlap"]
        return Summary(
            "yindi evaluate partners",
            head,
            {
                "Catalogue industries closest to the profile": self.industries[cols].head(top),
                "Shortlist: the best of each group side by side": self.shortlist.head(top),
                "Top regions": self.regions[
                    ["rank", "region", "group", "score", "best_name_en", "best_track"]
                ].head(2 * top),
            },
        )


def read_profile(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a profile file (CSV, Excel, Parquet); codes stay text (``0101`` keeps its 0)."""
    probe = read_table(Path(path))
    return read_table(Path(path), text_columns=[str(c) for c in probe.columns if c != "weight"])


def _relatedness(vector: pd.Series, plan: Any) -> pd.DataFrame:
    phi = plan.diagnosis.proximity(plan.year)
    phi.index = phi.index.astype(str)
    phi.columns = phi.columns.astype(str)
    base = plan.catalogue.base_weights.astype({"industry": str, "activity": str})
    b = base.pivot_table(index="industry", columns="activity", values="weight", fill_value=0.0)
    acts = sorted(set(vector.index) | set(b.columns))
    full = phi.reindex(index=acts, columns=acts).to_numpy(dtype=float, copy=True)
    np.fill_diagonal(full, 1.0)  # a sector is fully related to itself
    p = vector.reindex(acts, fill_value=0.0).to_numpy()
    bm = b.reindex(columns=acts, fill_value=0.0)
    # Only the rows of the profile's sectors matter; an unknown proximity there is unknown.
    used = p > 0
    weights = bm.to_numpy()
    # Only the pairs (profile sector, base sector) with weight on both sides matter: a proximity
    # unknown elsewhere (an activity missing from the panel) must not make rho unknown.
    rho = np.array(
        [p[used] @ full[np.ix_(used, row > 0)] @ row[row > 0] for row in weights], dtype=float
    )
    info = plan.catalogue.industries.astype({"id": str}).set_index("id")
    out = pd.DataFrame({"industry": bm.index.astype(str), "relatedness_raw": rho})
    lo, hi = np.nanmin(rho), np.nanmax(rho)
    out["relatedness"] = (rho - lo) / (hi - lo) if hi > lo else np.where(np.isnan(rho), np.nan, 1.0)
    pv = vector.reindex(acts, fill_value=0.0)
    out["overlap"] = [float(np.minimum(pv, bm.loc[i]).sum()) for i in bm.index]
    out["shared_sectors"] = [
        ", ".join(a for a in acts if pv[a] > 0 and bm.at[i, a] > 0) for i in bm.index
    ]
    out["name_en"] = out["industry"].map(info["name_en"])
    out["name_zh"] = out["industry"].map(info["name_zh"])
    out["stage"] = out["industry"].map(info["stage"])
    cols = ["industry", "name_en", "name_zh", "stage", "relatedness", "relatedness_raw"]
    return (
        out[[*cols, "overlap", "shared_sectors"]]
        .sort_values(["relatedness", "industry"], ascending=[False, True], kind="mergesort")
        .reset_index(drop=True)
    )


def _capability(vector: pd.Series, plan: Any) -> pd.DataFrame:
    ra = plan.diagnosis.region_activity
    ra = ra[ra["year"] == plan.year].astype({"region": str, "activity": str})
    ra = ra[ra["activity"].isin(vector.index)]
    regions = sorted({str(r) for r in plan.types["region"]})
    grid = pd.MultiIndex.from_product([regions, list(vector.index)], names=["region", "activity"])
    cells = ra.set_index(["region", "activity"])[["mcp", "density", "rca"]].reindex(grid)
    near = cells["density"].where(cells["mcp"] == 0, 0.0)
    part = (cells["mcp"] + (1 - cells["mcp"]) * near) * vector.reindex(
        cells.index.get_level_values("activity")
    ).to_numpy()
    frame = cells.assign(part=part.to_numpy()).reset_index()
    rows = []
    for region, group in frame.groupby("region", sort=True):
        capability = group["part"].sum(min_count=len(group))  # NaN if any part is unknown
        present = group[group["mcp"] == 1]
        absent = group[group["mcp"] == 0]
        rows.append(
            {
                "region": region,
                "capability": float(capability) if pd.notna(capability) else np.nan,
                "present": ", ".join(
                    f"{a} (RCA {r:.2f})"
                    for a, r in zip(present["activity"], present["rca"], strict=True)
                ),
                "near": ", ".join(
                    f"{a} (density {d:.2f})"
                    for a, d in zip(absent["activity"], absent["density"], strict=True)
                ),
            }
        )
    return pd.DataFrame(rows)


def _reasons(row: Any) -> str:
    parts = [
        f"relatedness {row.relatedness:.2f} to its {row.best_track} item {row.best_name_en} "
        f"(rank {int(row.best_rank)}; 1 = the catalogue industry closest to the profile)"
    ]
    cap = "unknown" if pd.isna(row.capability) else f"{row.capability:.2f}"
    have = f"present: {row.present}" if row.present else "none of them present"
    near = f"; near: {row.near}" if row.near else ""
    parts.append(f"capability in the profile's sectors {cap} ({have}{near})")
    parts.append(
        "endowment fit unknown"
        if pd.isna(row.fit)
        else f"endowment fit {row.fit:.2f} for {row.best_name_en}"
    )
    parts.append(
        f"the national portfolio places {row.best_name_en} here"
        if row.allocation == 1
        else f"the national portfolio does not place {row.best_name_en} here"
    )
    if isinstance(row.type, str) and row.type:
        parts.append(f"{row.type} ({row.approach})")
    parts.append(
        f"{row.group}" + (f", {row.macro_region}" if isinstance(row.macro_region, str) else "")
    )
    if row.related_items:
        parts.append(f"related items: {row.related_items}")
    return "; ".join(parts)


def _shortlist(regions: pd.DataFrame, n: int) -> pd.DataFrame:
    groups = sorted(regions["group"].unique())
    out = pd.DataFrame({"rank": np.arange(1, n + 1, dtype=np.int64)})
    for g in groups:
        part = regions[regions["group"] == g].sort_values("rank_in_group").head(n)
        part = part.reset_index(drop=True).reindex(range(n))
        out[g] = part["region"].fillna("").to_numpy()
        out[f"{g}_score"] = part["score"].to_numpy(dtype=float)
        out[f"{g}_item"] = part["best_name_en"].fillna("").to_numpy()
    return out


def find_partners(
    plan: Any,
    profile: pd.DataFrame | str | os.PathLike[str],
    *,
    coordination: CoordinateResult | None = None,
    scheme: str = "auto",
    terms: str | os.PathLike[str] | None = None,
    fuzzy_cutoff: float = 0.8,
    weights: Mapping[str, float] | None = None,
    shortlist: int = 5,
) -> PartnerResult:
    """Rank the regions whose cultivate and prepare lists relate to a profile.

    Parameters
    ----------
    plan : PlanResult
        The plan of the regions (:func:`yindi.plan`).
    profile : DataFrame or path
        ``code`` or ``term``, ``weight`` and optional ``scheme`` per row
        (:mod:`~yindi.stages.evaluate.partners._profile`).
    coordination : CoordinateResult, optional
        The national allocation (default: :func:`yindi.coordinate` of ``plan``).
    scheme : {"auto", "isic4", "nace2", "hs"}
        How codes without a ``scheme`` cell are read.
    terms : path, optional
        Term dictionary (YAML) for ``term`` rows; default the shipped one.
    fuzzy_cutoff : float
        Lowest similarity accepted as a fuzzy term match.
    weights : mapping, optional
        Weights of relatedness, capability, fit and allocation (>= 0, summing to 1); default
        :data:`PARTNER_WEIGHTS`.
    shortlist : int
        Regions per group in the side-by-side shortlist.
    """
    check(scheme=scheme, fuzzy_cutoff=fuzzy_cutoff, shortlist=shortlist)
    w = dict(PARTNER_WEIGHTS if weights is None else weights)
    check_weights("weights", w, PARTNER_WEIGHTS)
    if isinstance(profile, pd.DataFrame):
        frame = profile
        source: dict[str, Any] = {"source": frame.attrs.get("source", "DataFrame")}
    else:
        frame = read_profile(profile)
        source = {
            "source": str(profile),
            "sha256": hashlib.sha256(Path(profile).read_bytes()).hexdigest(),
        }
    dictionary = load_terms(terms, catalogue=plan.catalogue, activities=plan.activities)
    vector, profile_table = profile_vector(
        frame,
        activities=plan.activities,
        catalogue=plan.catalogue,
        dictionary=dictionary,
        scheme=scheme,
        fuzzy_cutoff=fuzzy_cutoff,
    )
    coord = coordination if coordination is not None else coordinate(plan)
    industries = _relatedness(vector, plan)
    capability = _capability(vector, plan)
    paths = plan.paths.astype({"region": str, "industry": str})
    items = paths[paths["track"].isin(list(_TRACK_ORDER))][
        ["region", "track", "rank", "industry", "name_en"]
    ]
    opp = plan.opportunities.astype({"region": str, "industry": str})
    opp = opp.assign(fit_known=opp["fit"].where(opp["confidence"] > 0))
    alloc = coord.allocation.astype({"region": str, "industry": str})
    chosen = set(
        zip(
            alloc.loc[alloc["selected"], "region"],
            alloc.loc[alloc["selected"], "industry"],
            strict=True,
        )
    )
    m = items.merge(industries[["industry", "relatedness"]], on="industry", how="left")
    m = m.merge(capability[["region", "capability"]], on="region", how="left")
    m = m.merge(
        opp[["region", "industry", "fit_known"]].rename(columns={"fit_known": "fit"}),
        on=["region", "industry"],
        how="left",
    )
    m["allocation"] = [
        1.0 if k in chosen else 0.0 for k in zip(m["region"], m["industry"], strict=True)
    ]
    parts = m[list(w)].astype(float)
    ws = pd.Series(w, dtype=float)
    known = parts.notna().mul(ws, axis=1).sum(axis=1)
    m["score"] = parts.mul(ws, axis=1).sum(axis=1, min_count=1) / known.where(known > 0)
    m["score_confidence"] = known
    m["_t"] = m["track"].map(_TRACK_ORDER)
    m = m.sort_values(
        ["region", "score", "_t", "rank", "industry"],
        ascending=[True, False, True, True, True],
        na_position="last",
        kind="mergesort",
    ).drop(columns="_t")
    best = m.groupby("region", sort=True).head(1).set_index("region")
    rel = m[m["relatedness"] >= RELATED_ITEM]
    items = [
        f"{n} ({t} {int(k)}, {r:.2f})"
        for n, t, k, r in zip(
            rel["name_en"], rel["track"], rel["rank"], rel["relatedness"], strict=True
        )
    ]
    # joined per region in row order (no groupby.apply: pandas 2.1 has no include_groups)
    related = (
        pd.Series(items, index=rel.index, dtype=object)
        .groupby(rel["region"], sort=True)
        .agg("; ".join)
    )
    meta = plan.regions.astype({"region": str}).set_index("region")
    types = plan.types.astype({"region": str}).set_index("region")
    coastal = meta["coastal"] if "coastal" in meta.columns else pd.Series(dtype=object)
    reg = pd.DataFrame(
        {
            "region": best.index,
            "name_zh": [
                meta["name_zh"].get(r, "") if "name_zh" in meta else "" for r in best.index
            ],
            "group": [
                "all"  # a dataset without a coastal flag: one group
                if "coastal" not in meta.columns
                else ("coastal" if bool(coastal[r]) else "inland")
                if r in coastal.index and pd.notna(coastal[r])
                else "unknown"
                for r in best.index
            ],
            "macro_region": [
                meta["macro_region"].get(r, np.nan) if "macro_region" in meta else np.nan
                for r in best.index
            ],
            "type": [types["type"].get(r, "") for r in best.index],
            "approach": [types["approach"].get(r, "") for r in best.index],
            "score": best["score"].to_numpy(dtype=float),
            "score_confidence": best["score_confidence"].to_numpy(dtype=float),
            "best_industry": best["industry"].to_numpy(),
            "best_name_en": best["name_en"].to_numpy(),
            "best_track": best["track"].to_numpy(),
            "best_rank": best["rank"].to_numpy(dtype=np.int64),
            "relatedness": best["relatedness"].to_numpy(dtype=float),
            "capability": best["capability"].to_numpy(dtype=float),
            "fit": best["fit"].to_numpy(dtype=float),
            "allocation": best["allocation"].to_numpy(dtype=float),
            "related_items": [related.get(r, "") for r in best.index],
        }
    )
    reg = reg.merge(capability[["region", "present", "near"]], on="region", how="left")
    reg = reg.sort_values(
        ["score", "region"], ascending=[False, True], na_position="last", kind="mergesort"
    ).reset_index(drop=True)
    reg.insert(0, "rank", np.arange(1, len(reg) + 1, dtype=np.int64))
    reg.insert(4, "rank_in_group", (reg.groupby("group").cumcount() + 1).astype(np.int64))
    reg["reasons"] = [_reasons(r) for r in reg.itertuples(index=False)]
    reg = reg.drop(columns=["present", "near"])
    matches = m[
        [
            "region",
            "track",
            "rank",
            "industry",
            "name_en",
            "score",
            "score_confidence",
            "relatedness",
            "capability",
            "fit",
            "allocation",
        ]
    ].reset_index(drop=True)
    return PartnerResult(
        regions=reg,
        shortlist=_shortlist(reg, shortlist),
        matches=matches,
        industries=industries,
        profile=profile_table,
        options={
            "scheme": scheme,
            "weights": w,
            "fuzzy_cutoff": fuzzy_cutoff,
            "shortlist": shortlist,
            "related_item": RELATED_ITEM,
            "terms": dictionary.source,
            "coordinate": dict(coord.options),
        },
        inputs={"plan": dict(plan.inputs), "plan_year": plan.year, "profile": source},
    )
