"""A follow-up read from the sentences the previous answer cited (choose._in_turn, topic.cited_sentences):
the conversation most often goes on where it was."""
from __future__ import annotations

import pytest

from rag.answering.conversation.choose import _in_turn
from rag.answering.conversation.rules import Turn
from rag.answering.conversation.topic import cited_sentences
from rag.types import Answer, Citation, Passage

TEXT = ("Norway is now enhancing its ability to monitor developments in the region by establishing a defence "
        "attaché position in Tokyo in 2026. The defence attaché in Beijing is currently also accredited to Tokyo.")
PASSAGE = Passage("001.txt", 1000, 1000 + len(TEXT), TEXT, 0.5, rank=1)
FIRST = TEXT.split(". ")[0] + "."


def _answer(short: str, sentence: str, confidence: float, passage: Passage = PASSAGE, abstained: bool = False) -> Answer:
    if abstained:
        return Answer(question="q", text="The documents do not hold the answer to this question.", abstained=True,
                      confidence=confidence, passages=[passage])
    at = passage.text.index(sentence)
    a = passage.start + at + sentence.index(short)
    return Answer(question="q", text=short, abstained=False, confidence=confidence, passages=[passage], answer_type="time",
                  citations=[Citation(passage.doc_id, a, a + len(short), short, "answer"),
                             Citation(passage.doc_id, passage.start + at, passage.start + at + len(sentence), sentence)])


def test_cited_sentences_are_exact_spans_of_their_passage():
    cited = cited_sentences(_answer("Tokyo", FIRST, 0.6))
    assert [p.text for p in cited] == [FIRST]
    assert cited[0].start == PASSAGE.start and cited[0].end == PASSAGE.start + len(FIRST)
    assert TEXT[cited[0].start - PASSAGE.start:cited[0].end - PASSAGE.start] == cited[0].text
    assert cited_sentences(_answer("", "", 0.2, abstained=True)) == []


def test_the_cited_sentence_answers_only_where_the_documents_do_not_or_more_weakly_elsewhere():
    past = [Turn("Where will Norway open a defence attaché post?", "Tokyo", FIRST)]
    found = _answer("2026", FIRST, 0.55)
    found.passages = cited_sentences(_answer("Tokyo", FIRST, 0.6))
    asked = "In what year will Norway open a defence attaché post?"
    none = _answer("", "", 0.3, abstained=True)
    assert _in_turn(asked, none, (0, 0.0), asked, past, lambda text: found) is found
    other = "The defence attaché in Beijing is currently also accredited to Tokyo."
    weak = _answer("Beijing", other, 0.4)
    assert _in_turn(asked, weak, (1, 0.4), asked, past, lambda text: found) is found
    sure = _answer("Beijing", other, 0.6)
    assert _in_turn(asked, sure, (1, 0.6), asked, past, lambda text: found) is sure
    same = _answer("in 2026", FIRST, 0.4)  # the same sentence read twice: only the span's edges differ
    assert _in_turn(asked, same, (1, 0.4), asked, past, lambda text: found) is same
    assert _in_turn(asked, none, (0, 0.0), asked, past, lambda text: None) is none


@pytest.mark.slow
def test_chat_reads_the_previous_answers_sentence(assistant):
    """With the real models: "in what year?" after "Where will Norway open a defence attaché post?" is read
    from the sentence that gave Tokyo; the retrieved passages alone leave the reader under its threshold."""
    first = assistant.chat("Where will Norway open a defence attaché post?", history=[])
    second = assistant.chat("in what year?", history=[first])
    assert not second.abstained and "2026" in second.text


def test_an_abstained_question_with_only_a_pronoun_offers_no_referent():
    # "Which company buys them?" is about what came before, not about "company buys" or "them"; "who is then" not about "then"
    from rag.answering.conversation import rewrites
    from rag.answering.conversation.referents import referents

    for question in ("Which company buys them?", "who is then", "Which firm makes it?"):
        assert referents(Turn(question)) == []
    component = Turn("What component did Mitsubishi Heavy get permission to export to the US?")
    out = rewrites("and where would they end up in the end?", Turn("Which company buys them?"), [component])
    assert out and not any("company buys" in text for text in out)  # "they" is of the turn before
