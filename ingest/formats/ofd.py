"""OFD (GB/T 33190): text page by page with ofdkit; a page that holds only pictures (a scan) is read by OCR.

Lines come in ofdkit's reading order, each with its box, so that paragraphs are rebuilt from the layout
(ingest/formats/layout.py) exactly as for PDF: cells a wide gap apart stay one table row, tab-separated.
A ruled table (its rules drawn as PathObjects) is read cell by cell, each row one line of tab-joined cells, as
pdf.py reads one with pdfplumber: a cell's text wrapped over several lines comes back whole.
"""

from __future__ import annotations

import dataclasses
import io
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import ofdkit
from ofdkit import layout as reading_order
from ofdkit.package import Package

from ingest.formats.archive import unpacked_size
from ingest.formats.furniture import content_ranges
from ingest.formats.grid import Grid, tables
from ingest.formats.layout import Line, paragraphs, runs_on
from ingest.formats.ofd_images import PagePictures
from ingest.formats.ofd_rules import page_segments
from ingest.formats.paged import PagedText, join_pages
from ingest.read import ReadError

MAX_UNPACKED = 512 * 1024 * 1024  # all parts together, uncompressed (ofdkit caps each part at 64 MB)
SCAN_TEXT = 20  # a page with fewer non-space characters than this,
SCAN_COVER = 0.5  # and pictures over this share of its area, is a scan
EDGE = 2.0  # mm a run may stick out of the page box and still be read, as ofdkit's Page.text() allows
POINTS = 72 / 25.4  # OFD measures in mm; layout.py's thresholds are set for PDF points
# What zipfile raises on a damaged central directory or entry header; ofdkit lets these through.
DAMAGED_ZIP = (zipfile.BadZipFile, ValueError, IndexError, NotImplementedError, EOFError, OSError)


def read_ofd(raw: bytes) -> PagedText:
    """Each page's paragraphs and table rows in reading order, page furniture dropped."""
    with _damage_refused(), ofdkit.open(raw) as document:
        _check_unpacked_size(raw)
        with Package(raw) as package:
            pages = [_page_items(page, package) for page in document.pages]
        scans = _scan_pictures(raw, document.pages, pages)
    if not pages:
        raise ReadError("not a readable OFD file: it has no pages")
    for index, pictures in scans.items():
        pages[index] = [Line(text) for picture in pictures for text in _ocr(picture, index)]
    ranges = content_ranges([[_text(item) for item in items] for items in pages])
    kept = [items[start:end] for items, (start, end) in zip(pages, ranges, strict=True)]
    texts = ["\n".join(map(_text, items)) if index in scans else _page_text(items) for index, items in enumerate(kept)]
    joined = [False] + [_runs_on(before, after) for before, after in zip(kept, kept[1:], strict=False)]
    return join_pages(texts, [index in scans for index in range(len(pages))], joined)


def _text(item: Line | str) -> str:
    return item if isinstance(item, str) else item.text


def _runs_on(page: list[Line | str], next_page: list[Line | str]) -> bool:
    """Whether the page's last paragraph goes on at the top of the next (never when a table row ends or opens
    either page)."""
    if not page or not next_page or isinstance(page[-1], str) or isinstance(next_page[0], str):
        return False
    return runs_on([item for item in page if isinstance(item, Line)], [item for item in next_page if isinstance(item, Line)])


def _page_text(items: list[Line | str]) -> str:
    """Paragraphs rebuilt from the lines' boxes; a table row (a ruled table's row, or a line of cells a column
    gap apart) stays as it is."""
    out, run = [], []
    for item in items:
        if isinstance(item, str) or "\t" in item.text:
            out.extend([*paragraphs(run), _text(item)])
            run = []
        else:
            run.append(item)
    return "\n".join(out + paragraphs(run))


@contextmanager
def _damage_refused() -> Iterator[None]:
    """Whatever a damaged or hostile package makes ofdkit or zipfile raise becomes a ReadError saying so."""
    try:
        yield
    except ofdkit.OFDError as err:
        raise ReadError(f"not a readable OFD file: {err}") from err
    except DAMAGED_ZIP as err:
        raise ReadError(
            f"not a readable OFD file: damaged ZIP container ({type(err).__name__}: {err})"
        ) from err


def _check_unpacked_size(raw: bytes) -> None:
    """Refuse a zip bomb before reading any page (ofdkit has already checked it is a zip)."""
    size = unpacked_size(raw)
    if size > MAX_UNPACKED:
        raise ReadError(
            f"OFD file too large when unpacked ({size / 1e6:.0f} MB; the limit is {MAX_UNPACKED / 1e6:.0f} MB)"
        )


