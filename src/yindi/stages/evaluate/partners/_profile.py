"""A firm's or foreign region's profile -> weights over the dataset's activities.

A profile file has one row per line of business:

- ``code`` (ISIC Rev.4, NACE Rev.2 or HS) **or** ``term`` (an industry in words, Chinese or
  English, matched with the term dictionary), one of them per row;
- ``weight``: a number > 0 (sales, employment, a share: only the proportions matter);
- optional ``scheme`` per row (``isic4``, ``nace2``, ``hs``); else the ``scheme`` option;
  ``auto`` reads ``C27`` / ``27.20`` with a section letter or a dot as NACE and a 6-digit
  code as HS, and asks about bare 2- or 4-digit codes (ISIC or HS?).

Codes reach the activities through the concordances shipped in ``yindi/datasets/reference``:
HS 1988/92 lines -> ISIC Rev.4 (``hs1992_isic4.csv``, shares of each line); ISIC Rev.4 ->
China's 41 IO sectors (``isic4_to_china_io41.csv``, the longest prefix) or -> NACE divisions
(identical to ISIC divisions). NACE Rev.2 codes are read as ISIC Rev.4 (the two agree on
sections, divisions and almost all groups). A 2- or 4-digit HS code stands for all HS lines
under it, each line weighing the same; a 6-digit code that HS 1988/92 does not have (later
editions split headings, e.g. 850760 lithium-ion accumulators) is read through its 4-digit
heading, and the ``profile`` table says so. A term matched to a catalogue industry stands
for the industry's base sectors with their weights; to an umbrella, for the mean of its
members'; to a sector, for its activities equally.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

import numpy as np
import pandas as pd

from yindi._options import StrOptions, check, register
from yindi.errors import InputError
from yindi.stages.evaluate.plans._declared import place
from yindi.stages.evaluate.plans.terms import TermDictionary

__all__ = ["SCHEMES", "classification_of", "profile_vector"]

SCHEMES = ("auto", "isic4", "nace2", "hs")
register("scheme", StrOptions(SCHEMES))

_REFERENCE = files("yindi.datasets") / "reference"
_NACE = re.compile(r"^([A-Ua-u])?\s*(\d{2})(?:[.\s]?(\d{1,2}))?$")


@lru_cache(maxsize=1)
def _hs_lines() -> pd.DataFrame:
    raw = (_REFERENCE / "hs1992_isic4.csv").read_bytes()
    return pd.read_csv(io.BytesIO(raw), dtype={"hs": str, "isic4": str, "share": float})


@lru_cache(maxsize=1)
def _china_table() -> dict[str, str]:
    raw = (_REFERENCE / "isic4_to_china_io41.csv").read_bytes()
    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    return dict(zip(frame["isic4"], frame["activity"], strict=True))


@lru_cache(maxsize=1)
def _nace_divisions() -> dict[str, str]:
    """Two-digit division -> NACE code (``27`` -> ``C27``)."""
    raw = (files("yindi.datasets") / "catalogues" / "nace_r2_divisions.csv").read_bytes()
    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    return {code[1:]: code for code in frame["activity"]}


def classification_of(activities: pd.Series) -> str | None:
    """``china_io_41``, ``nace_r2_division`` or None: which concordance reaches the plan's
    activities."""
    ids = {str(a) for a in activities}
    if ids and ids <= set(_china_table().values()):
        return "china_io_41"
    if ids and ids <= set(_nace_divisions().values()):
        return "nace_r2_division"
    return None


def _isic_activities(code: str, classification: str) -> dict[str, float]:
    """activity -> share of one ISIC Rev.4 code (empty when it reaches none).

    The code's own line or the longest line it falls in (class 2720 in division 27). A
    division the China table splits at group level (28: 281 general-purpose, 282
    special-purpose machinery) is spread over its groups' activities, each group an equal
    share: the concordance has no weights below the line.
    """
    if classification == "nace_r2_division":
        found = _nace_divisions().get(code[:2])
        return {found: 1.0} if found else {}
    table = _china_table()
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return {table[code[:length]]: 1.0}
    groups = [activity for line, activity in table.items() if line.startswith(code)]
    out: dict[str, float] = {}
    for activity in groups:
        out[activity] = out.get(activity, 0.0) + 1.0 / len(groups)
    return out


def _hs_isic(code: str) -> tuple[dict[str, float], str]:
    """ISIC Rev.4 code -> share for an HS code, and how it was read."""
    lines = _hs_lines()
    note = ""
    if len(code) in (8, 10):
        note = f"national tariff line {code} read as its HS six-digit line {code[:6]}; "
        code = code[:6]
    chosen = lines[lines["hs"] == code] if len(code) == 6 else pd.DataFrame()
    if len(code) == 6 and chosen.empty:
        heading = code[:4]
        chosen = lines[lines["hs"].str.startswith(heading)]
        note += f"HS 1988/92 has no line {code}: its heading {heading} used"
        code = heading
    elif len(code) in (2, 4):
        chosen = lines[lines["hs"].str.startswith(code)]
    if chosen.empty:
        return {}, note
    n = chosen["hs"].nunique()
    shares = chosen.groupby("isic4", sort=True)["share"].sum() / n
    how = f"HS {code}: {n} HS 1988/92 line{'s' if n > 1 else ''}"
    return shares.to_dict(), (f"{note}; {how}" if note else how)


def _scheme_of(code: str, given: str) -> str | None:
    if given != "auto":
        return given
    if re.match(r"^[A-Za-z]", code) or "." in code:
        return "nace2"
    digits = re.sub(r"\D", "", code)
    if len(digits) in (5, 6, 8, 10):
        return "hs"
    return None


def _code_activities(
    code: str, scheme: str, classification: str, where: str
) -> tuple[dict[str, float], str]:
    """activity -> share of one code, and how it was read."""
    if scheme == "hs":
        digits = re.sub(r"[\s.]", "", code)
        if not digits.isdigit() or len(digits) not in (2, 4, 6, 8, 10):
            raise InputError(
                f"{where}: HS code {code!r} is not 2, 4 or 6 digits (8 or 10 for a national "
                "tariff line); write it like 850760 or 8507"
            )
        if len(digits) == 5:  # a 6-digit code whose leading zero a spreadsheet dropped
            digits = "0" + digits
        isic, how = _hs_isic(digits)
        if not isic:
            raise InputError(
                f"{where}: HS code {code!r} is in no HS 1988/92 line or heading; check it, "
                "or give its ISIC Rev.4 class (scheme isic4)"
            )
    else:
        match = _NACE.match(code.strip())
        digits = ""
        if match:
            digits = match.group(2) + (match.group(3) or "")
        if scheme == "isic4" and code.strip().isdigit() and 2 <= len(code.strip()) <= 4:
            digits = code.strip()
        if not digits or digits[:2] not in _nace_divisions():
            raise InputError(
                f"{where}: {code!r} is not "
                + ("an ISIC Rev.4" if scheme == "isic4" else "a NACE Rev.2")
                + " code of a known division; write e.g. 2720 (ISIC) or C27.2 (NACE)"
            )
        isic = {digits: 1.0}
        how = f"{'ISIC Rev.4' if scheme == 'isic4' else 'NACE Rev.2'} {digits}"
    out: dict[str, float] = {}
    for isic_code, share in isic.items():
        parts = _isic_activities(isic_code, classification)
        if not parts:
            raise InputError(f"{where}: ISIC Rev.4 {isic_code} (from {code!r}) reaches no activity")
        for activity, part in parts.items():
            out[activity] = out.get(activity, 0.0) + float(share) * part
    return out, how


def _term_activities(
    text: str, dictionary: TermDictionary, catalogue: Any, where: str, fuzzy_cutoff: float
) -> tuple[dict[str, float], str]:
    match = dictionary.match(text, fuzzy_cutoff=fuzzy_cutoff)
    if not match.matched:
        close = ", ".join(f"{dictionary.targets[t].name_en} ({r:.2f})" for t, r in match.candidates)
        raise InputError(
            f"{where}: the term {text!r} matches no industry or sector"
            + (f"; closest: {close}" if close else "")
            + "; write a catalogue industry (e.g. 集成电路, new materials) or give a code"
        )
    base = catalogue.base_weights.astype({"industry": str, "activity": str})
    out: dict[str, float] = {}
    targets = match.targets
    for target_id in targets:
        target = dictionary.targets[target_id]
        if target.kind == "sector":
            parts = {a: 1.0 / len(target.members) for a in target.members}
        else:  # an industry, or an umbrella's members on average
            parts = {}
            for member in target.members:
                rows = base[base["industry"] == member]
                for a, w in zip(rows["activity"], rows["weight"], strict=True):
                    parts[a] = parts.get(a, 0.0) + float(w) / len(target.members)
        for a, w in parts.items():
            out[a] = out.get(a, 0.0) + w / len(targets)
    score = "" if match.how == "exact" else f" {match.score:.2f}"
    how = f"{match.how}{score}: {'; '.join(match.synonyms)} -> {dictionary.names(targets)}"
    return out, how


def profile_vector(
    data: Any,
    *,
    activities: pd.DataFrame,
    catalogue: Any,
    dictionary: TermDictionary,
    scheme: str = "auto",
    fuzzy_cutoff: float = 0.8,
    what: str = "profile",
) -> tuple[pd.Series, pd.DataFrame]:
    """The profile as weights over activities (summing to 1) and the table of how each line
    was read (``line, input, scheme, how, weight, activity, name_en, share``).

    Raises
    ------
    InputError
        No rows, a missing column, a weight that is not a number > 0, a row with neither or
        both of code and term, an ambiguous or unknown code, an unmatched term.
    """
    check(scheme=scheme)
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{what}: expected a table (pandas DataFrame or a file); got {type(data)}")
    frame = data.copy()
    frame.attrs = dict(data.attrs)
    frame.columns = [str(c).strip() for c in frame.columns]
    source = frame.attrs.get("source", what)
    has = [c for c in ("code", "term") if c in frame.columns]
    if "weight" not in frame.columns or not has:
        need = [] if "weight" in frame.columns else ["weight"]
        need += [] if has else ["code or term"]
        raise InputError(
            f"{source}: missing column(s) {', '.join(need)}; a profile needs weight and code "
            f"(ISIC/NACE/HS) or term per row; found {list(frame.columns)}"
        )
    if frame.empty:
        raise InputError(f"{source}: no data rows; give one row per line of business")
    classification = classification_of(activities["activity"])
    names = activities.astype({"activity": str}).set_index("activity")["name_en"]
    rows = []
    weights = []

    def cell(column: str, i: int) -> str:
        if column not in frame.columns:
            return ""
        value = frame[column].iloc[i]
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return ""
        return str(value).strip()

    for i in range(len(frame)):
        where = place(frame, i, what)
        raw_weight = frame["weight"].iloc[i]
        try:
            weight = float(str(raw_weight).strip())
        except ValueError:
            weight = float("nan")
        if not np.isfinite(weight) or weight <= 0:
            blank = pd.isna(raw_weight) or not str(raw_weight).strip()
            shown = "(empty)" if blank else repr(str(raw_weight).strip())
            raise InputError(
                f"{where}: weight {shown} is not a number > 0; write a share or an "
                "amount (e.g. 0.4 or 120), or delete the row"
            )
        code, term = cell("code", i), cell("term", i)
        if bool(code) == bool(term):
            raise InputError(
                f"{where}: give either a code or a term in each row"
                + (f" (found code {code!r} and term {term!r})" if code else " (both are empty)")
            )
        if term:
            parts, how = _term_activities(term, dictionary, catalogue, where, fuzzy_cutoff)
            used = "term"
        else:
            row_scheme = (cell("scheme", i) or scheme).lower()
            if row_scheme not in SCHEMES:
                raise InputError(
                    f"{where}: scheme {row_scheme!r} is not one of {', '.join(SCHEMES[1:])}"
                )
            used_scheme = _scheme_of(code, row_scheme)
            if used_scheme is None:
                raise InputError(
                    f"{where}: code {code!r} could be ISIC Rev.4 or HS; add a column scheme "
                    "(isic4, nace2 or hs), or pass scheme='isic4' or scheme='hs'"
                )
            if classification is None:
                raise InputError(
                    f"{where}: codes reach China's 41 IO sectors or NACE divisions only, and "
                    "this plan's activities are neither; describe the line with a term instead"
                )
            parts, how = _code_activities(code, used_scheme, classification, where)
            used = used_scheme
        total = sum(parts.values())
        for activity, share in sorted(parts.items()):
            rows.append(
                {
                    "line": int(frame.attrs["lines"][i]) if "lines" in frame.attrs else i + 1,
                    "input": code or term,
                    "scheme": used,
                    "how": how,
                    "weight": weight,
                    "activity": activity,
                    "name_en": names.get(activity, ""),
                    "part": share / total,
                }
            )
        weights.append(weight)
    table = pd.DataFrame(rows)
    grand = float(sum(weights))
    table["share"] = table["weight"] * table["part"] / grand
    table["weight"] = table["weight"] / grand
    table = table.drop(columns="part").rename(columns={"weight": "line_share"})
    vector = table.groupby("activity", sort=True)["share"].sum()
    return vector, table.reset_index(drop=True)
