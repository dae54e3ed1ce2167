"""The stress stage on the user's own table (a textbook example worked by hand), bad scenario
files and bad ``--io`` files, and the ``yindi stress`` command on a small table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from yindi.cli import app
from yindi.errors import InputError
from yindi.stages.stress import load_scenario, read_io_table, stress

runner = CliRunner()

# Miller & Blair (2009) §2.3.1, Table 2.3: Z = [[150, 500], [200, 100]], x = [1000, 2000],
# final demand [350, 1700] split into households and exports; imports of s2 and value added
# split the primary inputs (x - column sums of Z = 650, 1400).
MB_CSV = """sector,s1,s2,households,exports,output
s1,150,500,300,50,1000
s2,200,100,1500,200,2000
value_added,640,1380,,,
imports:s2,10,20,,,
"""
DET = 0.85 * 0.95 - 0.25 * 0.20  # det(I - A) = det(I - B) = 0.7575


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _scenario(tmp_path: Path, body: str, name: str = "s.yaml") -> Path:
    return _write(tmp_path / name, body)


EXPORTS = """name: exports fall
source: what-if for a test
type: final_demand
target:
  categories: [exports]
size: 0.2
"""
CHIPS = """name: s2 imports cut
source: what-if for a test
type: import_cut
target:
  goods: [s2]
