#!/usr/bin/env python3
"""Per-kind quality, before and after question analysis, written into docs/question-kinds.md.

    python bench/question_kinds.py [--before REV] [--no-boolq]

For each corpus question set (eval/corpus_dev.jsonl: fit, calibrate, choose; eval/corpus_test.jsonl:
report only) it runs `rag eval` twice over one index of corpus/: "after" with this checkout, and
"before" with the extractive generator of git revision REV (default: the last commit before
question analysis) and everything else of this checkout (the same index, retrieval and definition
of "right"). Then BoolQ's held-out articles through the pipeline (bench/boolq_pipeline.py). The
table between the markers of docs/question-kinds.md is rewritten with the numbers and the
commands, so the page cannot drift from what was measured.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "question-kinds.md"
OUT = ROOT / "bench" / "out" / "question-kinds"
BEFORE = "c43535d"  # the last commit before question analysis (rag/answering/question_analysis.py)
SETS = ["eval/corpus_dev.jsonl", "eval/corpus_test.jsonl"]
KINDS = ["factoid", "yes_no", "why_how", "list", "role", "near_miss"]
EXTRACTIVE = "rag/answering/extractive.py"


def run(cmd: list[str], cwd: Path) -> None:
    """``cmd`` in ``cwd``: `python -m rag` there imports that folder's rag/ first."""
    print("$ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}, check=True)


def before_tree(rev: str, tmp: Path) -> Path:
    """This checkout's rag/ and ui/ with the extractive generator of REV: the same ingest, index,
    retrieval and scoring, the answering before question analysis."""
    tree = tmp / "before"
    tree.mkdir()
    for part in ("rag", "ui"):
        shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns("__pycache__", "*.onnx"))
    for model in (ROOT / "rag" / "models").glob("*.onnx"):
        (tree / "rag" / "models" / model.name).symlink_to(model)
    old = subprocess.run(["git", "show", f"{rev}:{EXTRACTIVE}"], cwd=ROOT, check=True, capture_output=True).stdout
    (tree / EXTRACTIVE).write_bytes(old)
    return tree


def evaluate(set_path: str, index: Path, out: Path, tree: Path | None) -> dict:
    """`rag eval` run from ``tree`` (its rag/ comes first on the path) or from this checkout."""
    run([sys.executable, "-m", "rag", "eval", str(ROOT / set_path), "--index", str(index), "--json", str(out)],
        tree or ROOT)
    return json.loads(out.read_text(encoding="utf-8"))


def cell(m: dict | None, key: str) -> str:
    v = None if m is None else m.get(key)
    return "-" if v is None else f"{v:.2f}"


def corpus_table(results: dict) -> list[str]:
    lines = ["| set | kind | questions | right before | right after | short answers before | short answers after |",
             "|---|---|---|---|---|---|---|"]
    for set_path in SETS:
        before, after = results[set_path]["before"]["by_kind"], results[set_path]["after"]["by_kind"]
        for kind in KINDS + ["all"]:
            if kind == "all":
                b, a = results[set_path]["before"]["metrics"], results[set_path]["after"]["metrics"]
            else:
                b, a = before.get(kind), after.get(kind)
            if a is None:
                continue
            name = Path(set_path).name
            lines.append(f"| {name} | {'**all**' if kind == 'all' else kind} | {a['questions']} | {cell(b, 'right')} | "
                         f"{cell(a, 'right')} | {cell(b, 'short_answers')} | {cell(a, 'short_answers')} |")
    return lines


def boolq_table(result: dict) -> list[str]:
    rows = {r["threshold"]: r for r in result["sweep"]}
    used = result["in_use"]
    lines = ["| BoolQ held-out articles, through the pipeline | questions | answered Yes/No | right among those |",
             "|---|---|---|---|",
             f"| in use (threshold {used['threshold']}) | {result['questions']} | {used['coverage']:.2f} | "
             f"{used['precision']:.3f} |"]
    for t in (0.6, 0.7, 0.75):
        r = rows.get(t)
        if r and r["precision"] is not None:
            lines.append(f"| threshold {t} | {result['questions']} | {r['coverage']:.2f} | {r['precision']:.3f} |")
    lines.append(f"| always \"yes\" | {result['questions']} | 1.00 | {result['always_yes_precision']:.3f} |")
    return lines


def write_doc(lines: list[str]) -> None:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split("<!-- table:start -->", 1)
    _, tail = rest.split("<!-- table:end -->", 1)
    DOC.write_text(head + "<!-- table:start -->\n" + "\n".join(lines) + "\n<!-- table:end -->" + tail, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", default=BEFORE, help="git revision of the 'before' rows (default: %(default)s)")
    ap.add_argument("--no-boolq", action="store_true", help="skip BoolQ (it needs $RAG_DATASETS)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        tree = before_tree(args.before, tmp)
        run([sys.executable, "-m", "rag", "index", "corpus", "--index", str(tmp / "index")], ROOT)
        for set_path in SETS:
            stem = Path(set_path).stem
            results[set_path] = {
                "after": evaluate(set_path, tmp / "index", OUT / f"{stem}-after.json", None),
                "before": evaluate(set_path, tmp / "index", OUT / f"{stem}-before.json", tree)}
    lines = [f"Measured {time.strftime('%Y-%m-%d')} by `python bench/question_kinds.py` (before: revision "
             f"`{args.before}`). Right: see eval/README.md; short answers: the share of right factoid and "
             "role answers of at most 10 words.", ""]
    lines += corpus_table(results)
    if not args.no_boolq:
        boolq_json = OUT / "boolq-heldout.json"
        run([sys.executable, "bench/boolq_pipeline.py", "--part", "heldout", "--json", str(boolq_json)], ROOT)
        lines += ["", *boolq_table(json.loads(boolq_json.read_text(encoding="utf-8")))]
    write_doc(lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
