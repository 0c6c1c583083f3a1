"""The default generator: answers are verbatim source text, or an abstention.

It scores every sentence of the retrieved passages against the question (embedding similarity,
content-word overlap, retrieval rank, and whether it holds a span of the kind the question asks
for), takes the best sentence as support and, for short-fact questions, the span of the right
kind inside it as the short answer. Weak evidence (confidence under the threshold) abstains.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rag.embedding import Embedder
from rag.generation.base import abstention, span_citation
from rag.generation.spans import QuestionType, candidate_spans, question_type
from rag.lexicon import content_words, overlap
from rag.sentences import split_sentences
from rag.types import Answer, Passage

# Calibrated on eval/corpus_qa.jsonl and 300 SQuAD 2.0 questions (bench/calibrate.py; README).
DEFAULT_THRESHOLD = 0.45
WEIGHTS = {"semantic": 0.6, "overlap": 0.3, "rank": 0.1}
# Share of the overlap score that may come from the previous sentence of the same passage: the
# answer sentence often says "it" or "the MOU" where the sentence before names the subject.
CONTEXT_SHARE = 0.4
# Short-fact questions (when, how many, how much) need a span of that kind in the sentence.
TYPE_PENALTY = 0.3


@dataclass
class _Sentence:
    passage: Passage
    a: int  # local offsets in passage.text
    b: int
    previous: str = ""  # the sentence before it in the passage, for context
    score: float = 0.0
    semantic: float = 0.0
    overlap: float = 0.0

    @property
    def text(self) -> str:
        return self.passage.text[self.a:self.b]


def _split_possessive(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """'Kongsberg’s Joint Strike Missile' -> 'Kongsberg', 'Joint Strike Missile'."""
    out, cur = [], a
    for m in re.finditer(r"[’']s\b\s*", text[a:b]):
        out.append((cur, a + m.start()))
        cur = a + m.end()
    out.append((cur, b))
    return [(x, y) for x, y in out if y > x]


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, embedder: Embedder | None = None, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.embedder = embedder or Embedder()
        self.threshold = threshold

    def _sentences(self, passages: list[Passage]) -> list[_Sentence]:
        seen: set[tuple[str, int, int]] = set()
        out: list[_Sentence] = []
        for p in passages:
            prev = ""
            for a, b in split_sentences(p.text):
                key = (p.doc_id, p.start + a, p.start + b)
                if key not in seen and re.search(r"\w", p.text[a:b]):
                    seen.add(key)
                    out.append(_Sentence(p, a, b, previous=prev))
                prev = p.text[a:b]
        return out

    def score(self, question: str, passages: list[Passage]) -> list[_Sentence]:
        """Sentences of the passages, best first."""
        sentences = self._sentences(passages)
        if not sentences:
            return []
        vecs = self.embedder.encode([question] + [s.text for s in sentences])
        sims = vecs[1:] @ vecs[0]
        qwords = content_words(question)
        qtype = question_type(question)
        for s, sim in zip(sentences, sims.tolist()):
            s.semantic = float(sim)
            own = content_words(s.text)
            s.overlap = ((1 - CONTEXT_SHARE) * overlap(qwords, own)
                         + CONTEXT_SHARE * overlap(qwords, own | content_words(s.previous)))
            untyped = qtype.kind in ("date", "number", "money") and not self._typed_spans(qtype, s, qwords)
            s.score = (WEIGHTS["semantic"] * s.semantic + WEIGHTS["overlap"] * s.overlap
                       + WEIGHTS["rank"] / max(1, s.passage.rank) - (TYPE_PENALTY if untyped else 0.0))
        return sorted(sentences, key=lambda s: -s.score)

    @staticmethod
    def _typed_spans(qtype: QuestionType, s: _Sentence, qwords: set[str]) -> list[tuple[int, int]]:
        """Candidate short answers (local to the sentence) that do not just repeat the question."""
        text = s.text
        spans: list[tuple[int, int]] = []
        for a, b in candidate_spans(qtype.kind, text):
            for x, y in (_split_possessive(text, a, b) if qtype.kind in ("person", "place", "entity") else [(a, b)]):
                words = content_words(text[x:y])
                if words and not words <= qwords:
                    spans.append((x, y))
        return spans

    def _short_answer(self, question: str, qtype: QuestionType, s: _Sentence) -> tuple[int, int] | None:
        qwords = content_words(question)
        spans = self._typed_spans(qtype, s, qwords)
        if not spans:
            return None
        if len(spans) == 1:
            return spans[0]
        text = s.text
        # Position of question words in the sentence: answers tend to sit near them.
        anchors = [m.start() for m in re.finditer(r"(?u)\b\w+\b", text) if content_words(m.group(0)) & qwords]
        scores = np.zeros(len(spans))
        if qtype.head:
            vecs = self.embedder.encode([qtype.head] + [text[a:b] for a, b in spans])
            scores += vecs[1:] @ vecs[0]
        for i, (a, b) in enumerate(spans):
            if anchors:
                dist = min(abs(a - x) for x in anchors)
                scores[i] += 0.2 / (1 + dist / 40)
            if qtype.kind == "person" and len(text[a:b].split()) >= 2:
                scores[i] += 0.1
            if qtype.kind == "place" and re.search(r"\b(?:in|at|near|to|from)\s+(?:the\s+)?$", text[max(0, a - 12):a]):
                scores[i] += 0.15
        return spans[int(np.argmax(scores))]

    def generate(self, question: str, passages: list[Passage]) -> Answer:
        ranked = self.score(question, passages)
        if not ranked:
            return abstention(question, passages, self.name, 0.0, "no passage was retrieved")
        best = ranked[0]
        if best.score < self.threshold:
            return abstention(question, passages, self.name, best.score,
                              f"the best evidence scores {best.score:.2f}, under the threshold {self.threshold:.2f}")
        support = span_citation(best.passage, best.a, best.b, kind="support")
        qtype = question_type(question)
        short = self._short_answer(question, qtype, best) if qtype.kind != "other" else None
        citations = [support]
        text = support.text
        if short is not None:
            a, b = best.a + short[0], best.a + short[1]
            citations.insert(0, span_citation(best.passage, a, b, kind="answer"))
            text = best.passage.text[a:b]
        return Answer(question=question, text=text, abstained=False, citations=citations,
                      passages=passages, confidence=best.score, generator=self.name)
