"""The SPARQL 1.1 Protocol endpoint (/sparql): read-only queries under the named limits, and its page.

Time limit: pyoxigraph cannot interrupt a running query from Python. The query therefore runs
in a daemon worker thread; the request waits at most sparql_time_limit_ms for it (join with a
timeout) and answers 503 when it has not finished. SELECT rows are consumed lazily and the
worker stops by itself between rows once the limit has passed; a query that spends its time
inside one step (ORDER BY, COUNT, a large CONSTRUCT) keeps its worker thread busy until
Oxigraph finishes it, although the client has long had its answer.
"""

from __future__ import annotations

import hmac
import threading
import time
from dataclasses import dataclass

from flask import Blueprint, Response, jsonify, render_template, request
from rdflib import Graph
from rdflib.query import Result

from kg.sparql import QueryError, execute, tsv
from kg.vocab import PREFIXES, sparql_prefixes
from web.app import services

bp = Blueprint("sparql", __name__)

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# Other names clients send for the same formats (SPARQLWrapper, rdflib's SPARQLStore).
RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
GRAPH_ALIASES = {"application/x-turtle": "turtle", "application/turtle": "turtle", "text/plain": "ntriples",
                 "application/x-json+ld": "jsonld", "application/json": "jsonld"}
# Other values clients put in format= (SPARQLWrapper adds format=json-ld, n3, …).
FORMAT_ALIASES = {"json-ld": "jsonld", "nt": "ntriples", "n-triples": "ntriples", "n3": "turtle", "ttl": "turtle",
                  "rdf+xml": "rdfxml", "rdf": "rdfxml"}
RDFLIB_GRAPH_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}

EXAMPLES = {
    "Tasks a body leads": """SELECT ?body ?task ?text WHERE {
  ?task a pk:Task ; pk:text ?text ; pk:assignment ?a .
  ?a pk:role pk:LeadRole ; pk:body ?b .
  ?b skos:prefLabel ?body .
} ORDER BY ?body LIMIT 100""",
    "Targets of a year": """SELECT ?year ?value ?unit ?text WHERE {
  ?target a pk:Target ; schema:value ?value ; pk:year ?year .
  OPTIONAL { ?target schema:unitText ?unit }
  OPTIONAL { ?target pk:text ?text }
  FILTER(?year = 2031)
} ORDER BY ?value""",
    "A provincial task carried down": """SELECT ?upperText ?lowerDoc ?lowerText WHERE {
  ?lower pk:carriesDown ?upper .
  ?upper pk:text ?upperText .
  ?lower pk:text ?lowerText ; dcterms:isPartOf ?lowerDoc .
} ORDER BY ?upper LIMIT 100""",
    "Terms and definitions": """SELECT ?term ?definition WHERE {
  ?concept a skos:Concept ; skos:prefLabel ?term ; skos:definition ?definition .
} ORDER BY ?term""",
}


class QueryTimeout(Exception):
    """The query ran past sparql_time_limit_ms."""


@dataclass
class Answer:
    """A finished query: the response body, its media type, and whether rows were cut off."""

    body: str | bytes
    mimetype: str
    truncated: bool = False


def error_response(status: int, message: str) -> Response:
    """The one error shape every blueprint answers with."""
    response = jsonify({"error": {"status": status, "message": message}})
    response.status_code = status
    return response


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    """Dispatch a Protocol request: an update, a query, or the page for a browser."""
    if _update_text() is not None:
        return _update(_update_text())
    query = _query_text()
    if _wants_page():
        return render_template("sparql.html", query=query or _default_query(), examples=_examples(),
                               formats=[*RESULT_TYPES, *GRAPH_TYPES], run=bool(query))
    if not query:
        return error_response(400, "missing query: give ?query=, a form field query=, or an application/sparql-query body")
    return _query(query)


def _query_text() -> str | None:
    """The query from ?query=, a form, or an application/sparql-query body."""
    if request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    return request.values.get("query")


def _update_text() -> str | None:
    """The update from a form's update= or an application/sparql-update body (POST only)."""
    if request.method != "POST":
        return None
    if request.mimetype == "application/sparql-update":
        return request.get_data(as_text=True)
    return request.form.get("update")


def _wants_page() -> bool:
    """A browser asking for HTML (and no explicit format) gets the page, not results."""
    if request.values.get("format") or request.method != "GET":
        return False
    offered = ["text/html", *RESULT_TYPES.values(), *GRAPH_TYPES.values()]
    return request.accept_mimetypes.best_match(offered[1:] + offered[:1]) == "text/html"


def _default_query() -> str:
    return sparql_prefixes() + "\n" + EXAMPLES["Tasks a body leads"]


def _examples() -> dict[str, str]:
    return {name: sparql_prefixes() + "\n" + text for name, text in EXAMPLES.items()}


def _update(update: str):
    """Run an update only for the bearer of settings.update_token; the endpoint is read-only otherwise."""
    token = services().settings.update_token
    given = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return error_response(403, "updates are refused: this endpoint is read-only without the update token")
    try:
        services().store.update(update)
    except Exception as err:  # the store's parser and evaluator raise many types; the user needs the message
        return error_response(400, f"{type(err).__name__}: {err}")
    services().store_changed()
    return Response(status=204)


