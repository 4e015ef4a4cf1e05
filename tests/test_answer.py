"""Answers to each kind of question, read off a small graph built from plans written in the genre."""

from pathlib import Path

import pytest

from ingest.pipeline import ingest_file
from kg.links import refresh_links
from kg.load import load_document
from kg.store import open_store
from search.ask import open_asker

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def store():
    kg_store = open_store("memory")
    for name in ("province_plan.txt", "city_plan.txt", "district_plan.txt", "city_report.txt"):
        assert not load_document(kg_store, ingest_file(DATA / name)).error
    refresh_links(kg_store)
    yield kg_store
    kg_store.close()


@pytest.fixture(scope="module")
def ask(store, tmp_path_factory):
    asker = open_asker(store, tmp_path_factory.mktemp("index"), "none")
    return asker.ask


def texts(result: dict) -> list[str]:
    return [a["text"] for a in result["answers"]]


def test_who_leads_in_a_region_with_evidence_and_sparql(ask, store):
    result = ask("株洲老旧小区改造谁牵头")
    (first,) = result["answers"]
    assert (first["text"], first["region"], first["role"]) == ("市住建局", "株洲市", "lead")
    assert first["bodies"][0]["label"] == "株洲市住房和城乡建设局"
    evidence = first["evidence"][0]
    assert "开工改造城镇老旧小区120个" in evidence["quote"] and evidence["end"] > evidence["start"]
    labels = {str(row.label) for row in store.query(first["sparql"])}
    assert labels == {"株洲市住房和城乡建设局"}


def test_without_a_region_every_region_that_answers_gets_an_answer(ask):
    result = ask("谁牵头老旧小区改造")
    assert {(a["region"], a["text"]) for a in result["answers"]} == {
        ("湖南省", "省住房城乡建设厅"),
        ("株洲市", "市住建局"),
    }


def test_cooperating_and_responsible(ask):
    assert texts(ask("株洲加装电梯哪些单位配合")) == ["市市场监管局"]
    assert texts(ask("株洲社区养老服务谁负责")) == ["市民政局"]
    assert texts(ask("渌口区渡口渡船管理谁配合")) == ["区农业农村局、各镇"]


def test_numbers_with_unit_and_comparator(ask):
    assert texts(ask("省里新增护理型床位多少张")) == ["5000张"]
    both = ask("省里和株洲老旧小区改造目标各是多少")
    assert {(a["region"], a["text"]) for a in both["answers"]} >= {("湖南省", "2000个以上"), ("株洲市", "120个以上")}


def test_definitions_from_glossary_and_inline(ask):
    assert texts(ask("什么是街长制"))[0].startswith("由区级领导担任主要街道街长")
    assert texts(ask("一件事一次办是什么意思"))[0].startswith("把企业和群众眼中")


def test_document_facts(ask):
    assert any("湘政办发〔2031〕9号" in t for t in texts(ask("株政办发〔2031〕4号依据的是哪个文件")))
    assert texts(ask("湘政办发〔2031〕9号哪天印发")) == ["2031年3月2日", "2031年3月5日印发"]
    assert texts(ask("湘政办发[2031]9号哪天印发")) == ["2031年3月2日", "2031年3月5日印发"]  # brackets as typed
    (issuers,) = texts(ask("渌口区安全发展实施方案是哪个单位印发的"))
    assert set(issuers.split("、")) == {"中共渌口区委办公室", "渌口区人民政府办公室"}
    assert texts(ask("株洲实施方案主送哪些单位")) == ["各县市区人民政府，市直各单位"]


def test_people_and_offices(ask):
    assert texts(ask("株洲城乡建设品质提升专班召集人是谁")) == ["周建平"]
    assert texts(ask("株洲城乡建设品质提升专班办公室主任是谁")) == ["陈明"]
    assert texts(ask("株洲城乡建设品质提升专班办公室设在哪里")) == ["株洲市住房和城乡建设局"]


