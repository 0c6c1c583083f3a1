#!/usr/bin/env python3
"""What the extractive generator would have said where it refused for low confidence alone.

    python bench/refused_readings.py DEV.json [CHAINS.json ...] --index DIR [--out FILE]

Each file is the `--json` output of `rag eval` (a question set or a chain set). For every answerable
question or turn refused only because its confidence is under the threshold ("the answer's
confidence … is under the threshold …", no other reason), and for every unanswerable one refused
that way, the question as it was asked (a chain turn: its rewrite, ``asked_as``) is read again over
freshly retrieved passages at threshold 0. It prints, for each lower threshold, how many of these
readings would become right, wrong, or answer an unanswerable question, and the same where only
answers that are the reader's span alone (not its whole sentence) are let through; ``--out``
writes the per-row readings (confidence, answer, cited sentence, the reader's probability and span
score) for a closer look. This is how issue #27's refusals were found not to separate from the
unanswerable ones by any of these signals (docs/reader.md, "Refused for low confidence").
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from rag.answering.composers.inventory import passages_needed
from rag.answering.source_qualifier import without_source
from rag.assistant import Assistant
from rag.evaluation.metrics import answer_right

FLOORS = (0.38, 0.35, 0.32, 0.30, 0.28, 0.25, 0.20)


def refused_for_confidence(record: dict) -> bool:
    """Refused by the confidence threshold alone (not by a near-miss or another check)."""
    reason = record.get("reason") or ""
    return bool(record.get("abstained")) and reason.startswith("the answer's confidence") and "(" not in reason


def read_again(assistant: Assistant, record: dict) -> dict:
    """The reading at threshold 0 of a refused row, with what it would score."""
    asked = record.get("asked_as") or record["question"]
    read = without_source(asked)
    gen = assistant.get_generator(None)
    passages = assistant.retrieve(asked, k=passages_needed(read, 5))
    answer = gen.decide(read, passages, 0.0)
    top = gen.score(read, passages)[0]
    support = next((c.text for c in answer.citations if c.kind != "answer"), "")
    return {"id": record["id"], "asked": asked, "kind": record["kind"], "unanswerable": not record["answers"],
            "confidence": round(answer.confidence, 3), "answer": answer.text, "support": support,
            "span_alone": any(c.kind == "answer" for c in answer.citations) and answer.text != support,
            "right": answer_right(record["kind"], answer.text, answer.abstained, record["answers"] or [],
                                  record.get("items")),
            "probability": round(top.probability, 3), "span_score": round(top.span_score, 2)}


def table(rows: list[dict]) -> list[str]:
    """Right / wrong / unanswerable-answered counts at each lower threshold, all and span-alone only."""
    lines = ["| threshold | answers | right | wrong | unanswerable answered |", "|---|---|---|---|---|"]
    for alone in (False, True):
        for floor in FLOORS:
            let = [r for r in rows if r["confidence"] >= floor and (r["span_alone"] or not alone)]
            right = sum(r["right"] and not r["unanswerable"] for r in let)
            wrong = sum(not r["right"] and not r["unanswerable"] for r in let)
            lines.append(f"| {floor}{' (span alone)' if alone else ''} | {len(let)} | {right} | {wrong} | "
                         f"{sum(r['unanswerable'] for r in let)} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", nargs="+", type=Path, help="`rag eval --json` outputs")
    ap.add_argument("--index", required=True)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    assistant = Assistant(index_dir=args.index)
    rows = [read_again(assistant, r) for path in args.results
            for r in json.loads(path.read_text())["per_question"] if refused_for_confidence(r)]
    print("\n".join(table(rows)))
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
