"""The asker a running service answers with: always the last complete index, never one being built.

Indexes are built in one background thread, never inside a request. At start the last saved
index is loaded even when the store has changed since (after a crash, say), so the service
answers within seconds while a fresh one is built; every change to the store asks for a
rebuild, changes that come during a build are folded into the next one, and a finished index
replaces the old one in a single reference swap.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from kg.store import KnowledgeStore
from search.ask import Asker, built_asker, embedder_named, saved_asker

log = logging.getLogger(__name__)


class IndexNotReady(Exception):
    """No index has been built yet for this store (a first start); one is on its way."""


class LiveAsker:
    """The current Asker, and the background thread that keeps it following the store."""

    def __init__(self, store: KnowledgeStore, folder: str | Path, embedder: str | None):
        self.store, self.folder = store, Path(folder)
        self.embedder = embedder_named(embedder)  # loaded once: every rebuild and its questions share it
        self._asker: Asker | None = saved_asker(self.folder, self.embedder)
        self._wanted = threading.Event()
        self._idle = threading.Condition()
        self._busy = False
        self.built_at: float | None = None
        self.error = ""
        threading.Thread(target=self._run, name="index-builder", daemon=True).start()
        self.refresh()

    def current(self) -> Asker:
        """The last complete asker; IndexNotReady before the first one exists."""
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
        """Block until no rebuild is pending or running (for the tests and `kg serve` start-up)."""
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
                self._asker = built_asker(self.store, self.folder, self.embedder)
                self.built_at, self.error = time.time(), ""
            except Exception as err:  # a failed build keeps the last index in service; say why in the status
                log.exception("index build failed")
                self.error = f"{type(err).__name__}: {err}"
            with self._idle:
                if not self._wanted.is_set():
                    self._busy = False
                    self._idle.notify_all()
