"""rag/answering/grounding.py: numbers a question states that none of the passages mentions."""
from __future__ import annotations

import pytest

from rag.answering.extractive import ExtractiveGenerator
from rag.answering.grounding import unstated_in, unstated_numbers
from rag.types import Passage

TEXT = "Over four years, Japan plans to spend 330 billion USD on defence, up from 1,200 jets in the 1980s."


@pytest.mark.parametrize("question, unstated", [
    ("How much will Japan spend on defence over four years?", []),
    ("How much did Japan spend on defence in 2015?", ["2015"]),
    ("Did Japan spend 330 billion USD?", []),
    ("Were there 1,200 jets? Or 1200?", []),          # thousands commas either way
    ("Were there 12,000 jets?", ["12,000"]),
    ("What happened in 1985 and in 1985 again?", ["1985"]),  # once, as written
    ("What happened in 1980?", []),                    # "the 1980s" states 1980
    ("Is it Type 1 or 2 of the F-35A in the 21st year?", []),  # single digits and parts of words are left alone
    ("Was the rate 2.5 or 330.5?", ["2.5", "330.5"]),
    ("Was it 330.0 or 330.00 billion?", []),           # the same number written otherwise
])
def test_numbers_of_two_or_more_digits_must_be_stated(question, unstated):
    assert unstated_numbers(question, [TEXT]) == unstated


def test_a_list_of_digits_is_not_a_thousands_number():
    assert unstated_numbers("If a=1,2,4,5 or 7, what is q?", ["q is prime"]) == []


def test_every_passage_counts_and_its_title_too():
    """A multi-hop question states the number of its first hop, in another document."""
    p = [Passage("a.txt", 0, 40, TEXT, 1.0, 1, title="Defence budget 2015"),
         Passage("b.txt", 0, 30, "In 2016 Norway bought jets.", 0.8, 2)]
    assert unstated_in("What did Japan plan for 2015, when Norway bought jets in 2016?", p) == []
    assert unstated_in("What did Japan plan in 2014?", p) == ["2014"]


@pytest.mark.slow
def test_the_generator_refuses_an_answer_when_no_passage_states_the_questions_number():
    generator = ExtractiveGenerator()
    p = [Passage("budget.txt", 0, len(TEXT), TEXT, 1.0, 1)]
    asked = generator.generate("How much does Japan plan to spend on defence over four years?", p)
    assert not asked.abstained and "330 billion" in asked.text
    answer = generator.generate("How much did Japan spend on defence in 2015?", p)
    assert answer.abstained and answer.citations == [] and answer.confidence == 0.0
    assert "2015" in answer.reason and "\n" not in answer.reason
    # the sweep of `rag eval` still sees what it would have answered
    assert not generator.decide("How much did Japan spend on defence in 2015?", p, 0.0).abstained
