"""How something is described: the noun phrase a text sets beside a name.

"How is Mitsubishi Heavy Industries described in the 2014 story?" and "What kind of company is
Raytheon Co.?" ask for the description written next to the name, before it ("Japan’s major defense
contractor Mitsubishi Heavy Industries Ltd.", "a U.S. defense equipment maker Raytheon Co.") or
after it, set off by commas ("Raytheon, the developer of the missile,"). A span reader reads "how
is X described" as a question of means and finds no reason; the description is where the name is.
"""
from __future__ import annotations

import re

from rag.answering.base import span_citation
from rag.answering.composers import Composition
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import STOPWORDS, fold
from rag.types import Passage

_ASKS = re.compile(r"^(?:how (?:is|are|was|were) (?P<a>.+?) (?:described|characteri[sz]ed|called|referred to)\b"
                   r"|what (?:kind|sort|type) of (?:[a-z-]+ )?(?:is|are|was|were) (?P<b>.+?))\s*(?:in\b.*)?[?.!]?$", re.I)
# Before the name: a determiner or a possessive, then up to five words ending in a lower-case noun.
_BEFORE = re.compile(r"(?:\b(?:a|an|the)\s+|(?<![\w-])[A-Z][\w.]*[’']s\s+)(?:[\w.-]+\s+){0,4}[a-z][\w-]+\s+$")
# After the name: ", a/an/the …," set off by commas.
_AFTER = re.compile(r"^,\s+(?:a|an|the)\s+[^,.;]{3,80}?(?=,|\.|;)")
# The last word of a description is its noun: no preposition, verb form or pronoun.
_NOT_NOUN = re.compile(r"^(?:%s)$|(?:ed|ing|ly)$" % "|".join(sorted(STOPWORDS)))
DESCRIPTION_CONFIDENCE = 0.6


def asked_about(question: str) -> str:
    """What the question asks a description of ("Mitsubishi Heavy Industries"), else ""."""
    m = _ASKS.match(question.strip())
    return (m["a"] or m["b"] or "").strip() if m else ""


def compose_description(question: str, passages: list[Passage]) -> Composition | None:
    """The description written beside the name the question asks about, cited with its sentence;
    None when the question asks for none or no passage sets one beside the name."""
    name = re.sub(r"^(?:the|a|an)\s+", "", asked_about(question), flags=re.I)
    if not name:
        return None
    pattern = re.compile(r"(?<![\w-])%s" % r"\s+".join(re.escape(w) for w in fold(name).split()), re.I)
    for p in passages:
        text = fold(p.text)  # one character for one: offsets hold in p.text
        for m in pattern.finditer(text):
            sentence = next(((a, b) for a, b in split_sentences(p.text) if a <= m.start() < b), (m.start(), m.end()))
            if not p.text[m.start()].isupper():
                continue  # a name, as the text writes it
            before = _BEFORE.search(p.text, sentence[0], m.start())
            if before and _NOT_NOUN.search(before.group().split()[-1]):
                before = None  # "a British F-35B landed on …": no noun phrase
            after = _AFTER.search(p.text[m.end():sentence[1]])
            if before:
                x, y = before.start(), m.start() - (len(before.group()) - len(before.group().rstrip()))
            elif after:
                x, y = m.end() + after.start() + len(re.match(r",\s+", after.group()).group()), m.end() + after.end()
            else:
                continue
            return Composition(text=p.text[x:y], confidence=DESCRIPTION_CONFIDENCE,
                               citations=[span_citation(p, x, y, kind="answer"),
                                          span_citation(p, *sentence, kind="support")])
    return None
