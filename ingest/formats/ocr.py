"""Offline OCR of a page image: rapidocr with the PP-OCR models shipped in its wheel, one thread, never a download."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ingest.formats.layout import Line
from ingest.formats.scanned_tables import page_lines

OCR_DPI = 200  # the resolution pages are rasterised at for read_lines
UPRIGHT_CONFIDENCE = 0.85  # below this mean confidence the page may be upside down: try it turned 180°
DETECTOR, RECOGNISER = "PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx"


@dataclass
class Reading:
    """What the engine found on one image: corner points, texts and confidences of its boxes."""

    quads: list[list[tuple[float, float]]]
    texts: list[str]
    scores: list[float]

    @property
    def sure_chars(self) -> float:
        """Characters weighted by confidence: the better of two readings has more."""
        return sum(len(text) * score for text, score in zip(self.texts, self.scores, strict=True))

    @property
    def confidence(self) -> float:
        chars = sum(len(text) for text in self.texts)
        return self.sure_chars / chars if chars else 1.0


def read_lines(image: Image.Image) -> list[str]:
    """The text lines of one page image in reading order; characters as recognised (no NFKC)."""
    return [line.text for line in read_placed_lines(image)]


def read_placed_lines(image: Image.Image) -> list[Line]:
    """The lines of read_lines with their extent on the image (in pixels, y growing upwards); a ruled table's
    rows each one line of tab-joined cells."""
    image, reading = _upright_reading(image.convert("RGB"))
    return page_lines(image, reading.quads, reading.texts)


def _upright_reading(image: Image.Image) -> tuple[Image.Image, Reading]:
    """The page as given or, when it reads poorly, turned 180° if that reads better (a sheet fed upside down);
    with the image read."""
    reading = _read(image)
    if reading.confidence >= UPRIGHT_CONFIDENCE:
        return image, reading
    turned = image.rotate(180)
    reading_turned = _read(turned)
    return (turned, reading_turned) if reading_turned.sure_chars > reading.sure_chars else (image, reading)


def _read(image: Image.Image) -> Reading:
    result = engine()(image)
    if not result.txts:
        return Reading([], [], [])
    quads = [[(float(x), float(y)) for x, y in quad] for quad in result.boxes]
    return Reading(quads, list(result.txts), [float(score) for score in result.scores])


@functools.cache
def engine():
    """One engine per process. The 180° line classifier is off: it flipped upright lines into nonsense.
    Model paths are given outright, so rapidocr never reaches its download code."""
    import rapidocr

    models = Path(rapidocr.__file__).parent / "models"
    return rapidocr.RapidOCR(
        params={
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Det.model_path": str(models / DETECTOR),
            "Rec.model_path": str(models / RECOGNISER),
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )
