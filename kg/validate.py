"""SHACL validation of a document's graph against ontologies/shapes.ttl before it is stored."""

from __future__ import annotations

from functools import cache

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH

from kg.vocab import SHAPES_FILE, ontology


@cache
def shapes() -> Graph:
    """The shapes graph, parsed once per process (validation runs on every ingest)."""
    return Graph().parse(SHAPES_FILE, format="turtle")


def validate(graph: Graph) -> list[str]:
    """One message per SHACL violation, "<focus node> <path>: <message>"; empty when the graph conforms.

    No inference: kg/triples.py states every type it relies on, and RDFS inference
    would triple the time on a large document for nothing.
    """
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes(), ont_graph=ontology(), inference="none", advanced=False
    )
    return [] if conforms else sorted(_message(results, result) for result in results.subjects(SH.focusNode))


def _message(results: Graph, result) -> str:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    text = results.value(result, SH.resultMessage)
    where = f"{focus} {path.n3(results.namespace_manager)}" if path is not None else str(focus)
    return f"{where}: {text}"
