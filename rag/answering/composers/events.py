"""The days or countries of every sentence that reports the event a list question asks about.

"On which dates did Japanese and Norwegian defence leaders meet?" is answered by two documents, one
dating a meeting on board a carrier, another the signing of a memorandum; "On which days in August
did X hold meetings or talks?" by four sentences of one column; "Which countries' ministers are due
to hold talks with Japan in September?" by two sentences on two planned visits. A span reader points
at one sentence; the answer is gathered from each sentence that

- reports the event: it (with the sentence before it) holds a word of meeting where the question
  asks about a meeting, else half of the question's other words;
- keeps to the question's qualifiers: the month it asks about, the people it names and the title it
  gives them ("Japan's foreign minister": the word "foreign") in the sentence or the few before it,
  its countries (two of them where it names two or more), and its tense (an event "due", "set" or
  "upcoming" is only planned in the sentence; one that "did" happen is not);

and each item is cited exactly where it is written, with its sentence as the support.
"""
from __future__ import annotations

import re

from rag.answering.base import span_citation
from rag.answering.composers import Composition, joined
from rag.answering.composers.lists import ASKING_WORDS, SOURCE, lead
from rag.answering.composers.roles import owner_forms, title_pattern
from rag.answering.countries import countries_named, country_spans
from rag.answering.grounding import days_of_month, question_names
from rag.answering.question_analysis import analyse, owners_title
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import content_words
from rag.types import Passage

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = "|".join(_MONTHS)
# Words (as content_words stems them) for meeting someone; a short table of English synonyms.
_MEETING = {"meet", "met", "talk", "discuss", "discussion", "confer", "summit", "visit", "held", "hold"}
# Words that say when the question's event stands, or that it is asked about, not what it is.
_NOT_EVENT = {"date", "day", "countri", "nation", "say", "said", "due", "set", "upcom", "schedul", "expect", "plan",
              "when", "minist", "leader", "offici", *_MONTHS}
_PLANNED_ASKED = re.compile(r"\b(?:due|set|scheduled|expected|planned|upcoming|will|going to|plans? to|next)\b", re.I)
_PLANNED = re.compile(r"\b(?:(?:is|are)\s+(?:expected|scheduled|set|due|planned|slated|poised)\s+to|will|plans?\s+to|"
                      r"intends?\s+to|upcoming)\b", re.I)
_PAST_ASKED = re.compile(r"\b(?:did|was|were|had|has|have)\b", re.I)
_COUNTRIES_ASKED = re.compile(r"\b(?:which|what)\s+(?:other\s+)?(?:countries|nations)\b", re.I)
# An event sentence stands this close to what it is about: the window holds it and the one before it.
EVENT_SHARE = 0.5


def asked_items(question: str) -> str:
    """"date" or "country" where a list question asks for the days or countries of an event; ""."""
    analysis = analyse(question)
    if analysis.kind != "list":
        return ""
    if analysis.answer_type == "date":
        return "date"
    return "country" if _COUNTRIES_ASKED.search(question) else ""


def _stems(text: str) -> set[str]:
    return content_words(text.replace("defense", "defence").replace("Defense", "Defence"))


