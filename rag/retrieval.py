"""Dense (the store's vector index), lexical (BM25) and hybrid (reciprocal rank fusion) retrieval over chunks."""
from __future__ import annotations

import json
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.embedding import Embedder
from rag.errors import RagError
from rag.chunk_store import ChunkStore
from rag.types import Passage, page_number

RETRIEVERS = ("hybrid", "dense", "bm25")
RRF_K = 60  # the constant of Cormack et al.; ranks beyond a few dozen barely matter
CANDIDATES = 100  # per retriever, before fusion
ROWS_FILE = "rows.json"  # in a saved BM25 index: how many chunk rows it was built from


@dataclass(frozen=True)
class FusionWeights:
    dense: float = 1.0
    bm25: float = 1.0


_TOKEN = re.compile(r"(?u)\b\w\w+\b")


class Lexical:
    """BM25 over chunk texts with their document title, stemmed (Snowball English)."""

    def __init__(self, texts: list[str] | None = None, k1: float = 1.2, b: float = 0.75, model=None) -> None:
        import bm25s

        self._bm25s = bm25s
        self._stemmer = _stemmer()
        if model is None:
            model = bm25s.BM25(k1=k1, b=b)
            model.index(self.tokenize(texts or []), show_progress=False)
        self.model = model

    @classmethod
    def cached(cls, texts: list[str], path: Path) -> "Lexical":
        """The BM25 index of ``texts`` saved at ``path`` by an earlier process, or built now and
        saved there (tokenizing a large corpus is most of a cold `rag ask`). ``path`` names one
        committed generation, whose rows never change; a cache that does not match is rebuilt."""
        import bm25s

        try:
            if json.loads((path / ROWS_FILE).read_text())["rows"] == len(texts):
                return cls(model=bm25s.BM25.load(str(path), mmap=False, show_progress=False))
        except (OSError, ValueError, KeyError):
            pass
        lexical = cls(texts)
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        try:  # written whole, then renamed: another reader sees all of it or nothing
            shutil.rmtree(tmp, ignore_errors=True)
            lexical.model.save(str(tmp), show_progress=False)
            (tmp / ROWS_FILE).write_text(json.dumps({"rows": len(texts)}))
            shutil.rmtree(path, ignore_errors=True)  # one that did not match
            os.replace(tmp, path)
        except OSError:  # a read-only index folder, or another process was first: no cache
            shutil.rmtree(tmp, ignore_errors=True)
        return lexical

    def tokenize(self, texts: list[str]) -> list[list[str]]:
        return self._bm25s.tokenize(texts, stopwords="en", stemmer=self._stemmer, return_ids=False,
                                    show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        tokens = self.tokenize([query])[0]
        return np.asarray(self.model.get_scores(tokens), dtype=np.float32)


def _stemmer():
    try:
        import Stemmer

        return Stemmer.Stemmer("english").stemWords
    except ImportError:  # stemming helps recall but is not required to work
        return None


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


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n best scores, best first, equal scores in position order (so the n best
    are always the start of the n + 1 best). Every score tied with the n-th is a candidate, except
    zeros, which BM25 leaves out anyway."""
    n = min(n, len(scores))
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    nth = np.partition(scores, len(scores) - n)[len(scores) - n]
    candidates = np.flatnonzero(scores >= nth) if nth > 0 else np.flatnonzero(scores > 0)
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:n]


class Retriever:
    """Cheap to construct; chunk rows and the BM25 index load on first use and reload when the
    store's generation changes (so an update is never served stale)."""

    def __init__(self, store: ChunkStore, embedder: Embedder, weights: FusionWeights | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.weights = weights or FusionWeights()
        self._lock = threading.Lock()
        self._generation = -1
        self._ids = np.zeros(0, dtype=np.int64)
        self._rows: list = []
        self._titles: dict[str, str] = {}
        self._pos: dict[int, int] = {}
        self._lexical: Lexical | None = None

    def load(self) -> None:
        """Read the chunk rows, the vector index and the BM25 index now, and load the embedder."""
        self._refresh()
        self.store.vectors
        self.embedder.load()

    def _refresh(self) -> None:
        with self._lock:
            generation = self.store.generation
            if generation == self._generation:
                return
            with self.store.reading():
                generation = self.store.generation
                rows = self.store.chunks()
                titles = self.store.titles()
            self._titles = titles
            self._rows = rows
            self._ids = np.asarray([r.chunk_id for r in rows], dtype=np.int64)
            self._pos = {r.chunk_id: i for i, r in enumerate(rows)}
            texts = [f"{self._titles.get(r.doc_id, '')}\n{r.text}" for r in rows]
            self._lexical = Lexical.cached(texts, self.store.search_cache(generation)) if texts else None
            self._generation = generation

    # Each ranker returns (row positions, scores), best first.
    def _dense(self, question: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        query = self.embedder.encode_cached([question])
        with self.store.reading():  # not while a commit in this process changes the vectors
            index = self.store.vectors
            if index.count() == 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            # At least CANDIDATES deep, then equal scores in row order: which of several tied
            # vectors a search returns is otherwise arbitrary, and k = 1 would not be the start
            # of k = 5.
            scores, ids = index.search(query, max(n, CANDIDATES))
        # Vectors of a generation committed by another process after our rows were read may
        # name chunks we do not have yet, and an approximate index may pad with id -1: skip
        # them (the next question reloads the rows).
        keep = np.asarray([int(i) in self._pos for i in ids[0]], dtype=bool)
        pos = np.asarray([self._pos[int(i)] for i in ids[0][keep]], dtype=np.int64)
        scores = scores[0][keep]
        order = np.lexsort((pos, -scores))[:n]
        return pos[order], scores[order]

    def _bm25(self, question: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        if self._lexical is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self._lexical.scores(question)
        top = _top(scores, n)
        top = top[scores[top] > 0]
        return top, scores[top]

    def _hybrid(self, question: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        depth = max(n, CANDIDATES)
        return fuse([(self.weights.dense, self._dense(question, depth)[0]),
                     (self.weights.bm25, self._bm25(question, depth)[0])], n)

    def retrieve(self, question: str, k: int = 5, mode: str = "hybrid") -> list[Passage]:
        if mode not in RETRIEVERS:
            raise RagError(f"unknown retriever {mode!r} (choose from {', '.join(RETRIEVERS)})")
        if k < 1:
            raise RagError("k must be at least 1")
        self._refresh()
        ranker = {"dense": self._dense, "bm25": self._bm25, "hybrid": self._hybrid}[mode]
        pos, scores = ranker(question, k)
        passages: list[Passage] = []
        page_cache: dict[str, tuple[int, ...]] = {}
        for rank, (p, score) in enumerate(zip(pos.tolist()[:k], scores.tolist()[:k]), 1):
            row = self._rows[p]
            if row.doc_id not in page_cache:
                page_cache[row.doc_id] = self.store.page_starts(row.doc_id)
            page = page_number(page_cache[row.doc_id], row.start)
            passages.append(Passage(doc_id=row.doc_id, start=row.start, end=row.end, text=row.text,
                                    score=float(score), rank=rank, chunk_id=row.chunk_id,
                                    title=self._titles.get(row.doc_id, ""), page=page))
        return passages
