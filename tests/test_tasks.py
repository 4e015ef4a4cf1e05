"""Tasks: the text each note governs, in items, partial items, sections and continuations."""

from ingest.clean import clean
from ingest.extract.tasks import find_tasks
from ingest.structure import blocks


def tasks_of(original: str):
    text = clean(original).text
    return find_tasks(blocks(text), text)


def test_one_note_governs_the_item_body_after_its_title():
    (task,) = tasks_of("一、重点任务\n\n1. 推进老旧小区改造。完成改造老旧小区120个。（市住建局牵头）\n")
    assert task.text == "完成改造老旧小区120个"
    assert task.scope == "item"
    assert task.block.title == "推进老旧小区改造"


def test_an_item_with_three_notes_is_three_tasks():
    original = (
        "2. 加强农村基础设施。农村公路提质改造300公里。（市交通运输局牵头）"
        "新建5G基站500个。（市通管办牵头）新增蓄水能力200万方。（市水利局牵头）\n"
    )
    found = tasks_of(original)
    assert [t.text for t in found] == ["农村公路提质改造300公里", "新建5G基站500个", "新增蓄水能力200万方"]
    assert {t.scope for t in found} == {"partial"}


def test_note_mid_sentence_covers_the_text_before_it():
    original = "3. 森林防火。完成防火隔离带建设120公里,(市林业局牵头)建设半专业扑火队伍20支。（市应急局牵头）\n"
    found = tasks_of(original)
    assert [t.text for t in found] == ["完成防火隔离带建设120公里", "建设半专业扑火队伍20支"]


def test_heading_note_covers_the_section_and_parents_its_items():
    original = (
        "（一）防范化解债务风险（市财政局牵头）\n\n"
        "1. 严控新增隐性债务。建立常态化监测机制。（市财政局、市审计局负责）\n\n"
        "2. 稳妥化解存量债务。推动平台公司转型。（市国资委负责）\n"
    )
    section, first, second = tasks_of(original)
    assert (section.scope, section.text) == ("section", "防范化解债务风险")
    assert first.parent == 0 and second.parent == 0
    assert first.note.roles == {"responsible": ["市财政局", "市审计局"]}


def test_note_in_a_following_paragraph_covers_the_item_too():
    original = (
        "4. 加强特种设备监管。完善气瓶充装追溯体系，推进电梯安全守护工程。\n\n"
        "严厉打击非法充装行为，公开曝光典型案件。（市市场监管局牵头，市应急局配合）\n"
    )
    (task,) = tasks_of(original)
    assert task.text.startswith("完善气瓶充装追溯体系") and task.text.endswith("公开曝光典型案件")


def test_paragraph_without_notes_gives_no_task():
    assert tasks_of("（二）主要目标\n\n地区生产总值增长6%左右（按可比价计算）。\n") == []


def test_labelled_line_after_a_paragraph_governs_it():
    original = (
        "三、提升养老服务\n\n"
        "年度目标：新增护理型床位3000张，完成困难老年人家庭适老化改造5000户。\n\n"
        "主办单位：省民政厅、省财政厅，各市人民政府\n\n"
        "四、改善学校条件\n"
    )
    (task,) = tasks_of(original)
    assert task.text.startswith("年度目标：新增护理型床位3000张")
    assert task.note.roles == {"lead": ["省民政厅", "省财政厅", "各市人民政府"]}
