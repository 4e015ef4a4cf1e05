"""Named SPARQL the rest of the code uses, and the task listing built on it.

Every query names its graphs (GRAPH ?doc), so it means the same on the embedded store and on
a server whatever the server's default graph is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.vocab import ROLE_IRIS, ROLE_NAMES, sparql_prefixes

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

TASKS = (
    sparql_prefixes()
    + """SELECT ?task ?doc ?file ?text ?annotation ?scope ?role ?name ?label ?body WHERE {
  GRAPH ?doc {
    ?task a pk:Task ; dcterms:isPartOf ?doc ; pk:number ?number ; pk:text ?text ; pk:annotation ?annotation .
    OPTIONAL { ?task pk:scope ?scope }
    OPTIONAL { ?doc pk:sourceFile ?file }
    OPTIONAL {
      ?task pk:assignment ?assignment .
      ?assignment pk:role ?role ; pk:body ?body ; pk:nameAsWritten ?name ; pk:order ?order .
      ?body skos:prefLabel ?label .
    }
  }
} ORDER BY ?doc ?number ?role ?order"""
)


def documents(store: KnowledgeStore) -> list[dict]:
    """Every stored document as {"iri", "title", "key", "file"}, by title."""
    return [
        {"iri": str(row.doc), "title": str(row.title), "key": str(row.key or ""), "file": str(row.file or "")}
        for row in store.query(DOCUMENTS)
    ]


def tasks(store: KnowledgeStore) -> list[dict]:
    """Every stored task in the JSON form the CLI, the API and the extraction scorer read:

    {"iri", "document", "source": {"file"}, "text", "annotation", "scope",
     "lead": [{"name", "label", "iri"}], "cooperating": [...], "responsible": [...]}

    name is the body's name as written in that task's note, label its canonical name, iri
    its node; bodies keep the order the note lists them in. Ordered by document, then task.
    """
    by_task: dict[str, dict] = {}
    for row in store.query(TASKS):
        if str(row.task) not in by_task:
            by_task[str(row.task)] = _task(row)
        task = by_task[str(row.task)]
        if row.role is not None:
            task[ROLE_NAMES[row.role]].append(
                {"name": str(row.name), "label": str(row.label), "iri": str(row.body)}
            )
    return list(by_task.values())


def _task(row) -> dict:
    return {
        "iri": str(row.task),
        "document": str(row.doc),
        "source": {"file": str(row.file or "")},
        "text": str(row.text),
        "annotation": str(row.annotation),
        "scope": str(row.scope or ""),
        **{role: [] for role in ROLE_IRIS},
    }
