"""Distances between regions for the gravity prior of the multi-regional table.

Each region is placed at the centroid of its largest polygon (the mainland part: Guangdong
without its islands, Hainan its island), computed in longitude-latitude as a plane (the
shoelace centroid; at provincial scale the error is a few km). Distances are great-circle
(haversine) distances on a sphere of radius 6,371 km.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from yindi.errors import InputError

__all__ = ["EARTH_RADIUS_KM", "centroids", "great_circle_km", "region_distances"]

EARTH_RADIUS_KM = 6371.0


def _rings(geometry: Mapping[str, Any]) -> list[np.ndarray]:
    kind = geometry.get("type")
    polygons = (
        [geometry["coordinates"]]
        if kind == "Polygon"
        else geometry["coordinates"]
        if kind == "MultiPolygon"
        else []
    )
    return [np.asarray(p[0], dtype=float)[:, :2] for p in polygons if p]


def _centroid(ring: np.ndarray) -> tuple[float, float, float]:
    x, y = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2.0
    if area == 0:
        return float(x.mean()), float(y.mean()), 0.0
    cx = ((x + x1) * cross).sum() / (6.0 * area)
    cy = ((y + y1) * cross).sum() / (6.0 * area)
    return float(cx), float(cy), abs(float(area))


def centroids(boundaries: Mapping[str, Any]) -> pd.DataFrame:
    """``lon, lat`` of the largest polygon's centroid of every feature with a ``region``."""
    rows = {}
    for feature in boundaries.get("features", []):
        region = feature.get("properties", {}).get("region")
        if region is None:
            continue
        parts = [_centroid(r) for r in _rings(feature.get("geometry") or {})]
        if parts:
            lon, lat, _ = max(parts, key=lambda p: p[2])
            rows[str(region)] = (lon, lat)
    return pd.DataFrame.from_dict(rows, orient="index", columns=["lon", "lat"])


def great_circle_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    r"""Haversine distances (km) between all pairs of points given in degrees.

    :math:`d = 2R \arcsin\sqrt{\sin^2(\Delta\phi/2) + \cos\phi_1\cos\phi_2\sin^2(\Delta\lambda/2)}`.
    """
    lam, phi = np.radians(lon), np.radians(lat)
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    h = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def region_distances(boundaries: Mapping[str, Any], regions: Sequence[str]) -> pd.DataFrame:
    """Region x region great-circle distances (km) between the centroids above."""
    points = centroids(boundaries)
    missing = [r for r in regions if r not in points.index]
    if missing:
        raise InputError(
            f"the boundaries have no polygon for {missing[:5]}: the gravity prior needs every "
            "region's location (or pass distance_decay=0 for a uniform prior)"
        )
    p = points.loc[list(regions)]
    d = great_circle_km(p["lon"].to_numpy(), p["lat"].to_numpy())
    return pd.DataFrame(d, index=list(regions), columns=list(regions))
