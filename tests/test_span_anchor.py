"""rag/answering/span_anchor.py and span_edges.grow_end: an answer span's start fixed by the question's
own phrase, and its end grown over the complement an indefinite noun phrase needs."""
from __future__ import annotations

import pytest

from rag.answering.span_anchor import after_restated, anchored
from rag.answering.span_edges import edges, grow_end
from rag.types import Passage


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_a_span_right_after_the_questions_phrase_is_anchored():
    text = "At the summit the leaders voiced deep regret at the closure of the two border crossings by the army."
    start, _ = _span(text, "closure")
    assert anchored(text, 0, start, "what did the leaders voice deep regret at in 2019")
    assert anchored(text, 0, start, "What did they express deep regret at?")  # "regret at", past "the"
    assert not anchored(text, 0, start, "what did the army close")  # the words before are not the question's
    # the question's words, but not as a phrase of it ("was" is not after "Halden" in the question)
    other = "Captain Moe, the pilot from HMS Halden was one of the officers chosen."
    assert not anchored(other, 0, other.index("one"), "what was moe's job on hms halden")
    # a comma between the phrase and the span: another clause
    clause = "A drone entered Danish airspace without permission, causing alarm in Aarhus."
    assert not anchored(clause, 0, clause.index("causing"), "what entered danish airspace without permission")


def test_a_span_that_restates_the_questions_last_phrase_starts_after_it():
    text = "The port treaty is a precursor to a wider accord on the Sharing of Harbour Data and Services."
    start, end = _span(text, "port treaty is a precursor to a wider accord on the Sharing of Harbour Data and Services")
    assert text[after_restated(text, start, end, "what is the port treaty a precursor to"):end] == \
        "a wider accord on the Sharing of Harbour Data and Services"
    # what follows the phrase names what the question names: the span is about it, left as it is
    named = "Oslo’s port treaty, which the harbour signed, covers the port data."
    s, e = _span(named, "port treaty, which the harbour signed, covers the port data")
    assert after_restated(named, s, e, "what does the port treaty cover in the harbour") == s
    # the question does not end waiting for an object: left as it is
    assert after_restated(text, start, end, "what is the port treaty in 2020") == start
    # what follows the question's last words is another clause, not their object
    clause = "They condemned the recent attacks in Lima, and renewed their pledge to fight crime."
    s, e = _span(clause, "recent attacks in Lima, and renewed their pledge to fight crime")
    assert after_restated(clause, s, e, "and what did they condemn in lima") == s


@pytest.mark.parametrize("sentence, span, answer", [
    ("The two mayors condemned any attempts to move the border by force or threats.", "any attempts",
     "any attempts to move the border by force or threats"),             # an infinitive complement
    ("The deal is a step towards a broader agreement on the Sharing of Harbour Data and Services that "
     "Peru must sign.", "broader agreement", "broader agreement on the Sharing of Harbour Data and Services"),
    ("The deal is a step towards a broader agreement on the Sharing of Harbour Data and Services that "
     "Peru must sign.", "broader agreement on the Sharing of Harbour Data",
     "broader agreement on the Sharing of Harbour Data and Services"),   # the rest of a name with "of"
    ("They discussed the planned naval exercises of the fleet.", "planned naval exercises",
     "planned naval exercises"),                                         # a definite phrase: no growth
    ("He saw a ship, which sailed on to Bergen.", "ship", "ship"),       # no complement
    ("They signed a deal on the long and complex transfer of the northern harbour and its many old "
     "warehouses to the city.", "deal", "deal"),                        # a clause, not a phrase: as cut
    ("She met Peru’s Minister of Trade and Ana Vela.", "Peru’s Minister of Trade", "Peru’s Minister of Trade"),
    ("Peru sold a part for a radar system to the U.S. and Chile.", "radar system", "radar system"),  # where it goes
])
def test_grow_end(sentence, span, answer):
    start, end = _span(sentence, span)
    assert sentence[start:grow_end(sentence, start, end)] == answer
    a, b = edges(sentence, start, end)
    assert answer in sentence[a:b]


def _passage(text: str) -> Passage:
    return Passage(doc_id="d0.txt", start=0, end=len(text), text=text, score=1.0, rank=1, title="")


@pytest.mark.slow
def test_the_reader_answers_with_the_span_after_the_questions_phrase():
    from rag.answering.extractive import ExtractiveGenerator

    text = ("The ministers met in Lima on Monday. In particular, the ministers expressed strong indignation at "
            "the kidnapping of the two Peruvian engineers allegedly by a rebel group. They also discussed trade.")
    answer = ExtractiveGenerator().generate(
        "what did the ministers express strong indignation at in Lima", [_passage(text)])
    assert not answer.abstained
    assert "kidnapping of the two Peruvian engineers" in answer.text
    assert "In particular" not in answer.text  # the span, not the whole sentence
