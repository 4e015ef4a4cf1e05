"""Lexical retrieval: Chinese text to BM25 tokens (jieba words plus character n-grams), indexed by tantivy."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
import warnings
from functools import cache
from pathlib import Path

import rjieba
import tantivy

with warnings.catch_warnings():  # jieba imports pkg_resources, which setuptools ≥ 81 warns about
    warnings.simplefilter("ignore", UserWarning)
    import jieba

USER_DICT = Path(__file__).parent / "data" / "userdict.txt"
TOKENIZER_VERSION = 2  # bump when tokenize() changes, so saved indexes are rebuilt
META_FILE = "tokenizer.json"
WRITER_HEAP = 64_000_000  # bytes tantivy buffers before it writes a segment

CJK_RUN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff]+")
ASCII_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)*")


def words(text: str) -> list[str]:
    """jieba's words of a text, with the domain's dictionary."""
    return _segmenter().lcut(text)


@cache
def _segmenter() -> jieba.Tokenizer:
    """A jieba of our own (the global one stays untouched) with the domain's words, loaded once, quietly."""
    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.load_userdict(str(USER_DICT))
    return segmenter


@cache
def _search_segmenter() -> rjieba.Jieba:
    """jieba-rs (jieba's algorithm and dictionary, in Rust) with the domain's words: tokenising every
    passage of a document is an ingest's largest cost in Python's jieba, a tenth of it here."""
    segmenter = rjieba.Jieba()
    for line in USER_DICT.read_text(encoding="utf-8").splitlines():
        word, *rest = line.split() or [""]
        if word:
            segmenter.add_word(word, int(rest[0]) if rest and rest[0].isdigit() else None, None)
    return segmenter


@cache
def tokenizer_stamp() -> str:
    """Identifies the tokenizer (code version and user dictionary): an index is only valid with the same one."""
    digest = hashlib.sha1(USER_DICT.read_bytes()).hexdigest()[:12]
    return f"{TOKENIZER_VERSION}-{digest}"


def tokenize(text: str) -> list[str]:
    """BM25 tokens: jieba words, character unigrams and bigrams of CJK runs, ASCII words and numbers.

    The n-grams let a query and a passage that jieba segments differently still share
    tokens (市住建局 vs 住建局); words add weight where jieba recognises one. jieba runs in
    search-engine mode, which also emits the sub-words of a long word (监管局 in 市场监管局),
    so a partial mention longer than a bigram still matches. Full-width forms are folded
    (NFKC) and ASCII lowercased; punctuation yields no token.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    words = [word for word in _search_segmenter().cut_for_search(text) if CJK_RUN.search(word)]
    return words + ASCII_WORD.findall(text) + _char_ngrams(text)


def _char_ngrams(text: str) -> list[str]:
    grams = []
    for run in CJK_RUN.findall(text):
        grams.extend(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


class LexicalIndex:
    """BM25 over pre-tokenised passages, in a tantivy index on disk (or in memory without a folder).

    tantivy keeps the index in segments it merges as it grows: adding or removing one
    document's passages costs that document, not the corpus; its BM25 (Lucene's, k1 = 1.2,
    b = 0.75) takes document frequencies and lengths over every segment, so a passage added
    today scores as if it had been indexed with the rest. Kind and region are fields, so a
    search filters inside the index. It is given tokenize()'s tokens joined by spaces and
    splits them on whitespace only: its own tokenizers do not segment Chinese.
    """

    def __init__(self, folder: str | Path | None = None):
        self._folder = Path(folder) if folder is not None else None
        if self._folder is not None:
            self._folder.mkdir(parents=True, exist_ok=True)
            self._check_tokenizer()
        self._index = tantivy.Index(SCHEMA, path=str(self._folder) if self._folder else None)
        self._writer: tantivy.IndexWriter | None = None

    def add(self, number: int, doc: str, kind: str, region: str, text: str) -> None:
        """Index one passage by its number (committed by commit())."""
        entry = tantivy.Document()
        entry.add_unsigned("number", number)
        entry.add_text("doc", doc)
        entry.add_text("kind", kind)
        entry.add_text("region", region)
        entry.add_text("tokens", " ".join(tokenize(text)))
        self._writing().add_document(entry)

    def remove(self, doc: str) -> None:
        """Drop a document's passages (committed by commit())."""
        self._writing().delete_documents_by_term("doc", doc)

    def commit(self) -> None:
        """Make the changes since the last commit durable and searchable, all at once."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
            self._index.reload()

    def search(self, query: str, k: int, kinds: frozenset[str] | None = None,
               regions: tuple[str, ...] = ()) -> list[tuple[int, float]]:
        """Up to k (number, score) pairs of the passages of these kinds and regions, best first;
        only passages sharing a token with the query."""
        tokens = tokenize(query)
        if not tokens or k <= 0:
            return []
        clauses = [(tantivy.Occur.Must, _any_of("tokens", tokens))]
        for name, values in (("kind", sorted(kinds) if kinds is not None else None), ("region", regions or None)):
            if values is not None:
                clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(_any_of(name, values), 0.0)))
        searcher = self._index.searcher()
        hits = searcher.search(tantivy.Query.boolean_query(clauses), k, count=False).hits
        numbers = searcher.fast_field_values("number", [address for _, address in hits])
        return [(number, score) for (score, _), number in zip(hits, numbers, strict=True) if score > 0]

    def __len__(self) -> int:
        return self._index.searcher().num_docs

    def _writing(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
        return self._writer

    def _check_tokenizer(self) -> None:
        """An index is only valid with the tokenizer that made it: ValueError for another one's."""
        meta = self._folder / META_FILE
        if meta.exists():
            made_by = json.loads(meta.read_text(encoding="utf-8"))["tokenizer"]
            if made_by != tokenizer_stamp():
                raise ValueError(f"{self._folder} was built with tokenizer {made_by}, not {tokenizer_stamp()}")
        else:
            meta.write_text(json.dumps({"tokenizer": tokenizer_stamp()}), encoding="utf-8")


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("number", stored=False, indexed=False, fast=True)
    for name in ("doc", "kind", "region"):
        builder.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("tokens", stored=False, tokenizer_name="whitespace", index_option="freq")
    return builder.build()


def _any_of(field: str, values: list[str]) -> tantivy.Query:
    """Matches a passage holding any of the values in the field, scored by all it holds."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, field, v)) for v in values])


SCHEMA = _schema()
