r"""One scenario on one economy under one propagation model: output and value-added losses.

Models (:class:`System`):

- ``multiregional``: the full table, so a shock spreads across regions through interregional
  trade;
- ``single_region``: every region on its own, buying from other regions treated like imports
  (a leakage) and selling to them as exogenous demand: :math:`A` with the blocks between
  regions set to 0, so :math:`L` is block-diagonal. The difference to ``multiregional`` is the
  interregional spillover.

Shocks (Miller & Blair 2009; :mod:`yindi.measures.io`, :mod:`yindi.measures.iim`):

- ``final_demand``: :math:`\Delta y = -s\, y_T` on the targeted final demand (exports,
  domestic categories), :math:`\text{loss} = -L \Delta y` per year;
- ``import_cut``: the buyers' imported inputs of the targeted goods fall by the share s, a cut
  in primary inputs :math:`\Delta v_j = -s\, m_{gj}` propagated forward by the Ghosh inverse,
  :math:`\text{loss}' = -\Delta v' G` per year (with Oosterhaven's caveat, :data:`GHOSH_CAVEAT`);
- ``output_disruption``: the targeted region-sectors lose the share s of their output at once
  and recover, each at its Lian & Haimes (2006) rate, to 1 % of that within
  ``recovery_months``; the dynamic inoperability model runs in weeks (a monthly step would
  overshoot, k > 1, where a sector buys much from itself: Shandong's transport equipment has
  a_ii = 0.62 in 2017), :math:`\text{loss} = \sum_{t<52D} \hat{x} q(t) / 52`;
- ``extraction``: the targeted region-sectors stop producing the share s of their output and
  their buyers get it elsewhere (complete hypothetical extraction, Miller & Lahr 2001, scaled:
  the loss is linear in the output removed), :math:`\text{loss} = s\, L_{\cdot S} L_{SS}^{-1}
  x_S` per year.

Per-year losses are multiplied by the duration D (years). ``inoperability`` is the loss as a
share of the sector's output over the duration; value-added loss is the loss times the
sector's value added per unit of output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from yindi.errors import InputError
from yindi.measures.iim import dynamic_inoperability, recovery_rates
from yindi.measures.io import ghosh_inverse, ghosh_supply_cut, hypothetical_extraction
from yindi.stages.stress._scenarios import StressScenario, check_labels

__all__ = ["STEPS_PER_YEAR", "State", "System", "loss_frame", "scenario_losses"]

#: Steps of the dynamic inoperability model per year (weeks).
STEPS_PER_YEAR = 52
#: Inoperability left when a sector counts as recovered (Lian & Haimes 2006 use 1 %).
RESIDUAL = 0.01


@dataclass(frozen=True)
class System:
    """The Leontief system of an economy under one model (see the module docstring)."""

    model: str
    A: pd.DataFrame
    L: pd.DataFrame


@dataclass(frozen=True)
class State:
    """An economy with or without a portfolio: output, final demand and exports it shocks."""

    portfolio: str
    x: pd.Series
    Y: pd.DataFrame
    exports: pd.Series | None
    imports: pd.DataFrame | None
    va_coefficient: pd.Series | None


def _mask(scenario: StressScenario, labels: pd.MultiIndex) -> np.ndarray:
    regions = labels.get_level_values(0).astype(str)
    sectors = labels.get_level_values(1).astype(str)
    check_labels(scenario, "regions", scenario.regions, list(dict.fromkeys(regions)), "region")
    check_labels(scenario, "sectors", scenario.sectors, list(dict.fromkeys(sectors)), "sector")
    mask = np.ones(len(labels), dtype=bool)
    if scenario.regions:
        mask &= np.isin(regions, scenario.regions)
    if scenario.sectors:
        mask &= np.isin(sectors, scenario.sectors)
    if not mask.any():
        raise InputError(
            f"{scenario.where('target')}: the target selects no region-sector with output in "
            "the table (sectors without output are dropped); widen the target"
        )
    return mask


def _final_demand(scenario: StressScenario, state: State, mask: np.ndarray) -> np.ndarray:
    words = scenario.categories or ("all",)
    columns = state.Y.columns
    level = columns.get_level_values(-1).astype(str) if len(columns) else pd.Index([])
    chosen = np.zeros(len(columns), dtype=bool)
    use_exports = False
    for word in words:
        if word in ("exports", "all"):
            if state.exports is None:
                raise InputError(
                    f"{scenario.where('target.categories')}: the table has no exports column; "
                    "add one ('exports') or target its final-demand columns"
                )
            use_exports = True
        if word in ("domestic", "all"):
            chosen[:] = True
        elif word != "exports":
            hit = np.asarray(level == word)
            if not hit.any():
                known = [*dict.fromkeys(level), "exports", "domestic", "all"]
                raise InputError(
                    f"{scenario.where('target.categories')}: final-demand category {word!r} is "
                    f"not in the table; use one of {', '.join(map(str, known))}"
                )
            chosen |= hit
    target = state.Y.to_numpy()[:, chosen].sum(axis=1)
    if use_exports and state.exports is not None:
        target = target + state.exports.to_numpy()
    return -scenario.size * np.where(mask, target, 0.0)


def scenario_losses(
    scenario: StressScenario, state: State, system: System
) -> tuple[pd.Series, list[str]]:
    """Output loss per region-sector over the scenario's duration, and notes on the method."""
    labels = system.L.index
    mask = _mask(scenario, labels)  # type: ignore[arg-type]
    x = state.x.to_numpy()
    notes: list[str] = []
    if scenario.type == "final_demand":
        dy = _final_demand(scenario, state, mask)
        yearly = -(system.L.to_numpy() @ dy)
    elif scenario.type == "import_cut":
        if state.imports is None:
            raise InputError(
                f"{scenario.where('target.goods')}: the table has no imported inputs by good; "
                "add rows 'imports:<good>' (docs/stress.md)"
            )
        check_labels(scenario, "goods", scenario.goods, list(state.imports.index), "good")
        bought = state.imports.loc[list(scenario.goods)].sum(axis=0).to_numpy()
        dv = pd.Series(-scenario.size * np.where(mask, bought, 0.0), index=labels)
        cut = ghosh_supply_cut(ghosh_inverse(system.L, state.x), dv)
        yearly = -cut.delta_output.to_numpy()
        notes.append(cut.caveat)
    elif scenario.type == "extraction":
        lost = hypothetical_extraction(system.L, state.x, by={scenario.name: labels[mask]})
        yearly = scenario.size * lost.iloc[:, 0].to_numpy()
    else:  # output_disruption
        periods = max(1, round(scenario.duration * STEPS_PER_YEAR))
        months = scenario.recovery_months or scenario.duration * 12
        rates = recovery_rates(system.A, months * STEPS_PER_YEAR / 12, residual=RESIDUAL)
        initial = pd.Series(np.where(mask, scenario.size, 0.0), index=labels)
        path = dynamic_inoperability(
            system.A,
            state.x,
            pd.Series(0.0, index=labels),
            rates,
            periods=periods,
            initial=initial,
        )
        q = path.inoperability.to_numpy()[:periods]
        total = (q * (x / STEPS_PER_YEAR)[None, :]).sum(axis=0)
        return pd.Series(total, index=labels, name="output_loss"), notes
    return pd.Series(yearly * scenario.duration, index=labels, name="output_loss"), notes


def loss_frame(
    scenario: StressScenario, state: State, system: System, loss: pd.Series
) -> pd.DataFrame:
    """Tidy losses: scenario, portfolio, model, region, sector, output/value-added losses and
    inoperability (share of the sector's output over the duration)."""
    labels = loss.index
    va = (
        loss * state.va_coefficient.reindex(labels)
        if state.va_coefficient is not None
        else pd.Series(np.nan, index=labels)
    )
    return pd.DataFrame(
        {
            "scenario": scenario.name,
            "portfolio": state.portfolio,
            "model": system.model,
            "region": labels.get_level_values(0).astype(str),
            "sector": labels.get_level_values(1).astype(str),
            "output_loss": loss.to_numpy(),
            "value_added_loss": va.to_numpy(),
            "inoperability": (loss / (state.x.reindex(labels) * scenario.duration)).to_numpy(),
        }
    )
