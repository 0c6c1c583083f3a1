"""The person a one-person question asks for, of a two-person coordination whose other person the
question names (rag/answering/composers/unnamed_item.py)."""
from __future__ import annotations

import pytest

from rag.answering.composers.lists import expand_to_list
from rag.answering.composers.unnamed_item import item_not_named
from rag.types import Passage

TEXT = ("On Monday, Swedish Trade Minister Anna Berg and Foreign Secretary Peter Lund signed a trade accord "
        "in Stockholm.")


def _grown():
    passage = Passage(doc_id="accord.txt", start=0, end=len(TEXT), text=TEXT, score=1.0)
    at = TEXT.index("Anna Berg")
    return expand_to_list(passage, at, at + len("Anna Berg"))


@pytest.mark.parametrize("question, answer", [
    ("Who signed the accord with Peter Lund?", "Swedish Trade Minister Anna Berg"),
    ("Who was Anna Berg's co-signatory?", "Foreign Secretary Peter Lund"),
])
def test_the_person_the_question_does_not_name(question, answer):
    item = item_not_named(question, _grown())
    assert item is not None and item.text == answer and TEXT[item.start:item.end] == answer


@pytest.mark.parametrize("question", [
    "Who signed the trade accord in Stockholm?",           # neither named: both answer
    "Did Anna Berg and Peter Lund sign the accord?",       # both named
    "Which foreign secretary signed the accord?",          # a title's word is no name
])
def test_no_item_where_the_question_names_neither_or_both(question):
    assert item_not_named(question, _grown()) is None
