"""PDF reading: text layer to paragraphs, furniture, columns, tables, scans, damaged files; on PDFs made here."""

from __future__ import annotations

import io

import pikepdf
import pytest
from layout import lay_out
from pdfs import document_pdf, two_column_pdf

from ingest.pipeline import ingest_source
from ingest.read import ReadError, read_bytes

PLAN = """青山市人民政府办公室关于印发《青山市城市更新三年行动实施方案》的通知
青政办发〔2025〕12号
各区县人民政府，市直各单位：
现将《青山市城市更新三年行动实施方案》印发给你们，请认真贯彻执行。
一、总体要求
坚持以人民为中心的发展思想，统筹城市规划建设管理，推动城市高质量发展，到2027年基本完成2000年底前建成的老旧小区改造任务，城市功能品质明显提升，群众获得感幸福感安全感不断增强。
二、重点任务
（一）推进老旧小区改造。2025年改造老旧小区120个，同步完善养老托育、停车充电等配套设施，力争群众满意度达到90%以上。（市住房城乡建设局牵头，市发展改革委、市财政局配合）
（二）加快城市地下管网建设。新建改造供水、排水、燃气管网300公里以上，消除城市易涝积水点15处，全面完成城市燃气管道老化更新改造任务。（市城市管理局牵头，市水利局、市住房城乡建设局配合）
（三）完善社区服务设施。每个街道至少建成1个综合服务中心，推动社区食堂、便民超市、快递驿站进小区，打造15分钟便民生活圈。（市民政局牵头，各区县人民政府负责）
（四）提升城市治理水平。推进城市运行管理服务平台建设，完善网格化管理，加强物业服务监管，推动形成共建共治共享的社区治理格局。（市城市管理局、市住房城乡建设局牵头，各区县人民政府负责）
三、保障措施
各地各部门要加强组织领导，明确责任分工，强化资金保障，加大督促检查力度，确保各项任务落地见效。各区县人民政府要结合实际制定具体实施方案，于每季度末将工作进展情况报送市住房城乡建设局。"""

TABLE = """附件
青山市城市更新重点任务分解表
序号\t重点任务\t牵头单位\t责任单位\t完成时限
1\t实施老旧小区改造，完善配套设施。\t市住房城乡建设局\t各区县人民政府\t2025年12月
2\t推进城市燃气管道老化更新改造。\t市城市管理局\t市应急管理局、各区县人民政府\t2025年10月"""


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return document_pdf(PLAN, header="青山市人民政府行政规范性文件")


def test_paragraphs_come_back_whole_without_page_furniture(plan_pdf):
    source = read_bytes(plan_pdf, "plan.pdf")
    assert source.format == "pdf" and len(source.pages) >= 2
    for paragraph in PLAN.splitlines():
        assert paragraph in source.text.splitlines()
    assert "— 1 —" not in source.text and "行政规范性文件" not in source.text


def test_pages_hold_their_characters(plan_pdf):
    source = read_bytes(plan_pdf, "plan.pdf")
    pages = source.pages
    assert [page.number for page in pages] == list(range(1, len(pages) + 1))
    assert pages[0].start == 0 and pages[-1].end == len(source.text)
    assert all(a.end <= b.start for a, b in zip(pages, pages[1:], strict=False))
    assert "青政办发〔2025〕12号" in source.text[pages[0].start : pages[0].end]
    assert "确保各项任务落地见效" in source.text[pages[-1].start : pages[-1].end]
    assert not any(page.ocr for page in pages)


def test_tasks_and_bodies_match_the_text_version(plan_pdf):
    from_pdf = ingest_source(read_bytes(plan_pdf, "plan.pdf"))
    from_text = ingest_source(read_bytes(PLAN.encode(), "plan.txt"))

    def roles(document):
        return [([b.label for b in t.lead], [b.label for b in t.cooperating], [b.label for b in t.responsible])
                for t in document.tasks]

    assert roles(from_pdf) == roles(from_text)
    assert roles(from_pdf)[0] == (["青山市住房和城乡建设局"], ["青山市发展改革委", "青山市财政局"], [])


