"""One entity as the pages (and their JSON twins) show it: a document, a body, a task, a term."""

from __future__ import annotations

from collections import defaultdict

from kg.store import KnowledgeStore
from kg.vocab import ROLE_NAMES, sparql_prefixes

PREFIX = sparql_prefixes()


def _s(value) -> str:
    return "" if value is None else str(value)


def _rows(store: KnowledgeStore, query: str) -> list:
    return list(store.query(PREFIX + query))


def kind_of(iri: str) -> str:
    """doc, org, task, term, … from the IRI's path (id/<kind>/…)."""
    return iri.split("/id/", 1)[-1].split("/", 1)[0] if "/id/" in iri else ""


def document(store: KnowledgeStore, iri: str) -> dict | None:
    rows = _rows(store, f"""SELECT ?title ?number ?file ?signed ?issued ?addressees ?region ?text ?level WHERE {{
      GRAPH <{iri}> {{ <{iri}> a pk:PolicyDocument ; dcterms:title ?title .
        OPTIONAL {{ <{iri}> dcterms:identifier ?number }} OPTIONAL {{ <{iri}> pk:sourceFile ?file }}
        OPTIONAL {{ <{iri}> eli:date_document ?signed }} OPTIONAL {{ <{iri}> dcterms:issued ?issued }}
        OPTIONAL {{ <{iri}> pk:addressees ?addressees }} OPTIONAL {{ <{iri}> pk:sourceText ?text }}
        OPTIONAL {{ <{iri}> pk:region ?p . ?p skos:prefLabel ?region . OPTIONAL {{ ?p pk:adminLevel ?level }} }} }} }}""")
    if not rows:
        return None
    row = rows[0]
    return {
        "iri": iri,
        "title": str(row.title),
        "doc_number": _s(row.number),
        "file": _s(row.file),
        "date_signed": _s(row.signed),
        "date_issued": _s(row.issued),
        "addressees": _s(row.addressees),
        "region": _s(row.region),
        "level": _s(row.level),
        "issuers": [str(r.name) for r in _rows(store, f"SELECT ?name WHERE {{ GRAPH <{iri}> {{ <{iri}> dcterms:creator ?o . ?o skos:prefLabel ?name }} }}")],
        "basis": _basis(store, iri),
        "attachments": [str(r.title) for r in _rows(store, f"SELECT ?title WHERE {{ GRAPH <{iri}> {{ <{iri}> dcterms:hasPart ?a . ?a a pk:Attachment ; dcterms:title ?title }} }}")],
        "sections": _sections(store, iri),
        "pages": _pages(store, iri),
        "text": _s(row.text),
    }


def _pages(store: KnowledgeStore, iri: str) -> list[dict]:
    """The pages of a PDF or OFD source with their characters in the text; empty for other formats."""
    rows = _rows(store, f"""SELECT ?number ?start ?end ?ocr WHERE {{ GRAPH <{iri}> {{ ?page a pk:Page ;
      pk:pageNumber ?number ; pk:startOffset ?start ; pk:endOffset ?end . OPTIONAL {{ ?page pk:readByOCR ?ocr }} }} }}
      ORDER BY ?number""")
    return [{"number": int(r.number), "start": int(r.start), "end": int(r.end), "ocr": bool(r.ocr)} for r in rows]


def _basis(store: KnowledgeStore, iri: str) -> list[dict]:
    rows = _rows(store, f"""SELECT DISTINCT ?cited ?title ?number ?ingested WHERE {{
      {{ GRAPH <{iri}> {{ <{iri}> pk:basedOn ?cited . OPTIONAL {{ ?cited dcterms:title ?title }} OPTIONAL {{ ?cited dcterms:identifier ?number }} }} }}
      OPTIONAL {{ GRAPH ?cited {{ ?cited a pk:PolicyDocument BIND(true AS ?ingested) }} }} }}""")
    return [{"iri": str(r.cited), "title": _s(r.title), "doc_number": _s(r.number), "ingested": r.ingested is not None}
            for r in rows]


def _sections(store: KnowledgeStore, iri: str) -> list[dict]:
    rows = _rows(store, f"""SELECT ?title ?number ?level ?start WHERE {{ GRAPH <{iri}> {{
      ?s a pk:Section ; dcterms:title ?title ; pk:level ?level ; prov:wasDerivedFrom ?p . ?p pk:startOffset ?start .
      OPTIONAL {{ ?s pk:sectionNumber ?number }} FILTER(?level <= 2) }} }} ORDER BY ?start""")
    return [{"title": str(r.title), "number": _s(r.number), "level": int(r.level), "start": int(r.start)} for r in rows]


