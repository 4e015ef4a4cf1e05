"""What questions are answered from: every task, target, term, work group, section and
document of the store, read once into plain records with their evidence."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.store import KnowledgeStore
from kg.vocab import ROLE_NAMES, sparql_prefixes


@dataclass
class Document:
    """A stored document's metadata, as the answers need it."""

    iri: str
    title: str
    region: str = ""
    level: str = ""
    number: str = ""
    file: str = ""
    signed: str = ""
    issued: str = ""
    addressees: str = ""
    issuers: list[str] = field(default_factory=list)
    basis: list[tuple[str, str]] = field(default_factory=list)  # (title, 文号)
    speaker: str = ""  # who delivered a report (刘捷)
    speaker_post: str = ""  # the post as written (浙江省代省长)
    delivered: str = ""  # ISO date
    meeting: str = ""  # 浙江省第十四届人民代表大会第三次会议
    attachments: list[str] = field(default_factory=list)  # titles, in order
    contacts: list[str] = field(default_factory=list)  # 联系人 as written
    pages: list[tuple[int, int, bool]] = field(default_factory=list)  # a PDF's or OFD's (number, start, OCR?)

    def page_at(self, offset: int) -> tuple[int, bool] | None:
        """The page an offset of the text lies on and whether OCR read it; None for unpaged sources."""
        found = [(number, ocr) for number, start, ocr in self.pages if start <= offset]
        return found[-1] if found else None


@dataclass
class Passage:
    """One retrievable unit: its kind, the text searched, the fact it carries, its evidence."""

    kind: str  # task, target, term, group, section
    iri: str
    doc: str
    text: str
    quote: str = ""
    start: int = 0
    end: int = 0
    title: str = ""
    path: str = ""
    facts: dict = field(default_factory=dict)
    number: int = -1  # its number in the search index, once stored there

    def search_text(self) -> str:
        """What the lexical index sees: the title and section path give a short task its topic."""
        return " ".join(self._parts())

    def dense_text(self) -> str:
        """What is embedded: the parts of search_text that no later part repeats (a heading is
        often its section's path, title and first words at once; a target's metric stands in its
        task's text), cut to DENSE_CHARS. The model's cost grows with every token, and the
        words past the first sentences add little to a mean-pooled vector; the lexical index
        still sees every word."""
        parts = self._parts()
        kept = [part for i, part in enumerate(parts) if not any(_core(part) in _core(later) for later in parts[i + 1 :])]
        return " ".join(kept)[:DENSE_CHARS]

    def _parts(self) -> list[str]:
        return [part for part in (self.path.split(" > ")[-1], self.title, self.text) if part]


def undefined(labels: set[str], defined: list[str]) -> set[str]:
    """The labels no defined term's label holds (quotes aside: “十查十做” is 十查十做)."""
    titles = "\n".join(_unquoted(title) for title in defined)
    return {label for label in labels if _unquoted(label) not in titles}


def _core(part: str) -> str:
    """A part without its numbering and closing stop, to compare with the others."""
    return NUMBERING.sub("", part).strip("。 ") or part


@dataclass
class Corpus:
    """Documents of the store read into passages; the coined terms each uses but does not define."""

    documents: dict[str, Document]
    passages: list[Passage]
    undefined_by_doc: set[tuple[str, str]] = field(default_factory=set)  # (document, label)

    @property
    def undefined_terms(self) -> set[str]:
        """Labels some document uses and none of these defines."""
        return undefined({label for _, label in self.undefined_by_doc}, [p.title for p in self.passages if p.kind == "term"])

    def region_of(self, passage: Passage) -> str:
        return self.documents[passage.doc].region if passage.doc in self.documents else ""


PREFIX = sparql_prefixes()
DENSE_CHARS = 256
NUMBERING = re.compile(r"^\s*[（(]?[一二三四五六七八九十百0-9]+[）)、.．]?\s*")

DOCUMENTS = PREFIX + """SELECT ?doc ?title ?number ?file ?signed ?issued ?addressees ?region ?level WHERE {
  GRAPH ?doc {
    ?doc a pk:PolicyDocument ; dcterms:title ?title .
    OPTIONAL { ?doc dcterms:identifier ?number }
    OPTIONAL { ?doc pk:sourceFile ?file }
    OPTIONAL { ?doc eli:date_document ?signed }
    OPTIONAL { ?doc dcterms:issued ?issued }
    OPTIONAL { ?doc pk:addressees ?addressees }
    OPTIONAL { ?doc pk:region ?place . ?place skos:prefLabel ?region . OPTIONAL { ?place pk:adminLevel ?level } }
  }
}"""