def _query(query: str):
    """Run the query under the time limit and answer in the negotiated format."""
    settings = services().settings
    fmt = request.values.get("format")
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt and fmt not in RESULT_TYPES and fmt not in GRAPH_TYPES:
        return error_response(400, f"unknown format {fmt!r}; choose one of {', '.join([*RESULT_TYPES, *GRAPH_TYPES])}")
    try:
        answer = run_limited(services().store, query, fmt, request.accept_mimetypes,
                             settings.sparql_time_limit_ms, settings.max_returned_rows)
    except QueryError as err:
        return error_response(400, str(err))
    except QueryTimeout:
        return error_response(503, f"query stopped: it ran longer than the time limit of "
                                   f"{settings.sparql_time_limit_ms} ms (sparql_time_limit_ms)")
    response = Response(answer.body, mimetype=answer.mimetype)
    if answer.mimetype.startswith("text/") or answer.mimetype.endswith("json"):
        response.charset = "utf-8"
    response.headers["X-Rows-Truncated"] = "true" if answer.truncated else "false"
    response.headers["Vary"] = "Accept"
    return response


def run_limited(store, query: str, fmt: str | None, accept, limit_ms: int, max_rows: int) -> Answer:
    """The answer, computed in a worker thread; QueryTimeout when it is not done within limit_ms."""
    deadline = time.monotonic() + limit_ms / 1000
    outcome: dict = {}

    def work():
        try:
            outcome["answer"] = answer(execute(store, query), fmt, accept, deadline, max_rows)
        except BaseException as err:  # handed to the request thread, which reports it
            # Without its traceback: the frames hold Oxigraph's solutions, which must be
            # dropped on this thread.
            outcome["error"] = err.with_traceback(None)

    worker = threading.Thread(target=work, daemon=True, name="sparql-query")
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise QueryTimeout
    if "error" in outcome:
        raise outcome["error"]
    return outcome["answer"]


def answer(result: Result, fmt: str | None, accept, deadline: float, max_rows: int) -> Answer:
    """Serialize a result in fmt, or in the best format the Accept header allows."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        fmt = fmt if fmt in GRAPH_TYPES else negotiate(accept, GRAPH_TYPES, GRAPH_ALIASES, "turtle")
        return graph_answer(result.graph, fmt, max_rows)
    fmt = fmt if fmt in RESULT_TYPES else negotiate(accept, RESULT_TYPES, RESULT_ALIASES, "json")
    if result.type == "ASK":
        return ask_answer(result, fmt)
    try:
        rows, truncated = take_rows(result, deadline, max_rows)
    finally:
        release(result)
    return Answer(serialize_rows(result.vars, rows, fmt), RESULT_TYPES[fmt], truncated)


def negotiate(accept, types: dict[str, str], aliases: dict[str, str], default: str) -> str:
    """The format name whose media type the client prefers; the default for */* or no match."""
    offered = [types[default], *types.values(), *aliases]
    best = accept.best_match(offered)
    if best is None:
        return default
    return aliases.get(best) or next(name for name, mime in types.items() if mime == best)


def take_rows(result: Result, deadline: float, max_rows: int) -> tuple[list, bool]:
    """Up to max_rows rows, read lazily; QueryTimeout once the deadline passes between rows."""
    rows = []
    for row in result:
        if time.monotonic() > deadline:
            raise QueryTimeout
        if len(rows) == max_rows:
            return rows, True
        rows.append(row.asdict())
    return rows, False


def release(result: Result) -> None:
    """Close the unread rest of the rows now, on this thread: oxrdflib's row generator and its
    Result refer to each other, and Oxigraph's solutions may not be dropped by the garbage
    collector on another thread."""
    rest = getattr(result, "_genbindings", None)
    if rest is not None:
        rest.close()
        result._genbindings = None


def serialize_rows(variables, rows: list[dict], fmt: str) -> str | bytes:
    """SPARQL results in fmt for rows already read (rdflib serializes json/xml/csv; kg.sparql tsv)."""
    limited = Result("SELECT")
    limited.vars = list(variables)
    limited.bindings = [{var: row[str(var)] for var in variables if str(var) in row} for row in rows]
    if fmt == "tsv":
        return tsv(limited)
    return limited.serialize(format=fmt, encoding="utf-8")


def ask_answer(result: Result, fmt: str) -> Answer:
    """An ASK result; csv and tsv (which define no boolean form) get the bare word."""
    if fmt in ("csv", "tsv"):
        return Answer("true\n" if result.askAnswer else "false\n", RESULT_TYPES[fmt])
    return Answer(result.serialize(format=fmt, encoding="utf-8"), RESULT_TYPES[fmt])


def graph_answer(graph: Graph, fmt: str, max_rows: int) -> Answer:
    """A CONSTRUCT/DESCRIBE graph, cut to max_rows triples, with the project's prefixes bound."""
    truncated = len(graph) > max_rows
    if truncated:
        kept = Graph()
        for count, triple in enumerate(graph):
            if count == max_rows:
                break
            kept.add(triple)
        graph = kept
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    body = graph.serialize(format=RDFLIB_GRAPH_FORMATS[fmt], encoding="utf-8")
    return Answer(body, GRAPH_TYPES[fmt], truncated)
