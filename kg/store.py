"""Where the graph lives: store backends chosen by one spec string, behind one small contract.

Specs (open_store):
    oxigraph:PATH          embedded, persistent Oxigraph (via oxrdflib) in the directory PATH
    PATH                   the same (a bare filesystem path)
    memory                 embedded, in-memory Oxigraph: gone when closed
    sparql:QUERY_URL       a SPARQL 1.1 server; updates go to QUERY_URL with a trailing
                           /query replaced by /update (Oxigraph server, Fuseki), else to
                           QUERY_URL itself (Virtuoso, QLever)
    sparql:QUERY_URL|UPDATE_URL   a server whose update endpoint is elsewhere (GraphDB's /statements)
    http(s)://…            the same as sparql:http(s)://…

Each document lives in one named graph whose IRI is the document's IRI (kg.vocab.doc_iri);
the ontology lives in the named graph https://policy-kg.org/ontology. Nothing is written
to the default graph. Queries see the union of all graphs as their default graph on the
embedded store; start a server with its union-default-graph option (`oxigraph serve
--union-default-graph`, Fuseki's tdb2:unionDefaultGraph) to get the same there (Virtuoso's
default graph is the union already). The named queries in kg/queries.py use GRAPH explicitly
and work either way. tests/test_kg_store.py runs against the Oxigraph server,
tests/test_virtuoso.py against Virtuoso.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result

from kg import queries
from kg.vocab import ONTOLOGY_GRAPH, PREFIXES, ontology

EXPORT_FORMATS = {"trig": "trig", "nquads": "nquads", "json-ld": "json-ld"}


DEFAULT_STORE = "oxigraph:data/store"  # where `kg` and `kg serve` keep the graph unless told otherwise

class StoreError(ValueError):
    """A store spec that names no usable store."""


class KnowledgeStore:
    """The store contract. Backends implement query, update and close; the rest is built on them."""

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query; returns rdflib's Result (rows for SELECT, bool for ASK, a graph for CONSTRUCT)."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction: all of it is applied or none."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the store (the embedded one's lock on its directory)."""
        raise NotImplementedError

    def replace_document(self, doc_iri: str, graph: Graph) -> None:
        """Make the named graph doc_iri hold exactly graph's triples, in one update.

        A single `DROP SILENT GRAPH; INSERT DATA` request is one transaction on Oxigraph
        (embedded or server) and on SPARQL servers generally, so an ingest interrupted or
        failing here leaves the document as it was before.
        """
        self.update(replace_graph_update(URIRef(doc_iri), graph))

    def remove_document(self, doc_iri: str) -> bool:
        """Drop a document's named graph; returns whether it held anything."""
        name = URIRef(doc_iri).n3()
        existed = bool(self.query(f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}"))
        self.update(f"DROP SILENT GRAPH {name}")
        return existed

    def documents(self) -> list[tuple[str, str, str]]:
        """(IRI, title, key) of every stored document, by title."""
        return [(str(row.doc), str(row.title), str(row.key or "")) for row in self.query(queries.DOCUMENTS)]

    def load_ontology(self) -> None:
        """Put ontologies/policy.ttl into its own named graph, replacing an older copy."""
        self.replace_document(ONTOLOGY_GRAPH, ontology())

    def export(self, format: str = "trig") -> bytes:
        """Every named graph serialized as trig, nquads or json-ld (UTF-8)."""
        if format not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace)
        for graph, subject, predicate, value in self.query(queries.ALL_QUADS):
            dataset.add((subject, predicate, value, graph))
        return dataset.serialize(format=EXPORT_FORMATS[format], encoding="utf-8")

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class EmbeddedStore(KnowledgeStore):
    """Oxigraph in this process through oxrdflib: persistent in a directory, or in memory."""

    def __init__(self, path: str | None = None, dataset: Dataset | None = None):
        self.path = path
        self._dataset = dataset or Dataset(store="Oxigraph", default_union=True)
        if path and dataset is None:
            self._dataset.open(path)

    def snapshot(self, target: Path) -> None:
        """A consistent read-only copy of the store in a new folder (a checkpoint: hard links, cheap)."""
        self._dataset.store._inner.backup(str(target))  # oxrdflib exposes the pyoxigraph Store as _inner

    def query(self, sparql: str) -> Result:
        return self._dataset.query(sparql)

    def update(self, sparql: str) -> None:
        # Straight to the store: oxrdflib runs updates only against the real default graph,
        # and a union-default Dataset would hand it "__UNION__" instead.
        self._dataset.store.update(sparql, initNs={}, initBindings={}, queryGraph=DATASET_DEFAULT_GRAPH_ID)

    def close(self) -> None:
        with suppress(AttributeError):  # closing twice: oxrdflib has already let go of the store
            self._dataset.close()


