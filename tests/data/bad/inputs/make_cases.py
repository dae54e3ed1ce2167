"""Write the `inputs` cases: YAML configs and CLI inputs beside the panel (run from anywhere).

python tests/data/bad/inputs/make_cases.py   # rewrites the files byte-identically
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
GROWTH_HEAD = "region,year,output,investment,labour\n"


def write(name: str, data: str | bytes) -> None:
    path = HERE / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["' + "x" * 40 + '"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def main() -> None:
    write("catalogue_alias_bomb.yaml", bomb())
    write("indicators_alias_bomb.yaml", bomb())
    write(
        "catalogue_duplicate_key.yaml",
        "version: 1\nversion: 2\nindustries: []\ntraditional_upgrades: {}\n",
    )
    write("catalogue_tab_indent.yaml", "version: 1\nindustries:\n\t- id: chips\n")
    write("catalogue_png.yaml", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2)
    write("catalogue_empty.yaml", "")
    (HERE / "a_folder").mkdir(exist_ok=True)
    write("a_folder/README.md", "A folder passed where a file is expected.\n")
    # The shipped indicator set, saved by a Chinese Windows editor (GBK).
    shipped = (HERE.parents[3] / "src/yindi/datasets/catalogues/nqpf_indicators.yaml").read_text(
        encoding="utf-8"
    )
    write("indicators_gbk.yaml", shipped.encode("gbk"))
    write(
        "growth_dash.csv",
        GROWTH_HEAD + "Beijing,2015,100,30,1000\nBeijing,2016,—,31,1010\nBeijing,2017,112,33,1015\n",
    )
    write(
        "growth_ellipsis.csv",
        GROWTH_HEAD + "Beijing,2015,100,30,1000\nBeijing,2016,106,…,1010\nBeijing,2017,112,33,1015\n",
    )
    write(
        "growth_chinese_headers.csv",
        "地区,年份,产出,投资,就业\n北京,2015,100,30,1000\n北京,2016,106,31,1010\n",
    )
    rows = ["region,activity,year,value"]
    rows += [f"{r},{a},2017,{v}" for r, a, v in
             [("北京", "S01", 5), ("北京", "S02", 3), ("天津", "S01", 2), ("天津", "S02", -4),
              ("河北", "S01", 7), ("河北", "S02", 1)]]
    write("panel_negative.csv", "\n".join(rows) + "\n")
    write(
        "panel_chinese_headers.csv",
        "省份,行业,年份,产值\n北京,S01,2017,5\n北京,S02,2017,3\n天津,S01,2017,2\n天津,S02,2017,4\n",
    )
    rows = ["region,activity,year,value"]
    rows += [f"{r},{a},2017,{v}" for r, a, v in
             [("=HYPERLINK(\"http://x\")", "S01", 5), ("=HYPERLINK(\"http://x\")", "S02", 3),
              ("@SUM(1)", "S01", 2), ("@SUM(1)", "S02", 4), ("-2+3", "S01", 1), ("-2+3", "S02", 6)]]
    write("panel_formula_names.csv", "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
