"""Work groups and named officials: names, posts, office, members, and people with their titles."""

from pathlib import Path

import ingest
from ingest.clean import clean
from ingest.extract.groups import find_groups
from ingest.pipeline import ingest_source
from ingest.read import read_bytes
from ingest.structure import blocks
from kg.load import load_document
from kg.store import open_store
from search.passages import load_corpus

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
    assert [text[p.span.start : p.span.end] for p in people] == [
        "市委常委、市政府常务副市长周建平任召集人",
        "市政府副秘书长李红、市发改委主任王志强任副召集人",
        "市政府副秘书长李红、市发改委主任王志强任副召集人",
    ]


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
    assert len(economy.members) == 24
    assert economy.aliases == ["打好经济增长主动仗工作专班"]
    assert len(groups) == 12
    names = {p.name: p for p in people}
    assert len(names) == 23
    assert names["于新凡"].posts == ["市委常委、市政府常务副市长"]
    assert "市政府办党组成员、市优化办主任" in names["邱宁"].posts


def test_sample_corpus_provincial_group():
    groups, people, _ = groups_of((SAMPLES / "001_326f08489f1a9911.txt").read_text(encoding="utf-8"))
    mechanism, group = groups
    assert (mechanism.posts[0].role, mechanism.posts[0].title) == ("总牵头", "省政府常务副省长")
    assert group.name == "省打好重点民生保障仗工作专班"
    assert group.office.name == "省人力资源社会保障厅"
    assert len(group.members) == 17 and group.members[-1].name == "国网湖南省电力公司"
    assert people == []


def test_deputies_after_you_and_director_named_after_the_post():
    groups, people, _ = groups_of(
        "成立市乡村振兴工作专班，由市政府副市长陈立新任召集人，由市政府副秘书长刘海、市农业农村局局长周明任副召集人。"
        "专班办公室设在市农业农村局，办公室主任由市农业农村局局长周明兼任。"
    )
    (group,) = groups
    assert [(p.role, p.title, p.person) for p in group.posts] == [
        ("召集人", "市政府副市长", "陈立新"),
        ("副召集人", "市政府副秘书长", "刘海"),
        ("副召集人", "市农业农村局局长", "周明"),
        ("办公室主任", "市农业农村局局长", "周明"),
    ]
    assert [(p.name, p.posts) for p in people] == [
        ("陈立新", ["市政府副市长"]),
        ("刘海", ["市政府副秘书长"]),
        ("周明", ["市农业农村局局长"]),
    ]


def test_one_person_with_several_posts():
    groups, people, _ = groups_of(
        "成立市营商环境优化领导小组，由市委副书记、市长王强同志任组长，"
        "市政府副市长、市公安局局长张卫东、市政府副秘书长李芳任副组长，成员单位由市发改委、市财政局、市市场监管局组成。"
        "领导小组办公室设在市发改委。"
    )
    (group,) = groups
    assert group.name == "市营商环境优化领导小组"
    assert [(p.role, p.title, p.person) for p in group.posts] == [
        ("组长", "市委副书记、市长", "王强"),
        ("副组长", "市政府副市长、市公安局局长", "张卫东"),
        ("副组长", "市政府副秘书长", "李芳"),
    ]
    assert [m.name for m in group.members] == ["市发改委", "市财政局", "市市场监管局"]
    assert [p.name for p in people] == ["王强", "张卫东", "李芳"]


def test_members_listed_after_a_colon():
    groups, _, _ = groups_of(
        "成立县防汛抗旱指挥部，由县政府县长任指挥长，县水利局局长任副指挥长。"
        "成员单位：县应急管理局、县气象局、县自然资源局。"
    )
    (group,) = groups
    assert [m.name for m in group.members] == ["县应急管理局", "县气象局", "县自然资源局"]


def test_bare_group_named_from_the_plan_it_sits_in():
    groups, _, _ = groups_of(
        "附件2\n\n临江市打好乡村振兴攻坚仗实施方案\n\n四、保障措施\n\n"
        "（一）组建工作专班。市政府分管副市长担任召集人，市农业农村局主要负责人担任副召集人，"
        "市财政局、市水利局为成员单位。"
    )
    (group,) = groups
    assert group.name == "临江市打好乡村振兴攻坚仗工作专班"
    assert [m.name for m in group.members] == ["市财政局", "市水利局"]


def test_joint_meeting_named_from_the_document_title():
    groups, _, _ = groups_of(
        "临江市打好“发展六仗”实施方案\n\n四、组织实施\n\n"
        "（一）组建推进机制。市级层面建立打好“发展六仗”的组织推进机制，成立由市政府常务副市长总牵头的联席会议，"
        "分别建立六个工作专班。"
    )
    (group,) = groups
    assert group.name == "临江市打好“发展六仗”联席会议"
    assert [(p.role, p.title) for p in group.posts] == [("总牵头", "市政府常务副市长")]


def test_mechanism_led_overall_is_a_group():
    groups, _, _ = groups_of(
        "（一）加强组织领导。省级层面建立健全打好发展“六仗”的组织推进机制，由省政府常务副省长作为总牵头，每个仗都建立工作专班。"
    )
    (group,) = groups
    assert group.name == "打好发展“六仗”的组织推进机制"
    assert [(p.role, p.title) for p in group.posts] == [("总牵头", "省政府常务副省长")]


def test_groups_founded_severally_are_not_one_group():
    groups, people, _ = groups_of(
        "四、保障机制\n\n按照风险类别，分别成立由各牵头单位市政府分管副市长任召集人，各牵头单位主要负责人任副召集人的工作专班，"
        "成员单位为各事项涉及的责任单位。"
    )
    assert (groups, people) == ([], [])


