"""Tables sorted by year are read a year's slice at a time; any other order the same way out.

``year_slices`` finds each year's rows by binary search when the rows are in year order (the
way every reader and ``yindi.aggregate`` write them) and says None otherwise, so the checks
fall back to (year, line) keys. Both paths must reach the same verdicts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from yindi._results import frame_digest
from yindi.data import Panel
from yindi.data._cells import year_slices
from yindi.errors import InputError


def test_year_slices_by_hand() -> None:
    # Rows 0-2 are 2015, none 2016, rows 3-4 2017, row 5 2019.
    labels, bounds = year_slices(pd.Series([2015, 2015, 2015, 2017, 2017, 2019]))
    assert labels.tolist() == [2015, 2017, 2019]
    assert bounds.tolist() == [0, 3, 5, 6]
    assert year_slices(pd.Series([2015, 2017, 2016])) is None  # not in year order
    assert year_slices(pd.Series([1, 20_000])) is None  # a span too wide to enumerate
    assert year_slices(pd.Series([], dtype=np.int64)) is None


def test_year_slices_checks_every_block() -> None:
    year = np.repeat(np.arange(2000, 2004), 3_000_000)  # four blocks of 2**22 rows and more
    assert year_slices(pd.Series(year)) is not None
    year[9_000_001] = 1999  # one row out of order deep in the third block
    assert year_slices(pd.Series(year)) is None


def _table(huge_year: int | None = None) -> pd.DataFrame:
    rows = [
        (r, a, y, float(1 + i))
        for i, (r, a, y) in enumerate(
            (r, a, y) for y in (2016, 2017, 2018) for r in "ABC" for a in ("x", "y")
        )
    ]
    frame = pd.DataFrame(rows, columns=["region", "activity", "year", "value"])
    if huge_year is not None:  # a year whose total float64 cannot carry through RCA
        frame.loc[frame["year"] == huge_year, "value"] *= 1e299
    return frame


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_the_sum_limit_names_the_same_year_in_any_row_order(order) -> None:
    frame = _table(huge_year=2017)
    if order == "shuffled":
        frame = frame.sample(frac=1.0, random_state=7)
        assert year_slices(frame["year"]) is None
    with pytest.raises(InputError, match=r"year 2017: [0-9.e+]+; the limit is 1e\+300"):
        Panel.from_frame(frame)


def test_a_shuffled_panel_has_the_same_years() -> None:
    frame = _table()
    assert Panel.from_frame(frame.sample(frac=1.0, random_state=3)).years == (2016, 2017, 2018)
    assert Panel.from_frame(frame).years == (2016, 2017, 2018)


def test_digest_of_numbers_with_missing_values_is_stable() -> None:
    # Nullable integers with a missing value come out of to_numpy() as objects, whose bytes
    # would be memory addresses: they are hashed through pandas' row hashes instead.
    frame = pd.DataFrame({"n": pd.array([1, None, 3], dtype="Int64")})
    digest = frame_digest(frame)
    assert frame_digest(frame.copy(deep=True)) == digest
    assert frame_digest(frame.assign(n=pd.array([1, None, 4], dtype="Int64"))) != digest
