"""Spreadsheets (.xlsx, .xls): a task table's rows as tab-separated lines, read the way a .docx table is.

A sheet becomes lines one blank line apart. Rows above the table's first row of several cells (the
merged title) are plain lines; from there on every row keeps all the sheet's used columns, so a
section row merged across the table stays a table row and does not end the table. A cell merged
down several rows (a 重点任务 over its measures) is repeated in each row, so each row is whole.
Workbooks with several sheets put each sheet's name on a line before its rows; hidden sheets
(drop-down lists and the like) are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

from ingest.formats.archive import unpacked_size
from ingest.read import ReadError

MAX_UNZIPPED = 200 * 1024 * 1024  # an .xlsx is a zip: a bomb is refused before openpyxl opens it
MAX_CELLS = 2_000_000  # cells visited, empty ones included
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and a password-protected .xlsx
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
LIST_LINE = 25  # a cell line this short, without punctuation or digits, is one item of a list
LIST_BREAKER = re.compile(r"[\d，。；：,.;:]")

# (first row, first column, last row, last column), 0-based and inclusive
Span = tuple[int, int, int, int]
Cells = dict[tuple[int, int], str]


def read_xlsx(raw: bytes) -> str:
    """Every visible sheet of an .xlsx / .xlsm; formulas give their cached values."""
    if raw.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in raw:
            raise ReadError("the spreadsheet is password-protected; save it without a password")
        return read_xls(raw)  # an .xls saved under an .xlsx name
    _check_unzipped_size(raw)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            sheets = [(ws.title, *_xlsx_sheet(ws)) for ws in book.worksheets if ws.sheet_state == "visible"]
        finally:
            book.close()
    except ReadError:
        raise
    except Exception as err:  # openpyxl raises many kinds for a broken package
        raise ReadError(f"not a readable .xlsx ({type(err).__name__})") from err
    return sheets_text(sheets)


def read_xls(raw: bytes) -> str:
    """Every visible sheet of an Excel 97–2003 .xls (also as written by WPS)."""
    if raw.startswith(ZIP_MAGIC):
        return read_xlsx(raw)  # an .xlsx saved under an .xls name
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=raw, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as err:
        if "encrypted" in str(err).lower():
            raise ReadError("the spreadsheet is password-protected; save it without a password") from err
        raise ReadError(f"not a readable .xls ({err})") from err
    except Exception as err:  # xlrd raises assertion and struct errors on damaged files
        raise ReadError(f"not a readable .xls ({type(err).__name__})") from err
    try:
        sheets = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility == 0:
                sheets.append((sheet.name, _xls_cells(book, sheet), _xls_spans(sheet)))
    finally:
        book.release_resources()
    return sheets_text(sheets)


def sheets_text(sheets: list[tuple[str, Cells, list[Span]]]) -> str:
    """The sheets' lines one blank line apart; a sheet's name heads its rows when there are several."""
    filled = [(name, sheet_lines(cells, spans)) for name, cells, spans in sheets]
    filled = [(name, lines) for name, lines in filled if lines]
    out = []
    for name, lines in filled:
        if len(filled) > 1:
            out.append(name)
        out.extend(lines)
    return "\n\n".join(out)


def sheet_lines(cells: Cells, spans: list[Span]) -> list[str]:
    """One line per non-empty row over the used columns; see the module docstring for merged cells."""
    cells = _repeat_down(cells, spans)
    rows = sorted({r for r, _ in cells})
    columns = sorted({c for _, c in cells})
    lines, in_table = [], False
    for r in rows:
        row = [cells.get((r, c), "") for c in columns]
        in_table = in_table or sum(1 for cell in row if cell) > 1
        lines.append("\t".join(row) if in_table else next(cell for cell in row if cell))
    return lines


def _repeat_down(cells: Cells, spans: list[Span]) -> Cells:
    filled = dict(cells)
    for top, left, bottom, _ in spans:
        value = cells.get((top, left))
        for r in range(top + 1, bottom + 1):
            if value and (r, left) not in cells:
                filled[(r, left)] = value
    return filled


def _check_unzipped_size(raw: bytes) -> None:
    try:
        size = unpacked_size(raw)
    except zipfile.BadZipFile as err:
        raise ReadError("not a readable .xlsx (not a zip package)") from err
    if size > MAX_UNZIPPED:
        raise ReadError(f"spreadsheet too large unpacked ({size / 1e6:.0f} MB; the limit is {MAX_UNZIPPED / 1e6:.0f} MB)")


def _xlsx_sheet(ws) -> tuple[Cells, list[Span]]:
    ws.reset_dimensions()  # a stale <dimension> would pad every row to it
    cells: Cells = {}
    visited = 0
    for r, row in enumerate(ws.iter_rows()):
        visited += len(row)
        if visited > MAX_CELLS:
            raise ReadError(f"spreadsheet too large (over {MAX_CELLS:,} cells)")
        for c, cell in enumerate(row):
            text = cell_text(cell.value, getattr(cell, "number_format", "General"))
            if text:
                cells[(r, c)] = text
    return cells, _xlsx_spans(ws)


def _xlsx_spans(ws) -> list[Span]:
    """Merged ranges of a read-only sheet, which openpyxl does not load: <mergeCell ref="B3:B6"/>."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    spans = []
    with ws._get_source() as source:  # the sheet's XML part; read-only sheets expose nothing else
        for _, element in iterparse(source):
            if element.tag.endswith("}mergeCell"):
                left, top, right, bottom = range_boundaries(element.get("ref"))
                spans.append((top - 1, left - 1, bottom - 1, right - 1))
            element.clear()
    return spans


