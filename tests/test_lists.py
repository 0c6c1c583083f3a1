"""Lists of things a sentence enumerates after the action a question asks about
(rag.answering.composers.lists.compose_enumeration): each item cited by its exact span, near misses
refused."""
from __future__ import annotations

import pytest

from rag.answering.composers.lists import asks_enumeration, compose_enumeration
from rag.types import Passage

TALKS = ("The 40-minute meeting was held onboard the ITS Cavour and led by Italy’s Defence Minister Guido "
         "Lanza and Spain’s State Secretary Ana Ruiz. Among the topics discussed was Italy’s purchase of the Aster "
         "missile, which can be fired from frigates. In recent years, Italy has sought industry partners. Other "
         "topics discussed during the meeting included closer cooperation through the EU, and support for "
         "Moldova’s border police.")
COMMONS = ("Recognizing the contribution of both countries to global prosperity, the Ministers reaffirmed their "
           "desire to work together to defend and protect the global commons, on the high seas, in cyberspace, "
           "and in outer space, and to support an international system based on the rule of law.")
AREAS = ("The memorandum was signed in Rome during meetings between Lanza and Ruiz. The two sides also said they "
         "would strengthen wider defence collaboration, including work between the countries' defence "
         "industries, as well as military training and exercises.")


def _passage(text: str, doc: str = "d.txt") -> Passage:
    return Passage(doc_id=doc, start=0, end=len(text), text=text, score=1.0)


def _items(composed) -> list[str]:
    return [c.text for c in composed.citations if c.kind == "answer"]


def _cited_exactly(composed, passage: Passage) -> None:
    for c in composed.citations:
        assert passage.text[c.start - passage.start:c.end - passage.start] == c.text


@pytest.mark.parametrize("question, wanted", [
    ("Which global commons did the two countries say they want to defend?",
     ["on the high seas", "in cyberspace", "in outer space"]),
])
def test_an_enumeration_after_the_question_s_words(question, wanted):
    """"… defend and protect the global commons, on the high seas, …": the items after the run of
    the question's words, up to the next clause (", and to support …")."""
    p = _passage(COMMONS)
    composed = compose_enumeration(question, [p])
    assert _items(composed) == wanted
    _cited_exactly(composed, p)


def test_an_enumeration_opened_by_including():
    """"…, including A, as well as B and C": the items after "including", not the question's words
    ("defence") written again inside the first item."""
    p = _passage(AREAS)
    composed = compose_enumeration("In which areas did Lanza and Ruiz say they would strengthen wider defence "
                                   "collaboration?", [p])
    assert composed.text == "work between the countries' defence industries, as well as military training and exercises"
    assert _items(composed) == ["work between the countries' defence industries", "military training and exercises"]
    _cited_exactly(composed, p)


def test_what_else_sets_aside_the_item_named():
    """"Apart from the Aster missile, what else …": the sentence enumerating the Aster missile is set
    aside, the other one gives the items."""
    p = _passage(TALKS)
    composed = compose_enumeration("Apart from the Aster missile, what else did Lanza and Ruiz discuss aboard "
                                   "the Cavour?", [p])
    assert _items(composed) == ["closer cooperation through the EU", "support for Moldova’s border police"]
    _cited_exactly(composed, p)


def test_everything_gathers_each_enumerating_sentence():
    p = _passage(TALKS)
    composed = compose_enumeration("list everything lanza and ruiz talked about on the cavour", [p])
    assert "Italy’s purchase of the Aster missile" in composed.text and "Moldova’s border police" in composed.text
    _cited_exactly(composed, p)


@pytest.mark.parametrize("question", [
    "Apart from the Aster missile, what else did Lanza and Peters discuss aboard the Cavour?",  # another person
    "Which global commons did the two countries say in 2016 they want to defend?",  # a year never stated
    "What did the ministers sign?",  # no enumeration asked for
])
def test_no_enumeration_for_a_near_miss(question):
    assert compose_enumeration(question, [_passage(TALKS + " " + COMMONS)]) is None


@pytest.mark.parametrize("question, asked", [
    ("What topics were on the agenda of the talks?", True),
    ("what else did they discuss", True),
    ("Who signed the memorandum?", False),
    ("Which countries did Nakatani visit?", False),
    ("When did the ministers meet?", False),
])
def test_which_questions_ask_for_an_enumeration(question, asked):
    assert asks_enumeration(question) is asked


# --- the days or countries of an event, gathered from every sentence reporting it ---------------------
from rag.answering.composers.events import asked_items, compose_event_items  # noqa: E402
from rag.answering.composers.inventory import compose_inventory  # noqa: E402

VISITS = ("Italy and Spain have agreed to deepen naval cooperation, after a meeting between senior officials in "
          "Naples on Friday June 6. The meeting was led by Italy’s Defence Minister Guido Lanza. On June 9, Italy "
          "and Greece agreed to share patrol data during a summit meeting, following a video call between Lanza "
          "and Greece’s Minister Nikos Dimas on June 2. Lanza is expected to meet Dimas in Greece on July 8. "
          "Portugal’s Defence Minister Rui Costa is scheduled to visit Italy on July 4 for talks on frigates.")
SIGNING = ("Spain and Italy have signed a memorandum on naval cooperation. The memorandum was signed on 12 July "
           "during meetings between Italy's Defence Minister Guido Lanza and his visiting counterpart Ana Ruiz.")


def _answers(composed) -> list[str]:
    return [c.text for c in composed.citations if c.kind == "answer"]


