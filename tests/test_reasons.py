"""Why and how (rag/answering/composers/reasons.py): the sentence or clause giving the reason or the
means, however the question and the text phrase it. The composer is tested with the reader's
verdict set by hand (where the reader reads matters, and it is said here), then the whole answer
with the real reader."""
from __future__ import annotations

from rag.answering.composers.reasons import compose_reason
from rag.answering.question_analysis import analyse
from rag.answering.reader import Reading
from rag.types import Passage


def _passage(text: str, name: str = "r.txt") -> Passage:
    return Passage(doc_id=name, start=0, end=len(text), text=text, score=1.0)


def _compose(question: str, text: str, read: str, probability: float = 0.8):
    """compose_reason over one passage, the reader having read the span ``read``."""
    start = text.index(read)
    reading = Reading(passage=0, probability=probability, start=start, end=start + len(read), span_probability=0.5)
    return compose_reason(analyse(question), question, [_passage(text)], [reading])


def _answered(question: str, text: str):
    from rag.answering.extractive import ExtractiveGenerator

    return ExtractiveGenerator().generate(question, [_passage(text)])


def test_a_sentence_after_one_pointing_back_with_in_this_regard_is_caused_by_the_one_before():
    """"In this regard, the Dutch side expressed support …" restates the question; "in this regard"
    points back: the sentence before it is what prompted it, not the marked sentence after it."""
    text = ("The ministers reviewed the regional situation. The ministers voiced deep concern at the flooding "
            "of the northern provinces. In this regard, the Dutch side offered engineers, pumps and financial "
            "help to Vietnam. The ministers also reaffirmed their intention to combat climate change.")
    c = _compose("What prompted the Dutch side to offer Vietnam engineers, pumps and financial help?", text,
                 "regional situation")
    assert c is not None and "deep concern at the flooding" in c.text


def test_on_what_basis_is_answered_by_under():
    """"On what basis" asks for what something was done under: "… under its neutrality law", not the
    marked sentence after the one restating the question."""
    text = ("The new rule reverses Sweden's 1959 ban on selling rifles abroad under its neutrality law. "
            "It comes as the government wants a larger arms industry.")
    c = _compose("on what basis did sweden ban selling rifles abroad in 1959", text, "neutrality law")
    assert c is not None and "under its neutrality law" in c.text
    assert any(x.kind == "answer" and x.text.startswith("under its neutrality law") for x in c.citations)


def test_why_a_milestone_is_what_the_text_says_it_marks():
    """"Why was it a milestone" is answered by "… marks the first … since", whose subject ("The
    approval") names what a sentence before it said was approved."""
    text = ("The council approved the sale of radar parts to a firm in Canada. The firm will ship them to Chile, "
            "officials said. The approval marks the first sale of military technology since the rules were "
            "relaxed in May.")
    c = _compose("Why was the approval of the radar parts sale a milestone for the council?", text,
                 "Chile")
    assert c is not None and "marks the first sale of military technology" in c.text


def test_why_someone_called_it_something_is_the_sentence_calling_it_so_in_their_quote():
    """The quote's speaker is named in the sentences before "He said:"; the quoted sentence that
    calls the time "a wonderful experience" says why."""
    text = ("Seeing a chance to learn, the two ships each sent an officer to the command ship. "
            "Captain Maria Lund, the navigator from HMS Dart, was chosen to join the staff. "
            "She said: “To work alongside the Dutch navy was a wonderful experience. "
            "I enjoyed every day onboard.”")
    c = _compose("why did maria lund call her time with the dutch staff a wonderful experience", text,
                 "a chance to learn")
    assert c is not None and "To work alongside the Dutch navy" in c.text


def test_a_purpose_asked_is_a_purpose_clause_of_the_definite_thing():
    """"What is the project meant to achieve": "… the project, aimed at …", where "the project" is
    the one named two sentences before, which holds the question's other words."""
    text = ("The ministry also approved joint research with Chile on radar technology. "
            "It is a simulation-based project linked to a satellite programme. "
            "Officials hope the work can lead to better sensors. "
            "A Santiago company is the favourite to join the project, aimed at improving early warning "
            "between Peru and Chile, officials said.")
    c = _compose("What is the simulation-based radar research project with Chile meant to achieve?", text,
                 "joint research with Chile")
    assert c is not None and "aimed at improving early warning" in c.text


def test_the_purpose_of_an_agreement_is_its_purpose_clause_not_the_sentence_naming_it():
    text = ("The new memorandum is a precursor to a fuller agreement on the transfer of equipment that Peru must "
            "sign with its equipment partners. The agreement sets up a legal framework to allow Peru and its "
            "partners to transfer defence technologies for joint research.")
    c = _compose("what's the purpose of the transfer agreement Peru has to sign with its equipment partners",
                 text, "fuller agreement")
    assert c is not None and "to allow Peru and its partners" in c.text


def test_a_justification_is_what_its_source_said():
    """"How did the government justify …" is answered by what the government said, not by what
    other officials said in the sentence the reader read."""
    text = ("Chile requested the sale, and the parts would be passed on to Peru, officials said. "
            "Canada’s government said the sale is mainly to a licensee in Chile, its close partner.")
    c = _compose("how did canada's government justify selling the parts", text, "Peru")
    assert c is not None and c.text.startswith("Canada’s government said the sale is mainly to a licensee")


