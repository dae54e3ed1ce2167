"""Bubble check of declared priorities: term mapping, risk scores with known answers, the
shipped 14th-FYP example, bad input and the CLI."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import yindi
from yindi.cli import app
from yindi.data.catalogue import Catalogue, load_catalogue
from yindi.datasets import china_provinces
from yindi.errors import InputError, OptionError
from yindi.stages.evaluate import bubble_check, declared_example, load_terms
from yindi.stages.evaluate.plans import normalise_term

NACE_CATALOGUE = "strategic_industries_nace.yaml"


# --- free-text mapping ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def china_terms():
    return load_terms(catalogue=load_catalogue(), activities=china_provinces().activities)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("集成电路", "integrated_circuits"),
        ("integrated circuits", "integrated_circuits"),
        ("IC", "integrated_circuits"),
        ("ICs", "integrated_circuits"),
        ("ＩＣ", "integrated_circuits"),  # full-width letters
        ("集成电路产业集群", "integrated_circuits"),  # generic suffix
        ("新能源汽车", "new_energy_vehicles"),
        ("NEV", "new_energy_vehicles"),
        ("New-Energy Vehicles", "new_energy_vehicles"),
        ("新能源（智能网联）汽车", None),  # brackets become nothing: not a synonym as written
        ("新能源及智能网联汽车", "new_energy_vehicles"),
        ("人工智能", "ai_computing"),
        ("AI", "ai_computing"),
    ],
)
def test_bilingual_exact_matches(china_terms, text, target) -> None:
    m = china_terms.match(text)
    if target is None:
        assert m.how != "exact"
    else:
        assert (m.how, m.targets, m.score) == ("exact", (target,), 1.0)


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        # Services and farm products the added provinces declare, each to its own sector:
        # 电子商务 (e-commerce) contains 电子 (electronics) but is trade, not electronics.
        ("电子商务", ("trade",)),
        ("现代物流", ("logistics",)),
        ("文化旅游", ("tourism",)),
        ("滩羊", ("agriculture",)),
        # Guizhou's national computing-power base is its data-centre hub (东数西算), not AI.
        ("面向全国的算力保障基地", ("data_centres",)),
        ("白酒生产基地", ("food",)),
        ("油气生产加工产业集群", ("oil_gas",)),
    ],
)
def test_added_provinces_terms_map_to_their_sectors(china_terms, text, targets) -> None:
    assert china_terms.match(text).targets == targets


def test_normalisation_is_width_case_and_punctuation_blind() -> None:
    assert normalise_term("新型电力（新能源）装备") == "新型电力新能源装备"
    assert normalise_term("  Ｎew-Energy   Vehicles Industry ") == "new energy vehicles"
    assert normalise_term("新 能 源 汽 车") == "新能源汽车"
    assert normalise_term("subsector") == "subsector"  # only a whole generic word is removed


def test_contains_splits_compound_terms_longest_first(china_terms) -> None:
    m = china_terms.match("绿色能源与节能环保")
    assert m.how == "contains"
    assert set(m.targets) == {"energy_saving_environmental", "new_energy"}
    assert m.score == pytest.approx(1.0)  # the connector 与 needs no synonym
    m = china_terms.match("氢能与新型储能")
    assert m.targets == ("hydrogen", "power_batteries_storage")
    m = china_terms.match("区块链与量子信息")  # blockchain is in no catalogue
    assert m.targets == ("quantum_technology",) and m.score == pytest.approx(4 / 7)


def test_latin_synonyms_need_word_boundaries(china_terms) -> None:
    # "ic" inside "electric" or "ai" inside "chains" is no match; "IC design" is.
    assert "integrated_circuits" not in china_terms.match("electric motors").targets
    assert china_terms.match("supply chains").how != "contains"
    m = china_terms.match("IC design and testing")
    assert m.how == "contains" and m.targets == ("integrated_circuits",)


def test_umbrella_next_to_its_member_is_dropped(china_terms) -> None:
    m = china_terms.match("新能源 光伏")
    assert m.targets == ("photovoltaics",)


def test_fuzzy_match_reports_its_score_and_unmatched_lists_candidates(china_terms) -> None:
    m = china_terms.match("intergrated circuits")
    assert m.how == "fuzzy" and m.targets == ("integrated_circuits",)
    assert 0.8 <= m.score < 1
    m = china_terms.match("人工只能")  # a typo too far for the default cut-off
    assert m.how == "none" and np.isnan(m.score)
    assert m.candidates[0][0] == "ai_computing" and m.candidates[0][1] == pytest.approx(0.75)
    assert china_terms.match("人工只能", fuzzy_cutoff=0.7).targets == ("ai_computing",)


def test_shipped_dictionary_is_unambiguous_for_both_catalogues() -> None:
    from yindi.data.catalogue import DEFAULT_CATALOGUE

    nace = load_catalogue(
        DEFAULT_CATALOGUE.parent / NACE_CATALOGUE,
        activities=pd.read_csv(DEFAULT_CATALOGUE.parent / "nace_r2_divisions.csv", dtype=str)[
            "activity"
        ],
    )
    acts = pd.read_csv(DEFAULT_CATALOGUE.parent / "nace_r2_divisions.csv", dtype=str)
    d = load_terms(catalogue=nace, activities=acts.assign(name_zh=""))
    assert d.match("集成电路").targets == ("semiconductors",)
    assert d.match("steel").targets == ("metals",)
    assert d.targets["metals"].members == ("C24",)


def test_a_synonym_for_two_targets_is_refused(tmp_path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(
        "version: 1\nindustries:\n  integrated_circuits: {zh: [芯片]}\n"
        "  ai_computing: {zh: [芯片产业]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="芯片产业.*also names 'integrated_circuits'"):
        load_terms(path, catalogue=load_catalogue())


# --- known answers on a hand-built plan ----------------------------------------------------


def _catalogue() -> Catalogue:
    industries = pd.DataFrame(
        {
            "id": ["integrated_circuits", "hydrogen", "marine_equipment_economy"],
            "name_en": ["Integrated circuits", "Hydrogen energy", "Marine economy"],
            "name_zh": ["集成电路", "氢能", "海洋经济"],
            "stage": ["emerging", "future", "emerging"],
            "national_value": [1.0, 1.0, 0.8],
        }
    )
    base = pd.DataFrame({"industry": industries["id"], "activity": ["x", "y", "x"], "weight": 1.0})
    empty = pd.DataFrame()
    return Catalogue(industries, base, empty, empty, empty, "test")


def _small_plan() -> SimpleNamespace:
    regions = ["A", "B", "C", "D"]
    ic = pd.DataFrame(
        {
            "region": regions,
            "industry": "integrated_circuits",
            "feasibility": [0.9, 0.7, 0.5, 0.3],
            "feasibility_rank": [1.0, 2.0, 3.0, 4.0],
            "fit": [0.9, 0.5, 0.2, np.nan],
            "confidence": [1.0, 1.0, 1.0, 0.0],  # D: no requirement has data
            "excluded": False,
            "reason": "",
        }
    )
    h2 = ic.assign(industry="hydrogen", feasibility_rank=[4.0, 3.0, 2.0, 1.0])
    marine = ic.assign(
        industry="marine_equipment_economy",
        excluded=[False, False, False, True],
        reason=["", "", "", "excluded: no coastline"],
    )
    opp = pd.concat([ic, h2, marine], ignore_index=True)
    names = _catalogue().industries.set_index("id")
    opp = opp.assign(
        name_en=opp["industry"].map(names["name_en"]),
        name_zh=opp["industry"].map(names["name_zh"]),
        stage=opp["industry"].map(names["stage"]),
        regions_ranked=4,
        weakest="talent",
        weakest_score=0.1,
    )
    paths = pd.DataFrame(
        {
            "region": ["A", "B"],
            "track": ["cultivate", "prepare"],
            "industry": ["integrated_circuits", "hydrogen"],
            "rank": [1, 1],
        }
    )
    ra = pd.DataFrame(
        {
            "region": np.repeat(regions, 2),
            "activity": ["x", "y"] * 4,
            "year": 2020,
            "rca": [2.0, 0.5] * 4,
            "mcp": [1, 0] * 4,
        }
    )
    activities = pd.DataFrame(
        {
            "activity": ["x", "y"],
            "name_en": ["Electronics", "Chemicals"],
            "name_zh": ["电子", "化工"],
        }
    )
    return SimpleNamespace(
        regions=pd.DataFrame({"region": regions, "name_zh": ["甲", "乙", "丙", "丁"]}),
        types=pd.DataFrame({"region": regions}),
        catalogue=_catalogue(),
        activities=activities,
        opportunities=opp,
        paths=paths,
        diagnosis=SimpleNamespace(region_activity=ra),
        year=2020,
        inputs={"dataset": "hand-built"},
    )


def _coordination() -> SimpleNamespace:
    return SimpleNamespace(
        duplication=pd.DataFrame(
            {
                "industry": ["integrated_circuits", "hydrogen", "marine_equipment_economy"],
                "hub_limit": [2, 1, 1],
                "regions_coordinated": [2, 1, 1],
                "regions_uncoordinated": [1, 1, 0],
            }
        ),
        allocation=pd.DataFrame(
            {
                "region": ["A", "B"],
                "industry": ["integrated_circuits", "C"],
                "selected": [True, False],
            }
        ),
        options={"hub_share": 0.5},
    )


DECLARED = pd.DataFrame(
    {
        "region": ["A", "乙", "C", "D", "A", "D", "C"],
        "term_zh": ["集成电路", "", "芯片产业", "", "氢能", "深海", "电子"],
        "term_en": ["", "IC", "", "integrated circuits", "", "", ""],
        "source_title": [f"doc {i}" for i in range(7)],
    }
)


@pytest.fixture(scope="module")
def small_check():
    return bubble_check(_small_plan(), DECLARED, coordination=_coordination())


def test_known_risk_scores(small_check) -> None:
    d = small_check.declarations.set_index(["region", "industry"])
    ic = d.xs("integrated_circuits", level="industry")
    # 4 declarers, 2 hubs: A and B (ranks 1, 2) within, C and D beyond: crowding 1 - 2/4.
    assert ic["crowding"].to_dict() == {"A": 0.0, "B": 0.0, "C": 0.5, "D": 0.5}
    assert ic["standing"].to_dict() == pytest.approx({"A": 0, "B": 1 / 3, "C": 2 / 3, "D": 1})
    expected = {
        "A": 0.4 * 0 + 0.3 * 0.1 + 0.3 * 0,
        "B": 0.4 / 3 + 0.3 * 0.5,
        "C": 0.4 * 2 / 3 + 0.3 * 0.8 + 0.3 * 0.5,
        # D's fit is unknown: left out of both sums, never counted as 0.
        "D": (0.4 * 1 + 0.3 * 0.5) / 0.7,
    }
    assert ic["risk"].to_dict() == pytest.approx(expected)
    assert np.isnan(ic.at["D", "fit_gap"])
    assert ic.at["D", "risk_confidence"] == pytest.approx(0.7)
    assert ic["risk_level"].to_dict() == {"A": "low", "B": "low", "C": "high", "D": "high"}
    # The only hydrogen declarer: no crowding; A is last of 4 by feasibility.
    assert d.loc[("A", "hydrogen"), "crowding"] == 0.0
    assert d.loc[("A", "hydrogen"), "risk"] == pytest.approx((0.4 * 1 + 0.3 * 0.1) / 1.0)


def test_ranking_puts_exclusions_first_then_risk(small_check) -> None:
    d = small_check.declarations
    assert list(zip(d["region"], d["industry"], strict=True))[:3] == [
        ("D", "marine_equipment_economy"),
        ("D", "integrated_circuits"),
        ("C", "integrated_circuits"),
    ]
    assert d.iloc[0]["risk_level"] == "excluded"
    assert list(d["risk_rank"]) == list(range(1, len(d) + 1))


def test_reasons_say_why_in_words(small_check) -> None:
    d = small_check.declarations.set_index(["region", "industry"])
    text = d.loc[("C", "integrated_circuits"), "reasons"]
    assert "rank 3 of 4 regions by feasibility" in text
    assert "declared by 4 of 4 regions against 2 hubs" in text
    assert "3rd best placed of the declarers, beyond them" in text
    assert "not in the plan's cultivate or prepare lists" in text
    a = d.loc[("A", "integrated_circuits"), "reasons"]
    assert "in the plan's cultivate list (rank 1)" in a
    assert "the national portfolio places it here" in a
    assert d.loc[("D", "marine_equipment_economy"), "reasons"].startswith("excluded: no coastline")


def test_counts_against_hubs_and_every_row_keeps_its_source(small_check) -> None:
    ind = small_check.industries.set_index("industry")
    assert ind.at["integrated_circuits", "declared_by"] == 4
    assert ind.at["integrated_circuits", "excess"] == 2
    assert ind.at["integrated_circuits", "within_hubs"] == "A, B"
    assert ind.at["integrated_circuits", "beyond_hubs"] == "C, D"
    t = small_check.terms
    assert list(t["source_title"]) == list(DECLARED["source_title"])
    assert list(t["region"]) == ["A", "B", "C", "D", "A", "D", "C"]  # 乙 -> B by name_zh
    s = small_check.sectors
    assert s[["region", "activity", "rca"]].values.tolist() == [["C", "x", 2.0]]


def test_umbrellas_option_counts_members(small_check) -> None:
    declared = pd.DataFrame({"region": ["A"], "term": ["新能源"]})
    plan = _small_plan()
    off = bubble_check(plan, declared, coordination=_coordination())
    assert off.declarations.empty and off.coverage["umbrella"] == 1
    assert (
        off.industries.set_index("industry").at["hydrogen", "declared_through_umbrella_only"] == 1
    )
    on = bubble_check(plan, declared, coordination=_coordination(), umbrellas=True)
    assert list(on.declarations["industry"]) == ["hydrogen"]
    assert on.declarations.iloc[0]["via"] == "umbrella"


def test_bad_input_names_file_line_and_fix(tmp_path) -> None:
    plan, coord = _small_plan(), _coordination()
    with pytest.raises(InputError, match=r"row 2: region 'Z' is not one of the plan's 4"):
        bubble_check(
            plan, pd.DataFrame({"region": ["A", "Z"], "term": ["IC", "IC"]}), coordination=coord
        )
    with pytest.raises(InputError, match="missing column.*region"):
        bubble_check(plan, pd.DataFrame({"province": ["A"], "term": ["IC"]}), coordination=coord)
    with pytest.raises(InputError, match="no data rows"):
        bubble_check(plan, pd.DataFrame({"region": [], "term": []}), coordination=coord)
    with pytest.raises(InputError, match="row 1: no term"):
        bubble_check(plan, pd.DataFrame({"region": ["A"], "term": [" "]}), coordination=coord)
    path = tmp_path / "declared.csv"
    path.write_text("region,term\nA,IC\nB,IC\nQ,芯片\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"declared\.csv line 4: region 'Q'"):
        bubble_check(plan, path, coordination=coord)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        bubble_check(plan, empty, coordination=coord)
    with pytest.raises(OptionError, match="fuzzy_cutoff=0"):
        bubble_check(plan, DECLARED, coordination=coord, fuzzy_cutoff=0)
    with pytest.raises(OptionError, match="risk_weights"):
        bubble_check(plan, DECLARED, coordination=coord, risk_weights={"standing": 1.0})


# --- the shipped example on the embedded plan ----------------------------------------------


@pytest.fixture(scope="module")
def planned():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return yindi.plan(with_productivity=False)


@pytest.fixture(scope="module")
def example(planned):
    return bubble_check(planned)


def test_example_rebuild_is_byte_identical(shared_data, tmp_path) -> None:
    import importlib.util
    from importlib.resources import files
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "build_declared_priorities.py"
    spec = importlib.util.spec_from_file_location("build_declared_priorities", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "declared.csv"
    module.build(shared_data.parent, out)
    shipped = files("yindi.datasets") / "policy" / "declared_priorities_14th_fyp.csv"
    assert out.read_bytes() == shipped.read_bytes()


def test_example_has_a_source_on_every_row() -> None:
    ex = declared_example()
    # 245 rows of the shared table (20 provinces) and 58 added in the build script's
    # ADDED_ROWS: 9 Heilongjiang, 13 Gansu, 6 Guizhou, 18 Ningxia, 8 Xinjiang, 4 Hainan.
    assert len(ex) == 303 and ex["region"].nunique() == 26
    assert (ex["origin"] == "shared").sum() == 245
    added = ex[ex["origin"] == "added"]["region"].value_counts().to_dict()
    assert added == {
        "Heilongjiang": 9,
        "Gansu": 13,
        "Guizhou": 6,
        "Ningxia": 18,
        "Xinjiang": 8,
        "Hainan": 4,
    }
    assert ex["source_address"].str.startswith("http").all()
    assert ex["source_title"].str.strip().ne("").all()


def test_example_coverage_and_findings(example, planned) -> None:
    c = example.coverage
    assert c["terms"] == 303 and c["regions"] == 26 and c["regions_planned"] == 31
    assert c["matched"] >= 245 and c["unmatched"] == len(example.unmatched)
    assert set(example.unmatched["term"]) >= {"区块链 / blockchain"}
    ind = example.industries.set_index("industry")
    assert ind["declared_by"].idxmax() == "new_materials"
    assert ind.at["new_materials", "declared_by"] > ind.at["new_materials", "hub_limit"]
    d = example.declarations
    assert d["risk"].notna().all() and d["risk"].between(0, 1).all()
    # Risk never falls as a declaration's components rise: a spot check of the formula.
    w = {"standing": 0.4, "fit_gap": 0.3, "crowding": 0.3}
    full = d.dropna(subset=list(w))
    recomputed = sum(full[k] * v for k, v in w.items())
    assert np.allclose(full["risk"], recomputed)


def test_same_input_gives_byte_identical_files(example, tmp_path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    example.to_dir(a)
    example.to_dir(b)
    for f in sorted(a.iterdir()):
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name
    assert (a / "declarations.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_cli_writes_the_tables_and_reports_bad_files(tmp_path) -> None:
    runner = CliRunner()
    declared = tmp_path / "declared.csv"
    declared.write_text("region,term_zh\n北京,集成电路\n上海市,IC\n湖南,深海\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["evaluate", "plans", "--declared", str(declared), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "declarations.csv").exists() and (out / "provenance.json").exists()
    first = pd.read_csv(out / "declarations.csv", encoding="utf-8-sig")
    assert first.iloc[0][["region", "risk_level"]].tolist() == ["Hunan", "excluded"]
    bad = tmp_path / "bad.csv"
    bad.write_text("region,term\nAtlantis,芯片\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "plans", "--declared", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert "bad.csv line 2: region 'Atlantis'" in result.output
