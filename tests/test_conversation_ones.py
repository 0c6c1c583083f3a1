""""and the norwegian one?" re-asks the previous question with its nationality replaced (rewrites._one_swapped):
"one" stands for the noun after the nationality ("the japanese side" -> "the Norwegian side")."""
from __future__ import annotations

from rag.answering.conversation import rewrites
from rag.answering.conversation.rewrites import _one_swapped
from rag.answering.conversation.rules import Turn

KAGA = ("The 40-minute meeting, which was held onboard the JS Kaga light aircraft carrier, was led by Japan’s Defense "
        "Minister Gen Nakatani and Norway’s State Secretary to Minister of Defence, Andreas Flåm.")


def test_the_other_nationalitys_one_takes_the_previous_questions_noun():
    previous = Turn("who led the japanese side at the august 23 meeting on the js kaga",
                    "Japan’s Defense Minister Gen Nakatani", KAGA)
    out = rewrites("and the norwegian one?", previous, [])
    assert out and out[0] == "Who led the Norwegian side at the august 23 meeting on the js kaga?"
    assert _one_swapped("Which UK ministers took part in the first UK-Japan ministerial meeting?", "the japanese ones") \
        == ["Which Japanese ministers took part in the first UK-Japan ministerial meeting?"]


def test_no_nationality_no_swap():
    assert _one_swapped("who led the japanese side at the meeting", "the first one") == []
    assert _one_swapped("who led the meeting", "the norwegian one") == []


def test_and_with_a_whole_question_opened_by_a_preposition_is_asked_as_typed():
    """"and within which multilateral initiative has Norway started space cooperation with Japan?" is a question
    of its own (rewrites._prep_question), not a fragment glued into the previous question."""
    previous = Turn("Where is the attaché currently accredited to Tokyo based?", "Beijing",
                    "The defence attaché in Beijing is currently also accredited to Tokyo.")
    out = rewrites("and within which multilateral initiative has Norway started space cooperation with Japan?",
                   previous, [])
    assert out and out[0] == "Within which multilateral initiative has Norway started space cooperation with Japan?"
