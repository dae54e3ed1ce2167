"""A compact diagnosis: ``region_activity`` kept per year and materialised on request.

The reference is the ordinary (non-compact) run on the same input: the materialised table,
each year's piece and the Parquet files written from it must equal it exactly, under every
option that changes how the columns are computed. Also checked here, against the code they
replace: the one-pass split of a panel into dense years (``Panel.matrix``) and the eigenvector
solver (a full ``numpy.linalg.eigh``).
"""

from __future__ import annotations

import gc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import yindi
from yindi.errors import OptionError
from yindi.measures.complexity import _second_eigenpair
from yindi.stages.diagnose import _model
from yindi.stages.diagnose._years import YearSplit

OPTIONS = [
    {},
    {"convention": "py-ecomplexity"},
    {"method": "reflections", "convention": "economic-complexity"},
    {"cog_variant": "atlas", "knn": 6},
    {"proximity_method": "continuous"},
    {"rca_threshold": 2.0, "zero_degree": "empty_year"},
]


@pytest.fixture(scope="module")
def china():
    return yindi.datasets.china_provinces()


def _diagnose(data, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return yindi.diagnose(data, **options)


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "default")
def test_compact_materialises_the_same_table(china, options):
    full = _diagnose(china, **options)
    compact = _diagnose(china, compact=True, **options)
    assert compact.compact and not full.compact
    expected = full.region_activity
    pd.testing.assert_frame_equal(compact.region_activity, expected, check_exact=True)
    for name in ("region", "activity", "diagnostics", "reliability"):
        pd.testing.assert_frame_equal(getattr(compact, name), getattr(full, name), check_exact=True)
    for year, piece in compact.region_activity_by_year():
        part = expected[expected["year"] == year].reset_index(drop=True)
        pd.testing.assert_frame_equal(piece, part, check_exact=True)


def test_given_presence_compact(china):
    panel = china.panel("gross_output")
    manual = panel.assign(value=(panel["value"] > panel["value"].median()).astype(float))
    full = _diagnose(manual, presence_test="manual")
    compact = _diagnose(manual, presence_test="manual", compact=True)
    pd.testing.assert_frame_equal(compact.region_activity, full.region_activity, check_exact=True)
    assert compact.region_activity["rca"].isna().all()


def test_each_read_is_a_fresh_frame(china):
    compact = _diagnose(china, compact=True)
    first = compact.region_activity
    first.loc[0, "density"] = -99.0
    assert compact.region_activity.loc[0, "density"] != -99.0


def test_written_parquet_reads_back_equal(china, tmp_path):
    for compact in (False, True):
        result = _diagnose(china, compact=compact)
        folder = result.write_region_activity(tmp_path / f"ra-{compact}")
        files = sorted(Path(folder).glob("*.parquet"))
        assert [f.name for f in files] == [
            f"region_activity-{y}.parquet" for y in sorted(result.years)
        ]
        back = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
        expected = result.region_activity
        for col in ("region", "activity"):
            back[col] = back[col].astype(str)
            expected[col] = expected[col].astype(str)
        pd.testing.assert_frame_equal(back, expected, check_exact=True)


def test_spill_folder_is_kept_when_named_and_removed_when_temporary(china, tmp_path):
    named = _diagnose(china, compact=True, spill_dir=tmp_path / "spill")
    assert sorted(p.name for p in (tmp_path / "spill").iterdir())
    del named
    gc.collect()
    assert list((tmp_path / "spill").iterdir()), "a folder the caller names is kept"
    temporary = _diagnose(china, compact=True)
    folder = temporary.__dict__["_frozen_region_activity"].folder
    assert folder.is_dir()
    del temporary
    gc.collect()
    assert not folder.exists()


def test_compact_by_size_and_bad_values(china, monkeypatch):
    assert not _diagnose(china).compact
    monkeypatch.setattr(_model, "COMPACT_ROWS", 100)
    assert _diagnose(china).compact
    assert not _diagnose(china, compact=False).compact
    with pytest.raises(OptionError, match="compact='yes'"):
        yindi.diagnose(china, compact="yes")


def test_year_split_equals_panel_matrix():
    rng = np.random.default_rng(5)
    rows = []
    for year in (2001, 2000, 2002):  # out of year order on purpose
        for r in range(7):
            for a in range(9):
                if rng.random() < 0.7:
                    rows.append((f"r{r}", f"a{a}", year, float(rng.integers(0, 3))))
    frame = pd.DataFrame(rows, columns=["region", "activity", "year", "value"])
    panel = yindi.Panel.from_frame(frame.sample(frac=1.0, random_state=1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        split = YearSplit(panel)
        for i, year in enumerate(panel.years):
            ours, ref = split.year(i), panel.matrix(year)
            np.testing.assert_array_equal(ours.x, ref.values.toarray())
            np.testing.assert_array_equal(ours.regions, ref.regions)
            np.testing.assert_array_equal(ours.activities, ref.activities)
            assert ours.dropped_regions == ref.dropped_regions
            assert ours.dropped_activities == ref.dropped_activities


@pytest.mark.parametrize("n", [5, 60, 1100])
def test_second_eigenpair_equals_the_full_decomposition(n):
    rng = np.random.default_rng(n)
    b = rng.random((n, n + 7))
    gram = b @ b.T
    vals, vec = _second_eigenpair(gram)
    full_vals, full_vecs = np.linalg.eigh(gram)
    np.testing.assert_allclose(vals[-3:], full_vals[-3:], rtol=1e-12)
    ref = full_vecs[:, -2]
    assert min(np.abs(vec - ref).max(), np.abs(vec + ref).max()) < 1e-9


def test_second_eigenpair_keeps_the_full_pick_for_a_repeated_eigenvalue():
    gram = np.diag([1.0, 2.0, 3.0, 3.0])  # the second largest eigenvalue repeats
    vals, vec = _second_eigenpair(gram)
    np.testing.assert_array_equal(vec, np.linalg.eigh(gram)[1][:, -2])


@pytest.mark.parametrize("options", OPTIONS[:3], ids=["default", "py-ecomplexity", "reflections"])
def test_years_side_by_side_equal_years_in_turn(china, options, monkeypatch):
    side_by_side = _diagnose(china, **options)
    monkeypatch.setattr(_model, "THREADED_CELLS", 0)  # every year in turn, on every core
    in_turn = _diagnose(china, **options)
    for name in ("region_activity", "region", "activity", "diagnostics"):
        pd.testing.assert_frame_equal(getattr(side_by_side, name), getattr(in_turn, name))
