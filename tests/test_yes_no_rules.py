"""Yes/no rules (rag/answering/composers/yes_no_rules.py, the date rules of grounding.py): the
question's words a text holds however it words them, what a text states otherwise, and the answers
they give through the extractive generator (real reader and yes/no models)."""
from __future__ import annotations

import pytest

from rag.answering.composers.yes_no_rules import (acted_on_dated_thing, antecedent_words, bounded_count, claim_words,
                                                  contradiction, date_of_another, dated_order, event_order, generic_heads,
                                                  held, missing, negated_claim, opposite_by_prefix, opposites, other_count, other_maker, places,
                                                  planned_only, setting_words, year_of_a_thing)
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
    ("Was the export mainly going to a licensee?", "The export is primarily to a licensee."),  # "going to" frames
    ("Were the gyros going to end up in Qatar?", "The gyros would be transferred to Qatar."),
    ("Does it control passing the technology on to a third party?", "It controls the transfer of technology to a third party."),
    ("Did Japan lift the ban?", "Japan reverses the ban."),
    ("did a british jet ever touch down on the carrier", "A British jet landed on the carrier."),  # a phrasal verb
    ("the meeting on the kaga lasted 40 minutes", "The 40-minute meeting was held onboard the JS Kaga."),  # a duration
    ("Did the ministers hold separate talks?", "The ministers met separately for discussions."),  # a light verb
    ("Did Lanza show interest in joint drills?", "Lanza expressed interest in joint drills."),
    ("Has Italy begun working with Spain on space?", "Italy has initiated space cooperation with Spain."),
    ("Is Italy going to post an attaché in Madrid?", "Italy is establishing an attaché position in Madrid."),
    ("are Italy and Spain both seafaring nations with France as a neighbour",
     "Italy and Spain are both maritime nations with borders to France."),
    ("Did the two nations' forces train?", "The forces of both nations trained."),  # "both" are two
])
def test_paraphrase_safe_words_are_held(question, text):
    assert not missing(claim_words(question, question=True), claim_words(text))


@pytest.mark.parametrize("question, text, absent", [
    ("Did Japan sell frigates?", "Japan bought frigates.", "sell"),
    ("Did Norway meet Japan in Tokyo?", "Norway met Japan.", "tokyo"),  # a capital asked is no country
    ("Was it a big spender?", "It invests heavily.", "big spender"),
    ("Was the part ready?", "The party was ready.", "part"),              # four letters are no shared start
    ("Did they hold a summit?", "They met.", "hold summit"),              # "hold" is light only before talks
    ("Did the three nations train?", "Both nations trained.", "three"),
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
    # the opposite direction of a policy, the opposite by a prefix
    ("did japan tighten its military export rules in april?", "Japan eased military export rules in April.", "tighten"),
    ("did the policy change strengthen japan's ban on arms exports?", "The policy change reverses Japan’s ban on arms "
     "exports.", "strengthen"),
    ("is the jsm carried externally on the f-35a?", "The JSM can be carried internally in the F-35A.", "externally"),
    ("did japan relax its export rules?", "Japan eased its export rules.", ""),  # the same direction
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


TRIP = ("Last week, Nakatani visited three nations in Africa and the Middle East. On August 18, Nakatani met "
        "Djibouti’s President in a visit that included a tour of the base. Nakatani then met Turkey’s Defence Minister "
        "in a two-day trip. Nakatani is expected to meet Ahn in South Korea on September 8 in what will be the first "
        "visit to the nation by a serving Japanese Defense Minister in a decade.")
BAN = ("Japan has approved the export of a locally-made component for a missile defense system to Raytheon. The policy "
       "change reverses Japan’s 1967 self-imposed ban on arms exports under its war-renouncing constitution.")
AGREEMENT = ("The new MOU is a precursor to a deeper agreement on the Transfer of Defense Equipment and Technology that "
             "Japan is required by law to sign. The agreement establishes a legal framework to allow Japan and its "
             "partners to transfer defence technologies for joint research. The agreement also provides controls over "
             "the transfer of defence technology to a third party.")

GYROS = ("Mitsubishi Heavy Industries can export seeker gyro to a U.S. defense equipment maker, Raytheon. The U.S. "
         "requested the export, and Mitsubishi-made seeker gyros would be transferred to Qatar, officials said. But the "
         "U.S. has exported PAC-2 to nearly a dozen countries including Israel. Japan approved the export.")


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
    ("Did Nakatani go to Turkey before Djibouti on his trip last week?", TRIP, "No", "On August 18"),  # the order
    ("did japan lift its self-imposed arms export ban in 1967", BAN, "No", "The policy change"),  # the ban's year
    ("Does Japan's defence equipment and technology transfer agreement also control passing the technology on to a "
     "third party?", AGREEMENT, "Yes", "The agreement also provides"),  # "the agreement": the one named before
    ("were the seeker gyros going to end up in qatar", GYROS, "Yes", "The U.S. requested"),
    ("were the mitsubishi-made seeker gyros going to end up in israel", GYROS, "No", "Mitsubishi Heavy"),
    ("has the pac-2 system been exported to israel", GYROS, "Yes", "But the U.S."),  # "system": what PAC-2 is
])
def test_yes_no_answers_cite_the_deciding_sentence(generator, question, text, answer, sentence):
    passage = Passage(doc_id="k.txt", start=0, end=len(text), text=text, score=1.0,
                      title="Norway and Japan are strengthening their defence cooperation")
    a = generator.generate(question, [passage])
    assert a.text.startswith(f"{answer}. {sentence}"), a.text
    support = [c for c in a.citations if c.kind == "support"]
    assert support and support[0].text.startswith(sentence) and text[support[0].start:support[0].end] == support[0].text


def test_words_a_sentence_holds_through_its_passage():
    # a generic noun after a name: the name holds it
    assert generic_heads("has the pac-2 system been exported to israel") == claim_words("system")
    assert generic_heads("is the system ready") == set()
    # a definite noun takes the words describing it from the passage before the sentence
    q = "Does Japan's defence equipment and technology transfer agreement control transfers to a third party?"
    text = "Japan must sign an agreement on defence equipment. The agreement also provides controls."
    start = text.index("The agreement")
    assert antecedent_words(q, text, start, len(text)) >= claim_words("defence equipment")
    assert antecedent_words(q, text, 0, start) == set()  # nothing before the first sentence
    assert antecedent_words(q, "Japan makes gyros. An agreement also provides controls.", 19, 56) == set()  # no "the"


def test_what_a_sentence_does_not_state_as_asked():
    # only planned: a question asking whether it was done
    q = "Did Nakatani actually travel to South Korea on September 8 to meet Ahn?"
    assert planned_only(q, "Nakatani is expected to meet Ahn in South Korea on September 8.") == "meet"
    assert planned_only("Is Nakatani expected to meet Ahn?", "Nakatani is expected to meet Ahn.") == ""
    assert planned_only(q, "Nakatani met Ahn in South Korea on September 8.") == ""
    assert planned_only(q, "Nakatani will sign a deal.") == ""  # another verb planned
    assert planned_only("Did Kihara say the MOU would support co-operation?", "Kihara said the MOU will support it.") == ""
    assert planned_only("was mitsubishi electric picked to take part in the project",
                        "Mitsubishi Electric is a top candidate to participate in the project.") == "participate"
    # the question's name tied to another day
    q = "did ahn gyu-back take part in the japan–south korea summit in tokyo on august 23"
    s = ("On August 23, Japan and South Korea agreed to deepen security ties during a summit in Tokyo, following "
         "a video conference between Nakatani and Ahn Gyu-Back on August 7.")
    names = [["ahn", "gyu-back"], ["japan", "south", "korea"], ["tokyo"]]
    assert date_of_another(q, s, names) == "ahn gyu-back"
    assert date_of_another(q, "On August 23, Ahn Gyu-Back took part in a summit in Tokyo.", names) == ""
    assert date_of_another("did ahn take part in the summit", s, names) == ""  # no day asked
    # a year dating the thing, not the action
    q = "did japan lift its self-imposed arms export ban in 1967"
    s = "The policy change reverses Japan’s 1967 self-imposed ban on arms exports."
    assert year_of_a_thing(q, s) == "1967" and acted_on_dated_thing(q, s) == "lift"
    assert year_of_a_thing(q, "Japan lifted the ban in 1967.") == ""
    assert acted_on_dated_thing("did japan impose its arms export ban in 1967", s) == ""  # the thing's own verb
    # another country for where the thing went
    assert contradiction("were the gyros going to end up in israel", "The gyros would be transferred to Qatar.") \
        == "israel"
    assert contradiction("were the gyros going to end up in israel", "Gyros went to Qatar and Israel.") == ""
    assert places("were the gyros going to end up in israel") == {"country:israel"}
    # another ship for the same event: "on board" is "onboard"; a ship the sentence also names is not another
    s = "The 40-minute meeting, which was held onboard the JS Kaga light aircraft carrier, was led by Nakatani."
    assert contradiction("Was the meeting held on board HMS Prince of Wales?", s) == "HMS Prince of Wales"
    assert contradiction("Was the meeting held aboard HMS Prince of Wales?", s) == "HMS Prince of Wales"
    assert contradiction("Was the meeting held aboard JS Kaga?", s) == ""
    assert contradiction("Was the meeting held on board a ship?", s) == ""  # no ship named
    assert contradiction("Was it held aboard HMS Prince of Wales?", s + " HMS Prince of Wales was there.") == ""
    # only talked of: a discussion is not an agreement
    q = "Did Japan agree to buy Turkish-made drones?"
    s = "The trip included a discussion on the prospect of procuring Turkish made drones."
    assert planned_only(q, s) == "procuring"
    assert planned_only(q, "Japan considered buying drones.") == "buying"
    assert planned_only(q, "They discussed whether to buy drones.") == "buy"
    assert planned_only("Did Japan discuss buying drones?", s) == ""  # asked as talked of
    assert planned_only("Did Japan buy drones?", "Officials discussed drones and Japan bought them.") == ""
    assert planned_only("Did Nakatani meet Ahn?", "They held talks on defence and met Ahn.") == ""


