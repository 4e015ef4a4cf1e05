"""A document's own facts: date, 文号, title, issuers, basis, addressees, attachments, and for
a report who delivered it at which meeting. The document is the one the question names by
文号, else the one of the asked region whose title shares most with the question among
those that carry the fact."""

from __future__ import annotations

import re

import cn2an

from search.evidence import answer, attachments_query, document_query
from search.index import overlap
from search.passages import Document, Passage

FACTS = ("date", "number", "title", "issuer", "basis", "addressees", "attachments", "speaker", "meeting", "contact")
# the path from the document to the value, as a SPARQL property path
PROPERTY = {
    "date": "eli:date_document|pk:deliveredOn", "number": "dcterms:identifier", "title": "dcterms:title",
    "issuer": "dcterms:creator/skos:prefLabel", "basis": "pk:basedOn", "addressees": "pk:addressees",
    "speaker": "pk:deliveredBy/schema:name",
    "meeting": "pk:deliveredAt/schema:name", "contact": "pk:contact",
}


def reader(fact: str):
    def read(reader_, question):
        return document_fact(reader_, question, fact)
    read.__name__ = f"doc_{fact}"
    return read


def document_fact(reader, question, fact: str):
    doc = find_document(reader, question, fact)
    if doc is None:
        return [], []
    if fact == "attachments" and (number := _attachment_asked(question.text)):
        return _attachment(reader, doc, number), []
    passage = Passage("document", doc.iri, doc.iri, doc.title, doc.title, 0, 0, doc.title)
    sparql = attachments_query(doc.iri) if fact == "attachments" else document_query(doc.iri, PROPERTY[fact])
    return [
        answer(text, "document", reader.corpus, passage, 1.0, sparql, fact=fact) for text in fact_texts(doc, fact)
    ], []


def find_document(reader, question, fact: str) -> Document | None:
    """By 文号; else the document whose title the question names (even when it does not state
    the fact: then there is no answer); else, naming none, the only or best-matching document
    in scope that states the fact."""
    if question.doc_number:
        wanted = same_number(question.doc_number)
        return next((d for d in reader.corpus.documents.values() if same_number(d.number) == wanted), None)
    named = reader.named_documents(question)
    if named:
        stating = [reader.corpus.documents[iri] for iri in sorted(named) if fact_texts(reader.corpus.documents[iri], fact)]
        return stating[0] if stating else None
    docs = [d for d in reader.documents_in_scope(question) if fact_texts(d, fact)]
    if len(docs) == 1 and (question.regions or question.level):
        return docs[0]
    scored = [(overlap(question.topic, d.title), d) for d in docs]
    scored = [s for s in scored if s[0] > 0.2]
    return max(scored, key=lambda s: s[0])[1] if scored else None


def _attachment_asked(text: str) -> int | None:
    """The attachment a question names by number (附件3, 附件三), if any."""
    match = re.search(r"附件\s*(\d+|[一二三四五六七八九十]+)", text)
    if not match:
        return None
    return int(match.group(1)) if match.group(1).isdigit() else cn2an.cn2an(match.group(1), "smart")


def _attachment(reader, doc: Document, number: int) -> list[dict]:
    """The title of that attachment; none when the document has fewer."""
    if not 1 <= number <= len(doc.attachments):
        return []
    passage = Passage("document", doc.iri, doc.iri, doc.title, doc.title, 0, 0, doc.title)
    return [answer(doc.attachments[number - 1], "document", reader.corpus, passage, 1.0, attachments_query(doc.iri),
                   fact="attachments", number=number)]


def same_number(number: str) -> str:
    """A 文号 however its year is bracketed or spaced: 湘政办发[2023]2号 = 湘政办发〔2023〕2号."""
    number = re.sub(r"\s+", "", number)
    return re.sub(r"[\]］)）】]", "〕", re.sub(r"[\[［(（【]", "〔", number))


def fact_texts(doc: Document, fact: str) -> list[str]:
    """The fact as said, one text per value (empty when the document does not state it)."""
    if fact == "basis":
        return [f"《{t}》（{n}）" if n else f"《{t}》" for t, n in doc.basis]
    if fact == "date":
        return _dates(doc)
    if fact == "issuer":
        return ["、".join(doc.issuers)] if doc.issuers else []
    if fact == "attachments":
        return [f"{len(doc.attachments)}个：" + "；".join(doc.attachments)] if doc.attachments else []
    if fact == "speaker":
        return [f"{doc.speaker}（{doc.speaker_post}）" if doc.speaker_post else doc.speaker] if doc.speaker else []
    if fact == "contact":
        return list(doc.contacts)
    value = {"number": doc.number, "title": doc.title, "addressees": doc.addressees, "meeting": doc.meeting}[fact]
    return [value] if value else []


def _dates(doc: Document) -> list[str]:
    dates = [chinese_date(doc.signed)] if doc.signed else []
    if doc.issued and doc.issued != doc.signed:
        dates.append(chinese_date(doc.issued) + "印发")
    if doc.delivered and doc.delivered not in (doc.signed, doc.issued):
        dates.append(chinese_date(doc.delivered))
    return dates


def chinese_date(iso: str) -> str:
    year, month, day = iso[:10].split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"
