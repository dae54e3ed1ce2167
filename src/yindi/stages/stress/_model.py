"""The ``stress`` stage: shocks on the table, on the uncoordinated and the coordinated portfolio.

``stress(coordination=yindi.coordinate(yindi.plan()))`` builds the economy (the embedded
provinces linked into a multi-regional table, or the user's table), turns each portfolio into
an economy (:mod:`~yindi.stages.stress._portfolio`), runs every scenario on each under the
multi-regional and the single-region model (:mod:`~yindi.stages.stress._shocks`), and returns
:class:`~yindi.stages.stress._result.StressResult` with the losses, the difference
coordination makes, portfolio metrics per strategic industry, diversification and past
resilience per region, and the linkages of the table.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import scipy.linalg

from yindi._options import Interval, check, choose, register
from yindi.data.catalogue import Catalogue, load_catalogue
from yindi.errors import InputError
from yindi.measures.io import (
    ENGINES,
    io_system,
    leontief_inverse,
)
from yindi.stages.stress._economy import Economy, block_diagonal, embedded_economy
from yindi.stages.stress._io_file import read_io_table
from yindi.stages.stress._portfolio import (
    INCREMENT,
    INCREMENT_SOURCE,
    hub_table,
    portfolio_metrics,
    portfolio_states,
)
from yindi.stages.stress._regions import diversification, resilience
from yindi.stages.stress._result import StressResult
from yindi.stages.stress._scenarios import StressScenario, builtin_scenarios, load_scenario
from yindi.stages.stress._shocks import System, loss_frame, scenario_losses
from yindi.stages.stress._tables import (
    difference_table,
    linkage_table,
    regional_table,
    scenario_rows,
    sectoral_table,
    totals_table,
)

__all__ = ["stress"]

register("increment", Interval(0, 1, closed="neither", example=0.014))
register("distance_decay", Interval(0, None, example=1.0))


def _systems(economy: Economy, engine: str) -> list[System]:
    core = io_system(economy.Z, x=economy.x, engine=engine, ghosh=False)
    if not economy.multiregional:
        return [System("single_region", core.A, core.L)]
    a_block = block_diagonal(core.A)
    labels = economy.labels
    region = np.asarray(labels.get_level_values(0))
    blocks = []
    for r in economy.regions:
        pos = np.flatnonzero(region == r)
        blocks.append(leontief_inverse(a_block.iloc[pos, pos]).to_numpy())
    l_block = pd.DataFrame(scipy.linalg.block_diag(*blocks), index=labels, columns=labels)
    return [System("multiregional", core.A, core.L), System("single_region", a_block, l_block)]


def stress(
    dataset: Any = None,
    *,
    coordination: Any = None,
    scenarios: Iterable[StressScenario | str | os.PathLike[str]] | None = None,
    io: Economy | str | os.PathLike[str] | None = None,
    catalogue: Catalogue | str | os.PathLike[str] | None = None,
    year: int = 2017,
    distance_decay: float = 1.0,
    trade_totals: str = "smaller",
    increment: float = INCREMENT,
    engine: str = "lapack",
) -> StressResult:
    """Stress-test the table and the national portfolio (module docstring; docs/stress.md).

    Parameters
    ----------
    dataset : Dataset, optional
        The embedded data (default :func:`yindi.datasets.china_provinces`); its provincial
        tables of ``year`` are linked into a multi-regional table with the gravity exponent
        ``distance_decay`` and the trade-total rule ``trade_totals`` (:func:`embedded_economy`). It also gives the yearly series for past resilience and the
        seismic record.
    coordination : CoordinateResult, optional
        :func:`yindi.coordinate`'s result: its coordinated (``selected``) and uncoordinated
        portfolios are added to the economy and every scenario runs on both. Without it only
        the table is shocked.
    scenarios : iterable of StressScenario or path, optional
        Scenario files or shipped names; default the four built-ins (those whose targets the
        table lacks are skipped with a note when ``io`` is given).
    io : Economy or path, optional
        Your own input-output table (:func:`~yindi.stages.stress._io_file.read_io_table`)
        instead of the embedded one.
    catalogue : Catalogue or path, optional
        Strategic-industry catalogue with the base sectors (default: the shipped one).
    increment : float
        New final sales of each portfolio as a share of the table's value added.
    engine : {"lapack", "pymrio"}
        How the Leontief inverse is computed (:func:`yindi.measures.io.io_system`).
    """
    check(increment=increment, distance_decay=distance_decay)
    choose("engine", engine, ENGINES)
    from yindi.datasets import resolve

    ds = resolve(dataset) if io is None or dataset is not None else None
    if io is None:
        economy = embedded_economy(
            ds, year, distance_decay=distance_decay, trade_totals=trade_totals
        )
    else:
        economy = io if isinstance(io, Economy) else read_io_table(io)
    chosen = (
        builtin_scenarios()
        if scenarios is None
        else [s if isinstance(s, StressScenario) else load_scenario(s) for s in scenarios]
    )
    names = [s.name for s in chosen]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise InputError(f"two scenarios are named {dup!r}: give each scenario its own name")
    cat = catalogue if isinstance(catalogue, Catalogue) else load_catalogue(catalogue)
    systems = _systems(economy, engine)
    table_system = systems[0]
    hubs = None if coordination is None else hub_table(coordination)
    states, placed, notes = portfolio_states(
        economy, table_system.L, hubs, cat.base_weights, increment
    )
    notes = [*economy.notes, *notes]
    frames = []
    status: dict[str, str] = {}
    for scenario in chosen:
        try:
            runs = [
                (state, system, scenario_losses(scenario, state, system))
                for state in states
                for system in systems
            ]
        except InputError as exc:
            if scenarios is None and io is not None:
                status[scenario.name] = f"skipped: {exc}"
                notes.append(f"built-in scenario {scenario.name!r} skipped on this table: {exc}")
                continue
            raise
        for state, system, (loss, caveats) in runs:
            frames.append(loss_frame(scenario, state, system, loss))
            for caveat in caveats:
                if caveat not in notes:
                    notes.append(caveat)
    durations = {s.name: s.duration for s in chosen}
    columns = [
        "scenario",
        "portfolio",
        "model",
        "region",
        "sector",
        "output_loss",
        "value_added_loss",
        "inoperability",
    ]
    losses = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    by_state = {s.portfolio: s for s in states}
    regional = regional_table(losses, by_state, durations) if frames else pd.DataFrame()
    assumption = (
        "estimated multi-regional table (Chenery-Moses trade shares, gravity prior, RAS to "
        "provincial outflow and inflow totals; assumptions.txt)"
        if economy.multiregional and io is None
        else economy.assumptions[0]
    )
    totals = totals_table(losses, regional, durations, assumption) if frames else pd.DataFrame()
    activities = ds.activities if ds is not None and "activities" in ds.tables else None
    sectoral = sectoral_table(losses, by_state, durations, activities) if frames else pd.DataFrame()
    groups = None if activities is None else activities.set_index("activity")["group"]
    region_groups = None
    if ds is not None and "regions" in ds.tables:
        meta = ds.regions.set_index("region")
        if "macro_region" in meta:
            region_groups = meta["macro_region"].astype(str)
    portfolio_assumptions = (
        "Portfolios: every hub of a portfolio (the coordinated allocation, or each region's own "
        "top picks) adds the same new final sales, together "
        f"{increment:.1%} of the table's value added ({INCREMENT_SOURCE.rstrip('.') if increment == INCREMENT else 'set by the user'}), "
        "split over the industry's base sectors by the catalogue's weights and sold where those "
        "sectors already sell (domestic final demand, exports); output follows as x' = x + L df "
        "with the table's technology and import coefficients.",
    )
    fits = set(cat.base_weights["activity"].astype(str)) <= set(economy.sectors)
    metrics = pd.DataFrame()
    if fits:
        metrics = portfolio_metrics(
            states, table_system.L, cat.base_weights, hubs, region_groups, cat.industries
        )
    else:
        notes.append(
            "no portfolio metrics: the catalogue's base sectors are not the table's sectors "
            f"(the table has {', '.join(economy.sectors[:5])}...); give a table with the "
            "catalogue's activities or a catalogue keyed to the table's sectors"
        )
    return StressResult(
        losses=losses,
        regional=regional,
        sectoral=sectoral,
        totals=totals,
        difference=difference_table(totals) if frames else pd.DataFrame(),
        portfolio=metrics,
        increments=placed,
        diversification=diversification(states, groups),
        resilience=resilience(ds) if ds is not None else pd.DataFrame(),
        linkages=linkage_table(economy, systems),
        scenarios=scenario_rows(chosen, status, ds),
        assumptions=(*economy.assumptions, *portfolio_assumptions),
        notes=tuple(notes),
        options={
            "year": year if io is None else None,
            "distance_decay": distance_decay if io is None else None,
            "trade_totals": trade_totals if io is None else None,
            "increment": increment,
            "engine": engine,
            "catalogue": str(cat.source),
            "scenarios": [s.record() for s in chosen],
        },
        inputs={
            "table": economy.name,
            **economy.inputs,
            "coordination": None
            if coordination is None
            else {
                # the solve time is left out: the same input must give the same files
                "solve": {k: v for k, v in coordination.solve.items() if k != "seconds"},
                "options": dict(coordination.options),
            },
        },
    )
