"""Numbers: the target of the asked indicator, for the asked year, in the asked unit; with
several regions or years asked about (各是多少, 有变化吗), each side with its evidence."""

from __future__ import annotations

import re

from search.evidence import answer, target_query, value_text
from search.index import overlap
from search.lexicon import SUFFIX
from search.understand import synonym_sets

UNIT_ASKED = re.compile(r"(?:多少|几)((?:万|亿|千|百)?(?:亿斤|万吨|公里|平方米|立方米|千瓦|人次|[个张台户人家所项条次辆座处吨亩元斤件类名位栋套]))")
TARGET_FITS = 0.35
DIRECTIONS = (r"下降|降低", r"增长|增速|涨幅")  # rates; 增加多少 / 提高到多少 ask for an amount
RATIO_UNITS = ("%", "百分点", "‰", "倍")
SAME_CLASSIFIER = ({"人", "名", "位"}, {"个", "家", "所", "座", "处"})
NOT_INDICATOR = re.compile(r"(?:19|20)?\d{2}\s*年|今年|去年|明年|目标|预期|计划|力争|要|达到|提高到|提高|增长|下降|多少|"
                           r"稳定在|控制在|实现|新建|完成|人数|数量|定了|定的|全年|方案里")


def value(reader, question):
    asks = _asks(question)
    asked = _asked_noun(question.text)
    ranked: list[tuple[float, object]] = []
    for topic, unit in asks:  # 实施多少个项目、完成多少投资: each number asked has its own candidates
        hits = [h for h in reader.relevant(question, {"target"}, topic=topic, floor=0.3)
                if _unit_fits(unit, h.passage.facts.get("unit") or "") and _moves_as_asked(h.passage, question.text, unit)]
        cores = [_core(variant) for variant in question.topics(reader.focused(question, topic))]
        ranked += sorted(((_fit(h, cores, asked, unit), h) for h in hits), key=lambda item: -item[0])
    fits = {}
    for fit, hit in ranked:
        fits[hit.passage.iri] = max(fit, fits.get(hit.passage.iri, 0.0))
    hits = list({h.passage.iri: h for fit, h in ranked if fit >= TARGET_FITS}.values())
    hits.sort(key=lambda h: -fits[h.passage.iri])
    out = []
    for years in _year_sides(question):
        fitting = [h for h in hits if _year_fits(reader, h.passage, years, question.relative_year)]
        if years:  # a plan's target for its own year before a later report's account of it
            fitting.sort(key=lambda h: reader.year_of(h.passage.doc) not in years)
        if not years and question.relative_year is None:
            own = [h for h in fitting if h.passage.facts.get("year") in (None, reader.year_of(h.passage.doc))]
            fitting = own or fitting
        several = re.search(r"各|分别", question.text) and len(question.regions) < 2  # 停车位和充电桩各多少
        per_region = 1 if question.compare else 3 if several else len(asks)
        for hit in reader.per_region(question, fitting, lambda h: True, per_region=per_region):
            facts = hit.passage.facts
            out.append(answer(value_text(facts), "number", reader.corpus, hit.passage, hit.score,
                              target_query(hit.passage.iri), metric=facts["metric"], year=facts["year"],
                              relevance=fits[hit.passage.iri]))
    return out, [h for _, h in ranked]


def _asks(question) -> list[tuple[str, str]]:
    """(topic, unit asked) of each number asked: one, or one per clause that asks 多少 / 几."""
    clauses = [c for c in re.split(r"[，,、；;]", question.text) if re.search(r"多少|(?<!哪)几", c)]
    if len(clauses) < 2:
        return [(question.topic, _asked_unit(question.text))]
    names = [n for region in question.regions for n in (region, SUFFIX.sub("", region)) if n]
    places = "|".join(map(re.escape, names)) or "^$"
    return [(re.sub(places, " ", re.sub(r"(?:多少|几)[个张台家项]?", " ", c)), _asked_unit(c)) for c in clauses]


def _moves_as_asked(passage, text: str, unit: str) -> bool:
    """A question about a fall or a rise (下降多少, 增长目标) wants a target that moves that way,
    given as a rate unless it names another unit."""
    for direction in DIRECTIONS:
        if re.search(f"(?:{direction}).{{0,4}}(?:多少|几|目标|预期|幅度|%)", text):
            rate = bool(unit) or any(u in (passage.facts.get("unit") or "") for u in RATIO_UNITS)
            return rate and bool(re.search(direction, passage.quote))
    return True


