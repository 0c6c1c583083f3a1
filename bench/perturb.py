"""Unanswerable questions made from answerable ones: the near misses abstention has to refuse.

SQuAD 2.0's unanswerable questions were written to look answerable, and the training articles
hold about 2,500 of them. Many are the same question with one detail changed: another year,
another name, "the first" where the paragraph speaks of the fourth. This makes more of that kind
from the answerable training questions: one number, ordinal or capitalised name of the question
that the paragraph contains is swapped for one of the same kind it does not contain (taken from
another paragraph of the same article where there is one), and the question, read with its own
paragraph, is labelled "does not hold the answer". Names and numbers are what users do not
paraphrase, so the model learns that a mismatch there matters, not that every question word must
appear in the passage.
"""
from __future__ import annotations

import random
import re

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
_ORDINAL = re.compile(r"\b(" + "|".join(ORDINALS) + r")\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
# Capitalised words, possibly joined by "of"/"the"/"de"... ("University of Warsaw", "Jan III Sobieski").
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|the|de|del|da|von|van|al|and)\s+)?[A-Z][\w'’-]*)*")
# Capitalised at a sentence's start or as a question word, not as a name.
_NOT_NAMES = frozenset("""A An The In On At Of For From By To As It Its He She They We I His Her Their This That These
Those There What Who Whom Whose When Where Which Why How Is Are Was Were Do Does Did Can Could Will Would After
Before During Since Although However While If But And Or Not Also Many Some Most Other Each Both""".split())


def _names(text: str) -> list[str]:
    """Capitalised names of ``text``, without a leading function word ("The", "In" ...)."""
    out = []
    for m in _NAME.finditer(text):
        words = m.group().split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if words:
            out.append(" ".join(words))
    return out


def _absent(term: str, context: str, question: str) -> bool:
    return term.lower() not in context.lower() and term.lower() not in question.lower()


def _swap_year(question: str, context: str, others: list[str], rng: random.Random) -> str | None:
    years = [m for m in _YEAR.finditer(question) if m.group() in context]
    if not years:
        return None
    m = rng.choice(years)
    pool = sorted({y for o in others for y in _YEAR.findall(o) if _absent(y, context, question)})
    if not pool:
        pool = [str(int(m.group()) + d) for d in (-20, -10, -3, 3, 10, 20)
                if _absent(str(int(m.group()) + d), context, question)]
    return question[:m.start()] + rng.choice(pool) + question[m.end():] if pool else None


def _swap_number(question: str, context: str, others: list[str], rng: random.Random) -> str | None:
    numbers = [m for m in _NUMBER.finditer(question) if not _YEAR.fullmatch(m.group())
               and re.search(r"(?<![\w.,])" + re.escape(m.group()) + r"(?![\w]|[.,]\d)", context)]
    if not numbers:
        return None
    m = rng.choice(numbers)
    value = float(m.group().replace(",", ""))
    pool = sorted({n for o in others for n in _NUMBER.findall(o)
                   if not _YEAR.fullmatch(n) and n != m.group() and _absent(n, context, question)})
    if not pool:
        shifted = [value * f for f in (0.5, 2, 3, 10)] + [value + d for d in (1, 2, 5)]
        pool = [f"{v:g}" for v in shifted if v != value and _absent(f"{v:g}", context, question)]
    return question[:m.start()] + rng.choice(pool) + question[m.end():] if pool else None


def _swap_ordinal(question: str, context: str, others: list[str], rng: random.Random) -> str | None:
    ordinals = [m for m in _ORDINAL.finditer(question) if re.search(rf"\b{m.group()}\b", context, re.IGNORECASE)]
    if not ordinals:
        return None
    m = rng.choice(ordinals)
    pool = [o for o in ORDINALS if _absent(o, context, question)]
    if not pool:
        return None
    new = rng.choice(pool)
    new = new.capitalize() if m.group()[0].isupper() else new
    return question[:m.start()] + new + question[m.end():]


def _swap_name(question: str, context: str, others: list[str], rng: random.Random) -> str | None:
    names = [n for n in _names(question[1:]) if n in context and question.find(n, 1) > 0]  # [1:]: its first
    # word is capitalised anyway
    if not names:
        return None
    name = rng.choice(names)
    size = len(name.split())
    pool = sorted({n for o in others for n in _names(o) if len(n.split()) == size and n.isupper() == name.isupper()
                   and _absent(n, context, question)})
    if not pool:
        return None
    at = question.find(name, 1)
    return question[:at] + rng.choice(pool) + question[at + len(name):]


SWAPS = {"year": _swap_year, "number": _swap_number, "ordinal": _swap_ordinal, "name": _swap_name}


def perturb(question: str, context: str, others: list[str], rng: random.Random) -> tuple[str, str] | None:
    """(kind, the question with one detail the paragraph holds swapped for one it does not hold),
    or None when the question has no such detail. A year, number or ordinal is swapped where the
    question has one (drawn among those it has); a name only where it has none of them: swapped
    names are four times as common and the least natural ("named Super Bowl MVP" -> "named San
    Jose State")."""
    kinds = ["year", "number", "ordinal"]
    rng.shuffle(kinds)
    for kind in kinds + ["name"]:
        changed = SWAPS[kind](question, context, others, rng)
        if changed and changed != question:
            return kind, changed
    return None
