"""Passage embeddings kept on disk, so re-indexing text that has not changed costs no model time."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np

from search.embed import Embedder

SCHEMA = """CREATE TABLE IF NOT EXISTS vectors (
    embedder TEXT NOT NULL,
    sha1 TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (embedder, sha1)
) WITHOUT ROWID"""


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors of one embedder keyed by the sha1 of their text, in an SQLite file at path.

    SQLite, because a save is one transaction: an interrupted indexing run leaves the
    cache as it was, never half-written. New vectors stay in memory until save().
    """

    def __init__(self, path: str | Path, embedder_name: str):
        self.path, self.embedder_name = Path(path), embedder_name
        self._unsaved: dict[str, np.ndarray] = {}

    def embed_passages(self, embedder: Embedder, texts: list[str]) -> np.ndarray:
        """embedder.embed_passages(texts), computing only the texts not cached yet."""
        if embedder.name != self.embedder_name:
            raise ValueError(f"this cache holds {self.embedder_name} vectors, not {embedder.name}")
        keys = [text_key(text) for text in texts]
        known = self._stored(set(keys) - self._unsaved.keys()) | self._unsaved
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in known}
        if missing:
            fresh = embedder.embed_passages(list(missing.values()))
            self._unsaved.update(zip(missing, fresh, strict=True))
            known.update(zip(missing, fresh, strict=True))
        return np.array([known[key] for key in keys], dtype=np.float32).reshape(len(keys), embedder.dim)

    def save(self) -> None:
        """Write the vectors computed since the last save."""
        if not self._unsaved:
            return
        rows = [
            (self.embedder_name, key, vector.astype("<f4").tobytes()) for key, vector in self._unsaved.items()
        ]
        with closing(self._connect()) as db, db:
            db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
        self._unsaved.clear()

    def _stored(self, keys: set[str]) -> dict[str, np.ndarray]:
        if not keys or not self.path.exists():
            return {}
        query = "SELECT vector FROM vectors WHERE embedder = ? AND sha1 = ?"
        found = {}
        with closing(self._connect()) as db:
            for key in keys:
                row = db.execute(query, (self.embedder_name, key)).fetchone()
                if row is not None:
                    found[key] = np.frombuffer(row[0], dtype="<f4")
        return found

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        db.execute(SCHEMA)
        return db
