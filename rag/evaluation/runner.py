"""Run a question set through an Assistant: retrieve once per question, answer from the top k,
score everything, and keep per-question records for the JSON file and the report."""
from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tqdm import tqdm

from rag.answering.composers.inventory import passages_needed
from rag.errors import RagError
from rag.answering.question_analysis import analyse
from rag.evaluation.metrics import (CURVE_DEPTH, SHORT_ANSWER_WORDS, SWEEP_THRESHOLDS, answer_found, answer_right,
                                    by_kind, citations_exact, fold_documents, recall_curve, retrieval_scores,
                                    squad_scores, summarize, threshold_sweep)
from rag.evaluation.questions import EvalSet, Question
from rag.types import Answer

# Chunks retrieved per question: enough to fold into ~CURVE_DEPTH distinct documents.
RETRIEVE_DEPTH = 50
STORED_DOCS = 10  # retrieved doc ids kept per question in the JSON file


@dataclass
class EvalConfig:
    k: int = 5
    retriever: str = "hybrid"
    generator: str = "extractive"
    retrieval_only: bool = False
    limit: int | None = None
    sample: int | None = None  # a seeded random sample of this many questions (after --articles)


def pick_questions(questions: list, cfg: EvalConfig) -> list:
    """The first ``limit`` questions, or a random sample (seed 0, kept in set order) that spreads
    over the whole set where the first N would all come from one article."""
    if cfg.sample and cfg.sample < len(questions):
        keep = set(random.Random(0).sample(range(len(questions)), cfg.sample))
        questions = [q for i, q in enumerate(questions) if i in keep]
    return questions[:cfg.limit] if cfg.limit else questions


@dataclass
class EvalResult:
    metrics: dict[str, Any]
    config: dict[str, Any]
    recall_curve: list[float] | None
    per_question: list[dict[str, Any]]
    threshold: float | None = None  # the generator's abstention threshold, for the plots
    sweep: list[dict] | None = None  # metrics at other thresholds (metrics.threshold_sweep)
    kinds: dict[str, dict[str, Any]] | None = None  # every metric per question kind
    positions: dict[str, dict[str, Any]] | None = None  # chains: every metric per turn position

    def to_dict(self) -> dict[str, Any]:
        out = {"metrics": self.metrics, "by_kind": self.kinds, "config": self.config, "recall_curve": self.recall_curve,
               "abstain_threshold": self.threshold, "threshold_sweep": self.sweep,
               "per_question": self.per_question}
        if self.positions is not None:
            out["by_turn"] = self.positions
        return out


def _answer_scores(q: Question, kind: str, answer: Answer, doc_text) -> dict[str, float | bool | None]:
    em, f1 = squad_scores(answer.text, answer.abstained, q.answers)
    answered = not answer.abstained
    right = answer_right(kind, answer.text, answer.abstained, q.answers, q.items)
    return {"em": em, "f1": f1, "right": right,
            # Of the right factoid and role answers, those of at most SHORT_ANSWER_WORDS words.
            "short_answers": len(answer.text.split()) <= SHORT_ANSWER_WORDS
            if right and q.answers and kind in ("factoid", "role") else None,
            "answer_recall": (answered and answer_found(answer.text, q.answers)) if q.answers else None,
            "citation_accuracy": citations_exact(answer.citations, q.sources, doc_text)
            if answered and q.sources else None}


def _failed(q: Question, scores: dict, answer: Answer | None) -> bool:
    """A question worth a look: wrong answer or abstention, bad citation, or missed gold docs."""
    if answer is not None:
        if q.unanswerable:
            return not answer.abstained
        return not scores["right"] or scores["citation_accuracy"] is False
    return scores["recall@10"] is not None and scores["recall@10"] < 1


