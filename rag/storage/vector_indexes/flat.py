"""The exact vector index: FAISS IndexFlatIP inside IndexIDMap2 (what the store always used).
Every search compares the query with every vector: exact, and linear in the index's size."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from rag.storage.vector_indexes import EXACT_ALWAYS, as_added, as_ids, as_vectors, empty_result, require_file


def new_flat(dimension: int):
    import faiss

    return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))


def flat_contents(index) -> tuple[np.ndarray, np.ndarray]:
    """(ids, vectors) of an IndexIDMap2 over a flat index, in storage order."""
    import faiss

    ids = faiss.vector_to_array(index.id_map).astype(np.int64)
    inner = faiss.downcast_index(index.index)
    vectors = inner.reconstruct_n(0, inner.ntotal) if inner.ntotal else np.zeros((0, index.d), np.float32)
    return ids, vectors


class FlatIndex:
    """Exact inner-product search; ids kept by IndexIDMap2, so they survive removes."""

    name = "flat"
    exact_below = EXACT_ALWAYS

    def __init__(self, dimension: int, _faiss=None) -> None:
        self.dimension = int(dimension)
        self._index = _faiss if _faiss is not None else new_flat(self.dimension)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids, vectors = as_added(ids, vectors, self.dimension)
        if len(ids):
            self._index.add_with_ids(vectors, ids)

    def remove(self, ids: np.ndarray) -> int:
        ids = as_ids(ids)
        return int(self._index.remove_ids(ids)) if len(ids) else 0

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = as_vectors(queries, self.dimension)
        n = min(int(k), self.count())
        if n <= 0:
            return empty_result(len(queries))
        return self._index.search(queries, n)

    def count(self) -> int:
        return int(self._index.ntotal)

    def ids(self) -> np.ndarray:
        import faiss

        return faiss.vector_to_array(self._index.id_map).astype(np.int64)

    def contents(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(ids, vectors), exactly as added: what a merge of segments reads back."""
        return flat_contents(self._index)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> "FlatIndex":
        import faiss

        require_file(path)
        index = faiss.read_index(str(path))
        if not isinstance(index, faiss.IndexIDMap2):
            raise ValueError(f"{path} is not a flat vector index ({type(index).__name__})")
        return cls(index.d, index)
