"""Work groups (专班, 联席会议, 实事办, 领导小组) with their posts, office and members, and named officials.

A paragraph that assigns a post (…任召集人, …担任副召集人, 由…兼任办公室主任, 办公室主任由…兼任,
组长：…, 由…总牵头) describes a group. Its name is the one the paragraph founds before the first post
(成立X专班，由…; 成立由…的X), else the paragraph's own title (（一）防范化解金融风险专班。…), else the heading it sits under
(二、打好经济增长主动仗专班). Holders listed with 、 are split, except that a rank such as 市委常委
or 党组成员 joins the post after it. A holder ending in a 2–3 character name after a post word
(市发改委主任林喜洋) is a named person; in a list that names people, a part without a name is another
title of the next one (市政府副市长、市公安局局长张卫东). A name that only says what kind of group it is
(组建工作专班, 联席会议) takes the topic of the plan it sits in (临江市打好乡村振兴攻坚仗实施方案). A
group founded severally (分别成立…工作专班) is not one group. A document that describes a group twice
(its attachment's plan, then a schedule naming the holders) gets one group: the description that
names the holders gives its name and posts. Bodies are returned as written; the pipeline resolves them.
"""

from __future__ import annotations

import re

from ingest.extract.notes import split_bodies
from ingest.records import Body, Person, Post, Span, WorkGroup
from ingest.structure import Block

KINDS = ("heading", "item", "para")
GROUP = r"(?:工作专班|专班|领导小组|工作小组|推进小组|协调小组|推进组|工作组|联席会议|工作办公室|指挥部|调度机制|推进机制)"
BARE = re.compile(rf"(?:组织)?{GROUP}")
FOUNDED = re.compile(
    rf"(?:成立|组建|建立|设立)(?:健全|完善)?(?:由[^。]*?的)?(?P<name>[^，。；、：（由]{{0,30}}?{GROUP})"
)
SEVERALLY = re.compile(r"(?:分别|均|都|各自)$")
ALIAS = re.compile(r"^[（(](?:以下)?简称[“\"]?(?P<alias>[^）)”\"，、]{2,15}?)[”\"]?[）)]")
NAMED = re.compile(rf"^(?:成立|组建|建立|设立)?(?P<name>[^，。；、：]{{0,30}}{GROUP})$")
PLAN_TITLE = re.compile(r"^(?:关于)?(?P<topic>[^《》，。：:\s]{2,40}?)的?(?:总体)?(?:实施|工作|行动)?(?:方案|计划)$")
HOLDERS_MAX = 120  # a longer clause before 任 is no list of holders; the bound keeps a stopless text linear
ROLE = r"(?:办公室)?(?:常务|第一)?副?(?:召集人|组长|主任|总调度|总指挥|指挥长)"
POST = re.compile(
    rf"(?P<holders>[^，；。]{{1,{HOLDERS_MAX}}}?)(?:兼任|担任|任|作为)(?P<scope>[^，；。任]{{0,8}}?)(?P<role>{ROLE})(?=的|[，；。、]|$)"
)
ROLE_COLON = re.compile(rf"(?:^|[，；。])(?P<role>{ROLE})[：:](?P<holders>[^，；。：:]+)")
ROLE_FIRST = re.compile(rf"(?P<role>{ROLE})由(?P<holders>[^，；。由]+?)(?:兼任|担任)(?=[，；。]|$)")
LEAD_POST = re.compile(r"由(?P<holders>[^，；。由]+?)(?:作为)?(?P<role>总牵头|总调度)")
OFFICE = re.compile(r"办公室设(?:在|于)?(?P<office>[^，。；]+)")
MEMBERS_AFTER = re.compile(r"成员单位(?:包括|为|有|[：:])[：:]?(?P<list>[^，。；]+)")
MEMBERS_MADE_OF = re.compile(r"成员单位由(?P<list>[^，。；]+?)组成")
MEMBERS_BEFORE = re.compile(r"(?:^|[，；。])(?P<list>[^，；。]+?)为成员单位")
RANK = re.compile(r"(?:常委|党组成员|党组书记|党组副书记|委员)$")
TITLE_END = re.compile(r"(?:长|主任|调研员|负责人|领导|常委|委员|书记|成员|巡视员|主席|经理|专员|助理)")
NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
CLAUSE_END = "，；。\n"
NOT_NAMES = ("同志", "领导", "成员", "主任", "局长", "市长", "负责人", "分管", "协管")



