"""Run conversation chains through ``Assistant.chat``: each turn is asked with the earlier
answers as history, so a follow-up ("who makes it?") is judged as the user would see it.
Per-turn records carry the question as it was asked (``asked_as``) and the rewrites considered;
metrics are given overall, per turn position (1, 2, 3+) and per kind."""
from __future__ import annotations

import sys
import time
from typing import Any

from tqdm import tqdm

from rag.answering.question_analysis import analyse
from rag.evaluation.metrics import by_kind, fold_documents, mean, retrieval_scores, summarize
from rag.evaluation.questions import Chain, EvalSet, Question
from rag.types import Answer

POSITIONS = ("1", "2", "3+")


def position(turn: int) -> str:
    """The turn-position bucket of a 1-based turn number."""
    return str(turn) if turn < 3 else "3+"


def right_and_short(kind: str, scores: dict) -> bool | None:
    """Right, and (for factoid and role turns) at most SHORT_ANSWER_WORDS words: what a user of a
    chat wants. None when the turn has no gold answers."""
    if scores.get("right") is None:
        return None
    if kind in ("factoid", "role") and scores.get("short_answers") is not None:
        return bool(scores["right"] and scores["short_answers"])
    return bool(scores["right"])


def chain_turn_record(q: Question, chain: Chain, turn: int, answer: Answer, latency_ms: float,
                      scores_of, k: int) -> dict[str, Any]:
    """One turn's record: the runner's answer scores, retrieval scores over the passages the answer
    was given, the rewrite and its alternatives."""
    kind = q.kind or analyse(q.question).kind
    ranked = fold_documents(p.doc_id for p in answer.passages)
    scores = retrieval_scores(ranked, q.sources, q.relevance)
    scores.update(scores_of(q, kind, answer))
    scores["right_short"] = right_and_short(kind, scores)
    failed = (not answer.abstained) if q.unanswerable else not scores["right_short"]
    return {
        "id": q.id, "chain": chain.id, "turn": turn, "position": position(turn),
        "question": q.question, "asked_as": answer.asked_as or answer.question,
        "alternatives": [a.to_dict() for a in answer.alternatives],
        "answers": q.answers, "sources": q.sources, "kind": kind, "near_miss": q.near_miss,
        "question_kind": answer.question_kind, "answer": answer.text, "abstained": answer.abstained,
        "confidence": round(float(answer.confidence), 6), "reason": answer.reason,
        "found_if_answered": None, "citations": [c.to_dict() for c in answer.citations],
        "retrieved": ranked[:k], "latency_ms": round(latency_ms, 2), "scores": scores, "failed": failed,
    }


def chain_summary(records: list[dict]) -> dict[str, Any]:
    """The usual metrics plus ``right_short`` (right and short, the chains' headline number)."""
    metrics = summarize(records)
    metrics["right_short"] = _round(mean(r["scores"].get("right_short") for r in records))
    return metrics


def by_position(records: list[dict]) -> dict[str, dict[str, Any]]:
    """Metrics per turn position: the first question, the first follow-up, later follow-ups."""
    return {p: chain_summary(rs) for p in POSITIONS if (rs := [r for r in records if r["position"] == p])}


def run_chains(assistant, evalset: EvalSet, cfg, scores_of, progress: bool = True):
    """Every chain, turn by turn, through ``assistant.chat`` (limit/sample pick whole chains)."""
    from rag.evaluation.runner import EvalResult, pick_questions

    chains = pick_questions(list(evalset.chains or []), cfg)
    load_seconds = assistant.load_models(cfg.generator, answering=True)
    records: list[dict] = []
    turns = sum(len(c.turns) for c in chains)
    with tqdm(total=turns, desc=f"eval {evalset.name}", unit="turn", file=sys.stderr, disable=not progress) as bar:
        for chain in chains:
            history: list[Answer] = []
            for n, q in enumerate(chain.turns, 1):
                t0 = time.perf_counter()
                answer = assistant.chat(q.question, history, k=cfg.k, retriever=cfg.retriever,
                                        generator=cfg.generator)
                records.append(chain_turn_record(q, chain, n, answer, (time.perf_counter() - t0) * 1000,
                                                 scores_of, cfg.k))
                history.append(answer)
                bar.update()
    config = {"set": evalset.name, "kind": evalset.kind, "retriever": cfg.retriever, "generator": cfg.generator,
              "k": cfg.k, "limit": cfg.limit, "sample": cfg.sample, "retrieval_only": False,
              "load_ms": round(load_seconds * 1000), "chains": len(chains)}
    return EvalResult(metrics=chain_summary(records), config=config, recall_curve=None, per_question=records,
                      threshold=assistant.generator_threshold(cfg.generator), kinds=by_kind(records),
                      positions=by_position(records))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
