"""The ``productivity`` stage: NQPF index, efficiency (DEA) and its change, regional gaps, TFP.

``productivity(dataset)`` returns an immutable :class:`ProductivityResult`:

- the NQPF index (:mod:`yindi.stages.productivity.nqpf`) per region and year, its entropy weights and each
  region's obstacle degrees (weakest indicators);
- efficiency by DEA on the embedded data, as far as it goes: the tables have no capital stock
  and no employment, so the default technology is an *innovation-and-green* one — inputs
  population (labour proxy), electricity use (energy) and R&D expenditure (knowledge capital);
  desirable output GDP; undesirable output CO2 (SBM only). CCR and BCC are input-oriented; SBM
  is non-oriented with CO2 as undesirable (Tone 2004); Malmquist = EC x TC between consecutive
  years (CCR). Pass ``efficiency=`` a table of your own inputs and outputs for a classic
  capital-labour-energy technology;
- the regional gap of the NQPF index by Dagum Gini (within / between / transvariation) and by
  Theil (within / between) over macro-regions;
- TFP growth by growth accounting when the caller gives real output, investment and employment
  (``growth=``); otherwise ``notes`` says what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import check
from yindi._results import FrozenFrame, Result
from yindi.datasets import resolve
from yindi.errors import InputError
from yindi.measures import dagum_gini, dea, malmquist, sbm, theil_decomposition
from yindi.stages._summary import Summary
from yindi.stages.productivity.growth import growth_accounting
from yindi.stages.productivity.nqpf import (
    DIMENSIONS,
    income_bands,
    load_nqpf_config,
    nqpf_index,
    peer_weak_points,
    weighting_agreement,
    weights_by_scheme,
)

__all__ = [
    "ProductivityResult",
    "productivity",
    "efficiency_summary",
    "nqpf_summary",
    "with_quintiles",
    "latest_closeness",
]


@dataclass(frozen=True)
class ProductivityResult(Result):
    """Result of :func:`productivity` (tidy DataFrames; see the module docstring).

    ``efficiency_summary`` is the national line per year (:func:`efficiency_summary`).
    """

    _stage = "productivity"

    index: pd.DataFrame = FrozenFrame()
    weights: pd.DataFrame = FrozenFrame()
    values: pd.DataFrame = FrozenFrame()
    obstacles: pd.DataFrame = FrozenFrame()
    missing: pd.DataFrame = FrozenFrame()
    efficiency: pd.DataFrame = FrozenFrame()
    malmquist: pd.DataFrame = FrozenFrame()
    gaps: pd.DataFrame = FrozenFrame()
    efficiency_summary: pd.DataFrame = FrozenFrame()
    national: pd.DataFrame = FrozenFrame()
    weighting_agreement: pd.DataFrame = FrozenFrame()
    scheme_weights: pd.DataFrame = FrozenFrame()
    peer_weak_points: pd.DataFrame = FrozenFrame()
    growth: pd.DataFrame | None = FrozenFrame()
    notes: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The written tables, under the names ``yindi productivity`` gives their files."""
        out = {
            "nqpf_index": self.index,
            "nqpf_weights": self.weights,
            "nqpf_indicators": self.values,
            "nqpf_obstacles": self.obstacles,
            "efficiency": self.efficiency,
            "malmquist": self.malmquist,
            "gaps": self.gaps,
            "efficiency_summary": self.efficiency_summary,
            "nqpf_national": self.national,
            "nqpf_missing": self.missing,
            "nqpf_weighting_agreement": self.weighting_agreement,
            "nqpf_scheme_weights": self.scheme_weights,
            "nqpf_peer_weak_points": self.peer_weak_points,
        }
        growth = self.growth
        if growth is not None:
            out["tfp_growth"] = growth
        return out

    def weak_points(self, year: int | None = None, top: int = 3) -> pd.DataFrame:
        """Each region's ``top`` indicators with the highest obstacle degree in ``year``."""
        y = int(self.index["year"].max()) if year is None else year
        part = self.obstacles[self.obstacles["year"] == y]
        part = part.sort_values(
            ["region", "obstacle", "indicator"], ascending=[True, False, True], kind="mergesort"
        )
        return part.groupby("region").head(top).reset_index(drop=True)

    def summary(self, top: int = 5) -> Summary:
        y = int(self.index["year"].max())
        latest = self.index[self.index["year"] == y].sort_values("rank")
        cols = ["region", "closeness", "rank", *DIMENSIONS]
        gap = self.gaps[self.gaps["year"] == y]
        head = {
            "NQPF years": f"{self.index['year'].min()}-{y}",
            "indicators": str(len(self.weights)),
            "Dagum Gini (latest)": f"{gap['gini'].iloc[0]:.3f}" if len(gap) else "-",
        }
        head |= {f"note {i + 1}": n for i, n in enumerate(self.notes)}
        return Summary(
            "yindi productivity",
            head,
            {
                f"Highest NQPF ({y})": latest.head(top)[cols],
                f"Lowest NQPF ({y})": latest.tail(top)[cols],
                f"Weights ({self.options.get('weighting', 'entropy')})": self.weights[
                    ["id", "dimension", "direction", "weight"]
                ],
                "Rank agreement of the index across weighting schemes (Spearman)": (
                    self.weighting_agreement
                ),
            },
        )


