"""The national allocation on the embedded plan: limits hold, conflicts are explained."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

import yindi
from yindi.errors import InputError, OptionError
from yindi.stages.coordinate import CoordinateConfig, load_coordinate_config


@pytest.fixture(scope="module")
def planned():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return yindi.plan(with_productivity=False)


@pytest.fixture(scope="module")
def coordinated(planned):
    return yindi.coordinate(planned, scenarios=["gansu_water", "clean_power"])


def test_default_allocation_is_optimal_and_within_every_limit(planned, coordinated) -> None:
    c = coordinated
    assert c.solve["status"] == "optimal" and c.solve["gap"] <= 1e-9
    chosen = c.allocation[c.allocation["selected"]]
    assert c.solve["objective"] == pytest.approx(chosen["value"].sum())
    # Hubs: H_i = max(1, ceil(share x 31 x national value)), share 0.25 emerging, 0.1 future.
    cat = planned.catalogue.industries.set_index("id")
    counts = chosen.groupby("industry").size()
    for industry, n in counts.items():
        share = 0.1 if cat.at[industry, "stage"] == "future" else 0.25
        assert n <= max(1, math.ceil(share * 31 * cat.at[industry, "national_value"]))
    # Participation: every province with a candidate gets 1 to 3 items, at most 1 future one.
    per = chosen.groupby("region").size()
    assert per.between(1, 3).all() and set(per.index) == set(c.allocation["region"])
    assert (chosen[chosen["track"] == "prepare"].groupby("region").size() <= 1).all()
    # Budgets, recomputed by hand from the catalogue's levels (low 1, medium 2, high 4 units).
    units = {"low": 1.0, "medium": 2.0, "high": 4.0}
    for resource in ("water", "energy", "carbon"):
        need = chosen["industry"].map(cat[f"{resource}_intensity"]).map(units)
        used = need.groupby(chosen["region"]).sum()
        b = c.budgets[c.budgets["resource"] == resource].set_index("region")["budget"]
        limited = b.dropna()
        assert (used.reindex(limited.index).fillna(0) <= limited + 1e-9).all()
    # Redundancy: each emerging industry of national value 1 that is allocated at all is in at
    # least two macro-regions.
    macro = planned.regions.set_index("region")["macro_region"]
    for industry, part in chosen.groupby("industry"):
        if cat.at[industry, "national_value"] >= 1.0:
            assert part["region"].map(macro).nunique() >= 2


def test_own_picks_break_budgets_the_portfolio_keeps(coordinated) -> None:
    b = coordinated.budgets.dropna(subset=["budget"])
    assert (b["used"] <= b["budget"] + 1e-9).all()
    exceeded = int((b["used_uncoordinated"] > b["budget"] + 1e-9).sum())
    assert exceeded == coordinated.solve["budgets_exceeded_uncoordinated"] and exceeded > 0
    assert coordinated.solve["regions_without_item"] == []


def test_coordination_reduces_duplication_of_the_hot_industries(coordinated) -> None:
    dup = coordinated.duplication.set_index("industry")
    assert (dup["regions_coordinated"] <= dup["hub_limit"]).all()
    assert dup.loc["ai_computing", "regions_uncoordinated"] > dup.loc["ai_computing", "hub_limit"]
    assert dup.loc["ai_computing", "regions_coordinated"] <= dup.loc["ai_computing", "hub_limit"]


def test_hub_limit_below_redundancy_is_explained(planned) -> None:
    config = CoordinateConfig(hub_overrides={"ai_computing": 1},
                              redundancy_overrides={"ai_computing": 2})
    c = yindi.coordinate(planned, config)
    assert c.solve["status"] == "infeasible" and not c.feasible
    names = set(c.explanation["name"])
    assert {"hub_max[ai_computing]", "redundancy[ai_computing]"} <= names
    assert c.explanation["sentence"].str.len().gt(0).all()
    zh = " ".join(c.explanation["sentence_zh"])
    assert "人工智能与算力最多 1 个枢纽" in zh and "须布局于至少 2 个大区" in zh


def test_a_binding_hub_limit_changes_the_answer(planned, coordinated) -> None:
    base = coordinated.allocation
    before = int(base.loc[base["selected"] & (base["industry"] == "data_centres")].shape[0])
    assert before >= 2
    c = yindi.coordinate(planned, CoordinateConfig(hub_overrides={"data_centres": 1},
                                                   redundancy_overrides={"data_centres": 1}))
    after = c.allocation
    assert int((after["selected"] & (after["industry"] == "data_centres")).sum()) == 1
    assert c.solve["objective"] < coordinated.solve["objective"]


def test_scenarios_say_what_changed_or_why_not(coordinated) -> None:
    s = coordinated.scenarios
    gansu = s[s["scenario"].str.startswith("Gansu")]
    assert len(gansu) >= 1
    if (gansu["change"].str.startswith("no change")).all():
        assert "water budgets of Gansu" in gansu["change"].iloc[0]
    else:
        assert set(gansu["change"]) <= {"gained", "lost"}


def test_config_errors_name_the_key(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("hubs: {shares: 0.3}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown key hubs.shares"):
        load_coordinate_config(bad)
    bad.write_text("participation: {min: 4, max: 3}\n", encoding="utf-8")
    with pytest.raises(InputError, match="min 4 is above max 3"):
        load_coordinate_config(bad)
    with pytest.raises(OptionError, match="hub_share"):
        CoordinateConfig(hub_share=1.5)
    good = tmp_path / "good.yaml"
    good.write_text("families: {budgets: false}\nparticipation: {max: 2}\n", encoding="utf-8")
    cfg = load_coordinate_config(good)
    assert not cfg.on("budgets") and cfg.on("hubs") and cfg.participation_max == 2


def test_switching_off_budgets_removes_their_rows(planned) -> None:
    cfg = CoordinateConfig(families={"budgets": False})
    c = yindi.coordinate(planned, cfg)
    assert not (c.constraints["family"] == "budgets").any()
    assert isinstance(c.allocation, pd.DataFrame) and c.solve["status"] == "optimal"


def test_bad_scenarios_name_the_problem(planned, tmp_path) -> None:
    bad = tmp_path / "s.yaml"
    bad.write_text("name: x\nresources: {Atlantis: {water: 1.0}}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"region 'Atlantis' is not in the plan"):
        yindi.coordinate(planned, scenarios=[bad])
    bad.write_text("name: x\nresources: {Gansu: {sunshine: 1.0}}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown resource 'sunshine'; use water, energy"):
        yindi.coordinate(planned, scenarios=[bad])
    bad.write_text("name: x\nscale: {Atlantis: {energy: 1.3}}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no region in group 'Atlantis'"):
        yindi.coordinate(planned, scenarios=[bad])
