"""Evaluation metrics: pure functions over ranked doc ids, answer strings and per-question scores.

Conventions (documented in the README):
  * Retrieval is scored at document level: ranked chunks are folded into ranked documents.
    ``ndcg@10`` uses graded relevance with linear gain (as pytrec_eval / BEIR do).
  * ``em``/``f1`` follow the official SQuAD 2.0 script: over every question that has an
    ``answers`` field; an unanswerable question scores 1 when the assistant abstained, else 0;
    an answerable one scores 0 when it abstained, else the best match over the gold answers.
  * A metric with no question to average over is None (JSON null), never 0.
"""
from __future__ import annotations

import math
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from rag.types import Citation

METRIC_KEYS = ["questions", "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "em", "f1",
               "answer_recall", "citation_accuracy", "right", "short_answers", "abstain_precision", "abstain_recall",
               "latency_ms_p50", "latency_ms_p95"]
# Per-question scores averaged into the metric of the same name.
SCORE_KEYS = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "em", "f1",
              "answer_recall", "citation_accuracy", "right", "short_answers"]
SHORT_ANSWER_WORDS = 10
CURVE_DEPTH = 20

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCT = set(string.punctuation)


def _is_punct(ch: str) -> bool:
    # Unicode punctuation too (as MLQA's evaluation does): a curly quote is no part of an answer.
    return ch in _PUNCT or unicodedata.category(ch).startswith("P")


def normalize_answer(text: str) -> str:
    """SQuAD normalisation: lowercase, drop punctuation and articles, collapse whitespace."""
    text = "".join(ch for ch in text.lower() if not _is_punct(ch))
    return " ".join(_ARTICLES.sub(" ", text).split())


def _f1(prediction: str, gold: str) -> float:
    pred, ref = normalize_answer(prediction).split(), normalize_answer(gold).split()
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def squad_scores(prediction: str, abstained: bool, golds: Sequence[str]) -> tuple[float, float]:
    """(exact match, F1) under the SQuAD 2.0 convention; ``golds == []`` means unanswerable."""
    if not golds:
        return (1.0, 1.0) if abstained else (0.0, 0.0)
    if abstained:
        return 0.0, 0.0
    em = max(float(normalize_answer(prediction) == normalize_answer(g)) for g in golds)
    return em, max(_f1(prediction, g) for g in golds)


def answer_found(prediction: str, golds: Sequence[str]) -> bool:
    """Whether the (possibly longer) answer text contains a gold answer after normalisation."""
    pred = f" {normalize_answer(prediction)} "
    return any(f" {normalize_answer(g)} " in pred for g in golds if normalize_answer(g))


_YES_NO = re.compile(r"^\W*(yes|no)\b", re.I)


def answer_right(kind: str, prediction: str, abstained: bool, golds: Sequence[str],
                 items: Sequence[Sequence[str]] | None = None) -> bool:
    """Whether an answer is right for its kind: unanswerable -> abstained; yes/no -> starts with
    the gold "yes"/"no"; list -> every item (any variant) present; why/how -> contains a gold
    span or overlaps one with token F1 >= 0.5; factoid and role -> contains a gold answer."""
    if not golds:
        return abstained
    if abstained:
        return False
    if kind == "yes_no":
        m = _YES_NO.match(prediction)
        return bool(m) and any(m[1].lower() == normalize_answer(g) for g in golds)
    if kind == "list" and items:
        return all(answer_found(prediction, variants) for variants in items)
    if kind == "why_how":
        return answer_found(prediction, golds) or max(_f1(prediction, g) for g in golds) >= 0.5
    return answer_found(prediction, golds)


def fold_documents(doc_ids: Iterable[str]) -> list[str]:
    """Ranked chunk doc ids -> ranked distinct documents (first occurrence wins)."""
    return list(dict.fromkeys(doc_ids))


def recall_at(ranked: Sequence[str], gold: Iterable[str], k: int) -> float:
    gold = set(gold)
    return len(gold.intersection(ranked[:k])) / len(gold)


def mrr_at(ranked: Sequence[str], gold: Iterable[str], k: int) -> float:
    gold = set(gold)
    return next((1.0 / r for r, d in enumerate(ranked[:k], 1) if d in gold), 0.0)


