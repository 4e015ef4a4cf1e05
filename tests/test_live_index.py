"""The service's index follows the store in the background, a document at a time; a restart answers
at once from the index saved, and a failed round keeps what was there."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ingest.pipeline import ingest_file
from kg.load import load_document
from kg.store import open_store
from search.index import SearchIndex, fingerprint, open_index
from search.live import IndexNotReady, LiveAsker

DATA = Path(__file__).parent / "data"
QUESTION = "谁牵头加装电梯"


@pytest.fixture
def store(tmp_path):
    kg_store = open_store(f"oxigraph:{tmp_path / 'store'}")
    kg_store.load_ontology()
    assert not load_document(kg_store, ingest_file(DATA / "province_plan.txt")).error
    yield kg_store
    kg_store.close()


def regions(asker) -> set[str]:
    return {answer["region"] for answer in asker.ask(QUESTION)["answers"]}


def test_questions_are_answered_while_a_document_is_added(store, tmp_path):
    live = LiveAsker(store, tmp_path / "index", "none")
    assert live.wait()
    before = live.current()
    assert "株洲市" not in regions(before)
    assert not load_document(store, ingest_file(DATA / "city_plan.txt")).error
    live.refresh()
    assert "湖南省" in regions(live.current())  # answered meanwhile
    assert live.wait() and live.status()["ready"] and not live.status()["building"]
    assert "株洲市" in regions(live.current())


def test_changes_during_a_build_are_folded_into_the_next(store, tmp_path):
    live = LiveAsker(store, tmp_path / "index", "none")
    adders = [threading.Thread(target=lambda name=name: (load_document(store, ingest_file(DATA / name)), live.refresh()))
              for name in ("city_plan.txt", "district_plan.txt")]
    for thread in adders:
        thread.start()
    for thread in adders:
        thread.join()
    assert live.wait()
    assert live.current().index.stamp == fingerprint(store)


def test_a_restart_answers_at_once_from_the_last_saved_index(store, tmp_path):
    folder = tmp_path / "index"
    open_index(store, folder, None)
    assert not load_document(store, ingest_file(DATA / "city_plan.txt")).error  # then the process died
    live = LiveAsker(store, folder, "none")
    assert regions(live.current())  # no IndexNotReady: the saved index serves while it follows the store
    assert live.wait()
    assert live.current().index.stamp == fingerprint(store)


def test_a_first_start_without_any_index_says_it_is_not_ready(store, tmp_path, monkeypatch):
    gate = threading.Event()

    def slow_build(*args):
        gate.wait()
        raise RuntimeError("stopped by the test")

    monkeypatch.setattr(SearchIndex, "follow", slow_build)
    live = LiveAsker(store, tmp_path / "index", "none")
    with pytest.raises(IndexNotReady, match="being built"):
        live.current()
    assert live.status() == {"ready": False, "building": True, "built_at": None, "error": ""}
    gate.set()
    assert live.wait()


def test_a_failed_build_keeps_the_last_index_and_says_why(store, tmp_path, monkeypatch):
    live = LiveAsker(store, tmp_path / "index", "none")
    assert live.wait()
    before = live.current()

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SearchIndex, "follow", broken)
    live.refresh()
    assert live.wait()
    assert live.current() is before and "disk full" in live.status()["error"]
    assert "湖南省" in regions(live.current())
