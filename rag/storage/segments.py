"""The vectors of one generation as immutable segments plus deletion marks (Lucene's design).

Why: rewriting every vector on every commit made a commit cost what the whole index costs (2.3
minutes per commit at 1M chunks). Now a commit writes one new segment holding only the vectors it
adds, and marks the ids it removes; the generation's manifest (``vectors.<gen>.json``) lists the
segment files and, for each, the ids deleted from it since it was written. Segments are shared
between generations, never rewritten; a reader loads the ones it has not loaded yet.

Each segment is an index of the store's kind (``flat``, ``ivf``, ...); a search asks every segment
and keeps the best ``k`` by score, so ``flat`` stays exact, and ``ivf`` is exact on its fresh
(untrained) segments and IVF on its trained ones.

Merges (``pick_merge``), each a commit of its own by the writer:
* tiered, as Lucene's TieredMergePolicy: segments are in tiers by size (under 1,000 vectors,
  under 10,000, ...); when a tier holds ``TIER_FACTOR`` segments they are merged into one, so a
  vector is rewritten about once per tier (log10 of the index size), not once per commit;
* an approximate kind trains when its fresh segments together reach the size at which the kind
  trains (``exact_below``: 100,000 for ``ivf``): they are merged into one trained segment, so as
  today no more than that many vectors are ever searched exactly;
* trained segments, and ``flat`` segments of ``MAX_MERGED`` vectors or more, are not merged again
  (decoding lossy codes and retraining, or rewriting gigabytes, is not worth it); their deleted
  vectors stay in their file and are skipped at load.
"""
from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field, replace

import numpy as np

from rag.storage.vector_indexes import VectorIndex, as_ids, as_vectors, empty_result

TIER_FACTOR = 10  # segments of one tier merged at once; tiers grow by the same factor
SMALLEST_TIER = 1_000  # tier 0: segments under this many vectors
MAX_MERGED = 1_000_000  # exact segments this large are left alone (1.5 GB of float32 at 384-d)


@dataclass
class SegmentEntry:
    """One segment as a generation's manifest lists it."""

    file: str  # the segment's file in the index folder
    count: int  # vectors written to it
    deleted: list[int] = field(default_factory=list)  # ids removed since, in the order removed
    min_id: int = 0
    max_id: int = -1

    @classmethod
    def parse(cls, raw: dict) -> "SegmentEntry":
        return cls(str(raw["file"]), int(raw["count"]), [int(i) for i in raw.get("deleted", [])],
                   int(raw.get("min_id", 0)), int(raw.get("max_id", 2**62)))

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "count": self.count, "deleted": self.deleted,
                "min_id": self.min_id, "max_id": self.max_id}


def segment_name(generation: int) -> str:
    """A new segment's file name: unique (generation numbers restart after a clear, and a reader
    keeps loaded segments by name)."""
    return f"segment.{generation}-{uuid.uuid4().hex[:12]}.faiss"


def new_entry(file: str, ids: np.ndarray) -> SegmentEntry:
    return SegmentEntry(file, len(ids), [], int(ids.min()) if len(ids) else 0, int(ids.max()) if len(ids) else -1)


def contents(index: VectorIndex) -> tuple[np.ndarray, np.ndarray] | None:
    """(ids, vectors) of a segment, exactly, or None when they cannot be read back exactly (a
    trained approximate index, an unknown kind): such a segment is not merged."""
    reader = getattr(index, "contents", None)
    return reader() if callable(reader) else None


