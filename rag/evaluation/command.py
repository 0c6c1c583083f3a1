"""`rag eval SET`: score retrieval and answers on a question set, print the metrics table, and
optionally write the JSON results (--json) and a Markdown report with plots (--report)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rag.commands import add_answer_options
from rag.errors import RagError
from rag.evaluation.questions import EvalSet, load_set
from rag.evaluation.report import chain_turns_table, kinds_table, metrics_table, turns_table, write_report
from rag.evaluation.runner import EvalConfig, run_eval

HELP = "evaluate retrieval and answers on a question set (project JSONL, conversation chains, BEIR, SQuAD, HotpotQA)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("set", metavar="SET",
                        help="question set: project .jsonl, SQuAD .json, BEIR folder, or a folder "
                             "with corpus.jsonl + questions.jsonl")
    parser.add_argument("--corpus", metavar="PATH",
                        help="index PATH into --index before evaluating a .jsonl set")
    parser.add_argument("--split", metavar="NAME", help="BEIR qrels split (default: test, else the only one)")
    parser.add_argument("--articles", metavar="T1,T2,...", type=lambda v: [t for t in v.split(",") if t],
                        help="SQuAD files: ask only the questions of these article titles (all paragraphs are "
                             "still indexed), e.g. the held-out articles listed in rag/models/reader.json")
    parser.add_argument("--json", dest="json_file", metavar="FILE", help="write metrics and per-question results")
    parser.add_argument("--report", metavar="DIR", help="write report.md and PNG plots into DIR")
    add_answer_options(parser)
    parser.add_argument("--limit", type=int, metavar="N", help="evaluate only the first N questions")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="evaluate a random sample of N questions (seed 0, the same N on every run)")
    parser.add_argument("--retrieval-only", action="store_true",
                        help="skip answer generation (answer metrics become null)")


def open_assistant(args: argparse.Namespace, evalset: EvalSet):
    """The index to evaluate against. The set's own corpus (or --corpus) is indexed into it
    first, incrementally: nothing is embedded when the index is already current. Without a
    corpus the index is used as it is and must exist."""
    from rag.assistant import Assistant

    if evalset.documents is None and args.corpus is None:
        return Assistant.load(index_dir=args.index, model_path=args.model,
                              abstain_threshold=args.abstain_threshold)
    assistant = Assistant(index_dir=args.index, model_path=args.model, abstain_threshold=args.abstain_threshold)
    if args.corpus is not None:
        report = assistant.add([args.corpus], progress=True)
    else:
        report = assistant.add_documents(evalset.documents, progress=True)
    for path, reason in report.failed:
        print(f"warning: {path}: {reason}", file=sys.stderr)
    print(f"index {assistant.index_dir}: {report.summary()}", file=sys.stderr)
    return assistant


def main(args: argparse.Namespace) -> int:
    if args.k < 1 or any(v is not None and v < 1 for v in (args.limit, args.sample)):
        raise RagError("-k, --limit and --sample must be at least 1")
    evalset = load_set(args.set, args.split, args.articles)
    if args.corpus and evalset.documents is not None:
        raise RagError(f"{args.set} brings its own corpus; --corpus is for .jsonl question sets")
    assistant = open_assistant(args, evalset)
    cfg = EvalConfig(k=args.k, retriever=args.retriever, generator=args.generator,
                     retrieval_only=args.retrieval_only, limit=args.limit, sample=args.sample)
    result = run_eval(assistant, evalset, cfg)
    result.config.update(set=str(args.set), index=str(assistant.index_dir), articles=args.articles,
                         n_docs=len(assistant.documents()))
    if result.positions is not None:
        print(chain_turns_table(result.per_question) + "\n")
    print(metrics_table(result.metrics))
    if result.positions:
        print("\n" + turns_table(result.positions))
    if result.kinds:
        print("\n" + kinds_table(result.kinds))
    if args.json_file:
        Path(args.json_file).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_file).write_text(json.dumps(result.to_dict(), indent=1, ensure_ascii=False),
                                        encoding="utf-8")
    if args.report:
        print(f"report: {write_report(result, args.report)}", file=sys.stderr)
    return 0
