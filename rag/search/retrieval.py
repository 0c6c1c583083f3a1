"""Retrieval over chunks: every ranker (rag.search.rankers) alone, or all of them fused by weighted
reciprocal rank ("hybrid")."""
from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from rag.storage.chunk_store import ChunkStore
from rag.embedding.sentence_transformer import BatchEmbedder
from rag.errors import RagError
from rag.search.rankers import CANDIDATES, Ranker, Rows
from rag.types import Passage, location_at, marks_within, page_number

HYBRID = "hybrid"
RRF_K = 60  # the constant of Cormack et al.; ranks beyond a few dozen barely matter


@dataclass(frozen=True)
class FusionWeights:
    """Each ranker's weight in the fusion, by name; rankers not named here weigh 1."""

    dense: float = 1.0
    bm25: float = 1.0

    def of(self, ranker: str) -> float:
        return float(getattr(self, ranker, 1.0))


def modes(rankers: list[str] | None = None) -> tuple[str, ...]:
    """Retrieval modes: hybrid first, then each ranker (default: the registered ones)."""
    from rag import registry

    return (HYBRID, *(rankers if rankers is not None else registry.ranker_names()))


def fuse(rankings: list[tuple[float, np.ndarray]], n: int, k: int = RRF_K) -> tuple[np.ndarray, np.ndarray]:
    """Weighted reciprocal rank fusion of any number of rankings ((weight, row positions best
    first), ...): each position scores sum(weight / (k + rank)); the n best, best first. Ties
    keep the order in which positions were first ranked."""
    fused: dict[int, float] = {}
    for weight, positions in rankings:
        for rank, p in enumerate(np.asarray(positions).tolist(), 1):
            fused[p] = fused.get(p, 0.0) + weight / (k + rank)
    order = sorted(fused.items(), key=lambda kv: -kv[1])[:n]
    return (np.asarray([p for p, _ in order], dtype=np.int64),
            np.asarray([s for _, s in order], dtype=np.float32))


def within(rows: Rows, pos: np.ndarray, scores: np.ndarray, documents: set[str]) -> tuple[np.ndarray, np.ndarray]:
    """The ranking of the rows of ``documents`` only: those ranked, in their order, then any the
    rankers left out, in document order (scoring 0)."""
    ranked = pos.tolist()
    mine = [i for i, p in enumerate(ranked) if rows.rows[p].doc_id in documents]
    seen = set(ranked)
    unranked = [p for p, row in enumerate(rows.rows) if row.doc_id in documents and p not in seen]
    return (np.asarray([ranked[i] for i in mine] + unranked, dtype=np.int64),
            np.asarray([float(scores[i]) for i in mine] + [0.0] * len(unranked), dtype=np.float32))


class Retriever:
    """Cheap to construct; chunk rows (and what each ranker builds from them) load on first use
    and reload when the store's generation changes (so an update is never served stale)."""

    def __init__(self, store: ChunkStore, embedder: BatchEmbedder, weights: FusionWeights | None = None,
                 rankers: list[Ranker] | None = None) -> None:
        """``rankers``: default, every registered one (rag.registry.rankers)."""
        from rag import registry

        self.store = store
        self.embedder = embedder
        self.weights = weights or FusionWeights()
        self.rankers = {r.name: r for r in (rankers if rankers is not None else registry.rankers())}
        if not self.rankers or HYBRID in self.rankers:
            raise RagError(f"retrieval needs at least one ranker, none named {HYBRID!r} (the fusion of them all)")
        self._lock = threading.Lock()
        self._rows: Rows | None = None

    @property
    def modes(self) -> tuple[str, ...]:
        return modes(list(self.rankers))

    def load(self) -> None:
        """Read the chunk rows, the vector index and the rankers' indexes now, and load the embedder."""
        self._refresh()
        self.store.vectors
        self.embedder.load()

    def _refresh(self) -> Rows:
        with self._lock:
            current = self._rows
            if current is not None and current.generation == self.store.generation:
                return current
            with self.store.reading():
                generation = self.store.generation
                chunks = self.store.chunks()
                titles = self.store.titles()
            rows = Rows(self.store, self.embedder, generation, chunks, titles,
                        {r.chunk_id: i for i, r in enumerate(chunks)})
            for ranker in self.rankers.values():
                ranker.refresh(rows)
            self._rows = rows
            return rows

    def _hybrid(self, question: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        depth = max(n, CANDIDATES)
        return fuse([(self.weights.of(name), ranker.rank(question, depth)[0])
                     for name, ranker in self.rankers.items()], n)

    def retrieve(self, question: str, k: int = 5, mode: str = HYBRID,
                 documents: Collection[str] = ()) -> list[Passage]:
        """The k best passages; with ``documents`` (ids: those a question points at), of those
        documents only."""
        if mode not in self.modes:
            raise RagError(f"unknown retriever {mode!r} (choose from {', '.join(self.modes)})")
        if k < 1:
            raise RagError("k must be at least 1")
        rows = self._refresh()
        depth = max(k, CANDIDATES) if documents else k
        pos, scores = self._hybrid(question, depth) if mode == HYBRID else self.rankers[mode].rank(question, depth)
        if documents:
            pos, scores = within(rows, pos, scores, set(documents))
        passages: list[Passage] = []
        where: dict[str, tuple[tuple[int, ...], tuple[tuple[int, str], ...]]] = {}  # pages, location marks
        for rank, (p, score) in enumerate(zip(pos.tolist()[:k], scores.tolist()[:k]), 1):
            row = rows.rows[p]
            if row.doc_id not in where:
                doc = self.store.document(row.doc_id)
                where[row.doc_id] = (doc.page_starts, doc.location_marks()) if doc else ((), ())
            pages, marks = where[row.doc_id]
            passages.append(Passage(doc_id=row.doc_id, start=row.start, end=row.end, text=row.text,
                                    score=float(score), rank=rank, chunk_id=row.chunk_id,
                                    title=rows.titles.get(row.doc_id, ""), page=page_number(pages, row.start),
                                    location=location_at(marks, row.start),
                                    marks=marks_within(marks, row.start, row.end)))
        return passages
