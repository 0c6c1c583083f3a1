"""rag/answering/question_analysis.py: what a question asks for, decided by rules."""
from __future__ import annotations

import pytest

from rag.answering.question_analysis import FREQUENCY, WEEKDAY, analyse


@pytest.mark.parametrize("question, closed, answer_type", [
    ("what day of the week did the ministers meet on the carrier", WEEKDAY, "date"),
    ("On which weekday was the MOU signed?", WEEKDAY, "date"),
    ("how often does the column come out", FREQUENCY, "other"),
    ("How frequently do the two navies train together?", FREQUENCY, "other"),
    ("When did the ministers meet?", "", "date"),
    ("How long did the meeting last?", "", "number"),
])
def test_closed_class_questions(question, closed, answer_type):
    analysis = analyse(question)
    assert (analysis.kind, analysis.closed, analysis.answer_type) == ("factoid", closed, answer_type)


def test_whose_asks_for_an_owner_person_or_body():
    assert analyse("whose press release did the paper quote the minister from").answer_type == "other"
    assert analyse("Who signed the MOU?").answer_type == "person"


def test_what_something_was_worth_asks_for_a_number():
    assert analyse("what was the firm's fourth follow-on missile contract worth").answer_type == "number"
    assert analyse("What is the value of the contract?").answer_type == "number"


@pytest.mark.parametrize("question", [
    "what are the ministers flying to Oslo for",                       # a bare "what" a closing "for" governs
    "what will the new embassy post in Seoul be for",
    "what is the treaty's plan of closer ties based on",               # what something rests on
    "What brought the Danish corvette to Busan?",                      # "what" bringing something about
    "What allows the shipyard to sell hulls to Chile?",
    "what's the point of the two navies training together",
    "what does the minister expect to come out of the new research deal",
])
def test_reasons_asked_without_why_are_why_how(question):
    assert analyse(question).kind == "why_how"


@pytest.mark.parametrize("question, kind", [
    ("what kind of meeting are the ministers flying to Oslo for", "factoid"),  # a thing: "what kind of"
    ("What shared values is the treaty based on?", "list"),                    # "what" with its noun
    ("What did the minister sign in Oslo?", "factoid"),
])
def test_things_asked_with_for_or_based_on_stay_what_they_were(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question, kind, answer_type", [
    ("so the frigates sailed to Busan uninvited?", "yes_no", "other"),      # a statement asked with "?"
    ("so the corvette went to Busan in March?", "yes_no", "other"),          # an irregular past tense
    ("so who went to Busan?", "factoid", "person"),                          # a wh-word: no statement
    ("the admiral's tour took him to which nations", "list", "place"),      # which/what inside the question
    ("the radars are sold to which country after the trials", "factoid", "place"),
    ("the party was the only group able to do what during elections?", "factoid", "other"),  # "what" + preposition
    ("In what capacity was Lena Berg quoted?", "role", "other"),             # the capacity a person acts in
])
def test_statements_in_situ_questions_and_capacities(question, kind, answer_type):
    analysis = analyse(question)
    assert (analysis.kind, analysis.answer_type) == (kind, answer_type)
    if kind == "role":
        assert analysis.owner == "Lena Berg"


@pytest.mark.parametrize("question, kind", [
    ("What links the harbour to the old town?", "factoid"),        # "what" is the subject of the verb "links"
    ("What happens when the ferry is late?", "factoid"),
    ("What serves as the festival's main stage?", "factoid"),
    ("What ferries link the harbour to the island?", "list"),       # a plural noun before its verb
    ("What guards the boats in the harbour?", "factoid"),
    ("What boats guard the harbour?", "list"),
])
def test_a_verb_after_what_is_not_a_plural_noun(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question", [
    "the navy's new budget matters for what reasons?",                 # a reason phrase inside the question
    "To what end did Chile relax its export rules?",
    "Peru opened the consulate because of what?",
    "in order to do what?",
    "What was the reasoning behind the treaty?",                       # a noun naming a reason
    "What was Ruiz's aim in holding talks with Soto?",
    "What purpose does the sensor serve?",
    "What is the sensor used for in the torpedo?",                     # a closing "for" before a place or a time
    "what did the two admirals meet separately for that evening",
    "What did officials hope the joint study would achieve?",          # a hope asked by what it is to do
    "what does the treaty aim to do",
    "What were the two minehunters in the Baltic to do?",
    "What took the Danish corvette to Busan?",                         # "what" bringing something about
    "Explain why Peru opened a consulate in Lima.",                   # an asking verb before the question
])
def test_reasons_asked_by_the_question_build_are_why_how(question):
    analysis = analyse(question)
    assert (analysis.kind, analysis.asks_means) == ("why_how", False)


@pytest.mark.parametrize("question", [
    "Can you explain how Chile will monitor the strait?",              # "how" in a statement's word order
    "What did the Dutch side do in response to the flooding?",         # what was done in response
])
def test_means_asked_by_the_question_build_are_why_how(question):
    analysis = analyse(question)
    assert (analysis.kind, analysis.asks_means) == ("why_how", True)


