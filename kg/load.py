"""Files into the store: ingest, validate, replace the document's graph; and removal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ingest.read import MAX_BYTES, ReadError, check_size
from ingest.records import Document
from ingest.worker import Item, ingest_items
from kg.store import KnowledgeStore
from kg.triples import document_graph
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
    an outcome per document as it is stored, or per file refused. Never raises for bad input."""
    items, refused = items_of(paths, max_bytes)
    yield from refused
    for result in ingest_items(items, workers=workers, max_bytes=max_bytes, on_page=on_page):
        where = result.item.path or result.item.name
        if result.error:
            yield Outcome(where, error=result.error)
        else:
            yield load_document(store, result.document, where)


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


def remove_document(store: KnowledgeStore, name: str) -> bool:
    """Remove a document named by its key (文号, or title|issuer|date) or its IRI."""
    for iri, _title, key in store.documents():
        if name in (iri, key):
            return store.remove_document(iri)
    return store.remove_document(str(doc_iri(name)))
