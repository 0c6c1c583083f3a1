#!/usr/bin/env python3
"""Quality benchmark: run `rag eval` on the third-party sets for each retriever and write
bench/quality/RESULTS.md beside the published reference figures.

Every row is one `rag eval` command, printed in the table so it can be reproduced alone.
Indexes and JSON results go under bench/out/ (gitignored); an index is built once per set and
reused by later rows (indexing is incremental).

    python bench/quality/run.py [--datasets ../shared/datasets] [--limit N] [--answer-limit N]
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
CARD = ROOT / "rag" / "models" / "reader.json"
RETRIEVERS = ["dense", "bm25", "hybrid"]
# Published figures (datasets/README.md): SciFact *test* nDCG@10; SQuAD 2.0 readers given the gold paragraph.
SCIFACT_REFERENCE = {"dense": "0.645 all-MiniLM-L6-v2 (MTEB)", "bm25": "0.679 BM25 (Pyserini flat)"}
SQUAD_READER_REFERENCE = "EM 79.4 / F1 82.3 tinyroberta-squad2, 79.9 / 83.0 roberta-base-squad2 (gold paragraph)"


@dataclass
class Row:
    name: str  # set label in the tables
    set_path: Path
    index: str  # index folder name under bench/out
    retriever: str
    answers: bool = False
    split: str | None = None
    limit: int | None = None
    articles: list[str] | None = None  # SQuAD: ask only these articles' questions

    @property
    def json_path(self) -> Path:
        mode = "answers" if self.answers else "retrieval"
        return OUT / f"{self.index}-{self.retriever}-{mode}.json"

    def command(self) -> list[str]:
        cmd = ["rag", "eval", _rel(self.set_path), "--index", _rel(OUT / self.index),
               "--retriever", self.retriever, "--json", _rel(self.json_path)]
        if self.split:
            cmd += ["--split", self.split]
        if self.articles:
            cmd += ["--articles", ",".join(self.articles)]
        if not self.answers:
            cmd.append("--retrieval-only")
        if self.limit:
            cmd += ["--limit", str(self.limit)]
        return cmd


def _rel(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def rows(datasets: Path, limit: int | None, answer_limit: int | None) -> list[Row]:
    sets = [("SciFact train (BEIR)", datasets / "scifact", "index-scifact", "train"),
            ("SQuAD 2.0 dev half", datasets / "squad2-dev-half" / "dev-v2.0.json", "index-squad2", None),
            ("HotpotQA dev (250)", datasets / "hotpotqa-dev", "index-hotpotqa", None)]
    out = [Row(name, path, index, r, split=split, limit=limit)
           for name, path, index, split in sets for r in RETRIEVERS]
    answer_sets = [s for s in sets if s[2] != "index-scifact"]  # SciFact has no answer strings
    # SQuAD: every question of the articles the reader never saw (over an index of the whole file)
    heldout = json.loads(CARD.read_text(encoding="utf-8"))["heldout_articles"]
    for name, path, index, _ in answer_sets:
        if index == "index-squad2":
            out.append(Row(f"{name}, held-out articles", path, index, "hybrid", answers=True, limit=limit,
                           articles=heldout))
        else:
            out.append(Row(name, path, index, "hybrid", answers=True,
                           limit=min(filter(None, [limit, answer_limit]), default=None)))
    return out


def run_row(row: Row) -> dict:
    cmd = row.command()
    print("$ " + shlex.join(cmd), file=sys.stderr, flush=True)
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return json.loads(row.json_path.read_text(encoding="utf-8"))


def _f(v: float | None, digits: int = 3, scale: float = 1.0) -> str:
    return "-" if v is None else f"{v * scale:.{digits}f}"


def results_markdown(done: list[tuple[Row, dict]], datasets: Path) -> str:
    # the command shown is the one that produced the result (its --limit may differ from this run's)
    done = [(replace(row, limit=res["config"].get("limit")), res) for row, res in done]
    retrieval = [(r, res) for r, res in done if not r.answers]
    answers = [(r, res) for r, res in done if r.answers]
    lines = ["# Quality benchmark results", "",
             f"Written by `python bench/quality/run.py` on {time.strftime('%Y-%m-%d')} "
             f"(data: `{_rel(datasets)}`, see its README.md). Retrieval is scored per document "
             "(chunks folded into their documents); embedder all-MiniLM-L6-v2. Latencies (p50/p95 per "
             "question, retrieval of 50 chunks plus generation) were taken on a shared 2-core CPU machine "
             "under load from other jobs: read them as rough.", "",
             "## Retrieval", "",
             "| set | retriever | questions | recall@1 | recall@5 | recall@10 | mrr@10 | nDCG@10 | p50 ms | published reference | command |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row, res in retrieval:
        m = res["metrics"]
        ref = SCIFACT_REFERENCE.get(row.retriever, "") if row.index == "index-scifact" else ""
        lines.append(f"| {row.name} | {row.retriever} | {m['questions']} | {_f(m['recall@1'])} | {_f(m['recall@5'])} "
                     f"| {_f(m['recall@10'])} | {_f(m['mrr@10'])} | {_f(m['ndcg@10'])} | {_f(m['latency_ms_p50'], 0)} "
                     f"| {ref} | `{shlex.join(row.command())}` |")
    lines += ["", "Published SciFact figures are on the *test* queries; the train queries here behave "
              "similarly but are not the same set. For scale: bge-small-en-v1.5 0.713, bge-base-en-v1.5 0.741.", "",
              "## Answers (extractive generator, k = 5)", "",
              "EM/F1 follow the SQuAD 2.0 convention (an unanswerable question scores 1 when the "
              "assistant abstains). Readers in the reference column were given the gold paragraph; "
              "here the passages come from open retrieval over the whole set.", "",
              "| set | retriever | questions | EM | F1 | answer recall | citation accuracy | abstain P | abstain R | p50 ms | p95 ms | published reference | command |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row, res in answers:
        m = res["metrics"]
        ref = SQUAD_READER_REFERENCE if row.index == "index-squad2" else ""
        lines.append(f"| {row.name} | {row.retriever} | {m['questions']} | {_f(m['em'], 1, 100)} | {_f(m['f1'], 1, 100)} "
                     f"| {_f(m['answer_recall'])} | {_f(m['citation_accuracy'])} | {_f(m['abstain_precision'])} "
                     f"| {_f(m['abstain_recall'])} | {_f(m['latency_ms_p50'], 0)} | {_f(m['latency_ms_p95'], 0)} "
                     f"| {ref} | `{shlex.join(row.command())}` |")
    lines += ["", "EM and F1 are in percent here. The reader (`bench/train_reader.py`) was trained on squad-train "
              "and the other half of the SQuAD file's articles; the SQuAD answer row asks only the questions of "
              "the articles it never saw (`--articles`, listed in rag/models/reader.json), over an index of the "
              "whole file. `eval/corpus_qa.jsonl` and HotpotQA were never used for training or calibration."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--limit", type=int, help="questions per row (default: all)")
    parser.add_argument("--answer-limit", type=int, default=500,
                        help="questions per answer-generating row (default 500; the SQuAD row asks every "
                             "question of the held-out articles)")
    parser.add_argument("--only", help="rerun only sets whose index name contains this (e.g. scifact); "
                        "the other rows are taken from their earlier JSON results in bench/out/")
    parser.add_argument("--no-run", action="store_true",
                        help="only rewrite RESULTS.md from the JSON results already in bench/out/")
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("RESULTS.md"))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    done = []
    for row in rows(args.datasets.resolve(), args.limit, args.answer_limit):
        if not args.no_run and (not args.only or args.only in row.index):
            done.append((row, run_row(row)))
        elif row.json_path.is_file():
            done.append((row, json.loads(row.json_path.read_text(encoding="utf-8"))))
    args.output.write_text(results_markdown(done, args.datasets.resolve()), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
