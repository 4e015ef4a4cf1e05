"""`kg ingest --ray`: a real Ray runtime on this machine (2 CPUs, started once for the module)
reads a batch of plans; the store ends up as the local path leaves it, bad files are reported
alike, and on a SPARQL server the Ray tasks store the graphs themselves."""

import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_kg_store import server  # noqa: F401  (the Oxigraph server fixture)

ray = pytest.importorskip("ray", reason="ray is not installed: pip install -e '.[ray]'")

from plans import write_plans  # noqa: E402

from kg.distributed import connect, load_files_on_ray  # noqa: E402
from kg.store import SparqlStore, open_store  # noqa: E402
from kg.vocab import ONTOLOGY_GRAPH  # noqa: E402


@pytest.fixture(scope="module")
def runtime():
    """A local Ray runtime, started as `kg ingest --ray local` starts one; yields its address."""
    started = time.monotonic()
    connect("local", num_cpus=2)
    print(f"Ray started in {time.monotonic() - started:.1f} s")
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> list[Path]:
    """Six plans, binary junk named .txt, and an empty file."""
    folder = tmp_path_factory.mktemp("batch")
    paths = write_plans(folder, 6)
    (folder / "junk.txt").write_bytes(random.Random(7).randbytes(4096))
    (folder / "empty.txt").write_bytes(b"")
    return [*paths, folder / "junk.txt", folder / "empty.txt"]


def kg(*args: str) -> subprocess.CompletedProcess:
    """The real command; lexical search only (embeddings are tested on their own)."""
    env = {**os.environ, "KG_EMBEDDER": "none"}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env, timeout=300)


def task_lines(store: str) -> list[str]:
    return sorted(kg("tasks", "--store", store).stdout.splitlines())


@pytest.fixture(scope="module")
def local_run(batch, tmp_path_factory):
    """The batch ingested the usual way (worker processes, no Ray): what --ray must give."""
    store = f"oxigraph:{tmp_path_factory.mktemp('local') / 'store'}"
    return kg("ingest", *map(str, batch), "--store", store), task_lines(store)


def test_ray_stores_what_the_local_path_stores_and_reports_the_bad_files(runtime, batch, local_run, tmp_path):
    store = f"oxigraph:{tmp_path / 'store'}"
    ray_run = kg("ingest", *map(str, batch), "--store", store, "--ray", runtime)
    local, local_tasks = local_run
    assert ray_run.returncode == local.returncode == 0, ray_run.stderr
    errors = sorted(line for line in ray_run.stderr.splitlines() if line.startswith("error: "))
    assert errors == [f"error: {batch[-1]}: empty file", f"error: {batch[-2]}: not text: binary content"]
    assert errors == sorted(line for line in local.stderr.splitlines() if line.startswith("error: "))
    assert "6 ingested, 2 failed" in ray_run.stderr
    assert sorted(ray_run.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert task_lines(store) == local_tasks and len(local_tasks) == 3 * 4 + 3 * 3


def test_on_a_sparql_server_the_ray_tasks_store_the_graphs(runtime, server, batch, local_run):  # noqa: F811
    class Watched(SparqlStore):
        """The server as the driver sees it, noting what the driver itself writes."""

        written: list[str] = []

        def replace_document(self, doc_iri, graph):
            self.written.append(doc_iri)
            super().replace_document(doc_iri, graph)

    spec = f"sparql:{server}/query"
    with open_store(spec) as plain:
        plain.update("DROP ALL")
    driver = Watched(f"{server}/query", f"{server}/update")
    driver.load_ontology()
    outcomes = list(load_files_on_ray(driver, batch))
    driver.close()
    assert [str(iri) for iri in driver.written] == [str(ONTOLOGY_GRAPH)]
    assert sorted(o.path for o in outcomes if o.error) == sorted(map(str, batch[-2:]))
    assert task_lines(spec) == local_run[1]


def test_a_ray_address_that_does_not_answer_is_a_clear_error(batch, tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{closed.getsockname()[1]}"
    result = kg("ingest", str(batch[0]), "--store", f"oxigraph:{tmp_path / 'store'}", "--ray", address)
    assert result.returncode == 1
    assert f"Error: no Ray cluster answers at {address}" in result.stderr and "Traceback" not in result.stderr
