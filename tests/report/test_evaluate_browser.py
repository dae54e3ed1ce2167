"""The evaluate report in a real browser: every figure of a policy page and a partner page is
drawn, nothing is fetched, no script error, and a region named like a script tag runs nothing.

Drives Debian's ``/usr/bin/chromium`` through playwright (never a downloaded browser); without
it the tests skip locally and fail under CI.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

LOCAL = ("file:", "data:", "blob:", "about:")
EVIL = "<script>window.__evil=1</script>"


def _drawn(browser, path: Path) -> tuple[int, int, list[str], object]:
    """Figures drawn, figures on the page, errors and outside requests, ``window.__evil``."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else problems.append(r.url))
    page.goto(path.as_uri(), wait_until="load", timeout=60_000)
    total = page.evaluate("document.querySelectorAll('div.plot').length")
    page.wait_for_function(
        f"document.querySelectorAll('div.plot[data-drawn]').length >= {total}", timeout=60_000
    )
    drawn = page.evaluate("document.querySelectorAll('div.plot .main-svg').length > 0")
    count = page.evaluate("document.querySelectorAll('div.plot[data-drawn]').length")
    evil = page.evaluate("window.__evil === undefined ? null : window.__evil")
    page.close()
    assert drawn
    return count, total, problems, evil


def test_policy_and_partner_pages_draw_every_figure(browser, tmp_path) -> None:
    pytest.importorskip("pysyncon")
    import yindi
    from yindi.report import render_evaluate_html

    rows = [
        (EVIL if r == 0 else f"R{r:02d}", t, 0.1 * t + r + (1.0 if r < 3 and t >= 2012 else 0))
        for r in range(10)
        for t in range(2006, 2016)
    ]
    panel = pd.DataFrame(rows, columns=["region", "year", "y"])
    treatment = pd.DataFrame({"region": [EVIL, "R01", "R02"], "start": 2012})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        policy = yindi.policy_effects(
            panel, treatment, estimators=["event_study", "synthetic_control"], sc_regions="all"
        )
        plan = yindi.plan(with_productivity=False)
        profile = pd.DataFrame({"code": ["C26"], "weight": [1], "scheme": ["nace2"]})
        partners = yindi.find_partners(plan, profile)
    pages = {
        "policy.html": render_evaluate_html(policy, lang="zh"),
        "partners.html": render_evaluate_html(partners, plan=plan),
    }
    for name, html in pages.items():
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        count, total, problems, evil = _drawn(browser, path)
        assert count == total > 0, name
        assert problems == [], (name, problems[:5])
        assert evil is None  # the region's name is text, its script never ran
