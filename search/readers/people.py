"""People and work groups: who holds a post in a 专班 (召集人, 副召集人, 办公室主任), what posts a
named person holds, which groups they hold a post in, where a group's office sits."""

from __future__ import annotations

import re

from search.evidence import answer, group_members_query, group_query, office_query, person_query

POST_ROLES = ("办公室副主任", "办公室主任", "副召集人", "召集人", "副组长", "组长", "副主任", "主任", "总调度",
              "副指挥长", "指挥长", "总指挥")


SAME_POST = ({"召集人", "组长", "指挥长", "总指挥"}, {"副召集人", "副组长", "副指挥长"})


def asked_role(text: str) -> str:
    """The post a question asks about; 由副市长召集 asks for the 召集人, 办公室…兼主任 for its 主任,
    the group's 牵头领导 or 负责人 for its head."""
    text = re.sub(r"(副?召集)(?!人)", r"\1人", text)
    text = re.sub(r"牵头领导|负责人|一把手", "召集人", text)
    if "办公室" in text:
        text = re.sub(r"(?<!办公室)(副?主任)", r"办公室\1", text)
    return next((r for r in POST_ROLES if r in text), "")


def post_holders(reader, question):
    role = asked_role(question.text)
    if not role:
        return [], []
    topic = re.sub("|".join(POST_ROLES) + r"|召集|兼|日常|协调|牵头领导|负责人|领导", " ", question.topic)
    hits = reader.relevant(question, {"group"}, topic=topic, floor=0.3)
    for hit in hits:
        posts = [p for p in hit.passage.facts["posts"] if p["role"] == role]
        same = next((group for group in SAME_POST if role in group), {role})
        posts = posts or [p for p in hit.passage.facts["posts"] if p["role"] in same]
        if posts:
            text = "、".join(p["person"] or p["title"] for p in posts)
            return [answer(text, "person", reader.corpus, hit.passage, hit.score, group_query(hit.passage.iri, role),
                           posts=posts, group=hit.passage.title, relevance=hit.relevance)], hits
    return [], hits


def posts_of(reader, question):
    """Every post the named person holds, per document: as the documents title them, and in groups."""
    out = []
    for passage in people_named(reader, question):
        posts = list(passage.facts.get("posts") or [])
        posts += [f"{g['group']}{g['role']}" for g in passage.facts.get("groups") or []]
        if posts:
            out.append(answer("、".join(dict.fromkeys(posts)), "posts", reader.corpus, passage, 1.0,
                              person_query(passage.title), person=passage.title))
    return out, []


def groups_of(reader, question):
    """The groups the named person holds a post in (召集的是哪个专班): the asked post first."""
    role = asked_role(question.text)
    out = []
    for passage in people_named(reader, question):
        groups = passage.facts.get("groups") or []
        chosen = [g for g in groups if g["role"] == role] or groups
        if chosen:
            out.append(answer("、".join(dict.fromkeys(g["group"] for g in chosen)), "group", reader.corpus, passage,
                              1.0, person_query(passage.title), person=passage.title))
    return out, []


def people_named(reader, question):
    """The person passages of the person the question names, in the regions asked about."""
    return [p for p in reader.corpus.titled("person", lambda title: title == question.person)
            if not question.regions or reader.corpus.region_of(p) in question.regions]


def members(reader, question):
    """A work group's member bodies, as the document lists them."""
    topic = re.sub(r"成员单位|成员|哪些|单位|部门", " ", question.topic)
    hits = [h for h in reader.relevant(question, {"group"}, topic=topic, floor=0.3) if h.passage.facts.get("members")]
    return [
        answer("、".join(h.passage.facts["members"]), "bodies", reader.corpus, h.passage, h.score,
               group_members_query(h.passage.iri), group=h.passage.title, relevance=h.relevance)
        for h in hits[:1]
    ], hits


def office(reader, question):
    topic = re.sub(r"办公室|设在|放在|挂靠", " ", question.topic)
    hits = [h for h in reader.relevant(question, {"group"}, topic=topic, floor=0.3) if h.passage.facts["office"]]
    return [
        answer(hit.passage.facts["office"], "body", reader.corpus, hit.passage, hit.score,
               office_query(hit.passage.iri), relevance=hit.relevance)
        for hit in hits[:1]
    ], hits
