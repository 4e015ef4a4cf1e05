"""Lexical retrieval: jieba + character n-gram tokens in tantivy, BM25 scores checked by hand and against rank-bm25."""

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from search.lexical import META_FILE, LexicalIndex, tokenize

PASSAGES = [
    "推进城镇老旧小区改造，完成改造小区120个（市住建局牵头，市发改委、市财政局配合）。",
    "新增养老床位500张，提升社区养老服务能力（市民政局负责）。",
    "持续优化营商环境，深化政务服务“一网通办”（市政务服务中心牵头）。",
    "实施农村人居环境整治提升行动，建设美丽乡村示范村20个（市农业农村局牵头）。",
]


def test_tokens_are_words_ngrams_and_ascii():
    tokens = tokenize("市住建局牵头，ＧＤＰ增长7.5%")
    assert {"住建局", "牵头"} <= set(tokens)  # jieba words, 住建局 from the user dictionary
    assert {"住", "建", "市住", "住建", "建局"} <= set(tokens)  # unigrams and bigrams
    assert {"gdp", "7.5"} <= set(tokens)  # full width folded, ASCII lowercased, numbers whole
    assert not {"，", "%", "％", ""} & set(tokens)


def indexed(texts: list[str], folder=None, kinds=None, regions=None) -> LexicalIndex:
    """An index of the texts, numbered from 0, each its own document."""
    index = LexicalIndex(folder)
    for number, text in enumerate(texts):
        index.add(number, f"doc{number}", (kinds or {}).get(number, "task"), (regions or {}).get(number, "益阳市"), text)
    index.commit()
    return index


def test_passage_found_by_words_not_by_whole_sentences():
    """No whitespace in either text: a sentence-as-one-token BM25 would find nothing here."""
    index = indexed(PASSAGES)
    assert index.search("谁牵头老旧小区改造", 3)[0][0] == 0
    assert index.search("养老床位新增了多少", 3)[0][0] == 1


def test_differently_segmented_query_still_meets_the_passage():
    index = indexed(["市住房城乡建设局会同市城管执法局推进背街小巷整治", *PASSAGES])
    assert index.search("城乡建设局负责哪些整治", 1)[0][0] == 0


def test_scores_match_hand_computed_bm25():
    """idf · (k1 + 1) · tf / (tf + k1 · (1 - b + b · dl / avgdl)), idf = ln(1 + (N - df + 0.5) / (df + 0.5)).

    tantivy's constants: k1=1.2, b=0.75; N=3, avgdl=2, df(apple)=2.
    """
    index = indexed(["apple banana", "apple apple cherry", "date"])
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    doc1 = idf * 2.2 * 2 / (2 + 1.2 * (0.25 + 0.75 * 3 / 2))
    doc0 = idf * 2.2 * 1 / (1 + 1.2 * (0.25 + 0.75 * 2 / 2))
    hits = index.search("Apple", 5)
    assert [row for row, _ in hits] == [1, 0]
    assert np.allclose([score for _, score in hits], [doc1, doc0], rtol=1e-5)


def test_scores_match_rank_bm25():
    rank_bm25 = pytest.importorskip("rank_bm25")

    class LuceneBM25(rank_bm25.BM25Okapi):
        """rank-bm25's Okapi weighting with Lucene's idf, the one tantivy computes."""

        def _calc_idf(self, nd):
            self.idf = {word: math.log(1 + (self.corpus_size - n + 0.5) / (n + 0.5)) for word, n in nd.items()}

    reference = LuceneBM25([tokenize(text) for text in PASSAGES], k1=1.2, b=0.75)
    index = indexed(PASSAGES)
    for query in ["谁牵头老旧小区改造", "市发改委配合哪些工作", "政务服务一网通办", "美丽乡村"]:
        expected = reference.get_scores(tokenize(query))
        got = np.zeros(len(PASSAGES))
        for row, score in index.search(query, len(PASSAGES)):
            got[row] = score
        # tantivy stores a passage's length in one byte: exact below 40 tokens, within a few % above
        assert np.allclose(got, expected, rtol=0.03), query
        assert np.argmax(got) == np.argmax(expected), query


def test_filters_apply_inside_the_index():
    index = indexed(PASSAGES, kinds={1: "target"}, regions={2: "湖南省"})
    assert [n for n, _ in index.search("市牵头", 10, kinds=frozenset({"target"}))] == [1]
    assert [n for n, _ in index.search("市牵头", 10, regions=("湖南省",))] == [2]
    assert {n for n, _ in index.search("市牵头", 10, kinds=frozenset({"task"}), regions=("益阳市",))} == {0, 3}


def test_a_document_is_removed_and_replaced_alone(tmp_path):
    index = indexed(PASSAGES, tmp_path)
    index.remove("doc0")
    index.add(9, "doc0", "task", "益阳市", "推进背街小巷整治（市城管局牵头）")
    index.commit()
    assert index.search("谁牵头老旧小区改造", 1)[0][0] != 0
    assert index.search("背街小巷", 1)[0][0] == 9
    assert len(index) == 4


def test_nothing_to_find():
    assert LexicalIndex().search("老旧小区", 5) == []
    index = indexed(PASSAGES)
    assert index.search("，。！", 5) == []
    assert index.search("", 5) == []
    assert index.search("量子计算", 5) == []
    assert index.search("老旧小区", 0) == []


def test_the_index_persists_in_its_folder(tmp_path):
    index = indexed(PASSAGES, tmp_path / "lexical")
    expected = index.search("谁牵头老旧小区改造", 4)
    del index
    assert LexicalIndex(tmp_path / "lexical").search("谁牵头老旧小区改造", 4) == expected


def test_index_from_another_tokenizer_is_refused(tmp_path):
    indexed(PASSAGES, tmp_path)
    meta = tmp_path / META_FILE
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "tokenizer": "0-old"}))
    with pytest.raises(ValueError, match="tokenizer"):
        LexicalIndex(tmp_path)


def test_jieba_starts_quietly():
    code = "from search.lexical import tokenize; tokenize('谁牵头老旧小区改造')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr == ""
