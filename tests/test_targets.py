"""Numeric targets: value, unit, comparator, metric, raised standards, year, and what is not a target."""

from pathlib import Path

import ingest
from ingest.clean import clean
from ingest.extract.targets import find_targets, targets_in
from ingest.pipeline import ingest_source
from ingest.read import Source
from ingest.structure import blocks
from search.evidence import value_text

SAMPLES = Path(ingest.__file__).parent / "sample_corpus"


def targets_of(original: str, year: int | None = None):
    """Clean the text, split it into blocks and read its targets; also return the clean text."""
    text = clean(original).text
    return find_targets(blocks(text), text, year), text


def facts(target) -> dict:
    """A target as the reader sees it in search/passages.py."""
    return {"value": target.value, "unit": target.unit, "comparator": target.comparator,
            "from": target.value_from, "stretch": target.stretch}


def by_value(targets, value):
    return next(t for t in targets if t.value == value)


def test_growth_rates_with_spaces_and_comparators():
    targets, _ = targets_of(
        "（一）经济运行稳中提质。全市地区生产总值增长 6.8% 左右，规模工业增加值增长7.2%以上。"
    )
    first, second = targets
    assert (first.metric, first.value, first.unit, first.comparator) == ("全市地区生产总值", 6.8, "%", "左右")
    assert (second.metric, second.value, second.unit, second.comparator) == (
        "规模工业增加值",
        7.2,
        "%",
        "以上",
    )


def test_counted_units_take_the_noun_after_them():
    targets, _ = targets_of(
        "1. 提升养老服务水平。常德市养老机构新增 320 张护理型床位；完成1500户困难老年人居家适老化改造。"
    )
    beds, homes = targets
    assert (beds.metric, beds.value, beds.unit) == ("护理型床位", 320, "张")
    assert (homes.metric, homes.value, homes.unit) == ("困难老年人居家适老化改造", 1500, "户")


def test_raised_standards_keep_the_value_raised_from():
    targets, _ = targets_of(
        "城市低保标准从不低于 620 元每月提高到不低于 680 元/月，散居孤儿从1000元/月提高到1200元/月。"
    )
    city, orphans = targets
    assert (city.metric, city.value, city.value_from, city.unit, city.comparator) == (
        "城市低保标准",
        680,
        620,
        "元/月",
        "不低于",
    )
    assert (orphans.metric, orphans.value, orphans.value_from, orphans.comparator) == (
        "散居孤儿",
        1200,
        1000,
        "",
    )


def test_magnitude_words_stay_in_the_unit():
    targets, _ = targets_of("“株洲通”用户数突破 260 万，城镇新增就业4.2万人，完成投资 1300 亿元以上。")
    users, jobs, investment = targets
    assert (users.metric, users.value, users.unit, users.comparator) == ("“株洲通”用户数", 260, "万", "突破")
    assert (jobs.value, jobs.unit) == (4.2, "万人")
    assert (investment.value, investment.unit, investment.comparator) == (1300, "亿元", "以上")


def test_other_units_and_a_unitless_limit():
    targets, _ = targets_of(
        "森林消防蓄水池建设4200立方米，森林火灾受害率控制在0.8‰以内，完成农村公路安防设施18km，"
        "水质优良率达到96.5%，建筑业百亿元产值死亡率控制在 0.6 以内。"
    )
    assert [(t.value, t.unit) for t in targets] == [
        (4200, "立方米"),
        (0.8, "‰"),
        (18, "km"),
        (96.5, "%"),
        (0.6, ""),
    ]
    assert by_value(targets, 4200).metric == "森林消防蓄水池"
    assert by_value(targets, 96.5).comparator == "达到"


def test_dates_document_numbers_codes_ranges_and_markers_are_not_targets():
    original = (
        "株洲市人民政府办公室\n\n株政办发〔2024〕3号\n\n2024年2月18日\n\n"
        "根据《株洲市“十四五”规划（2021—2025年）》（株政发〔2021〕7号），围绕“4×4”产业体系[12]，"
        "建设5G基站，降低PM2.5浓度，实施3—5年专项行动，2026—2028年分步推进，执行GB 50016-2014标准，"
        "预留1—2个月缓冲期，综合排名居全省第3位，"
        "水质在2023年88.1%的基础上持续改善。\n\n3. 推进城市更新。"
    )
    targets, _ = targets_of(original)
    assert targets == []


