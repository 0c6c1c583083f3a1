"""The one item of a two-person coordination that a question for one person has not named already.

"Who signed the MOU with Minoru Kihara?" read in "Japanese Defense Minister Minoru Kihara and
Norwegian Defense Minister Bjorn Gram signed …": the reader's span grows to the coordination, but the
question gives one of its two people, so the person asked for is the other.
"""
from __future__ import annotations

import re

from rag.answering.composers import Composition
from rag.answering.composers.lists import listed
from rag.answering.countries import country_of
from rag.answering.question_analysis import is_title
from rag.types import Citation

_NAME_WORD = re.compile(r"\b[A-ZÀ-Þ][\w’'-]+")


def _surname(text: str) -> str:
    """The last capitalised word of ``text`` that is neither a title's nor a country's, lower-cased: the
    surname of "Japanese Defense Minister Minoru Kihara" or of "Minister of Defence Minoru Kihara, Japan";
    "" where the last such word is a title's ("the head of Turkey's Defence Industry Agency" names no one)."""
    words = [w for w in _NAME_WORD.findall(text) if not country_of(w)]
    return words[-1].lower() if words and not is_title(words[-1]) else ""


def item_not_named(question: str, grown: Composition | None) -> Citation | None:
    """Of a coordination of two items, the one whose surname the question does not hold where it holds
    the other's; None otherwise (both or neither named, or not two items)."""
    items = listed(grown)
    if len(items) != 2:
        return None
    asked = {w.lower() for w in re.findall(r"[\w-]+", question)}  # "Kihara’s": "kihara"
    surnames = [_surname(c.text) for c in items]
    named = [s in asked for s in surnames]
    if named.count(True) != 1 or not all(surnames):
        return None
    return items[named.index(False)]
