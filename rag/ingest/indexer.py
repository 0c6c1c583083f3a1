"""Incremental indexing: embed only added or changed documents, drop deleted ones; rebuild when
the embedder recorded in the manifest differs from the current one, and re-chunk every document
when the chunking fingerprint does (``Chunker.fingerprint``: the chunker's version, the chunk
settings, the tokenizers), through the same atomic commits as any update."""
from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from typing import Protocol

import numpy as np

from rag.storage import formats
from rag.ingest.chunking import Chunker, ChunkSettings, chunking_change, code_changed
from rag.ingest.documents import load_paths
from rag.embedding.sentence_transformer import Embedder
from rag.notes import note
from rag.storage.locking import WriterLock
from rag.storage.chunk_store import ChunkStore
from rag.types import Chunk, Document

# A crash late in a long build keeps what was committed before; $RAG_COMMIT_EVERY overrides.
COMMIT_EVERY_CHUNKS = int(os.environ.get("RAG_COMMIT_EVERY") or 4096)


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    rechunked: list[str] = field(default_factory=list)  # unchanged documents chunked again
    moved: list[str] = field(default_factory=list)  # those of them cut elsewhere, so embedded again
    chunks_embedded: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    rebuilt: str = ""  # why the whole index was rebuilt, if it was
    migrated: str = ""  # the format migration made first, if one was
    seconds: float = 0.0
    embed_seconds: float = 0.0
    load_seconds: float = 0.0  # loading the embedder: once per process, not part of the rate

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.changed)} changed", f"{len(self.removed)} removed",
                 f"{self.unchanged} unchanged", f"{self.chunks_embedded} chunks embedded"]
        if self.rechunked:
            parts.insert(3, f"{len(self.rechunked)} re-chunked ({len(self.moved)} cut elsewhere)")
        if self.chunks_embedded and self.embed_seconds > 0:
            parts.append(f"{self.chunks_embedded / self.embed_seconds:.1f} chunks/s")
        text = ", ".join(parts) + f" in {self.seconds:.1f} s"
        if self.load_seconds >= 0.05:
            text += f" (model load {self.load_seconds:.1f} s of it)"
        if not (self.added or self.changed or self.removed or self.rechunked):
            text = "index is up to date: " + text
        if self.rebuilt:
            text = f"rebuilt ({self.rebuilt}); " + text
        if self.migrated:
            text = f"{self.migrated}; " + text
        return text


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("faiss-cpu", "sentence-transformers", "torch", "tiktoken", "rag-assistant"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return out


def embedding_text(doc: Document, chunk: Chunk, embedder: Embedder) -> str:
    """What is embedded for a chunk: the document title as a header when the chunk does not
    already start with it and both fit the embedder's limit (the chunk itself never gets cut)."""
    title = doc.title.strip()
    if not title or chunk.text.startswith(title):
        return chunk.text
    text = f"{title}\n{chunk.text}"
    return text if embedder.count_tokens(text) <= embedder.max_tokens else chunk.text


def _replaced(batch: list[tuple[Document, list[Chunk]]], indexed: dict[str, tuple[str, str]]) -> list[str]:
    """The documents of ``batch`` the index holds (changed or re-chunked): their commit removes
    the old version as it adds the new one."""
    return [doc.doc_id for doc, _ in batch if doc.doc_id in indexed]


_NOTED: set[str] = set()  # index folders whose old chunks a reader was told about (once a process)


class Ingest(Protocol):
    """Chunking and embedding done elsewhere (rag.ingest.ray_ingest.RayIngest: on Ray): each document
    given, in that order, with its chunks and their vectors. Planning and commits stay here."""

    def start(self) -> None:
        """Start or reach the engine (timed apart from the embedding, like a model load)."""

    def run(self, docs: list[Document], embedder: Embedder,
            settings: ChunkSettings) -> Iterator[tuple[Document, list[Chunk], np.ndarray]]: ...


class Indexer:
    def __init__(self, store: ChunkStore, embedder: Embedder, settings: ChunkSettings | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings or ChunkSettings()
        self.chunker = Chunker(self.settings, embedder)
        self.ingest: Ingest | None = None  # None: chunk and embed in this process
        # Told, before embedding, why every document is chunked again (the CLI prints it).
        self.notify: Callable[[str], None] = note

    def expected_manifest(self) -> dict[str, object]:
        return {"embedder": self.embedder.name, "dimension": self.embedder.dimension,
                "chunking": self.chunker.fingerprint(), "vector_index": self.store.vector_kind.name}

    def mismatch(self, keys: tuple[str, ...] = ("embedder", "dimension", "chunking", "vector_index")) -> str:
        """Why the stored index does not match the current settings ('' when it does). Queries
        only need the embedder to match; indexing needs the chunk settings to match too. A
        reader's check (no 'chunking' among ``keys``) notes once when the index was chunked by
        other code: its answers come from the old chunks until `rag index` re-chunks them."""
        if "chunking" not in keys and self.store.manifest():
            self._note_old_chunks(self.store.manifest())
        return self._mismatch(keys)

    def _mismatch(self, keys: tuple[str, ...]) -> str:
        """``mismatch`` without the note: the indexer's own check before it writes."""
        current = self.store.manifest()
        if not current:
            return ""
        current = current | {"vector_index": self.store.vector_index_name()}  # older indexes: flat
        reasons = [f"{key}: index has {current.get(key)!r}, now {value!r}"
                   for key, value in self.expected_manifest().items()
                   if key in keys and current.get(key) != value]
        return "; ".join(reasons)

    def _note_old_chunks(self, manifest: dict[str, object]) -> None:
        """One note per index folder and process (``_NOTED``), with the command that fixes it."""
        why = code_changed(manifest.get("chunking"))
        where = str(self.store.dir)
        if not why or where in _NOTED:
            return
        _NOTED.add(where)
        roots = sorted({root for _, root in self.store.document_hashes().values() if root})
        paths = " ".join(roots) if roots else "PATH"
        self.notify(f"the index at {where} was cut into chunks by an older chunker ({why}); answers still "
                    f"come from its old chunks until it is re-chunked: `rag index {paths} --index {where}`")

    def rechunk_reason(self) -> str:
        """Why every indexed document must be chunked again ('' when its chunks are current)."""
        manifest = self.store.manifest()
        return chunking_change(manifest.get("chunking"), self.chunker.fingerprint()) if manifest else ""

    def update(self, paths: list, progress: bool = False, rebuild: bool = False,
               prune: bool = True) -> IndexReport:
        """Bring the index in line with ``paths``; ``prune`` removes indexed documents from the
        same roots that are gone."""
        with self.store.writing():  # ids are assigned from what the index holds: hold it still
            loaded = load_paths(paths, indexed=self.store.document_keys())
            report = self.update_documents(loaded.documents, progress=progress, rebuild=rebuild,
                                           prune_roots=loaded.roots if prune else [],
                                           keep=loaded.unreadable)
        report.failed = loaded.failed
        return report

    def update_documents(self, docs: list[Document], progress: bool = False, rebuild: bool = False,
                         prune_roots: list[str] | None = None, keep: set[str] | None = None) -> IndexReport:
        with self.store.writing() as writer:
            return self._update(docs, writer, progress, rebuild, prune_roots, keep)

    def _update(self, docs: list[Document], writer: WriterLock, progress: bool, rebuild: bool,
                prune_roots: list[str] | None, keep: set[str] | None) -> IndexReport:
        t0 = time.perf_counter()
        report = IndexReport(migrated=self.store.migrated)
        version = formats.stored_version(self.store.manifest())
        too_old = f"format version {version} is too old to migrate" if (
            self.store.exists() and not formats.migratable(version)) else ""
        why = too_old or self._mismatch(("embedder", "dimension", "vector_index"))
        if why:  # the old vectors cannot stand beside new ones: start empty
            report.rebuilt = why
            self.store.clear()
        elif rebuild:  # same settings: every document is embedded again and replaced in place, so
            report.rebuilt = "asked to rebuild"  # a rebuild stopped half way leaves a whole index
        built_with = self.store.manifest().get("chunking")  # what the index says until re-chunked
        stale = self.rechunk_reason()  # a rebuild embeds every document anyway, re-chunked or not
        rechunk = "" if rebuild else stale
        stored = self.store.document_hashes()
        keep = keep or set()
        todo: list[Document] = []
        again: list[Document] = []  # unchanged, chunked again
        for doc in docs:
            old = stored.get(doc.doc_id)
            if old is None:
                report.added.append(doc.doc_id)
                todo.append(doc)
            elif old[0] != doc.sha256:
                report.changed.append(doc.doc_id)
                todo.append(doc)
            elif rechunk or rebuild:
                again.append(doc)
            else:
                report.unchanged += 1
        present = {d.doc_id for d in docs}
        if prune_roots and "*" not in keep:
            roots = set(prune_roots)
            report.removed = sorted(d for d, (_, root) in stored.items()
                                    if root in roots and d not in present and d not in keep)
        known: dict[str, list[Chunk]] = {}
        if rebuild and not why:  # documents kept from other roots too: embedded again from their stored text
            todo += again + self._kept_elsewhere(stored, present, report.removed)
            report.added, report.changed = [doc.doc_id for doc in todo], []
        elif rechunk:  # documents kept from other roots or unreadable now: re-chunked from their stored text
            again += self._kept_elsewhere(stored, present, report.removed)
            n = len(again) + len(report.changed)
            if n:
                self.notify(f"re-chunking {n} document{'s' if n != 1 else ''}: {rechunk}")
            report.rechunked = [doc.doc_id for doc in again]
            moved = self._cut_elsewhere(again, known)
            report.moved = [doc.doc_id for doc in moved]
            todo += moved
        if not todo and not report.removed and not rechunk and self.store.exists():
            report.seconds = time.perf_counter() - t0
            return report
        self._embed_and_commit(todo, report.removed, report, progress, writer,
                               {"chunking": built_with} if stale else {}, known)
        report.seconds = time.perf_counter() - t0
        return report

    def _kept_elsewhere(self, stored: dict, present: set[str], removed: list[str]) -> list[Document]:
        """Indexed documents this run neither reads nor removes (other roots, unreadable now),
        from their stored text."""
        gone = set(removed)
        return [doc for doc_id in sorted(d for d in stored if d not in present and d not in gone)
                if (doc := self.store.document(doc_id)) is not None]

    def _cut_elsewhere(self, docs: list[Document], known: dict[str, list[Chunk]]) -> list[Document]:
        """Those of ``docs`` (indexed, unchanged) that this chunker cuts elsewhere than their
        stored chunks, their new chunks put in ``known``. Only they need embedding again: a chunk
        at the same offsets of the same text embeds to the same vector."""
        stored: dict[str, list[tuple[int, int]]] = {}
        for c in self.store.chunks():
            stored.setdefault(c.doc_id, []).append((c.start, c.end))
        moved = []
        for doc in docs:
            chunks = self.chunker.chunk(doc)
            if sorted((c.start, c.end) for c in chunks) != sorted(stored.get(doc.doc_id, [])):
                known[doc.doc_id] = chunks
                moved.append(doc)
        return moved

    def _embed_and_commit(self, todo: list[Document], remove: list[str], report: IndexReport,
                          progress: bool, writer: WriterLock, kept: dict[str, object] | None = None,
                          known: dict[str, list[Chunk]] | None = None) -> None:
        """Chunk, embed and commit ``todo``, a commit every COMMIT_EVERY_CHUNKS chunks; the first
        removes the documents ``remove``, and each replaces the indexed version of the documents
        it adds (``_replaced``), so that no document is missing between two commits. ``kept``:
        what every commit but the last keeps of the manifest as it was; in a re-chunk, the old
        chunking fingerprint, so that a run stopped half way is re-chunked again by the next one
        (until then the index serves old and new chunks); its last commit is made even when it
        has nothing else to write. ``known``: chunks already cut, by document id."""
        manifest = self.expected_manifest() | {"versions": _versions(), "updated": time.time(),
                                               "command": " ".join(sys.argv[:1])}
        interim = manifest | (kept or {})
        if self.ingest is not None and todo:
            self._ingest_and_commit(todo, remove, (interim, manifest), report, progress, writer)
            return
        known = known or {}
        chunked = [(doc, known.get(doc.doc_id) or self.chunker.chunk(doc)) for doc in todo]
        total = sum(len(cs) for _, cs in chunked)
        writer.progress(documents_total=len(chunked), chunks_total=total)
        if total:
            t = time.perf_counter()
            self.embedder.load()  # before the bar and the clock: the rate is chunks per second of embedding
            report.load_seconds = time.perf_counter() - t
        bar = None
        if progress and total:
            from tqdm import tqdm

            bar = tqdm(total=total, desc="embedding", unit="chunk", smoothing=0.1, dynamic_ncols=True)

        def embedded(n: int) -> None:  # readers see how far the build is
            if bar is not None:
                bar.update(n)
            writer.progress(chunks_done=writer.status.chunks_done + n)

        try:
            batch: list[tuple[Document, list[Chunk]]] = []
            pending_remove = remove
            indexed = self.store.document_hashes()
            n = 0
            for k, item in enumerate(chunked + [None]):
                last = k >= len(chunked) - 1  # the last document, or nothing but removals
                if item is not None:
                    batch.append(item)
                    n += len(item[1])
                if n >= COMMIT_EVERY_CHUNKS or (last and (batch or pending_remove or kept)):
                    texts = [embedding_text(d, c, self.embedder) for d, cs in batch for c in cs]
                    t = time.perf_counter()
                    vectors = self.embedder.encode(texts, on_batch=embedded)
                    report.embed_seconds += time.perf_counter() - t
                    self.store.commit(manifest if last else interim, [*pending_remove, *_replaced(batch, indexed)],
                                      batch, vectors)
                    report.chunks_embedded += len(texts)
                    writer.progress(documents_done=writer.status.documents_done + len(batch))
                    batch, pending_remove, n = [], [], 0
        finally:
            if bar is not None:
                bar.close()

    def _ingest_and_commit(self, todo: list[Document], remove: list[str],
                           manifests: tuple[dict[str, object], dict[str, object]],
                           report: IndexReport, progress: bool, writer: WriterLock) -> None:
        """The same commits as the local path (documents in order, a commit every
        COMMIT_EVERY_CHUNKS chunks; ``manifests``: the one of every commit but the last, and the
        last's), with chunks and vectors from ``self.ingest``."""
        interim, manifest = manifests
        writer.progress(documents_total=len(todo))
        t = time.perf_counter()
        self.ingest.start()  # before the bar and the clock, as the local path loads its model
        report.load_seconds = time.perf_counter() - t
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(todo), desc="chunking + embedding on Ray", unit="doc", smoothing=0.1,
                       dynamic_ncols=True)
        t = time.perf_counter()
        batch: list[tuple[Document, list[Chunk]]] = []
        vectors: list[np.ndarray] = []
        pending_remove, n, docs_done, chunks_done, shown = remove, 0, 0, 0, 0.0
        indexed = self.store.document_hashes()
        try:
            for doc, chunks, vecs in self.ingest.run(todo, self.embedder, self.settings):
                batch.append((doc, chunks))
                vectors.append(vecs)
                n += len(chunks)
                chunks_done += len(chunks)
                if time.perf_counter() - shown > 0.5:  # readers' status file: twice a second is plenty
                    writer.progress(chunks_done=chunks_done)
                    shown = time.perf_counter()
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(chunks=chunks_done, refresh=False)
                last = docs_done + len(batch) == len(todo)
                if n >= COMMIT_EVERY_CHUNKS or last:
                    self.store.commit(manifest if last else interim, [*pending_remove, *_replaced(batch, indexed)],
                                      batch, np.concatenate(vectors))
                    report.chunks_embedded += n
                    docs_done += len(batch)
                    writer.progress(documents_done=docs_done, chunks_done=chunks_done)
                    batch, vectors, pending_remove, n = [], [], [], 0
        finally:
            if bar is not None:
                bar.close()
            report.embed_seconds = time.perf_counter() - t
