"""The new-quality-productive-forces (NQPF, 新质生产力) index of every region and year.

Indicators in three dimensions (new-type labourers, new means of labour, new objects of labour)
come from a YAML config (shipped default: ``datasets/catalogues/nqpf_indicators.yaml``). The
index follows the convention of the Chinese literature: min-max normalisation by benefit/cost,
entropy weights (+1e-4 shift) pooled over all region-years, TOPSIS closeness as the index and
the weighted sum alongside; the obstacle degree names each region's weakest indicators.

Missing data are handled explicitly: a region-year lacking any indicator gets no index and is
listed in ``missing`` with the indicators it lacks; weights are estimated on the complete
region-years only. Nothing is imputed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from yindi.data.config import load_yaml, quote
from yindi.errors import InputError
from yindi.measures import mcda

__all__ = ["NQPFConfig", "load_nqpf_config", "nqpf_index", "DEFAULT_NQPF_CONFIG"]

DEFAULT_NQPF_CONFIG = files("yindi.datasets") / "catalogues" / "nqpf_indicators.yaml"
DIMENSIONS = ("new-type labourers", "new means of labour", "new objects of labour")
_FIELDS = {
    "id",
    "dimension",
    "name_en",
    "name_zh",
    "numerator",
    "denominator",
    "scale",
    "direction",
}


@dataclass(frozen=True)
class NQPFConfig:
    """Validated indicator set: one row per indicator, plus the year window."""

    indicators: (
        pd.DataFrame
    )  # id, dimension, name_en, name_zh, numerator, denominator, scale, direction
    years: tuple[int, int]
    source: str


def load_nqpf_config(
    path: str | Path | None = None, *, columns: list[str] | None = None
) -> NQPFConfig:
    """Read and validate an NQPF indicator config (YAML).

    ``columns`` are the columns of the dataset's ``indicators`` table that numerators and
    denominators may name; unknown ones raise :class:`InputError` with close matches.
    """
    source = "yindi default" if path is None else str(path)
    doc, _ = load_yaml(DEFAULT_NQPF_CONFIG if path is None else path, what=f"indicators {source}")
    if not isinstance(doc, dict) or not isinstance(doc.get("indicators"), list):
        raise InputError(f"{source}: expected a mapping with an 'indicators' list")
    years = doc.get("years")
    if not (
        isinstance(years, list)
        and len(years) == 2
        and all(isinstance(y, int) for y in years)
        and years[0] <= years[1]
    ):
        raise InputError(f"{source}: 'years' must be [first, last], e.g. [2011, 2019]")
    rows, seen = [], set()
    for pos, item in enumerate(doc["indicators"]):
        where = f"{source}: indicator #{pos + 1} ({item.get('id', '?') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected a mapping")
        unknown = set(item) - _FIELDS
        missing = {"id", "dimension", "numerator", "direction"} - set(item)
        if unknown or missing:
            raise InputError(
                f"{where}: unknown fields {sorted(unknown)} / missing {sorted(missing)}"
                f"; allowed: {sorted(_FIELDS)}"
            )
        if item["id"] in seen:
            raise InputError(f"{where}: duplicate id {quote(item['id'])}")
        seen.add(item["id"])
        if item["dimension"] not in DIMENSIONS:
            raise InputError(f"{where}: dimension {quote(item['dimension'])}; use one of {DIMENSIONS}")
        if item["direction"] not in ("benefit", "cost"):
            raise InputError(f"{where}: direction {quote(item['direction'])}; use benefit or cost")
        for key in ("numerator", "denominator"):
            col = item.get(key)
            if col is not None and columns is not None and col not in columns:
                close = difflib.get_close_matches(str(col), columns, n=3)
                raise InputError(
                    f"{where}: {key} {quote(col)} is not an indicator column"
                    + (f"; did you mean {close}?" if close else "")
                )
        rows.append(
            {
                "id": item["id"],
                "dimension": item["dimension"],
                "name_en": item.get("name_en", item["id"]),
                "name_zh": item.get("name_zh", ""),
                "numerator": item["numerator"],
                "denominator": item.get("denominator"),
                "scale": float(item.get("scale", 1.0)),
                "direction": item["direction"],
            }
        )
    if len(rows) < 2:
        raise InputError(f"{source}: an index needs at least two indicators")
    return NQPFConfig(pd.DataFrame(rows), (years[0], years[1]), source)


def indicator_values(config: NQPFConfig, indicators: pd.DataFrame) -> pd.DataFrame:
    """Region x year table of the configured indicators (NaN where a source value is missing)."""
    lo, hi = config.years
    part = indicators[(indicators["year"] >= lo) & (indicators["year"] <= hi)]
    out = part[["region", "year"]].copy()
    for row in config.indicators.itertuples(index=False):
        value = part[row.numerator].astype(float) * row.scale
        if isinstance(row.denominator, str):  # missing is None (pandas 2) or NaN (pandas 3)
            value = value / part[row.denominator].astype(float)
        out[row.id] = value.replace([np.inf, -np.inf], np.nan)
    return out.sort_values(["region", "year"], kind="mergesort").reset_index(drop=True)


def nqpf_index(config: NQPFConfig, indicators: pd.DataFrame) -> dict[str, Any]:
    """Entropy-weighted TOPSIS index, weights and obstacle degrees (see the module docstring).

    Returns a dict of DataFrames: ``values`` (region, year, indicators), ``index`` (region,
    year, closeness, weighted_sum, rank within year, one weighted sum per dimension),
    ``weights`` (id, dimension, direction, weight), ``obstacles`` (region, year, indicator,
    obstacle) and ``missing`` (region, year, missing indicators).
    """
    values = indicator_values(config, indicators)
    ids = config.indicators["id"].tolist()
    complete = values[ids].notna().all(axis=1)
    missing = values.loc[~complete, ["region", "year"]].assign(
        missing=[
            ", ".join(c for c in ids if pd.isna(v[c])) for _, v in values[~complete].iterrows()
        ]
    )
    data = values[complete].reset_index(drop=True)
    if len(data) < 2:
        raise InputError("fewer than two complete region-years: no NQPF index can be estimated")
    x = data[ids].to_numpy(dtype=float)
    benefit = (config.indicators["direction"] == "benefit").to_numpy()
    w = mcda.entropy_weights(x, benefit)
    z = mcda.minmax_normalise(x, benefit)
    index = data[["region", "year"]].copy()
    index["closeness"] = mcda.topsis(x, w, benefit)
    index["weighted_sum"] = mcda.weighted_sum(x, w, benefit)
    for dim in DIMENSIONS:
        cols = (config.indicators["dimension"] == dim).to_numpy()
        index[dim] = z[:, cols] @ w[cols]
    index["rank"] = index.groupby("year")["closeness"].rank(ascending=False, method="min")
    index["rank"] = index["rank"].astype(int)
    obstacle = mcda.obstacle_degree(x, w, benefit)
    obstacles = (
        pd.DataFrame(obstacle, columns=ids)
        .assign(region=data["region"], year=data["year"])
        .melt(id_vars=["region", "year"], var_name="indicator", value_name="obstacle")
    )
    weights = config.indicators[["id", "dimension", "direction", "name_en", "name_zh"]].assign(
        weight=w
    )
    return {
        "values": values,
        "index": index,
        "weights": weights,
        "obstacles": obstacles.sort_values(
            ["region", "year", "obstacle"], ascending=[True, True, False], kind="mergesort"
        ),
        "missing": missing.reset_index(drop=True),
    }
