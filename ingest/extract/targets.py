"""Numeric targets: a number with its unit, comparator, metric and year, in clean-text offsets.

A target is an Arabic number followed by a unit (增长7.5%左右, 新增 5000 张护理型床位, 突破 3000 万)
or, without a unit, by 以上/以内/左右 (控制在0.8以内). Numbers in quotes, book titles, 文号
brackets, footnote markers, list numbering, dates, ranges, codes (5G, PM2.5), baselines
(在…的基础上) and numbers that qualify a noun (50亿元企业, 20 户以上自然村) are not targets. The metric is the noun after a counted unit when one follows
(新增160张护理型床位 → 护理型床位), otherwise the words of the same clause before the number
with target verbs and comparators taken off both ends and cut after the last 的
(地区生产总值增长7.5%左右 → 地区生产总值). The year is the nearest 20xx年 before the number in
its sentence, else the first one after it, else the innermost heading that names one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.notes import find_notes
from ingest.records import Span, Target
from ingest.structure import Block

KINDS = ("heading", "item", "para", "table")
NUMBER = r"\d+(?:\.\d+)?"
MONEY = r"[万亿千]?(?:美元|元)(?:(?:/|每)(?:人|户|月|年|天|亩)(?:[·/](?:人|户|月|年))?)?"
RATIO = r"%|‰|个百分点|百分点|倍"
MEASURE = r"平方公里|平方米|立方米|万方|公里|千米|km|公顷|亩|吨|千瓦时|千瓦|兆瓦|米"
COUNT = r"人次|批次|个|家|项|人|户|所|张|座|台|类|场|列|支|名|间|处|条|套|辆|件|宗|块|只|头|次|位|栋|株|种|份|艘|例"
UNIT = rf"{MONEY}|{RATIO}|[万亿]?[余多]?(?:{MEASURE}|{COUNT})|[万亿][余多]?"
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
SHIELDS = re.compile(r"“[^“”\n]*”|《[^《》\n]*》|〔[^〔〕\n]*〕|\[[^\[\]\n]*\]|【[^【】\n]*】|\$[^$\n]*\$")
NOT_BEFORE = re.compile(r"(?:[A-Za-z\\+×·/*=]|第|[\d%‰]\s*[—–\-～~至])\s*$")
NOT_AFTER = re.compile(r"[A-Za-z×+·/*]|\s*[—–\-～~至]\s*\d|的?基础上")
NOT_A_UNIT = ("个月", "个工作日", "个小时", "人民", "项目", "家庭", "家级", "名单", "类别")
MARKER = re.compile(r"\[\d+\]")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})[^\S\n]*年")
CLAUSE_STOP = "，；。：！？,;:\t\n"
SENTENCE_STOP = "；。！？;\n"
LEAD = re.compile(
    r"^(?:[、和及与并为①-⑳]|到?(?:19|20)\d{2}[^\S\n]*年[度底]?|力争|确保|争取|实现|推动|全年|累计|其中|共|"
    r"新增|净增|新建|新引进|引进|建成|完成|新开工|开工改造|开工|提质改造|改造|培育|培养|实施|启动|打造|创建|建设|建强|"
    r"\s)+"
)
TRAIL = re.compile(
    r"(?:增长|增加|各|提高到|提高至|提高|提升到|提升|下降|降低|减少|稳定在|保持在|分别|均|同比|为|占|在|的|至|到|过|"
    r"建设|完成|实现|新增|净增|累计|力争|确保|不得|超|达|近|约|\s)+$"
)
AFTER_STOP = re.compile(rf"增长|{'|'.join(STRONG)}|{'|'.join(WEAK)}")
GENERIC_AFTER = ("目标", "任务", "指标", "的", "和", "及", "与", "或", "等")


@dataclass
class Found:
    """One number being read: where it sits in the line and what was read so far."""

    start: int
    end: int
    value: float
    unit: str
    comparator: str
    value_from: float | None = None


def find_targets(blocks: list[Block], text: str) -> list[Target]:
    """Every numeric target in the body text, in document order."""
    targets: list[Target] = []
    for block in blocks:
        if block.kind in KINDS:
            targets.extend(_block_targets(block, text))
    return targets


def targets_in(start: int, end: int, targets: list[Target]) -> list[Target]:
    """The targets that begin inside [start, end): the ones a task's text contains."""
    return [t for t in targets if start <= t.span.start < end]


