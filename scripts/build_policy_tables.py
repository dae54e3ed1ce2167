"""Build ``src/yindi/datasets/policy/pilot_policies.csv`` from the shared policy table.

Run from the repository root::

    .venv/bin/python scripts/build_policy_tables.py [--shared PATH] [--out PATH]

Only this script reads ``../shared``; the package reads the CSV it writes
(:func:`yindi.stages.evaluate.policy.pilot_policies`). Every row keeps its own source line
(``source_title``, ``source_address``) and what its date is (``date_type``), copied as the
shared table gives them. The script adds:

- ``region``: the embedded dataset's province label (``province_en`` checked against the alias
  table, so ``Inner Mongolia`` and ``Tibet (Xizang)`` join the embedded indicators);
- ``coverage``: ``province`` when the zone covers the whole province, ``partial`` when it
  covers part of it, as the shared README and each row's note say (big-data zones: Liaoning is
  Shenyang only and Guangdong the Pearl River Delta; every free-trade zone covers its areas of
  about 120 km2 only, except Hainan, the whole island). This is our reading of the notes, not
  a measured share.

The output is sorted by policy, date and region and written with ``\\n`` line ends, so the same
input gives the same bytes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
SOURCE = Path("data/china/policy/pilot_policies.csv")
DEFAULT_OUT = REPO / "src" / "yindi" / "datasets" / "policy" / "pilot_policies.csv"
ALIASES = REPO / "src" / "yindi" / "datasets" / "china_provinces" / "region_aliases.csv"

#: (policy, province) pairs that cover the whole province; every other row is partial.
WHOLE_PROVINCE = {
    "national_big_data_comprehensive_pilot_zone": {
        "Guizhou",
        "Beijing",
        "Tianjin",
        "Hebei",
        "Shanghai",
        "Henan",
        "Chongqing",
        "Inner Mongolia",
    },
    "pilot_free_trade_zone": {"Hainan"},
    "pilot_free_trade_zone_area_expansion": set(),
}

COLUMNS = [
    "policy",
    "policy_zh",
    "batch",
    "region",
    "region_zh",
    "start_date",
    "date_type",
    "coverage",
    "note",
    "source_title",
    "source_address",
]


def build_pilot_policies(source: pd.DataFrame, labels: set[str]) -> pd.DataFrame:
    """The shipped table: one row per policy and province, with source lines and coverage.

    Parameters
    ----------
    source : pandas.DataFrame
        The shared ``pilot_policies.csv``.
    labels : set of str
        The embedded dataset's province labels.

    Raises
    ------
    ValueError
        If a province is not one of ``labels`` or a policy has no coverage rule.
    """
    out = source.rename(columns={"province_en": "region", "province_zh": "region_zh"}).copy()
    unknown = sorted(set(out["region"]) - labels)
    if unknown:
        raise ValueError(f"provinces not in the embedded dataset: {unknown}")
    rules = set(out["policy"]) - set(WHOLE_PROVINCE)
    if rules:
        raise ValueError(f"no coverage rule for policies {sorted(rules)}")
    out["coverage"] = [
        "province" if r in WHOLE_PROVINCE[p] else "partial"
        for p, r in zip(out["policy"], out["region"], strict=True)
    ]
    out["batch"] = pd.to_numeric(out["batch"], errors="coerce").astype("Int64")
    out = out[COLUMNS].sort_values(["policy", "start_date", "region"], kind="mergesort")
    return out.reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    source = pd.read_csv(args.shared / SOURCE, dtype=str, keep_default_na=False)
    labels = set(pd.read_csv(ALIASES, dtype=str)["region"])
    table = build_pilot_policies(source, labels)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False, lineterminator="\n")
    print(f"wrote {len(table)} rows to {args.out}")


if __name__ == "__main__":
    main()
