"""The JSON API: a thin shell over search/, kg/ and ingest/, identified by the graph's IRIs.

Every resource carries its IRI and a short `id`: the URL-safe slug after /id/<kind>/, which
can be put back into the URL as is. Every error under /api is {"error": {"status", "message"}}.
"""

from __future__ import annotations

import hmac
import logging
from collections import defaultdict

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from ingest.read import ReadError
from ingest.worker import ingest_one
from kg import queries
from kg.load import load_document
from kg.vocab import ID, ROLE_IRIS, slug, sparql_prefixes
from search.ask import passage_json
from search.passages import stored_documents
from web.app import services
from web.openapi import openapi

bp = Blueprint("api", __name__)
log = logging.getLogger(__name__)

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
ROLES = tuple(ROLE_IRIS)

ORGS = (
    sparql_prefixes()
    + """SELECT ?org ?label ?alt ?place WHERE {
  GRAPH ?g {
    ?org a org:Organization ; skos:prefLabel ?label .
    OPTIONAL { ?org skos:altLabel ?alt }
    OPTIONAL { ?org pk:jurisdiction ?p . ?p skos:prefLabel ?place }
  }
}"""
)

ATTACHMENTS = (
    sparql_prefixes()
    + """SELECT ?doc ?title WHERE {
  GRAPH ?doc { ?a a pk:Attachment ; dcterms:title ?title ; dcterms:isPartOf ?doc }
} ORDER BY ?a"""
)


class ApiError(HTTPException):
    """An HTTP error with our own message (the status picks the reason phrase)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.code = status


# ------------------------------------------------------------------ identifiers


def resource_id(iri: str, kind: str) -> str:
    """The part of an IRI after id/<kind>/: short, URL-safe, and accepted back by the routes."""
    prefix = f"{ID}{kind}/"
    return iri[len(prefix) :] if iri.startswith(prefix) else iri


def candidate_iris(ident: str, kind: str) -> list[str]:
    """IRIs an id from a URL may mean: the slug as given, or decoded once by the server, or an IRI."""
    return [ident, f"{ID}{kind}/{ident}", f"{ID}{kind}/{slug(ident)}"]


def document_ref(iri: str, title: str = "") -> dict:
    return {"id": resource_id(iri, "doc"), "iri": iri, "title": title}


# ------------------------------------------------------------------ errors and CORS


def error(status: int, message: str):
    """The one error shape of the API."""
    response = jsonify({"error": {"status": status, "message": message}})
    response.status_code = status
    return response


@bp.errorhandler(HTTPException)
def http_error(err: HTTPException):
    response = error(err.code or 500, err.description or err.name)
    if isinstance(err, MethodNotAllowed) and err.valid_methods:
        response.headers["Allow"] = ", ".join(err.valid_methods)
    return response


def is_api_path() -> bool:
    return request.path.startswith("/api") or request.path == "/openapi.json"


@bp.record_once
def json_errors_under_api(state) -> None:
    """Routing errors (a path no rule matches, a wrong method) belong to no blueprint, so they reach
    the app's handlers: answer them in the API's shape under /api, and leave other paths to the
    handler another blueprint set, wrapped rather than replaced."""
    app_handlers = state.app.error_handler_spec[None]
    for code in (None, 404, 405):
        for exc_class, previous in list(app_handlers[code].items()) or [(HTTPException, None)]:
            state.app.register_error_handler(code or exc_class, api_first(previous))


def api_first(previous):
    def handle(err):
        if is_api_path() and isinstance(err, HTTPException):
            return http_error(err)
        return previous(err) if previous else err

    return handle


@bp.errorhandler(Exception)
def unexpected_error(err: Exception):
    """A bug must still answer in the API's shape; the traceback goes to the log."""
    log.exception("API request failed: %s", request.path)
    return error(500, "internal error")