def _block_targets(block: Block, text: str) -> list[Target]:
    line = text[block.start : block.end]
    shielded = _shielded(line, block)
    found = _raised(line)
    taken = [(f.start, f.end) for f in found]
    for match in TARGET.finditer(line):
        if not _inside(match.start(), shielded + taken) and _is_target(line, match):
            found.append(_plain(match))
    found.sort(key=lambda f: f.start)
    return _read(found, line, block)


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


def _plain(match: re.Match) -> Found:
    unit, suffix = match["unit"] or "", match["suffix"] or ""
    return Found(match.start(), match.end(), float(match["value"]), unit, suffix)


def _is_target(line: str, match: re.Match) -> bool:
    """False for dates, years, codes, formulas, ordinals, ranges, baselines and modifiers."""
    before, after = line[: match.start()], line[match.end() :]
    unit, suffix = match["unit"] or "", match["suffix"] or ""
    if (not unit and not suffix) or NOT_BEFORE.search(before) or NOT_AFTER.match(after):
        return False
    if unit and (unit[-1] + line[match.end("unit") :]).startswith(NOT_A_UNIT):
        return False
    return not _is_modifier(unit, suffix, after)


def _is_modifier(unit: str, suffix: str, after: str) -> bool:
    """A number describing the noun after it (50亿元企业, 10亿级, 20 户以上自然村), not counting it."""
    if not re.match(r"[\u4e00-\u9fff]", after) or after.startswith(("的", "左右", "以")):
        return False
    return "元" in unit or unit in ("万", "亿") or bool(suffix) and unit.endswith(("户", "人"))


def _read(found: list[Found], line: str, block: Block) -> list[Target]:
    """Turn each number into a Target; a number with no words of its own shares the metric before."""
    notes_end = [note.end for note in find_notes(line)]
    numbering = len(block.number) if block.number and line.startswith(block.number) else 0
    targets: list[Target] = []
    previous_end, previous_metric = numbering, ""
    for item in found:
        floor = max([previous_end, *[e for e in notes_end if e <= item.start]])
        inherited = previous_metric if floor == previous_end else ""
        metric, text_start, text_end, comparator = _metric(line, item, floor, inherited)
        targets.append(
            Target(
                metric,
                item.value,
                item.unit,
                line[text_start:text_end],
                Span(block.start + text_start, block.start + text_end),
                item.comparator or comparator,
                item.value_from,
                _year(line, item.start, block.path),
            )
        )
        previous_end, previous_metric = text_end, metric
    return targets


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
    """(metric, its offset in words, the leading verbs dropped): cut after the last 的."""
    lead = LEAD.match(words)
    skipped = lead.group() if lead else ""
    rest = words[len(skipped) :]
    offset = len(skipped)
    if "的" in rest:
        offset += rest.rindex("的") + 1
        rest = rest[rest.rindex("的") + 1 :]
    if rest.startswith("（") and "）" not in rest:
        offset, rest = offset + 1, rest[1:]
    return MARKER.sub("", rest).strip(), offset, skipped


def _noun_after(line: str, item: Found) -> str:
    """The noun a counted unit is followed by (160张护理型床位 → 护理型床位), or ''."""
    if item.value_from is not None or not re.search(rf"(?:{MEASURE}|{COUNT})$", item.unit):
        return ""
    noun = re.match(r"(?:“[^”\n]*”|[^，。；：、（）\t\n\d%“,;:])*", line[item.end :]).group()
    noun = AFTER_STOP.split(noun, maxsplit=1)[0].rstrip()
    return "" if noun.startswith(GENERIC_AFTER) else noun


def _year(line: str, at: int, path: list[str]) -> int | None:
    """The nearest year before the number in its sentence, else after it, else from the headings."""
    start = max(line.rfind(stop, 0, at) for stop in SENTENCE_STOP) + 1
    ends = [e for e in (line.find(stop, at) for stop in SENTENCE_STOP) if e >= 0]
    end = min(ends) if ends else len(line)
    years = [(m.start(), int(m.group(1))) for m in YEAR.finditer(line, start, end)]
    before = [year for pos, year in years if pos < at]
    if before:
        return before[-1]
    if years:
        return years[0][1]
    return next((int(m.group(1)) for label in reversed(path) for m in [YEAR.search(label)] if m), None)
