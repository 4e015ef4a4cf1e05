"""Documents, bodies, tasks and terms read from the store: the one module the JSON API and the pages
read entities through, so the two cannot drift apart.

Lists filter and page in SPARQL, so a request holds only what it returns. The queries are shaped
for Oxigraph, which mostly evaluates what is written rather than planning it (measured at a thousand
documents): a VALUES list restricts plain triple patterns well but not OPTIONAL ones, which are then
joined over the whole store (seconds), so a task's optional facts are read in queries of their own and
a query with OPTIONAL parts is restricted by FILTER(?x IN (…)), which Oxigraph turns into lookups; a
UNION is joined the same way, so each branch of one is a whole pattern.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import NamedNode
from rdflib import Literal

from kg.store import KnowledgeStore
from kg.vocab import ID, ROLE_IRIS, ROLE_NAMES, sparql_prefixes

PREFIX = sparql_prefixes()
ROLES = tuple(ROLE_IRIS)

# A task as lists count and order them; its text, note and document are required by the SHACL shapes.
TASK = "?task a pk:Task ; pk:number ?number ."


def _s(value) -> str:
    return "" if value is None else str(value)


def _rows(store: KnowledgeStore, query: str) -> list:
    return list(store.query(PREFIX + query))


def _text(value: str) -> str:
    """A user's text as a SPARQL string literal, quotes and line breaks escaped."""
    return Literal(value).n3()


def _is_iri(text: str) -> bool:
    """Whether the text is an absolute IRI a query may name (a user's text may be anything; Oxigraph checks)."""
    try:
        NamedNode(text)
    except ValueError:
        return False
    return True


def _values(variable: str, iris: list[str] | None) -> str:
    """VALUES restricting a variable to these IRIs ("" for no restriction); text that is no IRI is left out."""
    if iris is None:
        return ""
    return f"VALUES {variable} {{ {' '.join(f'<{iri}>' for iri in iris if _is_iri(iri))} }}"


def _among(variable: str, iris: list[str] | None) -> str:
    """A FILTER keeping these IRIs ("" for no restriction): what restricts a query with OPTIONAL parts, as
    Oxigraph looks each IRI up (a VALUES list would be joined after the OPTIONAL parts, over the whole store)."""
    if iris is None:
        return ""
    valid = [f"<{iri}>" for iri in iris if _is_iri(iri)]
    return f"FILTER({variable} IN ({', '.join(valid)}))" if valid else "FILTER(false)"


def kind_of(iri: str) -> str:
    """doc, org, task, term, … from the IRI's path (id/<kind>/…)."""
    return iri.split("/id/", 1)[-1].split("/", 1)[0] if "/id/" in iri else ""


# ------------------------------------------------------------------ documents


def documents(store: KnowledgeStore, iri: str = "") -> list[dict]:
    """Every stored document (or the one IRI), by title: {"iri", "title", "number", "file", "signed",
    "issued", "addressees", "region", "level", "issuers", "basis", "attachments", "tasks"};
    basis: [{"iri", "title", "number", "ingested"}], tasks: how many it holds."""
    only = _among("?doc", [iri] if iri else None)
    docs = {}
    for r in _rows(store, f"""SELECT ?doc ?title ?number ?file ?signed ?issued ?addressees ?region ?level WHERE {{
      GRAPH ?doc {{ ?doc a pk:PolicyDocument ; dcterms:title ?title .
        OPTIONAL {{ ?doc dcterms:identifier ?number }} OPTIONAL {{ ?doc pk:sourceFile ?file }}
        OPTIONAL {{ ?doc eli:date_document ?signed }} OPTIONAL {{ ?doc dcterms:issued ?issued }}
        OPTIONAL {{ ?doc pk:addressees ?addressees }}
        OPTIONAL {{ ?doc pk:region ?place . ?place skos:prefLabel ?region . OPTIONAL {{ ?place pk:adminLevel ?level }} }} }}
      {only} }}"""):
        docs[str(r.doc)] = {
            "iri": str(r.doc), "title": str(r.title), "number": _s(r.number), "file": _s(r.file),
            "signed": _s(r.signed), "issued": _s(r.issued), "addressees": _s(r.addressees),
            "region": _s(r.region), "level": _s(r.level), "issuers": [], "basis": [], "attachments": [], "tasks": 0,
        }
    _document_lists(store, only, docs)
    for doc, count in task_counts(store, TaskFilter(document=iri).pattern()).items():
        if doc in docs:
            docs[doc]["tasks"] = count
    return sorted(docs.values(), key=lambda doc: (doc["title"], doc["iri"]))


