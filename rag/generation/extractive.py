"""The default generator: answers are verbatim source text, or an abstention.

Every sentence of the retrieved passages is scored for "holds the answer" by a small logistic
model (rag.generation.features: embedding similarity alone and with the previous sentence, exact,
rarity-weighted and near-synonym word overlap, names and numbers of the question found, a number
or ordinal of the question missing or contradicted, retrieval rank, whether it holds an answer of
the kind asked for); the best sentence is the support and its probability the confidence. For
short-fact questions the span of the right kind inside it (scored the same way) is the short
answer, when the span model is sure enough; otherwise the whole sentence is the answer. Weak
evidence abstains.
"""
from __future__ import annotations

import numpy as np

from rag.embedding import Embedder
from rag.generation.base import abstention, span_citation
from rag.generation.features import (SentenceCandidate, featurize, head_similarities, load_weights, logistic,
                                     question_type, span_features, typed_spans)
from rag.lexicon import content_words
from rag.types import Answer, Passage


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, embedder: Embedder | None = None, threshold: float | None = None,
                 span_threshold: float | None = None) -> None:
        self.embedder = embedder or Embedder()
        weights = load_weights()
        # Calibrated thresholds (bench/train_scorer.py, README "Abstention").
        self.threshold = weights["abstain_threshold"] if threshold is None else threshold
        self.span_threshold = weights["span_threshold"] if span_threshold is None else span_threshold

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode_cached(texts)

    def score(self, question: str, passages: list[Passage]) -> list[SentenceCandidate]:
        """Sentences of the passages with their probability of holding the answer, best first."""
        sentences = featurize(self._encode, question, passages)
        if not sentences:
            return []
        probs = logistic([s.features for s in sentences], load_weights()["sentence"])
        for s, p in zip(sentences, probs.tolist()):
            s.probability = p
        return sorted(sentences, key=lambda s: -s.probability)

    def short_answer(self, question: str, sentence: SentenceCandidate) -> tuple[tuple[int, int], float] | None:
        """The best typed span inside the sentence (local offsets) and its probability."""
        qtype = question_type(question)
        if qtype.kind == "other":
            return None
        text = sentence.text
        spans = typed_spans(qtype, text, content_words(question))
        if not spans:
            return None
        if qtype.kind in ("date", "number", "money") and len(spans) == 1:
            return spans[0], 1.0  # the one date/number/amount in the answer sentence
        head_sims = head_similarities(self._encode, qtype, text, spans)
        probs = logistic(span_features(question, qtype, text, spans, head_sims), load_weights()["span"])
        best = int(np.argmax(probs))
        return spans[best], float(probs[best])

    def generate(self, question: str, passages: list[Passage]) -> Answer:
        return self.decide(question, passages, self.threshold)

    def decide(self, question: str, passages: list[Passage], threshold: float) -> Answer:
        """The answer at a given abstention threshold; `rag eval` asks again at 0 where the
        default abstained, to chart what each threshold would give."""
        ranked = self.score(question, passages)
        if not ranked:
            return abstention(question, passages, self.name, 0.0, "no passage was retrieved")
        best = ranked[0]
        if best.probability < threshold:
            return abstention(question, passages, self.name, best.probability,
                              f"the best evidence scores {best.probability:.2f}, under the threshold {threshold:.2f}")
        support = span_citation(best.passage, best.a, best.b, kind="support")
        citations, text = [support], support.text
        short = self.short_answer(question, best)
        if short is not None and short[1] >= self.span_threshold:
            a, b = best.a + short[0][0], best.a + short[0][1]
            citations.insert(0, span_citation(best.passage, a, b, kind="answer"))
            text = best.passage.text[a:b]
        return Answer(question=question, text=text, abstained=False, citations=citations,
                      passages=passages, confidence=best.probability, generator=self.name)
