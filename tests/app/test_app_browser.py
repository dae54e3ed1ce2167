"""The dashboard in a real browser: the token gate, maps, language, the coordination solved
again, downloads, an upload with hostile names, two runs compared, the stress and productivity
pages, and a server killed in the middle of a save.

The server runs as ``yindi serve`` runs it (:func:`yindi.app.server_command`: 127.0.0.1, a free
port, usage statistics off, headless) in a subprocess; Debian's ``/usr/bin/chromium`` drives it
through playwright. Without chromium the tests skip locally and fail under CI. Every request of
the page is recorded and any to another host is aborted and fails the test: nothing leaves the
machine. Screenshots (token gate, overview, region, coordination, upload, compare, stress,
productivity) go to ``$YINDI_ARTIFACTS/app`` (default ``/tmp/yindi-artifacts/app``).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import _session_plan
import pytest
from conftest import require_module

from yindi.app import server_command
from yindi.app._zh import APP_UI
from yindi.report._zh_ui import UI
from yindi.store import PAUSE_ENV, Store

# The session's plan and store (tests/_session_plan.py), as fixtures of this module.
china_store = _session_plan.china_store
planned = _session_plan.planned

LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1:\d+/|^(data|blob|about):")
ARTIFACTS = Path(os.environ.get("YINDI_ARTIFACTS", "/tmp/yindi-artifacts")) / "app"
TOKEN = "browser-test-token-0123456789"
CJK = re.compile(r"[\u4e00-\u9fff]")
HOSTILE = "![x](http://203.0.113.9/p.png) <img src=x onerror=alert(1)> :red[boom]"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``yindi serve`` on a free port, stopped (SIGKILL) when the test is done."""

    def __init__(self, store: Path, **env: str) -> None:
        self.port = _free_port()
        argv, environ = server_command(
            store=store, host="127.0.0.1", port=self.port, token=TOKEN, max_upload_mb=2
        )
        # The server's log goes to a file: a pipe nobody reads would fill and stop the server.
        self.log = store.parent / f"server-{self.port}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                argv, env=environ | env, stdout=log, stderr=subprocess.STDOUT
            )
        self.url = f"http://127.0.0.1:{self.port}/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "_stcore/health", timeout=1)
                return
            except OSError:
                assert self.process.poll() is None, self.log.read_text()
                time.sleep(0.1)
        raise AssertionError("the dashboard did not start within 60 s")

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert text in self.log.read_text(), self.log.read_text()[-2000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(china_store):
    require_module("streamlit")
    running = Server(china_store)
    yield running
    running.stop()


class Page:
    """A browser page whose every request is recorded; other hosts are aborted."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        if LOCAL.match(route.request.url):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def check(self) -> None:
        assert not self.foreign, f"the page reached for other hosts: {self.foreign[:5]}"
        assert all(LOCAL.match(u) for u in self.requests)
        assert not self.dialogs, f"a script ran: {self.dialogs}"

    def settle(self) -> None:
        """Wait until the script run is over and its elements are drawn (no placeholders)."""
        self.page.wait_for_function(
            "!document.querySelector('[data-testid=\"stStatusWidget\"]') && "
            "!document.querySelector('[data-testid=\"stSkeleton\"]') && "
            "!document.querySelector('[data-stale=\"true\"]') && "
            "document.querySelectorAll('[data-testid=\"stSidebar\"] label').length > 0",
            timeout=60_000,
        )
        self.page.wait_for_timeout(150)

    def shot(self, name: str, least: int = 20_000) -> None:
        self.settle()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > least, f"{target} looks blank"

    def main_text(self) -> str:
        return self.page.locator("[data-testid='stMain']").inner_text()

    def close(self) -> None:
        self.context.close()


def _wait_text(page, text: str, timeout: float = 60_000) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout)


def test_dashboard(browser, server, china_store) -> None:
    view = Page(browser)
    try:
        page = view.page
        started = time.monotonic()
        # Without the token: the token box and nothing of the store.
        page.goto(server.url, wait_until="load")
        _wait_text(page, "Access token")
        assert page.locator(".js-plotly-plot").count() == 0
        assert "China provinces" not in page.locator("body").inner_text()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)  # a box on white, no sidebar
        page.screenshot(path=str(ARTIFACTS / "token-gate.png"))
        # With it: the overview's two maps, every provincial-level unit drawn.
        page.goto(f"{server.url}?token={TOKEN}", wait_until="load")
        page.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot').length >= 2 && "
            "document.querySelectorAll('.js-plotly-plot')[0].querySelectorAll('path.js-fill')"
            ".length >= 34",
            timeout=60_000,
        )
        print(f"overview drawn {time.monotonic() - started:.1f} s after the first request")
        view.shot("overview-en")
        # 中文: the same page in Chinese.
        page.get_by_text("中文", exact=True).click()
        page.get_by_role("heading", name="全国概览").wait_for(timeout=30_000)
        page.get_by_role(
            "heading", name=UI["Region types and the indicators that decided them"]
        ).wait_for(timeout=30_000)
        view.shot("overview-zh")
        # A region's page, linked by its address.
        page.goto(f"{server.url}?token={TOKEN}&page=region&region=Gansu&lang=zh")
        page.get_by_role("heading", name=re.compile("甘肃")).wait_for(timeout=30_000)
        assert CJK.search(view.main_text())
        view.shot("region-gansu-zh")
        # The coordination, solved again without the budgets.
        page.goto(f"{server.url}?token={TOKEN}&page=coordinate&lang=en")
        _wait_text(page, "Solve again with other limits")
        page.get_by_text("water, energy and carbon budgets per region").click()
        page.get_by_role("button", name="Solve again").click()
        page.get_by_role("heading", name="Solved again").wait_for(timeout=60_000)
        _wait_text(page, "Changes against the saved allocation")
        view.shot("coordinate-solved-again-en")
        # A table's CSV: UTF-8 with a byte-order mark, the headers as shown.
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile("Download this table as CSV")).first.click()
        data = Path(info.value.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"industry" in data.splitlines()[0]
        view.check()
    finally:
        view.close()


def _upload_hostile(page, url: str, panel: Path) -> None:
    page.goto(f"{url}?token={TOKEN}&page=runs", wait_until="load")
    page.get_by_text("My own tables (upload)").click()
    page.locator("input[type='file']").first.set_input_files(str(panel))
    page.get_by_text(panel.name).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Run the plan and save it").click()


def _new_runs(store: Store, before: set[str], page, timeout: float = 60) -> list:
    """The runs saved since ``before`` (waits for one; fails with the page's text)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = [r for r in store.runs() if r.run_id not in before]
        if new:
            return new
        page.wait_for_timeout(200)
    raise AssertionError("no run saved: " + page.locator("body").inner_text()[:2000])


@pytest.fixture(scope="module")
def hostile_panel(tmp_path_factory) -> Path:
    import yindi

    panel = yindi.datasets.china_provinces().panel("gross_output")
    panel = panel[panel["region"].isin(sorted(panel["region"].unique())[:6])]
    panel = panel.assign(region=panel["region"].replace({"Anhui": HOSTILE}))
    path = tmp_path_factory.mktemp("upload") / "six_regions.csv"
    panel.to_csv(path, index=False)
    return path


def test_upload_with_hostile_names(browser, server, china_store, hostile_panel) -> None:
    before = {r.run_id for r in Store(china_store).runs()}
    view = Page(browser)
    try:
        page = view.page
        _upload_hostile(page, server.url, hostile_panel)
        new = _new_runs(Store(china_store), before, page)
        assert [r.label for r in new] == ["six_regions.csv"]
        page.goto(f"{server.url}?token={TOKEN}&page=overview&run={new[0].run_id}")
        _wait_text(page, "Region types and the indicators")
        page.goto(f"{server.url}?token={TOKEN}&page=region&run={new[0].run_id}")
        heading = page.get_by_role("heading", name=re.compile("development paths"))
        heading.wait_for(timeout=30_000)
        # The name is shown as the text it is: no image, link, colour or script made of it.
        assert HOSTILE in heading.inner_text().replace("\u200b", "")
        assert page.locator("[data-testid='stMain'] img").count() == 0
        assert page.locator("[data-testid='stMain'] a[href*='203.0.113']").count() == 0
        view.shot("upload-hostile-names")
        view.check()
    finally:
        view.close()


def test_server_killed_while_saving(browser, china_store, hostile_panel, tmp_path) -> None:
    root = tmp_path / "store"
    Store(root).save(Store(china_store).load(Store(china_store).runs()[-1].run_id).plan)
    paused = Server(root, **{PAUSE_ENV: "writing:60"})
    view = Page(browser)
    try:
        _upload_hostile(view.page, paused.url, hostile_panel)
        paused.wait_for_log("paused at writing")
        os.kill(paused.process.pid, signal.SIGKILL)  # the server dies in the middle of the save
        paused.stop()
        assert paused.process.returncode == -signal.SIGKILL
        assert len(list((root / ".staging").iterdir())) == 1  # half a run, not in runs/
        store = Store(root)
        assert len(store.runs()) == 1 and len(list(store.runs_dir.iterdir())) == 1
        assert not any((root / ".staging").iterdir())  # the dead server's debris is gone
        store.verify(store.runs()[0].run_id)
        view.check()
    finally:
        view.close()
        paused.stop()


@pytest.fixture(scope="module")
def two_runs(planned, tmp_path_factory) -> tuple[Path, str, str]:
    """The store of runs A and B (``_session_plan.save_two_runs``), by its folder."""
    store, a, b = _session_plan.save_two_runs(planned, tmp_path_factory.mktemp("compare") / "store")
    return store.root, a, b


def _wait_map(page, fills: int = 34) -> None:
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.js-plotly-plot')).some("
        f"p => p.querySelectorAll('path.js-fill').length >= {fills})",
        timeout=60_000,
    )


def test_compare_stress_productivity(browser, two_runs) -> None:
    root, a, b = two_runs
    running = Server(root)
    view = Page(browser)
    try:
        page = view.page
        # Compare two runs: chosen in the sidebar's page list, A and B by default the older
        # and the newest run; the address then keeps both.
        page.goto(f"{running.url}?token={TOKEN}&page=runs", wait_until="load")
        _wait_text(page, "Check every run against its checksum")
        page.locator("[data-testid='stSidebar']").get_by_text("Compare two runs").click()
        page.get_by_role("heading", name="Compare two runs").wait_for(timeout=60_000)
        page.get_by_role("heading", name="Settings that differ").wait_for(timeout=60_000)
        # The metrics (tables are drawn on canvas); waited for, as the page may still be
        # drawing its elements when the last heading shows.
        _wait_text(page, "only in run A")
        page.wait_for_function(
            "document.querySelectorAll(\"[data-testid='stMetric']\").length === 3",
            timeout=30_000,
        )
        page.wait_for_function(
            f"location.search.includes('a={a}') && location.search.includes('b={b}')",
            timeout=30_000,
        )
        view.shot("compare-en")
        # A score table's CSV: what is shown, UTF-8 with a byte-order mark.
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile("Download this table as CSV")).nth(2).click()
        data = Path(info.value.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"score in run A" in data.splitlines()[0]
        # The same comparison in Chinese, from its address.
        page.goto(f"{running.url}?token={TOKEN}&page=compare&a={a}&b={b}&lang=zh")
        page.get_by_role("heading", name=APP_UI["Compare two runs"]).wait_for(timeout=60_000)
        view.shot("compare-zh")
        # Stress tests saved with run B: the loss map from the shipped outlines.
        page.goto(f"{running.url}?token={TOKEN}&page=stress&run={b}&lang=en")
        page.get_by_role("heading", name="Most exposed provinces and sectors").wait_for(
            timeout=60_000
        )
        _wait_map(page)
        view.shot("stress-en")
        # Productivity: computed from the embedded data for run A.
        page.goto(f"{running.url}?token={TOKEN}&page=productivity&run={a}&lang=en")
        page.get_by_role("heading", name="How far to trust it").wait_for(timeout=120_000)
        _wait_map(page, 30)
        view.shot("productivity-en")
        view.check()
    finally:
        view.close()
        running.stop()
