"""The vector index protocol: how the store and the retriever hold and search chunk vectors.

Implementations are found through the ``rag.vector_indexes`` entry points (rag.registry), ours
and third-party ones alike; each passes ``rag.testing.vector_indexes.check_vector_index``.
Vectors are L2-normalised float32, so the score is the inner product (cosine).

Two optional hooks, for an index kept outside the index folder (``milvus``): a classmethod
``configured(argument)`` makes ``NAME:ARGUMENT`` (``--vector-index milvus:URI``) a class bound to
it, whose ``name`` the manifest records; ``place(folder)`` tells a new instance the index folder
(relative locations resolve there; ``load`` learns it from the path)."""
from __future__ import annotations

import math
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

import numpy as np

EXACT_ALWAYS = math.inf


@runtime_checkable
class VectorIndex(Protocol):
    """Vectors keyed by int64 chunk ids that stay what they were given as, across removes."""

    name: ClassVar[str]  # the registered name, recorded in the index's manifest
    # Results are exact while the index holds fewer vectors than this (EXACT_ALWAYS for an exact
    # index, 0 for one approximate at any size): the conformance suite checks recall above it.
    exact_below: ClassVar[float]
    dimension: int

    def __init__(self, dimension: int) -> None: ...

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add ``vectors`` (n, dimension) under ``ids`` (n,), ids not already present."""

    def remove(self, ids: np.ndarray) -> int:
        """Remove the vectors of ``ids`` (unknown ids are ignored); returns how many were removed."""

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each (n_queries, min(k, count())), best first. An approximate index
        may find fewer: those places hold id -1."""

    def count(self) -> int:
        """How many vectors are stored."""

    def ids(self) -> np.ndarray:
        """Every stored id (int64, any order)."""

    def save(self, path: Path) -> None:
        """Write the whole index to one file at ``path`` (the store makes it atomic)."""

    @classmethod
    def load(cls, path: Path) -> "VectorIndex":
        """Read an index ``save`` wrote; a missing file raises FileNotFoundError."""


def as_ids(ids: object) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(ids, dtype=np.int64).reshape(-1))


def as_vectors(vectors: object, dimension: int) -> np.ndarray:
    """float32, C-contiguous, (n, dimension): what FAISS needs, checked so a wrong shape is a
    clear error rather than a crash inside C++."""
    array = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32))
    if array.ndim == 1 and array.size == 0:
        array = array.reshape(0, dimension)
    if array.ndim != 2 or array.shape[1] != dimension:
        raise ValueError(f"vectors of shape {array.shape}, expected (n, {dimension})")
    return array


def as_added(ids: object, vectors: object, dimension: int) -> tuple[np.ndarray, np.ndarray]:
    """(ids, vectors) for ``add``, checked: as many ids as vectors, of the index's dimension."""
    ids, vectors = as_ids(ids), as_vectors(vectors, dimension)
    if len(ids) != len(vectors):
        raise ValueError(f"{len(ids)} ids but {len(vectors)} vectors")
    return ids, vectors


def empty_result(n_queries: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((n_queries, 0), dtype=np.float32), np.zeros((n_queries, 0), dtype=np.int64)


def require_file(path: Path) -> None:
    if not Path(path).is_file():
        raise FileNotFoundError(f"no vector index file {path}")
