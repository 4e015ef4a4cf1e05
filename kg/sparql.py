"""Analysts' SPARQL: run a query and serialize its result, with a clear error for a bad one."""

from __future__ import annotations

from kg.store import KnowledgeStore

RESULT_FORMATS = {"json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml"}
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
    return result.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")


def table(result) -> str:
    """SELECT rows as tab-separated lines under a header, unbound values empty."""
    names = [str(v) for v in result.vars]
    lines = ["\t".join(names)]
    for row in result:
        lines.append("\t".join("" if value is None else str(value) for value in row))
    return "\n".join(lines) + "\n"
