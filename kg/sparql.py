"""Analysts' SPARQL: run a query and serialize its result, with a clear error for a bad one."""

from __future__ import annotations

from rdflib import XSD, Literal

from kg.store import KnowledgeStore

RESULT_FORMATS = {"json": "json", "csv": "csv", "xml": "xml"}
GRAPH_FORMATS = {"table": "turtle", "json": "json-ld", "csv": "nt", "tsv": "nt", "xml": "xml"}


class QueryError(ValueError):
    """A query the store refused: its message is the parser's or the store's."""


def execute(store: KnowledgeStore, query: str):
    """The store's result, or QueryError with the reason (syntax, unknown prefix, updates)."""
    if not query.strip():
        raise QueryError("empty query")
    try:
        return store.query(query)
    except Exception as err:  # parsers and stores raise many types; the user needs the message
        raise QueryError(f"{type(err).__name__}: {err}".strip()) from err


def run_query(store: KnowledgeStore, query: str, fmt: str = "table") -> str:
    """The result as text: an aligned table, or SPARQL results JSON/XML, CSV, TSV; graphs as RDF."""
    result = execute(store, query)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format=GRAPH_FORMATS[fmt])
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    if fmt == "table":
        return table(result)
    if fmt == "tsv":
        return tsv(result)
    return result.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")


def table(result) -> str:
    """SELECT rows as tab-separated lines under a header, unbound values empty."""
    names = [str(v) for v in result.vars]
    lines = ["\t".join(names)]
    for row in result:
        lines.append("\t".join("" if value is None else str(value) for value in row))
    return "\n".join(lines) + "\n"


def _n3(value) -> str:
    """N-Triples form, a plain string written without its implicit xsd:string datatype."""
    if isinstance(value, Literal) and value.datatype == XSD.string:
        return Literal(str(value)).n3()
    return value.n3()


def tsv(result) -> str:
    """SPARQL 1.1 TSV results (rdflib has no serializer for it): ?var header, terms in N-Triples form."""
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result:
        cells = ("" if value is None else _n3(value) for value in row)
        lines.append("\t".join(c.replace("\t", "\\t").replace("\n", "\\n") for c in cells))
    return "\n".join(lines) + "\n"
