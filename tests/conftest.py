"""Shared fixtures: the sample corpus carried by the project, and ../shared when it is there."""

from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "ingest" / "sample_corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(SAMPLE.glob("*.txt"))


@pytest.fixture(scope="session")
def extra_dir() -> Path:
    extra = SHARED / "corpus-extra"
    if not extra.is_dir():
        pytest.skip("../shared/corpus-extra is not beside the project")
    return extra


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A real HTTP server (waitress, in a thread) over a fresh embedded store holding the plans
    in tests/data; lexical search only. Yields (base URL, settings)."""
    from web.app import Settings

    folder = tmp_path_factory.mktemp("web")
    settings = Settings(
        store=f"oxigraph:{folder / 'store'}",
        index=str(folder / "index"),
        embedder="none",
        update_token="update-secret",
        api_token="api-secret",
        upload_max_bytes=200_000,
        sparql_time_limit_ms=2_000,
        max_returned_rows=500,
        cors_origins=["https://example.org"],
    )
    names = ("province_plan.txt", "city_plan.txt", "district_plan.txt")
    with _serving(settings, [Path(__file__).parent / "data" / name for name in names]) as base:
        yield base, settings


@pytest.fixture(scope="session")
def sample_server(tmp_path_factory, sample_files):
    """A real HTTP server over the sample corpus (a province plan, two cities' and a district's that
    carry it out): the ground for the lineage pages. Yields its base URL."""
    from web.app import Settings

    folder = tmp_path_factory.mktemp("sample-web")
    with _serving(Settings(store=f"oxigraph:{folder / 'store'}", index=str(folder / "index"), embedder="none"),
                  sample_files) as base:
        yield base


@contextmanager
def _serving(settings, files: list[Path]):
    """The app over a store holding these files, served on a free port until the block ends."""
    import socket
    import threading
    import time
    import urllib.request

    from waitress.server import create_server

    from ingest.pipeline import ingest_file
    from kg.load import load_document
    from web.app import create_app

    app = create_app(settings)
    services = app.config["SERVICES"]
    for path in files:
        load_document(services.store, ingest_file(path))
    services.store_changed()
    assert services.index.wait(), "the search index was not built"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    httpd = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=httpd.run, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/documents", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        httpd.close()
        services.store.close()
