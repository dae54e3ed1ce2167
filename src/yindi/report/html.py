"""A first, self-contained HTML summary of a diagnosis (no scripts, no network).

The full planning report (maps, scatter plots, networks) belongs to the plan stage; this page
shows what ``diagnose`` knows, in tables a planner can read offline.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from yindi import __version__
from yindi.stages.diagnose import DiagnoseResult

__all__ = ["diagnose_html"]

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans",Arial,sans-serif;margin:2em;color:#222;max-width:70em}
table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{padding:2px 8px;border-bottom:1px solid #ddd}
th{background:#f3f3f3;text-align:left}td{text-align:right}td:first-child{text-align:left}
.note{color:#555;font-size:90%}
"""


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, float_format=lambda v: f"{v:.3f}", border=0, na_rep="–")


def diagnose_html(
    result: DiagnoseResult,
    *,
    title: str = "yindi — regional diagnosis",
    region_names: Mapping[str, str] | None = None,
    activity_names: Mapping[str, str] | None = None,
    credits: str = "",
) -> str:
    """Render ``result`` as one HTML page: per year, regions by ECI and activities by PCI."""
    region_names = dict(region_names or {})
    activity_names = dict(activity_names or {})
    opts = result.options
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='note'>yindi {html.escape(__version__)} · source {html.escape(str(opts['source']))}"
        f" · method {html.escape(opts['method'])} · convention {html.escape(opts['convention'])}"
        f" · RCA threshold {opts['rca_threshold']} · proximity {html.escape(opts['proximity_method'])}</p>",
        "<h2>Diagnostics</h2>",
        "<p class='note'>eigengap = lambda3/lambda2 of the complexity eigenproblem; close to 1 "
        "means the ECI ranking is fragile.</p>",
        _table(result.diagnostics),
    ]
    for year in sorted(result.years, reverse=True):
        reg = result.region[result.region["year"] == year].sort_values(
            ["eci", "region"], ascending=[False, True], kind="mergesort"
        )
        reg = reg.assign(region=reg["region"].astype(str))
        reg.insert(1, "name", reg["region"].map(region_names).fillna(""))
        cols = ["region", "name", "eci", "coi", "diversity", "hhi", "krugman", "theil"]
        act = result.activity[result.activity["year"] == year].sort_values(
            ["pci", "activity"], ascending=[False, True], kind="mergesort"
        )
        act = act.assign(activity=act["activity"].astype(str))
        act.insert(1, "name", act["activity"].map(activity_names).fillna(""))
        parts += [
            f"<h2>{year}: regions by economic complexity</h2>",
            _table(reg[cols]),
            f"<h2>{year}: activities by complexity</h2>",
            _table(act[["activity", "name", "pci", "ubiquity"]]),
        ]
    if credits:
        parts.append(f"<h2>Data and credits</h2><pre class='note'>{html.escape(credits)}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)
