"""Understanding questions: what is asked, for which region, about what."""

import pytest

from search.understand import region_aliases, understand

ALIASES = region_aliases({"湖南省": "province", "株洲市": "city", "常德市": "city", "渌口区": "district"})


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("株洲背街小巷改造谁牵头", "lead"),
        ("常德哪些单位配合河湖长制", "cooperating"),
        ("渌口区燃气安全由哪个部门负责", "responsible"),
        ("省里新增护理型床位多少张", "value"),
        ("株洲空气质量优良率目标", "value"),
        ("什么是“一件事一次办”", "definition"),
        ("三高四新是什么", "definition"),
        ("株政办发〔2030〕4号依据的是哪个文件", "doc_basis"),
        ("株政办发〔2030〕4号哪天印发", "doc_date"),
        ("株洲实施方案主送哪些单位", "doc_addressees"),
        ("渌口区实施方案是哪个单位印发的", "doc_issuer"),
        ("株洲经济增长专班召集人是谁", "person"),
        ("渌口区实事办设在哪里", "office"),
        ("株洲市发改委牵头几项任务", "count"),
        ("省里和株洲对ICU床位的要求分别是什么", "value"),
    ],
)
def test_intent(text, intent):
    assert understand(text, ALIASES).intent == intent


def test_regions_by_short_name_and_province_words():
    assert understand("省里和株洲老旧小区改造目标各是多少", ALIASES).regions == ["湖南省", "株洲市"]
    assert understand("渌口区水上交通安全整治谁牵头", ALIASES).regions == ["渌口区"]


def test_level_prefix_of_a_body_is_not_a_region():
    assert understand("市住建局牵头几项任务", ALIASES).regions == []


def test_a_place_the_corpus_does_not_cover_is_noticed():
    question = understand("湘潭市打好发展六仗方案什么时候印发", ALIASES)
    assert question.unknown_region == "湘潭市" and question.regions == []


def test_topic_keeps_the_subject_and_drops_question_words():
    question = understand("株洲的背街小巷改造谁负责？", ALIASES)
    assert question.topic == "背街小巷改造"


def test_year_and_document_number():
    question = understand("株政办发〔2030〕4号2031年新增多少停车位", ALIASES)
    assert question.doc_number == "株政办发〔2030〕4号" and question.year == 2031


@pytest.mark.parametrize("text", ["", "   ", "？？？", "<script>alert(1)</script>", "a" * 5000])
def test_any_input_is_understood_without_error(text):
    assert understand(text, ALIASES).intent


def test_a_definition_question_wins_over_role_words_inside_the_term():
    assert understand("一办五牵头工作机制是什么", ALIASES).intent == "definition"
    assert understand("什么是牵头单位负责制", ALIASES).intent == "definition"
