"""Growth accounting by hand: perpetual inventory capital and the Solow residual."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from yindi.errors import InputError, OptionError
from yindi.stages.productivity.growth import growth_accounting


def test_solow_residual_by_hand(tol) -> None:
    # One region, three years; output +10 % a year, investment 10, 11, 12.1, labour 50, 55, 55.
    table = pd.DataFrame(
        {
            "region": "R",
            "year": [2000, 2001, 2002],
            "output": [100.0, 110.0, 121.0],
            "investment": [10.0, 11.0, 12.1],
            "labour": [50.0, 55.0, 55.0],
        }
    )
    out = growth_accounting(table, alpha=0.4, delta=0.1, init_years=5).set_index("year")
    # Initial stock: g_I = mean log growth over the available first years = ln 1.1 (both
    # steps are +10 %); K0 = 10 / (ln 1.1 + 0.1). Then K_t = 0.9 K_{t-1} + I_t.
    k0 = 10 / (math.log(1.1) + 0.1)
    k1 = 0.9 * k0 + 11
    k2 = 0.9 * k1 + 12.1
    np.testing.assert_allclose(out["capital"], [k0, k1, k2], rtol=tol.hand)
    # g_A = g_Y - 0.4 g_K - 0.6 g_L with log growth rates.
    g_tfp_2001 = math.log(1.1) - 0.4 * math.log(k1 / k0) - 0.6 * math.log(55 / 50)
    g_tfp_2002 = math.log(1.1) - 0.4 * math.log(k2 / k1) - 0.6 * 0.0
    assert out.at[2001, "g_tfp"] == pytest.approx(g_tfp_2001, abs=tol.hand)
    assert out.at[2002, "g_tfp"] == pytest.approx(g_tfp_2002, abs=tol.hand)
    assert np.isnan(out.at[2000, "g_tfp"])


def test_growth_inputs_are_checked() -> None:
    table = pd.DataFrame(
        {
            "region": "R",
            "year": [2000, 2002],
            "output": [1.0, 2.0],
            "investment": [1.0, 1.0],
            "labour": [1.0, 1.0],
        }
    )
    with pytest.raises(InputError, match="consecutive years"):
        growth_accounting(table)
    table["year"] = [2000, 2001]
    table.loc[1, "investment"] = 0.0
    with pytest.raises(InputError, match=r"positive numbers.*row 1 \(region R, year 2001\)"):
        growth_accounting(table)
    with pytest.raises(OptionError, match=r"alpha=1.5 is not valid; use a number in \(0, 1\)"):
        growth_accounting(table, alpha=1.5)
    with pytest.raises(InputError, match="investment"):
        growth_accounting(table.drop(columns="investment"))
