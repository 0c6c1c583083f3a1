"""The chunk store (SQLite rows + vector index, rag.storage.store.Store) passes its conformance suite,
and retrieval in every mode passes its own (with a ranker of one's own too), with the fake
embedder (no model loaded)."""
from __future__ import annotations

import numpy as np
import pytest

from rag import Assistant, registry
from rag.errors import RagError
from rag.storage.store import Store
from rag.testing.chunk_stores import check_chunk_store
from rag.testing.fake_embedder import FakeEmbedder
from rag.testing.retrievers import check_retrieval
from rag.types import Document


def test_store_conforms(tmp_path):
    check_chunk_store(lambda folder: Store(folder), tmp_path / "idx")


def test_retrieval_conforms(tmp_path):
    a = Assistant(tmp_path / "idx", embedder=FakeEmbedder())
    a.add_documents([Document(doc_id=f"d{i}.txt", title=f"Note {i}",
                              text=f"Note {i}. The frigate {i} sailed from Oslo. " * 3 + "Tokyo signed a treaty.")
                     for i in range(6)])
    assert a.retrievers == ("hybrid", *registry.ranker_names())  # every registered ranker is checked
    check_retrieval(a, ["Which frigate sailed from Oslo?", "treaty Tokyo", "nothing matches zzzz frigate"])


def test_assistant_takes_a_store_injected(tmp_path):
    store = Store(tmp_path / "elsewhere")
    a = Assistant(store=store, embedder=FakeEmbedder())
    a.add_documents([Document(doc_id="x.txt", text="The frigate sailed from Oslo in May.")])
    assert a.index_dir == tmp_path / "elsewhere" and store.n_chunks() == 1
    assert a.retrieve("frigate Oslo", k=1)[0].doc_id == "x.txt"


class TitleRanker:
    """A ranker of one's own: chunks whose document title shares words with the question."""

    name = "title"

    def refresh(self, rows):
        self.words = [set(rows.titles.get(r.doc_id, "").lower().split()) for r in rows.rows]

    def rank(self, question, n):
        asked = set(question.lower().replace("?", "").split())
        scores = np.asarray([len(asked & w) for w in self.words], dtype=np.float32)
        top = np.lexsort((np.arange(len(scores)), -scores))[:n]
        top = top[scores[top] > 0]
        return top, scores[top]


def test_a_ranker_of_ones_own_is_a_mode_and_joins_the_fusion(tmp_path):
    from rag.search.rankers import Bm25Ranker, DenseRanker

    a = Assistant(tmp_path / "idx", embedder=FakeEmbedder(), rankers=[DenseRanker(), Bm25Ranker(), TitleRanker()])
    a.add_documents([Document(doc_id=f"d{i}.txt", title=f"Harbour log {i}" if i == 4 else f"Note {i}",
                              text=f"The frigate {i} sailed from Oslo. Tokyo signed a treaty.") for i in range(6)])
    assert a.retrievers == ("hybrid", "dense", "bm25", "title")
    check_retrieval(a, ["Which frigate sailed from Oslo, says the note?", "harbour log frigate"])
    assert [p.doc_id for p in a.retrieve("harbour log", k=1, retriever="title")] == ["d4.txt"]
    plain = Assistant(tmp_path / "idx", embedder=FakeEmbedder())
    assert plain.retrievers == ("hybrid", "dense", "bm25")
    # Hybrid fuses the title ranker too: its first place adds 1 / (60 + 1) to d4's fused score.
    question = "harbour log: which frigate sailed?"
    fused, without = a.retrieve(question, k=1)[0], plain.retrieve(question, k=1)[0]
    assert fused.doc_id == without.doc_id == "d4.txt"
    assert fused.score == pytest.approx(without.score + 1 / 61)
    with pytest.raises(RagError, match="unknown retriever 'title'"):
        plain.retrieve("harbour log", retriever="title")
