"""PDF: the text layer page by page with pypdfium2; a page without usable text is read by OCR.

Choices and thresholds are the ones measured in ../shared/notes/pdf.md: pypdfium2 reads the
text layer in content-stream order (right for two-column pages), pdfplumber reads ruled
tables, pikepdf repairs a file pdfium cannot open, and a page is routed to OCR when it has
almost no text but an image covers it, or when its text layer is not Chinese text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.formats import progress
from ingest.formats.furniture import content_ranges
from ingest.formats.layout import Line, paragraphs, runs_on
from ingest.formats.paged import PagedText, join_pages
from ingest.formats.pdf_tables import Table, TableReader, continues, joined
from ingest.read import ReadError

MAX_PAGES = 5000
MAX_OCR_PAGES = 500  # about an hour of OCR on one core
SCAN_MAX_CHARS = 20  # fewer non-space characters than this, over an image: a scanned page
IMAGE_COVER = 0.5
OCR_LAYER_COVER = 0.9  # text over an image this large is a scan that already carries an OCR layer
MIN_HAN_SHARE = 0.3  # below this the text layer is glyph junk (no ToUnicode map): OCR the page
HAN = re.compile(r"[\u4e00-\u9fff]")
SPACED_HAN = re.compile(r"(?<=[\u4e00-\u9fff，。、；：）（]) (?=[\u4e00-\u9fff，。、；：）（])")


@dataclass
class PageRead:
    """One page as read: its lines (with positions when they come from the text layer) and how."""

    lines: list[Line]
    ocr: bool = False
    tables: list[Table] = field(default_factory=list)


def read_pdf(raw: bytes) -> PagedText:
    """The document's text, page by page, furniture removed and lines joined into paragraphs."""
    document, repaired = open_pdf(raw)
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise ReadError(f"{count} pages: more than the {MAX_PAGES} pages a PDF may have")
        layers = [_text_layer(document[i]) for i in range(count)]
        to_ocr = sum(kind in ("scan", "garbled") for kind, _ in layers)
        if to_ocr > MAX_OCR_PAGES:
            raise ReadError(f"{to_ocr} scanned pages: more than the {MAX_OCR_PAGES} pages OCR reads per file")
        tables = TableReader(raw)
        with progress.pages(to_ocr, "OCR") as advance:
            pages = [_read_page(document[i], *layers[i], i, tables, advance) for i in range(count)]
    finally:
        document.close()
    paged = _assemble(pages)
    if repaired and not paged.text.strip():
        raise ReadError("a damaged PDF: no text could be recovered from it")
    return paged


def open_pdf(raw: bytes) -> tuple[pdfium.PdfDocument, bool]:
    """The document and whether it had to be repaired (once, with qpdf) for pdfium to open it;
    ReadError when neither can."""
    if b"%PDF-" not in raw[:1024]:
        raise ReadError(f"not a PDF ({_what_it_is(raw)})")
    try:
        return pdfium.PdfDocument(raw), False
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise ReadError("encrypted: the PDF cannot be opened without its password") from err
        try:
            repaired = pdfium.PdfDocument(_repaired(raw))
        except (pdfium.PdfiumError, ReadError) as again:
            raise ReadError(f"a damaged PDF that could not be repaired ({err})") from again
        if len(repaired) == 0:
            raise ReadError("a damaged PDF: no page could be recovered") from err
        return repaired, True


def _repaired(raw: bytes) -> bytes:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(raw)) as pdf:
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()
    except (pikepdf.PdfError, ValueError, OSError) as err:
        raise ReadError(str(err)) from err


def _what_it_is(raw: bytes) -> str:
    import filetype

    kind = filetype.guess(raw)
    if kind is not None:
        return f"the content is a .{kind.extension} file"
    head = raw[:64].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "the content is a web page"
    return "no PDF header"


def _text_layer(page: pdfium.PdfPage) -> tuple[str, list[Line]]:
    """The page's kind and its text layer's lines, read once."""
    lines = text_lines(page)
    return page_kind(page, lines), lines


def page_kind(page: pdfium.PdfPage, lines: list[Line]) -> str:
    """text, scan (an image, no text), garbled (text that is not Chinese), ocr-layer or empty."""
    text = re.sub(r"\s+", "", "".join(line.text for line in lines))
    cover = _image_cover(page)
    if len(text) < SCAN_MAX_CHARS:
        return "scan" if cover > IMAGE_COVER else "empty"
    if len(HAN.findall(text)) / len(text) < MIN_HAN_SHARE:
        return "garbled"
    return "ocr-layer" if cover > OCR_LAYER_COVER else "text"