def test_a_bounded_count_is_decided_by_its_bound():
    s = "Japan has signed this framework accord with 15 other countries including five in Europe."
    assert bounded_count("Had Japan signed the accord with more than ten other countries?", s) == "yes"
    assert bounded_count("Has Japan signed the accord with fewer than ten other countries?", s) == "no"
    assert bounded_count("Has Japan signed the accord with at least 15 other countries?", s) == "yes"
    assert bounded_count("Has Japan signed the accord with ten other countries?", s) == ""  # no bound: other_count
    assert bounded_count("Did the meeting last over 30 minutes?", s) == ""  # nothing the same counted


def test_another_maker_owns_the_thing():
    jsm = "Among the topics discussed were Japan’s acquisition of Kongsberg Defence & Aerospace’s Joint Strike Missile (JSM)."
    assert other_maker("Is the Joint Strike Missile made by Mitsubishi Heavy Industries?", jsm) == \
        "Kongsberg Defence & Aerospace"
    assert other_maker("Is the Joint Strike Missile made by Kongsberg?", jsm) == ""
    assert other_maker("Is the acquisition made by Norway?", jsm) == ""  # "Japan’s": a country's, no maker's


def test_a_claim_placed_before_or_after_a_date():
    s = "Among other things, a feasibility study on a new air-to-air missile was launched in November 2014."
    assert dated_order("Was the feasibility study on the missile launched after the January 2015 meeting?", s) == "no"
    assert dated_order("Was the feasibility study on the missile launched before the January 2015 meeting?", s) == "yes"
    assert dated_order("Was the feasibility study launched after October 2014?", s) == "yes"
    assert dated_order("Was the feasibility study launched before 2014?", s) == ""  # one year at this precision
    assert dated_order("Was the MOU signed after January 2015?", s) == ""  # the sentence states another claim


def test_another_count_of_the_same_thing():
    s = "Japan has signed this framework accord with 15 other countries including five in Europe – France, Germany."
    assert other_count("Has Japan signed the framework with ten European countries?", s) == "ten European countries"
    assert other_count("Has Japan signed the framework with five European countries?", s) == ""
    assert other_count("Has Japan signed the framework with 15 countries?", s) == ""
    assert other_count("Has Japan signed the framework with 16 countries?", s) == "16 countries"
    assert other_count("Did Japan buy 2 ships?", "Japan bought more than 3 ships.") == ""  # not an exact count
    assert other_count("Did Japan buy 2 ships?", "Japan bought 3 tanks.") == ""  # another thing counted
    assert other_count("Was it the first meeting?", "It was the 3 ministers' second meeting.") == ""  # ordinals
    assert other_count("Was it signed in 2015?", "It was signed in 2014 by 2 ministers.") == ""  # years
    assert places("According to Norway's ministry, did Japan export gyros to the U.S.?") == {"country:united states"}


