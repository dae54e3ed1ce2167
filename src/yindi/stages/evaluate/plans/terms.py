"""Free text in Chinese or English -> catalogue industries, umbrella categories or sectors.

Plans and firms name industries in their own words (集成电路, "IC", 新能源及智能网联汽车,
"semiconductors and integrated circuits"). A :class:`TermDictionary` (shipped:
``yindi/datasets/catalogues/industry_terms.yaml``, documented there) holds the synonyms of
three kinds of target:

- ``industry``: a strategic industry of the plan's catalogue;
- ``umbrella``: a broad national category covering several catalogue industries
  (新一代信息技术, 新能源 ...);
- ``sector``: one or more of the dataset's statistical activities (steel, food, electronics).

Matching (:meth:`TermDictionary.match`)
    Term and synonyms are normalised alike (:func:`normalise_term`): Unicode NFKC (full-width
    letters, digits and brackets become half-width), case folded, punctuation to spaces,
    spaces next to a Chinese character dropped, a trailing generic word (产业集群, 产业, 行业,
    industry, cluster ...) removed. Then, in order:

    1. ``exact``: the whole term is a synonym (score 1);
    2. ``contains``: synonyms inside the term, the longest first, each character of the term
       used once (绿色能源与节能环保 -> 节能环保 + 绿色能源); a synonym with Latin letters or digits
       at an edge must meet a word boundary there ("IC" is not found in "electric"). An
       umbrella found next to one of its own members is dropped (the member is more precise).
       Score: the share of the term's characters the synonyms cover;
    3. ``fuzzy``: the synonym with the highest :class:`difflib.SequenceMatcher` ratio, if at
       least ``fuzzy_cutoff`` (0.8). Score: that ratio.

    Anything else is ``none``, with the three closest targets and their ratios as
    ``candidates``. Ties are broken by the synonym's text, so the same input always gives the
    same match.

References
----------
National Bureau of Statistics (2018). 战略性新兴产业分类(2018) (the umbrella categories).
Ratcliff, J. W. and Metzener, D. E. (1988). Pattern matching: the Gestalt approach. Dr. Dobb's
Journal (the algorithm of :mod:`difflib`).
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pandas as pd

from yindi._options import Interval, check, register
from yindi.data.config import load_yaml
from yindi.errors import InputError

__all__ = [
    "DEFAULT_TERMS",
    "KINDS",
    "NACE_TERMS",
    "Target",
    "TermDictionary",
    "TermMatch",
    "default_terms",
    "load_terms",
    "normalise_term",
]

#: The shipped term dictionary (China's catalogue; the NACE one's ids appear too).
DEFAULT_TERMS: Traversable = files("yindi.datasets") / "catalogues" / "industry_terms.yaml"
#: The shipped term dictionary of the NACE catalogue (S3 phrasing, NACE section titles).
NACE_TERMS: Traversable = files("yindi.datasets") / "catalogues" / "industry_terms_nace.yaml"
KINDS = ("industry", "umbrella", "sector")

register("fuzzy_cutoff", Interval(0, 1, closed="right", example=0.8))

#: Generic words at the end of a term that name no industry of their own (longest first).
_GENERIC = (
    "产业集群",
    "产业链",
    "产业",
    "行业",
    "集群",
    "领域",
    "industries",
    "industry",
    "clusters",
    "cluster",
    "sectors",
    "sector",
)
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PUNCT = re.compile(r"[^\w" + _CJK + r"]+|_")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]) | (?=[{_CJK}])")
_ASCII_WORD = re.compile(r"[a-z0-9]")
_CONNECTOR = re.compile(rf"(?<=[{_CJK}])[与和及、](?=[{_CJK}])|\b(?:and|of)\b")


def normalise_term(text: object) -> str:
    """The form terms and synonyms are compared in (module docstring).

    Examples
    --------
    >>> normalise_term("新型电力（新能源）装备")
    '新型电力新能源装备'
    >>> normalise_term("Ｎew-Energy Vehicles Industry")
    'new energy vehicles'
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    key = unicodedata.normalize("NFKC", str(text)).casefold()
    key = " ".join(_PUNCT.sub(" ", key).split())
    key = _SPACE_NEAR_CJK.sub("", key)
    changed = True
    while changed and key:
        changed = False
        for word in _GENERIC:
            ascii_word = word.isascii()
            if key.endswith(word) and len(key) > len(word):
                rest = key[: -len(word)]
                if ascii_word and not rest.endswith(" "):
                    continue  # "subsector" is not "sub" + "sector"
                key, changed = rest.rstrip(), True
                break
    return key