def test_short_name_is_an_alias():
    groups, _, _ = groups_of(
        "成立临江市重点民生实事工作办公室（简称市实事办），由市政府分管副秘书长担任市实事办主任。"
    )
    (group,) = groups
    assert (group.name, group.aliases) == ("临江市重点民生实事工作办公室", ["市实事办"])


def test_group_described_twice_is_one_group():
    groups, people, _ = groups_of(
        "附件1\n\n临江市打好科技创新攻坚战实施方案\n\n三、保障措施\n\n"
        "建立打好科技创新攻坚战工作专班，由市政府分管副市长任召集人，市科技局主要负责人任副召集人，"
        "成员单位包括市发改委、市科技局、市财政局等，专班办公室设在市科技局。\n\n"
        "附件2\n\n打好“发展六仗”调度机制\n\n一、打好科技创新攻坚仗专班\n\n"
        "市政府副市长吴文博任召集人，市科技局局长钱进任副召集人，专班办公室设在市科技局，由市科技局局长钱进兼任办公室主任。"
    )
    (group,) = groups
    assert group.name == "打好科技创新攻坚仗专班"
    assert group.aliases == ["打好科技创新攻坚战工作专班"]
    assert [(p.role, p.person) for p in group.posts] == [("召集人", "吴文博"), ("副召集人", "钱进"), ("办公室主任", "钱进")]
    assert [m.name for m in group.members] == ["市发改委", "市科技局", "市财政局"]
    assert group.office.name == "市科技局"
    assert [p.name for p in people] == ["吴文博", "钱进"]


PLAN = """临江市人民政府办公室文件

临政办发〔2024〕9号

临江市人民政府办公室关于印发《临江市打好乡村振兴攻坚仗实施方案》的通知

临江市打好乡村振兴攻坚仗实施方案

一、保障措施

（一）组建工作专班。成立市乡村振兴工作专班，由市政府副市长陈立新任召集人，市政府副秘书长刘海、市农业农村局局长周明任副召集人，成员单位包括市发改委、市财政局、市水利局等。专班办公室设在市农业农村局，办公室主任由市农业农村局局长周明兼任。
"""


def test_people_and_members_reach_the_passages():
    store = open_store("memory")
    outcome = load_document(store, ingest_source(read_bytes(PLAN.encode("utf-8"), "plan.txt")))
    assert not outcome.error, outcome.error
    passages = load_corpus(store).passages
    (group,) = [p for p in passages if p.kind == "group"]
    assert group.facts["members"] == ["市发改委", "市财政局", "市水利局"]
    assert [(p["role"], p["person"]) for p in group.facts["posts"]] == [
        ("召集人", "陈立新"), ("副召集人", "刘海"), ("副召集人", "周明"), ("办公室主任", "周明"),
    ]
    people = {p.title: p for p in passages if p.kind == "person"}
    assert set(people) == {"陈立新", "刘海", "周明"}
    zhou = people["周明"]
    assert zhou.facts["posts"] == ["市农业农村局局长"]
    assert zhou.facts["groups"] == [
        {"group": "市乡村振兴工作专班", "role": "副召集人"}, {"group": "市乡村振兴工作专班", "role": "办公室主任"},
    ]
    assert zhou.text == "周明 市农业农村局局长"
    assert zhou.quote == "市政府副秘书长刘海、市农业农村局局长周明任副召集人"
    assert PLAN[zhou.start : zhou.end] == zhou.quote


def test_posts_listed_after_colons():
    groups, people, _ = groups_of(
        "成立临江市创建全国文明城市工作领导小组，组长：市政府副市长张振华；副组长：市政府副秘书长李东、市卫健委主任王晓红；"
        "成员：市教育局、市民政局分管负责人。领导小组办公室设在市文明办。"
    )
    (group,) = groups
    assert [(p.role, p.title, p.person) for p in group.posts] == [
        ("组长", "市政府副市长", "张振华"),
        ("副组长", "市政府副秘书长", "李东"),
        ("副组长", "市卫健委主任", "王晓红"),
    ]
    assert group.office.name == "市文明办"
    assert [p.name for p in people] == ["张振华", "李东", "王晓红"]


def test_posts_listed_within_the_founding_clause():
    groups, _, _ = groups_of(
        "市政府成立由市长任组长、分管副市长任副组长，市直有关部门主要负责人为成员的市乡村振兴领导小组，领导小组办公室设在市农业农村局。"
    )
    (group,) = groups
    assert group.name == "市乡村振兴领导小组"
    assert [(p.role, p.title) for p in group.posts] == [("组长", "市长"), ("副组长", "分管副市长")]


def test_a_working_group_called_推进组_with_a_head_and_its_office():
    groups, people, _ = groups_of(
        "（一）加强组织领导。省文化和旅游厅成立乡村旅游工作推进组，由厅党组成员、副厅长李文博任组长，"
        "资源开发处负责同志为成员，推进组办公室设在资源开发处。\n"
    )
    (group,) = groups
    assert group.name.endswith("乡村旅游工作推进组")
    assert [(p.role, p.person) for p in group.posts] == [("组长", "李文博")]
    assert group.office.name == "资源开发处"


def test_posts_written_as_role_by_holder_担任():
    groups, _, _ = groups_of(
        "成立临江市数字化转型领导小组，组长由市委副书记、市长王立群担任，副组长由副市长周海、市政府秘书长郑东担任，"
        "领导小组办公室设在市工业和信息化局。\n"
    )
    (group,) = groups
    assert [(p.role, p.person) for p in group.posts] == [("组长", "王立群"), ("副组长", "周海"), ("副组长", "郑东")]