def test_what_a_relative_clause_follows_from_comes_before_it():
    """"X, which further strengthens Y": X is why Y; the reason clause cited is X."""
    text = ("Both countries share several strategic interests. They lie on opposite shores of the Baltic, "
            "which further strengthens their common interests. The agreement marks a step forward.")
    c = _compose("Why are the common interests of the two countries further strengthened?", text,
                 "several strategic interests")
    assert c is not None and "opposite shores of the Baltic" in c.text
    assert c.citations[0].kind == "answer" and c.citations[0].text.startswith("They lie on opposite shores")


def test_a_relative_clause_about_something_else_gives_no_reason():
    """", which prompted his teachers to believe …" explains the teachers' belief, not the move asked about."""
    text = ("In 1870, Nils moved to Bergen to attend school at the academy. "
            "Nils could do long sums in his head, which prompted his teachers to believe that he was cheating.")
    c = _compose("Why did Nils go to Bergen?", text, "attend school at the academy")
    assert c is not None and "to attend school" in c.text


def test_significance_named_in_the_question_is_no_significance_asked():
    """"the first meeting" in a question names the meeting; it does not ask why it was a first."""
    text = ("This is the first ever meeting of its kind between Peru and Chile. "
            "That is not just symbolic, it also reaffirms our resolve to deepen our defence relationship.")
    c = _compose("Apart from being symbolic, why did the minister say the first Peru–Chile meeting mattered?",
                 text, "reaffirms our resolve to deepen our defence relationship")
    assert c is not None and "reaffirms our resolve" in c.text


def test_the_real_reader_answers_on_what_basis_with_under():
    a = _answered("on what basis did sweden ban selling rifles abroad in 1959",
                  "The new rule reverses Sweden's 1959 ban on selling rifles abroad under its neutrality law. "
                  "It comes as the government wants a larger arms industry.")
    assert not a.abstained and "under its neutrality law" in a.text


def test_the_real_reader_answers_what_prompted_with_the_sentence_before_in_this_regard():
    a = _answered("What prompted the Dutch side to offer Vietnam engineers, pumps and financial help?",
                  "The ministers voiced deep concern at the flooding of the northern provinces. In this regard, "
                  "the Dutch side offered engineers, pumps and financial help to Vietnam. The ministers also "
                  "reaffirmed their intention to combat climate change.")
    assert not a.abstained and "deep concern at the flooding" in a.text


SALE = ("The council approved the sale of radar parts to Canada. "
        "Nordic Heavy has been licensed to build the radar parts for Westcott, which stopped building them itself. "
        "Canada requested the sale, and the parts would be shipped to Chile, officials said. "
        "This is the first sale of its kind. Nordic Electric is a candidate to join a later project.")


def test_near_misses_are_refused():
    """A close question that is not the one the text answers: an ordinal never stated ("the second
    sale", only "the first"), a name the sentence replaces ("Nordic Electric" for "Nordic Heavy"),
    another destination ("to Peru" where the parts go to Canada and Chile), and a question about what a
    closing ", which …" clause only states ("Westcott stopped building them": no reason given)."""
    for question, read in (("Why was the second sale of radar parts approved?", "Chile"),
                           ("Why did Nordic Electric stop building the radar parts?", "Chile"),
                           ("Why did the council approve the sale of radar parts to Peru?", "Chile"),
                           ("Why did Westcott stop building the radar parts itself?", "stopped building")):
        c = _compose(question, SALE, read)
        assert c is not None and c.refused, question


def test_the_relative_clause_that_says_more_than_the_question_is_no_near_miss():
    c = _compose("Why was Nordic Heavy building radar parts for Westcott?", SALE, "stopped building")
    assert c is not None and not c.refused


def test_a_need_stated_just_before_the_action_is_its_reason():
    """"We see a great need for ships. The government has taken steps to expand shipbuilding": the need."""
    text = ("– We see a great need for patrol ships in the north. The government has taken big steps to expand "
            "shipbuilding capacity in Chile. This is important for our navy, says Ruiz.")
    c = _compose("what reason does ruiz give for chile's government taking big steps to expand shipbuilding", text,
                 "shipbuilding capacity")
    assert c is not None and "great need for patrol ships" in c.text


def test_what_two_have_in_common_is_what_both_are():
    text = ("During the talks the two ministers discussed training. Minister Ruiz emphasized the strategic "
            "similarities between Chile and Norway. “We are both polar countries and face the same ocean,” he "
            "noted. Minister Berg, in turn, highlighted industry.")
    c = _compose("According to Ruiz, what do Chile and Norway have in common strategically?", text, "training")
    assert c is not None and "We are both polar countries" in c.text


def test_what_makes_it_stand_out_is_its_superlative():
    text = ("The navy visit comes amid a sharp rise in Chile's naval diplomacy, including one of the most intensive "
            "series of port calls in the nation's history. Ruiz has been busy this year.")
    c = _compose("What makes Chile's recent naval diplomacy stand out?", text, "busy")
    assert c is not None and "one of the most intensive" in c.text


