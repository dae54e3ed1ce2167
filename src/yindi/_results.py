"""One result contract for every stage (in the spirit of linearmodels' shared result base).

A stage result is a frozen dataclass that mixes in :class:`Result`:

- its tables are :class:`FrozenFrame` fields: stored privately and handed out as fresh
  frames, so ``d.region.loc[0, "eci"] = 99`` changes the caller's copy, never the result;
- :meth:`Result.tables` gives name -> DataFrame for everything the stage produced (the CLI,
  the report and the dashboard all use it);
- ``summary()`` renders as text and HTML, and so does the result itself (``str`` and
  ``_repr_html_``);
- :attr:`Result.provenance` says what went in (``inputs``: sources and content hashes), the
  options and the package versions, from the API as from the CLI;
- :meth:`Result.to_dir` writes every table plus ``provenance.json`` into a folder that is
  replaced as a whole (:func:`yindi._output.run_folder`).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

__all__ = ["FrozenFrame", "Result", "frame_digest", "versions"]

_PANDAS_COW = int(pd.__version__.split(".")[0]) >= 3  # copy-on-write: shallow copies are safe


class FrozenFrame:
    """A DataFrame field handed out as a fresh frame; changing it cannot change the result.

    On pandas >= 3 (copy-on-write) the fresh frame is a shallow copy that copies itself on the
    first write, so handing it out costs nothing; on pandas 2 it is a deep copy.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.private = f"_frozen_{name}"

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:  # on the class: no default, so dataclass fields stay required
            raise AttributeError(self.name)
        value = obj.__dict__[self.private]
        if isinstance(value, pd.DataFrame):
            return value.copy(deep=not _PANDAS_COW)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        if obj.__dict__.get(f"_sealed_{self.name}"):  # frozen dataclasses set each field once
            raise AttributeError(f"cannot assign to field {self.name!r}: results are immutable")
        obj.__dict__[self.private] = value
        obj.__dict__[f"_sealed_{self.name}"] = True


def versions() -> dict[str, str]:
    """Python and the versions of yindi and the libraries whose arithmetic it relies on."""
    out = {"python": platform.python_version()}
    for pkg in ("yindi", "numpy", "scipy", "pandas", "pyarrow"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a frame's column names, dtypes and cell values (row order included).

    Categorical columns are hashed as their categories plus codes and numeric ones as their
    bytes (about 0.03 s for 3 million rows); other columns through pandas' row hashes.
    """
    digest = hashlib.sha256()
    digest.update(json.dumps([[str(c), str(frame[c].dtype)] for c in frame.columns]).encode())
    for name in frame.columns:
        column = frame[name]
        values = None
        if isinstance(column.dtype, pd.CategoricalDtype):
            digest.update(json.dumps([str(c) for c in column.cat.categories]).encode())
            values = column.cat.codes.to_numpy()
        elif pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            values = column.to_numpy()
        if values is None or values.dtype == object:  # text, or numbers with missing values
            values = pd.util.hash_pandas_object(column, index=False).to_numpy()
        digest.update(np.ascontiguousarray(values).data)  # the buffer itself: no copy
    return digest.hexdigest()


class Result:
    """Mixin of every stage result (a frozen dataclass with ``options`` and ``inputs``).

    Subclasses name their tables in ``_tables`` (attribute names, in output order) and may
    override :meth:`tables` to add derived ones.
    """

    _stage: ClassVar[str] = "result"
    _tables: ClassVar[tuple[str, ...]] = ()
    options: Mapping[str, Any]
    inputs: Mapping[str, Any]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the result, name -> fresh DataFrame (None tables left out)."""
        out = {}
        for name in self._tables:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    def summary(self) -> Any:  # pragma: no cover - every stage overrides it
        raise NotImplementedError

    def __str__(self) -> str:
        return str(self.summary())

    def _repr_html_(self) -> str:
        return str(self.summary()._repr_html_())

    @property
    def provenance(self) -> dict[str, Any]:
        """What went in, the options and the versions: the record ``provenance.json`` holds."""
        return {
            "command": self._stage,
            "input": dict(self.inputs),
            "options": dict(self.options),
            "versions": versions(),
        }

    def to_dir(
        self,
        path: str | os.PathLike[str],
        *,
        formats: tuple[str, ...] = ("csv", "parquet"),
        files: Mapping[str, str] | None = None,
        inputs: Mapping[str, Any] | None = None,
        option: str = "--out",
        also: Mapping[str, Result] | None = None,
    ) -> Path:
        """Write every table, ``files`` (name -> text) and ``provenance.json`` into ``path``.

        The folder is replaced as a whole or not at all (see :mod:`yindi._output`); ``inputs``
        adds to the provenance's input record (the CLI adds the file's hash and reader options).
        ``also`` maps a prefix to a later stage's result written into the same folder, its
        tables named ``<prefix><name>`` and its provenance under ``stages`` (``yindi plan``
        writes the coordination and the stress tests beside the plan). Returns the folder.
        """
        from yindi._output import run_folder, write_tables

        record = self.provenance
        record["input"] |= dict(inputs or {})
        tables = self.tables()
        for prefix, later in (also or {}).items():
            tables |= {f"{prefix}{name}": frame for name, frame in later.tables().items()}
            extra = later.provenance
            record.setdefault("stages", {})[extra["command"]] = {
                "options": extra.get("options", {})
            }
        text = json.dumps(record, indent=2, sort_keys=True, default=str) + "\n"
        with run_folder(path, option=option) as staging:
            write_tables(tables, staging, formats)
            for name, content in (files or {}).items():
                (staging / name).write_text(content, encoding="utf-8")
            (staging / "provenance.json").write_text(text, encoding="utf-8")
        return Path(path)
