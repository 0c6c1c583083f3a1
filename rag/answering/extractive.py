"""The default generator: answers are verbatim source text, or an abstention.

The trained reader (rag.answering.reader) reads the question with each retrieved passage and
gives the probability that the passage holds the answer and the answer's span inside it. The
most probable passage wins. Its probability, combined with how close the question's meaning is to
the sentence around the span (rag.answering.confidence), is the answer's confidence, which the
abstention threshold applies to; it is 0 when the question states a number that none of the
passages mentions (rag.answering.grounding). The span is the short answer when the reader is
sure enough of its boundaries, else the sentence around it is; the sentence (or sentences)
holding the span is always cited as the support.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import chain

from rag.answering.base import (BaseGenerator, Capabilities, GeneratorOptions, abstention, below_threshold,
                                 span_citation)
from rag.answering.confidence import ConfidenceModel, SentenceCosine, clause_around
from rag.answering.composers import Composition
from rag.answering.composers.answer_types import (amount_in, amounts, capital_replaced, category_conflict, count_in,
                                                  counts_what, country_unnamed, currency_asked, date_of_country, matches_type, only_countries,
                                                  modifies_asked, point_in_time, region_unnamed, replaced_designation,
                                                  sentence_with_member, ship_nationalities, unnamed_holder)
from rag.answering.composers.descriptions import compose_description
from rag.answering.composers.inventory import absent_ships, compose_inventory, ship_spans, ships_of
from rag.answering.composers.makers import compose_maker
from rag.answering.composers.lists import (announced_countries, asked_count, asks_open_what, both_sides, count_items,
                                           coordination_elsewhere, coordination_not_asked, coordination_of_places,
                                           counted_coordination,
                                           expand_to_list, gather_items, item_asked_for, items_besides, items_not_named, owned_item_asked,
                                           items_in_regions, joined_people, places_beside)
from rag.answering.composers.reasons import compose_reason
from rag.answering.composers.speakers import compose_speaker, other_speaker
from rag.answering.composers.ship_type import known_ships, names_ship
from rag.answering.composers.roles import compose_holders, compose_role, held_by_others
from rag.answering.composers.yes_no import DOES_NOT_SAY, compose_yes_no
from rag.answering.countries import absent_countries, countries_named, regions_asked
from rag.answering.grounding import (absent_full_names, asks_photo_credit, only_planned, photo_credits,
                                     replaced_value, unstated_in, unstated_ordinal)
from rag.answering.question_analysis import HOW_LONG, QuestionAnalysis, analyse, excluded, owners_title
from rag.answering.reader import Reader, Reading, model_card
from rag.answering.span_anchor import after_restated, anchored
from rag.answering.span_edges import edges, fit_to_question, restates_question
from rag.answering.span_frame import framed, question_frame
from rag.answering.yes_no_model import YesNoModel
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import content_words
from rag.types import Answer, Citation, Passage


def support_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of ``text`` that hold ``[start, end)``."""
    spans = [(a, b) for a, b in split_sentences(text) if a < end and start < b]
    if not spans:
        return start, end
    return min(spans[0][0], start), max(spans[-1][1], end)


_REFERS_BACK = re.compile(r"^[\W]*(?:they|he|she|it|this|these|those|the two|both)\b", re.I)


def with_antecedent(text: str, start: int, end: int) -> str:
    """The sentence(s) ``[start, end)`` of ``text``, led by the sentence before where the first
    starts by pointing back ("They agreed to increase communication and share expertise."): its
    words are the ones a question about it repeats ("What did Kihara and Gram agree to do?")."""
    return with_sentence_before(text, start, end) if _REFERS_BACK.match(text[start:end]) else text[start:end]


def with_sentence_before(text: str, start: int, end: int) -> str:
    """The sentence(s) ``[start, end)`` of ``text`` led by the sentence before, where there is one: the
    sentence a description ("The European country will send two naval ships") names its subject in."""
    before = [a for a, b in split_sentences(text[:start]) if text[a:b].strip()]
    return text[before[-1]:end] if before else text[start:end]


_RELATIVE_DATE = re.compile(r"\b(?:this|last|next|that|earlier this|later this)\s+(?:year|month|week|%s)\b"
                            % "|".join(("january february march april may june july august september october november "
                                        "december spring summer autumn winter").split()), re.I)
_YEAR_IN = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def dated(text: str, start: int, end: int) -> str:
    """The sentence(s) ``[start, end)`` with the year a relative date in them refers to ("… to take
    part in IMCMEX this November." after "this November 11, 2014 piece …"): the last year the text
    states before them, added where they state none."""
    sentence = text[start:end]
    if _YEAR_IN.search(sentence) or not _RELATIVE_DATE.search(sentence):
        return sentence
    years = _YEAR_IN.findall(text[:start])
    return f"{sentence} ({years[-1]})" if years else sentence


_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")


def heading_end(passage: Passage) -> int:
    """Where the passage's first line ends when that line is its document's title standing as a
    heading (no sentence-ending punctuation), else 0. The reader reads the heading for context but
    takes no answer from it: a title names a topic and states no fact, and the reader, trained on
    SQuAD paragraphs, which carry none, would otherwise answer "Where does the Zorblax festival
    take place?" with "northern valleys" from the heading "Festivals of the northern valleys"."""
    line_end = passage.text.find("\n")
    title = passage.title.strip()
    if line_end < 0 or not title or _SENTENCE_END.search(title):
        return 0
    return line_end if passage.text[:line_end].strip().lstrip("#").strip() == title else 0


def _noun_head(analysis: QuestionAnalysis) -> str:
    """The stem of the noun a "what frigate …" question asks for, where no type test knows it, else ""."""
    return next(iter(content_words(analysis.noun.split()[-1])), "") \
        if analysis.answer_type == "other" and analysis.noun else ""


def _names_noun(head: str, question: str, span: str) -> bool:
    """``span`` ends with the noun asked for and says more than the question ("Mogami-class multi-role
    frigate" for "what frigate")."""
    words = [w for w in (content_words(w) for w in span.split()) if w]
    if not (head and words) or content_words(span) <= content_words(question):
        return False
    if head in words[-1]:
        return True
    # the noun then a prepositional phrase saying which ("terrorist incidents in Paris" for "which incidents")
    tokens = span.split()
    return len(tokens) <= NOUN_THEN_PLACE_WORDS and any(
        head in content_words(w) and nxt.lower() in _QUALIFYING for w, nxt in zip(tokens, tokens[1:]))


