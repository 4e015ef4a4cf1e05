"""The store: replace in one step, removal, persistence, export, and the same on a SPARQL server."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from test_triples import KEY, hengyang, hengyang_plan

from kg.entities import tasks
from kg.queries import documents
from kg.store import EmbeddedStore, SparqlStore, StoreError, open_store
from kg.triples import document_graph
from kg.vocab import ONTOLOGY_GRAPH, PK, doc_iri, org_iri, task_iri

DOC = str(doc_iri(KEY))


@pytest.fixture
def store(tmp_path):
    """A fresh embedded Oxigraph store on disk per test."""
    with open_store(f"oxigraph:{tmp_path / 'kg'}") as fresh:
        yield fresh


def ingest(store, doc) -> None:
    store.replace_document(str(doc_iri(doc.key)), document_graph(doc))


def count(store, sparql_pattern: str) -> int:
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {sparql_pattern} }}")))[0])


def test_tasks_list_bodies_by_role_with_names_as_written(store):
    ingest(store, hengyang_plan())
    first = tasks(store)[0]
    assert first["source"] == {"file": "plan.txt"} and first["text"].endswith("120个。")
    assert first["annotation"] == "市住建局牵头，市发改委、市财政局配合"
    assert first["lead"] == [
        {
            "name": "市住建局",
            "label": "衡阳市住房和城乡建设局",
            "iri": str(org_iri("衡阳市|衡阳市住房和城乡建设局")),
        }
    ]
    assert [b["name"] for b in first["cooperating"]] == ["市发改委", "市财政局"]
    assert first["responsible"] == []


def test_documents_are_listed_with_title_key_and_file(store):
    ingest(store, hengyang_plan())
    store.load_ontology()
    assert store.documents() == [(DOC, "衡阳市城镇老旧小区改造实施方案", KEY)]
    assert documents(store)[0]["file"] == "plan.txt"


def test_reingest_replaces_the_document_graph(store):
    ingest(store, hengyang_plan())
    changed = hengyang_plan("plan-v2.txt")
    changed.tasks = changed.tasks[:1]
    changed.tasks[0] = replace(changed.tasks[0], cooperating=[hengyang("市财政局", "衡阳市财政局")])
    ingest(store, changed)
    assert len(tasks(store)) == 1
    assert [b["name"] for b in tasks(store)[0]["cooperating"]] == ["市财政局"]
    assert count(store, f"GRAPH ?g {{ <{task_iri(KEY, 1)}> ?p ?o }}") == 0
    assert (
        count(store, f"GRAPH ?g {{ ?t <{PK.cooperatingBody}> <{org_iri('衡阳市|衡阳市发展和改革委员会')}> }}")
        == 0
    )


def test_a_failing_replace_leaves_the_old_graph_whole(store):
    ingest(store, hengyang_plan())
    before = count(store, f"GRAPH <{DOC}> {{ ?s ?p ?o }}")
    broken = document_graph(hengyang_plan())
    broken.add((URIRef("relative/iri"), PK.text, Literal("the store refuses a relative IRI")))
    with pytest.raises(SyntaxError):
        store.replace_document(DOC, broken)
    assert count(store, f"GRAPH <{DOC}> {{ ?s ?p ?o }}") == before


def test_remove_drops_only_that_document(store):
    ingest(store, hengyang_plan())
    yiyang = replace(
        hengyang_plan(), key="益政办发〔2023〕5号", metadata=replace(hengyang_plan().metadata, title="益阳")
    )
    ingest(store, yiyang)
    assert store.remove_document(DOC) is True
    assert store.remove_document(DOC) is False
    assert [key for _, _, key in store.documents()] == ["益政办发〔2023〕5号"]
    assert count(store, f"GRAPH <{DOC}> {{ ?s ?p ?o }}") == 0


def test_the_store_persists_across_reopen_and_processes(tmp_path):
    path = tmp_path / "kg"
    writer = f"""
import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})
from kg.store import open_store
from kg.triples import document_graph
from test_triples import hengyang_plan
with open_store({str(path)!r}) as store:
    store.replace_document({DOC!r}, document_graph(hengyang_plan()))
