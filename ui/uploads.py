"""Uploaded files are untrusted: keep only allowed types and sizes, store them under a safe
name of our choosing in ``<index dir>/uploads/`` and never overwrite another document."""
from __future__ import annotations

import filecmp
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from rag.ingest import loaders
from rag.errors import RagError

# The one-document formats `rag index` reads (rag.ingest.loaders: what is registered), sorted; a corpus
# file (BEIR .jsonl) names its own ids, so it is indexed with `rag index`, not uploaded.
ALLOWED_SUFFIXES = loaders.document_suffixes()
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_STEM_CHARS = 80
UPLOADS_DIRNAME = "uploads"
# An upload waits this long for another process writing the index (a `rag index` run), then
# says so on the page: it waits holding the page's lock, so longer would hold up answers too.
UPLOAD_LOCK_WAIT_S = 2.0


class UploadError(RagError):
    """A file that is refused before indexing (type, size, empty)."""


@dataclass(frozen=True)
class StoredUpload:
    path: Path
    duplicate: bool  # the same bytes were uploaded before under this name


def uploads_dir(index_dir: str | Path) -> Path:
    return Path(index_dir) / UPLOADS_DIRNAME


# Names Windows gives to devices (with any suffix: "CON.txt" is the console there): an index folder
# copied to Windows must not hold them, so the device name gets a "_" ("CON_.txt").
RESERVED_STEMS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
# Control characters and bidirectional overrides: a name holding them would break a one-line
# message or show reordered.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def display_name(name: str, limit: int = 60) -> str:
    """The client's file name without its folders or control characters, shortened, for messages."""
    base = _INVISIBLE.sub("?", re.split(r"[\\/]", str(name))[-1]) or "file"
    return base if len(base) <= limit else base[: limit - 1] + "…"


def safe_name(name: str) -> str:
    """A file name made of ``[A-Za-z0-9._-]`` only, with no folders, no leading dot, no Windows
    device name (CON, NUL, COM1 ...) and an allowed lower-case suffix; raises UploadError for
    other file types."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem, dot, suffix = base.rpartition(".")
    suffix = "." + suffix.lower() if dot else ""
    if suffix not in ALLOWED_SUFFIXES:
        allowed = ", ".join(ALLOWED_SUFFIXES)
        shown = _INVISIBLE.sub("?", suffix[:20]) or "(none)"
        raise UploadError(f"{display_name(name)}: unsupported file type {shown}; use {allowed}")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem)
    stem = re.sub(r"\.{2,}", ".", stem).strip("._-")[:MAX_STEM_CHARS].rstrip("._-") or "upload"
    device, dot, rest = stem.partition(".")
    if device.lower() in RESERVED_STEMS:
        stem = f"{device}_{dot}{rest}"
    return stem + suffix


def check_size(path: Path, name: str, limit: int = MAX_UPLOAD_BYTES) -> None:
    size = path.stat().st_size
    if size == 0:
        raise UploadError(f"{display_name(name)}: the file is empty")
    if size > limit:
        raise UploadError(f"{display_name(name)}: {size / 2**20:.1f} MB is over the "
                          f"{limit / 2**20:.0f} MB limit")


def store_upload(src: str | Path, directory: str | Path, original_name: str | None = None,
                 taken: Collection[str] = (), limit: int = MAX_UPLOAD_BYTES) -> StoredUpload:
    """Copy an uploaded file into ``directory`` under a sanitised name.

    A name already used by a different file there, or listed in ``taken`` (ids of documents
    already indexed), gets a ``-1``, ``-2``… suffix; the same bytes under the same name are
    reported as a duplicate instead of stored twice.
    """
    src = Path(src)
    name = original_name or src.name
    clean = safe_name(name)
    check_size(src, name, limit)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stem, suffix = clean[: -len(Path(clean).suffix)], Path(clean).suffix
    n = 0
    while True:
        candidate = f"{stem}-{n}{suffix}" if n else clean
        dest = directory / candidate
        if dest.exists():
            if dest.is_file() and filecmp.cmp(src, dest, shallow=False):
                return StoredUpload(dest, duplicate=True)
        elif candidate not in taken:
            _copy_atomic(src, dest)
            return StoredUpload(dest, duplicate=False)
        n += 1


def _copy_atomic(src: Path, dest: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".upload-", suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def is_upload(source: str | Path, index_dir: str | Path) -> bool:
    """Whether an indexed document's source file is one of our stored uploads."""
    try:
        Path(source).resolve().relative_to(uploads_dir(index_dir).resolve())
    except (ValueError, OSError):
        return False
    return True