def test_the_dates_of_a_meeting_between_two_countries_across_documents():
    """Each sentence naming both countries (with the sentence before it) and a meeting gives its day;
    the summit with a third country does not."""
    ps = [_passage(VISITS, "a.txt"), _passage(SIGNING, "b.txt")]
    composed = compose_event_items("On which dates did Italian and Spanish defence leaders meet?", ps)
    assert _answers(composed) == ["June 6", "12 July"]
    for p in ps:
        for c in composed.citations:
            if c.doc_id == p.doc_id:
                assert p.text[c.start:c.end] == c.text


def test_the_days_of_a_month_a_person_held_meetings():
    composed = compose_event_items("On which days in June did Lanza hold meetings or talks?", [_passage(VISITS)])
    assert _answers(composed) == ["June 9", "June 2"]


def test_planned_events_keep_to_the_month_and_the_future():
    """"due to … in July": the sentences that plan a meeting in July; the memorandum signed in July is past."""
    ps = [_passage(VISITS, "a.txt"), _passage(SIGNING, "b.txt")]
    assert _answers(compose_event_items("Which countries' ministers are due to hold talks with Italy in July?", ps)) \
        == ["Greece", "Portugal"]
    assert _answers(compose_event_items("Which dates in July are set for Italy's upcoming talks with Greece and "
                                        "Portugal?", ps)) == ["July 8", "July 4"]


@pytest.mark.parametrize("question, kind", [
    ("On which dates did the ministers meet?", "date"),
    ("Which countries does the article say are building a relationship with Italy?", "country"),
    ("When did the ministers meet?", ""),
])
def test_which_questions_ask_for_an_event_s_items(question, kind):
    assert asked_items(question) == kind


def test_no_event_items_for_a_month_never_stated():
    assert compose_event_items("On which days in March did Lanza hold meetings?", [_passage(VISITS)]) is None


def test_names_a_few_sentences_before_the_enumeration():
    """"list everything X and Y talked about": the names stand two sentences before the topics."""
    text = ("The meeting was held onboard the ITS Cavour and led by Lanza and Ruiz. It coincided with a port call. "
            "Among the topics discussed were the Aster missile and the EU.")
    composed = compose_enumeration("list everything lanza and ruiz talked about on the cavour", [_passage(text)])
    assert _items(composed) == ["the Aster missile", "the EU"]


DEAL = ("Under the approval, Rossi Heavy Industries Ltd. can export seeker gyros to a U.S. defense maker Raytheon Co. in Arizona. "
        "Separately, Bianchi Electric is a candidate for a missile study.")


def test_companies_in_the_sentences_about_what_is_asked():
    composed = compose_inventory("Which companies are involved in the seeker gyro export deal?", [_passage(DEAL)], "d.txt")
    assert _answers(composed) == ["Rossi Heavy Industries Ltd.", "Raytheon Co."]


# --- "where": places enumerated after the question's words ---------------------------------------------
from rag.answering.composers.inventory import ENUMERATION_PASSAGES, compose_representatives, passages_needed  # noqa: E402
from rag.answering.composers.lists import asks_things, both_sides, expand_to_list, side_asked  # noqa: E402


def test_where_is_answered_by_the_places_enumerated():
    """"Where … defend and protect the global commons": the coordination of places after the
    question's words, each item cited."""
    p = _passage(COMMONS)
    composed = compose_enumeration("Where did the ministers say they wanted to defend and protect the global commons?", [p])
    assert _items(composed) == ["on the high seas", "in cyberspace", "in outer space"]
    _cited_exactly(composed, p)


def test_where_a_preposition_is_shared_by_the_items():
    """"those in international exercises and counter piracy operations": one "in" for both places."""
    text = ("There has been an expanded opportunity for Italian and Spanish forces to work together in operation "
            "such as those in international exercises and counter piracy operations.")
    p = _passage(text)
    composed = compose_enumeration("where have italian and spanish forces had more chances to work together", [p])
    assert _items(composed) == ["those in international exercises", "counter piracy operations"]
    _cited_exactly(composed, p)


def test_where_is_no_enumeration_of_things():
    """A coordination after the question's words that is no list of places ("in close company with
    the ships and staff of …") leaves a "where" question to the reader."""
    text = ("HMS Ardent worked in close company with the ships and staff of the Italian 5th Mine Division in the "
            "waters of the Gulf.")
    assert compose_enumeration("Where did HMS Ardent work with the Italian mine division?", [_passage(text)]) is None


@pytest.mark.parametrize("question, enumeration, things", [
    ("Where did the ministers say they want to defend the global commons?", True, False),
    ("In which areas did Lanza and Ruiz say they would strengthen wider defence collaboration?", True, True),
    ("Who signed the memorandum?", False, False),
])
def test_which_questions_ask_for_places_or_things(question, enumeration, things):
    assert asks_enumeration(question) is enumeration and asks_things(question) is things


def test_where_reads_the_passages_a_factoid_reads():
    assert passages_needed("Where did HMS Ardent work with the Italian mine division?", 5) == 5
    assert passages_needed("what else did Lanza and Ruiz discuss", 5) == ENUMERATION_PASSAGES


# --- the items of one coordination ---------------------------------------------------------------------
MEETING = ("Foreign Secretary Anna Berg and Defence Secretary Carl Dunn have met the Italian Foreign Minister "
           "Guido Lanza and Defence Minister Marco Rossi, in the first meeting between the UK and Italy.")


