"""Numeric targets: a number with its unit, comparator, metric and year, in clean-text offsets.

A target is a number followed by a unit (增长7.5%左右, 新增 5000 张护理型床位, 粮食产量500亿斤)
or, without a unit, by 以上/以内/左右 (控制在0.8以内). Numbers may be written in Chinese after a
target verb (新建三个, 建设一万座, 增长百分之五, 突破千亿元, 两位数增长). Numbers in quotes, book
titles, 文号 brackets, footnote markers, list numbering, dates, ranges, codes (5G, PM2.5),
baselines (在…的基础上) and numbers that qualify a noun (50亿元企业, 20 户以上自然村) are not
targets. The metric is the noun after a counted unit when one follows (新增160张护理型床位 →
护理型床位), otherwise the words of the same clause before the number with target verbs and
comparators taken off both ends and cut after the last 的 (地区生产总值增长7.5%左右 → 地区生产总值).
A list read 分别 gives each value its own metric (城镇、农村居民收入分别增长5%和7%左右), and a value
with 力争 after it is the stretch of the one before (增长7%以上、力争8%). The year is said in the
sentence or by the part of the document the number sits in (see periods.py).
"""

from __future__ import annotations

import re
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
RAISED = re.compile(
    rf"从{GAP}(?:{'|'.join(STRONG)})?{GAP}(?P<from>{NUMBER}){GAP}(?:{UNIT})?(?:元?每[月年])?"
    rf"{GAP}提高到{GAP}(?P<cmp>{'|'.join(STRONG)})?{GAP}(?P<value>{NUMBER}){GAP}(?P<unit>{UNIT})"
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
    shielded = _shielded(line, block)
    found = _raised(line)
    for match in [*TARGET.finditer(line), *CN_TARGET.finditer(line)]:
        taken = [(f.start, f.end) for f in found]
        if not _inside(match.start(), shielded + taken) and _is_target(line, match):
            found.extend(_plain(match))
    found.extend(f for f in _spelled(line) if not _inside(f.start, shielded))
    found.sort(key=lambda f: f.start)
    return _read(_with_stretch(found, line), line, block, context, own)


def _shielded(line: str, block: Block) -> list[tuple[int, int]]:
    """Spans whose numbers are never targets: quotes, titles, 文号, markers, numbering."""
    spans = [m.span() for m in SHIELDS.finditer(line)]
    if block.number and line.startswith(block.number):
        spans.append((0, len(block.number)))
    return spans


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= at < end for start, end in spans)


def _raised(line: str) -> list[Found]:
    """从 A 提高到 B: one target B, with A as the value it was raised from."""
    return [
        Found(m.start(), m.end(), float(m["value"]), m["unit"], m["cmp"] or "", float(m["from"]))
        for m in RAISED.finditer(line)
    ]


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
    before, after = line[: match.start()], line[match.end() :]
    unit, suffix = match["unit"] or "", match["suffix"] or ""
    if (not unit and not suffix) or NOT_BEFORE.search(before) or NOT_AFTER.match(after):
        return False
    if unit and (unit[-1] + line[match.end("unit") :]).startswith(NOT_A_UNIT):
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
    previous_end, previous_metric = numbering, ""
    for item in found:
        floor = max([previous_end, *[e for e in notes_end if e <= item.start]])
        inherited = previous_metric if floor == previous_end else ""
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
            )
        )
        previous_end, previous_metric = text_end, metric
    for run in _lists(found, line):
        _share(run, [targets[i] for i in run])
    return targets


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
    words, comparator = _split_comparator(line[start : item.start])
    metric, offset, lead = _words(words)
    comparator = comparator or ("力争" if "力争" in lead else "")
    after = _noun_after(line, item)
    if after:
        return after, start + offset if metric else item.start, item.end + len(after), comparator
    if metric:
        return metric, start + offset, item.end, comparator
    if start > floor:
        previous = _clause_start(line, start - 1, floor)
        metric, offset, _ = _words(TRAIL.sub("", line[previous : start - 1]))
        if metric:
            return metric, previous + offset, item.end, comparator
    return inherited, item.start, item.end, comparator


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
    if rest.startswith("（") and "）" not in rest:
        offset, rest = offset + 1, rest[1:]
    metric = MARKER.sub("", rest).strip()
    return ("经济增长" if metric == "经济" else metric), offset, skipped


def _noun_after(line: str, item: Found) -> str:
    """The noun a counted unit is followed by (160张护理型床位 → 护理型床位), or ''."""
    counted = re.search(rf"(?:{MEASURE}|{COUNT})$", item.unit) or APPROXIMATE_COUNT.fullmatch(item.unit)
    if item.value_from is not None or not counted:
        return ""
    noun = re.match(r"(?:“[^”\n]*”|[^，。；：、（）\t\n\d%“,;:])*", line[item.end :]).group()
    noun = AFTER_STOP.split(noun, maxsplit=1)[0].rstrip()
    return "" if noun.startswith(GENERIC_AFTER) else noun
