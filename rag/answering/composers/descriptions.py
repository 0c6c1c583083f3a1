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
from rag.search.lexicon import STOPWORDS, content_words, fold
from rag.types import Passage

_ASKS = re.compile(r"^(?:how (?:is|are|was|were) (?P<a>.+?) (?:described|characteri[sz]ed|called|referred to)\b"
                   r"|what (?:kind|sort|type) of (?:(?P<noun>[a-z-]+) )?(?:is|are|was|were) (?P<b>.+?))\s*(?:in\b.*)?[?.!]?$", re.I)
# "How does the ADM column describe 2025 …", "How did the strike group's X account describe the landing?":
# a source's words for a thing.
_ASKS_WORDS = re.compile(r"^how (?:does|did|do) (?P<source>.+?) (?:describe|characteri[sz]e|call) (?P<thing>.+?)[?.!]?$",
                         re.I)
# "… in what the account described as “international relations in action.”": the words after "described as".
_DESCRIBED_AS = re.compile(r"\b(?:described|characteri[sz]ed|called|dubbed|labell?ed)\s+(?:it\s+|them\s+)?as\s+"
                           r"(?:[“\"‘'](?P<quoted>[^”\"’]{2,80}?)[.,]?[”\"’]|(?P<plain>[^,.;]{2,80}))")
# "2025 has been a whirlwind year for …": the noun phrase a copula sets after the thing.
_COPULA = r"\s+(?:has been|had been|is|was|will be|remains|became)\s+(?P<np>(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?[\w-]+?)" \
          r"(?=\s+(?:for|in|of|to|with|who|which|that|as)\b|[,.;:]|$)"
# "It’s a simulation-based project": a modifier written before the noun asked for ("what kind of project").
_KIND_TOKEN = r"[\w“”\"’'-]+"
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
    a source's words for a thing ("how does X describe Y"); the kind a text gives the noun asked
    for ("what kind of project is X": "a simulation-based project"); None when the question asks
    for none or no passage writes one."""
    if m := _ASKS_WORDS.match(question.strip()):
        return _described_by(m["source"], m["thing"], passages)
    name = re.sub(r"^(?:the|a|an)\s+", "", asked_about(question), flags=re.I)
    if not name:
        return None
    found = _beside_name(name, passages)
    if found is None and (m := _ASKS.match(question.strip())) and m["noun"] and m["b"]:
        return _kind_of(m["noun"], m["b"], passages)
    return found


def _answer(p: Passage, x: int, y: int, sentence: tuple[int, int]) -> Composition:
    return Composition(text=p.text[x:y], confidence=DESCRIPTION_CONFIDENCE,
                       citations=[span_citation(p, x, y, kind="answer"), span_citation(p, *sentence, kind="support")])


def _sentences(passages: list[Passage]):
    """(passage, sentence start, end, the sentence before it and it) of every sentence."""
    for p in passages:
        spans = split_sentences(p.text)
        for n, (a, b) in enumerate(spans):
            yield p, a, b, p.text[spans[n - 1][0] if n else a:b]


def _described_by(source: str, thing: str, passages: list[Passage]) -> Composition | None:
    """The words the source uses for the thing: those after "described as" in the sentence holding
    most of the question's words (at least half of the thing's and one of the source's), else the
    noun phrase a copula sets after the thing where the sentence opens with it ("2025 has been a
    whirlwind year"); None where no sentence writes either."""
    thing_words, source_words = content_words(thing), content_words(source)
    best = None
    for p, a, b, window in _sentences(passages):
        held = content_words(window)
        if len(thing_words & held) * 2 < len(thing_words):
            continue
        text = p.text[a:b]
        if (m := _DESCRIBED_AS.search(text)) and source_words & content_words(text):
            g = "quoted" if m["quoted"] else "plain"
            found = (a + m.start(g), a + m.end(g))
        else:
            head = re.escape(thing.split()[0])
            m = re.match(r"\s*(?:the\s+)?%s%s" % (head, _COPULA), text, re.I)
            if not m:
                continue
            found = (a + m.start("np"), a + m.end("np"))
        score = len((thing_words | source_words) & held)
        if best is None or score > best[0]:
            best = (score, p, found, (a, b))
    if best is None:
        return None
    _, p, (x, y), sentence = best
    return _answer(p, x, y, sentence)


def _kind_of(noun: str, thing: str, passages: list[Passage]) -> Composition | None:
    """"What kind of project is the research …": the modifiers a text writes before the noun ("It’s
    a simulation-based project") in the sentence whose window (it and the one before) holds most of
    the thing's words, at least half of them; None where none does."""
    wanted = content_words(thing)
    pattern = re.compile(r"\b(?:a|an)\s+((?:%s\s+){1,3}?%s)\b" % (_KIND_TOKEN, re.escape(noun)), re.I)
    best = None
    for p, a, b, window in _sentences(passages):
        m = pattern.search(p.text, a, b)
        shared = len(wanted & content_words(window))
        if m and shared * 2 >= len(wanted) and (best is None or shared > best[0]):
            best = (shared, p, (m.start(1), m.end(1)), (a, b))
    if best is None:
        return None
    _, p, (x, y), sentence = best
    return _answer(p, x, y, sentence)


def _beside_name(name: str, passages: list[Passage]) -> Composition | None:
    """The description written beside the name, before or after it; None where none is."""
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
            return _answer(p, x, y, sentence)
    return None
