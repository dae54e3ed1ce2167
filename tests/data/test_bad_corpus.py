"""The bad-input corpus: awkward and bad files shaped like real yearbook exports.

Every case in ``tests/data/bad/<group>/cases.yaml`` (format: ``tests/data/bad/FORMAT.md``) is
run here: it either reads with the numbers given (counted by hand from the file) or fails with
the named domain error whose message holds the given words. No case may escape as anything but
a yindi error, and through the CLI every user error exits with status 2 and no traceback.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import yindi.errors
from yindi.cli import app
from yindi.data import Panel, read_table

BAD = Path(__file__).parent / "bad"
CALLS = {"panel": Panel.from_file, "read_table": read_table}


def _cases() -> list[Any]:
    params = []
    for manifest in sorted(BAD.glob("*/cases.yaml")):
        for case in yaml.safe_load(manifest.read_text(encoding="utf-8")):
            case["_dir"] = manifest.parent
            params.append(pytest.param(case, id=f"{manifest.parent.name}/{case['file']}"))
    return params


CASES = _cases()


def test_corpus_is_large_and_documented() -> None:
    assert len(CASES) >= 60
    for manifest in sorted(BAD.glob("*/cases.yaml")):
        readme = (manifest.parent / "README.md").read_text(encoding="utf-8")
        for case in yaml.safe_load(manifest.read_text(encoding="utf-8")):
            assert case["file"] in readme, f"{manifest.parent.name}/README.md lacks {case['file']}"
            assert case["expect"] in ("ok", "error"), case["file"]


def _words(text: str, words: list[str], label: str) -> None:
    missing = [w for w in words if w not in text]
    assert not missing, f"{label} lacks {missing}: {text}"


def _check_panel(panel: Panel, check: dict[str, Any]) -> None:
    frame = panel.frame
    if "rows" in check:
        assert len(frame) == check["rows"]
    if "regions" in check:
        expected = check["regions"]
        got = list(panel.regions)
        assert (got == sorted(expected)) if isinstance(expected, list) else len(got) == expected
    if "activities" in check:
        expected = check["activities"]
        got = list(panel.activities)
        assert (got == sorted(expected)) if isinstance(expected, list) else len(got) == expected
    if "years" in check:
        assert list(panel.years) == check["years"]
    if "value_sum" in check:
        assert float(frame["value"].sum()) == pytest.approx(check["value_sum"], rel=1e-12)


def _check_frame(frame: Any, check: dict[str, Any]) -> None:
    if "rows" in check:
        assert len(frame) == check["rows"]
    if "columns" in check:
        assert [str(c) for c in frame.columns] == check["columns"]
    if "lines" in check:
        assert list(frame.attrs["lines"]) == check["lines"]
    for key in ("encoding", "sep", "header_line"):
        if key in check:
            assert frame.attrs.get(key) == check[key], key


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    path = case["_dir"] / case["file"]
    if case.get("call", "panel") == "cli":
        _run_cli(case, path, tmp_path)
        return
    call = CALLS[case.get("call", "panel")]
    kwargs = case.get("kwargs") or {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if case["expect"] == "error":
            error = getattr(yindi.errors, case.get("error", "InputError"))
            with pytest.raises(error) as info:
                result = call(path, **kwargs)
                if isinstance(result, Panel):  # per-year checks (overflow, all-zero lines)
                    for year in result.years:
                        result.matrix(year)
            _words(str(info.value), case.get("words", []), "message")
        else:
            result = call(path, **kwargs)
            check = case.get("check") or {}
            if isinstance(result, Panel):
                for year in result.years:
                    result.matrix(year)
                _check_panel(result, check)
            else:
                _check_frame(result, check)
    if case.get("warns"):
        kind = getattr(yindi.errors, case["warns"])
        texts = [str(w.message) for w in caught if issubclass(w.category, kind)]
        assert texts, f"no {case['warns']} raised"
        _words(" ".join(texts), case.get("warn_words", []), "warning")


def _run_cli(case: dict[str, Any], path: Path, tmp_path: Path) -> None:
    args = [
        str(a).replace("{file}", str(path)).replace("{out}", str(tmp_path / "out"))
        for a in case["args"]
    ]
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    expected_exit = case.get("exit", 0 if case["expect"] == "ok" else 2)
    assert result.exit_code == expected_exit, result.output
    assert "Traceback" not in result.output
    _words(" ".join(result.output.split()), case.get("words", []), "CLI output")
