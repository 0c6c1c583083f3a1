"""What the office, e-book and mail loaders share: text built block by block with the start
offset of each location a person can turn to (a slide, a sheet row, a chapter), and one-line
failures. The offsets are counted while the text is built, so they are exact by construction;
they are kept in ``metadata["locations"]`` (JSON, stored with the document) and read back by
``Document.location_marks``."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rag.errors import DocumentError
from rag.ingest.loaders.text import guess_title
from rag.types import Document

_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def tidy(text: str) -> str:
    """Newlines as LF, control characters dropped, runs of spaces as one, lines trimmed, at most
    one blank line in a row."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class TextBuilder:
    """Blocks of text joined by a separator, each optionally opening a location."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.locations: list[tuple[int, str]] = []

    def add(self, block: str, label: str | None = None, sep: str = "\n\n") -> bool:
        """Append ``block`` (tidied; an empty one is dropped); ``label`` names where it is when it
        differs from the location before it. Returns whether anything was added."""
        block = tidy(block)
        if not block:
            return False
        if self._parts:
            self._parts.append(sep)
            self._length += len(sep)
        if label and (not self.locations or self.locations[-1][1] != label):
            self.locations.append((self._length, label))
        self._parts.append(block)
        self._length += len(block)
        return True

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def document(self, path: Path, doc_id: str, fmt: str, title: str = "", **metadata: object) -> Document:
        """The Document, or a DocumentError when no block held text."""
        text = self.text
        if not text.strip():
            raise DocumentError(f"{path}: no text")
        meta = {"source": str(path), "format": fmt, **metadata,
                "locations": [[start, label] for start, label in self.locations]}
        return Document(doc_id=doc_id, text=text, title=tidy(title) or guess_title(text), metadata=meta)


def one_line(text: str, limit: int = 200) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


@contextmanager
def reading(path: Path, what: str) -> Iterator[None]:
    """Whatever a parsing library raises on a broken file becomes one DocumentError line naming
    it: one unreadable file must not stop `rag index`."""
    try:
        yield
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, lxml, openpyxl ... raise many types on corrupt files
        raise DocumentError(one_line(f"{path}: unreadable {what} ({exc.__class__.__name__}: {exc})")) from exc


def cell_text(value: object) -> str:
    """A spreadsheet or CSV cell as a person reads it: 4.0 as 4, dates as ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:-9] if text.endswith("T00:00:00") else text
    return " ".join(str(value).split())


def row_text(header: list[str], values: list[str]) -> str:
    """A row as "column: value" pairs ("; " between them), empty cells left out; a column with no
    header is named by its letter (A, B ... as a spreadsheet shows it)."""
    pairs = []
    for i, value in enumerate(values):
        if value:
            name = header[i] if i < len(header) and header[i] else column_letter(i)
            pairs.append(f"{name}: {value}")
    return "; ".join(pairs)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
