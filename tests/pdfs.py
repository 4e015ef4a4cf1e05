"""PDFs with a text layer made from text, as offices print them: for the PDF tests and the format benchmark."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "STSong-Light"  # Adobe-GB1 CID font, not embedded: what iText- and ReportLab-made PDFs use
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
BODY = ParagraphStyle("body", fontName=FONT, fontSize=16, leading=28, firstLineIndent=32, wordWrap="CJK", alignment=4)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=13, wordWrap="CJK")
RULED = TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")])


def document_pdf(text: str, header: str = "") -> bytes:
    """A4 pages in the official layout (16 pt, 28 pt pitch, two-character indent, justified), `— N —`
    centred under each page; runs of tab-separated lines become ruled tables."""
    out = io.BytesIO()

    def furniture(pdf: canvas.Canvas, template) -> None:
        pdf.setFont(FONT, 12)
        pdf.drawCentredString(A4[0] / 2, 40, f"— {template.page} —")
        if header:
            pdf.drawCentredString(A4[0] / 2, A4[1] - 40, header)

    template = SimpleDocTemplate(out, pagesize=A4, leftMargin=79, rightMargin=73, topMargin=100, bottomMargin=90)
    template.build(_flowables(text), onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


def _flowables(text: str) -> list:
    widths = _widths([line.split("\t") for line in text.splitlines() if "\t" in line])
    flowables, rows = [], []
    for line in [*text.splitlines(), ""]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            flowables.append(_table(rows, widths))
            rows = []
        if line.strip():
            flowables.append(Paragraph(_escaped(line.strip()), BODY))
    return flowables


def _widths(rows: list[list[str]]) -> list[float]:
    """One set of column widths for every table of the document, as wide as the columns' text is long."""
    columns = max((len(row) for row in rows), default=0)
    lengths = [sum(len(row[c]) for row in rows if c < len(row)) ** 0.5 + 4 for c in range(columns)]
    return [(A4[0] - 152) * length / sum(lengths) for length in lengths]


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    """A ruled table; a row taller than a page is split across pages."""
    rows = [row + [""] * (len(widths) - len(row)) for row in rows]
    cells = [[Paragraph(_escaped(cell), CELL) for cell in row] for row in rows]
    return Table(cells, colWidths=widths, style=RULED, splitInRow=1)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def two_column_pdf(left: list[str], right: list[str]) -> bytes:
    """One page of two columns, the left one written first (as layout programs write them)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont(FONT, 12)
    for x, lines in ((50, left), (310, right)):
        for row, line in enumerate(lines):
            pdf.drawString(x + (24 if line.startswith("\u3000") else 0), A4[1] - 100 - row * 20, line.lstrip("\u3000"))
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def without_unicode_map(lines: list[str], font_file: str) -> bytes:
    """A page set in an embedded TrueType font whose ToUnicode map is removed: its glyphs print right, but
    its text layer reads as control characters and Latin junk, as in PDFs from some typesetting systems."""
    import pikepdf
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Embedded", font_file, subfontIndex=0))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("Embedded", 16)
    for row, line in enumerate(lines):
        pdf.drawString(79, A4[1] - 100 - row * 28, line)
    pdf.showPage()
    pdf.save()
    with pikepdf.open(io.BytesIO(out.getvalue())) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
        stripped = io.BytesIO()
        document.save(stripped)
    return stripped.getvalue()


def libreoffice_pdf(text: str, folder) -> bytes:
    """The text as a .docx in the official layout (tab-separated rows as a ruled table), printed to PDF by
    LibreOffice, as offices that publish from Word or WPS do; needs soffice and a CJK font."""
    import subprocess
    from pathlib import Path

    import docx
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(16)
    style.font.name = "WenQuanYi Zen Hei"
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "WenQuanYi Zen Hei")
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            _docx_table(document, rows)
            rows = []
        if line.strip():
            paragraph = document.add_paragraph(line.strip())
            paragraph.paragraph_format.first_line_indent = Pt(32)
    folder = Path(folder)
    source = folder / "document.docx"
    document.save(source)
    profile = (folder / "profile").resolve().as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=300)
    return (folder / "document.pdf").read_bytes()


def _docx_table(document, rows: list[list[str]]) -> None:
    from docx.shared import Pt

    columns = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(10)


def scan_with_ocr_layer(lines: list[str], image) -> bytes:
    """A page-sized image with an invisible text layer over it, as scanners that OCR write them
    (a space between every two characters, as Tesseract's PDFs have)."""
    from reportlab.lib.utils import ImageReader

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    for row, line in enumerate(lines):
        text = pdf.beginText(79, A4[1] - 100 - row * 28)
        text.setFont(FONT, 16)
        text.setTextRenderMode(3)
        text.textLine(" ".join(line))
        pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
