"""What a question asks (a body by role, a number, a definition, a document's facts, a
person, a count), for which regions, and about what."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号")
# 区 is left out: 小区, 园区, 景区, 社区 end in it too.
PLACE_AT_START = re.compile(r"^([\u4e00-\u9fff]{2,4}?(?:自治区|省|市|县|州))")
PROVINCE_WORDS = ("省里", "全省", "省级", "省委省政府", "省政府")

# (intent, pattern) in order: the first that matches decides.
INTENTS: list[tuple[str, re.Pattern]] = [
    ("doc_basis", re.compile(r"依据|根据的?是|按照哪")),
    ("doc_date", re.compile(r"哪天|什么时候|何时|日期|哪一天|几月几[日号]")),
    ("doc_addressees", re.compile(r"主送|发给哪些|印发给")),
    ("doc_issuer", re.compile(r"哪个单位印发|谁印发|印发单位|发文单位|哪个部门印发|谁发的|哪个机关")),
    ("doc_number", re.compile(r"文号|发文字号")),
    ("count", re.compile(r"几项|多少项|几条|多少条|几个任务|多少个任务")),
    ("office", re.compile(r"设在哪|设在什么|办公室在哪")),
    ("person", re.compile(r"是谁|哪位|姓名|叫什么|由谁|谁担任|谁任|谁兼任")),
    ("definition", re.compile(r"^(?:什么是|何为|何谓)|(?:是什么|是什么意思|指什么|什么意思|的含义)[？?。]?$")),
    ("cooperating", re.compile(r"配合|协助|协同|参与")),
    ("lead", re.compile(r"牵头|主抓|主办")),
    ("responsible", re.compile(r"负责|谁管|归哪|哪个部门|哪个单位|哪些部门|哪些单位|谁来")),
    ("definition", re.compile(r"是什么|什么是|指什么|是指|含义|什么意思|是哪[几两一二三四五六七八九十]+[个项类条]|包括哪些|有哪些")),
    ("value", re.compile(r"多少|几个|几家|几所|几万|目标|增长|要求|标准|达到|任务量")),
]
QUESTION_WORDS = re.compile(
    r"谁|哪个|哪些|哪几个|哪家|什么|多少|几项|几个|是|的|由|各|分别|要求|对|和|与|及|呢|吗|？|\?|，|。|、|"
    r"部门|单位|牵头|配合|负责|目标|有|为|归|管|来|今年|明年|去年|\s"
)


@dataclass
class Question:
    """A question understood: what is asked, where, about what."""

    text: str
    intent: str
    regions: list[str] = field(default_factory=list)
    unknown_region: str = ""
    topic: str = ""
    year: int | None = None
    doc_number: str = ""


def understand(text: str, aliases: dict[str, str]) -> Question:
    """Read a question given the corpus's region aliases (衡阳 → 衡阳市, 省里 → 湖南省)."""
    text = re.sub(r"\s+", "", text or "")
    number = DOC_NUMBER.search(text)
    regions, rest = _regions(text, aliases)
    unknown = _unknown_region(rest if not regions else "", aliases)
    intent = next((name for name, pattern in INTENTS if pattern.search(text)), "search")
    if intent == "definition" and re.search(r"要求|标准|多少|几", text):
        intent = "value"  # 对ICU床位的要求是什么: a number, not a definition
    if number and intent.startswith("doc_") is False and intent in ("search", "value"):
        intent = "doc_date"
    year = re.search(r"((?:19|20)\d{2})\s*年", text)
    topic = rest.replace(number.group(), "") if number else rest
    return Question(
        text=text,
        intent=intent,
        regions=regions,
        unknown_region=unknown,
        topic=_topic(topic),
        year=int(year.group(1)) if year else None,
        doc_number=number.group() if number else "",
    )


def _regions(text: str, aliases: dict[str, str]) -> tuple[list[str], str]:
    """The regions named, in order, and the text with their names taken out."""
    found: list[tuple[int, str]] = []
    rest = text
    for alias in sorted(aliases, key=len, reverse=True):
        at = rest.find(alias)
        if at >= 0 and not _inside_body_name(rest, at, alias):
            found.append((text.find(alias), aliases[alias]))
            rest = rest.replace(alias, " ", 1)
    ordered = []
    for _, region in sorted(found):
        if region not in ordered:
            ordered.append(region)
    return ordered, rest


def _inside_body_name(text: str, at: int, alias: str) -> bool:
    """省 in 省民政厅 or 市 in 市发改委 names a body's level, not a region of its own."""
    return len(alias) == 1 and at + 1 < len(text) and "\u4e00" <= text[at + 1] <= "\u9fff"


def _unknown_region(text: str, aliases: dict[str, str]) -> str:
    """A place named at the start that the corpus has no document for (湘潭市…)."""
    match = PLACE_AT_START.match(text.strip())
    if match and match.group(1) not in aliases and not re.match(r"^(?:全|本|我|城|县市|区县)", match.group(1)):
        return match.group(1)
    return ""


def _topic(text: str) -> str:
    return QUESTION_WORDS.sub(" ", text).strip()


def region_aliases(regions: dict[str, str]) -> dict[str, str]:
    """Names a user may type for each region: in full, without its suffix, 省里 for the province.

    regions maps a region's name to its level (province, city, district).
    """
    aliases: dict[str, str] = {}
    for region, level in regions.items():
        aliases[region] = region
        short = re.sub(r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|省|市|区|县|州)$", "", region)
        if len(short) >= 2:
            aliases.setdefault(short, region)
        if level == "province":
            for word in PROVINCE_WORDS:
                aliases[word] = region
    return aliases
