"""The Milvus vector index on real Milvus Lite (no server): the conformance suite FAISS passes,
the store's generations over a live collection (a writer killed before its commit leaves the
last one whole), the same top-10 as exact FAISS on corpus/ and SciFact, and `rag index
--vector-index milvus:./m.db` then `rag ask` answering as the default path does."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag.errors import RagError
from rag.storage.store import Store
from rag.testing.vector_indexes import brute_force, check_vector_index, clustered
from rag.types import Chunk, Document
from tests.conftest import dataset

ROOT = Path(__file__).resolve().parent.parent
N_ABSTRACTS = 1000
DIM = 16
QUESTIONS = [
    "Which missile can Japan's F-35A fighters carry internally?",
    "When was the Japan–Norway memorandum on defence equipment signed?",
    "Who won the 2022 World Cup?",
    "What do 0-dimensional biomaterials lack?",
]

try:
    import milvus_lite  # noqa: F401
    import pymilvus  # noqa: F401
    MISSING = ""
except ImportError as exc:
    MISSING = f"{exc.name} is not installed: pip install -e '.[scale]' to run the Milvus tests"
pytestmark = pytest.mark.skipif(bool(MISSING), reason=MISSING or "pymilvus and milvus-lite are installed")


@pytest.fixture(autouse=True)
def close_milvus():
    """Milvus Lite runs inside this process, one server per file: stop them after each test."""
    yield
    from rag.storage.vector_indexes.milvus import close_all

    close_all()


def rag(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True, env=env,
                          timeout=600, cwd=cwd)


def recall_at_10(found: np.ndarray, want: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / want.shape[1] for a, b in zip(found.tolist(), want.tolist())]))


def test_conforms_on_milvus_lite(tmp_path):
    from rag.storage.vector_indexes.milvus import MilvusIndex

    check_vector_index(MilvusIndex.configured(str(tmp_path / "suite.db")))


def _docs(first: int, n: int) -> list[tuple[Document, list[Chunk]]]:
    out = []
    for i in range(first, first + n):
        doc = Document(doc_id=f"d{i:05d}", text=f"text {i}", title="")
        out.append((doc, [Chunk(doc.doc_id, 0, len(doc.text), doc.text, 2)]))
    return out


def _committed(store: Store, data: np.ndarray, queries: np.ndarray) -> None:
    """The store's vectors are exactly its chunk rows' (chunk id i holds data[i])."""
    ids = np.asarray([c.chunk_id for c in store.chunks()], dtype=np.int64)
    assert sorted(store.vectors.ids().tolist()) == ids.tolist() and store.vectors.count() == len(ids)
    want_scores, want = brute_force(data[ids], ids, queries, 10)
    scores, found = store.vectors.search(queries, 10)
    assert np.allclose(scores, want_scores, atol=1e-4) and recall_at_10(found, want) == 1.0


CRASHING_WRITER = """
import os, sys, numpy as np
from rag.storage.store import Store
from rag.types import Chunk, Document
from tests.test_milvus import _docs
data = np.load(sys.argv[2])
store = Store(sys.argv[1])
store._write_rows = lambda *a, **k: os._exit(9)  # killed after the vectors' changes, before SQLite's commit
store.commit({"embedder": "test-vectors", "dimension": %d}, [f"d{i:05d}" for i in range(1, 60)],
             _docs(400, 100), data[400:500])