def org(store: KnowledgeStore, iri: str) -> dict | None:
    labels = _rows(store, f"SELECT DISTINCT ?label ?alt WHERE {{ <{iri}> skos:prefLabel ?label . OPTIONAL {{ <{iri}> skos:altLabel ?alt }} }}")
    if not labels:
        return None
    tasks = _rows(store, f"""SELECT DISTINCT ?task ?text ?role ?doc ?title WHERE {{ GRAPH ?doc {{
      ?task pk:assignment ?a . ?a pk:body <{iri}> ; pk:role ?role . ?task pk:text ?text .
      ?doc a pk:PolicyDocument ; dcterms:title ?title }} }} ORDER BY ?doc ?task""")
    grouped: dict[str, dict] = {}
    for row in tasks:
        doc = grouped.setdefault(str(row.doc), {"iri": str(row.doc), "title": str(row.title), "lead": [], "cooperating": [], "responsible": []})
        doc[ROLE_NAMES[row.role]].append({"iri": str(row.task), "text": str(row.text)})
    return {
        "iri": iri,
        "label": str(labels[0].label),
        "other_names": sorted({str(r.alt) for r in labels if r.alt is not None}),
        "documents": list(grouped.values()),
    }


def task(store: KnowledgeStore, iri: str) -> dict | None:
    rows = _rows(store, f"""SELECT ?text ?annotation ?doc ?title ?path ?start ?end ?quote WHERE {{ GRAPH ?doc {{
      <{iri}> a pk:Task ; pk:text ?text ; pk:annotation ?annotation ; prov:wasDerivedFrom ?p .
      ?p pk:startOffset ?start ; pk:endOffset ?end ; pk:quote ?quote . ?doc a pk:PolicyDocument ; dcterms:title ?title .
      OPTIONAL {{ <{iri}> pk:sectionPath ?path }} }} }}""")
    if not rows:
        return None
    row = rows[0]
    bodies = defaultdict(list)
    for r in _rows(store, f"""SELECT ?role ?name ?label ?body WHERE {{ <{iri}> pk:assignment ?a . ?a pk:role ?role ;
        pk:body ?body ; pk:nameAsWritten ?name ; pk:order ?o . ?body skos:prefLabel ?label }} ORDER BY ?role ?o"""):
        bodies[ROLE_NAMES[r.role]].append({"name": str(r.name), "label": str(r.label), "iri": str(r.body)})
    return {
        "iri": iri,
        "text": str(row.text),
        "annotation": str(row.annotation),
        "section_path": _s(row.path),
        "document": {"iri": str(row.doc), "title": str(row.title)},
        "span": {"start": int(row.start), "end": int(row.end)},
        **{role: bodies.get(role, []) for role in ("lead", "cooperating", "responsible")},
        "targets": [
            {"iri": str(r.t), "value": float(r.value), "unit": _s(r.unit), "metric": _s(r.metric)}
            for r in _rows(store, f"SELECT ?t ?value ?unit ?metric WHERE {{ <{iri}> pk:hasTarget ?t . ?t schema:value ?value . OPTIONAL {{ ?t schema:unitText ?unit }} OPTIONAL {{ ?t pk:metric ?metric }} }}")
        ],
        "carries_down": _linked(store, f"<{iri}> pk:carriesDown ?other"),
        "carried_down_by": _linked(store, f"?other pk:carriesDown <{iri}>"),
    }


def _linked(store: KnowledgeStore, pattern: str) -> list[dict]:
    rows = _rows(store, f"""SELECT DISTINCT ?other ?text ?title WHERE {{ {pattern} . GRAPH ?doc {{ ?other pk:text ?text .
      ?doc a pk:PolicyDocument ; dcterms:title ?title }} }}""")
    return [{"iri": str(r.other), "text": str(r.text), "document": str(r.title)} for r in rows]


def term(store: KnowledgeStore, iri: str) -> dict | None:
    rows = _rows(store, f"""SELECT ?label ?definition ?doc ?title ?start ?end WHERE {{ GRAPH ?doc {{
      <{iri}> skos:prefLabel ?label . OPTIONAL {{ <{iri}> skos:definition ?definition }}
      OPTIONAL {{ <{iri}> prov:wasDerivedFrom ?p . ?p pk:startOffset ?start ; pk:endOffset ?end }}
      ?doc a pk:PolicyDocument ; dcterms:title ?title }} }}""")
    if not rows:
        return None
    row = rows[0]
    used = _rows(store, f"SELECT DISTINCT ?task ?text WHERE {{ ?task pk:usesTerm <{iri}> ; pk:text ?text }}")
    return {
        "iri": iri,
        "label": str(row.label),
        "definition": _s(row.definition),
        "document": {"iri": str(row.doc), "title": str(row.title)},
        "span": {"start": int(row.start or 0), "end": int(row.end or 0)},
        "used_in": [{"iri": str(r.task), "text": str(r.text)} for r in used],
    }


READERS = {"doc": document, "org": org, "task": task, "term": term}


def entity(store: KnowledgeStore, iri: str) -> dict | None:
    """The entity an IRI names, as a page shows it; None when the store has no such entity."""
    reader = READERS.get(kind_of(iri))
    return reader(store, iri) if reader else None
