"""Terms: glossary entries, coined quoted terms and the definitions a document gives inline.

A glossary is the run of entries ("[1]发展六仗：…", "1.“两重”：…") after a 名词解释/名词注释
heading; it ends at the first line that is not an entry (web-site chrome, the next section).
A coined term is a short quoted phrase built on a numeral (“三高四新”, “十查十做”, “4×4”).
Inline definitions are read only where the text gives one: “X”…即…, “X”（即…）, “X”（A指B）,
“五长”（five items）, and …（简称X）. Each term is kept once, under the label as written; its
span is its first use in the body, its definition_span where the definition is written.
"""

from __future__ import annotations

import itertools
import os
import re
from typing import NamedTuple

from ingest.extract.notes import read_note
from ingest.records import Span, Term
from ingest.structure import Block

GLOSSARY = re.compile(r"名\s*词\s*(?:解\s*释|注\s*释)\s*$")
ENTRY = re.compile(
    r"^(?P<marker>\[\d+\]|（\d+）|\d+[.．、])\s*(?P<label>[^：:，。\n]{1,40}?)\s*[：:]\s*(?P<definition>\S.*)$"
)
NUMERALS = "一二三四五六七八九十百千两双"
QUOTED = re.compile(r"“(?P<label>[^“”\n]{2,12})”")
JI_AFTER = re.compile(r"“(?P<label>[^“”\n]{2,12})”[^，。；“”（\n]{0,6}，?即[：:]?(?P<definition>[^。\n]+)")
BRACKET = re.compile(r"“(?P<label>[^“”\n]{2,12})”[^，。；“”（\n]{0,4}（(?P<definition>[^（）\n]+)）")
ABBREVIATION = re.compile(
    r"(?P<full>[^，。；：、（）\n]{2,40}?)(?:（|，)(?:以下)?简称[为：]?“?(?P<label>[^“”（），。；\n]{1,12}?)”?(?=[）。，；])"
)
FOUNDING = re.compile(
    r"^(?:成立|设立|组建|建立|建设|打造|上线|推出|启用|依托|推进|实施|制定|出台|印发|召开|开展|由)+"
)
CHINESE_COUNT = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def find_terms(blocks: list[Block], text: str) -> list[Term]:
    """Glossary entries, then inline definitions, then coined terms, each label once."""
    heading = _glossary_heading(blocks)
    body_end = blocks[heading].start if heading is not None else len(text)
    body = text[:body_end]
    glossary = _glossary(blocks[heading + 1 :], text, body) if heading is not None else []
    terms = _merge(glossary + _inline(text) + _coined(body) + listed_abbreviations(body))
    add_members(terms, text)
    return terms


def _glossary_heading(blocks: list[Block]) -> int | None:
    """Index of the 名词解释 heading, however spaced, or None."""
    for i, block in enumerate(blocks):
        if len(block.text) < 40 and (GLOSSARY.search(block.text) or GLOSSARY.search(block.title)):
            return i
    return None


def _glossary(blocks: list[Block], text: str, body: str) -> list[Term]:
    """The entries after the heading, up to the first line that is not one."""
    terms: list[Term] = []
    for block in blocks:
        match = ENTRY.match(text[block.start : block.end])
        if match is None:
            if terms:
                break
            continue
        terms.extend(_shared_entry(match, block, body) or [_entry(match, block, body)])
    return terms


def _entry(match: re.Match, block: Block, body: str) -> Term:
    label = _unquote(match["label"].strip())
    marker = match["marker"] if match["marker"].startswith("[") else match["marker"].strip(".．、（）")
    own = Span(block.start + match.start("label"), block.start + match.end("label"))
    span = _first_use(body, label, marker if marker.startswith("[") else "") or own
    definition = Span(block.start + match.start("definition"), block.end)
    return Term(label, span, match["definition"].strip(), definition, marker)


def _shared_entry(match: re.Match, block: Block, body: str) -> list[Term]:
    """An entry defining several quoted terms at once (“两重”、“两新”：A；B, “四旁”、“五边”：“四旁”为…；“五边”为…),
    as one term each with its own share of the definition; [] when the shares cannot be told apart."""
    labels = re.findall(r"“([^“”]+)”", match["label"])
    if len(labels) < 2 or not re.fullmatch(r"[^“”]*(?:“[^“”]+”[、和及与]?)+", match["label"].strip()):
        return []
    shares = _shares(match["definition"].rstrip("。 "), labels)
    if shares is None:
        return []
    marker = match["marker"].strip(".．、（）")
    at = block.start + match.start("definition")
    own = Span(block.start + match.start("label"), block.start + match.end("label"))
    return [
        Term(label, _first_use(body, label) or own, match["definition"][start:end], Span(at + start, at + end), marker)
        for label, (start, end) in zip(labels, shares, strict=True)
    ]


def _shares(definition: str, labels: list[str]) -> list[tuple[int, int]] | None:
    """Where each label's part of a shared definition stands: after “label”为/是指/即 when each is named, else
    the ；-separated parts in the labels' order; None when neither fits."""
    named = [re.search(rf"“{re.escape(label)}”(?:是指|即为|即|指|是|为)[：:]?", definition) for label in labels]
    if all(named) and all(a.end() < b.start() for a, b in itertools.pairwise(named)):
        ends = [m.start() for m in named[1:]] + [len(definition)]
        return [(m.end(), m.end() + len(definition[m.end() : end].rstrip("；;，。 "))) for m, end in zip(named, ends, strict=True)]
    parts = _split(definition, "；;")
    if len(parts) != len(labels):
        return None
    starts = itertools.accumulate([0] + [len(part) + 1 for part in parts[:-1]])
    return [(start, start + len(part.rstrip("。 "))) for start, part in zip(starts, parts, strict=True)]


