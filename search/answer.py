"""Questions to answers read off the graph: the ranked kinds of answer compete.

Understanding ranks the kinds of answer a question may ask for; each kind close enough to
the best has its reader try, and the answer with the most support wins: the cue weight of
its kind plus how well what retrieval found fits the question. Retrieval finds the passage
a question is about (hybrid: BM25 and embeddings, fused); the answer is then the fact that
passage carries — the bodies of a task in the asked role, a target's value, a term's
definition or members, a document's date — never the pasted passage. A question that
nothing in the corpus answers gets no answers.
"""

from __future__ import annotations

import re
from collections import defaultdict

from kg.store import KnowledgeStore
from search.index import Hit, SearchIndex, overlap
from search.passages import Corpus, Document, Passage
from search.readers import bodies, counts, documents, lineage, numbers, people, terms
from search.titles import title_core, without_title
from search.understand import Question

READERS = {
    "lead": bodies.lead,
    "cooperating": bodies.cooperating,
    "responsible": bodies.responsible,
    "reverse": bodies.reverse,
    "value": numbers.value,
    "levels": lineage.levels,
    "implementers": lineage.implementers,
    "not_taken_up": lineage.not_taken_up,
    "definition": terms.definition,
    "count": counts.count,
    "person": people.post_holders,
    "person_posts": people.posts_of,
    "person_groups": people.groups_of,
    "office": people.office,
    "group_members": people.members,
    **{f"doc_{fact}": documents.reader(fact) for fact in documents.FACTS},
}
BOTH_ROLES = {"lead": "cooperating", "cooperating": "lead"}
BOTH_ROLES_ASKED = re.compile(r"牵头.{0,8}(?:和|与|及|、).{0,4}(?:配合|参与)|(?:配合|参与).{0,8}(?:和|与|及|、).{0,4}牵头")
MARGIN = 1.6  # kinds whose cue weight is this close to the best one's compete
MIN_RELEVANCE = 0.45
NAMED_TITLE = 0.6
DOC_KINDS = re.compile(r"方案|报告|规划|计划|意见|通知|办法|纲要|要点")
DOC_PHRASE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:方案|报告|规划|计划|意见|通知|办法|纲要|要点)")


class Reader:
    """Reads answers for understood questions from the corpus and its search index."""

    def __init__(self, corpus: Corpus, index: SearchIndex, store: KnowledgeStore | None = None):
        self.corpus = corpus
        self.index = index
        self.store = store  # for what changes with other documents (lineage); None: those readers find nothing
        self._named: dict[str, set[str]] = {}  # question text → the documents it names; every reader asks

    def answers(self, question: Question) -> tuple[str, list[dict], list[Hit]]:
        """(the kind of answer that won, answers best first, the passages retrieved on the way)."""
        if question.unknown_region:
            return question.intent, [], []
        best: tuple[float, str, list[dict], list[Hit]] = (0.0, question.intent, [], [])
        seen: list[Hit] = []
        top = question.intents[0][1] if question.intents else 0.0
        for intent, weight in question.intents:
            if weight < top - MARGIN or intent not in READERS:
                continue
            found, hits = READERS[intent](self, question)
            seen = seen or hits
            support = weight + 2.0 * max((a.get("relevance", 1.0) for a in found), default=0.0)
            if found and support > best[0]:
                best = (support, intent, found, hits)
        _, intent, found, hits = best
        if intent in BOTH_ROLES and BOTH_ROLES_ASKED.search(question.text):  # 牵头部门和配合部门分别是哪些
            other = READERS[BOTH_ROLES[intent]](self, question)[0]
            found = found + other if intent == "lead" else other + found
        return intent, found, hits or seen or self.related(question)

    def related(self, question: Question) -> list[Hit]:
        """What the question is about when no reader found anything: shown beside “no answer”."""
        return self.index.search(question.topic or question.text, regions=question.regions or None)

    # ---------------------------------------------------------------- retrieval helpers

    def relevant(self, question: Question, kinds: set[str], topic: str | None = None,
                 floor: float = MIN_RELEVANCE) -> list[Hit]:
        """Hits of these kinds in the question's regions that share enough of its topic."""
        named = self.named_documents(question)
        topic = self.focused(question, topic)
        best: dict[str, Hit] = {}
        scopes = [[region] for region in question.regions] if len(question.regions) > 1 else [question.regions]
        for variant in question.topics(topic):
            for scope in scopes:  # each region compared gets its own candidates
                for hit in self.index.search(variant or question.text, kinds=kinds, regions=scope or None):
                    if hit.passage.iri not in best or hit.relevance > best[hit.passage.iri].relevance:
                        best[hit.passage.iri] = hit
        hits = sorted(best.values(), key=lambda h: -h.score)
        if named and any(h.passage.doc in named for h in hits):
            hits = [h for h in hits if h.passage.doc in named]
        if question.level:
            hits = [h for h in hits if self.level_of(h.passage) == question.level]
        return [h for h in hits if h.relevance >= floor]

    def per_region(self, question: Question, hits: list[Hit], usable, per_region: int = 1) -> list[Hit]:
        """The best usable hits of each region asked about (or of every region that answers)."""
        by_region: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            region = self.corpus.region_of(hit.passage)
            if usable(hit) and len(by_region[region]) < per_region:
                by_region[region].append(hit)
        order = question.regions or sorted(by_region, key=lambda r: -by_region[r][0].score)
        return [hit for region in order for hit in by_region.get(region, [])]

    def focused(self, question: Question, topic: str | None = None) -> str:
        """The topic without the words of a document title it names (those say where, not what)."""
        topic = question.topic if topic is None else topic
        named = self.named_documents(question)
        if not named:
            return topic
        return without_title(topic, [title_core(self.corpus.documents[iri].title) for iri in named]) or topic

    def named_documents(self, question: Question) -> set[str]:
        """The documents a question names by title (…实施方案定的目标): in each region the best-named
        ones, when the question names a kind of document and most of one title."""
        if question.text not in self._named:
            self._named[question.text] = self._documents_named(question)
        return self._named[question.text]

    def _documents_named(self, question: Question) -> set[str]:
        if not DOC_KINDS.search(question.text):
            return set()
        best: dict[str, tuple[float, set[str]]] = {}  # per region: 省里和益阳的六仗方案 names one of each
        phrase = DOC_PHRASE.search(question.topic)  # 六仗方案: a short name the title holds
        for doc in self.documents_in_scope(question):
            core = title_core(doc.title)
            score = max(overlap(core, question.text), overlap(phrase.group(), core) if phrase else 0.0)
            top, iris = best.get(doc.region, (0.0, set()))
            if score >= NAMED_TITLE and score >= top:
                best[doc.region] = (score, iris | {doc.iri} if score == top else {doc.iri})
        return {iri for _, iris in best.values() for iri in iris}

    def level_of(self, passage: Passage) -> str:
        doc = self.corpus.documents.get(passage.doc)
        return doc.level if doc else ""

    def year_of(self, doc_iri: str) -> int | None:
        """A document's own year: of its date, else of its title."""
        doc = self.corpus.documents.get(doc_iri)
        found = re.search(r"(?:19|20)\d{2}", (doc.signed or doc.issued or doc.title) if doc else "")
        return int(found.group()) if found else None

    def documents_in_scope(self, question: Question) -> list[Document]:
        docs = list(self.corpus.documents.values())
        if question.regions:
            docs = [d for d in docs if d.region in question.regions]
        if question.level:
            docs = [d for d in docs if d.level == question.level]
        return docs

