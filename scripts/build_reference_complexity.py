"""Build the external reference complexity shipped in ``src/yindi/datasets/reference/``.

Run from the repository root::

    .venv/bin/python scripts/build_reference_complexity.py \
        --concordance-repo PATH [--shared PATH] [--out PATH]

``--concordance-repo`` is a clone (work tree or bare git directory) of
``github.com/insongkim/concordance``; the four raw concordance files are read at the pinned commit
and checked against their SHA-256, so the build fails rather than silently use other tables.

Steps:

1. **Product complexity.** World exports 1998-2000, SITC Rev.2 4-digit
   (``../shared/data/trade/``), restricted to countries with at least 0.1 % of the table's world
   exports (126 of 226; the Atlas of Economic Complexity likewise drops small exporters, see
   ``MIN_WORLD_SHARE``). PCI from ``yindi.diagnose`` with its defaults (Stata convention:
   ``M = RCA > 1``, eigenvector method), then z-scored over products (mean 0, sd 1, ddof 1).
2. **Products -> ISIC Rev.4.** Each SITC product is linked to the HS 1988/92 six-digit lines that
   WITS maps to it, each HS line to its ISIC Rev.3 class (WITS), each ISIC Rev.3 class to ISIC
   Rev.4 through the UN correspondences (Rev.3 -> 3.1 -> 4) keeping goods-producing successors
   only; where those span several divisions, ``isic3_goods_to_isic4.csv`` (hand-written, one
   ``basis`` per line) names the main successor, by HS line where the UN links say so. A
   product's share in an ISIC Rev.4 class is the share of its HS lines mapped there.
3. **Activities.** NACE Rev.2 divisions (= ISIC Rev.4 divisions, coded ``C26``) and China's 41
   IO sectors (``isic4_to_china_io41.csv``, hand-written, longest ISIC prefix wins).
4. **Activity complexity** with :func:`yindi.measures.reference.concord_complexity`, weighted
   by the products' world exports.

Outputs (sorted, fixed float formats, LF line ends: a rebuild is byte-identical):
``product_complexity.csv``, ``sitc2_isic4.csv``, ``product_activity.csv``,
``activity_complexity.csv`` and ``PROVENANCE.md``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import subprocess
import warnings
from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

import pandas as pd

import yindi
from yindi.measures.reference import concord_complexity

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "src" / "yindi" / "datasets" / "reference"
TRADE_FILE = Path("data") / "trade" / "world_trade_avg_1998_to_2000_sitc2_4digit.csv"
YEAR_LABEL = "1998-2000"
#: Countries below this share of the table's world exports are left out of the PCI. The Atlas
#: (Hausmann et al. 2011) keeps countries with population >= 1.2 million and exports >= US$1 bn
#: (128 countries); the table's totals are unreliable in level (shared README: Canada above the
#: USA) and it has no population, so a relative cut keeping a similar number (126) is used.
MIN_WORLD_SHARE = 0.001

CONCORDANCE_REPO = "insongkim/concordance"
CONCORDANCE_COMMIT = "201c812e51f213d967d8701b6ed6398c79df4a04"
#: path -> (sha256, what it is)
CONCORDANCE_FILES = {
    "data-raw/JobID-10_Concordance_H0_to_S2.CSV": (
        "4a06a423f86ad33e875875a0eb68a2ef4a5d9ba1afa5847c298ca6b676718379",
        "World Bank WITS concordance HS 1988/92 -> SITC Rev.2",
    ),
    "data-raw/JobID-6_Concordance_H0_to_I3.CSV": (
        "de4e7807351017d1716c59459231552d2185dfcca584af5ebb556e988a3a1324",
        "World Bank WITS concordance HS 1988/92 -> ISIC Rev.3",
    ),
    "data-raw/ISIC_Rev_31-ISIC_Rev_3_correspondence.txt": (
        "3cf4897f8f3d2fbb091cbee0ea709265df6159312e5cfe6475911ee741153f5b",
        "UNSD correspondence ISIC Rev.3.1 - ISIC Rev.3",
    ),
    "data-raw/ISIC4_ISIC31.txt": (
        "4d163e67242cc739a43e070a9d9412eff503203eec7b83642d98c953cbcb9f7e",
        "UNSD correspondence ISIC Rev.4 - ISIC Rev.3.1",
    ),
}
HAND_ISIC = "isic3_goods_to_isic4.csv"
HAND_CHINA = "isic4_to_china_io41.csv"
#: ISIC Rev.4 / NACE Rev.2 sections by division range (identical at division level).
SECTIONS = [
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
    ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
    ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
    ("S", 94, 96), ("T", 97, 98), ("U", 99, 99),
]  # fmt: skip
SOURCE = "yindi PCI (eigenvector, Stata convention) on world trade SITC2; WITS/UNSD concordances"


def is_goods_division(division: str) -> bool:
    """ISIC Rev.4 divisions whose output is a traded good (01-39 without 09 and 33).

    09 (mining support) and 33 (repair and installation) are services inside sections B and C;
    sections F-U are services. A product never goes to them when another successor exists.
    """
    return int(division) <= 39 and division not in ("09", "33")


def nace_code(division: str) -> str:
    """NACE Rev.2 division code as Eurostat writes it: section letter + division (``C26``)."""
    number = int(division)
    for letter, low, high in SECTIONS:
        if low <= number <= high:
            return f"{letter}{division}"
    raise SystemExit(f"ISIC Rev.4 division {division} is in no section")


# --- inputs -----------------------------------------------------------------------------------


def read_pinned(repo: Path, path: str) -> bytes:
    """A raw concordance file at the pinned commit, checked against its SHA-256."""
    worktree = repo / path
    if worktree.is_file():
        data = worktree.read_bytes()
    else:
        git_dir = repo / ".git" if (repo / ".git").exists() else repo
        data = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{CONCORDANCE_COMMIT}:{path}"],
            check=True,
            capture_output=True,
        ).stdout
    digest = hashlib.sha256(data).hexdigest()
    expected = CONCORDANCE_FILES[path][0]
    if digest != expected:
        raise SystemExit(f"{path}: sha256 {digest} is not the pinned {expected}")
    return data


def read_codes(data: bytes, columns: dict[str, str]) -> pd.DataFrame:
    """Code columns (as text) of a raw table; descriptions are not needed."""
    frame = pd.read_csv(io.BytesIO(data), dtype=str, encoding="latin-1", keep_default_na=False)
    return frame[list(columns)].rename(columns=columns).apply(lambda s: s.str.strip())


def load_trade(shared: Path) -> pd.DataFrame:
    path = shared / TRADE_FILE
    frame = pd.read_csv(path, dtype={"country": str, "product": str, "value": float})
    if frame.duplicated(["country", "product"]).any() or (frame["value"] < 0).any():
        raise SystemExit(f"{path}: duplicate country-product rows or negative exports")
    return frame


# --- step 1: product complexity ---------------------------------------------------------------


def product_complexity(trade: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, object]]:
    totals = trade.groupby("country")["value"].sum()
    kept = totals.index[totals >= MIN_WORLD_SHARE * totals.sum()]
    part = trade[trade["country"].isin(kept)]
    long = part.rename(columns={"country": "region", "product": "activity"}).assign(year=2000)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = yindi.diagnose(long)
    act = result.activity.astype({"activity": str}).set_index("activity")
    pci = act["pci"].astype(float)
    z = (pci - pci.mean()) / pci.std(ddof=1)
    exports = part.groupby("product")["value"].sum()
    table = pd.DataFrame(
        {
            "complexity": z,
            "ubiquity": act["ubiquity"].astype(int),
            "export_share": exports.reindex(z.index) / exports.sum(),
        }
    ).sort_index()
    diag = result.diagnostics.iloc[0]
    info: dict[str, object] = {
        "countries_all": int(totals.size),
        "countries_kept": int(kept.size),
        "kept_export_share": float(totals[kept].sum() / totals.sum()),
        "products": int(z.notna().sum()),
        "lambda2": float(diag["lambda2"]),
        "eigengap": float(diag["eigengap"]),
        "warnings": sorted({str(w.message) for w in caught}),
        "weights": exports,
    }
    return table, info


# --- step 2: products -> ISIC Rev.4 classes ---------------------------------------------------


def isic3_successors(repo: Path) -> dict[str, list[str]]:
    """ISIC Rev.3 class -> ISIC Rev.4 classes reached through Rev.3.1 (UN tables)."""
    r31 = read_codes(
        read_pinned(repo, "data-raw/ISIC_Rev_31-ISIC_Rev_3_correspondence.txt"),
        {"Rev3": "isic3", "Rev31": "isic31"},
    )
    r4 = read_codes(
        read_pinned(repo, "data-raw/ISIC4_ISIC31.txt"),
        {"ISIC31code": "isic31", "ISIC4code": "isic4"},
    )
    chain = r31.merge(r4, on="isic31", how="inner")
    return {k: sorted(set(g["isic4"])) for k, g in chain.groupby("isic3", sort=True)}


def read_hand_isic(out: Path) -> dict[tuple[str, str], str]:
    frame = pd.read_csv(out / HAND_ISIC, dtype=str, keep_default_na=False)
    if frame.duplicated(["isic3", "hs_prefix"]).any() or (frame["basis"] == "").any():
        raise SystemExit(f"{HAND_ISIC}: repeated (isic3, hs_prefix) or a line without basis")
    return {(r.isic3, r.hs_prefix): r.isic4 for r in frame.itertuples()}


def hs_line_targets(
    hs_isic3: pd.DataFrame, successors: dict[str, list[str]], hand: dict[tuple[str, str], str]
) -> dict[str, dict[str, Fraction]]:
    """HS line -> {ISIC Rev.4 code (2-4 digits): share}; unmapped lines are absent."""
    hand_classes = {isic3 for isic3, _ in hand}
    used = set()
    targets: dict[str, dict[str, Fraction]] = {}
    for hs, isic3 in zip(hs_isic3["hs"], hs_isic3["isic3"], strict=True):
        if isic3 in hand_classes:
            prefixes = [p for (c, p) in hand if c == isic3 and hs.startswith(p)]
            best = max(prefixes, key=len, default=None)
            if best is None:
                raise SystemExit(f"{HAND_ISIC}: no line for ISIC3 {isic3} (HS {hs})")
            used.add((isic3, best))
            code = hand[(isic3, best)]
            if code:
                targets[hs] = {code: Fraction(1)}
            continue
        goods = [c for c in successors.get(isic3, []) if is_goods_division(c[:2])]
        if len({c[:2] for c in goods}) != 1:
            raise SystemExit(
                f"ISIC3 {isic3} (HS {hs}) has goods successors {goods}: add it to {HAND_ISIC}"
            )
        targets[hs] = {c: Fraction(1, len(goods)) for c in goods}
    stale = sorted(key for key in set(hand) - used if key[1])  # a class default may go unused
    if stale:
        raise SystemExit(f"{HAND_ISIC}: lines matching no HS line: {stale}")
    return targets


def sitc_isic4(repo: Path, out: Path, products: Iterable[str]) -> pd.DataFrame:
    """product, isic4, share, route: each SITC product's share in ISIC Rev.4 codes."""
    hs_sitc = read_codes(
        read_pinned(repo, "data-raw/JobID-10_Concordance_H0_to_S2.CSV"),
        {"HS 1988/92 Product Code": "hs", "SITC Revision 2 Product Code": "sitc"},
    )
    hs_isic3 = read_codes(
        read_pinned(repo, "data-raw/JobID-6_Concordance_H0_to_I3.CSV"),
        {"HS 1988/92 Product Code": "hs", "ISIC Revision 3 Product Code": "isic3"},
    )
    if not (hs_sitc["hs"].is_unique and hs_isic3["hs"].is_unique):
        raise SystemExit("WITS concordances: an HS line appears twice")
    targets = hs_line_targets(hs_isic3, isic3_successors(repo), read_hand_isic(out))
    products = sorted(products)
    under: dict[str, list[str]] = defaultdict(list)  # SITC 3-digit group -> its products
    for product in products:
        under[product[:3]].append(product)
    lines: dict[str, list[str]] = defaultdict(list)
    for hs, sitc in zip(hs_sitc["hs"], hs_sitc["sitc"], strict=True):
        # WITS gives 3-5 digit SITC codes; a 3-digit code (334) covers every product under it.
        for product in under[sitc] if len(sitc) == 3 else [sitc[:4]]:
            lines[product].append(hs)
    rows = []
    for product in products:
        route = "hs_lines"
        mine = lines.get(product, [])
        if not mine:  # no HS line: borrow those of the SITC 3-digit group
            route = "sitc3_group"
            mine = sorted(
                {hs for p, hs_list in lines.items() if p[:3] == product[:3] for hs in hs_list}
            )
        mapped = [targets[hs] for hs in mine if hs in targets]
        if not mapped:
            continue
        shares: dict[str, Fraction] = defaultdict(Fraction)
        for target in mapped:
            for code, share in target.items():
                shares[code] += share / len(mapped)
        rows += [(product, code, share, route) for code, share in sorted(shares.items())]
    return pd.DataFrame(rows, columns=["product", "isic4", "share", "route"])