def test_counts_are_counted_in_the_graph(ask, store):
    result = ask("株洲市住建局牵头几项任务")
    assert texts(result)[0].startswith("2项")
    assert int(next(iter(store.query(result["answers"][0]["sparql"])))[0]) == 2
    (items,) = texts(ask("渌口区防范化解燃气安全风险有几项措施"))
    assert items.startswith("3项（") and items.endswith("：开展燃气管网排查、加强瓶装燃气监管、推广安装燃气报警器")


@pytest.mark.parametrize(
    "question",
    ["株洲市委书记是谁", "湘潭市城乡建设方案什么时候印发", "株洲足球场建设谁牵头", "", "<script>alert(1)</script>", "嗯" * 3000],
)
def test_no_answer_when_the_documents_do_not_say(ask, question):
    assert ask(question)["answers"] == []


def test_a_number_question_naming_its_unit_wants_that_unit(ask):
    assert texts(ask("株洲加装电梯多少台")) == ["150台"]
    assert ask("渌口区加装电梯多少台")["answers"] == []


def test_a_word_ending_in_qu_is_not_taken_for_an_unknown_region(ask):
    assert texts(ask("旧小区改造谁牵头")) != []


def test_a_term_used_but_never_defined_gets_no_borrowed_definition(store, tmp_path):
    doc = ingest_file(DATA / "city_plan.txt")
    doc.terms = [t for t in doc.terms if t.label != "街长制"]
    other = open_store("memory")
    load_document(other, doc)
    asker = open_asker(other, tmp_path, "none")
    assert asker.ask("什么是街长制")["answers"] == []
    other.close()


def test_the_documents_own_year_comes_before_results_it_reviews(ask):
    assert texts(ask("株洲新增护理型床位多少张")) == ["300张"]


@pytest.mark.parametrize(
    ("question", "bodies"),
    [
        ("株洲加装电梯由谁牵头", ["市住建局"]),
        ("株洲背街小巷整治这块归哪个局", ["市城管执法局"]),
        ("在株洲想了解社区养老服务找哪个部门", ["市民政局"]),
        ("株洲老旧小区改造除了住建局还有谁参与", ["市财政局、市发改委"]),
    ],
)
def test_phrasings_staff_use_reach_the_same_task(ask, question, bodies):
    assert texts(ask(question)) == bodies


def test_a_bodys_tasks_by_role(ask, store):
    result = ask("株洲市住建局牵头哪些工作")
    assert [t[:11] for t in texts(result)] == ["推进城镇老旧小区改造：", "推进既有住宅加装电梯："]
    assert len(list(store.query(result["sparql"]))) == 2
    assert [t[:8] for t in texts(ask("株洲市财政局配合什么工作"))] == ["推进城镇老旧小区"]


def test_a_comparison_gives_each_side_with_its_evidence(ask):
    result = ask("湖南和株洲老旧小区改造目标一样吗")
    assert [(a["region"], a["text"]) for a in result["answers"]] == [("湖南省", "2000个以上"), ("株洲市", "120个以上")]
    assert all(a["evidence"][0]["quote"] for a in result["answers"])


def test_a_place_of_china_the_corpus_does_not_hold_gets_no_answer(ask):
    assert ask("郴州老旧小区改造谁牵头")["answers"] == []
    assert ask("长沙市新增护理型床位多少张")["answers"] == []


def test_who_delivered_a_report_when_and_where(ask, store):
    speaker = ask("株洲政府工作报告是谁作的")
    assert texts(speaker) == ["钟明远（株洲市市长）"]
    assert {str(row.value) for row in store.query(speaker["sparql"])} == {"钟明远"}
    assert texts(ask("株洲政府工作报告哪天作的")) == ["2032年1月8日"]
    assert texts(ask("株洲政府工作报告是在哪次会议上作的")) == ["株洲市第十七届人民代表大会第二次会议"]


def test_a_plans_attachments(ask, store):
    result = ask("湖南省城乡建设品质提升行动方案有几个附件")
    assert texts(result)[0].startswith("2个：")
    assert len(list(store.query(result["sparql"]))) == 2