def _unquote(label: str) -> str:
    """“两重” → 两重, but 打好“发展六仗” stays as written."""
    if label.startswith("“") and label.endswith("”") and label.count("“") == 1:
        return label[1:-1]
    return label


def _first_use(body: str, *candidates: str) -> Span | None:
    """Where the first of the candidates that the body uses first appears, or None."""
    for words in filter(None, candidates):
        at = body.find(words)
        if at >= 0:
            return Span(at, at + len(words))
    return None


def _coined(body: str) -> list[Term]:
    """Quoted phrases built on a numeral, at their first quoted use."""
    return [
        Term(m["label"], Span(m.start("label"), m.end("label")))
        for m in QUOTED.finditer(body)
        if is_coined(m["label"])
    ]


def is_coined(label: str) -> bool:
    """A numeral-built phrase: starts with one, has two, or counts (四个…, 十大…, 发展六仗)."""
    if re.search(r"[，。；：！？,;:\s]", label) or re.fullmatch(r"[\d.·]+", label):
        return False
    numerals = re.findall(rf"[{NUMERALS}\d]", label)
    if not numerals:
        return False
    return (
        label[0] in NUMERALS
        or label[0].isdigit()
        or len(numerals) >= 2
        or bool(re.search(rf"[{NUMERALS}\d][个大类项条]|[{NUMERALS}\d].$", label))
    )


def _inline(text: str) -> list[Term]:
    """Terms the text defines where it uses them (glossary definitions included)."""
    terms = [_defined(text, m, m["definition"]) for m in JI_AFTER.finditer(text)]
    for match in BRACKET.finditer(text):
        definition = _bracket_definition(match["label"], match["definition"])
        if definition:
            terms.append(_defined(text, match, definition))
    return terms + [_abbreviation(text, m) for m in ABBREVIATION.finditer(text) if _full_name(m["full"])]


def _bracket_definition(label: str, content: str) -> str:
    """What a bracket after a quoted term defines it as: 即…, A指B, or a list of as many items."""
    if read_note(content):
        return ""
    if content.startswith("即"):
        return content[1:].lstrip("：:")
    if re.match(r"[^，、]{1,8}指(?![挥导标示南])", content):
        return content
    items = [item for item in content.split("、") if item.strip()]
    return content if CHINESE_COUNT.get(label[0]) == len(items) > 1 else ""


def _defined(text: str, match: re.Match, definition: str) -> Term:
    """A quoted term and the definition the text gives it; the span is its first quoted use."""
    label, definition = match["label"], _unquote(definition.strip())
    at = text.find(f"“{label}”") + 1
    written = match.start("definition") + match["definition"].find(definition)
    return Term(label, Span(at, at + len(label)), definition, Span(written, written + len(definition)))


def _abbreviation(text: str, match: re.Match) -> Term:
    """简称X: the label is X, the definition the full name written before it."""
    full, label = _full_name(match["full"]), match["label"]
    at, used = match.start("full") + match["full"].rindex(full), text.find(label)
    return Term(label, Span(used, used + len(label)), full, Span(at, at + len(full)))


def _full_name(words: str) -> str:
    """The name before 简称, without the verb that founds it (成立市实事办 → 市实事办)."""
    name = FOUNDING.sub("", words.strip()).rsplit("的", 1)[-1]
    return name if len(name) >= 2 else ""


def _merge(terms: list[Term]) -> list[Term]:
    """One term per label: the first found wins, a later definition fills a gap, the span is the earliest."""
    merged: dict[str, Term] = {}
    for term in terms:
        kept = merged.setdefault(term.label, term)
        if kept is term:
            continue
        if not kept.definition and term.definition:
            kept.definition, kept.definition_span = term.definition, term.definition_span
        if not kept.members and term.members:
            kept.members, kept.members_span, kept.members_text = term.members, term.members_span, term.members_text
        if term.span.start < kept.span.start:
            kept.span = term.span
    return sorted(merged.values(), key=lambda t: t.span.start)



# ---------------------------------------------------------------- numbered abbreviations (数字略语)

