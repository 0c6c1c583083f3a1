"""Factoid answers of the type asked: another span of the passage the reader read when its best
span is of another kind, and the type tests behind it."""
from __future__ import annotations

import pytest

from rag.answering.composers.answer_types import category_conflict
from rag.answering.reader import Reader
from rag.types import Passage


def test_a_country_is_no_body():
    assert category_conflict("Qatar", "body", "organisation")
    assert category_conflict("the U.S.", "agency", "organisation")
    assert not category_conflict("the National Security Council", "body", "organisation")


def test_a_company_cut_before_its_full_stop_is_still_a_company():
    assert category_conflict("Raytheon Co", "missile defence system", "other")
    assert not category_conflict("Raytheon Co", "contractor", "organisation")


TEXT = ("Under the approval, made by the National Security Council, the country's major defense contractor "
        "Acme Heavy Industries Ltd. can export a seeker sensor to a U.S. defense equipment maker. "
        "Acme Heavy has been licensed to produce the sensors, which will be transferred to Qatar.")


@pytest.mark.slow
def test_the_reader_offers_the_other_spans_of_its_passage():
    reading = Reader().read("Which body approved the export of the seeker sensor?", [TEXT], alternatives=True)[0]
    assert reading.others
    assert not any(o.start < reading.end and reading.start < o.end for o in reading.others)
    assert [o.span_score for o in reading.others] == sorted((o.span_score for o in reading.others), reverse=True)


@pytest.mark.slow
def test_a_span_of_the_type_asked_from_the_same_passage():
    from rag.answering.extractive import ExtractiveGenerator
    passage = Passage(doc_id="d", start=0, end=len(TEXT), text=TEXT, score=1.0, title="Export approved")
    answer = ExtractiveGenerator().generate("Which body approved the export of the seeker sensor?", [passage])
    assert "National Security Council" in answer.text


def _passage(text: str) -> Passage:
    return Passage(doc_id="d", start=0, end=len(text), text=text, score=1.0)


def test_the_day_of_the_asked_country_only_where_its_sentence_names_the_same_people():
    from rag.answering.composers.answer_types import date_of_country
    text = ("On August 18, Okada met Djibouti's President. On August 21, Okada visited Jordan, where he met "
            "the Prime Minister. Alice Smith and Bob Jones are scheduled to visit Japan on September 5. "
            "Okada will meet his counterpart in South Korea on September 8.")
    passages = [_passage(text)]
    first = text.index("On August 18"), text.index(" On August 21")
    moved = date_of_country("When did Okada meet Jordan's Prime Minister?", passages, (0, *first))
    assert moved and text[moved[3]:moved[4]] == "August 21"
    visit = text.index("Alice"), text.index(" Okada will")
    assert date_of_country("When are Alice Smith and Bob Jones scheduled to visit South Korea?", passages,
                           (0, *visit)) is None
