"""Questions to answers read off the graph: one reader per kind of question.

Retrieval finds the passage a question is about (hybrid: BM25 and embeddings, fused);
the answer is then the fact that passage carries — the bodies of a task in the asked role,
a target's value, a term's definition, a document's date — never the pasted passage.
A question that nothing in the corpus answers gets no answers.
"""

from __future__ import annotations

import re
from collections import defaultdict

from search.evidence import (
    answer,
    bodies_text,
    document_query,
    group_query,
    lead_count_query,
    office_query,
    section_count_query,
    target_query,
    task_query,
    term_query,
    value_text,
)
from search.index import Hit, SearchIndex, overlap
from search.passages import Corpus, Passage
from search.understand import Question

ROLE_ORDER = {
    "lead": ("lead", "responsible"),
    "cooperating": ("cooperating",),
    "responsible": ("responsible", "lead"),
}
POST_ROLES = ("办公室副主任", "办公室主任", "副召集人", "召集人", "副组长", "组长", "副主任", "主任", "总调度")
MIN_RELEVANCE = 0.45


class Reader:
    """Reads answers for understood questions from the corpus and its search index."""

    def __init__(self, corpus: Corpus, index: SearchIndex):
        self.corpus = corpus
        self.index = index

    def answers(self, question: Question) -> tuple[list[dict], list[Hit]]:
        """(answers best first, the passages retrieved on the way)."""
        if question.unknown_region:
            return [], []
        read = getattr(self, f"_{question.intent}", self._search)
        return read(question)

    # ---------------------------------------------------------------- bodies by role

    def _lead(self, question: Question) -> tuple[list[dict], list[Hit]]:
        return self._bodies(question, question.intent)

    _cooperating = _responsible = _lead

    def _bodies(self, question: Question, role: str) -> tuple[list[dict], list[Hit]]:
        hits = self.relevant(question, {"task"})
        out = []
        for hit in self.per_region(question, hits, lambda h: bool(_role_bodies(h.passage, role)[1])):
            found_role, bodies = _role_bodies(hit.passage, role)
            out.append(
                answer(bodies_text(bodies), "body", self.corpus, hit.passage, hit.score,
                       task_query(hit.passage.iri, found_role), iri=bodies[0]["iri"], role=found_role,
                       bodies=bodies, task=hit.passage.iri)
            )
        return out, hits

    # ---------------------------------------------------------------- numbers

    def _value(self, question: Question) -> tuple[list[dict], list[Hit]]:
        unit = _asked_unit(question.text)
        hits = [
            h for h in self.relevant(question, {"target"})
            if _year_fits(h.passage, question.year) and unit in (h.passage.facts.get("unit") or "")
        ]
        if question.year is None:  # 今年, 目标: the document's own year before results it reviews
            hits.sort(key=lambda h: h.passage.facts.get("year") not in (None, self._year_of(h.passage)))
        several = len(question.topic.split()) > 1 and bool(re.search(r"各|分别", question.text))
        out = []
        for hit in self.per_region(question, hits, lambda h: True, per_region=3 if several else 1):
            facts = hit.passage.facts
            out.append(
                answer(value_text(facts), "number", self.corpus, hit.passage, hit.score,
                       target_query(hit.passage.iri), metric=facts["metric"], year=facts["year"])
            )
        return out, hits

    def _year_of(self, passage: Passage) -> int | None:
        doc = self.corpus.documents.get(passage.doc)
        found = re.search(r"(?:19|20)\d{2}", (doc.signed or doc.issued or doc.title) if doc else "")
        return int(found.group()) if found else None

    # ---------------------------------------------------------------- definitions

    def _definition(self, question: Question) -> tuple[list[dict], list[Hit]]:
        asked, named = _plain(question.text), _plain(question.topic)
        undefined = max((u for u in map(_plain, self.corpus.undefined_terms) if len(u) > 2 and u in asked),
                        key=len, default="")
        terms = [p for p in self.corpus.passages if p.kind == "term" and _names_term(_plain(p.title), asked, named)]
        terms = [p for p in terms if len(_plain(p.title)) >= len(undefined)]
        hits = [Hit(p, 1.0, 1.0) for p in sorted(terms, key=lambda p: abs(len(_plain(p.title)) - len(named)))]
        if not hits and not undefined:
            hits = self.relevant(question, {"term"})
        out = [
            answer(hit.passage.text, "definition", self.corpus, hit.passage, hit.score,
                   term_query(hit.passage.iri), term=hit.passage.title)
            for hit in hits[:1]
        ]
        return out, hits

    # ---------------------------------------------------------------- documents

    def _doc_basis(self, question: Question) -> tuple[list[dict], list[Hit]]:
        return self._document_fact(question, "basis")

    def _doc_date(self, question: Question) -> tuple[list[dict], list[Hit]]:
        return self._document_fact(question, "date")

    def _doc_issuer(self, question: Question) -> tuple[list[dict], list[Hit]]:
        return self._document_fact(question, "issuer")

    def _doc_addressees(self, question: Question) -> tuple[list[dict], list[Hit]]:
        return self._document_fact(question, "addressees")

    def _doc_number(self, question: Question) -> tuple[list[dict], list[Hit]]:
        return self._document_fact(question, "number")

    def _document_fact(self, question: Question, fact: str) -> tuple[list[dict], list[Hit]]:
        doc = self.find_document(question)
        if doc is None:
            return [], []
        passage = Passage("document", doc.iri, doc.iri, doc.title, doc.title, 0, 0, doc.title)
        texts, prop = _document_texts(doc, fact)
        return [
            answer(text, "document", self.corpus, passage, 1.0, document_query(doc.iri, prop)) for text in texts
        ], []

    def find_document(self, question: Question):
        """The document a question names: by its 文号, else by the title words it shares."""
        docs = list(self.corpus.documents.values())
        if question.doc_number:
            wanted = re.sub(r"\s+", "", question.doc_number)
            return next((d for d in docs if d.number == wanted), None)
        if question.regions:
            docs = [d for d in docs if d.region in question.regions]
        scored = [(overlap(question.topic, d.title), d) for d in docs]
        scored = [s for s in scored if s[0] > 0]
        return max(scored, key=lambda s: s[0])[1] if scored else None

    # ---------------------------------------------------------------- people and offices

    def _person(self, question: Question) -> tuple[list[dict], list[Hit]]:
        role = next((r for r in POST_ROLES if r in question.text), "")
        if not role:
            return [], []
        hits = self.relevant(question, {"group"}, topic=question.topic.replace(role, " "))
        for hit in hits:
            posts = [p for p in hit.passage.facts["posts"] if p["role"] == role]
            if posts:
                text = "、".join(p["person"] or p["title"] for p in posts)
                return [answer(text, "person", self.corpus, hit.passage, hit.score,
                               group_query(hit.passage.iri, role), posts=posts)], hits
        return [], hits

    def _office(self, question: Question) -> tuple[list[dict], list[Hit]]:
        hits = [h for h in self.relevant(question, {"group"}) if h.passage.facts["office"]]
        out = [
            answer(hit.passage.facts["office"], "body", self.corpus, hit.passage, hit.score,
                   office_query(hit.passage.iri))
            for hit in hits[:1]
        ]
        return out, hits

    # ---------------------------------------------------------------- counts

    def _count(self, question: Question) -> tuple[list[dict], list[Hit]]:
        body = self.named_body(question)
        if body is not None:
            return self._count_led(body), []
        hits = self.relevant(question, {"section", "task"})
        for hit in hits:
            children = self.children(hit.passage)
            if children:
                return [answer(f"{len(children)}项", "count", self.corpus, hit.passage, hit.score,
                               section_count_query(hit.passage.doc, _section_path(hit.passage)),
                               items=[c.title for c in children])], hits
        return [], hits

    def _count_led(self, body: dict) -> list[dict]:
        tasks = [p for p in self.corpus.passages if p.kind == "task" and
                 any(b["iri"] == body["iri"] for b in p.facts["roles"].get("lead", []))]
        if not tasks:
            return []
        alone = sum(1 for t in tasks if len(t.facts["roles"]["lead"]) == 1)
        text = f"{len(tasks)}项（其中{alone}项单独牵头，{len(tasks) - alone}项与其他单位共同牵头）"
        return [answer(text, "count", self.corpus, tasks[0], 1.0, lead_count_query(body["iri"]),
                       iri=body["iri"], tasks=[t.iri for t in tasks])]

    def named_body(self, question: Question) -> dict | None:
        """The body a question names as written in a task of its region (市发改委), longest first."""
        names = {}
        for passage in self.corpus.passages:
            if passage.kind != "task" or (question.regions and self.corpus.region_of(passage) not in question.regions):
                continue
            for bodies in passage.facts["roles"].values():
                for body in bodies:
                    names.setdefault(body["name"], body)
        found = [n for n in names if len(n) >= 3 and n in question.text]
        return names[max(found, key=len)] if found else None

    def children(self, passage: Passage) -> list[Passage]:
        """Items directly under a section (or under the heading a section task stands for)."""
        path = _section_path(passage)
        prefix = path + " > "
        return [
            p for p in self.corpus.passages
            if p.kind == "section" and p.doc == passage.doc and p.path.startswith(prefix)
            and " > " not in p.path[len(prefix):]
        ]

    # ---------------------------------------------------------------- plain search

    def _search(self, question: Question) -> tuple[list[dict], list[Hit]]:
        return [], self.index.search(question.topic or question.text, regions=question.regions)

    # ---------------------------------------------------------------- retrieval helpers

    def relevant(self, question: Question, kinds: set[str], topic: str | None = None) -> list[Hit]:
        """Hits of these kinds in the question's regions that share enough of its topic."""
        topic = question.topic if topic is None else topic
        hits = self.index.search(topic or question.text, kinds=kinds, regions=question.regions or None)
        return [h for h in hits if h.relevance >= MIN_RELEVANCE]

    def per_region(self, question: Question, hits: list[Hit], usable, per_region: int = 1) -> list[Hit]:
        """The best usable hits of each region asked about (or of every region that answers)."""
        by_region: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            region = self.corpus.region_of(hit.passage)
            if usable(hit) and len(by_region[region]) < per_region:
                by_region[region].append(hit)
        order = question.regions or sorted(by_region, key=lambda r: -by_region[r][0].score)
        return [hit for region in order for hit in by_region.get(region, [])]


