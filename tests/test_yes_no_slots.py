"""Yes/no: a "No" needs another value in the very slot the question fills, for the same event; a
name no passage mentions, or another person met, rules nothing out (rag/answering/composers/yes_no.py:
same_event, _absent_slot, _replaced, _replaced_value, untagged). Through the extractive generator
(real reader and yes/no models) over the corpus documents, cut into passages of a few paragraphs."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.answering.composers.yes_no import _replaced_value, untagged
from rag.types import Passage

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PASSAGE_CHARS = 1200


def _passages(doc: str) -> list[Passage]:
    text = (CORPUS / doc).read_text(encoding="utf-8")
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + PASSAGE_CHARS)
        if end < len(text):
            end = text.rfind("\n", start, end) + 1 or end
        out.append(Passage(doc_id=doc, start=start, end=end, text=text[start:end], score=1.0, title=""))
        start = end
    return out


@pytest.fixture(scope="module")
def generator():
    from rag.answering.extractive import ExtractiveGenerator

    return ExtractiveGenerator()


def _ask(generator, question: str, doc: str, needle: str):
    """The question asked of the passage holding ``needle`` and its neighbours."""
    passages = _passages(doc)
    k = next(n for n, p in enumerate(passages) if needle in p.text)
    return generator.generate(question, passages[max(0, k - 1):k + 2])


JSM = "000_060f33d986f2756b.txt"
UK = "004_481b1a0d08652fd3.txt"
ATTACHE = "001_880e45182f3efc1d.txt"


@pytest.mark.parametrize("question, doc, needle", [
    # another person met is no other value of the one asked: one meets many
    ("Did Nakatani meet Turkey's president during his trip to Turkey?", JSM, "Yaşar Güler"),
    ("Was Turkey's president among those Nakatani met on his Turkey trip?", JSM, "Yaşar Güler"),
    ("Did Nakatani meet Jordan's king during his visit to Jordan?", JSM, "Jafar Hassan"),
    ("Did Nakatani have a meeting with Jordan's Defence Minister Ayman Safadi?", JSM, "Jafar Hassan"),
    # a place no passage names, where no sentence gives the same event another
    ("Did the Japanese ships Bungo and Yaeyama stop in Bahrain?", UK, "Bungo and Yaeyama"),
    ("Will Norway's new defence attaché in Tokyo also be accredited to Seoul?", ATTACHE, "accredited to Tokyo"),
])
def test_not_ruled_out_is_not_a_no(generator, question, doc, needle):
    a = _ask(generator, question, doc, needle)
    assert not a.text.startswith("No"), a.text


@pytest.mark.parametrize("question, doc, needle, sentence", [
    ("Was the Norwegian frigate part of a carrier strike group led by the USS Ronald Reagan?", JSM, "Roald Amundsen",
     "The meeting coincided"),  # the doer of a thing done: one
    ("was the norwegian frigate in the strike group led by the uss nimitz", JSM, "Roald Amundsen", ""),
    ("Was the Japanese 51st Mine Division's battle staff led by Captain Tanaka?", UK, "Captain Yoshida",
     "The two Japanese Ships"),
    ("did nakatani meet turkish defence minister hulusi akar", JSM, "Yaşar Güler", "Nakatoni then met"),  # a title's seat
    ("Is Australia buying a new frigate built by Kawasaki Heavy Industries?", JSM, "Mogami", "This follows"),
    ("Was the F-35B that landed on the JS Kaga an American jet?", JSM, "British F-35B", "Earlier in the month"),
    # another place after the verb the question puts its place after
    ("did the Japanese minesweepers Bungo and Yaeyama deploy to the Mediterranean for the exercise", UK,
     "Bungo and Yaeyama", "The two Japanese Ships"),
    # where an event was held: any deed of it placed elsewhere ("working … in the waters of the Gulf")
    ("Was the mine exercise HMS Atherstone worked in held in the Red Sea?", UK, "waters of the Gulf",
     "HMS Atherstone has spent"),
])
def test_another_value_in_the_slot_is_a_no(generator, question, doc, needle, sentence):
    a = _ask(generator, question, doc, needle)
    if sentence:
        assert a.text.startswith(f"No. {sentence}"), a.text
    else:  # a lower-case name the documents never write: not known as a name, so not ruled out either
        assert not a.text.startswith("Yes"), a.text


@pytest.mark.parametrize("question, doc, needle, sentence", [
    ("Wasn't the Japan–Norway MOU signed on 3 September?", "002_7c382053da63ecea.txt", "3 September", "The memorandum"),
    ("was HMS Atherstone under japanese control during the mine countermeasures exercise", UK, "under the control",
     "HMS Atherstone, under"),  # "Mine Division" is no other "Mine Countermeasures Exercise"
    ("did the 2014 policy change overturn japan's self-imposed ban on arms exports", UK, "1967",
     "The policy change"),  # 1967 dates the ban, not the change
])
def test_a_value_in_another_slot_is_no_contradiction(generator, question, doc, needle, sentence):
    a = _ask(generator, question, doc, needle)
    assert a.text.startswith(f"Yes. {sentence}"), a.text


def test_a_negated_auxiliary_asks_the_claim():
    assert untagged("Wasn't the MOU signed in Tokyo?") == "Was the MOU signed in Tokyo?"
    assert untagged("didn't gram visit tokyo") == "did gram visit tokyo"
    assert untagged("Won't Nakatani visit Seoul?") == "Will Nakatani visit Seoul?"
    assert untagged("Was it not signed in Tokyo?") == "Was it not signed in Tokyo?"  # a negated claim stays


def test_a_not_after_the_subject_asks_the_claim():
    assert untagged("Did Gram not say that Japan helps Ukraine?") == "Did Gram say that Japan helps Ukraine?"
    assert untagged("Does the attaché in Beijing not cover Tokyo?") == "Does the attaché in Beijing cover Tokyo?"
    assert untagged("Did Kihara say the MOU was not binding?") == "Did Kihara say the MOU was not binding?"


@pytest.mark.parametrize("question, doc, needle, word", [
    # a "not" after the subject asks whether the claim holds
    ("Did Gram not say that Japan contributes significantly to Ukraine's defence efforts?", ATTACHE,
     "significant contributor", "Yes"),
    # the owner the question names ("Norway's") is the release's own country, unnamed in the sentence
    ("Doesn't Norway's defence attaché in Seoul currently cover Tokyo as well?", ATTACHE, "accredited to Tokyo", "No"),
    # the seat the person did it in ("as Foreign Secretary") is another's: he is the Defence Secretary
    ("Did Michael Fallon attend the 2015 ministerial meeting as Foreign Secretary?", UK, "Defence Secretary Michael", "No"),
    # a claim placed after a date, stated on an earlier one
    ("Was the feasibility study on the new air-to-air missile launched after the January 2015 ministerial meeting?",
     UK, "feasibility study", "No"),
    # "He" of the sentence holding the claim is the one the sentence before names, not the one asked
    ("Was it Kihara who expressed interest in joint training and military exercises between the two armed forces?",
     "003_7671a05af6d030d1.txt", "joint training", "No"),
    # the day and the deed stated, the place not: "in Tokyo" is no name the sentence replaces (no "No")
    ("Was the MOU signed on 3 September, in Tokyo?", "002_7c382053da63ecea.txt", "3 September", ""),
    # the maker asked is not the one whose missile the sentence names
    ("Is the Joint Strike Missile made by Mitsubishi Heavy Industries?", JSM, "Kongsberg Defence", "No"),
    ("Was it Gram who expressed interest in joint training and military exercises between the two armed forces?",
     "003_7671a05af6d030d1.txt", "joint training", "Yes"),
])
def test_new_phrasings_decided(generator, question, doc, needle, word):
    a = _ask(generator, question, doc, needle)
    assert a.text.startswith(word) if word else not a.text.startswith("No"), a.text


def test_a_value_in_its_own_slot():
    ban = "The policy change reverses Japan’s 1967 self-imposed ban on arms exports under its war-renouncing constitution."
    assert _replaced_value("did the 2014 policy change overturn the ban", ban) == ""  # "policy" has no year there
    assert _replaced_value("was the ban from 1970", "The 1967 ban was reversed.") == "1970"
    day = "On January 21st, Defense Minister Gen Nakatani met Michael Fallon in London."
    assert _replaced_value("Was the January 2015 meeting the first ever ministerial meeting?", day) == ""  # a day
    assert _replaced_value("Did the meeting last 60 minutes?", "The 40-minute meeting was held onboard.") == "60 minutes"


def test_a_place_the_same_report_also_gives_decides_nothing(generator):
    # one sentence says the 2015 meeting was "held in January 2015 in Tokyo", another that it "took place at
    # Lancaster House in London": the other place is no "No" (yes_no._place_stated)
    passages = _passages(UK)
    k = next(n for n, p in enumerate(passages) if "Lancaster House" in p.text)
    a = generator.generate("Did the 2015 Japan–UK foreign and defence ministerial meeting take place in London?",
                           passages[:k + 1])  # from the Tokyo sentence to the London one
    assert not a.text.startswith("No"), a.text


def test_a_lower_case_ship_is_read_as_a_name(generator):
    # "on board hms prince of wales" typed in lower case is the ship the passages write capitalised (yes_no.recased)
    a = _ask(generator, "did nakatani and flåm hold their meeting on board hms prince of wales", JSM, "JS Kaga")
    assert a.text.startswith("No. The 40-minute meeting"), a.text


def test_a_city_asked_must_be_in_the_sentence(generator):
    # "visit Japan" does not say "in Tokyo", whatever other sentence of the passage names Tokyo
    a = _ask(generator, "Will the Australia–Japan two-plus-two meeting be held in Tokyo?", JSM, "two-plus-two")
    assert not a.text.startswith("Yes"), a.text


@pytest.mark.parametrize("question, word", [
    ("Does Raytheon still make seeker gyros itself?", "No"),
    ("Did Raytheon stop producing seeker gyros itself?", "Yes"),  # the stopping is the claim
    ("Is Mitsubishi Heavy licensed to manufacture seeker gyros for Raytheon?", "Yes"),  # another stopped, not it
])
def test_a_stopped_deed_is_a_no(generator, question, word):
    a = _ask(generator, question, UK, "stopped producing")
    assert a.text.startswith(word), a.text


@pytest.mark.parametrize("question, word", [
    # a title's seat holds one person: another after the same title is a "No" (yes_no._seat_taken)
    ("The Japanese defence minister who met Andreas Flåm on the Kaga was Minoru Kihara, right?", "No"),
    ("The Japanese defence minister who met Andreas Flåm on the Kaga was Gen Nakatani, right?", "Yes"),
])
def test_another_person_in_the_seat_is_a_no(generator, question, word):
    a = _ask(generator, question, JSM, "JS Kaga light aircraft carrier")
    assert a.text.startswith(word), a.text


@pytest.mark.parametrize("question, word", [
    # the title the sentence gives the person, right before the name, is another seat (yes_no._other_title)
    ("Was Andreas Flåm Norway's defence minister at the Kaga meeting?", "No"),
    ("Is Andreas Flåm a former naval officer?", ""),  # a kind of person, no seat: nothing ruled out
])
def test_another_title_for_the_person_is_a_no(generator, question, word):
    a = _ask(generator, question, JSM, "JS Kaga light aircraft carrier")
    assert a.text.startswith(word) if word else not a.text.startswith("No"), a.text


def test_a_title_after_the_name_is_held():
    from rag.answering.composers.yes_no import _other_title
    context = (CORPUS / UK).read_text(encoding="utf-8")
    sentence = ("Lieutenant Alex Coleman, the Operations Officer from HMS Atherstone was one of the lucky ones chosen "
                "to join the Staff for the exercise.")
    assert _other_title("was alex coleman the operations officer from hms atherstone", sentence, context) == ""
    assert _other_title("was alex coleman the captain of hms atherstone", sentence, context) == "lieutenant"


def test_the_occasion_a_question_ends_on_is_named_by_its_report(generator):
    # "at the 2015 ministerial meeting" is the report's occasion: the sentence need not repeat it for its
    # antonym ("welcomed" against "criticise") to decide (yes_no._contradicted)
    a = generator.generate("Did the UK side criticise Japan's security reforms at the 2015 ministerial meeting?",
                           _passages(UK))  # the whole report, which names its occasion once
    assert a.text.startswith("No. Recognizing the peaceful path"), a.text


def test_another_name_after_the_same_leading_word_is_a_no():
    # "HMS Shoreham" asked, "HMS Atherstone" written: another ship; a country leads no name ("the UK MoD")
    from rag.answering.composers.yes_no import _other_after_lead
    coleman = ("Lieutenant Alex Coleman, the Operations Officer from HMS Atherstone was one of the lucky ones chosen "
               "to join the Staff for the exercise.")
    assert _other_after_lead("Was Coleman serving on HMS Shoreham?", coleman,
                             [["coleman"], ["hms", "shoreham"]]) == "hms shoreham"
    assert _other_after_lead("Was Coleman the officer from HMS Atherstone?", coleman,
                             [["coleman"], ["hms", "atherstone"]]) == ""
    ships = "The European country will send two naval ships, including one frigate, the UK MoD has confirmed."
    assert _other_after_lead("Is one of the ships with the UK carrier strike group a frigate?", ships,
                             [["uk", "carrier", "strike", "group"]]) == ""


def test_a_ship_the_sentence_names_otherwise_is_a_no(generator):
    a = _ask(generator, "Was Lieutenant Alex Coleman serving on HMS Shoreham when he joined the Japanese staff?", UK,
             "Lieutenant Alex Coleman")
    assert not a.text.startswith("Yes"), a.text


@pytest.mark.parametrize("question, word", [
    # a two-word country before the title, and the title's own words: "foreign" is not "National Defense"
    ("Is Ahn Gyu-Back South Korea's foreign minister?", "No"),
    ("Is Ahn Gyu-Back South Korea's defence minister?", "Yes"),
])
def test_another_qualifier_of_the_same_title_is_a_no(generator, question, word):
    a = _ask(generator, question, JSM, "Ahn Gyu-Back")
    assert a.text.startswith(word), a.text


def test_a_surname_asked_alone_reads_the_title_before_the_given_name():
    from rag.answering.composers.yes_no import _other_title
    context = (CORPUS / UK).read_text(encoding="utf-8")
    sentence = ("Foreign Secretary Philip Hammond and Defence Secretary Michael Fallon have met the Japanese Foreign "
                "Minister Fumio Kishida and Defence Minister Gen Nakatani, in the first ever Foreign and Defence "
                "Ministerial Meeting between the UK and Japan.")
    assert _other_title("Was Kishida Japan's defence minister?", sentence, context)
    assert _other_title("Was Fallon the UK's foreign secretary?", sentence, context)
    assert not _other_title("Was Kishida Japan's foreign minister?", sentence, context)
    assert not _other_title("Was Fallon the UK's defence secretary?", sentence, context)
