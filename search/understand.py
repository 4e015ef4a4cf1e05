"""What a question asks, for which regions, about what — from all its cues together.

Every cue (a question word, a role word, a named body, person or document, a count word)
adds weight to the kinds of answer it points to; the kinds are then ranked, and the reader
lets the best-ranked ones compete on what retrieval finds. No single pattern decides, so
X由谁牵头 is a question about the lead body (牵头 outweighs 由谁), and 林某某是干什么的 one about
a person's posts because the name is a person's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ingest.resolve import Jurisdiction, canonical
from search.lexical import words
from search.lexicon import PROVINCE_WORDS, Lexicon

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号")
YEAR = re.compile(r"(?<!\d)((?:19|20)?\d{2})\s*年(?!代)")
RELATIVE_YEAR = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "明年": 1}
POST = r"(?:召集人|组长|主任|总调度|指挥长|总指挥|局长|厅长|书记|[省市区县]长|主席|秘书长|负责人)"
ROLE_WORD = r"牵头|负责|配合|参与|协助|主抓|主办|承担|落实"
LEADER = r"(?:专班|小组|指挥部|联席会议).{0,3}(?:牵头领导|负责人|领导|一把手|头儿)"

NAMES_BODIES = re.compile(r"谁|哪[几些]?个?(?:部门|单位|局|厅|委|办|机构|机关)|哪家|什么(?:部门|单位|机构)")
ASKS_NUMBER = re.compile(r"多少|(?<!哪)几[个家所项条件张台万千百亿十座次人户名]?")

# (pattern, {intent: weight}): every pattern that matches adds its weights.
CUES: list[tuple[re.Pattern, dict[str, float]]] = [
    (re.compile(r"牵头|主抓|主办|挂帅|领衔|抓总"), {"lead": 2.0}),
    (re.compile(r"配合|协助|协同|参与|还有谁|还有哪|除了"), {"cooperating": 2.5}),
    (re.compile(r"负责|责任单位|责任部门|承担|落实"), {"responsible": 2.0}),
    # colloquial asks want the body in charge: the lead, or the responsible bodies when none leads
    (re.compile(r"归哪|归谁|谁管|谁来管|找哪|找谁|哪个口|哪个部门管|哪[个家]单位管|谁抓|谁来抓|由哪"), {"lead": 2.5}),
    (NAMES_BODIES, {"responsible": 1.0, "lead": 0.5, "cooperating": 0.3}),
    (re.compile(ASKS_NUMBER.pattern + r"|百分之几|几成|几倍|多大|多高|多长|多久"), {"value": 1.5}),
    (re.compile(r"目标|预期|计划|增长|增速|下降|降低|减少|比重|占比|比例|产量|产值|规模|收入|总量|人数|数量|金额|面积|"
                r"[优良覆盖普及达标]率|要求|标准|指标"), {"value": 1.0}),
    (re.compile(r"(?:要求|标准|目标|指标)(?:分别|各)?(?:是|为)(?:什么|多少)"), {"value": 5.0}),
    (re.compile(r"(?<!哪)几[个项条件块类]|多少[个项条件块类]|一共|总共|共有|共计|数量"), {"count": 1.8}),
    (re.compile(r"^(?:什么是|何为|何谓|啥是)|意思|含义|是指|指的是|是什么[？?。]?$|指什么|指啥|是啥|说的是什么|怎么理解|解释一下|咋理解|简称|全称"),
     {"definition": 3.0}),
    (re.compile(r"(?:是|指|包括|包含|有)哪(?:[几两一二三四五六七八九十\d]+[个项类条家大种方面块链]?|些)(?!部门|单位|机构)|都有哪些|分别是什么|各是什么"),
     {"definition": 2.5}),
    (re.compile(r"哪天|什么时候|何时|日期|哪一天|几月几[号日]|哪年哪月|什么日子"), {"doc_date": 3.0}),
    (re.compile(r"文号|几号文|发文字号|哪号文"), {"doc_number": 3.5}),
    (re.compile(r"什么文件|哪个文件|标题|全称|叫什么名"), {"doc_title": 2.0}),
    (re.compile(r"印发|发文机关|发文单位|发布单位|谁发|制发|联合发文|出台单位|发的|制定单位|哪个机关"), {"doc_issuer": 2.5}),
    (re.compile(r"(?:依据|根据|按照|依照)(?:的是|了)?.{0,4}(?:哪|什么|上级)"), {"doc_basis": 3.5}),
    (re.compile(r"主送|发给哪|印发给|抄送"), {"doc_addressees": 3.5}),
    (re.compile(r"联系人|联系谁|跟谁联系|找谁联系|联络人"), {"doc_contact": 4.5}),
    (re.compile(r"附件"), {"doc_attachments": 0.5}),
    (re.compile(r"附件[\d一二三四五六七八九十]*(?:是什么|叫什么|的?标题|的?名称|有哪些|都有哪些|是哪|都是)|几个附件|附件(?:有|带了?)?几个|"
                r"多少个附件|哪些附件|附件.{0,2}几"), {"doc_attachments": 2.5}),
    (re.compile(r"谁作|谁做|报告人|谁讲|谁宣读|谁所作|由谁作|哪位(?:省长|市长|主席|区长|县长)|(?<!工)作报告"), {"doc_speaker": 4.0}),
    (re.compile(r"哪次(?:会议|人代会|大会|人大)|什么会(?:议)?上|哪个会|第几届|第几次会|在哪次"), {"doc_meeting": 4.5}),
    (re.compile(r"设在哪|放在哪|设在什么|办公室在哪|挂靠|办公室设在"), {"office": 4.5}),
    (re.compile(r"(?:分|分为|包括|包含|有)了?哪[几些](?:个|大|项|类|方面)?(?![^，。]{0,4}(?:单位|部门|机构|人))"),
     {"count": 2.6}),
    (re.compile(r"(?:哪些|哪几个|几个|多少个)(?:工作)?(?:专班|领导小组|工作小组|推进组|指挥部)|"
                r"(?:专班|领导小组|工作小组|推进组|指挥部)(?:有|都有)?(?:哪些|哪几个)"), {"count": 3.0}),
    (re.compile(r"新增|新建|建成|累计|达到"), {"value": 0.8}),
    (re.compile(r"成员(?:单位)?(?:都|有|包括|是)*(?:哪些|什么|谁)|哪些(?:单位|部门)是?成员"), {"group_members": 4.5}),
]
ASKS_PERSON = re.compile(r"是谁|哪[几两]?位|几位|谁|有哪些人|都有谁|由谁|叫什么|哪些人|兼")
ASKS_POSTS = re.compile(r"干什么|做什么|什么职务|担任什么|什么职位|是谁|什么身份|哪个单位|任什么|什么岗位|是做|干啥|什么官")
ASKS_GROUP = re.compile(r"(?:召集|牵头|负责|担任|是).{0,6}(?:哪个|什么|哪些)(?:专班|小组|机构)|"
                        r"(?:专班|小组)(?:有|是|都有)?(?:哪些|哪几个|哪个)")
ASKS_TASKS = re.compile(r"哪些|什么|哪[几两一二三四五六七八九十\d]*[项个件条块]|干什么|干啥|做什么|啥|工作|任务|事")
BODY_MENTION = re.compile(r"[省市区县州][\u4e00-\u9fff]{1,10}?(?:局|厅|委员会|委|办公室|办|院|中心|集团|公司|支队)")
ASKS_ANYTHING = re.compile(r"谁|哪|什么|多少|几|吗|呢|？|\?|怎么|如何|啥")
LEVELS_ASKED = re.compile(r"各级|每一?级|各层级|逐级|省市县|省、市、县|省市区|省市两级|上下级|层层")
CARRIED_OUT = re.compile(r"落实|承接|分解|细化|执行|接手|怎么接|对应")
NOT_TAKEN_UP = re.compile(r"(?:没有|没|未|尚未|还没有?|未能)(?:承接|落实|部署|跟进|对应|分解|细化)")
UPPER_OWNED = re.compile(r"(?:省里|省级|省上|市里|市级|上级)的")
BESIDES = re.compile(r"除了?(.+?)(?:以外|之外)?还有")
COMPARES = re.compile(r"一样|相同|不同|差多少|相差|差距|变化|对比|比较|哪个高|谁高|区别|各是|各多少|分别|各为|各自")
QUESTION_WORDS = re.compile(
    r"(?:哪个|哪些|哪家|什么|责任|牵头|配合)(?:部门|单位)|"
    r"谁|哪个|哪些|哪几个|哪家|什么|多少|几项|几个|是|的|由|各|分别|要求|对|和|与|及|呢|吗|？|\?|，|。|、|"
    r"那个|这个|那些|这些|都有|都是|具体|"
    r"牵头|配合|参与|协助|负责|目标|有|为|归|管|来|今年|明年|去年|这块|这项|找|办|还|除了|请问|一下|\s"
)


@dataclass
class Question:
    """A question understood: the kinds of answer asked for (ranked), where, about what."""

    text: str
    intents: list[tuple[str, float]]
    regions: list[str] = field(default_factory=list)
    level: str = ""  # province when the question says 省里 / 全省 without naming one
    unknown_region: str = ""
    topic: str = ""
    years: list[int] = field(default_factory=list)
    relative_year: int | None = None  # 今年 0, 去年 -1: read against each document's own year
    doc_number: str = ""
    bodies: list[dict] = field(default_factory=list)  # every body the name it uses may mean, in scope
    body_name: str = ""
    person: str = ""
    compare: bool = False

    @property
    def intent(self) -> str:
        return self.intents[0][0] if self.intents else "search"

    @property
    def body(self) -> dict | None:
        return self.bodies[0] if self.bodies else None

    @property
    def year(self) -> int | None:
        """The one year named, if only one is."""
        return self.years[0] if len(self.years) == 1 else None

    def topics(self, topic: str | None = None) -> list[str]:
        """The topic, then the same with each of the genre's synonyms it uses swapped in
        (GDP → 地区生产总值, 经济增长)."""
        topic = self.topic if topic is None else topic
        variants = [topic]
        for same in synonym_sets():
            for word in (w for w in same if w in topic):
                variants += [topic.replace(word, other) for other in same if other != word]
        return list(dict.fromkeys(variants))


def understand(text: str, lexicon: Lexicon) -> Question:
    """Read a question against the corpus's names (regions, bodies, people)."""
    text = re.sub(r"\s+", "", text or "")
    number = DOC_NUMBER.search(text)
    regions, rest = _regions(text, lexicon)
    province_words = any(word in text for word in PROVINCE_WORDS)
    if province_words:  # 省里和衡阳: the province the named region lies in
        regions = list(dict.fromkeys([lexicon.province_of(r) for r in regions if lexicon.province_of(r) in
                                      lexicon.levels] + regions))
    body_name, bodies = _named_body(text, regions, lexicon)
    person = max((p for p in lexicon.people if p in text), key=len, default="")
    years = _years(text)
    rest = rest.replace(number.group(), " ") if number else rest
    rest = BESIDES.sub(" ", rest)  # the body named as known is not the topic
    question = Question(
        text=text,
        intents=[],
        regions=regions,
        level="province" if province_words and not regions else "",
        unknown_region="" if regions else _unknown_place(rest, lexicon),
        topic=_topic(rest),
        years=years,
        relative_year=next((shift for word, shift in RELATIVE_YEAR.items() if word in text), None),
        doc_number=number.group() if number else "",
        bodies=bodies,
        body_name=body_name,
        person=person,
        compare=len(years) > 1 or (bool(COMPARES.search(text)) and len(regions) > 1),
    )
    question.intents = _rank(question)
    return question


