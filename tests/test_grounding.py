"""rag/answering/grounding.py: numbers a question states that none of the passages mentions."""
from __future__ import annotations

import pytest

from rag.answering.extractive import ExtractiveGenerator
from rag.answering.grounding import unstated_in, unstated_numbers
from rag.types import Passage

TEXT = "Over four years, Japan plans to spend 330 billion USD on defence, up from 1,200 jets in the 1980s."


@pytest.mark.parametrize("question, unstated", [
    ("How much will Japan spend on defence over four years?", []),
    ("How much did Japan spend on defence in 2015?", ["2015"]),
    ("Did Japan spend 330 billion USD?", []),
    ("Were there 1,200 jets? Or 1200?", []),          # thousands commas either way
    ("Were there 12,000 jets?", ["12,000"]),
    ("What happened in 1985 and in 1985 again?", ["1985"]),  # once, as written
    ("What happened in 1980?", []),                    # "the 1980s" states 1980
    ("Is it Type 1 or 2 of the F-35A in the 21st year?", []),  # single digits and parts of words are left alone
    ("Was the rate 2.5 or 330.5?", ["2.5", "330.5"]),
    ("Was it 330.0 or 330.00 billion?", []),           # the same number written otherwise
])
def test_numbers_of_two_or_more_digits_must_be_stated(question, unstated):
    assert unstated_numbers(question, [TEXT]) == unstated


def test_a_list_of_digits_is_not_a_thousands_number():
    assert unstated_numbers("If a=1,2,4,5 or 7, what is q?", ["q is prime"]) == []


def test_every_passage_counts_and_its_title_too():
    """A multi-hop question states the number of its first hop, in another document."""
    p = [Passage("a.txt", 0, 40, TEXT, 1.0, 1, title="Defence budget 2015"),
         Passage("b.txt", 0, 30, "In 2016 Norway bought jets.", 0.8, 2)]
    assert unstated_in("What did Japan plan for 2015, when Norway bought jets in 2016?", p) == []
    assert unstated_in("What did Japan plan in 2014?", p) == ["2014"]


@pytest.mark.slow
def test_the_generator_refuses_an_answer_when_no_passage_states_the_questions_number():
    generator = ExtractiveGenerator()
    p = [Passage("budget.txt", 0, len(TEXT), TEXT, 1.0, 1)]
    asked = generator.generate("How much does Japan plan to spend on defence over four years?", p)
    assert not asked.abstained and "330 billion" in asked.text
    answer = generator.generate("How much did Japan spend on defence in 2015?", p)
    assert answer.abstained and answer.citations == [] and answer.confidence == 0.0
    assert "2015" in answer.reason and "\n" not in answer.reason
    # the sweep of `rag eval` still sees what it would have answered
    assert not generator.decide("How much did Japan spend on defence in 2015?", p, 0.0).abstained


# --- names ------------------------------------------------------------------------------------
from rag.answering.grounding import absent_names, question_names, replaced_name  # noqa: E402

KAGA = ("The 40-minute meeting, which was held onboard the JS Kaga light aircraft carrier, was led by "
        "Japan’s Defense Minister Gen Nakatani and Norway’s State Secretary Andreas Flåm.")
DJIBOUTI = "On August 18, Nakatani met Djibouti’s President and National Assembly Speaker."
COLEMAN = "Lieutenant Alex Coleman, the Operations Officer from HMS Atherstone, joined the Staff."


def test_question_names_are_capitalised_runs_or_words_the_passages_capitalise():
    assert question_names("Was Lieutenant Alex Coleman the Operations Officer of HMS Shoreham?", "") == [
        ["lieutenant", "alex", "coleman"], ["operations", "officer"], ["hms", "shoreham"]]
    assert question_names("did nakatani visit djibouti on august 18", DJIBOUTI) == [["nakatani"], ["djibouti"]]
    assert question_names("Did Nakatani meet them in August?", "") == [["nakatani"]]   # a month is a date
    # a function word opening the question proper after a statement is no name; a name there is one
    assert question_names("The ministers met in Rome. Where exactly?", "") == [["rome"]]
    assert question_names("The ministers met there. Lanza spoke where?", "") == [["lanza"]]


