"""Follow-ups (rag.answering.conversation): typed referents and rewrites (pure rules, fast), and
the rewrite the documents support best through Assistant.chat (the real model, slow)."""
from __future__ import annotations

import argparse
import json

import pytest

from rag.answering.conversation import Turn, is_follow_up, resolve, rewrites, topic_phrase
from rag.answering.conversation.referents import names, noun_phrases, referents, type_of
from rag.types import Answer, Citation

MOU = "When was the Japan–Norway memorandum on defence equipment signed?"
JSM = "Which missile can Japan's F-35A fighters carry internally?"
JSM_SUPPORT = ("Among the topics discussed were Japan’s acquisition of Kongsberg Defence & Aerospace’s Joint "
               "Strike Missile (JSM), which can be carried internally in Japan’s F-35A Lightning multi-role fighters.")
FLAM = "Who is Norway's State Secretary to Minister of Defence?"
FLAM_SUPPORT = ("The 40-minute meeting, which was held onboard the JS Kaga light aircraft carrier, was led by "
                "Japan’s Defense Minister Gen Nakatani and Norway’s State Secretary to Minister of Defence, Andreas Flåm.")


@pytest.mark.parametrize("question,topic", [
    (MOU, "the Japan–Norway memorandum on defence equipment"),
    ("Who signed the memorandum?", "the memorandum"),
    (JSM, "the missile Japan's F-35A fighters can carry internally"),
    ("The weather is nice", ""),
])
def test_topic_phrase(question, topic):
    assert topic_phrase(question) == topic


def test_names_drop_titles_and_type_by_context():
    assert names("Defence Secretary Michael Fallon said: hello") == ["Michael Fallon"]
    assert names(FLAM_SUPPORT) == ["JS Kaga", "Japan", "Gen Nakatani", "Norway", "Andreas Flåm"]
    assert type_of("Mitsubishi Heavy Industries Ltd.", "") == "organisation"
    assert type_of("August 21", "") == "time"
    assert type_of("Tokyo", "signed a Memorandum of Understanding (MOU) in Tokyo.") == "place"
    assert type_of("HMS Atherstone", "") == "thing"
    refs = referents(Turn(JSM, "JSM", JSM_SUPPORT))
    assert refs[0].text == "JSM" and refs[0].source == "answer" and refs[0].type == "thing"
    assert refs[1].text == "Joint Strike Missile"  # the answer's long form in its sentence


def test_a_pronoun_takes_only_a_referent_of_its_type():
    # "it" never gets the person the previous turn answered, nor the role the question asked about
    for text in rewrites("Who signed it for Japan?", Turn(FLAM, "Andreas Flåm", FLAM_SUPPORT)):
        assert "Flåm" not in text and "Nakatani" not in text and "State Secretary" not in text
    # "he" gets the person
    assert rewrites("Where did he meet Gen Nakatani?", Turn(FLAM, "Andreas Flåm", FLAM_SUPPORT))[0] == \
        "Where did Andreas Flåm meet Gen Nakatani?"
    # "it" gets the thing, "them" too (even after a name in the follow-up)
    assert "Who makes JSM?" in rewrites("Who makes it?", Turn(JSM, "JSM", JSM_SUPPORT))
    assert "How much did Japan pay for Joint Strike Missile?" in \
        rewrites("And how much did Japan pay for them?", Turn(JSM, "JSM", JSM_SUPPORT))
    # "there" a place, "then" a time
    place = Turn("Where was the MOU signed?", "Tokyo", "They signed a Memorandum of Understanding (MOU) in Tokyo.")
    assert rewrites("who was there?", place)[0] == "Who was in Tokyo?"
    when = Turn("When did Nakatani visit Jordan?", "August 21", "On August 21, Nakatani visited Jordon.")
    assert rewrites("Who did he hold a discussion with then?", when)[0] == \
        "Who did Nakatani hold a discussion with on August 21?"
    assert len(rewrites("Who makes it?", Turn(JSM, "JSM", JSM_SUPPORT))) <= 4


def test_ellipsis_and_what_about():
    assert "Who signed the memorandum?" in rewrites("and who signed the memorandum?", Turn(JSM, "JSM", JSM_SUPPORT))
    assert "Who is Australia's Defence Minister?" in \
        rewrites("What about Australia?", Turn("Who is Turkey's Defence Minister?", "Yaşar Güler"))
    assert "Where was the Japan–Norway memorandum on defence equipment signed?" in \
        rewrites("and where?", Turn(MOU, "3 September"))


