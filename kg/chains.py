"""Task lineage read from the store: what a task carries out and what carries it out, and the whole
chain of one item across levels with its targets side by side. The task pages, the lineage page,
the JSON API and the answers to 各级目标 / 谁落实 questions all read it here.
"""

from __future__ import annotations

from kg.entities import PREFIX, _is_iri, _s
from kg.plans import LEVELS
from kg.store import KnowledgeStore

MAX_CHAIN = 200  # tasks in one chain: an item restated by every city and district of a province

LINKED = """SELECT ?other ?text ?doc ?title ?region ?level ?confidence ?evidence ?lead WHERE {{
  {pattern} ?link a pk:Implementation ; pk:confidence ?confidence ; pk:evidence ?evidence .
  GRAPH ?doc {{ ?other pk:text ?text ; dcterms:isPartOf ?doc . ?doc dcterms:title ?title .
    OPTIONAL {{ ?doc pk:region ?r . ?r skos:prefLabel ?region . OPTIONAL {{ ?r pk:adminLevel ?level }} }}
    OPTIONAL {{ ?other pk:leadBody ?b . ?b skos:prefLabel ?lead }} }}
}}"""


def parents(store: KnowledgeStore, iri: str) -> list[dict]:
    """The tasks of parent plans this task carries out, most confident first."""
    return _linked(store, f"<{iri}> prov:qualifiedInfluence ?link . ?link prov:influencer ?other .")


def children(store: KnowledgeStore, iri: str) -> list[dict]:
    """The tasks of child plans that carry this task out, by region."""
    found = _linked(store, f"?other prov:qualifiedInfluence ?link . ?link prov:influencer <{iri}> .")
    return sorted(found, key=lambda t: (LEVELS.get(t["level"], 9), t["region"], t["iri"]))


def ancestors(store: KnowledgeStore, iri: str) -> list[dict]:
    """The tasks a task carries out, each the most confident parent of the one before, up to the top
    of its chain."""
    found, at = [], iri
    while (up := parents(store, at)) and up[0]["iri"] not in {iri, *(t["iri"] for t in found)}:
        found.append(up[0])
        at = up[0]["iri"]
    return found


def chain(store: KnowledgeStore, iri: str) -> dict | None:
    """The whole lineage of the item a task belongs to: from the highest task it carries out down to
    every task carrying that one out, each with its level, region, lead bodies and targets; and the
    targets for the same indicator side by side (indicators)."""
    if not _is_iri(iri) or not _exists(store, iri):
        return None
    top = ([iri] + [t["iri"] for t in ancestors(store, iri)])[-1]
    tasks, queue, listed = [dict(_one(store, top), depth=0, parent="")], [(top, 1)], {top}
    while queue and len(tasks) < MAX_CHAIN:
        at, depth = queue.pop(0)
        for child in children(store, at):
            if child["iri"] not in listed:
                listed.add(child["iri"])
                tasks.append(dict(child, depth=depth, parent=at))
                queue.append((child["iri"], depth + 1))
    targets = _targets(store, [t["iri"] for t in tasks])
    for task in tasks:
        task["targets"] = targets.get(task["iri"], [])
    return {"iri": iri, "top": top, "tasks": tasks, "indicators": _indicators(store, tasks)}


def _one(store: KnowledgeStore, iri: str) -> dict:
    """A task with the fields the linked ones have (no confidence: it is where the chain starts)."""
    rows = list(store.query(PREFIX + f"""SELECT ?text ?doc ?title ?region ?level ?lead WHERE {{ GRAPH ?doc {{
      <{iri}> pk:text ?text ; dcterms:isPartOf ?doc . ?doc dcterms:title ?title .
      OPTIONAL {{ ?doc pk:region ?r . ?r skos:prefLabel ?region . OPTIONAL {{ ?r pk:adminLevel ?level }} }}
      OPTIONAL {{ <{iri}> pk:leadBody ?b . ?b skos:prefLabel ?lead }} }} }}"""))
    row = rows[0]
    return {"iri": iri, "text": str(row.text), "document": {"iri": str(row.doc), "title": str(row.title)},
            "region": _s(row.region), "level": _s(row.level), "leads": sorted({str(r.lead) for r in rows if r.lead}),
            "confidence": None, "evidence": ""}


def _linked(store: KnowledgeStore, pattern: str) -> list[dict]:
    found: dict[str, dict] = {}
    for r in store.query(PREFIX + LINKED.format(pattern=pattern)):
        task = found.setdefault(str(r.other), {
            "iri": str(r.other), "text": str(r.text), "document": {"iri": str(r.doc), "title": str(r.title)},
            "region": _s(r.region), "level": _s(r.level), "leads": [],
            "confidence": float(r.confidence), "evidence": str(r.evidence)})
        _add_lead(task, r.lead)
    return sorted(found.values(), key=lambda t: -t["confidence"])


def _add_lead(task: dict, lead) -> None:
    """A lead body read off one row of a task's rows (one per body), each named once."""
    if lead is not None and str(lead) not in task["leads"]:
        task["leads"].append(str(lead))


