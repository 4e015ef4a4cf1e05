"""Terms: a coined term's definition, or the members a numbered abbreviation counts
(三大先导产业 → 集成电路、生物医药、人工智能), from the documents of the asked region first."""

from __future__ import annotations

import re

from search.evidence import answer, term_query
from search.index import Hit, overlap
from search.titles import title_core, without_title

ASKS_LIST = re.compile(r"哪[几两一二三四五六七八九十\d]*[个项类条家大些种方面块链]?|包括|包含|分别|各是")


def definition(reader, question):
    asked, named = plain(question.text), plain(question.topic)
    titles = [title_core(reader.corpus.documents[iri].title) for iri in reader.named_documents(question)]
    if titles:  # 益阳打好发展六仗实施方案的附件7: the title's words name no term
        asked, named = without_title(asked, titles), without_title(named, titles)
    undefined = max((u for u in map(plain, reader.corpus.undefined_terms) if len(u) > 2 and u in asked),
                    key=len, default="")
    terms = reader.corpus.titled("term", lambda title: _names_term(plain(title), asked, named))
    terms = [p for p in terms if len(plain(p.title)) >= len(undefined)]
    if question.regions:
        terms = [p for p in terms if reader.corpus.region_of(p) in question.regions]
    lists = bool(ASKS_LIST.search(question.text))
    hits = [Hit(p, 1.0, 1.0) for p in sorted(terms, key=lambda p: (*_naming(plain(p.title), asked, named), _unfit(p, lists)))]
    if not hits and not undefined:  # a paraphrase: only a term whose name the question mostly says
        hits = [h for h in reader.relevant(question, {"term"}) if overlap(plain(h.passage.title), asked) >= 0.5]
    out = [
        answer(_said(hit.passage, question.text), "definition", reader.corpus, hit.passage, hit.score,
               term_query(hit.passage.iri), term=hit.passage.title,
               members=hit.passage.facts.get("members") or [], relevance=hit.relevance)
        for hit in hits[:1]
    ]
    return out, hits


def _said(term, text: str) -> str:
    """The members when the question asks which ones (as the text lists them), else the definition
    (or, with none, the members)."""
    members = term.facts.get("members") or []
    if members and (ASKS_LIST.search(text) or term.text == "、".join(members)):
        return term.facts.get("members_text") or "、".join(members)
    return term.text


def _unfit(term, lists: bool) -> bool:
    """Of documents naming the same term, one that states what is asked is better: the members
    for a question asking which ones, else a definition (not a list read off a 是指 sentence)."""
    members = term.facts.get("members") or []
    return not members if lists else bool(members) and term.text == "、".join(members)


def _naming(label: str, asked: str, named: str) -> tuple[int, int]:
    """How the question names a term, best first: the one its words start with (百千万 in 百千万工程,
    not 千万工程), then the one nearest in length."""
    at = asked.find(label)
    return (at if at >= 0 else len(asked), abs(len(label) - len(named)))


def _names_term(label: str, asked: str, named: str) -> bool:
    """The question names this term: whole, or as the core of a longer label (发展六仗 in 打好“发展六仗”)."""
    return len(label) >= 2 and (label in asked or (len(named) >= 2 and named in label and 2 * len(named) >= len(label)))


def plain(text: str) -> str:
    """A term as compared: no quotes, brackets or spaces (“一办五牵头”工作机制 = 一办五牵头工作机制)."""
    return re.sub(r"[\s“”\"'‘’《》〈〉「」]", "", text)
