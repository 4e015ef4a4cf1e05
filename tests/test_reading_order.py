"""Reading order of OCR boxes, checked on boxes placed by hand (no OCR run): columns, table rows, skew."""

import math

from ingest.formats.reading_order import Box, boxes_from_quads, find_gutter, ordered_lines

CHAR, PITCH, LEFT = 44, 78, 220  # a 16 pt character and line pitch at 200 dpi, the left margin


def box(text: str, row: int, x: float = LEFT) -> Box:
    """A box of `text` on printed line `row`, starting at x."""
    top = 300 + row * PITCH
    return Box(text, x, top, x + len(text) * CHAR, top + 50)


def two_column_page() -> list[Box]:
    left = ["一、总体目标", "到二〇二五年底完成改造老旧", "小区一百二十个，惠及居民", "二、主要任务"]
    right = ["（一）摸清底数。开展", "普查，建立台账。", "（市住建局牵头）", "（二）加快改造。"]
    title = [box("湘潭市城市燃气管道老化更新改造实施方案", 0, 300)]
    body = [box(text, row, LEFT) for row, text in enumerate(left, 1)]
    body += [box(text, row, 850) for row, text in enumerate(right, 1)]
    return title + body + [box("—1—", 24, 760)]


def test_two_columns_read_left_then_right_between_title_and_page_number():
    assert ordered_lines(two_column_page()) == [
        "湘潭市城市燃气管道老化更新改造实施方案",
        "一、总体目标",
        "到二〇二五年底完成改造老旧",
        "小区一百二十个，惠及居民",
        "二、主要任务",
        "（一）摸清底数。开展",
        "普查，建立台账。",
        "（市住建局牵头）",
        "（二）加快改造。",
        "—1—",
    ]


ROWS = [("序号", "重点任务", "牵头单位", "责任单位"), ("1", "改造燃气管道", "市住建局", "各区政府")]
STOPS = [LEFT, LEFT + 250, LEFT + 700, LEFT + 1050]


def table_boxes() -> list[Box]:
    return [box(text, row, x) for row, texts in enumerate(ROWS) for text, x in zip(texts, STOPS, strict=True)]


def test_table_rows_stay_rows_with_tabs_between_cells():
    assert find_gutter(table_boxes()) is None
    assert ordered_lines(table_boxes()) == ["\t".join(row) for row in ROWS]


def test_single_column_with_short_lines_is_not_split():
    texts = [
        "一、总体目标",
        "到2025年底，完成城市燃气、供水、排水等老化管道更新",
        "改造任务。",
        "二、主要任务",
    ]
    boxes = [box(text, row) for row, text in enumerate(texts)]
    assert find_gutter(boxes) is None
    assert ordered_lines(boxes) == texts


def test_boxes_close_together_join_without_a_tab():
    line = [box("（市住房城乡建设局牵头，", 0), box("市财政局配合）", 0, LEFT + 12 * CHAR + 20)]
    assert ordered_lines(line) == ["（市住房城乡建设局牵头，市财政局配合）"]


def tilted(quad_box: Box, angle: float) -> list[tuple[float, float]]:
    """The corners of a box turned by `angle` degrees about the page origin, as a skewed scan shows them."""
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    corners = [
        (quad_box.x0, quad_box.y0),
        (quad_box.x1, quad_box.y0),
        (quad_box.x1, quad_box.y1),
        (quad_box.x0, quad_box.y1),
    ]
    return [(x * cos - y * sin, x * sin + y * cos) for x, y in corners]


def test_a_two_column_page_skewed_two_degrees_still_reads_column_by_column():
    """A gutter 1.6 characters wide: tilted 2°, the column edges drift 65 px down a full page, which
    closes the gutter unless the boxes are turned back first."""
    left = [f"{n}.改造老旧燃气管道{n}公里" for n in range(1, 25)]
    right = [f"（{n}）市住建局牵头{n}项" for n in range(1, 25)]
    boxes = [box(text, row, LEFT) for row, text in enumerate(left)]
    boxes += [box(text, row, 950) for row, text in enumerate(right)]
    quads = [tilted(one, 2.0) for one in boxes]
    assert ordered_lines(boxes_from_quads(quads, left + right)) == left + right


def test_table_rows_of_a_page_skewed_two_degrees_stay_rows():
    quads = [tilted(one, 2.0) for one in table_boxes()]
    drop = min(y for x, y in quads[3]) - min(y for x, y in quads[0])
    assert drop > 25, "the tilt must lower a row's last cell by over half its height"
    texts = [text for row in ROWS for text in row]
    assert ordered_lines(boxes_from_quads(quads, texts)) == ["\t".join(row) for row in ROWS]
