"""rag/answering/span_frame.py and the type tests that keep the wrong thing from answering a factoid:
the name standing where the question's wh-phrase stands, a ship's bare prefix, a country outside the
region the question asks about, the one country of an announced trip in that region."""
from __future__ import annotations

import pytest

from rag.answering.composers.answer_types import category_conflict, only_countries, outside_regions
from rag.answering.composers.lists import announced_countries
from rag.answering.span_frame import framed, question_frame
from rag.types import Passage


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_the_questions_word_after_or_before_its_wh_phrase_is_its_frame():
    assert question_frame("Which country requested the radar export?", "country") == ("request", "")
    assert question_frame("Who met Peru's president on May 3?") == ("met", "")
    assert question_frame("Which firm has been licensed to build the radars?", "firm") == ("licens", "")
    assert question_frame("the radars would be shipped to which country", "country") == ("", "ship")
    # the wh-phrase is the object, or the subject is a name after "is": no frame
    assert question_frame("Who did Ruiz meet in Lima?") == ("", "")
    assert question_frame("Who is Peru's trade minister?") == ("", "")


def test_the_name_before_the_questions_next_word_fills_the_frame():
    text = "Chile requested the export, and the radars made in Osaka would be shipped to Peru, officials said."
    frame = question_frame("Which country requested the radar export?", "country")
    assert framed(text, *_span(text, "Chile"), frame)
    assert not framed(text, *_span(text, "Peru"), frame)  # shipped to, not requested
    to = question_frame("the radars would be shipped to which country", "country")
    assert framed(text, *_span(text, "Peru"), to) and not framed(text, *_span(text, "Chile"), to)
    licensed = "Osterholt has been licensed to build radars for Vela Corp, which stopped building them."
    frame = question_frame("Which firm has been licensed to build the radars?", "firm")
    assert framed(licensed, *_span(licensed, "Osterholt"), frame)
    assert not framed(licensed, *_span(licensed, "Vela Corp"), frame)
    # "X led by Y": X was led; the name before a passive "by" fills no subject's frame
    led = "The two ships and their Battle Staff led by Captain Ortiz had sailed to the Gulf."
    assert not framed(led, *_span(led, "Battle Staff"), question_frame("Who led the exercise?"))
    # a comma between the name and the word: another clause
    comma = "Peru, which requested nothing, met Chile."
    assert not framed(comma, *_span(comma, "Peru"), question_frame("Which country requested aid?", "country"))


def test_a_ships_bare_prefix_is_no_person_and_countries_are_no_one():
    assert category_conflict("Denmark’s HDMS", "", "person")
    assert category_conflict("HMS", "", "person")
    assert not category_conflict("Anders Holm", "", "person")
    assert only_countries("Peru and Chile") and only_countries("the UK, France")
    assert not only_countries("Ana Vela and Chile")


def test_a_country_outside_the_region_asked_for_conflicts():
    assert outside_regions("Jordan", "african country")
    assert not outside_regions("Kenya", "african country")
    assert not outside_regions("Jordan", "country")  # no region asked
    assert outside_regions("Kenya", "non-african country")
    assert category_conflict("Jordan", "african country", "place")


def _passage(text: str) -> Passage:
    return Passage(doc_id="d0.txt", start=0, end=len(text), text=text, score=1.0, rank=1, title="")


def test_the_country_of_an_announced_trip_in_the_region_asked_for():
    text = ("Last month, Ruiz visited three nations in Africa and Asia. On May 2, Ruiz met Kenya’s President "
            "in Nairobi. Ruiz then met Vietnam’s trade minister in a two-day trip. On May 6, Ruiz visited Laos, "
            "where he held talks on rice exports.")
    found = announced_countries("which african country did ruiz visit last month", [_passage(text)], picked=True)
    assert found is not None and found.text == "Kenya"
    asian = announced_countries("which asian countries did ruiz visit", [_passage(text)], picked=True)
    assert asian is not None and "Vietnam" in asian.text and "Laos" in asian.text and "Kenya" not in asian.text
    assert announced_countries("which european country did ruiz visit", [_passage(text)], picked=True) is None


@pytest.mark.slow
def test_the_reader_answers_with_the_name_where_the_questions_wh_phrase_stands():
    from rag.answering.extractive import ExtractiveGenerator

    text = ("Lima has approved the export of a radar part to the United States. Under the approval, Peru’s "
            "contractor Osterholt Industries can export the part to a U.S. maker, Vela Corp. "
            "The U.S. requested the export, and the Peruvian-made radar parts would be transferred to Qatar, "
            "officials said.")
    answer = ExtractiveGenerator().generate("Which country requested the radar part export?", [_passage(text)])
    assert not answer.abstained
    assert "U.S." in answer.text and "Qatar" not in answer.text