def test_members_of_a_numbered_abbreviation(ask):
    assert texts(ask("株洲三大先导产业是哪三个")) == ["轨道交通、航空动力、先进陶瓷"]
    assert texts(ask("株洲的两新指什么"))[0] in ("大规模设备更新、消费品以旧换新", "大规模设备更新和消费品以旧换新")


def test_a_reports_target_for_its_own_year_not_last_years_result(ask):
    assert texts(ask("株洲今年GDP增长目标")) == ["6%左右"]
    assert texts(ask("株洲2031年地区生产总值增长多少")) == ["5.8%"]
    assert texts(ask("株洲城镇调查失业率目标")) == ["5.5%以内"]


def test_the_asked_indicator_not_a_neighbour_and_none_when_no_document_states_it(ask):
    assert texts(ask("株洲今年粮食产量目标多少亿斤")) == ["28亿斤以上"]
    assert texts(ask("株洲城镇新增就业人数今年计划多少")) == ["6.5万人以上"]
    assert ask("株洲今年蔬菜产量目标")["answers"] == []
    assert ask("株洲今年居民消费价格下降多少")["answers"] == []  # the document only says 涨幅


def test_a_glossary_is_counted(ask, store):
    result = ask("株洲城乡建设品质提升实施方案的名词解释有几条")
    assert texts(result) == ["1条"]
    assert int(next(iter(store.query(result["sparql"])))[0]) == 1


def test_a_work_groups_members(ask, store):
    result = ask("省里城乡建设品质提升工作专班的成员单位有哪些")
    assert texts(result) == ["省财政厅、省民政厅、省水利厅"]
    assert [str(row.name) for row in store.query(result["sparql"])] == ["省财政厅", "省民政厅", "省水利厅"]


def test_a_classifier_counting_the_same_things_and_a_rise_named_in_the_topic(ask):
    # 多少人 is answered in 名; 提升 names the project here, it does not ask for a rate
    assert texts(ask("株洲基层医生能力提升工程培训多少人")) == ["1200名"]


def test_the_indicator_next_to_the_ask_decides_between_numbers_of_one_sentence(ask):
    assert texts(ask("株洲今年要完成多少年度投资")) == ["300亿元以上"]
    assert texts(ask("株洲今年实施多少个市级重点项目")) == ["120个"]
    assert ask("株洲新建城市书房要花多少钱")["answers"] == []  # 多少钱 asks for money, 20个 is not


def test_a_document_named_by_title_is_the_one_answering(ask):
    assert texts(ask("株洲城乡建设品质提升实施方案里背街小巷整治多少条")) == ["60条"]
    assert texts(ask("株洲政府工作报告里今年整治背街小巷多少条")) == ["80条"]


def test_two_years_named_get_an_answer_each(ask):
    assert texts(ask("株洲地区生产总值2031年增长多少，2032年目标多少")) == ["5.8%", "6%左右"]


def test_a_bodys_tasks_by_count_word_and_alone(ask):
    assert len(texts(ask("株洲市住建局牵头哪两项工作"))) == 2
    assert [t[:6] for t in texts(ask("哪项工作是株洲市城管执法局单独牵头的"))] == ["实施背街小巷"]


def test_groups_counted_by_what_the_question_names_and_by_their_convenor(ask):
    assert texts(ask("渌口区防范化解风险的专班一共有几个"))[0].startswith("2个：")
    assert texts(ask("渌口区有几个专班"))[0].startswith("3个：")
    assert texts(ask("黄志刚一共担任了几个专班的召集人"))[0].startswith("2个：")


def test_an_attachment_by_number_and_none_past_the_last(ask):
    assert texts(ask("湖南省城乡建设品质提升行动方案的附件2是什么")) == ["城乡建设品质提升工作专班成员名单"]
    assert ask("湖南省城乡建设品质提升行动方案的附件5是什么")["answers"] == []


def test_a_fact_the_named_document_does_not_state_is_not_borrowed_from_another(ask):
    # the report states who delivered it; the plan of the same city does not, and keeps no borrowed speaker
    assert ask("株洲市城乡建设品质提升实施方案是谁作的报告")["answers"] == []