@dataclass(frozen=True)
class Target:
    """What a synonym names: ``members`` are catalogue ids (industry: itself; umbrella: its
    members) or activity ids (sector)."""

    id: str
    kind: str
    name_en: str
    name_zh: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class TermMatch:
    """How one term matched: ``how`` is exact / contains / fuzzy / none."""

    text: str
    key: str
    how: str
    score: float
    targets: tuple[str, ...]
    synonyms: tuple[str, ...]
    candidates: tuple[tuple[str, float], ...] = ()

    @property
    def matched(self) -> bool:
        return self.how != "none"


_ORDER = {"exact": 0, "contains": 1, "fuzzy": 2, "none": 3}


@dataclass(frozen=True, eq=False)
class TermDictionary:
    """Synonyms (normalised) -> target, for one catalogue and one set of activities.

    Build it with :func:`load_terms`. ``skipped`` counts the dictionary's entries that name
    ids the catalogue or the dataset does not have (they belong to another catalogue).
    """

    synonyms: Mapping[str, tuple[str, str]]  # key -> (target id, synonym as written)
    targets: Mapping[str, Target]
    source: str
    skipped: int = 0
    _by_length: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        order = tuple(sorted(self.synonyms, key=lambda k: (-len(k), k)))
        object.__setattr__(self, "_by_length", order)

    def match(self, text: object, *, fuzzy_cutoff: float = 0.8) -> TermMatch:
        """Match one term (exact, then contains, then fuzzy; module docstring)."""
        check(fuzzy_cutoff=fuzzy_cutoff)
        raw = "" if text is None else str(text)
        key = normalise_term(raw)
        if not key:
            return TermMatch(raw, key, "none", float("nan"), (), ())
        if key in self.synonyms:
            target, written = self.synonyms[key]
            return TermMatch(raw, key, "exact", 1.0, (target,), (written,))
        found = self._contains(key)
        if found is not None:
            return TermMatch(raw, key, "contains", found[2], found[0], found[1])
        ratios = self._ratios(key)
        best_key, best = ratios[0] if ratios else ("", 0.0)
        if ratios and best >= fuzzy_cutoff:
            target, written = self.synonyms[best_key]
            return TermMatch(
                raw, key, "fuzzy", best, (target,), (written,), self._candidates(ratios)
            )
        return TermMatch(raw, key, "none", float("nan"), (), (), self._candidates(ratios))

    def match_best(self, texts: Sequence[object], *, fuzzy_cutoff: float = 0.8) -> TermMatch:
        """The best match over several spellings of one term (e.g. its Chinese and English
        cells): exact before contains before fuzzy, then the higher score, then the first."""
        matches = [self.match(t, fuzzy_cutoff=fuzzy_cutoff) for t in texts if normalise_term(t)]
        if not matches:
            return TermMatch("", "", "none", float("nan"), (), ())
        ranked = sorted(
            enumerate(matches),
            key=lambda im: (
                _ORDER[im[1].how],
                -(im[1].score if im[1].score == im[1].score else -1.0),
                im[0],
            ),
        )
        return ranked[0][1]

    def names(self, ids: Iterable[str], lang: str = "en") -> str:
        """The targets' names joined by ``"; "``."""
        attr = "name_zh" if lang == "zh" else "name_en"
        return "; ".join(getattr(self.targets[i], attr) for i in ids)

    # --- matching steps ------------------------------------------------------------------

    def _contains(self, key: str) -> tuple[tuple[str, ...], tuple[str, ...], float] | None:
        used = [False] * len(key)
        hits: list[tuple[int, str]] = []
        for syn in self._by_length:
            if len(syn) > len(key):
                continue
            start = key.find(syn)
            while start >= 0:
                end = start + len(syn)
                if not any(used[start:end]) and _bounded(key, start, end):
                    used[start:end] = [True] * len(syn)
                    hits.append((start, syn))
                    break
                start = key.find(syn, start + 1)
        if not hits:
            return None
        hits.sort()
        targets: list[str] = []
        written: list[str] = []
        for _, syn in hits:
            target, text = self.synonyms[syn]
            written.append(text)
            if target not in targets:
                targets.append(target)
        # An umbrella next to one of its own members says nothing more than the member.
        found = {t for t in targets if self.targets[t].kind == "industry"}
        targets = [
            t
            for t in targets
            if not (self.targets[t].kind == "umbrella" and found & set(self.targets[t].members))
        ]
        # Connectors (与 和 及, "and", "of") join the parts; they need no synonym of their own.
        joins = {i for m in _CONNECTOR.finditer(key) for i in range(m.start(), m.end())}
        letters = [i for i, c in enumerate(key) if c != " " and i not in joins] or [0]
        score = sum(used[i] for i in letters) / len(letters)
        return tuple(targets), tuple(written), score

    def _ratios(self, key: str) -> list[tuple[str, float]]:
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        out = []
        for syn in sorted(self.synonyms):
            matcher.set_seq1(syn)
            out.append((syn, matcher.ratio()))
        out.sort(key=lambda kv: (-kv[1], kv[0]))
        return out

    def _candidates(
        self, ratios: list[tuple[str, float]], n: int = 3
    ) -> tuple[tuple[str, float], ...]:
        seen: dict[str, float] = {}
        for syn, ratio in ratios:
            target = self.synonyms[syn][0]
            if ratio <= 0:
                break
            if target not in seen:
                seen[target] = round(ratio, 3)
            if len(seen) == n:
                break
        return tuple(seen.items())


