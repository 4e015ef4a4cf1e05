"""OFD documents: text page by page in reading order, page furniture dropped, scanned pages read by OCR,
damaged or hostile files refused with a clear reason."""

import difflib
import io
import re
import zipfile

import pytest
from layout import lay_out
from ofd_maker import ofd_bytes, ofd_from_text
from PIL import Image
from scans import need_font

from ingest.pipeline import ingest_source
from ingest.read import ReadError, read_bytes

PLAN = """\
江城市城镇老旧小区改造提升工作实施方案
为贯彻落实省委、省政府关于推进城镇老旧小区改造的决策部署，进一步改善居民居住条件，提升城市品质，结合我市实际，制定本实施方案。
一、总体要求
（一）指导思想。坚持以人民为中心的发展思想，按照“政府引导、居民自愿、因地制宜、分类施策”的原则，统筹推进老旧小区改造、完整社区建设和城市更新，切实增强群众的获得感、幸福感和安全感。
（二）工作目标。2025年全市开工改造城镇老旧小区120个，惠及居民3.5万户；到2027年，基本完成2000年底前建成的老旧小区改造任务。
二、重点任务
（一）完善基础设施。
1. 改造提升水电气路。对小区供水、排水、供电、燃气、道路等基础设施进行改造，同步推进雨污分流和管网更新，消除安全隐患。（市住房城乡建设局牵头，市水务局、市城管局、国网江城供电公司配合）
2. 加装电梯。按照“应改尽改、能加尽加”的要求，支持具备条件的既有住宅加装电梯，全年新增加装电梯200台。（市住房城乡建设局牵头，市市场监管局配合）
（二）补齐服务短板。
3. 建设养老托育设施。结合社区闲置用房，新建社区嵌入式养老服务站15个、普惠托育点10个。（市民政局、市卫生健康委牵头，各区人民政府配合）
4. 配建停车和充电设施。利用边角空地增设停车位3000个，配建新能源汽车充电桩800个。（市城管局牵头，市发展改革委、市自然资源和规划局配合）
（三）提升治理水平。
5. 健全长效管理机制。指导改造后的小区成立业主委员会或物业管理委员会，引入专业化物业服务，推动党建引领基层治理与小区管理深度融合，物业服务覆盖率达到90%以上。（市住房城乡建设局牵头，市委组织部、市民政局配合）
6. 推进智慧社区建设。统筹建设社区综合信息平台，推广智能门禁、智能安防和智慧停车应用，年内建成智慧社区示范点20个。（市政务服务和大数据局牵头，市公安局配合）
三、保障措施
（一）加强资金保障。统筹中央补助资金、地方政府专项债券和社会资本，建立居民合理共担机制。（市财政局牵头，市住房城乡建设局配合）
（二）加强组织领导。成立由分管副市长任组长的工作专班，定期调度工作进展，协调解决重大问题。各区要落实属地责任，细化年度计划，确保按期完成改造任务。
（三）强化督查考核。将老旧小区改造工作纳入年度绩效考核，实行月调度、季通报、年考核，对工作推进不力的单位进行约谈。（市政府督查室牵头，市住房城乡建设局配合）
"""
LEADS = {
    "改造提升水电气路": (["市住房城乡建设局"], ["市水务局", "市城管局", "国网江城供电公司"]),
    "加装电梯": (["市住房城乡建设局"], ["市市场监管局"]),
    "配建停车和充电设施": (["市城管局"], ["市发展改革委", "市自然资源和规划局"]),
    "推进智慧社区建设": (["市政务服务和大数据局"], ["市公安局"]),
}
HEADER = "江城市人民政府办公室"


def squeezed(text: str) -> str:
    """The text without any whitespace: what survives a reader, whatever its line breaks."""
    return re.sub(r"\s+", "", text)


def printed(pages: list[list[str]]) -> str:
    """What a reader must return: every line but the `— N —` footers."""
    return "\n".join(line for lines in pages for line in lines if not line.startswith("—"))


@pytest.fixture(scope="module")
def pages():
    laid = lay_out(PLAN)
    assert len(laid) >= 3
    return laid


CODES = {"g": "DeltaX g shorthand", "list": "DeltaX lists", "chars": "a TextCode per character"}


@pytest.mark.parametrize("codes", CODES, ids=CODES.values())
def test_text_is_the_printed_text_without_furniture(pages, codes):
    source = read_bytes(ofd_bytes(pages, codes=codes, header=HEADER), "plan.ofd")
    assert source.format == "ofd"
    assert squeezed(source.text) == squeezed(printed(pages))
    assert HEADER not in source.text and "—" not in source.text


