"""Who makes it: the company a product is written as belonging to.

News names a product's maker as its owner: "Kongsberg Defence & Aerospace’s Joint Strike Missile",
"Mitsubishi Heavy Industries’ (MHI) new-model Mogami-class multi-role frigate". The span reader,
trained on SQuAD, reads "Who builds Mogami-class multi-role frigate?" as the sentence's agent
("This follows Canberra’s recently announced decision to procure …": "Canberra") or refuses it. Here
the maker is found by how the text writes it: the name before the possessive that opens the product
the question asks about. A country's possessive ("Japan’s F-35A fighters") owns, it does not make.
"""
from __future__ import annotations

import re

from rag.answering.base import span_citation
from rag.answering.composers import Composition
from rag.answering.countries import countries_named
from rag.ingest.sentences import split_sentences
from rag.types import Passage

_VERBS = r"(?:makes|made|builds|built|manufactures|manufactured|produces|produced|designs|designed|" \
         r"develops|developed)"
_ASKS = re.compile(r"^\s*who\s+%s\s+(?:the\s+|those\s+|these\s+|this\s+|that\s+)?(?P<thing>[^?]+?)\s*\??\s*$"
                   % _VERBS, re.I)
# "Kongsberg Defence & Aerospace’s", "Mitsubishi Heavy Industries’ (MHI)": a name, its possessive and
# an abbreviation, then the words that follow (read ahead, so that "Japan’s acquisition of Kongsberg …"
# leaves "Kongsberg" for the next match).
_OWNER = re.compile(r"(?P<owner>[A-Z][\w.-]*(?:\s+(?:&\s+)?[A-Z][\w.-]*)*)(?:[’']s|(?<=s)[’'])\s+"
                    r"(?=(?:\([A-Z]{2,}\)\s+)?(?P<product>[^\s,.;:()]+(?:\s+[^\s,.;:()]+){0,3}))")
_POSSESSIVE = re.compile(r"^.*(?:[’']s|s[’'])\s+(?:\([A-Z]{2,}\)\s+)?")
MAKER_CONFIDENCE = 0.6


def asked_product(question: str) -> list[str]:
    """The product's name words a "who makes/builds X" question asks about, from its first
    capitalised word after hyphenated modifiers only, as written ("new-model Mogami-class multi-role
    frigate" -> ["Mogami-class", "multi-role"]); [] when the question asks no maker or names the
    product by no name ("the component Japan approved …")."""
    m = _ASKS.match(question)
    if not m:
        return []
    words = _POSSESSIVE.sub("", m.group("thing")).split()  # "MHI’s new-model Mogami-class" -> its product
    for n, word in enumerate(words):
        if word[:1].isupper():
            return words[n:n + 2]
        if "-" not in word:  # "the component Japan approved …": the product is no name
            return []
    return []


def owner_asked(question: str) -> str:
    """The owner a "who makes X’s Y" question writes before the product's possessive ("Who builds
    Mitsubishi Heavy Industries’ (MHI) new-model Mogami-class multi-role frigate?" -> "Mitsubishi
    Heavy Industries"): the text's own answer, not a name the question gives back; '' otherwise."""
    m = _ASKS.match(question)
    owner = _OWNER.match(m.group("thing").strip()) if m else None
    return owner.group("owner") if owner and not countries_named(owner.group("owner")) else ""


def asked_kind(question: str) -> str:
    """The kind of product a "who makes the X …" question names by a common noun ("Who makes the
    missile Nakatani discussed?" -> "missile"); '' when it names none or names the product."""
    m = _ASKS.match(question)
    words = _POSSESSIVE.sub("", m.group("thing")).split() if m else []
    return words[0].lower() if words and words[0].isalpha() and words[0].islower() else ""


def _of_kind(product: str, kind: str) -> bool:
    """Whether the words after the possessive are a named product of the kind asked: a name, then
    the kind's noun, with hyphenated modifiers only before the name ("Joint Strike Missile" for
    "missile", "new-model Mogami-class multi-role frigate" for "frigate"; not "recently announced
    decision")."""
    named = False
    for word in product.split():
        if word.lower() in (kind, kind + "s") or word.lower().rstrip("s") == kind:
            return named
        if word[:1].isupper():
            named = True
        elif "-" not in word and not named:
            return False
    return False


def _opens(product: str, asked: list[str]) -> bool:
    """Whether the words after the possessive name the asked product within their first three, after
    lower-case modifiers only ("new-model Mogami-class"); a capitalised second word must follow too
    ("Joint Strike Missiles" for "Joint Strike Missile", not "Joint Statement")."""
    found = product.split()
    for n, word in enumerate(found[:3]):
        if word.lower() == asked[0].lower():
            if len(asked) < 2 or not asked[1][:1].isupper():
                return True
            rest = [w.lower() for w in found[n + 1:n + 2]]
            return bool(rest) and (rest[0].startswith(asked[1].lower()) or asked[1].lower().startswith(rest[0]))
        if not word[:1].islower():
            return False
    return False


def compose_maker(question: str, passages: list[Passage]) -> Composition | None:
    """The owner named before the product the question asks about (by its name, else a named product
    of the kind it asks about), in the first passage that writes one, cited with its sentence; None
    when the question asks no maker or no passage writes the product with an owner that is no country."""
    asked, kind = asked_product(question), asked_kind(question)
    if not asked and not kind:
        return None
    for p in passages:
        for a, b in split_sentences(p.text):
            for m in _OWNER.finditer(p.text, a, b):
                owner = m.group("owner")
                product = m.group("product")
                if not (_opens(product, asked) if asked else _of_kind(product, kind)) or countries_named(owner):
                    continue
                start = m.start("owner")
                if owner.startswith("The "):
                    start += 4
                return Composition(p.text[start:m.end("owner")], MAKER_CONFIDENCE,
                                   [span_citation(p, start, m.end("owner"), kind="answer"), span_citation(p, a, b)],
                                   passage=passages.index(p))
    return None
