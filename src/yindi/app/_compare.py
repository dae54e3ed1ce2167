"""Page: two runs side by side (``?page=compare&a=<id>&b=<id>``): the coordinated allocation
(items only in A, only in B, in both; per region), the scores of the plan's lists and the rank
changes of each region's top picks, and the settings that differ. The differences are
:func:`yindi.store.compare_runs`'s (B minus A); the page only renders them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from yindi.app._cache import comparison, load_run
from yindi.app._text import NameBook, md, plain, t
from yindi.app._widgets import View, table
from yindi.errors import YindiError
from yindi.store import RunComparison, RunInfo

__all__ = ["render"]

STATUS_LABELS = {"only A": "only in run A", "only B": "only in run B", "both": "in both runs"}
TRACK_LABELS = {"transform": "transform", "cultivate": "cultivate", "prepare": "prepare"}
NEEDS_TWO = "Comparing needs two runs in the store: save another on the Runs page."
SAME = "Choose two different runs."
B_MINUS_A = (
    "Differences are run B minus run A: a positive score difference means run B scores the "
    "item higher, a positive rank change that it fell in run B's list."
)


def _label(info: RunInfo) -> str:
    return plain(f"{info.created.replace('T', ' ')[:16]} · {info.label or info.dataset}", 120)


def _pick(key: str, query: str, ids: list[str], default: str, infos: dict[str, RunInfo]) -> str:
    wanted = st.session_state.get(key)
    if wanted not in ids:
        wanted = st.query_params.get(query, default)
    chosen = st.selectbox(
        t("Run A") if query == "a" else t("Run B"),
        ids,
        index=ids.index(wanted) if wanted in ids else ids.index(default),
        format_func=lambda r: _label(infos[r]),
        key=key,
    )
    st.query_params[query] = chosen
    return str(chosen)


def _names(view: View, infos: dict[str, RunInfo], a: str, b: str) -> NameBook:
    plans = [load_run(view.root, r, infos[r].checksum).plan for r in (b, a)]
    regions = pd.concat([p.regions for p in plans]).drop_duplicates("region", keep="last")
    industries = pd.concat([p.catalogue.industries for p in plans])
    if "id" in industries.columns:
        industries = industries.drop_duplicates("id", keep="last")
    return NameBook(regions, industries)


def _industry(frame: pd.DataFrame, names: NameBook) -> list[str]:
    en = frame["name_en"] if "name_en" in frame.columns else frame["industry"]
    zh = frame["name_zh"] if "name_zh" in frame.columns else frame["industry"]
    return [names.industry(i, e, z) for i, e, z in zip(frame["industry"], en, zh, strict=True)]


def render(view: View) -> None:
    st.header(t("Compare two runs"))
    if len(view.runs) < 2:
        st.info(t(NEEDS_TWO))
        return
    infos = {r.run_id: r for r in view.runs}
    ids = list(infos)
    left, right = st.columns(2)
    with left:
        a = _pick("compare-a", "a", ids, ids[1], infos)
    with right:
        b = _pick("compare-b", "b", ids, ids[0], infos)
    if a == b:
        st.info(t(SAME))
        return
    try:
        with st.spinner(t("Comparing the runs...")):
            diff = comparison(view.root, a, infos[a].checksum, b, infos[b].checksum)
            names = _names(view, infos, a, b)
    except YindiError as exc:
        st.error(md(exc))
        return
    st.caption(md(t(B_MINUS_A)))
    for note in diff.notes:
        st.warning(md(t(note)))
    _allocation(diff, names)
    _scores(diff, names)
    _settings(diff)


def _allocation(diff: RunComparison, names: NameBook) -> None:
    st.subheader(t("Coordinated allocation"))
    alloc = diff.allocation
    counts = alloc["status"].value_counts()
    cols = st.columns(3)
    for col, status in zip(cols, STATUS_LABELS, strict=True):
        col.metric(t(STATUS_LABELS[status]), int(counts.get(status, 0)))
    by_region = diff.by_region.assign(name=[names.region(r) for r in diff.by_region["region"]])
    by_region = by_region.assign(_size=by_region["change"].abs()).sort_values(
        ["_size", "name"], ascending=[False, True], kind="mergesort"
    )
    table(
        by_region,
        [
            ("name", "region"),
            ("items_a", "items in run A"),
            ("items_b", "items in run B"),
            ("change", "change"),
            ("gained", "gained"),
            ("lost", "lost"),
        ],
        name="compare-regions",
        key="compare-regions",
    )
    shown = alloc.assign(
        name=[names.region(r) for r in alloc["region"]],
        industry_name=_industry(alloc, names),
        track_text=[t(str(x)) if x in TRACK_LABELS else "" for x in alloc["track"]],
        status_text=[t(STATUS_LABELS[s]) for s in alloc["status"]],
    )
    table(
        shown,
        [
            ("status_text", "where"),
            ("name", "region"),
            ("industry_name", "industry"),
            ("track_text", "track"),
        ],
        name="compare-allocation",
        key="compare-allocation",
    )


def _scores(diff: RunComparison, names: NameBook) -> None:
    st.subheader(t("Scores of the plan's lists"))
    scores = diff.scores
    changed = scores[scores["difference"].fillna(1.0) != 0]
    st.caption(
        t(
            "{changed} of {total} items score differently or are in one run only; "
            "largest change first.",
            changed=len(changed),
            total=len(scores),
        )
    )
    shown = scores.assign(
        name=[names.region(r) for r in scores["region"]],
        industry_name=_industry(scores, names),
        track_text=[t(str(x)) for x in scores["track"]],
    )
    table(
        shown,
        [
            ("name", "region"),
            ("track_text", "track"),
            ("industry_name", "industry"),
            ("score_a", "score in run A"),
            ("score_b", "score in run B"),
            ("difference", "difference"),
            ("rank_a", "rank in run A"),
            ("rank_b", "rank in run B"),
        ],
        name="compare-scores",
        key="compare-scores",
        formats={"score_a": "%.3f", "score_b": "%.3f", "difference": "%+.3f"},
        height=380,
    )
    st.subheader(t("Rank changes of each region's top picks"))
    ranks = diff.ranks
    moved = ranks[ranks["rank_change"].fillna(1) != 0]
    if moved.empty:
        st.info(t("Every region's top picks keep their ranks."))
        return
    shown = moved.assign(
        name=[names.region(r) for r in moved["region"]],
        industry_name=_industry(moved, names),
        track_text=[t(str(x)) for x in moved["track"]],
    )
    table(
        shown,
        [
            ("name", "region"),
            ("track_text", "track"),
            ("industry_name", "industry"),
            ("rank_a", "rank in run A"),
            ("rank_b", "rank in run B"),
            ("rank_change", "rank change"),
        ],
        name="compare-ranks",
        key="compare-ranks",
    )


def _settings(diff: RunComparison) -> None:
    st.subheader(t("Settings that differ"))
    if diff.settings.empty:
        st.info(t("The two runs were made with the same settings."))
        return
    table(
        diff.settings,
        [("setting", "setting"), ("run_a", "run A"), ("run_b", "run B")],
        name="compare-settings",
        key="compare-settings",
    )