ISSUERS = PREFIX + """SELECT ?doc ?name WHERE { GRAPH ?doc { ?doc dcterms:creator ?org . ?org skos:prefLabel ?name } }"""

DELIVERY = PREFIX + """SELECT ?doc ?speaker ?post ?delivered ?meeting WHERE {
  GRAPH ?doc {
    ?doc a pk:PolicyDocument .
    OPTIONAL { ?doc pk:deliveredBy ?person . ?person schema:name ?speaker . OPTIONAL { ?person schema:jobTitle ?post } }
    OPTIONAL { ?doc pk:deliveredOn ?delivered }
    OPTIONAL { ?doc pk:deliveredAt ?event . ?event schema:name ?meeting }
    FILTER (BOUND(?speaker) || BOUND(?delivered) || BOUND(?meeting))
  }
}"""

ATTACHMENTS = PREFIX + """SELECT ?doc ?title WHERE {
  GRAPH ?doc { ?doc dcterms:hasPart ?part . ?part a pk:Attachment ; dcterms:title ?title ; pk:number ?n }
} ORDER BY ?doc ?n"""

CONTACTS = PREFIX + """SELECT ?doc ?contact WHERE { GRAPH ?doc { ?doc pk:contact ?contact } }"""

PAGES = PREFIX + """SELECT ?doc ?number ?start ?ocr WHERE { GRAPH ?doc {
  ?page a pk:Page ; pk:pageNumber ?number ; pk:startOffset ?start . OPTIONAL { ?page pk:readByOCR ?ocr } } }
  ORDER BY ?doc ?number"""

BASIS = PREFIX + """SELECT ?doc ?title ?number WHERE {
  GRAPH ?doc { ?doc pk:basedOn ?cited . OPTIONAL { ?cited dcterms:title ?title } OPTIONAL { ?cited dcterms:identifier ?number } }
}"""

TASKS = PREFIX + """SELECT ?task ?doc ?text ?title ?path ?scope ?quote ?start ?end ?note ?noteEnd ?role ?name ?label ?body ?order
WHERE {
  GRAPH ?doc {
    ?task a pk:Task ; pk:text ?text ; pk:annotation ?note ; prov:wasDerivedFrom ?passage .
    ?passage pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
    OPTIONAL { ?task pk:annotationPassage ?np . ?np pk:endOffset ?noteEnd }
    OPTIONAL { ?task pk:itemTitle ?title }
    OPTIONAL { ?task pk:sectionPath ?path }
    OPTIONAL { ?task pk:scope ?scope }
    OPTIONAL { ?task pk:assignment ?a . ?a pk:role ?role ; pk:body ?body ; pk:nameAsWritten ?name ; pk:order ?order .
               ?body skos:prefLabel ?label }
  }
} ORDER BY ?task ?role ?order"""

TARGETS = PREFIX + """SELECT ?target ?doc ?metric ?value ?unit ?comparator ?from ?year ?stretch ?written ?upper ?quote ?start ?end ?task ?tasktext WHERE {
  GRAPH ?doc {
    ?target a pk:Target ; schema:value ?value ; prov:wasDerivedFrom ?passage .
    ?passage pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
    OPTIONAL { ?target pk:metric ?metric }
    OPTIONAL { ?target schema:unitText ?unit }
    OPTIONAL { ?target pk:comparator ?comparator }
    OPTIONAL { ?target pk:fromValue ?from }
    OPTIONAL { ?target pk:year ?year }
    OPTIONAL { ?target pk:stretchValue ?stretch }
    OPTIONAL { ?target pk:writtenValue ?written }
    OPTIONAL { ?target schema:maxValue ?upper }
    OPTIONAL { ?task pk:hasTarget ?target ; a pk:Task ; pk:text ?tasktext }
  }
}"""

TERMS = PREFIX + """SELECT ?term ?doc ?label ?definition ?marker ?quote ?start ?end ?count ?mquote ?mstart ?mend ?mtext WHERE {
  GRAPH ?doc {
    ?term a skos:Concept ; skos:prefLabel ?label .
    OPTIONAL { ?term skos:definition ?definition }
    OPTIONAL { ?term pk:definitionMarker ?marker }
    OPTIONAL { ?term pk:definitionPassage ?dp . ?dp pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end }
    OPTIONAL { ?term pk:memberCount ?count }
    OPTIONAL { ?term pk:membersPassage ?mp . ?mp pk:quote ?mquote ; pk:startOffset ?mstart ; pk:endOffset ?mend }
    OPTIONAL { ?term pk:membersText ?mtext }
  }
}"""

