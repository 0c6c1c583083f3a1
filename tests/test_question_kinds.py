"""Every kind of question (rag/answering/question_analysis.py and rag/answering/composers/):
the analysis by rules, then each kind's answer with the real reader, yes/no model and index."""
from __future__ import annotations

import pytest

from rag.answering.composers.answer_types import matches_type
from rag.answering.composers.lists import expand_to_list
from rag.answering.question_analysis import analyse
from rag.answering.yes_no_model import MODEL_FILE
from rag.types import Passage


@pytest.mark.parametrize("question, kind, answer_type", [
    ("Did Japan and Norway sign a memorandum of understanding?", "yes_no", "other"),
    ("does ethanol take more energy than it produces", "yes_no", "other"),       # lower case, no "?"
    ("Is it Tokyo or Oslo where the MOU was signed?", "factoid", "other"),        # a choice, not yes/no
    ("Why does Norway want to strengthen ties with Japan?", "why_how", "other"),
    ("how does the agreement let japan transfer technology", "why_how", "other"),
    ("How long was the meeting?", "factoid", "number"),                            # "how long": a quantity
    ("Who is Norway's Minister of Defence?", "role", "person"),
    ("Who was the Japanese Defence Minister in 2015?", "role", "person"),
    ("Which European countries has Japan signed the accord with?", "list", "place"),
    ("What topics were discussed at the meeting?", "list", "other"),
    ("Who signed the Japan–Norway memorandum?", "factoid", "person"),
    ("Who makes the JSM?", "factoid", "organisation"),
    ("When was the MOU signed?", "factoid", "date"),
    ("Where did the meeting take place?", "factoid", "place"),
    ("What was the value of the contract?", "factoid", "number"),
    ("and can you tell me who led the meeting", "factoid", "person"),             # fillers dropped
    ("Which aircraft carriers did the delegation visit?", "list", "other"),         # a noun before "did"
    ("Which service operates the F-35A fighters?", "factoid", "other"),            # "operates" is the verb
    ("Apart from being symbolic, why did the meeting matter?", "why_how", "other"),  # a leading clause
    ("According to the report, who signed the MOU?", "factoid", "person"),
    ("What is the joint research project meant to achieve?", "why_how", "other"),
    ("Which people have served as defence minister?", "list", "person"),          # "people" alone is plural
    # a scene-setting clause before the question proper
    ("During the exercise in the Gulf, was HMS Atherstone under Japanese control?", "yes_no", "other"),
    ("In the ministry's account of the meeting, when was the MOU signed?", "factoid", "date"),
    # reasons and means however asked
    ("On what grounds did the UK welcome Japan's reforms?", "why_how", "other"),
    ("what reason does gram give for expanding defence production", "why_how", "other"),
    ("what are japanese officials hoping to get out of the research", "why_how", "other"),
    ("By what means will the opportunity to share technologies grow?", "why_how", "other"),
    ("what do sweden and chile have in common", "why_how", "other"),              # a shared trait
    ("What further strengthens the ties between the two ports?", "why_how", "other"),  # what brings it about
    ("what's behind the club's belief in a merger with its rival", "why_how", "other"),  # what lies behind it
    ("What was behind the easing of the export rules?", "why_how", "other"),
    ("what did the engineers expect the new test rig to produce", "why_how", "other"),  # an expected outcome
    ("What was the council aiming for when it lifted the ban?", "why_how", "other"),
    ("What is behind the station?", "factoid", "other"),                          # behind a thing: a place
    ("What makes the new frigate stand out?", "why_how", "other"),
    ("What did the mayor say the flooding showed?", "why_how", "other"),          # a claim's grounds
    ("through what does the navy run its patrols", "why_how", "other"),           # a means
    ("Through what initiative has Japan signalled closer ties?", "factoid", "other"),  # a noun asked
    ("What company makes the seeker gyro?", "factoid", "organisation"),
    # several things asked for, wherever "which two" stands; dates in the plural
    ("Hammond said the two countries share a belief in which two freedoms?", "list", "other"),
    ("On which dates did the defence leaders meet?", "list", "date"),
    ("In what 1997 American crime film did Johnny Galecki star?", "factoid", "other"),  # a year, no count
    ("What is Japan's position on Ukraine?", "factoid", "other"),                  # a stance, not a job
    # a role however asked
    ("what does japan's defence ministry call philip hammond's post", "role", "other"),
    ("What was Gen Nakatani's position in 2015?", "role", "other"),
    ("What's the name of the head of Turkey's Defence Industry Agency?", "role", "person"),
    ("What is the name of the ship?", "factoid", "other"),
    ("which british prime minister first announced the meeting", "factoid", "person"),  # its title checked
    ("Who else did Nakatani meet besides the defence minister?", "factoid", "person"),
    # every holder of a title
    ("which japanese prime ministers are mentioned in the documents", "list", "person"),
    ("which people have served as japan's defence minister", "list", "person"),
    ("Besides terrorism, what did the ministers say threatens security?", "factoid", "other"),
    # "who is NAME": what the person is, their title
    ("Who is Toru Hotchi?", "role", "other"),
    ("who is ahn gyu-back", "role", "other"),
    ("who is responsible for the project", "factoid", "person"),
    ("who is coming to tokyo", "factoid", "person"),
    # a person's occupation or rank, a government's head
    ("What does Anna Berg do?", "role", "other"),
    ("what rank does lindqvist hold", "role", "other"),
    ("what was anna berg's job in march 2019", "role", "other"),
    ("what does the agreement do", "factoid", "other"),
    ("what role did they see for it", "factoid", "other"),
    ("Who led Sweden's government when the rules were eased?", "role", "person"),
])
def test_kind_and_answer_type(question, kind, answer_type):
    a = analyse(question)
    assert (a.kind, a.answer_type) == (kind, answer_type)


