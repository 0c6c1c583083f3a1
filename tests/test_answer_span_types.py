"""The answer span's type: "which ship" wants a ship's name (not a place the reader's place test
accepts), "which country" not the people of its sentence or a region, "which city" not a country."""
from __future__ import annotations

import pytest

from rag.answering.composers.answer_types import category_conflict
from rag.answering.composers.place_type import place_conflict
from rag.answering.composers.ship_type import names_ship
from rag.answering.countries import only_region
from rag.answering.question_analysis import analyse
from rag.types import Passage


def test_which_ship_is_asked_whatever_the_wh_word_type():
    assert analyse("Aboard which ship were the talks held?").ship
    assert "japanese" in analyse("Which ship served as the Japanese command ship during the exercise?").ship
    assert analyse("What was the Japanese command ship during the exercise?").ship == "japanese command ship"
    assert analyse("Which British carrier did the prime minister inspect?").ship == "british carrier"
    assert not analyse("Which carrier strike group did Norway join?").ship
    assert not analyse("What kind of ship is the JS Kaga?").ship
    assert not analyse("Which company builds the Mogami-class frigate?").ship
    assert not analyse("Which Australian shipyard will build the frigates?").ship
    # ships in the plural are a list, the list composers' ("HM Ships Atherstone and Shoreham"), not one ship
    assert not analyse("Which Royal Navy ships put a mine warfare officer aboard the Bungo?").ship


def test_a_ship_is_named_by_its_prefix_its_kind_or_a_prefixed_name_elsewhere():
    assert names_ship("JS Kaga light aircraft carrier", "held onboard the", set())
    assert names_ship("Bungo", "Officers in the Japanese Command Ship", set())
    assert names_ship("Bungo", "working onboard the", {"bungo"})
    assert names_ship("MHI's new-model Mogami-class multi-role frigate", "procure", set())
    assert not names_ship("Jordon", "Nakatani visited", set())
    assert not names_ship("Alex Coleman, the Operations Officer", "Lieutenant", set())
    assert not names_ship("British aircraft carrier", "led by the", set())
    assert not names_ship("Prime Minister Ishiba in an inspection of the HMS Prince of Wales", "joined", set())


def test_a_country_question_is_not_answered_by_people_or_a_region():
    assert place_conflict("Richard Marles and Foreign Minister Penny Wong", "country")
    assert place_conflict("Middle East", "african country")
    assert only_region("Africa and the Middle East")
    assert not place_conflict("Japan", "country")
    assert not place_conflict("Jordon", "country")  # not in the country table: no plain conflict
    assert not place_conflict("Jordanian Prime Minister", "country's prime minister")


def test_a_country_alone_is_no_city():
    assert place_conflict("Japan", "city")
    assert place_conflict("the UK", "city")
    assert not place_conflict("Tokyo", "city")
    assert category_conflict("Japan", "city", "place")


def _passage(text: str, title: str = "Defence talks") -> Passage:
    return Passage(doc_id="d", start=0, end=len(text), text=text, score=1.0, title=title)


def _short_answer(question: str, text: str) -> str:
    from rag.answering.extractive import ExtractiveGenerator
    answer = ExtractiveGenerator().decide(question, [_passage(text)], 0.0)
    return next((c.text for c in answer.citations if c.kind == "answer"), "")


@pytest.mark.slow
def test_which_ship_answers_a_ship_not_the_exercise_or_the_place():
    text = ("The two Japanese Ships Bungo and Yaeyama had deployed to the Gulf to take part in the International "
            "Mine Countermeasures Exercise (IMCMEX). HM Ships Atherstone and Shoreham each embedded one of their "
            "own officers in the Japanese Command Ship Bungo.")
    assert "Bungo" in _short_answer("What was the Japanese command ship during the exercise?", text)
    text = ("The 40-minute meeting was held at Kure, near Hiroshima, onboard the JS Hiryu light helicopter "
            "carrier, and was led by Japan's Defense Minister Taro Okada. Earlier, Okada visited Jordon.")
    assert "JS Hiryu" in _short_answer("Aboard which ship was the meeting held?", text)


@pytest.mark.slow
def test_which_country_answers_a_country_not_the_region_of_the_trip():
    text = ("Last week, Okada visited three nations in Africa and the Middle East. On August 18, Okada met "
            "Djibouti’s President in a visit that included a tour of a Self-Defence Force base.")
    assert _short_answer("Which African country did Okada visit in August?", text) == "Djibouti"