def ndcg_at(ranked: Sequence[str], relevance: dict[str, int], k: int) -> float:
    """Graded nDCG@k with linear gain; the ideal ranking uses every judged document."""
    dcg = sum(relevance.get(d, 0) / math.log2(r + 1) for r, d in enumerate(ranked[:k], 1))
    ideal = sorted((g for g in relevance.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(r + 1) for r, g in enumerate(ideal, 1))
    return dcg / idcg if idcg else 0.0


def citations_exact(citations: Sequence[Citation], sources: Iterable[str],
                    doc_text: Callable[[str], str | None]) -> bool:
    """All citations lie in a gold source and quote it exactly; no citation at all fails."""
    sources = set(sources)
    for c in citations:
        text = doc_text(c.doc_id) if c.doc_id in sources else None
        if text is None or text[c.start:c.end] != c.text:
            return False
    return bool(citations)


def retrieval_scores(ranked: Sequence[str], sources: Sequence[str], relevance: dict[str, int]) -> dict:
    """recall@1/5/10, mrr@10, ndcg@10 for one question; all None without gold sources."""
    keys = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"]
    if not sources:
        return dict.fromkeys(keys)
    rel = relevance or {s: 1 for s in sources}
    return dict(zip(keys, [recall_at(ranked, sources, 1), recall_at(ranked, sources, 5),
                           recall_at(ranked, sources, 10), mrr_at(ranked, sources, 10),
                           ndcg_at(ranked, rel, 10)]))


def recall_curve(runs: Iterable[tuple[Sequence[str], Sequence[str]]], depth: int = CURVE_DEPTH) -> list[float] | None:
    """Mean recall@k for k = 1..depth over (ranked docs, gold sources) pairs that have gold."""
    rows = [[recall_at(ranked, gold, k) for k in range(1, depth + 1)] for ranked, gold in runs if gold]
    return [round(float(v), 4) for v in np.mean(rows, axis=0)] if rows else None


def mean(values: Iterable[float | bool | None]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def percentile(values: Sequence[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if len(values) else None


def abstention_scores(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> tuple[float | None, float | None]:
    """(precision, recall) of abstaining as a detector of unanswerable questions.
    Both None when the set has no unanswerable question; precision None when nothing abstained."""
    if not any(unanswerable):
        return None, None
    hits = sum(a and u for a, u in zip(abstained, unanswerable))
    return ratio(hits, sum(abstained)), ratio(hits, sum(unanswerable))


def by_kind(records: Sequence[dict]) -> dict[str, dict[str, float | int | None]]:
    """Every metric per question kind (the records' ``kind``), near-miss unanswerables apart too."""
    kinds: dict[str, list[dict]] = {}
    for r in records:
        kinds.setdefault(r.get("kind") or "factoid", []).append(r)
        if r.get("near_miss"):
            kinds.setdefault("near_miss", []).append(r)
    return {k: summarize(rs) for k, rs in sorted(kinds.items())}


def summarize(records: Sequence[dict]) -> dict[str, float | int | None]:
    """Per-question records (``scores``, ``abstained``, ``answers``, ``latency_ms``) -> metrics.

    Abstention metrics use only questions that were answered (not retrieval-only) and have an
    ``answers`` field."""
    metrics: dict[str, float | int | None] = {"questions": len(records)}
    for key in SCORE_KEYS:
        metrics[key] = mean(r["scores"].get(key) for r in records)
    judged = [r for r in records if r.get("abstained") is not None and r.get("answers") is not None]
    metrics["abstain_precision"], metrics["abstain_recall"] = abstention_scores(
        [r["abstained"] for r in judged], [not r["answers"] for r in judged])
    latencies = [r["latency_ms"] for r in records]
    metrics["latency_ms_p50"], metrics["latency_ms_p95"] = percentile(latencies, 50), percentile(latencies, 95)
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in ((k, metrics[k]) for k in METRIC_KEYS)}


SWEEP_THRESHOLDS = [round(0.02 * i, 2) for i in range(0, 50)]  # 0.00 .. 0.98


def threshold_sweep(records: Sequence[dict], thresholds: Sequence[float] = SWEEP_THRESHOLDS) -> list[dict] | None:
    """What each abstention threshold would give on this set: answer_recall and abstention
    precision/recall when every question under the threshold abstains. Needs each answerable
    question's ``found_if_answered`` (the generator asked again at threshold 0 where it had
    abstained); None when the generator has no threshold to sweep."""
    judged = [r for r in records if r.get("answers") is not None and r.get("confidence") is not None]
    answerable = [r for r in judged if r["answers"]]
    if not judged or any(r.get("found_if_answered") is None for r in answerable):
        return None
    rows = []
    for t in thresholds:
        abstained = [r["confidence"] < t for r in judged]
        precision, recall = abstention_scores(abstained, [not r["answers"] for r in judged])
        found = sum(r["confidence"] >= t and r["found_if_answered"] for r in answerable)
        rows.append({"threshold": t, "answer_recall": ratio(found, len(answerable)),
                     "abstain_precision": precision, "abstain_recall": recall})
    return rows
