"""Build the example data bundle ``examples/eu_nuts2/`` from ``../shared/data/eu/``.

Run from the repository root::

    .venv/bin/python scripts/build_eu_nuts2.py [--shared PATH] [--out PATH]

The bundle is the one a user supplies to run ``plan`` on their own regions:

- ``panel.csv``: ``region, activity, year, value``. Eurostat structural business statistics
  (``sbs_r_nuts06_r2``), persons employed by NUTS-2 region (NUTS 2013 codes) and NACE Rev. 2
  division, 2013 and 2014.
- ``regions.csv``: ``region, name_en, country, population, gdp, gdp_per_capita, year``. Average
  population (persons), GDP (million PPS) and GDP per inhabitant (PPS), all for 2014.
- ``activities.csv``: ``activity, name_en, section, group``. The 68 NACE divisions of the panel
  with the activity group that drives the structural shares of the region-type rules.

Rules: only the standard library is used, so the output does not depend on a pandas version.
Values are copied as the source gives them (population is converted from thousand persons to
persons with exact decimal arithmetic). A missing or confidential cell is left out of the panel,
never written as 0. A region without population or GDP keeps an empty cell. Rows are sorted,
numbers have a fixed format, files are UTF-8 with LF line ends, so a rebuild is byte-identical.
Anything unexpected in a source (a duplicate key, a non-numeric value, an unnamed region, a
division without a group) stops the build.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "examples" / "eu_nuts2"

SBS_FILE = "sbs_nuts2_persons_employed_nace_r2_divisions_2008_2015_long.csv"
POPULATION_FILE = "nuts_population_annual_average_2000_2014.csv"
GDP_FILE = "nuts_gdp_current_prices_2000_2014.csv"
NAMES_FILE = "nuts_region_codes_names_2010_2013.csv"

#: Panel years: the two complete NUTS 2013 cross-sections of the SBS vintage (2015 is partial).
PANEL_YEARS = ("2013", "2014")
#: Codes valid in NUTS 2013 (new in 2013, or unchanged since NUTS 2010).
NUTS_2013 = ("2013", "2010+2013")
#: Reference year of population and GDP (the latest year of both source tables).
REGION_YEAR = "2014"
GDP_UNITS = {"gdp": "MIO_PPS", "gdp_per_capita": "PPS_HAB"}

#: Activity group of each NACE Rev. 2 division (README.md, "Activity groups", gives the reasons).
#: The vocabulary is the one of the embedded China dataset, so the region-type rules read the same
#: structural shares. C21 (pharmaceuticals) is light manufacturing: Commission Regulation (EC)
#: No 656/2007 puts it among the non-durable consumer goods, next to food and clothing, while
#: C19, C20, C22, C23 and C24, which turn oil, gas, minerals and ores into materials, are energy or
#: intermediate goods there.
GROUP_OF_DIVISIONS = {
    "mining": "B05 B06 B07 B08 B09",
    "light manufacturing": "C10 C11 C12 C13 C14 C15 C16 C17 C18 C21 C31 C32",
    "resource processing": "C19 C20 C22 C23 C24",
    "heavy/equipment manufacturing": "C25 C26 C27 C28 C29 C30 C33",
    "utilities": "D35 E36 E37 E38 E39",
    "construction": "F41 F42 F43",
    "producer services": (
        "G46 H49 H50 H51 H52 H53 J58 J59 J60 J61 J62 J63 "
        "M69 M70 M71 M72 M73 M74 M75 N77 N78 N79 N80 N81 N82"
    ),
    "consumer services": "G45 G47 I55 I56 L68 S95",
}
GROUP = {code: group for group, codes in GROUP_OF_DIVISIONS.items() for code in codes.split()}


class BuildError(RuntimeError):
    """A source file does not look as documented; the message names the file, row and value."""


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a shared CSV as text (no type guessing, empty cells stay '')."""
    if not path.is_file():
        raise BuildError(f"{path} not found; pass --shared (the folder holding data/eu/)")
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def number(text: str, *, scale: int = 1, where: str) -> str:
    """A source number times ``scale`` in fixed notation: an integer, or a plain decimal."""
    try:
        value = Decimal(text) * scale
    except InvalidOperation:
        raise BuildError(f"{where}: {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise BuildError(f"{where}: {text!r} is not a finite non-negative number")
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def sentence_case(name: str) -> str:
    """NACE labels of sections are upper case in the source; divisions already are sentences."""
    if name.isupper():
        name = name.lower()
    return name[:1].upper() + name[1:]


def build_panel(src: Path) -> tuple[list[list[str]], dict[str, str]]:
    """The panel rows and the division names (code -> name) of the filtered SBS table."""
    rows: dict[tuple[str, str, str], str] = {}
    names: dict[str, str] = {}
    for line, row in enumerate(read_rows(src / SBS_FILE), start=2):
        if not (
            row["nuts_level"] == "2"
            and row["nuts_version"] in NUTS_2013
            and row["sector_level"] == "division"
            and row["year"] in PANEL_YEARS
        ):
            continue
        where = f"{SBS_FILE} line {line}"
        if row["unit"] != "persons":
            raise BuildError(f"{where}: unit {row['unit']!r}, expected 'persons'")
        code = row["sector_code"]
        if code not in GROUP:
            raise BuildError(f"{where}: division {code!r} has no activity group; add it")
        if names.setdefault(code, row["sector_name"]) != row["sector_name"]:
            raise BuildError(f"{where}: division {code} has two names")
        if row["value"] == "":  # the shared file drops empty cells; stop if one slipped in
            raise BuildError(f"{where}: empty value; absent cells must be absent rows")
        key = (row["region_code"], code, row["year"])
        if key in rows:
            raise BuildError(f"{where}: duplicate region-division-year {key}")
        rows[key] = number(row["value"], where=where)
    if not rows:
        raise BuildError(f"{SBS_FILE}: no rows pass the filters")
    return [[*key, rows[key]] for key in sorted(rows)], names


def region_values(src: Path, regions: set[str]) -> dict[str, dict[str, str]]:
    """Population (persons), GDP (million PPS) and GDP per head (PPS) in REGION_YEAR."""
    out: dict[str, dict[str, str]] = {r: {} for r in regions}

    def put(region: str, column: str, value: str, where: str) -> None:
        if column in out[region]:
            raise BuildError(f"{where}: a second {column} for {region} in {REGION_YEAR}")
        out[region][column] = value

    for line, row in enumerate(read_rows(src / POPULATION_FILE), start=2):
        if row["year"] == REGION_YEAR and row["region_code"] in out:
            where = f"{POPULATION_FILE} line {line}"
            if not row["unit"].startswith("thousand persons"):
                raise BuildError(f"{where}: unit {row['unit']!r}, expected thousand persons")
            put(
                row["region_code"],
                "population",
                number(row["value"], scale=1000, where=where),
                where,
            )
    column_of = {unit: column for column, unit in GDP_UNITS.items()}
    for line, row in enumerate(read_rows(src / GDP_FILE), start=2):
        column = column_of.get(row["unit_code"])
        if row["year"] == REGION_YEAR and column and row["region_code"] in out:
            where = f"{GDP_FILE} line {line}"
            put(row["region_code"], column, number(row["value"], where=where), where)
    return out


def region_names(src: Path, regions: set[str]) -> dict[str, str]:
    """Latin-script NUTS 2013 names (GISCO NAME_LATN) of the panel regions."""
    names = {}
    for row in read_rows(src / NAMES_FILE):
        if row["region_code"] in regions:
            names[row["region_code"]] = row["region_name"]
    unnamed = sorted(r for r in regions if not names.get(r))
    if unnamed:
        raise BuildError(f"{NAMES_FILE}: no name for {', '.join(unnamed)}")
    return names


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """UTF-8, LF line ends, minimal quoting: the same bytes on every platform."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def build(shared: Path, out: Path) -> dict[str, int]:
    """Write panel.csv, regions.csv and activities.csv into ``out``; return their row counts.

    ``shared`` is the folder that holds ``data/eu/``.
    """
    src = shared / "data" / "eu"
    panel, division_names = build_panel(src)
    missing = sorted(set(GROUP) - set(division_names))
    if missing:
        raise BuildError(f"{SBS_FILE}: no data for division(s) {', '.join(missing)}")
    regions = {row[0] for row in panel}
    names = region_names(src, regions)
    values = region_values(src, regions)
    region_rows = [
        [
            r,
            names[r],
            r[:2],  # Eurostat country code (EL = Greece, UK = United Kingdom)
            values[r].get("population", ""),
            values[r].get("gdp", ""),
            values[r].get("gdp_per_capita", ""),
            REGION_YEAR,
        ]
        for r in sorted(regions)
    ]
    activity_rows = [
        [code, sentence_case(division_names[code]), code[0], GROUP[code]] for code in sorted(GROUP)
    ]
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "panel.csv", ["region", "activity", "year", "value"], panel)
    write_csv(
        out / "regions.csv",
        ["region", "name_en", "country", "population", "gdp", "gdp_per_capita", "year"],
        region_rows,
    )
    write_csv(out / "activities.csv", ["activity", "name_en", "section", "group"], activity_rows)
    return {"panel.csv": len(panel), "regions.csv": len(region_rows), "activities.csv": len(GROUP)}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Build the EU NUTS-2 example data bundle.")
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder that holds data/eu/ (default: ../shared)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    for name, rows in build(args.shared, args.out).items():
        print(f"{name:15s} {rows:>7,d} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