def test_who_represented_a_country_takes_its_side_of_the_meeting():
    """The reader points at the Italian side; "who represented Britain" asks for the other one, the
    side that names no other country."""
    p = _passage(MEETING)
    start = MEETING.index("Guido")
    grown = expand_to_list(p, start, start + len("Guido Lanza"))
    composed = both_sides("Who represented Britain at the first UK–Italy meeting?", p, grown)
    assert [c.text for c in composed.citations if c.kind == "answer"] == [
        "Foreign Secretary Anna Berg", "Defence Secretary Carl Dunn"]
    assert both_sides("Who represented Italy at the first UK–Italy meeting?", p, grown) is None  # the reader's side
    assert side_asked("Who represented Britain at the meeting?").names[0] == "united kingdom"
    assert side_asked("Who met the minister?") is None
    assert side_asked("and who attended for the uk?").names[0] == "united kingdom"  # a follow-up's side
    assert side_asked("Who took part for Italy?").names[0] == "italy"
    assert side_asked("Who attended for the first time?") is None
    # the event between the verb and "for", as follow-ups are rewritten ("and for the uk?")
    assert side_asked("Who attended the first UK-Japan ministerial meetings for the UK?").names[0] == "united kingdom"
    assert side_asked("Who took part in the talks in Tokyo for Norway?").names[0] == "norway"


def test_the_side_a_question_does_not_name():
    """"Which British ministers hosted Lanza and Rossi?": the reader's coordination is the people the
    question names; the answer is the other side, as written (its titles hold commas)."""
    text = ("On May 2, Foreign Minister Guido Lanza, Defence Minister Marco Rossi, met the Secretary of State for "
            "Defence, the Rt Hon Carl Dunn MP and the Secretary of State for Foreign and Commonwealth Affairs, the "
            "Rt Hon Anna Berg MP in London.")
    p = _passage(text)
    start = text.index("Guido")
    grown = expand_to_list(p, start, start + len("Guido Lanza"))
    composed = both_sides("Which British ministers hosted Lanza and Rossi in London?", p, grown)
    assert "Carl Dunn" in composed.text and "Anna Berg" in composed.text and "Lanza" not in composed.text
    assert "Foreign and Commonwealth Affairs" in composed.text
    _cited_exactly(composed, p)
    assert both_sides("Which ministers did Dunn meet in London?", p, grown) is None  # not the people named


def test_a_possessive_starts_no_item():
    """"in the Arctic and Japan’s location in the Pacific": "Japan’s" is no item of a coordination."""
    text = "Gram stressed maritime defence, given Norway’s position in the Arctic and Japan’s location in the Pacific."
    start = text.index("the Arctic")
    assert expand_to_list(_passage(text), start, start + len("the Arctic")) is None


def test_the_people_of_one_side_across_documents():
    """"Who has represented Spain in the talks with Italy …": each person a title binds to Spain, in a
    sentence naming Italy, once by surname, as fully as it is written."""
    a = _passage("The meeting was led by Italy’s Defence Minister Guido Lanza and Spain’s State Secretary to "
                 "Minister of Defence, Ana Ruiz. Spain’s Navy Chief Luis Mora toured Lisbon.", "a.txt")
    b = _passage("On Tuesday, Italian Defence Minister Guido Lanza and Spanish Defence Minister Pablo Gil signed a "
                 "memorandum. It was praised by Spain's Minister of Defence Pablo Ortega Gil in Rome, Italy.", "b.txt")
    composed = compose_representatives("Who has represented Spain in the defence talks with Italy covered by these "
                                       "articles?", [a, b])
    assert _items(composed) == ["Ana Ruiz", "Pablo Ortega Gil"]
    for p in (a, b):
        for c in composed.citations:
            if c.doc_id == p.doc_id:
                assert p.text[c.start:c.end] == c.text


# --- inventories of people: who a story credits, who it quotes -------------------------------------------
STORY = ("In this weekly column, ADM journalist Jane Roe covers defence news across Italy and Spain.\n"
         "According to this story written by Tom Doe and published in the Daily Post:\n"
         "Foreign Secretary Anna Berg said:\n"
         "“We welcome the talks.”\n"
         "The Italian Defence Minister Guido Lanza said:\n"
         "“It is a milestone.”\n"
         "Two ships took part. Lieutenant Sam Hale, the Operations Officer from HMS Ardent was chosen to join the staff.\n"
         "He said:\n"
         "“It was a fantastic opportunity.”\n"
         "– Italy is a significant partner, says Minister of Defence Carl Dunn.")


def test_the_journalists_a_story_credits():
    composed = compose_inventory("name the journalists credited with writing the stories in these documents",
                                 [_passage(STORY)], "d.txt")
    assert _answers(composed) == ["Jane Roe", "Tom Doe"]


def test_the_people_quoted_keep_to_the_nationality_asked():
    """Each quote's speaker, "He said:" by the person the sentence before opens with; "British people"
    leaves out the Italian minister."""
    p = _passage(STORY)
    everyone = compose_inventory("Which people are quoted in the article?", [p], "d.txt")
    assert _answers(everyone) == ["Foreign Secretary Anna Berg", "Italian Defence Minister Guido Lanza",
                                  "Lieutenant Sam Hale", "Minister of Defence Carl Dunn"]
    british = compose_inventory("Which British people are quoted in the article?", [p], "d.txt")
    assert "Italian Defence Minister Guido Lanza" not in _answers(british)
    for c in british.citations:
        assert p.text[c.start:c.end] == c.text


def test_event_items_keep_to_the_title_asked():
    """"Which countries did Italy's foreign minister meet with?": the trips of Italy's defence minister
    are not his; no list of them."""
    trips = ("Italy’s Defence Minister Guido Lanza visited three nations. On May 2, Lanza met Greece’s President "
             "to discuss Italy’s frigates. On May 4, Lanza met Portugal’s Defence Minister to discuss Italy’s drones.")
    assert compose_event_items("Which countries did Italy's foreign minister meet with in May?", [_passage(trips)]) is None
    assert _answers(compose_event_items("Which countries did Italy's defence minister meet with in May?",
                                        [_passage(trips)])) == ["Greece", "Portugal"]


