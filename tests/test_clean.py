"""Cleaning: artefacts out, and every kept character maps back to the original."""

from ingest.clean import clean


def roundtrip(original: str, fragment: str) -> str:
    """The original characters behind a fragment of the clean text."""
    doc = clean(original)
    start = doc.text.index(fragment)
    span = doc.span(start, start + len(fragment))
    return original[span.start : span.end]


def test_page_number_line_inside_a_paragraph_is_dropped_and_joined():
    original = "1. 抓实项目投资。加强项目策划，\n— 7 —\n\n谋划储备一批重大项目。\n"
    assert "加强项目策划，谋划储备一批重大项目。" in clean(original).text


def test_number_and_unit_split_by_a_page_break_are_joined():
    original = "提高散居孤儿基本生活保障标准，从900元/月提高到1050\n\n元/月。\n"
    assert "提高到1050元/月。" in clean(original).text


def test_character_doubled_across_a_break_is_dropped_once():
    original = "大力发展全域旅游，创建一批省级乡\n\n乡村旅游重点村，打造精品线路。\n"
    assert "省级乡村旅游重点村" in clean(original).text


def test_reduplicated_word_across_a_break_is_kept():
    original = "推动全民健身场地设施建设，实现人\n\n人享有基本体育服务的目标要求。\n"
    assert "人人享有" in clean(original).text


def test_headings_and_titles_are_not_glued_to_the_next_line():
    original = "株洲市推进数字政府建设实施方案\n\n一、总体要求\n\n坚持统筹推进。\n"
    assert clean(original).text.split("\n\n")[:2] == ["株洲市推进数字政府建设实施方案", "一、总体要求"]


def test_note_split_across_lines_is_joined():
    original = "完成年度改造任务。（市住房和城乡建设局牵头，市发改委、市财\n\n政局配合）\n"
    assert "（市住房和城乡建设局牵头，市发改委、市财政局配合）" in clean(original).text


def test_note_alone_on_its_own_line_joins_its_paragraph():
    original = "3. 建设智慧停车场。新增公共停车泊位2000个。\n\n（市城管局牵头）\n"
    assert "新增公共停车泊位2000个。（市城管局牵头）" in clean(original).text


def test_half_width_brackets_and_commas_made_full_width():
    text = clean("做好燃气安全排查(市城管局牵头,市应急局配合)。\n").text
    assert "（市城管局牵头，市应急局配合）" in text


def test_full_width_digits_made_half_width_offsets_kept():
    assert roundtrip("完成改造１２０个。\n", "120个") == "１２０个"


def test_markdown_debris_removed():
    original = "## 一、工作目标\n\n**1. 稳定粮食生产。**全年粮食产量稳定。\n\n---\n"
    text = clean(original).text
    assert "一、工作目标" in text and "1. 稳定粮食生产。全年粮食产量稳定。" in text
    assert "#" not in text and "**" not in text and "---" not in text


def test_vertical_ocr_junk_removed():
    original = "（一）强化债务管理\n\n防\n范\n化\n解\n债\n务\n\n1. 严控新增债务。坚决遏制隐性债务。\n"
    text = clean(original).text
    assert "防\n范" not in text and "1. 严控新增债务。" in text


def test_spans_map_back_across_a_joined_break():
    original = "推进城镇老旧小区改造，完成年度改造任务\n— 3 —\n\n120个以上。（市住建局牵头）\n"
    assert roundtrip(original, "（市住建局牵头）") == "（市住建局牵头）"
    assert roundtrip(original, "年度改造任务120个") == "年度改造任务\n— 3 —\n\n120个"