RISK_PLAN = """攸县人民政府办公室关于印发《攸县防范化解重大风险实施方案》的通知

攸政办发〔2031〕7号

各乡镇人民政府，县直各单位：

现将《攸县防范化解重大风险实施方案》印发给你们，请认真贯彻执行。

攸县人民政府办公室
2031年6月1日

攸县防范化解重大风险实施方案

一、工作目标

守住不发生系统性风险的底线。

二、工作任务

（一）防范化解债务风险（县财政局牵头）

严禁新增隐性债务。

（二）防范化解金融风险（县金融办牵头）

开展非法集资整治。

（三）防范化解地产风险（县住建局牵头）

做好保交楼工作。

三、保障措施

加强组织领导。
"""


@pytest.fixture(scope="module")
def risk_plan(tmp_path_factory):
    """A county plan whose tasks are risks, one level under its 工作任务: (store, ask)."""
    folder = tmp_path_factory.mktemp("risk")
    path = folder / "risk_plan.txt"
    path.write_text(RISK_PLAN, encoding="utf-8")
    kg_store = open_store("memory")
    assert not load_document(kg_store, ingest_file(path)).error
    yield kg_store, open_asker(kg_store, folder / "index", "none").ask
    kg_store.close()


def test_the_items_of_the_asked_kind_one_level_down(risk_plan):
    _, ask_risk = risk_plan
    (listed,) = texts(ask_risk("攸县防风险方案分了几块，各是哪类风险"))
    assert texts(ask_risk("攸县防风险方案包括哪几类风险")) == [listed]
    assert listed.startswith("3项") and listed.endswith("：防范化解债务风险、防范化解金融风险、防范化解地产风险")


def test_a_plans_parts_are_counted_with_their_sparql(risk_plan):
    kg_store, ask_risk = risk_plan
    result = ask_risk("攸县防范化解重大风险实施方案分了几个部分")
    assert texts(result) == ["3项（攸县防范化解重大风险实施方案）：工作目标、工作任务、保障措施"]
    assert int(next(iter(kg_store.query(result["sparql"])))[0]) == 3
    assert ask_risk("攸县今年计划建几个5G基站")["answers"] == []


def test_two_numbers_asked_give_two_answers(ask):
    assert sorted(texts(ask("株洲今年实施多少个市级重点项目、完成多少年度投资"))) == ["120个", "300亿元以上"]


def test_a_body_named_as_known_does_not_turn_the_question_into_its_look_up(ask):
    assert texts(ask("株洲老旧小区改造市住建局牵头，配合的是哪几个部门")) == ["市财政局、市发改委"]


def test_a_document_named_by_a_short_name_in_each_region_compared(ask):
    # 品质提升方案 names the plans of 湖南 and 株洲, not 株洲's work report
    result = ask("省里和株洲的品质提升方案，加装电梯目标分别定的多少")
    assert [(a["region"], a["text"]) for a in result["answers"]] == [("湖南省", "1500台"), ("株洲市", "150台")]


@pytest.fixture(scope="module")
def ask_consumption(tmp_path_factory):
    """A plan written with the colon notes （牵头单位：…；责任单位：…） and a work group, and the
    work report of a county with a one-character name."""
    kg_store = open_store("memory")
    for name in ("consumption_plan.txt", "county_report.txt"):
        assert not load_document(kg_store, ingest_file(DATA / name)).error
    yield open_asker(kg_store, tmp_path_factory.mktemp("consumption"), "none").ask
    kg_store.close()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("邵阳夜间经济集聚区谁牵头", "市商务局"),
        ("邵阳乡镇商贸中心建设哪些单位配合", "市供销社、市农业农村局"),
        ("邵阳文旅消费券归哪个部门", "市文旅广体局"),
        ("邵阳促进消费专班召集人是谁", "刘明远"),
        ("邵阳社零增长多少", "6%以上"),
        ("邵阳新增多少家限上商贸企业", "100家"),
        ("邵政办发〔2031〕12号哪天印发", "2031年3月8日"),
        ("邵阳促消费方案的联系人是谁", "市商务局市场运行科 赵敏"),
        ("攸县政府工作报告是谁作的", "周建国（攸县人民政府县长）"),
        ("攸县报告在哪次会议上作的", "攸县第十八届人民代表大会第五次会议"),
        ("攸县今年GDP增长目标", "6.5%左右"),
        ("攸县去年GDP增长多少", "6.1%"),
        ("攸县两个清单指什么", "重点项目清单和民生实事清单"),  # the members as the text lists them
    ],
)
def test_a_plan_of_another_city_in_another_note_style(ask_consumption, question, expected):
    assert texts(ask_consumption(question))[0] == expected


