"""Whether a span names a ship, for a question that asks which ship (see ship_question.py). "Aboard which ship …" is read
as a place question, and a place test takes "Jordon" or "Alex Coleman, the Operations Officer" for
an answer; a ship is written with a navy's prefix ("JS Kaga", "the Japanese Command Ship Bungo"),
as a name before the noun of its kind ("Mogami-class multi-role frigate"), or by a name the
passages write with a prefix elsewhere ("the Bungo"). A span written none of these ways is no ship."""
from __future__ import annotations

import re

from rag.answering.composers.inventory import ship_spans
from rag.answering.countries import countries_named
from rag.answering.ship_question import SHIP_NOUN as _SHIP_NOUN
from rag.types import Passage

# A name, then lower-case words ending with the noun of a ship's kind ("Mogami-class multi-role
# frigate", "JS Kaga light aircraft carrier").
_NAMED_KIND = re.compile(r"^(?:the\s+)?(?P<name>(?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'.-]*)(?P<kind>(?:\s+[a-z][\w-]*){0,3}"
                         r"\s+%s)$" % _SHIP_NOUN)
_LEADING = re.compile(r"^(?:the\s+)?(?:[A-Z][\w.]*[’']s\s+)?")
# What may follow a ship's name in a span that names it: nothing, or the noun of its kind.
_KIND_AFTER = re.compile(r"^(?:(?:\s+[a-z][\w-]*){0,3}\s+%s)?$" % _SHIP_NOUN)


def known_ships(passages: list) -> set[str]:
    """The names the passages write with a navy's prefix, with and without it ("HMS Atherstone",
    "Atherstone"), lower-cased: a name written once with its prefix is a ship wherever it stands."""
    names = set()
    for p in passages:
        for a, b in ship_spans(p):
            name = p.text[a:b]
            names.add(name.lower())
            if len(parts := name.split(maxsplit=1)) == 2 and (parts[0].isupper() or parts[0] in ("HNoMS", "HSwMS")):
                names.add(parts[1].lower())
    return names


def names_ship(span: str, before: str, known: set[str]) -> bool:
    """``span`` names a ship and nothing more: by a navy's prefix (its own, or right before it: "the
    Japanese Command Ship" + "Bungo"), its name ending the span or followed by its kind's noun ("JS
    Kaga light aircraft carrier"); a name before its kind's noun ("Mogami-class multi-role frigate");
    or a name in ``known`` (see ``known_ships``); a country's word before it is allowed ("Norway's …"),
    and words before the name where the span ends with a name and its kind's noun (a maker's name
    before "Mogami-class multi-role frigate")."""
    span = span.strip(" ,.;:")
    if not span or not (span[0].isupper() or span.startswith("the ")):
        return False
    bare = span[_LEADING.match(span).end():] or span
    if bare.lower() in known:
        return True
    text = " ".join(before.split()[-3:] + [bare])
    at = len(text) - len(bare)
    for a, b in ship_spans(Passage(doc_id="", start=0, end=len(text), text=text, score=0.0)):
        if a <= at < b and _KIND_AFTER.match(text[b:]):
            return True
    # a name before its kind's noun, the span ending with it ("MHI's new-model Mogami-class multi-role frigate")
    for start in [0] + [w.start() for w in re.finditer(r"(?<=\s)[A-Z]", bare)]:
        if (m := _NAMED_KIND.match(bare[start:])) and \
                not all(countries_named(w) or w in ("Navy", "Royal", "The") for w in m["name"].split()):
            return True
    return False