def _document_lists(store: KnowledgeStore, only: str, docs: dict[str, dict]) -> None:
    """Issuers, basis and attachment titles (in order), each read in one query for all the documents."""
    for r in _rows(store, f"SELECT ?doc ?name WHERE {{ GRAPH ?doc {{ ?doc dcterms:creator ?o . ?o skos:prefLabel ?name }} {only} }}"):
        if doc := docs.get(str(r.doc)):
            doc["issuers"].append(str(r.name))
    for r in _rows(store, f"""SELECT DISTINCT ?doc ?cited ?title ?number ?ingested WHERE {{
      GRAPH ?doc {{ ?doc pk:basedOn ?cited . OPTIONAL {{ ?cited dcterms:title ?title }} OPTIONAL {{ ?cited dcterms:identifier ?number }} }}
      OPTIONAL {{ GRAPH ?cited {{ ?cited a pk:PolicyDocument BIND(true AS ?ingested) }} }} {only} }}"""):
        if doc := docs.get(str(r.doc)):
            doc["basis"].append({"iri": str(r.cited), "title": _s(r.title), "number": _s(r.number),
                                 "ingested": r.ingested is not None})
    for r in _rows(store, f"""SELECT ?doc ?title WHERE {{ GRAPH ?doc {{
      ?doc dcterms:hasPart ?part . ?part a pk:Attachment ; dcterms:title ?title ; pk:number ?n }} {only} }} ORDER BY ?doc ?n"""):
        if doc := docs.get(str(r.doc)):
            doc["attachments"].append(str(r.title))


def document_named(store: KnowledgeStore, iris: list[str], number: str) -> str:
    """The IRI of the stored document the first of these IRIs names, else of one with this 文号; "" if none."""
    stored = {str(r.doc) for r in _rows(store, f"""SELECT ?doc WHERE {{ {_values("?doc", iris)}
      GRAPH ?doc {{ ?doc a pk:PolicyDocument ; dcterms:title ?title }} }}""")}
    found = next((iri for iri in iris if iri in stored), "")
    if found or not number:
        return found
    rows = _rows(store, f"""SELECT ?doc WHERE {{ GRAPH ?doc {{ ?doc dcterms:identifier {_text(number)} ;
      a pk:PolicyDocument ; dcterms:title ?title }} }} ORDER BY ?doc LIMIT 1""")
    return str(rows[0].doc) if rows else ""


def document(store: KnowledgeStore, iri: str) -> dict | None:
    """A document as its page shows it: its metadata, outline, pages and full text."""
    found = documents(store, iri)
    if not found:
        return None
    doc = found[0]
    text = _rows(store, f"SELECT ?text WHERE {{ GRAPH <{iri}> {{ <{iri}> pk:sourceText ?text }} }}")
    return {
        "iri": iri, "title": doc["title"], "doc_number": doc["number"], "file": doc["file"],
        "date_signed": doc["signed"], "date_issued": doc["issued"], "addressees": doc["addressees"],
        "region": doc["region"], "level": doc["level"], "issuers": doc["issuers"],
        "basis": [{"iri": b["iri"], "title": b["title"], "doc_number": b["number"], "ingested": b["ingested"]}
                  for b in doc["basis"]],
        "attachments": doc["attachments"],
        "sections": _sections(store, iri),
        "pages": _pages(store, iri),
        "text": _s(text[0].text) if text else "",
    }


def _pages(store: KnowledgeStore, iri: str) -> list[dict]:
    """The pages of a PDF or OFD source with their characters in the text; empty for other formats."""
    rows = _rows(store, f"""SELECT ?number ?start ?end ?ocr WHERE {{ GRAPH <{iri}> {{ ?page a pk:Page ;
      pk:pageNumber ?number ; pk:startOffset ?start ; pk:endOffset ?end . OPTIONAL {{ ?page pk:readByOCR ?ocr }} }} }}
      ORDER BY ?number""")
    return [{"number": int(r.number), "start": int(r.start), "end": int(r.end), "ocr": bool(r.ocr)} for r in rows]


