"""The load script (search/load_test.py): a short run against the tests' server prints figures that
parse and no errors; a server that is not on this machine is refused before any request."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parent.parent


def run_script(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "search.load_test", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)


def figures(output: str) -> dict[str, str]:
    return dict(line.split(" ", 1) for line in output.strip().splitlines())


def test_short_run_prints_figures_without_errors(server):
    done = run_script("--url", server[0], "--clients", "2", "--seconds", "5", "--pid", str(os.getpid()))
    assert done.returncode == 0, done.stderr
    found = figures(done.stdout)
    assert int(found["errors"]) == 0, found.get("first_error")
    assert int(found["clients"]) == 2
    assert 4.5 <= float(found["seconds"]) < 40
    assert int(found["requests"]) > 2
    assert float(found["answers/s"]) > 0
    assert 0 < float(found["p50_ms"]) <= float(found["p95_ms"]) <= float(found["p99_ms"])
    assert float(found["rss_start_mb"]) > 0 and float(found["rss_end_mb"]) > 0
    assert float(found["server_cpu_ms_per_answer"]) > 0


def test_request_budget_bounds_the_run(server):
    done = run_script("--url", server[0], "--clients", "2", "--seconds", "60", "--max-requests", "6")
    found = figures(done.stdout)
    assert int(found["requests"]) == 6 and int(found["errors"]) == 0
    assert found["rss_start_mb"] == "n/a"


@pytest.mark.parametrize("url", ["http://example.org:8000", "http://10.0.0.1/", "https://127.0.0.1.example.org/"])
def test_other_hosts_are_refused(url):
    done = run_script("--url", url, "--seconds", "1")
    assert done.returncode == 2
    assert "only a server on 127.0.0.1 or localhost" in done.stderr
    assert "answers/s" not in done.stdout
