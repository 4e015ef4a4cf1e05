"""Document graphs into the store a batch at a time: a first load of many documents costs few writes.

A graph the store does not hold yet waits in a batch written by KnowledgeStore.add_documents
(Oxigraph's bulk loader, or one INSERT DATA of several graphs); a graph it holds already, or one
waiting in the batch, is replaced on its own by replace_document, as a re-ingest always was.
"""

from __future__ import annotations

from typing import Any

from kg.store import KnowledgeStore

BATCH_BYTES = 48 * 1024**2  # N-Triples gathered before a write: about 20 plans, or one 1 MB document


class BatchWriter:
    """Writes graphs as they come and says which are stored: write() and flush() return the tags
    of the graphs now in the store, so each document is reported once it is really there."""

    def __init__(self, store: KnowledgeStore, batch_bytes: int = BATCH_BYTES):
        self.store, self.batch_bytes = store, batch_bytes
        self.pending: dict[str, tuple[bytes, Any]] = {}  # IRI -> (N-Triples, tag)
        self.size = 0

    def write(self, iri: str, ntriples: bytes, tag: Any) -> list:
        """Store one document's graph (N-Triples, UTF-8) now or with the next batch."""
        if iri in self.pending or self.store.holds(iri):
            done = self.flush()
            self.store.replace_document(iri, ntriples)
            return [*done, tag]
        self.pending[iri] = (ntriples, tag)
        self.size += len(ntriples)
        return self.flush() if self.size >= self.batch_bytes else []

    def flush(self) -> list:
        """Write the graphs waiting in the batch."""
        if not self.pending:
            return []
        self.store.add_documents([(iri, text) for iri, (text, _) in self.pending.items()])
        done = [tag for _, tag in self.pending.values()]
        self.pending, self.size = {}, 0
        return done
