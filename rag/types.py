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

    def location_marks(self) -> tuple[tuple[int, str], ...]:
        """(start offset, label) of each place a person can turn to ("Sheet1 row 12", "slide 3",
        "page 4"), in order: the loader's ``metadata["locations"]`` (JSON, so it survives the
        index), else the PDF pages."""
        marks = self.metadata.get("locations")
        if marks:
            return tuple((int(start), str(label)) for start, label in marks)
        return tuple((start, f"page {i}") for i, start in enumerate(self.page_starts, 1))


def page_number(page_starts: tuple[int, ...], offset: int) -> int | None:
    """1-based page holding ``offset`` given each page's start offset; None without pages."""
    if not page_starts:
        return None
    return max(1, sum(1 for start in page_starts if start <= offset))


def location_at(marks: tuple[tuple[int, str], ...], offset: int) -> str:
    """The label of the last mark starting at or before ``offset`` ('' before the first)."""
    label = ""
    for start, name in marks:
        if start > offset:
            break
        label = name
    return label


def marks_within(marks: tuple[tuple[int, str], ...], start: int, end: int) -> tuple[tuple[int, str], ...]:
    """The marks a span ``[start, end)`` needs to name the location of any offset in it."""
    inside = [m for m in marks if start < m[0] < end]
    return ((start, location_at(marks, start)), *inside) if marks else ()


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
    location: str = ""  # where ``start`` is: "slide 3", "Sheet1 row 12", "page 4" ('' when the format has none)
    marks: tuple[tuple[int, str], ...] = ()  # the document's location marks over this passage

    def location_at(self, offset: int) -> str:
        """The location of a document offset inside this passage (a citation's)."""
        return location_at(self.marks, offset) if self.marks else self.location

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "text": self.text,
                "score": round(float(self.score), 6), "rank": self.rank, "page": self.page,
                "location": self.location}


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
    location: str = ""  # where ``start`` is, as a person finds it: "slide 3", "Sheet1 row 12", "page 4"

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "text": self.text,
                "kind": self.kind, "page": self.page, "location": self.location}


@dataclass
class Alternative:
    """A rewrite of a follow-up that was considered (Assistant.chat): the standalone question, what
    it got, and whether it was the one kept."""

    question: str
    answer: str
    confidence: float
    abstained: bool
    chosen: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer, "confidence": round(float(self.confidence), 6),
                "abstained": self.abstained, "chosen": self.chosen}


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
    # Assistant.chat: the standalone question a follow-up was asked as ('' when asked as typed or
    # outside a conversation), and every rewrite considered (the kept one has chosen=True).
    asked_as: str = ""
    alternatives: list[Alternative] = field(default_factory=list)

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
            "asked_as": self.asked_as,
            "alternatives": [a.to_dict() for a in self.alternatives],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }

