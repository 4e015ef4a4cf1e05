"""Understanding questions: the kinds of answer asked for (from all cues), where, about what."""

import pytest

from search.lexicon import Lexicon, china_places, region_aliases
from search.understand import understand

LEVELS = {"湖南省": "province", "株洲市": "city", "常德市": "city", "渌口区": "district", "浙江省": "province"}
BODY = {"name": "市商务局", "label": "株洲市商务局", "iri": "urn:body:zz-commerce"}
LEXICON = Lexicon(regions=region_aliases(LEVELS), levels=LEVELS, bodies={"市商务局": [("株洲市", BODY)]},
                  people={"王晓东"}, places=china_places())


def ask(text):
    return understand(text, LEXICON)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("株洲背街小巷改造谁牵头", "lead"),
        ("株洲背街小巷改造由谁牵头", "lead"),
        ("株洲背街小巷改造是哪个局牵头的", "lead"),
        ("常德哪些单位配合河湖长制", "cooperating"),
        ("常德河湖长制除了市水利局还有谁参与", "cooperating"),
        ("渌口区燃气安全由哪个部门负责", "responsible"),
        ("株洲燃气安全这块归哪个局", "lead"),
        ("在株洲办燃气安全检查找哪个部门", "lead"),
        ("省里新增护理型床位多少张", "value"),
        ("株洲空气质量优良率目标", "value"),
        ("省里和株洲对ICU床位的要求分别是什么", "value"),
        ("什么是“一件事一次办”", "definition"),
        ("三高四新是什么", "definition"),
        ("株洲的三大产业集群是哪三个", "definition"),
        ("株政办发〔2030〕4号依据的是哪个文件", "doc_basis"),
        ("株政办发〔2030〕4号哪天印发", "doc_date"),
        ("株政办发〔2030〕4号是什么文件", "doc_title"),
        ("株洲实施方案主送哪些单位", "doc_addressees"),
        ("渌口区实施方案是哪个单位印发的", "doc_issuer"),
        ("株洲实施方案带了几个附件", "doc_attachments"),
        ("浙江政府工作报告是谁作的", "doc_speaker"),
        ("浙江政府工作报告在哪次会议上作的", "doc_meeting"),
        ("株洲经济增长专班召集人是谁", "person"),
        ("株洲经济增长专班由哪位副市长召集", "person"),
        ("王晓东是干什么的", "person_posts"),
        ("王晓东召集的是哪个专班", "person_groups"),
        ("渌口区实事办设在哪里", "office"),
        ("株洲市商务局牵头哪些工作", "reverse"),
        ("株洲市商务局负责什么", "reverse"),
        ("株洲市商务局牵头几项任务", "count"),
        ("株洲市商务局的任务有哪些", "reverse"),
        ("株洲市商务局在消费方面牵头哪两项", "reverse"),
        ("株洲促消费除了市商务局还有哪些单位配合", "cooperating"),
        ("株洲经济增长专班的牵头领导", "person"),
        ("株洲消费券参与商户能拿多少补贴", "value"),
        ("十查十做的意思", "definition"),
        ("株洲报告里“三线一单”指啥", "definition"),
        ("三高四新怎么理解", "definition"),
        ("链上平台是什么的简称", "definition"),
        ("株洲数字化转型基金规模多大", "value"),
        ("株洲方案分了哪几个行动", "count"),
        ("株洲促消费除了市商务局还有哪些单位参与", "cooperating"),
        ("株洲方案附件2里老旧小区改造是哪个单位牵头", "lead"),
        ("株洲促消费市商务局牵头，配合的是哪几个部门", "cooperating"),
        ("王晓东担任召集人的专班有哪些", "person_groups"),
        ("株洲市商务局一共牵头了哪几项工作", "reverse"),
    ],
)
def test_intent(text, intent):
    assert ask(text).intent == intent


def test_kinds_are_ranked_so_close_ones_can_compete():
    intents = dict(ask("株洲市商务局牵头几项任务").intents)
    assert intents["count"] > intents["reverse"] > intents["lead"]


def test_regions_by_short_name_and_the_province_of_a_named_city():
    assert ask("省里和株洲老旧小区改造目标各是多少").regions == ["湖南省", "株洲市"]
    assert ask("渌口区水上交通安全整治谁牵头").regions == ["渌口区"]


def test_province_words_alone_ask_for_the_province_level():
    question = ask("省里那个发展六仗方案是几号文")
    assert question.regions == [] and question.level == "province"


def test_level_prefix_of_a_body_is_not_a_region():
    assert ask("市住建局牵头几项任务").regions == []


@pytest.mark.parametrize(("text", "place"), [("湘潭市打好发展六仗方案什么时候印发", "湘潭市"),
                                              ("郴州两癌免费检查目标多少人", "郴州")])
def test_a_place_the_corpus_does_not_cover_is_noticed(text, place):
    question = ask(text)
    assert question.unknown_region == place and question.regions == []


def test_a_covered_place_or_a_word_holding_a_place_name_is_not_unknown():
    assert ask("株洲老旧小区改造谁牵头").unknown_region == ""
    assert ask("株洲推进平安建设长治久安谁牵头").unknown_region == ""


def test_the_named_body_and_person_are_found():
    assert ask("株洲市商务局牵头哪些工作").body == BODY
    assert ask("常德市商务局牵头哪些工作").body is None  # the body is 株洲's
    assert ask("王晓东是干什么的").person == "王晓东"


def test_comparisons_across_regions_or_years():
    assert ask("株洲和常德养老床位目标各是多少").compare
    question = ask("株洲高新技术企业目标23年和24年有变化吗")
    assert question.compare and question.years == [2023, 2024]
    assert not ask("株洲养老床位目标是多少").compare


def test_relative_years_are_kept_for_each_document_to_read():
    assert ask("株洲今年新增就业目标").relative_year == 0
    assert ask("株洲去年新增就业多少").relative_year == -1
    assert ask("株洲新增就业多少").relative_year is None


def test_topic_keeps_the_subject_and_drops_question_words():
    assert ask("株洲的背街小巷改造谁负责？").topic == "背街小巷改造"


def test_synonyms_of_the_genre_give_topic_variants():
    variants = ask("株洲GDP增长目标").topics()
    assert variants[0] == "GDP增长" and "地区生产总值增长" in variants


def test_year_and_document_number():
    question = ask("株政办发〔2030〕4号2031年新增多少停车位")
    assert question.doc_number == "株政办发〔2030〕4号" and question.year == 2031


@pytest.mark.parametrize("text", ["", "   ", "？？？", "<script>alert(1)</script>", "a" * 5000])
def test_any_input_is_understood_without_error(text):
    assert ask(text).intent


def test_a_definition_question_wins_over_role_words_inside_the_term():
    assert ask("一办五牵头工作机制是什么").intent == "definition"
    assert ask("什么是牵头单位负责制").intent == "definition"


def test_a_district_named_with_its_city_is_also_asked_for_by_its_own_name():
    aliases = region_aliases({"湖州市吴兴区": "district"})
    assert aliases["吴兴区"] == aliases["吴兴"] == "湖州市吴兴区"


def test_keywords_alone_look_for_a_body_in_charge_or_a_number_and_an_unknown_ask_for_nothing():
    assert {intent for intent, _ in ask("株洲老旧小区改造").intents} >= {"lead", "value"}
    assert ask("株洲老旧小区改造的时限是怎么定的").intents[0][0] == "search"


def test_a_post_named_last_asks_who_holds_it():
    assert ask("株洲经济增长专班召集人").intent == "person"
