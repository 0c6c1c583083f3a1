"""Yes/no rules (rag/answering/composers/yes_no_rules.py, the date rules of grounding.py): the
question's words a text holds however it words them, what a text states otherwise, and the answers
they give through the extractive generator (real reader and yes/no models)."""
from __future__ import annotations

import pytest

from rag.answering.composers.yes_no_rules import (claim_words, contradiction, held, missing, negated_claim,
                                                  setting_words)
from rag.answering.grounding import other_weekday, states_asked_dates, unstated_year
from rag.types import Passage


@pytest.mark.parametrize("question, text", [
    ("Did Norway buy it?", "Norway procured it."),                           # a verb for the same thing
    ("Did they send a frigate?", "They decided to deploy a frigate."),
    ("Was the Norwegian frigate there?", "Norway's frigate was there."),   # a people's word is its country
    ("Did Australia buy frigates?", "Canberra's decision to procure frigates"),  # a capital names its country
    ("Is Japan a major contributor?", "Japan is a significant contribution"),   # inflected otherwise
    ("Was he already defense minister back in 2015?", "In 2015, he was Defence Minister."),  # frame words, spelling
    ("Is Norway planning to put an attaché in Tokyo?", "Norway is establishing an attaché in Tokyo."),
])
def test_paraphrase_safe_words_are_held(question, text):
    assert not missing(claim_words(question, question=True), claim_words(text))


@pytest.mark.parametrize("question, text, absent", [
    ("Did Japan sell frigates?", "Japan bought frigates.", "sell"),
    ("Did Norway meet Japan in Tokyo?", "Norway met Japan.", "tokyo"),  # a capital asked is no country
    ("Was it a big spender?", "It invests heavily.", "big spender"),
    ("Was the part ready?", "The party was ready.", "part"),              # four letters are no shared start
])
def test_other_words_are_not_held(question, text, absent):
    asked = claim_words(question, question=True)
    absent = {w for w in claim_words(absent) if not w.startswith("country:")}
    assert missing(asked, claim_words(text)) == absent
    assert held(asked, claim_words(text)) == asked - absent


@pytest.mark.parametrize("question, sentence, stated_otherwise", [
    ("is the mogami class that australia is buying a submarine",
     "This follows Canberra’s decision to procure MHI's new-model Mogami-class multi-role frigate.", "submarine"),
    ("Was the Norwegian frigate that called at Yokosuka the HNoMS Fridtjof Nansen?",
     "A port call in Yokosuka by Norway’s HNoMS Roald Amundsen Fridtjof Nansen-class frigate.", "Fridtjof Nansen"),
    ("are norway and japan close to each other geographically",
     "Although we are geographically distant from each other, we share many challenges.", "close"),
    ("Was Japan's 1967 ban on arms exports imposed on it by other countries?",
     "The policy change reverses Japan’s 1967 self-imposed ban on arms exports.", "imposed by other countries"),
    # the same category, or no capitalised word of the question before another one: nothing
    ("Is the Mogami class a frigate?", "Canberra will procure the Mogami-class multi-role frigate.", ""),
    ("Did Norway send a submarine?", "Japan built a frigate.", ""),
    ("Was it the Fridtjof Nansen class?", "HNoMS Roald Amundsen Fridtjof Nansen-class frigate.", ""),
    ("Was the HNoMS Roald Amundsen in Yokosuka?", "HNoMS Roald Amundsen Fridtjof Nansen-class frigate.", ""),
    ("Was the ban self-imposed?", "Japan’s 1967 self-imposed ban on arms exports.", ""),
    ("are norway and japan close partners", "Norway and Japan are close partners.", ""),
    # another country's possessive on the thing the question gives to one
    ("is the yokosuka naval base a japanese base", "a meeting at the United State’s Yokosuka naval base.",
     "japanese base"),
    ("is the yokosuka naval base a japanese base", "a meeting at Japan’s Yokosuka naval base.", ""),
    ("is the yokosuka naval base a japanese base", "the Navy’s new base opened.", ""),  # no word of the thing
    # another capital for where it was held
    ("was the summit on august 23 held in seoul", "On August 23, the leaders met at a summit in Tokyo.", "seoul"),
    ("was the summit held in seoul", "The summit in Seoul, not in Tokyo.", ""),
    ("was the summit held in seoul", "The summit was a success.", ""),
])
def test_what_a_sentence_states_otherwise(question, sentence, stated_otherwise):
    assert contradiction(question, sentence) == stated_otherwise


