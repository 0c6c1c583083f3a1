"""Evaluation metrics against values computed by hand."""
from __future__ import annotations

import math

import pytest

from rag.evaluation.metrics import (METRIC_KEYS, abstention_scores, answer_found, citations_exact,
                                    fold_documents, mrr_at, ndcg_at, normalize_answer, recall_at,
                                    recall_curve, retrieval_scores, squad_scores, summarize,
                                    threshold_sweep)
from rag.types import Citation


def test_fold_documents_keeps_first_occurrence():
    assert fold_documents(["a", "b", "a", "c", "b"]) == ["a", "b", "c"]


def test_recall_share_of_gold_found():
    ranked = ["x", "a", "y", "b"]
    assert recall_at(ranked, ["a", "b"], 1) == 0.0
    assert recall_at(ranked, ["a", "b"], 2) == 0.5
    assert recall_at(ranked, ["a", "b"], 10) == 1.0


def test_mrr_uses_first_relevant_within_cutoff():
    assert mrr_at(["x", "y", "a", "b"], ["a", "b"], 10) == pytest.approx(1 / 3)
    assert mrr_at(["x", "y", "a"], ["a"], 2) == 0.0


def test_ndcg_graded_linear_gain():
    # ranked: d1 (rel 1), d3 (rel 0), d2 (rel 2); ideal: 2, 1
    rel = {"d1": 1, "d2": 2, "d3": 0}
    dcg = 1 / math.log2(2) + 0 + 2 / math.log2(4)  # = 2.0
    idcg = 2 / math.log2(2) + 1 / math.log2(3)  # = 2.6309...
    assert ndcg_at(["d1", "d3", "d2"], rel, 10) == pytest.approx(dcg / idcg)
    assert ndcg_at(["d2", "d1"], rel, 10) == pytest.approx(1.0)
    assert ndcg_at(["z"], rel, 10) == 0.0


def test_ndcg_ideal_counts_gold_beyond_cutoff():
    # three relevant docs, cutoff 2: the ideal holds only two of them
    rel = {"a": 1, "b": 1, "c": 1}
    assert ndcg_at(["a", "b"], rel, 2) == pytest.approx(1.0)


def test_retrieval_scores_null_without_sources():
    assert set(retrieval_scores(["a"], [], {}).values()) == {None}
    s = retrieval_scores(["x", "a"], ["a"], {"a": 1})
    assert s["recall@1"] == 0.0 and s["recall@5"] == 1.0 and s["mrr@10"] == 0.5


def test_normalize_answer_squad_rules():
    assert normalize_answer("The  Joint-Strike Missile!") == "jointstrike missile"
    assert normalize_answer("an apple, a pear") == "apple pear"
    assert normalize_answer("Theory") == "theory"  # articles only as whole words
    assert normalize_answer("described as “international relations in action.”") == \
        "described as international relations in action"  # Unicode quotes are punctuation too
    assert answer_found("the “Proactive Contribution to Peace.”", ["Proactive Contribution to Peace"])


def test_squad_scores_answerable():
    em, f1 = squad_scores("the Joint Strike Missile", False, ["Joint Strike Missile", "JSM"])
    assert (em, f1) == (1.0, 1.0)
    # pred "joint strike" vs gold "joint strike missile": p=1, r=2/3 -> f1 = 0.8
    em, f1 = squad_scores("Joint Strike", False, ["Joint Strike Missile"])
    assert em == 0.0 and f1 == pytest.approx(0.8)
    assert squad_scores("anything", True, ["JSM"]) == (0.0, 0.0)  # abstained on answerable


def test_squad_scores_unanswerable_squad2_convention():
    assert squad_scores("", True, []) == (1.0, 1.0)
    assert squad_scores("Paris", False, []) == (0.0, 0.0)


def test_answer_found_token_boundaries():
    assert answer_found("It was signed on 3 September 2024.", ["3 September"])
    assert not answer_found("In 1943 it ran", ["194"])
    assert not answer_found("anything", ["the"])  # a gold that normalises to nothing never matches


def test_abstention_precision_recall():
    abstained = [True, True, False, False, True]
    unanswerable = [True, False, True, False, True]
    p, r = abstention_scores(abstained, unanswerable)
    assert p == pytest.approx(2 / 3) and r == pytest.approx(2 / 3)
    assert abstention_scores([True, False], [False, False]) == (None, None)
    assert abstention_scores([False, False], [True, False]) == (None, 0.0)


