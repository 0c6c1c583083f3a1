"""Follow-up questions made standalone, without an LLM.

Retrieval and the extractive reader see one question at a time, so "who makes it?" after "Which
missile can Japan's F-35A fighters carry internally?" → "JSM" must become "Who makes JSM?" first.
``rewrites`` builds the plausible standalone questions (a pronoun filled only with a referent of
its type, "what about X?" swapped into the previous question, the word-list rewrite of
``rules``); ``choose`` asks each and keeps the one the documents answer best (Assistant.chat).
An answer that only repeats the conversation is read again with it hidden (``hiding``).
``resolve`` is the documents-free guess: the first candidate.
"""
from __future__ import annotations

from collections.abc import Sequence

from rag.answering.conversation.rewrites import rewrites
from rag.answering.conversation.rules import Resolved, Turn, is_follow_up, topic_phrase
from rag.types import Answer

__all__ = ["Resolved", "Turn", "is_follow_up", "resolve", "rewrites", "topic_phrase", "turns"]


def turns(history: Sequence[Turn | Answer]) -> list[Turn]:
    """The history as Turns (an Answer records its question, short answer and support sentence)."""
    return [h if isinstance(h, Turn) else Turn.of(h) for h in history]


def resolve(question: str, history: Sequence[Turn | Answer]) -> Resolved:
    """``question`` as a standalone question given the earlier turns (oldest first), without
    asking the documents: the likeliest rewrite, or the question as typed."""
    question = " ".join(question.split())
    past = turns(history)
    if not past or not question:
        return Resolved(question, question)
    candidates = rewrites(question, past[-1], past[:-1])
    return Resolved(question, candidates[0] if candidates else question)