def _bounded(key: str, start: int, end: int) -> bool:
    """A synonym with a Latin letter or digit at an edge must meet a word boundary there."""
    if _ASCII_WORD.match(key[start]) and start > 0 and _ASCII_WORD.match(key[start - 1]):
        return False
    last = key[end - 1]
    return not (_ASCII_WORD.match(last) and end < len(key) and _ASCII_WORD.match(key[end]))


def _words(entry: Any, where: str) -> list[str]:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected a mapping with zh and/or en lists of synonyms")
    out: list[str] = []
    for lang in ("zh", "en"):
        values = entry.get(lang, [])
        if not isinstance(values, list) or not all(isinstance(v, str | int) for v in values):
            raise InputError(f"{where}.{lang}: expected a list of words, e.g. [集成电路, 芯片]")
        out += [str(v) for v in values]
    return out


def _ids(entry: Any, key: str, where: str) -> list[str]:
    values = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(values, list) or not values:
        raise InputError(f"{where}.{key}: expected a non-empty list of ids")
    return [str(v) for v in values]


_SECTIONS = ("version", "description", "industries", "umbrellas", "sectors")


def default_terms(catalogue: Any) -> Traversable:
    """The shipped dictionary for a catalogue: :data:`NACE_TERMS` when every base sector of
    the catalogue is a NACE Rev. 2 division (``C26``, ``J62``: the EU catalogue or a user's
    NACE-keyed one), else :data:`DEFAULT_TERMS`."""
    base = getattr(catalogue, "base_weights", None)
    codes = set() if base is None or "activity" not in base else {str(a) for a in base["activity"]}
    if codes and codes <= _nace_divisions():
        return NACE_TERMS
    return DEFAULT_TERMS


@functools.cache
def _nace_divisions() -> frozenset[str]:
    """The 88 NACE Rev. 2 division codes of the shipped division table (A01 ... U99)."""
    from yindi.data.bundle import NACE_DIVISIONS

    with NACE_DIVISIONS.open("r", encoding="utf-8") as handle:
        return frozenset(line.split(",", 1)[0] for line in list(handle)[1:] if line.strip())


