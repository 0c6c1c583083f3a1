"""Index format versions: a newer format is refused, an older one is migrated when a migration
exists, and anything older than that is rebuilt.

Version history (``format_version`` in the manifest):
  1  documents, chunks, manifest; FAISS vectors by generation.
  2  each document's metadata records its path relative to its root (``path``), because ids are
     no longer always that path (two roots holding the same name are kept apart); readers of 2
     read 1 unchanged, writers migrate 1 to 2 in one transaction.
  3  the vectors of a generation are segments (``vectors.<gen>.json`` lists ``segment.*.faiss``
     files and their deleted ids: rag.storage.segments) instead of one ``vectors.<gen>.faiss``
     rewritten whole by every commit; readers of 3 read 1 and 2 unchanged (the whole file), a
     writer migrates 2 to 3 by making the whole file the generation's one segment (a hard link,
     written before the transaction that records version 3). An index kept outside the folder
     (Milvus) keeps its one pointer file.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from rag.errors import FormatVersionError

FORMAT_VERSION = 3
SEGMENTS_VERSION = 3  # from this version FAISS vectors are in segments
OLDEST_READABLE = 1  # readers read every version from here to FORMAT_VERSION as it is


def _record_paths(conn: sqlite3.Connection) -> None:
    """1 -> 2: version 1 ids were the relative path (or a BEIR _id); record it as such."""
    conn.execute("UPDATE documents SET metadata = json_set(metadata, '$.path', doc_id) "
                 "WHERE json_extract(metadata, '$.path') IS NULL")


def _segments(conn: sqlite3.Connection) -> None:
    """2 -> 3: nothing in the rows; the store has already listed the whole file as a segment."""


# from-version -> (what it changes, the change); applied in order up to FORMAT_VERSION.
MIGRATIONS: dict[int, tuple[str, Callable[[sqlite3.Connection], None]]] = {
    1: ("records each document's relative path", _record_paths),
    2: ("keeps the vectors as segments", _segments),
}


def stored_version(manifest: dict[str, object]) -> int:
    """The manifest's format version; an index from before versions were recorded is 0."""
    try:
        return int(manifest.get("format_version", 0))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def refuse_newer(version: int, where: Path) -> None:
    """A newer format may mean anything to this code: never read or write it."""
    if version > FORMAT_VERSION:
        raise FormatVersionError(
            f"the index at {where} has format version {version}, newer than this rag's format version "
            f"{FORMAT_VERSION}: upgrade rag-assistant to use it, or index into another folder with --index")


def check_readable(version: int, where: Path) -> None:
    """Raise unless readers can use an index of this version as it is."""
    refuse_newer(version, where)
    if version < OLDEST_READABLE:
        raise FormatVersionError(
            f"the index at {where} has format version {version}, older than this rag reads "
            f"({OLDEST_READABLE} to {FORMAT_VERSION}): rebuild it with `rag index PATH --index {where} --rebuild`")


def migratable(version: int) -> bool:
    """Whether migrations lead from ``version`` to the current one (else it is rebuilt)."""
    while version < FORMAT_VERSION:
        if version not in MIGRATIONS:
            return False
        version += 1
    return True


def migrate(conn: sqlite3.Connection, version: int) -> str:
    """Apply the migrations from ``version`` in one transaction; returns the message to show."""
    done: list[str] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        v = version
        while v < FORMAT_VERSION:
            what, step = MIGRATIONS[v]
            step(conn)
            done.append(what)
            v += 1
        conn.execute("INSERT OR REPLACE INTO manifest VALUES ('format_version', ?)", (json.dumps(FORMAT_VERSION),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return f"migrated from format version {version} to {FORMAT_VERSION} ({'; '.join(done)})"