class SegmentSet:
    """A generation's segments as one index: what ``Store.vectors`` returns when there are several
    (one alone is returned as itself). Read-only: the store changes segments through commits."""

    def __init__(self, kind: type[VectorIndex], dimension: int,
                 parts: list[tuple[SegmentEntry, VectorIndex]]) -> None:
        self.kind = kind
        self.name = kind.name
        self.dimension = int(dimension)
        self.parts = parts

    @property
    def exact_below(self) -> float:
        return min((float(index.exact_below) for _, index in self.parts), default=math.inf)

    @property
    def trained(self) -> bool:
        return any(bool(getattr(index, "trained", False)) for _, index in self.parts)

    def entries(self) -> list[SegmentEntry]:
        return [entry for entry, _ in self.parts]

    def count(self) -> int:
        return sum(index.count() for _, index in self.parts)

    def ids(self) -> np.ndarray:
        parts = [index.ids() for _, index in self.parts]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Every segment's best ``k``, the best ``k`` of those by score (ties: earlier segment)."""
        queries = as_vectors(queries, self.dimension)
        n = min(int(k), self.count())
        if n <= 0:
            return empty_result(len(queries))
        found = [index.search(queries, n) for _, index in self.parts if index.count()]
        scores = np.concatenate([s for s, _ in found], axis=1).astype(np.float32)
        ids = np.concatenate([i for _, i in found], axis=1).astype(np.int64)
        scores[ids < 0] = -np.inf
        order = np.argsort(-scores, axis=1, kind="stable")[:, :n]
        best_scores, best_ids = np.take_along_axis(scores, order, 1), np.take_along_axis(ids, order, 1)
        best_ids[~np.isfinite(best_scores)] = -1
        return best_scores, best_ids

    def without(self, ids: np.ndarray) -> "SegmentSet":
        """The next generation's set with ``ids`` removed: the loaded segments lose them in
        memory, their entries record them; segments left empty are dropped."""
        ids = as_ids(ids)
        parts: list[tuple[SegmentEntry, VectorIndex]] = []
        for entry, index in self.parts:
            mine = ids[(ids >= entry.min_id) & (ids <= entry.max_id)] if len(ids) else ids
            if len(mine):
                mine = mine[np.isin(mine, index.ids())]
            if len(mine):
                index.remove(mine)
                entry = replace(entry, deleted=entry.deleted + mine.tolist())
            if index.count():
                parts.append((entry, index))
        return SegmentSet(self.kind, self.dimension, parts)

    def plus(self, entry: SegmentEntry, index: VectorIndex) -> "SegmentSet":
        return SegmentSet(self.kind, self.dimension, [*self.parts, (entry, index)])

    def replacing(self, picked: list[int], entry: SegmentEntry | None, index: VectorIndex | None) -> "SegmentSet":
        """The set with the segments at ``picked`` replaced by one merged segment (in the place of
        the first of them, so that the order stays oldest first)."""
        parts = [p for i, p in enumerate(self.parts) if i not in picked or i == picked[0]]
        at = parts.index(self.parts[picked[0]])
        if entry is None or index is None:
            del parts[at]
        else:
            parts[at] = (entry, index)
        return SegmentSet(self.kind, self.dimension, parts)

    def merged_contents(self, picked: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The live (ids, vectors) of the segments at ``picked``, in segment order."""
        got = [contents(self.parts[i][1]) for i in picked]
        ids = [g[0] for g in got if g is not None]
        vectors = [g[1] for g in got if g is not None]
        if not ids:
            return np.zeros(0, np.int64), np.zeros((0, self.dimension), np.float32)
        return np.concatenate(ids), np.concatenate(vectors)


def _mergeable(index: VectorIndex) -> bool:
    return not getattr(index, "trained", False) and index.count() < MAX_MERGED and callable(
        getattr(index, "contents", None))


def pick_merge(segments: SegmentSet) -> list[int]:
    """Positions of the segments to merge next (empty: none are due). See the module's note."""
    fresh = [i for i, (_, index) in enumerate(segments.parts) if _mergeable(index)]
    train_at = min((float(index.exact_below) for _, index in segments.parts), default=math.inf)
    if len(fresh) > 1 and math.isfinite(train_at) and \
            sum(segments.parts[i][1].count() for i in fresh) >= train_at:
        return fresh  # an approximate kind: the fresh vectors are enough to train on
    tiers: dict[int, list[int]] = {}
    for i in fresh:
        size = segments.parts[i][1].count()
        tier = 0 if size < SMALLEST_TIER else 1 + int(math.log(size / SMALLEST_TIER, TIER_FACTOR))
        tiers.setdefault(tier, []).append(i)
    for tier in sorted(tiers):
        if len(tiers[tier]) >= TIER_FACTOR:
            return tiers[tier][:TIER_FACTOR]
    return []
