"""Links between documents, derived after every change: the basis documents a document cites by
title, and the lineage of plans and their tasks (kg/plans.py, kg/lineage.py).

Basis links live in one named graph (LINKS_GRAPH); a plan's lineage in a graph of its own
(lineage_graph(plan)): the plans it carries out, each of its tasks' parent task with the link's
confidence and evidence, the targets for the same indicator, its tasks with no parent, and its
nearest parent plan's tasks it has no counterpart for. Told which documents changed, only the
links those changes can touch are remade (the changed documents', those citing them, and the
plans whose parent or child plans changed), in either order of arrival, so re-ingesting or
removing a document never leaves a stale link behind, and the cost follows the change, not the
corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg.lineage import Link, PlanTarget, PlanTask, match, same_indicator
from kg.plans import Plan, parent_plans
from kg.store import KnowledgeStore, ntriples
from kg.triples import decimal
from kg.vocab import PK, doc_slug, sparql_prefixes

LINKS_GRAPH = URIRef("https://policy-kg.org/graph/links")
LINEAGE_GRAPHS = "https://policy-kg.org/graph/lineage/"

DOCUMENT_TITLES = sparql_prefixes() + """SELECT ?doc ?title WHERE {
  GRAPH ?doc { ?doc a pk:PolicyDocument ; dcterms:title ?title }
}"""

CITATIONS = sparql_prefixes() + """SELECT ?doc ?cited ?title WHERE {
  GRAPH ?doc { ?doc a pk:PolicyDocument ; pk:basedOn ?cited . OPTIONAL { ?cited dcterms:title ?title } }
}"""

LINKED = sparql_prefixes() + f"SELECT ?doc ?cited WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?doc pk:basedOn ?cited }} }}"

PLANS = sparql_prefixes() + """SELECT ?doc ?title ?region ?level WHERE {
  GRAPH ?doc { ?doc a pk:PolicyDocument ; dcterms:title ?title .
    OPTIONAL { ?doc pk:region ?r . ?r skos:prefLabel ?region . OPTIONAL { ?r pk:adminLevel ?level } } }
  FILTER EXISTS { GRAPH ?doc { ?task a pk:Task } }
}"""

# Each document states its own region's place (read inside its graph: the union of every graph would
# join a province's triples, stated by thousands of documents, with each other).
REGIONS_WITHIN = sparql_prefixes() + """SELECT DISTINCT ?place ?above WHERE {
  GRAPH ?doc { ?doc pk:region ?p . ?p skos:prefLabel ?place ; dcterms:isPartOf ?q . ?q skos:prefLabel ?above } }"""

PLAN_LINKS = sparql_prefixes() + "SELECT ?child ?parent WHERE { GRAPH ?g { ?child pk:implementsPlan ?parent } }"


def refresh_links(store: KnowledgeStore, changed: Iterable[str] | None = None) -> int:
    """Remake every link, or only those documents changed (added, replaced or removed) can touch;
    returns how many triples were written."""
    changed = None if changed is None else list(changed)
    basis = _basis(store)
    return _refresh_basis(store, basis, changed) + _refresh_lineage(store, basis, changed)


def lineage_graph(plan: str) -> URIRef:
    """The named graph holding a plan's lineage."""
    return URIRef(LINEAGE_GRAPHS + doc_slug(plan))


# ------------------------------------------------------------------ basis


def _refresh_basis(store: KnowledgeStore, basis: list[tuple[URIRef, URIRef]], changed: list[str] | None) -> int:
    if changed is None:
        graph = _basis_graph(basis)
        store.replace_document(LINKS_GRAPH, graph)
        return len(graph)
    linked = [(URIRef(row.doc), URIRef(row.cited)) for row in store.query(LINKED)]
    docs = _affected({URIRef(iri) for iri in changed}, set(basis), set(linked))
    if not docs:
        return 0
    graph = _basis_graph([(doc, cited) for doc, cited in basis if doc in docs])
    store.update(_relink_update(docs, graph))
    return len(graph)


def _affected(changed: set[URIRef], basis: set[tuple], linked: set[tuple]) -> set[URIRef]:
    """The documents whose links may differ: the changed ones, those citing one of them (now or when
    the links were last made), and any whose basis is no longer what the links graph says."""
    return changed | {doc for doc, cited in basis ^ linked} | {doc for doc, cited in basis | linked if cited in changed}


def _basis_graph(basis: list[tuple[URIRef, URIRef]]) -> Graph:
    graph = Graph()
    for doc, cited in basis:
        graph.add((doc, PK.basedOn, cited))
    return graph


