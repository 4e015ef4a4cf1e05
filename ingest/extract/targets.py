"""Numeric targets: a number with its unit, comparator, metric and year, in clean-text offsets.

A target is a number followed by a unit (增长7.5%左右, 新增 5000 张护理型床位, 粮食产量500亿斤)
or, without a unit, by 以上/以内/左右 (控制在0.8以内). Numbers may be written in Chinese after a
target verb (新建三个, 建设一万座, 增长百分之五, 突破千亿元, 两位数增长). Numbers in quotes, book
titles, 文号 brackets, footnote markers, list numbering, dates, spans of years (3—5年, 2023—2025年),
codes (5G, PM2.5), baselines (在…的基础上) and numbers that qualify a noun (50亿元企业, 20 户以上自然村)
are not targets. A range with a unit (增长5.0%—5.5%, 5%至5.5%, 新增1—2个) is one target, low and high.
The metric is the noun after a counted unit when one follows (新增160张护理型床位 → 护理型床位), the
share's noun after a bare verb (加强15%的中医馆内涵建设 → 中医馆内涵建设), otherwise the words of the
same clause before the number with target verbs and comparators taken off both ends and cut after the
last 的 (地区生产总值增长7.5%左右 → 地区生产总值); a gap to a reference (高于全国0.7个百分点) is its own
metric. A list read 分别 gives each value its own metric (城镇、农村居民收入分别增长5%和7%左右; 分别从
202元、208元提高到209元、215元), and a value with 力争 after it is the stretch of the one before
(增长7%以上、力争8%). The year is said in the sentence or by the part of the document the number sits
in (see periods.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import cn2an

from ingest.extract.notes import find_notes
from ingest.extract.periods import Periods, sentence_year
from ingest.records import Span, Target
from ingest.structure import Block

KINDS = ("heading", "item", "para", "table")
NUMBER = r"\d+(?:\.\d+)?"
MONEY = r"(?:万亿|[万亿千])?(?:美元|元)(?:(?:/|每)(?:人|户|月|年|天|亩)(?:[·/](?:人|户|月|年))?)?"
RATIO = r"%|‰|个百分点|百分点|倍"
MEASURE = (
    r"(?:平方公里|平方千米|平方米|立方米|万方|公里|千米|km|公顷|亩|吨|千瓦时|千瓦|兆瓦|米|公斤|斤|标准箱|标箱)"
    r"(?:/(?:日|天|年|秒|小时))?"
)
COUNT = r"人次|批次|场次|架次|艘次|车次|个|家|项|人|户|所|张|座|台|类|场|列|支|名|间|处|条|套|辆|件|宗|块|只|头|次|位|栋|株|种|份|艘|例"
UNIT = rf"{MONEY}|{RATIO}|[余多]?[万亿]?[余多]?(?:{MEASURE}|{COUNT})|[余多]?[万亿][余多]?"
SUFFIX = r"以上|以内|以下|之内|左右"
STRONG = ("不低于", "不少于", "不超过", "不高于", "控制在", "超过", "突破", "达到", "低于", "高于", "≥", "≤")
WEAK = ("超", "达", "近", "约")
GAP = r"[^\S\n]*"
TARGET = re.compile(
    rf"(?<![\d.])(?P<value>{NUMBER})(?![\d.]){GAP}(?P<unit>{UNIT})?(?:{GAP}(?P<suffix>{SUFFIX}))?"
)
PER = r"(?:每人|每户)?(?:每[月年])?"
RAISED = re.compile(
    rf"从{GAP}(?:{'|'.join(STRONG)})?{GAP}{PER}(?P<from>{NUMBER}){GAP}(?:{UNIT})?(?:元?每[月年])?"
    rf"{GAP}提高到{GAP}(?P<cmp>{'|'.join(STRONG)})?{GAP}{PER}(?P<value>{NUMBER}){GAP}(?P<unit>{UNIT})"
)
LISTED = rf"{NUMBER}{GAP}(?:{UNIT})?(?:{GAP}(?:、|和|及){GAP}{NUMBER}{GAP}(?:{UNIT})?)+"
RAISED_EACH = re.compile(
    rf"(?:分别{GAP})?(?P<open>[从由]){GAP}{PER}(?P<froms>{LISTED}){GAP}(?:分别{GAP})?"
    rf"(?:提高|提升|增加|上调)[到至]{GAP}{PER}(?P<tos>{LISTED})"
)
LISTED_VALUE = re.compile(rf"(?P<value>{NUMBER}){GAP}(?P<unit>{UNIT})?")
RANGE = re.compile(
    rf"(?<![\d.])(?P<value>{NUMBER}){GAP}(?P<low_unit>{UNIT})?{GAP}(?:—{{1,2}}|[–\-～~至到]){GAP}"
    rf"(?P<upper>{NUMBER})(?![\d.]){GAP}(?P<unit>{UNIT})(?:{GAP}(?P<suffix>{SUFFIX}))?"
)
CN_DIGITS = "零〇一二两三四五六七八九十百千"
CN_NUMBER = rf"[{CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
CN_TARGET = re.compile(
    rf"(?<![{CN_DIGITS}万亿\d.])(?P<value>{CN_NUMBER}){GAP}(?P<unit>{UNIT})(?:{GAP}(?P<suffix>{SUFFIX}))?"
)
CN_PERCENT = re.compile(rf"(?P<number>百分之(?P<value>{CN_NUMBER}))(?:{GAP}(?P<suffix>{SUFFIX}))?")
CN_DIGIT_COUNT = re.compile(r"(?P<value>[二两三四五六七八九])位数")
TARGET_VERB = (
    "新增|净增|新建|新引进|引进|建成|完成|新开工|开工|改造|培育|培养|打造|创建|建设|实现|突破|达到|超过|增长|增加|"
    "提高到|提高|提升|下降|降低|减少|稳定在|保持在|控制在|不少于|不低于|不超过|累计|新认定|认定|举办|开展|培训|"
    "带动|吸纳|惠及|覆盖|接待|超|达|近|约"
)
APPROXIMATE_COUNT = re.compile(r"[余多][万亿]|[万亿][余多]")
CN_CUE = re.compile(rf"(?:{TARGET_VERB}){GAP}$")
STRETCH = re.compile(rf"^[、，,]?{GAP}(?:并|同时)?力争(?:达到|实现|突破|超过|增长)?{GAP}$")
LIST_JOIN = re.compile(rf"^{GAP}(?:[、和及与]|以及){GAP}$")
SHIELDS = re.compile(r"“[^“”\n]*”|《[^《》\n]*》|〔[^〔〕\n]*〕|\[[^\[\]\n]*\]|【[^【】\n]*】|\$[^$\n]*\$")
NOT_BEFORE = re.compile(r"(?:[A-Za-z\\+×·/*=]|第|[\d%‰]\s*[—–\-～~至])\s*$")
NOT_AFTER = re.compile(r"[A-Za-z×+·/*]|\s*[—–\-～~至]\s*\d|的?基础上")
NEAR = 100  # characters either side of a number that decide whether it is a target; bounds the work on a long line
NOT_A_UNIT = ("个月", "个工作日", "个小时", "人民", "项目", "家庭", "家级", "名单", "类别", "次产业", "位数")
MARKER = re.compile(r"\[\d+\]")
CLAUSE_STOP = "，；。：！？,;:!?\t\n"
LEAD = re.compile(
    r"^(?:[、和及与并为①-⑳]|到?(?:19|20)\d{2}[^\S\n]*年[度底]?|力争|确保|争取|实现|推动|全年|今年|明年|累计|其中|共|"
    r"初步预计|预计|初步统计|继续|[一二三四五六七八九十]是|各位代表[!！]|"
    r"新增|净增|新建|新引进|引进|建成|完成|新开工|开工改造|开工|提质改造|改造|培育|培养|实施|启动|打造|创建|建设|建强|"
    r"\s)+"
)
TRAIL = re.compile(
    r"(?:增长|增加|各|提高到|提高至|提高|提升到|提升|下降|降低|减少|稳定在|保持在|稳定|保持|继续|分别|均|同比|为|占|在|的|"
    r"至|到|过|建设|完成|实现|新增|净增|累计|力争|确保|不得|超|达|近|约|预计|今年|全年|要|将|目标|设定|预期|年均|平均|"
    r"增|扩展|扩大|"
    r"(?:同比|较|比)(?:(?:19|20)\d{2}[^\S\n]*年|上年|去年)|\s)+$"
)
AFTER_STOP = re.compile(rf"增长|{'|'.join(STRONG)}|{'|'.join(WEAK)}")
GENERIC_AFTER = ("目标", "任务", "指标", "的", "和", "及", "与", "或", "等")
AFTER_VALUE = ("以上", "以内", "以下", "之内", "左右")
ATTRIBUTES = ("产量", "总产", "总产量", "单产", "产值", "增加值", "营业收入", "总额", "规模", "占比", "比重")
AGAINST = re.compile(
    rf"(?P<cmp>高于|低于|快于|慢于|超过|超出|领先)(?P<ref>(?:全国|全省|全市|全区|全州|全县|国家|东部|中部|西部|同期)"
    rf"[^\d，；。]{{0,8}}?){GAP}$"
)
SCOPE = re.compile(r"^[全本我][省市区县州国]")
CITY_AND_COUNTRY = re.compile(r"^(?P<scope>[全我][省市区县州国])?城乡(?P<rest>.+)")


@dataclass
class Found:
    """One number being read: where it sits in the line and what was read so far."""

    start: int
    end: int
    value: float
    unit: str
    comparator: str
    value_from: float | None = None
    stretch: float | None = None
    written: str = ""
    upper: float | None = None


def find_targets(blocks: list[Block], text: str, year: int | None = None) -> list[Target]:
    """Every numeric target in the body text, in document order; year is the document's own (今年)."""
    targets: list[Target] = []
    periods = Periods(year)
    for block in blocks:
        context = periods.year_of(block, text[block.start : block.end])
        if block.kind in KINDS:
            targets.extend(_block_targets(block, text, context, year))
    return targets


