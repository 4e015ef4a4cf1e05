"""Responsibility notes: find them in a paragraph and read their bodies by role.

A note is a bracketed group such as （市商务局牵头，市文旅广体局、市农业农村局配合）.
Its clauses end in a role verb (牵头 → lead; 配合/参与/协助 → cooperating; 负责 and
the like → responsible) or have none (a bare list, responsible). A bracket whose items
do not look like bodies (hospitals, counties, people) is not a note. Labelled fields
(牵头单位：…；配合单位：…；责任单位：…) are notes too, in a bracket or closing a paragraph;
fields naming people or deadlines (牵头领导：…, 完成时限：…) give no bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LEAD_VERB = r"(?:依职责|按职责|共同|分别|联合)?牵头(?:负责|抓总)?"
COOP_VERB = r"(?:依职责|按职责|按职能|共同|分别|积极)?(?:配合|参与|协助|协同|协办)"
RESP_VERB = r"(?:按职责分工|按职责|依职责|分别|具体|共同|各自)?(?:负责|落实|实施|承担|主抓)|严格履行[^，；]*责任"
ROLE_NAMES = ("lead", "cooperating", "responsible")
ROLE_AT_END = re.compile(rf"(?P<lead>{LEAD_VERB})$|(?P<cooperating>{COOP_VERB})$|(?P<responsible>{RESP_VERB})$")
LEVEL_PREFIX = re.compile(r"^(?:省|市|州|区|县|镇|乡|街道|团[省市区县]委|中共|国网|国家|人民银行|各|相关|有关)")
BODY_SUFFIX = re.compile(
    r"(?:局|委|办|厅|部|院|中心|公司|集团|联|会|队|所|站|处|室|行|署|社|政府|分局|支队|大队|小组|指挥部|"
    r"单位|部门|机构|企业|高校|学校|银行|法院|检察院|协会|专班|海关|管委会|园区|开发区|办事处|街道|镇|乡)"
    r"(?:（[^（）]*）)?$"
)
TRAILING_ETC = re.compile(r"(?:等(?:相关|有关)?(?:部门|单位|成员单位)?)+$")
MEMBERS_SUFFIX = re.compile(r"(?:相关|各|有关)?成员单位$")
SEPARATORS = "、"
LEVELS_OPEN = re.compile(r"^各[省州市盟县区旗乡镇](?:、[省州市盟县区旗乡镇])*$")
LEVELS_GO_ON = re.compile(r"^[省州市盟县区旗乡镇](?:(?:人民)?政府|党委(?:和|、)?(?:人民)?政府)?$")


@dataclass
class Note:
    """One note: its text, where it sits in the paragraph, and its bodies by role."""

    start: int
    end: int
    text: str
    roles: dict[str, list[str]] = field(default_factory=dict)
    bare: bool = False


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of every top-level （…） group, nested brackets included; end is past ）."""
    groups, depth, opened = [], 0, 0
    for i, char in enumerate(text):
        if char == "（":
            if depth == 0:
                opened = i
            depth += 1
        elif char == "）" and depth:
            depth -= 1
            if depth == 0:
                groups.append((opened, i + 1))
    return groups


def find_notes(text: str) -> list[Note]:
    """Every responsibility note in a paragraph, in order."""
    notes = []
    for start, end in bracket_groups(text):
        content = text[start + 1 : end - 1]
        roles = read_note(content)
        if not roles:
            continue
        bare = ROLE_AT_END.search(content.strip().rstrip("。")) is None and not any(
            ROLE_AT_END.search(c) for c in _clauses(content)
        )
        if bare and not _stands_apart(text, start, end):
            continue
        notes.append(Note(start, end, content, roles, bare))
    if clause := find_label_clause(text):
        notes = [note for note in notes if note.end <= clause.start] + [clause]
    return notes


def _stands_apart(text: str, start: int, end: int) -> bool:
    """A bare list is a note only after a finished sentence, never right after a word."""
    before = text[:start].rstrip()[-1:] or "。"
    return before in "。；，：!！?？"


BODY_LABEL = (
    r"(?:(?P<lead>牵头|主办)|(?P<cooperating>配合|协办|参与|协同))(?:责任)?(?:单位|部门)"
    r"|(?P<responsible>责任|实施)(?:单位|部门)"
)
OTHER_LABEL = (  # people and deadlines: labelled like bodies, never bodies themselves
    r"(?:牵头|责任|分管|联系|包保|协调)?[省市州区县]?(?:领导|负责人|责任人|联系人)(?:同志)?"
    r"|(?:完成|办结)?(?:时限|时间|期限)|时间节点|进度安排"
)
LABEL = re.compile(rf"(?:{BODY_LABEL}|{OTHER_LABEL})\s*[：:]")
LEAD_MARK = re.compile(r"（牵头）$")


def starts_with_label(text: str) -> bool:
    """牵头单位：… / 牵头领导：… — a line (or bracket) of labelled fields."""
    return bool(LABEL.match(text.strip()))