class _Event:
    """What the question asks about: its event words, month, names, countries and tense."""

    def __init__(self, question: str, context: str) -> None:
        q = SOURCE.sub("", question)  # "according to the ADM column": where it was read, not what
        self.countries = set(countries_named(q, capitals=False))
        country_words = {w for c in self.countries for form in (*c.names, *c.people) for w in _stems(form)}
        self.names = [run for run in question_names(q, context)
                      if not countries_named(" ".join(run)) and run[0] not in _MONTHS]
        name_words = {w for run in self.names for w in _stems(" ".join(run))}
        words = _stems(q) - ASKING_WORDS - _NOT_EVENT - country_words - name_words
        words = {w for w in words if not w.isdigit()}
        self.meeting = bool(words & _MEETING)
        self.words = words - _MEETING
        self.months = {m.lower() for m in re.findall(rf"\b(?:{_MONTH})\b", q, re.I)}
        owned = owners_title(q)  # "Japan's foreign minister": the title the event's people must hold
        self.title = (owner_forms(owned[0]), title_pattern(owned[1])) if owned else None
        self.planned = bool(_PLANNED_ASKED.search(q))
        self.past = not self.planned and bool(_PAST_ASKED.search(q))

    def reported(self, sentence: str, window: str, lead_text: str) -> bool:
        """The sentence (``window``: with the one before it; ``lead_text``: with a few before it)
        reports the event asked about, with the question's qualifiers."""
        stems = _stems(window)
        if self.meeting and not _stems(sentence) & _MEETING:
            return False
        if not self.meeting and (not self.words or len(self.words & stems) < EVENT_SHARE * len(self.words)):
            return False
        if self.planned != bool(_PLANNED.search(sentence)) and (self.planned or self.past):
            return False
        lead_stems = _stems(lead_text)
        if any(not _stems(" ".join(run)) <= lead_stems for run in self.names):
            return False
        if self.title and not _holds_title(lead_text, *self.title):
            return False  # "Japan's foreign minister": the sentences on the defence minister's trips are not his
        named = set(countries_named(window, capitals=False))
        return len(self.countries & named) >= min(2, len(self.countries))


def _holds_title(text: str, owners: tuple[str, ...], title: re.Pattern) -> bool:
    """``text`` writes the title for the owner: an owner form among the three words before it
    ("Japan’s Foreign Minister", "the Japanese Foreign Minister")."""
    for m in title.finditer(text):
        before = re.findall(r"[\w-]+", text[max(0, m.start() - 40):m.start()].lower())[-3:]
        if any(w == form or w.startswith(form + "’") or w.startswith(form + "'") for w in before for form in owners):
            return True
    return False


def _days(text: str, a: int, b: int, months: set[str]) -> list[tuple[int, int, tuple[str, int]]]:
    return [day for day in days_of_month(text, a, b) if not months or day[2][0] in months]


def _countries(text: str, a: int, b: int, asked: set, ships: list[tuple[int, int]]) -> list[tuple[int, int, object]]:
    """The countries ``text[a:b]`` names, less those asked and a name inside a ship's ("HMS Prince of
    Wales" names no country met)."""
    return [(a + x, a + y, c) for x, y, c in country_spans(text[a:b], people=False)
            if c not in asked and not any(s0 <= a + x and a + y <= s1 for s0, s1 in ships)]


def _ship_spans(passage: Passage) -> list[tuple[int, int]]:
    from rag.answering.composers.inventory import ship_spans  # inventory imports this module
    return ship_spans(passage)


def compose_event_items(question: str, passages: list[Passage]) -> Composition | None:
    """The days (or countries) of every sentence reporting the event the list question asks about,
    each cited where it is written, with its sentence; None where the question asks for no such
    list or fewer than two are found."""
    kind = asked_items(question)
    if not kind:
        return None
    event = _Event(question, " ".join(p.text for p in passages))
    if not event.meeting and not event.words:
        return None
    found: list[tuple[Passage, int, int, tuple[int, int]]] = []
    keys: list[object] = []
    for passage in sorted(passages, key=lambda p: (p.doc_id, p.start)):
        text = passage.text
        sentences = split_sentences(text)
        for n, (s0, s1) in enumerate(sentences):
            days = _days(text, s0, s1, event.months)
            if not days and (kind == "date" or event.months):
                continue  # "in September": the sentence dates the event in it
            window = text[sentences[n - 1][0] if n else s0:s1]
            if not event.reported(text[s0:s1], window, lead(passage, passages, sentences, n)):
                continue
            items = days if kind == "date" else _countries(text, s0, s1, event.countries, _ship_spans(passage))
            for x, y, key in items:
                if key not in keys:
                    keys.append(key)
                    found.append((passage, x, y, (s0, s1)))
    if len(found) < 2:
        return None
    citations = [span_citation(p, x, y, kind="answer") for p, x, y, _ in found]
    supports = {(p.doc_id, p.start + s[0]): (p, s) for p, _, _, s in found}
    citations += [span_citation(p, *s, kind="support") for p, s in supports.values()]
    return Composition(text=joined([c.text for c in citations[:len(found)]]), confidence=0.0, citations=citations)
