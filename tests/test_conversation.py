"""The follow-up rewriter (rag.answering.conversation): pure rules, no model."""
from __future__ import annotations

import pytest

from rag.answering.conversation import Turn, is_follow_up, resolve, topic_phrase
from rag.types import Answer, Citation

MOU = "When was the Japan–Norway memorandum on defence equipment signed?"
JSM = "Which missile can Japan's F-35A fighters carry internally?"


@pytest.mark.parametrize("question,topic", [
    (MOU, "the Japan–Norway memorandum on defence equipment"),
    ("Who signed the memorandum?", "the memorandum"),
    (JSM, "the missile Japan's F-35A fighters can carry internally"),
    ("What memorandum did Japan and Norway sign?", "the memorandum Japan and Norway signed"),
    ("How long was the Japan–Norway meeting held onboard the Kaga?", "the Japan–Norway meeting"),
    ("Where does the Zorblax festival take place?", "the Zorblax festival"),
    ("What was the value of Kongsberg's first JSM contract with Japan?",
     "the value of Kongsberg's first JSM contract with Japan"),
    ("Which Japanese company is a leading candidate?", "the Japanese company is a leading candidate"),
    ("The weather is nice", ""),
])
def test_topic_phrase(question, topic):
    assert topic_phrase(question) == topic


@pytest.mark.parametrize("previous,answer,follow_up,standalone", [
    # a pronoun takes the previous question's topic…
    (MOU, "3 September", "and who signed it?", "Who signed the Japan–Norway memorandum on defence equipment?"),
    (MOU, "3 September", "where was it signed?", "Where was the Japan–Norway memorandum on defence equipment signed?"),
    ("What memorandum did Japan and Norway sign?", "", "and when was it signed?",
     "When was the memorandum Japan and Norway signed signed?"),
    ("Where does the Zorblax festival take place?", "Quintara", "what do visitors bring to it?",
     "What do visitors bring to the Zorblax festival?"),
    # …or the thing the previous answer named, when that turn asked "which"/"who"
    (JSM, "Joint Strike Missile", "who makes it?", "Who makes Joint Strike Missile?"),
    (JSM, "Joint Strike Missile", "and what is its range?", "What is Joint Strike Missile’s range?"),
    ("Who is Japan's defence minister?", "Minoru Kihara", "when did he sign the MOU?",
     "When did Minoru Kihara sign the MOU?"),
    ("Where was the MOU signed?", "Tokyo", "who was there?", "Who was in Tokyo?"),
    # a bare question word replaces the previous one
    (MOU, "3 September", "and where?", "Where was the Japan–Norway memorandum on defence equipment signed?"),
    ("When did Nakatani visit Jordan?", "August 21", "why?", "Why did Nakatani visit Jordan?"),
    ("Who signed the memorandum?", "", "and when?", "When was the memorandum signed?"),
    # "what about X" / "and X?" swap the name
    ("Who is Japan's defence minister?", "Minoru Kihara", "what about Norway?", "Who is Norway's defence minister?"),
    ("When did Nakatani visit Jordan?", "August 21", "and Turkey?", "When did Nakatani visit Turkey?"),
    # a short follow-up without a pronoun gets the topic
    (MOU, "", "and who signed?", "Who signed the Japan–Norway memorandum on defence equipment?"),
])
def test_follow_ups_become_standalone(previous, answer, follow_up, standalone):
    assert is_follow_up(follow_up)
    resolved = resolve(follow_up, [Turn(previous, answer)])
    assert resolved.standalone == standalone and resolved.rewritten


@pytest.mark.parametrize("question", [
    "Who won the 2022 World Cup?",
    "Which missile can Japan's F-35A fighters carry internally?",
    "When did Nakatani visit Jordan and what did he discuss?",  # "he" is Nakatani, in the question
    "Is there a treaty between Japan and Norway?",
])
def test_standalone_questions_are_left_alone(question):
    assert not is_follow_up(question)
    assert resolve(question, [Turn(MOU, "3 September")]).standalone == question


def test_no_history_no_rewrite_and_answers_work_as_history():
    assert resolve("who signed it?", []).standalone == "who signed it?"
    earlier = Answer(question=JSM, text="Joint Strike Missile", abstained=False,
                     citations=[Citation("a.txt", 0, 20, "Joint Strike Missile", "answer"),
                                Citation("a.txt", 0, 40, "x" * 40, "support")])
    assert Turn.of(earlier) == Turn(JSM, "Joint Strike Missile")
    assert resolve("who makes it?", [earlier]).standalone == "Who makes Joint Strike Missile?"
    # an abstention names nothing: the previous question's topic is used
    earlier.abstained = True
    assert resolve("who makes it?", [earlier]).standalone == \
        "Who makes the missile Japan's F-35A fighters can carry internally?"
    # only the latest turn counts, and it is the resolved question that carries on
    chain = [Turn("Who won the 2022 World Cup?"), Turn(MOU, "3 September")]
    assert resolve("who signed it?", chain).standalone.endswith("memorandum on defence equipment?")