def test_numbers_describing_a_noun_are_not_targets():
    targets, _ = targets_of("新增产值过10亿元企业3家，深化20户以上自然村4G网络覆盖，建成16兆瓦级风电机组。")
    assert [(t.value, t.unit, t.metric) for t in targets] == [(3, "家", "产值过10亿元企业")]


def test_a_list_of_values_shares_the_metric_before_it():
    targets, _ = targets_of("园区营业收入占比超55%、48%。")
    assert [(t.metric, t.value) for t in targets] == [("园区营业收入占比", 55), ("园区营业收入占比", 48)]


def test_values_read_respectively_get_their_own_metrics():
    targets, _ = targets_of("主导产业及高新技术产业营业收入占比分别超55%、48%。")
    assert [(t.metric, t.value) for t in targets] == [
        ("主导产业营业收入占比", 55),
        ("高新技术产业营业收入占比", 48),
    ]


def test_year_comes_from_the_sentence_or_the_heading():
    targets, _ = targets_of(
        "（一）2024 年重点民生实事项目\n\n1. 建设城市绿道。新建城市绿道 25 公里。\n\n"
        "（二）其他项目\n\n1. 培育企业。2025 年新增高新技术企业 60 家，其中省级 10 家。\n\n"
        "2. 建设公园。新建口袋公园 12 个。"
    )
    assert [(t.value, t.year) for t in targets] == [(25, 2024), (60, 2025), (10, 2025), (12, None)]


def test_spans_are_clean_offsets_and_targets_in_picks_a_tasks_targets():
    targets, text = targets_of(
        "1. 促进就业。城镇新增就业 3.1 万人（市人社局牵头）；新增 6 家零工驿站（市人社局负责）。"
    )
    assert all(text[t.span.start : t.span.end] == t.text for t in targets)
    first_task_end = text.index("（市人社局牵头）")
    assert [t.value for t in targets_in(0, first_task_end, targets)] == [3.1]
    assert [t.value for t in targets_in(first_task_end, len(text), targets)] == [6]


def test_sample_corpus_provincial_livelihood_plan():
    targets, _ = targets_of((SAMPLES / "001_326f08489f1a9911.txt").read_text(encoding="utf-8"))
    gdp = targets[0]
    assert (gdp.metric, gdp.value, gdp.comparator) == ("地区生产总值", 6.5, "左右")
    beds = next(t for t in targets if t.unit == "张")
    assert (beds.metric, beds.value, beds.year) == ("护理型床位", 5000, 2023)
    low_income = next(t for t in targets if t.value_from == 600)
    assert (low_income.value, low_income.unit, low_income.metric) == (650, "元/月", "城市低保标准")
    users = next(t for t in targets if t.metric == "用户数")
    assert (users.value, users.unit, users.comparator) == (3000, "万", "突破")
    assert by_value(targets, 97.3).comparator == "达到"


def test_sample_corpus_hengyang_plan():
    targets, _ = targets_of((SAMPLES / "004_f66dfdd534aceaf8.txt").read_text(encoding="utf-8"))
    assert (by_value(targets, 5380).unit, by_value(targets, 5380).metric) == ("立方米", "森林消防蓄水池")
    assert (by_value(targets, 0.9).unit, by_value(targets, 0.9).comparator) == ("‰", "以内")
    investment = next(t for t in targets if t.value == 1300 and t.unit == "亿元")
    assert investment.comparator == "超"
    assert not any(t.value in (2022, 2023) for t in targets)


# ---------------------------------------------------------------- government work reports

REPORT = """2031年临川省政府工作报告

2031年1月12日在临川省第九届人民代表大会第二次会议上

一、2030年工作回顾

过去一年，全省地区生产总值增长4.9%，城镇新增就业41.2万人，粮食产量612.4亿斤。

（一）稳住农业基本盘。新建高标准农田120万亩。

二、2031年目标任务

今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；城镇新增就业40万人以上，城镇调查失业率5.5%左右，居民消费价格涨幅2%左右；研发经费支出占地区生产总值比重达到3.1%左右；粮食产量稳定在600亿斤以上。
"""


