"""Text the dashboard shows: names in the chosen language, escaped for where they go.

Region, activity and run names come from users' files. Streamlit renders markdown (links,
images, colour directives, maths) in headings, captions and messages, and plotly renders
HTML in hover labels, so every name passes through :func:`md` or :func:`hover` on its way
there; tables (``st.dataframe``) show cells as plain text. :func:`t` translates the
dashboard's words (the pages added after the report's dictionary have theirs in
:mod:`yindi.app._zh`). Presentation only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import pandas as pd

from yindi.app._zh import APP_UI
from yindi.report._i18n import current
from yindi.report._i18n import t as _report_t

__all__ = ["ZWSP", "NameBook", "hover", "md", "plain", "t"]

# Every ASCII punctuation mark markdown, Streamlit's directives (:red[...], :material/x:) or
# its maths ($...$) could read.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&\"'/^%@,;?])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# GitHub-flavoured markdown turns bare addresses into links after escapes are resolved
# (http://..., www...., a@b.c); a zero-width space after "://", "www." and "@" stops it.
_AUTOLINK = re.compile(r"(://|(?i:www)\.|@)")
ZWSP = "\u200b"


def t(text: str, /, **fields: object) -> str:
    """``text`` in the current language: the dashboard's own words (:data:`APP_UI`) first,
    then the report's (whose misses the shell records, so tests can require none)."""
    if current().zh and text in APP_UI:
        out = APP_UI[text]
        return out.format(**fields) if fields else out
    return _report_t(text, **fields)


def plain(text: object, limit: int = 200) -> str:
    """``text`` as one line without control characters, at most ``limit`` characters."""
    out = _CONTROL.sub(" ", "" if text is None else str(text)).replace("\n", " ").strip()
    return out if len(out) <= limit else out[: limit - 1] + "…"


def md(text: object, limit: int = 2000) -> str:
    """``text`` made literal for Streamlit markdown: every punctuation mark escaped, and a
    zero-width space where a bare address would become a link."""
    return _MARKDOWN.sub(r"\\\1", _AUTOLINK.sub(r"\1" + ZWSP, plain(text, limit)))


def hover(text: object) -> str:
    """``text`` made literal for a plotly hover label (HTML-escaped)."""
    return html.escape(plain(text), quote=True)


class NameBook:
    """Region, activity and industry names, the chosen language's first."""

    def __init__(self, regions: pd.DataFrame, industries: pd.DataFrame | None = None) -> None:
        self.zh = self._column(regions, "region", "name_zh")
        self.en = self._column(regions, "region", "name_en")
        self.industry_zh: Mapping[str, str] = {}
        self.industry_en: Mapping[str, str] = {}
        if industries is not None and len(industries):
            self.industry_zh = self._column(industries, "id", "name_zh")
            self.industry_en = self._column(industries, "id", "name_en")

    @staticmethod
    def _column(frame: pd.DataFrame, key: str, column: str) -> dict[str, str]:
        if key not in frame.columns or column not in frame.columns:
            return {}
        return {
            str(k): str(v)
            for k, v in zip(frame[key], frame[column], strict=True)
            if isinstance(v, str) and v.strip()
        }

    def region(self, region: object) -> str:
        """``甘肃 Gansu`` in Chinese, ``Gansu 甘肃`` in English; the id where no name."""
        rid = str(region)
        zh = self.zh.get(rid, "")
        en = self.en.get(rid, rid)
        first, second = (zh, en) if current().zh else (en, zh)
        names = [n for n in (first or rid, second) if n]
        if rid not in names and not (en == rid or zh == rid):
            names.append(rid)
        return plain(" ".join(dict.fromkeys(names)))

    def industry(self, industry: object, name_en: object = None, name_zh: object = None) -> str:
        iid = str(industry)
        en = str(name_en) if isinstance(name_en, str) else self.industry_en.get(iid, iid)
        zh = str(name_zh) if isinstance(name_zh, str) else self.industry_zh.get(iid, "")
        return plain(zh or en) if current().zh else plain(en)
