"""Page furniture of the planning report: cases shown, colours, labels, CSS, scripts, HTML bits.

Presentation only: nothing here is used by a computation.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from yindi.report import _figures
from yindi.report._figures import fmt


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
CSS = """
:root{--ink:#222;--muted:#5a5a5a;--line:#ddd}
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Noto Sans","Source Han Sans SC","PingFang SC",
"Microsoft YaHei",sans-serif;margin:0 auto;padding:0 1.5em 3em;color:var(--ink);max-width:1400px;
line-height:1.45;font-size:15px}
header{border-bottom:2px solid #333;margin-bottom:1em}h1{margin:.6em 0 .1em;font-size:1.7em}
h2{margin-top:1.6em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{margin:1.1em 0 .4em;font-size:1.1em}h4{margin:.7em 0 .3em}
nav a,.index a{margin-right:.6em;white-space:nowrap}a{color:#0b5cab;text-decoration:none}
a:hover{text-decoration:underline}
table{border-collapse:collapse;margin:.3em 0 1em;font-size:13px}
th,td{padding:3px 7px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f3f3f3;text-align:left;font-weight:600}td{text-align:right;white-space:nowrap}
td.t{text-align:left;white-space:normal}td.ev{font-size:12px;color:#333;min-width:14em}table.wide{width:100%}
.note{color:var(--muted);font-size:13px;margin:.2em 0 .5em}.meta{color:var(--muted);margin:.1em 0}
.badge{display:inline-block;white-space:nowrap;color:#fff;border-radius:3px;padding:1px 8px;margin-right:.3em;
font-size:13px;font-weight:normal;text-shadow:0 0 2px rgba(0,0,0,.6)}
.grid2{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,520px),1fr));
gap:1em 1.5em;align-items:start}
.grid3{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,330px),1fr));gap:1em;
align-items:start}
.fig{min-width:0;border:1px solid #eee;border-radius:4px}
.track{border-top:3px solid #999;padding-top:.2em}.track.transform{border-color:#8c564b}
.track.cultivate{border-color:#1f77b4}.track.prepare{border-color:#9467bd}
.case{border:1px solid var(--line);border-radius:6px;padding:.2em 1em .6em;background:#fcfcfc;
min-width:0}.case.wide{grid-column:1/-1}
table.dup td:nth-child(4){color:#b30000;font-weight:600}
.pick select{font:inherit;padding:2px 4px}.index p{margin:.2em 0}
.credits{font-size:13px;background:#fafafa;padding:.5em 1em;border:1px solid var(--line)}
.credits code{font-size:12px}
.js section.province{display:none}.js section.province.active{display:block}
@media print{.js section.province{display:block}.pick,.index{display:none}}
"""
#: runs in <head>: provinces are hidden only when scripts run (without them all are shown).
HEAD_SCRIPT = "document.documentElement.className+=' js';"
#: one province at a time (from the <select> or the URL fragment); plots that were drawn while
#: hidden, or before the page grid was complete, are resized once they are visible.
TAIL_SCRIPT = """(function(){
var sel=document.getElementById('province-select');
var secs=Array.prototype.slice.call(document.querySelectorAll('section.province'));
function fit(root){if(!window.Plotly)return;root.querySelectorAll('.js-plotly-plot').forEach(
 function(d){if(d.offsetParent!==null)Plotly.Plots.resize(d);});}
function show(id,scroll){
 var hit=secs.filter(function(s){return s.id===id;})[0]||secs[0];if(!hit)return;
 secs.forEach(function(s){s.classList.toggle('active',s===hit);});sel.value=hit.id;fit(hit);
 if(scroll)hit.scrollIntoView();}
sel.addEventListener('change',function(){location.hash=sel.value;});
window.addEventListener('hashchange',function(){var h=location.hash.slice(1);
 if(h.indexOf('p-')===0)show(h,true);});
var h=location.hash.slice(1);fit(document);show(h.indexOf('p-')===0?h:sel.value,h.indexOf('p-')===0);
function slug(r){return 'p-'+r.toLowerCase().replace(/[^a-z0-9]+/g,'-').replace(/^-+|-+$/g,'');}
document.querySelectorAll('.js-plotly-plot[id^="fig-map"]').forEach(function(d){
 if(!d.on)return;d.on('plotly_click',function(e){var p=e&&e.points&&e.points[0];
  var r=p&&p.data&&p.data.meta;if(typeof r==='string'&&secs.some(function(s){return s.id===slug(r);}))
  location.hash=slug(r);});});
})();"""


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
    rows: pd.DataFrame, columns: Sequence[tuple[str, str, str]], cls: str = "", empty: str = "none"
) -> str:
    """``columns``: (column, header, format); format "" = text, "ev" = small text (evidence),
    "html" = trusted markup, else a number format."""
    if rows.empty:
        return f"<p class='note'>{_e(empty)}</p>"
    head = "".join(f"<th>{_e(h)}</th>" for _, h, _ in columns)
    body = []
    for rec in rows.to_dict("records"):
        cells = [
            f"<td class='t'>{rec.get(c)}</td>"
            if spec == "html"
            else f"<td class='t ev'>{_e(fmt(rec.get(c)))}</td>"
            if spec == "ev"
            else f"<td>{_e(fmt(rec.get(c), spec))}</td>"
            if spec
            else f"<td class='t'>{_e(fmt(rec.get(c)))}</td>"
            for c, _, spec in columns
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table class='{cls}'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _figure(fig: go.Figure, div_id: str) -> str:
    fig.update_layout(
        template="none",
        font={"family": _figures.FONT, "size": 12},
        paper_bgcolor="white",
        hoverlabel={"font": {"family": _figures.FONT}},
    )
    out: str = fig.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, config=CONFIG, default_width="100%"
    )
    return f"<div class='fig'>{out}</div>"


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
