"""Excel workbooks as rows of cell values with their row numbers, every sheet listed.

Rows are read directly (openpyxl for ``.xlsx``, xlrd for legacy ``.xls``) rather than through
``pandas.read_excel``, because pandas drops blank rows and starts at the first used row, so the
row numbers a user sees in Excel would be lost. Cell values are converted as pandas converts them
(whole floats become ints), and the typed frame is built by pandas' own parser later.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from yindi.data._read_text import Record
from yindi.errors import InputError

__all__ = ["Workbook", "open_workbook"]

_XLS_MISSING = (
    "legacy .xls needs the xlrd package: pip install 'yindi[xls]', or re-save the file as .xlsx"
)


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


class Workbook:
    """The sheets of one workbook: names in order and their rows on demand."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        self._book: Any = None
        self._handle: Any = None
        try:
            if kind == "xls":
                try:
                    import xlrd
                except ImportError as exc:
                    raise InputError(f"{path}: {_XLS_MISSING}") from exc
                self._book = xlrd.open_workbook(str(path), on_demand=True)
                self.names: list[str] = list(self._book.sheet_names())
            else:
                import openpyxl

                # A file object, not the path: openpyxl refuses an .xlsx named .xls by its suffix.
                self._handle = path.open("rb")
                self._book = openpyxl.load_workbook(
                    self._handle, read_only=True, data_only=True, keep_links=False
                )
                self.names = list(self._book.sheetnames)
        except InputError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError) as exc:
            self._release()
            raise self._broken(exc) from exc
        except Exception as exc:  # xlrd.XLRDError, openpyxl's InvalidFileException
            self._release()
            if type(exc).__module__.split(".")[0] in ("xlrd", "openpyxl"):
                raise self._broken(exc) from exc
            raise

    def _release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _broken(self, exc: Exception) -> InputError:
        what = "legacy .xls" if self.kind == "xls" else ".xlsx"
        hint = (
            " (an OLE2 file that is not an .xls is often a password-protected workbook: "
            "save an unprotected copy)"
            if self.kind == "xls"
            else ""
        )
        return InputError(
            f"{self.path}: cannot read it as an {what} workbook ({type(exc).__name__}: {exc})"
            f"{hint}; open it in Excel and save it again as .xlsx"
        )

    def resolve(self, sheet: str | int | None) -> str:
        """The name of the sheet meant by ``sheet`` (None: the first)."""
        if sheet is None:
            sheet = 0
        if isinstance(sheet, int) and not isinstance(sheet, bool):
            if 0 <= sheet < len(self.names):
                return self.names[sheet]
        elif sheet in self.names:
            return str(sheet)
        listed = ", ".join(repr(n) for n in self.names)
        raise InputError(
            f"{self.path}: no sheet {sheet!r}; the workbook has sheets {listed}; "
            f"pass sheet='{self.names[0]}' (a name) or sheet=0 (a position from 0)"
        )

    def rows(self, name: str, limit: int | None = None) -> list[Record]:
        """The rows of sheet ``name`` (1-based Excel row numbers), trailing empty cells cut."""
        try:
            return list(self._rows(name, limit))
        except InputError:
            raise
        except (KeyError, ValueError, OSError, TypeError, IndexError, zipfile.BadZipFile) as exc:
            raise self._broken(exc) from exc

    def _rows(self, name: str, limit: int | None) -> Iterator[Record]:
        if self.kind == "xls":
            sheet = self._book.sheet_by_name(name)
            stop = sheet.nrows if limit is None else min(sheet.nrows, limit)
            for i in range(stop):
                yield Record(
                    i + 1, _trim([_xls_cell(c, self._book.datemode) for c in sheet.row(i)])
                )
            return
        sheet = self._book[name]
        # Some writers store a wrong used range ("A1"); forget it, as pandas does.
        sheet.reset_dimensions()
        # min_row/min_col = 1: openpyxl otherwise starts at the first used cell.
        rows = sheet.iter_rows(min_row=1, min_col=1, max_row=limit, values_only=True)
        for i, row in enumerate(rows, start=1):
            yield Record(i, _trim([_cell(v) for v in row]))

    def close(self) -> None:
        """Release the file handle."""
        if self.kind == "xls":
            self._book.release_resources()
        else:
            self._book.close()
        self._release()


def _trim(cells: list[Any]) -> tuple[Any, ...]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return tuple(cells[:end])


def _xls_cell(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, datemode)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return _cell(cell.value)


def open_workbook(path: Path, kind: str) -> Workbook:
    """Open ``path`` as an ``"xlsx"`` or ``"xls"`` workbook (see :class:`Workbook`)."""
    return Workbook(path, kind)