def test_the_modifiers_of_the_noun_asked_for():
    """"Which Italian ministries …": the coordination before the noun, each modifier cited, the last
    with the noun; none where no sentence is about what is asked."""
    from rag.answering.composers.lists import compose_modifiers

    text = ("Separately, the government approved Italy’s joint research with Spain on seekers. “It would strengthen "
            "security,” according to a government statement jointly issued by foreign, defense and industry ministries.")
    p = _passage(text)
    composed = compose_modifiers("which italian ministries put out the joint statement on the seeker research with "
                                 "spain", [p])
    assert composed.text == "foreign, defense and industry ministries"
    assert _items(composed)[1:] == ["foreign", "defense", "industry ministries"]
    _cited_exactly(composed, p)
    assert compose_modifiers("which ministries signed the frigate contract in Rome", [p]) is None
    engines = _passage("Marine engines were less efficient than turbines; stages were called expansions, with double "
                       "and triple expansion engines being common.")
    assert compose_modifiers("What marine engines were less efficient than turbines?", [engines]) is None


GROUPS = ("Foreign Secretary Peter Lund said: “Sweden and the UK have long shared a strong relationship. We work "
          "together in the G7 and G20 on issues that affect the whole world, including security and energy.” "
          "During the meeting, the ministers discussed what more the two can do together in the areas of defence "
          "and security to promote international peace.")
CONCERNS = ("The Ministers reiterated their support for Moldova. The Ministers underlined the need for Belarus to "
            "address the international community’s legitimate security and human rights concerns.")


def test_the_noun_asked_for_need_not_be_written():
    """"Which international groupings …": the sentence names the groupings without the word; the
    coordination of names right after the question's words is the enumeration, not the rest of the clause."""
    p = _passage(GROUPS)
    composed = compose_enumeration("Which international groupings does Lund say Sweden and the UK work together in?", [p])
    assert composed is not None and _items(composed) == ["G7", "G20"]
    _cited_exactly(composed, p)


@pytest.mark.parametrize("question", [
    "Which concerns did the ministers say Belarus needed to address?",
    "what concerns of the international community must belarus address",
])
def test_two_modifiers_of_the_noun_asked_for(question):
    """"legitimate security and human rights concerns": two kinds of the noun, the last of two words."""
    from rag.answering.composers.lists import compose_modifiers
    p = _passage(CONCERNS)
    composed = compose_modifiers(question, [p])
    assert composed is not None and _items(composed)[1:] == ["security", "human rights concerns"]
    _cited_exactly(composed, p)


SIDES = [_passage("The meeting was led by Italy’s Defence Minister Guido Lanza and Spain’s State Secretary to "
                  "Minister of Defence, Ana Ruiz. Australia’s Defence Minister Tom Reid and Foreign Minister "
                  "Jane Hart are to visit Italy.", "a.txt"),
         _passage("On Tuesday, Italian Defence Minister Guido Lanza and Spanish Defence Minister Juan Soto signed "
                  "a memorandum in Rome. Spanish Foreign Minister Rosa Vidal was in Paris.", "b.txt")]


@pytest.mark.parametrize("question, wanted", [
    ("which spanish defence officials have met italy's defence minister, according to these articles",
     ["Ana Ruiz", "Juan Soto"]),
    ("In these articles, which Australian ministers are to visit Italy?", ["Tom Reid", "Jane Hart"]),
])
def test_the_people_of_one_country_across_the_documents(question, wanted):
    """A people's name before the people asked for, with another country they are asked with: each
    person a title binds to that country, in sentences naming the other, across the documents; the
    title holds the field asked ("defence officials": not the foreign minister)."""
    from rag.answering.composers.inventory import compose_inventory
    composed = compose_inventory(question, SIDES, "a.txt")
    assert composed is not None and _items(composed) == wanted
    for c in composed.citations:
        p = next(p for p in SIDES if p.doc_id == c.doc_id)
        assert p.text[c.start:c.end] == c.text


FOUR = _passage("Foreign Secretary Peter Lund and Defence Secretary Ola Dahl have met the Swedish Foreign Minister "
                "Anna Berg and Defence Minister Karl Ek, in the first ever meeting of its kind. In late 2024, Saab "
                "secured a contract from Sweden’s Ministry of Defence.")


def test_more_people_asked_for_than_one_side_holds():
    """"Who were the four ministers at …": both sides of "A and B have met C and D"."""
    from rag.answering.composers.lists import both_sides, expand_to_list
    start = FOUR.text.index("Anna Berg")
    grown = expand_to_list(FOUR, start, start + len("Anna Berg"))
    sides = both_sides("Who were the four ministers at the first ever meeting?", FOUR, grown)
    assert sides is not None and _items(sides) == ["Foreign Secretary Peter Lund", "Defence Secretary Ola Dahl",
                                                   "the Swedish Foreign Minister Anna Berg", "Defence Minister Karl Ek"]
    assert both_sides("Who were the two ministers at the first ever meeting?", FOUR, grown) is None


def test_a_year_opening_the_sentence_is_no_item():
    """"In late 2024, Saab secured …": "2024, Saab" is no coordination."""
    from rag.answering.composers.lists import expand_to_list
    start = FOUR.text.index("Saab")
    assert expand_to_list(FOUR, start, start + 4) is None


