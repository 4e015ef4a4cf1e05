"""SHACL validation of a document's graph against ontologies/shapes.ttl before it is stored."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH

from kg.shacl import Unsupported, Validator
from kg.vocab import SHAPES_FILE, ontology


@cache
def shapes() -> Graph:
    """The shapes graph, parsed once per process (validation runs on every ingest)."""
    return Graph().parse(SHAPES_FILE, format="turtle")


@cache
def validator() -> Validator | None:
    """The shapes compiled for kg/shacl.py, or None when they use a feature only pyshacl knows."""
    try:
        return Validator(shapes(), ontology())
    except Unsupported:
        return None


def validate(graph: Iterable[tuple]) -> list[str]:
    """One message per SHACL violation, "<focus node> <path>: <message>"; empty when the graph conforms.

    The graph is an rdflib Graph or any iterable of its triples. No inference: kg/triples.py
    states every type it relies on, and RDFS inference would triple the time for nothing.
    """
    fast = validator()
    if fast is not None:
        return fast.messages(graph)
    return validate_with_pyshacl(graph if isinstance(graph, Graph) else _graph(graph))


def validate_with_pyshacl(graph: Graph) -> list[str]:
    """The same messages from pyshacl: the reference kg/shacl.py is held to, and the fallback."""
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes(), ont_graph=ontology(), inference="none", advanced=False
    )
    return [] if conforms else sorted(_message(results, result) for result in results.subjects(SH.focusNode))


def _graph(triples: Iterable[tuple]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def _message(results: Graph, result) -> str:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    text = results.value(result, SH.resultMessage)
    where = f"{focus} {path.n3(results.namespace_manager)}" if path is not None else str(focus)
    return f"{where}: {text}"
