"""Bytes to text: detect the encoding of plain text, and hand every other format to its reader."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from ingest.formats.paged import PagedText
from ingest.records import Page

# One document's budget, measured (kg ingest, 2 cores): 2 MB of the densest plan text, 7,560 noted items
# with four targets each, took 31 s and at most 1.1 GB in any one process; 5 MB of it, 3 GB.
MAX_BYTES = 2 * 1024 * 1024
# PDF and OFD are read a page at a time and a scan's bytes are mostly images, so their size says
# little about the memory reading takes (their text is held to the limit once read): they, and
# archives of them, may be this many times larger — 500 MB by default, a few hundred scanned pages.
PAGED_SUFFIXES = {".pdf", ".ofd", ".zip"}
PAGED_FACTOR = 250
TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class ReadError(Exception):
    """A file that cannot be turned into text; the message says why."""


@dataclass
class Source:
    """A file's text and how it was read."""

    path: str
    text: str
    format: str
    encoding: str
    raw: bytes
    pages: list[Page] = field(default_factory=list)


def read_file(path: str | Path, max_bytes: int = MAX_BYTES) -> Source:
    """Read one file of any supported format, or raise ReadError with the reason."""
    path = Path(path)
    return read_bytes(file_bytes(path, max_bytes), path.name)


def file_bytes(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, or ReadError when it is over the limit for its kind or cannot be read."""
    try:
        check_size(path, max_bytes)
        return path.read_bytes()
    except OSError as err:
        raise ReadError(f"cannot read: {err.strerror or err}") from err


def check_size(path: Path, max_bytes: int) -> None:
    """ReadError when the file is over the limit for its kind (PAGED_FACTOR times it for PDF, OFD, .zip)."""
    limit = max_bytes * (PAGED_FACTOR if path.suffix.lower() in PAGED_SUFFIXES else 1)
    size = path.stat().st_size
    if size > limit:
        raise ReadError(f"too large ({size / 2**20:.1f} MB; the limit for this kind of file is "
                        f"{limit / 2**20:.4g} MB, set by --max-mb)")


def check_text(source: Source, max_bytes: int) -> Source:
    """The source, or ReadError when its text (UTF-8) is over the limit: what extraction takes grows
    with the text, and a .docx, a web page or a PDF may hold more text, or less, than its size says."""
    size = len(source.text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ReadError(f"too much text ({size / 2**20:.1f} MB; one document may hold "
                        f"{max_bytes / 2**20:.4g} MB, set by --max-mb)")
    return source


def read_bytes(raw: bytes, name: str) -> Source:
    """Read a file's bytes; the name's suffix says which format to expect."""
    if not raw.strip():
        raise ReadError("empty file")
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _checked(Source(name, decode(raw), "text", detected_encoding(raw), raw))
    if suffix not in READERS:
        raise ReadError(f"unsupported format {suffix!r} (expected one of {', '.join(sorted(READERS | {'.txt': 0}))})")
    fmt, reader = READERS[suffix]
    read = reader(raw)
    if isinstance(read, PagedText):
        return _checked(Source(name, read.text, fmt, "", raw, read.pages))
    return _checked(Source(name, read, fmt, "", raw))


def _checked(source: Source) -> Source:
    if not source.text.strip():
        raise ReadError("no text found in the file")
    return source


def detected_encoding(raw: bytes) -> str:
    """The encoding decode() would use for these bytes."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return encoding
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _decodes(raw, "gb18030") and _mostly_cjk(raw.decode("gb18030")):
        return "gb18030"
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise ReadError("not text: binary content or an unknown encoding")
    return best.encoding


def decode(raw: bytes) -> str:
    """Text of plain-text bytes in UTF-8, UTF-16, GB18030/GBK or whatever is detected."""
    if b"\x00" in raw[:4096] and not any(raw.startswith(b) for b, _ in BOMS[1:]):
        raise ReadError("not text: binary content")
    text = raw.decode(detected_encoding(raw))
    if _control_ratio(text) > 0.01:
        raise ReadError("not text: binary content")
    return text.lstrip("\ufeff")


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def _mostly_cjk(text: str) -> bool:
    letters = [c for c in text if not c.isspace() and not c.isascii()]
    cjk = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return bool(letters) and cjk / len(letters) > 0.8


def _control_ratio(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    return controls / max(len(text), 1)


def read_docx(raw: bytes) -> str:
    """Paragraphs and table rows of a .docx in document order; cells joined by tabs."""
    import docx
    from docx.oxml.ns import qn

    if raw.startswith(OLE_MAGIC):  # Word keeps a password-protected .docx in an OLE container
        raise ReadError("an encrypted (password-protected) or old-format Word file: save it as a plain .docx")
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as err:  # python-docx raises several kinds for a broken package
        raise ReadError(f"not a readable .docx ({type(err).__name__})") from err
    lines = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
        elif element.tag == qn("w:tbl"):
            lines.extend(_table_rows(element, qn))
    return "\n\n".join(line for line in lines)


def _table_rows(table, qn) -> list[str]:
    rows = []
    for row in table.iter(qn("w:tr")):
        cells = []
        for cell in row.iter(qn("w:tc")):
            paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cell.iter(qn("w:p"))]
            cells.append(" ".join(p for p in paragraphs if p))
        rows.append("\t".join(cells))
    return rows


def read_html(html: str) -> str:
    """The main text of a saved web page, navigation and other chrome dropped."""
    import trafilatura

    text = trafilatura.extract(
        html, include_tables=True, include_comments=False, favor_recall=True, deduplicate=False
    )
    if not text:
        raise ReadError("no main text found in the web page")
    return text


def _html(raw: bytes) -> str:
    return read_html(decode(raw))


def _lazy(module: str, function: str) -> Callable[[bytes], str | PagedText]:
    """A format reader imported on first use, so a format's libraries load only when needed."""

    def read(raw: bytes) -> str | PagedText:
        import importlib

        return getattr(importlib.import_module(module), function)(raw)

    return read


# suffix → (format name, reader of the file's bytes)
READERS: dict[str, tuple[str, Callable[[bytes], str | PagedText]]] = {
    ".docx": ("docx", read_docx),
    **{suffix: ("html", _html) for suffix in HTML_SUFFIXES},
    ".pdf": ("pdf", _lazy("ingest.formats.pdf", "read_pdf")),
    ".ofd": ("ofd", _lazy("ingest.formats.ofd", "read_ofd")),
    ".xlsx": ("xlsx", _lazy("ingest.formats.sheets", "read_xlsx")),
    ".xlsm": ("xlsx", _lazy("ingest.formats.sheets", "read_xlsx")),
    ".xls": ("xls", _lazy("ingest.formats.sheets", "read_xls")),
    ".doc": ("doc", _lazy("ingest.formats.office", "read_doc")),
    ".wps": ("wps", _lazy("ingest.formats.office", "read_doc")),
}
# What `kg ingest FOLDER` picks up: plain text and every format with a reader.
INGESTIBLE = {".txt", *READERS}
