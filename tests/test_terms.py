"""Terms: glossary entries, coined quoted terms, and definitions given inline."""

from pathlib import Path

import ingest
from ingest.clean import clean
from ingest.extract.terms import find_terms, is_coined, member_count
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


# ---------------------------------------------------------------- numbered abbreviations and their members


def members_of(original: str) -> dict[str, list[str]]:
    """Every term's members, by label."""
    terms, _ = terms_of(original)
    return {label: term.members for label, term in terms.items()}


def test_member_count_reads_the_count_of_numbered_abbreviations():
    counts = {label: member_count(label) for label in
              ["两新", "三大先导产业", "四个清单", "五链", "发展六仗", "“三项工程”", "十二项举措", "18条", "双碳",
               "三个100%", "1+N", "1+1+N"]}
    assert counts == {"两新": 2, "三大先导产业": 3, "四个清单": 4, "五链": 5, "发展六仗": 6, "“三项工程”": 3,
                      "十二项举措": 12, "18条": 18, "双碳": 2, "三个100%": 3, "1+N": 2, "1+1+N": 3}


def test_member_count_is_none_for_words_that_count_nothing():
    not_counts = ["三个月", "两年", "第三方", "十四五", "一网通办", "三高四新", "二线口岸", "千万工程", "5G+工业互联网"]
    assert {label: member_count(label) for label in not_counts} == dict.fromkeys(not_counts)


def test_members_in_a_bracket_after_the_term():
    found = members_of("推动“两改”（老旧厂房改造和城中村改造）加快实施，落实“三个100%”（入户核查率达100%、"
                       "隐患整改率达100%、结果公开率达100%）要求。")
    assert found["两改"] == ["老旧厂房改造", "城中村改造"]
    assert found["三个100%"] == ["入户核查率达100%", "隐患整改率达100%", "结果公开率达100%"]


def test_members_after_a_colon_or_ji():
    found = members_of("全年实现“四个下降”：隐性债务规模下降、平台公司数量下降、逾期账款下降、高风险乡镇数量下降。"
                       "守牢“三条底线”，即不发生规模性返贫、不发生重大安全事故、不发生群体性事件。")
    assert found["四个下降"] == ["隐性债务规模下降", "平台公司数量下降", "逾期账款下降", "高风险乡镇数量下降"]
    assert found["三条底线"] == ["不发生规模性返贫", "不发生重大安全事故", "不发生群体性事件"]


def test_an_unquoted_count_after_its_members_becomes_a_term_without_the_verb_before_the_list():
    terms, text = terms_of("聚焦光电芯片、合成生物、低空装备三大先导产业规模倍增。"
                           "深入推进乡村教育提升、基层医疗发展、技能培训创新三项工程。")
    industries = terms["三大先导产业"]
    assert industries.members == ["光电芯片", "合成生物", "低空装备"]
    assert industries.count == 3 and industries.definition == ""
    assert text[industries.members_span.start : industries.members_span.end] == "光电芯片、合成生物、低空装备"
    assert terms["三项工程"].members == ["乡村教育提升", "基层医疗发展", "技能培训创新"]


def test_members_before_a_quoted_term_stay_whole_and_lose_the_words_between():
    found = members_of("推动技术链、产业链、资本链、人才链深度融合的“四链融合”，"
                       "建立园区、项目、链主企业、政策“四张清单”，力争货运量、通关量比上年实现“双增长”。")
    assert found["四链融合"] == ["技术链", "产业链", "资本链", "人才链"]
    assert found["四张清单"] == ["园区", "项目", "链主企业", "政策"]
    assert found["双增长"] == ["货运量", "通关量"]


def test_n_plus_m_terms_take_a_list_of_their_parts():
    found = members_of("构建“1+N”政策体系（1个总体方案、N个专项方案），完善“1+3”工作机制。")
    assert found["1+N"] == ["1个总体方案", "N个专项方案"]
    assert found["1+3"] == []


def test_no_members_when_the_count_does_not_match_the_list():
    terms, _ = terms_of("大力推进新材料、生物制造等九大专项攻关行动，开展“三大行动”（稳岗行动、扩岗行动）。"
                        "用三个月时间完成排查，两年内建成，引入第三方评估机构。")
    assert "九大专项攻关行动" not in terms
    assert terms["三大行动"].members == []
    assert not any(label.startswith(("三个月", "两年", "第三方")) for label in terms)