""" % DIM


def test_store_generations_over_a_live_collection(tmp_path):
    both = clustered(520, DIM, seed=5)
    data, queries = both[:500], both[500:]
    index = tmp_path / "idx"
    store = Store(index, vector_index="milvus:./m.db")
    manifest = {"embedder": "test-vectors", "dimension": DIM}
    store.commit(manifest, [], _docs(0, 300), data[:300])
    assert store.manifest()["vector_index"] == "milvus:./m.db" and (index / "m.db").is_dir()
    pointer = json.loads((index / "vectors.1.faiss").read_text())
    assert pointer["uri"] == "./m.db" and pointer["version"] == 1 and pointer["count"] == 300
    store.commit(manifest, ["d00000"], _docs(300, 100), data[300:400])
    _committed(store, data, queries)

    # a writer killed between the collection's changes and SQLite's commit
    from rag.storage.vector_indexes.milvus import close_all

    store.close()
    close_all()  # Milvus Lite: one process at a time holds the file
    np.save(tmp_path / "data.npy", data)
    crash = subprocess.run([sys.executable, "-c", CRASHING_WRITER, str(index), str(tmp_path / "data.npy")],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert crash.returncode == 9, crash.stderr[-2000:]
    again = Store(index)
    assert again.generation == 2 and again.n_chunks() == 399
    _committed(again, data, queries)  # version 2 whole: neither the adds nor the removes show

    # the next writer clears what the killed one left, and commits on top
    again.commit(manifest, [f"d{i:05d}" for i in range(1, 60)], _docs(400, 100), data[400:500])
    _committed(again, data, queries)
    assert again.vectors.count() == 440
    kept = again.vectors._client.query(again.vectors._name, filter="id >= 0", output_fields=["count(*)"])
    assert kept[0]["count(*)"] == 440 + 59 + 1, "rows removed at versions 2 and 3 stay marked (readers of 2)"
    again.commit(manifest, ["d00100"], [], np.zeros((0, DIM), np.float32))
    kept = again.vectors._client.query(again.vectors._name, filter="id >= 0", output_fields=["count(*)"])
    assert kept[0]["count(*)"] == 439 + 59 + 1, "the next writer drops those removed before its version"

    # a relative Lite file follows the folder
    again.close()
    close_all()
    shutil.move(index, tmp_path / "moved")
    moved = Store(tmp_path / "moved")
    _committed(moved, data, queries)
    assert moved.vector_index_name() == "milvus:./m.db"


def test_rebuild_drops_the_old_collection(tmp_path):
    data = clustered(100, DIM, seed=6)
    store = Store(tmp_path / "idx", vector_index="milvus:./m.db")
    manifest = {"embedder": "test-vectors", "dimension": DIM}
    store.commit(manifest, [], _docs(0, 100), data)
    name = store.vectors._name
    store.clear()
    store.commit(manifest, [], _docs(0, 50), data[:50])
    assert store.vectors._name == name and store.vectors.count() == 50
    assert store.vectors._client.list_collections() == [name], "one collection per index folder"


def test_errors_are_one_line(tmp_path):
    from rag import registry

    with pytest.raises(RagError, match=r"a Milvus Lite file name ends in \.db"):
        registry.load("vector_index", "milvus:./m.sqlite")
    with pytest.raises(RagError, match="takes no argument"):
        registry.load("vector_index", "flat:./x")
    store = Store(tmp_path / "idx", vector_index="milvus:http://127.0.0.1:9")
    with pytest.raises(RagError, match=r"^cannot open the Milvus server http://127\.0\.0\.1:9: [^\n]*$"):
        store.commit({"embedder": "test-vectors", "dimension": DIM}, [], _docs(0, 3), clustered(3, DIM, seed=1))
    r = rag("index", str(ROOT / "corpus"), "--vector-index", "nope:x", "--index", str(tmp_path / "i"))
    assert r.returncode == 2 and "invalid choice: 'nope:x'" in r.stderr


def test_a_lite_file_open_in_another_process_is_a_one_line_error(tmp_path):
    db = tmp_path / "held.db"
    holder = subprocess.Popen([sys.executable, "-c", "import sys; from rag.storage.vector_indexes.milvus import client; "
                               f"client({str(db)!r}); print('held', flush=True); sys.stdin.read()"],
                              cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        from rag.storage.vector_indexes.milvus import MilvusIndex

        with pytest.raises(RagError, match=r"^the Milvus Lite file .*held\.db is open in another process [^\n]*$"):
            MilvusIndex.configured(str(db))(DIM).add(np.asarray([1]), clustered(1, DIM, seed=1))
    finally:
        holder.stdin.close()
        assert holder.wait(timeout=60) == 0


def _same_top10(flat_store: Store, milvus_store: Store, queries: np.ndarray) -> float:
    flat_scores, want = flat_store.vectors.search(queries, 10)
    scores, found = milvus_store.vectors.search(queries, 10)
    assert np.allclose(scores, flat_scores, atol=1e-4)
    return recall_at_10(found, want)


@pytest.mark.slow
def test_same_top10_as_exact_faiss_on_corpus(tmp_path, corpus_copy):
    from rag import Assistant

    flat = Assistant.build([corpus_copy], index_dir=tmp_path / "flat", vector_index="flat")
    milvus = Assistant.build([corpus_copy], index_dir=tmp_path / "milvus", vector_index="milvus:./m.db")
    assert milvus.store.manifest()["vector_index"] == "milvus:./m.db"
    chunks = [c.text for c in flat.store.chunks()]
    queries = flat.embedder.encode(QUESTIONS + chunks[::7])
    assert _same_top10(flat.store, milvus.store, queries) >= 0.99
    for q in QUESTIONS:
        a, b = flat.retrieve(q, k=10, retriever="dense"), milvus.retrieve(q, k=10, retriever="dense")
        assert [(p.doc_id, p.start, p.end) for p in a] == [(p.doc_id, p.start, p.end) for p in b]


@pytest.mark.slow
def test_same_top10_as_exact_faiss_on_scifact(tmp_path):
    """The first 1,000 abstracts, embedded once: their vectors go into Milvus under the same ids."""
    from rag import Assistant
    from rag.storage.vector_indexes.flat import flat_contents
    from rag.storage.vector_indexes.milvus import MilvusIndex

    corpus, queries_file = dataset("scifact", "corpus.jsonl"), dataset("scifact", "queries.jsonl")
    lines = corpus.read_text(encoding="utf-8").splitlines()[:N_ABSTRACTS]
    (tmp_path / "scifact.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    flat = Assistant.build([tmp_path / "scifact.jsonl"], index_dir=tmp_path / "flat", vector_index="flat")
    ids, vectors = flat_contents(flat.store.vectors._index)
    index = MilvusIndex.configured(str(tmp_path / "scifact.db"))(vectors.shape[1])
    index.add(ids, vectors)
    questions = [json.loads(line)["text"] for line in queries_file.read_text().splitlines()][:300]
    queries = flat.embedder.encode(questions)
    want_scores, want = flat.store.vectors.search(queries, 10)
    scores, found = index.search(queries, 10)
    assert np.allclose(scores, want_scores, atol=1e-4)
    assert recall_at_10(found, want) >= 0.99


@pytest.mark.slow
def test_cli_milvus_lite_answers_as_the_default_path(tmp_path, corpus_copy):
    default, milvus = tmp_path / "default", tmp_path / "milvus"
    for args in (["--index", str(default)], ["--vector-index", "milvus:./m.db", "--index", str(milvus)]):
        r = rag("index", str(corpus_copy), *args)
        assert r.returncode == 0, r.stderr[-2000:]
    assert (milvus / "m.db").is_dir()
    for question in QUESTIONS:
        a, b = (rag("ask", question, "--index", str(i), "--json") for i in (default, milvus))
        assert a.returncode == b.returncode == 0, (a.stderr + b.stderr)[-2000:]
        want, got = json.loads(a.stdout), json.loads(b.stdout)
        assert got["answer"] == want["answer"] and got["citations"] == want["citations"], question
