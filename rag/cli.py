"""`rag index · ask · eval · serve · mcp`: each subcommand lives in its own module, imported lazily so
`rag --help` stays fast."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS = {
    "index": "rag.commands.index",
    "ask": "rag.commands.ask",
    "eval": "rag.evaluation.command",
    "serve": "ui.command",
    "mcp": "rag.commands.mcp",
}
SUMMARIES = {
    "index": "index files, folders or a BEIR corpus.jsonl (incremental: only changed documents are embedded)",
    "ask": "answer a question with exact cited spans from the indexed documents",
    "eval": "evaluate retrieval, answers, citations and abstention on a question set (JSONL, BEIR, SQuAD)",
    "serve": "serve the browser page over the index (builds it from corpus/ first when needed)",
    "mcp": "serve the index to MCP clients: tools ask, search, list_documents (stdio; --http for HTTP)",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rag",
        description="Offline, citation-first question answering over your documents. Every answer "
                    "quotes its sources exactly; when they do not hold the answer, it says so.",
        epilog="Index location: --index DIR, else $RAG_INDEX, else ./.rag-index. "
               "Run `rag COMMAND --help` for the options of a command.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        p = sub.add_parser(name, help=SUMMARIES[name], description=SUMMARIES[name])
        p.add_argument("--index", metavar="DIR", default=None,
                       help="index directory (default: $RAG_INDEX or ./.rag-index)")
        p.add_argument("-v", "--verbose", action="store_true", help="show tracebacks on errors")
        if name == command:  # only the chosen command's module is imported
            importlib.import_module(module).configure(p)
    return parser


def quiet_libraries() -> None:
    """pypdf logs its own warnings about a corrupt PDF (`EOF marker not found`) on stderr; the
    command line reports that file as one `skipped: FILE: reason` line already."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    argv = sys.argv[1:] if argv is None else argv
    command = next((a for a in argv if a in COMMANDS), None)
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    from rag.errors import RagError
    from rag.notes import show_on_stderr

    show_on_stderr()
    quiet_libraries()
    try:
        status = int(importlib.import_module(COMMANDS[args.command]).main(args) or 0)
        sys.stdout.flush()  # inside the try: a reader that went away is seen here, not at exit
        return status
    except BrokenPipeError:
        # `rag ask ... | head -3`: the reader closed the pipe; what it wanted it got. End quietly
        # (no traceback, and no second error when Python flushes stdout on the way out).
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):  # stdout is no file descriptor (main() called in a process)
            pass
        return 0
    except RagError as exc:
        if args.verbose:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: what was committed before stays in the index", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
