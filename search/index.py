"""Hybrid retrieval over the corpus's passages: BM25 and embeddings, fused by reciprocal rank.

The passages, the lexical index and the vectors are kept on disk beside the store and
follow it document by document (each document's hash and storage time tell what changed),
so a restart costs a load and a change costs the changed documents.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from kg.store import KnowledgeStore
from kg.vocab import sparql_prefixes
from search.cache import EmbeddingCache
from search.embed import Embedder
from search.lexical import LexicalIndex
from search.passage_store import PassageStore
from search.passages import Passage, load_corpus
from search.vectors import VectorIndex

log = logging.getLogger(__name__)

INDEX_FORMAT = 7  # bump when the saved passages or indexes change shape, so old ones are rebuilt
RRF_K = 60
CANDIDATES = 200
# e5 cosines crowd together (an unrelated passage of the genre scores ≈ 0.82–0.88, the right
# one ≈ 0.87–0.90), so they only count above a floor, and only alongside the shared words.
DENSE_FLOOR, DENSE_SPAN = 0.84, 0.06
SCOPES = 256  # (kinds, regions) filters whose passage numbers are kept: a few dozen occur
BATCH = 64  # documents read, embedded and applied together when following the store
QUERY_VECTORS = 4096  # recent query embeddings kept (1.5 kB each): readers and staff repeat queries

WORD_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")

# a document's hash and the time it was stored: re-ingesting the same file with new
# extraction code is a new state too
FINGERPRINT = sparql_prefixes() + """SELECT ?doc ?hash ?at WHERE {
  GRAPH ?doc { ?doc a pk:PolicyDocument . OPTIONAL { ?doc pk:sha256 ?hash } OPTIONAL { ?doc prov:generatedAtTime ?at } }
} ORDER BY ?doc"""


@dataclass
class Hit:
    """A retrieved passage: its fused rank score and how much of the query it covers (0–1)."""

    passage: Passage
    score: float
    relevance: float = 0.0


def stamps(store: KnowledgeStore) -> dict[str, str]:
    """Each stored document's stamp: its hash and when it was stored (re-ingesting the same
    file with new extraction code makes a new stamp too)."""
    return {str(row.doc): f"{row.hash or ''} {row.at or ''}" for row in store.query(FINGERPRINT)}


def fingerprint(store: KnowledgeStore) -> str:
    """Changes whenever a document is added, replaced or removed."""
    return _digest(stamps(store))


def _digest(stamped: dict[str, str]) -> str:
    rows = "\n".join(f"{doc} {stamp}" for doc, stamp in sorted(stamped.items()))
    return hashlib.sha1(rows.encode("utf-8")).hexdigest()


class SearchIndex:
    """The indexed documents' passages (on disk), a lexical index and, with an embedder, a vector index.

    follow() brings it to the store's state one document at a time: a removed or replaced
    document's entries are dropped and a new version's added, so the cost of a change is
    the changed documents', whatever the corpus holds. Questions are answered meanwhile:
    every change is applied under the passages' lock, after its reading and embedding.
    """

    def __init__(self, folder: Path | None, embedder: Embedder | None):
        self.folder, self.embedder = folder, embedder
        self.passages = PassageStore(folder / "passages.sqlite" if folder else None)
        self.cache = EmbeddingCache(folder / "embeddings", embedder.name) if folder and embedder else None
        self.lexical = LexicalIndex(folder / "lexical" if folder else None)
        self.vectors = VectorIndex(embedder.dim) if embedder is not None else None
        for numbers, matrix in self.passages.vectors() if embedder is not None else ():
            self.vectors.add(numbers, matrix)
        self.query_vector = lru_cache(maxsize=QUERY_VECTORS)(self._embed_query)
        self._in_scope = lru_cache(maxsize=SCOPES)(self._numbers_in_scope)
        self._relex(self.passages.unfinished())

    @property
    def corpus(self) -> PassageStore:
        """What the readers read: the passages with their documents."""
        return self.passages

    @property
    def stamp(self) -> str:
        """The fingerprint of the store state the index holds."""
        return _digest(self.passages.stamps())

    @property
    def complete(self) -> bool:
        """Whether it has followed a store to the end at least once (else it holds part of one)."""
        return self.passages.meta("followed") == "yes"

    @classmethod
    def open(cls, folder: Path | None, embedder: Embedder | None) -> SearchIndex:
        """The index saved in folder; one made with another embedder, format or tokenizer is
        dropped and started afresh (its vectors or tokens would not match the questions')."""
        made_by = {"embedder": embedder.name if embedder else "", "format": str(INDEX_FORMAT)}
        if folder is not None and (folder / "passages.sqlite").exists():
            try:
                index = cls(folder, embedder)
                if all(index.passages.meta(key) == value for key, value in made_by.items()):
                    return index
                log.warning("the index in %s was made by embedder %r (format %s); it is rebuilt for %r: every "
                            "passage of the %d documents it holds is read and embedded again", folder,
                            index.passages.meta("embedder"), index.passages.meta("format"), made_by["embedder"],
                            len(index.passages.documents))
                index.close()
            except (ValueError, sqlite3.DatabaseError, OSError):
                pass
        if folder is not None:
            _clear(folder)
        index = cls(folder, embedder)
        for key, value in made_by.items():
            index.passages.set_meta(key, value)
        return index

    def follow(self, store: KnowledgeStore, batch: int = BATCH) -> int:
        """Apply the store's changes since the index last followed it; returns how many documents changed."""
        wanted, held = stamps(store), self.passages.stamps()
        gone = [doc for doc in held if doc not in wanted]
        changed = [doc for doc, stamp in wanted.items() if held.get(doc) != stamp]
        self._remove(gone)
        for start in range(0, len(changed), batch):
            self._add(store, changed[start : start + batch], wanted)
        self.passages.set_meta("followed", "yes")
        return len(gone) + len(changed)

    def _add(self, store: KnowledgeStore, docs: list[str], stamp: dict[str, str]) -> None:
        """Read, embed, then store a batch of documents; their earlier versions go in the same step."""
        corpus = load_corpus(store, docs)
        texts = [p.dense_text() for p in corpus.passages]
        matrix = None
        if self.embedder is not None and texts:
            matrix = self.cache.embed_passages(self.embedder, texts) if self.cache else self.embedder.embed_passages(texts)
        with self.passages.lock:
            self._drop(list(corpus.documents))
            numbers = self.passages.add(stamp, corpus, matrix)
            if matrix is not None:
                self.vectors.add(np.asarray(numbers), matrix)
        self._relex(list(corpus.documents))
        if self.cache is not None:
            self.cache.save()

    def _remove(self, docs: list[str]) -> None:
        if docs:
            for doc in docs:
                self.lexical.remove(doc)
            self.lexical.commit()
            with self.passages.lock:
                self._drop(docs)

    def _drop(self, docs: list[str]) -> None:
        """Forget documents' passages and vectors (under the lock: questions never see half of it)."""
        for doc in docs:
            numbers = self.passages.remove(doc)
            if self.vectors is not None:
                self.vectors.remove(numbers)
        self._in_scope.cache_clear()

    def _relex(self, docs: list[str]) -> None:
        """(Re)write documents' lexical entries from their stored passages, then mark them done: a crash
        before the mark has them rewritten when the index is next opened."""
        if not docs:
            return
        for doc in docs:
            self.lexical.remove(doc)
            for p in self.passages.lexical_rows(doc):
                self.lexical.add(p.number, doc, p.kind, self.passages.region_of(p), p.search_text())
        self.lexical.commit()
        self.passages.mark_lexical(docs)

    def search(self, query: str, kinds: set[str] | None = None, regions: list[str] | None = None, k: int = 20) -> list[Hit]:
        """Passages of these kinds and regions, best first, fused from both indexes."""
        if not query.strip():
            return []
        scope = (frozenset(kinds) if kinds is not None else None, tuple(sorted(regions or ())))
        with self.passages.lock:
            allowed = self._in_scope(*scope)
            if not len(allowed):
                return []
            ranked = [[i for i, _ in self.lexical.search(query, CANDIDATES, *scope)]]
            cosines = {}
            if self.vectors is not None and len(self.vectors):
                dense = self.vectors.search(self.query_vector(query), CANDIDATES, allowed)
                cosines = dict(dense)
                ranked.append([i for i, _ in dense])
            fused: dict[int, float] = {}
            for ranking in ranked:
                for rank, i in enumerate(ranking):
                    fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
            best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
            found = self.passages.get(best)
        return [Hit(p, fused[p.number], self._relevance(query, p, cosines)) for p in found]

    def _numbers_in_scope(self, kinds: frozenset[str] | None, regions: tuple[str, ...]) -> np.ndarray:
        """Numbers of the passages of these kinds and regions; a search filters by them many times."""
        docs = {iri for iri, doc in self.passages.documents.items() if doc.region in regions} if regions else None
        return self.passages.numbers_in(kinds, docs)

    def _embed_query(self, query: str) -> np.ndarray:
        """The query's vector, read-only: it is shared through the cache. Embedding a query is most
        of a question's time, and one question searches the same topic for several readers."""
        vector = self.embedder.embed_queries([query])[0]
        vector.setflags(write=False)
        return vector

    def _relevance(self, query: str, passage: Passage, cosines: dict[int, float]) -> float:
        """How much of the query a passage covers: the words it shares, averaged with the
        embedding's judgement when there is one (a paraphrase shares few words)."""
        lexical = overlap(query, passage.search_text())
        if not cosines:
            return lexical
        dense = min(max((cosines.get(passage.number, 0.0) - DENSE_FLOOR) / DENSE_SPAN, 0.0), 1.0)
        return (lexical + dense) / 2

    def close(self) -> None:
        self.passages.close()


def index_folder(store: str, index: str | None) -> Path:
    """Where the search indexes of a store live unless --index/KG_INDEX says otherwise."""
    if index:
        return Path(index)
    path = store.removeprefix("oxigraph:")
    if store != "memory" and not path.startswith(("http://", "https://", "sparql:")):
        return Path(path + ".search")
    return Path("data/search")


def open_index(store: KnowledgeStore, folder: Path | None, embedder: Embedder | None) -> SearchIndex:
    """The index of the store as it is now: the saved one, brought up to date."""
    index = SearchIndex.open(folder, embedder)
    index.follow(store)
    return index


def _clear(folder: Path) -> None:
    """Empty an index folder of what an older format or another embedder left (the embedding cache stays)."""
    for path in folder.iterdir() if folder.exists() else ():
        if path.name != "embeddings":
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()


def overlap(query: str, text: str) -> float:
    """Share of the query's character bigrams (CJK, letters, digits) found in the text.

    A bigram of the query is one of the text's exactly when it occurs in the text (both
    characters count, so they stand in one run), which spares building the text's set."""
    grams = _bigrams(query)
    if not grams:
        return 0.0
    singles = _singles(text) if any(len(g) == 1 for g in grams) else frozenset()
    return sum(1 for g in grams if (g in text if len(g) == 2 else g in singles)) / len(grams)


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    parts = WORD_RUN.findall(text)
    return frozenset({part[i : i + 2] for part in parts for i in range(len(part) - 1)} | {p for p in parts if len(p) == 1})


def _singles(text: str) -> frozenset[str]:
    """The runs of one character: the text's grams that are no bigram."""
    return frozenset(p for p in WORD_RUN.findall(text) if len(p) == 1)
