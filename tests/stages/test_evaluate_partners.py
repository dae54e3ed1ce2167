"""Partner finder: profile codes and terms to activities, known-answer scores on a hand-built
plan, coastal and inland side by side, bad input and the CLI."""

from __future__ import annotations

import warnings
from importlib.resources import files
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
from yindi.stages.evaluate import find_partners, load_terms, profile_vector

# --- codes and terms -> activities ---------------------------------------------------------


@pytest.fixture(scope="module")
def china():
    activities = china_provinces().activities
    catalogue = load_catalogue()
    return {
        "activities": activities,
        "catalogue": catalogue,
        "dictionary": load_terms(catalogue=catalogue, activities=activities),
    }


def _read(china, rows, **kw):
    return profile_vector(pd.DataFrame(rows), **china, **kw)


@pytest.mark.parametrize(
    ("code", "scheme", "activity", "how"),
    [
        ("850760", "auto", "S19", "HS 1988/92 has no line 850760: its heading 8507 used"),
        ("8507", "hs", "S19", "HS 8507: 6 HS 1988/92 lines"),
        ("283691", "auto", "S12", "HS 283691: 1 HS 1988/92 line"),
        ("8507600010", "auto", "S19", "national tariff line 8507600010"),
        ("C20.13", "auto", "S12", "NACE Rev.2 2013"),
        ("C27", "auto", "S19", "NACE Rev.2 27"),
        ("2720", "isic4", "S19", "ISIC Rev.4 2720"),
        ("62", "isic4", "S31", "ISIC Rev.4 62"),
    ],
)
def test_codes_reach_china_io_sectors(china, code, scheme, activity, how) -> None:
    vector, table = _read(china, {"code": [code], "weight": [1.0]}, scheme=scheme)
    assert vector.to_dict() == {activity: pytest.approx(1.0)}
    assert how in table.iloc[0]["how"]


def test_a_division_split_at_group_level_is_spread_over_its_groups(china) -> None:
    # The concordance maps ISIC 28 by group: 281 general-purpose machinery (S16), 282
    # special-purpose machinery (S17), and 32 by six groups (321-325, 329): 321 jewellery,
    # 322 musical instruments, 323 sports goods, 324 games and toys to S10, 325 medical
    # instruments to S17, 329 to S22: expected shares read from the CSV here.
    table = pd.read_csv(
        files("yindi.datasets") / "reference" / "isic4_to_china_io41.csv", dtype=str
    )
    vector, _ = _read(china, {"code": ["C28"], "weight": [1.0]})
    assert vector.to_dict() == pytest.approx({"S16": 0.5, "S17": 0.5})
    groups = table[table["isic4"].str.startswith("32") & (table["isic4"].str.len() == 3)]
    expected = (groups["activity"].value_counts() / len(groups)).to_dict()
    vector, _ = _read(china, {"code": ["C32"], "weight": [1.0]})
    assert vector.to_dict() == pytest.approx(expected)
    # A class inside a group still takes that group's line alone.
    vector, _ = _read(china, {"code": ["2822"], "weight": [1.0]}, scheme="isic4")
    assert vector.to_dict() == {"S17": pytest.approx(1.0)}


def test_codes_reach_nace_divisions() -> None:
    from yindi.data.catalogue import DEFAULT_CATALOGUE

    acts = pd.read_csv(DEFAULT_CATALOGUE.parent / "nace_r2_divisions.csv", dtype=str)
    nace = load_catalogue(
        DEFAULT_CATALOGUE.parent / "strategic_industries_nace.yaml", activities=acts["activity"]
    )
    acts = acts.assign(name_zh="")
    kw = {
        "activities": acts,
        "catalogue": nace,
        "dictionary": load_terms(catalogue=nace, activities=acts),
    }
    vector, _ = profile_vector(pd.DataFrame({"code": ["850760", "C20.13"], "weight": [1, 3]}), **kw)
    assert vector.to_dict() == pytest.approx({"C20": 0.75, "C27": 0.25})


def test_terms_stand_for_base_sectors_and_weights_are_shares(china) -> None:
    vector, table = _read(china, {"term": ["动力电池", "steel"], "weight": [3, 1]})
    base = china["catalogue"].base_weights
    batteries = base[base["industry"] == "power_batteries_storage"].set_index("activity")["weight"]
    expected = (0.75 * batteries).add(pd.Series({"S14": 0.25}), fill_value=0)
    assert vector.to_dict() == pytest.approx(expected.to_dict())
    assert vector.sum() == pytest.approx(1.0)
    assert set(table["scheme"]) == {"term"} and table["line_share"].max() == 0.75


