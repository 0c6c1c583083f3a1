"""What a generator must do: cite exact spans of the passages it was given, abstain in the one
agreed shape, and behave as its declared capabilities say."""
from __future__ import annotations

from rag.answering.base import Capabilities, Generator
from rag.types import Answer, Passage


def _check_answer(answer: Answer, question: str, passages: list[Passage]) -> None:
    assert isinstance(answer, Answer) and answer.question == question
    assert isinstance(answer.text, str) and answer.text.strip(), "an answer (or abstention) says something"
    if answer.abstained:
        assert answer.citations == [], "an abstention cites nothing"
        return
    assert answer.citations, "an answer cites its source"
    for c in answer.citations:
        inside = [p for p in passages if p.doc_id == c.doc_id and p.start <= c.start < c.end <= p.end]
        assert inside, f"cites {c.doc_id}[{c.start}:{c.end}], which is in no passage it was given"
        p = inside[0]
        assert p.text[c.start - p.start:c.end - p.start] == c.text, "a citation is an exact span"


def check_generator(gen: Generator, question: str, passages: list[Passage], off_topic: str) -> None:
    """``passages`` answer ``question``; ``off_topic`` is a question they do not answer."""
    assert isinstance(gen, Generator), "name, capabilities, generate and load (see rag.answering.base)"
    assert isinstance(gen.capabilities, Capabilities)
    gen.load()
    answer = gen.generate(question, passages)
    _check_answer(answer, question, passages)
    assert not answer.abstained, f"answers a question its passages answer: {answer.reason}"

    nothing = gen.generate(question, [])
    _check_answer(nothing, question, [])
    assert nothing.abstained, "no passages: abstain"
    _check_answer(gen.generate(off_topic, passages), off_topic, passages)

    if gen.capabilities.streaming:
        items = list(gen.stream(question, passages))
        assert isinstance(items[-1], Answer) and all(isinstance(i, str) for i in items[:-1]), \
            "stream yields text pieces, then the Answer"
        _check_answer(items[-1], question, passages)
    if gen.capabilities.threshold:
        assert 0.0 <= gen.threshold <= 1.0
        assert gen.decide(question, passages, 1.01).abstained, "above every confidence: abstain"
        _check_answer(gen.decide(off_topic, passages, 0.0), off_topic, passages)
