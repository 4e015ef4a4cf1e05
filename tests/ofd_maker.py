"""OFD files (GB/T 33190) made from pages of lines, as an office's layout software writes them, or from a document's
text with its task tables ruled as converters (Word/WPS → OFD) draw them: for the OFD tests and the format benchmark."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from layout import lay_out

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
PAGE_MM = (210.0, 297.0)  # A4
LEFT, TOP, FOOT = 28.0, 37.0, 277.0  # GB/T 9704 margins; the `— N —` baseline
SIZE, PITCH = 5.64, 9.88  # 三号 (16 pt) on a 28 pt line pitch, in millimetres
FONT_ID, IMAGE_ID_BASE = 1, 1000
WIDTH = 156.0  # the type area's width, mm
BODY_TOP = TOP - SIZE - 2  # the top of the first line's slot
BODY_BOTTOM = BODY_TOP + 22 * PITCH  # 22 lines a page
CELL_SIZE, CELL_PITCH, PAD = 3.53, 4.59, 1.5  # 10 pt type on a 13 pt pitch in table cells; cell padding


def ofd_bytes(
    pages: list[list[str]],
    scans: dict[int, bytes] | None = None,
    codes: str = "g",
    header: str = "",
    picture_box: tuple[float, float, float, float] = (0.0, 0.0, *PAGE_MM),
) -> bytes:
    """An OFD with one TextObject per line (per cell for tab-separated rows, at equal stops and without rules).
    Page i of `scans` (PNG or JPEG bytes) is image-only: one ImageObject in `picture_box` (x, y, width, height in
    mm; the whole page by default), its lines not written. `codes` says how a line's characters are placed: "g"
    one TextCode with DeltaX in the `g N d` shorthand; "list" an explicit DeltaX list (ASCII half width); "chars"
    one TextCode per character with its own X, as some producers write every glyph."""
    scans = scans or {}
    contents = [
        _image_page(index, picture_box) if index in scans else _text_page(lines, codes, header)
        for index, lines in enumerate(pages)
    ]
    return _package(contents, scans)


def ofd_from_text(text: str, rules: str = "lines", codes: str = "g") -> bytes:
    """The text laid out as printed pages (`— N —` footers), written as an OFD. Runs of tab-separated lines are
    ruled tables: each cell wrapped to its column, a TextObject per cell line, rows as tall as their tallest
    cell, one set of column widths for the document; a row that does not fit goes to the next page, or is split
    there when it is taller than a page. `rules` "lines": one PathObject per table and page drawing its rules as
    M/L segments; "cells": a rectangle PathObject round each cell."""
    widths = _widths([line.split("\t") for line in text.splitlines() if "\t" in line])
    sheet, rows = _Sheet(rules), []
    for line in [*text.splitlines(), ""]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            sheet.table(rows, widths)
            rows = []
        if line.strip():
            for printed in (printed for page in lay_out(line, footer=False) for printed in page):
                sheet.line(printed)
    contents = [
        _content([*texts, _footer(number)], paths, codes)
        for number, (texts, paths) in enumerate(sheet.pages, start=1)
    ]
    return _package(contents, {})


def _widths(rows: list[list[str]]) -> list[float]:
    """One set of column widths (mm) for every table of the document, as wide as the columns' text is long
    (as tests/pdfs.py sets them)."""
    columns = max((len(row) for row in rows), default=0)
    lengths = [sum(len(row[c]) for row in rows if c < len(row)) ** 0.5 + 4 for c in range(columns)]
    return [WIDTH * length / sum(lengths) for length in lengths]


class _Sheet:
    """Pages being filled top to bottom: each page's placed texts and its rules (box, AbbreviatedData)."""

    def __init__(self, rules: str):
        self.rules = rules
        self.pages: list[tuple[list, list]] = []
        self._new_page()

    def _new_page(self) -> None:
        self.pages.append(([], []))
        self.y = BODY_TOP

    def line(self, text: str) -> None:
        if self.y + PITCH > BODY_BOTTOM:
            self._new_page()
        self.pages[-1][0].extend(_row([text], self.y + SIZE + 2))
        self.y += PITCH

    def table(self, rows: list[list[str]], widths: list[float]) -> None:
        xs = [LEFT + sum(widths[:c]) for c in range(len(widths) + 1)]
        edges = [self.y]
        for cells in rows:
            wrapped = [_wrap(cell, width - 2 * PAD) for cell, width in zip([*cells, *[""] * len(widths)], widths, strict=False)]
            while any(wrapped):
                room = int((BODY_BOTTOM - self.y - 2 * PAD) // CELL_PITCH)
                need = max(map(len, wrapped))
                if need > room and (self.y > edges[0] or room < 1) and (need <= self._page_rows() or room < 3):
                    self._rule(xs, edges)
                    self._new_page()
                    edges = [self.y]
                    continue
                self._cells([lines[:room] for lines in wrapped], xs)
                wrapped = [lines[room:] for lines in wrapped]
                edges.append(self.y)
        self._rule(xs, edges)
        self.y += 2

    def _page_rows(self) -> int:
        return int((BODY_BOTTOM - BODY_TOP - 2 * PAD) // CELL_PITCH)

    def _cells(self, wrapped: list[list[str]], xs: list[float]) -> None:
        for lines, x in zip(wrapped, xs, strict=False):
            for number, text in enumerate(lines):
                self.pages[-1][0].append((text, x + PAD, self.y + PAD + CELL_SIZE + number * CELL_PITCH, CELL_SIZE))
        self.y += 2 * PAD + max(map(len, wrapped)) * CELL_PITCH

    def _rule(self, xs: list[float], edges: list[float]) -> None:
        if len(edges) < 2:
            return
        paths = self.pages[-1][1]
        if self.rules == "cells":
            paths.extend(
                ((left, top, right - left, bottom - top), f"M 0 0 L {right - left:.2f} 0 L {right - left:.2f} "
                      f"{bottom - top:.2f} L 0 {bottom - top:.2f} C")
                for top, bottom in zip(edges, edges[1:], strict=False)
                for left, right in zip(xs, xs[1:], strict=False)
            )
            return
        width, height = xs[-1] - xs[0], edges[-1] - edges[0]
        across = [f"M 0 {y - edges[0]:.2f} L {width:.2f} {y - edges[0]:.2f}" for y in edges]
        down = [f"M {x - xs[0]:.2f} 0 L {x - xs[0]:.2f} {height:.2f}" for x in xs]
        paths.append(((xs[0], edges[0], width, height), " ".join(across + down)))


def _wrap(text: str, width: float) -> list[str]:
    """The cell's text in lines that fit the width (mm) at the cell type size, ASCII half width."""
    lines, line, used = [], "", 0.0
    for char in text.strip():
        advance = CELL_SIZE if ord(char) > 127 else CELL_SIZE / 2
        if line and used + advance > width:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += advance
    return [*lines, line] if line else lines


def _path(object_id: int, box: tuple[float, float, float, float], data: str) -> str:
    x, y, width, height = box
    return (
        f'<ofd:PathObject ID="{object_id}" Boundary="{x:.2f} {y:.2f} {width:.2f} {height:.2f}" LineWidth="0.25">'
        f'<ofd:StrokeColor Value="0 0 0"/><ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>'
    )


def _package(contents: list[str], scans: dict[int, bytes]) -> bytes:
    files = {
        "OFD.xml": _ofd_xml(),
        "Doc_0/Document.xml": _document_xml(len(contents)),
        "Doc_0/PublicRes.xml": _public_res(),
        "Doc_0/DocumentRes.xml": _document_res(scans),
    }
    for index, picture in scans.items():
        files[f"Doc_0/Res/Image_{index}.{_image_format(picture).lower()}"] = picture
    for index, content in enumerate(contents):
        files[f"Doc_0/Pages/Page_{index}/Content.xml"] = content
    return _zip(files)


def _zip(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()


def _xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'


def _ofd_xml() -> str:
    return _xml(
        f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
        "<ofd:DocID>0c8f1a4e7b2d4c6f9e3a5b7d1f2e4a6c</ofd:DocID><ofd:Creator>tests/ofd_maker.py</ofd:Creator>"
        "<ofd:CreationDate>2025-03-01</ofd:CreationDate></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )


def _document_xml(page_count: int) -> str:
    pages = "".join(
        f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(page_count)
    )
    return _xml(
        f"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>{IMAGE_ID_BASE + page_count}</ofd:MaxUnitID>"
        f"<ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_MM[0]} {PAGE_MM[1]}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
        f"</ofd:CommonData><ofd:Pages>{pages}</ofd:Pages></ofd:Document>"
    )


def _public_res() -> str:
    return _xml(
        f'<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
        f'<ofd:Font ID="{FONT_ID}" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
    )


def _document_res(scans: dict[int, bytes]) -> str:
    media = "".join(
        f'<ofd:MultiMedia ID="{IMAGE_ID_BASE + index}" Type="Image" Format="{_image_format(picture)}">'
        f"<ofd:MediaFile>Image_{index}.{_image_format(picture).lower()}</ofd:MediaFile></ofd:MultiMedia>"
        for index, picture in scans.items()
    )
    return _xml(f'<ofd:Res {NS} BaseLoc="Res"><ofd:MultiMedias>{media}</ofd:MultiMedias></ofd:Res>')


def _image_format(picture: bytes) -> str:
    return "PNG" if picture.startswith(b"\x89PNG") else "JPEG"


def _page_xml(objects: str) -> str:
    return _xml(
        f"<ofd:Page {NS}><ofd:Area><ofd:PhysicalBox>0 0 {PAGE_MM[0]} {PAGE_MM[1]}</ofd:PhysicalBox></ofd:Area>"
        f'<ofd:Content><ofd:Layer ID="1">{objects}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def _image_page(index: int, box: tuple[float, float, float, float]) -> str:
    x, y, width, height = box
    return _page_xml(
        f'<ofd:ImageObject ID="2" Boundary="{x:g} {y:g} {width:g} {height:g}" CTM="{width:g} 0 0 {height:g} 0 0" '
        f'ResourceID="{IMAGE_ID_BASE + index}"/>'
    )


def _text_page(lines: list[str], codes: str, header: str) -> str:
    placed = [(header, PAGE_MM[0] / 2 - len(header) * 1.75, 20.0, 3.5)] if header else []
    for row, line in enumerate(lines):
        if line.startswith("—") and line.endswith("—"):
            placed.append(_footer_at(line))
        else:
            placed.extend(_row(line.split("\t"), TOP + row * PITCH))
    return _content(placed, [], codes)


def _footer(number: int) -> tuple[str, float, float, float]:
    return _footer_at(f"— {number} —")


def _footer_at(line: str) -> tuple[str, float, float, float]:
    return line, PAGE_MM[0] / 2 - len(line) * SIZE / 2, FOOT, SIZE


def _content(placed: list[tuple[str, float, float, float]], paths: list[tuple[tuple, str]], codes: str) -> str:
    """A page's TextObjects, then its PathObjects, numbered in turn."""
    texts = [_text_object(i + 2, *place, codes) for i, place in enumerate(place for place in placed if place[0])]
    rules = [_path(len(texts) + i + 2, box, data) for i, (box, data) in enumerate(paths)]
    return _page_xml("".join(texts + rules))


def _row(cells: list[str], baseline: float) -> list[tuple[str, float, float, float]]:
    """A line's cells at equal stops across the text width (a leading 　 drawn as the indent it is), pushed
    right to stay two characters apart when a cell runs long, and set smaller if the row would leave the page."""
    stop = (PAGE_MM[0] - 2 * LEFT) / len(cells)
    starts, end = [], LEFT - 2 * SIZE
    for number, cell in enumerate(cells):
        indent = len(cell) - len(cell.lstrip("\u3000"))
        starts.append(max(LEFT + number * stop + indent * SIZE, end + 2 * SIZE))
        end = starts[-1] + len(cell.lstrip("\u3000")) * SIZE
    scale = min(1.0, (PAGE_MM[0] - 10 - LEFT) / (end - LEFT)) if end > LEFT else 1.0
    return [
        (cell.lstrip("\u3000"), LEFT + (x - LEFT) * scale, baseline, SIZE * scale)
        for cell, x in zip(cells, starts, strict=True)
    ]


def _text_object(object_id: int, text: str, x: float, baseline: float, size: float, codes: str) -> str:
    advances = [size if ord(c) > 127 else size / 2 for c in text]
    if codes == "chars":
        starts = [sum(advances[:i]) for i in range(len(text))]
        code = "".join(
            f'<ofd:TextCode X="{at:.3f}" Y="{size:g}">{escape(c)}</ofd:TextCode>'
            for c, at in zip(text, starts, strict=True)
        )
    else:
        delta = f"g {len(text) - 1} {size:g}" if codes == "g" else " ".join(f"{a:g}" for a in advances[:-1])
        delta_attr = f' DeltaX="{delta}"' if len(text) > 1 else ""
        code = f'<ofd:TextCode X="0" Y="{size:g}"{delta_attr}>{escape(text)}</ofd:TextCode>'
    return (
        f'<ofd:TextObject ID="{object_id}" Boundary="{x:.2f} {baseline - size:.2f} {sum(advances):.2f} {size * 1.3:.2f}" '
        f'Font="{FONT_ID}" Size="{size:g}"><ofd:FillColor Value="0 0 0"/>{code}</ofd:TextObject>'
    )
