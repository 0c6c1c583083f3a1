"""The chunk store (SQLite rows + vector index, rag.store.Store) passes its conformance suite,
and retrieval in every mode passes its own, with the fake embedder (no model loaded)."""
from __future__ import annotations

from rag import Assistant
from rag.store import Store
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
    check_retrieval(a, ["Which frigate sailed from Oslo?", "treaty Tokyo", "nothing matches zzzz frigate"])


def test_assistant_takes_a_store_injected(tmp_path):
    store = Store(tmp_path / "elsewhere")
    a = Assistant(store=store, embedder=FakeEmbedder())
    a.add_documents([Document(doc_id="x.txt", text="The frigate sailed from Oslo in May.")])
    assert a.index_dir == tmp_path / "elsewhere" and store.n_chunks() == 1
    assert a.retrieve("frigate Oslo", k=1)[0].doc_id == "x.txt"