def test_a_report_list_of_main_targets_gives_each_value_its_indicator():
    targets, _ = targets_of(REPORT, 2031)
    planned = [(t.metric, t.value, t.unit, t.comparator) for t in targets if t.year == 2031]
    assert planned == [
        ("地区生产总值", 5, "%", "左右"),
        ("城镇新增就业", 40, "万人", "以上"),
        ("城镇调查失业率", 5.5, "%", "左右"),
        ("居民消费价格涨幅", 2, "%", "左右"),
        ("研发经费支出占地区生产总值比重", 3.1, "%", "左右"),
        ("粮食产量", 600, "亿斤", "以上"),
    ]


def test_last_years_results_are_told_from_this_years_targets():
    targets, _ = targets_of(REPORT, 2031)
    assert [(t.metric, t.value, t.year) for t in targets if t.year == 2030] == [
        ("全省地区生产总值", 4.9, 2030),
        ("城镇新增就业", 41.2, 2030),
        ("粮食产量", 612.4, 2030),
        ("高标准农田", 120, 2030),
    ]


def test_an_unnumbered_part_line_or_a_paragraph_opening_sets_the_year():
    report = (
        "2030年工作回顾\n\n（一）扩大有效投资。固定资产投资增长6.1%。\n\n"
        "2031年工作安排\n\n（一）扩大有效投资。固定资产投资增长7%左右，比2029年翻一番的项目10个。\n\n"
        "三、加强政府自身建设\n\n一年来，我们压减一般性支出3.2%。"
    )
    targets, _ = targets_of(report, 2031)
    assert [(t.value, t.year) for t in targets] == [(6.1, 2030), (7, 2031), (10, 2031), (3.2, 2030)]


def test_a_year_compared_against_is_not_the_targets_year():
    targets, _ = targets_of("单位地区生产总值能耗较2028年下降8.5%。今年力争比去年增长6%。", 2031)
    energy, growth = targets
    assert (energy.metric, energy.year) == ("单位地区生产总值能耗", None)
    assert growth.year == 2031


def test_the_pipeline_reads_the_year_of_a_report_from_the_document():
    source = Source("report.txt", REPORT, "txt", "utf-8", REPORT.encode())
    years = {t.value: t.year for t in ingest_source(source).targets}
    assert (years[4.9], years[5], years[600]) == (2030, 2031, 2031)


def test_numbers_written_in_chinese():
    targets, _ = targets_of(
        "新建三个区域医疗中心，建设一万座充电桩，研发投入增长百分之五，"
        "数字经济规模突破千亿元以上，外贸进出口保持两位数增长，带动一千多万人就业。"
    )
    assert [(t.metric, t.value, t.unit, t.comparator) for t in targets] == [
        ("区域医疗中心", 3, "个", ""),
        ("充电桩", 1, "万座", ""),
        ("研发投入", 5, "%", ""),
        ("数字经济规模", 1000, "亿元", "以上"),
        ("外贸进出口", 10, "%", "以上"),
        ("就业", 1000, "多万人", ""),
    ]


def test_chinese_numerals_that_are_words_are_not_targets():
    targets, _ = targets_of("推进一批重点项目，走进千家万户，做好三农工作，优化三次产业结构，实施一个行动。")
    assert targets == []


def test_a_stretch_value_stays_with_its_target():
    targets, _ = targets_of("地区生产总值增长6%以上、力争达到7%，固定资产投资增长12%以上，力争15%。")
    gdp, investment = targets
    assert (gdp.metric, gdp.value, gdp.comparator, gdp.stretch) == ("地区生产总值", 6, "以上", 7)
    assert (investment.metric, investment.value, investment.stretch) == ("固定资产投资", 12, 15)
    assert gdp.text == "地区生产总值增长6%以上、力争达到7%"
    assert value_text(facts(gdp)) == "6%以上，力争7%"


def test_values_read_respectively_share_a_comparator_and_split_the_metric():
    targets, _ = targets_of(
        "城镇和农村常住居民人均可支配收入分别增长5%和6.5%左右，城乡低保标准分别提高4%、6%，"
        "城镇调查失业率、居民消费价格涨幅分别控制在5%和2.5%以内，一、二、三产增加值分别增长3%、6%、5%。"
    )
    assert [(t.metric, t.value, t.comparator) for t in targets] == [
        ("城镇常住居民人均可支配收入", 5, "左右"),
        ("农村常住居民人均可支配收入", 6.5, "左右"),
        ("城镇低保标准", 4, ""),
        ("农村低保标准", 6, ""),
        ("城镇调查失业率", 5, "以内"),
        ("居民消费价格涨幅", 2.5, "以内"),
        ("一产增加值", 3, ""),
        ("二产增加值", 6, ""),
        ("三产增加值", 5, ""),
    ]


