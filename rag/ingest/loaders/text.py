"""Plain text and lightweight markup (.txt, .md, .rst ...), read as the text it is."""
from __future__ import annotations

from pathlib import Path

from rag.ingest.decoding import read_text
from rag.errors import DocumentError
from rag.ingest.loaders import Sample
from rag.types import Document


def guess_title(text: str) -> str:
    """First non-empty line when it is short enough to be a heading."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 200 else ""
    return ""


class TextLoader:
    name = "text"
    suffixes = (".txt", ".md", ".markdown", ".text", ".rst")
    corpus = False

    def load(self, path: Path, doc_id: str) -> Document:
        text = read_text(path)
        if not text.strip():
            raise DocumentError(f"{path}: no text")
        return Document(doc_id=doc_id, text=text, title=guess_title(text),
                        metadata={"source": str(path), "format": path.suffix.lower().lstrip(".")})

    def write_sample(self, folder: Path) -> Sample:
        text = "# Notes\n\nThe memorandum was signed in Tokyo – “twice”.\nCafé, 東京.\n"
        path = folder / "sample.md"
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))  # CRLF: offsets count LF only
        return Sample(path, {"sample": text})
