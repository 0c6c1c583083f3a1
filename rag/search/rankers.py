"""Rankers: each orders the chunk rows for a question, and the Retriever fuses them.

Built-ins (``dense``: the store's vector index; ``bm25``: lexical) and third-party rankers are
found the same way, through the ``rag.rankers`` entry-point group; ``Assistant(rankers=[...])``
takes instances. A ranker is cheap to construct; ``refresh`` hands it the rows of each new
store generation (build what you need from them then), ``rank`` answers one question."""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.search.lexicon import plain_words
from rag.storage.chunk_store import ChunkStore
from rag.embedding.sentence_transformer import BatchEmbedder

CANDIDATES = 100  # how deep a dense search looks, whatever n is (see DenseRanker.rank)
ROWS_FILE = "rows.json"  # in a saved BM25 index: how many chunk rows it was built from, and how
TOKENS = "plain"  # tokens of lexicon.plain_words (no accents; "US" for "U.S."); a cache tokenized otherwise is rebuilt


@dataclass
class Rows:
    """One generation of the store's chunk rows, as every ranker sees it; positions index ``rows``."""

    store: ChunkStore
    embedder: BatchEmbedder
    generation: int
    rows: list
    titles: dict[str, str]
    positions: dict[int, int]  # chunk id -> position in rows

    def texts(self) -> list[str]:
        """Each row's text under its document title: what lexical rankers index."""
        return [f"{self.titles.get(r.doc_id, '')}\n{r.text}" for r in self.rows]


class Ranker(Protocol):
    name: str

    def refresh(self, rows: Rows) -> None:
        """The store has a new generation: rank these rows from now on."""

    def rank(self, question: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """At most n (row positions, scores), best first; equal scores in position order, so the
        n best are the start of the n + 1 best."""


def _nothing() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)


class DenseRanker:
    """Cosine similarity of the question's embedding, searched in the store's vector index."""

    name = "dense"

    def __init__(self) -> None:
        self._rows: Rows | None = None

    def refresh(self, rows: Rows) -> None:
        self._rows = rows

    def rank(self, question: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        rows = self._rows
        if rows is None:
            return _nothing()
        query = rows.embedder.encode_cached([question])
        with rows.store.reading():  # not while a commit in this process changes the vectors
            index = rows.store.vectors
            if index.count() == 0:
                return _nothing()
            # At least CANDIDATES deep, then equal scores in row order: which of several tied
            # vectors a search returns is otherwise arbitrary, and k = 1 would not be the start
            # of k = 5.
            scores, ids = index.search(query, max(n, CANDIDATES))
        # Vectors of a generation committed by another process after our rows were read may
        # name chunks we do not have yet, and an approximate index may pad with id -1: skip
        # them (the next question reloads the rows).
        keep = np.asarray([int(i) in rows.positions for i in ids[0]], dtype=bool)
        pos = np.asarray([rows.positions[int(i)] for i in ids[0][keep]], dtype=np.int64)
        scores = scores[0][keep]
        order = np.lexsort((pos, -scores))[:n]
        return pos[order], scores[order]


class Bm25Ranker:
    """BM25 over each chunk under its document title (``Lexical``), saved per store generation."""

    name = "bm25"

    def __init__(self) -> None:
        self._lexical: Lexical | None = None

    def refresh(self, rows: Rows) -> None:
        texts = rows.texts()
        self._lexical = Lexical.cached(texts, rows.store.search_cache(rows.generation)) if texts else None

    def rank(self, question: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        if self._lexical is None:
            return _nothing()
        scores = self._lexical.scores(question)
        top = _top(scores, n)
        top = top[scores[top] > 0]
        return top, scores[top]


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
            if json.loads((path / ROWS_FILE).read_text()) == {"rows": len(texts), "tokens": TOKENS}:
                return cls(model=bm25s.BM25.load(str(path), mmap=False, show_progress=False))
        except (OSError, ValueError, KeyError):
            pass
        lexical = cls(texts)
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        try:  # written whole, then renamed: another reader sees all of it or nothing
            shutil.rmtree(tmp, ignore_errors=True)
            lexical.model.save(str(tmp), show_progress=False)
            (tmp / ROWS_FILE).write_text(json.dumps({"rows": len(texts), "tokens": TOKENS}))
            shutil.rmtree(path, ignore_errors=True)  # one that did not match
            os.replace(tmp, path)
        except OSError:  # a read-only index folder, or another process was first: no cache
            shutil.rmtree(tmp, ignore_errors=True)
        return lexical

    def tokenize(self, texts: list[str]) -> list[list[str]]:
        return self._bm25s.tokenize([plain_words(t) for t in texts], stopwords="en", stemmer=self._stemmer,
                                    return_ids=False, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        tokens = self.tokenize([query])[0]
        if not tokens:  # only stopwords ("such as?"): no word to match, every row scores 0
            return np.zeros(self.model.scores["num_docs"], dtype=np.float32)
        return np.asarray(self.model.get_scores(tokens), dtype=np.float32)


def _stemmer():
    try:
        import Stemmer

        return Stemmer.Stemmer("english").stemWords
    except ImportError:  # stemming helps recall but is not required to work
        return None


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