# --- step 3: activities -----------------------------------------------------------------------


def read_china_table(out: Path) -> dict[str, str]:
    frame = pd.read_csv(out / HAND_CHINA, dtype=str, keep_default_na=False)
    if not frame["isic4"].is_unique or (frame["basis"] == "").any():
        raise SystemExit(f"{HAND_CHINA}: repeated isic4 prefix or a line without basis")
    return dict(zip(frame["isic4"], frame["activity"], strict=True))


def china_activity(code: str, table: dict[str, str]) -> str:
    """China IO sector of an ISIC Rev.4 code: the longest prefix in the table."""
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    raise SystemExit(f"{HAND_CHINA}: ISIC Rev.4 code {code} matches no line")


def product_activity(isic4: pd.DataFrame, china: dict[str, str]) -> pd.DataFrame:
    """classification, product, activity, share (exact shares summed per activity)."""
    sums: dict[tuple[str, str, str], Fraction] = defaultdict(Fraction)
    for product, code, share in zip(isic4["product"], isic4["isic4"], isic4["share"], strict=True):
        sums[("nace_r2_division", product, nace_code(code[:2]))] += share
        sums[("china_io_41", product, china_activity(code, china))] += share
    rows = [(*key, share) for key, share in sorted(sums.items())]
    return pd.DataFrame(rows, columns=["classification", "product", "activity", "share"])


