"""Bodies to one canonical name and identity per real body, scoped by jurisdiction.

A name's level prefix says whose body it is: 省住房城乡建设厅 in any Hunan document is
湖南省住房和城乡建设厅; 市住建局 in a 衡阳 plan is 衡阳市住房和城乡建设局, in an 益阳
district plan it is 益阳市's. Standard short forms are expanded (data/abbreviations.tsv),
typos are merged into the better-attested spelling of the same document, and generic
references (各镇, 相关单位) stay generic: never merged into a body.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ingest.records import Body

ABBREVIATIONS = Path(__file__).parent / "data" / "abbreviations.tsv"
GENERIC = re.compile(r"^(?:各|相关|有关|其他|其它|所属|属地|[省市区县]直)|^(?:部门|单位)$")
MEMBERS = re.compile(r"(?:相关|各|有关)?成员单位$")
PARTY = re.compile(r"^(省|市|州|区|县)委(?!员会)(.*)$")
JOINT_OFFICE = re.compile(r"^(省|市|州|区|县)((?:人民政府|政府|管委会).*)$")
LEVEL = re.compile(r"^(省|市|州|区|县)(?!委)(.+)$")
SPECIAL = {
    "税务局": "国家税务总局{region}税务局",
    "政协": "中国人民政治协商会议{region}委员会",
    "纪委监委": "中共{region}纪律检查委员会 {region}监察委员会",
    "纪委": "中共{region}纪律检查委员会",
}
YOUTH_LEAGUE = re.compile(r"^团(省|市|州|区|县)委$")


@dataclass(frozen=True)
class Jurisdiction:
    """Where a document speaks from: its region, level, province and parent city."""

    region: str
    level: str = ""
    province: str = ""
    parent: str = ""

    def of(self, prefix: str) -> str:
        """The region a level prefix (省, 市, 区, 县, 州) refers to in this document."""
        if prefix == "省":
            return self.province or self.region
        if prefix in "市州":
            return self.region if self.level == "city" else (self.parent or self.region)
        return self.region


@cache
def _abbreviations() -> list[tuple[re.Pattern, str]]:
    rules = []
    for line in ABBREVIATIONS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, replacement = line.split("\t")
            rules.append((re.compile(pattern), replacement))
    return rules


def expand(rest: str) -> str:
    """The full name of a body's part after its level prefix (住建局 → 住房和城乡建设局)."""
    for pattern, replacement in _abbreviations():
        rest = pattern.sub(replacement, rest, count=1)
    return rest


def canonical(name: str, where: Jurisdiction) -> tuple[str, str]:
    """(canonical label, jurisdiction) of a body named as written."""
    compact = re.sub(r"\s+", "", name)
    base = MEMBERS.sub("", compact) if MEMBERS.search(compact) and len(compact) > 6 else compact
    if youth := YOUTH_LEAGUE.match(base):
        region = where.of(youth.group(1))
        return f"共青团{region}委员会", region
    if party := PARTY.match(base):
        region = where.of(party.group(1))
        rest = party.group(2)
        if joint := JOINT_OFFICE.match(rest):  # 区委区管委会办公室: the party's and the government's
            return f"中共{region}委{where.of(joint.group(1))}{expand(joint.group(2))}", region
        return "中共" + region + expand("委" + rest), region
    if level := LEVEL.match(base):
        region = where.of(level.group(1))
        rest = level.group(2)
        if rest in SPECIAL:
            return SPECIAL[rest].format(region=region), region
        return region + expand(rest), region
    return base, where.region


def resolve(name: str, where: Jurisdiction) -> Body:
    """A Body for a name as written in a document of this jurisdiction."""
    name = name.strip()
    if GENERIC.search(name):
        label = re.sub(r"\s+", "", name)
        return Body(name, label, f"{where.region}|{label}", where.region, generic=True)
    label, region = canonical(name, where)
    return Body(name, label, f"{region}|{label}", region)


def merge_variants(bodies: list[Body]) -> None:
    """Give a rarely written, near-identical label (a typo) the label of the common one."""
    counts = Counter(b.key for b in bodies if not b.generic)
    by_key = {b.key: b for b in bodies}
    keys = sorted(counts, key=lambda k: -counts[k])
    rename: dict[str, str] = {}
    for i, rare in enumerate(keys):
        for common in keys[:i]:
            if common not in rename and _typo_of(by_key[rare].label, by_key[common].label):
                rename[rare] = common
                break
    for body in bodies:
        if body.key in rename:
            target = by_key[rename[body.key]]
            body.key, body.label, body.jurisdiction = target.key, target.label, target.jurisdiction


def _typo_of(rare: str, common: str) -> bool:
    """One or two characters off, same ending, long enough that it is not another body."""
    if min(len(rare), len(common)) < 6 or rare[-1] != common[-1] or rare[:2] != common[:2]:
        return False
    ratio = difflib.SequenceMatcher(None, rare, common).ratio()
    return ratio >= 0.88 and abs(len(rare) - len(common)) <= 2