NOTICE = """\
关于加快推进城市更新工作的通知
各区人民政府，市政府各部门：
为深入实施城市更新行动，推动老旧小区、老旧街区和城中村改造提质增效，经市政府同意，现就有关事项通知如下。
一、压实工作责任
各区要落实属地责任，按照“应改尽改、能改快改”的要求，建立由主要负责同志牵头的工作机制，细化年度计划……确保各项改造任务按期完成。（各区人民政府牵头，市住房城乡建设局配合）
二、加强资金保障
统筹用好中央补助资金、地方政府专项债券和社会资本，建立居民合理共担机制，提高资金使用效益。（市财政局牵头，市发展改革委配合）
"""


@pytest.mark.parametrize("codes", CODES, ids=CODES.values())
def test_each_paragraph_comes_back_as_one_line(codes):
    """A paragraph wrapped over several printed lines is one line again, with no space opened inside it
    (after “ or …), and the title and headings stay lines of their own."""
    text = read_bytes(ofd_bytes(lay_out(NOTICE), codes=codes), "notice.ofd").text
    assert text.split("\n") == NOTICE.splitlines()


FIRST = (
    "（一）推进老旧小区改造。对小区供水、排水、供电、燃气等老旧管网进行改造，同步推进雨污分流和管网更新，"
    "消除安全隐患，切实改善居民居住条件，让群众住得安心、舒心、放心。"
)
SECOND = "（二）加快完整社区建设。统筹建设社区养老、托育、便民商业等服务设施，打造十五分钟便民生活圈。（市民政局牵头，市商务局配合）"


def test_a_numbered_heading_at_a_line_start_begins_a_paragraph():
    """（二） set flush left right under a line that fills the measure: only its number says a paragraph begins."""
    lines = lay_out(f"一、重点任务\n{FIRST}", footer=False)[0]
    assert len(lines[-1]) == 28  # the paragraph before ends on a full line
    lines += [SECOND[i : i + 28] for i in range(0, len(SECOND), 28)]
    text = read_bytes(ofd_bytes([lines]), "tasks.ofd").text
    assert text.split("\n") == ["一、重点任务", FIRST, SECOND]


def test_pages_keep_their_spans(pages):
    source = read_bytes(ofd_bytes(pages, header=HEADER), "plan.ofd")
    assert [page.number for page in source.pages] == list(range(1, len(pages) + 1))
    for page, lines in zip(source.pages, pages, strict=True):
        expected = [line for line in lines if not line.startswith("—")]
        assert squeezed(source.text[page.start : page.end]) == squeezed("".join(expected))
        assert not page.ocr


def test_tasks_have_their_lead_and_cooperating_bodies(pages):
    document = ingest_source(read_bytes(ofd_bytes(pages, header=HEADER), "plan.ofd"))
    found = {
        title: ([b.name for b in task.lead], [b.name for b in task.cooperating])
        for task in document.tasks
        for title in LEADS
        if title in task.item_title
    }
    assert found == LEADS
    assert document.metadata.title == "江城市城镇老旧小区改造提升工作实施方案"


def test_a_task_table_reads_row_by_row():
    """Cells a wide gap apart come back tab-separated, one row a line, never joined to the paragraphs around."""
    rows = ["序号\t工作任务\t牵头单位", "1\t加装电梯200台\t市住房城乡建设局", "2\t新增停车位3000个\t市城管局"]
    before, after = "附件：老旧小区改造提升重点任务分工表，各牵头单位按表中所列任务抓好落实。", "各区参照执行。"
    pages = lay_out(f"{before}\n{after}")
    pages[0][2:2] = rows
    text = read_bytes(ofd_bytes(pages), "table.ofd").text
    assert text.split("\n") == [before, *rows, after]


