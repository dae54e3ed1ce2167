"""Region and activity labels: spellings of China's provinces and aggregate (total) rows.

Yearbook exports name the same province several ways (``北京``, ``北京市``, ``Beijing``, ``BJ``,
``CN-BJ``, ``110000``) and carry total rows (``全国``, ``合计``, ``Total``) next to the regions.
This module decides, on the distinct labels only (never per row), which labels are totals and
which spellings name the same province. :func:`yindi.data.validate_long` applies the result.

The alias table ships inside the package (``yindi/datasets/china_provinces/region_aliases.csv``,
written by ``scripts/build_region_aliases.py``); its canonical labels are the region ids of the
embedded dataset (``"Beijing"``, ``"Inner Mongolia"``, ``"Tibet (Xizang)"``).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files

import numpy as np
import pandas as pd

from yindi.errors import AliasWarning, DroppedWarning, InputError, OptionError

__all__ = [
    "ALIAS_TABLES",
    "label_key",
    "province_aliases",
    "looks_like_provinces",
    "aggregate_mask",
    "resolve_aliases",
    "total_rows",
    "unify_regions",
]

_SHOW = 5  # labels quoted in a message

#: Named alias tables accepted by ``aliases=``.
ALIAS_TABLES = ("china_provinces",)

# Case, width (NFKC), spaces and punctuation differ between exports: "Inner Mongolia",
# "InnerMongolia", "Innermongolia", "CN-BJ" / "CN_BJ", "全 国".
_NOISE = re.compile(r"[\s\-_.,·・'’()（）\[\]【】]+")


def label_key(label: object) -> str:
    """Normalised form of a label for lookups: NFKC, case-folded, no spaces or punctuation.

    Examples
    --------
    >>> label_key(" Inner Mongolia ") == label_key("InnerMongolia") == "innermongolia"
    True
    """
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(label)).casefold())


def _keys(words: Iterable[str]) -> frozenset[str]:
    return frozenset(label_key(w) for w in words)


#: Region labels that are totals in any table (a total row would double-count every region).
REGION_TOTALS = _keys(
    ("全国", "全国合计", "全国总计", "合计", "总计", "小计", "全省", "全市", "全区", "总和",
     "Total", "Grand total", "Subtotal", "National", "Nationwide", "All regions", "All", "Sum")
)
#: Country names: totals only when the other labels are China's provinces (a country panel
#: may hold China as one of its regions).
COUNTRY_NAMES = _keys(("中国", "中华人民共和国", "China", "PRC", "People's Republic of China"))
#: Activity labels that are totals (a total sector would double-count every sector).
ACTIVITY_TOTALS = _keys(
    ("合计", "总计", "小计", "全部", "全部行业", "所有行业", "全行业", "总产出合计", "Total",
     "Grand total", "Subtotal", "All", "All activities", "All sectors", "All industries",
     "Total economy")
)
_NAME_KINDS = frozenset({"name_en", "name_zh_full", "name_zh_short", "variant"})


@lru_cache(maxsize=1)
def _china_table() -> tuple[dict[str, str], frozenset[str]]:
    """(normalised spelling -> canonical label, normalised spellings that are names)."""
    entry = files("yindi").joinpath("datasets/china_provinces/region_aliases.csv")
    text = entry.read_text(encoding="utf-8")
    lookup: dict[str, str] = {}
    names: set[str] = set()
    for row in csv.DictReader(io.StringIO(text)):
        key = label_key(row["alias"])
        lookup[key] = row["region"]
        if row["kind"] in _NAME_KINDS:
            names.add(key)
    return lookup, frozenset(names)


def province_aliases() -> dict[str, str]:
    """Normalised spelling (see :func:`label_key`) -> canonical province label.

    Covers the 31 mainland provinces plus Hong Kong, Macao and Taiwan (each its own label):
    English, Chinese full and short names, adcodes, ISO 3166-2 codes and their two-letter
    suffixes, and pinyin variants.
    """
    return dict(_china_table()[0])


def looks_like_provinces(labels: Iterable[str]) -> bool:
    """Whether the distinct ``labels`` are China's provinces, spelled in the alias table's ways.

    True when more than half of the distinct labels (totals such as ``全国`` set aside) are in
    the table and, among them, at least two are names (Chinese or English) or one province
    is spelled two ways. A table keyed by adcodes or ISO codes alone is already consistent and
    stays as written unless ``aliases='china_provinces'`` asks.
    """
    lookup, names = _china_table()
    keys = {label_key(x) for x in labels} - REGION_TOTALS - COUNTRY_NAMES
    known = [k for k in keys if k in lookup]
    if len(known) * 2 <= len(keys):
        return False
    spelled_twice = len({lookup[k] for k in known}) < len(known)
    return spelled_twice or sum(1 for k in known if k in names) >= 2


def aggregate_mask(labels: np.ndarray, role: str, *, provinces: bool) -> np.ndarray:
    """Which of the distinct ``labels`` are totals for ``role`` (``"region"``/``"activity"``).

    Country names (``中国``, ``China``) count as region totals only when ``provinces`` is true.
    """
    words = ACTIVITY_TOTALS if role == "activity" else REGION_TOTALS
    if role == "region" and provinces:
        words = words | COUNTRY_NAMES
    return np.array([label_key(x) in words for x in labels], dtype=bool)


def resolve_aliases(
    labels: np.ndarray, aliases: str | Mapping[str, str] | bool | None
) -> np.ndarray | None:
    """Canonical label for each distinct label, or None when no unification applies.

    Parameters
    ----------
    labels : ndarray of str
        Distinct, stripped labels.
    aliases : None, False, ``"china_provinces"`` or mapping
        ``None`` (default): use the China table when :func:`looks_like_provinces`;
        ``"china_provinces"``: always use it; ``False``: keep labels as written; a mapping
        ``{spelling: label}``: the caller's own table (exact spellings after stripping).
        Labels the table does not know are kept as written.

    Raises
    ------
    OptionError
        If ``aliases`` is none of these.
    """
    if aliases is False:
        return None
    if isinstance(aliases, Mapping):
        table = {str(k).strip(): str(v).strip() for k, v in aliases.items()}
        return np.array([table.get(x, x) for x in labels], dtype=object)
    if aliases is not None and (not isinstance(aliases, str) or aliases not in ALIAS_TABLES):
        raise OptionError(
            f"aliases={aliases!r} is not a valid choice; use one of: None (detect), False "
            f"(keep labels as written), {', '.join(map(repr, ALIAS_TABLES))} or a mapping "
            "{spelling: label}"
        )
    if aliases is None and not looks_like_provinces(labels):
        return None
    lookup = _china_table()[0]
    return np.array([lookup.get(label_key(x), x) for x in labels], dtype=object)


def _n_rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _counted(labels: np.ndarray, counts: np.ndarray) -> str:
    items = [f"{label!r} ({_n_rows(n)})" for label, n in zip(labels, counts, strict=True)]
    return ", ".join(items[:_SHOW]) + (
        f" (and {len(items) - _SHOW} more)" if len(items) > _SHOW else ""
    )


def total_rows(
    keys: Mapping[str, pd.Categorical], cols: Mapping[str, str], *, provinces: bool, what: str
) -> tuple[np.ndarray | None, str]:
    """Rows to keep (None: all) once total rows are left out, and the report ('' if none).

    Parameters
    ----------
    keys : mapping of role -> Categorical
        ``"region"`` and ``"activity"`` labels, one per row.
    cols : mapping of role -> str
        The user's column names, for the message.
    provinces : bool
        Whether the regions are China's provinces (then ``中国``/``China`` is a total too).
    what : str
        Name of the input used in messages.

    Warns
    -----
    DroppedWarning
        Naming each total label and its row count.

    Raises
    ------
    InputError
        If every row is a total row.
    """
    n_rows = len(next(iter(keys.values())))
    keep = np.ones(n_rows, dtype=bool)
    parts = []
    for role, cat in keys.items():
        labels = np.asarray(cat.categories, dtype=object)
        total = aggregate_mask(labels, role, provinces=provinces)
        if not total.any():
            continue
        counts = np.bincount(cat.codes, minlength=labels.size)
        hit = total & (counts > 0)
        if hit.any():
            parts.append(f"{role} ({cols[role]!r}) {_counted(labels[hit], counts[hit])}")
            keep &= ~total[cat.codes]
    if keep.all():
        return None, ""
    if not keep.any():
        raise InputError(
            f"{what}: every row is a total row ({'; '.join(parts)}); pass the rows of the "
            "single regions and activities, or aggregates='keep'"
        )
    message = (
        f"{what}: dropped total rows, which would double-count their parts: {'; '.join(parts)}"
        " (aggregates='keep' keeps them)"
    )
    warnings.warn(message, DroppedWarning, stacklevel=4)
    return keep, message


def unify_regions(
    region: pd.Categorical, aliases: str | Mapping[str, str] | bool | None, col: str, what: str
) -> tuple[pd.Categorical, str]:
    """Region labels unified through the alias table, and the report ('' if nothing changed).

    Parameters
    ----------
    region : pandas.Categorical
        Region label per row (stripped text, sorted categories).
    aliases : None, False, 'china_provinces' or mapping
        See :func:`resolve_aliases`.
    col, what : str
        The user's region column and the input's name, for the message.

    Warns
    -----
    AliasWarning
        Listing each changed spelling, its label and row count (merges first).
    """
    labels = np.asarray(region.categories, dtype=object)
    mapped = resolve_aliases(labels, aliases)
    if mapped is None or (mapped == labels).all():
        return region, ""
    categories, inverse = np.unique(mapped.astype(str), return_inverse=True)
    counts = np.bincount(region.codes, minlength=labels.size)
    changed = (mapped != labels) & (counts > 0)
    spellings = np.bincount(inverse[counts > 0], minlength=categories.size)
    # Merges (several spellings -> one label) first, then plain renames; stable by label.
    order = sorted(np.flatnonzero(changed), key=lambda i: (spellings[inverse[i]] < 2, mapped[i]))
    items = [f"{labels[i]} -> {mapped[i]} ({_n_rows(counts[i])})" for i in order]
    shown = ", ".join(items[:12]) + (f" (and {len(items) - 12} more)" if len(items) > 12 else "")
    kind = "merged spellings of the same region" if (spellings > 1).any() else "renamed regions"
    message = (
        f"{what}: column {col!r}: {kind} to one label each: {shown} "
        "(aliases=False keeps the labels as written)"
    )
    warnings.warn(message, AliasWarning, stacklevel=4)
    unified = pd.Categorical.from_codes(
        inverse[region.codes], categories=pd.Index(categories, dtype=object)
    )
    return unified, message