def test_a_list_of_other_terms_or_of_verbs_is_not_the_members():
    found = members_of("深刻领悟“两个确立”的决定性意义、坚决做到“两个维护”，坚持和落实“两个毫不动摇”。")
    assert found["两个维护"] == [] and found["两个毫不动摇"] == []


def test_a_defined_term_keeps_its_definition_and_gains_members():
    terms, text = terms_of(
        "加快“两新”工作，推进“南岭四库”建设。\n\n名词解释\n\n"
        "1.“两新”：大规模设备更新和消费品以旧换新。\n\n"
        "2.“南岭四库”：2024年，省政府印发实施方案，提出建设森林水库、钱库、粮库、碳库。"
    )
    both = terms["两新"]
    assert both.definition == "大规模设备更新和消费品以旧换新。"
    assert both.members == ["大规模设备更新", "消费品以旧换新"]
    assert text[both.members_span.start : both.members_span.end] == "大规模设备更新和消费品以旧换新"
    assert terms["南岭四库"].members == ["森林水库", "钱库", "粮库", "碳库"]


def test_members_are_graph_facts_and_a_term_with_members_alone_is_a_passage():
    from ingest.pipeline import ingest_source
    from ingest.read import read_bytes
    from kg.load import load_document
    from kg.store import open_store
    from search.passages import load_corpus

    report = ("临江市2025年政府工作报告\n\n临江市人民政府\n\n"
              "今年，我们将聚焦光电芯片、合成生物、低空装备三大先导产业，加快“两新”（大规模设备更新和消费品"
              "以旧换新）工作，推进“一网通办”，落实“四个最严”要求。\n")
    store = open_store("memory")
    load_document(store, ingest_source(read_bytes(report.encode(), "report.txt")))
    corpus = load_corpus(store)
    passages = {p.title: p for p in corpus.passages if p.kind == "term"}
    industries = passages["三大先导产业"]
    assert industries.facts == {"members": ["光电芯片", "合成生物", "低空装备"], "count": 3, "glossary": False,
                                "members_text": "光电芯片、合成生物、低空装备"}
    assert industries.text == "光电芯片、合成生物、低空装备"
    assert industries.quote == "光电芯片、合成生物、低空装备"
    assert passages["两新"].facts["members"] == ["大规模设备更新", "消费品以旧换新"]
    assert "一网通办" not in passages and "四个最严" not in passages
    assert "四个最严" in corpus.undefined_terms


def test_the_first_member_keeps_the_words_every_member_begins_with():
    found = members_of("稳步推进规上企业无研发机构和无研发活动“双清零”。"
                       "水运经济要抓住水运装备制造、水运物流服务、水运文旅应用三个关键领域。")
    assert found["双清零"] == ["无研发机构", "无研发活动"]
    assert found["三个关键领域"] == ["水运装备制造", "水运物流服务", "水运文旅应用"]


def listing_of(original: str, label: str) -> tuple[list[str], str, str]:
    """A term's members, its list as written, and the text its members span covers."""
    terms, text = terms_of(original)
    term = terms[label]
    covered = text[term.members_span.start : term.members_span.end] if term.members_span else ""
    return term.members, term.members_text, covered


def test_a_list_of_verb_phrases_loses_the_verb_before_it_at_whichever_use_lists_it():
    terms, _ = terms_of("去年“四项行动”成效明显。今年深入实施高原种业提升、冷链集群打造、电商帮扶增收、"
                        "劳务品牌提升“四项行动”，促进要素双向流动。统筹实施、储备一批“两重”项目，"
                        "支持外资企业参与产业链配套协作、纳入“两新”，深化、拓展“两个市场”。")
    assert terms["四项行动"].members == ["高原种业提升", "冷链集群打造", "电商帮扶增收", "劳务品牌提升"]
    assert terms["两重"].members == [] and terms["两新"].members == [] and terms["两个市场"].members == []


def test_the_first_member_keeps_its_own_verb_when_every_member_begins_with_one():
    found = members_of("坚持提升传统产业、培育新兴产业、探索未来产业“三措并举”。扎实开展清理涉企收费、"
                       "充分激发民间投资活力、破解小微企业融资难“三大行动”。新挂牌临江第一医院、东港妇幼保健院"
                       "“两个区域医疗中心”。")
    assert found["三措并举"] == ["提升传统产业", "培育新兴产业", "探索未来产业"]
    assert found["三大行动"] == ["清理涉企收费", "充分激发民间投资活力", "破解小微企业融资难"]
    assert found["两个区域医疗中心"] == ["临江第一医院", "东港妇幼保健院"]


