"""Whether a question asks which ship: "aboard which ship …", "which british carrier …", "what was
the japanese command ship …", not a thing a ship noun only qualifies ("which carrier strike group",
"what kind of ship", "which shipyard"). Read apart from the answer types so that question analysis
can say it (see composers/ship_type.py for the span's side)."""
from __future__ import annotations

import re

SHIP_NOUN = r"(?:war)?(?:ship|vessel|carrier|frigate|destroyer|submarine|corvette|cruiser)s?"
_SHIP_WORD = re.compile(r"^%s$" % SHIP_NOUN)
# Nouns a ship noun only qualifies ("carrier strike group", "frigate programme"), and nouns before it
# that ask for something else than the ship ("which shipyard", "what kind of ship", "which company").
_COMPOUND_HEAD = {"strike", "group", "groups", "program", "programme", "class", "fleet", "force", "project",
                  "deal", "order", "contract", "deployment", "visit", "port", "crew", "crews", "captain"}
_NOT_THE_SHIP = re.compile(r"^(?:kind|type|sort|class|company|companies|firm|maker|builder|shipyard|country|"
                           r"nation|navy|name of the company)\b")
# "what was the japanese command ship during …", "what is the name of the norwegian frigate that …"
_WHAT_THE_SHIP = re.compile(r"^(?:what|which)(?:[’']s|\s+(?:is|was|are|were))?\s+the\s+(?:name\s+of\s+the\s+)?"
                            r"(?P<noun>(?:[a-z-]+\s+){0,3}?%s)(?:\s+(?P<after>[a-z-]+))?" % SHIP_NOUN)


# A ship noun with up to three words before it ("the japanese command ship"): where a nationality stands.
_SHIP_PHRASE = re.compile(r"\b(?:[a-z’'-]+\s+){0,3}%s\b" % SHIP_NOUN)


def asks_ship(noun: str, question: str) -> str:
    """The words naming the ship asked for, where the question asks which ship ("aboard which ship",
    "which british carrier": the noun after which/what; "what was the japanese command ship …");
    where that noun names no nationality, every phrase of the question ending with a ship noun, for
    the nationality it may state ("which ship served as the japanese command ship"). "" where it asks
    for no ship: a thing the ship noun only qualifies ("which carrier strike group"), another thing
    about ships ("what kind of ship", "which shipyard"), no ship at all."""
    q = " ".join(question.lower().replace("’", "'").split())
    words = noun.split()
    if not words:
        m = _WHAT_THE_SHIP.match(q)
        if not m or (m["after"] or "") in _COMPOUND_HEAD:
            return ""
        words = m["noun"].split()
    if _NOT_THE_SHIP.match(" ".join(words)):
        return ""
    for i, word in enumerate(words):
        if _SHIP_WORD.match(word):
            if word.endswith("s"):
                return ""  # "which Royal Navy ships …": a list of ships, the list composers' (lists.py)
            if i + 1 < len(words) and words[i + 1] in _COMPOUND_HEAD:
                return ""
            asked = " ".join(words[:i + 1])
            return asked if i > 0 else " ".join([asked] + [m.group() for m in _SHIP_PHRASE.finditer(q)])
    return ""
