"""What a vector index must do for the store and the retriever to be right with it.

``check_vector_index(MyIndex)`` runs every check on fresh indexes made by ``MyIndex(dimension)``;
it needs no model. An index declares how far it is exact (``exact_below``): below that its
results must equal brute force, above it recall@10 against brute force must reach ``min_recall``
on a clustered set (random unit vectors would be the easy case for exact search and the hard,
unrealistic one for an approximate index)."""
from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

DIM = 32
RECALL_QUERIES = 200


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def clustered(n: int, dim: int, seed: int, clusters: int = 64, latent: int | None = None,
              spread: float = 1.0, noise: float = 0.05) -> np.ndarray:
    """Unit vectors clustered as sentence embeddings are: a Gaussian mixture (``clusters``
    topics, each point ``spread`` from its topic's centre) in a ``latent``-dimensional space
    (embeddings have a low intrinsic dimension), mapped into ``dim`` dimensions by a fixed random
    linear map, plus a little isotropic ``noise``; seeded, and made block by block so a million
    vectors need no more memory than the result."""
    latent = latent or max(4, dim // 6)
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, latent))
    basis = rng.standard_normal((latent, dim)) / math.sqrt(latent)
    out = np.empty((n, dim), dtype=np.float32)
    for lo in range(0, n, 100_000):
        m = min(100_000, n - lo)
        z = centres[rng.integers(0, clusters, m)] + spread * rng.standard_normal((m, latent))
        out[lo:lo + m] = unit(z @ basis + noise * rng.standard_normal((m, dim)))
    return out


def brute_force(data: np.ndarray, ids: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    scores = queries @ data.T
    k = min(k, len(data))
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    top = np.take_along_axis(part, order, axis=1)
    return np.take_along_axis(scores, top, axis=1), ids[top]


def _round_trip(index, cls):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vectors.bin"
        index.save(path)
        return cls.load(path)


def check_empty(cls: Callable) -> None:
    index = cls(DIM)
    assert index.dimension == DIM and index.count() == 0 and len(index.ids()) == 0
    scores, ids = index.search(unit(np.ones((3, DIM))), 10)
    assert scores.shape == ids.shape == (3, 0), "an empty index finds nothing, without an error"
    assert index.remove(np.asarray([1, 2])) == 0
    index.add(np.zeros(0, dtype=np.int64), np.zeros((0, DIM), dtype=np.float32))
    loaded = _round_trip(index, type(index))
    assert loaded.count() == 0 and loaded.dimension == DIM


def check_add_remove_search(cls: Callable) -> None:
    rng = np.random.default_rng(7)
    data = unit(rng.standard_normal((300, DIM)))
    ids = np.arange(300, dtype=np.int64) * 3 + 1000  # not 0..n-1: ids are the caller's, not positions
    index = cls(DIM)
    index.add(ids[:200], data[:200])
    index.add(ids[200:], data[200:])
    assert index.count() == 300 and sorted(index.ids().tolist()) == ids.tolist()

    scores, found = index.search(data[:20], 1)
    assert found.shape == scores.shape == (20, 1) and found.dtype == np.int64
    assert found[:, 0].tolist() == ids[:20].tolist(), "a stored vector finds itself first"
    assert np.allclose(scores[:, 0], 1.0, atol=1e-2)

    gone = ids[::3]
    assert index.remove(gone) == len(gone) and index.count() == 300 - len(gone)
    assert index.remove(gone) == 0, "removing again removes nothing"
    kept = np.setdiff1d(ids, gone)
    assert sorted(index.ids().tolist()) == kept.tolist(), "the other ids stay as they were"
    _, found = index.search(data, 10)
    assert not set(found.ravel().tolist()) & set(gone.tolist()), "a removed id is never returned"
    keep_rows = np.flatnonzero(np.isin(ids, kept))[:20]
    _, first = index.search(data[keep_rows], 1)
    assert first[:, 0].tolist() == ids[keep_rows].tolist(), "ids stay stable across removes"

    more = unit(rng.standard_normal((10, DIM)))
    index.add(np.arange(10, dtype=np.int64) + 5000, more)
    _, first = index.search(more, 1)
    assert first[:, 0].tolist() == list(range(5000, 5010)), "adds after removes keep their own ids"

    loaded = _round_trip(index, type(index))
    assert sorted(loaded.ids().tolist()) == sorted(index.ids().tolist())
    a, b = index.search(data[:30], 5), loaded.search(data[:30], 5)
    assert np.array_equal(a[1], b[1]) and np.allclose(a[0], b[0]), "save/load gives the same results"


def check_k_beyond_count(cls: Callable) -> None:
    data = unit(np.random.default_rng(3).standard_normal((5, DIM)))
    index = cls(DIM)
    index.add(np.asarray([10, 11, 12, 13, 14]), data)
    scores, ids = index.search(data[:2], 50)
    assert ids.shape == scores.shape == (2, 5), "k beyond the count gives count results"
    assert set(ids[0].tolist()) <= {10, 11, 12, 13, 14, -1} and ids[0][0] == 10


def check_exact(cls: Callable) -> None:
    rng = np.random.default_rng(11)
    both = clustered(2050, DIM, seed=11)
    data, queries = both[:2000], both[2000:]
    ids = rng.permutation(10_000)[:2000].astype(np.int64)
    index = cls(DIM)
    if index.exact_below <= len(data):
        return
    index.add(ids, data)
    want_scores, want_ids = brute_force(data, ids, queries, 10)
    scores, found = index.search(queries, 10)
    assert np.allclose(scores, want_scores, atol=1e-4), "exact scores"
    same = (found == want_ids) | np.isclose(scores, want_scores, atol=1e-6)  # ties may swap
    assert same.all(), "exact results equal brute force"


def check_recall(cls: Callable, min_recall: float) -> None:
    index = cls(DIM)
    if math.isinf(index.exact_below):
        return
    n = int(index.exact_below) + 5000
    both = clustered(n + RECALL_QUERIES, DIM, seed=21)  # queries from the same mixture
    data, queries = both[:n], both[n:]
    ids = np.arange(n, dtype=np.int64) * 2 + 7
    for lo in range(0, n, 4096):  # as the store adds: commit by commit
        index.add(ids[lo:lo + 4096], data[lo:lo + 4096])
    assert index.count() == n
    _, want = brute_force(data, ids, queries, 10)
    _, found = index.search(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found.tolist(), want.tolist())])
    assert recall >= min_recall, f"recall@10 {recall:.3f} against brute force, under {min_recall}"

    gone = ids[1::2]
    assert index.remove(gone) == len(gone)
    assert sorted(index.ids().tolist()) == ids[0::2].tolist(), "ids stay stable across removes"
    _, found = index.search(data[0:2000:100], 1)
    assert found[:, 0].tolist() == ids[0:2000:100].tolist(), "a kept vector still finds itself"
    loaded = _round_trip(index, type(index))
    assert np.array_equal(loaded.search(queries, 10)[1], index.search(queries, 10)[1])


def check_vector_index(cls: Callable, min_recall: float = 0.9) -> None:
    """Raises AssertionError naming the first broken promise."""
    assert isinstance(getattr(cls, "name", None), str) and cls.name, "an index names its kind (the manifest records it)"
    check_empty(cls)
    check_add_remove_search(cls)
    check_k_beyond_count(cls)
    check_exact(cls)
    check_recall(cls, min_recall)