def test_a_means_marker_that_repeats_the_question_names_no_means():
    """"… joint research with Sweden using Chilean radar technology" asked how that research is carried
    out repeats the question; the next sentence ("It is a simulation-based project") says how."""
    text = ("The government also approved Chile's joint research with Sweden using Chilean radar technology. "
            "It is a simulation-based project linked to a satellite programme.")
    c = _compose("How is the joint Chile–Sweden research on radar technology carried out?", text,
                 "joint research with Sweden", probability=0.3)
    assert c is not None and "simulation-based project" in c.text


def test_the_marker_asked_for_is_sure_however_unsure_the_reader_is_of_the_passage():
    """"Why is the accord only a first step?" answered by "… is a precursor to …": the composer found
    what the question asks for, so the reader's low probability for the passage (it reads for a
    span) no longer caps the confidence under the floor; a marked sentence the question does not
    ask for stays capped by the reader."""
    from rag.answering.composers.reasons import ASKED_FLOOR

    text = ("The newly signed accord on shipbuilding is a precursor to a deeper treaty that Chile must sign "
            "with all its partners. Officials met in Lima.")
    c = _compose("Why is the Chile–Peru accord only a first step?", text, "Officials met in Lima", probability=0.2)
    assert c is not None and "a precursor to" in c.text and c.confidence >= ASKED_FLOOR
    c = _compose("Why did Peru's president and navy chief back the accord?", text.replace("is a precursor to", "aims at"),
                 "Officials met in Lima", probability=0.2)
    assert c is not None and c.confidence <= 0.2
    # a reason stated outright (a strong marker) in a sentence holding half the question's words is
    # the composer's own evidence (FIRM_SHARED): not capped by the reader
    c = _compose("Why did Chile sign the shipbuilding accord?", text.replace("is a precursor to", "aims at"),
                 "Officials met in Lima", probability=0.2)
    assert c is not None and "aims at" in c.text and c.confidence >= ASKED_FLOOR


def test_according_to_the_speaker_of_an_open_quote_is_the_quote():
    """"According to Hammond, why …": the paragraphs of the quote Hammond opened ("Hammond said:")
    are his words, even where none of them names him."""
    text = ("Foreign Secretary Philip Hammond said:\n“The two countries have long shared a strong relationship.\n"
            "“This week’s threat demonstrates how important it is we work together to defeat terrorism.\n")
    c = _compose("According to Philip Hammond, why is it important that the two countries work together?", text,
                 "long shared", probability=0.2)
    assert c is not None and "to defeat terrorism" in c.text and c.confidence >= 0.5


def test_how_someone_explained_it_is_the_quote_after_the_sentence_naming_them():
    """"How did Ruiz explain the similarities?": "Ruiz emphasized the similarities. “We are both island
    nations …,” he noted." The quote that "he" says explains them, not the sentence restating it."""
    text = ("The two ministers met in Manila. Minister Ruiz emphasized the strategic similarities between Chile "
            "and the Philippines. “We are both island nations on the Pacific rim,” he noted. Trade was also discussed.")
    c = _compose("How did Ruiz explain the strategic similarities between Chile and the Philippines?", text,
                 "Minister Ruiz emphasized")
    assert c is not None and "both island nations" in c.text


def test_a_bare_adjective_is_no_name_someone_called_it():
    """"Why does Ruiz see the Pacific as so important?": "so important" is how much, not what it is
    called; a sentence about "the importance" of something else is no answer, the reason is."""
    text = ("Minister Ruiz spoke about the Pacific region. He noted that the region is vital for maintaining "
            "global trade routes. Minister Ruiz, in turn, highlighted the importance of making industries resilient.")
    c = _compose("why does ruiz see the pacific as so important", text, "highlighted the importance")
    assert c is not None and "vital for maintaining" in c.text


def test_the_readers_read_of_a_claim_counts_for_the_next_sentence_about_it_that_explains_it():
    """"How is the joint research carried out?": the reader reads the sentence restating it; "It's a
    simulation-based project …", about the same subject, says how."""
    text = ("Separately, the government also approved Chile's joint research with Peru using Chilean radar "
            "technology. It's a simulation-based project linked to a missile development among Andean countries. "
            "Officials hope the research leads to better jets.")
    c = _compose("How is the joint Chile–Peru research on radar technology carried out?", text,
                 "Chile's joint research with Peru")
    assert c is not None and "simulation-based project" in c.text


def test_being_licensed_to_do_it_is_why_one_does_it():
    """"How come X makes gyros for Y": "X has been licensed to produce them for Y" is why, over the
    reader's sentence about where the gyros go."""
    text = ("Under the approval, Aster Works can export valve kits to a Dutch shipyard. Aster Works has been "
            "licensed to produce valve kits for Halden Marine, which stopped making them itself. The shipyard "
            "asked for the export, and the kits would be sent on to Peru, officials said.")
    c = _compose("how come aster works makes valve kits for halden marine", text, "Peru", probability=0.95)
    assert c is not None and "licensed to produce valve kits" in c.text


