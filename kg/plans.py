"""Which plans a plan carries out: its parents, nearest level first.

A parent plan is one of a higher level that the plan cites as its basis, or that belongs to a
region the plan's region lies within and bears the same title once region names and the words
for the kind of plan are left out (湖南省打好发展“六仗”总体方案 and 益阳市打好“发展六仗”实施方案 are
one plan at two levels), so that a city plan that names no basis, or names it in words no title
matches, still finds its province's plan. A district's nearest parent is its city's plan, then
the province's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

LEVELS = {"": 0, "province": 1, "city": 2, "district": 3}
SAME_TITLE = 0.6
YEAR = re.compile(r"(?:19|20)\d{2}")
PLAN_WORDS = re.compile(r"关于|印发|的通知|通知|总体|实施|工作|行动|方案|计划|意见|细则|要点|[\W\d_a-zA-Z]")


@dataclass(frozen=True)
class Plan:
    """A document as the plan hierarchy sees it: its title, region, level and the regions above it."""

    iri: str
    title: str
    region: str = ""
    level: str = ""
    within: tuple[str, ...] = ()  # the regions its region lies within, nearest first


def parent_plans(plans: list[Plan], cited: set[tuple[str, str]]) -> dict[str, list[str]]:
    """Each plan's parent plans (IRIs), nearest level first; cited holds (plan, plan it cites) pairs.
    Only the plans it cites and those of the regions above it are compared: the cost follows the
    corpus, not its square."""
    by_iri = {plan.iri: plan for plan in plans}
    by_region = defaultdict(list)
    for plan in plans:
        by_region[plan.region].append(plan)
    cites = defaultdict(set)
    for child, parent in cited:
        cites[child].add(parent)
    parents = {}
    for child in plans:
        found = {by_iri[iri] for iri in cites[child.iri] if iri in by_iri}
        found |= {p for region in child.within for p in by_region[region] if same_plan(child, p)}
        found = [p for p in found if p.iri != child.iri and _above(p, child)]
        if found:
            parents[child.iri] = [p.iri for p in sorted(found, key=lambda p: (-LEVELS.get(p.level, 0), p.iri))]
    return parents


def same_plan(a: Plan, b: Plan) -> bool:
    """Whether two titles name one plan at two levels: alike words, and the same year when both name
    one (益阳市2024年政府工作报告 is no part of 2025年湖南省政府工作报告)."""
    x, y = _core(a), _core(b)
    years = set(YEAR.findall(a.title)), set(YEAR.findall(b.title))
    return bool(x and y) and dice(x, y) >= SAME_TITLE and (not all(years) or years[0] == years[1])


def short_region(region: str) -> str:
    """A region's name without its level word (益阳市 → 益阳), as texts often write it."""
    return region[:-1] if len(region) > 2 and region[-1] in "省市区县州盟旗" else region


def _above(parent: Plan, child: Plan) -> bool:
    return LEVELS.get(parent.level, 0) < LEVELS.get(child.level, 0)


@lru_cache(maxsize=65536)  # a refresh compares each plan with many: its title's words once
def _core(plan: Plan) -> frozenset[str]:
    """The title's words that say what the plan is about: the book title inside 《》 when there is one,
    without region names and the words for the kind of plan."""
    inner = re.search(r"《(.+?)》", plan.title)
    title = inner.group(1) if inner else plan.title
    names = {plan.region, *plan.within} | {plan.region.replace(above, "") for above in plan.within}  # 温州市鹿城区: 鹿城区
    for region in sorted(names - {""}, key=len, reverse=True):
        title = title.replace(region, "").replace(short_region(region), "")
    title = PLAN_WORDS.sub("", title)
    return frozenset(title[i : i + 2] for i in range(len(title) - 1))


def dice(a: set[str], b: set[str]) -> float:
    """Dice coefficient of two sets of character pairs (0 when either is empty)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
