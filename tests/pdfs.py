"""PDFs with a text layer made from text, as offices print them: for the PDF tests and the format benchmark."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"  # Adobe-GB1 CID font, not embedded: what iText- and ReportLab-made PDFs use
SIZE = 16  # 三号, the body size of GB/T 9704
PITCH = 28.5  # line pitch in points
LEFT, TOP = 79, A4[1] - 105


def _canvas(out: io.BytesIO) -> canvas.Canvas:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(out, pagesize=A4)


def text_pdf(pages: list[list[str]], header: str = "") -> bytes:
    """One line per visual line (a leading 　　 is drawn as the indent it is); `— N —` lines centred."""
    out = io.BytesIO()
    pdf = _canvas(out)
    for lines in pages:
        if header:
            pdf.setFont(FONT, 10)
            pdf.drawCentredString(A4[0] / 2, A4[1] - 50, header)
        for row, line in enumerate(lines):
            _draw_line(pdf, line, TOP - row * PITCH)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw_line(pdf: canvas.Canvas, line: str, y: float) -> None:
    pdf.setFont(FONT, SIZE)
    if line.startswith("—") and line.endswith("—"):
        pdf.drawCentredString(A4[0] / 2, 60, line)
        return
    indent = len(line) - len(line.lstrip("\u3000"))
    pdf.drawString(LEFT + indent * SIZE, y, line.lstrip("\u3000"))


def two_column_pdf(left: list[str], right: list[str]) -> bytes:
    """One page of two columns, the left one written first (as layout programs write them)."""
    out = io.BytesIO()
    pdf = _canvas(out)
    pdf.setFont(FONT, 12)
    for x, lines in ((50, left), (310, right)):
        for row, line in enumerate(lines):
            pdf.drawString(x + (24 if line.startswith("\u3000") else 0), TOP - row * 20, line.lstrip("\u3000"))
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def table_pdf(title: str, rows: list[list[str]], widths: list[float]) -> bytes:
    """A page with a title line and a ruled table, each cell's text wrapped to its column."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=13, wordWrap="CJK")
    out = io.BytesIO()
    cells = [[Paragraph(text, style) for text in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    heading = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=24)
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph(title, heading), table])
    return out.getvalue()