NOUN_THEN_PLACE_WORDS = 6
_QUALIFYING = {"in", "of", "at", "from", "on"}


def build(options: GeneratorOptions) -> "ExtractiveGenerator":
    return ExtractiveGenerator(threshold=options.threshold, embedder=options.embedder)


_FROM_CARD = object()
# A reading whose span has the asked type replaces a better one without, if it is at least this
# probable relative to it; else the untyped span's confidence is multiplied by the penalty.
TYPED_ALTERNATIVE = 0.5
WRONG_TYPE_PENALTY = 0.8
# "How many …" answered by a span with no number in it, "how long" by a date, "which body" by a
# company: the type test is a sure one there.
SURELY_WRONG_PENALTY = 0.5
# A span whose sentence replaces a quantity, ordinal or month the question states, or that only
# repeats the question's words, is a near miss: its confidence is multiplied by this.
NEAR_MISS_PENALTY = 0.5
# An inventory ("which ships are named across these articles"), a photo's credit or the countries a
# sentence announces by their count is found by how things are written, not read: as sure as a role
# bound to a name by its title alone.
INVENTORY_CONFIDENCE = 0.6
# A list question's span whose coordination has as many items as it asks for ("which two freedoms"
# against "freedom of speech and freedom of expression"): the count agrees, the confidence rises so.
COUNT_AGREES = 1.15
# A closed-class question ("how often …") whose reader's span holds a word of the class ("fortnightly
# online column"): the type agrees, the confidence rises as much as for an agreeing count.
CLASS_AGREES = COUNT_AGREES
# A span written as the modifier of the very noun the question asks about ("whose press release" ->
# "a press release by X"; "how long did the meeting last" -> "the 40-minute meeting") is the grammar's
# own evidence: the reader's probability no longer keeps its confidence under this floor.
MODIFIER_FLOOR = 0.5
# A span of the reader's best passage scored at most this far below its best one (start + end logits)
# answers instead where its sentence holds at least CLOSER_WORDS more of the question's words.
CLOSER_SPAN_MARGIN = 2.0
CLOSER_WORDS = 2
# A span of the type asked for is the answer from this share of the span threshold (corpus_dev).
TYPED_SPAN_SHARE = 0.5
# Where the reader's best span is not of the type asked and no other passage has one, a span of its
# own passage that is, scored at most this far below it (start + end logits; corpus_dev).
TYPED_SPAN_MARGIN = 8.0


@dataclass
class AskedPhrase:
    """What answers before the confidence: the ``reading``, its ``passage`` and ``sentence``, the
    phrase that answers instead of the span (``counted``), the penalty on the confidence; whether
    the reader's own span names the closed-class member (``agrees``) and whether the phrase is
    picked by the question's wording in the reader's own sentence (``worded``: its weekday, its
    amount in the asked currency), which is evidence the reader's probability does not hold."""
    reading: Reading
    passage: Passage
    sentence: tuple[int, int]
    counted: tuple[int, int] | None
    penalty: float
    text: str
    agrees: bool = False
    worded: bool = False


@dataclass
class SpanChoice:
    """The reading chosen to answer: the reader's span (``reading``) in ``passage`` (the one the
    answer is taken from, which a date of the asked country's sentence may move), the
    ``sentence`` holding it (local offsets), the counted phrase or day that answers instead of
    the span, and the confidence, with why it was lowered ("" when it was not)."""
    reading: Reading
    passage: Passage
    sentence: tuple[int, int]
    counted: tuple[int, int] | None
    confidence: float
    why: str


