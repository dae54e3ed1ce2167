"""Build ``src/yindi/datasets/reference/hs1992_isic4.csv``: HS 1988/92 lines -> ISIC Rev.4.

Run from the repository root::

    .venv/bin/python scripts/build_hs_concordance.py --concordance-repo PATH [--out PATH]

The partner finder (:mod:`yindi.stages.evaluate.partners`) reads a firm's products as HS codes.
This script writes the HS half of the chain that ``scripts/build_reference_complexity.py``
already uses for world trade, with the same inputs and the same rules (its functions are
imported, not copied): each HS 1988/92 six-digit line goes to its ISIC Rev.3 class (World Bank
WITS concordance), each class to its goods-producing ISIC Rev.4 successors through the UN
correspondences (Rev.3 -> 3.1 -> 4), split equally when they fall in one division, and to the
main successor named in ``isic3_goods_to_isic4.csv`` (hand-written, one ``basis`` per line)
when they span several. Lines without a goods successor (works of art, exposed film) are
absent. ISIC Rev.4 -> China's IO sectors and NACE divisions is the shipped
``isic4_to_china_io41.csv`` and the division code, applied at run time.

Output (sorted, fixed float format, LF line ends: a rebuild is byte-identical): ``hs``,
``isic4`` (2-4 digit ISIC Rev.4 code), ``share`` (of the HS line; the shares of a line sum to 1),
plus ``hs1992_isic4.md`` (provenance).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "yindi" / "datasets" / "reference"
HS_ISIC3 = "data-raw/JobID-6_Concordance_H0_to_I3.CSV"


def _reference_builder():  # noqa: ANN202 - the sibling build script as a module
    path = Path(__file__).resolve().parent / "build_reference_complexity.py"
    spec = importlib.util.spec_from_file_location("build_reference_complexity", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def build(repo: Path, out: Path) -> int:
    ref = _reference_builder()
    raw = ref.read_pinned(repo, HS_ISIC3)
    hs_isic3 = ref.read_codes(
        raw, {"HS 1988/92 Product Code": "hs", "ISIC Revision 3 Product Code": "isic3"}
    )
    if not hs_isic3["hs"].is_unique:
        raise SystemExit("WITS HS -> ISIC3: an HS line appears twice")
    targets = ref.hs_line_targets(hs_isic3, ref.isic3_successors(repo), ref.read_hand_isic(out))
    rows = [
        [hs, code, ref.fmt(float(share), 9)]
        for hs in sorted(targets)
        for code, share in sorted(targets[hs].items())
    ]
    ref.write_csv(out / "hs1992_isic4.csv", ["hs", "isic4", "share"], rows)
    files = {
        path: (ref.CONCORDANCE_FILES[path][0], ref.CONCORDANCE_FILES[path][1])
        for path in (
            HS_ISIC3,
            "data-raw/ISIC_Rev_31-ISIC_Rev_3_correspondence.txt",
            "data-raw/ISIC4_ISIC31.txt",
        )
    }
    lines = [
        "# HS 1988/92 -> ISIC Rev.4 (`hs1992_isic4.csv`)",
        "",
        "Built by `scripts/build_hs_concordance.py` with the rules of "
        "`scripts/build_reference_complexity.py` (see `PROVENANCE.md`, step 2); do not edit by "
        "hand. Used by the partner finder to read a firm's HS codes.",
        "",
        f"- {len(targets)} HS six-digit lines of {len(hs_isic3)} mapped "
        f"({len(hs_isic3) - len(targets)} without a goods-producing successor), {len(rows)} rows.",
        "- `share`: the line's share in the ISIC Rev.4 code (equal split over the goods "
        "successors within one division; 1 where `isic3_goods_to_isic4.csv` names the main one).",
        "- HS codes of later editions (HS 2002-2022) that HS 1988/92 does not have are read "
        "through their four-digit heading (the partner finder says so per code).",
        "",
        "| input | source (repo @ commit : path) | sha256 | licence |",
        "|---|---|---|---|",
    ]
    for path, (digest, what) in files.items():
        lines.append(
            f"| {what} | `{ref.CONCORDANCE_REPO}` @ {ref.CONCORDANCE_COMMIT} : `{path}` | "
            f"`{digest}` | package MIT (Liao, Kim, Miyano & Zhang, R `concordance` 2.1.0); table: "
            "World Bank WITS / UN Statistics Division, public reference data |"
        )
    hand = out / ref.HAND_ISIC
    lines += [
        f"| hand-written main successors | `{ref.HAND_ISIC}` (yindi, MIT) | "
        f"`{hashlib.sha256(hand.read_bytes()).hexdigest()}` | MIT |",
        "",
    ]
    (out / "hs1992_isic4.md").write_text("\n".join(lines), encoding="utf-8", newline="\n")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the HS -> ISIC Rev.4 table.")
    parser.add_argument("--concordance-repo", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    print(f"hs1992_isic4.csv: {build(args.concordance_repo, args.out)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