def _sections(store: KnowledgeStore, iri: str) -> list[dict]:
    rows = _rows(store, f"""SELECT ?title ?number ?level ?start WHERE {{ GRAPH <{iri}> {{
      ?s a pk:Section ; dcterms:title ?title ; pk:level ?level ; prov:wasDerivedFrom ?p . ?p pk:startOffset ?start .
      OPTIONAL {{ ?s pk:sectionNumber ?number }} FILTER(?level <= 2) }} }} ORDER BY ?start""")
    return [{"title": str(r.title), "number": _s(r.number), "level": int(r.level), "start": int(r.start)} for r in rows]


def _titles(store: KnowledgeStore, iris: list[str]) -> dict[str, str]:
    rows = _rows(store, f"SELECT ?doc ?title WHERE {{ {_values('?doc', iris)} GRAPH ?doc {{ ?doc a pk:PolicyDocument ; dcterms:title ?title }} }}")
    return {str(r.doc): str(r.title) for r in rows}


def regions(store: KnowledgeStore) -> list[str]:
    """The jurisdictions the stored documents belong to, sorted."""
    rows = _rows(store, """SELECT DISTINCT ?region WHERE { GRAPH ?doc { ?doc a pk:PolicyDocument ; dcterms:title ?title ;
      pk:region ?place . ?place skos:prefLabel ?region } }""")
    return sorted(str(r.region) for r in rows if str(r.region))


# ------------------------------------------------------------------ bodies


def orgs(store: KnowledgeStore, text: str = "", iri: str = "") -> list[dict]:
    """Bodies (all, those with text in a label or a written name, or the one IRI), by label:
    {"iri", "labels", "names", "jurisdiction"}, merged across the documents that name them."""
    only = _among("?org", _named(store, text) if text else [iri] if iri else None)
    found: dict[str, dict] = {}
    for r in _rows(store, f"""SELECT ?org ?label ?alt ?place WHERE {{ GRAPH ?g {{ ?org a org:Organization ; skos:prefLabel ?label .
      OPTIONAL {{ ?org skos:altLabel ?alt }} OPTIONAL {{ ?org pk:jurisdiction ?p . ?p skos:prefLabel ?place }} }} {only} }}"""):
        body = found.setdefault(str(r.org), {"iri": str(r.org), "labels": [], "names": [], "jurisdiction": ""})
        if str(r.label) not in body["labels"]:
            body["labels"].append(str(r.label))
        if r.alt is not None and str(r.alt) not in body["names"]:
            body["names"].append(str(r.alt))
        if r.place is not None:
            body["jurisdiction"] = str(r.place)
    return sorted(found.values(), key=lambda body: (body["labels"][0], body["iri"]))


def _named(store: KnowledgeStore, text: str) -> list[str]:
    """Bodies with the text in a label or a written name."""
    return [str(r.org) for r in _rows(store, f"""SELECT DISTINCT ?org WHERE {{ GRAPH ?g {{ ?org a org:Organization ;
      skos:prefLabel|skos:altLabel ?name . FILTER(CONTAINS(?name, {_text(text)})) }} }}""")]


def org_tasks(store: KnowledgeStore, iri: str) -> list[dict]:
    """A body's tasks by document, split by the role it has in each: [{"document", "title", "lead", …}]."""
    grouped: dict[str, dict] = {}
    for task in tasks(store, TaskFilter(body=iri)):
        for role in ROLES:
            if any(body["iri"] == iri for body in task[role]):
                entry = grouped.setdefault(task["document"], {"document": task["document"], **{r: [] for r in ROLES}})
                entry[role].append(task)
    titles = _titles(store, list(grouped))
    return [{**entry, "title": titles.get(doc, "")} for doc, entry in grouped.items()]


def org(store: KnowledgeStore, iri: str) -> dict | None:
    """A body as its page shows it: its name, other names, and its tasks by document and role."""
    found = orgs(store, iri=iri)
    if not found:
        return None
    return {
        "iri": iri,
        "label": found[0]["labels"][0],
        "other_names": sorted(set(found[0]["names"])),
        "documents": [
            {"iri": entry["document"], "title": entry["title"],
             **{role: [{"iri": t["iri"], "text": t["text"]} for t in entry[role]] for role in ROLES}}
            for entry in org_tasks(store, iri)
        ],
    }