def targets_in(start: int, end: int, targets: list[Target]) -> list[Target]:
    """The targets that begin inside [start, end): the ones a task's text contains."""
    return [t for t in targets if start <= t.span.start < end]


def _block_targets(block: Block, text: str, context: int | None, own: int | None) -> list[Target]:
    line = text[block.start : block.end]
    shielded = _offsets(_shielded(line, block))
    found = [f for f in _raised_each(line) + _ranges(line) if f.start not in shielded]
    found.extend(f for f in _raised(line) if not any(f.start < g.end and g.start < f.end for g in found))
    taken = shielded | _offsets((f.start, f.end) for f in found)
    for match in [*TARGET.finditer(line), *CN_TARGET.finditer(line)]:
        if match.start() not in taken and _is_target(line, match):
            plain = _plain(match)
            found.extend(plain)
            taken |= _offsets((f.start, f.end) for f in plain)
    found.extend(f for f in _spelled(line) if f.start not in shielded)
    found.sort(key=lambda f: f.start)
    return _read(_with_stretch(found, line), line, block, context, own)


def _shielded(line: str, block: Block) -> list[tuple[int, int]]:
    """Spans whose numbers are never targets: quotes, titles, 文号, markers, numbering."""
    spans = [m.span() for m in SHIELDS.finditer(line)]
    if block.number and line.startswith(block.number):
        spans.append((0, len(block.number)))
    return spans


