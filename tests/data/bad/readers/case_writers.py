"""Byte builders for the reader corpus (see ``make_cases.py``): data, text, workbooks, junk.

Deterministic: workbooks are re-zipped with fixed entry times and fixed ``docProps/core.xml``
dates; xlwt and pyarrow write no clock time.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from yindi._output import reproducible_zip

REGIONS = ["北京", "天津", "河北"]
SECTORS = ["农业", "工业", "服务业"]
BASE = {"北京": [1.5, 20, 100], "天津": [2, 30, 60], "河北": [10, 40, 35]}
MAP = {"region": "地区", "activity": "行业", "year": "年份", "value": "产值"}
HEADER = ["地区", "行业", "年份", "产值"]
TITLE = "表1 分地区分行业产值（万元）"
NOTE1 = "注：数据来源于国家统计局，不含港澳台地区。"
NOTE2 = "数据来源：《中国统计年鉴2018》"
FIXED = (2020, 1, 1, 0, 0, 0)
OK_2017 = {"rows": 9, "activities": 3, "years": [2017], "value_sum": 298.5}
OK_BOTH = {"rows": 18, "activities": 3, "years": [2017, 2018], "value_sum": 606.0}


def num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def value(region: str, j: int, year: int) -> float:
    return BASE[region][j] + (year - 2017)


def long_rows(years: tuple[int, ...] = (2017,)) -> list[list[Any]]:
    return [
        [r, s, y, value(r, j, y)] for y in years for r in REGIONS for j, s in enumerate(SECTORS)
    ]


def text(rows: list[list[Any]], sep: str = ",", eol: str = "\n") -> str:
    return "".join(sep.join(c if isinstance(c, str) else num(c) for c in row) + eol for row in rows)


def long_text(sep: str = ",", years: tuple[int, ...] = (2017,), eol: str = "\n") -> str:
    return text([HEADER, *long_rows(years)], sep, eol)


def wide_rows(year_column: bool = False, years: tuple[int, ...] = (2017,)) -> list[list[Any]]:
    head = ["地区", "年份", *SECTORS] if year_column else ["地区", *SECTORS]
    body = []
    for y in years:
        for r in REGIONS:
            body.append([r, *([y] if year_column else []), *(value(r, j, y) for j in range(3))])
    return [head, *body]


# --- writers ---------------------------------------------------------------------------------


# The package's own writer: the corpus workbooks are as reproducible as yindi's output.
deterministic_zip = reproducible_zip


def xlsx(sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> bytes:
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for i, row in enumerate(rows, start=1):
            for j, cell in enumerate(row, start=1):
                if cell is not None:
                    sheet.cell(row=i, column=j, value=cell)
        for span in (merges or {}).get(name, []):
            sheet.merge_cells(span)
    stamp = datetime.datetime(2020, 1, 1)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "yindi make_cases.py"
    buffer = io.BytesIO()
    book.save(buffer)
    return deterministic_zip(buffer.getvalue())


def xls(rows: list[list[Any]], sheet: str = "Sheet1") -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if cell is not None:
                ws.write(i, j, cell)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00", 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def parquet() -> bytes:
    rows = long_rows()
    table = pa.table({h: [r[k] for r in rows] for k, h in enumerate(HEADER)})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="none")
    return buffer.getvalue()


def zip_of_csv() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        entry = zipfile.ZipInfo("分地区产值.csv", date_time=FIXED)
        archive.writestr(entry, long_text().encode("utf-8"))
    return out.getvalue()


def utf8(s: str) -> bytes:
    return s.encode("utf-8")


def num_or_str(cell: Any) -> str:
    return cell if isinstance(cell, str) else num(cell)


# --- case entries and composite files --------------------------------------------------------


def ok(call: str = "panel", check: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"call": call}
    if kwargs:
        entry["kwargs"] = kwargs
    entry["expect"] = "ok"
    if check:
        entry["check"] = check
    return entry


def bad(words: list[str], call: str = "panel", **kwargs: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"call": call}
    if kwargs:
        entry["kwargs"] = kwargs
    entry.update(expect="error", error="InputError", words=words)
    return entry


def thousands() -> bytes:
    rows = long_rows()
    rows[2][3] = '"1,234"'  # 北京 服务业 100 -> 1234
    rows[4][3] = '"12,345.5"'  # 天津 工业 30 -> 12345.5
    return utf8(text([HEADER, *rows]))


def fullwidth_digits() -> bytes:
    rows = long_rows()
    fw = str.maketrans("0123456789.", "０１２３４５６７８９．")
    for row in rows[:3]:  # 北京's three values typed with a Chinese input method
        row[3] = num(row[3]).translate(fw)
    return utf8(text([HEADER, *rows]))


def decimal_comma() -> bytes:
    rows = long_rows()
    return utf8(text([HEADER, *rows], ";").replace(";1.5\n", ";1,5\n"))


def two_row_header() -> list[list[Any]]:
    top = ["地区", 2017, None, None, 2018, None, None]
    bottom = [None, *SECTORS, *SECTORS]
    body = [[r, *(value(r, j, y) for y in (2017, 2018) for j in range(3))] for r in REGIONS]
    return [top, bottom, *body]


def yearbook_gbk() -> bytes:
    rows = long_rows((2017, 2018))
    lines = [TITLE, "单位：万元", ""] + [",".join(HEADER)]
    lines += [",".join(c if isinstance(c, str) else num(c) for c in r) for r in rows[:9]]
    lines += [""]
    lines += [",".join(c if isinstance(c, str) else num(c) for c in r) for r in rows[9:]]
    lines += [NOTE1, NOTE2, ""]
    return "\r\n".join(lines).encode("gbk")
