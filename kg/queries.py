"""Named SPARQL the store and the command line use (entities are read by kg/entities.py).

Every query names its graphs (GRAPH ?doc), so it means the same on the embedded store and on
a server whatever the server's default graph is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.vocab import sparql_prefixes

if TYPE_CHECKING:
    from kg.store import KnowledgeStore

DOCUMENTS = (
    sparql_prefixes()
    + """SELECT ?doc ?title ?key ?file WHERE {
  GRAPH ?doc {
    ?doc a pk:PolicyDocument ; dcterms:title ?title .
    OPTIONAL { ?doc pk:key ?key }
    OPTIONAL { ?doc pk:sourceFile ?file }
  }
} ORDER BY ?title ?doc"""
)

# Named graphs only: nothing is written to the default graph, and on a union-default store
# the default graph would repeat every named graph's triples. Only the graphs kg writes (all
# under https://policy-kg.org/): a server such as Virtuoso holds graphs of its own.
ALL_QUADS = 'SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://policy-kg.org/")) }'


def documents(store: KnowledgeStore) -> list[dict]:
    """Every stored document as {"iri", "title", "key", "file"}, by title."""
    return [
        {"iri": str(row.doc), "title": str(row.title), "key": str(row.key or ""), "file": str(row.file or "")}
        for row in store.query(DOCUMENTS)
    ]
