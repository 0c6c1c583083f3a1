"""Load files, folders and BEIR corpora into Documents, reporting unreadable files by name.

Which loader reads a file is decided by its suffix (rag.ingest.loaders, found through entry points);
this module walks folders, gives files their ids, applies the limits every format shares and
turns a loader's failure into one line naming the file. The text a Document holds is the text
every offset refers to: for HTML it is the visible text, for PDF the pages' text joined by blank
lines (page starts kept), for BEIR the abstract.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rag.ingest import loaders
from rag.ingest.decoding import decode_bytes, normalise_newlines, stray_utf8_bytes  # noqa: F401 - their old home
from rag.errors import DocumentError
from rag.ingest.ids import Source, assign_ids, source
from rag.ingest.loaders.beir_jsonl import iter_jsonl  # noqa: F401 - rag.evaluation and bench read BEIR corpora with it
from rag.types import Document

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    # Roots given (resolved): an indexed document from one of them that is not in `documents`
    # was deleted, unless its id is in `unreadable` (kept: a broken file loses nothing indexed).
    roots: list[str] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


def load_file(path: Path, doc_id: str) -> Document | list[Document]:
    """One file of a one-document format -> Document (or, for a file holding others like an
    e-mail's attachments, its Document then its parts'); raises DocumentError with a one-line reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"{path}: file too large ({size // 2**20} MB > {MAX_FILE_BYTES // 2**20} MB)")
    loader = loaders.loader_for(path)
    if loader is None or loader.corpus:
        raise DocumentError(f"{path}: unsupported format '{path.suffix.lower() or '(none)'}' "
                            f"(supported: {', '.join(loaders.suffixes())})")
    return loader.load(path, doc_id)


def iter_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
            yield path


def load_paths(paths: list[str | Path], indexed: Mapping[str, tuple[str, str]] | None = None) -> LoadResult:
    """Load files, folders (recursively) and BEIR .jsonl corpora.

    Document ids are paths relative to the folder given (the file name for a single file), kept
    apart by the root folder's name when two would be the same (see rag.ingest.ids; ``indexed`` is the
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
    corpora: list[tuple[Path, str]] = []  # files holding many documents with their own ids
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
            loader = loaders.loader_for(path)
            if loader is not None and loader.corpus:
                corpora.append((path, root_key))
            else:
                sources.append(source(path, root))
    ids, clashes = assign_ids(sources, indexed)
    for s in clashes:
        result.failed.append((str(s.path), f"{s.path}: no id tells it apart from another file"))
    for s in sources:
        if s not in ids:
            continue
        try:
            loaded = load_file(s.path, ids[s])
        except (DocumentError, UnicodeError, ValueError, OSError) as exc:
            _failed(result, s.path, exc)
            result.unreadable.add(ids[s])  # and its parts (attachments) stay as indexed
            result.unreadable.update(d for d in (indexed or {}) if d.startswith(ids[s] + "/"))
            continue
        for doc in loaded if isinstance(loaded, list) else [loaded]:
            doc.metadata["root"] = s.root  # a part's path is under its file's: no file has it, so no id clash
            doc.metadata["path"] = s.relpath + doc.doc_id[len(ids[s]):]
            add(doc)
    for path, root_key in corpora:
        try:
            docs = loaders.loader_for(path).load(path, "")  # ids are the corpus's own
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