WRAPPED = (
    "全面排查2000年底前建成的城镇老旧小区，摸清小区基础设施、房屋安全和居民改造意愿，建立改造项目库，"
    "按照先急后缓、先易后难的原则制定年度改造计划"
)
TASK_ROWS = [
    "序号\t工作任务\t牵头单位\t责任单位\t完成时限",
    f"1\t{WRAPPED}\t市住房城乡建设局\t各区人民政府\t2025年6月",
    "2\t新增停车位3000个，配建新能源汽车充电桩800个\t市城管局\t市发展改革委、市自然资源和规划局\t2025年12月",
    "3\t新建社区嵌入式养老服务站15个\t市民政局\t市卫生健康委、各区人民政府\t2025年12月",
]
TASK_PLAN = "\n".join(
    [
        "江城市城镇老旧小区改造提升工作实施方案",
        "为贯彻落实省委、省政府关于推进城镇老旧小区改造的决策部署，进一步改善居民居住条件，提升城市品质，"
        "结合我市实际，制定本方案。",
        "各牵头单位要按照附件所列任务，细化工作措施，明确时间节点，每季度末向市住房城乡建设局报送工作进展情况。",
        "附件：老旧小区改造提升重点任务分工表",
        *TASK_ROWS,
        "各区参照执行。",
    ]
)


def content_texts(raw: bytes) -> list[str]:
    """The text of every TextCode on the first page, as the file stores it."""
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        content = package.read("Doc_0/Pages/Page_0/Content.xml").decode()
    return re.findall(r"<ofd:TextCode[^>]*>([^<]*)</ofd:TextCode>", content)


RULES = {"lines": "rules as M/L segments", "cells": "a rectangle per cell"}


@pytest.mark.parametrize("rules", RULES, ids=RULES.values())
def test_a_ruled_table_reads_row_by_row_with_wrapped_cells_whole(rules):
    """Each cell is wrapped to its column as its own TextObjects, the rows drawn as PathObjects: each row comes
    back as one line of tab-separated cells, between the paragraphs around the table."""
    raw = ofd_from_text(TASK_PLAN, rules=rules)
    pieces = [text for text in content_texts(raw) if len(text) > 2 and text in WRAPPED]
    assert len(pieces) >= 3 and "".join(pieces) == WRAPPED  # the maker wrapped the cell over three lines or more
    assert read_bytes(raw, "tasks.ofd").text.split("\n") == TASK_PLAN.splitlines()


def test_a_ruled_task_table_gives_tasks_with_lead_and_responsible_bodies():
    document = ingest_source(read_bytes(ofd_from_text(TASK_PLAN, codes="chars"), "tasks.ofd"))
    found = {
        task.text[:8]: ([b.name for b in task.lead], [b.name for b in task.responsible])
        for task in document.tasks
        if task.lead
    }
    assert found == {
        WRAPPED[:8]: (["市住房城乡建设局"], ["各区人民政府"]),
        "新增停车位300": (["市城管局"], ["市发展改革委", "市自然资源和规划局"]),
        "新建社区嵌入式养": (["市民政局"], ["市卫生健康委", "各区人民政府"]),
    }


def test_table_rows_that_do_not_fit_go_on_to_the_next_page():
    """A table longer than a page: its rules are drawn on both pages, every row comes back once, in order, and
    a paragraph that runs on over a page break is one line again."""
    works = ["管网更新", "加装电梯", "雨污分流", "外墙保温", "屋面防水", "停车设施", "充电设施", "养老服务站"]
    bodies = ["市住房城乡建设局", "市城管局", "市水务局", "市民政局", "市发展改革委"]
    rows = [  # no two rows alike bar their numbers: rows that differ only in digits read as running headers
        f"{n}\t推进{works[n % 8]}和{works[(n * 3 + 1) % 8]}，改善居民居住条件\t{bodies[n % 5]}\t{bodies[(n + 2) % 5]}"
        for n in range(1, 41)
    ]
    long = "统筹推进老旧小区改造、完整社区建设和城市更新，切实增强群众的获得感、幸福感和安全感。" * 16  # longer than a page
    text = "\n".join(["附件：重点任务分工表", "序号\t工作任务\t牵头单位\t责任单位", *rows, long, "各区参照执行。"])
    source = read_bytes(ofd_from_text(text), "long.ofd")
    assert len(source.pages) >= 3
    assert source.text.split("\n") == text.splitlines()


def picture(image, kind: str) -> bytes:
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


@need_font
def test_an_image_only_page_is_read_by_ocr(pages):
    """Page 2 of 3 is a scan (a JPEG over the whole page): OCR reads it, and only it is marked so."""
    from scans import scan_image

    scan = picture(scan_image(pages[1]), "JPEG")
    source = read_bytes(ofd_bytes(pages, scans={1: scan}), "plan.ofd")
    assert [page.ocr for page in source.pages] == [False, True, False]
    second = source.pages[1]
    read = squeezed(source.text[second.start : second.end])
    expected = squeezed("".join(pages[1][:-1]))
    assert difflib.SequenceMatcher(None, read, expected, autojunk=False).ratio() >= 0.97
    assert "—" not in read and not read.endswith("2")  # the printed page number went with the furniture
    first = source.pages[0]
    assert squeezed(source.text[first.start : first.end]) == squeezed("".join(pages[0][:-1]))


