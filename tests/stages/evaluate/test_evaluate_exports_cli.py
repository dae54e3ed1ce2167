"""Top-level names of the later stages (lazy: ``import yindi`` loads no estimation package), and
``yindi evaluate policy|partners --lang`` writing ``report.html`` beside the tables."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

HEAVY = ("pymrio", "pyfixest", "pysyncon", "diff_diff", "wildboottest", "plotly")


def test_import_yindi_loads_no_heavy_optional_package() -> None:
    code = f"import sys, json, yindi; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []


def test_later_stages_are_top_level_names() -> None:
    import yindi
    from yindi.stages.evaluate import partners, plans, policy
    from yindi.stages.stress import StressResult, stress

    assert yindi.stress is stress and yindi.StressResult is StressResult
    assert yindi.policy_effects is policy.policy_effects
    assert yindi.pilot_case is policy.pilot_case
    assert yindi.PolicyResult is policy.PolicyResult
    assert yindi.bubble_check is plans.bubble_check
    assert yindi.BubbleCheckResult is plans.BubbleCheckResult
    assert yindi.find_partners is partners.find_partners
    assert yindi.PartnerResult is partners.PartnerResult
    assert {"stress", "policy_effects", "bubble_check", "find_partners"} <= set(dir(yindi))
    assert set(yindi.__all__) <= set(dir(yindi))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = yindi.nothing


def _panel(tmp_path):
    rng = np.random.default_rng(3)
    years = range(2006, 2016)
    starts = {f"R{i:02d}": (2010 if i < 4 else 2012 if i < 8 else 0) for i in range(16)}
    rows = [
        (r, t, rng.normal(0, 0.1) + 0.1 * (t - 2006) + (0.8 if g and t >= g else 0.0))
        for r, g in starts.items()
        for t in years
    ]
    panel = tmp_path / "panel.csv"
    pd.DataFrame(rows, columns=["region", "year", "y"]).to_csv(panel, index=False)
    treatment = tmp_path / "treatment.csv"
    pd.DataFrame([(r, g) for r, g in starts.items() if g], columns=["region", "start"]).to_csv(
        treatment, index=False
    )
    return panel, treatment


def test_cli_policy_writes_the_report_in_chinese(tmp_path) -> None:
    pytest.importorskip("pyfixest")
    pytest.importorskip("pysyncon")
    from yindi.cli import app

    panel, treatment = _panel(tmp_path)
    out = tmp_path / "out"
    run = CliRunner().invoke(
        app,
        [
            "evaluate",
            "policy",
            "--panel",
            str(panel),
            "--treatment",
            str(treatment),
            "--draws",
            "49",
            "--lang",
            "zh",
            "--out",
            str(out),
        ],
    )
    assert run.exit_code == 0, run.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<html lang='zh'>" in page and "data-plot='fig-event-0'" in page
    assert "data-plot='fig-gap-0-0'" in page
    effects = pd.read_csv(out / "effects.csv")
    for value in effects["estimate"]:
        assert f"data-v='{value!r}'" in page  # the table's numbers, as the CSV has them


def test_cli_refuses_an_unknown_language(tmp_path) -> None:
    from yindi.cli import app

    run = CliRunner().invoke(app, ["evaluate", "policy", "--lang", "fr", "--out", str(tmp_path)])
    assert run.exit_code != 0 and "--lang 'fr'" in run.output


def test_cli_partners_writes_the_report_with_the_map(tmp_path) -> None:
    from yindi.cli import app

    profile = tmp_path / "profile.csv"
    profile.write_text("code,weight,scheme\nC26,5,nace2\nJ62,2,nace2\n", encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(
        app, ["evaluate", "partners", "--profile", str(profile), "--out", str(out)]
    )
    assert run.exit_code == 0, run.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "data-plot='fig-map-partners'" in page and "id='partners'" in page
    regions = pd.read_csv(out / "regions.csv")
    assert set(regions["group"]) == {"coastal", "inland"}
