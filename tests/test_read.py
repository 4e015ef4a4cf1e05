"""Reading files: encodings detected, .docx and web pages read, bad input refused clearly."""

import io

import docx
import pytest

from ingest.read import ReadError, read_bytes, read_file

PLAN = "株洲市推进老旧小区改造工作方案\n\n一、工作目标\n\n2024年改造老旧小区120个。（市住建局牵头，市财政局配合）\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_plain_text_in_any_common_encoding(tmp_path, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode(encoding))
    source = read_file(path)
    assert source.text.lstrip("\ufeff") == PLAN
    assert source.format == "text"


def test_gb18030_detected_not_assumed(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode("gb18030"))
    assert read_file(path).encoding == "gb18030"


def test_empty_file_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(ReadError, match="empty"):
        read_file(path)


def test_binary_file_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ReadError, match="not text"):
        read_file(path)


def test_file_over_the_limit_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(PLAN.encode() * 100)
    with pytest.raises(ReadError, match="too large"):
        read_file(path, max_bytes=1000)


def test_unknown_suffix_refused():
    with pytest.raises(ReadError, match="unsupported"):
        read_bytes(b"%PDF-1.4 ...", "plan.xyz")


def test_docx_paragraphs_and_table_rows_in_order():
    document = docx.Document()
    document.add_paragraph("一、重点任务")
    document.add_paragraph("1. 推进老旧小区改造。（市住建局牵头）")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "牵头单位"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "加装电梯", "市住建局"], strict=True):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_bytes(buffer.getvalue(), "plan.docx").text
    assert text.index("一、重点任务") < text.index("（市住建局牵头）") < text.index("序号\t工作任务\t牵头单位")
    assert "1\t加装电梯\t市住建局" in text


def test_broken_docx_refused():
    with pytest.raises(ReadError, match="docx"):
        read_bytes(b"PK\x03\x04 not really a zip", "plan.docx")


def test_web_page_keeps_body_drops_navigation():
    body = "".join(f"<p>{i}. 推进第{i}批老旧小区改造，完成年度任务。（市住建局牵头）</p>" for i in range(1, 8))
    html = (
        "<html><head><title>株洲市人民政府</title></head><body>"
        "<nav><a href='/'>首页</a><a href='/zw'>政务公开</a><a href='/hd'>互动交流</a></nav>"
        f"<article><h1>株洲市老旧小区改造工作方案</h1>{body}</article>"
        "<footer>网站标识码 4302000001 版权所有 株洲市人民政府办公室</footer></body></html>"
    )
    text = read_bytes(html.encode("utf-8"), "plan.html").text
    assert "（市住建局牵头）" in text
    assert "互动交流" not in text and "网站标识码" not in text
