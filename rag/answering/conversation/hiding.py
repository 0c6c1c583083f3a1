"""Read the passages again with what the conversation already answered hidden.

A follow-up asks for news: "Which company stopped producing seeker gyros itself?" after "Mitsubishi
Heavy" is not answered by Mitsubishi Heavy again, yet the extractive reader, drawn to the sentence
the previous answer came from, reads the same name. Hiding that name (the same number of
characters, so every offset and citation stays where it was) lets it read the sentence's other
candidate ("Raytheon"). Citations are given back with the documents' own text.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from rag.types import Answer, Passage

FILLER = "it"  # what a hidden phrase reads as: a pronoun keeps the sentence a sentence
MIN_HIDDEN = 3  # shorter phrases ("UK") are too common to hide


def hide(text: str, phrases: Sequence[str]) -> str:
    """``text`` with every whole-word occurrence of each phrase (case-insensitive, any spacing)
    replaced by FILLER padded with spaces to the same length."""
    for phrase in sorted({" ".join(p.split()) for p in phrases if len(" ".join(p.split())) >= MIN_HIDDEN},
                         key=len, reverse=True):
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)"
        text = re.sub(pattern, lambda m: FILLER + " " * (len(m.group(0)) - len(FILLER)), text, flags=re.I)
    return text


def hidden_passages(passages: Sequence[Passage], phrases: Sequence[str]) -> list[Passage]:
    """The passages with the phrases hidden (same offsets)."""
    return [dataclasses.replace(p, text=hide(p.text, phrases)) for p in passages]


def restored(answer: Answer, passages: Sequence[Passage], masked: Sequence[Passage]) -> Answer:
    """``answer`` read from ``masked`` with its citations' text taken from the original
    ``passages``; abstained when its short answer or its text holds a hidden phrase."""
    for c in answer.citations:
        for p, m in zip(passages, masked):
            if c.doc_id == p.doc_id and p.start <= c.start and c.end <= p.end:
                seen, real = m.text[c.start - p.start:c.end - p.start], p.text[c.start - p.start:c.end - p.start]
                if seen != real and c.kind == "answer":
                    answer.abstained = True
                c.text = real if seen == c.text else c.text
                break
    if re.search(rf"(?<!\w){FILLER}\s{{2,}}", answer.text):
        answer.abstained = True
    answer.passages = list(passages)
    return answer
