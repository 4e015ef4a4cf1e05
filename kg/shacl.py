"""SHACL Core checked in plain Python over a document's triples: the constraints ontologies/shapes.ttl uses.

Why: pyshacl took most of an ingest (0.6 s of a 20 KB plan's 1.3 s, 38 s of a 0.5 MB plan's 63 s): it
copies every graph with the ontology mixed in and walks each constraint through rdflib. The shapes
stay the contract: they are read from shapes.ttl as they are, and a shapes graph that uses anything
this module does not implement raises Unsupported when compiled, so kg/validate.py hands it to pyshacl
instead: nothing is ever checked less than the file says. tests/test_shacl.py holds both to the same
messages on good and broken graphs. The data graph is the document's triples plus the ontology, as
pyshacl sees it (classes by rdfs:subClassOf, no other inference).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from pyshacl.rdfutil.compare import compare_literal
from pyshacl.rdfutil.stringify import stringify_node
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

Node = URIRef | BNode | Literal
Violation = tuple[Node, URIRef | None, str]  # focus node, path (None for the node itself), message

TARGETS = {SH.targetClass, SH.targetSubjectsOf}
PARAMETERS = {SH.property, SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"],
              SH.minInclusive, SH.lessThanOrEquals, SH["or"], SH.message, SH.name, SH.description}
SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}
TYPE = RDF.type
CLASS_PREDICATES = {RDF.type, RDFS.subClassOf}


class Unsupported(Exception):
    """The shapes use a SHACL feature this module does not implement."""


class Index:
    """The triples looked up as validation needs them: values of a property, instances of a class."""

    def __init__(self, triples: Iterable[tuple], base: Index | None = None):
        self.base = base
        self.values_of: dict[tuple, list] = defaultdict(list)
        self.typed: dict[Node, list] = defaultdict(list)
        self.subjects: dict[URIRef, list] = defaultdict(list)
        subclass_edges = []
        for s, p, o in triples:
            self.values_of[s, p].append(o)
            self.subjects[p].append(s)
            if p not in CLASS_PREDICATES:  # a set lookup first: rdflib's == is slow, and this runs per triple
                continue
            if p == TYPE:
                self.typed[o].append(s)
            else:
                subclass_edges.append((s, o))
        self.supers = _closure(subclass_edges, base) if subclass_edges or base is None else base.supers

    def values(self, node: Node, path: URIRef) -> list:
        return _union(self.values_of.get((node, path), ()), self.base and self.base.values_of.get((node, path), ()))

    def subjects_of(self, predicate: URIRef) -> list:
        return _union(self.subjects.get(predicate, ()), self.base and self.base.subjects.get(predicate, ()))

    def instances(self, cls: URIRef) -> list:
        classes = [cls, *(c for c, supers in self.supers.items() if cls in supers)]
        found = (n for c in classes for n in _union(self.typed.get(c, ()), self.base and self.base.typed.get(c, ())))
        return list(dict.fromkeys(found))

    def is_instance(self, node: Node, cls: URIRef) -> bool:
        return any(t == cls or cls in self.supers.get(t, ()) for t in self.values(node, TYPE))


def _union(first, second) -> list:
    return list(dict.fromkeys([*first, *second])) if second else list(first)


def _closure(edges: list[tuple], base: Index | None) -> dict[Node, set]:
    """Every class's superclasses, transitively (rdfs:subClassOf*, without the class itself)."""
    direct = defaultdict(set)
    for sub, sup in [*edges, *((s, o) for s, supers in (base.supers.items() if base else ()) for o in supers)]:
        direct[sub].add(sup)
    closed = {}
    for cls in direct:
        seen, todo = set(), list(direct[cls])
        while todo:
            if (sup := todo.pop()) not in seen:
                seen.add(sup)
                todo.extend(direct.get(sup, ()))
        closed[cls] = seen
    return closed