def read_note(content: str) -> dict[str, list[str]] | None:
    """Bodies by role, or None when the bracket is not a responsibility note."""
    content = content.strip().rstrip("。")
    if starts_with_label(content):
        return read_labels(content)
    if not content or len(content) > 400 or re.search(r"[《》：]|\d", _outside_brackets(content)):
        return None
    roles: dict[str, list[str]] = {}
    for clause in _clauses(content):
        match = ROLE_AT_END.search(clause)
        role = "responsible"
        if match:
            role = match.lastgroup
            clause = clause[: match.start()]
        clause = clause.rsplit("由", 1)[-1] if "由" in clause else clause
        names = split_bodies(clause)
        listed = bool(TRAILING_ETC.search(clause.strip()))
        if not names or not (all(map(looks_like_body, names)) or match and (listed or any(map(looks_like_body, names)))):
            return None
        if not match and not sum(bool(LEVEL_PREFIX.match(n)) for n in names) * 2 >= len(names):
            return None
        roles.setdefault(role, [])
        roles[role].extend(n for n in names if n not in roles[role])
    return roles or None


def read_labels(content: str) -> dict[str, list[str]] | None:
    """Bodies by role of labelled fields (牵头单位：…；配合单位：…), the table columns written inline.

    None when no field names bodies, or a body field holds something that is not a list of
    bodies (a web page's 主办单位：…咨询热线：…). 市发改委（牵头） in any list leads.
    """
    roles: dict[str, list[str]] = {}
    labels = list(LABEL.finditer(content))
    for k, label in enumerate(labels):
        role = label.lastgroup
        if role not in ROLE_NAMES:
            continue
        end = labels[k + 1].start() if k + 1 < len(labels) else len(content)
        names = split_bodies(re.sub(r"[，,；;。\s]+", "、", content[label.end() : end]).strip("、"))
        if not names or not all(looks_like_body(LEAD_MARK.sub("", n)) for n in names):
            return None
        for name in names:
            named_role = "lead" if LEAD_MARK.search(name) else role
            roles.setdefault(named_role, []).append(LEAD_MARK.sub("", name))
    return roles or None


def find_label_clause(line: str) -> Note | None:
    """Labelled fields closing a paragraph outside brackets (…。牵头单位：X；责任单位：Y), else None."""
    depth = 0
    for at, char in enumerate(line):
        depth += (char == "（") - (char == "）")
        if depth or (at and line[at - 1] not in "。；;！？ "):
            continue
        if LABEL.match(line, at) and (roles := read_labels(line[at:])):
            return Note(at, len(line), line[at:], roles)
    return None


def _outside_brackets(text: str) -> str:
    return re.sub(r"（[^（）]*）", "", text)


def _clauses(content: str) -> list[str]:
    """Clauses split at top-level ，；, and after a role verb followed by 、."""
    parts, depth, current = [], 0, []
    for char in content:
        depth += (char == "（") - (char == "）")
        if depth == 0 and char in "，；,;":
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
        if depth == 0 and char == "、" and re.search(rf"(?:{LEAD_VERB}|{COOP_VERB})、$", "".join(current)):
            parts.append("".join(current)[:-1])
            current = []
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def split_bodies(clause: str) -> list[str]:
    """Body names of a list: split at 、 and 会同 (and 和/及 between two bodies), 等 dropped."""
    clause = TRAILING_ETC.sub("", clause.strip())
    pieces = re.split(r"会同|(?<=[局委办厅部院])(?:和|及|与)(?=[省市区县]|相关|有关|各)", clause)
    names = []
    for piece in pieces:
        names.extend(_split_top_level(piece))
    names = [TRAILING_ETC.sub("", n.strip()).strip() for n in names]
    return _distribute_members(_join_levels([n for n in names if n]))


def _join_levels(names: list[str]) -> list[str]:
    """各州、市人民政府 is one generic body, not 各州 and 市人民政府."""
    joined: list[str] = []
    for name in names:
        if joined and LEVELS_OPEN.match(joined[-1]) and LEVELS_GO_ON.match(name):
            joined[-1] += "、" + name
        else:
            joined.append(name)
    return joined


def _split_top_level(text: str) -> list[str]:
    """Split at 、 outside brackets and quotes (区“双随机、一公开”联席会议 is one name)."""
    parts, depth, current = [], 0, []
    for char in text:
        depth += (char in "（“") - (char in "）”")
        if depth == 0 and char in SEPARATORS:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _distribute_members(names: list[str]) -> list[str]:
    """A、B、C相关成员单位 → A相关成员单位, B相关成员单位, C相关成员单位."""
    if len(names) < 2:
        return names
    suffix = MEMBERS_SUFFIX.search(names[-1])
    if not suffix or any(MEMBERS_SUFFIX.search(n) for n in names[:-1]):
        return names
    if not all(re.search(r"(?:委员会|委会|委|指挥部|领导小组|小组)$", n) for n in names[:-1]):
        return names
    return [n + suffix.group() for n in names[:-1]] + [names[-1]]


def looks_like_body(name: str) -> bool:
    """A plausible body name: short, with an administrative prefix or an organisation suffix."""
    plain = name.replace(" ", "")
    if not 2 <= len(plain) <= 40 or re.search(r"[，。；：]", plain):
        return False
    return bool(BODY_SUFFIX.search(plain) or LEVEL_PREFIX.match(plain))