def _role_bodies(task: Passage, role: str) -> tuple[str, list[dict]]:
    for candidate in ROLE_ORDER[role]:
        bodies = task.facts["roles"].get(candidate) or []
        if bodies:
            return candidate, bodies
    return role, []


def _names_term(label: str, asked: str, named: str) -> bool:
    """The question names this term: whole, or as the core of a longer label (发展六仗 in 打好“发展六仗”)."""
    return len(label) >= 2 and (label in asked or (len(named) >= 2 and named in label and 2 * len(named) >= len(label)))


def _plain(text: str) -> str:
    """A term as compared: no quotes, brackets or spaces (“一办五牵头”工作机制 = 一办五牵头工作机制)."""
    return re.sub(r"[\s“”\"'‘’《》〈〉「」]", "", text)


def _asked_unit(text: str) -> str:
    """The classifier a number question names (多少台 → 台), which the answer's unit must carry."""
    match = re.search(r"(?:多少|几)([个张台户人家所项条次辆座处吨亩元])", text)
    return match.group(1) if match else ""


def _year_fits(passage: Passage, year: int | None) -> bool:
    return year is None or passage.facts.get("year") in (None, year)


def _section_path(passage: Passage) -> str:
    """The heading path a section (or a section-level task) opens."""
    if passage.kind == "section":
        return passage.path
    return passage.path + (" > " + passage.title if passage.title else "")


def _document_texts(doc, fact: str) -> tuple[list[str], str]:
    if fact == "basis":
        return [f"《{t}》（{n}）" if n else f"《{t}》" for t, n in doc.basis], "pk:basedOn"
    if fact == "date":
        dates = [_chinese_date(doc.signed)] if doc.signed else []
        if doc.issued and doc.issued != doc.signed:
            dates.append(_chinese_date(doc.issued) + "印发")
        return dates, "eli:date_document"
    if fact == "issuer":
        return (["、".join(doc.issuers)] if doc.issuers else []), "dcterms:creator"
    if fact == "addressees":
        return ([doc.addressees] if doc.addressees else []), "pk:addressees"
    return ([doc.number] if doc.number else []), "dcterms:identifier"


def _chinese_date(iso: str) -> str:
    year, month, day = iso[:10].split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"