def _technology_table(ds: Any, efficiency: Any) -> tuple[pd.DataFrame, tuple, str]:
    if efficiency is None:
        ind = ds.table("indicators")
        know = getattr(ds, "know", None)
        if know is None:
            raise InputError("productivity needs the dataset's 'technology' or efficiency=")
        ins, outs, bads = know("technology", "DEA inputs, outputs and undesirable outputs")
        kind = ds.knowledge.get("technology_name", "the dataset's")
        return ind, (ins, outs, bads), f"default {kind} technology"
    table, technology = efficiency
    return table, technology, "user technology"


def _efficiency(
    table: pd.DataFrame, technology: tuple, years: list[int]
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str]]:
    """Per year CCR, BCC and SBM scores; Malmquist between consecutive years; the
    region-years left out because a DEA input or output is missing or not positive; and one
    note per year left out because it has too few usable units for the technology."""
    ins, outs, bads = (list(t) for t in technology)
    cols = ins + outs + bads
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise InputError(
            f"efficiency: columns {missing} not in the table; it has {list(table.columns)}"
        )
    eff_rows, panels, left_out, too_few = [], {}, [], []
    for y in years:
        part = table[table["year"] == y]
        usable = part[cols].notna().all(axis=1) & (part[cols] > 0).all(axis=1)
        left_out += [f"{r} {y}" for r in part.loc[~usable, "region"]]
        part = part[usable].sort_values("region", kind="mergesort")
        if len(part) < len(cols) + 1:
            # With fewer units than dimensions + 1, DEA cannot tell units apart: say so.
            too_few.append(
                f"no DEA scores for {y}: {len(part)} region(s) with complete, positive data, "
                f"{len(cols) + 1} needed ({len(cols)} inputs and outputs + 1)"
            )
            continue
        # The kernels scale each column by its mean themselves (measures.dea.column_scale).
        x, yv, b = (part[c].to_numpy(dtype=float) for c in (ins, outs, bads))
        panels[y] = part.set_index("region")[cols]
        frame = pd.DataFrame({"region": part["region"].to_numpy(), "year": y})
        frame["ccr"] = dea(x, yv, model="ccr", orientation="input").efficiency
        frame["bcc"] = dea(x, yv, model="bcc", orientation="input").efficiency
        frame["sbm_undesirable"] = sbm(x, yv, b if bads else None).efficiency
        eff_rows.append(frame)
    mq_rows = []
    ys = sorted(panels)
    for y0, y1 in zip(ys[:-1], ys[1:], strict=True):
        common = panels[y0].index.intersection(panels[y1].index)
        p0, p1 = panels[y0].loc[common], panels[y1].loc[common]
        res = malmquist(
            p0[ins].to_numpy(float),
            p0[outs].to_numpy(float),
            p1[ins].to_numpy(float),
            p1[outs].to_numpy(float),
        )
        mq_rows.append(
            pd.DataFrame(
                {
                    "region": common,
                    "period": f"{y0}-{y1}",
                    "year": y1,
                    "malmquist": res.malmquist,
                    "efficiency_change": res.efficiency_change,
                    "technical_change": res.technical_change,
                }
            )
        )
    empty = pd.DataFrame()
    return (
        pd.concat(eff_rows, ignore_index=True) if eff_rows else empty,
        pd.concat(mq_rows, ignore_index=True) if mq_rows else empty,
        left_out,
        too_few,
    )


