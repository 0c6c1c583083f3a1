"""BoolQ through the whole pipeline: each part's passages indexed as documents, each question asked
as typed (retrieval, the reader, the yes/no composer), and the decision scored.

    python bench/boolq_pipeline.py [--part heldout|calibration] [--limit N] [--json OUT]

The split is bench/train_yesno.py's (by article title: 70% train, 10% calibration, 20% held
out); the yes/no model never saw the calibration or held-out articles. Reported: the share of
questions given a Yes/No (coverage), the share of those that are right (precision), and the same
at other thresholds on the decision's confidence, so the threshold in rag/models/yesno.json can be
chosen on the calibration part and only reported on the held-out part. Always answering "yes" is
the baseline (its precision is the share of yes questions).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.data_paths import datasets_dir  # noqa: E402
from bench.train_yesno import part_of  # noqa: E402

PARTS = {"calibration": 1, "heldout": 2}
THRESHOLDS = [round(0.05 * i, 2) for i in range(10, 20)]  # 0.50 .. 0.95


def rows(part: str, limit: int | None) -> list[dict]:
    path = datasets_dir() / "boolq" / "dev-subset.jsonl"
    if not path.is_file():
        sys.exit(f"error: no BoolQ at {path} (set RAG_DATASETS to the benchmark datasets' folder)")
    items = [json.loads(line) for line in path.open(encoding="utf-8")]
    items = [r for r in items if part_of(r["title"]) == PARTS[part]]
    return items[:limit] if limit else items


def decisions(items: list[dict], progress: bool = True) -> list[dict]:
    """The composer's decision for every question, before any threshold: word, confidence."""
    from tqdm import tqdm

    from rag import Assistant
    from rag.answering.composers.yes_no import compose_yes_no
    from rag.types import Document

    docs, seen = [], {}
    for r in items:
        if r["passage"] not in seen:
            seen[r["passage"]] = f"{r['title']}#{len(seen)}"
            docs.append(Document(doc_id=seen[r["passage"]], text=r["passage"], title=r["title"]))
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(index_dir=Path(tmp) / "index")
        assistant.add_documents(docs, progress=progress)
        gen = assistant.get_generator("extractive")
        decision = gen.yes_no.card["decision"]
        for r in tqdm(items, desc="boolq", unit="q", disable=not progress, file=sys.stderr):
            passages = assistant.retrieve(r["question"], k=5)
            composed = compose_yes_no(r["question"], passages, gen.score(r["question"], passages), gen.yes_no,
                                      decision["relevance"], decision["coverage"])
            word = "" if composed.refused else composed.text.split(".")[0].lower()
            out.append({"question": r["question"], "gold": "yes" if r["answer"] else "no", "word": word,
                        "confidence": composed.confidence, "retrieved_own": bool(passages) and
                        passages[0].doc_id == seen[r["passage"]]})
    return out


def score(decided: list[dict], threshold: float) -> dict:
    given = [d for d in decided if d["word"] and d["confidence"] >= threshold]
    right = sum(d["word"] == d["gold"] for d in given)
    return {"threshold": threshold, "coverage": round(len(given) / len(decided), 4),
            "precision": round(right / len(given), 4) if given else None, "given": len(given)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=sorted(PARTS), default="heldout")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()
    items = rows(args.part, args.limit)
    decided = decisions(items)
    from rag.answering.extractive import ExtractiveGenerator

    in_use = ExtractiveGenerator().yes_no.card["decision"]["threshold"]
    result = {"part": args.part, "questions": len(items),
              "always_yes_precision": round(sum(d["gold"] == "yes" for d in decided) / len(decided), 4),
              "own_passage_first": round(sum(d["retrieved_own"] for d in decided) / len(decided), 4),
              "in_use": score(decided, in_use), "sweep": [score(decided, t) for t in THRESHOLDS]}
    print(json.dumps({k: v for k, v in result.items() if k != "sweep"}, indent=1))
    print("threshold  coverage  precision")
    for row in result["sweep"]:
        precision = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        print(f"{row['threshold']:9.2f}  {row['coverage']:8.3f}  {precision:>9}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({**result, "decisions": decided}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
