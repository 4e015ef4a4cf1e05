"""The straight lines an OFD page draws (PathObjects), for finding ruled tables: ofdkit reads text only.

A PathObject's AbbreviatedData (M/S move, L line, C close; B, Q and A curves only move the pen) is in object
space: the CTM maps it, then the Boundary's origin moves it onto the page (GB/T 33190 §8.1), in mm.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ofdkit.package import Package

from ingest.formats.grid import Segment

MAX_SEGMENTS = 3000  # a page drawing more lines than this is a picture, not a table: no rules read
CURVE_ARGUMENTS = {"B": 6, "Q": 4, "A": 7}


def page_segments(package: Package, location: str) -> list[Segment]:
    """The page's drawn straight segments, in page mm (y down); none when it draws too many."""
    if b"PathObject" not in package.read(location):
        return []
    segments: list[Segment] = []
    for element in package.read_xml(location).iter():
        if element.tag.rsplit("}", 1)[-1] == "PathObject":
            segments.extend(_path_segments(element))
            if len(segments) > MAX_SEGMENTS:
                return []
    return segments


def _path_segments(element: ET.Element) -> list[Segment]:
    data = next((child.text for child in element if child.tag.rsplit("}", 1)[-1] == "AbbreviatedData"), None)
    place = _placement(element)
    if place is None or not data:
        return []
    return [(*place(x0, y0), *place(x1, y1)) for x0, y0, x1, y1 in _lines(data.split()[: 8 * MAX_SEGMENTS])]


def _placement(element: ET.Element):
    """Object space to page: the CTM, then the Boundary's origin; None when either is malformed."""
    box = _numbers(element.get("Boundary"), 4)
    ctm = _numbers(element.get("CTM"), 6) if element.get("CTM") else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    if box is None or ctm is None:
        return None
    a, b, c, d, e, f = ctm
    return lambda x, y: (a * x + c * y + e + box[0], b * x + d * y + f + box[1])


def _numbers(value: str | None, count: int) -> tuple[float, ...] | None:
    try:
        numbers = tuple(float(part) for part in (value or "").replace(",", " ").split()[:count])
    except ValueError:
        return None
    return numbers if len(numbers) == count else None


def _lines(tokens: list[str]) -> list[Segment]:
    """The straight segments the path draws, in object space."""
    found: list[Segment] = []
    pen = start = (0.0, 0.0)
    index = 0
    try:
        while index < len(tokens):
            command = tokens[index]
            if command in ("M", "S", "L"):
                point = (float(tokens[index + 1]), float(tokens[index + 2]))
                if command == "L":
                    found.append((*pen, *point))
                else:
                    start = point
                pen, index = point, index + 3
            elif command == "C":
                found.append((*pen, *start))
                pen, index = start, index + 1
            elif command in CURVE_ARGUMENTS:
                count = CURVE_ARGUMENTS[command]
                pen, index = (
                    (float(tokens[index + count - 1]), float(tokens[index + count])),
                    index + count + 1,
                )
            else:
                index += 1
    except (IndexError, ValueError):
        return found  # a truncated or malformed path keeps the segments drawn before the fault
    return found
