"""Responsibility notes in the genre: roles, lists, nesting, and brackets that are not notes."""

import pytest

from ingest.extract.notes import find_notes


def roles(text: str) -> list[dict]:
    return [note.roles for note in find_notes(text)]


def test_lead_and_cooperating():
    assert roles("建成一批口袋公园。（市城管局牵头，市自然资源和规划局、市财政局等配合）") == [
        {"lead": ["市城管局"], "cooperating": ["市自然资源和规划局", "市财政局"]}
    ]


def test_responsible_variants():
    assert roles("（市教育局、市人社局按职责分工负责）") == [{"responsible": ["市教育局", "市人社局"]}]
    assert roles("（区农业农村局、区水利局等负责）") == [{"responsible": ["区农业农村局", "区水利局"]}]


def test_participating_counts_as_cooperating():
    assert roles("（省医保局牵头，省税务局参与）") == [{"lead": ["省医保局"], "cooperating": ["省税务局"]}]


def test_nested_brackets_stay_in_the_name():
    assert roles("（县委县政府办公室（县优化办）牵头）") == [{"lead": ["县委县政府办公室（县优化办）"]}]


def test_lead_joined_by_dun_instead_of_comma():
    assert roles("（市林业局牵头、市应急局、市气象局等配合）") == [
        {"lead": ["市林业局"], "cooperating": ["市应急局", "市气象局"]}
    ]


def test_two_leads_for_two_sub_scopes():
    text = "（烟花爆竹批发安全由市应急局牵头、零售网点管理由市公安局牵头，市市场监管局等配合）"
    assert roles(text) == [{"lead": ["市应急局", "市公安局"], "cooperating": ["市市场监管局"]}]


def test_together_with_makes_joint_leads():
    assert roles("（市数据局会同各事项主管部门牵头）") == [{"lead": ["市数据局", "各事项主管部门"]}]


def test_members_suffix_is_distributed():
    assert roles("（县安委会、县减灾委相关成员单位负责）") == [
        {"responsible": ["县安委会相关成员单位", "县减灾委相关成员单位"]}
    ]


def test_unusual_role_phrases():
    assert roles("（市交通运输局依职责牵头，相关职能部门依职责配合）") == [
        {"lead": ["市交通运输局"], "cooperating": ["相关职能部门"]}
    ]
    assert roles("（市安委办牵头，市安委会成员单位严格履行安全监管责任）") == [
        {"lead": ["市安委办"], "responsible": ["市安委会成员单位"]}
    ]


def test_bare_list_of_bodies_at_sentence_end_is_responsible():
    assert roles("落实一户一表改造。（市住建局、国网株洲供电公司、各区政府）") == [
        {"responsible": ["市住建局", "国网株洲供电公司", "各区政府"]}
    ]


@pytest.mark.parametrize(
    "text",
    [
        "支持县级医院提标扩能（醴陵市人民医院、攸县人民医院、茶陵县人民医院）。",
        "推广“四长”（镇长、村长、校长、家长）联防机制。",
        "覆盖（芦淞区、荷塘区、石峰区）。",
        "成立市优化经济发展环境办公室（市优化办）牵头抓总。",
        "实行“一窗通办”（即一个窗口受理）。",
        "力争全年增长8%（按可比价计算）。",
    ],
)
def test_brackets_that_are_not_notes(text):
    assert roles(text) == []


def test_several_notes_in_one_item():
    text = "完成县级妇幼保健机构标准化建设（市卫健委牵头）。开展适龄妇女免费检查（市妇联牵头）"
    assert roles(text) == [{"lead": ["市卫健委"]}, {"lead": ["市妇联"]}]


def test_labelled_columns_written_inline():
    assert roles("推进家庭医生签约。（牵头单位：市卫生健康委；配合单位：市医保局、市财政局）") == [
        {"lead": ["市卫生健康委"], "cooperating": ["市医保局", "市财政局"]}
    ]
    assert roles("（责任单位：各区政府，市民政局）") == [{"responsible": ["各区政府", "市民政局"]}]


def test_bracket_right_after_a_word_is_not_a_bare_note():
    assert roles("建设100个标准化乡镇（街道）。") == []
    assert roles("支持各县（市、区）开展试点。") == []


def test_dun_inside_quotes_does_not_split_a_name():
    assert roles("（县“双随机、一公开”监管联席会议成员单位负责）") == [
        {"responsible": ["县“双随机、一公开”监管联席会议成员单位"]}
    ]


def test_and_between_a_body_and_a_generic_group_splits():
    assert roles("（市教育局牵头，市财政局、市住建局及相关高校参与）") == [
        {"lead": ["市教育局"], "cooperating": ["市财政局", "市住建局", "相关高校"]}
    ]
    assert roles("（市人力资源和社会保障局牵头）") == [{"lead": ["市人力资源和社会保障局"]}]