@dataclass
class Shape:
    """One node or property shape, compiled: what it targets, counts, and tests on each value."""

    path: URIRef | None = None
    message: str | None = None
    min_count: int | None = None
    max_count: int | None = None
    tests: list[tuple[Callable[[Index, Node], bool], str | None]] = field(default_factory=list)
    less_or_equal: list[URIRef] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    classes: list[URIRef] = field(default_factory=list)
    subjects_of: list[URIRef] = field(default_factory=list)

    def focus_nodes(self, index: Index) -> list:
        found = [n for cls in self.classes for n in index.instances(cls)]
        found += [n for predicate in self.subjects_of for n in index.subjects_of(predicate)]
        return list(dict.fromkeys(found))

    def violations(self, index: Index, focus: Node) -> Iterator[Violation]:
        values = [focus] if self.path is None else index.values(focus, self.path)
        if self.min_count is not None and len(values) < self.min_count:
            yield focus, self.path, self.message
        if self.max_count is not None and len(values) > self.max_count:
            yield focus, self.path, self.message
        for test, generic in self.tests:
            for value in values:
                if not test(index, value):
                    yield focus, self.path, self.message or generic
        for other in self.less_or_equal:
            for value in values:
                for bound in index.values(focus, other):
                    if not _less_or_equal(value, bound):
                        yield focus, self.path, self.message
        for shape in self.properties:
            for value in values:
                yield from shape.violations(index, value)

    def conforms(self, index: Index, node: Node) -> bool:
        return next(self.violations(index, node), None) is None


class Validator:
    """The shapes of a shapes graph, compiled once, checked against any number of data graphs."""

    def __init__(self, shapes: Graph, ontology: Graph):
        self.shapes = [_Compiler(shapes).shape(node, reported=True) for node in _top_level(shapes)]
        self.ontology = Index(ontology)
        self.names = shapes.namespace_manager

    def violations(self, triples: Iterable[tuple]) -> list[Violation]:
        index = Index(triples, base=self.ontology)
        return [v for shape in self.shapes for focus in shape.focus_nodes(index) for v in shape.violations(index, focus)]

    def messages(self, triples: Iterable[tuple]) -> list[str]:
        """One message per violation, "<focus node> <path>: <message>", sorted; empty when the graph conforms."""
        return sorted(self.message(violation) for violation in self.violations(triples))

    def message(self, violation: Violation) -> str:
        focus, path, text = violation
        where = f"{focus} {path.n3(self.names)}" if path is not None else str(focus)
        return f"{where}: {text}"


def _top_level(shapes: Graph) -> list:
    """Shapes with a target: the ones validation starts from; shapes reached only through others follow."""
    nodes = {s for predicate in TARGETS for s in shapes.subjects(predicate, None)}
    for node in shapes.subjects(RDF.type, None):
        if set(shapes.objects(node, RDF.type)) & {RDFS.Class, URIRef("http://www.w3.org/2002/07/owl#Class")}:
            raise Unsupported(f"{node}: an implicit class target")
    return sorted(nodes, key=str)