@pytest.mark.parametrize("question, kind", [
    ("What is Peru known for?", "factoid"),                 # a verb whose "for" takes its object
    ("What did the navy ask for?", "factoid"),
    ("Who does the shipyard build hulls for?", "factoid"),  # a beneficiary: who
    ("What took place in Oslo?", "factoid"),
    ("How many ships took part?", "factoid"),
    ("How great were the losses of the fund?", "factoid"),   # a degree, no asking verb before "how"
    ("What method is used to measure the noise?", "factoid"),  # the method's name
])
def test_for_with_its_object_a_beneficiary_or_an_event_is_no_reason(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question, kind, means", [
    ("The report says the treaty is a first step. Why does Chile have to sign a second one with Peru?", "why_how", False),
    ("The navies met in Lima. How did they plan the exercise?", "why_how", True),
    ("The ministers met in Lima in 2019. Where exactly?", "factoid", False),  # no reason asked: read as before
])
def test_a_reason_asked_after_a_statement_is_why_how(question, kind, means):
    """A statement setting the question up comes first; the sentence asking after it decides a reason."""
    analysis = analyse(question)
    assert (analysis.kind, analysis.asks_means) == (kind, means)


@pytest.mark.parametrize("question, several", [
    ("Whose leaders held a summit meeting in Madrid on May 3?", True),    # "whose" and a plural noun
    ("on whose ships did the officers serve", True),
    ("Where will Denmark deploy with the French carrier group in 2027?", True),  # a bare "where"
    ("where did the two navies train", True),
    ("whose naval base is Rota", False),                                   # one noun: one owner
    ("Whose drone manufacturing facilities did the minister inspect?", False),  # the plural ends a compound
    ("Where in Madrid was the summit held?", False),                       # a place within one
    ("Where exactly did the ministers meet?", False),
])
def test_questions_that_may_want_several_without_a_plural_noun(question, several):
    """A list is asked without a plural noun after which/what: the analysis marks the factoid so the
    answer may be the coordination the evidence writes (the kind stays factoid: the text decides)."""
    analysis = analyse(question)
    assert analysis.kind == "factoid" and analysis.several is several


@pytest.mark.parametrize("question, left", [
    ("Which three countries did Alvarez travel to the week before the Lisbon summit?",
     "Which three countries did Alvarez travel to the week?"),
    ("Who did the minister meet ahead of the Oslo talks, and where?", "Who did the minister meet, and where?"),
    ("what did they sign in the run-up to the visit", "what did they sign"),
    ("Which ports did the frigate call at prior to its arrival in Busan?", "Which ports did the frigate call at?"),
    ("Who met the week after the summit?", "Who met the week after the summit?"),  # "after" times nothing away
])
def test_the_event_a_question_times_itself_by(question, left):
    from rag.answering.question_analysis import without_time_anchor

    assert without_time_anchor(question) == left


@pytest.mark.parametrize("question, kind", [
    # a relative "who" inside a statement asked to be confirmed is no wh-question
    ("The Japanese defence minister who met Andreas Flåm on the Kaga was Minoru Kihara, right?", "yes_no"),
    ("Who met Andreas Flåm on the Kaga, right?", "factoid"),
    ("in which year was the MOU signed, right?", "factoid"),
    # a present tense after an adverb that only goes before verbs
    ("so norway's defence attaché in beijing also covers tokyo at the moment?", "yes_no"),
    ("and the uk's ships?", "factoid"),
    # a topic, then a yes/no question about it by a pronoun
    ("norway's new long term defence policy, does it include backing for ukraine", "yes_no"),
    ("the MOU, when was it signed?", "factoid"),
    # a confirming tag typed without its question mark
    ("the meeting on the kaga lasted 40 minutes, right", "yes_no"),
    ("the MOU was signed in Oslo, wasn't it", "yes_no"),
    ("who signed the MOU, right", "factoid"),
])
def test_statements_and_topics_asked_yes_or_no(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question, noun", [
    ("The first ferry of the season left from which harbour?", "harbour"),           # the wh-word inside
    ("The festival took place in which building?", "building"),
    ("What's the name of the Danish ferry that called at Kiel?", "danish ferry"),  # "the name of the N"
])
def test_the_noun_asked_for(question, noun):
    assert analyse(question).noun == noun


@pytest.mark.parametrize("question, answer_type, owner", [
    ("Which country's prime minister did Lena Berg meet on May 2?", "place", ""),   # the owner is what is asked
    ("Which nation's defence minister did Lena Berg meet?", "place", ""),
    ("Which Danish prime minister did Lena Berg meet?", "person", "Danish"),         # the title of a given owner
])
def test_which_owners_title_asks_for_the_owner(question, answer_type, owner):
    analysis = analyse(question)
    assert (analysis.kind, analysis.answer_type, analysis.owner) == ("factoid", answer_type, owner)
