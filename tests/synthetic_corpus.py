"""Synthetic policy documents in the genre, with questions whose answers the generator knows.

    python tests/synthetic_corpus.py OUT --count 100 [--seed 7]

writes OUT/00000_….txt … and OUT/questions.jsonl (one question a line: question, kind, answer,
region, file). Province, city and county 实施方案 / 工作方案 of real regions (tests/synthetic_regions.py)
and a few 政府工作报告, each 10–60 KB (some longer), with 文号 (湘政办发〔2023〕2号), notes
（X牵头，Y、Z配合）, numeric targets, defined terms (本方案所称…是指…, “X”（即…）, a 名词解释),
a 领导小组 and, in some, an attached task table. Document i depends only on the seed and the
documents before it, so the first N of a longer run are the run of N; no two are alike.

What a question asks has one answer in the whole corpus: the lead body and the target of a work
area are fixed per (region, work area), a term's definition per term, a group's leader per
(region, theme), so documents that repeat them agree.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from synthetic_regions import Region, pick_region
from synthetic_words import (
    GIVEN,
    GUIDANCE,
    ITEM_SENTENCES,
    PRINCIPLES,
    REPORT_REVIEW,
    SAFEGUARDS,
    SURNAMES,
    THEMES,
    TOPICS,
    Topic,
)

LEVELS = {"province": 0.15, "city": 0.4, "county": 0.45}
REPORT_SHARE = 0.1
YEARS = range(2019, 2027)
BY_NAME = {topic.name: topic for topic in TOPICS}
NUMERALS = "一二三四五六七八九"


@dataclass
class Question:
    """A question, what kind it is (lead, target, term, group, speaker, growth) and its one right answer."""

    question: str
    kind: str
    answer: str
    region: str
    file: str = ""


@dataclass
class Synthetic:
    """One generated document: its file name, text, region and the questions it answers."""

    name: str
    text: str
    region: str
    questions: list[Question] = field(default_factory=list)


def chinese(number: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十 (headings and meeting numbers)."""
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[units - 1] if units else "")


def number_text(value: float) -> str:
    return f"{value:g}"


class Truth:
    """The facts fixed per corpus: who leads a work area in a region, its target, a group's leader."""

    def __init__(self, seed: int):
        self.seed = seed

    def _rng(self, *key: object) -> random.Random:
        return random.Random("|".join(map(str, (self.seed, *key))))

    def lead(self, region: Region, topic: Topic) -> tuple[str, list[str]]:
        """(lead body, partner bodies), keys of BODIES; a partner sometimes leads instead."""
        rng = self._rng("lead", region.name, topic.name)
        lead = topic.partners[0] if rng.random() < 0.25 else topic.leads[0]
        others = [b for b in (*topic.leads, *topic.partners) if b != lead]
        return lead, rng.sample(others, k=min(len(others), rng.randint(1, 3)))

    def target(self, region: Region, topic: Topic) -> float:
        _form, _verb, _metric, low, high = topic.target
        rng = self._rng("target", region.name, topic.name)
        if topic.unit in ("%", "万元", "个工作日"):
            return rng.randint(low * 2, high * 2) / 2 if topic.unit == "%" and high - low > 3 else rng.randint(low, high)
        scale = {"province": 10, "city": 1}.get(region.level, 0.2)
        return max(1, round(rng.randint(low, high) * scale))

    def person(self, *key: object) -> str:
        rng = self._rng("person", *key)
        return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2, 2))))


@dataclass
class Draft:
    """A document being written: its lines, the glossary it collects, and the bodies' written names."""

    region: Region
    rng: random.Random
    year: int
    lines: list[str] = field(default_factory=list)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    defined: list[Topic] = field(default_factory=list)  # work areas whose term the text defines
    names: dict[str, str] = field(default_factory=dict)

    def body(self, key: str) -> str:
        """The body's name as this document writes it, the same every time."""
        if key not in self.names:
            self.names[key] = self.region.written(key, self.rng)
        return self.names[key]

    def size(self) -> int:
        return sum(len(line.encode()) + 2 for line in self.lines)

    def filler(self, count: int) -> str:
        """Sentences on how the work is done, none naming a work area."""
        rng, region = self.rng, self.region
        picked = rng.sample(ITEM_SENTENCES, count)
        return "".join(s.format(scope=region.scope, level=region.prefix, year=self.year, n=rng.randint(2, 30),
                                m=rng.randint(50, 3000)) + "。" for s in picked)


