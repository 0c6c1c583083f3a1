"""Every registered vector index passes the conformance suite; the store holds its vectors
through the protocol, records the kind in the manifest, keeps an existing index's kind, and
commits an approximate index's training like any other generation. No model is loaded."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from rag import registry
from rag.errors import RagError
from rag.storage.store import Store
from rag.testing.vector_indexes import check_vector_index, clustered
from rag.types import Chunk, Document
from rag.storage.vector_indexes import VectorIndex
from rag.storage.vector_indexes.flat import FlatIndex
from rag.storage.vector_indexes.ivf import IvfIndex

DIM = 16


@pytest.mark.parametrize("name", registry.names("vector_index"))
def test_registered_vector_index_conforms(name):
    cls = registry.load("vector_index", name)
    if hasattr(cls, "place"):
        pytest.skip(f"{name} keeps its vectors outside the index folder: tests/test_milvus.py runs the suite on Milvus Lite")
    check_vector_index(cls)
    assert isinstance(cls(DIM), VectorIndex) and cls.name == name


def test_registry_names_and_unknown_name():
    assert {"flat", "ivf", "ivf-fp16", "ivf-sq8"} <= set(registry.names("vector_index"))
    assert registry.DEFAULT_VECTOR_INDEX in registry.names("vector_index")
    with pytest.raises(RagError, match=r"unknown vector index 'nope' \(choose from flat, ivf"):
        registry.load("vector_index", "nope")


def _docs(first: int, n: int) -> list[tuple[Document, list[Chunk]]]:
    out = []
    for i in range(first, first + n):
        doc = Document(doc_id=f"d{i:05d}", text=f"text {i}", title="")
        out.append((doc, [Chunk(doc.doc_id, 0, len(doc.text), doc.text, 2)]))
    return out


def _manifest() -> dict[str, object]:
    return {"embedder": "test-vectors", "dimension": DIM}


class SmallIvf(IvfIndex):
    """The ivf index, trained from 600 vectors so that a test reaches it quickly."""

    train_at = 600


def test_store_records_the_kind_and_keeps_it(tmp_path):
    data = clustered(300, DIM, seed=1)
    store = Store(tmp_path / "idx", vector_index="flat")
    store.commit(_manifest(), [], _docs(0, 300), data)
    assert store.manifest()["vector_index"] == "flat" and type(store.vectors) is FlatIndex

    # another kind asked for later: the index keeps its own (the indexer rebuilds to change it)
    other = Store(tmp_path / "idx", vector_index="ivf-sq8")
    other.commit(_manifest() | {"vector_index": "ivf-sq8"}, ["d00000"], [], np.zeros((0, DIM), np.float32))
    assert other.manifest()["vector_index"] == "flat" and type(other.vectors) is FlatIndex
    assert sorted(other.vectors.ids().tolist()) == list(range(1, 300))

    # an index written before the manifest named its kind holds flat vectors
    other.conn.execute("DELETE FROM manifest WHERE key = 'vector_index'")
    assert Store(tmp_path / "idx").vector_index_name() == "flat"
    assert type(Store(tmp_path / "idx").vectors) is FlatIndex


def test_store_trains_an_approximate_index_in_a_commit(tmp_path):
    both = clustered(1050, DIM, seed=2)
    data, queries = both[:1000], both[1000:]
    store = Store(tmp_path / "idx", vector_index=SmallIvf)
    store.commit(_manifest(), [], _docs(0, 500), data[:500])  # exact: under train_at
    assert not store.vectors.trained
    store.commit(_manifest(), ["d00001"], _docs(500, 500), data[500:])  # reaches it: trains
    assert store.vectors.trained and store.manifest()["vector_index"] == "ivf"
    # two segments reached train_at: merged into one trained segment by a commit of its own
    assert store.generation == 3 and [p.name for p in (tmp_path / "idx").glob("vectors.*")] == ["vectors.3.json"]

    # a reader in another process loads the trained generation; ids are the chunk ids
    code = (f"import sys, json, numpy as np; from rag.storage.store import Store; s = Store({str(tmp_path / 'idx')!r}); "
            "v = s.vectors; print(json.dumps([type(v).__name__, v.trained, v.count(), sorted(v.ids().tolist()) == "
            "[c.chunk_id for c in s.chunks()]]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["IvfIndex", True, 999, True]
    scores, ids = Store(tmp_path / "idx").vectors.search(queries, 10)
    exact = np.argsort(-(queries @ np.delete(data, 1, axis=0).T), axis=1)[:, :10]
    rows = np.delete(np.arange(1000), 1)
    recall = np.mean([len(set(a) & set(rows[b].tolist())) / 10 for a, b in zip(ids.tolist(), exact)])
    assert recall >= 0.9


def test_cli_lists_vector_indexes():
    r = subprocess.run([sys.executable, "-m", "rag.cli", "index", "--help"], capture_output=True, text=True)
    assert "--vector-index {flat,ivf,ivf-fp16,ivf-sq8,milvus}[:URI]" in " ".join(r.stdout.split())


@pytest.mark.slow
def test_assistant_vector_index_choice(tmp_path, corpus_copy):
    from rag import Assistant

    index = tmp_path / "idx"
    built = Assistant.build([corpus_copy], index_dir=index, vector_index="flat")
    assert built.store.manifest()["vector_index"] == "flat"
    again = Assistant(index)  # keeps its kind
    assert again.add([corpus_copy]).chunks_embedded == 0 and again.store.manifest()["vector_index"] == "flat"
    question = "Which missile can Japan's F-35A fighters carry internally?"
    flat = [(p.doc_id, p.start) for p in again.retrieve(question, k=10, retriever="dense")]
    report = Assistant(index, vector_index="ivf").add([corpus_copy])  # another one: rebuilt, saying why
    ivf = Assistant.load(index)
    assert "vector_index" in report.rebuilt and ivf.store.manifest()["vector_index"] == "ivf"
    assert [(p.doc_id, p.start) for p in ivf.retrieve(question, k=10, retriever="dense")] == flat  # exact when small
    fresh = Assistant.build([corpus_copy], index_dir=tmp_path / "new")
    assert fresh.store.manifest()["vector_index"] == registry.DEFAULT_VECTOR_INDEX