"""
    subprocess.run([sys.executable, "-c", writer], check=True)
    with open_store(str(path)) as store:
        assert store.documents() == [(DOC, "衡阳市城镇老旧小区改造实施方案", KEY)]
        store.remove_document(DOC)
    with open_store(f"oxigraph:{path}") as store:
        assert store.documents() == []


@pytest.mark.parametrize("fmt", ["trig", "nquads", "json-ld"])
def test_export_parses_back_to_the_same_quads(store, fmt):
    ingest(store, hengyang_plan())
    store.load_ontology()
    data = store.export(fmt)
    parsed = Dataset().parse(data=data, format=fmt)
    stored = count(store, "GRAPH ?g { ?s ?p ?o }")
    assert len(list(parsed.quads())) == stored
    assert len(parsed.graph(URIRef(DOC))) == len(document_graph(hengyang_plan()))
    assert len(parsed.graph(ONTOLOGY_GRAPH)) > 100


def test_export_refuses_an_unknown_format(store):
    with pytest.raises(ValueError, match="trig"):
        store.export("rdfxml")


def test_store_specs_name_their_backends(tmp_path):
    assert isinstance(open_store("memory"), EmbeddedStore)
    assert isinstance(open_store(str(tmp_path / "bare")), EmbeddedStore) and (tmp_path / "bare").is_dir()
    with pytest.raises(StoreError):
        open_store("oxigraph:")
    oxigraph = open_store("sparql:http://h:7878/query")
    assert (oxigraph.query_url, oxigraph.update_url) == ("http://h:7878/query", "http://h:7878/update")
    virtuoso = open_store("http://h:8890/sparql")
    assert isinstance(virtuoso, SparqlStore) and virtuoso.update_url == "http://h:8890/sparql"
    graphdb = open_store("sparql:http://h/repositories/kg|http://h/repositories/kg/statements")
    assert graphdb.update_url == "http://h/repositories/kg/statements"


def test_the_memory_store_holds_a_graph_until_closed():
    with open_store("memory") as store:
        ingest(store, hengyang_plan())
        assert len(tasks(store)) == 2


# ------------------------------------------------------------ the same through a SPARQL server


def oxigraph_server() -> str | None:
    """The oxigraph server binary (PyPI package oxigraph), on PATH or beside this Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    return shutil.which("oxigraph") or (str(beside) if beside.exists() else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_ready(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph server at {url} did not start")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An Oxigraph SPARQL server on a free port, started and stopped by these tests."""
    binary = oxigraph_server()
    if binary is None:
        pytest.skip("no oxigraph server binary: pip install oxigraph")
    url = f"http://127.0.0.1:{free_port()}"
    location = tmp_path_factory.mktemp("server")
    command = [binary, "serve", "--location", str(location), "--bind", url[7:], "--union-default-graph"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def remote(server):
    """The server, emptied, behind a sparql: spec."""
    with open_store(f"sparql:{server}/query") as store:
        store.update("DROP ALL")
        yield store


def test_the_server_round_trip_matches_the_embedded_store(remote, store):
    for each in (remote, store):
        ingest(each, hengyang_plan())
        each.load_ontology()
    assert tasks(remote) == tasks(store)
    assert remote.documents() == store.documents() == [(DOC, "衡阳市城镇老旧小区改造实施方案", KEY)]
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?task a <https://policy-kg.org/ontology#Task> }"
    assert int(next(iter(remote.query(union)))[0]) == int(next(iter(store.query(union)))[0]) == 2


def test_the_server_replaces_and_removes_documents(remote):
    ingest(remote, hengyang_plan())
    smaller = hengyang_plan()
    smaller.tasks = smaller.tasks[:1]
    ingest(remote, smaller)
    assert len(tasks(remote)) == 1
    assert remote.remove_document(DOC) is True and remote.documents() == []
    trig = Dataset().parse(data=remote.export("trig"), format="trig")
    assert len(list(trig.quads())) == 0


def test_text_with_quotes_and_newlines_survives_the_update_request(remote, store):
    doc = hengyang_plan()
    doc.tasks[0].text = '含"引号"、反斜杠\\ 和\n换行\t、}} ;'
    for each in (remote, store):
        ingest(each, doc)
        assert tasks(each)[0]["text"] == doc.tasks[0].text


def test_embedded_store_creates_missing_parent_folders(tmp_path):
    from kg.store import open_store

    store = open_store(f"oxigraph:{tmp_path / 'not' / 'yet' / 'store'}")
    assert store.documents() == []
    store.close()
