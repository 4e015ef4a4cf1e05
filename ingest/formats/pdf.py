"""PDF: the text layer page by page with pypdfium2; pages without usable text are read by OCR."""

from __future__ import annotations

from ingest.formats.paged import PagedText


def read_pdf(raw: bytes) -> PagedText:
    raise NotImplementedError