def evaluate_question(assistant, q: Question, cfg: EvalConfig, doc_text) -> tuple[dict, list[str]]:
    """One question -> (record, ranked doc ids). Latency covers retrieval plus generation."""
    kind = q.kind or analyse(q.question).kind
    t0 = time.perf_counter()
    passages = assistant.retrieve(q.question, k=max(RETRIEVE_DEPTH, cfg.k), retriever=cfg.retriever)
    answer = None
    if not cfg.retrieval_only and q.answers is not None:
        answer = assistant.answer(q.question, passages[:passages_needed(q.question, cfg.k)], generator=cfg.generator)
    latency = (time.perf_counter() - t0) * 1000
    found_if_answered = None
    if answer is not None and q.answers:
        found_if_answered = answer_right(kind, answer.text, answer.abstained, q.answers, q.items)
        gen = assistant.get_generator(cfg.generator)
        if answer.abstained and gen.capabilities.threshold:  # what a threshold of 0 would have said
            withheld = gen.decide(q.question, passages[:passages_needed(q.question, cfg.k)], 0.0)
            found_if_answered = answer_right(kind, withheld.text, withheld.abstained, q.answers, q.items)
        elif answer.abstained:
            found_if_answered = None  # no threshold to sweep
    ranked = fold_documents(p.doc_id for p in passages)
    scores = retrieval_scores(ranked, q.sources, q.relevance)
    scores.update(_answer_scores(q, kind, answer, doc_text) if answer is not None
                  else dict.fromkeys(["em", "f1", "answer_recall", "citation_accuracy", "right", "short_answers"]))
    record = {
        "id": q.id, "question": q.question, "answers": q.answers, "sources": q.sources,
        "kind": kind, "near_miss": q.near_miss,
        # getattr: bench/question_kinds.py scores answering code from before the field existed.
        "question_kind": None if answer is None else getattr(answer, "question_kind", None),
        "answer": None if answer is None else answer.text,
        "abstained": None if answer is None else answer.abstained,
        "confidence": None if answer is None else round(float(answer.confidence), 6),
        "reason": None if answer is None else answer.reason,
        "found_if_answered": found_if_answered,
        "citations": [] if answer is None else [c.to_dict() for c in answer.citations],
        "retrieved": ranked[:STORED_DOCS],
        "latency_ms": round(latency, 2),
        "scores": scores,
        "failed": _failed(q, scores, answer),
    }
    return record, ranked


def run_eval(assistant, evalset: EvalSet, cfg: EvalConfig, progress: bool = True) -> EvalResult:
    @lru_cache(maxsize=4096)
    def doc_text(doc_id: str) -> str | None:
        try:
            return assistant.document(doc_id).text
        except (RagError, KeyError):
            return None

    if evalset.chains is not None:  # conversation chains: every turn through Assistant.chat
        from rag.evaluation.chains import run_chains

        if cfg.retrieval_only:
            raise RagError(f"{evalset.name}: conversation chains are answered turn by turn; "
                           "--retrieval-only does not apply")
        return run_chains(assistant, evalset, cfg, lambda q, kind, answer: _answer_scores(q, kind, answer, doc_text),
                          progress=progress)

    questions = pick_questions(evalset.questions, cfg)
    answering = not cfg.retrieval_only and any(q.answers is not None for q in questions)
    # Loaded before the clock starts: the first question's latency is not the model load.
    load_seconds = assistant.load_models(cfg.generator, answering=answering)
    records, runs = [], []
    for q in tqdm(questions, desc=f"eval {evalset.name}", unit="q", file=sys.stderr, disable=not progress):
        record, ranked = evaluate_question(assistant, q, cfg, doc_text)
        records.append(record)
        runs.append((ranked[:CURVE_DEPTH], q.sources))
    answered = any(r["abstained"] is not None for r in records)
    config = {"set": evalset.name, "kind": evalset.kind, "retriever": cfg.retriever,
              "generator": cfg.generator if answered else None, "k": cfg.k, "limit": cfg.limit, "sample": cfg.sample,
              "retrieval_only": cfg.retrieval_only or not answered, "load_ms": round(load_seconds * 1000)}
    threshold = assistant.generator_threshold(cfg.generator) if answered else None
    sweep = None
    if answered and assistant.get_generator(cfg.generator).capabilities.threshold:  # a threshold to replay
        sweep = threshold_sweep(records, sorted({*SWEEP_THRESHOLDS, threshold}))
    return EvalResult(metrics=summarize(records), config=config, recall_curve=recall_curve(runs),
                      per_question=records, threshold=threshold, sweep=sweep,
                      kinds=by_kind(records) if answered else None)
