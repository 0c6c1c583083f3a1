"""The approximate vector index: FAISS IVF (an inverted file over a trained k-means quantiser).

Why IVF rather than HNSW (measured in bench/vector_index.py, README "Vector index"): IVF removes
vectors by id in place (``remove_ids``) where FAISS HNSW cannot remove at all (it would need
tombstones and periodic rebuilds); it trains and adds a million vectors in about a minute on two
cores where HNSW takes many times longer to build; and its codes can be float32, float16 or 8-bit.

Small indexes gain nothing from it and k-means needs data to train on, so the index is exact (a
flat index, the same search as ``flat``) until an add brings it to ``train_at`` vectors; it then
trains its quantiser on everything it holds and moves it into the inverted lists, keeping the ids.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from rag.storage.vector_indexes import as_added, require_file
from rag.storage.vector_indexes.flat import FlatIndex, flat_contents

TRAIN_SEED = 1234


def n_lists(n: int) -> int:
    """Lists for ``n`` training vectors: the power of two at or below 4·√n (FAISS's rule of
    thumb), and no more than n / 39 (k-means wants at least 39 points per centroid)."""
    target = max(1.0, min(4 * math.sqrt(n), n / 39))
    return 2 ** int(math.floor(math.log2(target)))


class IvfIndex(FlatIndex):
    """IVF with float32 vectors in the lists (exact scores for the vectors it visits). Until it
    trains it is a flat index, and it shares the flat index's FAISS calls (remove, search, save)."""

    name = "ivf"
    encoding = "Flat"  # FAISS factory code of the vectors in the lists
    train_at = 100_000  # exact below this many vectors (bench/README.md: where flat search slows)
    nprobe = 32  # lists visited per query (bench/README.md: recall@10 ≥ 0.95 at 1M)
    max_train = 256  # training points per list at most (FAISS samples the same way)

    @property
    def exact_below(self) -> float:  # type: ignore[override]
        return self.train_at

    @property
    def trained(self) -> bool:
        import faiss

        return isinstance(self._index, faiss.IndexIVF)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids, vectors = as_added(ids, vectors, self.dimension)
        if not len(ids):
            return
        if not self.trained and self.count() + len(ids) >= self.train_at:
            held_ids, held = flat_contents(self._index)
            ids, vectors = np.concatenate([held_ids, ids]), np.concatenate([held, vectors])
            self._index = self._train(vectors)
        self._index.add_with_ids(vectors, ids)

    def _train(self, vectors: np.ndarray):
        import faiss

        lists = n_lists(len(vectors))
        index = faiss.index_factory(self.dimension, f"IVF{lists},{self.encoding}", faiss.METRIC_INNER_PRODUCT)
        sample = vectors
        if len(vectors) > self.max_train * lists:
            pick = np.random.default_rng(TRAIN_SEED).choice(len(vectors), self.max_train * lists, replace=False)
            sample = vectors[np.sort(pick)]
        index.cp.seed = TRAIN_SEED
        index.train(sample)
        index.nprobe = self.nprobe
        return index

    def contents(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Exact contents until trained; after, None (codes are not read back to merge)."""
        return None if self.trained else flat_contents(self._index)

    def ids(self) -> np.ndarray:
        import faiss

        if not self.trained:
            return faiss.vector_to_array(self._index.id_map).astype(np.int64)
        lists = self._index.invlists
        parts = [faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
                 for i in range(lists.nlist) if lists.list_size(i)]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    @classmethod
    def load(cls, path: Path) -> "IvfIndex":
        import faiss

        require_file(path)
        index = faiss.read_index(str(path))
        if isinstance(index, faiss.IndexIVF):
            index.nprobe = cls.nprobe
        elif not isinstance(index, faiss.IndexIDMap2):
            raise ValueError(f"{path} is not an IVF vector index ({type(index).__name__})")
        return cls(index.d, index)


class IvfFp16Index(IvfIndex):
    """IVF with float16 vectors: half the memory of ``ivf``."""

    name = "ivf-fp16"
    encoding = "SQfp16"


class IvfSq8Index(IvfIndex):
    """IVF with 8-bit scalar-quantised vectors: a quarter of the memory of ``ivf``."""

    name = "ivf-sq8"
    encoding = "SQ8"