def test_bad_profiles_name_the_line_and_the_fix(china, tmp_path) -> None:
    cases = [
        ({"code": ["2720"], "weight": [1]}, r"row 1: code '2720' could be ISIC Rev.4 or HS"),
        ({"code": ["2720"], "weight": ["lots"]}, r"row 1: weight 'lots' is not a number > 0"),
        ({"code": ["2720"], "weight": [np.nan]}, r"weight \(empty\) is not a number > 0"),
        ({"code": ["999999"], "weight": [1]}, r"HS code '999999' is in no HS 1988/92"),
        ({"term": ["人工只能"], "weight": [1]}, r"matches no industry.*closest: Artificial"),
        ({"code": ["C27"], "term": ["IC"], "weight": [1]}, r"either a code or a term"),
        ({"code": ["X99"], "weight": [1]}, r"not a NACE Rev.2 code"),
        ({"term": ["IC"]}, r"missing column\(s\) weight"),
        ({"code": [], "weight": []}, r"no data rows"),
    ]
    for rows, message in cases:
        with pytest.raises(InputError, match=message):
            _read(china, rows)
    with pytest.raises(OptionError, match="scheme='sitc'"):
        _read(china, {"code": ["2720"], "weight": [1]}, scheme="sitc")
    path = tmp_path / "profile.csv"
    path.write_text("code,weight\nC27,1\n8507,-2\n", encoding="utf-8")
    from yindi.stages.evaluate import read_profile

    with pytest.raises(InputError, match=r"profile\.csv line 3: weight '-2'"):
        profile_vector(read_profile(path), **china)


# --- known answers on a hand-built plan ----------------------------------------------------


def _plan() -> SimpleNamespace:
    industries = pd.DataFrame(
        {
            "id": ["I1", "I2"],
            "name_en": ["One", "Two"],
            "name_zh": ["一", "二"],
            "stage": ["emerging", "emerging"],
        }
    )
    base = pd.DataFrame(
        {"industry": ["I1", "I2", "I2"], "activity": ["x", "y", "z"], "weight": [1.0, 0.5, 0.5]}
    )
    empty = pd.DataFrame()
    phi = pd.DataFrame(
        [[0.0, 0.5, 0.0], [0.5, 0.0, 0.8], [0.0, 0.8, 0.0]],
        index=["x", "y", "z"],
        columns=["x", "y", "z"],
    )
    ra = pd.DataFrame(
        {
            "region": ["R1", "R1", "R2", "R2", "R3", "R3"],
            "activity": ["x", "z"] * 3,
            "year": 2020,
            "mcp": [1, 0, 0, 1, 0, 0],
            "density": [0.9, 0.4, 0.6, 0.3, np.nan, 0.2],
            "rca": [1.5, 0.5, 0.5, 2.0, 0.1, 0.2],
        }
    )
    paths = pd.DataFrame(
        {
            "region": ["R1", "R2", "R2", "R3"],
            "track": ["cultivate", "cultivate", "prepare", "cultivate"],
            "rank": [1, 1, 1, 1],
            "industry": ["I1", "I1", "I2", "I1"],
            "name_en": ["One", "One", "Two", "One"],
        }
    ).assign(industry=["I2", "I1", "I2", "I1"], name_en=["Two", "One", "Two", "One"])
    opp = pd.DataFrame(
        {
            "region": ["R1", "R2", "R2", "R3"],
            "industry": ["I2", "I1", "I2", "I1"],
            "fit": [0.6, 0.4, 0.9, np.nan],
            "confidence": [1.0, 1.0, 1.0, 0.0],
        }
    )
    return SimpleNamespace(
        catalogue=Catalogue(industries, base, empty, empty, empty, "test"),
        activities=pd.DataFrame(
            {"activity": ["x", "y", "z"], "name_en": ["Xgoods", "Ygoods", "Zgoods"], "name_zh": ""}
        ),
        diagnosis=SimpleNamespace(region_activity=ra, proximity=lambda year: phi.copy()),
        year=2020,
        paths=paths,
        opportunities=opp,
        regions=pd.DataFrame(
            {
                "region": ["R1", "R2", "R3"],
                "name_zh": ["甲", "乙", "丙"],
                "coastal": [True, False, False],
            }
        ),
        types=pd.DataFrame({"region": ["R1", "R2", "R3"], "type": "t", "approach": "light touch"}),
        inputs={"dataset": "hand-built"},
    )


def _coordination() -> SimpleNamespace:
    return SimpleNamespace(
        allocation=pd.DataFrame(
            {
                "region": ["R1", "R2", "R2"],
                "industry": ["I2", "I1", "I2"],
                "selected": [True, True, False],
            }
        ),
        options={},
    )


PROFILE = pd.DataFrame({"term": ["Xgoods", "Zgoods"], "weight": [3, 1]})


@pytest.fixture(scope="module")
def small():
    return find_partners(_plan(), PROFILE, coordination=_coordination(), shortlist=2)


