"""Task lineage: which task of a parent plan each task of a child plan carries out.

A city restates the province's items in its own words and figures (全省…6000 公里 becomes
全市…459 公里), keeps or renames the section they stand in, and hands each to its own body of the
same kind (省交通运输厅 → 市交通运输局). So a child task is compared with every task of the parent
plan on three signals:

- what the texts say: their character pairs, weighed by how rare each pair is among the two
  plans' tasks (推进, 加强 weigh little), with numbers, region names and level words (省, 市) left
  out, so that two restatements of one item agree however their figures differ;
- where they stand: the attachment and headings above them, weighed the same way;
- who leads them: the lead bodies' names without region and level (交通运输厅 ~ 交通运输局).

The best-scoring parent task above MIN_CONFIDENCE is the link, the score its confidence, the
signals that agreed its evidence. Two child tasks may carry out one parent task (a district
splitting an item); a child task with no parent above the threshold is new local work.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from kg.plans import dice, short_region

MIN_CONFIDENCE = 0.4
MIN_TEXT = 0.15  # the texts must share words: section and lead alone (0.2 + 0.2) reach MIN_CONFIDENCE
WEIGHTS = {"text": 0.6, "section": 0.2, "lead": 0.2}
LEVEL_WORDS = re.compile(r"[省市州盟区县旗乡镇村]")
NOT_WORDS = re.compile(r"[\W\d_a-zA-Z０-９]+")
BODY_KINDS = re.compile(r"(委员会|办公室|管理局|服务中心|中心|公司|厅|局|委|办|处)$")
SAME_METRIC = 0.5
UNITS = {"km": "公里", "千米": "公里", "m": "米"}


@dataclass(frozen=True)
class PlanTarget:
    """A numeric target of a task: the metric it counts, its value and unit."""

    iri: str
    metric: str
    value: float
    unit: str


@dataclass
class PlanTask:
    """What lineage reads of a task: its words, where it stands, who leads it, its targets."""

    iri: str
    text: str
    path: str = ""
    title: str = ""
    leads: tuple[str, ...] = ()
    targets: list[PlanTarget] = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    """A child task carrying out a parent task, how sure, and why."""

    child: PlanTask
    parent: PlanTask
    confidence: float
    evidence: str


def match(children: list[PlanTask], parents: list[PlanTask], regions: tuple[str, ...] = ()) -> dict[str, Link]:
    """The parent task each child task carries out (by child IRI); children with none are left out.
    regions: the names of both plans' regions (湖南省, 益阳市), left out of the texts compared."""
    if not children or not parents:
        return {}
    words = _Words(regions)
    texts = _cosines([words.of(f"{t.title}{t.text}") for t in children + parents], len(children))
    paths = _cosines([words.of(t.path) for t in children + parents], len(children))
    kinds = [frozenset({_body_kind(name, regions) for name in t.leads} - {""}) for t in children + parents]
    leads = np.array([[_kind_likeness(kinds[i], kinds[len(children) + j]) for j in range(len(parents))]
                      for i in range(len(children))])
    scores = WEIGHTS["text"] * texts + WEIGHTS["section"] * paths + WEIGHTS["lead"] * leads
    scores[texts < MIN_TEXT] = 0.0
    links = {}
    for i, child in enumerate(children):
        j = int(scores[i].argmax())
        if scores[i, j] >= MIN_CONFIDENCE:
            signals = {"text": texts[i, j], "section": paths[i, j], "lead": leads[i, j]}
            links[child.iri] = Link(child, parents[j], round(float(scores[i, j]), 3), _evidence(signals, child, parents[j]))
    return links


def same_indicator(child: PlanTask, parent: PlanTask) -> list[tuple[PlanTarget, PlanTarget]]:
    """The child's targets paired with the parent's for the same indicator: alike metrics, one unit."""
    pairs = []
    for low in child.targets:
        scored = [(dice(_pairs(low.metric), _pairs(high.metric)), high) for high in parent.targets
                  if plain_unit(low.unit) == plain_unit(high.unit)]
        best = max(scored, key=lambda s: s[0], default=None)
        if best and best[0] >= SAME_METRIC:
            pairs.append((low, best[1]))
    return pairs


