"""Structure: heading levels however written, attachments, glossaries, tables, item titles."""

from ingest.clean import clean
from ingest.structure import blocks


def parse(original: str):
    return blocks(clean(original).text)


def test_heading_levels_nest_whatever_the_bracket_width():
    found = parse(
        "一、重点任务\n\n(一) 稳定工业增长\n\n1. 培育龙头企业。新增规模工业企业50家。\n\n"
        "（二）扩大有效投资\n\n1.抓好重大项目。完成投资300亿元。\n"
    )
    items = [b for b in found if b.kind == "item"]
    assert [b.path for b in items] == [
        ["一、重点任务", "（一） 稳定工业增长", "1. 培育龙头企业"],
        ["一、重点任务", "（二）扩大有效投资", "1. 抓好重大项目"],
    ]
    assert [b.title for b in items] == ["培育龙头企业", "抓好重大项目"]


def test_heading_with_its_body_on_the_same_line_is_an_item():
    (block,) = parse("（一）经济运行稳中提质。地区生产总值增长6%左右。\n")
    assert (block.kind, block.level, block.title) == ("item", 2, "经济运行稳中提质")


def test_attachments_open_their_own_path_however_labelled():
    found = parse("附件 2\n\n株洲市打好科技创新攻坚仗实施方案\n\n一、工作目标\n\n附件3\n\n重点任务清单\n")
    headings = [b for b in found if b.kind == "heading"]
    assert headings[0].path == ["附件2 株洲市打好科技创新攻坚仗实施方案"]
    assert headings[1].path == ["附件2 株洲市打好科技创新攻坚仗实施方案", "一、工作目标"]
    assert headings[2].path == ["附件3 重点任务清单"]


def test_attachment_list_is_not_an_attachment():
    found = parse("附件：1. 株洲市打好经济增长主动仗实施方案\n2. 株洲市打好科技创新攻坚仗实施方案\n")
    assert not [b for b in found if b.kind == "attachment"]


def test_spaced_glossary_heading_opens_a_glossary():
    found = parse("三、保障措施\n\n加强组织领导。\n\n名 词 解 释\n\n[1]“四上”企业：规模以上工业企业等。\n")
    assert found[-1].kind == "glossary"


def test_tab_separated_lines_are_table_rows():
    found = parse("序号\t工作任务\t牵头单位\n1\t加装电梯\t市住建局\n")
    assert {b.kind for b in found} == {"table"}


def test_document_number_split_across_lines_is_joined():
    text = clean("严格落实《株洲市财政体制改革实施方案》（株办发〔2030〕\n\n12号）要求，理顺财权事权关系。\n").text
    assert "株办发〔2030〕12号" in text


def test_numbers_that_are_not_numbering_stay_in_the_paragraph():
    (block,) = parse("2030年全市完成投资1200亿元，增长8%。\n")
    assert block.kind == "para"
