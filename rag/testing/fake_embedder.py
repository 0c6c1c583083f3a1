"""A deterministic embedder for fast tests: hashed word and character n-grams, no model.

A test tool, not a part: it is deliberately not registered as an entry point, so `rag index`
never offers it. It lets the fast tests (``-m "not slow"``) run the real store, indexer and
retriever in milliseconds without importing torch or loading an ONNX model, and it passes
``rag.testing.embedders.check_embedder`` like any real embedder. Texts sharing words get near
vectors, so dense retrieval finds the document a question's words come from.

    from rag import Assistant
    from rag.testing.fake_embedder import FakeEmbedder
    assistant = Assistant.build(["corpus/"], index_dir=tmp, embedder=FakeEmbedder())
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from rag.embedding.sentence_transformer import BatchEmbedder

_TOKEN = re.compile(r"\w+|[^\w\s]")  # words, and each other visible character on its own
WORD_WEIGHT = 1.0
TRIGRAM_WEIGHT = 0.3  # "fighter" and "fighters" share most trigrams: near, not equal
SYMBOL_WEIGHT = 0.2  # punctuation and symbols: present (a text of "—" is not a zero vector), but faint


@lru_cache(maxsize=100_000)
def _bucket(feature: str, dimension: int) -> tuple[int, float]:
    """(dimension, sign) of a feature: a stable hash (Python's own hash() differs per process)."""
    digest = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
    return digest % dimension, (1.0 if digest >> 63 else -1.0)


class FakeEmbedder(BatchEmbedder):
    """Hashed word unigrams plus character trigrams of each word, L2-normalised (an empty text
    gives the zero vector). Tokens are words and symbols, plus [CLS] and [SEP] as a real
    WordPiece count has."""

    max_tokens = 256

    def __init__(self, dimension: int = 384, batch_size: int = 64, cache_size: int = 20000) -> None:
        super().__init__(batch_size=batch_size, cache_size=cache_size)
        self.dimension = dimension
        self.name = f"fake-hashed-ngrams-{dimension}"  # the manifest records it: another dimension rebuilds

    def load(self) -> None:
        """Nothing to load."""

    def count_tokens(self, text: str) -> int:
        return len(_TOKEN.findall(text)) + 2

    def vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dimension, dtype=np.float64)
        for token in _TOKEN.findall(text.lower()):
            if not token[0].isalnum() and token[0] != "_":
                i, sign = _bucket("s:" + token, self.dimension)
                v[i] += sign * SYMBOL_WEIGHT
                continue
            i, sign = _bucket("w:" + token, self.dimension)
            v[i] += sign * WORD_WEIGHT
            padded = f"<{token}>"
            for a in range(len(padded) - 2):
                i, sign = _bucket("c:" + padded[a:a + 3], self.dimension)
                v[i] += sign * TRIGRAM_WEIGHT
        norm = np.linalg.norm(v)
        return (v / norm if norm > 0 else v).astype(np.float32)

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self.vector(t) for t in texts])
