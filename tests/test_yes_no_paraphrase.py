"""Yes/no: a sentence that states the question in other words is a "Yes" (every name, country and
number slot held, the embedder reading the two alike); a place the sentence gives otherwise is a
"No" even where it names the asked country as someone's nationality; a name after another office's
title is no other value of the asked seat; "one of" counts nothing (rag/answering/composers/yes_no.py:
_paraphrased, _negates_other, _missing; yes_no_rules.py: other_destination, swapped_slot). Through the
extractive generator (real reader, yes/no and embedder models) over the corpus documents."""
from __future__ import annotations

import pytest

from rag.answering.composers.yes_no import _negates_other
from rag.answering.composers.yes_no_rules import other_destination, swapped_slot
from tests.test_yes_no_slots import _ask

JSM = "000_060f33d986f2756b.txt"
ATTACHE = "001_880e45182f3efc1d.txt"
MOU = "003_7671a05af6d030d1.txt"
SIGNED = ("On Tuesday, Japanese Defense Minister Minoru Kihara and Norwegian Defense Minister Bjorn Gram signed a "
          "Memorandum of Understanding (MOU) in Tokyo.")


@pytest.fixture(scope="module")
def generator():
    from rag.answering.extractive import ExtractiveGenerator

    return ExtractiveGenerator()


@pytest.mark.parametrize("question, doc, needle, sentence", [
    ("Does Japan intend to pour hundreds of billions of dollars into defence over the next few years?", ATTACHE,
     "330 billion", "Over four years"),
    ("did a Chinese military plane violate Japanese airspace", MOU, "without permission", "Recently, a Chinese"),
    ("so a chinese military aircraft actually went into japanese airspace uninvited?", MOU, "without permission",
     "Recently, a Chinese"),
])
def test_a_claim_in_other_words_is_a_yes(generator, question, doc, needle, sentence):
    a = _ask(generator, question, doc, needle)
    assert a.text.startswith(f"Yes. {sentence}"), a.text


@pytest.mark.parametrize("question, doc, needle", [
    ("Did Nakatani sign a contract to buy Turkish drones?", JSM, "Turkish made drones"),
    ("Did Japan agree to buy Turkish-made drones during Nakatani's trip to Turkey?", JSM, "Turkish made drones"),
    ("Did Nakatani actually travel to South Korea on September 8 to meet Ahn?", JSM, "September 8"),
])
def test_another_deed_with_the_same_names_is_no_yes(generator, question, doc, needle):
    a = _ask(generator, question, doc, needle)
    assert not a.text.startswith("Yes"), a.text


def test_a_negation_of_another_word_keeps_the_claim():
    sentence = "Recently, a Chinese military aircraft entered Japanese airspace without permission, causing alarm."
    assert _negates_other("did a Chinese plane violate Japanese airspace", sentence)
    assert not _negates_other("did a Chinese plane enter Japanese airspace with permission", sentence)
    assert not _negates_other("didn't a Chinese plane violate Japanese airspace", "It did not.")


def test_a_place_against_a_nationality():
    assert other_destination("did Kihara and Gram sign their memorandum in Norway", SIGNED)
    assert not other_destination("did Kihara and Gram sign their memorandum in Japan", SIGNED)


def test_the_asked_place_otherwise_is_a_no(generator):
    a = _ask(generator, "did Kihara and Gram sign their memorandum in Norway", MOU, "in Tokyo")
    assert a.text.startswith("No."), a.text
    a = _ask(generator, "Did the two defence ministers sign the MOU in Norway?", MOU, "in Tokyo")
    assert not a.text.startswith("Yes"), a.text


def test_another_office_is_no_seat_of_the_asked_name():
    assert swapped_slot("Was Prime Minister Ishiba present when the Japan–Norway MOU was signed?", SIGNED) == ""
    assert swapped_slot("Was Defense Minister Nakatani the one who signed the MOU with Gram in Tokyo?", SIGNED)


def test_one_of_counts_nothing(generator):
    a = _ask(generator, "is the Roald Amundsen one of the Fridtjof Nansen-class frigates", JSM, "Roald Amundsen")
    assert a.text.startswith("Yes. The meeting coincided"), a.text


UK = "004_481b1a0d08652fd3.txt"


@pytest.mark.parametrize("question, doc, needle, sentence", [
    ("Has the US sold the PAC-2 system to Israel?", UK, "PAC-2 to nearly", "But the U.S. has exported"),
])
def test_one_word_in_other_words_is_a_yes(generator, question, doc, needle, sentence):
    """Every word of the question held but one, which the sentence says otherwise ("sell" / "exported"):
    a lower cosine suffices than where several are (PARAPHRASE_ONE_WORD_COSINE)."""
    a = _ask(generator, question, doc, needle)
    assert a.text.startswith(f"Yes. {sentence}"), a.text


def test_one_lacked_word_that_is_the_deed_is_no_yes(generator):
    a = _ask(generator, "did the norwegian frigate train with JS Kaga during its port call", JSM, "port call")
    assert not a.text.startswith("Yes"), a.text


@pytest.mark.parametrize("question", [
    "so the defence attaché in beijing also covers tokyo at the moment?",
    "Does the defence attaché in Beijing cover Tokyo at present?",
    "Does the defence attaché in Beijing cover Tokyo right now?",
])
def test_now_said_in_a_phrase_frames_the_question(question):
    """"at the moment" frames the claim as "currently" does: no word the sentence must hold."""
    from rag.answering.composers.yes_no_rules import claim_words

    assert claim_words(question, question=True) == {"attach", "beij", "country:china", "cover", "tokyo", "country:japan",
                                                    "defenc"}
