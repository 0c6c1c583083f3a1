"""A follow-up refused everywhere else read from the sentences next to the previous answer's sentence
(rag.answering.conversation.around, choose._around): only a reading from a sentence after it is kept."""
from __future__ import annotations

import pytest

from rag.answering.conversation.around import after_only, around
from rag.answering.conversation.choose import _after, _around
from rag.answering.conversation.rules import Turn
from rag.types import Answer, Citation, Passage

FIRST = "The meeting was held at Yokosuka naval base on Saturday."
SECOND = "It was led by Gen Nakatani and Andreas Flåm."
THIRD = "The frigate visited Japan as part of a strike group."
FOURTH = "Ishiba told reporters that cooperation is reaching new levels."
TEXT = " ".join([FIRST, SECOND, THIRD, FOURTH])
AT = 1000
PASSAGE = Passage("000.txt", AT, AT + len(TEXT), TEXT, 0.5, rank=1)


def _cited(short: str, sentence: str, confidence: float = 0.6) -> Answer:
    """An answer citing ``sentence`` of PASSAGE, its short answer ``short`` inside it."""
    s = AT + TEXT.index(sentence)
    a = s + sentence.index(short)
    return Answer(question="q", text=short, abstained=False, confidence=confidence, passages=[PASSAGE],
                  citations=[Citation("000.txt", a, a + len(short), short, "answer"),
                             Citation("000.txt", s, s + len(sentence), sentence)])


REFUSED = Answer(question="q", text="The documents do not say.", abstained=True, confidence=0.2)


def test_around_is_the_cited_sentence_and_the_ones_after_it_as_an_exact_span():
    (after,) = around(_cited("Andreas Flåm", SECOND))
    assert after.text == f"{SECOND} {THIRD} {FOURTH}" and TEXT[after.start - AT:after.end - AT] == after.text
    assert [p.text for p in around(_cited("Saturday", FIRST), count=1)] == [f"{FIRST} {SECOND}"]
    assert around(_cited("Ishiba", FOURTH)) == []  # the passage ends there
    assert around(REFUSED) == []
    outside = _cited("Andreas Flåm", SECOND)
    outside.passages = []  # a support no passage holds: nothing to cut from
    assert around(outside) == []


def test_only_a_refusal_gives_way_to_the_reading_around_and_only_with_news():
    past = [Turn("Who led the meeting?", "Gen Nakatani and Andreas Flåm", SECOND)]
    asked = "Where did the frigate go?"
    found = _cited("Japan", THIRD, confidence=0.3)
    assert _around(asked, REFUSED, asked, past, lambda text: found) is found
    assert "after the previous answer" in found.reason
    answered = _cited("Saturday", FIRST)
    assert _around(asked, answered, asked, past, lambda text: found) is answered
    assert _around(asked, REFUSED, asked, past, lambda text: None) is REFUSED
    again = _cited("Gen Nakatani and Andreas Flåm", SECOND, confidence=0.3)  # the previous answer again: no news
    assert _around("Who led the meeting?", REFUSED, "who led it", past, lambda text: again) is REFUSED
    assert _around(asked, REFUSED, asked, past, lambda text: REFUSED) is REFUSED
    same = _cited("Gen Nakatani", SECOND, confidence=0.3)  # read from the previous answer's own sentence again
    assert _around("Who else led it?", REFUSED, "who else led it", past, lambda text: same) is REFUSED


def test_after_only_is_the_sentences_after_the_cited_one_as_an_exact_span():
    (after,) = after_only(_cited("Andreas Flåm", SECOND))
    assert after.text == f"{THIRD} {FOURTH}" and TEXT[after.start - AT:after.end - AT] == after.text
    assert after_only(_cited("Ishiba", FOURTH)) == [] and after_only(REFUSED) == []


def test_a_refusal_gives_way_to_the_sentences_after_alone_when_they_name_someone_new():
    past = [Turn("What did Norway set up?", "defence attaché", FIRST)]
    asked = "Who leads it now?"
    other = _cited("Andreas Flåm", SECOND, confidence=0.15)
    assert _after(asked, REFUSED, asked, past, lambda text: other) is other
    assert "alone" in other.reason
    # the previous answer with a new name is another one of its kind ("defence attaché in Beijing"), news
    in_beijing = Answer(question="q", text="defence attaché in Beijing", abstained=False, confidence=0.15)
    assert _after(asked, REFUSED, asked, past, lambda text: in_beijing) is in_beijing
    again = Answer(question="q", text="the defence attaché", abstained=False, confidence=0.15)
    assert _after(asked, REFUSED, asked, past, lambda text: again) is REFUSED
    # a sentence that does not hold a name the question holds does not tell it; nor does a whole clause
    assert _after("Who leads it in Tokyo?", REFUSED, "who leads it in tokyo", past, lambda text: other) is REFUSED
    clause = _cited("The frigate visited Japan as part of a strike group", THIRD, confidence=0.15)
    assert _after("What did it do?", REFUSED, "what did it do", past, lambda text: clause) is REFUSED
    answered = _cited("Saturday", FIRST)
    assert _after(asked, answered, asked, past, lambda text: other) is answered
    assert _after(asked, REFUSED, asked, past, lambda text: None) is REFUSED


@pytest.mark.slow
def test_chat_reads_a_refused_follow_up_from_the_sentences_after_the_previous_one_alone(assistant):
    """With the real models: "who covers Tokyo until then" after the post Norway sets up in Tokyo in 2026 is
    refused over the retrieved passages ("Corey Lee Bell covers defence news" reads better there, and the
    cited sentence's "Norway" beside it); the next sentence alone says who is accredited to Tokyo."""
    first = assistant.chat("What is Norway setting up in Tokyo in 2026?", history=[])
    second = assistant.chat("who covers Tokyo until then", history=[first])
    assert not second.abstained and "Beijing" in second.text


@pytest.mark.slow
def test_chat_reads_a_refused_follow_up_from_the_sentences_after_the_previous_answer(assistant):
    """With the real models: "where did he meet Gen Nakatani?" after Norway's State Secretary is refused over
    the retrieved passages (a visit to Jordon reads better there); the sentence
    after it says where the meeting was."""
    first = assistant.chat("Who is Norway's State Secretary to Minister of Defence?", history=[])
    second = assistant.chat("Where did he meet Gen Nakatani?", history=[first])
    assert not second.abstained and ("Yokosuka" in second.text or "JS Kaga" in second.text)