# --- outputs ----------------------------------------------------------------------------------


def fmt(value: float, digits: int = 6) -> str:
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def activity_table(complexity: pd.Series, weights: pd.Series, links: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for classification, conc in links.groupby("classification", sort=True):
        conc = conc.assign(share=conc["share"].astype(float))
        act = concord_complexity(complexity, weights, conc[["product", "activity", "share"]])
        parts.append(act.reset_index().assign(classification=classification))
    table = pd.concat(parts, ignore_index=True)
    table["export_share"] = table["weight"] / weights.sum()
    return table.sort_values(["classification", "activity"], ignore_index=True)


def provenance(info: dict[str, object], trade_sha: str, tables: dict[str, pd.DataFrame]) -> str:
    act, isic4, prod = tables["activity"], tables["isic4"], tables["product"]
    weights = info["weights"]
    assert isinstance(weights, pd.Series)
    mapped = set(isic4["product"])
    unmapped = sorted(set(prod.index) - mapped)
    borrowed = sorted(set(isic4.loc[isic4["route"] == "sitc3_group", "product"]))
    mapped_share = float(weights.reindex(sorted(mapped)).sum() / weights.sum())
    lines = [
        "# Reference complexity: world-trade product complexity mapped to activities",
        "",
        "Built by `scripts/build_reference_complexity.py` (do not edit the generated files by hand;",
        "`isic3_goods_to_isic4.csv` and `isic4_to_china_io41.csv` are hand-written inputs).",
        "",
        "## Files",
        "",
        "| file | content |",
        "|---|---|",
        "| `activity_complexity.csv` | `classification` (`nace_r2_division` or `china_io_41`), `activity`, "
        "`complexity` (world-export-weighted mean PCI of the products mapped to the activity), "
        "`products`, `export_share` (share of world exports mapped to it), `source`, `year` |",
        "| `product_complexity.csv` | `product` (SITC Rev.2, 4 digits), `complexity` (PCI, mean 0 sd 1 "
        "over products), `ubiquity` (countries with RCA > 1), `export_share` (share of world exports) |",
        "| `sitc2_isic4.csv` | `product`, `isic4` (ISIC Rev.4 class, or division where only that is "
        "known), `share` (of the product's HS lines), `route` (`hs_lines`, or `sitc3_group` when the "
        "product has no HS line of its own and borrows those of its SITC 3-digit group) |",
        "| `product_activity.csv` | the concordance used: `classification`, `product`, `activity`, "
        "`share` (shares of a product sum to 1) |",
        "| `isic3_goods_to_isic4.csv` | hand-written: main ISIC Rev.4 successor of ISIC Rev.3 classes "
        "whose UN successors span several divisions, optionally per HS prefix; `basis` per line |",
        "| `isic4_to_china_io41.csv` | hand-written: ISIC Rev.4 prefix -> China IO sector S01..S41 "
        "(GB/T 4754-2011 and the 2017 provincial IO sectors); `basis` per line |",
        "",
        "## Sources and licences",
        "",
        "| input | source (repo @ commit : path) | sha256 | licence |",
        "|---|---|---|---|",
        f"| world exports 1998-2000, SITC Rev.2 4-digit, 226 countries x 785 products | "
        f"`../shared/data/{TRADE_FILE.relative_to('data')}`, from `pachadotdev/economiccomplexity` @ "
        f"423d5b48a958cb04dd8bda8a06ae25233487cefa : `data/world_trade_avg_1998_to_2000.rda` | "
        f"`{trade_sha}` | Apache-2.0 (package); data via Open Trade Statistics (UN Comtrade) |",
    ]
    for path, (sha, what) in CONCORDANCE_FILES.items():
        owner = "World Bank WITS" if "JobID" in path else "UN Statistics Division"
        lines.append(
            f"| {what} | `{CONCORDANCE_REPO}` @ {CONCORDANCE_COMMIT} : `{path}` | `{sha}` | "
            f"package MIT (Liao, Kim, Miyano & Zhang, R `concordance` 2.1.0); table: {owner}, "
            "public reference data |"
        )
    lines += [
        "",
        "The raw tables are the World Bank's WITS product concordances",
        "(wits.worldbank.org/product_concordance.html) and the UNSD ISIC correspondence tables",
        "(unstats.un.org/unsd/classifications), redistributed unchanged in the `concordance` package's",
        "`data-raw/`; no separate licence comes with them there. Only derived shares are shipped here",
        "(`sitc2_isic4.csv`, `product_activity.csv`), not the raw tables; check the publishers' terms",
        "before redistributing the raw files. The two hand-written tables are yindi's (MIT).",
        "",
        "## Method",
        "",
        "1. **Product complexity (PCI).** The trade table's totals are odd in level (shared data README:",
        "   Canada comes out ahead of the USA), so it is used only through revealed comparative",
        "   advantage, which depends on each country's export *mix*. Countries with less than "
        f"{MIN_WORLD_SHARE:.1%} of the",
        "   table's world exports are left out, as the Atlas of Economic Complexity leaves out small",
        "   exporters (population < 1.2 million or exports < US$1 bn; 128 countries): "
        f"{info['countries_kept']} of {info['countries_all']} countries kept, holding "
        f"{info['kept_export_share']:.1%} of exports.",
        "   PCI is `yindi.diagnose` with its defaults (Stata `ecomplexity` convention: `M = RCA > 1`,",
        "   second eigenvector, sign by diversity), re-standardised over the "
        f"{info['products']} products to mean 0, sd 1",
        f"   (ddof 1). Eigenvalue lambda2 = {info['lambda2']:.4f}, eigengap lambda3/lambda2 = "
        f"{info['eigengap']:.4f}.",
        "2. **Products -> ISIC Rev.4.** A SITC product is linked to the HS 1988/92 lines WITS maps to it",
        "   (a 3-digit WITS code such as 334 covers all its 4-digit products); each HS line to its ISIC",
        "   Rev.3 class (WITS); each class to ISIC Rev.4 through the UN tables Rev.3 -> Rev.3.1 -> Rev.4,",
        "   keeping goods-producing successors only (divisions 01-39 without 09 mining support and 33",
        "   repair/installation). When those fall in one division, the HS line is split equally over",
        "   them; otherwise `isic3_goods_to_isic4.csv` names the main successor (the UN link that",
        "   carries the class's general content, e.g. furniture -> 3100, not the carve-outs car seats",
        "   -> 2930 or aircraft seats -> 3030), with HS-level exceptions where a UN link names the",
        "   goods (HS 8471 computers -> 2620 but HS 8469-8472 office machines -> 2817). Goods whose",
        "   ISIC Rev.4 home is a service are mapped to the industry that makes the physical good",
        "   (printed books and newspapers -> 1811 printing; recorded media -> 1820) or left unmapped",
        "   (works of art, exposed film, original drawings, human hair). WITS code 9999 (waste,",
        "   scrap, by-products) is mapped by HS line (scrap -> 3830 materials recovery, bran -> 10 ...).",
        "   A product's share in a class is the share of its mapped HS lines there (HS lines",
        "   are not trade-weighted: no HS trade is used).",
        f"3. **Coverage.** {len(prod) - len(unmapped)} of {len(prod)} products are mapped, "
        f"{mapped_share:.1%} of world exports.",
        f"   Unmapped: {', '.join(unmapped) if unmapped else 'none'}.",
        f"   Products with no HS line of their own (SITC 3-digit group borrowed): {', '.join(borrowed) or 'none'}.",
        "4. **Activities.** NACE Rev.2 divisions are ISIC Rev.4 divisions (codes identical at that",
        "   level), written with the section letter as Eurostat does (`C26`, `B06`). China's 41 IO",
        "   sectors come from `isic4_to_china_io41.csv` (longest ISIC prefix wins).",
        "5. **Activity complexity** = world-export-weighted mean complexity of the products mapped to",
        "   the activity, each product weighted by its world exports times its share in the activity",
        "   (`yindi.measures.reference.concord_complexity`).",
        "",
        "## What is not covered",
        "",
        "Only goods are traded in this table, so **services have no reference complexity**: they are",
        "absent from `activity_complexity.csv` (never 0). `region_reference_complexity` leaves them out",
        "of a region's mean and reports the covered share of the region's value as `coverage`.",
    ]
    for classification, label in (("nace_r2_division", "NACE"), ("china_io_41", "China IO")):
        have = set(act.loc[act["classification"] == classification, "activity"])
        lines.append(f"- {label} activities with a value: {', '.join(sorted(have))}.")
    lines += [
        "- China IO sectors without a value: "
        + ", ".join(f"S{i:02d}" for i in range(1, 42) if f"S{i:02d}" not in set(act["activity"]))
        + ".",
        "",
        "Caveats: the reference is one cross-section (1998-2000); activity complexity averages over",
        "very different products (e.g. C26 holds both computers and watches); the hand-written tables",
        "are judgement calls, each with its basis.",
        "",
    ]
    return "\n".join(lines)


def build(shared: Path, repo: Path, out: Path) -> dict[str, pd.DataFrame]:
    trade = load_trade(shared)
    prod, info = product_complexity(trade)
    weights = info["weights"]
    assert isinstance(weights, pd.Series)
    isic4 = sitc_isic4(repo, out, prod.index)
    links = product_activity(isic4, read_china_table(out))
    act = activity_table(prod["complexity"], weights, links)
    tables = {"product": prod, "isic4": isic4, "links": links, "activity": act}

    write_csv(
        out / "product_complexity.csv",
        ["product", "complexity", "ubiquity", "export_share"],
        (
            [p, fmt(r.complexity), r.ubiquity, fmt(r.export_share, 9)]
            for p, r in zip(prod.index, prod.itertuples(), strict=True)
        ),
    )
    write_csv(
        out / "sitc2_isic4.csv",
        ["product", "isic4", "share", "route"],
        ([r.product, r.isic4, fmt(float(r.share), 9), r.route] for r in isic4.itertuples()),
    )
    write_csv(
        out / "product_activity.csv",
        ["classification", "product", "activity", "share"],
        (
            [r.classification, r.product, r.activity, fmt(float(r.share), 9)]
            for r in links.itertuples()
        ),
    )
    write_csv(
        out / "activity_complexity.csv",
        ["classification", "activity", "complexity", "products", "export_share", "source", "year"],
        (
            [r.classification, r.activity, fmt(r.complexity), r.products, fmt(r.export_share),
             SOURCE, YEAR_LABEL]
            for r in act.itertuples()
        ),
    )  # fmt: skip
    trade_sha = hashlib.sha256((shared / TRADE_FILE).read_bytes()).hexdigest()
    (out / "PROVENANCE.md").write_text(
        provenance(info, trade_sha, tables), encoding="utf-8", newline="\n"
    )
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the reference complexity tables.")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="../shared folder")
    parser.add_argument(
        "--concordance-repo",
        type=Path,
        required=True,
        help=f"clone of github.com/{CONCORDANCE_REPO} (work tree or git dir)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    tables = build(args.shared, args.concordance_repo, args.out)
    act = tables["activity"]
    for classification, part in act.groupby("classification"):
        print(f"{classification}: {len(part)} activities with a reference complexity")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