def test_two_modifiers_need_what_the_question_names():
    """"Which concerns is Chile asked to address?": no passage names Chile, a near miss."""
    from rag.answering.composers.lists import compose_modifiers
    assert compose_modifiers("Which concerns did the ministers say Chile needed to address?", [_passage(CONCERNS)]) is None


KINDS = _passage("The meeting coincided with a port call by Norway’s HNoMS Roald Amundsen Fridtjof Nansen-class frigate. "
                 "Canberra decided to buy the Mogami-class multi-role frigate. Captain Yoshida led the Battle Staff; "
                 "Lieutenant Alex Coleman, the Operations Officer, joined them.")


@pytest.mark.parametrize("question, wanted", [
    ("what classes of frigate does the column name", ["Fridtjof Nansen", "Mogami"]),
    ("Which officers are named in the story?", ["Captain Yoshida", "Lieutenant Alex Coleman"]),
])
def test_an_inventory_of_classes_and_officers(question, wanted):
    """A class by its name before "-class"; an officer by the rank before the name."""
    from rag.answering.composers.inventory import compose_inventory
    composed = compose_inventory(question, [KINDS], KINDS.doc_id)
    assert composed is not None and _items(composed) == wanted
    _cited_exactly(composed, KINDS)


def test_names_after_the_question_s_words_give_way_to_the_noun_asked():
    """"On what issues does Lund say they work together?": the issues are enumerated after "on issues
    …, including", not the groupings named right after "work together in"."""
    p = _passage(GROUPS)
    composed = compose_enumeration("On what issues does Lund say Sweden and the UK work together?", [p])
    assert composed is not None and "G7" in composed.text and "security" in composed.text


# --- things asked by a bare "what": a list where the text coordinates them -------------------------
TRIBUTE = ("The Ministers met in Rome for the second time. The Dutch side paid tribute to Spain’s naval role and "
           "contribution to maritime security, and supported Spain’s commitment to the Sahel region.")
AGREED = ("During their meeting in Rome, the two ministers discussed ways to enhance cooperation. They agreed to "
          "increase communication and share expertise.")
SEEKER = ("Under the approval, Italy’s major contractor Leonardo can export a seeker, a component for the Aster "
          "missile system, to a French maker Thales. The seeker is a sensor in the missile to identify, track and "
          "chase targets.")
SUMMIT = ("On June 9, Italy and Greece agreed to share patrol data during a summit meeting between the two "
          "nations’ leaders in Naples, following a video call between Lanza and Greece’s Minister Nikos Dimas on "
          "June 2.")


@pytest.mark.parametrize("question, text, wanted", [
    ("what did the dutch side pay tribute to and support from spain", TRIBUTE,
     "naval role and contribution to maritime security, and supported Spain’s commitment to the Sahel region"),
    ("What did the Dutch side honour and back from Spain?", TRIBUTE, None),  # no word of the act in the text
    ("During the Rome meeting, what did the two ministers agree to do?", AGREED, "increase communication"),
    ("What did the two ministers agree on when they met in Rome?", AGREED, "increase communication"),
])
def test_a_bare_what_is_answered_by_the_coordination_the_text_writes(question, text, wanted):
    """"What did X pay tribute to" asks no number of things; where the sentence holding the question's
    words coordinates them after those words ("… A and B, and supported C"), the coordination is the answer,
    each item cited; a scene-setting clause before the question ("During the Rome meeting, …") is no part
    of what is asked."""
    p = _passage(text)
    composed = compose_enumeration(question, [p])
    if wanted is None:
        assert composed is None
        return
    assert composed is not None and wanted in composed.text and len(_items(composed)) >= 2
    _cited_exactly(composed, p)


@pytest.mark.parametrize("question, text", [
    ("What does the seeker do in a missile?", SEEKER),  # "a component for …, to a French maker": a clause, no list
    ("what did italy and greece agree at the june 9 summit in naples", SUMMIT),  # "between Lanza and … Dimas"
])
def test_a_bare_what_gets_no_list_from_clauses_or_between(question, text):
    """A bare "what" gets a list only from a coordination: "and"/"or" before the last item, not a phrase set
    off by a comma, nor the "and" of "between A and B"."""
    composed = compose_enumeration(question, [_passage(text)])
    assert composed is None or "component" not in composed.text and "Dimas" not in composed.text


def test_a_bare_what_answered_whole_with_the_real_reader():
    """The whole pipeline, the real reader: the coordination, not the one item the reader points at."""
    from rag.answering.extractive import ExtractiveGenerator

    answer = ExtractiveGenerator().generate("During the Rome meeting, what did the two ministers agree to do?",
                                            [_passage(AGREED)])
    assert "increase communication" in answer.text and "share expertise" in answer.text


PLEDGE = ("The Ministers pledged to continue to work together in the G7 on foreign policy issues, including "
          "supporting Moldova’s efforts for political stability and economic development and early conclusion of "
          "the Black Sea code.")
BRING = "I believe a collaboration between Dutch and Spanish industries can bring about new solutions and ensure a world-leading industry."


def test_a_bare_what_gets_no_examples_and_no_particle():
    """After "including" the text gives examples of what it names before ("foreign policy issues"), not the
    things a bare "what" asks; a phrasal verb's particle ("bring about") is no part of the first item."""
    assert compose_enumeration("What did the ministers pledge in the G7?", [_passage(PLEDGE)]) is None
    p = _passage(BRING)
    composed = compose_enumeration("What could the collaboration between the industries bring?", [p])
    assert composed is not None and composed.text.startswith("new solutions")
    _cited_exactly(composed, p)


