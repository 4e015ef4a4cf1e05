"""Hybrid retrieval over the corpus's passages: BM25 and embeddings, fused by reciprocal rank.

Both indexes are rebuilt from the store's passages whenever the store changes (its
documents' identities and hashes are the fingerprint), reusing cached embeddings, and are
kept on disk beside the store so a restart costs a load, not a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from kg.store import KnowledgeStore
from kg.vocab import sparql_prefixes
from search.cache import EmbeddingCache
from search.embed import Embedder
from search.lexical import LexicalIndex
from search.passages import Corpus, Passage, load_corpus
from search.vectors import VectorIndex

INDEX_FORMAT = 6  # bump when the saved corpus or indexes change shape, so old ones are rebuilt
RRF_K = 60
CANDIDATES = 200
# e5 cosines crowd together (an unrelated passage of the genre scores ≈ 0.82–0.88, the right
# one ≈ 0.87–0.90), so they only count above a floor, and only alongside the shared words.
DENSE_FLOOR, DENSE_SPAN = 0.84, 0.06
SCOPES = 1024  # (kinds, regions) filters whose passage numbers are kept: a few dozen occur
CURRENT = "current"  # the link to the last complete saved index, in the index folder
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


def fingerprint(store: KnowledgeStore) -> str:
    """Changes whenever a document is added, replaced or removed."""
    rows = "\n".join(f"{row.doc} {row.hash or ''} {row.at or ''}" for row in store.query(FINGERPRINT))
    return hashlib.sha1(rows.encode("utf-8")).hexdigest()


class SearchIndex:
    """The corpus with a lexical index and, when an embedder loaded, a vector index."""

    def __init__(self, corpus: Corpus, lexical: LexicalIndex, vectors: VectorIndex | None, embedder: Embedder | None):
        self.corpus, self.lexical, self.vectors, self.embedder = corpus, lexical, vectors, embedder
        self.stamp = ""  # the fingerprint of the store state it was built from, once saved or loaded
        self.query_vector = lru_cache(maxsize=QUERY_VECTORS)(self._embed_query)
        self._in_scope = lru_cache(maxsize=SCOPES)(self._passages_in_scope)

    @classmethod
    def build(cls, corpus: Corpus, embedder: Embedder | None, cache: EmbeddingCache | None) -> SearchIndex:
        texts = [p.search_text() for p in corpus.passages]
        lexical = LexicalIndex()
        lexical.build(texts)
        vectors = None
        if embedder is not None and texts:
            matrix = cache.embed_passages(embedder, texts) if cache else embedder.embed_passages(texts)
            vectors = VectorIndex(embedder.dim)
            vectors.add(np.asarray(matrix, dtype="float32"))
        return cls(corpus, lexical, vectors, embedder)

    def search(self, query: str, kinds: set[str] | None = None, regions: list[str] | None = None, k: int = 20) -> list[Hit]:
        """Passages of these kinds and regions, best first, fused from both indexes."""
        allowed = self._in_scope(frozenset(kinds) if kinds is not None else None, tuple(regions or ()))
        if not allowed or not query.strip():
            return []
        ranked = [[i for i, _ in self.lexical.search(query, CANDIDATES * 4) if i in allowed][:CANDIDATES]]
        cosines = {}
        if self.vectors is not None:
            query_vector = self.query_vector(query)
            dense = [(i, s) for i, s in self.vectors.search(query_vector, CANDIDATES * 10) if i in allowed]
            cosines = dict(dense[:CANDIDATES])
            ranked.append([i for i, _ in dense[:CANDIDATES]])
        fused: dict[int, float] = {}
        for ranking in ranked:
            for rank, i in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
        best = sorted(fused, key=lambda i: -fused[i])[:k]
        return [Hit(self.corpus.passages[i], fused[i], self._relevance(query, i, cosines)) for i in best]

    def _passages_in_scope(self, kinds: frozenset[str] | None, regions: tuple[str, ...]) -> frozenset[int]:
        """Numbers of the passages of these kinds and regions; a search filters by them many times."""
        corpus = self.corpus
        return frozenset(i for i, p in enumerate(corpus.passages) if _wanted(corpus, p, kinds, regions))

    def _embed_query(self, query: str) -> np.ndarray:
        """The query's vector, read-only: it is shared through the cache. Embedding a query is most
        of a question's time, and one question searches the same topic for several readers."""
        vector = self.embedder.embed_queries([query])[0]
        vector.setflags(write=False)
        return vector

    def _relevance(self, query: str, i: int, cosines: dict[int, float]) -> float:
        """How much of the query a passage covers: the words it shares, averaged with the
        embedding's judgement when there is one (a paraphrase shares few words)."""
        lexical = overlap(query, self.corpus.passages[i].search_text())
        if not cosines:
            return lexical
        dense = min(max((cosines.get(i, 0.0) - DENSE_FLOOR) / DENSE_SPAN, 0.0), 1.0)
        return (lexical + dense) / 2

    def save(self, folder: Path, stamp: str) -> None:
        """Write the index into a new version folder, then point `current` at it in one rename:
        a reader, or a restart after a crash, finds either the old complete index or the new one."""
        versions = folder / "versions"
        versions.mkdir(parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(prefix=f"{stamp[:12]}-", dir=versions))
        self.lexical.save(target / "lexical")
        if self.vectors is not None:
            self.vectors.save(target / "vectors.faiss")
        (target / "corpus.pickle").write_bytes(pickle.dumps(self.corpus))
        meta = {"fingerprint": stamp, "embedder": self.embedder.name if self.embedder else "", "format": INDEX_FORMAT}
        (target / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        link = folder / f".current-{target.name}"
        os.symlink(Path("versions") / target.name, link)
        os.replace(link, folder / CURRENT)
        _prune(versions, keep={target.name})

    @classmethod
    def load(cls, folder: Path, stamp: str | None, embedder: Embedder | None) -> SearchIndex | None:
        """The saved index, or None when it is missing, made with another embedder or format, or
        (unless stamp is None: any last complete index will do) made from another state of the store."""
        try:
            current = folder / CURRENT
            meta = json.loads((current / "meta.json").read_text(encoding="utf-8"))
            if (meta["embedder"], meta.get("format")) != (embedder.name if embedder else "", INDEX_FORMAT):
                return None
            if stamp is not None and meta["fingerprint"] != stamp:
                return None
            corpus = pickle.loads((current / "corpus.pickle").read_bytes())
            vectors = VectorIndex.load(current / "vectors.faiss") if embedder is not None else None
            index = cls(corpus, LexicalIndex.load(current / "lexical"), vectors, embedder)
            index.stamp = meta["fingerprint"]
            return index
        except (OSError, ValueError, KeyError, pickle.UnpicklingError, EOFError):
            return None


def index_folder(store: str, index: str | None) -> Path:
    """Where the search indexes of a store live unless --index/KG_INDEX says otherwise."""
    if index:
        return Path(index)
    path = store.removeprefix("oxigraph:")
    if store != "memory" and not path.startswith(("http://", "https://", "sparql:")):
        return Path(path + ".search")
    return Path("data/search")


def open_index(store: KnowledgeStore, folder: Path, embedder: Embedder | None) -> SearchIndex:
    """The index of the store as it is now: loaded when fresh, else rebuilt and saved."""
    stamp = fingerprint(store)
    index = SearchIndex.load(folder, stamp, embedder)
    if index is None:
        cache = EmbeddingCache(folder / "embeddings", embedder.name) if embedder else None
        index = SearchIndex.build(load_corpus(store), embedder, cache)
        if cache is not None:
            cache.save()
        index.save(folder, stamp)
        index.stamp = stamp
    return index


def _prune(versions: Path, keep: set[str]) -> None:
    """Drop all but the newest older versions (one is kept for a reader still loading it)."""
    older = sorted((p for p in versions.iterdir() if p.name not in keep), key=lambda p: p.stat().st_mtime)
    for path in older[:-1]:
        shutil.rmtree(path, ignore_errors=True)


def _wanted(corpus: Corpus, passage: Passage, kinds: set[str] | None, regions: list[str] | None) -> bool:
    return (kinds is None or passage.kind in kinds) and (not regions or corpus.region_of(passage) in regions)


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
