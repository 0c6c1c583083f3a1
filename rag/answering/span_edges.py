"""A reader's span grown back to the start of the phrase it cuts.

The SQuAD-trained reader's commonest boundary error here is starting one word late: "Aerospace
Industries" for "Turkey Aerospace Industries", "Nansen-class" for "Fridtjof Nansen-class",
"track and chase targets" for "identify, track and chase targets". A cut answer is a wrong one,
while a word of the same phrase more is harmless, so the start moves left over:
  * a capitalised word before a capitalised span (a name goes on), unless it is a title
    ("Minister Gen Nakatani" stays "Gen Nakatani"), a possessive ("Norway’s") or the sentence's
    first word;
  * the rest of a coordination the span ends ("identify, " before "track and chase").
A lower-case word before a lower-case span is left out: "growing military activities" wants it,
"is launching joint research" does not, and no rule here tells a modifier from a verb (adding
one cost 1.6 points of SQuAD EM on the held-out articles for two corpus_dev answers).
"""
from __future__ import annotations

import re

from rag.answering.question_analysis import is_title
from rag.search.lexicon import STOPWORDS

_WORD_BEFORE = re.compile(r"(?P<word>[^\W\d_][\w’'-]*)(?P<gap>,?\s+)$")
_FIRST_WORDS = {"The", "A", "An", "In", "On", "At", "For", "By", "With", "From", "To", "Of", "And", "But", "Or",
                "Its", "Their", "His", "Her", "This", "That", "These", "Those", "As", "After", "Before"}
MAX_WORDS = 3


def grow_start(text: str, start: int, end: int, floor: int = 0) -> int:
    """Where the answer ``text[start:end]`` should start; never before ``floor`` (the sentence's
    start)."""
    span = text[start:end]
    if not span:
        return start
    moved = 0
    capital = span[0].isupper()
    coordination = bool(re.search(r"\b(?:and|or)\b", span)) and not capital
    while moved < MAX_WORDS:
        m = _WORD_BEFORE.search(text, floor, start)
        if not m:
            break
        word, gap = m["word"], m["gap"]
        if "," in gap:
            if coordination and word[0].islower() and word.lower() not in STOPWORDS:
                start, moved = m.start(), moved + 1  # "identify, track and chase targets"
                continue
            break
        if capital:
            if (not word[0].isupper() or word in _FIRST_WORDS or is_title(word)
                    or re.search(r"[’']s$", word) or m.start() == floor):
                break
        else:
            break  # a lower-case word before a lower-case span: a modifier or a verb, no telling which
        start, moved = m.start(), moved + 1
    return start