CELLS = ("When B cells and T cells are activated and begin to replicate, some of their offspring become "
         "long-lived memory cells. These memory cells remember each specific pathogen encountered and can "
         "mount a strong response if the pathogen is detected again.")


def test_a_bare_what_keeps_the_reader_s_answer_outside_the_coordination():
    """The coordination answers a bare "what" only where the reader's own answer points into it, at the
    reader's confidence: "what do some of their offspring become" is "long-lived memory cells", not what
    the next sentence coordinates ("remember … and can mount …")."""
    from rag.answering.extractive import ExtractiveGenerator

    answer = ExtractiveGenerator().generate("When B cells and T cells begin to replicate, what do some of their "
                                            "offspring cells become?", [_passage(CELLS)])
    assert "memory cells" in answer.text and "mount" not in answer.text


DEPLOY = ("Citing Lund, the ministry added that Denmark's commitment to join the French carrier group in deployments "
          "to Brazil and the South Atlantic in 2027 underscored its commitment to security there.")
MAY_SUMMIT = ("On May 3, Spain and Portugal agreed to deepen security ties during a summit meeting of their "
          "leaders in Madrid, following a video call between the two defence ministers on April 7.")


def test_the_coordination_of_places_a_span_points_into():
    """A bare "where" or "whose leaders" may want several: the coordination of names holding the span,
    one at least a country; a span in no such coordination answers alone."""
    from rag.answering.composers.lists import coordination_of_places

    p = _passage(DEPLOY)
    at = DEPLOY.index("South Atlantic")
    grown = coordination_of_places(p, at, at + len("South Atlantic"))
    assert grown is not None and _items(grown)[1:] == ["Brazil", "the South Atlantic"]
    _cited_exactly(grown, p)
    at = DEPLOY.index("French")
    assert coordination_of_places(p, at, at + len("French carrier group")) is None
    # people of a country are no places: "where did he meet Lund?" is not answered by who met
    met = ("The meeting was led by Denmark’s Defence Minister Ida Lund and Chile’s State Secretary to "
           "Minister of Defence, Pablo Ruiz.")
    at = met.index("Denmark")
    assert coordination_of_places(_passage(met), at, at + len("Denmark’s Defence Minister Ida Lund")) is None


@pytest.mark.parametrize("question, text, wanted", [
    ("Where will Denmark deploy with the French carrier group in 2027?", DEPLOY, ["Brazil", "South Atlantic"]),
    ("Whose leaders held a summit meeting in Madrid on May 3?", MAY_SUMMIT, ["Spain", "Portugal"]),
])
def test_several_places_or_owners_with_the_real_reader(question, text, wanted):
    """The whole pipeline, the real reader: where its span points into a coordination of places or
    owners, the answer is the coordination, each item cited exactly."""
    from rag.answering.extractive import ExtractiveGenerator

    p = _passage(text)
    answer = ExtractiveGenerator().generate(question, [p])
    assert not answer.abstained and all(w in answer.text for w in wanted)
    _cited_exactly(answer, p)


ALVAREZ_TRIP = ("Last week, Alvarez visited three nations in South America. On May 18, Alvarez met Peru’s "
                "President in Lima. Alvarez then met Chile’s Defence Minister in a two-day trip. On May 21, "
                "Alvarez visited Bolivia, where he met its Prime Minister.")


def test_an_event_the_question_times_itself_by_need_not_be_in_the_announcing_sentence():
    """"… the week before the Lisbon summit": the summit only times the trip, so the sentence announcing
    the three nations need not name it; a traveller it does not name is still another trip."""
    from rag.answering.composers.lists import announced_countries

    p = _passage(ALVAREZ_TRIP)
    found = announced_countries("Which three countries did Alvarez travel to the week before the Lisbon summit?", [p])
    assert found is not None and found.text == "Peru, Chile and Bolivia"
    _cited_exactly(found, p)
    other = "Which three countries did Ortega travel to the week before the Lisbon summit?"
    assert announced_countries(other, [p]) is None


REPORTED = "Italy is launching joint research with Spain on seeker technology for fighter jets, Reuters is reporting."


def test_a_reporting_clause_ends_an_enumeration():
    """", Reuters is reporting" closes the clause before it: no second item, so the sentence holding the
    question's words enumerates nothing (and the ministries another sentence names may answer)."""
    question = "which ministries jointly issued the statement on the joint research with spain"
    assert compose_enumeration(question, [_passage(REPORTED)]) is None


def test_an_example_after_the_noun_is_one_more_item():
    """"… human rights concerns, including the kidnappings issue": the example the sentence names after
    the noun is one more of the things asked for."""
    from rag.answering.composers.lists import compose_modifiers

    p = _passage(CONCERNS.rstrip(".") + ", including the kidnappings issue.")
    composed = compose_modifiers("Which concerns did the ministers say Belarus needed to address?", [p])
    assert composed is not None and _items(composed)[1:] == ["security", "human rights concerns", "the kidnappings issue"]
    _cited_exactly(composed, p)


EMBEDDED = ("Seeing an opportunity to enhance mutual understanding, HM Ships Ledbury and Quorn each embedded one of "
            "their own Mine Warfare Officers in the Italian Command Ship Etna.")


