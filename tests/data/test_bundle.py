"""yindi.bundle: a user's own tables as a dataset that every stage reads."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import yindi
from yindi.data.endowments import endowment_table
from yindi.errors import InputError


@pytest.fixture(scope="module")
def china():
    return yindi.datasets.china_provinces()


@pytest.fixture(scope="module")
def china_as_bundle(china):
    """The embedded tables handed in as a user would: panel, region table, activity table."""
    regions = china.regions.drop(columns="coastal").merge(endowment_table(china, 2017), on="region")
    return yindi.bundle(
        china.panel("gross_output"), regions=regions, activities=china.activities, name="cn"
    )


def _quiet_plan(ds, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return yindi.plan(ds, with_productivity=False, **kw)


def test_bundle_of_the_embedded_tables_scores_like_the_embedded_dataset(china, china_as_bundle):
    # Two routes to the same numbers: the China dataset's own builders, and the same figures
    # handed in as plain tables. Fit, feasibility and attractiveness must agree exactly; the
    # bundle has no CO2 by sector and no GDP by year, so carbon flags and growth differ.
    # The network's own complexity in both: the bundle does not name the reference's
    # classification, so "auto" could choose differently.
    ours = _quiet_plan(china_as_bundle, complexity="network")
    embedded = _quiet_plan(china, complexity="network")
    pd.testing.assert_frame_equal(ours.opportunities, embedded.opportunities)
    pd.testing.assert_frame_equal(ours.endowment_fit, embedded.endowment_fit)
    assert ours.options["measure"] == "value" and embedded.options["measure"] == "gross_output"


def test_a_bundle_without_endowments_scores_on_capabilities_with_zero_confidence(china):
    ds = yindi.bundle(china.panel("gross_output"), activities=china.activities)
    result = _quiet_plan(ds)
    fit = result.endowment_fit
    assert fit["fit"].isna().all() and (fit["confidence"] == 0).all()
    opp = result.opportunities
    # The documented rule: where no requirement could be checked, feasibility is the
    # capability alone (catalogue docstring, "Feasibility").
    np.testing.assert_array_equal(opp["feasibility"].to_numpy(), opp["relatedness"].to_numpy())
    assert not result.types.empty and set(result.paths["track"]) >= {"transform", "cultivate"}


def test_generic_gdp_columns_stand_for_income_and_market_size(china):
    panel = china.panel("gross_output", year=2017)
    gdp = endowment_table(china)[["region", "gdp_100m_cny", "gdp_per_capita_cny"]]
    regions = gdp.rename(columns={"gdp_100m_cny": "gdp", "gdp_per_capita_cny": "gdp_per_capita"})
    ds = yindi.bundle(panel, regions=regions, activities=china.activities)
    assert ds.knowledge["qualities"] == {"market_size": "gdp", "income": "gdp_per_capita"}
    assert sorted(ds.table("endowments").columns) == ["gdp", "gdp_per_capita", "region"]


def test_missing_region_row_names_the_option_and_the_regions(china):
    panel = china.panel("gross_output", year=2017)
    regions = pd.DataFrame({"region": ["Beijing"], "gdp": [1.0]})
    with pytest.raises(InputError, match=r"--regions.*no row for panel region.*Anhui"):
        yindi.bundle(panel, regions=regions)


def test_unknown_activity_group_lists_the_vocabulary(china):
    panel = china.panel("gross_output", year=2017)
    acts = china.activities.assign(group="factories")
    with pytest.raises(InputError, match=r"unknown group.*factories.*light manufacturing"):
        yindi.bundle(panel, activities=acts)


def test_unknown_quality_and_missing_quality_column_are_refused(china):
    panel = china.panel("gross_output", year=2017)
    regions = pd.DataFrame({"region": china.regions["region"], "gdp": 1.0})
    with pytest.raises(InputError, match=r"unknown quality \['wealth'\]"):
        yindi.bundle(panel, regions=regions, qualities={"wealth": "gdp"})
    with pytest.raises(InputError, match=r"column\(s\) \['tertiary'\] not in the region table"):
        yindi.bundle(panel, regions=regions, qualities={"talent": "tertiary"})


def test_bundle_tables_are_copies(china_as_bundle):
    first = china_as_bundle.table("regions")
    first.loc[0, "name_en"] = "changed"
    assert china_as_bundle.table("regions").loc[0, "name_en"] != "changed"


def test_shipped_nace_divisions_hold_the_built_example_table() -> None:
    # scripts/build_eu_nuts2.py builds examples/eu_nuts2/activities.csv from Eurostat's labels
    # (the 68 business-economy divisions); the package ships those lines plus the other 20 of
    # NACE Rev. 2's 88 divisions (A, K, O-U), for panels coded by NACE division.
    from pathlib import Path

    from yindi.data.bundle import NACE_DIVISIONS

    example = Path(__file__).parents[2] / "examples" / "eu_nuts2" / "activities.csv"
    shipped = NACE_DIVISIONS.read_text(encoding="utf-8").splitlines()
    built = example.read_text(encoding="utf-8").splitlines()
    assert set(built) <= set(shipped) and shipped[0] == built[0]
    assert len(shipped) == 1 + 88 and shipped[1:] == sorted(shipped[1:])


def test_activities_no_catalogue_knows_ask_for_one(china) -> None:
    panel = china.panel("gross_output", year=2017).assign(
        activity=lambda f: "X" + f["activity"].astype(str)
    )
    ds = yindi.bundle(panel)
    with pytest.raises(InputError, match=r"neither NACE Rev. 2 divisions nor China's.*--catalogue"):
        _quiet_plan(ds)
