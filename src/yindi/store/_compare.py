"""Two stored runs side by side: what the coordination allocates, how the plan scores, which
settings differ.

:func:`compare_runs` only reads the runs' tables (``coordinate_allocation``, ``paths``) and
records (options, inputs, provenance); it computes differences, never a plan. The dashboard's
compare page renders its frames, and they are the same frames for a script::

    from yindi.store import Store, compare_runs
    store = Store("runs/")
    diff = compare_runs(store.load(a), store.load(b))
    diff.allocation[diff.allocation["status"] != "both"]

Sign convention: every difference is run B minus run A (B is the newer run by default on the
page), so a positive score change means B scores the item higher and a positive rank change
means the item fell in B's list.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["RunComparison", "compare_runs", "flatten"]

#: The keys the plan's lists are joined on: the region, the list and the item.
PATH_KEYS = ["region", "track", "industry"]
ALLOCATION_KEYS = ["region", "industry"]


@dataclass(frozen=True)
class RunComparison:
    """What differs between run A and run B (differences are B minus A).

    Attributes
    ----------
    allocation : DataFrame
        region, industry, name_en, name_zh, track, in_a, in_b, status (``only A``, ``only B``,
        ``both``): every item the coordination selects in either run.
    by_region : DataFrame
        region, items_a, items_b, change (items_b - items_a), gained, lost: selected items per
        region, every region either run allocates to.
    scores : DataFrame
        region, track, industry, name_en, name_zh, score_a, score_b, difference, rank_a,
        rank_b: the plan's lists (``paths``) joined on region, list and item, sorted by the
        absolute difference (items in one run only last, difference missing).
    ranks : DataFrame
        region, track, industry, name_en, name_zh, rank_a, rank_b, rank_change (rank_b -
        rank_a, positive = fell): the items among a region's ``top`` picks of a list in either
        run; rank missing where the item is not in that run's list.
    settings : DataFrame
        setting, run_a, run_b: every option, input and version that differs (JSON text).
    notes : tuple of str
        What could not be compared (a run without a coordination, without lists).
    """

    run_a: str
    run_b: str
    allocation: pd.DataFrame = field(repr=False)
    by_region: pd.DataFrame = field(repr=False)
    scores: pd.DataFrame = field(repr=False)
    ranks: pd.DataFrame = field(repr=False)
    settings: pd.DataFrame = field(repr=False)
    notes: tuple[str, ...] = ()

    def tables(self) -> dict[str, pd.DataFrame]:
        """The comparison's tables by name (fresh frames)."""
        names = ("allocation", "by_region", "scores", "ranks", "settings")
        return {n: getattr(self, n).copy() for n in names}


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """A nested record as ``dotted.key -> JSON text`` (lists stay one value)."""
    if isinstance(value, Mapping):
        out: dict[str, str] = {}
        for key in sorted(value, key=str):
            out |= flatten(value[key], f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(value, float) and value.is_integer():  # 8 and 8.0 are one setting
        value = int(value)
    return {prefix: json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)}


def _selected(run: Any) -> pd.DataFrame | None:
    coordination = getattr(run, "coordination", None)
    if coordination is None:
        return None
    alloc = coordination.allocation
    if alloc.empty or "selected" not in alloc.columns:
        return alloc.iloc[0:0].reindex(columns=ALLOCATION_KEYS)
    chosen = alloc[alloc["selected"].astype(bool)].copy()
    chosen[ALLOCATION_KEYS] = chosen[ALLOCATION_KEYS].astype(str)
    return chosen.drop_duplicates(ALLOCATION_KEYS)