def _image_cover(page: pdfium.PdfPage) -> float:
    """The share of the page the largest image covers."""
    width, height = page.get_size()
    largest = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        largest = max(largest, max(0.0, min(right, width) - max(left, 0)) * max(0.0, min(top, height) - max(bottom, 0)))
    return largest / max(width * height, 1.0)


def _read_page(page: pdfium.PdfPage, kind: str, lines: list[Line], index: int, tables: TableReader,
               advance) -> PageRead:
    if kind in ("scan", "garbled"):
        read = PageRead(_ocr(page), ocr=True)
        advance()
        return read
    if kind == "empty":
        return PageRead([])
    if kind == "ocr-layer":
        return PageRead([Line(SPACED_HAN.sub("", line.text), *line.box) for line in lines], ocr=True)
    return PageRead(lines, tables=tables.on(page, index))


def text_lines(page: pdfium.PdfPage) -> list[Line]:
    """The text layer's lines in stream order, each with its box and font size."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if len(text) != textpage.count_chars():  # no way to place the characters: lines without positions
            return [Line(line) for line in re.split(r"\r?\n", text)]
        lines, start = [], 0
        for piece in re.split(r"(\r?\n)", text):
            if piece and piece not in ("\n", "\r\n"):
                lines.append(_placed(textpage, piece, start))
            start += len(piece)
        return lines
    finally:
        textpage.close()


def _placed(textpage: pdfium.PdfTextPage, text: str, start: int) -> Line:
    inked = [start + i for i, char in enumerate(text) if not char.isspace()]
    if not inked:
        return Line(text)
    left, bottom, _, top = textpage.get_charbox(inked[0])
    right = textpage.get_charbox(inked[-1])[2]
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, inked[0])
    return Line(text.strip(), left, right, top, bottom, size)


def _ocr(page: pdfium.PdfPage) -> list[Line]:
    from ingest.formats.ocr import OCR_DPI, read_placed_lines

    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
    try:
        return read_placed_lines(bitmap.to_pil())
    finally:
        bitmap.close()


def _assemble(pages: list[PageRead]) -> PagedText:
    """Pages' paragraphs and table rows as text; a table row or a paragraph a page break cut is rejoined."""
    ranges = content_ranges([[line.text for line in page.lines] for page in pages])
    kept = [page.lines[start:end] for page, (start, end) in zip(pages, ranges, strict=True)]
    prose = [[line for line in lines if not _in_table(line, page.tables)] for page, lines in zip(pages, kept, strict=True)]
    blocks = [_blocks(lines, page.tables, page.ocr) for page, lines in zip(pages, kept, strict=True)]
    runs = [False]
    for i, (before, after) in enumerate(zip(blocks, blocks[1:], strict=False)):
        rows = bool(before and after) and isinstance(before[-1], list) and isinstance(after[0], list)
        if rows and continues(before[-1], after[0]):
            before[-1] = joined(before[-1], after.pop(0))
        texts = bool(before and after) and isinstance(before[-1], str) and isinstance(after[0], str)
        runs.append(texts and runs_on(prose[i], prose[i + 1]))
    texts = ["\n".join(block if isinstance(block, str) else "\t".join(block) for block in page) for page in blocks]
    return join_pages(texts, [page.ocr for page in pages], runs)


def _in_table(line: Line, tables: list[Table]) -> bool:
    return any(line.within(table.box) for table in tables)


def _blocks(lines: list[Line], tables: list[Table], ocr: bool = False) -> list:
    """Paragraphs (str) of the lines outside tables and, where a table's lines were, its rows (lists of cells).
    On an OCR'd page the table rows come as lines of tab-joined cells: they are made rows of cells too."""
    if ocr:
        return [block.split("\t") if "\t" in block else block for block in paragraphs(lines)]
    out: list = []
    run: list[Line] = []
    emitted = set()
    for line in lines:
        inside = next((i for i, table in enumerate(tables) if line.within(table.box)), None)
        if inside is None:
            run.append(line)
            continue
        out.extend(paragraphs(run))
        run = []
        if inside not in emitted:
            emitted.add(inside)
            out.extend(tables[inside].rows)
    return out + paragraphs(run)
