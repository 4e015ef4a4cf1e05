"""OFD files (GB/T 33190) made from pages of lines, as an office's layout software writes them: for the OFD tests
and the format benchmark."""

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


def ofd_bytes(
    pages: list[list[str]],
    scans: dict[int, bytes] | None = None,
    codes: str = "g",
    header: str = "",
    picture_box: tuple[float, float, float, float] = (0.0, 0.0, *PAGE_MM),
) -> bytes:
    """An OFD with one TextObject per line (per cell for tab-separated rows). Page i of `scans` (PNG or JPEG
    bytes) is image-only: one ImageObject in `picture_box` (x, y, width, height in mm; the whole page by
    default), its lines not written. `codes` says how a line's characters are placed: "g" one TextCode with
    DeltaX in the `g N d` shorthand; "list" an explicit DeltaX list (ASCII half width); "chars" one TextCode
    per character with its own X, as some producers write every glyph."""
    scans = scans or {}
    files = {
        "OFD.xml": _ofd_xml(),
        "Doc_0/Document.xml": _document_xml(len(pages)),
        "Doc_0/PublicRes.xml": _public_res(),
        "Doc_0/DocumentRes.xml": _document_res(scans),
    }
    for index, picture in scans.items():
        files[f"Doc_0/Res/Image_{index}.{_image_format(picture).lower()}"] = picture
    for index, lines in enumerate(pages):
        content = _image_page(index, picture_box) if index in scans else _text_page(lines, codes, header)
        files[f"Doc_0/Pages/Page_{index}/Content.xml"] = content
    return _zip(files)


def ofd_from_text(text: str) -> bytes:
    """The text laid out as printed pages (`— N —` footers), written as an OFD."""
    return ofd_bytes(lay_out(text))


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
            placed.append((line, PAGE_MM[0] / 2 - len(line) * SIZE / 2, FOOT, SIZE))
        else:
            placed.extend(_row(line.split("\t"), TOP + row * PITCH))
    placed = [place for place in placed if place[0]]
    return _page_xml("".join(_text_object(i + 2, *place, codes) for i, place in enumerate(placed)))


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