TERM_USES = PREFIX + """SELECT ?term ?quote ?start ?end WHERE {
  GRAPH ?doc { ?term a skos:Concept ; pk:memberCount ?count ; prov:wasDerivedFrom ?p .
               ?p pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end }
}"""

TERM_MEMBERS = PREFIX + """SELECT ?term ?name WHERE {
  GRAPH ?doc { ?term pk:member ?item . ?item schema:name ?name ; schema:position ?position }
} ORDER BY ?term ?position"""

GROUPS = PREFIX + """SELECT ?group ?doc ?name ?quote ?start ?end ?role ?title ?person ?office ?alias WHERE {
  GRAPH ?doc {
    ?group a pk:WorkGroup ; skos:prefLabel ?name ; prov:wasDerivedFrom ?passage .
    ?passage pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
    OPTIONAL { ?group org:hasPost ?post . ?post pk:postRole ?role . OPTIONAL { ?post pk:title ?title }
               OPTIONAL { ?post org:heldBy ?holder . ?holder schema:name ?person } }
    OPTIONAL { ?group pk:office ?o . ?o skos:prefLabel ?office }
    OPTIONAL { ?group skos:altLabel ?alias }
  }
} ORDER BY ?group STRLEN(STR(?post)) STR(?post)"""

GROUP_MEMBERS = PREFIX + """SELECT ?group ?name ?label WHERE {
  GRAPH ?doc {
    ?membership org:organization ?group ; org:member ?body ; rdfs:label ?name ; pk:memberPosition ?position .
    ?body skos:prefLabel ?label .
  }
} ORDER BY ?group ?position"""

PEOPLE = PREFIX + """SELECT ?person ?doc ?name ?quote ?start ?end ?jobTitle ?title ?role ?groupName WHERE {
  GRAPH ?doc {
    ?person a schema:Person ; schema:name ?name ; prov:wasDerivedFrom ?passage .
    ?passage pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
    OPTIONAL { ?person schema:jobTitle ?jobTitle }
    OPTIONAL { ?person org:holds ?post . ?post pk:postRole ?role ; org:postIn ?group . ?group skos:prefLabel ?groupName .
               OPTIONAL { ?post pk:title ?title } }
  }
} ORDER BY ?person STRLEN(STR(?post)) STR(?post)"""

SECTIONS = PREFIX + """SELECT ?section ?doc ?title ?path ?level ?quote ?start ?end WHERE {
  GRAPH ?doc {
    ?section a pk:Section ; dcterms:title ?title ; pk:sectionPath ?path ; pk:level ?level ;
             prov:wasDerivedFrom ?passage .
    ?passage pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
  }
}"""


SOURCE_TEXTS = PREFIX + "SELECT ?doc ?text WHERE { GRAPH ?doc { ?doc a pk:PolicyDocument ; pk:sourceText ?text } }"
SENTENCE_STOPS = "。！？；\n"
SIDE = 150


def load_corpus(store: KnowledgeStore, docs: list[str] | None = None) -> Corpus:
    """The passages of these documents (None: of all), each read with a few queries per kind."""
    ask = _Scoped(store, docs)
    documents = stored_documents(store, docs)
    texts = {str(row.doc): str(row.text) for row in ask(SOURCE_TEXTS)}
    terms, undefined = _terms(ask, texts)
    passages = _tasks(ask) + _targets(ask, texts) + terms + _groups(ask) + _people(ask) + _sections(ask)
    return Corpus(documents, [p for p in passages if p.doc in documents], undefined)


class _Scoped:
    """Runs the passage queries on some documents only, one document at a time with its graph named
    outright: Oxigraph then reads that graph alone (a ?doc bound by VALUES still has the optional
    parts of a query read across every graph: 12 s against 0.2 s per document at 100 documents)."""

    def __init__(self, store: KnowledgeStore, docs: list[str] | None):
        self.store, self.docs = store, docs

    def __call__(self, query: str) -> Iterator:
        if self.docs is None:
            yield from self.store.query(query)
            return
        head, _, body = query.partition("WHERE {")
        for doc in self.docs:
            yield from self.store.query(f"{head}WHERE {{ BIND(<{doc}> AS ?doc) " + body.replace("GRAPH ?doc {", f"GRAPH <{doc}> {{"))


def _s(value) -> str:
    return "" if value is None else str(value)


def stored_documents(store: KnowledgeStore, only: list[str] | None = None) -> dict[str, Document]:
    """The documents of the store as they are now (all, or those named), by IRI."""
    ask = store.query if only is None else _Scoped(store, only)
    docs = {}
    for row in ask(DOCUMENTS):
        docs[str(row.doc)] = Document(
            str(row.doc), _s(row.title), _s(row.region), _s(row.level), _s(row.number), _s(row.file),
            _s(row.signed), _s(row.issued), _s(row.addressees),
        )
    for row in ask(ISSUERS):
        if str(row.doc) in docs:
            docs[str(row.doc)].issuers.append(str(row.name))
    for row in ask(BASIS):
        if str(row.doc) in docs:
            docs[str(row.doc)].basis.append((_s(row.title), _s(row.number)))
    _delivery_and_attachments(ask, docs)
    return docs


def _delivery_and_attachments(ask, docs: dict[str, Document]) -> None:
    """A report's speaker, post, day and meeting; every document's attachment titles in order, contacts, pages.
    A speaker the document also names elsewhere has several titles: the fullest is kept."""
    for row in ask(DELIVERY):
        if doc := docs.get(str(row.doc)):
            doc.speaker, doc.delivered, doc.meeting = _s(row.speaker), _s(row.delivered), _s(row.meeting)
            doc.speaker_post = max(doc.speaker_post, _s(row.post), key=lambda post: (len(post), post))
    for row in ask(ATTACHMENTS):
        if str(row.doc) in docs:
            docs[str(row.doc)].attachments.append(str(row.title))
    for row in ask(CONTACTS):
        if str(row.doc) in docs:
            docs[str(row.doc)].contacts.append(str(row.contact))
    for row in ask(PAGES):
        if str(row.doc) in docs:
            docs[str(row.doc)].pages.append((int(row.number), int(row.start), bool(row.ocr)))


def _tasks(ask) -> list[Passage]:
    tasks: dict[str, Passage] = {}
    for row in ask(TASKS):
        task = tasks.get(str(row.task))
        if task is None:
            task = tasks[str(row.task)] = Passage(
                "task", str(row.task), str(row.doc), str(row.text), f"{row.quote}（{row.note}）", int(row.start),
                max(int(row.end), int(row.noteEnd or 0)), _s(row.title), _s(row.path),
                {"scope": _s(row.scope), "roles": defaultdict(list)},
            )
        if row.role is not None:
            body = {"name": str(row.name), "label": str(row.label), "iri": str(row.body)}
            if body not in task.facts["roles"][ROLE_NAMES[row.role]]:
                task.facts["roles"][ROLE_NAMES[row.role]].append(body)
    return list(tasks.values())


