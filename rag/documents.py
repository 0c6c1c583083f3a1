"""Load files and BEIR corpora into Documents, reporting unreadable files by name.

The text a Document holds is the text every offset refers to: for HTML it is the visible text,
for PDF the pages' text joined by blank lines (page starts kept), for BEIR the abstract.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from rag.errors import DocumentError
from rag.ids import Source, assign_ids, source
from rag.notes import note
from rag.types import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".rst"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | JSONL_SUFFIXES
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    # Roots given (resolved): an indexed document from one of them that is not in `documents`
    # was deleted, unless its id is in `unreadable` (kept: a broken file loses nothing indexed).
    roots: list[str] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


# A file that is UTF-8 except for a few stray bytes (a truncated copy, one corrupt byte) is read
# as UTF-8 with each stray byte replaced by U+FFFD, and a note says how many: at most one stray
# byte per 1,000 (at least one allowed), no NUL bytes, and the rest decodes as UTF-8 that holds
# at least one valid multi-byte character (ASCII with one odd byte is as likely cp1252, so it goes
# to detection). Real cp1252/Latin-1/UTF-16 text has far more invalid bytes and is detected.
STRAY_BYTES_PER = 1000


def stray_utf8_bytes(data: bytes, need_multibyte: bool = True) -> tuple[str, int] | None:
    """(text with U+FFFD for each invalid byte, how many) when `data` is UTF-8 but for a few stray
    bytes; `need_multibyte` asks for a valid multi-byte character as evidence that it is UTF-8."""
    if b"\x00" in data:
        return None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    escaped = body.decode("utf-8", errors="surrogateescape")  # each invalid byte -> U+DC80..U+DCFF
    stray = sum(1 for ch in escaped if "\udc80" <= ch <= "\udcff")
    if not stray or stray > max(1, len(data) // STRAY_BYTES_PER):
        return None
    if need_multibyte and not any(ord(ch) > 0x7F and not "\udc80" <= ch <= "\udcff" for ch in escaped):
        return None
    return re.sub("[\udc80-\udcff]", "\ufffd", escaped), stray


def decode_bytes(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) first, then UTF-8 with a few stray bytes replaced (with a note),
    then charset detection; never silently drop text."""
    if b"\x00" in data[:8192] and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        raise DocumentError(f"{name}: binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = stray_utf8_bytes(data)
    if mostly_utf8 is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
        mostly_utf8 = stray_utf8_bytes(data, need_multibyte=False)  # nothing fits better
        if mostly_utf8 is None:
            raise DocumentError(f"{name}: cannot detect the text encoding")
    text, stray = mostly_utf8
    note(f"{name}: {stray} invalid UTF-8 byte{'s' if stray != 1 else ''} replaced with U+FFFD")
    return text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _VisibleText(HTMLParser):
    """Collects visible text; drops script/style/head metadata; block tags become newlines."""

    SKIP = {"script", "style", "noscript", "template", "head", "title", "svg"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
             "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "main"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """(title, visible text) with whitespace tidied line by line."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.parts)
    lines = [re.sub(r"[ \t\f\v\u00a0]+", " ", line).strip() for line in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = " ".join("".join(parser.title_parts).split())
    return title, text


def guess_title(text: str) -> str:
    """First non-empty line when it is short enough to be a heading."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 200 else ""
    return ""


def load_pdf(path: Path, doc_id: str) -> Document:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        pages = [normalise_newlines(page.extract_text() or "").strip() for page in reader.pages]
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on corrupt files (LimitReachedError,
        # IndexError, RecursionError ...): whatever it is, this one file is unreadable, not the run
        raise DocumentError(f"{path}: unreadable PDF ({exc.__class__.__name__}: {exc})".splitlines()[0]) from exc
    starts, text = [], ""
    for i, page in enumerate(pages):
        if i:
            text += "\n\n"
        starts.append(len(text))
        text += page
    if not text.strip():
        raise DocumentError(f"{path}: PDF has no extractable text (scanned images?)")
    title = ""
    try:
        title = (reader.metadata.title or "") if reader.metadata else ""
    except Exception:  # broken metadata must not lose the text
        title = ""
    return Document(doc_id=doc_id, text=text, title=title.strip() or guess_title(text),
                    metadata={"source": str(path), "format": "pdf", "pages": len(pages)},
                    page_starts=tuple(starts))


def load_file(path: Path, doc_id: str) -> Document:
    """One non-JSONL file -> Document; raises DocumentError with a one-line reason."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"{path}: file too large ({size // 2**20} MB > {MAX_FILE_BYTES // 2**20} MB)")
    if suffix in PDF_SUFFIXES:
        return load_pdf(path, doc_id)
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise DocumentError(f"{path}: unsupported format '{suffix or '(none)'}' "
                            f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror})") from exc
    raw = normalise_newlines(decode_bytes(data, str(path)))
    if suffix in HTML_SUFFIXES:
        title, text = html_to_text(raw)
        fmt = "html"
    else:
        text, fmt = raw, suffix.lstrip(".")
        title = guess_title(text)
    if not text.strip():
        raise DocumentError(f"{path}: no text")
    return Document(doc_id=doc_id, text=text, title=title or guess_title(text),
                    metadata={"source": str(path), "format": fmt})


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


def iter_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
            yield path


def load_paths(paths: list[str | Path], indexed: Mapping[str, tuple[str, str]] | None = None) -> LoadResult:
    """Load files, folders (recursively) and BEIR .jsonl corpora.

    Document ids are paths relative to the folder given (the file name for a single file), kept
    apart by the root folder's name when two would be the same (see rag.ids; ``indexed`` is the
    index's doc_id -> (root, relpath), so files keep their ids), or the BEIR `_id`. Unreadable
    files are reported in `failed` and skipped.
    """
    result = LoadResult()
    seen: set[str] = set()

    def add(doc: Document) -> None:
        if doc.doc_id in seen:
            result.failed.append((doc.metadata.get("source", doc.doc_id), f"duplicate document id {doc.doc_id!r}"))
            return
        seen.add(doc.doc_id)
        result.documents.append(doc)

    sources: list[Source] = []
    jsonl: list[tuple[Path, str]] = []
    files_seen: set[Path] = set()  # a file reached through two of the paths given is read once
    for given in paths:
        root = Path(given)
        if not root.exists():
            result.failed.append((str(root), f"{root}: no such file or directory"))
            continue
        root_key = str(root.resolve())
        if root_key in result.roots:  # the same folder given twice is read once
            continue
        result.roots.append(root_key)
        for path in (iter_files(root) if root.is_dir() else [root]):
            if path.resolve() in files_seen:
                continue
            files_seen.add(path.resolve())
            if path.suffix.lower() in JSONL_SUFFIXES:
                jsonl.append((path, root_key))
            else:
                sources.append(source(path, root))
    ids, clashes = assign_ids(sources, indexed)
    for s in clashes:
        result.failed.append((str(s.path), f"{s.path}: no id tells it apart from another file"))
    for s in sources:
        if s not in ids:
            continue
        try:
            doc = load_file(s.path, ids[s])
        except (DocumentError, UnicodeError, ValueError, OSError) as exc:
            _failed(result, s.path, exc)
            result.unreadable.add(ids[s])
            continue
        doc.metadata["root"] = s.root
        doc.metadata["path"] = s.relpath
        add(doc)
    for path, root_key in jsonl:
        try:
            docs = list(iter_jsonl(path))
            if not docs:  # like an empty text file: reported, and what it held before is kept
                raise DocumentError(f"{path}: no documents (no row with an _id and text)")
        except (DocumentError, UnicodeError, ValueError, OSError) as exc:
            _failed(result, path, exc)
            result.unreadable.add("*")
            continue
        for doc in docs:
            doc.metadata["root"] = root_key
            add(doc)
    return result


def _failed(result: LoadResult, path: Path, exc: Exception) -> None:
    reason = str(exc) if isinstance(exc, DocumentError) else f"{path}: {exc.__class__.__name__}: {exc}"
    result.failed.append((str(path), reason.splitlines()[0] if reason else str(path)))
