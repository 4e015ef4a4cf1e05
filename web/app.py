"""The Flask application: settings, shared services, and the blueprints (pages, lineage, SPARQL, API)."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from kg.store import DEFAULT_STORE, KnowledgeStore, open_store
from search.live import IndexNotReady


@dataclass
class Settings:
    """Named limits and locations; each can come from the environment (KG_…)."""

    store: str = DEFAULT_STORE
    index: str = ""
    embedder: str | None = None
    sparql_time_limit_ms: int = 10_000
    sparql_workers: int = 2  # processes that run /sparql queries on an embedded store (at most this many at once)
    max_returned_rows: int = 10_000
    upload_max_bytes: int = 20 * 1024 * 1024
    update_token: str = ""
    api_token: str = ""
    cors_origins: list[str] = field(default_factory=list)
    local_token: str = ""  # made by `kg serve` for `kg ingest`/`kg remove` on the same store (kg/service.py)

    @classmethod
    def from_environment(cls, **overrides) -> Settings:
        env = os.environ
        settings = cls(
            store=env.get("KG_STORE", cls.store),
            index=env.get("KG_INDEX", ""),
            embedder=env.get("KG_EMBEDDER"),
            sparql_time_limit_ms=int(env.get("KG_SPARQL_TIME_LIMIT_MS", cls.sparql_time_limit_ms)),
            sparql_workers=int(env.get("KG_SPARQL_WORKERS", cls.sparql_workers)),
            max_returned_rows=int(env.get("KG_MAX_RETURNED_ROWS", cls.max_returned_rows)),
            upload_max_bytes=int(env.get("KG_UPLOAD_MAX_BYTES", cls.upload_max_bytes)),
            update_token=env.get("KG_UPDATE_TOKEN", ""),
            api_token=env.get("KG_API_TOKEN", ""),
            cors_origins=[o for o in env.get("KG_CORS_ORIGINS", "").split(",") if o],
        )
        for name, value in overrides.items():
            setattr(settings, name, value)
        return settings


class Services:
    """The store and the question answerer, shared by every request. The answerer is the last
    complete search index; after an upload or a deletion a new one is built in the background."""

    def __init__(self, settings: Settings):
        from search.index import index_folder
        from search.live import LiveAsker

        self.settings = settings
        self.store: KnowledgeStore = open_store(settings.store)
        self.index_folder = Path(settings.index) if settings.index else index_folder(settings.store, None)
        self.index = LiveAsker(self.store, self.index_folder, settings.embedder)
        self.queries = _query_pool(self.store, settings.sparql_workers)
        self._lock = threading.Lock()

    def asker(self):
        """The asker of the last complete index; IndexNotReady (answered 503) before the first one."""
        return self.index.current()

    def store_changed(self, documents: list[str] | None = None) -> None:
        """Links follow the store at once (only those the changed documents touch, when they are
        known); the search index follows in the background."""
        from kg.links import refresh_links

        with self._lock:
            refresh_links(self.store, documents)
            if self.queries is not None:
                self.queries.store_changed()
        self.index.refresh()


def _query_pool(store: KnowledgeStore, size: int):
    """Query workers for a persistent embedded store; other stores answer /sparql in a thread (a remote
    server bounds its own queries, and an in-memory store cannot be shared with another process)."""
    from kg.query_pool import QueryPool
    from kg.store import EmbeddedStore

    if not isinstance(store, EmbeddedStore) or not store.path or size < 1:
        return None
    return QueryPool(store, Path(store.path + ".snapshots"), size)


def create_app(settings: Settings | None = None) -> Flask:
    """The application for these settings (default: from the environment)."""
    from web import api, lineage, pages, sparql

    app = Flask(__name__)
    app.config["SERVICES"] = Services(settings or Settings.from_environment())
    app.config["MAX_CONTENT_LENGTH"] = app.config["SERVICES"].settings.upload_max_bytes
    app.json.ensure_ascii = False
    app.register_blueprint(pages.bp)
    app.register_blueprint(lineage.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(api.bp)
    app.register_error_handler(IndexNotReady, _not_ready)
    return app


def _not_ready(err: Exception):
    from web.sparql import error_response

    response = error_response(503, str(err))
    response.headers["Retry-After"] = "30"
    return response


def services() -> Services:
    """The running application's services (inside a request)."""
    from flask import current_app

    return current_app.config["SERVICES"]
