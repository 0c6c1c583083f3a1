"""The plausible standalone rewrites of a follow-up (at most MAX_REWRITES), most likely first.

A pronoun's slot is typed by the pronoun ("he" a person, "it" a thing, "they/them" things or
people, "there" a place, "then" a time) and filled only with referents of that type
(rag.answering.conversation.referents); several slots are filled together. "What about X?" and
"and X?" swap X for each name of the previous question; a complete question after "and" is also
kept as typed. The word-list rewrite (rules.py) is one candidate among them. Which one is asked is
decided by what the documents answer (Assistant.chat), not here.
"""
from __future__ import annotations

import itertools
import re

from rag.answering.conversation.referents import TITLES, Referent, fits, referents
from rag.answering.conversation.rules import (ABOUT, AUX, CONNECTORS, WH, IRREGULAR_PARTICIPLES, PREPOSITIONS, Turn, _finish, _is_bare_wh,
                                              _possessive, _pronoun_positions, _resolve, _strip, _words,
                                              is_follow_up)

MAX_REWRITES = 4
# pronoun -> (slot type, possessive)
SLOTS = {"he": ("person", False), "him": ("person", False), "his": ("person", True), "she": ("person", False),
         "her": ("person", False), "it": ("thing", False), "its": ("thing", True), "this": ("thing", False),
         "that": ("thing", False), "they": ("plural", False), "them": ("plural", False),
         "their": ("plural", True), "these": ("plural", False), "those": ("plural", False),
         "there": ("place", False), "then": ("time", False)}
_OPEN_WORDS = {"the", "a", "an", "in", "on", "at", "of", "to", "for", "and", "or", "with", "by", "from"}


def rewrites(question: str, previous: Turn) -> list[str]:
    """The candidate standalone questions for ``question`` after ``previous``; [] when it is
    not a follow-up (it is asked as typed)."""
    question = " ".join(question.split())
    words = _words(_strip(question))
    if not question or not previous.question or not (is_follow_up(question) or _slots(_unconnected(words))):
        return []
    connector = bool(words) and words[0].lower() in CONNECTORS
    if connector:
        words = words[1:]
    if not words:
        return []
    out: list[str] = []
    about = ABOUT.match(_strip(question))
    slots = _slots(words)
    if about:
        out += _swaps(previous.question, about.group("rest"))
    elif slots:
        out += _filled(words, slots, referents(previous))
    elif connector and len(words) >= 3 and not _is_bare_wh(words) and words[0].lower() in WH | AUX:
        out.append(_finish(words))  # "and who signed the memorandum?" may need nothing
    if connector and not (out or slots or about) and words[0].lower() not in WH | AUX \
            and any(w[:1].isupper() for w in words):
        out += _swaps(previous.question, " ".join(words))  # "and the UK's Foreign Secretary?"
    if not slots:  # ellipsis: the word-list rewrite too (with pronouns it ignores their types)
        try:
            out.append(_resolve(question, previous))
        except (IndexError, ValueError):  # the rules give up on odd input; the others still stand
            pass
    seen, unique = set(), []
    for text in out:
        key = text.lower().rstrip("?")
        if text and key not in seen and key != question.lower().rstrip("?"):
            seen.add(key)
            unique.append(text)
    return unique[:MAX_REWRITES]


def _unconnected(words: list[str]) -> list[str]:
    return words[1:] if words and words[0].lower() in CONNECTORS else words


def _slots(words: list[str]) -> list[tuple[int, str, bool]]:
    """(position, slot type, possessive) of each pronoun to fill, "then" included. "it" and
    "them" are filled even after a name ("how much did Japan pay for them?"); "he" after a name
    is that name ("when did Nakatani visit Jordan and what did he discuss?")."""
    positions = set(_pronoun_positions(words))
    positions |= {i for i, w in enumerate(words) if w.lower() == "then" and i > 0}
    positions |= {i for i, w in enumerate(words) if w.lower() in ("it", "its", "them", "their") and i > 0}
    out = []
    for i in sorted(positions):
        low = words[i].lower()
        if low not in SLOTS:
            continue
        slot, possessive = SLOTS[low]
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if low == "her" and nxt and nxt not in PREPOSITIONS and nxt not in _OPEN_WORDS:
            possessive = True  # "her visit", not "met her"
        out.append((i, slot, possessive))
    return out


