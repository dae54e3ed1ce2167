"""Page furniture of the planning report: cases shown, colours, labels, CSS, scripts, HTML bits.

Presentation only: nothing here is used by a computation.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from yindi.report import _figures
from yindi.report._figures import fmt
from yindi.report._i18n import sentence, t


@dataclass(frozen=True)
class Case:
    """A well-known case shown side by side. Presentation only: never used in a computation.

    ``industries`` are catalogue or activity ids; ``keywords`` also match catalogue industries by
    English name (so a case survives a renamed id); the top items of ``tracks`` are shown
    whatever their industry; ``endowments`` are raw indicators shown with the national median.
    """

    title: str
    regions: tuple[str, ...]
    industries: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    endowments: tuple[str, ...] = ()
    note: str = ""


CASES: tuple[Case, ...] = (
    Case(
        "Guizhou and data centres",
        ("Guizhou",),
        ("data_centres",),
        ("data centre",),
        endowments=(
            "cooling_degree_days",
            "clean_power_share",
            "power_generation_to_consumption",
            "mw55_events_per_10k_km2",
        ),
        note="Cool, stable, power-exporting: the 'east data, west computing' (东数西算) hub.",
    ),
    Case(
        "Sichuan: electronics and AI / computing",
        ("Sichuan",),
        ("S20", "S31", "ai_computing"),
        ("artificial intelligence", "computing", "integrated circuit"),
        endowments=("clean_power_share", "rd_intensity_pct", "rd_personnel_per_10k"),
        note="A large electronics cluster (Chengdu, Mianyang) with abundant hydropower.",
    ),
    Case(
        "Gansu: water-limited agriculture",
        ("Gansu",),
        ("S01", "modern_agriculture"),
        ("agricultur",),
        endowments=("water_per_capita_m3", "land_per_capita_km2", "annual_mean_temp_c"),
        note="Farming where water, not land, is the binding constraint.",
    ),
    Case(
        "Northeast old industrial bases",
        ("Liaoning", "Jilin", "Heilongjiang"),
        tracks=("transform", "cultivate"),
        endowments=("rd_intensity_pct", "gdp_per_capita_cny"),
        note="Heavy industry, state firms, population loss: revitalisation (东北振兴).",
    ),
)

TYPE_COLOURS = {  # Okabe-Ito, colour-blind safe
    "innovation hub": "#0072B2",
    "advanced-manufacturing base": "#E69F00",
    "old industrial base in transition": "#CC79A7",
    "resource-based economy": "#D55E00",
    "ecological/agricultural zone": "#009E73",
    "diversified economy": "#56B4E9",
}
APPROACH_COLOURS = {
    "frontier": "#08306b",
    "light touch": "#4292c6",
    "parsimonious": "#fdae6b",
    "strategic bets": "#d94801",
}
SPARE_COLOURS = ("#F0E442", "#999999", "#7f3b08", "#542788", "#1b7837", "#b2182b")
TRACKS = (
    ("transform", "Transform", "upgrade traditional strengths"),
    ("cultivate", "Cultivate", "emerging industries that are near and valuable"),
    ("prepare", "Prepare", "future industries reachable through institutions and R&D"),
)
TOP_STRENGTHS = 8
#: column (of ``types`` or ``endowments``) -> (label, number format); shown in this order.
INDICATORS = {
    "gdp_per_capita_cny": ("GDP per capita (CNY)", "{:,.0f}"),
    "eci": ("Economic complexity (ECI)", "{:.2f}"),
    "coi": ("Complexity outlook (COI)", "{:.2f}"),
    "rd_intensity_pct": ("R&D intensity (% of GDP)", "{:.2f}"),
    "resource_share": ("Mining and resource processing, share of output", "{:.1%}"),
    "manufacturing_share": ("Manufacturing, share of output", "{:.1%}"),
    "agriculture_share": ("Agriculture, share of output", "{:.1%}"),
    "services_share": ("Services, share of output", "{:.1%}"),
    "heavy_share": ("Heavy industry, share of output", "{:.1%}"),
    "gdp_growth_pct_pa": ("Nominal GDP growth (% a year)", "{:.1f}"),
    "gdp_100m_cny": ("GDP (100 million CNY)", "{:,.0f}"),
    "rd_personnel_per_10k": ("R&D personnel per 10,000 people", "{:.1f}"),
    "invention_grants_per_10k": ("Invention patents granted per 10,000 people", "{:.2f}"),
    "carbon_intensity_t_per_10k_cny": ("CO₂ per 10,000 CNY of GDP (t)", "{:.2f}"),
    "clean_power_share": ("Clean power, share of generation", "{:.1%}"),
    "power_generation_to_consumption": ("Power generation / consumption", "{:.2f}"),
    "cooling_degree_days": ("Cooling degree-days above 18 °C (capital)", "{:,.0f}"),
    "annual_mean_temp_c": ("Annual mean temperature, °C (capital)", "{:.1f}"),
    "water_per_capita_m3": ("Water resources per person (m³)", "{:,.0f}"),
    "land_per_capita_km2": ("Land per 10,000 people (km²)", "{:.1f}"),
    "mw55_events_per_10k_km2": ("Earthquakes Mw ≥ 5.5 per 10,000 km² (1964–2012)", "{:.2f}"),
    "max_mw": ("Strongest earthquake, Mw (1900–2012)", "{:.1f}"),
}
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}
#: runs in <head>: provinces are hidden only when scripts run (without them all are shown).
HEAD_SCRIPT = "document.documentElement.className+=' js';"


def asset(name: str) -> str:
    """A file shipped beside this module (``report.css``, ``report.js``), as text."""
    from importlib.resources import files

    return files("yindi.report").joinpath(name).read_text(encoding="utf-8")


def plotly_js() -> str:
    """plotly.js to inline (about 4.8 MB); a ``</script`` inside it is escaped defensively."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


