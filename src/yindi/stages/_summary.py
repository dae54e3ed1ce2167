"""A small summary object that renders as text (``str``) and HTML (``_repr_html_``)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

__all__ = ["Summary"]


@dataclass(frozen=True)
class Summary:
    title: str
    header: Mapping[str, str]
    tables: Mapping[str, pd.DataFrame]

    def __str__(self) -> str:
        width = max((len(k) for k in self.header), default=0)
        lines = [self.title, "=" * len(self.title)]
        lines += [f"{k:<{width}}  {v}" for k, v in self.header.items()]
        for name, table in self.tables.items():
            lines += ["", name, "-" * len(name), table.to_string(index=False, float_format="%.3f")]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in self.header.items()
        )
        parts = [f"<h3>{html.escape(self.title)}</h3><table>{rows}</table>"]
        for name, table in self.tables.items():
            parts.append(f"<h4>{html.escape(name)}</h4>")
            parts.append(table.to_html(index=False, float_format="%.3f", border=0))
        return "\n".join(parts)
