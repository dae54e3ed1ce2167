"""Province maps drawn as filled polygons on plain x/y axes (no plotly ``geo``: works offline).

Plotly's geo and choropleth subplots fetch a world topojson from a CDN even when given a custom
GeoJSON, and draw nothing without network. Here every region is one ``go.Scatter`` trace with
``fill="toself"``; polygon parts are separated by ``None``. Longitude and latitude stay in
degrees and the y axis is anchored to x with ratio ``1 / cos(35 deg)``, so shapes keep their
aspect at China's mid-latitude.

Every map of China draws all 34 provincial-level units (Taiwan, Hong Kong and Macao hatched,
"no data in the sources") and the maritime boundary line, in the main frame and in the South China
Sea inset: a map of China without them cannot be published in China.

Interior rings (holes) are not drawn: a hole in this data is where another region sits, and
drawing larger regions first lets the smaller ones (Beijing, Tianjin inside Hebei's outline)
come on top. The South China Sea islands are moved into the conventional inset box at the
lower right, so the main frame is not stretched down to 4 deg N.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from yindi.report._i18n import t

__all__ = ["RegionShape", "region_shapes", "category_map"]

#: y/x scale ratio: one degree of latitude is 1/cos(35 deg) times as long as one of longitude.
ASPECT = 1.0 / math.cos(math.radians(35.0))
#: parts smaller than this (square degrees, about 20 km2) are left out of the main map.
MIN_PART_AREA = 0.002
#: decimals kept for coordinates (about 1 km: a national map is ~0.1 deg per pixel).
DECIMALS = 2
#: parts south of this latitude or east of INSET_EAST_OF below it go into the inset.
INSET_SOUTH_OF = 18.0
INSET_EAST_OF = 111.3
INSET_NORTH_OF_ISLANDS = 17.6
#: source window of the inset (lon0, lon1, lat0, lat1), target corner and scale.
INSET_WINDOW = (106.5, 123.5, 3.0, 25.0)
INSET_ORIGIN = (127.0, 16.5)
INSET_SCALE = 0.4
NO_DATA_COLOUR = "#d9d9d9"
#: Legend label of the units the sources do not cover (drawn hatched).
NOT_COVERED = "no data in the sources (hatched)"


@dataclass(frozen=True)
class RegionShape:
    """Polygon outline of one region: x (lon) and y (lat) with ``None`` between parts."""

    region: str
    x: tuple[float | None, ...]
    y: tuple[float | None, ...]
    area: float
    inset_x: tuple[float | None, ...] = ()
    inset_y: tuple[float | None, ...] = ()
    #: False for a unit the data do not cover (Taiwan, Hong Kong, Macao): drawn hatched.
    data: bool = True
    #: "line" for the maritime boundary: drawn as a line on every map, never filled.
    kind: str = "region"


def _ring_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def _is_island_part(ring: np.ndarray) -> bool:
    lon, lat = ring[:, 0].mean(), ring[:, 1].mean()
    return bool(lat < INSET_NORTH_OF_ISLANDS or (lat < INSET_SOUTH_OF and lon > INSET_EAST_OF))


def _inside_window(ring: np.ndarray) -> bool:
    lon0, lon1, lat0, lat1 = INSET_WINDOW
    return bool(
        ring[:, 0].min() >= lon0
        and ring[:, 0].max() <= lon1
        and ring[:, 1].min() >= lat0
        and ring[:, 1].max() <= lat1
    )


def _to_inset(ring: np.ndarray) -> np.ndarray:
    lon0, _, lat0, _ = INSET_WINDOW
    x0, y0 = INSET_ORIGIN
    out = np.empty_like(ring)
    out[:, 0] = x0 + (ring[:, 0] - lon0) * INSET_SCALE
    out[:, 1] = y0 + (ring[:, 1] - lat0) * INSET_SCALE
    return out


def _exterior_rings(geometry: Mapping[str, Any]) -> list[np.ndarray]:
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {kind!r}; expected Polygon or MultiPolygon")
    return [np.asarray(poly[0], dtype=float)[:, :2] for poly in polygons if poly]


def _append(xs: list[float | None], ys: list[float | None], ring: np.ndarray) -> None:
    ring = np.round(ring, DECIMALS)
    keep = np.ones(len(ring), dtype=bool)
    keep[1:] = np.any(np.diff(ring, axis=0) != 0, axis=1)  # rounding makes repeated points
    ring = ring[keep]
    if len(ring) < 3:
        return
    if xs:
        xs.append(None)
        ys.append(None)
    xs.extend(ring[:, 0].tolist())
    ys.extend(ring[:, 1].tolist())


def region_shapes(boundaries: Mapping[str, Any]) -> list[RegionShape]:
    """Outlines of every feature, largest area first (so small regions are drawn on top).

    Parameters
    ----------
    boundaries : GeoJSON FeatureCollection with a ``region`` property on each feature.

    Returns
    -------
    list of RegionShape; parts that belong in the South China Sea inset are already moved and
    scaled there and are also listed in ``inset_x``/``inset_y`` (drawn with a dark outline, as
    they are too small to see as fills).
    """
    shapes = []
    # The South China Sea inset belongs to maps of China (whose boundaries carry the maritime
    # line); any other region set is drawn as it is, framed by its own extent.
    china = any(f["properties"].get("kind") == "maritime" for f in boundaries["features"])
    for feature in boundaries["features"]:
        if feature["properties"].get("kind") == "maritime":
            shapes.append(_maritime(feature["geometry"]))
            continue
        region = str(feature["properties"]["region"])
        xs: list[float | None] = []
        ys: list[float | None] = []
        ix: list[float | None] = []
        iy: list[float | None] = []
        total = 0.0
        for ring in _exterior_rings(feature["geometry"]):
            area = _ring_area(ring)
            total += area
            if china and _is_island_part(ring):  # islands are tiny: kept whatever their area
                _append(xs, ys, _to_inset(ring))
                _append(ix, iy, _to_inset(ring))
                continue
            if area >= MIN_PART_AREA:
                _append(xs, ys, ring)
            if china and area >= MIN_PART_AREA and _inside_window(ring):
                _append(ix, iy, _to_inset(ring))  # context (Hainan island) in the inset too
        data = bool(feature["properties"].get("data", True))
        shapes.append(
            RegionShape(region, tuple(xs), tuple(ys), total, tuple(ix), tuple(iy), data=data)
        )
    # Ties are broken by the region id so the drawing order never depends on the file order.
    return sorted(shapes, key=lambda s: (-s.area, s.region))


def _maritime(geometry: Mapping[str, Any]) -> RegionShape:
    """The maritime boundary line, drawn in the South China Sea inset."""
    lines = (
        geometry["coordinates"]
        if geometry["type"] == "MultiLineString"
        else [geometry["coordinates"]]
    )
    xs: list[float | None] = []
    ys: list[float | None] = []
    for line in lines:
        # Every segment belongs to the South China Sea and Taiwan's east coast: all go into
        # the inset, which covers them (the main frame stops at Hainan).
        points = _to_inset(np.asarray(line, dtype=float)[:, :2])
        if xs:
            xs.append(None)
            ys.append(None)
        xs.extend(np.round(points[:, 0], DECIMALS).tolist())
        ys.extend(np.round(points[:, 1], DECIMALS).tolist())
    # Area -1: sorted after every region, so the line is drawn on top.
    return RegionShape("maritime boundary", tuple(xs), tuple(ys), -1.0, kind="line")


def _inset_frame() -> go.Scatter:
    lon0, lon1, lat0, lat1 = INSET_WINDOW
    x0, y0 = INSET_ORIGIN
    x1, y1 = x0 + (lon1 - lon0) * INSET_SCALE, y0 + (lat1 - lat0) * INSET_SCALE
    return go.Scatter(
        x=[x0, x1, x1, x0, x0],
        y=[y0, y0, y1, y1, y0],
        mode="lines",
        line={"color": "#888", "width": 1},
        hoverinfo="skip",
        showlegend=False,
    )


def category_map(
    shapes: Sequence[RegionShape],
    category: Mapping[str, str],
    colours: Mapping[str, str],
    hover: Mapping[str, str],
    *,
    title: str,
    legend_title: str,
    height: int = 520,
) -> go.Figure:
    """A map with one colour per category and a legend listing the categories in ``colours``.

    Parameters
    ----------
    shapes : from :func:`region_shapes` (drawing order is kept).
    category : region -> category; regions without one are grey ("no data").
    colours : category -> CSS colour; its order is the legend order.
    hover : region -> hover text (HTML allowed: plotly's ``<br>``).
    """
    order = {name: rank for rank, name in enumerate(colours)}
    shown: set[str] = set()
    traces: list[go.Scatter] = []
    for shape in shapes:
        if shape.kind == "line":  # the maritime boundary, on every map
            traces.append(
                go.Scatter(
                    x=list(shape.x),
                    y=list(shape.y),
                    mode="lines",
                    line={"color": "#333", "width": 1.2},
                    name="maritime boundary",
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
            continue
        cat = category.get(shape.region)
        label: str = cat if cat is not None and cat in colours else t("no data")
        if not shape.data:
            label = t(NOT_COVERED)
        colour = colours.get(label, NO_DATA_COLOUR)
        pattern = (
            {"shape": "/", "fgcolor": "#9e9e9e", "bgcolor": "white", "size": 5}
            if not shape.data
            else None
        )
        traces.append(
            go.Scatter(
                x=list(shape.x),
                y=list(shape.y),
                mode="lines",
                fill="toself",
                fillpattern=pattern,
                fillcolor=colour if shape.data else "white",
                line={"color": "white" if shape.data else "#9e9e9e", "width": 0.6},
                name=label,
                legendgroup=label,
                showlegend=label not in shown,
                legendrank=order.get(label, len(order)) + 1,
                text=hover.get(shape.region, shape.region),
                # The page script opens the region's page when its shape is clicked.
                meta=shape.region,
                hoveron="fills",
                hoverlabel={"namelength": 0},
            )
        )
        shown.add(label)
    ix = [v for s in shapes if s.inset_x for v in (*s.inset_x, None)]
    iy = [v for s in shapes if s.inset_y for v in (*s.inset_y, None)]
    if ix:
        traces.append(
            go.Scatter(
                x=ix,
                y=iy,
                mode="lines",
                line={"color": "#555", "width": 1},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    china = any(shape.kind == "line" for shape in shapes)
    if china:
        traces.append(_inset_frame())
    fig = go.Figure(traces)
    lon0, lon1, _, _ = INSET_WINDOW
    if china:
        fig.add_annotation(
            # Right-aligned under the inset: on a narrow screen the label grows leftwards,
            # into the map's frame, never out of it.
            x=INSET_ORIGIN[0] + (lon1 - lon0) * INSET_SCALE,
            y=INSET_ORIGIN[1] - 0.3,
            text="南海诸岛<br>South China<br>Sea Islands",
            showarrow=False,
            align="right",
            xanchor="right",
            yanchor="top",
            font={"size": 9, "color": "#666"},
        )
    x_range, aspect, y_range = [70.0, 136.0], ASPECT, None
    if not china:  # another region set: framed by where most of its outline lies
        xs = np.array([x for shape in shapes for x in shape.x if x is not None], dtype=float)
        ys = np.array([y for shape in shapes for y in shape.y if y is not None], dtype=float)
        if xs.size:
            # Remote parts (French overseas regions, the Canaries) would shrink the mainland
            # to a corner: the frame holds 96 % of the outline points; the rest is a pan away.
            lo, hi = np.percentile(xs, [2, 98])
            pad = 0.05 * (hi - lo)
            x_range = [float(lo - pad), float(hi + pad)]
            y_lo, y_hi = np.percentile(ys, [2, 98])
            y_range = [float(y_lo - pad), float(y_hi + pad)]
            aspect = 1.0 / math.cos(math.radians(float(y_lo + y_hi) / 2))
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        height=height,
        margin={"l": 5, "r": 5, "t": 40, "b": 5},
        # Bottom left is outside China's outline (south of Tibet): room for the legend.
        legend={
            "title": {"text": legend_title, "font": {"size": 11}},
            "orientation": "v",
            "x": 0.0,
            "y": 0.0,
            "xanchor": "left",
            "yanchor": "bottom",
            "font": {"size": 10},
            "tracegroupgap": 0,
            "itemwidth": 30,
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        xaxis={"visible": False, "range": x_range},
        yaxis={
            "visible": False,
            "scaleanchor": "x",
            "scaleratio": aspect,
            **({} if y_range is None else {"range": y_range}),
        },
        plot_bgcolor="white",
        hovermode="closest",
        dragmode="pan",
    )
    return fig