def _xls_cells(book, sheet) -> Cells:
    import xlrd

    cells: Cells = {}
    for r in range(sheet.nrows):
        for c, cell in enumerate(sheet.row(r)):
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = xlrd.xldate_as_datetime(cell.value, book.datemode)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(cell.value, "#ERR")
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            else:
                value = cell.value
            text = cell_text(value, _xls_format(book, cell))
            if text:
                cells[(r, c)] = text
    return cells


def _xls_format(book, cell) -> str:
    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
    found = book.format_map.get(xf.format_key) if xf else None
    return found.format_str if found else "General"


def _xls_spans(sheet) -> list[Span]:
    return [(top, left, bottom - 1, right - 1) for top, bottom, left, right in sheet.merged_cells]


def cell_text(value, number_format: str = "General") -> str:
    """A cell as it reads in Excel: 1 not 1.0, 15% for 0.15 shown as a percentage, dates in Chinese."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date):
        return _date_text(value, number_format)
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    if isinstance(value, int | float):
        return _number_text(value, number_format)
    return _joined_lines(str(value))


def _joined_lines(text: str) -> str:
    """A cell's lines on one line: a list of short names one per line (市财政局⏎市教育局) joined
    with 、 as the list is meant, other text with a space."""
    lines = [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]
    listed = len(lines) > 1 and all(len(line) <= LIST_LINE and not LIST_BREAKER.search(line) for line in lines)
    return ("、" if listed else " ").join(re.sub(r"\s+", " ", line) for line in lines)


def _number_text(value: float, number_format: str) -> str:
    percent = "%" in _unquoted(number_format)
    if percent:
        value *= 100
    text = str(int(value)) if float(value).is_integer() else f"{value:.15g}"
    return text + "%" if percent else text


def _date_text(value: date, number_format: str) -> str:
    """2025年6月30日, or 2025年6月 when the cell shows no day; a time of day only when there is one."""
    shown = _unquoted(number_format).lower()
    text = f"{value.year}年{value.month}月"
    if "d" in shown or "日" in number_format or shown == "general":
        text += f"{value.day}日"
    if isinstance(value, datetime) and value.time() != time(0):
        text += f" {value:%H:%M}"
    return text


def _unquoted(number_format: str) -> str:
    return re.sub(r'"[^"]*"|\\.', "", number_format or "")
