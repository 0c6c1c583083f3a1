"""The index on disk: a vector index with stable ids + SQLite (documents, chunks, manifest).

The vectors are held by a ``rag.storage.vector_indexes.VectorIndex`` of the kind the manifest names
(``vector_index``; an index from before the key is ``flat``); the store only adds, removes,
saves and loads through that protocol, so every kind gets the same atomic generations.

Atomic updates by generation: a commit writes a new segment holding only the vectors it adds and
the list of the next generation's segments with their deleted ids (``vectors.<gen+1>.json``;
``rag.storage.segments``; temp file, fsync, rename), then one SQLite transaction applies the row
changes and points the manifest at the new generation. A crash anywhere before that commit leaves
the previous generation loadable and consistent; leftover files of an uncommitted generation are
swept by the next writer. Small segments are merged by later commits of the writer (``merge``).
An index kept outside the folder (Milvus) writes its whole pointer ``vectors.<gen+1>.faiss``.

One writer at a time (``rag.storage.locking``: a file lock in the folder, taken over when its holder
dies); readers never take it: SQLite in WAL mode gives them the last committed rows, and the
vectors of that generation stay on disk until a writer has committed the next one.

The rows are ``rag.storage.sqlite_rows``'s, the generation files ``rag.storage.generations``'s;
this module puts them together in the order that makes a commit atomic.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from rag.storage import formats
from rag import registry
from rag.errors import IndexBuildingError, IndexMissingError
from rag.storage.formats import FORMAT_VERSION, SEGMENTS_VERSION
from rag.storage.generations import LOAD_TRIES, Generations
from rag.storage.segments import SegmentSet, pick_merge
from rag.storage.locking import WriterLock, current_writer
from rag.storage.sqlite_rows import DB_NAME, SCHEMA, DocumentInfo, SqliteRows, StoredChunk, chunk_rows
from rag.types import Chunk, Document
from rag.storage.vector_indexes import VectorIndex

# Importable from here as before the split: DB_NAME, SCHEMA, LOAD_TRIES, DocumentInfo, StoredChunk.

LEGACY_VECTOR_INDEX = "flat"  # what indexes written before the manifest named the kind hold


def _outside(kind: type[VectorIndex]) -> bool:
    """An index kept outside the folder (Milvus) changes in place: it is not split in segments."""
    return hasattr(kind, "place")


def default_index_dir() -> Path:
    return Path(os.environ.get("RAG_INDEX") or ".rag-index")


class Store:
    """One index directory. Cheap to construct; the vectors load on first use.

    ``vector_index`` (a registered name or a VectorIndex class) is the kind a new index gets;
    None: the registry's default. An existing index keeps the kind its manifest names."""

    def __init__(self, index_dir: str | Path | None = None, lock_wait: float | None = None,
                 notify: Callable[[str], None] | None = None,
                 vector_index: str | type[VectorIndex] | None = None) -> None:
        self.dir = Path(index_dir) if index_dir else default_index_dir()
        self._rows = SqliteRows(self.dir / DB_NAME)
        self._files = Generations(self.dir)
        self._vector_choice = vector_index
        self._vector_kind: type[VectorIndex] | None = None
        self._vectors: VectorIndex | SegmentSet | None = None
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
        return self._rows.path

    def exists(self) -> bool:
        return self.db_path.is_file() and bool(self.manifest())

    @property
    def conn(self) -> sqlite3.Connection:
        return self._rows.conn

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
        return self._rows.manifest()

    @property
    def generation(self) -> int:
        return int(self.manifest().get("generation", 0))

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
            if version < SEGMENTS_VERSION:
                self._adopt_whole(manifest)
            self.migrated = formats.migrate(self.conn, version)
            notify(f"the index at {self.dir}: {self.migrated}")

    def _adopt_whole(self, manifest: dict[str, object]) -> None:
        """Before format 3: the generation's whole vector file becomes its one segment."""
        name = str(manifest.get("vector_index") or LEGACY_VECTOR_INDEX)
        if not _outside(self._kind_named(name)):
            self._files.adopt_whole(int(manifest.get("generation", 0)), name, int(manifest.get("dimension", 0)))

    def _layout(self) -> tuple[int, bool]:
        """The committed generation, and whether its vectors are in segments (its list of them is
        on disk: written before the commit, as the whole file of an older format was)."""
        generation = self.generation
        segmented = not _outside(self._kind_named(self.vector_index_name())) and \
            self._files.segment_list(generation).is_file()
        return generation, segmented

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
            loaded = self._loaded()
            if isinstance(loaded, SegmentSet) and len(loaded.parts) == 1:
                return loaded.parts[0][1]  # one segment: itself, of the kind the manifest names
            return loaded  # type: ignore[return-value]

    def _loaded(self) -> VectorIndex | SegmentSet:
        self.require()
        generation, segmented = self._layout()
        if self._vectors is None or self._vectors_generation != generation:
            self._vectors, self._vectors_generation = self._files.load(
                self._kind_named(self.vector_index_name()), generation, segmented, self._layout)
        return self._vectors

    def search_cache(self, generation: int) -> Path:
        """Where readers keep the BM25 index of a generation's rows (built once, then loaded)."""
        return self._files.search_cache(generation)

    def _sweep(self) -> None:
        """Remove vector files and search caches of other generations (left by a crash or a
        finished update). Only a writer may: a reader could otherwise delete the file a writer is
        about to commit."""
        self._files.sweep(keep=self.generation)

    # ---- reading (rag.storage.sqlite_rows) -----------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        return self._rows.documents()

    def document_keys(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (root, path relative to it): what ids are assigned from (rag.ingest.ids)."""
        return self._rows.document_keys()

    def document_hashes(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (sha256, root)."""
        return self._rows.document_hashes()

    def document(self, doc_id: str) -> Document | None:
        return self._rows.document(doc_id)

    def chunks(self) -> list[StoredChunk]:
        return self._rows.chunks()

    def chunks_by_id(self, ids: list[int]) -> dict[int, StoredChunk]:
        return self._rows.chunks_by_id(ids)

    def titles(self) -> dict[str, str]:
        return self._rows.titles()

    def page_starts(self, doc_id: str) -> tuple[int, ...]:
        return self._rows.page_starts(doc_id)

    def n_chunks(self) -> int:
        return self._rows.n_chunks()

    # ---- writing -------------------------------------------------------------------------
    def commit(self, manifest: dict[str, object], remove: list[str],
               add: list[tuple[Document, list[Chunk]]], vectors: np.ndarray, merge: bool = True) -> None:
        """Atomically remove documents and add documents with their chunks and vectors: the next
        generation's vectors are on disk before the one SQLite transaction that names it. Then,
        unless ``merge`` is False, merges that are due (each a commit of its own). A commit that
        only removes documents keeps the index's ``chunking`` (how its chunks were cut): removing
        some from an index of old chunks does not make the others current."""
        with self.writing(), self._lock:
            current = self.manifest()
            if current and remove and not add:
                manifest = {key: value for key, value in manifest.items() if key != "chunking"}
            dimension = int(manifest["dimension"])
            remove_ids = np.asarray(self._rows.chunk_ids(remove), dtype=np.int64)
            first_id = int(current.get("next_chunk_id", 0))
            rows = chunk_rows(add, first_id)
            if len(rows) != len(vectors):
                raise ValueError(f"{len(rows)} chunks but {len(vectors)} vectors")
            ids = np.asarray([r[0] for r in rows], dtype=np.int64)
            vectors = np.ascontiguousarray(vectors, dtype=np.float32)
            kind = self._kind_named(self.vector_index_name()) if current else self.vector_kind
            write = self._commit_whole if _outside(kind) else self._commit_segments
            write(current, kind, dimension, remove_ids, ids, vectors,
                  manifest | {"next_chunk_id": first_id + len(rows), "format_version": FORMAT_VERSION,
                              "vector_index": kind.name}, remove, add, rows)
        if merge:
            self.merge()

    def _commit_whole(self, current, kind, dimension, remove_ids, ids, vectors, manifest, remove, add, rows) -> None:
        """An index kept outside the folder: changed in place, its pointer written whole."""
        generation = int(current.get("generation", 0))
        if current:
            index = self.vectors
        else:
            index = kind(dimension)
            index.place(self.dir)  # relative locations are this folder's
        if len(remove_ids):
            index.remove(remove_ids)
        if len(ids):
            index.add(ids, vectors)
        new_gen = generation + 1
        try:
            self._files.write(index, new_gen)
            self._write_rows(manifest | {"generation": new_gen}, remove, add, rows)
        except BaseException:
            self._vectors = None  # in-memory vectors are ahead of the disk: reload on next use
            self._files.discard(new_gen)
            raise
        self._vectors, self._vectors_generation = index, new_gen
        self._files.retire(generation)

    def _commit_segments(self, current, kind, dimension, remove_ids, ids, vectors, manifest, remove, add, rows) -> None:
        """A new segment with the added vectors; the removed ones marked deleted."""
        generation = int(current.get("generation", 0))
        if current and not self._layout()[1]:  # a whole file not migrated (too old): adopt it
            self._files.adopt_whole(generation, kind.name, dimension)
        base = self._loaded() if current else SegmentSet(kind, dimension, [])
        assert isinstance(base, SegmentSet)
        new_gen = generation + 1
        try:
            segments = base.without(remove_ids)
            if len(ids):
                index = kind(dimension)
                index.add(ids, vectors)
                segments = segments.plus(self._files.write_segment(index, new_gen, ids), index)
            self._files.write_list(segments, new_gen)
            self._write_rows(manifest | {"generation": new_gen}, remove, add, rows)
        except BaseException:
            self._forget()
            self._files.discard(new_gen)
            raise
        self._switch(base, segments, generation, new_gen)

    def merge(self) -> int:
        """Merge segments while the policy (``rag.storage.segments.pick_merge``) finds some due;
        each merge is a commit of its own, so a crash keeps what was committed. Returns how
        many merges were made."""
        done = 0
        while True:
            with self.writing(), self._lock:
                current = self.manifest()
                if not current or not self._layout()[1]:
                    return done
                base = self._loaded()
                assert isinstance(base, SegmentSet)
                picked = pick_merge(base)
                if not picked:
                    return done
                generation = int(current["generation"])
                new_gen = generation + 1
                try:
                    ids, vectors = base.merged_contents(picked)
                    entry = index = None
                    if len(ids):
                        index = base.kind(base.dimension)
                        index.add(ids, vectors)
                        entry = self._files.write_segment(index, new_gen, ids)
                    segments = base.replacing(picked, entry, index)
                    self._files.write_list(segments, new_gen)
                    self._write_rows({"generation": new_gen}, [], [], [])
                except BaseException:
                    self._forget()
                    self._files.discard(new_gen)
                    raise
                self._switch(base, segments, generation, new_gen)
            done += 1

    def _forget(self) -> None:
        self._vectors = None  # in-memory vectors are ahead of the disk: reload on next use
        self._files.forget()

    def _switch(self, base: SegmentSet, segments: SegmentSet, generation: int, new_gen: int) -> None:
        """The committed generation's segments are the loaded ones; drop the old one's files."""
        self._vectors, self._vectors_generation = segments, new_gen
        self._files.remember(segments)
        kept = {entry.file for entry in segments.entries()}
        self._files.retire(generation, {entry.file for entry in base.entries()} - kept)

    def _write_rows(self, manifest: dict[str, object], remove: list[str],
                    add: list[tuple[Document, list[Chunk]]], rows: list[tuple]) -> None:
        """The commit point (a method of its own so that crash tests can stop a writer here)."""
        self._rows.write(manifest, remove, add, rows)

    def clear(self) -> None:
        """Drop everything (used for a rebuild after a settings change), atomically."""
        with self.writing(), self._lock:
            self._rows.clear()
            self._vectors, self._vectors_generation = None, -1
            self._files.forget()
            self._files.sweep(keep=None)  # generation numbers start again: no cache may outlive its rows

    def close(self) -> None:
        self._rows.close()
