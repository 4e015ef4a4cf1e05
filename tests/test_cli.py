"""The `kg` commands, run as a user runs them: real processes on a real embedded store."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset

SAMPLE = Path(__file__).resolve().parent.parent / "ingest" / "sample_corpus"

PROVINCE_PLAN = """湖南省人民政府办公厅关于印发《湖南省城镇老旧小区改造三年行动方案》的通知

湘政办发〔2031〕9号

各市州人民政府：

现将《湖南省城镇老旧小区改造三年行动方案》印发给你们，请认真贯彻执行。

湖南省人民政府办公厅
2031年3月2日

一、重点任务

1. 推进老旧小区改造。全省开工改造城镇老旧小区2000个以上。（省住房城乡建设厅牵头，省财政厅配合）

2. 推进既有住宅加装电梯。全年完成既有住宅加装电梯1500台。（省住房城乡建设厅牵头，省市场监管局配合）
"""

CITY_PLAN = """株洲市人民政府办公室关于印发《株洲市城镇老旧小区改造实施方案》的通知

株政办发〔2031〕4号

各县市区人民政府：

根据《湖南省人民政府办公厅关于印发〈湖南省城镇老旧小区改造三年行动方案〉的通知》（湘政办发〔2031〕9号），结合我市实际，制定本方案。

株洲市人民政府办公室
2031年4月1日

一、重点任务

1. 推进老旧小区改造。全市开工改造城镇老旧小区120个以上。（市住建局牵头，市财政局、市发改委配合）

2. 推进既有住宅加装电梯。全年完成既有住宅加装电梯150台。（市住建局牵头，市市场监管局配合）

3. 完善社区养老服务。新建社区嵌入式养老服务设施10个。（市民政局负责）
"""


def kg(*args: str, store: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the real command; lexical search only, since embeddings are tested on their own."""
    env = {**os.environ, "KG_STORE": f"oxigraph:{store}", "KG_EMBEDDER": "none"}
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env, input=stdin, timeout=300
    )


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def tasks(store: Path) -> list[dict]:
    result = kg("tasks", "--jsonl", store=store)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("sample") / "store"
    result = kg("ingest", str(SAMPLE), store=store)
    assert result.returncode == 0, result.stderr
    return store


def test_sample_corpus_ingests_and_lists_tasks_in_the_scorers_shape(sample_store):
    listed = kg("documents", store=sample_store).stdout.splitlines()
    assert len(listed) == 5
    found = tasks(sample_store)
    assert len(found) > 330
    task = next(t for t in found if any(b["name"] == "市住建局" for b in t["lead"]))
    assert set(task) >= {"source", "text", "lead", "cooperating", "responsible"}
    assert task["source"]["file"].endswith(".txt")
    assert all(set(b) == {"name", "label", "iri"} for b in task["lead"])


def test_bad_inputs_get_one_line_each_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "empty.txt", "")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (folder / "huge.txt").write_bytes(CITY_PLAN.encode() * 2000)
    write(folder, "gb.txt", PROVINCE_PLAN, "gb18030")
    result = kg("ingest", str(folder), "--max-mb", "1", store=tmp_path / "store")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4, result.stderr
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("binary.txt: not text" in e for e in errors)
    assert any("broken.docx" in e and "docx" in e for e in errors)
    assert any("huge.txt: too large" in e for e in errors)
    assert "Traceback" not in result.stderr
    assert [d.split("\t")[0] for d in kg("documents", store=tmp_path / "store").stdout.splitlines()] == [
        "湘政办发〔2031〕9号"
    ]


def test_reingesting_a_changed_document_replaces_it(tmp_path):
    store = tmp_path / "store"
    path = write(tmp_path, "plan.txt", CITY_PLAN)
    kg("ingest", str(path), store=store)
    assert len(tasks(store)) == 3
    write(tmp_path, "renamed.txt", CITY_PLAN.replace("3. 完善社区养老服务。新建社区嵌入式养老服务设施10个。（市民政局负责）", ""))
    path.unlink()
    kg("ingest", str(tmp_path / "renamed.txt"), store=store)
    found = tasks(store)
    assert len(found) == 2 and not any("养老" in t["text"] for t in found)


def test_remove_by_document_number(tmp_path):
    store = tmp_path / "store"
    kg("ingest", str(write(tmp_path, "plan.txt", CITY_PLAN)), store=store)
    assert kg("remove", "株政办发〔2031〕4号", store=store).returncode == 0
    assert tasks(store) == []
    missing = kg("remove", "株政办发〔2031〕5号", store=store)
    assert missing.returncode == 1 and "no such document" in missing.stderr


def test_city_tasks_carry_down_provincial_ones(tmp_path):
    store = tmp_path / "store"
    kg("ingest", str(write(tmp_path, "p.txt", PROVINCE_PLAN)), str(write(tmp_path, "c.txt", CITY_PLAN)), store=store)
    query = """PREFIX pk: <https://policy-kg.org/ontology#>
    SELECT ?city ?province WHERE { ?c pk:implements ?p . ?c pk:text ?city . ?p pk:text ?province }"""
    rows = kg("sparql", query, "--format", "tsv", store=store).stdout.splitlines()[1:]
    pairs = {tuple(r.split("\t")) for r in rows}
    assert len(pairs) == 2
    assert any("120个" in city and "2000个" in province for city, province in pairs)
    assert not any("养老" in city for city, _ in pairs)


def test_broken_query_is_one_line_not_a_traceback(sample_store):
    result = kg("sparql", "SELECT ?x WHERE { ?x", store=sample_store)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["trig", "nquads", "json-ld"])
def test_export_parses_back(sample_store, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    assert kg("export", "--format", fmt, "-o", str(out), store=sample_store).returncode == 0
    dataset = Dataset()
    dataset.parse(out, format=fmt)
    assert len(dataset) > 10000


def test_interrupted_ingest_leaves_every_document_whole_or_absent(tmp_path):
    reference, store = tmp_path / "reference", tmp_path / "store"
    assert kg("ingest", str(SAMPLE), store=reference).returncode == 0
    env = {**os.environ, "KG_STORE": f"oxigraph:{store}", "KG_EMBEDDER": "none"}
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "ingest", str(SAMPLE)], env=env)
    time.sleep(4)
    process.send_signal(signal.SIGKILL)
    process.wait()
    count = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    expected = dict(row.split("\t") for row in kg("sparql", count, store=reference).stdout.splitlines()[1:])
    got = dict(row.split("\t") for row in kg("sparql", count, store=store).stdout.splitlines()[1:])
    for graph, n in got.items():
        if "graph/links" not in graph:
            assert expected[graph] == n, graph


def test_ask_reads_questions_from_stdin_one_json_object_each(sample_store):
    result = kg("ask", "--json", "-", store=sample_store, stdin="衡阳引进培育商贸企业谁牵头\n\n益阳市委书记是谁\n")
    assert result.returncode == 0, result.stderr
    first, empty, unanswered = (json.loads(line) for line in result.stdout.splitlines())
    assert first["answers"][0]["text"] == "市商务局" and first["region"] == ["衡阳市"]
    assert set(first) >= {"question", "intent", "region", "answers", "sparql", "passages"}
    assert empty["answers"] == [] and unanswered["answers"] == []


def test_ask_prints_a_readable_answer_with_its_source(sample_store):
    result = kg("ask", "衡阳引进培育商贸企业谁牵头", store=sample_store)
    assert "市商务局" in result.stdout and "《" in result.stdout