class SparqlStore(KnowledgeStore):
    """A SPARQL 1.1 server through rdflib's SPARQLUpdateStore: queries POSTed as a form (Virtuoso 7
    never answers a query POSTed as application/sparql-query), updates as application/sparql-update."""

    def __init__(self, query_url: str, update_url: str):
        self.query_url, self.update_url = query_url, update_url
        self._store = SPARQLUpdateStore(query_url, update_url, method="POST_FORM", returnFormat="json")

    def query(self, sparql: str) -> Result:
        return self._store.query(sparql)

    def update(self, sparql: str) -> None:
        self._store.update(sparql)

    def close(self) -> None:
        self._store.close()


def replace_graph_update(name: URIRef, graph: Graph) -> str:
    """The one SPARQL update that swaps a named graph's content for graph's triples."""
    [(_, text)], long_texts = long_texts_apart([(str(name), graph.serialize(format="nt11"))])
    inserts = [f"INSERT DATA {{ GRAPH {name.n3()} {{\n{text}}} }}"] if text.strip() else []  # Virtuoso refuses GRAPH <g> {}
    return " ;\n".join([f"DROP SILENT GRAPH {name.n3()}", *inserts, *long_texts])


TEXT_PIECE = 4096  # characters; a longer plain string is sent in pieces (long_texts_apart)
LONG_TEXT = re.compile(rf'^(<[^>]*>) (<[^>]*>) "(.{{{TEXT_PIECE},}})" \.$', re.M)  # an N-Triples line
PIECE = re.compile(rf"(?:\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}}|\\.|[^\\]){{1,{TEXT_PIECE}}}")  # escapes kept whole


def long_texts_apart(graphs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[str]]:
    """The graphs (IRI, N-Triples) without their long plain strings, and the update that adds
    those back, each built by CONCAT from short strings (none when there are none).

    pk:sourceText holds a whole document. Virtuoso's SPARQL parser takes time quadratic in one
    string's length (4 s for 400,000 characters, 12 s for a million); in pieces it is linear,
    and every SPARQL server reads the update alike.
    """
    template, binds, short = [], [], []
    for iri, text in graphs:
        found = LONG_TEXT.findall(text)
        short.append((iri, LONG_TEXT.sub("", text) if found else text))
        lines = []
        for subject, predicate, escaped in found:
            lines.append(f"{subject} {predicate} ?text{len(binds)} .")
            binds.append(f"BIND({_concat(escaped)} AS ?text{len(binds)})")
        if lines:
            template.append(f"GRAPH {URIRef(iri).n3()} {{ {' '.join(lines)} }}")
    if not binds:
        return graphs, []
    return short, [f"INSERT {{ {' '.join(template)} }} WHERE {{ {' '.join(binds)} }}"]


def _concat(escaped: str) -> str:
    """CONCAT of the pieces of an escaped string, none longer than TEXT_PIECE, no escape cut in two."""
    pieces = ", ".join(f'"{piece}"' for piece in PIECE.findall(escaped))
    return f"CONCAT({pieces})"


def _embedded(path: str) -> KnowledgeStore:
    if not path:
        raise StoreError("oxigraph: needs a directory, e.g. oxigraph:data/kg (or use 'memory')")
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)  # Oxigraph creates only the last level
    except OSError as err:
        raise StoreError(f"cannot create the store's folder {path}: {err.strerror or err}") from err
    try:
        return EmbeddedStore(path)
    except OSError as err:
        if "lock" in str(err).lower():
            raise StoreError(f"the store {path} is in use by another process (a running `kg serve`?): "
                             "`kg ingest`, `kg remove` and `kg ask` go through a running service by themselves; "
                             "for the rest, use its API or SPARQL endpoint, or stop it") from err
        raise StoreError(f"cannot open the store {path}: {err}") from err


def read_only_store(path: str) -> EmbeddedStore:
    """A snapshot made by EmbeddedStore.snapshot, opened for queries (never while anyone writes it)."""
    import pyoxigraph
    from oxrdflib import OxigraphStore

    return EmbeddedStore(dataset=Dataset(store=OxigraphStore(store=pyoxigraph.Store.read_only(path)), default_union=True))


def _memory(rest: str) -> KnowledgeStore:
    return EmbeddedStore()


def _remote(urls: str) -> KnowledgeStore:
    query_url, _, update_url = urls.partition("|")
    if not update_url:
        update_url = query_url[: -len("/query")] + "/update" if query_url.endswith("/query") else query_url
    return SparqlStore(query_url, update_url)


BACKENDS: dict[str, Callable[[str], KnowledgeStore]] = {
    "oxigraph": _embedded,
    "memory": _memory,
    "sparql": _remote,
}


def open_store(spec: str) -> KnowledgeStore:
    """The store a spec string names (see the module docstring); a bare path means oxigraph:PATH."""
    if spec.startswith(("http://", "https://")):
        return _remote(spec)
    scheme, _, rest = spec.partition(":")
    if scheme in BACKENDS:
        return BACKENDS[scheme](rest)
    return _embedded(spec)
