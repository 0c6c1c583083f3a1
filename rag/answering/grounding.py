"""Numbers a question states that none of the retrieved passages mentions.

"How much did Japan spend on defence in 2015?" asked of a text that says "Over four years, Japan
plans to spend 330 billion USD on defence" has no answer there, yet the reader, which reads
meaning, finds the sentence a fine match. A number of two or more digits (a year, a count, an
amount) is what a user does not paraphrase: if the question states one and no retrieved passage
(title included) contains it, the passages cannot hold what the question asks about. Through
retrieval (k = 5), on 2,115 SQuAD 2.0 questions (the 615 of the calibration articles and 1,500
held-out ones), that was the case for 16, all of them unanswerable. All passages count, not only
the answer's document: a multi-hop question states the number of its first hop ("the Force India
driver born in 1990"), and on HotpotQA checking the answer's document alone refused 4 right
answers of 30, all passages 1 of 12. Single digits are left alone: "Type 1" is also "type I",
and "3" is also "three".
"""
from __future__ import annotations

import re

from rag.types import Passage

# A number a question states: at least two digits (thousands commas or decimals allowed), not part
# of a longer word ("F-35A", "21st") or number.
_STATED = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{2,}(?:\.\d+)?|\d\.\d+)(?![\w]|[.,]\d)")
# Any number a text writes, inside words too ("the 1980s" writes 1980, "2015-16" writes 2015).
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _normal(number: str) -> str:
    """"8,849" -> "8849", "3.50" -> "3.5"."""
    number = number.replace(",", "")
    return number.rstrip("0").rstrip(".") if "." in number else number


def numbers_in(text: str) -> set[str]:
    """Numbers written in ``text``, normalised."""
    return {_normal(n) for n in _NUMBER.findall(text)}


def unstated_numbers(question: str, texts: list[str]) -> list[str]:
    """The question's numbers (as written there) that none of ``texts`` contains, in order."""
    stated = set().union(*(numbers_in(t) for t in texts))
    return [n for n in dict.fromkeys(_STATED.findall(question)) if _normal(n) not in stated]


def unstated_in(question: str, passages: list[Passage]) -> list[str]:
    """The question's numbers that no passage, title included, mentions."""
    return unstated_numbers(question, [f"{p.title}\n{p.text}" for p in passages])
