"""Strategic industries in each region: endowment fit, feasibility and attractiveness.

Every score is a weighted sum of named parts in [0, 1], and the parts are kept as columns, so a
planner can see why an industry ranks where it does.

Endowment fit (per region r and industry i)
    Each quality q of :data:`yindi.data.endowments.QUALITIES` becomes a percentile score
    ``z_rq`` in [0, 1] across the regions that report it (average ranks for ties; ``lower``
    qualities reversed). ``fit_ri = sum_q w_iq z_rq / sum_{q with data} w_iq`` and
    ``confidence_ri = sum_{q with data} w_iq c_rq`` (weights sum to 1, so confidence is the
    share of the requirement weight the data could check). ``c_rq`` is the coverage of a
    partial indicator (:data:`yindi.data.endowments.COVERAGE`: the share of the power sources
    the region reports, for ``clean_power`` and ``power_surplus``), 1 for the others: a figure
    computed from part of its inputs counts only by that part. Missing data is never imputed.
    A catalogue exclusion (e.g. water per person below a limit) marks the pair ``excluded``
    with its reason; an exclusion whose indicator is missing cannot be checked and says so.

Feasibility
    ``capability_ri = sum_s w_is [M_rs + (1 - M_rs) d_rs]`` over the industry's base sectors s
    (present capabilities count fully, absent ones by their relatedness density), then
    ``feasibility = (1 - alpha) capability + alpha fit`` with ``alpha`` the industry's
    ``endowment_weight`` in the catalogue, else the plan's (0.35); where no requirement could
    be checked, feasibility is the capability alone.

National standing
    ``feasibility_rank`` is the region's rank among all regions by feasibility for the
    industry (1 = best placed, ties share the best rank, NaN where unknown) and
    ``regions_ranked`` how many regions have a known feasibility: why here rather than
    elsewhere.

Attractiveness
    ``complexity_i = sum_s w_is PCI_s`` (scaled to [0, 1] over the catalogue),
    ``gain_ri = sum_s w_is COG_rs`` (percentile over all pairs) and the catalogue's
    ``national_value_i``; ``attractiveness = 0.4 complexity + 0.3 gain + 0.3 national_value``.
    ``upgrade_ri = sum_s w_is PCI_s - mean PCI of r's present sectors`` says whether the
    industry would raise the region's complexity.

Missing values (never counted as 0)
    Density is NaN where a sector is related to no other activity (its proximity column is
    empty, :func:`yindi.measures.relatedness_density`): how near the region is to it is
    unknown. For a base sector the region has (``M_rs = 1``) that does not matter; for one it
    lacks, the pair's ``capability`` (``relatedness``, ``nearby_density``) and so its
    ``feasibility`` are NaN rather than a guess, ``reason`` names the sector, and the paths
    stage ranks such pairs after every pair with a known score. A base sector without PCI
    (or COG), a zero-ubiquity line or one missing from the panel, drops out of
    ``sum_s w_is PCI_s``, which becomes the weighted mean over the base sectors that have one
    (``reason`` gives their weight share), and is NaN where none has one; the same for COG.
    Base sectors missing from the panel count as absent capabilities (their output is 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import check_weights
from yindi.data.endowments import COVERAGE, QUALITIES, plain_name

__all__ = [
    "ATTRACTIVENESS_WEIGHTS",
    "quality_scores",
    "quality_coverage",
    "endowment_fit",
    "opportunity_table",
]

ATTRACTIVENESS_WEIGHTS = {"complexity": 0.4, "gain": 0.3, "national_value": 0.3}


def _percentile(values: pd.Series) -> pd.Series:
    """(rank - 1) / (n - 1) among non-missing values, average ranks for ties; NaN stays NaN."""
    ranks = values.rank(method="average")
    n = values.notna().sum()
    return (ranks - 1) / (n - 1) if n > 1 else ranks * np.nan


def quality_scores(
    endowments: pd.DataFrame, columns: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Region x quality percentile scores in [0, 1] (1 = best for an industry needing it).

    ``columns`` maps a quality to the column measuring it (default: the quality's indicator in
    :data:`~yindi.data.endowments.QUALITIES`; a dataset's own:
    :func:`yindi.data.endowments.quality_columns`). A quality whose column the table lacks is
    unknown (NaN) for every region.
    """
    table = endowments.set_index("region")
    out = pd.DataFrame(index=table.index)
    for name, quality in QUALITIES.items():
        column = (columns or {}).get(name, quality.indicator)
        if column not in table.columns:
            out[name] = np.nan
            continue
        score = _percentile(table[column].astype(float))
        out[name] = 1.0 - score if quality.prefer == "lower" else score
    return out


