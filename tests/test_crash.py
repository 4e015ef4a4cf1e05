"""Fault injection: `kg ingest` killed with SIGKILL at random moments leaves every document either absent
or whole, a saved index whose documents are whole, and a batch that a re-run completes to what a clean run gives."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import open_store
from search.index import SearchIndex, fingerprint

DATA = Path(__file__).parent / "data"
FILES = [str(DATA / name) for name in ("province_plan.txt", "city_plan.txt", "district_plan.txt", "city_report.txt")]
KG = str(Path(sys.executable).parent / "kg")
ENV = {**os.environ, "KG_EMBEDDER": "none"}


def ingest(store: str) -> subprocess.Popen:
    return subprocess.Popen([KG, "ingest", "--store", store, *FILES], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def graph_sizes(store: str) -> dict[str, int]:
    """Triples per named graph (the ontology's included)."""
    kg_store = open_store(store)
    try:
        rows = kg_store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(row.g): int(row.n) for row in rows}
    finally:
        kg_store.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[dict[str, int], float]:
    """Graph sizes after an uninterrupted ingest, and how long that ingest took."""
    store = f"oxigraph:{tmp_path_factory.mktemp('clean') / 'store'}"
    started = time.monotonic()
    assert ingest(store).wait(300) == 0
    return graph_sizes(store), time.monotonic() - started


@pytest.mark.parametrize("seed", range(4))
def test_an_ingest_killed_at_any_moment_leaves_a_consistent_store(clean, tmp_path, seed):
    sizes, duration = clean
    store = f"oxigraph:{tmp_path / 'store'}"
    killed_after = random.Random(seed).uniform(0.5, duration)
    process = ingest(store)
    time.sleep(killed_after)
    process.send_signal(signal.SIGKILL)
    process.wait(30)

    if (tmp_path / "store").exists():
        for graph, size in graph_sizes(store).items():  # each stored document is whole: as in a clean run
            assert size == sizes[graph], f"{graph} half written after a kill at {killed_after:.1f} s"
    index = tmp_path / "store.search"
    if index.exists():
        assert_whole(SearchIndex.open(index, None))

    assert ingest(store).wait(300) == 0  # the interrupted batch re-run to completion
    assert graph_sizes(store) == sizes
    with open_store(store) as kg_store:
        assert_whole(SearchIndex.open(index, None), fingerprint(kg_store))


def assert_whole(index: SearchIndex, stamp: str | None = None) -> None:
    """Every document the index holds is held whole, in the passages and the lexical index alike."""
    assert not index.passages.unfinished(), "lexical entries left unwritten"
    assert len(index.lexical) == len(index.passages), "the lexical index and the passages disagree"
    if stamp is not None:
        assert index.stamp == stamp
    index.close()
