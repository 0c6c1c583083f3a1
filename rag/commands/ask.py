"""`rag ask "QUESTION"`"""
from __future__ import annotations

import argparse
import json
import textwrap

from rag.commands import add_answer_options

HELP = "answer a question with exact cited spans"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", help="the question, in quotes")
    add_answer_options(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object (the documented contract)")


def render(answer) -> str:
    """Readable answer with numbered citations: document name and the quoted span."""
    lines = []
    if answer.abstained:
        lines.append(f"{answer.text}")
        if answer.reason:
            lines.append(f"({answer.reason})")
        if answer.passages:
            lines.append("\nClosest passages:")
            for p in answer.passages[:3]:
                snippet = textwrap.shorten(p.text, 160, placeholder=" …")
                lines.append(f"  - {p.doc_id} [{p.start}:{p.end}]{f', {p.location}' if p.location else ''}: {snippet}")
        return "\n".join(lines)
    marks = "".join(f"[{i}]" for i in range(1, len(answer.citations) + 1))
    lines.append(f"{answer.text} {marks}\n")
    for i, c in enumerate(answer.citations, 1):
        where = f"{c.doc_id} [{c.start}:{c.end}]" + (f", {c.location}" if c.location else f", page {c.page}" if c.page else "")
        quote = textwrap.fill(f"“{c.text}”", width=100, initial_indent="     ", subsequent_indent="     ")
        lines.append(f"[{i}] {where} ({'short answer' if c.kind == 'answer' else 'supporting sentence'})\n{quote}")
    t = answer.timings_ms
    if t:
        lines.append("\n" + " · ".join(f"{k} {v:.0f} ms" for k, v in t.items()))
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    from rag.assistant import Assistant
    from rag.commands import index_folder

    assistant = Assistant.load(index_folder(args.index), model_path=args.model,
                               abstain_threshold=args.abstain_threshold)
    load_ms = assistant.load_models(args.generator) * 1000
    answer = assistant.ask(args.question, k=args.k, retriever=args.retriever, generator=args.generator)
    # The one-time model load apart: "retrieve" and "total" are what each further question costs.
    answer.timings_ms = {"load": load_ms, **{k: answer.timings_ms.pop(k) for k in ("retrieve", "generate")
                                           if k in answer.timings_ms}, **answer.timings_ms}
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(render(answer))
    return 0