@pytest.mark.parametrize("question, title, owner, year", [
    ("Who is Norway's Minister of Defence?", "Minister of Defence", "Norway", ""),
    ("Who is the Minister of Defence of Norway?", "Minister of Defence", "Norway", ""),
    ("Who was Japan's defence minister in August 2025?", "defence minister", "Japan", "2025"),
    ("Who is the UK Foreign Secretary?", "Foreign Secretary", "UK", ""),
    ("Who was Japan's foreign minister at the 2015 meeting with the UK?", "foreign minister", "Japan", "2015"),
    ("who was kihara's norwegian counterpart", "norwegian counterpart", "kihara", ""),
    ("what is the name of norway's defence minister", "defence minister", "norway", ""),
    ("In 2015, who was the UK defence secretary?", "defence secretary", "UK", "2015"),   # the year before the comma
    ("Who led Japan's government when it eased the export rules in 2014?", "prime minister", "Japan", "2014"),
    ("who ran the swedish government in 2019", "prime minister", "swedish", "2019"),
])
def test_role_title_and_owner(question, title, owner, year):
    a = analyse(question)
    assert (a.kind, a.title, a.owner, a.year) == ("role", title, owner, year)


@pytest.mark.parametrize("span, answer_type, ok", [
    ("3 September", "date", True), ("Tuesday", "date", True), ("MOU", "date", False),
    ("40-minute", "number", True), ("NOK $1.9 billion", "number", True), ("Kongsberg", "number", False),
    ("F-35A fighters", "number", False), ("PAC-2", "number", False), ("fifteen", "number", True),  # no count in a name
    ("Bjørn Arild Gram", "person", True), ("the meeting was held onboard", "person", False),
    ("anything", "other", True),
])
def test_answer_types(span, answer_type, ok):
    assert matches_type(span, answer_type) is ok


@pytest.mark.parametrize("sentence, counted, count", [
    ("Over four years, Japan plans to spend 330 billion USD on defence.", "years", "four years"),
    ("He made a two-day trip to Turkey.", "days", "two-day"),
    ("The U.S. has exported PAC-2 to nearly a dozen countries including Israel.", "countries", "nearly a dozen countries"),
    ("Japan plans to spend 330 billion USD on defence.", "years", None),          # a sum, no count of years
    ("The F-35A carries the JSM internally.", "missiles", None),                  # digits of a name count nothing
])
def test_the_count_of_what_is_counted(sentence, counted, count):
    from rag.answering.composers.answer_types import count_in

    found = count_in(sentence, counted)
    assert (sentence[found[0]:found[1]] if found else None) == count


def test_how_many_after_a_preposition_is_a_count():
    a = analyse("Over how many years is japan set to make big defence investments?")
    assert (a.kind, a.answer_type, a.counts, a.counted) == ("factoid", "number", True, "years")


def test_a_count_is_not_a_sum_of_money():
    assert analyse("How many JSM missiles did Japan order?").counts
    assert not analyse("How much did Japan pay?").counts
    assert not matches_type("NOK $1.9 billion", "number", counts=True)
    assert matches_type("52 missiles", "number", counts=True)


CARRIERS = ("The talks were held aboard the Italian aircraft carrier ITS Cavour in Naples. Two days later the "
            "delegation flew to Spain, where it toured the Spanish aircraft carrier Juan Carlos I at Rota.")


@pytest.mark.parametrize("question, count", [
    ("Which two aircraft carriers did they visit?", 2), ("which three countries did nakatani visit", 3),
    ("Name the 4 ministers who met.", 4), ("Which carriers did they visit?", 0), ("Who are the two ministers?", 0),
    ("Hammond said the UK and Japan share a common belief in which two freedoms?", 2),   # asked late
])
def test_the_count_a_list_question_asks_for(question, count):
    from rag.answering.composers.lists import asked_count

    assert asked_count(question) == count


@pytest.mark.parametrize("span, count", [
    ("freedom of speech and freedom of expression", 2),   # a coordination of its own, lower case
    ("France", 5),                                        # in "France, Germany, Italy, Sweden, and the UK"
    ("democracy", 1),
])
def test_how_many_items_a_span_names(span, count):
    from rag.answering.composers.lists import count_items

    text = ("We share a belief in democracy and in freedom of speech and freedom of expression. Japan has signed "
            "it with France, Germany, Italy, Sweden, and the UK.")
    p = Passage(doc_id="f.txt", start=0, end=len(text), text=text, score=1.0)
    at = text.index(span)
    assert count_items(p, at, at + len(span)) == count


@pytest.mark.slow
def test_a_list_is_gathered_from_several_sentences_when_one_holds_too_few():
    """Each sentence names one carrier; the reader reads each sentence on its own and both are
    answered, each cited exactly."""
    from rag.answering.extractive import ExtractiveGenerator

    passage = Passage(doc_id="c.txt", start=0, end=len(CARRIERS), text=CARRIERS, score=1.0)
    a = ExtractiveGenerator().generate("Which two aircraft carriers did the delegation visit?", [passage])
    assert "ITS Cavour" in a.text and "Juan Carlos I" in a.text and a.question_kind == "list"
    assert all(CARRIERS[c.start:c.end] == c.text for c in a.citations)
    assert {c.text for c in a.citations if c.kind == "support"} == {CARRIERS[:CARRIERS.index(" Two")],
                                                                    CARRIERS[CARRIERS.index("Two"):]}


ARCTIC = ("The ministers met in Bodø on Monday. Minister Lund expressed Norway’s commitment to the security of the "
          "Arctic. She noted that the region is vital for keeping northern shipping lanes open. Minister Lund, in turn, "
          "highlighted the importance of making supply chains more resilient. The talks ended with a dinner.")


@pytest.mark.slow
def test_why_reads_a_sentence_about_the_last_ones_subject():
    """"She noted that the region is vital for …" shares few of the question's words itself; with
    the sentence before it (whose subject "She" continues) it holds them, and it gives a reason."""
    from rag.answering.extractive import ExtractiveGenerator

    passage = Passage(doc_id="a.txt", start=0, end=len(ARCTIC), text=ARCTIC, score=1.0)
    a = ExtractiveGenerator().generate("Why does Lund consider the Arctic region so important?", [passage])
    assert not a.abstained and "vital for keeping northern shipping lanes open" in a.text