def test_an_obligation_is_no_purpose():
    """Asked what a treaty is for, "the treaty Chile is required by law to sign" names no purpose: the
    sentence saying what it does to allow is the answer."""
    text = ("The new memorandum is a precursor to a wider treaty on arms transfers that Chile is required by law "
            "to sign with all its equipment partners. The treaty sets up a legal framework to allow Chile and "
            "its partners to share radar designs for joint research.")
    c = _compose("what's the purpose of the arms transfer treaty chile has to sign with its equipment partners",
                 text, "wider treaty", probability=0.9)
    assert c is not None and "to allow Chile and its partners" in c.text


def test_why_something_mattered_is_what_it_marks():
    """"Why did the approval matter" asks its significance: "The approval marks the first …"."""
    text = ("The council has approved the sale of a radar part to a firm in Canada, the agency reports. "
            "The approval marks the first technology sale since the council relaxed its export rules in May.")
    c = _compose("why did the council's radar approval matter", text, "a firm in Canada", probability=0.9)
    assert c is not None and "marks the first technology sale" in c.text


def test_a_first_the_question_states_is_not_why_it_mattered():
    """The question already says the meeting was the first of its kind: the sentence saying so again
    is no reason; the one after it saying what it also does is."""
    text = ("“This is the first ever meeting of this kind between Peru and Chile. That is not just symbolic, it "
            "also reaffirms our resolve to deepen our defence relationship.”")
    c = _compose("apart from being symbolic, why did the minister say the first peru-chile meeting of its kind "
                 "mattered", text, "not just symbolic", probability=0.7)
    assert c is not None and "reaffirms our resolve" in c.text


def test_what_one_expected_is_what_one_hoped():
    """"What did officials expect the research to produce" is answered by what they are hoping it leads to."""
    text = ("The cabinet also approved joint research with Chile using Peruvian sonar technology. An official "
            "said Peruvian engineers are hoping the research can lead to a sonar that can be fitted to the "
            "submarines Peru plans to buy.")
    c = _compose("what did peruvian officials expect the joint research with chile to produce", text,
                 "joint research with Chile", probability=0.9)
    assert c is not None and "lead to a sonar" in c.text


def test_a_bare_what_based_on_is_answered_by_based_on():
    """"What is X rooted in" asks the basis, as "on what basis" does: "under its neutrality law"."""
    text = ("The new rule reverses Sweden's 1959 ban on selling rifles abroad under its neutrality law. "
            "It comes as the government wants a larger arms industry.")
    c = _compose("what was sweden's 1959 ban on selling rifles abroad rooted in", text, "larger arms industry", 0.3)
    assert c is not None and "under its neutrality law" in c.text


def test_a_quote_restating_the_question_is_explained_by_its_next_sentence():
    """"“Chile and Peru have long had close ties. We trade across the same ports and train our crews
    together.”": the unmarked sentence only restates what is asked; the one after it says why. Asked
    in other words too ("how come …", "what makes …")."""
    text = ("Foreign Minister Ana Ruiz said:\n“Chile and Peru have long had close ties. We trade through the "
            "same Pacific ports and train our naval crews together every year. We will keep doing so.”\n"
            "The ministers then visited the harbour.")
    for question in ("Why does Ruiz say Chile and Peru have close ties?",
                     "how come chile and peru have such close ties, according to ruiz"):
        c = _compose(question, text, "long had close ties")
        assert c is not None and "same Pacific ports" in c.text, question
        assert any(x.kind == "answer" and x.text.startswith("We trade") for x in c.citations)


def test_a_response_is_the_sentence_pointing_back_at_what_it_answers():
    """"How did the Dutch side react to the flooding?": "In this regard, the Dutch side offered …"
    answers the sentence before it, which only states what is reacted to."""
    text = ("The ministers reviewed the regional situation. The ministers voiced deep concern at the flooding "
            "of the northern provinces of Vietnam. In this regard, the Dutch side offered engineers, pumps and "
            "financial help to Vietnam. The ministers also reaffirmed their intention to combat climate change.")
    for question in ("How did the Dutch side react to the flooding of Vietnam's northern provinces?",
                     "how did the netherlands respond to the flooding in northern vietnam"):
        c = _compose(question, text, "deep concern at the flooding")
        assert c is not None and c.text.startswith("In this regard"), question


def test_a_source_named_prefers_its_account_over_another_speakers():
    """"According to the joint statement, what is the research expected to bring?": the statement's
    words, not what an official said officials hoped for."""
    text = ("The cabinet approved joint research with Chile on radar. Navy official Ana Soto said officials "
            "are hoping the research can lead to a radar for the new frigates. “It would strengthen ties "
            "between the two navies and raise the fleet's readiness,” according to a joint statement issued "
            "by the defence and foreign ministries.")
    c = _compose("According to the joint statement, what is the radar research with Chile expected to bring?",
                 text, "joint research with Chile", 0.8)
    assert c is not None and "raise the fleet's readiness" in c.text


