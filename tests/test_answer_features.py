"""The extractive scorer's inputs: question types, answer kinds, rarity and soft word overlap."""
from __future__ import annotations

import numpy as np
import pytest

from rag.generation.features import (SENTENCE_FEATURES, Similarities, quantities, rarity, sentence_features,
                                     similarities, specific_answer, split_candidates, typed_spans)
from rag.generation.spans import QuestionType, candidate_spans, question_type
from rag.lexicon import content_words
from rag.types import Passage


def test_the_first_wh_word_sets_the_type():
    assert question_type("Who was Japan's defence minister when HMS Prince of Wales visited?").kind == "person"
    assert question_type("In which month was the deployment confirmed?") == QuestionType("date", "month")
    assert question_type("In which city was the MOU signed?") == QuestionType("place", "city")
    assert question_type("How many naval ships will Norway send?") == QuestionType("number", "naval ships")
    assert question_type("What type of warship is Norway sending?") == QuestionType("entity", "warship")
    assert question_type("What was the value of the first contract?").kind == "money"
    assert question_type("Why does Gram consider the region vital?").kind == "other"


def test_role_nouns_ask_for_a_person():
    assert question_type("Which officer from HMS Atherstone joined the staff?").kind == "person"
    assert question_type("What is the name of South Korea's defence minister mentioned in the column?").kind == "person"
    assert question_type("What were the names of the two hostages held by ISIL?").kind == "person"
    assert question_type("What is the name of Australia's frigate program discussed with Japan?") == \
        QuestionType("entity", "frigate program")


def test_person_spans_split_joined_names_and_drop_titles():
    text = ("Foreign Secretary Philip Hammond and Defence Secretary Michael Fallon have met the Japanese "
            "Foreign Minister Fumio Kishida in London.")
    assert [text[a:b] for a, b in candidate_spans("person", text)] == ["Philip Hammond", "Michael Fallon",
                                                                       "Fumio Kishida"]
    text = "Philip Hammond and Michael Fallon met Kishida."
    assert [text[a:b] for a, b in candidate_spans("person", text)] == ["Philip Hammond", "Michael Fallon"]
    text = "Lieutenant Alex Coleman, the Operations Officer from HMS Atherstone, joined."
    assert [text[a:b] for a, b in candidate_spans("person", text)] == ["Alex Coleman"]


def test_question_numbers_and_ordinals_are_constraints():
    assert quantities("What was the value of the first contract in 2015, 1,900 units?") == {"first", "2015", "1900"}
    question = "What was the value of Kongsberg's first JSM contract with Japan?"
    text = "In late 2024, Kongsberg secured a fourth follow-on contract valued at NOK 1.9 billion."
    passage = Passage("doc.txt", 0, len(text), text, score=1.0, rank=1)
    sentences = split_candidates([passage])
    sentence_features(question, question_type(question), sentences, Similarities(
        np.zeros(1), np.zeros(1), [{}]))
    named = dict(zip(SENTENCE_FEATURES, sentences[0].features))
    assert named["number_missing"] == 1.0 and named["number_conflict"] == 1.0


def test_model_numbers_are_not_counts():
    text = "Japan operates F-35A fighters and MQ-9B drones and has 147 jets."
    assert [text[a:b] for a, b in candidate_spans("number", text)] == ["147"]


@pytest.mark.parametrize(("question", "right", "wrong"), [
    ("In which month was Norway's involvement confirmed?",
     "Norway's involvement in the CSG was confirmed in August.",
     "Norway will join the carrier strike group in 2025."),
    ("How many naval ships will Norway send?",
     "The European country will send two naval ships, including one frigate.",
     "Norway will send its ships in 2025 for three months."),
    ("Where was the memorandum signed?",
     "The ministers signed the memorandum in Tokyo.",
     "Minister Gram signed the memorandum."),
])
def test_specific_answer_kind(question, right, wrong):
    qtype = question_type(question)
    qwords = content_words(question)
    assert specific_answer(qtype, right, typed_spans(qtype, right, qwords))
    assert not specific_answer(qtype, wrong, typed_spans(qtype, wrong, qwords))


def test_rarity_weighs_words_that_tell_candidates_apart():
    sentences = [content_words(s) for s in ("Japan and Norway met.", "Japan signed a memorandum.",
                                            "Japan condemned coercion.")]
    idf = rarity(content_words("What did Japan condemn?"), sentences)
    assert idf["condemn"] > idf["japan"]


@pytest.mark.slow
def test_soft_overlap_finds_near_words(embedder):
    text = "The meeting was held onboard the carrier. Officials discussed the weather."
    passage = Passage("doc.txt", 0, len(text), text, score=1.0, rank=1)
    question = "Aboard which ship did they hold talks?"
    sentences = split_candidates([passage])
    sims = similarities(embedder.encode_cached, question, sentences)
    aboard = next(iter(content_words("aboard")))
    assert sims.words[0][aboard] > sims.words[1][aboard]
    sentence_features(question, question_type(question), sentences, sims)
    overlap, soft = SENTENCE_FEATURES.index("overlap"), SENTENCE_FEATURES.index("soft_overlap")
    # no word is shared exactly, yet "onboard" is near "aboard" and "carrier" near "ship"
    assert sentences[0].features[overlap] == 0.0
    assert sentences[0].features[soft] > sentences[1].features[soft]
