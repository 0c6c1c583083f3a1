"""Roles (rag/answering/composers/roles.py): the title a person holds however the question asks for
it (occupation, rank), the form of address written before a name, a government's head, and an occasion the passages never state."""
from __future__ import annotations

import pytest

from rag.answering.composers.roles import compose_role
from rag.answering.question_analysis import analyse
from rag.types import Passage

TEXT = ("On March 3, the Minister for Trade, Anna Berg, met the Secretary of State for Foreign and "
        "Commonwealth Affairs, the Rt Hon Peter Lund MP in Stockholm for the first Sweden-UK trade dialogue. "
        "Foreign Secretary Peter Lund said: “I am delighted to welcome Her Excellency Anna Berg here today.” "
        "The frigate and its crew, led by Commander Lindqvist, sailed on. "
        "Port Authority official Erik Holm said the dredging would end in May. "
        "It comes as Prime Minister Magda Ek’s government wants a larger navy.")


def _passage() -> Passage:
    return Passage(doc_id="roles.txt", start=0, end=len(TEXT), text=TEXT, score=1.0)


@pytest.mark.parametrize("question, answer", [
    ("What does Erik Holm do?", "Port Authority official"),                 # an occupation asked with "do"
    ("what rank does lindqvist hold", "Commander"),                         # a rank
    ("What honorific did Peter Lund use for Anna Berg?", "Her Excellency"),  # the form of address itself
    ("Who led Sweden's government when it wanted a larger navy?", "Magda Ek"),  # a government's head
])
def test_a_role_however_asked(question, answer):
    composed = compose_role(analyse(question), [_passage()])
    assert composed is not None and composed.text == answer
    assert all(TEXT[c.start:c.end] == c.text for c in composed.citations)


def test_an_occasion_the_passages_never_state_is_refused():
    """"At the second dialogue" while the passages state only the first: a near miss, refused; the
    first is answered."""
    assert compose_role(analyse("Who was the UK Foreign Secretary at the second Sweden-UK trade dialogue?"),
                        [_passage()]).refused
    assert compose_role(analyse("Who was the UK Foreign Secretary at the first Sweden-UK trade dialogue?"),
                        [_passage()]).text == "Peter Lund"