def quality_coverage(
    endowments: pd.DataFrame, columns: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Region x quality share (0-1) of the indicator's inputs the data report.

    1 for a quality whose indicator has no coverage column (in
    :data:`yindi.data.endowments.COVERAGE`) in ``endowments``; a missing coverage value where
    the indicator is known counts as 1 as well (nothing says the figure is partial).
    """
    table = endowments.set_index("region")
    out = pd.DataFrame(1.0, index=table.index, columns=list(QUALITIES))
    for name, quality in QUALITIES.items():
        column = COVERAGE.get((columns or {}).get(name, quality.indicator))
        if column is not None and column in table.columns:
            out[name] = table[column].astype(float).fillna(1.0)
    return out


def _exclusions(catalogue: Any, endowments: pd.DataFrame) -> pd.DataFrame:
    """One row per (region, industry) that an exclusion rule hits or cannot check."""
    rows = []
    raw = endowments.set_index("region")
    for rule in catalogue.exclusions.itertuples(index=False):
        # An indicator the dataset does not have is unknown everywhere: the rule is not checked.
        values = raw.get(rule.indicator, pd.Series(np.nan, index=raw.index))
        hit = values < rule.threshold if rule.op == "below" else values > rule.threshold
        for region, value in values.items():
            if pd.isna(value):
                rows.append(
                    (
                        region,
                        rule.industry,
                        False,
                        f"{plain_name(rule.indicator)} unknown: exclusion rule not checked",
                    )
                )
            elif bool(hit[region]):
                rows.append(
                    (
                        region,
                        rule.industry,
                        True,
                        f"excluded: {plain_name(rule.indicator)} = {value:.4g} is {rule.op} "
                        f"{rule.threshold:g} ({rule.reason})",
                    )
                )
    return pd.DataFrame(rows, columns=["region", "industry", "excluded", "reason"])


def endowment_fit(
    catalogue: Any, endowments: pd.DataFrame, columns: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Fit, confidence and exclusions of every region x strategic industry.

    ``columns``: quality -> endowment column (:func:`quality_scores`).

    Returns
    -------
    DataFrame ``region, industry, fit, confidence, excluded, reason``, the ``weakest`` and
    ``strongest`` required qualities with their scores, ``checked`` (how many required
    qualities have data), and one column ``part_<quality>`` per
    required quality (its weighted contribution, NaN where unknown).
    """
    scores = quality_scores(endowments, columns)
    coverage = quality_coverage(endowments, columns)
    req = catalogue.requirements
    rows = []
    for industry, group in req.groupby("industry", sort=False):
        weights = group.set_index("quality")["weight"]
        z = scores[weights.index]
        known = z.notna()
        weight_known = known.mul(weights, axis=1).sum(axis=1)
        contrib = z.mul(weights, axis=1)
        fit = contrib.sum(axis=1, min_count=1) / weight_known.where(weight_known > 0)
        cov = coverage[weights.index]
        # A partial indicator (coverage < 1) counts in the confidence only by its coverage.
        confidence = weight_known
        if (cov < 1).to_numpy().any():
            confidence = (known * cov).mul(weights, axis=1).sum(axis=1)
        frame = pd.DataFrame(
            {
                "region": scores.index,
                "industry": industry,
                "fit": fit.to_numpy(),
                "confidence": confidence.to_numpy(),
            }
        )
        # The requirement that holds the region back most, and the one it meets best.
        has_any = known.any(axis=1).to_numpy()
        frame["weakest"] = np.where(has_any, z.fillna(np.inf).idxmin(axis=1), "")
        frame["weakest_score"] = np.where(has_any, z.min(axis=1), np.nan)
        frame["strongest"] = np.where(has_any, z.fillna(-np.inf).idxmax(axis=1), "")
        frame["strongest_score"] = np.where(has_any, z.max(axis=1), np.nan)
        frame["checked"] = known.sum(axis=1).to_numpy().astype(np.int64)
        for q in weights.index:
            frame[f"part_{q}"] = contrib[q].to_numpy()
        rows.append(frame)
    out = pd.concat(rows, ignore_index=True)
    excl = _exclusions(catalogue, endowments)
    if excl.empty:
        out["excluded"], out["reason"] = False, ""
    else:
        agg = excl.groupby(["region", "industry"], sort=False).agg(
            excluded=("excluded", "any"), reason=("reason", "; ".join)
        )
        out = out.merge(agg.reset_index(), on=["region", "industry"], how="left")
        out["excluded"] = out["excluded"].eq(True)  # pairs no rule touched are not excluded
        out["reason"] = out["reason"].fillna("")
    first = ["region", "industry", "fit", "confidence", "excluded", "reason"]
    out = out[first + [c for c in out.columns if c not in first]]
    return out.sort_values(["region", "industry"], kind="mergesort").reset_index(drop=True)


def _gap_notes(pairs: pd.DataFrame, base: pd.DataFrame, flagged: pd.DataFrame) -> pd.Series:
    """For each flagged (region, industry), the sentence naming which base sectors lack what."""
    notes: dict[tuple[str, str], str] = {}
    wanted = pd.MultiIndex.from_frame(flagged[["region", "industry"]].astype(str))
    keys = pd.MultiIndex.from_arrays([pairs["region"].astype(str), pairs["industry"].astype(str)])
    sub = pairs[keys.isin(wanted)]
    # Plain arrays: thousands of pairs (282 EU regions x 19 industries) stay fast.
    activity = sub["activity"].astype(str).to_numpy()
    no_density_at = sub["no_density"].to_numpy(dtype=bool)
    known = {"PCI": sub["pci"].notna().to_numpy(), "COG": sub["cog"].notna().to_numpy()}
    sectors_of = {
        str(i): list(zip(g["activity"].astype(str), g["weight"].astype(float), strict=True))
        for i, g in base.groupby("industry")
    }
    groups = sub.groupby(["region", "industry"], sort=True).indices
    for (region, industry), rows in groups.items():
        sectors = sectors_of[str(industry)]
        total = sum(w for _, w in sectors)
        texts = []
        no_density = activity[rows][no_density_at[rows]].tolist()
        if no_density:
            texts.append(
                "related capability unknown: no relatedness density for absent base "
                f"sector(s) {', '.join(no_density)} (related to no other activity)"
            )
        for what, ok in known.items():
            have = set(activity[rows][ok[rows]])
            lacking = [(a, w) for a, w in sectors if a not in have]
            if lacking:
                share = 1.0 - sum(w for _, w in lacking) / total
                texts.append(
                    f"{what} unknown for base sector(s) {', '.join(a for a, _ in lacking)}: "
                    + (
                        f"{what} of the others ({share:.0%} of the weight) used"
                        if share > 0
                        else f"no base sector has a {what}"
                    )
                )
        notes[(str(region), str(industry))] = "; ".join(texts)
    if not notes:  # an empty MultiIndex cannot be built from no tuples in older pandas
        return pd.Series(dtype=object)
    index = pd.MultiIndex.from_tuples(list(notes), names=["region", "industry"])
    return pd.Series(list(notes.values()), index=index, dtype=object)


def opportunity_table(
    catalogue: Any,
    diagnosis: Any,
    fit: pd.DataFrame,
    year: int,
    *,
    endowment_weight: float = 0.35,
    attractiveness_weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Feasibility and attractiveness of every region x strategic industry, with their parts.

    ``attractiveness_weights`` weigh complexity, gain and national value (default
    :data:`ATTRACTIVENESS_WEIGHTS`; numbers >= 0 summing to 1).

    Missing values are never counted as 0 (see the module docstring, "Missing values"): an
    unknown density of a base sector the region lacks makes the pair's capability (and so its
    feasibility) NaN; base PCI and COG are weighted means over the base sectors that have
    them, NaN where none has. ``reason`` names every such gap.
    """
    ra = diagnosis.region_activity
    ra = ra[ra["year"] == year].astype({"region": str, "activity": str})
    base = catalogue.base_weights
    pairs = ra.merge(base, on="activity", how="inner")  # region, activity, ..., industry, weight
    pairs["present"] = pairs["weight"] * pairs["mcp"]
    # Density is NaN, never 0, where the sector is related to no other (relatedness_density);
    # for a sector the region has, the capability is known (M = 1) whatever the density.
    pairs["nearby"] = (
        pairs["weight"] * (1 - pairs["mcp"]) * pairs["density"].where(pairs["mcp"] == 0, 0.0)
    )
    pairs["no_density"] = pairs["nearby"].isna()
    pairs["w_pci"] = pairs["weight"] * pairs["pci"]
    pairs["w_cog"] = pairs["weight"] * pairs["cog"]
    for col in ("pci", "cog"):
        pairs[f"{col}_weight"] = pairs["weight"].where(pairs[col].notna(), 0.0)
        pairs[f"{col}_known"] = pairs[col].notna().astype(np.int64)
    agg = pairs.groupby(["region", "industry"], as_index=False)[
        ["weight", "present", "nearby", "w_pci", "w_cog", "no_density"]
        + ["pci_weight", "cog_weight", "pci_known", "cog_known"]
    ].sum()
    agg.loc[agg["no_density"] > 0, "nearby"] = np.nan
    # Base sectors missing from the panel (weight not covered) count as absent capabilities.
    agg["capability"] = agg["present"] + agg["nearby"]
    n_base = agg["industry"].map(base.groupby("industry").size())
    for col, what in (("w_pci", "pci"), ("w_cog", "cog")):
        # A weighted mean over the base sectors that have the number (NaN where none has);
        # the plain sum, untouched, where every base sector has it (weights sum to 1).
        partial = agg[f"{what}_known"] < n_base
        known_weight = agg[f"{what}_weight"].where(agg[f"{what}_weight"] > 0)
        agg[col] = agg[col].where(~partial, agg[col] / known_weight)
    gaps = _gap_notes(
        pairs,
        base,
        agg[(agg["no_density"] > 0) | (agg["pci_known"] < n_base) | (agg["cog_known"] < n_base)],
    )
    current = ra[ra["mcp"] == 1].groupby("region")["pci"].mean().rename("current_pci")
    agg = agg.merge(current, left_on="region", right_index=True, how="left")
    agg["upgrade"] = agg["w_pci"] - agg["current_pci"]
    lo, hi = agg["w_pci"].min(), agg["w_pci"].max()
    # One value for all (or none known): the middle of the scale, and unknown stays unknown.
    agg["complexity"] = (agg["w_pci"] - lo) / (hi - lo) if hi > lo else agg["w_pci"] * 0 + 0.5
    agg["gain"] = _percentile(agg["w_cog"])
    info = catalogue.industries.rename(columns={"id": "industry"})
    keep = ["industry", "name_en", "name_zh", "stage", "national_value", "endowment_weight"]
    out = agg.merge(info[[c for c in keep if c in info.columns]], on="industry", how="left")
    alpha = out.get("endowment_weight", pd.Series(np.nan, index=out.index))
    alpha = alpha.fillna(endowment_weight)  # the catalogue may set its own share per industry
    out = out.merge(
        fit[
            [
                "region",
                "industry",
                "fit",
                "confidence",
                "excluded",
                "reason",
                "weakest",
                "weakest_score",
                "strongest",
                "strongest_score",
                "checked",
            ]
        ],
        on=["region", "industry"],
        how="left",
    )
    fit_used = out["fit"].where(out["confidence"] > 0)
    out["feasibility"] = np.where(
        fit_used.notna(),
        (1 - alpha) * out["capability"] + alpha * fit_used.fillna(0),
        out["capability"],
    )
    w = dict(ATTRACTIVENESS_WEIGHTS if attractiveness_weights is None else attractiveness_weights)
    check_weights("attractiveness_weights", w, ATTRACTIVENESS_WEIGHTS)
    out["attractiveness"] = (
        w["complexity"] * out["complexity"]
        + w["gain"] * out["gain"]
        + w["national_value"] * out["national_value"]
    )
    if len(gaps):
        note = out.set_index(["region", "industry"]).index.map(gaps)
        has = note.notna()
        out.loc[has, "reason"] = [
            f"{r}; {n}" if r else n
            for r, n in zip(out.loc[has, "reason"].fillna(""), note[has], strict=True)
        ]
    out = out.rename(
        columns={
            "present": "present_share",
            "nearby": "nearby_density",
            "w_pci": "base_pci",
            "w_cog": "base_cog",
        }
    )
    out["relatedness"] = out["capability"]
    # Where the region stands among all regions for this industry: the local comparison the
    # paths lead with (1 = the best placed; ties share the best rank; unknown stays unknown).
    by_industry = out.groupby("industry")["feasibility"]
    out["feasibility_rank"] = by_industry.rank(ascending=False, method="min")
    out["regions_ranked"] = by_industry.transform("count").astype(np.int64)
    cols = [
        "region",
        "industry",
        "name_en",
        "name_zh",
        "stage",
        "feasibility",
        "attractiveness",
        "relatedness",
        "feasibility_rank",
        "regions_ranked",
        "fit",
        "confidence",
        "complexity",
        "gain",
        "national_value",
        "excluded",
        "reason",
        "present_share",
        "nearby_density",
        "base_pci",
        "base_cog",
        "current_pci",
        "upgrade",
        "weakest",
        "weakest_score",
        "strongest",
        "strongest_score",
        "checked",
    ]
    return out[cols].sort_values(["region", "industry"], kind="mergesort").reset_index(drop=True)
