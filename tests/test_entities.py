"""kg/entities.py, the one reader of entities for the API and the pages: lists filtered and paged in
SPARQL give what filtering and slicing the whole list in Python gives, and text that is no IRI is
no entity rather than a broken query."""

from collections import Counter
from pathlib import Path

import pytest

from ingest.pipeline import ingest_file
from kg import entities
from kg.entities import ROLES, TaskFilter
from kg.load import load_document
from kg.store import open_store
from kg.vocab import ID

DATA = Path(__file__).parent / "data"
JUNK = ["", "x", "x> } SELECT", "\x02", f"{ID}doc/%zz", f"{ID}doc/a b", f"{ID}doc/[x]"]


@pytest.fixture(scope="module")
def store():
    """The six plans and reports of tests/data in a fresh in-memory store."""
    with open_store("memory") as fresh:
        for path in sorted(DATA.glob("*.txt")):
            load_document(fresh, ingest_file(path))
        yield fresh


def kept(store, where: TaskFilter) -> list[dict]:
    """What the API kept before filtering moved into SPARQL: every task, filtered in Python."""
    regions = {doc["iri"]: doc["region"] for doc in entities.documents(store)}

    def names(bodies, wanted):
        return any(wanted in (b["name"], b["label"], b["iri"], b["iri"].removeprefix(f"{ID}org/")) for b in bodies)

    return [
        task for task in entities.tasks(store)
        if all(names(task[role], getattr(where, role)) for role in ROLES if getattr(where, role))
        and (not where.body or any(b["iri"] == where.body for role in ROLES for b in task[role]))
        and (not where.document or task["document"] == where.document)
        and (not where.region or where.region in regions.get(task["document"], ""))
        and where.text in task["text"]
    ]


def filters(store) -> list[TaskFilter]:
    everything = entities.tasks(store)
    lead = next(task["lead"][0] for task in everything if task["lead"])
    cooperating = next(task["cooperating"][0] for task in everything if task["cooperating"])
    return [
        TaskFilter(),
        TaskFilter(document=everything[-1]["document"]),
        TaskFilter(region="株洲"),
        TaskFilter(text=everything[0]["text"][:3]),
        TaskFilter(lead=lead["name"]),
        TaskFilter(lead=lead["label"]),
        TaskFilter(lead=lead["iri"]),
        TaskFilter(lead=lead["iri"].removeprefix(f"{ID}org/")),
        TaskFilter(cooperating=cooperating["name"], region="株洲"),
        TaskFilter(lead=lead["name"], cooperating=cooperating["label"]),
        TaskFilter(body=cooperating["iri"]),
        TaskFilter(lead="nobody"),
        TaskFilter(lead="x> } SELECT"),
    ]


def test_a_page_of_tasks_is_a_slice_of_the_filtered_list(store):
    for where in filters(store):
        expected = kept(store, where)
        assert entities.tasks(store, where) == expected, where
        for limit in (1, 3, 200):
            for offset in range(len(expected) + 2):
                total, page = entities.task_page(store, where, limit, offset)
                assert total == len(expected) and page == expected[offset : offset + limit], (where, limit, offset)


def test_a_bodys_tasks_are_grouped_by_document_and_role(store):
    body = next(task["lead"][0]["iri"] for task in entities.tasks(store) if task["lead"])
    grouped = entities.org_tasks(store, body)
    titles = {doc["iri"]: doc["title"] for doc in entities.documents(store)}
    assert grouped and all(entry["title"] == titles[entry["document"]] for entry in grouped)
    for entry in grouped:
        for role in ROLES:
            assert all(any(b["iri"] == body for b in task[role]) for task in entry[role])
    assert any(entry["lead"] for entry in grouped)
    page = entities.org(store, body)
    assert page["label"] == entities.orgs(store, iri=body)[0]["labels"][0]
    assert [d["iri"] for d in page["documents"]] == [entry["document"] for entry in grouped]


def test_documents_count_their_tasks_and_are_found_by_iri_or_number(store):
    docs = entities.documents(store)
    counts = Counter(task["document"] for task in entities.tasks(store))
    assert [doc["tasks"] for doc in docs] == [counts[doc["iri"]] for doc in docs]
    assert docs == sorted(docs, key=lambda doc: (doc["title"], doc["iri"]))
    numbered = next(doc for doc in docs if doc["number"])
    assert entities.documents(store, numbered["iri"]) == [numbered]
    assert entities.document_named(store, ["no-such", numbered["iri"]], "") == numbered["iri"]
    assert entities.document_named(store, JUNK, numbered["number"]) == numbered["iri"]
    for junk in JUNK:
        assert entities.document_named(store, [junk], junk) == ""
        assert entities.documents(store, junk or "x") == []


def test_orgs_are_found_by_label_or_written_name(store):
    everything = entities.orgs(store)
    for text in ("株洲", "局", "住建", "x> } SELECT", "\\"):
        expected = [org for org in everything if any(text in name for name in org["labels"] + org["names"])]
        assert entities.orgs(store, text) == expected, text


LISTS = """SELECT ?term ?name WHERE { GRAPH ?doc { ?term pk:member ?item . ?item schema:name ?name ; schema:position ?n
  FILTER NOT EXISTS { ?term skos:definition ?d } } } ORDER BY ?term ?n"""


def test_terms_are_found_by_label_definition_or_listed_member(store):
    everything = entities.terms(store)
    assert everything and all(term["definition"] and term["title"] for term in everything)
    members = {}
    for row in store.query(entities.PREFIX + LISTS):
        members.setdefault(str(row.term), []).append(str(row.name))
    listed = {term["iri"]: term["definition"] for term in everything if term["iri"] in members}
    assert listed and listed == {iri: "、".join(names) for iri, names in members.items()}
    first, second = next(iter(members.values()))[:2]
    for text in (first, first[-1] + "、" + second[0], everything[0]["label"], "不在其中", '"'):
        assert entities.terms(store, text) == [t for t in everything if text in t["label"] or text in t["definition"]]


def test_text_that_is_no_iri_is_no_entity(store):
    for junk in JUNK:
        assert entities.entity(store, junk) is None
        assert entities.orgs(store, iri=junk or "x") == []
