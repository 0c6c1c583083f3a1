"""Lists of things a sentence enumerates after the action a question asks about
(rag.answering.composers.lists.compose_enumeration): each item cited by its exact span, near misses
refused."""
from __future__ import annotations

import pytest

from rag.answering.composers.lists import asks_enumeration, compose_enumeration
from rag.types import Passage

TALKS = ("The 40-minute meeting was held onboard the ITS Cavour and led by Italy’s Defence Minister Guido "
         "Lanza and Spain’s State Secretary Ana Ruiz. Among the topics discussed was Italy’s purchase of the Aster "
         "missile, which can be fired from frigates. In recent years, Italy has sought industry partners. Other "
         "topics discussed during the meeting included closer cooperation through the EU, and support for "
         "Moldova’s border police.")
COMMONS = ("Recognizing the contribution of both countries to global prosperity, the Ministers reaffirmed their "
           "desire to work together to defend and protect the global commons, on the high seas, in cyberspace, "
           "and in outer space, and to support an international system based on the rule of law.")
AREAS = ("The memorandum was signed in Rome during meetings between Lanza and Ruiz. The two sides also said they "
         "would strengthen wider defence collaboration, including work between the countries' defence "
         "industries, as well as military training and exercises.")


def _passage(text: str, doc: str = "d.txt") -> Passage:
    return Passage(doc_id=doc, start=0, end=len(text), text=text, score=1.0)


def _items(composed) -> list[str]:
    return [c.text for c in composed.citations if c.kind == "answer"]


def _cited_exactly(composed, passage: Passage) -> None:
    for c in composed.citations:
        assert passage.text[c.start - passage.start:c.end - passage.start] == c.text


@pytest.mark.parametrize("question, wanted", [
    ("Which global commons did the two countries say they want to defend?",
     ["on the high seas", "in cyberspace", "in outer space"]),
])
def test_an_enumeration_after_the_question_s_words(question, wanted):
    """"… defend and protect the global commons, on the high seas, …": the items after the run of
    the question's words, up to the next clause (", and to support …")."""
    p = _passage(COMMONS)
    composed = compose_enumeration(question, [p])
    assert _items(composed) == wanted
    _cited_exactly(composed, p)


def test_an_enumeration_opened_by_including():
    """"…, including A, as well as B and C": the items after "including", not the question's words
    ("defence") written again inside the first item."""
    p = _passage(AREAS)
    composed = compose_enumeration("In which areas did Lanza and Ruiz say they would strengthen wider defence "
                                   "collaboration?", [p])
    assert composed.text == "work between the countries' defence industries, as well as military training and exercises"
    assert _items(composed) == ["work between the countries' defence industries", "military training and exercises"]
    _cited_exactly(composed, p)


def test_what_else_sets_aside_the_item_named():
    """"Apart from the Aster missile, what else …": the sentence enumerating the Aster missile is set
    aside, the other one gives the items."""
    p = _passage(TALKS)
    composed = compose_enumeration("Apart from the Aster missile, what else did Lanza and Ruiz discuss aboard "
                                   "the Cavour?", [p])
    assert _items(composed) == ["closer cooperation through the EU", "support for Moldova’s border police"]
    _cited_exactly(composed, p)


def test_everything_gathers_each_enumerating_sentence():
    p = _passage(TALKS)
    composed = compose_enumeration("list everything lanza and ruiz talked about on the cavour", [p])
    assert "Italy’s purchase of the Aster missile" in composed.text and "Moldova’s border police" in composed.text
    _cited_exactly(composed, p)


@pytest.mark.parametrize("question", [
    "Apart from the Aster missile, what else did Lanza and Peters discuss aboard the Cavour?",  # another person
    "Which global commons did the two countries say in 2016 they want to defend?",  # a year never stated
    "What did the ministers sign?",  # no enumeration asked for
])
def test_no_enumeration_for_a_near_miss(question):
    assert compose_enumeration(question, [_passage(TALKS + " " + COMMONS)]) is None


@pytest.mark.parametrize("question, asked", [
    ("What topics were on the agenda of the talks?", True),
    ("what else did they discuss", True),
    ("Who signed the memorandum?", False),
    ("Which countries did Nakatani visit?", False),
    ("When did the ministers meet?", False),
])
def test_which_questions_ask_for_an_enumeration(question, asked):
    assert asks_enumeration(question) is asked
