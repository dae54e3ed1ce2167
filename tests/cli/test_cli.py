"""The command line: contract columns, equality with the Python API, reproducibility, errors."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import yindi
from yindi._output import write_atomic
from yindi.cli import app

runner = CliRunner()

RA_COLUMNS = [
    "region",
    "activity",
    "year",
    "value",
    "rca",
    "mcp",
    "density",
    "distance",
    "pci",
    "cog",
]


@pytest.fixture()
def small_panel(tmp_path: Path) -> Path:
    """Six regions x five activities x two years, with renamed columns and a code-like activity."""
    rng = np.random.default_rng(7)
    rows = [
        {"prov": f"R{r}", "sector": f"0{a}", "yr": y, "output": float(rng.integers(1, 50))}
        for y in (2012, 2017)
        for r in range(6)
        for a in range(5)
    ]
    path = tmp_path / "panel.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _args(panel: Path, out: Path) -> list[str]:
    return [
        "diagnose",
        "--panel",
        str(panel),
        "--region",
        "prov",
        "--activity",
        "sector",
        "--year",
        "yr",
        "--value",
        "output",
        "--out",
        str(out),
    ]


def test_diagnose_writes_contract_tables_equal_to_api(small_panel: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, _args(small_panel, out))
    assert res.exit_code == 0, res.output
    ra = pd.read_csv(out / "region_activity.csv", dtype={"activity": str})
    reg = pd.read_csv(out / "region.csv")
    assert list(ra.columns) == RA_COLUMNS
    assert list(reg.columns[:5]) == ["region", "year", "eci", "coi", "diversity"]
    for name in ("region_activity", "region", "activity", "diagnostics"):
        assert (out / f"{name}.parquet").is_file()
    api = yindi.diagnose(
        pd.read_csv(small_panel, dtype={"sector": str}),
        region="prov",
        activity="sector",
        year="yr",
        value="output",
    )
    expected = api.region_activity.astype({"region": str, "activity": str})
    pd.testing.assert_frame_equal(
        ra, expected.reset_index(drop=True), check_dtype=False, rtol=0, atol=1e-12
    )
    record = json.loads((out / "provenance.json").read_text())
    assert record["input"]["sha256"] == hashlib.sha256(small_panel.read_bytes()).hexdigest()
    assert record["options"]["convention"] == "stata"


def test_same_input_gives_byte_identical_files(small_panel: Path, tmp_path: Path) -> None:
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert runner.invoke(app, _args(small_panel, out)).exit_code == 0
        digests.append({p.name: p.read_bytes() for p in sorted(out.glob("*.*"))})
    assert digests[0] == digests[1]


def test_bad_input_exits_with_domain_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("region,activity,year,value\nA,x,2017,1\nA,y,2017,-3\nB,x,2017,2\n")
    res = runner.invoke(app, ["diagnose", "--panel", str(path), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "must be >= 0" in res.output and "'value'" in res.output
    assert not (tmp_path / "o" / "region_activity.csv").exists()


def test_data_validate_reports_encoding_and_shape(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    text = "省份,行业,年份,产值\n北京,a,2017,1\n北京,b,2017,2\n上海,a,2017,3\n上海,b,2017,1\n"
    path.write_bytes(text.encode("gbk"))
    res = runner.invoke(
        app,
        [
            "data",
            "validate",
            str(path),
            "--region",
            "省份",
            "--activity",
            "行业",
            "--year",
            "年份",
            "--value",
            "产值",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "gbk" in res.output and "2 regions" in res.output and "2 activities" in res.output


def test_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("good\n")

    def broken(p: Path) -> None:
        p.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(target, broken)
    assert target.read_text() == "good\n"
    assert list(tmp_path.iterdir()) == [target]  # no temporary left behind


def test_plan_on_embedded_data_writes_report_and_tables(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    res = runner.invoke(app, ["plan", "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "贵州" in page and "Guizhou" in page  # names of the crosswalk, zh and en
    api = yindi.plan()
    for name, frame in api.tables().items():
        written = pd.read_parquet(out / f"{name}.parquet")
        cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
        expected = frame.astype(dict.fromkeys(cats, str)).reset_index(drop=True)
        pd.testing.assert_frame_equal(written, expected, check_dtype=False)
    # CSV in UTF-8 with a byte-order mark (Excel in a Chinese locale), read back unchanged.
    assert (out / "paths.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    paths = pd.read_csv(out / "paths.csv")
    assert paths.columns[0] == "region"
    assert set(paths["track"]) == {"transform", "cultivate", "prepare"}
    assert (out / "tables.xlsx").is_file()
    record = json.loads((out / "provenance.json").read_text())
    assert record["command"] == "plan" and "coordinate" in record["stages"]
    # The national allocation is written beside the plan, and shown in the report.
    solve = json.loads((out / "coordinate_solve.json").read_text())
    assert solve["status"] == "optimal"
    assert pd.read_csv(out / "coordinate_allocation.csv")["selected"].any()
    assert "Coordinated national portfolio" in page


def test_coordinate_writes_allocation_and_explains_infeasible_configs(tmp_path: Path) -> None:
    out = tmp_path / "coord"
    res = runner.invoke(app, ["coordinate", "--out", str(out), "--scenario", "gansu_water"])
    assert res.exit_code == 0, res.output
    for name in ("allocation", "duplication", "constraints", "budgets", "scenarios"):
        assert (out / f"{name}.csv").stat().st_size > 0, name
    dup = pd.read_csv(out / "duplication.csv")
    assert list(dup.columns[:6]) == ["industry", "name_en", "name_zh", "regions_uncoordinated",
                                     "regions_coordinated", "hub_limit"]
    assert json.loads((out / "solve.json").read_text())["status"] == "optimal"
    config = tmp_path / "tight.yaml"
    config.write_text("hubs: {overrides: {ai_computing: 1}}\n"
                      "redundancy: {overrides: {ai_computing: 2}}\n", encoding="utf-8")
    res = runner.invoke(app, ["coordinate", "--out", str(tmp_path / "c2"), "--config",
                              str(config)])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "c2" / "explanation.txt").read_text(encoding="utf-8")
    assert "ai_computing" in text


def test_productivity_writes_index_efficiency_gaps_and_tfp(tmp_path: Path) -> None:
    growth = tmp_path / "growth.csv"
    pd.DataFrame(
        {
            "region": ["Beijing"] * 3,
            "year": [2015, 2016, 2017],
            "output": [100.0, 106.0, 112.0],
            "investment": [30.0, 31.0, 33.0],
            "labour": [1000.0, 1010.0, 1015.0],
        }
    ).to_csv(growth, index=False)
    out = tmp_path / "prod"
    res = runner.invoke(app, ["productivity", "--out", str(out), "--growth", str(growth)])
    assert res.exit_code == 0, res.output
    api = yindi.productivity()
    written = pd.read_parquet(out / "nqpf_index.parquet")
    pd.testing.assert_frame_equal(written, api.index.reset_index(drop=True), check_dtype=False)
    for name in ("nqpf_weights", "efficiency", "malmquist", "gaps", "tfp_growth"):
        assert (out / f"{name}.csv").is_file()
    assert len(pd.read_csv(out / "tfp_growth.csv")) == 3
    assert json.loads((out / "provenance.json").read_text())["command"] == "productivity"


def test_version() -> None:
    from importlib.metadata import version

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0
    assert res.output.strip() == f"yindi {version('yindi')}"


def _crash(*args, **kwargs):
    raise ZeroDivisionError("float division by zero")


def test_unexpected_error_is_one_line_and_a_log(
    small_panel: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(yindi, "diagnose", _crash)
    res = runner.invoke(app, _args(small_panel, tmp_path / "o"))
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    lines = [line for line in res.output.splitlines() if "unexpected error" in line]
    assert len(lines) == 1 and "ZeroDivisionError: float division by zero" in lines[0]
    log = Path(lines[0].split("traceback is in ")[1].split(" (rerun")[0])
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "_crash" in text
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_debug_prints_the_traceback(small_panel: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(yindi, "diagnose", _crash)
    res = runner.invoke(app, ["--debug", *_args(small_panel, tmp_path / "o")])
    assert res.exit_code == 1
    assert "Traceback" in res.output and "_crash" in res.output


def test_user_errors_speak_cli_options(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "省份,行业,年份,产值\n北京,a,2017,1\n北京,b,2017,2\n上海,a,2017,3\n上海,b,2017,1\n"
    )
    res = runner.invoke(app, ["diagnose", "--panel", str(path), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    text = " ".join(res.output.split())
    assert "--region '<column name>'" in text and "region=" not in text


def test_exports_are_inert_in_csv_and_excel(tmp_path: Path) -> None:
    import openpyxl

    rows = [
        ('=HYPERLINK("http://x")', "a", 5),
        ('=HYPERLINK("http://x")', "b", 3),
        ("@SUM(1)", "a", 2),
        ("@SUM(1)", "b", 4),
        ("-2+3", "a", 1),
        ("-2+3", "b", 6),
    ]
    path = tmp_path / "p.csv"
    pd.DataFrame(rows, columns=["region", "activity", "value"]).assign(year=2017).to_csv(
        path, index=False
    )
    out = tmp_path / "o"
    res = runner.invoke(app, ["diagnose", "--panel", str(path), "--out", str(out), "--excel"])
    assert res.exit_code == 0, res.output
    regions = pd.read_csv(out / "region.csv")["region"].tolist()
    assert sorted(regions) == ["'-2+3", '\'=HYPERLINK("http://x")', "'@SUM(1)"]
    sheet = openpyxl.load_workbook(out / "tables.xlsx")["region"]
    cells = [c for c in sheet["A"][1:]]
    assert all(c.data_type == "s" and c.value.startswith("'") for c in cells)
    # Parquet keeps the names as the user wrote them.
    assert sorted(pd.read_parquet(out / "region.parquet")["region"]) == sorted({r[0] for r in rows})


def test_two_runs_give_byte_identical_workbooks(small_panel: Path, tmp_path: Path) -> None:
    books = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert runner.invoke(app, [*_args(small_panel, out), "--excel"]).exit_code == 0
        books.append((out / "tables.xlsx").read_bytes())
        time.sleep(1.1)  # zip and docProps times have a resolution of seconds
    assert books[0] == books[1]


def test_advice_is_rewritten_only_for_the_commands_options() -> None:
    from yindi._cli_support import cli_terms
    from yindi.cli import diagnose

    message = (
        "line 5 (region 天津, year 2017): value -4; pass negatives='positive_part', "
        "skip_rows=2, wide=True, aliases=False, region='<column name>' or "
        "growth_accounting(output=...)"
    )
    assert cli_terms(message, diagnose) == (
        "line 5 (region 天津, year 2017): value -4; pass --negatives positive_part, "
        "--skip-rows 2, --wide, --no-aliases, --region '<column name>' or "
        "growth_accounting(output=...)"
    )
