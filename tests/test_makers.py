"""Who makes a product: the company the text writes it as belonging to, not the sentence's agent."""
from __future__ import annotations

import pytest

from rag.answering.composers.makers import asked_kind, asked_product, compose_maker
from rag.types import Passage

TEXT = ("This follows Lisbon’s recently announced decision to procure Acme Marine Works’ (AMW) new-model "
        "Tern-class patrol vessel for the Harbour 200 program. Among the topics discussed were Portugal’s "
        "acquisition of Vega Rocket & Space’s Long Arrow Missile (LAM), which its jets carry.")


def _passage(text: str) -> Passage:
    return Passage(doc_id="d", start=0, end=len(text), text=text, score=1.0)


def test_the_asked_product_is_named_from_its_first_capitalised_word():
    assert asked_product("Who builds new-model Tern-class patrol vessel?") == ["Tern-class", "patrol"]
    assert asked_product("Who makes the Long Arrow Missile?") == ["Long", "Arrow"]
    assert asked_product("Who builds Acme Marine Works’ (AMW) new-model Tern-class patrol vessel?") == \
        ["Tern-class", "patrol"]
    assert asked_product("Who met the minister?") == []


def test_the_maker_is_the_owner_before_the_product_never_a_city_or_country():
    passages = [_passage(TEXT)]
    built = compose_maker("Who builds Tern-class patrol vessel?", passages)
    assert built is not None and built.text == "Acme Marine Works"
    answer = built.citations[0]
    assert TEXT[answer.start:answer.end] == "Acme Marine Works"
    made = compose_maker("Who makes Long Arrow Missiles?", passages)
    assert made is not None and made.text == "Vega Rocket & Space"
    assert compose_maker("Who makes Long Range Radars?", passages) is None  # "Long Arrow" is another product
    assert compose_maker("Who builds the harbour?", passages) is None  # no product named by a name


def test_a_product_asked_by_its_kind_is_the_named_product_of_that_kind():
    passages = [_passage(TEXT)]
    assert asked_kind("Who makes the missile the two ministers discussed?") == "missile"
    assert asked_kind("Who makes Long Arrow Missiles?") == ""
    made = compose_maker("Who makes the missile the two ministers discussed?", passages)
    assert made is not None and made.text == "Vega Rocket & Space"
    built = compose_maker("Who builds the vessel?", passages)
    assert built is not None and built.text == "Acme Marine Works"
    assert compose_maker("Who makes the decision?", passages) is None  # "Lisbon’s recently announced decision"


@pytest.mark.slow
def test_the_generator_answers_the_maker_not_the_buyer():
    from rag.answering.extractive import ExtractiveGenerator
    answer = ExtractiveGenerator().generate("Who builds the Tern-class patrol vessel?", [_passage(TEXT)])
    assert not answer.abstained and answer.text == "Acme Marine Works"
