"""Namespaces, the ontology files, and the stable IRIs of documents, bodies, tasks and terms."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

PK = Namespace("https://policy-kg.org/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = SDO
ID = "https://policy-kg.org/id/"

ONTOLOGY_GRAPH = URIRef("https://policy-kg.org/ontology")
ONTOLOGIES = Path(__file__).parent.parent / "ontologies"
ONTOLOGY_FILE = ONTOLOGIES / "policy.ttl"
SHAPES_FILE = ONTOLOGIES / "shapes.ttl"

PREFIXES = {
    "pk": PK,
    "dcterms": DCTERMS,
    "eli": ELI,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "xsd": XSD,
}

ROLE_IRIS = {"lead": PK.LeadRole, "cooperating": PK.CooperatingRole, "responsible": PK.ResponsibleRole}
ROLE_NAMES = {iri: name for name, iri in ROLE_IRIS.items()}
ROLE_PROPERTIES = {"lead": PK.leadBody, "cooperating": PK.cooperatingBody, "responsible": PK.responsibleBody}


@cache
def ontology() -> Graph:
    """ontologies/policy.ttl, parsed once per process (validation and the store both use it)."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, so named queries and the ontology cannot drift apart."""
    return "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in PREFIXES.items())


def slug(key: str) -> str:
    """A URL-safe path segment for a key: its NFC form, UTF-8 percent-encoded.

    Percent-encoding rather than a hash because it is stable (a function of the key alone),
    injective (two keys never share an IRI), reversible (an IRI can be read back into its
    key) and readable (browsers and most RDF tools show %E8%A1%A1… as 衡…). The cost is
    length: a key of 20 Chinese characters becomes 180 ASCII characters. Every character
    outside A-Z a-z 0-9 _.-~ is encoded, "/" and "|" included, so a slug is one segment.
    """
    return quote(unicodedata.normalize("NFC", key.strip()), safe="")


def doc_iri(key: str) -> URIRef:
    """A document's IRI (and its named graph's): id/doc/<slug of 文号, or of title|issuer|date>."""
    return URIRef(f"{ID}doc/{slug(key)}")


def org_iri(key: str) -> URIRef:
    """A body's IRI from its key (jurisdiction|canonical label): one node per real body."""
    return URIRef(f"{ID}org/{slug(key)}")


def place_iri(name: str) -> URIRef:
    """A jurisdiction's IRI from its name (衡阳市)."""
    return URIRef(f"{ID}place/{slug(name)}")


def task_iri(doc_key: str, number: int) -> URIRef:
    """A task's IRI: id/task/<doc slug>/<its number in the document>."""
    return URIRef(f"{ID}task/{slug(doc_key)}/{number}")


def doc_slug(doc: str) -> str:
    """The slug a document's IRI ends in, which the IRIs of its tasks carry too (task_iri)."""
    return doc.removeprefix(f"{ID}doc/")


def term_iri(doc_key: str, label: str) -> URIRef:
    """A coined term's IRI, per document: id/term/<doc slug>/<label slug>."""
    return URIRef(f"{ID}term/{slug(doc_key)}/{slug(label)}")


def part_iri(kind: str, doc_key: str, *parts: object) -> URIRef:
    """The IRI of anything else that lives inside one document (section, target, passage, group, person)."""
    tail = "/".join(slug(str(part)) for part in parts)
    return URIRef(f"{ID}{kind}/{slug(doc_key)}/{tail}")
