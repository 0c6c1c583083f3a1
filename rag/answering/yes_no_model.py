"""The yes/no classifier: (question, passage) -> P(no), P(yes), P(the passage does not address it).

The reader's MiniLM-L6 encoder (rag/answering/reader.py) with a 3-way head on [CLS], fine-tuned on
BoolQ questions by ``bench/train_yesno.py`` (real passages labelled yes/no, passages of other
articles labelled "unrelated"). It ships as one int8 ONNX file (``rag/models/yesno-int8.onnx``)
whose SHA-256, recorded in ``rag/models/yesno.json`` with its training and held-out figures, is
checked when it loads; it runs with onnxruntime, so no torch at query time.

The encoding lives here and the training script imports it, so the model reads at query time
exactly what it was trained on.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.errors import RagError

MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_FILE = MODEL_DIR / "yesno-int8.onnx"
CARD_FILE = MODEL_DIR / "yesno.json"

CLASSES = ("no", "yes", "unrelated")
NO, YES, UNRELATED = 0, 1, 2
MAX_LENGTH = 320            # tokens: [CLS] question [SEP] passage [SEP]; the passage is cut to fit
MAX_QUESTION_TOKENS = 64
REMEDY = "reinstall the package or retrain with bench/train_yesno.py"


def normalise_question(question: str) -> str:
    """BoolQ questions are typed lower-case without '?': users' ones end with one. The tokenizer
    lower-cases; the trailing '?' is dropped so both read alike."""
    return question.strip().rstrip("?").strip()


def encode_pair(tok, question: str, text: str, max_length: int = MAX_LENGTH) -> tuple[list[int], list[int]]:
    """(token ids, token type ids) of ``[CLS] question [SEP] passage [SEP]``, the passage cut to fit."""
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    q = tok.encode(normalise_question(question), add_special_tokens=False).ids[:MAX_QUESTION_TOKENS]
    p = tok.encode(text, add_special_tokens=False).ids[:max(0, max_length - len(q) - 3)]
    return [cls_id, *q, sep_id, *p, sep_id], [0] * (len(q) + 2) + [1] * (len(p) + 1)


def pad(pairs: list[tuple[list[int], list[int]]]) -> dict[str, np.ndarray]:
    """Padded int64 model inputs for a batch of encoded pairs."""
    width = max(len(ids) for ids, _ in pairs)
    ids = np.zeros((len(pairs), width), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for r, (i, t) in enumerate(pairs):
        ids[r, :len(i)], types[r, :len(t)], mask[r, :len(i)] = i, t, 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@lru_cache(maxsize=4)
def _card(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RagError(f"the yes/no model card {path} is missing or unreadable ({exc}); {REMEDY}") from None


class YesNoModel:
    """Cheap to construct; the ONNX model loads (and is checked) on first use."""

    def __init__(self, path: Path | str = MODEL_FILE, card: Path | str | None = None, batch_size: int = 16) -> None:
        self.path = Path(path)
        self.card_path = Path(card) if card else self.path.with_name(
            CARD_FILE.name if self.path == MODEL_FILE else self.path.name.replace("-int8.onnx", ".json"))
        self.batch_size = batch_size

    @property
    def card(self) -> dict:
        return _card(str(self.card_path))

    @property
    def session(self):
        from rag.embedding.onnx_sessions import checked_session

        if not self.path.is_file():
            raise RagError(f"the yes/no model {self.path} is missing; {REMEDY}")
        return checked_session(self.path, self.card["sha256"], "yes/no model", REMEDY)

    def probabilities(self, question: str, texts: list[str]) -> np.ndarray:
        """[len(texts), 3] probabilities of (no, yes, unrelated) for the question over each text."""
        if not texts:
            return np.zeros((0, 3), dtype=np.float32)
        session = self.session
        from rag.answering.reader import tokenizer

        tok = tokenizer()
        max_length = int(self.card.get("max_length", MAX_LENGTH))
        pairs = [encode_pair(tok, question, t, max_length) for t in texts]
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo:lo + self.batch_size]
            (logits,) = session.run(["logits"], pad([pairs[i] for i in idx]))
            out[idx] = softmax(logits.astype(np.float32))
        return out