def _offsets(spans: Iterable[tuple[int, int]]) -> set[int]:
    """Every offset the spans cover: a lookup that stays fast with thousands of numbers in one line."""
    return {at for start, end in spans for at in range(start, end)}


def _raised(line: str) -> list[Found]:
    """从 A 提高到 B: one target B, with A as the value it was raised from."""
    return [
        Found(m.start(), m.end(), float(m["value"]), m["unit"], m["cmp"] or "", float(m["from"]))
        for m in RAISED.finditer(line)
    ]


def _raised_each(line: str) -> list[Found]:
    """分别从 A、B 提高到 C、D: a target per value raised to, each with the value it was raised from.

    The first target begins at 从 so that the words before it name the list; a value written
    without its unit takes the unit of the last one (209、215元).
    """
    found = []
    for match in RAISED_EACH.finditer(line):
        froms, tos = _listed(match, "froms"), _listed(match, "tos")
        if len(froms) != len(tos):
            continue
        unit = tos[-1][3]
        for i, ((_, _, low, _), (start, end, value, own_unit)) in enumerate(zip(froms, tos, strict=True)):
            found.append(Found(match.start("open") if i == 0 else start, end, value, own_unit or unit, "", low))
    return found


def _listed(match: re.Match, group: str) -> list[tuple[int, int, float, str]]:
    """(start, end, value, unit) of every number in a list such as 202元、208元, in line offsets."""
    offset = match.start(group)
    return [
        (offset + m.start(), offset + m.end(), float(m["value"]), m["unit"] or "")
        for m in LISTED_VALUE.finditer(match[group])
    ]