def find_groups(blocks: list[Block], text: str) -> tuple[list[WorkGroup], list[Person]]:
    """Every work group the text sets up, and every named official with the posts given them."""
    main_topic = _main_topic(blocks)
    groups: list[WorkGroup] = []
    for block in blocks:
        if block.kind in KINDS:
            group = _group(block, text, main_topic)
            if group is not None:
                groups.append(group)
    groups = _merge_twins(groups)
    return groups, _people(groups, text)


def _group(block: Block, text: str, main_topic: str) -> WorkGroup | None:
    """The group a paragraph describes, or None when it assigns no post or names no single group."""
    line = text[block.start : block.end]
    posts = _posts(line)
    if not posts:
        return None
    found = _name(line, block, posts[0][0])
    if found is None:
        return None
    name, start, aliases = found
    if BARE.fullmatch(name):
        name = _topic(block, main_topic) + name
    return WorkGroup(
        name, Span(start, block.end), [post for _, post in posts], _office(line), _members(line), aliases
    )


def _posts(line: str) -> list[tuple[int, Post]]:
    """(offset, Post) for every post assigned in the paragraph, one per holder, in the order written."""
    posts: list[tuple[int, Post]] = []
    matches = [*POST.finditer(line), *ROLE_FIRST.finditer(line), *ROLE_COLON.finditer(line), *LEAD_POST.finditer(line)]
    for match in matches:
        holders = match["holders"].rsplit("由", 1)[-1]
        at = match.start("holders") + len(match["holders"]) - len(holders)
        for title, person in map(_title_and_name, _holders(holders)):
            post = Post(match["role"], title, person)
            if all(post != seen for _, seen in posts):
                posts.append((at, post))
    return sorted(posts, key=lambda p: p[0])


def _holders(holders: str) -> list[str]:
    """市政府副秘书长郭建中、市发改委主任林喜洋 → two; 市委常委、市政府常务副市长 → one."""
    parts: list[str] = []
    for part in holders.strip().split("、"):
        part = part.removesuffix("同志")
        if parts and RANK.search(parts[-1]):
            parts[-1] = f"{parts[-1]}、{part}"
        else:
            parts.append(part)
    return _titles_joined_to_names([p for p in parts if p])


def _titles_joined_to_names(parts: list[str]) -> list[str]:
    """Where a list names people, a part without a name is one more title of the person after it."""
    if not any(_title_and_name(part)[1] for part in parts):
        return parts
    joined: list[str] = []
    pending: list[str] = []
    for part in parts:
        pending.append(part)
        if _title_and_name(part)[1]:
            joined.append("、".join(pending))
            pending = []
    return joined + pending


def _title_and_name(holder: str) -> tuple[str, str]:
    """(post title, person): the name is what follows the last post word, when it is 2–3 characters."""
    for match in reversed(list(TITLE_END.finditer(holder))):
        rest = holder[match.end() :]
        if not rest:
            return holder, ""
        if NAME.fullmatch(rest) and not rest.endswith(NOT_NAMES) and not TITLE_END.search(rest[-1]):
            return holder[: match.end()], rest
    return holder, ""


def _name(line: str, block: Block, first_post: int) -> tuple[str, int, list[str]] | None:
    """(group name, clean offset where it is named, its short names): founded here, titled, or the heading.

    The group founded last before the first post is the one the post belongs to (建立…推进机制，成立由…
    总牵头的联席会议); a group founded severally is several groups, so none."""
    founded = [m for m in FOUNDED.finditer(line) if m.start() < first_post]
    if founded:
        last = founded[-1]
        if SEVERALLY.search(line[: last.start()]):
            return None
        alias = ALIAS.match(line[last.end() :])
        return last["name"], block.start + last.start(), [alias["alias"]] if alias else []
    titled = NAMED.match(block.title) if block.title else None
    if titled:
        return titled["name"], block.start, []
    named = NAMED.match(_parent_heading(block))
    return (named["name"], block.start, []) if named else None


def _parent_heading(block: Block) -> str:
    """The title of the heading a paragraph sits under, without its numbering; '' for an attachment."""
    path = block.path if block.kind == "para" else block.path[:-1]
    if not path or path[-1].startswith("附件"):
        return ""
    return re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]?\s*", "", path[-1])


