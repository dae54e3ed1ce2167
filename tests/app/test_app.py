"""The dashboard without a browser (Streamlit's AppTest): the access gate, every page in both
languages with nothing left untranslated, solving the coordination again and saving it, names
from users' files escaped, uploads read by yindi's readers with the CLI's messages, exports
with formulas neutralised, and ``yindi serve`` refusing unsafe starts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import _session_plan
import pandas as pd
import pytest
from conftest import require_module
from typer.testing import CliRunner

from yindi.app import SCRIPT, is_loopback, server_command
from yindi.app._export import csv_bytes, excel_bytes
from yindi.app._serve import ENV_STORE, ENV_TOKEN
from yindi.app._text import hover, md
from yindi.app._upload import Upload, read_uploads
from yindi.cli import app as cli
from yindi.errors import InputError
from yindi.store import Store

# The session's plan and store (tests/_session_plan.py), as fixtures of this module.
china_store = _session_plan.china_store
planned = _session_plan.planned

TOKEN = "correct-horse-battery-staple-42"
CJK = re.compile(r"[\u4e00-\u9fff]")
HOSTILE = {
    "Anhui": "![x](http://203.0.113.9/p.png)",
    "Beijing": ":red[boom] $x^2$ [link](javascript:alert(1))",
    "Chongqing": "<img src=x onerror=alert(1)>",
    "Fujian": '=HYPERLINK("http://203.0.113.9","x")',
}


def _run(store: Path, monkeypatch, secret: str = "", **query: str):
    testing = require_module("streamlit.testing.v1")
    monkeypatch.setenv(ENV_STORE, str(store))
    monkeypatch.setenv(ENV_TOKEN, secret)
    at = testing.AppTest.from_file(str(SCRIPT), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _button(at, label: str):
    """The button (form submit buttons included, whatever the Streamlit version) of ``label``."""
    found = [b for b in [*at.button, *at.get("form_submit_button")] if b.label == label]
    assert found, f"no button {label!r}: {[b.label for b in at.button]}"
    return found[0]


def _texts(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "error"):
        parts += [str(e.value) for e in at.get(kind)]
    return "\n".join(parts)


def test_token_gate(china_store, monkeypatch) -> None:
    closed = _run(china_store, monkeypatch, secret=TOKEN)
    # Nothing but the token box: no run, no table, no figure, no navigation.
    assert [e.label for e in closed.text_input] == ["Access token"]
    assert not closed.dataframe and not closed.get("plotly_chart") and not closed.radio
    assert "China provinces" not in _texts(closed)
    wrong = _run(china_store, monkeypatch, secret=TOKEN, token="x" * len(TOKEN))
    assert [e.value for e in wrong.error] == ["This token is not valid."]
    assert not wrong.dataframe
    # The token box lets the session in, and the session stays in.
    closed.text_input[0].input(TOKEN)
    _button(closed, "Enter").click().run()
    assert not closed.exception and closed.dataframe
    assert closed.query_params["token"] == [TOKEN] or closed.query_params["token"] == TOKEN
    opened = _run(china_store, monkeypatch, secret=TOKEN, token=TOKEN)
    assert len(opened.get("plotly_chart")) == 2 and opened.dataframe


def test_without_a_store_it_says_how_to_start(monkeypatch, tmp_path) -> None:
    testing = require_module("streamlit.testing.v1")
    monkeypatch.delenv(ENV_STORE, raising=False)
    monkeypatch.chdir(tmp_path)
    at = testing.AppTest.from_file(str(SCRIPT), default_timeout=60)
    at.run()
    assert [e.value for e in at.error] == ["Start the dashboard with yindi serve --store DIR."]
    assert not any(tmp_path.iterdir())  # no store made where it was started


@pytest.mark.parametrize(
    ("lang", "pages"),
    [("zh", ("overview", "region", "coordinate", "runs")), ("en", ("region", "runs"))],
)
def test_every_page_in_both_languages(china_store, monkeypatch, lang, pages) -> None:
    # (the browser test draws the English overview and coordination)
    for page in pages:
        at = _run(china_store, monkeypatch, page=page, lang=lang, region="Gansu")
        assert at.session_state["_yindi_untranslated"] == [], (page, lang)
        text = _texts(at)
        if page == "region":
            assert ("甘肃" if lang == "zh" else "Gansu") in at.header[0].value
        if lang == "zh":
            assert CJK.search(at.header[0].value), (page, at.header[0].value)
        assert "Traceback" not in text


def test_solve_again_and_save(china_store, planned, monkeypatch, tmp_path) -> None:
    plan, coordination = planned
    store = Store(tmp_path / "store")
    first = store.save(plan, coordination=coordination, label="base")
    at = _run(store.root, monkeypatch, page="coordinate")
    at.checkbox(key="family-budgets").uncheck()
    at.number_input[3].set_value(2)  # items per region, at most
    _button(at, "Solve again").click().run()
    assert not at.exception, at.exception
    assert "Solved again" in [e.value for e in at.subheader]
    assert at.session_state["_yindi_untranslated"] == []
    at.button(key="save-again").click().run()
    assert not at.exception, at.exception
    runs = store.runs()
    assert len(runs) == 2 and runs[0].parent == first.run_id
    saved = store.load(runs[0].run_id).coordination
    assert saved.options["families"]["budgets"] is False
    assert saved.options["participation_max"] == 2
    assert saved.allocation.groupby("region")["selected"].sum().max() <= 2
    assert at.query_params["run"] in (runs[0].run_id, [runs[0].run_id])


def test_names_from_files_are_escaped(monkeypatch, tmp_path) -> None:
    import warnings

    import yindi

    ds = yindi.datasets.china_provinces()
    panel = ds.panel("gross_output")
    panel = panel[panel["region"].isin(sorted(panel["region"].unique())[:8])]
    panel = panel.assign(region=panel["region"].replace(HOSTILE))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = yindi.plan(yindi.bundle(panel))
    store = Store(tmp_path / "store")
    store.save(plan, coordination=yindi.coordinate(plan), label="![l](http://203.0.113.9/l)")
    for page in ("overview", "region", "runs"):
        at = _run(store.root, monkeypatch, page=page, region=HOSTILE["Anhui"])
        text = _texts(at)
        # Markdown sees every punctuation mark escaped: no link, image, directive or maths.
        assert "](http" not in text and ":red[" not in text and "$x" not in text
        assert "<img" not in text
    assert at.selectbox(key="run-select").options[0].endswith("![l](http://203.0.113.9/l)")
    assert md("![x](y)") == r"\!\[x\]\(y\)"
    assert hover("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_every_ui_text_has_chinese() -> None:
    """Also the texts of states the page runs above do not reach (errors, the upload form)."""
    from _strings import ui_texts

    from yindi.app._zh import APP_UI
    from yindi.report._zh_ui import UI

    texts = ui_texts()
    assert len(texts) > 60 and "Access token" in texts and "evidence" in texts
    assert "Compare two runs" in texts and "Run the shipped stress scenarios" in texts
    assert not sorted(t for t in texts if t not in UI and t not in APP_UI)
    # The dashboard's own Chinese keeps the fields of the English ({n}, {scenario}, ...).
    fields = re.compile(r"\{(\w*)\}")
    for english, chinese in APP_UI.items():
        assert sorted(fields.findall(english)) == sorted(fields.findall(chinese)), english


def test_exports_neutralise_formulas() -> None:
    frame = pd.DataFrame({"name": ['=HYPERLINK("http://203.0.113.9")', "-1", "Gansu"]})
    data = csv_bytes(frame, "types")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[1] == '"\'=HYPERLINK(""http://203.0.113.9"")"'
    book = pd.read_excel(io.BytesIO(excel_bytes({"types": frame})), sheet_name="types")
    assert book["name"].tolist() == ['\'=HYPERLINK("http://203.0.113.9")', "-1", "Gansu"]


def test_uploads_read_as_the_cli_reads(tmp_path) -> None:
    bad = b"region,activity,year,value\nA,x,2017,1\nB,x,2017,-3\n"
    with pytest.raises(InputError) as caught:
        read_uploads(Upload("C:\\Users\\me\\bad.csv", bad))
    message = str(caught.value)
    assert message.startswith("bad.csv: column 'value' must be >= 0")
    assert "--negatives positive_part" in message and "/tmp" not in message
    # The same message as `yindi plan --panel bad.csv`.
    (tmp_path / "bad.csv").write_bytes(bad)
    result = CliRunner().invoke(cli, ["plan", "--panel", str(tmp_path / "bad.csv")])
    assert result.exit_code == 2
    printed = " ".join(result.output.replace(str(tmp_path) + "/", "").split())
    assert " ".join(message.split()) in printed
    with pytest.raises(InputError, match="is a damaged zip archive"):
        read_uploads(Upload("table.csv", b"PK\x03\x04garbage"))
    with pytest.raises(InputError, match=r"not one of the accepted types"):
        read_uploads(Upload("run.exe", b"MZ"))
    with pytest.raises(InputError, match=r"accepts at most 1 MB"):
        read_uploads(Upload("big.csv", b"x" * (1024 * 1024 + 1)), limit_mb=1)
    ok = read_uploads(Upload("good.csv", b"region,activity,year,value\nA,x,2017,1\nB,y,2017,2\n"))
    assert ok.inputs["file"] == "good.csv" and len(ok.inputs["sha256"]) == 64


def test_serve_refuses_unsafe_starts(tmp_path) -> None:
    for host in ("127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.0.5", "example.org"):
        assert not is_loopback(host), host
    runner = CliRunner()
    refused = runner.invoke(cli, ["serve", "--host", "0.0.0.0"], env={"YINDI_TOKEN": None})
    assert refused.exit_code == 2
    assert "--host 0.0.0.0 makes the dashboard reachable" in refused.output
    short = runner.invoke(cli, ["serve", "--token", "short"])
    assert short.exit_code == 2 and "at least 16" in short.output
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x.txt").write_text("x")
    busy = runner.invoke(cli, ["serve", "--store", str(tmp_path / "busy")])
    assert busy.exit_code == 2 and "holds files yindi did not write" in busy.output
    argv, env = server_command(store=tmp_path, host="0.0.0.0", port=8600, token=TOKEN)
    flags = dict(zip(argv[5::2], argv[6::2], strict=True))
    assert flags["--browser.gatherUsageStats"] == "false"
    assert flags["--server.headless"] == "true" and flags["--server.address"] == "0.0.0.0"
    assert flags["--client.disableDataExport"] == "true"
    assert flags["--client.showErrorDetails"] == "none"
    assert TOKEN not in argv and env[ENV_TOKEN] == TOKEN  # not visible in the process list
