"""Dense retrieval: passage vectors in faiss by passage number, searched by inner product
(cosine on normalised vectors), within a set of allowed numbers."""

from __future__ import annotations

import os
from contextlib import contextmanager

import faiss
import numpy as np

# Past this many vectors an "auto" index becomes approximate: tests/benchmark_vectors.py times
# exact and IVF searches by size (the README has the table).
FLAT_LIMIT = 100_000
IVF_PROBES = 32  # lists searched per query, of √n: recall@10 of the exact top 10 in the table
TRAINING = 64  # vectors per list the IVF's lists are trained on (a sample: k-means over all is minutes)
KINDS = ("auto", "flat", "ivf")  # KG_VECTOR_INDEX: exact always, approximate always, or by size


class VectorIndex:
    """Vectors by passage number; search returns the nearest among the allowed numbers.

    Exact (IndexFlatIP) up to flat_limit vectors; past it, when the kind is "auto" or "ivf",
    an inverted-file index (IndexIVFFlat, √n lists trained on a sample of the vectors it
    holds) that searches IVF_PROBES lists per query. A search runs on one thread: a query
    is small, and OpenMP's waiting threads stall it whenever the other core is busy. Both add and remove by number, so a document's
    change touches its own vectors only; an IVF index keeps the lists it was trained with
    (they describe the genre, not the documents) until it is rebuilt at the next load.
    Vectors must be L2-normalised (the Embedder contract), which makes inner product the cosine.
    """

    def __init__(self, dim: int, kind: str = "", flat_limit: int = FLAT_LIMIT):
        self.dim, self.flat_limit = dim, flat_limit
        self.kind = kind or os.environ.get("KG_VECTOR_INDEX", "auto")
        if self.kind not in KINDS:
            raise ValueError(f"KG_VECTOR_INDEX must be one of {', '.join(KINDS)}, not {self.kind!r}")
        self._index: faiss.Index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))

    def __len__(self) -> int:
        return self._index.ntotal

    @property
    def is_approximate(self) -> bool:
        return isinstance(self._index, faiss.IndexIVFFlat)

    def add(self, numbers: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under their passage numbers; the index turns approximate when it outgrows exact search."""
        matrix = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self._index.add_with_ids(matrix, np.asarray(numbers, dtype=np.int64))
        if not self.is_approximate and self._wants_ivf():
            self._index = _as_ivf(self._index, self.dim)

    def remove(self, numbers: list[int]) -> None:
        if numbers:
            self._index.remove_ids(np.asarray(numbers, dtype=np.int64))

    def search(self, query_vector: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Up to k (number, inner product) pairs, nearest first, among the allowed numbers (None: all)."""
        k = min(k, len(self) if allowed is None else len(allowed))
        if k <= 0:
            return []
        query = np.ascontiguousarray(query_vector, dtype=np.float32).reshape(1, self.dim)
        selector = faiss.IDSelectorBatch(allowed) if allowed is not None else None
        if self.is_approximate:
            params = faiss.SearchParametersIVF(sel=selector, nprobe=IVF_PROBES)
        else:
            params = faiss.SearchParameters(sel=selector) if selector is not None else None
        with _threads(1):
            scores, numbers = self._index.search(query, k, params=params)
        return [(n, s) for n, s in zip(numbers[0].tolist(), scores[0].tolist(), strict=True) if n >= 0]

    def _wants_ivf(self) -> bool:
        return self.kind == "ivf" or (self.kind == "auto" and len(self) > self.flat_limit)


def _as_ivf(flat: faiss.IndexIDMap2, dim: int) -> faiss.IndexIVFFlat:
    """An IVF index holding the flat index's vectors under the same numbers."""
    numbers = faiss.vector_to_array(flat.id_map).astype(np.int64)
    vectors = flat.index.reconstruct_n(0, flat.ntotal)
    lists = max(1, min(int(np.sqrt(len(numbers))), len(numbers) // 39))  # faiss wants 39 points per list
    sample = np.random.default_rng(0).permutation(len(vectors))[: lists * TRAINING]
    quantizer = faiss.IndexFlatIP(dim)
    ivf = faiss.IndexIVFFlat(quantizer, dim, lists, faiss.METRIC_INNER_PRODUCT)
    ivf.train(vectors[sample])
    ivf.add_with_ids(vectors, numbers)
    ivf.nprobe = IVF_PROBES
    return ivf


@contextmanager
def _threads(count: int):
    """faiss's OpenMP team set to count for a while, then back."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)
