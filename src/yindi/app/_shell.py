"""The dashboard's frame: access gate, language, the open run, the pages.

Every rerun: page settings; the access gate (nothing else is drawn until it passes); the
language (``?lang=zh`` or the sidebar); the store and its runs; the open run (``?run=<id>``,
default the newest), read and checked once per server; then the chosen page (``?page=``).
The address keeps the page, run, region and language, so a view can be bookmarked or sent.
Presentation only.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from yindi.app import _compare, _coordinate, _overview, _productivity, _region, _runs, _stress
from yindi.app._auth import authorised
from yindi.app._cache import load_run, open_store
from yindi.app._serve import AppSettings
from yindi.app._text import NameBook, md, plain, t
from yindi.app._widgets import OPEN_RUN, View
from yindi.errors import YindiError
from yindi.report._i18n import language

__all__ = ["MISSES", "PAGES", "main"]

MISSES = "_yindi_untranslated"

#: page key -> (English title, renderer); the runs page works without an open run.
PAGES: dict[str, tuple[str, Callable[[View], None]]] = {
    "overview": ("National overview", _overview.render),
    "region": ("Regions", _region.render),
    "coordinate": ("Coordinated national portfolio", _coordinate.render),
    "stress": ("Stress tests", _stress.render),
    "productivity": ("Productivity", _productivity.render),
    "runs": ("Runs", _runs.render),
    "compare": ("Compare two runs", _compare.render),
}
LANGUAGES = {"en": "English", "zh": "中文"}


def _choice(key: str, query: str, options: list[str], default: str) -> str:
    """A sidebar choice's value before it is drawn: the widget's, the address's, a default."""
    value = st.session_state.get(key)
    if value not in options:
        value = st.query_params.get(query, default)
    return value if value in options else default


def main() -> None:
    settings = AppSettings.from_env()
    st.set_page_config(page_title="yindi", layout="wide")
    lang = _choice("lang-select", "lang", list(LANGUAGES), settings.lang)
    # st.stop() returns when there is no script run (the script imported in bare mode), so
    # every stop is followed by a return: nothing below may run (Store(str(None)) made a
    # folder "None" where the script was imported).
    with language(lang):
        if not authorised(settings.token):
            st.stop()
            return
    if settings.store is None:
        with language(lang):
            st.error(t("Start the dashboard with yindi serve --store DIR."))
        st.stop()
        return
    try:
        store = open_store(str(settings.store))
        runs = store.runs()
    except YindiError as exc:
        with language(lang):
            st.error(md(exc))
        st.stop()
        return
    ids = [r.run_id for r in runs]
    if st.session_state.get(OPEN_RUN) in ids:  # a run just saved: open it
        st.session_state["run-select"] = st.session_state.pop(OPEN_RUN)
    run_id = _choice("run-select", "run", ids, ids[0] if ids else "")
    run = None
    problem = ""
    if run_id:
        info = next(r for r in runs if r.run_id == run_id)
        try:
            run = load_run(str(settings.store), run_id, info.checksum)
        except YindiError as exc:
            problem = str(exc)
    with language(lang, run.plan if run is not None else None) as spoken:
        names = None
        if run is not None:
            names = NameBook(run.plan.regions, run.plan.catalogue.industries)
        pages = list(PAGES) if run is not None else ["runs", "compare"]
        with st.sidebar:
            st.markdown("**yindi** 因地")
            lang = st.radio(
                "Language / 语言",
                list(LANGUAGES),
                index=list(LANGUAGES).index(lang),
                format_func=LANGUAGES.__getitem__,
                horizontal=True,
                key="lang-select",
            )
            page = st.radio(
                t("Show"),
                pages,
                index=pages.index(_choice("page-select", "page", pages, pages[0])),
                format_func={p: t(PAGES[p][0]) for p in pages}.__getitem__,
                key="page-select",
            )
            if ids:
                st.selectbox(
                    t("Run"),
                    ids,
                    index=ids.index(run_id),
                    format_func=lambda r: plain(_run_name(runs, r), 120),
                    key="run-select",
                )
        st.query_params["lang"] = lang
        st.query_params["page"] = page
        if run_id:
            st.query_params["run"] = run_id
        if problem:
            st.error(md(problem))
        view = View(settings, store, runs, run, names, lang)
        PAGES[page][1](view)
    # What had no translation (tests require none): kept for the session, never shown.
    st.session_state[MISSES] = sorted(spoken.misses)


def _run_name(runs: list, run_id: str) -> str:
    info = next(r for r in runs if r.run_id == run_id)
    return f"{info.created.replace('T', ' ')[:16]} · {info.label or info.dataset}"
