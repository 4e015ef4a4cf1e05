"""Terms: glossary entries, coined quoted terms, and definitions given inline."""

from pathlib import Path

import ingest
from ingest.clean import clean
from ingest.extract.terms import find_terms, is_coined
from ingest.structure import blocks

SAMPLES = Path(ingest.__file__).parent / "sample_corpus"

REPORT = (
    "今年，我们将深入实施“强链补链”行动[1]，加快推进“五好”园区[2]建设。\n\n"
    "名 词 解 释\n\n"
    "[1]“强链补链”行动：围绕十大产业链开展的延链、补链、强链工作。\n\n"
    "[2]“五好”园区：规划定位好、创新平台好、产业项目好、体制机制好、发展形象好的园区。\n\n"
    "扫一扫在手机打开当前页\n\n"
    "责任编辑：张三\n\n"
    "主办单位：株洲市人民政府办公室"
)


def terms_of(original: str):
    """Clean the text, split it into blocks and read its terms by label; also return the clean text."""
    text = clean(original).text
    return {t.label: t for t in find_terms(blocks(text), text)}, text


def test_glossary_after_a_spaced_heading_with_bracket_markers():
    terms, text = terms_of(REPORT)
    chain = terms["“强链补链”行动"]
    assert chain.marker == "[1]"
    assert chain.definition == "围绕十大产业链开展的延链、补链、强链工作。"
    assert text[chain.definition_span.start : chain.definition_span.end] == chain.definition
    assert chain.span.start < text.index("名 词 解 释")
    assert text[chain.span.start : chain.span.end] == "“强链补链”行动"
    assert terms["“五好”园区"].marker == "[2]"


def test_glossary_stops_at_the_website_chrome():
    terms, _ = terms_of(REPORT)
    assert not {"扫一扫在手机打开当前页", "责任编辑", "主办单位"} & set(terms)
    assert sum(1 for t in terms.values() if t.marker) == 2


def test_numbered_glossary_entries_lose_their_outer_quotes():
    terms, _ = terms_of(
        "推进“两新”“两重”工作。\n\n名词注释\n\n"
        "1. “两新”：大规模设备更新和消费品以旧换新。\n\n"
        "2. 两重：国家重大战略实施和重点领域安全能力建设。"
    )
    assert (terms["两新"].marker, terms["两新"].definition) == ("1", "大规模设备更新和消费品以旧换新。")
    assert terms["两重"].definition.startswith("国家重大战略")


def test_coined_terms_are_numeral_built_quotes_and_ordinary_quotes_are_not():
    terms, text = terms_of(
        "常德市坚持“一主两副”发展布局，牢记“守护好一江碧水”的嘱托，打造“中国桂花之乡”，"
        "落实“十查十做”措施，推进“双随机、一公开”监管，深化“十查十做”成果，吸取“1·8”火灾事故教训。"
    )
    assert set(terms) == {"一主两副", "十查十做", "双随机、一公开"}
    assert terms["十查十做"].span.start == text.index("十查十做")
    assert terms["十查十做"].definition == ""


def test_is_coined():
    assert all(map(is_coined, ["三高四新", "五好", "发展六仗", "4×4", "1+N", "四个着力点", "稳增长17条"]))
    assert not any(map(is_coined, ["守护好一江碧水", "中国桂花之乡", "1·8", "11.29", "湘易办"]))


def test_inline_definition_after_ji():
    terms, text = terms_of(
        "确保实现“三坚决两确保”工作目标，即坚决杜绝重特大事故、坚决防范自然灾害导致人员伤亡。"
    )
    term = terms["三坚决两确保"]
    assert term.definition == "坚决杜绝重特大事故、坚决防范自然灾害导致人员伤亡"
    assert text[term.definition_span.start : term.definition_span.end] == term.definition


def test_inline_definitions_in_brackets():
    terms, _ = terms_of(
        "健全“三单一制”（即任务清单、责任清单、问题清单和销号制），"
        "推进“一江两岸”（一江指沅江，两岸指南北两岸）亮化，开展“五长”（镇长、所长、校长、村长、队长）护校，"
        "落实“四到”（真到、实到）要求，开展“三送”（市工业和信息化局牵头）活动。"
    )
    assert terms["三单一制"].definition == "任务清单、责任清单、问题清单和销号制"
    assert terms["一江两岸"].definition == "一江指沅江，两岸指南北两岸"
    assert terms["五长"].definition == "镇长、所长、校长、村长、队长"
    assert terms["四到"].definition == ""
    assert terms["三送"].definition == ""


def test_abbreviations():
    terms, text = terms_of(
        "成立常德市重点民生实事工作办公室（简称市实事办），由市政府分管副秘书长担任主任。"
        "建设常德市一体化政务服务移动端（以下简称“常德通”）。"
    )
    office = terms["市实事办"]
    assert office.definition == "常德市重点民生实事工作办公室"
    assert text[office.definition_span.start : office.definition_span.end] == office.definition
    assert terms["常德通"].definition == "常德市一体化政务服务移动端"


def test_sample_corpus_report_glossary():
    terms, text = terms_of((SAMPLES / "002_a3c28763f215a6f6.txt").read_text(encoding="utf-8"))
    glossary = [t for t in terms.values() if t.marker]
    assert len(glossary) == 23
    assert [t.marker for t in sorted(glossary, key=lambda t: int(t.marker[1:-1]))][-1] == "[23]"
    six = terms["打好“发展六仗”"]
    assert six.span.start < text.index("名 词 解 释") and six.marker == "[1]"
    assert terms["十查十做"].definition.startswith("查道路净不净")
    assert terms["RCEP"].definition.startswith("区域全面经济伙伴关系协定")
    assert not any("责任编辑" in label or "信息来源" in label for label in terms)


def test_sample_corpus_city_plan_inline_definitions():
    terms, _ = terms_of((SAMPLES / "000_be0f208c006c50a3.txt").read_text(encoding="utf-8"))
    assert terms["市实事办"].definition == "市重点民生实事工作办公室"
    assert terms["三坚决两确保两争先"].definition.startswith("坚决杜绝重特大事故")
    assert {"三高四新", "十查十做", "五好"} <= set(terms)
