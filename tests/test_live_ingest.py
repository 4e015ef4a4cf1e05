"""While `kg serve` holds a store, `kg ingest` and `kg remove` on the same store go through it, and the
service lists and answers from the new document within a minute: real processes, a real HTTP client."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

DATA = Path(__file__).parent / "data"
KG = str(Path(sys.executable).parent / "kg")


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([KG, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "KG_EMBEDDER": "none"})


def status(base: str) -> dict:
    return requests.get(base + "/api/status", timeout=10).json()


def wait_for(condition, seconds: float) -> float:
    """Seconds until condition() held; fails the test past the deadline."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if condition():
                return time.monotonic() - started
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(f"not within {seconds} s")


@pytest.fixture
def served(tmp_path):
    store = f"oxigraph:{tmp_path / 'store'}"
    assert kg("ingest", "--store", store, str(DATA / "province_plan.txt")).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([KG, "serve", "--store", store, "--port", str(port)], stderr=subprocess.PIPE,
                              env={**os.environ, "KG_EMBEDDER": "none"})
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: status(base)["index"]["ready"], 60)
    yield store, base, tmp_path / "store.service.json"
    server.send_signal(signal.SIGTERM)
    server.wait(30)
    assert not (tmp_path / "store.service.json").exists(), "a stopped service withdraws its announcement"


def test_ingest_and_remove_go_through_the_running_service(served):
    store, base, announcement = served
    assert json.loads(announcement.read_text())["url"] == base
    assert oct(announcement.stat().st_mode & 0o777) == "0o600"
    before = status(base)

    added = kg("ingest", "--store", store, str(DATA / "city_plan.txt"))
    assert added.returncode == 0, added.stderr
    assert "sending the files to the service" in added.stderr and "city_plan.txt" in added.stdout
    seconds = wait_for(lambda: (now := status(base))["documents"] == before["documents"] + 1
                       and not now["index"]["building"] and now["index"]["built_at"] > before["index"]["built_at"], 60)
    assert seconds < 60
    answers = requests.get(base + "/api/ask", params={"q": "株洲加装电梯谁牵头"}, timeout=30).json()["answers"]
    assert answers[0]["region"] == "株洲市" and answers[0]["bodies"][0]["label"] == "株洲市住房和城乡建设局"

    number = next(d["number"] for d in requests.get(base + "/api/documents", timeout=10).json()["documents"]
                  if d["region"] == "株洲市")
    assert kg("remove", "--store", store, number).returncode == 0
    assert status(base)["documents"] == before["documents"]
    missing = kg("remove", "--store", store, "没有这个文件")
    assert missing.returncode == 1 and "no such document" in missing.stderr


def test_a_bad_file_sent_to_the_service_is_refused_alone(served, tmp_path):
    store, base, _ = served
    (tmp_path / "empty.docx").write_bytes(b"")
    result = kg("ingest", "--store", store, str(tmp_path / "empty.docx"), str(DATA / "district_plan.txt"))
    assert result.returncode == 0
    assert "empty.docx: empty file" in result.stderr and "1 ingested, 1 failed" in result.stderr


def test_the_announcement_goes_with_the_service(tmp_path):
    from kg.service import announcement, running

    store = f"oxigraph:{tmp_path / 'store'}"
    path = announcement(store)
    path.write_text(json.dumps({"url": "http://127.0.0.1:1", "token": "t", "pid": 2**22 + 12345}))
    assert running(store) is None  # its process is gone: a crash left it behind
    assert announcement("memory") is None and running("sparql:http://example.org/sparql") is None


def test_questions_go_through_the_service_and_other_commands_say_why_they_cannot(served):
    store, _, _ = served
    asked = kg("ask", "--store", store, "--json", "谁牵头加装电梯")
    assert asked.returncode == 0 and json.loads(asked.stdout)["answers"][0]["region"] == "湖南省"
    listed = kg("documents", "--store", store)
    assert listed.returncode == 1 and "in use by another process" in listed.stderr
    assert "Traceback" not in listed.stderr
