"""The JSON API: a thin shell over search/, kg/ and ingest/, identified by the graph's IRIs.

Every resource carries its IRI and a short `id`: the URL-safe slug after /id/<kind>/, which
can be put back into the URL as is. Every error under /api is {"error": {"status", "message"}}.
"""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from ingest.read import ReadError
from ingest.worker import ingest_one
from kg import chains, entities
from kg.entities import TaskFilter
from kg.load import load_document
from kg.vocab import ID, ROLE_IRIS, slug
from search.ask import passage_json
from web.app import services
from web.openapi import openapi

bp = Blueprint("api", __name__)
log = logging.getLogger(__name__)

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
ROLES = tuple(ROLE_IRIS)
DOCUMENT_FIELDS = ("number", "region", "level", "file", "signed", "issued", "addressees", "issuers", "attachments", "tasks")


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


def document_json(doc: dict) -> dict:
    """A document's metadata, the documents it rests on, its attachments and its number of tasks."""
    return {
        **document_ref(doc["iri"], doc["title"]),
        **{key: doc[key] for key in DOCUMENT_FIELDS},
        "basis": [{"title": cited["title"], "number": cited["number"]} for cited in doc["basis"]],
    }


def find_document(ident: str) -> str:
    """The IRI of the stored document an id, IRI or 文号 names, or a 404."""
    iri = entities.document_named(services().store, candidate_iris(ident, "doc"), ident)
    if not iri:
        raise ApiError(404, f"no such document: {ident}")
    return iri


@bp.get("/api/status")
def status():
    """How many documents the store holds, and whether the search index has caught up with them."""
    return jsonify({"documents": len(services().store.documents()), "index": services().index.status()})


@bp.get("/api/documents")
def list_documents():
    return jsonify({"documents": [document_json(doc) for doc in entities.documents(services().store)]})


@bp.get("/api/documents/<path:ident>")
def get_document(ident: str):
    found = entities.documents(services().store, find_document(ident))
    if not found:  # removed since it was found
        raise ApiError(404, f"no such document: {ident}")
    return jsonify({**document_json(found[0]), **chains.plan_lineage(services().store, found[0]["iri"])})


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
    iri = f"{ID}doc/{slug(document.key)}"
    services().store_changed([iri])
    response = jsonify({**document_ref(iri, document.metadata.title), "summary": outcome.summary})
    response.status_code = 201
    response.headers["Location"] = f"/api/documents/{resource_id(iri, 'doc')}"
    return response


@bp.delete("/api/documents/<path:ident>")
def delete_document(ident: str):
    require_token()
    iri = find_document(ident)
    services().store.remove_document(iri)
    services().store_changed([iri])
    return "", 204


# ------------------------------------------------------------------ organisations


def org_json(org: dict) -> dict:
    return {"id": resource_id(org["iri"], "org"), **org}


@bp.get("/api/orgs")
def list_orgs():
    found = entities.orgs(services().store, text=request.args.get("q", "").strip())
    return jsonify({"orgs": [org_json(org) for org in found]})


@bp.get("/api/orgs/<path:ident>")
def get_org(ident: str):
    store = services().store
    org = next((found for iri in candidate_iris(ident, "org") for found in entities.orgs(store, iri=iri)), None)
    if org is None:
        raise ApiError(404, f"no such body: {ident}")
    documents = [
        {"document": document_ref(entry["document"], entry["title"]), **{r: [task_json(t) for t in entry[r]] for r in ROLES}}
        for entry in entities.org_tasks(store, org["iri"])
    ]
    return jsonify({**org_json(org), "documents": documents})


# ------------------------------------------------------------------ tasks and terms


def task_json(task: dict) -> dict:
    return {"id": resource_id(task["iri"], "task"), **task}


def task_filter() -> TaskFilter:
    """The filters given in the query string; a document that is not stored is a 404."""
    args = {name: request.args.get(name, "").strip() for name in (*ROLES, "document", "region", "q")}
    document = find_document(args["document"]) if args["document"] else ""
    return TaskFilter(**{role: args[role] for role in ROLES}, document=document, region=args["region"], text=args["q"])


@bp.get("/api/tasks")
def list_tasks():
    limit = int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = int_arg("offset", 0, 0)
    total, found = entities.task_page(services().store, task_filter(), limit, offset)
    return jsonify({"total": total, "limit": limit, "offset": offset, "tasks": [task_json(t) for t in found]})


def find_chain(ident: str) -> dict | None:
    """The lineage of the task an id or IRI names (kg/chains.py chain), or None."""
    store = services().store
    return next((found for iri in candidate_iris(ident, "task") if (found := chains.chain(store, iri))), None)


def find_lineage(ident: str) -> dict | None:
    """The chain of find_chain with, beside it, the child plans that have not taken its top task up."""
    found = find_chain(ident)
    if found is None:
        return None
    return {**found, "not_taken_up_by": chains.not_taken_up_by(services().store, found["top"])}


@bp.get("/api/lineage")
def lineage():
    """The chain of the item a task belongs to: its tasks at every level, each one's targets, and the
    targets for one indicator side by side; and the child plans that have not taken the top task up."""
    ident = required_text("task")
    found = find_lineage(ident)
    if found is None:
        raise ApiError(404, f"no such task: {ident}")
    return jsonify(found)


@bp.get("/api/terms")
def list_terms():
    found = entities.terms(services().store, request.args.get("q", "").strip())
    return jsonify({"terms": [
        {"id": resource_id(t["iri"], "term"), "iri": t["iri"], "label": t["label"], "definition": t["definition"],
         "document": document_ref(t["document"], t["title"])}
        for t in found
    ]})
