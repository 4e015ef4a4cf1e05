"""The faiss vector index by passage number: exact or IVF, same nearest either way, filtered inside."""

import numpy as np
import pytest

from search.vectors import VectorIndex

DIM = 32


@pytest.fixture
def vectors() -> np.ndarray:
    matrix = np.random.default_rng(7).standard_normal((2000, DIM)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def numbered(count: int, start: int = 1000) -> np.ndarray:
    return np.arange(start, start + count, dtype=np.int64)


def test_flat_and_ivf_agree_on_the_nearest(vectors):
    flat, ivf = VectorIndex(DIM, "flat"), VectorIndex(DIM, "auto", flat_limit=500)
    flat.add(numbered(2000), vectors)
    ivf.add(numbered(2000), vectors)
    assert not flat.is_approximate and ivf.is_approximate
    queries = vectors[:50] + 0.05 * np.random.default_rng(8).standard_normal((50, DIM)).astype(np.float32)
    agree = [ivf.search(q, 1)[0][0] == flat.search(q, 1)[0][0] for q in queries / np.linalg.norm(queries, axis=1, keepdims=True)]
    assert sum(agree) >= 48  # approximate: the nearest is found but for a rare miss


def test_growing_past_the_limit_keeps_the_numbers(vectors):
    index = VectorIndex(DIM, "auto", flat_limit=1500)
    index.add(numbered(1000), vectors[:1000])
    assert not index.is_approximate
    index.add(numbered(1000, 2000), vectors[1000:])
    assert index.is_approximate and len(index) == 2000
    for row, number in ((0, 1000), (999, 1999), (1000, 2000), (1999, 2999)):
        best, score = index.search(vectors[row], 1)[0]
        assert best == number and score == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("kind", ["flat", "ivf"])
def test_removed_vectors_are_never_found(vectors, kind):
    index = VectorIndex(DIM, kind)
    index.add(numbered(2000), vectors)
    index.remove([1000, 1001])
    assert len(index) == 1998
    assert index.search(vectors[0], 1)[0][0] != 1000
    assert all(number not in (1000, 1001) for number, _ in index.search(vectors[1], 50))


@pytest.mark.parametrize("kind", ["flat", "ivf"])
def test_search_keeps_to_the_allowed_numbers(vectors, kind):
    index = VectorIndex(DIM, kind)
    index.add(numbered(2000), vectors)
    allowed = numbered(10, 1500)
    hits = index.search(vectors[0], 5, allowed)
    assert hits and {number for number, _ in hits} <= set(allowed.tolist())
    assert index.search(vectors[500], 1, allowed)[0][0] == 1500


def test_results_are_nearest_first_and_at_most_k(vectors):
    index = VectorIndex(DIM, "flat")
    index.add(numbered(5), vectors[:5])
    hits = index.search(vectors[0], 10)
    assert len(hits) == 5 and hits[0][0] == 1000
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)
    assert np.allclose(scores, np.sort(vectors[:5] @ vectors[0])[::-1], atol=1e-6)


def test_empty_index_finds_nothing():
    assert VectorIndex(DIM).search(np.ones(DIM, dtype=np.float32), 5) == []


def test_an_unknown_kind_is_refused(monkeypatch):
    monkeypatch.setenv("KG_VECTOR_INDEX", "hnsw")
    with pytest.raises(ValueError, match="KG_VECTOR_INDEX"):
        VectorIndex(DIM)
