"""The faiss vector index: exact below the size limit, HNSW above it, same answers either way."""

import numpy as np
import pytest

from search.vectors import VectorIndex

DIM = 32


@pytest.fixture
def vectors() -> np.ndarray:
    matrix = np.random.default_rng(7).standard_normal((600, DIM)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_flat_and_hnsw_agree_on_the_nearest(vectors):
    flat, hnsw = VectorIndex(DIM), VectorIndex(DIM, flat_limit=100)
    flat.add(vectors)
    hnsw.add(vectors)
    assert not flat.is_approximate and hnsw.is_approximate
    queries = vectors[:50] + 0.05 * np.random.default_rng(8).standard_normal((50, DIM)).astype(np.float32)
    for query in queries / np.linalg.norm(queries, axis=1, keepdims=True):
        assert hnsw.search(query, 1)[0][0] == flat.search(query, 1)[0][0]


def test_growing_past_the_limit_keeps_row_numbers(vectors):
    index = VectorIndex(DIM, flat_limit=400)
    index.add(vectors[:300])
    assert not index.is_approximate
    index.add(vectors[300:])
    assert index.is_approximate and len(index) == 600
    for row in (0, 299, 300, 599):
        best, score = index.search(vectors[row], 1)[0]
        assert best == row and score == pytest.approx(1.0, abs=1e-5)


def test_results_are_nearest_first_and_at_most_k(vectors):
    index = VectorIndex(DIM)
    index.add(vectors[:5])
    hits = index.search(vectors[0], 10)
    assert len(hits) == 5 and hits[0][0] == 0
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)
    assert np.allclose(scores, np.sort(vectors[:5] @ vectors[0])[::-1], atol=1e-6)


def test_empty_index_finds_nothing():
    assert VectorIndex(DIM).search(np.ones(DIM, dtype=np.float32), 5) == []


@pytest.mark.parametrize("flat_limit", [10_000, 100])
def test_save_and_load(tmp_path, vectors, flat_limit):
    index = VectorIndex(DIM, flat_limit=flat_limit)
    index.add(vectors)
    index.save(tmp_path / "vectors.faiss")
    loaded = VectorIndex.load(tmp_path / "vectors.faiss")
    assert (len(loaded), loaded.dim, loaded.is_approximate) == (600, DIM, index.is_approximate)
    assert loaded.search(vectors[42], 5) == index.search(vectors[42], 5)