CLASSIFIERS = "个大项类条种批件篇张支座"
COUNT_RUN = re.compile(rf"(?<![第{NUMERALS}\d])(?:[{NUMERALS}]+|\d+)")
QUANTITY_HEAD = re.compile(r"[年月日天周倍次%‰岁亿万千百]|小时|季度|分钟")
PARTS = re.compile(rf"(?:\d+|[Nn]|[{NUMERALS}])(?:[+＋](?:\d+|[Nn]|[{NUMERALS}]))+")
UNQUOTED = re.compile(rf"(?<![第{NUMERALS}\d“])(?P<count>[{NUMERALS}]+|\d+)(?P<classifier>[大个项类条种批])")
HEAD_NOUNS = (
    "产业链", "产业", "工程", "行动", "领域", "清单", "机制", "体系", "任务", "品牌", "功能", "中心", "高地",
    "基地", "集群", "战略", "计划", "项目", "维度", "关键", "方面", "环节", "保险", "类别", "平台", "改革",
    "举措", "措施", "政策", "目标", "板块", "片区", "企业", "品种", "实验室", "通道", "赛道", "主题", "攻坚战",
    "重点", "指标", "模式", "方向", "优势", "行业", "城市", "区域", "园区", "机构", "载体", "乳企",
    "名片", "市场", "集团", "难题", "短板", "风险", "文章", "枢纽", "走廊", "产业园",
    "国家", "县市", "县区", "新线", "场所", "盆地", "机场", "经开区", "服务站", "产业带", "能力", "底线",
)
LIST_STOP = "，。；：！？\n"
INTRO = re.compile(
    r"”?(?:(?P<word>[\u4e00-\u9fff]{1,4})[：:]|[\u4e00-\u9fff]{0,4}(?:（|，?即为?[：:]?)|，?(?:包括|分别是|分别为|是指|主要是|就是|是|指)[：:]?|[：:](?:是指|即为|即|指)?)"
)
INTRO_WORDS = re.compile(r"^(?:是指|即为|即|包括|分别是|分别为|指|是|为)[：:]?")
PART_INTRO = r"(?:是指|即为|即|指|是|为)[：:]?"
FUNCTION_FLAGS = {"v", "vd", "d", "ad", "p", "c", "i", "r", "u", "uj", "ul", "uz", "ud", "ug", "uv"}
LEAD_VERBS = {
    "建设", "推进", "实施", "开展", "发展", "加强", "打造", "培育", "建立健全", "深化", "优化", "构建", "落实", "坚持",
    "争取", "用好", "推动", "支持", "加快", "完善", "健全", "实现", "提升", "强化", "统筹", "抓好", "做好", "用足",
    "力争", "确保", "努力", "着力", "弘扬", "启动", "挂牌", "新挂牌", "解决", "建立", "组织", "聚焦", "围绕",
    "新增", "抓住",
}
LEAD_ADVERBS = {
    "大力", "着力", "全力", "扎实", "深入", "持续", "积极", "稳步", "充分", "坚决", "切实", "全面", "进一步",
    "不断", "加力", "聚力", "奋力", "新", "重点", "有序", "高效", "协同", "一体",
}
HEAD_BREAKS = {"p", "c", "d", "r", "u", "uj", "ul", "uz", "ud", "ug", "uv", "m", "x"}
BRACKETS = {"（": 1, "）": -1, "“": 1, "”": -1, "《": 1, "》": -1}
MAX_MEMBER = 40
MAX_HEAD = 60
MAX_PART = 200
ITEM_HEAD_END = re.compile(r"[，,：:。；;\n]")
TERM_TO_ENUMERATION = 20


PARALLEL_RUN = re.compile(r"[\u4e00-\u9fff]{2,12}(?:(?:、|和|及)[\u4e00-\u9fff]{2,12})+")


class Listing(NamedTuple):
    """A numbered term's members, where their list stands and the list as the text writes it."""

    members: list[str]
    span: Span
    text: str


def member_count(label: str) -> int | None:
    """How many members a numbered abbreviation promises: 三大先导产业 → 3, “1+N” → 2 parts, or None.

    None for words that are not counts: 三个月, 两年, 第三方, 十四五, 一网通办, and compounds (三高四新).
    """
    plain = _without_quotes(label)
    parts = PARTS.search(plain)
    if parts:
        return len(_parts(parts.group()))
    runs = list(COUNT_RUN.finditer(plain))
    if not runs:
        return None
    first, after = runs[0], plain[runs[0].end() :]
    classified = after[:1] in CLASSIFIERS
    head = after[1:] if classified else after
    if first.group() == "二" or (head and QUANTITY_HEAD.match(head)) or not (classified or head and _is_han(head[0])):
        return None
    value = _number(first.group())
    if value is None or not 2 <= value <= 30:
        return None
    return value if classified or len(runs) == 1 else None


def _parts(written: str) -> list[str]:
    return re.split(r"[+＋]", written)


def _number(numeral: str) -> int | None:
    """A count written in Chinese or Arabic numerals (两, 十二, 18); None for what is no number."""
    import cn2an

    try:
        return int(cn2an.cn2an(numeral.replace("双", "两"), "smart"))
    except (ValueError, KeyError):
        return None


def _without_quotes(label: str) -> str:
    return re.sub(r"[“”\"'‘’]", "", label)


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _label_head(label: str) -> str:
    """The noun the count qualifies, as the label writes it after the count: 固体废物处置六大行动 → 行动."""
    plain = _without_quotes(label)
    run = COUNT_RUN.search(plain)
    if run is None:
        return ""
    after = plain[run.end() :]
    return after[1:] if after[:1] in CLASSIFIERS else after


def add_members(terms: list[Term], text: str) -> None:
    """Give each numbered abbreviation its count and the members its label, definition or the text lists."""
    for term in terms:
        count = term.count = member_count(term.label)
        if count is None or term.members:
            continue
        found = _members_of_parts(term, text) or _members_listed(term, text, count)
        if found:
            term.members, term.members_span, term.members_text = found


def _members_listed(term: Term, text: str, count: int) -> Listing | None:
    """Members written as a list: inside the label, in the definition, or around a use of the label."""
    found = (
        _members_in_label(term, text, count)
        or _members_in_definition(term, count)
        or _members_around(term.label, text, count)
    )
    if found is None or not _fits_parts(term.label, found.members):
        return None
    return found._replace(members=_without_head(found.members, term.label))


