"""Text boxes found on a page image put back into lines in reading order: columns first, then lines, then cells."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from ingest.formats.layout import Line

MIN_COLUMN_BOXES = 3  # boxes each side of a gutter before a page counts as two columns
MAX_GUTTER = 0.2  # a gutter is a narrow lane: an empty band wider than this share of the text is not one
TAB_GAP = 1.5  # a gap this many line heights wide inside a line is a cell break (a table row)


@dataclass(frozen=True)
class Box:
    """One recognised run of text and its extent on the (deskewed) page."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def boxes_from_quads(
    quads: list[list[tuple[float, float]]], texts: list[str], angle: float | None = None
) -> list[Box]:
    """Boxes from the engine's corner points (top-left, top-right, bottom-right, bottom-left), turned
    by the page's median skew (or `angle`) so that lines of a tilted scan do not overlap their neighbours."""
    angle = skew(quads) if angle is None else angle
    boxes = []
    for quad, text in zip(quads, texts, strict=True):
        xs, ys = zip(*(deskewed(x, y, angle) for x, y in quad), strict=True)
        boxes.append(Box(text, min(xs), min(ys), max(xs), max(ys)))
    return boxes


def deskewed(x: float, y: float, angle: float) -> tuple[float, float]:
    """A point of the image turned by -angle about the origin: where boxes_from_quads puts it."""
    cos, sin = math.cos(angle), math.sin(angle)
    return x * cos + y * sin, y * cos - x * sin


def skew(quads: list[list[tuple[float, float]]]) -> float:
    """The median slope of the top edges of boxes long enough to measure it (radians, 0 if none)."""
    slopes = []
    for (x0, y0), (x1, y1), _, (_, y3) in quads:
        if x1 - x0 > 3 * abs(y3 - y0):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return median(slopes) if slopes else 0.0


def ordered_lines(boxes: list[Box]) -> list[str]:
    """The texts of placed_lines."""
    return [line.text for line in placed_lines(boxes)]


def placed_lines(boxes: list[Box]) -> list[Line]:
    """Lines top to bottom; on a two-column page the left column's lines before the right one's,
    with boxes that span the gutter (a title, a centred page number) kept where they stand.
    Each line keeps its extent, y turned to grow upwards as in PDF, so layout can rebuild paragraphs."""
    if not boxes:
        return []
    gutter = find_gutter(boxes)
    if gutter is None:
        return [_placed(line) for line in _group_lines(boxes)]
    middle = sum(gutter) / 2
    lines: list[Line] = []
    for block in _blocks(boxes, gutter):
        left = [box for box in block if box.x0 + box.x1 < 2 * middle]
        right = [box for box in block if box.x0 + box.x1 >= 2 * middle]
        for column in (left, right):
            lines.extend(_placed(line) for line in _group_lines(column))
    return lines


def _placed(line: list[Box]) -> Line:
    height = median(box.height for box in line)
    x0, x1 = min(box.x0 for box in line), max(box.x1 for box in line)
    y0, y1 = min(box.y0 for box in line), max(box.y1 for box in line)
    return Line(_line_text(line), x0, x1, -y0, -y1, height)


def find_gutter(boxes: list[Box]) -> tuple[float, float] | None:
    """The one x-range in the middle half of the page, a line high to a fifth of the text wide, that nearly
    no box crosses, with text on both sides; None for a single column, and for a table, whose several
    cell gaps make several such ranges."""
    left, right = min(box.x0 for box in boxes), max(box.x1 for box in boxes)
    width = right - left
    crossing_allowed = max(2, len(boxes) // 10)
    runs = _sparse_runs(boxes, left + width / 4, left + 3 * width / 4, crossing_allowed)
    lane = median(box.height for box in boxes), width * MAX_GUTTER
    runs = [run for run in runs if lane[0] <= run[1] - run[0] <= lane[1]]
    if len(runs) != 1:
        return None
    start, end = runs[0]
    sides = sum(box.x1 <= end for box in boxes), sum(box.x0 >= start for box in boxes)
    return (start, end) if min(sides) >= MIN_COLUMN_BOXES else None


def _sparse_runs(boxes: list[Box], start: float, end: float, most: int) -> list[tuple[float, float]]:
    """Runs of whole x positions in [start, end) crossed by at most `most` boxes."""
    runs: list[tuple[float, float]] = []
    run_start = None
    for x in range(math.ceil(start), math.floor(end)):
        sparse = sum(box.x0 <= x <= box.x1 for box in boxes) <= most
        if sparse and run_start is None:
            run_start = x
        elif not sparse and run_start is not None:
            runs.append((run_start, x))
            run_start = None
    if run_start is not None:
        runs.append((run_start, math.floor(end)))
    return runs


def _blocks(boxes: list[Box], gutter: tuple[float, float]) -> list[list[Box]]:
    """Boxes cut into bands top to bottom; a box that spans the gutter is a band of its own."""
    blocks: list[list[Box]] = [[]]
    for box in sorted(boxes, key=lambda box: box.y0):
        spans = box.x0 < gutter[0] and box.x1 > gutter[1]
        if spans and blocks[-1]:
            blocks.append([])
        blocks[-1].append(box)
        if spans:
            blocks.append([])
    return [block for block in blocks if block]


def _group_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes that overlap vertically by at least half the smaller one's height share a line."""
    lines: list[list[Box]] = []
    top = bottom = 0.0
    for box in sorted(boxes, key=lambda box: (box.y0 + box.y1) / 2):
        overlap = min(bottom, box.y1) - max(top, box.y0)
        if lines and overlap >= 0.5 * min(box.height, bottom - top):
            lines[-1].append(box)
            top, bottom = min(top, box.y0), max(bottom, box.y1)
        else:
            lines.append([box])
            top, bottom = box.y0, box.y1
    return lines


def _line_text(line: list[Box]) -> str:
    """A line's boxes left to right; a gap wider than TAB_GAP line heights becomes a tab."""
    line = sorted(line, key=lambda box: box.x0)
    height = median(box.height for box in line)
    parts = [line[0].text]
    for before, box in pairwise(line):
        parts.append("\t" if box.x0 - before.x1 > TAB_GAP * height else "")
        parts.append(box.text)
    return "".join(parts)