def test_why_of_what_a_relative_clause_states_is_refused_though_the_main_clause_is_marked():
    """"X has been licensed to make gyros for Y, which stopped making them itself": asked why X stopped,
    the permission is about the main clause; what Y stopped is told, not explained."""
    text = ("Hanwa Steel has been licensed to produce gear boxes for Nordic Drive, which stopped producing them "
            "itself. The order was approved in May.")
    for question in ("what led hanwa steel to stop producing gear boxes", "Why did Nordic Drive stop producing gear boxes?"):
        c = _compose(question, text, "licensed to produce gear boxes")
        assert c is not None and c.refused, question
    c = _compose("Why does Hanwa Steel produce gear boxes for Nordic Drive?", text, "licensed to produce gear boxes")
    assert c is not None and not c.refused and "stopped producing them itself" in c.text


def test_a_country_is_one_word_however_it_is_named():
    from rag.answering.composers.reasons import _words

    assert _words("the UK") == _words("Britain") == _words("United Kingdom")
    assert _words("the U.S.") == _words("America")
    assert _words("Japanese") != _words("Japan")  # its people stay themselves


def test_why_someone_thinks_prefers_that_speakers_quote():
    """"Why does Ruiz think it is so important for Chile and Peru to work together?": Ruiz's quote,
    not the meeting's agenda told after a sentence restating the actors. Asked in other words too."""
    text = ("Foreign Minister Ana Ruiz and Defence Minister Luis Soto have met the Peruvian ministers in the first "
            "joint meeting between Chile and Peru. During the meeting, the ministers discussed regional security "
            "and what more Chile and Peru can do together to promote stability at sea.\n"
            "Foreign Minister Ana Ruiz said:\n“Chile and Peru have long been close partners.\n"
            "“This week’s attack on two Chilean trawlers shows how important it is we work together to defeat "
            "those who threaten our coasts.”")
    for question in ("why does ruiz think it's so important right now for chile and peru to work together",
                     "Why does Ruiz believe Chile and Peru must work together?"):
        c = _compose(question, text, "regional security")
        assert c is not None and "defeat those who threaten" in c.text, question


def test_what_they_met_for_is_the_for_phrase_of_that_meeting():
    """"What did the admirals meet separately for that evening?": "for detailed discussions …", not a
    purpose of the main meeting told after a sentence restating who met."""
    text = ("Admiral Ana Ruiz and Admiral Luis Soto have met the Peruvian admirals at the first naval staff talks. "
            "During the talks, the admirals discussed regional security to promote stability at sea. The two "
            "admirals also met separately that evening for detailed discussions around their fleets' exercises.")
    for question in ("what did the admirals meet separately for that evening",
                     "For what purpose did the two admirals meet separately that evening?"):
        c = _compose(question, text, "regional security")
        assert c is not None and "detailed discussions" in c.text, question


def test_a_sentence_stating_the_whole_question_with_a_purpose_is_sure_of_it():
    """"Why were the Bora and Kiru sent to the Baltic?" against "The two Danish ships Bora and Kiru had
    deployed to the Baltic to take part in …": the reader's low probability for the passage does not
    refuse it."""
    text = ("HMS Arun has spent two weeks working with Danish ships in the Baltic. The two Danish ships Bora and "
            "Kiru had deployed to the Baltic to take part in the Northern Mine Exercise this May.")
    c = _compose("Why were the Bora and Kiru sent to the Baltic?", text, "two weeks", probability=0.05)
    assert c is not None and not c.refused and "to take part" in c.text and c.confidence >= 0.45


def test_a_sentence_stating_the_whole_question_is_sure_of_it_though_the_one_before_restates_it_too():
    """"Why had the Danish ships Bora and Kiru gone to the Baltic?": the sentence before ("… with the ships of
    the Danish 5th Mine Division in the Baltic") restates half the question, yet the purpose sentence states
    all of it but "gone" by its own words: the reader's low probability for the passage does not refuse it."""
    text = ("HMS Arun has spent two weeks working with the ships of the Danish 5th Mine Division in the Baltic. "
            "The two Danish ships Bora and Kiru had deployed to the Baltic to take part in the Northern Mine "
            "Exercise this May.")
    c = _compose("Why had the Danish ships Bora and Kiru gone to the Baltic?", text, "two weeks", probability=0.05)
    assert c is not None and not c.refused and "to take part" in c.text and c.confidence >= 0.45


def test_a_reason_beside_the_readers_unmarked_sentence_takes_its_evidence():
    """"why are chilean officials keen on the joint radar research with sweden": the reader reads "… gave a
    green light to Chile's joint research with Sweden …" (no reason); two sentences on, "… Chilean officials are
    hoping the research can lead to …" names the reason outright and holds more of the question's words.
    A permission beside it ("licensed to") does not take the reader's evidence."""
    text = ("Separately, the government also gave a green light to Chile's joint research with Sweden using "
            "Chilean radar technology. It's a simulation-based project linked to a missile programme. Defence "
            "official Ana Rojas said Chilean officials are hoping the research can lead to a technology for "
            "the new frigates.")
    c = _compose("why are chilean officials keen on the joint radar research with sweden", text, "green light",
                 probability=0.85)
    assert c is not None and "are hoping the research" in c.text
    text = ("The navy requested the export, and the radars would be sent to Peru. Andes Works has been licensed "
            "to produce radars for Sweden, which stopped producing them itself.")
    c = _compose("Why did Chile send radars made by Andes Works to Sweden in the first place?", text,
                 "The navy requested", probability=0.9)
    assert c is not None and "requested the export" in c.text