def lead_likeness(child: tuple[str, ...], parent: tuple[str, ...], regions: tuple[str, ...] = ()) -> float:
    """How alike the kinds of the bodies leading two tasks are (1.0: the same kind at two levels)."""
    return _kind_likeness(frozenset({_body_kind(a, regions) for a in child} - {""}),
                          frozenset({_body_kind(b, regions) for b in parent} - {""}))


@lru_cache(maxsize=65536)
def _kind_likeness(child: frozenset[str], parent: frozenset[str]) -> float:
    return max((_alike(a, b) for a in child for b in parent), default=0.0)


@lru_cache(maxsize=65536)
def _alike(a: str, b: str) -> float:
    """Two body kinds' likeness; a plan pair compares the same few kinds thousands of times."""
    return 1.0 if a == b else dice(_pairs(a), _pairs(b))


def _body_kind(name: str, regions: tuple[str, ...]) -> str:
    """A body's name without its region, level and kind word: 衡阳市交通运输局 → 交通运输."""
    for region in sorted(regions, key=len, reverse=True):
        name = name.replace(region, "").replace(short_region(region), "")
    name = re.sub(r"^(中共)?[省市区县州]", "", name)
    return BODY_KINDS.sub("", name)


class _Words:
    """Texts reduced to what two levels' restatements share: no figures, region names or level words."""

    def __init__(self, regions: tuple[str, ...]):
        names = sorted({n for r in regions for n in (r, short_region(r))}, key=len, reverse=True)
        self.regions = re.compile("|".join(map(re.escape, names))) if names else None

    def of(self, text: str) -> Counter:
        if self.regions:
            text = self.regions.sub("", text)
        text = LEVEL_WORDS.sub("", NOT_WORDS.sub("|", text))
        return Counter(p for p in _pairs_in(text))


def _cosines(bags: list[Counter], split: int) -> np.ndarray:
    """Cosines of the first split texts with the others, their character pairs weighed by rarity among
    all of them (tf-idf): one matrix product over the pairs both sides use (the others only add to
    the norms)."""
    seen = Counter(pair for bag in bags for pair in bag)
    idf = {pair: math.log(1 + len(bags) / n) for pair, n in seen.items()}
    norms = [math.sqrt(sum((count * idf[pair]) ** 2 for pair, count in bag.items())) or 1.0 for bag in bags]
    shared = {p for bag in bags[:split] for p in bag} & {p for bag in bags[split:] for p in bag}
    column = {pair: i for i, pair in enumerate(shared)}
    matrix = np.zeros((len(bags), max(len(column), 1)))
    for row, bag in enumerate(bags):
        for pair, count in bag.items():
            if pair in column:
                matrix[row, column[pair]] = count * idf[pair] / norms[row]
    return matrix[:split] @ matrix[split:].T


def _evidence(signals: dict[str, float], child: PlanTask, parent: PlanTask) -> str:
    """The signals behind a link, in the words of the page that shows it."""
    parts = [f"文本相似度 {signals['text']:.2f}"]
    if signals["section"] >= 0.5:
        parts.append(f"同在「{parent.path.split(' > ')[0]}」" if parent.path else "所在章节相同")
    if signals["lead"] >= 0.5:
        parts.append(f"牵头单位对应：{'、'.join(parent.leads)} → {'、'.join(child.leads)}")
    return "；".join(parts)


def _pairs_in(text: str):
    for piece in text.split("|"):
        yield from (piece[i : i + 2] for i in range(len(piece) - 1))


def _pairs(text: str) -> set[str]:
    text = NOT_WORDS.sub("", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def plain_unit(unit: str) -> str:
    """One spelling for a unit written two ways (km, 千米 → 公里), so that values compare."""
    unit = unit.strip().lower()
    return UNITS.get(unit, unit)