@pytest.mark.parametrize("question, sentence, replaced", [
    ("Was Lieutenant Alex Coleman the Operations Officer of HMS Shoreham?", COLEMAN, "hms shoreham"),
    ("Was Lieutenant Alex Coleman the Operations Officer of HMS Atherstone?", COLEMAN, ""),
    ("Did Nakatani visit Jordan on August 18?", DJIBOUTI, "jordan"),          # the same day, another name
    ("Did Nakatani visit Djibouti on August 18?", DJIBOUTI, ""),
    ("Did Nakatani visit Jordan?", DJIBOUTI, ""),                              # no day to pin the event
    ("Did Nakatani visit Jordan on August 21?", DJIBOUTI, ""),                 # another day: not this event
    ("Was the meeting on the JS Kaga held at Yokosuka?", KAGA, ""),             # a name lacking, none in its place
    ("Did Japan order Joint Strike Missiles?", "Japan is launching joint research.", ""),  # "joint" is no name
    ("Are Tom Riddle and Voldemort the same person?", "Tom Marvolo Riddle is Lord Voldemort.", ""),  # a middle name
])
def test_a_name_replaced_by_another_for_the_same_thing(question, sentence, replaced):
    assert replaced_name(question, sentence, sentence) == replaced


def test_a_name_is_mentioned_as_its_people_or_by_its_start():
    assert absent_names("Did the Norwegian delegation meet the Jordanian minister?", KAGA + " Jordan") == []
    assert absent_names("Did Japan sign it with Spain in Oslo?", KAGA) == ["spain", "oslo"]


from rag.answering.grounding import only_planned, replaced_value  # noqa: E402


@pytest.mark.parametrize("question, sentence, planned", [
    ("What was the outcome of the September 8 meeting?", "Nakatani is expected to meet Ahn on September 8.", True),
    ("Who did Nakatani meet on September 8?", "Nakatani will meet Ahn on September 8.", True),
    ("Who did Nakatani meet on August 18?", "On August 18, Nakatani met Djibouti's President.", False),
    ("What did Kihara say the MOU would support?", "Kihara said the MOU will support co-operation.", False),
    ("Who will Nakatani meet on September 8?", "Nakatani is expected to meet Ahn on September 8.", False),
    # a question about a statement: the statement was made, whatever it plans
    ("Whose press release did the paper quote Kihara from?",
     "In a press release by the ministry, Kihara said the MOU will support co-operation.", False),
])
def test_an_outcome_asked_of_a_sentence_that_only_plans_it(question, sentence, planned):
    assert only_planned(question, sentence) is planned


def test_would_in_a_sentence_is_no_plan():
    assert not only_planned("How many Japanese hostages did ISIL threaten?",
                            "The threat against two Japanese hostages shows how we must defeat those who would destroy us.")


@pytest.mark.parametrize("question, sentence, replaced", [
    ("Who was defence secretary at the second UK–Japan meeting?", "Fallon met Kishida in the first ever meeting.", "second"),
    ("Who was defence secretary at the first UK–Japan meeting?", "Fallon met Kishida in the first ever meeting.", ""),
    ("How long did it last?", "It lasted 40 seconds, the second time.", ""),        # no ordinal asked
    ("did nakatani visit four countries last week", "Nakatani visited three nations last week.", "four countries"),
    ("did nakatani visit three countries last week", "Nakatani visited three nations last week.", ""),  # the same count
])
def test_an_ordinal_is_compared_whatever_word_follows_it(question, sentence, replaced):
    assert replaced_value(question, sentence) == replaced


@pytest.mark.parametrize("question, sentence, replaced", [
    ("Would it be the first visit by a Japanese defence minister in twenty years?",
     "It will be the first visit by a serving Japanese Defense Minister in a decade.", "twenty years"),
    ("Was it the first visit in ten years?", "It was the first visit in a decade.", ""),
    ("Did the meeting last two hours?", "The 40-minute meeting was held onboard.", "two hours"),
    ("Did they talk for an hour on the Kaga?", "The 40-minute meeting was held onboard.", "an hour"),
    ("Did they talk for an hour and a half?", "The 90-minute meeting was held onboard.", ""),
    ("Did they sign the memorandum on a Friday?", "On Tuesday, the ministers signed a memorandum.", "friday"),
    ("Did they sign the memorandum on Tuesday?", "On Tuesday, the ministers signed a memorandum.", ""),
    ("How much will Japan spend on defence in 2026?", "Over four years, Japan plans to spend 330 billion USD.", "2026"),
    ("How much will Japan spend on defence in 2026?", "In 2026 Japan plans to spend 80 billion USD over a year.", ""),
    # a span of time in passing is no total ("over the last 70 years" does not replace 2015)
    ("Did the UK and Japan commit in 2015 to defending the global commons?",
     "Recognizing their contribution over the last 70 years, the Ministers reaffirmed their desire to defend it.", ""),
    # another day of the same month
    ("Did Nakatani have his video call with Ahn on August 17?",
     "On August 23 they met, after a video conference between Nakatani and Ahn on August 7.", "August 17"),
    ("Did Nakatani have his video call with Ahn on the 7th of August?",
     "On August 23 they met, after a video conference between Nakatani and Ahn on August 7.", ""),
    ("Was the MOU signed on September 4?", "The MOU was signed on 3 September.", "September 4"),
    ("Was the MOU signed on September 4?", "The MOU was signed in Tokyo.", ""),
])
def test_durations_in_words_and_weekdays_are_compared(question, sentence, replaced):
    assert replaced_value(question, sentence) == replaced