def _main_topic(blocks: list[Block]) -> str:
    """The topic of the document's own plan: its title line before the first heading, without 实施方案."""
    for block in blocks:
        if block.kind != "para" or block.path:
            return ""
        topic = _plan_topic(block.text)
        if topic:
            return topic
    return ""


def _topic(block: Block, main_topic: str) -> str:
    """The topic of the plan a block sits in: its attachment's title, else the document's."""
    if block.path and block.path[0].startswith("附件"):
        return _plan_topic(block.path[0].partition(" ")[2])
    return main_topic


def _plan_topic(title: str) -> str:
    """临江市打好乡村振兴攻坚仗实施方案 → 临江市打好乡村振兴攻坚仗; '' when the line is no plan title."""
    match = PLAN_TITLE.match(title.replace(" ", ""))
    return match["topic"] if match else ""


def _office(line: str) -> Body | None:
    match = OFFICE.search(line)
    return _body(match["office"].strip()) if match else None


def _members(line: str) -> list[Body]:
    match = MEMBERS_MADE_OF.search(line) or MEMBERS_AFTER.search(line) or MEMBERS_BEFORE.search(line)
    return [_body(name) for name in split_bodies(match["list"])] if match else []


def _body(name: str) -> Body:
    """A body as written; the pipeline fills label, key and jurisdiction when it resolves it."""
    return Body(name=name, label=name, key="", jurisdiction="")


def _merge_twins(groups: list[WorkGroup]) -> list[WorkGroup]:
    """One group per name: a document that schedules its groups again describes each of them twice."""
    merged: list[WorkGroup] = []
    for group in groups:
        twin = next((i for i, seen in enumerate(merged) if _same_group(seen.name, group.name)), None)
        if twin is None:
            merged.append(group)
        else:
            merged[twin] = _merge(merged[twin], group)
    return merged


def _same_group(a: str, b: str) -> bool:
    """Same kind and one topic ends the other (市打好X工作专班 = 打好X专班); 攻坚战 and 攻坚仗 are one campaign."""
    (topic_a, kind_a), (topic_b, kind_b) = _name_key(a), _name_key(b)
    if kind_a != kind_b or not topic_a or not topic_b:
        return False
    return topic_a.endswith(topic_b) or topic_b.endswith(topic_a)


def _name_key(name: str) -> tuple[str, str]:
    """(topic, kind) of a group name, without quotes, 的 and the 工作 of 工作专班."""
    plain = re.sub(r"[“”\"‘’的]", "", name).replace("战", "仗")
    kind = re.search(rf"{GROUP}$", plain)
    if kind is None:
        return plain, ""
    return plain[: kind.start()], kind.group().removeprefix("工作")


def _merge(first: WorkGroup, second: WorkGroup) -> WorkGroup:
    """The description naming more holders gives name, span and posts; the other adds office, members, name."""
    main, other = (second, first) if _named(second) > _named(first) else (first, second)
    aliases = [n for n in dict.fromkeys([*main.aliases, other.name, *other.aliases]) if n != main.name]
    members = max(main.members, other.members, key=len)
    return WorkGroup(main.name, main.span, main.posts, main.office or other.office, members, aliases)


def _named(group: WorkGroup) -> int:
    return sum(1 for post in group.posts if post.person)


def _people(groups: list[WorkGroup], text: str) -> list[Person]:
    """Each named holder once, with every distinct title, at their first mention in a group's text."""
    people: dict[str, Person] = {}
    for group in groups:
        for post in group.posts:
            if not post.person:
                continue
            person = people.get(post.person)
            if person is None:
                people[post.person] = Person(post.person, [post.title], _mention(post.person, group.span, text))
            elif post.title not in person.posts:
                person.posts.append(post.title)
    return list(people.values())


def _mention(name: str, span: Span, text: str) -> Span:
    """The clause of the group's text that first names the person with their post (市发改委主任林喜洋任副召集人);
    the whole group when a line break splits the name."""
    at = text.find(name, span.start, span.end)
    if at < 0:
        return span
    start = max(text.rfind(mark, span.start, at) for mark in CLAUSE_END) + 1
    ends = [end for end in (text.find(mark, at, span.end) for mark in CLAUSE_END) if end >= 0]
    return Span(max(start, span.start), min(ends, default=span.end))
