"""The plain dataclasses that flow through the pipeline.

document -> chunk -> passage -> answer with citations. Offsets are carried from the loader to
the answer and never recomputed by searching for text, so a citation is exact by construction:
``document.text[start:end] == text`` for every chunk, passage and citation.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    doc_id: str
    text: str
    title: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    # Start offsets of each PDF page in ``text`` (page 1 starts at page_starts[0]); empty otherwise.
    page_starts: tuple[int, ...] = ()

    @property
    def sha256(self) -> str:
        return sha256_text(self.title + "\x00" + self.text)

    def page_of(self, offset: int) -> int | None:
        return page_number(self.page_starts, offset)


def page_number(page_starts: tuple[int, ...], offset: int) -> int | None:
    """1-based page holding ``offset`` given each page's start offset; None without pages."""
    if not page_starts:
        return None
    return max(1, sum(1 for start in page_starts if start <= offset))


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    start: int
    end: int
    text: str
    n_tokens: int  # tiktoken (cl100k) tokens


@dataclass
class Passage:
    """A retrieved chunk with its score; ``rank`` is 1-based."""

    doc_id: str
    start: int
    end: int
    text: str
    score: float
    rank: int = 0
    chunk_id: int = -1
    title: str = ""
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "text": self.text,
                "score": round(float(self.score), 6), "rank": self.rank, "page": self.page}


@dataclass
class Citation:
    """An exact span of a source document. ``kind`` is "answer" (the short answer) or
    "support" (the sentence or passage that supports it)."""

    doc_id: str
    start: int
    end: int
    text: str
    kind: str = "support"
    page: int | None = None
    passage_rank: int = 0  # rank of the passage it was taken from (1-based)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "text": self.text,
                "kind": self.kind, "page": self.page}


@dataclass
class Answer:
    question: str
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    # Evidence strength the abstention threshold is applied to (generator specific, higher = surer).
    confidence: float = 0.0
    generator: str = "extractive"
    reason: str = ""  # why it abstained or fell back, shown to the user
    timings_ms: dict[str, float] = field(default_factory=dict)
    # What the question asked for (rag.answering.question_analysis): its kind and answer type.
    question_kind: str = ""
    answer_type: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "confidence": round(float(self.confidence), 6),
            "generator": self.generator,
            "reason": self.reason,
            "question_kind": self.question_kind,
            "answer_type": self.answer_type,
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }

