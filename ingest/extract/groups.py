"""Work groups (专班, 联席会议, 实事办, 领导小组) with their posts, office and members, and named officials.

A paragraph that assigns a post (…任召集人, …担任副召集人, 由…兼任办公室主任, 由…总牵头) describes a
group. Its name is the one the paragraph founds before the first post (成立X专班，由…; 成立由…的X),
else the paragraph's own title (（一）防范化解金融风险专班。…), else the heading it sits under
(二、打好经济增长主动仗专班). Holders listed with 、 are split, except that a rank such as 市委常委
or 党组成员 joins the post after it. A holder ending in a 2–3 character name after a post word
(市发改委主任林喜洋) is a named person. Bodies are returned as written; the pipeline resolves them.
"""

from __future__ import annotations

import re

from ingest.extract.notes import split_bodies
from ingest.records import Body, Person, Post, Span, WorkGroup
from ingest.structure import Block

KINDS = ("heading", "item", "para")
GROUP = r"(?:工作专班|专班|领导小组|工作小组|联席会议|工作办公室|指挥部|调度机制)"
FOUNDED = re.compile(rf"(?:成立|组建|建立|设立)(?:由[^。]*?的)?(?P<name>[^，。；、：（由的]{{0,30}}?{GROUP})")
NAMED = re.compile(rf"^(?:成立|组建|建立|设立)?(?P<name>[^，。；、：]{{0,30}}{GROUP})$")
ROLE = r"(?:办公室)?(?:常务|第一)?副?(?:召集人|组长|主任|总调度|总指挥|指挥长)"
POST = re.compile(
    rf"(?P<holders>[^，；。]+?)(?:兼任|担任|任|作为)(?P<scope>[^，；。任]{{0,8}}?)(?P<role>{ROLE})(?=的|[，；。]|$)"
)
LEAD_POST = re.compile(r"由(?P<holders>[^，；。由]+?)(?:作为)?(?P<role>总牵头|总调度)")
OFFICE = re.compile(r"办公室设(?:在|于)?(?P<office>[^，。；]+)")
MEMBERS_AFTER = re.compile(r"成员单位(?:包括|为|有)[：:]?(?P<list>[^，。；]+)")
MEMBERS_BEFORE = re.compile(r"(?:^|[，；。])(?P<list>[^，；。]+?)为成员单位")
RANK = re.compile(r"(?:常委|党组成员|党组书记|党组副书记|委员)$")
TITLE_END = re.compile(r"(?:长|主任|调研员|负责人|领导|常委|委员|书记|成员|巡视员|主席|经理|专员|助理)")
NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
NOT_NAMES = ("同志", "领导", "成员", "主任", "局长", "市长", "负责人", "分管", "协管")


def find_groups(blocks: list[Block], text: str) -> tuple[list[WorkGroup], list[Person]]:
    """Every work group the text sets up, and every named official with the posts given them."""
    groups: list[WorkGroup] = []
    people: dict[str, Person] = {}
    for block in blocks:
        if block.kind not in KINDS:
            continue
        group = _group(block, text)
        if group is not None:
            groups.append(group)
            _add_people(people, group, block, text)
    return groups, list(people.values())


def _group(block: Block, text: str) -> WorkGroup | None:
    """The group a paragraph describes, or None when it assigns no post or names no group."""
    line = text[block.start : block.end]
    posts = _posts(line)
    if not posts:
        return None
    found = _name(line, block, posts[0][0])
    if found is None:
        return None
    name, start = found
    return WorkGroup(name, Span(start, block.end), [post for _, post in posts], _office(line), _members(line))


def _posts(line: str) -> list[tuple[int, Post]]:
    """(offset, Post) for every post assigned in the paragraph, one per holder."""
    posts = []
    for match in [*POST.finditer(line), *LEAD_POST.finditer(line)]:
        holders = match["holders"].rsplit("由", 1)[-1]
        at = match.start("holders") + len(match["holders"]) - len(holders)
        for title, person in map(_title_and_name, _holders(holders)):
            posts.append((at, Post(match["role"], title, person)))
    return sorted(posts, key=lambda p: p[0])


def _holders(holders: str) -> list[str]:
    """市政府副秘书长郭建中、市发改委主任林喜洋 → two; 市委常委、市政府常务副市长 → one."""
    parts: list[str] = []
    for part in holders.strip().split("、"):
        if parts and RANK.search(parts[-1]):
            parts[-1] = f"{parts[-1]}、{part}"
        else:
            parts.append(part)
    return [p for p in parts if p]


def _title_and_name(holder: str) -> tuple[str, str]:
    """(post title, person): the name is what follows the last post word, when it is 2–3 characters."""
    for match in reversed(list(TITLE_END.finditer(holder))):
        rest = holder[match.end() :]
        if not rest:
            return holder, ""
        if NAME.fullmatch(rest) and not rest.endswith(NOT_NAMES) and not TITLE_END.search(rest[-1]):
            return holder[: match.end()], rest
    return holder, ""


def _name(line: str, block: Block, first_post: int) -> tuple[str, int] | None:
    """(group name, clean offset where the group is named): founded here, titled, or the heading."""
    founded = [m for m in FOUNDED.finditer(line) if m.start() < first_post]
    if founded:
        return founded[0]["name"], block.start + founded[0].start()
    titled = NAMED.match(block.title) if block.title else None
    if titled:
        return titled["name"], block.start
    named = NAMED.match(_parent_heading(block))
    return (named["name"], block.start) if named else None


def _parent_heading(block: Block) -> str:
    """The title of the heading a paragraph sits under, without its numbering; '' for an attachment."""
    path = block.path if block.kind == "para" else block.path[:-1]
    if not path or path[-1].startswith("附件"):
        return ""
    return re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]?\s*", "", path[-1])


def _office(line: str) -> Body | None:
    match = OFFICE.search(line)
    return _body(match["office"].strip()) if match else None


def _members(line: str) -> list[Body]:
    match = MEMBERS_AFTER.search(line) or MEMBERS_BEFORE.search(line)
    return [_body(name) for name in split_bodies(match["list"])] if match else []


def _body(name: str) -> Body:
    """A body as written; the pipeline fills label, key and jurisdiction when it resolves it."""
    return Body(name=name, label=name, key="", jurisdiction="")


def _add_people(people: dict[str, Person], group: WorkGroup, block: Block, text: str) -> None:
    """Record each named holder once, with every distinct title, at their first mention."""
    line = text[block.start : block.end]
    for post in group.posts:
        if not post.person:
            continue
        person = people.get(post.person)
        if person is None:
            at = block.start + line.find(post.person)
            people[post.person] = Person(post.person, [post.title], Span(at, at + len(post.person)))
        elif post.title not in person.posts:
            person.posts.append(post.title)
