"""Ruled tables on scanned pages: rules found on the image, OCR boxes put into their cells, a row one line."""

import math
from difflib import SequenceMatcher

import pytest
from PIL import Image, ImageDraw
from scans import FONT, need_font

from ingest.formats.grid import tables
from ingest.formats.scanned_tables import page_lines, rule_segments
from ingest.read import read_bytes

XS = (160, 260, 760, 1060, 1400)  # column rules, pixels of a 200 dpi A4 page
YS = (500, 560, 760, 860)  # row rules


def ruled_page(angle: float = 0.0, xs=XS, ys=YS) -> Image.Image:
    """A white A4 page at 200 dpi with a ruled grid 2 px thick, turned by `angle` degrees about the top left."""
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=2)
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=0, width=2)
    return page.rotate(-angle, center=(0, 0), fillcolor=255, resample=Image.BICUBIC) if angle else page


def turned(x: float, y: float, angle: float) -> tuple[float, float]:
    """Where a point of the upright page lands on the page turned as ruled_page turns it."""
    a = math.radians(angle)
    return x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)


def quad(x0: float, y0: float, x1: float, y1: float, angle: float = 0.0) -> list[tuple[float, float]]:
    """An OCR box's corners (top-left, top-right, bottom-right, bottom-left) on the turned page."""
    return [turned(x, y, angle) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]


@pytest.mark.parametrize("angle", [0.0, 1.0, -1.0])
def test_the_rules_of_a_grid_make_its_cells_however_the_page_is_turned(angle):
    segments = rule_segments(ruled_page(angle), math.radians(angle))
    (grid,) = tables(segments, tolerance=8)
    assert all(abs(a - b) <= 3 for a, b in zip(grid.xs, XS, strict=True)) and len(grid.xs) == len(XS)
    assert all(abs(a - b) <= 3 for a, b in zip(grid.ys, YS, strict=True)) and len(grid.ys) == len(YS)


def test_a_table_a_page_break_cut_is_closed_where_its_column_rules_end():
    """The last row's bottom rule is on the next page: the column rules' ends stand in for it."""
    page = ruled_page(xs=XS, ys=YS)
    ImageDraw.Draw(page).line((XS[0], YS[-1], XS[-1], YS[-1]), fill=255, width=4)  # rub the bottom rule out
    (grid,) = tables(rule_segments(page), tolerance=8)
    assert len(grid.ys) == len(YS) and abs(grid.ys[-1] - YS[-1]) <= 3


@need_font
def test_text_underlines_and_a_dark_picture_make_no_rules():
    from PIL import ImageFont

    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 44)
    for row in range(20):
        draw.text((220, 300 + 62 * row), "一二三——十中丨甲申由田工王土干亖皿一一一三", font=font, fill=0)
    draw.line((220, 1700, 1400, 1700), fill=0, width=2)  # an underline: no table
    draw.rectangle((300, 1800, 900, 2200), fill=30)  # a photograph
    assert tables(rule_segments(page), tolerance=8) == []


def test_boxes_in_cells_come_back_as_rows_of_whole_cells_in_place():
    """A cell wrapped over three lines is one cell; the row lines stand between the prose lines above and
    below the table, on a page turned 1°."""
    angle = 1.0
    boxes = [
        ((200, 400, 1300, 440), "为推进城镇老旧小区改造，制定本方案。"),
        ((170, 515, 250, 545), "序号"),
        ((270, 515, 400, 545), "工作任务"),
        ((770, 515, 900, 545), "牵头单位"),
        ((1070, 515, 1200, 545), "责任单位"),
        ((170, 575, 200, 605), "1"),
        ((270, 575, 750, 605), "全面排查2000年底前建成的老旧小区，"),
        ((270, 615, 750, 645), "摸清房屋安全和居民改造意愿，建立"),
        ((270, 655, 500, 685), "改造项目库"),
        ((770, 575, 1050, 605), "市住房城乡建设局"),
        ((1070, 575, 1390, 605), "各区人民政府"),
        ((170, 775, 200, 805), "2"),
        ((270, 775, 700, 805), "新建社区养老服务站15个"),
        ((770, 775, 900, 805), "市民政局"),
        ((200, 900, 700, 940), "各区参照执行。"),
    ]
    quads = [quad(*box, angle) for box, _ in boxes]
    lines = page_lines(ruled_page(angle), quads, [text for _, text in boxes])
    assert [line.text for line in lines] == [
        "为推进城镇老旧小区改造，制定本方案。",
        "序号\t工作任务\t牵头单位\t责任单位",
        "1\t全面排查2000年底前建成的老旧小区，摸清房屋安全和居民改造意愿，建立改造项目库\t市住房城乡建设局\t各区人民政府",
        "2\t新建社区养老服务站15个\t市民政局\t",
        "各区参照执行。",
    ]
    assert lines[1].top > lines[2].top > lines[3].top > lines[4].top  # y grows upwards, as in PDF


