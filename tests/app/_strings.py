"""The English texts the dashboard passes to ``t()``, found in its source (for the zh check)."""

from __future__ import annotations

import ast
from pathlib import Path

import yindi.app

APP = Path(yindi.app.__file__).parent


def ui_texts() -> set[str]:
    """Literal first arguments of ``t(...)``, module constants passed to it, table headers,
    the values of the modules' ``*_LABELS`` dicts, ``PAGES`` titles and ``MEASURES``."""
    found: set[str] = set()
    for path in sorted(APP.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                value = node.value
                for target in targets:
                    if not isinstance(target, ast.Name) or value is None:
                        continue
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        constants[target.id] = value.value
                    if isinstance(value, ast.Tuple) and target.id == "MEASURES":
                        found.update(e.value for e in value.elts if isinstance(e, ast.Constant))
                    if isinstance(value, ast.Dict) and (
                        target.id.endswith("_LABELS") or target.id == "PAGES"
                    ):
                        for item in value.values:
                            if isinstance(item, ast.Tuple):
                                item = item.elts[0]
                            if isinstance(item, ast.Constant) and isinstance(item.value, str):
                                found.add(item.value)
        for node in ast.walk(tree):
            # table(frame, [(column, "English header"), ...], ...)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "table"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.List)
            ):
                for pair in node.args[1].elts:
                    if isinstance(pair, ast.Tuple) and isinstance(pair.elts[1], ast.Constant):
                        found.add(pair.elts[1].value)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
            ):
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
                elif isinstance(first, ast.Name) and first.id in constants:
                    found.add(constants[first.id])
    return found