def _without_head(members: list[str], label: str) -> list[str]:
    """The last member without the term's own head noun the list ends in (A、B、C处置行动 → C for 三大处置行动),
    unless every member ends in it."""
    head = _label_head(label)
    last = members[-1]
    if len(head) < 2 or not last.endswith(head) or len(last) - len(head) < 2:
        return members
    if all(member.endswith(head) for member in members[:-1]):
        return members
    return [*members[:-1], last[: -len(head)]]


def _fits_parts(label: str, members: list[str]) -> bool:
    """An N+M term's members each begin with their part (“1+N”: 1个…、N个…); other terms fit any list."""
    parts = PARTS.search(_without_quotes(label))
    return parts is None or all(m.startswith(part) for m, part in zip(members, _parts(parts.group()), strict=True))


def _members_in_label(term: Term, text: str, count: int) -> Listing | None:
    """Members the label itself quotes: 科技型企业“登高、升规、晋位、上市”四个工程."""
    quoted = re.search(r"“([^“”]+)”", term.label)
    if quoted is None or "、" not in quoted[1] or text[term.span.start : term.span.end] != term.label:
        return None
    items = _split(quoted[1], "、")
    if len(items) != count or not all(items):
        return None
    return _located(items, quoted[1], term.span.start + quoted.start(1))


def _members_in_definition(term: Term, count: int) -> Listing | None:
    """Members from the definition: the whole of it, else a quoted list in it (实施“饮净水、控噪声…”专项行动), else
    the first clause that lists exactly count items."""
    if not term.definition or term.definition_span is None:
        return None
    definition = _before_label(term.definition, term.label)
    quoted = [(m.start(1), m[1]) for m in re.finditer(r"“([^“”]+)”", definition)]
    clauses = [(0, definition), *quoted] + [(m.start(), m.group()) for m in re.finditer(r"[^，；：。]+", definition)]
    for offset, clause in clauses:
        items = _split_after(clause, count) if "、" in clause or offset == 0 else None
        if items:
            return _located(items, clause, term.definition_span.start + offset)
    return None


def _before_label(definition: str, label: str) -> str:
    """The definition up to where it repeats the term (金沙江、雅砻江、大渡河“三江”水电基地 → …大渡河)."""
    for core in re.findall(r"“([^“”]+)”", label) or [label]:
        at = definition.find(f"“{core}”")
        if at > 0:
            return definition[:at]
    return definition


def _members_of_parts(term: Term, text: str) -> Listing | None:
    """An N+M term's parts as the text explains each (“1”是…，“3”是…): in its definition, else after a use."""
    parts = PARTS.search(_without_quotes(term.label))
    if parts is None:
        return None
    names = _parts(parts.group())
    if term.definition_span is not None:
        found = _parts_explained(text, term.definition_span.start, term.definition_span.end, names)
        if found:
            return found
    for _, end in _uses(term.label, text):
        found = _parts_explained(text, end, _paragraph_end(text, end), names)
        if found:
            return found
    return None


def _parts_explained(text: str, start: int, stop: int, names: list[str]) -> Listing | None:
    """Each part in turn, quoted and explained (“1”是指A，“N”指B): A and B up to their first ，；。, however long
    (a part is often a list of its own); None unless every part is explained."""
    heads, at = [], start
    for name in names:
        match = re.compile(rf"“{re.escape(name)}”{PART_INTRO}").search(text, at, stop)
        if match is None:
            return None
        end = _first_outside(text, match.end(), ITEM_HEAD_END)
        heads.append((match.start(), match.end(), end))
        at = end
    return _enumerated_listing(text, heads, longest=MAX_PART)


def _paragraph_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _item_head_end(text: str, start: int) -> int:
    """Where an item's short head ends: at its first ，：。； or line end outside brackets and quotes, or at its
    first 、 when that is too far for a head."""
    end = _first_outside(text, start, ITEM_HEAD_END)
    return end if end - start <= MAX_HEAD else _first_outside(text, start, re.compile("、"))


def _first_outside(text: str, start: int, stop: re.Pattern) -> int:
    """The first character matching stop outside brackets and quotes, within 300 characters of start."""
    depth = 0
    for i in range(start, min(len(text), start + 300)):
        depth = max(0, depth + BRACKETS.get(text[i], 0))
        if depth == 0 and stop.match(text[i]):
            return i
    return min(len(text), start + 300)


def _enumerated_listing(text: str, heads: list[tuple[int, int, int]], longest: int = MAX_HEAD) -> Listing | None:
    """Members from items given as (marker start, head start, head end); the text is each marker and head."""
    members = [text[start:end].strip() for _, start, end in heads]
    if not all(0 < len(member) <= longest for member in members):
        return None
    written = "；".join(text[marker:end].strip() for marker, _, end in heads)
    return Listing(members, Span(heads[0][0], heads[-1][2]), written)


def _members_around(label: str, text: str, count: int) -> Listing | None:
    """Members listed at any use of the label, the first use that has them winning: right after it (（…）,
    即…, ：…), as an enumeration that follows its sentence (一是…二是…, （一）…（二）…), else right before it."""
    for start, end in _uses(label, text):
        found = (
            (None if _shares_a_list(text, start) else _list_after(text, end, count, label))
            or _enumeration_after(text, end, count)
            or _list_before(text, start, count)
        )
        if found:
            return found
    uses = _uses(label, text)
    return next(filter(None, (_parallel_list_near(text, start, end, count, label) for start, end in uses)), None)


