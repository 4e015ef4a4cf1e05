"""Numeric targets: value, unit, comparator, metric, raised standards, year, and what is not a target."""

from pathlib import Path

import ingest
from ingest.clean import clean
from ingest.extract.targets import find_targets, targets_in
from ingest.structure import blocks

SAMPLES = Path(ingest.__file__).parent / "sample_corpus"


def targets_of(original: str):
    """Clean the text, split it into blocks and read its targets; also return the clean text."""
    text = clean(original).text
    return find_targets(blocks(text), text), text


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
        "建设5G基站，降低PM2.5浓度，按照15%—20%的比例预留号源，综合排名居全省第3位，"
        "水质在2023年88.1%的基础上持续改善。\n\n3. 推进城市更新。"
    )
    targets, _ = targets_of(original)
    assert targets == []


def test_numbers_describing_a_noun_are_not_targets():
    targets, _ = targets_of("新增产值过10亿元企业3家，深化20户以上自然村4G网络覆盖。")
    assert [(t.value, t.unit, t.metric) for t in targets] == [(3, "家", "产值过10亿元企业")]


def test_a_list_of_values_shares_the_metric_before_it():
    targets, _ = targets_of("主导产业及高新技术产业营业收入占比分别超55%、48%。")
    assert [(t.metric, t.value) for t in targets] == [
        ("主导产业及高新技术产业营业收入占比", 55),
        ("主导产业及高新技术产业营业收入占比", 48),
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
