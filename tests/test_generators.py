"""Every registered generator passes the conformance suite; a generator from another package
(here: defined in the test, as a plug-in would be) works through the same Assistant calls."""
from __future__ import annotations

import pytest

from rag import registry
from rag.errors import GeneratorUnavailableError, RagError
from rag.answering import GeneratorOptions, get_generator
from rag.answering.base import BaseGenerator, Capabilities, span_citation
from rag.testing.generators import check_generator
from rag.types import Answer

QUESTION = "Which missile can Japan's F-35A fighters carry internally?"
OFF_TOPIC = "Who won the 2022 World Cup?"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def passages(assistant):
    return assistant.retrieve(QUESTION, k=3)


@pytest.mark.parametrize("name", registry.names("generator"))
def test_registered_generator_conforms(name, passages, embedder):
    try:
        gen = get_generator(name, GeneratorOptions(embedder=embedder))
    except GeneratorUnavailableError as exc:
        pytest.skip(f"{name} is not installed here: {exc}")
    check_generator(gen, QUESTION, passages, OFF_TOPIC)


def test_unknown_generator_is_a_one_line_error():
    with pytest.raises(RagError, match=r"unknown generator 'nope' \(choose from extractive, llm"):
        get_generator("nope")


class FirstSentence(BaseGenerator):
    """A plug-in generator: answers with the first 40 characters of the best passage, streaming."""

    name = "first-sentence"
    capabilities = Capabilities(streaming=True)

    def generate(self, question, passages):
        if not passages:
            return Answer(question=question, text="Nothing retrieved.", abstained=True, citations=[],
                          passages=passages, confidence=0.0, generator=self.name)
        c = span_citation(passages[0], 0, min(40, len(passages[0].text)))
        return Answer(question=question, text=c.text, abstained=False, citations=[c], passages=passages,
                      confidence=1.0, generator=self.name)

    def stream(self, question, passages):
        answer = self.generate(question, passages)
        yield from answer.text.split(" ")
        yield answer


def test_plugin_generator_through_the_assistant(assistant, passages):
    gen = FirstSentence()
    check_generator(gen, QUESTION, passages, OFF_TOPIC)
    items = list(assistant.stream(QUESTION, generator=gen))
    assert len(items) > 2 and isinstance(items[-1], Answer) and items[-1].generator == "first-sentence"
    assert list(items[-1].timings_ms)[:2] == ["retrieve", "generate"]
    asked = assistant.ask(QUESTION, generator=gen)  # ask does not stream, the same answer
    assert asked.text == items[-1].text
    assert assistant.load_models(gen) >= 0.0
