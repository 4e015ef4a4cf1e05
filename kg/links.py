"""Links between documents, derived after every change: basis documents cited by title, and
city or district tasks carrying down the tasks of the documents they are based on.

They live in one named graph of their own (LINKS_GRAPH), rebuilt whole from the document
graphs, so re-ingesting or removing a document can never leave a stale link behind.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Graph, URIRef

from kg.store import KnowledgeStore
from kg.vocab import PK, sparql_prefixes

LINKS_GRAPH = URIRef("https://policy-kg.org/graph/links")
MIN_SIMILARITY = 0.35

DOCUMENT_TITLES = sparql_prefixes() + """SELECT ?doc ?title WHERE {
  GRAPH ?doc { ?doc a pk:PolicyDocument ; dcterms:title ?title }
}"""

CITATIONS = sparql_prefixes() + """SELECT ?doc ?cited ?title WHERE {
  GRAPH ?doc { ?doc a pk:PolicyDocument ; pk:basedOn ?cited . OPTIONAL { ?cited dcterms:title ?title } }
}"""

TASK_TEXTS = sparql_prefixes() + """SELECT ?doc ?task ?text ?title WHERE {
  GRAPH ?doc { ?task a pk:Task ; dcterms:isPartOf ?doc ; pk:text ?text . OPTIONAL { ?task pk:itemTitle ?title } }
}"""


def refresh_links(store: KnowledgeStore) -> int:
    """Rebuild the links graph; returns how many links it holds."""
    graph = Graph()
    basis = _basis(store)
    for doc, cited in basis:
        graph.add((doc, PK.basedOn, cited))
    for task, carried in _carried_down(store, basis):
        graph.add((task, PK.carriesDown, carried))
    store.replace_document(LINKS_GRAPH, graph)
    return len(graph)


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


def _carried_down(store: KnowledgeStore, basis: list[tuple[URIRef, URIRef]]) -> list[tuple[URIRef, URIRef]]:
    """Each task of a document, paired with the most alike task of each document it is based on."""
    tasks = defaultdict(list)
    for row in store.query(TASK_TEXTS):
        tasks[URIRef(row.doc)].append((URIRef(row.task), _bigrams(f"{row.title or ''}{row.text}")))
    links = []
    for doc, cited in basis:
        for task, grams in tasks.get(doc, []):
            best = max(((dice(grams, other), upper) for upper, other in tasks.get(cited, [])), default=None)
            if best and best[0] >= MIN_SIMILARITY:
                links.append((task, best[1]))
    return links


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s\d，。；、：“”（）]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: set[str], b: set[str]) -> float:
    """Dice coefficient of two bigram sets."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