def _ranges(line: str) -> list[Found]:
    """Ranges with a unit (增长5.0%—5.5%, 5%-5.5%, 5%至5.5%, 5%到5.5%左右): one target, low to high.

    The written form is kept to be answered as written; a range after 从/由 is a change, not a range,
    and the rules of single numbers hold at both ends (no codes, no 3—5年, no 按15%—20%的比例).
    """
    found = []
    for match in RANGE.finditer(line):
        low, high, low_unit, unit = float(match["value"]), float(match["upper"]), match["low_unit"] or "", match["unit"]
        before, after = line[: match.start()], line[match.end() :]
        if low >= high or not unit.startswith(low_unit) or re.search(r"[从由]\s*$", before):
            continue
        if NOT_BEFORE.search(before) or NOT_AFTER.match(after) or (unit[-1] + after).startswith(NOT_A_UNIT):
            continue
        if _is_modifier(unit, match["suffix"] or "", after):
            continue
        written = line[match.start() : match.end("unit")]
        found.append(Found(match.start(), match.end(), low, unit, match["suffix"] or "", written=written, upper=high))
    return found


def _plain(match: re.Match) -> list[Found]:
    """The number a TARGET or CN_TARGET match reads, or nothing for a Chinese numeral that is no count."""
    unit, suffix = match["unit"] or "", match["suffix"] or ""
    value = _number(match["value"])
    if value is None:
        return []
    written = "" if match["value"][0].isdigit() else match.string[match.start("value") : match.end("unit")]
    return [Found(match.start(), match.end(), value, unit, suffix, written=written)]


def _number(written: str) -> float | None:
    """An Arabic or Chinese numeral's value (三 → 3, 千 → 1000, 三点五 → 3.5), None if unreadable."""
    if written[0].isdigit():
        return float(written)
    try:
        return float(cn2an.cn2an("一" + written if written[0] in "十百千" else written, "smart"))
    except ValueError:
        return None


def _spelled(line: str) -> list[Found]:
    """Numbers said in words that carry their own unit: 百分之五 (5%), 两位数 (10% or more)."""
    found = []
    for match in CN_PERCENT.finditer(line):
        value = _number(match["value"])
        if value is not None:
            found.append(Found(match.start(), match.end(), value, "%", match["suffix"] or "", written=match["number"]))
    for match in CN_DIGIT_COUNT.finditer(line):
        value = 10.0 ** (_number(match["value"]) - 1)
        found.append(Found(match.start(), match.end(), value, "%", "以上", written=match.group()))
    return found


def _is_target(line: str, match: re.Match) -> bool:
    """False for dates, years, codes, formulas, ordinals, ranges, baselines and modifiers.

    A number in Chinese counts only right after a target verb, or as a rough count of thousands
    (一千多万外出务工人员), and above one unless a magnitude follows (新建三个, 建设一万座), so 一批,
    三农 and 千家万户 stay words.
    """
    before = line[max(0, match.start() - NEAR) : match.start()]
    after = line[match.end() : match.end() + NEAR]
    unit, suffix = match["unit"] or "", match["suffix"] or ""
    if (not unit and not suffix) or NOT_BEFORE.search(before) or NOT_AFTER.match(after):
        return False
    if unit and (unit[-1] + line[match.end("unit") : match.end("unit") + NEAR]).startswith(NOT_A_UNIT):
        return False
    if not match["value"][0].isdigit():
        value = _number(match["value"])
        if value is None or (value < 2 and not re.match("[万亿]", unit)):
            return False
        if not CN_CUE.search(before) and not APPROXIMATE_COUNT.fullmatch(unit):
            return False
    return not _is_modifier(unit, suffix, after)


