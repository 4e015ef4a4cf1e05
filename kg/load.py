"""Files into the store: ingest, validate, replace the document's graph; and removal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ingest.read import MAX_BYTES, ReadError, check_size
from ingest.records import Document
from ingest.worker import Item, ingest_items
from kg.bulk import BatchWriter
from kg.store import MAX_WRITE_TRIPLES, KnowledgeStore, utf8_ntriples
from kg.triples import document_graph, document_triples
from kg.validate import validate
from kg.vocab import doc_iri


@dataclass
class Outcome:
    """What became of one file: a summary of what was found, or why it was refused."""

    path: str
    summary: dict = field(default_factory=dict)
    error: str = ""


def load_files(
    store: KnowledgeStore, paths: list[Path], max_bytes: int = MAX_BYTES, workers: int = 2, on_page=None
) -> Iterator[Outcome]:
    """Ingest files (a .zip's members each as a file) into the store, read side by side in workers;
    an outcome per document as it is stored, or per file refused. Never raises for bad input.
    Workers also build and validate each graph (prepare); new documents are written in batches."""
    items, refused = items_of(paths, max_bytes)
    yield from refused
    writer = BatchWriter(store)
    for result in ingest_items(items, workers=workers, max_bytes=max_bytes, on_page=on_page, finish=prepare):
        where = result.item.path or result.item.name
        if result.error or result.document.problem:
            yield Outcome(where, error=result.error or result.document.problem)
        else:
            yield from writer.write(result.document.iri, result.document.ntriples, Outcome(where, result.document.summary))
    yield from writer.flush()


@dataclass
class Prepared:
    """A document made ready to store: its graph's IRI and N-Triples (UTF-8) and its summary, or why it is refused."""

    iri: str
    ntriples: bytes = b""
    summary: dict = field(default_factory=dict)
    problem: str = ""


def prepare(document: Document) -> Prepared:
    """Build, validate and write out a document's graph: run in the reading workers, side by side,
    and sent back as UTF-8 N-Triples, which cross the pipe faster than a Document or a Graph and
    take half the memory of a str holding Chinese."""
    triples = document_triples(document)
    iri = str(doc_iri(document.key))
    if len(triples) > MAX_WRITE_TRIPLES:
        return Prepared(iri, problem=f"too much in one document: {len(triples):,} facts, more than the "
                                     f"{MAX_WRITE_TRIPLES:,} one document may hold (split it)")
    problems = validate(triples)
    if problems:
        return Prepared(iri, problem=f"does not conform to the shapes: {problems[0]}")
    return Prepared(iri, utf8_ntriples(triples), summary(document))


def items_of(paths: list[Path], max_bytes: int) -> tuple[list[Item], list[Outcome]]:
    """Files as they are, archives opened into their members; an archive that cannot be opened is refused."""
    from ingest.formats.archive import members

    items, refused = [], []
    for path in paths:
        if Path(path).suffix.lower() != ".zip":
            items.append(Item(Path(path).name, path=str(path)))
            continue
        try:
            check_size(Path(path), max_bytes)
            items.extend(Item(name, path=f"{path}!{name}", raw=raw) for name, raw in members(Path(path).read_bytes()))
        except (ReadError, OSError) as err:
            refused.append(Outcome(str(path), error=str(err)))
    return items, refused


def load_document(store: KnowledgeStore, document: Document, path: str = "") -> Outcome:
    """Validate a document's graph against the shapes and store it in one step."""
    graph, problem = conforming_graph(document)
    if problem:
        return Outcome(path, error=problem)
    store.replace_document(doc_iri(document.key), graph)
    return Outcome(path, summary=summary(document))


def conforming_graph(document: Document) -> tuple[Graph, str]:
    """A document's graph, and why it does not conform to the shapes ('' when it does)."""
    graph = document_graph(document)
    problems = validate(graph)
    return graph, f"does not conform to the shapes: {problems[0]}" if problems else ""


def summary(document: Document) -> dict:
    """The one-line account `kg ingest` prints for a document."""
    meta = document.metadata
    return {
        "file": document.source_file,
        "key": document.key,
        "title": meta.title,
        "level": meta.level,
        "region": meta.region,
        "tasks": len(document.tasks),
        "targets": len(document.targets),
        "terms": len(document.terms),
        "groups": len(document.groups),
    }


def remove_document(store: KnowledgeStore, name: str) -> str | None:
    """Remove a document named by its key (文号, or title|issuer|date) or its IRI; its IRI, or None
    when the store holds no such document."""
    for iri, _title, key in store.documents():
        if name in (iri, key):
            return iri if store.remove_document(iri) else None
    iri = str(doc_iri(name))
    return iri if store.remove_document(iri) else None
