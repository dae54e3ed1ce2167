"""Property tests of reading and validating: what is not information must not change the panel.

Row order, the delimiter, the spelling of a province (北京 / 北京市 / Beijing / CN-BJ / 110000,
taken from the shared crosswalk, the source the shipped alias table is built from) and reading
the same file twice are not information: each gives the same validated panel and, through
``yindi diagnose``, byte-identical output files.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from yindi.cli import app
from yindi.data import Panel

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SPELLINGS = ("name_zh_short", "name_zh_full", "name_en", "iso_3166_2", "adcode")


@pytest.fixture(scope="module")
def crosswalk(shared_data: Path) -> pd.DataFrame:
    path = shared_data / "china/province_indicators/province_crosswalk_with_area.csv"
    frame = pd.read_csv(path, dtype={"adcode": str})
    return frame[frame["mainland_31"]].reset_index(drop=True)


@st.composite
def tables(draw) -> pd.DataFrame:
    """3-8 provinces (by crosswalk row) x 3-6 sectors x 1-2 years of positive values."""
    n_reg = draw(st.integers(3, 8))
    rows = draw(st.lists(st.integers(0, 30), min_size=n_reg, max_size=n_reg, unique=True))
    n_act = draw(st.integers(3, 6))
    years = draw(st.sampled_from([(2017,), (2012, 2017)]))
    cells = n_reg * n_act * len(years)
    values = draw(st.lists(st.integers(1, 10**6), min_size=cells, max_size=cells))
    r, a, y = np.meshgrid(rows, [f"S{k:02d}" for k in range(n_act)], years, indexing="ij")
    return pd.DataFrame(
        {"row": r.ravel(), "activity": a.ravel(), "year": y.ravel(), "value": values}
    )


def _labelled(table: pd.DataFrame, crosswalk: pd.DataFrame, spelling: list[str]) -> pd.DataFrame:
    """Region labels spelled per province as ``spelling[i]`` says (one spelling per province)."""
    chosen = dict(zip(sorted(set(table["row"])), spelling, strict=False))
    labels = [str(crosswalk.loc[row, chosen[row]]) for row in table["row"]]
    return table.drop(columns="row").assign(region=labels)[["region", "activity", "year", "value"]]


def _panel(path: Path, **kwargs) -> Panel:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Panel.from_file(path, **kwargs)


def _canonical(panel: Panel) -> pd.DataFrame:
    frame = panel.frame.astype({"region": str, "activity": str})
    return frame.sort_values(["year", "region", "activity"]).reset_index(drop=True)


@PROPERTY
@given(table=tables(), seed=st.integers(0, 2**32 - 1), sep=st.sampled_from([",", ";", "\t", "|"]))
def test_row_order_and_delimiter_do_not_matter(crosswalk, tmp_path, table, seed, sep):
    base = _labelled(table, crosswalk, ["name_zh_short"] * 31)
    plain = tmp_path / "plain.csv"
    base.to_csv(plain, index=False)
    other = tmp_path / "other.csv"
    base.sample(frac=1.0, random_state=seed).to_csv(other, index=False, sep=sep)
    first, second = _panel(plain), _panel(other)
    pd.testing.assert_frame_equal(_canonical(first), _canonical(second))
    assert first.regions == second.regions and first.years == second.years


@PROPERTY
@given(table=tables(), data=st.data())
def test_any_spelling_of_a_province_gives_the_same_panel(crosswalk, tmp_path, table, data):
    spelling = data.draw(st.lists(st.sampled_from(SPELLINGS), min_size=31, max_size=31))
    reference = _labelled(table, crosswalk, ["name_en"] * 31)
    spelled = _labelled(table, crosswalk, spelling)
    ref_path, spelled_path = tmp_path / "en.csv", tmp_path / "spelled.csv"
    reference.to_csv(ref_path, index=False)
    spelled.to_csv(spelled_path, index=False)
    # Codes alone (adcodes, ISO) are not taken for provinces unless asked; names are.
    kwargs = {"aliases": "china_provinces"}
    expected = _canonical(_panel(ref_path, aliases=False))
    pd.testing.assert_frame_equal(_canonical(_panel(spelled_path, **kwargs)), expected)


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=tables(), seed=st.integers(0, 2**32 - 1))
def test_the_cli_output_is_byte_identical_whatever_the_row_order(crosswalk, tmp_path, table, seed):
    base = _labelled(table, crosswalk, ["name_zh_full"] * 31)
    outputs = []
    for k, frame in enumerate((base, base.sample(frac=1.0, random_state=seed), base)):
        path = tmp_path / f"in{k}.csv"
        frame.to_csv(path, index=False)
        out = tmp_path / f"out{k}"
        result = CliRunner().invoke(
            app, ["diagnose", "--panel", str(path), "--out", str(out), "--excel"]
        )
        assert result.exit_code == 0, result.output
        outputs.append(
            {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != "provenance.json"}
        )  # it names the input file
    assert outputs[0] == outputs[1] == outputs[2]