def test_event_order():
    sentences = ["Last week, Nakatani visited three nations.", "On August 18, Nakatani met Djibouti’s President.",
                 "Nakatani then met Turkey’s Defence Minister.", "On August 21, Nakatani visited Jordan.",
                 "Nakatani also met Egypt’s minister."]
    names = [["nakatani"], ["turkey"], ["djibouti"]]
    assert event_order("Did Nakatani go to Turkey before Djibouti?", names, sentences) == (False, 2, 1)
    assert event_order("Did Nakatani go to Turkey after Djibouti?", names, sentences) == (True, 2, 1)
    names = [["nakatani"], ["jordan"], ["djibouti"]]
    assert event_order("Did Nakatani visit Jordan after visiting Djibouti?", names, sentences) == (True, 3, 1)
    names = [["nakatani"], ["egypt"], ["jordan"]]  # "also", not "then": the text does not order them
    assert event_order("Did Nakatani meet Egypt before Jordan?", names, sentences) is None
    assert event_order("Did Nakatani meet Jordan?", names, sentences) is None


def test_a_plan_is_not_a_deed(generator):
    passage = Passage(doc_id="k.txt", start=0, end=len(TRIP), text=TRIP, score=1.0, title="Japan's defence diplomacy")
    a = generator.generate("Did Nakatani actually travel to South Korea on September 8 to meet Ahn?", [passage])
    assert a.abstained and a.text.startswith("The documents do not say"), a.text


def test_a_country_it_went_to_is_the_sentence_s_own(generator):
    passage = Passage(doc_id="k.txt", start=0, end=len(GYROS), text=GYROS, score=1.0, title="Japan approves exports")
    a = generator.generate("was the pac-2 system exported to japan", [passage])  # Japan: the passage's, not PAC-2's
    assert not a.text.startswith("Yes"), a.text


@pytest.mark.parametrize("word, other, opposite", [
    ("externally", "internally", True), ("implicit", "explicit", True), ("unofficial", "official", True),
    ("disagree", "agree", True), ("disapprove", "approve", True),
    ("unit", "it", False),  # a root of five letters or more
    ("include", "exclude", True), ("increase", "crease", False),  # in- only against ex-
])
def test_opposites_by_prefix(word, other, opposite):
    assert opposite_by_prefix(word, other) == opposite


def test_opposites_by_list():
    assert opposites("tighten", "eased") and opposites("strengthened", "reverses") and opposites("win", "lose")
    assert not opposites("loosen", "eased") and not opposites("relaxed", "eased")


PARIS = ("The Ministers strongly condemned the recent terrorist incidents in Paris, and reaffirmed their intention to "
         "combat terrorism. On August 21, Nakatani visited Jordan, where he held a discussion with Jordanian Prime "
         "Minister Jafar Hassan on issues including future defence exchange. The approval marks the first defense "
         "technology transfer since Japan eased military export rules in April.")


@pytest.mark.parametrize("question, answer", [
    ("did japan tighten its military export rules in april?", "No. The approval"),  # the opposite
    ("did nakatani sign a defence agreement with jordan's prime minister?", "The documents do not say"),  # talked of
])
def test_an_opposite_is_a_no_and_a_discussion_no_deal(generator, question, answer):
    passage = Passage(doc_id="k.txt", start=0, end=len(PARIS), text=PARIS, score=1.0, title="Defence news")
    a = generator.generate(question, [passage])
    assert a.text.startswith(answer), a.text


def test_a_tag_and_the_asking_words_are_no_claim():
    from rag.answering.composers.yes_no import untagged

    assert untagged("the meeting lasted 40 minutes, right?") == "the meeting lasted 40 minutes?"
    assert untagged("norway is sending a frigate, isn't it?") == "norway is sending a frigate?"
    assert untagged("was it right?") == "was it right?"  # no comma: the question's own word
    assert untagged("the meeting lasted an hour, is that right?") == "the meeting lasted an hour?"