def _is_modifier(unit: str, suffix: str, after: str) -> bool:
    """A number describing the noun after it (50亿元企业, 10亿级, 26兆瓦级, 20 户以上自然村), not counting it.

    A number followed by 和/、 and another number is the first of a list (6.6万元和3.2万元).
    """
    if not re.match(r"[\u4e00-\u9fff]", after) or after.startswith(("的", "左右", "以")):
        return False
    if after.startswith("级"):
        return True
    if re.match(rf"(?:[和及与或、]|以及){GAP}\d", after):
        return False
    return "元" in unit or unit in ("万", "亿") or bool(suffix) and unit.endswith(("户", "人"))


def _with_stretch(found: list[Found], line: str) -> list[Found]:
    """增长7%以上、力争8%: the 力争 value becomes the stretch of the number before it."""
    out: list[Found] = []
    for item in found:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.stretch is None
            and item.value_from is None
            and item.unit == previous.unit
            and STRETCH.match(line[previous.end : item.start])
        ):
            previous.stretch, previous.end = item.value, item.end
            continue
        out.append(item)
    return out


def _read(found: list[Found], line: str, block: Block, context: int | None, own: int | None) -> list[Target]:
    """Turn each number into a Target; a number with no words of its own shares the metric before."""
    notes_end = [note.end for note in find_notes(line)]
    numbering = len(block.number) if block.number and line.startswith(block.number) else 0
    targets: list[Target] = []
    previous_end, previous_metric, previous_subject = numbering, "", ""
    for item in found:
        floor = max([previous_end, *[e for e in notes_end if e <= item.start]])
        crossed = bool(re.search(f"[{CLAUSE_STOP}]", line[previous_end : item.start]))
        inherited = _inherited(previous_metric, previous_subject if crossed else "", item.unit) if floor == previous_end else ""
        metric, text_start, text_end, comparator = _metric(line, item, floor, inherited)
        if line.startswith("、", previous_end) and metric in ATTRIBUTES and previous_metric:
            metric = _subject(previous_metric) + metric
        targets.append(
            Target(
                metric,
                item.value,
                item.unit,
                line[text_start:text_end],
                Span(block.start + text_start, block.start + text_end),
                item.comparator or comparator,
                item.value_from,
                sentence_year(line, item.start, own) or context,
                item.stretch,
                item.written,
                item.upper,
            )
        )
        previous_end = text_end
        previous_metric = previous_metric if AGAINST.search(metric) else metric
        previous_subject = _subject_before(line, item, floor) if metric and metric == _noun_after(line, item) else ""
    for run in _lists(found, line):
        _share(run, [targets[i] for i in run])
    return targets


def _inherited(metric: str, subject: str, unit: str) -> str:
    """What a number with no words of its own is of: the thing counted before it when it counts
    the same way (新增160张护理型床位，达到1200张), else, in the next clause, the subject of the
    clause before (全省地区生产总值连跨4个千亿台阶，2024年达到1.3万亿元 → 全省地区生产总值)."""
    return subject if subject and not _is_counted(unit) else metric


def _subject_before(line: str, item: Found, floor: int) -> str:
    """The nouns before a number in its clause, less the verbs that end them (全省地区生产总值连跨 → 全省地区生产总值)."""
    words, _ = _split_comparator(line[_clause_start(line, item.start, floor) : item.start])
    return _nominal(_words(words)[0])


def _nominal(words: str) -> str:
    """words less the verbs, adverbs, prepositions and particles at their end; '' when nothing else is said."""
    import jieba.posseg

    tagged = list(jieba.posseg.cut(words))
    while tagged and (tagged[-1].flag == "v" or tagged[-1].flag[0] in "dpucr"):
        tagged.pop()
    return "".join(w.word for w in tagged)


