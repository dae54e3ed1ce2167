"""One shared bad-option test: every registered option, fed an invalid value at its entry point.

The registry (``yindi._options.REGISTRY``) holds every keyword option of the public stages with
its constraint; an invalid value of each (an unknown string, a number out of range, a bool or
NaN where a number is expected, None where a value is required) must fail at once with an
OptionError naming the option, before any data is read or computed.
"""

from __future__ import annotations

import inspect
import math

import pandas as pd
import pytest
from typer.testing import CliRunner

import yindi
from yindi._options import REGISTRY, Interval, StrOptions
from yindi.cli import app
from yindi.data import validate_long
from yindi.errors import OptionError
from yindi.stages.classify import ClassifyRules
from yindi.stages.coordinate import CoordinateConfig
from yindi.stages.evaluate import bubble_check, find_partners
from yindi.stages.evaluate.policy import policy_effects
from yindi.stages.plan.paths import PathOptions
from yindi.stages.productivity.growth import growth_accounting
from yindi.stages.stress import stress

SMALL = pd.DataFrame(
    {
        "region": ["A", "A", "B", "B", "C", "C"],
        "activity": ["x", "y"] * 3,
        "year": 2017,
        "value": [1.0, 2.0, 3.0, 0.5, 1.0, 5.0],
    }
)
GROWTH = pd.DataFrame(
    {
        "region": "R",
        "year": [2000, 2001],
        "output": [1.0, 2.0],
        "investment": [1.0, 1.1],
        "labour": [1.0, 1.0],
    }
)
POLICY_PANEL = pd.DataFrame(
    {"region": ["A", "A", "B", "B", "C", "C"], "year": [2000, 2001] * 3, "y": [1.0] * 6}
)
POLICY_TREATMENT = pd.DataFrame({"region": ["A"], "start": [2001]})
ENTRY_POINTS = {
    "diagnose": (yindi.diagnose, (SMALL,)),
    "validate_long": (validate_long, (SMALL,)),
    "plan": (yindi.plan, ()),
    "productivity": (yindi.productivity, ()),
    "growth_accounting": (growth_accounting, (GROWTH,)),
    "ClassifyRules": (ClassifyRules, ()),
    "PathOptions": (PathOptions, ()),
    "CoordinateConfig": (CoordinateConfig, ()),
    "stress": (stress, ()),
    "policy_effects": (policy_effects, (POLICY_PANEL, POLICY_TREATMENT)),
    # Options are checked before the plan or the file is read: placeholders suffice.
    "bubble_check": (bubble_check, (None, None)),
    "find_partners": (find_partners, (None, None)),
}


def _invalid_values(constraint) -> list[object]:
    values = [constraint.invalid(), None]
    if isinstance(constraint, Interval):
        values += [True, float("nan"), "1"]
        if constraint.integer:
            values.append(2.5)
    return [v for v in values if not constraint.valid(v)]


def _cases():
    for name, constraint in sorted(REGISTRY.items()):
        for entry, (func, args) in ENTRY_POINTS.items():
            if name in inspect.signature(func).parameters:
                for bad in _invalid_values(constraint):
                    yield pytest.param(func, args, name, bad, id=f"{entry}-{name}-{bad!r}")


@pytest.mark.parametrize(("func", "args", "name", "bad"), list(_cases()))
def test_every_option_rejects_an_invalid_value(func, args, name, bad):
    with pytest.raises(OptionError) as info:
        func(*args, **{name: bad})
    assert f"{name}={bad!r}" in str(info.value)


def test_every_registered_option_has_an_entry_point():
    covered = {n for func, _ in ENTRY_POINTS.values() for n in inspect.signature(func).parameters}
    assert set(REGISTRY) <= covered, sorted(set(REGISTRY) - covered)


@pytest.mark.parametrize(
    ("constraint", "good", "bad"),
    [
        (StrOptions(("a", "b")), ["a", "b"], ["c", "A", None, 1]),
        (Interval(0, 1), [0, 0.5, 1], [-0.1, 1.1, math.nan, True, "0.5", None]),
        (Interval(0, 1, closed="neither"), [0.5], [0, 1]),
        (Interval(2, None, integer=True), [2, 10**9], [1, 2.0, 2.5]),
    ],
)
def test_constraints_by_hand(constraint, good, bad):
    assert all(constraint.valid(v) for v in good)
    assert not any(constraint.valid(v) for v in bad)


def test_the_cli_names_its_own_option(tmp_path):
    path = tmp_path / "p.csv"
    SMALL.to_csv(path, index=False)
    result = CliRunner().invoke(
        app,
        ["diagnose", "--panel", str(path), "--out", str(tmp_path / "o"), "--rca-threshold", "-1"],
    )
    assert result.exit_code == 2
    assert "--rca-threshold -1.0 is not valid; use a number in [0, inf), e.g. 1.0" in " ".join(
        result.output.split()
    )


@pytest.mark.parametrize(
    ("options", "words"),
    [({"prepare_weights": {"capacity": 0.5, "feasibility": 0.3, "attractiveness": 0.3}},
      "summing to 1"),
     ({"prepare_weights": {"capacity": 1.0}}, "a weight for each of"),
     ({"approach_weights": {"frontier": (0.4, 0.6), "light touch": (0.5, 0.5),
                            "parsimonious": (0.65, 0.35), "strategic bets": (0.5, 0.6)}},
      "each pair"),
     ({"approach_weights": {"frontier": (1.2, -0.2), "light touch": (0.5, 0.5),
                            "parsimonious": (0.65, 0.35), "strategic bets": (0.45, 0.55)}},
      ">= 0")],
)
def test_score_weights_are_checked(options, words):
    with pytest.raises(OptionError, match=words):
        PathOptions(**options)


def test_plan_weights_are_checked_and_recorded():
    with pytest.raises(OptionError, match="attractiveness_weights"):
        yindi.plan(attractiveness_weights={"complexity": 1.0, "gain": 0.5, "national_value": 0})
    weights = {"complexity": 0.5, "gain": 0.25, "national_value": 0.25}
    result = yindi.plan(attractiveness_weights=weights, with_productivity=False)
    options = result.provenance["options"]
    assert options["attractiveness_weights"] == weights
    assert options["paths"]["prepare_weights"] == {"capacity": 0.4, "feasibility": 0.3,
                                                   "attractiveness": 0.3}
    assert options["rules"]["frontier_share"] == 0.1
