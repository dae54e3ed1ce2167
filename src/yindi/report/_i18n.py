"""The report's language: ``t`` for the page's own words, ``sentence`` for the stages' sentences.

The report is rendered inside :func:`language`; ``t("English text", **fields)`` returns the text
in that language (``str.format`` fields filled after translation), and ``sentence`` hands the
stages' generated sentences (reasons, evidence, warnings) to the clause translator of ``_zh``.
A text with no translation stays English and is recorded in the misses :func:`language` yields,
so a test can require none. Presentation only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from yindi.report._zh_ui import UI

__all__ = ["LANGS", "Language", "current", "language", "sentence", "t"]

LANGS = ("en", "zh")
_WORD = re.compile(r"[a-z]{3,}")


@dataclass
class Language:
    """The language a report is rendered in and what it could not translate."""

    code: str = "en"
    translator: Any = None  # ``_zh.Translator`` for the stages' sentences, zh only
    misses: set[str] = field(default_factory=set)

    @property
    def zh(self) -> bool:
        return self.code == "zh"


_CURRENT: ContextVar[Language | None] = ContextVar("yindi_report_language", default=None)
_ENGLISH = Language()  # outside ``language``: English, and nothing is ever recorded


def current() -> Language:
    return _CURRENT.get() or _ENGLISH


@contextmanager
def language(
    code: str,
    result: Any = None,
    *,
    names: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> Iterator[Language]:
    """Render in ``code`` ("en" or "zh"); for Chinese the sentence translator takes the names
    and texts of ``result`` (a plan result: regions, sectors, industries, catalogue texts),
    or the ``names`` and ``texts`` given (a page without a plan: the evaluate report)."""
    if code not in LANGS:
        raise ValueError(f"report language {code!r}: use one of {', '.join(LANGS)}")
    translator = None
    if code == "zh":
        from yindi.report._zh import Translator, lookups

        found = lookups(result) if result is not None else ({}, {})
        translator = Translator(found[0] | dict(names or {}), found[1] | dict(texts or {}))
    lang = Language(code, translator)
    token = _CURRENT.set(lang)
    try:
        yield lang
    finally:
        _CURRENT.reset(token)


def t(text: str, /, **fields: object) -> str:
    """``text`` in the current language, with ``fields`` filled in (``str.format``)."""
    lang = current()
    out = text
    if lang.zh:
        zh = UI.get(text)
        if zh is not None:
            out = zh
        elif _WORD.search(text):  # codes and numbers alone ("RCA 2012") need no translation
            lang.misses.add(text)
    return out.format(**fields) if fields else out


def sentence(text: object) -> str:
    """A sentence a stage generated (reasons, evidence, warnings) in the current language."""
    lang = current()
    raw = "" if text is None else str(text)
    if not lang.zh or not raw or raw == "nan":
        return raw
    out: str = lang.translator.sentence(raw)
    lang.misses.update(f"sentence: {m}" for m in lang.translator.misses)
    lang.translator.misses.clear()
    return out
