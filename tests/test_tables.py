"""Task tables in both layouts: tab-separated rows and one cell per line."""

from ingest.clean import clean
from ingest.extract.tables import find_table_tasks
from ingest.structure import blocks


def table_tasks(original: str):
    text = clean(original).text
    return find_table_tasks(blocks(text), text)


def test_tab_separated_rows_with_several_measures_in_a_cell():
    original = (
        "附件2\n\n株洲市优化营商环境重点任务清单\n\n"
        "工作任 务\t具体工作措施\t牵头单位\t责任单位\t完成时限\n"
        "1. 深化国企改革。\t(1) 完善国有资产监管体系，加强国有企业财务监测。 (2) 推进国有企业分类监管。"
        "\t市国资委\t市财政局、市审计局\t2024年12月\n"
        "2. 提升政务服务。\t(3) 推行企业开办一日办结，全面实现线上办理。\t市数据局\t/\t长期坚持\n"
    )
    found = table_tasks(original)
    assert [t.text for t in found] == [
        "完善国有资产监管体系，加强国有企业财务监测。",
        "推进国有企业分类监管。",
        "推行企业开办一日办结，全面实现线上办理。",
    ]
    assert found[0].note.roles == {"lead": ["市国资委"], "responsible": ["市财政局", "市审计局"]}
    assert [t.title for t in found] == ["深化国企改革", "深化国企改革", "提升政务服务"]  # the row's item
    assert found[2].note.roles == {"lead": ["市数据局"]}
    assert {t.scope for t in found} == {"table"}


def test_one_cell_per_line_table():
    original = "\n".join(
        [
            "附件2",
            "任务分工表",
            "序号",
            "工作事项",
            "主要内容",
            "牵头单位",
            "配合单位",
            "1",
            "扩大家庭医生队伍。",
            "鼓励二级以上医院医师到基层执业，每年新增家庭医生不少于200名，逐步提高签约覆盖率。",
            "各区政府",
            "市卫生健康委、市人社局",
            "完善家庭医生培训体系，每年培训基层医生1000人次，提升全科诊疗能力和服务水平。",
            "市卫生健康委",
            "/",
        ]
    )
    first, second = table_tasks(original)
    assert first.note.roles == {"lead": ["各区政府"], "cooperating": ["市卫生健康委", "市人社局"]}
    assert second.note.roles == {"lead": ["市卫生健康委"]}
    assert second.text.startswith("完善家庭医生培训体系")


def test_a_table_without_role_columns_gives_no_tasks():
    original = "指标名称\t目标值\t备注\n地区生产总值增速\t6%左右\t可比价\n"
    assert table_tasks(original) == []


def test_row_whose_merged_leading_cell_was_lost_is_aligned_right():
    original = (
        "工作任务\t具体工作措施\t牵头单位\t责任单位\t完成时限\n"
        "1. 优化政务服务。\t(1) 推行企业开办一日办结，全面实现线上办理。\t市数据局\t各区政府\t2024年12月\n"
        "\t(2) 推进高频事项跨省通办，年内新增通办事项20项。\t市政务服务中心\t市直相关单位\t2024年12月\n"
    )
    second = table_tasks(original)[1]
    assert second.text.startswith("推进高频事项跨省通办")
    assert second.note.roles == {"lead": ["市政务服务中心"], "responsible": ["市直相关单位"]}


def test_a_table_whose_task_column_is_the_text_and_a_row_continuing_a_merged_number():
    original = (
        "附件\n\n重点任务分工表\n\n"
        "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t制定乡村旅游重点村建设办法，确定15个重点村\t省文化和旅游厅\t省财政厅\t2031年6月底前\n"
        "2\t建设旅游驿站200个\t各市人民政府\t省文化和旅游厅、省交通运输厅\t2031年12月底前\n"
        "\t落实驿站建设用地政策\t省自然资源厅\t各市人民政府\t2031年9月底前\n"
    )
    found = table_tasks(original)
    assert [t.text for t in found] == [
        "制定乡村旅游重点村建设办法，确定15个重点村", "建设旅游驿站200个", "落实驿站建设用地政策",
    ]
    assert found[1].note.roles == {"lead": ["各市人民政府"], "cooperating": ["省文化和旅游厅", "省交通运输厅"]}
    assert found[2].note.roles["lead"] == ["省自然资源厅"]


def test_one_cell_per_line_row_ends_at_the_next_rows_item_when_its_number_was_lost():
    original = (
        "附件2\n\n任务分工表\n\n序号\n工作事项\n主要内容\n牵头单位\n配合单位\n牵头处室\n配合处室\n"
        "22\n加强组织领导\n各区、各部门要充分认识推进签约服务的重要性，把签约服务纳入重要议事日程，统筹推进。\n各区政府\n/\n/\n/\n"
        "23\n强化监管评价。\n将签约服务考核纳入综合医改考核范畴，健全绩效评价和考核制度，定期开展考核评价。\n市卫生健康委\n各区政府\n"
        "考评处\n/\n"
    )
    found = table_tasks(original)
    assert found[0].note.roles == {"lead": ["各区政府"]}
    assert found[1].note.roles == {"lead": ["市卫生健康委"], "cooperating": ["各区政府"]}