def test_why_it_matters_is_what_it_is_important_for():
    """"Ruiz says strengthening rifle production matters for what reasons?": "This is important for our
    army, but also …", not the need stated before the step was taken (why it was taken)."""
    text = ("– We see a great need for rifles in the North and among partners in the South. The government has "
            "taken significant steps to strengthen rifle production in Chile. This is important for our army, "
            "but also to contribute to a stronger arms industry across borders, says Ruiz.")
    for question in ("Ruiz says strengthening Chile's rifle production matters for what reasons?",
                     "why does building up chile's rifle production matter, according to ruiz"):
        c = _compose(question, text, "significant steps")
        assert c is not None and "important for our army" in c.text, question


def test_a_sentence_naming_only_anothers_purpose_borrows_none_of_its_words():
    """"The two Danish ships Bora and Kiru had deployed to the Baltic to take part in the exercise. HMS Arun,
    for the purpose of the exercise, sailed …": asked why the Danish ships went, the second sentence names
    the first one's purpose ("the exercise"), not their going; it takes none of the first one's words."""
    text = ("HMS Arun has spent two weeks working with Danish ships in the Baltic. The two Danish ships Bora and "
            "Kiru had deployed to the Baltic to take part in the Northern Mine Exercise this May. HMS Arun, under "
            "the control of the Danish staff, for the purpose of the exercise, sailed with ships from many nations.")
    for question in ("for what purpose did denmark's mine ships go to the baltic",
                     "Why were the Bora and Kiru sent to the Baltic?"):
        c = _compose(question, text, "for the purpose of the exercise", probability=0.1)
        assert c is not None and "to take part" in c.text, question


def test_the_agreement_opening_a_passage_is_the_one_the_passage_before_names():
    """"The agreement establishes a legal framework to allow …" stands near the start of a passage; "the
    agreement" is the one the retrieved passage before it names in full ("a deeper agreement on the Transfer of Naval
    Technology"), so the sentence holds the question's words too and its means ("framework") answers
    how the agreement works, not the sentence naming it."""
    doc = ("Spain and Italy signed a memorandum on naval cooperation in Rome. The memorandum is a precursor to a "
           "deeper agreement on the Transfer of Naval Equipment and Technology that Spain is required by law to "
           "sign with all its partners. Spain has signed this framework accord with 12 other countries. The agreement establishes a legal framework to allow Spain and its partners "
           "to transfer naval technologies for joint research and production. It also provides controls over "
           "transfers to a third party.")
    cut = doc.index("Spain has signed this framework")
    first = Passage(doc_id="d.txt", start=0, end=cut + 40, text=doc[:cut + 40], score=1.0)
    second = Passage(doc_id="d.txt", start=cut, end=len(doc), text=doc[cut:], score=1.0)
    passages = [first, second]

    def reading(i: int, span: str, probability: float) -> Reading:
        start = passages[i].text.index(span)
        return Reading(passage=i, probability=probability, start=start, end=start + len(span), span_probability=0.5)
    question = ("How does the deeper Transfer of Naval Equipment and Technology agreement Spain must sign let Spain and "
                "its partners share naval technologies?")
    c = compose_reason(analyse(question), question, passages,
                       [reading(1, "legal framework to allow Spain", 0.90), reading(0, "deeper agreement", 0.89)])
    assert c is not None and "legal framework" in c.text


def test_a_marked_sentence_binding_every_word_of_the_question_is_sure_of_it():
    """"Why, in Ruiz's view, does the Pacific matter so much?" against "She noted that the region is vital for
    …" after "Minister Ruiz expressed … the security of the Pacific": with the sentence it points back at, it
    holds every word of the question but the words of asking ("view", "much"), and a marker; the reader's low
    probability for the passage no longer refuses it. Asked of an ocean the text never names, it stays unsure."""
    text = ("Minister Ruiz expressed Chile's commitment to contributing to the security of the Pacific. She noted "
            "that the region is vital for maintaining global trade routes and ensuring stability.")
    c = _compose("Why, in Ruiz's view, does the Pacific matter so much?", text, "commitment", probability=0.2)
    assert c is not None and not c.refused and "vital for maintaining" in c.text and c.confidence >= 0.45
    c = _compose("Why, in Ruiz's view, does the Atlantic matter so much?", text, "commitment", probability=0.2)
    assert c is None or c.refused or c.confidence < 0.41


def test_a_sentence_restating_the_whole_question_is_sure_of_the_one_after_it():
    """"In what way did Soto say Chile and Peru are strategically similar?": the sentence restating it whole
    ("Minister Soto emphasized the strategic similarities between Chile and Peru.") is explained by the quote
    after it, however unsure the reader is of the passage."""
    text = ("During their meeting, the ministers discussed naval cooperation. Minister Soto emphasized the strategic "
            "similarities between Chile and Peru. “We are both Pacific countries and both border Bolivia,” he noted.")
    c = _compose("In what way did Soto say Chile and Peru are strategically similar?", text, "naval cooperation",
                 probability=0.2)
    assert c is not None and not c.refused and "both Pacific countries" in c.text and c.confidence >= 0.45


