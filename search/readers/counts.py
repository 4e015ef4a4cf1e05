"""Counts the graph computes: a body's tasks, a plan's work groups, a group's member bodies,
the items of a section (with what they are). Each answer carries the SPARQL that counts."""

from __future__ import annotations

import re

from search.evidence import (
    answer,
    body_task_count_query,
    doc_groups_count_query,
    glossary_count_query,
    group_members_count_query,
    person_query,
    plan_tasks_query,
    section_count_query,
    term_count_query,
)
from search.index import overlap
from search.passages import Passage
from search.readers.bodies import NOTE, asked_roles, body_tasks, holds
from search.readers.people import asked_role, people_named
from search.titles import title_core

GROUP_WORDS = re.compile(r"专班|领导小组|工作小组|指挥部|联席会议")
GROUP_NOISE = re.compile(r"专班|领导小组|工作小组|指挥部|联席会议|工作|系列|一共|总共|共|几个|多少个|建了|成立了|设了|有|里|调度机制")
MEMBER_WORDS = re.compile(r"成员单位|成员")
COUNTED = re.compile(r"(?:多少|几)([件项个条类大])?([\u4e00-\u9fff]{2,10}?)(?:[？?。，]|$|是|呢|吗)")
TASKS_COUNTED = re.compile(r"(?:多少|几)条(?:重点|主要|具体)?(?:任务|措施|举措|事项)")
GLOSSARY_WORDS = re.compile(r"名词解释|名词注释|术语|名词")
STRUCTURE = re.compile(r"(?:方案|规划|计划|报告|意见|文件).{0,4}(?:(?:分|有|包括|包含)了?哪?几|哪?几(?:个|大|项)?(?:部分|块|板块|方面))")
KIND_ASKED = re.compile(r"(?:哪类|哪几类|哪些|哪几个|哪几项|哪几方面|什么)([\u4e00-\u9fff]{2})")
YEARS = re.compile(r"(?:19|20)?\d{2,4}\s*年?")


def count(reader, question):
    if question.bodies:
        return _body_tasks(reader, question), []
    if question.person and GROUP_WORDS.search(question.text):
        return _persons_groups(reader, question), []
    if MEMBER_WORDS.search(question.text):
        return _members(reader, question)
    if GLOSSARY_WORDS.search(question.text):
        return _glossary(reader, question), []
    if TASKS_COUNTED.search(question.text):
        found = _plan_tasks(reader, question)
        if found:
            return found, []
    asked = GROUP_WORDS.search(question.text)
    if asked:
        found = _groups(reader, question, asked.group())
        if found:
            return found, []
    return _numbered(reader, question) or _items(reader, question)


def _body_tasks(reader, question) -> list[dict]:
    body, roles, tasks = body_tasks(reader, question, asked_roles(question.text))
    iri = body["iri"]
    if not tasks:
        return []
    text = f"{len(tasks)}项"
    if roles == ("lead",):
        alone = sum(1 for t in tasks if len(t.facts["roles"]["lead"]) == 1)
        text += f"（其中{alone}项单独牵头，{len(tasks) - alone}项与其他单位共同牵头）"
    held = sum(1 for p in reader.corpus.held_by(iri) if holds(p, iri, roles))
    among = [t.iri for t in tasks] if len(tasks) < held else None
    return [answer(text, "count", reader.corpus, tasks[0], 1.0, body_task_count_query(iri, roles, among),
                   iri=iri, tasks=[t.iri for t in tasks])]


def _groups(reader, question, word: str) -> list[dict]:
    """How many groups of the asked kind (专班, 领导小组) a plan sets up, per plan in scope."""
    about = GROUP_NOISE.sub(" ", question.topic).strip()
    out = []
    for doc in reader.documents_in_scope(question):
        groups = [p for p in reader.corpus.of_kind("group", doc.iri) if word in p.title]
        named = [g for g in groups if any(overlap(part, g.title) >= 0.5 for part in about.split() if len(part) >= 4)]
        groups = named or groups  # 防范化解风险…系列专班: those the question names
        if groups:
            out.append(answer(f"{len(groups)}个：" + "、".join(g.title for g in groups), "count", reader.corpus,
                              groups[0], 1.0, doc_groups_count_query(doc.iri), items=[g.title for g in groups]))
    return out


def _persons_groups(reader, question) -> list[dict]:
    """How many groups the named person holds the asked post in (召集人 of 6 专班), per document."""
    role = asked_role(question.text)
    out = []
    for person in people_named(reader, question):
        groups = [g["group"] for g in person.facts.get("groups") or [] if not role or g["role"] == role]
        if groups:
            out.append(answer(f"{len(groups)}个：" + "、".join(groups), "count", reader.corpus, person, 1.0,
                              person_query(person.title), items=groups))
    return out


def _numbered(reader, question):
    """How many a numbered abbreviation counts (多少件重点民生实事 → 十大重点民生实事): the label says it."""
    asked = COUNTED.search(question.text)
    if not asked:
        return None
    noun, classifier = asked.group(2), asked.group(1) or ""
    found = [p for p in reader.corpus.titled("numbered", lambda title: _counts(title, noun))
             if not question.regions or reader.corpus.region_of(p) in question.regions]
    if not found:
        return None
    return [answer(f"{p.title}（{p.facts['count']}{classifier}）", "count", reader.corpus, p, 1.0, term_count_query(p.iri),
                   relevance=len(noun) / len(p.title)) for p in found[:3]], []


