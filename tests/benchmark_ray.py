"""Documents/s of the ingest loop on this machine's worker processes and on Ray's local mode.

    python tests/benchmark_ray.py --documents 40 [--corpus synthetic|plans] [--cpus 2]

Writes N generated documents to a temporary folder (synthetic: tests/synthetic_corpus.py, 10-60 KB
each; plans: the short plans of tests/plans.py) and ingests them into a fresh embedded store twice: with kg.load.load_files (2 worker processes, as `kg ingest` does) and with
kg.distributed.load_files_on_ray on a local Ray runtime, whose start-up is timed on its own. Links
and search indexes are left out: they are the same work either way. Prints seconds, documents/s
and the load average after each run (the figures are only as quiet as the machine).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def timed(label: str, run) -> None:
    started = time.monotonic()
    count = run()
    seconds = time.monotonic() - started
    rate = f"  {count / seconds:.2f} documents/s" if count else ""
    print(f"{label:<22}{seconds:7.1f} s{rate}  load {os.getloadavg()[0]:.2f}", flush=True)


def ingested(outcomes) -> int:
    outcomes = list(outcomes)
    failed = [o for o in outcomes if o.error]
    if failed:
        raise SystemExit(f"{len(failed)} failed, e.g. {failed[0].path}: {failed[0].error}")
    return len(outcomes)


def written(corpus: str, folder: Path, count: int) -> list[Path]:
    if corpus == "plans":
        from plans import write_plans

        return write_plans(folder, count)
    from synthetic_corpus import Generator, write_corpus

    write_corpus(folder, Generator(7).documents(count))
    return sorted(folder.glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--corpus", choices=("synthetic", "plans"), default="synthetic")
    parser.add_argument("--cpus", type=int, default=None, help="CPUs of the local runtime (default: all)")
    args = parser.parse_args()

    import ray

    from kg.distributed import connect, load_files_on_ray
    from kg.load import load_files
    from kg.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        paths = written(args.corpus, Path(folder) / "documents", args.documents)
        size = sum(path.stat().st_size for path in paths)
        print(f"{len(paths)} {args.corpus} documents, {size / 1e6:.1f} MB, load {os.getloadavg()[0]:.2f} before")
        with open_store(f"oxigraph:{folder}/local") as store:
            timed("worker processes", lambda: ingested(load_files(store, paths, workers=2)))
        timed("Ray start", lambda: connect("local", num_cpus=args.cpus))
        with open_store(f"oxigraph:{folder}/ray") as store:
            timed("Ray local mode", lambda: ingested(load_files_on_ray(store, paths)))
        ray.shutdown()


if __name__ == "__main__":
    main()
