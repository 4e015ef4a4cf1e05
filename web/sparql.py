"""The SPARQL 1.1 Protocol endpoint (/sparql): read-only queries under the named limits, and its page.

Time limit: on an embedded store, queries run in worker processes over a snapshot of the
store (kg/query_pool.py), and a worker past sparql_time_limit_ms is killed: the limit ends the
work, and at most sparql_workers queries run at once. Other stores (in memory, a remote
server, which bounds its own queries) answer in a thread that the request waits for at most
the limit; rows are read lazily and that thread stops between rows once the limit has passed.
"""

from __future__ import annotations

import hmac
import threading
import time

from flask import Blueprint, Response, jsonify, render_template, request

from kg.query_pool import QueryBusy
from kg.sparql import QueryError, execute
from kg.sparql_results import GRAPH_TYPES, RESULT_TYPES, Answer, QueryTimeout, answer
from kg.vocab import sparql_prefixes
from web.app import services

bp = Blueprint("sparql", __name__)

FORMAT_ALIASES = {"json-ld": "jsonld", "nt": "ntriples", "n-triples": "ntriples", "n3": "turtle", "ttl": "turtle",
                  "rdf+xml": "rdfxml", "rdf": "rdfxml"}
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
    "Tasks a city has not taken up": """SELECT DISTINCT ?city ?task ?text WHERE {
  ?task pk:noCounterpartIn ?plan ; pk:text ?text .
  ?plan pk:region ?place . ?place skos:prefLabel ?city ; pk:adminLevel "city" .
} ORDER BY ?city ?task LIMIT 100""",
    "Targets by level": """SELECT DISTINCT ?metric ?region ?value ?unit ?lowerRegion ?lowerValue ?lowerUnit WHERE {
  ?lower pk:implementsTarget ?target ; schema:value ?lowerValue .
  ?target schema:value ?value ; pk:metric ?metric .
  OPTIONAL { ?target schema:unitText ?unit }
  OPTIONAL { ?lower schema:unitText ?lowerUnit }
  ?task pk:hasTarget ?target ; dcterms:isPartOf ?doc . ?doc pk:region ?p . ?p skos:prefLabel ?region .
  ?lowerTask pk:hasTarget ?lower ; dcterms:isPartOf ?lowerDoc .
  ?lowerDoc pk:region ?lp . ?lp skos:prefLabel ?lowerRegion .
} ORDER BY ?metric ?region ?lowerRegion LIMIT 100""",
    "New local work": """SELECT DISTINCT ?region ?task ?text WHERE {
  ?task pk:noParentIn ?parentPlan ; pk:text ?text ; dcterms:isPartOf ?doc .
  ?doc pk:region ?place . ?place skos:prefLabel ?region .
} ORDER BY ?region ?task LIMIT 100""",
    "Which provincial task each city task carries out": """SELECT DISTINCT ?city ?cityTask ?provincialTask ?confidence ?evidence WHERE {
  ?task prov:qualifiedInfluence ?link ; pk:text ?cityTask ; dcterms:isPartOf ?doc .
  ?link a pk:Implementation ; prov:influencer ?parent ; pk:confidence ?confidence ; pk:evidence ?evidence .
  ?parent pk:text ?provincialTask ; dcterms:isPartOf ?parentDoc .
  ?doc pk:region ?place . ?place skos:prefLabel ?city ; pk:adminLevel "city" .
  ?parentDoc pk:region ?province . ?province pk:adminLevel "province" .
} ORDER BY ?city DESC(?confidence) LIMIT 100""",
    "Terms and definitions": """SELECT ?term ?definition WHERE {
  ?concept a skos:Concept ; skos:prefLabel ?term ; skos:definition ?definition .
} ORDER BY ?term""",
}


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
        pool = services().queries
        if pool is not None:
            answer = pool.run(query, fmt, request.headers.get("Accept", ""), settings.sparql_time_limit_ms,
                              settings.max_returned_rows)
        else:
            answer = run_limited(services().store, query, fmt, request.accept_mimetypes,
                                 settings.sparql_time_limit_ms, settings.max_returned_rows)
    except QueryError as err:
        return error_response(400, str(err))
    except QueryTimeout:
        return error_response(503, f"query stopped: it ran longer than the time limit of "
                                   f"{settings.sparql_time_limit_ms} ms (sparql_time_limit_ms)")
    except QueryBusy:
        return error_response(503, f"every query worker stayed busy for the time limit of "
                                   f"{settings.sparql_time_limit_ms} ms; try again")
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


