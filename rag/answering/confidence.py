"""An answer's confidence: the reader's "holds the answer" probability combined with how close
the question's meaning is to the sentence the answer cites.

Through retrieval, the reader alone separates answerable from unanswerable questions (SQuAD
2.0's, written to look answerable) at an AUC of 0.656 on the calibration articles; the embedder's
cosine between the question and the cited sentence, at 0.679; the two in a logistic regression
fitted there, at 0.689, and at 0.705 on held-out articles where the reader alone scores 0.676.
The reader sees the words, the embedder the meaning: a sentence that shares the question's words
but is about something else fools the first more than the second. bench/train_reader.py
`calibrate` fits the weights and writes them into the reader's model card, with the name of the
embedder they were fitted with; that embedder computes the cosine, whatever embedder the index uses.
"""
from __future__ import annotations

import math
import re
import threading
from dataclasses import asdict, dataclass

import numpy as np


def logit(probability: float) -> float:
    p = min(max(probability, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class ConfidenceModel:
    """confidence = sigmoid(has_answer_logit * logit(P) + sentence_cosine * cosine + intercept)."""

    embedder: str
    has_answer_logit: float
    sentence_cosine: float
    intercept: float

    @classmethod
    def from_card(cls, card: dict) -> "ConfidenceModel | None":
        """The card's fitted weights; None for a card without them (the reader's probability alone)."""
        fitted = card.get("confidence")
        return cls(**fitted) if fitted else None

    def to_card(self) -> dict:
        return asdict(self)

    def combine(self, probability: float, cosine: float) -> float:
        z = self.has_answer_logit * logit(probability) + self.sentence_cosine * cosine + self.intercept
        return 1.0 / (1.0 + math.exp(-z))


class SentenceCosine:
    """Cosine between a question and a sentence, by a registered embedder loaded on first use.
    ``shared``: an embedder already loaded (the index's), used when it is that same model; the
    question's vector is then already cached from retrieval."""

    def __init__(self, embedder: str, shared: object = None) -> None:
        self.name = embedder
        self._shared = shared
        self._embedder = None
        self._lock = threading.Lock()

    def load(self):
        with self._lock:
            if self._embedder is None:
                from rag import registry

                same = self._shared is not None and isinstance(self._shared, registry.load("embedder", self.name))
                self._embedder = self._shared if same else registry.embedder(self.name)
                self._embedder.load()
            return self._embedder

    def __call__(self, question: str, sentence: str) -> float:
        q, s = self.load().encode_cached([question, sentence])
        return float(np.dot(q, s))


_CLAUSE_MARK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
CLAUSE_WORDS = 8  # a clause shorter than this is read with the one before it


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause of ``sentence`` holding ``[start, end)``: the text between the commas, semicolons,
    colons, brackets or dashes around it, led by the clause before where it is shorter than
    CLAUSE_WORDS words ("following a video conference between Nakatani and the ROK's Minister of
    National Defense Ahn Gyu-Back on August 7" of a sentence that opens on another meeting)."""
    marks = [m.start() for m in _CLAUSE_MARK.finditer(sentence)]
    left = max([i + 1 for i in marks if i < start], default=0)
    right = min([i for i in marks if i >= end], default=len(sentence))
    if len(sentence[left:right].split()) < CLAUSE_WORDS and left > 0:
        left = max([i + 1 for i in marks if i < left - 1], default=0)
    return sentence[left:right].strip()