MEETINGS = ("On August 21, Nakatani visited Jordan, where he held a discussion with Jordanian Prime Minister "
            "and Minister of Defense Jafar Hassan. Defense Ministry official Toru Hotchi said so. Foreign Secretary Philip Hammond and Defence Secretary Michael "
            "Fallon met Norway’s State Secretary to Minister of Defence, Andreas Flåm. Japanese Defence Minister "
            "Minoru Kihara and Norwegian Minister of Defence Bjørn Arild Gram signed the MOU.")


def test_a_rank_before_the_name_and_the_owner_after_the_title():
    """"Lieutenant Alex Coleman, the Operations Officer from HMS Atherstone": the rank is part of the
    name, the owner comes after the title, and a word of it ("Atherstone") names it too; "the"
    inside a title is optional."""
    from rag.answering.composers.roles import compose_role

    text = ("Lieutenant Alex Coleman, the Operations Officer from HMS Atherstone was chosen. "
            "Norway’s State Secretary to Minister of Defence, Andreas Flåm, came.")
    passage = Passage(doc_id="r.txt", start=0, end=len(text), text=text, score=1.0)
    for question in ("Who was HMS Atherstone's operations officer?", "who was atherstone's operations officer"):
        assert compose_role(analyse(question), [passage]).text == "Lieutenant Alex Coleman"
    assert compose_role(analyse("Who was HMS Shoreham's operations officer?"), [passage]).refused
    assert compose_role(analyse("Who is Norway's State Secretary to the Minister of Defence?"),
                        [passage]).text == "Andreas Flåm"


@pytest.mark.parametrize("question, title", [
    ("What position does Jafar Hassan hold?", "Prime Minister and Minister of Defense"),
    ("What was Michael Fallon's job?", "Defence Secretary"),           # not "Foreign Secretary Philip Hammond and …"
    ("What is Andreas Flåm's position?", "State Secretary to Minister of Defence"),
    ("Toru Hotchi — what's his position?", "Defense Ministry official"),   # a topic first; a lower-case head
    ("what is Toru Hotchi's formal title", "Defense Ministry official"),
    ("Who is Jafar Hassan?", "Prime Minister and Minister of Defense"),       # "who is NAME" asks the same
    ("what is andreas flam's position", "State Secretary to Minister of Defence"),  # typed without accents
    ("who is bjorn arild gram", "Minister of Defence"),   # three words written: no title word taken as a name
])
def test_the_title_a_person_holds_is_cited_exactly(question, title):
    from rag.answering.composers.roles import compose_role

    passage = Passage(doc_id="m.txt", start=0, end=len(MEETINGS), text=MEETINGS, score=1.0)
    composed = compose_role(analyse(question), [passage])
    assert composed.text == title
    assert all(MEETINGS[c.start:c.end] == c.text for c in composed.citations)


@pytest.mark.parametrize("question, holder", [
    ("Who is Jordan's prime minister?", "Jafar Hassan"),        # "Prime Minister and Minister of Defense Jafar Hassan"
    ("Who is Jordan's defence minister?", "Jafar Hassan"),
    ("Who is Jordan's foreign minister?", None),                # only others' foreign ministers are named
])
def test_two_titles_joined_bind_the_name_after_both(question, holder):
    from rag.answering.composers.roles import compose_role

    text = MEETINGS + " Nakatani met Djibouti’s President, Acting Minister of Defence, Foreign Minister and Speaker."
    passage = Passage(doc_id="m.txt", start=0, end=len(text), text=text, score=1.0)
    composed = compose_role(analyse(question), [passage])
    assert (composed.text or None) == holder   # "Defence" of "Minister of Defence, Foreign Minister" is no name


@pytest.mark.parametrize("question, answer", [
    ("How long did Nakatani's visit to Jordan last?", None),      # a date says when, not how long
    ("How long did Nakatani's trip to Turkey last?", "two-day"),
])
def test_how_long_wants_a_duration_not_a_date(question, answer):
    from rag.answering.extractive import ExtractiveGenerator

    text = ("On August 21, Nakatani visited Jordon, where he held a discussion with Jordanian Prime Minister Jafar "
            "Hassan. Nakatani then met Turkey’s Defence Minister Yaşar Güler in a two-day trip.")
    passage = Passage(doc_id="j.txt", start=0, end=len(text), text=text, score=1.0)
    reply = ExtractiveGenerator().generate(question, [passage])
    assert (None if reply.abstained else reply.text) == answer


@pytest.mark.parametrize("question, refused", [
    ("which british prime minister first announced the meeting", True),   # only Japan's is named
    ("Which Japanese prime minister first announced the meeting?", False),
    ("Which Norwegian defence attaché is accredited to Tokyo?", False),    # none named: a description may answer
])
def test_a_title_the_passages_bind_only_to_others(question, refused):
    from rag.answering.composers.roles import held_by_others

    text = ("The meeting was first announced by the Prime Minister during Japanese Prime Minister Abe’s visit. "
            "The defence attaché in Beijing is also accredited to Tokyo.")
    passage = Passage(doc_id="p.txt", start=0, end=len(text), text=text, score=1.0)
    assert bool(held_by_others(analyse(question), [passage])) is refused


@pytest.mark.parametrize("question, refused", [
    ("Who is Norway's State Secretary to the Minister of Foreign Affairs?", True),  # of Defence, not Foreign Affairs
    ("Who is Norway's State Secretary to the Minister of Defence?", False),
])
def test_a_longer_title_that_goes_on_differently_is_refused(question, refused):
    from rag.answering.composers.roles import compose_role

    passage = Passage(doc_id="m.txt", start=0, end=len(MEETINGS), text=MEETINGS, score=1.0)
    composed = compose_role(analyse(question), [passage])
    assert bool(composed.refused) is refused
    if refused:
        assert "State Secretary to Minister of Defence" in composed.refused
    else:
        assert composed.text == "Andreas Flåm"


def test_a_country_owner_by_any_of_its_names_and_a_title_with_national():
    """"the ROK’s Minister of National Defense Ahn Gyu-Back" is South Korea's defence minister."""
    from rag.answering.composers.roles import compose_role

    text = ("Nakatani met Jordanian Prime Minister and Minister of Defense Jafar Hassan. A video conference "
            "followed between Nakatani and the ROK’s Minister of National Defense Ahn Gyu-Back on August 7.")
    passage = Passage(doc_id="k.txt", start=0, end=len(text), text=text, score=1.0)
    assert compose_role(analyse("Who is South Korea's defence minister?"), [passage]).text == "Ahn Gyu-Back"


