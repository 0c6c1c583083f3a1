#!/usr/bin/env python3
"""Quality benchmark: run `rag eval` on the benchmark sets for each retriever and write the
tables of docs/quality.md beside the published reference figures.

Every row is one `rag eval` command, printed in the table with the date it ran so it can be
reproduced alone. Each row's metrics are kept in bench/quality/results.json (committed), so a
rerun of some rows (`--only`) rewrites docs/quality.md with the others as they were measured, and
`--no-run` rewrites it from results.json alone: the numbers in docs/quality.md are only ever
written here. Indexes and full JSON results go under bench/out/ (gitignored); an index is built
once per set and reused by later rows (indexing is incremental).

    python bench/quality/run.py [--datasets DIR] [--only NAME] [--limit N] [--answer-limit N] [--no-run]

The third-party sets are read from --datasets, else $RAG_DATASETS, else ../shared/datasets.
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
RESULTS = Path(__file__).with_name("results.json")
DOC = ROOT / "docs" / "quality.md"
CARD = ROOT / "rag" / "models" / "reader.json"
RETRIEVERS = ["dense", "bm25", "hybrid"]
SQUAD_RETRIEVAL_LIMIT = 1000
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
    corpus: Path | None = None  # a project .jsonl set: the folder indexed first
    sample: int | None = None  # ask a fixed-seed sample of this many questions

    @property
    def json_path(self) -> Path:
        mode = "answers" if self.answers else "retrieval"
        return OUT / f"{self.index}-{self.retriever}-{mode}.json"

    @property
    def key(self) -> str:  # the row's name in results.json
        return f"{self.index}/{self.retriever}/{'answers' if self.answers else 'retrieval'}"

    def command(self, datasets: Path | None = None) -> list[str]:
        cmd = ["rag", "eval", _shown(self.set_path, datasets), "--index", _rel(OUT / self.index),
               "--retriever", self.retriever, "--json", _rel(self.json_path)]
        if self.split:
            cmd += ["--split", self.split]
        if self.articles:
            cmd += ["--articles", ",".join(self.articles)]
        if self.corpus:
            cmd += ["--corpus", _rel(self.corpus)]
        if not self.answers:
            cmd.append("--retrieval-only")
        if self.limit:
            cmd += ["--limit", str(self.limit)]
        if self.sample:
            cmd += ["--sample", str(self.sample)]
        return cmd


def _rel(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def _shown(path: Path, datasets: Path | None) -> str:
    """A set path as the table shows it: under the datasets folder as $RAG_DATASETS/..., so the
    command reads the same wherever the sets are."""
    if datasets is not None:
        try:
            return "$RAG_DATASETS/" + path.resolve().relative_to(datasets.resolve()).as_posix()
        except ValueError:
            pass
    return _rel(path)


def _join(cmd: list[str]) -> str:
    """The command as a shell line; $RAG_DATASETS stays unquoted so the shell expands it."""
    return " ".join(c if c.startswith("$RAG_DATASETS/") and shlex.quote(c[1:]) == c[1:] else shlex.quote(c)
                    for c in cmd)


def default_datasets() -> Path:
    return Path(os.environ.get("RAG_DATASETS") or ROOT.parent / "shared" / "datasets")


def rows(datasets: Path, limit: int | None, answer_limit: int | None) -> list[Row]:
    sets = [("SciFact train (BEIR)", datasets / "scifact", "index-scifact", "train"),
            ("SQuAD 2.0 dev half", datasets / "squad2-dev-half" / "dev-v2.0.json", "index-squad2", None),
            ("HotpotQA dev (250)", datasets / "hotpotqa-dev", "index-hotpotqa", None)]
    # SQuAD retrieval: the first 1,000 of its 6,078 questions unless --limit says otherwise
    out = [Row(name, path, index, r, split=split, limit=limit or (SQUAD_RETRIEVAL_LIMIT if index == "index-squad2" else None))
           for name, path, index, split in sets for r in RETRIEVERS]
    answer_sets = [s for s in sets if s[2] != "index-scifact"]  # SciFact has no answer strings
    # SQuAD: every question of the articles the reader never saw (over an index of the whole file)
    heldout = json.loads(CARD.read_text(encoding="utf-8"))["heldout_articles"]
    for name, path, index, _ in answer_sets:
        if index == "index-squad2":
            out.append(Row(f"{name}, held-out articles", path, index, "hybrid", answers=True, limit=limit,
                           articles=heldout, sample=None if limit else answer_limit))
        else:
            out.append(Row(name, path, index, "hybrid", answers=True,
                           limit=min(filter(None, [limit, answer_limit]), default=None)))
    corpus_qa = ROOT / "eval" / "corpus_qa.jsonl"
    out += [Row("`eval/corpus_qa.jsonl`", corpus_qa, "index-corpus", r, corpus=ROOT / "corpus", limit=limit)
            for r in RETRIEVERS]
    out.append(Row("`eval/corpus_qa.jsonl`", corpus_qa, "index-corpus", "hybrid", answers=True, corpus=ROOT / "corpus",
                   limit=limit))
    return out


def run_row(row: Row, datasets: Path) -> dict:
    """Run the row's `rag eval`; return what results.json keeps of it (no per-question records)."""
    cmd = row.command()
    print("$ " + shlex.join(cmd), file=sys.stderr, flush=True)
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    res = json.loads(row.json_path.read_text(encoding="utf-8"))
    shown = replace(row, limit=res["config"].get("limit"), sample=res["config"].get("sample", row.sample))
    kept = {"date": time.strftime("%Y-%m-%d"), "command": _join(shown.command(datasets)),
            "metrics": res["metrics"]}
    if row.answers and res.get("threshold_sweep"):
        kept["abstain_threshold"] = res.get("abstain_threshold")
        kept["threshold_sweep"] = res["threshold_sweep"]
    return kept