def _parallel_list_near(text: str, start: int, end: int, count: int, label: str) -> Listing | None:
    """A list of exactly count (three or more) items written alike (五化: 肥料化、饲料化、能源化、基料化、原料化) in the
    term's sentence or the next one: its inner items of one length and one ending, which the label also holds,
    the outer ones cut to that length (统筹推进秸秆肥料化 → 肥料化, 原料化利用 → 原料化) when they end alike."""
    first = max(text.rfind(stop, 0, start) for stop in "。！？\n") + 1
    stops = [at for stop in "。！？\n" if (at := text.find(stop, end)) >= 0]
    after = min(stops) if stops else len(text)
    following = [at for stop in "。！？\n" if (at := text.find(stop, after + 1)) >= 0]
    last = min(following) if following and text[after] == "。" else after
    for run in PARALLEL_RUN.finditer(text, first, last):
        items = re.split(r"、|和|及", run.group())
        if len(items) != count or run.start() <= end <= run.end():
            continue
        inner = items[1:-1]
        size = len(inner[0]) if inner else 0
        ending = os.path.commonprefix([i[::-1] for i in inner])[::-1]
        if count < 3 or any(len(i) != size for i in inner) or len(items[0]) < size or len(items[-1]) < size:
            continue
        head, tail = items[0][-size:], items[-1][:size]
        if not (ending and ending[-1] in label and head.endswith(ending) and tail.endswith(ending)):
            continue  # 五化: 肥料化、饲料化…; the label names what the items share
        members = [head, *items[1:-1], tail]
        at = run.start() + len(items[0]) - size
        return Listing(members, Span(at, at + len(run.group()) - len(items[0]) + size - (len(items[-1]) - size)),
                       text[at : at + len(run.group()) - (len(items[0]) - size) - (len(items[-1]) - size)])
    return None


def _shares_a_list(text: str, start: int) -> bool:
    """“两重”、“两新”：…: the use follows another quoted term, so what comes after belongs to both."""
    return text[max(0, start - 2) : start] in ("”、", "”，") or text[max(0, start - 1) : start] == "”"


def _uses(label: str, text: str) -> list[tuple[int, int]]:
    """Where the label is written, quoted (its opening quote included) if it ever is, else bare."""
    quoted = [m.span() for m in re.finditer(re.escape(f"“{label}"), text)]
    return quoted or [m.span() for m in re.finditer(re.escape(label), text)]


def _list_after(text: str, end: int, count: int, label: str) -> Listing | None:
    """Items after the label: in a bracket, after 即/包括/是/： (or a word and ：, “三大工程”建设：A、B、C, when
    they are listed with 、), up to the end of the sentence, or first up to where it uses the label again (是指
    金沙江、雅砻江、大渡河“三江”水电基地)."""
    intro = INTRO.match(text, end)
    if intro is None:
        return None
    start = intro.end()
    bracket = intro.group().endswith("（")
    stop = _closing(text, start) if bracket else _sentence_end(text, start)
    if stop is None or (bracket and read_note(text[start:stop])):
        return None
    if intro["word"] and len(_split(text[start:stop], "、")) < 2:
        return None
    again = text.find(f"“{label}”", start, stop)
    for content in ([text[start:again]] if again > start else []) + [text[start:stop]]:
        items = _split_after(content, count)
        if items:
            return _located(items, content, start)
    return None


