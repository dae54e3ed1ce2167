r"""External reference complexity: activity complexity carried over from world trade.

Complexity computed on a small region x activity network (31 provinces x 41 input-output
sectors, a few hundred NUTS-2 regions x NACE divisions) rests on few lines and can be unstable
or implausible. A reference complexity borrows the ranking from a large network instead: product
complexity (PCI) estimated on world trade (hundreds of countries x hundreds of products) is mapped
to the region data's activities through public concordances, and a region's reference complexity
is the value-weighted mean of its activities' complexity.

Two kernels, both pure (no I/O, no printing):

- :func:`concord_complexity`: product complexity -> activity complexity, the world-export
  weighted mean over the products a concordance maps to each activity;
- :func:`region_reference_complexity`: activity complexity -> region complexity, the
  output- or employment-weighted mean over the region's activities that have a reference value,
  with the share of the region's value those activities cover.

Activities without a mapped product, in practice most services, have no reference value: they
are absent from the activity table (never 0) and left out of the region mean; the region's
``coverage`` says how much of its value the mean rests on.

References
----------
Hidalgo, C. A. and Hausmann, R. (2009). The building blocks of economic complexity. PNAS 106(26).
Hausmann, R., Hidalgo, C. A. et al. (2011). The Atlas of Economic Complexity. Harvard CID / MIT.
Hausmann, R., Hwang, J. and Rodrik, D. (2007). What you export matters. J. Econ. Growth 12(1).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from yindi.errors import InputError

__all__ = ["SHARE_TOLERANCE", "concord_complexity", "region_reference_complexity"]

#: How far a product's concordance shares may sum from 1 (shares written with 9 decimals).
SHARE_TOLERANCE = 1e-6

_CONCORDANCE_COLUMNS = ("product", "activity", "share")


def _labelled(series: pd.Series, what: str) -> pd.Series:
    """A numeric Series with unique labels, or an InputError naming the problem."""
    if not isinstance(series, pd.Series):
        raise InputError(f"{what} must be a pandas Series indexed by label; got {type(series)}")
    if not series.index.is_unique:
        dup = series.index[series.index.duplicated()].unique()[:5].tolist()
        raise InputError(f"{what} has duplicate labels {dup}; give one value per label")
    try:
        return series.astype(float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what} must be numeric ({exc})") from exc


def _require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{what} must be a pandas DataFrame; got {type(frame)}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{what} lacks column(s) {missing}; expected {list(columns)}, got {list(frame.columns)}"
        )


def _rows(frame: pd.DataFrame, mask: pd.Series, columns: Sequence[str]) -> str:
    """Up to five offending rows, for an error message."""
    return repr(frame.loc[mask, list(columns)].head(5).to_dict("records"))


def _checked_concordance(concordance: pd.DataFrame) -> pd.DataFrame:
    _require_columns(concordance, _CONCORDANCE_COLUMNS, "concordance")
    conc = concordance[list(_CONCORDANCE_COLUMNS)].copy()
    conc["share"] = pd.to_numeric(conc["share"], errors="coerce")
    bad = conc["share"].isna() | ~(conc["share"] > 0) | (conc["share"] > 1 + SHARE_TOLERANCE)
    if bad.any():
        raise InputError(
            "concordance column 'share' must be a number in (0, 1] (a product's share of value "
            f"going to the activity; drop zero rows); offending rows: {_rows(conc, bad, conc.columns)}"
        )
    blank = conc["product"].isna() | conc["activity"].isna()
    if blank.any():
        raise InputError(
            f"concordance has empty product or activity: {_rows(conc, blank, conc.columns)}"
        )
    dup = conc.duplicated(["product", "activity"], keep=False)
    if dup.any():
        raise InputError(
            "concordance repeats a (product, activity) pair; sum the shares of repeated pairs "
            f"first: {_rows(conc, dup, conc.columns)}"
        )
    totals = conc.groupby("product", sort=True)["share"].sum()
    off = totals[(totals - 1).abs() > SHARE_TOLERANCE]
    if not off.empty:
        raise InputError(
            f"concordance shares of a product must sum to 1 (within {SHARE_TOLERANCE:g}); "
            f"they do not for {off.head(5).round(9).to_dict()}"
        )
    return conc


def concord_complexity(
    product_complexity: pd.Series,
    product_weight: pd.Series,
    concordance: pd.DataFrame,
) -> pd.DataFrame:
    r"""Activity complexity as the weighted mean complexity of the products mapped to it.

    .. math::

        C_a = \frac{\sum_p w_p\, s_{pa}\, c_p}{\sum_p w_p\, s_{pa}}

    where :math:`c_p` is the complexity of product :math:`p` (e.g. its PCI), :math:`w_p` its
    weight (world exports) and :math:`s_{pa}` the share of the product's value that the
    concordance assigns to activity :math:`a` (:math:`\sum_a s_{pa} = 1`). A product split across
    activities contributes to each with its share. The weighting follows the export-weighted
    product averages of Hausmann, Hwang & Rodrik (2007); the mapping from products to industries
    through a correspondence table is the usual one for trade data (e.g. WITS concordances).

    Parameters
    ----------
    product_complexity : Series
        Complexity per product, indexed by product code. NaN (e.g. a product no country exports
        with comparative advantage) means "no value": the product is left out, as is a product
        in the concordance but not in this Series.
    product_weight : Series
        Non-negative weight per product (world exports), indexed by product code. Every product
        that has a complexity and concordance rows needs a finite weight.
    concordance : DataFrame
        Columns ``product, activity, share``: ``share`` in (0, 1] is the share of the product's
        value going to the activity; the shares of each product sum to 1 (within
        :data:`SHARE_TOLERANCE`); a (product, activity) pair appears once.

    Returns
    -------
    DataFrame
        Indexed by ``activity`` (sorted), columns ``complexity`` (:math:`C_a`), ``products``
        (number of products with a value and positive weight mapped to the activity) and
        ``weight`` (:math:`\sum_p w_p s_{pa}`, the mapped weight). An activity that no product with
        a value and a positive weight reaches is absent, never 0.

    Raises
    ------
    InputError
        Duplicate labels, a share outside (0, 1], shares not summing to 1, a missing, negative or
        NaN weight for a product that has a complexity.
    """
    complexity = _labelled(product_complexity, "product_complexity").dropna()
    weight = _labelled(product_weight, "product_weight")
    conc = _checked_concordance(concordance)
    conc = conc[conc["product"].isin(complexity.index)]
    needed = pd.Index(conc["product"].unique())
    absent = needed.difference(weight.index)
    if len(absent):
        raise InputError(
            f"product_weight has no value for {len(absent)} product(s) that have a complexity "
            f"and concordance rows, e.g. {absent[:5].tolist()}; give every such product a weight"
        )
    w = weight.reindex(needed)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise InputError(
            f"product_weight must be finite and non-negative; offending: {w[bad].head(5).to_dict()}"
        )
    rows = conc.assign(
        c=complexity.reindex(conc["product"]).to_numpy(),
        m=weight.reindex(conc["product"]).to_numpy() * conc["share"].to_numpy(),
    )
    rows = rows[rows["m"] > 0]
    rows = rows.assign(mc=rows["m"] * rows["c"])
    grouped = rows.groupby("activity", sort=True)
    out = pd.DataFrame(
        {
            "complexity": grouped["mc"].sum() / grouped["m"].sum(),
            "products": grouped["product"].nunique().astype(np.int64),
            "weight": grouped["m"].sum(),
        }
    )
    out.index.name = "activity"
    return out


def region_reference_complexity(
    shares: pd.DataFrame, activity_complexity: pd.Series
) -> pd.DataFrame:
    r"""Region complexity as the value-weighted mean reference complexity of its activities.

    .. math::

        C_r = \frac{\sum_{a \in A^*} x_{ra} C_a}{\sum_{a \in A^*} x_{ra}}, \qquad
        \text{coverage}_r = \frac{\sum_{a \in A^*} x_{ra}}{\sum_a x_{ra}}

    where :math:`x_{ra}` is the region's output or employment in activity :math:`a` and
    :math:`A^*` the activities that have a reference value :math:`C_a` (non-NaN in
    ``activity_complexity``). Hausmann et al. (2011) note that a country's ECI is the mean PCI of
    the products it exports with comparative advantage; here the mean is weighted by the
    region's own activity values, so that a large sector counts more than a marginal one.

    Activities without a reference value, most services in a goods-trade reference, are
    **excluded** from both sums: the mean describes the covered part of the economy only, and
    ``coverage`` reports how large that part is. Compare regions on ``complexity`` with an eye on
    ``coverage``; a region whose value lies mostly in uncovered activities has a mean resting on
    a small part of its economy.

    Parameters
    ----------
    shares : DataFrame
        Long table with columns ``region, activity, value`` and optionally ``year`` (then the
        result has one row per region and year). Values are non-negative numbers (output,
        value added, employment); shares or levels give the same result. NaN is refused: a
        missing cell should be a missing row.
    activity_complexity : Series
        Reference complexity per activity (index = activity code), e.g. the ``complexity``
        column of :func:`concord_complexity`. NaN entries count as "no reference value".

    Returns
    -------
    DataFrame
        Indexed by ``region`` (or ``region, year``), sorted, with columns ``complexity``
        (:math:`C_r`; NaN when no covered activity has value) and ``coverage`` (NaN when the
        region's total value is 0).

    Raises
    ------
    InputError
        Missing columns, NaN or negative values, a repeated (region, [year,] activity) row,
        duplicate activity labels in ``activity_complexity``.
    """
    _require_columns(shares, ("region", "activity", "value"), "shares")
    keys = ["region", "year"] if "year" in shares.columns else ["region"]
    frame = shares[[*keys, "activity", "value"]].copy()
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    nan = frame["value"].isna()
    if nan.any():
        raise InputError(
            "shares column 'value' has NaN or non-numeric values; drop missing cells instead of "
            f"passing NaN: {_rows(frame, nan, frame.columns)}"
        )
    neg = frame["value"] < 0
    if neg.any():
        raise InputError(f"shares column 'value' must be >= 0: {_rows(frame, neg, frame.columns)}")
    dup = frame.duplicated([*keys, "activity"], keep=False)
    if dup.any():
        raise InputError(
            f"shares repeats a ({', '.join(keys)}, activity) row: {_rows(frame, dup, frame.columns)}"
        )
    reference = _labelled(activity_complexity, "activity_complexity").dropna()
    frame["c"] = reference.reindex(frame["activity"]).to_numpy()
    covered = frame["c"].notna()
    frame["covered"] = frame["value"].where(covered, 0.0)
    frame["xc"] = (frame["value"] * frame["c"]).where(covered, 0.0)
    grouped = frame.groupby(keys, sort=True)
    total, covered_value, weighted = (grouped[c].sum() for c in ("value", "covered", "xc"))
    out = pd.DataFrame(
        {
            "complexity": weighted / covered_value.where(covered_value > 0),
            "coverage": covered_value / total.where(total > 0),
        }
    )
    return out
