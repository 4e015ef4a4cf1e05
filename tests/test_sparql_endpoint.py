"""The /sparql endpoint over HTTP, checked with real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore)."""

import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper

from kg.vocab import sparql_prefixes
from web.sparql import EXAMPLES

TASKS = sparql_prefixes() + "SELECT ?task ?text WHERE { ?task a pk:Task ; pk:text ?text } ORDER BY ?task"
CONSTRUCT = sparql_prefixes() + "CONSTRUCT { ?task pk:text ?text } WHERE { ?task a pk:Task ; pk:text ?text }"
ALL_TRIPLES = "SELECT * WHERE { ?s ?p ?o }"
# Every triple paired with every other, six times over, and no pair kept: several seconds of work
# for the test store, and bounded, since the abandoned worker runs on until Oxigraph finishes.
SLOW = """SELECT * WHERE { VALUES ?k { 1 2 3 4 5 6 } ?a ?b ?c . ?d ?e ?f
  FILTER(STR(?c) = CONCAT(STR(?f), "x")) }"""


def fetch(base, path="/sparql", data=None, headers=None, method=None):
    """(status, headers, body text) of one request; HTTP errors are returned, not raised."""
    request = urllib.request.Request(base + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def get(base, query, accept="*/*", **params):
    return fetch(base, "/sparql?" + urllib.parse.urlencode({"query": query, **params}), headers={"Accept": accept})


@pytest.fixture(scope="module")
def endpoint(server):
    return server[0] + "/sparql"


def wrapper(endpoint, query, fmt, method="GET"):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query().convert()


def test_sparqlwrapper_select_json(endpoint):
    data = wrapper(endpoint, TASKS, JSON)
    assert data["head"]["vars"] == ["task", "text"]
    assert len(data["results"]["bindings"]) > 3


def test_sparqlwrapper_select_xml_post(endpoint):
    document = wrapper(endpoint, TASKS, XML, method="POST")
    assert len(document.getElementsByTagName("result")) > 3


@pytest.mark.parametrize("fmt, delimiter", [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_select_csv_tsv(endpoint, fmt, delimiter):
    text = wrapper(endpoint, TASKS, fmt).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] in (["task", "text"], ["?task", "?text"])
    assert len(rows) > 4


def test_sparqlwrapper_ask(endpoint):
    assert wrapper(endpoint, sparql_prefixes() + "ASK { ?t a pk:Task }", JSON)["boolean"] is True


def test_sparqlwrapper_construct_turtle_and_jsonld(endpoint):
    turtle = wrapper(endpoint, CONSTRUCT, TURTLE)
    graph = turtle if isinstance(turtle, Graph) else Graph().parse(data=turtle, format="turtle")
    assert len(graph) > 3
    jsonld = wrapper(endpoint, CONSTRUCT, JSONLD)
    graph = jsonld if isinstance(jsonld, Graph) else Graph().parse(data=jsonld, format="json-ld")
    assert len(graph) > 3


def test_rdflib_sparqlstore(endpoint):
    graph = Graph(SPARQLStore(query_endpoint=endpoint))
    rows = list(graph.query(TASKS))
    assert len(rows) > 3 and isinstance(rows[0][0], URIRef)
    assert len(graph.query(CONSTRUCT).graph) == len(rows)


@pytest.mark.parametrize(
    "accept, mimetype",
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_negotiated_by_accept(server, accept, mimetype):
    status, headers, body = get(server[0], TASKS, accept)
    assert status == 200 and headers.get_content_type() == mimetype
    assert "task" in body


@pytest.mark.parametrize(
    "fmt, mimetype, rdflib_format",
    [("turtle", "text/turtle", "turtle"), ("ntriples", "application/n-triples", "nt"),
     ("jsonld", "application/ld+json", "json-ld")],
)
def test_construct_format_parameter(server, fmt, mimetype, rdflib_format):
    status, headers, body = get(server[0], CONSTRUCT, format=fmt)
    assert status == 200 and headers.get_content_type() == mimetype
    assert len(Graph().parse(data=body, format=rdflib_format)) > 3


def test_construct_defaults_to_turtle(server):
    status, headers, _ = get(server[0], CONSTRUCT)
    assert status == 200 and headers.get_content_type() == "text/turtle"


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_format_parameter(server, fmt):
    status, headers, body = get(server[0], TASKS, format=fmt)
    assert status == 200 and "task" in body


def test_post_form_and_direct_body_with_graph_parameters(server):
    form = urllib.parse.urlencode({"query": TASKS, "default-graph-uri": "urn:x", "named-graph-uri": "urn:y"})
    status, _, body = fetch(server[0], data=form.encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["results"]["bindings"]
    status, _, body = fetch(server[0], "/sparql?default-graph-uri=urn%3Ax", data=TASKS.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["results"]["bindings"]


def test_syntax_error_is_400_with_message(server):
    status, headers, body = get(server[0], "SELEC ?x WHERE { ?x ?y }")
    assert status == 400 and headers.get_content_type() == "application/json"
    error = json.loads(body)["error"]
    assert error["status"] == 400 and error["message"]


def test_missing_query_is_400(server):
    status, _, body = fetch(server[0], headers={"Accept": "application/sparql-results+json"})
    assert status == 400 and json.loads(body)["error"]["status"] == 400


UPDATE = 'INSERT DATA { GRAPH <urn:test> { <urn:a> <urn:b> "endpoint update" } }'


def post_update(base, headers, form=False):
    data = urllib.parse.urlencode({"update": UPDATE}).encode() if form else UPDATE.encode()
    content_type = "application/x-www-form-urlencoded" if form else "application/sparql-update"
    return fetch(base, data=data, headers={"Content-Type": content_type, **headers})


def test_update_refused_without_token(server):
    assert post_update(server[0], {})[0] == 403
    assert post_update(server[0], {"Authorization": "Bearer wrong"}, form=True)[0] == 403
    status, _, body = get(server[0], 'ASK { <urn:a> <urn:b> "endpoint update" }')
    assert json.loads(body)["boolean"] is False


def test_update_accepted_with_token(server):
    base, settings = server
    for form in (False, True):
        status, _, _ = post_update(base, {"Authorization": f"Bearer {settings.update_token}"}, form=form)
        assert status == 204
    _, _, body = get(base, 'ASK { <urn:a> <urn:b> "endpoint update" }')
    assert json.loads(body)["boolean"] is True
    post_update_delete = 'DELETE DATA { GRAPH <urn:test> { <urn:a> <urn:b> "endpoint update" } }'
    fetch(base, data=post_update_delete.encode(), headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {settings.update_token}"})


def test_rows_are_capped_and_truncation_is_said(server):
    base, settings = server
    status, headers, body = get(base, ALL_TRIPLES, "application/sparql-results+json")
    assert status == 200 and headers["X-Rows-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == settings.max_returned_rows
    _, headers, _ = get(base, TASKS)
    assert headers["X-Rows-Truncated"] == "false"


def test_long_query_is_stopped_in_time(server):
    base, settings = server
    start = time.monotonic()
    status, _, body = get(base, SLOW)
    elapsed = time.monotonic() - start
    assert status in (503, 504)
    assert "time limit" in json.loads(body)["error"]["message"]
    assert elapsed < settings.sparql_time_limit_ms / 1000 + 3


def test_browser_gets_the_page_with_prefixes_and_examples(server):
    status, headers, body = fetch(server[0], headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert status == 200 and headers.get_content_type() == "text/html"
    assert "PREFIX pk: &lt;https://policy-kg.org/ontology#&gt;" in body
    assert all(name in body for name in EXAMPLES)


def test_page_escapes_the_query(server):
    _, _, body = get(server[0], "SELECT * WHERE { ?s ?p '<script>alert(1)</script>' }", "text/html")
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)" in body


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_example_returns_rows(server, name):
    status, _, body = get(server[0], sparql_prefixes() + EXAMPLES[name], "application/sparql-results+json")
    assert status == 200
    assert json.loads(body)["results"]["bindings"], name
