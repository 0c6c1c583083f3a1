"""Example questions for the page, taken from the evaluation sets so they are known to be
answerable from the indexed documents."""
from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

DEFAULT_LIMIT = 4


def eval_dirs() -> list[Path]:
    """./eval of the working directory, then the one next to the package (a source checkout)."""
    dirs = [Path.cwd() / "eval", Path(__file__).resolve().parents[1] / "eval"]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def example_questions(doc_ids: Collection[str], dirs: list[Path] | None = None,
                      limit: int = DEFAULT_LIMIT) -> list[str]:
    """The first answerable questions (non-empty ``answers``) whose ``sources`` are all indexed;
    unreadable lines and files are skipped (examples are a convenience, never an error)."""
    known = set(doc_ids)
    found: list[str] = []
    for directory in dirs if dirs is not None else eval_dirs():
        for path in sorted(directory.glob("*.jsonl")):
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeError):
                continue
            for line in lines:
                try:
                    item = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(item, dict):
                    continue
                question, answers, sources = item.get("question"), item.get("answers"), item.get("sources")
                if not (isinstance(question, str) and question.strip() and answers and sources):
                    continue
                if not isinstance(sources, list) or not set(map(str, sources)) <= known:
                    continue
                if question not in found:
                    found.append(question)
                if len(found) >= limit:
                    return found
    return found
