"""SPARQL results as a client asked for them: the format negotiated, rows cut to a cap and a deadline.

Used by the endpoint in the service and by the query workers that run users' queries apart
from it (kg/query_pool.py), so both answer byte for byte alike.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rdflib import Graph
from rdflib.query import Result

from kg.sparql import tsv
from kg.vocab import PREFIXES

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
RDFLIB_GRAPH_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}

class QueryTimeout(Exception):
    """The query ran past sparql_time_limit_ms."""


@dataclass
class Answer:
    """A finished query: the response body, its media type, and whether rows were cut off."""

    body: str | bytes
    mimetype: str
    truncated: bool = False


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
