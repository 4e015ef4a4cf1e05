"""Users' SPARQL queries run in worker processes, so the time limit really ends them.

Oxigraph cannot interrupt a query from Python, and a query thread past its limit would go on
using a core. So each query goes to one of a fixed number of worker processes, which read a
snapshot of the embedded store (a checkpoint: hard links, taken after every change, read-only,
written by nobody). A worker that passes the time limit is killed and replaced; when every worker
is busy a query waits at most the time limit for one. Endless queries from many clients at once
therefore hold at most the pool's workers and never the service's own threads.
"""

from __future__ import annotations

import atexit
import itertools
import multiprocessing
import queue
import shutil
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from kg.sparql import QueryError
from kg.sparql_results import Answer, QueryTimeout


class QueryBusy(Exception):
    """Every worker stayed busy for the whole time limit."""


class QueryPool:
    """A fixed set of query workers over the latest snapshot of an embedded store."""

    def __init__(self, store, snapshots: Path, size: int = 2):
        self.store, self.snapshots = store, Path(snapshots)
        self._generation = itertools.count()
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("forkserver")
        shutil.rmtree(self.snapshots, ignore_errors=True)
        self.snapshot = ""
        self.store_changed()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(size):
            self._idle.put(_Worker(self._context))
        atexit.register(self.close)  # snapshots hold on to old store files: gone with the service

    def store_changed(self) -> None:
        """Take a new snapshot for the queries that come next; drop all but the one before it."""
        with self._lock:
            target = self.snapshots / str(next(self._generation))
            self.snapshots.mkdir(parents=True, exist_ok=True)
            self.store.snapshot(target)
            for old in self.snapshots.iterdir():
                if old.name not in (target.name, Path(self.snapshot).name):
                    shutil.rmtree(old, ignore_errors=True)
            self.snapshot = str(target)

    def run(self, query: str, fmt: str | None, accept: str, limit_ms: int, max_rows: int) -> Answer:
        """The answer; QueryError for a bad query, QueryTimeout past the limit, QueryBusy with no worker free."""
        deadline = time.monotonic() + limit_ms / 1000
        try:
            worker = self._idle.get(timeout=limit_ms / 1000)
        except queue.Empty:
            raise QueryBusy from None
        try:
            return worker.run((self.snapshot, query, fmt, accept, deadline - time.monotonic(), max_rows), deadline)
        except QueryTimeout:
            worker.stop()
            worker = _Worker(self._context)
            raise
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get().stop()
        shutil.rmtree(self.snapshots, ignore_errors=True)


class _Worker:
    def __init__(self, context):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True, name="sparql-worker")
        self.process.start()
        child.close()

    def run(self, job: tuple, deadline: float) -> Answer:
        self.connection.send(job)
        if not self.connection.poll(max(0.0, deadline - time.monotonic())):
            raise QueryTimeout
        kind, value = self.connection.recv()
        if kind == "answer":
            return value
        if kind == "timeout":
            raise QueryTimeout
        raise QueryError(value)

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


def _serve(connection: Connection) -> None:
    """A worker's loop: open the snapshot a job names (reopened when it changes), answer, repeat."""
    from werkzeug.datastructures import MIMEAccept
    from werkzeug.http import parse_accept_header

    from kg.sparql import execute
    from kg.sparql_results import answer
    from kg.store import read_only_store

    store, opened = None, ""
    while True:
        try:
            snapshot, query, fmt, accept, seconds, max_rows = connection.recv()
        except EOFError:
            return
        try:
            if snapshot != opened:
                store, opened = read_only_store(snapshot), snapshot
            result = execute(store, query)
            found = answer(result, fmt, parse_accept_header(accept, MIMEAccept), time.monotonic() + seconds, max_rows)
            connection.send(("answer", found))
        except QueryTimeout:
            connection.send(("timeout", ""))
        except QueryError as err:
            connection.send(("error", str(err)))
        except Exception as err:  # serializing odd results: the user needs the message, the worker goes on
            connection.send(("error", f"{type(err).__name__}: {err}"))
