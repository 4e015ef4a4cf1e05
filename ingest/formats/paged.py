"""Pages read one by one become one text, each page remembering where its characters are."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.records import Page


@dataclass
class PagedText:
    """The text of a paged document and the span of every page in it."""

    text: str
    pages: list[Page] = field(default_factory=list)


def join_pages(texts: list[str], ocr: list[bool] | None = None) -> PagedText:
    """Pages' texts in order, one newline apart (clean() rejoins a paragraph a page break cut)."""
    ocr = ocr or [False] * len(texts)
    parts, pages, at = [], [], 0
    for number, (text, by_ocr) in enumerate(zip(texts, ocr, strict=True), start=1):
        text = text.strip("\n")
        if parts:
            parts.append("\n")
            at += 1
        pages.append(Page(number, at, at + len(text), by_ocr))
        parts.append(text)
        at += len(text)
    return PagedText("".join(parts), pages)
