"""Policy effects (``yindi.stages.evaluate.policy``): simulated panels with known effects.

- staggered adoption with effects that differ by cohort and grow with time since treatment:
  Callaway-Sant'Anna and did2s recover the average effect on the treated and the event-time
  path; two-way fixed effects does not (Goodman-Bacon 2021), and does when the effect is
  constant (where theory says it is unbiased);
- synthetic control recovers a known effect from a simulated donor pool (factor model), with
  the smallest placebo p-value attainable;
- the same estimate from two packages: did2s by pyfixest and diff-diff, Callaway-Sant'Anna by
  diff-diff and differences;
- pre-trends that fail are reported and warned about; bad input is refused naming the fix;
  the same input gives byte-identical files; the shipped pilot case and the CLI run.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

pytest.importorskip("pyfixest")
pytest.importorskip("diff_diff")
pytest.importorskip("pysyncon")
pytest.importorskip("wildboottest")

from yindi.cli import app  # noqa: E402
from yindi.errors import ComputationWarning, InputError, OptionError  # noqa: E402
from yindi.stages.evaluate.policy import (  # noqa: E402
    MissingExtraError,
    pilot_case,
    pilot_policies,
    pilot_treatment,
    policy_effects,
)

DRAWS = 99  # few bootstrap draws in tests; users get 999

#: cohort -> (effect in the first treated year, increase per year after)
DYNAMIC = {2012: (1.0, 0.3), 2015: (0.5, 0.15), 2017: (0.2, 0.05)}
COHORTS = [0] * 8 + [2012] * 8 + [2015] * 7 + [2017] * 7


def staggered(effects=DYNAMIC, *, seed=0, pretrend=0.0) -> pd.DataFrame:
    """30 regions x 2008-2019: region effects, a common nonlinear trend, known effects ``tau``.

    ``pretrend`` adds a linear trend to every treated region (parallel trends fails).
    """
    rng = np.random.default_rng(seed)
    years = np.arange(2008, 2020)
    common = 0.1 * (years - 2008) + 0.3 * np.sin(years)
    rows = []
    for i, g in enumerate(COHORTS):
        level = rng.normal(0, 1)
        for k, t in enumerate(years):
            tau = effects[g][0] + effects[g][1] * (t - g) if g and t >= g else 0.0
            drift = pretrend * (t - 2008) if g else 0.0
            y = level + common[k] + drift + tau + rng.normal(0, 0.15)
            rows.append((f"R{i:02d}", int(t), y, g, tau))
    return pd.DataFrame(rows, columns=["region", "year", "y", "g", "tau"])


def treatment_of(panel: pd.DataFrame) -> pd.DataFrame:
    table = panel.loc[panel["g"] > 0, ["region", "g"]].drop_duplicates()
    return table.rename(columns={"g": "start"}).reset_index(drop=True)


def quietly(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return policy_effects(*args, **kwargs)


@pytest.fixture(scope="module")
def dynamic():
    panel = staggered()
    result = quietly(panel[["region", "year", "y"]], treatment_of(panel), draws=DRAWS)
    return panel, result


def _effect(result, estimator):
    return result.effects.set_index("estimator").loc[estimator]


def test_robust_estimators_recover_the_att_and_agree(dynamic):
    panel, result = dynamic
    truth = panel.loc[panel["tau"] != 0, "tau"].mean()  # ATT over treated region-years: 1.370
    for name in ("callaway_santanna", "did2s"):
        row = _effect(result, name)
        assert abs(row["estimate"] - truth) < 0.1, (name, row["estimate"], truth)
        assert row["ci_low"] < truth < row["ci_high"]
    agreement = result.agreement.iloc[0]
    assert bool(agreement["agree"]) and agreement["verdict"].startswith("agree: both positive")


def test_event_time_path_is_recovered(dynamic):
    panel, result = dynamic
    treated = panel[panel["tau"] != 0]
    truth = treated.groupby(treated["year"] - treated["g"])["tau"].mean()
    for name in ("callaway_santanna", "event_study"):
        path = result.event_study.query("estimator == @name").set_index("event_time")
        got = path["estimate"].reindex(truth.index)
        assert np.abs(got - truth).max() < 0.12, (name, (got - truth).abs().max())
        assert np.abs(path.loc[path.index < -1, "estimate"]).max() < 0.2  # no pre-trend


def test_twfe_is_biased_with_dynamic_effects(dynamic):
    panel, result = dynamic
    truth = panel.loc[panel["tau"] != 0, "tau"].mean()
    twfe = _effect(result, "twfe")
    # Already-treated cohorts serve as controls and their growing effects are subtracted.
    assert twfe["estimate"] < truth - 0.4
    assert twfe["ci_high"] < truth
    assert "biased" in twfe["estimand"]


def test_twfe_is_unbiased_with_a_constant_effect():
    constant = {g: (0.8, 0.0) for g in DYNAMIC}
    panel = staggered(constant, seed=1)
    result = quietly(
        panel[["region", "year", "y"]],
        treatment_of(panel),
        estimators=["did2s", "twfe"],
        draws=DRAWS,
    )
    for name in ("did2s", "twfe"):
        assert abs(_effect(result, name)["estimate"] - 0.8) < 0.08


def test_same_did2s_estimate_from_pyfixest_and_diff_diff(dynamic):
    _, result = dynamic
    check = result.cross_checks.iloc[0]
    assert check["abs_difference"] < 1e-8


def test_same_callaway_santanna_estimate_from_diff_diff_and_differences(dynamic):
    differences = pytest.importorskip("differences")
    panel, result = dynamic
    data = panel.assign(cohort=panel["g"].replace(0, np.nan)).set_index(["region", "year"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        att = differences.ATTgt(data=data, cohort_column="cohort")
        att.fit(formula="y", control_group="not_yet_treated", progress_bar=False)
        simple = att.aggregate("simple")
    other = float(np.asarray(simple).ravel()[0])
    assert _effect(result, "callaway_santanna")["estimate"] == pytest.approx(other, abs=1e-8)


def test_pretrends_and_sensitivity_are_reported(dynamic):
    _, result = dynamic
    assert result.pretrends["passed"].all()
    assert set(result.pretrends["estimator"]) == {"callaway_santanna", "event_study"}
    sens = result.sensitivity
    assert list(sens["m"]) == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert (sens["bound_high"] - sens["bound_low"]).is_monotonic_increasing


def test_failing_pretrends_warn():
    panel = staggered(seed=2, pretrend=0.15)
    with pytest.warns(ComputationWarning, match="pre-trends fail for y"):
        result = policy_effects(
            panel[["region", "year", "y"]],
            treatment_of(panel),
            estimators=["event_study"],
            draws=DRAWS,
        )
    assert not result.pretrends["passed"].any()


def test_synthetic_control_recovers_a_known_effect():
    rng = np.random.default_rng(5)
    years = np.arange(2000, 2016)
    factors = rng.normal(size=(len(years), 2)).cumsum(axis=0)
    loadings = rng.uniform(0, 1, size=(16, 2))
    wide = factors @ loadings.T + rng.normal(0, 0.05, size=(len(years), 16))
    share = np.array([0.5, 0.3, 0.2])
    treated = wide[:, 1:4] @ share  # inside the donors' convex hull
    treated = treated + np.where(years >= 2010, 2.0, 0.0)
    rows = [(f"D{j:02d}", int(t), wide[k, j]) for j in range(1, 16) for k, t in enumerate(years)]
    rows += [("T", int(t), treated[k]) for k, t in enumerate(years)]
    panel = pd.DataFrame(rows, columns=["region", "year", "y"])
    result = quietly(
        panel, pd.DataFrame({"region": ["T"], "start": [2010]}), estimators=["synthetic_control"]
    )
    row = result.synthetic_control.iloc[0]
    assert abs(row["effect"] - 2.0) < 0.15
    assert row["rank"] == 1 and row["p_value"] == pytest.approx(1 / 16)
    paths = result.synthetic_paths.query("role == 'treated'")
    assert len(paths) == len(years) and abs(paths["gap"].iloc[:10]).max() < 0.2


def test_same_input_gives_byte_identical_files(tmp_path):
    panel = staggered(seed=3)
    files = []
    for run in ("a", "b"):
        result = quietly(panel[["region", "year", "y"]], treatment_of(panel), draws=49)
        out = result.to_dir(tmp_path / run)
        files.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert files[0].keys() == files[1].keys() and "effects.csv" in files[0]
    assert files[0] == files[1]


@pytest.fixture
def small():
    panel = staggered(seed=4)
    return panel[["region", "year", "y"]], treatment_of(panel)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t.assign(region=["Nowhere"] + list(t["region"][1:])), "'Nowhere'"),
        (lambda t: t.assign(start=[2008] + list(t["start"][1:])), "no year before treatment"),
        (lambda t: t.assign(start=[2030] + list(t["start"][1:])), "after_panel='control'"),
        (lambda t: t.assign(start=["soon"] + list(t["start"][1:])), "column 'start'"),
        (lambda t: pd.concat([t, t.iloc[:1]]), "appears 2 times"),
        (lambda t: t.rename(columns={"start": "begin"}), "start"),
    ],
)
def test_bad_treatment_tables_are_refused(small, change, words):
    panel, table = small
    with pytest.raises(InputError, match="treatment") as info:
        policy_effects(panel, change(table), estimators=["did2s"], draws=DRAWS)
    assert words in str(info.value)


def test_no_untreated_region_is_refused(small):
    panel, table = small
    everyone = pd.DataFrame({"region": sorted(set(panel["region"])), "start": 2015})
    with pytest.raises(InputError, match="no region is untreated throughout 2008-2019"):
        policy_effects(panel, everyone, estimators=["did2s"])


def test_too_few_pre_periods_for_the_event_study(small):
    panel, table = small
    late = panel[panel["year"] >= 2011]  # the 2012 cohort keeps one year before treatment
    short = table[table["start"] == 2012]
    with pytest.raises(InputError, match="too few pre-periods for the event study"):
        policy_effects(late, short, estimators=["event_study"])


def test_starts_after_the_panel_can_be_controls(small):
    panel, table = small
    later = table.assign(start=np.where(table["start"] == 2017, 2030, table["start"]))
    result = quietly(panel, later, estimators=["did2s"], after_panel="control", draws=DRAWS)
    assert any("counted as not yet treated" in n for n in result.notes)
    assert result.effects["n_treated"].iloc[0] == 15


def test_dates_start_by_the_midyear_rule(small):
    panel, table = small
    dated = pd.DataFrame({"region": ["R08", "R16"], "start": ["2012-02", "2014-10-08"]})
    result = quietly(panel, dated, estimators=["did2s"], draws=DRAWS)
    assert dict(zip(result.cohorts["region"], result.cohorts["start_year"], strict=True)) == {
        "R08": 2012,
        "R16": 2015,
    }
    result = quietly(panel, dated, estimators=["did2s"], draws=DRAWS, date_rule="calendar_year")
    assert list(result.cohorts["start_year"]) == [2012, 2014]


def test_unknown_options_are_refused(small):
    panel, table = small
    with pytest.raises(OptionError, match="estimators='ols'"):
        policy_effects(panel, table, estimators=["ols"])
    with pytest.raises(OptionError, match="draws=10"):
        policy_effects(panel, table, draws=10)


def test_a_missing_package_names_the_extra(small, monkeypatch):
    panel, table = small
    monkeypatch.setitem(sys.modules, "pysyncon", None)
    with pytest.raises(MissingExtraError, match=r"yindi\[evaluate\]"):
        policy_effects(panel, table, estimators=["synthetic_control"])


def test_shipped_pilot_policies_carry_their_sources():
    table = pilot_policies()
    assert len(table) == 34
    assert (table["source_title"].str.len() > 0).all()
    assert table["source_address"].str.startswith("http").all()
    big_data = pilot_treatment()
    assert len(big_data) == 10 and big_data.loc[0, "region"] == "Guizhou"
    assert set(pilot_treatment("pilot_free_trade_zone")["region"]) >= {"Shanghai", "Xinjiang"}


def test_pilot_case_runs_on_the_embedded_outcomes():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = pilot_case(
            outcomes="rd_intensity_pct",
            estimators=["callaway_santanna", "did2s"],
            draws=49,
            sensitivity=False,
        )
    effects = result.effects
    assert list(effects["estimator"]) == ["callaway_santanna", "did2s"]
    assert effects["years"].iloc[0] == "2011-2023" and effects["n_treated"].iloc[0] == 10
    assert any("partial treatment" in n for n in result.notes)
    assert result.provenance["input"]["policy"] == "national_big_data_comprehensive_pilot_zone"


def test_cli_runs_on_user_tables_and_names_bad_input(tmp_path, small):
    panel, table = small
    panel.to_csv(tmp_path / "panel.csv", index=False)
    table.to_csv(tmp_path / "treat.csv", index=False)
    args = ["evaluate", "policy", "--panel", str(tmp_path / "panel.csv"),
            "--treatment", str(tmp_path / "treat.csv"), "--out", str(tmp_path / "out"),
            "--estimator", "did2s", "--estimator", "twfe", "--draws", "49"]  # fmt: skip
    run = CliRunner().invoke(app, args)
    assert run.exit_code == 0, run.output
    assert (tmp_path / "out" / "effects.csv").exists()
    assert (tmp_path / "out" / "provenance.json").exists()
    table.assign(start=2030).to_csv(tmp_path / "treat.csv", index=False)
    run = CliRunner().invoke(app, args)
    assert run.exit_code == 2
    assert "treat.csv" in run.output and "--after-panel control" in run.output
