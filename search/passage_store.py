"""Every passage an answer may come from, kept on disk one document at a time.

An SQLite file holds each document's record, its passages (the fact and its evidence,
pickled) with their vectors, which bodies each task names and the terms the document uses
undefined. Adding or replacing a document writes its rows in one transaction; removing one
deletes them: neither touches the others. Memory holds only a catalogue of kind, document
and title per passage, which the readers' scans run over, read the first time a reader needs
it (an ingest that only adds a document never does); whole passages are read when wanted,
and the most recent are kept.
"""

from __future__ import annotations

import pickle
import sqlite3
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from sys import intern

import numpy as np

from search.passages import Corpus, Document, Passage, undefined

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    iri TEXT PRIMARY KEY, stamp TEXT NOT NULL, record BLOB NOT NULL, lexical INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
    record BLOB NOT NULL, vector BLOB);
CREATE INDEX IF NOT EXISTS passages_of_doc ON passages (doc);
CREATE TABLE IF NOT EXISTS holders (
    body TEXT NOT NULL, passage INTEGER NOT NULL, doc TEXT NOT NULL, name TEXT NOT NULL, label TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS holders_of_body ON holders (body);
CREATE INDEX IF NOT EXISTS holders_of_doc ON holders (doc);
CREATE TABLE IF NOT EXISTS undefined (doc TEXT NOT NULL, label TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS undefined_of_doc ON undefined (doc);
"""
KEPT = 20_000  # whole passages kept in memory after reading: a question reads a few hundred


class PassageStore:
    """The passages of the indexed documents, by number; safe to share between threads."""

    def __init__(self, path: Path | None):
        """path None: in memory only (a memory store's index)."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.executescript(SCHEMA)
        self.lock = threading.RLock()
        self._kept: OrderedDict[int, Passage] = OrderedDict()
        self._catalogue: dict[int, tuple[str, str, str]] = {}  # number → (kind, document, title)
        self._of_kind: dict[str, set[int]] = defaultdict(set)
        self._of_doc: dict[str, list[int]] = defaultdict(list)
        self.documents: dict[str, Document] = {}
        self._undefined: set[str] | None = None
        self._listed = False  # whether the catalogue has been read
        for iri, record in self._db.execute("SELECT iri, record FROM documents"):
            self.documents[iri] = pickle.loads(record)

    # ------------------------------------------------------------------ state

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.lock:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def stamps(self) -> dict[str, str]:
        """Each indexed document's stamp (its hash and storage time in the graph)."""
        return dict(self._db.execute("SELECT iri, stamp FROM documents"))

    def unfinished(self) -> list[str]:
        """Documents whose rows were written but whose lexical entries may not have been (a crash between)."""
        return [row[0] for row in self._db.execute("SELECT iri FROM documents WHERE lexical = 0")]

    def mark_lexical(self, iris: Iterable[str]) -> None:
        with self.lock:
            self._db.executemany("UPDATE documents SET lexical = 1 WHERE iri = ?", [(iri,) for iri in iris])

    # ------------------------------------------------------------------ changes

    def add(self, stamp: dict[str, str], corpus: Corpus, vectors: np.ndarray | None) -> list[int]:
        """Store a batch of documents with their passages (vectors row by row, or None), replacing
        any earlier version of them; returns the passages' numbers in the batch's order."""
        numbers = []
        with self.lock:
            self._db.execute("BEGIN")
            try:
                for iri in corpus.documents:
                    self._delete_rows(iri)
                for iri, doc in corpus.documents.items():
                    self._db.execute("INSERT INTO documents VALUES (?, ?, ?, 0)", (iri, stamp[iri], pickle.dumps(doc)))
                for row, passage in enumerate(corpus.passages):
                    vector = None if vectors is None else vectors[row].astype("<f4").tobytes()
                    number = self._insert(passage, vector)
                    passage.number = number
                    numbers.append(number)
                self._db.executemany("INSERT INTO undefined VALUES (?, ?)", sorted(corpus.undefined_by_doc))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            for iri in corpus.documents:
                self._forget(iri)
            self.documents.update(corpus.documents)
            for passage in corpus.passages if self._listed else ():
                self._catalogue_add(passage.number, passage.kind, passage.doc, passage.title)
            self._changed()
        return numbers

    def remove(self, iri: str) -> list[int]:
        """Drop a document and its passages; returns the numbers they had."""
        with self.lock:
            numbers = self._numbers_of(iri)
            self._db.execute("BEGIN")
            self._delete_rows(iri)
            self._db.execute("COMMIT")
            self._forget(iri)
            self._changed()
        return numbers

    def _insert(self, passage: Passage, vector: bytes | None) -> int:
        cursor = self._db.execute(
            "INSERT INTO passages (doc, kind, title, record, vector) VALUES (?, ?, ?, ?, ?)",
            (passage.doc, passage.kind, passage.title, pickle.dumps(passage), vector),
        )
        number = cursor.lastrowid
        if passage.kind == "task":
            bodies = {(b["iri"], b["name"], b["label"]) for held in passage.facts["roles"].values() for b in held}
            self._db.executemany("INSERT INTO holders VALUES (?, ?, ?, ?, ?)",
                                 [(iri, number, passage.doc, name, label) for iri, name, label in sorted(bodies)])
        return number

    def _delete_rows(self, iri: str) -> None:
        for table in ("passages", "holders", "undefined"):
            self._db.execute(f"DELETE FROM {table} WHERE doc = ?", (iri,))
        self._db.execute("DELETE FROM documents WHERE iri = ?", (iri,))

    def _forget(self, iri: str) -> None:
        if iri not in self.documents and iri not in self._of_doc:  # a new document: nothing of it is held
            return
        for number in self._of_doc.pop(iri, []):
            kind, _, _ = self._catalogue.pop(number)
            self._of_kind[kind].discard(number)
        self._kept = OrderedDict((n, p) for n, p in self._kept.items() if p.doc != iri)
        self.documents.pop(iri, None)

    def _numbers_of(self, iri: str) -> list[int]:
        return [row[0] for row in self._db.execute("SELECT id FROM passages WHERE doc = ? ORDER BY id", (iri,))]

    def _changed(self) -> None:
        self._undefined = None

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]

    def get(self, numbers: Iterable[int]) -> list[Passage]:
        """The passages with these numbers, in that order (numbers no longer stored are skipped)."""
        numbers = list(numbers)
        with self.lock:
            missing = [n for n in numbers if n not in self._kept]
            for chunk in range(0, len(missing), 500):
                part = missing[chunk : chunk + 500]
                marks = ",".join("?" * len(part))
                for number, record in self._db.execute(f"SELECT id, record FROM passages WHERE id IN ({marks})", part):
                    passage = pickle.loads(record)
                    passage.number = number
                    self._keep(number, passage)
            found = [self._kept[n] for n in numbers if n in self._kept]
            for passage in found:
                self._kept.move_to_end(passage.number)
        return found

    def of_kind(self, kind: str, doc: str | None = None) -> list[Passage]:
        """Passages of a kind, of one document or of all."""
        with self.lock:
            self._list()
            numbers = [n for n in self._of_doc.get(doc, []) if self._catalogue[n][0] == kind] if doc \
                else sorted(self._of_kind.get(kind, ()))
        return self.get(numbers)

    def titled(self, kind: str, wanted: Callable[[str], bool]) -> list[Passage]:
        """Passages of a kind whose title passes a test, found in the catalogue before any is read."""
        with self.lock:
            self._list()
            numbers = sorted(n for n in self._of_kind.get(kind, ()) if wanted(self._catalogue[n][2]))
        return self.get(numbers)

    def held_by(self, body_iri: str) -> list[Passage]:
        """The tasks that name a body in any role."""
        with self.lock:
            rows = self._db.execute("SELECT DISTINCT passage FROM holders WHERE body = ?", (body_iri,)).fetchall()
        return sorted(self.get(row[0] for row in rows), key=lambda task: task.iri)

    def numbers_in(self, kinds: frozenset[str] | None, docs: set[str] | None) -> np.ndarray:
        """Numbers of the passages of these kinds (None: all) in these documents (None: all)."""
        with self.lock:
            self._list()
            if docs is None:
                pools = [self._of_kind.get(k, ()) for k in kinds] if kinds is not None else [self._catalogue]
                chosen = [n for pool in pools for n in pool]
            else:
                chosen = [n for d in docs for n in self._of_doc.get(d, ())
                          if kinds is None or self._catalogue[n][0] in kinds]
        return np.array(sorted(chosen), dtype=np.int64)

    def vectors(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(numbers, matrix) of the stored vectors, a few thousand at a time."""
        rows = self._db.execute("SELECT id, vector FROM passages WHERE vector IS NOT NULL ORDER BY id")
        while batch := rows.fetchmany(4096):
            numbers = np.array([row[0] for row in batch], dtype=np.int64)
            yield numbers, np.vstack([np.frombuffer(row[1], dtype="<f4") for row in batch])

    def lexical_rows(self, iri: str) -> list[Passage]:
        """A document's passages, as the lexical index is given them."""
        return self.get(self._numbers_of(iri))

    def region_of(self, passage: Passage) -> str:
        doc = self.documents.get(passage.doc)
        return doc.region if doc else ""

    @property
    def undefined_terms(self) -> set[str]:
        """Labels of coined terms some document uses and no document defines."""
        with self.lock:
            if self._undefined is None:
                labels = {row[0] for row in self._db.execute("SELECT DISTINCT label FROM undefined")}
                self._undefined = undefined(labels, list(self.titles("term")))
            return self._undefined

    def bodies(self) -> list[tuple[str, dict]]:
        """(region, body) for every body a task names, once per document and name as written."""
        with self.lock:
            rows = self._db.execute("SELECT doc, body, name, label FROM holders GROUP BY doc, body, name, label ORDER BY MIN(passage)").fetchall()
        regions = {iri: doc.region for iri, doc in self.documents.items()}
        return [(regions.get(doc, ""), {"name": name, "label": label, "iri": body}) for doc, body, name, label in rows]

    def titles(self, kind: str) -> set[str]:
        """The titles of the passages of a kind, from the catalogue."""
        with self.lock:
            self._list()
            return {self._catalogue[n][2] for n in self._of_kind.get(kind, ())}

    # ------------------------------------------------------------------ memory

    def _list(self) -> None:
        """Read the catalogue, once (under the lock)."""
        if not self._listed:
            for number, kind, doc, title in self._db.execute("SELECT id, kind, doc, title FROM passages ORDER BY id"):
                self._catalogue_add(number, kind, doc, title)
            self._listed = True

    def _catalogue_add(self, number: int, kind: str, doc: str, title: str) -> None:
        kind, doc = intern(kind), intern(doc)  # one copy of each, however many passages name it
        self._catalogue[number] = (kind, doc, title)
        self._of_kind[kind].add(number)
        self._of_doc[doc].append(number)

    def _keep(self, number: int, passage: Passage) -> None:
        self._kept[number] = passage
        if len(self._kept) > KEPT:
            self._kept.popitem(last=False)

    def close(self) -> None:
        with self.lock:
            self._db.close()