def test_confirmation_questions_route_to_yes_no():
    from rag.answering.question_analysis import analyse
    for q in ("japan and norway signed a memorandum of understanding in tokyo, right?",
              "The MOU was signed in Oslo, wasn't it?", "the kaga meeting lasted an hour?",
              "Nakatani visited Jordan on August 21, correct?"):
        assert analyse(q).kind == "yes_no", q
    for q in ("and in 2015?", "what about the UK?", "Kihara met Gram, who else?", "The defence minister is who?"):
        assert analyse(q).kind != "yes_no", q


def test_paraphrase_words_held_and_antonyms():
    from rag.answering.composers.yes_no_rules import claim_words, contradiction, missing
    q = claim_words("Did a Chinese military plane enter Japan's airspace without authorisation?", question=True)
    assert not missing(q, claim_words("a Chinese military aircraft entered Japanese airspace without permission"))
    q = claim_words("Was the meeting forty minutes long?", question=True)
    assert not missing(q, claim_words("The 40-minute meeting"))
    assert contradiction("Did they agree to loosen security ties?", "they agreed to deepen security ties")
    assert contradiction("Did the ministers welcome the attacks?", "The Ministers strongly condemned the attacks")
    # one group per word: "initiated" joins "began" and "started" (a second group for "begin" once split them)
    assert claim_words("initiated cooperation") == claim_words("began cooperation") == claim_words("started cooperation")


@pytest.mark.parametrize("question, sentence, asked", [
    # another country beside the same word: the claim is about that other country
    ("Did Ishiba tell reporters that Japan-France defence cooperation was reaching unprecedented levels?",
     "Ishiba told reporters that Japan-United Kingdom defence cooperation is reaching “unprecedented levels.”", "France"),
    ("did kihara voice concern over russia's growing military activity near japan",
     "Minister Kihara raised concerns over China’s growing military activities near Japan.", "russia"),
    ("did the ministers urge South Korea to address the abductions issue?",
     "The Ministers underlined the need for North Korea to address the abductions issue.", "South Korea"),
    # another word of a title before the same name, also typed in lower case
    ("Was the MOU signed by Japan's Foreign Minister Minoru Kihara?",
     "The MOU was signed during meetings between Japan's Defense Minister Minoru Kihara and Gram.", "Foreign"),
    ("is shigeru ishiba japan's defence minister", "Japan’s Prime Minister Shigeru Ishiba inspected the ship.", "defence"),
    ("Was Lieutenant Alex Coleman the Operations Officer of HMS Shoreham?",
     "Lieutenant Alex Coleman, the Operations Officer from HMS Atherstone, joined the Staff.", "Shoreham"),
])
def test_another_in_the_asked_slot(question, sentence, asked):
    from rag.answering.composers.yes_no_rules import swapped_slot
    context = "Japan’s Defense Minister Gen Nakatani and Japan’s Prime Minister Shigeru Ishiba met Foreign Minister X."
    assert swapped_slot(question, sentence, setting_words(question), context) == asked


@pytest.mark.parametrize("question, sentence", [
    # a doer beside a verb is one of several: "did Flåm join" is not denied by "Nakatani joined"
    ("Did Andreas Flåm join Ishiba for the inspection of HMS Prince of Wales?",
     "Nakatani joined Japan’s Prime Minister Shigeru Ishiba in an inspection of the HMS Prince of Wales."),
    ("Did Ishiba meet Andreas Flåm on August 23?",
     "On August 23, a summit followed a video conference between Nakatani and Ahn Gyu-Back on August 7."),
    # the asked country is there, or is not the one beside the word
    ("Has Japan signed the framework with Italy?", "Japan has signed this framework with France, Germany, Italy."),
    ("Did the Norwegian frigate carry Joint Strike Missiles on its visit to Yokosuka?",
     "A port call in Yokosuka by Norway’s frigate, part of a group led by the British aircraft carrier HMS Prince of Wales."),
])
def test_no_other_in_the_asked_slot(question, sentence):
    from rag.answering.composers.yes_no_rules import swapped_slot
    assert swapped_slot(question, sentence, setting_words(question)) == ""


def test_the_asked_doer_is_one_among_others():
    from rag.answering.composers.yes_no_rules import swapped_slot
    assert swapped_slot("Did China agree to work together on these challenges?",
                        "Both Japan and Norway agreed to work together in facing these challenges.") == ""