def _relink_update(docs: set[URIRef], graph: Graph) -> str:
    """One update (one transaction): the basis links of docs out, graph's links in."""
    iris = " ".join(doc.n3() for doc in sorted(docs))
    name = LINKS_GRAPH.n3()
    inserts = [f"INSERT DATA {{ GRAPH {name} {{\n{ntriples(graph)}}} }}"] if len(graph) else []  # Virtuoso refuses {}
    return sparql_prefixes() + " ;\n".join([
        f"DELETE {{ GRAPH {name} {{ ?doc pk:basedOn ?cited }} }} WHERE {{ VALUES ?doc {{ {iris} }} "
        f"GRAPH {name} {{ ?doc pk:basedOn ?cited }} }}",
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


# ------------------------------------------------------------------ lineage


def _refresh_lineage(store: KnowledgeStore, basis: list[tuple[URIRef, URIRef]], changed: list[str] | None) -> int:
    """Remake the lineage graph of every plan whose own tasks, parent plans or parents' tasks changed."""
    plans = _plans(store)
    cited = {(str(doc), str(cited)) for doc, cited in basis}
    parents = parent_plans(list(plans.values()), cited)
    before = defaultdict(set)
    for row in store.query(PLAN_LINKS):
        before[str(row.child)].add(str(row.parent))
    touched = None if changed is None else {str(iri) for iri in changed}
    children = {child for child in set(parents) | set(before) if touched is None or child in touched
                or set(parents.get(child, ())) != before.get(child, set())
                or (set(parents.get(child, ())) | before.get(child, set())) & touched}
    tasks = _TaskCache(store)
    written = 0
    for child in sorted(children):
        graph = _lineage(child, parents.get(child, []), plans, tasks)
        store.replace_document(lineage_graph(child), graph)
        written += len(graph)
    return written


def _lineage(child: str, parents: list[str], plans: dict[str, Plan], tasks: _TaskCache) -> Graph:
    """One plan's lineage: see the module's docstring."""
    graph = Graph()
    if child not in plans:
        return graph
    regions = tuple({plans[p].region for p in [child, *parents]} - {""})
    remaining = tasks.of(child, keep=False)
    for parent in parents:
        graph.add((URIRef(child), PK.implementsPlan, URIRef(parent)))
        links = match(remaining, tasks.of(parent), regions)
        for link in links.values():
            _add_link(graph, link, parent)
        if parent == parents[0]:
            linked = {link.parent.iri for link in links.values()}
            for task in tasks.of(parent):
                if task.iri not in linked:
                    graph.add((URIRef(task.iri), PK.noCounterpartIn, URIRef(child)))
        remaining = [task for task in remaining if task.iri not in links]
    for task in remaining:
        for parent in parents:
            graph.add((URIRef(task.iri), PK.noParentIn, URIRef(parent)))
    return graph


def _add_link(graph: Graph, link: Link, plan: str) -> None:
    """The link as a plain triple (for queries) and as a qualified influence (PROV-O) with its
    confidence and evidence; the targets for the same indicator linked as well."""
    child, parent = URIRef(link.child.iri), URIRef(link.parent.iri)
    node = URIRef(f"{child}/implements")
    graph.add((child, PK.implements, parent))
    graph.add((child, PROV.qualifiedInfluence, node))
    graph.add((node, RDF.type, PK.Implementation))
    graph.add((node, PROV.influencer, parent))
    graph.add((node, PK.confidence, decimal(link.confidence)))
    graph.add((node, PK.evidence, Literal(link.evidence, lang="zh")))
    graph.add((node, PK.inPlan, URIRef(plan)))
    for low, high in same_indicator(link.child, link.parent):
        graph.add((URIRef(low.iri), PK.implementsTarget, URIRef(high.iri)))


def _plans(store: KnowledgeStore) -> dict[str, Plan]:
    """Every document holding tasks, with its region and the regions that region lies within."""
    above = {str(row.place): str(row.above) for row in store.query(REGIONS_WITHIN)}
    plans = {}
    for row in store.query(PLANS):
        region = str(row.region or "")
        within, at = [], region
        while (at := above.get(at)) and at not in within and at != region:
            within.append(at)
        plans[str(row.doc)] = Plan(str(row.doc), str(row.title), region, str(row.level or ""), tuple(within))
    return plans


class _TaskCache:
    """The tasks of plans, with one query by its named graph; a parent plan's are kept for the
    refresh (many children compare with them), a child's are read when it is linked and let go."""

    def __init__(self, store: KnowledgeStore):
        self.store = store
        self.read: dict[str, list[PlanTask]] = {}

    def of(self, plan: str, keep: bool = True) -> list[PlanTask]:
        if plan in self.read:
            return self.read[plan]
        tasks = self._read(URIRef(plan))
        if keep:
            self.read[plan] = tasks
        return tasks

    def _read(self, plan: URIRef) -> list[PlanTask]:
        tasks: dict[str, PlanTask] = {}
        for row in self.store.query(sparql_prefixes() + f"""SELECT ?task ?text ?title ?path ?lead WHERE {{
          GRAPH {plan.n3()} {{ ?task a pk:Task ; pk:number ?n ; pk:text ?text . OPTIONAL {{ ?task pk:itemTitle ?title }}
            OPTIONAL {{ ?task pk:sectionPath ?path }} OPTIONAL {{ ?task pk:leadBody ?b . ?b skos:prefLabel ?lead }} }}
        }} ORDER BY ?n"""):
            task = tasks.setdefault(str(row.task), PlanTask(str(row.task), str(row.text), str(row.path or ""),
                                                             str(row.title or "")))
            if row.lead is not None and str(row.lead) not in task.leads:
                task.leads += (str(row.lead),)
        for row in self.store.query(sparql_prefixes() + f"""SELECT ?task ?target ?metric ?value ?unit WHERE {{
          GRAPH {plan.n3()} {{ ?task a pk:Task ; pk:hasTarget ?target . ?target pk:metric ?metric ; schema:value ?value .
            OPTIONAL {{ ?target schema:unitText ?unit }} }} }}"""):
            if task := tasks.get(str(row.task)):
                task.targets.append(PlanTarget(str(row.target), str(row.metric), float(row.value), str(row.unit or "")))
        return list(tasks.values())
