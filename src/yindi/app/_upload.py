"""Uploaded tables: limited in size and type, read by yindi's own readers, errors as the CLI's.

An upload is written to a private temporary folder under a cleaned copy of its own name (so
messages name the user's file, never a server path) and read with
:meth:`yindi.data.Panel.from_file` and :func:`yindi.bundle` exactly as ``yindi plan --panel``
reads a file: the same sniffing (a zip or a picture named ``.csv`` is refused as what it is),
the same validation, the same messages, with the keyword advice written as the command line's
options (``--skip-rows 2``), which the upload form's fields are named after. Presentation only.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yindi._cli_support import cli_terms
from yindi.errors import InputError, YindiError

__all__ = ["TABLE_TYPES", "BOUNDARY_TYPES", "Upload", "UploadedData", "read_uploads"]

#: File types the upload accepts for tables and for boundaries (by extension; the readers then
#: check that the content agrees).
TABLE_TYPES = ("csv", "tsv", "txt", "xlsx", "parquet")
BOUNDARY_TYPES = ("geojson", "json")


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name as the user's computer gave it, and its bytes."""

    name: str
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class UploadedData:
    """A dataset built from uploads, its provenance record and what the readers noted."""

    dataset: Any
    inputs: Mapping[str, Any]
    notes: tuple[str, ...]
    label: str


def _form(
    region: str,
    activity: str,
    year: str,
    value: str,
    sep: str,
    encoding: str,
    sheet: str,
    skip_rows: int,
    negatives: str,
    aggregates: str,
    boundary_key: str,
) -> None:
    """The upload form's fields, named as ``yindi plan``'s options (for :func:`cli_terms`)."""


def _clean_name(name: str, allowed: tuple[str, ...], what: str) -> str:
    base = Path(str(name).replace("\\", "/")).name
    suffix = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    if suffix not in allowed:
        raise InputError(
            f"{what}: {base or 'the file'} is not one of the accepted types "
            f"({', '.join('.' + a for a in allowed)})"
        )
    stem = re.sub(r"[^\w.-]+", "_", base.rsplit(".", 1)[0]).strip("._") or "upload"
    return f"{stem[:80]}.{suffix}"


def _check(upload: Upload, allowed: tuple[str, ...], limit_mb: int, what: str) -> str:
    name = _clean_name(upload.name, allowed, what)
    if len(upload.data) > limit_mb * 1024 * 1024:
        raise InputError(
            f"{what}: {name} is {len(upload.data) / 1048576:.1f} MB; the dashboard accepts at "
            f"most {limit_mb} MB per file (yindi serve --max-upload-mb)"
        )
    if not upload.data:
        raise InputError(f"{what}: {name} is empty")
    return name


def _scrub(text: str, folder: Path) -> str:
    """A reader's text with the temporary paths replaced by the file names the user knows."""
    for path in sorted(folder.glob("*/*"), key=lambda p: -len(str(p))):
        text = text.replace(str(path), path.name)
    return cli_terms(text.replace(str(folder), "upload"), _form)


@contextmanager
def _in_user_terms(folder: Path) -> Iterator[None]:
    """Readers' errors with the temporary folder left out and the advice as CLI options."""
    try:
        yield
    except YindiError as exc:
        raise InputError(_scrub(str(exc), folder)) from None
    except RecursionError:
        raise InputError("the file is nested too deeply to be a table or GeoJSON") from None


def read_uploads(
    panel: Upload,
    *,
    regions: Upload | None = None,
    activities: Upload | None = None,
    boundaries: Upload | None = None,
    columns: Mapping[str, Any] | None = None,
    reader: Mapping[str, Any] | None = None,
    checks: Mapping[str, Any] | None = None,
    boundary_key: str = "region",
    limit_mb: int = 20,
) -> UploadedData:
    """Read the uploads with yindi's readers into a dataset :func:`yindi.plan` takes.

    Raises
    ------
    InputError
        With the reader's or validator's message, naming the user's file and, for advice,
        the command line's options.
    """
    from yindi.data import Panel, bundle

    names = {"panel": _check(panel, TABLE_TYPES, limit_mb, "panel (--panel)")}
    extras = {"regions": regions, "activities": activities, "boundaries": boundaries}
    for role, upload in extras.items():
        if upload is not None:
            allowed = BOUNDARY_TYPES if role == "boundaries" else TABLE_TYPES
            names[role] = _check(upload, allowed, limit_mb, f"{role} (--{role})")
    with tempfile.TemporaryDirectory(prefix="yindi-upload-") as tmp:
        folder = Path(tmp)
        paths: dict[str, Path] = {}
        for role, upload in {"panel": panel, **extras}.items():
            if upload is None:
                continue
            (folder / role).mkdir()
            paths[role] = folder / role / names[role]
            paths[role].write_bytes(upload.data)
        with _in_user_terms(folder), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loaded = Panel.from_file(
                paths["panel"], **dict(columns or {}), **dict(checks or {}), **dict(reader or {})
            )
            dataset = bundle(
                loaded,
                regions=paths.get("regions"),
                activities=paths.get("activities"),
                boundaries=paths.get("boundaries"),
                boundary_key=boundary_key,
                name=Path(names["panel"]).stem,
                provenance=f"Upload: {names['panel']}",
            )
        notes = [*loaded.notes, *(str(w.message) for w in caught)]
        clean = tuple(dict.fromkeys(_scrub(n, folder) for n in notes))
    inputs: dict[str, Any] = {
        "file": names["panel"],
        "sha256": panel.sha256,
        "reader": dict(reader or {}),
        "checks": dict(checks or {}),
        "via": "dashboard upload",
    }
    for role, upload in extras.items():
        if upload is not None:
            inputs[role] = {"file": names[role], "sha256": upload.sha256}
    return UploadedData(dataset, inputs, clean, names["panel"])