def _allocation(a: pd.DataFrame, b: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    extra = ["name_en", "name_zh", "track"]
    columns = ALLOCATION_KEYS + extra
    both = pd.concat([a.reindex(columns=columns), b.reindex(columns=columns)])
    items = both.drop_duplicates(ALLOCATION_KEYS).reset_index(drop=True)
    keys_a = set(zip(a["region"], a["industry"], strict=True))
    keys_b = set(zip(b["region"], b["industry"], strict=True))
    pairs = list(zip(items["region"], items["industry"], strict=True))
    items["in_a"] = [p in keys_a for p in pairs]
    items["in_b"] = [p in keys_b for p in pairs]
    items["status"] = np.select(
        [items["in_a"] & items["in_b"], items["in_a"]], ["both", "only A"], "only B"
    )
    order = items["status"].map({"only A": 0, "only B": 1, "both": 2})
    items = items.assign(_order=order).sort_values(["_order", "region", "industry"])
    items = items.drop(columns="_order").reset_index(drop=True)
    regions = sorted(set(items["region"]))
    count_a = a.groupby("region").size()
    count_b = b.groupby("region").size()
    gained = items[items["status"] == "only B"].groupby("region").size()
    lost = items[items["status"] == "only A"].groupby("region").size()
    by_region = pd.DataFrame({"region": regions})
    for column, counts in (
        ("items_a", count_a),
        ("items_b", count_b),
        ("gained", gained),
        ("lost", lost),
    ):
        by_region[column] = [int(counts.get(r, 0)) for r in regions]
    by_region.insert(3, "change", by_region["items_b"] - by_region["items_a"])
    return items, by_region


def _paths(run: Any) -> pd.DataFrame | None:
    frames = getattr(run.plan, "frames", {})
    paths = frames.get("paths") if isinstance(frames, Mapping) else None
    if paths is None:
        return None
    out = paths.copy()
    out[PATH_KEYS] = out[PATH_KEYS].astype(str)
    return out.drop_duplicates(PATH_KEYS)


def _scores(a: pd.DataFrame, b: pd.DataFrame, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = [c for c in ("name_en", "name_zh") if c in a.columns or c in b.columns]
    left = a.reindex(columns=[*PATH_KEYS, *names, "score", "rank"])
    right = b.reindex(columns=[*PATH_KEYS, *names, "score", "rank"])
    merged = left.merge(right, on=PATH_KEYS, how="outer", suffixes=("_a", "_b"))
    for name in names:  # the item's names from whichever run has it
        merged[name] = merged[f"{name}_a"].combine_first(merged[f"{name}_b"])
    merged["difference"] = merged["score_b"] - merged["score_a"]
    merged["_size"] = merged["difference"].abs()
    scores = merged.sort_values(
        ["_size", *PATH_KEYS], ascending=[False, True, True, True], na_position="last"
    )
    scores = scores[[*PATH_KEYS, *names, "score_a", "score_b", "difference", "rank_a", "rank_b"]]
    scores = scores.reset_index(drop=True)
    top_rows = scores[(scores["rank_a"] <= top) | (scores["rank_b"] <= top)].copy()
    top_rows["rank_change"] = top_rows["rank_b"] - top_rows["rank_a"]
    ranks = top_rows.sort_values(PATH_KEYS, kind="mergesort")[
        [*PATH_KEYS, *names, "rank_a", "rank_b", "rank_change"]
    ].reset_index(drop=True)
    for frame in (scores, ranks):
        for column in ("rank_a", "rank_b", "rank_change"):
            if column in frame.columns:
                frame[column] = frame[column].astype("Int64")
    return scores, ranks


def _records(run: Any) -> dict[str, str]:
    plan = run.plan
    record: dict[str, Any] = {
        "plan": {"year": plan.year, "options": dict(plan.options), "inputs": dict(plan.inputs)},
        "provenance": {
            k: v for k, v in plan.provenance.items() if k not in ("options", "created", "run_id")
        },
    }
    coordination = getattr(run, "coordination", None)
    if coordination is not None:
        record["coordination"] = {
            "options": dict(coordination.options),
            "inputs": dict(coordination.inputs),
        }
    return flatten(record)


def _settings(a: Any, b: Any) -> pd.DataFrame:
    left, right = _records(a), _records(b)
    rows = [
        {"setting": key, "run_a": left.get(key, ""), "run_b": right.get(key, "")}
        for key in sorted(set(left) | set(right))
        if left.get(key) != right.get(key)
    ]
    return pd.DataFrame(rows, columns=["setting", "run_a", "run_b"])


def compare_runs(run_a: Any, run_b: Any, *, top: int = 3) -> RunComparison:
    """Compare two stored runs (:class:`~yindi.store.StoredRun`); differences are B minus A.

    Parameters
    ----------
    run_a, run_b : StoredRun
        Runs read back with :meth:`yindi.store.Store.load` (anything with ``info``, ``plan``
        with ``frames`` and ``coordination``).
    top : int
        How many of each region's picks per list the rank table follows.

    Returns
    -------
    RunComparison
        Allocation, per-region counts, scores, top-pick ranks and settings that differ.
    """
    if top < 1:
        raise ValueError(f"top={top}: use 1 or more picks per list")
    notes = []
    sel_a, sel_b = _selected(run_a), _selected(run_b)
    for which, sel in (("A", sel_a), ("B", sel_b)):
        if sel is None:
            notes.append(f"run {which} has no coordination: its allocation counts as empty")
    empty = pd.DataFrame(columns=ALLOCATION_KEYS)
    allocation, by_region = _allocation(
        empty if sel_a is None else sel_a, empty if sel_b is None else sel_b
    )
    paths_a, paths_b = _paths(run_a), _paths(run_b)
    for which, paths in (("A", paths_a), ("B", paths_b)):
        if paths is None:
            notes.append(f"run {which} has no paths table: its scores count as missing")
    none = pd.DataFrame(columns=[*PATH_KEYS, "score", "rank"])
    scores, ranks = _scores(
        none if paths_a is None else paths_a, none if paths_b is None else paths_b, top
    )
    return RunComparison(
        run_a=str(run_a.info.run_id),
        run_b=str(run_b.info.run_id),
        allocation=allocation,
        by_region=by_region,
        scores=scores,
        ranks=ranks,
        settings=_settings(run_a, run_b),
        notes=tuple(notes),
    )
