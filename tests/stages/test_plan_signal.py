"""The plan reads the most reliable complexity and says which (yindi.stages.plan.signal)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

import yindi
from yindi.stages.plan.signal import REFERENCE_TABLE

EU = Path(__file__).parents[2] / "examples" / "eu_nuts2"


def _plan(ds=None, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return yindi.plan(ds, with_productivity=False, **kw)


@pytest.fixture(scope="module")
def china_plan():
    return _plan()


def _reference(classification: str) -> pd.Series:
    with REFERENCE_TABLE.open("rb") as handle:
        table = pd.read_csv(handle, dtype={"activity": str})
    part = table[table["classification"] == classification]
    return part.set_index("activity")["complexity"]


def _by_hand(diagnosis, reference: pd.Series, year: int) -> pd.Series:
    """Region complexity as the output-weighted mean over covered activities, z-scored:
    written out with numpy, independently of yindi.measures.reference."""
    ra = diagnosis.region_activity
    ra = ra[ra["year"] == year].astype({"region": str, "activity": str})
    out = {}
    for region, part in ra.groupby("region"):
        c = part["activity"].map(reference).to_numpy(dtype=float)
        x = np.clip(part["value"].to_numpy(dtype=float), 0, None)
        ok = np.isfinite(c)
        out[region] = float(np.sum(x[ok] * c[ok]) / np.sum(x[ok]))
    s = pd.Series(out)
    return (s - s.mean()) / s.std(ddof=1)


def test_china_uses_the_reference_because_the_network_flips(china_plan) -> None:
    p = china_plan
    assert p.options["complexity_source"] == "reference"
    assert "ranks change between 2012 and 2017" in p.options["complexity_why"]
    rel = p.reliability.set_index(["source", "year"])
    assert not rel.loc[("network", 2017), "stable"]
    assert rel.loc[("reference", 2017), "stable"] and rel.loc[("reference", 2017), "valid"]
    # The region complexity the types read is the reference mean, by hand.
    ref = _reference("china_io_41")
    expected = _by_hand(p.diagnosis, ref, 2017)
    got = p.types.set_index("region")["eci"]
    np.testing.assert_allclose(got.loc[expected.index], expected, atol=1e-9)
    # Target of the issue: province complexity ranks 2012 vs 2017 agree (Spearman >= 0.7),
    # and rise with income per head.
    rho = spearmanr(_by_hand(p.diagnosis, ref, 2012), expected)[0]
    assert rho >= 0.7
    assert rel.loc[("reference", 2017), "eci_spearman"] == pytest.approx(rho)
    ind = yindi.datasets.china_provinces().table("indicators")
    ind = ind[ind["year"] == 2017].set_index("region")
    income = (ind["gdp_100m_cny"] / ind["population_10k"]).loc[expected.index]
    assert spearmanr(expected, income)[0] > 0.5


def test_the_activity_complexity_used_is_a_table(china_plan) -> None:
    act = china_plan.activity_complexity.set_index("activity")
    assert list(china_plan.activity_complexity.columns) == [
        "activity", "complexity", "source", "year"]
    ref = _reference("china_io_41")
    pd.testing.assert_series_equal(act["complexity"], ref.loc[act.index], check_names=False)
    # International ranking: electronics (S20) above clothing (S08) and furniture (S09).
    assert act.loc["S20", "complexity"] > act.loc["S08", "complexity"]
    assert act.loc["S20", "complexity"] > act.loc["S09", "complexity"]
    assert "activity_complexity" in china_plan.tables()
    assert "reliability" in china_plan.tables()


def test_network_can_be_forced_and_keeps_the_diagnosis() -> None:
    p = _plan(complexity="network")
    assert p.options["complexity_source"] == "network"
    assert "UNRELIABLE" in p.options["complexity_why"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = yindi.diagnose(yindi.datasets.china_provinces())
    net = d.region[d.region["year"] == 2017].set_index("region")["eci"]
    got = p.types.set_index("region")["eci"]
    np.testing.assert_allclose(got.loc[net.index.astype(str)], net.to_numpy(), atol=1e-12)


def test_eu_regions_plan_end_to_end_with_honest_evidence() -> None:
    ds = yindi.bundle(EU / "panel.csv", regions=EU / "regions.csv", name="eu_nuts2")
    p = _plan(ds)
    assert p.year == 2014 and len(p.types) == 282
    assert p.options["complexity_source"] == "reference"
    rel = p.reliability.set_index(["source", "year"])
    # The network's ECI falls with income per head (the issue measured -0.49); the
    # reference rises with it.
    assert rel.loc[("network", 2014), "income_spearman"] < 0
    assert rel.loc[("reference", 2014), "income_spearman"] > 0
    regions = pd.read_csv(EU / "regions.csv").set_index("region")
    eci = p.types.set_index("region")["eci"]
    common = eci.dropna().index.intersection(regions.index[regions["gdp_per_capita"].notna()])
    rho = spearmanr(eci.loc[common], regions.loc[common, "gdp_per_capita"])[0]
    assert rho == pytest.approx(rel.loc[("reference", 2014), "income_spearman"])
    # Evidence, field by field, for Oberbayern's first cultivate item.
    first = p.paths[(p.paths["region"] == "DE21") & (p.paths["track"] == "cultivate")].iloc[0]
    opp = p.opportunities.set_index(["region", "industry"]).loc[("DE21", first["industry"])]
    text = first["evidence"]
    assert text.startswith(
        f"rank {int(opp['feasibility_rank'])} of {int(opp['regions_ranked'])} regions by "
        "feasibility; "
    )
    assert f"feasibility {opp['feasibility']:.2f} (related capabilities " in text
    assert f"endowment fit {opp['fit']:.2f} at confidence {opp['confidence']:.0%}" in text
    assert f"national value {opp['national_value']:.2f}" in text
    # Only income and market size are known for EU regions: confidence is their weight.
    cat = p.catalogue.requirements
    known = cat[(cat["industry"] == first["industry"]) & cat["quality"].isin(
        ["income", "market_size"])]["weight"].sum()
    assert opp["confidence"] == pytest.approx(known)


def test_user_facing_text_has_no_internal_ids_and_no_zero_items(china_plan) -> None:
    import re

    ident = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # power_surplus, population_10k, ...
    texts = [*china_plan.paths["evidence"], *china_plan.types["reasons"]]
    found = sorted({m for t in texts for m in ident.findall(t)})
    assert found == []
    # Nothing listed scores 0.00 (transform items below 0.5 % of output are left out).
    assert (china_plan.paths["score"].dropna().round(2) > 0).all()


def test_endowment_wording_follows_what_was_checked() -> None:
    from types import SimpleNamespace

    from yindi.stages.plan.paths import _fmt_opportunity

    base = dict(feasibility=0.5, attractiveness=0.5, relatedness=0.5, fit=0.5, confidence=0.5,
                complexity=0.5, gain=0.5, national_value=1.0, upgrade=0.1, reason="",
                feasibility_rank=2, regions_ranked=4)
    one = SimpleNamespace(**base, weakest="income", strongest="income", weakest_score=0.3,
                          strongest_score=0.3, checked=1)
    tie = SimpleNamespace(**base, weakest="talent", strongest="income", weakest_score=1.0,
                          strongest_score=1.0, checked=3)
    two = SimpleNamespace(**base, weakest="power_surplus", strongest="cool_climate",
                          weakest_score=0.1, strongest_score=0.9, checked=2)
    assert _fmt_opportunity(one).endswith("the only endowment with data: income (0.30)")
    assert _fmt_opportunity(tie).endswith("every endowment checked scores 1.00")
    assert _fmt_opportunity(two).endswith(
        "best endowment cool climate (0.90), weakest power surplus (0.10)")
    assert _fmt_opportunity(one).startswith("rank 2 of 4 regions by feasibility; ")


def test_world_trade_countries_plan_through_the_nace_concordance(shared_data) -> None:
    # Country exports by SITC product, carried to NACE divisions with the shipped concordance
    # shares, filtered Atlas-style (0.1 % of world exports), then planned like any region set.
    trade = pd.read_csv(shared_data / "trade" / "world_trade_avg_1998_to_2000_sitc2_4digit.csv",
                        dtype={"product": str})
    concordance = pd.read_csv(REFERENCE_TABLE.parent / "product_activity.csv",
                              dtype={"product": str, "activity": str})
    concordance = concordance[concordance["classification"] == "nace_r2_division"]
    merged = trade.merge(concordance, on="product")
    merged["value"] = merged["value"] * merged["share"]
    panel = (merged.groupby(["country", "activity"], as_index=False)["value"].sum()
             .rename(columns={"country": "region"}).assign(year=2000))
    panel = panel[panel["value"] > 0]
    total = panel.groupby("region")["value"].sum()
    kept = total[total >= 0.001 * total.sum()].index
    gdp = pd.read_csv(shared_data / "trade" / "world_gdp_pc_avg_1998_to_2000.csv").rename(
        columns={"country": "region", "value": "gdp_per_capita"})
    regions = pd.DataFrame({"region": sorted(kept)}).merge(gdp, on="region", how="left")
    p = _plan(yindi.bundle(panel[panel["region"].isin(kept)], regions=regions, name="world"))
    types = p.types.set_index("region")
    assert len(types) == len(kept) == 127  # 0.1 % of the NACE-mapped goods exports
    assert types.loc["jpn", "type"] == types.loc["deu", "type"] == "advanced-manufacturing base"
    assert types.loc["jpn", "approach"] == "frontier"
    assert types.loc["nga", "type"] == "resource-based economy"
    rel = p.reliability.set_index("source")
    assert (rel["income_spearman"] > 0).all()