def test_setting_and_negated_claims():
    # a fronted scene and a year set the claim's scene: the passage may hold them
    assert setting_words("At the 2015 ministerial meeting, did the Japanese side support it?") >= {"2015", "meet"}
    assert setting_words("Was he already defence minister back in 2015?") == {"2015"}
    assert setting_words("Did Japan support it?") == set()
    # a verb of the question the sentence negates
    q = "Did Kihara explain what the strengthened future co-operation under the MOU would involve?"
    assert negated_claim(q, "Kihara said the MOU will support co-operation but did not elaborate.") == "elaborate"
    assert negated_claim(q, "Kihara explained it, not only once.") == ""
    assert negated_claim("Did Kihara not explain it?", "Kihara did not elaborate.") == ""  # asked negated
    assert negated_claim(q, "It was not a surprise that Kihara explained it.") == ""  # another word negated


def test_dates():
    q = "did ahn take part in the summit in tokyo on august 23"
    assert states_asked_dates(q, "On August 23, Japan and South Korea held a summit in Tokyo.")
    assert not states_asked_dates(q, "Nakatani is expected to meet Ahn on September 8.")
    assert not states_asked_dates("Did they meet in Tokyo?", "They met in Tokyo.")  # no date asked
    q = "Did the 2015 ministers back agreement in principle in 2016?"
    assert unstated_year(q, "They reiterated support for agreement in principle in 2015.", "... in 2015.") == "2016"
    assert unstated_year(q, "They reiterated support for agreement in principle.", "... in 2015.") == ""
    assert unstated_year(q, "... in 2015.", "in 2015 and 2016") == ""
    assert other_weekday("Was it held on a Sunday?", "They met on Saturday.", "They met on Saturday.") == "sunday"
    assert other_weekday("Was it held on a Sunday?", "They met on Saturday and Sunday.", "Saturday, Sunday") == ""
    assert other_weekday("Was it held on a Sunday?", "They met on Saturday, then Monday.", "Saturday, Monday") == ""


KAGA = ("Japan and Norway have agreed to strengthen defence equipment and technology cooperation, after a meeting "
        "at the United State’s Yokosuka naval base, near Tokyo, on Saturday August 30. The meeting coincided with a "
        "port call in Yokosuka by Norway’s HNoMS Roald Amundsen Fridtjof Nansen-class frigate. The 40-minute meeting, "
        "which was held onboard the JS Kaga light aircraft carrier, was led by Gen Nakatani and Andreas Flåm. This "
        "follows Canberra’s recently announced decision to procure Mitsubishi Heavy Industries’ new-model "
        "Mogami-class multi-role frigate.")
ATTACHE = ("Norway and Japan are strengthening their security and defence policy cooperation.\n– Although we are "
           "geographically distant from each other, we share many of the same security policy challenges, says "
           "Minister of Defence Bjørn Arild Gram. Norway is now enhancing its ability to monitor developments in "
           "the region by establishing a defence attaché position in Tokyo in 2026.")


@pytest.fixture(scope="module")
def generator():
    from rag.answering.extractive import ExtractiveGenerator

    return ExtractiveGenerator()


@pytest.mark.parametrize("question, text, answer, sentence", [
    ("is the mogami class that australia is buying a submarine", KAGA, "No", "This follows Canberra’s"),
    ("Was the Norwegian frigate that called at Yokosuka the HNoMS Fridtjof Nansen?", KAGA, "No",
     "The meeting coincided"),
    ("Was the meeting between Nakatani and Flåm aboard the Kaga held on a Sunday?", KAGA, "No", "Japan and Norway"),
    ("are norway and japan close to each other geographically", ATTACHE, "No", "– Although we"),
    ("Is Norway planning to put a defence attaché in Tokyo?", ATTACHE, "Yes", "Norway is now enhancing"),
    ("is the yokosuka naval base where the kaga meeting took place a japanese base", KAGA, "No", "Japan and Norway"),
    ("Did Kihara explain what the strengthened future co-operation under the MOU would involve?",
     "Norway and Japan signed an MOU. In a press release, Kihara said the MOU will support “strengthened future "
     "co-operation” between the countries but did not elaborate.", "No", "In a press release"),
])
def test_yes_no_answers_cite_the_deciding_sentence(generator, question, text, answer, sentence):
    passage = Passage(doc_id="k.txt", start=0, end=len(text), text=text, score=1.0,
                      title="Norway and Japan are strengthening their defence cooperation")
    a = generator.generate(question, [passage])
    assert a.text.startswith(f"{answer}. {sentence}"), a.text
    support = [c for c in a.citations if c.kind == "support"]
    assert support and support[0].text.startswith(sentence) and text[support[0].start:support[0].end] == support[0].text