def test_words_match_without_accents_or_acronym_dots():
    from rag.search.lexicon import content_words

    assert content_words("does japan call the us its top ally") <= content_words(
        "Japan’s government said the export is to a licensee in the U.S., Japan’s top ally, they call it.")
    assert content_words("yasar guler") == content_words("Yaşar Güler")


@pytest.mark.parametrize("question, absent", [
    ("how many naval ships is denmark sending with the carrier strike group", ["denmark"]),  # lower case
    ("What about New Zealand?", ["new zealand"]),
    ("Which company builds the frigate Australia decided to buy?", []),   # "Canberra's decision" names it
    ("Which American film director hosted the awards?", []),              # a demonym describes someone
    ("did the us ask for it", []),                                        # "us" written small is a word
    ("Did the US ask for it?", ["united states"]),
])
def test_a_country_no_passage_mentions(question, absent):
    from rag.answering.countries import absent_countries

    context = "Norway will send two ships with the UK carrier strike group. Canberra’s decision to buy MHI frigates."
    assert absent_countries(question, context) == absent


@pytest.mark.parametrize("question, missing", [
    ("When was the second UK–Japan ministerial meeting held?", "second"),  # only "the first ever meeting"
    ("When was the first UK–Japan ministerial meeting held?", ""),
    ("who did nakatani sit down with in djibouti on the 18th", ""),         # a day of the month
])
def test_an_ordinal_no_passage_states(question, missing):
    from rag.answering.grounding import unstated_ordinal

    assert unstated_ordinal(question, "This is the first ever meeting of this kind. On August 18 they met.") == missing


def test_a_full_name_no_passage_mentions():
    from rag.answering.grounding import absent_full_names

    context = "A British F-35B landed on the JS Kaga. Japan's Defense Minister Gen Nakatani met them."
    assert absent_full_names("When did a British F-35B first land on the JS Izumo?", context) == ["js izumo"]
    assert absent_full_names("When did a British F-35B first land on the JS Kaga?", context) == []
    # one capitalised word is often no name ("American film director"), and lower case says nothing
    assert absent_full_names("Which American director met Nakatani?", context) == []
    assert absent_full_names("when did a british f-35b first land on the js izumo", context) == []


from rag.answering.grounding import asks_photo_credit, photo_credits  # noqa: E402

CAPTIONS = ("A headline\n\nPhoto: Honour guard at the meeting between the ministers (Photo: Kari Nordmann/Ministry "
            "of Defence).\n\nThe ministers met on Tuesday (see below).\n"
            "The new deal could help integrate the missiles on the fighters. (Acme Aircraft)\n"
            "Photo by Jane Doe\nPhoto: Honour guard at the meeting between two ministers of defence\n")


def test_photo_credits_as_news_pages_write_them():
    assert [CAPTIONS[a:b] for a, b, _, _ in photo_credits(CAPTIONS)] == ["Kari Nordmann", "Acme Aircraft", "Jane Doe"]
    a, b, x, y = photo_credits(CAPTIONS)[0]
    assert CAPTIONS[x:y].startswith("Photo: Honour guard") and CAPTIONS[x:y].endswith("Defence).")


@pytest.mark.parametrize("question, asks", [
    ("Who took the photograph of the honour guard?", True),
    ("Who is credited for the photo in the article?", True),
    ("What does the photo show?", False),
    ("Whose picture appears on the front page?", False),
    ("Who signed the MOU?", False),
])
def test_a_question_asking_for_a_photo_credit(question, asks):
    assert asks_photo_credit(question) is asks


def test_a_photo_credit_answers_who_took_it():
    text = CAPTIONS.split("\n\n", 1)[1]
    passage = Passage(doc_id="d", start=0, end=len(text), text=text, score=1.0, title="A headline")
    answer = ExtractiveGenerator().generate("Who took the photo of the honour guard at the meeting?", [passage])
    assert answer.text == "Kari Nordmann" and not answer.abstained
    assert answer.citations[1].text.startswith("Photo: Honour guard")