def test_units_of_harvests_energy_and_trade():
    targets, _ = targets_of(
        "粮食产量稳定在420亿斤左右，油料产量35万吨，新增风电装机300万千瓦，接待游客1.2亿人次，"
        "集装箱吞吐量达到500万标箱，污水处理能力新增8万吨/日，地区生产总值9.1万亿元、增长5.2%，"
        "城乡居民人均可支配收入分别达5.6万元和2.4万元。"
    )
    assert [(t.value, t.unit) for t in targets] == [
        (420, "亿斤"), (35, "万吨"), (300, "万千瓦"), (1.2, "亿人次"), (500, "万标箱"), (8, "万吨/日"),
        (9.1, "万亿元"), (5.2, "%"), (5.6, "万元"), (2.4, "万元"),
    ]
    assert [t.metric for t in targets[6:]] == [
        "地区生产总值", "地区生产总值", "城镇居民人均可支配收入", "农村居民人均可支配收入",
    ]


def test_metrics_lose_time_words_and_keep_a_short_word_after_de():
    targets, _ = targets_of(
        "预计全省地区生产总值增长5.1%左右，经济增长目标设定为6%左右，全社会研发经费支出相当于"
        "全市生产总值的比例达到4.2%，全年粮食播种面积1.2亿亩、产量830亿斤以上。"
    )
    assert [t.metric for t in targets] == [
        "全省地区生产总值", "经济增长", "全社会研发经费支出相当于全市生产总值的比例", "粮食播种面积", "粮食产量",
    ]


def test_value_text_gives_every_digit():
    assert value_text({"value": 32193.15, "unit": "亿元", "comparator": "达到"}) == "达到32193.15亿元"
    assert value_text({"value": 1250000.0, "unit": "人", "comparator": ""}) == "1250000人"


def test_a_value_spelled_in_chinese_is_answered_as_spelled():
    targets, _ = targets_of("力争数字产业产值稳定在千亿元以上，研发投入增长百分之五，外贸保持两位数增长。")
    assert [t.written for t in targets] == ["千亿元", "百分之五", "两位数"]
    assert [value_text(facts(t) | {"written": t.written}) for t in targets] == ["千亿元以上", "百分之五", "两位数以上"]


# ---------------------------------------------------------------- ranges, raises read 分别, shares, last year's results


def test_a_range_is_one_target_with_its_low_and_high_ends():
    targets, _ = targets_of(
        "今年主要预期目标是：全省地区生产总值增长5.0%—5.5%，固定资产投资增长4%-4.5%，"
        "社会消费品零售总额增长5%至6%，出口增长3%到4%左右，规模工业增加值增长6.5%—7%以上，"
        "新增2—3个省级先进制造业集群，按照10%—15%的比例预留专家号源。",
        2031,
    )
    assert [(t.metric, t.value, t.upper, t.unit, t.comparator) for t in targets] == [
        ("全省地区生产总值", 5.0, 5.5, "%", ""),
        ("固定资产投资", 4, 4.5, "%", ""),
        ("社会消费品零售总额", 5, 6, "%", ""),
        ("出口", 3, 4, "%", "左右"),
        ("规模工业增加值", 6.5, 7, "%", "以上"),
        ("省级先进制造业集群", 2, 3, "个", ""),
        ("比例预留专家号源", 10, 15, "%", ""),
    ]
    assert [value_text(facts(t) | {"written": t.written, "upper": t.upper}) for t in targets[:4]] == [
        "5.0%—5.5%", "4%-4.5%", "5%至6%", "3%到4%左右",
    ]
    assert all(t.year == 2031 for t in targets)


def test_a_range_without_its_written_form_is_printed_from_both_ends():
    assert value_text({"value": 5.0, "upper": 5.5, "unit": "%", "comparator": "左右"}) == "5%—5.5%左右"


def test_spans_of_years_descending_numbers_and_changes_are_not_ranges():
    targets, _ = targets_of("用3—5年时间，2026—2028年每年新增就业6万人，指标由5%至3%逐步调整，排名第2-3位。")
    assert [(t.value, t.upper) for t in targets] == [(6, None)]


