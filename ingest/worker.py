"""Files read in worker processes: a damaged or hostile file costs one worker, never the batch.

Each worker reads one file at a time under a memory limit and tells its parent of every OCR
page it finishes; a worker that goes quiet for longer than a page can take, or dies, is ended
and its file reported as failed, and a fresh worker takes the next file. Several workers read
side by side, so a long scan does not hold up the other files.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from ingest.read import MAX_BYTES, ReadError

MEMORY_LIMIT = 4 * 1024**3  # address space of one worker: OCR peaks near 1 GB, a bomb goes far past
STALL_SECONDS = 300.0  # no page finished for this long: the worker is stuck on a hostile file


@dataclass
class Item:
    """One thing to read: a file on disk, or bytes with the name they came under (an upload, a zip member)."""

    name: str
    path: str = ""
    raw: bytes | None = None


@dataclass
class Result:
    """A read item: its Document, or the reason it could not be read."""

    item: Item
    document: object = None
    error: str = ""


def ingest_items(
    items: Iterable[Item],
    workers: int = 2,
    max_bytes: int = MAX_BYTES,
    on_page: Callable[[str, int], None] | None = None,
    stall: float = STALL_SECONDS,
    memory: int = MEMORY_LIMIT,
    finish: Callable | None = None,
) -> Iterator[Result]:
    """Results as workers finish them (not in input order); on_page hears of each OCR page done.
    finish, a module-level function, turns each Document into what is sent back, in the worker
    (kg/bulk.py builds and validates its graph there, so that work runs side by side too)."""
    pending = list(items)[::-1]
    context = multiprocessing.get_context("forkserver")
    idle: list[_Worker] = []
    busy: dict[Connection, _Worker] = {}
    try:
        while pending or busy:
            while pending and len(busy) < max(1, workers):
                worker = idle.pop() if idle else _Worker(context, max_bytes, memory, finish)
                worker.start(pending.pop())
                busy[worker.connection] = worker
            for connection in wait(list(busy), timeout=1.0):
                worker = busy[connection]
                result = worker.receive(on_page)
                if result is not None:
                    del busy[connection]
                    (idle if worker.alive() else []).append(worker)
                    yield result
            for connection, worker in list(busy.items()):
                if time.monotonic() - worker.heard > stall:
                    worker.stop()
                    del busy[connection]
                    yield Result(worker.item, error=f"reading stopped after {stall:.0f} s without progress")
    finally:
        for worker in [*idle, *busy.values()]:
            worker.stop()


def ingest_one(name: str, raw: bytes, max_bytes: int = MAX_BYTES, stall: float = STALL_SECONDS):
    """The Document of one file's bytes read in a worker; ReadError when it cannot be read."""
    result = next(ingest_items([Item(name, raw=raw)], workers=1, max_bytes=max_bytes, stall=stall))
    if result.error:
        raise ReadError(result.error)
    return result.document


class _Worker:
    def __init__(self, context, max_bytes: int, memory: int, finish: Callable | None):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, max_bytes, memory, finish), daemon=True)
        self.process.start()
        child.close()
        self.item: Item | None = None
        self.heard = time.monotonic()

    def start(self, item: Item) -> None:
        self.item, self.heard = item, time.monotonic()
        self.connection.send(item)

    def receive(self, on_page) -> Result | None:
        try:
            message = self.connection.recv()
        except (EOFError, OSError):
            code = self.process.exitcode
            self.stop()
            return Result(self.item, error=_death(code))
        self.heard = time.monotonic()
        kind, *rest = message
        if kind == "page":
            if on_page:
                on_page(*rest)
            return None
        document, error = rest
        return Result(self.item, document=document, error=error)

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        return f"the reader was ended by signal {-code} (out of memory, or a crash on a malformed file)"
    return "the reader stopped without an answer (out of memory, or a crash on a malformed file)"


def _serve(connection: Connection, max_bytes: int, memory: int, finish: Callable | None) -> None:
    """A worker's loop: read each item sent, answer with its Document (or what finish makes of it)
    or the reason it failed."""
    from ingest.formats import progress
    from ingest.pipeline import ingest_file, ingest_source
    from ingest.read import check_text, read_bytes

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    progress.listener = lambda what, total: connection.send(("page", what, total))
    while True:
        try:
            item = connection.recv()
        except EOFError:
            return
        try:
            if item.raw is None:  # a file on disk
                document = ingest_file(item.path, max_bytes)
            else:
                document = ingest_source(check_text(read_bytes(item.raw, item.name), max_bytes))
            connection.send(("done", finish(document) if finish else document, ""))
        except ReadError as err:
            connection.send(("done", None, str(err)))
        except MemoryError:
            connection.send(("done", None, f"needs more than the {memory / 1024**3:.0f} GB a file may use"))
        except Exception as err:  # a parser bug must not stop the batch; say which file and why
            connection.send(("done", None, f"could not be parsed ({type(err).__name__}: {err})"))
