"""Ruled tables on PDF pages: pdfplumber finds the grid, each row comes back as its cells, and a row
that a page break cut in two is put back together."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MIN_RULES = 4  # drawn lines on a page before it is searched for a ruled table
PHANTOM_WIDTH = 12.0  # points: an empty column this narrow is the seam between two grids, not a column
SENTENCE_END = "。；！？）”」"
NUMBERED = re.compile(r"^[（(]?(?:\d{1,3}|[一二三四五六七八九十]+)[）)、.．]")


@dataclass
class Table:
    """A table's box on the page (left, bottom, right, top in PDF points) and its rows of cells."""

    box: tuple[float, float, float, float]
    rows: list[list[str]]


class TableReader:
    """The ruled tables of pages that have drawn lines (the file opened with pdfplumber once, on first need)."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self.pdf = None

    def on(self, page: pdfium.PdfPage, index: int) -> list[Table]:
        rules = sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2))
        if rules < MIN_RULES:
            return []
        if self.pdf is None:
            import pdfplumber

            self.pdf = pdfplumber.open(io.BytesIO(self.raw))
        height = page.get_height()
        plumbed = self.pdf.pages[index]
        tables = []
        for found in plumbed.find_tables(_closed(plumbed)):
            x0, top, x1, bottom = found.bbox
            rows = _cells(found)
            if rows:
                tables.append(Table((x0, height - bottom, x1, height - top), rows))
        return tables


def _closed(page) -> dict:
    """Table settings that close a grid whose ruling stops short: where a page break cut a row, its
    column rules run past the last horizontal rule, so the ends of the column rules count as rules."""
    columns = [edge for edge in page.edges if edge["orientation"] == "v"]
    if not columns:
        return {}
    return {"explicit_horizontal_lines": [min(edge["top"] for edge in columns), max(edge["bottom"] for edge in columns)]}


def _cells(table) -> list[list[str]]:
    """Rows of cell texts (a cell's lines joined), without the narrow empty columns left where two grids meet."""
    rows = [[re.sub(r"\s*\n\s*", "", cell or "").strip() for cell in row] for row in table.extract()]
    widths = [column.bbox[2] - column.bbox[0] for column in table.columns]
    keep = [
        c for c in range(max(map(len, rows), default=0))
        if any(c < len(row) and row[c] for row in rows) or (c < len(widths) and widths[c] >= PHANTOM_WIDTH)
    ]
    rows = [[row[c] if c < len(row) else "" for c in keep] for row in rows]
    return [row for row in rows if any(row)]


def continues(last: list[str], first: list[str]) -> bool:
    """Whether `first`, the top row of a page, is the rest of `last`, the row the page before ended on:
    the same columns, the longest cell of `last` stops mid-sentence and goes on in `first`, not with a new number."""
    if len(last) != len(first) or not any(last):
        return False
    longest = max(range(len(last)), key=lambda c: len(last[c]))
    rest = first[longest]
    return bool(rest) and last[longest][-1] not in SENTENCE_END and not NUMBERED.match(rest)


def joined(last: list[str], first: list[str]) -> list[str]:
    return [a + b for a, b in zip(last, first, strict=True)]
