"""Shared fixtures and the ONE place where test tolerances live.

Data fixtures read the shared source files in ``../shared/data`` (next to the repository). A
reference that cannot run (``../shared`` absent, a peer package not installed, no chromium) skips
the test on a bare checkout but FAILS it under CI (``CI`` or ``YINDI_STRICT`` set, as ``make test``
and ``.ci/run`` do), so a green CI never hides a reference that did not run.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

# --- tolerances ------------------------------------------------------------------------------
#: absolute tolerance against a peer implementation run on the same input (py-ecomplexity,
#: economic-complexity, R economiccomplexity): both sides do the same float64 arithmetic in a
#: different order, so disagreement beyond round-off means a different convention or a bug.
PEER_ATOL = 1e-8
#: absolute tolerance against a hand calculation written out as exact fractions.
HAND_ATOL = 1e-12
#: rank/linear agreement required where only correlations are meaningful (R fitness).
PEARSON_MIN = 0.999999
SPEARMAN_MIN = 0.99999


@dataclass(frozen=True)
class Tolerances:
    peer: float = PEER_ATOL
    hand: float = HAND_ATOL
    pearson: float = PEARSON_MIN
    spearman: float = SPEARMAN_MIN


@pytest.fixture(scope="session")
def tol() -> Tolerances:
    """The shared tolerances (use ``tol.peer``, ``tol.hand`` ...), never a literal in a test."""
    return Tolerances()


# --- references that must run under CI -------------------------------------------------------
STRICT = bool(os.environ.get("CI") or os.environ.get("YINDI_STRICT"))


def skip_or_fail(message: str) -> None:
    """Skip on a bare checkout; fail under CI, where every reference must run."""
    if STRICT:
        pytest.fail(f"{message} (required under CI: a reference that cannot run is a failure)")
    pytest.skip(message)


def require_module(name: str):  # noqa: ANN201 - returns the module
    """Import a peer or reference package, or skip_or_fail naming the environment to use."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        skip_or_fail(f"{name} is not importable ({exc}); peers run in .venv-peers (make test)")
        raise  # unreachable: skip_or_fail raises


# --- a real browser: Debian's chromium through Playwright, never a downloaded one ---------------
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201 - yields a Playwright browser
    """Headless Chromium for the browser tests (skip_or_fail when it or Playwright is missing)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        skip_or_fail(f"{CHROMIUM} not found: run scripts/install_browser.sh")
    sync_api = require_module("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


# --- shared data -----------------------------------------------------------------------------
REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"

#: the world-trade table is an average of 1998-2000 exports; we label it with its last year.
WORLD_TRADE_YEAR = 2000
CHINA_YEARS = (2012, 2017)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (repo root / .. / shared / data); skips when it is not there."""
    if not SHARED_DATA.is_dir():
        skip_or_fail(f"shared data folder {SHARED_DATA} not found")
    return SHARED_DATA


def _require(path: Path) -> Path:
    if not path.is_file():
        skip_or_fail(f"shared data file {path} not found")
    return path


@pytest.fixture(scope="session")
def world_trade(shared_data: Path) -> pd.DataFrame:
    """226 countries x 785 SITC-2 4-digit products, average exports 1998-2000 (long, 124,336 rows).

    Columns ``country, product, value, year``. Product codes are read as text: ``"0011"`` must
    not become the integer 11. Missing country-product pairs are zero exports (the source is
    sparse). The returned frame is shared across the session: copy before mutating.
    """
    path = _require(shared_data / "trade" / "world_trade_avg_1998_to_2000_sitc2_4digit.csv")
    frame = pd.read_csv(path, dtype={"country": str, "product": str, "value": float})
    return frame.assign(year=WORLD_TRADE_YEAR)


@pytest.fixture(scope="session")
def china_panel(shared_data: Path) -> pd.DataFrame:
    """China, 31 provinces x 42 input-output sectors, gross output (10,000 CNY), 2012 and 2017.

    Read directly from the CHNIO long file. Columns ``year, region`` (= ``province_zh``),
    ``activity`` (= ``sector_code``, text: "01".."42") and ``value`` (=
    ``gross_output_10k_cny``). A few cells are exactly 0 (several Tibet sectors, mining in some
    coastal provinces): real zeros, kept. Copy before mutating.
    """
    path = _require(
        shared_data / "china" / "province_sector" / "chnio_province_io_42sectors_2002_2017_long.csv"
    )
    raw = pd.read_csv(path, dtype={"province_zh": str, "sector_code": str})
    part = raw[raw["year"].isin(CHINA_YEARS)]
    names = {"province_zh": "region", "sector_code": "activity", "gross_output_10k_cny": "value"}
    out = part.rename(columns=names)[["year", "region", "activity", "value"]]
    return out.reset_index(drop=True)