def _targets(store: KnowledgeStore, tasks: list[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    iris = " ".join(f"<{t}>" for t in tasks)
    for r in store.query(PREFIX + f"""SELECT ?task ?t ?metric ?value ?unit ?comparator ?year ?quote WHERE {{
      VALUES ?task {{ {iris} }} ?task pk:hasTarget ?t . ?t schema:value ?value .
      OPTIONAL {{ ?t pk:metric ?metric }} OPTIONAL {{ ?t schema:unitText ?unit }} OPTIONAL {{ ?t pk:comparator ?comparator }}
      OPTIONAL {{ ?t pk:year ?year }} OPTIONAL {{ ?t prov:wasDerivedFrom ?p . ?p pk:quote ?quote }} }}"""):
        found.setdefault(str(r.task), []).append({
            "iri": str(r.t), "metric": _s(r.metric), "value": float(r.value), "unit": _s(r.unit),
            "comparator": _s(r.comparator), "year": int(r.year) if r.year is not None else None, "quote": _s(r.quote)})
    return found


def _indicators(store: KnowledgeStore, tasks: list[dict]) -> list[dict]:
    """Targets linked as one indicator (pk:implementsTarget) across the chain's tasks: one row per
    indicator of the top-most task that has it, with each level's value beside it."""
    by_iri = {t["iri"]: (task, t) for task in tasks for t in task["targets"]}
    if not by_iri:
        return []
    iris = " ".join(f"<{t}>" for t in by_iri)
    up = {str(r.low): str(r.high) for r in store.query(PREFIX + f"""SELECT ?low ?high WHERE {{
      VALUES ?low {{ {iris} }} ?low pk:implementsTarget ?high }}""") if str(r.high) in by_iri}
    rows: dict[str, dict] = {}
    for target in by_iri:  # tasks are in chain order, so a root comes before what carries it out
        root, seen = target, {target}
        while up.get(root) and up[root] not in seen:
            root = up[root]
            seen.add(root)
        if root != target or target in up.values():
            task, value = by_iri[root]
            row = rows.setdefault(root, {"metric": value["metric"], "unit": value["unit"], "levels": []})
            task, value = by_iri[target]
            row["levels"].append({"task": task["iri"], "region": task["region"], "level": task["level"],
                                  "document": task["document"], "depth": task["depth"], **value})
    for row in rows.values():
        row["levels"].sort(key=lambda v: (v["depth"], v["region"]))
    return list(rows.values())


def _exists(store: KnowledgeStore, iri: str) -> bool:
    return bool(store.query(PREFIX + f"ASK {{ <{iri}> a pk:Task }}"))


def not_taken_up(store: KnowledgeStore, plan: str) -> list[dict]:
    """The tasks of a plan's nearest parent plan that no task of the plan carries out, in their
    plan's order: what a supervising office asks a city about."""
    return _tasks_where(store, f"?task pk:noCounterpartIn <{plan}> .")


def local_work(store: KnowledgeStore, plan: str) -> list[dict]:
    """The plan's tasks that carry out no task of any parent plan: new local work."""
    return _tasks_where(store, f"?task pk:noParentIn ?parent ; dcterms:isPartOf <{plan}> .")


def _tasks_where(store: KnowledgeStore, pattern: str) -> list[dict]:
    found: dict[str, dict] = {}
    for r in store.query(PREFIX + f"""SELECT ?task ?text ?doc ?number ?lead WHERE {{ {{ SELECT DISTINCT ?task WHERE {{ {pattern} }} }}
      GRAPH ?doc {{ ?task pk:text ?text ; pk:number ?number ; dcterms:isPartOf ?doc .
        OPTIONAL {{ ?task pk:leadBody ?b . ?b skos:prefLabel ?lead }} }} }} ORDER BY ?doc ?number"""):
        task = found.setdefault(str(r.task), {"iri": str(r.task), "text": str(r.text), "document": str(r.doc), "leads": []})
        _add_lead(task, r.lead)
    return list(found.values())


def plans_above(store: KnowledgeStore, plan: str) -> list[dict]:
    """The plans a plan carries out (pk:implementsPlan), nearest level first: its parents' titles
    and regions, for the document page and the API."""
    return _plans_where(store, f"<{plan}> pk:implementsPlan ?plan .", nearest_first=True)


def not_taken_up_by(store: KnowledgeStore, task: str) -> list[dict]:
    """The child plans in which no task carries this task out (pk:noCounterpartIn), by level and region."""
    return _plans_where(store, f"<{task}> pk:noCounterpartIn ?plan .", nearest_first=False)


def plan_lineage(store: KnowledgeStore, plan: str) -> dict:
    """A plan seen against the plans above it: those plans, the nearest one's tasks it has not taken
    up, and its own new local work (all empty for a document that carries out no plan)."""
    above = plans_above(store, plan) if _is_iri(plan) else []
    return {"parent_plans": above, "not_taken_up": not_taken_up(store, plan) if above else [],
            "local_work": local_work(store, plan) if above else []}


def _plans_where(store: KnowledgeStore, pattern: str, nearest_first: bool) -> list[dict]:
    found = {str(r.plan): {"iri": str(r.plan), "title": str(r.title), "region": _s(r.region), "level": _s(r.level)}
             for r in store.query(PREFIX + f"""SELECT ?plan ?title ?region ?level WHERE {{ {{ SELECT DISTINCT ?plan WHERE {{ {pattern} }} }}
      GRAPH ?plan {{ ?plan dcterms:title ?title .
        OPTIONAL {{ ?plan pk:region ?r . ?r skos:prefLabel ?region . OPTIONAL {{ ?r pk:adminLevel ?level }} }} }} }}""")}
    sign = -1 if nearest_first else 1
    ordered = sorted(found.values(), key=lambda p: (sign * LEVELS.get(p["level"], 0), p["region"], p["iri"]))
    return [{"iri": p["iri"], "title": p["title"], "region": p["region"]} for p in ordered]
