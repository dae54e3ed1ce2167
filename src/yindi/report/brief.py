"""A printable brief for one region: one or two A4 pages in the chosen language.

The same blocks as the region's page of the full report (profile, strengths, the three lists
with their evidence, the coordinated portfolio, regions like it), without figures or scripts,
laid out for print (``@page A4``). Presentation only.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yindi import __version__
from yindi.errors import InputError
from yindi.report import _coordinate, _i18n, _region
from yindi.report._i18n import sentence, t
from yindi.report._page import _e, _slug
from yindi.report.plan_report import _page_head, _Report

if TYPE_CHECKING:
    from yindi.stages.plan import PlanResult

__all__ = ["brief_filename", "find_region", "render_brief_html", "write_brief_html"]

PRINT_CSS = """
@page{size:A4;margin:12mm 12mm 14mm}
body{max-width:190mm;font-size:11.5px;padding:0 0 1em;line-height:1.4}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:.8em 0 .3em}
h3{font-size:1.02em;margin:.6em 0 .2em}h4{margin:.3em 0 .1em}
table{font-size:10.5px;margin:.1em 0 .5em}th,td{padding:1px 4px}
td.ev{font-size:10px;min-width:0}.note{font-size:10.5px}
.grid2{grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:.4em 1em}
.grid3{grid-template-columns:minmax(0,1fr)}
.track{break-inside:avoid}.foot{color:#666;font-size:10px;border-top:1px solid #ccc;
margin-top:1em;padding-top:.3em}
@media print{h2,h3,h4{break-after:avoid}tr{break-inside:avoid}}
"""


def find_region(result: PlanResult, name: str) -> str:
    """The region id a reader means by ``name``: its id, Chinese name (with or without 省/市)
    or English name, any case. Raises :class:`InputError` naming the closest names."""
    known = _Report(result).name_keys()
    hit = known.get(name.strip().lower())
    if hit is not None:
        return hit
    close = difflib.get_close_matches(name.strip().lower(), list(known), n=3, cutoff=0.5)
    names = list(dict.fromkeys(known[c] for c in close))
    hint = f"did you mean {', '.join(map(repr, names))}? " if names else ""
    raise InputError(
        f"--brief {name!r}: no region of this result has that name; {hint}use a region id, "
        "its Chinese or its English name (the report's region index lists them)"
    )


def brief_filename(region: str) -> str:
    """``brief-<region>.html``: the region's page anchor without its prefix, else its id."""
    slug = _slug(region)[2:]
    return f"brief-{slug or region}.html"


def render_brief_html(
    result: PlanResult, region: str, *, lang: str = "en", coordination: Any = None
) -> str:
    """One region's brief as a self-contained, script-free HTML page for A4 print.

    ``region`` may be any name :func:`find_region` accepts; ``lang`` is "en" or "zh".
    Byte-identical for the same input.
    """
    region = find_region(result, region)
    with _i18n.language(lang, result):
        rep = _Report(result)
        rep.coordination = coordination
        title = t("{name}: development paths", name=rep.name(region))
        source = t(str(result.options.get("complexity_source", "network")))
        parts = [
            _page_head(title, lang, PRINT_CSS, script=False),
            "</head><body>",
            f"<h1>{_e(rep.name(region))}</h1>",
            f"<p class='note'>{_e(t(BRIEF_NOTE, year=result.year, source=source))}</p>",
            "<div class='grid2'><div>",
            rep.profile(region),
            "</div><div>",
            f"<h3>{_e(t('Strengths ({year})', year=result.year))}</h3>",
            rep.strengths(region),
            _region.peers_block(rep, region),
            "</div></div>",
            f"<h2>{_e(t('Paths'))}</h2>",
            rep.tracks(region),
            _coordinate.province_coordination(coordination, region),
            f"<p class='foot'>{_e(_reliability(rep))} · yindi {_e(__version__)}</p>",
            "</body></html>",
        ]
        return "\n".join(parts)


BRIEF_NOTE = (
    "Brief from yindi, diagnosis year {year}. Complexity from the {source} source. Lists: "
    "Transform = upgrade traditional strengths; Cultivate = emerging industries near and "
    "valuable, led by those this region is better placed for than most; Prepare = future "
    "industries within reach of its research capacity."
)


def _reliability(rep: _Report) -> str:
    """One line on how far the complexity can be trusted (the plan's reliability table)."""
    rel = rep.r.reliability
    if rel.empty:
        return ""
    source = str(rep.r.options.get("complexity_source", "network"))
    row = rel[(rel["source"] == source) & (rel["year"] == rep.r.year)]
    if row.empty:
        return ""
    rec = row.iloc[0]
    if bool(rec["stable"]) and bool(rec["valid"]):
        return t("Complexity ({source}) passes its stability and income checks.", source=t(source))
    return t("Complexity ({source}): ", source=t(source)) + sentence(rec["warnings"])


def write_brief_html(result: PlanResult, region: str, path: str | Path, **options: Any) -> Path:
    """Render the brief and write it atomically."""
    from yindi._output import write_atomic

    target = Path(path)
    page = render_brief_html(result, region, **options)
    write_atomic(target, lambda p: p.write_text(page, encoding="utf-8"))
    return target
