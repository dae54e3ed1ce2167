"""The one YAML loader for user-editable inputs: catalogues, indicator sets, later configs.

A YAML file from a colleague or the web is untrusted input. The loader therefore

- reads only regular files up to :data:`MAX_BYTES` (a catalogue is a few kB);
- decodes UTF-8 (with or without a byte-order mark) and, failing that, GBK, the encoding
  Chinese Windows editors save in; the encoding used is returned for the caller to report;
- parses with ``yaml.SafeLoader`` (no Python objects) and rejects a key repeated in one mapping,
  which ``safe_load`` would silently let the last one win;
- limits aliases: at most :data:`MAX_ALIASES`, and the document expanded through its aliases
  at most :data:`MAX_NODES` nodes. Nested aliases ("billion laughs") make a 900-byte file
  expand to tens of millions of values, which would hang anything that walks it;
- cuts every value quoted in a message to :data:`QUOTE_CHARS` characters (:func:`quote`).
"""

from __future__ import annotations

import os
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from yindi.errors import InputError

__all__ = ["load_yaml", "quote", "MAX_BYTES", "MAX_ALIASES", "MAX_NODES", "QUOTE_CHARS"]

MAX_BYTES = 1_000_000
MAX_ALIASES = 200
MAX_NODES = 200_000
QUOTE_CHARS = 80


def quote(value: Any, limit: int = QUOTE_CHARS) -> str:
    """``repr(value)`` cut to ``limit`` characters, saying how long it really was."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"


class _SafeUniqueLoader(yaml.SafeLoader):
    """SafeLoader that counts aliases and rejects a key repeated in one mapping."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _LimitError(
                    f"more than {MAX_ALIASES} aliases (*name), the {MAX_ALIASES + 1}th at line "
                    f"{mark.line + 1}; write the values out instead of aliasing them"
                )
        return super().compose_node(parent, index)


class _LimitError(Exception):
    """A YAML document over one of the loader's limits."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # '<<' merges may be overridden on purpose
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:  # unhashable key: the base constructor reports it
            break
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"found the key {quote(key)} twice (the second would silently win)",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_SafeUniqueLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes in the document with every alias expanded, counted once per distinct node."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a recursive alias counts once (SafeLoader builds the cycle, no expansion)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[key] = min(size, MAX_NODES + 1)
    return memo[key]


def _decode(raw: bytes, label: str) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "utf-8", "gbk"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(f"{label}: neither UTF-8 nor GBK text; save the file as UTF-8")


def load_yaml(path: str | os.PathLike[str] | Traversable, *, what: str) -> tuple[Any, str]:
    """Parse a YAML file within the limits above; returns ``(document, encoding)``.

    Parameters
    ----------
    path : path or importlib Traversable
        The file (a Traversable for files shipped in the package).
    what : str
        What the file is, for messages: ``"catalogue my.yaml"``, ``"--indicators x.yaml"``.

    Raises
    ------
    InputError
        Missing path, a folder, an empty or too large file, undecodable bytes, invalid YAML
        (with line and column), a repeated key, or too many aliases.
    """
    target: Path | Traversable = Path(path) if isinstance(path, str | os.PathLike) else path
    if isinstance(target, Path) and target.is_dir():
        raise InputError(f"{what}: {target} is a folder; pass the path of a YAML file")
    if not target.is_file():
        raise InputError(f"{what}: no such file {target}; check the path")
    raw = target.read_bytes()
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"{what}: {len(raw):,} bytes, more than the {MAX_BYTES:,} a config may have; "
            "is it the right file?"
        )
    text, encoding = _decode(raw, what)
    if not text.strip():
        raise InputError(f"{what}: the file is empty")
    loader = _SafeUniqueLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise _LimitError(
                f"expands through its aliases to more than {MAX_NODES:,} values; "
                "nested aliases (*name inside anchored lists) multiply; write the values out"
            )
        doc = loader.construct_document(node) if node is not None else None
    except _LimitError as exc:
        raise InputError(f"{what}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"{what}: not valid YAML{where}: {problem[:200]}. Fix the YAML there (indentation, "
            "a missing ':' or an unquoted ':' or '#' inside a value)."
        ) from None
    finally:
        loader.dispose()
    return doc, encoding
