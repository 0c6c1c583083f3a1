"""Check question sets against the corpus they were written from.

    python eval/check_sets.py eval/*.jsonl            # corpus/ next to eval/
    python eval/check_sets.py --corpus DIR set.jsonl ...

For every row, and every turn of a conversation chain (a row with ``turns``) (format: eval/README.md):
  * ``id`` and ``question`` are non-empty strings; ids are unique within a file, and an id
    used in several files names the same question;
  * every listed source is a file in the corpus folder;
  * ``answers: []`` (unanswerable) goes with ``sources: []`` and no ``items``;
    ``near_miss`` appears only on unanswerable rows and is ``true``;
  * ``kind``, if present, is one of factoid, yes_no, why_how, list, role;
  * yes_no: ``answers`` is ``["yes"]``, ``["no"]`` or ``[]`` (only the sources are checked);
  * list (answerable): ``items`` is a non-empty list of non-empty lists of strings; every
    variant occurs verbatim in at least one listed source, and every listed source holds at
    least one variant (``answers`` is the joined string and need not occur verbatim);
  * every other answerable row: every answer occurs verbatim (exact characters) in at least
    one listed source, and every listed source holds at least one answer.

Prints one line per failure (``file:line id: reason``) and exits 1 if there was any.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

KINDS = {"factoid", "yes_no", "why_how", "list", "role"}


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def check_row(row: dict, corpus: Path, texts: dict[str, str | None]) -> list[str]:
    """Reasons this row is wrong (empty when it is fine)."""
    errors = []

    def text(doc: str) -> str | None:
        if doc not in texts:
            path = corpus / doc
            texts[doc] = path.read_text(encoding="utf-8") if path.is_file() else None
        return texts[doc]

    if not isinstance(row.get("question"), str) or not row["question"].strip():
        errors.append("missing or empty 'question'")
    kind = row.get("kind")
    if kind is not None and kind not in KINDS:
        errors.append(f"unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    sources = row.get("sources", [])
    if not _strings(sources):
        return errors + ["'sources' must be a list of non-empty strings"]
    if len(set(sources)) != len(sources):
        errors.append("a source is listed twice")
    docs = {}
    for s in sources:
        t = text(s)
        if t is None:
            errors.append(f"source {s!r} is not a file in {corpus}")
        else:
            docs[s] = t
    if "answers" not in row:  # retrieval-only question
        return errors
    answers = row["answers"]
    if not isinstance(answers, list) or not all(isinstance(a, str) and a for a in answers):
        return errors + ["'answers' must be a list of non-empty strings"]
    near = row.get("near_miss")
    if near is not None and (near is not True or answers):
        errors.append("'near_miss' is only for unanswerable rows, and only as true")
    if not answers:
        if sources:
            errors.append("unanswerable (answers: []) but sources are listed")
        if row.get("items"):
            errors.append("unanswerable (answers: []) but items are listed")
        return errors
    if not sources:
        errors.append("answers given but no sources listed")
    if kind == "yes_no":
        if answers not in (["yes"], ["no"]):
            errors.append(f"yes_no answers must be [\"yes\"] or [\"no\"], not {answers}")
        return errors
    if kind == "list":
        items = row.get("items")
        if not isinstance(items, list) or not items or not all(_strings(i) and i for i in items):
            return errors + ["list row needs 'items': a non-empty list of non-empty lists of strings"]
        golds = [v for item in items for v in item]
        what = "item variant"
    else:
        if "items" in row:
            errors.append("'items' is only for kind 'list'")
        golds = answers
        what = "answer"
    for g in golds:
        if docs and not any(g in t for t in docs.values()):
            errors.append(f"{what} {g!r} occurs verbatim in no listed source")
    for s, t in docs.items():
        if not any(g in t for g in golds):
            errors.append(f"source {s!r} contains none of the {what}s")
    return errors


def check_file(path: Path, corpus: Path, texts: dict, seen: dict[str, tuple[str, str]]) -> list[str]:
    failures = []
    ids: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            failures.append(f"{where}: not JSON ({e})")
            continue
        if not isinstance(row, dict):
            failures.append(f"{where}: not a JSON object")
            continue
        qid = row.get("id")
        if not isinstance(qid, str) or not qid:
            failures.append(f"{where}: missing or empty 'id'")
            qid = "?"
        elif qid in ids:
            failures.append(f"{where} {qid}: id used twice in this file")
        else:
            ids.add(qid)
            question = row.get("question") if "turns" not in row else json.dumps(row["turns"])[:200]
            if qid in seen and seen[qid][1] != question:
                failures.append(f"{where} {qid}: same id as {seen[qid][0]} but another question")
            seen.setdefault(qid, (where, question))
        if "turns" in row:  # a conversation chain: each turn is a question row of its own
            turns = row["turns"]
            if not isinstance(turns, list) or not turns or not all(isinstance(t, dict) for t in turns):
                failures.append(f"{where} {qid}: 'turns' must be a non-empty list of question objects")
                continue
            for t, turn in enumerate(turns, 1):
                failures += [f"{where} {qid}#{t}: {e}" for e in check_row(turn, corpus, texts)]
            continue
        failures += [f"{where} {qid}: {e}" for e in check_row(row, corpus, texts)]
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sets", nargs="+", type=Path, help="question-set JSONL files")
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent / "corpus",
                    help="folder holding the documents named in 'sources' (default: corpus/)")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no such folder", file=sys.stderr)
        return 1
    texts: dict = {}
    seen: dict = {}
    failures = []
    rows = 0
    for path in args.sets:
        if not path.is_file():
            failures.append(f"{path}: no such file")
            continue
        rows += sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        failures += check_file(path, args.corpus, texts, seen)
    for f in failures:
        print(f)
    print(f"{len(args.sets)} file(s), {rows} row(s): "
          + (f"{len(failures)} failure(s)" if failures else "all fine"), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
