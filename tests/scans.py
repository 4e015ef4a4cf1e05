"""Scanned pages made from text, clean or as a worn office scanner leaves them: for the OCR and scanned-PDF tests."""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
need_font = pytest.mark.skipif(
    not FONT.exists(), reason=f"the CJK font {FONT} is not installed (Debian fonts-wqy-zenhei)"
)

A4_MM = (210, 297)
LEFT_MM, TOP_MM, BOTTOM_MM = 28, 37, 20  # GB/T 9704 margins
SIZE_PT, PITCH_PT = 16, 28  # 三号 body text on a 28 pt line pitch


def _px(points: float, dpi: int) -> int:
    return round(points * dpi / 72)


def _mm(mm: float, dpi: int) -> int:
    return round(mm / 25.4 * dpi)


def scan_image(lines: list[str], dpi: int = 200, noisy: bool = False, angle: float = 0.0) -> Image.Image:
    """One A4 page in greyscale. A leading 　 is drawn as the indent it is, `— N —` is centred at the foot,
    and tab-separated cells start at equal stops across the text width (table rows, or two columns)."""
    width, height = _mm(A4_MM[0], dpi), _mm(A4_MM[1], dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), _px(SIZE_PT, dpi))
    for row, line in enumerate(lines):
        _draw_line(draw, font, line, _mm(TOP_MM, dpi) + row * _px(PITCH_PT, dpi), dpi)
    if noisy:
        return _wear(page, angle, random.Random("\n".join(lines)))
    return page.rotate(angle, expand=False, fillcolor=255, resample=Image.BICUBIC) if angle else page


def _draw_line(draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont, line: str, y: int, dpi: int) -> None:
    width, height = _mm(A4_MM[0], dpi), _mm(A4_MM[1], dpi)
    if line.startswith("—") and line.endswith("—"):
        draw.text((width // 2, height - _mm(BOTTOM_MM, dpi)), line, font=font, fill=0, anchor="ms")
        return
    left = _mm(LEFT_MM, dpi)
    cells = line.split("\t")
    stop = (width - 2 * left) / len(cells)
    for number, cell in enumerate(cells):
        indent = len(cell) - len(cell.lstrip("\u3000"))
        x = left + number * stop + indent * font.size
        draw.text((round(x), y), cell.lstrip("\u3000"), font=font, fill=0)


def _wear(page: Image.Image, angle: float, rng: random.Random) -> Image.Image:
    """Skew up to ±1° (plus `angle`), blur, grey paper, sensor noise, dust, then JPEG at quality 60."""
    page = page.rotate(angle + rng.uniform(-1, 1), expand=False, fillcolor=255, resample=Image.BICUBIC)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    pixels = np.asarray(page, dtype=np.float32) * (228 / 255)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 12, pixels.shape)
    page = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(page)
    for _ in range(60):
        x, y, r = rng.randrange(page.width), rng.randrange(page.height), rng.uniform(0.8, 2.5)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(20, 90))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=60)
    return Image.open(io.BytesIO(out.getvalue()))


def scan_pdf(pages: list[list[str]], noisy: bool = False) -> bytes:
    """An image-only PDF (no text layer), one 200 dpi scan per page, as a copier writes it."""
    images = [scan_image(lines, noisy=noisy) for lines in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return out.getvalue()


def scan_of_pdf(pdf: bytes, noisy: bool = True, dpi: int = 200) -> bytes:
    """An image-only PDF of a text PDF's pages as a copier scans the printout: each page rasterised in greyscale
    at `dpi` (tables keep their rules, cells their wrapping), worn as scan_image's noisy pages when `noisy`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images = []
    for index in range(len(document)):
        page = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        images.append(_wear(page, 0.0, random.Random(f"{len(pdf)}:{index}")) if noisy else page)
    document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out.getvalue()