def test_a_page_without_rules_reads_as_before():
    from ingest.formats.reading_order import boxes_from_quads, placed_lines

    boxes = [
        ((200, 400, 700, 440), "一、总体要求"),
        ((200, 470, 400, 510), "序号"),
        ((700, 470, 1000, 510), "牵头单位"),
    ]
    quads = [quad(*box, 0.5) for box, _ in boxes]
    texts = [text for _, text in boxes]
    blank = Image.new("L", (1654, 2339), 255)
    assert [line.box for line in page_lines(blank, quads, texts)] == [
        line.box for line in placed_lines(boxes_from_quads(quads, texts))
    ]
    assert [line.text for line in page_lines(blank, quads, texts)] == ["一、总体要求", "序号\t牵头单位"]


MEASURE = (
    "全面排查2000年底前建成的城镇老旧小区，摸清基础设施、房屋安全和居民改造意愿，建立改造项目库，制定年度计划"
)
TASK_PLAN = "\n".join(
    [
        "附件",
        "江城市老旧小区改造重点任务分解表",
        "序号\t工作任务\t具体措施\t牵头单位\t责任单位\t完成时限",
        f"1\t老旧小区改造\t{MEASURE}\t市住房城乡建设局\t各区人民政府\t2025年6月",
        "2\t停车设施建设\t新增停车位3000个，配建充电桩800个\t市城管局\t市发展改革委、市自然资源和规划局\t2025年12月",
        "3\t社区养老服务\t新建社区嵌入式养老服务站15个\t市民政局\t市卫生健康委\t2025年12月",
    ]
)


@need_font
def test_a_scanned_task_table_gives_tasks_with_their_bodies_and_whole_cells():
    """The printed table scanned (greyscale, turned up to 1°, noise, JPEG 60), read by OCR."""
    from pdfs import document_pdf
    from scans import scan_of_pdf

    from ingest.pipeline import ingest_source

    source = read_bytes(scan_of_pdf(document_pdf(TASK_PLAN)), "scan.pdf")
    rows = [line for line in source.text.splitlines() if "\t" in line]
    assert len(rows) == 4 and all(row.count("\t") == 5 for row in rows)
    measure, responsible = rows[1].split("\t")[2], rows[2].split("\t")[4]
    assert measure[:6] == MEASURE[:6] and measure[-6:] == MEASURE[-6:]  # wrapped over six lines, whole again
    assert SequenceMatcher(None, measure, MEASURE).ratio() > 0.95  # (a speck of dust may read as a dot)
    assert responsible == "市发展改革委、市自然资源和规划局"  # wrapped over three lines
    document = ingest_source(source)
    found = {
        task.text[:6]: ([b.name for b in task.lead], [b.name for b in task.responsible])
        for task in document.tasks
        if task.lead
    }
    assert found == {
        MEASURE[:6]: (["市住房城乡建设局"], ["各区人民政府"]),
        "新增停车位3": (["市城管局"], ["市发展改革委", "市自然资源和规划局"]),
        "新建社区嵌入": (["市民政局"], ["市卫生健康委"]),
    }
