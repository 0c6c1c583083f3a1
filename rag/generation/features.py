"""Features for the extractive generator's two small learned scorers.

Sentence scorer: does this sentence (of a retrieved passage) hold the answer? Its best
probability is the answer's confidence, which the abstention threshold applies to.
Span scorer: is this candidate (a date, number, amount, name inside the chosen sentence) the
short answer? Both are logistic regressions fitted by bench/train_scorer.py on SQuAD 2.0
questions run through our own retrieval; their weights live in scorer_weights.json.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.generation.spans import (MONTH, TITLES, WEEKDAY, QuestionType, bare_word, candidate_spans,
                                  looks_like_name, question_type)
from rag.lexicon import content_words, overlap, stem_of, surface_words
from rag.sentences import split_sentences
from rag.types import Passage

WEIGHTS_FILE = Path(__file__).with_name("scorer_weights.json")
TYPED = ("date", "number", "money", "person", "place")

SENTENCE_FEATURES = ["semantic", "semantic_gap", "semantic_context", "overlap", "overlap_context", "overlap_gap",
                     "rare_overlap", "rare_overlap_gap", "rare_overlap_context", "soft_overlap", "soft_overlap_gap",
                     "key_terms", "number_missing", "number_conflict", "inverse_rank", "type_missing",
                     "type_present", "type_specific", "log_length", "constant"]
SPAN_FEATURES = ["head_similarity", "anchor_proximity", "head_proximity", "n_words", "in_question_share",
                 "capitalised_share", "after_preposition", "is_number", "position", "kind_match"]

_KEY = re.compile(r"\b(?:[A-Z][\w’'-]*|\d[\d,.]*)\b")


@dataclass
class SentenceCandidate:
    passage: Passage
    a: int  # local offsets in passage.text
    b: int
    previous: str = ""
    features: list[float] = field(default_factory=list)
    probability: float = 0.0

    @property
    def text(self) -> str:
        return self.passage.text[self.a:self.b]


def key_terms(question: str) -> set[str]:
    """Names and numbers in the question, minus its first word: the things an answer must be about."""
    body = question.strip()
    first = re.match(r"\S+\s*", body)
    body = body[first.end():] if first else body
    return content_words(" ".join(_KEY.findall(body)))


_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
             "1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th").split()
_QUANTITY = re.compile(r"(?i)\b(?:\d[\d,.]*\d|\d|" + "|".join(_ORDINALS) + r")\b")


def quantities(text: str) -> set[str]:
    """Numbers, years and ordinals: the constraints a question pins its answer down with ("in
    2015", "the first contract")."""
    return {m.group(0).lower().replace(",", "") for m in _QUANTITY.finditer(text)}


def _quantity_sort(quantity: str) -> str:
    if quantity in _ORDINALS:
        return "ordinal"
    return "year" if re.fullmatch(r"1\d{3}|20\d{2}", quantity) else "number"


def split_candidates(passages: list[Passage]) -> list[SentenceCandidate]:
    seen: set[tuple[str, int, int]] = set()
    out: list[SentenceCandidate] = []
    for p in passages:
        prev = ""
        for a, b in split_sentences(p.text):
            key = (p.doc_id, p.start + a, p.start + b)
            if key not in seen and re.search(r"\w", p.text[a:b]):
                seen.add(key)
                out.append(SentenceCandidate(p, a, b, previous=prev))
            prev = p.text[a:b]
    return out


def typed_spans(qtype: QuestionType, text: str, qwords: set[str]) -> list[tuple[int, int]]:
    """Candidate short answers in ``text`` that do not just repeat the question."""
    spans: list[tuple[int, int]] = []
    for a, b in candidate_spans(qtype.kind, text):
        words = content_words(text[a:b])
        if words and not words <= qwords:
            spans.append((a, b))
    return spans


def rarity(question_words: set[str], sentence_words: list[set[str]]) -> dict[str, float]:
    """IDF of the question's words over the candidate sentences: a word every candidate shares
    (the corpus's main topic) cannot tell them apart; a word absent from all weighs most."""
    n = len(sentence_words)
    return {w: math.log(1.0 + n / (sum(w in s for s in sentence_words) or 0.5)) for w in question_words}


def specific_answer(qtype: QuestionType, text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether the sentence holds the precise kind of answer asked for: a month for "which month",
    a count of the head noun for "how many ships", a place after a preposition, a person's full name."""
    if not spans:
        return False
    pieces = [text[a:b] for a, b in spans]
    if qtype.kind == "date" and qtype.head == "month":
        return any(re.search(MONTH, x) for x in pieces)
    if qtype.kind == "date" and qtype.head in ("day", "date"):
        return any(re.search(r"\d{1,2}\b|" + WEEKDAY, x) and re.search(MONTH + "|" + WEEKDAY, x) for x in pieces)
    if qtype.kind == "date" and qtype.head == "year":
        return any(re.search(r"\b\d{4}\b", x) for x in pieces)
    if qtype.kind == "number" and qtype.head:
        head = content_words(qtype.head)
        return any(content_words(" ".join(text[b:].split()[:3])) & head for a, b in spans)
    if qtype.kind == "person":
        return any(looks_like_name(x) for x in pieces)
    if qtype.kind == "place":
        return any(re.search(r"\b(?:in|at|near|from|to)\s+(?:the\s+)?$", text[max(0, a - 12):a])
                   and candidate_kind_matches("place", text[a:b]) for a, b in spans)
    if qtype.kind == "entity" and qtype.head:
        return bool(content_words(qtype.head.split()[-1]) & content_words(text))
    return qtype.kind in TYPED


@dataclass
class Similarities:
    sentence: np.ndarray  # cosine of the question with each sentence
    context: np.ndarray  # ... with the sentence read after its previous one (approximated)
    # per sentence, per question content word (stemmed): the best cosine with a word of the sentence
    words: list[dict[str, float]]


# Sentences (by embedding similarity) whose words are embedded one by one for the soft overlap;
# the rest count exact matches only. Each new word costs a model call (about 1.5 ms on one core).
SOFT_MATCH_SENTENCES = 15


def similarities(encode: Callable[[list[str]], np.ndarray], question: str,
                 sentences: list[SentenceCandidate]) -> Similarities:
    """Embedding similarities the sentence scorer reads. Single words are embedded too, so that
    "aboard" finds "onboard" and "talks" finds "meeting" where exact word overlap sees nothing."""
    n = len(sentences)
    # The previous sentence is nearly always a candidate too, so its vector comes for free; the
    # mean-pooling model's vector of the two read together is close to their length-weighted mean.
    vecs = encode([question] + [s.text for s in sentences] + [s.previous or s.text for s in sentences])
    own, before = vecs[1:n + 1], vecs[n + 1:]
    w_own = np.array([[len(s.text.split())] for s in sentences], dtype=np.float32)
    w_before = np.array([[len(s.previous.split())] for s in sentences], dtype=np.float32)
    joint = own * w_own + before * w_before
    joint /= np.maximum(np.linalg.norm(joint, axis=1, keepdims=True), 1e-9)
    sims, context = own @ vecs[0], joint @ vecs[0]
    near = set(np.argsort(-np.maximum(sims, context), kind="stable")[:SOFT_MATCH_SENTENCES].tolist())
    qwords = sorted(w for w in surface_words(question) if not any(ch.isdigit() for ch in w))
    swords = [{w for w in surface_words(s.text) if not any(ch.isdigit() for ch in w)} if i in near else set()
              for i, s in enumerate(sentences)]
    vocab = sorted(set(qwords).union(*swords)) if qwords else []
    wvecs = encode(vocab) if vocab else np.zeros((0, vecs.shape[1]), dtype=vecs.dtype)
    row = {w: i for i, w in enumerate(vocab)}
    q = wvecs[[row[w] for w in qwords]] if qwords else wvecs[:0]
    qstems = [stem_of(w) for w in qwords]
    matches = []
    for words in swords:
        found: dict[str, float] = {}
        if qwords and words:
            best = (q @ wvecs[[row[w] for w in sorted(words)]].T).max(axis=1)
            for stem, b in zip(qstems, best.tolist()):
                found[stem] = max(found.get(stem, 0.0), b)
        matches.append(found)  # words missing here count by exact match only
    return Similarities(sims, context, matches)


def sentence_features(question: str, qtype: QuestionType, sentences: list[SentenceCandidate],
                      sims: Similarities) -> None:
    qwords = content_words(question)
    keys = key_terms(question)
    asked = quantities(question)
    own_words = [content_words(s.text) for s in sentences]
    idf = rarity(qwords, own_words)
    idf_total = sum(idf.values())
    own_and_previous = [own | content_words(s.previous) for s, own in zip(sentences, own_words)]
    overlaps, contexts, rare, rare_contexts = [], [], [], []

    def rare_share(words: set[str]) -> float:
        return sum(idf[w] for w in qwords & words) / idf_total if idf_total else 0.0

    for own, with_previous in zip(own_words, own_and_previous):
        overlaps.append(overlap(qwords, own))
        contexts.append(overlap(qwords, with_previous))
        rare.append(rare_share(own))
        rare_contexts.append(rare_share(with_previous))
    soft = []
    for own, found in zip(own_words, sims.words):
        # an exact (stemmed) match counts 1; a near word counts by how near it is, from cosine 0.4 up
        got = sum(idf[w] * (1.0 if w in own else max(0.0, (found.get(w, 0.0) - 0.4) / 0.6)) for w in qwords)
        soft.append(got / idf_total if idf_total else 0.0)
    max_soft = max(soft) if soft else 0.0
    max_sim = float(sims.sentence.max()) if len(sims.sentence) else 0.0
    max_ov = max(overlaps) if overlaps else 0.0
    max_rare = max(rare) if rare else 0.0
    titles = {s.passage.title: content_words(s.passage.title) for s in sentences}
    for s, own, before, sim, csim, ov, ctx, rw, rwc, sw in zip(
            sentences, own_words, own_and_previous, sims.sentence.tolist(), sims.context.tolist(), overlaps,
            contexts, rare, rare_contexts, soft):
        around = before | titles[s.passage.title]
        spans = typed_spans(qtype, s.text, qwords) if qtype.kind != "other" else []
        has_typed = qtype.kind in TYPED and bool(spans)
        window = quantities(" ".join((s.previous, s.text, s.passage.title or "")))
        missing = asked - window
        # a different number or ordinal of the same sort: "the fourth contract" for "the first"
        conflict = any(_quantity_sort(m) == _quantity_sort(w) for m in missing for w in window)
        s.features = [
            sim, sim - max_sim, csim, ov, ctx, ov - max_ov, rw, rw - max_rare, rwc, sw, sw - max_soft,
            len(keys & around) / len(keys) if keys else 1.0,
            float(bool(missing)), float(conflict),
            1.0 / max(1, s.passage.rank),
            float(qtype.kind in TYPED and not has_typed), float(has_typed),
            float(specific_answer(qtype, s.text, spans)),
            math.log1p(len(s.text)) / 5.0,
            1.0,
        ]


def featurize(encode: Callable[[list[str]], np.ndarray], question: str,
              passages: list[Passage]) -> list[SentenceCandidate]:
    """The passages' sentences with their scorer features (what the generator scores and what
    bench/train_scorer.py fits on)."""
    sentences = split_candidates(passages)
    if sentences:
        sentence_features(question, question_type(question), sentences, similarities(encode, question, sentences))
    return sentences


def head_similarities(encode: Callable[[list[str]], np.ndarray], qtype: QuestionType, text: str,
                      spans: list[tuple[int, int]]) -> np.ndarray | None:
    """Cosine of each span with the question's head noun ("which *missile*"); None without one."""
    if not qtype.head:
        return None
    vecs = encode([qtype.head] + [text[a:b] for a, b in spans])
    return vecs[1:] @ vecs[0]


def span_features(question: str, qtype: QuestionType, text: str, spans: list[tuple[int, int]],
                  head_sims: np.ndarray | None) -> list[list[float]]:
    qwords = content_words(question)
    anchors = [m.start() for m in re.finditer(r"(?u)\b\w+\b", text) if content_words(m.group(0)) & qwords]
    head_pos = []
    if qtype.head:
        head_words = content_words(qtype.head)
        head_pos = [m.start() for m in re.finditer(r"(?u)\b\w+\b", text) if content_words(m.group(0)) & head_words]
    rows = []
    for i, (a, b) in enumerate(spans):
        piece = text[a:b]
        words = piece.split()
        cwords = content_words(piece)
        before = text[max(0, a - 12):a]
        rows.append([
            float(head_sims[i]) if head_sims is not None else 0.0,
            math.exp(-min((abs(a - x) for x in anchors), default=400) / 40.0),
            math.exp(-min((min(abs(a - x), abs(b - x)) for x in head_pos), default=400) / 20.0),
            min(len(words), 5) / 5.0,
            len(cwords & qwords) / len(cwords) if cwords else 0.0,
            sum(w[:1].isupper() and bare_word(w) not in TITLES for w in words) / max(1, len(words)),
            float(bool(re.search(r"\b(?:in|at|near|to|from|on|by)\s+(?:the\s+)?$", before))),
            float(bool(re.match(r"[\d$€£¥]", piece))),
            a / max(1, len(text)),
            1.0 if candidate_kind_matches(qtype.kind, piece) else 0.0,
        ])
    return rows


def candidate_kind_matches(kind: str, piece: str) -> bool:
    if kind == "person":
        return looks_like_name(piece)
    if kind == "place":
        return not re.search(r"\d", piece) and not any(bare_word(w) in TITLES for w in piece.split())
    return True


@lru_cache(maxsize=1)
def load_weights() -> dict:
    with WEIGHTS_FILE.open(encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["sentence"]["features"] == SENTENCE_FEATURES, "scorer_weights.json is out of date"
    assert data["span"]["features"] == SPAN_FEATURES, "scorer_weights.json is out of date"
    return data


def logistic(rows: list[list[float]], model: dict) -> np.ndarray:
    x = np.asarray(rows, dtype=np.float64)
    z = x @ np.asarray(model["coef"]) + model["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


__all__ = ["SENTENCE_FEATURES", "SPAN_FEATURES", "SentenceCandidate", "Similarities", "featurize",
           "head_similarities", "load_weights", "logistic", "quantities", "question_type", "rarity",
           "sentence_features", "similarities", "span_features", "specific_answer", "split_candidates",
           "typed_spans"]