def test_a_need_stated_before_a_step_is_no_means():
    """"How did Chile and Peru say they would strengthen wider naval collaboration?" asks for a means: the need
    stated before a step ("We see a great need for patrol ships …") says why the step was taken, not how; the
    sentence the reader reads in the other passage ("…, including work between the countries' shipyards") answers."""
    said = ("Chile and Peru have signed a naval agreement. The two sides also said they would strengthen wider naval "
            "collaboration, including work between the countries' shipyards, as well as joint exercises.")
    need = ("– We see a great need for patrol ships both in the North and among partners in the South. The government "
            "has taken significant steps to strengthen naval production capacity in Chile, says Ruiz.")
    passages = [_passage(said, "a.txt"), _passage(need, "b.txt")]

    def reading(i: int, span: str, probability: float) -> Reading:
        start = passages[i].text.index(span)
        return Reading(passage=i, probability=probability, start=start, end=start + len(span), span_probability=0.5)
    question = "How did Chile and Peru say they would strengthen wider naval collaboration?"
    c = compose_reason(analyse(question), question, passages,
                       [reading(0, "work between the countries' shipyards", 0.94),
                        reading(1, "naval production capacity", 0.9)])
    assert c is not None and "including work between" in c.text and "great need" not in c.text


def test_a_sentence_stating_all_but_the_country_asked_about_is_a_near_miss():
    """"Why did Peru decide to join Chile's naval exercise in the Pacific?" against a sentence stating all of it
    of Ecuador: the passage is about another country; asked of Ecuador, the sentence answers."""
    text = ("The ministers met in Santiago. Citing Soto, the ministry added that Ecuador's commitment to join Chile's "
            "naval exercise in the Pacific underscored Ecuador's commitment to regional security.")
    c = _compose("Why did Peru decide to join Chile's naval exercise in the Pacific?", text, "regional security")
    assert c is not None and c.refused and "another country than" in c.refused
    c = _compose("Why did Ecuador decide to join Chile's naval exercise in the Pacific?", text, "regional security")
    assert c is not None and not c.refused and "underscored" in c.text


def test_a_country_named_by_its_capital_replaces_the_one_asked_about():
    """"What made Peru decide to buy the Halcon-class corvette?" against "This follows Madrid’s recently announced
    decision to procure the Halcon-class corvette": Spain bought it, named by its capital after a "This" that
    stands for no country."""
    text = ("Chile's ministers will visit Spain on May 5 for talks on a joint corvette programme. This follows Madrid’s "
            "recently announced decision to procure the new Halcon-class corvette.")
    c = _compose("what made peru decide to buy the halcon-class corvette", text, "Halcon-class corvette")
    assert c is None or c.refused or c.confidence < 0.41


def test_a_means_asked_is_the_by_ing_sentence_holding_as_much_as_the_readers_unmarked_one():
    """"How will Chile keep a closer eye on developments in the Pacific?": the reader reads "Chile is paying
    closer attention to the Pacific region" (no means) in the passage it is surest of; "… by opening a naval
    office in Lima", in another passage, holds as many of the question's words and names the means."""
    first = _passage("Chile is paying closer attention to the Pacific region, which is becoming more important "
                     "for trade.", "a.txt")
    second = _passage("Chile is now improving its ability to keep an eye on developments in the Pacific by opening "
                      "a naval office in Lima in 2027.", "b.txt")
    start = first.text.index("paying closer attention")
    readings = [Reading(passage=0, probability=0.8, start=start, end=start + 23, span_probability=0.5),
                Reading(passage=1, probability=0.3, start=0, end=5, span_probability=0.1)]
    question = "How will Chile keep a closer eye on developments in the Pacific region?"
    c = compose_reason(analyse(question), question, [first, second], readings)
    assert c is not None and "by opening a naval office" in c.text


def test_considering_the_thing_so_important_is_no_name_someone_called_it():
    """"Why does Chile consider the Pacific so important?": "the Pacific so important" is the thing and how
    much, not a description it was called by; the sentence restating it is no answer, the reason is."""
    text = ("Chile is paying closer attention to the Pacific region, which is becoming more important for "
            "global security. He noted that the region is vital for maintaining global trade routes and "
            "ensuring stability.")
    c = _compose("why does chile consider the pacific so important", text, "paying closer attention")
    assert c is not None and "vital for maintaining" in c.text


def test_a_sentence_holding_only_the_questions_names_restates_no_claim():
    """"How will the treaty help Chile and Peru according to Ruiz?": "Minister Ruiz emphasized the
    similarities between Chile and Peru" holds only the question's names, so the quote after it
    explains nothing asked; Ruiz's words on the treaty do."""
    text = ("In a press release by Chile's foreign ministry, Ruiz said the treaty will support closer "
            "co-operation between the countries. Minister Ruiz emphasized the strategic similarities between "
            "Chile and Peru. “We are both Pacific countries and share a long coast,” he noted.")
    c = _compose("How will the treaty help Chile and Peru according to Ruiz?", text, "strategic similarities")
    assert c is not None and "the treaty will support" in c.text