def test_every_fact_points_to_its_page(plan_pdf):
    from kg.triples import document_graph
    from kg.vocab import PK

    document = ingest_source(read_bytes(plan_pdf, "plan.pdf"))
    graph = document_graph(document)
    last = document.tasks[-1]
    page = next(p for p in document.pages if p.start <= last.span.start <= p.end)
    numbers = {int(n) for n in graph.objects(None, PK.pageNumber)}
    assert numbers == {p.number for p in document.pages}
    passage_pages = {int(graph.value(graph.value(p, PK.onPage), PK.pageNumber)) for p in graph.subjects(PK.onPage, None)}
    assert page.number in passage_pages and not list(graph.subjects(PK.readByOCR, None))


def test_two_columns_are_read_column_by_column():
    left = ["一、左栏标题", "\u3000\u3000左栏第一段文字从这里开始，", "一直写到这里结束。"]
    right = ["二、右栏标题", "\u3000\u3000右栏第一段文字从这里开始，", "一直写到这里结束。"]
    text = read_bytes(two_column_pdf(left, right), "columns.pdf").text
    assert text.index("左栏第一段") < text.index("二、右栏标题") < text.index("右栏第一段")
    assert "左栏第一段文字从这里开始，一直写到这里结束。" in text


def test_a_ruled_table_becomes_rows_and_table_tasks():
    document = ingest_source(read_bytes(document_pdf(PLAN + "\n" + TABLE), "plan.pdf"))
    assert "市住房城乡建设局\t各区县人民政府" in document.text
    rows = [t for t in document.tasks if t.scope == "table"]
    assert [[b.label for b in t.lead] for t in rows] == [["青山市住房和城乡建设局"], ["青山市城市管理局"]]
    assert "青山市应急管理局" in [b.label for b in rows[1].responsible]


def _encrypted(raw: bytes) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda raw: raw[: len(raw) // 2], "damaged"),
        (_encrypted, "password"),
        (lambda raw: b"<!DOCTYPE html><html><body>\xe9\xa1\xb5\xe9\x9d\xa2</body></html>", "web page"),
        (lambda raw: b"PK\x03\x04" + raw[4:200], "not a PDF"),
    ],
)
def test_bad_files_give_a_clear_reason(plan_pdf, make, reason):
    with pytest.raises(ReadError, match=reason):
        read_bytes(make(plan_pdf), "plan.pdf")


def test_a_file_cut_before_its_cross_reference_table_is_repaired(plan_pdf):
    cut = plan_pdf[: plan_pdf.rindex(b"xref")]
    assert "老旧小区改造" in read_bytes(cut, "plan.pdf").text


def test_a_scanned_page_is_read_by_ocr_and_marked():
    scans = pytest.importorskip("scans")
    if not scans.FONT.exists():
        pytest.skip("the CJK font to draw the scan is not installed (fonts-wqy-zenhei)")
    pages = lay_out(PLAN.split("（二）")[0])
    source = read_bytes(scans.scan_pdf(pages, noisy=True), "scan.pdf")
    assert [page.ocr for page in source.pages] == [True] * len(pages)
    document = ingest_source(source)
    assert [b.label for b in document.tasks[0].lead] == ["青山市住房和城乡建设局"]


def test_a_text_layer_without_unicode_map_is_read_by_ocr():
    scans = pytest.importorskip("scans")
    if not scans.FONT.exists():
        pytest.skip("the CJK font to embed is not installed (fonts-wqy-zenhei)")
    from pdfs import without_unicode_map

    lines = ["一、重点任务", "（一）推进老旧小区改造。2025年改造老旧小区120个。", "（市住房城乡建设局牵头，市财政局配合）"]
    source = read_bytes(without_unicode_map(lines, str(scans.FONT)), "junk.pdf")
    assert [page.ocr for page in source.pages] == [True]
    assert "改造老旧小区120个" in source.text and "市住房城乡建设局牵头" in source.text.replace("(", "（")