def test_a_span_repeating_the_question_gives_way_to_the_other_coordination():
    """The span "Italian Command Ship Etna" only repeats what the question names ("the italian command
    ship"): the other coordination of its sentence answers; a span saying something new keeps its own."""
    from rag.answering.composers.lists import coordination_not_asked

    p = _passage(EMBEDDED)
    question = "Which British ships each placed a Mine Warfare Officer in the Italian command ship?"
    at = EMBEDDED.index("Etna")
    composed = coordination_not_asked(question, p, at, at + len("Etna"))
    assert composed is not None and composed.text == "HM Ships Ledbury and Quorn"
    _cited_exactly(composed, p)
    at = EMBEDDED.index("Mine Warfare")
    assert coordination_not_asked("Which British ships each placed an officer aboard?", p, at, at + 12) is None


POLICY = ("Lanza has also had security policy meetings with Minister of Defence Ana Ruiz. The purpose was to discuss "
          "the security situation in the Mediterranean, relations with Libya and Tunisia, and how Italy and the EU "
          "can strengthen cooperation.")
ACCOUNT = ("Minister Lanza and Minister Ruiz met in Rome on Tuesday. Both stressed the value of the partnership. "
           "In addition to naval cooperation, the two ministers discussed defense equipment and technology "
           "exchanges.")


def test_the_sentence_setting_aside_what_the_question_does():
    """"Besides naval cooperation, what else …": the sentence that sets aside the same thing ("In addition to
    naval cooperation, the two ministers discussed …") is the account asked about, before one of another
    document that names the two ministers in its window."""
    policy, account = _passage(POLICY, "a.txt"), _passage(ACCOUNT, "b.txt")
    question = "Besides naval cooperation, what else did Lanza and Ruiz discuss?"
    composed = compose_enumeration(question, [policy, account])
    assert composed is not None and composed.text == "defense equipment and technology exchanges"
    _cited_exactly(composed, account)


ATTACHE = ("Italy is opening a defence attaché post in Madrid in 2026. The defence attaché in Paris is currently "
           "also accredited to Madrid. The Italian Navy requested the transfer, and Aster missiles would be sold to "
           "Egypt, officials said. Italy’s ministry signed with Spain Aerospace Industries.")


def test_places_beside_the_one_answered():
    """A question for several places answered by one that stands in no coordination: the other places of
    its sentence, named as it is (a capital for a city), not those the question names, not a possessive
    owner or a country inside a longer name."""
    from rag.answering.composers.lists import places_beside

    p = _passage(ATTACHE)
    at = ATTACHE.index("Paris")
    composed = places_beside("Which cities are linked to Italy's defence attachés in Europe?", p, at, at + 5)
    assert composed is not None and _items(composed) == ["Paris", "Madrid"]
    _cited_exactly(composed, p)
    at = ATTACHE.index("Egypt")
    assert places_beside("Which countries will the Aster missiles end up in?", p, at, at + 5) is None  # "Italian" is a people
    at = ATTACHE.index("Madrid")
    assert places_beside("Which cities will host the attaché?", p, at, at + 6) is None  # the sentence names no other
    last = ATTACHE.rindex("Italy")
    assert places_beside("Which countries signed?", p, last, last + 5) is None  # "Italy’s", "Spain Aerospace"


def test_listed_items_gathered_from_several_sentences():
    """Items gathered from several sentences have no citation of the whole coordination: every answer
    citation is an item (the first was dropped, so a region kept "Tokyo and Beijing" to "Beijing")."""
    from rag.answering.base import span_citation
    from rag.answering.composers import Composition
    from rag.answering.composers.lists import expand_to_list, listed

    p = _passage(ATTACHE)
    gathered = Composition(text="Madrid and Paris", confidence=0.5, citations=[
        span_citation(p, ATTACHE.index("Madrid"), ATTACHE.index("Madrid") + 6, kind="answer"),
        span_citation(p, ATTACHE.index("Paris"), ATTACHE.index("Paris") + 5, kind="answer")])
    assert [c.text for c in listed(gathered)] == ["Madrid", "Paris"]
    text = "Italy has signed this accord with France, Germany, Sweden, and the UK."
    p = _passage(text)
    grown = expand_to_list(p, text.index("Sweden"), text.index("Sweden") + 6)  # the first citation is the whole
    assert [c.text for c in listed(grown)] == ["France", "Germany", "Sweden", "the UK"]


CAPTION = ("Photo: Honour guard at the meeting between Minister of Defence Guido Lanza and Minister of Defence Ana "
           "Ruiz, Spain (Photo: Marco Bianchi/Ministry of Defence).")


def test_the_coordination_of_the_count_asked():
    """"Which two ministers …" answered by one name (the photographer): the coordination of its sentence that
    names two, a country set after a person ("…, Spain") being no item; another count is no answer."""
    from rag.answering.composers.lists import counted_coordination

    p = _passage(CAPTION)
    composed = counted_coordination("Which two ministers does the caption name?", p, (0, len(CAPTION)), people=True)
    assert composed is not None and _items(composed) == ["Minister of Defence Guido Lanza",
                                                          "Minister of Defence Ana Ruiz"]
    _cited_exactly(composed, p)
    assert counted_coordination("Which three ministers does the caption name?", p, (0, len(CAPTION)), people=True) is None
    assert counted_coordination("Which ministers does the caption name?", p, (0, len(CAPTION)), people=True) is None


def test_a_count_of_things_takes_no_coordination_of_names():
    """"What two things did the trip include …" asks for things, not names: the coordination of the two people
    met is no answer to it (the count's coordination is taken only for names asked for)."""
    from rag.answering.extractive import ExtractiveGenerator

    text = ("Lanza then met Spain’s Defence Minister Ana Ruiz and the head of Spain’s Defence Agency in a two-day trip "
            "which included a discussion on the prospect of procuring Spanish made drones, and an inspection of "
            "Navantia shipyards.")
    answer = ExtractiveGenerator().generate("What two things did Lanza's trip to Spain include besides the meeting?",
                                            [_passage(text)])
    assert answer.text != "Spain’s Defence Minister Ana Ruiz and the head of Spain’s Defence Agency", answer.text