@bp.route("/api", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/api/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_route(rest: str = ""):
    """Unknown paths under /api land here, so their 404 (or 405) is answered by this blueprint."""
    allowed = other_methods(request.path)
    if allowed:
        raise MethodNotAllowed(valid_methods=allowed)
    raise NotFound(f"no such API route: {request.path}")


def other_methods(path: str) -> list[str]:
    """Methods another route of the app accepts for this path (it matched the catch-all instead)."""
    adapter = current_app.url_map.bind("localhost")
    allowed = []
    for method in ("GET", "POST", "DELETE"):
        try:
            endpoint, _ = adapter.match(path, method=method)
        except HTTPException:
            continue
        if endpoint != "api.unknown_route":
            allowed.append(method)
    return allowed


@bp.after_app_request
def cors(response):
    """Let the configured origins (and only those) read /api responses from a browser."""
    origin = request.headers.get("Origin", "")
    if request.path.startswith("/api") and origin in services().settings.cors_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
        response.vary.add("Origin")
    return response


def require_token() -> None:
    """Changes need the API token, or the token `kg serve` gave local commands; with neither they are off."""
    settings = services().settings
    tokens = [token for token in (settings.api_token, settings.local_token) if token]
    if not tokens:
        raise ApiError(403, "changes through the API are disabled (no API token is configured)")
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise ApiError(401, "a bearer token is required")
    sent = header[len("Bearer ") :].strip()
    if not any(hmac.compare_digest(sent, token) for token in tokens):
        raise ApiError(403, "the token is not valid")


# ------------------------------------------------------------------ parameters


def required_text(name: str) -> str:
    value = request.args.get(name, "").strip()
    if not value:
        raise ApiError(400, f"the parameter {name!r} is required")
    return value


def int_arg(name: str, default: int, low: int, high: float = float("inf")) -> int:
    raw = request.args.get(name, "")
    try:
        value = int(raw) if raw.strip() else default
    except ValueError:
        raise ApiError(400, f"{name!r} must be an integer") from None
    if not low <= value <= high:
        bounds = f"at least {low}" + (f" and at most {high}" if high != float("inf") else "")
        raise ApiError(400, f"{name!r} must be {bounds}")
    return value


# ------------------------------------------------------------------ openapi, ask and search


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi())


@bp.get("/api/ask")
def ask():
    """The same object `kg ask --json` prints."""
    return jsonify(services().asker().ask(required_text("q")))


@bp.get("/api/search")
def search():
    index = services().asker().index
    query = required_text("q")
    limit = int_arg("limit", 20, 1, MAX_LIMIT)
    return jsonify(
        {"query": query, "passages": [passage_json(index, hit) for hit in index.search(query, k=limit)]}
    )


# ------------------------------------------------------------------ documents


def corpus_documents() -> dict:
    """The documents of the store as it is now (the search index may be a rebuild behind)."""
    return stored_documents(services().store)


def task_counts() -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for task in queries.tasks(services().store):
        counts[task["document"]] += 1
    return counts


def attachments() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for row in services().store.query(ATTACHMENTS):
        found[str(row.doc)].append(str(row.title))
    return found


def document_json(doc, tasks: int, attached: list[str]) -> dict:
    """A document's metadata, the documents it rests on, its attachments and its number of tasks."""
    return {
        **document_ref(doc.iri, doc.title),
        "number": doc.number,
        "region": doc.region,
        "level": doc.level,
        "file": doc.file,
        "signed": doc.signed,
        "issued": doc.issued,
        "addressees": doc.addressees,
        "issuers": doc.issuers,
        "basis": [{"title": title, "number": number} for title, number in doc.basis],
        "attachments": attached,
        "tasks": tasks,
    }


def find_document(ident: str):
    """The stored document an id, IRI or 文号 names, or a 404."""
    docs = corpus_documents()
    for iri in candidate_iris(ident, "doc"):
        if iri in docs:
            return docs[iri]
    for doc in docs.values():
        if ident and ident == doc.number:
            return doc
    raise ApiError(404, f"no such document: {ident}")


@bp.get("/api/status")
def status():
    """How many documents the store holds, and whether the search index has caught up with them."""
    return jsonify({"documents": len(services().store.documents()), "index": services().index.status()})


@bp.get("/api/documents")
def list_documents():
    counts, attached = task_counts(), attachments()
    docs = sorted(corpus_documents().values(), key=lambda d: (d.title, d.iri))
    return jsonify({"documents": [document_json(d, counts[d.iri], attached[d.iri]) for d in docs]})


@bp.get("/api/documents/<path:ident>")
def get_document(ident: str):
    doc = find_document(ident)
    return jsonify(document_json(doc, task_counts()[doc.iri], attachments()[doc.iri]))


