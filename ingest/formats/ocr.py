"""Offline OCR of a page image: rapidocr with the PP-OCR models shipped in its wheel, one thread, never a download."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ingest.formats.layout import Line
from ingest.formats.reading_order import boxes_from_quads, placed_lines

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
    """The lines of read_lines with their extent on the image (in pixels, y growing upwards)."""
    reading = _upright_reading(image.convert("RGB"))
    return placed_lines(boxes_from_quads(reading.quads, reading.texts))


def _upright_reading(image: Image.Image) -> Reading:
    """The page as given or, when it reads poorly, turned 180° if that reads better (a sheet fed upside down)."""
    reading = _read(image)
    if reading.confidence >= UPRIGHT_CONFIDENCE:
        return reading
    turned = _read(image.rotate(180))
    return turned if turned.sure_chars > reading.sure_chars else reading


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
