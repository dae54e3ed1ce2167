r"""A multi-regional input-output (MRIO) table from single-region tables, and RAS.

Regional tables such as China's provincial ones give, for each region ``s``, its intermediate
flows :math:`Z_s` and final demand :math:`Y_s` (competitive imports: what is used, whatever its
origin), and per sector its output, exports and imports (abroad), outflows ``OF`` to and inflows
``IF`` from the other regions, but not who trades with whom. :func:`multiregional_table` fills
the gap with the standard Chenery-Moses construction (Chenery 1953; Moses 1955; Miller & Blair
2009, §3.4):

1. *Imports* are a fixed share :math:`m_{si} = IM_{si}/U_{si}` of region s's use
   :math:`U_{si} = \sum_j z^s_{ij} + \sum_k y^s_{ik}` of good i, the same for every user.
2. *Re-exports.* Where imports plus inflows exceed use (a trade hub shipping on what it buys),
   the excess :math:`P = IM + IF - U` passes through: it is netted out of imports and inflows and
   out of exports and outflows, each pair in proportion to its parts.
3. *Trade totals.* The outflows and inflows of a good need not add up to the same national total
   in separately compiled regional tables; one side (``trade_totals``) is kept and the other
   scaled to it, per good. With ``trade_totals="smaller"`` the smaller national total is kept
   and the surplus of the larger side is read as foreign trade: surplus outflows (shipped out
   of a region, received by no other) as exports, surplus inflows (received, shipped by no
   other region) as imports. Every region's output and use then stay as published; only the
   split between domestic and foreign trade changes.
4. *Interregional flows* :math:`T^i_{rs}` (r != s) start from a gravity prior
   :math:`d_{rs}^{-\beta}` (uniform without distances), zero on the diagonal, and are balanced
   by RAS to the outflow (row) and inflow (column) totals. RAS rescales rows and columns, so the
   gravity masses :math:`OF_r IF_s` cancel: only the distance deterrence and the zero diagonal
   shape the flows, and the result is the table closest to the prior in the Kullback-Leibler
   sense that meets the totals (Bacharach 1970).
5. *Trade coefficients* :math:`c^i_{rs} = T^i_{rs} / D_{si}` and
   :math:`c^i_{ss} = (D_{si} - IF_{si}) / D_{si}`, with :math:`D = U - IM` the domestically
   produced use; every user of good i in s buys the same origin mix:
   :math:`z_{ri,sj} = c^i_{rs} (1 - m_{si}) z^s_{ij}`, likewise for final demand.

The columns of each region keep its published inputs; the rows add up to
``output = local supply + outflows + exports``, which differs from the published output by the
table's statistical discrepancy and by steps 2-3 (``output_adjustment``). Every result carries
these assumptions as text (``assumptions``).

References: Chenery, H.B. (1953) Regional analysis, in *The Structure and Growth of the Italian
Economy*. Moses, L.N. (1955) The stability of interregional trading patterns and input-output
analysis, *American Economic Review* 45(5), 803-832. Bacharach, M. (1970) *Biproportional
Matrices and Input-Output Change*, Cambridge University Press. Miller & Blair (2009), §3.4
(MRIO) and §7.4 (RAS).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from yindi._options import choose
from yindi.errors import InputError, YindiError
from yindi.measures.io import _names

__all__ = [
    "BALANCE_SLACK",
    "RE_EXPORTS",
    "TOTALS_COLUMNS",
    "TRADE_TOTALS",
    "MultiRegionalTable",
    "RASResult",
    "multiregional_table",
    "ras",
]

TRADE_TOTALS = ("inflows", "outflows", "mean", "smaller")
RE_EXPORTS = ("net", "error")
TOTALS_COLUMNS = ("output", "exports", "imports", "outflows", "inflows")
#: Negative trade totals smaller than this share of total output are round-off and read as 0.
ROUND_OFF = 1e-12
#: Re-exports may exceed exports + outflows by this share of total output: the published
#: tables' balancing residuals (at most 0.45 万元 in the provincial tables, about 3e-11 of their
#: total output), e.g. a sector without output whose statistical discrepancy is a few thousand
#: yuan. The excess is dropped; a larger one is an error.
BALANCE_SLACK = 1e-9


# --- RAS (iterative proportional fitting) --------------------------------------------------------
@dataclass(frozen=True)
class RASResult:
    """A table balanced to given row and column totals.

    Attributes
    ----------
    table : DataFrame
        The balanced table, labelled as the prior.
    iterations : int
        Row-and-column sweeps needed.
    max_error : float
        Largest row-total gap left, relative to the grand total (columns are exact).
    """

    table: pd.DataFrame
    iterations: int
    max_error: float


def _ras_batched(
    prior: np.ndarray, rows: np.ndarray, cols: np.ndarray, *, tol: float, max_iter: int
) -> tuple[np.ndarray, int, np.ndarray]:
    """RAS on a stack of tables ``(k, m, n)`` at once; returns (tables, sweeps, errors per table).

    The caller has checked that each table's row and column totals agree and that every
    positive total can reach a positive prior cell.
    """
    t = prior.copy()
    scale = np.maximum(rows.sum(axis=1), np.finfo(float).tiny)
    err = np.zeros(len(t))
    for sweep in range(1, max_iter + 1):
        rs = t.sum(axis=2)
        t *= np.divide(rows, rs, out=np.zeros_like(rs), where=rs > 0)[:, :, None]
        cs = t.sum(axis=1)
        t *= np.divide(cols, cs, out=np.zeros_like(cs), where=cs > 0)[:, None, :]
        err = np.abs(t.sum(axis=2) - rows).max(axis=1) / scale
        if err.max() <= tol:
            return t, sweep, err
    return t, max_iter, err


def _check_margins(
    prior: np.ndarray, rows: np.ndarray, cols: np.ndarray, names: list[str], tol: float
) -> None:
    """Totals that agree, and a positive prior cell for every positive total."""
    gap = np.abs(rows.sum(axis=1) - cols.sum(axis=1))
    scale = np.maximum(np.maximum(rows.sum(axis=1), cols.sum(axis=1)), np.finfo(float).tiny)
    bad = gap > np.maximum(tol, 1e-9) * scale
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{names[k]}: row totals sum to {rows[k].sum():.10g} but column totals to "
            f"{cols[k].sum():.10g}; RAS needs equal grand totals: rescale one side first"
        )
    positive = prior > 0
    for totals, cells, what, other in (
        (rows, (positive & (cols[:, None, :] > 0)).any(axis=2), "row", "column"),
        (cols, (positive & (rows[:, :, None] > 0)).any(axis=1), "column", "row"),
    ):
        stuck = (totals > 0) & ~cells
        if stuck.any():
            k, pos = np.argwhere(stuck)[0]
            raise InputError(
                f"{names[k]}: {what} {pos} has total {totals[k, pos]:.6g} but no positive prior "
                f"cell in a {other} with a positive total: give the prior a positive value "
                "where that flow may go"
            )


def ras(
    prior: pd.DataFrame,
    row_totals: pd.Series,
    column_totals: pd.Series,
    *,
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> RASResult:
    r"""Balance a non-negative table to row and column totals by RAS (Stone 1961; Bacharach 1970).

    Alternately scales the rows to ``row_totals`` and the columns to ``column_totals``,
    :math:`T = \hat{r} T_0 \hat{s}` (Miller & Blair 2009, §7.4), until the largest row gap is
    below ``tol`` times the grand total; zero cells of the prior stay zero. Raises
    :class:`~yindi.errors.InputError` when the totals disagree or a positive total has no
    positive cell to go to, and :class:`~yindi.errors.YindiError` naming the worst row when it
    has not converged after ``max_iter`` sweeps (the totals cannot be met with the prior's
    zero pattern, or only in the limit).
    """
    if not isinstance(prior, pd.DataFrame):
        raise InputError("prior must be a DataFrame (rows and columns labelled)")
    values = prior.to_numpy(dtype=float)
    rows = _aligned(row_totals, prior.index, "row_totals")
    cols = _aligned(column_totals, prior.columns, "column_totals")
    for arr, name in ((values, "prior"), (rows, "row_totals"), (cols, "column_totals")):
        if not np.isfinite(arr).all() or (arr < 0).any():
            raise InputError(f"{name} must be finite and non-negative")
    _check_margins(values[None], rows[None], cols[None], ["the table"], tol)
    t, sweeps, err = _ras_batched(values[None], rows[None], cols[None], tol=tol, max_iter=max_iter)
    if err[0] > tol:
        gaps = np.abs(t[0].sum(axis=1) - rows)
        raise YindiError(
            f"RAS did not converge in {max_iter} sweeps (relative row gap {err[0]:.3g} > "
            f"tol={tol:g}, worst row {prior.index[int(gaps.argmax())]!r}): the totals cannot "
            "be met with the prior's zero cells (a row total larger than the column totals it "
            "can reach), or only in the limit; check the totals or raise max_iter"
        )
    return RASResult(
        table=pd.DataFrame(t[0], index=prior.index, columns=prior.columns),
        iterations=sweeps,
        max_error=float(err[0]),
    )


def _aligned(values: pd.Series, labels: pd.Index, name: str) -> np.ndarray:
    if not isinstance(values, pd.Series):
        arr = np.asarray(values, dtype=float).reshape(-1)
        if arr.size != len(labels):
            raise InputError(f"{name} has {arr.size} values for {len(labels)} labels")
        return arr
    if not values.index.is_unique or set(values.index) != set(labels):
        raise InputError(
            f"{name} must have one value per label: it lacks "
            f"[{_names(labels.difference(values.index, sort=False))}] and has unexpected "
            f"[{_names(values.index.difference(labels, sort=False))}]"
        )
    return values.reindex(labels).to_numpy(dtype=float)


# --- Chenery-Moses construction ------------------------------------------------------------------
@dataclass(frozen=True)
class MultiRegionalTable:
    """A multi-regional table built by :func:`multiregional_table`.

    Rows and columns are ``(region, sector)``; final demand columns are ``(region, category)``.

    Attributes
    ----------
    Z : DataFrame (Rn, Rn)
        Domestic intermediate flows by origin (rows) and using region-sector (columns).
    Y : DataFrame (Rn, R*k)
        Domestic final demand by origin (rows) and consuming region and category (columns).
    exports : Series (Rn)
        Exports abroad (after netting re-exports).
    imports : DataFrame (n, Rn)
        Imported intermediate inputs: good (rows) used by each region-sector (columns).
    imports_final : DataFrame (n, R*k)
        Imported goods in final demand.
    output : Series (Rn)
        Row totals ``Z + Y + exports``, the output of the MRIO.
    output_adjustment : Series (Rn)
        ``output`` minus the published output.
    trade : Series
        Estimated interregional flows, index ``(sector, origin, destination)``, origin != destination.
    re_exports : Series (Rn)
        Pass-through netted out of imports/inflows and exports/outflows (step 2).
    ras_iterations : int
        RAS sweeps (all sectors balanced together).
    assumptions : tuple of str
        The construction's assumptions, with the figures of this run; state them with every use.
    """

    Z: pd.DataFrame
    Y: pd.DataFrame
    exports: pd.Series
    imports: pd.DataFrame
    imports_final: pd.DataFrame
    output: pd.Series
    output_adjustment: pd.Series
    trade: pd.Series
    re_exports: pd.Series
    ras_iterations: int
    assumptions: tuple[str, ...]


def _stacked(frame: pd.DataFrame, regions: pd.Index, sectors: pd.Index, name: str) -> np.ndarray:
    """``frame`` (rows ``(region, sector)``) as an array ``(R, n, columns)`` in canonical order."""
    rows = pd.MultiIndex.from_product([regions, sectors])
    if not frame.index.is_unique:
        raise InputError(f"{name} has duplicate (region, sector) rows: aggregate them first")
    missing = rows.difference(frame.index, sort=False)
    extra = frame.index.difference(rows, sort=False)
    if len(missing) or len(extra):
        raise InputError(
            f"{name} needs one row per (region, sector) of Z; it lacks [{_names(missing)}] and "
            f"has unexpected [{_names(extra)}]"
        )
    try:
        arr = frame.reindex(rows).to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric; got {exc}") from None
    if not np.isfinite(arr).all():
        i, j = np.argwhere(~np.isfinite(arr))[0]
        raise InputError(
            f"{name}[{rows[i]!r}, {frame.columns[j]!r}] is not finite: fill or drop it first"
        )
    return arr.reshape(len(regions), len(sectors), -1)


def _cells(mask: np.ndarray, regions: pd.Index, sectors: pd.Index) -> str:
    return _names([(regions[r], sectors[i]) for r, i in np.argwhere(mask)])


def _read_inputs(
    Z: pd.DataFrame, final_demand: pd.DataFrame | pd.Series, totals: pd.DataFrame
) -> tuple[pd.Index, pd.Index, pd.Index, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    if not isinstance(Z, pd.DataFrame) or not isinstance(Z.index, pd.MultiIndex):
        raise InputError(
            "Z must be a DataFrame with a (region, sector) row index and one column per sector: "
            "each region's own intermediate-use matrix, stacked"
        )
    if Z.index.nlevels != 2:
        raise InputError(
            f"Z's row index must have 2 levels (region, sector); got {Z.index.nlevels}"
        )
    regions = Z.index.get_level_values(0).unique().rename("region")
    sectors = pd.Index(Z.columns, name="sector")
    if not sectors.is_unique or len(regions) < 2:
        raise InputError("Z needs unique sector columns and at least two regions")
    z = _stacked(Z, regions, sectors, "Z")
    negative = np.asarray((z < 0).any(axis=2))
    if negative.any():
        raise InputError(
            f"Z has negative flows in rows [{_cells(negative, regions, sectors)}]: the model "
            "needs non-negative intermediate flows; move negative entries (e.g. subsidies) out"
        )
    fd = (
        final_demand.to_frame("final demand")
        if isinstance(final_demand, pd.Series)
        else final_demand
    )
    y = _stacked(fd, regions, sectors, "final_demand")
    if not isinstance(totals, pd.DataFrame) or set(TOTALS_COLUMNS) - set(totals.columns):
        have = [] if not isinstance(totals, pd.DataFrame) else list(totals.columns)
        raise InputError(f"totals needs columns {list(TOTALS_COLUMNS)}; got {have}")
    tot = _stacked(totals[list(TOTALS_COLUMNS)], regions, sectors, "totals")
    floor = -ROUND_OFF * max(float(np.abs(tot[..., 0]).sum()), 1.0)
    if (tot < floor).any():
        r, i, c = np.argwhere(tot < floor)[0]
        raise InputError(
            f"totals[{(regions[r], sectors[i])!r}, {TOTALS_COLUMNS[c]!r}] = {tot[r, i, c]:.6g} "
            "is negative: output and trade totals are non-negative amounts"
        )
    parts = {name: np.maximum(tot[..., c], 0.0) for c, name in enumerate(TOTALS_COLUMNS)}
    return regions, sectors, pd.Index(fd.columns, name="category"), z, y, parts


def _gravity_prior(distance: pd.DataFrame | None, decay: float, regions: pd.Index) -> np.ndarray:
    n = len(regions)
    if not (isinstance(decay, float | int) and not isinstance(decay, bool) and decay >= 0):
        raise InputError(f"distance_decay={decay!r} must be a number >= 0")
    off = ~np.eye(n, dtype=bool)
    if distance is None:
        return off.astype(float)
    if (
        not isinstance(distance, pd.DataFrame)
        or set(distance.index) != set(regions)
        or set(distance.columns) != set(regions)
    ):
        raise InputError("distance must be a DataFrame with the regions of Z on both axes")
    d = distance.reindex(index=regions, columns=regions).to_numpy(dtype=float)
    if not (np.isfinite(d[off]).all() and (d[off] > 0).all()):
        raise InputError("distance must be finite and positive between distinct regions")
    w = np.zeros((n, n))
    w[off] = d[off] ** -float(decay)
    return w


def _net_pass_through(
    use: np.ndarray,
    t: dict[str, np.ndarray],
    floor: float,
    re_exports: str,
    where: tuple[pd.Index, pd.Index],
) -> tuple[np.ndarray, ...]:
    """Step 2: imports + inflows above use pass through; net them out of both sides."""
    if (use < floor).any():
        raise InputError(
            f"total use (intermediate + final) of a good is negative in "
            f"[{_cells(use < floor, *where)}]: an inventory draw-down larger than all other "
            "use; move it to the supply side or aggregate the sector"
        )
    use = np.maximum(use, 0.0)
    im, inflow, ex, outflow = t["imports"], t["inflows"], t["exports"], t["outflows"]
    passing = np.maximum(im + inflow - use, 0.0)
    passing[passing <= -floor] = 0.0
    if (passing > 0).any() and re_exports == "error":
        raise InputError(
            f"imports + inflows exceed use (re-exports) in [{_cells(passing > 0, *where)}]: pass "
            "re_exports='net' to net them out, or correct the totals"
        )
    room = ex + outflow
    bad = passing > room - floor * (BALANCE_SLACK / ROUND_OFF)
    if bad.any():
        raise InputError(
            f"re-exports exceed exports + outflows in [{_cells(bad, *where)}]: output net of the "
            "statistical discrepancy is negative there; check the totals"
        )

    passing = np.minimum(passing, room)  # the residual above room is round-off (BALANCE_SLACK)

    def split(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        share = np.divide(a, a + b, out=np.zeros_like(a), where=(a + b) > 0)
        return np.maximum(a - passing * share, 0.0), np.maximum(b - passing * (1 - share), 0.0)

    inflow, im = split(inflow, im)
    outflow, ex = split(outflow, ex)
    return use, passing, im, inflow, ex, outflow


def _reconcile(
    outflow: np.ndarray, inflow: np.ndarray, mode: str, sectors: pd.Index
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step 3: one national total per good for outflows and inflows; returns the IF/OF ratios."""
    total_of, total_if = outflow.sum(axis=0), inflow.sum(axis=0)
    one_sided = (total_of > 0) != (total_if > 0)
    if one_sided.any():
        raise InputError(
            f"sector(s) [{_names(sectors[one_sided])}] have interregional outflows or inflows but "
            "not both: their trade cannot be balanced; check the OF and IF totals"
        )
    ratio = np.divide(total_if, total_of, out=np.ones_like(total_of), where=total_of > 0)
    target = {
        "inflows": total_if,
        "outflows": total_of,
        "mean": (total_of + total_if) / 2,
        "smaller": np.minimum(total_of, total_if),
    }[mode]
    outflow = outflow * np.divide(target, total_of, out=np.ones_like(target), where=total_of > 0)
    inflow = inflow * np.divide(target, total_if, out=np.ones_like(target), where=total_if > 0)
    return outflow, inflow, ratio


