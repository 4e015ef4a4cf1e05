"""Bodies by role for a task (谁牵头X), and a body's tasks by role (市商务局牵头哪些工作)."""

from __future__ import annotations

import re

from search.evidence import answer, bodies_text, body_tasks_query, task_query
from search.index import overlap
from search.understand import BESIDES

ROLE_ORDER = {
    "lead": ("lead", "responsible"),
    "cooperating": ("cooperating",),
    "responsible": ("responsible", "lead"),
}
ROLE_ASKED = (("cooperating", r"配合|参与|协助|协同"), ("lead", r"牵头|主抓|主办"), ("responsible", r"负责|承担|落实"))
TASK_TEXT = 120
ALL_ROLES = ("lead", "responsible", "cooperating")
ABOUT_NOISE = re.compile(r"[在里中方面]|哪[些几两一二三四五六七八九十]*[项个件条]?|什么|工作|任务|事|项|措施|单独|独立|一共|总共|几")
NOTE = re.compile(r"（[^（）]*(?:牵头|负责|配合|参与)[^（）]*）")


def lead(reader, question):
    return _bodies(reader, question, "lead")


def cooperating(reader, question):
    return _bodies(reader, question, "cooperating")


def responsible(reader, question):
    return _bodies(reader, question, "responsible")


def _bodies(reader, question, role: str):
    hits = reader.relevant(question, {"task"})
    besides = BESIDES.search(question.text)

    def asked(task):
        if besides:  # 除了X还有谁: the task's other bodies, in whatever role
            return None, [b for b in _all_bodies(task) if not _named_in(b, besides.group(1))]
        return role_bodies(task, role)

    out = []
    for hit in reader.per_region(question, hits, lambda h: bool(asked(h.passage)[1])):
        found_role, bodies = asked(hit.passage)
        out.append(answer(bodies_text(bodies), "body", reader.corpus, hit.passage, hit.score,
                          task_query(hit.passage.iri, found_role), iri=bodies[0]["iri"], role=found_role,
                          bodies=bodies, task=hit.passage.iri, relevance=hit.relevance))
    return out, hits


def role_bodies(task, role: str) -> tuple[str, list[dict]]:
    """The task's bodies in the asked role, or in the role that stands in for it."""
    for candidate in ROLE_ORDER[role]:
        bodies = task.facts["roles"].get(candidate) or []
        if bodies:
            return candidate, bodies
    return role, []


def _all_bodies(task) -> list[dict]:
    return [b for role in ("lead", "responsible", "cooperating") for b in task.facts["roles"].get(role) or []]


def _named_in(body: dict, text: str) -> bool:
    """The body is the one the text names, with or without its level prefix (民政人社局 = 区民政人社局)."""
    core = re.sub(r"^[省市区县]", "", body["name"])
    return core in text or text in body["name"] or text in body["label"]


def reverse(reader, question):
    """The tasks the named body holds in the asked role (负责: any role but cooperating; 单独牵头:
    as the only lead), those matching what else the question names first, in document order."""
    if not question.bodies:
        return [], []
    body, roles, tasks = body_tasks(reader, question, asked_roles(question.text))
    return [
        answer(_task_text(t), "task", reader.corpus, t, 1.0, body_tasks_query(body["iri"], roles),
               body=body, roles=[r for r in roles if t.facts["roles"].get(r)])
        for t in tasks
    ], []


def body_tasks(reader, question, roles: tuple[str, ...]) -> tuple[dict, tuple[str, ...], list]:
    """(the body, the roles, its tasks): of the bodies the question's name may mean, the one whose
    tasks match what else the question names, else the busiest; in any role when it holds none
    in the asked one (参与 asked of a body only ever 负责)."""
    best: tuple[tuple[bool, int], dict, tuple[str, ...], list] | None = None
    for body in question.bodies:
        for held_as in (roles, ALL_ROLES):
            tasks = _tasks_of(reader, question, body, held_as)
            if tasks:
                break
        matching = _about(question, body, tasks)
        rank = (bool(matching), len(tasks))
        if best is None or rank > best[0]:
            best = (rank, body, held_as, matching or tasks)
    return best[1], best[2], best[3]


def _tasks_of(reader, question, body: dict, roles: tuple[str, ...]) -> list:
    tasks = [p for p in reader.corpus.held_by(body["iri"]) if holds(p, body["iri"], roles)]
    if re.search(r"单独|独立|独自", question.text):
        tasks = [t for t in tasks if [b["iri"] for b in t.facts["roles"].get("lead", [])] == [body["iri"]]]
    return tasks


def _about(question, body: dict, tasks: list) -> list:
    """The tasks matching what else the question names (民生实事里, 安全生产方面), if it names anything."""
    about = question.topic
    for name in (question.body_name, body["label"], re.sub(r"^[省市区县]", "", question.body_name)):
        about = about.replace(name, " ")
    about = ABOUT_NOISE.sub(" ", about).strip()
    return [t for t in tasks if overlap(about, " ".join((t.path, t.title, t.text))) >= 0.5] if about else []


def asked_roles(text: str) -> tuple[str, ...]:
    """The roles a body's tasks are asked in (负责 stands for leading or being responsible; 参与主办
    and 共同牵头 are leading alongside others)."""
    text = re.sub(r"(?:参与|共同|联合)(主办|牵头)", r"\1", text)
    for role, pattern in ROLE_ASKED:
        if re.search(pattern, text):
            return ("lead", "responsible") if role == "responsible" else (role,)
    return ("lead", "responsible")


def holds(task, iri: str, roles: tuple[str, ...]) -> bool:
    return any(b["iri"] == iri for role in roles for b in task.facts["roles"].get(role, []))


def _task_text(task) -> str:
    """A task as listed: its item title, then its text, short enough to scan."""
    title = NOTE.sub("", task.title)
    text = task.text if not title or title in task.text else f"{title}：{task.text}"
    return text[:TASK_TEXT]
