"""Lexical retrieval: Chinese text to BM25 tokens (jieba words plus character n-grams), indexed by bm25s."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
import warnings
from functools import cache
from pathlib import Path

import bm25s
import numpy as np

with warnings.catch_warnings():  # jieba imports pkg_resources, which setuptools ≥ 81 warns about
    warnings.simplefilter("ignore", UserWarning)
    import jieba

USER_DICT = Path(__file__).parent / "data" / "userdict.txt"
TOKENIZER_VERSION = 1  # bump when tokenize() changes, so saved indexes are rebuilt
META_FILE = "lexical.json"

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
    words = [word for word in _segmenter().cut_for_search(text) if CJK_RUN.search(word)]
    return words + ASCII_WORD.findall(text) + _char_ngrams(text)


def _char_ngrams(text: str) -> list[str]:
    grams = []
    for run in CJK_RUN.findall(text):
        grams.extend(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


class LexicalIndex:
    """BM25 (bm25s, Lucene scoring, k1=1.5, b=0.75) over pre-tokenised passages.

    Lucene's scoring drops the textbook's constant (k1 + 1) factor: same ranking, scores
    2.5 times smaller.

    bm25s is given token lists, never raw text: its own tokenizer splits on spaces and
    would take a whole Chinese sentence for one token. Rows are numbered in build order.
    """

    def __init__(self) -> None:
        self._bm25: bm25s.BM25 | None = None

    def build(self, texts: list[str]) -> LexicalIndex:
        """Index texts (replacing what was indexed); returns self."""
        self._bm25 = None
        if texts:
            self._bm25 = bm25s.BM25()
            self._bm25.index([tokenize(text) for text in texts], show_progress=False)
        return self

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Up to k (row, score) pairs, best first; only rows sharing a token with the query."""
        token_ids = self._bm25.get_tokens_ids(tokenize(query)) if self._bm25 is not None else []
        if not token_ids or k <= 0:
            return []
        scores = self._bm25.get_scores_from_ids(token_ids)
        best = np.argsort(-scores, kind="stable")[:k]
        return [(int(row), float(scores[row])) for row in best if scores[row] > 0]

    def save(self, path: str | Path) -> None:
        """Write the index into the directory path (created if needed)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        if self._bm25 is not None:
            self._bm25.save(str(folder))
        meta = {"tokenizer": tokenizer_stamp(), "empty": self._bm25 is None}
        (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> LexicalIndex:
        """The index saved in path; ValueError if it was built by another tokenizer."""
        folder = Path(path)
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        if meta["tokenizer"] != tokenizer_stamp():
            raise ValueError(
                f"{folder} was built with tokenizer {meta['tokenizer']}, not {tokenizer_stamp()}"
            )
        index = cls()
        if not meta["empty"]:
            index._bm25 = bm25s.BM25.load(str(folder))
        return index