def multiregional_table(
    Z: pd.DataFrame,
    final_demand: pd.DataFrame | pd.Series,
    totals: pd.DataFrame,
    *,
    distance: pd.DataFrame | None = None,
    distance_decay: float = 1.0,
    trade_totals: str = "inflows",
    re_exports: str = "net",
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> MultiRegionalTable:
    r"""Build a Chenery-Moses MRIO from single-region tables (steps 1-5 of the module docs).

    Parameters
    ----------
    Z : DataFrame
        Rows ``(region, sector)``, one column per sector: each region's intermediate use of
        each good (competitive imports: all origins together), stacked.
    final_demand : DataFrame or Series
        Same rows; each region's domestic final use of each good by category (consumption,
        capital formation; inventory changes may be negative). Not exports or outflows.
    totals : DataFrame
        Same rows; columns ``output``, ``exports``, ``imports``, ``outflows``, ``inflows`` (the
        provincial tables' GO, EX, IM, OF, IF). Non-negative; negatives within round-off
        (:data:`ROUND_OFF` of total output) are read as 0.
    distance : DataFrame, optional
        Region x region distances for the gravity prior; without it the prior is uniform.
    distance_decay : float
        :math:`\beta` in :math:`d_{rs}^{-\beta}` (default 1).
    trade_totals : {"inflows", "outflows", "mean", "smaller"}
        Which national total of each good's interregional trade to keep. ``"inflows"``
        (default) scales outflows to inflows and never makes local supply negative;
        ``"outflows"`` and ``"mean"`` scale inflows, which fails if a region's scaled inflows
        exceed its use. ``"smaller"`` keeps the smaller total and moves the other side's
        surplus to exports (outflows) or imports (inflows), so every region's output and use
        stay as published (step 3).
    re_exports : {"net", "error"}
        Net pass-through trade out (step 2) or raise naming the cells.
    tol, max_iter : float, int
        RAS convergence: largest row gap relative to each good's total trade.
    """
    choose("trade_totals", trade_totals, TRADE_TOTALS)
    choose("re_exports", re_exports, RE_EXPORTS)
    regions, sectors, categories, z, y, t = _read_inputs(Z, final_demand, totals)
    n_reg, n_sec = len(regions), len(sectors)
    prior = _gravity_prior(distance, distance_decay, regions)
    use = z.sum(axis=2) + y.sum(axis=2)
    floor = -ROUND_OFF * max(float(t["output"].sum()), 1.0)
    where = (regions, sectors)
    use, passing, im, inflow, ex, outflow = _net_pass_through(use, t, floor, re_exports, where)
    published_of, published_if = outflow, inflow
    outflow, inflow, ratio = _reconcile(outflow, inflow, trade_totals, sectors)
    if trade_totals == "smaller":  # the surplus of the larger side is foreign trade
        ex = ex + (published_of - outflow)
        im = im + (published_if - inflow)
    domestic = use - im  # domestically produced use D
    import_share = np.divide(im, use, out=np.zeros_like(use), where=use > 0)
    local = domestic - inflow
    short = local < floor * (BALANCE_SLACK / ROUND_OFF)  # beyond the tables' residuals
    if short.any():
        raise InputError(
            f"with trade_totals={trade_totals!r} the scaled inflows exceed the domestically "
            f"produced use in [{_cells(short, regions, sectors)}]: use "
            "trade_totals='inflows'"
        )
    local = np.maximum(local, 0.0)
    others = inflow.sum(axis=0)[None, :] - inflow
    blocked = outflow > others * (1 + 1e-9) + 1e-12
    if blocked.any():
        r, i = np.argwhere(blocked)[0]
        raise InputError(
            f"outflows of {sectors[i]!r} from {regions[r]!r} ({outflow[r, i]:.6g}) exceed the "
            f"inflows of all other regions ({others[r, i]:.6g}), so no interregional flows can "
            f"match both totals ({int(blocked.sum())} such cells: "
            f"[{_cells(blocked, regions, sectors)}]); check those totals or aggregate the sector"
        )
    names = [f"sector {s!r}" for s in sectors]
    rows, cols = outflow.T.copy(), inflow.T.copy()
    stacked = np.broadcast_to(prior, (n_sec, n_reg, n_reg))
    _check_margins(stacked, rows, cols, names, tol)
    flows, sweeps, err = _ras_batched(stacked, rows, cols, tol=tol, max_iter=max_iter)
    if err.max() > tol:
        worst = int(err.argmax())
        raise YindiError(
            f"RAS of the interregional flows did not converge in {max_iter} sweeps ({names[worst]}"
            f": relative gap {err[worst]:.3g} > tol={tol:g}): the totals can be met only in the "
            "limit (an outflow nearly equal to all other regions' inflows); raise max_iter or tol"
        )
    # c[r, s, i]: share of region s's domestically produced use of good i coming from region r.
    coef = np.divide(
        flows.transpose(1, 2, 0),
        domestic[None],
        out=np.zeros((n_reg, n_reg, n_sec)),
        where=domestic[None] > 0,
    )
    diag = np.arange(n_reg)
    coef[diag, diag] = np.divide(local, domestic, out=np.zeros_like(local), where=domestic > 0)
    z_dom = (1 - import_share)[:, :, None] * z
    y_dom = (1 - import_share)[:, :, None] * y
    rs_index = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
    fd_index = pd.MultiIndex.from_product([regions, categories], names=["region", "category"])
    z_mrio = np.einsum("rsi,sij->risj", coef, z_dom).reshape(n_reg * n_sec, n_reg * n_sec)
    y_mrio = np.einsum("rsi,sik->risk", coef, y_dom).reshape(n_reg * n_sec, -1)
    imp = (import_share[:, :, None] * z).transpose(1, 0, 2).reshape(n_sec, -1)
    imp_fd = (import_share[:, :, None] * y).transpose(1, 0, 2).reshape(n_sec, -1)
    exports = ex.reshape(-1)
    output = z_mrio.sum(axis=1) + y_mrio.sum(axis=1) + exports
    off = ~np.eye(n_reg, dtype=bool)
    origin, destination = np.nonzero(off)  # row-major: the order of flows[:, off]
    trade_index = pd.MultiIndex.from_arrays(
        [
            np.repeat(np.asarray(sectors, dtype=object), len(origin)),
            np.tile(np.asarray(regions, dtype=object)[origin], n_sec),
            np.tile(np.asarray(regions, dtype=object)[destination], n_sec),
        ],
        names=["sector", "origin", "destination"],
    )
    assumptions = (
        "Chenery-Moses MRIO (Chenery 1953; Moses 1955): every user of a good in a region, each "
        "industry and each final-demand category, buys the same mix of origins.",
        "Imports from abroad are the same share (imports / total use) of every user's purchases "
        "of a good in a region.",
        f"Interregional flows: gravity prior {'uniform' if distance is None else f'distance^-{distance_decay:g}'}"
        f" with no flow from a region to itself, balanced by RAS to the outflow and inflow "
        f"totals of each good ({sweeps} sweeps, largest relative gap {err.max():.2g}).",
        f"Re-exports: imports + inflows above use are goods passing through, netted out of "
        f"imports/inflows and exports/outflows in proportion ({int((passing > 0).sum())} "
        f"region-sectors, {passing.sum():.6g} in total).",
        "Trade totals: "
        + {
            "inflows": "the national inflow total of each good was kept, outflows scaled to it",
            "outflows": "the national outflow total of each good was kept, inflows scaled to it",
            "mean": "outflows and inflows of each good were both scaled to their mean total",
            "smaller": "the smaller of the national outflow and inflow totals of each good was "
            "kept; the surplus of the larger side was read as foreign trade (surplus outflows "
            f"as exports, {float((published_of - outflow).sum()):.6g} in total; surplus inflows "
            f"as imports, {float((published_if - inflow).sum()):.6g})",
        }[trade_totals]
        + f" (national inflow/outflow ratios {ratio.min():.3g} to {ratio.max():.3g}).",
        "Output is the MRIO's row total (local supply + outflows + exports); it differs from the "
        "published output by the statistical discrepancy and "
        + (
            "the re-exports netted out (the trade totals leave it unchanged)"
            if trade_totals == "smaller"
            else "the two adjustments above"
        )
        + " (output_adjustment).",
    )
    return MultiRegionalTable(
        Z=pd.DataFrame(z_mrio, index=rs_index, columns=rs_index),
        Y=pd.DataFrame(y_mrio, index=rs_index, columns=fd_index),
        exports=pd.Series(exports, index=rs_index, name="exports"),
        imports=pd.DataFrame(imp, index=sectors, columns=rs_index),
        imports_final=pd.DataFrame(imp_fd, index=sectors, columns=fd_index),
        output=pd.Series(output, index=rs_index, name="output"),
        output_adjustment=pd.Series(
            output - t["output"].reshape(-1), index=rs_index, name="output_adjustment"
        ),
        trade=pd.Series(flows[:, off].reshape(-1), index=trade_index, name="flow"),
        re_exports=pd.Series(passing.reshape(-1), index=rs_index, name="re_exports"),
        ras_iterations=sweeps,
        assumptions=assumptions,
    )
