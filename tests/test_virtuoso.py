"""The sparql: store against Virtuoso (Debian's virtuoso-opensource), a server that carries
DBpedia-sized graphs: started and stopped here, checked as the Oxigraph server is, with the same
code, and `kg ingest` / `kg ask` run through it as a user runs them."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from test_kg_store import DOC, count, ingest, tasks
from test_triples import KEY, hengyang_plan
from test_triples import PLAN as HENGYANG

from kg.queries import documents
from kg.store import open_store
from kg.triples import document_graph
from kg.vocab import ONTOLOGY_GRAPH, PK, doc_iri

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")  # Debian names Virtuoso's isql isql-vt
OURS = 'FILTER(STRSTARTS(STR(?g), "https://policy-kg.org/"))'  # Virtuoso keeps graphs of its own

# Small buffers and no automatic checkpoints: a fresh database is ready in about two seconds.
# ResultSetMaxRows: Debian's own virtuoso.ini cuts every result at 10,000 rows.
INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 2000
MaxDirtyBuffers = 1200
ThreadsPerQuery = 2
DirsAllowed = ., {db}
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {db}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
"""

PLAN = """邵阳市人民政府办公室关于印发《邵阳市农村供水保障实施方案》的通知

邵政办发〔2032〕6号

各县市区人民政府，市直各单位：

现将《邵阳市农村供水保障实施方案》印发给你们，请认真组织实施。

邵阳市人民政府办公室
2032年5月8日

一、主要任务

（一）提升农村供水保障水平。

1. 推进规模化供水工程建设。2032年新建改造千吨万人供水工程12处，农村自来水普及率达到92%以上。（市水利局牵头，市财政局、市乡村振兴局配合）

2. 加强水源地保护。完成农村“千吨万人”水源保护区划定45处。（市生态环境局牵头，市水利局配合）

二、保障措施

（一）强化资金保障。统筹用好各级财政资金，引导社会资本参与农村供水工程建设。（市财政局负责）
"""