class _Compiler:
    """Reads one shape's parameters from the shapes graph; Unsupported for anything else of SHACL's."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def shape(self, node: Node, reported: bool) -> Shape:
        self._check_parameters(node)
        shape = Shape(path=self._path(node), message=self._message(node))
        shape.classes = list(self.graph.objects(node, SH.targetClass))
        shape.subjects_of = list(self.graph.objects(node, SH.targetSubjectsOf))
        shape.min_count, shape.max_count = self._count(node, SH.minCount), self._count(node, SH.maxCount)
        self._tests(node, shape)
        shape.less_or_equal = list(self.graph.objects(node, SH.lessThanOrEquals))
        shape.properties = [self.shape(p, reported) for p in self.graph.objects(node, SH.property)]
        if reported and shape.message is None and self._needs_message(shape):
            raise Unsupported(f"{node}: a constraint without sh:message whose default message is not implemented")
        return shape

    def _check_parameters(self, node: Node) -> None:
        for predicate in set(self.graph.predicates(node, None)):
            if str(predicate).startswith(str(SH)) and predicate not in PARAMETERS | TARGETS:
                raise Unsupported(f"{node}: {predicate}")
        if (node, RDF.type, None) in self.graph and not set(self.graph.objects(node, RDF.type)) <= SHAPE_TYPES:
            raise Unsupported(f"{node}: a shape that is also something else")

    def _path(self, node: Node) -> URIRef | None:
        path = self.graph.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported(f"{node}: a complex sh:path")
        return path

    def _message(self, node: Node) -> str | None:
        messages = list(self.graph.objects(node, SH.message))
        if len(messages) > 1:
            raise Unsupported(f"{node}: several sh:message")
        return str(messages[0]) if messages else None

    def _count(self, node: Node, predicate: URIRef) -> int | None:
        values = list(self.graph.objects(node, predicate))
        if len(values) > 1:
            raise Unsupported(f"{node}: several {predicate}")
        return int(values[0]) if values else None

    def _tests(self, node: Node, shape: Shape) -> None:
        for cls in self.graph.objects(node, SH["class"]):
            shape.tests.append((_has_class(cls), f"Value does not have class {stringify_node(self.graph, cls)}"))
        for datatype in self.graph.objects(node, SH.datatype):
            shape.tests.append((_has_datatype(datatype), f"Value is not Literal with datatype {stringify_node(self.graph, datatype)}"))
        for members in self.graph.objects(node, SH["in"]):
            shape.tests.append((_is_in(set(Collection(self.graph, members))), None))
        for minimum in self.graph.objects(node, SH.minInclusive):
            shape.tests.append((_at_least(minimum), None))
        for alternatives in self.graph.objects(node, SH["or"]):
            shapes = [self.shape(member, reported=False) for member in Collection(self.graph, alternatives)]
            shape.tests.append((_any_of(shapes), None))

    @staticmethod
    def _needs_message(shape: Shape) -> bool:
        return (shape.min_count is not None or shape.max_count is not None or bool(shape.less_or_equal)
                or any(generic is None for _, generic in shape.tests))


# ---------------------------------------------------------------- value tests, as pyshacl reads them


def _has_class(cls: URIRef) -> Callable[[Index, Node], bool]:
    return lambda index, value: not isinstance(value, Literal) and index.is_instance(value, cls)


WELL_TYPED = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
              XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}


def _has_datatype(datatype: URIRef) -> Callable[[Index, Node], bool]:
    """sh:datatype: the literal's datatype, well formed; a plain literal is an xsd:string."""

    def test(_index: Index, value: Node) -> bool:
        if not isinstance(value, Literal):
            return False
        if datatype == RDFS.Literal:
            return True
        if value.datatype == datatype:
            return getattr(value, "ill_typed", None) is not True and _well_typed(value, datatype)
        if datatype == XSD.string and value.datatype is None and value.language is None:
            return isinstance(value.value, str | bytes)
        if datatype == RDF.langString and value.language:
            return isinstance(value.value, str | bytes)
        return datatype == RDFS.Datatype and value.datatype is not None

    return test


def _well_typed(value: Literal, datatype: URIRef) -> bool:
    """What pyshacl asks of a literal's Python value for the datatypes it knows (others pass)."""
    return datatype not in WELL_TYPED or isinstance(value.value, WELL_TYPED[datatype])


def _is_in(members: set) -> Callable[[Index, Node], bool]:
    return lambda _index, value: value in members


def _at_least(minimum: Literal) -> Callable[[Index, Node], bool]:
    """sh:minInclusive: a literal of a comparable kind, not below the minimum."""

    def test(_index: Index, value: Node) -> bool:
        if not isinstance(value, Literal) or isinstance(value.value, str) != isinstance(minimum.value, str):
            return False
        try:
            return compare_literal(value, minimum) >= 0
        except (TypeError, NotImplementedError):
            return False

    return test


def _any_of(shapes: list[Shape]) -> Callable[[Index, Node], bool]:
    return lambda index, value: any(shape.conforms(index, value) for shape in shapes)


def _less_or_equal(value: Node, bound: Node) -> bool:
    """sh:lessThanOrEquals for one pair: strings (IRIs, string literals) compare with strings only."""
    if isinstance(value, BNode) or isinstance(bound, BNode):
        return False  # pyshacl refuses to compare blank nodes at all
    left, left_text = _comparable(value)
    right, right_text = _comparable(bound)
    if left_text != right_text:
        return False
    try:
        return bool(left <= right)
    except TypeError:
        return False


def _comparable(node: Node) -> tuple[object, bool]:
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False