class ExtractiveGenerator(BaseGenerator):
    name = "extractive"
    capabilities = Capabilities(threshold=True)

    def __init__(self, reader: Reader | None = None, threshold: float | None = None,
                 span_threshold: float | None = None, confidence: ConfidenceModel | None | object = _FROM_CARD,
                 embedder: object = None) -> None:
        """``confidence``: how the reader's probability and the question-sentence cosine combine
        into the answer's confidence; None for the reader's probability alone; by default the
        weights calibrated with the shipped reader (its model card). ``embedder``: the index's,
        used for the cosine when it is the model the weights were fitted with."""
        self.reader = reader or Reader()
        self._threshold = threshold
        self._span_threshold = span_threshold
        self._last: tuple[tuple, list[Reading]] | None = None  # the latest reading, see score()
        self._confidence_model = confidence
        self._embedder = embedder
        self._cosine: SentenceCosine | None = None
        self.yes_no = YesNoModel()

    @property
    def threshold(self) -> float:
        """Abstention threshold on the answer's confidence; calibrated by bench/train_reader.py."""
        return model_card()["threshold"] if self._threshold is None else self._threshold

    @property
    def span_threshold(self) -> float:
        return model_card()["span_threshold"] if self._span_threshold is None else self._span_threshold

    def _sentence_cosine(self) -> SentenceCosine | None:
        """The cosine of the confidence weights (read from the card on first use); None without them."""
        if self._confidence_model is _FROM_CARD:
            self._confidence_model = ConfidenceModel.from_card(model_card())
        if self._cosine is None and self._confidence_model is not None:
            self._cosine = SentenceCosine(self._confidence_model.embedder, shared=self._embedder)
        return self._cosine

    def load(self) -> None:
        self.reader.session
        if cosine := self._sentence_cosine():
            cosine.load()

    def confidence(self, question: str, probability: float, sentence: str,
                   span: tuple[int, int] | None = None) -> float:
        """The answer's confidence: the reader's probability, combined with the question-sentence
        cosine where the model card holds the weights fitted for it. ``span``: the answer's offsets
        in ``sentence``; the cosine is then the mean of the sentence's and the higher of the sentence's
        and its clause's (the clause taken alone let more of SQuAD's unanswerable questions through)."""
        cosine = self._sentence_cosine()
        if cosine is None:
            return probability
        similarity = cosine(question, sentence)
        if span is not None and \
                (clause := clause_around(sentence, *span)) and clause != sentence.strip():
            similarity = (similarity + max(similarity, cosine(question, clause))) / 2
        return self._confidence_model.combine(probability, similarity)

    def score(self, question: str, passages: list[Passage]) -> list[Reading]:
        """The reader's verdict on every passage, most probable first. The latest one is kept:
        `rag eval` asks ``decide`` again at threshold 0 with the same passages where it abstained,
        and the passages need not be read twice."""
        key = (question, *(p.text for p in passages))
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        readings = sorted(self.reader.read(question, [p.text for p in passages], [heading_end(p) for p in passages],
                                           alternatives=True),
                          key=lambda r: (-r.probability, r.passage))
        self._last = (key, readings)
        return readings

    def generate(self, question: str, passages: list[Passage]) -> Answer:
        return self.decide(question, passages, self.threshold)

    def decide(self, question: str, passages: list[Passage], threshold: float) -> Answer:
        """The answer at a given abstention threshold; `rag eval` asks again at 0 where the
        default abstained, to chart what each threshold would give."""
        analysis = analyse(question)
        answer = self._decide(question, analysis, passages, threshold)
        answer.question_kind, answer.answer_type = analysis.kind, analysis.answer_type
        return answer

    def _decide(self, question: str, analysis: QuestionAnalysis, passages: list[Passage],
                threshold: float) -> Answer:
        ranked = self.score(question, passages)
        if not ranked:
            return abstention(question, passages, self.name, 0.0, "no passage was retrieved")
        if analysis.kind == "yes_no" and self.yes_no.path.is_file():
            return self._yes_no(question, passages, ranked, threshold)
        if (unstated := unstated_in(question, passages)) and threshold > 0:  # at 0 the sweep sees the answer
            return abstention(question, passages, self.name, 0.0,
                              f"the question states {' and '.join(unstated)}, which none of the passages found mentions")
        composed = None
        if analysis.kind == "factoid" and asks_photo_credit(question):
            composed = self._photo_credit(question, passages)  # "who took the photo of …": its credit line
        elif maker := compose_maker(question, passages):
            composed = maker  # "who builds the Mogami-class frigate": the company whose product the text says it is
        elif described := compose_description(question, passages):
            composed = described  # "how is X described", "what kind of company is X"
        elif analysis.answer_type == "person" and (speaker := compose_speaker(question, passages)):
            composed = speaker  # "who said he was delighted to welcome Nakatani": the quote's speaker
        elif analysis.kind == "list" and (announced := announced_countries(question, passages)):
            composed = announced  # "visited three nations …" then one country a sentence: found by how it is written
            composed.confidence = INVENTORY_CONFIDENCE
        elif analysis.answer_type == "place" and analysis.kind == "factoid" and regions_asked(analysis.noun)[0] and \
                (announced := announced_countries(question, passages, picked=True)):
            composed = announced  # "which african country did he visit": of the countries announced, the one there
            composed.confidence = INVENTORY_CONFIDENCE
        elif analysis.kind in ("list", "factoid") and (
                composed := compose_inventory(question, passages, passages[0].doc_id)):
            composed.confidence = INVENTORY_CONFIDENCE  # every ship/company/country mentioned, by how it is written
            if analysis.kind == "factoid" and asks_open_what(question):
                return self._enumeration_read(question, analysis, passages, ranked, threshold, composed)
        elif analysis.kind == "role":
            composed = compose_role(analysis, passages)
        elif analysis.kind == "list" and analysis.title:
            composed = compose_holders(analysis, passages)
        elif analysis.title and (others := held_by_others(analysis, passages)):
            return abstention(question, passages, self.name, 0.0, others)  # "which british prime minister …"
        elif (named := owners_title(question)) and (others := held_by_others(
                QuestionAnalysis("role", "person", title=named[1], owner=named[0]), passages, stated=True)):
            return abstention(question, passages, self.name, 0.0, others)  # "… with Jordan's foreign minister"
        elif analysis.kind == "why_how":
            composed = compose_reason(analysis, question, passages, ranked)
        if composed is not None:
            return self._composed(question, passages, composed, threshold)
        return self._span_answer(question, analysis, passages, ranked, threshold)

    @staticmethod
    def _photo_credit(question: str, passages: list[Passage]) -> Composition | None:
        """The credit of the photograph the question asks about: of the credits the passages write
        ("(Photo: Ingrid Dåsnes/Ministry of Defence)"), the one whose caption line and document title
        share most of the question's words, the first retrieved on a tie; None where none is written.
        The reader, trained on SQuAD paragraphs, has never seen a credit and answers with the people
        the caption shows."""
        asked = content_words(question)
        found = [(len(asked & content_words(f"{p.title} {p.text[x:y]}")), -n, p, (a, b, x, y))
                 for n, p in enumerate(passages) for a, b, x, y in photo_credits(p.text)]
        if not found:
            return None
        _, _, passage, (a, b, x, y) = max(found, key=lambda f: f[:2])
        return Composition(passage.text[a:b], INVENTORY_CONFIDENCE,
                           [span_citation(passage, a, b, kind="answer"), span_citation(passage, x, y)])

    def _yes_no(self, question: str, passages: list[Passage], ranked: list[Reading], threshold: float) -> Answer:
        card = self.yes_no.card
        decision = card["decision"]
        composed = compose_yes_no(question, passages, ranked, self.yes_no, decision["relevance"], decision["coverage"],
                                  self._sentence_cosine())
        if composed.refused:  # neither stated nor contradicted: say so, which is an abstention
            return Answer(question=question, text=DOES_NOT_SAY, abstained=True, passages=passages,
                          confidence=composed.confidence, generator=self.name, reason=composed.refused)
        # The yes/no decision has its own threshold (its confidence is no reader probability),
        # moved by as much as a user's threshold differs from the reader's default.
        shifted = decision["threshold"] + (threshold - model_card()["threshold"])
        if composed.confidence < shifted:
            return Answer(question=question, text=DOES_NOT_SAY, abstained=True, passages=passages,
                          confidence=composed.confidence, generator=self.name,
                          reason="the documents do not clearly say: " +
                                 below_threshold("the yes/no decision's confidence", composed.confidence, shifted))
        return Answer(question=question, text=composed.text, abstained=False, citations=composed.citations,
                      passages=passages, confidence=composed.confidence, generator=self.name)

    def _composed(self, question: str, passages: list[Passage], composed: Composition, threshold: float) -> Answer:
        if composed.refused:
            return abstention(question, passages, self.name, 0.0, composed.refused)
        why = ""
        support = " ".join(c.text for c in composed.citations if c.kind == "support")
        if replaced := replaced_value(question, support):  # "the second meeting" asked, "the first" stated
            composed.confidence *= NEAR_MISS_PENALTY
            why = f" (the passage states another value than {replaced})"
        if composed.confidence < threshold:
            return abstention(question, passages, self.name, composed.confidence,
                              below_threshold("the answer's confidence", composed.confidence, threshold) + why)
        return Answer(question=question, text=composed.text, abstained=False, citations=composed.citations,
                      passages=passages, confidence=composed.confidence, generator=self.name)

    def _enumeration_read(self, question: str, analysis: QuestionAnalysis, passages: list[Passage],
                          ranked: list[Reading], threshold: float, composed: Composition) -> Answer:
        """A factoid asked by a bare "what" ("what did X pay tribute to") gets the things a sentence
        coordinates only where the reader's own answer points into them, at the reader's confidence:
        the text decides one thing or several, the reader whether it answers at all (on SQuAD, a
        fixed confidence answered questions the reader rightly refused)."""
        read = self._span_answer(question, analysis, passages, ranked, threshold)
        mine = [c for c in read.citations if c.kind == "answer"] or read.citations
        items = [c for c in composed.citations if c.kind == "answer"]
        if read.abstained or not any(a.doc_id == b.doc_id and a.start < b.end and b.start < a.end
                                     for a in mine for b in items):
            return read
        composed.confidence = read.confidence
        return self._composed(question, passages, composed, threshold)

    def _span_answer(self, question: str, analysis: QuestionAnalysis, passages: list[Passage],
                     ranked: list[Reading], threshold: float) -> Answer:
        """The reader's answer in two steps: which reading (passage, span, sentence) answers and how
        sure it is (``_choose_reading``), then what it says (``_shape_answer``)."""
        choice = self._choose_reading(question, analysis, passages, ranked)
        return self._shape_answer(question, analysis, passages, choice, threshold)

    def _choose_reading(self, question: str, analysis: QuestionAnalysis, passages: list[Passage],
                        ranked: list[Reading]) -> "SpanChoice":
        """The reading that answers: of the type the question asks for where a close reading has one
        (else its confidence is lowered), in a sentence naming the country asked about; its
        confidence lowered where the sentence states another value than the question asks for."""
        read = closer = self._about_country(question, passages, ranked)
        if analysis.kind == "factoid":
            read = self._naming_noun(question, analysis, passages, read, ranked)
            closer = self._closer_span(question, analysis, passages, read)
            if closer is read:
                closer = self._closer_reading(question, analysis, passages, read, ranked)
            closer = self._unaliased(question, analysis, passages, closer, ranked)
            closer = self._framed_reading(question, analysis, passages, closer, ranked)
        best, penalty = self._typed_reading(question, analysis, passages, closer, ranked)
        asked_phrase = self._asked_phrase(question, analysis, passages, ranked, best, penalty)
        best, passage, (a, b), counted, penalty, span_text = (
            asked_phrase.reading, asked_phrase.passage, asked_phrase.sentence, asked_phrase.counted,
            asked_phrase.penalty, asked_phrase.text)
        asked = analysis.noun or (analysis.answer_type if analysis.answer_type != "other" else "")
        why = "" if penalty == 1.0 else f"the best span is not a {asked}" if asked else \
            "the best span is not what is asked for"
        if near_miss := self._near_miss(question, analysis, passages, passage, (a, b), span_text):
            penalty, why = penalty * NEAR_MISS_PENALTY, near_miss
        own = (best.start, best.end) if passage is passages[best.passage] else None
        confidence = penalty * self._sentence_confidence(question, best.probability, passage.text, (a, b), own)
        if best is closer and closer is not read and closer.passage == read.passage:
            # a sentence that restates the question picks the span of the same passage, it is no evidence
            # the passage holds the answer: the confidence stays at most the reader's best span's (a
            # reading of another passage has its own probability, see _closer_reading)
            confidence = min(confidence, penalty * self._reading_confidence(question, passages, read))
        if analysis.kind == "list" and (wanted := asked_count(question)) >= 2 and \
                count_items(passage, best.start, best.end) == wanted:
            confidence = min(1.0, confidence * COUNT_AGREES)  # "which two freedoms": two items, as asked
        if asked_phrase.agrees:
            confidence = min(1.0, confidence * CLASS_AGREES)  # "how often": "fortnightly online column"
        if penalty == 1.0 and not why and (asked_phrase.worded or modifies_asked(
                question, passage.text, *(counted or (best.start, best.end)), (a, b))):
            confidence = max(confidence, MODIFIER_FLOOR)  # "whose press release": "a press release by <span>"
        if analysis.kind == "factoid" and counted is None and passage is passages[best.passage] and \
                (end := fit_to_question(passage.text, best.start, best.end, _noun_head(analysis))) != best.end \
                and end <= b:
            best = replace(best, end=end)  # the span ends with the noun asked for ("… defense system")
        return SpanChoice(best, passage, (a, b), counted, confidence, why)

    @staticmethod
    def _asked_phrase(question: str, analysis: QuestionAnalysis, passages: list[Passage], ranked: list[Reading],
                      best: Reading, penalty: float) -> "AskedPhrase":
        """The phrase of the question's wording that answers instead of the reader's span, where there
        is one: the count of what "how many years" counts, the day of the sentence naming the country
        asked about, the member of a closed class ("what day of the week"), the amount in the currency
        asked for; else the reader's span, with its sentence and penalty."""
        passage = passages[best.passage]
        a, b = support_span(passage.text, best.start, best.end)
        span_text = passage.text[best.start:best.end]
        found = AskedPhrase(best, passage, (a, b), None, penalty, span_text)
        if penalty < 1.0 and analysis.counted and (c := count_in(passage.text[a:b], analysis.counted)):
            found = replace(found, counted=(a + c[0], a + c[1]), penalty=1.0)  # "four years" of the sentence
        elif analysis.counted and (c := count_in(passage.text[best.start:b], analysis.counted)) and \
                c[0] == 0 and best.start + len(passage.text[best.start:best.start + c[1]].rstrip()) >= \
                best.start + len(span_text.rstrip()):
            # the span is the count, or its number ("four" of "Over four years")
            found = replace(found, counted=(best.start + c[0], best.start + c[1]))
        if (analysis.kind == "factoid" and analysis.answer_type == "date"
                and (moved := date_of_country(question, passages, (best.passage, a, b)))):
            # "When did Nakatani meet Jordan's Prime Minister?": the day of the sentence naming Jordan
            n, x, y, day_start, day_end = moved
            found = AskedPhrase(best, passages[n], (x, y), (day_start, day_end), 1.0,
                                passages[n].text[day_start:day_end])
        if analysis.closed and (member := sentence_with_member(
                question, passages, analysis.closed, (passages.index(found.passage), *found.sentence))):
            # "what day of the week …": "Saturday" of "on Saturday August 23", not the reader's date
            n, x, y, word_start, word_end = member
            reading = best if passages[n] is found.passage else next((r for r in ranked if r.passage == n), best)
            found = AskedPhrase(reading, passages[n], (x, y), (word_start, word_end), 1.0,
                                passages[n].text[word_start:word_end],
                                agrees=reading.start <= word_start and word_end <= reading.end,  # the reader's own
                                worded=x <= reading.start and reading.end <= y and
                                reading.probability >= TYPED_ALTERNATIVE * best.probability)
        if analysis.answer_type == "number" and (amount := amount_in(question, found.passage.text, *found.sentence)):
            # "worth in Australian dollars": "AU $290 million", not "NOK $1.9 billion"
            found = replace(found, counted=amount, penalty=1.0, text=found.passage.text[slice(*amount)],
                            worded=found.passage is passage and found.sentence == (a, b))
        return found

    def _typed_reading(self, question: str, analysis: QuestionAnalysis, passages: list[Passage], best: Reading,
                       ranked: list[Reading]) -> tuple[Reading, float]:
        """``best``, or, where its span is not of the type asked for, the most confident of the
        close readings of other passages and the close spans of its own passage that are (those naming
        the noun asked for first: "Patriot … missile defense system" for "which missile defence system"); with the
        penalty on the confidence of an untyped span (1.0 for a typed one)."""
        if self._typed(passages, best, analysis):
            return best, 1.0
        ships = _ships_asked(analysis, passages[best.passage], best)
        if ships and not analysis.ship:
            return ships[0], 1.0  # the ship of the nation asked for, named by its prefix, before any other span
        typed = [r for r in ranked[1:] if r.probability >= TYPED_ALTERNATIVE * best.probability
                 and self._typed(passages, r, analysis)] + self._typed_spans(question, analysis, passages, best)
        if analysis.ship and (ships := ships + typed):
            # "which ship …": of the ships named near the reader's span, the one whose sentence holds most
            # of the question's words ("… in the Japanese Command Ship Bungo" for "the japanese command ship")
            asked = content_words(question)
            return max(ships, key=lambda r: (_words_held(asked, passages[r.passage].text, r.start, r.end),
                                             self._reading_confidence(question, passages, r))), 1.0
        if typed:
            head = _noun_head(analysis)  # a span naming the noun asked for ("… missile defense system") first
            return max(typed, key=lambda r: (_names_noun(head, question, passages[r.passage].text[r.start:r.end]),
                                             self._reading_confidence(question, passages, r))), 1.0
        text = passages[best.passage].text
        span = text[best.start:best.end]
        surely_wrong = bool(analysis.ship) or (analysis.answer_type == "number" and (
            not matches_type(span, "number", analysis.counts)
            or (analysis.counted == HOW_LONG and point_in_time(span)))  # "how long …" answered "August 21"
            or category_conflict(span, analysis.noun, analysis.answer_type,
                                 text[max(0, best.start - 40):best.start]))
        return best, SURELY_WRONG_PENALTY if surely_wrong else WRONG_TYPE_PENALTY

    @staticmethod
    def _naming_noun(question: str, analysis: QuestionAnalysis, passages: list[Passage], best: Reading,
                     ranked: list[Reading]) -> Reading:
        """``best``, or, for "what frigate …" (a noun no type test knows) where ``best``'s span does not
        name it ("Sea 3000", the programme), a close reading whose span ends with it and says more
        than the question ("Mogami-class multi-role frigate")."""
        head = _noun_head(analysis)

        def names(r: Reading) -> bool:
            return _names_noun(head, question, passages[r.passage].text[r.start:r.end])
        if not head or names(best) or head in content_words(passages[best.passage].text[best.start:best.end]):
            return best
        return next((r for r in ranked[1:] if r.probability >= TYPED_ALTERNATIVE * best.probability and names(r)),
                    best)

    def _closer_span(self, question: str, analysis: QuestionAnalysis, passages: list[Passage],
                     best: Reading) -> Reading:
        """``best``, or a span of its passage the reader scores nearly as high (within CLOSER_SPAN_MARGIN)
        in a sentence holding clearly more of the question's words ("through its Nordic initiative" in the
        sentence on closer cooperation with the Nordic countries, not "Combined Space Operations
        Initiative" of the one on space): where the reader hesitates between two spans, the sentence
        that restates the question decides. Only for a question naming a type or a noun ("which
        Japanese unit"), the span of the type asked; not one that mostly repeats the question
        or is part of a name it states ("Shigeru" of "Shigeru Ishiba")."""
        if analysis.answer_type == "other" and not analysis.noun:
            return best  # "what did X tell reporters": nothing says which span is the kind of thing asked
        asked = content_words(question)
        text = passages[best.passage].text

        def held(start: int, end: int) -> int:
            return _words_held(asked, text, start, end)
        most, chosen = held(best.start, best.end) + CLOSER_WORDS - 1, best
        for other in _close_spans(best, CLOSER_SPAN_MARGIN):
            named_with = re.match(r"(?:\s+[A-Z][\w’'-]*)+", text[other.end:])  # "Shigeru" of "Shigeru Ishiba"
            if named_with and content_words(named_with.group()) & asked:
                continue  # part of a name the question states: what it names, not an answer
            words = content_words(text[other.start:other.end])
            if held(other.start, other.end) > most and len(words & asked) * 2 < len(words) \
                    and self._typed(passages, other, analysis):
                most, chosen = held(other.start, other.end), other
        return chosen

    def _closer_reading(self, question: str, analysis: QuestionAnalysis, passages: list[Passage], best: Reading,
                        ranked: list[Reading]) -> Reading:
        """``best``, or the reading of another passage the reader finds nearly as probable (at least
        TYPED_ALTERNATIVE of it) whose sentence holds at least CLOSER_WORDS more of the question's words,
        with a span of the type asked that does not only repeat the question ("Minister Kihara raised
        concerns over China's growing military activities" against "maritime nations with growing
        concerns about security" for "what did kihara raise concerns over"): what ``_closer_span`` does
        inside one passage, across passages."""
        head = _noun_head(analysis)
        if head and not _names_noun(head, question, passages[best.passage].text[best.start:best.end]):
            return best  # "what missile development": the spans naming the noun asked for decide (_typed_reading)
        asked = content_words(question)

        def held(r: Reading, antecedent: bool = False) -> int:
            return _words_held(asked, passages[r.passage].text, r.start, r.end, antecedent)
        # the best sentence counts with the one before where it points back ("It's a simulation-based
        # project linked to a Meteor missile development" after the one naming the joint research)
        most, chosen = held(best, antecedent=True) + CLOSER_WORDS - 1, best
        least = None  # the best reading's confidence, computed when first needed
        for r in ranked:
            if r is best or r.probability < TYPED_ALTERNATIVE * best.probability:
                continue
            span = passages[r.passage].text[r.start:r.end]
            if content_words(span) <= asked or \
                    (analysis.answer_type != "other" and not self._typed(passages, r, analysis)):
                continue
            if (n := held(r)) > most:
                if least is None:
                    least = self._reading_confidence(question, passages, best)
                if self._reading_confidence(question, passages, r) >= least:
                    most, chosen = n, r
        return chosen

    def _unaliased(self, question: str, analysis: QuestionAnalysis, passages: list[Passage], best: Reading,
                   ranked: list[Reading]) -> Reading:
        """``best``, or where its span only names again a phrase the question states ("JSM" of "Joint Strike
        Missile (JSM)" for "which company makes the Joint Strike Missile", see ``restates_question``), the
        best-scored span of its passage within CLOSER_SPAN_MARGIN that does not (of the type asked, not
        the question's own words), else the most probable close reading of another passage that does not."""
        text = passages[best.passage].text
        if not restates_question(text, best.start, best.end, question):
            return best
        asked = content_words(question)

        def fits(r: Reading) -> bool:
            t = passages[r.passage].text
            return not restates_question(t, r.start, r.end, question) and \
                not content_words(t[r.start:r.end]) <= asked and \
                (analysis.answer_type == "other" or self._typed(passages, r, analysis))
        return _first_fitting(best, ranked, CLOSER_SPAN_MARGIN, fits)

    def _framed_reading(self, question: str, analysis: QuestionAnalysis, passages: list[Passage], best: Reading,
                        ranked: list[Reading]) -> Reading:
        """``best``, or where its span does not stand where the question's wh-phrase stands (see
        rag.answering.span_frame: "Qatar" of "… would be transferred to Qatar" for "which country
        requested the export"), the span of the type asked that does ("The U.S. requested the
        export"): the best-scored of its passage's within TYPED_SPAN_MARGIN, else the most probable
        close reading of another passage; in a sentence holding at least as many of the question's
        words as ``best``'s. Only for a person, a body or a place asked by its subject or after a
        preposition: a name there is the thing asked, whatever the reader weighs around it."""
        if analysis.answer_type not in ("person", "organisation", "place") or analysis.ship:
            return best
        frame = question_frame(question, analysis.noun)
        if not any(frame):
            return best
        asked = content_words(question)

        def fills(r: Reading) -> bool:
            text = passages[r.passage].text
            a, b = support_span(text, r.start, r.end)
            return framed(text, r.start, r.end, frame, a, b)
        if fills(best):
            return best
        held = _words_held(asked, passages[best.passage].text, best.start, best.end)

        def fits(r: Reading) -> bool:
            text = passages[r.passage].text
            return fills(r) and not content_words(text[r.start:r.end]) <= asked and \
                not (analysis.answer_type == "person" and only_countries(text[r.start:r.end])) and \
                _words_held(asked, text, r.start, r.end) >= held and self._typed(passages, r, analysis)
        return _first_fitting(best, ranked, TYPED_SPAN_MARGIN, fits)

    def _typed_spans(self, question: str, analysis: QuestionAnalysis, passages: list[Passage],
                     best: Reading) -> list[Reading]:
        """Other spans of ``best``'s passage, of the type asked, that the reader scores nearly as
        high (within TYPED_SPAN_MARGIN of its start + end logits), the best-scored one of each
        sentence and its best-scored one naming the noun asked for, as readings of that passage:
        "which body approved the export" read as "Mitsubishi Heavy" (a company) where the same
        passage says "made by the National Security Council"; none that only repeats the question's
        words, and none from a sentence holding fewer of the question's words than the best span's
        (a two-day trip elsewhere does not say how long the visit the question names lasted)."""
        found: dict[tuple[tuple[int, int], bool], Reading] = {}
        asked, head = content_words(question), _noun_head(analysis)
        text = passages[best.passage].text
        held = len(asked & content_words(text[slice(*support_span(text, best.start, best.end))]))
        for other in _close_spans(best, TYPED_SPAN_MARGIN, others=()):
            sentence = support_span(text, other.start, other.end)
            key = (sentence, _names_noun(head, question, text[other.start:other.end]))
            if key not in found and not content_words(text[other.start:other.end]) <= asked and \
                    len(asked & content_words(text[slice(*sentence)])) >= held and \
                    self._typed(passages, other, analysis):
                found[key] = other
        return list(found.values())

    def _reading_confidence(self, question: str, passages: list[Passage], reading: Reading) -> float:
        """The confidence an answer from ``reading`` has (before any penalty)."""
        text = passages[reading.passage].text
        return self._sentence_confidence(question, reading.probability, text,
                                         support_span(text, reading.start, reading.end), (reading.start, reading.end))

    def _sentence_confidence(self, question: str, probability: float, text: str, sentence: tuple[int, int],
                             span: tuple[int, int] | None) -> float:
        """The confidence of a span ``[start, end)`` of ``text`` (None: not known) in the sentence(s)
        ``[a, b)``, read with the sentence before where they point back to it."""
        a, b = sentence
        read = with_antecedent(text, a, b)
        at = b - len(read)
        inside = span is not None and at <= span[0] and span[1] <= b
        return self.confidence(question, probability, read, (span[0] - at, span[1] - at) if inside else None)

    @staticmethod
    def _near_miss(question: str, analysis: QuestionAnalysis, passages: list[Passage], passage: Passage,
                   sentence: tuple[int, int], span_text: str) -> str:
        """Why the sentence ``[a, b)`` of ``passage`` answers a near miss of the question (it states
        another value, only repeats the question, only plans it, names another variant; no passage
        names what the question names), else ""."""
        a, b = sentence
        context = " ".join(f"{p.title}\n{p.text}" for p in passages)
        if replaced := replaced_value(question, dated(passage.text, a, b)):  # "third" asked, "fourth" stated
            return f"the passage states another value than {replaced}"
        if content_words(span_text) <= content_words(question):
            return "the best span only repeats the question"
        if only_planned(question, passage.text[a:b]):
            return "the passage only says it is expected to happen"
        if absent := absent_full_names(question, context) or absent_countries(question, context) or \
                absent_ships(question, context):
            return f"no passage mentions {absent[0]}"
        if designation := replaced_designation(question, passage.text[a:b]):
            return f"the passage names another variant than {designation}"
        if (currency := currency_asked(question)) and (written := amounts(passage.text[a:b])) and \
                all(c != currency for c, _, _ in written):
            return f"the passage states the amount in another currency than {currency}"
        if ordinal := unstated_ordinal(question, context):
            return f"no passage mentions the {ordinal}, only another"
        if speaker := other_speaker(question, passage.text, a, b):  # Fallon asked, Hammond quoted
            return f"the words are {speaker}'s, not those of the person asked about"
        if analysis.answer_type == "date" and (country := country_unnamed(question, passage.text[a:b])):
            return f"the sentence with the date does not name {country}"
        if capital := capital_replaced(question, passage.text[a:b]):  # "in seoul" asked, "in Tokyo" stated
            return f"the sentence names another city than {capital}"
        if region := region_unnamed(question, passage.text[a:b]):  # "countries in Asia": "five in Europe"
            return f"the sentence names countries of another region than {region}"
        if analysis.answer_type == "number" and (country := country_unnamed(question, with_sentence_before(
                passage.text, a, b))):  # "How many ships is Sweden sending": "The European country" is Norway
            return f"the sentence with the number does not name {country}"
        return ""

    def _shape_answer(self, question: str, analysis: QuestionAnalysis, passages: list[Passage],
                      choice: "SpanChoice", threshold: float) -> Answer:
        """What the chosen reading says: an abstention below the threshold; else the span alone where
        the reader is sure of its boundaries, the counted phrase, the items of a list (grown from
        the span, gathered across passages) or the one item asked for, else the sentence; the
        sentence is always cited as the support."""
        best, passage, (a, b), counted, confidence = (choice.reading, choice.passage, choice.sentence,
                                                      choice.counted, choice.confidence)
        if confidence < threshold:
            reason = below_threshold("the answer's confidence", confidence, threshold)
            if choice.why:
                reason += f" ({choice.why})"
            return abstention(question, passages, self.name, confidence, reason)
        support = span_citation(passage, a, b, kind="support")
        citations, text = [support], support.text
        grown = (expand_to_list(passage, best.start, best.end)
                 if analysis.kind == "list" or analysis.answer_type == "person" else None)
        several = analysis.several and not grown and counted is None and \
            (grown := coordination_of_places(passage, best.start, best.end)) is not None
        if analysis.kind == "list":
            named = analysis.answer_type in ("person", "organisation", "place")
            # the span only repeats the question ("… in the Japanese command ship": "Japanese Command Ship
            # Bungo"): the other coordination of its sentence
            grown = coordination_not_asked(question, passage, best.start, best.end) or grown
            grown = coordination_elsewhere(question, passages, grown) or grown  # "… on the Bungo": not "Bungo and …"
            grown = gather_items(question, passages, self.reader.read, grown, named) or grown
            if grown and (regional := items_in_regions(question, grown)):  # "which non-European countries"
                if regional.refused:
                    return abstention(question, passages, self.name, 0.0, regional.refused)
                grown = regional
            if grown and (replaced := self._replaced_in(question, passages, grown)) and \
                    confidence * NEAR_MISS_PENALTY < threshold:  # items gathered from sentences of another year
                return abstention(question, passages, self.name, confidence * NEAR_MISS_PENALTY,
                                  f"the passage states another value than {replaced}")
            if grown is None and analysis.answer_type == "place":  # one place of several its sentence names
                grown = places_beside(question, passage, best.start, best.end)
            if named and grown is None and count_items(passage, best.start, best.end) < asked_count(question):
                # "which two ministers …" answered by one name: the coordination of that count in its sentence
                grown = counted_coordination(question, passage, (a, b), analysis.answer_type == "person") or grown
        if grown and analysis.kind == "factoid" and analysis.answer_type == "person" and \
                (unnamed := unnamed_holder(question, [c.text for c in grown.citations[1:] if c.kind == "answer"], grown.text)):
            return abstention(question, passages, self.name, 0.0, f"the passage mentions {unnamed} but does not name them")
        if grown is None and analysis.answer_type == "person" and counted is None:  # "who joined in …": "A joined B in …"
            grown = joined_people(question, passage, best.start, best.end)
        if grown and (sides := both_sides(question, passage, grown)):
            grown = sides  # "who took part in the meeting": both sides of "A and B met C and D"
        if grown and (aside := excluded(question)) and (rest := items_besides(grown, aside)):
            grown = rest  # "who else … besides the defence minister": the others
        if grown and analysis.kind != "list" and analysis.answer_type == "person" and not several and \
                (rest := items_not_named(question, grown, " ".join(p.text for p in passages))):
            grown = rest  # "who signed the MOU with Kihara": not Kihara
        # "who led Norway's side?": the one item of the coordination it asks about
        item = (item_asked_for(question, grown, analysis.owner, analysis.title)
                if grown and analysis.kind != "list" and not several else None)
        if item:
            text, citations = item.text, [item, support]
        elif grown:
            text, citations = grown.text, grown.citations
        elif counted:
            citations.insert(0, span_citation(passage, *counted, kind="answer"))
            text = citations[0].text
        elif alone := self._span_alone(question, analysis, passage, best, a, b):
            if owned := owned_item_asked(question, passage.text, alone.start - passage.start, alone.end - passage.start):
                alone = span_citation(passage, *owned, kind="answer")  # "… and Japan’s location in the Pacific"
            citations.insert(0, alone)
            text = alone.text
        return Answer(question=question, text=text, abstained=False, citations=citations,
                      passages=passages, confidence=confidence, generator=self.name)

    @staticmethod
    def _replaced_in(question: str, passages: list[Passage], grown: Composition) -> str:
        """A value of the question that a sentence the items were gathered from replaces, else ""."""
        for c in grown.citations:
            p = next((p for p in passages if p.doc_id == c.doc_id and p.start <= c.start and c.end <= p.end), None)
            if c.kind == "support" and p and (v := replaced_value(question, dated(p.text, c.start - p.start,
                                                                                   c.end - p.start))):
                return v
        return ""

    @staticmethod
    def _about_country(question: str, passages: list[Passage], ranked: list[Reading]) -> Reading:
        """The best reading, or a close one in a sentence naming the country the question asks about
        where the best one's sentence names only others ("Which Jordanian leader held talks with
        Nakatani?": "Jafar Hassan" of the Jordan sentence, not "Yaşar Güler" of the Turkey one), and
        holding more of the question's words than the best one's: a country that only qualifies
        something the question names ("what did kihara say the norway MOU will support") does not
        send the answer to any sentence that names it."""
        asked = set(countries_named(question, capitals=False))
        best = ranked[0]

        def named(r: Reading) -> set:
            a, b = support_span(passages[r.passage].text, r.start, r.end)
            return set(countries_named(passages[r.passage].text[a:b], capitals=False))
        if not asked or not (found := named(best)) or found & asked:
            return best
        words = content_words(question)

        def held(r: Reading) -> int:
            return _words_held(words, passages[r.passage].text, r.start, r.end)
        return next((r for r in ranked[1:] if r.probability >= TYPED_ALTERNATIVE * best.probability
                     and named(r) & asked and held(r) > held(best)), best)

    def _span_alone(self, question: str, analysis: QuestionAnalysis, passage: Passage, best: Reading,
                    a: int, b: int) -> Citation | None:
        """The reader's span as the answer on its own, cited, where the reader is sure enough of its
        boundaries (``_span_needed``) and it is not the whole sentence ``[a, b)``: from after the
        question's last phrase where the span restates it, grown to its phrase's edges."""
        shown = replace(best, start=after_restated(passage.text, best.start, best.end, question))
        if best.span_probability < self._span_needed(question, analysis, passage, shown, a) or \
                (shown.start, shown.end) == (a, b):
            return None
        return span_citation(passage, *edges(passage.text, shown.start, shown.end, floor=a, ceiling=b,
                                             whole=anchored(passage.text, a, shown.start, question)), kind="answer")

    def _span_needed(self, question: str, analysis: QuestionAnalysis, passage: Passage, reading: Reading,
                     floor: int = 0) -> float:
        """How sure of its boundaries the reader must be to answer with the span alone: less when
        the span is of the specific type the question asks for (a date for "when"), ends with the
        noun it asks for ("… missile defense system" for "which missile defence system") or starts
        right after the question's own phrase in its sentence (from ``floor``; "indignation at" + "the
        taking hostage …"), which is evidence of its boundaries the reader's own probability does not hold."""
        span = passage.text[reading.start:reading.end]
        typed = names_ship(span, passage.text[max(0, reading.start - 40):reading.start], known_ships([passage])) \
            if analysis.ship else matches_type(span, analysis.answer_type) if analysis.answer_type != "other" else \
            _names_noun(_noun_head(analysis), question, span)
        typed = typed or anchored(passage.text, floor, reading.start, question)
        if typed and analysis.answer_type in ("person", "organisation", "place") and not analysis.ship and \
                framed(passage.text, reading.start, reading.end, question_frame(question, analysis.noun), floor,
                       support_span(passage.text, reading.start, reading.end)[1]):
            return 0.0  # a name where the question's wh-phrase stands ("The U.S. requested"): bound by the frame
        return self.span_threshold * (TYPED_SPAN_SHARE if typed else 1.0)

    def _typed(self, passages: list[Passage], reading: Reading, analysis: QuestionAnalysis) -> bool:
        """Of the type asked for; for "how many years", a number with what is counted in it or right
        after it ("four years", "15 other countries"), not "330 billion USD"."""
        text = passages[reading.passage].text
        span = text[reading.start:reading.end]
        if analysis.ship:  # "aboard which ship": a ship's name, whatever the wh-word's type ("Jordon" is none)
            before = text[max(0, reading.start - 40):reading.start]
            return names_ship(span, before, known_ships(passages)) and \
                not category_conflict(span, analysis.ship, "other", before)
        if not matches_type(span, analysis.answer_type, analysis.counts) or \
                category_conflict(span, analysis.noun, analysis.answer_type,
                                  text[max(0, reading.start - 40):reading.start]):
            return False
        return not analysis.counted or counts_what(text[reading.start:reading.end], text[reading.end:],
                                                   analysis.counted)


