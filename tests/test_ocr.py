"""OCR of scanned pages: text made here, printed as scans (clean, worn, skewed, upside down, two columns) and read back."""

import difflib
import socket
import unicodedata

import pypdfium2
import pytest
from layout import lay_out
from scans import need_font, scan_image, scan_pdf

from ingest.formats import ocr

pytestmark = need_font

PLAN = """湘潭市城市燃气管道老化更新改造实施方案
为消除城市燃气管道安全隐患，保障群众生命财产安全，结合我市实际，制定本方案。
一、总体目标
到2025年底，完成城市燃气、供水、排水等老化管道更新改造任务，建立管道运行维护长效机制。
二、主要任务
（一）摸清管道底数。全面开展老化管道普查，建立改造台账。（市住房城乡建设局牵头，市财政局配合）
（二）加快改造进度。对存在安全隐患的管道优先改造，2024年完成改造120公里。（各县市区人民政府负责）
1.落实资金保障。积极争取中央预算内投资和地方政府专项债券支持。
三、保障措施
（一）加强组织领导。成立工作专班，定期调度改造进展。（市城市管理局牵头）
"""
NOTE = "（市住房城乡建设局牵头，市财政局配合）"
PAGE = lay_out(PLAN)[0]


def squeezed(text: str) -> str:
    """NFKC (OCR often returns （ as (, and clean() maps them back) with all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def accuracy(expected: list[str], got: list[str]) -> float:
    """Order-aware character agreement (difflib's 2·matches / total) on squeezed text."""
    return difflib.SequenceMatcher(
        None, squeezed("".join(expected)), squeezed("".join(got)), autojunk=False
    ).ratio()


@pytest.fixture(scope="module")
def clean_lines() -> list[str]:
    return ocr.read_lines(scan_image(PAGE))


@pytest.fixture(scope="module")
def noisy_lines() -> list[str]:
    return ocr.read_lines(scan_image(PAGE, noisy=True))


@pytest.mark.parametrize("page", ["clean_lines", "noisy_lines"])
def test_page_reads_accurately(page, request):
    assert accuracy(PAGE, request.getfixturevalue(page)) >= 0.98


def headings_at_line_start(lines: list[str], strays: int = 0) -> list[bool]:
    """For each numbered heading printed on PAGE: does a read line start with it (after up to `strays` marks)?"""
    starts = [squeezed(line)[skip : skip + 4] for line in lines for skip in range(strays + 1)]
    paragraphs = [line[2:] for line in PAGE if line.startswith("\u3000\u3000")]
    return [squeezed(line)[:4] in starts for line in paragraphs if line[0] in "（一二三1"]


def test_numbered_headings_start_lines(clean_lines):
    found = headings_at_line_start(clean_lines)
    assert len(found) >= 6 and all(found)


def test_numbered_headings_start_lines_of_a_worn_scan(noisy_lines):
    """Dust in the indent can be read as one stray mark (`.` or `(`) before a heading."""
    assert all(headings_at_line_start(noisy_lines, strays=1))


def test_note_comes_out_whole_in_one_line(clean_lines):
    assert any(NOTE in line and not line.startswith(NOTE) for line in PAGE), (
        "the note must share a printed line"
    )
    assert any(squeezed(NOTE) in squeezed(line) for line in clean_lines)


def test_two_column_page_read_column_by_column():
    left = lay_out(PLAN[:120], chars_per_line=11, footer=False)[0]
    right = lay_out(PLAN[120:240], chars_per_line=11, footer=False)[0][: len(left)]
    lines = ocr.read_lines(scan_image([f"{a}\t{b}" for a, b in zip(left, right, strict=False)]))
    assert accuracy(left + right, lines) >= 0.97
    assert not any("\t" in line for line in lines)


def test_upside_down_page_still_reads():
    page = PAGE[:9]
    assert accuracy(page, ocr.read_lines(scan_image(page).rotate(180))) >= 0.97


def test_skewed_two_degrees_still_reads():
    page = PAGE[:9]
    lines = ocr.read_lines(scan_image(page, angle=2.0))
    assert accuracy(page, lines) >= 0.97
    assert len(lines) == len(page)


def test_blank_worn_page_gives_no_lines():
    assert ocr.read_lines(scan_image([], noisy=True)) == []


def test_scan_pdf_is_image_only_a4():
    document = pypdfium2.PdfDocument(scan_pdf([PAGE[:3], PAGE[3:6]], noisy=True))
    assert len(document) == 2
    assert [round(side) for side in document[1].get_size()] == [595, 842]
    assert document[1].get_textpage().get_text_range() == ""
    assert [type(part).__name__ for part in document[1].get_objects()] == ["PdfImage"]


def test_engine_reads_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = ocr.engine.__wrapped__()(scan_image(["\u3000\u3000一、总体目标"]).crop((0, 0, 1654, 500)))
    assert result.txts and squeezed(result.txts[0]) == "一、总体目标"
