"""Per-region figures of the plan report: opportunity scatter and relatedness network.

The network's deterministic layout and its drawing live in ``_network`` and are re-exported here
(:class:`NetworkLayout`, :func:`network_layout`, :func:`network_figure`); this module places the
scatter's labels, draws the opportunity scatter and builds both figures from result tables.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from yindi.report._network import NetworkLayout, network_figure, network_layout

__all__ = [
    "NetworkLayout",
    "network_layout",
    "network_figure",
    "opportunity_scatter",
    "STAGE_COLOURS",
    "place_labels",
    "region_network",
    "region_scatter",
    "fmt",
]

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", sans-serif'
STAGE_COLOURS = {"emerging": "#1f77b4", "future": "#9467bd", "traditional": "#8c564b"}
OTHER_STAGE_COLOUR = "#7f7f7f"
EXCLUDED_COLOUR = "#b0b0b0"
X_RANGE = (-0.03, 1.05)
Y_RANGE = (-0.04, 1.08)


#: label positions tried in order, as (plotly textposition, dx, dy) in pixels from the marker
#: to the label's anchor; the box is then laid out by the position's alignment.
_LABEL_SPOTS = (
    ("top center", 0, 9),
    ("bottom center", 0, -9),
    ("middle right", 8, 0),
    ("middle left", -8, 0),
    ("top right", 6, 7),
    ("top left", -6, 7),
    ("bottom right", 6, -7),
    ("bottom left", -6, -7),
)
_CHAR_PX, _LINE_PX = 6.0, 13.0


def _label_box(spot: str, px: float, py: float, text: str) -> tuple[float, float, float, float]:
    w, h = len(text) * _CHAR_PX, _LINE_PX
    vert, horiz = spot.split()
    x0 = px - w / 2 if horiz == "center" else (px if horiz == "right" else px - w)
    y0 = py - h / 2 if vert == "middle" else (py if vert == "top" else py - h)
    return x0, y0, x0 + w, y0 + h


def place_labels(
    x: Sequence[float],
    y: Sequence[float],
    texts: Sequence[str],
    order: Sequence[int],
    *,
    size_px: tuple[float, float],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    limit: int,
) -> tuple[list[str], list[str]]:
    """Greedy label placement: visible text and textposition per point.

    Points in ``order`` get a label at the first of a few spots around the marker whose box
    (approximated from the character count and the expected plot size) overlaps neither a
    placed label nor another marker; a point with no free spot keeps its label for hover only.
    At most ``limit`` labels are placed. Deterministic: no randomness, fixed candidate order.
    """
    sx = size_px[0] / (x_range[1] - x_range[0])
    sy = size_px[1] / (y_range[1] - y_range[0])
    pts = [((xi - x_range[0]) * sx, (yi - y_range[0]) * sy) for xi, yi in zip(x, y, strict=True)]
    placed: list[tuple[float, float, float, float]] = []
    shown = [""] * len(texts)
    where = ["top center"] * len(texts)

    def free(box: tuple[float, float, float, float], own: int) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 0 or y0 < 0 or x1 > size_px[0] or y1 > size_px[1]:
            return False
        if any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in placed):
            return False
        return not any(
            k != own and x0 - 5 < px < x1 + 5 and y0 - 5 < py < y1 + 5
            for k, (px, py) in enumerate(pts)
        )

    for k in order:
        if len(placed) >= limit:
            break
        px, py = pts[k]
        for spot, dx, dy in _LABEL_SPOTS:
            box = _label_box(spot, px + dx, py + dy, texts[k])
            if free(box, k):
                placed.append(box)
                shown[k], where[k] = texts[k], spot
                break
    return shown, where


def _short(name: str, limit: int = 26) -> str:
    """A label of at most ``limit`` characters, cut at a word boundary."""
    if len(name) <= limit:
        return name
    cut = name[:limit].rsplit(" ", 1)[0].rstrip(",;(-")
    return cut + "…"


def _stage_colour(stage: str) -> str:
    return STAGE_COLOURS.get(stage, OTHER_STAGE_COLOUR)


def opportunity_scatter(
    rows: pd.DataFrame,
    *,
    title: str,
    label_top: int = 8,
    height: int = 480,
    stages: Sequence[str] = ("emerging", "future"),
) -> go.Figure:
    """Feasibility (x) against attractiveness (y) of a region's strategic industries.

    ``rows`` has ``name_en, stage, feasibility, attractiveness, excluded, hover`` and ``pick``
    (non-empty when the industry is in the region's lists: ringed, labelled first). Colour by
    stage; excluded industries are grey crosses. At most ``label_top`` industries carry a
    visible (shortened) label where it fits (:func:`place_labels`): picks first, then the best
    feasibility x attractiveness; every point shows its full name on hover.
    """
    rows = rows.reset_index(drop=True)
    rows = rows.assign(_score=rows["feasibility"] * rows["attractiveness"])
    if "pick" not in rows.columns:
        rows = rows.assign(pick="")
    rows = rows.assign(_picked=rows["pick"].astype(bool))
    ranked = rows[~rows["excluded"]].sort_values(
        ["_picked", "pick", "_score", "name_en"],
        ascending=[False, True, False, True],
        kind="mergesort",
    )
    # The plot area is about 520 x 330 px in a half-width column; labels are placed for that.
    shown, where = place_labels(
        rows["feasibility"].tolist(),
        rows["attractiveness"].tolist(),
        [_short(n) for n in rows["name_en"].astype(str)],
        list(ranked.index),
        size_px=(520.0, 330.0),
        x_range=X_RANGE,
        y_range=Y_RANGE,
        limit=label_top,
    )
    rows = rows.assign(_label=shown, _where=where)
    seen = [s for s in stages if (rows["stage"] == s).any()]
    seen += sorted(set(rows["stage"].astype(str)) - set(seen))
    traces = []
    for stage in seen:
        part = rows[(rows["stage"] == stage) & ~rows["excluded"]]
        if part.empty:
            continue
        traces.append(
            go.Scatter(
                x=part["feasibility"].round(4).tolist(),
                y=part["attractiveness"].round(4).tolist(),
                mode="markers+text",
                name=stage,
                text=part["_label"].tolist(),
                textposition=part["_where"].tolist(),
                textfont={"size": 10},
                hovertext=part["hover"].tolist(),
                hoverinfo="text",
                marker={
                    "size": [13 if p else 10 for p in part["_picked"]],
                    "color": _stage_colour(stage),
                    "line": {
                        "color": ["#111" if p else "white" for p in part["_picked"]],
                        "width": [2 if p else 1 for p in part["_picked"]],
                    },
                },
            )
        )
    out = rows[rows["excluded"]]
    if not out.empty:
        traces.append(
            go.Scatter(
                x=out["feasibility"].round(4).tolist(),
                y=out["attractiveness"].round(4).tolist(),
                mode="markers",
                name="excluded (endowment)",
                hovertext=out["hover"].tolist(),
                hoverinfo="text",
                marker={
                    "size": 10,
                    "symbol": "x-thin-open",
                    "color": EXCLUDED_COLOUR,
                    "line": {"color": "#777", "width": 2},
                },
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 14}},
        height=height,
        margin={"l": 55, "r": 15, "t": 40, "b": 50},
        xaxis={
            "title": {"text": "feasibility (relatedness and fit)"},
            "range": list(X_RANGE),
            "gridcolor": "#eee",
            "zeroline": False,
        },
        yaxis={
            "title": {"text": "attractiveness"},
            "range": list(Y_RANGE),
            "gridcolor": "#eee",
            "zeroline": False,
        },
        legend={"orientation": "h", "x": 0.0, "y": -0.14, "yanchor": "top"},
        plot_bgcolor="white",
        hovermode="closest",
    )
    return fig


# -- builders from result tables ----------------------------------------------------------------
def fmt(value: object, spec: str = "{:.2f}") -> str:
    """Number for display: ``spec`` or, with ``spec="auto"``, digits by magnitude; NaN -> "–"."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "–"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if spec == "auto" and isinstance(value, int | float | np.number):
        size = abs(float(value))
        spec = "{:,.0f}" if size >= 1000 else "{:.1f}" if size >= 10 else "{:.3g}"
    try:
        return spec.format(value)
    except (ValueError, TypeError):
        return str(value)


def _esc(text: object) -> str:
    return html.escape(str(text), quote=False)


def region_scatter(
    rows: pd.DataFrame, reasons: Mapping[str, str], picks: Mapping[str, str]
) -> go.Figure:
    """:func:`opportunity_scatter` of one region's ``opportunities`` rows with hover texts.

    ``reasons`` maps industry -> endowment-fit reason (shown for excluded industries);
    ``picks`` maps industry -> its place in the region's path lists (e.g. "cultivate #1").
    """
    rows = rows.sort_values("industry", kind="mergesort").reset_index(drop=True)
    rows = rows.assign(pick=[picks.get(str(i), "") for i in rows["industry"]])
    hover = []
    for rec in rows.to_dict("records"):
        pick = f"<br><b>in the plan: {_esc(rec['pick'])}</b>" if rec["pick"] else ""
        text = (
            f"<b>{_esc(rec['name_en'])} {_esc(rec['name_zh'])}</b>{pick}<br>stage "
            f"{_esc(rec['stage'])}<br>feasibility {fmt(rec['feasibility'])} · attractiveness "
            f"{fmt(rec['attractiveness'])}<br>relatedness {fmt(rec['relatedness'])} · "
            f"endowment fit {fmt(rec['fit'])} (confidence {fmt(rec['confidence'])})"
        )
        if rec["excluded"]:
            text += f"<br><b>excluded</b>: {_esc(reasons.get(str(rec['industry']), ''))}"
        hover.append(text)
    rows = rows.assign(
        hover=hover, excluded=rows["excluded"].astype(bool), stage=rows["stage"].astype(str)
    )
    return opportunity_scatter(
        rows, title="Strategic industries: feasibility vs attractiveness (ringed: in the lists)"
    )


def region_network(
    rows: pd.DataFrame, activities: pd.DataFrame, layout: NetworkLayout
) -> go.Figure:
    """:func:`network_figure` of one region from its ``region_activity`` rows of one year.

    ``activities`` is indexed by activity with ``name_en`` and ``name_zh``.
    """
    part = rows.set_index("activity")
    total = float(part["value"].sum())
    share = part["value"] / total if total > 0 else part["value"] * 0.0
    labels = [
        f"<b>{a} {_esc(activities['name_en'].get(a, ''))}</b><br>"
        f"{_esc(activities['name_zh'].get(a, ''))}<br>RCA {fmt(part.at[a, 'rca'])} · "
        f"PCI {fmt(part.at[a, 'pci'])} · share {fmt(share[a], '{:.1%}')} · "
        f"density {fmt(part.at[a, 'density'])}"
        for a in part.index
    ]
    nodes = pd.DataFrame(
        {"rca": part["rca"], "share": share, "pci": part["pci"], "label": labels}, index=part.index
    )
    return network_figure(
        layout, nodes, title="Relatedness network of its sectors (size = output share)"
    )
