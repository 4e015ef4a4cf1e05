"""Question-answering latency and memory after load: `python -m search.benchmark`.

Loads the store's asker once, then times every question (each asked --rounds times) and
prints the median and 95th percentile per question, and the process's peak memory.
Questions come from a JSON-lines file with a "question" field (default: the dev set in
../shared/eval) or a plain text file, one per line.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

from kg.store import DEFAULT_STORE, open_store
from search.ask import open_asker
from search.index import index_folder

DEV_SET = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "qa_dev.jsonl"


def read_questions(path: Path) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line)["question"] if line.startswith("{") else line for line in lines]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", default=DEFAULT_STORE)
    parser.add_argument("--index", default=None)
    parser.add_argument("--embedder", default=None)
    parser.add_argument("--questions", type=Path, default=DEV_SET)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    questions = read_questions(args.questions)
    store = open_store(args.store)
    started = time.perf_counter()
    asker = open_asker(store, index_folder(args.store, args.index), args.embedder)
    load_seconds = time.perf_counter() - started
    asker.ask(questions[0])  # warm-up: first-call costs (jieba dictionary, engine threads)
    times = []
    for _ in range(args.rounds):
        for question in questions:
            t0 = time.perf_counter()
            asker.ask(question)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"questions {len(questions)} x {args.rounds} rounds; load {load_seconds:.1f} s")
    print(f"latency per question: median {statistics.median(times):.1f} ms, "
          f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms, max {times[-1]:.1f} ms")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    store.close()


if __name__ == "__main__":
    main()