def test_a_country_inside_a_ship_s_name_is_no_country_met():
    """"HMS Prince of Wales" names no country the minister met: the sentence listing them gives the UK."""
    from pathlib import Path
    text = (Path(__file__).resolve().parent.parent / "corpus" / "000_060f33d986f2756b.txt").read_text(encoding="utf-8")
    composed = compose_event_items("Leaders or delegations from which countries has Japan's Defense Minister met in "
                                   "2025?", [_passage(text)])
    assert composed is not None and "Wales" not in _answers(composed) and "UK" in _answers(composed)


def test_a_navy_s_prefix_before_the_ships_asked_for():
    """"the HM ships … on the Italian command ship": the British ships, not the Italian ones."""
    text = ("The two Italian Ships Doria and Fasan had deployed to the exercise. HM Ships Ledbury and Penzance each "
            "embedded an officer in the Italian Command Ship Doria.")
    composed = compose_inventory("name the HM ships that each put an officer on the italian command ship",
                                 [_passage(text)], "d.txt")
    assert composed is not None and _answers(composed) == ["Ledbury", "Penzance"]


def test_who_joined_in_takes_both_sides_of_joined():
    """"Who joined in inspecting …": "A joined B in an inspection" names both; a question naming one
    side ("Who joined Rossi in …") asks for the other alone."""
    from rag.answering.composers.lists import joined_people
    text = "On the same day Lanza joined Italy’s Prime Minister Paolo Rossi in an inspection of the ITS Cavour."
    p = _passage(text)
    at = text.index("Paolo Rossi")
    composed = joined_people("Who joined in inspecting the ITS Cavour?", p, at, at + len("Paolo Rossi"))
    assert composed is not None and _items(composed) == ["Lanza", "Italy’s Prime Minister Paolo Rossi"]
    assert joined_people("Who joined Rossi in the inspection?", p, at, at + len("Paolo Rossi")) is None


def test_a_coordination_holding_a_name_the_question_gives_yields_to_another():
    """"Which two HM ships each put an officer on the Doria?": "Italian Ships Doria and Fasan" holds the
    Doria the question gives; the sentence holding the question's words coordinates the answer."""
    from rag.answering.composers.lists import coordination_elsewhere
    text = ("The two Italian Ships Doria and Fasan had deployed to the Gulf. HM Ships Ledbury and Penzance each put "
            "one of their own officers on the Italian Command Ship Doria.")
    p = _passage(text)
    at = text.index("Italian Ships Doria")
    read = expand_to_list(p, at, at + len("Italian Ships Doria"))
    question = "Which two HM ships each put an officer on the Doria?"
    composed = coordination_elsewhere(question, [p], read)
    assert composed is not None and _items(composed)[1:] == ["HM Ships Ledbury", "Penzance"]
    assert coordination_elsewhere("Which two Italian ships deployed to the Gulf?", [p], read) is None


WELCOME = ("Lanza said: “I’m delighted to welcome Her Excellency Ana Ruiz here today. We therefore welcome the "
           "plan for closer naval cooperation and the growing role which Spain is playing in the Mediterranean.”")


def test_a_count_of_things_takes_the_sentence_enumerating_that_many():
    """"What two things did Lanza say he welcomed": the sentence coordinating two things, not the one
    welcoming a guest (one item); a count the text does not enumerate gives no list."""
    p = _passage(WELCOME)
    composed = compose_enumeration("What two things did Lanza say he welcomed after the meeting with Ruiz?", [p])
    assert composed is not None and _items(composed) == [
        "the plan for closer naval cooperation", "the growing role which Spain is playing in the Mediterranean.”"]
    _cited_exactly(composed, p)
    assert compose_enumeration("What three things did Lanza say he welcomed after the meeting with Ruiz?", [p]) is None


def test_a_sentence_with_one_thing_keeps_it():
    """"What marine engines were less efficient …": the sentence naming one engine after the question's
    words is the answer; a later sentence coordinating other things after the same words is no list
    of them (a rule making the one-thing sentence give way lost five SQuAD list questions)."""
    text = ("Reciprocating engines were less efficient than steam turbines in marine service. Less efficient "
            "marine engines were replaced by steam turbines in cruisers, liners and destroyers.")
    p = _passage(text)
    composed = compose_enumeration("What marine engines were less efficient than steam turbines?", [p])
    assert composed is None  # (the reader answers from the first sentence)


def test_where_keeps_its_first_sentence():
    """"where did HMS Ardent work with the Italian mine division": the sentence naming the waters is
    no list of places, and a later one enumerating places for other forces does not answer instead."""
    text = ("HMS Ardent has spent the last two weeks working in close company with the ships and staff of the "
            "Italian 5th Mine Division in the waters of the Gulf. There has been an expanded opportunity for UK "
            "and Italian forces to work together in operations such as those in international exercises and "
            "counter piracy operations.")
    assert compose_enumeration("where did hms ardent work with the italian 5th mine division", [_passage(text)]) is None


def test_where_asked_after_a_statement_setting_it_up():
    """"… wanted to defend the global commons. Where exactly?": the question proper is the last
    sentence; its "Where" asks for the places, and is no name the passages must mention."""
    p = _passage(COMMONS)
    composed = compose_enumeration("The ministers said they wanted to defend the global commons. Where exactly?", [p])
    assert _items(composed) == ["on the high seas", "in cyberspace", "in outer space"]
    _cited_exactly(composed, p)

