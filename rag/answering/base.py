"""The generator contract: question + retrieved passages -> Answer.

Generators never touch retrieval; they receive passages (with exact offsets) and must return
citations whose ``text == document.text[start:end]``. A passage's text is its document's text
from ``passage.start`` to ``passage.end``, so a span at local offsets ``[a, b)`` of
``passage.text`` is the document span ``[passage.start + a, passage.start + b)``.
"""
from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from rag.errors import RagError
from rag.types import Answer, Citation, Passage

NO_ANSWER_TEXT = "The documents do not hold the answer to this question."


@dataclass(frozen=True)
class Capabilities:
    """What a generator can do beyond ``generate``, declared rather than probed for.

    streaming: ``stream(question, passages)`` yields text pieces, then the final Answer.
    threshold: it abstains below a confidence ``threshold`` and ``decide(question, passages,
    threshold)`` gives the answer at another one (`rag eval` charts every threshold)."""

    streaming: bool = False
    threshold: bool = False


@dataclass
class GeneratorOptions:
    """What the assistant hands a generator's factory (registered under ``rag.generators``)."""

    embedder: Any = None              # the index's embedder, for generators that compare meanings
    model_path: str | None = None     # a model file chosen by the user (--model)
    threshold: float | None = None    # an abstention threshold chosen by the user; None: the default


@runtime_checkable
class Generator(Protocol):
    name: str
    capabilities: Capabilities

    def generate(self, question: str, passages: list[Passage]) -> Answer:
        """Answer ``question`` from ``passages`` only (or abstain)."""
        ...

    def load(self) -> None:
        """Load models now (the assistant times it apart from answering)."""
        ...


class BaseGenerator(ABC):
    """A convenient base for a generator: no extra capabilities, nothing to load; a subclass
    writes ``generate``."""

    name = "generator"
    capabilities = Capabilities()

    @abstractmethod
    def generate(self, question: str, passages: list[Passage]) -> Answer:
        """Answer ``question`` from ``passages`` only (or abstain)."""

    def load(self) -> None:
        pass

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]:
        yield self.generate(question, passages)


def generate_timed(gen: "Generator", question: str, passages: list[Passage], pieces: bool,
                   t0: float, t1: float) -> Iterator[str | Answer]:
    """The answer's text pieces as a streaming generator writes them (when ``pieces``), then the
    Answer with its timings: retrieval from ``t0`` to ``t1`` (perf_counter), generation after.
    One place for what `rag ask`, the page and the JSON API report."""
    answer = None
    if pieces and gen.capabilities.streaming:
        for item in gen.stream(question, passages):
            if isinstance(item, Answer):
                answer = item
            else:
                yield item
        if answer is None:
            raise RagError(f"the generator {gen.name!r} stopped without an answer")
    else:
        answer = gen.generate(question, passages)
    if not answer.passages:
        answer.passages = passages
    now = time.perf_counter()
    answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "generate": (now - t1) * 1000,
                         **answer.timings_ms, "total": (now - t0) * 1000}
    yield answer


def span_citation(passage: Passage, a: int, b: int, kind: str = "support") -> Citation:
    """Citation for local offsets ``[a, b)`` of ``passage.text``; exact by construction."""
    return Citation(doc_id=passage.doc_id, start=passage.start + a, end=passage.start + b,
                    text=passage.text[a:b], kind=kind, page=passage.page, passage_rank=passage.rank,
                    location=passage.location_at(passage.start + a))


def below_threshold(what: str, value: float, threshold: float) -> str:
    """'<what> 0.1749 is under the threshold 0.175': as many decimals as it takes for the two
    numbers to read differently (a 0.17 'under' a 0.17 threshold reads as a bug)."""
    digits = max(2, len(f"{threshold:.6g}".partition(".")[2]))
    while digits < 6 and round(value, digits) >= round(threshold, digits):
        digits += 1
    return f"{what} {value:.{digits}f} is under the threshold {threshold:.{digits}f}"


def abstention(question: str, passages: list[Passage], generator: str, confidence: float,
               reason: str) -> Answer:
    return Answer(question=question, text=NO_ANSWER_TEXT, abstained=True, citations=[],
                  passages=passages, confidence=confidence, generator=generator, reason=reason)
