"""Document records to RDF triples: the one place the ontology is applied."""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, datetime
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ingest.records import (
    ROLES,
    Body,
    CitedDocument,
    Document,
    Page,
    Person,
    Post,
    Section,
    Span,
    Target,
    Task,
    Term,
    WorkGroup,
)
from kg.vocab import (
    ELI,
    PK,
    PREFIXES,
    ROLE_IRIS,
    ROLE_PROPERTIES,
    SCHEMA,
    doc_iri,
    org_iri,
    part_iri,
    place_iri,
    task_iri,
    term_iri,
)

PATH_SEPARATOR = " > "
CONVENER_PROPERTIES = {
    "召集人": PK.convener,
    "组长": PK.convener,
    "副召集人": PK.deputyConvener,
    "副组长": PK.deputyConvener,
}


def document_graph(doc: Document) -> Graph:
    """All triples of one document, meant for the named graph whose IRI is doc_iri(doc.key)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in document_triples(doc):
        graph.add(triple)
    return graph


def document_triples(doc: Document) -> list[tuple]:
    """The same triples as a plain list, each once: what ingest validates and stores (a Graph indexes
    every triple as it is added, which cost more than making the triples)."""
    return _Builder(doc).build()


def decimal(value: float) -> Literal:
    """An xsd:decimal in plain notation (650, 7.5), never a float's 6.5E+2."""
    return Literal(format(Decimal(repr(value)).normalize(), "f"), datatype=XSD.decimal)


class _Builder:
    """Collects one document's triples; holds the document so each method stays short."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.iri = doc_iri(doc.key)
        self.triples: dict[tuple, None] = {}  # an ordered set: a node described twice is stated once
        self.page_starts = [page.start for page in doc.pages]
        self.sections: dict[tuple[str, ...], URIRef] = {}
        self.targets: dict[int, URIRef] = {}
        self.terms: dict[str, URIRef] = {}

    def add(self, subject, predicate, value) -> None:
        """Add one triple; None and "" mean "not said" and add nothing."""
        if value is None or value == "":
            return
        self.triples[subject, predicate, value if isinstance(value, URIRef | Literal) else Literal(value)] = None

    def build(self) -> list[tuple]:
        self.document()
        for i, section in enumerate(self.doc.sections, start=1):
            self.section(i, section)
        for i, target in enumerate(self.doc.targets, start=1):
            self.add(self.iri, PK.hasTarget, self.target(target, part_iri("target", self.doc.key, i)))
        for term in self.doc.terms:
            self.term(term)
        for task in self.doc.tasks:
            self.task(task)
        for i, group in enumerate(self.doc.groups, start=1):
            self.group(i, group)
        for person in self.doc.people:
            self.person(person)
        for page in self.doc.pages:
            self.page(page)
        return list(self.triples)

    # ------------------------------------------------------------ documents

    def document(self) -> None:
        meta, g = self.doc.metadata, self.iri
        self.add(g, RDF.type, PK.PolicyDocument)
        self.add(g, DCTERMS.title, meta.title)
        self.add(g, DCTERMS.identifier, meta.doc_number)
        self.add(g, PK.key, self.doc.key)
        self.add(g, PK.sourceFile, self.doc.source_file)
        self.add(g, PK.sourceText, self.doc.text)
        self.add(g, PK.sha256, self.doc.sha256)
        self.add(g, PROV.generatedAtTime, Literal(datetime.now(UTC)))  # a re-ingest is a new state
        self.add(g, PK.docType, meta.doc_type)
        self.add(g, PK.addressees, meta.addressees)
        for contact in meta.contacts:
            self.add(g, PK.contact, contact)
        self.add(g, ELI.date_document, _date(meta.date_signed))
        self.add(g, DCTERMS.issued, _date(meta.date_printed or meta.date_signed))
        for issuer in meta.issuers:
            self.add(g, DCTERMS.creator, self.issuer(issuer))
        if meta.region:
            self.add(g, PK.region, self.region())
        for cited in meta.basis:
            self.citation(cited)
        for i, title in enumerate(meta.attachments, start=1):
            self.attachment(i, title)
        self.delivery()

    def region(self) -> URIRef:
        """The document's jurisdiction, its level, and the jurisdiction it lies within."""
        meta = self.doc.metadata
        place = self.place(meta.region)
        self.add(place, PK.adminLevel, meta.level)
        parent = meta.parent_region or (meta.province if meta.province != meta.region else "")
        if parent:
            self.add(place, DCTERMS.isPartOf, self.place(parent))
        return place

    def place(self, name: str) -> URIRef:
        iri = place_iri(name)
        self.add(iri, RDF.type, PK.Jurisdiction)
        self.add(iri, SKOS.prefLabel, name)
        return iri

    def issuer(self, name: str) -> URIRef:
        """An issuing body, keyed like ingest keys bodies (region|label): issuers are written in full."""
        label = "".join(name.split())
        region = self.doc.metadata.region
        return self.body(Body(name=name, label=label, key=f"{region}|{label}", jurisdiction=region))

    def citation(self, cited: CitedDocument) -> None:
        """A basis document, on the IRI it has (or will have) when ingested itself: keyed by its 文号."""
        iri = doc_iri(cited.doc_number or cited.title)
        self.add(iri, RDF.type, PK.PolicyDocument)
        self.add(iri, DCTERMS.title, cited.title)
        self.add(iri, DCTERMS.identifier, cited.doc_number)
        self.add(iri, PROV.wasDerivedFrom, self.passage(cited.span))
        self.add(self.iri, PK.basedOn, iri)
        self.add(self.iri, DCTERMS.references, iri)

    def attachment(self, i: int, title: str) -> None:
        iri = part_iri("attachment", self.doc.key, i)
        self.add(iri, RDF.type, PK.Attachment)
        self.add(iri, DCTERMS.title, title)
        self.add(iri, PK.number, Literal(i))
        self.add(iri, DCTERMS.isPartOf, self.iri)
        self.add(self.iri, DCTERMS.hasPart, iri)

    def delivery(self) -> None:
        """A report's delivery: its speaker (a schema:Person with the post as written), the day, the meeting."""
        meta = self.doc.metadata
        self.add(self.iri, PK.deliveredOn, _date(meta.delivered))
        source = self.passage(meta.delivery_span) if meta.delivery_span else None
        if meta.speaker:
            speaker = self.person_iri(meta.speaker)
            self.add(speaker, RDF.type, SCHEMA.Person)
            self.add(speaker, SCHEMA.name, meta.speaker)
            self.add(speaker, SCHEMA.jobTitle, meta.speaker_post)
            self.add(speaker, PROV.wasDerivedFrom, source)
            self.add(self.iri, PK.deliveredBy, speaker)
        if meta.meeting:
            meeting = part_iri("meeting", self.doc.key, 1)
            self.add(meeting, RDF.type, SCHEMA.Event)
            self.add(meeting, SCHEMA.name, meta.meeting)
            self.add(meeting, PROV.wasDerivedFrom, source)
            self.add(self.iri, PK.deliveredAt, meeting)

    def section(self, i: int, section: Section) -> None:
        iri = part_iri("section", self.doc.key, i)
        self.sections.setdefault(tuple(section.path), iri)
        self.add(iri, RDF.type, PK.Section)
        self.add(iri, PK.number, Literal(i))
        self.add(iri, PK.sectionNumber, section.number)
        self.add(iri, DCTERMS.title, section.title)
        self.add(iri, PK.level, Literal(section.level))
        self.add(iri, PK.sectionPath, PATH_SEPARATOR.join(section.path))
        self.add(iri, DCTERMS.isPartOf, self.iri)
        self.add(iri, PROV.wasDerivedFrom, self.passage(section.span))
        self.add(self.iri, DCTERMS.hasPart, iri)

    # ------------------------------------------------------------ provenance

    def passage(self, span: Span) -> URIRef:
        """The passage [start, end) of the original text; its IRI is its offsets, so facts share it.
        From a paged source, it names the page it starts on, and says so when OCR read that page."""
        iri = part_iri("passage", self.doc.key, f"{span.start}-{span.end}")
        self.add(iri, RDF.type, PK.Passage)
        self.add(iri, PK.startOffset, Literal(span.start))
        self.add(iri, PK.endOffset, Literal(span.end))
        self.add(iri, PK.quote, Literal(self.doc.text[span.start : span.end]))
        self.add(iri, DCTERMS.isPartOf, self.iri)
        page = self.page_at(span.start)
        if page is not None:
            self.add(iri, PK.onPage, self.page(page))
            if page.ocr:
                self.add(iri, PK.readByOCR, Literal(True))
        return iri

    def page_at(self, offset: int) -> Page | None:
        at = bisect_right(self.page_starts, offset) - 1
        return self.doc.pages[at] if at >= 0 else None

    def page(self, page: Page) -> URIRef:
        """A page of a PDF or OFD: its number, its characters in the text, whether OCR read it."""
        iri = part_iri("page", self.doc.key, str(page.number))
        self.add(iri, RDF.type, PK.Page)
        self.add(iri, PK.pageNumber, Literal(page.number))
        self.add(iri, PK.startOffset, Literal(page.start))
        self.add(iri, PK.endOffset, Literal(page.end))
        if page.ocr:
            self.add(iri, PK.readByOCR, Literal(True))
        self.add(iri, DCTERMS.isPartOf, self.iri)
        return iri

    # ------------------------------------------------------------ bodies

    def body(self, body: Body) -> URIRef:
        """The body's node: canonical label, every name written for it, its jurisdiction."""
        iri = org_iri(body.key)
        self.add(iri, RDF.type, ORG.Organization)
        self.add(iri, SKOS.prefLabel, body.label)
        if body.name.strip() != body.label:
            self.add(iri, SKOS.altLabel, body.name.strip())
        if body.jurisdiction:
            self.add(iri, PK.jurisdiction, self.place(body.jurisdiction))
        if body.generic:
            self.add(iri, PK.isGeneric, Literal(True))
        return iri

    # ------------------------------------------------------------ tasks

    def task(self, task: Task) -> None:
        iri = task_iri(self.doc.key, task.number)
        self.add(iri, RDF.type, PK.Task)
        self.add(iri, PK.number, Literal(task.number))
        self.add(iri, PK.text, Literal(task.text))
        self.add(iri, PK.annotation, Literal(task.annotation))
        self.add(iri, PK.scope, task.scope)
        self.add(iri, PK.sectionPath, PATH_SEPARATOR.join(task.section_path))
        self.add(iri, PK.inSection, self.sections.get(tuple(task.section_path)))
        self.add(iri, PK.itemNumber, task.item_no)
        self.add(iri, PK.itemTitle, task.item_title)
        self.add(iri, DCTERMS.isPartOf, self.iri)
        self.add(iri, PROV.wasDerivedFrom, self.passage(task.span))
        self.add(iri, PK.annotationPassage, self.passage(task.annotation_span))
        if task.parent is not None:
            self.add(iri, PK.partOfTask, task_iri(self.doc.key, self.doc.tasks[task.parent].number))
        for role in ROLES:
            for order, body in enumerate(getattr(task, role)):
                self.assignment(iri, role, order, body)
        for j, target in enumerate(task.targets, start=1):
            self.add(iri, PK.hasTarget, self.target(target, URIRef(f"{iri}/target/{j}")))
        for label, term in self.terms.items():
            if label in task.text:
                self.add(iri, PK.usesTerm, term)

    def assignment(self, task: URIRef, role: str, order: int, body: Body) -> None:
        """Task → body in a role, directly and as a pk:Assignment keeping the name as written."""
        org = self.body(body)
        iri = URIRef(f"{task}/{role}/{order}")
        self.add(task, ROLE_PROPERTIES[role], org)
        self.add(task, PK.assignment, iri)
        self.add(iri, RDF.type, PK.Assignment)
        self.add(iri, PK.body, org)
        self.add(iri, PK.role, ROLE_IRIS[role])
        self.add(iri, PK.nameAsWritten, body.name.strip())
        self.add(iri, PK.order, Literal(order))
        if body.span is not None:
            self.add(iri, PROV.wasDerivedFrom, self.passage(body.span))

    def target(self, target: Target, fallback: URIRef) -> URIRef:
        """A target's node; one listed both in the document and in a task keeps the document's IRI."""
        if id(target) in self.targets:
            return self.targets[id(target)]
        iri = self.targets[id(target)] = fallback
        self.add(iri, RDF.type, PK.Target)
        self.add(iri, RDF.type, SCHEMA.QuantitativeValue)
        self.add(iri, SCHEMA.value, decimal(target.value))
        self.add(iri, SCHEMA.unitText, target.unit)
        self.add(iri, PK.metric, target.metric)
        self.add(iri, PK.text, target.text)
        self.add(iri, PK.comparator, target.comparator)
        self.add(iri, PK.fromValue, None if target.value_from is None else decimal(target.value_from))
        self.add(iri, PK.year, None if target.year is None else Literal(target.year))
        self.add(iri, PK.stretchValue, None if target.stretch is None else decimal(target.stretch))
        self.add(iri, PK.writtenValue, target.written)
        self.add(iri, SCHEMA.minValue, None if target.upper is None else decimal(target.value))
        self.add(iri, SCHEMA.maxValue, None if target.upper is None else decimal(target.upper))
        self.add(iri, PROV.wasDerivedFrom, self.passage(target.span))
        return iri

    # ------------------------------------------------------------ terms

    def term(self, term: Term) -> None:
        iri = self.terms.setdefault(term.label, term_iri(self.doc.key, term.label))
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.prefLabel, term.label)
        self.add(iri, SKOS.definition, term.definition)
        self.add(iri, PK.definitionMarker, term.marker)
        self.add(iri, RDFS.isDefinedBy, self.iri)
        self.add(iri, PROV.wasDerivedFrom, self.passage(term.span))
        if term.definition_span is not None:
            self.add(iri, PK.definitionPassage, self.passage(term.definition_span))
        self.members(iri, term)

    def members(self, iri: URIRef, term: Term) -> None:
        """A numbered term's count and its members in order, each a schema:ListItem with its position from 1."""
        self.add(iri, PK.memberCount, None if term.count is None else Literal(term.count))
        if term.members_span is not None:
            self.add(iri, PK.membersPassage, self.passage(term.members_span))
        self.add(iri, PK.membersText, term.members_text)
        for position, member in enumerate(term.members, start=1):
            item = URIRef(f"{iri}/member/{position}")
            self.add(item, RDF.type, SCHEMA.ListItem)
            self.add(item, SCHEMA.name, member)
            self.add(item, SCHEMA.position, Literal(position))
            self.add(iri, PK.member, item)

    # ------------------------------------------------------------ work groups and people

    def group(self, i: int, group: WorkGroup) -> None:
        iri = part_iri("group", self.doc.key, i)
        self.add(iri, RDF.type, ORG.Organization)
        self.add(iri, RDF.type, PK.WorkGroup)
        self.add(iri, SKOS.prefLabel, group.name)
        for alias in group.aliases:
            self.add(iri, SKOS.altLabel, alias)
        self.add(iri, DCTERMS.isPartOf, self.iri)
        self.add(iri, PROV.wasDerivedFrom, self.passage(group.span))
        if group.office is not None:
            self.add(iri, PK.office, self.body(group.office))
        for j, member in enumerate(group.members):
            self.membership(iri, URIRef(f"{iri}/member/{j}"), j, member)
        for j, post in enumerate(group.posts, start=1):
            self.post(iri, URIRef(f"{iri}/post/{j}"), post)

    def membership(self, group: URIRef, iri: URIRef, position: int, member: Body) -> None:
        """A member body: org:hasMember, and an org:Membership keeping the name as written and its place in the list."""
        body = self.body(member)
        self.add(group, ORG.hasMember, body)
        self.add(iri, RDF.type, ORG.Membership)
        self.add(iri, ORG.organization, group)
        self.add(iri, ORG.member, body)
        self.add(iri, RDFS.label, member.name.strip())
        self.add(iri, PK.memberPosition, Literal(position))

    def post(self, group: URIRef, iri: URIRef, post: Post) -> None:
        """A post in a group; a convenor's post is also pk:convener, and its holder org:holds it."""
        self.add(iri, RDF.type, ORG.Post)
        self.add(iri, PK.title, post.title)
        self.add(iri, PK.postRole, post.role)
        self.add(iri, ORG.postIn, group)
        self.add(group, ORG.hasPost, iri)
        if post.role in CONVENER_PROPERTIES:
            self.add(group, CONVENER_PROPERTIES[post.role], iri)
        if post.person:
            holder = self.person_iri(post.person)
            self.add(holder, RDF.type, SCHEMA.Person)
            self.add(holder, SCHEMA.name, post.person)
            self.add(holder, ORG.holds, iri)
            self.add(iri, ORG.heldBy, holder)

    def person(self, person: Person) -> None:
        iri = self.person_iri(person.name)
        self.add(iri, RDF.type, SCHEMA.Person)
        self.add(iri, SCHEMA.name, person.name)
        for title in person.posts:
            self.add(iri, SCHEMA.jobTitle, title)
        self.add(iri, PROV.wasDerivedFrom, self.passage(person.span))

    def person_iri(self, name: str) -> URIRef:
        """People are per document: a name alone does not say two documents mean the same person."""
        return part_iri("person", self.doc.key, name)


def _date(value: str) -> Literal | None:
    """An xsd:date for an ISO date (ingest writes them so), else nothing."""
    return Literal(value, datatype=XSD.date) if len(value) == 10 and value[4] == "-" else None
