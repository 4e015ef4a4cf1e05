"""Reading in workers: a hostile file fails alone, within its memory and time, and the batch goes on."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from ingest.read import ReadError
from ingest.worker import Item, ingest_items, ingest_one

DATA = Path(__file__).parent / "data"


def bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates from under 1 MB to `megabytes` of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_batch_goes_on_past_bad_files(tmp_path):
    (tmp_path / "fake.pdf").write_text("<html><body>not a pdf</body></html>")
    (tmp_path / "empty.docx").write_bytes(b"")
    items = [Item(name, path=str(tmp_path / name)) for name in ("fake.pdf", "empty.docx")]
    items.append(Item("city_plan.txt", path=str(DATA / "city_plan.txt")))
    results = {r.item.name: r for r in ingest_items(items, workers=2)}
    assert "not a PDF" in results["fake.pdf"].error
    assert results["empty.docx"].error == "empty file"
    assert results["city_plan.txt"].document.tasks and not results["city_plan.txt"].error


def test_a_decompression_bomb_is_stopped_by_the_memory_limit():
    bomb = bomb_pdf(700)
    results = list(ingest_items([Item("bomb.pdf", raw=bomb), Item("plan.txt", path=str(DATA / "city_plan.txt"))],
                                workers=1, memory=600 * 1024**2))
    errors = {r.item.name: r.error for r in results}
    assert "out of memory" in errors["bomb.pdf"]
    assert errors["plan.txt"] == ""


def test_a_reader_without_progress_is_stopped():
    scans = pytest.importorskip("scans")
    if not scans.FONT.exists():
        pytest.skip("the CJK font to draw the scan is not installed (fonts-wqy-zenhei)")
    scan = scans.scan_pdf([["一、总体要求"] * 20])
    with pytest.raises(ReadError, match="without progress"):
        ingest_one("scan.pdf", scan, stall=0.5)


def test_one_upload_is_read_in_a_worker():
    document = ingest_one("city_plan.txt", (DATA / "city_plan.txt").read_bytes())
    assert document.source_file == "city_plan.txt" and document.tasks