def test_the_claim_only_in_a_planned_part_is_not_stated():
    sentence = ("Australia’s Foreign Minister Penny Wong is scheduled to visit Japan on September 5 for a meeting "
                "with her Japanese counterparts.")
    assert planned_only("Did Penny Wong meet Nakatani in Tokyo on September 5?", sentence)
    assert not planned_only("Did Penny Wong visit Japan?", "Penny Wong visited Japan on September 5 for a meeting.")


def test_frames_that_say_also_and_with():
    # "as well" at the end frames the claim ("also"); "along with" is "with"
    assert "well" not in claim_words("Is the attaché in Beijing currently covering Tokyo as well?", question=True)
    assert "along" not in claim_words("Will Norway send a frigate along with the British group?", question=True)
    assert "well" in claim_words("Did the talks go well?", question=True)


def test_a_class_of_things_is_the_thing():
    # "a new class of submarine" asks about a submarine: a frigate contradicts it
    asked = "is australia's sea 3000 programme for a new class of submarine"
    assert not {"class", "new"} & claim_words(asked, question=True)
    assert contradiction(asked, "Australia’s next generation Sea 3000 General-Purpose Frigate (GPF) program.") == "submarine"


def test_a_definite_noun_reads_the_passage_before_its_own(generator):
    """"The meeting occurred …" at the start of its passage takes "the Cavour meeting" from the document's
    passage retrieved before it: the sentence holds every word of the question."""
    first = ("Italy and Spain agreed to strengthen defence cooperation. The 40-minute meeting, which was held onboard "
             "the ITS Cavour aircraft carrier, was led by Italy’s Defence Minister Guido Lanza.")
    second = ("The meeting occurred on the same day that Lanza joined Italy’s Prime Minister Paolo Rossi in an "
              "inspection of the HMS Queen Elizabeth at Taranto.")
    passages = [Passage(doc_id="c.txt", start=len(first) + 1, end=len(first) + 1 + len(second), text=second, score=1.0),
                Passage(doc_id="c.txt", start=0, end=len(first), text=first, score=0.9)]
    a = generator.generate("Was the Cavour meeting held on the same day as Rossi's inspection of HMS Queen Elizabeth?",
                           passages)
    assert a.text.startswith("Yes. The meeting occurred"), a.text


def test_the_second_event_as_a_clause_of_its_own():
    # "before he went to Djibouti": the second event is named after a pronoun and its verb
    sentences = ["On August 18, Nakatani met Djibouti’s President.", "Nakatani then met Turkey’s Defence Minister.",
                 "On August 21, Nakatani visited Jordan."]
    names = [["nakatani"], ["jordan"], ["djibouti"]]
    assert event_order("Did Nakatani go to Jordan before he went to Djibouti?", names, sentences) == (False, 2, 0)
    assert event_order("Did Nakatani go to Jordan after he visited Djibouti?", names, sentences) == (True, 2, 0)


def test_spelling_out_is_explaining_and_easing_is_relaxing():
    asked = claim_words("Did Kihara spell out what the cooperation would involve?", question=True)
    assert "spell" not in asked and negated_claim("Did Kihara spell out what the cooperation would involve?",
                                                  "Kihara said the MOU will support co-operation but did not elaborate.")
    assert not missing(claim_words("Did Japan relax its export rules?", question=True),
                       claim_words("Japan eased military export rules in April."))
    assert missing(claim_words("Did Japan tighten its export rules?", question=True),
                   claim_words("Japan eased military export rules in April."))


def test_a_definite_noun_named_again_after_its_sentence():
    # "The approval …" is described by a later sentence naming "the approval" again
    passage = ("Japan has approved the export of a component. The approval marks the first transfer since April. "
               "Under the approval, Mitsubishi can export seeker gyro to Raytheon.")
    a = passage.index("The approval")
    b = passage.index(" Under")
    assert {"seeker", "gyro"} <= antecedent_words("Was the seeker gyro approval the first transfer?", passage, a, b)
    other = passage[:b] + " Under the policy, Mitsubishi can export seeker gyro to Raytheon."
    assert not {"seeker", "gyro"} & antecedent_words("Was the seeker gyro approval the first transfer?", other, a, b)
