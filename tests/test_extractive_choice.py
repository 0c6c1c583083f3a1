"""Which reading answers and how sure it is: the clause around the span in the confidence, a closer
sentence of another passage, the sentence naming the country asked about."""
from __future__ import annotations

import pytest

from rag.answering.confidence import clause_around
from rag.types import Passage


def _span(sentence: str, words: str) -> tuple[int, int]:
    start = sentence.index(words)
    return start, start + len(words)


def test_the_clause_around_a_span_is_cut_at_commas_and_brackets():
    sentence = ("On May 2, the two countries agreed to widen their trade talks during a summit in Lisbon, "
                "following a phone call between Ruiz and Peru's Minister of Trade Ana Vela on April 9.")
    assert clause_around(sentence, *_span(sentence, "Ana Vela")) == \
        "following a phone call between Ruiz and Peru's Minister of Trade Ana Vela on April 9."
    # a short clause is read with the one before it
    short = "The harbour, which opened in 1931, was rebuilt by Osterholt, a Dutch firm."
    assert clause_around(short, *_span(short, "Osterholt")) == "which opened in 1931, was rebuilt by Osterholt"
    # no mark: the whole sentence
    plain = "The bridge was designed by Mara Lindqvist."
    assert clause_around(plain, *_span(plain, "Mara Lindqvist")) == plain


def _passage(n: int, text: str) -> Passage:
    return Passage(doc_id=f"d{n}.txt", start=0, end=len(text), text=text, score=1.0, rank=n + 1, title="")


@pytest.fixture(scope="module")
def generator():
    from rag.answering.extractive import ExtractiveGenerator

    return ExtractiveGenerator()


@pytest.mark.slow
def test_the_clause_raises_the_confidence_of_a_span_in_a_long_sentence(generator):
    sentence = ("On May 2, Portugal and Peru agreed to widen their trade talks during a summit between the two "
                "nations' leaders in Lisbon, following a phone call between Ruiz and Peru's Minister of Trade "
                "Ana Vela on April 9.")
    question = "Which minister did Ruiz speak to by phone on April 9?"
    whole = generator.confidence(question, 0.6, sentence)
    with_clause = generator.confidence(question, 0.6, sentence, _span(sentence, "Ana Vela"))
    assert with_clause > whole
    # paraphrases, same ask
    for asked in ("who did ruiz have a phone call with on april 9", "Ruiz phoned which Peruvian minister on April 9?"):
        assert generator.confidence(asked, 0.6, sentence, _span(sentence, "Ana Vela")) > \
            generator.confidence(asked, 0.6, sentence)


@pytest.mark.slow
def test_a_reading_in_a_sentence_closer_to_the_question_answers(assistant):
    # the reader finds "security in their regions" (of "maritime nations with growing concerns about
    # security") as probable as the span of the sentence that says who raised concerns over what
    for question in ("what did kihara raise concerns over", "What did Minister Kihara express concern about?"):
        assert "China" in assistant.ask(question).text, question
    # "last year" (Abe's visit) against the sentence on the first ministerial meetings
    assert "January 2015" in assistant.ask(
        "When did the UK and Japan hold their first foreign and defence ministerial talks?").text


@pytest.mark.slow
def test_a_country_the_question_names_moves_the_answer_only_to_a_closer_sentence(assistant):
    # "the norway MOU" names Norway, and the sentence of Kihara's words names only Japan: the
    # sentence naming Norway ("... signed a Memorandum of Understanding") holds fewer of the question's words
    for question in ("what did kihara say the norway MOU will support",
                     "what will the MOU with norway support, per kihara"):
        assert "strengthened future co-operation" in assistant.ask(question).text, question
    # the one it was made for still moves: the Jordan sentence, not the Turkey one
    assert "Jafar Hassan" in assistant.ask("Which Jordanian leader held talks with Nakatani?").text


def test_a_bracketed_name_of_a_phrase_the_question_states_restates_it():
    from rag.answering.span_edges import restates_question

    text = "The navy bought Halvorsen Marine’s Coastal Patrol Drone (CPD), which can fly for ten hours."
    short = _span(text, "CPD")
    long = _span(text, "Coastal Patrol Drone")
    assert restates_question(text, *short, "Which company makes the Coastal Patrol Drone?")
    assert restates_question(text, *short, "who builds the coastal patrol drone")
    assert not restates_question(text, *short, "Which drone did the navy buy?")  # the name is the answer
    assert restates_question(text, *long, "who makes the CPD")
    assert not restates_question(text, *long, "what did the navy buy")


@pytest.mark.slow
def test_the_answer_is_not_the_short_name_of_what_the_question_names(assistant):
    # "Kongsberg Defence & Aerospace’s Joint Strike Missile (JSM)": the reader points at "JSM"
    assert "Kongsberg" in assistant.ask("Which company makes the Joint Strike Missile?").text


@pytest.mark.slow
def test_a_closer_sentence_does_not_override_the_spans_naming_the_noun_asked(assistant):
    # "what missile development": "Meteor missile development" of the reader's best passage, not the
    # span of another passage whose sentence repeats more of the question ("joint research with Britain")
    assert "Meteor" in assistant.ask("What missile development is Japan's joint research with Britain linked to?").text


@pytest.mark.slow
def test_a_number_whose_sentence_names_another_country_is_a_near_miss(assistant):
    # "Over four years, Japan plans to spend 330 billion USD on defence." is Japan's, not Norway's
    for question in ("How much is Norway planning to spend on defence over the next four years?",
                     "What sum does Norway intend to put into defence over four years?"):
        assert assistant.ask(question).abstained, question
    assert "330 billion" in assistant.ask("How much does Japan plan to spend on defence over four years?").text
    # "The European country will send two naval ships": the sentence before names Norway
    assert assistant.ask("How many naval vessels is Sweden sending with the British carrier strike group?").abstained
    assert "two" in assistant.ask("How many naval vessels is Norway sending with the British carrier strike group?").text


def test_a_sentence_restricting_its_countries_to_another_region_is_unnamed():
    from rag.answering.composers.answer_types import region_unnamed

    sentence = "Veran has signed the accord with 12 other countries including four in Africa – Kenya, Ghana, Mali and Chad."
    assert region_unnamed("How many countries in Asia have signed Veran's accord?", sentence) == "asia"
    assert region_unnamed("how many asian nations signed the accord", sentence) == "asia"
    assert region_unnamed("How many African countries signed the accord?", sentence) == ""
    assert region_unnamed("How many countries signed the accord?", sentence) == ""  # no region asked
    # a region that holds the other one is no other region
    assert region_unnamed("How many European countries?", "It was signed by three Scandinavian countries.") == ""
