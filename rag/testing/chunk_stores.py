"""What a chunk store must do for the indexer and the retriever: commit documents with their
chunks and vectors as one step, keep chunk ids across removes, persist, and clear."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from rag.types import Chunk, Document

DIM = 16


def _doc(doc_id: str, sentences: int) -> tuple[Document, list[Chunk]]:
    text = " ".join(f"Sentence {i} of {doc_id}." for i in range(sentences))
    doc = Document(doc_id=doc_id, text=text, title=doc_id.upper())
    chunks, start = [], 0
    for i in range(sentences):
        piece = f"Sentence {i} of {doc_id}."
        start = text.index(piece, start)
        chunks.append(Chunk(doc_id=doc_id, start=start, end=start + len(piece), text=piece, n_tokens=5))
        start += len(piece)
    return doc, chunks


def _vectors(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def check_chunk_store(open_store: Callable[[Path], object], folder: Path) -> None:
    """``open_store(folder)`` opens (or creates) a store in ``folder``."""
    from rag.storage.chunk_store import ChunkStore

    manifest = {"embedder": "test", "dimension": DIM}
    store = open_store(folder)
    assert not store.exists() and store.n_chunks() == 0
    a, b = _doc("a.txt", 3), _doc("b.txt", 2)
    store.commit(manifest, [], [a, b], _vectors(5, 0))
    assert store.exists() and store.n_chunks() == 5 and store.generation == 1
    assert isinstance(store, ChunkStore), "the methods of rag.storage.chunk_store.ChunkStore"
    rows = store.chunks()
    assert [r.chunk_id for r in rows] == sorted(r.chunk_id for r in rows), "rows in chunk-id order"
    ids_b = [r.chunk_id for r in rows if r.doc_id == "b.txt"]
    for r in rows:
        assert store.document(r.doc_id).text[r.start:r.end] == r.text, "a chunk is an exact span"
    assert store.titles() == {"a.txt": "A.TXT", "b.txt": "B.TXT"}

    # removing and adding in one commit: b keeps its chunk ids, the new ids are new
    store.commit(manifest, ["a.txt"], [_doc("c.txt", 2)], _vectors(2, 1))
    assert store.generation == 2 and store.document("a.txt") is None
    rows = store.chunks()
    assert [r.chunk_id for r in rows if r.doc_id == "b.txt"] == ids_b, "ids are stable across removes"
    assert not set(r.chunk_id for r in rows if r.doc_id == "c.txt") & set(range(max(ids_b) + 1)), \
        "a removed document's ids are never given again"
    assert sorted(store.vectors.ids().tolist()) == sorted(r.chunk_id for r in rows), "rows and vectors agree"
    by_id = store.chunks_by_id([r.chunk_id for r in rows])
    assert sorted(by_id) == sorted(r.chunk_id for r in rows)

    # what was committed is there for a new reader
    again = open_store(folder)
    assert again.generation == 2 and [r.chunk_id for r in again.chunks()] == [r.chunk_id for r in rows]
    assert again.manifest()["embedder"] == "test"

    # a commit that fails changes nothing
    try:
        store.commit(manifest, ["b.txt"], [_doc("d.txt", 2)], _vectors(3, 2))  # 2 chunks, 3 vectors
    except ValueError:
        pass
    else:
        raise AssertionError("chunks and vectors of different counts are refused")
    assert open_store(folder).generation == 2 and open_store(folder).document("b.txt") is not None

    store.clear()
    assert not open_store(folder).exists() and open_store(folder).n_chunks() == 0
