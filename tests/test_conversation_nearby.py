"""A refused follow-up read again at a lower threshold, kept only next to the previous answer's sentence
(rag.answering.conversation.nearby, choose._nearby)."""
from __future__ import annotations

import pytest

from rag.answering.conversation.choose import _nearby
from rag.answering.conversation.nearby import NEAR_CHARS, near, support_of
from rag.answering.conversation.rules import Turn
from rag.types import Answer, Citation, Passage

TEXT = ("On August 21, Nakatani visited Jordon, where he held a discussion with Jordanian Prime Minister and "
        "Minister of Defense Jafar Hassan on issues including future defence exchange and cooperation.")
PASSAGE = Passage("000.txt", 5000, 5000 + len(TEXT), TEXT, 0.5, rank=1)


def _answer(short: str, at: int, confidence: float = 0.3, doc_id: str = "000.txt", answer_type: str = "other",
            abstained: bool = False) -> Answer:
    """An answer whose support sentence (TEXT) starts at document offset ``at``."""
    if abstained:
        return Answer(question="q", text="The documents do not hold the answer to this question.", abstained=True,
                      confidence=confidence)
    a = at + TEXT.index(short)
    return Answer(question="q", text=short, abstained=False, confidence=confidence, answer_type=answer_type,
                  citations=[Citation(doc_id, a, a + len(short), short, "answer"),
                             Citation(doc_id, at, at + len(TEXT), TEXT)])


def test_near_is_the_same_document_within_near_chars():
    previous = support_of(_answer("August 21", 5000))
    assert near(_answer("Jafar Hassan", 5000), previous)
    assert near(_answer("Jafar Hassan", 5000 + len(TEXT) + NEAR_CHARS), previous)
    assert not near(_answer("Jafar Hassan", 5000 + len(TEXT) + NEAR_CHARS + 1), previous)
    assert not near(_answer("Jafar Hassan", 5000, doc_id="001.txt"), previous)
    assert not near(_answer("", 0, abstained=True), previous)
    assert support_of(_answer("", 0, abstained=True)) is None


def test_only_a_refusal_gives_way_to_the_nearby_reading():
    past = [Turn("When did Nakatani visit Jordan?", "August 21", TEXT)]
    asked = "Who did Nakatani hold a discussion with in Jordan?"
    refused = _answer("", 0, abstained=True)
    found = _answer("Jafar Hassan", 5000, answer_type="person")
    assert _nearby(asked, refused, asked, past, lambda text: found) is found
    assert found.reason  # the answer says how it was found
    assert _nearby(asked, refused, asked, past, lambda text: None) is refused
    answered = _answer("Jordanian Prime Minister", 5000)
    assert _nearby(asked, answered, asked, past, lambda text: found) is answered
    again = _answer("August 21", 5000)  # the previous answer again is no answer
    assert _nearby(asked, refused, asked, past, lambda text: again) is refused


MOGAMI = ("This follows Canberra’s recently announced decision to procure Mitsubishi Heavy Industries’ (MHI) "
          "new-model Mogami-class multi-role frigate.")


def _from(sentence: str, short: str, at: int = 9000) -> Answer:
    a = at + sentence.index(short)
    return Answer(question="q", text=short, abstained=False, confidence=0.3,
                  citations=[Citation("000.txt", a, a + len(short), short, "answer"),
                             Citation("000.txt", at, at + len(sentence), sentence)])


def test_the_previous_answers_fact_read_again_or_an_earlier_answer_is_no_nearby_answer():
    refused = _answer("", 0, abstained=True)
    # the sentence the previous answer cited, read again around the referent the question holds
    past = [Turn("which ship did canberra decide to buy", "Mogami-class", MOGAMI)]
    asked = "For which program builds Mogami-class?"
    again = _from(MOGAMI, "MHI) new-model Mogami-class multi-role frigate")
    assert _nearby(asked, refused, asked, past, lambda text: again) is refused
    other = _from(MOGAMI, "Mitsubishi Heavy Industries")  # the same sentence's other name is news
    assert _nearby("Who builds Mogami-class?", refused, "who builds it?", past, lambda text: other) is other
    # what the previous question named is no news ("Who builds the ship?" -> "Canberra")
    past = [Turn("which ship did canberra decide to buy", "Mitsubishi Heavy Industries’ (MHI) new-model Mogami-class "
                 "multi-role frigate", "An earlier sentence.")]
    canberra = _from(MOGAMI, "Canberra")
    assert _nearby("Who builds the ship?", refused, "who builds that ship", past, lambda text: canberra) is refused


@pytest.mark.slow
def test_chat_reads_a_refused_follow_up_again_next_to_the_previous_answer(assistant):
    """With the real models: "who approved that?" after the company allowed to export seeker gyros is under the
    reader's threshold; read again at NEAR_THRESHOLD it is answered two sentences further on in the same passage."""
    first = assistant.chat("Which company is allowed to export seeker gyros to Raytheon?", history=[])
    second = assistant.chat("who approved that?", history=[first])
    assert not second.abstained and "National Security Council" in second.text


def test_a_list_naming_someone_besides_an_earlier_answer_is_news():
    sentence = "Foreign Secretary Philip Hammond and Defence Secretary Michael Fallon have met Fumio Kishida."
    items = ["Foreign Secretary Philip Hammond", "Defence Secretary Michael Fallon"]
    at = 7000
    both = Answer(question="q", text=" and ".join(items), abstained=False, confidence=0.35,
                  citations=[*(Citation("004.txt", at + sentence.index(i), at + sentence.index(i) + len(i), i, "answer")
                               for i in items), Citation("004.txt", at, at + len(sentence), sentence)])
    past = [Turn("Who represented the UK on the foreign side?", "Philip Hammond", "An earlier sentence.")]
    asked = "Who else represented the UK besides Philip Hammond?"
    refused = _answer("", 0, abstained=True)
    assert _nearby(asked, refused, "who else represented the uk", past, lambda text: both) is both
    alone = _from(sentence, "Foreign Secretary Philip Hammond", at)  # only the one set apart: no news
    assert _nearby(asked, refused, "who else represented the uk", past, lambda text: alone) is refused
