"""bench/refused_readings.py: which refusals it reads again, what it reads, and how it counts them."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import refused_readings  # noqa: E402

PLAIN = "the answer's confidence 0.36 is under the threshold 0.41"


def test_only_refusals_for_confidence_alone_are_read_again():
    assert refused_readings.refused_for_confidence({"abstained": True, "reason": PLAIN})
    # a near-miss check lowered it: that refusal has its own reason and is not the threshold's
    assert not refused_readings.refused_for_confidence(
        {"abstained": True, "reason": PLAIN + " (no passage mentions denmark)"})
    assert not refused_readings.refused_for_confidence({"abstained": False, "reason": None})


def test_a_refused_question_is_read_again_at_threshold_zero(assistant):
    """'Which group threatened two Japanese hostages?' is refused just under the threshold; read
    again at 0 it says ISIL, which counts as right."""
    record = {"id": "x", "question": "Which group threatened two Japanese hostages?", "kind": "factoid",
              "answers": ["ISIL"], "abstained": True, "reason": PLAIN}
    row = refused_readings.read_again(assistant, record)
    assert row["confidence"] < assistant.get_generator(None).threshold
    assert "ISIL" in row["answer"] and row["right"] and not row["unanswerable"]
    assert row["support"] and row["span_alone"]


def test_the_table_counts_right_wrong_and_unanswerable_per_floor():
    rows = [{"confidence": 0.39, "right": True, "unanswerable": False, "span_alone": True},
            {"confidence": 0.33, "right": False, "unanswerable": False, "span_alone": False},
            {"confidence": 0.31, "right": False, "unanswerable": True, "span_alone": True}]
    lines = refused_readings.table(rows)
    assert "| 0.38 | 1 | 1 | 0 | 0 |" in lines
    assert "| 0.3 | 3 | 1 | 1 | 1 |" in lines
    assert "| 0.3 (span alone) | 2 | 1 | 0 | 1 |" in lines
