"""`kg ingest --ray`: files read, extracted and validated as Ray tasks, on this machine or a cluster.

The driver reads each file's bytes (a node elsewhere cannot see this disk) and sends them a few
files to a task, keeping at most TASKS_PER_CPU tasks per CPU of the cluster in flight. A task
reads its files with ingest.worker.ingest_items, in a reader process under the same memory and
stall limits as a local ingest, so a file that crashes, stalls or overflows costs only itself.
The task turns each Document into its graph and validates it; on a SPARQL server the task stores
the graph itself, while an embedded store, which one process alone may hold, is written by the driver,
to which the task sends the update that replaces the graph (text: an rdflib Graph takes longer to
pickle than to build).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import ray
from rdflib import URIRef

from ingest.read import MAX_BYTES, ReadError, file_bytes
from ingest.worker import Item, Result, ingest_items
from kg.load import Outcome, conforming_graph, items_of, summary
from kg.store import KnowledgeStore, SparqlStore, open_store, replace_graph_update
from kg.vocab import doc_iri

# A task starts one reader process, about 2 s of imports and dictionaries: up to this many files share
# it, and up to this many bytes, which bounds what the driver holds.
FILES_PER_TASK = 32
BYTES_PER_TASK = 32 * 1024**2
TASKS_PER_CPU = 2  # in flight: every CPU busy while results come back, and no more


class RayUnavailable(Exception):
    """No Ray runtime could be started or joined at the address given."""


def connect(address: str, num_cpus: int | None = None) -> None:
    """Start a runtime on this machine (`local`) or join a cluster (`auto`, HOST:PORT, ray://HOST:PORT).
    Nothing is downloaded: no dashboard, no usage report; a runtime already joined is kept."""
    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    options = {"log_to_driver": False, "logging_level": logging.WARNING}
    if address == "local":
        options |= {"num_cpus": num_cpus, "include_dashboard": False}
    else:
        _check_answers(address)
    try:
        ray.init(address=address, **options)
    except (ConnectionError, ValueError, RuntimeError) as err:
        raise RayUnavailable(f"cannot use Ray at {address}: {err}") from err


def _check_answers(address: str) -> None:
    """Ray waits minutes for a cluster that is not there; a closed port is refused at once here."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # `auto`, or a form Ray itself will judge
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as err:
        raise RayUnavailable(f"no Ray cluster answers at {address} ({err.strerror or err})") from err


def load_files_on_ray(store: KnowledgeStore, paths: list[Path], max_bytes: int = MAX_BYTES) -> Iterator[Outcome]:
    """kg.load.load_files on the runtime connect() joined: an outcome per document as it is
    stored, or per file refused, in the order they finish. Never raises for bad input."""
    items, refused = items_of(paths, max_bytes)
    yield from refused
    shared = _shared_spec(store)
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    in_flight: dict[ray.ObjectRef, list[str]] = {}  # task -> its files
    for chunk, unread in _chunks(items, _files_per_task(len(items), cpus), max_bytes):
        yield from unread
        if chunk:
            in_flight[_read_and_validate.remote(chunk, max_bytes, shared)] = [_where(item) for item in chunk]
        while len(in_flight) >= TASKS_PER_CPU * cpus:
            yield from _next_finished(store, in_flight)
    while in_flight:
        yield from _next_finished(store, in_flight)


def _files_per_task(count: int, cpus: int) -> int:
    """Files per task for tasks of equal size in whole rounds over the CPUs, none over FILES_PER_TASK."""
    tasks = cpus * math.ceil(count / (cpus * FILES_PER_TASK))
    return max(1, math.ceil(count / max(1, tasks)))


def _shared_spec(store: KnowledgeStore) -> str | None:
    """The spec tasks open the store by, when they may write it themselves (a SPARQL server)."""
    return f"sparql:{store.query_url}|{store.update_url}" if isinstance(store, SparqlStore) else None


def _chunks(items: list[Item], size: int, max_bytes: int) -> Iterator[tuple[list[Item], list[Outcome]]]:
    """The items a task at a time, carrying their bytes, each with the files that could not be read here."""
    chunk, unread, held = [], [], 0
    for item in items:
        try:
            raw = item.raw if item.raw is not None else file_bytes(Path(item.path), max_bytes)
        except ReadError as err:
            unread.append(Outcome(_where(item), error=str(err)))
            continue
        chunk.append(dataclasses.replace(item, raw=raw))
        held += len(raw)
        if len(chunk) == size or held >= BYTES_PER_TASK:
            yield chunk, unread
            chunk, unread, held = [], [], 0
    yield chunk, unread


def _next_finished(store: KnowledgeStore, in_flight: dict[ray.ObjectRef, list[str]]) -> Iterator[Outcome]:
    """The outcomes of the next task to finish, the updates it sends back applied here; every file
    of a task that failed. (Whole tasks, not a streaming generator: Ray Client has none.)"""
    (done,), _ = ray.wait(list(in_flight), num_returns=1)
    wheres = in_flight.pop(done)
    try:
        finished = ray.get(done)
    except ray.exceptions.RayError as err:  # the task's node or worker was lost, or the task itself failed
        yield from (Outcome(where, error=f"the Ray task reading it failed ({type(err).__name__})") for where in wheres)
        return
    for outcome, update in finished:
        if update:
            store.update(update)
        yield outcome


@ray.remote
def _read_and_validate(items: list[Item], max_bytes: int, shared: str | None) -> list[tuple[Outcome, str]]:
    """One task: each file read in a reader process and made a validated graph, which is stored
    here when the store is shared, else sent back as the update that stores it."""
    store = open_store(shared) if shared else None
    try:
        return [_prepared(result, store) for result in ingest_items(items, workers=1, max_bytes=max_bytes)]
    finally:
        if store is not None:
            store.close()


def _prepared(result: Result, store: KnowledgeStore | None) -> tuple[Outcome, str]:
    where = _where(result.item)
    if result.error:
        return Outcome(where, error=result.error), ""
    try:
        graph, problem = conforming_graph(result.document)
        if problem:
            return Outcome(where, error=problem), ""
        iri = str(doc_iri(result.document.key))
        if store is None:
            return Outcome(where, summary=summary(result.document)), replace_graph_update(URIRef(iri), graph)
        store.replace_document(iri, graph)
    except Exception as err:  # one file's failure is reported for that file; the others go on
        return Outcome(where, error=f"could not be stored ({type(err).__name__}: {err})"), ""
    return Outcome(where, summary=summary(result.document)), ""


def _where(item: Item) -> str:
    return item.path or item.name
