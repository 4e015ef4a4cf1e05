"""Word 97 .doc and WPS .wps through LibreOffice: paragraphs and task-table rows as a .docx gives them."""

import io
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest

from ingest.formats import office
from ingest.pipeline import ingest_source
from ingest.read import ReadError, read_bytes

PLAN_HTML = """<html><head><meta charset="utf-8"></head><body>
<p>益阳市老旧小区改造提质实施方案</p>
<p>一、总体要求</p>
<p>（一）工作目标。到2025年底，完成老旧小区改造120个。</p>
<p>二、重点任务</p>
<p>1. 加装电梯。年内新增加装电梯50台，优先保障老年人出行。（市住房城乡建设局牵头，市财政局配合）</p>
<p>附件</p>
<p>重点任务分解表</p>
<table border="1">
<tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>责任单位</td><td>完成时限</td></tr>
<tr><td>1</td><td>改造小区供水、燃气管网</td><td>市城管执法局</td><td>各区县（市）人民政府</td><td>2025年12月</td></tr>
<tr><td>2</td><td>建设社区养老服务设施</td><td>市民政局</td><td>市卫生健康委</td><td>2025年6月</td></tr>
</table>
</body></html>"""


def soffice_or_skip() -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return soffice


@pytest.fixture(scope="module")
def plan_doc(tmp_path_factory) -> bytes:
    """The plan saved by LibreOffice as a Word 97 .doc."""
    soffice = soffice_or_skip()
    folder = tmp_path_factory.mktemp("office")
    (folder / "plan.html").write_text(PLAN_HTML, encoding="utf-8")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc:MS Word 97", "--outdir", str(folder), str(folder / "plan.html")],
        check=True, capture_output=True, timeout=120,
    )
    raw = (folder / "plan.doc").read_bytes()
    assert raw.startswith(office.INPUT_FILTERS[0][0])  # really Word 97 binary
    return raw


def test_doc_paragraphs_and_table_rows_in_order(plan_doc):
    text = read_bytes(plan_doc, "方案.doc").text
    assert text.index("一、总体要求") < text.index("（市住房城乡建设局牵头，市财政局配合）") < text.index("重点任务分解表")
    assert "1\t改造小区供水、燃气管网\t市城管执法局\t各区县（市）人民政府\t2025年12月" in text


def test_doc_gives_tasks_from_notes_and_from_the_table(plan_doc):
    document = ingest_source(read_bytes(plan_doc, "方案.doc"))
    leads = {t.text: [b.name for b in t.lead] for t in document.tasks}
    assert leads["改造小区供水、燃气管网"] == ["市城管执法局"]
    assert leads["建设社区养老服务设施"] == ["市民政局"]
    noted = [lead for text, lead in leads.items() if text.startswith("年内新增加装电梯")]
    assert noted == [["市住房城乡建设局"]]


def test_wps_is_read_as_word_97(plan_doc):
    assert read_bytes(plan_doc, "方案.wps").text == read_bytes(plan_doc, "方案.doc").text


def test_conversions_run_side_by_side(plan_doc):
    with ThreadPoolExecutor(2) as pool:
        texts = list(pool.map(office.read_doc, [plan_doc, plan_doc]))
    assert texts[0] == texts[1] and "重点任务分解表" in texts[0]


def test_a_docx_under_a_doc_name_is_read_without_libreoffice(monkeypatch):
    document = docx.Document()
    document.add_paragraph("一、重点任务")
    buffer = io.BytesIO()
    document.save(buffer)
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    assert read_bytes(buffer.getvalue(), "plan.doc").text == "一、重点任务"


def test_without_libreoffice_the_error_says_what_to_install(plan_doc, monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(ReadError, match="apt-get install libreoffice-writer-nogui"):
        read_bytes(plan_doc, "plan.doc")


def test_a_conversion_over_the_time_limit_is_stopped(plan_doc):
    with pytest.raises(ReadError, match="took longer"):
        office.to_docx(plan_doc, timeout_s=0.05)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"just some bytes, no document", "not a Word document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"damaged" * 200, "could not convert"),
    ],
)
def test_bad_files_refused_clearly(raw, reason):
    soffice_or_skip()
    with pytest.raises(ReadError, match=reason):
        read_bytes(raw, "plan.doc")
