"""Where the question's own words fix where the answer starts.

A question asks for the object of its own last phrase ("… express strong indignation at",
"… a precursor to"). Where the passage repeats that phrase right before the reader's span, the
span's start is the text's, not only the reader's guess: the reader's boundary confidence
(expected token F1) then says too little, and the span alone answers at a lower bar
(``anchored``). Where the reader's span itself opens with the phrase ("co-operation' is a precursor
to a deeper agreement …"), the answer is what follows it (``after_restated``).
"""
from __future__ import annotations

import re

from rag.search.lexicon import STOPWORDS, stem_of, words

_TOKEN = re.compile(r"[\w’'-]+")
# Words a noun phrase may open with between the repeated phrase and the answer.
_OPENERS = {"the", "a", "an", "any", "its", "their", "his", "her", "our", "this", "these", "those"}


def _pairs(text: str) -> set[tuple[str, str]]:
    """The question's pairs of consecutive words, stemmed: the phrases it is made of."""
    found = [stem_of(w) for w in words(text)]
    return set(zip(found, found[1:]))


def _stem(token: str) -> str:
    found = words(token)
    return stem_of(found[0]) if found else ""


def _phrase(pair: list[str], asked: set[tuple[str, str]]) -> bool:
    """Two consecutive words of the text that are two consecutive words of the question, one a
    content word."""
    return (_stem(pair[0]), _stem(pair[1])) in asked and any(w.lower() not in STOPWORDS for w in pair)


def anchored(text: str, floor: int, start: int, question: str) -> bool:
    """Whether the two words before ``text[start]`` (past any article or possessive opening its noun
    phrase; not before ``floor``, the sentence's start) are words of the question: "… expressed strong
    indignation at the" + "taking hostage …" for "what did they express strong indignation at"."""
    before = list(_TOKEN.finditer(text, floor, start))
    while before and before[-1].group().lower() in _OPENERS:
        before.pop()
    return len(before) >= 2 and not re.search(r"[^\w\s’'-]", text[before[-2].start():start]) and \
        _phrase([m.group() for m in before[-2:]], _pairs(question))


def after_restated(text: str, start: int, end: int, question: str) -> int:
    """Where the answer in the reader's span ``text[start:end]`` starts when the span opens by restating
    the question's last phrase, one that ends with a preposition waiting for its object: right after
    it ("co-operation' is a precursor to" + " a deeper agreement …" for "what is the MOU a precursor
    to"). What follows must go on in the same clause (no mark between) and hold none of the question's
    content words (else the span is about what the question names, not after it); ``start`` where
    there is no such phrase."""
    typed = words(question)
    asked = [stem_of(w) for w in typed]
    if len(asked) < 2 or typed[-1] not in STOPWORDS:
        return start
    final, stems = tuple(asked[-2:]), set(asked)
    tokens = list(_TOKEN.finditer(text, start, end))
    for i in range(len(tokens) - 1, 1, -1):
        pair = [tokens[i - 2].group(), tokens[i - 1].group()]
        rest = [_stem(t.group()) for t in tokens[i:] if t.group().lower() not in STOPWORDS]
        if _phrase(pair, {final}) and rest and not any(r in stems for r in rest) and \
                not re.search(r"[^\w\s’'-]", text[tokens[i - 2].start():tokens[i].start()]):
            return tokens[i].start()
    return start
