"""A short answer keeps to what is asked: an enumeration keeps to the sentence of the meeting the
question names and ends where a sibling of its own noun starts; a coordination of people loses the
ones the question itself names (rag.answering.composers.lists)."""
from __future__ import annotations

import pytest

from rag.answering.composers.lists import compose_enumeration, expand_to_list, items_not_named
from rag.types import Passage

VISITS = ("On May 3, Lanza met Portugal’s Defence Minister Rui Costa in a two-day trip which included a discussion "
          "on the prospect of procuring Portuguese made patrol boats, and an inspection of Lisbon shipyards. "
          "On May 5, Lanza visited Greece, where he held a discussion with Greek Prime Minister and Minister of "
          "Defence Nikos Petrou on issues including future naval exchange and training.")


def _passage(text: str, doc: str = "d.txt") -> Passage:
    return Passage(doc_id=doc, start=0, end=len(text), text=text, score=1.0)


def _cited_exactly(composed, passage: Passage) -> None:
    for c in composed.citations:
        assert passage.text[c.start - passage.start:c.end - passage.start] == c.text


@pytest.mark.parametrize("question, wanted", [
    # the people the question names stand before "including": what was discussed is after it, and the
    # sentence on the other country's visit adds nothing
    ("What did Nikos Petrou and Lanza discuss?", "future naval exchange and training"),
    # "a discussion on A, and an inspection of B": B was inspected, not discussed
    ("What did Rui Costa and Lanza talk about?", "on the prospect of procuring Portuguese made patrol boats"),
    ("What did Rui Costa and Lanza discuss procuring?", "Portuguese made patrol boats"),
])
def test_what_a_meeting_discussed_keeps_to_its_sentence_and_noun(question, wanted):
    p = _passage(VISITS)
    composed = compose_enumeration(question, [p])
    assert composed is not None and composed.text == wanted
    _cited_exactly(composed, p)


SIGNED = "The MOU was signed by Italian Defence Minister Guido Lanza and Spanish Defence Minister Ana Ruiz in Rome."
LED = ("The meeting was led by Italy’s Defence Minister Guido Lanza and Spain’s State Secretary to Minister "
       "of Defence, Ana Ruiz.")


@pytest.mark.parametrize("text, span, question, wanted", [
    (SIGNED, "Guido Lanza and Spanish Defence Minister Ana Ruiz", "Who signed the MOU with Guido Lanza?",
     "Spanish Defence Minister Ana Ruiz"),
    # a title and the name set after it by a comma stay one answer; the name after the title counts as named
    (LED, "Guido Lanza", "Who did Guido Lanza meet?", "Spain’s State Secretary to Minister of Defence, Ana Ruiz"),
    (LED, "Guido Lanza", "Who did Ana Ruiz meet?", "Italy’s Defence Minister Guido Lanza"),
])
def test_a_person_the_question_names_is_not_the_answer(text, span, question, wanted):
    p = _passage(text)
    start = text.index(span)
    grown = expand_to_list(p, start, start + len(span))
    assert grown is not None
    kept = items_not_named(question, grown, text)
    assert kept is not None and kept.text == wanted
    _cited_exactly(kept, p)


def test_a_title_word_the_question_uses_names_nobody():
    """"… their first foreign and defence talks": "foreign" is a word of a title, not a person's name."""
    text = "Foreign Secretary Paolo Rossi and Defence Secretary Marco Bianchi met their Spanish counterparts."
    p = _passage(text)
    grown = expand_to_list(p, 0, text.index(" met"))
    assert grown is not None
    assert items_not_named("Who represented Italy when Italy and Spain held their first foreign and defence talks?",
                           grown, text) is None


def test_no_item_dropped_where_the_question_names_none():
    p = _passage(SIGNED)
    start = SIGNED.index("Guido Lanza")
    grown = expand_to_list(p, start, start + len("Guido Lanza"))
    assert items_not_named("Who signed the MOU in Rome?", grown, SIGNED) is None



def test_the_subjects_own_coordination_is_no_answer_to_whom_it_acted_on():
    """"Whom did Paolo Rossi welcome?" against "Paolo Rossi and Marco Bianchi welcomed …": the coordination
    holding the question's subject is the subject's, so its other item is no answer either; a reciprocal verb
    ("meet") keeps the other item ("Who did Guido Lanza meet?" above)."""
    text = "Foreign Secretary Paolo Rossi and Defence Secretary Marco Bianchi welcomed the Spanish ministers."
    p = _passage(text)
    grown = expand_to_list(p, 0, text.index(" welcomed"))
    assert grown is not None
    assert items_not_named("Whom did Paolo Rossi welcome?", grown, text) is None
    kept = items_not_named("Who did Paolo Rossi meet?", grown, text)
    assert kept is not None and kept.text == "Defence Secretary Marco Bianchi"

from rag.answering.composers.lists import owned_item_asked  # noqa: E402
from rag.answering.span_edges import trim_end  # noqa: E402


@pytest.mark.parametrize("question, wanted", [
    ("Which region did Lanza cite as Italy’s strategic position?", "Italy’s place in the Mediterranean"),
    ("Which region did Lanza cite as Spain’s strategic position?", "Spain’s position on the Atlantic"),
    ("Which regions did Lanza cite?", None),  # no country asked: both
])
def test_one_of_two_owned_phrases(question, wanted):
    text = "Lanza stressed Spain’s position on the Atlantic and Italy’s place in the Mediterranean."
    start = text.index("Spain’s")
    found = owned_item_asked(question, text, start, len(text) - 1)
    assert (text[slice(*found)] if found else None) == wanted


def test_an_enumeration_ends_before_a_second_predicate():
    """", and emphasised the two countries’ support …" is another thing the ministers did, not a second
    name for what they called the annexation."""
    text = ("The Ministers reiterated that Serbia’s illegal annexation of Kosovo is a clear violation of international "
            "law, and emphasised the two countries’ support and respect for the democratic process in Moldova.")
    p = _passage(text)
    composed = compose_enumeration("what did the ministers call serbia's annexation of kosovo", [p])
    assert composed is None or "emphasised" not in composed.text


def test_a_name_ends_at_its_bracketed_short_form():
    text = "Norway will join the UK's carrier strike group (CSG) in deployments to Japan and the Indo-Pacific in 2025."
    start = text.index("UK's")
    end = text.index(" in 2025")
    assert text[start:trim_end(text, start, end)] == "UK's carrier strike group (CSG)"


def test_the_noun_asked_then_a_phrase_saying_which():
    """"terrorist incidents in Paris" names the incidents asked for as surely as a span ending with the
    noun: the span alone answers at the typed bar, not the sentence."""
    from rag.answering.extractive import _names_noun, _noun_head
    from rag.answering.question_analysis import analyse

    question = "Which other terrorist incidents did the Ministers condemn?"
    head = _noun_head(analyse(question))
    assert _names_noun(head, question, "terrorist incidents in Paris")
    assert not _names_noun(head, question, "terrorist incidents")  # only the question's words
    assert not _names_noun(head, question, "incidents that shook the two countries in the spring of that year")


def test_a_second_predicate_the_question_asks_for_stays():
    """"what did the other side pay tribute to and support": ", and supported …" is asked too."""
    text = ("The Spanish side paid tribute to Italy’s global role and contribution to regional security, and "
            "supported Italy’s commitment to the Sahel region.")
    p = _passage(text)
    composed = compose_enumeration("what did the spanish side pay tribute to and support from italy", [p])
    assert composed is not None and "supported Italy’s commitment to the Sahel region" in composed.text
    _cited_exactly(composed, p)
