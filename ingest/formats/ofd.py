"""OFD (GB/T 33190): text page by page with ofdkit; a page that holds only pictures (a scan) is read by OCR.

Lines come in ofdkit's reading order, each with its box, so that paragraphs are rebuilt from the layout
(ingest/formats/layout.py) exactly as for PDF: cells a wide gap apart stay one table row, tab-separated.
"""

from __future__ import annotations

import dataclasses
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import ofdkit
from ofdkit import layout as reading_order

from ingest.formats.furniture import content_ranges
from ingest.formats.layout import Line, paragraphs
from ingest.formats.ofd_images import PagePictures
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
        pages = [_text_lines(page) for page in document.pages]
        scans = _scan_pictures(raw, document.pages, pages)
    if not pages:
        raise ReadError("not a readable OFD file: it has no pages")
    for index, pictures in scans.items():
        pages[index] = [Line(text) for picture in pictures for text in _ocr(picture, index)]
    ranges = content_ranges([[line.text for line in lines] for lines in pages])
    texts = [
        "\n".join(line.text for line in lines[start:end]) if index in scans else _page_text(lines[start:end])
        for index, (lines, (start, end)) in enumerate(zip(pages, ranges, strict=True))
    ]
    return join_pages(texts, [index in scans for index in range(len(pages))])


def _page_text(lines: list[Line]) -> str:
    """Paragraphs rebuilt from the lines' boxes; a table row (a line of tab-separated cells) stays as it is."""
    out, run = [], []
    for line in lines:
        if "\t" in line.text:
            out.extend([*paragraphs(run), line.text])
            run = []
        else:
            run.append(line)
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
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        size = sum(info.file_size for info in package.infolist())
    if size > MAX_UNPACKED:
        raise ReadError(
            f"OFD file too large when unpacked ({size / 1e6:.0f} MB; the limit is {MAX_UNPACKED / 1e6:.0f} MB)"
        )


def _text_lines(page: ofdkit.Page) -> list[Line]:
    """The page's lines as ofdkit orders them, from the runs inside the page box (as Page.text() takes them)."""
    try:
        x0, y0, width, height = page.box
        runs = [
            _wide_ambiguous(run)
            for run in page.runs
            if x0 - EDGE <= run.x <= x0 + width + EDGE and y0 - EDGE <= run.y <= y0 + height + EDGE
        ]
    except ofdkit.OFDError as err:
        raise ReadError(f"page {page.index + 1} of the OFD file cannot be read: {err}") from err
    return [_placed(line) for line in _ordered_lines(runs)]


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


def _few_characters(lines: list[Line]) -> bool:
    return sum(len("".join(line.text.split())) for line in lines) < SCAN_TEXT


def _scan_pictures(raw: bytes, pages: list[ofdkit.Page], lines: list[list[Line]]) -> dict[int, list[bytes]]:
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