# ------------------------------------------------------------------ tasks


@dataclass(frozen=True)
class TaskFilter:
    """Which tasks a list keeps; a field left empty keeps all. A role's value names a body by its name as
    written, its canonical label, its IRI or its IRI's tail after id/org/; body is a body's IRI in any role."""

    lead: str = ""
    cooperating: str = ""
    responsible: str = ""
    document: str = ""  # the document's IRI
    region: str = ""  # text in the name of the document's jurisdiction
    text: str = ""  # text in the task
    body: str = ""

    def named_tasks(self, store: KnowledgeStore) -> list[str] | None:
        """The tasks the body filters keep (None when there are none): few, so a list can order them all."""
        kept: set[str] | None = None
        for role, name in [(role, getattr(self, role)) for role in ROLES] + [("", self.body)]:
            if name:
                found = _assigned(store, role, name)
                kept = found if kept is None else kept & found
        return None if kept is None else sorted(kept)

    def pattern(self, tasks: list[str] | None = None, docs: list[str] | None = None) -> str:
        """The kept tasks (of these tasks and these documents, when given) as a pattern binding ?task, ?doc
        and ?number; a task may match more than once. What narrows most comes first."""
        narrow = []
        if self.region:
            narrow.append(f"?doc pk:region ?place . ?place skos:prefLabel ?region . FILTER(CONTAINS(?region, {_text(self.region)}))")
        if self.text:
            narrow.append(f"?task pk:text ?text . FILTER(CONTAINS(?text, {_text(self.text)}))")
        parts = [TASK, *narrow] if tasks is not None else [*narrow, TASK]
        docs = docs if docs is not None else [self.document] if self.document else None
        return f"{_values('?task', tasks)} {_values('?doc', docs)} GRAPH ?doc {{ {' '.join(parts)} }}"


def _assigned(store: KnowledgeStore, role: str, name: str) -> set[str]:
    """Tasks with a body in this role (any role for "") that the name names as written, as its canonical label,
    or as its IRI or id: each way a pattern that starts from the name, so the store finds it in its indexes."""
    in_role = f"pk:role <{ROLE_IRIS[role]}> ;" if role else ""
    rest = f"?task pk:assignment ?a . ?a {in_role} pk:body ?b ; pk:nameAsWritten ?n ; pk:order ?o . ?b skos:prefLabel ?l ."
    ways = (f"?a pk:nameAsWritten {_text(name)} . {rest}", f"?b skos:prefLabel {_text(name)} . ?a pk:body ?b . {rest}",
            f"{_values('?b', [name, f'{ID}org/{name}'])} ?a pk:body ?b . {rest}")
    union = " UNION ".join(f"{{ {way} }}" for way in ways)
    return {str(r.task) for r in _rows(store, f"SELECT DISTINCT ?task WHERE {{ GRAPH ?doc {{ {union} }} }}")}


def task_counts(store: KnowledgeStore, pattern: str) -> dict[str, int]:
    """How many tasks a TaskFilter's pattern keeps in each document."""
    rows = _rows(store, f"SELECT ?doc (COUNT(DISTINCT ?task) AS ?n) WHERE {{ {pattern} }} GROUP BY ?doc")
    return {str(r.doc): int(r.n) for r in rows}


def tasks(store: KnowledgeStore, where: TaskFilter | None = None) -> list[dict]:
    """Every task (or every one a filter keeps) in the JSON form the CLI, the API and the extraction scorer read:

    {"iri", "document", "source": {"file"}, "text", "annotation", "scope",
     "lead": [{"name", "label", "iri"}], "cooperating": [...], "responsible": [...]}

    name is the body's name as written in that task's note, label its canonical name, iri
    its node; bodies keep the order the note lists them in. Ordered by document, then task.
    """
    if where is None:
        return _tasks(store, None)
    return _tasks(store, _task_iris(store, where.pattern(where.named_tasks(store))))