def _page_items(page: ofdkit.Page, package: Package) -> list[Line | str]:
    """The page's lines as ofdkit orders them, from the runs inside the page box (as Page.text() takes them); each
    ruled table's rows (strings) in place of the runs inside it."""
    try:
        x0, y0, width, height = page.box
        runs = [
            _wide_ambiguous(run)
            for run in page.runs
            if x0 - EDGE <= run.x <= x0 + width + EDGE and y0 - EDGE <= run.y <= y0 + height + EDGE
        ]
    except ofdkit.OFDError as err:
        raise ReadError(f"page {page.index + 1} of the OFD file cannot be read: {err}") from err
    grids = tables(page_segments(package, page.location)) if page.location else []
    inside: dict[Grid, list[ofdkit.TextRun]] = defaultdict(list)
    free = []
    for run in runs:
        grid = next((grid for grid in grids if grid.cell_at(*_middle(run)) is not None), None)
        (free if grid is None else inside[grid]).append(run)
    items: list[Line | str] = [_placed(line) for line in _ordered_lines(free)]
    for grid in grids:
        _insert_rows(items, grid, _table_rows(grid, inside[grid]))
    return items


def _middle(run: ofdkit.TextRun) -> tuple[float, float]:
    """The middle of the run's ink (y is its baseline, the glyphs stand above it)."""
    return run.x + run.width / 2, run.y - run.size / 3


def _table_rows(grid: Grid, runs: list[ofdkit.TextRun]) -> list[str]:
    """The table's rows: each cell's lines top to bottom joined without a break (it wrapped them to fit)."""
    cells = defaultdict(list)
    for run in reading_order._dedupe(runs):
        if run.text.strip():
            cells[grid.cell_at(*_middle(run))].append(run)
    return grid.rows(
        {cell: "".join(map(reading_order._join_line, reading_order._group_lines(held))) for cell, held in cells.items()}
    )


def _insert_rows(items: list[Line | str], grid: Grid, rows: list[str]) -> None:
    """The rows go before the first line below the table's top edge (lines are in reading order)."""
    top = grid.box[1]
    below = (i for i, item in enumerate(items) if isinstance(item, Line) and -item.bottom / POINTS > top)
    at = next(below, len(items))
    items[at:at] = rows


def _ordered_lines(runs: list[ofdkit.TextRun]) -> list[list[ofdkit.TextRun]]:
    """The runs grouped into lines in the order ofdkit's page_text reads them (fake bold dropped, vertical
    labels merged, columns read one after the other), without its blank lines: layout.py judges paragraphs."""
    runs = reading_order._merge_vertical_labels([run for run in reading_order._dedupe(runs) if run.text.strip()])
    return [line for block in reading_order._blocks(reading_order._group_lines(runs)) for line in block]


def _placed(runs: list[ofdkit.TextRun]) -> Line:
    """A line with its box in points, y negated (OFD's y grows downwards, PDF's upwards); cells a column gap
    apart joined by tabs."""
    text = "\t".join(reading_order._join_line(piece) for piece in reading_order._pieces(runs))
    first, last = runs[0], max(runs, key=lambda run: run.x + run.width)
    left = first.x + _blank_width(first.text, first.size, str.lstrip)
    right = last.x + last.width - _blank_width(last.text, last.size, str.rstrip)
    top, bottom = first.size - first.y, -first.y
    return Line(text, left * POINTS, right * POINTS, top * POINTS, bottom * POINTS, first.size * POINTS)


def _blank_width(text: str, size: float, strip) -> float:
    """How wide the spaces are that a run starts (or ends) with: an indent written as 　　 is not ink."""
    blank = text[: len(text) - len(strip(text))] if strip is str.lstrip else text[len(strip(text)) :]
    return sum(size if ord(char) > 127 else size / 2 for char in blank)


def _wide_ambiguous(run: ofdkit.TextRun) -> ofdkit.TextRun:
    """ofdkit guesses a run's last character half wide when it is East Asian Ambiguous (“ ” … — ①), but a Chinese
    font sets it full width: the half-width guess opens a gap that reads as a space (按照“ 政府)."""
    if run.text and unicodedata.east_asian_width(run.text[-1]) == "A":
        return dataclasses.replace(run, width=run.width + run.size / 2)
    return run


def _few_characters(items: list[Line | str]) -> bool:
    return sum(len("".join(_text(item).split())) for item in items) < SCAN_TEXT


def _scan_pictures(raw: bytes, pages: list[ofdkit.Page], lines: list[list[Line | str]]) -> dict[int, list[bytes]]:
    """Page index → its pictures' bytes, for pages with next to no text whose pictures cover most of the page."""
    candidates = [
        i for i, page in enumerate(pages) if page.location is not None and _few_characters(lines[i])
    ]
    if not candidates:
        return {}
    finder, scans = PagePictures(raw), {}
    try:
        for index in candidates:
            page = pages[index]
            found = finder.on_page(page.location)
            cover = sum(picture.box[2] * picture.box[3] for picture in found) / (
                page.width * page.height or 1
            )
            if cover > SCAN_COVER:
                scans[index] = [picture.data for picture in found]
    finally:
        finder.close()
    return scans


def _ocr(data: bytes, index: int) -> list[str]:
    from PIL import Image

    from ingest.formats.ocr import read_lines

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, Image.DecompressionBombError) as err:
        raise ReadError(f"the picture on page {index + 1} of the OFD file cannot be decoded: {err}") from err
    return read_lines(image)
