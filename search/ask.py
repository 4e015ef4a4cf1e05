"""Ask: a question in any form to the JSON object the CLI and the API return."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.store import KnowledgeStore
from search.answer import Reader
from search.embed import DEFAULT_EMBEDDER, Embedder, open_embedder
from search.index import Hit, SearchIndex, open_index
from search.lexicon import Lexicon
from search.understand import understand

MAX_QUESTION = 500
SHOWN_PASSAGES = 5


@dataclass
class Asker:
    """Everything a question needs, loaded once: the index, its corpus, the names it holds."""

    index: SearchIndex
    lexicon: Lexicon
    store: KnowledgeStore | None = None

    @classmethod
    def over(cls, index: SearchIndex, store: KnowledgeStore | None = None) -> Asker:
        """An Asker over an index, with the names its documents use read off it now; the store, when
        given, answers what the index does not hold (the lineage of tasks)."""
        return cls(index, Lexicon.of(index.corpus), store)

    def ask(self, text: str) -> dict:
        """The answer object for one question; an empty or unanswerable one gets no answers."""
        text = (text or "").strip()[:MAX_QUESTION]
        question = understand(text, self.lexicon)
        intent, answers, hits = (Reader(self.index.corpus, self.index, self.store).answers(question) if text
                                 else (question.intent, [], []))
        return {
            "question": text,
            "intent": intent,
            "intents": [[name, round(weight, 2)] for name, weight in question.intents[:4]],
            "region": question.regions,
            "topic": question.topic,
            "answers": answers,
            "sparql": answers[0]["sparql"] if answers else "",
            "passages": [passage_json(self.index, hit) for hit in hits[:SHOWN_PASSAGES]],
        }


def open_asker(store: KnowledgeStore, index_dir: str | Path, embedder_spec: str | None = None) -> Asker:
    """An Asker over the store as it is now, its index loaded or rebuilt beside it."""
    return built_asker(store, index_dir, embedder_named(embedder_spec))


def embedder_named(spec: str | None) -> Embedder | None:
    """The embedder a spec names, else KG_EMBEDDER's, else the bundled default (None: lexical only)."""
    return open_embedder(spec or os.environ.get("KG_EMBEDDER", DEFAULT_EMBEDDER))


def built_asker(store: KnowledgeStore, index_dir: str | Path, embedder: Embedder | None) -> Asker:
    """An Asker over the store as it is now with an embedder already loaded (a service loads it once)."""
    index = open_index(store, Path(index_dir), embedder)
    return Asker.over(index, store)


def passage_json(index: SearchIndex, hit: Hit) -> dict:
    """A retrieved passage as the CLI and the API return it."""
    passage = hit.passage
    doc = index.corpus.documents.get(passage.doc)
    return {
        "kind": passage.kind,
        "iri": passage.iri,
        "text": passage.search_text()[:300],
        "document": passage.doc,
        "title": doc.title if doc else "",
        "region": doc.region if doc else "",
        "start": passage.start,
        "end": passage.end,
        "score": round(hit.score, 4),
    }
