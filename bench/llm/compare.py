#!/usr/bin/env python3
"""LLM vs extractive answers on the same questions, index and passages: writes bench/llm/COMPARISON.md.

Runs `rag eval` with each generator on eval/corpus_qa.jsonl and on the first 200 questions of
the shared SQuAD 2.0 half (hybrid retrieval, k = 5), then tabulates em, f1, answer_recall,
citation_accuracy, abstention and seconds per answer. Results go to bench/out/llm/ (gitignored).

    python bench/llm/compare.py [--squad-limit 200] [--model PATH.gguf] [--no-run]
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from rag.embedding.threads import usable_cores

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.data_paths import datasets_dir  # noqa: E402

OUT = ROOT / "bench" / "out" / "llm"
SETS = [("eval/corpus_qa.jsonl", "eval/corpus_qa.jsonl", "bench/out/corpus-index", None),
        ("SQuAD 2.0 dev half", str(datasets_dir() / "squad2-dev-half" / "dev-v2.0.json"), "bench/out/index-squad2",
         "squad")]
GENERATORS = ["extractive", "llm"]


def command(set_path: str, index: str, generator: str, json_path: Path, limit: int | None,
            model: str | None) -> list[str]:
    cmd = ["rag", "eval", set_path, "--index", index, "--generator", generator,
           "--json", os.path.relpath(json_path, ROOT)]
    if limit:
        cmd += ["--limit", str(limit)]
    if model and generator == "llm":
        cmd += ["--model", model]
    return cmd


def _f(v: float | None, digits: int = 3) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad-limit", type=int, default=200)
    parser.add_argument("--model", help="GGUF file for --generator llm (default: Qwen2.5-Coder-0.5B-Instruct)")
    parser.add_argument("--no-run", action="store_true", help="only rewrite the table from bench/out/llm/")
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("COMPARISON.md"))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    lines = ["# LLM vs extractive answers", "",
             f"Written by `python bench/llm/compare.py` on {time.strftime('%Y-%m-%d')}: the same questions, index "
             "and passages (hybrid retrieval, k = 5) for both generators, on this 2-core CPU machine "
             f"(llama.cpp with {usable_cores()} threads). EM/F1 follow the SQuAD 2.0 convention (an "
             "unanswerable question scores 1 when the assistant abstains); seconds are per answer, "
             "retrieval included. An LLM answer whose sentences are all unsupported falls back to the "
             "extractive answer (or an abstention), as `--generator llm` does for users.", "",
             "| set | generator | questions | EM | F1 | answer recall | citation accuracy | abstain P | abstain R "
             "| s/answer p50 | s/answer p95 | command |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, set_path, index, kind in SETS:
        limit = args.squad_limit if kind == "squad" else None
        for generator in GENERATORS:
            json_path = OUT / f"{'squad' if kind else 'corpus'}-{generator}.json"
            cmd = command(set_path, index, generator, json_path, limit, args.model)
            if not args.no_run:
                print("$ " + shlex.join(cmd), file=sys.stderr, flush=True)
                subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
            if not json_path.is_file():
                continue
            m = json.loads(json_path.read_text(encoding="utf-8"))["metrics"]
            lines.append(f"| {name} | {generator} | {m['questions']} | {_f(m['em'])} | {_f(m['f1'])} "
                         f"| {_f(m['answer_recall'])} | {_f(m['citation_accuracy'])} | {_f(m['abstain_precision'])} "
                         f"| {_f(m['abstain_recall'])} | {_f(m['latency_ms_p50'] / 1000, 2)} "
                         f"| {_f(m['latency_ms_p95'] / 1000, 2)} | `{shlex.join(cmd)}` |")
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