size: 0.5
"""


def test_textbook_table_by_hand(tmp_path: Path, tol) -> None:
    table = _write(tmp_path / "mb.csv", MB_CSV)
    result = stress(
        io=table,
        scenarios=[_scenario(tmp_path, EXPORTS, "e.yaml"), _scenario(tmp_path, CHIPS, "c.yaml")],
    )
    losses = result.losses.set_index(["scenario", "sector"])
    assert set(result.losses["model"]) == {"single_region"}
    assert set(result.losses["region"]) == {"mb"}  # a single-region table: the file's name
    # Exports fall 20 %: dy = -[10, 40]; loss = L [10, 40], L = adj(I - A) / det.
    expected = np.array([0.95 * 10 + 0.25 * 40, 0.20 * 10 + 0.85 * 40]) / DET
    got = losses.loc["exports fall", "output_loss"].to_numpy()
    np.testing.assert_allclose(got, expected, atol=tol.hand * 1e3)
    np.testing.assert_allclose(
        losses.loc["exports fall", "value_added_loss"].to_numpy(),
        expected * np.array([640 / 1000, 1380 / 2000]),
        atol=tol.hand * 1e3,
    )
    np.testing.assert_allclose(
        losses.loc["exports fall", "inoperability"].to_numpy(),
        expected / np.array([1000.0, 2000.0]),
        atol=tol.hand,
    )
    # Half the imported s2 is cut: dv = -[5, 10], loss' = -dv' G, G = adj(I - B) / det with
    # B = [[.15, .5], [.1, .05]].
    ghosh = np.array([5 * 0.95 + 10 * 0.10, 5 * 0.50 + 10 * 0.85]) / DET
    got = losses.loc["s2 imports cut", "output_loss"].to_numpy()
    np.testing.assert_allclose(got, ghosh, atol=tol.hand * 1e3)
    assert result.portfolio.empty and result.difference.empty  # no catalogue sectors, no hubs
    assert any("no portfolio metrics" in n for n in result.notes)
    assert "sha256" in result.assumptions[0]


def test_builtins_that_do_not_fit_a_users_table_are_skipped_with_a_note(tmp_path: Path) -> None:
    result = stress(io=_write(tmp_path / "mb.csv", MB_CSV))
    status = result.scenarios.set_index("file")["status"]
    assert status["export_fall (shipped)"] == "run"
    for name in ("chip_imports", "sichuan_earthquake", "shanxi_coal"):
        assert status[f"{name} (shipped)"].startswith("skipped: scenario")
    assert any("skipped on this table" in n for n in result.notes)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (EXPORTS + "sise: 0.3\n", r"line 7 \(sise\): unknown key 'sise'; the keys are name"),
        (
            EXPORTS.replace("final_demand", "earthquake"),
            r"line 3 \(type\): unknown shock type "
            r"'earthquake'; use final_demand, import_cut, output_disruption, extraction",
        ),
        (
            EXPORTS.replace("0.2", "20"),
            r"line 6 \(size\): size = 20 must be in \(0, 1\] "
            r"\(a share: 0.2 means 20 %\)",
        ),
        (EXPORTS.replace("0.2", "lots"), r"line 6 \(size\): size must be a number; got 'lots'"),
        (
            EXPORTS.replace("source: what-if for a test\n", ""),
            "missing key 'source': say where the size comes from",
        ),
        (
            CHIPS.replace("  goods: [s2]\n", "  regions: [mb]\n"),
            r"line 4 \(target\): an import_cut needs target.goods",
        ),
        (EXPORTS.replace("categories", "places"), r"line 5 \(target.places\): unknown target"),
        (EXPORTS + "recovery_months: 12\n", "recovery_months applies to output_disruption only"),
        (EXPORTS + "size: 0.3\n", "found the key 'size' twice"),
        (
            EXPORTS.replace("size: 0.2", "size: 0.2\nduration: 0"),
            r"line 7 \(duration\): "
            r"duration = 0 must be above 0",
        ),
    ],
)
def test_bad_scenario_files_name_the_file_line_and_fix(tmp_path: Path, body, words) -> None:
    path = _scenario(tmp_path, body)
    with pytest.raises(InputError, match=words) as info:
        load_scenario(path)
    assert str(path) in str(info.value)


def test_scenario_targets_the_table_lacks_name_the_line(tmp_path: Path) -> None:
    table = read_io_table(_write(tmp_path / "mb.csv", MB_CSV))
    cases = [
        (
            EXPORTS.replace("  categories: [exports]\n", "  regions: [Sichaun]\n"),
            r"line 5 \(target.regions\): region 'Sichaun' is not in the table; use its labels: mb",
        ),
        (
            EXPORTS.replace("[exports]", "[investment]"),
            r"line 5 \(target.categories\): "
            r"final-demand category 'investment' is not in the table; use one of households",
        ),
        (
            CHIPS.replace("[s2]", "[S20]"),
            r"line 5 \(target.goods\): good 'S20' is not in the table",
        ),
    ]
    for k, (body, words) in enumerate(cases):
        with pytest.raises(InputError, match=words):
            stress(io=table, scenarios=[_scenario(tmp_path, body, f"t{k}.yaml")])
    with pytest.raises(InputError, match="not a shipped scenario; .*chip_imports"):
        load_scenario(tmp_path / "nowhere.yaml")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (MB_CSV.replace("sector,", "branch,"), "no 'sector' column .* the table needs one row"),
        (MB_CSV.replace(",output", ",total"), "no 'output' column"),
        (
            MB_CSV.replace("s1,150,500", "s1,,500"),
            r"line 2, column 's1': the cell is empty .*"
            r"Write the number \(0 where there is no flow",
        ),
        (
            MB_CSV.replace("s1,150,500", "s1,lots,500"),
            r"line 2, column 's1': the cell is "
            r"'lots', not a number",
        ),
        (
            MB_CSV.replace("s1,150,500", "s1,n/a,500"),
            r"line 2, column 's1': the cell is empty "
            r"\(or a missing-value mark",
        ),
        (MB_CSV.replace("s2,200,100", "s2,-200,100"), r"line 3, column 's1': -200 is negative"),
        (MB_CSV.replace("sector,s1,s2", "sector,s1,S2"), r"lacks the column\(s\) \['s2'\]"),
        (
            MB_CSV.replace("s2,200,100", "s1,200,100"),
            r"line 3, column 'sector': 's1' appears twice",
        ),
        (MB_CSV.replace("200,2000", "200,-2000"), r"line 3, column 'output': -2000 is negative"),
    ],
)
def test_bad_io_files_name_the_file_line_column_and_fix(tmp_path: Path, text, words) -> None:
    path = _write(tmp_path / "bad.csv", text)
    with pytest.raises(InputError, match=words) as info:
        read_io_table(path)
    assert str(path) in str(info.value)


def test_cli_on_a_users_table_is_reproducible_and_reports_bad_files(tmp_path: Path) -> None:
    table = _write(tmp_path / "mb.csv", MB_CSV)
    scenario = _scenario(tmp_path, EXPORTS)
    outs = []
    for k in range(2):
        out = tmp_path / f"out{k}"
        run = runner.invoke(
            app, ["stress", "--io", str(table), "--scenario", str(scenario), "--out", str(out)]
        )
        assert run.exit_code == 0, run.output
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert {"losses.csv", "portfolio.csv", "linkages.csv", "assumptions.txt"} <= set(names)
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    bad = _write(tmp_path / "bad.csv", MB_CSV.replace("s1,150,500", "s1,,500"))
    run = runner.invoke(app, ["stress", "--io", str(bad), "--out", str(tmp_path / "o")])
    assert run.exit_code == 2
    assert "line 2, column 's1': the cell is empty" in " ".join(run.output.split())