def _fit(hit, cores: list[str], asked: str, unit: str) -> float:
    """How well a target answers: the question's share of words in its context, and how far
    its metric and the indicator the question names cover each other (the asked indicator,
    not a neighbour in the same sentence). 0 when they share too little."""
    metric = hit.passage.facts.get("metric") or ""
    if not metric:
        return 0.5 * hit.relevance
    # with its unit asked (多少钱), a number is told apart from its neighbours: its sentence may name it
    clause = hit.passage.text if unit else _clause(hit.passage.quote, metric)
    named = max(overlap(metric, core) for core in cores)
    covered = max(overlap(core, clause) for core in cores)
    if len(metric) <= 2:  # a bare noun (门店): the sentence is the indicator, judged as retrieval judged it
        covered = max(covered, hit.relevance)
    if max(named, covered) < 0.5:
        return 0.0
    adjacent = overlap(asked, _clause(hit.passage.quote, metric)) if asked else 0.0
    # retrieval judged the sentence; the number's own words say whether it is this number
    own = max(overlap(core, hit.passage.quote) for core in cores)
    return 0.2 * hit.relevance + 0.2 * own + 0.3 * named + 0.3 * covered + 0.3 * adjacent


def _asked_noun(text: str) -> str:
    """The indicator written right after 多少 (完成多少年度投资, 注册了多少家企业), else the word right
    before it (计划投资多少): the surest sign of which of several numbers in one sentence is asked."""
    after = re.search(r"(?:多少|几)[个张台户人家所项条次辆座处吨亩元斤件类名位栋套]?([\u4e00-\u9fff]{2,8})", text)
    if after:
        return re.sub(r"(?:呢|吗|啊|呀|了)$", "", after.group(1))
    before = re.search(r"([\u4e00-\u9fff]{2})(?:要|是|有|为|约|达到|完成|提高到|提到)?(?:多少|几)", text)
    return before.group(1) if before else ""


def _clause(quote: str, metric: str) -> str:
    """The clause of the quote that names the metric (养老机构新增160张护理型床位), else the metric;
    the whole sentence for a bare noun (推广“线下购物无理由退货”…至50家门店: 门店 says little alone)."""
    if len(metric) <= 2:
        return quote
    return next((c for c in re.split(r"[，；。,;]", quote) if metric in c), metric)


def _core(topic: str) -> str:
    """The indicator a number question names: its topic without years and target words, the
    genre's names of indicators kept whole (经济增长 stays, not 经济)."""
    kept = sorted({w for same in synonym_sets() for w in same if w in topic}, key=len, reverse=True)
    pattern = "|".join(map(re.escape, kept))
    parts = re.split(f"({pattern})", topic) if kept else [topic]
    core = "".join(part if part in kept else NOT_INDICATOR.sub(" ", part) for part in parts).strip()
    return core or topic


def _year_sides(question) -> list[list[int]]:
    """One side per year compared (23年和24年有变化吗), else all the years named together."""
    if question.compare and len(question.years) > 1:
        return [[year] for year in question.years]
    return [question.years]


def _year_fits(reader, passage, years: list[int], shift: int | None) -> bool:
    year = passage.facts.get("year")
    own = reader.year_of(passage.doc)
    if years:
        return year in years or (year is None and own in years)
    if shift is not None and own is not None:
        return (year if year is not None else own) == own + shift
    return True


def _unit_fits(asked: str, unit: str) -> bool:
    """The target's unit carries the asked one, or a classifier counting the same things (多少人 → 3500名)."""
    if not asked or asked in unit:
        return True
    return any(asked[-1] in same and unit and unit[-1] in same and asked[:-1] in unit for same in SAME_CLASSIFIER)


def _asked_unit(text: str) -> str:
    """The unit a number question names (多少台 → 台, 多少亿斤 → 亿斤), which the answer's unit must carry."""
    if re.search(r"多少钱|几块钱|多少资金|多少经费", text):
        return "元"
    match = UNIT_ASKED.search(text)
    return match.group(1) if match else ""