def test_a_title_of_the_year_asked():
    from rag.answering.composers.roles import compose_role

    later = "In 2025, Minister of Defense Gen Nakatani toured the Gulf."
    earlier = "In 2015, Defence Minister Gen Nakatani met Michael Fallon."
    passages = [Passage(doc_id=f"{n}.txt", start=0, end=len(t), text=t, score=1.0) for n, t in
                (("later", later), ("earlier", earlier))]
    assert compose_role(analyse("What was Gen Nakatani's position in 2015?"), passages).text == "Defence Minister"
    assert compose_role(analyse("What is Gen Nakatani's position?"), passages).text == "Minister of Defense"


@pytest.mark.parametrize("question, holders", [
    ("which people have served as japan's defence minister", "Minoru Kihara and Gen Nakatani"),
    ("Which Japanese defence ministers are named?", "Minoru Kihara and Gen Nakatani"),
    ("Which Swedish defence ministers are named?", None),          # bound to no Swedish name: the reader's turn
])
def test_a_list_of_every_holder_of_a_title(question, holders):
    from rag.answering.composers.roles import compose_holders

    text = MEETINGS + " Japan’s Defence Minister Gen Nakatani met Andreas Flåm in August."
    passage = Passage(doc_id="m.txt", start=0, end=len(text), text=text, score=1.0)
    composed = compose_holders(analyse(question), [passage])
    assert (composed.text if composed else None) == holders
    if composed:
        assert all(text[c.start:c.end] == c.text for c in composed.citations)


@pytest.mark.parametrize("question, holder", [
    ("who was kihara's norwegian counterpart", "Bjørn Arild Gram"),
    ("Who was Gram's Japanese counterpart?", "Minoru Kihara"),
])
def test_a_counterpart_holds_the_same_title_for_the_other_side(question, holder):
    from rag.answering.composers.roles import compose_role

    passage = Passage(doc_id="m.txt", start=0, end=len(MEETINGS), text=MEETINGS, score=1.0)
    assert compose_role(analyse(question), [passage]).text == holder


def test_a_list_is_grown_to_every_item_each_cited_exactly():
    text = ("Japan has signed this framework accord with 15 other countries including five in Europe – "
            "France, Germany, Italy, Sweden, and the UK.")
    p = Passage("002.txt", 100, 100 + len(text), text, 1.0, 1)
    i = text.index("Germany")
    grown = expand_to_list(p, i, i + len("Germany"))
    assert grown.text == "France, Germany, Italy, Sweden, and the UK"
    items = [c.text for c in grown.citations if c.kind == "answer"][1:]
    assert items == ["France", "Germany", "Italy", "Sweden", "the UK"]
    for c in grown.citations:
        assert text[c.start - 100:c.end - 100] == c.text


@pytest.mark.parametrize("question, owner, item", [
    ("who led norway's side at the meeting", "", "Norway’s State Secretary to Minister of Defence, Andreas Flåm"),
    ("Which Norwegian official met Japan's minister?", "Norwegian",
     "Norway’s State Secretary to Minister of Defence, Andreas Flåm"),
    ("Who led the meeting?", "", None),                   # no country asked about: every item
    ("who did nakatani sit down with in djibouti", "", None),
])
def test_the_item_of_the_country_asked_about(question, owner, item):
    from rag.answering.composers.lists import expand_to_list, item_asked_for

    text = ("The meeting was led by Japan’s Defense Minister Gen Nakatani and Norway’s State Secretary to "
            "Minister of Defence, Andreas Flåm. Nakatani met Djibouti’s President, Acting Minister of Defence "
            "and Foreign Minister.")
    passage = Passage(doc_id="l.txt", start=0, end=len(text), text=text, score=1.0)
    at = text.index("Djibouti’s") if "djibouti" in question else text.index("Gen Nakatani")
    grown = expand_to_list(passage, at, at + 10)
    found = item_asked_for(question, grown, owner)
    assert (found.text if found else None) == item
    if found:
        assert text[found.start:found.end] == found.text


TURKEY = ("Nakatani then met Turkey’s Defence Minister Yaşar Güler and the head of Turkey’s Defence Industry "
          "Agency in a two-day trip.")


@pytest.mark.parametrize("question, answer", [
    ("Who else did Nakatani meet in Turkey besides the defence minister?", "the head of Turkey’s Defence Industry Agency"),
    ("Apart from Yaşar Güler, whom did Nakatani meet in Turkey?", "the head of Turkey’s Defence Industry Agency"),
    ("Which Turkish minister did Nakatani meet?", "Turkey’s Defence Minister Yaşar Güler"),   # the item with the title
    ("Who did Nakatani meet in Turkey?", "Turkey’s Defence Minister Yaşar Güler and the head of Turkey’s Defence "
                                         "Industry Agency"),
])
def test_the_item_set_aside_or_asked_for(question, answer):
    from rag.answering.extractive import ExtractiveGenerator

    passage = Passage(doc_id="t.txt", start=0, end=len(TURKEY), text=TURKEY, score=1.0)
    reply = ExtractiveGenerator(threshold=0.0).generate(question, [passage])
    assert reply.text == answer
    assert all(TURKEY[c.start:c.end] == c.text for c in reply.citations)


@pytest.mark.parametrize("question, regions, negated", [
    ("Which non-European countries has Japan signed the accord with?", ["europe"], True),
    ("which asian countries has japan signed it with", ["asia"], False),
    ("Which countries did Nakatani visit on his trip to Africa and the Middle East?", ["middle east", "africa"], False),
    ("Which countries signed the European Union treaty?", [], False),   # a region word qualifying no countries
    ("Who will Norway send to the Indo-Pacific?", [], False),
])
def test_the_regions_a_question_keeps_its_countries_to(question, regions, negated):
    from rag.answering.countries import regions_asked

    assert regions_asked(question) == (regions, negated)