def with_quintiles(index: pd.DataFrame) -> pd.DataFrame:
    """``index`` plus ``quintile`` per year: 1 for the top fifth of closeness ... 5 the bottom.

    Regions are ordered by closeness (ties by region, as ``rank(method="first")`` on the
    region-sorted table); the k-th of n falls in fifth ``min(floor(5 (k - 1) / n), 4) + 1``, so
    31 regions split 7, 6, 6, 6, 6. Regions without closeness get no quintile.
    """
    out = index.sort_values(["year", "region"], kind="mergesort")
    order = out.groupby("year")["closeness"].rank(ascending=False, method="first")
    known = out.groupby("year")["closeness"].transform("count")
    fifth = np.minimum((5 * (order - 1)) // known, 4) + 1
    out["quintile"] = fifth.astype("Int64")
    return out.loc[index.index]


def nqpf_summary(index: pd.DataFrame) -> pd.DataFrame:
    """Per year: regions with an index, mean and median closeness (the national reference)."""
    grouped = index.dropna(subset=["closeness"]).groupby("year")["closeness"]
    return pd.DataFrame(
        {"regions": grouped.count(), "mean": grouped.mean(), "median": grouped.median()}
    ).reset_index()


def efficiency_summary(efficiency: pd.DataFrame, malmquist: pd.DataFrame) -> pd.DataFrame:
    """Per year: mean DEA scores and geometric means of the Malmquist index and its parts.

    Scores (``ccr``, ``bcc``, ``sbm_undesirable``, in (0, 1]) are averaged arithmetically over
    the ``regions`` scored that year. ``malmquist``, ``efficiency_change`` and
    ``technical_change`` are ratios, so they are averaged geometrically over the
    ``malmquist_regions`` with a change into that year (Färe, Grosskopf, Norris and Zhang
    1994): the geometric mean keeps ``MI = EC x TC`` for the aggregate, and a region that
    doubles and one that halves average to 1, not 1.25. Years without a Malmquist row (the
    first) have NaN there and ``malmquist_regions`` 0.
    """
    scores = ["ccr", "bcc", "sbm_undesirable"]
    ratios = ["malmquist", "efficiency_change", "technical_change"]
    columns = ["year", "regions", *scores, "malmquist_regions", *ratios]
    if efficiency.empty:
        return pd.DataFrame(columns=columns)
    grouped = efficiency.groupby("year")
    out = grouped[scores].mean().assign(regions=grouped.size())
    if len(malmquist):
        logs = np.log(malmquist[ratios].to_numpy(dtype=float))
        by_year = pd.DataFrame(logs, columns=ratios).groupby(malmquist["year"].to_numpy())
        out = out.join(np.exp(by_year.mean()), how="left")
        out["malmquist_regions"] = by_year.size().reindex(out.index, fill_value=0)
    else:
        out = out.assign(**{c: np.nan for c in ratios}, malmquist_regions=0)
    out = out.reset_index().rename(columns={"index": "year"})
    return out[columns].astype({"regions": "int64", "malmquist_regions": "int64"})


def _gaps(index: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    group_of = regions.set_index("region")["macro_region"]
    rows = []
    for y, part in index.groupby("year"):
        groups = part["region"].map(group_of).to_numpy()
        values = part["closeness"].to_numpy(dtype=float)
        dg = dagum_gini(values, groups)
        th = theil_decomposition(values, groups)
        rows.append(
            {
                "year": int(y),
                "gini": dg.total,
                "gini_within": dg.within,
                "gini_between": dg.net_between,
                "gini_transvariation": dg.transvariation,
                "theil": th.total,
                "theil_within": th.within,
                "theil_between": th.between,
            }
        )
    return pd.DataFrame(rows)


def productivity(
    dataset: Any = None,
    *,
    indicators: str | Path | None = None,
    efficiency: tuple[pd.DataFrame, tuple] | None = None,
    growth: pd.DataFrame | None = None,
    growth_options: Mapping[str, Any] | None = None,
    weighting: str = "entropy",
) -> ProductivityResult:
    """NQPF index, efficiency and its change, regional gaps and (given inputs) TFP growth.

    Parameters
    ----------
    dataset : embedded Dataset, optional
        Default: :func:`yindi.datasets.china_provinces`.
    indicators : path, optional
        An NQPF indicator config (YAML) replacing the shipped one.
    efficiency : (table, (inputs, outputs, undesirable)), optional
        Your own long table (``region, year`` + columns) and the column names of the DEA
        technology; default: the dataset's ``knowledge["technology"]`` on its indicators
        (China: an innovation-and-green technology, see ``yindi.datasets.CHINA_KNOWLEDGE``).
    growth : DataFrame, optional
        ``region, year, output, investment, labour`` in constant prices for growth accounting
        (:func:`yindi.stages.productivity.growth.growth_accounting`; ``growth_options`` passes ``alpha``,
        ``delta`` and column names).
    weighting : str
        Indicator weights of the NQPF index: ``entropy`` (default), ``critic``, ``equal``
        (equal within dimensions), ``entropy_winsorised``, ``entropy_log``
        (:data:`~yindi.stages.productivity.nqpf.WEIGHTINGS`). Every scheme's weights and the
        rank agreement of the index across schemes are tables of the result either way;
        weak points are also judged against the region's income peers (terciles of GDP per
        person), not only the frontier.
    """
    check(weighting=weighting)
    dataset = resolve(dataset, needs=("table",), stage="productivity")
    ind = dataset.table("indicators")
    config = load_nqpf_config(
        indicators, columns=[c for c in ind.columns if c not in ("region", "year")]
    )
    parts = nqpf_index(config, ind, weighting=weighting)
    notes = []
    if len(parts["missing"]):
        lacking = parts["missing"]["region"].unique().tolist()
        notes.append(
            f"no NQPF index for {len(parts['missing'])} region-years lacking data "
            f"({', '.join(lacking)}); the table nqpf_missing lists what each lacks"
        )
    table, technology, label = _technology_table(dataset, efficiency)
    years = sorted(parts["index"]["year"].unique().tolist())
    eff, mq, left_out, too_few = _efficiency(table, technology, years)
    if left_out:
        notes.append(
            f"DEA leaves out {len(left_out)} region-years with a missing or "
            f"non-positive input or output ({', '.join(left_out[:3])}"
            + (", ..." if len(left_out) > 3 else "")
            + ")"
        )
    notes += too_few
    gaps = _gaps(parts["index"], dataset.regions)
    tfp = None
    if growth is None:
        notes.append(
            "TFP growth accounting needs real output, investment and employment by "
            "region and year, which the embedded data lack; give them as a growth table "
            "(yindi productivity --growth FILE)"
        )
    else:
        tfp = growth_accounting(growth, **dict(growth_options or {}))
    latest = int(parts["index"]["year"].max())
    peers = income_bands(ind, latest)
    options = {
        "weighting": weighting,
        "indicators": config.source,
        "years": list(config.years),
        "technology": label,
        "inputs": list(technology[0]),
        "outputs": list(technology[1]),
        "undesirable": list(technology[2]),
    }
    return ProductivityResult(
        index=with_quintiles(parts["index"]),
        national=nqpf_summary(parts["index"]),
        weighting_agreement=weighting_agreement(config, ind),
        scheme_weights=weights_by_scheme(config, ind),
        peer_weak_points=peer_weak_points(
            parts["values"], parts["weights"], peers, year=latest
        ).assign(peer_group=lambda f: f["peer_group"].astype(str) + " income"),
        weights=parts["weights"],
        values=parts["values"],
        obstacles=parts["obstacles"],
        missing=parts["missing"],
        efficiency=eff,
        malmquist=mq,
        gaps=gaps,
        efficiency_summary=efficiency_summary(eff, mq),
        growth=tfp,
        notes=tuple(notes),
        options=options,
        inputs={
            "dataset": getattr(dataset, "name", "dataset"),
            "indicators": str(indicators or "yindi default"),
        },
    )


def latest_closeness(result: ProductivityResult, year: int | None = None) -> pd.Series:
    """NQPF closeness per region in ``year`` (or the nearest earlier year with an index)."""
    idx = result.index
    y = int(idx["year"].max()) if year is None else int(min(year, idx["year"].max()))
    part = idx[idx["year"] <= y].sort_values("year").groupby("region").last()
    out = part["closeness"].rename("nqpf")
    out.attrs["year"] = y
    return out