def fake_ocr(monkeypatch) -> list:
    """OCR replaced by a stub that notes the size of each picture it is given and reads headings in turn."""
    seen = []

    def read_lines(image):
        seen.append(image.size)
        return [["一、总体要求", "三、保障措施"][len(seen) - 1]]

    monkeypatch.setattr("ingest.formats.ocr.read_lines", read_lines)
    return seen


def test_a_page_with_only_a_small_picture_is_not_ocr(pages, monkeypatch):
    """A seal or logo alone on a page (a tenth of it) is not a scan: the page stays empty, no OCR runs."""
    seen = fake_ocr(monkeypatch)
    seal = picture(Image.new("L", (300, 300), 128), "PNG")
    source = read_bytes(ofd_bytes(pages, scans={2: seal}, picture_box=(70, 100, 66, 90)), "plan.ofd")
    assert seen == [] and not any(page.ocr for page in source.pages)
    assert source.pages[2].start == source.pages[2].end


def test_png_scan_pages_go_to_ocr_in_order(pages, monkeypatch):
    seen = fake_ocr(monkeypatch)
    scan = picture(Image.new("L", (827, 1170), 255), "PNG")
    source = read_bytes(ofd_bytes(pages, scans={0: scan, 2: scan}), "plan.ofd")
    assert seen == [(827, 1170), (827, 1170)]
    assert [page.ocr for page in source.pages] == [True, False, True]
    assert source.text.startswith("一、总体要求\n") and source.text.endswith("\n三、保障措施")


def test_a_broken_picture_on_a_scan_page_is_refused(pages, monkeypatch):
    fake_ocr(monkeypatch)
    with pytest.raises(ReadError, match="picture on page 2 .* cannot be decoded"):
        read_bytes(ofd_bytes(pages, scans={1: b"\x89PNG\r\n\x1a\n" + bytes(64)}), "plan.ofd")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"<html><body>\xe9\x80\x9a\xe7\x9f\xa5</body></html>", "not a ZIP"),
        (b"PK\x03\x04" + bytes(200), "not a ZIP"),
        (b"\x00\x01\x02 garbage", "not a ZIP"),
    ],
    ids=["html named .ofd", "zip signature only", "binary junk"],
)
def test_non_ofd_bytes_are_refused(raw, reason):
    with pytest.raises(ReadError, match=reason):
        read_bytes(raw, "plan.ofd")


def test_empty_file_is_refused():
    with pytest.raises(ReadError, match="empty"):
        read_bytes(b"", "plan.ofd")


def test_truncated_file_is_refused(pages):
    raw = ofd_bytes(pages)
    for cut in (len(raw) // 2, len(raw) - 30):
        with pytest.raises(ReadError, match="not a readable OFD file"):
            read_bytes(raw[:cut], "plan.ofd")


def test_zip_without_ofd_xml_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("Doc_0/Document.xml", "<Document/>")
    with pytest.raises(ReadError, match="OFD.xml is missing"):
        read_bytes(out.getvalue(), "plan.ofd")


def repacked(raw: bytes, parts: dict[str, bytes]) -> bytes:
    """The package with these parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            new.writestr(name, parts.pop(name, None) or old.read(name))
        for name, data in parts.items():
            new.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_part_is_refused(pages):
    """A page that unpacks to 80 MB from 80 kB: refused on its size, never unpacked whole."""
    bomb = b"<" + b" " * (80 * 1024 * 1024)
    raw = repacked(ofd_bytes(pages), {"Doc_0/Pages/Page_0/Content.xml": bomb})
    assert len(raw) < 200_000
    with pytest.raises(ReadError, match="too large"):
        read_bytes(raw, "plan.ofd")


def test_many_parts_over_the_unpacked_limit_are_refused(pages, monkeypatch):
    monkeypatch.setattr("ingest.formats.ofd.MAX_UNPACKED", 1_000_000)
    filler = {f"Doc_0/Res/filler_{i}.xml": b" " * 300_000 for i in range(4)}
    with pytest.raises(ReadError, match="too large when unpacked"):
        read_bytes(repacked(ofd_bytes(pages), filler), "plan.ofd")
    assert read_bytes(ofd_bytes(pages), "plan.ofd").text
