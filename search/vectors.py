"""Dense retrieval: passage vectors in faiss, searched by inner product (cosine on normalised vectors)."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

FLAT_LIMIT = 50_000  # vectors; at 384 dims one exact search over this many takes a few milliseconds
HNSW_M = 32  # graph neighbours per vector: faiss's usual choice for recall at this dimension
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128  # raised to k when more results are asked for


class VectorIndex:
    """Vectors numbered by insertion order; search returns the nearest by inner product.

    Chosen by size: an exact IndexFlatIP up to flat_limit vectors, where a brute-force
    scan is fast and recall is perfect; past it the index is rebuilt once as an
    IndexHNSWFlat graph (METRIC_INNER_PRODUCT), approximate but sublinear, so a corpus
    that grows past one province stays fast without a change of code. Vectors must be
    L2-normalised (the Embedder contract), which makes inner product the cosine.
    """

    def __init__(self, dim: int, flat_limit: int = FLAT_LIMIT):
        self.dim, self.flat_limit = dim, flat_limit
        self._index: faiss.Index = faiss.IndexFlatIP(dim)

    def __len__(self) -> int:
        return self._index.ntotal

    @property
    def is_approximate(self) -> bool:
        """Whether the index has grown into an HNSW graph."""
        return isinstance(self._index, faiss.IndexHNSWFlat)

    def add(self, vectors: np.ndarray) -> None:
        """Append an (n, dim) matrix; the rows get the next n row numbers."""
        matrix = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if not self.is_approximate and len(self) + len(matrix) > self.flat_limit:
            self._index = _as_hnsw(self._index)
        self._index.add(matrix)

    def search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Up to k (row, inner product) pairs, nearest first."""
        k = min(k, len(self))
        if k <= 0:
            return []
        query = np.ascontiguousarray(query_vector, dtype=np.float32).reshape(1, self.dim)
        params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k)) if self.is_approximate else None
        scores, rows = self._index.search(query, k, params=params)
        return [(row, score) for row, score in zip(rows[0].tolist(), scores[0].tolist(), strict=True) if row >= 0]

    def save(self, path: str | Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: str | Path, flat_limit: int = FLAT_LIMIT) -> VectorIndex:
        stored = faiss.read_index(str(path))
        index = cls(stored.d, flat_limit)
        index._index = stored
        return index


def _as_hnsw(flat: faiss.IndexFlatIP) -> faiss.IndexHNSWFlat:
    """An HNSW graph holding the flat index's vectors in the same order."""
    graph = faiss.IndexHNSWFlat(flat.d, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    if flat.ntotal:
        graph.add(flat.reconstruct_n(0, flat.ntotal))
    return graph