ACCORD = ("Japan has signed this framework accord with 15 other countries including five in Europe – "
          "France, Germany, Italy, Sweden, and the UK.")


@pytest.mark.parametrize("question, answer", [
    ("Which European countries has Japan signed the framework accord with?", "France, Germany, Italy, Sweden, and the UK"),
    ("Which non-European countries has Japan signed the framework accord with?", None),  # a near miss
    ("which asian countries has japan signed the framework accord with", None),
])
def test_a_list_of_countries_kept_to_the_region_asked(question, answer):
    from rag.answering.extractive import ExtractiveGenerator

    passage = Passage(doc_id="a.txt", start=0, end=len(ACCORD), text=ACCORD, score=1.0)
    reply = ExtractiveGenerator(threshold=0.0).generate(question, [passage])
    assert (None if reply.abstained else reply.text) == answer
    if answer is None:
        assert "none of the countries" in reply.reason


TRIP = ("Last week, Nakatani visited three nations in Africa and the Middle East. On August 18, Nakatani met "
        "Djibouti’s President in a visit that included a tour of Japan Self-Defence Force Base Djibouti. "
        "Nakatoni then met Turkey’s Defence Minister Yaşar Güler in a two-day trip. On August 21, Nakatani "
        "visited Jordon, where he met the Jordanian Prime Minister. Nakatani is expected to meet Ahn in South "
        "Korea on September 8.")


@pytest.mark.parametrize("question, answer", [
    ("Which countries did Nakatani visit on his trip to Africa and the Middle East?", "Djibouti, Turkey and Jordon"),
    ("which three countries did nakatani visit last week", "Djibouti, Turkey and Jordon"),
    ("Which two countries share a border with Norway?", None),   # no sentence announces them
    ("Which three countries did Kihara visit in Africa and the Middle East?", None),  # another traveller
])
def test_countries_a_sentence_announces_by_their_count(question, answer):
    from rag.answering.composers.lists import announced_countries

    passage = Passage(doc_id="t.txt", start=0, end=len(TRIP), text=TRIP, score=1.0)
    found = announced_countries(question, [passage])
    assert (found.text if found else None) == answer
    if found:
        assert all(TRIP[c.start:c.end] == c.text for c in found.citations)


def test_announced_countries_answer_at_the_default_threshold():
    """The countries a sentence announces by their count are found by how they are written: the
    reader's own doubt about a list spread over three sentences does not refuse them."""
    from rag.answering.extractive import ExtractiveGenerator

    passage = Passage(doc_id="t.txt", start=0, end=len(TRIP), text=TRIP, score=1.0)
    answer = ExtractiveGenerator().generate("Which three countries did Nakatani visit in Africa and the Middle East?",
                                            [passage])
    assert not answer.abstained and answer.text == "Djibouti, Turkey and Jordon"
    assert all(TRIP[c.start:c.end] == c.text for c in answer.citations)


MEETING = ("Foreign Secretary Philip Hammond and Defence Secretary Michael Fallon have met the Japanese Foreign "
           "Minister Fumio Kishida and Defence Minister Gen Nakatani, in the first ever meeting of the four.")


@pytest.mark.parametrize("question, people", [
    ("Who took part in the first meeting?", ["Foreign Secretary Philip Hammond", "Defence Secretary Michael Fallon",
                                             "the Japanese Foreign Minister Fumio Kishida", "Defence Minister Gen Nakatani"]),
    ("Who did Hammond and Fallon meet?", None),   # one side is asked for
])
def test_everyone_at_a_meeting_both_sides(question, people):
    from rag.answering.composers.lists import both_sides

    passage = Passage(doc_id="m.txt", start=0, end=len(MEETING), text=MEETING, score=1.0)
    at = MEETING.index("Gen Nakatani")
    found = both_sides(question, passage, expand_to_list(passage, at, at + 12))
    assert ([c.text for c in found.citations if c.kind == "answer"] if found else None) == people


def test_a_list_of_longer_lower_case_items():
    text = ("It is based on the shared values of democracy, the rule of law, human rights, and open and "
            "transparent markets, in order to make a contribution.")
    p = Passage(doc_id="v.txt", start=0, end=len(text), text=text, score=1.0)
    start = text.index("human rights")
    grown = expand_to_list(p, start, start + len("human rights"))
    items = [c.text for c in grown.citations if c.kind == "answer"][1:]
    assert items[1:] == ["the rule of law", "human rights", "open and transparent markets"]


def test_no_list_where_the_span_stands_alone():
    text = "The 40-minute meeting was held onboard the JS Kaga."
    p = Passage("000.txt", 0, len(text), text, 1.0, 1)
    assert expand_to_list(p, 4, 13) is None


def _cited_exactly(assistant, answer):
    for c in answer.citations:
        assert assistant.document(c.doc_id).text[c.start:c.end] == c.text


@pytest.mark.slow
def test_role_binds_the_exact_title(assistant):
    """The State Secretary *to* the Minister is no Minister; a name bound to another country's
    title is ruled out; an owner no passage binds to the title is refused."""
    a = assistant.ask("Who is Norway's Minister of Defence?")
    assert not a.abstained and "Gram" in a.text and "Flåm" not in a.text
    assert (a.question_kind, a.answer_type) == ("role", "person")
    _cited_exactly(assistant, a)
    assert assistant.ask("Who is Sweden's Minister of Defence?").abstained  # a near miss


@pytest.mark.slow
def test_list_names_every_item(assistant):
    a = assistant.ask("Which European countries has Japan signed the framework accord with?")
    assert not a.abstained and a.question_kind == "list"
    for country in ("France", "Germany", "Italy", "Sweden", "UK"):
        assert country in a.text
    _cited_exactly(assistant, a)
    signers = assistant.ask("Who signed the Japan–Norway memorandum?")
    assert "Kihara" in signers.text and "Gram" in signers.text


@pytest.mark.slow
def test_why_gives_the_reason(assistant):
    a = assistant.ask("Why does Norway want to strengthen ties with Japan?")
    assert not a.abstained and a.question_kind == "why_how"
    assert "interest to strengthen ties" in a.text
    _cited_exactly(assistant, a)


needs_yes_no = pytest.mark.skipif(not MODEL_FILE.is_file(), reason=f"no yes/no model at {MODEL_FILE}")


