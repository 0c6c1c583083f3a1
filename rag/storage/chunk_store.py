"""The chunk store protocol: what the indexer, the retriever and the assistant need of an index
on disk. ``rag.storage.store.Store`` (SQLite rows + a vector index, atomic generations) is the one
implementation; ``rag.testing.chunk_stores.check_chunk_store`` is what another must pass."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from rag.types import Chunk, Document
from rag.storage.vector_indexes import VectorIndex


@runtime_checkable
class ChunkStore(Protocol):
    dir: Path

    # ---- the committed index (what readers see) ----
    def exists(self) -> bool: ...
    def require(self) -> None:
        """Raise a one-line error unless a committed, readable index is here."""
    def manifest(self) -> dict[str, object]: ...
    @property
    def generation(self) -> int:
        """Grows by one with every commit; a reader that saw another one reloads."""
    def chunks(self) -> list:
        """Every chunk row (chunk_id, doc_id, start, end, text), in chunk-id order."""
    def chunks_by_id(self, ids: list[int]) -> dict: ...
    def document(self, doc_id: str) -> Document | None: ...
    def documents(self) -> list: ...
    def document_hashes(self) -> dict[str, tuple[str, str]]: ...
    def titles(self) -> dict[str, str]: ...
    def page_starts(self, doc_id: str) -> tuple[int, ...]: ...
    def n_chunks(self) -> int: ...
    @property
    def vectors(self) -> VectorIndex:
        """The committed generation's vectors, keyed by chunk id."""
    def reading(self) -> threading.RLock:
        """Held while reading rows and vectors together, so a commit is never seen half-made."""
    def search_cache(self, generation: int) -> Path: ...

    # ---- writing (one writer at a time) ----
    def writing(self) -> AbstractContextManager[Iterator]: ...
    def commit(self, manifest: dict[str, object], remove: list[str],
               add: list[tuple[Document, list[Chunk]]], vectors: np.ndarray) -> None:
        """Remove documents and add documents with their chunks and vectors, all or nothing."""
    def clear(self) -> None: ...
