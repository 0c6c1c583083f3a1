"""Plain text and lightweight markup (.txt, .md, .rst ...), read as the text it is."""
from __future__ import annotations

import re
from pathlib import Path

from rag.ingest.decoding import read_text
from rag.errors import DocumentError
from rag.ingest.loaders import Sample
from rag.types import Document

MAX_TITLE_CHARS = 160  # a longer line is a paragraph, not a headline
LEAD_TITLE_CHARS = 110  # a title made from the lead sentence is cut at a word near this
HEAD_LINES = 4  # a headline comes within the first few non-empty lines, before the body
# Lines above or beside a headline that are not it: bylines, column blurbs, photo captions,
# datelines ("By Jane Doe", "In this fortnightly online column, ADM journalist … covers …",
# "Photo: …", "… (Lockheed Martin)", "2015-03-07").
_BYLINE = re.compile(r"^([Bb][Yy]\s+[A-Z]|(photo|photograph|image|picture|credit|source|posted|published|updated)"
                     r"\s*:)", re.IGNORECASE)
_BLURB = re.compile(r"\b(column|columnist|journalist|correspondent|reporter|contributor)\b.*[.!]$", re.IGNORECASE)
_CAPTION = re.compile(r"[.!?]\s*\([^()]{1,40}\)$")  # a sentence and a photo credit
_DATE = re.compile(r"^(\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}|(\w+ \d{1,2}, \d{4}))\s*[-–—:|]?\s*")
_RULE = re.compile(r"^[=\-~^*#_`+.:]{3,}$")  # reST/setext underlines and rules
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def guess_title(text: str) -> str:
    """The document's headline: a Markdown ``#`` heading, else the first title-like line among
    the first few (short, no final full stop; bylines, column blurbs, captions and datelines are
    passed over); else the lead sentence of the body, shortened. '' when there is no text."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:HEAD_LINES]
    for line in lines:
        if re.match(r"^#{1,2}\s+\S", line):
            return _tidy(line.lstrip("#"))
    for line in lines:
        if _RULE.match(line) or _is_byline(line):
            continue
        if _title_like(line):
            return _tidy(line)
        if not _standfirst(line):
            break  # body text: any later short line is a section heading, not the headline
    return lead_title(lines)


def lead_title(lines: list[str]) -> str:
    """A title from the first body line's lead sentence (after any dateline), cut at a word."""
    body = next((line for line in lines if not _RULE.match(line) and not _is_byline(line)), "")
    sentence = _SENTENCE.split(_DATE.sub("", body.lstrip("#").strip()), maxsplit=1)[0].strip()
    sentence = sentence.rstrip(".").strip()
    if len(sentence) > LEAD_TITLE_CHARS:
        cut = sentence[:LEAD_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:–- ")
        sentence = cut + "…"
    return sentence if re.search(r"\w", sentence) else ""


def _title_like(line: str) -> bool:
    words = line.split()
    return (len(line) <= MAX_TITLE_CHARS and len(words) <= 25 and bool(re.search(r"[^\W\d_]", line))
            and not re.search(r"[.,;:]$", line) and not _DATE.fullmatch(line))


def _standfirst(line: str) -> bool:
    """A short one-sentence line that may stand above a headline (a blurb or a dateline)."""
    return len(line) <= 200 and len(_SENTENCE.split(line)) == 1 or bool(_DATE.fullmatch(line))


def _is_byline(line: str) -> bool:
    if bool(_DATE.fullmatch(line)) or bool(_CAPTION.search(line)):
        return True
    return len(line) <= 300 and bool(_BYLINE.match(line) or _BLURB.search(line))


def _tidy(line: str) -> str:
    return " ".join(line.strip().strip("#").split())


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
