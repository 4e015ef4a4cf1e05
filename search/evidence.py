"""Answers as plain dicts: the answer itself, its evidence, and the SPARQL that reproduces it."""

from __future__ import annotations

import re
from decimal import Decimal

from kg.vocab import sparql_prefixes
from search.passages import Corpus, Passage

AFTER = ("以上", "左右", "以内", "以下")


def evidence(corpus: Corpus, passage: Passage) -> dict:
    """Where an answer was read: document, title, region, the quote and its character span; from a PDF
    or OFD also the page it starts on, and whether OCR read that page."""
    doc = corpus.documents.get(passage.doc)
    found = {
        "document": passage.doc,
        "title": doc.title if doc else "",
        "file": doc.file if doc else "",
        "region": doc.region if doc else "",
        "quote": passage.quote,
        "start": passage.start,
        "end": passage.end,
    }
    page = doc.page_at(passage.start) if doc else None
    if page is not None:
        found["page"], found["ocr"] = page
    return found


def answer(text: str, kind: str, corpus: Corpus, passage: Passage, score: float, sparql: str, **extra) -> dict:
    """One answer: a short text that is the answer itself, with its evidence and query."""
    return {
        "text": text,
        "kind": kind,
        "iri": extra.pop("iri", passage.iri),
        "region": corpus.region_of(passage),
        "evidence": [evidence(corpus, passage)],
        "score": round(float(score), 4),
        "sparql": sparql,
        **extra,
    }


def number(value: float) -> str:
    """150.0 → 150, 1.5 → 1.5, 32193.15 → 32193.15: every digit given, never an exponent."""
    return format(Decimal(repr(float(value))).normalize(), "f")


def value_text(facts: dict) -> str:
    """A target as said: 不低于650元/月, 15%以上, 从600元/月提高到650元/月, 7%以上，力争8%, 千亿元以上.

    A value the document spells in Chinese is given as spelled (千亿元, 一千多万人), a range as
    written (5.0%—5.5%, 5%到5.5%左右).
    """
    comparator = facts.get("comparator") or ""
    unit = facts.get("unit") or ""
    core = facts.get("written") or _plain_value(facts, unit)
    if comparator in AFTER:
        core, before = core + comparator, ""
    else:
        before = comparator if comparator and not re.match(r"^[达超近约]$", comparator) else ""
    stretch = f"，力争{number(facts['stretch'])}{unit}" if facts.get("stretch") is not None else ""
    if facts.get("from") is not None:
        return f"从{before}{number(facts['from'])}{unit}提高到{before}{core}{stretch}"
    return before + core + stretch


def _plain_value(facts: dict, unit: str) -> str:
    """The value with its unit, a range from its low to its high end (5%—5.5%)."""
    if facts.get("upper") is None:
        return f"{number(facts['value'])}{unit}"
    return f"{number(facts['value'])}{unit}—{number(facts['upper'])}{unit}"


def bodies_text(bodies: list[dict]) -> str:
    """Bodies as written, joined the way the documents list them."""
    return "、".join(body["name"] for body in bodies)


PREFIX = sparql_prefixes()


def task_query(task_iri: str, role: str | None) -> str:
    """The bodies of one task in one role (None: in every role, each with its role)."""
    if role is None:
        return PREFIX + (
            f"SELECT ?role ?body ?label WHERE {{ <{task_iri}> ?role ?body . ?body skos:prefLabel ?label . "
            "VALUES ?role { pk:leadBody pk:responsibleBody pk:cooperatingBody } }"
        )
    prop = {"lead": "pk:leadBody", "cooperating": "pk:cooperatingBody", "responsible": "pk:responsibleBody"}[role]
    return PREFIX + f"SELECT ?body ?label WHERE {{ <{task_iri}> {prop} ?body . ?body skos:prefLabel ?label }}"


def target_query(target_iri: str) -> str:
    return PREFIX + (
        "SELECT ?metric ?value ?unit ?comparator ?year WHERE { "
        f"<{target_iri}> schema:value ?value . OPTIONAL {{ <{target_iri}> pk:metric ?metric }} "
        f"OPTIONAL {{ <{target_iri}> schema:unitText ?unit }} OPTIONAL {{ <{target_iri}> pk:comparator ?comparator }} "
        f"OPTIONAL {{ <{target_iri}> pk:year ?year }} }}"
    )


def term_query(term_iri: str) -> str:
    """A term's definition and its members in order (either may be absent)."""
    return PREFIX + (
        f"SELECT ?label ?definition ?position ?member WHERE {{ <{term_iri}> skos:prefLabel ?label . "
        f"OPTIONAL {{ <{term_iri}> skos:definition ?definition }} "
        f"OPTIONAL {{ <{term_iri}> pk:member ?item . ?item schema:position ?position ; schema:name ?member }} "
        "} ORDER BY ?position"
    )


def document_query(doc_iri: str, prop: str) -> str:
    return PREFIX + f"SELECT ?value WHERE {{ GRAPH <{doc_iri}> {{ <{doc_iri}> {prop} ?value }} }}"


