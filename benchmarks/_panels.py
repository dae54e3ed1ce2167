"""Synthetic panels and the floor: the benchmark's inputs and its lower bound.

The panels are fixed (seed 20261123): lognormal values with about 40 % zeros, the zeros left
out of the long table as in trade data. The small panel is the shape of China's provinces
(31 x 41 x 2), the medium one 250 x 1,200 x 10, the large one 3,000 x 5,000 x 5 (45 million
rows, built a year at a time with categorical keys so the input itself stays near 1 GB).

The floor is what any implementation must do at a shape: read the panel once (factorise the
three keys, scatter the values into one dense matrix per year) and run the three matrix
products of the method in float64 (co-occurrence M'M, and the two products of M with the
activities x activities proximity behind density and COG).
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

SEED = 20261123


@dataclass(frozen=True)
class Size:
    name: str
    regions: int
    activities: int
    years: int

    @property
    def label(self) -> str:
        return f"{self.regions:,} x {self.activities:,} x {self.years}"

    @property
    def cells(self) -> int:
        return self.regions * self.activities * self.years


SIZES = {
    "small": Size("small", 31, 41, 2),
    "medium": Size("medium", 250, 1200, 10),
    "large": Size("large", 3000, 5000, 5),
}


def synthetic_panel(size: Size, seed: int = SEED, categorical: bool | None = None) -> pd.DataFrame:
    """Long table ``region, activity, year, value`` (zeros omitted), one year built at a time.

    Keys are text (``r007``, ``p0042``) as a user's table has them; above 10 million rows they
    are categorical, as they come out of Parquet or :func:`yindi.aggregate`, so the input
    stays small. The values are the same either way.
    """
    rng = np.random.default_rng(seed)
    digits_r, digits_a = len(str(size.regions - 1)), len(str(size.activities - 1))
    regions = np.array([f"r{i:0{digits_r}d}" for i in range(size.regions)], dtype=object)
    activities = np.array([f"p{i:0{digits_a}d}" for i in range(size.activities)], dtype=object)
    parts = []
    for y in range(size.years):
        values = rng.lognormal(mean=0.0, sigma=2.0, size=(size.regions, size.activities))
        values *= rng.random((size.regions, size.activities)) >= 0.4
        r, a = np.nonzero(values)
        parts.append((np.full(r.size, 2010 + y, dtype=np.int64), r, a, values[r, a]))
        del values
    year = np.concatenate([p[0] for p in parts])
    r = np.concatenate([p[1] for p in parts]).astype(np.int32)
    a = np.concatenate([p[2] for p in parts]).astype(np.int32)
    value = np.concatenate([p[3] for p in parts])
    del parts
    big = year.size > 10_000_000 if categorical is None else categorical
    if big:
        region = pd.Categorical.from_codes(r.astype(np.int16), regions)
        activity = pd.Categorical.from_codes(a.astype(np.int16), activities)
        return pd.DataFrame(
            {"region": region, "activity": activity, "year": year, "value": value}, copy=False
        )
    return pd.DataFrame(
        {"region": regions[r], "activity": activities[a], "year": year, "value": value}
    )


def floor_once(df: pd.DataFrame) -> float:
    """One read of the panel plus the three float64 products, year by year (seconds)."""
    gc.collect()
    t0 = time.perf_counter()
    r, r_labels = pd.factorize(df["region"])
    a, a_labels = pd.factorize(df["activity"])
    y, y_labels = pd.factorize(df["year"])
    v = df["value"].to_numpy()
    for k in range(len(y_labels)):
        rows = y == k
        x = np.zeros((len(r_labels), len(a_labels)))
        x[r[rows], a[rows]] = v[rows]
        m = (x > 0).astype(float)  # the products cost the same whatever M holds
        del x
        phi = m.T @ m  # co-occurrence (stands in for the proximity below)
        density = m @ phi
        gain = m @ phi
        del phi, density, gain, m
    return time.perf_counter() - t0


def floor_seconds(df: pd.DataFrame, repeat: int) -> float:
    return min(floor_once(df) for _ in range(repeat))