# -- small helpers ------------------------------------------------------------------------------
def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _slug(region: str) -> str:
    return "p-" + re.sub(r"[^a-z0-9]+", "-", region.lower()).strip("-")


def _table(
    rows: pd.DataFrame,
    columns: Sequence[tuple[str, str, str]],
    cls: str = "",
    empty: str = "none",
    name: str = "table",
) -> str:
    """An HTML table in the report's language. ``columns``: (column, English header, format);
    format "" = text, "s" = a sentence a stage wrote (translated), "ev" = the same in small
    type (evidence), "html" = trusted markup, else a number format. Number cells carry their
    value in ``data-v`` for sorting and the CSV download (``name``.csv)."""
    if rows.empty:
        return f"<p class='note'>{_e(t(empty))}</p>"
    head = "".join(f"<th>{_e(t(h))}</th>" for _, h, _ in columns)
    body = []
    for rec in rows.to_dict("records"):
        cells = []
        for c, _, spec in columns:
            v = rec.get(c)
            if spec == "html":
                cells.append(f"<td class='t'>{v}</td>")
            elif spec in ("s", "ev"):
                klass = "t ev" if spec == "ev" else "t"
                cells.append(f"<td class='{klass}'>{_e(sentence(v) or fmt(v))}</td>")
            elif spec:
                raw = _raw(v)
                data = "" if raw is None else f" data-v='{raw}'"
                cells.append(f"<td{data}>{_e(fmt(v, spec))}</td>")
            else:
                cells.append(f"<td class='t'>{_e(fmt(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table class='{cls}' data-name='{_e(name)}'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _raw(value: object) -> str | None:
    """A number as sortable text (``repr`` of the float: round-trips), None if not a number."""
    if isinstance(value, bool | np.bool_) or value is None or value is pd.NA:
        return None
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else repr(float(value))
    return None


def _figure(
    fig: go.Figure, div_id: str, shared: dict[str, str] | None = None, trace: str = ""
) -> str:
    """A figure drawn by the page's script when its section is first shown: the div keeps the
    figure's height, its spec waits in an inline JSON block (``</`` escaped).

    With ``shared`` (a dict the caller writes once into the page with :func:`shared_blocks`)
    and ``trace`` a key, the figure's first trace is stored there under that key and the spec
    only names it: traces every region's figure repeats (the network's edges) travel once.
    """
    fig.update_layout(
        template="none",
        font={"family": _figures.FONT, "size": 12},
        paper_bgcolor="white",
        hoverlabel={"font": {"family": _figures.FONT}},
    )
    spec = pio.to_json(fig, validate=False, pretty=False)
    if shared is not None and trace:
        data = json.loads(spec)
        first = json.dumps(data["data"][0], separators=(",", ":"))
        if shared.setdefault(trace, first) != first:
            raise ValueError(f"shared trace {trace!r} differs between figures")
        data["data"][0] = {"_shared": trace}
        spec = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    spec = spec.replace("</", "<\\/")
    height = int(fig.layout.height or 450)
    return (
        f"<div class='fig'><div id='{div_id}' class='plot' style='height:{height}px'></div>"
        f"<script type='application/json' data-plot='{div_id}'>{spec}</script></div>"
    )


def shared_blocks(shared: Mapping[str, str]) -> str:
    """The traces :func:`_figure` set aside, one JSON block each."""
    return "".join(
        f"<script type='application/json' data-shared='{key}'>"
        + value.replace("</", "<\\/")
        + "</script>"
        for key, value in sorted(shared.items())
    )


def _colours(values: Iterable[str], known: Mapping[str, str]) -> dict[str, str]:
    present = set(values)
    out = {k: c for k, c in known.items() if k in present}
    out.update(zip(sorted(present - set(known)), SPARE_COLOURS * 4, strict=False))
    return out


def _badge(text: str, colour: str) -> str:
    return f"<span class='badge' style='background:{colour}'>{_e(text)}</span>"


def _markdown_lite(text: str) -> str:
    """Headings, bullet lists, paragraphs, **bold** and `code` of a PROVENANCE file; URLs stay
    plain text (the page links to nothing outside itself)."""
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.splitlines()
        if lines[0].startswith("#"):
            blocks.append(f"<h3>{_inline(lines[0].lstrip('#').strip())}</h3>")
            lines = lines[1:]
        items: list[str] = []
        for line in lines:
            if line.startswith("- ") or not items:
                items.append(line)
            else:
                items[-1] += " " + line.strip()
        if items and items[0].startswith("- "):
            blocks.append("<ul>" + "".join(f"<li>{_inline(i[2:])}</li>" for i in items) + "</ul>")
        elif items:
            blocks.append(f"<p>{_inline(' '.join(items))}</p>")
    return "".join(blocks)


def _inline(text: str) -> str:
    out = _e(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"(?<![*\w])\*([^*]+)\*(?!\w)", r"<i>\1</i>", out)