def load_results(path: Path = RESULTS) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def save_results(results: dict, path: Path = RESULTS) -> None:
    path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _f(v: float | None, digits: int = 3, scale: float = 1.0) -> str:
    return "-" if v is None else f"{v * scale:.{digits}f}"


def results_markdown(done: list[tuple[Row, dict]]) -> str:
    """docs/quality.md: one table row per `rag eval` command, with the date it ran."""
    retrieval = [(r, res) for r, res in done if not r.answers]
    answers = [(r, res) for r, res in done if r.answers]
    dates = sorted({res["date"] for _, res in done})
    when = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}" if dates else "-"
    lines = ["# Measured quality", "",
             "<!-- Written by `python bench/quality/run.py`; do not edit: rerun it (see bench/quality/README.md). -->", "",
             f"Written by `python bench/quality/run.py` (rows measured {when}; each row gives its own date "
             "and the `rag eval` command that measured it). The third-party sets are the benchmark datasets "
             "(`$RAG_DATASETS`: SciFact, SQuAD 2.0, HotpotQA); `eval/corpus_qa.jsonl` holds 119 questions "
             "written from `corpus/`. Retrieval is scored per document (chunks folded into their documents). "
             "Latencies (p50/p95 per question, retrieval plus generation) were taken on a shared 2-core CPU "
             "machine: read them as rough. How to read the numbers: [bench/quality/README.md]"
             "(../bench/quality/README.md).", "",
             "## Retrieval", "",
             "| set | retriever | questions | recall@1 | recall@5 | recall@10 | mrr@10 | nDCG@10 | p50 ms | published reference | date | command |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row, res in retrieval:
        m = res["metrics"]
        ref = SCIFACT_REFERENCE.get(row.retriever, "") if row.index == "index-scifact" else ""
        lines.append(f"| {row.name} | {row.retriever} | {m['questions']} | {_f(m['recall@1'])} | {_f(m['recall@5'])} "
                     f"| {_f(m['recall@10'])} | {_f(m['mrr@10'])} | {_f(m['ndcg@10'])} | {_f(m['latency_ms_p50'], 0)} "
                     f"| {ref} | {_date(res)} | `{res['command']}` |")
    lines += ["", "Published SciFact figures are on the *test* queries; the train queries here behave "
              "similarly but are not the same set. For scale: bge-small-en-v1.5 0.713, bge-base-en-v1.5 0.741.", "",
              "## Answers (extractive generator, k = 5)", "",
              "EM/F1 (in percent) follow the SQuAD 2.0 convention (an unanswerable question scores 1 when the "
              "assistant abstains). Readers in the reference column were given the gold paragraph; "
              "here the passages come from open retrieval over the whole set.", "",
              "| set | retriever | questions | EM | F1 | answer recall | citation accuracy | abstain P | abstain R | p50 ms | p95 ms | published reference | date | command |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row, res in answers:
        m = res["metrics"]
        ref = SQUAD_READER_REFERENCE if row.index == "index-squad2" else ""
        lines.append(f"| {row.name} | {row.retriever} | {m['questions']} | {_f(m['em'], 1, 100)} | {_f(m['f1'], 1, 100)} "
                     f"| {_f(m['answer_recall'])} | {_f(m['citation_accuracy'])} | {_f(m['abstain_precision'])} "
                     f"| {_f(m['abstain_recall'])} | {_f(m['latency_ms_p50'], 0)} | {_f(m['latency_ms_p95'], 0)} "
                     f"| {ref} | {_date(res)} | `{res['command']}` |")
    for row, res in answers:
        if res.get("threshold_sweep"):
            lines += sweep_markdown(row, res)
    if any(res.get("note") for _, res in done):
        lines += ["", "\\* Carried over: measured by this command before results.json kept each row, and replaced "
                  "when its set is rerun."]
        if any(res.get("note") for _, res in answers):
            lines[-1] += (" The answer rows so marked were measured with the reader before its sentence-cosine "
                          "confidence and the stated-number rule ([reader.md](reader.md) has their effect).")
    lines += ["", "The reader (`bench/train_reader.py`, [docs/reader.md](reader.md)) was trained on squad-train "
              "and the other half of the SQuAD file's articles; the SQuAD answer row asks only the questions of "
              "the articles it never saw (`--articles`, listed in rag/models/reader.json), over an index of the "
              "whole file. `eval/corpus_qa.jsonl` and HotpotQA were never used for training or calibration."]
    return "\n".join(lines) + "\n"


def _date(res: dict) -> str:
    return res["date"] + ("\\*" if res.get("note") else "")


def sweep_markdown(row: Row, res: dict) -> list[str]:
    """What other abstention thresholds would have given on the row's set (`rag eval` replays them)."""
    default = res.get("abstain_threshold")
    shown = [p for p in res["threshold_sweep"]
             if round(p["threshold"] * 10, 6).is_integer() or p["threshold"] == default]
    lines = ["", f"## Abstention thresholds on {row.name}", "",
             "What each threshold would have given in the answer row above (`rag eval` replays the run at "
             "every threshold; its `--report` draws the whole sweep). Pick one for your own documents with "
             "`--abstain-threshold P`.", "",
             "| threshold | answer recall | abstain precision | abstain recall |", "|---|---|---|---|"]
    for p in shown:
        label = f"{p['threshold']:.2f}" + (" (default)" if p["threshold"] == default else "")
        lines.append(f"| {label} | {_f(p['answer_recall'])} | {_f(p['abstain_precision'], 2)} | {_f(p['abstain_recall'], 2)} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=default_datasets(),
                        help="the benchmark datasets' folder (default: $RAG_DATASETS, else ../shared/datasets)")
    parser.add_argument("--limit", type=int, help="questions per row (default: all)")
    parser.add_argument("--answer-limit", type=int, default=500,
                        help="questions per answer-generating row (default 500; the SQuAD row asks a fixed-seed "
                             "sample of that many questions of the held-out articles)")
    parser.add_argument("--only", help="rerun only sets whose index name contains this (e.g. scifact, corpus); "
                        "the other rows keep what results.json holds for them")
    parser.add_argument("--no-run", action="store_true",
                        help="run nothing: only rewrite the document from results.json")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="each row's date, command and metrics (default bench/quality/results.json)")
    parser.add_argument("--output", type=Path, default=DOC, help="the document written (default docs/quality.md)")
    args = parser.parse_args(argv)
    datasets = args.datasets.resolve()
    results = load_results(args.results)
    done = []
    for row in rows(datasets, args.limit, args.answer_limit):
        if not args.no_run and (not args.only or args.only in row.index):
            if row.set_path.exists() or not _shown(row.set_path, datasets).startswith("$RAG_DATASETS"):
                OUT.mkdir(parents=True, exist_ok=True)
                results[row.key] = run_row(row, datasets)
                save_results(results, args.results)
            else:
                print(f"skipped {row.key}: {row.set_path} is missing (set --datasets or $RAG_DATASETS)",
                      file=sys.stderr)
        if row.key in results:
            done.append((row, results[row.key]))
    args.output.write_text(results_markdown(done), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
