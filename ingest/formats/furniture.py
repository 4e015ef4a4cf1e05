"""Page furniture out: page numbers and running headers or footers repeated from page to page."""

from __future__ import annotations

import re
from collections import Counter

PAGE_NUMBER = re.compile(
    r"^\s*(?:[—–\-－―一]*\s*\d{1,4}\s*[—–\-－―一]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[-—–]\s*[ivxlcIVXLC]{1,6}\s*[-—–])\s*$"
)
EDGE = 2  # furniture sits in the first or last lines of a page
REPEATED_SHARE = 0.3  # a line at a page edge on this share of pages is a running header or footer


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines without page numbers and running headers or footers at its top or bottom."""
    return [lines[start:end] for lines, (start, end) in zip(pages, content_ranges(pages), strict=True)]


def content_ranges(pages: list[list[str]]) -> list[tuple[int, int]]:
    """For each page, the [start, end) range of its lines left once the furniture at its edges is cut."""
    repeated = _running_lines(pages)

    def furniture(line: str) -> bool:
        return bool(PAGE_NUMBER.match(line)) or _shape(line) in repeated

    ranges = []
    for lines in pages:
        start, end = 0, len(lines)
        for _ in range(EDGE):
            start = _skip_blank(lines, start, end, 1)
            if start < end and furniture(lines[start]):
                start += 1
            end = _skip_blank(lines, end - 1, start - 1, -1) + 1
            if start < end and furniture(lines[end - 1]):
                end -= 1
        ranges.append((start, max(start, end)))
    return ranges


def _skip_blank(lines: list[str], at: int, stop: int, step: int) -> int:
    while at != stop and not lines[at].strip():
        at += step
    return at


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits ignored) found at a page edge on at least REPEATED_SHARE of two or more pages."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line.strip()]
        seen.update({_shape(line) for line in content[:EDGE] + content[-EDGE:]})
    need = max(2, REPEATED_SHARE * len(pages))
    return {shape for shape, count in seen.items() if count >= need and len(shape) <= 60}


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))
