"""The trained reader: input windows, the shipped ONNX model and its checksum, spans, abstention."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from rag import registry
from rag.errors import RagError
from rag.answering.confidence import ConfidenceModel
from rag.answering.extractive import ExtractiveGenerator, heading_end, support_span
from rag.answering.reader import MAX_LENGTH, MODEL_FILE, STRIDE, Reader, best_span, encode_windows, model_card
from rag.embedding.onnx_sessions import file_sha256
from rag.types import Passage

PASSAGE = ("The Norman conquest of England began in 1066. William, Duke of Normandy, defeated King Harold "
           "at the Battle of Hastings on 14 October 1066. He was crowned at Westminster Abbey on Christmas Day.")


def passage(text: str, rank: int = 1, doc_id: str = "doc.txt", start: int = 0) -> Passage:
    return Passage(doc_id=doc_id, start=start, end=start + len(text), text=text, score=1.0, rank=rank)


def test_windows_carry_exact_offsets_and_overlap():
    long_text = " ".join(f"Sentence number {i} talks about the river Rhine and its {i} bridges." for i in range(120))
    windows = encode_windows("How many bridges cross the Rhine?", [PASSAGE, long_text])
    assert [w.passage for w in windows][0] == 0 and windows[-1].passage == 1
    assert all(len(w.ids) <= MAX_LENGTH and len(w.ids) == len(w.type_ids) == len(w.offsets) for w in windows)
    long_windows = [w for w in windows if w.passage == 1]
    assert len(long_windows) >= 3
    # consecutive windows share STRIDE tokens, so no answer falls between two windows
    first = [o for o in long_windows[0].offsets if o is not None]
    second = [o for o in long_windows[1].offsets if o is not None]
    assert first[-STRIDE:] == second[:STRIDE]
    # every passage token maps to a character span of the passage text
    for w in windows:
        text = PASSAGE if w.passage == 0 else long_text
        for o in w.offsets:
            assert o is None or (0 <= o[0] < o[1] <= len(text) and text[o[0]:o[1]].strip())
    assert windows[0].offsets[-1] is None and windows[0].offsets[0] is None


def zero_logits(question: str, text: str):
    """The window of (question, text), its passage tokens by text, and zero start/end logits."""
    w = encode_windows(question, [text])[0]
    at = {text[o[0]:o[1]]: t for t, o in enumerate(w.offsets) if o is not None}
    return w, at, np.zeros(len(w.ids)), np.zeros(len(w.ids))


def test_best_span_stays_inside_the_passage():
    text = "On 14 October 1066 the battle was fought."
    w, at, start, end = zero_logits("When?", text)
    start[0] = end[0] = start[2] = 50.0    # [CLS] and question tokens can never be the span
    start[at["14"]], end[at["October"]] = 10.0, 10.0
    s, e, _, p = best_span(w, start, end)
    assert (s, e) == (at["14"], at["October"]) and 0 < p <= 1
    assert text[w.offsets[s][0]:w.offsets[e][1]] == "14 October"
    end[at["October"]], end[at["On"]] = 0.0, 11.0   # an end before the start is never chosen
    assert best_span(w, start, end)[1] >= best_span(w, start, end)[0]


def test_no_span_starts_before_first_char():
    text = "Festivals of the north\nThe festival is held in Rome."
    w, at, start, end = zero_logits("Where?", text)
    start[at["north"]], end[at["north"]] = 20.0, 20.0   # the best span, inside the heading
    start[at["Rome"]], end[at["Rome"]] = 5.0, 5.0
    s, e, _, _ = best_span(w, start, end)
    assert text[w.offsets[s][0]:w.offsets[e][1]] == "north"
    s, e, _, _ = best_span(w, start, end, first_char=text.index("\n"))
    assert text[w.offsets[s][0]:w.offsets[e][1]] == "Rome"
    assert best_span(w, start, end, first_char=len(text))[0] == -1   # nothing left to answer from


def test_best_span_is_the_span_most_of_the_probability_agrees_with():
    """Minimum Bayes risk: the reader's single most probable pair is "military activities", but
    most of its probability lies on spans that run on to "near Japan" or start earlier, and the
    span with the highest expected overlap with them is the answer."""
    text = "Kihara raised concerns over China's growing military activities near Japan."
    w, at, start, end = zero_logits("What concern?", text)
    start[:], end[:] = -5.0, -5.0
    start[at["growing"]], start[at["military"]], start[at["China"]] = 2.0, 2.3, 1.9
    end[at["activities"]], end[at["Japan"]] = 3.0, 2.9
    s, e, _, confidence = best_span(w, start, end, text=text)
    assert text[w.offsets[s][0]:w.offsets[e][1]] == "growing military activities near Japan"
    assert 0 < confidence <= 1


def test_best_span_never_runs_across_sentences():
    text = "The seeker tracks targets. Mitsubishi Heavy makes it."
    w, at, start, end = zero_logits("What does the seeker do?", text)
    start[at["tracks"]], end[at["Heavy"]] = 10.0, 10.0   # the best pair spans two sentences
    end[at["targets"]] = 8.0
    s, e, _, _ = best_span(w, start, end, text=text)
    assert text[w.offsets[s][0]:w.offsets[e][1]] == "tracks targets"
    s, e, _, _ = best_span(w, start, end)              # without the text, nothing to split by
    assert text[w.offsets[s][0]:w.offsets[e][1]] == "tracks targets. Mitsubishi Heavy"


@pytest.mark.parametrize("text, title, heading", [
    ("Festivals of the valleys\nThe festival is held in Quintara.", "Festivals of the valleys", True),
    ("# Festivals of the valleys\n\nThe festival is held in Quintara.", "Festivals of the valleys", True),
    ("The festival is held in Quintara.\nIt lasts a week.", "The festival is held in Quintara.", False),  # a sentence
    ("The festival lasts a week.\nFestivals of the valleys", "Festivals of the valleys", False),  # not first
    ("Festivals of the valleys", "Festivals of the valleys", False),   # nothing but the title: keep it
    ("Festivals of the valleys\nThe festival is held in Quintara.", "", False),
])
def test_heading_end_finds_the_title_line_only(text, title, heading):
    p = Passage(doc_id="d.txt", start=0, end=len(text), text=text, score=1.0, rank=1, title=title)
    assert heading_end(p) == (text.index("\n") if heading else 0)


@pytest.mark.slow
def test_the_answer_never_comes_from_the_title_heading():
    text = ("Festivals of the northern valleys\nThe Zorblax festival takes place in the city of Quintara "
            "every April. Visitors bring lanterns made of paper.")
    p = Passage(doc_id="zorblax.txt", start=0, end=len(text), text=text, score=1.0, rank=1,
                title="Festivals of the northern valleys")
    answer = ExtractiveGenerator().generate("Where does the Zorblax festival take place?", [p])
    assert "Quintara" in answer.text
    assert all(c.start >= text.index("\n") for c in answer.citations)


def test_support_is_the_sentence_holding_the_span():
    a = PASSAGE.index("14 October 1066")
    s, e = support_span(PASSAGE, a, a + len("14 October 1066"))
    assert PASSAGE[s:e].startswith("William") and PASSAGE[s:e].endswith("1066.")
    # a span across a sentence boundary is supported by both sentences
    s, e = support_span(PASSAGE, PASSAGE.index("1066."), PASSAGE.index("William") + 7)
    assert PASSAGE[s:e].startswith("The Norman") and PASSAGE[s:e].endswith("1066.")


def test_the_shipped_model_matches_its_card_and_is_small():
    card = model_card()
    assert file_sha256(MODEL_FILE) == card["sha256"]
    assert MODEL_FILE.stat().st_size < 30_000_000
    assert 0 < card["threshold"] < 1 and 0 <= card["span_threshold"] < 1
    assert card["heldout_articles"] and not set(card["heldout_articles"]) & set(card["calibration_articles"])
    # both parts of the answer's confidence count for it, and its embedder is one `rag index` knows
    model = ConfidenceModel.from_card(card)
    assert model.has_answer_logit > 0 and model.sentence_cosine > 0
    assert model.embedder in registry.names("embedder")


def test_confidence_combines_the_reader_and_the_sentence_similarity():
    model = ConfidenceModel("minilm-int8", has_answer_logit=0.5, sentence_cosine=2.0, intercept=-1.0)
    assert model.combine(0.5, 0.5) == pytest.approx(0.5)
    assert model.combine(0.9, 0.5) > model.combine(0.5, 0.5) > model.combine(0.5, 0.1)
    assert 0 < model.combine(0.0, -1.0) < model.combine(1.0, 1.0) < 1  # probabilities 0 and 1 stay finite
    assert ConfidenceModel.from_card({"confidence": model.to_card()}) == model
    assert ConfidenceModel.from_card({"threshold": 0.5}) is None  # an older card: the reader's probability


@pytest.mark.slow
def test_missing_or_corrupt_model_is_a_one_line_error(tmp_path):
    with pytest.raises(RagError, match="missing") as err:
        Reader(tmp_path / "nope.onnx").read("Who?", [PASSAGE])
    assert "\n" not in str(err.value)
    bad = tmp_path / "reader.onnx"
    shutil.copy(MODEL_FILE, bad)
    data = bytearray(bad.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(RagError, match="corrupt") as err:
        Reader(bad).read("Who?", [PASSAGE])
    assert "\n" not in str(err.value)


@pytest.fixture(scope="module")
def generator():
    return ExtractiveGenerator()


@pytest.mark.slow
def test_reader_finds_short_answers_with_exact_offsets(generator):
    p = [passage("The weather in Oslo was cold that winter.", rank=1, doc_id="a.txt", start=100),
         passage(PASSAGE, rank=2, doc_id="b.txt", start=40)]
    assert "Harold" in generator.generate("Who did William defeat at Hastings?", p).text
    # with any span confidence accepted, the short answer is the span and the sentence its support
    answer = ExtractiveGenerator(span_threshold=0.0).generate("Who did William defeat at Hastings?", p)
    assert not answer.abstained and "Harold" in answer.text and len(answer.text) < 30
    kinds = [c.kind for c in answer.citations]
    assert kinds == ["answer", "support"]
    short, support = answer.citations
    assert short.doc_id == support.doc_id == "b.txt"
    assert support.start <= short.start < short.end <= support.end
    assert PASSAGE[short.start - 40:short.end - 40] == short.text
    assert PASSAGE[support.start - 40:support.end - 40] == support.text
    readings = generator.score("When was the Battle of Hastings?", p)
    assert readings[0].passage == 1 and readings[0].probability > readings[1].probability
    assert "1066" in PASSAGE[readings[0].start:readings[0].end]


@pytest.mark.slow
def test_confidence_weighs_how_close_the_cited_sentence_is_to_the_question(generator):
    question = "Who did William defeat at Hastings?"
    p = [passage(PASSAGE)]
    answer = generator.generate(question, p)
    best = generator.score(question, p)[0]
    assert answer.confidence == pytest.approx(generator.confidence(question, best.probability, answer.citations[-1].text))
    # at the same reader probability, a sentence about something else lowers the confidence
    on_topic = generator.confidence(question, best.probability, "William defeated King Harold at Hastings.")
    off_topic = generator.confidence(question, best.probability, "The weather in Oslo was cold that winter.")
    assert on_topic > off_topic
    # without fitted weights in the card the confidence is the reader's probability
    assert ExtractiveGenerator(confidence=None).confidence(question, best.probability, "anything") == best.probability


@pytest.mark.slow
def test_reader_abstains_when_the_passages_do_not_say(generator):
    p = [passage(PASSAGE)]
    answer = generator.generate("What is the boiling point of liquid nitrogen?", p)
    assert answer.abstained and answer.citations == [] and answer.confidence < generator.threshold
    # the same question at threshold 0 is answered: the threshold alone decides
    assert not generator.decide("What is the boiling point of liquid nitrogen?", p, 0.0).abstained
