"""Links between documents, derived after every change: basis documents cited by title, and
city or district tasks carrying down the tasks of the documents they are based on.

They live in one named graph of their own (LINKS_GRAPH), derived from the document graphs:
rebuilt whole, or, told which documents changed, rebuilt for every document whose links could
have changed with them (the changed ones, and those citing them before or after), so re-ingesting
or removing a document can never leave a stale link behind. Comparing task texts, the costly part,
then touches only those documents' tasks: the cost follows the change, not the corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, URIRef

from kg.store import KnowledgeStore, ntriples
from kg.vocab import ID, PK, doc_slug, sparql_prefixes

LINKS_GRAPH = URIRef("https://policy-kg.org/graph/links")
MIN_SIMILARITY = 0.35

DOCUMENT_TITLES = sparql_prefixes() + """SELECT ?doc ?title WHERE {
  GRAPH ?doc { ?doc a pk:PolicyDocument ; dcterms:title ?title }
}"""

CITATIONS = sparql_prefixes() + """SELECT ?doc ?cited ?title WHERE {
  GRAPH ?doc { ?doc a pk:PolicyDocument ; pk:basedOn ?cited . OPTIONAL { ?cited dcterms:title ?title } }
}"""

TASKS_OF = "GRAPH {doc} {{ ?task a pk:Task ; dcterms:isPartOf {doc} ; pk:text ?text . OPTIONAL {{ ?task pk:itemTitle ?title }} }}"
TASK_TEXTS = sparql_prefixes() + f"SELECT ?doc ?task ?text ?title WHERE {{ {TASKS_OF.format(doc='?doc')} }}"

LINKED = sparql_prefixes() + f"SELECT ?doc ?cited WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?doc pk:basedOn ?cited }} }}"


def refresh_links(store: KnowledgeStore, changed: Iterable[str] | None = None) -> int:
    """Rebuild the links graph, or only the links that documents changed (added, replaced or removed)
    can touch; returns how many links were written."""
    if changed is None:
        graph = _links(store, _basis(store))
        store.replace_document(LINKS_GRAPH, graph)
        return len(graph)
    basis = _basis(store)
    linked = [(URIRef(row.doc), URIRef(row.cited)) for row in store.query(LINKED)]
    docs = _affected({URIRef(iri) for iri in changed}, set(basis), set(linked))
    if not docs:
        return 0
    graph = _links(store, [(doc, cited) for doc, cited in basis if doc in docs], every=False)
    store.update(_relink_update(docs, graph))
    return len(graph)


def _affected(changed: set[URIRef], basis: set[tuple], linked: set[tuple]) -> set[URIRef]:
    """The documents whose links may differ: the changed ones, those citing one of them (now or when
    the links were last made), and any whose basis is no longer what the links graph says."""
    return changed | {doc for doc, cited in basis ^ linked} | {doc for doc, cited in basis | linked if cited in changed}


def _links(store: KnowledgeStore, basis: list[tuple[URIRef, URIRef]], every: bool = True) -> Graph:
    """The links of basis: every document's (every) or only of the documents in it."""
    graph = Graph()
    for doc, cited in basis:
        graph.add((doc, PK.basedOn, cited))
    for task, carried in _carried_down(store, basis, every):
        graph.add((task, PK.carriesDown, carried))
    return graph


def _relink_update(docs: set[URIRef], graph: Graph) -> str:
    """One update (one transaction): the links of docs and of their tasks out (a task is known by
    the document slug in its IRI, so a removed document's are found too), graph's links in."""
    iris = " ".join(doc.n3() for doc in sorted(docs))
    slugs = " ".join(f'"{doc_slug(doc)}"' for doc in sorted(docs))
    name = LINKS_GRAPH.n3()
    inserts = [f"INSERT DATA {{ GRAPH {name} {{\n{ntriples(graph)}}} }}"] if len(graph) else []  # Virtuoso refuses {}
    return sparql_prefixes() + " ;\n".join([
        f"DELETE {{ GRAPH {name} {{ ?doc pk:basedOn ?cited }} }} WHERE {{ VALUES ?doc {{ {iris} }} "
        f"GRAPH {name} {{ ?doc pk:basedOn ?cited }} }}",
        f"DELETE {{ GRAPH {name} {{ ?task pk:carriesDown ?upper }} }} WHERE {{ GRAPH {name} {{ ?task pk:carriesDown ?upper }} "
        f'BIND (STRBEFORE(STRAFTER(STR(?task), "{ID}task/"), "/") AS ?slug) VALUES ?slug {{ {slugs} }} }}',
        *inserts,
    ])


def _basis(store: KnowledgeStore) -> list[tuple[URIRef, URIRef]]:
    """(document, ingested document it is based on), by identity (文号) or by title."""
    titles = {URIRef(row.doc): _plain(str(row.title)) for row in store.query(DOCUMENT_TITLES)}
    by_title = defaultdict(set)
    for doc, title in titles.items():
        by_title[title].add(doc)
        if inner := re.search(r"《(.+)》", title):
            by_title[_plain(inner.group(1))].add(doc)
    pairs = set()
    for row in store.query(CITATIONS):
        doc, cited = URIRef(row.doc), URIRef(row.cited)
        matches = {cited} if cited in titles else by_title.get(_plain(str(row.title or "")), set())
        pairs.update((doc, match) for match in matches if match != doc)
    return sorted(pairs)


def _plain(title: str) -> str:
    return re.sub(r"[\s《》〈〉<>“”\"]", "", title)


def _carried_down(store: KnowledgeStore, basis: list[tuple[URIRef, URIRef]], every: bool) -> list[tuple[URIRef, URIRef]]:
    """Each task of a document, paired with the most alike task of each document it is based on."""
    tasks = _task_bigrams(store, None if every else {doc for pair in basis for doc in pair})
    links = []
    for doc, cited in basis:
        for task, grams in tasks.get(doc, []):
            best = max(((dice(grams, other), upper) for upper, other in tasks.get(cited, [])), default=None)
            if best and best[0] >= MIN_SIMILARITY:
                links.append((task, best[1]))
    return links


def _task_bigrams(store: KnowledgeStore, docs: set[URIRef] | None) -> dict[URIRef, list]:
    """(task, bigrams of its title and text) of every document, in one query, or of the documents
    named, a query each: each one an index lookup, where a VALUES list was not (1.2 s at 1,000)."""
    rows = ([(row.doc, row) for row in store.query(TASK_TEXTS)] if docs is None else
            [(doc, row) for doc in sorted(docs) for row in store.query(_tasks_of(doc))])
    tasks = defaultdict(list)
    for doc, row in rows:
        tasks[URIRef(doc)].append((URIRef(row.task), _bigrams(f"{row.title or ''}{row.text}")))
    return tasks


def _tasks_of(doc: URIRef) -> str:
    return sparql_prefixes() + f"SELECT ?task ?text ?title WHERE {{ {TASKS_OF.format(doc=doc.n3())} }}"


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s\d，。；、：“”（）]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: set[str], b: set[str]) -> float:
    """Dice coefficient of two bigram sets."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
