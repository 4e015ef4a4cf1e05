"""Work groups and named officials: names, posts, office, members, and people with their titles."""

from pathlib import Path

import ingest
from ingest.clean import clean
from ingest.extract.groups import find_groups
from ingest.structure import blocks

SAMPLES = Path(ingest.__file__).parent / "sample_corpus"


def groups_of(original: str):
    """Clean the text, split it into blocks and read its groups and people; also return the clean text."""
    text = clean(original).text
    groups, people = find_groups(blocks(text), text)
    return groups, people, text


def test_group_with_convener_deputies_office_and_members():
    groups, people, _ = groups_of(
        "三、推进机制\n\n"
        "成立市打好科技创新攻坚仗工作专班，由市政府分管副市长担任召集人，市政府协管副秘书长、"
        "市科技局主要负责人担任副召集人，成员单位包括市发改委、市教育局、市科技局、市财政局等。"
        "专班办公室设在市科技局，负责日常协调和调度工作。"
    )
    (group,) = groups
    assert group.name == "市打好科技创新攻坚仗工作专班"
    assert [(p.role, p.title, p.person) for p in group.posts] == [
        ("召集人", "市政府分管副市长", ""),
        ("副召集人", "市政府协管副秘书长", ""),
        ("副召集人", "市科技局主要负责人", ""),
    ]
    assert group.office.name == "市科技局"
    assert [m.name for m in group.members] == ["市发改委", "市教育局", "市科技局", "市财政局"]
    assert (group.office.key, group.office.jurisdiction) == ("", "")
    assert people == []


def test_named_officials_under_a_heading():
    groups, people, text = groups_of(
        "附件5\n\n打好“发展六仗”调度机制\n\n二、打好经济增长主动仗专班\n\n"
        "市委常委、市政府常务副市长周建平任召集人，市政府副秘书长李红、市发改委主任王志强任副召集人，"
        "相关单位分管领导为成员，专班办公室设在市发改委，由市发改委主任王志强兼任办公室主任，负责日常协调工作。"
    )
    (group,) = groups
    assert group.name == "打好经济增长主动仗专班"
    assert [(p.role, p.title, p.person) for p in group.posts] == [
        ("召集人", "市委常委、市政府常务副市长", "周建平"),
        ("副召集人", "市政府副秘书长", "李红"),
        ("副召集人", "市发改委主任", "王志强"),
        ("办公室主任", "市发改委主任", "王志强"),
    ]
    assert group.members == []
    assert [(p.name, p.posts) for p in people] == [
        ("周建平", ["市委常委、市政府常务副市长"]),
        ("李红", ["市政府副秘书长"]),
        ("王志强", ["市发改委主任"]),
    ]
    assert all(text[p.span.start : p.span.end] == p.name for p in people)


def test_group_named_by_its_item_title():
    groups, people, _ = groups_of(
        "（三）防范化解金融风险专班。市政府副市长赵敏任召集人，市金融办主任孙立任副召集人，专班办公室设在市金融办。"
    )
    (group,) = groups
    assert group.name == "防范化解金融风险专班"
    assert [p.name for p in people] == ["赵敏", "孙立"]


def test_office_with_director_and_members_listed_before_the_verb():
    groups, _, _ = groups_of(
        "（一）加强组织领导。成立常德市重点民生实事工作办公室（简称市实事办），由市政府分管副秘书长担任市实事办主任，"
        "市政府督查室主任担任市实事办副主任，市教育局、市民政局、国网常德供电公司为成员单位。"
        "办公室设在市政府办，与市政府督查室合署办公。"
    )
    (group,) = groups
    assert group.name == "常德市重点民生实事工作办公室"
    assert [(p.role, p.title) for p in group.posts] == [
        ("主任", "市政府分管副秘书长"),
        ("副主任", "市政府督查室主任"),
    ]
    assert [m.name for m in group.members] == ["市教育局", "市民政局", "国网常德供电公司"]
    assert group.office.name == "市政府办"


def test_joint_meeting_led_overall():
    groups, _, _ = groups_of(
        "（一）组建推进机制。成立由市政府常务副市长总牵头的联席会议，分别建立六个工作专班。"
    )
    (group,) = groups
    assert group.name == "联席会议"
    assert [(p.role, p.title) for p in group.posts] == [("总牵头", "市政府常务副市长")]


def test_no_group_without_a_post_or_a_name():
    groups, people, _ = groups_of(
        "（一）加强组织领导。由省政府常务副省长作为总牵头，每个仗都建立工作专班。\n\n"
        "（二）强化调度。由各专班牵头负责人具体负责调度，工作专班要加强督查考评。"
    )
    assert (groups, people) == ([], [])


def test_post_words_are_not_names():
    groups, people, _ = groups_of(
        "成立市防汛抗旱工作专班，由市政府分管副市长担任召集人，市水利局主要负责人、市应急管理局分管领导担任副召集人。"
    )
    assert [p.person for p in groups[0].posts] == ["", "", ""]
    assert people == []


def test_sample_corpus_hengyang_schedule():
    groups, people, _ = groups_of((SAMPLES / "004_f66dfdd534aceaf8.txt").read_text(encoding="utf-8"))
    by_name = {g.name: g for g in groups}
    economy = by_name["打好经济增长主动仗专班"]
    assert (economy.posts[0].role, economy.posts[0].person) == ("召集人", "于新凡")
    assert economy.office.name == "市发改委"
    assert by_name["打好“发展六仗”总调度机制"].posts[0].role == "总调度"
    assert len(by_name["打好经济增长主动仗工作专班"].members) == 24
    names = {p.name: p for p in people}
    assert len(names) == 23
    assert names["于新凡"].posts == ["市委常委、市政府常务副市长"]
    assert "市政府办党组成员、市优化办主任" in names["邱宁"].posts


def test_sample_corpus_provincial_group():
    groups, people, _ = groups_of((SAMPLES / "001_326f08489f1a9911.txt").read_text(encoding="utf-8"))
    (group,) = groups
    assert group.name == "省打好重点民生保障仗工作专班"
    assert group.office.name == "省人力资源社会保障厅"
    assert len(group.members) == 17 and group.members[-1].name == "国网湖南省电力公司"
    assert people == []
