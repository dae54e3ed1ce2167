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

from yindi.report._i18n import current, sentence, t
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


def _text_px(line: str) -> float:
    """Approximate width of a label line: CJK characters are about twice as wide."""
    return sum(2.0 if ord(c) >= 0x2E80 else 1.0 for c in line) * _CHAR_PX


def _label_box(spot: str, px: float, py: float, text: str) -> tuple[float, float, float, float]:
    lines = text.split("<br>")
    w, h = max(_text_px(x) for x in lines), _LINE_PX * len(lines)
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


def _short(name: str, width: int = 22, lines: int = 2) -> str:
    """A label of at most ``lines`` lines of about ``width`` characters, broken at spaces;
    only a name longer than that is cut (with an ellipsis). CJK names are kept whole up to
    ``width`` characters."""
    if any(ord(c) >= 0x2E80 for c in name):
        return name if len(name) <= width else name[: width - 1] + "…"
    out: list[str] = []
    for word in name.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        elif len(out) < lines:
            out.append(word)
        else:
            out[-1] = out[-1].rstrip(",;(-") + "…"
            break
    return "<br>".join(out)


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
        [_short(n) for n in rows["label"].astype(str)]
        if "label" in rows.columns
        else [_short(n) for n in rows["name_en"].astype(str)],
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
                name=t(stage),
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
                name=t("excluded (endowment)"),
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
            "title": {"text": t("feasibility (relatedness and fit)")},
            "range": list(X_RANGE),
            "gridcolor": "#eee",
            "zeroline": False,
        },
        yaxis={
            "title": {"text": t("attractiveness")},
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
        return t("yes") if value else t("no")
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
        pick = f"<br><b>{t('in the plan')}: {_esc(rec['pick'])}</b>" if rec["pick"] else ""
        text = f"<b>{_esc(rec['name_en'])} {_esc(rec['name_zh'])}</b>{pick}<br>" + t(
            "stage {stage}<br>feasibility {f} · attractiveness {a}<br>relatedness {r} · "
            "endowment fit {fit} (confidence {c})",
            stage=_esc(t(str(rec["stage"]))),
            f=fmt(rec["feasibility"]),
            a=fmt(rec["attractiveness"]),
            r=fmt(rec["relatedness"]),
            fit=fmt(rec["fit"]),
            c=fmt(rec["confidence"]),
        )
        if rec["excluded"]:
            reason = _esc(sentence(reasons.get(str(rec["industry"]), "")))
            text += f"<br><b>{t('excluded')}</b>: {reason}"
        hover.append(text)
    zh = current().zh
    rows = rows.assign(
        hover=hover,
        excluded=rows["excluded"].astype(bool),
        stage=rows["stage"].astype(str),
        label=rows["name_zh"] if zh else rows["name_en"],
    )
    return opportunity_scatter(
        rows, title=t("Strategic industries: feasibility vs attractiveness (ringed: in the lists)")
    )


def region_network(
    rows: pd.DataFrame, activities: pd.DataFrame, layout: NetworkLayout
) -> go.Figure:
    """:func:`network_figure` of one region from its ``region_activity`` rows of one year:
    its specialisations (RCA >= 1) labelled by name where the label fits, biggest first.

    ``activities`` is indexed by activity with ``name_en`` and ``name_zh``.
    """
    part = rows.set_index("activity")
    total = float(part["value"].sum())
    share = part["value"] / total if total > 0 else part["value"] * 0.0
    labels = [
        f"<b>{a} {_esc(activities['name_en'].get(a, ''))}</b><br>"
        f"{_esc(activities['name_zh'].get(a, ''))}<br>RCA {fmt(part.at[a, 'rca'])} · "
        f"PCI {fmt(part.at[a, 'pci'])} · {t('share')} {fmt(share[a], '{:.1%}')} · "
        f"{t('density')} {fmt(part.at[a, 'density'])}"
        for a in part.index
    ]
    names = activities["name_zh" if current().zh else "name_en"]
    pos = {a: layout.xy[k] for k, a in enumerate(layout.labels)}
    keep = [a for a in part.index if a in pos]
    order = sorted(
        (k for k, a in enumerate(keep) if part.at[a, "rca"] >= 1.0),
        key=lambda k: (-float(share[keep[k]]), keep[k]),
    )
    text, where = place_labels(
        [float(pos[a][0]) for a in keep],
        [float(pos[a][1]) for a in keep],
        [_short(str(names.get(a, a)), width=16) for a in keep],
        order,
        size_px=(520.0, 400.0),
        x_range=(-0.05, 1.05),
        y_range=(-0.05, 1.05),
        limit=14,
    )
    nodes = pd.DataFrame(
        {"rca": part["rca"], "share": share, "pci": part["pci"], "label": labels}, index=part.index
    )
    nodes = nodes.assign(text="", where="middle center")
    nodes.loc[keep, "text"] = text
    nodes.loc[keep, "where"] = where
    return network_figure(
        layout,
        nodes,
        title=t("Sector space: its specialisations among related sectors (size = output share)"),
    )


def region_treemap(rows: pd.DataFrame, activities: pd.DataFrame) -> go.Figure:
    """The region's output by sector, grouped by the activities' ``group`` where there is one.

    ``rows`` are the region's ``region_activity`` rows of one year; sizes are output values,
    hover gives the share and RCA.
    """
    part = rows[rows["value"] > 0].set_index("activity")
    total = float(part["value"].sum())
    zh = current().zh
    names = activities["name_zh" if zh else "name_en"]
    grouped = "group" in activities.columns and activities["group"].notna().any()
    group = (
        activities["group"].reindex(part.index).fillna(t("other")).astype(str)
        if grouped
        else pd.Series(t("all sectors"), index=part.index)
    )
    parents = sorted(set(group))
    ids = [f"g:{g}" for g in parents] + [str(a) for a in part.index]
    labels = [t(g) for g in parents] + [_short(str(names.get(a, a)), width=18) for a in part.index]
    par = [""] * len(parents) + [f"g:{group[a]}" for a in part.index]
    values = [float(part.loc[group == g, "value"].sum()) for g in parents] + [
        float(v) for v in part["value"]
    ]
    hover = [
        f"{t(g)}<br>{fmt(v / total if total else float('nan'), '{:.1%}')}"
        for g, v in zip(parents, values, strict=False)
    ] + [
        f"<b>{a} {_esc(activities['name_en'].get(a, ''))} "
        f"{_esc(activities['name_zh'].get(a, ''))}</b><br>"
        f"{t('share of output')} {fmt(part.at[a, 'value'] / total, '{:.1%}')} · "
        f"RCA {fmt(part.at[a, 'rca'])}"
        for a in part.index
    ]
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=par,
            values=[round(v, 6) for v in values],
            branchvalues="total",
            hovertext=hover,
            hoverinfo="text",
            textinfo="label",
            tiling={"pad": 1},
            marker={
                "colors": [_GROUP_COLOURS[k % len(_GROUP_COLOURS)] for k in range(len(parents))]
                + [""] * len(part)
            },
        )
    )
    fig.update_layout(
        title={
            "text": t("Output structure (size = share of output)"),
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": 14},
        },
        height=440,
        margin={"l": 5, "r": 5, "t": 40, "b": 5},
    )
    return fig


_GROUP_COLOURS = (
    "#8c564b",
    "#bcbd22",
    "#e377c2",
    "#ff7f0e",
    "#1f77b4",
    "#17becf",
    "#2ca02c",
    "#9467bd",
    "#7f7f7f",
    "#d62728",
)