def _subject(metric: str) -> str:
    """The first word of a metric: what a bare attribute listed after it is of (粮食播种面积 → 粮食)."""
    import jieba

    return jieba.lcut(metric)[0]


def _lists(found: list[Found], line: str) -> list[list[int]]:
    """Runs of two or more numbers joined only by 、/和 (5%、6.5%左右; 5%和7%左右), as indices."""
    runs: list[list[int]] = [[0]] if found else []
    for i in range(1, len(found)):
        if LIST_JOIN.match(line[found[i - 1].end : found[i].start]):
            runs[-1].append(i)
        else:
            runs.append([i])
    return [run for run in runs if len(run) > 1]


def _share(run: list[int], targets: list[Target]) -> None:
    """A list's comparator holds for every value in it; read 分别, each value gets its own metric."""
    first, last = targets[0].comparator, targets[-1].comparator
    for target in targets:
        if last in AFTER_VALUE and target.comparator not in AFTER_VALUE:
            target.comparator = last
        elif not target.comparator and first not in AFTER_VALUE:
            target.comparator = first
    metrics = _respective(targets[0].metric, len(targets)) if "分别" in targets[0].text else None
    for target, metric in zip(targets, metrics or [], strict=False):
        target.metric = metric


def _respective(metric: str, count: int) -> list[str] | None:
    """The metrics of 城镇、农村居民人均可支配收入 / 城乡居民收入 / 一、二、三产增加值 read 分别.

    Conjuncts much shorter than the last one share its head (城镇 + 居民人均可支配收入); conjuncts
    of about the same length are whole metrics (城镇调查失业率、居民消费价格涨幅).
    """
    fused = CITY_AND_COUNTRY.match(metric)
    if fused and count == 2:
        return [f"{fused['scope'] or ''}{part}{fused['rest']}" for part in ("城镇", "农村")]
    parts = re.split(r"、|和|及|与", metric)
    if len(parts) != count or not all(parts):
        return None
    *heads, last = parts
    shared = _shared_head(heads[0], last)
    if len(last) <= max(len(part) for part in heads) + 1 or not shared:
        return parts
    return [part + shared for part in heads] + [last]


def _shared_head(first: str, last: str) -> str:
    """The head the last conjunct lends the others: what follows the end of its own modifier.

    The modifier ends where the first conjunct's ending recurs (主导产业 … 高新技术产业|营业收入占比),
    else after as many characters as the first conjunct has (城镇 … 农村|居民人均可支配收入).
    """
    for size in range(len(first), 0, -1):
        at = last.find(first[-size:], 1)
        if at > 0:
            return last[at + size :]
    return last[len(first) :]


def _metric(line: str, item: Found, floor: int, inherited: str) -> tuple[str, int, int, str]:
    """(metric, text start, text end, comparator): the noun after the unit, else the words before.

    A clause with no words of its own (，达到97.3%) takes them from the clause before it, or
    from the number before it in the same list (分别超61%、59%).
    """
    start = _clause_start(line, item.start, floor)
    against = AGAINST.search(line, start, item.start) if "百分点" in item.unit else None
    if against:
        metric, text_start = _against(line, start, against)
        return metric, text_start, item.end, against["cmp"]
    words, comparator = _split_comparator(line[start : item.start])
    metric, offset, lead = _words(words)
    comparator = comparator or ("力争" if "力争" in lead else "")
    after = _noun_after(line, item)
    if after:
        return after, start + offset if metric else item.start, item.end + len(after), comparator
    described = "" if _nominal(SCOPE.sub("", metric)) else _described(line, item)
    if described:
        return described, start + offset if metric else item.start, line.index(described, item.end) + len(described), comparator
    if metric:
        return metric, start + offset, item.end, comparator
    if start > floor:
        previous = _clause_start(line, start - 1, floor)
        metric, offset, _ = _words(TRAIL.sub("", line[previous : start - 1]))
        if metric:
            return metric, previous + offset, item.end, comparator
    return inherited, _own_words_start(line, start, item.start), item.end, comparator


