"""Text laid out as printed pages of lines, the way an office prints a document: for tests that make PDFs, scans and OFDs."""

from __future__ import annotations

import re


def lay_out(text: str, chars_per_line: int = 28, lines_per_page: int = 22, footer: bool = True) -> list[list[str]]:
    """Pages of visual lines: paragraphs wrapped with a two-character first-line indent, `— N —` under each page."""
    lines: list[str] = []
    for paragraph in re.split(r"\n+", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        rest = "\u3000\u3000" + paragraph
        while rest:
            lines.append(rest[:chars_per_line])
            rest = rest[chars_per_line:]
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    if footer:
        for number, page in enumerate(pages, start=1):
            page.append(f"— {number} —")
    return pages