def test_standards_raised_respectively_pair_each_from_value_with_its_value():
    targets, _ = targets_of(
        "困难残疾人生活补贴、重度残疾人护理补贴标准分别从每人每月186元、194元提高到195元、203元，"
        "城乡低保标准分别提高到每人每月860元、690元，城镇和农村居民人均可支配收入分别达到5.3万元和2.6万元。"
    )
    assert [(t.metric, t.value_from, t.value, t.unit) for t in targets] == [
        ("困难残疾人生活补贴标准", 186, 195, "元"),
        ("重度残疾人护理补贴标准", 194, 203, "元"),
        ("城镇低保标准", None, 860, "元"),
        ("农村低保标准", None, 690, "元"),
        ("城镇居民人均可支配收入", None, 5.3, "万元"),
        ("农村居民人均可支配收入", None, 2.6, "万元"),
    ]
    assert value_text(facts(targets[1])) == "从194元提高到203元"


def test_a_raise_from_a_monthly_amount():
    (target,) = targets_of("特困人员基本生活标准从每人每月980元提高到1020元。")[0]
    assert (target.metric, target.value_from, target.value) == ("特困人员基本生活标准", 980, 1020)


def test_a_share_before_its_noun_is_a_share_of_that_noun():
    targets, _ = targets_of(
        "加强15%的中医馆内涵建设，在10%的社区卫生服务中心设置康复科，全市90%以上村庄达到美丽宜居标准。"
    )
    assert [(t.metric, t.value, t.unit, t.comparator) for t in targets] == [
        ("中医馆内涵建设", 15, "%", ""),
        ("社区卫生服务中心设置康复科", 10, "%", ""),
        ("村庄达到美丽宜居标准", 90, "%", "以上"),
    ]


def test_an_amount_before_its_noun_still_describes_it():
    targets, _ = targets_of("培育营业收入超50亿元的企业8家，人口20万以上的县建成特殊教育学校，新增产值过10亿元企业3家。")
    assert [(t.metric, t.value, t.unit) for t in targets] == [
        ("营业收入", 50, "亿元"), ("企业", 8, "家"), ("人口", 20, "万"), ("产值过10亿元企业", 3, "家"),
    ]


LAST_YEAR = """2031年澜沧省政府工作报告

一、2030年工作回顾

过去一年，全省地区生产总值连跨2个千亿台阶，达到2.4万亿元、增长5.6%，高于全国0.6个百分点。规上工业增加值增长7.1%，高于全国1.3个百分点；全年增长6.2%。

二、2031年目标任务

地区生产总值增长5.5%左右，城乡居民收入增速高于全省经济增速1个百分点。
"""


def test_last_years_growth_keeps_its_indicator_past_a_counted_milestone_and_a_gap():
    targets, _ = targets_of(LAST_YEAR, 2031)
    rows = [(t.metric, t.value, t.unit, t.year) for t in targets]
    assert rows[:3] == [
        ("千亿台阶", 2, "个", 2030),
        ("全省地区生产总值", 2.4, "万亿元", 2030),
        ("全省地区生产总值", 5.6, "%", 2030),
    ]
    assert targets[2].text == "增长5.6%"
    assert ("高于全国", 0.6, "个百分点", 2030) in rows
    assert ("规上工业增加值", 6.2, "%", 2030) in rows
    assert ("城乡居民收入增速高于全省经济增速", 1, "个百分点", 2031) in rows
    assert not any("生产总值" in metric for metric, _, unit, _ in rows if unit == "个百分点")


def test_a_range_reaches_the_graph_and_the_reader():
    from kg.load import load_document
    from kg.store import open_store
    from search.passages import load_corpus

    report = REPORT.replace("地区生产总值增长5%左右", "地区生产总值增长5.0%—5.5%")
    store = open_store("memory")
    outcome = load_document(store, ingest_source(Source("report.txt", report, "txt", "utf-8", report.encode())))
    assert not outcome.error, outcome.error
    (gdp,) = [p for p in load_corpus(store).passages if p.kind == "target" and p.facts["upper"] is not None]
    assert (gdp.facts["value"], gdp.facts["upper"], gdp.facts["year"]) == (5.0, 5.5, 2031)
    assert value_text(gdp.facts) == "5.0%—5.5%"
