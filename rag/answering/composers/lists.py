"""Every item of a list: the reader's span grown to the coordination it belongs to.

Asked "Which European countries has Japan signed the accord with?", the reader points at one
country or at a part of "France, Germany, Italy, Sweden, and the UK"; asked "Who signed the
memorandum?", at one of "Minister Minoru Kihara and … Bjorn Gram". The answer is the whole
coordination, one exact span, and each item is cited on its own as well.
"""
from __future__ import annotations

import re

from rag.answering.base import span_citation
from rag.answering.composers import Composition
from rag.ingest.sentences import split_sentences
from rag.types import Passage

_CAP = r"[A-ZÀ-ÖØ-Þ0-9][\w’'.&-]*"
# An item: capitalised words, with "of", "to", "for" inside a title ("State Secretary to Minister of Defence").
_ITEM = (r"(?:the\s+)?%s(?:\s+(?:%s|(?:of|to|for|de|da|von|van|del)(?=\s+(?:the\s+)?%s)|and(?=\s+%s\s+(?:Co|Ltd|Inc)\b)))*"
         % (_CAP, _CAP, _CAP, _CAP))
_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|&|or)\s+)"
_LIST = re.compile(r"(?<![\w’'])%s(?:%s%s)+" % (_ITEM, _SEP, _ITEM))
_SEP_RE = re.compile(_SEP)
_LEADING = {"On", "In", "At", "During", "After", "Before", "Since", "With", "For", "From", "By", "As", "When",
            "While", "Although", "However", "But", "And", "Or", "Under", "Last", "Next", "Earlier", "Later",
            "Then", "Today", "Yesterday", "Recently", "Also", "Meanwhile", "Separately", "According"}
# Lower-case coordinations of short noun phrases ("joint research, development, and production").
_WORDS_LIST = re.compile(r"(?<![\w’'])[a-z][\w-]*(?:\s+[a-z][\w-]*)?(?:\s*,\s*[a-z][\w-]*(?:\s+[a-z][\w-]*)?)+"
                         r"\s*,?\s+(?:and|or)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?")


def _items(text: str, offset: int) -> list[tuple[int, int]]:
    """Each item's span (``offset`` added) of the coordination ``text``."""
    spans, pos = [], 0
    for m in _SEP_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(offset + a, offset + b) for a, b in spans if text[a:b].strip()]


def expand_to_list(passage: Passage, start: int, end: int) -> Composition | None:
    """The coordination holding (or overlapping) the span ``[start, end)`` of ``passage.text``,
    as an answer with one citation per item; None when the span is in no coordination."""
    text = passage.text
    sentence = next(((a, b) for a, b in split_sentences(text) if a <= start and end <= b), None)
    if sentence is None:
        return None
    s0, s1 = sentence
    best = None
    for pattern in (_LIST, _WORDS_LIST):
        for m in pattern.finditer(text, s0, s1):
            a, b = m.start(), m.end()
            if a < end and start < b and (best is None or (b - a) > (best[1] - best[0])):
                best = (a, b)
        if best:
            break
    if best is None:
        return None
    a, b = best
    while b > a and text[b - 1] == "." and (b == len(text) or text[b].isspace()):
        b -= 1  # the sentence's full stop, not part of the last item
    items = _items(text[a:b], a)
    while items and text[items[0][0]:items[0][1]].split()[0] in _LEADING:
        items.pop(0)  # "On Tuesday, X and Y": an opening phrase, no item
    if len(items) < 2 or not any(x < end and start < y for x, y in items):
        return None
    a = items[0][0]
    citations = [span_citation(passage, a, b, kind="answer")]
    citations += [span_citation(passage, x, y, kind="answer") for x, y in items]
    citations.append(span_citation(passage, s0, s1, kind="support"))
    return Composition(text=text[a:b], confidence=0.0, citations=citations)
