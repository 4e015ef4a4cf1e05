"""The asker a running service answers with, kept following the store by a background thread.

The index is changed in one background thread, never inside a request. At start the saved
index is opened as it is, even when the store has changed since (after a crash, say), so
the service answers within seconds while the changes are applied; every change to the
store asks the thread to follow it, and changes that come while it works are folded into
its next round. A document's change is applied whole or not at all, and the names
questions are read against (the lexicon) are renewed after each round, in one swap.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from kg.store import KnowledgeStore
from search.ask import Asker, embedder_named
from search.index import SearchIndex

log = logging.getLogger(__name__)


class IndexNotReady(Exception):
    """No index has followed this store to the end yet (a first start); one is on its way."""


class LiveAsker:
    """The current Asker, and the background thread that keeps its index following the store."""

    def __init__(self, store: KnowledgeStore, folder: str | Path, embedder: str | None):
        self.store, self.folder = store, Path(folder)
        self.embedder = embedder_named(embedder)  # loaded once: every round and its questions share it
        self.index = SearchIndex.open(self.folder, self.embedder)
        self._asker: Asker | None = Asker.over(self.index, self.store) if self.index.complete else None
        self._wanted = threading.Event()
        self._idle = threading.Condition()
        self._busy = False
        self.built_at: float | None = None
        self.error = ""
        threading.Thread(target=self._run, name="index-follower", daemon=True).start()
        self.refresh()

    def current(self) -> Asker:
        """The asker; IndexNotReady until the index has followed the store once."""
        asker = self._asker
        if asker is None:
            raise IndexNotReady("the search index is being built for the first time; ask again in a minute")
        return asker

    def refresh(self) -> None:
        """Ask for the index to follow the store as it is now (returns at once)."""
        with self._idle:
            self._busy = True
        self._wanted.set()

    def wait(self, timeout: float = 600.0) -> bool:
        """Block until no round is pending or running (for the tests and `kg serve` start-up)."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._busy, timeout)

    def status(self) -> dict:
        return {"ready": self._asker is not None, "building": self._busy, "built_at": self.built_at,
                "error": self.error}

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            try:
                self.index.follow(self.store)
                self._asker = Asker.over(self.index, self.store)
                self.built_at, self.error = time.time(), ""
            except Exception as err:  # a failed round keeps what was applied in service; say why in the status
                log.exception("index update failed")
                self.error = f"{type(err).__name__}: {err}"
            with self._idle:
                if not self._wanted.is_set():
                    self._busy = False
                    self._idle.notify_all()