def _filled(words: list[str], slots: list[tuple[int, str, bool]], refs: list[Referent]) -> list[str]:
    """Every slot filled with referents of its type, the likeliest combinations first."""
    options = []
    typed = " ".join(words).lower()
    for i, slot, _ in slots:  # never the question's own names ("where did he meet Nakatani?")
        fitting = [r for r in refs if fits(r, slot) and r.text.lower() not in typed]
        if slot == "plural":  # "they": a plural referent first, then any thing or person
            agent = _agent(words, i)  # "where did they sign": people; "would they be moved": anything
            # a named referent before a common noun phrase ("Japan and South Korea", then "security ties")
            fitting = sorted(fitting, key=lambda r: (agent and r.type == "thing", not r.plural, r.text.islower(),
                                                     r.type == "place"))
        options.append(fitting[:MAX_REWRITES])
    if any(not o for o in options):
        return []
    combos = sorted(itertools.product(*[range(len(o)) for o in options]), key=sum)[:MAX_REWRITES]
    out = []
    for combo in combos:
        filled = list(words)
        for (i, slot, possessive), choice, opts in zip(slots, combo, options):
            filled[i] = _place(opts[choice], slot, possessive, words[i - 1].lower() if i else "")
        out.append(_finish(filled))
    return out


def _agent(words: list[str], i: int) -> bool:
    """Whether the pronoun at ``i`` is the subject of an active verb ("did they sign"), whose
    referent acts: people or organisations rather than things."""
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    return words[i].lower() == "they" and bool(nxt) and nxt not in ("be", "been", "being", "get", "got") \
        and not nxt.endswith("ed") and nxt not in IRREGULAR_PARTICIPLES


def _place(ref: Referent, slot: str, possessive: bool, before: str) -> str:
    """The words a referent takes in the slot: "Kihara’s", "in Tokyo", "on August 21"."""
    if slot == "place" and before not in PREPOSITIONS:
        return f"in {ref.text}"
    if slot == "time":
        day = bool(re.search(r"\b\d{1,2}\b", ref.text))  # "August 21", not "January 2015"
        return f"{'on' if day else 'in'} {ref.text}"
    return _possessive(ref.text) if possessive else ref.text


def _swaps(previous: str, new: str) -> list[str]:
    """The previous question about ``new``: each of its names in turn replaced by ``new`` (a
    possessive kept: "Turkey's Defence Minister" -> "Australia's Defence Minister")."""
    new = _strip(new)
    words = _words(_strip(previous))
    if _is_role(_words(new)):  # "Jordan's Prime Minister" takes the place of "Djibouti's President"
        roles = [(a, b) for a, b in _name_spans(words) if _is_role(words[a:b])]
        same = [(a, b) for a, b in roles if _owned(words[a:b]) == _owned(_words(new))]
        if roles:
            return [_finish(words[:a] + [new] + words[b:]) for a, b in same + [r for r in roles if r not in same]]
    out = []
    for i in range(1, len(words)):
        if not words[i][:1].isupper() or words[i - 1][:1].isupper() and i > 1:
            continue  # a name's first word only: "Turkey's Defence Minister" swaps "Turkey's"
        owner = re.search(r"[’']s$", words[i])
        swapped = new + (owner.group(0) if owner and not re.search(r"[’']s$", new) else "")
        out.append(_finish(words[:i] + [swapped] + words[i + 1:]))
    return out


def _name_spans(words: list[str]) -> list[tuple[int, int]]:
    """Runs of capitalised words after the first word, "of"/"to"/"and" inside one kept
    ("State Secretary to Minister of Defence", "Djibouti's President")."""
    spans, i = [], 1
    while i < len(words):
        if not words[i][:1].isupper():
            i += 1
            continue
        j = i + 1
        while j < len(words) and (words[j][:1].isupper() or words[j].lower() in ("of", "to", "and")
                                  and j + 1 < len(words) and words[j + 1][:1].isupper()):
            j += 1
        spans.append((i, j))
        i = j
    return spans


def _is_role(words: list[str]) -> bool:
    """A title names the role ("Prime Minister", "Djibouti's President")."""
    return any(re.sub(r"[’']s$", "", w).lower().rstrip(".") in TITLES for w in words)


def _owned(words: list[str]) -> bool:
    """"Jordan's Prime Minister": an owner before the role."""
    return len(words) > 1 and bool(re.search(r"[’']s$", words[0]))