def test_citations_exact():
    docs = {"a": "hello world", "b": "other"}
    good = Citation("a", 6, 11, "world")
    assert citations_exact([good], ["a"], docs.get)
    assert not citations_exact([good, Citation("b", 0, 5, "other")], ["a"], docs.get)  # not gold
    assert not citations_exact([Citation("a", 0, 5, "hellO")], ["a"], docs.get)  # not exact
    assert not citations_exact([], ["a"], docs.get)


def test_recall_curve_averages_questions_with_gold():
    curve = recall_curve([(["a", "b"], ["b"]), (["c"], ["c", "d"]), (["x"], [])], depth=2)
    assert curve == [pytest.approx(0.25), pytest.approx(0.75)]
    assert recall_curve([(["x"], [])]) is None


def _record(scores, answers, abstained, latency):
    return {"scores": scores, "answers": answers, "abstained": abstained, "latency_ms": latency}


def test_summarize_keys_nulls_and_means():
    records = [
        _record({"recall@1": 1.0, "em": 1.0, "f1": 1.0, "answer_recall": True}, ["x"], False, 10.0),
        _record({"recall@1": 0.0, "em": 1.0, "f1": 1.0, "answer_recall": None}, [], True, 30.0),
    ]
    m = summarize(records)
    assert list(m) == METRIC_KEYS
    assert m["questions"] == 2 and m["recall@1"] == 0.5 and m["em"] == 1.0
    assert m["answer_recall"] == 1.0
    assert m["citation_accuracy"] is None and m["ndcg@10"] is None
    assert m["abstain_precision"] == 1.0 and m["abstain_recall"] == 1.0
    assert m["latency_ms_p50"] == 20.0 and m["latency_ms_p95"] == pytest.approx(29.0)


def test_summarize_retrieval_only_has_null_answer_metrics():
    m = summarize([_record({"recall@1": 1.0}, None, None, 5.0)])
    for key in ["em", "f1", "answer_recall", "citation_accuracy", "abstain_precision", "abstain_recall"]:
        assert m[key] is None


def test_threshold_sweep_replays_abstention_at_each_threshold():
    records = [  # two answerable (one right if answered), two unanswerable
        {"answers": ["a"], "confidence": 0.6, "found_if_answered": True},
        {"answers": ["b"], "confidence": 0.1, "found_if_answered": False},
        {"answers": [], "confidence": 0.3, "found_if_answered": None},
        {"answers": [], "confidence": 0.05, "found_if_answered": None},
    ]
    rows = {r["threshold"]: r for r in threshold_sweep(records, [0.0, 0.2, 0.5, 0.7])}
    assert rows[0.0] == {"threshold": 0.0, "answer_recall": 0.5, "abstain_precision": None, "abstain_recall": 0.0}
    assert rows[0.2]["abstain_precision"] == 0.5 and rows[0.2]["abstain_recall"] == 0.5
    assert rows[0.5]["answer_recall"] == 0.5 and rows[0.5]["abstain_recall"] == 1.0
    assert rows[0.7]["answer_recall"] == 0.0
    # a generator without a threshold leaves abstained answerable questions unknown: no sweep
    records[1]["found_if_answered"] = None
    assert threshold_sweep(records) is None


def test_threshold_numbers_read_differently():
    from rag.evaluation.report import sweep_table
    from rag.answering.base import below_threshold

    assert below_threshold("confidence", 0.1749, 0.175) == "confidence 0.1749 is under the threshold 0.1750"
    assert below_threshold("confidence", 0.06, 0.175) == "confidence 0.060 is under the threshold 0.175"
    assert below_threshold("confidence", 0.3, 0.5) == "confidence 0.30 is under the threshold 0.50"
    rows = [{"threshold": t, "answer_recall": 1.0, "abstain_precision": None, "abstain_recall": None}
            for t in (0.1, 0.175, 0.2)]
    table = "\n".join(sweep_table(rows, 0.175))
    assert "| 0.175 (in use) |" in table and "| 0.10 |" in table and "| 0.20 |" in table


def test_index_summary_keeps_the_model_load_out_of_the_rate():
    from rag.ingest.indexer import IndexReport

    text = IndexReport(added=["a.txt"], chunks_embedded=1, embed_seconds=0.04, load_seconds=6.2,
                       seconds=6.3).summary()
    assert "25.0 chunks/s" in text and "model load 6.2 s" in text