def _against(line: str, start: int, against: re.Match) -> tuple[str, int]:
    """(metric, text start) of a gap to a reference (增速高于全国0.7个百分点): its own metric, never
    the growth it follows."""
    subject, offset, _ = _words(TRAIL.sub("", line[start : against.start()]))
    return subject + against["cmp"] + against["ref"], start + offset if subject else against.start()


def _own_words_start(line: str, start: int, at: int) -> int:
    """Where the words a number borrows its metric for begin (、增长5.8% → 增长5.8%), so its text says how it moves."""
    words = line[start:at]
    return start + len(words) - len(words.lstrip("、和及与 "))


def _clause_start(line: str, at: int, floor: int) -> int:
    stops = [line.rfind(stop, floor, at) for stop in CLAUSE_STOP]
    return max([floor, *[s + 1 for s in stops if s >= 0]])


def _split_comparator(words: str) -> tuple[str, str]:
    """The words before a number less the verbs and comparators next to it, and the comparator."""
    strong = [(words.rfind(w) + len(w), len(w), w) for w in STRONG if w in words]
    if strong:
        end, size, word = max(strong)
        return TRAIL.sub("", words[: end - size]), word
    stripped = TRAIL.sub("", words)
    tail = words[len(stripped) :]
    return stripped, next((w for w in WEAK if w in tail), "")


def _words(words: str) -> tuple[str, int, str]:
    """(metric, its offset in words, the leading verbs dropped).

    The metric is cut after the last 的 unless only a word of two remains (…的比例), and before
    分别 (A、B分别新认定 → A、B); 经济 alone is 经济增长, the growth of the economy.
    """
    lead = LEAD.match(words)
    skipped = lead.group() if lead else ""
    rest = words[len(skipped) :]
    offset = len(skipped)
    if "分别" in rest:
        rest = TRAIL.sub("", rest[: rest.index("分别")])
    if "的" in rest and len(rest) - rest.rindex("的") > 3:
        offset += rest.rindex("的") + 1
        rest = rest[rest.rindex("的") + 1 :]
    if rest.startswith("的"):
        offset, rest = offset + 1, rest[1:]
    if rest.startswith("（") and "）" not in rest:
        offset, rest = offset + 1, rest[1:]
    metric = MARKER.sub("", rest).strip()
    return ("经济增长" if metric == "经济" else metric), offset, skipped


def _noun_after(line: str, item: Found) -> str:
    """The noun a counted unit is followed by (160张护理型床位 → 护理型床位), or ''."""
    if item.value_from is not None or not _is_counted(item.unit):
        return ""
    noun = re.match(r"(?:“[^”\n]*”|[^，。；：、（）\t\n\d%“,;:])*", line[item.end :]).group()
    noun = AFTER_STOP.split(noun, maxsplit=1)[0].rstrip()
    return "" if noun.startswith(GENERIC_AFTER) else noun


def _is_counted(unit: str) -> bool:
    """True for units that count or measure things (张, 万人, 公里), which a noun may follow."""
    return bool(re.search(rf"(?:{MEASURE}|{COUNT})$", unit) or APPROXIMATE_COUNT.fullmatch(unit))


def _described(line: str, item: Found) -> str:
    """What a share is of, to the clause's end (加强15%的中医馆内涵建设 → 中医馆内涵建设; 90%以上村庄达标), or ''.

    Only shares: an amount before its noun describes it (50亿元的企业, 20万人口以上的县).
    """
    if item.unit not in ("%", "‰"):
        return ""
    joined = line.startswith("的", item.end)
    rest = line[item.end + joined :]
    noun = re.match(r"(?:“[^”\n]*”|（[^）\n]*）|[^，。；：、（）\t\n\d%“,;:])*", rest).group().strip()
    return noun if noun and (joined or _starts_with_noun(noun)) else ""


def _starts_with_noun(words: str) -> bool:
    import jieba.posseg

    first = next(iter(jieba.posseg.cut(words)), None)
    return first is not None and first.flag.startswith("n")
