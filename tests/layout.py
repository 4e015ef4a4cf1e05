"""Text laid out as printed pages of lines, the way an office prints a document: for tests that make PDFs, scans and OFDs."""

from __future__ import annotations

import re


def lay_out(text: str, chars_per_line: int = 28, lines_per_page: int = 22, footer: bool = True) -> list[list[str]]:
    """Pages of visual lines: paragraphs wrapped to the width of `chars_per_line` Chinese characters (an ASCII
    character is half as wide) with a two-character first-line indent, `— N —` under each page."""
    lines: list[str] = []
    for paragraph in re.split(r"\n+", text):
        if paragraph.strip():
            lines.extend(_wrapped("\u3000\u3000" + paragraph.strip(), chars_per_line))
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    if footer:
        for number, page in enumerate(pages, start=1):
            page.append(f"— {number} —")
    return pages


def _wrapped(paragraph: str, width: int) -> list[str]:
    lines, line, used = [], "", 0.0
    for char in paragraph:
        wide = 0.5 if char.isascii() else 1.0
        if used + wide > width:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += wide
    return lines + [line] if line else lines
