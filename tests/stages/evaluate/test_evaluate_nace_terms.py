"""The NACE term list (``industry_terms_nace.yaml``): S3 phrasing and NACE titles map to the
sectors and catalogue industries they name, and the bubble check runs on the EU NUTS-2 example
with a hand-built declared-priorities file whose riskiest declaration is worked out by hand.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import yindi
from yindi.data.catalogue import DEFAULT_CATALOGUE, load_catalogue
from yindi.stages.evaluate import bubble_check, load_terms
from yindi.stages.evaluate.plans.terms import DEFAULT_TERMS, NACE_TERMS, default_terms

EU = Path(__file__).parents[3] / "examples" / "eu_nuts2"
DIVISIONS = DEFAULT_CATALOGUE.parent / "nace_r2_divisions.csv"


@pytest.fixture(scope="module")
def nace_terms():
    acts = pd.read_csv(DIVISIONS, dtype=str)
    catalogue = load_catalogue(
        DEFAULT_CATALOGUE.parent / "strategic_industries_nace.yaml", activities=acts["activity"]
    )
    return load_terms(catalogue=catalogue, activities=acts.assign(name_zh=""))


def test_the_nace_catalogue_gets_the_nace_list_and_china_keeps_its_own() -> None:
    acts = pd.read_csv(DIVISIONS, dtype=str)
    nace = load_catalogue(
        DEFAULT_CATALOGUE.parent / "strategic_industries_nace.yaml", activities=acts["activity"]
    )
    assert default_terms(nace) == NACE_TERMS
    assert default_terms(load_catalogue()) == DEFAULT_TERMS


# Each S3 phrase with the NACE Rev. 2 divisions it covers (the reasons are in the YAML file):
# the OECD ICT sector; the Blue Economy Report's established sectors; medicines, medical
# instruments and R&D; farming, fishing, food and drink; equipment and engineering industries.
@pytest.mark.parametrize(
    ("text", "target", "divisions"),
    [
        ("ICT", "ict", ("C26", "J61", "J62", "J63")),
        ("Information and communication technologies", "ict", ("C26", "J61", "J62", "J63")),
        ("Blue economy", "blue_economy", ("A03", "B06", "C30", "H50", "H52")),
        ("blue growth", "blue_economy", ("A03", "B06", "C30", "H50", "H52")),
        ("Life sciences", "life_sciences", ("C21", "C32", "M72")),
        ("Health and life sciences", "life_sciences", ("C21", "C32", "M72")),
        ("Agri-food", "agri_food", ("A01", "A03", "C10", "C11")),
        ("agrifood", "agri_food", ("A01", "A03", "C10", "C11")),
        (
            "Advanced manufacturing",
            "advanced_manufacturing",
            ("C25", "C26", "C27", "C28", "C29", "C30", "C33"),
        ),
        ("Manufacturing", "section_c", tuple(f"C{k}" for k in range(10, 34))),
        ("Information and communication", "section_j", ("J58", "J59", "J60", "J61", "J62", "J63")),
    ],
)
def test_s3_phrases_and_section_titles_map_to_their_divisions(
    nace_terms, text, target, divisions
) -> None:
    m = nace_terms.match(text)
    assert m.how == "exact" and m.targets == (target,)
    assert nace_terms.targets[target].kind == "sector"
    assert nace_terms.targets[target].members == divisions


@pytest.mark.parametrize(
    ("text", "target", "how"),
    [
        ("集成电路", "semiconductors", "exact"),
        ("integrated circuits", "semiconductors", "exact"),
        ("IC", "semiconductors", "exact"),
        ("Microelectronics", "semiconductors", "exact"),
        ("新能源汽车", "electric_vehicles", "exact"),
        ("NEV", "electric_vehicles", "exact"),
        ("Electromobility", "electric_vehicles", "exact"),
        ("Key enabling technologies", "key_enabling_technologies", "exact"),
        (
            "Manufacture of basic pharmaceutical products and pharmaceutical preparations",
            "C21",
            "exact",
        ),  # a division title, from the dataset's activity names
        ("Semiconducters", "semiconductors", "fuzzy"),
    ],
)
def test_bilingual_terms_industries_and_division_titles(nace_terms, text, target, how) -> None:
    m = nace_terms.match(text)
    assert (m.how, m.targets) == (how, (target,))


def test_ict_is_a_word_not_a_substring(nace_terms) -> None:
    # "ict" inside "district" or "restrictions" is no match
    assert "ict" not in nace_terms.match("district heating").targets
    assert nace_terms.match("ICT services for agri-food").targets == ("ict", "agri_food")


@pytest.fixture(scope="module")
def eu_plan():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = yindi.bundle(EU / "panel.csv", regions=EU / "regions.csv", name="eu_nuts2")
        plan = yindi.plan(ds, with_productivity=False)
        return plan, yindi.coordinate(plan)


def test_bubble_check_on_the_eu_example(eu_plan) -> None:
    plan, coordination = eu_plan
    result = bubble_check(plan, EU / "declared_priorities.csv", coordination=coordination)
    assert result.options["terms"] == "yindi default (industry_terms_nace.yaml)"
    terms = result.terms.set_index("line")
    # known mappings (file line -> target): S3 phrases to sectors, technologies to industries
    assert terms.at[2, "targets"] == "advanced_manufacturing"  # Advanced manufacturing
    assert terms.at[10, "targets"] == "agri_food"  # Agri-food
    assert terms.at[14, "targets"] == "ict"  # ICT
    assert terms.at[13, "targets"] == "blue_economy"  # Blue economy
    assert terms.at[8, "targets"] == "life_sciences"  # Life sciences
    assert terms.at[15, "targets"] == terms.at[17, "targets"] == "semiconductors"  # Chips, ...
    assert terms.at[16, "how"] == "fuzzy"  # Semiconducters
    assert terms.at[9, "kind"] == "umbrella"  # Digital transformation: reported, not counted
    assert result.unmatched["term"].tolist() == ["Smart cities and territories"]
    # the riskiest: Norte (PT11) declaring microelectronics, by hand from the plan's evidence
    opp = plan.opportunities.set_index(["region", "industry"])
    top = result.declarations.iloc[0]
    assert (top["region"], top["industry"]) == ("PT11", "semiconductors")
    row = opp.loc[("PT11", "semiconductors")]
    standing = (row["feasibility_rank"] - 1) / (row["regions_ranked"] - 1)  # 267 / 281
    assert row["confidence"] == 0  # no endowment data for chips in the EU bundle: fit unknown
    hubs = int(coordination.duplication.set_index("industry").at["semiconductors", "hub_limit"])
    assert hubs > 3  # 3 declarers (PL21, NL41, PT11): no crowding
    expected = (0.4 * standing + 0.3 * 0.0) / (0.4 + 0.3)  # standing and crowding known
    assert top["risk"] == pytest.approx(expected, abs=1e-12)
    others = result.declarations["risk"].iloc[1:]
    assert (others < top["risk"]).all()


def test_cli_bubble_check_on_eu_data_writes_the_report(tmp_path) -> None:
    from yindi.cli import app

    out = tmp_path / "eu"
    run = CliRunner().invoke(
        app,
        [
            "evaluate",
            "plans",
            "--panel",
            str(EU / "panel.csv"),
            "--regions",
            str(EU / "regions.csv"),
            "--declared",
            str(EU / "declared_priorities.csv"),
            "--out",
            str(out),
            "--lang",
            "zh",
        ],
    )
    assert run.exit_code == 0, run.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<html lang='zh'>" in page and "id='declared'" in page
    assert "Smart cities and territories" in page  # the unmatched term, quoted as written
    decl = pd.read_csv(out / "declarations.csv")
    assert (decl.loc[0, "region"], decl.loc[0, "industry"]) == ("PT11", "semiconductors")


def test_cli_refuses_a_panel_without_declared_priorities(tmp_path) -> None:
    from yindi.cli import app

    run = CliRunner().invoke(
        app,
        ["evaluate", "plans", "--panel", str(EU / "panel.csv"), "--out", str(tmp_path / "x")],
    )
    assert run.exit_code != 0 and "--declared FILE" in run.output