def _close_spans(best: Reading, margin: float, others: tuple | None = None) -> Iterator[Reading]:
    """The other spans of ``best``'s passage the reader scores within ``margin`` of its start + end
    logits, best first, as readings of that passage (carrying ``others``, by default ``best``'s)."""
    for span in best.others:
        if best.span_score - span.span_score > margin:
            return
        yield replace(best, start=span.start, end=span.end, span_probability=span.span_probability,
                      span_score=span.span_score, others=best.others if others is None else others)


def _first_fitting(best: Reading, ranked: list[Reading], margin: float, fits: Callable[[Reading], bool]) -> Reading:
    """The first close span of ``best``'s passage that ``fits``, else the most probable close reading
    of another passage (within TYPED_ALTERNATIVE of ``best``'s probability) that does, else ``best``."""
    return next(chain((r for r in _close_spans(best, margin) if fits(r)),
                      (r for r in ranked if r is not best and r.probability >= TYPED_ALTERNATIVE * best.probability
                       and fits(r))), best)


def _ships_asked(analysis: QuestionAnalysis, passage: Passage, best: Reading) -> list[Reading]:
    """For "which Norwegian frigate …" read as another navy's ship ("HMS Prince of Wales"), the
    ships of the nation asked for that ``best``'s sentence names, as readings of its passage: the
    reader often scores the other ship of a sentence naming both far lower."""
    a, b = support_span(passage.text, best.start, best.end)
    asked = analysis.ship or analysis.noun
    if analysis.ship and not ship_nationalities(asked):  # "which ship": one the span itself names
        return [replace(best, start=x, end=y, others=()) for x, y in ship_spans(passage)
                if best.start <= x and y <= best.end]
    return [replace(best, start=x, end=y, others=()) for country in ship_nationalities(asked)
            for x, y in ships_of(passage, country, a, b)]


def _words_held(asked: set[str], text: str, start: int, end: int, antecedent: bool = False) -> int:
    """How many of the question's words ``asked`` the sentence(s) holding ``text[start:end]`` hold
    (with the sentence before where they point back to it, when ``antecedent``)."""
    a, b = support_span(text, start, end)
    return len(asked & content_words(with_antecedent(text, a, b) if antecedent else text[a:b]))
