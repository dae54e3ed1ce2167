"""Build ``src/yindi/datasets/china_provinces/region_aliases.csv`` from the shared crosswalk.

Run from the repository root::

    .venv/bin/python scripts/build_region_aliases.py [--shared PATH] [--out PATH]

Only this script reads ``../shared``; the package reads the small CSV it writes. Every province
(and Hong Kong, Macao, Taiwan) gets the spellings found in Chinese and English statistical
exports: the English name of the embedded dataset (the canonical label), the Chinese full and
short names, the 6-digit administrative division code, the ISO 3166-2 code and its two-letter
suffix, and a few pinyin/official variants. Lookups normalise case, spaces and punctuation
(:func:`yindi.data.regions.label_key`), so ``InnerMongolia`` and ``Innermongolia`` need no row
of their own. The output is sorted and deterministic.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from yindi.data.regions import label_key

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
CROSSWALK = Path("data/china/province_indicators/province_crosswalk_with_area.csv")
DEFAULT_OUT = REPO / "src" / "yindi" / "datasets" / "china_provinces" / "region_aliases.csv"

# Spellings not derivable from the crosswalk: official pinyin (ISO 3166-2 uses "Nei Mongol"),
# the name without "(Xizang)" and its pinyin, and common English variants for HK and Macao.
EXTRA_VARIANTS: dict[str, tuple[str, ...]] = {
    "Inner Mongolia": ("Nei Mongol", "Neimenggu"),
    "Tibet (Xizang)": ("Tibet", "Xizang"),
    "Hong Kong": ("Hongkong", "Hong Kong SAR"),
    "Macao": ("Macau", "Macao SAR"),
}


def build_region_aliases(crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Alias table ``alias, region, kind`` of the provinces in ``crosswalk``.

    Parameters
    ----------
    crosswalk : pandas.DataFrame
        Columns ``adcode, iso_3166_2, name_zh_full, name_zh_short, name_en``.

    Returns
    -------
    pandas.DataFrame
        One row per distinct normalised spelling, sorted by region, kind and alias.

    Raises
    ------
    ValueError
        If two provinces share a normalised spelling (the table would be ambiguous).
    """
    rows: list[tuple[str, str, str]] = []
    for item in crosswalk.itertuples(index=False):
        region = str(item.name_en)
        iso = str(item.iso_3166_2)
        spellings = [
            (region, "name_en"),
            (str(item.name_zh_full), "name_zh_full"),
            (str(item.name_zh_short), "name_zh_short"),
            (str(int(item.adcode)), "adcode"),
            (iso, "iso_3166_2"),
            (iso.split("-", 1)[1], "iso_code"),
        ]
        spellings += [(variant, "variant") for variant in EXTRA_VARIANTS.get(region, ())]
        rows += [(alias, region, kind) for alias, kind in spellings]
    table = pd.DataFrame(rows, columns=["alias", "region", "kind"])
    table["key"] = table["alias"].map(label_key)
    table = table.drop_duplicates(["key", "region"])
    clash = table[table.duplicated("key", keep=False)]
    if not clash.empty:
        raise ValueError(f"spellings shared by several provinces:\n{clash}")
    table = table.sort_values(["region", "kind", "alias"], kind="mergesort")
    return table.drop(columns="key").reset_index(drop=True)


def write_region_aliases(shared: Path = DEFAULT_SHARED, out: Path = DEFAULT_OUT) -> int:
    """Read the crosswalk under ``shared``, write the alias CSV to ``out``; return its row count."""
    crosswalk = pd.read_csv(shared / CROSSWALK, dtype={"adcode": "int64"})
    table = build_region_aliases(crosswalk)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    return len(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    count = write_region_aliases(args.shared, args.out)
    print(f"wrote {count} aliases to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
