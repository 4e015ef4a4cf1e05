"""kg/shacl.py against pyshacl: the same messages for a conforming plan and for each way a graph can
break the shapes; shapes using a feature it does not implement are left to pyshacl."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SH
from test_triples import KEY, hengyang_plan

from kg import vocab
from kg.shacl import Unsupported, Validator
from kg.triples import document_triples
from kg.validate import shapes, validate, validate_with_pyshacl
from kg.vocab import PK, doc_iri, part_iri, task_iri

TASK = task_iri(KEY, 0)
PASSAGE = part_iri("passage", KEY, "0-10")
TARGET = part_iri("target", KEY, 1)


def broken(remove=(), add=()) -> list[tuple]:
    """The plan's triples with some taken out (patterns, None for any) and some put in."""
    triples = document_triples(hengyang_plan())
    for pattern in remove:
        triples = [t for t in triples if not all(p is None or p == v for p, v in zip(pattern, t, strict=True))]
    return triples + list(add)


BREAKAGES = {
    "a task without its note": broken(remove=[(TASK, PK.annotation, None)]),
    "two texts": broken(add=[(TASK, PK.text, Literal("又一段"))]),
    "a text that is a number": broken(remove=[(TASK, PK.text, None)], add=[(TASK, PK.text, Literal(7))]),
    "derived from a non-passage": broken(remove=[(TASK, PROV.wasDerivedFrom, None)],
                                         add=[(TASK, PROV.wasDerivedFrom, doc_iri(KEY))]),
    "a role off the list": broken(add=[(URIRef(f"{TASK}/lead/0"), PK.role, PK.Nobody)]),
    "no body at all": broken(remove=[(TASK, PK.leadBody, None), (TASK, PK.cooperatingBody, None)]),
    "offsets the wrong way round": broken(add=[(PASSAGE, RDF.type, PK.Passage), (PASSAGE, PK.startOffset, Literal(-3)),
                                               (PASSAGE, PK.endOffset, Literal(-9)), (PASSAGE, vocab.DCTERMS.isPartOf, doc_iri(KEY))]),
    "a range on a non-target": broken(add=[(TASK, vocab.SCHEMA.minValue, Literal("1", datatype=vocab.XSD.decimal)),
                                           (TASK, vocab.SCHEMA.maxValue, Literal("2", datatype=vocab.XSD.decimal))]),
    "a value that is text": broken(remove=[(TARGET, vocab.SCHEMA.value, None)], add=[(TARGET, vocab.SCHEMA.value, Literal("很多"))]),
    "a member that is no list item": broken(add=[(TASK, PK.member, doc_iri(KEY))]),
}


def as_graph(triples: list[tuple]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def test_a_conforming_plan_conforms_to_both():
    triples = document_triples(hengyang_plan())
    assert validate(triples) == validate_with_pyshacl(as_graph(triples)) == []


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_each_breakage_gets_the_messages_pyshacl_gives(breakage):
    triples = BREAKAGES[breakage]
    messages = validate(triples)
    assert messages, breakage
    assert messages == validate_with_pyshacl(as_graph(triples))


def test_a_graph_is_validated_as_its_triples_are():
    graph = as_graph(BREAKAGES["no body at all"])
    assert validate(graph) == validate(list(graph))


def test_shapes_using_a_feature_it_does_not_implement_are_left_to_pyshacl():
    richer = Graph()
    for triple in shapes():
        richer.add(triple)
    richer.add((URIRef("https://policy-kg.org/shapes#TaskShape"), SH.closed, Literal(True)))
    with pytest.raises(Unsupported):
        Validator(richer, vocab.ontology())
