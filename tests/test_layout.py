"""Paragraphs from placed lines, and page furniture: on lines placed by hand as an official page sets them."""

from __future__ import annotations

from ingest.formats.furniture import strip_furniture
from ingest.formats.layout import Line, paragraphs, runs_on

SIZE, LEFT, RIGHT, PITCH = 16.0, 79.0, 527.0, 28.0


def page(*rows: tuple[str, float, float], top: float = 740.0, size: float = SIZE) -> list[Line]:
    """Lines from (text, left, right), one pitch apart downwards."""
    return [Line(text, left, right, top - i * PITCH, top - i * PITCH - size, size) for i, (text, left, right) in enumerate(rows)]


def test_indent_and_short_last_line_bound_a_paragraph():
    lines = page(
        ("坚持以人民为中心的发展思想，统筹城市规划", LEFT + 2 * SIZE, RIGHT),
        ("建设管理，推动城市高质量发展，到2027年基本完成改造任务，", LEFT, RIGHT),
        ("群众获得感明显增强。", LEFT, LEFT + 10 * SIZE),
        ("各地要加强组织领导，明确责任分工，确保各项任务落地见效。", LEFT + 2 * SIZE, RIGHT),
    )
    assert paragraphs(lines) == [
        "坚持以人民为中心的发展思想，统筹城市规划建设管理，推动城市高质量发展，到2027年基本完成改造任务，群众获得感明显增强。",
        "各地要加强组织领导，明确责任分工，确保各项任务落地见效。",
    ]


def test_a_numbered_heading_at_the_margin_starts_a_paragraph():
    lines = page(
        ("（一）推进老旧小区改造。2025年改造老旧小区120个，同步完善养老", LEFT + 2 * SIZE, RIGHT),
        ("托育等配套设施。（市住房城乡建设局牵头，市财政局配合）", LEFT, RIGHT),
        ("（二）加快城市地下管网建设。新建改造供水、排水管网300公里。", LEFT, RIGHT),
    )
    assert [p[:3] for p in paragraphs(lines)] == ["（一）", "（二）"]


def test_a_change_of_font_size_or_a_wide_gap_starts_a_paragraph():
    title = page(("青山市城市更新三年行动实施方案", LEFT + 5 * SIZE, RIGHT - 5 * SIZE), size=22.0)
    body = page(
        ("为推动城市高质量发展，制定本方案。各区县要结合实际抓好落实，", LEFT, RIGHT),
        ("确保取得实效。", LEFT, RIGHT),
        top=title[0].top - 3 * PITCH,
    )
    assert paragraphs(title + body) == ["青山市城市更新三年行动实施方案", "为推动城市高质量发展，制定本方案。各区县要结合实际抓好落实，确保取得实效。"]


def test_a_table_row_stands_alone():
    lines = page(("1\t实施老旧小区改造\t市住房城乡建设局", LEFT, RIGHT), ("2\t推进燃气管道更新\t市城市管理局", LEFT, RIGHT))
    assert paragraphs(lines) == [line.text for line in lines]


def test_two_columns_keep_their_own_margins():
    left = [Line("左栏第一段从这里开始写，一直写", 50, 290, 700 - i * 20, 688 - i * 20, 12) for i in range(3)]
    right = [Line("右栏的文字也从这里开始写，一直写", 310, 550, 700 - i * 20, 688 - i * 20, 12) for i in range(3)]
    right[0] = Line(right[0].text, 334, 550, 700, 688, 12)  # indented: a new paragraph in the right column
    assert len(paragraphs(left + right)) == 2


def test_a_paragraph_runs_on_over_a_page_break_unless_it_ended():
    before = page(("各地各部门要加强组织领导，明确责任分工，强化资金保障，加大", LEFT, RIGHT))
    after = page(("督促检查力度，确保各项任务落地见效。", LEFT, LEFT + 18 * SIZE))
    assert runs_on(before, after)
    ended = page(("各地各部门要加强组织领导，明确责任分工，确保各项任务落地见效。", LEFT, RIGHT))
    assert not runs_on(ended, after)
    heading = page(("三、保障措施", LEFT, LEFT + 6 * SIZE))
    assert not runs_on(before, heading)


def test_lines_without_positions_are_left_as_they_are():
    assert paragraphs([Line("一行"), Line("又一行")]) == ["一行", "又一行"]


def test_page_numbers_and_running_headers_go_body_lines_stay():
    body = [("推进老旧小区改造。", "完善配套设施。"), ("加快管网建设。", "消除易涝积水点。"), ("完善社区服务。", "打造便民生活圈。")]
    pages = [["青山市人民政府公报", first, last, f"— {n} —"] for n, (first, last) in enumerate(body, start=1)]
    pages[1][-1] = "- 2 -"
    pages[2].append("第 3 页 共 3 页")
    kept = strip_furniture(pages)
    assert all("公报" not in line and "页 共" not in line and "—" not in line for lines in kept for line in lines)
    assert [len(lines) for lines in kept] == [2, 2, 2]


def test_a_two_page_document_keeps_a_first_line_that_differs():
    pages = [["青山市人民政府办公室文件", "正文开头。", "1"], ["各区县人民政府：", "正文结尾。", "2"]]
    assert strip_furniture(pages) == [["青山市人民政府办公室文件", "正文开头。"], ["各区县人民政府：", "正文结尾。"]]