class Generator:
    """Documents one after another: 文号 and (region, year) of reports never repeat."""

    def __init__(self, seed: int = 7):
        self.seed, self.truth = seed, Truth(seed)
        self.numbers: set[str] = set()
        self.reports: set[tuple[str, int]] = set()

    def documents(self, count: int) -> Iterator[Synthetic]:
        for i in range(count):
            rng = random.Random(f"{self.seed}/{i}")
            yield self.report(i, rng) if rng.random() < REPORT_SHARE else self.plan(i, rng)

    # ------------------------------------------------------------------ plans

    def plan(self, i: int, rng: random.Random) -> Synthetic:
        level = rng.choices(list(LEVELS), weights=list(LEVELS.values()))[0]
        region = pick_region(rng, level)
        theme = rng.choice(list(THEMES))
        draft = Draft(region, rng, rng.choice(YEARS))
        title = f"{region.name}{theme}{rng.choice(('实施方案', '工作方案', '三年行动方案', '行动方案'))}"
        number, issuer = self.doc_number(region, draft.year, rng)
        self.notice(draft, title, number, issuer, theme)
        topics = [BY_NAME[n] for n in rng.sample(THEMES[theme], len(THEMES[theme]))]
        topics += rng.sample([t for t in TOPICS if t not in topics], len(TOPICS) - len(topics))
        budget = rng.randint(10_000, 60_000) if rng.random() < 0.85 else rng.randint(60_000, 160_000)
        draft.lines.append(f"{chinese(2)}、重点任务")
        done: list[Topic] = []
        for k, topic in enumerate(topics, start=1):
            self.section(draft, k, topic)
            done.append(topic)
            if draft.size() > budget * 0.85:
                break
        leader = self.safeguards(draft, theme, done)
        table = rng.random() < 0.35
        if table:
            draft.lines.append(f"附件：{title}重点任务清单")
        self.glossary(draft)
        if table:
            self.task_table(draft, title, done)
        name = f"{i:05d}_{region.name}_{draft.year}.txt"
        return Synthetic(name, "\n\n".join(draft.lines) + "\n", region.name,
                         self.plan_questions(draft, done, theme, leader, name))

    def doc_number(self, region: Region, year: int, rng: random.Random) -> tuple[str, str]:
        """A 文号 not given before, and the issuer its kind goes with."""
        kind = rng.choice(("政办发", "政办发", "政发", "办发"))
        office = "办公厅" if region.level == "province" else "办公室"
        issuer = {"政办发": f"{region.name}人民政府{office}", "政发": f"{region.name}人民政府",
                  "办发": f"中共{region.name}委{office} {region.name}人民政府{office}"}[kind]
        serial = rng.randint(1, 60)
        while (number := f"{region.abbreviation}{kind}〔{year}〕{serial}号") in self.numbers:
            serial += 1
        self.numbers.add(number)
        return number, issuer

    def notice(self, draft: Draft, title: str, number: str, issuer: str, theme: str) -> None:
        """The covering notice, signature and date, then the plan's title, preamble and general part."""
        region, rng, year = draft.region, draft.rng, draft.year
        addressees = {"province": "各市州人民政府，省政府各厅委、各直属机构",
                      "city": "各县（市、区）人民政府，市直各单位"}.get(region.level, f"各乡镇人民政府、街道办事处，{region.prefix}直各单位")
        signed = f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        draft.lines += [f"{issuer}关于印发《{title}》的通知", number, f"{addressees}：",
                        f"《{title}》已经{region.prefix}人民政府同意，现印发给你们，请结合实际认真贯彻落实。",
                        *issuer.split(" "), signed, title, self.preamble(draft, theme), f"{chinese(1)}、总体要求",
                        "（一）指导思想", "，".join(rng.sample(GUIDANCE, rng.randint(4, 7))) + "。", "（二）基本原则"]
        for k, (name, text) in enumerate(rng.sample(PRINCIPLES, rng.randint(2, 4)), start=1):
            draft.lines.append(f"{k}. {name}。{text}")

    def preamble(self, draft: Draft, theme: str) -> str:
        """Why and on what basis: the higher level's plan, cited by title and 文号."""
        region, rng, year = draft.region, draft.rng, draft.year
        cited = []
        higher = [Region(region.province, "province", region.province)]
        if region.city:
            higher.append(Region(region.city, "city", region.province))
        for up in higher:
            office = "办公厅" if up.level == "province" else "办公室"
            basis_year = rng.choice((year - 1, year))
            cited.append(f"《{up.name}人民政府{office}关于印发〈{up.name}{theme}实施方案〉的通知》"
                         f"（{up.abbreviation}政办发〔{basis_year}〕{rng.randint(1, 80)}号）")
        if region.level == "province":
            cited.append(f"国家有关部委《关于推进{theme}的指导意见》")
        ours = {"province": "我省", "city": "我市"}.get(region.level, "本" + region.prefix)
        return f"为扎实推进{theme}工作，根据{'和'.join(cited)}精神，结合{ours}实际，制定本方案。"

    def section(self, draft: Draft, k: int, topic: Topic) -> None:
        """A work area: its heading, the item with its target and lead, and the items under it."""
        region, rng = draft.region, draft.rng
        lead, partners = self.truth.lead(region, topic)
        heading = f"（{chinese(k)}）{topic.heading}"
        draft.lines.append(heading + (f"（{draft.body(lead)}牵头）" if rng.random() < 0.5 else ""))
        opening = rng.choice(("扎实推进", "统筹做好", "持续抓好", "全力推动"))
        term = self.term_sentence(draft, topic)
        draft.lines.append(f"1. {opening}{topic.name}。{self.target_sentence(draft, topic)}。{term}"
                           f"{draft.filler(rng.randint(1, 3))}{self.note(draft, lead, partners)}")
        for j, action in enumerate(rng.sample(topic.actions, rng.randint(0, len(topic.actions))), start=2):
            text = action.format(n=rng.randint(2, 60))
            owner = rng.choice([*partners, lead]) if partners else lead
            others = [p for p in partners if p != owner][:1]
            draft.lines.append(f"{j}. {text}。{draft.filler(rng.randint(2, 5))}{self.note(draft, owner, others)}")

    def target_sentence(self, draft: Draft, topic: Topic) -> str:
        form, verb, metric, _low, _high = topic.target
        value = number_text(self.truth.target(draft.region, topic))
        by = draft.year + draft.rng.randint(1, 3)
        tail = draft.rng.choice(("", "以上")) if verb not in ("压缩至", "增长") else ("以内" if verb == "压缩至" else "左右")
        if form == "count":
            return f"到{by}年，{draft.region.scope}{verb}{metric}{value}{topic.unit}{tail}"
        return f"到{by}年，{draft.region.scope}{metric}{verb}{value}{topic.unit}{tail}"

    def term_sentence(self, draft: Draft, topic: Topic) -> str:
        """The work area's term defined in one of three ways, or not at all."""
        label, definition = topic.term
        if not label or draft.rng.random() < 0.4:
            return ""
        draft.defined.append(topic)
        way = draft.rng.choice(("所称", "即", "名词解释"))
        if way == "所称":
            quoted = draft.rng.choice((label, f"“{label}”"))
            return f"本方案所称{quoted}，是指{definition}。"
        if way == "即":
            return f"全面推行“{label}”（即{definition}）。"
        draft.glossary.append((label, definition))
        return f"探索推行“{label}”[{len(draft.glossary)}]。"

    def note(self, draft: Draft, lead: str, partners: list[str]) -> str:
        """（X牵头，Y、Z配合） in one of the ways plans write it; a body given twice is given once."""
        names = list({draft.region.label(b): draft.body(b) for b in reversed([lead, *partners])}.values())[::-1]
        first, rest = names[0], "、".join(names[1:])
        if not rest:
            return f"（{first}{draft.rng.choice(('牵头', '负责'))}）"
        return draft.rng.choice((f"（{first}牵头，{rest}配合）", f"（{first}牵头，{rest}按职责分工负责）",
                                 f"（牵头单位：{first}；配合单位：{rest}）"))

    def safeguards(self, draft: Draft, theme: str, topics: list[Topic]) -> str:
        """三、保障措施: the leading group first; its leader's name is returned."""
        region, rng = draft.region, draft.rng
        leader = self.truth.person(region.name, theme, "组长")
        deputy = self.truth.person(region.name, theme, "副组长")
        posts = {"province": ("省委常委、常务副省长", "省人民政府副秘书长"),
                 "city": ("市委常委、常务副市长", "市人民政府副秘书长")}.get(
            region.level, (f"{region.prefix}委常委、常务副{region.prefix}长", f"{region.prefix}人民政府办公室主任"))
        lead = draft.body(self.truth.lead(region, topics[0])[0])
        members = "、".join(dict.fromkeys(draft.body(self.truth.lead(region, t)[0]) for t in topics[:8]))
        draft.lines += [f"{chinese(3)}、保障措施",
                        f"（一）加强组织领导。成立{region.name}{theme}工作领导小组，由{posts[0]}{leader}任组长，"
                        f"{posts[1]}{deputy}、{lead}主要负责同志任副组长，成员单位包括{members}。"
                        f"领导小组办公室设在{lead}，由{lead}主要负责同志兼任办公室主任，负责统筹调度和督促检查。"]
        for k, (name, sentences) in enumerate(rng.sample(SAFEGUARDS, rng.randint(2, 4)), start=2):
            text = "".join(s.format(level=region.prefix, n=rng.randint(2, 20) * 100, k=rng.randint(2, 6)) for s in sentences)
            draft.lines.append(f"（{chinese(k)}）{name}。{text}")
        return leader

    def glossary(self, draft: Draft) -> None:
        if draft.glossary:
            draft.lines.append("名词解释")
            draft.lines += [f"[{k}]“{label}”：{definition}。" for k, (label, definition) in
                            enumerate(draft.glossary, start=1)]

    def task_table(self, draft: Draft, title: str, topics: list[Topic]) -> None:
        """The attachment: one row per work area, its lead as the text gives it."""
        region, rng = draft.region, draft.rng
        draft.lines += ["附件", f"{title}重点任务清单", "序号\t工作任务\t具体措施\t牵头单位\t配合单位\t完成时限"]
        for k, topic in enumerate(topics, start=1):
            lead, partners = self.truth.lead(region, topic)
            measure = rng.choice(topic.actions).format(n=rng.randint(2, 60))
            names = [draft.body(p) for p in partners if region.label(p) != region.label(lead)]
            draft.lines.append(f"{k}\t{topic.heading}\t{measure}\t{draft.body(lead)}\t{'、'.join(names) or '/'}"
                               f"\t{draft.year + rng.randint(0, 2)}年{rng.choice((6, 12))}月底前")

    def plan_questions(self, draft: Draft, topics: list[Topic], theme: str, leader: str, name: str) -> list[Question]:
        region, rng = draft.region, draft.rng
        where = region.name
        asked: list[Question] = []
        for topic in rng.sample(topics, min(2, len(topics))):
            lead, _ = self.truth.lead(region, topic)
            text = rng.choice((f"{where}{topic.name}谁牵头", f"{where}的{topic.name}工作由哪个部门牵头",
                               f"{where}{topic.name}由哪个单位牵头负责"))
            asked.append(Question(text, "lead", region.label(lead), where, name))
        topic = rng.choice(topics)
        form, verb, metric, _low, _high = topic.target
        text = (f"{where}计划{verb}{metric}多少{topic.unit}" if form == "count" else f"{where}{metric}要{verb}多少")
        asked.append(Question(text, "target", number_text(self.truth.target(region, topic)), where, name))
        if draft.defined:
            label, definition = rng.choice(draft.defined).term
            text = rng.choice((f"{label}是什么意思", f"什么是{label}", f"{label}指的是什么"))
            asked.append(Question(text, "term", definition, "", name))
        asked.append(Question(f"{where}{theme}工作领导小组组长是谁", "group", leader, where, name))
        return asked

    # ------------------------------------------------------------------ reports

    def report(self, i: int, rng: random.Random) -> Synthetic:
        """A 政府工作报告: last year's review, this year's targets and work, read by the head of government."""
        while True:
            region = pick_region(rng, rng.choices(list(LEVELS), weights=list(LEVELS.values()))[0])
            year = rng.choice(YEARS)
            if (region.name, year) not in self.reports:
                break
        self.reports.add((region.name, year))
        speaker = self.truth.person(region.name, year, "政府工作报告")
        growth = rng.randint(9, 16) / 2
        draft = Draft(region, rng, year)
        post = region.prefix + "长"
        draft.lines += ["政 府 工 作 报 告",
                        f"——{year}年1月{rng.randint(5, 25)}日在{region.name}第{chinese(rng.randint(12, 18))}届"
                        f"人民代表大会第{chinese(rng.randint(1, 5))}次会议上",
                        f"{region.name}{post}  {speaker}", "各位代表：",
                        f"现在，我代表{region.name}人民政府，向大会报告工作，请予审议，并请政协委员和其他列席人员提出意见。",
                        f"{chinese(1)}、{year - 1}年工作回顾", self.review(draft),
                        f"{chinese(2)}、{year}年工作安排",
                        f"今年经济社会发展的主要预期目标是：地区生产总值增长{number_text(growth)}%左右，"
                        f"一般公共预算收入增长{rng.randint(3, 8)}%，城镇调查失业率控制在5.5%以内，"
                        f"居民收入增长与经济增长基本同步。"]
        for k, topic in enumerate(rng.sample(TOPICS, rng.randint(6, 20)), start=1):
            form, verb, metric, _low, _high = topic.target
            value = number_text(self.truth.target(region, topic))
            goal = f"{verb}{metric}{value}{topic.unit}" if form == "count" else f"{metric}{verb}{value}{topic.unit}"
            draft.lines.append(f"（{chinese(k)}）{topic.heading}。今年{region.scope}{goal}。{draft.filler(rng.randint(3, 8))}")
        draft.lines += [f"{chinese(3)}、全面加强政府自身建设", draft.filler(6),
                        "各位代表！让我们团结一心、真抓实干，奋力完成全年目标任务！"]
        name = f"{i:05d}_{region.name}_{year}_政府工作报告.txt"
        asked = [Question(f"{region.name}{year}年政府工作报告是谁作的", "speaker", speaker, region.name, name),
                 Question(f"{region.name}{year}年政府工作报告提出今年地区生产总值增长多少", "growth",
                          number_text(growth), region.name, name)]
        return Synthetic(name, "\n\n".join(draft.lines) + "\n", region.name, asked)

    def review(self, draft: Draft) -> str:
        region, rng = draft.region, draft.rng
        higher = "在党中央、国务院的坚强领导下" if region.level == "province" else (
            f"在{region.province}委、省政府{'和' + region.city + '委、市政府' if region.city else ''}的坚强领导下")
        tenths = {key: number_text(rng.randint(low, high) / 10) for key, low, high in
                  (("g", 40, 80), ("r", 20, 90), ("u", 45, 70), ("v", 55, 85))}
        numbers = {**tenths, "n": rng.randint(50, 600), "m": rng.randint(80, 900), "k": rng.randint(10, 120)}
        said = "。".join(s.format(scope=region.scope, **numbers) for s in REPORT_REVIEW)
        return f"过去一年，{higher}，我们团结带领{region.scope}人民攻坚克难、砥砺前行。{said}。"


