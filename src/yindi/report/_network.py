"""Relatedness network of the plan report: a deterministic activity-space layout and its figure.

The backbone edges come from :func:`yindi.measures.proximity_backbone`; the layout is computed
once per proximity matrix with numpy only (classical MDS of ``1 - proximity`` refined by a fixed
number of SMACOF stress-majorisation steps), so the same matrix always gives the same picture;
no random seeds are involved. ``_figures`` re-exports
:class:`NetworkLayout`, :func:`network_layout` and :func:`network_figure`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from yindi.measures import proximity_backbone
from yindi.report._i18n import t

__all__ = ["NetworkLayout", "network_figure", "network_layout"]

PRESENT_COLOUR = "#d62728"
ABSENT_COLOUR = "#c7d3e0"
#: SMACOF refinement steps after classical MDS (deterministic; 300 is well past convergence
#: for 41 points).
SMACOF_STEPS = 300
#: edges kept beyond the maximum spanning tree: the strongest remaining proximities.
EXTRA_EDGES = 20


@dataclass(frozen=True)
class NetworkLayout:
    """Node positions (unit box) and edges ``(i, j, proximity)`` for one proximity matrix."""

    labels: tuple[str, ...]
    xy: np.ndarray
    edges: tuple[tuple[int, int, float], ...]


def _classical_mds(dist: np.ndarray) -> np.ndarray:
    """Torgerson MDS: top two eigenvectors of ``-1/2 J D^2 J``, signs fixed deterministically."""
    n = dist.shape[0]
    centring = np.eye(n) - np.full((n, n), 1.0 / n)
    b = -0.5 * centring @ (dist**2) @ centring
    values, vectors = np.linalg.eigh(b)
    top = np.argsort(values)[::-1][:2]
    coords = vectors[:, top] * np.sqrt(np.clip(values[top], 0.0, None))
    for k in range(2):  # an eigenvector's sign is arbitrary: make its largest entry positive
        if coords[np.argmax(np.abs(coords[:, k])), k] < 0:
            coords[:, k] *= -1
    return coords


def _smacof(dist: np.ndarray, start: np.ndarray, steps: int) -> np.ndarray:
    """Weighted stress majorisation, weights ``d^-2`` (Gansner, Koren and North, 2004).

    Minimises sum_{i<j} d_ij^-2 (|x_i - x_j| - d_ij)^2 by Guttman transforms
    x <- V^+ B(x) x (de Leeuw, 1977); deterministic for a given start.
    """
    with np.errstate(divide="ignore"):
        w = np.where(dist > 0, 1.0 / dist**2, 0.0)
    v = -w
    np.fill_diagonal(v, w.sum(axis=1))
    v_pinv = np.linalg.pinv(v)
    x = start.copy()
    for _ in range(steps):
        d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
        b = -np.divide(w * dist, d, out=np.zeros_like(dist), where=d > 1e-12)
        np.fill_diagonal(b, 0.0)
        np.fill_diagonal(b, -b.sum(axis=1))
        x = v_pinv @ (b @ x)
    return x


def network_layout(proximity: pd.DataFrame, *, extra_edges: int = EXTRA_EDGES) -> NetworkLayout:
    """Deterministic 2-D layout of the activity space and its backbone edges.

    Edges: :func:`yindi.measures.proximity_backbone` (the maximum spanning tree of ``phi``, the
    backbone of Hidalgo et al., 2007, plus the ``extra_edges`` strongest remaining links).
    Positions: graph distances along those edges (edge length ``1 - phi``) are laid out by
    classical MDS and refined by weighted stress majorisation, then each axis is scaled into
    [0, 1].
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import shortest_path

    backbone = proximity_backbone(
        proximity.to_numpy(dtype=float), proximity.index, extra_edges=extra_edges
    )
    labels, n, edges = backbone.labels, len(backbone.labels), backbone.edges()
    length = np.zeros((n, n))
    for i, j, p in edges:  # a small floor keeps identical activities apart
        length[i, j] = length[j, i] = max(1.0 - p, 0.05)
    dist = shortest_path(csr_matrix(length), directed=False)
    finite = np.isfinite(dist)
    dist[~finite] = dist[finite].max() * 1.2 if finite.any() else 1.0  # disconnected parts
    xy = _smacof(dist, _classical_mds(dist), SMACOF_STEPS)
    # Each axis fills [0, 1]: the plot is wider than tall anyway, and a network drawing reads
    # better spread out than at its true (usually elongated) aspect.
    span = np.ptp(xy, axis=0)
    xy = (xy - xy.min(axis=0)) / np.where(span > 0, span, 1.0)
    return NetworkLayout(labels, np.round(xy, 4), edges)


def network_figure(
    layout: NetworkLayout,
    nodes: pd.DataFrame,
    *,
    title: str,
    height: int = 480,
) -> go.Figure:
    """The relatedness network of one region.

    ``nodes`` is indexed by activity with columns ``rca``, ``share`` (of the region's output),
    ``pci`` and ``label`` (hover text), optionally ``text`` and ``where`` (visible label and
    its plotly textposition; default the activity id in the node). Colour: RCA >= 1 (specialised) or not; size: sqrt of the
    output share.
    """
    pos = {a: layout.xy[k] for k, a in enumerate(layout.labels)}
    ex: list[float | None] = []
    ey: list[float | None] = []
    for i, j, _ in layout.edges:
        a, b = layout.xy[i], layout.xy[j]
        ex += [float(a[0]), float(b[0]), None]
        ey += [float(a[1]), float(b[1]), None]
    traces: list[go.Scatter] = [
        go.Scatter(
            x=ex,
            y=ey,
            mode="lines",
            line={"color": "#cccccc", "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )
    ]
    shares = nodes["share"].clip(lower=0).fillna(0.0)
    peak = float(shares.max()) if len(shares) and shares.max() > 0 else 1.0
    for present, name, colour in (
        (False, t("RCA < 1"), ABSENT_COLOUR),
        (True, t("RCA ≥ 1 (specialised)"), PRESENT_COLOUR),
    ):
        part = nodes[(nodes["rca"] >= 1.0) == present]
        part = part[part.index.isin(pos.keys())]
        traces.append(
            go.Scatter(
                x=[float(pos[a][0]) for a in part.index],
                y=[float(pos[a][1]) for a in part.index],
                mode="markers+text",
                name=name,
                text=list(part["text"]) if "text" in part else list(part.index),
                textposition=list(part["where"]) if "where" in part else "middle center",
                textfont={"size": 9, "color": "#222"},
                hovertext=list(part["label"]),
                hoverinfo="text",
                marker={
                    "color": colour,
                    "line": {"color": "#555", "width": 0.5},
                    "size": [
                        round(10 + 26 * float(np.sqrt(shares[a] / peak)), 2) for a in part.index
                    ],
                },
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 14}},
        height=height,
        margin={"l": 5, "r": 5, "t": 40, "b": 5},
        xaxis={"visible": False, "range": [-0.05, 1.05]},
        yaxis={"visible": False, "range": [-0.05, 1.05]},
        legend={"orientation": "h", "x": 0.0, "y": -0.02, "yanchor": "top"},
        plot_bgcolor="white",
        hovermode="closest",
    )
    return fig
