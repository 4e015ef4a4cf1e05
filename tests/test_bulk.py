"""Ingest at scale, in small: graphs built and validated in the workers and new documents bulk-loaded
store what one document at a time stored; a re-ingest after a bulk load still replaces; links
remade for the changed documents equal a full rebuild; a 1 MB plan goes through whole; a file over
the limit is refused with the limit and the option named."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from rdflib import Literal
from test_kg_store import free_port, oxigraph_server, wait_until_ready

import kg.store
from ingest.pipeline import ingest_file
from kg.links import LINEAGE_GRAPHS, LINKS_GRAPH, refresh_links
from kg.load import load_document, load_files, remove_document
from kg.store import open_store
from kg.vocab import doc_iri

DATA = Path(__file__).parent / "data"
FILES = [DATA / name for name in ("province_plan.txt", "city_plan.txt", "district_plan.txt", "city_report.txt")]
STAMP = "http://www.w3.org/ns/prov#generatedAtTime"  # the moment of ingest: differs between any two loads
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def graphs(store) -> dict[str, set]:
    """Every named graph's triples (as text), the ingest time left out."""
    found: dict[str, set] = {}
    for row in store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
        if str(row.p) != STAMP:
            found.setdefault(str(row.g), set()).add((row.s.n3(), row.p.n3(), _text(row.o)))
    return found


def _text(term) -> str:
    """A term as N-Triples writes it; a string literal alike whether a store says xsd:string or not."""
    if isinstance(term, Literal) and str(term.datatype) == XSD_STRING:
        return Literal(str(term)).n3()
    return term.n3()


def one_by_one(files: list[Path]) -> dict[str, set]:
    with open_store("memory") as store:
        for path in files:
            assert not load_document(store, ingest_file(path)).error
        return graphs(store)


def test_a_bulk_first_load_stores_what_loading_one_by_one_stores(tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'store'}") as store:
        outcomes = list(load_files(store, FILES))
        assert [o.error for o in outcomes] == [""] * len(FILES)
        assert graphs(store) == one_by_one(FILES)


def test_a_reingest_after_a_bulk_load_replaces_the_document(tmp_path):
    shorter = tmp_path / "city_plan.txt"
    shorter.write_text(re.sub(r"\n3\. 完善社区养老服务.*\n", "\n", (DATA / "city_plan.txt").read_text()), encoding="utf-8")
    with open_store(f"oxigraph:{tmp_path / 'store'}") as store:
        list(load_files(store, FILES[:2]))
        assert [o.summary["tasks"] for o in load_files(store, [shorter])] == [4]
        assert graphs(store) == one_by_one([FILES[0], shorter])


def test_a_document_twice_in_one_batch_is_stored_once_as_its_last_version(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes((DATA / "city_plan.txt").read_bytes())
    with open_store(f"oxigraph:{tmp_path / 'store'}") as store:
        assert len(list(load_files(store, [DATA / "city_plan.txt", copy], workers=1))) == 2
        assert [file for _, _, file in _files(store)] == ["copy.txt"]


def _files(store):
    return [tuple(map(str, row)) for row in store.query(
        "SELECT ?doc ?key ?file WHERE { GRAPH ?doc { ?doc <https://policy-kg.org/ontology#key> ?key ; "
        "<https://policy-kg.org/ontology#sourceFile> ?file } }")]


def test_the_sparql_store_bulk_loads_in_bounded_requests(tmp_path, monkeypatch):
    binary = oxigraph_server()
    if binary is None:
        pytest.skip("no oxigraph server binary: pip install oxigraph")
    url = f"http://127.0.0.1:{free_port()}"
    command = [binary, "serve", "--location", str(tmp_path / "server"), "--bind", url[7:], "--union-default-graph"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    monkeypatch.setattr(kg.store, "MAX_WRITE_BYTES", 20_000)  # a few graphs to a request
    try:
        wait_until_ready(url, process)
        with open_store(f"sparql:{url}/query") as store:
            assert [o.error for o in load_files(store, FILES)] == [""] * len(FILES)
            assert graphs(store) == one_by_one(FILES)
    finally:
        process.terminate()
        process.wait(timeout=10)


def links(store) -> set:
    """The basis links and every plan's lineage, each triple with the graph that holds it."""
    return {(name, *triple) for name, triples in graphs(store).items()
            if name == str(LINKS_GRAPH) or name.startswith(LINEAGE_GRAPHS) for triple in triples}


def test_links_remade_for_changed_documents_equal_a_full_rebuild():
    documents = {path.name: ingest_file(path) for path in FILES}
    with open_store("memory") as changing, open_store("memory") as full:
        for name in ("district_plan.txt", "city_report.txt", "city_plan.txt", "province_plan.txt"):
            for store in (changing, full):
                load_document(store, documents[name])
            refresh_links(changing, [str(doc_iri(documents[name].key))])
            refresh_links(full)
            assert links(changing) == links(full)
        assert links(full)  # the district carries down the city's tasks, the city the province's
        city = str(doc_iri(documents["city_plan.txt"].key))
        for store in (changing, full):
            remove_document(store, city)
        refresh_links(changing, [city])
        refresh_links(full)
        assert links(changing) == links(full)


ITEM = ("{n}. 推进第{n}个片区城市更新，完善道路、供水、燃气和停车等配套设施，同步建设养老托育、便民商业和文化体育场所，"
        "建立片区物业管理和居民议事长效机制，让群众住得安心、过得舒心。（{lead}牵头，{partner}配合）")
UNITS = ("市住房城乡建设局", "市财政局", "市发展改革委", "市自然资源规划局", "市交通运输局", "市民政局", "市商务局")


def large_plan(items: int) -> str:
    """A city's plan of many numbered items, each with its responsibility note."""
    head = ("平江市人民政府办公室关于印发《平江市城市更新三年行动方案》的通知\n\n平政办发〔2031〕12号\n\n"
            "各县市区人民政府，市直各单位：\n\n现将《平江市城市更新三年行动方案》印发给你们，请认真组织实施。\n\n"
            "平江市人民政府办公室\n2031年5月6日\n\n平江市城市更新三年行动方案\n\n一、重点任务\n\n")
    body = "\n\n".join(ITEM.format(n=n, lead=UNITS[n % 7], partner=UNITS[(n + 3) % 7]) for n in range(1, items + 1))
    return head + body + "\n"


def test_a_1mb_plan_is_ingested_with_every_task(tmp_path):
    path = tmp_path / "large_plan.txt"
    path.write_text(large_plan(3300), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    with open_store(f"oxigraph:{tmp_path / 'store'}") as store:
        (outcome,) = load_files(store, [path], max_bytes=2 * 1024**2)
        assert outcome.error == "" and outcome.summary["tasks"] == 3300
        tasks = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?t a <https://policy-kg.org/ontology#Task> } }"
        assert int(next(iter(store.query(tasks)))[0]) == 3300


def test_a_file_over_the_limit_is_refused_naming_the_limit_and_the_option(tmp_path):
    path = tmp_path / "large_plan.txt"
    path.write_text(large_plan(1000), encoding="utf-8")
    with open_store("memory") as store:
        (outcome,) = load_files(store, [path], max_bytes=2**20 // 4)
    assert re.search(r"too large .*the limit for this kind of file is 0\.25 MB, set by --max-mb", outcome.error)
