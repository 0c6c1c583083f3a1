"""Choosing among rewrites (choose._typed_names_read): an answer read from a sentence that lacks a name
the user typed gives way to another rewrite's answer read where every typed name is."""
from __future__ import annotations

from rag.answering.conversation.choose import choose
from rag.answering.conversation.rules import Turn
from rag.types import Answer, Citation, Passage

GRAM = "There is great potential here, to best utilize the space domain and reduce costs, says Gram."
OFFICIAL = "Defense Ministry official Toru Hotchi said Japanese officials are hoping the research leads to a technology."
INITIATIVE = "Norway has initiated space cooperation with Japan within the Combined Space Operations Initiative."


def _read(short: str, sentence: str, confidence: float, doc: str) -> Answer:
    """An answer citing ``sentence`` (a passage of its own), its short answer ``short`` inside it."""
    passage = Passage(doc, 0, len(sentence), sentence, 0.5, rank=1)
    a = sentence.index(short)
    return Answer(question="q", text=short, abstained=False, confidence=confidence, passages=[passage],
                  question_kind="why_how", citations=[Citation(doc, a, a + len(short), short, "answer"),
                                                      Citation(doc, 0, len(sentence), sentence)])


def _history() -> list[Turn]:
    return [Turn("What space initiative is Norway cooperating with Japan under?", "Combined Space Operations Initiative",
                 INITIATIVE, context=f"{INITIATIVE} {GRAM}")]


def _ask(readings: dict[str, Answer]):
    refused = Answer(question="q", text="The documents do not say.", abstained=True, confidence=0.2)
    return lambda text, query=None: readings.get("Japan" if "Japan" in text else
                                                 "Initiative" if "Initiative" in text else "", refused)


def test_an_answer_from_a_sentence_without_the_typed_name_gives_way():
    readings = {"Japan": _read("hoping the research leads to a technology", OFFICIAL, 0.5, "004.txt"),
                "Initiative": _read("best utilize the space domain and reduce costs", GRAM, 0.44, "001.txt")}
    answer = choose("what does gram hope it achieves", _history(), _ask(readings), _ask(readings))
    assert "Initiative" in answer.asked_as and "space domain" in answer.text


def test_no_rewrite_read_where_the_typed_name_is_keeps_the_best():
    readings = {"Japan": _read("hoping the research leads to a technology", OFFICIAL, 0.5, "004.txt"),
                "Initiative": _read("Norway has initiated space cooperation", INITIATIVE, 0.44, "001.txt")}
    answer = choose("what does gram hope it achieves", _history(), _ask(readings), _ask(readings))
    assert "Japan" in answer.asked_as