def _closing(text: str, start: int) -> int | None:
    """The ） that closes a bracket opened just before start, or None."""
    depth = 1
    for i in range(start, min(len(text), start + 300)):
        depth += {"（": 1, "）": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return None


def _sentence_end(text: str, start: int) -> int:
    match = re.compile(r"[。\n]").search(text, start)
    return match.start() if match else len(text)


# How items are numbered, each as (marker of item k, whether it opens a paragraph, how far the next one may be).
ENUMERATIONS = (
    (lambda k: rf"(?<![{NUMERALS}]){_chinese(k)}是", False, 1500),
    (lambda k: rf"第{_chinese(k)}[，,、]", False, 1500),
    (lambda k: rf"[（(]{k}[）)]", False, 1500),
    (lambda k: chr(0x2460 + k - 1), False, 1500),
    (lambda k: rf"（{_chinese(k)}）", True, 8000),
    (lambda k: rf"{_chinese(k)}、", True, 8000),
    (lambda k: rf"{k}[.．、](?!\d)", True, 8000),
)


def _chinese(number: int) -> str:
    import cn2an

    return cn2an.an2cn(number)


def _enumeration_after(text: str, end: int, count: int) -> Listing | None:
    """Exactly count numbered items starting right after the sentence that ends with the label, their short
    heads the members: “十件民生实事”。（1）促进就业，… (2)… or “六个攻坚战”。⏎一是…；二是…."""
    stop = re.compile(r"[。：:\n]").search(text, end)
    if stop is None or stop.start() - end > TERM_TO_ENUMERATION or count > 20:
        return None
    start = re.compile(r"\s*").match(text, stop.end()).end()
    for marker, opens_paragraph, reach in ENUMERATIONS:
        found = _numbered_items(text, start, count, marker, opens_paragraph, reach)
        if found:
            return found
    return None


def _numbered_items(text: str, start: int, count: int, marker, opens_paragraph: bool, reach: int) -> Listing | None:
    """Items 1, 2, … in one numbering from start; None unless there are exactly count of them."""
    first = re.compile(marker(1)).match(text, start)
    if first is None:
        return None
    found = [first]
    while len(found) <= count:
        prefix = r"(?<=\n)" if opens_paragraph else ""
        follows = re.compile(prefix + marker(len(found) + 1)).search(text, found[-1].end(), found[-1].end() + reach)
        if follows is None:
            break
        found.append(follows)
    if len(found) != count:
        return None
    return _enumerated_listing(text, [(m.start(), m.end(), _item_head_end(text, m.end())) for m in found])


def _split_after(content: str, count: int) -> list[str] | None:
    """Exactly count items of a list written out after its term: split on ；, else on 、 (and a last 和), else ，."""
    content = INTRO_WORDS.sub("", content.strip()).rstrip("。；，")
    for items in (_split(content, "；"), _within_clause(_split_list(content, count)), _split(content, "，")):
        if items and len(items) == count:
            items[0] = _trim_first(items[0], items[1:], clause_start=False)
            cleaned = _tidy(items)
            if cleaned:
                return [*cleaned[:-1], _without_trailing_verb(cleaned[-1], cleaned[:-1])]
    return None


def _without_trailing_verb(last: str, others: list[str]) -> str:
    """…、特级技师、首席技师构成: the last item without a verb that only it ends in, which belongs to the sentence."""
    import jieba.posseg

    words = list(jieba.posseg.cut(last))
    ends_in_verb = [list(jieba.posseg.cut(other))[-1].flag.startswith("v") for other in others if other]
    if len(words) < 2 or words[-1].flag != "v" or any(ends_in_verb):
        return last
    return last[: -len(words[-1].word)]


def _within_clause(items: list[str]) -> list[str]:
    """A 、 list inside one clause: the first item starts after the last ，, the last ends at the first; [] if a
    middle item spans a ，."""
    if any("，" in item for item in items[1:-1]):
        return []
    return [_split(items[0], "，")[-1], *items[1:-1], _split(items[-1], "，")[0]] if len(items) > 1 else items


def _split(content: str, separators: str) -> list[str]:
    """Split on the separators where they stand outside brackets and quotes."""
    items, depth, current = [], 0, ""
    for char in content:
        depth = max(0, depth + BRACKETS.get(char, 0))
        if char in separators and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    return [*items, current]


def _split_list(content: str, count: int) -> list[str]:
    """Split on 、; a last item joined by 和/及/与 is two when one is missing (A、B和C, A和B)."""
    items = _split(content, "、")
    if len(items) == count - 1:
        last = [part for part in re.split(r"(以及|和|及|与)", items[-1]) if part]
        if len(last) == 3 and not re.fullmatch(r"以及|和|及|与", last[0]):
            items[-1:] = [last[0], last[2]]
    return items


def _tidy(items: list[str]) -> list[str] | None:
    """Items without enumeration marks, outer quotes or a trailing 等…; a 的… on the last item alone goes.

    None when an item is empty, too long or has a stray quote (the list ran past a quoted term).
    """
    items = [re.sub(r"^(?:[一二三四五六七八九十]是|[（(]?\d+[）).、]|[①-⑩])", "", item.strip()) for item in items]
    items[-1] = re.sub(r"等(?:[\d一二三四五六七八九十两]+[个类项种大条].*)?$", "", items[-1])
    if "的" in items[-1] and not any("的" in item for item in items[:-1]):
        items[-1] = items[-1].rsplit("的", 1)[0]
    items = [_unquote(item.strip("，。：: ")) for item in items]
    if all(item and len(item) <= MAX_MEMBER and item.count("“") == item.count("”") for item in items):
        return items
    return None


def _located(items: list[str], content: str, offset: int) -> Listing:
    """The items, the span from the first to the end of the last, and that stretch of text as written."""
    last = content.rfind(items[-1])
    first = max(content.rfind(items[0], 0, last) if last > 0 else content.find(items[0]), 0)
    end = last + len(items[-1]) if last >= first else len(content)
    return Listing(items, Span(offset + first, offset + end), content[first:end])


def _list_before(text: str, at: int, count: int) -> Listing | None:
    """Exactly count items written just before the label (A、B、C三大X), the first one without its verb.

    A last item ending in a verb loses it only before a quoted label (死亡人数持续“双下降”); before a bare count
    word the label starts at the count, so the item stays whole (深空探测三大科创引领高地)."""
    end = at
    while end > 0 and text[end - 1] in "”等":
        end -= 1
    start = _clause_start(text, end)
    window = text[start:end]
    head = window.split("、", 1)[0]
    if "“" in head:
        quote = head.rindex("“") + 1
        window, start = window[quote:], start + quote
    items = _split_list(window, count)
    if len(items) != count or not all(items) or UNQUOTED.search(window) or _names_a_term(window):
        return None
    items[-1] = _trim_last(items[-1], items[:-1], verbs=text[at : at + 1] == "“")
    items[0] = _trim_first(INTRO_WORDS.sub("", items[0]), items[1:])
    if _acts_on_term(items):
        return None
    cleaned = _tidy(items)
    return _located(cleaned, window, start) if cleaned else None


def _acts_on_term(items: list[str]) -> bool:
    """实施、储备一批“两重”, 配套协作、纳入“两新”, 深化、拓展“两个市场”: the last item acts on the term rather than
    being one of its members: a lead verb, verbs with a quantity, a verb much shorter than every other item,
    or every item a lone verb. 挂号、住院、检查、停车“四难” and 问题发现、快速处置 are members."""
    import jieba.posseg

    last = items[-1]
    words = list(jieba.posseg.cut(last))
    if last in LEAD_VERBS:
        return True
    if not all(_is_function(w) or w.flag.startswith("v") or w.flag in {"m", "q"} for w in words):
        return False
    if any(w.flag in {"m", "q"} for w in words) or 2 * len(last) < min(map(len, items[:-1])):
        return True
    return all(_is_lone_verb(item) for item in items)


def _is_lone_verb(item: str) -> bool:
    import jieba.posseg

    words = list(jieba.posseg.cut(item))
    return len(words) == 1 and (words[0].flag.startswith("v") or item in LEAD_VERBS)


def _is_function(word) -> bool:
    return word.flag in FUNCTION_FLAGS or word.word in LEAD_VERBS


def _names_a_term(window: str) -> bool:
    """坚定拥护“两个确立”、坚决做到“两个维护”: the list before a term holds another coined term, so it is a
    list of terms, not the members of the last one."""
    return any(is_coined(quoted) for quoted in re.findall(r"“([^“”]+)”", window))


def _clause_start(text: str, end: int) -> int:
    """Where the clause ending at end begins: after the last stop outside brackets."""
    depth, i = 0, end
    while i > 0 and end - i < 200:
        char = text[i - 1]
        if char == "）":
            depth += 1
        elif char == "（":
            if depth == 0:
                return i
            depth -= 1
        elif char in LIST_STOP and depth == 0:
            return i
        i -= 1
    return i


def _trim_first(item: str, others: list[str], clause_start: bool = True) -> str:
    """The first item without the words that introduce the list (聚焦集成电路 → 集成电路).

    From the others' common beginning when they share one (低空…、低空…) or before a word they all begin
    with (无研发机构和无研发活动, 建立A、建立B); else the lead-in goes (adverbs and lead verbs: 扎实开展,
    聚力打造), and maybe more, as far as leaves an item nearest the others' length, since lists are parallel; a
    verb's complement goes with it (做优临海蓝色 → 临海蓝色). Only a list that starts its clause (rather than
    following its term's colon) may lose words after a subject (农村实现寄递物流 → 寄递物流); any list
    loses what a 的 ties to its first item (司法厅出台的建立… → 建立…).
    """
    import jieba.posseg

    shared = os.path.commonprefix(others)
    if len(shared) >= 2 and shared in item:
        return item[item.rindex(shared) :]
    if _parallel(item, others):  # 培育壮大一批…、招引落地一批…: its first words are its own
        return item
    words = list(jieba.posseg.cut(item))
    tie = next((i for i in reversed(range(len(words) - 1)) if _ties(words, i)), None)
    if tie is not None:
        return _trim_first(item[sum(len(w.word) for w in words[: tie + 1]) :], others, clause_start)
    cut = _before_shared_word(words, others)
    if cut is None:
        cut = _cut(item, words, others, clause_start)
    if cut and re.match(r"[做抓打守建用管育][好牢住优强大实精细稳]", item[cut - 1 : cut + 1]):
        cut += 1
    ending = os.path.commonprefix([o[::-1] for o in others])[::-1] if len(others) > 1 else ""
    if cut and ending and len(item) - cut <= len(ending):  # 组织到位、整治到位: the word before 到位 is the member's own
        return item
    return re.sub(r"^[好牢住]", "", item[cut:]) if cut else item


def _parallel(item: str, others: list[str]) -> bool:
    """The item and the others hold the same word (two characters or more) after as many
    characters each: they are written alike from their first character on."""
    if len(others) < 2:
        return False
    first = others[0]
    for i in range(1, len(first) - 1):
        word = first[i : i + 2]
        if all(other.find(word) == i for other in others) and item.find(word) == i:
            return True
    return False


def _before_shared_word(words, others: list[str]) -> int | None:
    """Where the last word every other item begins with starts (keep it), or None."""
    at, found = 0, None
    for word in words:
        if at and _is_function(word) and all(other.startswith(word.word) for other in others):
            found = at
        at += len(word.word)
    return found


def _cut(item: str, words, others: list[str], clause_start: bool) -> int:
    """Where the first item starts: after its lead-in (adverbs, lead verbs: 扎实开展, 新挂牌). When the others
    begin with a verb, a lone lead verb stays when others begin with one too (建立A、开展B); when no verb follows
    the lead-in, maybe before the last lead verb instead, whichever leaves
    an item nearer the others' length (坚持提升传统产业 → 提升传统产业, 加力推动原地倍增 → 原地倍增); else maybe
    further on, after every leading verb (打好汽车 → 汽车, 提高城乡低保 → 城乡低保) or, at a clause start, after
    the last verb, adverb or preposition that leaves about as much as the shortest other (生物制造要聚焦生物医药
    → 生物医药)."""
    ends = list(itertools.accumulate(len(word.word) for word in words))
    lead = next((i for i, word in enumerate(words) if not _is_lead_word(word)), len(words))
    first = ends[lead - 1] if lead else 0
    if first >= len(item) - 1:
        return 0
    if all(map(_begins_with_verb, others)):
        if lead == 1 and words[0].word in LEAD_VERBS and any(other.startswith(tuple(LEAD_VERBS)) for other in others):
            return 0
        if words[lead].flag.startswith("v") or words[lead].flag == "a":
            return first
        mean = sum(map(len, others)) / len(others)
        verbs = [ends[i] - len(words[i].word) for i in range(lead) if words[i].word in LEAD_VERBS]
        return min([first, *verbs[-1:]], key=lambda at: abs(len(item) - at - mean))
    shortest = max(2, min(map(len, others)) - 1)
    leading = [ends[i] for i in itertools.takewhile(lambda i: _is_function(words[i]), range(lead, len(words)))]
    later = [ends[i] for i in range(lead, len(words)) if clause_start and _is_function(words[i])]
    return max([first] + [at for at in leading if len(item) - at >= 2] + [at for at in later if len(item) - at >= shortest])


def _is_lead_word(word) -> bool:
    """An adverb, preposition or lead verb."""
    return _is_lead_verb(word.word) or _is_lead_adverb(word) or word.flag == "p"


def _is_lead_verb(words: str) -> bool:
    """A lead verb, or a lead verb or adverb and a lead verb jieba took for one word (努力实现, 全面落实)."""
    leads = LEAD_VERBS | LEAD_ADVERBS
    return words in LEAD_VERBS or any(words[:i] in leads and words[i:] in LEAD_VERBS for i in range(1, len(words)))


def _ties(words, i: int) -> bool:
    """出台的: a 的 after a verb ties a clause to what follows (党的 is a plain possessive)."""
    return words[i].word == "的" and i > 0 and words[i - 1].flag.startswith("v")


def _begins_with_verb(item: str) -> bool:
    """培育新兴产业, 充分激发民间投资活力: a verb and its object (通关量 is a noun)."""
    import jieba.posseg

    words = [w for w in jieba.posseg.cut(item) if w.word not in LEAD_ADVERBS]
    verb = bool(words) and (words[0].flag.startswith("v") or _is_lead_verb(words[0].word))
    return verb and len("".join(w.word for w in words[1:])) >= 2


def _is_lead_adverb(word) -> bool:
    return word.word in LEAD_ADVERBS or word.flag in {"d", "ad"}


def _trim_last(item: str, others: list[str], verbs: bool = True) -> str:
    """The last item without words between it and the label: 人才链深度融合的 → 人才链 when it is much longer
    than the others (up to the others' common last character, else to the first verb or preposition),
    死亡人数持续 → 死亡人数 when only it ends in a verb or adverb (with verbs)."""
    import jieba.posseg

    longest = max(len(other) for other in others)
    if len(item) <= longest + 2:
        words = list(jieba.posseg.cut(item))
        ends_alone = verbs and _ends_in_adverb(words) and not any(_ends_in_verb(jieba.posseg.cut(o)) for o in others)
        return item[: -len(words[-1].word)] if len(words) > 1 and ends_alone else item
    suffix = {other[-1] for other in others}
    if len(suffix) == 1 and suffix <= set(item[1:]):
        return item[: item.index(suffix.pop(), 1) + 1]
    at = 0
    for word in jieba.posseg.cut(item):
        if at >= 2 and (_is_function(word) or word.flag == "v") and _balanced(item[:at]):
            return item[:at]
        at += len(word.word)
    return item


def _balanced(words: str) -> bool:
    """No bracket or quote left open (长三角（含江西）大飞机 is not cut inside its bracket)."""
    return words.count("（") == words.count("）") and words.count("“") == words.count("”")


def _ends_in_adverb(words) -> bool:
    """死亡人数持续: the item ends in an adverbial verb or function word that belongs to the label's clause."""
    last = list(words)[-1]
    return last.flag in FUNCTION_FLAGS - {"v"} or last.word in LEAD_VERBS | LEAD_ADVERBS


def _ends_in_verb(words) -> bool:
    last = list(words)[-1]
    return _is_function(last) or last.flag == "v"


def listed_abbreviations(body: str) -> list[Term]:
    """Unquoted numbered abbreviations the text lists the members of just before (A、B、C三大先导产业)."""
    terms = []
    for match in UNQUOTED.finditer(body):
        count = member_count(match.group() + body[match.end() : match.end() + 1])
        head = _head(body, match.end())
        if count is None or not head:
            continue
        found = _list_before(body, match.start(), count)
        if found:
            label = match.group() + head
            members = _without_head(found.members, label)
            terms.append(Term(label, Span(match.start(), match.start() + len(label)), members=members,
                              members_span=found.span, members_text=found.text))
    return terms


def _head(body: str, start: int) -> str:
    """The noun a count qualifies (三大先导产业规模 → 先导产业): the longest run ending in a head noun, found
    within 8 characters and grown by nouns only (国家级中小企业特色产业集群, not 乳企推进全球化战略)."""
    import jieba.posseg

    run = re.match(r"[\u4e00-\u9fff]{1,14}", body[start:])
    if run is None:
        return ""
    head, at = "", 0
    for word in jieba.posseg.cut(run.group()):
        grows = run.group()[: at + len(word.word)].endswith(HEAD_NOUNS)
        if word.flag in HEAD_BREAKS or not grows and (head and word.flag.startswith("v") or not head and at >= 8):
            break
        at += len(word.word)
        if run.group()[:at].endswith(HEAD_NOUNS):
            head = run.group()[:at]
    return head