@bp.post("/api/documents")
def upload_document():
    """Ingest one uploaded file; a file that cannot be read or validated leaves the store as it was."""
    require_token()
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(400, "send the file as multipart/form-data in the field 'file'")
    name = upload.filename or "upload.txt"
    try:
        document = ingest_one(name, upload.read())  # in a worker: bounded in time and memory
    except ReadError as err:
        raise ApiError(422, str(err)) from None
    outcome = load_document(services().store, document, name)
    if outcome.error:
        raise ApiError(422, outcome.error)
    services().store_changed()
    iri = f"{ID}doc/{slug(document.key)}"
    response = jsonify({**document_ref(iri, document.metadata.title), "summary": outcome.summary})
    response.status_code = 201
    response.headers["Location"] = f"/api/documents/{resource_id(iri, 'doc')}"
    return response


@bp.delete("/api/documents/<path:ident>")
def delete_document(ident: str):
    require_token()
    doc = find_document(ident)
    services().store.remove_document(doc.iri)
    services().store_changed()
    return "", 204


# ------------------------------------------------------------------ organisations


def all_orgs() -> dict[str, dict]:
    """Every body: canonical labels, names written for it, jurisdiction (merged across documents)."""
    orgs: dict[str, dict] = {}
    for row in services().store.query(ORGS):
        iri = str(row.org)
        org = orgs.setdefault(
            iri, {"id": resource_id(iri, "org"), "iri": iri, "labels": [], "names": [], "jurisdiction": ""}
        )
        add_unique(org["labels"], str(row.label))
        if row.alt is not None:
            add_unique(org["names"], str(row.alt))
        if row.place is not None:
            org["jurisdiction"] = str(row.place)
    return orgs


def add_unique(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


@bp.get("/api/orgs")
def list_orgs():
    query = request.args.get("q", "").strip()
    orgs = [o for o in all_orgs().values() if any(query in n for n in o["labels"] + o["names"])]
    return jsonify({"orgs": sorted(orgs, key=lambda o: (o["labels"][0], o["iri"]))})


@bp.get("/api/orgs/<path:ident>")
def get_org(ident: str):
    orgs = all_orgs()
    org = next((orgs[iri] for iri in candidate_iris(ident, "org") if iri in orgs), None)
    if org is None:
        raise ApiError(404, f"no such body: {ident}")
    return jsonify({**org, "documents": org_tasks(org["iri"])})


def org_tasks(org: str) -> list[dict]:
    """The body's tasks by document, split by the role it has in each."""
    titles = {iri: doc.title for iri, doc in corpus_documents().items()}
    grouped: dict[str, dict] = {}
    for task in queries.tasks(services().store):
        for role in ROLES:
            if any(body["iri"] == org for body in task[role]):
                entry = grouped.setdefault(
                    task["document"],
                    {
                        "document": document_ref(task["document"], titles.get(task["document"], "")),
                        **{r: [] for r in ROLES},
                    },
                )
                entry[role].append(task_json(task))
    return list(grouped.values())


# ------------------------------------------------------------------ tasks and terms


def task_json(task: dict) -> dict:
    return {"id": resource_id(task["iri"], "task"), **task}


def names_body(bodies: list[dict], wanted: str) -> bool:
    """A body is named by its name as written, its canonical label, its IRI or its id."""
    return any(wanted in (b["name"], b["label"], b["iri"], resource_id(b["iri"], "org")) for b in bodies)


def task_filter(docs: dict):
    """A predicate for the filters given in the query string."""
    args = {name: request.args.get(name, "").strip() for name in (*ROLES, "document", "region", "q")}
    document = find_document(args["document"]).iri if args["document"] else ""

    def keep(task: dict) -> bool:
        doc = docs.get(task["document"])
        return (
            all(names_body(task[role], args[role]) for role in ROLES if args[role])
            and (not document or task["document"] == document)
            and (not args["region"] or (doc is not None and args["region"] in doc.region))
            and args["q"] in task["text"]
        )

    return keep


@bp.get("/api/tasks")
def list_tasks():
    limit = int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = int_arg("offset", 0, 0)
    keep = task_filter(corpus_documents())
    found = [t for t in queries.tasks(services().store) if keep(t)]
    return jsonify(
        {
            "total": len(found),
            "limit": limit,
            "offset": offset,
            "tasks": [task_json(t) for t in found[offset : offset + limit]],
        }
    )


@bp.get("/api/terms")
def list_terms():
    query = request.args.get("q", "").strip()
    corpus = services().asker().index.corpus
    terms = [
        {
            "id": resource_id(p.iri, "term"),
            "iri": p.iri,
            "label": p.title,
            "definition": p.text,
            "document": document_ref(p.doc, corpus.documents[p.doc].title),
        }
        for p in corpus.passages
        if p.kind == "term" and (query in p.title or query in p.text)
    ]
    return jsonify({"terms": terms})