def _targets(ask, texts: dict[str, str]) -> list[Passage]:
    """Targets searched by their task's text, or else by the sentence they stand in (对秸秆利用企业给予
    补助，原则上每吨补助标准不超过50元: the subject is often a clause before the number)."""
    out = []
    for row in ask(TARGETS):
        facts = {
            "metric": _s(row.metric), "value": float(row.value), "unit": _s(row.unit),
            "comparator": _s(row.comparator), "from": None if row["from"] is None else float(row["from"]),
            "year": None if row.year is None else int(row.year), "task": _s(row.task),
            "stretch": None if row.stretch is None else float(row.stretch), "written": _s(row.written),
            "upper": None if row.upper is None else float(row.upper),
        }
        context = _s(row.tasktext) or _sentence(texts.get(str(row.doc), ""), int(row.start), int(row.end)) or str(row.quote)
        out.append(Passage("target", str(row.target), str(row.doc), context, str(row.quote),
                           int(row.start), int(row.end), facts["metric"], "", facts))
    return out


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a span: from the stop before it to the stop after it, at most 150 characters a side."""
    before = max((text.rfind(stop, max(0, start - SIDE), start) for stop in SENTENCE_STOPS), default=-1)
    after = [at for stop in SENTENCE_STOPS if (at := text.find(stop, end, end + SIDE)) >= 0]
    first = before + 1 if before >= 0 else max(0, start - SIDE)
    return text[first : min(after) if after else min(len(text), end + SIDE)].strip()


def _terms(ask, texts: dict[str, str]) -> tuple[list[Passage], set[tuple[str, str]]]:
    """Terms with a definition or listed members as passages, and (document, label) of terms used with neither.

    facts: "members" in the text's order ([] when none), "count", the number the label names (or None),
    "glossary", whether a 名词解释 entry defines it, and "members_text", the list in the source's wording ("" when none);
    a term with members and no definition is searched by its members joined with 、; a numbered term with
    neither is a passage of kind "numbered" (its count, the sentence it is used in).
    """
    members, out, undefined = _term_members(ask), [], set()
    uses = {str(row.term): row for row in ask(TERM_USES)}
    for row in ask(TERMS):
        listed = members.get(str(row.term), [])
        if row.definition is None and not listed:
            undefined.add((str(row.doc), str(row.label)))
            if row["count"] is not None and str(row.term) in uses:  # 十大重点民生实事: a count the text states
                use, doc = uses[str(row.term)], str(row.doc)
                sentence = _sentence(texts.get(doc, ""), int(use.start), int(use.end)) or str(use.quote)
                out.append(Passage("numbered", str(row.term), doc, sentence, sentence, int(use.start), int(use.end),
                                   str(row.label), "", {"count": int(row["count"])}))
            continue
        facts = {"members": listed, "count": None if row["count"] is None else int(row["count"]),
                 "glossary": row.marker is not None, "members_text": _s(row.mtext)}
        if row.definition is None:
            text, quote, start, end = "、".join(listed), _s(row.mquote), row.mstart, row.mend
        else:
            text, quote, start, end = str(row.definition), _s(row.quote), row.start, row.end
        out.append(Passage("term", str(row.term), str(row.doc), text, quote, int(start or 0), int(end or 0),
                           str(row.label), "", facts))
    return out, undefined


def _term_members(ask) -> dict[str, list[str]]:
    """Each numbered term's members, in the order the text lists them."""
    members: dict[str, list[str]] = defaultdict(list)
    for row in ask(TERM_MEMBERS):
        members[str(row.term)].append(str(row.name))
    return members


def _unquoted(label: str) -> str:
    return re.sub(r"[“”\"'‘’]", "", label)


def _groups(ask) -> list[Passage]:
    """Work groups with their posts in the order written, office, other names and member bodies in order."""
    groups: dict[str, Passage] = {}
    for row in ask(GROUPS):
        group = groups.get(str(row.group))
        if group is None:
            group = groups[str(row.group)] = Passage(
                "group", str(row.group), str(row.doc), str(row.quote), str(row.quote), int(row.start),
                int(row.end), str(row.name), "",
                {"posts": [], "office": _s(row.office), "aliases": [], "members": [], "member_labels": []},
            )
        post = {"role": _s(row.role), "title": _s(row.title), "person": _s(row.person)}
        if row.role is not None and post not in group.facts["posts"]:
            group.facts["posts"].append(post)
        if row.alias is not None and str(row.alias) not in group.facts["aliases"]:
            group.facts["aliases"].append(str(row.alias))
    for row in ask(GROUP_MEMBERS):
        if group := groups.get(str(row.group)):
            group.facts["members"].append(str(row.name))
            group.facts["member_labels"].append(str(row.label))
    return list(groups.values())


def _people(ask) -> list[Passage]:
    """Named people, one passage per person and document: their titles as written and the group posts they hold."""
    people: dict[str, Passage] = {}
    job_titles: dict[str, list[str]] = defaultdict(list)  # unordered in the graph: after the posts' titles
    for row in ask(PEOPLE):
        person = people.get(str(row.person))
        if person is None:
            person = people[str(row.person)] = Passage(
                "person", str(row.person), str(row.doc), str(row.name), str(row.quote), int(row.start),
                int(row.end), str(row.name), "", {"posts": [], "groups": []},
            )
        if row.title is not None and str(row.title) not in person.facts["posts"]:
            person.facts["posts"].append(str(row.title))
        if row.jobTitle is not None:
            job_titles[person.iri].append(str(row.jobTitle))
        held = {"group": _s(row.groupName), "role": _s(row.role)}
        if row.role is not None and held not in person.facts["groups"]:
            person.facts["groups"].append(held)
    for person in people.values():
        person.facts["posts"] += [t for t in dict.fromkeys(job_titles[person.iri]) if t not in person.facts["posts"]]
        person.text = f"{person.title} {'；'.join(person.facts['posts'])}".strip()
    return list(people.values())


def _sections(ask) -> list[Passage]:
    return [
        Passage("section", str(row.section), str(row.doc), str(row.quote), str(row.quote), int(row.start),
                int(row.end), str(row.title), str(row.path), {"level": int(row.level)})
        for row in ask(SECTIONS)
    ]
