"""A refused follow-up read again at a lower abstention threshold, kept only near the previous answer.

A follow-up most often goes on where the conversation was: the passage the previous answer was read
from. There the reader's weaker readings are likelier right than anywhere else, so a refused follow-up
is read again at NEAR_THRESHOLD and that reading is kept only when its supporting sentence lies within
NEAR_CHARS of the previous answer's supporting sentence in the same document (choose._nearby checks
that it is an answer at all, no echo of the question, and news to the conversation).
"""
from __future__ import annotations

from rag.types import Answer, Citation

NEAR_THRESHOLD = 0.2  # the abstention threshold of the second reading (the reader's default is higher)
NEAR_CHARS = 600  # how far apart two supporting sentences of one passage may start or end (a paragraph or two)
NEAR_REASON = ("Read again at a lower abstention threshold: the answer lies next to the previous answer's"
               " sentence, where the conversation was.")


def support_of(answer: Answer) -> Citation | None:
    """The first sentence ``answer`` cites as support; None for an abstention."""
    if answer.abstained:
        return None
    return next((c for c in answer.citations if c.kind == "support"), None)


def gap(a: Citation, b: Citation) -> int | None:
    """Characters between two spans of one document (0 when they overlap); None across documents."""
    if a.doc_id != b.doc_id:
        return None
    return max(0, b.start - a.end, a.start - b.end)


def near(found: Answer, previous: Citation, chars: int = NEAR_CHARS) -> bool:
    """Whether ``found`` is an answer whose support lies within ``chars`` of ``previous`` (same document)."""
    support = support_of(found)
    distance = gap(support, previous) if support is not None else None
    return distance is not None and distance <= chars