def test_known_relatedness(small) -> None:
    ind = small.industries.set_index("industry")
    # rho_I1 = 0.75 * 1 + 0.25 * phi(z, x) = 0.75
    # rho_I2 = 0.75 * (0.5 phi(x,y) + 0.5 phi(x,z)) + 0.25 * (0.5 phi(z,y) + 0.5 * 1) = 0.4125
    assert ind["relatedness_raw"].to_dict() == pytest.approx({"I1": 0.75, "I2": 0.4125})
    assert ind["relatedness"].to_dict() == pytest.approx({"I1": 1.0, "I2": 0.0})
    assert ind["overlap"].to_dict() == pytest.approx({"I1": 0.75, "I2": 0.25})


def test_known_scores_and_unknown_parts_left_out(small) -> None:
    m = small.matches.set_index(["region", "industry"])
    assert m.loc[("R1", "I2"), "capability"] == pytest.approx(0.75 + 0.25 * 0.4)
    assert m.loc[("R2", "I1"), "capability"] == pytest.approx(0.75 * 0.6 + 0.25)
    assert np.isnan(m.loc[("R3", "I1"), "capability"])  # x's density unknown: not 0
    assert m.loc[("R1", "I2"), "score"] == pytest.approx(0.2 * 0.85 + 0.15 * 0.6 + 0.15)
    assert m.loc[("R2", "I1"), "score"] == pytest.approx(0.5 + 0.2 * 0.7 + 0.15 * 0.4 + 0.15)
    assert m.loc[("R2", "I2"), "score"] == pytest.approx(0.2 * 0.7 + 0.15 * 0.9)
    assert m.loc[("R3", "I1"), "score"] == pytest.approx(0.5 / 0.65)
    assert m.loc[("R3", "I1"), "score_confidence"] == pytest.approx(0.65)


def test_ranks_overall_and_within_groups_side_by_side(small) -> None:
    r = small.regions
    assert list(r["region"]) == ["R2", "R3", "R1"]
    assert list(r["group"]) == ["inland", "inland", "coastal"]
    assert list(r["rank_in_group"]) == [1, 2, 1]
    assert r.iloc[0]["best_industry"] == "I1" and r.iloc[0]["best_track"] == "cultivate"
    s = small.shortlist
    assert list(s.columns) == [
        "rank",
        "coastal",
        "coastal_score",
        "coastal_item",
        "inland",
        "inland_score",
        "inland_item",
    ]
    assert s["coastal"].tolist() == ["R1", ""] and s["inland"].tolist() == ["R2", "R3"]
    assert np.isnan(s.loc[1, "coastal_score"])
    text = r.iloc[0]["reasons"]
    assert "relatedness 1.00 to its cultivate item One" in text
    assert "the national portfolio places One here" in text
    assert "inland" in text


def test_codes_need_a_known_classification() -> None:
    with pytest.raises(InputError, match="codes reach China's 41 IO sectors or NACE"):
        find_partners(
            _plan(),
            pd.DataFrame({"code": ["C27"], "weight": [1]}),
            coordination=_coordination(),
        )
    with pytest.raises(OptionError, match="shortlist=0"):
        find_partners(_plan(), PROFILE, coordination=_coordination(), shortlist=0)
    with pytest.raises(OptionError, match="weights"):
        find_partners(_plan(), PROFILE, coordination=_coordination(), weights={"fit": 1.0})


# --- a European battery-materials firm on the embedded plan --------------------------------

BATTERY = pd.DataFrame(
    {
        "code": ["C20.13", "283691", "850760", ""],
        "term": ["", "", "", "battery materials"],
        "weight": [0.3, 0.2, 0.3, 0.2],
    }
)


@pytest.fixture(scope="module")
def battery():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        planned = yindi.plan(with_productivity=False)
    return find_partners(planned, BATTERY)


def test_battery_firm_finds_battery_regions_inland_and_coastal(battery) -> None:
    assert battery.industries.iloc[0]["industry"] == "power_batteries_storage"
    r = battery.regions
    assert len(r) == 31 and set(r["group"]) == {"coastal", "inland"}
    assert r["score"].is_monotonic_decreasing
    s = battery.shortlist
    assert len(s) == 5 and (s["coastal"] != "").all() and (s["inland"] != "").all()
    # Every region in the shortlist has an item of its own lists as its best match.
    best = r.set_index("region")["best_track"]
    assert set(best[s["inland"]]) <= {"cultivate", "prepare"}


def test_same_input_gives_byte_identical_files(battery, tmp_path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    battery.to_dir(a)
    battery.to_dir(b)
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for f in a.iterdir():
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name


def test_cli_partners(tmp_path) -> None:
    profile = tmp_path / "firm.csv"
    profile.write_text("code,term,weight\n850760,,2\n,新能源汽车,1\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["evaluate", "partners", "--profile", str(profile), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "shortlist.csv").exists() and (out / "regions.parquet").exists()
    assert "coastal" in result.output and "inland" in result.output
    profile.write_text("code,weight\n2720,1\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["evaluate", "partners", "--profile", str(profile), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "firm.csv line 2: code '2720' could be ISIC Rev.4 or HS" in result.output
    assert "--scheme isic4" in result.output
