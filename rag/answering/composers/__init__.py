"""Composers: one per question kind, each building the answer its kind wants from the passages
and the reader's verdict (a span, "Yes"/"No" + the deciding sentence, the reason clause, every list
item, the name bound to an exact title). Each is a plain function returning a ``Composition``, or
None when it has nothing better than the reader's span."""
from __future__ import annotations

from dataclasses import dataclass, field

from rag.types import Citation


@dataclass
class Composition:
    text: str
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    refused: str = ""  # why no answer is given (the evidence contradicts or does not bind it)
    passage: int = -1  # the passage the answer's sentence is in, where one sentence answers

    @classmethod
    def refuse(cls, reason: str) -> "Composition":
        return cls(text="", confidence=0.0, refused=reason)


def joined(items: list[str]) -> str:
    """Items as a sentence lists them: "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
