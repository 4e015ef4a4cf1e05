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
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result

from kg import queries
from kg.vocab import ONTOLOGY_GRAPH, PREFIXES, ontology

EXPORT_FORMATS = {"trig": "trig", "nquads": "nquads", "json-ld": "json-ld"}


DEFAULT_STORE = "oxigraph:data/store"  # where `kg` and `kg serve` keep the graph unless told otherwise
# add_documents writes at most this much in one request or one bulk load (below Oxigraph's bulk loader
# batch of 1,000,000 quads, which it writes in one atomic step); kg/load.py refuses a larger document.
MAX_WRITE_BYTES = 64 * 1024**2
MAX_WRITE_TRIPLES = 900_000

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

    def replace_document(self, doc_iri: str, graph: Iterable[tuple] | str | bytes) -> None:
        """Make the named graph doc_iri hold exactly graph's triples, in one update. The graph is an
        rdflib Graph, any iterable of triples, or their N-Triples (text, or UTF-8 bytes as ingest
        workers send them).

        A single `DROP SILENT GRAPH; INSERT DATA` request is one transaction on Oxigraph
        (embedded or server) and on SPARQL servers generally, so an ingest interrupted or
        failing here leaves the document as it was before.
        """
        self.update(replace_graph_update(URIRef(doc_iri), graph))

    def add_documents(self, graphs: list[tuple[str, Iterable[tuple] | str | bytes]]) -> None:
        """Store documents the store does not hold yet, many to a write: a first load of a corpus.

        Nothing is removed first, so a document already stored would keep its old triples too:
        callers send only new ones (kg/bulk.py asks holds()) and replace the others. Each write is
        one INSERT DATA of several graphs, bounded by MAX_WRITE_BYTES, and one transaction.
        """
        for batch, _ in write_batches([(iri, ntriples(graph)) for iri, graph in graphs]):
            self.update(insert_data_update(batch))

    def holds(self, doc_iri: str) -> bool:
        """Whether the named graph doc_iri holds anything: one indexed lookup, whatever the store's size."""
        return bool(self.query(f"ASK {{ GRAPH {URIRef(doc_iri).n3()} {{ ?s ?p ?o }} }}"))

    def remove_document(self, doc_iri: str) -> bool:
        """Drop a document's named graph; returns whether it held anything."""
        existed = self.holds(doc_iri)
        self.update(f"DROP SILENT GRAPH {URIRef(doc_iri).n3()}")
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

    def add_documents(self, graphs: list[tuple[str, Iterable[tuple] | str | bytes]]) -> None:
        """Oxigraph's bulk loader: N-Quads written straight into the store's files, about three times
        faster than the same triples through SPARQL updates. A batch under the loader's own batch
        (1,000,000 quads) is written in one atomic step, so a process killed meanwhile leaves each
        document absent or whole; a graph larger than MAX_WRITE_TRIPLES goes in one update instead."""
        import pyoxigraph

        store = self._dataset.store._inner
        for batch, triples in write_batches([(iri, utf8_ntriples(graph)) for iri, graph in graphs]):
            if triples > MAX_WRITE_TRIPLES:
                self.update(insert_data_update([(iri, text.decode()) for iri, text in batch]))
            elif len(batch) == 1:  # a large document alone: its text loaded as it is, not copied into quads
                store.bulk_load(batch[0][1], format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.NamedNode(batch[0][0]))
            else:
                quads = b"".join(_in_graph(text, iri) for iri, text in batch)
                store.bulk_load(quads, format=pyoxigraph.RdfFormat.N_QUADS)

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


def replace_graph_update(name: URIRef, graph: Iterable[tuple] | str) -> str:
    """The one SPARQL update that swaps a named graph's content for graph's triples."""
    [(_, text)], long_texts = long_texts_apart([(str(name), ntriples(graph))])
    inserts = [f"INSERT DATA {{ GRAPH {name.n3()} {{\n{text}}} }}"] if text.strip() else []  # Virtuoso refuses GRAPH <g> {}
    return " ;\n".join([f"DROP SILENT GRAPH {name.n3()}", *inserts, *long_texts])


def insert_data_update(graphs: list[tuple[str, str]]) -> str:
    """One INSERT DATA adding each (IRI, N-Triples text) as a named graph."""
    graphs, long_texts = long_texts_apart(graphs)
    blocks = "".join(f"GRAPH {URIRef(iri).n3()} {{\n{text}}}\n" for iri, text in graphs if text.strip())
    return " ;\n".join([f"INSERT DATA {{\n{blocks}}}", *long_texts])


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


def write_batches(graphs: list[tuple[str, str | bytes]]) -> Iterator[tuple[list[tuple[str, str | bytes]], int]]:
    """(IRI, N-Triples) pairs in runs of at most MAX_WRITE_BYTES and MAX_WRITE_TRIPLES (a larger
    graph alone), each with its number of triples."""
    batch, size, count = [], 0, 0
    for iri, text in graphs:
        lines = text.count(b"\n" if isinstance(text, bytes) else "\n")
        if batch and (size + len(text) > MAX_WRITE_BYTES or count + lines > MAX_WRITE_TRIPLES):
            yield batch, count
            batch, size, count = [], 0, 0
        batch.append((iri, text))
        size, count = size + len(text), count + lines
    if batch:
        yield batch, count


def ntriples(graph: Iterable[tuple] | str | bytes) -> str:
    """N-Triples text of a graph's triples (text is passed through): one line each, as the store loads them."""
    return graph if isinstance(graph, str) else utf8_ntriples(graph).decode()


def utf8_ntriples(graph: Iterable[tuple] | str | bytes) -> bytes:
    """The same as UTF-8 bytes, made a line at a time: half the memory of a str holding Chinese,
    what Oxigraph reads and what ingest workers send."""
    if isinstance(graph, str | bytes):
        return graph if isinstance(graph, bytes) else graph.encode()
    return b"".join(f"{_node(s)} {_node(p)} {_term(o)} .\n".encode() for s, p, o in graph)


IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _term(term) -> str:
    if not isinstance(term, Literal):
        return _node(term)
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'


@lru_cache(maxsize=65536)
def _node(term) -> str:
    """An IRI or blank node as N-Triples writes it (cached: subjects and predicates repeat)."""
    if isinstance(term, BNode):
        return f"_:{term}"
    if IRI_FORBIDDEN.search(term):
        raise ValueError(f"not an IRI N-Triples can carry: {term!r}")
    return f"<{term}>"


def _in_graph(text: bytes, iri: str) -> bytes:
    """N-Triples lines as N-Quads in graph iri (a line ends in " ." and a newline only at its end)."""
    return text.replace(b" .\n", f" <{iri}> .\n".encode())


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