def _rank(question: Question) -> list[tuple[str, float]]:
    """Intents by the weight of every cue that points to them."""
    text = question.text
    scores: dict[str, float] = defaultdict(float)
    for pattern, weights in CUES:
        if pattern.search(text):
            for intent, weight in weights.items():
                scores[intent] += weight
    if ASKS_NUMBER.search(text) and not NAMES_BODIES.search(text):
        for role in ("lead", "cooperating", "responsible"):  # 参与签约的人员拿多少: a role word inside the topic
            if role in scores:
                scores[role] *= 0.5
    if re.search(POST, text) and ASKS_PERSON.search(text) or re.search(LEADER, text) \
            or re.search(POST + r"[？?。]?$", text):  # …专班召集人: a post named last asks who holds it
        scores["person"] += 4.0
    if question.person:
        scores["person_posts"] += 3.0 + 2.0 * bool(ASKS_POSTS.search(text))
        if scores.get("count") and re.search(r"(?<!哪)几|多少", text):  # 于某一共担任了几个专班的召集人
            scores["count"] += 4.0
        if ASKS_GROUP.search(text):
            scores["person_groups"] += 7.0
    besides = BESIDES.search(text)
    named_as_known = bool(besides) and question.body_name in besides.group(1)  # 除了A还有谁: A is not the subject
    unnamed = text.replace(question.body_name, " ") if question.body else ""
    if question.body and not named_as_known and not NAMES_BODIES.search(unnamed) \
            and re.search(ROLE_WORD + "|任务|工作|职责|事|管", unnamed) and ASKS_TASKS.search(unnamed):
        scores["reverse"] += 4.5  # 市公安局牵头，配合的是哪几个部门 asks for bodies, not for 市公安局's tasks
        if scores.get("count") and not re.search(r"哪几|哪些", text):
            scores["count"] += 4.0
    if LEVELS_ASKED.search(text) and scores.get("value"):  # 各级目标是多少: the same target at every level
        scores["levels"] = scores["value"] + 1.0
    if question.regions and NOT_TAKEN_UP.search(text):  # 衡阳有哪些省里的任务没有承接
        scores["not_taken_up"] = max(scores.values(), default=0.0) + 1.0
    elif (len(question.regions) > 1 or UPPER_OWNED.search(text)) and CARRIED_OUT.search(text):
        # 省里的X任务益阳谁落实: the body below that carries out the task above
        scores["implementers"] = max(scores.get("lead", 0.0), scores.get("responsible", 0.0)) + 1.0
    if question.compare:  # 2030年和2031年…有变化吗: what is compared is most often a number
        scores["value"] += 1.0
    if question.doc_number:
        for intent in ("doc_date", "doc_number", "doc_title", "doc_issuer", "doc_basis", "doc_addressees"):
            if scores.get(intent):
                scores[intent] += 1.0
        scores["doc_title"] += 0.5
    if max(scores.values(), default=0.0) < 1.0 and not ASKS_ANYTHING.search(text):
        # keywords only (衡阳老旧小区改造): a body in charge, or a number
        scores["lead"] += 0.6
        scores["value"] += 0.5
    scores["search"] = 0.1
    return sorted(scores.items(), key=lambda item: -item[1])


