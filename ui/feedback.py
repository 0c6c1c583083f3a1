"""Thumbs up/down on the page become evaluation questions: each vote is one line of
``<index>/feedback.jsonl`` in the eval/ question-set format, so
``rag eval <index>/feedback.jsonl --index <index>`` measures the assistant on its users' own
questions. The extra keys (vote, asked, given answer, time) are kept for people and ignored by
``rag eval``."""
from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from rag.types import Answer

FEEDBACK_FILE = "feedback.jsonl"
MAX_CORRECTION_CHARS = 500
_WRITE_LOCK = threading.Lock()


def feedback_path(index_dir: str | Path) -> Path:
    return Path(index_dir) / FEEDBACK_FILE


def feedback_record(asked: str, answer: Answer, vote: str, correction: str = "",
                    holding: Callable[[str], list[str]] | None = None) -> dict | None:
    """The question-set line a vote stands for, or None when it says nothing measurable.

    * up on an answer: the answer is gold (``answers``), its cited documents the ``sources``;
    * up on an abstention: the documents do not answer it (``answers: []``);
    * down with the right answer typed in: that answer, with the documents ``holding`` it;
    * down without one on an answer: it should have abstained (``answers: []``);
    * down without one on an abstention: nothing to measure (None).
    """
    if vote not in ("up", "down"):
        raise ValueError(f"unknown vote {vote!r}")
    correction = " ".join((correction or "").split())[:MAX_CORRECTION_CHARS]
    if vote == "up":
        answers = [] if answer.abstained else [answer.text]
        sources = [] if answer.abstained else _unique(c.doc_id for c in answer.citations)
    elif correction:
        answers, sources = [correction], (holding(correction) if holding else [])
    elif not answer.abstained:
        answers, sources = [], []
    else:
        return None
    return {"id": f"fb-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}", "question": answer.question,
            "answers": answers, "sources": sources, "vote": vote, "asked": asked,
            "given_answer": "" if answer.abstained else answer.text, "abstained": answer.abstained,
            "confidence": round(float(answer.confidence), 6), "generator": answer.generator,
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def append_feedback(path: str | Path, record: dict) -> None:
    """Append one JSON line and flush it to disk (several page users may vote at once)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _WRITE_LOCK, path.open("a", encoding="utf-8") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