def free_ports(n: int) -> list[int]:
    """n distinct free ports (the sockets are held until all are chosen)."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(n)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).close()
        return True
    except OSError:
        return False


def grant_updates(sql_port: int, deadline: float) -> None:
    """Let the endpoint's anonymous SPARQL user update (the SQL port may open just after HTTP)."""
    command = [ISQL, str(sql_port), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";']
    while True:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        if done.returncode == 0 and "Error" not in done.stdout + done.stderr:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"isql could not grant SPARQL_UPDATE: {done.stdout}{done.stderr}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso server on a fresh database in tmp, on free ports; yields its /sparql URL."""
    if VIRTUOSO is None or ISQL is None:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    db = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_ports(2)
    (db / "virtuoso.ini").write_text(INI.format(db=db, sql_port=sql_port, http_port=http_port))
    url = f"http://127.0.0.1:{http_port}/sparql"
    started = time.monotonic()
    with open(db / "server.out", "wb") as out:
        process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(db / "virtuoso.ini")], cwd=db, stdout=out, stderr=out
        )
    try:
        deadline = started + 60
        while not answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso did not start: {(db / 'server.out').read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        grant_updates(sql_port, deadline)
        print(f"Virtuoso ready in {time.monotonic() - started:.1f} s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def clear(store) -> None:
    """Drop every graph kg wrote; Virtuoso's own graphs stay (DROP ALL would take them too)."""
    graphs = [row.g.n3() for row in store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }}")]
    if graphs:
        store.update(" ;\n".join(f"DROP SILENT GRAPH {graph}" for graph in graphs))


@pytest.fixture
def remote(virtuoso):
    """The server behind a sparql: spec, holding nothing of kg's."""
    with open_store(f"sparql:{virtuoso}") as store:
        clear(store)
        yield store


@pytest.fixture
def store(tmp_path):
    """The embedded store the server's answers are compared with."""
    with open_store(f"oxigraph:{tmp_path / 'kg'}") as fresh:
        yield fresh


def test_virtuoso_round_trip_matches_the_embedded_store(remote, store):
    for each in (remote, store):
        ingest(each, hengyang_plan())
        each.load_ontology()
    assert tasks(remote) == tasks(store)
    assert remote.documents() == store.documents() == [(DOC, "衡阳市城镇老旧小区改造实施方案", KEY)]
    assert documents(remote) == documents(store) and documents(remote)[0]["file"] == "plan.txt"
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?task a <https://policy-kg.org/ontology#Task> }"
    assert int(next(iter(remote.query(union)))[0]) == int(next(iter(store.query(union)))[0]) == 2


def test_virtuoso_gives_back_every_triple_as_written(remote):
    """Typed literals (dates, decimals, booleans) and IRIs come back as the same terms."""
    graph = document_graph(hengyang_plan())
    remote.replace_document(DOC, graph)
    back = Dataset().parse(data=remote.export("nquads"), format="nquads").graph(URIRef(DOC))
    assert set(back) == set(graph)


def test_virtuoso_replaces_and_removes_documents(remote):
    ingest(remote, hengyang_plan())
    smaller = hengyang_plan()
    smaller.tasks = smaller.tasks[:1]
    ingest(remote, smaller)
    assert len(tasks(remote)) == 1
    assert remote.remove_document(DOC) is True and remote.remove_document(DOC) is False
    assert remote.documents() == []
    trig = Dataset().parse(data=remote.export("trig"), format="trig")
    assert len(list(trig.quads())) == 0


def test_text_with_quotes_newlines_and_backslashes_survives(remote, store):
    doc = hengyang_plan()
    doc.tasks[0].text = '含"引号"、反斜杠\\ 和\n换行\t、}} ;'
    for each in (remote, store):
        ingest(each, doc)
        assert tasks(each)[0]["text"] == doc.tasks[0].text


def test_a_long_source_text_is_stored_whole(remote, store):
    """pk:sourceText holds the whole document: here 200,000 characters with every kind of escape."""
    text = HENGYANG + ('衡阳市"老旧小区"\\改造\n（一）\t𝄞 ' * 12_500)[:200_000]
    doc = hengyang_plan(text=text)
    for each in (remote, store):
        ingest(each, doc)
        found = each.query(f"SELECT ?t WHERE {{ GRAPH <{DOC}> {{ <{DOC}> <{PK.sourceText}> ?t }} }}")
        assert [str(row.t) for row in found] == [text]


def test_an_empty_graph_replaces_a_full_one(remote):
    """Virtuoso refuses INSERT DATA { GRAPH <g> {} }: an empty graph (no links yet) is a DROP alone."""
    ingest(remote, hengyang_plan())
    remote.replace_document(DOC, Graph())
    assert count(remote, f"GRAPH <{DOC}> {{ ?s ?p ?o }}") == 0


@pytest.mark.parametrize("fmt", ["trig", "nquads", "json-ld"])
def test_export_holds_the_kg_graphs_only(remote, fmt):
    ingest(remote, hengyang_plan())
    remote.load_ontology()
    parsed = Dataset().parse(data=remote.export(fmt), format=fmt)
    graphs = {graph.identifier for graph in parsed.graphs() if len(graph)}
    assert graphs == {URIRef(DOC), ONTOLOGY_GRAPH}
    assert len(list(parsed.quads())) == count(remote, f"GRAPH ?g {{ ?s ?p ?o }} {OURS}")
    assert count(remote, "GRAPH ?g { ?s ?p ?o }") > len(list(parsed.quads()))  # Virtuoso's own graphs


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_EMBEDDER": "none"}
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def test_kg_ingest_and_ask_through_virtuoso(virtuoso, tmp_path):
    with open_store(f"sparql:{virtuoso}") as store:
        clear(store)
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    where = ("--store", f"sparql:{virtuoso}", "--index", str(tmp_path / "indexes"), "--embedder", "none")
    ingested = kg("ingest", *where, "plan.txt", cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    assert "1 ingested, 0 failed" in ingested.stderr
    asked = kg("ask", *where, "邵阳规模化供水工程建设谁牵头", cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    answer = asked.stdout.splitlines()[1]
    assert "市水利局" in answer and "市财政局" not in answer
    with open_store(f"sparql:{virtuoso}") as store:
        assert [key for _, _, key in store.documents()] == ["邵政办发〔2032〕6号"]
        assert str(doc_iri("邵政办发〔2032〕6号")) in {task["document"] for task in tasks(store)}
