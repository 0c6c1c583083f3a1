"""Subcommands of the `rag` CLI (see rag/cli.py)."""
from __future__ import annotations

import argparse


def add_answer_options(parser: argparse.ArgumentParser) -> None:
    """The options that pick how a question is answered, declared once for ask, eval and serve."""
    from rag import registry
    from rag.search.retrieval import HYBRID, modes

    parser.add_argument("-k", type=int, default=5, help="passages given to the generator (default 5)")
    parser.add_argument("--retriever", choices=modes(), default=HYBRID,
                        help="hybrid = every ranker (dense, BM25, any installed) fused by reciprocal rank (default)")
    parser.add_argument("--generator", choices=registry.choices("generator"), default=registry.DEFAULT_GENERATOR,
                        help="extractive = verbatim source text (default); llm = local GGUF model, verified")
    parser.add_argument("--model", metavar="PATH.gguf", default=None, help="GGUF model file for --generator llm")
    parser.add_argument("--abstain-threshold", type=float, metavar="P", default=None,
                        help="abstain when the answer's confidence (the reader's probability that the best passage holds "
                             "the answer, combined with the question's similarity to the cited sentence) is under P "
                             "(0-1; default: the value calibrated on held-out SQuAD articles, rag/models/reader.json). "
                             "Lower answers more, "
                             "higher abstains more: `rag eval --report` plots the trade-off on your own set")


def index_folder(value: str | None):
    """The index folder the options name (--index DIR, else $RAG_INDEX, else ./.rag-index); a
    path that is a file is a one-line error, before anything is read or written."""
    from pathlib import Path

    from rag.errors import RagError
    from rag.storage.store import default_index_dir

    folder = Path(value) if value else default_index_dir()
    if folder.exists() and not folder.is_dir():
        raise RagError(f"--index {folder} is a file, not an index folder")
    return folder
