"""Where exact vector search stops being fast enough: flat against IVF, by size.

    .venv/bin/python tests/benchmark_vectors.py [--sizes 50000 100000 200000 400000]

For each size, vectors shaped like the corpus's (384 dimensions, normalised, clustered as
passages of one genre are) are searched by 100 queries near them, unfiltered and within a
tenth of the numbers (a region's filter); prints the median milliseconds per query for the
exact index and the IVF one, and the IVF's recall of the exact top 10. FLAT_LIMIT in
search/vectors.py is set from this table.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from search.vectors import VectorIndex

DIM = 384


def corpus_like(count: int, rng: np.random.Generator) -> np.ndarray:
    """Vectors around a few hundred topics, as passages of one genre lie."""
    centres = rng.standard_normal((max(8, count // 500), DIM)).astype(np.float32)
    vectors = centres[rng.integers(0, len(centres), count)] + 0.6 * rng.standard_normal((count, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def timed(index: VectorIndex, queries: np.ndarray, allowed: np.ndarray | None) -> tuple[float, list[list[int]]]:
    times, found = [], []
    for query in queries:
        started = time.perf_counter()
        found.append([n for n, _ in index.search(query, 10, allowed)])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000, 400_000])
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    print("| vectors | flat ms | flat, a tenth allowed | IVF ms | IVF, a tenth allowed | IVF recall@10 |")
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        vectors, numbers = corpus_like(size, rng), np.arange(size, dtype=np.int64)
        queries = vectors[rng.integers(0, size, 100)] + 0.3 * rng.standard_normal((100, DIM)).astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        allowed = np.sort(rng.choice(numbers, size // 10, replace=False))
        flat, ivf = VectorIndex(DIM, "flat"), VectorIndex(DIM, "ivf")
        flat.add(numbers, vectors)
        ivf.add(numbers, vectors)
        flat_ms, exact = timed(flat, queries, None)
        flat_filtered, _ = timed(flat, queries, allowed)
        ivf_ms, approximate = timed(ivf, queries, None)
        ivf_filtered, _ = timed(ivf, queries, allowed)
        recall = statistics.mean(len(set(a) & set(e)) / 10 for a, e in zip(approximate, exact, strict=True))
        print(f"| {size:,} | {flat_ms:.1f} | {flat_filtered:.1f} | {ivf_ms:.1f} | {ivf_filtered:.1f} | {recall:.3f} |")


if __name__ == "__main__":
    main()
