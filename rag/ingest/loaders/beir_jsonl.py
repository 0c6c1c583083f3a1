"""BEIR corpora: a .jsonl file of rows with `_id`, `title`, `text`, one document a row, each
with its own id."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from rag.errors import DocumentError
from rag.ingest.loaders import Sample
from rag.types import Document


def iter_jsonl(path: Path) -> Iterator[Document]:
    """BEIR corpus layout: one object a line with `_id`, `title`, `text`."""
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                doc_id, text = str(row["_id"]), str(row.get("text") or "")
            except (ValueError, KeyError, TypeError, RecursionError) as exc:  # bad JSON, bytes, nesting
                raise DocumentError(f"{path}:{lineno}: not a BEIR corpus row ({exc.__class__.__name__})") from exc
            title = str(row.get("title") or "")
            if not text.strip() and not title.strip():
                continue
            yield Document(doc_id=doc_id, text=text if text.strip() else title, title=title,
                           metadata={"source": str(path), "format": "beir"})


class BeirJsonlLoader:
    name = "beir-jsonl"
    suffixes = (".jsonl",)
    corpus = True

    def load(self, path: Path, doc_id: str = "") -> list[Document]:
        docs = list(iter_jsonl(path))
        if not docs:  # like an empty text file: reported, and what it held before is kept
            raise DocumentError(f"{path}: no documents (no row with an _id and text)")
        return docs

    def write_sample(self, folder: Path) -> Sample:
        rows = [{"_id": "42", "title": "Aspirin", "text": "Aspirin reduces fever."},
                {"_id": "43", "title": "Only a title", "text": ""},
                {"_id": "44", "title": "", "text": "Untitled abstract – “quoted”."}]
        path = folder / "corpus.jsonl"
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
        return Sample(path, {"42": "Aspirin reduces fever.", "43": "Only a title",
                             "44": "Untitled abstract – “quoted”."})
