"""bench/perturb.py: near-miss unanswerable questions made from answerable ones."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import perturb  # noqa: E402
import train_reader  # noqa: E402

CONTEXT = ("In 1994 the fourth contract went to Kongsberg Defence, whose missile 12 crews tested "
           "at the Andøya range.")
OTHERS = ["The first contract, signed in 1987, went to Saab Dynamics.", "In 2003 Thales Group bid for 30 launchers."]


@pytest.mark.parametrize("question, kind, old, choices", [
    ("Who won the contract in 1994?", "year", "1994", {"1987", "2003"}),
    ("Which missile did 12 crews test?", "number", "12", {"30"}),
    ("Who won the fourth contract?", "ordinal", "fourth", set(perturb.ORDINALS) - {"fourth"}),
    ("Whose missile was tested by Kongsberg Defence?", "name", "Kongsberg Defence", {"Saab Dynamics", "Thales Group"}),
])
def test_one_detail_the_paragraph_holds_is_swapped_for_one_it_does_not(question, kind, old, choices):
    for seed in range(5):
        got = perturb.perturb(question, CONTEXT, OTHERS, random.Random(seed))
        assert got is not None and got[0] == kind
        changed = got[1]
        before, after = question.split(old)
        assert changed.startswith(before) and changed.endswith(after)
        new = changed[len(before):len(changed) - len(after)]
        assert new and new.lower() not in CONTEXT.lower()
        assert new in choices  # a name: one of the same length from another paragraph


def test_a_number_beats_a_name_and_a_name_needs_one_of_its_length_elsewhere():
    kinds = {perturb.perturb("Who won the fourth contract in 1994?", CONTEXT, OTHERS, random.Random(s))[0]
             for s in range(20)}
    assert kinds == {"year", "ordinal"}
    assert perturb.perturb("Who tested at the Andøya range?", CONTEXT, OTHERS, random.Random(0)) is None


def test_a_question_without_a_detail_of_the_paragraph_is_left_alone():
    assert perturb.perturb("what was tested at the range?", CONTEXT, OTHERS, random.Random(0)) is None
    # A year the paragraph does not hold is no grounding detail: changing it proves nothing.
    assert perturb.perturb("what was tested in 1950?", CONTEXT, OTHERS, random.Random(0)) is None


def test_perturbed_questions_train_as_unanswerable_with_their_own_paragraph():
    item = {"question": "Who won the fourth contract in 1994?", "context": CONTEXT, "answers": ["Kongsberg Defence"],
            "start": CONTEXT.index("Kongsberg Defence"), "others": OTHERS}
    plain = train_reader.features([item], negative_share=0.0)
    rows = train_reader.features([item], negative_share=0.0, perturbed_share=1.0)
    assert rows[:len(plain)] == plain and len(rows) == len(plain) + 1
    swapped = rows[-1]
    assert (swapped["start_positions"], swapped["end_positions"], swapped["answerable"]) == (0, 0, 0.0)
    assert swapped["input_ids"] != plain[0]["input_ids"]
