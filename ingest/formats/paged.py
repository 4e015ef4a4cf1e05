"""Pages read one by one become one text, each page remembering where its characters are."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.records import Page


@dataclass
class PagedText:
    """The text of a paged document and the span of every page in it."""

    text: str
    pages: list[Page] = field(default_factory=list)


def join_pages(texts: list[str], ocr: list[bool] | None = None, runs_on: list[bool] | None = None) -> PagedText:
    """Pages' texts in order, one newline apart, or none where a paragraph runs on from the page
    before (runs_on[i]: page i's first line continues page i-1's last paragraph)."""
    ocr = ocr or [False] * len(texts)
    runs_on = runs_on or [False] * len(texts)
    parts, pages, at = [], [], 0
    for number, (text, by_ocr, joined) in enumerate(zip(texts, ocr, runs_on, strict=True), start=1):
        text = text.strip("\n")
        if parts and not joined:
            parts.append("\n")
            at += 1
        pages.append(Page(number, at, at + len(text), by_ocr))
        parts.append(text)
        at += len(text)
    return PagedText("".join(parts), pages)
