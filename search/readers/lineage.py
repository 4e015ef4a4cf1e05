"""Answers read off task lineage (kg/chains.py): each level's target for one indicator
(农村公路安防设施各级目标是多少), who carries out a higher level's task in a region below it
(省里的农村公路安防设施任务益阳谁落实), and which items of the plan above a region has not taken
up (衡阳有哪些省里的任务没有承接).

Lineage changes whenever a plan of another level arrives, so it is read from the store at the
time of the question, not from the search index: retrieval finds the target or task the
question is about, the store says what it is linked to.
"""

from __future__ import annotations

import re

from rdflib import Literal

from kg import chains
from kg.plans import LEVELS
from search.evidence import answer, bodies_text, number, task_query, value_text
from search.readers import numbers
from search.readers.bodies import role_bodies

UPPER_WORDS = {"province": re.compile(r"省里|省级|省上|全省|省定|省政府"), "city": re.compile(r"市里|市级|全市|市定|市政府")}
CANDIDATES = 5
TASK_TEXT = 120


def levels(reader, question):
    """The target a question asks about and the targets for the same indicator at every other level of
    its chain, highest level first."""
    if reader.store is None:
        return [], []
    found, hits = numbers.value(reader, question)
    for best in found[:CANDIDATES]:
        passage = _passage(reader, "target", best["evidence"][0]["document"], best["iri"])
        task = passage.facts.get("task") if passage else ""
        chain = chains.chain(reader.store, task) if task else None
        row = next((r for r in (chain or {}).get("indicators", []) if any(v["iri"] == best["iri"] for v in r["levels"])), None)
        if row and len({v["region"] for v in row["levels"]}) > 1:
            return [_level_answer(reader, value, passage, best["relevance"]) for value in row["levels"]
                    if (passage := _passage(reader, "target", value["document"]["iri"], value["iri"]))], hits
    return [], hits


def implementers(reader, question):
    """The lead bodies of the tasks in the region asked about that carry out the higher level's task
    on the question's topic (the higher level: another region named, or 省里 / 市里)."""
    if reader.store is None or not question.regions:
        return [], []
    level = {region: _level(reader, region) for region in question.regions}
    lower = max(question.regions, key=lambda r: LEVELS.get(level[r], 0))
    upper = [r for r in question.regions if LEVELS.get(level[r], 0) < LEVELS.get(level[lower], 0)]
    upper_levels = {name for name, words in UPPER_WORDS.items() if words.search(question.text)}
    if not upper and not upper_levels:
        return [], []
    hits = reader.relevant(question, {"task"})
    out = []
    for hit in [h for h in hits if reader.corpus.region_of(h.passage) == lower][:CANDIDATES]:
        above = chains.ancestors(reader.store, hit.passage.iri)
        if not any(t["region"] in upper or t["level"] in upper_levels for t in above):
            continue
        role, bodies = role_bodies(hit.passage, "lead")
        if bodies:
            out.append(answer(bodies_text(bodies), "body", reader.corpus, hit.passage, hit.score,
                              task_query(hit.passage.iri, role), iri=bodies[0]["iri"], role=role, bodies=bodies,
                              task=hit.passage.iri, implements=[t["iri"] for t in above], relevance=hit.relevance))
            break
    return out, hits


def not_taken_up(reader, question):
    """The tasks of the plan above that no plan of the region asked about carries out, in order."""
    if reader.store is None or not question.regions:
        return [], []
    region = max(question.regions, key=lambda r: LEVELS.get(_level(reader, r), 0))
    out = []
    for plan in _plans_of(reader.store, region):
        for task in chains.not_taken_up(reader.store, plan):
            passage = _passage(reader, "task", task["document"], task["iri"])
            if passage is not None:
                out.append(answer(task["text"][:TASK_TEXT], "task", reader.corpus, passage, 1.0,
                                  untaken_query(plan), leads=task["leads"], plan=plan))
    return out, []


def untaken_query(plan: str) -> str:
    return chains.PREFIX + f"""SELECT ?task ?text WHERE {{ ?task pk:noCounterpartIn <{plan}> ; pk:text ?text }}"""


def _plans_of(store, region: str) -> list[str]:
    """The plans of a region that carry out a plan above them."""
    rows = store.query(chains.PREFIX + f"""SELECT DISTINCT ?plan WHERE {{ ?plan pk:implementsPlan ?above .
      GRAPH ?plan {{ ?plan pk:region ?r . ?r skos:prefLabel {Literal(region).n3()} }} }} ORDER BY ?plan""")
    return [str(row.plan) for row in rows]


def _level_answer(reader, value: dict, passage, relevance: float) -> dict:
    """One level's value, with the passage it was read from (a target the index has not reached yet is left out)."""
    text = f"{value['region']}：{value_text(value) or number(value['value'])}"
    return answer(text, "number", reader.corpus, passage, 1.0, chains_query(value["iri"]), iri=value["iri"],
                  metric=value["metric"], year=value["year"], level=value["level"], relevance=relevance)


def chains_query(target: str) -> str:
    """The SPARQL that lists a target's indicator across levels: itself, what it implements, what implements it."""
    return chains.PREFIX + f"""SELECT ?target ?region ?value ?unit WHERE {{
  {{ BIND(<{target}> AS ?target) }} UNION {{ <{target}> pk:implementsTarget+ ?target }} UNION {{ ?target pk:implementsTarget+ <{target}> }}
  ?target schema:value ?value . OPTIONAL {{ ?target schema:unitText ?unit }}
  GRAPH ?doc {{ ?target a pk:Target . ?doc pk:region/skos:prefLabel ?region }} }}"""


def _passage(reader, kind: str, doc: str, iri: str):
    return next((p for p in reader.corpus.of_kind(kind, doc) if p.iri == iri), None)


def _level(reader, region: str) -> str:
    return next((d.level for d in reader.corpus.documents.values() if d.region == region and d.level), "")