def test_plural_pronouns_take_the_two_people_or_a_plural_noun_phrase():
    # "they" after "Which minister did X meet?" -> "Y": the two who met, before either alone
    kihara = Turn("Which Japanese minister did Bjørn Arild Gram hold security policy meetings with?",
                  "Minoru Kihara", "Gram has also had security policy meetings with Minister of Defence Minoru Kihara.")
    out = rewrites("And where did they sign the MOU?", kihara)
    assert out[0] == "Where did Minoru Kihara and Bjørn Arild Gram sign the MOU?"
    assert "Where did security policy meetings sign the MOU?" not in out[:3]  # a thing does not sign
    # an abstained turn: the two people its question names, possessive kept
    assert rewrites("How long did their meeting last?", Turn("Where did Andreas Flåm meet Gen Nakatani?"))[0] == \
        "How long did Andreas Flåm and Gen Nakatani’s meeting last?"
    # a one-word name acting in the question is a person ("did Nakatani meet")
    assert rewrites("What did they discuss procuring?", Turn("Which Turkish minister did Nakatani meet?", "Yaşar Güler"))[0] \
        == "What did Yaşar Güler and Nakatani discuss procuring?"
    # a lower-case plural noun phrase the cited sentence also names; a verb is not part of it
    gyros = Turn("Which Japanese company can export seeker gyros to Raytheon?", "Mitsubishi Heavy",
                 "Mitsubishi Heavy has been licensed to produce seeker gyros for Raytheon, which stopped producing them.")
    assert rewrites("Which company stopped producing them itself?", gyros)[0] == \
        "Which company stopped producing seeker gyros itself?"
    assert noun_phrases("When did Japan and South Korea agree to deepen security ties?") == ["security ties"]
    # an answer phrase of the wrong type for its question offers its head, not the whole phrase
    odd = Turn("Which company stopped producing Mitsubishi Heavy itself?", "seeker gyros for Raytheon")
    refs = referents(odd)
    assert refs[1].text == "seeker gyros" and refs[0].type != "organisation" and refs[0].plural
    assert "Which country would seeker gyros be transferred to?" in \
        rewrites("Which country would they be transferred to?", odd)
    # "Japan and South Korea" stays ahead of a common noun phrase for "their"
    ties = Turn("When did Japan and South Korea agree to deepen security ties?", "August 23")
    assert rewrites("Where did their leaders meet?", ties)[0] == "Where did Japan and South Korea’s leaders meet?"


def test_a_nationality_adjective_does_not_hide_the_pronoun():
    out = rewrites("Which Japanese minister did he hold security policy meetings with?",
                   Turn("Who is Norway's Minister of Defence?", "Bjørn Arild Gram"))
    assert out[0] == "Which Japanese minister did Bjørn Arild Gram hold security policy meetings with?"


def test_what_about_a_role_replaces_the_role_of_the_same_shape():
    assert rewrites("What about Jordan's Prime Minister?", Turn("When did Nakatani meet Djibouti's President?",
                                                                "August 18")) == \
        ["When did Nakatani meet Jordan's Prime Minister?"]
    assert rewrites("And the UK's Foreign Secretary?", Turn("Who is Turkey's Defence Minister?", "Yaşar Güler")) == \
        ["Who is the UK's Foreign Secretary?"]
    assert rewrites("What about Australia?", Turn("Who is Turkey's Defence Minister?"))[0] == \
        "Who is Australia's Defence Minister?"  # a name still swaps the owner


@pytest.mark.parametrize("question", [
    "Who won the 2022 World Cup?",
    JSM,
    "When did Nakatani visit Jordan and what did he discuss?",  # "he" is Nakatani, in the question
    "Is there a treaty between Japan and Norway?",
])
def test_standalone_questions_are_left_alone(question):
    assert not is_follow_up(question)
    assert rewrites(question, Turn(MOU, "3 September")) == []
    assert resolve(question, [Turn(MOU, "3 September")]).standalone == question