def test_a_table_row_cut_by_a_page_break_is_one_task_again():
    long_measure = "推进城市燃气管道老化更新改造，" * 60 + "确保年底前全面完成。"
    table = "\n".join([
        "序号\t重点任务\t牵头单位\t责任单位\t完成时限",
        *[f"{n}\t完善第{n}批社区服务设施，推动便民超市进小区。\t市民政局\t各区县人民政府\t2025年12月" for n in range(1, 9)],
        f"9\t{long_measure}\t市城市管理局\t市应急管理局\t2025年10月",
        "10\t实施老旧小区改造，完善配套设施。\t市住房城乡建设局\t各区县人民政府\t2025年12月",
    ])
    source = read_bytes(document_pdf(PLAN + "\n附件\n青山市城市更新重点任务分解表\n" + table), "plan.pdf")
    row = next(line for line in source.text.splitlines() if line.startswith("9\t"))
    assert row.split("\t")[1] == long_measure and row.endswith("市城市管理局\t市应急管理局\t2025年10月")
    leads = [[b.label for b in t.lead] for t in ingest_source(source).tasks if t.scope == "table"]
    assert leads[8:] == [["青山市城市管理局"], ["青山市住房和城乡建设局"]]


def test_a_cut_row_is_told_from_a_new_row():
    from ingest.formats.pdf_tables import continues, joined

    last = ["3", "推进城市燃气管道老化更新改造，确保", "市城市管理局", "", "2025年"]
    assert continues(last, ["", "年底前全面完成。", "", "", "10月"])
    assert joined(last, ["", "年底前全面完成。", "", "", "10月"])[1] == "推进城市燃气管道老化更新改造，确保年底前全面完成。"
    finished = ["3", "推进城市燃气管道老化更新改造。", "市城市管理局", "", "2025年10月"]
    assert not continues(finished, ["4", "完善社区服务设施。", "市民政局", "", "2025年12月"])
    assert not continues(last, ["", "（4）完善社区服务设施。", "", "", ""])
    assert not continues(last, ["4", "完善"])


def test_a_pdf_of_too_many_pages_is_refused_at_once():
    from ingest.formats.pdf import MAX_PAGES

    pdf = pikepdf.new()
    for _ in range(MAX_PAGES + 1):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(ReadError, match=f"{MAX_PAGES + 1} pages"):
        read_bytes(out.getvalue(), "huge.pdf")


def test_a_copy_restriction_without_a_user_password_does_not_stop_reading(plan_pdf):
    """Published documents are public: an owner password that only forbids copying is not honoured."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(plan_pdf)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="", owner="owner", allow=pikepdf.Permissions(extract=False)))
    assert "老旧小区改造" in read_bytes(out.getvalue(), "plan.pdf").text


def test_a_scan_with_an_ocr_layer_keeps_that_layer_without_the_spaces():
    from pdfs import scan_with_ocr_layer
    from PIL import Image

    lines = ["（一）推进老旧小区改造。", "（市住房城乡建设局牵头，市财政局配合）"]
    source = read_bytes(scan_with_ocr_layer(lines, Image.new("L", (827, 1170), 235)), "scan.pdf")
    assert [page.ocr for page in source.pages] == [True]
    assert source.text.splitlines() == lines


def test_answers_from_a_pdf_say_their_page(plan_pdf, tmp_path):
    from kg.load import load_document
    from kg.store import open_store
    from search.ask import open_asker

    store = open_store("memory")
    store.load_ontology()
    assert not load_document(store, ingest_source(read_bytes(plan_pdf, "plan.pdf"))).error
    asker = open_asker(store, tmp_path / "index", "none")
    found = asker.ask("谁牵头完善社区服务设施")["answers"][0]
    assert found["text"].endswith("市民政局")
    assert found["evidence"][0]["page"] >= 1 and found["evidence"][0]["ocr"] is False


def test_an_ocr_table_row_cut_by_a_page_break_is_joined_back():
    from ingest.formats.layout import Line
    from ingest.formats.pdf import PageRead, _assemble

    def row(text: str, top: float) -> Line:
        return Line(text, 150, 1500, top, top - 40, 40)

    first = PageRead([row("3\t推进城市燃气管道老化更新改造，确保\t市城市管理局\t市应急管理局\t2025年", -2000)], ocr=True)
    second = PageRead([row("\t年底前全面完成。\t\t\t10月", -300), row("4\t完善社区服务设施。\t市民政局\t各区县人民政府\t2025年12月", -400)], ocr=True)
    lines = _assemble([first, second]).text.splitlines()
    assert lines == ["3\t推进城市燃气管道老化更新改造，确保年底前全面完成。\t市城市管理局\t市应急管理局\t2025年10月",
                     "4\t完善社区服务设施。\t市民政局\t各区县人民政府\t2025年12月"]