def load_terms(
    path: str | os.PathLike[str] | Traversable | None = None,
    *,
    catalogue: Any,
    activities: pd.DataFrame | None = None,
) -> TermDictionary:
    """Read a term dictionary (YAML) for one catalogue and one dataset's activities.

    Parameters
    ----------
    path : path or None
        The dictionary; ``None`` reads the shipped one for ``catalogue``
        (:func:`default_terms`: :data:`NACE_TERMS` for a catalogue keyed to NACE Rev. 2
        divisions, else :data:`DEFAULT_TERMS`). Format: the shipped file's
        header. Entries for ids the catalogue (industries, umbrella members) or the activities
        (sectors) do not have are skipped; an umbrella or sector left with no member is
        dropped.
    catalogue : Catalogue
        The plan's catalogue; its ``name_en`` and ``name_zh`` are synonyms too.
    activities : DataFrame, optional
        ``activity, name_en, name_zh``: the dataset's activities; each name is a synonym of a
        sector target with the activity id.

    Raises
    ------
    InputError
        A malformed file, or one synonym (after normalisation) for two different targets.
    """
    chosen: str | os.PathLike[str] | Traversable
    if path is None:
        shipped = default_terms(catalogue)
        chosen, source = shipped, f"yindi default ({shipped.name})"
    else:
        chosen, source = path, str(path)
    what = f"term dictionary {source}"
    doc, _ = load_yaml(chosen, what=what)
    if not isinstance(doc, dict) or doc.get("version") != 1:
        raise InputError(f"{what}: expected a mapping with version: 1 and sections {_SECTIONS}")
    unknown = sorted(set(doc) - set(_SECTIONS))
    if unknown:
        raise InputError(f"{what}: unknown section(s) {unknown}; use {', '.join(_SECTIONS)}")
    industries = catalogue.industries.astype({"id": str}).set_index("id")
    known_activities: dict[str, tuple[str, str]] = {}
    if activities is not None:
        for row in activities.itertuples(index=False):
            known_activities[str(row.activity)] = (
                str(getattr(row, "name_en", row.activity)),
                str(getattr(row, "name_zh", "") or ""),
            )
    targets: dict[str, Target] = {}
    synonyms: dict[str, tuple[str, str]] = {}
    skipped = 0

    def add(target: Target, words: Iterable[str], where: str, strict: bool = True) -> None:
        if target.id in targets and targets[target.id] != target:
            raise InputError(f"{what}: id {target.id!r} is used in two sections; rename one")
        targets[target.id] = target
        for word in words:
            key = normalise_term(word)
            if not key:
                continue
            if key in synonyms and synonyms[key][0] != target.id:
                if not strict:
                    continue  # a name shipped with the data yields to the dictionary
                raise InputError(
                    f"{what}: {where}: the synonym {word!r} also names "
                    f"{synonyms[key][0]!r} (as {synonyms[key][1]!r}); keep it under one of them"
                )
            synonyms.setdefault(key, (target.id, word))

    for ident, entry in (doc.get("industries") or {}).items():
        ident = str(ident)
        words = _words(entry, f"{what}: industries.{ident}")
        if ident not in industries.index:
            skipped += 1
            continue
        row = industries.loc[ident]
        add(
            Target(ident, "industry", str(row["name_en"]), str(row["name_zh"]), (ident,)),
            words,
            f"industries.{ident}",
        )
    for ident, entry in (doc.get("umbrellas") or {}).items():
        where = f"{what}: umbrellas.{ident}"
        words = _words(entry, where)
        members = tuple(m for m in _ids(entry, "members", where) if m in industries.index)
        if not members:
            skipped += 1
            continue
        add(
            Target(
                str(ident),
                "umbrella",
                str(entry.get("name_en", ident)),
                str(entry.get("name_zh", ident)),
                members,
            ),
            words,
            f"umbrellas.{ident}",
        )
    for ident, entry in (doc.get("sectors") or {}).items():
        where = f"{what}: sectors.{ident}"
        words = _words(entry, where)
        members = tuple(a for a in _ids(entry, "activities", where) if a in known_activities)
        if not members:
            skipped += 1
            continue
        names = [known_activities[a] for a in members]
        add(
            Target(
                str(ident),
                "sector",
                "; ".join(n[0] for n in names),
                "；".join(n[1] for n in names),
                members,
            ),
            words,
            f"sectors.{ident}",
        )
    # The catalogue's and the dataset's own names, where the dictionary does not use them.
    for ident, row in industries.iterrows():
        target = targets.get(
            str(ident),
            Target(str(ident), "industry", str(row["name_en"]), str(row["name_zh"]), (str(ident),)),
        )
        add(target, [row["name_en"], row["name_zh"]], f"catalogue {ident}", strict=False)
    for ident, (name_en, name_zh) in known_activities.items():
        add(
            Target(ident, "sector", name_en, name_zh, (ident,)),
            [name_en, name_zh],
            f"activity {ident}",
            strict=False,
        )
    return TermDictionary(synonyms=synonyms, targets=targets, source=source, skipped=skipped)


def match_table(
    dictionary: TermDictionary,
    texts: Sequence[Sequence[object]],
    *,
    fuzzy_cutoff: float = 0.8,
) -> pd.DataFrame:
    """One row per term (given as its spellings): how, score, kind, targets, names, synonyms
    and candidates, as text columns ready for a table."""
    rows = []
    for spellings in texts:
        m = dictionary.match_best(spellings, fuzzy_cutoff=fuzzy_cutoff)
        kinds = sorted({dictionary.targets[t].kind for t in m.targets})
        rows.append(
            {
                "how": m.how,
                "score": m.score,
                "kind": "+".join(kinds),
                "targets": "; ".join(m.targets),
                "target_names": dictionary.names(m.targets),
                "matched_on": m.text,
                "synonyms": "; ".join(m.synonyms),
                "candidates": "; ".join(
                    f"{dictionary.targets[t].name_en} [{t}] ({r:.2f})" for t, r in m.candidates
                ),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "how",
            "score",
            "kind",
            "targets",
            "target_names",
            "matched_on",
            "synonyms",
            "candidates",
        ],
    ).astype({"score": float})


def terms_source(path: str | os.PathLike[str] | Traversable | None) -> str:
    """How the provenance names a dictionary."""
    return "yindi default (industry_terms.yaml)" if path is None else str(Path(str(path)))
