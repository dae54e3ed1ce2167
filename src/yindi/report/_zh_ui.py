"""Chinese for the report's own words (headings, table headers, notes, axis titles, legends).

Keys are the English texts passed to ``_i18n.t``, ``{fields}`` included; values keep the same
fields. Presentation only.
"""

from __future__ import annotations

__all__ = ["UI"]

UI: dict[str, str] = {}