def group_query(group_iri: str, role: str) -> str:
    return PREFIX + (
        "SELECT ?title ?person WHERE { "
        f'<{group_iri}> org:hasPost ?post . ?post pk:postRole "{role}" ; pk:title ?title . '
        "OPTIONAL { ?post org:heldBy ?holder . ?holder schema:name ?person } }"
    )


def office_query(group_iri: str) -> str:
    return PREFIX + f"SELECT ?office ?label WHERE {{ <{group_iri}> pk:office ?office . ?office skos:prefLabel ?label }}"


ROLE_PROPERTY = {"lead": "pk:leadBody", "cooperating": "pk:cooperatingBody", "responsible": "pk:responsibleBody"}


def _role_pattern(body_iri: str, roles) -> str:
    return " UNION ".join(f"{{ ?task {ROLE_PROPERTY[r]} <{body_iri}> }}" for r in roles)


def body_tasks_query(body_iri: str, roles) -> str:
    """Every task the body holds in these roles, with its text, in the document's order."""
    return PREFIX + (
        f"SELECT DISTINCT ?task ?text WHERE {{ ?task a pk:Task ; pk:text ?text ; pk:number ?n . "
        f"{_role_pattern(body_iri, roles)} }} ORDER BY ?n"
    )


def body_task_count_query(body_iri: str, roles, among: list[str] | None = None) -> str:
    """How many tasks the body holds in these roles (among these tasks, when a question narrowed them)."""
    values = f"VALUES ?task {{ {' '.join(f'<{t}>' for t in among)} }} " if among else ""
    return PREFIX + (
        f"SELECT (COUNT(DISTINCT ?task) AS ?tasks) WHERE {{ {values}?task a pk:Task . {_role_pattern(body_iri, roles)} }}"
    )


def section_count_query(doc_iri: str, path: str) -> str:
    """The items directly under a section (path ""; the document's top-level parts)."""
    escaped = path.replace("\\", "\\\\").replace('"', '\\"')
    where = (f'STRSTARTS(?path, "{escaped} > ") && !CONTAINS(STRAFTER(?path, "{escaped} > "), " > ")' if path
             else '!CONTAINS(?path, " > ")')
    return PREFIX + (
        f"SELECT (COUNT(DISTINCT ?item) AS ?items) WHERE {{ GRAPH <{doc_iri}> {{ ?item a pk:Section ; "
        f"pk:sectionPath ?path . FILTER({where}) }} }}"
    )


def person_query(name: str) -> str:
    """Every post a named person holds, and the groups those posts are in."""
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return PREFIX + (
        "SELECT ?title ?group ?role WHERE { ?person a schema:Person ; schema:name ?name . "
        f'FILTER(STR(?name) = "{escaped}") '
        "OPTIONAL { ?post org:heldBy ?person ; pk:postRole ?role . ?group org:hasPost ?post } "
        "OPTIONAL { ?person schema:jobTitle ?title } }"
    )


def doc_groups_count_query(doc_iri: str) -> str:
    return PREFIX + f"SELECT (COUNT(DISTINCT ?group) AS ?groups) WHERE {{ GRAPH <{doc_iri}> {{ ?group a pk:WorkGroup }} }}"


def group_members_count_query(group_iri: str) -> str:
    return PREFIX + f"SELECT (COUNT(DISTINCT ?member) AS ?members) WHERE {{ <{group_iri}> org:hasMember ?member }}"


def attachments_query(doc_iri: str) -> str:
    """A document's attachments, numbered, with their titles."""
    return PREFIX + (
        f"SELECT ?number ?title WHERE {{ GRAPH <{doc_iri}> {{ ?attachment a pk:Attachment ; "
        f"dcterms:isPartOf <{doc_iri}> ; pk:number ?number ; dcterms:title ?title }} }} ORDER BY ?number"
    )


def glossary_count_query(doc_iri: str) -> str:
    """How many terms a document's glossary (名词解释) defines."""
    return PREFIX + (
        f"SELECT (COUNT(DISTINCT ?term) AS ?entries) WHERE {{ GRAPH <{doc_iri}> {{ ?term a skos:Concept ; "
        "pk:definitionMarker ?marker } }"
    )


def group_members_query(group_iri: str) -> str:
    """A group's member bodies in the order the document lists them."""
    return PREFIX + (
        f"SELECT ?name ?body WHERE {{ ?m a org:Membership ; org:organization <{group_iri}> ; org:member ?body ; "
        "rdfs:label ?name ; pk:memberPosition ?n } ORDER BY ?n"
    )


def plan_tasks_query(doc_iri: str) -> str:
    """How many tasks a plan sets out (not counting a heading's note over its items)."""
    return PREFIX + (
        f"SELECT (COUNT(DISTINCT ?task) AS ?tasks) WHERE {{ GRAPH <{doc_iri}> {{ ?task a pk:Task . "
        'OPTIONAL { ?task pk:scope ?scope } FILTER(!BOUND(?scope) || ?scope != "section") } }'
    )


def term_count_query(term_iri: str) -> str:
    """The number a numbered abbreviation counts, and its label."""
    return PREFIX + f"SELECT ?label ?count WHERE {{ <{term_iri}> skos:prefLabel ?label ; pk:memberCount ?count }}"