def test_an_unquoted_count_starts_the_label_and_the_last_member_stays_whole():
    terms, _ = terms_of("加快量子计算、核聚变能源、深海探测三大未来科创高地建设，建好东湖、西岭、南港3个市级"
                        "人工智能产业园，支持北湖、南山两大乳企推进全球化战略。")
    assert terms["三大未来科创高地"].members == ["量子计算", "核聚变能源", "深海探测"]
    assert terms["3个市级人工智能产业园"].members == ["东湖", "西岭", "南港"]
    assert terms["两大乳企"].members == ["北湖", "南山"]


def test_numbered_items_after_the_term_are_its_members():
    members, written, covered = listing_of(
        "今年将扎实办好“五件民生实事”。（1）促进高校毕业生就业，新增见习岗位1万个。（2）新建改扩建中小学20所。"
        "（3）改造老旧小区300个，加装电梯500部。（4）新增普惠托位2000个。（5）建设城市口袋公园50个。\n\n"
        "“五件民生实事”是政府的庄严承诺。", "五件民生实事")
    assert members == ["促进高校毕业生就业", "新建改扩建中小学20所", "改造老旧小区300个", "新增普惠托位2000个",
                       "建设城市口袋公园50个"]
    assert written.startswith("（1）促进高校毕业生就业；（2）新建改扩建中小学20所；")
    assert covered.startswith("（1）促进高校毕业生就业") and covered.endswith("建设城市口袋公园50个")


def test_paragraphs_numbered_after_the_term_are_its_members_only_when_as_many():
    found = members_of(
        "奋力打好“三个攻坚战”。\n\n一是突出扩大内需，打好投资消费攻坚战。全年实施项目900个。\n\n"
        "二是突出科技创新，打好产业升级攻坚战。新增高新技术企业200家。\n\n"
        "三是突出改革开放，打好营商环境攻坚战。办好企业诉求。\n\n"
        "坚持“四个不动摇”：\n\n（一）坚持稳中求进。\n\n（二）坚持创新驱动。\n\n（三）坚持改革开放。\n\n"
        "推进“两张清单”管理。①建立问题清单，②建立责任清单，③建立整改清单。")
    assert found["三个攻坚战"] == ["突出扩大内需", "突出科技创新", "突出改革开放"]
    assert found["四个不动摇"] == []
    assert found["两张清单"] == []


def test_each_part_of_an_n_plus_m_term_as_the_text_explains_it():
    members, written, _ = listing_of(
        "完善“1+3”政策体系，“1”是指市政府出台的总体方案，“3”是指配套的产业、人才、金融专项政策。", "1+3")
    assert members == ["市政府出台的总体方案", "配套的产业、人才、金融专项政策"]
    assert written == "“1”是指市政府出台的总体方案；“3”是指配套的产业、人才、金融专项政策"


def test_the_terms_own_head_noun_does_not_end_the_last_member():
    terms, _ = terms_of(
        "实施固体废物处置三大行动，推进“三大处置行动”。\n\n名词解释\n\n"
        "1.固体废物处置三大行动：工业固体废物、生活垃圾、其他固体废物处置行动。\n\n"
        "2.“三大处置行动”：农业废弃物、建筑垃圾、餐厨垃圾处置行动。"
    )
    assert terms["固体废物处置三大行动"].members == ["工业固体废物", "生活垃圾", "其他固体废物处置"]
    assert terms["三大处置行动"].members == ["农业废弃物", "建筑垃圾", "餐厨垃圾"]


def test_a_glossary_entry_of_two_terms_gives_each_its_own_members():
    terms, _ = terms_of(
        "加快“两重”“两新”建设，开展“四旁”、“五边”绿化。\n\n名词解释\n\n"
        "1.“两重”、“两新”：国家重大战略实施和重点领域安全能力建设；大规模设备更新和消费品以旧换新。\n\n"
        "2.“四旁”、“五边”：“四旁”为村旁、宅旁、路旁、水旁；“五边”为山边、水边、路边、镇村边、景区边。"
    )
    assert terms["两重"].definition == "国家重大战略实施和重点领域安全能力建设"
    assert terms["两重"].members == ["国家重大战略实施", "重点领域安全能力建设"]
    assert terms["两新"].members == ["大规模设备更新", "消费品以旧换新"]
    assert terms["四旁"].members == ["村旁", "宅旁", "路旁", "水旁"]
    assert terms["五边"].members == ["山边", "水边", "路边", "镇村边", "景区边"]


