"""Growth accounting: TFP growth as the Solow residual, with perpetual-inventory capital.

.. math:: g_A = g_Y - \\alpha g_K - (1 - \\alpha) g_L

with log growth rates, capital by the perpetual inventory method
:math:`K_t = (1 - \\delta) K_{t-1} + I_t` and the initial stock
:math:`K_0 = I_0 / (g_I + \\delta)` (Harberger 1978; Hall & Jones 1999), where :math:`g_I` is the
average log growth of real investment over the first ``init_years`` years. Defaults:
capital share :math:`\\alpha = 0.5` and depreciation :math:`\\delta = 9.6\\%` (Zhang, Wu & Zhang
2004, the rate most Chinese provincial studies use). Inputs must be in constant prices.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from yindi._options import Interval, check, register
from yindi.data.validate import format_rows, map_columns, to_pandas
from yindi.errors import InputError

__all__ = ["growth_accounting", "GROWTH_INPUTS"]

register("alpha", Interval(0, 1, closed="neither", example=0.5))
register("delta", Interval(0, 1, closed="neither", example=0.096))
register("init_years", Interval(1, None, integer=True, example=5))

GROWTH_INPUTS = ("output", "investment", "labour")


def growth_accounting(
    data: Any,
    *,
    region: str = "region",
    year: str = "year",
    output: str = "output",
    investment: str = "investment",
    labour: str = "labour",
    alpha: float = 0.5,
    delta: float = 0.096,
    init_years: int = 5,
) -> pd.DataFrame:
    """TFP growth per region and year from real output, real investment and employment.

    Returns
    -------
    DataFrame ``region, year, capital, g_output, g_capital, g_labour, g_tfp`` (growth rates
    in log points; the first year of each region has no growth).
    """
    check(alpha=alpha, delta=delta, init_years=init_years)
    frame = to_pandas(data, what="growth inputs")
    mapping = {
        "region": region,
        "year": year,
        "output": output,
        "investment": investment,
        "labour": labour,
    }
    df = map_columns(
        frame,
        mapping,
        what="growth inputs",
        fix="Name the columns region, year, output, investment, labour (or map them with "
        "growth_accounting(region=..., output=...)).",
    )
    numbers = df[["output", "investment", "labour"]].apply(pd.to_numeric, errors="coerce")
    values = numbers.astype(float)
    bad = ~np.isfinite(values.to_numpy()).all(axis=1) | (values.to_numpy() <= 0).any(axis=1)
    if bad.any():
        shown = df.rename(columns={k: v for k, v in mapping.items() if k != v})
        shown.attrs = frame.attrs
        cols = [mapping[c] for c in ("output", "investment", "labour")]
        where = format_rows(shown, bad, cols, context=[region, year])
        raise InputError(
            f"growth inputs: {', '.join(map(repr, cols))} must be positive numbers; not so at "
            f"{where} — a gap ('—', '…', empty) must be filled from a source or the "
            "region-year dropped"
        )
    df = df.assign(
        output=values["output"], investment=values["investment"], labour=values["labour"]
    )
    rows = []
    for reg, part in df.sort_values(["region", "year"], kind="mergesort").groupby("region"):
        years = part["year"].to_numpy()
        if len(part) < 2 or (np.diff(years) != 1).any():
            raise InputError(f"growth inputs: {reg} needs consecutive years, got {years.tolist()}")
        inv = part["investment"].to_numpy(dtype=float)
        n0 = min(init_years, len(inv) - 1)
        g_inv = float(np.mean(np.diff(np.log(inv[: n0 + 1]))))
        if g_inv + delta <= 0:
            raise InputError(
                f"growth inputs: {reg}: investment falls faster than depreciation "
                "in the first years; give the initial capital stock instead"
            )
        capital = np.empty_like(inv)
        capital[0] = inv[0] / (g_inv + delta)
        for t in range(1, len(inv)):
            capital[t] = (1 - delta) * capital[t - 1] + inv[t]
        g = {
            name: np.concatenate([[np.nan], np.diff(np.log(series))])
            for name, series in (
                ("g_output", part["output"].to_numpy(dtype=float)),
                ("g_capital", capital),
                ("g_labour", part["labour"].to_numpy(dtype=float)),
            )
        }
        out = pd.DataFrame({"region": reg, "year": years, "capital": capital, **g})
        out["g_tfp"] = out["g_output"] - alpha * out["g_capital"] - (1 - alpha) * out["g_labour"]
        rows.append(out)
    return pd.concat(rows, ignore_index=True)