def test_no_history_no_rewrite_and_answers_work_as_history():
    assert resolve("who signed it?", []).standalone == "who signed it?"
    earlier = Answer(question=JSM, text="JSM", abstained=False,
                     citations=[Citation("a.txt", 0, 3, "JSM", "answer"),
                                Citation("a.txt", 0, len(JSM_SUPPORT), JSM_SUPPORT, "support")])
    assert Turn.of(earlier) == Turn(JSM, "JSM", JSM_SUPPORT)
    assert resolve("who makes it?", [earlier]).standalone == "Who makes JSM?"
    earlier.abstained = True  # an abstention names nothing: the previous question's topic is used
    assert Turn.of(earlier) == Turn(JSM)
    assert resolve("who makes it?", [earlier]).standalone == \
        "Who makes the missile Japan's F-35A fighters can carry internally?"


# ---- through the assistant, with the real model ------------------------------------------------


@pytest.mark.slow
def test_observed_follow_ups_resolve_right(assistant):
    jsm = assistant.chat(JSM)
    assert "JSM" in jsm.text and jsm.asked_as == JSM and jsm.alternatives == []
    signed = assistant.chat("and who signed the memorandum?", [jsm])
    assert "Kihara" in signed.text and "Gram" in signed.text, signed.asked_as
    makes = assistant.chat("Who makes it?", [jsm])
    assert "Kongsberg" in makes.text or "Konsberg" in makes.text, makes.asked_as
    paid = assistant.chat("And how much did Japan pay for them?", [jsm])
    assert "1.9 billion" in paid.text and "330" not in paid.text, paid.asked_as
    # the rewrite and the alternatives come back, the kept one marked, each with its confidence
    assert paid.asked_as == paid.question and paid.asked_as in [a.question for a in paid.alternatives]
    assert sum(a.chosen for a in paid.alternatives) == 1 and 2 <= len(paid.alternatives) <= 4
    d = paid.to_dict()
    assert d["asked_as"] == paid.asked_as and {"question", "answer", "confidence", "abstained", "chosen"} == \
        set(d["alternatives"][0])


@pytest.mark.slow
def test_plural_follow_ups_are_answered_through_the_documents(assistant):
    gram = assistant.chat("Who is Norway's Minister of Defence?")
    kihara = assistant.chat("Which Japanese minister did he hold security policy meetings with?", [gram])
    assert "Kihara" in kihara.text and "Gram" in kihara.asked_as, kihara.asked_as
    signed = assistant.chat("And where did they sign the MOU?", [gram, kihara])
    assert "Tokyo" in signed.text and "Kihara" in signed.asked_as, signed.asked_as
    gyros = assistant.chat("Which Japanese company can export seeker gyros to Raytheon?")
    stopped = assistant.chat("Which company stopped producing them itself?", [gyros])
    moved = assistant.chat("Which country would they be transferred to?", [gyros, stopped])
    assert "Qatar" in moved.text and "seeker gyros" in moved.asked_as, moved.asked_as


@pytest.mark.slow
def test_it_never_takes_a_person(assistant):
    flam = assistant.chat(FLAM)
    assert "Flåm" in flam.text
    signed = assistant.chat("Who signed it for Japan?", [flam])
    assert "Flåm" not in signed.asked_as and all("Flåm" not in a.question for a in signed.alternatives)


@pytest.mark.slow
def test_rag_eval_runs_chains_and_reports_turns(assistant, tmp_path, capsys):
    from rag.evaluation import command

    parser = argparse.ArgumentParser()
    parser.add_argument("--index")
    command.configure(parser)
    out = tmp_path / "chains.json"
    chains = str(__import__("pathlib").Path(__file__).parents[1] / "eval" / "chains_dev.jsonl")
    assert command.main(parser.parse_args([chains, "--index", str(assistant.index_dir), "--limit", "3",
                                           "--json", str(out)])) == 0
    printed = capsys.readouterr().out
    assert "| c01#2 | Who makes it? |" in printed and "| turn | questions | right | right_short" in printed
    result = json.loads(out.read_text())
    assert set(result["by_turn"]) == {"1", "2", "3+"}
    turns = result["per_question"]
    assert [t["id"] for t in turns[:3]] == ["c01#1", "c01#2", "c01#3"]
    assert turns[1]["asked_as"] != turns[1]["question"] and turns[1]["alternatives"]
    assert result["metrics"]["right_short"] is not None and result["config"]["chains"] == 3
