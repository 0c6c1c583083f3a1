"""The SQLite side of an index: the ``manifest``, ``documents`` and ``chunks`` tables.

Kept apart from the vectors because it is plain SQL with one promise of its own: every change is
one transaction, so readers (WAL mode, no lock) see the last committed rows and never half a
write. Which rows go with which vector generation is the Store's to arrange.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from rag.types import Chunk, Document

DB_NAME = "index.sqlite"
BATCH = 500  # ids per `IN (...)`: well under SQLite's limit on bound parameters

SCHEMA = """
CREATE TABLE IF NOT EXISTS manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
    metadata TEXT NOT NULL, page_starts TEXT NOT NULL, root TEXT NOT NULL, n_chunks INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, n_tokens INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
"""


@dataclass
class DocumentInfo:
    doc_id: str
    title: str
    n_chunks: int
    n_chars: int
    source: str


@dataclass
class StoredChunk:
    chunk_id: int
    doc_id: str
    start: int
    end: int
    text: str


def chunk_rows(add: list[tuple[Document, list[Chunk]]], first_id: int) -> list[tuple]:
    """The chunk rows to insert for ``add``, numbered from ``first_id`` in order (the ids the
    vectors are added under)."""
    rows: list[tuple] = []
    for doc, chunks in add:
        for c in chunks:
            rows.append((first_id + len(rows), doc.doc_id, c.start, c.end, c.text, c.n_tokens))
    return rows


class SqliteRows:
    """The tables of one ``index.sqlite``; the connection opens (and creates the file) on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.executescript(SCHEMA)
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # ---- reading -------------------------------------------------------------------------
    def manifest(self) -> dict[str, object]:
        """The manifest, or {} when there is no database yet (without creating one)."""
        if self._conn is None and not self.path.is_file():
            return {}
        rows = self.conn.execute("SELECT key, value FROM manifest").fetchall()
        return {k: json.loads(v) for k, v in rows}

    def documents(self) -> list[DocumentInfo]:
        rows = self.conn.execute(
            "SELECT doc_id, title, n_chunks, length(text), metadata FROM documents ORDER BY doc_id").fetchall()
        return [DocumentInfo(r[0], r[1], r[2], r[3], json.loads(r[4]).get("source", "")) for r in rows]

    def document_keys(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (root, path relative to it)."""
        rows = self.conn.execute("SELECT doc_id, root, metadata FROM documents")
        return {r[0]: (r[1], str(json.loads(r[2]).get("path", r[0]))) for r in rows}

    def document_hashes(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (sha256, root)."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT doc_id, sha256, root FROM documents")}

    def document(self, doc_id: str) -> Document | None:
        row = self.conn.execute(
            "SELECT doc_id, text, title, metadata, page_starts FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        return Document(doc_id=row[0], text=row[1], title=row[2], metadata=json.loads(row[3]),
                        page_starts=tuple(json.loads(row[4])))

    def chunks(self) -> list[StoredChunk]:
        rows = self.conn.execute('SELECT id, doc_id, start, "end", text FROM chunks ORDER BY id').fetchall()
        return [StoredChunk(*r) for r in rows]

    def chunks_by_id(self, ids: list[int]) -> dict[int, StoredChunk]:
        out: dict[int, StoredChunk] = {}
        for lo in range(0, len(ids), BATCH):
            part = [int(i) for i in ids[lo:lo + BATCH]]
            q = 'SELECT id, doc_id, start, "end", text FROM chunks WHERE id IN (%s)' % ",".join("?" * len(part))
            for r in self.conn.execute(q, part):
                out[r[0]] = StoredChunk(*r)
        return out

    def chunk_ids(self, doc_ids: list[str]) -> list[int]:
        """The ids of these documents' chunks (their vectors' ids)."""
        ids: list[int] = []
        for lo in range(0, len(doc_ids), BATCH):
            part = doc_ids[lo:lo + BATCH]
            q = "SELECT id FROM chunks WHERE doc_id IN (%s)" % ",".join("?" * len(part))
            ids.extend(r[0] for r in self.conn.execute(q, part))
        return ids

    def titles(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT doc_id, title FROM documents"))

    def page_starts(self, doc_id: str) -> tuple[int, ...]:
        row = self.conn.execute("SELECT page_starts FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return tuple(json.loads(row[0])) if row else ()

    def n_chunks(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM chunks").fetchone()[0])

    # ---- writing (one transaction each) --------------------------------------------------
    def write(self, manifest: dict[str, object], remove: list[str],
              add: list[tuple[Document, list[Chunk]]], rows: list[tuple]) -> None:
        """Remove documents, insert documents and chunk rows, and update the manifest, all or nothing."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for lo in range(0, len(remove), BATCH):
                part = remove[lo:lo + BATCH]
                marks = ",".join("?" * len(part))
                conn.execute(f"DELETE FROM chunks WHERE doc_id IN ({marks})", part)
                conn.execute(f"DELETE FROM documents WHERE doc_id IN ({marks})", part)
            conn.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(d.doc_id, d.sha256, d.title, d.text, json.dumps(d.metadata), json.dumps(list(d.page_starts)),
                  str(d.metadata.get("root", "")), len(cs)) for d, cs in add])
            conn.executemany('INSERT INTO chunks (id, doc_id, start, "end", text, n_tokens) VALUES (?, ?, ?, ?, ?, ?)', rows)
            conn.executemany("INSERT OR REPLACE INTO manifest VALUES (?, ?)",
                             [(k, json.dumps(v)) for k, v in manifest.items()])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def clear(self) -> None:
        """Empty every table in one transaction."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM chunks")
        conn.execute("DELETE FROM documents")
        conn.execute("DELETE FROM manifest")
        conn.execute("COMMIT")
