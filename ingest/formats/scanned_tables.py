"""Ruled tables on a page image: the rules found by morphology, the OCR boxes put into the cells they sit in.

OCR reads a page as visual lines, and a task table's cells wrap over several lines each, so lines cut across
cells and a row comes out as a jumble. The drawn rules say which box is in which cell: each cell's boxes are
joined whole and each row comes back as one line of tab-joined cells, at the table's place among the lines.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import median

import cv2
import numpy as np
from PIL import Image

from ingest.formats.grid import Grid, Segment, tables
from ingest.formats.layout import Line
from ingest.formats.reading_order import Box, boxes_from_quads, deskewed, placed_lines, skew

cv2.setNumThreads(1)  # one thread per worker process, as the OCR engine: workers scale by processes

RULE_SHARE = 1 / 20  # a rule is at least this share of the page width long: longer than any stroke of text
THICK_SHARE = 1 / 200  # a rule is at most this share of the page width thick (a dark picture is not a rule)


def page_lines(image: Image.Image, quads: list[list[tuple[float, float]]], texts: list[str]) -> list[Line]:
    """The page's lines in reading order (reading_order.placed_lines) with each ruled table's rows in place of
    the boxes inside it. Rules and boxes are turned by the same skew, so they meet as drawn."""
    angle = skew(quads)
    boxes = boxes_from_quads(quads, texts, angle)
    grids = tables(rule_segments(image, angle), tolerance=image.width * THICK_SHARE) if boxes else []
    held: dict[Grid, list[Box]] = defaultdict(list)
    free = []
    for box in boxes:
        grid = next((grid for grid in grids if grid.cell_at(*_middle(box)) is not None), None)
        (free if grid is None else held[grid]).append(box)
    lines = placed_lines(free)
    for grid in grids:
        _insert_rows(lines, grid, table_rows(grid, held[grid]))
    return lines


def rule_segments(image: Image.Image, angle: float = 0.0) -> list[Segment]:
    """The long thin straight dark lines of the image, end to end, turned by -angle as the boxes are."""
    grey = np.asarray(image.convert("L"))
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    length, thick = max(round(image.width * RULE_SHARE), 2), max(image.width * THICK_SHARE, 2.0)
    segments = []
    for kernel, across in (((length, 1), 0), ((1, length), 1)):
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        for contour in contours:
            segment = _ends(contour.reshape(-1, 2), across)
            if segment is not None and cv2.contourArea(contour) <= thick * _length(segment):
                x0, y0, x1, y1 = segment
                segments.append((*deskewed(x0, y0, angle), *deskewed(x1, y1, angle)))
    return segments


def _ends(points: np.ndarray, across: int) -> Segment | None:
    """The two ends of a rule's outline along its axis (0: x, 1: y), each in the middle of the rule's width."""
    along = points[:, across]
    first, last = points[along == along.min()], points[along == along.max()]
    if along.max() == along.min():
        return None
    (x0, y0), (x1, y1) = first.mean(axis=0), last.mean(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def _length(segment: Segment) -> float:
    x0, y0, x1, y1 = segment
    return float(np.hypot(x1 - x0, y1 - y0))


def table_rows(grid: Grid, boxes: list[Box]) -> list[Line]:
    """The table's rows as lines of tab-joined cells; a cell's boxes read top to bottom, left to right, and
    joined without a break (the cell wrapped them to fit)."""
    cells: dict[tuple[int, int], list[Box]] = defaultdict(list)
    for box in boxes:
        cells[grid.cell_at(*_middle(box))].append(box)
    texts = {cell: _cell_text(held) for cell, held in cells.items()}
    rows = []
    for row, text in grid.numbered_rows(texts):
        members = [box for (index, _), held in cells.items() if index == row for box in held]
        left, right = min(box.x0 for box in members), max(box.x1 for box in members)
        size = median(box.height for box in members)
        rows.append(Line(text, left, right, -grid.ys[row], -grid.ys[row + 1], size))
    return rows


def _cell_text(boxes: list[Box]) -> str:
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda box: (box.y0 + box.y1) / 2):
        if lines and (box.y0 + box.y1) / 2 < max(held.y1 for held in lines[-1]):
            lines[-1].append(box)
        else:
            lines.append([box])
    return "".join(box.text.strip() for line in lines for box in sorted(line, key=lambda box: box.x0))


def _middle(box: Box) -> tuple[float, float]:
    return (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2


def _insert_rows(lines: list[Line], grid: Grid, rows: list[Line]) -> None:
    """The rows go before the first line whose middle lies below the table's top (lines are in reading order;
    their y is negated)."""
    top = grid.box[1]
    at = next((i for i, line in enumerate(lines) if -(line.top + line.bottom) / 2 > top), len(lines))
    lines[at:at] = rows
