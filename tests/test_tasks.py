"""Tasks: the text each note governs, in items, partial items, sections and continuations."""

from ingest.clean import clean
from ingest.extract.tasks import find_tasks
from ingest.pipeline import ingest_source
from ingest.read import Source
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


def roles_of(task):
    return task.note.roles


def test_fields_on_lines_of_their_own_close_the_item_above():
    original = (
        "二、重点任务\n\n"
        "3. 推进老旧小区改造。完成改造老旧小区86个，加装电梯40部。\n\n"
        "牵头单位：市住建局；配合单位：市财政局、市发改委\n\n"
        "责任单位：各县市区人民政府\n\n"
        "4. 提升公园品质。新建口袋公园12个。\n"
    )
    (task,) = tasks_of(original)
    assert task.text == "完成改造老旧小区86个，加装电梯40部"
    assert (task.block.number, task.block.title, task.scope) == ("3.", "推进老旧小区改造", "item")
    assert roles_of(task) == {
        "lead": ["市住建局"],
        "cooperating": ["市财政局", "市发改委"],
        "responsible": ["各县市区人民政府"],
    }


def test_a_heading_and_the_paragraphs_under_it_are_the_item_of_a_field_line():
    original = (
        "附件\n\n2025年十件民生实事\n\n"
        "一、扩大城乡就业\n\n"
        "年度目标：全省城镇新增就业42万人以上。\n\n"
        "开展职业技能培训15万人次。\n\n"
        "主办单位：省人力资源社会保障厅、省财政厅，各州、市人民政府\n\n"
        "二、守护群众健康\n\n"
        "年度目标：新建村卫生室120个。\n\n"
        "主办单位：省卫生健康委，各州、市人民政府\n"
    )
    first, second = tasks_of(original)
    assert first.text == "年度目标：全省城镇新增就业42万人以上\n开展职业技能培训15万人次"
    assert (first.block.number, first.block.title) == ("一、", "扩大城乡就业")
    assert roles_of(first) == {"lead": ["省人力资源社会保障厅", "省财政厅", "各州、市人民政府"]}
    assert second.block.title == "守护群众健康"
    assert roles_of(second) == {"lead": ["省卫生健康委", "各州、市人民政府"]}


def test_fields_closing_an_item_on_its_own_line_are_its_note():
    original = (
        "5. 保障城市供水。新建水厂2座，改造供水管网60公里。"
        "牵头部门：市水务局；协办单位：市城管局；责任部门：各县、市、区人民政府\n"
    )
    (task,) = tasks_of(original)
    assert task.text == "新建水厂2座，改造供水管网60公里"
    assert task.note.text.startswith("牵头部门：市水务局")
    assert roles_of(task) == {
        "lead": ["市水务局"],
        "cooperating": ["市城管局"],
        "responsible": ["各县、市、区人民政府"],
    }


def test_spellings_of_the_labels_and_a_lead_marked_in_a_list():
    original = (
        "6. 建设智慧社区。建成智慧社区示范点15个。\n\n"
        "实施单位：市民政局（牵头）、市数据局\n\n"
        "参与单位：各街道办事处\n"
    )
    (task,) = tasks_of(original)
    assert roles_of(task) == {"lead": ["市民政局"], "responsible": ["市数据局"], "cooperating": ["各街道办事处"]}


def test_a_line_naming_people_gives_no_bodies_and_is_no_items_text():
    original = (
        "7. 完善养老服务。新增养老床位600张。\n\n"
        "牵头领导：周建国\n\n"
        "牵头部门：市民政局\n\n"
        "完成时限：2025年12月底\n\n"
        "8. 发展普惠托育。新增托位800个。\n\n"
        "责任领导：吴晓梅\n"
    )
    (task,) = tasks_of(original)
    assert task.text == "新增养老床位600张"
    assert roles_of(task) == {"lead": ["市民政局"]}
    assert "周建国" not in str(roles_of(task)) and "2025年12月底" not in task.text


def test_a_field_line_with_no_item_before_it_is_no_task():
    assert tasks_of("牵头单位：市发改委；配合单位：市统计局\n\n一、总体要求\n") == []


def test_fields_right_under_a_heading_note_the_section_and_parent_its_items():
    original = (
        "（二）优化营商环境\n\n"
        "牵头单位：市营商办\n\n"
        "1. 压缩开办时间。企业开办1个工作日办结。（市市场监管局负责）\n\n"
        "2. 推行承诺审批。工程项目审批提速30%。\n\n"
        "责任单位：市住建局\n"
    )
    section, first, second = tasks_of(original)
    assert (section.scope, section.text, roles_of(section)) == ("section", "优化营商环境", {"lead": ["市营商办"]})
    assert first.parent == 0 and second.parent == 0
    assert second.text == "工程项目审批提速30%" and roles_of(second) == {"responsible": ["市住建局"]}


def test_a_web_pages_sponsor_line_is_no_note():
    original = "3. 推进政务公开。更新公开目录。\n\n主办单位：青山市人民政府办公室咨询热线：0731-12345网站管理：0731-8888888\n"
    assert tasks_of(original) == []


def test_labelled_bodies_resolve_by_jurisdiction_and_stay_generic():
    report = (
        "2025年青山省政府工作报告\n\n各位代表：\n\n现在，我代表省人民政府，向大会报告工作。\n\n"
        "附件\n\n2025年十件民生实事\n\n"
        "一、改善农村道路\n\n年度目标：新改建农村公路8000公里。\n\n"
        "主办单位：省交通运输厅，各州、市人民政府\n"
    )
    document = ingest_source(Source("report.txt", report, "txt", "utf-8", report.encode()))
    (task,) = document.tasks
    assert (task.item_no, task.item_title) == ("一、", "改善农村道路")
    department, regions = task.lead
    assert department.label == "青山省交通运输厅" and not department.generic
    assert regions.name == "各州、市人民政府" and regions.generic
    assert report[task.annotation_span.start : task.annotation_span.end].startswith("主办单位：省交通运输厅")
