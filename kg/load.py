"""Files into the store: ingest, validate, replace the document's graph; and removal."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.pipeline import ingest_file
from ingest.read import ReadError
from ingest.records import Document
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


def load_file(store: KnowledgeStore, path: str | Path, max_bytes: int) -> Outcome:
    """Ingest one file into the store, replacing its earlier version; never raises for bad input."""
    try:
        document = ingest_file(path, max_bytes)
    except ReadError as err:
        return Outcome(str(path), error=str(err))
    except Exception as err:  # a parser bug must not stop the batch; say which file and why
        return Outcome(str(path), error=f"could not be parsed ({type(err).__name__}: {err})")
    return load_document(store, document, str(path))


def load_document(store: KnowledgeStore, document: Document, path: str = "") -> Outcome:
    """Validate a document's graph against the shapes and store it in one step."""
    graph = document_graph(document)
    problems = validate(graph)
    if problems:
        return Outcome(path, error=f"does not conform to the shapes: {problems[0]}")
    store.replace_document(doc_iri(document.key), graph)
    return Outcome(path, summary=summary(document))


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