@pytest.mark.slow
def test_near_misses_of_a_name_or_a_count_are_refused(assistant):
    """A ship no passage mentions and a count the text never gives (the F-35A's digits are no
    count) are refused; a title with a lower-case head is a title."""
    izumo = assistant.ask("When did a British F-35B first land on the JS Izumo?")  # it was the JS Kaga
    assert izumo.abstained and "izumo" in izumo.reason.lower()
    assert assistant.ask("How many Joint Strike Missiles can a Japanese F-35A carry internally?").abstained
    years = assistant.ask("Over how many years is japan set to make big defence investments?")
    assert years.text == "four years"  # not "330 billion", the span the reader reads first
    _cited_exactly(assistant, years)
    hotchi = assistant.ask("What is Toru Hotchi's position?")
    assert not hotchi.abstained and hotchi.text == "Defense Ministry official"
    _cited_exactly(assistant, hotchi)
    denmark = assistant.ask("how many naval ships is denmark sending with the UK carrier strike group")
    assert denmark.abstained and "denmark" in denmark.reason  # Norway sends two; Denmark is named nowhere


@pytest.mark.slow
@needs_yes_no
def test_a_weekday_or_a_duration_in_words_the_text_replaces_is_a_no(assistant):
    friday = assistant.ask("Did Kihara and Gram put their names to the memorandum on a Friday?")  # on Tuesday
    assert friday.text.startswith("No. ") and "Tuesday" in friday.text
    twenty = assistant.ask("would nakatani's september trip to south korea be the first by a sitting japanese "
                           "defence minister in twenty years")  # in a decade
    assert twenty.text.startswith("No. ") and "decade" in twenty.text


@pytest.mark.slow
@needs_yes_no
def test_all_words_but_one_with_the_classifier_leaning_yes_is_a_yes(assistant):
    paris = assistant.ask("Did the UK and Japanese ministers condemn the recent terror attacks in Paris?")
    assert paris.text.startswith("Yes. ") and "terrorist incidents in Paris" in paris.text  # "attacks" paraphrased
    _cited_exactly(assistant, paris)


@pytest.mark.slow
@needs_yes_no
def test_yes_no_both_ways_and_does_not_say(assistant):
    yes = assistant.ask("Did Japan and Norway sign a memorandum of understanding?")
    assert yes.text.startswith("Yes. ") and yes.question_kind == "yes_no"
    _cited_exactly(assistant, yes)
    assert yes.text[len("Yes. "):] == yes.citations[0].text  # the deciding sentence, verbatim
    no = assistant.ask("Did the Japan–Norway meeting on the JS Kaga last 60 minutes?")  # it lasted 40
    assert no.text.startswith("No. ") and "40-minute" in no.text
    _cited_exactly(assistant, no)
    unsaid = assistant.ask("Did Norway sell submarines to Japan?")
    assert unsaid.abstained and unsaid.text == "The documents do not say."


@pytest.mark.slow
@needs_yes_no
def test_yes_no_checks_the_questions_names_slot_by_slot(assistant):
    """Another name in the same slot is a "No": the same day with another country, the same
    prefix with another ship."""
    turkey = assistant.ask("Did Nakatani meet Turkey's President on August 18?")  # Djibouti's, that day
    assert turkey.text.startswith("No. ") and "Djibouti" in turkey.text
    ship = assistant.ask("Was Lieutenant Alex Coleman from HMS Shoreham?")       # from HMS Atherstone
    assert ship.text.startswith("No. ") and "HMS Atherstone" in ship.text
    _cited_exactly(assistant, ship)


@pytest.mark.slow
def test_why_finds_the_reason_after_the_sentence_restating_the_question(assistant):
    a = assistant.ask("Why did Japan's government end its 1967 ban on arms exports?")
    assert not a.abstained and "wants to give Japan a more assertive defense posture" in a.text
    _cited_exactly(assistant, a)


@pytest.mark.slow
def test_why_something_is_done_is_what_it_is_done_by_for(assistant):
    """"… enhancing its ability to monitor developments … by establishing a defence attaché position
    in Tokyo": the reason for the means; a heading before a sentence restates no claim."""
    a = assistant.ask("Why is Norway setting up a defence attaché position in Tokyo?")
    assert not a.abstained and "monitor developments in the region" in a.text
    _cited_exactly(assistant, a)


@pytest.mark.slow
def test_why_gives_what_a_demonstrative_points_back_to(assistant):
    """"This is the first ever meeting of this kind … That is not just hugely symbolic": the reason
    is the sentence "That" stands for, cited as the answer with the sentence after it."""
    a = assistant.ask("why did fallon call the meeting hugely symbolic")
    assert not a.abstained and a.text.startswith("This is the first ever meeting of this kind")
    assert [c.text for c in a.citations if c.kind == "answer"] == [
        "This is the first ever meeting of this kind between the UK and Japan."]
    _cited_exactly(assistant, a)


@pytest.mark.slow
def test_why_is_the_sentence_a_therefore_follows_from(assistant):
    """"It will be vital to build on the progress we’ve made today. We therefore welcome the plan …":
    asked why he welcomed the plan, the sentence before the "therefore" is the reason."""
    a = assistant.ask("Why did Michael Fallon welcome the plan for greater cooperation with Japan?")
    assert not a.abstained and "vital to build on the progress" in a.text and "therefore" not in a.text
    _cited_exactly(assistant, a)


@pytest.mark.slow
def test_a_purpose_asked_in_the_words_the_text_uses(assistant):
    """"what are japanese officials hoping to get out of …" is answered by the sentence where they
    are "hoping the research can lead to …", not by the one restating the research; "can bring
    about" gives what a collaboration is for."""
    a = assistant.ask("what are japanese officials hoping to get out of the joint missile research with britain")
    assert "hoping the research can lead to a technology" in a.text
    b = assistant.ask("Why does Gram want Japanese and Norwegian defence firms to work together on technology?")
    assert "bring about new innovative solutions" in b.text
    _cited_exactly(assistant, a)


