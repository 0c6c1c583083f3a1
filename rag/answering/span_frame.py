"""Which of a sentence's names stands where the question's wh-phrase stands.

A question is a sentence with a hole: "Which country [requested] the seeker gyro export?" puts the
answer right before "requested". A passage sentence often names several things of the asked type
("The U.S. requested the export, and Mitsubishi-made seeker gyros would be transferred to Qatar";
"Nakatani met Djibouti's President, Acting Minister of Defence, …"), and the SQuAD reader, which
weighs the words around each name, often prefers the one that fills another role. The name the
passage writes right before the question's own next word (only function words between: "X has been
licensed", "X met"), or right after its own word before the wh-phrase ("transferred to X" for
"transferred to which country"), fills the question's hole: ``framed`` says whether a span does.
"""
from __future__ import annotations

import re

from rag.search.lexicon import STOPWORDS, stem_of, words

_TOKEN = re.compile(r"[\w’'-]+")
_WH = re.compile(r"\b(?:who|whom|whose|what|which|where|when)\b", re.I)
# After these the wh-phrase is the object ("who did Nakatani meet"): the next word is no frame.
_DO = frozenset({"do", "does", "did"})
# After these a lower-case word is the subject's verb ("which company has been licensed", "who will
# visit"); a name after them is the subject ("who is Japan's defence minister"): no frame.
_AUX = frozenset({"is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "been", "be",
                  "may", "might", "should", "shall", "must"})
# Function words the passage may write between the name and the question's word.
_GAP = 3
_PASSIVE_BY = re.compile(r"\s+by\b")


def _content(token: str) -> str:
    """The stem of a content word, "" for a function word."""
    token = token.lower().replace("’", "'")
    token = re.sub(r"'s$", "", token)
    found = [w for w in words(token) if w not in STOPWORDS]
    return stem_of(found[0]) if found else ""


def question_frame(question: str, noun: str = "") -> tuple[str, str]:
    """The stems of the question's content word right after its wh-phrase (the wh-word and the
    ``noun`` it asks for), when the wh-phrase is the subject ("requested" of "which country
    requested …"), and right before it where a preposition joins them ("transferred" of "transferred
    to which country"); "" for either where there is none."""
    m = _WH.search(question)
    if not m:
        return "", ""
    tokens = [(t.group(), t.start()) for t in _TOKEN.finditer(question)]
    i = next((n for n, (_, at) in enumerate(tokens) if at >= m.start()), len(tokens))
    j = i + 1
    noun_words = [w.lower() for w in noun.split()]
    k = 0
    while k < len(noun_words) and j < len(tokens) and \
            re.sub(r"[’']s$", "", tokens[j][0].lower()) == noun_words[k].replace("’", "'").split("'")[0]:
        j, k = j + 1, k + 1
    after = ""
    rest = [t for t, _ in tokens[j:]]
    if rest and rest[0].lower() not in _DO:
        n = 0
        while n < len(rest) and rest[n].lower() in _AUX:
            n += 1
        if n < len(rest) and (n == 0 or rest[n].islower()):
            after = _content(rest[n])
    before = ""
    if i >= 2 and tokens[i - 1][0].lower() in STOPWORDS and not _content(tokens[i - 1][0]):
        before = _content(tokens[i - 2][0])
    return after, before


def framed(text: str, start: int, end: int, frame: tuple[str, str], floor: int = 0, ceiling: int | None = None) -> bool:
    """Whether ``text[start:end]`` is followed by the frame's word after the wh-phrase, or preceded by
    its word before it, with at most ``_GAP`` function words between and no punctuation (inside the
    sentence ``[floor, ceiling)``)."""
    after, before = frame
    ceiling = len(text) if ceiling is None else ceiling
    if after:
        following = [t for t in _TOKEN.finditer(text, end, ceiling)][:_GAP + 1]
        for t in following:
            stem = _content(t.group())
            if stem == after and not re.search(r"[^\w\s’'-]", text[end:t.start()]) and \
                    not _PASSIVE_BY.match(text, t.end()):  # "X led by Y": X was led, Y leads
                return True
            if stem:
                break
    if before:
        preceding = [t for t in _TOKEN.finditer(text, floor, start)][-(_GAP + 1):]
        for t in reversed(preceding):
            stem = _content(t.group())
            if stem == before and not re.search(r"[^\w\s’'-]", text[t.end():start]):
                return True
            if stem:
                break
    return False