def test_what_one_agreed_to_do_is_no_purpose():
    """"What will Chile's new naval office in Lima be for?": "Chile and Peru have agreed to strengthen
    cooperation, after a meeting … near Lima", which the reader is surest of, says what they agreed, not
    what anything is for; the purpose clause of the sentence naming the office does."""
    first = _passage("Chile and Peru have agreed to strengthen naval cooperation, after a meeting between senior "
                     "officials at a base near Lima on Saturday.", "a.txt")
    second = _passage("Chile is now enhancing its ability to monitor developments in the region by establishing a "
                      "naval office in Lima in 2027.", "b.txt")
    readings = [Reading(passage=0, probability=0.8, start=0, end=14, span_probability=0.5),
                Reading(passage=1, probability=0.3, start=0, end=5, span_probability=0.1)]
    question = "what will chile's new naval office in lima be for"
    c = compose_reason(analyse(question), question, [first, second], readings)
    assert c is not None and "to monitor developments" in c.text


def test_a_year_the_document_states_before_the_reason_binds_the_years_word_of_the_question():
    """"What motivated Chile's 2019 change in rifle export policy?": the reason sentence holds every word but
    "2019", which the story states before it (its date, in the passage before): it is bound, so answered
    at the asked floor however unsure the reader is of its passage."""
    from rag.answering.composers.reasons import ASKED_FLOOR

    doc = ("According to this story published in the Santiago Times on July 22, 2019: Chile has approved "
           "rifle sales abroad. More from the agency:\nThe policy change reverses Chile’s 1980 ban on rifle "
           "exports under its old constitution. It comes as the government wants a larger arms industry.")
    cut = doc.index("More from")
    first = Passage(doc_id="d.txt", start=0, end=cut, text=doc[:cut], score=1.0)
    second = Passage(doc_id="d.txt", start=cut, end=len(doc), text=doc[cut:], score=1.0)
    start = second.text.index("The policy change")
    readings = [Reading(passage=1, probability=0.2, start=start, end=start + 17, span_probability=0.1),
                Reading(passage=0, probability=0.1, start=0, end=9, span_probability=0.1)]
    question = "What motivated Chile's 2019 change in rifle export policy?"
    c = compose_reason(analyse(question), question, [first, second], readings)
    assert c is not None and "wants a larger arms industry" in c.text and c.confidence >= ASKED_FLOOR


def test_a_sentence_saying_what_the_one_before_came_out_of_explains_it():
    """"It comes as …" / "This follows …" right after the reader's unmarked sentence says what that one came
    out of: it is the answer, with a line break between the two (one sentence a line) too."""
    for gap in (" ", "\n"):
        text = ("The policy shift reverses the country's 1975 ban on drone sales under the old charter." + gap +
                "It comes as the cabinet wants to give the country a larger role in regional security.")
        c = _compose("what was behind the ministry's decision to ease its drone export rules", text, "1975 ban")
        assert c is not None and "wants to give the country a larger role" in c.text
        assert c.text.startswith("The policy shift")  # the sentence it explains, cited in support


def test_the_sentence_explaining_the_one_read_is_found_in_another_passage_of_the_document():
    """The passage the reader read ends with the sentence; another retrieved passage of the same document
    goes on with "It comes as …": that sentence is the answer, cited in the passage that holds it."""
    doc = ("Officials met in the capital on Monday. The policy shift reverses the country's 1975 ban on drone sales "
           "under the old charter. It comes as the cabinet wants to give the country a larger role in regional security.")
    cut = doc.index(" It comes as")
    first = Passage(doc_id="d.txt", start=0, end=cut, text=doc[:cut], score=1.0)
    second_start = doc.index("The policy")
    second = Passage(doc_id="d.txt", start=second_start, end=len(doc), text=doc[second_start:], score=0.5)
    read = first.text.index("1975 ban")
    readings = [Reading(passage=0, probability=0.8, start=read, end=read + 8, span_probability=0.5),
                Reading(passage=1, probability=0.2, start=0, end=3, span_probability=0.1)]
    question = "what was behind the ministry's decision to ease its drone export rules"
    c = compose_reason(analyse(question), question, [first, second], readings)
    assert c is not None and "wants to give the country a larger role" in c.text and c.passage == 1
    assert c.confidence >= 0.41  # the reader's reading of the sentence it explains stands for it
    assert any(x.kind == "answer" and x.text.startswith("It comes as") for x in c.citations)


def test_the_marker_the_question_names_beats_the_readers_sentence_holding_more_of_its_words():
    """Asked why the export approval was a milestone, the reader reads the sentence naming the export and the
    parts (more of the question's words); the one saying what the approval "marks" is what was asked."""
    text = ("The approval marks the first export of military technology since the rules were relaxed in May. "
            "The export of the radar parts, approved by the council, was requested by Canada, and the radar parts "
            "would then go to Chile, officials said.")
    c = _compose("Why was the approval of the radar parts export a milestone?", text, "requested by Canada", 0.95)
    assert c is not None and "marks the first export of military technology" in c.text