def test_the_list_is_also_kept_as_written():
    members, written, covered = listing_of("建立招商产业、项目、目标企业和政策“四张清单”。", "四张清单")
    assert members == ["招商产业", "项目", "目标企业", "政策"]
    assert written == covered == "招商产业、项目、目标企业和政策"


def test_a_quoted_list_inside_the_label_names_the_members():
    terms, _ = terms_of("深入实施科技型企业“登高、升规、晋位、上市”四个工程。\n\n名词解释\n\n"
                        "1.科技型企业“登高、升规、晋位、上市”四个工程：“登高”即推动科技型中小企业成长为高新技术"
                        "企业，“升规”即支持企业成长为规上企业，“晋位”即培育专精特新企业，“上市”即推动企业上市。")
    assert terms["科技型企业“登高、升规、晋位、上市”四个工程"].members == ["登高", "升规", "晋位", "上市"]


def test_glossary_lists_after_a_word_and_colon_or_quoted_in_the_definition():
    terms, _ = terms_of(
        "推进“三大工程”，开展“5个专项行动”，实施新一轮“双高”计划，做优沿海蓝色、山区绿色、平原金色三大特色"
        "农业产业带。\n\n名词解释\n\n"
        "1.“三大工程”建设：保障性住房建设、“平急两用”公共基础设施建设、城中村改造。\n\n"
        "2.爱国卫生“5个专项行动”：实施“饮净水、控噪声、防近视、护老人、强体魄”专项行动，建设健康城市。\n\n"
        "3.新一轮“双高”计划：以“办学能力高水平、产教融合高质量”为目标的高水平高职学校和专业建设计划。"
    )
    assert terms["三大工程"].members == ["保障性住房建设", "“平急两用”公共基础设施建设", "城中村改造"]
    assert terms["爱国卫生“5个专项行动”"].members == ["饮净水", "控噪声", "防近视", "护老人", "强体魄"]
    assert terms["双高"].members == []
    assert terms["三大特色农业产业带"].members == ["沿海蓝色", "山区绿色", "平原金色"]


def test_a_definition_list_keeps_its_first_item_whole_and_drops_a_verb_only_its_last_has():
    terms, text = terms_of(
        "开展“三通行动”，推行“新五级工”制度，落实“四项措施”，努力实现产值与效益“双增长”。\n\n名词解释\n\n"
        "1.“三通行动”：课程建设与党的理论武装贯通行动、实践育人融通行动、教师成长渠道畅通行动。\n\n"
        "2.“新五级工”制度：在初级工之下补设学徒工，形成由学徒工、初级工、中级工、高级工、技师构成的等级序列。\n\n"
        "3.“四项措施”：市司法局出台的建立涉企审查联动机制、开展营商环境法治督察、落实执法裁量基准、"
        "实施小微企业法律帮扶。"
    )
    assert terms["三通行动"].members[0] == "课程建设与党的理论武装贯通行动"
    five = terms["“新五级工”制度"]
    assert five.members == ["学徒工", "初级工", "中级工", "高级工", "技师"]
    assert five.members_text == "学徒工、初级工、中级工、高级工、技师"
    assert text[five.members_span.start : five.members_span.end] == five.members_text
    assert terms["四项措施"].members[0] == "建立涉企审查联动机制"
    assert terms["双增长"].members == ["产值", "效益"]


def test_a_first_member_keeps_the_word_that_sets_it_apart_from_a_shared_ending():
    terms, _ = terms_of("扎实做好“四个到位”工作（即组织到位、责任到位、监管到位、保障到位），确保安全生产形势稳定。\n")
    term = terms["四个到位"]
    assert term.members == ["组织到位", "责任到位", "监管到位", "保障到位"]


def test_a_first_member_written_like_the_others_keeps_its_first_words():
    terms, _ = terms_of("实施“三个一批”工程，即培育壮大一批本土龙头企业、招引落地一批品牌首店、传承发展一批老字号。\n")
    assert terms["三个一批"].members == ["培育壮大一批本土龙头企业", "招引落地一批品牌首店", "传承发展一批老字号"]


def test_members_written_alike_in_the_next_sentence_share_what_the_label_names():
    terms, _ = terms_of(
        "（一）推进畜禽粪污“四化”利用。坚持因地制宜，统筹推进粪污肥料化、能源化、基料化、饲料化利用。\n"
        "（二）落实“两个清单”。建立项目清单，完善政策清单。\n"
    )
    assert terms["四化"].members == ["肥料化", "能源化", "基料化", "饲料化"]
    assert not terms["两个清单"].members  # two items written alike prove nothing