def _counts(label: str, noun: str) -> bool:
    """The label counts what the question names: its head after the number (重点民生实事 of 十大重点民生实事),
    all of it or a long enough end of it (not 措施 for 十五条硬措施)."""
    head = re.sub(r"^[一二三四五六七八九十百千两\d]+[大个项条件类]?", "", label)
    return noun == head or (len(noun) >= 4 and head.endswith(noun))


def _plan_tasks(reader, question) -> list[dict]:
    """How many tasks (条) a plan sets out: its items with a body in charge, for the plan named."""
    docs = [reader.corpus.documents[iri] for iri in reader.named_documents(question)]
    if not docs:
        scoped = reader.documents_in_scope(question)
        docs = scoped if len(scoped) == 1 else []
    out = []
    for doc in docs:
        tasks = [p for p in reader.corpus.of_kind("task", doc.iri) if p.facts.get("scope") != "section"]
        if tasks:
            out.append(answer(f"{len(tasks)}条", "count", reader.corpus, tasks[0], 1.0, plan_tasks_query(doc.iri),
                              items=[t.iri for t in tasks]))
    return out


def _glossary(reader, question) -> list[dict]:
    """How many entries a document's 名词解释 holds, for the document the question names."""
    entries: dict[str, list] = {}
    for doc in reader.documents_in_scope(question):
        if glossary := [p for p in reader.corpus.of_kind("term", doc.iri) if p.facts.get("glossary")]:
            entries[doc.iri] = glossary
    docs = [d for d in reader.documents_in_scope(question) if d.iri in entries]
    if len(docs) > 1:
        best = max(overlap(question.topic, d.title) for d in docs)
        docs = [d for d in docs if overlap(question.topic, d.title) == best]
    return [answer(f"{len(entries[d.iri])}条", "count", reader.corpus, entries[d.iri][0], 1.0,
                   glossary_count_query(d.iri), items=[t.title for t in entries[d.iri]]) for d in docs]


def _members(reader, question):
    topic = re.sub(r"成员单位|成员|多少|几个", " ", question.topic)
    hits = [h for h in reader.relevant(question, {"group"}, topic=topic, floor=0.3) if h.passage.facts.get("members")]
    return [
        answer(f"{len(h.passage.facts['members'])}个", "count", reader.corpus, h.passage, h.score,
               group_members_count_query(h.passage.iri),
               items=h.passage.facts["members"], relevance=h.relevance)
        for h in hits[:1]
    ], hits


def _items(reader, question):
    """The items directly under the section the question is about (or, failing one, the parts
    of the plan it names): how many, and which. When it asks for a kind (各是哪类风险), the
    section one level down whose items are of that kind."""
    hits = reader.relevant(question, {"section", "task"})
    kind = KIND_ASKED.search(question.text)
    for heading, passage, children, relevance in [*_sections_hit(reader, hits, question), *_plans(reader, question)]:
        if kind and not _of_kind(children, kind.group(1)):
            deeper = [c for c in children if _of_kind(_children(reader, c), kind.group(1))]
            if not deeper:
                continue
            heading, passage, children = deeper[0].title, deeper[0], _children(reader, deeper[0])
        titles = [NOTE.sub("", c.title) for c in children]
        return [answer(f"{len(children)}项（{NOTE.sub('', heading)}）：" + "、".join(titles), "count", reader.corpus,
                       passage, 1.0, section_count_query(passage.doc, _section_path(passage)), items=titles,
                       relevance=relevance)], hits
    return [], hits


def _sections_hit(reader, hits, question):
    """(heading, passage, items, relevance) of each retrieved section that has items."""
    for hit in hits:
        children = _children(reader, hit.passage)
        if children:
            heading = _section_path(hit.passage).split(" > ")[-1]
            yield heading, hit.passage, children, overlap(YEARS.sub("", heading), YEARS.sub("", question.topic))


def _plans(reader, question):
    """(title, first part, the plan's top-level parts, relevance) of each document in scope, when
    the question asks how a plan is divided (分了几块, 几个部分)."""
    if not STRUCTURE.search(question.text):
        return
    for doc in reader.documents_in_scope(question):
        parts = sorted((p for p in reader.corpus.of_kind("section", doc.iri) if " > " not in p.path),
                       key=lambda p: p.start)
        if parts:
            yield title_core(doc.title), _Root(doc.iri), parts, overlap(question.topic, title_core(doc.title))


def _of_kind(items, kind: str) -> bool:
    """Most items name the kind asked for (风险 in 防范化解金融风险)."""
    return bool(items) and sum(kind in i.title for i in items) >= 0.6 * len(items)


class _Root(Passage):
    """A plan as a whole, whose items are its top-level parts."""

    def __init__(self, doc: str):
        super().__init__("document", doc, doc, "", "", 0, 0, "", "")


def _children(reader, passage):
    """Items directly under a section (or under the heading a section task stands for)."""
    prefix = _section_path(passage) + " > " if not isinstance(passage, _Root) else ""
    children = [
        p for p in reader.corpus.of_kind("section", passage.doc)
        if p.path.startswith(prefix) and " > " not in p.path[len(prefix):]
    ]
    return sorted(children, key=lambda p: p.start)


def _section_path(passage) -> str:
    """The heading path a section (or a section-level task) opens; a plan's root opens none."""
    if isinstance(passage, _Root):
        return ""
    if passage.kind == "section":
        return passage.path
    return passage.path + (" > " + passage.title if passage.title else "")