@pytest.mark.slow
def test_a_reason_given_as_a_participle_answers_on_what_grounds(assistant):
    a = assistant.ask("On what grounds did the UK side welcome Japan's security reforms in 2015?")
    assert a.question_kind == "why_how" and "Recognizing the peaceful path taken by Japan" in a.text
    _cited_exactly(assistant, a)


@pytest.mark.slow
def test_the_page_examples_are_answered_right(assistant):
    """The example questions the page offers (ui/examples.py) are each answered right."""
    import json
    from pathlib import Path

    from rag.evaluation.metrics import answer_right
    from ui.examples import example_questions

    gold = {}
    for path in sorted((Path(__file__).resolve().parents[1] / "eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if "question" in row:
                gold.setdefault(row["question"], row)
    examples = example_questions([d.doc_id for d in assistant.documents()])
    assert examples
    for question in examples:
        row = gold[question]
        a = assistant.ask(question)
        kind = row.get("kind") or a.question_kind
        assert answer_right(kind, a.text, a.abstained, row["answers"], row.get("items")), (question, a.text)
        _cited_exactly(assistant, a)


SHIPS = ("The meeting was held onboard the JS Kaga, as Norway’s HNoMS Roald Amundsen Fridtjof Nansen-class frigate "
         "called with the British aircraft carrier HMS Prince of Wales. HMS Atherstone worked with the two Japanese "
         "Ships Bungo and Yaeyama. HM Ships Atherstone and Shoreham each embedded an officer in the Japanese Command "
         "Ship Bungo. Japan’s major defense contractor Mitsubishi Heavy Industries Ltd. can export it to a U.S. "
         "defense equipment maker Raytheon Co. Mitsubishi Electric, which supplies parts for Japan’s forces, joins.")


@pytest.mark.parametrize("question, answer", [
    ("Which Royal Navy ships are named across these articles?", "HMS Prince of Wales, HMS Atherstone and Shoreham"),
    ("name every ship mentioned in the documents",
     "JS Kaga, HNoMS Roald Amundsen, HMS Prince of Wales, HMS Atherstone, Bungo, Yaeyama and Shoreham"),
    ("Which Japanese companies are named in the story?", "Mitsubishi Heavy Industries Ltd. and Mitsubishi Electric"),
    ("Which companies are mentioned in these articles?",
     "Mitsubishi Heavy Industries Ltd., Raytheon Co. and Mitsubishi Electric"),
    ("Which countries are mentioned across the documents?", "Norway, Japan and U.S."),  # "Prince of Wales" is a ship
    ("Which British ships put officers aboard the Bungo?", None),   # who did something: no inventory
])
def test_every_ship_company_or_country_the_documents_mention(question, answer):
    from rag.answering.composers.inventory import compose_inventory

    passage = Passage(doc_id="s.txt", start=0, end=len(SHIPS), text=SHIPS, score=1.0)
    found = compose_inventory(question, [passage], "s.txt")
    assert (found.text if found else None) == answer
    if found:
        assert all(SHIPS[c.start:c.end] == c.text for c in found.citations)


@pytest.mark.parametrize("question, answer", [
    ("which missiles are mentioned across these documents", "Joint Strike Missile (JSM), Patriot Defense Capability-2 and Meteor"),
    ("which versions of the F-35 come up in the articles", "F-35A and F-35B"),
])
def test_every_missile_or_version_of_a_model_mentioned(question, answer):
    from rag.answering.composers.inventory import compose_inventory

    text = ("Among the topics discussed were Japan’s acquisition of Kongsberg Defence & Aerospace’s Joint Strike "
            "Missile (JSM), carried in Japan’s F-35A fighters. A British F-35B landed on the JS Kaga. The deal could "
            "help integrate Kongsberg Joint Strike Missiles. It is a component for Patriot Defense Capability-2 "
            "surface-to-air missile defense system. It is linked to a Meteor missile development.")
    passage = Passage(doc_id="m.txt", start=0, end=len(text), text=text, score=1.0)
    found = compose_inventory(question, [passage], "m.txt")
    assert found.text == answer
    assert all(text[c.start:c.end] == c.text for c in found.citations)


@pytest.mark.parametrize("question, answer", [
    ("which turkish defence organisations came up during the trip",
     "Turkey’s Defence Industry Agency and Turkey Aerospace Industries"),
    ("which japanese bodies are mentioned", "Japan’s Ministry of Defense"),   # not Kongsberg, which Japan acquires from
])
def test_every_organisation_of_the_nationality_asked(question, answer):
    from rag.answering.composers.inventory import compose_inventory

    text = ("Among the topics discussed were Japan’s acquisition of Kongsberg Defence & Aerospace’s Joint Strike "
            "Missile. Nakatani met Turkey’s Defence Minister and the head of Turkey’s Defence Industry Agency, and "
            "inspected Turkey Aerospace Industries drone manufacturing facilities. In a press release by Japan’s "
            "Ministry of Defense, Kihara said so.")
    passage = Passage(doc_id="o.txt", start=0, end=len(text), text=text, score=1.0)
    assert compose_inventory(question, [passage], "o.txt").text == answer


def test_an_inventory_reads_more_passages():
    from rag.answering.composers.inventory import INVENTORY_PASSAGES, passages_needed

    assert passages_needed("Which ships are named across these articles?", 5) == INVENTORY_PASSAGES
    assert passages_needed("Which ship carried the F-35B?", 5) == 5


@pytest.mark.parametrize("span, noun, answer_type, before, conflict", [
    ("Mitsubishi Electric", "european missile programme", "other", "", True),   # a company, asked a programme
    ("Mitsubishi Heavy", "body", "organisation", "", True),
    ("Mitsubishi Heavy", "company makes", "organisation", "", False),            # a company asked for
    ("Bungo", "", "place", "in the Japanese Command Ship ", True),              # a ship, asked where
    ("Bungo", "ship", "place", "the Japanese Command Ship ", False),              # asked which ship
    ("the waters of the Gulf", "", "place", "", False),
])
def test_a_span_of_another_kind_than_asked(span, noun, answer_type, before, conflict):
    from rag.answering.composers.answer_types import category_conflict, matches_type

    assert category_conflict(span, noun, answer_type, before) is conflict
    if span.startswith("the waters"):
        assert matches_type(span, "place")   # a lower-case head "of" a name is a place


@pytest.mark.parametrize("question, noun", [
    ("Which European missile programme is the research linked to?", "european missile programme"),
    ("Which body approved the export?", "body"),
    ("Which company makes the JSM?", "company makes"),
    ("What did they condemn?", ""),
])
def test_the_words_naming_what_is_asked_for(question, noun):
    assert analyse(question).noun == noun


def test_a_country_s_title_named_on_the_way_held_by_others_only_is_refused():
    """"What issues did Nakatani discuss with Jordan's foreign minister?": the passages name
    Japan's foreign minister and Jordan's prime minister, no foreign minister of Jordan."""
    from rag.answering.extractive import ExtractiveGenerator

    text = MEETINGS + " Japanese Foreign Minister Fumio Kishida joined them."
    passage = Passage(doc_id="m.txt", start=0, end=len(text), text=text, score=1.0)
    reply = ExtractiveGenerator(threshold=0.0).generate(
        "What issues did Nakatani discuss with Jordan's foreign minister?", [passage])
    assert reply.abstained and "not of Jordan" in reply.reason


def test_a_close_reading_in_the_sentence_of_the_country_asked_about():
    from rag.answering.extractive import ExtractiveGenerator

    text = ("Nakatani then met Turkey’s Defence Minister Yaşar Güler in a two-day trip. On August 21, Nakatani "
            "visited Jordon, where he held talks with Jordanian Prime Minister and Minister of Defense Jafar Hassan.")
    passage = Passage(doc_id="j.txt", start=0, end=len(text), text=text, score=1.0)
    reply = ExtractiveGenerator(threshold=0.0).generate(
        "Which Jordanian leader, also defence minister, held talks with Nakatani?", [passage])
    assert "Jafar Hassan" in reply.text and "Güler" not in reply.text


QUOTES = ("The ministers met in London.\nDefence Secretary Michael Fallon said:\n“I’m delighted to welcome His "
          "Excellency Gen Nakatani here today. This is the first ever meeting of this kind.”\n“It will be vital to "
          "build on the progress we’ve made today.”\nToday’s meeting took place at Lancaster House.\n– Japan is a "
          "significant customer of the Norwegian defence industry, says Gram.\nKihara said the MOU would deepen "
          "co-operation.\nHe said:\n“The exercise went well.”")


@pytest.mark.parametrize("question, speaker", [
    ("which british minister said he was delighted to welcome nakatani", "Defence Secretary Michael Fallon"),
    ("Who said it will be vital to build on the progress made today?", "Defence Secretary Michael Fallon"),
    ("who said that Japan is a significant customer of the Norwegian defence industry", "Gram"),
    ("Who said the MOU would deepen co-operation?", "Kihara"),
    ("Who said the exercise went well?", None),              # "He said:": a pronoun names nobody
    ("Who said the meeting took place at Lancaster House?", None),   # no quote: a narrator's sentence
])
def test_the_speaker_of_the_quoted_words(question, speaker):
    from rag.answering.composers.speakers import compose_speaker

    passage = Passage(doc_id="q.txt", start=0, end=len(QUOTES), text=QUOTES, score=1.0)
    found = compose_speaker(question, [passage])
    assert (found.text if found else None) == speaker
    if found:
        assert all(QUOTES[c.start:c.end] == c.text for c in found.citations)


@pytest.mark.parametrize("question, holder", [
    ("Who is Australia's foreign minister?", "Penny Wong"),
    ("Who is South Korea's foreign minister?", None),   # Australia's owns both titles of the coordination
])
def test_the_owner_of_the_first_title_owns_the_second(question, holder):
    from rag.answering.composers.roles import compose_role

    text = ("Australia’s Defence Minister Richard Marles and Foreign Minister Penny Wong will visit Japan. "
            "Nakatani is expected to meet Ahn in South Korea.")
    passage = Passage(doc_id="a.txt", start=0, end=len(text), text=text, score=1.0)
    composed = compose_role(analyse(question), [passage])
    assert (composed.text if composed and not composed.refused else None) == holder


@pytest.mark.parametrize("question, replaced", [
    ("which japanese carrier did a british f-35a land on for the first time", "f-35a"),   # the text: F-35B
    ("which japanese carrier did a british f-35b land on for the first time", ""),
    ("Which missile can the F-35A carry?", ""),   # the text names both variants
])
def test_another_variant_of_a_model_is_a_near_miss(question, replaced):
    from rag.answering.composers.answer_types import replaced_designation

    text = "Japan’s F-35A fighters can carry it. Earlier in the month a British F-35B landed on the JS Kaga."
    context = text if "missile" in question else text.split(". ")[1]
    assert replaced_designation(question, context) == replaced


@pytest.mark.parametrize("question, description", [
    ("how is mitsubishi heavy industries described in the 2014 export story", "Japan’s major defense contractor"),
    ("What kind of company is Raytheon Co.?", "a U.S. defense equipment maker"),
    ("how is the JS Kaga described", None),   # "a British F-35B landed on the JS Kaga": no noun phrase
])
def test_the_description_set_beside_a_name(question, description):
    from rag.answering.composers.descriptions import compose_description

    text = ("Japan’s major defense contractor Mitsubishi Heavy Industries Ltd. can export seeker gyro to a U.S. "
            "defense equipment maker Raytheon Co. Earlier in the month a British F-35B landed on the JS Kaga.")
    passage = Passage(doc_id="d.txt", start=0, end=len(text), text=text, score=1.0)
    found = compose_description(question, [passage])
    assert (found.text if found else None) == description
    if found:
        assert all(text[c.start:c.end] == c.text for c in found.citations)


def test_a_relative_date_takes_the_year_stated_before_it():
    from rag.answering.extractive import dated

    text = ("This November 11, 2014 piece on the Royal Navy website gives an example. The two Japanese Ships Bungo "
            "and Yaeyama deployed to the Gulf for IMCMEX this November.")
    start = text.index("The two")
    assert dated(text, start, len(text)).endswith("(2014)")
    assert dated(text, 0, start) == text[:start]   # a year stated: nothing added