def task_page(store: KnowledgeStore, where: TaskFilter, limit: int, offset: int) -> tuple[int, list[dict]]:
    """How many tasks the filter keeps, and `limit` of them from `offset` on, in the order of tasks().
    Without a body filter they are counted per document, and only the documents the page falls in are read."""
    named = where.named_tasks(store)
    if named is not None:
        kept = _task_iris(store, where.pattern(named))
        return len(kept), _tasks(store, kept[offset : offset + limit])
    docs, skip, seen = [], 0, 0
    for doc, count in sorted(task_counts(store, where.pattern()).items()):
        if seen + count > offset and seen < offset + limit:
            if not docs:
                skip = offset - seen
            docs.append(doc)
        seen += count
    return seen, _tasks(store, _task_iris(store, where.pattern(docs=docs))[skip : skip + limit])


def _task_iris(store: KnowledgeStore, pattern: str) -> list[str]:
    rows = _rows(store, f"SELECT DISTINCT ?task ?doc ?number WHERE {{ {pattern} }} ORDER BY ?doc ?number")
    return list(dict.fromkeys(str(r.task) for r in rows))


def _tasks(store: KnowledgeStore, iris: list[str] | None) -> list[dict]:
    """These tasks (None: all) with their scope, source file, bodies by role and the tasks of parent plans they
    carry out (implements, most confident first), in document order."""
    only = _values("?task", iris)
    found: dict[str, dict] = {}
    for r in _rows(store, f"""SELECT ?task ?doc ?text ?annotation WHERE {{ {only} GRAPH ?doc {{ {TASK}
      ?task dcterms:isPartOf ?doc ; pk:text ?text ; pk:annotation ?annotation }} }} ORDER BY ?doc ?number"""):
        found.setdefault(str(r.task), {"iri": str(r.task), "document": str(r.doc), "source": {"file": ""},
                                       "text": str(r.text), "annotation": str(r.annotation), "scope": "",
                                       **{role: [] for role in ROLES}})
    for r in _rows(store, f"SELECT ?task ?scope WHERE {{ {only} GRAPH ?doc {{ ?task pk:scope ?scope }} }}"):
        if task := found.get(str(r.task)):
            task["scope"] = str(r.scope)
    docs = None if iris is None else sorted({task["document"] for task in found.values()})
    files = {str(r.doc): str(r.file) for r in _rows(
        store, f"SELECT ?doc ?file WHERE {{ {_values('?doc', docs)} GRAPH ?doc {{ ?doc pk:sourceFile ?file }} }}")}
    for task in found.values():
        task["source"]["file"] = files.get(task["document"], "")
    for r in _rows(store, f"""SELECT ?task ?role ?name ?label ?body WHERE {{ {only} GRAPH ?doc {{ ?task pk:assignment ?a .
      ?a pk:role ?role ; pk:body ?body ; pk:nameAsWritten ?name ; pk:order ?order . ?body skos:prefLabel ?label }} }}
      ORDER BY ?task ?role ?order"""):
        if (task := found.get(str(r.task))) and r.role in ROLE_NAMES:
            task[ROLE_NAMES[r.role]].append({"name": str(r.name), "label": str(r.label), "iri": str(r.body)})
    for task in found.values():
        task["implements"] = []
    for r in _rows(store, f"""SELECT ?task ?parent ?text ?doc ?confidence WHERE {{ {only} ?task prov:qualifiedInfluence ?link .
      ?link a pk:Implementation ; prov:influencer ?parent ; pk:confidence ?confidence .
      GRAPH ?doc {{ ?parent pk:text ?text ; dcterms:isPartOf ?doc }} }} ORDER BY ?task DESC(?confidence)"""):
        if task := found.get(str(r.task)):
            task["implements"].append({"iri": str(r.parent), "text": str(r.text), "document": str(r.doc),
                                       "confidence": float(r.confidence)})
    return list(found.values())