def _regions(text: str, lexicon: Lexicon) -> tuple[list[str], str]:
    """The regions named, in order, and the text with their names taken out."""
    found: list[tuple[int, str]] = []
    rest = text
    for alias in lexicon.longest_first["regions"]:
        at = rest.find(alias)
        if at >= 0:
            found.append((text.find(alias), lexicon.regions[alias]))
            rest = rest.replace(alias, " ", 1)
    ordered = []
    for _, region in sorted(found):
        if region not in ordered:
            ordered.append(region)
    return ordered, rest


def _named_body(text: str, regions: list[str], lexicon: Lexicon) -> tuple[str, list[dict]]:
    """The longest body name in the question and every body of that name in the regions asked
    about (or anywhere); else a name resolved as the documents' own would be (绵阳市经信局)."""
    for name in (n for n in lexicon.longest_first["bodies"] if n in text):
        bodies = [body for region, body in lexicon.bodies[name] if not regions or region in regions]
        if bodies:
            return name, bodies
    return _resolved_body(text, regions, lexicon)


def _resolved_body(text: str, regions: list[str], lexicon: Lexicon) -> tuple[str, list[dict]]:
    """A body written with its region's name or a short form (绵阳市经信局 → 绵阳市经济和信息化局)."""
    for region in regions:
        local = text
        for alias in (a for a in lexicon.longest_first["regions"] if lexicon.regions[a] == region):
            local = local.replace(alias, region[-1] if region[-1] in "省市区县州" else "")
        for mention in BODY_MENTION.finditer(local):
            label, _ = canonical(mention.group(), Jurisdiction(region, lexicon.levels.get(region, "")))
            bodies = [body for where, body in lexicon.bodies.get(label, []) if where == region]
            if bodies:
                return mention.group(), bodies
    return "", []


def _years(text: str) -> list[int]:
    """Years named: 2024年, and 24年 as 2024."""
    years = [int(m.group(1)) + (2000 if len(m.group(1)) == 2 else 0) for m in YEAR.finditer(text)]
    return list(dict.fromkeys(years))


def _unknown_place(text: str, lexicon: Lexicon) -> str:
    """A place of China the question names and the corpus holds no document for (郴州, 湘潭市).

    A name without its suffix counts only as a word of its own: 长治 in 长治久安 is no place.
    """
    tokens = None
    for name in lexicon.longest_first["places"]:
        if name not in text or lexicon.places[name] in lexicon.levels:
            continue
        if name == lexicon.places[name]:
            return name
        tokens = tokens if tokens is not None else set(words(text))
        if name in tokens:
            return name
    return ""


@cache
def synonym_sets() -> list[tuple[str, ...]]:
    lines = (Path(__file__).parent / "data" / "synonyms.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def _topic(text: str) -> str:
    for word in PROVINCE_WORDS:
        text = text.replace(word, " ")
    return QUESTION_WORDS.sub(" ", text).strip()
