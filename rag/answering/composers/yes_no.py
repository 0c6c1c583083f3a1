"""Yes/no answers: "Yes" or "No", then the deciding sentence, cited exactly; or "the documents do
not say" when no passage states or contradicts it.

The deciding sentence is the one sharing most of the question's words (the reader's sentence counts
in its favour); the yes/no classifier (rag.answering.yes_no_model, trained on BoolQ) reads it with
its neighbours and says no / yes / unrelated. One rule comes first, because users do not paraphrase
numbers: a question stating a number or date that the deciding sentence replaces with another of
the same kind ("Did the meeting last 60 minutes?" against "The 40-minute meeting") is answered
"No".
"""
from __future__ import annotations

import re

from rag.answering.base import span_citation
from rag.answering.composers import Composition
from rag.answering.grounding import numbers_in
from rag.answering.reader import Reading
from rag.answering.yes_no_model import NO, UNRELATED, YES, YesNoModel
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import content_words
from rag.types import Passage

DOES_NOT_SAY = "The documents do not say."
CANDIDATE_SENTENCES = 3
_QUESTION_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
_MONTH = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b",
                    re.I)


def _candidates(question: str, passages: list[Passage], readings: list[Reading]) -> list[tuple[float, int, int, int]]:
    """(score, passage, start, end) of the sentences most likely to decide the question."""
    asked = content_words(question)
    read_at = {r.passage: r for r in readings}
    scored = []
    for i, p in enumerate(passages):
        for a, b in split_sentences(p.text):
            shared = len(asked & content_words(p.text[a:b])) / max(1, len(asked))
            reading = read_at.get(i)
            bonus = 0.3 * reading.probability if reading and a <= reading.start < b else 0.0
            scored.append((shared + bonus - 0.02 * i, i, a, b))
    scored.sort(key=lambda s: -s[0])
    seen, out = set(), []
    for s in scored:
        text = passages[s[1]].text[s[2]:s[3]]
        if text not in seen:
            seen.add(text)
            out.append(s)
        if len(out) == CANDIDATE_SENTENCES:
            break
    return out


def _window(text: str, a: int, b: int) -> str:
    """The sentence with one sentence of context on each side, as the classifier was trained."""
    spans = split_sentences(text)
    k = next((j for j, (x, y) in enumerate(spans) if x <= a < y), None)
    if k is None:
        return text[a:b]
    lo, hi = spans[max(0, k - 1)][0], spans[min(len(spans) - 1, k + 1)][1]
    return text[lo:hi]


def replaced_value(question: str, sentence: str) -> str:
    """A number or month the question states that the sentence replaces with another of its kind
    ("" when none): the sentence writes numbers (months) but not the question's."""
    q_numbers = {n.replace(",", "") for n in _QUESTION_NUMBER.findall(question)}
    s_numbers = numbers_in(sentence)
    for n in q_numbers:
        if n not in s_numbers and s_numbers - {"1", "2", "3"}:
            return n
    q_months = {m.lower() for m in _MONTH.findall(question)}
    s_months = {m.lower() for m in _MONTH.findall(sentence)}
    for m in q_months:
        if s_months and m not in s_months:
            return m
    return ""


def compose_yes_no(question: str, passages: list[Passage], readings: list[Reading], model: YesNoModel,
                   relevance: float) -> Composition:
    """Yes/No + the deciding sentence, or a refusal saying the documents do not say.
    ``relevance``: the lowest share of the question's words the deciding sentence must hold."""
    candidates = _candidates(question, passages, readings)
    if not candidates or candidates[0][0] < relevance:
        return Composition.refuse("no passage states or contradicts it")
    windows = [_window(passages[i].text, a, b) for _, i, a, b in candidates]
    probs = model.probabilities(question, windows)
    # The deciding sentence: the one the classifier finds most decided and related.
    decided = [(1.0 - p[UNRELATED]) * max(p[YES], p[NO]) for p in probs]
    j = max(range(len(candidates)), key=lambda n: decided[n])
    _, i, a, b = candidates[j]
    p = probs[j]
    sentence = passages[i].text[a:b]
    citation = span_citation(passages[i], a, b, kind="support")
    if value := replaced_value(question, sentence):
        return Composition(text=f"No. {sentence}", confidence=0.8, citations=[citation],
                           refused="")
    if p[UNRELATED] > max(p[YES], p[NO]):
        return Composition.refuse("no passage states or contradicts it")
    yes = p[YES] / (p[YES] + p[NO])
    word = "Yes" if yes >= 0.5 else "No"
    confidence = float((1.0 - p[UNRELATED]) * max(yes, 1.0 - yes))
    return Composition(text=f"{word}. {sentence}", confidence=confidence, citations=[citation])