def is_right(question: dict, result: dict) -> bool:
    """Whether the first answer of an /api/ask result is the one the generator knows: the lead body's
    full name, the target's number, the definition's start, the person's name."""
    answers = result.get("answers") or []
    if not answers:
        return False
    top, expected, kind = answers[0], question["answer"], question["kind"]
    if kind == "lead":
        return expected in {top.get("text"), *(body.get("label") for body in top.get("bodies", []))}
    if kind in ("target", "growth"):
        return any(float(n) == float(expected) for n in re.findall(r"\d+(?:\.\d+)?", top.get("text", "")))
    if kind == "term":
        return _squashed(expected)[:12] in _squashed(top.get("text", ""))
    return expected in top.get("text", "")


def _squashed(text: str) -> str:
    return re.sub(r"[\s“”。，、]", "", text)


def write_corpus(folder: Path, documents: Iterable[Synthetic]) -> int:
    """The documents into folder (one at a time: none is kept), their questions into
    folder/questions.jsonl; the bytes of text written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with (folder / "questions.jsonl").open("w", encoding="utf-8") as handle:
        for doc in documents:
            written += (folder / doc.name).write_bytes(doc.text.encode())
            for question in doc.questions:
                handle.write(json.dumps(asdict(question), ensure_ascii=False) + "\n")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    size = write_corpus(args.out, Generator(args.seed).documents(args.count))
    print(f"{args.count} documents, {size / 1e6:.1f} MB, questions in {args.out / 'questions.jsonl'}")


if __name__ == "__main__":
    main()