def task(store: KnowledgeStore, iri: str) -> dict | None:
    """A task as its page shows it: its text and note, where it stands, its bodies, targets, the tasks of
    parent plans it carries out (implements) and those of child plans carrying it out (implemented_by)."""
    from kg import chains  # chains reads tasks with this module's helpers

    listed = _tasks(store, [iri])
    if not listed:
        return None
    rows = _rows(store, f"""SELECT ?title ?path ?start ?end WHERE {{ GRAPH ?doc {{
      <{iri}> prov:wasDerivedFrom ?p . ?p pk:startOffset ?start ; pk:endOffset ?end ; pk:quote ?quote .
      ?doc a pk:PolicyDocument ; dcterms:title ?title . OPTIONAL {{ <{iri}> pk:sectionPath ?path }} }} }}""")
    if not rows:
        return None
    row, found = rows[0], listed[0]
    return {
        "iri": iri,
        "text": found["text"],
        "annotation": found["annotation"],
        "section_path": _s(row.path),
        "document": {"iri": found["document"], "title": str(row.title)},
        "span": {"start": int(row.start), "end": int(row.end)},
        **{role: found[role] for role in ROLES},
        "targets": [
            {"iri": str(r.t), "value": float(r.value), "unit": _s(r.unit), "metric": _s(r.metric)}
            for r in _rows(store, f"SELECT ?t ?value ?unit ?metric WHERE {{ <{iri}> pk:hasTarget ?t . ?t schema:value ?value . OPTIONAL {{ ?t schema:unitText ?unit }} OPTIONAL {{ ?t pk:metric ?metric }} }}")
        ],
        "implements": chains.parents(store, iri),
        "implemented_by": chains.children(store, iri),
    }


# ------------------------------------------------------------------ terms


def terms(store: KnowledgeStore, text: str = "") -> list[dict]:
    """Terms a document defines or lists the members of, in the order the documents define them (those with
    the text in the label or the definition, when given): {"iri", "label", "definition", "document", "title"};
    definition is the members joined with 、 when the document gives none."""
    found = {str(r.term): _term(r, str(r.definition)) for r in _rows(store, f"""SELECT ?term ?label ?definition ?doc ?start WHERE {{
      GRAPH ?doc {{ ?term skos:definition ?definition ; a skos:Concept ; skos:prefLabel ?label ; prov:wasDerivedFrom ?p .
        ?p pk:startOffset ?start }} {_containing(text, "?definition")} }}""")}
    members: dict[str, list[str]] = defaultdict(list)
    for r in _rows(store, f"""SELECT ?term ?label ?member ?doc ?start WHERE {{ {_listing(text)} GRAPH ?doc {{
      ?term pk:member ?item . ?item schema:name ?member ; schema:position ?position . FILTER NOT EXISTS {{ ?term skos:definition ?d }}
      ?term a skos:Concept ; skos:prefLabel ?label ; prov:wasDerivedFrom ?p . ?p pk:startOffset ?start }} }} ORDER BY ?term ?position"""):
        found.setdefault(str(r.term), _term(r, ""))
        members[str(r.term)].append(str(r.member))
    titles = _titles(store, sorted({term["document"] for term in found.values()}))
    for iri, term in found.items():
        term.update(definition=term["definition"] or "、".join(members[iri]), title=titles.get(term["document"], ""))
    kept = [t for t in found.values() if t["document"] in titles and (text in t["label"] or text in t["definition"])]
    return [{k: v for k, v in t.items() if k != "start"} for t in sorted(kept, key=lambda t: (t["document"], t["start"], t["iri"]))]


def _term(row, definition: str) -> dict:
    return {"iri": str(row.term), "label": str(row.label), "definition": definition, "document": str(row.doc),
            "start": int(row.start)}


def _containing(text: str, other: str) -> str:
    """A FILTER keeping rows whose ?label or other variable holds the text ("" for no text)."""
    return f"FILTER(CONTAINS(?label, {_text(text)}) || CONTAINS({other}, {_text(text)}))" if text else ""


def _listing(text: str) -> str:
    """A subquery of the terms whose label or a member holds the text; "" for no text, or for a text with a 、
    in it, which could run across two members of the joined list."""
    if not text or "、" in text:
        return ""
    return f"""{{ SELECT DISTINCT ?term WHERE {{ GRAPH ?g {{ ?term pk:member ?i ; skos:prefLabel ?label . ?i schema:name ?m .
      {_containing(text, "?m")} }} }} }}"""


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
    """The entity an IRI names, as a page shows it; None when the store has no such entity (or it is no IRI)."""
    reader = READERS.get(kind_of(iri))
    return reader(store, iri) if reader and _is_iri(iri) else None