def test_a_body_of_that_plan_by_its_tasks(ask_consumption):
    assert [t[:7] for t in texts(ask_consumption("邵阳市商务局牵头哪些工作"))] == ["培育消费新场景", "发展县域商业体"]


def test_a_change_between_years_is_read_as_numbers(ask_consumption):
    assert texts(ask_consumption("攸县2030年和2031年城镇新增就业有变化吗")) == ["5200人", "5000人以上"]
    # 邵阳's plan sets no growth target for its economy: only 攸县 answers
    assert [a["region"] for a in ask_consumption("攸县和邵阳今年的经济增长目标各是多少")["answers"]] == ["攸县"]


@pytest.mark.parametrize(
    "question",
    [
        "株洲老旧小区改造谁牵头",
        "株洲老旧小区改造除了住建局还有谁参与",
        "株洲市住建局牵头哪些工作",
        "株洲三大先导产业是哪三个",
        "什么是街长制",
        "株洲今年GDP增长目标",
        "株洲政府工作报告是谁作的",
        "湖南省城乡建设品质提升行动方案有几个附件",
        "株洲城乡建设品质提升专班召集人是谁",
        "省里城乡建设品质提升工作专班的成员单位有哪些",
        "黄志刚一共担任了几个专班的召集人",
    ],
)
def test_every_answer_carries_evidence_and_sparql_that_finds_it(ask, store, question):
    answers = ask(question)["answers"]
    assert answers
    for found in answers:
        assert found["evidence"] and found["evidence"][0]["document"]
        assert list(store.query(found["sparql"])), found["sparql"]


def test_a_body_asked_for_by_its_short_form_or_in_a_role_it_never_has(ask_consumption):
    # the plan writes 市经济和信息化局; staff type 经信局
    assert [t[:6] for t in texts(ask_consumption("邵阳市经信局牵头什么"))] == ["推动家电消费"]
    # 市文旅广体局 is only ever 责任单位: asked what it 参与, its tasks in any role
    assert [t[:6] for t in texts(ask_consumption("邵阳市文旅广体局参与了哪项工作"))] == ["促进文旅消费"]


def test_a_plans_tasks_are_counted_with_their_sparql(ask_consumption):
    result = ask_consumption("邵阳促进消费扩容提质实施方案一共多少条重点任务")
    assert texts(result) == ["5条"]


def test_a_number_whose_subject_is_a_clause_before_it(ask_consumption):
    # 补贴资金1000万元 is found by the sentence it stands in: 开展家电以旧换新活动
    assert texts(ask_consumption("邵阳家电以旧换新补贴多少钱")) == ["1000万元"]


def test_both_roles_asked_together_and_keywords_alone(ask):
    both = ask("株洲老旧小区改造的牵头部门和配合部门分别是哪些")
    assert [(a["role"], a["text"]) for a in both["answers"]] == [("lead", "市住建局"), ("cooperating", "市财政局、市发改委")]
    assert texts(ask("株洲加装电梯"))[0] == "市住建局"


def test_how_many_a_numbered_abbreviation_counts(ask_consumption):
    assert texts(ask_consumption("攸县今年办多少件民生实事")) == ["十大民生实事（10件）"]



def test_an_abbreviations_count_answers_only_for_its_head():
    from search.readers.counts import _counts

    assert _counts("十大重点民生实事", "重点民生实事") and _counts("十大重点民生实事", "民生实事")
    assert not _counts("十五条硬措施", "措施")
