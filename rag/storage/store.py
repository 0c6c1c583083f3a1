"""The index on disk: a vector index with stable ids + SQLite (documents, chunks, manifest).

The vectors are held by a ``rag.storage.vector_indexes.VectorIndex`` of the kind the manifest names
(``vector_index``; an index from before the key is ``flat``); the store only adds, removes,
saves and loads through that protocol, so every kind gets the same atomic generations.

Atomic updates by generation: new vectors are written to ``vectors.<gen+1>.faiss`` (temp file,
fsync, rename), then one SQLite transaction applies the row changes and points the manifest at
the new generation. A crash anywhere before that commit leaves the previous generation loadable
and consistent; leftover files of an uncommitted generation are swept by the next writer.

One writer at a time (``rag.storage.locking``: a file lock in the folder, taken over when its holder
dies); readers never take it: SQLite in WAL mode gives them the last committed rows, and the
vectors of that generation stay on disk until a writer has committed the next one.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.storage import formats
from rag import registry
from rag.errors import IndexBuildingError, IndexMissingError, RagError
from rag.storage.formats import FORMAT_VERSION
from rag.storage.locking import WriterLock, current_writer
from rag.types import Chunk, Document
from rag.storage.vector_indexes import VectorIndex

LEGACY_VECTOR_INDEX = "flat"  # what indexes written before the manifest named the kind hold
LOAD_TRIES = 5  # a reader racing a writer that just replaced the vectors re-reads the generation
DB_NAME = "index.sqlite"

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


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def default_index_dir() -> Path:
    return Path(os.environ.get("RAG_INDEX") or ".rag-index")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Store:
    """One index directory. Cheap to construct; the vectors load on first use.

    ``vector_index`` (a registered name or a VectorIndex class) is the kind a new index gets;
    None: the registry's default. An existing index keeps the kind its manifest names."""

    def __init__(self, index_dir: str | Path | None = None, lock_wait: float | None = None,
                 notify: Callable[[str], None] | None = None,
                 vector_index: str | type[VectorIndex] | None = None) -> None:
        self.dir = Path(index_dir) if index_dir else default_index_dir()
        self._conn: sqlite3.Connection | None = None
        self._vector_choice = vector_index
        self._vector_kind: type[VectorIndex] | None = None
        self._vectors: VectorIndex | None = None
        self._vectors_generation = -1
        self._lock = threading.RLock()
        # How long a write waits for another writer (None: as long as it takes; 0: refuse at once).
        self.lock_wait = lock_wait
        self.notify = notify
        self._writer: WriterLock | None = None
        self.migrated = ""  # the message of a format migration this store made, if it made one

    # ---- opening -------------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.dir / DB_NAME

    def exists(self) -> bool:
        return self.db_path.is_file() and bool(self.manifest())

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.dir.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.executescript(SCHEMA)
            self._conn = conn
        return self._conn

    def require(self) -> None:
        """Raise unless a committed index in a readable format is here; says so when one is
        being built rather than claiming there is none."""
        manifest = self.manifest() if self.db_path.is_file() else {}
        if not manifest:
            writer = current_writer(self.dir)
            if writer is not None:
                raise IndexBuildingError(f"the index at {self.dir} is being built ({writer.describe()}); "
                                         f"ask again when it has finished")
            raise IndexMissingError(f"no index at {self.dir}: build one with `rag index PATH --index {self.dir}`")
        formats.check_readable(formats.stored_version(manifest), self.dir)

    # ---- the one writer ------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[WriterLock]:
        """Hold the folder's writer lock (re-entrant). The first hold sweeps files a killed
        writer left; a newer format version is refused before anything is written."""
        with self._lock:  # not held while writing: readers in this process go on reading
            if self._writer is None:
                self._writer = WriterLock(self.dir, wait=self.lock_wait, notify=self.notify)
            writer = self._writer
        writer.wait = self.lock_wait
        writer.acquire()
        first = writer.depth == 1
        try:
            if first:
                if writer.taken_over is not None:
                    writer.notify(f"taking over from an interrupted writer (pid {writer.taken_over.pid}); "
                                  f"what it committed is kept")
                self._upgrade(writer.notify)
                self._sweep()
            yield writer
        finally:
            writer.release()

    def manifest(self) -> dict[str, object]:
        if self._conn is None and not self.db_path.is_file():
            return {}
        rows = self.conn.execute("SELECT key, value FROM manifest").fetchall()
        return {k: json.loads(v) for k, v in rows}

    @property
    def generation(self) -> int:
        return int(self.manifest().get("generation", 0))

    def _vector_path(self, generation: int) -> Path:
        return self.dir / f"vectors.{generation}.faiss"

    def vector_index_name(self) -> str:
        """The kind of vector index this index holds ('' when there is no index yet)."""
        manifest = self.manifest()
        return str(manifest.get("vector_index") or LEGACY_VECTOR_INDEX) if manifest else ""

    @property
    def vector_kind(self) -> type[VectorIndex]:
        """The kind chosen for this store: the one given, else the index's own, else the default."""
        if self._vector_kind is None:
            choice = self._vector_choice
            if isinstance(choice, type):
                self._vector_kind = choice
            else:
                self._vector_kind = registry.load(
                    "vector_index", choice or self.vector_index_name() or registry.DEFAULT_VECTOR_INDEX)
        return self._vector_kind

    def _kind_named(self, name: str) -> type[VectorIndex]:
        kind = self.vector_kind
        return kind if kind.name == name else registry.load("vector_index", name)

    def _upgrade(self, notify: Callable[[str], None]) -> None:
        """Refuse a newer format; migrate an older one that can be (one transaction). One too
        old to migrate is left for the indexer, which rebuilds it."""
        manifest = self.manifest()
        version = formats.stored_version(manifest)
        formats.refuse_newer(version, self.dir)
        if manifest and version < FORMAT_VERSION and formats.migratable(version):
            self.migrated = formats.migrate(self.conn, version)
            notify(f"the index at {self.dir}: {self.migrated}")

    def reading(self) -> threading.RLock:
        """Hold still while reading: a commit in this process changes the loaded vectors and
        writes its rows under this lock, so a reader holding it sees one generation whole, and
        answers go on (outside it) while a long update embeds."""
        return self._lock

    @property
    def vectors(self) -> VectorIndex:
        """The vectors of the last committed generation (reloaded when another process has
        committed a newer one since they were loaded)."""
        with self._lock:
            self.require()
            generation = self.generation
            if self._vectors is None or self._vectors_generation != generation:
                self._vectors, self._vectors_generation = self._load_vectors(generation)
            return self._vectors

    def _load_vectors(self, generation: int) -> tuple[VectorIndex, int]:
        kind = self._kind_named(self.vector_index_name())
        for _ in range(LOAD_TRIES):
            path = self._vector_path(generation)
            try:
                return kind.load(path), generation
            except (OSError, RuntimeError):
                latest = self.generation  # a writer may have committed and removed it meanwhile
                if latest == generation:
                    break
                generation = latest
        raise RagError(f"index at {self.dir} is damaged: {self._vector_path(generation).name} is missing; "
                       f"rebuild it with `rag index PATH --rebuild`")

    def search_cache(self, generation: int) -> Path:
        """Where readers keep the BM25 index of a generation's rows (built once, then loaded)."""
        return self.dir / f"bm25.{generation}"

    def _sweep(self) -> None:
        """Remove vector files and search caches of other generations (left by a crash or a
        finished update). Only a writer may: a reader could otherwise delete the file a writer is
        about to commit."""
        generation = self.generation
        keep = {self._vector_path(generation).name, self.search_cache(generation).name}
        for path in [*self.dir.glob("vectors.*"), *self.dir.glob("bm25.*")]:
            if path.name not in keep:
                _remove(path)

    # ---- reading -------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        rows = self.conn.execute(
            "SELECT doc_id, title, n_chunks, length(text), metadata FROM documents ORDER BY doc_id").fetchall()
        return [DocumentInfo(r[0], r[1], r[2], r[3], json.loads(r[4]).get("source", "")) for r in rows]

    def document_keys(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (root, path relative to it): what ids are assigned from (rag.ingest.ids)."""
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
        for lo in range(0, len(ids), 500):
            part = [int(i) for i in ids[lo:lo + 500]]
            q = 'SELECT id, doc_id, start, "end", text FROM chunks WHERE id IN (%s)' % ",".join("?" * len(part))
            for r in self.conn.execute(q, part):
                out[r[0]] = StoredChunk(*r)
        return out

    def titles(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT doc_id, title FROM documents"))

    def page_starts(self, doc_id: str) -> tuple[int, ...]:
        row = self.conn.execute("SELECT page_starts FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return tuple(json.loads(row[0])) if row else ()

    def n_chunks(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM chunks").fetchone()[0])

    # ---- writing -------------------------------------------------------------------------
    def commit(self, manifest: dict[str, object], remove: list[str],
               add: list[tuple[Document, list[Chunk]]], vectors: np.ndarray) -> None:
        """Atomically remove documents and add documents with their chunks and vectors."""
        with self.writing(), self._lock:
            current = self.manifest()
            generation = int(current.get("generation", 0))
            dimension = int(manifest["dimension"])
            if current:
                index = self.vectors  # loads the committed generation, of the kind it has
            else:
                index = self.vector_kind(dimension)
                if hasattr(index, "place"):  # kept outside (Milvus): relative locations are this folder's
                    index.place(self.dir)
            next_id = int(current.get("next_chunk_id", 0))
            remove_ids = self._chunk_ids(remove)
            if remove_ids:
                index.remove(np.asarray(remove_ids, dtype=np.int64))
            rows: list[tuple] = []
            for doc, chunks in add:
                for c in chunks:
                    rows.append((next_id, doc.doc_id, c.start, c.end, c.text, c.n_tokens))
                    next_id += 1
            if len(rows) != len(vectors):
                raise ValueError(f"{len(rows)} chunks but {len(vectors)} vectors")
            if rows:
                index.add(np.asarray([r[0] for r in rows], dtype=np.int64),
                          np.ascontiguousarray(vectors, dtype=np.float32))
            new_gen = generation + 1
            try:
                self._write_vectors(index, new_gen)
                self._write_rows(manifest | {"generation": new_gen, "next_chunk_id": next_id,
                                             "format_version": FORMAT_VERSION, "vector_index": index.name},
                                 remove, add, rows)
            except BaseException:
                self._vectors = None  # in-memory vectors are ahead of the disk: reload on next use
                self._vector_path(new_gen).unlink(missing_ok=True)
                raise
            self._vectors, self._vectors_generation = index, new_gen
            self._vector_path(generation).unlink(missing_ok=True)
            _remove(self.search_cache(generation))

    def _chunk_ids(self, doc_ids: list[str]) -> list[int]:
        ids: list[int] = []
        for lo in range(0, len(doc_ids), 500):
            part = doc_ids[lo:lo + 500]
            q = "SELECT id FROM chunks WHERE doc_id IN (%s)" % ",".join("?" * len(part))
            ids.extend(r[0] for r in self.conn.execute(q, part))
        return ids

    def _write_vectors(self, index: VectorIndex, generation: int) -> None:
        path = self._vector_path(generation)
        tmp = path.with_name(path.name + ".tmp")
        index.save(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(self.dir)

    def _write_rows(self, manifest: dict[str, object], remove: list[str],
                    add: list[tuple[Document, list[Chunk]]], rows: list[tuple]) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for lo in range(0, len(remove), 500):
                part = remove[lo:lo + 500]
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
        """Drop everything (used for a rebuild after a settings change), atomically."""
        with self.writing(), self._lock:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM chunks")
            conn.execute("DELETE FROM documents")
            conn.execute("DELETE FROM manifest")
            conn.execute("COMMIT")
            self._vectors, self._vectors_generation = None, -1
            for path in [*self.dir.glob("vectors.*"), *self.dir.glob("bm25.*")]:
                _remove(path)  # generation numbers start again: no cache may outlive its rows

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
