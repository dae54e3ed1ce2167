r"""Input-output kernels: the Leontief and Ghosh systems and what yindi adds to them.

Pure ``calc_*``-style functions in the manner of pymrio's ``tools/iomath.py``: labelled in,
labelled out. Matrices are :class:`pandas.DataFrame` with the same labels on both axes (a sector
index, or a ``(region, sector)`` MultiIndex for a multi-regional table); vectors are
:class:`pandas.Series` on those labels. Arrays without labels are accepted and get positions
``0..n-1``. Flows follow the usual convention: ``Z[i, j]`` is what sector ``i`` sells to sector
``j``, ``x`` is gross output, ``Y`` is final demand.

.. math::

    A = Z \hat{x}^{-1}, \quad L = (I - A)^{-1}, \quad
    B = \hat{x}^{-1} Z, \quad G = (I - B)^{-1} = \hat{x}^{-1} L \hat{x}

The core system comes from pymrio (``IOSystem(Z=..., Y=..., x=...).calc_system()``, the
``yindi[stress]`` extra) or, for large tables, from one in-place LAPACK solve
(``engine="lapack"``). Unlike pymrio's ``calc_A``, a zero output is an error, never a silent 0.
Multipliers, linkages, demand and supply shocks and hypothetical extraction are added here; the
inoperability model is in :mod:`yindi.measures.iim`, the multi-regional construction in
:mod:`yindi.measures.mrio`.

References: Miller, R.E. & Blair, P.D. (2009) *Input-Output Analysis: Foundations and
Extensions*, 2nd ed., Cambridge University Press (chs. 2, 6 and 12).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

import numpy as np
import pandas as pd
import scipy.linalg

from yindi._options import choose
from yindi.errors import ComputationWarning, DroppedWarning, InputError

__all__ = [
    "ENGINES",
    "EXTRACTION_GROUPS",
    "FORWARD_LINKAGES",
    "GHOSH_CAVEAT",
    "IOCore",
    "SupplyCut",
    "allocation_coefficients",
    "demand_shock",
    "drop_zero_output",
    "ghosh_inverse",
    "ghosh_supply_cut",
    "hypothetical_extraction",
    "io_system",
    "leontief_inverse",
    "linkages",
    "output_multipliers",
    "technical_coefficients",
    "value_added_multipliers",
]

ENGINES = ("pymrio", "lapack")
FORWARD_LINKAGES = ("ghosh", "leontief")
EXTRACTION_GROUPS = ("region_sector", "region", "sector")
PYMRIO_MIN = (0, 7)

#: Caveat carried by every supply-driven (Ghosh) result (:class:`SupplyCut`).
GHOSH_CAVEAT = (
    "Supply-driven (Ghosh) quantity model: sales shares (allocation coefficients) are held "
    "fixed, so a cut in an input lowers each buyer's output in proportion to its purchases, "
    "whatever its other inputs and whatever the demand for its products. Oosterhaven (1988, "
    "Journal of Regional Science 28(2)) shows this is implausible as a model of physical "
    "output: it lets sectors produce without inputs their technology requires and ignores "
    "substitution and demand. Read the figures as the exposure of downstream sectors to the "
    "cut (forward dependence), or as cost-push price effects (Dietzenbacher 1997), not as a "
    "forecast of lost output."
)


# --- one validation path for every kernel --------------------------------------------------------
def _names(labels: Sequence[Hashable] | pd.Index, limit: int = 5) -> str:
    shown = ", ".join(repr(v) for v in list(labels)[:limit])
    more = len(labels) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def _as_square(values: object, name: str) -> tuple[pd.Index, np.ndarray]:
    """A square matrix with the same labels on both axes, as (labels, float array view)."""
    if isinstance(values, pd.DataFrame):
        frame = values
    else:
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError) as exc:
            raise InputError(f"{name} must be a numeric matrix; got {exc}") from None
        if arr.ndim != 2:
            raise InputError(f"{name} must be 2-D (sectors x sectors); got shape {arr.shape}")
        frame = pd.DataFrame(arr, copy=False)
    rows, cols = frame.shape
    if rows != cols or rows == 0:
        raise InputError(
            f"{name} must be square with one row and one column per sector; got {rows} rows x "
            f"{cols} columns: give the intermediate block only (no final-demand, value-added or "
            "total rows/columns)"
        )
    if not frame.index.is_unique:
        dup = frame.index[frame.index.duplicated()].unique()
        raise InputError(f"{name} has duplicate row labels {_names(dup)}: aggregate them first")
    if not frame.columns.equals(frame.index):
        missing = frame.index.difference(frame.columns, sort=False)
        extra = frame.columns.difference(frame.index, sort=False)
        if len(missing) or len(extra) or not frame.columns.is_unique:
            raise InputError(
                f"{name} must have the same labels on rows and columns; columns lack "
                f"[{_names(missing)}] and have unexpected [{_names(extra)}]"
            )
        frame = frame.reindex(columns=frame.index)
    try:
        arr = frame.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric; got {exc}") from None
    bad = ~np.isfinite(arr)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise InputError(
            f"{name}[{frame.index[i]!r}, {frame.columns[j]!r}] = {float(arr[i, j])!r} is not finite "
            f"({int(bad.sum())} such cells): fill or drop the missing flows before the analysis"
        )
    return frame.index, arr


def _as_vector(values: object, labels: pd.Index, name: str, *, sign: str = "any") -> np.ndarray:
    """A finite vector on ``labels`` (a Series is aligned by label), as a float array."""
    if isinstance(values, pd.DataFrame):
        if values.shape[1] != 1:
            raise InputError(f"{name} must be one column; got {values.shape[1]} columns")
        values = values.iloc[:, 0]
    if isinstance(values, pd.Series):
        missing = labels.difference(values.index, sort=False)
        extra = values.index.difference(labels, sort=False)
        if len(missing) or len(extra) or not values.index.is_unique:
            raise InputError(
                f"{name} must have one value per sector of the matrix; it lacks "
                f"[{_names(missing)}] and has unexpected [{_names(extra)}]"
            )
        values = values.reindex(labels)
    try:
        arr = np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric; got {exc}") from None
    if arr.size != len(labels):
        raise InputError(f"{name} has {arr.size} values but the matrix has {len(labels)} sectors")
    checks = [(~np.isfinite(arr), "not finite")]
    if sign in ("nonnegative", "positive"):
        checks.append((arr < 0, "negative"))
    if sign == "positive":
        checks.append((arr == 0, "zero"))
    for bad, problem in checks:
        if bad.any():
            where = labels[bad]
            fix = {
                "not finite": "fill or drop the missing values",
                "negative": "a gross output cannot be negative: check the sign and the units",
                "zero": "the coefficients z_ij / x_j are undefined; drop these sectors (their "
                "rows and columns of Z and their final demand) with drop_zero_output(Z, x, Y), "
                "or aggregate them into a related sector",
            }[problem]
            raise InputError(
                f"{name} is {problem} for {int(bad.sum())} sector(s) [{_names(where)}]: {fix}"
            )
    return arr


def _frame(values: np.ndarray, labels: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(values, index=labels, columns=labels, copy=False)


# --- the core system ---------------------------------------------------------------------------
def technical_coefficients(Z: pd.DataFrame, x: pd.Series) -> pd.DataFrame:
    r"""Input (technical) coefficients :math:`A = Z \hat{x}^{-1}`, :math:`a_{ij} = z_{ij}/x_j`.

    Miller & Blair (2009), ch. 2. ``x`` must be positive: a sector with zero output has no
    coefficients (see :func:`drop_zero_output`).
    """
    labels, z = _as_square(Z, "Z")
    xs = _as_vector(x, labels, "x (gross output)", sign="positive")
    return _frame(z / xs[None, :], labels)


def allocation_coefficients(Z: pd.DataFrame, x: pd.Series) -> pd.DataFrame:
    r"""Ghosh allocation (output) coefficients :math:`B = \hat{x}^{-1} Z`, :math:`b_{ij} = z_{ij}/x_i`.

    Miller & Blair (2009), §12.1: the share of sector ``i``'s output sold to ``j``.
    """
    labels, z = _as_square(Z, "Z")
    xs = _as_vector(x, labels, "x (gross output)", sign="positive")
    return _frame(z / xs[:, None], labels)


def _inverse_of_identity_minus(a: np.ndarray, labels: pd.Index, name: str) -> np.ndarray:
    # (I - A)^-1 by LAPACK getrf + getri on the transpose, in place: the C-ordered buffer of
    # I - A is the Fortran-ordered I - A', whose LU and then inverse L' overwrite it, and the
    # C-order view of that buffer is L itself. 2n^3 flops (gesv against the identity takes
    # 8n^3/3) and one n x n buffer besides A: 2.5 GB at n = 12,600.
    n = a.shape[0]
    m = np.negative(a)
    m.flat[:: n + 1] += 1.0
    getrf, getri, getri_lwork = scipy.linalg.get_lapack_funcs(
        ("getrf", "getri", "getri_lwork"), (m,)
    )
    lu, piv, info = getrf(m.T, overwrite_a=True)
    if info == 0:
        lwork, _ = getri_lwork(n)
        solution, info = getri(lu, piv, lwork=int(lwork), overwrite_lu=True)
    if info > 0:
        col_sums = a.sum(axis=0)
        heavy = labels[col_sums >= 1]
        raise InputError(
            f"I - {name} is singular (zero pivot at {labels[info - 1]!r}): the table is not "
            f"productive. Columns of {name} summing to >= 1: [{_names(heavy)}]. Check Z and x "
            "(units, a missing value-added or final-demand column), or drop or aggregate a "
            "sector that uses at least as much input as it produces"
        )
    out = np.asarray(solution).T
    low = out.min()
    if low < -1e-9:
        warnings.warn(
            f"(I - {name})^-1 has negative entries (min {low:.3g}): the spectral radius of "
            f"{name} is >= 1, so the table is not productive (Hawkins-Simon) and multipliers "
            "are meaningless. Check for columns with negative value added.",
            ComputationWarning,
            stacklevel=3,
        )
    return out


def leontief_inverse(A: pd.DataFrame) -> pd.DataFrame:
    r"""Leontief inverse :math:`L = (I - A)^{-1}` (Miller & Blair 2009, ch. 2).

    Computed with LAPACK ``getrf`` and ``getri`` in one buffer: memory is ``A`` and one more
    n x n float64 array (2.5 GB at n = 12,600), and the result equals pymrio's ``calc_L`` to
    round-off. A singular :math:`I - A` raises
    :class:`~yindi.errors.InputError` naming the pivot and the columns of ``A`` summing to
    >= 1; negative entries in ``L`` (a non-productive table) give a
    :class:`~yindi.errors.ComputationWarning`.
    """
    labels, a = _as_square(A, "A")
    return _frame(_inverse_of_identity_minus(a, labels, "A"), labels)


def ghosh_inverse(L: pd.DataFrame, x: pd.Series) -> pd.DataFrame:
    r"""Ghosh inverse :math:`G = (I - B)^{-1} = \hat{x}^{-1} L \hat{x}` (Miller & Blair 2009, §12.1).

    From ``L`` without a second inversion: :math:`g_{ij} = l_{ij} x_j / x_i`.
    """
    labels, l_ = _as_square(L, "L")
    xs = _as_vector(x, labels, "x (gross output)", sign="positive")
    return _frame(l_ * (xs[None, :] / xs[:, None]), labels)


@dataclass(frozen=True)
class IOCore:
    """The demand-driven (Leontief) and supply-driven (Ghosh) core of one table.

    Attributes
    ----------
    A, L : DataFrame
        Technical coefficients and Leontief inverse.
    B, G : DataFrame or None
        Allocation coefficients and Ghosh inverse (``None`` with ``ghosh=False``).
    x : Series
        Gross output the coefficients were computed with.
    """

    A: pd.DataFrame
    L: pd.DataFrame
    B: pd.DataFrame | None
    G: pd.DataFrame | None
    x: pd.Series


def _pymrio() -> ModuleType:
    hint = "pip install 'yindi[stress]' (or pass engine='lapack', which needs only numpy and scipy)"
    try:
        import pymrio
    except ImportError as exc:
        raise ImportError(f"io_system(engine='pymrio') needs pymrio >= 0.7: {hint}") from exc
    try:
        found = tuple(int(p) for p in version("pymrio").split(".")[:2])
    except (PackageNotFoundError, ValueError):
        found = PYMRIO_MIN
    if found < PYMRIO_MIN:
        raise ImportError(f"pymrio {version('pymrio')} is too old, yindi needs >= 0.7: {hint}")
    return pymrio


def io_system(
    Z: pd.DataFrame,
    Y: pd.DataFrame | pd.Series | None = None,
    x: pd.Series | None = None,
    *,
    engine: str = "pymrio",
    ghosh: bool = True,
) -> IOCore:
    r"""A, L and the Ghosh B and G of one input-output table.

    Parameters
    ----------
    Z : DataFrame (n, n)
        Intermediate flows, sellers in rows, buyers in columns.
    Y : DataFrame (n, k) or Series, optional
        Final demand (categories in columns). Used only when ``x`` is not given:
        :math:`x = Z\iota + Y\iota`.
    x : Series, optional
        Gross output; takes precedence over ``Z`` and ``Y`` (tables with a statistical
        discrepancy column are not exactly row-balanced).
    engine : {"pymrio", "lapack"}
        ``"pymrio"``: ``pymrio.IOSystem(Z=..., Y=..., x=...).calc_system()`` for A and L, and
        pymrio's ``calc_B`` and ``calc_G(B, L=L, x=x)`` for the Ghosh side (the
        ``yindi[stress]`` extra). ``"lapack"``: :func:`leontief_inverse` in place, for tables
        of several thousand sectors where pymrio's copies of ``I - A`` do not fit in memory.
    ghosh : bool
        Also compute B and G (:math:`G = \hat{x}^{-1} L \hat{x}`, no second inversion).

    Both engines check the inputs the same way first: a square ``Z`` with matching labels,
    finite values, positive output (pymrio's ``calc_A`` would turn a zero output into zero
    coefficients without a word).
    """
    choose("engine", engine, ENGINES)
    labels, z = _as_square(Z, "Z")
    fd = None if Y is None else _final_demand(Y, labels)
    if x is not None:
        xs = _as_vector(x, labels, "x (gross output)", sign="positive")
    elif fd is not None:
        xs = _as_vector(
            z.sum(axis=1) + fd.sum(axis=1).to_numpy(), labels, "x = Z1 + Y1", sign="positive"
        )
    else:
        raise InputError("io_system needs gross output x or final demand Y (to form x = Z1 + Y1)")
    x_series = pd.Series(xs, index=labels, name="x")
    if engine == "lapack":
        a = z / xs[None, :]
        l_ = _inverse_of_identity_minus(a, labels, "A")
        b = g = None
        if ghosh:
            b = _frame(z / xs[:, None], labels)
            g = _frame(l_ * (xs[None, :] / xs[:, None]), labels)
        return IOCore(A=_frame(a, labels), L=_frame(l_, labels), B=b, G=g, x=x_series)
    pymrio = _pymrio()
    z_frame = _frame(z, labels)
    x_frame = x_series.to_frame("indout")
    system = pymrio.IOSystem(Z=z_frame, Y=fd, x=x_frame)
    try:
        system.calc_system(include_ghosh=False)
    except np.linalg.LinAlgError:
        _inverse_of_identity_minus(z / xs[None, :], labels, "A")  # raises, naming the pivot
        raise
    a_frame = system.A.reindex(index=labels, columns=labels)
    l_frame = system.L.reindex(index=labels, columns=labels)
    if float(l_frame.to_numpy().min()) < -1e-9:
        _inverse_of_identity_minus(a_frame.to_numpy(), labels, "A")  # warns: not productive
    b_frame = g_frame = None
    if ghosh:
        b_frame = pymrio.calc_B(z_frame, x_frame).reindex(index=labels, columns=labels)
        g_frame = pymrio.calc_G(b_frame, L=l_frame, x=x_frame).reindex(index=labels, columns=labels)
    return IOCore(A=a_frame, L=l_frame, B=b_frame, G=g_frame, x=x_series)


def _final_demand(Y: pd.DataFrame | pd.Series, labels: pd.Index) -> pd.DataFrame:
    """Final demand as a finite frame on ``labels`` (rows), one column per category."""
    fd = Y.to_frame() if isinstance(Y, pd.Series) else Y
    if not isinstance(fd, pd.DataFrame):
        raise InputError("Y (final demand) must be a DataFrame or Series labelled like Z's rows")
    _as_vector(fd.sum(axis=1, skipna=False), labels, "Y (final demand summed over categories)")
    return fd.reindex(labels)


def drop_zero_output(
    Z: pd.DataFrame, x: pd.Series, Y: pd.DataFrame | pd.Series | None = None
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame | None]:
    """Drop the sectors with zero gross output from ``Z``, ``x`` (and ``Y``), with a warning.

    A sector that produces nothing has no input coefficients (Tibet has several in the
    provincial tables). Its row and column of ``Z`` and its final demand are dropped; a
    :class:`~yindi.errors.DroppedWarning` names the sectors and the flows removed with them.
    """
    labels, z = _as_square(Z, "Z")
    xs = _as_vector(x, labels, "x (gross output)", sign="nonnegative")
    fd = None if Y is None else _final_demand(Y, labels)
    zero = xs == 0
    if not zero.any():
        return _frame(z, labels), pd.Series(xs, index=labels, name="x"), fd
    lost = float(z[zero, :].sum() + z[:, zero].sum() - z[np.ix_(zero, zero)].sum())
    warnings.warn(
        f"dropped {int(zero.sum())} sector(s) with zero gross output [{_names(labels[zero])}], "
        f"with {lost:.6g} of intermediate flows in their rows and columns",
        DroppedWarning,
        stacklevel=2,
    )
    keep = labels[~zero]
    y_kept = None if fd is None else fd.loc[keep]
    return _frame(z[np.ix_(~zero, ~zero)], keep), pd.Series(xs[~zero], index=keep, name="x"), y_kept


# --- multipliers and linkages ------------------------------------------------------------------
def output_multipliers(L: pd.DataFrame) -> pd.Series:
    r"""Simple output multipliers :math:`m_j = \sum_i l_{ij}` (Miller & Blair 2009, §6.2).

    Total output in all sectors per unit of final demand for sector ``j``.
    """
    labels, l_ = _as_square(L, "L")
    return pd.Series(l_.sum(axis=0), index=labels, name="output_multiplier")


def value_added_multipliers(L: pd.DataFrame, value_added: pd.Series, x: pd.Series) -> pd.Series:
    r"""Value-added multipliers :math:`m^v_j = \sum_i v_i l_{ij}`, :math:`v_i = VA_i / x_i`.

    Value added generated in all sectors per unit of final demand for ``j`` (Miller & Blair
    2009, ch. 6, "income"-type multipliers with value added in place of labour income). In a
    table without imports they are all 1 (:math:`v' = \iota'(I - A)`); imports make them < 1.
    """
    labels, l_ = _as_square(L, "L")
    xs = _as_vector(x, labels, "x (gross output)", sign="positive")
    va = _as_vector(value_added, labels, "value_added")
    return pd.Series((va / xs) @ l_, index=labels, name="value_added_multiplier")


def linkages(
    L: pd.DataFrame,
    G: pd.DataFrame | None = None,
    *,
    forward: str = "ghosh",
    A: pd.DataFrame | None = None,
    B: pd.DataFrame | None = None,
) -> pd.DataFrame:
    r"""Backward and forward linkages, raw and normalised (Rasmussen 1956; Miller & Blair 2009, §12.2).

    - ``backward`` :math:`BL_j = \sum_i l_{ij}` (column sums of L);
    - ``forward`` :math:`FL_i = \sum_j g_{ij}` (row sums of the Ghosh inverse, the standard
      since Beyers 1976 and Jones 1976, as in Miller & Blair 2009, §12.2); with
      ``forward="leontief"`` Rasmussen's original row sums of L;
    - ``backward_normalised`` (power of dispersion) :math:`BL_j / (\frac{1}{n}\sum_k BL_k)` and
      ``forward_normalised`` (sensitivity of dispersion) likewise; 1 is the average sector;
    - ``key_sector``: both normalised linkages above 1;
    - with ``A`` (``B``): the direct linkages ``direct_backward`` :math:`\sum_i a_{ij}`
      (``direct_forward`` :math:`\sum_j b_{ij}`) and their normalised forms.
    """
    choose("forward", forward, FORWARD_LINKAGES)
    labels, l_ = _as_square(L, "L")
    backward = l_.sum(axis=0)
    if forward == "ghosh":
        if G is None:
            raise InputError("linkages(forward='ghosh') needs the Ghosh inverse G (io_system)")
        g_labels, g = _as_square(G, "G")
        if not g_labels.equals(labels):
            raise InputError("G must have the same labels, in the same order, as L")
        fwd = g.sum(axis=1)
    else:
        fwd = l_.sum(axis=1)
    out = pd.DataFrame(
        {
            "backward": backward,
            "forward": fwd,
            "backward_normalised": backward / backward.mean(),
            "forward_normalised": fwd / fwd.mean(),
        },
        index=labels,
    )
    out["key_sector"] = (out["backward_normalised"] > 1) & (out["forward_normalised"] > 1)
    for name, matrix, axis in (("direct_backward", A, 0), ("direct_forward", B, 1)):
        if matrix is not None:
            m_labels, m = _as_square(matrix, "A" if axis == 0 else "B")
            if not m_labels.equals(labels):
                raise InputError(f"{'A' if axis == 0 else 'B'} must have the labels of L")
            direct = m.sum(axis=axis)
            out[name] = direct
            out[f"{name}_normalised"] = direct / direct.mean()
    return out


# --- shocks ------------------------------------------------------------------------------------
def demand_shock(L: pd.DataFrame, delta_y: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    r"""Output change from a final-demand change, :math:`\Delta x = L \Delta y` (Miller & Blair 2009, ch. 2).

    ``delta_y`` is a Series (one scenario) or a DataFrame with one column per scenario, on the
    labels of ``L``; the result has the same shape.
    """
    labels, l_ = _as_square(L, "L")
    if isinstance(delta_y, pd.DataFrame):
        cols = [_as_vector(delta_y[c], labels, f"delta_y[{c!r}]") for c in delta_y.columns]
        dy = np.column_stack(cols) if cols else np.zeros((len(labels), 0))
        return pd.DataFrame(l_ @ dy, index=labels, columns=delta_y.columns)
    dy1 = _as_vector(delta_y, labels, "delta_y")
    return pd.Series(l_ @ dy1, index=labels, name="delta_x")


@dataclass(frozen=True)
class SupplyCut:
    """Forward propagation of a primary-input cut in the Ghosh model.

    Attributes
    ----------
    delta_output : Series
        :math:`\\Delta x' = \\Delta v' G`, per sector (negative = less output).
    delta_inputs : Series
        The primary-input change that was propagated.
    caveat : str
        :data:`GHOSH_CAVEAT` (Oosterhaven 1988): print it with every use of the numbers.
    """

    delta_output: pd.Series
    delta_inputs: pd.Series
    caveat: str = GHOSH_CAVEAT


def ghosh_supply_cut(G: pd.DataFrame, delta_inputs: pd.Series) -> SupplyCut:
    r"""Propagate a cut in primary inputs forward: :math:`\Delta x' = \Delta v' G` (Ghosh 1958).

    Miller & Blair (2009), §12.1. In the Ghosh model imports are primary inputs, so
    a cut of an imported input (e.g. a share ``s`` of imported chips) is the change
    :math:`\Delta v_j = -s\, m_{cj}` in the primary inputs of each buyer ``j``, with
    :math:`m_{cj}` its purchases of the imported good; the result then spreads to the buyers'
    customers through G.

    .. warning:: The supply-driven quantity model is implausible as a forecast (Oosterhaven
       1988): the result carries :data:`GHOSH_CAVEAT` as ``caveat``.
    """
    labels, g = _as_square(G, "G")
    dv = _as_vector(delta_inputs, labels, "delta_inputs")
    return SupplyCut(
        delta_output=pd.Series(dv @ g, index=labels, name="delta_x"),
        delta_inputs=pd.Series(dv, index=labels, name="delta_v"),
    )


# --- hypothetical extraction -------------------------------------------------------------------
def _extraction_groups(
    labels: pd.Index, by: str | Mapping[Hashable, Sequence[Hashable]]
) -> dict[Hashable, np.ndarray] | None:
    """Positions of each group to extract; ``None`` means every label on its own."""
    if isinstance(by, Mapping):
        groups: dict[Hashable, np.ndarray] = {}
        for name, members in by.items():
            wanted = list(members)
            pos = labels.get_indexer(wanted)
            if len(wanted) == 0 or (pos < 0).any():
                unknown = [m for m, p in zip(wanted, pos, strict=True) if p < 0]
                raise InputError(
                    f"extraction group {name!r} is empty or names unknown sectors "
                    f"[{_names(unknown)}]: use labels of L"
                )
            groups[name] = np.asarray(pos)
        return groups
    choose("by", by, EXTRACTION_GROUPS)
    if by == "region_sector" or (by == "sector" and not isinstance(labels, pd.MultiIndex)):
        return None
    if not isinstance(labels, pd.MultiIndex) or labels.nlevels != 2:
        raise InputError(
            f"by={by!r} needs a (region, sector) MultiIndex on L; this table has a flat index: "
            "use by='sector' or pass the groups as a mapping"
        )
    names = list(labels.names)
    level = names.index(by) if by in names else (0 if by == "region" else 1)
    values = labels.get_level_values(level)
    return {key: np.flatnonzero(values == key) for key in values.unique()}


def hypothetical_extraction(
    L: pd.DataFrame,
    x: pd.Series,
    *,
    by: str | Mapping[Hashable, Sequence[Hashable]] = "region_sector",
) -> pd.DataFrame:
    r"""Output lost when a sector, a region or a region-sector is hypothetically extracted.

    **Variant: complete extraction** (Miller & Lahr 2001; Dietzenbacher & Lahr 2013; Miller &
    Blair 2009, §12.2): the rows and columns of the extracted set S are deleted from A together
    with S's final demand, so S produces nothing and the other sectors R keep their own final
    demand: :math:`\bar{x}_R = (I - A_{RR})^{-1} y_R`, :math:`\bar{x}_S = 0`. The result is the
    output loss :math:`x - \bar{x}` per sector (rows) and extraction (columns); the rows of S
    hold :math:`x_S` itself, its sum is Miller & Blair's total linkage :math:`T_S`. (The variant
    that keeps S's final demand but cuts all its intermediate flows loses :math:`x_S - y_S` in
    the rows of S and the same amounts elsewhere.)

    No re-inversion: by the Schur complement of :math:`L_{SS}` in L (the block form of the
    Sherman-Morrison-Woodbury identity), :math:`(I - A_{RR})^{-1} = L_{RR} - L_{RS}
    L_{SS}^{-1} L_{SR}`, and with :math:`x = Ly`,

    .. math:: x - \bar{x} = L_{\cdot S}\, L_{SS}^{-1}\, x_S .

    A single sector j is the rank-one case :math:`(x - \bar{x})_i = l_{ij} x_j / l_{jj}`, done
    for all n sectors at once in :math:`O(n^2)`; a group of k sectors costs one k x k solve.

    Parameters
    ----------
    L : DataFrame (n, n)
        Leontief inverse (labels: sectors, or a ``(region, sector)`` MultiIndex).
    x : Series
        Gross output (:math:`x = Ly`).
    by : {"region_sector", "region", "sector"} or mapping
        ``"region_sector"``: each row label on its own (a sector of a single-region table);
        ``"region"``: all sectors of one region at once; ``"sector"``: one sector in every
        region at once (each label of a flat index); a mapping ``name -> labels`` for any sets.
    """
    labels, l_ = _as_square(L, "L")
    xs = _as_vector(x, labels, "x (gross output)", sign="nonnegative")
    groups = _extraction_groups(labels, by)
    if groups is None:
        diag = np.diagonal(l_)
        if (diag <= 0).any():
            raise InputError(
                f"L has a non-positive diagonal at [{_names(labels[diag <= 0])}]: it is not a "
                "Leontief inverse of a productive table (l_jj >= 1 when A >= 0)"
            )
        loss = l_ * (xs / diag)[None, :]
        loss.flat[:: len(labels) + 1] = xs
        return pd.DataFrame(loss, index=labels, columns=labels.copy(), copy=False)
    loss = np.empty((len(labels), len(groups)))
    for k, (name, pos) in enumerate(groups.items()):
        try:
            w = np.linalg.solve(l_[np.ix_(pos, pos)], xs[pos])
        except np.linalg.LinAlgError:
            raise InputError(
                f"L restricted to extraction group {name!r} is singular: L is not a Leontief "
                "inverse of a productive table"
            ) from None
        loss[:, k] = l_[:, pos] @ w
        loss[pos, k] = xs[pos]
    columns = pd.Index(list(groups), name="extracted", tupleize_cols=False)
    return pd.DataFrame(loss, index=labels, columns=columns)
